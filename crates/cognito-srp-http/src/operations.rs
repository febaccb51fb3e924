//! One typed request and response per Cognito operation, with the field names of the AWS
//! Cognito Identity Provider API, and the [`Client`] method that sends it.
//!
//! These are the public (unsigned) operations a user pool app client calls; none needs AWS
//! credentials. Secrets (tokens, passwords, codes) are [`SecretString`]s or live in
//! [`Parameters`], both redacted in `Debug`.

use alloc::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::client::Resend;
use crate::{Client, Error, Parameters, SecretString};

/// `AuthFlow` values of `InitiateAuth`.
pub mod auth_flow {
    /// SRP with the user's password (and optionally `DEVICE_KEY`).
    pub const USER_SRP_AUTH: &str = "USER_SRP_AUTH";
    /// Refresh tokens.
    pub const REFRESH_TOKEN_AUTH: &str = "REFRESH_TOKEN_AUTH";
    /// The password in clear over TLS.
    pub const USER_PASSWORD_AUTH: &str = "USER_PASSWORD_AUTH";
    /// Lambda-driven custom challenges (with `SRP_A` to start with SRP).
    pub const CUSTOM_AUTH: &str = "CUSTOM_AUTH";
    /// Choice-based sign-in.
    pub const USER_AUTH: &str = "USER_AUTH";
}

/// `ChallengeName` values.
pub mod challenge {
    /// SRP: prove the password.
    pub const PASSWORD_VERIFIER: &str = "PASSWORD_VERIFIER";
    /// Device SRP: send a fresh `SRP_A` with `DEVICE_KEY`.
    pub const DEVICE_SRP_AUTH: &str = "DEVICE_SRP_AUTH";
    /// Device SRP: prove the device password.
    pub const DEVICE_PASSWORD_VERIFIER: &str = "DEVICE_PASSWORD_VERIFIER";
    /// A code sent by SMS.
    pub const SMS_MFA: &str = "SMS_MFA";
    /// A code from an authenticator app.
    pub const SOFTWARE_TOKEN_MFA: &str = "SOFTWARE_TOKEN_MFA";
    /// A code sent by email.
    pub const EMAIL_OTP: &str = "EMAIL_OTP";
    /// Pick one of several MFA methods.
    pub const SELECT_MFA_TYPE: &str = "SELECT_MFA_TYPE";
    /// Set up MFA before signing in.
    pub const MFA_SETUP: &str = "MFA_SETUP";
    /// An admin-created user must choose a password.
    pub const NEW_PASSWORD_REQUIRED: &str = "NEW_PASSWORD_REQUIRED";
    /// A Lambda-defined challenge.
    pub const CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";
}

/// `AnalyticsMetadata`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AnalyticsMetadata {
    /// `AnalyticsEndpointId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_endpoint_id: Option<String>,
}

/// `UserContextData` (advanced security).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserContextData {
    /// `EncodedData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoded_data: Option<String>,
    /// `IpAddress`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
}

/// `InitiateAuth` request.
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
    pub session: Option<String>,
}

/// `NewDeviceMetadata`: a device Cognito started tracking at this sign-in.
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    /// `ChallengeName`, when another step is needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_name: Option<String>,
    /// `Session`, to pass to the next step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
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
pub type InitiateAuthResponse = AuthResponse;
/// `RespondToAuthChallenge` response.
pub type RespondToAuthChallengeResponse = AuthResponse;

/// `RespondToAuthChallenge` request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    /// `ClientId`.
    pub client_id: String,
    /// `ChallengeName` (see [`challenge`]).
    pub challenge_name: String,
    /// `Session` from the previous step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceSecretVerifierConfig {
    /// `PasswordVerifier`: base64 of pad(g^x).
    pub password_verifier: String,
    /// `Salt`: base64 of the salt bytes.
    pub salt: String,
}

/// `ConfirmDevice` request.
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceResponse {
    /// `UserConfirmationNecessary`: the pool lets the user choose whether to remember it.
    #[serde(default)]
    pub user_confirmation_necessary: bool,
}

/// `DeviceRememberedStatus` values.
pub mod device_status {
    /// Remembered: sign-ins from it skip MFA.
    pub const REMEMBERED: &str = "remembered";
    /// Tracked but not remembered.
    pub const NOT_REMEMBERED: &str = "not_remembered";
}

/// `UpdateDeviceStatus` request.
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    /// `Name`.
    pub name: String,
    /// `Value`.
    #[serde(default)]
    pub value: Option<String>,
}

/// `DeviceType`: a tracked device.
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
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.device_attributes.iter().find(|a| a.name == name).and_then(|a| a.value.as_deref())
    }
}

/// `GetDevice` request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDeviceRequest {
    /// `DeviceKey`.
    pub device_key: String,
    /// `AccessToken`.
    pub access_token: SecretString,
}

/// `GetDevice` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDeviceResponse {
    /// `Device`.
    #[serde(default)]
    pub device: DeviceType,
}

/// `ListDevices` request.
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlobalSignOutRequest {
    /// `AccessToken`.
    pub access_token: SecretString,
}

/// `RevokeToken` request.
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
    /// `AccessToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SecretString>,
    /// `Session`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// `AssociateSoftwareToken` response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    /// `SecretCode`: the base32 TOTP seed for the authenticator app.
    #[serde(default)]
    pub secret_code: SecretString,
    /// `Session`, for `VerifySoftwareToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// `VerifySoftwareToken` request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
    /// `AccessToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<SecretString>,
    /// `Session`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// `UserCode`: the 6 digits the app shows.
    pub user_code: SecretString,
    /// `FriendlyDeviceName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}

/// `VerifySoftwareToken` response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    /// `Status`: `SUCCESS` or `ERROR`.
    #[serde(default)]
    pub status: Option<String>,
    /// `Session`, for the `MFA_SETUP` answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// `SMSMfaSettings` / `SoftwareTokenMfaSettings` / `EmailMfaSettings`.
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaOptionType {
    /// `DeliveryMedium`.
    #[serde(default)]
    pub delivery_medium: Option<String>,
    /// `AttributeName`.
    #[serde(default)]
    pub attribute_name: Option<String>,
}

/// `GetUser` request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserRequest {
    /// `AccessToken`.
    pub access_token: SecretString,
}

/// `GetUser` response.
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
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.user_attributes.iter().find(|a| a.name == name).and_then(|a| a.value.as_deref())
    }
}

/// `ChangePassword` request.
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EmptyResponse(pub BTreeMap<String, serde_json::Value>);

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
        initiate_auth, "InitiateAuth", InitiateAuthRequest, AuthResponse, Resend::Idempotent
    );
    operation!(
        /// `RespondToAuthChallenge`. The session it carries may be consumed by a request that
        /// failed half-way, so it is resent only when the connection never opened; flows
        /// restart from `InitiateAuth` instead.
        respond_to_auth_challenge, "RespondToAuthChallenge", RespondToAuthChallengeRequest,
        AuthResponse, Resend::OnlyIfUnsent
    );
    operation!(
        /// `ConfirmDevice`: registers the device verifier after a sign-in that returned
        /// `NewDeviceMetadata`.
        confirm_device, "ConfirmDevice", ConfirmDeviceRequest, ConfirmDeviceResponse,
        Resend::Idempotent
    );
    operation!(
        /// `UpdateDeviceStatus`: remember or stop remembering a device.
        update_device_status, "UpdateDeviceStatus", UpdateDeviceStatusRequest, EmptyResponse,
        Resend::Idempotent
    );
    operation!(
        /// `GetDevice`.
        get_device, "GetDevice", GetDeviceRequest, GetDeviceResponse, Resend::Idempotent
    );
    operation!(
        /// `ListDevices`: one page of the user's tracked devices.
        list_devices, "ListDevices", ListDevicesRequest, ListDevicesResponse, Resend::Idempotent
    );
    operation!(
        /// `ForgetDevice`.
        forget_device, "ForgetDevice", ForgetDeviceRequest, EmptyResponse, Resend::Idempotent
    );
    operation!(
        /// `GlobalSignOut`: invalidates every refresh token of the user.
        global_sign_out, "GlobalSignOut", GlobalSignOutRequest, EmptyResponse, Resend::Idempotent
    );
    operation!(
        /// `RevokeToken`: revokes one refresh token and the tokens issued from it.
        revoke_token, "RevokeToken", RevokeTokenRequest, EmptyResponse, Resend::Idempotent
    );
    operation!(
        /// `AssociateSoftwareToken`: gets a TOTP seed. With a `Session` it moves the
        /// `MFA_SETUP` session on, so it is resent only when the connection never opened.
        associate_software_token, "AssociateSoftwareToken", AssociateSoftwareTokenRequest,
        AssociateSoftwareTokenResponse, Resend::OnlyIfUnsent
    );
    operation!(
        /// `VerifySoftwareToken`: checks the first code of a new TOTP seed.
        verify_software_token, "VerifySoftwareToken", VerifySoftwareTokenRequest,
        VerifySoftwareTokenResponse, Resend::OnlyIfUnsent
    );
    operation!(
        /// `SetUserMFAPreference`.
        set_user_mfa_preference, "SetUserMFAPreference", SetUserMfaPreferenceRequest,
        EmptyResponse, Resend::Idempotent
    );
    operation!(
        /// `GetUser`: the signed-in user's name and attributes.
        get_user, "GetUser", GetUserRequest, GetUserResponse, Resend::Idempotent
    );
    operation!(
        /// `ChangePassword`. Not idempotent (a second attempt sends a stale previous
        /// password), so it is resent only when the connection never opened.
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
