//! Errors: Cognito's wire errors ([`ApiError`]) and the emulator's own ([`EmulatorError`]).

use std::fmt;

/// An error as Cognito sends it: HTTP status, `__type` and `message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status (400 for client errors, 500 for `InternalErrorException`).
    pub status: u16,
    /// The `__type`, e.g. `NotAuthorizedException`.
    pub kind: &'static str,
    /// The `message`.
    pub message: String,
}

impl ApiError {
    pub(crate) fn new(kind: &'static str, message: impl Into<String>) -> Self {
        Self { status: 400, kind, message: message.into() }
    }

    pub(crate) fn not_authorized(message: impl Into<String>) -> Self {
        Self::new("NotAuthorizedException", message)
    }

    /// The answer to a wrong password, signature, timestamp or unknown session.
    pub(crate) fn incorrect() -> Self {
        Self::not_authorized("Incorrect username or password.")
    }

    pub(crate) fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new("InvalidParameterException", message)
    }

    pub(crate) fn missing(name: &str) -> Self {
        Self::invalid_parameter(format!(
            "1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null"
        ))
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new("ResourceNotFoundException", message)
    }

    pub(crate) fn device_gone() -> Self {
        Self::not_found("Device does not exist.")
    }

    pub(crate) fn user_not_found() -> Self {
        Self::new("UserNotFoundException", "User does not exist.")
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self { status: 500, kind: "InternalErrorException", message: message.into() }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for ApiError {}

/// What can go wrong starting, seeding or administering the emulator.
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
