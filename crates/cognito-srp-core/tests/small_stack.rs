//! A full client step (make A, answer PASSWORD_VERIFIER and DEVICE_PASSWORD_VERIFIER, make a
//! ConfirmDevice verifier) completes on a thread with a 64 KiB stack.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use cognito_srp_core::{
    ClientEphemeral, DeviceVerifier, DeviceVerifierChallenge, PasswordVerifierChallenge, Timestamp,
};

const STACK: usize = 64 * 1024;

#[test]
#[cfg_attr(target_family = "wasm", ignore = "wasm32-wasip1 has no threads")]
fn client_step_fits_in_64_kib_of_stack() {
    let worker = std::thread::Builder::new()
        .name("small-stack".into())
        .stack_size(STACK)
        .spawn(|| {
            let eph = ClientEphemeral::from_secret_bytes(&[0x42; 32]).unwrap();
            let srp_a = eph.public_hex();
            let ts = Timestamp::from_unix_seconds(1_767_776_703).unwrap();
            let user = PasswordVerifierChallenge {
                user_id_for_srp: "alice",
                salt_hex: "8f3a6c0e2b1d4f5a6978b9cadbecfd0e",
                srp_b_hex: "a4c33a5449cc93b9ba7550a0e30e54d9",
                secret_block: "c2VjcmV0IGJsb2Nr",
            };
            let claim = eph.user_claim("us-east-1_ExAmPlE12", &user, "hunter2", &ts).unwrap();
            let device = DeviceVerifierChallenge {
                salt_hex: "c1d2e3f405162738495a6b7c8d9eafb0",
                srp_b_hex: "dfeb9e61d979c791a35a33a813d0911c",
                secret_block: "c2VjcmV0IGJsb2Nr",
            };
            let device_claim =
                eph.device_claim("-AbCdEf12", "us-east-1_7f9c2b1e", "pw", &device, &ts).unwrap();
            let verifier =
                DeviceVerifier::from_parts("-AbCdEf12", "us-east-1_7f9c2b1e", "pw", &[7; 16]).unwrap();
            (
                srp_a.as_str().len(),
                claim.signature().len(),
                device_claim.signature().len(),
                verifier.password_verifier().len(),
            )
        })
        .unwrap();
    let (a_len, sig_len, device_sig_len, verifier_len) =
        worker.join().expect("the worker panicked (a stack overflow aborts the whole process instead)");
    assert!(a_len > 700);
    assert_eq!((sig_len, device_sig_len), (44, 44));
    assert!(verifier_len > 500);
}
