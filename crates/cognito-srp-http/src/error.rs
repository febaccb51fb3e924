//! Errors: what Cognito said, what the network did, and what did not make sense.

use core::fmt;

use cognito_srp_proto::ErrorCode;
use cognito_srp_proto::Operation;

/// Everything an operation or a flow can fail with.
///
/// [`Error::Service`] carries Cognito's own error type as an [`ErrorCode`]; match on
/// [`Error::code`] to react to, say, a wrong password:
///
/// ```
/// use cognito_srp_http::{Error, ErrorCode, ServiceError};
/// fn explain(err: &Error) -> &'static str {
///     match err.code() {
///         Some(ErrorCode::NotAuthorized) => "wrong user name or password",
///         Some(ErrorCode::UserNotFound) => "no such user",
///         Some(ErrorCode::CodeMismatch) => "wrong code, try again",
///         _ if err.is_retryable() => "temporary failure, try again later",
///         _ => "sign-in failed",
///     }
/// }
/// let wrong_code = ServiceError::new(ErrorCode::CodeMismatch, "Invalid code received for user", 400);
/// assert_eq!(explain(&Error::Service(wrong_code)), "wrong code, try again");
/// assert_eq!(explain(&Error::Config("no region".into())), "sign-in failed");
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
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client, "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_http::{Error, ErrorCode};
    /// let err = pool.sign_in("nobody", "Correct-Horse-9").start().await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::UserNotFound));
    /// // Errors that did not come from the server have no code.
    /// assert_eq!(Error::Config("no region".into()).code(), None);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn code(&self) -> Option<&ErrorCode> {
        match self {
            Self::Service(e) => Some(&e.code),
            _ => None,
        }
    }

    /// The service error, when the server answered with one.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client, "eu-west-1_Docs1", "app")?;
    /// let err = pool.sign_in("alice", "Wrong-Horse-9").start().await.unwrap_err();
    /// let service = err.service().ok_or("not a service error")?;
    /// assert_eq!(service.message, "Incorrect username or password.");
    /// assert_eq!(service.status, 400);
    /// assert!(service.request_id.is_some());
    /// assert_eq!(
    ///     err.to_string(),
    ///     "Cognito NotAuthorizedException (HTTP 400): Incorrect username or password."
    /// );
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(e) => Some(e),
            _ => None,
        }
    }

    /// `true` for failures that may pass when the same request is made again at once:
    /// throttling, 5xx, connection failures and answers cut short
    /// ([`ProtocolError::IncompleteBody`]).
    ///
    /// Timeouts are not: a server that is alive but slow would cost another full timeout per
    /// attempt, so the client and the flows give up at the first one (see
    /// [`crate::RetryPolicy`] and [`Error::is_timeout`]).
    ///
    /// The client retries these by itself; this one is still throttled after three attempts:
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?)
    /// #     .faults(cognito_srp_emulator::FaultConfig::default().with_throttle(1.0))
    /// #     .start().await?;
    /// # let fast = std::time::Duration::from_millis(1);
    /// # let policy = cognito_srp_http::RetryPolicy::new(3, fast, fast);
    /// # let client = cognito_srp_http::Client::builder()
    /// #     .endpoint(emulator.endpoint()).retry_policy(policy).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client, "eu-west-1_Docs1", "app")?
    /// #     .with_max_restarts(0);
    /// use cognito_srp_http::{Error, ErrorCode};
    /// let err = pool.sign_in("alice", "Correct-Horse-9").start().await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::TooManyRequests));
    /// assert!(err.is_retryable());
    /// assert_eq!(emulator.admin().fault_counters().throttled, 3);
    /// assert!(!Error::InvalidState("no MFA code was asked for").is_retryable());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Service(e) => e.is_retryable(),
            Self::Transport(e) if e.is_timeout() => false,
            Self::Transport(e) => {
                crate::platform::is_connect(e) || e.is_request() || e.is_body() || e.is_decode()
            }
            Self::Protocol(ProtocolError::UnexpectedResponse { status, .. }) => {
                *status >= 500 || *status == 429
            }
            Self::Protocol(ProtocolError::IncompleteBody { .. }) => true,
            Self::Protocol(_) | Self::Srp(_) | Self::Config(_) | Self::Random(_) | Self::InvalidState(_) => {
                false
            }
        }
    }

    /// `true` when the connection could not be opened in time, or the server did not finish
    /// its answer within the request timeout. Never retried (see [`Error::is_retryable`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let latency = std::time::Duration::from_millis(300);
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .faults(cognito_srp_emulator::FaultConfig::default().with_latency(latency))
    /// #     .start().await?;
    /// use std::time::Duration;
    /// use cognito_srp_http::{Client, operations::GetUserRequest};
    /// // The emulator takes 300 ms to answer; the default policy allows 3 attempts.
    /// let client = Client::builder()
    ///     .endpoint(emulator.endpoint())
    ///     .request_timeout(Duration::from_millis(50))
    ///     .build()?;
    /// let err = client.get_user(&GetUserRequest::new("fake-token")).await.unwrap_err();
    /// assert!(err.is_timeout() && !err.is_retryable());
    /// assert_eq!(emulator.admin().fault_counters().requests, 1); // tried once
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Transport(e) if e.is_timeout())
    }

    /// `true` when the request certainly never reached the server (the connection could not
    /// be opened), so even a request that consumes a session can be sent again.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use cognito_srp_http::{Client, Error, RetryPolicy, operations::GetUserRequest};
    /// // A port nobody listens on: the connection is refused.
    /// let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    /// let client = Client::builder()
    ///     .endpoint(format!("http://127.0.0.1:{port}"))
    ///     .retry_policy(RetryPolicy::none())
    ///     .build()?;
    /// let request = GetUserRequest::new("fake-token");
    /// let err = client.get_user(&request).await.unwrap_err();
    /// assert!(matches!(err, Error::Transport(_)));
    /// assert!(err.is_connect() && err.is_retryable());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn is_connect(&self) -> bool {
        matches!(self, Self::Transport(e) if crate::platform::is_connect(e))
    }
}

/// An error answer from Cognito.
///
/// ```
/// use cognito_srp_http::{ErrorCode, ServiceError};
/// let err = ServiceError::new(ErrorCode::NotAuthorized, "Incorrect username or password.", 400)
///     .with_request_id("6f2c0e9a-fake");
/// assert_eq!(err.request_id.as_deref(), Some("6f2c0e9a-fake"));
/// assert_eq!(
///     err.to_string(),
///     "Cognito NotAuthorizedException (HTTP 400): Incorrect username or password."
/// );
/// assert!(!err.is_retryable());
/// ```
///
/// `#[non_exhaustive]`: build one with [`ServiceError::new`]; match on it with `..`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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
    /// An error answer with `code`, `message` and HTTP `status`, and no request id.
    ///
    /// ```
    /// use cognito_srp_http::{ErrorCode, ServiceError};
    /// let err = ServiceError::new(ErrorCode::CodeMismatch, "Invalid code provided, please request a code again.", 400);
    /// assert_eq!((err.status, err.request_id), (400, None));
    /// ```
    #[must_use]
    pub fn new(code: ErrorCode, message: impl Into<String>, status: u16) -> Self {
        Self { code, message: message.into(), status, request_id: None }
    }

    /// The same error with `x-amzn-requestid` set.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Throttling, `InternalErrorException` and any 5xx.
    ///
    /// ```
    /// use cognito_srp_http::{ErrorCode, ServiceError};
    /// let error = |code, status| ServiceError::new(code, "", status);
    /// assert!(error(ErrorCode::TooManyRequests, 400).is_retryable());
    /// assert!(error(ErrorCode::Unknown("SomethingBrokeException".into()), 503).is_retryable());
    /// assert!(!error(ErrorCode::CodeMismatch, 400).is_retryable());
    /// ```
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

impl From<cognito_srp_proto::ServiceError> for ServiceError {
    fn from(err: cognito_srp_proto::ServiceError) -> Self {
        Self { code: err.code, message: err.message, status: err.status, request_id: None }
    }
}

impl From<cognito_srp_proto::ProtocolError> for ProtocolError {
    fn from(err: cognito_srp_proto::ProtocolError) -> Self {
        Self::Answer(err)
    }
}

impl From<cognito_srp_proto::ProtocolError> for Error {
    fn from(err: cognito_srp_proto::ProtocolError) -> Self {
        Self::Protocol(ProtocolError::Answer(err))
    }
}

impl From<cognito_srp_proto::Error> for Error {
    fn from(err: cognito_srp_proto::Error) -> Self {
        use cognito_srp_proto::Error as P;
        match err {
            P::Service(e) => Self::Service(e.into()),
            P::Protocol(e) => Self::Protocol(e.into()),
            P::Srp(cognito_srp_core::Error::RandomUnavailable) => {
                Self::Random("the operating system's random number generator failed".to_owned())
            }
            P::Srp(e) => Self::Srp(e),
            P::Config(why) => Self::Config(why),
            P::InvalidState(why) => Self::InvalidState(why),
            other => Self::Config(other.to_string()),
        }
    }
}

/// The server's answer did not make sense.
///
/// ```
/// use cognito_srp_http::{Error, ProtocolError};
/// let missing = Error::from(cognito_srp_proto::ProtocolError::MissingField("AuthenticationResult"));
/// assert_eq!(missing.to_string(), "AuthenticationResult is missing from the response");
/// assert!(!missing.is_retryable());
/// // A load balancer's error page: no Cognito error type, but worth another try.
/// let page = Error::from(ProtocolError::UnexpectedResponse {
///     status: 502,
///     body_prefix: "<html>Bad Gateway</html>".into(),
/// });
/// assert!(page.is_retryable());
/// ```
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
    /// An answer that does not follow Cognito's protocol, as `cognito-srp-proto` found it: a
    /// 2xx body that is not the operation's JSON, a missing field, an unexpected challenge,
    /// neither tokens nor a challenge, a `Status` other than `SUCCESS`, a server looping on SRP
    /// steps.
    #[error(transparent)]
    Answer(cognito_srp_proto::ProtocolError),
    /// A paginated listing still had a next page after the most pages this crate follows:
    /// what was read is not everything, so nothing is returned rather than a silent part.
    /// Page with the operation itself (for example [`crate::Client::list_devices`]) to read
    /// further.
    #[error("{operation} still had more pages after {pages} pages; the list is incomplete")]
    TooManyPages {
        /// The operation.
        operation: Operation,
        /// The pages read.
        pages: u32,
    },
    /// The endpoint answered with a redirect (3xx). Cognito never redirects, so it was not
    /// followed: the request body (tokens, SRP answers) goes to the configured endpoint only.
    /// Not retried.
    ///
    /// ```
    /// use cognito_srp_http::{Error, ProtocolError};
    /// let err = Error::from(ProtocolError::Redirect {
    ///     status: 307,
    ///     location: Some("https://elsewhere.example/".into()),
    /// });
    /// assert_eq!(
    ///     err.to_string(),
    ///     "the endpoint answered HTTP 307 redirecting to https://elsewhere.example/; \
    ///      Cognito never redirects, so it was not followed: check the endpoint"
    /// );
    /// assert!(!err.is_retryable());
    /// ```
    #[error(
        "the endpoint answered HTTP {status} redirecting to {}; Cognito never redirects, so it was not followed: check the endpoint",
        location.as_deref().unwrap_or("(no usable Location)")
    )]
    Redirect {
        /// The HTTP status (301, 302, 303, 307, 308, ...).
        status: u16,
        /// Where it pointed: scheme, host, port and path only (no user name, password,
        /// query or fragment), at most 200 characters; `None` without a usable `Location`.
        location: Option<String>,
    },
    /// The reqwest client given to [`crate::ClientBuilder::http_client`] followed a redirect,
    /// so the answer came from elsewhere; it is refused. Build that client with
    /// `redirect::Policy::none()`: by the time this is detected the request went there too.
    ///
    /// ```
    /// use cognito_srp_http::{Error, ProtocolError};
    /// let err = Error::from(ProtocolError::RedirectFollowed { location: "https://elsewhere.example/".into() });
    /// assert!(err.to_string().starts_with("the HTTP client followed a redirect to https://elsewhere.example/"));
    /// assert!(!err.is_retryable());
    /// ```
    #[error(
        "the HTTP client followed a redirect to {location}; Cognito never redirects, so the answer was refused: build the reqwest client with redirect::Policy::none()"
    )]
    RedirectFollowed {
        /// Where the answer came from, printed as in [`ProtocolError::Redirect`].
        location: String,
    },
    /// The answer is larger than the client accepts
    /// ([`crate::ClientBuilder::max_response_bytes`]); the connection was closed without
    /// reading the rest. Not retried.
    ///
    /// ```
    /// use cognito_srp_http::{Error, Operation, ProtocolError};
    /// let err = Error::from(ProtocolError::ResponseTooLarge { operation: Operation::GetUser, limit: 1 << 20 });
    /// assert_eq!(err.to_string(), "the answer to GetUser is larger than the limit of 1048576 bytes");
    /// assert!(!err.is_retryable());
    /// ```
    #[error("the answer to {operation} is larger than the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The operation.
        operation: Operation,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The status and headers arrived, then the connection closed (or broke) before the end
    /// of the body; or a 2xx body was complete as HTTP but its JSON stopped half-way. Like a
    /// dropped connection: retried for operations that may be sent twice;
    /// a challenge answer is not resent, the sign-in starts over from `InitiateAuth`.
    ///
    /// ```
    /// use cognito_srp_http::{Error, Operation, ProtocolError};
    /// let err = Error::from(ProtocolError::IncompleteBody {
    ///     operation: Operation::InitiateAuth,
    ///     status: 200,
    ///     received: 12,
    ///     reason: "end of file before message length reached".into(),
    /// });
    /// assert_eq!(
    ///     err.to_string(),
    ///     "the answer to InitiateAuth (HTTP 200) was cut short after 12 bytes: \
    ///      end of file before message length reached"
    /// );
    /// assert!(err.is_retryable());
    /// ```
    #[error("the answer to {operation} (HTTP {status}) was cut short after {received} bytes: {reason}")]
    IncompleteBody {
        /// The operation.
        operation: Operation,
        /// The HTTP status that arrived.
        status: u16,
        /// Body bytes received before the connection ended.
        received: usize,
        /// What the HTTP stack said.
        reason: String,
    },
}
