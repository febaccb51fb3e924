//! Every flow end to end through the public API (UserPool / SignIn / Step /
//! DeviceCredentials) against cognito-srp-emulator, which really verifies the SRP and
//! device-SRP signatures, SECRET_HASH with the right username per step, MFA codes and
//! single-use sessions.
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

use std::collections::BTreeSet;

use cognito_srp_emulator::{MfaConfiguration, UserConfig};
use cognito_srp_http::operations::{
    AssociateSoftwareTokenRequest, GetUserRequest, GetUserResponse, ListDevicesRequest, MfaSettings,
    SetUserMfaPreferenceRequest,
};
use cognito_srp_http::{
    DeviceCredentials, Error, ErrorCode, MfaKind, RefreshMethod, SecretString, Step, UserPool,
};
use emulator::{CUSTOM_ANSWER, Env, POOL_ID, TOTP, done, start, tracking};
use serde_json::json;

const PASSWORD: &str = "Correct-Horse-9";

async fn get_user(pool: &UserPool, access_token: &SecretString) -> Result<GetUserResponse, Error> {
    pool.client().get_user(&GetUserRequest::new(access_token.clone())).await
}

async fn username_of(pool: &UserPool, access_token: &SecretString) -> Result<String, Error> {
    get_user(pool, access_token).await.map(|u| u.username)
}

fn assert_service(err: &Error, code: &ErrorCode, message: &str) {
    let service = err.service().unwrap_or_else(|| panic!("not a service error: {err:?}"));
    assert_eq!(&service.code, code, "{err}");
    assert_eq!(service.message, message, "{err}");
}

#[tokio::test]
async fn srp_sign_in_with_and_without_a_client_secret() {
    for with_secret in [false, true] {
        let env = start(MfaConfiguration::Off, None, with_secret).await;
        env.user("alice", PASSWORD, UserConfig::default());

        let before = env.requests();
        let signed = done(env.pool.sign_in("alice", PASSWORD).start().await.unwrap());
        // InitiateAuth and the PASSWORD_VERIFIER answer: nothing else.
        assert_eq!(env.requests() - before, 2);
        assert_eq!(signed.username, "alice");
        assert_eq!(signed.tokens.token_type, "Bearer");
        assert_eq!(signed.tokens.expires_in, 3600);
        assert_eq!(signed.tokens.access_token.expose_secret().split('.').count(), 3, "a JWT");
        assert!(signed.device.is_none() && !signed.new_device && signed.dropped_device.is_none());
        assert_eq!(username_of(&env.pool, &signed.tokens.access_token).await.unwrap(), "alice");

        // Refresh: new access token, same refresh token, the same user.
        let refresh = signed.tokens.refresh_token.clone().unwrap();
        let fresh = env.pool.refresh(&refresh, &signed.username, None).await.unwrap();
        assert_ne!(fresh.access_token, signed.tokens.access_token);
        assert_eq!(fresh.refresh_token.as_ref(), Some(&refresh));
        assert_eq!(username_of(&env.pool, &fresh.access_token).await.unwrap(), "alice");

        if let Some(secret) = &env.secret {
            // The same client without its secret, or with a wrong one, is refused.
            let bare =
                UserPool::with_client(env.pool.client().clone(), POOL_ID, env.client_id.clone()).unwrap();
            let err = bare.sign_in("alice", PASSWORD).start().await.unwrap_err();
            assert_service(
                &err,
                &ErrorCode::NotAuthorized,
                &format!(
                    "Client {} is configured with secret but SECRET_HASH was not received",
                    env.client_id
                ),
            );
            let wrong = bare.clone().with_client_secret(format!("{secret}x"));
            let err = wrong.sign_in("alice", PASSWORD).start().await.unwrap_err();
            assert_service(
                &err,
                &ErrorCode::NotAuthorized,
                &format!("Unable to verify secret hash for client {}", env.client_id),
            );
        }
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_are_typed_errors() {
    let env = start(MfaConfiguration::Off, tracking(false), true).await;
    env.user("bert", PASSWORD, UserConfig::default());
    let err = env.pool.sign_in("bert", "Wrong-Horse-9").start().await.unwrap_err();
    assert_service(&err, &ErrorCode::NotAuthorized, "Incorrect username or password.");
    assert!(!err.is_retryable());
    let err = env.pool.sign_in("nobody", PASSWORD).start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::UserNotFound), "{err}");
    // A refused sign-in created no device.
    assert!(env.admin().list_devices(POOL_ID, "bert").is_empty());
}

#[tokio::test]
async fn email_alias_signs_in_as_the_internal_user() {
    let env = start(MfaConfiguration::Off, None, true).await;
    // An alias pool generates the internal username (a UUID).
    let internal = env.user("", PASSWORD, UserConfig::default().with_email(Some("gus@example.com".into())));
    assert_ne!(internal, "gus@example.com");
    assert_eq!(internal.len(), 36, "{internal}");

    // The emulator checks SECRET_HASH of the typed name at InitiateAuth and of the internal
    // name (USER_ID_FOR_SRP) in the answer, and the signature over the internal name.
    let signed = done(env.pool.sign_in("gus@example.com", PASSWORD).start().await.unwrap());
    assert_eq!(signed.username, internal);
    let me = get_user(&env.pool, &signed.tokens.access_token).await.unwrap();
    assert_eq!(me.username, internal);
    assert_eq!(me.attribute("email"), Some("gus@example.com"));

    // Refresh: SECRET_HASH over the internal name that the sign-in reported.
    let refresh = signed.tokens.refresh_token.clone().unwrap();
    let fresh = env.pool.refresh(&refresh, &signed.username, None).await.unwrap();
    assert_eq!(username_of(&env.pool, &fresh.access_token).await.unwrap(), internal);

    // The wrong password by alias is the same typed error.
    let err = env.pool.sign_in("gus@example.com", "Wrong-Horse-9").start().await.unwrap_err();
    assert_service(&err, &ErrorCode::NotAuthorized, "Incorrect username or password.");
}

#[tokio::test]
async fn totp_mfa_with_a_wrong_code_first() {
    let env = start(MfaConfiguration::Optional, None, true).await;
    env.user("erin", PASSWORD, UserConfig::default().with_totp_secret(Some(TOTP.into())));
    let mut sign_in = env.pool.sign_in("erin", PASSWORD);
    match sign_in.start().await.unwrap() {
        Step::MfaCode { kind: MfaKind::SoftwareToken, destination: None } => {}
        other => panic!("{other:?}"),
    }
    // A wrong code: CodeMismatch, and the step stays open.
    let err = sign_in.answer_mfa_code(&env.wrong_totp(TOTP)).await.unwrap_err();
    assert_service(&err, &ErrorCode::CodeMismatch, "Invalid code received for user");
    // Other answers are refused locally while an MFA code is pending.
    assert!(matches!(sign_in.answer_new_password("Another-Pass-1", &[]).await, Err(Error::InvalidState(_))));
    let signed = done(sign_in.answer_mfa_code(&env.totp(TOTP)).await.unwrap());
    assert_eq!(signed.username, "erin");
    assert_eq!(username_of(&env.pool, &signed.tokens.access_token).await.unwrap(), "erin");
    // The flow is over.
    assert!(matches!(sign_in.answer_mfa_code(&env.totp(TOTP)).await, Err(Error::InvalidState(_))));
}

#[tokio::test]
async fn sms_mfa_with_the_code_the_emulator_sent() {
    let env = start(MfaConfiguration::Optional, None, false).await;
    env.user(
        "hana",
        PASSWORD,
        UserConfig::default().with_sms_mfa(true).with_phone(Some("+15555550123".into())),
    );
    let mut sign_in = env.pool.sign_in("hana", PASSWORD);
    match sign_in.start().await.unwrap() {
        Step::MfaCode { kind: MfaKind::Sms, destination } => {
            assert_eq!(destination.as_deref(), Some("+*******0123"));
        }
        other => panic!("{other:?}"),
    }
    let code = env.admin().last_sms_code(POOL_ID, "hana").unwrap();
    assert_eq!(code.len(), 6);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = sign_in.answer_mfa_code(wrong).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch), "{err}");
    let signed = done(sign_in.answer_mfa_code(&code).await.unwrap());
    assert_eq!(username_of(&env.pool, &signed.tokens.access_token).await.unwrap(), "hana");
}

#[tokio::test]
async fn select_mfa_type_offers_both_factors() {
    let env = start(MfaConfiguration::Optional, None, true).await;
    env.user("ivan", PASSWORD, UserConfig::default().with_phone(Some("+15555550124".into())));
    // No factor yet: straight to tokens. Then add a TOTP seed and enable both factors
    // without a preference, with the user's own operations.
    let signed = done(env.pool.sign_in("ivan", PASSWORD).start().await.unwrap());
    let access = signed.tokens.access_token.clone();
    let seed = env
        .pool
        .client()
        .associate_software_token(&AssociateSoftwareTokenRequest::with_access_token(access.clone()))
        .await
        .unwrap()
        .secret_code;
    let mut enabled = MfaSettings::default();
    enabled.enabled = Some(true);
    let mut preference = SetUserMfaPreferenceRequest::new(access.clone());
    preference.sms_mfa_settings = Some(enabled);
    preference.software_token_mfa_settings = Some(enabled);
    env.pool.client().set_user_mfa_preference(&preference).await.unwrap();
    let me = get_user(&env.pool, &access).await.unwrap();
    assert_eq!(
        me.user_mfa_setting_list.as_deref(),
        Some(&["SMS_MFA".to_owned(), "SOFTWARE_TOKEN_MFA".to_owned()][..])
    );
    assert_eq!(me.preferred_mfa_setting, None);

    // Choose the authenticator app.
    let mut sign_in = env.pool.sign_in("ivan", PASSWORD);
    match sign_in.start().await.unwrap() {
        Step::SelectMfaType { options } => assert_eq!(options, [MfaKind::Sms, MfaKind::SoftwareToken]),
        other => panic!("{other:?}"),
    }
    match sign_in.select_mfa_type(&MfaKind::SoftwareToken).await.unwrap() {
        Step::MfaCode { kind: MfaKind::SoftwareToken, .. } => {}
        other => panic!("{other:?}"),
    }
    done(sign_in.answer_mfa_code(&env.totp(seed.expose_secret())).await.unwrap());

    // Choose SMS.
    let mut sign_in = env.pool.sign_in("ivan", PASSWORD);
    assert!(matches!(sign_in.start().await.unwrap(), Step::SelectMfaType { .. }));
    match sign_in.select_mfa_type(&MfaKind::Sms).await.unwrap() {
        Step::MfaCode { kind: MfaKind::Sms, destination } => {
            assert_eq!(destination.as_deref(), Some("+*******0124"));
        }
        other => panic!("{other:?}"),
    }
    let code = env.admin().last_sms_code(POOL_ID, "ivan").unwrap();
    let signed = done(sign_in.answer_mfa_code(&code).await.unwrap());
    assert_eq!(signed.username, "ivan");
}

#[tokio::test]
async fn mfa_setup_on_a_pool_with_mfa_on() {
    let env = start(MfaConfiguration::On, None, true).await;
    env.user("kai", PASSWORD, UserConfig::default());
    let mut sign_in = env.pool.sign_in("kai", PASSWORD);
    let step = sign_in.start().await.unwrap();
    let seed = match &step {
        Step::MfaSetup { secret_code: Some(seed), options } => {
            assert_eq!(options, &[MfaKind::SoftwareToken]);
            seed.clone()
        }
        other => panic!("{other:?}"),
    };
    // AssociateSoftwareToken gave a 160-bit base32 seed.
    assert_eq!(seed.expose_secret().len(), 32);
    let uri = step.totp_uri("Example", "kai").unwrap();
    assert_eq!(
        uri.expose_secret(),
        format!("otpauth://totp/Example:kai?secret={}&issuer=Example", seed.expose_secret())
    );
    // A wrong first code: CodeMismatch from VerifySoftwareToken, the step stays open.
    let err =
        sign_in.answer_mfa_setup(&env.wrong_totp(seed.expose_secret()), Some("phone")).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch), "{err}");
    let signed =
        done(sign_in.answer_mfa_setup(&env.totp(seed.expose_secret()), Some("phone")).await.unwrap());
    assert_eq!(signed.username, "kai");

    // The factor is set up: the next sign-in asks for its code.
    let mut sign_in = env.pool.sign_in("kai", PASSWORD);
    match sign_in.start().await.unwrap() {
        Step::MfaCode { kind: MfaKind::SoftwareToken, .. } => {}
        other => panic!("{other:?}"),
    }
    done(sign_in.answer_mfa_code(&env.totp(seed.expose_secret())).await.unwrap());
}

#[tokio::test]
async fn new_password_required_for_a_temporary_password() {
    let env = start(MfaConfiguration::Off, None, true).await;
    // A temporary password (FORCE_CHANGE_PASSWORD), as AdminCreateUser gives.
    env.admin()
        .create_user(
            POOL_ID,
            UserConfig::default()
                .with_username("nora")
                .with_password("Temp-Pass-1")
                .with_permanent(false)
                .with_email(Some("nora@example.com".into())),
        )
        .unwrap();
    let mut sign_in = env.pool.sign_in("nora", "Temp-Pass-1");
    match sign_in.start().await.unwrap() {
        Step::NewPasswordRequired { required_attributes, user_attributes } => {
            assert!(required_attributes.is_empty(), "{required_attributes:?}");
            assert_eq!(user_attributes.get("email").map(String::as_str), Some("nora@example.com"));
        }
        other => panic!("{other:?}"),
    }
    // A password the policy rejects: typed error, the step stays open.
    let err = sign_in.answer_new_password("short", &[]).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::InvalidPassword), "{err}");
    let signed = done(sign_in.answer_new_password("Brand-New-Pass-2", &[("name", "Nora")]).await.unwrap());
    assert_eq!(signed.username, "nora");
    let me = get_user(&env.pool, &signed.tokens.access_token).await.unwrap();
    assert_eq!(me.attribute("name"), Some("Nora"));

    // The new password is the password now.
    let err = env.pool.sign_in("nora", "Temp-Pass-1").start().await.unwrap_err();
    assert_service(&err, &ErrorCode::NotAuthorized, "Incorrect username or password.");
    done(env.pool.sign_in("nora", "Brand-New-Pass-2").start().await.unwrap());
}

#[tokio::test]
async fn custom_auth_with_srp_a_then_the_custom_challenge() {
    let env = start(MfaConfiguration::Off, None, true).await;
    env.user("jo", PASSWORD, UserConfig::default());

    // The password is checked first: a wrong one never reaches the custom challenge.
    let err = env.pool.sign_in("jo", "Wrong-Horse-9").custom_auth().start().await.unwrap_err();
    assert_service(&err, &ErrorCode::NotAuthorized, "Incorrect username or password.");

    let mut sign_in = env.pool.sign_in("jo", PASSWORD).custom_auth();
    match sign_in.start().await.unwrap() {
        Step::CustomChallenge { parameters } => assert_eq!(parameters.get("USERNAME"), Some("jo")),
        other => panic!("{other:?}"),
    }
    // A wrong answer ends the session (as a Lambda that fails the challenge does).
    let err = sign_in.answer_custom_challenge("41").await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
    assert!(matches!(sign_in.answer_custom_challenge(CUSTOM_ANSWER).await, Err(Error::InvalidState(_))));
    // Start over and answer right.
    assert!(matches!(sign_in.start().await.unwrap(), Step::CustomChallenge { .. }));
    let signed = done(sign_in.answer_custom_challenge(CUSTOM_ANSWER).await.unwrap());
    assert_eq!(username_of(&env.pool, &signed.tokens.access_token).await.unwrap(), "jo");
}

/// First sign-in with TOTP on a device-tracking pool; returns the finished sign-in.
async fn first_sign_in(env: &Env, user: &str, remember: Option<bool>) -> Box<cognito_srp_http::SignedIn> {
    let mut sign_in = env.pool.sign_in(user, PASSWORD).device_name("laptop");
    if let Some(remember) = remember {
        sign_in = sign_in.remember_device(remember);
    }
    match sign_in.start().await.unwrap() {
        Step::MfaCode { kind: MfaKind::SoftwareToken, .. } => {}
        other => panic!("a new device must answer MFA: {other:?}"),
    }
    done(sign_in.answer_mfa_code(&env.totp(TOTP)).await.unwrap())
}

#[tokio::test]
async fn remembered_device_takes_the_device_path_and_skips_mfa() {
    // prompt = true: the device is remembered because the flow asks; prompt = false: the
    // pool remembers it by itself and the flow leaves the status alone.
    for prompt in [true, false] {
        let env = start(MfaConfiguration::Optional, tracking(prompt), true).await;
        env.user("erin", PASSWORD, UserConfig::default().with_totp_secret(Some(TOTP.into())));
        let remember = prompt.then_some(true);
        let first = first_sign_in(&env, "erin", remember).await;
        assert!(first.device_error.is_none(), "{:?}", first.device_error);
        assert!(first.new_device);
        assert_eq!(first.user_confirmation_necessary, Some(prompt));
        assert_eq!(first.device_remembered, remember);
        let device = first.device.clone().unwrap();
        assert!(device.device_key.starts_with("eu-west-1_"), "{}", device.device_key);

        let listed = env.admin().list_devices(POOL_ID, "erin");
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].device_key, device.device_key);
        assert_eq!(listed[0].device_group_key, device.device_group_key);
        assert_eq!(listed[0].name.as_deref(), Some("laptop"));
        assert!(listed[0].confirmed && listed[0].remembered, "{listed:?}");

        // Persisted and read back, as a caller would.
        let device: DeviceCredentials =
            serde_json::from_str(&serde_json::to_string(&device).unwrap()).unwrap();

        // The device path: the emulator's DEVICE_PASSWORD_VERIFIER checks the signature
        // against the verifier ConfirmDevice stored, and no MFA is asked.
        let before = env.requests();
        let second = done(env.pool.sign_in("erin", PASSWORD).device(device.clone()).start().await.unwrap());
        // InitiateAuth, PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER.
        assert_eq!(env.requests() - before, 4);
        assert!(!second.new_device && second.dropped_device.is_none());
        assert_eq!(second.device.as_ref(), Some(&device));
        assert_eq!(env.admin().list_devices(POOL_ID, "erin").len(), 1, "no new device");

        // A wrong device password fails at DEVICE_PASSWORD_VERIFIER.
        let mut wrong = device.clone();
        wrong.device_password = "not the device password".into();
        let err = env.pool.sign_in("erin", PASSWORD).device(wrong).start().await.unwrap_err();
        assert_service(&err, &ErrorCode::NotAuthorized, "Incorrect username or password.");

        // Refresh: with the device key it works; without it REFRESH_TOKEN_AUTH answers the
        // typed NotAuthorized (GetTokensFromRefreshToken would issue a new device instead).
        let refresh = second.tokens.refresh_token.clone().unwrap();
        let by_initiate_auth = env.pool.clone().with_refresh_method(RefreshMethod::RefreshTokenAuth);
        let err = by_initiate_auth.refresh(&refresh, &second.username, None).await.unwrap_err();
        assert_service(&err, &ErrorCode::NotAuthorized, "Invalid Refresh Token");
        let fresh = env.pool.refresh(&refresh, &second.username, Some(&device.device_key)).await.unwrap();
        assert_eq!(username_of(&env.pool, &fresh.access_token).await.unwrap(), "erin");
        let got = env.pool.get_device(&fresh.access_token, &device.device_key).await.unwrap();
        assert_eq!(got.attribute("dev:device_remembered_status"), Some("remembered"));
        assert_eq!(got.attribute("device_name"), Some("laptop"));
    }
}

#[tokio::test]
async fn not_remembered_device_still_asks_mfa_then_takes_the_device_path() {
    let env = start(MfaConfiguration::Optional, tracking(true), false).await;
    env.user("finn", PASSWORD, UserConfig::default().with_totp_secret(Some(TOTP.into())));
    let first = first_sign_in(&env, "finn", Some(false)).await;
    assert!(first.new_device && first.device_error.is_none(), "{:?}", first.device_error);
    assert_eq!(first.user_confirmation_necessary, Some(true));
    assert_eq!(first.device_remembered, Some(false));
    let device = first.device.clone().unwrap();
    let listed = env.admin().list_devices(POOL_ID, "finn");
    assert!(listed[0].confirmed && !listed[0].remembered, "{listed:?}");

    let mut sign_in = env.pool.sign_in("finn", PASSWORD).device(device.clone());
    let before = env.requests();
    match sign_in.start().await.unwrap() {
        Step::MfaCode { kind: MfaKind::SoftwareToken, .. } => {}
        other => panic!("a device that is not remembered must answer MFA: {other:?}"),
    }
    let second = done(sign_in.answer_mfa_code(&env.totp(TOTP)).await.unwrap());
    // InitiateAuth, PASSWORD_VERIFIER, SOFTWARE_TOKEN_MFA, DEVICE_SRP_AUTH,
    // DEVICE_PASSWORD_VERIFIER.
    assert_eq!(env.requests() - before, 5);
    assert!(!second.new_device && second.dropped_device.is_none());
    assert_eq!(second.device.as_ref(), Some(&device));
    // Tokens bound to the device: REFRESH_TOKEN_AUTH needs its key.
    let refresh = second.tokens.refresh_token.clone().unwrap();
    let by_initiate_auth = env.pool.clone().with_refresh_method(RefreshMethod::RefreshTokenAuth);
    let err = by_initiate_auth.refresh(&refresh, &second.username, None).await.unwrap_err();
    assert_service(&err, &ErrorCode::NotAuthorized, "Invalid Refresh Token");
    env.pool.refresh(&refresh, &second.username, Some(&device.device_key)).await.unwrap();
}

#[tokio::test]
async fn a_forgotten_device_is_dropped_and_the_sign_in_retried_without_it() {
    let env = start(MfaConfiguration::Off, tracking(false), true).await;
    env.user("gwen", PASSWORD, UserConfig::default());
    let first = done(env.pool.sign_in("gwen", PASSWORD).start().await.unwrap());
    let a = first.device.clone().unwrap();

    // ForgetDevice by the user.
    env.pool.forget_device(&first.tokens.access_token, &a.device_key).await.unwrap();
    assert!(env.admin().list_devices(POOL_ID, "gwen").is_empty());
    let err = env.pool.get_device(&first.tokens.access_token, &a.device_key).await.unwrap_err();
    assert_service(&err, &ErrorCode::ResourceNotFound, "Device does not exist.");
    let second = done(env.pool.sign_in("gwen", PASSWORD).device(a.clone()).start().await.unwrap());
    assert_eq!(second.dropped_device.as_deref(), Some(a.device_key.as_str()));
    assert!(second.new_device, "the retry without the device gets a new one");
    let b = second.device.clone().unwrap();
    assert_ne!(b.device_key, a.device_key);

    // AdminForgetDevice by an administrator.
    env.admin_call(
        "AdminForgetDevice",
        json!({ "UserPoolId": POOL_ID, "Username": "gwen", "DeviceKey": b.device_key }),
    )
    .await;
    let third = done(env.pool.sign_in("gwen", PASSWORD).device(b.clone()).start().await.unwrap());
    assert_eq!(third.dropped_device.as_deref(), Some(b.device_key.as_str()));
    let c = third.device.clone().unwrap();
    let keys: Vec<String> =
        env.admin().list_devices(POOL_ID, "gwen").into_iter().map(|d| d.device_key).collect();
    assert_eq!(keys, std::slice::from_ref(&c.device_key));

    // The new device works on the device path.
    let fourth = done(env.pool.sign_in("gwen", PASSWORD).device(c.clone()).start().await.unwrap());
    assert!(fourth.dropped_device.is_none() && !fourth.new_device);
}

#[tokio::test]
async fn list_devices_follows_pagination() {
    let env = start(MfaConfiguration::Off, tracking(false), false).await;
    env.user("hugo", PASSWORD, UserConfig::default());
    let mut keys = BTreeSet::new();
    let mut last = None;
    for i in 0..5 {
        let signed = done(
            env.pool.sign_in("hugo", PASSWORD).device_name(format!("device-{i}")).start().await.unwrap(),
        );
        assert!(signed.new_device && signed.device_error.is_none(), "{:?}", signed.device_error);
        keys.insert(signed.device.as_ref().unwrap().device_key.clone());
        last = Some(signed);
    }
    let access = last.unwrap().tokens.access_token.clone();

    // One page of two, with a token for the next.
    let page =
        env.pool.client().list_devices(&ListDevicesRequest::new(access.clone()).limit(2)).await.unwrap();
    assert_eq!(page.devices.len(), 2);
    assert!(page.pagination_token.is_some());

    // Every page, two at a time, and all in one page: the same five devices.
    for limit in [2, 1, 60] {
        let all = env.pool.list_devices_with_limit(&access, limit).await.unwrap();
        let listed: BTreeSet<String> = all.iter().map(|d| d.device_key.clone()).collect();
        assert_eq!(all.len(), 5, "limit {limit}");
        assert_eq!(listed, keys, "limit {limit}");
    }
    let all = env.pool.list_devices(&access).await.unwrap();
    let names: BTreeSet<&str> = all.iter().filter_map(|d| d.attribute("device_name")).collect();
    assert_eq!(
        names,
        (0..5).map(|i| format!("device-{i}")).collect::<BTreeSet<_>>().iter().map(String::as_str).collect()
    );
}

#[tokio::test]
async fn sign_out_and_revoke_end_the_tokens() {
    let env = start(MfaConfiguration::Off, None, true).await;
    env.user("ida", PASSWORD, UserConfig::default());
    let one = done(env.pool.sign_in("ida", PASSWORD).start().await.unwrap());
    let two = done(env.pool.sign_in("ida", PASSWORD).start().await.unwrap());
    let (r1, r2) = (one.tokens.refresh_token.clone().unwrap(), two.tokens.refresh_token.clone().unwrap());

    // RevokeToken (with the client secret) ends one refresh token only.
    env.pool.revoke(&r1).await.unwrap();
    let err = env.pool.refresh(&r1, "ida", None).await.unwrap_err();
    assert_service(&err, &ErrorCode::NotAuthorized, "Invalid Refresh Token");
    let fresh = env.pool.refresh(&r2, "ida", None).await.unwrap();

    // GlobalSignOut ends every token of the user.
    env.pool.sign_out(&fresh.access_token).await.unwrap();
    let err = env.pool.refresh(&r2, "ida", None).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
    let err = username_of(&env.pool, &fresh.access_token).await.unwrap_err();
    assert_service(&err, &ErrorCode::NotAuthorized, "Access Token has been revoked");
    // Signing in again still works.
    done(env.pool.sign_in("ida", PASSWORD).start().await.unwrap());
}

/// A sign-in right after `GlobalSignOut` (even in the same second) gets working tokens, as on
/// real Cognito. (An earlier emulator revoked by whole-second `iat` and failed this.)
#[tokio::test]
async fn a_sign_in_right_after_global_sign_out_gets_working_tokens() {
    let env = start(MfaConfiguration::Off, None, false).await;
    env.user("otto", PASSWORD, UserConfig::default());
    // Three rounds, so that crossing a second boundary by chance cannot hide the bug.
    for _ in 0..3 {
        let before = done(env.pool.sign_in("otto", PASSWORD).start().await.unwrap());
        env.pool.sign_out(&before.tokens.access_token).await.unwrap();
        let after = done(env.pool.sign_in("otto", PASSWORD).start().await.unwrap());
        assert_eq!(username_of(&env.pool, &after.tokens.access_token).await.unwrap(), "otto");
        let refresh = after.tokens.refresh_token.clone().unwrap();
        env.pool.refresh(&refresh, &after.username, None).await.unwrap();
    }
}

#[tokio::test]
async fn device_sign_in_by_email_alias_hashes_the_internal_name_at_every_step() {
    // SECRET_HASH of the typed alias at InitiateAuth, of the internal name in the
    // PASSWORD_VERIFIER, DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER answers and in refresh:
    // the emulator refuses any other.
    let env = start(MfaConfiguration::Off, tracking(false), true).await;
    let internal = env.user("", PASSWORD, UserConfig::default().with_email(Some("lea@example.com".into())));
    let first = done(env.pool.sign_in("lea@example.com", PASSWORD).start().await.unwrap());
    assert_eq!(first.username, internal);
    let device = first.device.clone().unwrap();
    assert_eq!(env.admin().list_devices(POOL_ID, "lea@example.com")[0].device_key, device.device_key);

    let before = env.requests();
    let second =
        done(env.pool.sign_in("lea@example.com", PASSWORD).device(device.clone()).start().await.unwrap());
    assert_eq!(env.requests() - before, 4, "the device path");
    assert_eq!(second.username, internal);
    assert!(!second.new_device && second.dropped_device.is_none());
    let refresh = second.tokens.refresh_token.clone().unwrap();
    let fresh = env.pool.refresh(&refresh, &second.username, Some(&device.device_key)).await.unwrap();
    assert_eq!(username_of(&env.pool, &fresh.access_token).await.unwrap(), internal);
}
