//! Admin flows signed with SigV4 against the emulator with SigV4 verification on: an admin
//! SRP sign-in through TOTP MFA with device confirmation, then DEVICE_SRP_AUTH (a device
//! sign-in that skips MFA: the device signature really verified), ADMIN_USER_PASSWORD_AUTH,
//! REFRESH_TOKEN_AUTH through AdminInitiateAuth, AdminGetUser, AdminListDevices,
//! AdminGetDevice, AdminUpdateDeviceStatus, AdminForgetDevice, AdminUserGlobalSignOut; a
//! wrong secret and an unknown key refused with AWS's error types; the user flows unsigned;
//! NEW_PASSWORD_REQUIRED and CUSTOM_AUTH (with and without SRP) in admin mode.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
// The emulator's configs are built with Default and field assignment (they are to become
// #[non_exhaustive]).
#![allow(clippy::field_reassign_with_default)]

use cognito_srp_emulator::{
    ClientConfig, DeviceTracking, Emulator, MfaConfiguration, PoolConfig, RunningEmulator, UserConfig,
};
use cognito_srp_http::credentials::AwsCredentials;
use cognito_srp_http::{Client, ErrorCode, Step, UserPool};

const POOL: &str = "eu-west-1_AdminSig4";
const TOTP: &str = "JBSWY3DPEHPK3PXP";
const KEY_ID: &str = "AKIDADMINTEST";
const SECRET: &str = "admin/test/secret";
const CLIENT_SECRET: &str = "the-app-client-secret";

async fn emulator() -> RunningEmulator {
    let emulator = Emulator::builder().access_key(KEY_ID, SECRET).start().await.unwrap();
    let admin = emulator.admin();
    let mut config = PoolConfig::default();
    config.id = Some(POOL.into());
    config.name = "admin-sigv4".into();
    config.region = "eu-west-1".into();
    config.mfa = MfaConfiguration::Optional;
    config.custom_challenge_answer = Some("forty-two".into());
    config.device_tracking = Some(
        DeviceTracking::default()
            .with_challenge_required_on_new_device(true)
            .with_device_only_remembered_on_user_prompt(false),
    );
    let pool = admin.create_user_pool(config).unwrap();
    let mut client = ClientConfig::default();
    client.id = Some("server".into());
    client.name = "server".into();
    client.secret = Some(CLIENT_SECRET.into());
    client.explicit_auth_flows = [
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_CUSTOM_AUTH",
    ]
    .map(String::from)
    .to_vec();
    admin.create_client(&pool, client).unwrap();
    let mut user = UserConfig::default();
    user.username = "alice".into();
    user.password = "Correct-Horse-9".into();
    user.permanent = true;
    user.totp_secret = Some(TOTP.into());
    admin.create_user(&pool, user).unwrap();
    let mut bob = UserConfig::default();
    bob.username = "bob".into();
    bob.password = "Temporary-Pa55".into();
    bob.permanent = false;
    admin.create_user(&pool, bob).unwrap();
    emulator
}

fn pool(emulator: &RunningEmulator) -> UserPool {
    let client = Client::builder().endpoint(emulator.endpoint()).build().unwrap();
    UserPool::with_client(client, POOL, "server").unwrap().with_client_secret(CLIENT_SECRET)
}

fn totp(emulator: &RunningEmulator) -> String {
    cognito_srp_emulator::totp_code(TOTP, emulator.admin().now()).unwrap()
}

#[tokio::test]
async fn admin_srp_device_password_refresh_devices_and_sign_out_signed_with_sigv4() {
    let emulator = emulator().await;
    let admin = pool(&emulator).admin(AwsCredentials::new(KEY_ID, SECRET)).unwrap();

    // USER_SRP_AUTH through AdminInitiateAuth: TOTP, then the new device is confirmed.
    let mut sign_in = admin.sign_in("alice", "Correct-Horse-9").device_name("server box");
    let Step::MfaCode { .. } = sign_in.start().await.unwrap() else { panic!("TOTP expected") };
    let Step::Done(first) = sign_in.answer_mfa_code(&totp(&emulator)).await.unwrap() else {
        panic!("signed in after TOTP")
    };
    assert!(first.new_device);
    let device = first.device.clone().unwrap();
    let listed = emulator.admin().list_devices(POOL, "alice");
    assert!(listed.len() == 1 && listed[0].confirmed, "{listed:?}");

    // DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER through AdminRespondToAuthChallenge: the
    // confirmed device skips MFA.
    let Step::Done(second) =
        admin.sign_in("alice", "Correct-Horse-9").device(device.clone()).start().await.unwrap()
    else {
        panic!("a confirmed device skips MFA")
    };
    assert!(!second.new_device);
    assert_eq!(second.device.as_ref().unwrap().device_key, device.device_key);

    // ADMIN_USER_PASSWORD_AUTH with the device: the device steps, no MFA.
    let Step::Done(third) =
        admin.sign_in_with_password("alice", "Correct-Horse-9").device(device.clone()).start().await.unwrap()
    else {
        panic!("password sign-in with the device")
    };
    assert_eq!(third.username, "alice");

    // REFRESH_TOKEN_AUTH through AdminInitiateAuth.
    let refresh_token = second.tokens.refresh_token.clone().unwrap();
    let fresh = admin.refresh(&refresh_token, &second.username, Some(&device.device_key)).await.unwrap();
    assert_eq!(fresh.refresh_token.as_ref(), Some(&refresh_token));
    assert!(!fresh.access_token.expose_secret().is_empty());

    // The admin user and device operations.
    let user = admin.get_user("alice").await.unwrap();
    assert_eq!(user.username, "alice");
    let devices = admin.list_devices("alice").await.unwrap();
    assert_eq!(devices.len(), 1);
    let one = admin.get_device("alice", &device.device_key).await.unwrap();
    assert_eq!(one.attribute("device_name"), Some("server box"));
    admin.update_device_status("alice", &device.device_key, true).await.unwrap();
    assert!(emulator.admin().list_devices(POOL, "alice")[0].remembered);
    admin.update_device_status("alice", &device.device_key, false).await.unwrap();
    assert!(!emulator.admin().list_devices(POOL, "alice")[0].remembered);
    admin.forget_device("alice", &device.device_key).await.unwrap();
    assert!(admin.list_devices("alice").await.unwrap().is_empty());
    let err = admin.get_device("alice", &device.device_key).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::ResourceNotFound), "{err}");

    // Global sign-out: the refresh token stops working.
    admin.global_sign_out("alice").await.unwrap();
    let err = admin.refresh(&refresh_token, &second.username, None).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn wrong_credentials_are_refused_and_user_flows_stay_unsigned() {
    let emulator = emulator().await;
    let pool = pool(&emulator);
    for (credentials, expected) in [
        (AwsCredentials::new(KEY_ID, "not-the-secret"), "InvalidSignatureException"),
        (AwsCredentials::new("AKIDUNKNOWN", SECRET), "UnrecognizedClientException"),
    ] {
        let admin = pool.admin(credentials).unwrap();
        let err = admin.sign_in_with_password("alice", "Correct-Horse-9").start().await.unwrap_err();
        assert_eq!(err.code().map(ErrorCode::as_str), Some(expected), "{err}");
        let err = admin.get_user("alice").await.unwrap_err();
        assert_eq!(err.code().map(ErrorCode::as_str), Some(expected), "{err}");
    }
    // The unsigned user flow on the same emulator still signs in.
    let mut sign_in = pool.sign_in("alice", "Correct-Horse-9");
    let Step::MfaCode { .. } = sign_in.start().await.unwrap() else { panic!("TOTP expected") };
    assert!(matches!(sign_in.answer_mfa_code(&totp(&emulator)).await.unwrap(), Step::Done(_)));
    // A user pool without credentials cannot call admin operations on this emulator.
    let unsigned = pool.client().clone();
    assert!(!unsigned.signs());
    emulator.shutdown().await;
}

#[tokio::test]
async fn admin_new_password_required_and_custom_auth() {
    let emulator = emulator().await;
    let admin = pool(&emulator).admin(AwsCredentials::new(KEY_ID, SECRET)).unwrap();

    // NEW_PASSWORD_REQUIRED answered through AdminRespondToAuthChallenge.
    let mut sign_in = admin.sign_in_with_password("bob", "Temporary-Pa55");
    let Step::NewPasswordRequired { .. } = sign_in.start().await.unwrap() else {
        panic!("new password expected")
    };
    let Step::Done(done) = sign_in.answer_new_password("Chosen-Pa55word", &[]).await.unwrap() else {
        panic!("signed in with the new password")
    };
    assert_eq!(done.username, "bob");
    // The new password works with admin SRP too.
    assert!(matches!(admin.sign_in("bob", "Chosen-Pa55word").start().await.unwrap(), Step::Done(_)));

    // CUSTOM_AUTH without SRP, then with SRP first.
    let mut custom = admin.sign_in_custom("bob");
    let Step::CustomChallenge { .. } = custom.start().await.unwrap() else {
        panic!("custom challenge expected")
    };
    let wrong = custom.answer_custom_challenge("forty-one").await;
    assert!(wrong.is_err() || matches!(wrong, Ok(Step::CustomChallenge { .. })), "{wrong:?}");
    let mut custom = admin.sign_in_custom("bob");
    let Step::CustomChallenge { .. } = custom.start().await.unwrap() else {
        panic!("custom challenge expected")
    };
    assert!(matches!(custom.answer_custom_challenge("forty-two").await.unwrap(), Step::Done(_)));
    let mut custom_srp = admin.sign_in("bob", "Chosen-Pa55word").custom_auth();
    let Step::CustomChallenge { .. } = custom_srp.start().await.unwrap() else {
        panic!("custom challenge after SRP")
    };
    assert!(matches!(custom_srp.answer_custom_challenge("forty-two").await.unwrap(), Step::Done(_)));
    emulator.shutdown().await;
}
