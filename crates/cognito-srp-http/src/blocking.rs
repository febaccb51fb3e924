//! A blocking client (feature `blocking`), for programs without an async runtime: a command
//! line tool, a build script, a test harness, a thread-per-request server.
//!
//! [`UserPool`] and [`SignIn`] mirror the async [`crate::UserPool`] and [`crate::SignIn`]
//! method for method, and run the same protocol machine ([`cognito_srp_proto::SignIn`]) with
//! the same retries, restarts and limits: each call runs the async one to completion on a
//! small runtime of the pool's own (one thread, Tokio's current-thread scheduler), so every
//! rule of the async client holds here unchanged.
//!
//! Calling it from inside an async runtime would block that runtime's thread; it refuses
//! with [`Error::Config`] instead of deadlocking or panicking. Use the async client there.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},"clients":[{"id":"app"}],
//! #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
//! # let (endpoint_tx, endpoint_rx) = std::sync::mpsc::channel();
//! # let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
//! # let server = std::thread::spawn(move || {
//! #     let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
//! #     runtime.block_on(async move {
//! #         let seed = cognito_srp_emulator::Seed::from_json(seed).expect("seed");
//! #         let emulator = cognito_srp_emulator::Emulator::builder().seed(seed).start().await.expect("emulator");
//! #         endpoint_tx.send(emulator.endpoint()).expect("the example waits");
//! #         stop_rx.await.ok();
//! #         emulator.shutdown().await;
//! #     });
//! # });
//! # let endpoint = endpoint_rx.recv()?;
//! use cognito_srp_http::blocking::UserPool;
//! use cognito_srp_http::{Client, Step};
//!
//! // No #[tokio::main], no .await: a plain function.
//! let client = Client::builder().endpoint(endpoint).build()?;
//! let pool = UserPool::with_client(client, "eu-west-1_Docs1", "app")?;
//! let Step::Done(done) = pool.sign_in("alice", "Correct-Horse-9").start()? else {
//!     return Err("more steps".into());
//! };
//! let device = done.device.clone().ok_or("the pool tracks devices")?;
//! // Next time, through the device.
//! let Step::Done(again) = pool.sign_in("alice", "Correct-Horse-9").device(device).start()? else {
//!     return Err("more steps".into());
//! };
//! assert!(!again.new_device);
//! pool.sign_out(&again.tokens.access_token)?;
//! # stop_tx.send(()).ok();
//! # server.join().expect("the emulator thread");
//! # Ok(()) }
//! ```

mod account;

use std::future::Future;
use std::sync::Arc;

use cognito_srp_proto::{
    DeviceCredentials, FirstFactor, MfaKind, NewDeviceMetadata, Parameters, SecretString, Tokens,
};

use crate::operations::DeviceType;
use crate::{Client, Error, Step};

/// The runtime every call of one blocking pool runs on.
#[derive(Debug, Clone)]
struct Runner(Arc<tokio::runtime::Runtime>);

impl Runner {
    fn new() -> Result<Self, Error> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map(|runtime| Self(Arc::new(runtime)))
            .map_err(|e| Error::Config(format!("cannot start the blocking client's runtime: {e}")))
    }

    /// Runs `future` to completion, unless called from inside an async runtime (where
    /// blocking the thread would stall that runtime, and Tokio would panic).
    fn run<T>(&self, future: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::Config(
                "the blocking client was called from inside an async runtime; use the async \
                 cognito_srp_http::UserPool there"
                    .to_owned(),
            ));
        }
        self.0.block_on(future)
    }
}

/// A user pool's app client, blocking: [`crate::UserPool`] without `async`.
///
/// Build it from a [`Client`] of its own: a client whose connections were opened by another
/// runtime would find them closed.
#[derive(Debug, Clone)]
pub struct UserPool {
    inner: crate::UserPool,
    runner: Runner,
}

impl UserPool {
    /// The app client `client_id` of pool `pool_id`, on the pool's regional endpoint (or
    /// the endpoint from `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` / `AWS_ENDPOINT_URL`).
    ///
    /// # Errors
    /// As [`crate::UserPool::new`]; [`Error::Config`] when the runtime cannot start.
    ///
    /// ```
    /// let pool = cognito_srp_http::blocking::UserPool::new("eu-west-1_AbCdEf123", "1example23456789")?;
    /// assert_eq!(pool.pool_id(), "eu-west-1_AbCdEf123");
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    pub fn new(pool_id: impl Into<String>, client_id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self { inner: crate::UserPool::new(pool_id, client_id)?, runner: Runner::new()? })
    }

    /// As [`UserPool::new`] with a configured [`Client`] (an endpoint, timeouts, retries).
    ///
    /// # Errors
    /// As [`crate::UserPool::with_client`]; [`Error::Config`] when the runtime cannot start.
    ///
    /// ```
    /// use cognito_srp_http::{Client, blocking::UserPool};
    /// let client = Client::builder().endpoint("http://127.0.0.1:9229").build()?;
    /// let pool = UserPool::with_client(client, "eu-west-1_AbCdEf123", "app")?;
    /// assert_eq!(pool.client_id(), "app");
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    pub fn with_client(
        client: Client,
        pool_id: impl Into<String>,
        client_id: impl Into<String>,
    ) -> Result<Self, Error> {
        Ok(Self { inner: crate::UserPool::with_client(client, pool_id, client_id)?, runner: Runner::new()? })
    }

    /// With the app client's secret (every call then carries `SECRET_HASH`).
    ///
    /// ```
    /// let pool = cognito_srp_http::blocking::UserPool::new("eu-west-1_X", "app")?.with_client_secret("s3cr3t");
    /// assert!(pool.secret_hash("alice").is_some());
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn with_client_secret(mut self, secret: impl Into<SecretString>) -> Self {
        self.inner = self.inner.with_client_secret(secret);
        self
    }

    /// Restarts from `InitiateAuth` after transient failures (see
    /// [`crate::UserPool::with_max_restarts`]).
    ///
    /// ```
    /// let pool = cognito_srp_http::blocking::UserPool::new("eu-west-1_X", "app")?.with_max_restarts(3);
    /// # let _ = pool;
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn with_max_restarts(mut self, restarts: u32) -> Self {
        self.inner = self.inner.with_max_restarts(restarts);
        self
    }

    /// Which operation a refresh uses (see [`crate::UserPool::with_refresh_method`]).
    ///
    /// ```
    /// use cognito_srp_http::RefreshMethod;
    /// let pool = cognito_srp_http::blocking::UserPool::new("eu-west-1_X", "app")?
    ///     .with_refresh_method(RefreshMethod::RefreshTokenAuth);
    /// assert_eq!(pool.as_async().refresh_method(), RefreshMethod::RefreshTokenAuth);
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn with_refresh_method(mut self, method: crate::RefreshMethod) -> Self {
        self.inner = self.inner.with_refresh_method(method);
        self
    }

    /// `UserContextData` for every sign-in, refresh and account call (see
    /// [`crate::UserPool::with_user_context_data`]).
    #[must_use]
    pub fn with_user_context_data(mut self, context: crate::operations::UserContextData) -> Self {
        self.inner = self.inner.with_user_context_data(context);
        self
    }

    /// The async pool underneath.
    ///
    /// ```
    /// let pool = cognito_srp_http::blocking::UserPool::new("eu-west-1_X", "app")?;
    /// assert_eq!(pool.as_async().pool_id(), "eu-west-1_X");
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn as_async(&self) -> &crate::UserPool {
        &self.inner
    }

    /// The pool id.
    ///
    /// ```
    /// let pool = cognito_srp_http::blocking::UserPool::new("eu-west-1_X", "app")?;
    /// assert_eq!(pool.pool_id(), "eu-west-1_X");
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn pool_id(&self) -> &str {
        self.inner.pool_id()
    }

    /// The app client id.
    ///
    /// ```
    /// let pool = cognito_srp_http::blocking::UserPool::new("eu-west-1_X", "app")?;
    /// assert_eq!(pool.client_id(), "app");
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn client_id(&self) -> &str {
        self.inner.client_id()
    }

    /// `SECRET_HASH` for `username`, when the app client has a secret.
    ///
    /// ```
    /// let pool = cognito_srp_http::blocking::UserPool::new("eu-west-1_X", "app")?;
    /// assert_eq!(pool.secret_hash("alice"), None);
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn secret_hash(&self, username: &str) -> Option<String> {
        self.inner.secret_hash(username)
    }

    /// A sign-in with SRP (see [`crate::UserPool::sign_in`]).
    ///
    /// ```
    /// let pool = cognito_srp_http::blocking::UserPool::new("eu-west-1_X", "app")?;
    /// let sign_in = pool.sign_in("alice", "Correct-Horse-9").remember_device(true);
    /// assert!(!format!("{sign_in:?}").contains("Correct-Horse-9"));
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    pub fn sign_in(&self, username: impl Into<String>, password: impl Into<SecretString>) -> SignIn {
        SignIn { inner: self.inner.sign_in(username, password), runner: self.runner.clone() }
    }

    /// A choice-based sign-in (`USER_AUTH`) without a password (see
    /// [`crate::UserPool::sign_in_user_auth`]).
    ///
    /// ```
    /// use cognito_srp_http::FirstFactor;
    /// let pool = cognito_srp_http::blocking::UserPool::new("eu-west-1_X", "app")?;
    /// let sign_in = pool.sign_in_user_auth("alice", Some(FirstFactor::EmailOtp));
    /// assert!(format!("{sign_in:?}").contains("alice"));
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    pub fn sign_in_user_auth(&self, username: impl Into<String>, preferred: Option<FirstFactor>) -> SignIn {
        SignIn { inner: self.inner.sign_in_user_auth(username, preferred), runner: self.runner.clone() }
    }

    /// A `CUSTOM_AUTH` sign-in without SRP (see [`crate::UserPool::sign_in_custom`]).
    pub fn sign_in_custom(&self, username: impl Into<String>) -> SignIn {
        SignIn { inner: self.inner.sign_in_custom(username), runner: self.runner.clone() }
    }

    /// New tokens from a refresh token (see [`crate::UserPool::refresh`]): by default
    /// `GetTokensFromRefreshToken`, falling back to `REFRESH_TOKEN_AUTH` where the service
    /// lacks it. **Store the returned [`Tokens::refresh_token`] after every refresh**: on an
    /// app client with rotation it is a new one and the old one stops working.
    ///
    /// # Errors
    /// As [`crate::UserPool::refresh`]; [`Error::Config`] inside an async runtime.
    pub fn refresh(
        &self,
        refresh_token: &SecretString,
        username: &str,
        device_key: Option<&str>,
    ) -> Result<Tokens, Error> {
        self.runner.run(self.inner.refresh(refresh_token, username, device_key))
    }

    /// Runs a refresh built with [`crate::UserPool::new_refresh`] (see
    /// [`crate::UserPool::refresh_with`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::refresh`]; [`Error::Config`] inside an async runtime.
    pub fn refresh_with(&self, refresh: crate::Refresh) -> Result<Tokens, Error> {
        self.runner.run(self.inner.refresh_with(refresh))
    }

    /// Signs the user out everywhere (see [`crate::UserPool::sign_out`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::sign_out`]; [`Error::Config`] inside an async runtime.
    pub fn sign_out(&self, access_token: &SecretString) -> Result<(), Error> {
        self.runner.run(self.inner.sign_out(access_token))
    }

    /// Revokes a refresh token (see [`crate::UserPool::revoke`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::revoke`]; [`Error::Config`] inside an async runtime.
    pub fn revoke(&self, refresh_token: &SecretString) -> Result<(), Error> {
        self.runner.run(self.inner.revoke(refresh_token))
    }

    /// Confirms a tracked device (see [`crate::UserPool::confirm_device`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::confirm_device`]; [`Error::Config`] inside an async runtime.
    pub fn confirm_device(
        &self,
        access_token: &SecretString,
        metadata: &NewDeviceMetadata,
        device_name: Option<&str>,
    ) -> Result<(DeviceCredentials, bool), Error> {
        self.runner.run(self.inner.confirm_device(access_token, metadata, device_name))
    }

    /// Marks a device remembered or not (see [`crate::UserPool::set_device_remembered`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::set_device_remembered`]; [`Error::Config`] inside an async runtime.
    pub fn set_device_remembered(
        &self,
        access_token: &SecretString,
        device_key: &str,
        remembered: bool,
    ) -> Result<(), Error> {
        self.runner.run(self.inner.set_device_remembered(access_token, device_key, remembered))
    }

    /// One device of the user (see [`crate::UserPool::get_device`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::get_device`]; [`Error::Config`] inside an async runtime.
    pub fn get_device(&self, access_token: &SecretString, device_key: &str) -> Result<DeviceType, Error> {
        self.runner.run(self.inner.get_device(access_token, device_key))
    }

    /// Every tracked device of the user (see [`crate::UserPool::list_devices`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::list_devices`]; [`Error::Config`] inside an async runtime.
    pub fn list_devices(&self, access_token: &SecretString) -> Result<Vec<DeviceType>, Error> {
        self.runner.run(self.inner.list_devices(access_token))
    }

    /// Forgets a device (see [`crate::UserPool::forget_device`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::forget_device`]; [`Error::Config`] inside an async runtime.
    pub fn forget_device(&self, access_token: &SecretString, device_key: &str) -> Result<(), Error> {
        self.runner.run(self.inner.forget_device(access_token, device_key))
    }
}

/// A sign-in, blocking: [`crate::SignIn`] without `async`. Start it, then answer each
/// [`Step`] until [`Step::Done`].
#[derive(Debug)]
pub struct SignIn {
    inner: crate::SignIn,
    runner: Runner,
}

impl SignIn {
    /// Signs in on the device path (see [`crate::SignIn::device`]).
    #[must_use]
    pub fn device(mut self, device: DeviceCredentials) -> Self {
        self.inner = self.inner.device(device);
        self
    }

    /// Remember a new device, or mark it not remembered (see [`crate::SignIn::remember_device`]).
    #[must_use]
    pub fn remember_device(mut self, remember: bool) -> Self {
        self.inner = self.inner.remember_device(remember);
        self
    }

    /// The `DeviceName` sent with `ConfirmDevice`.
    #[must_use]
    pub fn device_name(mut self, name: impl Into<String>) -> Self {
        self.inner = self.inner.device_name(name);
        self
    }

    /// Whether to confirm devices Cognito starts tracking (default `true`).
    #[must_use]
    pub fn confirm_new_devices(mut self, confirm: bool) -> Self {
        self.inner = self.inner.confirm_new_devices(confirm);
        self
    }

    /// `CUSTOM_AUTH` with SRP first (see [`crate::SignIn::custom_auth`]).
    #[must_use]
    pub fn custom_auth(mut self) -> Self {
        self.inner = self.inner.custom_auth();
        self
    }

    /// Choice-based sign-in (`USER_AUTH`) with this sign-in's password (see
    /// [`crate::SignIn::user_auth`]).
    #[must_use]
    pub fn user_auth(mut self, preferred: Option<FirstFactor>) -> Self {
        self.inner = self.inner.user_auth(preferred);
        self
    }

    /// `ClientMetadata` for the pool's Lambda triggers.
    #[must_use]
    pub fn client_metadata(mut self, metadata: Parameters) -> Self {
        self.inner = self.inner.client_metadata(metadata);
        self
    }

    /// `UserContextData` for this sign-in (see [`crate::SignIn::user_context_data`]).
    #[must_use]
    pub fn user_context_data(mut self, context: crate::operations::UserContextData) -> Self {
        self.inner = self.inner.user_context_data(context);
        self
    }

    /// Starts (or starts over) (see [`crate::SignIn::start`]).
    ///
    /// # Errors
    /// As [`crate::SignIn::start`]; [`Error::Config`] inside an async runtime.
    pub fn start(&mut self) -> Result<Step, Error> {
        self.runner.run(self.inner.start())
    }

    /// Answers [`Step::MfaCode`].
    ///
    /// # Errors
    /// As [`crate::SignIn::answer_mfa_code`]; [`Error::Config`] inside an async runtime.
    pub fn answer_mfa_code(&mut self, code: &str) -> Result<Step, Error> {
        self.runner.run(self.inner.answer_mfa_code(code))
    }

    /// Answers [`Step::SelectMfaType`].
    ///
    /// # Errors
    /// As [`crate::SignIn::select_mfa_type`]; [`Error::Config`] inside an async runtime.
    pub fn select_mfa_type(&mut self, kind: &MfaKind) -> Result<Step, Error> {
        self.runner.run(self.inner.select_mfa_type(kind))
    }

    /// Answers [`Step::NewPasswordRequired`].
    ///
    /// # Errors
    /// As [`crate::SignIn::answer_new_password`]; [`Error::Config`] inside an async runtime.
    pub fn answer_new_password(
        &mut self,
        new_password: &str,
        attributes: &[(&str, &str)],
    ) -> Result<Step, Error> {
        self.runner.run(self.inner.answer_new_password(new_password, attributes))
    }

    /// Answers [`Step::MfaSetup`] with a first code from the authenticator app.
    ///
    /// # Errors
    /// As [`crate::SignIn::answer_mfa_setup`]; [`Error::Config`] inside an async runtime.
    pub fn answer_mfa_setup(
        &mut self,
        code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<Step, Error> {
        self.runner.run(self.inner.answer_mfa_setup(code, friendly_device_name))
    }

    /// Answers [`Step::CustomChallenge`].
    ///
    /// # Errors
    /// As [`crate::SignIn::answer_custom_challenge`]; [`Error::Config`] inside an async runtime.
    pub fn answer_custom_challenge(&mut self, answer: &str) -> Result<Step, Error> {
        self.runner.run(self.inner.answer_custom_challenge(answer))
    }

    /// Answers [`Step::SelectChallenge`] (see [`crate::SignIn::select_challenge`]).
    ///
    /// # Errors
    /// As [`crate::SignIn::select_challenge`]; [`Error::Config`] inside an async runtime.
    pub fn select_challenge(&mut self, factor: FirstFactor, password: Option<&str>) -> Result<Step, Error> {
        self.runner.run(self.inner.select_challenge(factor, password))
    }

    /// Answers [`Step::OneTimeCode`].
    ///
    /// # Errors
    /// As [`crate::SignIn::answer_one_time_code`]; [`Error::Config`] inside an async runtime.
    pub fn answer_one_time_code(&mut self, code: &str) -> Result<Step, Error> {
        self.runner.run(self.inner.answer_one_time_code(code))
    }

    /// Answers [`Step::WebAuthn`] with the credential's JSON.
    ///
    /// # Errors
    /// As [`crate::SignIn::answer_web_authn`]; [`Error::Config`] inside an async runtime.
    pub fn answer_web_authn(&mut self, credential_json: &str) -> Result<Step, Error> {
        self.runner.run(self.inner.answer_web_authn(credential_json))
    }
}
