//! Retries, backoff and restarts against a scripted server: transient failures of idempotent
//! operations are retried; a challenge answer is never sent twice, the sign-in starts over
//! from InitiateAuth instead; a device the server forgot is dropped and the sign-in retried
//! once without it; every failure ends in a typed error within bounded time.
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

use std::time::{Duration, Instant};

use cognito_srp_http::operations::{GetUserRequest, RespondToAuthChallengeRequest};
use cognito_srp_http::{
    ChallengeName, Client, DeviceCredentials, Error, ErrorCode, Operation, Parameters, ProtocolError,
    RetryPolicy, Step, UserPool,
};
use fake::{Fake, Reply};
use serde_json::{Value, json};

fn client(endpoint: &str, attempts: u32) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(Duration::from_millis(800))
        .retry_policy(RetryPolicy::new(attempts, Duration::from_millis(5), Duration::from_millis(20)))
        .build()
        .unwrap()
}

fn user_ok() -> Reply {
    Reply::Json(200, json!({"Username": "u-1", "UserAttributes": [{"Name": "email", "Value": "a@b.c"}]}))
}

#[tokio::test]
async fn idempotent_operations_retry_through_5xx_throttling_and_drops() {
    let fake = Fake::start(|i, _, _| match i {
        0 => Reply::Raw(502, vec![("content-type", "text/html")], "<html>Bad Gateway</html>"),
        1 => Reply::Raw(400, vec![("x-amzn-errortype", "TooManyRequestsException:http://x/")], ""),
        2 => Reply::Drop,
        3 => Reply::Json(500, json!({"__type": "InternalErrorException", "message": "oops"})),
        _ => user_ok(),
    })
    .await;
    let me = client(&fake.endpoint, 5).get_user(&GetUserRequest::new("t")).await.unwrap();
    assert_eq!(me.username, "u-1");
    assert_eq!(me.attribute("email"), Some("a@b.c"));
    assert_eq!(fake.operations(), vec!["GetUser"; 5]);
    // The wire format: the access token went in the JSON body under AWS's field name.
    assert_eq!(fake.bodies()[0], json!({"AccessToken": "t"}));
}

#[tokio::test]
async fn retries_stop_at_the_policy_limit_with_the_last_error() {
    let fake = Fake::start(|_, _, _| Reply::Raw(503, vec![], "Service Unavailable")).await;
    let err = client(&fake.endpoint, 3).get_user(&GetUserRequest::new("t")).await.unwrap_err();
    match &err {
        Error::Protocol(ProtocolError::UnexpectedResponse { status: 503, body_prefix }) => {
            assert_eq!(body_prefix, "Service Unavailable")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.operations().len(), 3);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let fake = Fake::start(|_, _, _| {
        Reply::Json(400, json!({"__type": "NotAuthorizedException", "message": "Access Token has expired"}))
    })
    .await;
    let err = client(&fake.endpoint, 5).get_user(&GetUserRequest::new("t")).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
    assert_eq!(fake.operations().len(), 1);
}

#[tokio::test]
async fn a_challenge_answer_is_never_resent() {
    let fake = Fake::start(|_, _, _| Reply::Json(500, json!({"__type": "InternalErrorException"}))).await;
    let mut request = RespondToAuthChallengeRequest::new(ChallengeName::SmsMfa, "c");
    request.session = Some("s".into());
    request.challenge_responses = Parameters::new().with("USERNAME", "u").with("SMS_MFA_CODE", "123456");
    let err = client(&fake.endpoint, 5).respond_to_auth_challenge(&request).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::InternalError));
    assert!(err.is_retryable());
    assert_eq!(fake.operations(), vec!["RespondToAuthChallenge"]);
}

#[tokio::test]
async fn timeouts_and_refused_connections_end_in_typed_errors() {
    let fake = Fake::start(|_, _, _| Reply::Delay(Duration::from_secs(30), Box::new(user_ok()))).await;
    let started = Instant::now();
    let err = client(&fake.endpoint, 2).get_user(&GetUserRequest::new("t")).await.unwrap_err();
    assert!(matches!(&err, Error::Transport(e) if e.is_timeout()), "{err:?}");
    // A timeout is final: not retried (one request), so it costs one timeout.
    assert!(err.is_timeout() && !err.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(fake.operations().len(), 1);

    // Nothing listens on a port we just released.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let err =
        client(&format!("http://127.0.0.1:{port}"), 3).get_user(&GetUserRequest::new("t")).await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
}

/// A PASSWORD_VERIFIER challenge the client can compute an answer for (the fake does not
/// check it).
fn password_verifier() -> Reply {
    Reply::Json(
        200,
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {
            "USERNAME": "internal-u", "USER_ID_FOR_SRP": "internal-u",
            "SALT": "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "SRP_B": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
            "SECRET_BLOCK": "c2VjcmV0IGJsb2Nr"}}),
    )
}

fn tokens() -> Reply {
    Reply::Json(
        200,
        json!({"ChallengeParameters": {}, "AuthenticationResult": {"AccessToken": "acc", "IdToken": "id",
            "RefreshToken": "ref", "ExpiresIn": 3600, "TokenType": "Bearer"}}),
    )
}

#[tokio::test]
async fn sign_in_restarts_from_initiate_auth_after_a_failed_answer() {
    let fake = Fake::start(|i, op, _| match (i, op) {
        (_, "InitiateAuth") => password_verifier(),
        (1, "RespondToAuthChallenge") => Reply::Json(500, json!({"__type": "InternalErrorException"})),
        (3, "RespondToAuthChallenge") => Reply::Drop,
        (_, "RespondToAuthChallenge") => tokens(),
        _ => Reply::Json(400, json!({"__type": "UnknownOperationException"})),
    })
    .await;
    let pool = UserPool::with_client(client(&fake.endpoint, 3), "us-east-1_Fake", "cid")
        .unwrap()
        .with_client_secret("shh")
        .with_max_restarts(3);
    let done = match pool.sign_in("Typed.Name", "pw").start().await.unwrap() {
        Step::Done(done) => done,
        other => panic!("{other:?}"),
    };
    assert_eq!(done.tokens.access_token.expose_secret(), "acc");
    assert_eq!(done.username, "internal-u");
    let ops = fake.operations();
    assert_eq!(
        ops,
        [
            "InitiateAuth",
            "RespondToAuthChallenge",
            "InitiateAuth",
            "RespondToAuthChallenge",
            "InitiateAuth",
            "RespondToAuthChallenge"
        ]
    );
    let bodies = fake.bodies();
    // Every attempt has a fresh SRP_A.
    assert_ne!(bodies[0]["AuthParameters"]["SRP_A"], bodies[2]["AuthParameters"]["SRP_A"]);
    // SECRET_HASH: of the typed name in InitiateAuth, of the internal name in the answer.
    let hash = |name: &str| cognito_srp_core::secret_hash("shh", name, "cid").as_str().to_owned();
    assert_eq!(bodies[0]["AuthParameters"]["SECRET_HASH"], Value::from(hash("Typed.Name")));
    assert_eq!(bodies[1]["ChallengeResponses"]["SECRET_HASH"], Value::from(hash("internal-u")));
    assert_eq!(bodies[1]["ChallengeResponses"]["USERNAME"], "internal-u");
    assert_eq!(bodies[1]["ChallengeResponses"]["PASSWORD_CLAIM_SECRET_BLOCK"], "c2VjcmV0IGJsb2Nr");
}

#[tokio::test]
async fn restarts_are_bounded() {
    let fake = Fake::start(|_, op, _| match op {
        "InitiateAuth" => password_verifier(),
        _ => Reply::Raw(400, vec![("x-amzn-errortype", "TooManyRequestsException")], "{}"),
    })
    .await;
    let pool = UserPool::with_client(client(&fake.endpoint, 2), "us-east-1_Fake", "cid")
        .unwrap()
        .with_max_restarts(2);
    let err = pool.sign_in("u", "pw").start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::TooManyRequests));
    assert_eq!(fake.operations().iter().filter(|o| *o == "RespondToAuthChallenge").count(), 3);
}

#[tokio::test]
async fn a_forgotten_device_is_dropped_and_the_sign_in_retried_once() {
    let fake = Fake::start(|_, op, body| match op {
        "InitiateAuth" if body["AuthParameters"].get("DEVICE_KEY").is_some() => Reply::Json(
            400,
            json!({"__type": "ResourceNotFoundException", "message": "Device does not exist."}),
        ),
        "InitiateAuth" => password_verifier(),
        _ => tokens(),
    })
    .await;
    let pool = UserPool::with_client(client(&fake.endpoint, 3), "us-east-1_Fake", "cid").unwrap();
    let device = DeviceCredentials::new("us-east-1_gone", "g", "p");
    let done = match pool.sign_in("u", "pw").device(device).start().await.unwrap() {
        Step::Done(done) => done,
        other => panic!("{other:?}"),
    };
    assert_eq!(done.dropped_device.as_deref(), Some("us-east-1_gone"));
    assert!(done.device.is_none());
    assert_eq!(fake.operations(), ["InitiateAuth", "InitiateAuth", "RespondToAuthChallenge"]);
    assert!(fake.bodies()[2]["ChallengeResponses"].get("DEVICE_KEY").is_none());
}

#[tokio::test]
async fn nonsense_answers_are_protocol_errors() {
    let fake = Fake::start(|i, _, _| match i {
        0 => Reply::Json(
            200,
            json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {"USERNAME": "u"}}),
        ),
        1 => Reply::Json(200, json!({})),
        2 => Reply::Json(200, json!({"ChallengeName": "SOMETHING_NEW", "Session": "s"})),
        3 => Reply::Raw(200, vec![], "not json"),
        _ => Reply::Json(
            200,
            json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {"USER_ID_FOR_SRP": "u",
                "SALT": "zz", "SRP_B": "00", "SECRET_BLOCK": "AAAA"}}),
        ),
    })
    .await;
    let pool = UserPool::with_client(client(&fake.endpoint, 1), "us-east-1_Fake", "cid")
        .unwrap()
        .with_max_restarts(0);
    let err = pool.sign_in("u", "pw").start().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Protocol(ProtocolError::Answer(cognito_srp_proto::ProtocolError::MissingField(_)))
        ),
        "{err:?}"
    );
    let err = pool.sign_in("u", "pw").start().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Protocol(ProtocolError::Answer(cognito_srp_proto::ProtocolError::EmptyAuthResponse))
        ),
        "{err:?}"
    );
    let err = pool.sign_in("u", "pw").start().await.unwrap_err();
    assert!(
        matches!(&err, Error::Protocol(ProtocolError::Answer(cognito_srp_proto::ProtocolError::UnexpectedChallenge(c))) if c == "SOMETHING_NEW"),
        "{err:?}"
    );
    let err = pool.sign_in("u", "pw").start().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Protocol(ProtocolError::Answer(cognito_srp_proto::ProtocolError::InvalidBody { .. }))
        ),
        "{err:?}"
    );
    let err = pool.sign_in("u", "pw").start().await.unwrap_err();
    assert!(matches!(err, Error::Srp(_)), "{err:?}");
}

#[tokio::test]
async fn a_totp_setup_status_error_is_typed_and_the_step_stays_open() {
    let fake = Fake::start(|_, op, body| match op {
        "InitiateAuth" => Reply::Json(
            200,
            json!({"ChallengeName": "MFA_SETUP", "Session": "s1",
                "ChallengeParameters": {"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]"}}),
        ),
        "AssociateSoftwareToken" => {
            Reply::Json(200, json!({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "s2"}))
        }
        "VerifySoftwareToken" if body["UserCode"] == "000000" => Reply::Json(200, json!({"Status": "ERROR"})),
        "VerifySoftwareToken" => Reply::Json(200, json!({"Status": "SUCCESS", "Session": "s3"})),
        _ => tokens(),
    })
    .await;
    let pool = UserPool::with_client(client(&fake.endpoint, 1), "us-east-1_Fake", "cid").unwrap();
    let mut sign_in = pool.sign_in("u", "pw");
    let step = sign_in.start().await.unwrap();
    assert!(matches!(step, Step::MfaSetup { secret_code: Some(_), .. }), "{step:?}");
    let err = sign_in.answer_mfa_setup("000000", None).await.unwrap_err();
    assert!(
        matches!(&err, Error::Protocol(ProtocolError::Answer(cognito_srp_proto::ProtocolError::UnsuccessfulStatus { operation: Operation::VerifySoftwareToken, status }))
            if status == "ERROR"),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "VerifySoftwareToken answered Status ERROR");
    let step = sign_in.answer_mfa_setup("123456", None).await.unwrap();
    assert!(matches!(step, Step::Done(_)), "{step:?}");
    let ops = fake.operations();
    assert_eq!(
        ops,
        [
            "InitiateAuth",
            "AssociateSoftwareToken",
            "VerifySoftwareToken",
            "VerifySoftwareToken",
            "RespondToAuthChallenge"
        ]
    );
}
