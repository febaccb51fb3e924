//! Choice-based sign-in (USER_AUTH) and email MFA over the socket: every first factor,
//! SELECT_CHALLENGE, the preferred challenge, the pool's and client's refusals, one-time codes
//! (wrong, expired, three tries) and EMAIL_OTP as a second factor.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::time::Duration;

use cognito_srp_core::{ClientEphemeral, Timestamp};
use cognito_srp_emulator::{
    ClientConfig, CodePurpose, DeviceTracking, Emulator, MfaConfiguration, PoolConfig, UserConfig,
};
use cognito_srp_proto::vocab::AuthFactor;
use serde_json::{Value, json};
use support::{Api, Fixture, call, rng};

const FLOWS: &[&str] = &[
    "ALLOW_USER_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
];

async fn pool(
    factors: Vec<AuthFactor>,
    mfa: MfaConfiguration,
    email_mfa: bool,
    tracking: Option<DeviceTracking>,
) -> Fixture {
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    let pool_id = admin
        .create_user_pool(
            PoolConfig::default()
                .with_id(Some("eu-west-1_UserAuth1".into()))
                .with_mfa(mfa)
                .with_device_tracking(tracking)
                .with_allowed_first_auth_factors(factors)
                .with_email_mfa(email_mfa),
        )
        .unwrap();
    let flows = FLOWS.iter().map(|f| (*f).to_owned()).collect();
    let (client_id, secret) =
        admin.create_client(&pool_id, ClientConfig::default().with_explicit_auth_flows(flows)).unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    Fixture { emulator, api, pool_id, client_id, secret }
}

fn all_factors() -> Vec<AuthFactor> {
    vec![AuthFactor::Password, AuthFactor::EmailOtp, AuthFactor::SmsOtp, AuthFactor::WebAuthn]
}

fn ann(f: &Fixture) {
    f.user(
        "ann",
        "Correct-Horse-9",
        UserConfig::default()
            .with_email(Some("ann@example.com".into()))
            .with_phone(Some("+15555550123".into())),
    );
}

async fn user_auth(f: &Fixture, params: Value) -> Result<Value, (String, String)> {
    call(
        &f.api,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_AUTH", "ClientId": f.client_id, "AuthParameters": params }),
    )
    .await
}

fn tokens(v: &Value) -> bool {
    v["AuthenticationResult"]["AccessToken"].is_string()
        && v["AuthenticationResult"]["RefreshToken"].is_string()
}

#[tokio::test]
async fn select_challenge_lists_what_each_user_can_do() {
    let f = pool(all_factors(), MfaConfiguration::Off, false, None).await;
    ann(&f);
    f.user("bob", "Correct-Horse-9", UserConfig::default());
    let select = user_auth(&f, json!({ "USERNAME": "ann" })).await.unwrap();
    assert_eq!(select["ChallengeName"], "SELECT_CHALLENGE", "{select}");
    assert!(select["Session"].is_string());
    // WEB_AUTHN is allowed by the pool but never offered: the emulator has no passkeys.
    assert_eq!(select["AvailableChallenges"], json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]));
    let bob = user_auth(&f, json!({ "USERNAME": "bob" })).await.unwrap();
    assert_eq!(bob["AvailableChallenges"], json!(["PASSWORD", "PASSWORD_SRP"]), "no email, no phone");
    f.emulator.shutdown().await;

    // Cognito's default policy: PASSWORD only.
    let f = pool(vec![AuthFactor::Password], MfaConfiguration::Off, false, None).await;
    ann(&f);
    let select = user_auth(&f, json!({ "USERNAME": "ann" })).await.unwrap();
    assert_eq!(select["AvailableChallenges"], json!(["PASSWORD", "PASSWORD_SRP"]));
    // Preferring a factor the pool does not allow falls back to SELECT_CHALLENGE.
    let fallback =
        user_auth(&f, json!({ "USERNAME": "ann", "PREFERRED_CHALLENGE": "EMAIL_OTP" })).await.unwrap();
    assert_eq!(fallback["ChallengeName"], "SELECT_CHALLENGE");
    let refused =
        f.respond(&select, "SELECT_CHALLENGE", json!({ "USERNAME": "ann", "ANSWER": "EMAIL_OTP" })).await;
    assert_eq!(refused.unwrap_err().0, "InvalidParameterException");
    // The refused choice left the session usable.
    let done = f
        .respond(
            &select,
            "SELECT_CHALLENGE",
            json!({ "USERNAME": "ann", "ANSWER": "PASSWORD", "PASSWORD": "Correct-Horse-9" }),
        )
        .await
        .unwrap();
    assert!(tokens(&done), "{done}");
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn password_srp_is_verified_after_select_challenge_and_when_preferred() {
    let f = pool(all_factors(), MfaConfiguration::Off, false, None).await;
    ann(&f);
    let admin = f.emulator.admin();
    for password in ["Correct-Horse-9", "Wrong-Horse-9"] {
        let select = user_auth(&f, json!({ "USERNAME": "ann" })).await.unwrap();
        let eph = ClientEphemeral::generate(&mut rng());
        let pv = f
            .respond(
                &select,
                "SELECT_CHALLENGE",
                json!({ "USERNAME": "ann", "ANSWER": "PASSWORD_SRP", "SRP_A": eph.public_hex().as_str() }),
            )
            .await
            .unwrap();
        assert_eq!(pv["ChallengeName"], "PASSWORD_VERIFIER", "{pv}");
        let ts = Timestamp::from_unix_seconds(admin.now()).unwrap();
        let answer = f.password_verifier(&eph, &pv, password, ts, None).await;
        if password == "Correct-Horse-9" {
            assert!(tokens(&answer.unwrap()));
        } else {
            assert_eq!(answer.unwrap_err().0, "NotAuthorizedException");
        }
    }
    // PREFERRED_CHALLENGE=PASSWORD_SRP with SRP_A: PASSWORD_VERIFIER straight away.
    let eph = ClientEphemeral::generate(&mut rng());
    let pv = user_auth(
        &f,
        json!({ "USERNAME": "ann", "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": eph.public_hex().as_str() }),
    )
    .await
    .unwrap();
    assert_eq!(pv["ChallengeName"], "PASSWORD_VERIFIER");
    let ts = Timestamp::from_unix_seconds(admin.now()).unwrap();
    assert!(tokens(&f.password_verifier(&eph, &pv, "Correct-Horse-9", ts, None).await.unwrap()));
    // ... and without SRP_A it says what is missing.
    let missing = user_auth(&f, json!({ "USERNAME": "ann", "PREFERRED_CHALLENGE": "PASSWORD_SRP" })).await;
    assert_eq!(
        missing.unwrap_err(),
        ("InvalidParameterException".into(), "Missing required parameter SRP_A".into())
    );
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn password_as_a_first_factor() {
    let f = pool(all_factors(), MfaConfiguration::Off, false, None).await;
    ann(&f);
    let done = user_auth(
        &f,
        json!({ "USERNAME": "ann", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "Correct-Horse-9" }),
    )
    .await
    .unwrap();
    assert!(tokens(&done), "{done}");
    let wrong = user_auth(
        &f,
        json!({ "USERNAME": "ann", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "nope-nope-9" }),
    )
    .await
    .unwrap_err();
    assert_eq!(wrong.0, "NotAuthorizedException");
    let select = user_auth(&f, json!({ "USERNAME": "ann" })).await.unwrap();
    let wrong = f
        .respond(
            &select,
            "SELECT_CHALLENGE",
            json!({ "USERNAME": "ann", "ANSWER": "PASSWORD", "PASSWORD": "nope-nope-9" }),
        )
        .await
        .unwrap_err();
    assert_eq!(wrong.0, "NotAuthorizedException");
    f.emulator.shutdown().await;
}

/// Runs an OTP first factor to its challenge; returns it.
async fn otp_challenge(f: &Fixture, answer: &str) -> Value {
    let select = user_auth(f, json!({ "USERNAME": "ann" })).await.unwrap();
    f.respond(&select, "SELECT_CHALLENGE", json!({ "USERNAME": "ann", "ANSWER": answer })).await.unwrap()
}

#[tokio::test]
async fn email_and_sms_one_time_codes_sign_in() {
    let f = pool(all_factors(), MfaConfiguration::Off, false, None).await;
    ann(&f);
    let admin = f.emulator.admin();
    for (answer, medium, destination, key) in [
        ("EMAIL_OTP", "EMAIL", "a***@e***.com", "EMAIL_OTP_CODE"),
        ("SMS_OTP", "SMS", "+*******0123", "SMS_OTP_CODE"),
    ] {
        let otp = otp_challenge(&f, answer).await;
        assert_eq!(otp["ChallengeName"], answer, "{otp}");
        assert_eq!(otp["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"], medium);
        assert_eq!(otp["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"], destination);
        let message = admin.messages(&f.pool_id, "ann").pop().unwrap();
        assert_eq!(message.purpose, CodePurpose::SignInOtp);
        assert_eq!(message.medium.as_str(), medium);
        let code = admin.last_code(&f.pool_id, "ann", &CodePurpose::SignInOtp).unwrap();
        assert_eq!(code, message.code);
        assert!(code.len() == 8 && code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        let done = f.respond(&otp, answer, json!({ "USERNAME": "ann", key: code })).await.unwrap();
        assert!(tokens(&done), "{done}");
        // Single use: the session is spent.
        let again = f.respond(&otp, answer, json!({ "USERNAME": "ann", key: code })).await.unwrap_err();
        assert_eq!(again.0, "NotAuthorizedException");
    }
    // Preferred EMAIL_OTP: the code goes out at once.
    let otp = user_auth(&f, json!({ "USERNAME": "ann", "PREFERRED_CHALLENGE": "EMAIL_OTP" })).await.unwrap();
    assert_eq!(otp["ChallengeName"], "EMAIL_OTP");
    let code = admin.last_code(&f.pool_id, "ann", &CodePurpose::SignInOtp).unwrap();
    assert!(tokens(
        &f.respond(&otp, "EMAIL_OTP", json!({ "USERNAME": "ann", "EMAIL_OTP_CODE": code })).await.unwrap()
    ));
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn one_time_codes_allow_three_tries_and_expire_with_the_session() {
    let f = pool(all_factors(), MfaConfiguration::Off, false, None).await;
    ann(&f);
    let admin = f.emulator.admin();
    // Two wrong codes, then the right one: signed in.
    let otp = otp_challenge(&f, "EMAIL_OTP").await;
    let code = admin.last_code(&f.pool_id, "ann", &CodePurpose::SignInOtp).unwrap();
    let wrong = if code == "00000000" { "11111111" } else { "00000000" };
    for _ in 0..2 {
        let err = f
            .respond(&otp, "EMAIL_OTP", json!({ "USERNAME": "ann", "EMAIL_OTP_CODE": wrong }))
            .await
            .unwrap_err();
        assert_eq!(err, ("CodeMismatchException".into(), "Invalid code received for user".into()));
    }
    assert!(tokens(
        &f.respond(&otp, "EMAIL_OTP", json!({ "USERNAME": "ann", "EMAIL_OTP_CODE": code })).await.unwrap()
    ));

    // Three wrong codes end the session: even the right code is refused after them.
    let otp = otp_challenge(&f, "SMS_OTP").await;
    let code = admin.last_code(&f.pool_id, "ann", &CodePurpose::SignInOtp).unwrap();
    let wrong = if code == "00000000" { "11111111" } else { "00000000" };
    for _ in 0..3 {
        let err = f
            .respond(&otp, "SMS_OTP", json!({ "USERNAME": "ann", "SMS_OTP_CODE": wrong }))
            .await
            .unwrap_err();
        assert_eq!(err.0, "CodeMismatchException");
    }
    let err =
        f.respond(&otp, "SMS_OTP", json!({ "USERNAME": "ann", "SMS_OTP_CODE": code })).await.unwrap_err();
    assert_eq!(err.0, "NotAuthorizedException");

    // A code answered after the session's three minutes is refused.
    let otp = otp_challenge(&f, "EMAIL_OTP").await;
    let code = admin.last_code(&f.pool_id, "ann", &CodePurpose::SignInOtp).unwrap();
    admin.advance_clock(Duration::from_secs(181));
    let err =
        f.respond(&otp, "EMAIL_OTP", json!({ "USERNAME": "ann", "EMAIL_OTP_CODE": code })).await.unwrap_err();
    assert_eq!(
        err,
        ("NotAuthorizedException".into(), "Invalid session for the user, session is expired.".into())
    );
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn web_authn_is_refused_as_unsupported() {
    let f = pool(all_factors(), MfaConfiguration::Off, false, None).await;
    ann(&f);
    let err =
        user_auth(&f, json!({ "USERNAME": "ann", "PREFERRED_CHALLENGE": "WEB_AUTHN" })).await.unwrap_err();
    assert_eq!(err.0, "UnsupportedOperationException");
    assert!(err.1.contains("WEB_AUTHN"), "{}", err.1);
    let select = user_auth(&f, json!({ "USERNAME": "ann" })).await.unwrap();
    let err =
        f.respond(&select, "SELECT_CHALLENGE", json!({ "USERNAME": "ann", "ANSWER": "WEB_AUTHN" })).await;
    assert_eq!(err.unwrap_err().0, "UnsupportedOperationException");
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn clients_pools_and_tiers_that_do_not_allow_it() {
    let f = pool(all_factors(), MfaConfiguration::Off, false, None).await;
    ann(&f);
    let admin = f.emulator.admin();
    // A client without ALLOW_USER_AUTH.
    let (srp_only, _) = admin
        .create_client(
            &f.pool_id,
            ClientConfig::default().with_explicit_auth_flows(vec!["ALLOW_USER_SRP_AUTH".into()]),
        )
        .unwrap();
    let err = call(
        &f.api,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_AUTH", "ClientId": srp_only, "AuthParameters": { "USERNAME": "ann" } }),
    )
    .await
    .unwrap_err();
    assert_eq!(
        err,
        ("InvalidParameterException".into(), "USER_AUTH flow not enabled for this client".into())
    );

    // CreateUserPool: the policy and the feature plan.
    let create = |body: Value| call(&f.api, "CreateUserPool", body);
    let lite = create(json!({ "PoolName": "lite", "UserPoolTier": "LITE" })).await.unwrap();
    assert_eq!(lite["UserPool"]["UserPoolTier"], "LITE");
    assert_eq!(lite["UserPool"]["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"], json!(["PASSWORD"]));
    let err = create(json!({ "PoolName": "x", "UserPoolTier": "LITE", "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"] } } }))
        .await
        .unwrap_err();
    assert_eq!(err.0, "FeatureUnavailableInTierException");
    for factors in [
        json!([]),
        json!(["EMAIL_OTP"]),
        json!(["PASSWORD", "SOFTWARE_TOKEN"]),
        json!(["PASSWORD", "FACE_ID"]),
    ] {
        let err = create(json!({ "PoolName": "x", "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": factors } } }))
            .await
            .unwrap_err();
        assert_eq!(err.0, "InvalidParameterException", "{factors}");
    }
    let essentials = create(json!({ "PoolName": "e", "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"] } } }))
        .await
        .unwrap();
    assert_eq!(essentials["UserPool"]["UserPoolTier"], "ESSENTIALS");
    assert_eq!(
        essentials["UserPool"]["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"],
        json!(["PASSWORD", "EMAIL_OTP"])
    );
    // USER_AUTH on a LITE pool.
    let lite_id = lite["UserPool"]["Id"].as_str().unwrap();
    let client = call(
        &f.api,
        "CreateUserPoolClient",
        json!({ "UserPoolId": lite_id, "ClientName": "c", "ExplicitAuthFlows": ["ALLOW_USER_AUTH"] }),
    )
    .await
    .unwrap();
    let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap();
    admin
        .create_user(
            lite_id,
            UserConfig::default().with_username("lee").with_password("Correct-Horse-9").with_permanent(true),
        )
        .unwrap();
    let err = call(
        &f.api,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_AUTH", "ClientId": client_id, "AuthParameters": { "USERNAME": "lee" } }),
    )
    .await
    .unwrap_err();
    assert_eq!(err.0, "FeatureUnavailableInTierException");
    // And email MFA on a LITE pool.
    let err = call(
        &f.api,
        "SetUserPoolMfaConfig",
        json!({ "UserPoolId": lite_id, "EmailMfaConfiguration": {}, "MfaConfiguration": "OPTIONAL" }),
    )
    .await
    .unwrap_err();
    assert_eq!(err.0, "FeatureUnavailableInTierException");
    // The Rust configuration is checked the same way.
    let bad = PoolConfig::default().with_allowed_first_auth_factors(vec![AuthFactor::EmailOtp]);
    assert!(admin.create_user_pool(bad).is_err());
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn one_time_codes_skip_optional_mfa_and_are_not_offered_when_mfa_is_required() {
    let secret = "JBSWY3DPEHPK3PXP";
    let f = pool(all_factors(), MfaConfiguration::Optional, false, None).await;
    f.user(
        "ann",
        "Correct-Horse-9",
        UserConfig::default()
            .with_email(Some("ann@example.com".into()))
            .with_totp_secret(Some(secret.into())),
    );
    let admin = f.emulator.admin();
    // The password is followed by her authenticator app ...
    let mfa = user_auth(
        &f,
        json!({ "USERNAME": "ann", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "Correct-Horse-9" }),
    )
    .await
    .unwrap();
    assert_eq!(mfa["ChallengeName"], "SOFTWARE_TOKEN_MFA", "{mfa}");
    // ... an email code is possession already: tokens.
    let otp = otp_challenge(&f, "EMAIL_OTP").await;
    let code = admin.last_code(&f.pool_id, "ann", &CodePurpose::SignInOtp).unwrap();
    assert!(tokens(
        &f.respond(&otp, "EMAIL_OTP", json!({ "USERNAME": "ann", "EMAIL_OTP_CODE": code })).await.unwrap()
    ));
    f.emulator.shutdown().await;

    let f = pool(all_factors(), MfaConfiguration::On, false, None).await;
    ann(&f);
    let select = user_auth(&f, json!({ "USERNAME": "ann" })).await.unwrap();
    assert_eq!(select["AvailableChallenges"], json!(["PASSWORD", "PASSWORD_SRP"]));
    let err =
        f.respond(&select, "SELECT_CHALLENGE", json!({ "USERNAME": "ann", "ANSWER": "EMAIL_OTP" })).await;
    assert_eq!(err.unwrap_err().0, "InvalidParameterException");
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn email_mfa_as_a_second_factor() {
    let f = pool(vec![AuthFactor::Password], MfaConfiguration::Off, false, None).await;
    ann(&f);
    let admin = f.emulator.admin();
    let prefs = json!({ "UserPoolId": f.pool_id, "Username": "ann", "EmailMfaSettings": { "Enabled": true, "PreferredMfa": true } });
    // Not before the pool has EmailMfaConfiguration.
    let err = call(&f.api, "AdminSetUserMFAPreference", prefs.clone()).await.unwrap_err();
    assert_eq!(err.0, "InvalidParameterException");
    let config = call(&f.api, "SetUserPoolMfaConfig", json!({ "UserPoolId": f.pool_id, "MfaConfiguration": "OPTIONAL", "EmailMfaConfiguration": { "Subject": "Your code" } }))
        .await
        .unwrap();
    assert!(config["EmailMfaConfiguration"].is_object(), "{config}");
    let read = call(&f.api, "GetUserPoolMfaConfig", json!({ "UserPoolId": f.pool_id })).await.unwrap();
    assert_eq!(read["MfaConfiguration"], "OPTIONAL");
    assert!(read["EmailMfaConfiguration"].is_object());
    call(&f.api, "AdminSetUserMFAPreference", prefs).await.unwrap();
    let user =
        call(&f.api, "AdminGetUser", json!({ "UserPoolId": f.pool_id, "Username": "ann" })).await.unwrap();
    assert_eq!(user["UserMFASettingList"], json!(["EMAIL_OTP"]));
    assert_eq!(user["PreferredMfaSetting"], "EMAIL_OTP");

    // SRP, then the email code.
    let challenge = f.sign_in("ann", "Correct-Horse-9", None).await.unwrap();
    assert_eq!(challenge["ChallengeName"], "EMAIL_OTP", "{challenge}");
    assert_eq!(challenge["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"], "EMAIL");
    assert_eq!(challenge["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"], "a***@e***.com");
    let code = admin.last_code(&f.pool_id, "ann", &CodePurpose::SignInMfa).unwrap();
    assert_eq!(admin.messages(&f.pool_id, "ann").pop().unwrap().destination, "ann@example.com");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = f
        .respond(&challenge, "EMAIL_OTP", json!({ "USERNAME": "ann", "EMAIL_OTP_CODE": wrong }))
        .await
        .unwrap_err();
    assert_eq!(err.0, "CodeMismatchException");
    let done = f
        .respond(&challenge, "EMAIL_OTP", json!({ "USERNAME": "ann", "EMAIL_OTP_CODE": code }))
        .await
        .unwrap();
    assert!(tokens(&done), "{done}");
    let me = call(&f.api, "GetUser", json!({ "AccessToken": done["AuthenticationResult"]["AccessToken"] }))
        .await
        .unwrap();
    assert_eq!(me["UserMFASettingList"], json!(["EMAIL_OTP"]));
    // The user turns it off herself: the password is enough again.
    let access = done["AuthenticationResult"]["AccessToken"].clone();
    call(
        &f.api,
        "SetUserMFAPreference",
        json!({ "AccessToken": access, "EmailMfaSettings": { "Enabled": false } }),
    )
    .await
    .unwrap();
    let me = call(&f.api, "GetUser", json!({ "AccessToken": access })).await.unwrap();
    assert_eq!(me["UserMFASettingList"], json!([]));
    assert!(tokens(&f.sign_in("ann", "Correct-Horse-9", None).await.unwrap()));

    // With a second factor and no preference: SELECT_MFA_TYPE offers both, EMAIL_OTP picks email.
    f.user(
        "cy",
        "Correct-Horse-9",
        UserConfig::default()
            .with_email(Some("cy@example.com".into()))
            .with_phone(Some("+15555550100".into())),
    );
    let both = json!({ "UserPoolId": f.pool_id, "Username": "cy", "EmailMfaSettings": { "Enabled": true }, "SMSMfaSettings": { "Enabled": true } });
    call(&f.api, "AdminSetUserMFAPreference", both).await.unwrap();
    let select = f.sign_in("cy", "Correct-Horse-9", None).await.unwrap();
    assert_eq!(select["ChallengeName"], "SELECT_MFA_TYPE", "{select}");
    assert_eq!(select["ChallengeParameters"]["MFAS_CAN_CHOOSE"], r#"["SMS_MFA","EMAIL_OTP"]"#);
    let email = f
        .respond(&select, "SELECT_MFA_TYPE", json!({ "USERNAME": "cy", "ANSWER": "EMAIL_OTP" }))
        .await
        .unwrap();
    assert_eq!(email["ChallengeName"], "EMAIL_OTP");
    let code = admin.last_code(&f.pool_id, "cy", &CodePurpose::SignInMfa).unwrap();
    assert!(tokens(
        &f.respond(&email, "EMAIL_OTP", json!({ "USERNAME": "cy", "EMAIL_OTP_CODE": code })).await.unwrap()
    ));
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn user_auth_keeps_the_device_steps() {
    let tracking = DeviceTracking::default().with_device_only_remembered_on_user_prompt(false);
    let f = pool(all_factors(), MfaConfiguration::Off, false, Some(tracking)).await;
    ann(&f);
    let first = user_auth(
        &f,
        json!({ "USERNAME": "ann", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "Correct-Horse-9" }),
    )
    .await
    .unwrap();
    let (group, key, device_password, _) = f.confirm_device(&first).await;
    // An email code with the remembered device's key: the device proves itself afterwards.
    let otp =
        user_auth(&f, json!({ "USERNAME": "ann", "PREFERRED_CHALLENGE": "EMAIL_OTP", "DEVICE_KEY": key }))
            .await
            .unwrap();
    let code = f.emulator.admin().last_code(&f.pool_id, "ann", &CodePurpose::SignInOtp).unwrap();
    let device =
        f.respond(&otp, "EMAIL_OTP", json!({ "USERNAME": "ann", "EMAIL_OTP_CODE": code })).await.unwrap();
    let done = f.device_path(&device, &group, &key, &device_password).await.unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string(), "{done}");
    assert!(done["AuthenticationResult"]["NewDeviceMetadata"].is_null());
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn user_auth_checks_the_secret_hash_of_every_step() {
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    // The seed spelling of the policy.
    let config: PoolConfig = serde_json::from_value(json!({
        "id": "eu-west-1_Secret1", "allowed_first_auth_factors": ["PASSWORD", "EMAIL_OTP"], "email_mfa": true,
    }))
    .unwrap();
    assert_eq!(config.allowed_first_auth_factors, [AuthFactor::Password, AuthFactor::EmailOtp]);
    let pool_id = admin.create_user_pool(config).unwrap();
    let flows = vec!["ALLOW_USER_AUTH".to_owned()];
    let (client_id, secret) = admin
        .create_client(
            &pool_id,
            ClientConfig::default().with_explicit_auth_flows(flows).with_generate_secret(true),
        )
        .unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let f = Fixture { emulator, api, pool_id, client_id, secret };
    ann(&f);
    let err = user_auth(&f, json!({ "USERNAME": "ann" })).await.unwrap_err();
    assert_eq!(err.0, "NotAuthorizedException");
    let select = user_auth(&f, json!({ "USERNAME": "ann", "SECRET_HASH": f.hash("ann") })).await.unwrap();
    assert_eq!(select["AvailableChallenges"], json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]));
    let err = f
        .respond(&select, "SELECT_CHALLENGE", json!({ "USERNAME": "ann", "ANSWER": "EMAIL_OTP" }))
        .await
        .unwrap_err();
    assert_eq!(err.0, "NotAuthorizedException");
    let select = user_auth(&f, json!({ "USERNAME": "ann", "SECRET_HASH": f.hash("ann") })).await.unwrap();
    let otp = f
        .respond(
            &select,
            "SELECT_CHALLENGE",
            json!({ "USERNAME": "ann", "ANSWER": "EMAIL_OTP", "SECRET_HASH": f.hash("ann") }),
        )
        .await
        .unwrap();
    let code = f.emulator.admin().last_code(&f.pool_id, "ann", &CodePurpose::SignInOtp).unwrap();
    let done = f
        .respond(
            &otp,
            "EMAIL_OTP",
            json!({ "USERNAME": "ann", "EMAIL_OTP_CODE": code, "SECRET_HASH": f.hash("ann") }),
        )
        .await
        .unwrap();
    assert!(tokens(&done), "{done}");
    f.emulator.shutdown().await;
}
