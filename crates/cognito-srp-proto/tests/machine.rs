//! Pure transition tests of the sign-in machine: JSON answers in, calls out, no sockets.
//!
//! The SRP answers are checked by a few lines of server role from `cognito-srp-core`
//! (feature `server`), so a signature the machine makes with the wrong user name, salt or
//! password fails here exactly as it would on Cognito.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::time::Duration;

use cognito_srp_core::server::{ServerEphemeral, Verifier, salt_hex};
use cognito_srp_proto::{
    Action, AppClient, Call, ChallengeName, DeviceCredentials, ErrorCode, Failure, FirstFactor, MfaKind,
    NewDeviceMetadata, Operation, ProtocolError, Recovery, Request, Resend, RetryPolicy, SecretString,
    ServiceError, SignIn, SignInOptions, SignedIn, SrpFlow, Step, Timestamp, vocab::DeliveryMedium,
};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Machine1";
const POOL_NAME: &str = "Machine1";
const CLIENT: &str = "machine-app";
const SECRET: &str = "machine-client-secret";
/// The internal user name (a UUID on Cognito); alice signs in with her email alias.
const SUB: &str = "3f0c1d9e-7d4c-4a8e-9d2c-0b8f0f5e1a11";
const EMAIL: &str = "alice@example.com";
const PASSWORD: &str = "Correct-Horse-9";
const SALT: [u8; 16] = [0x5a; 16];
const SECRET_BLOCK: &str = "c2VjcmV0LWJsb2Nr";

/// A deterministic RNG (SplitMix64), so a failing case replays.
struct TestRng(u64);

impl cognito_srp_proto::rand_core::TryRng for TestRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let [b0, b1, b2, b3, ..] = self.try_next_u64()?.to_le_bytes();
        Ok(u32::from_le_bytes([b0, b1, b2, b3]))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let v = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}
impl cognito_srp_proto::rand_core::TryCryptoRng for TestRng {}

fn now() -> Timestamp {
    Timestamp::from_unix_seconds(1_767_776_703).unwrap()
}

/// The server side of one SRP exchange, as a test's fixture.
struct Srp {
    verifier: Verifier,
    server: ServerEphemeral,
    salt: Vec<u8>,
}

impl Srp {
    fn user(password: &str) -> Self {
        let verifier = Verifier::for_user(POOL_NAME, SUB, password, &SALT).unwrap();
        let server = ServerEphemeral::from_secret_bytes(&[0x33; 32], &verifier).unwrap();
        Self { verifier, server, salt: SALT.to_vec() }
    }

    /// From what `ConfirmDevice` registered (base64 verifier and salt).
    fn device(config: &Value) -> Self {
        use base64ct::{Base64, Encoding};
        let v = Base64::decode_vec(config["PasswordVerifier"].as_str().unwrap()).unwrap();
        let salt = Base64::decode_vec(config["Salt"].as_str().unwrap()).unwrap();
        let verifier = Verifier::from_be_bytes(&v).unwrap();
        let server = ServerEphemeral::from_secret_bytes(&[0x44; 32], &verifier).unwrap();
        Self { verifier, server, salt }
    }

    fn challenge(&self, name: &str, username: &str, device_key: Option<&str>) -> Value {
        let mut params = json!({
            "SALT": salt_hex(&self.salt).as_str(),
            "SRP_B": self.server.public_hex().as_str(),
            "SECRET_BLOCK": SECRET_BLOCK,
            "USERNAME": username,
        });
        if name == "PASSWORD_VERIFIER" {
            params["USER_ID_FOR_SRP"] = json!(SUB);
        }
        if let Some(key) = device_key {
            params["DEVICE_KEY"] = json!(key);
        }
        json!({"ChallengeName": name, "Session": format!("session-{name}"), "ChallengeParameters": params})
    }
}

fn tokens(device: Option<(&str, &str)>) -> Value {
    let mut result = json!({
        "AccessToken": "access.token.value", "IdToken": "id.token.value", "RefreshToken": "refresh-token",
        "ExpiresIn": 3600, "TokenType": "Bearer",
    });
    if let Some((key, group)) = device {
        result["NewDeviceMetadata"] = json!({"DeviceKey": key, "DeviceGroupKey": group});
    }
    json!({"AuthenticationResult": result, "ChallengeParameters": {}})
}

fn challenge(name: &str, params: Value) -> Value {
    json!({"ChallengeName": name, "Session": format!("session-{name}"), "ChallengeParameters": params})
}

/// The JSON body of a call, as the driver would send it.
fn body(call: &Call) -> Value {
    serde_json::from_slice(&call.request.to_json().unwrap()).unwrap()
}

fn reply(sign_in: &mut SignIn, rng: &mut TestRng, answer: &Value) -> Action {
    sign_in.on_reply(answer.to_string().as_bytes(), &now(), rng).unwrap()
}

fn sent(action: Action) -> Call {
    match action {
        Action::Send(call) => call,
        other => panic!("expected a call, got {other:?}"),
    }
}

fn step(action: Action) -> Step {
    match action {
        Action::Step(step) => step,
        other => panic!("expected a step, got {other:?}"),
    }
}

fn done(action: Action) -> Box<SignedIn> {
    match action {
        Action::Done(done) => done,
        other => panic!("expected done, got {other:?}"),
    }
}

fn service(code: ErrorCode, message: &str) -> ServiceError {
    ServiceError::new(code, message, 400)
}

fn client() -> AppClient {
    AppClient::new(POOL, CLIENT).unwrap()
}

/// Checks a PASSWORD_VERIFIER answer against the fixture's server role.
fn check_user_answer(srp: &Srp, initiate: &Value, answer: &Value) {
    let r = &answer["ChallengeResponses"];
    srp.server
        .verify_user_claim(
            &srp.verifier,
            initiate["AuthParameters"]["SRP_A"].as_str().unwrap(),
            POOL_NAME,
            SUB,
            r["PASSWORD_CLAIM_SECRET_BLOCK"].as_str().unwrap(),
            r["TIMESTAMP"].as_str().unwrap(),
            r["PASSWORD_CLAIM_SIGNATURE"].as_str().unwrap(),
        )
        .expect("the signature verifies");
}

/// Signs alice in with SRP up to the tokens (no device, no MFA), returning the calls' bodies.
fn srp_sign_in(sign_in: &mut SignIn, rng: &mut TestRng) -> (Value, Value, Box<SignedIn>) {
    let srp = Srp::user(PASSWORD);
    let initiate = body(&sign_in.start(rng).unwrap());
    let answer = body(&sent(reply(sign_in, rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None))));
    check_user_answer(&srp, &initiate, &answer);
    let signed_in = done(reply(sign_in, rng, &tokens(None)));
    (initiate, answer, signed_in)
}

#[test]
fn srp_sign_in_sends_the_right_names_and_a_signature_that_verifies() {
    let mut rng = TestRng(1);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
    let (initiate, answer, signed_in) = srp_sign_in(&mut sign_in, &mut rng);
    assert_eq!(initiate["AuthFlow"], "USER_SRP_AUTH");
    assert_eq!(initiate["ClientId"], CLIENT);
    assert_eq!(initiate["AuthParameters"]["USERNAME"], EMAIL);
    assert!(initiate["AuthParameters"].get("SECRET_HASH").is_none());
    assert!(initiate["AuthParameters"].get("DEVICE_KEY").is_none());
    assert_eq!(answer["ChallengeName"], "PASSWORD_VERIFIER");
    assert_eq!(answer["Session"], "session-PASSWORD_VERIFIER");
    assert_eq!(answer["ChallengeResponses"]["USERNAME"], SUB);
    assert_eq!(answer["ChallengeResponses"]["TIMESTAMP"], "Wed Jan 7 09:05:03 UTC 2026");
    assert_eq!(signed_in.username, SUB);
    assert_eq!(signed_in.tokens.access_token.expose_secret(), "access.token.value");
    assert!(signed_in.device.is_none() && !signed_in.new_device);
    assert!(!sign_in.awaits_reply());
}

#[test]
fn secret_hash_uses_the_typed_name_first_and_the_internal_name_after() {
    let mut rng = TestRng(2);
    let client = client().with_secret(SECRET);
    let mut sign_in = SignIn::new(client.clone(), EMAIL, PASSWORD, SignInOptions::default());
    let (initiate, answer, _) = srp_sign_in(&mut sign_in, &mut rng);
    let typed = client.secret_hash(EMAIL).unwrap();
    let internal = client.secret_hash(SUB).unwrap();
    assert_ne!(typed, internal);
    assert_eq!(initiate["AuthParameters"]["SECRET_HASH"], typed.as_str());
    assert_eq!(answer["ChallengeResponses"]["SECRET_HASH"], internal.as_str());
}

#[test]
fn without_a_username_in_the_challenge_user_id_for_srp_is_used() {
    let mut rng = TestRng(3);
    let srp = Srp::user(PASSWORD);
    let mut sign_in = SignIn::new(client().with_secret(SECRET), EMAIL, PASSWORD, SignInOptions::default());
    let initiate = body(&sign_in.start(&mut rng).unwrap());
    let mut verifier = srp.challenge("PASSWORD_VERIFIER", SUB, None);
    verifier["ChallengeParameters"].as_object_mut().unwrap().remove("USERNAME");
    let answer = body(&sent(reply(&mut sign_in, &mut rng, &verifier)));
    check_user_answer(&srp, &initiate, &answer);
    assert_eq!(answer["ChallengeResponses"]["USERNAME"], SUB);
}

#[test]
fn a_new_device_is_confirmed_remembered_and_then_signs_in_on_the_device_path() {
    let mut rng = TestRng(4);
    let (key, group) = ("us-east-1_5b1e6d7c-0000-4000-8000-000000000001", "-GroupKey01");
    let options = SignInOptions::default().remember_device(true).device_name("kitchen tablet");
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, options);
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let confirm = sent(reply(&mut sign_in, &mut rng, &tokens(Some((key, group)))));
    assert_eq!(confirm.request.operation(), Operation::ConfirmDevice);
    assert_eq!(confirm.request.resend(), Resend::Idempotent);
    let confirm = body(&confirm);
    assert_eq!(confirm["DeviceKey"], key);
    assert_eq!(confirm["AccessToken"], "access.token.value");
    assert_eq!(confirm["DeviceName"], "kitchen tablet");
    let remember = body(&sent(reply(&mut sign_in, &mut rng, &json!({"UserConfirmationNecessary": true}))));
    assert_eq!(remember["DeviceRememberedStatus"], "remembered");
    assert_eq!(remember["DeviceKey"], key);
    let first = done(reply(&mut sign_in, &mut rng, &json!({})));
    assert!(first.new_device);
    assert_eq!(first.user_confirmation_necessary, Some(true));
    assert_eq!(first.device_remembered, Some(true));
    let device = first.device.clone().unwrap();
    assert_eq!((device.device_key.as_str(), device.device_group_key.as_str()), (key, group));

    // Next time: DEVICE_KEY everywhere, and the device signature verifies against what
    // ConfirmDevice registered.
    let mut again = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default()).with_device(device);
    let initiate = body(&again.start(&mut rng).unwrap());
    assert_eq!(initiate["AuthParameters"]["DEVICE_KEY"], key);
    let answer = body(&sent(reply(&mut again, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None))));
    check_user_answer(&srp, &initiate, &answer);
    assert_eq!(answer["ChallengeResponses"]["DEVICE_KEY"], key);
    let device_srp =
        body(&sent(reply(&mut again, &mut rng, &challenge("DEVICE_SRP_AUTH", json!({"USERNAME": SUB})))));
    assert_eq!(device_srp["ChallengeName"], "DEVICE_SRP_AUTH");
    let device_a = device_srp["ChallengeResponses"]["SRP_A"].as_str().unwrap().to_owned();
    let dsrp = Srp::device(&confirm["DeviceSecretVerifierConfig"]);
    let device_answer =
        body(&sent(reply(&mut again, &mut rng, &dsrp.challenge("DEVICE_PASSWORD_VERIFIER", SUB, Some(key)))));
    let r = &device_answer["ChallengeResponses"];
    assert_eq!(r["DEVICE_KEY"], key);
    dsrp.server
        .verify_device_claim(
            &dsrp.verifier,
            &device_a,
            group,
            key,
            r["PASSWORD_CLAIM_SECRET_BLOCK"].as_str().unwrap(),
            r["TIMESTAMP"].as_str().unwrap(),
            r["PASSWORD_CLAIM_SIGNATURE"].as_str().unwrap(),
        )
        .expect("the device signature verifies");
    let second = done(reply(&mut again, &mut rng, &tokens(None)));
    assert!(!second.new_device);
    assert_eq!(second.device.as_ref().map(|d| d.device_key.as_str()), Some(key));
}

#[test]
fn confirmation_off_leaves_the_metadata_for_later() {
    let mut rng = TestRng(5);
    let mut sign_in =
        SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default().confirm_new_devices(false));
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let signed_in = done(reply(&mut sign_in, &mut rng, &tokens(Some(("us-east-1_k", "-g")))));
    assert!(signed_in.device.is_none());
    assert_eq!(signed_in.unconfirmed_device.unwrap().device_key, "us-east-1_k");
}

#[test]
fn a_failed_confirm_device_still_signs_in() {
    let mut rng = TestRng(6);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    sent(reply(&mut sign_in, &mut rng, &tokens(Some(("us-east-1_k", "-g")))));
    let err = service(ErrorCode::InvalidParameter, "bad verifier");
    let Recovery::SignedIn(signed_in) = sign_in.on_failure(Failure::Service(&err), &mut rng) else {
        panic!("the tokens are good");
    };
    assert!(signed_in.device.is_none() && !signed_in.new_device);
    assert_eq!(signed_in.unconfirmed_device.unwrap().device_key, "us-east-1_k");
}

#[test]
fn a_lost_confirm_device_or_update_device_status_is_resent_within_the_budget() {
    let mut rng = TestRng(16);
    let backoff = RetryPolicy::new(3, Duration::from_millis(100), Duration::from_secs(1));
    let options = SignInOptions::default().remember_device(true).max_restarts(2).restart_backoff(backoff);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, options);
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let confirm = sent(reply(&mut sign_in, &mut rng, &tokens(Some(("us-east-1_k", "-g")))));
    assert_eq!(confirm.request.resend(), Resend::Idempotent);
    // Throttled, then lost: the same request (same verifier) again, after a backoff.
    for failure in [Failure::Service(&service(ErrorCode::TooManyRequests, "slow down")), Failure::Transient] {
        let Recovery::Resend(again) = sign_in.on_failure(failure, &mut rng) else { panic!("resend") };
        assert_eq!(again.request, confirm.request);
        assert!(again.delay <= Duration::from_millis(200));
    }
    // Out of resends: signed in without the device.
    let Recovery::SignedIn(signed_in) = sign_in.on_failure(Failure::Transient, &mut rng) else {
        panic!("the tokens are good");
    };
    assert!(signed_in.device.is_none() && signed_in.unconfirmed_device.is_some());

    // The budget counts per device call: UpdateDeviceStatus gets its own.
    let mut sign_in = SignIn::new(
        client(),
        EMAIL,
        PASSWORD,
        SignInOptions::default().remember_device(true).max_restarts(1),
    );
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    sent(reply(&mut sign_in, &mut rng, &tokens(Some(("us-east-1_k", "-g")))));
    let Recovery::Resend(_) = sign_in.on_failure(Failure::Transient, &mut rng) else { panic!("resend") };
    let remember = sent(reply(&mut sign_in, &mut rng, &json!({"UserConfirmationNecessary": true})));
    assert_eq!(remember.request.operation(), Operation::UpdateDeviceStatus);
    let Recovery::Resend(again) = sign_in.on_failure(Failure::Transient, &mut rng) else { panic!("resend") };
    assert_eq!(again.request, remember.request);
    let Recovery::SignedIn(signed_in) = sign_in.on_failure(Failure::Transient, &mut rng) else {
        panic!("the tokens are good");
    };
    assert!(signed_in.new_device && signed_in.device_remembered.is_none());
}

#[test]
fn the_default_restart_budget_is_fifty() {
    let mut rng = TestRng(17);
    let options =
        SignInOptions::default().restart_backoff(RetryPolicy::new(3, Duration::ZERO, Duration::ZERO));
    assert_eq!(options.max_restarts, cognito_srp_proto::DEFAULT_MAX_RESTARTS);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, options);
    sign_in.start(&mut rng).unwrap();
    for _ in 0..50 {
        let Recovery::Restart(_) = sign_in.on_failure(Failure::Transient, &mut rng) else {
            panic!("restart")
        };
    }
    assert_eq!(sign_in.restarts(), 50);
    assert!(matches!(sign_in.on_failure(Failure::Transient, &mut rng), Recovery::Fail));
    // HTTP 429 without a throttling type counts as throttling.
    sign_in.start(&mut rng).unwrap();
    let throttled = ServiceError::new(ErrorCode::Unknown("SlowDown".into()), "", 429);
    assert!(matches!(sign_in.on_failure(Failure::Service(&throttled), &mut rng), Recovery::Restart(_)));
}

#[test]
fn empty_device_metadata_is_reported_not_confirmed() {
    let mut rng = TestRng(7);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let signed_in = done(reply(&mut sign_in, &mut rng, &tokens(Some(("", "")))));
    assert!(matches!(
        signed_in.device_error,
        Some(cognito_srp_proto::Error::Protocol(ProtocolError::MissingField(_)))
    ));
}

#[test]
fn a_lost_challenge_answer_is_never_resent_the_sign_in_starts_over() {
    let mut rng = TestRng(8);
    let backoff = RetryPolicy::new(3, Duration::from_millis(100), Duration::from_secs(1));
    let options = SignInOptions::default().max_restarts(2).restart_backoff(backoff);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, options);
    let srp = Srp::user(PASSWORD);
    let first = body(&sign_in.start(&mut rng).unwrap());
    let answer = sent(reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None)));
    assert_eq!(answer.request.resend(), Resend::Never);
    // The answer's fate is unknown: start over with a new SRP_A, after a backoff.
    for (restart, failure) in
        [Failure::Transient, Failure::Service(&service(ErrorCode::TooManyRequests, "slow down"))]
            .into_iter()
            .enumerate()
    {
        let Recovery::Restart(call) = sign_in.on_failure(failure, &mut rng) else { panic!("restart") };
        assert_eq!(call.request.operation(), Operation::InitiateAuth);
        assert!(call.delay <= Duration::from_millis(100) * 2u32.pow(u32::try_from(restart).unwrap()));
        assert_ne!(body(&call)["AuthParameters"]["SRP_A"], first["AuthParameters"]["SRP_A"]);
        assert_eq!(sign_in.restarts(), u32::try_from(restart).unwrap() + 1);
        // The restart's InitiateAuth is lost too: restarts count.
        if restart == 0 {
            sent(reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None)));
        }
    }
    // Out of restarts.
    assert!(matches!(sign_in.on_failure(Failure::Transient, &mut rng), Recovery::Fail));
    assert!(!sign_in.awaits_reply());
    assert!(matches!(
        sign_in.on_reply(b"{}", &now(), &mut rng),
        Err(cognito_srp_proto::Error::InvalidState(_))
    ));
}

#[test]
fn a_wrong_password_is_not_retried() {
    let mut rng = TestRng(9);
    let mut sign_in = SignIn::new(client(), EMAIL, "Wrong-Horse-9", SignInOptions::default());
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let err = service(ErrorCode::NotAuthorized, "Incorrect username or password.");
    assert!(matches!(sign_in.on_failure(Failure::Service(&err), &mut rng), Recovery::Fail));
    // start() begins anew.
    assert_eq!(sign_in.start(&mut rng).unwrap().request.operation(), Operation::InitiateAuth);
}

#[test]
fn a_device_the_server_forgot_is_dropped_once_and_the_sign_in_goes_on_without_it() {
    let mut rng = TestRng(10);
    let device = DeviceCredentials::new("us-east-1_gone", "-g", "cGFzc3dvcmQ=");
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default()).with_device(device);
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let gone = service(ErrorCode::ResourceNotFound, "Device does not exist.");
    let Recovery::Restart(call) = sign_in.on_failure(Failure::Service(&gone), &mut rng) else {
        panic!("restart")
    };
    assert_eq!(call.delay, Duration::ZERO);
    let initiate = body(&call);
    assert!(initiate["AuthParameters"].get("DEVICE_KEY").is_none());
    assert_eq!(sign_in.restarts(), 0, "dropping the device is not a transient restart");
    let answer = body(&sent(reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None))));
    check_user_answer(&srp, &initiate, &answer);
    assert!(answer["ChallengeResponses"].get("DEVICE_KEY").is_none());
    let signed_in = done(reply(&mut sign_in, &mut rng, &tokens(None)));
    assert_eq!(signed_in.dropped_device.as_deref(), Some("us-east-1_gone"));
    assert!(signed_in.device.is_none());
}

#[test]
fn a_pool_client_that_does_not_exist_is_not_a_gone_device() {
    let mut rng = TestRng(11);
    let device = DeviceCredentials::new("us-east-1_d", "-g", "cGFzc3dvcmQ=");
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default()).with_device(device);
    sign_in.start(&mut rng).unwrap();
    let err = service(ErrorCode::ResourceNotFound, "User pool client machine-app does not exist.");
    assert!(matches!(sign_in.on_failure(Failure::Service(&err), &mut rng), Recovery::Fail));
}

#[test]
fn mfa_code_wrong_then_right() {
    let mut rng = TestRng(12);
    let mut sign_in = SignIn::new(client().with_secret(SECRET), EMAIL, PASSWORD, SignInOptions::default());
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let asked = step(reply(
        &mut sign_in,
        &mut rng,
        &challenge("SMS_MFA", json!({"USERNAME": SUB, "CODE_DELIVERY_DESTINATION": "+*******0123"})),
    ));
    assert_eq!(asked, Step::MfaCode { kind: MfaKind::Sms, destination: Some("+*******0123".into()) });
    assert!(matches!(sign_in.select_mfa_type(&MfaKind::Sms), Err(cognito_srp_proto::Error::InvalidState(_))));
    let wrong = body(&sign_in.answer_mfa_code("000000").unwrap());
    assert_eq!(wrong["ChallengeName"], "SMS_MFA");
    assert_eq!(wrong["Session"], "session-SMS_MFA");
    assert_eq!(wrong["ChallengeResponses"]["SMS_MFA_CODE"], "000000");
    assert_eq!(wrong["ChallengeResponses"]["USERNAME"], SUB);
    assert_eq!(
        wrong["ChallengeResponses"]["SECRET_HASH"],
        client().with_secret(SECRET).secret_hash(SUB).unwrap().as_str()
    );
    let mismatch = service(ErrorCode::CodeMismatch, "Invalid code or auth state for the user.");
    assert!(matches!(sign_in.on_failure(Failure::Service(&mismatch), &mut rng), Recovery::StepOpen));
    let right = body(&sign_in.answer_mfa_code("123456").unwrap());
    assert_eq!(right["Session"], "session-SMS_MFA");
    done(reply(&mut sign_in, &mut rng, &tokens(None)));
}

#[test]
fn a_lost_mfa_answer_restarts_and_asks_again() {
    let mut rng = TestRng(13);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    step(reply(&mut sign_in, &mut rng, &challenge("SOFTWARE_TOKEN_MFA", json!({"USERNAME": SUB}))));
    sign_in.answer_mfa_code("123456").unwrap();
    let Recovery::Restart(call) = sign_in.on_failure(Failure::Transient, &mut rng) else { panic!("restart") };
    assert_eq!(call.request.operation(), Operation::InitiateAuth);
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let again =
        step(reply(&mut sign_in, &mut rng, &challenge("SOFTWARE_TOKEN_MFA", json!({"USERNAME": SUB}))));
    assert_eq!(again, Step::MfaCode { kind: MfaKind::SoftwareToken, destination: None });
}

#[test]
fn select_mfa_type_then_code() {
    let mut rng = TestRng(14);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let choice = step(reply(
        &mut sign_in,
        &mut rng,
        &challenge(
            "SELECT_MFA_TYPE",
            json!({"USERNAME": SUB, "MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}),
        ),
    ));
    assert_eq!(choice, Step::SelectMfaType { options: vec![MfaKind::Sms, MfaKind::SoftwareToken] });
    let pick = body(&sign_in.select_mfa_type(&MfaKind::SoftwareToken).unwrap());
    assert_eq!(pick["ChallengeResponses"]["ANSWER"], "SOFTWARE_TOKEN_MFA");
    step(reply(&mut sign_in, &mut rng, &challenge("SOFTWARE_TOKEN_MFA", json!({"USERNAME": SUB}))));
}

#[test]
fn mfa_setup_associates_verifies_and_answers() {
    let mut rng = TestRng(15);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let associate = sent(reply(
        &mut sign_in,
        &mut rng,
        &challenge("MFA_SETUP", json!({"USERNAME": SUB, "MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]"})),
    ));
    assert_eq!(associate.request.operation(), Operation::AssociateSoftwareToken);
    assert_eq!(associate.request.resend(), Resend::Never);
    assert_eq!(body(&associate)["Session"], "session-MFA_SETUP");
    let setup = step(reply(
        &mut sign_in,
        &mut rng,
        &json!({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "session-associated"}),
    ));
    let Step::MfaSetup { secret_code: Some(secret), options } = &setup else { panic!("{setup:?}") };
    assert_eq!(secret.expose_secret(), "JBSWY3DPEHPK3PXP");
    assert_eq!(options, &[MfaKind::SoftwareToken]);
    assert!(setup.totp_uri("Example", "alice").is_some());
    let verify = body(&sign_in.answer_mfa_setup("123456", Some("phone")).unwrap());
    assert_eq!(
        (verify["Session"].as_str(), verify["UserCode"].as_str()),
        (Some("session-associated"), Some("123456"))
    );
    // A code the server refuses leaves the step open.
    let refused = service(ErrorCode::EnableSoftwareTokenMfa, "Code mismatch");
    assert!(matches!(sign_in.on_failure(Failure::Service(&refused), &mut rng), Recovery::StepOpen));
    sign_in.answer_mfa_setup("654321", None).unwrap();
    let answer = body(&sent(reply(
        &mut sign_in,
        &mut rng,
        &json!({"Status": "SUCCESS", "Session": "session-verified"}),
    )));
    assert_eq!(answer["ChallengeName"], "MFA_SETUP");
    assert_eq!(answer["Session"], "session-verified");
    assert!(answer["ChallengeResponses"].get("ANSWER").is_none());
    done(reply(&mut sign_in, &mut rng, &tokens(None)));
}

#[test]
fn new_password_required_and_a_restart_proves_the_new_password() {
    let mut rng = TestRng(16);
    let mut sign_in = SignIn::new(client(), EMAIL, "Temp-Pa55word", SignInOptions::default());
    let temp = Srp::user("Temp-Pa55word");
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &temp.challenge("PASSWORD_VERIFIER", SUB, None));
    let asked = step(reply(
        &mut sign_in,
        &mut rng,
        &challenge(
            "NEW_PASSWORD_REQUIRED",
            json!({"USERNAME": SUB, "userAttributes": "{\"email\":\"alice@example.com\",\"email_verified\":true}",
                   "requiredAttributes": "[\"userAttributes.name\"]"}),
        ),
    ));
    let Step::NewPasswordRequired { required_attributes, user_attributes } = asked else { panic!() };
    assert_eq!(required_attributes, ["name"]);
    assert_eq!(user_attributes.get("email_verified").map(String::as_str), Some("true"));
    let answer = body(&sign_in.answer_new_password(PASSWORD, &[("name", "Alice")]).unwrap());
    assert_eq!(answer["ChallengeResponses"]["NEW_PASSWORD"], PASSWORD);
    assert_eq!(answer["ChallengeResponses"]["userAttributes.name"], "Alice");
    // Accepted, and then the next step is lost: the restart must sign in with the new password.
    let srp = Srp::user(PASSWORD);
    step(reply(&mut sign_in, &mut rng, &challenge("SOFTWARE_TOKEN_MFA", json!({"USERNAME": SUB}))));
    sign_in.answer_mfa_code("123456").unwrap();
    let Recovery::Restart(call) = sign_in.on_failure(Failure::Transient, &mut rng) else { panic!("restart") };
    let initiate = body(&call);
    let answer = body(&sent(reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None))));
    check_user_answer(&srp, &initiate, &answer);
}

#[test]
fn a_refused_new_password_keeps_the_step_open() {
    let mut rng = TestRng(17);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    step(reply(&mut sign_in, &mut rng, &challenge("NEW_PASSWORD_REQUIRED", json!({"USERNAME": SUB}))));
    sign_in.answer_new_password("short", &[]).unwrap();
    let refused = service(ErrorCode::InvalidPassword, "Password did not conform with policy");
    assert!(matches!(sign_in.on_failure(Failure::Service(&refused), &mut rng), Recovery::StepOpen));
    sign_in.answer_new_password("Long-Enough-Pa55", &[]).unwrap();
}

#[test]
fn custom_auth_with_srp_then_a_custom_challenge() {
    let mut rng = TestRng(18);
    let options = SignInOptions::default().flow(SrpFlow::CustomWithSrp);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, options);
    let srp = Srp::user(PASSWORD);
    let initiate = body(&sign_in.start(&mut rng).unwrap());
    assert_eq!(initiate["AuthFlow"], "CUSTOM_AUTH");
    assert_eq!(initiate["AuthParameters"]["CHALLENGE_NAME"], "SRP_A");
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let asked = step(reply(
        &mut sign_in,
        &mut rng,
        &challenge("CUSTOM_CHALLENGE", json!({"USERNAME": SUB, "question": "6*7"})),
    ));
    let Step::CustomChallenge { parameters } = asked else { panic!() };
    assert_eq!(parameters.get("question"), Some("6*7"));
    let answer = body(&sign_in.answer_custom_challenge("42").unwrap());
    assert_eq!(answer["ChallengeName"], "CUSTOM_CHALLENGE");
    assert_eq!(answer["ChallengeResponses"]["ANSWER"], "42");
}

#[test]
fn answers_that_make_no_sense_end_the_sign_in_with_a_typed_error() {
    let mut rng = TestRng(19);
    let srp = Srp::user(PASSWORD);
    type Check = Box<dyn Fn(&cognito_srp_proto::Error) -> bool>;
    let cases: [(&str, Check); 5] = [
        (
            "{}",
            Box::new(|e| matches!(e, cognito_srp_proto::Error::Protocol(ProtocolError::EmptyAuthResponse))),
        ),
        (
            "not json",
            Box::new(|e| matches!(e, cognito_srp_proto::Error::Protocol(ProtocolError::InvalidBody { .. }))),
        ),
        (
            r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"ab"}}"#,
            Box::new(|e| matches!(e, cognito_srp_proto::Error::Protocol(ProtocolError::MissingField(_)))),
        ),
        (
            r#"{"ChallengeName":"DEVICE_SRP_AUTH","ChallengeParameters":{}}"#,
            Box::new(|e| {
                matches!(e, cognito_srp_proto::Error::Protocol(ProtocolError::UnexpectedChallenge(_)))
            }),
        ),
        (
            r#"{"ChallengeName":"SOMETHING_NEW","ChallengeParameters":{}}"#,
            Box::new(
                |e| matches!(e, cognito_srp_proto::Error::Protocol(ProtocolError::UnexpectedChallenge(n)) if n == "SOMETHING_NEW"),
            ),
        ),
    ];
    for (answer, expected) in cases {
        let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
        sign_in.start(&mut rng).unwrap();
        let err = sign_in.on_reply(answer.as_bytes(), &now(), &mut rng).unwrap_err();
        assert!(expected(&err), "{answer}: {err:?}");
        assert!(!sign_in.awaits_reply(), "{answer}: the sign-in is over");
    }
    // A second PASSWORD_VERIFIER after the first was answered.
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let err = sign_in
        .on_reply(srp.challenge("PASSWORD_VERIFIER", SUB, None).to_string().as_bytes(), &now(), &mut rng)
        .unwrap_err();
    assert!(matches!(err, cognito_srp_proto::Error::Protocol(ProtocolError::UnexpectedChallenge(_))));
    // A bad SRP_B is the math's typed error.
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
    sign_in.start(&mut rng).unwrap();
    let mut zero_b = srp.challenge("PASSWORD_VERIFIER", SUB, None);
    zero_b["ChallengeParameters"]["SRP_B"] = json!("0");
    let err = sign_in.on_reply(zero_b.to_string().as_bytes(), &now(), &mut rng).unwrap_err();
    assert!(matches!(err, cognito_srp_proto::Error::Srp(_)), "{err:?}");
}

#[test]
fn a_server_that_loops_on_device_srp_is_stopped() {
    let mut rng = TestRng(20);
    let device = DeviceCredentials::new("us-east-1_d", "-g", "cGFzc3dvcmQ=");
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default()).with_device(device);
    sign_in.start(&mut rng).unwrap();
    let looping = challenge("DEVICE_SRP_AUTH", json!({"USERNAME": SUB}));
    let mut answered = 0;
    let err = loop {
        match sign_in.on_reply(looping.to_string().as_bytes(), &now(), &mut rng) {
            Ok(Action::Send(_)) => answered += 1,
            Ok(other) => panic!("{other:?}"),
            Err(err) => break err,
        }
    };
    assert_eq!(answered, 8);
    assert!(matches!(err, cognito_srp_proto::Error::Protocol(ProtocolError::TooManySteps(8))));
}

#[test]
fn client_metadata_goes_with_every_step() {
    let mut rng = TestRng(21);
    let metadata = cognito_srp_proto::Parameters::new().with("app_version", "1.2");
    let mut sign_in =
        SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default().client_metadata(metadata));
    let srp = Srp::user(PASSWORD);
    let initiate = body(&sign_in.start(&mut rng).unwrap());
    let answer = body(&sent(reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None))));
    for call in [initiate, answer] {
        assert_eq!(call["ClientMetadata"], json!({"app_version": "1.2"}));
    }
}

#[test]
fn user_context_data_goes_with_every_step() {
    let mut rng = TestRng(23);
    let context =
        cognito_srp_proto::UserContextData::new().ip_address("192.0.2.7").encoded_data("fingerprint");
    let options = SignInOptions::default().user_context_data(context);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, options);
    let srp = Srp::user(PASSWORD);
    let initiate = body(&sign_in.start(&mut rng).unwrap());
    let answer = body(&sent(reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None))));
    // And on a person step's answer.
    let mfa = step(reply(&mut sign_in, &mut rng, &challenge("SOFTWARE_TOKEN_MFA", json!({}))));
    assert!(matches!(mfa, Step::MfaCode { .. }), "{mfa:?}");
    let code = body(&sign_in.answer_mfa_code("123456").unwrap());
    for call in [initiate, answer, code] {
        assert_eq!(call["UserContextData"], json!({"EncodedData": "fingerprint", "IpAddress": "192.0.2.7"}));
    }
    // Without it, none is sent.
    let mut plain = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
    assert!(body(&plain.start(&mut rng).unwrap()).get("UserContextData").is_none());
}

#[test]
fn every_call_names_its_operation_and_redacts_secrets_in_debug() {
    let mut rng = TestRng(22);
    let mut sign_in = SignIn::new(client().with_secret(SECRET), EMAIL, PASSWORD, SignInOptions::default());
    let call = sign_in.start(&mut rng).unwrap();
    assert!(matches!(call.request, Request::InitiateAuth(_)));
    assert_eq!(call.request.operation().target(), "AWSCognitoIdentityProviderService.InitiateAuth");
    let secret_hash = client().with_secret(SECRET).secret_hash(EMAIL).unwrap();
    let shown = format!("{call:?} {sign_in:?}");
    assert!(!shown.contains(&secret_hash) && !shown.contains(PASSWORD) && !shown.contains(SECRET), "{shown}");
    let srp = Srp::user(PASSWORD);
    let answer = sent(reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None)));
    let shown = format!("{answer:?}");
    assert!(!shown.contains("session-PASSWORD_VERIFIER"), "{shown}");
    assert!(
        !shown.contains(body(&answer)["ChallengeResponses"]["PASSWORD_CLAIM_SIGNATURE"].as_str().unwrap())
    );
    let _: ChallengeName = ChallengeName::PasswordVerifier;
}

/// A generator that fails after `left` more words: the operating system's can.
struct FailingRng {
    inner: TestRng,
    left: u32,
}

#[derive(Debug)]
struct NoEntropy;

impl std::fmt::Display for NoEntropy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no entropy")
    }
}

impl std::error::Error for NoEntropy {}

impl cognito_srp_proto::rand_core::TryRng for FailingRng {
    type Error = NoEntropy;
    fn try_next_u32(&mut self) -> Result<u32, NoEntropy> {
        self.try_next_u64().map(|v| v.to_le_bytes()[0].into())
    }
    fn try_next_u64(&mut self) -> Result<u64, NoEntropy> {
        if self.left == 0 {
            return Err(NoEntropy);
        }
        self.left -= 1;
        Ok(cognito_srp_proto::rand_core::TryRng::try_next_u64(&mut self.inner).unwrap())
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), NoEntropy> {
        for chunk in dst.chunks_mut(8) {
            let v = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}
impl cognito_srp_proto::rand_core::TryCryptoRng for FailingRng {}

#[test]
fn a_failing_random_generator_is_an_error_not_a_panic() {
    let mut dead = FailingRng { inner: TestRng(23), left: 0 };
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
    let err = sign_in.start(&mut dead).unwrap_err();
    assert_eq!(err, cognito_srp_proto::Error::Srp(cognito_srp_core::Error::RandomUnavailable));
    assert!(!sign_in.awaits_reply());

    // Enough for the first SRP_A only: the restart after a lost answer cannot make a new `a`,
    // so the sign-in ends instead of sending an InitiateAuth without one.
    let mut short = FailingRng { inner: TestRng(24), left: 4 };
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut short).unwrap();
    sign_in
        .on_reply(srp.challenge("PASSWORD_VERIFIER", SUB, None).to_string().as_bytes(), &now(), &mut short)
        .unwrap();
    assert!(matches!(sign_in.on_failure(Failure::Transient, &mut short), Recovery::Fail));
    assert!(!sign_in.awaits_reply());

    // A device confirmation needs 56 random bytes.
    let mut dead = FailingRng { inner: TestRng(25), left: 0 };
    let metadata = NewDeviceMetadata::new("us-east-1_k", "-g");
    let err = cognito_srp_proto::confirm_device(&"at".into(), &metadata, None, &mut dead).unwrap_err();
    assert_eq!(err, cognito_srp_proto::Error::Srp(cognito_srp_core::Error::RandomUnavailable));
}

// ---- Choice-based sign-in (USER_AUTH), email MFA and CUSTOM_AUTH without SRP ----

fn user_auth(preferred: Option<FirstFactor>) -> SignInOptions {
    SignInOptions::default().flow(SrpFlow::UserAuth { preferred })
}

fn select_challenge(available: &[&str]) -> Value {
    json!({
        "ChallengeName": "SELECT_CHALLENGE", "Session": "session-SELECT_CHALLENGE",
        "ChallengeParameters": {"USERNAME": SUB}, "AvailableChallenges": available,
    })
}

fn code_challenge(name: &str, medium: &str, destination: &str) -> Value {
    challenge(
        name,
        json!({"USERNAME": SUB, "CODE_DELIVERY_DELIVERY_MEDIUM": medium, "CODE_DELIVERY_DESTINATION": destination}),
    )
}

#[test]
fn user_auth_select_challenge_then_password_srp_runs_the_device_steps() {
    let mut rng = TestRng(40);
    let (key, group) = ("us-east-1_5b1e6d7c-0000-4000-8000-0000000000aa", "-GroupKeyUA");
    let (confirm, device) = cognito_srp_proto::confirm_device(
        &SecretString::from("at"),
        &NewDeviceMetadata::new(key, group),
        None,
        &mut rng,
    )
    .unwrap();
    let confirm = serde_json::to_value(&confirm).unwrap();
    let client = client().with_secret(SECRET);
    let mut sign_in = SignIn::new(client.clone(), EMAIL, PASSWORD, user_auth(None)).with_device(device);
    let initiate = body(&sign_in.start(&mut rng).unwrap());
    assert_eq!(initiate["AuthFlow"], "USER_AUTH");
    let params = &initiate["AuthParameters"];
    assert_eq!(params["USERNAME"], EMAIL);
    assert_eq!(params["DEVICE_KEY"], key);
    assert_eq!(params["SECRET_HASH"], client.secret_hash(EMAIL).unwrap().as_str());
    for absent in ["SRP_A", "PASSWORD", "PREFERRED_CHALLENGE", "CHALLENGE_NAME"] {
        assert!(params.get(absent).is_none(), "{absent} in {params}");
    }
    let offered = &["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN", "A_NEW_FACTOR"];
    let asked = step(reply(&mut sign_in, &mut rng, &select_challenge(offered)));
    let all = vec![
        FirstFactor::Password,
        FirstFactor::PasswordSrp,
        FirstFactor::EmailOtp,
        FirstFactor::SmsOtp,
        FirstFactor::WebAuthn,
    ];
    assert_eq!(asked, Step::SelectChallenge { available: all });
    // Only the answers of an open step.
    assert!(matches!(sign_in.answer_one_time_code("1"), Err(cognito_srp_proto::Error::InvalidState(_))));
    let select = body(&sign_in.select_challenge(FirstFactor::PasswordSrp, None, &mut rng).unwrap());
    assert_eq!(select["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(select["Session"], "session-SELECT_CHALLENGE");
    let r = &select["ChallengeResponses"];
    assert_eq!(r["ANSWER"], "PASSWORD_SRP");
    assert_eq!(r["USERNAME"], SUB);
    assert_eq!(r["DEVICE_KEY"], key);
    assert_eq!(r["SECRET_HASH"], client.secret_hash(SUB).unwrap().as_str());
    assert!(r.get("PASSWORD").is_none(), "the password never travels with PASSWORD_SRP");
    // The SRP_A of the answer is what PASSWORD_VERIFIER's signature is checked against.
    let srp = Srp::user(PASSWORD);
    let answer = body(&sent(reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None))));
    check_user_answer(&srp, &json!({"AuthParameters": {"SRP_A": r["SRP_A"]}}), &answer);
    assert_eq!(answer["ChallengeResponses"]["DEVICE_KEY"], key);
    let device_srp =
        body(&sent(reply(&mut sign_in, &mut rng, &challenge("DEVICE_SRP_AUTH", json!({"USERNAME": SUB})))));
    let device_a = device_srp["ChallengeResponses"]["SRP_A"].as_str().unwrap().to_owned();
    let dsrp = Srp::device(&confirm["DeviceSecretVerifierConfig"]);
    let device_answer = body(&sent(reply(
        &mut sign_in,
        &mut rng,
        &dsrp.challenge("DEVICE_PASSWORD_VERIFIER", SUB, Some(key)),
    )));
    let r = &device_answer["ChallengeResponses"];
    dsrp.server
        .verify_device_claim(
            &dsrp.verifier,
            &device_a,
            group,
            key,
            r["PASSWORD_CLAIM_SECRET_BLOCK"].as_str().unwrap(),
            r["TIMESTAMP"].as_str().unwrap(),
            r["PASSWORD_CLAIM_SIGNATURE"].as_str().unwrap(),
        )
        .expect("the device signature verifies");
    let signed_in = done(reply(&mut sign_in, &mut rng, &tokens(None)));
    assert_eq!(signed_in.device.as_ref().map(|d| d.device_key.as_str()), Some(key));
}

#[test]
fn user_auth_preferring_password_srp_sends_srp_a_first() {
    let mut rng = TestRng(41);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, user_auth(Some(FirstFactor::PasswordSrp)));
    let srp = Srp::user(PASSWORD);
    let initiate = body(&sign_in.start(&mut rng).unwrap());
    assert_eq!(initiate["AuthFlow"], "USER_AUTH");
    assert_eq!(initiate["AuthParameters"]["PREFERRED_CHALLENGE"], "PASSWORD_SRP");
    assert!(initiate["AuthParameters"].get("PASSWORD").is_none());
    let answer = body(&sent(reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None))));
    check_user_answer(&srp, &initiate, &answer);
    done(reply(&mut sign_in, &mut rng, &tokens(None)));
}

#[test]
fn user_auth_preferring_password_then_email_mfa() {
    let mut rng = TestRng(42);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, user_auth(Some(FirstFactor::Password)));
    let call = sign_in.start(&mut rng).unwrap();
    assert!(!format!("{call:?}").contains(PASSWORD), "the password is redacted in Debug");
    let initiate = body(&call);
    assert_eq!(initiate["AuthParameters"]["PREFERRED_CHALLENGE"], "PASSWORD");
    assert_eq!(initiate["AuthParameters"]["PASSWORD"], PASSWORD);
    assert!(initiate["AuthParameters"].get("SRP_A").is_none());
    // EMAIL_OTP after a password is email MFA, a second factor.
    let asked = step(reply(&mut sign_in, &mut rng, &code_challenge("EMAIL_OTP", "EMAIL", "a***@e***.com")));
    assert_eq!(asked, Step::MfaCode { kind: MfaKind::Email, destination: Some("a***@e***.com".into()) });
    let answer = body(&sign_in.answer_mfa_code("123456").unwrap());
    assert_eq!(answer["ChallengeName"], "EMAIL_OTP");
    assert_eq!(answer["ChallengeResponses"]["EMAIL_OTP_CODE"], "123456");
    done(reply(&mut sign_in, &mut rng, &tokens(None)));
}

#[test]
fn a_password_factor_without_a_password_is_a_config_error() {
    let mut rng = TestRng(43);
    for factor in [FirstFactor::Password, FirstFactor::PasswordSrp] {
        let mut sign_in = SignIn::without_password(client(), EMAIL, user_auth(Some(factor)));
        assert!(matches!(sign_in.start(&mut rng), Err(cognito_srp_proto::Error::Config(_))), "{factor}");
    }
    // At SELECT_CHALLENGE: refused, the step stays open, and the password can come with the choice.
    let mut sign_in = SignIn::without_password(client(), EMAIL, user_auth(None));
    sign_in.start(&mut rng).unwrap();
    step(reply(&mut sign_in, &mut rng, &select_challenge(&["PASSWORD", "EMAIL_OTP"])));
    let err = sign_in.select_challenge(FirstFactor::Password, None, &mut rng).unwrap_err();
    assert!(matches!(err, cognito_srp_proto::Error::Config(_)), "{err:?}");
    let call = sign_in.select_challenge(FirstFactor::Password, Some(PASSWORD.into()), &mut rng).unwrap();
    assert!(!format!("{call:?}").contains(PASSWORD));
    let answer = body(&call);
    assert_eq!(answer["ChallengeResponses"]["ANSWER"], "PASSWORD");
    assert_eq!(answer["ChallengeResponses"]["PASSWORD"], PASSWORD);
    done(reply(&mut sign_in, &mut rng, &tokens(None)));
}

#[test]
fn user_auth_email_one_time_code_without_a_password() {
    let mut rng = TestRng(44);
    let mut sign_in = SignIn::without_password(client(), EMAIL, user_auth(Some(FirstFactor::EmailOtp)));
    let initiate = body(&sign_in.start(&mut rng).unwrap());
    assert_eq!(initiate["AuthParameters"]["PREFERRED_CHALLENGE"], "EMAIL_OTP");
    for absent in ["SRP_A", "PASSWORD"] {
        assert!(initiate["AuthParameters"].get(absent).is_none(), "{absent}");
    }
    let asked = step(reply(&mut sign_in, &mut rng, &code_challenge("EMAIL_OTP", "EMAIL", "a***@e***.com")));
    assert_eq!(
        asked,
        Step::OneTimeCode {
            factor: FirstFactor::EmailOtp,
            medium: Some(DeliveryMedium::Email),
            destination: Some("a***@e***.com".into()),
        }
    );
    assert!(matches!(sign_in.answer_web_authn("{}"), Err(cognito_srp_proto::Error::InvalidState(_))));
    let wrong = body(&sign_in.answer_one_time_code("00000000").unwrap());
    assert_eq!(wrong["ChallengeName"], "EMAIL_OTP");
    assert_eq!(wrong["ChallengeResponses"]["EMAIL_OTP_CODE"], "00000000");
    let mismatch = service(ErrorCode::CodeMismatch, "Invalid code received for user");
    assert!(matches!(sign_in.on_failure(Failure::Service(&mismatch), &mut rng), Recovery::StepOpen));
    let right = body(&sign_in.answer_one_time_code("12345678").unwrap());
    assert_eq!(right["Session"], "session-EMAIL_OTP");
    assert_eq!(right["ChallengeResponses"]["EMAIL_OTP_CODE"], "12345678");
    done(reply(&mut sign_in, &mut rng, &tokens(None)));
}

#[test]
fn user_auth_sms_one_time_code_chosen_at_select_challenge_and_asked_again_after_a_restart() {
    let mut rng = TestRng(45);
    let mut sign_in = SignIn::without_password(client(), EMAIL, user_auth(None));
    sign_in.start(&mut rng).unwrap();
    step(reply(&mut sign_in, &mut rng, &select_challenge(&["PASSWORD", "PASSWORD_SRP", "SMS_OTP"])));
    // A choice the server does not offer leaves the step open.
    body(&sign_in.select_challenge(FirstFactor::EmailOtp, None, &mut rng).unwrap());
    let refused = service(ErrorCode::InvalidParameter, "EMAIL_OTP is not one of the available challenges.");
    assert!(matches!(sign_in.on_failure(Failure::Service(&refused), &mut rng), Recovery::StepOpen));
    let select = body(&sign_in.select_challenge(FirstFactor::SmsOtp, None, &mut rng).unwrap());
    let r = &select["ChallengeResponses"];
    assert_eq!(r["ANSWER"], "SMS_OTP");
    assert!(r.get("SRP_A").is_none() && r.get("PASSWORD").is_none());
    let sms = code_challenge("SMS_OTP", "SMS", "+*******0123");
    let asked = step(reply(&mut sign_in, &mut rng, &sms));
    let expected = Step::OneTimeCode {
        factor: FirstFactor::SmsOtp,
        medium: Some(DeliveryMedium::Sms),
        destination: Some("+*******0123".into()),
    };
    assert_eq!(asked, expected);
    sign_in.answer_one_time_code("12345678").unwrap();
    // The answer is lost: the restart asks for the chosen factor directly.
    let Recovery::Restart(call) = sign_in.on_failure(Failure::Transient, &mut rng) else { panic!("restart") };
    let initiate = body(&call);
    assert_eq!(initiate["AuthFlow"], "USER_AUTH");
    assert_eq!(initiate["AuthParameters"]["PREFERRED_CHALLENGE"], "SMS_OTP");
    assert_eq!(step(reply(&mut sign_in, &mut rng, &sms)), expected);
    let answer = body(&sign_in.answer_one_time_code("87654321").unwrap());
    assert_eq!(answer["ChallengeResponses"]["SMS_OTP_CODE"], "87654321");
    done(reply(&mut sign_in, &mut rng, &tokens(None)));
}

#[test]
fn user_auth_web_authn_hands_out_the_request_options_and_sends_the_credential() {
    let mut rng = TestRng(46);
    let options = r#"{"challenge":"q83vEjRWeJA","rpId":"example.com","allowCredentials":[]}"#;
    let credential = r#"{"id":"cred-1","type":"public-key","response":{"signature":"c2ln"}}"#;
    // Preferred.
    let mut sign_in = SignIn::without_password(client(), EMAIL, user_auth(Some(FirstFactor::WebAuthn)));
    let initiate = body(&sign_in.start(&mut rng).unwrap());
    assert_eq!(initiate["AuthParameters"]["PREFERRED_CHALLENGE"], "WEB_AUTHN");
    let passkey = challenge("WEB_AUTHN", json!({"USERNAME": SUB, "CREDENTIAL_REQUEST_OPTIONS": options}));
    let asked = step(reply(&mut sign_in, &mut rng, &passkey));
    assert_eq!(asked, Step::WebAuthn { credential_request_options: options.into() });
    let answer = body(&sign_in.answer_web_authn(credential).unwrap());
    assert_eq!(answer["ChallengeName"], "WEB_AUTHN");
    assert_eq!(answer["Session"], "session-WEB_AUTHN");
    assert_eq!(answer["ChallengeResponses"]["CREDENTIAL"], credential);
    assert_eq!(answer["ChallengeResponses"]["USERNAME"], SUB);
    done(reply(&mut sign_in, &mut rng, &tokens(None)));

    // Chosen at SELECT_CHALLENGE.
    let mut sign_in = SignIn::without_password(client(), EMAIL, user_auth(None));
    sign_in.start(&mut rng).unwrap();
    step(reply(&mut sign_in, &mut rng, &select_challenge(&["WEB_AUTHN"])));
    let select = body(&sign_in.select_challenge(FirstFactor::WebAuthn, None, &mut rng).unwrap());
    assert_eq!(select["ChallengeResponses"]["ANSWER"], "WEB_AUTHN");
    assert!(matches!(step(reply(&mut sign_in, &mut rng, &passkey)), Step::WebAuthn { .. }));

    // A passkey asked for where an email code was expected is still a passkey step.
    let mut sign_in = SignIn::without_password(client(), EMAIL, user_auth(Some(FirstFactor::EmailOtp)));
    sign_in.start(&mut rng).unwrap();
    assert!(matches!(step(reply(&mut sign_in, &mut rng, &passkey)), Step::WebAuthn { .. }));

    // Without the options there is nothing to ask the authenticator.
    let mut sign_in = SignIn::without_password(client(), EMAIL, user_auth(Some(FirstFactor::WebAuthn)));
    sign_in.start(&mut rng).unwrap();
    let bare = challenge("WEB_AUTHN", json!({"USERNAME": SUB}));
    let err = sign_in.on_reply(bare.to_string().as_bytes(), &now(), &mut rng).unwrap_err();
    assert!(
        matches!(
            err,
            cognito_srp_proto::Error::Protocol(ProtocolError::MissingField("CREDENTIAL_REQUEST_OPTIONS"))
        ),
        "{err:?}"
    );
}

#[test]
fn email_mfa_offered_in_select_mfa_type() {
    let mut rng = TestRng(47);
    let mut sign_in = SignIn::new(client(), EMAIL, PASSWORD, SignInOptions::default());
    let srp = Srp::user(PASSWORD);
    sign_in.start(&mut rng).unwrap();
    reply(&mut sign_in, &mut rng, &srp.challenge("PASSWORD_VERIFIER", SUB, None));
    let choice = step(reply(
        &mut sign_in,
        &mut rng,
        &challenge(
            "SELECT_MFA_TYPE",
            json!({"USERNAME": SUB, "MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"EMAIL_OTP\"]"}),
        ),
    ));
    assert_eq!(choice, Step::SelectMfaType { options: vec![MfaKind::Sms, MfaKind::Email] });
    let pick = body(&sign_in.select_mfa_type(&MfaKind::Email).unwrap());
    assert_eq!(pick["ChallengeResponses"]["ANSWER"], "EMAIL_OTP");
    let asked = step(reply(&mut sign_in, &mut rng, &code_challenge("EMAIL_OTP", "EMAIL", "a***@e***.com")));
    assert_eq!(asked, Step::MfaCode { kind: MfaKind::Email, destination: Some("a***@e***.com".into()) });
    let answer = body(&sign_in.answer_mfa_code("654321").unwrap());
    assert_eq!(answer["ChallengeResponses"]["EMAIL_OTP_CODE"], "654321");
    done(reply(&mut sign_in, &mut rng, &tokens(None)));
}

#[test]
fn custom_auth_without_srp_asks_the_custom_challenge_first() {
    let mut rng = TestRng(48);
    let options = SignInOptions::default().flow(SrpFlow::Custom);
    let mut sign_in = SignIn::without_password(client().with_secret(SECRET), EMAIL, options);
    let initiate = body(&sign_in.start(&mut rng).unwrap());
    assert_eq!(initiate["AuthFlow"], "CUSTOM_AUTH");
    assert_eq!(initiate["AuthParameters"]["USERNAME"], EMAIL);
    assert!(initiate["AuthParameters"]["SECRET_HASH"].is_string());
    for absent in ["SRP_A", "CHALLENGE_NAME", "PASSWORD"] {
        assert!(initiate["AuthParameters"].get(absent).is_none(), "{absent}");
    }
    let asked = step(reply(
        &mut sign_in,
        &mut rng,
        &challenge("CUSTOM_CHALLENGE", json!({"USERNAME": SUB, "question": "6*7"})),
    ));
    assert!(matches!(asked, Step::CustomChallenge { .. }));
    let answer = body(&sign_in.answer_custom_challenge("42").unwrap());
    assert_eq!(answer["ChallengeResponses"]["ANSWER"], "42");
    done(reply(&mut sign_in, &mut rng, &tokens(None)));
    // A server that asks for SRP anyway: there is no ephemeral (and no password) to answer with.
    let mut sign_in =
        SignIn::without_password(client(), EMAIL, SignInOptions::default().flow(SrpFlow::Custom));
    sign_in.start(&mut rng).unwrap();
    let srp = Srp::user(PASSWORD);
    let verifier = srp.challenge("PASSWORD_VERIFIER", SUB, None);
    assert!(sign_in.on_reply(verifier.to_string().as_bytes(), &now(), &mut rng).is_err());
}
