//! Server-side sign-in (`AdminInitiateAuth`, `AdminRespondToAuthChallenge`) and the pool
//! settings of choice-based sign-in and email MFA.

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::secret::{Parameters, SecretString};
use crate::wire::AnalyticsMetadata;
use crate::{AuthFlow, ChallengeName};

/// One HTTP header of [`ContextDataType`] (Cognito spells its members in camelCase).
///
/// ```
/// use cognito_srp_proto::admin::HttpHeader;
/// let header = HttpHeader::new("user-agent", "test/1.0");
/// assert_eq!(serde_json::to_string(&header)?, r#"{"headerName":"user-agent","headerValue":"test/1.0"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HttpHeader {
    /// The header's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_name: Option<String>,
    /// The header's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_value: Option<String>,
}

impl HttpHeader {
    /// A header.
    #[must_use]
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self { header_name: Some(name.into()), header_value: Some(value.into()) }
    }
}

/// `ContextData` of the administration sign-in operations: what the server saw of the user's
/// request, for threat protection. `Debug` shows only the server's name and path.
///
/// ```
/// use cognito_srp_proto::admin::ContextDataType;
/// let context = ContextDataType::new("192.0.2.1", "app.example.com", "/login", vec![]);
/// let json = serde_json::to_string(&context)?;
/// assert_eq!(json, r#"{"IpAddress":"192.0.2.1","ServerName":"app.example.com","ServerPath":"/login","HttpHeaders":[]}"#);
/// assert!(!format!("{context:?}").contains("192.0.2.1"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ContextDataType {
    /// The user's IP address.
    #[serde(default)]
    pub ip_address: String,
    /// The application's host name.
    #[serde(default)]
    pub server_name: String,
    /// The application's path.
    #[serde(default)]
    pub server_path: String,
    /// The headers of the user's request.
    #[serde(default)]
    pub http_headers: Vec<HttpHeader>,
    /// Data collected by Cognito's context-data library (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoded_data: Option<SecretString>,
}

impl core::fmt::Debug for ContextDataType {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ContextDataType")
            .field("server_name", &self.server_name)
            .field("server_path", &self.server_path)
            .finish_non_exhaustive()
    }
}

impl ContextDataType {
    /// Context data with its four required members.
    #[must_use]
    pub fn new(
        ip_address: impl Into<String>,
        server_name: impl Into<String>,
        server_path: impl Into<String>,
        http_headers: Vec<HttpHeader>,
    ) -> Self {
        Self {
            ip_address: ip_address.into(),
            server_name: server_name.into(),
            server_path: server_path.into(),
            http_headers,
            encoded_data: None,
        }
    }
}

/// `AdminInitiateAuth`: `InitiateAuth` on the server side (SigV4 on Cognito), naming the
/// pool too. The answer is an [`crate::AuthResponse`].
///
/// ```
/// use cognito_srp_proto::admin::AdminInitiateAuthRequest;
/// use cognito_srp_proto::{AuthFlow, param};
/// let mut request = AdminInitiateAuthRequest::new("eu-west-1_AbC", "client-id", AuthFlow::AdminUserPasswordAuth);
/// request.auth_parameters.insert(param::USERNAME, "alice");
/// request.auth_parameters.insert(param::PASSWORD, "Passw0rd!");
/// assert!(!format!("{request:?}").contains("Passw0rd!"));
/// let json = serde_json::to_value(&request)?;
/// assert_eq!(json["UserPoolId"], "eu-west-1_AbC");
/// assert_eq!(json["AuthFlow"], "ADMIN_USER_PASSWORD_AUTH");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminInitiateAuthRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The app client (of that pool).
    pub client_id: String,
    /// The flow.
    pub auth_flow: AuthFlow,
    /// `USERNAME`, `PASSWORD`, `SRP_A`, `SECRET_HASH`, `DEVICE_KEY`, `REFRESH_TOKEN`, ...
    #[serde(default)]
    pub auth_parameters: Parameters,
    /// Data for the pool's Lambda triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<Parameters>,
    /// Pinpoint analytics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Threat-protection data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_data: Option<ContextDataType>,
    /// A session to continue (choice-based sign-in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
}

impl AdminInitiateAuthRequest {
    /// A request for `flow` with no parameters yet.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>, client_id: impl Into<String>, flow: AuthFlow) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            client_id: client_id.into(),
            auth_flow: flow,
            auth_parameters: Parameters::new(),
            client_metadata: None,
            analytics_metadata: None,
            context_data: None,
            session: None,
        }
    }
}

/// `AdminRespondToAuthChallenge`: `RespondToAuthChallenge` on the server side. The answer is
/// an [`crate::AuthResponse`].
///
/// ```
/// use cognito_srp_proto::admin::AdminRespondToAuthChallengeRequest;
/// use cognito_srp_proto::{ChallengeName, param};
/// let mut request = AdminRespondToAuthChallengeRequest::new("eu-west-1_AbC", "client-id", ChallengeName::EmailOtp);
/// request.challenge_responses.insert(param::EMAIL_OTP_CODE, "12345678");
/// assert!(!format!("{request:?}").contains("12345678"));
/// assert_eq!(serde_json::to_value(&request)?["ChallengeName"], "EMAIL_OTP");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminRespondToAuthChallengeRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The app client the sign-in started with.
    pub client_id: String,
    /// The challenge answered.
    pub challenge_name: ChallengeName,
    /// The answer.
    #[serde(default)]
    pub challenge_responses: Parameters,
    /// The session from the challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
    /// Pinpoint analytics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Threat-protection data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_data: Option<ContextDataType>,
    /// Data for the pool's Lambda triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<Parameters>,
}

impl AdminRespondToAuthChallengeRequest {
    /// An answer to `challenge` with no responses yet.
    #[must_use]
    pub fn new(
        user_pool_id: impl Into<String>,
        client_id: impl Into<String>,
        challenge: ChallengeName,
    ) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            client_id: client_id.into(),
            challenge_name: challenge,
            challenge_responses: Parameters::new(),
            session: None,
            analytics_metadata: None,
            context_data: None,
            client_metadata: None,
        }
    }
}

/// `EmailMfaConfiguration` of `SetUserPoolMfaConfig`: email codes for MFA and for `EMAIL_OTP`
/// sign-in (its presence turns email MFA on). Needs the Essentials tier or higher.
///
/// ```
/// use cognito_srp_proto::admin::EmailMfaConfigType;
/// let config: EmailMfaConfigType = serde_json::from_str(r#"{"Message":"Code {####}","Subject":"Sign in"}"#)?;
/// assert_eq!(config.message.as_deref(), Some("Code {####}"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct EmailMfaConfigType {
    /// The message template (with `{####}` for the code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl EmailMfaConfigType {
    /// Cognito's default message and subject.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}
