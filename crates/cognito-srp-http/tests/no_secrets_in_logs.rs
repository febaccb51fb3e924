//! Every operation logs a `cognito_idp` span with its name, attempt count and status, and no
//! log line at any level carries a password, token, code, SECRET_HASH or device password.
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

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cognito_srp_http::{Client, DeviceCredentials, RetryPolicy, Step, UserPool};
use fake::{Fake, Reply};
use serde_json::json;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_name_operations_and_never_secrets() {
    let fake = Fake::start(|i, op, _| match (i, op) {
        (0, _) => Reply::Json(500, json!({"__type": "InternalErrorException", "message": "try again"})),
        (_, "InitiateAuth") => Reply::Json(
            200,
            json!({"ChallengeName": "PASSWORD_VERIFIER", "Session": "SESSION-SECRET", "ChallengeParameters": {
                "USERNAME": "u", "USER_ID_FOR_SRP": "u", "SALT": "0f1e2d3c4b5a6978",
                "SRP_B": "a1b2c3d4e5f60718", "SECRET_BLOCK": "c2VjcmV0IGJsb2Nr"}}),
        ),
        (_, "RespondToAuthChallenge") => Reply::Json(
            200,
            json!({"ChallengeName": "SMS_MFA", "Session": "SESSION-SECRET-2",
                   "ChallengeParameters": {"CODE_DELIVERY_DESTINATION": "+*******1234"}}),
        ),
        _ => Reply::Json(
            200,
            json!({"AuthenticationResult": {"AccessToken": "ACCESS-TOKEN-SECRET", "IdToken": "ID-TOKEN-SECRET",
                   "RefreshToken": "REFRESH-TOKEN-SECRET", "ExpiresIn": 60, "TokenType": "Bearer"}}),
        ),
    })
    .await;
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let client = Client::builder()
        .endpoint(&fake.endpoint)
        .retry_policy(RetryPolicy { base_delay: Duration::from_millis(1), ..RetryPolicy::default() })
        .build()
        .unwrap();
    let pool =
        UserPool::with_client(client, "us-east-1_Fake", "cid").unwrap().with_client_secret("CLIENT-SECRET");
    let device = DeviceCredentials {
        device_key: "us-east-1_dev".into(),
        device_group_key: "grp".into(),
        device_password: "DEVICE-PASSWORD-SECRET".into(),
    };
    let mut sign_in = pool.sign_in("u", "PASSWORD-SECRET").device(device).confirm_new_devices(false);
    let step = sign_in.start().await.unwrap();
    assert!(matches!(step, Step::MfaCode { .. }), "{step:?}");
    tracing::info!(?step, sign_in = ?sign_in, "debug output of the flow types");
    let step = sign_in.answer_mfa_code("MFA-CODE-SECRET").await.unwrap();
    tracing::info!(?step, "done");

    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    for op in ["InitiateAuth", "RespondToAuthChallenge"] {
        assert!(logs.contains(&format!("operation=\"{op}\"")), "{op} missing from:\n{logs}");
    }
    assert!(logs.contains("retrying"), "{logs}");
    let hash = cognito_srp_core::secret_hash("CLIENT-SECRET", "u", "cid").as_str().to_owned();
    for secret in [
        "PASSWORD-SECRET",
        "CLIENT-SECRET",
        "MFA-CODE-SECRET",
        "ACCESS-TOKEN-SECRET",
        "ID-TOKEN-SECRET",
        "REFRESH-TOKEN-SECRET",
        "DEVICE-PASSWORD-SECRET",
        "SESSION-SECRET",
        hash.as_str(),
    ] {
        assert!(!logs.contains(secret), "{secret} leaked into the logs:\n{logs}");
    }
}
