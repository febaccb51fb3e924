//! Every core operation runs without touching the heap: a counting global allocator sees no
//! allocation, reallocation or deallocation while they run.
//!
//! `harness = false` (see Cargo.toml): the counters are process-wide, so nothing else may run
//! while they count; libtest's own threads sometimes allocate during a test.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::print_stdout)]

use std::alloc::System;
use std::hint::black_box;

use cognito_srp_core::{
    ClientEphemeral, DeviceVerifier, DeviceVerifierChallenge, PasswordVerifierChallenge, Timestamp,
    pool_name, secret_hash,
};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

mod support;
use support::TestRng;

/// A valid `SRP_B` (any nonzero residue works for the client side): 384 hex digits of a
/// 3071-bit value, and a base64 `SECRET_BLOCK`.
const SRP_B: &str = concat!(
    "5a3c9e1f0b7d2468ace013579bdf02468ace13579bdf0246a8ce13579bdf0246",
    "8ace13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf0246",
    "8ace13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf0246",
    "8ace13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf0246",
    "8ace13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf0246",
    "8ace13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf0246",
    "8ace13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf0246",
    "8ace13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf0246",
    "8ace13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf0246",
    "8ace13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf0246",
    "8ace13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf0246",
    "8ace13579bdf02468ace13579bdf02468ace13579bdf02468ace13579bdf0246",
);
const SECRET_BLOCK: &str = "c2VjcmV0IGJsb2NrIGZyb20gdGhlIHNlcnZlciwgb3BhcXVlIHRvIHRoZSBjbGllbnQ=";

fn main() {
    no_core_operation_allocates();
    println!("no_alloc: 1 passed, 0 failed");
}

fn no_core_operation_allocates() {
    // Warm up lazily initialised runtime state (none expected in the core, but std's own
    // first-use buffers must not be blamed on it).
    let mut rng = TestRng(7);
    let warm = ClientEphemeral::generate(&mut rng);
    black_box(warm.public_hex());

    let region = Region::new(GLOBAL);

    let user = PasswordVerifierChallenge {
        user_id_for_srp: "5e0b7c1a-2d3f-4e5a-9b8c-0123456789ab",
        salt_hex: "8f3a6c0e2b1d4f5a6978b9cadbecfd0e",
        srp_b_hex: SRP_B,
        secret_block: SECRET_BLOCK,
    };
    let device =
        DeviceVerifierChallenge { salt_hex: "-1d2e3f4", srp_b_hex: SRP_B, secret_block: SECRET_BLOCK };
    let ts = Timestamp::from_unix_seconds(1_767_776_703).unwrap();
    black_box(Timestamp::parse("Wed Jan 7 09:05:03 UTC 2026").unwrap());
    #[cfg(feature = "std")]
    black_box(Timestamp::now().unwrap());
    black_box(secret_hash("client-secret", "alice", "client-id"));
    black_box(pool_name("us-east-1_AbCdEf").unwrap());
    user.check().unwrap();
    device.check().unwrap();

    // A default ephemeral (256-bit a) and a conventional one (1024-bit a), and one whose a is
    // reduced mod N - 1.
    let eph = ClientEphemeral::generate(&mut rng);
    let conventional = ClientEphemeral::from_secret_bytes(&[0xa5; 128]).unwrap();
    let huge = ClientEphemeral::from_secret_bytes(&[0x5a; 1024]).unwrap();
    for e in [&eph, &conventional, &huge] {
        black_box(e.public_hex());
        black_box(e.user_claim("us-east-1_AbCdEf", &user, "hunter2", &ts).unwrap());
        black_box(
            e.device_claim("-AbCdEf12", "us-east-1_7f9c2b1e", "device-password", &device, &ts).unwrap(),
        );
    }
    // Errors are typed values, not boxed.
    black_box(eph.user_claim("no-underscore", &user, "hunter2", &ts).unwrap_err());

    let verifier = DeviceVerifier::generate(&mut rng, "-AbCdEf12", "us-east-1_7f9c2b1e").unwrap();
    black_box((verifier.salt(), verifier.password_verifier(), verifier.device_password()));
    black_box(DeviceVerifier::from_parts("-AbCdEf12", "us-east-1_7f9c2b1e", "pw", &[0x80; 16]).unwrap());

    #[cfg(feature = "server")]
    {
        use cognito_srp_core::server::{ServerEphemeral, Verifier, salt_hex};
        let salt = [0x21; 16];
        let v = Verifier::for_user("AbCdEf", "alice", "hunter2", &salt).unwrap();
        let server = ServerEphemeral::generate(&mut rng, &v);
        let client = ClientEphemeral::generate(&mut rng);
        let (salt_text, srp_b, srp_a) = (salt_hex(&salt), server.public_hex(), client.public_hex());
        let challenge = PasswordVerifierChallenge {
            user_id_for_srp: "alice",
            salt_hex: salt_text.as_str(),
            srp_b_hex: srp_b.as_str(),
            secret_block: SECRET_BLOCK,
        };
        let claim = client.user_claim("us-east-1_AbCdEf", &challenge, "hunter2", &ts).unwrap();
        server
            .verify_user_claim(
                &v,
                srp_a.as_str(),
                "AbCdEf",
                "alice",
                SECRET_BLOCK,
                claim.timestamp(),
                claim.signature(),
            )
            .unwrap();
    }

    let stats = region.change();
    assert_eq!(
        (stats.allocations, stats.reallocations, stats.deallocations),
        (0, 0, 0),
        "the core touched the heap: {stats:?}"
    );
}
