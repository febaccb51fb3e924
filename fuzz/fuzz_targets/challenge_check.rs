//! Every parser of server values (SALT, SRP_B, SECRET_BLOCK) through the cheap `check()`.
#![no_main]

use cognito_srp_core::{DeviceVerifierChallenge, PasswordVerifierChallenge};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str, &str)| {
    let (salt_hex, srp_b_hex, secret_block) = input;
    let user = PasswordVerifierChallenge { user_id_for_srp: "u", salt_hex, srp_b_hex, secret_block };
    let device = DeviceVerifierChallenge { salt_hex, srp_b_hex, secret_block };
    // Both views parse the same values, so they must agree.
    assert_eq!(user.check(), device.check());
});
