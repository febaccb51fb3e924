//! The client in a browser: built for `wasm32-unknown-unknown`, run in headless Chromium by
//! wasm-bindgen-test, against the verifying emulator running natively on 127.0.0.1 (it
//! answers the browser's CORS preflights). SRP sign-in, ConfirmDevice and remember, then a
//! sign-in through the device — with Web Crypto's randomness, `Date.now()`'s clock and fetch;
//! and choice-based sign-in (USER_AUTH: SELECT_CHALLENGE, PASSWORD_SRP with the device steps,
//! an email code asked for); and self-service sign-up (the pool verifies nothing, so no code
//! is sent and none needs reading from the emulator's outbox, which a page cannot reach).
//!
//! `scripts/test.sh` starts `cognito-srp emulator --seed tests/browser/seed.json`, and builds
//! this test with `COGNITO_SRP_BROWSER_ENDPOINT` set to its address.
#![cfg(all(target_arch = "wasm32", target_os = "unknown"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use cognito_srp_http::{Client, DeliveryMedium, ErrorCode, FirstFactor, SignUpNext, Step, UserPool};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const POOL: &str = "eu-west-1_Browser1";
const CLIENT: &str = "browserapp";
const PASSWORD: &str = "Browser-Passw0rd!";
/// ann (with an email address) signs in with USER_AUTH.
const ANN_PASSWORD: &str = "Browser-Ann-Passw0rd!";

fn pool() -> UserPool {
    let endpoint = option_env!("COGNITO_SRP_BROWSER_ENDPOINT").expect(
        "build this test with COGNITO_SRP_BROWSER_ENDPOINT=http://127.0.0.1:PORT (scripts/test.sh does)",
    );
    let client = Client::builder().endpoint(endpoint).build().unwrap();
    UserPool::with_client(client, POOL, CLIENT).unwrap()
}

#[wasm_bindgen_test]
async fn srp_sign_in_confirm_device_then_sign_in_through_the_device() {
    let pool = pool();
    let Step::Done(first) = pool.sign_in("alice", PASSWORD).remember_device(true).start().await.unwrap()
    else {
        panic!("no MFA on this pool");
    };
    assert!(first.new_device, "the pool tracks devices: {first:?}");
    assert_eq!(first.device_remembered, Some(true));
    assert!(first.device_error.is_none(), "{first:?}");
    let device = first.device.clone().unwrap();

    // The device path: DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER, verified by the emulator.
    let Step::Done(second) = pool.sign_in("alice", PASSWORD).device(device.clone()).start().await.unwrap()
    else {
        panic!("signed in");
    };
    assert!(!second.new_device);
    assert_eq!(second.device.as_ref().map(|d| d.device_key.as_str()), Some(device.device_key.as_str()));
    assert!(second.dropped_device.is_none());

    // The device is listed, and a refresh with its key works.
    let devices = pool.list_devices(&second.tokens.access_token).await.unwrap();
    assert!(devices.iter().any(|d| d.device_key == device.device_key));
    let refresh = second.tokens.refresh_token.clone().unwrap();
    pool.refresh(&refresh, &second.username, Some(&device.device_key)).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_wrong_password_is_cognitos_error_in_the_browser_too() {
    let err = pool().sign_in("alice", "Wrong-Passw0rd!").start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err:?}");
}

#[wasm_bindgen_test]
async fn choice_based_sign_in_select_challenge_password_srp_and_the_device_path() {
    let pool = pool();
    let mut sign_in = pool.sign_in_user_auth("ann", None);
    let Step::SelectChallenge { available } = sign_in.start().await.unwrap() else {
        panic!("the emulator offers a choice");
    };
    assert_eq!(available, [FirstFactor::Password, FirstFactor::PasswordSrp, FirstFactor::EmailOtp]);
    let step = sign_in.select_challenge(FirstFactor::PasswordSrp, Some(ANN_PASSWORD)).await.unwrap();
    let Step::Done(first) = step else { panic!("signed in") };
    assert!(first.new_device, "the pool tracks devices: {first:?}");
    let device = first.device.clone().unwrap();

    // PASSWORD_SRP preferred, through the device: both signatures made with Web Crypto's
    // randomness and verified by the emulator.
    let preferred = Some(FirstFactor::PasswordSrp);
    let step = pool.sign_in("ann", ANN_PASSWORD).user_auth(preferred).device(device.clone()).start().await;
    let Step::Done(second) = step.unwrap() else { panic!("signed in") };
    assert!(!second.new_device);
    assert_eq!(second.device.as_ref().map(|d| d.device_key.as_str()), Some(device.device_key.as_str()));

    // An email code is asked for (the code stays in the emulator's outbox, out of reach here).
    let step = pool.sign_in_user_auth("ann", Some(FirstFactor::EmailOtp)).start().await.unwrap();
    let Step::OneTimeCode { factor, destination, .. } = step else { panic!("a code: {step:?}") };
    assert_eq!(factor, FirstFactor::EmailOtp);
    assert_eq!(destination.as_deref(), Some("a***@e***.com"));
}

/// A user name no earlier run against the same emulator has taken.
fn fresh_name() -> String {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).unwrap();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("web-{hex}")
}

#[wasm_bindgen_test]
async fn sign_up_from_the_browser_waits_for_an_administrator_and_reports_cognitos_errors() {
    let pool = pool();
    let name = fresh_name();
    let email = format!("{name}@example.com");
    let signed_up = pool.sign_up(&name, PASSWORD, &[("email", email.as_str())]).await.unwrap();
    assert!(!signed_up.user_sub.is_empty());
    // The pool verifies no attribute by itself: no code goes out, an administrator confirms.
    assert_eq!(signed_up.next, SignUpNext::AdministratorConfirms);
    assert!(signed_up.session.is_some(), "the app client allows USER_AUTH");

    let err = pool.sign_up(&name, PASSWORD, &[]).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::UsernameExists), "{err:?}");
    let err = pool.sign_up(&fresh_name(), "password", &[]).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::InvalidPassword), "{err:?}");
    let err = pool.sign_in(name.as_str(), PASSWORD).start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::UserNotConfirmed), "{err:?}");
    // No code was sent, so none matches; nothing can be resent.
    let err = pool.confirm_sign_up(&name, "123456", signed_up.session.as_ref()).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch), "{err:?}");
    let err = pool.resend_confirmation_code(&name).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::InvalidParameter), "{err:?}");

    // A password reset for ann (verified email) says where the code went.
    let delivery = pool.forgot_password("ann").await.unwrap().unwrap();
    assert_eq!(delivery.delivery_medium, Some(DeliveryMedium::Email));
    assert_eq!(delivery.attribute_name.as_deref(), Some("email"));
}
