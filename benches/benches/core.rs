//! Criterion benches of every core operation, the full client step, and the baselines
//! (num-bigint, OpenSSL constant-time) in the same run. `benches/run.sh` prints the table.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::time::Duration;

use cognito_srp_benches::{Fixture, PASSWORD, POOL_ID, SALT, TestRng, UNIX_SECONDS, num, ossl};
use cognito_srp_core::server::{ServerEphemeral, Verifier, salt_hex};
use cognito_srp_core::{ClientEphemeral, DeviceVerifier, DeviceVerifierChallenge, Timestamp, secret_hash};
use criterion::{Criterion, criterion_group, criterion_main};
use sha2::{Digest, Sha256};

const GROUP_KEY: &str = "-AbCdEf12";
const DEVICE_KEY: &str = "us-east-1_7f9c2b1e-1234-4abc-9def-0123456789ab";
const DEVICE_PASSWORD: &str = "zu4yPN1649ol1ZHS/in13dzA2C5TpxSQiD5QUUht1UH9SpTovjhAYQ==";

/// x of the device: H(pad(salt) || H(group || key || ":" || password)), as the core computes it.
fn device_x(salt: &[u8; 16]) -> [u8; 32] {
    let mut inner = Sha256::new();
    inner.update(GROUP_KEY.as_bytes());
    inner.update(DEVICE_KEY.as_bytes());
    inner.update(b":");
    inner.update(DEVICE_PASSWORD.as_bytes());
    let inner: [u8; 32] = inner.finalize().into();
    let mut outer = Sha256::new();
    if salt[0] & 0x80 != 0 {
        outer.update([0u8]);
    }
    outer.update(salt);
    outer.update(inner);
    outer.finalize().into()
}

fn client_step(c: &mut Criterion) {
    let f = Fixture::new();
    let mut g = c.benchmark_group("client_step");
    // Interleave: baseline, ours, baseline, ours.
    g.bench_function("openssl_ct_a1024", |b| b.iter(|| black_box(ossl::client_step(black_box(&f)))));
    g.bench_function("core_default", |b| {
        let mut rng = TestRng(1);
        b.iter(|| {
            let eph = ClientEphemeral::generate(&mut rng);
            black_box(f.core_step(&eph))
        });
    });
    g.bench_function("num_bigint_a1024", |b| b.iter(|| black_box(num::client_step(black_box(&f)))));
    // The same exponent widths as the core's default step (256-bit a): the fair comparison.
    g.bench_function("openssl_ct_a256", |b| b.iter(|| black_box(ossl::client_step_a256(black_box(&f)))));
    g.bench_function("num_bigint_a256", |b| b.iter(|| black_box(num::client_step_a256(black_box(&f)))));
    g.bench_function("core_a1024", |b| {
        b.iter(|| {
            let eph = ClientEphemeral::from_secret_bytes(black_box(&f.a_1024)).unwrap();
            black_box(f.core_step(&eph))
        });
    });
    g.finish();
}

fn verifier(c: &mut Criterion) {
    let salt: [u8; 16] =
        [0x3c, 0x4d, 0x5e, 0x6f, 0x70, 0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8, 0x09, 0x1a, 0x2b];
    let x = device_x(&salt);
    let mut g = c.benchmark_group("device_verifier");
    g.bench_function("openssl_ct_g_pow_x", |b| b.iter(|| black_box(ossl::g_pow(black_box(&x)))));
    g.bench_function("core_confirm_device", |b| {
        b.iter(|| {
            black_box(
                DeviceVerifier::from_parts(GROUP_KEY, DEVICE_KEY, DEVICE_PASSWORD, black_box(&salt)).unwrap(),
            )
        });
    });
    g.bench_function("num_bigint_g_pow_x", |b| b.iter(|| black_box(num::g_pow(black_box(&x)))));
    g.finish();
}

/// One 3072-bit Montgomery multiplication and one squaring: ours and OpenSSL's
/// `BN_mod_mul_montgomery`, on the same N (R = 2^3072 for OpenSSL, 2^3120 for ours on 64-bit
/// targets: the digit domain its exponentiations run in).
fn montgomery(c: &mut Criterion) {
    use cognito_srp_core::arith::Elem;
    let mut rng = TestRng(21);
    let mut a = [0u8; 384];
    let mut b = [0u8; 384];
    a.copy_from_slice(&rng.bytes(384));
    b.copy_from_slice(&rng.bytes(384));
    a[0] &= 0x7f;
    b[0] &= 0x7f;
    let (ea, eb) = (Elem::from_be_bytes(&a), Elem::from_be_bytes(&b));
    let mut o = cognito_srp_benches::ossl_mont::MontMul::new(&a, &b).unwrap();
    let mut g = c.benchmark_group("montgomery");
    g.bench_function("mul_openssl", |bench| bench.iter(|| black_box(o.mul())));
    g.bench_function("mul_core", |bench| bench.iter(|| black_box(black_box(&ea).mul(black_box(&eb)))));
    g.bench_function("square_openssl", |bench| bench.iter(|| black_box(o.square())));
    g.bench_function("square_core", |bench| bench.iter(|| black_box(black_box(&ea).square())));
    g.finish();
}

fn operations(c: &mut Criterion) {
    let f = Fixture::new();
    let ts = Timestamp::from_unix_seconds(UNIX_SECONDS).unwrap();
    let mut g = c.benchmark_group("core");
    g.bench_function("make_a", |b| {
        let mut rng = TestRng(2);
        b.iter(|| {
            let eph = ClientEphemeral::generate(&mut rng);
            black_box(eph.public_hex())
        });
    });
    g.bench_function("make_a_1024", |b| {
        b.iter(|| {
            let eph = ClientEphemeral::from_secret_bytes(black_box(&f.a_1024)).unwrap();
            black_box(eph.public_hex())
        });
    });
    let eph = ClientEphemeral::generate(&mut TestRng(3));
    g.bench_function("user_response", |b| {
        b.iter(|| black_box(eph.user_claim(POOL_ID, black_box(&f.challenge()), PASSWORD, &ts).unwrap()));
    });
    let device_salt = [0x44u8; 16];
    let dv = Verifier::for_user(GROUP_KEY, DEVICE_KEY, DEVICE_PASSWORD, &device_salt).unwrap();
    let server = ServerEphemeral::from_secret_bytes(&[0x0b; 32], &dv).unwrap();
    let (salt_text, srp_b) = (salt_hex(&device_salt), server.public_hex());
    let challenge = DeviceVerifierChallenge {
        salt_hex: salt_text.as_str(),
        srp_b_hex: srp_b.as_str(),
        secret_block: &f.secret_block,
    };
    g.bench_function("device_response", |b| {
        b.iter(|| {
            black_box(
                eph.device_claim(GROUP_KEY, DEVICE_KEY, DEVICE_PASSWORD, black_box(&challenge), &ts).unwrap(),
            )
        });
    });
    g.bench_function("confirm_device_verifier", |b| {
        let mut rng = TestRng(4);
        b.iter(|| black_box(DeviceVerifier::generate(&mut rng, GROUP_KEY, DEVICE_KEY).unwrap()));
    });
    g.bench_function("secret_hash", |b| {
        b.iter(|| {
            black_box(secret_hash(
                black_box("client-secret-0123456789abcdef"),
                "alice",
                "4h1a2b3c4d5e6f7g8h9i0j",
            ))
        })
    });
    g.bench_function("timestamp", |b| {
        b.iter(|| black_box(Timestamp::from_unix_seconds(black_box(UNIX_SECONDS)).unwrap()))
    });
    g.finish();
    let _ = SALT;
}

/// The emulator's per-sign-in SRP work: B, and the claim check with and without the
/// verifier's precomputed powers (`Verifier::with_powers`), and SRP_A's check.
fn server(c: &mut Criterion) {
    let ts = Timestamp::from_unix_seconds(UNIX_SECONDS).unwrap();
    let salt = [0x5au8; 16];
    let plain = Verifier::for_user("ExAmPlE12", "alice", PASSWORD, &salt).unwrap();
    let kept = plain.clone().with_powers();
    let server = ServerEphemeral::from_secret_bytes(&[0x0b; 32], &plain).unwrap();
    let client = ClientEphemeral::generate(&mut TestRng(5));
    let (salt_text, srp_b, srp_a) = (salt_hex(&salt), server.public_hex(), client.public_hex());
    let challenge = cognito_srp_core::PasswordVerifierChallenge {
        user_id_for_srp: "alice",
        salt_hex: salt_text.as_str(),
        srp_b_hex: srp_b.as_str(),
        secret_block: "c2VjcmV0",
    };
    let claim = client.user_claim("us-east-1_ExAmPlE12", &challenge, PASSWORD, &ts).unwrap();
    let mut g = c.benchmark_group("server");
    g.bench_function("b", |b| {
        let mut rng = TestRng(6);
        b.iter(|| black_box(ServerEphemeral::generate(&mut rng, black_box(&kept))))
    });
    for (name, verifier) in [("claim_check", &plain), ("claim_check_with_powers", &kept)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                server
                    .verify_user_claim(
                        black_box(verifier),
                        srp_a.as_str(),
                        "ExAmPlE12",
                        "alice",
                        "c2VjcmV0",
                        claim.timestamp(),
                        claim.signature(),
                    )
                    .unwrap()
            })
        });
    }
    g.bench_function("check_srp_a", |b| {
        b.iter(|| cognito_srp_core::server::check_srp_a(black_box(srp_a.as_str())).unwrap())
    });
    g.bench_function("with_powers", |b| b.iter(|| black_box(plain.clone().with_powers())));
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
}

criterion_group! { name = benches; config = config(); targets = client_step, verifier, montgomery, operations, server }
criterion_main!(benches);
