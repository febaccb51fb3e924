//! The settings of a user pool and of an app client, as `CreateUserPool`, `UpdateUserPool`,
//! `CreateUserPoolClient` and `UpdateUserPoolClient` take them and the `Describe*`
//! operations return them. Every member is optional (absent: Cognito's default); the
//! structures are `#[non_exhaustive]`: build one with `Default::default()` and set fields.
//!
//! ```
//! use cognito_srp_proto::admin::{PasswordPolicyType, UserPoolPolicyType, UserPoolSettings};
//! let mut password = PasswordPolicyType::default();
//! password.minimum_length = Some(12);
//! let mut policies = UserPoolPolicyType::default();
//! policies.password_policy = Some(password);
//! let mut settings = UserPoolSettings::default();
//! settings.policies = Some(policies);
//! assert_eq!(serde_json::to_string(&settings)?, r#"{"Policies":{"PasswordPolicy":{"MinimumLength":12}}}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use super::DeviceConfiguration;
use crate::vocab::{
    AuthFactor, FeatureType, MfaConfiguration, PreventUserExistenceErrors, TimeUnit, UserPoolTier,
};

/// A structure of optional members, each with its wire name.
macro_rules! settings {
    (
        $(#[$meta:meta])*
        $name:ident { $( $field:ident : $ty:ty => $wire:literal, )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            $(
                #[doc = concat!("`", $wire, "`.")]
                #[serde(rename = $wire, default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }
    };
}

settings! {
    /// `PasswordPolicyType`.
    PasswordPolicyType {
        minimum_length: i64 => "MinimumLength",
        require_uppercase: bool => "RequireUppercase",
        require_lowercase: bool => "RequireLowercase",
        require_numbers: bool => "RequireNumbers",
        require_symbols: bool => "RequireSymbols",
        password_history_size: i64 => "PasswordHistorySize",
        temporary_password_validity_days: i64 => "TemporaryPasswordValidityDays",
    }
}

settings! {
    /// `SignInPolicyType`: the first factors `USER_AUTH` offers.
    SignInPolicyType {
        allowed_first_auth_factors: Vec<AuthFactor> => "AllowedFirstAuthFactors",
    }
}

settings! {
    /// `UserPoolPolicyType`: the password and sign-in policies.
    UserPoolPolicyType {
        password_policy: PasswordPolicyType => "PasswordPolicy",
        sign_in_policy: SignInPolicyType => "SignInPolicy",
    }
}

settings! {
    /// `PreTokenGenerationVersionConfigType`, `CustomSMSLambdaVersionConfigType`,
    /// `CustomEmailLambdaVersionConfigType`: a versioned trigger.
    LambdaVersionConfigType {
        lambda_version: String => "LambdaVersion",
        lambda_arn: String => "LambdaArn",
    }
}

settings! {
    /// `InboundFederationLambdaType`.
    InboundFederationLambdaType {
        lambda_version: String => "LambdaVersion",
        lambda_arn: String => "LambdaArn",
    }
}

settings! {
    /// `LambdaConfigType`: the pool's triggers (kept and described; the emulator runs none).
    LambdaConfigType {
        pre_sign_up: String => "PreSignUp",
        custom_message: String => "CustomMessage",
        post_confirmation: String => "PostConfirmation",
        pre_authentication: String => "PreAuthentication",
        post_authentication: String => "PostAuthentication",
        define_auth_challenge: String => "DefineAuthChallenge",
        create_auth_challenge: String => "CreateAuthChallenge",
        verify_auth_challenge_response: String => "VerifyAuthChallengeResponse",
        pre_token_generation: String => "PreTokenGeneration",
        user_migration: String => "UserMigration",
        pre_token_generation_config: LambdaVersionConfigType => "PreTokenGenerationConfig",
        custom_sms_sender: LambdaVersionConfigType => "CustomSMSSender",
        custom_email_sender: LambdaVersionConfigType => "CustomEmailSender",
        kms_key_id: String => "KMSKeyID",
        inbound_federation: InboundFederationLambdaType => "InboundFederation",
    }
}

settings! {
    /// `VerificationMessageTemplateType`.
    VerificationMessageTemplateType {
        sms_message: String => "SmsMessage",
        email_message: String => "EmailMessage",
        email_subject: String => "EmailSubject",
        email_message_by_link: String => "EmailMessageByLink",
        email_subject_by_link: String => "EmailSubjectByLink",
        default_email_option: String => "DefaultEmailOption",
    }
}

settings! {
    /// `UserAttributeUpdateSettingsType`.
    UserAttributeUpdateSettingsType {
        attributes_require_verification_before_update: Vec<String> => "AttributesRequireVerificationBeforeUpdate",
    }
}

settings! {
    /// `EmailConfigurationType`.
    EmailConfigurationType {
        source_arn: String => "SourceArn",
        reply_to_email_address: String => "ReplyToEmailAddress",
        email_sending_account: String => "EmailSendingAccount",
        from: String => "From",
        configuration_set: String => "ConfigurationSet",
    }
}

settings! {
    /// `SmsConfigurationType`.
    SmsConfigurationType {
        sns_caller_arn: String => "SnsCallerArn",
        external_id: String => "ExternalId",
        sns_region: String => "SnsRegion",
    }
}

settings! {
    /// `MessageTemplateType`: the invitation `AdminCreateUser` sends.
    MessageTemplateType {
        sms_message: String => "SMSMessage",
        email_message: String => "EmailMessage",
        email_subject: String => "EmailSubject",
    }
}

settings! {
    /// `AdminCreateUserConfigType`.
    AdminCreateUserConfigType {
        allow_admin_create_user_only: bool => "AllowAdminCreateUserOnly",
        unused_account_validity_days: i64 => "UnusedAccountValidityDays",
        invite_message_template: MessageTemplateType => "InviteMessageTemplate",
    }
}

settings! {
    /// `AdvancedSecurityAdditionalFlowsType`.
    AdvancedSecurityAdditionalFlowsType {
        custom_auth_mode: String => "CustomAuthMode",
    }
}

settings! {
    /// `UserPoolAddOnsType`.
    UserPoolAddOnsType {
        advanced_security_mode: String => "AdvancedSecurityMode",
        advanced_security_additional_flows: AdvancedSecurityAdditionalFlowsType => "AdvancedSecurityAdditionalFlows",
    }
}

settings! {
    /// `UsernameConfigurationType`: whether user names are case-sensitive.
    UsernameConfigurationType {
        case_sensitive: bool => "CaseSensitive",
    }
}

settings! {
    /// `RecoveryOptionType`: one way to recover an account, with its priority.
    RecoveryOptionType {
        priority: i64 => "Priority",
        name: String => "Name",
    }
}

settings! {
    /// `AccountRecoverySettingType`.
    AccountRecoverySettingType {
        recovery_mechanisms: Vec<RecoveryOptionType> => "RecoveryMechanisms",
    }
}

settings! {
    /// `NumberAttributeConstraintsType` (numbers as strings, as on the wire).
    NumberAttributeConstraintsType {
        min_value: String => "MinValue",
        max_value: String => "MaxValue",
    }
}

settings! {
    /// `StringAttributeConstraintsType` (lengths as strings, as on the wire).
    StringAttributeConstraintsType {
        min_length: String => "MinLength",
        max_length: String => "MaxLength",
    }
}

settings! {
    /// `SchemaAttributeType`: one attribute of the pool's schema.
    SchemaAttributeType {
        name: String => "Name",
        attribute_data_type: String => "AttributeDataType",
        developer_only_attribute: bool => "DeveloperOnlyAttribute",
        mutable: bool => "Mutable",
        required: bool => "Required",
        number_attribute_constraints: NumberAttributeConstraintsType => "NumberAttributeConstraints",
        string_attribute_constraints: StringAttributeConstraintsType => "StringAttributeConstraints",
    }
}

settings! {
    /// The settings of a user pool that `CreateUserPool` and `UpdateUserPool` take and
    /// `DescribeUserPool` returns (flattened into those structures).
    UserPoolSettings {
        policies: UserPoolPolicyType => "Policies",
        deletion_protection: String => "DeletionProtection",
        lambda_config: LambdaConfigType => "LambdaConfig",
        auto_verified_attributes: Vec<String> => "AutoVerifiedAttributes",
        alias_attributes: Vec<String> => "AliasAttributes",
        username_attributes: Vec<String> => "UsernameAttributes",
        sms_verification_message: String => "SmsVerificationMessage",
        email_verification_message: String => "EmailVerificationMessage",
        email_verification_subject: String => "EmailVerificationSubject",
        verification_message_template: VerificationMessageTemplateType => "VerificationMessageTemplate",
        sms_authentication_message: String => "SmsAuthenticationMessage",
        mfa_configuration: MfaConfiguration => "MfaConfiguration",
        user_attribute_update_settings: UserAttributeUpdateSettingsType => "UserAttributeUpdateSettings",
        device_configuration: DeviceConfiguration => "DeviceConfiguration",
        email_configuration: EmailConfigurationType => "EmailConfiguration",
        sms_configuration: SmsConfigurationType => "SmsConfiguration",
        user_pool_tags: BTreeMap<String, String> => "UserPoolTags",
        admin_create_user_config: AdminCreateUserConfigType => "AdminCreateUserConfig",
        user_pool_add_ons: UserPoolAddOnsType => "UserPoolAddOns",
        username_configuration: UsernameConfigurationType => "UsernameConfiguration",
        account_recovery_setting: AccountRecoverySettingType => "AccountRecoverySetting",
        user_pool_tier: UserPoolTier => "UserPoolTier",
    }
}

settings! {
    /// `TokenValidityUnitsType`: the units of an app client's token validity fields
    /// (`seconds`, `minutes`, `hours`, `days`).
    TokenValidityUnitsType {
        access_token: TimeUnit => "AccessToken",
        id_token: TimeUnit => "IdToken",
        refresh_token: TimeUnit => "RefreshToken",
    }
}

settings! {
    /// `RefreshTokenRotationType`.
    RefreshTokenRotationType {
        feature: FeatureType => "Feature",
        retry_grace_period_seconds: i64 => "RetryGracePeriodSeconds",
    }
}

settings! {
    /// `AnalyticsConfigurationType`.
    AnalyticsConfigurationType {
        application_id: String => "ApplicationId",
        application_arn: String => "ApplicationArn",
        role_arn: String => "RoleArn",
        external_id: String => "ExternalId",
        user_data_shared: bool => "UserDataShared",
    }
}

settings! {
    /// The settings of an app client that `CreateUserPoolClient` and `UpdateUserPoolClient`
    /// take and `DescribeUserPoolClient` returns (flattened into those structures).
    UserPoolClientSettings {
        refresh_token_validity: i64 => "RefreshTokenValidity",
        access_token_validity: i64 => "AccessTokenValidity",
        id_token_validity: i64 => "IdTokenValidity",
        token_validity_units: TokenValidityUnitsType => "TokenValidityUnits",
        read_attributes: Vec<String> => "ReadAttributes",
        write_attributes: Vec<String> => "WriteAttributes",
        explicit_auth_flows: Vec<String> => "ExplicitAuthFlows",
        supported_identity_providers: Vec<String> => "SupportedIdentityProviders",
        callback_urls: Vec<String> => "CallbackURLs",
        logout_urls: Vec<String> => "LogoutURLs",
        default_redirect_uri: String => "DefaultRedirectURI",
        allowed_oauth_flows: Vec<String> => "AllowedOAuthFlows",
        allowed_oauth_scopes: Vec<String> => "AllowedOAuthScopes",
        allowed_oauth_flows_user_pool_client: bool => "AllowedOAuthFlowsUserPoolClient",
        analytics_configuration: AnalyticsConfigurationType => "AnalyticsConfiguration",
        prevent_user_existence_errors: PreventUserExistenceErrors => "PreventUserExistenceErrors",
        enable_token_revocation: bool => "EnableTokenRevocation",
        enable_propagate_additional_user_context_data: bool => "EnablePropagateAdditionalUserContextData",
        auth_session_validity: i64 => "AuthSessionValidity",
        refresh_token_rotation: RefreshTokenRotationType => "RefreshTokenRotation",
    }
}

/// The values Cognito accepts for the settings' enumerated members.
pub mod values {
    /// `DeletionProtection`.
    pub const DELETION_PROTECTION: &[&str] = &["ACTIVE", "INACTIVE"];
    /// `DeletionProtection` turned on.
    pub const DELETION_PROTECTION_ACTIVE: &str = "ACTIVE";
    /// `DeletionProtection` turned off (the default).
    pub const DELETION_PROTECTION_INACTIVE: &str = "INACTIVE";
    /// `UserPoolTier`.
    pub const USER_POOL_TIER: &[&str] = &["LITE", "ESSENTIALS", "PLUS"];
    /// The default `UserPoolTier`.
    pub const USER_POOL_TIER_DEFAULT: &str = "ESSENTIALS";
    /// `AllowedFirstAuthFactors` entries.
    pub const AUTH_FACTOR: &[&str] = &["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN", "SOFTWARE_TOKEN"];
    /// The first factor every pool allows.
    pub const AUTH_FACTOR_PASSWORD: &str = "PASSWORD";
    /// `DefaultEmailOption`.
    pub const DEFAULT_EMAIL_OPTION: &[&str] = &["CONFIRM_WITH_LINK", "CONFIRM_WITH_CODE"];
    /// The default `DefaultEmailOption`.
    pub const CONFIRM_WITH_CODE: &str = "CONFIRM_WITH_CODE";
    /// `EmailSendingAccount`.
    pub const EMAIL_SENDING_ACCOUNT: &[&str] = &["COGNITO_DEFAULT", "DEVELOPER"];
    /// The default `EmailSendingAccount`.
    pub const COGNITO_DEFAULT: &str = "COGNITO_DEFAULT";
    /// `RecoveryOptionType`'s `Name`.
    pub const RECOVERY_OPTION: &[&str] = &["verified_email", "verified_phone_number", "admin_only"];
    /// `AttributeDataType` of a schema attribute.
    pub const ATTRIBUTE_DATA_TYPE: &[&str] = &["String", "Number", "DateTime", "Boolean"];
    /// The `String` data type.
    pub const DATA_TYPE_STRING: &str = "String";
    /// The `Boolean` data type.
    pub const DATA_TYPE_BOOLEAN: &str = "Boolean";
    /// The `Number` data type.
    pub const DATA_TYPE_NUMBER: &str = "Number";
    /// `AutoVerifiedAttributes` and `AttributesRequireVerificationBeforeUpdate` entries.
    pub const VERIFIED_ATTRIBUTE: &[&str] = &["phone_number", "email"];
    /// `AliasAttributes` entries.
    pub const ALIAS_ATTRIBUTE: &[&str] = &["phone_number", "email", "preferred_username"];
    /// `UsernameAttributes` entries.
    pub const USERNAME_ATTRIBUTE: &[&str] = &["phone_number", "email"];
    /// `AdvancedSecurityMode`.
    pub const ADVANCED_SECURITY_MODE: &[&str] = &["OFF", "AUDIT", "ENFORCED"];
    /// `CustomAuthMode`.
    pub const ADVANCED_SECURITY_ENABLED_MODE: &[&str] = &["AUDIT", "ENFORCED"];
    /// `PreTokenGenerationConfig`'s `LambdaVersion`.
    pub const PRE_TOKEN_LAMBDA_VERSION: &[&str] = &["V1_0", "V2_0", "V3_0"];
    /// `CustomSMSSender` / `CustomEmailSender` `LambdaVersion`.
    pub const SENDER_LAMBDA_VERSION: &[&str] = &["V1_0"];
    /// `InboundFederation`'s `LambdaVersion`.
    pub const INBOUND_FEDERATION_LAMBDA_VERSION: &[&str] = &["V1_0"];
    /// `TokenValidityUnits` members.
    pub const TIME_UNITS: &[&str] = &["seconds", "minutes", "hours", "days"];
    /// Seconds.
    pub const SECONDS: &str = "seconds";
    /// Minutes.
    pub const MINUTES: &str = "minutes";
    /// Hours.
    pub const HOURS: &str = "hours";
    /// Days.
    pub const DAYS: &str = "days";
    /// `ExplicitAuthFlows` entries.
    pub const EXPLICIT_AUTH_FLOWS: &[&str] = &[
        "ADMIN_NO_SRP_AUTH",
        "CUSTOM_AUTH_FLOW_ONLY",
        "USER_PASSWORD_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_CUSTOM_AUTH",
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_AUTH",
        "ALLOW_TOKEN_EXCHANGE_DELEGATION",
        "ALLOW_TOKEN_EXCHANGE_IMPERSONATION",
    ];
    /// `AllowedOAuthFlows` entries.
    pub const OAUTH_FLOWS: &[&str] = &["code", "implicit", "client_credentials"];
    /// `PreventUserExistenceErrors`.
    pub const PREVENT_USER_EXISTENCE_ERRORS: &[&str] = &["LEGACY", "ENABLED"];
    /// The default `PreventUserExistenceErrors` of a client made through the API.
    pub const LEGACY: &str = "LEGACY";
    /// `RefreshTokenRotation`'s `Feature`.
    pub const FEATURE: &[&str] = &["ENABLED", "DISABLED"];
    /// `Feature` off.
    pub const DISABLED: &str = "DISABLED";
    /// A user pool's `Status` (deprecated by Cognito, still described).
    pub const STATUS_ENABLED: &str = "Enabled";
    /// The user pool's own identity provider (`SupportedIdentityProviders`).
    pub const COGNITO_PROVIDER: &str = "COGNITO";
    /// The prefix of custom attribute names.
    pub const CUSTOM_PREFIX: &str = "custom:";
    /// The placeholder a verification message must contain.
    pub const CODE_PLACEHOLDER: &str = "{####}";
}

impl UserPoolPolicyType {
    /// No policies set (Cognito's defaults apply).
    ///
    /// ```
    /// use cognito_srp_proto::admin::{PasswordPolicyType, SignInPolicyType, UserPoolPolicyType};
    /// use cognito_srp_proto::vocab::AuthFactor;
    /// let policies = UserPoolPolicyType::new()
    ///     .with_sign_in_policy(SignInPolicyType::new(vec![AuthFactor::Password]));
    /// assert_eq!(serde_json::to_string(&policies)?, r#"{"SignInPolicy":{"AllowedFirstAuthFactors":["PASSWORD"]}}"#);
    /// let mut strict = PasswordPolicyType::default();
    /// strict.minimum_length = Some(16);
    /// let policies = policies.with_password_policy(strict);
    /// assert_eq!(policies.password_policy.and_then(|p| p.minimum_length), Some(16));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// These policies with `password_policy`.
    #[must_use]
    pub fn with_password_policy(mut self, password_policy: PasswordPolicyType) -> Self {
        self.password_policy = Some(password_policy);
        self
    }

    /// These policies with `sign_in_policy`.
    #[must_use]
    pub fn with_sign_in_policy(mut self, sign_in_policy: SignInPolicyType) -> Self {
        self.sign_in_policy = Some(sign_in_policy);
        self
    }
}

impl SignInPolicyType {
    /// A sign-in policy allowing `factors` as first factors of `USER_AUTH` (Cognito's default
    /// is `[PASSWORD]`).
    ///
    /// ```
    /// use cognito_srp_proto::admin::SignInPolicyType;
    /// use cognito_srp_proto::vocab::AuthFactor;
    /// let policy: SignInPolicyType = serde_json::from_str(r#"{"AllowedFirstAuthFactors":["PASSWORD","EMAIL_OTP"]}"#)?;
    /// assert_eq!(policy, SignInPolicyType::new(vec![AuthFactor::Password, AuthFactor::EmailOtp]));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn new(factors: Vec<AuthFactor>) -> Self {
        Self { allowed_first_auth_factors: Some(factors) }
    }
}

impl UsernameConfigurationType {
    /// `CaseSensitive: case_sensitive` (`false`: `Ann` and `ann` are the same user).
    #[must_use]
    pub fn new(case_sensitive: bool) -> Self {
        Self { case_sensitive: Some(case_sensitive) }
    }
}

impl TokenValidityUnitsType {
    /// The units of an app client's three token validities (absent members are the
    /// defaults: hours for access and ID tokens, days for refresh tokens).
    ///
    /// ```
    /// use cognito_srp_proto::admin::TokenValidityUnitsType;
    /// use cognito_srp_proto::vocab::TimeUnit;
    /// let units: TokenValidityUnitsType = serde_json::from_str(r#"{"AccessToken":"minutes"}"#)?;
    /// assert_eq!(units.access_token, Some(TimeUnit::Minutes));
    /// let all = TokenValidityUnitsType::new(TimeUnit::Minutes, TimeUnit::Minutes, TimeUnit::Days);
    /// assert_eq!(all.refresh_token, Some(TimeUnit::Days));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn new(access_token: TimeUnit, id_token: TimeUnit, refresh_token: TimeUnit) -> Self {
        Self {
            access_token: Some(access_token),
            id_token: Some(id_token),
            refresh_token: Some(refresh_token),
        }
    }
}

impl RefreshTokenRotationType {
    /// Rotation `feature` (`ENABLED`: `GetTokensFromRefreshToken` returns a new refresh token).
    ///
    /// ```
    /// use cognito_srp_proto::admin::RefreshTokenRotationType;
    /// use cognito_srp_proto::vocab::FeatureType;
    /// let rotation = RefreshTokenRotationType::new(FeatureType::Enabled).retry_grace_period_seconds(10);
    /// assert_eq!(serde_json::to_string(&rotation)?, r#"{"Feature":"ENABLED","RetryGracePeriodSeconds":10}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn new(feature: FeatureType) -> Self {
        Self { feature: Some(feature), retry_grace_period_seconds: None }
    }

    /// With a grace period (0 to 60 seconds) in which the old refresh token still works.
    #[must_use]
    pub fn retry_grace_period_seconds(mut self, seconds: u64) -> Self {
        self.retry_grace_period_seconds = Some(i64::try_from(seconds).unwrap_or(i64::MAX));
        self
    }
}
