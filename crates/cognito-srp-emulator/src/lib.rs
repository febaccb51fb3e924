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
//!   form and a ±15-minute clock window, `SECRET_HASH` with the right username per step,
//!   single-use sessions that expire after 3 minutes.
//! - Devices: `NewDeviceMetadata` on pools with device tracking, `ConfirmDevice`,
//!   `UpdateDeviceStatus`, `GetDevice`, `ListDevices` (paginated), `ForgetDevice`; a remembered
//!   device skips MFA; a forgotten one gives `ResourceNotFoundException: Device does not exist.`
//! - Tokens: JWT-shaped access/id tokens (HS256 under a per-instance key) and opaque refresh
//!   tokens; `GlobalSignOut` and `RevokeToken` invalidate them.
//! - Set-up without signatures, as moto accepts: `CreateUserPool`, `CreateUserPoolClient`,
//!   `AdminCreateUser`, `AdminSetUserPassword`, `AdminSetUserMFAPreference`, `AdminGetUser`,
//!   `AdminListDevices`, `AdminForgetDevice` — or the Rust [`Admin`] handle, or a [`Seed`].
//! - Faults for reliability tests ([`FaultConfig`]): injected 500s, throttling, latency and
//!   dropped connections, with [`FaultCounters`].
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
    #[must_use]
    pub fn faults(mut self, faults: FaultConfig) -> Self {
        self.faults = faults;
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

async fn serve(shared: Arc<Shared>, listener: TcpListener, mut stop: watch::Receiver<bool>) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let shared = Arc::clone(&shared);
                connections.spawn(async move {
                    let service = service_fn(move |req| service::handle(Arc::clone(&shared), req));
                    // Errors here are closed or broken connections (and injected drops).
                    let _ = hyper::server::conn::http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
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

    /// Stops accepting, closes connections and waits for the server task.
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
