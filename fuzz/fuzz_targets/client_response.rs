//! The full client computation (user and device answers) on arbitrary challenge values.
#![no_main]

use cognito_srp_core::{ClientEphemeral, DeviceVerifierChallenge, PasswordVerifierChallenge, Timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&[u8], &str, &str, &str, &str, &str, bool)| {
    let (a, pool_id, user, salt_hex, srp_b_hex, secret_block, device) = input;
    let Ok(eph) = ClientEphemeral::from_secret_bytes(a) else { return };
    let Ok(ts) = Timestamp::from_unix_seconds(1_767_776_703) else { return };
    let result = if device {
        let challenge = DeviceVerifierChallenge { salt_hex, srp_b_hex, secret_block };
        let checked = challenge.check();
        let r = eph.device_claim(pool_id, user, "password", &challenge, &ts);
        assert_eq!(checked.err(), r.as_ref().err().copied());
        r
    } else {
        let challenge = PasswordVerifierChallenge { user_id_for_srp: user, salt_hex, srp_b_hex, secret_block };
        eph.user_claim(pool_id, &challenge, "password", &ts)
    };
    if let Ok(claim) = result {
        assert_eq!(claim.signature().len(), 44);
    }
});
