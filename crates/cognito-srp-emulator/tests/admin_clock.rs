//! The Rust admin handle: a settable clock, the TIMESTAMP tolerance, TOTP secrets, passwords,
//! forgetting devices; email-as-username pools; RevokeToken revoking the tokens it issued.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::time::Duration;

use cognito_srp_core::Timestamp;
use cognito_srp_emulator::{DeviceTracking, Emulator, MfaConfiguration, UserConfig, totp_code};
use serde_json::json;
use support::{Api, call, fixture};

const INCORRECT: (&str, &str) = ("NotAuthorizedException", "Incorrect username or password.");

fn incorrect() -> Result<serde_json::Value, (String, String)> {
    Err((INCORRECT.0.to_owned(), INCORRECT.1.to_owned()))
}

#[tokio::test]
async fn a_set_clock_drives_timestamps_sessions_and_the_zero_padded_day_is_refused() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("amy", "Correct-Horse-9", UserConfig::default());
    let admin = f.emulator.admin();
    // Wed Jan 7 09:05:03 UTC 2026: a one-digit day, so zero padding changes the text.
    admin.set_clock(1_767_776_703);
    let now = admin.now();
    assert!(now.abs_diff(1_767_776_703) < 5, "{now}");

    // The emulator's clock, not the machine's, is what TIMESTAMP is checked against.
    let done = f.sign_in("amy", "Correct-Horse-9", None).await.unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
    let (eph, r) = f.initiate("amy", None).await;
    let ch = r.unwrap();
    let real = Timestamp::now().unwrap();
    assert_eq!(f.password_verifier(&eph, &ch, "Correct-Horse-9", real, None).await, incorrect());

    // "Wed Jan 07 ...": the right instant in the wrong form.
    let (eph, r) = f.initiate("amy", None).await;
    let ch = r.unwrap();
    let ts = Timestamp::from_unix_seconds(admin.now()).unwrap();
    assert!(ts.as_str().starts_with("Wed Jan 7 "), "{}", ts.as_str());
    let p = &ch["ChallengeParameters"];
    let c = cognito_srp_core::PasswordVerifierChallenge {
        user_id_for_srp: p["USER_ID_FOR_SRP"].as_str().unwrap(),
        salt_hex: p["SALT"].as_str().unwrap(),
        srp_b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let claim = eph.user_claim(&f.pool_id, &c, "Correct-Horse-9", &ts).unwrap();
    let padded = claim.timestamp().replacen("Jan 7 ", "Jan 07 ", 1);
    let r = f
        .respond(
            &ch,
            "PASSWORD_VERIFIER",
            json!({ "USERNAME": "amy", "PASSWORD_CLAIM_SECRET_BLOCK": c.secret_block,
                "PASSWORD_CLAIM_SIGNATURE": claim.signature(), "TIMESTAMP": padded }),
        )
        .await;
    assert_eq!(r, incorrect());

    // Sessions expire by the emulator's clock too.
    let (eph, r) = f.initiate("amy", None).await;
    let ch = r.unwrap();
    admin.advance_clock(Duration::from_secs(200));
    let ts = Timestamp::from_unix_seconds(admin.now()).unwrap();
    let expired = f.password_verifier(&eph, &ch, "Correct-Horse-9", ts, None).await.unwrap_err();
    assert_eq!(expired.1, "Invalid session for the user, session is expired.");
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn the_timestamp_tolerance_is_settable() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("ben", "Correct-Horse-9", UserConfig::default());
    let admin = f.emulator.admin();
    let attempt = |offset: i64| {
        let f = &f;
        let admin = admin.clone();
        async move {
            let (eph, r) = f.initiate("ben", None).await;
            let ch = r.unwrap();
            let ts = Timestamp::from_unix_seconds(admin.now().checked_add_signed(offset).unwrap()).unwrap();
            f.password_verifier(&eph, &ch, "Correct-Horse-9", ts, None).await
        }
    };
    // Default: 15 minutes either way.
    assert!(attempt(-14 * 60).await.is_ok());
    assert!(attempt(14 * 60).await.is_ok());
    assert_eq!(attempt(16 * 60).await, incorrect());
    admin.set_timestamp_tolerance(Duration::from_secs(300));
    assert!(attempt(-240).await.is_ok());
    assert_eq!(attempt(-360).await, incorrect());
    assert_eq!(attempt(360).await, incorrect());
    f.emulator.shutdown().await;

    let strict = Emulator::builder().timestamp_tolerance(Duration::ZERO).start().await.unwrap();
    strict.shutdown().await;
}

#[tokio::test]
async fn admin_totp_secret_password_and_forget_device() {
    let f = fixture(
        MfaConfiguration::Optional,
        Some(
            DeviceTracking::default()
                .with_challenge_required_on_new_device(true)
                .with_device_only_remembered_on_user_prompt(false),
        ),
        true,
    )
    .await;
    let admin = f.emulator.admin();
    let internal =
        f.user("", "Correct-Horse-9", UserConfig::default().with_email(Some("cy@example.com".into())));
    // No MFA yet: tokens and a new device.
    let done = f.sign_in("cy@example.com", "Correct-Horse-9", None).await.unwrap();
    let (group, key, device_password, _) = f.confirm_device(&done).await;

    // A TOTP secret set by the admin handle (looked up by the email alias).
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    admin.set_totp_secret(&f.pool_id, "cy@example.com", secret).unwrap();
    assert!(admin.set_totp_secret(&f.pool_id, "cy@example.com", "not base32!").is_err());
    assert!(admin.set_totp_secret(&f.pool_id, "nobody", secret).is_err());
    let mfa = f.sign_in("cy@example.com", "Correct-Horse-9", None).await.unwrap();
    assert_eq!(mfa["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let code = totp_code(secret, admin.now()).unwrap();
    let done = f
        .respond(
            &mfa,
            "SOFTWARE_TOKEN_MFA",
            json!({ "USERNAME": internal, "SOFTWARE_TOKEN_MFA_CODE": code, "SECRET_HASH": f.hash(&internal) }),
        )
        .await
        .unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());

    // The remembered device skips that MFA.
    let dev = f.sign_in("cy@example.com", "Correct-Horse-9", Some(&key)).await.unwrap();
    f.device_path(&dev, &group, &key, &device_password).await.unwrap();

    // A password set by the admin handle; temporary -> NEW_PASSWORD_REQUIRED.
    admin.set_user_password(&f.pool_id, &internal, "Other-Horse-10", false).unwrap();
    assert_eq!(f.sign_in("cy@example.com", "Correct-Horse-9", Some(&key)).await, incorrect());
    let np = f.sign_in("cy@example.com", "Other-Horse-10", Some(&key)).await.unwrap();
    assert_eq!(np["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    admin.set_user_password(&f.pool_id, &internal, "Other-Horse-10", true).unwrap();

    // Forgotten by the admin handle: the device's next use is refused as on Cognito.
    assert!(admin.forget_device(&f.pool_id, &key));
    assert!(!admin.forget_device(&f.pool_id, &key));
    let gone = f.sign_in("cy@example.com", "Other-Horse-10", Some(&key)).await.unwrap_err();
    assert_eq!(gone, ("ResourceNotFoundException".into(), "Device does not exist.".into()));
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn email_as_username_pools_sign_in_by_email_with_a_uuid_username() {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let pool =
        call(&api, "CreateUserPool", json!({ "PoolName": "by-email", "UsernameAttributes": ["email"] }))
            .await
            .unwrap();
    assert_eq!(pool["UserPool"]["UsernameAttributes"], json!(["email"]));
    let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
    let client = call(&api, "CreateUserPoolClient", json!({ "UserPoolId": pool_id, "ClientName": "app" }))
        .await
        .unwrap();
    let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned();
    let created = call(
        &api,
        "AdminCreateUser",
        json!({ "UserPoolId": pool_id, "Username": "dee@example.com", "TemporaryPassword": "Temp-Pass-1" }),
    )
    .await
    .unwrap();
    let username = created["User"]["Username"].as_str().unwrap().to_owned();
    assert_ne!(username, "dee@example.com");
    assert_eq!(username.len(), 36, "a UUID: {username}");
    let attrs = created["User"]["Attributes"].as_array().unwrap();
    assert!(attrs.contains(&json!({ "Name": "sub", "Value": username })), "{attrs:?}");
    assert!(attrs.contains(&json!({ "Name": "email", "Value": "dee@example.com" })), "{attrs:?}");
    // The same email again, and a name that is not an email, are refused.
    let dup = call(&api, "AdminCreateUser", json!({ "UserPoolId": pool_id, "Username": "dee@example.com" }))
        .await
        .unwrap_err();
    assert_eq!(dup.0, "UsernameExistsException");
    let bad =
        call(&api, "AdminCreateUser", json!({ "UserPoolId": pool_id, "Username": "dee" })).await.unwrap_err();
    assert_eq!(bad.0, "InvalidParameterException");

    emulator.admin().set_user_password(&pool_id, "dee@example.com", "Perm-Pass-22", true).unwrap();
    let eph = cognito_srp_core::ClientEphemeral::generate(&mut support::rng());
    let ch = call(
        &api,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
        "AuthParameters": { "USERNAME": "dee@example.com", "SRP_A": eph.public_hex().as_str() } }),
    )
    .await
    .unwrap();
    let p = &ch["ChallengeParameters"];
    assert_eq!(p["USER_ID_FOR_SRP"], username.as_str());
    assert_eq!(p["USERNAME"], username.as_str());
    let c = cognito_srp_core::PasswordVerifierChallenge {
        user_id_for_srp: p["USER_ID_FOR_SRP"].as_str().unwrap(),
        salt_hex: p["SALT"].as_str().unwrap(),
        srp_b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let ts = Timestamp::from_unix_seconds(emulator.admin().now()).unwrap();
    let claim = eph.user_claim(&pool_id, &c, "Perm-Pass-22", &ts).unwrap();
    let done = call(&api, "RespondToAuthChallenge", json!({ "ClientId": client_id, "ChallengeName": "PASSWORD_VERIFIER",
        "Session": ch["Session"], "ChallengeResponses": { "USERNAME": username, "PASSWORD_CLAIM_SECRET_BLOCK": c.secret_block,
        "PASSWORD_CLAIM_SIGNATURE": claim.signature(), "TIMESTAMP": claim.timestamp() } }))
    .await
    .unwrap();
    let me = call(&api, "GetUser", json!({ "AccessToken": done["AuthenticationResult"]["AccessToken"] }))
        .await
        .unwrap();
    assert_eq!(me["Username"], username.as_str());
    emulator.shutdown().await;
}

#[tokio::test]
async fn revoke_token_revokes_the_tokens_issued_from_it_only() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("eve", "Correct-Horse-9", UserConfig::default());
    let one = f.sign_in("eve", "Correct-Horse-9", None).await.unwrap();
    let two = f.sign_in("eve", "Correct-Horse-9", None).await.unwrap();
    let refresh = one["AuthenticationResult"]["RefreshToken"].clone();
    let refreshed = call(
        &f.api,
        "InitiateAuth",
        json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": f.client_id,
        "AuthParameters": { "REFRESH_TOKEN": refresh } }),
    )
    .await
    .unwrap();
    call(&f.api, "RevokeToken", json!({ "Token": refresh, "ClientId": f.client_id })).await.unwrap();
    for revoked in
        [&one["AuthenticationResult"]["AccessToken"], &refreshed["AuthenticationResult"]["AccessToken"]]
    {
        let r = call(&f.api, "GetUser", json!({ "AccessToken": revoked })).await.unwrap_err();
        assert_eq!(r, ("NotAuthorizedException".into(), "Access Token has been revoked".into()));
    }
    // The other sign-in's tokens are untouched.
    call(&f.api, "GetUser", json!({ "AccessToken": two["AuthenticationResult"]["AccessToken"] }))
        .await
        .unwrap();
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn a_sign_in_right_after_global_sign_out_gets_working_tokens() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("fay", "Correct-Horse-9", UserConfig::default());
    // Several rounds inside the same second: revocation is per token, not per timestamp.
    for round in 0..3 {
        let before = f.sign_in("fay", "Correct-Horse-9", None).await.unwrap();
        let before = &before["AuthenticationResult"];
        if round == 2 {
            call(&f.api, "AdminUserGlobalSignOut", json!({ "UserPoolId": f.pool_id, "Username": "fay" }))
                .await
                .unwrap();
        } else {
            call(&f.api, "GlobalSignOut", json!({ "AccessToken": before["AccessToken"] })).await.unwrap();
        }
        let r = call(&f.api, "GetUser", json!({ "AccessToken": before["AccessToken"] })).await.unwrap_err();
        assert_eq!(r.1, "Access Token has been revoked");
        let after = f.sign_in("fay", "Correct-Horse-9", None).await.unwrap();
        let after = &after["AuthenticationResult"];
        let me = call(&f.api, "GetUser", json!({ "AccessToken": after["AccessToken"] })).await.unwrap();
        assert_eq!(me["Username"], "fay");
        call(
            &f.api,
            "InitiateAuth",
            json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": f.client_id,
            "AuthParameters": { "REFRESH_TOKEN": after["RefreshToken"] } }),
        )
        .await
        .unwrap();
    }
    f.emulator.shutdown().await;
}
