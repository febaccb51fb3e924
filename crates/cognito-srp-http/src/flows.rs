//! Whole flows on top of the operations: SRP sign-in with every challenge, device
//! confirmation and sign-in, refresh, sign-out and device management, and the account flows
//! (sign-up, password reset, attributes, account deletion).

mod account;
mod admin;
mod sign_in;

use cognito_srp_proto::{
    AppClient, DeviceCredentials, DeviceRememberedStatus, Failure, FirstFactor, Operation, Refresh,
    RefreshFailure, RefreshMethod, Resender, RetryPolicy, SrpFlow, Tokens, UserContextData,
};
use getrandom::SysRng;

use crate::operations::{
    DeviceType, ForgetDeviceRequest, GetDeviceRequest, GlobalSignOutRequest, ListDevicesRequest,
    NewDeviceMetadata, UpdateDeviceStatusRequest,
};
use crate::{Client, Error, ProtocolError, SecretString};

pub use admin::AdminUserPool;
pub use sign_in::{SignIn, SignedIn, Step};

/// How often a sign-in may start over by default (see [`UserPool::with_max_restarts`]).
const DEFAULT_MAX_RESTARTS: u32 = cognito_srp_proto::DEFAULT_MAX_RESTARTS;

/// A user pool app client: the pool id, the client id and, for confidential clients, the
/// client secret. Start flows from here.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let seed = r#"{"pools":[{"id":"eu-west-1_AbCdEf123","mfa":"OPTIONAL",
/// #   "clients":[{"id":"1example23456789"}],
/// #   "users":[{"username":"alice","password":"correct horse battery staple","permanent":true,
/// #     "totp_secret":"JBSWY3DPEHPK3PXP"}]}]}"#;
/// # let emulator = cognito_srp_emulator::Emulator::builder()
/// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
/// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
/// # let admin = emulator.admin();
/// # let code_from_the_app = || cognito_srp_emulator::totp_code("JBSWY3DPEHPK3PXP", admin.now());
/// use cognito_srp_http::{Step, UserPool};
/// // `UserPool::new("eu-west-1_AbCdEf123", "1example23456789")?` for Cognito itself.
/// let pool = UserPool::with_client(client, "eu-west-1_AbCdEf123", "1example23456789")?;
/// let mut sign_in = pool.sign_in("alice", "correct horse battery staple");
/// let mut step = sign_in.start().await?;
/// let done = loop {
///     step = match step {
///         Step::Done(done) => break done,
///         Step::MfaCode { .. } => sign_in.answer_mfa_code(&code_from_the_app()?).await?,
///         other => return Err(format!("not handled here: {other:?}").into()),
///     };
/// };
/// assert_eq!(done.tokens.expires_in, 3600);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct UserPool {
    client: Client,
    app: AppClient,
    max_restarts: u32,
    refresh_method: RefreshMethod,
    user_context_data: Option<UserContextData>,
}

impl UserPool {
    /// A pool reached through a new [`Client`] for the pool's region (the endpoint variables
    /// of the environment still win, as in the AWS SDKs).
    ///
    /// # Errors
    /// [`Error::Config`] for a malformed pool id or endpoint.
    ///
    /// ```
    /// use cognito_srp_http::{Error, UserPool};
    /// // Nothing is sent yet.
    /// let pool = UserPool::new("eu-west-1_AbCdEf123", "1example23456789")?;
    /// assert_eq!(pool.pool_id(), "eu-west-1_AbCdEf123");
    /// assert!(matches!(UserPool::new("AbCdEf123", "1example23456789"), Err(Error::Config(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn new(pool_id: impl Into<String>, client_id: impl Into<String>) -> Result<Self, Error> {
        let pool_id = pool_id.into();
        let client = Client::builder().region_from_pool_id(&pool_id)?.build()?;
        Self::with_client(client, pool_id, client_id)
    }

    /// A pool reached through `client` (share one client between pools to share its
    /// connection pool, or point it at a local emulator).
    ///
    /// # Errors
    /// [`Error::Config`] for a malformed pool id.
    ///
    /// ```
    /// use cognito_srp_http::{Client, Error, UserPool};
    /// let client = Client::builder().endpoint("http://127.0.0.1:9229").build()?;
    /// let pool = UserPool::with_client(client.clone(), "eu-west-1_AbCdEf123", "1example23456789")?;
    /// let other = UserPool::with_client(client, "eu-west-1_Other4567", "2example23456789")?;
    /// assert_eq!(pool.client().endpoint(), other.client().endpoint());
    /// let bad = UserPool::with_client(pool.client().clone(), "eu-west-1", "1example23456789");
    /// assert!(matches!(bad, Err(Error::Config(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn with_client(
        client: Client,
        pool_id: impl Into<String>,
        client_id: impl Into<String>,
    ) -> Result<Self, Error> {
        let app = AppClient::new(pool_id, client_id)?;
        Ok(Self {
            client,
            app,
            max_restarts: DEFAULT_MAX_RESTARTS,
            refresh_method: RefreshMethod::default(),
            user_context_data: None,
        })
    }

    /// Sets the app client's secret: every request that needs it gets a `SECRET_HASH`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1",
    /// #   "clients":[{"id":"app","secret":"fake-client-secret"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_http::{ErrorCode, Step};
    /// // The app client "app" has a secret: without it Cognito refuses the sign-in.
    /// let err = pool.sign_in("alice", "Correct-Horse-9").start().await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
    /// let pool = pool.with_client_secret("fake-client-secret");
    /// assert!(matches!(pool.sign_in("alice", "Correct-Horse-9").start().await?, Step::Done(_)));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn with_client_secret(mut self, secret: impl Into<SecretString>) -> Self {
        self.app = self.app.with_secret(secret);
        self
    }

    /// How often a sign-in may start over from `InitiateAuth` after a transient failure
    /// (default 50), and how many extra rounds the idempotent device steps (`ConfirmDevice`,
    /// `UpdateDeviceStatus`) get.
    ///
    /// A challenge answer is never sent twice: it consumes the session, and a failure after
    /// the server processed it (a lost answer, a 5xx, a body cut short) or throttling leaves the
    /// session spent or unknown. So the sign-in restarts: a fresh `SRP_A`, a new
    /// `InitiateAuth`, new answers. Restarts wait the client's jittered backoff
    /// ([`crate::RetryPolicy::delay`] of the restart count, at most its `max_delay`) and are
    /// counted over the whole sign-in. Timeouts never restart it.
    ///
    /// Why 50: a device sign-in needs `InitiateAuth` and three answers in a row to succeed.
    /// When 45% of requests fail (20% throttled, 15% 5xx, 10% cut short), one try succeeds
    /// about 15% of the time, and 51 tries all fail with a probability near 2 in 10,000;
    /// with fewer faults it takes one or two tries.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?)
    /// #     .faults(cognito_srp_emulator::FaultConfig::default().with_throttle(1.0))
    /// #     .start().await?;
    /// use std::time::Duration;
    /// use cognito_srp_http::{Client, ErrorCode, RetryPolicy, UserPool};
    /// // An emulator that throttles every request, and a client that never retries by itself.
    /// let ms = Duration::from_millis(1);
    /// let quick = RetryPolicy::new(1, ms, ms);
    /// let client = Client::builder().endpoint(emulator.endpoint()).retry_policy(quick).build()?;
    /// let pool = UserPool::with_client(client, "eu-west-1_Docs1", "app")?.with_max_restarts(2);
    /// let err = pool.sign_in("alice", "Correct-Horse-9").start().await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::TooManyRequests));
    /// assert_eq!(emulator.admin().fault_counters().requests, 3); // the first try and 2 restarts
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn with_max_restarts(mut self, restarts: u32) -> Self {
        self.max_restarts = restarts;
        self
    }

    /// Which operation [`UserPool::refresh`] uses (default [`RefreshMethod::Auto`]:
    /// `GetTokensFromRefreshToken`, falling back to `REFRESH_TOKEN_AUTH` only when the
    /// service does not know the operation). [`RefreshMethod::RefreshTokenAuth`] suits pools
    /// whose Lambda triggers or policies expect `InitiateAuth`; it never rotates, and Cognito
    /// refuses it on app clients with refresh token rotation.
    ///
    /// ```
    /// use cognito_srp_http::{RefreshMethod, UserPool};
    /// let pool = UserPool::new("eu-west-1_AbCdEf123", "1example23456789")?;
    /// assert_eq!(pool.refresh_method(), RefreshMethod::Auto);
    /// let pool = pool.with_refresh_method(RefreshMethod::GetTokens);
    /// assert_eq!(pool.refresh_method(), RefreshMethod::GetTokens);
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn with_refresh_method(mut self, method: RefreshMethod) -> Self {
        self.refresh_method = method;
        self
    }

    /// The refresh method (see [`UserPool::with_refresh_method`]).
    #[must_use]
    pub fn refresh_method(&self) -> RefreshMethod {
        self.refresh_method
    }

    /// `UserContextData` for threat protection (the user's IP address, or the data
    /// Cognito's JavaScript or SDK collected): sent with every sign-in call
    /// (`InitiateAuth`, `RespondToAuthChallenge`) and `REFRESH_TOKEN_AUTH` refresh started
    /// from this pool, and with the account operations that take it.
    /// `GetTokensFromRefreshToken` has no such member. Only pools with threat protection
    /// read it; a server that relays sign-ins for browsers passes each user's address here
    /// (one `UserPool` per user, or [`SignIn::user_context_data`] per sign-in).
    ///
    /// ```
    /// use cognito_srp_http::{UserPool, operations::UserContextData};
    /// let pool = UserPool::new("eu-west-1_AbCdEf123", "1example23456789")?
    ///     .with_user_context_data(UserContextData::new().ip_address("192.0.2.1"));
    /// // Sensitive: Debug shows neither field.
    /// assert!(!format!("{pool:?}").contains("192.0.2.1"));
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn with_user_context_data(mut self, context: UserContextData) -> Self {
        self.user_context_data = Some(context);
        self
    }

    /// The pool's `UserContextData`, for every request that carries it (the account
    /// operations read it here).
    pub(crate) fn user_context_data(&self) -> Option<&UserContextData> {
        self.user_context_data.as_ref()
    }

    /// The underlying client, for the raw operations.
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
    /// let me = pool.client().get_user(&GetUserRequest::new(access_token)).await?;
    /// assert_eq!(me.attribute("email"), Some("alice@example.com"));
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The pool id.
    ///
    /// ```
    /// let client = cognito_srp_http::Client::builder().endpoint("http://127.0.0.1:9229").build()?;
    /// # use cognito_srp_http::UserPool;
    /// let pool = UserPool::with_client(client, "eu-west-1_AbCdEf123", "1example23456789")?;
    /// assert_eq!(pool.pool_id(), "eu-west-1_AbCdEf123");
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn pool_id(&self) -> &str {
        self.app.pool_id()
    }

    /// The app client id.
    ///
    /// ```
    /// let client = cognito_srp_http::Client::builder().endpoint("http://127.0.0.1:9229").build()?;
    /// # use cognito_srp_http::UserPool;
    /// let pool = UserPool::with_client(client, "eu-west-1_AbCdEf123", "1example23456789")?;
    /// assert_eq!(pool.client_id(), "1example23456789");
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn client_id(&self) -> &str {
        self.app.client_id()
    }

    /// `SECRET_HASH` for `username`, when the app client has a secret.
    ///
    /// ```
    /// let client = cognito_srp_http::Client::builder().endpoint("http://127.0.0.1:9229").build()?;
    /// # use cognito_srp_http::UserPool;
    /// let pool = UserPool::with_client(client, "eu-west-1_AbCdEf123", "1example23456789")?;
    /// assert_eq!(pool.secret_hash("alice"), None); // a public app client
    /// let pool = pool.with_client_secret("fake-client-secret");
    /// // Base64 of HMAC-SHA256(client secret, username + client id).
    /// let expected = "QI1sIke6vZgrQMTBwwT9agemVlJt7mUU7b1esyhs+Vc=";
    /// assert_eq!(pool.secret_hash("alice").as_deref(), Some(expected));
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn secret_hash(&self, username: &str) -> Option<String> {
        self.app.secret_hash(username)
    }

    /// A password sign-in with SRP (`USER_SRP_AUTH`). Nothing is sent until
    /// [`SignIn::start`].
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
    /// use cognito_srp_http::Step;
    /// let mut sign_in = pool.sign_in("alice", "Correct-Horse-9");
    /// let Step::Done(done) = sign_in.start().await? else { return Err("more steps".into()) };
    /// assert_eq!(done.username, "alice");
    /// assert_eq!(done.tokens.token_type, "Bearer");
    /// # Ok(()) }
    /// ```
    pub fn sign_in(&self, username: impl Into<String>, password: impl Into<SecretString>) -> SignIn {
        SignIn::new(self.clone(), username.into(), Some(password.into()))
    }

    /// A choice-based sign-in (`USER_AUTH`) without a password: a one-time code by email or
    /// text ([`FirstFactor::EmailOtp`], [`FirstFactor::SmsOtp`]), a passkey
    /// ([`FirstFactor::WebAuthn`]), or whatever the user picks at [`Step::SelectChallenge`]
    /// (`preferred` `None`, or a factor the user cannot use). The password, when the user
    /// picks it, comes with [`SignIn::select_challenge`]; to prefer a password factor
    /// up front use [`SignIn::user_auth`] on [`UserPool::sign_in`]. Nothing is sent until
    /// [`SignIn::start`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1",
    /// #   "allowed_first_auth_factors":["PASSWORD","SMS_OTP"],
    /// #   "clients":[{"id":"app","explicit_auth_flows":["ALLOW_USER_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,
    /// #     "phone":"+15555550123"}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_emulator::CodePurpose;
    /// use cognito_srp_http::{FirstFactor, Step};
    /// let mut sign_in = pool.sign_in_user_auth("alice", Some(FirstFactor::SmsOtp));
    /// let Step::OneTimeCode { destination, .. } = sign_in.start().await? else {
    ///     return Err("no code asked for".into());
    /// };
    /// assert_eq!(destination.as_deref(), Some("+*******0123"));
    /// // The emulator keeps what it would have texted, for tests.
    /// let code = emulator.admin().last_code("eu-west-1_Docs1", "alice", &CodePurpose::SignInOtp).ok_or("no code")?;
    /// let Step::Done(done) = sign_in.answer_one_time_code(&code).await? else { return Err("more steps".into()) };
    /// assert_eq!(done.username, "alice");
    /// # Ok(()) }
    /// ```
    pub fn sign_in_user_auth(&self, username: impl Into<String>, preferred: Option<FirstFactor>) -> SignIn {
        SignIn::new(self.clone(), username.into(), None).with_flow(SrpFlow::UserAuth { preferred })
    }

    /// A `CUSTOM_AUTH` sign-in without SRP: the pool's Lambdas ask [`Step::CustomChallenge`]s
    /// from the start and no password is sent (for SRP first, see [`SignIn::custom_auth`]).
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
    /// use cognito_srp_http::Step;
    /// let mut sign_in = pool.sign_in_custom("alice");
    /// let Step::CustomChallenge { .. } = sign_in.start().await? else { return Err("no challenge".into()) };
    /// assert!(matches!(sign_in.answer_custom_challenge("forty-two").await?, Step::Done(_)));
    /// # Ok(()) }
    /// ```
    pub fn sign_in_custom(&self, username: impl Into<String>) -> SignIn {
        SignIn::new(self.clone(), username.into(), None).with_flow(SrpFlow::Custom)
    }

    /// New tokens from a refresh token, by [`UserPool::refresh_method`]: by default
    /// `GetTokensFromRefreshToken`, and `InitiateAuth` with `REFRESH_TOKEN_AUTH` only when the
    /// service does not know that operation (moto, older emulators).
    ///
    /// **Store [`Tokens::refresh_token`] after every refresh.** On an app client with refresh
    /// token rotation it is a new refresh token, and the one passed in stops working after
    /// the client's grace period; without rotation it is the one passed in.
    ///
    /// `username` is the internal user name ([`SignedIn::username`]); it is only used for
    /// `SECRET_HASH` on `REFRESH_TOKEN_AUTH` (`GetTokensFromRefreshToken` sends the client
    /// secret itself). Pass the device key when the tokens came from a tracked device:
    /// otherwise `REFRESH_TOKEN_AUTH` answers "Invalid Refresh Token", and
    /// `GetTokensFromRefreshToken` on a pool that remembers devices starts tracking a new one.
    /// For `ClientMetadata`, use [`UserPool::new_refresh`] and [`UserPool::refresh_with`].
    ///
    /// # Errors
    /// [`Error::Service`] (`NotAuthorized` for a revoked or wrong token, `RefreshTokenReuse`
    /// for one rotated out), transport errors after the client's retries (throttling, 5xx
    /// and dropped connections are retried, as [`cognito_srp_proto::Operation::resend`]
    /// explains).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"},
    /// #   {"id":"rotating","refresh_token_rotation":{"retry_grace_period_seconds":0}}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// # let rotating = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "rotating")?;
    /// # let cognito_srp_http::Step::Done(signed_in) =
    /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
    /// # let cognito_srp_http::Step::Done(on_rotating) =
    /// #     rotating.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
    /// use cognito_srp_http::ErrorCode;
    /// // Here `signed_in` is alice's finished sign-in on the app client "app".
    /// let refresh_token = signed_in.tokens.refresh_token.as_ref().ok_or("no refresh token")?;
    /// let fresh = pool.refresh(refresh_token, &signed_in.username, None).await?;
    /// assert_ne!(fresh.access_token, signed_in.tokens.access_token);
    /// // "app" does not rotate refresh tokens: the one passed in is kept.
    /// assert_eq!(fresh.refresh_token.as_ref(), Some(refresh_token));
    ///
    /// // `on_rotating` is her sign-in on "rotating", a client with rotation: a new token.
    /// let old = on_rotating.tokens.refresh_token.as_ref().ok_or("no refresh token")?;
    /// let fresh = rotating.refresh(old, &on_rotating.username, None).await?;
    /// let new = fresh.refresh_token.as_ref().ok_or("no refresh token")?;
    /// assert_ne!(new, old);
    /// // Store `new`: with no grace period the old one is refused from now on.
    /// let err = rotating.refresh(old, &on_rotating.username, None).await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::RefreshTokenReuse));
    /// rotating.refresh(new, &on_rotating.username, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn refresh(
        &self,
        refresh_token: &SecretString,
        username: &str,
        device_key: Option<&str>,
    ) -> Result<Tokens, Error> {
        self.refresh_with(self.new_refresh(refresh_token, username, device_key)).await
    }

    /// A refresh as [`UserPool::refresh`] sends it (this pool's app client, refresh method
    /// and `UserContextData`), to adjust before [`UserPool::refresh_with`]: add
    /// `ClientMetadata`, pick another method for one call.
    ///
    /// ```
    /// use cognito_srp_http::{Parameters, RefreshMethod, SecretString, UserPool};
    /// let pool = UserPool::new("eu-west-1_AbCdEf123", "1example23456789")?;
    /// let refresh = pool
    ///     .new_refresh(&SecretString::from("refresh-token"), "alice", None)
    ///     .client_metadata(Parameters::new().with("app_version", "1.2"))
    ///     .method(RefreshMethod::GetTokens);
    /// assert!(!format!("{refresh:?}").contains("refresh-token"));
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn new_refresh(
        &self,
        refresh_token: &SecretString,
        username: &str,
        device_key: Option<&str>,
    ) -> Refresh {
        let refresh =
            Refresh::new(self.app.clone(), refresh_token.clone(), username, device_key.map(str::to_owned))
                .method(self.refresh_method);
        match &self.user_context_data {
            Some(context) => refresh.user_context_data(context.clone()),
            None => refresh,
        }
    }

    /// Runs `refresh` (from [`UserPool::new_refresh`]): sends its call and, when it falls
    /// back, the fallback. As [`UserPool::refresh`], store the returned refresh token.
    ///
    /// # Errors
    /// As [`UserPool::refresh`].
    pub async fn refresh_with(&self, mut refresh: Refresh) -> Result<Tokens, Error> {
        let mut call = refresh.start();
        loop {
            let body = call.request.to_json()?;
            let sent = self.client.call_raw(call.request.operation(), call.request.resend(), &body).await;
            let failed = match sent {
                Ok(reply) => return Ok(refresh.on_reply(&reply)?),
                Err(err) => err,
            };
            let fallback = match &failed {
                Error::Service(e) => {
                    let error =
                        cognito_srp_proto::ServiceError::new(e.code.clone(), e.message.as_str(), e.status);
                    refresh.on_failure(RefreshFailure::Service(&error))
                }
                Error::Protocol(ProtocolError::UnexpectedResponse { status, .. }) => {
                    refresh.on_failure(RefreshFailure::Untyped { status: *status })
                }
                _ => refresh.on_failure(RefreshFailure::Other),
            };
            match fallback {
                Some(next) => {
                    tracing::debug!(
                        "GetTokensFromRefreshToken is not offered here; refreshing with REFRESH_TOKEN_AUTH"
                    );
                    call = next;
                }
                None => return Err(failed),
            }
        }
    }

    /// Signs the user out everywhere (`GlobalSignOut`): every refresh token stops working.
    ///
    /// # Errors
    /// [`Error::Service`] (`NotAuthorized` for a bad token), transport errors.
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
    /// // Here `signed_in` is alice's finished sign-in and `access_token` its access token.
    /// pool.sign_out(&access_token).await?;
    /// let refresh_token = signed_in.tokens.refresh_token.as_ref().ok_or("no refresh token")?;
    /// let err = pool.refresh(refresh_token, &signed_in.username, None).await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
    /// # Ok(()) }
    /// ```
    pub async fn sign_out(&self, access_token: &SecretString) -> Result<(), Error> {
        self.client.global_sign_out(&GlobalSignOutRequest::new(access_token.clone())).await.map(drop)
    }

    /// Revokes one refresh token (`RevokeToken`), with the client secret if there is one.
    ///
    /// # Errors
    /// [`Error::Service`], transport errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1",
    /// #   "clients":[{"id":"app","secret":"fake-client-secret"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// # let pool = pool.with_client_secret("fake-client-secret");
    /// # let cognito_srp_http::Step::Done(signed_in) =
    /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
    /// use cognito_srp_http::ErrorCode;
    /// // Here `signed_in` is alice's finished sign-in, through an app client with a secret.
    /// let refresh_token = signed_in.tokens.refresh_token.as_ref().ok_or("no refresh token")?;
    /// pool.revoke(refresh_token).await?;
    /// let err = pool.refresh(refresh_token, &signed_in.username, None).await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
    /// # Ok(()) }
    /// ```
    pub async fn revoke(&self, refresh_token: &SecretString) -> Result<(), Error> {
        self.client.revoke_token(&self.app.revoke_request(refresh_token)).await.map(drop)
    }

    /// Confirms a device Cognito reported in `NewDeviceMetadata`: makes a device password
    /// and verifier with the core's [`cognito_srp_core::DeviceVerifier`] and calls
    /// `ConfirmDevice`. Returns the credentials to persist and `UserConfirmationNecessary`.
    ///
    /// `ConfirmDevice` is safe to send twice: the same device key with the same verifier
    /// registers the same verifier again. So when its answer is lost (a dropped connection, a
    /// 5xx after the server did the work, a body cut short, throttling) the very same request
    /// is sent again: the client's retries, for up to `1 +` [`UserPool::with_max_restarts`]
    /// rounds with jittered backoff between them. Timeouts end it at once.
    ///
    /// [`SignIn`] does this by itself; call it when driving the operations by hand.
    ///
    /// # Errors
    /// [`Error::Service`], transport errors, [`Error::Random`] when the OS has no randomness.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},
    /// #   "clients":[{"id":"app","explicit_auth_flows":["ALLOW_USER_PASSWORD_AUTH","ALLOW_USER_SRP_AUTH"]}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// # use cognito_srp_http::{AuthFlow, Parameters, operations::InitiateAuthRequest};
    /// # let params = Parameters::new().with("USERNAME", "alice").with("PASSWORD", "Correct-Horse-9");
    /// # let mut request = InitiateAuthRequest::new(AuthFlow::UserPasswordAuth, "app");
    /// # request.auth_parameters = params;
    /// # let result = client.initiate_auth(&request).await?.authentication_result.ok_or("no tokens")?;
    /// use cognito_srp_http::Step;
    /// // `result`: tokens from `InitiateAuth` with `NewDeviceMetadata`.
    /// let metadata = result.new_device_metadata.as_ref().ok_or("no new device")?;
    /// let (device, user_must_confirm) =
    ///     pool.confirm_device(&result.access_token, metadata, Some("laptop")).await?;
    /// assert_eq!(device.device_key, metadata.device_key);
    /// assert!(user_must_confirm); // this pool remembers devices only when asked to
    /// // The credentials sign in on the device path.
    /// let step = pool.sign_in("alice", "Correct-Horse-9").device(device.clone()).start().await?;
    /// let Step::Done(done) = step else { return Err("more steps".into()) };
    /// assert_eq!(done.device, Some(device));
    /// assert!(!done.new_device);
    /// # Ok(()) }
    /// ```
    pub async fn confirm_device(
        &self,
        access_token: &SecretString,
        metadata: &NewDeviceMetadata,
        device_name: Option<&str>,
    ) -> Result<(DeviceCredentials, bool), Error> {
        // Built once: every resend carries the same key and verifier.
        let (request, creds) =
            cognito_srp_proto::confirm_device(access_token, metadata, device_name, &mut SysRng)?;
        let response =
            self.persist(Operation::ConfirmDevice, || self.client.confirm_device(&request)).await?;
        Ok((creds, response.user_confirmation_necessary))
    }

    /// Remembers (`true`) or stops remembering (`false`) a device (`UpdateDeviceStatus`).
    /// Sign-ins from a remembered device skip MFA.
    ///
    /// # Errors
    /// [`Error::Service`] (`ResourceNotFound` for an unknown device), transport errors.
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
    /// # let code = cognito_srp_emulator::totp_code("JBSWY3DPEHPK3PXP", admin.now())?;
    /// # let mut first = pool.sign_in("alice", "Correct-Horse-9");
    /// # first.start().await?;
    /// # let step = first.answer_mfa_code(&code).await?;
    /// # let cognito_srp_http::Step::Done(first) = step else { return Err("MFA".into()) };
    /// use cognito_srp_http::Step;
    /// // `first`: a sign-in through TOTP MFA that confirmed a new device.
    /// let device = first.device.clone().ok_or("no device")?;
    /// pool.set_device_remembered(&first.tokens.access_token, &device.device_key, true).await?;
    /// let step = pool.sign_in("alice", "Correct-Horse-9").device(device).start().await?;
    /// assert!(matches!(step, Step::Done(_))); // no MFA code asked
    /// # Ok(()) }
    /// ```
    pub async fn set_device_remembered(
        &self,
        access_token: &SecretString,
        device_key: &str,
        remembered: bool,
    ) -> Result<(), Error> {
        let request = UpdateDeviceStatusRequest::new(
            access_token.clone(),
            device_key,
            DeviceRememberedStatus::from_bool(remembered),
        );
        self.persist(Operation::UpdateDeviceStatus, || self.client.update_device_status(&request))
            .await
            .map(drop)
    }

    /// One tracked device (`GetDevice`).
    ///
    /// # Errors
    /// [`Error::Service`] (`ResourceNotFound` for an unknown device), transport errors.
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
    /// use cognito_srp_http::ErrorCode;
    /// // Here `signed_in` is alice's finished sign-in, which confirmed a device named "laptop",
    /// // and `access_token` its access token.
    /// let key = &signed_in.device.as_ref().ok_or("no device")?.device_key;
    /// let device = pool.get_device(&access_token, key).await?;
    /// assert_eq!(device.attribute("device_name"), Some("laptop"));
    /// let err = pool.get_device(&access_token, "eu-west-1_unknown").await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::ResourceNotFound));
    /// # Ok(()) }
    /// ```
    pub async fn get_device(
        &self,
        access_token: &SecretString,
        device_key: &str,
    ) -> Result<DeviceType, Error> {
        self.client
            .get_device(&GetDeviceRequest::new(access_token.clone(), device_key))
            .await
            .map(|r| r.device)
    }

    /// Every tracked device of the user (`ListDevices`, following pagination; at most 100
    /// pages).
    ///
    /// # Errors
    /// [`Error::Service`], transport errors.
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
    /// // Here `signed_in` is alice's finished sign-in and `access_token` its access token.
    /// let devices = pool.list_devices(&access_token).await?;
    /// let key = &signed_in.device.as_ref().ok_or("no device")?.device_key;
    /// assert_eq!(devices.len(), 1);
    /// assert_eq!(&devices[0].device_key, key);
    /// # Ok(()) }
    /// ```
    pub async fn list_devices(&self, access_token: &SecretString) -> Result<Vec<DeviceType>, Error> {
        self.list_devices_with_limit(access_token, 60).await
    }

    /// Every tracked device of the user, asking for `limit` devices per `ListDevices` page
    /// (Cognito allows 1 to 60) and following pagination (at most 100 pages).
    ///
    /// # Errors
    /// [`Error::Service`], transport errors; [`ProtocolError::TooManyPages`] when there is still
    /// a next page after 100 (never a silently shortened list).
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
    /// # pool.sign_in("alice", "Correct-Horse-9").start().await?; // a third device
    /// // Here `access_token` is the access token of alice's finished sign-in.
    /// // Requests the local emulator has received so far.
    /// let requests = || emulator.admin().fault_counters().requests;
    /// let before = requests();
    /// // Three devices, one per page.
    /// let devices = pool.list_devices_with_limit(&access_token, 1).await?;
    /// assert_eq!(devices.len(), 3);
    /// assert_eq!(requests() - before, 3);
    /// # Ok(()) }
    /// ```
    pub async fn list_devices_with_limit(
        &self,
        access_token: &SecretString,
        limit: u32,
    ) -> Result<Vec<DeviceType>, Error> {
        const MAX_PAGES: u32 = 100;
        let mut devices = Vec::new();
        let mut token = None;
        for _ in 0..MAX_PAGES {
            let page = self
                .client
                .list_devices(&{
                    let mut request = ListDevicesRequest::new(access_token.clone()).limit(limit.clamp(1, 60));
                    request.pagination_token = token.take();
                    request
                })
                .await?;
            devices.extend(page.devices);
            match page.pagination_token {
                Some(next) if !next.is_empty() => token = Some(next),
                _ => return Ok(devices),
            }
        }
        Err(Error::Protocol(ProtocolError::TooManyPages {
            operation: Operation::ListDevices,
            pages: MAX_PAGES,
        }))
    }

    /// Stops tracking a device (`ForgetDevice`); its credentials stop working.
    ///
    /// # Errors
    /// [`Error::Service`] (`ResourceNotFound` for an unknown device), transport errors.
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
    /// // Here `signed_in` is alice's finished sign-in and `access_token` its access token.
    /// let device = signed_in.device.clone().ok_or("no device")?;
    /// pool.forget_device(&access_token, &device.device_key).await?;
    /// assert!(pool.list_devices(&access_token).await?.is_empty());
    /// // A sign-in with the forgotten device drops it and goes on without it.
    /// let step = pool.sign_in("alice", "Correct-Horse-9").device(device.clone()).start().await?;
    /// let cognito_srp_http::Step::Done(done) = step else { return Err("more steps".into()) };
    /// assert_eq!(done.dropped_device, Some(device.device_key.clone()));
    /// # Ok(()) }
    /// ```
    pub async fn forget_device(&self, access_token: &SecretString, device_key: &str) -> Result<(), Error> {
        self.client.forget_device(&ForgetDeviceRequest::new(access_token.clone(), device_key)).await.map(drop)
    }
}

impl UserPool {
    /// Sends an idempotent request until it succeeds or fails for good: up to
    /// `1 + max_restarts` rounds of the client's own retries, with the client's jittered
    /// backoff between rounds. Timeouts are not retryable, so they end it at once.
    async fn persist<T, Fut>(&self, operation: Operation, mut call: impl FnMut() -> Fut) -> Result<T, Error>
    where
        Fut: Future<Output = Result<T, Error>>,
    {
        let mut resender = Resender::new(self.max_restarts, self.backoff());
        let mut rng = SysRng;
        loop {
            let err = match call().await {
                Err(err) => err,
                ok => return ok,
            };
            let Some(delay) = with_failure(&err, |failure| resender.next_delay(failure, &mut rng)) else {
                return Err(err);
            };
            tracing::debug!(
                operation = operation.as_str(),
                round = resender.rounds(),
                "transient failure; sending the same request again"
            );
            crate::platform::sleep(delay).await;
        }
    }

    /// The backoff between restarts and resends: the client's retry policy.
    fn backoff(&self) -> RetryPolicy {
        *self.client.retry_policy()
    }
}

/// Calls `f` with how the machine sees `err`: Cognito's answer, a transient transport failure
/// (a connection error, an answer lost or cut short, a 5xx without a type), or anything else
/// (a timeout is final, see [`crate::RetryPolicy`]).
pub(crate) fn with_failure<T>(err: &Error, f: impl FnOnce(Failure<'_>) -> T) -> T {
    match err.service() {
        Some(e) => f(Failure::Service(&cognito_srp_proto::ServiceError::new(
            e.code.clone(),
            e.message.as_str(),
            e.status,
        ))),
        None if err.is_retryable() => f(Failure::Transient),
        None => f(Failure::Fatal),
    }
}
