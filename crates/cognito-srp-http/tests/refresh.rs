//! Refresh with `GetTokensFromRefreshToken` against the verifying emulator (rotation on and
//! off, the device key, the client secret) and against a scripted server (the fallback to
//! `REFRESH_TOKEN_AUTH` where the operation is unknown, none after an auth error), and
//! `UserContextData` on every sign-in and refresh request.
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
#[path = "support/fake.rs"]
mod fake;

use std::time::Duration;

use cognito_srp_emulator::{ClientConfig, MfaConfiguration, RefreshTokenRotation, UserConfig};
use cognito_srp_http::operations::UserContextData;
use cognito_srp_http::{
    Client, ErrorCode, Parameters, RefreshMethod, RetryPolicy, SecretString, Step, Tokens, UserPool,
};
use emulator::{POOL_ID, done, start, tracking};
use fake::{Fake, Reply};
use serde_json::{Value, json};

const PASSWORD: &str = "Correct-Horse-9";

fn refresh_token(tokens: &Tokens) -> SecretString {
    tokens.refresh_token.clone().expect("a refresh token")
}

/// A second app client on the emulator's pool, with rotation (no grace period) and a secret.
fn rotating_pool(env: &emulator::Env) -> UserPool {
    let config =
        ClientConfig::default().with_name("rotating").with_generate_secret(true).with_refresh_token_rotation(
            Some(RefreshTokenRotation::default().with_retry_grace_period_seconds(0)),
        );
    let (client_id, secret) = env.admin().create_client(POOL_ID, config).unwrap();
    UserPool::with_client(env.pool.client().clone(), POOL_ID, client_id)
        .unwrap()
        .with_client_secret(secret.unwrap())
}

#[tokio::test]
async fn a_rotating_client_returns_a_new_refresh_token_and_refuses_the_first() {
    let env = start(MfaConfiguration::Off, None, false).await;
    let username = env.user("alice", PASSWORD, UserConfig::default());
    let pool = rotating_pool(&env);
    assert_eq!(pool.refresh_method(), RefreshMethod::Auto);
    let signed = done(pool.sign_in("alice", PASSWORD).start().await.unwrap());
    let first = refresh_token(&signed.tokens);

    // The client secret goes as ClientSecret: the emulator refuses the call without it.
    let second_tokens = pool.refresh(&first, &username, None).await.unwrap();
    let second = refresh_token(&second_tokens);
    assert_ne!(second, first, "rotated");
    assert_ne!(second_tokens.access_token, signed.tokens.access_token);
    let third = refresh_token(&pool.refresh(&second, &username, None).await.unwrap());
    assert_ne!(third, second);

    // Without a grace period the rotated-out tokens are refused, and Auto does not fall back.
    for old in [&first, &second] {
        let err = pool.refresh(old, &username, None).await.unwrap_err();
        assert_eq!(err.code(), Some(&ErrorCode::RefreshTokenReuse), "{err}");
    }
    assert_eq!(env.requests(), 6, "sign-in 2, refreshes 4: nothing sent twice, no fallback");
    // REFRESH_TOKEN_AUTH is refused on a rotating client, and GetTokens is not tried then.
    let err = pool
        .clone()
        .with_refresh_method(RefreshMethod::RefreshTokenAuth)
        .refresh(&third, &username, None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::InvalidParameter), "{err}");
    // The newest one still works (with GetTokens alone as well).
    let explicit = pool.clone().with_refresh_method(RefreshMethod::GetTokens);
    assert_ne!(refresh_token(&explicit.refresh(&third, &username, None).await.unwrap()), third);

    // Without the client secret the call is refused.
    let no_secret = UserPool::with_client(env.pool.client().clone(), POOL_ID, pool.client_id()).unwrap();
    let signed = done(pool.sign_in("alice", PASSWORD).start().await.unwrap());
    let err = no_secret.refresh(&refresh_token(&signed.tokens), &username, None).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
}

#[tokio::test]
async fn a_client_without_rotation_keeps_the_refresh_token() {
    let env = start(MfaConfiguration::Off, None, true).await;
    let username = env.user("alice", PASSWORD, UserConfig::default());
    let signed = done(env.pool.sign_in("alice", PASSWORD).start().await.unwrap());
    let token = refresh_token(&signed.tokens);
    for method in [RefreshMethod::Auto, RefreshMethod::GetTokens, RefreshMethod::RefreshTokenAuth] {
        let pool = env.pool.clone().with_refresh_method(method);
        let fresh = pool.refresh(&token, &username, None).await.unwrap();
        assert_eq!(refresh_token(&fresh), token, "{method:?}");
        assert_ne!(fresh.access_token, signed.tokens.access_token);
    }
    // ClientMetadata through refresh_with.
    let refresh =
        env.pool.new_refresh(&token, &username, None).client_metadata(Parameters::new().with("k", "v"));
    assert_eq!(refresh_token(&env.pool.refresh_with(refresh).await.unwrap()), token);
    // A revoked token is refused without a fallback.
    env.pool.revoke(&token).await.unwrap();
    let err = env.pool.refresh(&token, &username, None).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
}

#[tokio::test]
async fn the_device_key_keeps_the_device() {
    let env = start(MfaConfiguration::Off, tracking(false), false).await;
    let username = env.user("alice", PASSWORD, UserConfig::default());
    let signed = done(env.pool.sign_in("alice", PASSWORD).start().await.unwrap());
    let device = signed.device.clone().expect("a confirmed device");
    let token = refresh_token(&signed.tokens);
    let fresh = env.pool.refresh(&token, &username, Some(&device.device_key)).await.unwrap();
    assert_eq!(refresh_token(&fresh), token);
    let devices = env.pool.list_devices(&fresh.access_token).await.unwrap();
    assert_eq!(devices.len(), 1, "no new device was issued");
    // Another user's device key is refused.
    env.user("bob", PASSWORD, UserConfig::default());
    let bob = done(env.pool.sign_in("bob", PASSWORD).start().await.unwrap());
    let bob_device = bob.device.clone().expect("bob's device").device_key.clone();
    let err = env.pool.refresh(&token, &username, Some(&bob_device)).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
}

fn fake_pool(endpoint: &str) -> UserPool {
    let client = Client::builder()
        .endpoint(endpoint)
        .use_environment(false)
        .retry_policy(RetryPolicy::new(3, Duration::from_millis(5), Duration::from_millis(20)))
        .build()
        .unwrap();
    UserPool::with_client(client, "us-east-1_Fake1", "fake-app").unwrap().with_client_secret("fake-secret")
}

fn tokens(refresh: Option<&str>) -> Reply {
    let mut result =
        json!({"AccessToken": "a.b.c", "IdToken": "d.e.f", "ExpiresIn": 3600, "TokenType": "Bearer"});
    if let Some(token) = refresh {
        result["RefreshToken"] = json!(token);
    }
    Reply::Json(200, json!({"AuthenticationResult": result}))
}

fn context() -> UserContextData {
    UserContextData::new().ip_address("192.0.2.7")
}

#[tokio::test]
async fn auto_falls_back_when_the_operation_is_unknown_and_sends_the_context() {
    let unknown: fn() -> Reply = || Reply::Json(400, json!({"__type": "UnknownOperationException"}));
    // moto 5.2.5 answers an operation it lacks with an HTML 500 page.
    let moto: fn() -> Reply =
        || Reply::Raw(500, vec![("content-type", "text/html")], "<!doctype html><title>500</title>");
    for (answer, tried) in [(unknown, 1), (moto, 3)] {
        let fake = Fake::start(move |_, operation, _| match operation {
            "GetTokensFromRefreshToken" => answer(),
            _ => tokens(None),
        })
        .await;
        let pool = fake_pool(&fake.endpoint).with_user_context_data(context());
        let fresh = pool.refresh(&SecretString::from("rt-1"), "sub-1", Some("us-east-1_dev")).await.unwrap();
        assert_eq!(refresh_token(&fresh).expose_secret(), "rt-1");
        // A typed unknown operation is not retried; moto's untyped 500 is, like any 5xx
        // (3 attempts here).
        let operations = fake.operations();
        let mut expected = vec!["GetTokensFromRefreshToken"; tried];
        expected.push("InitiateAuth");
        assert_eq!(operations, expected);
        let bodies = &fake.bodies()[tried - 1..];
        assert_eq!(
            bodies[0],
            json!({"RefreshToken": "rt-1", "ClientId": "fake-app", "ClientSecret": "fake-secret", "DeviceKey": "us-east-1_dev"})
        );
        assert_eq!(bodies[1]["AuthFlow"], "REFRESH_TOKEN_AUTH");
        assert_eq!(bodies[1]["AuthParameters"]["DEVICE_KEY"], "us-east-1_dev");
        assert!(bodies[1]["AuthParameters"]["SECRET_HASH"].is_string());
        assert_eq!(bodies[1]["UserContextData"], json!({"IpAddress": "192.0.2.7"}));
    }
}

#[tokio::test]
async fn no_fallback_after_an_auth_error_or_throttling() {
    /// An answer, the error it becomes, and how often the refresh is sent.
    type Case = (fn() -> Reply, ErrorCode, usize);
    let answers: [Case; 3] = [
        (
            || {
                Reply::Json(
                    400,
                    json!({"__type": "NotAuthorizedException", "message": "Invalid Refresh Token"}),
                )
            },
            ErrorCode::NotAuthorized,
            1,
        ),
        (
            || Reply::Json(400, json!({"__type": "RefreshTokenReuseException"})),
            ErrorCode::RefreshTokenReuse,
            1,
        ),
        (|| Reply::Json(400, json!({"__type": "TooManyRequestsException"})), ErrorCode::TooManyRequests, 3),
    ];
    for (answer, code, attempts) in answers {
        let fake = Fake::start(move |_, operation, _| match operation {
            "GetTokensFromRefreshToken" => answer(),
            _ => tokens(None),
        })
        .await;
        let err =
            fake_pool(&fake.endpoint).refresh(&SecretString::from("rt-1"), "sub-1", None).await.unwrap_err();
        assert_eq!(err.code(), Some(&code), "{err}");
        // Throttling is retried (3 attempts here), auth errors are not; no InitiateAuth.
        assert_eq!(fake.operations(), vec!["GetTokensFromRefreshToken"; attempts]);
    }
}

#[tokio::test]
async fn a_rotated_token_from_the_wire_is_returned() {
    let fake = Fake::start(|_, _, _| tokens(Some("rt-2"))).await;
    let pool = fake_pool(&fake.endpoint).with_refresh_method(RefreshMethod::GetTokens);
    let fresh = pool.refresh(&SecretString::from("rt-1"), "sub-1", None).await.unwrap();
    assert_eq!(refresh_token(&fresh).expose_secret(), "rt-2");
    assert_eq!(fake.operations(), vec!["GetTokensFromRefreshToken"]);
}

#[tokio::test]
async fn user_context_data_goes_with_every_sign_in_call() {
    let fake = Fake::start(|_, operation, _| match operation {
        "InitiateAuth" => Reply::Json(
            200,
            json!({"ChallengeName": "CUSTOM_CHALLENGE", "Session": "s-1", "ChallengeParameters": {"USERNAME": "sub-1"}}),
        ),
        _ => tokens(Some("rt-1")),
    })
    .await;
    // The pool's context, and one sign-in's own.
    let pool = fake_pool(&fake.endpoint).with_user_context_data(context());
    let other = UserContextData::new().encoded_data("collected-by-the-sdk");
    for (sign_in, expected) in [
        (pool.sign_in_custom("alice"), json!({"IpAddress": "192.0.2.7"})),
        (
            pool.sign_in_custom("alice").user_context_data(other),
            json!({"EncodedData": "collected-by-the-sdk"}),
        ),
    ] {
        let mut sign_in = sign_in;
        let Step::CustomChallenge { .. } = sign_in.start().await.unwrap() else { panic!("no challenge") };
        done(sign_in.answer_custom_challenge("forty-two").await.unwrap());
        let bodies = fake.bodies();
        let (initiate, answer) = (&bodies[bodies.len() - 2], &bodies[bodies.len() - 1]);
        assert_eq!(answer["ChallengeName"], "CUSTOM_CHALLENGE");
        for body in [initiate, answer] {
            assert_eq!(body["UserContextData"], expected, "{body}");
        }
    }
    // Without one, none is sent.
    let mut plain = fake_pool(&fake.endpoint).sign_in_custom("alice");
    plain.start().await.unwrap();
    let last: Value = fake.bodies().pop().unwrap();
    assert!(last.get("UserContextData").is_none(), "{last}");
}

#[tokio::test]
async fn the_emulator_takes_user_context_data_on_sign_in_and_refresh() {
    let env = start(MfaConfiguration::Off, None, false).await;
    let username = env.user("alice", PASSWORD, UserConfig::default());
    let pool = env.pool.clone().with_user_context_data(context());
    let signed = done(pool.sign_in("alice", PASSWORD).start().await.unwrap());
    let token = refresh_token(&signed.tokens);
    for method in [RefreshMethod::Auto, RefreshMethod::RefreshTokenAuth] {
        let fresh = pool.clone().with_refresh_method(method).refresh(&token, &username, None).await.unwrap();
        assert_eq!(refresh_token(&fresh), token, "{method:?}");
    }
}
