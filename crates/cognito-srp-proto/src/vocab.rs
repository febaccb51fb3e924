//! Cognito's protocol vocabulary: operation names, auth flows, challenge names, error types
//! and parameter keys. Every wire name of the workspace is spelled here and nowhere else.
//!
//! Each enum has an `Unknown(String)` arm, so a name Cognito adds later is carried through
//! instead of failing to parse, and each is written and read as its wire string by serde.

use alloc::borrow::ToOwned;
use alloc::string::String;
use core::fmt;

/// Defines a wire-name enum: variants with their wire strings, an `Unknown(String)` arm,
/// `parse`, `as_str`, `Display` and serde as a string.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$doc:meta])* $variant:ident => $wire:literal, )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$doc])* $variant, )*
            /// A name this crate does not know, exactly as it came.
            Unknown(String),
        }

        impl $name {
            /// Every name this crate knows, in declaration order.
            pub const KNOWN: &'static [Self] = &[$( Self::$variant, )*];

            /// Reads a wire name (case-sensitive, as Cognito is).
            #[must_use]
            pub fn parse(raw: &str) -> Self {
                match raw {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }

            /// The wire name.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(raw) => raw,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(raw: &str) -> Self {
                Self::parse(raw)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <alloc::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::parse(&raw))
            }
        }
    };
}

wire_enum! {
    /// A Cognito user-pool operation (the part of `X-Amz-Target` after the service name).
    ///
    /// ```
    /// use cognito_srp_proto::Operation;
    /// let op = Operation::from_target("AWSCognitoIdentityProviderService.InitiateAuth");
    /// assert_eq!(op, Some(Operation::InitiateAuth));
    /// assert_eq!(Operation::ConfirmDevice.target(), "AWSCognitoIdentityProviderService.ConfirmDevice");
    /// assert_eq!(Operation::parse("SignUp"), Operation::SignUp);
    /// assert_eq!(Operation::parse("Frobnicate"), Operation::Unknown("Frobnicate".into()));
    /// ```
    Operation {
        /// Starts a sign-in or a refresh.
        InitiateAuth => "InitiateAuth",
        /// Answers a challenge.
        RespondToAuthChallenge => "RespondToAuthChallenge",
        /// Registers a device verifier for a tracked device.
        ConfirmDevice => "ConfirmDevice",
        /// Marks a device remembered or not.
        UpdateDeviceStatus => "UpdateDeviceStatus",
        /// One device of the signed-in user.
        GetDevice => "GetDevice",
        /// The signed-in user's devices.
        ListDevices => "ListDevices",
        /// Forgets a device.
        ForgetDevice => "ForgetDevice",
        /// Signs the user out everywhere.
        GlobalSignOut => "GlobalSignOut",
        /// Revokes a refresh token.
        RevokeToken => "RevokeToken",
        /// Starts authenticator-app (TOTP) set-up.
        AssociateSoftwareToken => "AssociateSoftwareToken",
        /// Finishes authenticator-app set-up.
        VerifySoftwareToken => "VerifySoftwareToken",
        /// Sets the user's MFA preferences.
        SetUserMfaPreference => "SetUserMFAPreference",
        /// The signed-in user's attributes.
        GetUser => "GetUser",
        /// Changes the signed-in user's password.
        ChangePassword => "ChangePassword",
        /// New tokens from a refresh token (rotation-aware).
        GetTokensFromRefreshToken => "GetTokensFromRefreshToken",
        /// Self-service sign-up.
        SignUp => "SignUp",
        /// Confirms a sign-up with a code.
        ConfirmSignUp => "ConfirmSignUp",
        /// Sends the sign-up code again.
        ResendConfirmationCode => "ResendConfirmationCode",
        /// Starts a password reset.
        ForgotPassword => "ForgotPassword",
        /// Finishes a password reset.
        ConfirmForgotPassword => "ConfirmForgotPassword",
        /// Changes the signed-in user's attributes.
        UpdateUserAttributes => "UpdateUserAttributes",
        /// Sends an attribute verification code.
        GetUserAttributeVerificationCode => "GetUserAttributeVerificationCode",
        /// Verifies an attribute with a code.
        VerifyUserAttribute => "VerifyUserAttribute",
        /// Deletes the signed-in user's attributes.
        DeleteUserAttributes => "DeleteUserAttributes",
        /// Deletes the signed-in user.
        DeleteUser => "DeleteUser",
        /// Creates a user pool (administration).
        CreateUserPool => "CreateUserPool",
        /// Describes a user pool (administration).
        DescribeUserPool => "DescribeUserPool",
        /// Lists user pools (administration).
        ListUserPools => "ListUserPools",
        /// Changes a user pool (administration).
        UpdateUserPool => "UpdateUserPool",
        /// Deletes a user pool (administration).
        DeleteUserPool => "DeleteUserPool",
        /// Creates an app client (administration).
        CreateUserPoolClient => "CreateUserPoolClient",
        /// Describes an app client (administration).
        DescribeUserPoolClient => "DescribeUserPoolClient",
        /// Lists app clients (administration).
        ListUserPoolClients => "ListUserPoolClients",
        /// Changes an app client (administration).
        UpdateUserPoolClient => "UpdateUserPoolClient",
        /// Deletes an app client (administration).
        DeleteUserPoolClient => "DeleteUserPoolClient",
        /// Sets the pool's MFA configuration (administration).
        SetUserPoolMfaConfig => "SetUserPoolMfaConfig",
        /// Reads the pool's MFA configuration (administration).
        GetUserPoolMfaConfig => "GetUserPoolMfaConfig",
        /// Lists users (administration).
        ListUsers => "ListUsers",
        /// Creates a user (administration).
        AdminCreateUser => "AdminCreateUser",
        /// Reads a user (administration).
        AdminGetUser => "AdminGetUser",
        /// Deletes a user (administration).
        AdminDeleteUser => "AdminDeleteUser",
        /// Disables a user (administration).
        AdminDisableUser => "AdminDisableUser",
        /// Enables a user (administration).
        AdminEnableUser => "AdminEnableUser",
        /// Sets a user's password (administration).
        AdminSetUserPassword => "AdminSetUserPassword",
        /// Sets a user's MFA preferences (administration).
        AdminSetUserMfaPreference => "AdminSetUserMFAPreference",
        /// Lists a user's devices (administration).
        AdminListDevices => "AdminListDevices",
        /// Reads a user's device (administration).
        AdminGetDevice => "AdminGetDevice",
        /// Forgets a user's device (administration).
        AdminForgetDevice => "AdminForgetDevice",
        /// Marks a user's device remembered or not (administration).
        AdminUpdateDeviceStatus => "AdminUpdateDeviceStatus",
        /// Signs a user out everywhere (administration).
        AdminUserGlobalSignOut => "AdminUserGlobalSignOut",
        /// Starts a sign-in on the server side (administration, SigV4).
        AdminInitiateAuth => "AdminInitiateAuth",
        /// Answers a challenge on the server side (administration, SigV4).
        AdminRespondToAuthChallenge => "AdminRespondToAuthChallenge",
        /// Changes a user's attributes (administration).
        AdminUpdateUserAttributes => "AdminUpdateUserAttributes",
        /// Starts a password reset for a user (administration).
        AdminResetUserPassword => "AdminResetUserPassword",
        /// Confirms a user's sign-up without a code (administration).
        AdminConfirmSignUp => "AdminConfirmSignUp",
        /// Deletes a user's attributes (administration).
        AdminDeleteUserAttributes => "AdminDeleteUserAttributes",
        /// Creates a group (administration).
        CreateGroup => "CreateGroup",
        /// Reads a group (administration).
        GetGroup => "GetGroup",
        /// Changes a group (administration).
        UpdateGroup => "UpdateGroup",
        /// Deletes a group (administration).
        DeleteGroup => "DeleteGroup",
        /// Lists a pool's groups (administration).
        ListGroups => "ListGroups",
        /// Adds a user to a group (administration).
        AdminAddUserToGroup => "AdminAddUserToGroup",
        /// Removes a user from a group (administration).
        AdminRemoveUserFromGroup => "AdminRemoveUserFromGroup",
        /// Lists a user's groups (administration).
        AdminListGroupsForUser => "AdminListGroupsForUser",
        /// Lists a group's members (administration).
        ListUsersInGroup => "ListUsersInGroup",
    }
}

/// The service prefix of `X-Amz-Target`.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// The request and response content type of Cognito's JSON 1.1 protocol.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The HTTP header that names the operation.
pub const TARGET_HEADER: &str = "X-Amz-Target";

/// The HTTP header some front ends use for the error type instead of the body's `__type`.
pub const ERROR_TYPE_HEADER: &str = "x-amzn-ErrorType";

impl Operation {
    /// The `X-Amz-Target` header value.
    ///
    /// ```
    /// use cognito_srp_proto::Operation;
    /// assert_eq!(Operation::GetUser.target(), "AWSCognitoIdentityProviderService.GetUser");
    /// ```
    #[must_use]
    pub fn target(&self) -> String {
        let mut target = String::from(TARGET_PREFIX);
        target.push_str(self.as_str());
        target
    }

    /// Reads an `X-Amz-Target` header value; `None` for another service's target.
    ///
    /// ```
    /// use cognito_srp_proto::Operation;
    /// assert_eq!(Operation::from_target("AWSCognitoIdentityService.GetId"), None);
    /// ```
    #[must_use]
    pub fn from_target(target: &str) -> Option<Self> {
        target.strip_prefix(TARGET_PREFIX).map(Self::parse)
    }

    /// Whether this is an administration or set-up operation: one a browser app never calls,
    /// which needs AWS credentials on the real service.
    ///
    /// ```
    /// use cognito_srp_proto::Operation;
    /// assert!(Operation::DescribeUserPoolClient.is_admin());
    /// assert!(Operation::AdminSetUserPassword.is_admin());
    /// assert!(!Operation::InitiateAuth.is_admin());
    /// assert!(Operation::parse("AdminSomethingNew").is_admin());
    /// ```
    #[must_use]
    pub fn is_admin(&self) -> bool {
        match self {
            Self::CreateUserPool
            | Self::DescribeUserPool
            | Self::ListUserPools
            | Self::UpdateUserPool
            | Self::DeleteUserPool
            | Self::CreateUserPoolClient
            | Self::DescribeUserPoolClient
            | Self::ListUserPoolClients
            | Self::UpdateUserPoolClient
            | Self::DeleteUserPoolClient
            | Self::SetUserPoolMfaConfig
            | Self::GetUserPoolMfaConfig
            | Self::ListUsers
            | Self::CreateGroup
            | Self::GetGroup
            | Self::UpdateGroup
            | Self::DeleteGroup
            | Self::ListGroups
            | Self::ListUsersInGroup => true,
            other => other.as_str().starts_with("Admin"),
        }
    }
}

wire_enum! {
    /// An `AuthFlow` of `InitiateAuth`.
    ///
    /// ```
    /// use cognito_srp_proto::AuthFlow;
    /// assert_eq!(AuthFlow::UserSrpAuth.as_str(), "USER_SRP_AUTH");
    /// let json = serde_json::to_string(&AuthFlow::RefreshTokenAuth)?;
    /// assert_eq!(json, r#""REFRESH_TOKEN_AUTH""#);
    /// assert_eq!(serde_json::from_str::<AuthFlow>(r#""USER_AUTH""#)?, AuthFlow::UserAuth);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    AuthFlow {
        /// SRP with the password (`SRP_A` first).
        UserSrpAuth => "USER_SRP_AUTH",
        /// New tokens from a refresh token.
        RefreshTokenAuth => "REFRESH_TOKEN_AUTH",
        /// The older spelling of `REFRESH_TOKEN_AUTH`, still accepted by Cognito.
        RefreshToken => "REFRESH_TOKEN",
        /// The password in clear over TLS.
        UserPasswordAuth => "USER_PASSWORD_AUTH",
        /// Lambda-defined challenges (optionally after SRP).
        CustomAuth => "CUSTOM_AUTH",
        /// Choice-based sign-in (passwordless, passkeys, or a password).
        UserAuth => "USER_AUTH",
        /// The password in clear, server side (administration).
        AdminUserPasswordAuth => "ADMIN_USER_PASSWORD_AUTH",
        /// The older server-side password flow (administration).
        AdminNoSrpAuth => "ADMIN_NO_SRP_AUTH",
    }
}

wire_enum! {
    /// A `ChallengeName`.
    ///
    /// ```
    /// use cognito_srp_proto::ChallengeName;
    /// assert_eq!(ChallengeName::parse("PASSWORD_VERIFIER"), ChallengeName::PasswordVerifier);
    /// assert!(ChallengeName::SoftwareTokenMfa.is_mfa_code());
    /// assert_eq!(ChallengeName::SmsMfa.code_key(), Some("SMS_MFA_CODE"));
    /// assert_eq!(ChallengeName::EmailOtp.code_key(), Some("EMAIL_OTP_CODE"));
    /// ```
    ChallengeName {
        /// Prove the password: answer with the SRP signature.
        PasswordVerifier => "PASSWORD_VERIFIER",
        /// Start the device's SRP: answer with the device's `SRP_A`.
        DeviceSrpAuth => "DEVICE_SRP_AUTH",
        /// Prove the device password: answer with the device signature.
        DevicePasswordVerifier => "DEVICE_PASSWORD_VERIFIER",
        /// A code sent by SMS.
        SmsMfa => "SMS_MFA",
        /// A code from an authenticator app.
        SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
        /// A code sent by email.
        EmailOtp => "EMAIL_OTP",
        /// A one-time code sent by SMS (choice-based sign-in).
        SmsOtp => "SMS_OTP",
        /// Pick an MFA method.
        SelectMfaType => "SELECT_MFA_TYPE",
        /// Set up MFA.
        MfaSetup => "MFA_SETUP",
        /// Choose a new password (admin-created users).
        NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
        /// A Lambda-defined challenge.
        CustomChallenge => "CUSTOM_CHALLENGE",
        /// Pick a first factor (choice-based sign-in).
        SelectChallenge => "SELECT_CHALLENGE",
        /// A passkey (choice-based sign-in).
        WebAuthn => "WEB_AUTHN",
        /// The password in clear (choice-based sign-in).
        Password => "PASSWORD",
        /// The password with SRP (choice-based sign-in).
        PasswordSrp => "PASSWORD_SRP",
        /// The server-side password flow (administration).
        AdminNoSrpAuth => "ADMIN_NO_SRP_AUTH",
    }
}

impl ChallengeName {
    /// Whether the answer is a code the user types (SMS, authenticator app, email).
    #[must_use]
    pub fn is_mfa_code(&self) -> bool {
        matches!(self, Self::SmsMfa | Self::SoftwareTokenMfa | Self::EmailOtp | Self::SmsOtp)
    }

    /// The `ChallengeResponses` key that carries the code, for code challenges.
    #[must_use]
    pub fn code_key(&self) -> Option<&'static str> {
        match self {
            Self::SmsMfa => Some(param::SMS_MFA_CODE),
            Self::SoftwareTokenMfa => Some(param::SOFTWARE_TOKEN_MFA_CODE),
            Self::EmailOtp => Some(param::EMAIL_OTP_CODE),
            Self::SmsOtp => Some(param::SMS_OTP_CODE),
            _ => None,
        }
    }
}

wire_enum! {
    /// A Cognito error type (`__type`), without the `prefix#` some front ends add.
    ///
    /// ```
    /// use cognito_srp_proto::ErrorCode;
    /// assert_eq!(ErrorCode::parse("NotAuthorizedException"), ErrorCode::NotAuthorized);
    /// assert_eq!(
    ///     ErrorCode::from_type("com.amazonaws.cognito#UserNotFoundException:http://x"),
    ///     ErrorCode::UserNotFound
    /// );
    /// assert!(ErrorCode::TooManyRequests.is_throttling());
    /// ```
    ErrorCode {
        /// Wrong password, disabled user, revoked or expired token, ...
        NotAuthorized => "NotAuthorizedException",
        /// No such user.
        UserNotFound => "UserNotFoundException",
        /// The user has not confirmed the sign-up.
        UserNotConfirmed => "UserNotConfirmedException",
        /// An administrator reset the password.
        PasswordResetRequired => "PasswordResetRequiredException",
        /// A wrong code.
        CodeMismatch => "CodeMismatchException",
        /// An expired code.
        ExpiredCode => "ExpiredCodeException",
        /// Throttled.
        TooManyRequests => "TooManyRequestsException",
        /// Throttled (the generic AWS spelling).
        Throttling => "ThrottlingException",
        /// Too many wrong answers.
        TooManyFailedAttempts => "TooManyFailedAttemptsException",
        /// A quota is used up.
        LimitExceeded => "LimitExceededException",
        /// A parameter is missing or malformed.
        InvalidParameter => "InvalidParameterException",
        /// The password does not meet the policy.
        InvalidPassword => "InvalidPasswordException",
        /// The password was used before.
        PasswordHistoryPolicyViolation => "PasswordHistoryPolicyViolationException",
        /// No such pool, client or device.
        ResourceNotFound => "ResourceNotFoundException",
        /// The service failed.
        InternalError => "InternalErrorException",
        /// The service is unavailable.
        ServiceUnavailable => "ServiceUnavailableException",
        /// The pool is configured wrongly for this call.
        InvalidUserPoolConfiguration => "InvalidUserPoolConfigurationException",
        /// A Lambda trigger answered wrongly.
        InvalidLambdaResponse => "InvalidLambdaResponseException",
        /// A Lambda trigger failed.
        UnexpectedLambda => "UnexpectedLambdaException",
        /// A Lambda trigger refused the request.
        UserLambdaValidation => "UserLambdaValidationException",
        /// SMS role access policy is wrong.
        InvalidSmsRoleAccessPolicy => "InvalidSmsRoleAccessPolicyException",
        /// SMS role trust relationship is wrong.
        InvalidSmsRoleTrustRelationship => "InvalidSmsRoleTrustRelationshipException",
        /// Email role access policy is wrong.
        InvalidEmailRoleAccessPolicy => "InvalidEmailRoleAccessPolicyException",
        /// A code could not be delivered.
        CodeDeliveryFailure => "CodeDeliveryFailureException",
        /// No MFA method is available.
        MfaMethodNotFound => "MFAMethodNotFoundException",
        /// The user has no authenticator app.
        SoftwareTokenMfaNotFound => "SoftwareTokenMFANotFoundException",
        /// Authenticator-app set-up failed.
        EnableSoftwareTokenMfa => "EnableSoftwareTokenMFAException",
        /// An alias (email or phone) belongs to another user.
        AliasExists => "AliasExistsException",
        /// The user name is taken.
        UsernameExists => "UsernameExistsException",
        /// A concurrent change won.
        ConcurrentModification => "ConcurrentModificationException",
        /// The device key exists.
        DeviceKeyExists => "DeviceKeyExistsException",
        /// Forbidden (WAF or a policy).
        Forbidden => "ForbiddenException",
        /// Unauthorized.
        Unauthorized => "UnauthorizedException",
        /// Not supported.
        UnsupportedOperation => "UnsupportedOperationException",
        /// The token type is not supported here.
        UnsupportedTokenType => "UnsupportedTokenTypeException",
        /// The OAuth flow is not allowed.
        InvalidOAuthFlow => "InvalidOAuthFlowException",
        /// The operation does not exist.
        UnknownOperation => "UnknownOperationException",
        /// The request body is not valid JSON for the operation.
        Serialization => "SerializationException",
        /// Denied (for example a browser calling an administration operation).
        AccessDenied => "AccessDeniedException",
        /// The refresh token was rotated and may not be used again.
        RefreshTokenReuse => "RefreshTokenReuseException",
        /// The operation is not available in this region or for this pool's configuration.
        OperationNotEnabled => "OperationNotEnabledException",
        /// The pool's feature plan (`UserPoolTier`) does not include the feature.
        FeatureUnavailableInTier => "FeatureUnavailableInTierException",
        /// A group of that name exists.
        GroupExists => "GroupExistsException",
    }
}

impl ErrorCode {
    /// Reads an error type as Cognito and its front ends send it: `__type` may carry a
    /// `namespace#` prefix, the `x-amzn-ErrorType` header a `:url` suffix.
    #[must_use]
    pub fn from_type(raw: &str) -> Self {
        let name = raw.rsplit('#').next().unwrap_or(raw);
        let name = name.split(':').next().unwrap_or(name).trim();
        Self::parse(name)
    }

    /// Throttling: the request was refused before it was processed.
    #[must_use]
    pub fn is_throttling(&self) -> bool {
        matches!(self, Self::TooManyRequests | Self::Throttling)
    }

    /// A failure of the service, not of the request: retrying may succeed.
    #[must_use]
    pub fn is_server_fault(&self) -> bool {
        matches!(self, Self::InternalError | Self::ServiceUnavailable)
    }
}

wire_enum! {
    /// `DeviceRememberedStatus` of `UpdateDeviceStatus`.
    ///
    /// ```
    /// use cognito_srp_proto::DeviceRememberedStatus;
    /// assert_eq!(DeviceRememberedStatus::from_bool(true).as_str(), "remembered");
    /// ```
    DeviceRememberedStatus {
        /// Remembered: sign-ins on it may skip MFA.
        Remembered => "remembered",
        /// Tracked but not remembered.
        NotRemembered => "not_remembered",
    }
}

impl DeviceRememberedStatus {
    /// `remembered` for `true`, `not_remembered` for `false`.
    #[must_use]
    pub fn from_bool(remember: bool) -> Self {
        if remember { Self::Remembered } else { Self::NotRemembered }
    }
}

/// Keys of `AuthParameters`, `ChallengeParameters` and `ChallengeResponses`.
///
/// ```
/// use cognito_srp_proto::param;
/// assert_eq!(param::SECRET_HASH, "SECRET_HASH");
/// assert!(param::is_public(param::USER_ID_FOR_SRP));
/// assert!(!param::is_public(param::PASSWORD));
/// ```
pub mod param {
    /// The user name (as typed in `InitiateAuth`, the internal one in later steps).
    pub const USERNAME: &str = "USERNAME";
    /// The internal user name that goes into the SRP math.
    pub const USER_ID_FOR_SRP: &str = "USER_ID_FOR_SRP";
    /// The password (`USER_PASSWORD_AUTH`, `PASSWORD`).
    pub const PASSWORD: &str = "PASSWORD";
    /// The client's public SRP value.
    pub const SRP_A: &str = "SRP_A";
    /// The server's public SRP value.
    pub const SRP_B: &str = "SRP_B";
    /// The SRP salt.
    pub const SALT: &str = "SALT";
    /// The server's opaque block, echoed in the answer.
    pub const SECRET_BLOCK: &str = "SECRET_BLOCK";
    /// The echoed block in a verifier answer.
    pub const PASSWORD_CLAIM_SECRET_BLOCK: &str = "PASSWORD_CLAIM_SECRET_BLOCK";
    /// The SRP signature.
    pub const PASSWORD_CLAIM_SIGNATURE: &str = "PASSWORD_CLAIM_SIGNATURE";
    /// The time the signature was made.
    pub const TIMESTAMP: &str = "TIMESTAMP";
    /// HMAC of user name and client id under the client secret.
    pub const SECRET_HASH: &str = "SECRET_HASH";
    /// A tracked device's key.
    pub const DEVICE_KEY: &str = "DEVICE_KEY";
    /// A refresh token.
    pub const REFRESH_TOKEN: &str = "REFRESH_TOKEN";
    /// `CUSTOM_AUTH` with SRP: `SRP_A` here starts the SRP part.
    pub const CHALLENGE_NAME: &str = "CHALLENGE_NAME";
    /// `USER_AUTH`: the first factor the user prefers.
    pub const PREFERRED_CHALLENGE: &str = "PREFERRED_CHALLENGE";
    /// An answer (`SELECT_MFA_TYPE`, `SELECT_CHALLENGE`, custom challenges).
    pub const ANSWER: &str = "ANSWER";
    /// `NEW_PASSWORD_REQUIRED`'s answer.
    pub const NEW_PASSWORD: &str = "NEW_PASSWORD";
    /// SMS code answer.
    pub const SMS_MFA_CODE: &str = "SMS_MFA_CODE";
    /// Authenticator-app code answer.
    pub const SOFTWARE_TOKEN_MFA_CODE: &str = "SOFTWARE_TOKEN_MFA_CODE";
    /// Email code answer.
    pub const EMAIL_OTP_CODE: &str = "EMAIL_OTP_CODE";
    /// SMS one-time code answer (choice-based sign-in).
    pub const SMS_OTP_CODE: &str = "SMS_OTP_CODE";
    /// Where a code was sent (masked).
    pub const CODE_DELIVERY_DESTINATION: &str = "CODE_DELIVERY_DESTINATION";
    /// How a code was sent.
    pub const CODE_DELIVERY_DELIVERY_MEDIUM: &str = "CODE_DELIVERY_DELIVERY_MEDIUM";
    /// The MFA methods the user may pick.
    pub const MFAS_CAN_CHOOSE: &str = "MFAS_CAN_CHOOSE";
    /// The MFA methods the user may set up.
    pub const MFAS_CAN_SETUP: &str = "MFAS_CAN_SETUP";
    /// Custom challenge: the answer's name.
    pub const ANSWER_NAME: &str = "ANSWER_NAME";
    /// `WEB_AUTHN`: the passkey request options (JSON for `navigator.credentials.get`).
    pub const CREDENTIAL_REQUEST_OPTIONS: &str = "CREDENTIAL_REQUEST_OPTIONS";
    /// `WEB_AUTHN`'s answer: the authenticator's response (`AuthenticationResponseJSON`).
    pub const CREDENTIAL: &str = "CREDENTIAL";
    /// `NEW_PASSWORD_REQUIRED`: the user's attributes (JSON).
    pub const USER_ATTRIBUTES: &str = "userAttributes";
    /// `NEW_PASSWORD_REQUIRED`: attributes the user must give (JSON).
    pub const REQUIRED_ATTRIBUTES: &str = "requiredAttributes";
    /// The prefix of attribute answers in `NEW_PASSWORD_REQUIRED`.
    pub const USER_ATTRIBUTE_PREFIX: &str = "userAttributes.";

    /// Keys whose values are public: everything else is treated as a secret (redacted in
    /// `Debug`).
    pub const PUBLIC: &[&str] = &[
        USERNAME,
        USER_ID_FOR_SRP,
        CHALLENGE_NAME,
        DEVICE_KEY,
        SRP_A,
        SRP_B,
        SALT,
        CODE_DELIVERY_DESTINATION,
        CODE_DELIVERY_DELIVERY_MEDIUM,
        MFAS_CAN_CHOOSE,
        MFAS_CAN_SETUP,
        ANSWER_NAME,
        CREDENTIAL_REQUEST_OPTIONS,
        REQUIRED_ATTRIBUTES,
        PREFERRED_CHALLENGE,
    ];

    /// Whether `key`'s value may be shown in `Debug` and logs.
    #[must_use]
    pub fn is_public(key: &str) -> bool {
        PUBLIC.contains(&key)
    }
}

/// User-pool attribute names: the `Name`s of `UserAttributes`, the values of
/// `AliasAttributes` and `UsernameAttributes`, the attribute of a `ListUsers` filter. They are
/// Cognito API values (the same names also appear as ID-token claims).
///
/// ```
/// use cognito_srp_proto::vocab::attribute;
/// assert_eq!(attribute::EMAIL_VERIFIED, "email_verified");
/// assert!(attribute::STANDARD.contains(&attribute::PHONE_NUMBER));
/// assert!(!attribute::STANDARD.contains(&attribute::SUB));
/// assert_eq!(attribute::CUSTOM_PREFIX, "custom:");
/// ```
pub mod attribute {
    /// The user's immutable id (a UUID); never writable.
    pub const SUB: &str = "sub";
    /// Full name.
    pub const NAME: &str = "name";
    /// Given name.
    pub const GIVEN_NAME: &str = "given_name";
    /// Family name.
    pub const FAMILY_NAME: &str = "family_name";
    /// Middle name.
    pub const MIDDLE_NAME: &str = "middle_name";
    /// Nickname.
    pub const NICKNAME: &str = "nickname";
    /// Preferred user name (an alias when the pool allows it).
    pub const PREFERRED_USERNAME: &str = "preferred_username";
    /// Profile page URL.
    pub const PROFILE: &str = "profile";
    /// Picture URL.
    pub const PICTURE: &str = "picture";
    /// Website URL.
    pub const WEBSITE: &str = "website";
    /// Email address (an alias or the user name, when the pool says so).
    pub const EMAIL: &str = "email";
    /// `true` once the email address is verified.
    pub const EMAIL_VERIFIED: &str = "email_verified";
    /// Gender.
    pub const GENDER: &str = "gender";
    /// Birth date.
    pub const BIRTHDATE: &str = "birthdate";
    /// Time zone.
    pub const ZONEINFO: &str = "zoneinfo";
    /// Locale.
    pub const LOCALE: &str = "locale";
    /// Phone number (E.164).
    pub const PHONE_NUMBER: &str = "phone_number";
    /// `true` once the phone number is verified.
    pub const PHONE_NUMBER_VERIFIED: &str = "phone_number_verified";
    /// Postal address.
    pub const ADDRESS: &str = "address";
    /// Last update time.
    pub const UPDATED_AT: &str = "updated_at";
    /// The prefix of a pool's own attributes.
    pub const CUSTOM_PREFIX: &str = "custom:";

    /// Cognito's standard, writable attributes (`sub` is standard too, but never written).
    pub const STANDARD: &[&str] = &[
        NAME,
        GIVEN_NAME,
        FAMILY_NAME,
        MIDDLE_NAME,
        NICKNAME,
        PREFERRED_USERNAME,
        PROFILE,
        PICTURE,
        WEBSITE,
        EMAIL,
        EMAIL_VERIFIED,
        GENDER,
        BIRTHDATE,
        ZONEINFO,
        LOCALE,
        PHONE_NUMBER,
        PHONE_NUMBER_VERIFIED,
        ADDRESS,
        UPDATED_AT,
    ];
}

/// Error types that [`ErrorCode`] has no variant for; read them with [`ErrorCode::parse`]
/// (they come back as [`ErrorCode::Unknown`]).
///
/// ```
/// use cognito_srp_proto::{ErrorCode, vocab::error_type};
/// assert!(matches!(ErrorCode::parse(error_type::REQUEST_TIMEOUT), ErrorCode::Unknown(_)));
/// ```
pub mod error_type {
    /// The request body did not arrive in time.
    pub const REQUEST_TIMEOUT: &str = "RequestTimeoutException";
    /// An IAM-authorised operation (`Admin*`, set-up) came without a SigV4 signature.
    pub const MISSING_AUTHENTICATION_TOKEN: &str = "MissingAuthenticationTokenException";
    /// The signature's access key id (or session token) is not known.
    pub const UNRECOGNIZED_CLIENT: &str = "UnrecognizedClientException";
    /// The signature does not match, or its time is too far from the server's clock.
    pub const INVALID_SIGNATURE: &str = "InvalidSignatureException";
    /// The `Authorization` header is not a complete SigV4 signature.
    pub const INCOMPLETE_SIGNATURE: &str = "IncompleteSignatureException";
}

/// Values of `ExplicitAuthFlows` of an app client: `ALLOW_` and an [`AuthFlow`] name, or one
/// of the older names.
///
/// ```
/// use cognito_srp_proto::{AuthFlow, vocab::explicit_auth_flow};
/// assert_eq!(explicit_auth_flow::allow(&AuthFlow::UserSrpAuth), "ALLOW_USER_SRP_AUTH");
/// ```
pub mod explicit_auth_flow {
    use alloc::string::String;

    use super::AuthFlow;

    /// The prefix of the current names.
    pub const ALLOW_PREFIX: &str = "ALLOW_";
    /// The older name that allows `CUSTOM_AUTH` only.
    pub const CUSTOM_AUTH_FLOW_ONLY: &str = "CUSTOM_AUTH_FLOW_ONLY";

    /// `ALLOW_` followed by `flow`'s name.
    #[must_use]
    pub fn allow(flow: &AuthFlow) -> String {
        let mut name = String::from(ALLOW_PREFIX);
        name.push_str(flow.as_str());
        name
    }
}

wire_enum! {
    /// A `CodeDeliveryDetails`' `DeliveryMedium` (also `CODE_DELIVERY_DELIVERY_MEDIUM`).
    ///
    /// ```
    /// use cognito_srp_proto::vocab::DeliveryMedium;
    /// assert_eq!(DeliveryMedium::Sms.as_str(), "SMS");
    /// ```
    DeliveryMedium {
        /// A text message.
        Sms => "SMS",
        /// An email.
        Email => "EMAIL",
    }
}

wire_enum! {
    /// `VerifySoftwareToken`'s `Status`.
    ///
    /// ```
    /// use cognito_srp_proto::vocab::VerifySoftwareTokenStatus;
    /// assert_eq!(VerifySoftwareTokenStatus::Success.as_str(), "SUCCESS");
    /// ```
    VerifySoftwareTokenStatus {
        /// The code matched: the authenticator is set up.
        Success => "SUCCESS",
        /// The code did not match.
        Error => "ERROR",
    }
}

wire_enum! {
    /// An app client's `PreventUserExistenceErrors`.
    ///
    /// ```
    /// use cognito_srp_proto::vocab::PreventUserExistenceErrors;
    /// assert_eq!(PreventUserExistenceErrors::Enabled.as_str(), "ENABLED");
    /// ```
    PreventUserExistenceErrors {
        /// Unknown users get the answers of wrong passwords and plausible code deliveries.
        Enabled => "ENABLED",
        /// Unknown users get `UserNotFoundException`.
        Legacy => "LEGACY",
    }
}

wire_enum! {
    /// `TimeUnitsType`: the unit of an app client's `AccessTokenValidity`, `IdTokenValidity`
    /// and `RefreshTokenValidity` (in its `TokenValidityUnits`).
    ///
    /// ```
    /// use cognito_srp_proto::vocab::TimeUnit;
    /// assert_eq!(TimeUnit::Hours.as_str(), "hours");
    /// assert_eq!(TimeUnit::parse("days").seconds(), Some(86_400));
    /// assert_eq!(TimeUnit::parse("weeks").seconds(), None);
    /// ```
    TimeUnit {
        /// Seconds.
        Seconds => "seconds",
        /// Minutes.
        Minutes => "minutes",
        /// Hours (the default unit of access and ID tokens).
        Hours => "hours",
        /// Days (the default unit of refresh tokens).
        Days => "days",
    }
}

impl TimeUnit {
    /// Seconds in one unit; `None` for a unit this crate does not know.
    #[must_use]
    pub fn seconds(&self) -> Option<u64> {
        match self {
            Self::Seconds => Some(1),
            Self::Minutes => Some(60),
            Self::Hours => Some(3600),
            Self::Days => Some(86_400),
            Self::Unknown(_) => None,
        }
    }
}

wire_enum! {
    /// `FeatureType`: whether a feature such as refresh token rotation is on.
    ///
    /// ```
    /// use cognito_srp_proto::vocab::FeatureType;
    /// assert_eq!(FeatureType::Enabled.as_str(), "ENABLED");
    /// ```
    FeatureType {
        /// On.
        Enabled => "ENABLED",
        /// Off.
        Disabled => "DISABLED",
    }
}

/// `TokenType` of an `AuthenticationResult`.
pub const TOKEN_TYPE_BEARER: &str = "Bearer";

/// Attribute names of a device (`DeviceAttributes`).
///
/// ```
/// use cognito_srp_proto::vocab::device_attribute;
/// assert_eq!(device_attribute::REMEMBERED_STATUS, "dev:device_remembered_status");
/// ```
pub mod device_attribute {
    /// `valid` for a confirmed device.
    pub const STATUS: &str = "device_status";
    /// `remembered` or `not_remembered` ([`super::DeviceRememberedStatus`]).
    pub const REMEMBERED_STATUS: &str = "dev:device_remembered_status";
    /// The address of the last sign-in.
    pub const LAST_IP_USED: &str = "last_ip_used";
    /// The name given at `ConfirmDevice`.
    pub const NAME: &str = "device_name";
    /// The value of [`STATUS`] for a confirmed device.
    pub const STATUS_VALID: &str = "valid";
}

wire_enum! {
    /// A user pool's `MfaConfiguration`.
    ///
    /// ```
    /// use cognito_srp_proto::vocab::MfaConfiguration;
    /// assert_eq!(MfaConfiguration::parse("OPTIONAL"), MfaConfiguration::Optional);
    /// ```
    MfaConfiguration {
        /// No MFA.
        Off => "OFF",
        /// Every user must use MFA.
        On => "ON",
        /// Users may turn MFA on.
        Optional => "OPTIONAL",
    }
}

wire_enum! {
    /// A first factor of choice-based sign-in (`AllowedFirstAuthFactors` of a pool's
    /// `SignInPolicy`).
    ///
    /// ```
    /// use cognito_srp_proto::vocab::AuthFactor;
    /// assert_eq!(AuthFactor::EmailOtp.as_str(), "EMAIL_OTP");
    /// ```
    AuthFactor {
        /// The password (`PASSWORD` and `PASSWORD_SRP` challenges).
        Password => "PASSWORD",
        /// A code sent by email.
        EmailOtp => "EMAIL_OTP",
        /// A code sent by text message.
        SmsOtp => "SMS_OTP",
        /// A passkey.
        WebAuthn => "WEB_AUTHN",
        /// An authenticator app (not accepted as a first factor by Cognito).
        SoftwareToken => "SOFTWARE_TOKEN",
    }
}

wire_enum! {
    /// A pool's feature plan, `UserPoolTier` (Cognito's default for new pools: `ESSENTIALS`).
    ///
    /// ```
    /// use cognito_srp_proto::vocab::UserPoolTier;
    /// assert_eq!(UserPoolTier::parse("LITE"), UserPoolTier::Lite);
    /// ```
    UserPoolTier {
        /// The basic plan: no choice-based sign-in, no email MFA.
        Lite => "LITE",
        /// The default plan.
        Essentials => "ESSENTIALS",
        /// Essentials and threat protection.
        Plus => "PLUS",
    }
}

wire_enum! {
    /// A user's `UserStatus`.
    ///
    /// ```
    /// use cognito_srp_proto::vocab::UserStatus;
    /// assert_eq!(UserStatus::ForceChangePassword.as_str(), "FORCE_CHANGE_PASSWORD");
    /// assert_eq!(UserStatus::parse("UNKNOWN"), UserStatus::UnknownStatus);
    /// ```
    UserStatus {
        /// Signed up, not confirmed.
        Unconfirmed => "UNCONFIRMED",
        /// Confirmed.
        Confirmed => "CONFIRMED",
        /// Archived.
        Archived => "ARCHIVED",
        /// Disabled because of a potential security threat.
        Compromised => "COMPROMISED",
        /// Cognito's own `UNKNOWN` status.
        UnknownStatus => "UNKNOWN",
        /// Must reset the password before signing in.
        ResetRequired => "RESET_REQUIRED",
        /// Created by an administrator: must choose a new password at the first sign-in.
        ForceChangePassword => "FORCE_CHANGE_PASSWORD",
        /// Signed in through an external identity provider.
        ExternalProvider => "EXTERNAL_PROVIDER",
    }
}

/// The header that carries a request id in Cognito's answers.
pub const REQUEST_ID_HEADER: &str = "x-amzn-RequestId";

/// JSON member names of requests and answers, for code that reads bodies leniently or
/// names a member in a message (the wire types spell the same names through serde).
///
/// ```
/// use cognito_srp_proto::{InitiateAuthRequest, AuthFlow, vocab::member};
/// let json = serde_json::to_value(InitiateAuthRequest::new(AuthFlow::UserSrpAuth, "c"))?;
/// assert!(json.get(member::AUTH_FLOW).is_some() && json.get(member::CLIENT_ID).is_some());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub mod member {
    /// `AccessToken`.
    pub const ACCESS_TOKEN: &str = "AccessToken";
    /// `IdToken`.
    pub const ID_TOKEN: &str = "IdToken";
    /// `AuthenticationResult`.
    pub const AUTHENTICATION_RESULT: &str = "AuthenticationResult";
    /// `AuthFlow`.
    pub const AUTH_FLOW: &str = "AuthFlow";
    /// `AuthParameters`.
    pub const AUTH_PARAMETERS: &str = "AuthParameters";
    /// `AvailableChallenges` (choice-based sign-in).
    pub const AVAILABLE_CHALLENGES: &str = "AvailableChallenges";
    /// `ChallengeName`.
    pub const CHALLENGE_NAME: &str = "ChallengeName";
    /// `ChallengeParameters`.
    pub const CHALLENGE_PARAMETERS: &str = "ChallengeParameters";
    /// `ChallengeResponses`.
    pub const CHALLENGE_RESPONSES: &str = "ChallengeResponses";
    /// `ClientId`.
    pub const CLIENT_ID: &str = "ClientId";
    /// `ClientMetadata`.
    pub const CLIENT_METADATA: &str = "ClientMetadata";
    /// `ClientName`.
    pub const CLIENT_NAME: &str = "ClientName";
    /// `ClientSecret`.
    pub const CLIENT_SECRET: &str = "ClientSecret";
    /// `AccessTokenValidity` (of an app client).
    pub const ACCESS_TOKEN_VALIDITY: &str = "AccessTokenValidity";
    /// `IdTokenValidity` (of an app client).
    pub const ID_TOKEN_VALIDITY: &str = "IdTokenValidity";
    /// `RefreshTokenValidity` (of an app client).
    pub const REFRESH_TOKEN_VALIDITY: &str = "RefreshTokenValidity";
    /// `TokenValidityUnits` (of an app client).
    pub const TOKEN_VALIDITY_UNITS: &str = "TokenValidityUnits";
    /// `RefreshTokenRotation` (of an app client).
    pub const REFRESH_TOKEN_ROTATION: &str = "RefreshTokenRotation";
    /// `RetryGracePeriodSeconds` (of a `RefreshTokenRotation`).
    pub const RETRY_GRACE_PERIOD_SECONDS: &str = "RetryGracePeriodSeconds";
    /// `RefreshToken` (of `GetTokensFromRefreshToken`).
    pub const REFRESH_TOKEN: &str = "RefreshToken";
    /// `DeviceKey`.
    pub const DEVICE_KEY: &str = "DeviceKey";
    /// `DeviceName`.
    pub const DEVICE_NAME: &str = "DeviceName";
    /// `DeviceSecretVerifierConfig`.
    pub const DEVICE_SECRET_VERIFIER_CONFIG: &str = "DeviceSecretVerifierConfig";
    /// `Filter`.
    pub const FILTER: &str = "Filter";
    /// `GroupName`.
    pub const GROUP_NAME: &str = "GroupName";
    /// `MaxResults`.
    pub const MAX_RESULTS: &str = "MaxResults";
    /// `NextToken`.
    pub const NEXT_TOKEN: &str = "NextToken";
    /// `Name` (of an attribute).
    pub const NAME: &str = "Name";
    /// `PaginationToken`.
    pub const PAGINATION_TOKEN: &str = "PaginationToken";
    /// `Password`.
    pub const PASSWORD: &str = "Password";
    /// `PasswordVerifier`.
    pub const PASSWORD_VERIFIER: &str = "PasswordVerifier";
    /// `PoolName`.
    pub const POOL_NAME: &str = "PoolName";
    /// `PreviousPassword`.
    pub const PREVIOUS_PASSWORD: &str = "PreviousPassword";
    /// `ProposedPassword`.
    pub const PROPOSED_PASSWORD: &str = "ProposedPassword";
    /// `Salt`.
    pub const SALT: &str = "Salt";
    /// `Session`.
    pub const SESSION: &str = "Session";
    /// `TemporaryPassword`.
    pub const TEMPORARY_PASSWORD: &str = "TemporaryPassword";
    /// `Token`.
    pub const TOKEN: &str = "Token";
    /// `UserAttributes`.
    pub const USER_ATTRIBUTES: &str = "UserAttributes";
    /// `UserCode`.
    pub const USER_CODE: &str = "UserCode";
    /// `Username`.
    pub const USERNAME: &str = "Username";
    /// `UserPoolId`.
    pub const USER_POOL_ID: &str = "UserPoolId";
    /// `ConfirmationCode`.
    pub const CONFIRMATION_CODE: &str = "ConfirmationCode";
    /// `Code` (`VerifyUserAttribute`).
    pub const CODE: &str = "Code";
    /// `AttributeName`.
    pub const ATTRIBUTE_NAME: &str = "AttributeName";
    /// `UserAttributeNames`.
    pub const USER_ATTRIBUTE_NAMES: &str = "UserAttributeNames";
    /// `CodeDeliveryDetails`.
    pub const CODE_DELIVERY_DETAILS: &str = "CodeDeliveryDetails";
    /// `CodeDeliveryDetailsList`.
    pub const CODE_DELIVERY_DETAILS_LIST: &str = "CodeDeliveryDetailsList";
    /// `Destination` (of `CodeDeliveryDetails`).
    pub const DESTINATION: &str = "Destination";
    /// `DeliveryMedium`.
    pub const DELIVERY_MEDIUM: &str = "DeliveryMedium";
    /// `UserConfirmed`.
    pub const USER_CONFIRMED: &str = "UserConfirmed";
    /// `UserSub`.
    pub const USER_SUB: &str = "UserSub";
    /// `UserStatus`.
    pub const USER_STATUS: &str = "UserStatus";
    /// `SecretHash` (a member; `SECRET_HASH` is the parameter key).
    pub const SECRET_HASH: &str = "SecretHash";
    /// `Policies`.
    pub const POLICIES: &str = "Policies";
    /// `PasswordPolicy`.
    pub const PASSWORD_POLICY: &str = "PasswordPolicy";
    /// `AutoVerifiedAttributes`.
    pub const AUTO_VERIFIED_ATTRIBUTES: &str = "AutoVerifiedAttributes";
    /// `AliasAttributes`.
    pub const ALIAS_ATTRIBUTES: &str = "AliasAttributes";
    /// `UsernameAttributes`.
    pub const USERNAME_ATTRIBUTES: &str = "UsernameAttributes";
    /// `PreventUserExistenceErrors`.
    pub const PREVENT_USER_EXISTENCE_ERRORS: &str = "PreventUserExistenceErrors";
    /// `Value` (of an attribute).
    pub const VALUE: &str = "Value";
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_known_name_round_trips() {
        for op in Operation::KNOWN {
            assert_eq!(&Operation::parse(op.as_str()), op);
            assert_eq!(Operation::from_target(&op.target()).as_ref(), Some(op));
        }
        for flow in AuthFlow::KNOWN {
            assert_eq!(&AuthFlow::parse(flow.as_str()), flow);
        }
        for name in ChallengeName::KNOWN {
            assert_eq!(&ChallengeName::parse(name.as_str()), name);
        }
        for code in ErrorCode::KNOWN {
            assert_eq!(&ErrorCode::from_type(code.as_str()), code);
        }
    }

    #[test]
    fn unknown_names_are_kept() {
        let name: ChallengeName = serde_json::from_str(r#""SOME_NEW_CHALLENGE""#).unwrap();
        assert_eq!(name, ChallengeName::Unknown("SOME_NEW_CHALLENGE".into()));
        assert_eq!(serde_json::to_string(&name).unwrap(), r#""SOME_NEW_CHALLENGE""#);
        // Case matters, as on the wire.
        assert_eq!(AuthFlow::parse("user_srp_auth"), AuthFlow::Unknown("user_srp_auth".into()));
    }

    #[test]
    fn error_types_in_every_form_seen() {
        for raw in [
            "NotAuthorizedException",
            "com.amazonaws.cognito.identity.idp.model#NotAuthorizedException",
            "NotAuthorizedException:http://internal.amazon.com/coral/com.amazon.coral.service/",
            " NotAuthorizedException ",
        ] {
            assert_eq!(ErrorCode::from_type(raw), ErrorCode::NotAuthorized, "{raw}");
        }
    }

    #[test]
    fn admin_operations() {
        let admin: alloc::vec::Vec<&Operation> = Operation::KNOWN.iter().filter(|o| o.is_admin()).collect();
        assert!(admin.iter().all(|o| !matches!(
            o,
            Operation::InitiateAuth
                | Operation::RespondToAuthChallenge
                | Operation::ConfirmDevice
                | Operation::SignUp
        )));
        assert!(Operation::AdminInitiateAuth.is_admin());
        assert!(Operation::ListUserPools.is_admin());
    }
}
