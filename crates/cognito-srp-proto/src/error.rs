//! Errors of the protocol layer.

use alloc::string::String;

use crate::vocab::{ErrorCode, Operation};

/// An error answer from Cognito.
///
/// ```
/// use cognito_srp_proto::{ErrorCode, ServiceError};
/// let err = ServiceError::from_response(400, None, br#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#);
/// assert_eq!(err.code, ErrorCode::NotAuthorized);
/// assert_eq!(err.message, "Incorrect username or password.");
/// assert_eq!(err.to_string(), "NotAuthorizedException: Incorrect username or password.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", code.as_str())]
#[non_exhaustive]
pub struct ServiceError {
    /// The error type.
    pub code: ErrorCode,
    /// The message (empty when none came).
    pub message: String,
    /// The HTTP status.
    pub status: u16,
}

impl ServiceError {
    /// An error with these parts.
    #[must_use]
    pub fn new(code: ErrorCode, message: impl Into<String>, status: u16) -> Self {
        Self { code, message: message.into(), status }
    }

    /// Reads a non-2xx answer: the body's `__type` and `message`, else the
    /// `x-amzn-ErrorType` header (`error_type_header`). `None` when neither names an error
    /// type (an answer from something that is not Cognito: a proxy's error page, say).
    #[must_use]
    pub fn parse(status: u16, error_type_header: Option<&str>, body: &[u8]) -> Option<Self> {
        let parsed: Option<crate::wire::ErrorBody> = crate::json::from_slice(body).ok();
        let (body_type, message) = match parsed {
            Some(body) => (body.error_type, body.message),
            None => (None, None),
        };
        let raw = body_type.or_else(|| error_type_header.map(String::from))?;
        let code = ErrorCode::from_type(&raw);
        Some(Self { code, message: message.unwrap_or_default(), status })
    }

    /// As [`ServiceError::parse`], but an answer without an error type becomes
    /// [`ErrorCode::InternalError`] for a 5xx and [`ErrorCode::Unknown`] (`HTTP <status>`)
    /// otherwise, so that a 5xx from a proxy is still retried.
    #[must_use]
    pub fn from_response(status: u16, error_type_header: Option<&str>, body: &[u8]) -> Self {
        Self::parse(status, error_type_header, body).unwrap_or_else(|| {
            let code = if status >= 500 {
                ErrorCode::InternalError
            } else {
                ErrorCode::Unknown(alloc::format!("HTTP {status}"))
            };
            Self { code, message: String::new(), status }
        })
    }

    /// Throttling (by its type or HTTP 429) or a server fault: the request may succeed if
    /// sent again.
    ///
    /// ```
    /// use cognito_srp_proto::{ErrorCode, ServiceError};
    /// assert!(ServiceError::new(ErrorCode::Unknown("SlowDown".into()), "", 429).is_transient());
    /// assert!(ServiceError::new(ErrorCode::Unknown("Oops".into()), "", 502).is_transient());
    /// assert!(!ServiceError::new(ErrorCode::NotAuthorized, "", 400).is_transient());
    /// ```
    #[must_use]
    pub fn is_transient(&self) -> bool {
        self.code.is_throttling() || self.code.is_server_fault() || self.status >= 500 || self.status == 429
    }

    /// Cognito no longer knows the device the call named ("Device does not exist.").
    #[must_use]
    pub fn is_device_gone(&self) -> bool {
        self.code == ErrorCode::ResourceNotFound && self.message.to_ascii_lowercase().contains("device")
    }
}

/// An answer that does not follow the protocol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProtocolError {
    /// A body that does not parse as the operation's answer.
    #[error("{operation} answered with a body that does not parse: {reason}")]
    InvalidBody {
        /// The operation.
        operation: Operation,
        /// What the parser said.
        reason: String,
    },
    /// A challenge this sign-in cannot answer at this point.
    #[error("unexpected challenge {0}")]
    UnexpectedChallenge(String),
    /// A field the protocol requires is missing.
    #[error("{0} is missing from the response")]
    MissingField(&'static str),
    /// An answer with a `Status` other than `SUCCESS`.
    #[error("{operation} answered Status {status}")]
    UnsuccessfulStatus {
        /// The operation.
        operation: Operation,
        /// The status.
        status: String,
    },
    /// Neither tokens nor a challenge.
    #[error("the response has neither AuthenticationResult nor ChallengeName")]
    EmptyAuthResponse,
    /// The server asked for SRP steps in a loop.
    #[error("too many SRP steps in a row ({0})")]
    TooManySteps(u32),
}

/// An error of the protocol layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Cognito answered with an error.
    #[error(transparent)]
    Service(ServiceError),
    /// The answer does not follow the protocol.
    #[error(transparent)]
    Protocol(ProtocolError),
    /// The SRP math refused a value (a bad `SRP_B`, salt, ...).
    #[error("SRP: {0}")]
    Srp(cognito_srp_core::Error),
    /// A bad setting (a pool id that is not `<region>_<id>`, ...).
    #[error("configuration: {0}")]
    Config(String),
    /// A call made in the wrong state (answering an MFA code when none was asked for, ...).
    #[error("invalid state: {0}")]
    InvalidState(&'static str),
    /// A request could not be written as JSON.
    #[error("cannot encode {operation}: {reason}")]
    Encode {
        /// The operation.
        operation: Operation,
        /// What the encoder said.
        reason: String,
    },
}

impl From<cognito_srp_core::Error> for Error {
    fn from(err: cognito_srp_core::Error) -> Self {
        Self::Srp(err)
    }
}

impl From<ProtocolError> for Error {
    fn from(err: ProtocolError) -> Self {
        Self::Protocol(err)
    }
}

impl From<ServiceError> for Error {
    fn from(err: ServiceError) -> Self {
        Self::Service(err)
    }
}
