//! The SRP sign-in: a driver of [`cognito_srp_proto::SignIn`]. The machine decides every
//! call, answer and recovery; this module sends its calls over the [`Client`](crate::Client),
//! feeds the answers back, and sleeps the delays it asks for.

use alloc::collections::BTreeMap;
use core::fmt;

use cognito_srp_proto::vocab::DeliveryMedium;
use cognito_srp_proto::{
    Action, Call, FirstFactor, MfaKind, Recovery, SignIn as Machine, SignInOptions, SrpFlow,
};
use getrandom::SysRng;

use super::{DeviceCredentials, Tokens, UserPool, with_failure};
use crate::operations::{NewDeviceMetadata, UserContextData};
use crate::{Error, Parameters, SecretString};

/// Where a sign-in stands after a call: signed in, or waiting for something only the user
/// can give. Answer with the [`SignIn`] method the variant names.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","mfa":"OPTIONAL","clients":[{"id":"app"}],
/// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,
/// #     "totp_secret":"JBSWY3DPEHPK3PXP"}]}]}"#;
/// # let emulator = cognito_srp_emulator::Emulator::builder()
/// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
/// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
/// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
/// use cognito_srp_http::{MfaKind, Step};
/// // This user has an authenticator app.
/// let mut sign_in = pool.sign_in("alice", "Correct-Horse-9");
/// match sign_in.start().await? {
///     Step::MfaCode { kind, destination } => {
///         assert_eq!(kind, MfaKind::SoftwareToken);
///         assert_eq!(destination, None); // nothing was sent
///     }
///     other => return Err(format!("unexpected {other:?}").into()),
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Step {
    /// Signed in.
    Done(Box<SignedIn>),
    /// An MFA code is needed: answer with [`SignIn::answer_mfa_code`].
    MfaCode {
        /// SMS, authenticator app or email.
        kind: MfaKind,
        /// `CODE_DELIVERY_DESTINATION` (a masked phone number or address), if sent.
        destination: Option<String>,
    },
    /// The user must pick an MFA method: answer with [`SignIn::select_mfa_type`].
    SelectMfaType {
        /// `MFAS_CAN_CHOOSE`.
        options: Vec<MfaKind>,
    },
    /// The pool requires MFA and the user has none: add `secret_code` to an authenticator
    /// app (see [`Step::totp_uri`]) and answer with [`SignIn::answer_mfa_setup`].
    MfaSetup {
        /// The base32 TOTP seed from `AssociateSoftwareToken` (none when the pool offers
        /// no authenticator-app MFA).
        secret_code: Option<SecretString>,
        /// `MFAS_CAN_SETUP`.
        options: Vec<MfaKind>,
    },
    /// An admin-created user must choose a password: answer with
    /// [`SignIn::answer_new_password`].
    NewPasswordRequired {
        /// Attributes the pool requires and the user lacks (without the `userAttributes.`
        /// prefix).
        required_attributes: Vec<String>,
        /// The user's current attributes, as the challenge listed them.
        user_attributes: BTreeMap<String, String>,
    },
    /// A Lambda-defined challenge: answer with [`SignIn::answer_custom_challenge`].
    CustomChallenge {
        /// `ChallengeParameters` (public and private ones alike).
        parameters: Parameters,
    },
    /// Choice-based sign-in (`SELECT_CHALLENGE`): the user picks a first factor; answer with
    /// [`SignIn::select_challenge`].
    SelectChallenge {
        /// `AvailableChallenges`, in the server's order (factors this crate does not know
        /// are left out).
        available: Vec<FirstFactor>,
    },
    /// A one-time code sent as the first factor (`EMAIL_OTP` or `SMS_OTP` of choice-based
    /// sign-in): answer with [`SignIn::answer_one_time_code`].
    OneTimeCode {
        /// [`FirstFactor::EmailOtp`] or [`FirstFactor::SmsOtp`].
        factor: FirstFactor,
        /// `CODE_DELIVERY_DELIVERY_MEDIUM`, when given.
        medium: Option<DeliveryMedium>,
        /// `CODE_DELIVERY_DESTINATION` (a masked address or phone number), when given.
        destination: Option<String>,
    },
    /// A passkey (`WEB_AUTHN`): give `credential_request_options` to the authenticator (in
    /// a browser: `PublicKeyCredential.parseRequestOptionsFromJSON`, then
    /// `navigator.credentials.get`) and answer with [`SignIn::answer_web_authn`] and the
    /// credential's JSON.
    WebAuthn {
        /// `CREDENTIAL_REQUEST_OPTIONS`: `PublicKeyCredentialRequestOptions` as JSON.
        credential_request_options: String,
    },
}

impl Step {
    /// For [`Step::MfaSetup`]: an `otpauth://` URI to show as a QR code.
    ///
    /// ```
    /// use cognito_srp_http::Step;
    /// let step = Step::MfaSetup { secret_code: Some("JBSWY3DPEHPK3PXP".into()), options: vec![] };
    /// assert_eq!(
    ///     step.totp_uri("Example", "alice").unwrap().expose_secret(),
    ///     "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example"
    /// );
    /// ```
    #[must_use]
    pub fn totp_uri(&self, issuer: &str, account: &str) -> Option<SecretString> {
        match self {
            Self::MfaSetup { secret_code: Some(secret), .. } => {
                let step = cognito_srp_proto::Step::MfaSetup {
                    secret_code: Some(secret.clone()),
                    options: Vec::new(),
                };
                step.totp_uri(issuer, account)
            }
            _ => None,
        }
    }
}

/// The result of a sign-in.
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
/// use cognito_srp_http::Step;
/// // A pool with device tracking, where the user decides whether to remember a device.
/// let Step::Done(done) = pool.sign_in("alice", "Correct-Horse-9").start().await? else {
///     return Err("more steps".into());
/// };
/// assert_eq!(done.username, "alice");
/// assert!(done.new_device && done.device.is_some());
/// assert_eq!(done.user_confirmation_necessary, Some(true));
/// assert_eq!(done.device_remembered, None); // not asked to remember it
/// assert!(done.dropped_device.is_none() && done.device_error.is_none());
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct SignedIn {
    /// The tokens.
    pub tokens: Tokens,
    /// The internal user name (`USERNAME` of the last challenge): what
    /// [`UserPool::refresh`] needs for `SECRET_HASH`.
    pub username: String,
    /// The device to sign in with next time: the one passed to [`SignIn::device`], or a new
    /// one confirmed at this sign-in. Persist it when [`SignedIn::new_device`] is set.
    pub device: Option<DeviceCredentials>,
    /// A new device was confirmed at this sign-in.
    pub new_device: bool,
    /// `UserConfirmationNecessary` from `ConfirmDevice`, for a new device.
    pub user_confirmation_necessary: Option<bool>,
    /// Whether the new device was remembered (`Some(true)`), marked not remembered
    /// (`Some(false)`) or left alone (`None`).
    pub device_remembered: Option<bool>,
    /// The key of a device the server no longer knows: it was dropped and the sign-in
    /// retried without it. Delete your stored copy.
    pub dropped_device: Option<String>,
    /// Confirming or remembering the new device failed; the tokens are good regardless.
    pub device_error: Option<Error>,
    /// `NewDeviceMetadata` that this sign-in did not confirm: confirmation was turned off
    /// ([`SignIn::confirm_new_devices`]) or failed ([`SignedIn::device_error`]). Cognito tracks
    /// the device unconfirmed; pass this to [`UserPool::confirm_device`] to confirm it later.
    pub unconfirmed_device: Option<NewDeviceMetadata>,
}

impl SignedIn {
    /// The machine's result; `device_error` is the failed device call's error, if any.
    fn from_machine(done: cognito_srp_proto::SignedIn, device_error: Option<Error>) -> Self {
        Self {
            tokens: done.tokens.clone(),
            username: done.username.clone(),
            device: done.device.clone(),
            new_device: done.new_device,
            user_confirmation_necessary: done.user_confirmation_necessary,
            device_remembered: done.device_remembered,
            dropped_device: done.dropped_device.clone(),
            device_error: device_error.or_else(|| done.device_error.clone().map(Error::from)),
            unconfirmed_device: done.unconfirmed_device.clone(),
        }
    }
}

impl Step {
    /// The machine's step for the person.
    fn from_machine(step: cognito_srp_proto::Step) -> Result<Self, Error> {
        use cognito_srp_proto::Step as S;
        Ok(match step {
            S::MfaCode { kind, destination } => Self::MfaCode { kind, destination },
            S::SelectMfaType { options } => Self::SelectMfaType { options },
            S::MfaSetup { secret_code, options } => Self::MfaSetup { secret_code, options },
            S::NewPasswordRequired { required_attributes, user_attributes } => {
                Self::NewPasswordRequired { required_attributes, user_attributes }
            }
            S::CustomChallenge { parameters } => Self::CustomChallenge { parameters },
            S::SelectChallenge { available } => Self::SelectChallenge { available },
            S::OneTimeCode { factor, medium, destination } => {
                Self::OneTimeCode { factor, medium, destination }
            }
            S::WebAuthn { credential_request_options } => Self::WebAuthn { credential_request_options },
            _ => {
                return Err(Error::InvalidState(
                    "the sign-in machine asked for a step this crate does not know",
                ));
            }
        })
    }
}

/// A sign-in with SRP: [`SignIn::start`] it, then answer each [`Step`] until
/// [`Step::Done`].
///
/// The SRP steps (`PASSWORD_VERIFIER`, `DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER`) are
/// answered without asking; the steps that need a person come back as a [`Step`]. When
/// [`SignIn::device`] gave device credentials, the sign-in takes the device path (and a
/// remembered device skips MFA); if the server no longer knows that device it is dropped,
/// reported in [`SignedIn::dropped_device`], and the sign-in retried once without it. When
/// the tokens come with `NewDeviceMetadata`, the device is confirmed and returned in
/// [`SignedIn::device`].
///
/// A challenge answer that fails transiently (throttling, 5xx, a lost or cut-short answer)
/// may have used up its session, so it is never sent again: the sign-in restarts from `InitiateAuth` (at most
/// [`UserPool::with_max_restarts`] times) and returns the step that restart reaches, which
/// may ask the user for an MFA code again. A timeout ends the sign-in instead (see
/// [`crate::RetryPolicy`]).
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
/// # let admin = emulator.admin();
/// # let code_from_the_app = || cognito_srp_emulator::totp_code("JBSWY3DPEHPK3PXP", admin.now());
/// use cognito_srp_http::{DeviceCredentials, Step};
/// let mut sign_in = pool.sign_in("alice", "Correct-Horse-9").remember_device(true);
/// // A new device: MFA first, then the device is confirmed and remembered.
/// let Step::MfaCode { .. } = sign_in.start().await? else { return Err("no MFA".into()) };
/// let Step::Done(done) = sign_in.answer_mfa_code(&code_from_the_app()?).await? else {
///     return Err("more steps".into());
/// };
/// assert!(done.new_device);
/// let saved = serde_json::to_string(&done.device)?; // persist this
///
/// // Next time: the device path, where a remembered device skips MFA.
/// let device: DeviceCredentials = serde_json::from_str(&saved)?;
/// let step = pool.sign_in("alice", "Correct-Horse-9").device(device).start().await?;
/// assert!(matches!(step, Step::Done(_)));
/// # Ok(()) }
/// ```
pub struct SignIn {
    pool: UserPool,
    username: String,
    /// `None` for the flows that need none (passwordless `USER_AUTH`, `CUSTOM_AUTH` without
    /// SRP) until a password factor is chosen.
    password: Option<SecretString>,
    device: Option<DeviceCredentials>,
    options: SignInOptions,
    /// Admin mode (an [`crate::AdminUserPool`] sign-in): `AdminInitiateAuth` and
    /// `AdminRespondToAuthChallenge`, signed with SigV4.
    admin: bool,
    /// Built at the first call that needs it, from the settings above.
    machine: Option<Machine>,
}

impl fmt::Debug for SignIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignIn")
            .field("pool_id", &self.pool.pool_id())
            .field("username", &self.username)
            .field("device", &self.device)
            .field("machine", &self.machine)
            .finish_non_exhaustive()
    }
}

impl SignIn {
    pub(super) fn new(pool: UserPool, username: String, password: Option<SecretString>) -> Self {
        let mut options =
            SignInOptions::default().max_restarts(pool.max_restarts).restart_backoff(pool.backoff());
        options.user_context_data = pool.user_context_data().cloned();
        Self { pool, username, password, device: None, options, admin: false, machine: None }
    }

    /// Which flow starts the sign-in (`USER_AUTH`, `CUSTOM_AUTH`), for the builders on
    /// [`UserPool`].
    pub(super) fn with_flow(mut self, flow: SrpFlow) -> Self {
        self.options = self.options.flow(flow);
        self.machine = None;
        self
    }

    /// Admin mode, for [`crate::AdminUserPool`].
    pub(super) fn into_admin(mut self) -> Self {
        self.admin = true;
        self.machine = None;
        self
    }

    /// Signs in with `ConfirmSignUp`'s `Session` (`USER_AUTH`, no password), for
    /// [`UserPool::sign_in_after_sign_up`].
    pub(super) fn with_sign_up_session(mut self, session: SecretString) -> Self {
        self.options = self.options.sign_up_session(session);
        self.machine = None;
        self
    }

    /// Signs in on the device path with credentials from an earlier sign-in.
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
    /// # let cognito_srp_http::Step::Done(first) =
    /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
    /// # let saved = first.device.clone().ok_or("no device")?;
    /// use cognito_srp_http::Step;
    /// // Requests the local emulator has received so far.
    /// let requests = || emulator.admin().fault_counters().requests;
    /// let before = requests();
    /// // `saved`: the `DeviceCredentials` of an earlier sign-in.
    /// let step = pool.sign_in("alice", "Correct-Horse-9").device(saved.clone()).start().await?;
    /// let Step::Done(done) = step else { return Err("more steps".into()) };
    /// assert_eq!(done.device, Some(saved));
    /// assert!(!done.new_device);
    /// // InitiateAuth, PASSWORD_VERIFIER, DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER.
    /// assert_eq!(requests() - before, 4);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn device(mut self, device: DeviceCredentials) -> Self {
        self.device = Some(device);
        self.machine = None;
        self
    }

    /// After confirming a new device, remember it (`true`: later sign-ins skip MFA) or mark
    /// it not remembered (`false`). Without this call the status is left as the pool sets it.
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
    /// # let admin = emulator.admin();
    /// # let code_from_the_app = || cognito_srp_emulator::totp_code("JBSWY3DPEHPK3PXP", admin.now());
    /// use cognito_srp_http::Step;
    /// let mut sign_in = pool.sign_in("alice", "Correct-Horse-9").remember_device(true);
    /// sign_in.start().await?; // asks for the TOTP code: the device is new
    /// let Step::Done(done) = sign_in.answer_mfa_code(&code_from_the_app()?).await? else {
    ///     return Err("more steps".into());
    /// };
    /// assert_eq!(done.user_confirmation_necessary, Some(true)); // the pool lets the user decide
    /// assert_eq!(done.device_remembered, Some(true));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn remember_device(mut self, remember: bool) -> Self {
        self.options = self.options.remember_device(remember);
        self.machine = None;
        self
    }

    /// `UserContextData` for this sign-in, instead of the pool's
    /// ([`UserPool::with_user_context_data`]): sent with `InitiateAuth` and every
    /// `RespondToAuthChallenge`.
    ///
    /// ```
    /// use cognito_srp_http::{UserPool, operations::UserContextData};
    /// let pool = UserPool::new("eu-west-1_AbCdEf123", "1example23456789")?;
    /// let sign_in = pool
    ///     .sign_in("alice", "Correct-Horse-9")
    ///     .user_context_data(UserContextData::new().ip_address("198.51.100.4"));
    /// assert!(!format!("{sign_in:?}").contains("198.51.100.4"));
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn user_context_data(mut self, context: UserContextData) -> Self {
        self.options = self.options.user_context_data(context);
        self.machine = None;
        self
    }

    /// The `DeviceName` sent with `ConfirmDevice`.
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
    /// use cognito_srp_http::Step;
    /// let step = pool.sign_in("alice", "Correct-Horse-9").device_name("kitchen tablet").start().await?;
    /// let Step::Done(done) = step else { return Err("more steps".into()) };
    /// let key = &done.device.as_ref().ok_or("no device")?.device_key;
    /// let device = pool.get_device(&done.tokens.access_token, key).await?;
    /// assert_eq!(device.attribute("device_name"), Some("kitchen tablet"));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn device_name(mut self, name: impl Into<String>) -> Self {
        self.options = self.options.device_name(name);
        self.machine = None;
        self
    }

    /// Whether to confirm devices Cognito starts tracking (default `true`).
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
    /// use cognito_srp_http::Step;
    /// let step = pool.sign_in("alice", "Correct-Horse-9").confirm_new_devices(false).start().await?;
    /// let Step::Done(done) = step else { return Err("more steps".into()) };
    /// assert!(done.device.is_none() && !done.new_device);
    /// // Cognito tracks the device, but it stays unconfirmed.
    /// let devices = emulator.admin().list_devices("eu-west-1_Docs1", "alice");
    /// assert_eq!(devices.len(), 1);
    /// assert!(!devices[0].confirmed);
    /// // Confirm it later, e.g. once the user agrees to trust this device.
    /// let metadata = done.unconfirmed_device.expect("the server sent NewDeviceMetadata");
    /// let (device, _) = pool.confirm_device(&done.tokens.access_token, &metadata, Some("laptop")).await?;
    /// assert_eq!(device.device_key, metadata.device_key);
    /// assert!(emulator.admin().list_devices("eu-west-1_Docs1", "alice")[0].confirmed);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn confirm_new_devices(mut self, confirm: bool) -> Self {
        self.options = self.options.confirm_new_devices(confirm);
        self.machine = None;
        self
    }

    /// Uses `CUSTOM_AUTH` with `SRP_A` (the password is verified with SRP first, then the
    /// pool's Lambdas ask [`Step::CustomChallenge`]s).
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
    /// use cognito_srp_http::{ErrorCode, Step};
    /// // A wrong password never reaches the custom challenge.
    /// let err = pool.sign_in("alice", "Wrong-Horse-9").custom_auth().start().await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
    /// let step = pool.sign_in("alice", "Correct-Horse-9").custom_auth().start().await?;
    /// assert!(matches!(step, Step::CustomChallenge { .. }));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn custom_auth(mut self) -> Self {
        self.options = self.options.flow(SrpFlow::CustomWithSrp);
        self.machine = None;
        self
    }

    /// Uses choice-based sign-in (`USER_AUTH`) with this sign-in's password:
    /// `preferred` goes as `PREFERRED_CHALLENGE` ([`FirstFactor::PasswordSrp`] proves the
    /// password with SRP, device steps included, as [`UserPool::sign_in`] does); without it,
    /// or when the user cannot use it, Cognito answers [`Step::SelectChallenge`]. For a
    /// sign-in without a password see [`UserPool::sign_in_user_auth`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},
    /// #   "allowed_first_auth_factors":["PASSWORD","EMAIL_OTP"],
    /// #   "clients":[{"id":"app","explicit_auth_flows":["ALLOW_USER_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_http::{FirstFactor, Step};
    /// // A pool with device tracking: the first sign-in confirms a device...
    /// let preferred = Some(FirstFactor::PasswordSrp);
    /// let step = pool.sign_in("alice", "Correct-Horse-9").user_auth(preferred).start().await?;
    /// let Step::Done(first) = step else { return Err("more steps".into()) };
    /// let device = first.device.clone().ok_or("no device")?;
    /// // ...and the next one proves it with DEVICE_SRP_AUTH, as USER_SRP_AUTH would.
    /// let step = pool.sign_in("alice", "Correct-Horse-9").user_auth(preferred).device(device).start().await?;
    /// let Step::Done(second) = step else { return Err("more steps".into()) };
    /// assert!(!second.new_device);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn user_auth(self, preferred: Option<FirstFactor>) -> Self {
        self.with_flow(SrpFlow::UserAuth { preferred })
    }

    /// `ClientMetadata` for the pool's Lambda triggers, sent with every step.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # async fn capture_one_request()
    /// # -> std::io::Result<(String, tokio::task::JoinHandle<std::io::Result<String>>)> {
    /// #     use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// #     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    /// #     let endpoint = format!("http://{}", listener.local_addr()?);
    /// #     Ok((endpoint, tokio::spawn(async move {
    /// #         let (mut socket, _) = listener.accept().await?;
    /// #         let (mut request, mut buf) = (Vec::new(), [0u8; 4096]);
    /// #         loop {
    /// #             let n = socket.read(&mut buf).await?;
    /// #             request.extend_from_slice(&buf[..n]);
    /// #             let text = String::from_utf8_lossy(&request).into_owned();
    /// #             let complete = text.split_once("\r\n\r\n").is_some_and(|(head, body)| {
    /// #                 let length = head.lines().find_map(|l| l.strip_prefix("content-length: "));
    /// #                 body.len() >= length.and_then(|v| v.parse().ok()).unwrap_or(0)
    /// #             });
    /// #             if complete || n == 0 {
    /// #                 socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}").await?;
    /// #                 return Ok(text);
    /// #             }
    /// #         }
    /// #     })))
    /// # }
    /// # let (endpoint, server) = capture_one_request().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(endpoint).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client, "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_http::{Error, Parameters, ProtocolError};
    /// let metadata = Parameters::new().with("app_version", "1.2");
    /// let mut sign_in = pool.sign_in("alice", "Correct-Horse-9").client_metadata(metadata);
    /// // A stand-in server that records the request and answers `{}`: neither tokens nor a
    /// // challenge.
    /// let err = sign_in.start().await.unwrap_err();
    /// assert!(matches!(err, Error::Protocol(ProtocolError::Answer(cognito_srp_proto::ProtocolError::EmptyAuthResponse))));
    /// let request = server.await??; // what the server received
    /// assert!(request.contains(r#""ClientMetadata":{"app_version":"1.2"}"#), "{request}");
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn client_metadata(mut self, metadata: Parameters) -> Self {
        self.options = self.options.client_metadata(metadata);
        self.machine = None;
        self
    }

    /// Starts (or starts over): `InitiateAuth`, then every SRP step, until signed in or a
    /// person is needed.
    ///
    /// # Errors
    /// [`Error::Service`] with Cognito's error (`NotAuthorized` for a wrong password,
    /// `UserNotFound`, ...), [`Error::Transport`] once retries and restarts are used up,
    /// [`Error::Protocol`] or [`Error::Srp`] for answers that make no sense.
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
    /// use cognito_srp_http::{ErrorCode, Step};
    /// let err = pool.sign_in("alice", "Wrong-Horse-9").start().await.unwrap_err();
    /// assert_eq!(err.service().map(|e| e.message.as_str()), Some("Incorrect username or password."));
    /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
    /// let mut sign_in = pool.sign_in("alice", "Correct-Horse-9");
    /// assert!(matches!(sign_in.start().await?, Step::Done(_)));
    /// # Ok(()) }
    /// ```
    pub async fn start(&mut self) -> Result<Step, Error> {
        let call = self.machine().start(&mut SysRng);
        self.drive(call).await
    }

    /// Answers [`Step::MfaCode`].
    ///
    /// A wrong code gives `Err` with [`ErrorCode::CodeMismatch`](crate::ErrorCode::CodeMismatch) and leaves the step open
    /// for another try.
    ///
    /// # Errors
    /// As [`SignIn::start`]; [`Error::InvalidState`] when no MFA code was asked for.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","mfa":"OPTIONAL","clients":[{"id":"app"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,
    /// #     "phone":"+15555550123","sms_mfa":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_http::{ErrorCode, MfaKind, Step};
    /// let mut sign_in = pool.sign_in("alice", "Correct-Horse-9");
    /// let Step::MfaCode { kind, destination } = sign_in.start().await? else { return Err("no MFA".into()) };
    /// assert_eq!(kind, MfaKind::Sms);
    /// assert_eq!(destination.as_deref(), Some("+*******0123"));
    /// // The emulator keeps the last code it sent by SMS, for tests.
    /// let code = emulator.admin().last_sms_code("eu-west-1_Docs1", "alice").ok_or("no SMS")?;
    /// let wrong = if code == "000000" { "111111" } else { "000000" };
    /// let err = sign_in.answer_mfa_code(wrong).await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch));
    /// // The step is still open: the right code signs in.
    /// assert!(matches!(sign_in.answer_mfa_code(&code).await?, Step::Done(_)));
    /// # Ok(()) }
    /// ```
    pub async fn answer_mfa_code(&mut self, code: &str) -> Result<Step, Error> {
        let call = self.machine().answer_mfa_code(code);
        self.drive(call).await
    }

    /// Answers [`Step::SelectMfaType`].
    ///
    /// # Errors
    /// As [`SignIn::start`]; [`Error::InvalidState`] when no choice was asked for.
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
    /// # use cognito_srp_http::operations::{
    /// #     AssociateSoftwareTokenRequest, MfaSettings, SetUserMfaPreferenceRequest,
    /// # };
    /// # let request = AssociateSoftwareTokenRequest::with_access_token(access_token.clone());
    /// # client.associate_software_token(&request).await?;
    /// # let mut on = MfaSettings::default();
    /// # on.enabled = Some(true);
    /// # let mut request = SetUserMfaPreferenceRequest::new(access_token);
    /// # request.sms_mfa_settings = Some(on);
    /// # request.software_token_mfa_settings = Some(on);
    /// # client.set_user_mfa_preference(&request).await?;
    /// use cognito_srp_http::{MfaKind, Step};
    /// // This user has SMS and an authenticator app, and no preference.
    /// let mut sign_in = pool.sign_in("alice", "Correct-Horse-9");
    /// let Step::SelectMfaType { options } = sign_in.start().await? else { return Err("no choice".into()) };
    /// assert_eq!(options, [MfaKind::Sms, MfaKind::SoftwareToken]);
    /// let step = sign_in.select_mfa_type(&MfaKind::Sms).await?;
    /// assert!(matches!(step, Step::MfaCode { kind: MfaKind::Sms, .. }));
    /// // The emulator keeps the last code it sent by SMS, for tests.
    /// let code = emulator.admin().last_sms_code("eu-west-1_Docs1", "alice").ok_or("no SMS")?;
    /// assert!(matches!(sign_in.answer_mfa_code(&code).await?, Step::Done(_)));
    /// # Ok(()) }
    /// ```
    pub async fn select_mfa_type(&mut self, kind: &MfaKind) -> Result<Step, Error> {
        let call = self.machine().select_mfa_type(kind);
        self.drive(call).await
    }

    /// Answers [`Step::NewPasswordRequired`] with the new password and the required
    /// attributes (names without the `userAttributes.` prefix).
    ///
    /// A password the pool's policy rejects gives `Err` with [`ErrorCode::InvalidPassword`](crate::ErrorCode::InvalidPassword)
    /// and leaves the step open for another try.
    ///
    /// # Errors
    /// As [`SignIn::start`] (`InvalidPassword` for a password the policy rejects);
    /// [`Error::InvalidState`] when no new password was asked for.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
    /// #   "users":[{"username":"alice","password":"Temp-Pass-1","permanent":false,
    /// #     "email":"alice@example.com"}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_http::{ErrorCode, Step};
    /// // An admin-created user with a temporary password.
    /// let mut sign_in = pool.sign_in("alice", "Temp-Pass-1");
    /// let Step::NewPasswordRequired { user_attributes, .. } = sign_in.start().await? else {
    ///     return Err("no new password asked for".into());
    /// };
    /// assert_eq!(user_attributes.get("email").map(String::as_str), Some("alice@example.com"));
    /// let err = sign_in.answer_new_password("short", &[]).await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::InvalidPassword));
    /// let step = sign_in.answer_new_password("Brand-New-Pass-2", &[("name", "Alice")]).await?;
    /// assert!(matches!(step, Step::Done(_)));
    /// # Ok(()) }
    /// ```
    pub async fn answer_new_password(
        &mut self,
        new_password: &str,
        attributes: &[(&str, &str)],
    ) -> Result<Step, Error> {
        let call = self.machine().answer_new_password(new_password, attributes);
        self.drive(call).await
    }

    /// Answers [`Step::MfaSetup`] with the first code of the new authenticator
    /// (`VerifySoftwareToken`, then the `MFA_SETUP` answer).
    ///
    /// # Errors
    /// As [`SignIn::start`] (`CodeMismatch` for a wrong code, which leaves the step open);
    /// [`Error::InvalidState`] when no MFA setup was asked for.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","mfa":"ON","clients":[{"id":"app"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// # let admin = emulator.admin();
    /// # let authenticator_app = |seed: &str| cognito_srp_emulator::totp_code(seed, admin.now());
    /// use cognito_srp_http::{MfaKind, Step};
    /// // The pool requires MFA and this user has none yet.
    /// let mut sign_in = pool.sign_in("alice", "Correct-Horse-9");
    /// let step = sign_in.start().await?;
    /// let Step::MfaSetup { secret_code: Some(seed), options } = &step else {
    ///     return Err("no setup".into());
    /// };
    /// assert_eq!(options, &[MfaKind::SoftwareToken]);
    /// // Show `step.totp_uri("Example", "alice")` as a QR code; the app then shows codes.
    /// let code = authenticator_app(seed.expose_secret())?;
    /// let step = sign_in.answer_mfa_setup(&code, Some("phone")).await?;
    /// assert!(matches!(step, Step::Done(_)));
    /// # Ok(()) }
    /// ```
    pub async fn answer_mfa_setup(
        &mut self,
        code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<Step, Error> {
        let call = self.machine().answer_mfa_setup(code, friendly_device_name);
        self.drive(call).await
    }

    /// Answers [`Step::CustomChallenge`].
    ///
    /// # Errors
    /// As [`SignIn::start`]; [`Error::InvalidState`] when no custom challenge is open.
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
    /// use cognito_srp_http::{Error, Step};
    /// let mut sign_in = pool.sign_in("alice", "Correct-Horse-9").custom_auth();
    /// let Step::CustomChallenge { parameters } = sign_in.start().await? else {
    ///     return Err("no custom challenge".into());
    /// };
    /// assert_eq!(parameters.get("USERNAME"), Some("alice"));
    /// assert!(matches!(sign_in.answer_custom_challenge("forty-two").await?, Step::Done(_)));
    /// // Signed in: no challenge is open any more.
    /// let again = sign_in.answer_custom_challenge("forty-two").await;
    /// assert!(matches!(again, Err(Error::InvalidState(_))));
    /// # Ok(()) }
    /// ```
    pub async fn answer_custom_challenge(&mut self, answer: &str) -> Result<Step, Error> {
        let call = self.machine().answer_custom_challenge(answer);
        self.drive(call).await
    }

    /// Answers [`Step::SelectChallenge`] with the user's choice. [`FirstFactor::Password`]
    /// and [`FirstFactor::PasswordSrp`] need the password: `password`, or the one the
    /// sign-in was made with; the other factors take `None`.
    ///
    /// # Errors
    /// As [`SignIn::start`]; [`Error::Config`] when the factor needs a password and there is
    /// none, [`Error::InvalidState`] when no choice was asked for (both leave the step as it
    /// was). A factor Cognito does not offer is `InvalidParameterException` and leaves the
    /// step open.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1",
    /// #   "allowed_first_auth_factors":["PASSWORD","EMAIL_OTP","SMS_OTP"],
    /// #   "clients":[{"id":"app","explicit_auth_flows":["ALLOW_USER_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,
    /// #     "email":"alice@example.com","phone":"+15555550123"}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_http::{FirstFactor, Step};
    /// let mut sign_in = pool.sign_in_user_auth("alice", None);
    /// let Step::SelectChallenge { available } = sign_in.start().await? else {
    ///     return Err("no choice".into());
    /// };
    /// assert_eq!(
    ///     available,
    ///     [FirstFactor::Password, FirstFactor::PasswordSrp, FirstFactor::EmailOtp, FirstFactor::SmsOtp]
    /// );
    /// // The user picks the password, proven with SRP.
    /// let step = sign_in.select_challenge(FirstFactor::PasswordSrp, Some("Correct-Horse-9")).await?;
    /// assert!(matches!(step, Step::Done(_)));
    /// # Ok(()) }
    /// ```
    pub async fn select_challenge(
        &mut self,
        factor: FirstFactor,
        password: Option<&str>,
    ) -> Result<Step, Error> {
        let password = password.map(SecretString::from);
        if password.is_some() {
            self.password.clone_from(&password);
        }
        let call = self.machine().select_challenge(factor, password, &mut SysRng);
        self.drive(call).await
    }

    /// Answers [`Step::OneTimeCode`] with the code from the email or text message.
    ///
    /// A wrong code gives `Err` with [`ErrorCode::CodeMismatch`](crate::ErrorCode::CodeMismatch)
    /// and leaves the step open for another try.
    ///
    /// # Errors
    /// As [`SignIn::start`]; [`Error::InvalidState`] when no one-time code was asked for.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1",
    /// #   "allowed_first_auth_factors":["PASSWORD","EMAIL_OTP"],
    /// #   "clients":[{"id":"app","explicit_auth_flows":["ALLOW_USER_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,
    /// #     "email":"alice@example.com"}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_emulator::CodePurpose;
    /// use cognito_srp_http::{DeliveryMedium, ErrorCode, FirstFactor, Step};
    /// let mut sign_in = pool.sign_in_user_auth("alice", Some(FirstFactor::EmailOtp));
    /// let Step::OneTimeCode { factor, medium, destination } = sign_in.start().await? else {
    ///     return Err("no code asked for".into());
    /// };
    /// assert_eq!((factor, medium), (FirstFactor::EmailOtp, Some(DeliveryMedium::Email)));
    /// assert_eq!(destination.as_deref(), Some("a***@e***.com"));
    /// // The emulator keeps what it would have emailed, for tests.
    /// let code = emulator.admin().last_code("eu-west-1_Docs1", "alice", &CodePurpose::SignInOtp).ok_or("no code")?;
    /// let wrong = if code == "00000000" { "11111111" } else { "00000000" };
    /// let err = sign_in.answer_one_time_code(wrong).await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch));
    /// assert!(matches!(sign_in.answer_one_time_code(&code).await?, Step::Done(_)));
    /// # Ok(()) }
    /// ```
    pub async fn answer_one_time_code(&mut self, code: &str) -> Result<Step, Error> {
        let call = self.machine().answer_one_time_code(code);
        self.drive(call).await
    }

    /// Answers [`Step::WebAuthn`] with the authenticator's credential as JSON (in a browser,
    /// `JSON.stringify` of what `navigator.credentials.get` returned, or its `toJSON()`).
    ///
    /// # Errors
    /// As [`SignIn::start`]; [`Error::InvalidState`] when no passkey was asked for.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1",
    /// #   "allowed_first_auth_factors":["PASSWORD","WEB_AUTHN"],
    /// #   "clients":[{"id":"app","explicit_auth_flows":["ALLOW_USER_AUTH"]}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_http::{Error, ErrorCode, FirstFactor, Step};
    /// // With Cognito: `Step::WebAuthn { credential_request_options }` comes back; the app
    /// // asks the authenticator and answers with the credential's JSON:
    /// async fn passkey(sign_in: &mut cognito_srp_http::SignIn, credential_json: &str) -> Result<Step, Error> {
    ///     sign_in.answer_web_authn(credential_json).await
    /// }
    /// // The local emulator has no passkeys and refuses WEB_AUTHN.
    /// let err = pool.sign_in_user_auth("alice", Some(FirstFactor::WebAuthn)).start().await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::UnsupportedOperation));
    /// // And nothing is open to answer.
    /// let mut sign_in = pool.sign_in_user_auth("alice", None);
    /// assert!(matches!(passkey(&mut sign_in, "{}").await, Err(Error::InvalidState(_))));
    /// # Ok(()) }
    /// ```
    pub async fn answer_web_authn(&mut self, credential_json: &str) -> Result<Step, Error> {
        let call = self.machine().answer_web_authn(credential_json);
        self.drive(call).await
    }

    /// The machine, built from the settings when none is running.
    fn machine(&mut self) -> &mut Machine {
        self.machine.get_or_insert_with(|| {
            let app = self.pool.app.clone();
            let options = self.options.clone();
            let machine = match &self.password {
                Some(password) => Machine::new(app, self.username.as_str(), password.clone(), options),
                None => Machine::without_password(app, self.username.as_str(), options),
            };
            let machine = if self.admin { machine.admin() } else { machine };
            match &self.device {
                Some(device) => machine.with_device(device.clone()),
                None => machine,
            }
        })
    }

    /// Sends `first` and every call the machine asks for next, until it needs the user,
    /// is done, or gives up.
    async fn drive(&mut self, first: Result<Call, cognito_srp_proto::Error>) -> Result<Step, Error> {
        let mut rng = SysRng;
        let mut call = first?;
        loop {
            if !call.delay.is_zero() {
                crate::platform::sleep(call.delay).await;
            }
            let body = call.request.to_json()?;
            let sent =
                self.pool.client.call_raw(call.request.operation(), call.request.resend(), &body).await;
            let machine = self.machine();
            let failed = match sent {
                Ok(reply) => match machine.on_reply(&reply, &crate::platform::now()?, &mut rng)? {
                    Action::Send(next) => {
                        call = next;
                        continue;
                    }
                    Action::Step(step) => return Step::from_machine(step),
                    Action::Done(done) => {
                        return Ok(Step::Done(Box::new(SignedIn::from_machine(*done, None))));
                    }
                    _ => return Err(Error::InvalidState("the sign-in machine asked for something unknown")),
                },
                Err(err) => err,
            };
            match with_failure(&failed, |failure| machine.on_failure(failure, &mut rng)) {
                Recovery::Restart(next) => {
                    tracing::debug!(restart = machine.restarts(), "starting over");
                    call = next;
                }
                Recovery::Resend(next) => {
                    tracing::debug!("sending the device call again");
                    call = next;
                }
                Recovery::SignedIn(done) => {
                    return Ok(Step::Done(Box::new(SignedIn::from_machine(*done, Some(failed)))));
                }
                _ => return Err(failed),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn debug_output_hides_the_password() {
        let client = crate::Client::builder().region("us-east-1").use_environment(false).build().unwrap();
        let pool =
            UserPool::with_client(client, "us-east-1_X", "c").unwrap().with_client_secret("CLIENTSECRET");
        let sign_in = pool.sign_in("alice", "PASSWORD123");
        let text = format!("{sign_in:?} {pool:?}");
        assert!(text.contains("alice"));
        assert!(!text.contains("PASSWORD123") && !text.contains("CLIENTSECRET"), "{text}");
    }
}
