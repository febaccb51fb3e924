//! The protocol machine against the emulator with no HTTP in between: each call the sans-IO
//! `cognito_srp_proto::SignIn` asks for goes to `Admin::dispatch`, and the answer (or the
//! error) comes straight back. SRP sign-in, ConfirmDevice and remember, a sign-in through the
//! device, a wrong password, and a forgotten device dropped and replaced.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::panic_in_result_fn)]

use cognito_srp_emulator::{Admin, Emulator, Seed};
use cognito_srp_proto::{
    Action, AppClient, Call, DeviceCredentials, Failure, Recovery, ServiceError, SignIn, SignInOptions,
    SignedIn, Timestamp,
};
use getrandom::{SysRng, rand_core::UnwrapErr};

const SEED: &str = r#"{"pools":[{"id":"us-east-1_InMemory1","email_alias":true,"device_tracking":{
    "challenge_required_on_new_device":true,"device_only_remembered_on_user_prompt":true},
  "clients":[{"id":"app","secret":"in-memory-client-secret"}],
  "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,"email":"alice@example.com"}]}]}"#;

/// Runs the machine to the end against `admin`, answering no person step.
fn run(admin: &Admin, mut sign_in: SignIn) -> Result<Box<SignedIn>, ServiceError> {
    let mut rng = UnwrapErr(SysRng);
    let mut call: Call = sign_in.start(&mut rng).unwrap();
    let mut sent = 0;
    loop {
        sent += 1;
        assert!(sent < 20, "the machine keeps asking");
        let body = call.request.to_json().unwrap();
        match admin.dispatch(&call.request.operation(), &body) {
            Ok(answer) => {
                let now = Timestamp::from_unix_seconds(admin.now()).unwrap();
                match sign_in.on_reply(&answer, &now, &mut rng).unwrap() {
                    Action::Send(next) => call = next,
                    Action::Done(done) => return Ok(done),
                    other => panic!("no person step expected: {other:?}"),
                }
            }
            Err(err) => {
                let error = ServiceError::new(err.code.clone(), err.message.clone(), err.status);
                match sign_in.on_failure(Failure::Service(&error), &mut rng) {
                    Recovery::Restart(next) | Recovery::Resend(next) => call = next,
                    Recovery::SignedIn(done) => return Ok(done),
                    _ => return Err(error),
                }
            }
        }
    }
}

fn client() -> AppClient {
    AppClient::new("us-east-1_InMemory1", "app").unwrap().with_secret("in-memory-client-secret")
}

#[tokio::test]
async fn sign_in_confirm_device_and_sign_in_through_it_without_http() {
    let emulator = Emulator::builder().seed(Seed::from_json(SEED).unwrap()).start().await.unwrap();
    let admin = emulator.admin();
    let before = admin.fault_counters().requests;

    // By email alias and with a client secret: SECRET_HASH with the typed name, then the
    // internal one; the emulator checks both.
    let options = SignInOptions::default().remember_device(true);
    let first = run(&admin, SignIn::new(client(), "alice@example.com", "Correct-Horse-9", options)).unwrap();
    assert_eq!(first.username, "alice");
    assert!(first.new_device);
    assert_eq!(first.device_remembered, Some(true));
    let device: DeviceCredentials = first.device.clone().unwrap();
    let devices = admin.list_devices("us-east-1_InMemory1", "alice");
    assert!(devices.len() == 1 && devices[0].confirmed && devices[0].remembered, "{devices:?}");

    let second = run(
        &admin,
        SignIn::new(client(), "alice", "Correct-Horse-9", SignInOptions::default())
            .with_device(device.clone()),
    )
    .unwrap();
    assert!(!second.new_device);
    assert_eq!(second.device.as_ref().map(|d| d.device_key.as_str()), Some(device.device_key.as_str()));

    // A tampered device password does not verify.
    let forged =
        DeviceCredentials::new(device.device_key.as_str(), device.device_group_key.as_str(), "bm90IGl0");
    let err = run(
        &admin,
        SignIn::new(client(), "alice", "Correct-Horse-9", SignInOptions::default()).with_device(forged),
    )
    .unwrap_err();
    assert_eq!(err.code, cognito_srp_emulator::ErrorCode::NotAuthorized);

    // No request went over the socket.
    assert_eq!(admin.fault_counters().requests, before);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_wrong_password_and_a_forgotten_device() {
    let emulator = Emulator::builder().seed(Seed::from_json(SEED).unwrap()).start().await.unwrap();
    let admin = emulator.admin();
    let err =
        run(&admin, SignIn::new(client(), "alice", "Wrong-Horse-9", SignInOptions::default())).unwrap_err();
    assert_eq!(err.code, cognito_srp_emulator::ErrorCode::NotAuthorized);
    assert_eq!(err.message, "Incorrect username or password.");

    let first =
        run(&admin, SignIn::new(client(), "alice", "Correct-Horse-9", SignInOptions::default())).unwrap();
    let device = first.device.clone().unwrap();
    assert!(admin.forget_device("us-east-1_InMemory1", &device.device_key));
    // The machine drops the device the server no longer knows and confirms a new one.
    let again = run(
        &admin,
        SignIn::new(client(), "alice", "Correct-Horse-9", SignInOptions::default())
            .with_device(device.clone()),
    )
    .unwrap();
    assert_eq!(again.dropped_device.as_deref(), Some(device.device_key.as_str()));
    assert!(again.new_device);
    assert_ne!(again.device.as_ref().map(|d| d.device_key.clone()), Some(device.device_key.clone()));
    emulator.shutdown().await;
}
