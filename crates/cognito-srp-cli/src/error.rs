//! What can go wrong, how it is shown on stderr, and which exit code it gives.

use cognito_srp_http::{Error as HttpError, ErrorCode};

use crate::output;

/// Exit code of a refused authentication or a failed request.
pub(crate) const EXIT_FAILURE: u8 = 1;
/// Exit code of a usage error: bad or missing arguments, input that cannot be asked for.
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code of an answer printed incomplete (`devices list` stopped before the last page).
pub(crate) const EXIT_INCOMPLETE: u8 = 3;

/// Why a command failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Cognito refused (wrong password, bad code, bad token), or the request failed.
    Failure,
    /// The command line or its input is wrong or incomplete.
    Usage,
    /// What was printed is only part of the answer.
    Incomplete,
}

/// A failed command: a one-line message, the Cognito error type when there is one, and a
/// hint about what to do.
#[derive(Debug)]
pub(crate) struct CliError {
    kind: Kind,
    message: String,
    cognito_type: Option<String>,
    hint: Option<String>,
}

impl CliError {
    /// A usage error (exit 2).
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self { kind: Kind::Usage, message: message.into(), cognito_type: None, hint: None }
    }

    /// A failure (exit 1).
    pub(crate) fn failure(message: impl Into<String>) -> Self {
        Self { kind: Kind::Failure, message: message.into(), cognito_type: None, hint: None }
    }

    /// An incomplete answer (exit 3): reported as a warning.
    pub(crate) fn incomplete(message: impl Into<String>) -> Self {
        Self { kind: Kind::Incomplete, message: message.into(), cognito_type: None, hint: None }
    }

    /// Adds a hint line.
    #[must_use]
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Prefixes the message with what was being done.
    #[must_use]
    pub(crate) fn context(mut self, doing: &str) -> Self {
        self.message = format!("{doing}: {}", self.message);
        self
    }

    /// The exit code.
    pub(crate) fn exit_code(&self) -> u8 {
        match self.kind {
            Kind::Failure => EXIT_FAILURE,
            Kind::Usage => EXIT_USAGE,
            Kind::Incomplete => EXIT_INCOMPLETE,
        }
    }

    /// The kind.
    #[cfg(test)]
    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }

    /// The message.
    #[cfg(test)]
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// The hint, if any.
    #[cfg(test)]
    pub(crate) fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// Writes the error to stderr.
    pub(crate) fn report(&self) {
        let label = if self.kind == Kind::Incomplete { "warning" } else { "error" };
        output::error_line(&format!("{label}: {}", self.message));
        if let Some(t) = &self.cognito_type {
            output::error_line(&format!("  Cognito error type: {t}"));
        }
        if let Some(h) = &self.hint {
            output::error_line(&format!("  hint: {h}"));
        }
        if self.kind == Kind::Usage {
            output::error_line("  (run with --help for usage and examples)");
        }
    }
}

impl From<HttpError> for CliError {
    fn from(err: HttpError) -> Self {
        let hint = hint_for(&err);
        let kind = match &err {
            HttpError::Config(_) => Kind::Usage,
            _ => Kind::Failure,
        };
        let cognito_type = err.service().map(|e| e.code.as_str().to_owned());
        let message = match err.service() {
            Some(service) if service.message.is_empty() => {
                format!("Cognito refused (HTTP {})", service.status)
            }
            Some(service) => format!("{} (HTTP {})", service.message, service.status),
            None => err.to_string(),
        };
        Self { kind, message, cognito_type, hint }
    }
}

/// A hint for the errors people meet most, from the error type and message.
fn hint_for(err: &HttpError) -> Option<String> {
    let hint = if let Some(service) = err.service() {
        let message = service.message.to_ascii_lowercase();
        match &service.code {
            ErrorCode::NotAuthorized if message.contains("invalid refresh token") => {
                "the device key is missing or the device was never confirmed: tokens issued to a \
                 tracked device refresh only with its DEVICE_KEY (pass --device-file or --device-key); \
                 otherwise the refresh token is wrong, expired or from another app client"
            }
            ErrorCode::NotAuthorized
                if message.contains("secret hash") || message.contains("secret_hash") =>
            {
                "the app client has a client secret: set COGNITO_CLIENT_SECRET or pass --client-secret-file, \
                 and check it belongs to this --client-id; for refresh, SECRET_HASH uses the internal \
                 user name (cognito:username), not an email or phone alias: pass --device-file, the \
                 login JSON on stdin, or that --username"
            }
            ErrorCode::NotAuthorized if message.contains("revoked") => {
                "the user signed out (GlobalSignOut) or the token was revoked: sign in again"
            }
            ErrorCode::NotAuthorized if message.contains("access token") => {
                "the access token is expired, revoked or from another pool: sign in again"
            }
            ErrorCode::NotAuthorized => {
                "wrong user name or password (Cognito does not say which), or the user is disabled"
            }
            ErrorCode::RefreshTokenReuse => {
                "the app client rotates refresh tokens and this one was replaced by a refresh: use \
                 the newest RefreshToken (refresh --tokens-file keeps it), or sign in again"
            }
            ErrorCode::InvalidParameter if message.contains("rotation") => {
                "the app client rotates refresh tokens, so REFRESH_TOKEN_AUTH is refused: use \
                 --method get-tokens (or auto)"
            }
            ErrorCode::UserNotFound => "no such user in this pool: check --username and --pool-id",
            ErrorCode::UserNotConfirmed => "the user has not confirmed the sign-up yet",
            ErrorCode::PasswordResetRequired => {
                "an administrator reset this password: use the forgot-password flow"
            }
            ErrorCode::CodeMismatch => {
                "wrong MFA code; authenticator codes change every 30 seconds and need a correct clock"
            }
            ErrorCode::ExpiredCode => "the code or the sign-in session expired: sign in again",
            ErrorCode::InvalidPassword => "the new password breaks the pool's password policy",
            ErrorCode::ResourceNotFound if message.contains("device") => {
                "the device is unknown to Cognito (forgotten or never confirmed): delete the device file \
                 and sign in again to confirm a new one"
            }
            ErrorCode::ResourceNotFound => {
                "check --pool-id, --client-id and the endpoint's region (the pool id's prefix)"
            }
            ErrorCode::InvalidParameter if message.contains("auth flow") || message.contains("srp") => {
                "enable ALLOW_USER_SRP_AUTH (and ALLOW_REFRESH_TOKEN_AUTH) on the app client"
            }
            ErrorCode::TooManyRequests | ErrorCode::Throttling | ErrorCode::LimitExceeded => {
                "Cognito is throttling requests: wait a little and try again"
            }
            ErrorCode::TooManyFailedAttempts => "too many failed attempts: wait before trying again",
            _ => return None,
        }
    } else {
        match err {
            HttpError::Transport(_) => {
                "could not reach the endpoint: check --endpoint / COGNITO_ENDPOINT, the pool id's \
                 region and the network"
            }
            HttpError::Srp(_) => "the server's SRP values are unusable: is the endpoint really Cognito?",
            _ => return None,
        }
    };
    Some(hint.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_srp_http::ServiceError;

    fn service(code: ErrorCode, message: &str) -> HttpError {
        HttpError::Service(ServiceError::new(code, message, 400))
    }

    #[test]
    fn invalid_refresh_token_names_the_device_key() {
        let err = CliError::from(service(ErrorCode::NotAuthorized, "Invalid Refresh Token"));
        assert_eq!(err.exit_code(), EXIT_FAILURE);
        assert_eq!(err.cognito_type.as_deref(), Some("NotAuthorizedException"));
        assert!(err.hint.as_deref().is_some_and(|h| h.contains("device key is missing")));
        assert!(err.message.contains("Invalid Refresh Token"));
    }

    #[test]
    fn rotation_errors_say_what_to_do() {
        let err = CliError::from(service(ErrorCode::RefreshTokenReuse, "Refresh token has been rotated"));
        assert!(err.hint.as_deref().is_some_and(|h| h.contains("--tokens-file")), "{:?}", err.hint);
        let err = CliError::from(service(
            ErrorCode::InvalidParameter,
            "Refresh token rotation is enabled for this client: REFRESH_TOKEN_AUTH is not supported",
        ));
        assert!(err.hint.as_deref().is_some_and(|h| h.contains("--method get-tokens")), "{:?}", err.hint);
    }

    #[test]
    fn secret_hash_hint_names_the_option() {
        let err =
            CliError::from(service(ErrorCode::NotAuthorized, "Unable to verify secret hash for client x"));
        assert!(err.hint.as_deref().is_some_and(|h| h.contains("--client-secret")));
    }

    #[test]
    fn config_errors_are_usage_errors() {
        let err = CliError::from(HttpError::Config("bad pool id".into()));
        assert_eq!(err.kind(), Kind::Usage);
        assert_eq!(err.exit_code(), EXIT_USAGE);
    }

    #[test]
    fn unknown_types_keep_their_name() {
        let err = CliError::from(service(ErrorCode::Unknown("NewThingException".into()), ""));
        assert_eq!(err.cognito_type.as_deref(), Some("NewThingException"));
        assert!(err.hint.is_none());
        assert!(err.message.contains("HTTP 400"));
    }
}
