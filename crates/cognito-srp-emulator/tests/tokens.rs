//! Tokens as Cognito issues them: RS256 under a key published as a JWKS (with a discovery
//! document), Cognito's claims, per-client validities, `GetTokensFromRefreshToken` with
//! refresh token rotation, and forged tokens refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding};
use cognito_srp_emulator::{
    ClientConfig, DeviceTracking, Emulator, PoolConfig, RunningEmulator, Seed, TokenIssuer, UserConfig,
};
use hmac::{Hmac, KeyInit, Mac};
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use serde_json::{Value, json};
use sha2::Sha256;
use support::{Api, call, call_raw};

const POOL: &str = "eu-west-1_Tokens1";

fn api(emulator: &RunningEmulator) -> Api {
    Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() }
}

fn b64(data: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(data)
}

fn part(jwt: &str, index: usize) -> Value {
    let raw = jwt.split('.').nth(index).unwrap();
    serde_json::from_slice(&Base64UrlUnpadded::decode_vec(raw).unwrap()).unwrap()
}

/// A pool with ann (verified email, a phone) and a USER_PASSWORD_AUTH client made with
/// `client` (over the wire, CreateUserPoolClient); returns the client id.
async fn setup(emulator: &RunningEmulator, client: Value) -> String {
    let admin = emulator.admin();
    admin
        .create_user_pool(
            PoolConfig::default().with_id(Some(POOL.into())).with_token_validity_seconds(900).with_users(
                vec![
                    UserConfig::default()
                        .with_username("ann")
                        .with_password("Passw0rd!")
                        .with_permanent(true)
                        .with_email(Some("ann@example.com".into()))
                        .with_phone(Some("+15555550100".into())),
                ],
            ),
        )
        .unwrap();
    let mut body = json!({
        "UserPoolId": POOL, "ClientName": "app",
        "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    });
    body.as_object_mut().unwrap().extend(client.as_object().unwrap().clone());
    let created = call(&api(emulator), "CreateUserPoolClient", body).await.unwrap();
    created["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned()
}

async fn sign_in(emulator: &RunningEmulator, client: &str) -> Value {
    let done = call(
        &api(emulator),
        "InitiateAuth",
        json!({
            "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
            "AuthParameters": { "USERNAME": "ann", "PASSWORD": "Passw0rd!" },
        }),
    )
    .await
    .unwrap();
    done["AuthenticationResult"].clone()
}

async fn get(emulator: &RunningEmulator, path: &str) -> (u16, reqwest::header::HeaderMap, Value) {
    let response = reqwest::get(format!("{}{path}", emulator.endpoint())).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, serde_json::from_str(&response.text().await.unwrap()).unwrap())
}

async fn jwks_key(emulator: &RunningEmulator) -> (String, rsa::PublicKey) {
    let (status, _, jwks) = get(emulator, &format!("/{POOL}/.well-known/jwks.json")).await;
    assert_eq!(status, 200);
    let key = &jwks["keys"][0];
    let n = Base64UrlUnpadded::decode_vec(key["n"].as_str().unwrap()).unwrap();
    let e = Base64UrlUnpadded::decode_vec(key["e"].as_str().unwrap()).unwrap();
    let public = rsa::PublicKey::new(
        rsa::BoxedUint::from_be_slice_vartime(&n),
        rsa::BoxedUint::from_be_slice_vartime(&e),
    )
    .unwrap();
    (key["kid"].as_str().unwrap().to_owned(), public)
}

fn verifies(public: &rsa::PublicKey, jwt: &str) -> bool {
    let (input, sig) = jwt.rsplit_once('.').unwrap();
    let sig = Signature::try_from(Base64UrlUnpadded::decode_vec(sig).unwrap().as_slice()).unwrap();
    VerifyingKey::<Sha256>::new(public.clone()).verify(input.as_bytes(), &sig).is_ok()
}

async fn get_user(emulator: &RunningEmulator, access: &str) -> Result<Value, (String, String)> {
    call(&api(emulator), "GetUser", json!({ "AccessToken": access })).await
}

#[tokio::test]
async fn tokens_are_rs256_under_the_jwks_key_with_cognitos_claims() {
    let emulator = Emulator::builder().start().await.unwrap();
    let client = setup(&emulator, json!({})).await;
    let result = sign_in(&emulator, &client).await;
    let (access, id) = (result["AccessToken"].as_str().unwrap(), result["IdToken"].as_str().unwrap());
    let (kid, public) = jwks_key(&emulator).await;

    for token in [access, id] {
        let header = part(token, 0);
        assert_eq!(header, json!({ "alg": "RS256", "kid": kid }));
        assert!(verifies(&public, token), "the signature verifies with the JWKS key");
    }
    let iss = format!("{}/{POOL}", emulator.endpoint());
    let a = part(access, 1);
    let i = part(id, 1);
    assert_eq!(a["iss"], iss.as_str());
    assert_eq!(a["token_use"], "access");
    assert_eq!(a["scope"], "aws.cognito.signin.user.admin");
    assert_eq!(a["client_id"], client.as_str());
    assert_eq!(a["username"], "ann");
    assert_eq!(a["version"], 2);
    assert!(a.get("aud").is_none() && a.get("device_key").is_none());
    assert_eq!(i["iss"], iss.as_str());
    assert_eq!(i["token_use"], "id");
    assert_eq!(i["aud"], client.as_str());
    assert_eq!(i["cognito:username"], "ann");
    assert_eq!(i["email"], "ann@example.com");
    assert_eq!(i["email_verified"], json!(true), "a JSON boolean, as Cognito");
    assert_eq!(i["phone_number"], "+15555550100");
    assert_eq!(a["sub"], i["sub"]);
    assert_eq!(a["origin_jti"], i["origin_jti"]);
    assert_eq!(a["event_id"], i["event_id"]);
    assert_ne!(a["jti"], i["jti"]);
    for claims in [&a, &i] {
        for number in ["auth_time", "iat", "exp"] {
            assert!(claims[number].is_u64(), "{number}: {claims}");
        }
        assert_eq!(
            claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
            900,
            "the pool's validity"
        );
    }
    assert_eq!(result["ExpiresIn"], 900);
    assert_eq!(get_user(&emulator, access).await.unwrap()["Username"], "ann");
    emulator.shutdown().await;
}

#[tokio::test]
async fn jwks_and_discovery_are_served_per_pool_to_anyone_on_this_host() {
    let emulator = Emulator::builder().start().await.unwrap();
    setup(&emulator, json!({})).await;
    let (status, headers, jwks) = get(&emulator, &format!("/{POOL}/.well-known/jwks.json")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(jwks, emulator.admin().jwks(), "the Rust handle gives the same set");
    assert_eq!(emulator.admin().token_issuer(POOL), Some(format!("{}/{POOL}", emulator.endpoint())));
    let key = &jwks["keys"][0];
    assert_eq!(
        (key["kty"].as_str(), key["alg"].as_str(), key["use"].as_str(), key["e"].as_str()),
        (Some("RSA"), Some("RS256"), Some("sig"), Some("AQAB"))
    );
    assert_eq!(Base64UrlUnpadded::decode_vec(key["n"].as_str().unwrap()).unwrap().len(), 256, "RSA 2048");

    let (status, headers, discovery) =
        get(&emulator, &format!("/{POOL}/.well-known/openid-configuration")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_eq!(discovery["issuer"], format!("{}/{POOL}", emulator.endpoint()));
    assert_eq!(discovery["jwks_uri"], format!("{}/{POOL}/.well-known/jwks.json", emulator.endpoint()));
    assert_eq!(discovery["id_token_signing_alg_values_supported"], json!(["RS256"]));

    let (status, _, missing) = get(&emulator, "/eu-west-1_Nope/.well-known/jwks.json").await;
    assert_eq!(status, 404);
    assert_eq!(missing["message"], "User pool eu-west-1_Nope does not exist.");

    // The Host check applies (DNS rebinding): a foreign name is refused.
    let url = format!("{}/{POOL}/.well-known/jwks.json", emulator.endpoint());
    let foreign = reqwest::Client::new().get(url).header("host", "evil.example").send().await.unwrap();
    assert_eq!(foreign.status().as_u16(), 403);
    emulator.shutdown().await;
}

#[tokio::test]
async fn forged_tampered_expired_and_foreign_tokens_are_refused() {
    let emulator = Emulator::builder().start().await.unwrap();
    let client = setup(&emulator, json!({})).await;
    let result = sign_in(&emulator, &client).await;
    let access = result["AccessToken"].as_str().unwrap();
    let (kid, public) = jwks_key(&emulator).await;
    let claims = part(access, 1);
    let body = b64(claims.to_string().as_bytes());
    let invalid = ("NotAuthorizedException".to_owned(), "Invalid Access Token".to_owned());

    // HS256, keyed with the public modulus (the classic algorithm confusion) or anything else.
    for key in [public_n(&public), b"secret".to_vec()] {
        let head = b64(json!({ "alg": "HS256", "kid": kid }).to_string().as_bytes());
        let input = format!("{head}.{body}");
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).unwrap();
        mac.update(input.as_bytes());
        let forged = format!("{input}.{}", b64(&mac.finalize().into_bytes()));
        assert_eq!(get_user(&emulator, &forged).await.unwrap_err(), invalid);
    }
    // alg none, with and without a signature part.
    let head = b64(json!({ "alg": "none", "kid": kid }).to_string().as_bytes());
    for forged in [format!("{head}.{body}."), format!("{head}.{body}")] {
        assert_eq!(get_user(&emulator, &forged).await.unwrap_err(), invalid);
    }
    // RS256 under another key, with our kid or its own.
    let other = rsa::PrivateKey::new(&mut support::rng(), 2048).unwrap();
    for other_kid in [kid.as_str(), "other"] {
        let head = b64(json!({ "alg": "RS256", "kid": other_kid }).to_string().as_bytes());
        let input = format!("{head}.{body}");
        let sig = SigningKey::<Sha256>::new(other.clone()).sign(input.as_bytes());
        let forged = format!("{input}.{}", b64(&sig.to_bytes()));
        assert_eq!(get_user(&emulator, &forged).await.unwrap_err(), invalid);
    }
    // Our signature, another kid in the header.
    let (_, rest) = access.split_once('.').unwrap();
    let wrong_kid = format!("{}.{rest}", b64(json!({ "alg": "RS256", "kid": "x" }).to_string().as_bytes()));
    assert_eq!(get_user(&emulator, &wrong_kid).await.unwrap_err(), invalid);
    // A tampered payload (another user) under the original signature.
    let mut tampered = claims.clone();
    tampered["username"] = json!("bob");
    let parts: Vec<&str> = access.split('.').collect();
    let tampered = format!("{}.{}.{}", parts[0], b64(tampered.to_string().as_bytes()), parts[2]);
    assert_eq!(get_user(&emulator, &tampered).await.unwrap_err(), invalid);
    // The ID token is no access token.
    assert_eq!(get_user(&emulator, result["IdToken"].as_str().unwrap()).await.unwrap_err(), invalid);
    // A token of another emulator (its own random key) is refused.
    let other = Emulator::builder().start().await.unwrap();
    let other_client = setup(&other, json!({})).await;
    let foreign = sign_in(&other, &other_client).await;
    assert_eq!(get_user(&emulator, foreign["AccessToken"].as_str().unwrap()).await.unwrap_err(), invalid);
    other.shutdown().await;
    // The genuine token works, until it expires.
    assert!(get_user(&emulator, access).await.is_ok());
    emulator.admin().advance_clock(Duration::from_secs(901));
    let expired = get_user(&emulator, access).await.unwrap_err();
    assert_eq!(expired, ("NotAuthorizedException".into(), "Access Token has expired".into()));
    emulator.shutdown().await;
}

fn public_n(public: &rsa::PublicKey) -> Vec<u8> {
    use rsa::traits::PublicKeyParts;
    public.n().to_be_bytes().to_vec()
}

#[tokio::test]
async fn validity_is_per_client_with_cognitos_ranges_and_refresh_tokens_expire() {
    let emulator = Emulator::builder().start().await.unwrap();
    let client = setup(
        &emulator,
        json!({
            "AccessTokenValidity": 5, "IdTokenValidity": 2, "RefreshTokenValidity": 60,
            "TokenValidityUnits": { "AccessToken": "minutes", "RefreshToken": "minutes" },
        }),
    )
    .await;
    let result = sign_in(&emulator, &client).await;
    assert_eq!(result["ExpiresIn"], 300, "the access token's lifetime");
    let (a, i) =
        (part(result["AccessToken"].as_str().unwrap(), 1), part(result["IdToken"].as_str().unwrap(), 1));
    assert_eq!(a["exp"].as_u64().unwrap() - a["iat"].as_u64().unwrap(), 300);
    assert_eq!(i["exp"].as_u64().unwrap() - i["iat"].as_u64().unwrap(), 7200, "ID tokens: hours by default");

    let api = api(&emulator);
    let described = call(&api, "DescribeUserPoolClient", json!({ "UserPoolId": POOL, "ClientId": client }))
        .await
        .unwrap();
    let c = &described["UserPoolClient"];
    assert_eq!(
        (&c["AccessTokenValidity"], &c["IdTokenValidity"], &c["RefreshTokenValidity"]),
        (&json!(5), &json!(2), &json!(60))
    );
    assert_eq!(
        c["TokenValidityUnits"],
        json!({ "AccessToken": "minutes", "IdToken": "hours", "RefreshToken": "minutes" })
    );

    // Cognito's ranges: 5 minutes to 1 day; refresh 60 minutes to 10 years.
    for bad in [
        json!({ "AccessTokenValidity": 4, "TokenValidityUnits": { "AccessToken": "minutes" } }),
        json!({ "IdTokenValidity": 2, "TokenValidityUnits": { "IdToken": "days" } }),
        json!({ "RefreshTokenValidity": 59, "TokenValidityUnits": { "RefreshToken": "minutes" } }),
        json!({ "RefreshTokenValidity": 3651 }),
    ] {
        let mut body = json!({ "UserPoolId": POOL, "ClientName": "bad" });
        body.as_object_mut().unwrap().extend(bad.as_object().unwrap().clone());
        let err = call(&api, "CreateUserPoolClient", body).await.unwrap_err();
        assert_eq!(err, ("InvalidParameterException".into(), "Invalid range for token validity.".into()));
    }
    let err = call(
        &api,
        "CreateUserPoolClient",
        json!({
            "UserPoolId": POOL, "ClientName": "bad", "AccessTokenValidity": 0,
        }),
    )
    .await
    .unwrap_err();
    assert!(err.1.starts_with("1 validation error detected: Value '0' at 'accessTokenValidity'"), "{err:?}");
    let err = call(
        &api,
        "CreateUserPoolClient",
        json!({
            "UserPoolId": POOL, "ClientName": "bad", "TokenValidityUnits": { "AccessToken": "weeks" },
        }),
    )
    .await
    .unwrap_err();
    assert!(err.1.contains("tokenValidityUnits.accessToken"), "{err:?}");

    // A client that sets nothing: the pool's validity, 30-day refresh tokens.
    let (plain, _) = emulator
        .admin()
        .create_client(
            POOL,
            ClientConfig::default().with_explicit_auth_flows(vec!["ALLOW_USER_PASSWORD_AUTH".into()]),
        )
        .unwrap();
    assert_eq!(sign_in(&emulator, &plain).await["ExpiresIn"], 900);
    let described =
        call(&api, "DescribeUserPoolClient", json!({ "UserPoolId": POOL, "ClientId": plain })).await.unwrap();
    assert_eq!(described["UserPoolClient"]["RefreshTokenValidity"], 30);

    // The 60-minute refresh token works, and not after an hour.
    let refresh = result["RefreshToken"].as_str().unwrap();
    let body = json!({ "RefreshToken": refresh, "ClientId": client });
    assert!(call(&api, "GetTokensFromRefreshToken", body.clone()).await.is_ok());
    emulator.admin().advance_clock(Duration::from_secs(3601));
    let expired = call(&api, "GetTokensFromRefreshToken", body).await.unwrap_err();
    assert_eq!(expired, ("NotAuthorizedException".into(), "Refresh Token has expired".into()));
    emulator.shutdown().await;
}

#[tokio::test]
async fn refresh_without_rotation_keeps_the_refresh_token_and_auth_time() {
    let emulator = Emulator::builder().start().await.unwrap();
    let client = setup(&emulator, json!({})).await;
    let result = sign_in(&emulator, &client).await;
    let refresh = result["RefreshToken"].as_str().unwrap();
    let first = part(result["AccessToken"].as_str().unwrap(), 1);
    emulator.admin().advance_clock(Duration::from_secs(120));
    let api = api(&emulator);
    let renewed =
        call(&api, "GetTokensFromRefreshToken", json!({ "RefreshToken": refresh, "ClientId": client }))
            .await
            .unwrap();
    let renewed = &renewed["AuthenticationResult"];
    assert!(renewed.get("RefreshToken").is_none(), "no rotation: no new refresh token");
    let access = part(renewed["AccessToken"].as_str().unwrap(), 1);
    assert_eq!(access["auth_time"], first["auth_time"], "auth_time is the sign-in's");
    assert!(access["iat"].as_u64().unwrap() >= first["iat"].as_u64().unwrap() + 120);
    assert_eq!(access["origin_jti"], first["origin_jti"]);
    // REFRESH_TOKEN_AUTH works on this client too, and RevokeToken ends both.
    let auth = call(&api, "InitiateAuth", json!({
        "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client, "AuthParameters": { "REFRESH_TOKEN": refresh },
    }))
    .await
    .unwrap();
    assert_eq!(
        part(auth["AuthenticationResult"]["IdToken"].as_str().unwrap(), 1)["auth_time"],
        first["auth_time"]
    );
    call(&api, "RevokeToken", json!({ "Token": refresh, "ClientId": client })).await.unwrap();
    let revoked =
        call(&api, "GetTokensFromRefreshToken", json!({ "RefreshToken": refresh, "ClientId": client })).await;
    assert_eq!(revoked.unwrap_err(), ("NotAuthorizedException".into(), "Invalid Refresh Token".into()));
    let gone = get_user(&emulator, renewed["AccessToken"].as_str().unwrap()).await.unwrap_err();
    assert_eq!(gone.1, "Access Token has been revoked");
    // Unknown tokens are invalid.
    let err =
        call(&api, "GetTokensFromRefreshToken", json!({ "RefreshToken": "nope", "ClientId": client })).await;
    assert_eq!(err.unwrap_err(), ("NotAuthorizedException".into(), "Invalid Refresh Token".into()));
    emulator.shutdown().await;
}

#[tokio::test]
async fn rotation_issues_a_new_refresh_token_and_retires_the_old_after_the_grace_period() {
    let emulator = Emulator::builder().start().await.unwrap();
    let client = setup(
        &emulator,
        json!({
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"],
            "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 10 },
        }),
    )
    .await;
    let api = api(&emulator);
    let described = call(&api, "DescribeUserPoolClient", json!({ "UserPoolId": POOL, "ClientId": client }))
        .await
        .unwrap();
    assert_eq!(
        described["UserPoolClient"]["RefreshTokenRotation"],
        json!({ "Feature": "ENABLED", "RetryGracePeriodSeconds": 10 })
    );
    let result = sign_in(&emulator, &client).await;
    let old = result["RefreshToken"].as_str().unwrap().to_owned();
    let refresh = |token: &str| json!({ "RefreshToken": token, "ClientId": client });

    let rotated = call(&api, "GetTokensFromRefreshToken", refresh(&old)).await.unwrap();
    let new = rotated["AuthenticationResult"]["RefreshToken"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    // Within the grace period the old one still works (a retry)...
    emulator.admin().advance_clock(Duration::from_secs(5));
    let retry = call(&api, "GetTokensFromRefreshToken", refresh(&old)).await.unwrap();
    assert!(retry["AuthenticationResult"]["RefreshToken"].is_string());
    // ...and not after it.
    emulator.admin().advance_clock(Duration::from_secs(6));
    let reused = call(&api, "GetTokensFromRefreshToken", refresh(&old)).await.unwrap_err();
    assert_eq!(reused.0, "RefreshTokenReuseException");
    // The new one works, and rotates in turn.
    let again = call(&api, "GetTokensFromRefreshToken", refresh(&new)).await.unwrap();
    assert_ne!(again["AuthenticationResult"]["RefreshToken"].as_str().unwrap(), new);
    let access = again["AuthenticationResult"]["AccessToken"].as_str().unwrap();
    assert_eq!(part(access, 1)["auth_time"], part(result["AccessToken"].as_str().unwrap(), 1)["auth_time"]);

    // REFRESH_TOKEN_AUTH is refused on a rotating client.
    let err = call(
        &api,
        "InitiateAuth",
        json!({
            "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client, "AuthParameters": { "REFRESH_TOKEN": new },
        }),
    )
    .await
    .unwrap_err();
    assert_eq!(err.0, "InvalidParameterException");

    // GlobalSignOut ends every refresh token of the user.
    let latest = again["AuthenticationResult"]["RefreshToken"].as_str().unwrap().to_owned();
    call(&api, "GlobalSignOut", json!({ "AccessToken": access })).await.unwrap();
    let out = call(&api, "GetTokensFromRefreshToken", refresh(&latest)).await.unwrap_err();
    assert_eq!(out, ("NotAuthorizedException".into(), "Invalid Refresh Token".into()));
    emulator.shutdown().await;
}

#[tokio::test]
async fn rotation_without_grace_retires_the_old_token_at_once() {
    let emulator = Emulator::builder().start().await.unwrap();
    let client = setup(&emulator, json!({ "RefreshTokenRotation": { "Feature": "ENABLED" } })).await;
    let api = api(&emulator);
    let old = sign_in(&emulator, &client).await["RefreshToken"].as_str().unwrap().to_owned();
    let body = json!({ "RefreshToken": old, "ClientId": client });
    call(&api, "GetTokensFromRefreshToken", body.clone()).await.unwrap();
    assert_eq!(
        call(&api, "GetTokensFromRefreshToken", body).await.unwrap_err().0,
        "RefreshTokenReuseException"
    );
    let err = call(
        &api,
        "CreateUserPoolClient",
        json!({
            "UserPoolId": POOL, "ClientName": "x",
            "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 61 },
        }),
    )
    .await
    .unwrap_err();
    assert!(err.1.contains("retryGracePeriodSeconds"), "{err:?}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn refresh_on_a_device_pool_keeps_the_device_or_issues_one() {
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    admin
        .create_user_pool(
            PoolConfig::default()
                .with_id(Some("eu-west-1_Devices1".into()))
                .with_device_tracking(Some(DeviceTracking::default()))
                .with_users(vec![
                    UserConfig::default()
                        .with_username("ann")
                        .with_password("Passw0rd!")
                        .with_permanent(true),
                ]),
        )
        .unwrap();
    let (client, _) = admin
        .create_client(
            "eu-west-1_Devices1",
            ClientConfig::default().with_explicit_auth_flows(vec!["ALLOW_USER_PASSWORD_AUTH".into()]),
        )
        .unwrap();
    let result = sign_in(&emulator, &client).await;
    let device = result["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap().to_owned();
    let refresh = result["RefreshToken"].as_str().unwrap();
    let api = api(&emulator);
    let kept = call(
        &api,
        "GetTokensFromRefreshToken",
        json!({
            "RefreshToken": refresh, "ClientId": client, "DeviceKey": device,
        }),
    )
    .await
    .unwrap();
    let kept = &kept["AuthenticationResult"];
    assert!(kept.get("NewDeviceMetadata").is_none());
    assert_eq!(part(kept["AccessToken"].as_str().unwrap(), 1)["device_key"], device.as_str());
    // Without DeviceKey Cognito issues a new device.
    let fresh =
        call(&api, "GetTokensFromRefreshToken", json!({ "RefreshToken": refresh, "ClientId": client }))
            .await
            .unwrap();
    let new_key = fresh["AuthenticationResult"]["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap();
    assert_ne!(new_key, device);
    // A device that does not exist.
    let err = call(&api, "GetTokensFromRefreshToken", json!({
        "RefreshToken": refresh, "ClientId": client, "DeviceKey": "eu-west-1_00000000-0000-4000-8000-000000000000",
    }))
    .await
    .unwrap_err();
    assert_eq!(err, ("ResourceNotFoundException".into(), "Device does not exist.".into()));
    // A refresh is cheap: the devices it makes are bounded (never-confirmed ones, per user).
    for _ in 0..60 {
        call(&api, "GetTokensFromRefreshToken", json!({ "RefreshToken": refresh, "ClientId": client }))
            .await
            .unwrap();
    }
    let devices = admin.list_devices("eu-west-1_Devices1", "ann");
    assert_eq!(devices.len(), 50, "at most 50 unconfirmed devices per user");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_signing_key_seed_survives_restarts_and_the_issuer_can_be_cognitos() {
    let seed = Seed::from_json(&format!(
        r#"{{ "signing_key_seed": "{}", "token_issuer": "cognito",
              "pools": [{{ "id": "{POOL}", "clients": [{{ "id": "app", "explicit_auth_flows": ["ALLOW_USER_PASSWORD_AUTH"] }}],
                          "users": [{{ "username": "ann", "password": "Passw0rd!", "permanent": true }}] }}] }}"#,
        "ab".repeat(32)
    ))
    .unwrap();
    let first = Emulator::builder().seed(seed.clone()).start().await.unwrap();
    let result = sign_in(&first, "app").await;
    let access = result["AccessToken"].as_str().unwrap().to_owned();
    assert_eq!(part(&access, 1)["iss"], format!("https://cognito-idp.eu-west-1.amazonaws.com/{POOL}"));
    let (kid, _) = jwks_key(&first).await;
    first.shutdown().await;

    let second = Emulator::builder().seed(seed.clone()).start().await.unwrap();
    assert_eq!(jwks_key(&second).await.0, kid, "the same key after a restart");
    assert_eq!(get_user(&second, &access).await.unwrap()["Username"], "ann");
    second.shutdown().await;

    // The builder overrides the seed file: another key, the emulator's issuer.
    let third = Emulator::builder()
        .seed(seed)
        .signing_key_seed([1; 32])
        .token_issuer(TokenIssuer::Endpoint)
        .start()
        .await
        .unwrap();
    assert_ne!(jwks_key(&third).await.0, kid);
    assert!(get_user(&third, &access).await.is_err());
    assert_eq!(
        part(sign_in(&third, "app").await["IdToken"].as_str().unwrap(), 1)["iss"],
        format!("{}/{POOL}", third.endpoint())
    );
    third.shutdown().await;

    let bad = Seed::from_json(r#"{ "signing_key_seed": "abc" }"#).unwrap();
    let err = Emulator::builder().seed(bad).start().await.unwrap_err();
    assert!(err.to_string().contains("64 hexadecimal digits"), "{err}");
}

#[tokio::test]
async fn a_client_with_a_secret_needs_it_to_refresh() {
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    admin
        .create_user_pool(PoolConfig::default().with_id(Some(POOL.into())).with_users(vec![
            UserConfig::default().with_username("ann").with_password("Passw0rd!").with_permanent(true),
        ]))
        .unwrap();
    let (client, _) = admin
        .create_client(
            POOL,
            ClientConfig::default()
                .with_secret(Some("the-client-secret".into()))
                .with_explicit_auth_flows(vec!["ALLOW_USER_PASSWORD_AUTH".into()]),
        )
        .unwrap();
    let hash = cognito_srp_core::secret_hash("the-client-secret", "ann", &client);
    let done = call(
        &api(&emulator),
        "InitiateAuth",
        json!({
            "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
            "AuthParameters": { "USERNAME": "ann", "PASSWORD": "Passw0rd!", "SECRET_HASH": hash.as_str() },
        }),
    )
    .await
    .unwrap();
    let refresh = done["AuthenticationResult"]["RefreshToken"].as_str().unwrap();
    let refused =
        ("NotAuthorizedException".to_owned(), format!("Unable to verify secret hash for client {client}"));
    for given in [None, Some("wrong"), Some("the-client-secreT"), Some("")] {
        let mut body = json!({ "RefreshToken": refresh, "ClientId": client });
        if let Some(given) = given {
            body["ClientSecret"] = json!(given);
        }
        assert_eq!(call(&api(&emulator), "GetTokensFromRefreshToken", body).await.unwrap_err(), refused);
    }
    let body = json!({ "RefreshToken": refresh, "ClientId": client, "ClientSecret": "the-client-secret" });
    assert!(call(&api(&emulator), "GetTokensFromRefreshToken", body).await.is_ok());
    emulator.shutdown().await;
}

#[tokio::test]
async fn raw_statuses() {
    // GetTokensFromRefreshToken without its required members: Cognito's missing-parameter error.
    let emulator = Emulator::builder().start().await.unwrap();
    let (status, body) =
        call_raw(&api(&emulator), "GetTokensFromRefreshToken", &json!({ "ClientId": "x" })).await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "InvalidParameterException");
    emulator.shutdown().await;
}
