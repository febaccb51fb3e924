//! dudect-style constant-time check of the core's Montgomery arithmetic **as WebAssembly**
//! (wasm32-wasip1, run under Node's WASI by `run.sh`), where `mont/wasm.rs` computes
//! products on 28-bit digits, with SIMD when the build enables `simd128`.
//!
//! `benches/examples/ct.rs` checks the native code with dudect-bencher, which does not build
//! for wasm32-wasip1 (its `ctrlc` dependency has no WASI port), so this program does the same
//! measurement itself: for each operation, `CT_SAMPLES` calls per class (default 100 000) in
//! random interleaved order, each timed with `std::time::Instant` (WASI's monotonic clock:
//! Node's `process.hrtime`, nanoseconds); Left = one fixed secret, Right = a fresh random
//! secret for every call, the public inputs the same. It then computes Welch's t on the raw
//! timings and on the timings below each of 100 percentiles of the pooled distribution (as
//! dudect does: a leak often shows only once the long tail of interruptions is cut) and
//! prints the largest |t| with the number of timings in that test. Pass: |t| < 5.
//!
//! Usage (see `run.sh`): `cognito-srp-wasm-ct [NAME...]`, NAME among `mont_mul`,
//! `mont_square`, `mont_pow`, `pow_two`, `pow_comb`, `pow_split` (all when none is given). `CT_SEED`
//! fixes the input generator's seed (printed either way).
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout, clippy::cast_precision_loss)]

use std::hint::black_box;
use std::time::Instant;

use cognito_srp_core::arith::Elem;

/// Which class a measurement belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// The fixed secret.
    Left,
    /// A fresh random secret each call.
    Right,
}

/// xorshift64*: inputs for a timing test, not secrets (seeded from `CT_SEED` or the clock).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let bytes = self.next().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }

    /// Random 384 bytes below N (N's top byte is 0xff).
    fn below_n(&mut self) -> [u8; 384] {
        let mut out = [0u8; 384];
        self.fill(&mut out);
        out[0] &= 0x7f;
        out
    }

    /// Exactly `n` of each class, shuffled (Fisher-Yates).
    fn classes(&mut self, n: usize) -> Vec<Class> {
        let mut out: Vec<Class> =
            (0..2 * n).map(|i| if i < n { Class::Left } else { Class::Right }).collect();
        for i in (1..out.len()).rev() {
            let j = usize::try_from(self.next() % (i as u64 + 1)).unwrap_or(0);
            out.swap(i, j);
        }
        out
    }

    /// Big-endian 64-byte exponents for the classes, the secret part being bytes `from..`:
    /// Left = its top bit and bit 0 set (every window but two is 0), Right = random bytes.
    fn exponents(&mut self, n: usize, from: usize) -> Vec<(Class, [u8; 64])> {
        let mut fixed = [0u8; 64];
        fixed[from] = 0x80;
        fixed[63] = 1;
        self.classes(n)
            .into_iter()
            .map(|class| match class {
                Class::Left => (class, fixed),
                Class::Right => {
                    let mut e = [0u8; 64];
                    self.fill(&mut e[from..]);
                    (class, e)
                }
            })
            .collect()
    }

    /// Secret elements for the classes: Left = `fixed`, Right = a fresh random one.
    fn elements(&mut self, n: usize, fixed: Elem) -> Vec<(Class, Elem)> {
        self.classes(n)
            .into_iter()
            .map(|class| match class {
                Class::Left => (class, fixed),
                Class::Right => (class, Elem::from_be_bytes(&self.below_n())),
            })
            .collect()
    }
}

/// Timings of the two classes, in nanoseconds.
#[derive(Default)]
struct Timings {
    left: Vec<u64>,
    right: Vec<u64>,
}

impl Timings {
    /// Times `f(input)` for each input, in the given order.
    fn measure<T, R>(inputs: Vec<(Class, T)>, mut f: impl FnMut(&T) -> R) -> Self {
        let mut out = Self::default();
        for (class, input) in &inputs {
            let start = Instant::now();
            black_box(f(black_box(input)));
            let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
            match class {
                Class::Left => out.left.push(ns),
                Class::Right => out.right.push(ns),
            }
        }
        out
    }

    /// The largest |t| over the raw timings and the 100 percentile crops, with the number of
    /// timings in that test.
    fn max_t(&self) -> (f64, usize) {
        let mut pooled: Vec<u64> = self.left.iter().chain(&self.right).copied().collect();
        pooled.sort_unstable();
        let mut best = (welch(&self.left, &self.right, u64::MAX), self.left.len() + self.right.len());
        for i in 0..100 {
            // dudect's crop points: 1 − 0.5^(10(i+1)/100), dense near the top of the distribution.
            let p = 1.0 - 0.5_f64.powf(10.0 * f64::from(i + 1) / 100.0);
            // p < 1, so the index is below the length; `as` saturates (no wrap) anyway.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let index = ((pooled.len() as f64 * p) as usize).min(pooled.len().saturating_sub(1));
            let cut = pooled.get(index).copied().unwrap_or(u64::MAX);
            let t = welch(&self.left, &self.right, cut);
            let n = self.left.iter().chain(&self.right).filter(|&&x| x < cut).count();
            if t.abs() > best.0.abs() && n > 1000 {
                best = (t, n);
            }
        }
        best
    }
}

/// Welch's t of the two samples' values below `cut` (0 when either has fewer than two).
fn welch(left: &[u64], right: &[u64], cut: u64) -> f64 {
    let stats = |xs: &[u64]| {
        let (mut n, mut mean, mut m2) = (0.0_f64, 0.0_f64, 0.0_f64);
        for &x in xs.iter().filter(|&&x| x < cut) {
            // Welford's running mean and variance.
            n += 1.0;
            let d = x as f64 - mean;
            mean += d / n;
            m2 += d * (x as f64 - mean);
        }
        (n, mean, if n > 1.0 { m2 / (n - 1.0) } else { 0.0 })
    };
    let ((n1, m1, v1), (n2, m2, v2)) = (stats(left), stats(right));
    let se = (v1 / n1 + v2 / n2).sqrt();
    if n1 < 2.0 || n2 < 2.0 || se == 0.0 { 0.0 } else { (m1 - m2) / se }
}

/// Runs one named check and prints its line.
fn run(name: &str, n: usize, rng: &mut Gen) -> Option<f64> {
    let zero = Elem::from_be_bytes(&[0u8; 384]);
    let started = Instant::now();
    let timings = match name {
        // One secret operand: Left = 0, Right = random; the other a fixed public value.
        "mont_mul" => {
            let public = Elem::from_be_bytes(&rng.below_n());
            Timings::measure(rng.elements(n, zero), |s| s.mul(&public))
        }
        // The square of a secret: Left = 0, Right = random.
        "mont_square" => Timings::measure(rng.elements(n, zero), Elem::square),
        // A public base to a secret 64-bit exponent: Left = 2^63 + 1, Right = random.
        "mont_pow" => {
            let base = Elem::from_be_bytes(&rng.below_n());
            Timings::measure(rng.exponents(n, 56), |e| base.pow(e, 64))
        }
        // g = 2 to a secret 256-bit exponent (no table): Left = 2^255 + 1, Right = random.
        "pow_two" => Timings::measure(rng.exponents(n, 32), |e| Elem::pow_two(e, 256)),
        // The comb of g = 2 (g^a, g^x without the table), secret 256-bit exponent: Left = 2^255 + 1.
        "pow_comb" => Timings::measure(rng.exponents(n, 32), |e| Elem::pow_two_comb(e, 256)),
        // A secret base to a fixed public 256-bit u with the verifier's powers: Left = 1.
        "pow_split" => {
            let mut u = [0u8; 32];
            rng.fill(&mut u);
            let mut one = [0u8; 384];
            one[383] = 1;
            Timings::measure(rng.elements(n, Elem::from_be_bytes(&one)), |b| b.pow_split_public(&u))
        }
        _ => {
            println!("unknown check {name}: mont_mul, mont_square, mont_pow, pow_two, pow_comb, pow_split");
            return None;
        }
    };
    let (t, tested) = timings.max_t();
    let median = |xs: &[u64]| {
        let mut v = xs.to_vec();
        v.sort_unstable();
        v.get(v.len() / 2).copied().unwrap_or(0)
    };
    println!(
        "{name:12} max t = {t:+7.2}  n = {tested:7}  medians {} / {} ns  ({:.0} s)  {}",
        median(&timings.left),
        median(&timings.right),
        started.elapsed().as_secs_f64(),
        if t.abs() < 5.0 { "no leak found" } else { "LEAK SUSPECTED" }
    );
    Some(t)
}

fn main() {
    let n: usize = std::env::var("CT_SAMPLES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let seed = std::env::var("CT_SEED")
        .ok()
        .and_then(|v| u64::from_str_radix(v.trim_start_matches("0x"), 16).ok())
        .unwrap_or_else(|| {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            u64::try_from(now.as_nanos() & u128::from(u64::MAX)).unwrap_or(1)
        })
        | 1;
    println!(
        "wasm32 constant-time check, {n} timings per class, seed {seed:#018x}, simd128 {}",
        if cfg!(target_feature = "simd128") { "on" } else { "off" }
    );
    let mut rng = Gen(seed);
    let all = ["mont_mul", "mont_square", "mont_pow", "pow_two", "pow_comb", "pow_split"];
    let names: Vec<String> = std::env::args().skip(1).collect();
    let names: Vec<&str> =
        if names.is_empty() { all.to_vec() } else { names.iter().map(String::as_str).collect() };
    let mut failed = false;
    for name in names {
        match run(name, n, &mut rng) {
            Some(t) if t.abs() < 5.0 => {}
            _ => failed = true,
        }
    }
    if failed {
        std::process::exit(1);
    }
}
