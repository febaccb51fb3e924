//! What a sign-in yields: [`Tokens`] and [`DeviceCredentials`].

use alloc::string::String;

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::error::{Error, ProtocolError};
use crate::secret::SecretString;
use crate::wire::{AuthResponse, AuthenticationResult, GetTokensFromRefreshTokenResponse};

/// The tokens of a signed-in user (redacted in `Debug`, zeroized on drop).
///
/// ```
/// use cognito_srp_proto::Tokens;
/// let tokens: Tokens = serde_json::from_str(
///     r#"{"access_token":"a.b.c","id_token":"d.e.f","refresh_token":null,"expires_in":3600,"token_type":"Bearer"}"#,
/// )?;
/// assert_eq!(tokens.expires_in, 3600);
/// assert!(!format!("{tokens:?}").contains("a.b.c"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Tokens {
    /// The access token.
    pub access_token: SecretString,
    /// The ID token.
    pub id_token: SecretString,
    /// The refresh token, when one came.
    pub refresh_token: Option<SecretString>,
    /// Seconds until the access and ID tokens expire.
    pub expires_in: u64,
    /// `Bearer`.
    pub token_type: String,
}

impl Tokens {
    /// The tokens of a `REFRESH_TOKEN_AUTH` answer ([`crate::AppClient::refresh_request`]).
    /// Without rotation Cognito sends no refresh token; `refresh_token` (the one used) is
    /// then kept.
    ///
    /// ```
    /// use cognito_srp_proto::{AuthResponse, SecretString, Tokens};
    /// let answer: AuthResponse = serde_json::from_str(
    ///     r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":3600,"TokenType":"Bearer"}}"#,
    /// )?;
    /// let tokens = Tokens::from_refresh(answer, &SecretString::from("rt"))?;
    /// assert_eq!(tokens.refresh_token.as_ref().map(SecretString::expose_secret), Some("rt"));
    /// // A challenge instead of tokens makes no sense here.
    /// let odd: AuthResponse = serde_json::from_str(r#"{"ChallengeName":"SMS_MFA"}"#)?;
    /// assert!(Tokens::from_refresh(odd, &SecretString::from("rt")).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ProtocolError::MissingField`] when the answer has no `AuthenticationResult`.
    pub fn from_refresh(response: AuthResponse, refresh_token: &SecretString) -> Result<Self, Error> {
        let result = response
            .authentication_result
            .ok_or(Error::Protocol(ProtocolError::MissingField("AuthenticationResult")))?;
        Ok(Self::refreshed(result, refresh_token))
    }

    /// The tokens of a `GetTokensFromRefreshToken` answer
    /// ([`crate::AppClient::get_tokens_request`]): on an app client with refresh token
    /// rotation the answer carries a new refresh token, which is then the one to store (the
    /// old one stops working after the client's grace period); without rotation none comes
    /// and `refresh_token` (the one used) is kept. An empty refresh token counts as none.
    ///
    /// ```
    /// use cognito_srp_proto::{GetTokensFromRefreshTokenResponse, SecretString, Tokens};
    /// let old = SecretString::from("rt-1");
    /// let rotated: GetTokensFromRefreshTokenResponse = serde_json::from_str(
    ///     r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":3600,"TokenType":"Bearer","RefreshToken":"rt-2"}}"#,
    /// )?;
    /// let tokens = Tokens::from_get_tokens(rotated, &old)?;
    /// assert_eq!(tokens.refresh_token.as_ref().map(SecretString::expose_secret), Some("rt-2"));
    /// let kept: GetTokensFromRefreshTokenResponse = serde_json::from_str(
    ///     r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":3600,"TokenType":"Bearer"}}"#,
    /// )?;
    /// let tokens = Tokens::from_get_tokens(kept, &old)?;
    /// assert_eq!(tokens.refresh_token.as_ref().map(SecretString::expose_secret), Some("rt-1"));
    /// assert!(Tokens::from_get_tokens(GetTokensFromRefreshTokenResponse::default(), &old).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ProtocolError::MissingField`] when the answer has no `AuthenticationResult`.
    pub fn from_get_tokens(
        response: GetTokensFromRefreshTokenResponse,
        refresh_token: &SecretString,
    ) -> Result<Self, Error> {
        let result = response
            .authentication_result
            .ok_or(Error::Protocol(ProtocolError::MissingField("AuthenticationResult")))?;
        Ok(Self::refreshed(result, refresh_token))
    }

    /// `result`'s tokens, keeping `refresh_token` when no (non-empty) new one came.
    fn refreshed(result: AuthenticationResult, refresh_token: &SecretString) -> Self {
        let mut tokens = Self::from(result);
        if tokens.refresh_token.as_ref().is_none_or(SecretString::is_empty) {
            tokens.refresh_token = Some(refresh_token.clone());
        }
        tokens
    }
}

impl From<AuthenticationResult> for Tokens {
    fn from(result: AuthenticationResult) -> Self {
        Self {
            access_token: result.access_token,
            id_token: result.id_token,
            refresh_token: result.refresh_token,
            expires_in: result.expires_in,
            token_type: result.token_type,
        }
    }
}

/// A confirmed device: what to store to sign in on the device path next time.
///
/// Serialized with snake_case field names; the device password is a secret (redacted in
/// `Debug`, zeroized on drop) but is written by serde: store it like a password.
///
/// ```
/// use cognito_srp_proto::DeviceCredentials;
/// let device = DeviceCredentials::new("us-east-1_0c3f", "-Xk1b", "c2VjcmV0");
/// let json = serde_json::to_string(&device)?;
/// assert_eq!(json, r#"{"device_key":"us-east-1_0c3f","device_group_key":"-Xk1b","device_password":"c2VjcmV0"}"#);
/// assert!(!format!("{device:?}").contains("c2VjcmV0"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[non_exhaustive]
pub struct DeviceCredentials {
    /// `DEVICE_KEY`.
    pub device_key: String,
    /// The device group key.
    pub device_group_key: String,
    /// The device password (base64 of 40 random bytes).
    pub device_password: SecretString,
}

impl DeviceCredentials {
    /// Credentials from their three parts.
    #[must_use]
    pub fn new(
        device_key: impl Into<String>,
        device_group_key: impl Into<String>,
        device_password: impl Into<SecretString>,
    ) -> Self {
        Self {
            device_key: device_key.into(),
            device_group_key: device_group_key.into(),
            device_password: device_password.into(),
        }
    }
}
