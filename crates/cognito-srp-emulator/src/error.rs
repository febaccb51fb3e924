//! Errors: Cognito's wire errors ([`ApiError`]) and the emulator's own ([`EmulatorError`]).

use std::fmt;

use cognito_srp_proto::ErrorCode;

/// An error as Cognito sends it: HTTP status, `__type` and `message`.
///
/// Over HTTP a client sees the status, an `x-amzn-errortype` header and the JSON body
/// `{"__type": kind, "message": message}`; from Rust, [`crate::totp_code`] returns one and
/// [`EmulatorError::Api`] wraps one. `Display` gives `kind: message`.
///
/// ```
/// use cognito_srp_emulator::{ApiError, ClientConfig, Emulator, ErrorCode, PoolConfig, totp_code};
/// use cognito_srp_proto::{AuthFlow, Operation, param, vocab};
/// # use serde_json::json;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
/// let emulator = Emulator::builder().start().await?;
/// let admin = emulator.admin();
/// let pool = admin.create_user_pool(PoolConfig::default())?;
/// let (client, _) = admin.create_client(&pool, ClientConfig::default())?;
///
/// let response = reqwest::Client::new()
///     .post(emulator.endpoint())
///     .header("content-type", vocab::CONTENT_TYPE)
///     .header(vocab::TARGET_HEADER, Operation::InitiateAuth.target())
///     .body(json!({
///         "AuthFlow": AuthFlow::UserSrpAuth,
///         "ClientId": client,
///         "AuthParameters": { (param::USERNAME): "nobody" },
///     }).to_string())
///     .send()
///     .await
///     .unwrap();
/// assert_eq!(response.status().as_u16(), 400);
/// assert_eq!(response.headers()["x-amzn-errortype"], "UserNotFoundException");
/// let body: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
/// assert_eq!(body, json!({ "__type": "UserNotFoundException", "message": "User does not exist." }));
///
/// // The same type from Rust: a TOTP secret that is not base32.
/// let err: ApiError = totp_code("not base32!", 0).unwrap_err();
/// assert_eq!((err.status, &err.code), (400, &ErrorCode::InvalidParameter));
/// assert_eq!(err.to_string(), "InvalidParameterException: TOTP secret is not base32");
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status (400 for client errors, 500 for `InternalErrorException`).
    pub status: u16,
    /// The `__type`, e.g. `NotAuthorizedException` ([`ErrorCode::NotAuthorized`]).
    pub code: ErrorCode,
    /// The `message`.
    pub message: String,
}

impl ApiError {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { status: 400, code, message: message.into() }
    }

    pub(crate) fn not_authorized(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotAuthorized, message)
    }

    /// The answer to a wrong password, signature, timestamp or unknown session.
    pub(crate) fn incorrect() -> Self {
        Self::not_authorized("Incorrect username or password.")
    }

    pub(crate) fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidParameter, message)
    }

    pub(crate) fn missing(name: &str) -> Self {
        Self::invalid_parameter(format!(
            "1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null"
        ))
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ResourceNotFound, message)
    }

    pub(crate) fn device_gone() -> Self {
        Self::not_found("Device does not exist.")
    }

    pub(crate) fn user_not_found() -> Self {
        Self::new(ErrorCode::UserNotFound, "User does not exist.")
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self { status: 500, code: ErrorCode::InternalError, message: message.into() }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

/// What can go wrong starting, seeding or administering the emulator.
///
/// ```
/// use cognito_srp_emulator::{Emulator, EmulatorError, ErrorCode, PoolConfig, Seed};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// // A seed with a typo is refused when parsed, naming the field.
/// let err = Seed::from_json(r#"{ "pools": [{ "nmae": "demo" }] }"#).unwrap_err();
/// assert!(matches!(err, EmulatorError::Seed(_)));
/// assert!(err.to_string().starts_with("invalid seed: unknown field `nmae`"), "{err}");
///
/// // A seed that parses but that Cognito would refuse stops `start`, as an `Api` error.
/// let seed = Seed::default().with_pools(vec![PoolConfig::default().with_id(Some("no-region".into()))]);
/// let err = Emulator::builder().seed(seed).start().await.unwrap_err();
/// assert!(matches!(&err, EmulatorError::Api(api) if api.code == ErrorCode::InvalidParameter));
/// assert_eq!(err.to_string(), "InvalidParameterException: Invalid user pool id");
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// Binding or serving the socket failed.
    #[error("emulator I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// A seed file is not valid JSON of the expected shape.
    #[error("invalid seed: {0}")]
    Seed(#[from] serde_json::Error),
    /// An administrative call was refused (unknown pool, duplicate user, bad value...).
    #[error("{0}")]
    Api(#[from] ApiError),
    /// The operating system's random number generator failed.
    #[error("random number generator failed")]
    Random,
}
