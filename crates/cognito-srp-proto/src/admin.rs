//! Administration and set-up operations: creating and describing pools and app clients,
//! managing users and their devices. On Amazon Cognito they need AWS credentials (SigV4);
//! emulators (moto, `cognito-srp-emulator`) accept them unsigned. Field names are Cognito's
//! (PascalCase JSON); client secrets and passwords are [`SecretString`]s.
//!
//! The types are `#[non_exhaustive]`: build a request with its `new` function and set the
//! optional fields, read responses by field.
//!
//! ```
//! use cognito_srp_proto::admin::{CreateUserPoolClientRequest, UserPoolClientResponse};
//! let mut request = CreateUserPoolClientRequest::new("eu-west-1_AbC", "app");
//! request.generate_secret = Some(true);
//! assert_eq!(
//!     serde_json::to_string(&request)?,
//!     r#"{"UserPoolId":"eu-west-1_AbC","ClientName":"app","GenerateSecret":true}"#
//! );
//! let answer: UserPoolClientResponse = serde_json::from_str(
//!     r#"{"UserPoolClient":{"UserPoolId":"eu-west-1_AbC","ClientId":"c1","ClientName":"app","ClientSecret":"s3cr3t"}}"#,
//! )?;
//! assert_eq!(answer.user_pool_client.client_secret.as_ref().map(|s| s.expose_secret()), Some("s3cr3t"));
//! assert!(!format!("{answer:?}").contains("s3cr3t"));
//! # Ok::<(), serde_json::Error>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::secret::SecretString;
use crate::vocab::{MfaConfiguration, UserStatus};
use crate::wire::{AttributeType, DeviceType, ListDevicesResponse, MfaSettings};

mod auth;
mod groups;
mod listing;
mod settings;

pub use auth::{
    AdminInitiateAuthRequest, AdminRespondToAuthChallengeRequest, ContextDataType, EmailMfaConfigType,
    HttpHeader,
};
pub use groups::*;
pub use listing::*;
pub use settings::*;

/// `DeviceConfiguration` of a pool: how devices are tracked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeviceConfiguration {
    /// A new device must pass MFA before it is tracked.
    #[serde(default)]
    pub challenge_required_on_new_device: bool,
    /// Devices are remembered only when the user says so (`UpdateDeviceStatus`).
    #[serde(default)]
    pub device_only_remembered_on_user_prompt: bool,
}

impl DeviceConfiguration {
    /// A configuration with both settings.
    #[must_use]
    pub fn new(challenge_required_on_new_device: bool, device_only_remembered_on_user_prompt: bool) -> Self {
        Self { challenge_required_on_new_device, device_only_remembered_on_user_prompt }
    }
}

/// `CreateUserPool`.
///
/// ```
/// use cognito_srp_proto::admin::CreateUserPoolRequest;
/// use cognito_srp_proto::vocab::MfaConfiguration;
/// let request: CreateUserPoolRequest =
///     serde_json::from_str(r#"{"PoolName":"demo","MfaConfiguration":"OPTIONAL","AliasAttributes":["email"]}"#)?;
/// assert_eq!(request.pool_name, "demo");
/// assert_eq!(request.settings.mfa_configuration, Some(MfaConfiguration::Optional));
/// assert_eq!(request.settings.device_configuration, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CreateUserPoolRequest {
    /// The pool's name.
    pub pool_name: String,
    /// Every other setting (MFA, device tracking, aliases, policies, ...).
    #[serde(flatten)]
    pub settings: UserPoolSettings,
    /// Custom attributes (and changes to standard ones) of the schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Vec<SchemaAttributeType>>,
}

impl CreateUserPoolRequest {
    /// A request for a pool named `pool_name` with Cognito's defaults.
    #[must_use]
    pub fn new(pool_name: impl Into<String>) -> Self {
        Self { pool_name: pool_name.into(), ..Self::default() }
    }
}

/// `UserPoolType`: a pool as `CreateUserPool` and `DescribeUserPool` describe it. Dates are
/// seconds since the epoch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserPoolType {
    /// `{region}_{id}`.
    #[serde(default)]
    pub id: String,
    /// The pool's name.
    #[serde(default)]
    pub name: String,
    /// The pool's ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// `Enabled` (Cognito still describes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<f64>,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<f64>,
    /// About how many users the pool has (`DescribeUserPool`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_number_of_users: Option<u64>,
    /// The schema: the standard attributes and the custom ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_attributes: Option<Vec<SchemaAttributeType>>,
    /// Every setting given at create or update time, or its default.
    #[serde(flatten)]
    pub settings: UserPoolSettings,
}

impl UserPoolType {
    /// A pool description with its id and name.
    #[must_use]
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self { id: id.into(), name: name.into(), ..Self::default() }
    }
}

/// The answer of `CreateUserPool` and `DescribeUserPool`.
///
/// ```
/// use cognito_srp_proto::admin::UserPoolResponse;
/// let answer: UserPoolResponse =
///     serde_json::from_str(r#"{"UserPool":{"Id":"eu-west-1_AbC","Name":"demo","CreationDate":1767776703.25}}"#)?;
/// assert_eq!(answer.user_pool.id, "eu-west-1_AbC");
/// assert_eq!(answer.user_pool.creation_date, Some(1_767_776_703.25));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserPoolResponse {
    /// The pool.
    #[serde(default)]
    pub user_pool: UserPoolType,
}

impl UserPoolResponse {
    /// The answer for `user_pool`.
    #[must_use]
    pub fn new(user_pool: UserPoolType) -> Self {
        Self { user_pool }
    }
}

/// `CreateUserPool`'s answer.
pub type CreateUserPoolResponse = UserPoolResponse;
/// `DescribeUserPool`'s answer.
pub type DescribeUserPoolResponse = UserPoolResponse;

/// A request that names a pool only: `DescribeUserPool`, `GetUserPoolMfaConfig`.
///
/// ```
/// use cognito_srp_proto::admin::UserPoolRequest;
/// let request = UserPoolRequest::new("eu-west-1_AbC");
/// assert_eq!(serde_json::to_string(&request)?, r#"{"UserPoolId":"eu-west-1_AbC"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserPoolRequest {
    /// The pool.
    pub user_pool_id: String,
}

impl UserPoolRequest {
    /// A request for the pool `user_pool_id`.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into() }
    }
}

/// `DescribeUserPool`.
pub type DescribeUserPoolRequest = UserPoolRequest;
/// `DeleteUserPool`.
pub type DeleteUserPoolRequest = UserPoolRequest;
/// `GetUserPoolMfaConfig`.
pub type GetUserPoolMfaConfigRequest = UserPoolRequest;

/// `CreateUserPoolClient`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CreateUserPoolClientRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The app client's name.
    pub client_name: String,
    /// Whether the client gets a secret (then every call carries a `SECRET_HASH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generate_secret: Option<bool>,
    /// A secret of the caller's choosing (24 to 64 characters) instead of a generated one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<SecretString>,
    /// Every other setting (auth flows, token validity, OAuth, ...).
    #[serde(flatten)]
    pub settings: UserPoolClientSettings,
}

impl CreateUserPoolClientRequest {
    /// A request for a client named `client_name` of the pool `user_pool_id`.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>, client_name: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), client_name: client_name.into(), ..Self::default() }
    }
}

/// `UserPoolClientType`: an app client. Its secret is redacted in `Debug`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserPoolClientType {
    /// The pool.
    #[serde(default)]
    pub user_pool_id: String,
    /// The client id.
    #[serde(default)]
    pub client_id: String,
    /// The client's name.
    #[serde(default)]
    pub client_name: String,
    /// The client secret, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<SecretString>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<f64>,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<f64>,
    /// Every setting given at create or update time, or its default.
    #[serde(flatten)]
    pub settings: UserPoolClientSettings,
}

impl UserPoolClientType {
    /// A client description with its pool, id and name.
    #[must_use]
    pub fn new(
        user_pool_id: impl Into<String>,
        client_id: impl Into<String>,
        client_name: impl Into<String>,
    ) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            client_id: client_id.into(),
            client_name: client_name.into(),
            ..Self::default()
        }
    }
}

/// The answer of `CreateUserPoolClient` and `DescribeUserPoolClient`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserPoolClientResponse {
    /// The client.
    #[serde(default)]
    pub user_pool_client: UserPoolClientType,
}

impl UserPoolClientResponse {
    /// The answer for `user_pool_client`.
    #[must_use]
    pub fn new(user_pool_client: UserPoolClientType) -> Self {
        Self { user_pool_client }
    }
}

/// `CreateUserPoolClient`'s answer.
pub type CreateUserPoolClientResponse = UserPoolClientResponse;
/// `DescribeUserPoolClient`'s answer.
pub type DescribeUserPoolClientResponse = UserPoolClientResponse;

/// `DescribeUserPoolClient`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DescribeUserPoolClientRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The client.
    pub client_id: String,
}

/// `DeleteUserPoolClient`.
pub type DeleteUserPoolClientRequest = DescribeUserPoolClientRequest;

impl DescribeUserPoolClientRequest {
    /// A request for the client `client_id` of the pool `user_pool_id`.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), client_id: client_id.into() }
    }
}

/// A request that names a user of a pool: `AdminGetUser`, `AdminDeleteUser`,
/// `AdminDisableUser`, `AdminEnableUser`, `AdminUserGlobalSignOut`.
///
/// ```
/// use cognito_srp_proto::admin::AdminUserRequest;
/// let request = AdminUserRequest::new("eu-west-1_AbC", "alice");
/// assert_eq!(serde_json::to_string(&request)?, r#"{"UserPoolId":"eu-west-1_AbC","Username":"alice"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminUserRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The user name, an alias or the `sub`.
    pub username: String,
}

impl AdminUserRequest {
    /// A request for the user `username` of the pool `user_pool_id`.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>, username: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), username: username.into() }
    }
}

/// `AdminGetUser`.
pub type AdminGetUserRequest = AdminUserRequest;
/// `AdminDeleteUser`.
pub type AdminDeleteUserRequest = AdminUserRequest;
/// `AdminDisableUser`.
pub type AdminDisableUserRequest = AdminUserRequest;
/// `AdminEnableUser`.
pub type AdminEnableUserRequest = AdminUserRequest;
/// `AdminUserGlobalSignOut`.
pub type AdminUserGlobalSignOutRequest = AdminUserRequest;

/// `AdminSetUserPassword`. The password is redacted in `Debug`.
///
/// ```
/// use cognito_srp_proto::admin::AdminSetUserPasswordRequest;
/// let mut request = AdminSetUserPasswordRequest::new("eu-west-1_AbC", "alice", "Correct-Horse-9");
/// request.permanent = Some(true);
/// assert!(!format!("{request:?}").contains("Correct-Horse-9"));
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"UserPoolId":"eu-west-1_AbC","Username":"alice","Password":"Correct-Horse-9","Permanent":true}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminSetUserPasswordRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The user.
    pub username: String,
    /// The new password.
    pub password: SecretString,
    /// `true`: the user is confirmed; `false` (the default): she must choose a new password at
    /// the next sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permanent: Option<bool>,
}

impl AdminSetUserPasswordRequest {
    /// A request that sets `password` for `username`.
    #[must_use]
    pub fn new(
        user_pool_id: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<SecretString>,
    ) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            username: username.into(),
            password: password.into(),
            permanent: None,
        }
    }
}

/// `AdminForgetDevice`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminForgetDeviceRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The user.
    pub username: String,
    /// The device.
    pub device_key: String,
}

impl AdminForgetDeviceRequest {
    /// A request that forgets `device_key` of `username`.
    #[must_use]
    pub fn new(
        user_pool_id: impl Into<String>,
        username: impl Into<String>,
        device_key: impl Into<String>,
    ) -> Self {
        Self { user_pool_id: user_pool_id.into(), username: username.into(), device_key: device_key.into() }
    }
}

/// `AdminGetDevice`: the same members as `AdminForgetDevice`.
pub type AdminGetDeviceRequest = AdminForgetDeviceRequest;

/// `AdminGetDevice`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminGetDeviceResponse {
    /// The device.
    #[serde(default)]
    pub device: DeviceType,
}

impl AdminGetDeviceResponse {
    /// The answer for `device`.
    #[must_use]
    pub fn new(device: DeviceType) -> Self {
        Self { device }
    }
}

/// `AdminUpdateDeviceStatus`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminUpdateDeviceStatusRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The user.
    pub username: String,
    /// The device.
    pub device_key: String,
    /// `remembered` or `not_remembered`; absent: not remembered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_remembered_status: Option<crate::DeviceRememberedStatus>,
}

impl AdminUpdateDeviceStatusRequest {
    /// A request for `device_key` of `username`.
    #[must_use]
    pub fn new(
        user_pool_id: impl Into<String>,
        username: impl Into<String>,
        device_key: impl Into<String>,
    ) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            username: username.into(),
            device_key: device_key.into(),
            device_remembered_status: None,
        }
    }
}

/// `SoftwareTokenMfaConfiguration` of a pool.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SoftwareTokenMfaConfigType {
    /// Whether authenticator apps may be used.
    #[serde(default)]
    pub enabled: bool,
}

impl SoftwareTokenMfaConfigType {
    /// A configuration that enables authenticator apps or not.
    #[must_use]
    pub fn new(enabled: bool) -> Self {
        Self { enabled }
    }
}

/// `SetUserPoolMfaConfig`.
///
/// ```
/// use cognito_srp_proto::admin::SetUserPoolMfaConfigRequest;
/// use cognito_srp_proto::vocab::MfaConfiguration;
/// let mut request = SetUserPoolMfaConfigRequest::new("eu-west-1_AbC");
/// request.mfa_configuration = Some(MfaConfiguration::On);
/// assert_eq!(serde_json::to_string(&request)?, r#"{"UserPoolId":"eu-west-1_AbC","MfaConfiguration":"ON"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SetUserPoolMfaConfigRequest {
    /// The pool.
    pub user_pool_id: String,
    /// MFA: off, optional or required; absent: unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_configuration: Option<MfaConfiguration>,
    /// Authenticator apps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_configuration: Option<SoftwareTokenMfaConfigType>,
    /// Email codes (MFA and `EMAIL_OTP` sign-in); present: email MFA is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_mfa_configuration: Option<EmailMfaConfigType>,
}

impl SetUserPoolMfaConfigRequest {
    /// A request for the pool `user_pool_id` that changes nothing yet.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), ..Self::default() }
    }
}

/// The answer of `SetUserPoolMfaConfig` and `GetUserPoolMfaConfig`.
///
/// ```
/// use cognito_srp_proto::admin::UserPoolMfaConfigResponse;
/// use cognito_srp_proto::vocab::MfaConfiguration;
/// let answer: UserPoolMfaConfigResponse = serde_json::from_str(
///     r#"{"MfaConfiguration":"OPTIONAL","SoftwareTokenMfaConfiguration":{"Enabled":true}}"#,
/// )?;
/// assert_eq!(answer.mfa_configuration, Some(MfaConfiguration::Optional));
/// assert!(answer.software_token_mfa_configuration.is_some_and(|c| c.enabled));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserPoolMfaConfigResponse {
    /// MFA: off, optional or required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_configuration: Option<MfaConfiguration>,
    /// Authenticator apps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_configuration: Option<SoftwareTokenMfaConfigType>,
    /// Email codes, when email MFA is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_mfa_configuration: Option<EmailMfaConfigType>,
}

impl UserPoolMfaConfigResponse {
    /// The answer for a pool's configuration.
    #[must_use]
    pub fn new(mfa_configuration: MfaConfiguration, software_token: SoftwareTokenMfaConfigType) -> Self {
        Self {
            mfa_configuration: Some(mfa_configuration),
            software_token_mfa_configuration: Some(software_token),
            email_mfa_configuration: None,
        }
    }
}

/// `SetUserPoolMfaConfig`'s answer.
pub type SetUserPoolMfaConfigResponse = UserPoolMfaConfigResponse;
/// `GetUserPoolMfaConfig`'s answer.
pub type GetUserPoolMfaConfigResponse = UserPoolMfaConfigResponse;

/// `AdminCreateUser`. The temporary password is redacted in `Debug`.
///
/// ```
/// use cognito_srp_proto::AttributeType;
/// use cognito_srp_proto::admin::AdminCreateUserRequest;
/// use cognito_srp_proto::vocab::attribute;
/// let mut request = AdminCreateUserRequest::new("eu-west-1_AbC", "alice");
/// request.user_attributes = Some(vec![AttributeType::new(attribute::EMAIL, Some("alice@example.com"))]);
/// request.temporary_password = Some("Temp-Pass-1".into());
/// assert!(!format!("{request:?}").contains("Temp-Pass-1"));
/// let json = serde_json::to_string(&request)?;
/// assert!(json.contains(r#""UserAttributes":[{"Name":"email","Value":"alice@example.com"}]"#), "{json}");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminCreateUserRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The user name (may be empty where an email is the user name and `UserAttributes`
    /// carries it).
    #[serde(default)]
    pub username: String,
    /// The user's attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_attributes: Option<Vec<AttributeType>>,
    /// The first password; absent: Cognito makes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_password: Option<SecretString>,
    /// `RESEND` or `SUPPRESS` the invitation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_action: Option<String>,
}

impl AdminCreateUserRequest {
    /// A request that creates `username` in the pool `user_pool_id`.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>, username: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), username: username.into(), ..Self::default() }
    }
}

/// `UserType`: a user as `AdminCreateUser` and `ListUsers` describe it. Dates are seconds
/// since the epoch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserType {
    /// The user name.
    #[serde(default)]
    pub username: String,
    /// The attributes.
    #[serde(default)]
    pub attributes: Vec<AttributeType>,
    /// When the user was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_create_date: Option<f64>,
    /// When the user last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_last_modified_date: Option<f64>,
    /// Whether the user may sign in.
    #[serde(default)]
    pub enabled: bool,
    /// Confirmed, must change the password, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_status: Option<UserStatus>,
}

impl UserType {
    /// A user description with its name and whether it is enabled.
    #[must_use]
    pub fn new(username: impl Into<String>, enabled: bool) -> Self {
        Self { username: username.into(), enabled, ..Self::default() }
    }

    /// The value of an attribute.
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|a| a.name == name).and_then(|a| a.value.as_deref())
    }
}

/// `AdminCreateUser`'s answer.
///
/// ```
/// use cognito_srp_proto::admin::AdminCreateUserResponse;
/// use cognito_srp_proto::vocab::UserStatus;
/// let answer: AdminCreateUserResponse = serde_json::from_str(
///     r#"{"User":{"Username":"alice","Enabled":true,"UserStatus":"FORCE_CHANGE_PASSWORD",
///         "Attributes":[{"Name":"sub","Value":"1b2c"}]}}"#,
/// )?;
/// assert_eq!(answer.user.user_status, Some(UserStatus::ForceChangePassword));
/// assert_eq!(answer.user.attribute("sub"), Some("1b2c"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminCreateUserResponse {
    /// The new user.
    #[serde(default)]
    pub user: UserType,
}

impl AdminCreateUserResponse {
    /// The answer for `user`.
    #[must_use]
    pub fn new(user: UserType) -> Self {
        Self { user }
    }
}

/// `AdminGetUser`'s answer.
///
/// ```
/// use cognito_srp_proto::admin::AdminGetUserResponse;
/// let answer: AdminGetUserResponse = serde_json::from_str(
///     r#"{"Username":"alice","Enabled":false,"UserStatus":"CONFIRMED",
///         "UserMFASettingList":["SOFTWARE_TOKEN_MFA"],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA"}"#,
/// )?;
/// assert!(!answer.enabled);
/// assert_eq!(answer.user_mfa_setting_list.as_deref(), Some(&["SOFTWARE_TOKEN_MFA".to_owned()][..]));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AdminGetUserResponse {
    /// The user name.
    #[serde(rename = "Username", default)]
    pub username: String,
    /// The attributes.
    #[serde(rename = "UserAttributes", default)]
    pub user_attributes: Vec<AttributeType>,
    /// When the user was created.
    #[serde(rename = "UserCreateDate", default, skip_serializing_if = "Option::is_none")]
    pub user_create_date: Option<f64>,
    /// When the user last changed.
    #[serde(rename = "UserLastModifiedDate", default, skip_serializing_if = "Option::is_none")]
    pub user_last_modified_date: Option<f64>,
    /// Whether the user may sign in.
    #[serde(rename = "Enabled", default)]
    pub enabled: bool,
    /// Confirmed, must change the password, ...
    #[serde(rename = "UserStatus", default, skip_serializing_if = "Option::is_none")]
    pub user_status: Option<UserStatus>,
    /// The preferred MFA method (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, ...).
    #[serde(rename = "PreferredMfaSetting", default, skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    /// The MFA methods the user has turned on.
    #[serde(rename = "UserMFASettingList", default, skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

impl AdminGetUserResponse {
    /// An answer for `username`, enabled or not.
    #[must_use]
    pub fn new(username: impl Into<String>, enabled: bool) -> Self {
        Self { username: username.into(), enabled, ..Self::default() }
    }

    /// The value of an attribute.
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.user_attributes.iter().find(|a| a.name == name).and_then(|a| a.value.as_deref())
    }
}

/// `ListUsers`.
///
/// ```
/// use cognito_srp_proto::admin::ListUsersRequest;
/// let mut request = ListUsersRequest::new("eu-west-1_AbC");
/// request.filter = Some(r#"email = "alice@example.com""#.into());
/// request.limit = Some(10);
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"UserPoolId":"eu-west-1_AbC","Limit":10,"Filter":"email = \"alice@example.com\""}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListUsersRequest {
    /// The pool.
    pub user_pool_id: String,
    /// At most this many users (Cognito: 1 to 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Where the previous page ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
    /// `attribute = "value"` or `attribute ^= "prefix"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
}

impl ListUsersRequest {
    /// A request for the first page of the pool's users.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), ..Self::default() }
    }
}

/// `ListUsers`' answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListUsersResponse {
    /// A page of users.
    #[serde(default)]
    pub users: Vec<UserType>,
    /// The next page's token, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

impl ListUsersResponse {
    /// A page of `users`, and the token of the next one.
    #[must_use]
    pub fn new(users: Vec<UserType>, pagination_token: Option<String>) -> Self {
        Self { users, pagination_token }
    }
}

/// `AdminListDevices`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminListDevicesRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The user.
    pub username: String,
    /// At most this many devices (Cognito: 0 to 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Where the previous page ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

impl AdminListDevicesRequest {
    /// A request for the first page of `username`'s devices.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>, username: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), username: username.into(), ..Self::default() }
    }
}

/// `AdminListDevices`' answer: the same shape as `ListDevices`'.
pub type AdminListDevicesResponse = ListDevicesResponse;

/// `AdminSetUserMFAPreference`.
///
/// ```
/// use cognito_srp_proto::MfaSettings;
/// use cognito_srp_proto::admin::AdminSetUserMfaPreferenceRequest;
/// let mut request = AdminSetUserMfaPreferenceRequest::new("eu-west-1_AbC", "alice");
/// request.software_token_mfa_settings = Some(MfaSettings::new(true, true));
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"UserPoolId":"eu-west-1_AbC","Username":"alice","SoftwareTokenMfaSettings":{"Enabled":true,"PreferredMfa":true}}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AdminSetUserMfaPreferenceRequest {
    /// The pool.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user.
    #[serde(rename = "Username")]
    pub username: String,
    /// Text-message codes.
    #[serde(rename = "SMSMfaSettings", default, skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<MfaSettings>,
    /// Authenticator-app codes.
    #[serde(rename = "SoftwareTokenMfaSettings", default, skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_settings: Option<MfaSettings>,
    /// Email codes.
    #[serde(rename = "EmailMfaSettings", default, skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<MfaSettings>,
}

impl AdminSetUserMfaPreferenceRequest {
    /// A request for `username` that changes nothing yet.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>, username: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), username: username.into(), ..Self::default() }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use alloc::vec;

    use super::*;
    use crate::vocab::member;
    use crate::wire::{
        ChangePasswordRequest, ConfirmDeviceRequest, DeviceSecretVerifierConfig, RevokeTokenRequest,
        VerifySoftwareTokenRequest,
    };
    use crate::{AuthFlow, ChallengeName, InitiateAuthRequest, RespondToAuthChallengeRequest};

    /// The member names of `value`'s JSON object.
    fn keys<T: Serialize>(value: &T) -> Vec<String> {
        match serde_json::to_value(value).unwrap() {
            serde_json::Value::Object(map) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// The `member` constants are the names serde writes: every request with its optional
    /// members set is spelled with them.
    #[test]
    fn member_constants_are_the_serde_names() {
        let known = [
            member::ACCESS_TOKEN,
            member::AUTH_FLOW,
            member::AUTH_PARAMETERS,
            member::CHALLENGE_NAME,
            member::CHALLENGE_RESPONSES,
            member::CLIENT_ID,
            member::CLIENT_METADATA,
            member::CLIENT_NAME,
            member::CLIENT_SECRET,
            member::DEVICE_KEY,
            member::DEVICE_NAME,
            member::DEVICE_SECRET_VERIFIER_CONFIG,
            member::FILTER,
            member::GROUP_NAME,
            member::MAX_RESULTS,
            member::NAME,
            member::NEXT_TOKEN,
            member::PAGINATION_TOKEN,
            member::PASSWORD,
            member::PASSWORD_VERIFIER,
            member::POOL_NAME,
            member::PREVIOUS_PASSWORD,
            member::PROPOSED_PASSWORD,
            member::SALT,
            member::SESSION,
            member::TEMPORARY_PASSWORD,
            member::TOKEN,
            member::USER_ATTRIBUTES,
            member::USER_CODE,
            member::USERNAME,
            member::USER_POOL_ID,
            member::VALUE,
        ];
        let mut initiate = InitiateAuthRequest::new(AuthFlow::UserSrpAuth, "c");
        initiate.client_metadata = Some(crate::Parameters::new());
        let mut respond = RespondToAuthChallengeRequest::new(ChallengeName::SmsMfa, "c");
        respond.session = Some("s".into());
        let config = DeviceSecretVerifierConfig::new("v", "s");
        let confirm = ConfirmDeviceRequest::new("t", "k").verifier(config.clone()).device_name("d");
        let mut create = AdminCreateUserRequest::new("p", "u");
        create.temporary_password = Some("x".into());
        create.user_attributes = Some(vec![AttributeType::new("n", Some("v"))]);
        let mut users = ListUsersRequest::new("p");
        users.filter = Some("f".into());
        users.pagination_token = Some("t".into());
        let mut paged = GroupPageRequest::new("p");
        paged.next_token = Some("t".into());
        let sets = [
            keys(&initiate),
            keys(&respond),
            keys(&confirm),
            keys(&config),
            keys(&create),
            keys(&AttributeType::new("n", Some("v"))),
            keys(&users),
            keys(&CreateUserPoolRequest::new("n")),
            keys(&CreateUserPoolClientRequest::new("p", "n")),
            keys(&DescribeUserPoolClientRequest::new("p", "c")),
            keys(&AdminSetUserPasswordRequest::new("p", "u", "x")),
            keys(&AdminForgetDeviceRequest::new("p", "u", "k")),
            keys(&RevokeTokenRequest::new("t", "c").client_secret("s")),
            keys(&VerifySoftwareTokenRequest::new("123456").session("s")),
            keys(&ChangePasswordRequest::new(Some("a"), "b", "t")),
            keys(&GroupRequest::new("p", "g")),
            keys(&ListUserPoolsRequest::new(1)),
            keys(&paged),
        ];
        let mut missing = Vec::new();
        for name in &known {
            if !sets.iter().flatten().any(|k| k == name) {
                missing.push(*name);
            }
        }
        assert!(missing.is_empty(), "member constants no request spells: {missing:?}");
    }

    /// Every settings member is spelled as Cognito spells it: a request with all of them
    /// reads and writes back unchanged (a misspelled rename would drop a member).
    #[test]
    fn settings_round_trip_with_every_member() {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:f";
        let versioned = serde_json::json!({ "LambdaVersion": "V1_0", "LambdaArn": arn });
        let pool = serde_json::json!({
            "PoolName": "p",
            "Policies": { "PasswordPolicy": { "MinimumLength": 8, "RequireUppercase": true, "RequireLowercase": true,
                "RequireNumbers": true, "RequireSymbols": true, "PasswordHistorySize": 1, "TemporaryPasswordValidityDays": 7 },
                "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD"] } },
            "DeletionProtection": "ACTIVE",
            "LambdaConfig": { "PreSignUp": arn, "CustomMessage": arn, "PostConfirmation": arn, "PreAuthentication": arn,
                "PostAuthentication": arn, "DefineAuthChallenge": arn, "CreateAuthChallenge": arn,
                "VerifyAuthChallengeResponse": arn, "PreTokenGeneration": arn, "UserMigration": arn,
                "PreTokenGenerationConfig": versioned, "CustomSMSSender": versioned, "CustomEmailSender": versioned,
                "KMSKeyID": arn, "InboundFederation": versioned },
            "AutoVerifiedAttributes": ["email"], "AliasAttributes": ["email"], "UsernameAttributes": ["email"],
            "SmsVerificationMessage": "{####}", "EmailVerificationMessage": "{####}", "EmailVerificationSubject": "s",
            "VerificationMessageTemplate": { "SmsMessage": "a", "EmailMessage": "b", "EmailSubject": "c",
                "EmailMessageByLink": "d", "EmailSubjectByLink": "e", "DefaultEmailOption": "CONFIRM_WITH_CODE" },
            "SmsAuthenticationMessage": "{####}", "MfaConfiguration": "ON",
            "UserAttributeUpdateSettings": { "AttributesRequireVerificationBeforeUpdate": ["email"] },
            "DeviceConfiguration": { "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": true },
            "EmailConfiguration": { "SourceArn": arn, "ReplyToEmailAddress": "r", "EmailSendingAccount": "DEVELOPER",
                "From": "f", "ConfigurationSet": "c" },
            "SmsConfiguration": { "SnsCallerArn": arn, "ExternalId": "x", "SnsRegion": "us-east-1" },
            "UserPoolTags": { "k": "v" },
            "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": true, "UnusedAccountValidityDays": 7,
                "InviteMessageTemplate": { "SMSMessage": "a", "EmailMessage": "b", "EmailSubject": "c" } },
            "UserPoolAddOns": { "AdvancedSecurityMode": "AUDIT", "AdvancedSecurityAdditionalFlows": { "CustomAuthMode": "AUDIT" } },
            "UsernameConfiguration": { "CaseSensitive": false },
            "AccountRecoverySetting": { "RecoveryMechanisms": [{ "Priority": 1, "Name": "admin_only" }] },
            "UserPoolTier": "PLUS",
            "Schema": [{ "Name": "n", "AttributeDataType": "Number", "DeveloperOnlyAttribute": false, "Mutable": true,
                "Required": false, "NumberAttributeConstraints": { "MinValue": "0", "MaxValue": "9" },
                "StringAttributeConstraints": { "MinLength": "0", "MaxLength": "9" } }],
        });
        let read: CreateUserPoolRequest = serde_json::from_value(pool.clone()).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), pool);
        let client = serde_json::json!({
            "UserPoolId": "p", "ClientName": "c", "GenerateSecret": true, "ClientSecret": "s".repeat(24),
            "RefreshTokenValidity": 1, "AccessTokenValidity": 1, "IdTokenValidity": 1,
            "TokenValidityUnits": { "AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days" },
            "ReadAttributes": ["email"], "WriteAttributes": ["email"], "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"],
            "SupportedIdentityProviders": ["COGNITO"], "CallbackURLs": ["https://a"], "LogoutURLs": ["https://b"],
            "DefaultRedirectURI": "https://a", "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid"],
            "AllowedOAuthFlowsUserPoolClient": true,
            "AnalyticsConfiguration": { "ApplicationId": "a", "ApplicationArn": arn, "RoleArn": arn, "ExternalId": "x", "UserDataShared": true },
            "PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": true,
            "EnablePropagateAdditionalUserContextData": false, "AuthSessionValidity": 3,
            "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 5 },
        });
        let read: CreateUserPoolClientRequest = serde_json::from_value(client.clone()).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), client);
    }
}

/// `AdminConfirmSignUp`.
pub type AdminConfirmSignUpRequest = AdminUserRequest;
/// `AdminResetUserPassword`.
pub type AdminResetUserPasswordRequest = AdminUserRequest;

/// `AdminUpdateUserAttributes`.
///
/// ```
/// use cognito_srp_proto::AttributeType;
/// use cognito_srp_proto::admin::AdminUpdateUserAttributesRequest;
/// let request = AdminUpdateUserAttributesRequest::new("eu-west-1_AbC", "ann", vec![AttributeType::new("name", Some("Ann"))]);
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"UserPoolId":"eu-west-1_AbC","Username":"ann","UserAttributes":[{"Name":"name","Value":"Ann"}]}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminUpdateUserAttributesRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The user name, an alias or the `sub`.
    pub username: String,
    /// The attributes to set (`email_verified` and `phone_number_verified` too).
    pub user_attributes: Vec<AttributeType>,
    /// Data for the pool's Lambda triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<crate::account::ClientMetadata>,
}

impl AdminUpdateUserAttributesRequest {
    /// Sets `attributes` for `username`.
    #[must_use]
    pub fn new(
        user_pool_id: impl Into<String>,
        username: impl Into<String>,
        attributes: Vec<AttributeType>,
    ) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            username: username.into(),
            user_attributes: attributes,
            client_metadata: None,
        }
    }
}

/// `AdminDeleteUserAttributes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AdminDeleteUserAttributesRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The user name, an alias or the `sub`.
    pub username: String,
    /// The names of the attributes to delete.
    pub user_attribute_names: Vec<String>,
}

impl AdminDeleteUserAttributesRequest {
    /// Deletes `names` from `username`.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>, username: impl Into<String>, names: Vec<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), username: username.into(), user_attribute_names: names }
    }
}
