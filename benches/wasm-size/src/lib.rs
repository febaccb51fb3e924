//! The core's client step as one exported WebAssembly function, for measuring its size.
//!
//! `client_step(seed)` makes `a` from the seed, computes `A`, and signs a `PASSWORD_VERIFIER`
//! claim for a fixed challenge: everything a browser or device does per sign-in. It returns
//! the first four bytes of the signature so that nothing can be optimised away.
#![no_std]
#![deny(unsafe_code)]

use cognito_srp_core::{ClientEphemeral, PasswordVerifierChallenge, Timestamp};

/// A fixed server value: g^3 mod N would do as well; any B that is not 0 mod N is accepted.
const SRP_B: &str = "0b";
const SALT: &str = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";

/// One client step; 0 if the inputs were refused.
// The export needs `no_mangle`, which the unsafe_code lint counts as unsafe; it is the only
// such item and does nothing else.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub extern "C" fn client_step(seed: u64) -> u32 {
    let mut secret = [0u8; 32];
    for (i, byte) in secret.iter_mut().enumerate() {
        *byte = seed.to_le_bytes()[i % 8] ^ u8::try_from(i).unwrap_or(0);
    }
    let Ok(eph) = ClientEphemeral::from_secret_bytes(&secret) else { return 0 };
    let a = eph.public_hex();
    let challenge = PasswordVerifierChallenge {
        user_id_for_srp: "alice",
        salt_hex: SALT,
        srp_b_hex: SRP_B,
        secret_block: "c2VjcmV0",
    };
    let Ok(now) = Timestamp::from_unix_seconds(1_767_776_703) else { return 0 };
    match eph.user_claim("us-east-1_Size", &challenge, "password", &now) {
        Ok(claim) => {
            let sig = claim.signature().as_bytes();
            let mut out = [0u8; 4];
            for (o, s) in out.iter_mut().zip(sig) {
                *o = *s;
            }
            u32::from_le_bytes(out) ^ u32::from(a.as_str().len() == 768)
        }
        Err(_) => 0,
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}
