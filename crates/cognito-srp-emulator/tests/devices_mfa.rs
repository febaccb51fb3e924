//! Device tracking, MFA, new password, custom auth, secret hash, alias, tokens.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use cognito_srp_emulator::{DeviceTracking, MfaConfiguration, UserConfig, totp_code};
use serde_json::{Value, json};
use support::{call, fixture};

const TOTP: &str = "JBSWY3DPEHPK3PXP";

fn tracking(prompt: bool) -> Option<DeviceTracking> {
    Some(
        DeviceTracking::default()
            .with_challenge_required_on_new_device(true)
            .with_device_only_remembered_on_user_prompt(prompt),
    )
}

#[tokio::test]
async fn remembered_device_skips_mfa_and_refresh_needs_its_key() {
    let f = fixture(MfaConfiguration::Optional, tracking(true), true).await;
    let admin = f.emulator.admin();
    f.user("erin", "Correct-Horse-9", UserConfig::default().with_totp_secret(Some(TOTP.into())));

    // First sign-in: PASSWORD_VERIFIER -> SOFTWARE_TOKEN_MFA -> tokens + NewDeviceMetadata.
    let mfa = f.sign_in("erin", "Correct-Horse-9", None).await.unwrap();
    assert_eq!(mfa["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let wrong = f
        .respond(
            &mfa,
            "SOFTWARE_TOKEN_MFA",
            json!({ "USERNAME": "erin", "SOFTWARE_TOKEN_MFA_CODE": "000000", "SECRET_HASH": f.hash("erin") }),
        )
        .await
        .unwrap_err();
    assert_eq!(wrong.0, "CodeMismatchException");
    let code = totp_code(TOTP, admin.now()).unwrap();
    let done = f
        .respond(
            &mfa,
            "SOFTWARE_TOKEN_MFA",
            json!({ "USERNAME": "erin", "SOFTWARE_TOKEN_MFA_CODE": code, "SECRET_HASH": f.hash("erin") }),
        )
        .await
        .unwrap();
    let (group, key, device_password, confirmation) = f.confirm_device(&done).await;
    assert!(confirmation, "DeviceOnlyRememberedOnUserPrompt -> UserConfirmationNecessary");
    let access = done["AuthenticationResult"]["AccessToken"].clone();
    let refresh = done["AuthenticationResult"]["RefreshToken"].clone();
    let info = admin.list_devices(&f.pool_id, "erin");
    assert_eq!(info.len(), 1);
    assert!(info[0].confirmed && !info[0].remembered);

    // Not remembered yet: MFA first, then the device path.
    let mfa = f.sign_in("erin", "Correct-Horse-9", Some(&key)).await.unwrap();
    assert_eq!(mfa["ChallengeName"], "SOFTWARE_TOKEN_MFA");

    call(
        &f.api,
        "UpdateDeviceStatus",
        json!({ "AccessToken": access, "DeviceKey": key, "DeviceRememberedStatus": "remembered" }),
    )
    .await
    .unwrap();
    assert!(admin.list_devices(&f.pool_id, "erin")[0].remembered);

    // Remembered: DEVICE_SRP_AUTH right after the password, no MFA, no new device.
    let dev = f.sign_in("erin", "Correct-Horse-9", Some(&key)).await.unwrap();
    assert_eq!(dev["ChallengeName"], "DEVICE_SRP_AUTH");
    let done2 = f.device_path(&dev, &group, &key, &device_password).await.unwrap();
    assert!(done2["AuthenticationResult"].get("NewDeviceMetadata").is_none());
    let refresh2 = done2["AuthenticationResult"]["RefreshToken"].clone();

    // A wrong device password is refused.
    let dev = f.sign_in("erin", "Correct-Horse-9", Some(&key)).await.unwrap();
    let bad = f.device_path(&dev, &group, &key, "not-the-device-password").await.unwrap_err();
    assert_eq!(bad.0, "NotAuthorizedException");

    // Refresh: with the device key it works; without it, "Invalid Refresh Token".
    let params = |device: Option<&str>| {
        let mut p = json!({ "REFRESH_TOKEN": refresh2, "SECRET_HASH": f.hash("erin") });
        if let Some(k) = device {
            p["DEVICE_KEY"] = json!(k);
        }
        json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": f.client_id, "AuthParameters": p })
    };
    let ok = call(&f.api, "InitiateAuth", params(Some(&key))).await.unwrap();
    assert!(ok["AuthenticationResult"]["AccessToken"].is_string());
    assert!(ok["AuthenticationResult"].get("RefreshToken").is_none());
    let missing = call(&f.api, "InitiateAuth", params(None)).await.unwrap_err();
    assert_eq!(missing, ("NotAuthorizedException".into(), "Invalid Refresh Token".into()));
    // The first refresh token came with NewDeviceMetadata: it is bound to that device too.
    let first = json!({ "AuthFlow": "REFRESH_TOKEN", "ClientId": f.client_id, "AuthParameters": { "REFRESH_TOKEN": refresh, "DEVICE_KEY": key, "SECRET_HASH": f.hash("erin") } });
    call(&f.api, "InitiateAuth", first).await.unwrap();

    // Device operations.
    let got = call(&f.api, "GetDevice", json!({ "AccessToken": access, "DeviceKey": key })).await.unwrap();
    assert_eq!(got["Device"]["DeviceKey"], key.as_str());
    let listed = call(&f.api, "ListDevices", json!({ "AccessToken": access })).await.unwrap();
    assert_eq!(listed["Devices"].as_array().unwrap().len(), 1);
    call(&f.api, "ForgetDevice", json!({ "AccessToken": access, "DeviceKey": key })).await.unwrap();
    assert!(admin.list_devices(&f.pool_id, "erin").is_empty());
    // A forgotten device: ResourceNotFoundException on its next use.
    let gone = f.sign_in("erin", "Correct-Horse-9", Some(&key)).await.unwrap_err();
    assert_eq!(gone, ("ResourceNotFoundException".into(), "Device does not exist.".into()));
    let gone = call(&f.api, "InitiateAuth", params(Some(&key))).await.unwrap_err();
    assert_eq!(gone.1, "Invalid Refresh Token");
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn devices_without_prompt_are_remembered_and_paginate() {
    let f = fixture(MfaConfiguration::Off, tracking(false), false).await;
    f.user("finn", "Correct-Horse-9", UserConfig::default());
    let mut keys = Vec::new();
    let mut access = Value::Null;
    for _ in 0..3 {
        let done = f.sign_in("finn", "Correct-Horse-9", None).await.unwrap();
        let (_, key, _, confirmation) = f.confirm_device(&done).await;
        assert!(!confirmation);
        keys.push(key);
        access = done["AuthenticationResult"]["AccessToken"].clone();
    }
    assert!(f.emulator.admin().list_devices(&f.pool_id, "finn").iter().all(|d| d.remembered));
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut req = json!({ "AccessToken": access, "Limit": 2 });
        if let Some(t) = &token {
            req["PaginationToken"] = json!(t);
        }
        let page = call(&f.api, "ListDevices", req).await.unwrap();
        let devices = page["Devices"].as_array().unwrap();
        assert!(devices.len() <= 2);
        seen.extend(devices.iter().map(|d| d["DeviceKey"].as_str().unwrap().to_owned()));
        match page.get("PaginationToken").and_then(Value::as_str) {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    seen.sort();
    keys.sort();
    assert_eq!(seen, keys);
    let admin_list = call(&f.api, "AdminListDevices", json!({ "UserPoolId": f.pool_id, "Username": "finn" }))
        .await
        .unwrap();
    assert_eq!(admin_list["Devices"].as_array().unwrap().len(), 3);
    call(
        &f.api,
        "AdminForgetDevice",
        json!({ "UserPoolId": f.pool_id, "Username": "finn", "DeviceKey": keys[0] }),
    )
    .await
    .unwrap();
    assert_eq!(f.emulator.admin().list_devices(&f.pool_id, "finn").len(), 2);
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn secret_hash_uses_the_typed_name_then_the_internal_one() {
    let f = fixture(MfaConfiguration::Off, None, true).await;
    let internal =
        f.user("", "Correct-Horse-9", UserConfig::default().with_email(Some("gus@example.com".into())));
    assert_ne!(internal, "gus@example.com");
    // Signing in by email: the challenge names the internal user.
    let (eph, r) = f.initiate("gus@example.com", None).await;
    let ch = r.unwrap();
    assert_eq!(ch["ChallengeParameters"]["USER_ID_FOR_SRP"], internal.as_str());
    let ts = cognito_srp_core::Timestamp::from_unix_seconds(f.emulator.admin().now()).unwrap();
    f.password_verifier(&eph, &ch, "Correct-Horse-9", ts, None).await.unwrap();

    // SECRET_HASH over the email in the answer (not the internal name) is refused.
    let (eph, r) = f.initiate("gus@example.com", None).await;
    let ch = r.unwrap();
    let p = &ch["ChallengeParameters"];
    let c = cognito_srp_core::PasswordVerifierChallenge {
        user_id_for_srp: p["USER_ID_FOR_SRP"].as_str().unwrap(),
        salt_hex: p["SALT"].as_str().unwrap(),
        srp_b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let claim = eph.user_claim(&f.pool_id, &c, "Correct-Horse-9", &ts).unwrap();
    let r = f
        .respond(&ch, "PASSWORD_VERIFIER", json!({
            "USERNAME": internal, "PASSWORD_CLAIM_SECRET_BLOCK": c.secret_block, "PASSWORD_CLAIM_SIGNATURE": claim.signature(),
            "TIMESTAMP": claim.timestamp(), "SECRET_HASH": f.hash("gus@example.com"),
        }))
        .await
        .unwrap_err();
    assert_eq!(r.0, "NotAuthorizedException");
    assert!(r.1.starts_with("Unable to verify secret hash"), "{r:?}");

    // Missing or wrong SECRET_HASH on InitiateAuth.
    let no_hash = call(&f.api, "InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": f.client_id, "AuthParameters": { "USERNAME": "gus@example.com", "SRP_A": "2" } })).await.unwrap_err();
    assert!(no_hash.1.contains("SECRET_HASH was not received"), "{no_hash:?}");
    let bad = call(&f.api, "InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": f.client_id, "AuthParameters": { "USERNAME": "gus@example.com", "SRP_A": "2", "SECRET_HASH": f.hash(&internal) } })).await.unwrap_err();
    assert!(bad.1.starts_with("Unable to verify secret hash"), "{bad:?}");
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn sms_select_mfa_new_password_and_custom_auth() {
    let f = fixture(MfaConfiguration::Optional, None, false).await;
    let admin = f.emulator.admin();
    admin
        .create_user(
            &f.pool_id,
            UserConfig::default()
                .with_username("hana")
                .with_password("Temp-Pass-1")
                .with_permanent(false)
                .with_phone(Some("+15555550123".into()))
                .with_sms_mfa(true),
        )
        .unwrap();
    // NEW_PASSWORD_REQUIRED first (temporary password), then SMS MFA.
    let np = f.sign_in("hana", "Temp-Pass-1", None).await.unwrap();
    assert_eq!(np["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let sms = f
        .respond(
            &np,
            "NEW_PASSWORD_REQUIRED",
            json!({ "USERNAME": "hana", "NEW_PASSWORD": "Brand-New-Pass-2" }),
        )
        .await
        .unwrap();
    assert_eq!(sms["ChallengeName"], "SMS_MFA");
    assert_eq!(sms["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"], "SMS");
    let code = admin.last_sms_code(&f.pool_id, "hana").unwrap();
    let done = f.respond(&sms, "SMS_MFA", json!({ "USERNAME": "hana", "SMS_MFA_CODE": code })).await.unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
    // The new password is the password now.
    assert_eq!(f.sign_in("hana", "Temp-Pass-1", None).await.unwrap_err().0, "NotAuthorizedException");

    // Both factors and no preference: SELECT_MFA_TYPE.
    f.user(
        "ivan",
        "Correct-Horse-9",
        UserConfig::default()
            .with_totp_secret(Some(TOTP.into()))
            .with_sms_mfa(true)
            .with_phone(Some("+15555550124".into())),
    );
    call(&f.api, "AdminSetUserMFAPreference", json!({ "UserPoolId": f.pool_id, "Username": "ivan", "SMSMfaSettings": { "Enabled": true, "PreferredMfa": false }, "SoftwareTokenMfaSettings": { "Enabled": true, "PreferredMfa": false } })).await.unwrap();
    let user =
        call(&f.api, "AdminGetUser", json!({ "UserPoolId": f.pool_id, "Username": "ivan" })).await.unwrap();
    assert_eq!(user["UserMFASettingList"], json!(["SMS_MFA", "SOFTWARE_TOKEN_MFA"]));
    // The preference from create_user still stands (TOTP), so choose explicitly by clearing it:
    let sel = f.sign_in("ivan", "Correct-Horse-9", None).await.unwrap();
    let name = sel["ChallengeName"].as_str().unwrap().to_owned();
    assert!(name == "SOFTWARE_TOKEN_MFA" || name == "SELECT_MFA_TYPE", "{sel}");

    // CUSTOM_AUTH with SRP_A: PASSWORD_VERIFIER then CUSTOM_CHALLENGE.
    f.user("jo", "Correct-Horse-9", UserConfig::default());
    let eph = cognito_srp_core::ClientEphemeral::generate(&mut support::rng());
    let ch = call(&f.api, "InitiateAuth", json!({ "AuthFlow": "CUSTOM_AUTH", "ClientId": f.client_id, "AuthParameters": { "USERNAME": "jo", "SRP_A": eph.public_hex().as_str(), "CHALLENGE_NAME": "SRP_A" } })).await.unwrap();
    assert_eq!(ch["ChallengeName"], "PASSWORD_VERIFIER");
    let ts = cognito_srp_core::Timestamp::from_unix_seconds(admin.now()).unwrap();
    let custom = f.password_verifier(&eph, &ch, "Correct-Horse-9", ts, None).await.unwrap();
    assert_eq!(custom["ChallengeName"], "CUSTOM_CHALLENGE");
    let wrong = f
        .respond(&custom, "CUSTOM_CHALLENGE", json!({ "USERNAME": "jo", "ANSWER": "41" }))
        .await
        .unwrap_err();
    assert_eq!(wrong.0, "NotAuthorizedException");
    let ch = call(
        &f.api,
        "InitiateAuth",
        json!({ "AuthFlow": "CUSTOM_AUTH", "ClientId": f.client_id, "AuthParameters": { "USERNAME": "jo" } }),
    )
    .await
    .unwrap();
    assert_eq!(ch["ChallengeName"], "CUSTOM_CHALLENGE");
    let done =
        f.respond(&ch, "CUSTOM_CHALLENGE", json!({ "USERNAME": "jo", "ANSWER": "forty-two" })).await.unwrap();
    assert!(done["AuthenticationResult"]["IdToken"].is_string());
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn mfa_setup_when_mfa_is_required() {
    let f = fixture(MfaConfiguration::On, None, false).await;
    let admin = f.emulator.admin();
    f.user("kai", "Correct-Horse-9", UserConfig::default());
    let setup = f.sign_in("kai", "Correct-Horse-9", None).await.unwrap();
    assert_eq!(setup["ChallengeName"], "MFA_SETUP");
    let assoc = call(&f.api, "AssociateSoftwareToken", json!({ "Session": setup["Session"] })).await.unwrap();
    let secret = assoc["SecretCode"].as_str().unwrap();
    let wrong =
        call(&f.api, "VerifySoftwareToken", json!({ "Session": assoc["Session"], "UserCode": "000000" }))
            .await
            .unwrap_err();
    assert_eq!(wrong.0, "CodeMismatchException");
    let code = totp_code(secret, admin.now()).unwrap();
    let verified =
        call(&f.api, "VerifySoftwareToken", json!({ "Session": assoc["Session"], "UserCode": code }))
            .await
            .unwrap();
    assert_eq!(verified["Status"], "SUCCESS");
    let done = f.respond(&verified, "MFA_SETUP", json!({ "USERNAME": "kai" })).await.unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
    // Next time: SOFTWARE_TOKEN_MFA.
    let next = f.sign_in("kai", "Correct-Horse-9", None).await.unwrap();
    assert_eq!(next["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn sign_out_and_revocation_invalidate_tokens() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("lea", "Correct-Horse-9", UserConfig::default());
    let done = f.sign_in("lea", "Correct-Horse-9", None).await.unwrap();
    let auth = &done["AuthenticationResult"];
    // RevokeToken: the refresh token stops working.
    call(&f.api, "RevokeToken", json!({ "Token": auth["RefreshToken"], "ClientId": f.client_id }))
        .await
        .unwrap();
    let r = call(&f.api, "InitiateAuth", json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": f.client_id, "AuthParameters": { "REFRESH_TOKEN": auth["RefreshToken"] } })).await.unwrap_err();
    assert_eq!(r.1, "Invalid Refresh Token");
    // ... and so do the access and id tokens issued with it.
    let r = call(&f.api, "GetUser", json!({ "AccessToken": auth["AccessToken"] })).await.unwrap_err();
    assert_eq!(r, ("NotAuthorizedException".into(), "Access Token has been revoked".into()));
    // GlobalSignOut: the access token and refresh token of another sign-in are refused afterwards.
    let done = f.sign_in("lea", "Correct-Horse-9", None).await.unwrap();
    let auth = &done["AuthenticationResult"];
    call(&f.api, "GlobalSignOut", json!({ "AccessToken": auth["AccessToken"] })).await.unwrap();
    let r = call(&f.api, "GetUser", json!({ "AccessToken": auth["AccessToken"] })).await.unwrap_err();
    assert_eq!(r, ("NotAuthorizedException".into(), "Access Token has been revoked".into()));
    let r = call(&f.api, "InitiateAuth", json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": f.client_id, "AuthParameters": { "REFRESH_TOKEN": auth["RefreshToken"] } })).await.unwrap_err();
    assert_eq!(r.0, "NotAuthorizedException");
    let forged = call(&f.api, "GetUser", json!({ "AccessToken": "a.b.c" })).await.unwrap_err();
    assert_eq!(forged.1, "Invalid Access Token");
    // Expired tokens.
    f.emulator.admin().advance_clock(std::time::Duration::from_secs(2));
    let done = f.sign_in("lea", "Correct-Horse-9", None).await.unwrap();
    f.emulator.admin().advance_clock(std::time::Duration::from_secs(3601));
    let r = call(&f.api, "GetUser", json!({ "AccessToken": done["AuthenticationResult"]["AccessToken"] }))
        .await
        .unwrap_err();
    assert_eq!(r.1, "Access Token has expired");
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn revoke_token_checks_the_client_secret() {
    let f = fixture(MfaConfiguration::Off, None, true).await;
    f.user("mo", "Correct-Horse-9", UserConfig::default());
    let done = f.sign_in("mo", "Correct-Horse-9", None).await.unwrap();
    let refresh = done["AuthenticationResult"]["RefreshToken"].clone();
    let secret = f.secret.clone().unwrap();
    let refused = (
        "NotAuthorizedException".to_owned(),
        format!("Unable to verify secret hash for client {}", f.client_id),
    );
    // No secret, a wrong one, and one that differs only in length: refused, token untouched.
    for given in
        [None, Some(format!("{secret}x")), Some(secret.replace(&secret[..1], "#")), Some(String::new())]
    {
        let mut body = json!({ "Token": refresh, "ClientId": f.client_id });
        if let Some(given) = given {
            body["ClientSecret"] = json!(given);
        }
        assert_eq!(call(&f.api, "RevokeToken", body).await.unwrap_err(), refused);
    }
    let hash = f.hash("mo").unwrap();
    let refresh_body = json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": f.client_id,
        "AuthParameters": { "REFRESH_TOKEN": refresh, "SECRET_HASH": hash } });
    call(&f.api, "InitiateAuth", refresh_body.clone()).await.unwrap();
    // The right secret revokes it.
    call(&f.api, "RevokeToken", json!({ "Token": refresh, "ClientId": f.client_id, "ClientSecret": secret }))
        .await
        .unwrap();
    let r = call(&f.api, "InitiateAuth", refresh_body).await.unwrap_err();
    assert_eq!(r.1, "Invalid Refresh Token");
    f.emulator.shutdown().await;
}

/// amazon-cognito-identity-js and Amplify answer "Device does not exist." on
/// PASSWORD_VERIFIER by answering the same Session again without DEVICE_KEY: the session must
/// still be there (it was spent before the device check, and the retry got "Invalid session
/// for the user.").
#[tokio::test]
async fn a_gone_device_leaves_the_password_verifier_session_for_a_retry_without_it() {
    let f = fixture(MfaConfiguration::Off, tracking(false), true).await;
    f.user("gina", "Correct-Horse-9", UserConfig::default());
    let gone = "eu-west-1_00000000-0000-4000-8000-000000000000";
    let (eph, challenge) = f.initiate("gina", Some(gone)).await;
    let challenge = challenge.unwrap();
    let now = cognito_srp_core::Timestamp::from_unix_seconds(f.emulator.admin().now()).unwrap();
    let err = f.password_verifier(&eph, &challenge, "Correct-Horse-9", now, Some(gone)).await.unwrap_err();
    assert_eq!(err, ("ResourceNotFoundException".to_owned(), "Device does not exist.".to_owned()));
    // The same Session, answered again without the device: signed in (with a new device).
    let done = f.password_verifier(&eph, &challenge, "Correct-Horse-9", now, None).await.unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string(), "{done}");
    assert!(done["AuthenticationResult"]["NewDeviceMetadata"]["DeviceKey"].is_string(), "{done}");
    // And the session is spent now.
    let again = f.password_verifier(&eph, &challenge, "Correct-Horse-9", now, None).await.unwrap_err();
    assert_eq!(again.0, "NotAuthorizedException");
}

/// ChallengeRequiredOnNewDevice=false: a remembered device no longer stands in for MFA (the
/// code comes first, the device proves itself after it); with `true` it does (see
/// `remembered_device_skips_mfa_and_refresh_needs_its_key`).
#[tokio::test]
async fn without_challenge_required_on_new_device_remembered_devices_still_get_mfa() {
    let tracking = DeviceTracking::default()
        .with_challenge_required_on_new_device(false)
        .with_device_only_remembered_on_user_prompt(false);
    let f = fixture(MfaConfiguration::Optional, Some(tracking), false).await;
    let admin = f.emulator.admin();
    f.user("fay", "Correct-Horse-9", UserConfig::default().with_totp_secret(Some(TOTP.into())));
    let mfa = f.sign_in("fay", "Correct-Horse-9", None).await.unwrap();
    let done = answer_totp(&f, &mfa).await;
    let (group, key, device_password, confirmation) = f.confirm_device(&done).await;
    assert!(!confirmation);
    assert!(admin.list_devices(&f.pool_id, "fay")[0].remembered);
    // Remembered, and still: SOFTWARE_TOKEN_MFA first, then DEVICE_SRP_AUTH.
    let mfa = f.sign_in("fay", "Correct-Horse-9", Some(&key)).await.unwrap();
    assert_eq!(mfa["ChallengeName"], "SOFTWARE_TOKEN_MFA", "{mfa}");
    let device = answer_totp(&f, &mfa).await;
    let done = f.device_path(&device, &group, &key, &device_password).await.unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
    f.emulator.shutdown().await;
}

async fn answer_totp(f: &support::Fixture, challenge: &Value) -> Value {
    let code = totp_code(TOTP, f.emulator.admin().now()).unwrap();
    f.respond(challenge, "SOFTWARE_TOKEN_MFA", json!({ "USERNAME": "fay", "SOFTWARE_TOKEN_MFA_CODE": code }))
        .await
        .unwrap()
}
