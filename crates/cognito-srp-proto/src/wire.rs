//! The wire model: one request and one response type per operation the sign-in machine
//! sends, and Cognito's error body. Field names are Cognito's (PascalCase JSON); secrets are
//! [`SecretString`]s or live in [`Parameters`], so `Debug` never shows them.
//!
//! The types are `#[non_exhaustive]`: build a request with its `new` function and set the
//! optional fields, read responses by field.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::secret::{Parameters, SecretString};
use crate::vocab::{AuthFlow, ChallengeName, DeviceRememberedStatus, ErrorCode};

/// `AnalyticsMetadata` (Amazon Pinpoint).
///
/// ```
/// use cognito_srp_proto::AnalyticsMetadata;
/// let metadata = AnalyticsMetadata::new("d3f1-fake");
/// assert_eq!(serde_json::to_string(&metadata)?, r#"{"AnalyticsEndpointId":"d3f1-fake"}"#);
/// assert_eq!(serde_json::to_string(&AnalyticsMetadata::default())?, "{}");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AnalyticsMetadata {
    /// The Pinpoint endpoint id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_endpoint_id: Option<String>,
}

impl AnalyticsMetadata {
    /// Metadata with the Pinpoint endpoint id.
    #[must_use]
    pub fn new(endpoint_id: impl Into<String>) -> Self {
        Self { analytics_endpoint_id: Some(endpoint_id.into()) }
    }
}

/// `UserContextData` for advanced security (threat protection). Cognito's model marks it
/// sensitive: `Debug` prints neither field, and the encoded data is zeroized on drop.
///
/// ```
/// use cognito_srp_proto::UserContextData;
/// let context = UserContextData::new().ip_address("192.0.2.1");
/// assert_eq!(serde_json::to_string(&context)?, r#"{"IpAddress":"192.0.2.1"}"#);
/// assert!(!format!("{context:?}").contains("192.0.2.1"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserContextData {
    /// The data collected by Cognito's JavaScript or SDK (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoded_data: Option<SecretString>,
    /// The user's IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
}

impl UserContextData {
    /// No data yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// With [`UserContextData::encoded_data`].
    #[must_use]
    pub fn encoded_data(mut self, data: impl Into<SecretString>) -> Self {
        self.encoded_data = Some(data.into());
        self
    }

    /// With [`UserContextData::ip_address`].
    #[must_use]
    pub fn ip_address(mut self, address: impl Into<String>) -> Self {
        self.ip_address = Some(address.into());
        self
    }
}

impl core::fmt::Debug for UserContextData {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let shown = |set: bool| if set { "Some(<redacted>)" } else { "None" };
        f.debug_struct("UserContextData")
            .field("encoded_data", &format_args!("{}", shown(self.encoded_data.is_some())))
            .field("ip_address", &format_args!("{}", shown(self.ip_address.is_some())))
            .finish()
    }
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
///
/// ```
/// use cognito_srp_proto::NewDeviceMetadata;
/// let device: NewDeviceMetadata =
///     serde_json::from_str(r#"{"DeviceKey":"eu-west-1_6a7c1c2e-fake","DeviceGroupKey":"-Xy1fake"}"#)?;
/// assert_eq!(device, NewDeviceMetadata::new("eu-west-1_6a7c1c2e-fake", "-Xy1fake"));
/// # Ok::<(), serde_json::Error>(())
/// ```
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
///
/// ```
/// use cognito_srp_proto::AuthenticationResult;
/// let result: AuthenticationResult = serde_json::from_str(r#"{"AccessToken":"fake-access",
///     "ExpiresIn":3600,"TokenType":"Bearer","IdToken":"fake-id","RefreshToken":"fake-refresh"}"#)?;
/// assert_eq!(result.expires_in, 3600);
/// assert!(result.new_device_metadata.is_none());
/// assert!(!format!("{result:?}").contains("fake-"));
/// # Ok::<(), serde_json::Error>(())
/// ```
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
/// Both are [`SecretString`]s (redacted in `Debug`, zeroized on drop): the verifier allows an
/// offline guess of the device password.
///
/// ```
/// use cognito_srp_proto::DeviceSecretVerifierConfig;
/// let config = DeviceSecretVerifierConfig::new("dmVyaWZpZXI=", "c2FsdA==");
/// assert_eq!(serde_json::to_string(&config)?, r#"{"PasswordVerifier":"dmVyaWZpZXI=","Salt":"c2FsdA=="}"#);
/// assert!(!format!("{config:?}").contains("dmVyaWZpZXI="));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeviceSecretVerifierConfig {
    /// base64 of pad(g^x).
    pub password_verifier: SecretString,
    /// base64 of the salt bytes.
    pub salt: SecretString,
}

impl DeviceSecretVerifierConfig {
    /// A config from the two base64 values.
    #[must_use]
    pub fn new(password_verifier: impl Into<SecretString>, salt: impl Into<SecretString>) -> Self {
        Self { password_verifier: password_verifier.into(), salt: salt.into() }
    }
}

impl core::fmt::Debug for DeviceSecretVerifierConfig {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DeviceSecretVerifierConfig").finish_non_exhaustive()
    }
}

/// `ConfirmDevice`.
///
/// ```
/// use cognito_srp_proto::ConfirmDeviceRequest;
/// let request = ConfirmDeviceRequest::new("fake-access-token", "eu-west-1_fake").device_name("laptop");
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"AccessToken":"fake-access-token","DeviceKey":"eu-west-1_fake","DeviceName":"laptop"}"#
/// );
/// assert!(!format!("{request:?}").contains("fake-access-token"));
/// # Ok::<(), serde_json::Error>(())
/// ```
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

impl ConfirmDeviceRequest {
    /// A request for `device_key` without a verifier or a name yet.
    #[must_use]
    pub fn new(access_token: impl Into<SecretString>, device_key: impl Into<String>) -> Self {
        Self {
            access_token: access_token.into(),
            device_key: device_key.into(),
            device_secret_verifier_config: None,
            device_name: None,
        }
    }

    /// With [`ConfirmDeviceRequest::device_secret_verifier_config`].
    #[must_use]
    pub fn verifier(mut self, config: DeviceSecretVerifierConfig) -> Self {
        self.device_secret_verifier_config = Some(config);
        self
    }

    /// With [`ConfirmDeviceRequest::device_name`].
    #[must_use]
    pub fn device_name(mut self, name: impl Into<String>) -> Self {
        self.device_name = Some(name.into());
        self
    }
}

/// `ConfirmDevice`'s answer.
///
/// ```
/// use cognito_srp_proto::ConfirmDeviceResponse;
/// let response: ConfirmDeviceResponse = serde_json::from_str(r#"{"UserConfirmationNecessary":true}"#)?;
/// assert!(response.user_confirmation_necessary);
/// let response: ConfirmDeviceResponse = serde_json::from_str("{}")?;
/// assert!(!response.user_confirmation_necessary);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ConfirmDeviceResponse {
    /// Whether the user decides if the device is remembered (the pool's "user opt-in").
    #[serde(default)]
    pub user_confirmation_necessary: bool,
}

/// `UpdateDeviceStatus`.
///
/// ```
/// use cognito_srp_proto::{DeviceRememberedStatus, UpdateDeviceStatusRequest};
/// let request =
///     UpdateDeviceStatusRequest::new("fake-access-token", "eu-west-1_fake", DeviceRememberedStatus::Remembered);
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"AccessToken":"fake-access-token","DeviceKey":"eu-west-1_fake","DeviceRememberedStatus":"remembered"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
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

impl UpdateDeviceStatusRequest {
    /// Marks `device_key` with `status`.
    #[must_use]
    pub fn new(
        access_token: impl Into<SecretString>,
        device_key: impl Into<String>,
        status: DeviceRememberedStatus,
    ) -> Self {
        Self {
            access_token: access_token.into(),
            device_key: device_key.into(),
            device_remembered_status: Some(status),
        }
    }
}

/// `AssociateSoftwareToken`: starts authenticator-app set-up, with a session (during
/// sign-in) or an access token.
///
/// ```
/// use cognito_srp_proto::AssociateSoftwareTokenRequest;
/// let during_sign_in = AssociateSoftwareTokenRequest::with_session("AYAB-fake");
/// assert_eq!(serde_json::to_string(&during_sign_in)?, r#"{"Session":"AYAB-fake"}"#);
/// let signed_in = AssociateSoftwareTokenRequest::with_access_token("fake-access-token");
/// assert_eq!(serde_json::to_string(&signed_in)?, r#"{"AccessToken":"fake-access-token"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
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

impl AssociateSoftwareTokenRequest {
    /// For a signed-in user.
    #[must_use]
    pub fn with_access_token(access_token: impl Into<SecretString>) -> Self {
        Self { access_token: Some(access_token.into()), session: None }
    }

    /// During sign-in, with the `MFA_SETUP` challenge's session.
    #[must_use]
    pub fn with_session(session: impl Into<SecretString>) -> Self {
        Self { access_token: None, session: Some(session.into()) }
    }
}

/// `AssociateSoftwareToken`'s answer.
///
/// ```
/// use cognito_srp_proto::AssociateSoftwareTokenResponse;
/// let response: AssociateSoftwareTokenResponse =
///     serde_json::from_str(r#"{"SecretCode":"JBSWY3DPEHPK3PXP","Session":"AYAB-fake"}"#)?;
/// assert_eq!(response.secret_code.expose_secret(), "JBSWY3DPEHPK3PXP");
/// assert!(!format!("{response:?}").contains("JBSWY3DPEHPK3PXP"));
/// # Ok::<(), serde_json::Error>(())
/// ```
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
///
/// ```
/// use cognito_srp_proto::VerifySoftwareTokenRequest;
/// let request = VerifySoftwareTokenRequest::new("123456").access_token("fake-access-token").friendly_device_name("phone");
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"AccessToken":"fake-access-token","UserCode":"123456","FriendlyDeviceName":"phone"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
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

impl VerifySoftwareTokenRequest {
    /// A request with the code the app shows; add an access token or a session.
    #[must_use]
    pub fn new(user_code: impl Into<SecretString>) -> Self {
        Self { access_token: None, session: None, user_code: user_code.into(), friendly_device_name: None }
    }

    /// With [`VerifySoftwareTokenRequest::access_token`].
    #[must_use]
    pub fn access_token(mut self, token: impl Into<SecretString>) -> Self {
        self.access_token = Some(token.into());
        self
    }

    /// With [`VerifySoftwareTokenRequest::session`].
    #[must_use]
    pub fn session(mut self, session: impl Into<SecretString>) -> Self {
        self.session = Some(session.into());
        self
    }

    /// With [`VerifySoftwareTokenRequest::friendly_device_name`].
    #[must_use]
    pub fn friendly_device_name(mut self, name: impl Into<String>) -> Self {
        self.friendly_device_name = Some(name.into());
        self
    }
}

/// `VerifySoftwareToken`'s answer.
///
/// ```
/// use cognito_srp_proto::VerifySoftwareTokenResponse;
/// let response: VerifySoftwareTokenResponse = serde_json::from_str(r#"{"Status":"SUCCESS"}"#)?;
/// assert_eq!(response.status.as_deref(), Some("SUCCESS"));
/// assert_eq!(response.session, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
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
    /// The error type, maybe with a `namespace#` prefix (some front ends send it as `code`).
    #[serde(
        rename = "__type",
        alias = "code",
        alias = "Code",
        default,
        skip_serializing_if = "Option::is_none"
    )]
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

/// `AttributeType`: a name and a value (user and device attributes).
///
/// ```
/// use cognito_srp_proto::wire::AttributeType;
/// let attribute: AttributeType = serde_json::from_str(r#"{"Name":"email","Value":"alice@example.com"}"#)?;
/// assert_eq!(attribute, AttributeType::new("email", Some("alice@example.com")));
/// let no_value: AttributeType = serde_json::from_str(r#"{"Name":"device_name"}"#)?;
/// assert_eq!(no_value.value, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AttributeType {
    /// The attribute's name.
    pub name: String,
    /// Its value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl AttributeType {
    /// An attribute.
    #[must_use]
    pub fn new(name: impl Into<String>, value: Option<&str>) -> Self {
        Self { name: name.into(), value: value.map(String::from) }
    }
}

/// The value of `name` in a list of attributes.
fn attribute<'a>(attributes: &'a [AttributeType], name: &str) -> Option<&'a str> {
    attributes.iter().find(|a| a.name == name).and_then(|a| a.value.as_deref())
}

/// `DeviceType`: a tracked device.
///
/// ```
/// use cognito_srp_proto::wire::DeviceType;
/// let device: DeviceType = serde_json::from_str(r#"{"DeviceKey":"eu-west-1_fake",
///     "DeviceAttributes":[{"Name":"device_status","Value":"valid"},{"Name":"device_name","Value":"laptop"}],
///     "DeviceCreateDate":1767776703.5,"DeviceLastAuthenticatedDate":1767780000}"#)?;
/// assert_eq!(device.device_key, "eu-west-1_fake");
/// assert_eq!(device.attribute("device_name"), Some("laptop"));
/// assert_eq!(device.attribute("last_ip_used"), None);
/// assert_eq!(device.device_create_date, Some(1_767_776_703.5));
/// assert_eq!(device.device_last_modified_date, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeviceType {
    /// The device key.
    #[serde(default)]
    pub device_key: String,
    /// `device_name`, `device_status`, `dev:device_remembered_status`, ...
    #[serde(default)]
    pub device_attributes: Vec<AttributeType>,
    /// When it was created (seconds since the epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_create_date: Option<f64>,
    /// When it was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_last_modified_date: Option<f64>,
    /// When it last signed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_last_authenticated_date: Option<f64>,
}

impl DeviceType {
    /// A device with this key and no attributes (for tests and emulators).
    #[must_use]
    pub fn new(device_key: impl Into<String>) -> Self {
        Self { device_key: device_key.into(), ..Self::default() }
    }

    /// The value of a device attribute.
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&str> {
        attribute(&self.device_attributes, name)
    }
}

/// `GetDevice`.
///
/// ```
/// use cognito_srp_proto::wire::GetDeviceRequest;
/// let request = GetDeviceRequest::new("fake-access-token", "eu-west-1_fake");
/// assert_eq!(serde_json::to_string(&request)?, r#"{"DeviceKey":"eu-west-1_fake","AccessToken":"fake-access-token"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetDeviceRequest {
    /// The device.
    pub device_key: String,
    /// The signed-in user's access token.
    pub access_token: SecretString,
}

impl GetDeviceRequest {
    /// The device `device_key` of the user of `access_token`.
    #[must_use]
    pub fn new(access_token: impl Into<SecretString>, device_key: impl Into<String>) -> Self {
        Self { device_key: device_key.into(), access_token: access_token.into() }
    }
}

/// `GetDevice`'s answer.
///
/// ```
/// use cognito_srp_proto::{DeviceRememberedStatus, wire::GetDeviceResponse};
/// let response: GetDeviceResponse = serde_json::from_str(r#"{"Device":{"DeviceKey":"eu-west-1_fake",
///     "DeviceAttributes":[{"Name":"dev:device_remembered_status","Value":"remembered"}]}}"#)?;
/// assert_eq!(response.device.attribute("dev:device_remembered_status"), Some(DeviceRememberedStatus::Remembered.as_str()));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetDeviceResponse {
    /// The device.
    #[serde(default)]
    pub device: DeviceType,
}

/// `ListDevices`: one page.
///
/// ```
/// use cognito_srp_proto::wire::ListDevicesRequest;
/// let request = ListDevicesRequest::new("fake-access-token").limit(10).pagination_token("eu-west-1_next");
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"AccessToken":"fake-access-token","Limit":10,"PaginationToken":"eu-west-1_next"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListDevicesRequest {
    /// The signed-in user's access token.
    pub access_token: SecretString,
    /// Devices per page (at most 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The previous page's `PaginationToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

impl ListDevicesRequest {
    /// The first page, with the service's page size.
    #[must_use]
    pub fn new(access_token: impl Into<SecretString>) -> Self {
        Self { access_token: access_token.into(), limit: None, pagination_token: None }
    }

    /// With [`ListDevicesRequest::limit`].
    #[must_use]
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// With [`ListDevicesRequest::pagination_token`].
    #[must_use]
    pub fn pagination_token(mut self, token: impl Into<String>) -> Self {
        self.pagination_token = Some(token.into());
        self
    }
}

/// `ListDevices`' answer.
///
/// ```
/// use cognito_srp_proto::wire::ListDevicesResponse;
/// let page: ListDevicesResponse = serde_json::from_str(
///     r#"{"Devices":[{"DeviceKey":"eu-west-1_a"},{"DeviceKey":"eu-west-1_b"}],"PaginationToken":"eu-west-1_c"}"#,
/// )?;
/// let keys: Vec<&str> = page.devices.iter().map(|d| d.device_key.as_str()).collect();
/// assert_eq!(keys, ["eu-west-1_a", "eu-west-1_b"]);
/// assert_eq!(page.pagination_token.as_deref(), Some("eu-west-1_c"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListDevicesResponse {
    /// The devices of this page.
    #[serde(default)]
    pub devices: Vec<DeviceType>,
    /// The next page's token, when there are more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

/// `ForgetDevice`.
///
/// ```
/// use cognito_srp_proto::wire::ForgetDeviceRequest;
/// let request = ForgetDeviceRequest::new("fake-access-token", "eu-west-1_fake");
/// assert_eq!(serde_json::to_string(&request)?, r#"{"AccessToken":"fake-access-token","DeviceKey":"eu-west-1_fake"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ForgetDeviceRequest {
    /// The signed-in user's access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SecretString>,
    /// The device.
    pub device_key: String,
}

impl ForgetDeviceRequest {
    /// Forgets `device_key` of the user of `access_token`.
    #[must_use]
    pub fn new(access_token: impl Into<SecretString>, device_key: impl Into<String>) -> Self {
        Self { access_token: Some(access_token.into()), device_key: device_key.into() }
    }
}

/// `GlobalSignOut`.
///
/// ```
/// use cognito_srp_proto::wire::GlobalSignOutRequest;
/// let request = GlobalSignOutRequest::new("fake-access-token");
/// assert_eq!(serde_json::to_string(&request)?, r#"{"AccessToken":"fake-access-token"}"#);
/// assert_eq!(format!("{request:?}"), "GlobalSignOutRequest { access_token: <redacted> }");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GlobalSignOutRequest {
    /// The signed-in user's access token.
    pub access_token: SecretString,
}

impl GlobalSignOutRequest {
    /// Signs the user of `access_token` out everywhere.
    #[must_use]
    pub fn new(access_token: impl Into<SecretString>) -> Self {
        Self { access_token: access_token.into() }
    }
}

/// `RevokeToken`.
///
/// ```
/// use cognito_srp_proto::wire::RevokeTokenRequest;
/// let request = RevokeTokenRequest::new("fake-refresh-token", "1example23456789").client_secret("fake-client-secret");
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"Token":"fake-refresh-token","ClientId":"1example23456789","ClientSecret":"fake-client-secret"}"#
/// );
/// assert!(!format!("{request:?}").contains("fake-"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct RevokeTokenRequest {
    /// The refresh token to revoke.
    pub token: SecretString,
    /// The app client id.
    pub client_id: String,
    /// The app client's secret, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<SecretString>,
}

impl RevokeTokenRequest {
    /// Revokes `token`, issued to `client_id`.
    #[must_use]
    pub fn new(token: impl Into<SecretString>, client_id: impl Into<String>) -> Self {
        Self { token: token.into(), client_id: client_id.into(), client_secret: None }
    }

    /// With [`RevokeTokenRequest::client_secret`].
    #[must_use]
    pub fn client_secret(mut self, secret: impl Into<SecretString>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }
}

/// `SMSMfaSettings`, `SoftwareTokenMfaSettings` and `EmailMfaSettings`.
///
/// ```
/// use cognito_srp_proto::wire::MfaSettings;
/// assert_eq!(serde_json::to_string(&MfaSettings::new(true, true))?, r#"{"Enabled":true,"PreferredMfa":true}"#);
/// assert_eq!(serde_json::to_string(&MfaSettings::default())?, "{}");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct MfaSettings {
    /// On or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The preferred method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_mfa: Option<bool>,
}

impl MfaSettings {
    /// Settings with both values.
    #[must_use]
    pub fn new(enabled: bool, preferred: bool) -> Self {
        Self { enabled: Some(enabled), preferred_mfa: Some(preferred) }
    }
}

/// `SetUserMFAPreference`.
///
/// ```
/// use cognito_srp_proto::wire::{MfaSettings, SetUserMfaPreferenceRequest};
/// let mut request = SetUserMfaPreferenceRequest::new("fake-access-token");
/// request.software_token_mfa_settings = Some(MfaSettings::new(true, true));
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"SoftwareTokenMfaSettings":{"Enabled":true,"PreferredMfa":true},"AccessToken":"fake-access-token"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SetUserMfaPreferenceRequest {
    /// SMS.
    #[serde(rename = "SMSMfaSettings", default, skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<MfaSettings>,
    /// Authenticator app.
    #[serde(rename = "SoftwareTokenMfaSettings", default, skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_settings: Option<MfaSettings>,
    /// Email.
    #[serde(rename = "EmailMfaSettings", default, skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<MfaSettings>,
    /// The signed-in user's access token.
    #[serde(rename = "AccessToken")]
    pub access_token: SecretString,
}

impl SetUserMfaPreferenceRequest {
    /// A request that changes nothing yet; set the methods' fields.
    #[must_use]
    pub fn new(access_token: impl Into<SecretString>) -> Self {
        Self {
            sms_mfa_settings: None,
            software_token_mfa_settings: None,
            email_mfa_settings: None,
            access_token: access_token.into(),
        }
    }
}

/// `MFAOptionType` (legacy SMS MFA settings).
///
/// ```
/// use cognito_srp_proto::wire::MfaOptionType;
/// let option: MfaOptionType = serde_json::from_str(r#"{"DeliveryMedium":"SMS","AttributeName":"phone_number"}"#)?;
/// assert_eq!(option.attribute_name.as_deref(), Some("phone_number"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct MfaOptionType {
    /// How codes are sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<String>,
    /// The attribute they are sent to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

/// `GetUser`.
///
/// ```
/// use cognito_srp_proto::wire::GetUserRequest;
/// let request = GetUserRequest::new("fake-access-token");
/// assert_eq!(serde_json::to_string(&request)?, r#"{"AccessToken":"fake-access-token"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetUserRequest {
    /// The signed-in user's access token.
    pub access_token: SecretString,
}

impl GetUserRequest {
    /// The user of `access_token`.
    #[must_use]
    pub fn new(access_token: impl Into<SecretString>) -> Self {
        Self { access_token: access_token.into() }
    }
}

/// `GetUser`'s answer.
///
/// ```
/// use cognito_srp_proto::{ChallengeName, wire::GetUserResponse};
/// let me: GetUserResponse = serde_json::from_str(r#"{"Username":"alice",
///     "UserAttributes":[{"Name":"email","Value":"alice@example.com"}],
///     "PreferredMfaSetting":"SOFTWARE_TOKEN_MFA","UserMFASettingList":["SOFTWARE_TOKEN_MFA"]}"#)?;
/// assert_eq!(me.username, "alice");
/// assert_eq!(me.attribute("email"), Some("alice@example.com"));
/// assert_eq!(me.preferred_mfa_setting.as_deref(), Some(ChallengeName::SoftwareTokenMfa.as_str()));
/// assert_eq!(me.mfa_options, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GetUserResponse {
    /// The internal user name.
    #[serde(rename = "Username", default)]
    pub username: String,
    /// The user's attributes.
    #[serde(rename = "UserAttributes", default)]
    pub user_attributes: Vec<AttributeType>,
    /// Legacy SMS MFA settings.
    #[serde(rename = "MFAOptions", default, skip_serializing_if = "Option::is_none")]
    pub mfa_options: Option<Vec<MfaOptionType>>,
    /// The preferred MFA method.
    #[serde(rename = "PreferredMfaSetting", default, skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    /// The MFA methods turned on.
    #[serde(rename = "UserMFASettingList", default, skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

impl GetUserResponse {
    /// The value of a user attribute.
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&str> {
        attribute(&self.user_attributes, name)
    }
}

/// `ChangePassword`.
///
/// ```
/// use cognito_srp_proto::wire::ChangePasswordRequest;
/// let request = ChangePasswordRequest::new(Some("fake-old-password"), "fake-new-password", "fake-access-token");
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"PreviousPassword":"fake-old-password","ProposedPassword":"fake-new-password","AccessToken":"fake-access-token"}"#
/// );
/// assert!(!format!("{request:?}").contains("fake-"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ChangePasswordRequest {
    /// The current password (may be left out when the pool allows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_password: Option<SecretString>,
    /// The new password.
    pub proposed_password: SecretString,
    /// The signed-in user's access token.
    pub access_token: SecretString,
}

impl ChangePasswordRequest {
    /// From `previous` to `proposed` for the user of `access_token`.
    #[must_use]
    pub fn new(
        previous: Option<&str>,
        proposed: impl Into<SecretString>,
        access_token: impl Into<SecretString>,
    ) -> Self {
        Self {
            previous_password: previous.map(SecretString::from),
            proposed_password: proposed.into(),
            access_token: access_token.into(),
        }
    }
}

/// The answer of operations that return nothing (`{}`); unknown fields are kept, and
/// `Debug` prints their names only.
///
/// ```
/// use cognito_srp_proto::wire::EmptyResponse;
/// let empty: EmptyResponse = serde_json::from_str("{}")?;
/// assert!(empty.0.is_empty());
/// let extra: EmptyResponse = serde_json::from_str(r#"{"NewField":true}"#)?;
/// assert_eq!(extra.0.get("NewField"), Some(&serde_json::Value::Bool(true)));
/// assert_eq!(format!("{extra:?}"), r#"EmptyResponse { fields: ["NewField"] }"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
#[non_exhaustive]
pub struct EmptyResponse(pub BTreeMap<String, serde_json::Value>);

impl core::fmt::Debug for EmptyResponse {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let fields: Vec<&str> = self.0.keys().map(String::as_str).collect();
        f.debug_struct("EmptyResponse").field("fields", &fields).finish()
    }
}

/// `GetTokensFromRefreshToken`'s request: new tokens for a refresh token (and, on a client
/// with refresh token rotation, a new refresh token).
///
/// ```
/// use cognito_srp_proto::wire::GetTokensFromRefreshTokenRequest;
/// let request = GetTokensFromRefreshTokenRequest::new("refresh", "client").device_key("us-east-1_d");
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"RefreshToken":"refresh","ClientId":"client","DeviceKey":"us-east-1_d"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetTokensFromRefreshTokenRequest {
    /// The refresh token.
    pub refresh_token: SecretString,
    /// The app client that issued it.
    pub client_id: String,
    /// The app client's secret, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<SecretString>,
    /// The device the refresh token was issued to (pools that remember devices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// Passed to the pool's Lambda triggers (values zeroized on drop, as elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<Parameters>,
}

impl GetTokensFromRefreshTokenRequest {
    /// A refresh of `refresh_token`, issued to `client_id`.
    #[must_use]
    pub fn new(refresh_token: impl Into<SecretString>, client_id: impl Into<String>) -> Self {
        Self { refresh_token: refresh_token.into(), client_id: client_id.into(), ..Self::default() }
    }

    /// With [`GetTokensFromRefreshTokenRequest::client_secret`].
    #[must_use]
    pub fn client_secret(mut self, secret: impl Into<SecretString>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// With [`GetTokensFromRefreshTokenRequest::device_key`].
    #[must_use]
    pub fn device_key(mut self, key: impl Into<String>) -> Self {
        self.device_key = Some(key.into());
        self
    }

    /// With [`GetTokensFromRefreshTokenRequest::client_metadata`].
    #[must_use]
    pub fn client_metadata(mut self, metadata: Parameters) -> Self {
        self.client_metadata = Some(metadata);
        self
    }
}

/// `GetTokensFromRefreshToken`'s answer.
///
/// ```
/// use cognito_srp_proto::wire::GetTokensFromRefreshTokenResponse;
/// let body = r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","ExpiresIn":3600,
///     "TokenType":"Bearer","RefreshToken":"r2"}}"#;
/// let response: GetTokensFromRefreshTokenResponse = serde_json::from_str(body)?;
/// let result = response.authentication_result.unwrap();
/// assert_eq!(result.refresh_token.unwrap().expose_secret(), "r2");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetTokensFromRefreshTokenResponse {
    /// The new tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResult>,
}

impl GetTokensFromRefreshTokenResponse {
    /// An answer with `result`.
    #[must_use]
    pub fn new(result: AuthenticationResult) -> Self {
        Self { authentication_result: Some(result) }
    }
}
