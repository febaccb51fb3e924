//! One typed request and response per Cognito operation, with the field names of the AWS
//! Cognito Identity Provider API, and the [`Client`] method that sends it.
//!
//! These are the public (unsigned) operations a user pool app client calls; none needs AWS
//! credentials. Secrets (tokens, passwords, codes) are [`SecretString`]s or live in
//! [`Parameters`], both redacted in `Debug`.
//!
//! ```
//! use cognito_srp_http::operations::{GlobalSignOutRequest, ListDevicesResponse};
//! // Requests serialize to the JSON Cognito expects...
//! let request = GlobalSignOutRequest { access_token: "fake-access-token".into() };
//! assert_eq!(serde_json::to_string(&request)?, r#"{"AccessToken":"fake-access-token"}"#);
//! // ...and responses read what it sends, unknown fields ignored.
//! let page: ListDevicesResponse = serde_json::from_str(r#"{"Devices":[],"NewField":1}"#)?;
//! assert!(page.devices.is_empty() && page.pagination_token.is_none());
//! # Ok::<(), serde_json::Error>(())
//! ```

use alloc::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::client::Resend;
use crate::{Client, Error, Parameters, SecretString};

/// `AuthFlow` values of `InitiateAuth`.
///
/// ```
/// use cognito_srp_http::{Parameters, operations::{InitiateAuthRequest, auth_flow}};
/// let request = InitiateAuthRequest {
///     auth_flow: auth_flow::REFRESH_TOKEN_AUTH.into(),
///     auth_parameters: Parameters::new().with("REFRESH_TOKEN", "fake-refresh-token"),
///     client_id: "1example23456789".into(),
///     ..InitiateAuthRequest::default()
/// };
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"AuthFlow":"REFRESH_TOKEN_AUTH","#.to_owned()
///         + r#""AuthParameters":{"REFRESH_TOKEN":"fake-refresh-token"},"ClientId":"1example23456789"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
pub mod auth_flow {
    /// SRP with the user's password (and optionally `DEVICE_KEY`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_http::{Parameters, operations::{InitiateAuthRequest, auth_flow, challenge}};
    /// let a = [0x5a; 32]; // 32 random bytes in real use
    /// let srp_a = cognito_srp_core::ClientEphemeral::from_secret_bytes(&a)?.public_hex();
    /// let params = Parameters::new().with("USERNAME", "alice").with("SRP_A", srp_a.as_str());
    /// let request = InitiateAuthRequest {
    ///     auth_flow: auth_flow::USER_SRP_AUTH.into(),
    ///     auth_parameters: params,
    ///     client_id: "app".into(),
    ///     ..InitiateAuthRequest::default()
    /// };
    /// let response = client.initiate_auth(&request).await?;
    /// assert_eq!(response.challenge_name.as_deref(), Some(challenge::PASSWORD_VERIFIER));
    /// # Ok(()) }
    /// ```
    pub const USER_SRP_AUTH: &str = "USER_SRP_AUTH";
    /// Refresh tokens.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// # let cognito_srp_http::Step::Done(signed_in) =
    /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
    /// # let access_token = signed_in.tokens.access_token.clone();
    /// use cognito_srp_http::{Parameters, operations::{InitiateAuthRequest, auth_flow}};
    /// // Here `signed_in` is alice's finished sign-in.
    /// let refresh_token = signed_in.tokens.refresh_token.as_ref().ok_or("no refresh token")?;
    /// let request = InitiateAuthRequest {
    ///     auth_flow: auth_flow::REFRESH_TOKEN_AUTH.into(),
    ///     auth_parameters: Parameters::new().with("REFRESH_TOKEN", refresh_token.expose_secret()),
    ///     client_id: "app".into(),
    ///     ..InitiateAuthRequest::default()
    /// };
    /// let fresh = client.initiate_auth(&request).await?.authentication_result.ok_or("no tokens")?;
    /// // New access and ID tokens, and no new refresh token.
    /// assert_ne!(fresh.access_token, signed_in.tokens.access_token);
    /// assert!(fresh.refresh_token.is_none());
    /// # Ok(()) }
    /// ```
    pub const REFRESH_TOKEN_AUTH: &str = "REFRESH_TOKEN_AUTH";
    /// The password in clear over TLS.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1",
    /// #   "clients":[{"id":"app","explicit_auth_flows":["ALLOW_USER_PASSWORD_AUTH"]},{"id":"srp-only"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_http::{ErrorCode, Parameters, operations::{InitiateAuthRequest, auth_flow}};
    /// // Only for app clients that allow it (`ALLOW_USER_PASSWORD_AUTH`): no challenge, tokens at once.
    /// let params = Parameters::new().with("USERNAME", "alice").with("PASSWORD", "Correct-Horse-9");
    /// let mut request = InitiateAuthRequest {
    ///     auth_flow: auth_flow::USER_PASSWORD_AUTH.into(),
    ///     auth_parameters: params,
    ///     client_id: "app".into(),
    ///     ..InitiateAuthRequest::default()
    /// };
    /// let response = client.initiate_auth(&request).await?;
    /// assert!(response.challenge_name.is_none() && response.authentication_result.is_some());
    /// request.client_id = "srp-only".into(); // an app client with the default flows
    /// let err = client.initiate_auth(&request).await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::InvalidParameter));
    /// # Ok(()) }
    /// ```
    pub const USER_PASSWORD_AUTH: &str = "USER_PASSWORD_AUTH";
    /// Lambda-driven custom challenges (with `SRP_A` to start with SRP).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","custom_challenge_answer":"forty-two",
    /// #   "clients":[{"id":"app"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_http::{Parameters, operations::{InitiateAuthRequest, auth_flow, challenge}};
    /// // Without SRP_A the pool's Lambdas ask their challenge straight away.
    /// let request = InitiateAuthRequest {
    ///     auth_flow: auth_flow::CUSTOM_AUTH.into(),
    ///     auth_parameters: Parameters::new().with("USERNAME", "alice"),
    ///     client_id: "app".into(),
    ///     ..InitiateAuthRequest::default()
    /// };
    /// let response = client.initiate_auth(&request).await?;
    /// assert_eq!(response.challenge_name.as_deref(), Some(challenge::CUSTOM_CHALLENGE));
    /// assert_eq!(response.challenge_parameters.get("USERNAME"), Some("alice"));
    /// # Ok(()) }
    /// ```
    pub const CUSTOM_AUTH: &str = "CUSTOM_AUTH";
    /// Choice-based sign-in.
    ///
    /// ```
    /// use cognito_srp_http::operations::{InitiateAuthRequest, InitiateAuthResponse, auth_flow};
    /// let request = InitiateAuthRequest { auth_flow: auth_flow::USER_AUTH.into(), ..Default::default() };
    /// assert!(serde_json::to_string(&request)?.starts_with(r#"{"AuthFlow":"USER_AUTH","#));
    /// // Cognito answers with the challenges the user may pick from.
    /// let response: InitiateAuthResponse = serde_json::from_str(
    ///     r#"{"ChallengeName":"SELECT_CHALLENGE","Session":"AYAB-fake",
    ///         "AvailableChallenges":["PASSWORD_SRP","EMAIL_OTP"],"ChallengeParameters":{}}"#,
    /// )?;
    /// assert_eq!(response.available_challenges, Some(vec!["PASSWORD_SRP".into(), "EMAIL_OTP".into()]));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub const USER_AUTH: &str = "USER_AUTH";
}

/// `ChallengeName` values.
///
/// ```
/// use cognito_srp_http::{MfaKind, operations::challenge};
/// // The MFA challenges are the names of the MFA kinds.
/// for name in [challenge::SMS_MFA, challenge::SOFTWARE_TOKEN_MFA, challenge::EMAIL_OTP] {
///     assert_eq!(MfaKind::from_challenge(name).challenge_name(), name);
///     assert!(!matches!(MfaKind::from_challenge(name), MfaKind::Other(_)));
/// }
/// ```
pub mod challenge {
    /// SRP: prove the password.
    ///
    /// ```
    /// use cognito_srp_http::operations::{AuthResponse, challenge};
    /// // What Cognito sends after `InitiateAuth` with `USER_SRP_AUTH`.
    /// let response: AuthResponse = serde_json::from_str(r#"{"ChallengeName":"PASSWORD_VERIFIER",
    ///     "ChallengeParameters":{"USER_ID_FOR_SRP":"alice","SALT":"a1b2","SRP_B":"c3d4",
    ///     "SECRET_BLOCK":"c2VjcmV0","USERNAME":"alice"}}"#)?;
    /// assert_eq!(response.challenge_name.as_deref(), Some(challenge::PASSWORD_VERIFIER));
    /// assert_eq!(response.challenge_parameters.get("USER_ID_FOR_SRP"), Some("alice"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub const PASSWORD_VERIFIER: &str = "PASSWORD_VERIFIER";
    /// Device SRP: send a fresh `SRP_A` with `DEVICE_KEY`.
    ///
    /// ```
    /// use cognito_srp_http::operations::{AuthResponse, challenge};
    /// // What Cognito sends after PASSWORD_VERIFIER when the sign-in gave a DEVICE_KEY.
    /// let response: AuthResponse = serde_json::from_str(r#"{"ChallengeName":"DEVICE_SRP_AUTH",
    ///     "Session":"AYAB-fake","ChallengeParameters":{}}"#)?;
    /// assert_eq!(response.challenge_name.as_deref(), Some(challenge::DEVICE_SRP_AUTH));
    /// assert!(response.challenge_parameters.is_empty());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub const DEVICE_SRP_AUTH: &str = "DEVICE_SRP_AUTH";
    /// Device SRP: prove the device password.
    ///
    /// ```
    /// use cognito_srp_http::operations::{AuthResponse, challenge};
    /// // The device's SRP challenge, as Cognito answers DEVICE_SRP_AUTH.
    /// let response: AuthResponse = serde_json::from_str(r#"{"ChallengeName":"DEVICE_PASSWORD_VERIFIER",
    ///     "Session":"AYAB-fake","ChallengeParameters":{"DEVICE_KEY":"eu-west-1_fake","SALT":"a1b2",
    ///     "SRP_B":"c3d4","SECRET_BLOCK":"c2VjcmV0","USERNAME":"alice"}}"#)?;
    /// assert_eq!(response.challenge_name.as_deref(), Some(challenge::DEVICE_PASSWORD_VERIFIER));
    /// assert_eq!(response.challenge_parameters.get("DEVICE_KEY"), Some("eu-west-1_fake"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub const DEVICE_PASSWORD_VERIFIER: &str = "DEVICE_PASSWORD_VERIFIER";
    /// A code sent by SMS.
    ///
    /// ```
    /// use cognito_srp_http::{MfaKind, operations::challenge};
    /// assert_eq!(MfaKind::from_challenge(challenge::SMS_MFA), MfaKind::Sms);
    /// assert_eq!(MfaKind::Sms.challenge_name(), challenge::SMS_MFA);
    /// ```
    pub const SMS_MFA: &str = "SMS_MFA";
    /// A code from an authenticator app.
    ///
    /// ```
    /// use cognito_srp_http::{MfaKind, operations::challenge};
    /// assert_eq!(MfaKind::from_challenge(challenge::SOFTWARE_TOKEN_MFA), MfaKind::SoftwareToken);
    /// assert_eq!(MfaKind::SoftwareToken.challenge_name(), challenge::SOFTWARE_TOKEN_MFA);
    /// ```
    pub const SOFTWARE_TOKEN_MFA: &str = "SOFTWARE_TOKEN_MFA";
    /// A code sent by email.
    ///
    /// ```
    /// use cognito_srp_http::{MfaKind, operations::challenge};
    /// assert_eq!(MfaKind::from_challenge(challenge::EMAIL_OTP), MfaKind::Email);
    /// assert_eq!(MfaKind::Email.challenge_name(), challenge::EMAIL_OTP);
    /// ```
    pub const EMAIL_OTP: &str = "EMAIL_OTP";
    /// Pick one of several MFA methods.
    ///
    /// ```
    /// use cognito_srp_http::operations::{AuthResponse, challenge};
    /// let response: AuthResponse = serde_json::from_str(r#"{"ChallengeName":"SELECT_MFA_TYPE",
    ///     "Session":"AYAB-fake","ChallengeParameters":{"USERNAME":"alice",
    ///     "MFAS_CAN_CHOOSE":"[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}}"#)?;
    /// assert_eq!(response.challenge_name.as_deref(), Some(challenge::SELECT_MFA_TYPE));
    /// // The choices are a JSON list inside a string.
    /// let choices = response.challenge_parameters.get("MFAS_CAN_CHOOSE").unwrap_or_default();
    /// let choices: Vec<String> = serde_json::from_str(choices)?;
    /// assert_eq!(choices, [challenge::SMS_MFA, challenge::SOFTWARE_TOKEN_MFA]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub const SELECT_MFA_TYPE: &str = "SELECT_MFA_TYPE";
    /// Set up MFA before signing in.
    ///
    /// ```
    /// use cognito_srp_http::operations::{AuthResponse, challenge};
    /// let response: AuthResponse = serde_json::from_str(r#"{"ChallengeName":"MFA_SETUP",
    ///     "Session":"AYAB-fake","ChallengeParameters":{"MFAS_CAN_SETUP":"[\"SOFTWARE_TOKEN_MFA\"]"}}"#)?;
    /// assert_eq!(response.challenge_name.as_deref(), Some(challenge::MFA_SETUP));
    /// // The session, for AssociateSoftwareToken: a secret, printed as <redacted>.
    /// assert_eq!(response.session.as_ref().map(|s| s.expose_secret()), Some("AYAB-fake"));
    /// assert!(!format!("{response:?}").contains("AYAB-fake"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub const MFA_SETUP: &str = "MFA_SETUP";
    /// An admin-created user must choose a password.
    ///
    /// ```
    /// use cognito_srp_http::operations::{AuthResponse, challenge};
    /// let response: AuthResponse = serde_json::from_str(r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED",
    ///     "Session":"AYAB-fake","ChallengeParameters":{"USER_ID_FOR_SRP":"alice",
    ///     "requiredAttributes":"[\"userAttributes.name\"]",
    ///     "userAttributes":"{\"email\":\"alice@example.com\"}"}}"#)?;
    /// assert_eq!(response.challenge_name.as_deref(), Some(challenge::NEW_PASSWORD_REQUIRED));
    /// let required = response.challenge_parameters.get("requiredAttributes");
    /// assert_eq!(required, Some(r#"["userAttributes.name"]"#));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub const NEW_PASSWORD_REQUIRED: &str = "NEW_PASSWORD_REQUIRED";
    /// A Lambda-defined challenge.
    ///
    /// ```
    /// use cognito_srp_http::operations::{AuthResponse, challenge};
    /// // Public and private challenge parameters, as the pool's Lambda set them.
    /// let response: AuthResponse = serde_json::from_str(r#"{"ChallengeName":"CUSTOM_CHALLENGE",
    ///     "Session":"AYAB-fake","ChallengeParameters":{"USERNAME":"alice","question":"6 x 7?"}}"#)?;
    /// assert_eq!(response.challenge_name.as_deref(), Some(challenge::CUSTOM_CHALLENGE));
    /// assert_eq!(response.challenge_parameters.get("question"), Some("6 x 7?"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub const CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";
}

/// `AnalyticsMetadata`.
///
/// ```
/// use cognito_srp_http::operations::AnalyticsMetadata;
/// let metadata = AnalyticsMetadata { analytics_endpoint_id: Some("d3f1-fake".into()) };
/// assert_eq!(serde_json::to_string(&metadata)?, r#"{"AnalyticsEndpointId":"d3f1-fake"}"#);
/// assert_eq!(serde_json::to_string(&AnalyticsMetadata::default())?, "{}");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AnalyticsMetadata {
    /// `AnalyticsEndpointId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_endpoint_id: Option<String>,
}

/// `UserContextData` (advanced security). Cognito's model marks it sensitive: `Debug`
/// prints neither field, and the encoded data is zeroized on drop.
///
/// ```
/// use cognito_srp_http::operations::UserContextData;
/// let context = UserContextData { ip_address: Some("192.0.2.1".into()), ..UserContextData::default() };
/// assert_eq!(serde_json::to_string(&context)?, r#"{"IpAddress":"192.0.2.1"}"#);
/// assert!(!format!("{context:?}").contains("192.0.2.1"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserContextData {
    /// `EncodedData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoded_data: Option<SecretString>,
    /// `IpAddress`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
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

/// `InitiateAuth` request.
///
/// ```
/// use cognito_srp_http::{Parameters, operations::{InitiateAuthRequest, auth_flow}};
/// let request = InitiateAuthRequest {
///     auth_flow: auth_flow::USER_SRP_AUTH.into(),
///     auth_parameters: Parameters::new().with("USERNAME", "alice").with("SRP_A", "5a0b"),
///     client_id: "1example23456789".into(),
///     client_metadata: Some(Parameters::new().with("source", "docs")),
///     ..InitiateAuthRequest::default()
/// };
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"AuthFlow":"USER_SRP_AUTH","AuthParameters":{"SRP_A":"5a0b","USERNAME":"alice"},"#.to_owned()
///         + r#""ClientId":"1example23456789","ClientMetadata":{"source":"docs"}}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    /// `AuthFlow` (see [`auth_flow`]).
    pub auth_flow: String,
    /// `AuthParameters`: `USERNAME`, `SRP_A`, `SECRET_HASH`, `DEVICE_KEY`, `REFRESH_TOKEN`, ...
    pub auth_parameters: Parameters,
    /// `ClientId`.
    pub client_id: String,
    /// `ClientMetadata` for Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<Parameters>,
    /// `AnalyticsMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// `UserContextData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
    /// `Session` (choice-based sign-in only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
}

/// `NewDeviceMetadata`: a device Cognito started tracking at this sign-in.
///
/// ```
/// use cognito_srp_http::operations::NewDeviceMetadata;
/// let device: NewDeviceMetadata = serde_json::from_str(
///     r#"{"DeviceKey":"eu-west-1_6a7c1c2e-fake","DeviceGroupKey":"-Xy1fake"}"#,
/// )?;
/// assert_eq!(device.device_key, "eu-west-1_6a7c1c2e-fake");
/// assert_eq!(device.device_group_key, "-Xy1fake");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadata {
    /// `DeviceKey` (`region_uuid`).
    #[serde(default)]
    pub device_key: String,
    /// `DeviceGroupKey`.
    #[serde(default)]
    pub device_group_key: String,
}

/// `AuthenticationResult`: the tokens.
///
/// ```
/// use cognito_srp_http::operations::AuthenticationResult;
/// let result: AuthenticationResult = serde_json::from_str(r#"{"AccessToken":"fake-access",
///     "ExpiresIn":3600,"TokenType":"Bearer","IdToken":"fake-id","RefreshToken":"fake-refresh"}"#)?;
/// assert_eq!(result.expires_in, 3600);
/// assert_eq!(result.access_token.expose_secret(), "fake-access");
/// assert!(result.new_device_metadata.is_none());
/// // The tokens are redacted when printed.
/// assert!(!format!("{result:?}").contains("fake-"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    /// `AccessToken`.
    #[serde(default)]
    pub access_token: SecretString,
    /// `ExpiresIn` (seconds).
    #[serde(default)]
    pub expires_in: u64,
    /// `TokenType` (`Bearer`).
    #[serde(default)]
    pub token_type: String,
    /// `RefreshToken` (absent on refresh).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<SecretString>,
    /// `IdToken`.
    #[serde(default)]
    pub id_token: SecretString,
    /// `NewDeviceMetadata`, when device tracking is on and this device is new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

/// `InitiateAuth` and `RespondToAuthChallenge` response.
///
/// ```
/// use cognito_srp_http::operations::AuthResponse;
/// // Either another step...
/// let step: AuthResponse = serde_json::from_str(r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA",
///     "Session":"AYAB-fake","ChallengeParameters":{"USERNAME":"alice"}}"#)?;
/// assert_eq!(step.challenge_name.as_deref(), Some("SOFTWARE_TOKEN_MFA"));
/// assert!(step.authentication_result.is_none());
/// // ...or the tokens.
/// let done: AuthResponse = serde_json::from_str(r#"{"ChallengeParameters":{},
///     "AuthenticationResult":{"AccessToken":"fake","IdToken":"fake","ExpiresIn":3600,
///     "TokenType":"Bearer"}}"#)?;
/// assert!(done.challenge_name.is_none());
/// assert_eq!(done.authentication_result.map(|r| r.token_type).as_deref(), Some("Bearer"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    /// `ChallengeName`, when another step is needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_name: Option<String>,
    /// `Session`, to pass to the next step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
    /// `ChallengeParameters`.
    #[serde(default)]
    pub challenge_parameters: Parameters,
    /// `AuthenticationResult`, when signed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResult>,
    /// `AvailableChallenges` (choice-based sign-in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_challenges: Option<Vec<String>>,
}

/// `InitiateAuth` response.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
/// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
/// # let emulator = cognito_srp_emulator::Emulator::builder()
/// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
/// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
/// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
/// use cognito_srp_http::{Parameters, operations::{InitiateAuthRequest, InitiateAuthResponse, auth_flow}};
/// let request = InitiateAuthRequest {
///     auth_flow: auth_flow::CUSTOM_AUTH.into(),
///     auth_parameters: Parameters::new().with("USERNAME", "alice"),
///     client_id: "app".into(),
///     ..InitiateAuthRequest::default()
/// };
/// // This pool has no custom-challenge Lambdas.
/// let err = client.initiate_auth(&request).await.unwrap_err();
/// assert_eq!(err.code(), Some(&cognito_srp_http::ErrorCode::InvalidParameter));
/// let response: InitiateAuthResponse = serde_json::from_str(r#"{"ChallengeName":"CUSTOM_CHALLENGE"}"#)?;
/// assert!(response.challenge_parameters.is_empty() && response.session.is_none());
/// # Ok(()) }
/// ```
pub type InitiateAuthResponse = AuthResponse;
/// `RespondToAuthChallenge` response.
///
/// ```
/// use cognito_srp_http::operations::RespondToAuthChallengeResponse;
/// // Tokens for a new device, on a pool with device tracking.
/// let response: RespondToAuthChallengeResponse = serde_json::from_str(r#"{"ChallengeParameters":{},
///     "AuthenticationResult":{"AccessToken":"fake","IdToken":"fake","RefreshToken":"fake",
///     "ExpiresIn":3600,"TokenType":"Bearer",
///     "NewDeviceMetadata":{"DeviceKey":"eu-west-1_fake","DeviceGroupKey":"-fake"}}}"#)?;
/// let result = response.authentication_result.ok_or("no tokens")?;
/// let device = result.new_device_metadata.ok_or("no new device")?;
/// assert_eq!(device.device_key, "eu-west-1_fake");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type RespondToAuthChallengeResponse = AuthResponse;

/// `RespondToAuthChallenge` request.
///
/// ```
/// use cognito_srp_http::{Parameters, operations::{RespondToAuthChallengeRequest, challenge}};
/// let request = RespondToAuthChallengeRequest {
///     client_id: "1example23456789".into(),
///     challenge_name: challenge::SOFTWARE_TOKEN_MFA.into(),
///     session: Some("AYAB-fake".into()),
///     challenge_responses: Parameters::new()
///         .with("USERNAME", "alice")
///         .with("SOFTWARE_TOKEN_MFA_CODE", "123456"),
///     ..RespondToAuthChallengeRequest::default()
/// };
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"ClientId":"1example23456789","ChallengeName":"SOFTWARE_TOKEN_MFA","#.to_owned()
///         + r#""Session":"AYAB-fake","#
///         + r#""ChallengeResponses":{"SOFTWARE_TOKEN_MFA_CODE":"123456","USERNAME":"alice"}}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    /// `ClientId`.
    pub client_id: String,
    /// `ChallengeName` (see [`challenge`]).
    pub challenge_name: String,
    /// `Session` from the previous step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
    /// `ChallengeResponses`.
    pub challenge_responses: Parameters,
    /// `ClientMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<Parameters>,
    /// `AnalyticsMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// `UserContextData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
}

/// `DeviceSecretVerifierConfig`.
///
/// ```
/// use cognito_srp_http::operations::DeviceSecretVerifierConfig;
/// use cognito_srp_core::DeviceVerifier;
/// let verifier = DeviceVerifier::from_parts("-Xy1fake", "eu-west-1_fake", "fake-password", &[7; 16])?;
/// let config = DeviceSecretVerifierConfig {
///     password_verifier: verifier.password_verifier().into(),
///     salt: verifier.salt().into(),
/// };
/// let json = serde_json::to_value(&config)?;
/// assert_eq!(json["Salt"], "BwcHBwcHBwcHBwcHBwcHBw=="); // base64 of the 16 salt bytes
/// // Base64 of the padded 3072-bit verifier: 384 bytes, or 385 with a leading zero byte.
/// assert!(matches!(json["PasswordVerifier"].as_str().map(str::len), Some(512 | 516)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceSecretVerifierConfig {
    /// `PasswordVerifier`: base64 of pad(g^x). Redacted in `Debug`, zeroized on drop.
    pub password_verifier: SecretString,
    /// `Salt`: base64 of the salt bytes. Redacted in `Debug` too, to be conservative.
    pub salt: SecretString,
}

/// `ConfirmDevice` request.
///
/// ```
/// use cognito_srp_http::operations::ConfirmDeviceRequest;
/// let request = ConfirmDeviceRequest {
///     access_token: "fake-access-token".into(),
///     device_key: "eu-west-1_fake".into(),
///     device_secret_verifier_config: None,
///     device_name: Some("laptop".into()),
/// };
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"AccessToken":"fake-access-token","DeviceKey":"eu-west-1_fake","DeviceName":"laptop"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceRequest {
    /// `AccessToken`.
    pub access_token: SecretString,
    /// `DeviceKey`.
    pub device_key: String,
    /// `DeviceSecretVerifierConfig`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_secret_verifier_config: Option<DeviceSecretVerifierConfig>,
    /// `DeviceName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
}

/// `ConfirmDevice` response.
///
/// ```
/// use cognito_srp_http::operations::ConfirmDeviceResponse;
/// let response: ConfirmDeviceResponse = serde_json::from_str(r#"{"UserConfirmationNecessary":true}"#)?;
/// assert!(response.user_confirmation_necessary);
/// let response: ConfirmDeviceResponse = serde_json::from_str("{}")?;
/// assert!(!response.user_confirmation_necessary);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceResponse {
    /// `UserConfirmationNecessary`: the pool lets the user choose whether to remember it.
    #[serde(default)]
    pub user_confirmation_necessary: bool,
}

/// `DeviceRememberedStatus` values.
///
/// ```
/// use cognito_srp_http::operations::{UpdateDeviceStatusRequest, device_status};
/// let request = UpdateDeviceStatusRequest {
///     access_token: "fake-access-token".into(),
///     device_key: "eu-west-1_fake".into(),
///     device_remembered_status: Some(device_status::NOT_REMEMBERED.into()),
/// };
/// let json = serde_json::to_value(&request)?;
/// assert_eq!(json["DeviceRememberedStatus"], "not_remembered");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub mod device_status {
    /// Remembered: sign-ins from it skip MFA.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","mfa":"OPTIONAL","device_tracking":{},
    /// #   "clients":[{"id":"app"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,
    /// #     "totp_secret":"JBSWY3DPEHPK3PXP"}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// # let code = cognito_srp_emulator::totp_code("JBSWY3DPEHPK3PXP", emulator.admin().now())?;
    /// # let mut first = pool.sign_in("alice", "Correct-Horse-9");
    /// # first.start().await?;
    /// # let step = first.answer_mfa_code(&code).await?;
    /// # let cognito_srp_http::Step::Done(first) = step else { return Err("MFA".into()) };
    /// # let device = first.device.clone().ok_or("no device")?;
    /// use cognito_srp_http::{Step, operations::{UpdateDeviceStatusRequest, device_status}};
    /// // Here `first` is a sign-in through TOTP MFA that confirmed `device`, a new device.
    /// client.update_device_status(&UpdateDeviceStatusRequest {
    ///     access_token: first.tokens.access_token.clone(),
    ///     device_key: device.device_key.clone(),
    ///     device_remembered_status: Some(device_status::REMEMBERED.into()),
    /// }).await?;
    /// // The next sign-in from this device asks for no MFA code.
    /// let next = pool.sign_in("alice", "Correct-Horse-9").device(device).start().await?;
    /// assert!(matches!(next, Step::Done(_)));
    /// # Ok(()) }
    /// ```
    pub const REMEMBERED: &str = "remembered";
    /// Tracked but not remembered.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},"clients":[{"id":"app"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// # let cognito_srp_http::Step::Done(signed_in) =
    /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
    /// # let access_token = signed_in.tokens.access_token.clone();
    /// # let device = signed_in.device.clone().ok_or("no device")?;
    /// use cognito_srp_http::operations::device_status;
    /// // Here `access_token` and `device` come from alice's sign-in, which confirmed a device.
    /// // This pool lets the user choose, and a new device starts out not remembered.
    /// let tracked = pool.get_device(&access_token, &device.device_key).await?;
    /// assert_eq!(tracked.attribute("dev:device_remembered_status"), Some(device_status::NOT_REMEMBERED));
    /// # Ok(()) }
    /// ```
    pub const NOT_REMEMBERED: &str = "not_remembered";
}

/// `UpdateDeviceStatus` request.
///
/// ```
/// use cognito_srp_http::operations::{UpdateDeviceStatusRequest, device_status};
/// let request = UpdateDeviceStatusRequest {
///     access_token: "fake-access-token".into(),
///     device_key: "eu-west-1_fake".into(),
///     device_remembered_status: Some(device_status::REMEMBERED.into()),
/// };
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"AccessToken":"fake-access-token","DeviceKey":"eu-west-1_fake","#.to_owned()
///         + r#""DeviceRememberedStatus":"remembered"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateDeviceStatusRequest {
    /// `AccessToken`.
    pub access_token: SecretString,
    /// `DeviceKey`.
    pub device_key: String,
    /// `DeviceRememberedStatus` (see [`device_status`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_remembered_status: Option<String>,
}

/// `AttributeType`: a name and value.
///
/// ```
/// use cognito_srp_http::operations::AttributeType;
/// let attribute: AttributeType = serde_json::from_str(r#"{"Name":"email","Value":"alice@example.com"}"#)?;
/// assert_eq!(attribute.name, "email");
/// assert_eq!(attribute.value.as_deref(), Some("alice@example.com"));
/// let no_value: AttributeType = serde_json::from_str(r#"{"Name":"device_name"}"#)?;
/// assert_eq!(no_value.value, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    /// `Name`.
    pub name: String,
    /// `Value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// `DeviceType`: a tracked device.
///
/// ```
/// use cognito_srp_http::operations::DeviceType;
/// let device: DeviceType = serde_json::from_str(r#"{"DeviceKey":"eu-west-1_fake",
///     "DeviceAttributes":[{"Name":"device_status","Value":"valid"},
///     {"Name":"device_name","Value":"laptop"}],
///     "DeviceCreateDate":1767776703.5,"DeviceLastAuthenticatedDate":1767780000}"#)?;
/// assert_eq!(device.device_key, "eu-west-1_fake");
/// assert_eq!(device.device_attributes.len(), 2);
/// assert_eq!(device.device_create_date, Some(1_767_776_703.5));
/// assert_eq!(device.device_last_modified_date, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceType {
    /// `DeviceKey`.
    #[serde(default)]
    pub device_key: String,
    /// `DeviceAttributes` (`device_name`, `device_status`, ...).
    #[serde(default)]
    pub device_attributes: Vec<AttributeType>,
    /// `DeviceCreateDate` (seconds since the epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_create_date: Option<f64>,
    /// `DeviceLastModifiedDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_last_modified_date: Option<f64>,
    /// `DeviceLastAuthenticatedDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_last_authenticated_date: Option<f64>,
}

impl DeviceType {
    /// The value of a device attribute (`device_name`, `device_status`, ...).
    ///
    /// ```
    /// use cognito_srp_http::operations::DeviceType;
    /// let device: DeviceType = serde_json::from_str(r#"{"DeviceKey":"eu-west-1_fake",
    ///     "DeviceAttributes":[{"Name":"device_status","Value":"valid"},
    ///     {"Name":"device_name","Value":"laptop"}]}"#)?;
    /// assert_eq!(device.attribute("device_name"), Some("laptop"));
    /// assert_eq!(device.attribute("last_ip_used"), None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.device_attributes.iter().find(|a| a.name == name).and_then(|a| a.value.as_deref())
    }
}

/// `GetDevice` request.
///
/// ```
/// use cognito_srp_http::operations::GetDeviceRequest;
/// let request =
///     GetDeviceRequest { device_key: "eu-west-1_fake".into(), access_token: "fake-access-token".into() };
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"DeviceKey":"eu-west-1_fake","AccessToken":"fake-access-token"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDeviceRequest {
    /// `DeviceKey`.
    pub device_key: String,
    /// `AccessToken`.
    pub access_token: SecretString,
}

/// `GetDevice` response.
///
/// ```
/// use cognito_srp_http::operations::GetDeviceResponse;
/// let response: GetDeviceResponse = serde_json::from_str(r#"{"Device":{"DeviceKey":"eu-west-1_fake",
///     "DeviceAttributes":[{"Name":"dev:device_remembered_status","Value":"remembered"}]}}"#)?;
/// assert_eq!(response.device.device_key, "eu-west-1_fake");
/// assert_eq!(response.device.attribute("dev:device_remembered_status"), Some("remembered"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDeviceResponse {
    /// `Device`.
    #[serde(default)]
    pub device: DeviceType,
}

/// `ListDevices` request.
///
/// ```
/// use cognito_srp_http::operations::ListDevicesRequest;
/// let request = ListDevicesRequest {
///     access_token: "fake-access-token".into(),
///     limit: Some(10),
///     pagination_token: Some("eu-west-1_next".into()),
/// };
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"AccessToken":"fake-access-token","Limit":10,"PaginationToken":"eu-west-1_next"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesRequest {
    /// `AccessToken`.
    pub access_token: SecretString,
    /// `Limit` (at most 60).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `PaginationToken` from the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

/// `ListDevices` response.
///
/// ```
/// use cognito_srp_http::operations::ListDevicesResponse;
/// let page: ListDevicesResponse = serde_json::from_str(
///     r#"{"Devices":[{"DeviceKey":"eu-west-1_a"},{"DeviceKey":"eu-west-1_b"}],
///         "PaginationToken":"eu-west-1_c"}"#,
/// )?;
/// let keys: Vec<&str> = page.devices.iter().map(|d| d.device_key.as_str()).collect();
/// assert_eq!(keys, ["eu-west-1_a", "eu-west-1_b"]);
/// assert_eq!(page.pagination_token.as_deref(), Some("eu-west-1_c")); // there are more
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesResponse {
    /// `Devices`.
    #[serde(default)]
    pub devices: Vec<DeviceType>,
    /// `PaginationToken`, when there are more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

/// `ForgetDevice` request.
///
/// ```
/// use cognito_srp_http::operations::ForgetDeviceRequest;
/// let request = ForgetDeviceRequest { access_token: None, device_key: "eu-west-1_fake".into() };
/// assert_eq!(serde_json::to_string(&request)?, r#"{"DeviceKey":"eu-west-1_fake"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForgetDeviceRequest {
    /// `AccessToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SecretString>,
    /// `DeviceKey`.
    pub device_key: String,
}

/// `GlobalSignOut` request.
///
/// ```
/// use cognito_srp_http::operations::GlobalSignOutRequest;
/// let request = GlobalSignOutRequest { access_token: "fake-access-token".into() };
/// assert_eq!(serde_json::to_string(&request)?, r#"{"AccessToken":"fake-access-token"}"#);
/// // The token is redacted when printed.
/// assert_eq!(format!("{request:?}"), "GlobalSignOutRequest { access_token: <redacted> }");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlobalSignOutRequest {
    /// `AccessToken`.
    pub access_token: SecretString,
}

/// `RevokeToken` request.
///
/// ```
/// use cognito_srp_http::operations::RevokeTokenRequest;
/// let request = RevokeTokenRequest {
///     token: "fake-refresh-token".into(),
///     client_id: "1example23456789".into(),
///     client_secret: Some("fake-client-secret".into()),
/// };
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"Token":"fake-refresh-token","ClientId":"1example23456789","ClientSecret":"fake-client-secret"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeTokenRequest {
    /// `Token`: the refresh token to revoke.
    pub token: SecretString,
    /// `ClientId`.
    pub client_id: String,
    /// `ClientSecret`, for app clients with a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<SecretString>,
}

/// `AssociateSoftwareToken` request: with an access token (signed in) or a `Session`
/// (the `MFA_SETUP` challenge).
///
/// ```
/// use cognito_srp_http::operations::AssociateSoftwareTokenRequest;
/// let during_sign_in =
///     AssociateSoftwareTokenRequest { access_token: None, session: Some("AYAB-fake".into()) };
/// assert_eq!(serde_json::to_string(&during_sign_in)?, r#"{"Session":"AYAB-fake"}"#);
/// let signed_in =
///     AssociateSoftwareTokenRequest { access_token: Some("fake-access-token".into()), session: None };
/// assert_eq!(serde_json::to_string(&signed_in)?, r#"{"AccessToken":"fake-access-token"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
    /// `AccessToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SecretString>,
    /// `Session`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
}

/// `AssociateSoftwareToken` response.
///
/// ```
/// use cognito_srp_http::operations::AssociateSoftwareTokenResponse;
/// let response: AssociateSoftwareTokenResponse =
///     serde_json::from_str(r#"{"SecretCode":"JBSWY3DPEHPK3PXP","Session":"AYAB-fake"}"#)?;
/// assert_eq!(response.secret_code.expose_secret(), "JBSWY3DPEHPK3PXP");
/// assert_eq!(response.session.as_ref().map(|s| s.expose_secret()), Some("AYAB-fake"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    /// `SecretCode`: the base32 TOTP seed for the authenticator app.
    #[serde(default)]
    pub secret_code: SecretString,
    /// `Session`, for `VerifySoftwareToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
}

/// `VerifySoftwareToken` request.
///
/// ```
/// use cognito_srp_http::operations::VerifySoftwareTokenRequest;
/// let request = VerifySoftwareTokenRequest {
///     access_token: Some("fake-access-token".into()),
///     user_code: "123456".into(),
///     friendly_device_name: Some("phone".into()),
///     ..VerifySoftwareTokenRequest::default()
/// };
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"AccessToken":"fake-access-token","UserCode":"123456","FriendlyDeviceName":"phone"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
    /// `AccessToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SecretString>,
    /// `Session`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
    /// `UserCode`: the 6 digits the app shows.
    pub user_code: SecretString,
    /// `FriendlyDeviceName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}

/// `VerifySoftwareToken` response.
///
/// ```
/// use cognito_srp_http::operations::VerifySoftwareTokenResponse;
/// let response: VerifySoftwareTokenResponse = serde_json::from_str(r#"{"Status":"SUCCESS"}"#)?;
/// assert_eq!(response.status.as_deref(), Some("SUCCESS"));
/// assert_eq!(response.session, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    /// `Status`: `SUCCESS` or `ERROR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `Session`, for the `MFA_SETUP` answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
}

/// `SMSMfaSettings` / `SoftwareTokenMfaSettings` / `EmailMfaSettings`.
///
/// ```
/// use cognito_srp_http::operations::MfaSettings;
/// let enabled = MfaSettings { enabled: Some(true), preferred_mfa: None };
/// assert_eq!(serde_json::to_string(&enabled)?, r#"{"Enabled":true}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSettings {
    /// `Enabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// `PreferredMfa`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa: Option<bool>,
}

/// `SetUserMFAPreference` request.
///
/// ```
/// use cognito_srp_http::operations::{MfaSettings, SetUserMfaPreferenceRequest};
/// let request = SetUserMfaPreferenceRequest {
///     software_token_mfa_settings: Some(MfaSettings { enabled: Some(true), preferred_mfa: Some(true) }),
///     access_token: "fake-access-token".into(),
///     ..SetUserMfaPreferenceRequest::default()
/// };
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"SoftwareTokenMfaSettings":{"Enabled":true,"PreferredMfa":true},"#.to_owned()
///         + r#""AccessToken":"fake-access-token"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetUserMfaPreferenceRequest {
    /// `SMSMfaSettings`.
    #[serde(rename = "SMSMfaSettings", skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<MfaSettings>,
    /// `SoftwareTokenMfaSettings`.
    #[serde(rename = "SoftwareTokenMfaSettings", skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_settings: Option<MfaSettings>,
    /// `EmailMfaSettings`.
    #[serde(rename = "EmailMfaSettings", skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<MfaSettings>,
    /// `AccessToken`.
    #[serde(rename = "AccessToken")]
    pub access_token: SecretString,
}

/// `MFAOptionType` (legacy SMS MFA settings).
///
/// ```
/// use cognito_srp_http::operations::MfaOptionType;
/// let option: MfaOptionType =
///     serde_json::from_str(r#"{"DeliveryMedium":"SMS","AttributeName":"phone_number"}"#)?;
/// assert_eq!(option.delivery_medium.as_deref(), Some("SMS"));
/// assert_eq!(option.attribute_name.as_deref(), Some("phone_number"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaOptionType {
    /// `DeliveryMedium`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<String>,
    /// `AttributeName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

/// `GetUser` request.
///
/// ```
/// use cognito_srp_http::operations::GetUserRequest;
/// let request = GetUserRequest { access_token: "fake-access-token".into() };
/// assert_eq!(serde_json::to_string(&request)?, r#"{"AccessToken":"fake-access-token"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserRequest {
    /// `AccessToken`.
    pub access_token: SecretString,
}

/// `GetUser` response.
///
/// ```
/// use cognito_srp_http::operations::GetUserResponse;
/// let me: GetUserResponse = serde_json::from_str(r#"{"Username":"alice",
///     "UserAttributes":[{"Name":"email","Value":"alice@example.com"}],
///     "PreferredMfaSetting":"SOFTWARE_TOKEN_MFA","UserMFASettingList":["SOFTWARE_TOKEN_MFA"]}"#)?;
/// assert_eq!(me.username, "alice");
/// assert_eq!(me.preferred_mfa_setting.as_deref(), Some("SOFTWARE_TOKEN_MFA"));
/// assert_eq!(me.user_mfa_setting_list, Some(vec!["SOFTWARE_TOKEN_MFA".to_owned()]));
/// assert_eq!(me.mfa_options, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetUserResponse {
    /// `Username`: the internal user name.
    #[serde(rename = "Username", default)]
    pub username: String,
    /// `UserAttributes`.
    #[serde(rename = "UserAttributes", default)]
    pub user_attributes: Vec<AttributeType>,
    /// `MFAOptions`.
    #[serde(rename = "MFAOptions", default, skip_serializing_if = "Option::is_none")]
    pub mfa_options: Option<Vec<MfaOptionType>>,
    /// `PreferredMfaSetting`.
    #[serde(rename = "PreferredMfaSetting", default, skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    /// `UserMFASettingList`.
    #[serde(rename = "UserMFASettingList", default, skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

impl GetUserResponse {
    /// The value of a user attribute.
    ///
    /// ```
    /// use cognito_srp_http::operations::GetUserResponse;
    /// let me: GetUserResponse = serde_json::from_str(r#"{"Username":"alice","UserAttributes":[
    ///     {"Name":"sub","Value":"5f1c-fake"},{"Name":"email","Value":"alice@example.com"}]}"#)?;
    /// assert_eq!(me.attribute("email"), Some("alice@example.com"));
    /// assert_eq!(me.attribute("phone_number"), None);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.user_attributes.iter().find(|a| a.name == name).and_then(|a| a.value.as_deref())
    }
}

/// `ChangePassword` request.
///
/// ```
/// use cognito_srp_http::operations::ChangePasswordRequest;
/// let request = ChangePasswordRequest {
///     previous_password: Some("fake-old-password".into()),
///     proposed_password: "fake-new-password".into(),
///     access_token: "fake-access-token".into(),
/// };
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"PreviousPassword":"fake-old-password","ProposedPassword":"fake-new-password","#.to_owned()
///         + r#""AccessToken":"fake-access-token"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangePasswordRequest {
    /// `PreviousPassword`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_password: Option<SecretString>,
    /// `ProposedPassword`.
    pub proposed_password: SecretString,
    /// `AccessToken`.
    pub access_token: SecretString,
}

/// The empty response of operations that return nothing (`{}`); unknown fields are kept.
/// `Debug` prints their names only: nothing is known about what they hold.
///
/// ```
/// use cognito_srp_http::operations::EmptyResponse;
/// let empty: EmptyResponse = serde_json::from_str("{}")?;
/// assert!(empty.0.is_empty());
/// let extra: EmptyResponse = serde_json::from_str(r#"{"NewField":true}"#)?;
/// assert_eq!(extra.0.get("NewField"), Some(&serde_json::Value::Bool(true)));
/// assert_eq!(format!("{extra:?}"), r#"EmptyResponse { fields: ["NewField"] }"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EmptyResponse(pub BTreeMap<String, serde_json::Value>);

impl core::fmt::Debug for EmptyResponse {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let fields: Vec<&str> = self.0.keys().map(String::as_str).collect();
        f.debug_struct("EmptyResponse").field("fields", &fields).finish()
    }
}

macro_rules! operation {
    ($(#[$doc:meta])* $method:ident, $name:literal, $req:ty, $resp:ty, $resend:expr) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// [`Error::Service`] with Cognito's error type, [`Error::Transport`] after the
        /// retries the client's [`crate::RetryPolicy`] allows, or [`Error::Protocol`] for a
        /// body that does not parse.
        pub async fn $method(&self, request: &$req) -> Result<$resp, Error> {
            self.call($name, request, $resend).await
        }
    };
}

impl Client {
    operation!(
        /// `InitiateAuth`: starts a sign-in or refreshes tokens. Retried on transient
        /// failures (each attempt opens a new session).
        ///
        /// The first step of an SRP sign-in by hand ([`crate::SignIn`] does all of it):
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// use cognito_srp_http::{Parameters, operations::{InitiateAuthRequest, auth_flow, challenge}};
        /// let mut a = [0u8; 32];
        /// getrandom::fill(&mut a)?;
        /// let ephemeral = cognito_srp_core::ClientEphemeral::from_secret_bytes(&a)?;
        /// let srp_a = ephemeral.public_hex();
        /// let response = client
        ///     .initiate_auth(&InitiateAuthRequest {
        ///         auth_flow: auth_flow::USER_SRP_AUTH.into(),
        ///         auth_parameters: Parameters::new()
        ///             .with("USERNAME", "alice")
        ///             .with("SRP_A", srp_a.as_str()),
        ///         client_id: "app".into(),
        ///         ..InitiateAuthRequest::default()
        ///     })
        ///     .await?;
        /// assert_eq!(response.challenge_name.as_deref(), Some(challenge::PASSWORD_VERIFIER));
        /// let params = &response.challenge_parameters;
        /// assert_eq!(params.get("USER_ID_FOR_SRP"), Some("alice"));
        /// assert!(params.get("SALT").is_some() && params.get("SRP_B").is_some());
        /// # Ok(()) }
        /// ```
        initiate_auth, "InitiateAuth", InitiateAuthRequest, AuthResponse, Resend::Idempotent
    );
    operation!(
        /// `RespondToAuthChallenge`. The session it carries may be consumed by a request that
        /// failed half-way, so it is resent only when the connection never opened; flows
        /// restart from `InitiateAuth` instead.
        ///
        /// The second step of an SRP sign-in by hand: prove the password.
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// use cognito_srp_core::{PasswordVerifierChallenge, Timestamp};
        /// use cognito_srp_http::Parameters;
        /// use cognito_srp_http::operations::{
        ///     InitiateAuthRequest, RespondToAuthChallengeRequest, auth_flow, challenge,
        /// };
        /// # let mut a = [0u8; 32];
        /// # getrandom::fill(&mut a)?;
        /// # let ephemeral = cognito_srp_core::ClientEphemeral::from_secret_bytes(&a)?;
        /// # let srp_a = ephemeral.public_hex();
        /// # let response = client
        /// #     .initiate_auth(&InitiateAuthRequest {
        /// #         auth_flow: auth_flow::USER_SRP_AUTH.into(),
        /// #         auth_parameters: Parameters::new()
        /// #             .with("USERNAME", "alice")
        /// #             .with("SRP_A", srp_a.as_str()),
        /// #         client_id: "app".into(),
        /// #         ..InitiateAuthRequest::default()
        /// #     })
        /// #     .await?;
        /// // `response` is the PASSWORD_VERIFIER challenge of `InitiateAuth` with `SRP_A`.
        /// let p = &response.challenge_parameters;
        /// let secret_block = p.get("SECRET_BLOCK").ok_or("no SECRET_BLOCK")?;
        /// let verifier_challenge = PasswordVerifierChallenge {
        ///     user_id_for_srp: p.get("USER_ID_FOR_SRP").ok_or("no USER_ID_FOR_SRP")?,
        ///     salt_hex: p.get("SALT").ok_or("no SALT")?,
        ///     srp_b_hex: p.get("SRP_B").ok_or("no SRP_B")?,
        ///     secret_block,
        /// };
        /// let now = Timestamp::now()?;
        /// let password = "Correct-Horse-9";
        /// let claim = ephemeral.user_claim("eu-west-1_Docs1", &verifier_challenge, password, &now)?;
        /// let answer = client
        ///     .respond_to_auth_challenge(&RespondToAuthChallengeRequest {
        ///         client_id: "app".into(),
        ///         challenge_name: challenge::PASSWORD_VERIFIER.into(),
        ///         session: response.session.clone(),
        ///         challenge_responses: Parameters::new()
        ///             .with("USERNAME", "alice")
        ///             .with("PASSWORD_CLAIM_SECRET_BLOCK", secret_block)
        ///             .with("PASSWORD_CLAIM_SIGNATURE", claim.signature())
        ///             .with("TIMESTAMP", claim.timestamp()),
        ///         ..RespondToAuthChallengeRequest::default()
        ///     })
        ///     .await?;
        /// let tokens = answer.authentication_result.ok_or("no tokens")?;
        /// assert_eq!(tokens.token_type, "Bearer");
        /// # Ok(()) }
        /// ```
        respond_to_auth_challenge, "RespondToAuthChallenge", RespondToAuthChallengeRequest,
        AuthResponse, Resend::OnlyIfUnsent
    );
    operation!(
        /// `ConfirmDevice`: registers the device verifier after a sign-in that returned
        /// `NewDeviceMetadata`.
        ///
        /// By hand ([`crate::UserPool::confirm_device`] does this):
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},
        /// #   "clients":[{"id":"app",
        /// #     "explicit_auth_flows":["ALLOW_USER_PASSWORD_AUTH","ALLOW_USER_SRP_AUTH"]}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # use cognito_srp_http::{Parameters, operations::{InitiateAuthRequest, auth_flow}};
        /// # let params = Parameters::new().with("USERNAME", "alice").with("PASSWORD", "Correct-Horse-9");
        /// # let request = InitiateAuthRequest {
        /// #     auth_flow: auth_flow::USER_PASSWORD_AUTH.into(),
        /// #     auth_parameters: params,
        /// #     client_id: "app".into(),
        /// #     ..InitiateAuthRequest::default()
        /// # };
        /// # let result = client.initiate_auth(&request).await?.authentication_result.ok_or("no tokens")?;
        /// use cognito_srp_core::DeviceVerifier;
        /// use cognito_srp_http::operations::{ConfirmDeviceRequest, DeviceSecretVerifierConfig};
        /// // `result`: the AuthenticationResult of a sign-in on a pool with device tracking.
        /// let device = result.new_device_metadata.as_ref().ok_or("no new device")?;
        /// let mut salt = [0u8; 16];
        /// getrandom::fill(&mut salt)?;
        /// let device_password = "fake-device-password"; // 40 random bytes in base64 in real use
        /// let (group, key) = (&device.device_group_key, &device.device_key);
        /// let verifier = DeviceVerifier::from_parts(group, key, device_password, &salt)?;
        /// let confirmed = client
        ///     .confirm_device(&ConfirmDeviceRequest {
        ///         access_token: result.access_token.clone(),
        ///         device_key: device.device_key.clone(),
        ///         device_secret_verifier_config: Some(DeviceSecretVerifierConfig {
        ///             password_verifier: verifier.password_verifier().into(),
        ///             salt: verifier.salt().into(),
        ///         }),
        ///         device_name: Some("laptop".into()),
        ///     })
        ///     .await?;
        /// // This pool lets the user decide whether to remember the device.
        /// assert!(confirmed.user_confirmation_necessary);
        /// # Ok(()) }
        /// ```
        confirm_device, "ConfirmDevice", ConfirmDeviceRequest, ConfirmDeviceResponse,
        Resend::Idempotent
    );
    operation!(
        /// `UpdateDeviceStatus`: remember or stop remembering a device.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},"clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// # let device_key = signed_in.device.as_ref().ok_or("no device")?.device_key.clone();
        /// use cognito_srp_http::operations::{GetDeviceRequest, UpdateDeviceStatusRequest, device_status};
        /// // Here `access_token` and `device_key` come from alice's sign-in, which confirmed a device.
        /// client
        ///     .update_device_status(&UpdateDeviceStatusRequest {
        ///         access_token: access_token.clone(),
        ///         device_key: device_key.clone(),
        ///         device_remembered_status: Some(device_status::REMEMBERED.into()),
        ///     })
        ///     .await?;
        /// let got = client.get_device(&GetDeviceRequest { device_key, access_token }).await?;
        /// assert_eq!(got.device.attribute("dev:device_remembered_status"), Some(device_status::REMEMBERED));
        /// # Ok(()) }
        /// ```
        update_device_status, "UpdateDeviceStatus", UpdateDeviceStatusRequest, EmptyResponse,
        Resend::Idempotent
    );
    operation!(
        /// `GetDevice`.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},"clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").device_name("laptop").start().await?
        /// # else {
        /// #     return Err("MFA".into());
        /// # };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// # let device_key = signed_in.device.as_ref().ok_or("no device")?.device_key.clone();
        /// use cognito_srp_http::operations::GetDeviceRequest;
        /// // Here `access_token` and `device_key` come from alice's sign-in, which confirmed a device.
        /// // A device confirmed with the name "laptop" at sign-in.
        /// let request = GetDeviceRequest { device_key: device_key.clone(), access_token };
        /// let got = client.get_device(&request).await?;
        /// assert_eq!(got.device.device_key, device_key);
        /// assert_eq!(got.device.attribute("device_name"), Some("laptop"));
        /// # Ok(()) }
        /// ```
        get_device, "GetDevice", GetDeviceRequest, GetDeviceResponse, Resend::Idempotent
    );
    operation!(
        /// `ListDevices`: one page of the user's tracked devices.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},"clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// # pool.sign_in("alice", "Correct-Horse-9").start().await?; // a second device
        /// use cognito_srp_http::operations::ListDevicesRequest;
        /// // Here `access_token` is the access token of alice's finished sign-in.
        /// // The user has two devices; ask for one per page.
        /// let mut request = ListDevicesRequest { access_token, limit: Some(1), pagination_token: None };
        /// let first = client.list_devices(&request).await?;
        /// assert_eq!(first.devices.len(), 1);
        /// request.pagination_token = first.pagination_token;
        /// assert!(request.pagination_token.is_some());
        /// let second = client.list_devices(&request).await?;
        /// assert_eq!(second.devices.len(), 1);
        /// assert_eq!(second.pagination_token, None); // the last page
        /// assert_ne!(first.devices[0].device_key, second.devices[0].device_key);
        /// # Ok(()) }
        /// ```
        list_devices, "ListDevices", ListDevicesRequest, ListDevicesResponse, Resend::Idempotent
    );
    operation!(
        /// `ForgetDevice`.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},"clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// # let device_key = signed_in.device.as_ref().ok_or("no device")?.device_key.clone();
        /// use cognito_srp_http::ErrorCode;
        /// use cognito_srp_http::operations::{ForgetDeviceRequest, GetDeviceRequest};
        /// // Here `access_token` and `device_key` come from alice's sign-in, which confirmed a device.
        /// let access = Some(access_token.clone());
        /// let request = ForgetDeviceRequest { access_token: access, device_key: device_key.clone() };
        /// client.forget_device(&request).await?;
        /// let err = client.get_device(&GetDeviceRequest { device_key, access_token }).await.unwrap_err();
        /// assert_eq!(err.code(), Some(&ErrorCode::ResourceNotFound));
        /// # Ok(()) }
        /// ```
        forget_device, "ForgetDevice", ForgetDeviceRequest, EmptyResponse, Resend::Idempotent
    );
    operation!(
        /// `GlobalSignOut`: invalidates every refresh token of the user.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// use cognito_srp_http::ErrorCode;
        /// use cognito_srp_http::operations::{GetUserRequest, GlobalSignOutRequest};
        /// // Here `signed_in` is alice's finished sign-in and `access_token` its access token.
        /// client.global_sign_out(&GlobalSignOutRequest { access_token: access_token.clone() }).await?;
        /// // Tokens issued before the sign-out stop working.
        /// let err = client.get_user(&GetUserRequest { access_token }).await.unwrap_err();
        /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
        /// let refresh_token = signed_in.tokens.refresh_token.as_ref().ok_or("no refresh token")?;
        /// let err = pool.refresh(refresh_token, "alice", None).await.unwrap_err();
        /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
        /// # Ok(()) }
        /// ```
        global_sign_out, "GlobalSignOut", GlobalSignOutRequest, EmptyResponse, Resend::Idempotent
    );
    operation!(
        /// `RevokeToken`: revokes one refresh token and the tokens issued from it.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// use cognito_srp_http::ErrorCode;
        /// use cognito_srp_http::operations::RevokeTokenRequest;
        /// // Here `signed_in` is alice's finished sign-in.
        /// let refresh_token = signed_in.tokens.refresh_token.clone().ok_or("no refresh token")?;
        /// let request = RevokeTokenRequest {
        ///     token: refresh_token.clone(),
        ///     client_id: "app".into(),
        ///     client_secret: None,
        /// };
        /// client.revoke_token(&request).await?;
        /// let err = pool.refresh(&refresh_token, "alice", None).await.unwrap_err();
        /// assert_eq!(err.service().map(|e| e.message.as_str()), Some("Invalid Refresh Token"));
        /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
        /// # Ok(()) }
        /// ```
        revoke_token, "RevokeToken", RevokeTokenRequest, EmptyResponse, Resend::Idempotent
    );
    operation!(
        /// `AssociateSoftwareToken`: gets a TOTP seed. With a `Session` it moves the
        /// `MFA_SETUP` session on, so it is resent only when the connection never opened.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// use cognito_srp_http::operations::AssociateSoftwareTokenRequest;
        /// // Here `access_token` is the access token of alice's finished sign-in.
        /// let request = AssociateSoftwareTokenRequest { access_token: Some(access_token), session: None };
        /// let associated = client.associate_software_token(&request).await?;
        /// // A base32 seed (160 bits) for the authenticator app; no session when signed in.
        /// let seed = associated.secret_code.expose_secret();
        /// assert_eq!(seed.len(), 32);
        /// assert!(seed.bytes().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
        /// assert_eq!(associated.session, None);
        /// # Ok(()) }
        /// ```
        associate_software_token, "AssociateSoftwareToken", AssociateSoftwareTokenRequest,
        AssociateSoftwareTokenResponse, Resend::OnlyIfUnsent
    );
    operation!(
        /// `VerifySoftwareToken`: checks the first code of a new TOTP seed.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// # let admin = emulator.admin();
        /// # let authenticator_app = |seed: &str| cognito_srp_emulator::totp_code(seed, admin.now());
        /// use cognito_srp_http::operations::{
        ///     AssociateSoftwareTokenRequest, GetUserRequest, VerifySoftwareTokenRequest,
        /// };
        /// // Here `access_token` is the access token of alice's finished sign-in.
        /// let request =
        ///     AssociateSoftwareTokenRequest { access_token: Some(access_token.clone()), session: None };
        /// let seed = client.associate_software_token(&request).await?.secret_code;
        /// let code = authenticator_app(seed.expose_secret())?; // the code the app shows
        /// let verified = client
        ///     .verify_software_token(&VerifySoftwareTokenRequest {
        ///         access_token: Some(access_token.clone()),
        ///         user_code: code.into(),
        ///         friendly_device_name: Some("phone".into()),
        ///         ..VerifySoftwareTokenRequest::default()
        ///     })
        ///     .await?;
        /// assert_eq!(verified.status.as_deref(), Some("SUCCESS"));
        /// let me = client.get_user(&GetUserRequest { access_token }).await?;
        /// assert_eq!(me.user_mfa_setting_list, Some(vec!["SOFTWARE_TOKEN_MFA".to_owned()]));
        /// # Ok(()) }
        /// ```
        verify_software_token, "VerifySoftwareToken", VerifySoftwareTokenRequest,
        VerifySoftwareTokenResponse, Resend::OnlyIfUnsent
    );
    operation!(
        /// `SetUserMFAPreference`.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","mfa":"OPTIONAL","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,
        /// #     "phone":"+15555550123"}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// use cognito_srp_http::operations::{GetUserRequest, MfaSettings, SetUserMfaPreferenceRequest};
        /// // Here `access_token` is the access token of alice's finished sign-in.
        /// // A user with a phone number turns on SMS MFA.
        /// let sms = MfaSettings { enabled: Some(true), preferred_mfa: Some(true) };
        /// let request = SetUserMfaPreferenceRequest {
        ///     sms_mfa_settings: Some(sms),
        ///     access_token: access_token.clone(),
        ///     ..SetUserMfaPreferenceRequest::default()
        /// };
        /// client.set_user_mfa_preference(&request).await?;
        /// let me = client.get_user(&GetUserRequest { access_token }).await?;
        /// assert_eq!(me.preferred_mfa_setting.as_deref(), Some("SMS_MFA"));
        /// # Ok(()) }
        /// ```
        set_user_mfa_preference, "SetUserMFAPreference", SetUserMfaPreferenceRequest,
        EmptyResponse, Resend::Idempotent
    );
    operation!(
        /// `GetUser`: the signed-in user's name and attributes.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,
        /// #     "email":"alice@example.com"}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// use cognito_srp_http::operations::GetUserRequest;
        /// // Here `access_token` is the access token of alice's finished sign-in.
        /// let me = client.get_user(&GetUserRequest { access_token }).await?;
        /// assert_eq!(me.username, "alice");
        /// assert_eq!(me.attribute("email"), Some("alice@example.com"));
        /// # Ok(()) }
        /// ```
        get_user, "GetUser", GetUserRequest, GetUserResponse, Resend::Idempotent
    );
    operation!(
        /// `ChangePassword`. Not idempotent (a second attempt sends a stale previous
        /// password), so it is resent only when the connection never opened.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// use cognito_srp_http::{ErrorCode, Step, operations::ChangePasswordRequest};
        /// // Here `access_token` is the access token of alice's finished sign-in.
        /// let request = ChangePasswordRequest {
        ///     previous_password: Some("Correct-Horse-9".into()),
        ///     proposed_password: "Battery-Staple-7".into(),
        ///     access_token,
        /// };
        /// client.change_password(&request).await?;
        /// let err = pool.sign_in("alice", "Correct-Horse-9").start().await.unwrap_err();
        /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
        /// assert!(matches!(pool.sign_in("alice", "Battery-Staple-7").start().await?, Step::Done(_)));
        /// # Ok(()) }
        /// ```
        change_password, "ChangePassword", ChangePasswordRequest, EmptyResponse,
        Resend::OnlyIfUnsent
    );
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn field_names_match_the_aws_api() {
        let req = InitiateAuthRequest {
            auth_flow: auth_flow::USER_SRP_AUTH.into(),
            auth_parameters: Parameters::new().with("USERNAME", "u").with("SRP_A", "ab"),
            client_id: "c".into(),
            ..Default::default()
        };
        let json = serde_json::to_value(&req).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"AuthFlow":"USER_SRP_AUTH","AuthParameters":{"SRP_A":"ab","USERNAME":"u"},"ClientId":"c"})
        );
        let mfa = SetUserMfaPreferenceRequest {
            sms_mfa_settings: Some(MfaSettings { enabled: Some(true), preferred_mfa: Some(false) }),
            access_token: "t".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&mfa).unwrap(),
            serde_json::json!({"SMSMfaSettings":{"Enabled":true,"PreferredMfa":false},"AccessToken":"t"})
        );
        let confirm = ConfirmDeviceRequest {
            access_token: "t".into(),
            device_key: "k".into(),
            device_secret_verifier_config: Some(DeviceSecretVerifierConfig {
                password_verifier: "v".into(),
                salt: "s".into(),
            }),
            device_name: None,
        };
        assert_eq!(
            serde_json::to_value(&confirm).unwrap(),
            serde_json::json!({"AccessToken":"t","DeviceKey":"k","DeviceSecretVerifierConfig":{"PasswordVerifier":"v","Salt":"s"}})
        );
    }

    #[test]
    fn auth_response_parses_and_redacts() {
        let body = r#"{"ChallengeParameters":{},"AuthenticationResult":{"AccessToken":"tok-A-1","ExpiresIn":3600,
            "TokenType":"Bearer","RefreshToken":"tok-R-2","IdToken":"tok-I-3",
            "NewDeviceMetadata":{"DeviceKey":"us-east-1_dk","DeviceGroupKey":"gk"}},"Extra":1}"#;
        let resp: AuthResponse = serde_json::from_str(body).unwrap();
        let result = resp.authentication_result.as_ref().unwrap();
        assert_eq!(result.access_token.expose_secret(), "tok-A-1");
        assert_eq!(result.expires_in, 3600);
        assert_eq!(result.new_device_metadata.as_ref().unwrap().device_key, "us-east-1_dk");
        let debug = format!("{resp:?}");
        assert!(!debug.contains("tok-"), "{debug}");
    }

    #[test]
    fn device_dates_and_attributes() {
        let body = r#"{"Devices":[{"DeviceKey":"k","DeviceAttributes":[{"Name":"device_status","Value":"valid"}],
            "DeviceCreateDate":1.7e9}],"PaginationToken":"p"}"#;
        let resp: ListDevicesResponse = serde_json::from_str(body).unwrap();
        let dev = resp.devices.first().unwrap();
        assert_eq!(dev.attribute("device_status"), Some("valid"));
        assert_eq!(resp.pagination_token.as_deref(), Some("p"));
    }
}
