//! Challenge sequencing through the typed step API against a scripted server: SMS MFA,
//! SELECT_MFA_TYPE, CUSTOM_AUTH with SRP_A and CUSTOM_CHALLENGE, an email alias (the typed
//! name differs from the internal one), and the exact ChallengeResponses each answer sends.
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

use cognito_srp_http::{Client, Error, ErrorCode, MfaKind, Step, UserPool};
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
async fn sms_mfa_with_an_email_alias() {
    let fake = Fake::start(|i, _, _| match i {
        0 => verifier_challenge(),
        1 => challenge(
            "SMS_MFA",
            "s1",
            json!({"CODE_DELIVERY_DESTINATION": "+*******0123", "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS"}),
        ),
        2 => Reply::Json(
            400,
            json!({"__type": "CodeMismatchException", "message": "Invalid code or auth state for the user."}),
        ),
        _ => tokens(),
    })
    .await;
    let pool = pool(&fake.endpoint);
    let mut sign_in = pool.sign_in("alice@example.com", "pw");
    match sign_in.start().await.unwrap() {
        Step::MfaCode { kind: MfaKind::Sms, destination } => {
            assert_eq!(destination.as_deref(), Some("+*******0123"))
        }
        other => panic!("{other:?}"),
    }
    let err = sign_in.answer_mfa_code("000000").await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch));
    let done = match sign_in.answer_mfa_code("123456").await.unwrap() {
        Step::Done(done) => done,
        other => panic!("{other:?}"),
    };
    assert_eq!(done.username, INTERNAL);
    // Answering again after the end is refused.
    assert!(matches!(sign_in.answer_mfa_code("1").await, Err(Error::InvalidState(_))));

    let b = fake.bodies();
    assert_eq!(b[0]["AuthParameters"]["USERNAME"], "alice@example.com");
    assert_eq!(b[0]["AuthParameters"]["SECRET_HASH"], hash("alice@example.com"));
    assert_eq!(b[1]["Session"], "s0");
    assert_eq!(b[1]["ChallengeResponses"]["SECRET_HASH"], hash(INTERNAL));
    for answer in [&b[2], &b[3]] {
        assert_eq!(answer["ChallengeName"], "SMS_MFA");
        assert_eq!(answer["Session"], "s1");
        assert_eq!(answer["ChallengeResponses"]["USERNAME"], INTERNAL);
        assert_eq!(answer["ChallengeResponses"]["SECRET_HASH"], hash(INTERNAL));
    }
    assert_eq!(b[3]["ChallengeResponses"]["SMS_MFA_CODE"], "123456");
}

#[tokio::test]
async fn select_mfa_type_then_totp() {
    let fake = Fake::start(|i, _, _| match i {
        0 => verifier_challenge(),
        1 => challenge(
            "SELECT_MFA_TYPE",
            "s1",
            json!({"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}),
        ),
        2 => challenge("SOFTWARE_TOKEN_MFA", "s2", json!({})),
        _ => tokens(),
    })
    .await;
    let pool = pool(&fake.endpoint);
    let mut sign_in = pool.sign_in("bob", "pw");
    let options = match sign_in.start().await.unwrap() {
        Step::SelectMfaType { options } => options,
        other => panic!("{other:?}"),
    };
    assert_eq!(options, [MfaKind::Sms, MfaKind::SoftwareToken]);
    match sign_in.select_mfa_type(&MfaKind::SoftwareToken).await.unwrap() {
        Step::MfaCode { kind: MfaKind::SoftwareToken, .. } => {}
        other => panic!("{other:?}"),
    }
    assert!(matches!(sign_in.answer_mfa_code("654321").await.unwrap(), Step::Done(_)));
    let b = fake.bodies();
    assert_eq!(b[2]["ChallengeResponses"]["ANSWER"], "SOFTWARE_TOKEN_MFA");
    assert_eq!(b[2]["Session"], "s1");
    assert_eq!(b[3]["ChallengeResponses"]["SOFTWARE_TOKEN_MFA_CODE"], "654321");
    assert_eq!(b[3]["Session"], "s2");
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
