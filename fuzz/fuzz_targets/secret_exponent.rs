//! Secret exponents of any length, and pad() of arbitrary integers.
#![no_main]

use cognito_srp_core::{ClientEphemeral, Padded};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = Padded::from_unsigned(data) {
        let bytes = p.as_bytes();
        assert!(!bytes.is_empty());
        // Minimal: never a redundant leading zero byte.
        if bytes.len() > 1 && bytes[0] == 0 {
            assert!(bytes[1] & 0x80 != 0);
        }
    }
    if data.len() <= 1200 {
        if let Ok(eph) = ClientEphemeral::from_secret_bytes(data) {
            assert!(!eph.public_hex().as_str().is_empty());
        }
    }
});
