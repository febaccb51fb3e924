//! Refreshing tokens as a small sans-IO machine: `GetTokensFromRefreshToken` (which rotates
//! the refresh token on app clients with rotation), `InitiateAuth` with
//! `REFRESH_TOKEN_AUTH`, or the first with a fallback to the second ([`RefreshMethod`]).

use alloc::string::String;
use core::fmt;

use crate::call::{Call, Request, parse_body};
use crate::error::{Error, ServiceError};
use crate::secret::{Parameters, SecretString};
use crate::sign_in::AppClient;
use crate::tokens::Tokens;
use crate::vocab::{ErrorCode, Operation};
use crate::wire::{AuthResponse, GetTokensFromRefreshTokenResponse, UserContextData};

/// Which operation a refresh uses.
///
/// ```
/// use cognito_srp_proto::RefreshMethod;
/// assert_eq!(RefreshMethod::default(), RefreshMethod::Auto);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefreshMethod {
    /// `GetTokensFromRefreshToken` only. On an app client with refresh token rotation the
    /// answer carries a new refresh token, and the old one stops working after the client's
    /// grace period; without rotation the old one stays. Sends `ClientSecret`, `DeviceKey`
    /// and `ClientMetadata`; the operation has no `UserContextData`.
    GetTokens,
    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH` only: never rotates, and Cognito refuses it
    /// on app clients with rotation. Sends `SECRET_HASH` (of the internal user name),
    /// `DEVICE_KEY`, `ClientMetadata` and `UserContextData`.
    RefreshTokenAuth,
    /// The default: [`RefreshMethod::GetTokens`], then [`RefreshMethod::RefreshTokenAuth`]
    /// once when the service does not offer `GetTokensFromRefreshToken` (see
    /// [`RefreshFailure::is_unsupported_operation`]: older emulators and moto). Never after
    /// an authentication error, throttling or a lost answer: those are reported as they
    /// came.
    #[default]
    Auto,
}

impl RefreshMethod {
    /// The operation this method sends first.
    ///
    /// ```
    /// use cognito_srp_proto::{Operation, RefreshMethod};
    /// assert_eq!(RefreshMethod::Auto.first_operation(), Operation::GetTokensFromRefreshToken);
    /// assert_eq!(RefreshMethod::RefreshTokenAuth.first_operation(), Operation::InitiateAuth);
    /// ```
    #[must_use]
    pub fn first_operation(self) -> Operation {
        match self {
            Self::GetTokens | Self::Auto => Operation::GetTokensFromRefreshToken,
            Self::RefreshTokenAuth => Operation::InitiateAuth,
        }
    }
}

/// How a refresh call failed, as the driver saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefreshFailure<'a> {
    /// The service answered with an error type (`__type` or `x-amzn-ErrorType`).
    Service(&'a ServiceError),
    /// The service answered an error status without any error type (an HTML page, say):
    /// not Cognito's answer. moto 5.2.5 answers an operation it does not implement with an
    /// HTML `500 Internal Server Error`.
    Untyped {
        /// The HTTP status.
        status: u16,
    },
    /// Anything else: a transport failure, a timeout, a body cut short, a local error.
    Other,
}

impl RefreshFailure<'_> {
    /// Whether the answer says the service does not offer the operation sent: Cognito's
    /// (and this project's emulator's) `UnknownOperationException`,
    /// `OperationNotEnabledException` (the operation is not available in this region or
    /// pool configuration), any `501 Not Implemented`, or an untyped `500` (moto's answer
    /// to an operation it lacks). Authentication errors (`NotAuthorizedException`,
    /// `RefreshTokenReuseException`, ...), throttling and transport failures are not.
    ///
    /// ```
    /// use cognito_srp_proto::{ErrorCode, RefreshFailure, ServiceError};
    /// let unknown = ServiceError::new(ErrorCode::UnknownOperation, "", 400);
    /// assert!(RefreshFailure::Service(&unknown).is_unsupported_operation());
    /// assert!(RefreshFailure::Untyped { status: 500 }.is_unsupported_operation());
    /// let refused = ServiceError::new(ErrorCode::NotAuthorized, "Invalid Refresh Token", 400);
    /// assert!(!RefreshFailure::Service(&refused).is_unsupported_operation());
    /// assert!(!RefreshFailure::Untyped { status: 502 }.is_unsupported_operation());
    /// assert!(!RefreshFailure::Other.is_unsupported_operation());
    /// ```
    #[must_use]
    pub fn is_unsupported_operation(&self) -> bool {
        match self {
            Self::Service(err) => {
                err.status == 501
                    || matches!(err.code, ErrorCode::UnknownOperation | ErrorCode::OperationNotEnabled)
            }
            Self::Untyped { status } => matches!(status, 500 | 501),
            Self::Other => false,
        }
    }
}

/// A refresh: one call, or two when [`RefreshMethod::Auto`] falls back.
///
/// [`Refresh::start`] gives the first [`Call`]; feed a 2xx answer to [`Refresh::on_reply`],
/// which yields the [`Tokens`], or a failure to [`Refresh::on_failure`], which gives the
/// fallback call or `None` (report the error). The returned [`Tokens::refresh_token`] is the
/// new refresh token when the app client rotates them, else the one passed in: **store it
/// after every refresh**, or the next refresh fails once the grace period is over.
///
/// Both operations may be resent after a transient failure ([`crate::Resend::Idempotent`];
/// see [`Operation::resend`] for why that holds for a rotating refresh too); the fallback
/// is this machine's and happens at most once.
///
/// ```
/// use cognito_srp_proto::{
///     AppClient, ErrorCode, Operation, Refresh, RefreshFailure, RefreshMethod, Request, SecretString,
///     ServiceError,
/// };
/// let client = AppClient::new("us-east-1_X", "c")?;
/// let mut refresh = Refresh::new(client, "rt-1", "alice", None);
/// let call = refresh.start();
/// assert_eq!(call.request.operation(), Operation::GetTokensFromRefreshToken);
/// // A service without the operation: fall back to REFRESH_TOKEN_AUTH.
/// let unknown = ServiceError::new(ErrorCode::UnknownOperation, "", 400);
/// let fallback = refresh.on_failure(RefreshFailure::Service(&unknown)).ok_or("no fallback")?;
/// assert_eq!(fallback.request.operation(), Operation::InitiateAuth);
/// assert_eq!(refresh.method_used(), Some(RefreshMethod::RefreshTokenAuth));
/// let body = br#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":3600,"TokenType":"Bearer"}}"#;
/// let tokens = refresh.on_reply(body)?;
/// assert_eq!(tokens.refresh_token.as_ref().map(SecretString::expose_secret), Some("rt-1"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Refresh {
    client: AppClient,
    refresh_token: SecretString,
    username: String,
    device_key: Option<String>,
    method: RefreshMethod,
    client_metadata: Option<Parameters>,
    user_context_data: Option<UserContextData>,
    /// The method of the call in flight, if any.
    in_flight: Option<RefreshMethod>,
    /// The method of the last call sent.
    used: Option<RefreshMethod>,
}

impl fmt::Debug for Refresh {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Refresh")
            .field("client", &self.client)
            .field("username", &self.username)
            .field("device_key", &self.device_key)
            .field("method", &self.method)
            .field("in_flight", &self.in_flight)
            .finish_non_exhaustive()
    }
}

impl Refresh {
    /// A refresh of `refresh_token` with [`RefreshMethod::Auto`]. `username` is the internal
    /// user name ([`crate::SignedIn::username`]), used only for `SECRET_HASH` on
    /// `REFRESH_TOKEN_AUTH`; `device_key` the device the tokens were issued to, if any.
    #[must_use]
    pub fn new(
        client: AppClient,
        refresh_token: impl Into<SecretString>,
        username: impl Into<String>,
        device_key: Option<String>,
    ) -> Self {
        Self {
            client,
            refresh_token: refresh_token.into(),
            username: username.into(),
            device_key: device_key.filter(|k| !k.is_empty()),
            method: RefreshMethod::Auto,
            client_metadata: None,
            user_context_data: None,
            in_flight: None,
            used: None,
        }
    }

    /// With `method` instead of [`RefreshMethod::Auto`].
    #[must_use]
    pub fn method(mut self, method: RefreshMethod) -> Self {
        self.method = method;
        self
    }

    /// With `ClientMetadata` for the pool's Lambda triggers (sent by both operations).
    #[must_use]
    pub fn client_metadata(mut self, metadata: Parameters) -> Self {
        self.client_metadata = Some(metadata);
        self
    }

    /// With `UserContextData` for threat protection. Only `REFRESH_TOKEN_AUTH` carries it:
    /// `GetTokensFromRefreshToken` has no such member in Cognito's API.
    #[must_use]
    pub fn user_context_data(mut self, context: UserContextData) -> Self {
        self.user_context_data = Some(context);
        self
    }

    /// The method of the last call sent (`None` before [`Refresh::start`]):
    /// [`RefreshMethod::GetTokens`] or [`RefreshMethod::RefreshTokenAuth`], never `Auto`.
    #[must_use]
    pub fn method_used(&self) -> Option<RefreshMethod> {
        self.used
    }

    /// The first call (again from the start when called again).
    pub fn start(&mut self) -> Call {
        let method = match self.method {
            RefreshMethod::RefreshTokenAuth => RefreshMethod::RefreshTokenAuth,
            RefreshMethod::GetTokens | RefreshMethod::Auto => RefreshMethod::GetTokens,
        };
        self.send(method)
    }

    fn send(&mut self, method: RefreshMethod) -> Call {
        self.in_flight = Some(method);
        self.used = Some(method);
        let device_key = self.device_key.as_deref();
        let request = if method == RefreshMethod::RefreshTokenAuth {
            let mut request = self.client.refresh_request(&self.refresh_token, &self.username, device_key);
            request.client_metadata.clone_from(&self.client_metadata);
            request.user_context_data.clone_from(&self.user_context_data);
            Request::InitiateAuth(request)
        } else {
            let mut request = self.client.get_tokens_request(&self.refresh_token, device_key);
            request.client_metadata.clone_from(&self.client_metadata);
            Request::GetTokensFromRefreshToken(request)
        };
        Call::now(request)
    }

    /// Feeds the 2xx answer to the call in flight: the new tokens, with the rotated refresh
    /// token when one came and the one refreshed otherwise.
    ///
    /// # Errors
    /// [`Error::InvalidState`] when no call is in flight; [`Error::Protocol`] for an answer
    /// that is not the operation's or has no `AuthenticationResult` (a challenge, say).
    pub fn on_reply(&mut self, body: &[u8]) -> Result<Tokens, Error> {
        match self.in_flight.take() {
            Some(RefreshMethod::RefreshTokenAuth) => {
                let response: AuthResponse = parse_body(Operation::InitiateAuth, body)?;
                Tokens::from_refresh(response, &self.refresh_token)
            }
            Some(_) => {
                let response: GetTokensFromRefreshTokenResponse =
                    parse_body(Operation::GetTokensFromRefreshToken, body)?;
                Tokens::from_get_tokens(response, &self.refresh_token)
            }
            None => Err(Error::InvalidState("no refresh call is in flight")),
        }
    }

    /// Feeds the failure of the call in flight: `Some(call)` to send instead when
    /// [`RefreshMethod::Auto`] falls back to `REFRESH_TOKEN_AUTH` (only after
    /// `GetTokensFromRefreshToken` and only when
    /// [`RefreshFailure::is_unsupported_operation`]); `None` to report the error.
    pub fn on_failure(&mut self, failure: RefreshFailure<'_>) -> Option<Call> {
        let sent = self.in_flight.take();
        let fall_back = self.method == RefreshMethod::Auto
            && sent == Some(RefreshMethod::GetTokens)
            && failure.is_unsupported_operation();
        fall_back.then(|| self.send(RefreshMethod::RefreshTokenAuth))
    }
}
