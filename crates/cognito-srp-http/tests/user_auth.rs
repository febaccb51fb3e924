//! Choice-based sign-in (USER_AUTH), email MFA and CUSTOM_AUTH without SRP end to end
//! through the public async API against cognito-srp-emulator, which verifies the SRP and
//! device signatures, SECRET_HASH at every step and the one-time codes it "sent" (read back
//! from its outbox).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

#[path = "support/emulator.rs"]
mod emulator;

use std::time::Duration;

use cognito_srp_emulator::{
    ClientConfig, CodePurpose, DeviceTracking, Emulator, MfaConfiguration, PoolConfig, RunningEmulator,
    UserConfig,
};
use cognito_srp_http::operations::{GetUserRequest, MfaSettings, SetUserMfaPreferenceRequest};
use cognito_srp_http::{
    Client, DeliveryMedium, Error, ErrorCode, FirstFactor, MfaKind, RetryPolicy, Step, UserPool,
};
use cognito_srp_proto::vocab::AuthFactor;
use emulator::{CUSTOM_ANSWER, done};

const POOL_ID: &str = "eu-west-1_UserAuthHttp";
const PASSWORD: &str = "Correct-Horse-9";

struct Env {
    emulator: RunningEmulator,
    pool: UserPool,
}

impl Env {
    fn code(&self, user: &str, purpose: &CodePurpose) -> String {
        self.emulator.admin().last_code(POOL_ID, user, purpose).expect("a code was sent")
    }

    fn requests(&self) -> u64 {
        self.emulator.admin().fault_counters().requests
    }
}

/// A pool allowing every first factor, with `mfa`, email MFA and device tracking as given;
/// an app client (with a secret when `with_secret`) allowing USER_AUTH, SRP and CUSTOM_AUTH;
/// ann (verified email and phone) and bob (neither).
async fn start(
    mfa: MfaConfiguration,
    email_mfa: bool,
    tracking: Option<DeviceTracking>,
    with_secret: bool,
) -> Env {
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    admin
        .create_user_pool(
            PoolConfig::default()
                .with_id(Some(POOL_ID.into()))
                .with_mfa(mfa)
                .with_email_mfa(email_mfa)
                .with_device_tracking(tracking)
                .with_custom_challenge_answer(Some(CUSTOM_ANSWER.into()))
                .with_allowed_first_auth_factors(vec![
                    AuthFactor::Password,
                    AuthFactor::EmailOtp,
                    AuthFactor::SmsOtp,
                    AuthFactor::WebAuthn,
                ]),
        )
        .unwrap();
    let flows = ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
    let (client_id, secret) = admin
        .create_client(
            POOL_ID,
            ClientConfig::default()
                .with_explicit_auth_flows(flows.iter().map(|f| (*f).to_owned()).collect())
                .with_generate_secret(with_secret),
        )
        .unwrap();
    for (name, email, phone) in [("ann", Some("ann@example.com"), Some("+15555550123")), ("bob", None, None)]
    {
        admin
            .create_user(
                POOL_ID,
                UserConfig::default()
                    .with_username(name)
                    .with_password(PASSWORD)
                    .with_permanent(true)
                    .with_email(email.map(str::to_owned))
                    .with_phone(phone.map(str::to_owned)),
            )
            .unwrap();
    }
    let client = Client::builder()
        .endpoint(emulator.endpoint())
        .use_environment(false)
        .retry_policy(RetryPolicy::new(4, Duration::from_millis(5), Duration::from_millis(50)))
        .build()
        .unwrap();
    let mut pool = UserPool::with_client(client, POOL_ID, client_id).unwrap();
    if let Some(secret) = secret {
        pool = pool.with_client_secret(secret);
    }
    Env { emulator, pool }
}

fn wrong(code: &str) -> String {
    if code.starts_with('0') { "1".repeat(code.len()) } else { "0".repeat(code.len()) }
}

async fn username_of(pool: &UserPool, signed: &cognito_srp_http::SignedIn) -> String {
    pool.client().get_user(&GetUserRequest::new(signed.tokens.access_token.clone())).await.unwrap().username
}

#[tokio::test]
async fn password_srp_preferred_confirms_a_device_and_then_signs_in_through_it() {
    let tracking = DeviceTracking::default()
        .with_challenge_required_on_new_device(true)
        .with_device_only_remembered_on_user_prompt(true);
    let env = start(MfaConfiguration::Off, false, Some(tracking), true).await;
    let preferred = Some(FirstFactor::PasswordSrp);
    // A wrong password is Cognito's error, and nothing is asked.
    let err = env.pool.sign_in("ann", "Wrong-Horse-9").user_auth(preferred).start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));

    let step = env.pool.sign_in("ann", PASSWORD).user_auth(preferred).remember_device(true).start().await;
    let first = done(step.unwrap());
    assert!(first.new_device);
    assert_eq!(first.device_remembered, Some(true));
    let device = first.device.clone().unwrap();
    let listed = env.emulator.admin().list_devices(POOL_ID, "ann");
    assert!(listed.len() == 1 && listed[0].confirmed && listed[0].remembered, "{listed:?}");

    // The remembered device: InitiateAuth (SRP_A), PASSWORD_VERIFIER, DEVICE_SRP_AUTH,
    // DEVICE_PASSWORD_VERIFIER; the emulator verified both signatures.
    let before = env.requests();
    let step = env.pool.sign_in("ann", PASSWORD).user_auth(preferred).device(device.clone()).start().await;
    let second = done(step.unwrap());
    assert_eq!(env.requests() - before, 4);
    assert!(!second.new_device);
    assert_eq!(second.device, Some(device.clone()));
    assert_eq!(username_of(&env.pool, &second).await, "ann");

    // The same through SELECT_CHALLENGE: one more round trip.
    let before = env.requests();
    let mut sign_in = env.pool.sign_in_user_auth("ann", None).device(device.clone());
    let Step::SelectChallenge { available } = sign_in.start().await.unwrap() else { panic!("a choice") };
    assert!(available.contains(&FirstFactor::PasswordSrp), "{available:?}");
    let third = done(sign_in.select_challenge(FirstFactor::PasswordSrp, Some(PASSWORD)).await.unwrap());
    assert_eq!(env.requests() - before, 5);
    assert_eq!(third.device, Some(device));
    // The refresh token works with the device key.
    let refresh = third.tokens.refresh_token.clone().unwrap();
    let key = third.device.as_ref().unwrap().device_key.clone();
    env.pool.refresh(&refresh, &third.username, Some(&key)).await.unwrap();

    // A one-time code from the remembered device: the device proves itself afterwards
    // (DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER, no password anywhere).
    let device = third.device.clone().unwrap();
    let mut sign_in = env.pool.sign_in_user_auth("ann", Some(FirstFactor::EmailOtp)).device(device.clone());
    let Step::OneTimeCode { .. } = sign_in.start().await.unwrap() else { panic!("a code") };
    let before = env.requests();
    let fourth = done(sign_in.answer_one_time_code(&env.code("ann", &CodePurpose::SignInOtp)).await.unwrap());
    assert_eq!(env.requests() - before, 3, "the code, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER");
    assert_eq!(fourth.device, Some(device));
    assert!(!fourth.new_device);
    env.emulator.shutdown().await;
}

#[tokio::test]
async fn password_in_clear_as_the_first_factor() {
    let env = start(MfaConfiguration::Off, false, None, true).await;
    let preferred = Some(FirstFactor::Password);
    let signed = done(env.pool.sign_in("ann", PASSWORD).user_auth(preferred).start().await.unwrap());
    assert_eq!(signed.username, "ann");
    assert_eq!(username_of(&env.pool, &signed).await, "ann");
    let err = env.pool.sign_in("ann", "Wrong-Horse-9").user_auth(preferred).start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
    // A password factor without a password never reaches the server.
    let before = env.requests();
    let err = env.pool.sign_in_user_auth("ann", preferred).start().await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert_eq!(env.requests(), before);
    env.emulator.shutdown().await;
}

#[tokio::test]
async fn email_one_time_code_wrong_then_right() {
    let env = start(MfaConfiguration::Off, false, None, true).await;
    let mut sign_in = env.pool.sign_in_user_auth("ann", Some(FirstFactor::EmailOtp));
    let step = sign_in.start().await.unwrap();
    let Step::OneTimeCode { factor, medium, destination } = step else { panic!("a code: {step:?}") };
    assert_eq!(factor, FirstFactor::EmailOtp);
    assert_eq!(medium, Some(DeliveryMedium::Email));
    assert_eq!(destination.as_deref(), Some("a***@e***.com"));
    let code = env.code("ann", &CodePurpose::SignInOtp);
    assert_eq!(code.len(), 8);
    assert_eq!(env.emulator.admin().messages(POOL_ID, "ann").pop().unwrap().destination, "ann@example.com");
    let err = sign_in.answer_one_time_code(&wrong(&code)).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch));
    // The step is still open.
    let signed = done(sign_in.answer_one_time_code(&code).await.unwrap());
    assert_eq!(username_of(&env.pool, &signed).await, "ann");
    // Signed in: nothing is open any more.
    assert!(matches!(sign_in.answer_one_time_code(&code).await, Err(Error::InvalidState(_))));
    env.emulator.shutdown().await;
}

#[tokio::test]
async fn sms_one_time_code() {
    let env = start(MfaConfiguration::Off, false, None, false).await;
    let mut sign_in = env.pool.sign_in_user_auth("ann", Some(FirstFactor::SmsOtp));
    let step = sign_in.start().await.unwrap();
    let Step::OneTimeCode { factor, medium, destination } = step else { panic!("a code: {step:?}") };
    assert_eq!((factor, medium), (FirstFactor::SmsOtp, Some(DeliveryMedium::Sms)));
    assert_eq!(destination.as_deref(), Some("+*******0123"));
    let code = env.code("ann", &CodePurpose::SignInOtp);
    let signed = done(sign_in.answer_one_time_code(&code).await.unwrap());
    assert_eq!(signed.username, "ann");
    env.emulator.shutdown().await;
}

#[tokio::test]
async fn select_challenge_lists_the_users_factors_and_takes_the_choice() {
    let env = start(MfaConfiguration::Off, false, None, true).await;
    let mut sign_in = env.pool.sign_in_user_auth("ann", None);
    let Step::SelectChallenge { available } = sign_in.start().await.unwrap() else { panic!("a choice") };
    // WEB_AUTHN is allowed by the pool but the emulator never offers it.
    let all = [FirstFactor::Password, FirstFactor::PasswordSrp, FirstFactor::EmailOtp, FirstFactor::SmsOtp];
    assert_eq!(available, all);
    // A password factor without a password: refused locally, the step stays open.
    let err = sign_in.select_challenge(FirstFactor::Password, None).await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let step = sign_in.select_challenge(FirstFactor::EmailOtp, None).await.unwrap();
    assert!(matches!(step, Step::OneTimeCode { factor: FirstFactor::EmailOtp, .. }), "{step:?}");
    let code = env.code("ann", &CodePurpose::SignInOtp);
    done(sign_in.answer_one_time_code(&code).await.unwrap());

    // bob has neither email nor phone: only the password, and a factor not offered is
    // Cognito's InvalidParameter with the step still open.
    let mut sign_in = env.pool.sign_in_user_auth("bob", None);
    let Step::SelectChallenge { available } = sign_in.start().await.unwrap() else { panic!("a choice") };
    assert_eq!(available, [FirstFactor::Password, FirstFactor::PasswordSrp]);
    let err = sign_in.select_challenge(FirstFactor::SmsOtp, None).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::InvalidParameter));
    let signed = done(sign_in.select_challenge(FirstFactor::Password, Some(PASSWORD)).await.unwrap());
    assert_eq!(username_of(&env.pool, &signed).await, "bob");

    // Preferring a factor bob cannot use falls back to the choice.
    let mut sign_in = env.pool.sign_in_user_auth("bob", Some(FirstFactor::EmailOtp));
    assert!(matches!(sign_in.start().await.unwrap(), Step::SelectChallenge { .. }));
    // The emulator has no passkeys: WEB_AUTHN is refused as unsupported.
    let err = env.pool.sign_in_user_auth("ann", Some(FirstFactor::WebAuthn)).start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::UnsupportedOperation));
    env.emulator.shutdown().await;
}

async fn enable_email_mfa(env: &Env, user: &str, sms_too: bool) {
    let signed = done(env.pool.sign_in(user, PASSWORD).start().await.unwrap());
    let mut request = SetUserMfaPreferenceRequest::new(signed.tokens.access_token.clone());
    request.email_mfa_settings = Some(MfaSettings::new(true, !sms_too));
    if sms_too {
        request.sms_mfa_settings = Some(MfaSettings::new(true, false));
    }
    env.pool.client().set_user_mfa_preference(&request).await.unwrap();
}

#[tokio::test]
async fn email_mfa_after_the_password_and_in_select_mfa_type() {
    let env = start(MfaConfiguration::Optional, true, None, true).await;
    enable_email_mfa(&env, "ann", false).await;
    // After SRP (USER_SRP_AUTH) and after PASSWORD (USER_AUTH): an email code as MFA.
    for user_auth in [false, true] {
        let mut sign_in = env.pool.sign_in("ann", PASSWORD);
        if user_auth {
            sign_in = sign_in.user_auth(Some(FirstFactor::Password));
        }
        let step = sign_in.start().await.unwrap();
        let Step::MfaCode { kind, destination } = step else { panic!("MFA: {step:?}") };
        assert_eq!(kind, MfaKind::Email);
        assert_eq!(destination.as_deref(), Some("a***@e***.com"));
        let code = env.code("ann", &CodePurpose::SignInMfa);
        assert_eq!(code.len(), 6);
        let err = sign_in.answer_mfa_code(&wrong(&code)).await.unwrap_err();
        assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch));
        let signed = done(sign_in.answer_mfa_code(&code).await.unwrap());
        assert_eq!(username_of(&env.pool, &signed).await, "ann");
    }

    // SMS and email, no preference: SELECT_MFA_TYPE offers both.
    let env = start(MfaConfiguration::Optional, true, None, false).await;
    enable_email_mfa(&env, "ann", true).await;
    let mut sign_in = env.pool.sign_in("ann", PASSWORD);
    let Step::SelectMfaType { options } = sign_in.start().await.unwrap() else { panic!("a choice") };
    assert_eq!(options, [MfaKind::Sms, MfaKind::Email]);
    let step = sign_in.select_mfa_type(&MfaKind::Email).await.unwrap();
    assert!(matches!(step, Step::MfaCode { kind: MfaKind::Email, .. }), "{step:?}");
    let code = env.code("ann", &CodePurpose::SignInMfa);
    done(sign_in.answer_mfa_code(&code).await.unwrap());
    env.emulator.shutdown().await;
}

#[tokio::test]
async fn custom_auth_without_srp() {
    let env = start(MfaConfiguration::Off, false, None, true).await;
    let before = env.requests();
    let mut sign_in = env.pool.sign_in_custom("ann");
    let Step::CustomChallenge { parameters } = sign_in.start().await.unwrap() else { panic!("a challenge") };
    assert_eq!(parameters.get("USERNAME"), Some("ann"));
    // No SRP round: InitiateAuth went straight to the custom challenge.
    assert_eq!(env.requests() - before, 1);
    let signed = done(sign_in.answer_custom_challenge(CUSTOM_ANSWER).await.unwrap());
    assert_eq!(username_of(&env.pool, &signed).await, "ann");
    // A wrong answer is refused.
    let mut sign_in = env.pool.sign_in_custom("ann");
    sign_in.start().await.unwrap();
    assert!(sign_in.answer_custom_challenge("forty-one").await.is_err());
    env.emulator.shutdown().await;
}

/// The headless-browser test (tests/browser.rs) runs only where Chromium is installed; its
/// seed and the USER_AUTH steps it expects are checked here natively.
#[tokio::test]
async fn the_browser_seed_supports_the_browser_user_auth_steps() {
    let seed = cognito_srp_emulator::Seed::from_json(include_str!("browser/seed.json")).unwrap();
    let emulator = Emulator::builder().seed(seed).start().await.unwrap();
    let client = Client::builder().endpoint(emulator.endpoint()).use_environment(false).build().unwrap();
    let pool = UserPool::with_client(client, "eu-west-1_Browser1", "browserapp").unwrap();
    let password = "Browser-Ann-Passw0rd!";
    let mut sign_in = pool.sign_in_user_auth("ann", None);
    let Step::SelectChallenge { available } = sign_in.start().await.unwrap() else { panic!("a choice") };
    assert_eq!(available, [FirstFactor::Password, FirstFactor::PasswordSrp, FirstFactor::EmailOtp]);
    let first = done(sign_in.select_challenge(FirstFactor::PasswordSrp, Some(password)).await.unwrap());
    assert!(first.new_device);
    let device = first.device.clone().unwrap();
    let preferred = Some(FirstFactor::PasswordSrp);
    let step = pool.sign_in("ann", password).user_auth(preferred).device(device.clone()).start().await;
    let second = done(step.unwrap());
    assert!(!second.new_device);
    assert_eq!(second.device, Some(device));
    let step = pool.sign_in_user_auth("ann", Some(FirstFactor::EmailOtp)).start().await.unwrap();
    let Step::OneTimeCode { destination, .. } = step else { panic!("a code: {step:?}") };
    assert_eq!(destination.as_deref(), Some("a***@e***.com"));
    // alice's SRP sign-in (the other browser tests) still works with the client's flows.
    done(pool.sign_in("alice", "Browser-Passw0rd!").start().await.unwrap());
    emulator.shutdown().await;
}
