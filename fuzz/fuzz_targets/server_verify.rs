//! The verifying side (feature `server`) on arbitrary SRP_A, secret block, timestamp and signature.
#![no_main]

use cognito_srp_core::server::{ServerEphemeral, Verifier};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&[u8], &str, &str, &str, &str)| {
    let (verifier_bytes, srp_a_hex, secret_block, timestamp, signature) = input;
    let verifier = match Verifier::from_be_bytes(verifier_bytes) {
        Ok(v) => v,
        Err(_) => match Verifier::for_user("Pool", "user", "pw", &[1, 2, 3]) {
            Ok(v) => v,
            Err(_) => return,
        },
    };
    let Ok(server) = ServerEphemeral::from_secret_bytes(&[7; 32], &verifier) else { return };
    // A random signature must not verify (2^-256 chance).
    assert!(server.verify_user_claim(&verifier, srp_a_hex, "Pool", "user", secret_block, timestamp, signature).is_err());
});
