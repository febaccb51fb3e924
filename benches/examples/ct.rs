//! dudect-style constant-time checks of the secret-dependent operations (dudect-bencher).
//!
//! Each bench times one operation on two classes of secret input with the same public
//! inputs, interleaved in random order: Left = one fixed secret (chosen to be extreme: many
//! zero digits, or a fixed password), Right = a fresh random secret for every call. A timing
//! leak shows as a large Welch t between the two distributions; |t| < 5 after at least
//! 100 000 measurements per class is the pass mark (see benches/README.md).
//!
//! Run: `cargo run --release -p cognito-srp-benches --example ct` (CT_SAMPLES sets the measurements
//! per class, default 100 000). Not part of the test run: it takes minutes.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

use cognito_srp_benches::{Fixture, POOL_ID, UNIX_SECONDS};
use cognito_srp_core::arith::Elem;
use cognito_srp_core::{ClientEphemeral, DeviceVerifier, Timestamp};
use dudect_bencher::rand::{Rng, seq::SliceRandom};
use dudect_bencher::{BenchRng, Class, CtRunner, ctbench_main};

const GROUP_KEY: &str = "-AbCdEf12";
const DEVICE_KEY: &str = "us-east-1_7f9c2b1e-1234-4abc-9def-0123456789ab";
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn samples_per_class() -> usize {
    std::env::var("CT_SAMPLES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

/// Exactly `n` of each class, shuffled.
fn classes(n: usize, rng: &mut BenchRng) -> Vec<Class> {
    let mut out: Vec<bool> = (0..2 * n).map(|i| i < n).collect();
    out.shuffle(rng);
    out.into_iter().map(|left| if left { Class::Left } else { Class::Right }).collect()
}

/// A random password of `len` base64 characters (same length as the fixed one).
fn random_password(len: usize, rng: &mut BenchRng) -> String {
    (0..len).map(|_| char::from(BASE64[rng.gen_range(0..64)])).collect()
}

/// g^a: `ClientEphemeral::from_secret_bytes` with a 32-byte `a`.
/// Left: a = 2^255 + 1 (50 of the 52 table digits are zero, so the fixed-base lookups select
/// the implicit 1 almost every time); Right: random a.
///
/// Not a = 1: then A = 2, whose public encoding (`pad`, hex) is one byte instead of 384, and
/// the t-test measures that public length (it does: |t| > 10), not the secret.
fn make_a(runner: &mut CtRunner, rng: &mut BenchRng) {
    let mut fixed = [0u8; 32];
    fixed[0] = 0x80;
    fixed[31] = 1;
    let inputs: Vec<(Class, [u8; 32])> = classes(samples_per_class(), rng)
        .into_iter()
        .map(|class| match class {
            Class::Left => (class, fixed),
            Class::Right => (class, rng.r#gen()),
        })
        .collect();
    for (class, a) in inputs {
        runner.run_one(class, || ClientEphemeral::from_secret_bytes(&a).unwrap());
    }
}

/// g^x: the ConfirmDevice verifier for two classes of device password (same keys, same salt).
fn device_verifier(runner: &mut CtRunner, rng: &mut BenchRng) {
    let fixed = "A".repeat(56);
    let salt = [0x5au8; 16];
    let inputs: Vec<(Class, String)> = classes(samples_per_class(), rng)
        .into_iter()
        .map(|class| match class {
            Class::Left => (class, fixed.clone()),
            Class::Right => (class, random_password(56, rng)),
        })
        .collect();
    for (class, password) in inputs {
        runner
            .run_one(class, || DeviceVerifier::from_parts(GROUP_KEY, DEVICE_KEY, &password, &salt).unwrap());
    }
}

/// The `PASSWORD_VERIFIER` answer (x, g^x, S = (B - k g^x)^(a + u x), K, signature) for two
/// classes of password with the same ephemeral `a` and the same challenge.
fn user_claim(runner: &mut CtRunner, rng: &mut BenchRng) {
    let f = Fixture::new();
    let challenge = f.challenge();
    let eph = ClientEphemeral::from_secret_bytes(&[0x42; 32]).unwrap();
    let ts = Timestamp::from_unix_seconds(UNIX_SECONDS).unwrap();
    let fixed = "p".repeat(24);
    let inputs: Vec<(Class, String)> = classes(samples_per_class(), rng)
        .into_iter()
        .map(|class| match class {
            Class::Left => (class, fixed.clone()),
            Class::Right => (class, random_password(24, rng)),
        })
        .collect();
    for (class, password) in inputs {
        runner.run_one(class, || eph.user_claim(POOL_ID, &challenge, &password, &ts).unwrap());
    }
}

/// Random 384 bytes below N (N's top byte is 0xff).
fn random_below_n(rng: &mut BenchRng) -> [u8; 384] {
    let mut out = [0u8; 384];
    rng.fill(&mut out[..]);
    out[0] &= 0x7f;
    out
}

/// Secret elements for the two classes, shuffled: Left = `fixed`, Right = a fresh random
/// element below N each time.
fn element_classes(fixed: Elem, rng: &mut BenchRng) -> Vec<(Class, Elem)> {
    classes(samples_per_class(), rng)
        .into_iter()
        .map(|class| match class {
            Class::Left => (class, fixed),
            Class::Right => (class, Elem::from_be_bytes(&random_below_n(rng))),
        })
        .collect()
}

/// The core's Montgomery multiplication (`cognito_srp_core::arith`, the one its exponentiations
/// run) with one secret operand, Left = `fixed`, Right = random; the other operand is a fixed
/// public value.
fn mul_classes(runner: &mut CtRunner, rng: &mut BenchRng, fixed: Elem) {
    let public = Elem::from_be_bytes(&random_below_n(rng));
    for (class, secret) in element_classes(fixed, rng) {
        runner.run_one(class, || secret.mul(&public));
    }
}

/// The core's Montgomery squaring of a secret: Left = `fixed`, Right = random.
fn square_classes(runner: &mut CtRunner, rng: &mut BenchRng, fixed: Elem) {
    for (class, secret) in element_classes(fixed, rng) {
        runner.run_one(class, || secret.square());
    }
}

/// [`mul_classes`] with Left = 0, the extreme case.
fn mont_mul(runner: &mut CtRunner, rng: &mut BenchRng) {
    mul_classes(runner, rng, Elem::from_be_bytes(&[0u8; 384]));
}

/// [`square_classes`] with Left = 0, the extreme case.
fn mont_square(runner: &mut CtRunner, rng: &mut BenchRng) {
    square_classes(runner, rng, Elem::from_be_bytes(&[0u8; 384]));
}

/// [`mul_classes`] with Left = one fixed random element: dudect's usual fixed-against-random
/// test. On a CPU whose time or clock depends on the operands' bits (the AMD EPYC of
/// benches/README.md, "Constant time"), 0 against random also measures that, for any code.
fn mont_mul_fixed(runner: &mut CtRunner, rng: &mut BenchRng) {
    let fixed = Elem::from_be_bytes(&random_below_n(rng));
    mul_classes(runner, rng, fixed);
}

/// [`square_classes`] with Left = one fixed random element (see [`mont_mul_fixed`]).
fn mont_square_fixed(runner: &mut CtRunner, rng: &mut BenchRng) {
    let fixed = Elem::from_be_bytes(&random_below_n(rng));
    square_classes(runner, rng, fixed);
}

/// Bits of the secret exponent in `mont_pow`: 64 keeps one call near 0.3 ms, so that
/// 100 000 calls per class fit a run on a busy machine; the code path (window extraction,
/// table scan, squarings, multiplications) is the one S takes with 513 bits.
const POW_BITS: u32 = 64;

/// The core's exponentiation (4-bit windows over its multiplication and squaring) of a
/// public base to a secret 64-bit exponent: Left = 2^63 + 1 (all windows but two are 0, so
/// the table scan keeps selecting entry 0), Right = random.
fn mont_pow(runner: &mut CtRunner, rng: &mut BenchRng) {
    let base = Elem::from_be_bytes(&random_below_n(rng));
    for (class, e) in exponent_classes(rng, 56) {
        runner.run_one(class, || base.pow(&e, POW_BITS));
    }
}

/// Big-endian 64-byte exponents for the two classes, the secret part being bytes `from..`:
/// Left = its top bit and bit 0 set (every window but two is 0), Right = random bytes.
fn exponent_classes(rng: &mut BenchRng, from: usize) -> Vec<(Class, [u8; 64])> {
    let mut fixed = [0u8; 64];
    fixed[from] = 0x80;
    fixed[63] = 1;
    classes(samples_per_class(), rng)
        .into_iter()
        .map(|class| match class {
            Class::Left => (class, fixed),
            Class::Right => {
                let mut e = [0u8; 64];
                rng.fill(&mut e[from..]);
                (class, e)
            }
        })
        .collect()
}

/// The core's exponentiation of g = 2 without a table (`pow_two`: squarings and, per 5-bit
/// window, masked shifts by 1, 2, 4, 8 and 16 bits and a fold of the bits shifted out) to a
/// secret 256-bit exponent (the width of `a` and `x`): Left = 2^255 + 1 (every window but two
/// is 0: no shift applied), Right = random.
fn pow_two(runner: &mut CtRunner, rng: &mut BenchRng) {
    for (class, e) in exponent_classes(rng, 32) {
        runner.run_one(class, || Elem::pow_two(&e, 256));
    }
}

/// The comb of g = 2 (`pow_two_comb`: g^a and g^x in builds without the big table) to a
/// secret 256-bit exponent: Left = 2^255 + 1 (every column selects the table's 1 except the
/// top one, and no tooth-0 shift but the last), Right = random.
fn pow_comb(runner: &mut CtRunner, rng: &mut BenchRng) {
    for (class, e) in exponent_classes(rng, 32) {
        runner.run_one(class, || Elem::pow_two_comb(&e, 256));
    }
}

/// The server's v^u with the verifier's precomputed powers (`Verifier::with_powers`:
/// `split_powers`, then `pow_split_public`) for a secret base and a fixed public u (u's digits
/// decide, by design, which multiplications run; it is the same for both classes): Left = 1,
/// Right = a random base.
fn pow_split(runner: &mut CtRunner, rng: &mut BenchRng) {
    let u: [u8; 32] = rng.r#gen();
    let mut one = [0u8; 384];
    one[383] = 1;
    let inputs = element_classes(Elem::from_be_bytes(&one), rng);
    for (class, base) in inputs {
        runner.run_one(class, || base.pow_split_public(&u));
    }
}

ctbench_main!(
    device_verifier,
    make_a,
    user_claim,
    mont_mul,
    mont_square,
    mont_mul_fixed,
    mont_square_fixed,
    mont_pow,
    pow_two,
    pow_comb,
    pow_split
);
