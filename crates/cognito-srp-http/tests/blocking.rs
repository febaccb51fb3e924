//! The blocking client (feature `blocking`) from a plain thread with no async runtime:
//! SRP sign-in through TOTP MFA, ConfirmDevice and remember, a device sign-in that skips MFA,
//! refresh with the device key, device management and sign-out, choice-based sign-in
//! (one-time codes, SELECT_CHALLENGE, PASSWORD_SRP with a device) and CUSTOM_AUTH without
//! SRP, against the verifying emulator (which runs on a thread of its own). And inside a
//! runtime it refuses, typed.
#![cfg(feature = "blocking")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::mpsc;

use cognito_srp_emulator::{
    Admin, ClientConfig, CodePurpose, DeviceTracking, Emulator, MfaConfiguration, PoolConfig, UserConfig,
};
use cognito_srp_http::blocking::UserPool;
use cognito_srp_http::{Client, Error, ErrorCode, FirstFactor, RetryPolicy, Step};
use cognito_srp_proto::vocab::AuthFactor;

const POOL: &str = "eu-west-1_Blocking1";
const TOTP: &str = "JBSWY3DPEHPK3PXP";

/// The emulator on its own thread and runtime; stopped when the guard drops.
struct Server {
    endpoint: String,
    admin: Admin,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn server() -> Server {
    let (ready_tx, ready_rx) = mpsc::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let emulator = Emulator::builder().start().await.unwrap();
            ready_tx.send((emulator.endpoint(), emulator.admin())).unwrap();
            let _ = stopped.await;
            emulator.shutdown().await;
        });
    });
    let (endpoint, admin) = ready_rx.recv().unwrap();
    let pool = admin
        .create_user_pool(
            PoolConfig::default()
                .with_id(Some(POOL.into()))
                .with_name("blocking")
                .with_region("eu-west-1")
                .with_mfa(MfaConfiguration::Optional)
                .with_device_tracking(Some(
                    DeviceTracking::default()
                        .with_challenge_required_on_new_device(true)
                        .with_device_only_remembered_on_user_prompt(true),
                )),
        )
        .unwrap();
    admin.create_client(&pool, ClientConfig::default().with_id(Some("app".into())).with_name("app")).unwrap();
    admin
        .create_user(
            &pool,
            UserConfig::default()
                .with_username("alice")
                .with_password("Correct-Horse-9")
                .with_permanent(true)
                .with_totp_secret(Some(TOTP.into())),
        )
        .unwrap();
    Server { endpoint, admin, stop: Some(stop), thread: Some(thread) }
}

fn pool(server: &Server) -> UserPool {
    let client = Client::builder()
        .endpoint(server.endpoint.as_str())
        .retry_policy(RetryPolicy::default())
        .build()
        .unwrap();
    UserPool::with_client(client, POOL, "app").unwrap()
}

#[test]
fn a_whole_device_lifecycle_without_an_async_runtime() {
    let server = server();
    let pool = pool(&server);
    assert!(tokio::runtime::Handle::try_current().is_err(), "this test runs outside any runtime");

    // New device: TOTP first, then the device is confirmed and remembered.
    let mut sign_in = pool.sign_in("alice", "Correct-Horse-9").remember_device(true).device_name("build box");
    let Step::MfaCode { .. } = sign_in.start().unwrap() else { panic!("a new device asks for MFA") };
    let wrong = sign_in.answer_mfa_code("000000").unwrap_err();
    assert_eq!(wrong.code(), Some(&ErrorCode::CodeMismatch));
    let code = cognito_srp_emulator::totp_code(TOTP, server.admin.now()).unwrap();
    let Step::Done(first) = sign_in.answer_mfa_code(&code).unwrap() else { panic!("signed in") };
    assert!(first.new_device);
    assert_eq!(first.device_remembered, Some(true));
    let device = first.device.clone().unwrap();
    let devices = server.admin.list_devices(POOL, "alice");
    assert!(devices.len() == 1 && devices[0].confirmed && devices[0].remembered, "{devices:?}");

    // Next time the device path skips MFA: the device signature really verified.
    let Step::Done(second) = pool.sign_in("alice", "Correct-Horse-9").device(device.clone()).start().unwrap()
    else {
        panic!("a remembered device skips MFA");
    };
    assert!(!second.new_device);

    // Refresh with the device key, device management, sign-out.
    let refresh_token = second.tokens.refresh_token.clone().unwrap();
    let fresh = pool.refresh(&refresh_token, &second.username, Some(&device.device_key)).unwrap();
    let listed = pool.list_devices(&fresh.access_token).unwrap();
    assert_eq!(listed.len(), 1);
    let one = pool.get_device(&fresh.access_token, &device.device_key).unwrap();
    assert_eq!(one.attribute("device_name"), Some("build box"));
    pool.set_device_remembered(&fresh.access_token, &device.device_key, false).unwrap();
    assert!(!server.admin.list_devices(POOL, "alice")[0].remembered);
    pool.forget_device(&fresh.access_token, &device.device_key).unwrap();
    assert!(server.admin.list_devices(POOL, "alice").is_empty());
    pool.sign_out(&fresh.access_token).unwrap();
    let err = pool.refresh(&refresh_token, &second.username, None).unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
}

#[test]
fn a_wrong_password_is_cognitos_error() {
    let server = server();
    let err = pool(&server).sign_in("alice", "Wrong-Horse-9").start().unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
}

#[test]
fn inside_an_async_runtime_it_refuses_instead_of_blocking_it() {
    let server = server();
    let pool = pool(&server);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let err = runtime.block_on(async { pool.sign_in("alice", "Correct-Horse-9").start() }).unwrap_err();
    assert!(matches!(&err, Error::Config(why) if why.contains("inside an async runtime")), "{err:?}");
    // Outside it works.
    assert!(matches!(pool.sign_in("alice", "Correct-Horse-9").start().unwrap(), Step::MfaCode { .. }));
}

/// A second pool on the same emulator for choice-based sign-in: every first factor, email
/// MFA, custom challenges; ann has a verified email and phone.
fn user_auth_pool(server: &Server) -> UserPool {
    const UA_POOL: &str = "eu-west-1_BlockingUA";
    server
        .admin
        .create_user_pool(
            PoolConfig::default()
                .with_id(Some(UA_POOL.into()))
                .with_allowed_first_auth_factors(vec![
                    AuthFactor::Password,
                    AuthFactor::EmailOtp,
                    AuthFactor::SmsOtp,
                ])
                .with_custom_challenge_answer(Some("forty-two".into()))
                .with_device_tracking(Some(
                    DeviceTracking::default()
                        .with_challenge_required_on_new_device(true)
                        .with_device_only_remembered_on_user_prompt(false),
                )),
        )
        .unwrap();
    let flows = ["ALLOW_USER_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
    server
        .admin
        .create_client(
            UA_POOL,
            ClientConfig::default()
                .with_id(Some("ua-app".into()))
                .with_explicit_auth_flows(flows.iter().map(|f| (*f).to_owned()).collect()),
        )
        .unwrap();
    server
        .admin
        .create_user(
            UA_POOL,
            UserConfig::default()
                .with_username("ann")
                .with_password("Correct-Horse-9")
                .with_permanent(true)
                .with_email(Some("ann@example.com".into()))
                .with_phone(Some("+15555550123".into())),
        )
        .unwrap();
    let client = Client::builder().endpoint(server.endpoint.as_str()).build().unwrap();
    UserPool::with_client(client, UA_POOL, "ua-app").unwrap()
}

#[test]
fn choice_based_sign_in_and_custom_auth_without_srp_without_an_async_runtime() {
    let server = server();
    let pool = user_auth_pool(&server);
    let code =
        |purpose: &CodePurpose| server.admin.last_code("eu-west-1_BlockingUA", "ann", purpose).unwrap();

    // An email code.
    let mut sign_in = pool.sign_in_user_auth("ann", Some(FirstFactor::EmailOtp));
    let Step::OneTimeCode { factor: FirstFactor::EmailOtp, .. } = sign_in.start().unwrap() else {
        panic!("an email code")
    };
    let Step::Done(_) = sign_in.answer_one_time_code(&code(&CodePurpose::SignInOtp)).unwrap() else {
        panic!("signed in")
    };

    // A text code, chosen at SELECT_CHALLENGE.
    let mut sign_in = pool.sign_in_user_auth("ann", None);
    let Step::SelectChallenge { available } = sign_in.start().unwrap() else { panic!("a choice") };
    assert!(available.contains(&FirstFactor::SmsOtp), "{available:?}");
    let Step::OneTimeCode { factor: FirstFactor::SmsOtp, .. } =
        sign_in.select_challenge(FirstFactor::SmsOtp, None).unwrap()
    else {
        panic!("a text code")
    };
    let Step::Done(_) = sign_in.answer_one_time_code(&code(&CodePurpose::SignInOtp)).unwrap() else {
        panic!("signed in")
    };

    // PASSWORD_SRP: a new device, then the device path (both signatures verified).
    let preferred = Some(FirstFactor::PasswordSrp);
    let Step::Done(first) = pool.sign_in("ann", "Correct-Horse-9").user_auth(preferred).start().unwrap()
    else {
        panic!("signed in")
    };
    let device = first.device.clone().unwrap();
    assert!(first.new_device);
    let mut sign_in = pool.sign_in_user_auth("ann", None).device(device.clone());
    sign_in.start().unwrap();
    let Step::Done(second) =
        sign_in.select_challenge(FirstFactor::PasswordSrp, Some("Correct-Horse-9")).unwrap()
    else {
        panic!("signed in")
    };
    assert_eq!(second.device, Some(device));
    assert!(!second.new_device);

    // CUSTOM_AUTH without SRP.
    let mut sign_in = pool.sign_in_custom("ann");
    let Step::CustomChallenge { .. } = sign_in.start().unwrap() else { panic!("a custom challenge") };
    let Step::Done(_) = sign_in.answer_custom_challenge("forty-two").unwrap() else { panic!("signed in") };
}
