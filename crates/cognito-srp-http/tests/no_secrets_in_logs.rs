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

/// `Debug` of every request and response type, filled with known secret values, prints none
/// of them (Cognito's model marks Session, SECRET_HASH, passwords, tokens, codes, client
/// secrets and user context data sensitive; the device verifier is treated the same way).
#[test]
fn debug_of_every_request_and_response_redacts_secrets() {
    use cognito_srp_http::operations::*;
    use cognito_srp_http::{ClientBuilder, Parameters, SecretString, Tokens};

    let secret = |name: &str| format!("{name}-SECRET-VALUE");
    let s = |name: &str| SecretString::from(secret(name));
    let auth_parameters = Parameters::new()
        .with("USERNAME", "alice")
        .with("PASSWORD", secret("PASSWORD"))
        .with("SECRET_HASH", secret("SECRET_HASH"))
        .with("REFRESH_TOKEN", secret("REFRESH_TOKEN"));
    let challenge_responses = Parameters::new()
        .with("USERNAME", "alice")
        .with("SECRET_HASH", secret("SECRET_HASH"))
        .with("PASSWORD_CLAIM_SIGNATURE", secret("SIGNATURE"))
        .with("PASSWORD_CLAIM_SECRET_BLOCK", secret("SECRET_BLOCK"))
        .with("NEW_PASSWORD", secret("NEW_PASSWORD"))
        .with("SMS_MFA_CODE", secret("MFA_CODE"))
        .with("ANSWER", secret("ANSWER"));
    let context =
        UserContextData { encoded_data: Some(s("CONTEXT")), ip_address: Some("198.51.100.7".into()) };
    let result = AuthenticationResult {
        access_token: s("ACCESS_TOKEN"),
        expires_in: 3600,
        token_type: "Bearer".into(),
        refresh_token: Some(s("REFRESH_TOKEN")),
        id_token: s("ID_TOKEN"),
        new_device_metadata: None,
    };
    let outputs: Vec<String> = vec![
        format!(
            "{:?}",
            InitiateAuthRequest {
                auth_flow: auth_flow::USER_SRP_AUTH.into(),
                auth_parameters: auth_parameters.clone(),
                client_id: "cid".into(),
                client_metadata: Some(Parameters::new().with("note", secret("METADATA"))),
                analytics_metadata: None,
                user_context_data: Some(context.clone()),
                session: Some(s("SESSION")),
            }
        ),
        format!(
            "{:?}",
            AuthResponse {
                challenge_name: Some("PASSWORD_VERIFIER".into()),
                session: Some(s("SESSION")),
                challenge_parameters: Parameters::new().with("SECRET_BLOCK", secret("SECRET_BLOCK")),
                authentication_result: Some(result.clone()),
                available_challenges: None,
            }
        ),
        format!(
            "{:?}",
            RespondToAuthChallengeRequest {
                client_id: "cid".into(),
                challenge_name: "PASSWORD_VERIFIER".into(),
                session: Some(s("SESSION")),
                challenge_responses,
                client_metadata: None,
                analytics_metadata: None,
                user_context_data: Some(context.clone()),
            }
        ),
        format!(
            "{:?}",
            ConfirmDeviceRequest {
                access_token: s("ACCESS_TOKEN"),
                device_key: "us-east-1_dev".into(),
                device_secret_verifier_config: Some(DeviceSecretVerifierConfig {
                    password_verifier: s("VERIFIER"),
                    salt: s("SALT"),
                }),
                device_name: Some("laptop".into()),
            }
        ),
        format!(
            "{:?}",
            UpdateDeviceStatusRequest {
                access_token: s("ACCESS_TOKEN"),
                device_key: "k".into(),
                device_remembered_status: None,
            }
        ),
        format!("{:?}", GetDeviceRequest { device_key: "k".into(), access_token: s("ACCESS_TOKEN") }),
        format!(
            "{:?}",
            ListDevicesRequest { access_token: s("ACCESS_TOKEN"), limit: None, pagination_token: None }
        ),
        format!(
            "{:?}",
            ForgetDeviceRequest { access_token: Some(s("ACCESS_TOKEN")), device_key: "k".into() }
        ),
        format!("{:?}", GlobalSignOutRequest { access_token: s("ACCESS_TOKEN") }),
        format!(
            "{:?}",
            RevokeTokenRequest {
                token: s("REFRESH_TOKEN"),
                client_id: "cid".into(),
                client_secret: Some(s("CLIENT_SECRET")),
            }
        ),
        format!(
            "{:?}",
            AssociateSoftwareTokenRequest {
                access_token: Some(s("ACCESS_TOKEN")),
                session: Some(s("SESSION"))
            }
        ),
        format!(
            "{:?}",
            AssociateSoftwareTokenResponse { secret_code: s("TOTP_SEED"), session: Some(s("SESSION")) }
        ),
        format!(
            "{:?}",
            VerifySoftwareTokenRequest {
                access_token: Some(s("ACCESS_TOKEN")),
                session: Some(s("SESSION")),
                user_code: s("MFA_CODE"),
                friendly_device_name: None,
            }
        ),
        format!(
            "{:?}",
            VerifySoftwareTokenResponse { status: Some("SUCCESS".into()), session: Some(s("SESSION")) }
        ),
        format!(
            "{:?}",
            SetUserMfaPreferenceRequest { access_token: s("ACCESS_TOKEN"), ..Default::default() }
        ),
        format!("{:?}", GetUserRequest { access_token: s("ACCESS_TOKEN") }),
        format!(
            "{:?}",
            ChangePasswordRequest {
                previous_password: Some(s("PASSWORD")),
                proposed_password: s("NEW_PASSWORD"),
                access_token: s("ACCESS_TOKEN"),
            }
        ),
        format!(
            "{:?}",
            EmptyResponse([("Unexpected".to_owned(), serde_json::Value::from(secret("ECHO")))].into())
        ),
        format!("{:?}", Tokens::from(result.clone())),
        format!(
            "{:?}",
            ClientBuilder::default().endpoint(format!("http://user:{}@127.0.0.1:1", secret("URL")))
        ),
    ];
    for (i, text) in outputs.iter().enumerate() {
        assert!(!text.contains("SECRET-VALUE"), "output {i} leaks a secret: {text}");
        assert!(!text.contains("198.51.100.7"), "output {i} shows the user context: {text}");
    }
    // Public values still show.
    assert!(outputs[0].contains("alice") && outputs[0].contains("USER_SRP_AUTH"), "{}", outputs[0]);
    assert!(outputs[3].contains("us-east-1_dev") && outputs[3].contains("laptop"), "{}", outputs[3]);
    // And everything above still goes over the wire in full.
    let wire = serde_json::to_string(&AssociateSoftwareTokenRequest {
        access_token: None,
        session: Some(s("SESSION")),
    })
    .unwrap();
    assert_eq!(wire, r#"{"Session":"SESSION-SECRET-VALUE"}"#);
}
