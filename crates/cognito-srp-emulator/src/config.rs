//! Configuration of pools, app clients and users, from Rust or from a JSON seed file.

use std::time::Duration;

use cognito_srp_proto::vocab::AuthFactor;
use serde::{Deserialize, Serialize};

/// `with_<field>` setters for the public fields of the `#[non_exhaustive]` config structs, so
/// code outside this crate builds them from `Default` in one expression
/// (`PoolConfig::default().with_email_alias(true)`); the fields stay public for reading and
/// for changing a value in place. String fields take `impl Into<String>`; every other field
/// takes its own type.
macro_rules! setters {
    ($ty:ident { $($setter:ident => $field:ident: $fty:ty),* $(,)? }
        strings { $($ssetter:ident => $sfield:ident),* $(,)? }) => {
        impl $ty {
            $(
                #[doc = concat!("Sets [`", stringify!($field), "`](Self::", stringify!($field), ").")]
                #[must_use]
                pub fn $setter(mut self, value: $fty) -> Self {
                    self.$field = value;
                    self
                }
            )*
            $(
                #[doc = concat!("Sets [`", stringify!($sfield), "`](Self::", stringify!($sfield), ").")]
                #[must_use]
                pub fn $ssetter(mut self, value: impl Into<String>) -> Self {
                    self.$sfield = value.into();
                    self
                }
            )*
        }
    };
}

/// A pool's MFA setting (`MfaConfiguration`).
///
/// `Off` never asks for a second factor. `Optional` asks users who have one (TOTP or SMS)
/// unless they sign in from a remembered device. `On` asks everyone, and a user without a
/// factor is sent to `MFA_SETUP`. In a seed file it is written `"OFF"`, `"OPTIONAL"`, `"ON"`.
///
/// ```
/// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
/// use cognito_srp_emulator::{ClientConfig, Emulator, MfaConfiguration, PoolConfig, UserConfig};
/// # use serde_json::json;
/// # async fn call(emulator: &cognito_srp_emulator::RunningEmulator, op: cognito_srp_proto::Operation, body: serde_json::Value) -> (u16, serde_json::Value) {
/// #     let response = reqwest::Client::new()
/// #         .post(emulator.endpoint())
/// #         .header("content-type", vocab::CONTENT_TYPE)
/// #         .header(vocab::TARGET_HEADER, op.target())
/// #         .body(body.to_string())
/// #         .send()
/// #         .await
/// #         .expect("the emulator answers");
/// #     let status = response.status().as_u16();
/// #     (status, serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body"))
/// # }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
/// let emulator = Emulator::builder().start().await?;
/// let admin = emulator.admin();
/// let pool = admin.create_user_pool(PoolConfig::default().with_mfa(MfaConfiguration::On))?;
/// # let flows = vec!["ALLOW_USER_PASSWORD_AUTH".to_owned()];
/// # let (client, _) = admin.create_client(&pool, ClientConfig::default().with_explicit_auth_flows(flows))?;
/// admin.create_user(&pool, UserConfig::default()
///     .with_username("ann")
///     .with_password("Passw0rd!")
///     .with_permanent(true))?;
/// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
/// // MFA is ON and ann has no factor yet: the right password leads to MFA_SETUP, not to tokens.
/// let (status, body) = call(&emulator, Operation::InitiateAuth, json!({
///     (member::AUTH_FLOW): AuthFlow::UserPasswordAuth,
///     (member::CLIENT_ID): client,
///     (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::PASSWORD): "Passw0rd!" },
/// })).await;
/// assert_eq!((status, body[member::CHALLENGE_NAME].as_str()), (200, Some(ChallengeName::MfaSetup.as_str())));
/// assert_eq!(body[member::CHALLENGE_PARAMETERS][param::MFAS_CAN_SETUP], r#"["SOFTWARE_TOKEN_MFA"]"#);
///
/// // The seed-file spelling.
/// assert_eq!(serde_json::to_string(&MfaConfiguration::Optional).unwrap(), r#""OPTIONAL""#);
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum MfaConfiguration {
    /// No MFA.
    #[default]
    Off,
    /// MFA for users who enabled a factor.
    Optional,
    /// MFA for everyone; users without a factor are sent to `MFA_SETUP`.
    On,
}

/// A pool's `DeviceConfiguration`: device tracking is on when this is present.
///
/// With tracking on, a sign-in that does not name a device key ends with `NewDeviceMetadata`
/// (a new, unconfirmed device); `ConfirmDevice` stores the device's verifier. `Default` (and
/// `"device_tracking": {}` in a seed) sets both fields to `true`.
///
/// ```
/// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
/// use cognito_srp_emulator::{ClientConfig, DeviceTracking, Emulator, PoolConfig, UserConfig};
/// # use serde_json::json;
/// # async fn call(emulator: &cognito_srp_emulator::RunningEmulator, op: cognito_srp_proto::Operation, body: serde_json::Value) -> (u16, serde_json::Value) {
/// #     let response = reqwest::Client::new()
/// #         .post(emulator.endpoint())
/// #         .header("content-type", vocab::CONTENT_TYPE)
/// #         .header(vocab::TARGET_HEADER, op.target())
/// #         .body(body.to_string())
/// #         .send()
/// #         .await
/// #         .expect("the emulator answers");
/// #     let status = response.status().as_u16();
/// #     (status, serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body"))
/// # }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
/// let emulator = Emulator::builder().start().await?;
/// let admin = emulator.admin();
/// let tracking = DeviceTracking::default().with_device_only_remembered_on_user_prompt(false);
/// let pool = admin.create_user_pool(PoolConfig::default().with_device_tracking(Some(tracking)))?;
/// # let flows = vec!["ALLOW_USER_PASSWORD_AUTH".to_owned()];
/// # let (client, _) = admin.create_client(&pool, ClientConfig::default().with_explicit_auth_flows(flows))?;
/// # let ann = UserConfig::default().with_username("ann").with_password("Passw0rd!").with_permanent(true);
/// # admin.create_user(&pool, ann)?;
/// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
/// let (_, signed_in) = call(&emulator, Operation::InitiateAuth, json!({
///     (member::AUTH_FLOW): AuthFlow::UserPasswordAuth,
///     (member::CLIENT_ID): client,
///     (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::PASSWORD): "Passw0rd!" },
/// })).await;
/// let result = &signed_in[member::AUTHENTICATION_RESULT];
/// let key = result["NewDeviceMetadata"][member::DEVICE_KEY].as_str().unwrap();
/// let group = result["NewDeviceMetadata"]["DeviceGroupKey"].as_str().unwrap();
/// assert!(key.starts_with("us-east-1_"), "{key}");
///
/// // The device confirms itself with a verifier of its own random password.
/// # let mut rng = cognito_srp_core::rand_core::UnwrapErr(getrandom::SysRng);
/// let device = cognito_srp_core::DeviceVerifier::generate(&mut rng, group, key).unwrap();
/// let (status, confirmed) = call(&emulator, Operation::ConfirmDevice, json!({
///     (member::ACCESS_TOKEN): result[member::ACCESS_TOKEN],
///     (member::DEVICE_KEY): key,
///     (member::DEVICE_SECRET_VERIFIER_CONFIG): { (member::PASSWORD_VERIFIER): device.password_verifier(), (member::SALT): device.salt() },
/// })).await;
/// // Not "only remembered on user prompt": no confirmation needed, the device is remembered.
/// assert_eq!((status, confirmed), (200, json!({ "UserConfirmationNecessary": false })));
/// assert!(admin.list_devices(&pool, "ann")[0].remembered);
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeviceTracking {
    /// `ChallengeRequiredOnNewDevice`: MFA only on a sign-in without a remembered device.
    ///
    /// `true`: a remembered device, proven by `DEVICE_SRP_AUTH`/`DEVICE_PASSWORD_VERIFIER`,
    /// stands in for the second factor. `false`: users with MFA get it on every sign-in,
    /// remembered device or not (the device is still proven after the code), as Cognito
    /// documents it.
    #[serde(default = "yes")]
    pub challenge_required_on_new_device: bool,
    /// `DeviceOnlyRememberedOnUserPrompt`: ConfirmDevice answers `UserConfirmationNecessary`
    /// and the device is remembered only after `UpdateDeviceStatus(remembered)`.
    #[serde(default = "yes")]
    pub device_only_remembered_on_user_prompt: bool,
}

fn yes() -> bool {
    true
}

impl Default for DeviceTracking {
    fn default() -> Self {
        Self { challenge_required_on_new_device: true, device_only_remembered_on_user_prompt: true }
    }
}

/// A user pool.
///
/// Every field has a default (`..Default::default()`): a pool named `pool` in `us-east-1`
/// with a generated id, no MFA, no device tracking, no alias, one-hour tokens.
///
/// ```
/// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
/// use cognito_srp_emulator::{ClientConfig, Emulator, PoolConfig, UserConfig};
/// # use serde_json::json;
/// # async fn call(emulator: &cognito_srp_emulator::RunningEmulator, op: cognito_srp_proto::Operation, body: serde_json::Value) -> (u16, serde_json::Value) {
/// #     let response = reqwest::Client::new()
/// #         .post(emulator.endpoint())
/// #         .header("content-type", vocab::CONTENT_TYPE)
/// #         .header(vocab::TARGET_HEADER, op.target())
/// #         .body(body.to_string())
/// #         .send()
/// #         .await
/// #         .expect("the emulator answers");
/// #     let status = response.status().as_u16();
/// #     (status, serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body"))
/// # }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
/// let emulator = Emulator::builder().start().await?;
/// let pool = emulator.admin().create_user_pool(PoolConfig::default()
///     .with_id(Some("eu-west-1_Docs".into()))
///     .with_name("docs")
///     .with_email_alias(true)
///     .with_token_validity_seconds(900)
///     .with_clients(vec![ClientConfig::default()
///     .with_id(Some("docsapp".into()))
///     .with_explicit_auth_flows(vec!["ALLOW_USER_PASSWORD_AUTH".into()])])
///     .with_users(vec![UserConfig::default()
///     .with_username("alice")
///     .with_password("Passw0rd!")
///     .with_permanent(true)
///     .with_email(Some("alice@example.com".into()))]))?;
/// assert_eq!(pool, "eu-west-1_Docs");
///
/// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
/// // alice signs in with her email (the alias), and her tokens live 900 seconds.
/// let (status, body) = call(&emulator, Operation::InitiateAuth, json!({
///     (member::AUTH_FLOW): AuthFlow::UserPasswordAuth,
///     (member::CLIENT_ID): "docsapp",
///     (member::AUTH_PARAMETERS): { (param::USERNAME): "alice@example.com", (param::PASSWORD): "Passw0rd!" },
/// })).await;
/// assert_eq!((status, &body[member::AUTHENTICATION_RESULT]["ExpiresIn"]), (200, &json!(900)));
///
/// let (_, described) = call(&emulator, Operation::DescribeUserPool, json!({ (member::USER_POOL_ID): pool })).await;
/// assert_eq!(described["UserPool"][member::NAME], "docs");
/// assert_eq!(described["UserPool"]["AliasAttributes"], json!(["email"]));
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct PoolConfig {
    /// The pool id (`<region>_<name>`); generated when `None`.
    pub id: Option<String>,
    /// `PoolName`.
    pub name: String,
    /// Region used in generated ids and token issuers.
    pub region: String,
    /// MFA setting.
    pub mfa: MfaConfiguration,
    /// Device tracking; `None` turns it off.
    pub device_tracking: Option<DeviceTracking>,
    /// Users may sign in with their `email` attribute (an alias); the internal username is
    /// then a generated UUID unless given.
    pub email_alias: bool,
    /// `UsernameAttributes: ["email"]`: users are created and sign in with their email; the
    /// internal username (`USER_ID_FOR_SRP`, the tokens' `username`) is a generated UUID equal
    /// to `sub`, as on Cognito.
    pub email_as_username: bool,
    /// `AliasAttributes` contains `phone_number`: a verified phone number signs in.
    pub phone_alias: bool,
    /// `AliasAttributes` contains `preferred_username`: the preferred username signs in
    /// (it must be unique in the pool).
    pub preferred_username_alias: bool,
    /// `UsernameAttributes: ["phone_number"]`: users sign up and sign in with their phone
    /// number; the internal username is a generated UUID.
    pub phone_as_username: bool,
    /// `Policies.PasswordPolicy`: what `SignUp`, `ConfirmForgotPassword`, `ChangePassword`,
    /// `NEW_PASSWORD_REQUIRED` answers, `AdminSetUserPassword` and `AdminCreateUser`'s
    /// `TemporaryPassword` accept (users made from Rust or a seed are not checked).
    pub password_policy: PasswordPolicy,
    /// `AutoVerifiedAttributes`: `email` and/or `phone_number`. `SignUp` sends its code to
    /// the phone number if it is listed and given, else to the email; `ConfirmSignUp` marks
    /// that attribute verified. Empty (the default, as `CreateUserPool` without it): sign-ups
    /// wait for `AdminConfirmSignUp`, and a changed email or phone number is not sent a code.
    pub auto_verified_attributes: Vec<String>,
    /// `UsernameConfiguration: { CaseSensitive: false }`: `Ann` and `ann` (and their
    /// aliases in any case) are the same user. `false` (the default, as `CreateUserPool`
    /// without `UsernameConfiguration`): names are case sensitive.
    pub case_insensitive_usernames: bool,
    /// The answer a `CUSTOM_CHALLENGE` expects (stands in for the Lambda triggers).
    ///
    /// `None` (the default, and every pool made over the wire with `CreateUserPool`) turns
    /// `CUSTOM_AUTH` off: `InitiateAuth` answers `InvalidParameterException: Custom auth lambda
    /// trigger is not configured for the user pool.`, as Cognito does without its triggers.
    /// An empty answer is refused.
    pub custom_challenge_answer: Option<String>,
    /// Seconds an access/id token is valid (at least 60: a smaller value is taken as 60).
    pub token_validity_seconds: u64,
    /// `Policies.SignInPolicy.AllowedFirstAuthFactors`: the first factors choice-based
    /// sign-in (`USER_AUTH`) may offer. Cognito's default, `[PASSWORD]`, offers `PASSWORD` and
    /// `PASSWORD_SRP`; add `EMAIL_OTP` / `SMS_OTP` for one-time codes (to users with a
    /// verified email / phone number). `WEB_AUTHN` is accepted and never offered (the
    /// emulator has no passkeys). Written `["PASSWORD", "EMAIL_OTP"]` in a seed.
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member, AuthFactor}};
    /// use cognito_srp_emulator::{ClientConfig, CodePurpose, Emulator, PoolConfig, UserConfig};
    /// # use serde_json::json;
    /// # async fn call(emulator: &cognito_srp_emulator::RunningEmulator, op: cognito_srp_proto::Operation, body: serde_json::Value) -> (u16, serde_json::Value) {
    /// #     let response = reqwest::Client::new()
    /// #         .post(emulator.endpoint())
    /// #         .header("content-type", vocab::CONTENT_TYPE)
    /// #         .header(vocab::TARGET_HEADER, op.target())
    /// #         .body(body.to_string())
    /// #         .send()
    /// #         .await
    /// #         .expect("the emulator answers");
    /// #     let status = response.status().as_u16();
    /// #     (status, serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body"))
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder().start().await?;
    /// let admin = emulator.admin();
    /// let pool = admin.create_user_pool(PoolConfig::default()
    ///     .with_allowed_first_auth_factors(vec![AuthFactor::Password, AuthFactor::EmailOtp])
    ///     .with_clients(vec![ClientConfig::default()
    ///     .with_id(Some("app".into()))
    ///     .with_explicit_auth_flows(vec!["ALLOW_USER_AUTH".into()])]))?;
    /// let ann = UserConfig::default().with_username("ann").with_password("Passw0rd!").with_permanent(true).with_email(Some("ann@example.com".into()));
    /// admin.create_user(&pool, ann)?;
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let (_, otp) = call(&emulator, Operation::InitiateAuth, json!({
    ///     (member::AUTH_FLOW): AuthFlow::UserAuth,
    ///     (member::CLIENT_ID): "app",
    ///     (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::PREFERRED_CHALLENGE): ChallengeName::EmailOtp },
    /// })).await;
    /// assert_eq!(otp[member::CHALLENGE_NAME], ChallengeName::EmailOtp.as_str());
    /// // The code a real pool would have emailed, from the outbox.
    /// let code = admin.last_code(&pool, "ann", &CodePurpose::SignInOtp).unwrap();
    /// let (status, done) = call(&emulator, Operation::RespondToAuthChallenge, json!({
    ///     (member::CLIENT_ID): "app",
    ///     (member::CHALLENGE_NAME): ChallengeName::EmailOtp,
    ///     (member::SESSION): otp[member::SESSION],
    ///     (member::CHALLENGE_RESPONSES): { (param::USERNAME): "ann", (param::EMAIL_OTP_CODE): code },
    /// })).await;
    /// assert_eq!(status, 200);
    /// assert!(done[member::AUTHENTICATION_RESULT][member::ACCESS_TOKEN].is_string());
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    pub allowed_first_auth_factors: Vec<AuthFactor>,
    /// `EmailMfaConfiguration` is set: users may turn on email MFA (`EMAIL_OTP` as a second
    /// factor, codes in the outbox).
    pub email_mfa: bool,
    /// App clients to create with the pool (seed files).
    pub clients: Vec<ClientConfig>,
    /// Users to create with the pool (seed files).
    pub users: Vec<UserConfig>,
}

impl Default for PoolConfig {
    fn default() -> Self {
        Self {
            id: None,
            name: "pool".into(),
            region: "us-east-1".into(),
            mfa: MfaConfiguration::Off,
            device_tracking: None,
            email_alias: false,
            email_as_username: false,
            phone_alias: false,
            preferred_username_alias: false,
            phone_as_username: false,
            password_policy: PasswordPolicy::default(),
            auto_verified_attributes: Vec::new(),
            case_insensitive_usernames: false,
            custom_challenge_answer: None,
            token_validity_seconds: 3600,
            allowed_first_auth_factors: vec![AuthFactor::Password],
            email_mfa: false,
            clients: Vec::new(),
            users: Vec::new(),
        }
    }
}

/// An app client.
///
/// A client with a secret needs `SECRET_HASH` on every sign-in request, and a client with
/// `explicit_auth_flows` accepts only those flows.
///
/// ```
/// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
/// use cognito_srp_emulator::{ClientConfig, Emulator, PoolConfig, UserConfig};
/// # use serde_json::json;
/// # async fn call(emulator: &cognito_srp_emulator::RunningEmulator, op: cognito_srp_proto::Operation, body: serde_json::Value) -> (u16, serde_json::Value) {
/// #     let response = reqwest::Client::new()
/// #         .post(emulator.endpoint())
/// #         .header("content-type", vocab::CONTENT_TYPE)
/// #         .header(vocab::TARGET_HEADER, op.target())
/// #         .body(body.to_string())
/// #         .send()
/// #         .await
/// #         .expect("the emulator answers");
/// #     let status = response.status().as_u16();
/// #     (status, serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body"))
/// # }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
/// let emulator = Emulator::builder().start().await?;
/// let admin = emulator.admin();
/// let pool = admin.create_user_pool(PoolConfig::default())?;
/// # let ann = UserConfig::default().with_username("ann").with_password("Passw0rd!").with_permanent(true);
/// # admin.create_user(&pool, ann)?;
/// let (id, secret) = admin.create_client(&pool, ClientConfig::default()
///     .with_id(Some("docsclient".into()))
///     .with_name("backend")
///     .with_secret(Some("docs-client-secret".into()))
///     .with_explicit_auth_flows(vec!["ALLOW_USER_PASSWORD_AUTH".into()]))?;
/// assert_eq!((id.as_str(), secret.as_deref()), ("docsclient", Some("docs-client-secret")));
///
/// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
/// let sign_in = |params: serde_json::Value| {
///     json!({ (member::AUTH_FLOW): AuthFlow::UserPasswordAuth, (member::CLIENT_ID): "docsclient", (member::AUTH_PARAMETERS): params })
/// };
/// let (status, body) = call(&emulator, Operation::InitiateAuth, sign_in(json!({
///     (param::USERNAME): "ann", (param::PASSWORD): "Passw0rd!",
/// }))).await;
/// assert_eq!(status, 400);
/// assert_eq!(body["message"], "Client docsclient is configured with secret but SECRET_HASH was not received");
///
/// let hash = cognito_srp_core::secret_hash("docs-client-secret", "ann", "docsclient");
/// let (status, body) = call(&emulator, Operation::InitiateAuth, sign_in(json!({
///     (param::USERNAME): "ann", (param::PASSWORD): "Passw0rd!", (param::SECRET_HASH): hash.as_str(),
/// }))).await;
/// assert_eq!((status, body[member::AUTHENTICATION_RESULT]["TokenType"].as_str()), (200, Some("Bearer")));
///
/// // USER_SRP_AUTH is not in the client's flows.
/// let (status, body) = call(&emulator, Operation::InitiateAuth, json!({
///     (member::AUTH_FLOW): AuthFlow::UserSrpAuth, (member::CLIENT_ID): "docsclient", (member::AUTH_PARAMETERS): { (param::USERNAME): "ann" },
/// })).await;
/// assert_eq!((status, body["message"].as_str()), (400, Some("USER_SRP_AUTH flow not enabled for this client")));
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ClientConfig {
    /// The client id; generated when `None`.
    pub id: Option<String>,
    /// `ClientName`.
    pub name: String,
    /// Generate a client secret (`GenerateSecret`).
    pub generate_secret: bool,
    /// A fixed client secret (seed files); implies a secret.
    pub secret: Option<String>,
    /// `ExplicitAuthFlows`; empty means Cognito's default (SRP, custom, refresh). `CUSTOM_AUTH`
    /// also needs the pool's [`PoolConfig::custom_challenge_answer`].
    pub explicit_auth_flows: Vec<String>,
    /// `PreventUserExistenceErrors: ENABLED`: an unknown user gets the answers of a wrong
    /// password (`USER_SRP_AUTH`: a `PASSWORD_VERIFIER` challenge whose answer fails), and
    /// `ForgotPassword` / `ResendConfirmationCode` a plausible `CodeDeliveryDetails`.
    /// `false` (`LEGACY`, Cognito's default for `CreateUserPoolClient`): `UserNotFoundException`.
    pub prevent_user_existence_errors: bool,
    /// `AccessTokenValidity` in [`TokenValidityUnits::access_token`] (hours when not given):
    /// 5 minutes to 1 day. `None`: the pool's [`PoolConfig::token_validity_seconds`].
    pub access_token_validity: Option<u64>,
    /// `IdTokenValidity` in [`TokenValidityUnits::id_token`] (hours when not given): 5 minutes
    /// to 1 day. `None`: the pool's [`PoolConfig::token_validity_seconds`].
    pub id_token_validity: Option<u64>,
    /// `RefreshTokenValidity` in [`TokenValidityUnits::refresh_token`] (days when not given):
    /// 60 minutes to 10 years. `None`: 30 days, as on Cognito.
    pub refresh_token_validity: Option<u64>,
    /// `TokenValidityUnits`.
    pub token_validity_units: TokenValidityUnits,
    /// `RefreshTokenRotation` with `Feature: ENABLED`; `None`: no rotation.
    pub refresh_token_rotation: Option<RefreshTokenRotation>,
}

/// A unit of an app client's token validity (`TimeUnitsType`); `"seconds"`, `"minutes"`,
/// `"hours"` or `"days"` in a seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ValidityUnit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
}

impl ValidityUnit {
    /// Seconds in one unit.
    #[must_use]
    pub fn seconds(self) -> u64 {
        match self {
            Self::Seconds => 1,
            Self::Minutes => 60,
            Self::Hours => 3600,
            Self::Days => 86_400,
        }
    }
}

/// `TokenValidityUnits` of an app client: a unit left out is Cognito's default (hours for
/// access and ID tokens, days for refresh tokens).
///
/// ```
/// use cognito_srp_emulator::{ClientConfig, Emulator, PoolConfig, TokenValidityUnits, ValidityUnit};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
/// let emulator = Emulator::builder().start().await?;
/// let admin = emulator.admin();
/// let pool = admin.create_user_pool(PoolConfig::default())?;
/// // 15-minute access tokens, 1-hour ID tokens, 7-day refresh tokens.
/// admin.create_client(&pool, ClientConfig::default()
///     .with_access_token_validity(Some(15))
///     .with_id_token_validity(Some(1))
///     .with_refresh_token_validity(Some(7))
///     .with_token_validity_units(TokenValidityUnits::default().with_access_token(Some(ValidityUnit::Minutes))))?;
/// // Cognito's range for access tokens is 5 minutes to 1 day (hours when no unit is given).
/// let err = admin.create_client(&pool, ClientConfig::default().with_access_token_validity(Some(25)));
/// assert_eq!(err.unwrap_err().to_string(), "InvalidParameterException: Invalid range for token validity.");
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct TokenValidityUnits {
    /// Unit of [`ClientConfig::access_token_validity`].
    pub access_token: Option<ValidityUnit>,
    /// Unit of [`ClientConfig::id_token_validity`].
    pub id_token: Option<ValidityUnit>,
    /// Unit of [`ClientConfig::refresh_token_validity`].
    pub refresh_token: Option<ValidityUnit>,
}

/// Refresh token rotation of an app client (`RefreshTokenRotation` with `Feature: ENABLED`):
/// `GetTokensFromRefreshToken` returns a new refresh token and the one it was given stops
/// working `retry_grace_period_seconds` (0 to 60) later; `REFRESH_TOKEN_AUTH` is refused.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct RefreshTokenRotation {
    /// Seconds the rotated-out refresh token keeps working (for retries); 0 to 60.
    pub retry_grace_period_seconds: u64,
}

/// Which issuer (`iss`) tokens carry, and which the emulator's discovery document names.
///
/// In a seed: `"endpoint"` or `"cognito"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum TokenIssuer {
    /// The emulator's URL and the pool id (`http://127.0.0.1:PORT/us-east-1_Abc`): the JWKS
    /// is at `{iss}/.well-known/jwks.json`, as on Cognito, so a verifier that derives the
    /// JWKS from the issuer finds the emulator's.
    #[default]
    Endpoint,
    /// Cognito's form, `https://cognito-idp.{region}.amazonaws.com/{poolId}`, for clients
    /// that build the expected issuer from the region and pool id (pycognito, many JWT
    /// middlewares); give them the emulator's JWKS some other way.
    Cognito,
}

/// A user.
///
/// ```
/// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
/// use cognito_srp_emulator::{ClientConfig, Emulator, PoolConfig, UserConfig};
/// # use serde_json::json;
/// # async fn call(emulator: &cognito_srp_emulator::RunningEmulator, op: cognito_srp_proto::Operation, body: serde_json::Value) -> (u16, serde_json::Value) {
/// #     let response = reqwest::Client::new()
/// #         .post(emulator.endpoint())
/// #         .header("content-type", vocab::CONTENT_TYPE)
/// #         .header(vocab::TARGET_HEADER, op.target())
/// #         .body(body.to_string())
/// #         .send()
/// #         .await
/// #         .expect("the emulator answers");
/// #     let status = response.status().as_u16();
/// #     (status, serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body"))
/// # }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
/// let emulator = Emulator::builder().start().await?;
/// let admin = emulator.admin();
/// let pool = admin.create_user_pool(PoolConfig::default())?;
/// # let flows = vec!["ALLOW_USER_PASSWORD_AUTH".to_owned()];
/// # let (client, _) = admin.create_client(&pool, ClientConfig::default().with_explicit_auth_flows(flows))?;
/// let name = admin.create_user(&pool, UserConfig::default()
///     .with_username("carol")
///     .with_password("Temp-Passw0rd!")
///     .with_permanent(false)
///     // a temporary password
///     .with_email(Some("carol@example.com".into()))
///     .with_phone(Some("+15555550100".into())))?;
/// assert_eq!(name, "carol");
///
/// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
/// let (_, user) = call(&emulator, Operation::AdminGetUser, json!({ (member::USER_POOL_ID): pool, (member::USERNAME): "carol" })).await;
/// assert_eq!(user["UserStatus"], "FORCE_CHANGE_PASSWORD");
/// let attributes: Vec<(&str, &str)> = user[member::USER_ATTRIBUTES]
///     .as_array()
///     .unwrap()
///     .iter()
///     .map(|a| (a[member::NAME].as_str().unwrap(), a[member::VALUE].as_str().unwrap()))
///     .filter(|(name, _)| *name != "sub") // a random UUID
///     .collect();
/// assert_eq!(attributes, [
///     ("email", "carol@example.com"),
///     ("email_verified", "true"),
///     ("phone_number", "+15555550100"),
///     ("phone_number_verified", "true"),
/// ]);
///
/// // The temporary password signs in to NEW_PASSWORD_REQUIRED.
/// let (status, body) = call(&emulator, Operation::InitiateAuth, json!({
///     (member::AUTH_FLOW): AuthFlow::UserPasswordAuth,
///     (member::CLIENT_ID): client,
///     (member::AUTH_PARAMETERS): { (param::USERNAME): "carol", (param::PASSWORD): "Temp-Passw0rd!" },
/// })).await;
/// assert_eq!((status, body[member::CHALLENGE_NAME].as_str()), (200, Some(ChallengeName::NewPasswordRequired.as_str())));
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct UserConfig {
    /// The internal username (on an alias pool, generated when empty); at most 128 characters.
    pub username: String,
    /// The password; at most 256 characters.
    pub password: String,
    /// `true`: CONFIRMED; `false`: a temporary password (FORCE_CHANGE_PASSWORD).
    pub permanent: bool,
    /// The `email` attribute, verified (the sign-in alias on an alias pool; another user's
    /// verified email there is refused with `AliasExistsException`). At most 2048 characters.
    pub email: Option<String>,
    /// The `phone_number` attribute, verified (SMS MFA and `SMS_OTP` destination). At most
    /// 2048 characters.
    pub phone: Option<String>,
    /// A base32 TOTP secret: enables and prefers SOFTWARE_TOKEN_MFA.
    pub totp_secret: Option<String>,
    /// Enable SMS_MFA (the code can be read with `Admin::last_sms_code`).
    pub sms_mfa: bool,
    /// `UNCONFIRMED`, as after `SignUp`: signing in answers `UserNotConfirmedException`
    /// until `ConfirmSignUp` or `AdminConfirmSignUp` (wins over `permanent`).
    pub unconfirmed: bool,
}

/// A pool's password policy (`Policies.PasswordPolicy`).
///
/// `Default` is Cognito's default: at least 8 characters with an upper-case letter, a
/// lower-case letter, a digit and a symbol; temporary passwords valid 7 days. A refused
/// password gets `InvalidPasswordException` with Cognito's message.
///
/// ```
/// # use cognito_srp_proto::{Operation, vocab::{self, member}};
/// use cognito_srp_emulator::{ClientConfig, Emulator, PasswordPolicy, PoolConfig};
/// # use serde_json::json;
/// # async fn call(emulator: &cognito_srp_emulator::RunningEmulator, op: cognito_srp_proto::Operation, body: serde_json::Value) -> (u16, serde_json::Value) {
/// #     let response = reqwest::Client::new()
/// #         .post(emulator.endpoint())
/// #         .header("content-type", vocab::CONTENT_TYPE)
/// #         .header(vocab::TARGET_HEADER, op.target())
/// #         .body(body.to_string())
/// #         .send()
/// #         .await
/// #         .expect("the emulator answers");
/// #     let status = response.status().as_u16();
/// #     (status, serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body"))
/// # }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
/// let emulator = Emulator::builder().start().await?;
/// let admin = emulator.admin();
/// let policy = PasswordPolicy::default().with_minimum_length(12).with_require_symbols(false);
/// let pool = admin.create_user_pool(PoolConfig::default().with_password_policy(policy))?;
/// let (client, _) = admin.create_client(&pool, ClientConfig::default())?;
/// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
/// let (status, body) = call(&emulator, Operation::SignUp, json!({
///     (member::CLIENT_ID): client, (member::USERNAME): "ann", (member::PASSWORD): "Sh0rt-Pass",
/// })).await;
/// assert_eq!(status, 400);
/// assert_eq!(body["__type"], "InvalidPasswordException");
/// assert_eq!(body["message"], "Password did not conform with policy: Password not long enough");
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct PasswordPolicy {
    /// Fewest characters.
    pub minimum_length: u32,
    /// At least one upper-case letter.
    pub require_uppercase: bool,
    /// At least one lower-case letter.
    pub require_lowercase: bool,
    /// At least one digit.
    pub require_numbers: bool,
    /// At least one symbol (`^$*.[]{}()?"!@#%&/\,><':;|_~`+=-` or a space).
    pub require_symbols: bool,
    /// Days a temporary password (an administrator's) signs in; afterwards only an
    /// administrator can give a new one.
    pub temporary_password_validity_days: u32,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            temporary_password_validity_days: 7,
        }
    }
}

/// The symbols Cognito's policy counts (and the space).
const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`+=- ";

impl PasswordPolicy {
    /// Cognito's message for the first rule `password` breaks, if any.
    pub(crate) fn violation(&self, password: &str) -> Option<&'static str> {
        let min = usize::try_from(self.minimum_length).unwrap_or(usize::MAX);
        if password.chars().count() < min {
            return Some("Password not long enough");
        }
        if self.require_lowercase && !password.chars().any(char::is_lowercase) {
            return Some("Password must have lowercase characters");
        }
        if self.require_uppercase && !password.chars().any(char::is_uppercase) {
            return Some("Password must have uppercase characters");
        }
        if self.require_numbers && !password.chars().any(|c| c.is_ascii_digit()) {
            return Some("Password must have numeric characters");
        }
        if self.require_symbols && !password.chars().any(|c| SYMBOLS.contains(c)) {
            return Some("Password must have symbol characters");
        }
        None
    }
}

/// Random faults injected into requests, for reliability tests.
///
/// Each request draws one number from a generator seeded with `seed`: a fraction
/// `drop_connection` of requests are dropped, the next `internal_error` get a 500 and the next
/// `throttle` a 400 `TooManyRequestsException`, all three before the request is processed;
/// then the next `internal_error_after` are processed (sessions spent, devices confirmed...)
/// and answered with a 500, and the next `truncated_body` are processed and answered with
/// their status, headers and the whole body's `Content-Length` but only half the body, and
/// the connection is closed. The five should add up to at most 1. `latency` delays every
/// request. Set with [`crate::EmulatorBuilder::faults`] or
/// [`crate::Admin::set_faults`]; watch with [`crate::Admin::fault_counters`].
///
/// ```
/// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
/// use cognito_srp_emulator::{Emulator, FaultConfig, FaultCounters, PoolConfig};
/// # use serde_json::json;
/// # async fn call(emulator: &cognito_srp_emulator::RunningEmulator, op: cognito_srp_proto::Operation, body: serde_json::Value) -> (u16, serde_json::Value) {
/// #     let response = reqwest::Client::new()
/// #         .post(emulator.endpoint())
/// #         .header("content-type", vocab::CONTENT_TYPE)
/// #         .header(vocab::TARGET_HEADER, op.target())
/// #         .body(body.to_string())
/// #         .send()
/// #         .await
/// #         .expect("the emulator answers");
/// #     let status = response.status().as_u16();
/// #     (status, serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body"))
/// # }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
/// let emulator = Emulator::builder()
///     .faults(FaultConfig::default().with_throttle(1.0))
///     .start()
///     .await?;
/// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
/// let (status, body) = call(&emulator, Operation::ListUsers, json!({ (member::USER_POOL_ID): "us-east-1_Any" })).await;
/// assert_eq!(status, 400);
/// assert_eq!(body, json!({ "__type": "TooManyRequestsException", "message": "Rate exceeded" }));
/// let admin = emulator.admin();
/// assert_eq!(admin.fault_counters(), FaultCounters::default().with_requests(1).with_throttled(1));
///
/// // The same seed gives the same faults in the same order.
/// let half = FaultConfig::default().with_internal_error(0.5).with_seed(7);
/// let mut runs = Vec::new();
/// for _ in 0..2 {
///     admin.set_faults(half); // restarts the sequence
///     let mut statuses = Vec::new();
///     for _ in 0..8 {
///         statuses.push(call(&emulator, Operation::ListUsers, json!({ (member::USER_POOL_ID): "us-east-1_Any" })).await.0);
///     }
///     runs.push(statuses);
/// }
/// assert_eq!(runs[0], runs[1]);
/// assert!(runs[0].contains(&500) && runs[0].contains(&400), "{:?}", runs[0]); // 400: no such pool
///
/// // A 500 after processing: the user was created, the client was told it failed.
/// let pool = admin.create_user_pool(PoolConfig::default())?;
/// admin.set_faults(FaultConfig::default().with_internal_error_after(1.0));
/// let create = json!({ (member::USER_POOL_ID): pool, (member::USERNAME): "ann", (member::TEMPORARY_PASSWORD): "Passw0rd!" });
/// assert_eq!(call(&emulator, Operation::AdminCreateUser, create).await.0, 500);
/// admin.set_faults(FaultConfig::default());
/// let (status, body) = call(&emulator, Operation::AdminGetUser, json!({ (member::USER_POOL_ID): pool, (member::USERNAME): "ann" })).await;
/// assert_eq!((status, body[member::USERNAME].as_str()), (200, Some("ann")));
/// assert_eq!(admin.fault_counters().internal_errors_after, 1);
///
/// // A truncated body: status and Content-Length arrive, half the body, then the connection closes.
/// admin.set_faults(FaultConfig::default().with_truncated_body(1.0));
/// let response = reqwest::Client::new()
///     .post(emulator.endpoint())
///     .header(vocab::TARGET_HEADER, "AWSCognitoIdentityProviderService.ListUsers")
///     .body(r#"{"UserPoolId": "us-east-1_Any"}"#)
///     .send()
///     .await
///     .unwrap();
/// assert_eq!(response.status().as_u16(), 400);
/// assert!(response.text().await.is_err(), "the body is cut short");
/// assert_eq!(admin.fault_counters().truncated, 1);
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct FaultConfig {
    /// Fraction of requests answered `500 InternalErrorException`.
    pub internal_error: f64,
    /// Fraction answered `400 TooManyRequestsException`.
    pub throttle: f64,
    /// Fraction whose connection is closed without an answer.
    pub drop_connection: f64,
    /// Latency added to every request.
    pub latency: Duration,
    /// Seed of the fault generator (the same seed gives the same faults in the same order).
    pub seed: u64,
    /// Fraction processed, then answered `500 InternalErrorException` (the work is done, the
    /// client does not learn it).
    pub internal_error_after: f64,
    /// Fraction processed, then answered with half the body under the whole body's
    /// `Content-Length`, and the connection closed.
    pub truncated_body: f64,
}

/// Counters of requests and injected faults.
///
/// They count from the start and are never reset (not by [`crate::Admin::set_faults`]
/// either); CORS preflights (`OPTIONS`) are not counted.
///
/// ```
/// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
/// use std::time::Duration;
/// use cognito_srp_emulator::{Emulator, FaultConfig, FaultCounters};
/// # use serde_json::json;
/// # async fn call(emulator: &cognito_srp_emulator::RunningEmulator, op: cognito_srp_proto::Operation, body: serde_json::Value) -> (u16, serde_json::Value) {
/// #     let response = reqwest::Client::new()
/// #         .post(emulator.endpoint())
/// #         .header("content-type", vocab::CONTENT_TYPE)
/// #         .header(vocab::TARGET_HEADER, op.target())
/// #         .body(body.to_string())
/// #         .send()
/// #         .await
/// #         .expect("the emulator answers");
/// #     let status = response.status().as_u16();
/// #     (status, serde_json::from_str(&response.text().await.expect("a body")).expect("a JSON body"))
/// # }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
/// let emulator = Emulator::builder()
///     .faults(FaultConfig::default().with_latency(Duration::from_millis(1)))
///     .start()
///     .await?;
/// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
/// for _ in 0..3 {
///     call(&emulator, Operation::ListUsers, json!({ (member::USER_POOL_ID): "us-east-1_Any" })).await;
/// }
/// let counters = emulator.admin().fault_counters();
/// assert_eq!(counters, FaultCounters::default().with_requests(3).with_delayed(3));
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FaultCounters {
    /// Requests received.
    pub requests: u64,
    /// Answered with an injected 500.
    pub internal_errors: u64,
    /// Answered with an injected throttle.
    pub throttled: u64,
    /// Connections dropped on purpose.
    pub dropped: u64,
    /// Requests delayed.
    pub delayed: u64,
    /// Processed, then answered with an injected 500.
    pub internal_errors_after: u64,
    /// Processed, then answered with a body cut short.
    pub truncated: u64,
    /// `RespondToAuthChallenge` requests whose `Session` had already been received in an
    /// earlier `RespondToAuthChallenge` request, whatever that one's outcome (a client that
    /// never answers a challenge twice keeps this at 0). Counted before any fault applies.
    /// Sessions are remembered while they could still be answered, 65,536 at most.
    pub repeated_challenge_answers: u64,
}

/// A seed: pools with their clients and users, loaded at start.
///
/// The JSON has the fields of [`PoolConfig`], [`ClientConfig`], [`UserConfig`] and
/// [`DeviceTracking`] in snake_case; every field may be left out (defaults as in Rust), and an
/// unknown field is an error, so a typo does not pass silently. `mfa` is `"OFF"`,
/// `"OPTIONAL"` or `"ON"`; `"device_tracking": {}` turns tracking on with both settings true.
/// `crates/cognito-srp-emulator/examples/seed.json` is a quick-start seed: a pool with device
/// tracking, optional MFA and an email alias; a public client and one with a secret; users
/// with a plain password, with TOTP, with a temporary password and with SMS MFA.
///
/// ```
/// let seed = cognito_srp_emulator::Seed::from_json(r#"{
///   "pools": [{ "id": "us-east-1_Demo1", "name": "demo", "mfa": "OPTIONAL",
///               "device_tracking": {}, "email_alias": true,
///               "clients": [{ "id": "app", "name": "app" }],
///               "users": [{ "username": "alice", "password": "Passw0rd!", "permanent": true,
///                           "email": "alice@example.com", "totp_secret": "JBSWY3DPEHPK3PXP" }] }]
/// }"#).unwrap();
/// assert_eq!(seed.pools.len(), 1);
/// assert!(cognito_srp_emulator::Seed::from_json(r#"{ "pools": [{ "totp": "x" }] }"#).is_err());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Seed {
    /// The pools.
    pub pools: Vec<PoolConfig>,
    /// 64 hex digits: the token signing key is derived from them, so an emulator restarted
    /// with the same seed verifies the tokens it issued before (and publishes the same JWKS).
    /// [`crate::EmulatorBuilder::signing_key_seed`] overrides it. `None`: a random key.
    pub signing_key_seed: Option<String>,
    /// The tokens' issuer; [`crate::EmulatorBuilder::token_issuer`] overrides it.
    pub token_issuer: Option<TokenIssuer>,
}

impl Seed {
    /// Parses a seed from JSON text.
    ///
    /// # Errors
    /// [`crate::EmulatorError::Seed`] for invalid JSON.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_emulator::{DeviceTracking, MfaConfiguration, Seed};
    /// # fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let seed = Seed::from_json(r#"{ "pools": [{
    ///     "id": "us-east-1_Docs", "mfa": "OPTIONAL", "device_tracking": {},
    ///     "clients": [{ "id": "docsapp" }],
    ///     "users": [{ "username": "alice", "password": "Passw0rd!" }]
    /// }] }"#)?;
    /// let pool = &seed.pools[0];
    /// assert_eq!(pool.mfa, MfaConfiguration::Optional);
    /// assert_eq!(pool.device_tracking, Some(DeviceTracking::default())); // both settings true
    /// assert_eq!(pool.clients[0].id.as_deref(), Some("docsapp"));
    /// assert_eq!(pool.token_validity_seconds, 3600); // left out: the Rust default
    /// assert!(!pool.users[0].permanent); // left out: false, a temporary password
    ///
    /// let err = Seed::from_json(r#"{ "pools": [{ "mfa": "SOMETIMES" }] }"#).unwrap_err();
    /// assert!(err.to_string().starts_with("invalid seed: unknown variant `SOMETIMES`"), "{err}");
    /// # Ok(()) }
    /// ```
    pub fn from_json(text: &str) -> Result<Self, crate::EmulatorError> {
        Ok(serde_json::from_str(text)?)
    }

    /// Reads a seed file.
    ///
    /// # Errors
    /// [`crate::EmulatorError::Io`] when the file cannot be read,
    /// [`crate::EmulatorError::Seed`] for invalid JSON.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_emulator::{EmulatorError, Seed};
    /// # fn main() -> Result<(), EmulatorError> {
    /// # let unique = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    /// let path = std::env::temp_dir().join(format!("emulator-seed-{}-{unique}.json", std::process::id()));
    /// std::fs::write(&path, r#"{ "pools": [{ "id": "us-east-1_FromFile",
    ///     "users": [{ "username": "bob", "password": "Passw0rd!", "permanent": true }] }] }"#)?;
    /// let seed = Seed::from_file(&path);
    /// std::fs::remove_file(&path)?;
    /// let seed = seed?;
    /// assert_eq!(seed.pools[0].id.as_deref(), Some("us-east-1_FromFile"));
    /// assert_eq!(seed.pools[0].users[0].username, "bob");
    ///
    /// // The file is gone now: an I/O error.
    /// assert!(matches!(Seed::from_file(&path), Err(EmulatorError::Io(_))));
    /// # Ok(()) }
    /// ```
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Self, crate::EmulatorError> {
        Self::from_json(&std::fs::read_to_string(path)?)
    }
}

setters!(DeviceTracking {
    with_challenge_required_on_new_device => challenge_required_on_new_device: bool,
    with_device_only_remembered_on_user_prompt => device_only_remembered_on_user_prompt: bool,
} strings {  });
setters!(PoolConfig {
    with_id => id: Option<String>,
    with_mfa => mfa: MfaConfiguration,
    with_device_tracking => device_tracking: Option<DeviceTracking>,
    with_email_alias => email_alias: bool,
    with_email_as_username => email_as_username: bool,
    with_phone_alias => phone_alias: bool,
    with_preferred_username_alias => preferred_username_alias: bool,
    with_phone_as_username => phone_as_username: bool,
    with_password_policy => password_policy: PasswordPolicy,
    with_auto_verified_attributes => auto_verified_attributes: Vec<String>,
    with_case_insensitive_usernames => case_insensitive_usernames: bool,
    with_custom_challenge_answer => custom_challenge_answer: Option<String>,
    with_token_validity_seconds => token_validity_seconds: u64,
    with_allowed_first_auth_factors => allowed_first_auth_factors: Vec<AuthFactor>,
    with_email_mfa => email_mfa: bool,
    with_clients => clients: Vec<ClientConfig>,
    with_users => users: Vec<UserConfig>,
} strings { with_name => name, with_region => region });
setters!(ClientConfig {
    with_id => id: Option<String>,
    with_generate_secret => generate_secret: bool,
    with_secret => secret: Option<String>,
    with_explicit_auth_flows => explicit_auth_flows: Vec<String>,
    with_prevent_user_existence_errors => prevent_user_existence_errors: bool,
    with_access_token_validity => access_token_validity: Option<u64>,
    with_id_token_validity => id_token_validity: Option<u64>,
    with_refresh_token_validity => refresh_token_validity: Option<u64>,
    with_token_validity_units => token_validity_units: TokenValidityUnits,
    with_refresh_token_rotation => refresh_token_rotation: Option<RefreshTokenRotation>,
} strings { with_name => name });
setters!(TokenValidityUnits {
    with_access_token => access_token: Option<ValidityUnit>,
    with_id_token => id_token: Option<ValidityUnit>,
    with_refresh_token => refresh_token: Option<ValidityUnit>,
} strings {  });
setters!(RefreshTokenRotation {
    with_retry_grace_period_seconds => retry_grace_period_seconds: u64,
} strings {  });
setters!(UserConfig {
    with_permanent => permanent: bool,
    with_email => email: Option<String>,
    with_phone => phone: Option<String>,
    with_totp_secret => totp_secret: Option<String>,
    with_sms_mfa => sms_mfa: bool,
    with_unconfirmed => unconfirmed: bool,
} strings { with_username => username, with_password => password });
setters!(PasswordPolicy {
    with_minimum_length => minimum_length: u32,
    with_require_uppercase => require_uppercase: bool,
    with_require_lowercase => require_lowercase: bool,
    with_require_numbers => require_numbers: bool,
    with_require_symbols => require_symbols: bool,
    with_temporary_password_validity_days => temporary_password_validity_days: u32,
} strings {  });
setters!(FaultConfig {
    with_internal_error => internal_error: f64,
    with_throttle => throttle: f64,
    with_drop_connection => drop_connection: f64,
    with_latency => latency: Duration,
    with_seed => seed: u64,
    with_internal_error_after => internal_error_after: f64,
    with_truncated_body => truncated_body: f64,
} strings {  });
setters!(Seed {
    with_pools => pools: Vec<PoolConfig>,
    with_signing_key_seed => signing_key_seed: Option<String>,
    with_token_issuer => token_issuer: Option<TokenIssuer>,
} strings {  });
setters!(FaultCounters {
    with_requests => requests: u64,
    with_internal_errors => internal_errors: u64,
    with_throttled => throttled: u64,
    with_dropped => dropped: u64,
    with_delayed => delayed: u64,
    with_internal_errors_after => internal_errors_after: u64,
    with_truncated => truncated: u64,
    with_repeated_challenge_answers => repeated_challenge_answers: u64,
} strings {});
