//! The exact requests of two steps against a scripted server, for what the emulator
//! (tests/emulator.rs covers every flow end to end) does not check or cannot send:
//! `CHALLENGE_NAME=SRP_A` with `CUSTOM_AUTH`, and a NEW_PASSWORD_REQUIRED challenge with
//! required attributes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

#[path = "support/fake.rs"]
mod fake;

use cognito_srp_http::{Client, Step, UserPool};
use fake::{Fake, Reply};
use serde_json::{Value, json};

const INTERNAL: &str = "0b5e-internal";

fn pool(endpoint: &str) -> UserPool {
    let client = Client::builder().endpoint(endpoint).build().unwrap();
    UserPool::with_client(client, "eu-west-1_Steps", "cid").unwrap().with_client_secret("shh")
}

fn hash(name: &str) -> Value {
    Value::from(cognito_srp_core::secret_hash("shh", name, "cid").as_str())
}

fn verifier_challenge() -> Reply {
    Reply::Json(
        200,
        json!({"ChallengeName": "PASSWORD_VERIFIER", "Session": "s0", "ChallengeParameters": {
            "USERNAME": INTERNAL, "USER_ID_FOR_SRP": INTERNAL, "SALT": "0f1e2d3c4b5a6978",
            "SRP_B": "a1b2c3d4e5f60718", "SECRET_BLOCK": "c2VjcmV0IGJsb2Nr"}}),
    )
}

fn challenge(name: &str, session: &str, params: Value) -> Reply {
    Reply::Json(200, json!({"ChallengeName": name, "Session": session, "ChallengeParameters": params}))
}

fn tokens() -> Reply {
    Reply::Json(
        200,
        json!({"AuthenticationResult": {"AccessToken": "a", "IdToken": "i", "RefreshToken": "r",
               "ExpiresIn": 3600, "TokenType": "Bearer"}}),
    )
}

#[tokio::test]
async fn custom_auth_with_srp_then_custom_challenge() {
    let fake = Fake::start(|i, _, _| match i {
        0 => verifier_challenge(),
        1 => challenge("CUSTOM_CHALLENGE", "s1", json!({"question": "2+2?", "USERNAME": INTERNAL})),
        _ => tokens(),
    })
    .await;
    let pool = pool(&fake.endpoint);
    let mut sign_in = pool.sign_in("carol", "pw").custom_auth();
    let parameters = match sign_in.start().await.unwrap() {
        Step::CustomChallenge { parameters } => parameters,
        other => panic!("{other:?}"),
    };
    assert_eq!(parameters.get("question"), Some("2+2?"));
    assert!(matches!(sign_in.answer_custom_challenge("4").await.unwrap(), Step::Done(_)));
    let b = fake.bodies();
    assert_eq!(b[0]["AuthFlow"], "CUSTOM_AUTH");
    assert_eq!(b[0]["AuthParameters"]["CHALLENGE_NAME"], "SRP_A");
    assert!(b[0]["AuthParameters"]["SRP_A"].as_str().unwrap().len() > 500);
    assert_eq!(b[2]["ChallengeName"], "CUSTOM_CHALLENGE");
    assert_eq!(b[2]["ChallengeResponses"]["ANSWER"], "4");
    assert_eq!(b[2]["ChallengeResponses"]["SECRET_HASH"], hash(INTERNAL));
}

#[tokio::test]
async fn new_password_with_required_attributes() {
    let fake = Fake::start(|i, _, _| match i {
        0 => verifier_challenge(),
        1 => challenge(
            "NEW_PASSWORD_REQUIRED",
            "s1",
            json!({"userAttributes": "{\"email\":\"d@example.com\",\"email_verified\":\"true\"}",
                   "requiredAttributes": "[\"userAttributes.name\"]", "USER_ID_FOR_SRP": INTERNAL}),
        ),
        _ => tokens(),
    })
    .await;
    let pool = pool(&fake.endpoint);
    let mut sign_in = pool.sign_in("dora", "Temp-1");
    match sign_in.start().await.unwrap() {
        Step::NewPasswordRequired { required_attributes, user_attributes } => {
            assert_eq!(required_attributes, ["name"]);
            assert_eq!(user_attributes.get("email").map(String::as_str), Some("d@example.com"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        sign_in.answer_new_password("New-Pass-1", &[("name", "Dora")]).await.unwrap(),
        Step::Done(_)
    ));
    let r = &fake.bodies()[2]["ChallengeResponses"];
    assert_eq!(r["NEW_PASSWORD"], "New-Pass-1");
    assert_eq!(r["userAttributes.name"], "Dora");
    assert_eq!(r["USERNAME"], INTERNAL);
}
