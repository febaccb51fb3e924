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

use cognito_srp_http::{Client, DeviceCredentials, FirstFactor, RetryPolicy, Step, UserPool};
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
        .retry_policy(RetryPolicy::new(3, Duration::from_millis(1), Duration::from_secs(5)))
        .build()
        .unwrap();
    let pool =
        UserPool::with_client(client, "us-east-1_Fake", "cid").unwrap().with_client_secret("CLIENT-SECRET");
    let device = DeviceCredentials::new("us-east-1_dev", "grp", "DEVICE-PASSWORD-SECRET");
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

/// Choice-based sign-in: the password chosen at SELECT_CHALLENGE, a one-time code, an email
/// MFA code and a passkey credential never reach the logs (at any level, `Debug` of the flow
/// types included).
#[tokio::test]
async fn user_auth_logs_never_carry_the_password_or_the_codes() {
    let fake = Fake::start(|_, op, body| {
        let tokens = json!({"AuthenticationResult": {"AccessToken": "ACCESS-TOKEN-SECRET",
            "IdToken": "ID-TOKEN-SECRET", "RefreshToken": "REFRESH-TOKEN-SECRET", "ExpiresIn": 60,
            "TokenType": "Bearer"}});
        let code = |name: &str| {
            json!({"ChallengeName": name, "Session": "SESSION-SECRET", "ChallengeParameters": {
                "USERNAME": "u", "CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL",
                "CODE_DELIVERY_DESTINATION": "u***@e***.com"}})
        };
        let preferred = body["AuthParameters"]["PREFERRED_CHALLENGE"].as_str();
        let reply = match (op, preferred, body["ChallengeName"].as_str()) {
            ("InitiateAuth", Some("WEB_AUTHN"), _) => json!({"ChallengeName": "WEB_AUTHN",
                "Session": "SESSION-SECRET", "ChallengeParameters": {"USERNAME": "u",
                "CREDENTIAL_REQUEST_OPTIONS": "{\"challenge\":\"abc\"}"}}),
            ("InitiateAuth", Some(_), _) => code("EMAIL_OTP"),
            ("InitiateAuth", None, _) => json!({"ChallengeName": "SELECT_CHALLENGE",
                "Session": "SESSION-SECRET", "ChallengeParameters": {"USERNAME": "u"},
                "AvailableChallenges": ["PASSWORD", "EMAIL_OTP"]}),
            // The password chosen: email MFA follows.
            (_, _, Some("SELECT_CHALLENGE")) => code("EMAIL_OTP"),
            _ => tokens,
        };
        Reply::Json(200, reply)
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
    let client = Client::builder().endpoint(&fake.endpoint).build().unwrap();
    let pool =
        UserPool::with_client(client, "us-east-1_Fake", "cid").unwrap().with_client_secret("CLIENT-SECRET");

    let mut sign_in = pool.sign_in_user_auth("u", None);
    let step = sign_in.start().await.unwrap();
    tracing::info!(?step, sign_in = ?sign_in, "the choice");
    let step = sign_in.select_challenge(FirstFactor::Password, Some("PASSWORD-SECRET")).await.unwrap();
    assert!(matches!(step, Step::MfaCode { .. }), "{step:?}");
    tracing::info!(?step, sign_in = ?sign_in, "email MFA");
    let step = sign_in.answer_mfa_code("MFA-CODE-SECRET").await.unwrap();
    tracing::info!(?step, "done");

    let mut sign_in = pool.sign_in_user_auth("u", Some(FirstFactor::EmailOtp));
    let step = sign_in.start().await.unwrap();
    assert!(matches!(step, Step::OneTimeCode { .. }), "{step:?}");
    let step = sign_in.answer_one_time_code("OTP-CODE-SECRET").await.unwrap();
    tracing::info!(?step, sign_in = ?sign_in, "done");

    let mut sign_in = pool.sign_in_user_auth("u", Some(FirstFactor::WebAuthn));
    let step = sign_in.start().await.unwrap();
    assert!(matches!(step, Step::WebAuthn { .. }), "{step:?}");
    let step = sign_in.answer_web_authn(r#"{"id":"CREDENTIAL-SECRET"}"#).await.unwrap();
    tracing::info!(?step, sign_in = ?sign_in, "done");

    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("operation=\"RespondToAuthChallenge\""), "{logs}");
    for secret in [
        "PASSWORD-SECRET",
        "CLIENT-SECRET",
        "MFA-CODE-SECRET",
        "OTP-CODE-SECRET",
        "CREDENTIAL-SECRET",
        "ACCESS-TOKEN-SECRET",
        "REFRESH-TOKEN-SECRET",
        "SESSION-SECRET",
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
    use cognito_srp_http::{
        AuthFlow, ChallengeName, ClientBuilder, DeviceRememberedStatus, Parameters, SecretString, Tokens,
    };

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
    let context = UserContextData::new().encoded_data(s("CONTEXT")).ip_address("198.51.100.7");
    let result: AuthenticationResult = serde_json::from_value(json!({
        "AccessToken": secret("ACCESS_TOKEN"),
        "ExpiresIn": 3600,
        "TokenType": "Bearer",
        "RefreshToken": secret("REFRESH_TOKEN"),
        "IdToken": secret("ID_TOKEN"),
    }))
    .unwrap();
    let outputs: Vec<String> = vec![
        format!("{:?}", {
            let mut request = InitiateAuthRequest::new(AuthFlow::UserSrpAuth, "cid");
            request.auth_parameters = auth_parameters.clone();
            request.client_metadata = Some(Parameters::new().with("note", secret("METADATA")));
            request.user_context_data = Some(context.clone());
            request.session = Some(s("SESSION"));
            request
        }),
        format!("{:?}", {
            let mut response = AuthResponse::default();
            response.challenge_name = Some(ChallengeName::PasswordVerifier);
            response.session = Some(s("SESSION"));
            response.challenge_parameters = Parameters::new().with("SECRET_BLOCK", secret("SECRET_BLOCK"));
            response.authentication_result = Some(result.clone());
            response
        }),
        format!("{:?}", {
            let mut request = RespondToAuthChallengeRequest::new(ChallengeName::PasswordVerifier, "cid");
            request.session = Some(s("SESSION"));
            request.challenge_responses = challenge_responses;
            request.user_context_data = Some(context.clone());
            request
        }),
        format!(
            "{:?}",
            ConfirmDeviceRequest::new(s("ACCESS_TOKEN"), "us-east-1_dev")
                .verifier(DeviceSecretVerifierConfig::new(s("VERIFIER"), s("SALT")))
                .device_name("laptop")
        ),
        format!(
            "{:?}",
            UpdateDeviceStatusRequest::new(s("ACCESS_TOKEN"), "k", DeviceRememberedStatus::Remembered)
        ),
        format!("{:?}", GetDeviceRequest::new(s("ACCESS_TOKEN"), "k")),
        format!("{:?}", ListDevicesRequest::new(s("ACCESS_TOKEN"))),
        format!("{:?}", ForgetDeviceRequest::new(s("ACCESS_TOKEN"), "k")),
        format!("{:?}", GlobalSignOutRequest::new(s("ACCESS_TOKEN"))),
        format!("{:?}", RevokeTokenRequest::new(s("REFRESH_TOKEN"), "cid").client_secret(s("CLIENT_SECRET"))),
        format!("{:?}", {
            let mut request = AssociateSoftwareTokenRequest::with_access_token(s("ACCESS_TOKEN"));
            request.session = Some(s("SESSION"));
            request
        }),
        format!(
            "{:?}",
            serde_json::from_value::<AssociateSoftwareTokenResponse>(
                serde_json::json!({"SecretCode": secret("TOTP_SEED"), "Session": secret("SESSION")})
            )
            .unwrap()
        ),
        format!(
            "{:?}",
            VerifySoftwareTokenRequest::new(s("MFA_CODE"))
                .access_token(s("ACCESS_TOKEN"))
                .session(s("SESSION"))
        ),
        format!(
            "{:?}",
            serde_json::from_value::<VerifySoftwareTokenResponse>(
                serde_json::json!({"Status": "SUCCESS", "Session": secret("SESSION")})
            )
            .unwrap()
        ),
        format!("{:?}", SetUserMfaPreferenceRequest::new(s("ACCESS_TOKEN"))),
        format!("{:?}", GetUserRequest::new(s("ACCESS_TOKEN"))),
        format!(
            "{:?}",
            ChangePasswordRequest::new(Some(&secret("PASSWORD")), s("NEW_PASSWORD"), s("ACCESS_TOKEN"))
        ),
        format!(
            "{:?}",
            serde_json::from_value::<EmptyResponse>(serde_json::json!({"Unexpected": secret("ECHO")}))
                .unwrap()
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
    assert!(outputs[0].contains("alice") && outputs[0].contains("UserSrpAuth"), "{}", outputs[0]);
    assert!(outputs[3].contains("us-east-1_dev") && outputs[3].contains("laptop"), "{}", outputs[3]);
    // And everything above still goes over the wire in full.
    let wire = serde_json::to_string(&AssociateSoftwareTokenRequest::with_session(s("SESSION"))).unwrap();
    assert_eq!(wire, r#"{"Session":"SESSION-SECRET-VALUE"}"#);
}
