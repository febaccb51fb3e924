//! Errors: what Cognito said, what the network did, and what did not make sense.

use core::fmt;

/// Everything an operation or a flow can fail with.
///
/// [`Error::Service`] carries Cognito's own error type as an [`ErrorCode`]; match on
/// [`Error::code`] to react to, say, a wrong password:
///
/// ```
/// use cognito_srp_http::{Error, ErrorCode};
/// fn explain(err: &Error) -> &'static str {
///     match err.code() {
///         Some(ErrorCode::NotAuthorized) => "wrong user name or password",
///         Some(ErrorCode::UserNotFound) => "no such user",
///         Some(ErrorCode::CodeMismatch) => "wrong code, try again",
///         _ if err.is_retryable() => "temporary failure, try again later",
///         _ => "sign-in failed",
///     }
/// }
/// # let _ = explain;
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Cognito answered with an error (`__type` and `message`).
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// The request did not complete: connection refused or dropped, timeout, TLS.
    #[error("request to Cognito failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// Cognito's answer did not make sense: a missing field, an unexpected challenge, a body
    /// that is not JSON.
    #[error(transparent)]
    Protocol(#[from] ProtocolError),
    /// A challenge value could not be used for SRP (bad hex, B = 0 mod N, ...).
    #[error("SRP: {0}")]
    Srp(#[from] cognito_srp_core::Error),
    /// The client could not be set up (no region, bad endpoint URL, bad pool id).
    #[error("configuration: {0}")]
    Config(String),
    /// The operating system's random number generator failed.
    #[error("no randomness from the operating system: {0}")]
    Random(String),
    /// A sign-in method was called when the flow was not waiting for it (for example
    /// answering an MFA code when the server asked for a new password).
    #[error("sign-in step out of order: {0}")]
    InvalidState(&'static str),
}

impl Error {
    /// Cognito's error type, when the server answered with one.
    #[must_use]
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            Self::Service(e) => Some(&e.code),
            _ => None,
        }
    }

    /// The service error, when the server answered with one.
    #[must_use]
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(e) => Some(e),
            _ => None,
        }
    }

    /// `true` for failures that may pass when the same request is made again later:
    /// throttling, 5xx, timeouts and connection failures.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Service(e) => e.is_retryable(),
            Self::Transport(e) => e.is_connect() || e.is_timeout() || e.is_request() || e.is_body(),
            Self::Protocol(ProtocolError::UnexpectedResponse { status, .. }) => {
                *status >= 500 || *status == 429
            }
            Self::Protocol(_) | Self::Srp(_) | Self::Config(_) | Self::Random(_) | Self::InvalidState(_) => {
                false
            }
        }
    }

    /// `true` when the request certainly never reached the server (the connection could not
    /// be opened), so even a request that consumes a session can be sent again.
    #[must_use]
    pub fn is_connect(&self) -> bool {
        matches!(self, Self::Transport(e) if e.is_connect())
    }
}

/// An error answer from Cognito.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The error type, from `__type` (or the `x-amzn-errortype` header).
    pub code: ErrorCode,
    /// The human-readable message; may be empty.
    pub message: String,
    /// The HTTP status.
    pub status: u16,
    /// `x-amzn-requestid`, for support cases.
    pub request_id: Option<String>,
}

impl ServiceError {
    /// Throttling, `InternalErrorException` and any 5xx.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        self.status >= 500
            || self.status == 429
            || matches!(
                self.code,
                ErrorCode::TooManyRequests
                    | ErrorCode::Throttling
                    | ErrorCode::InternalError
                    | ErrorCode::ServiceUnavailable
            )
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cognito {} (HTTP {})", self.code, self.status)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

impl core::error::Error for ServiceError {}

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident => $wire:literal, )*) => {
        /// Cognito's error types (`__type` without its `prefix#`).
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
            /// Any other type, as sent.
            Unknown(String),
        }

        impl ErrorCode {
            /// Reads a `__type` or `x-amzn-errortype` value: strips a namespace before `#` and
            /// anything after `:` (the header's form), then names the type.
            ///
            /// ```
            /// use cognito_srp_http::ErrorCode;
            /// assert_eq!(
            ///     ErrorCode::parse("com.amazonaws.cognito.identity.idp.model#NotAuthorizedException"),
            ///     ErrorCode::NotAuthorized
            /// );
            /// assert_eq!(ErrorCode::parse("UserNotFoundException:http://internal.amazon.com/"), ErrorCode::UserNotFound);
            /// assert_eq!(ErrorCode::parse("NewThingException"), ErrorCode::Unknown("NewThingException".into()));
            /// ```
            #[must_use]
            pub fn parse(raw: &str) -> Self {
                let name = raw.rsplit('#').next().unwrap_or(raw);
                let name = name.split(':').next().unwrap_or(name).trim();
                match name {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// The wire name (`NotAuthorizedException`, ...).
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(s) => s,
                }
            }
        }
    };
}

error_codes! {
    /// `NotAuthorizedException`: wrong password, disabled user, bad or revoked token, bad secret hash.
    NotAuthorized => "NotAuthorizedException",
    /// `UserNotFoundException`.
    UserNotFound => "UserNotFoundException",
    /// `UserNotConfirmedException`: sign-up not confirmed yet.
    UserNotConfirmed => "UserNotConfirmedException",
    /// `PasswordResetRequiredException`.
    PasswordResetRequired => "PasswordResetRequiredException",
    /// `CodeMismatchException`: wrong MFA or confirmation code.
    CodeMismatch => "CodeMismatchException",
    /// `ExpiredCodeException`.
    ExpiredCode => "ExpiredCodeException",
    /// `TooManyRequestsException`: throttled.
    TooManyRequests => "TooManyRequestsException",
    /// `ThrottlingException`: throttled (generic AWS form).
    Throttling => "ThrottlingException",
    /// `TooManyFailedAttemptsException`.
    TooManyFailedAttempts => "TooManyFailedAttemptsException",
    /// `LimitExceededException`.
    LimitExceeded => "LimitExceededException",
    /// `InvalidParameterException`.
    InvalidParameter => "InvalidParameterException",
    /// `InvalidPasswordException`: the new password breaks the pool's policy.
    InvalidPassword => "InvalidPasswordException",
    /// `PasswordHistoryPolicyViolationException`.
    PasswordHistoryPolicyViolation => "PasswordHistoryPolicyViolationException",
    /// `ResourceNotFoundException`: unknown client, pool or device.
    ResourceNotFound => "ResourceNotFoundException",
    /// `InternalErrorException`.
    InternalError => "InternalErrorException",
    /// `ServiceUnavailableException`.
    ServiceUnavailable => "ServiceUnavailableException",
    /// `InvalidUserPoolConfigurationException`.
    InvalidUserPoolConfiguration => "InvalidUserPoolConfigurationException",
    /// `InvalidLambdaResponseException`.
    InvalidLambdaResponse => "InvalidLambdaResponseException",
    /// `UnexpectedLambdaException`.
    UnexpectedLambda => "UnexpectedLambdaException",
    /// `UserLambdaValidationException`.
    UserLambdaValidation => "UserLambdaValidationException",
    /// `InvalidSmsRoleAccessPolicyException`.
    InvalidSmsRoleAccessPolicy => "InvalidSmsRoleAccessPolicyException",
    /// `InvalidSmsRoleTrustRelationshipException`.
    InvalidSmsRoleTrustRelationship => "InvalidSmsRoleTrustRelationshipException",
    /// `InvalidEmailRoleAccessPolicyException`.
    InvalidEmailRoleAccessPolicy => "InvalidEmailRoleAccessPolicyException",
    /// `CodeDeliveryFailureException`.
    CodeDeliveryFailure => "CodeDeliveryFailureException",
    /// `MFAMethodNotFoundException`.
    MfaMethodNotFound => "MFAMethodNotFoundException",
    /// `SoftwareTokenMFANotFoundException`.
    SoftwareTokenMfaNotFound => "SoftwareTokenMFANotFoundException",
    /// `EnableSoftwareTokenMFAException`.
    EnableSoftwareTokenMfa => "EnableSoftwareTokenMFAException",
    /// `AliasExistsException`.
    AliasExists => "AliasExistsException",
    /// `UsernameExistsException`.
    UsernameExists => "UsernameExistsException",
    /// `ConcurrentModificationException`.
    ConcurrentModification => "ConcurrentModificationException",
    /// `DeviceKeyExistsException`.
    DeviceKeyExists => "DeviceKeyExistsException",
    /// `ForbiddenException` (AWS WAF blocked the request).
    Forbidden => "ForbiddenException",
    /// `UnauthorizedException`.
    Unauthorized => "UnauthorizedException",
    /// `UnsupportedOperationException`.
    UnsupportedOperation => "UnsupportedOperationException",
    /// `UnsupportedTokenTypeException`.
    UnsupportedTokenType => "UnsupportedTokenTypeException",
    /// `InvalidOAuthFlowException`.
    InvalidOAuthFlow => "InvalidOAuthFlowException",
    /// `UnknownOperationException`: the endpoint does not know the `X-Amz-Target`.
    UnknownOperation => "UnknownOperationException",
    /// `SerializationException`: the request body was not understood.
    Serialization => "SerializationException",
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The server's answer did not make sense.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProtocolError {
    /// An error status without a recognisable error type (for example a 502 HTML page).
    #[error("HTTP {status} without a Cognito error type: {body_prefix:?}")]
    UnexpectedResponse {
        /// The HTTP status.
        status: u16,
        /// The first 200 characters of the body.
        body_prefix: String,
    },
    /// A 2xx body that is not the JSON the operation returns.
    #[error("{operation} answered with a body that does not parse: {reason}")]
    InvalidBody {
        /// The operation.
        operation: &'static str,
        /// What serde said.
        reason: String,
    },
    /// A challenge this client cannot answer, or one that makes no sense at this point.
    #[error("unexpected challenge {0}")]
    UnexpectedChallenge(String),
    /// A required field or challenge parameter is absent.
    #[error("{0} is missing from the response")]
    MissingField(&'static str),
    /// Neither tokens nor a challenge came back.
    #[error("the response has neither AuthenticationResult nor ChallengeName")]
    EmptyAuthResponse,
    /// The flow restarted as often as allowed and still failed.
    #[error("gave up after {0} restarts of the sign-in")]
    TooManyRestarts(u32),
}
