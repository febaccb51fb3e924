//! Interleaved timing of the ratios the targets are about: ours and the OpenSSL/num-bigint
//! baselines alternate call by call (the order rotating every round), so a slow patch of the
//! shared host hits all of them alike. Criterion runs each benchmark for seconds one after the
//! other, and this host's speed drifts over seconds by up to 2x; the targets use these medians.
//!
//! Writes `target/bench-paired.json` (medians in ns); `benches/run.sh` runs it and
//! `bench-table` prints it. PAIRED_ROUNDS sets the rounds (default 300).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::hint::black_box;
use std::time::Instant;

use std::cell::RefCell;

use cognito_srp_benches::ossl_mont::MontMul;
use cognito_srp_benches::{Fixture, TestRng, num, ossl};
use cognito_srp_core::arith::Elem;
use cognito_srp_core::{ClientEphemeral, DeviceVerifier};
use sha2::{Digest, Sha256};

const GROUP_KEY: &str = "-AbCdEf12";
const DEVICE_KEY: &str = "us-east-1_7f9c2b1e-1234-4abc-9def-0123456789ab";
const DEVICE_PASSWORD: &str = "zu4yPN1649ol1ZHS/in13dzA2C5TpxSQiD5QUUht1UH9SpTovjhAYQ==";
const DEVICE_SALT: [u8; 16] =
    [0x3c, 0x4d, 0x5e, 0x6f, 0x70, 0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8, 0x09, 0x1a, 0x2b];

/// The device's x, as the core computes it (the salt's top bit is clear: pad adds no byte).
fn device_x() -> [u8; 32] {
    let mut inner = Sha256::new();
    inner.update(GROUP_KEY.as_bytes());
    inner.update(DEVICE_KEY.as_bytes());
    inner.update(b":");
    inner.update(DEVICE_PASSWORD.as_bytes());
    let inner: [u8; 32] = inner.finalize().into();
    let mut outer = Sha256::new();
    outer.update(DEVICE_SALT);
    outer.update(inner);
    outer.finalize().into()
}

/// Montgomery operations per timed call of a `montgomery/` case (the median is divided by it).
const OPS: u32 = 20;

/// A named operation to time.
type Case<'a> = (&'static str, Box<dyn FnMut() + 'a>);

/// The median in nanoseconds (the lower middle for an even count).
fn median(mut v: Vec<u128>) -> u64 {
    v.sort_unstable();
    v.get(v.len().saturating_sub(1) / 2).map_or(0, |m| u64::try_from(*m).unwrap_or(u64::MAX))
}

fn main() {
    let rounds: usize = std::env::var("PAIRED_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let f = Fixture::new();
    let x = device_x();
    let mut rng = TestRng(11);
    let mut ops_rng = TestRng(21);
    let mut a = [0u8; 384];
    let mut b = [0u8; 384];
    a.copy_from_slice(&ops_rng.bytes(384));
    b.copy_from_slice(&ops_rng.bytes(384));
    a[0] &= 0x7f;
    b[0] &= 0x7f;
    let (ea, eb) = (Elem::from_be_bytes(&a), Elem::from_be_bytes(&b));
    let om = RefCell::new(MontMul::new(&a, &b).unwrap());
    let mut cases: Vec<Case<'_>> = vec![
        (
            "client_step/core_default",
            Box::new(|| {
                let eph = ClientEphemeral::generate(&mut rng);
                black_box(f.core_step(&eph));
            }),
        ),
        // The same exponent widths as ours (256-bit a): the headline ratio and the target.
        ("client_step/openssl_ct_a256", Box::new(|| drop(black_box(ossl::client_step_a256(black_box(&f)))))),
        ("client_step/num_bigint_a256", Box::new(|| drop(black_box(num::client_step_a256(black_box(&f)))))),
        // The conventional 1024-bit a: context.
        ("client_step/openssl_ct_a1024", Box::new(|| drop(black_box(ossl::client_step(black_box(&f)))))),
        ("client_step/num_bigint_a1024", Box::new(|| drop(black_box(num::client_step(black_box(&f)))))),
        (
            "device_verifier/core_confirm_device",
            Box::new(|| {
                black_box(
                    DeviceVerifier::from_parts(
                        GROUP_KEY,
                        DEVICE_KEY,
                        DEVICE_PASSWORD,
                        black_box(&DEVICE_SALT),
                    )
                    .unwrap(),
                );
            }),
        ),
        ("device_verifier/openssl_ct_g_pow_x", Box::new(|| drop(black_box(ossl::g_pow(black_box(&x)))))),
        // One Montgomery multiplication / squaring, timed as a batch of OPS (a single one is
        // a few microseconds, close to the clock's resolution and the loop's overhead).
        (
            "montgomery/mul_core",
            Box::new(|| {
                for _ in 0..OPS {
                    black_box(black_box(&ea).mul(black_box(&eb)));
                }
            }),
        ),
        (
            "montgomery/mul_openssl",
            Box::new(|| {
                for _ in 0..OPS {
                    black_box(om.borrow_mut().mul());
                }
            }),
        ),
        (
            "montgomery/square_core",
            Box::new(|| {
                for _ in 0..OPS {
                    black_box(black_box(&ea).square());
                }
            }),
        ),
        (
            "montgomery/square_openssl",
            Box::new(|| {
                for _ in 0..OPS {
                    black_box(om.borrow_mut().square());
                }
            }),
        ),
    ];
    let mut times: Vec<Vec<u128>> = vec![Vec::with_capacity(rounds); cases.len()];
    for (_, case) in &mut cases {
        for _ in 0..3 {
            case();
        }
    }
    let n = cases.len();
    for round in 0..rounds {
        for k in 0..n {
            let i = (round + k) % n;
            let t = Instant::now();
            (cases[i].1)();
            times[i].push(t.elapsed().as_nanos());
        }
    }
    let mut out = serde_json::Map::new();
    for ((name, _), t) in cases.iter().zip(times) {
        let per = if name.starts_with("montgomery/") { u128::from(OPS) } else { 1 };
        let m = median(t.into_iter().map(|x| x / per).collect());
        eprintln!("paired {name}: median {m} ns over {rounds} rounds");
        out.insert((*name).to_owned(), serde_json::json!(m));
    }
    out.insert("rounds".to_owned(), serde_json::json!(rounds));
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("target"));
    let path = target.join("bench-paired.json");
    std::fs::write(&path, serde_json::Value::Object(out).to_string()).expect("write bench-paired.json");
    eprintln!("wrote {}", path.display());
}
