//! The SRP sign-in state machine.

use alloc::collections::BTreeMap;
use core::fmt;

use cognito_srp_core::{ClientEphemeral, DeviceVerifierChallenge, PasswordVerifierChallenge, Timestamp};

use super::{DeviceCredentials, Tokens, UserPool, random_bytes};
use cognito_srp_proto::{AuthFlow, ChallengeName, MfaKind, Operation};

use crate::operations::{
    AssociateSoftwareTokenRequest, AuthResponse, AuthenticationResult, InitiateAuthRequest,
    NewDeviceMetadata, RespondToAuthChallengeRequest, VerifySoftwareTokenRequest,
};
use crate::{Error, ErrorCode, Parameters, ProtocolError, SecretString};

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
                let enc = |s: &str| -> String {
                    s.bytes()
                        .map(|b| {
                            if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
                                char::from(b).to_string()
                            } else {
                                format!("%{b:02X}")
                            }
                        })
                        .collect()
                };
                Some(SecretString::new(format!(
                    "otpauth://totp/{}:{}?secret={}&issuer={}",
                    enc(issuer),
                    enc(account),
                    secret.expose_secret(),
                    enc(issuer)
                )))
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

struct Pending {
    challenge: ChallengeName,
    session: Option<SecretString>,
    username: String,
    setup_kind: Option<MfaKind>,
}

impl fmt::Debug for Pending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("challenge", &self.challenge)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
enum State {
    Idle,
    Waiting(Pending),
    Done,
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
    password: SecretString,
    device: Option<DeviceCredentials>,
    custom_auth: bool,
    confirm_devices: bool,
    remember: Option<bool>,
    device_name: Option<String>,
    client_metadata: Option<Parameters>,
    state: State,
    ephemeral: Option<ClientEphemeral>,
    device_ephemeral: Option<ClientEphemeral>,
    restarts: u32,
    dropped_device: Option<String>,
}

impl fmt::Debug for SignIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignIn")
            .field("pool_id", &self.pool.pool_id())
            .field("username", &self.username)
            .field("device", &self.device)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

fn missing(field: &'static str) -> Error {
    Error::Protocol(ProtocolError::MissingField(field))
}

fn new_ephemeral() -> Result<ClientEphemeral, Error> {
    let bytes = zeroize::Zeroizing::new(random_bytes::<32>()?);
    Ok(ClientEphemeral::from_secret_bytes(bytes.as_ref())?)
}

fn list_param(params: &Parameters, key: &str) -> Vec<MfaKind> {
    let Some(raw) = params.get(key) else {
        return Vec::new();
    };
    let names: Vec<String> = serde_json::from_str(raw).unwrap_or_else(|_| {
        raw.trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\'').to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    });
    names.iter().map(|n| MfaKind::from_challenge(n)).collect()
}

fn is_device_gone(err: &Error) -> bool {
    match err.service() {
        Some(e) => e.code == ErrorCode::ResourceNotFound && e.message.to_ascii_lowercase().contains("device"),
        None => false,
    }
}

impl SignIn {
    pub(super) fn new(pool: UserPool, username: String, password: SecretString) -> Self {
        Self {
            pool,
            username,
            password,
            device: None,
            custom_auth: false,
            confirm_devices: true,
            remember: None,
            device_name: None,
            client_metadata: None,
            state: State::Idle,
            ephemeral: None,
            device_ephemeral: None,
            restarts: 0,
            dropped_device: None,
        }
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
        self.remember = Some(remember);
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
        self.device_name = Some(name.into());
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
        self.confirm_devices = confirm;
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
        self.custom_auth = true;
        self
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
    /// assert!(matches!(err, Error::Protocol(ProtocolError::EmptyAuthResponse)));
    /// let request = server.await??; // what the server received
    /// assert!(request.contains(r#""ClientMetadata":{"app_version":"1.2"}"#), "{request}");
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn client_metadata(mut self, metadata: Parameters) -> Self {
        self.client_metadata = Some(metadata);
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
        self.state = State::Idle;
        self.run_from_start().await
    }

    /// Answers [`Step::MfaCode`].
    ///
    /// A wrong code gives `Err` with [`ErrorCode::CodeMismatch`] and leaves the step open
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
        let pending = self.take_pending(
            &[ChallengeName::SmsMfa, ChallengeName::SoftwareTokenMfa, ChallengeName::EmailOtp],
            "no MFA code was asked for",
        )?;
        let mut responses = self.base_responses(&pending.username);
        responses.insert_opt(pending.challenge.code_key().unwrap_or_default(), Some(code));
        self.answer(pending, responses).await
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
        let pending = self.take_pending(&[ChallengeName::SelectMfaType], "no MFA choice was asked for")?;
        let mut responses = self.base_responses(&pending.username);
        responses.insert("ANSWER", kind.challenge_name());
        self.answer(pending, responses).await
    }

    /// Answers [`Step::NewPasswordRequired`] with the new password and the required
    /// attributes (names without the `userAttributes.` prefix).
    ///
    /// A password the pool's policy rejects gives `Err` with [`ErrorCode::InvalidPassword`]
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
        let pending =
            self.take_pending(&[ChallengeName::NewPasswordRequired], "no new password was asked for")?;
        let mut responses = self.base_responses(&pending.username);
        responses.insert("NEW_PASSWORD", new_password);
        for (name, value) in attributes {
            responses.insert(format!("userAttributes.{name}"), *value);
        }
        let step = self.answer(pending, responses).await;
        if step.is_ok() {
            // Any restart from here on must prove the new password.
            self.password = SecretString::from(new_password);
        }
        step
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
        let mut pending = self.take_pending(&[ChallengeName::MfaSetup], "no MFA setup was asked for")?;
        let verified = self
            .pool
            .client
            .verify_software_token(&{
                let mut request = VerifySoftwareTokenRequest::new(code);
                request.session = pending.session.clone();
                request.friendly_device_name = friendly_device_name.map(str::to_owned);
                request
            })
            .await;
        match verified {
            Ok(resp) => {
                if let Some(status) = resp.status.filter(|s| s != "SUCCESS") {
                    self.state = State::Waiting(pending);
                    return Err(Error::Protocol(ProtocolError::UnsuccessfulStatus {
                        operation: Operation::VerifySoftwareToken,
                        status,
                    }));
                }
                if resp.session.is_some() {
                    pending.session = resp.session;
                }
            }
            Err(err) if err.is_retryable() || is_device_gone(&err) => return self.recover(err).await,
            Err(err) => {
                self.state = State::Waiting(pending);
                return Err(err);
            }
        }
        let mut responses = self.base_responses(&pending.username);
        if let Some(kind) = pending.setup_kind.as_ref().filter(|k| **k != MfaKind::SoftwareToken) {
            responses.insert("ANSWER", kind.challenge_name());
        }
        self.answer(pending, responses).await
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
        let pending = self.take_pending(&[ChallengeName::CustomChallenge], "no custom challenge is open")?;
        let mut responses = self.base_responses(&pending.username);
        responses.insert("ANSWER", answer);
        self.answer(pending, responses).await
    }

    fn take_pending(&mut self, expected: &[ChallengeName], why: &'static str) -> Result<Pending, Error> {
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Waiting(p) if expected.contains(&p.challenge) => Ok(p),
            other => {
                self.state = other;
                Err(Error::InvalidState(why))
            }
        }
    }

    /// `USERNAME`, `SECRET_HASH` (of the internal name) and `DEVICE_KEY`.
    fn base_responses(&self, username: &str) -> Parameters {
        let mut responses = Parameters::new().with("USERNAME", username);
        responses.insert_opt("SECRET_HASH", self.pool.secret_hash(username).as_deref());
        if let Some(device) = &self.device {
            responses.insert("DEVICE_KEY", device.device_key.as_str());
        }
        responses
    }

    async fn run_from_start(&mut self) -> Result<Step, Error> {
        loop {
            match self.attempt_from_start().await {
                Ok(step) => return Ok(step),
                Err(err) => {
                    if !self.may_restart(&err).await {
                        self.state = State::Idle;
                        return Err(err);
                    }
                }
            }
        }
    }

    /// Decides whether a failure is worth starting over for, and waits the backoff.
    async fn may_restart(&mut self, err: &Error) -> bool {
        if self.device.is_some() && self.dropped_device.is_none() && is_device_gone(err) {
            let key = self.device.take().map(|d| d.device_key.clone());
            tracing::debug!("device unknown to the server; retrying without it");
            self.dropped_device = key;
            return true;
        }
        if err.is_retryable() && self.restarts < self.pool.max_restarts {
            self.restarts = self.restarts.saturating_add(1);
            let delay = self.pool.client.retry_policy().delay(self.restarts);
            tracing::debug!(restart = self.restarts, "transient failure; starting over");
            tokio::time::sleep(delay).await;
            return true;
        }
        false
    }

    async fn recover(&mut self, err: Error) -> Result<Step, Error> {
        if self.may_restart(&err).await {
            self.run_from_start().await
        } else {
            self.state = State::Idle;
            Err(err)
        }
    }

    async fn answer(&mut self, pending: Pending, responses: Parameters) -> Result<Step, Error> {
        let mut request =
            RespondToAuthChallengeRequest::new(pending.challenge.clone(), self.pool.client_id());
        request.session = pending.session.clone();
        request.challenge_responses = responses;
        request.client_metadata = self.client_metadata.clone();
        match self.pool.client.respond_to_auth_challenge(&request).await {
            Ok(response) => match self.advance(response, pending.username.clone()).await {
                Ok(step) => Ok(step),
                Err(err) => self.recover(err).await,
            },
            Err(err) if err.is_retryable() || is_device_gone(&err) => self.recover(err).await,
            Err(err) => {
                // A wrong code or a password the policy rejects leaves the session usable:
                // keep the step open for another try.
                if matches!(err.code(), Some(ErrorCode::CodeMismatch | ErrorCode::InvalidPassword)) {
                    self.state = State::Waiting(pending);
                } else {
                    self.state = State::Idle;
                }
                Err(err)
            }
        }
    }

    async fn attempt_from_start(&mut self) -> Result<Step, Error> {
        let ephemeral = new_ephemeral()?;
        let mut params = Parameters::new()
            .with("USERNAME", self.username.as_str())
            .with("SRP_A", ephemeral.public_hex().as_str());
        // InitiateAuth: SECRET_HASH of the name the user typed.
        params.insert_opt("SECRET_HASH", self.pool.secret_hash(&self.username).as_deref());
        if let Some(device) = &self.device {
            params.insert("DEVICE_KEY", device.device_key.as_str());
        }
        let flow = if self.custom_auth {
            params.insert("CHALLENGE_NAME", "SRP_A");
            AuthFlow::CustomAuth
        } else {
            AuthFlow::UserSrpAuth
        };
        let mut request = InitiateAuthRequest::new(flow, self.pool.client_id());
        request.auth_parameters = params;
        request.client_metadata = self.client_metadata.clone();
        let response = self.pool.client.initiate_auth(&request).await?;
        self.ephemeral = Some(ephemeral);
        self.advance(response, self.username.clone()).await
    }

    /// Follows responses through the SRP steps until tokens or a person-facing challenge.
    async fn advance(&mut self, mut response: AuthResponse, mut username: String) -> Result<Step, Error> {
        // Each SRP step needs one round trip; more than a handful means a server loop.
        for _ in 0..8 {
            if let Some(result) = response.authentication_result.take() {
                let done = self.finish(result, username).await;
                return Ok(Step::Done(Box::new(done)));
            }
            let name =
                response.challenge_name.take().ok_or(Error::Protocol(ProtocolError::EmptyAuthResponse))?;
            let session = response.session.take();
            let params = core::mem::take(&mut response.challenge_parameters);
            if let Some(name) = params.get("USERNAME").filter(|u| !u.is_empty()) {
                username = name.to_owned();
            }
            let responses = match name {
                ChallengeName::PasswordVerifier => self.password_verifier(&params, &mut username)?,
                ChallengeName::DeviceSrpAuth => self.device_srp_auth(&username)?,
                ChallengeName::DevicePasswordVerifier => self.device_password_verifier(&params, &username)?,
                _ => return self.person_step(name, session, username, params).await,
            };
            tracing::debug!(challenge = name.as_str(), "answering");
            let mut request = RespondToAuthChallengeRequest::new(name, self.pool.client_id());
            request.session = session;
            request.challenge_responses = responses;
            request.client_metadata = self.client_metadata.clone();
            response = self.pool.client.respond_to_auth_challenge(&request).await?;
        }
        Err(Error::Protocol(ProtocolError::UnexpectedChallenge("too many SRP steps in a row".to_owned())))
    }

    fn password_verifier(&mut self, params: &Parameters, username: &mut String) -> Result<Parameters, Error> {
        let ephemeral = self.ephemeral.take().ok_or_else(|| {
            Error::Protocol(ProtocolError::UnexpectedChallenge(
                "PASSWORD_VERIFIER without a pending SRP_A".to_owned(),
            ))
        })?;
        let user_id = params.get("USER_ID_FOR_SRP").ok_or_else(|| missing("USER_ID_FOR_SRP"))?;
        let secret_block = params.get("SECRET_BLOCK").ok_or_else(|| missing("SECRET_BLOCK"))?;
        let challenge = PasswordVerifierChallenge {
            user_id_for_srp: user_id,
            salt_hex: params.get("SALT").ok_or_else(|| missing("SALT"))?,
            srp_b_hex: params.get("SRP_B").ok_or_else(|| missing("SRP_B"))?,
            secret_block,
        };
        // USERNAME in the answer and its SECRET_HASH: the challenge's USERNAME, which real
        // Cognito sets equal to USER_ID_FOR_SRP and moto requires.
        if params.get("USERNAME").is_none_or(str::is_empty) {
            *username = user_id.to_owned();
        }
        let now = Timestamp::now()?;
        let claim =
            ephemeral.user_claim(self.pool.pool_id(), &challenge, self.password.expose_secret(), &now)?;
        let mut responses = self.base_responses(username);
        responses.insert("PASSWORD_CLAIM_SECRET_BLOCK", secret_block);
        responses.insert("PASSWORD_CLAIM_SIGNATURE", claim.signature());
        responses.insert("TIMESTAMP", claim.timestamp());
        Ok(responses)
    }

    fn device_srp_auth(&mut self, username: &str) -> Result<Parameters, Error> {
        if self.device.is_none() {
            return Err(Error::Protocol(ProtocolError::UnexpectedChallenge(
                "DEVICE_SRP_AUTH without device credentials".to_owned(),
            )));
        }
        let ephemeral = new_ephemeral()?;
        let mut responses = self.base_responses(username);
        responses.insert("SRP_A", ephemeral.public_hex().as_str());
        self.device_ephemeral = Some(ephemeral);
        Ok(responses)
    }

    fn device_password_verifier(&mut self, params: &Parameters, username: &str) -> Result<Parameters, Error> {
        let (Some(ephemeral), Some(device)) = (self.device_ephemeral.take(), self.device.as_ref()) else {
            return Err(Error::Protocol(ProtocolError::UnexpectedChallenge(
                "DEVICE_PASSWORD_VERIFIER without DEVICE_SRP_AUTH".to_owned(),
            )));
        };
        let secret_block = params.get("SECRET_BLOCK").ok_or_else(|| missing("SECRET_BLOCK"))?;
        let challenge = DeviceVerifierChallenge {
            salt_hex: params.get("SALT").ok_or_else(|| missing("SALT"))?,
            srp_b_hex: params.get("SRP_B").ok_or_else(|| missing("SRP_B"))?,
            secret_block,
        };
        let now = Timestamp::now()?;
        let claim = ephemeral.device_claim(
            &device.device_group_key,
            &device.device_key,
            device.device_password.expose_secret(),
            &challenge,
            &now,
        )?;
        let mut responses = self.base_responses(username);
        responses.insert("PASSWORD_CLAIM_SECRET_BLOCK", secret_block);
        responses.insert("PASSWORD_CLAIM_SIGNATURE", claim.signature());
        responses.insert("TIMESTAMP", claim.timestamp());
        Ok(responses)
    }

    async fn person_step(
        &mut self,
        name: ChallengeName,
        session: Option<SecretString>,
        username: String,
        params: Parameters,
    ) -> Result<Step, Error> {
        let mut pending = Pending { challenge: name, session, username, setup_kind: None };
        let step = match &pending.challenge {
            ChallengeName::SmsMfa | ChallengeName::SoftwareTokenMfa | ChallengeName::EmailOtp => {
                Step::MfaCode {
                    kind: MfaKind::from_challenge_name(&pending.challenge),
                    destination: params.get("CODE_DELIVERY_DESTINATION").map(str::to_owned),
                }
            }
            ChallengeName::SelectMfaType => {
                Step::SelectMfaType { options: list_param(&params, "MFAS_CAN_CHOOSE") }
            }
            ChallengeName::MfaSetup => {
                let options = list_param(&params, "MFAS_CAN_SETUP");
                let totp = options.is_empty() || options.contains(&MfaKind::SoftwareToken);
                let secret_code = if totp {
                    let associated = self
                        .pool
                        .client
                        .associate_software_token(&{
                            let mut request = AssociateSoftwareTokenRequest::default();
                            request.session = pending.session.clone();
                            request
                        })
                        .await?;
                    if associated.session.is_some() {
                        pending.session = associated.session;
                    }
                    pending.setup_kind = Some(MfaKind::SoftwareToken);
                    Some(associated.secret_code)
                } else {
                    pending.setup_kind = options.first().cloned();
                    None
                };
                Step::MfaSetup { secret_code, options }
            }
            ChallengeName::NewPasswordRequired => {
                let user_attributes: BTreeMap<String, String> = params
                    .get("userAttributes")
                    .and_then(|raw| serde_json::from_str::<BTreeMap<String, serde_json::Value>>(raw).ok())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(k, v)| match v {
                        serde_json::Value::String(s) => (k, s),
                        other => (k, other.to_string()),
                    })
                    .collect();
                let required_attributes = params
                    .get("requiredAttributes")
                    .and_then(|raw| serde_json::from_str::<Vec<String>>(raw).ok())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|a| a.strip_prefix("userAttributes.").map(str::to_owned).unwrap_or(a))
                    .collect();
                Step::NewPasswordRequired { required_attributes, user_attributes }
            }
            ChallengeName::CustomChallenge => Step::CustomChallenge { parameters: params },
            _ => {
                return Err(Error::Protocol(ProtocolError::UnexpectedChallenge(
                    pending.challenge.as_str().to_owned(),
                )));
            }
        };
        self.state = State::Waiting(pending);
        Ok(step)
    }

    async fn finish(&mut self, mut result: AuthenticationResult, username: String) -> SignedIn {
        self.state = State::Done;
        let metadata = result.new_device_metadata.take();
        let tokens = Tokens::from(result);
        let mut done = SignedIn {
            tokens,
            username,
            device: self.device.clone(),
            new_device: false,
            user_confirmation_necessary: None,
            device_remembered: None,
            dropped_device: self.dropped_device.clone(),
            device_error: None,
            unconfirmed_device: None,
        };
        let Some(metadata) = metadata else {
            return done;
        };
        if !self.confirm_devices {
            done.unconfirmed_device = Some(metadata);
            return done;
        }
        let confirmed =
            self.pool.confirm_device(&done.tokens.access_token, &metadata, self.device_name.as_deref()).await;
        match confirmed {
            Ok((creds, necessary)) => {
                done.user_confirmation_necessary = Some(necessary);
                if let Some(remember) = self.remember {
                    match self
                        .pool
                        .set_device_remembered(&done.tokens.access_token, &creds.device_key, remember)
                        .await
                    {
                        Ok(()) => done.device_remembered = Some(remember),
                        Err(err) => done.device_error = Some(err),
                    }
                }
                done.device = Some(creds);
                done.new_device = true;
            }
            Err(err) => {
                done.device_error = Some(err);
                done.unconfirmed_device = Some(metadata);
            }
        }
        done
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn device_gone_needs_a_device_message() {
        let err = |code: ErrorCode, message: &str| {
            Error::Service(crate::ServiceError {
                code,
                message: message.into(),
                status: 400,
                request_id: None,
            })
        };
        assert!(is_device_gone(&err(ErrorCode::ResourceNotFound, "Device does not exist.")));
        assert!(!is_device_gone(&err(ErrorCode::ResourceNotFound, "User pool client abc does not exist.")));
        assert!(!is_device_gone(&err(ErrorCode::NotAuthorized, "device")));
    }

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
