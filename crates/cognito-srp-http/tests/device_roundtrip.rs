//! The device lifecycle against a small verifying server built on the core's server role:
//! the verifier sent by ConfirmDevice must let the next sign-in pass DEVICE_PASSWORD_VERIFIER
//! (ConfirmDevice itself accepts anything, so only the round trip proves it), refresh needs the
//! device key, and a forgotten device is dropped and the sign-in retried without it.
//! The full emulator tests the same and more; this one pins the client's side on its own.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

#[path = "support/fake.rs"]
mod fake;
#[path = "support/verifying.rs"]
mod verifying;

use cognito_srp_http::{Client, ErrorCode, Step, UserPool};
use verifying::{INTERNAL, POOL_ID};

#[tokio::test]
async fn confirmed_device_signs_in_refreshes_and_is_dropped_once_forgotten() {
    let fake = verifying::start().await;
    let client = Client::builder().endpoint(&fake.endpoint).build().unwrap();
    let pool = UserPool::with_client(client, POOL_ID, "cid").unwrap();

    // A wrong password fails verification.
    let err = pool.sign_in("alice@example.com", "wrong").start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");

    // First sign-in: a new device, confirmed and remembered.
    let first = match pool
        .sign_in("alice@example.com", "Correct-Horse-1")
        .remember_device(true)
        .start()
        .await
        .unwrap()
    {
        Step::Done(done) => done,
        other => panic!("{other:?}"),
    };
    assert!(first.new_device, "{:?}", first.device_error);
    assert_eq!(first.user_confirmation_necessary, Some(true));
    assert_eq!(first.device_remembered, Some(true));
    assert_eq!(first.username, INTERNAL);
    let device = first.device.clone().unwrap();
    // Persisted and read back as a caller would.
    let device: cognito_srp_http::DeviceCredentials =
        serde_json::from_str(&serde_json::to_string(&device).unwrap()).unwrap();

    // Second sign-in: the device path, verified against the ConfirmDevice verifier.
    let second = match pool
        .sign_in("alice@example.com", "Correct-Horse-1")
        .device(device.clone())
        .start()
        .await
        .unwrap()
    {
        Step::Done(done) => done,
        other => panic!("{other:?}"),
    };
    assert!(!second.new_device && second.dropped_device.is_none());
    assert_eq!(second.device.as_ref(), Some(&device));
    let ops = fake.operations();
    assert_eq!(
        &ops[ops.len() - 4..],
        ["InitiateAuth", "RespondToAuthChallenge", "RespondToAuthChallenge", "RespondToAuthChallenge"]
    );

    // Refresh needs the device key.
    let refresh = second.tokens.refresh_token.clone().unwrap();
    let err = pool.refresh(&refresh, &second.username, None).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
    let fresh = pool.refresh(&refresh, &second.username, Some(&device.device_key)).await.unwrap();
    assert_eq!(fresh.access_token.expose_secret(), "access-refreshed");

    // Forget it: the next sign-in drops it, retries without it and gets a new device.
    pool.forget_device(&fresh.access_token, &device.device_key).await.unwrap();
    let third = match pool
        .sign_in("alice@example.com", "Correct-Horse-1")
        .device(device.clone())
        .start()
        .await
        .unwrap()
    {
        Step::Done(done) => done,
        other => panic!("{other:?}"),
    };
    assert_eq!(third.dropped_device.as_deref(), Some(device.device_key.as_str()));
    assert!(third.new_device);
    assert_ne!(third.device.as_ref().unwrap().device_key, device.device_key);

    // A device password that does not match the verifier fails at DEVICE_PASSWORD_VERIFIER.
    let mut wrong = third.device.clone().unwrap();
    wrong.device_password = "not the device password".into();
    let err = pool.sign_in("alice@example.com", "Correct-Horse-1").device(wrong).start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
}
