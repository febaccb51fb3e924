//! The wire model: one request and one response type per operation the sign-in machine
//! sends, and Cognito's error body. Field names are Cognito's (PascalCase JSON); secrets are
//! [`SecretString`]s or live in [`Parameters`], so `Debug` never shows them.
//!
//! The types are `#[non_exhaustive]`: build a request with its `new` function and set the
//! optional fields, read responses by field.

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::secret::{Parameters, SecretString};
use crate::vocab::{AuthFlow, ChallengeName, DeviceRememberedStatus, ErrorCode};

/// `AnalyticsMetadata` (Amazon Pinpoint).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AnalyticsMetadata {
    /// The Pinpoint endpoint id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_endpoint_id: Option<String>,
}

/// `UserContextData` for advanced security (threat protection).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserContextData {
    /// The data collected by Cognito's JavaScript or SDK (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoded_data: Option<String>,
    /// The user's IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
}

/// `InitiateAuth`.
///
/// ```
/// use cognito_srp_proto::{AuthFlow, InitiateAuthRequest, param};
/// let mut request = InitiateAuthRequest::new(AuthFlow::UserSrpAuth, "client-id");
/// request.auth_parameters.insert(param::USERNAME, "alice");
/// let json = serde_json::to_string(&request)?;
/// assert_eq!(json, r#"{"AuthFlow":"USER_SRP_AUTH","AuthParameters":{"USERNAME":"alice"},"ClientId":"client-id"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct InitiateAuthRequest {
    /// The flow.
    pub auth_flow: AuthFlow,
    /// `USERNAME`, `SRP_A`, `SECRET_HASH`, `DEVICE_KEY`, `REFRESH_TOKEN`, ...
    #[serde(default)]
    pub auth_parameters: Parameters,
    /// The app client id.
    pub client_id: String,
    /// Data for the pool's Lambda triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<Parameters>,
    /// Pinpoint analytics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Threat-protection data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
    /// A session to continue (choice-based sign-in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
}

impl InitiateAuthRequest {
    /// A request for `flow` with no parameters yet.
    #[must_use]
    pub fn new(flow: AuthFlow, client_id: impl Into<String>) -> Self {
        Self {
            auth_flow: flow,
            auth_parameters: Parameters::new(),
            client_id: client_id.into(),
            client_metadata: None,
            analytics_metadata: None,
            user_context_data: None,
            session: None,
        }
    }
}

/// `NewDeviceMetadata`: Cognito started tracking a device; confirm it with `ConfirmDevice`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct NewDeviceMetadata {
    /// `{region}_{uuid}`.
    #[serde(default)]
    pub device_key: String,
    /// The device group key (`-` followed by letters, digits).
    #[serde(default)]
    pub device_group_key: String,
}

impl NewDeviceMetadata {
    /// Metadata with the two keys.
    #[must_use]
    pub fn new(device_key: impl Into<String>, device_group_key: impl Into<String>) -> Self {
        Self { device_key: device_key.into(), device_group_key: device_group_key.into() }
    }
}

/// `AuthenticationResult`: the tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AuthenticationResult {
    /// The access token.
    #[serde(default)]
    pub access_token: SecretString,
    /// Seconds until the access and ID tokens expire.
    #[serde(default)]
    pub expires_in: u64,
    /// `Bearer`.
    #[serde(default)]
    pub token_type: String,
    /// The refresh token (absent on a refresh without rotation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<SecretString>,
    /// The ID token.
    #[serde(default)]
    pub id_token: SecretString,
    /// A device Cognito started tracking at this sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

/// The answer of `InitiateAuth` and `RespondToAuthChallenge`: a challenge or the tokens.
///
/// ```
/// use cognito_srp_proto::{AuthResponse, ChallengeName, param};
/// let body = r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"ab"},"Session":null}"#;
/// let response: AuthResponse = serde_json::from_str(body)?;
/// assert_eq!(response.challenge_name, Some(ChallengeName::PasswordVerifier));
/// assert_eq!(response.challenge_parameters.get(param::SALT), Some("ab"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AuthResponse {
    /// The next challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_name: Option<ChallengeName>,
    /// The session to answer it with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
    /// The challenge's parameters.
    #[serde(default)]
    pub challenge_parameters: Parameters,
    /// The tokens, when signed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResult>,
    /// `USER_AUTH`: the first factors the user may pick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_challenges: Option<Vec<ChallengeName>>,
}

/// `InitiateAuth`'s answer.
pub type InitiateAuthResponse = AuthResponse;
/// `RespondToAuthChallenge`'s answer.
pub type RespondToAuthChallengeResponse = AuthResponse;

/// `RespondToAuthChallenge`.
///
/// ```
/// use cognito_srp_proto::{ChallengeName, RespondToAuthChallengeRequest, param};
/// let mut request = RespondToAuthChallengeRequest::new(ChallengeName::SmsMfa, "client-id");
/// request.challenge_responses.insert(param::SMS_MFA_CODE, "123456");
/// request.session = Some("AYABeE...".into());
/// let shown = format!("{request:?}");
/// assert!(!shown.contains("123456") && !shown.contains("AYABeE"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct RespondToAuthChallengeRequest {
    /// The app client id.
    pub client_id: String,
    /// The challenge answered.
    pub challenge_name: ChallengeName,
    /// The session from the challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
    /// The answer.
    #[serde(default)]
    pub challenge_responses: Parameters,
    /// Data for the pool's Lambda triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<Parameters>,
    /// Pinpoint analytics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Threat-protection data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
}

impl RespondToAuthChallengeRequest {
    /// An answer to `challenge` with no responses yet.
    #[must_use]
    pub fn new(challenge: ChallengeName, client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            challenge_name: challenge,
            session: None,
            challenge_responses: Parameters::new(),
            client_metadata: None,
            analytics_metadata: None,
            user_context_data: None,
        }
    }
}

/// `DeviceSecretVerifierConfig` of `ConfirmDevice`: the device's SRP salt and verifier.
/// Redacted in `Debug` (the verifier allows an offline guess of the device password).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeviceSecretVerifierConfig {
    /// base64 of pad(g^x).
    pub password_verifier: String,
    /// base64 of the salt bytes.
    pub salt: String,
}

impl DeviceSecretVerifierConfig {
    /// A config from the two base64 values.
    #[must_use]
    pub fn new(password_verifier: impl Into<String>, salt: impl Into<String>) -> Self {
        Self { password_verifier: password_verifier.into(), salt: salt.into() }
    }
}

impl core::fmt::Debug for DeviceSecretVerifierConfig {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DeviceSecretVerifierConfig").finish_non_exhaustive()
    }
}

/// `ConfirmDevice`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ConfirmDeviceRequest {
    /// The signed-in user's access token.
    pub access_token: SecretString,
    /// The device key from `NewDeviceMetadata`.
    pub device_key: String,
    /// The device's verifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_secret_verifier_config: Option<DeviceSecretVerifierConfig>,
    /// A name for the device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
}

/// `ConfirmDevice`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ConfirmDeviceResponse {
    /// Whether the user decides if the device is remembered (the pool's "user opt-in").
    #[serde(default)]
    pub user_confirmation_necessary: bool,
}

/// `UpdateDeviceStatus`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UpdateDeviceStatusRequest {
    /// The signed-in user's access token.
    pub access_token: SecretString,
    /// The device.
    pub device_key: String,
    /// Remembered or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_remembered_status: Option<DeviceRememberedStatus>,
}

/// `AssociateSoftwareToken`: starts authenticator-app set-up, with a session (during
/// sign-in) or an access token.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AssociateSoftwareTokenRequest {
    /// The signed-in user's access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SecretString>,
    /// The `MFA_SETUP` challenge's session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
}

/// `AssociateSoftwareToken`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AssociateSoftwareTokenResponse {
    /// The base32 TOTP seed.
    #[serde(default)]
    pub secret_code: SecretString,
    /// The session to continue with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
}

/// `VerifySoftwareToken`: a first code from the authenticator app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifySoftwareTokenRequest {
    /// The signed-in user's access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SecretString>,
    /// The session from `AssociateSoftwareToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
    /// The code.
    pub user_code: SecretString,
    /// A name for the authenticator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}

/// `VerifySoftwareToken`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifySoftwareTokenResponse {
    /// `SUCCESS` or `ERROR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The session to answer `MFA_SETUP` with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
}

/// Cognito's error body: `{"__type": "...", "message": "..."}`.
///
/// ```
/// use cognito_srp_proto::{ErrorBody, ErrorCode};
/// let body: ErrorBody = serde_json::from_str(r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#)?;
/// assert_eq!(body.code(), Some(ErrorCode::NotAuthorized));
/// // Some front ends spell it "Message".
/// let body: ErrorBody = serde_json::from_str(r#"{"__type":"x#CodeMismatchException","Message":"Invalid code."}"#)?;
/// assert_eq!(body.message.as_deref(), Some("Invalid code."));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorBody {
    /// The error type, maybe with a `namespace#` prefix.
    #[serde(rename = "__type", default, skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
    /// The message.
    #[serde(default, alias = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl ErrorBody {
    /// A body for `code` with `message`.
    #[must_use]
    pub fn new(code: &ErrorCode, message: impl Into<String>) -> Self {
        Self { error_type: Some(code.as_str().into()), message: Some(message.into()) }
    }

    /// The error code, if the body names one.
    #[must_use]
    pub fn code(&self) -> Option<ErrorCode> {
        self.error_type.as_deref().map(ErrorCode::from_type)
    }
}
