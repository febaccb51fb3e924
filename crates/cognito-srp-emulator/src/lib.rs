//! # cognito-srp-emulator
//!
//! A local Amazon Cognito user-pool subset that **really verifies SRP signatures** and
//! supports device tracking — for tests (ours and yours) and offline demos. It speaks
//! Cognito's JSON protocol (`POST /`, `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`,
//! `application/x-amz-json-1.1`) on 127.0.0.1 and answers with Cognito's error types.
//!
//! - Sign-in: `InitiateAuth` with `USER_SRP_AUTH` (with or without `DEVICE_KEY`),
//!   `USER_PASSWORD_AUTH`, `REFRESH_TOKEN_AUTH`, `CUSTOM_AUTH`; `RespondToAuthChallenge` with
//!   `PASSWORD_VERIFIER`, `DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER`, `SOFTWARE_TOKEN_MFA`
//!   (RFC 6238), `SMS_MFA` (read the code with [`Admin::last_sms_code`]), `SELECT_MFA_TYPE`,
//!   `MFA_SETUP`, `NEW_PASSWORD_REQUIRED`, `CUSTOM_CHALLENGE`. Real 3072-bit SRP, `TIMESTAMP`
//!   form and a ±15-minute clock window ([`EmulatorBuilder::timestamp_tolerance`]),
//!   `SECRET_HASH` with the right username per step, single-use sessions that expire after
//!   3 minutes. `USER_ID_FOR_SRP` is the internal username, also when the user typed an email
//!   alias ([`PoolConfig::email_alias`]) or the pool uses the email as username
//!   ([`PoolConfig::email_as_username`]: the internal username is then a UUID equal to `sub`).
//! - Devices: `NewDeviceMetadata` on pools with device tracking, `ConfirmDevice`,
//!   `UpdateDeviceStatus`, `GetDevice`, `ListDevices` (paginated), `ForgetDevice`; a remembered
//!   device skips MFA; a forgotten one gives `ResourceNotFoundException: Device does not exist.`
//! - Tokens: JWT-shaped access/id tokens (HS256 under a per-instance key) and opaque refresh
//!   tokens; `GlobalSignOut`, `AdminUserGlobalSignOut` and `RevokeToken` invalidate them
//!   (RevokeToken: the refresh token and the access/id tokens issued with it).
//! - Set-up without signatures, as moto accepts: `CreateUserPool`, `CreateUserPoolClient`,
//!   `AdminCreateUser`, `AdminSetUserPassword`, `AdminSetUserMFAPreference`, `AdminGetUser`,
//!   `AdminListDevices`, `AdminForgetDevice`, `AdminUserGlobalSignOut`, `AdminDisableUser`,
//!   `AdminEnableUser`, `AdminDeleteUser`, `ListUsers` (simple `Filter`), `DescribeUserPool`,
//!   `DescribeUserPoolClient`, `SetUserPoolMfaConfig`, `GetUserPoolMfaConfig` — or the Rust
//!   [`Admin`] handle, or a [`Seed`]. Signed-in users also have `GetUser`, `ChangePassword`,
//!   `AssociateSoftwareToken`, `VerifySoftwareToken` and `SetUserMFAPreference`.
//! - Faults for reliability tests ([`FaultConfig`]): injected 500s, throttling, latency and
//!   dropped connections, with [`FaultCounters`].
//! - Test helpers on [`Admin`]: create pools, clients and users, [`Admin::set_totp_secret`],
//!   [`Admin::set_user_password`], [`Admin::last_sms_code`], [`Admin::list_devices`],
//!   [`Admin::forget_device`], [`Admin::set_faults`] / [`Admin::fault_counters`], and the clock
//!   ([`Admin::now`], [`Admin::set_clock`], [`Admin::advance_clock`]).
//!
//! SRP signatures are verified outside the state lock, so concurrent sign-ins use every core.
//! Responses carry `Access-Control-Allow-Origin: *` and `OPTIONS` preflights are answered, so
//! browser apps can use the emulator too. Tokens are signed with HS256 under a random
//! per-instance key: they have Cognito's claims but do not verify against Cognito's JWKS.
//!
//! Feature `precomputed-table` (default) gives the core's fixed-base table for g, so each
//! server ephemeral B and each stored verifier costs about 0.2 ms instead of about 2 ms.
//!
//! ## Example
//! ```
//! use cognito_srp_emulator::{ClientConfig, Emulator, PoolConfig, UserConfig};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
//! let emulator = Emulator::builder().start().await?;
//! let admin = emulator.admin();
//! let pool = admin.create_user_pool(PoolConfig { name: "demo".into(), ..Default::default() })?;
//! let (client_id, _secret) = admin.create_client(&pool, ClientConfig { name: "app".into(), ..Default::default() })?;
//! admin.create_user(&pool, UserConfig {
//!     username: "alice".into(),
//!     password: "Correct-Horse-9".into(),
//!     permanent: true,
//!     ..Default::default()
//! })?;
//! // Point any Cognito client at emulator.endpoint() with this pool and client id.
//! assert!(emulator.endpoint().starts_with("http://127.0.0.1:"));
//! # let _ = client_id;
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod config;
mod error;
mod ops;
mod service;
mod state;
mod util;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::{
    ClientConfig, DeviceTracking, FaultConfig, FaultCounters, MfaConfiguration, PoolConfig, Seed, UserConfig,
};
pub use error::{ApiError, EmulatorError};
pub use util::totp_code;

use state::Shared;

/// Builds and starts an emulator.
#[derive(Debug, Default)]
pub struct EmulatorBuilder {
    addr: Option<SocketAddr>,
    seed: Option<Seed>,
    faults: FaultConfig,
    timestamp_tolerance: Option<Duration>,
}

/// Entry point: `Emulator::builder()...start().await`.
#[derive(Debug)]
pub struct Emulator;

impl Emulator {
    /// A builder with the defaults: 127.0.0.1, a free port, no pools, no faults.
    #[must_use]
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }
}

impl EmulatorBuilder {
    /// Listen on `addr` instead of 127.0.0.1 with a free port.
    #[must_use]
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = Some(addr);
        self
    }

    /// Create these pools, clients and users at start.
    #[must_use]
    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Inject these faults (can be changed later with [`Admin::set_faults`]).
    ///
    /// ```
    /// use std::time::Duration;
    /// use cognito_srp_emulator::{Emulator, FaultConfig};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder()
    ///     .faults(FaultConfig { throttle: 0.25, latency: Duration::from_millis(2), seed: 7, ..Default::default() })
    ///     .start()
    ///     .await?;
    /// assert_eq!(emulator.admin().fault_counters().requests, 0);
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn faults(mut self, faults: FaultConfig) -> Self {
        self.faults = faults;
        self
    }

    /// How far a `TIMESTAMP` in `PASSWORD_VERIFIER` / `DEVICE_PASSWORD_VERIFIER` answers may be
    /// from the emulator's clock, either way (default 15 minutes; whole seconds). Outside it the
    /// answer gets `NotAuthorizedException: Incorrect username or password.`
    #[must_use]
    pub fn timestamp_tolerance(mut self, tolerance: Duration) -> Self {
        self.timestamp_tolerance = Some(tolerance);
        self
    }

    /// Binds, seeds and starts serving in the background.
    ///
    /// # Errors
    /// [`EmulatorError::Io`] when the address cannot be bound; seed errors.
    pub async fn start(self) -> Result<RunningEmulator, EmulatorError> {
        let (shared, listener) = self.prepare().await?;
        let local_addr = listener.local_addr()?;
        let (stop_tx, stop_rx) = watch::channel(false);
        let task = tokio::spawn(serve(Arc::clone(&shared), listener, stop_rx));
        Ok(RunningEmulator { shared, local_addr, stop: stop_tx, task })
    }

    /// Binds, seeds, calls `on_listening` with the bound address, and serves until `signal`
    /// completes (for a server process: pass Ctrl-C / SIGTERM).
    ///
    /// ```
    /// use cognito_srp_emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// // A server process would pass `async { tokio::signal::ctrl_c().await.ok(); }`.
    /// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    /// let server = tokio::spawn(Emulator::builder().serve_until(
    ///     |addr| println!("listening on http://{addr}"),
    ///     async { stopped.await.ok(); },
    /// ));
    /// stop.send(()).ok();
    /// server.await.expect("server task")?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`EmulatorBuilder::start`].
    pub async fn serve_until(
        self,
        on_listening: impl FnOnce(SocketAddr),
        signal: impl Future<Output = ()>,
    ) -> Result<(), EmulatorError> {
        let running = self.start().await?;
        on_listening(running.local_addr());
        signal.await;
        running.shutdown().await;
        Ok(())
    }

    async fn prepare(self) -> Result<(Arc<Shared>, TcpListener), EmulatorError> {
        let shared = Arc::new(Shared::new()?);
        if let Some(t) = self.timestamp_tolerance {
            shared.timestamp_tolerance.store(t.as_secs(), std::sync::atomic::Ordering::Relaxed);
        }
        *shared.faults.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = (self.faults, 0);
        if let Some(seed) = &self.seed {
            let now = shared.now();
            let mut state = shared.lock();
            for pool in &seed.pools {
                state.create_pool(pool, now)?;
            }
        }
        let addr = self.addr.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
        let listener = TcpListener::bind(addr).await?;
        Ok((shared, listener))
    }
}

/// How long [`RunningEmulator::shutdown`] lets requests in flight finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

async fn serve(shared: Arc<Shared>, listener: TcpListener, mut stop: watch::Receiver<bool>) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            // A `true` sent, or the RunningEmulator dropped: stop accepting.
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(accepted) => accepted,
                    Err(err) => {
                        // Out of file descriptors and the like: back off instead of spinning.
                        tracing::warn!(%err, "accept failed");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let shared = Arc::clone(&shared);
                let mut stop = stop.clone();
                connections.spawn(async move {
                    let service = service_fn(move |req| service::handle(Arc::clone(&shared), req));
                    let connection = hyper::server::conn::http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service);
                    tokio::pin!(connection);
                    // Errors here are closed or broken connections (and injected drops).
                    tokio::select! {
                        _ = connection.as_mut() => {}
                        _ = stop.changed() => {
                            // Finish the request in flight, then close (idle: close now).
                            connection.as_mut().graceful_shutdown();
                            let _ = connection.await;
                        }
                    }
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, drain).await;
    connections.abort_all();
}

/// A running emulator: its address, an [`Admin`] handle, and shutdown.
#[derive(Debug)]
pub struct RunningEmulator {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl RunningEmulator {
    /// `http://127.0.0.1:PORT`: the endpoint to give a Cognito client.
    #[must_use]
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// The bound address.
    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// A handle to seed and inspect the state.
    #[must_use]
    pub fn admin(&self) -> Admin {
        Admin { shared: Arc::clone(&self.shared) }
    }

    /// Stops accepting, lets requests in flight finish (up to 5 seconds), closes every
    /// connection and waits for the server task. Dropping a `RunningEmulator` without calling
    /// this also stops the server, in the background.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Administration from Rust: create pools, clients and users, read SMS codes, faults, clock.
///
/// Cheap to clone; every method works on the running emulator's shared state.
#[derive(Clone, Debug)]
pub struct Admin {
    shared: Arc<Shared>,
}

/// A device as [`Admin::list_devices`] reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceInfo {
    /// `DeviceKey`.
    pub device_key: String,
    /// `DeviceGroupKey`.
    pub device_group_key: String,
    /// The name given at ConfirmDevice.
    pub name: Option<String>,
    /// Whether ConfirmDevice stored a verifier.
    pub confirmed: bool,
    /// Whether the device is remembered (it then skips MFA).
    pub remembered: bool,
}

impl Admin {
    /// Creates a pool (with the clients and users listed in `config`); returns its id.
    ///
    /// # Errors
    /// [`EmulatorError::Api`] for a duplicate or malformed id, or a bad client/user.
    pub fn create_user_pool(&self, config: PoolConfig) -> Result<String, EmulatorError> {
        let now = self.shared.now();
        Ok(self.shared.lock().create_pool(&config, now)?)
    }

    /// Creates an app client; returns `(client_id, client_secret)`.
    ///
    /// # Errors
    /// [`EmulatorError::Api`] for an unknown pool or a duplicate id.
    pub fn create_client(
        &self,
        pool_id: &str,
        config: ClientConfig,
    ) -> Result<(String, Option<String>), EmulatorError> {
        Ok(self.shared.lock().create_client(pool_id, &config)?)
    }

    /// Creates a user; returns the internal username (generated on an alias pool when empty).
    ///
    /// # Errors
    /// [`EmulatorError::Api`] for an unknown pool, a duplicate user or alias, a bad TOTP secret.
    pub fn create_user(&self, pool_id: &str, config: UserConfig) -> Result<String, EmulatorError> {
        let now = self.shared.now();
        Ok(self.shared.lock().create_user(pool_id, &config, now)?)
    }

    /// The last SMS MFA code sent to a user (by username or alias).
    #[must_use]
    pub fn last_sms_code(&self, pool_id: &str, user: &str) -> Option<String> {
        let state = self.shared.lock();
        let username = state.pools.get(pool_id)?.find_user(user)?.username.clone();
        state.sms_outbox.get(&(pool_id.to_owned(), username)).cloned()
    }

    /// A user's devices (confirmed or not).
    #[must_use]
    pub fn list_devices(&self, pool_id: &str, user: &str) -> Vec<DeviceInfo> {
        let state = self.shared.lock();
        let Some(pool) = state.pools.get(pool_id) else { return Vec::new() };
        let Some(username) = pool.find_user(user).map(|u| u.username.clone()) else { return Vec::new() };
        pool.devices
            .values()
            .filter(|d| d.username == username)
            .map(|d| DeviceInfo {
                device_key: d.key.clone(),
                device_group_key: d.group_key.clone(),
                name: d.name.clone(),
                confirmed: d.verifier.is_some(),
                remembered: d.remembered,
            })
            .collect()
    }

    /// Replaces the fault configuration (and restarts its random sequence).
    pub fn set_faults(&self, faults: FaultConfig) {
        *self.shared.faults.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = (faults, 0);
    }

    /// Requests received and faults injected so far.
    #[must_use]
    pub fn fault_counters(&self) -> FaultCounters {
        *self.shared.counters.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Moves the emulator's clock forward (sessions, tokens and TIMESTAMP checks follow it).
    pub fn advance_clock(&self, by: Duration) {
        self.shared.advance_clock(by);
    }

    /// Sets the emulator's clock to `unix_seconds` (earlier or later than the real time); it
    /// keeps ticking from there. Clients must then sign their `TIMESTAMP` with [`Admin::now`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = cognito_srp_emulator::Emulator::builder().start().await?;
    /// let admin = emulator.admin();
    /// admin.set_clock(1_767_776_703); // Wed Jan 7 09:05:03 UTC 2026
    /// assert!((1_767_776_703..1_767_776_713).contains(&admin.now()));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    pub fn set_clock(&self, unix_seconds: u64) {
        self.shared.set_clock(unix_seconds);
    }

    /// Changes the accepted `TIMESTAMP` difference (see [`EmulatorBuilder::timestamp_tolerance`]).
    pub fn set_timestamp_tolerance(&self, tolerance: Duration) {
        self.shared.timestamp_tolerance.store(tolerance.as_secs(), std::sync::atomic::Ordering::Relaxed);
    }

    /// Gives a user (by username, alias or `sub`) a base32 TOTP secret and enables and prefers
    /// `SOFTWARE_TOKEN_MFA`, as AssociateSoftwareToken + VerifySoftwareToken +
    /// SetUserMFAPreference would. Compute codes with [`totp_code`] and [`Admin::now`].
    ///
    /// ```
    /// use cognito_srp_emulator::{Emulator, PoolConfig, UserConfig, totp_code};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder().start().await?;
    /// let admin = emulator.admin();
    /// let pool = admin.create_user_pool(PoolConfig::default())?;
    /// admin.create_user(&pool, UserConfig { username: "ann".into(), password: "Passw0rd!".into(), permanent: true, ..Default::default() })?;
    /// admin.set_totp_secret(&pool, "ann", "JBSWY3DPEHPK3PXP")?;
    /// let code = totp_code("JBSWY3DPEHPK3PXP", admin.now())?; // what an authenticator app shows
    /// assert_eq!(code.len(), 6);
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`EmulatorError::Api`] for an unknown pool or user, or a secret that is not base32.
    pub fn set_totp_secret(
        &self,
        pool_id: &str,
        user: &str,
        secret_base32: &str,
    ) -> Result<(), EmulatorError> {
        totp_code(secret_base32, 0)?;
        let mut state = self.shared.lock();
        let pool = state.pool_mut(pool_id)?;
        let username = pool.find_user(user).ok_or_else(ApiError::user_not_found)?.username.clone();
        let user = pool.user_mut(&username)?;
        user.totp_secret = Some(secret_base32.to_owned());
        user.totp_enabled = true;
        user.preferred = Some(state::MfaKind::Totp);
        Ok(())
    }

    /// Sets a user's password (by username, alias or `sub`), as AdminSetUserPassword does:
    /// `permanent` gives CONFIRMED, otherwise FORCE_CHANGE_PASSWORD.
    ///
    /// # Errors
    /// [`EmulatorError::Api`] for an unknown pool or user.
    pub fn set_user_password(
        &self,
        pool_id: &str,
        user: &str,
        password: &str,
        permanent: bool,
    ) -> Result<(), EmulatorError> {
        let now = self.shared.now();
        let mut state = self.shared.lock();
        let pool = state.pool_mut(pool_id)?;
        let username = pool.find_user(user).ok_or_else(ApiError::user_not_found)?.username.clone();
        let srp_name = pool.srp_name().to_owned();
        let user = pool.user_mut(&username)?;
        user.set_password(&srp_name, password)?;
        user.status =
            if permanent { state::UserStatus::Confirmed } else { state::UserStatus::ForceChangePassword };
        user.modified = now;
        Ok(())
    }

    /// Forgets a device, as AdminForgetDevice does; its next use gets
    /// `ResourceNotFoundException: Device does not exist.` Returns whether it existed.
    #[must_use = "false means there was no such device"]
    pub fn forget_device(&self, pool_id: &str, device_key: &str) -> bool {
        let mut state = self.shared.lock();
        state.pools.get_mut(pool_id).is_some_and(|pool| pool.devices.remove(device_key).is_some())
    }

    /// The emulator's clock, in Unix seconds.
    #[must_use]
    pub fn now(&self) -> u64 {
        self.shared.now()
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Shared { .. }")
    }
}
