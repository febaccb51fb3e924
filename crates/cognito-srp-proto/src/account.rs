//! Account operations a user calls without AWS credentials: signing up and confirming,
//! resending the code, resetting a forgotten password, changing and verifying attributes,
//! deleting attributes or the account. Field names are Cognito's (PascalCase JSON);
//! passwords, codes and tokens are [`SecretString`]s, so `Debug` never shows them.
//!
//! The types are `#[non_exhaustive]`: build a request with its `new` function and set the
//! optional fields, read responses by field.
//!
//! ```
//! use cognito_srp_proto::account::{SignUpRequest, SignUpResponse};
//! use cognito_srp_proto::vocab::{DeliveryMedium, attribute};
//! use cognito_srp_proto::AttributeType;
//! let mut request = SignUpRequest::new("client-id", "ann", "Passw0rd!");
//! request.user_attributes = Some(vec![AttributeType::new(attribute::EMAIL, Some("ann@example.com"))]);
//! let json = serde_json::to_string(&request)?;
//! assert!(json.starts_with(r#"{"ClientId":"client-id","Username":"ann","Password":"Passw0rd!""#), "{json}");
//! assert!(!format!("{request:?}").contains("Passw0rd!"));
//!
//! let answer: SignUpResponse = serde_json::from_str(
//!     r#"{"UserConfirmed":false,"UserSub":"0b1c","CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#,
//! )?;
//! let details = answer.code_delivery_details.unwrap();
//! assert_eq!((details.delivery_medium, details.destination.as_deref()), (Some(DeliveryMedium::Email), Some("a***@e***")));
//! # Ok::<(), serde_json::Error>(())
//! ```

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use crate::secret::SecretString;
use crate::vocab::DeliveryMedium;
use crate::wire::{AnalyticsMetadata, AttributeType, UserContextData};

mod flows;

pub use flows::{
    AttributeUpdate, ConfirmedSignUp, MAX_CODE_CHARS, MAX_PASSWORD_CHARS, SignUpNext, SignedUp, check_code,
    check_password, code_delivery, is_verifiable,
};

/// `ClientMetadata`: data for the pool's Lambda triggers.
pub type ClientMetadata = BTreeMap<String, String>;

/// `CodeDeliveryDetailsType`: where a code went, the destination masked (`a***@e***`,
/// `+*******0100`).
///
/// ```
/// use cognito_srp_proto::account::CodeDeliveryDetails;
/// use cognito_srp_proto::vocab::DeliveryMedium;
/// let details = CodeDeliveryDetails::new("+*******0100", DeliveryMedium::Sms, "phone_number");
/// assert_eq!(
///     serde_json::to_string(&details)?,
///     r#"{"Destination":"+*******0100","DeliveryMedium":"SMS","AttributeName":"phone_number"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CodeDeliveryDetails {
    /// The masked phone number or email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// Text or email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<DeliveryMedium>,
    /// The attribute the destination is (`email`, `phone_number`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

impl CodeDeliveryDetails {
    /// Details with all three fields.
    #[must_use]
    pub fn new(destination: impl Into<String>, medium: DeliveryMedium, attribute: impl Into<String>) -> Self {
        Self {
            destination: Some(destination.into()),
            delivery_medium: Some(medium),
            attribute_name: Some(attribute.into()),
        }
    }
}

/// `SignUp`. `Password` may be left out on pools that sign in without passwords.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SignUpRequest {
    /// The app client id.
    pub client_id: String,
    /// The user name (or the email / phone number where those are user names).
    pub username: String,
    /// The password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<SecretString>,
    /// HMAC of user name and client id under the client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<SecretString>,
    /// The new user's attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_attributes: Option<Vec<AttributeType>>,
    /// Data for the pre-sign-up Lambda trigger (not stored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_data: Option<Vec<AttributeType>>,
    /// Data for the pool's Lambda triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<ClientMetadata>,
    /// Pinpoint analytics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Threat-protection data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
}

impl SignUpRequest {
    /// A sign-up of `username` with `password` through `client_id`.
    #[must_use]
    pub fn new(
        client_id: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<SecretString>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            username: username.into(),
            password: Some(password.into()),
            ..Self::default()
        }
    }
}

/// `SignUp`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SignUpResponse {
    /// Whether the user is confirmed already (no code needed).
    #[serde(default)]
    pub user_confirmed: bool,
    /// Where the confirmation code went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
    /// The new user's `sub`.
    #[serde(default)]
    pub user_sub: String,
    /// A session for signing in right after confirmation (choice-based sign-in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
}

impl SignUpResponse {
    /// An answer for the user `user_sub`.
    #[must_use]
    pub fn new(user_sub: impl Into<String>, user_confirmed: bool) -> Self {
        Self { user_confirmed, user_sub: user_sub.into(), ..Self::default() }
    }
}

/// `ConfirmSignUp`.
///
/// ```
/// use cognito_srp_proto::account::ConfirmSignUpRequest;
/// let request = ConfirmSignUpRequest::new("client-id", "ann", "123456");
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"ClientId":"client-id","Username":"ann","ConfirmationCode":"123456"}"#
/// );
/// assert!(!format!("{request:?}").contains("123456"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ConfirmSignUpRequest {
    /// The app client id.
    pub client_id: String,
    /// The user name (or an alias).
    pub username: String,
    /// The code sent at sign-up.
    pub confirmation_code: SecretString,
    /// HMAC of user name and client id under the client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<SecretString>,
    /// Take the email or phone number over as an alias even if another user has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_alias_creation: Option<bool>,
    /// The `Session` of `SignUp` (choice-based sign-in after confirmation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
    /// Data for the pool's Lambda triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<ClientMetadata>,
    /// Pinpoint analytics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Threat-protection data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
}

impl ConfirmSignUpRequest {
    /// Confirms `username` with `code`.
    #[must_use]
    pub fn new(
        client_id: impl Into<String>,
        username: impl Into<String>,
        code: impl Into<SecretString>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            username: username.into(),
            confirmation_code: code.into(),
            ..Self::default()
        }
    }
}

/// `ConfirmSignUp`'s answer: a `Session` when the sign-up started a choice-based sign-in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ConfirmSignUpResponse {
    /// Answer `InitiateAuth(USER_AUTH)` with it to sign in without the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SecretString>,
}

/// A request that names a user through an app client: `ResendConfirmationCode` and
/// `ForgotPassword`.
///
/// ```
/// use cognito_srp_proto::account::ForgotPasswordRequest;
/// let request = ForgotPasswordRequest::new("client-id", "ann");
/// assert_eq!(serde_json::to_string(&request)?, r#"{"ClientId":"client-id","Username":"ann"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ClientUserRequest {
    /// The app client id.
    pub client_id: String,
    /// The user name (or an alias).
    pub username: String,
    /// HMAC of user name and client id under the client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<SecretString>,
    /// Data for the pool's Lambda triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<ClientMetadata>,
    /// Pinpoint analytics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Threat-protection data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
}

impl ClientUserRequest {
    /// A request for `username` through `client_id`.
    #[must_use]
    pub fn new(client_id: impl Into<String>, username: impl Into<String>) -> Self {
        Self { client_id: client_id.into(), username: username.into(), ..Self::default() }
    }
}

/// `ResendConfirmationCode`.
pub type ResendConfirmationCodeRequest = ClientUserRequest;
/// `ForgotPassword`.
pub type ForgotPasswordRequest = ClientUserRequest;

/// The answer of operations that send one code: `ResendConfirmationCode`, `ForgotPassword`,
/// `GetUserAttributeVerificationCode`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CodeDeliveryResponse {
    /// Where the code went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

impl CodeDeliveryResponse {
    /// An answer naming where the code went.
    #[must_use]
    pub fn new(details: CodeDeliveryDetails) -> Self {
        Self { code_delivery_details: Some(details) }
    }
}

/// `ResendConfirmationCode`'s answer.
pub type ResendConfirmationCodeResponse = CodeDeliveryResponse;
/// `ForgotPassword`'s answer.
pub type ForgotPasswordResponse = CodeDeliveryResponse;
/// `GetUserAttributeVerificationCode`'s answer.
pub type GetUserAttributeVerificationCodeResponse = CodeDeliveryResponse;

/// `ConfirmForgotPassword`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ConfirmForgotPasswordRequest {
    /// The app client id.
    pub client_id: String,
    /// The user name (or an alias).
    pub username: String,
    /// The code `ForgotPassword` sent.
    pub confirmation_code: SecretString,
    /// The new password.
    pub password: SecretString,
    /// HMAC of user name and client id under the client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<SecretString>,
    /// Data for the pool's Lambda triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<ClientMetadata>,
    /// Pinpoint analytics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Threat-protection data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
}

impl ConfirmForgotPasswordRequest {
    /// Sets `password` for `username` with `code`.
    #[must_use]
    pub fn new(
        client_id: impl Into<String>,
        username: impl Into<String>,
        code: impl Into<SecretString>,
        password: impl Into<SecretString>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            username: username.into(),
            confirmation_code: code.into(),
            password: password.into(),
            ..Self::default()
        }
    }
}

/// `UpdateUserAttributes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UpdateUserAttributesRequest {
    /// The attributes to set.
    pub user_attributes: Vec<AttributeType>,
    /// The signed-in user's access token.
    pub access_token: SecretString,
    /// Data for the pool's Lambda triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<ClientMetadata>,
}

impl UpdateUserAttributesRequest {
    /// Sets `attributes` for the user of `access_token`.
    #[must_use]
    pub fn new(access_token: impl Into<SecretString>, attributes: Vec<AttributeType>) -> Self {
        Self { user_attributes: attributes, access_token: access_token.into(), client_metadata: None }
    }
}

/// `UpdateUserAttributes`' answer: where verification codes went (a changed email or phone
/// number that the pool verifies).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UpdateUserAttributesResponse {
    /// One entry per code sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_delivery_details_list: Option<Vec<CodeDeliveryDetails>>,
}

/// `GetUserAttributeVerificationCode`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GetUserAttributeVerificationCodeRequest {
    /// The signed-in user's access token.
    pub access_token: SecretString,
    /// `email` or `phone_number`.
    pub attribute_name: String,
    /// Data for the pool's Lambda triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<ClientMetadata>,
}

impl GetUserAttributeVerificationCodeRequest {
    /// A code for `attribute` of the user of `access_token`.
    #[must_use]
    pub fn new(access_token: impl Into<SecretString>, attribute: impl Into<String>) -> Self {
        Self { access_token: access_token.into(), attribute_name: attribute.into(), client_metadata: None }
    }
}

/// `VerifyUserAttribute`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifyUserAttributeRequest {
    /// The signed-in user's access token.
    pub access_token: SecretString,
    /// `email` or `phone_number`.
    pub attribute_name: String,
    /// The code sent to it.
    pub code: SecretString,
}

impl VerifyUserAttributeRequest {
    /// Verifies `attribute` of the user of `access_token` with `code`.
    #[must_use]
    pub fn new(
        access_token: impl Into<SecretString>,
        attribute: impl Into<String>,
        code: impl Into<SecretString>,
    ) -> Self {
        Self { access_token: access_token.into(), attribute_name: attribute.into(), code: code.into() }
    }
}

/// `DeleteUserAttributes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeleteUserAttributesRequest {
    /// The names of the attributes to delete.
    pub user_attribute_names: Vec<String>,
    /// The signed-in user's access token.
    pub access_token: SecretString,
}

impl DeleteUserAttributesRequest {
    /// Deletes `names` from the user of `access_token`.
    #[must_use]
    pub fn new(access_token: impl Into<SecretString>, names: Vec<String>) -> Self {
        Self { user_attribute_names: names, access_token: access_token.into() }
    }
}

/// `DeleteUser`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct DeleteUserRequest {
    /// The signed-in user's access token.
    pub access_token: SecretString,
}

impl DeleteUserRequest {
    /// Deletes the user of `access_token`.
    #[must_use]
    pub fn new(access_token: impl Into<SecretString>) -> Self {
        Self { access_token: access_token.into() }
    }
}
