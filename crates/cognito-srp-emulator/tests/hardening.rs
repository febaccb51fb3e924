//! Issue 10 attacks on the emulator: each must fail.
//! Password-free CUSTOM_AUTH, claims overridden through user attributes, an ID token used as
//! an access token, an email alias hijacked with an unverified email, oversize parameters, and
//! expired sessions that stay in memory.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding};
use cognito_srp_emulator::{ClientConfig, Emulator, PoolConfig, RunningEmulator, UserConfig};
use serde_json::{Value, json};
use support::{Api, call};

fn api(emulator: &RunningEmulator) -> Api {
    Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() }
}

fn claims(jwt: &str) -> Value {
    let body = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&Base64UrlUnpadded::decode_vec(body).unwrap()).unwrap()
}

/// A pool (email alias) with a USER_PASSWORD_AUTH client, a victim `zed` (permanent password,
/// verified email) and an attacker `aaa` with a temporary password; returns (pool, client).
fn victim_and_attacker(emulator: &RunningEmulator) -> (String, String) {
    let admin = emulator.admin();
    let pool = admin
        .create_user_pool(
            PoolConfig::default().with_id(Some("eu-west-1_Hard1".into())).with_email_alias(true),
        )
        .unwrap();
    let flows = vec!["ALLOW_USER_PASSWORD_AUTH".to_owned(), "ALLOW_USER_SRP_AUTH".to_owned()];
    let (client, _) =
        admin.create_client(&pool, ClientConfig::default().with_explicit_auth_flows(flows)).unwrap();
    admin
        .create_user(
            &pool,
            UserConfig::default()
                .with_username("zed")
                .with_password("Victim-Pass-1")
                .with_permanent(true)
                .with_email(Some("victim@example.com".into())),
        )
        .unwrap();
    admin
        .create_user(
            &pool,
            UserConfig::default().with_username("aaa").with_password("Attacker-Temp-1").with_permanent(false),
        )
        .unwrap();
    (pool, client)
}

async fn password_auth(
    api: &Api,
    client: &str,
    user: &str,
    password: &str,
) -> Result<Value, (String, String)> {
    call(
        api,
        "InitiateAuth",
        json!({
            "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
            "AuthParameters": { "USERNAME": user, "PASSWORD": password },
        }),
    )
    .await
}

async fn new_password(
    api: &Api,
    client: &str,
    challenge: &Value,
    attributes: Value,
) -> Result<Value, (String, String)> {
    let mut responses = json!({ "USERNAME": "aaa", "NEW_PASSWORD": "Attacker-Perm-1" });
    for (k, v) in attributes.as_object().unwrap() {
        responses[format!("userAttributes.{k}")] = v.clone();
    }
    call(
        api,
        "RespondToAuthChallenge",
        json!({
            "ClientId": client, "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": challenge["Session"], "ChallengeResponses": responses,
        }),
    )
    .await
}

#[tokio::test]
async fn custom_auth_over_the_wire_needs_a_configured_challenge() {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = api(&emulator);
    let pool = call(&api, "CreateUserPool", json!({ "PoolName": "wire" })).await.unwrap();
    let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
    // No ExplicitAuthFlows: Cognito's default set, which names ALLOW_CUSTOM_AUTH.
    let client = call(&api, "CreateUserPoolClient", json!({ "UserPoolId": pool_id, "ClientName": "app" }))
        .await
        .unwrap();
    let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned();
    call(
        &api,
        "AdminCreateUser",
        json!({ "UserPoolId": pool_id, "Username": "victim", "TemporaryPassword": "Temp-Pass-1" }),
    )
    .await
    .unwrap();
    let attempt = call(
        &api,
        "InitiateAuth",
        json!({
            "AuthFlow": "CUSTOM_AUTH", "ClientId": client_id, "AuthParameters": { "USERNAME": "victim" },
        }),
    )
    .await;
    if let Ok(challenge) = &attempt {
        // The old emulator: answer its default "42" and show what it gave away.
        let answered = call(
            &api,
            "RespondToAuthChallenge",
            json!({
                "ClientId": client_id, "ChallengeName": "CUSTOM_CHALLENGE", "Session": challenge["Session"],
                "ChallengeResponses": { "USERNAME": "victim", "ANSWER": "42" },
            }),
        )
        .await;
        panic!("CUSTOM_AUTH without a configured challenge started a sign-in: {challenge} then {answered:?}");
    }
    let expected = (
        "InvalidParameterException".to_owned(),
        "Custom auth lambda trigger is not configured for the user pool.".to_owned(),
    );
    assert_eq!(attempt.unwrap_err(), expected);
    // With SRP_A (custom challenge after the password) it is the same answer.
    let eph = cognito_srp_core::ClientEphemeral::generate(&mut support::rng());
    let with_srp = call(&api, "InitiateAuth", json!({
        "AuthFlow": "CUSTOM_AUTH", "ClientId": client_id,
        "AuthParameters": { "USERNAME": "victim", "SRP_A": eph.public_hex().as_str(), "CHALLENGE_NAME": "SRP_A" },
    }))
    .await
    .unwrap_err();
    assert_eq!(with_srp, expected);
    emulator.shutdown().await;
}

#[tokio::test]
async fn new_password_attributes_cannot_override_claims_and_an_id_token_is_no_access_token() {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = api(&emulator);
    let (_, client) = victim_and_attacker(&emulator);
    let challenge = password_auth(&api, &client, "aaa", "Attacker-Temp-1").await.unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let attack = json!({
        "token_use": "access", "username": "zed", "cognito:username": "zed",
        "origin_jti": "x", "iss": "https://evil.example", "aud": "x",
    });
    let refused = new_password(&api, &client, &challenge, attack).await;
    let (kind, message) = refused.expect_err("claim names are not user attributes");
    assert_eq!(kind, "InvalidParameterException");
    assert!(
        message.contains("aud") || message.contains("cognito:username") || message.contains("iss"),
        "{message}"
    );
    // The refused answer did not burn the session: a valid answer completes the sign-in.
    let done = new_password(&api, &client, &challenge, json!({ "name": "Mallory", "custom:team": "red" }))
        .await
        .unwrap();
    let result = &done["AuthenticationResult"];
    let id_token = result["IdToken"].as_str().unwrap();
    let id = claims(id_token);
    assert_eq!((id["token_use"].as_str(), id["cognito:username"].as_str()), (Some("id"), Some("aaa")));
    assert_eq!((id["name"].as_str(), id["custom:team"].as_str()), (Some("Mallory"), Some("red")));
    // The ID token is refused wherever an access token is needed.
    for (op, body) in [
        ("GetUser", json!({ "AccessToken": id_token })),
        ("ListDevices", json!({ "AccessToken": id_token })),
        (
            "ForgetDevice",
            json!({ "AccessToken": id_token, "DeviceKey": "eu-west-1_00000000-0000-4000-8000-000000000000" }),
        ),
        ("GlobalSignOut", json!({ "AccessToken": id_token })),
        ("AssociateSoftwareToken", json!({ "AccessToken": id_token })),
        (
            "ChangePassword",
            json!({ "AccessToken": id_token, "PreviousPassword": "Attacker-Perm-1", "ProposedPassword": "Whatever-Pass-2" }),
        ),
    ] {
        let err = call(&api, op, body).await.unwrap_err();
        assert_eq!(err, ("NotAuthorizedException".to_owned(), "Invalid Access Token".to_owned()), "{op}");
    }
    // The access token works, and is the attacker's own.
    let me = call(&api, "GetUser", json!({ "AccessToken": result["AccessToken"] })).await.unwrap();
    assert_eq!(me["Username"], "aaa");
    emulator.shutdown().await;
}

#[tokio::test]
async fn user_attributes_follow_the_schema() {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = api(&emulator);
    let (pool, client) = victim_and_attacker(&emulator);
    let challenge = password_auth(&api, &client, "aaa", "Attacker-Temp-1").await.unwrap();
    let long_value = "v".repeat(2049);
    for (attributes, named) in [
        (json!({ "sub": "11111111-2222-4333-8444-555555555555" }), "sub"),
        (json!({ "email_verified": "true" }), "email_verified"),
        (json!({ "phone_number_verified": "true" }), "phone_number_verified"),
        (json!({ "custom:" : "x" }), "custom:"),
        (json!({ "custom:abcdefghijklmnopqrstu": "x" }), "custom:abcdefghijklmnopqrstu"),
        (json!({ "department": "x" }), "department"),
        (json!({ "name": long_value }), "name"),
    ] {
        let (kind, message) = new_password(&api, &client, &challenge, attributes.clone()).await.unwrap_err();
        assert_eq!(kind, "InvalidParameterException", "{attributes}: {message}");
        assert!(message.contains(named), "{attributes}: {message}");
    }
    // The admin side too: no claim names, no unknown names.
    for name in ["cognito:groups", "token_use", "sub", "unknown"] {
        let (kind, message) = call(
            &api,
            "AdminCreateUser",
            json!({
                "UserPoolId": pool, "Username": format!("u-{}", name.len()),
                "UserAttributes": [{ "Name": name, "Value": "x" }],
            }),
        )
        .await
        .unwrap_err();
        assert_eq!(kind, "InvalidParameterException", "{name}: {message}");
        assert!(message.contains(name), "{name}: {message}");
    }
    let made = call(&api, "AdminCreateUser", json!({
        "UserPoolId": pool, "Username": "kim",
        "UserAttributes": [{ "Name": "custom:department", "Value": "x" }, { "Name": "given_name", "Value": "Kim" }],
    }))
    .await
    .unwrap();
    assert_eq!(made["User"]["Username"], "kim");
    // A seed (or Admin) user: the same limits.
    let err = emulator
        .admin()
        .create_user(
            &pool,
            UserConfig::default()
                .with_username("long")
                .with_password("Passw0rd!")
                .with_email(Some("e".repeat(2049))),
        )
        .unwrap_err();
    assert!(err.to_string().contains("email"), "{err}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_unverified_email_does_not_take_over_an_alias() {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = api(&emulator);
    let (pool, client) = victim_and_attacker(&emulator);
    let challenge = password_auth(&api, &client, "aaa", "Attacker-Temp-1").await.unwrap();
    // The attacker claims the victim's email (allowed, but unverified: no alias).
    new_password(&api, &client, &challenge, json!({ "email": "victim@example.com" })).await.unwrap();
    let attacker =
        call(&api, "AdminGetUser", json!({ "UserPoolId": pool, "Username": "aaa" })).await.unwrap();
    let verified = attacker["UserAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"] == "email_verified")
        .map(|a| a["Value"].clone());
    assert_eq!(verified, Some(json!("false")));
    // The victim still signs in with the email, as herself.
    let done = password_auth(&api, &client, "victim@example.com", "Victim-Pass-1").await.unwrap();
    let access = claims(done["AuthenticationResult"]["AccessToken"].as_str().unwrap());
    assert_eq!(access["username"], "zed");
    // The attacker's password does not work through the victim's email.
    let err = password_auth(&api, &client, "victim@example.com", "Attacker-Perm-1").await.unwrap_err();
    assert_eq!(err.0, "NotAuthorizedException");
    // A second verified owner of the email is refused.
    let dup = call(
        &api,
        "AdminCreateUser",
        json!({
            "UserPoolId": pool, "Username": "copy",
            "UserAttributes": [{ "Name": "email", "Value": "victim@example.com" }],
        }),
    )
    .await
    .unwrap_err();
    assert_eq!(dup.0, "AliasExistsException");
    emulator.shutdown().await;
}

#[tokio::test]
async fn oversize_parameters_are_refused_with_the_parameter_named() {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = api(&emulator);
    let (pool, client) = victim_and_attacker(&emulator);
    let message = |member: &str, rule: &str| {
        (
            "InvalidParameterException".to_owned(),
            format!(
                "1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must have length {rule}"
            ),
        )
    };
    // A 100 kB DEVICE_KEY (the attack used 1 MB).
    let err = call(&api, "InitiateAuth", json!({
        "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
        "AuthParameters": { "USERNAME": "zed", "PASSWORD": "Victim-Pass-1", "DEVICE_KEY": "k".repeat(100_000) },
    }))
    .await
    .unwrap_err();
    assert_eq!(err, message("authParameters.DEVICE_KEY", "less than or equal to 55"));
    let err = call(
        &api,
        "ConfirmDevice",
        json!({ "AccessToken": "a.b.c", "DeviceKey": "k".repeat(56),
        "DeviceSecretVerifierConfig": { "PasswordVerifier": "AA==", "Salt": "AA==" } }),
    )
    .await
    .unwrap_err();
    assert_eq!(err, message("deviceKey", "less than or equal to 55"));
    for (op, body, member, rule) in [
        (
            "AdminGetUser",
            json!({ "UserPoolId": pool, "Username": "u".repeat(129) }),
            "username",
            "less than or equal to 128",
        ),
        (
            "AdminGetUser",
            json!({ "UserPoolId": "p".repeat(56), "Username": "zed" }),
            "userPoolId",
            "less than or equal to 55",
        ),
        (
            "InitiateAuth",
            json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": "c".repeat(129), "AuthParameters": {} }),
            "clientId",
            "less than or equal to 128",
        ),
        (
            "RespondToAuthChallenge",
            json!({ "ClientId": client, "ChallengeName": "PASSWORD_VERIFIER", "Session": "short", "ChallengeResponses": {} }),
            "session",
            "greater than or equal to 20",
        ),
        (
            "RespondToAuthChallenge",
            json!({ "ClientId": client, "ChallengeName": "PASSWORD_VERIFIER", "Session": "s".repeat(4097), "ChallengeResponses": {} }),
            "session",
            "less than or equal to 4096",
        ),
        (
            "AdminSetUserPassword",
            json!({ "UserPoolId": pool, "Username": "zed", "Password": "p".repeat(257) }),
            "password",
            "less than or equal to 256",
        ),
        (
            "ConfirmDevice",
            json!({ "AccessToken": "a.b.c", "DeviceKey": "eu-west-1_0", "DeviceName": "n".repeat(1025) }),
            "deviceName",
            "less than or equal to 1024",
        ),
        (
            "RespondToAuthChallenge",
            json!({ "ClientId": client, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s".repeat(40), "ChallengeResponses": { "USERNAME": "aaa", "ANSWER": "a".repeat(2049) } }),
            "challengeResponses.ANSWER",
            "less than or equal to 2048",
        ),
    ] {
        assert_eq!(call(&api, op, body).await.unwrap_err(), message(member, rule), "{op} {member}");
    }
    // Collections are bounded too.
    let many: serde_json::Map<String, Value> = (0..101).map(|i| (format!("K{i}"), json!("v"))).collect();
    let err = call(
        &api,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": client, "AuthParameters": many }),
    )
    .await
    .unwrap_err();
    assert_eq!(err, message("authParameters", "less than or equal to 100"));
    // Two errors are both named.
    let err =
        call(&api, "AdminGetUser", json!({ "UserPoolId": "p".repeat(56), "Username": "u".repeat(129) }))
            .await
            .unwrap_err();
    assert!(err.1.starts_with("2 validation errors detected: "), "{}", err.1);
    assert!(err.1.contains("'userPoolId'") && err.1.contains("'username'"), "{}", err.1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn expired_sessions_are_purged_on_a_timer() {
    let emulator = Emulator::builder().purge_interval(Duration::from_millis(20)).start().await.unwrap();
    let api = api(&emulator);
    let (_, client) = victim_and_attacker(&emulator);
    let admin = emulator.admin();
    for _ in 0..3 {
        password_auth(&api, &client, "aaa", "Attacker-Temp-1").await.unwrap();
    }
    assert_eq!(admin.session_count(), 3);
    // Still valid: the purge keeps them (give it many rounds to be wrong).
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(admin.session_count(), 3);
    admin.advance_clock(Duration::from_secs(181));
    // Nothing else happens: only the timer can remove them. Bounded wait (10 s).
    let mut rounds = 0;
    while admin.session_count() != 0 {
        rounds += 1;
        assert!(rounds < 500, "expired sessions were not purged");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    emulator.shutdown().await;
}
