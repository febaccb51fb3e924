//! Token verification against the emulator's JWKS and tokens (valid, tampered, `alg: none`,
//! HS256, expired, wrong pool, wrong client, wrong use, groups and scopes), and against a
//! tiny local JWKS server with keys the tests control (not yet valid, issued in the future,
//! key rotation with the refetch rate limit, one fetch for many callers, oversized, slow and
//! redirecting JWKS endpoints).
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
#[path = "support/jwt.rs"]
mod jwt;

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64ct::{Base64UrlUnpadded, Encoding};
use cognito_srp_emulator::{MfaConfiguration, UserConfig};
use cognito_srp_http::verify::{JwksError, KeySet, TokenUse, Verifier, VerifyError};
use emulator::{POOL_ID, done, start};
use hmac::{KeyInit, Mac};
use jwt::{Answer, TestKey, TinyServer, assemble, decode, jwks};
use serde_json::json;

const PASSWORD: &str = "Correct-Horse-9";
const SCOPE: &str = "aws.cognito.signin.user.admin";

struct Signed {
    env: emulator::Env,
    id: String,
    access: String,
    now: u64,
}

async fn signed_in() -> Signed {
    let env = start(MfaConfiguration::Off, None, false).await;
    env.user("alice", PASSWORD, UserConfig::default());
    env.admin_call("CreateGroup", json!({ "UserPoolId": POOL_ID, "GroupName": "admins" })).await;
    env.admin_call(
        "AdminAddUserToGroup",
        json!({ "UserPoolId": POOL_ID, "Username": "alice", "GroupName": "admins" }),
    )
    .await;
    let signed = done(env.pool.sign_in("alice", PASSWORD).start().await.unwrap());
    let id = signed.tokens.id_token.expose_secret().to_owned();
    let access = signed.tokens.access_token.expose_secret().to_owned();
    let now = env.admin().now();
    Signed { env, id, access, now }
}

fn verifier(s: &Signed) -> cognito_srp_http::verify::VerifierBuilder {
    Verifier::builder(POOL_ID).endpoint(s.env.emulator.endpoint()).client_id(&s.env.client_id)
}

#[tokio::test]
async fn emulator_tokens_verify_and_each_check_refuses_what_it_should() {
    let s = signed_in().await;
    let v = verifier(&s).build().unwrap();
    assert_eq!(v.issuer(), format!("{}/{POOL_ID}", s.env.emulator.endpoint().trim_end_matches('/')));

    // Valid ID and access tokens; the first verification fetched the keys.
    let id = v.verify_fetching(&s.id, s.now).await.unwrap();
    assert_eq!(id.token_use(), TokenUse::Id);
    let standard = id.standard();
    assert_eq!(standard.username.as_deref(), Some("alice"));
    assert_eq!(standard.aud.as_deref(), Some(s.env.client_id.as_str()));
    assert_eq!(standard.groups, vec!["admins"]);
    let access = v.verify(&s.access, s.now).unwrap();
    assert_eq!(access.token_use(), TokenUse::Access);
    assert_eq!(access.standard().client_id.as_deref(), Some(s.env.client_id.as_str()));
    assert!(access.json().contains("\"token_use\":\"access\""));
    assert!(!format!("{access:?}").contains("alice"), "claims stay out of Debug");

    // Token use: an ID token used as an access token and the other way round.
    let access_only = verifier(&s).token_use(TokenUse::Access).build().unwrap();
    access_only.set_keys((*v.keys()).clone());
    assert!(access_only.verify(&s.access, s.now).is_ok());
    assert_eq!(
        access_only.verify(&s.id, s.now).unwrap_err(),
        VerifyError::WrongTokenUse { found: "id".into(), expected: "access" }
    );
    let id_only = verifier(&s).token_use(TokenUse::Id).build().unwrap();
    id_only.set_keys((*v.keys()).clone());
    assert!(matches!(
        id_only.verify(&s.access, s.now),
        Err(VerifyError::WrongTokenUse { expected: "id", .. })
    ));

    // Wrong client, for both kinds.
    let other_client = Verifier::builder(POOL_ID)
        .endpoint(s.env.emulator.endpoint())
        .client_id("someoneelse")
        .build()
        .unwrap();
    other_client.set_keys((*v.keys()).clone());
    for token in [&s.id, &s.access] {
        assert_eq!(
            other_client.verify(token, s.now).unwrap_err(),
            VerifyError::WrongClient { found: s.env.client_id.clone() }
        );
    }
    let any = Verifier::builder(POOL_ID).endpoint(s.env.emulator.endpoint()).any_client().build().unwrap();
    any.set_keys((*v.keys()).clone());
    assert!(any.verify(&s.id, s.now).is_ok());
    assert!(Verifier::builder(POOL_ID).build().is_err(), "no client id and no any_client");

    // Wrong pool: same keys, another pool's issuer.
    let other_pool = Verifier::builder("eu-west-1_Other")
        .endpoint(s.env.emulator.endpoint())
        .client_id(&s.env.client_id)
        .build()
        .unwrap();
    other_pool.set_keys((*v.keys()).clone());
    assert!(matches!(other_pool.verify(&s.id, s.now), Err(VerifyError::WrongIssuer { .. })));
    // And Cognito's issuer form for the same pool is a different issuer.
    let cognito_form = verifier(&s)
        .issuer(format!("https://cognito-idp.eu-west-1.amazonaws.com/{POOL_ID}"))
        .build()
        .unwrap();
    cognito_form.set_keys((*v.keys()).clone());
    assert!(matches!(cognito_form.verify(&s.access, s.now), Err(VerifyError::WrongIssuer { .. })));

    // Expired, with and without leeway.
    let exp = decode(&s.access).1["exp"].as_u64().unwrap();
    assert_eq!(v.verify(&s.access, exp + 1).unwrap_err(), VerifyError::Expired { exp, now: exp + 1 });
    assert!(v.verify(&s.access, exp).is_ok());
    let lenient = verifier(&s).leeway(Duration::from_secs(30)).build().unwrap();
    lenient.set_keys((*v.keys()).clone());
    assert!(lenient.verify(&s.access, exp + 30).is_ok());
    assert!(matches!(lenient.verify(&s.access, exp + 31), Err(VerifyError::Expired { .. })));
    // Issued in the future (the checker's clock is behind).
    let iat = decode(&s.access).1["iat"].as_u64().unwrap();
    assert_eq!(v.verify(&s.access, iat - 5).unwrap_err(), VerifyError::IssuedInFuture { iat, now: iat - 5 });

    // Groups and scopes.
    let in_group = verifier(&s).require_group("nobody").require_group("admins").build().unwrap();
    in_group.set_keys((*v.keys()).clone());
    assert!(in_group.verify(&s.id, s.now).is_ok());
    assert!(in_group.verify(&s.access, s.now).is_ok());
    let not_in_group = verifier(&s).require_group("nobody").build().unwrap();
    not_in_group.set_keys((*v.keys()).clone());
    assert_eq!(
        not_in_group.verify(&s.id, s.now).unwrap_err(),
        VerifyError::MissingGroup { required: vec!["nobody".into()] }
    );
    let scoped = verifier(&s).require_scope(SCOPE).build().unwrap();
    scoped.set_keys((*v.keys()).clone());
    assert!(scoped.verify(&s.access, s.now).is_ok());
    assert!(
        matches!(scoped.verify(&s.id, s.now), Err(VerifyError::MissingScope { .. })),
        "ID tokens have no scope"
    );
    let other_scope = verifier(&s).require_scope("email").build().unwrap();
    other_scope.set_keys((*v.keys()).clone());
    assert!(matches!(other_scope.verify(&s.access, s.now), Err(VerifyError::MissingScope { .. })));
}

#[tokio::test]
async fn tampered_and_forged_tokens_are_refused() {
    let s = signed_in().await;
    let v = verifier(&s).build().unwrap();
    v.verify_fetching(&s.access, s.now).await.unwrap();
    let (header, mut claims, signature) = decode(&s.access);

    // A changed payload under the original signature.
    claims["username"] = json!("mallory");
    assert_eq!(
        v.verify(&assemble(&header, &claims, &signature), s.now).unwrap_err(),
        VerifyError::InvalidSignature
    );
    // A changed signature.
    let mut sig = Base64UrlUnpadded::decode_vec(&signature).unwrap();
    sig[100] ^= 1;
    let (_, claims, _) = decode(&s.access);
    let bad_sig = assemble(&header, &claims, &Base64UrlUnpadded::encode_string(&sig));
    assert_eq!(v.verify(&bad_sig, s.now).unwrap_err(), VerifyError::InvalidSignature);
    // A truncated signature, an empty one.
    assert_eq!(
        v.verify(&assemble(&header, &claims, &signature[..100]), s.now).unwrap_err(),
        VerifyError::InvalidSignature
    );
    assert_eq!(v.verify(&assemble(&header, &claims, ""), s.now).unwrap_err(), VerifyError::InvalidSignature);

    // alg: none, with and without a signature.
    let none = json!({ "alg": "none", "kid": header["kid"] });
    assert_eq!(
        v.verify(&assemble(&none, &claims, ""), s.now).unwrap_err(),
        VerifyError::UnsupportedAlgorithm("none".into())
    );
    // HS256 keyed with the public modulus (the classic key-confusion forgery).
    let hs = json!({ "alg": "HS256", "kid": header["kid"] });
    let unsigned = assemble(&hs, &claims, "");
    let input = unsigned.trim_end_matches('.');
    let n = v.keys().len();
    assert_eq!(n, 1);
    let jwk = s.env.admin().jwks()["keys"][0]["n"].as_str().unwrap().to_owned();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(jwk.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    let forged = format!("{input}.{}", Base64UrlUnpadded::encode_string(&mac.finalize().into_bytes()));
    assert_eq!(v.verify(&forged, s.now).unwrap_err(), VerifyError::UnsupportedAlgorithm("HS256".into()));
    // No alg, no kid, crit.
    assert!(matches!(
        v.verify(&assemble(&json!({ "kid": header["kid"] }), &claims, &signature), s.now),
        Err(VerifyError::Malformed(_))
    ));
    assert_eq!(
        v.verify(&assemble(&json!({ "alg": "RS256" }), &claims, &signature), s.now).unwrap_err(),
        VerifyError::MissingKid
    );
    let crit = json!({ "alg": "RS256", "kid": header["kid"], "crit": ["exp"] });
    assert_eq!(
        v.verify(&assemble(&crit, &claims, &signature), s.now).unwrap_err(),
        VerifyError::CriticalHeader
    );

    // Not a JWT.
    for junk in ["", "a.b", "a.b.c.d", "!!.!!.!!", &format!("{}..", s.access)] {
        assert!(matches!(v.verify(junk, s.now), Err(VerifyError::Malformed(_))), "{junk:?}");
    }
    let huge = format!("{}{}", s.access, "A".repeat(20_000));
    assert!(matches!(v.verify(&huge, s.now), Err(VerifyError::TooLarge { .. })));

    // A key id the JWKS does not have: verify (cache only) says so.
    let unknown = assemble(&json!({ "alg": "RS256", "kid": "nope" }), &claims, &signature);
    assert_eq!(v.verify(&unknown, s.now).unwrap_err(), VerifyError::UnknownKid("nope".into()));
}

fn claims(key_issuer: &str, now: u64) -> serde_json::Value {
    json!({ "iss": key_issuer, "token_use": "access", "client_id": "app", "exp": now + 3600, "iat": now,
            "scope": SCOPE, "sub": "s", "username": "u" })
}

const ISSUER: &str = "https://issuer.example/pool";

fn local_verifier(server: &TinyServer) -> Verifier {
    Verifier::builder("eu-west-1_Local")
        .jwks_url(&server.url)
        .issuer(ISSUER)
        .client_id("app")
        .build()
        .unwrap()
}

#[tokio::test]
async fn not_yet_valid_and_key_checks_with_own_keys() {
    let a = TestKey::new(1, 2048);
    let body = json!({ "keys": [a.jwk(),
        { "kid": "ec", "kty": "EC", "crv": "P-256", "x": "AA", "y": "AA" },
        { "kid": "enc", "kty": "RSA", "use": "enc", "n": a.jwk()["n"], "e": "AQAB" },
        { "kid": "weak", "kty": "RSA", "n": "wQ", "e": "AQAB" }] })
    .to_string();
    let server = TinyServer::start(move |_| Answer::Body { body: body.clone(), chunked: false }).await;
    let v = local_verifier(&server);
    let now = 1_800_000_000;
    assert!(v.verify_fetching(&a.sign(&claims(ISSUER, now)), now).await.is_ok());
    let mut early = claims(ISSUER, now);
    early["nbf"] = json!(now + 60);
    assert_eq!(v.verify(&a.sign(&early), now).unwrap_err(), VerifyError::NotYetValid { nbf: now + 60, now });
    assert!(v.verify(&a.sign(&early), now + 60).is_ok());
    let mut no_exp = claims(ISSUER, now);
    no_exp.as_object_mut().unwrap().remove("exp");
    assert_eq!(v.verify(&a.sign(&no_exp), now).unwrap_err(), VerifyError::MissingClaim("exp"));
    let mut refresh_use = claims(ISSUER, now);
    refresh_use["token_use"] = json!("refresh");
    assert!(matches!(
        v.verify(&a.sign(&refresh_use), now),
        Err(VerifyError::WrongTokenUse { expected: "id or access", .. })
    ));
    // An escaped issuer ("\/") still compares equal.
    let text = claims(ISSUER, now).to_string().replace('/', "\\/");
    assert!(text.contains("https:\\/\\/issuer"), "{text}");
    let escaped = a.sign_text(&json!({ "kid": a.kid, "alg": "RS256" }).to_string(), &text);
    assert!(v.verify(&escaped, now).is_ok());
    // Keys that cannot verify RS256.
    for kid in ["ec", "enc", "weak"] {
        let token = a.sign_raw(&json!({ "kid": kid, "alg": "RS256" }), &claims(ISSUER, now));
        assert!(matches!(v.verify(&token, now), Err(VerifyError::UnusableKey { .. })), "{kid}");
    }
    // A 4096-bit key and a 3072-bit one verify too.
    for (seed, bits) in [(7u8, 4096usize), (8, 3072)] {
        let big = TestKey::new(seed, bits);
        let keys = KeySet::from_json(jwks(&[&big]).as_bytes()).unwrap();
        let w = local_verifier(&server);
        w.set_keys(keys);
        assert!(w.verify(&big.sign(&claims(ISSUER, now)), now).is_ok(), "{bits}");
    }
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn rotated_keys_are_refetched_once_per_interval() {
    let a = Arc::new(TestKey::new(1, 2048));
    let b = Arc::new(TestKey::new(2, 2048));
    let c = TestKey::new(3, 2048);
    let (a2, b2) = (Arc::clone(&a), Arc::clone(&b));
    // First fetch: key A only; later ones: A and B (B was rotated in).
    let server = TinyServer::start(move |n| Answer::Body {
        body: if n == 0 { jwks(&[&a2]) } else { jwks(&[&a2, &b2]) },
        chunked: n % 2 == 1,
    })
    .await;
    let v = Verifier::builder("eu-west-1_Local")
        .jwks_url(&server.url)
        .issuer(ISSUER)
        .client_id("app")
        .refetch_interval(Duration::from_secs(10))
        .build()
        .unwrap();
    let now = 1_800_000_000;

    // Many callers before the first fetch: one fetch.
    let token_a = a.sign(&claims(ISSUER, now));
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (v, t) = (v.clone(), token_a.clone());
        tasks.push(tokio::spawn(async move { v.verify_fetching(&t, now).await.map(|_| ()) }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(server.hits(), 1);

    // B's first token, 11 s later: an unknown kid, refetched once, then known.
    let t1 = now + 11;
    let token_b = b.sign(&claims(ISSUER, t1));
    assert!(v.verify_fetching(&token_b, t1).await.is_ok());
    assert_eq!(server.hits(), 2);
    assert!(v.verify_fetching(&token_b, t1).await.is_ok());
    assert_eq!(server.hits(), 2);

    // A kid nobody publishes: no fetch within the interval, one after it.
    let token_c = c.sign(&claims(ISSUER, t1));
    for at in [t1, t1 + 5, t1 + 9] {
        assert_eq!(
            v.verify_fetching(&token_c, at).await.unwrap_err(),
            VerifyError::UnknownKid(c.kid.clone())
        );
    }
    assert_eq!(server.hits(), 2, "rate limited");
    assert_eq!(
        v.verify_fetching(&token_c, t1 + 10).await.unwrap_err(),
        VerifyError::UnknownKid(c.kid.clone())
    );
    assert_eq!(server.hits(), 3);
    assert!(v.verify(&token_a, t1 + 10).is_ok(), "A still cached");
}

#[tokio::test]
async fn oversized_slow_and_redirecting_jwks_endpoints_are_refused() {
    let a = TestKey::new(1, 2048);
    let token = a.sign(&claims(ISSUER, 1_800_000_000));
    let now = 1_800_000_000;
    let padding = " ".repeat(100_000);
    let big = format!("{{\"keys\":[]{padding}}}");

    for chunked in [false, true] {
        let body = big.clone();
        let server = TinyServer::start(move |_| Answer::Body { body: body.clone(), chunked }).await;
        let v = local_verifier(&server);
        assert_eq!(
            v.verify_fetching(&token, now).await.unwrap_err(),
            VerifyError::Jwks(JwksError::TooLarge { limit: 64 * 1024 }),
            "chunked: {chunked}"
        );
    }

    let server = TinyServer::start(|_| Answer::Trickle { every: Duration::from_millis(50) }).await;
    let v = Verifier::builder("eu-west-1_Local")
        .jwks_url(&server.url)
        .issuer(ISSUER)
        .client_id("app")
        .fetch_timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let started = Instant::now();
    assert_eq!(v.verify_fetching(&token, now).await.unwrap_err(), VerifyError::Jwks(JwksError::Timeout));
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());

    let server = TinyServer::start(|_| Answer::Status(302)).await;
    let v = local_verifier(&server);
    assert_eq!(v.verify_fetching(&token, now).await.unwrap_err(), VerifyError::Jwks(JwksError::Status(302)));

    let server = TinyServer::start(|_| Answer::Body { body: "[1,2]".into(), chunked: false }).await;
    let v = local_verifier(&server);
    assert!(matches!(v.verify_fetching(&token, now).await, Err(VerifyError::Jwks(JwksError::Malformed(_)))));

    // Plain HTTP only to loopback.
    for url in ["http://example.com/jwks.json", "ftp://127.0.0.1/jwks.json"] {
        assert!(Verifier::builder("eu-west-1_X").jwks_url(url).client_id("app").build().is_err(), "{url}");
    }
    for url in ["http://localhost:1/j", "http://[::1]:1/j", "http://127.0.0.2:1/j", "https://example.com/j"] {
        assert!(Verifier::builder("eu-west-1_X").jwks_url(url).client_id("app").build().is_ok(), "{url}");
    }
    let aws = Verifier::builder("eu-west-1_AbC").client_id("app").build().unwrap();
    assert_eq!(
        aws.jwks_url(),
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/jwks.json"
    );
    assert_eq!(aws.issuer(), "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_with_a_long_kid_share_one_fetch() {
    let mut key = TestKey::new(4, 2048);
    key.kid = "k".repeat(100);
    let body = jwks(&[&key]);
    let server = TinyServer::start(move |_| Answer::Body { body: body.clone(), chunked: false }).await;
    let v = local_verifier(&server);
    let now = 1_800_000_000;
    let token = key.sign(&claims(ISSUER, now));
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (v, t) = (v.clone(), token.clone());
        tasks.push(tokio::spawn(async move { v.verify_fetching(&t, now).await.map(|_| ()) }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(server.hits(), 1);
}
