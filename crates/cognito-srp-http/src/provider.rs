//! A signed-in user's tokens, kept fresh: [`TokenProvider`].
//!
//! The provider holds the tokens (and the device credentials a refresh needs), and hands out
//! an access or ID token that is valid for at least the [refresh margin](TokenProvider::with_margin):
//! when the tokens are about to expire it refreshes them with [`UserPool::refresh`] first.
//! However many tasks ask at the same time, one refresh is in flight: the others wait for it
//! and get its tokens. Expiry is kept on the server's clock (the `Date` of the answer that
//! brought the tokens, plus `ExpiresIn`), and the local clock is corrected by the skew that
//! `Date` showed, so a machine whose clock is off neither uses expired tokens nor refreshes
//! needlessly. Each new set of tokens goes to a [`TokenStore`] ([`MemoryStore`], or
//! [`FileStore`]: mode 0600, replaced atomically). A refresh answered
//! `NotAuthorizedException` means the user was signed out elsewhere (global sign-out, a
//! revoked token, a deleted user): that is [`ProviderError::SignedOutElsewhere`], the stored
//! session is cleared, and every later call says so without asking the server again.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let seed = r#"{"pools":[{"id":"us-east-1_Example","clients":[{"id":"appclientid"}],
//! #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
//! # let emulator = cognito_srp_emulator::Emulator::builder()
//! #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
//! use std::sync::Arc;
//! use cognito_srp_http::provider::{MemoryStore, ProviderError, TokenProvider};
//! use cognito_srp_http::{Client, Step, UserPool};
//! let client = Client::builder().endpoint(emulator.endpoint()).build()?;
//! let pool = UserPool::with_client(client, "us-east-1_Example", "appclientid")?;
//! let Step::Done(signed_in) = pool.sign_in("alice", "Correct-Horse-9").start().await? else {
//!     return Err("more steps".into());
//! };
//! let store = Arc::new(MemoryStore::default());
//! let provider = TokenProvider::new(pool.clone(), &signed_in, store.clone())?;
//! let access_token = provider.access_token().await?;
//! pool.sign_out(&access_token).await?; // a global sign-out, as from another device
//! provider.refresh_now().await.unwrap_err(); // the refresh token was revoked
//! assert!(matches!(provider.access_token().await, Err(ProviderError::SignedOutElsewhere)));
//! # Ok(()) }
//! ```

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod file;

use alloc::sync::Arc;
use core::time::Duration;
use std::sync::{Mutex as StdMutex, PoisonError};

use serde::{Deserialize, Serialize};

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub use file::FileStore;

use crate::{DeviceCredentials, Error, ErrorCode, SecretString, SignedIn, Tokens, UserPool};

/// What a [`TokenStore`] keeps: the tokens, whose they are, until when, and the device.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StoredSession {
    /// The internal user name (for `SECRET_HASH` on refresh).
    pub username: String,
    /// The tokens (the refresh token included).
    pub tokens: Tokens,
    /// When the access and ID tokens expire, in Unix seconds on the server's clock.
    pub expires_at: u64,
    /// The server's clock minus the local one, in seconds, as last measured.
    pub skew: i64,
    /// The remembered device, whose key goes with each refresh.
    pub device: Option<DeviceCredentials>,
}

impl core::fmt::Debug for StoredSession {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("StoredSession")
            .field("username", &self.username)
            .field("expires_at", &self.expires_at)
            .field("skew", &self.skew)
            .field("device", &self.device.as_ref().map(|d| d.device_key.as_str()))
            .finish_non_exhaustive()
    }
}

impl StoredSession {
    /// A session from tokens received when the server's clock said `server_now`.
    pub fn new(username: impl Into<String>, tokens: Tokens, server_now: u64, skew: i64) -> Self {
        let expires_at = server_now.saturating_add(tokens.expires_in);
        Self { username: username.into(), tokens, expires_at, skew, device: None }
    }
}

/// Why storing or loading a session failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Reading or writing failed.
    #[error("{what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The stored session is larger than the limit.
    #[error("the stored session {path} is larger than {limit} bytes")]
    TooLarge {
        /// The file.
        path: String,
        /// The limit.
        limit: usize,
    },
    /// The stored session is readable by other users: not used.
    #[error("the stored session {path} is accessible by other users (mode {mode:04o}); chmod 600 it")]
    NotPrivate {
        /// The file.
        path: String,
        /// Its permission bits.
        mode: u32,
    },
    /// Not a session this crate wrote.
    #[error("the stored session is not valid: {0}")]
    Invalid(String),
}

/// Where a provider keeps its session between runs.
pub trait TokenStore: Send + Sync {
    /// The stored session, if any.
    ///
    /// # Errors
    /// The store could not be read, or holds something else.
    fn load(&self) -> Result<Option<StoredSession>, StoreError>;
    /// Replaces the stored session.
    ///
    /// # Errors
    /// The store could not be written.
    fn save(&self, session: &StoredSession) -> Result<(), StoreError>;
    /// Removes the stored session.
    ///
    /// # Errors
    /// The store could not be written.
    fn clear(&self) -> Result<(), StoreError>;
}

/// A store in memory (for tests, or a process that signs in at each start).
#[derive(Debug, Default)]
pub struct MemoryStore {
    session: StdMutex<Option<StoredSession>>,
}

impl MemoryStore {
    /// A store holding `session`.
    pub fn with(session: StoredSession) -> Self {
        Self { session: StdMutex::new(Some(session)) }
    }
}

impl TokenStore for MemoryStore {
    fn load(&self) -> Result<Option<StoredSession>, StoreError> {
        Ok(self.session.lock().unwrap_or_else(PoisonError::into_inner).clone())
    }

    fn save(&self, session: &StoredSession) -> Result<(), StoreError> {
        *self.session.lock().unwrap_or_else(PoisonError::into_inner) = Some(session.clone());
        Ok(())
    }

    fn clear(&self) -> Result<(), StoreError> {
        *self.session.lock().unwrap_or_else(PoisonError::into_inner) = None;
        Ok(())
    }
}

/// Why the provider has no token to give.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProviderError {
    /// The refresh was refused with `NotAuthorizedException`: the user signed out everywhere,
    /// the refresh token was revoked or expired, or the user was disabled or deleted. Sign in
    /// again.
    #[error("signed out elsewhere (the refresh token is no longer accepted): sign in again")]
    SignedOutElsewhere,
    /// The tokens expire and there is no refresh token.
    #[error("the tokens expire and there is no refresh token: sign in again")]
    NoRefreshToken,
    /// The refresh failed for another reason (network, throttling, ...); the old tokens are
    /// kept and the next call tries again.
    #[error("refreshing the tokens failed: {0}")]
    Refresh(#[source] Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Hands out fresh tokens of one signed-in user; share it with an `Arc`.
pub struct TokenProvider {
    pool: UserPool,
    store: Arc<dyn TokenStore>,
    /// `None` once signed out elsewhere. Held across a refresh: one refresh at a time.
    session: tokio::sync::Mutex<Option<StoredSession>>,
    margin: Duration,
    clock: fn() -> Result<u64, Error>,
}

impl core::fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TokenProvider")
            .field("pool", &self.pool.pool_id())
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

/// The local clock in Unix seconds.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn local_now() -> Result<u64, Error> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| Error::Config("the local clock is before 1970".to_owned()))
}

/// The local clock in Unix seconds (JavaScript's clock).
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn local_now() -> Result<u64, Error> {
    let millis = js_sys::Date::now();
    let seconds = if millis.is_finite() && millis >= 0.0 { (millis / 1000.0).floor() } else { -1.0 };
    format!("{seconds:.0}")
        .parse::<u64>()
        .map_err(|_| Error::Config("the local clock is unusable".to_owned()))
}

/// The difference `server - local`, saturated.
fn skew_of(server: u64, local: u64) -> i64 {
    if server >= local {
        i64::try_from(server - local).unwrap_or(i64::MAX)
    } else {
        i64::try_from(local - server).map_or(i64::MIN, |d| -d)
    }
}

/// `local` moved by `skew`.
fn corrected(local: u64, skew: i64) -> u64 {
    if skew >= 0 {
        local.saturating_add(skew.unsigned_abs())
    } else {
        local.saturating_sub(skew.unsigned_abs())
    }
}

impl TokenProvider {
    /// A provider for a finished sign-in, saving it to `store`. The server's clock is the
    /// `Date` of the pool client's last answer (the sign-in's).
    ///
    /// # Errors
    /// The local clock is unusable, or the store fails.
    pub fn new(
        pool: UserPool,
        signed_in: &SignedIn,
        store: Arc<dyn TokenStore>,
    ) -> Result<Self, ProviderError> {
        let local = local_now().map_err(ProviderError::Refresh)?;
        let server = pool.client().last_server_date().unwrap_or(local);
        let mut session = StoredSession::new(
            signed_in.username.clone(),
            signed_in.tokens.clone(),
            server,
            skew_of(server, local),
        );
        session.device.clone_from(&signed_in.device);
        store.save(&session)?;
        Ok(Self::with_session(pool, session, store))
    }

    /// A provider for the session in `store`, or `None` when it holds none.
    ///
    /// # Errors
    /// The store fails.
    pub fn load(pool: UserPool, store: Arc<dyn TokenStore>) -> Result<Option<Self>, ProviderError> {
        Ok(store.load()?.map(|session| Self::with_session(pool, session, store)))
    }

    fn with_session(pool: UserPool, session: StoredSession, store: Arc<dyn TokenStore>) -> Self {
        Self {
            pool,
            store,
            session: tokio::sync::Mutex::new(Some(session)),
            margin: Duration::from_secs(300),
            clock: local_now,
        }
    }

    /// Refresh when the tokens have less than `margin` left (default 5 minutes).
    #[must_use]
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// A valid access token (refreshed first if needed).
    ///
    /// # Errors
    /// See [`ProviderError`].
    pub async fn access_token(&self) -> Result<SecretString, ProviderError> {
        Ok(self.tokens().await?.access_token)
    }

    /// A valid ID token (refreshed first if needed).
    ///
    /// # Errors
    /// See [`ProviderError`].
    pub async fn id_token(&self) -> Result<SecretString, ProviderError> {
        Ok(self.tokens().await?.id_token)
    }

    /// Valid tokens (refreshed first if needed).
    ///
    /// # Errors
    /// See [`ProviderError`].
    pub async fn tokens(&self) -> Result<Tokens, ProviderError> {
        let mut guard = self.session.lock().await;
        let session = guard.as_ref().ok_or(ProviderError::SignedOutElsewhere)?;
        let now = (self.clock)().map_err(ProviderError::Refresh)?;
        let margin = self.margin.as_secs();
        if corrected(now, session.skew).saturating_add(margin) < session.expires_at {
            return Ok(session.tokens.clone());
        }
        self.refresh_locked(&mut guard).await
    }

    /// Refreshes now, whatever the expiry.
    ///
    /// # Errors
    /// See [`ProviderError`].
    pub async fn refresh_now(&self) -> Result<Tokens, ProviderError> {
        let mut guard = self.session.lock().await;
        self.refresh_locked(&mut guard).await
    }

    /// The current session (`None` once signed out elsewhere).
    pub async fn session(&self) -> Option<StoredSession> {
        self.session.lock().await.clone()
    }

    /// Seconds until the tokens expire, on the corrected clock (negative: expired).
    ///
    /// # Errors
    /// The local clock is unusable.
    pub async fn expires_in(&self) -> Result<Option<i64>, ProviderError> {
        let now = (self.clock)().map_err(ProviderError::Refresh)?;
        Ok(self.session.lock().await.as_ref().map(|s| skew_of(s.expires_at, corrected(now, s.skew))))
    }

    async fn refresh_locked(&self, guard: &mut Option<StoredSession>) -> Result<Tokens, ProviderError> {
        let session = guard.as_ref().ok_or(ProviderError::SignedOutElsewhere)?;
        let refresh_token = session.tokens.refresh_token.clone().ok_or(ProviderError::NoRefreshToken)?;
        let device_key = session.device.as_ref().map(|d| d.device_key.clone());
        let answer = self.pool.refresh(&refresh_token, &session.username, device_key.as_deref()).await;
        let mut fresh = match answer {
            Ok(tokens) => tokens,
            Err(Error::Service(e)) if e.code == ErrorCode::NotAuthorized => {
                tracing::debug!("refresh refused: signed out elsewhere");
                *guard = None;
                self.store.clear()?;
                return Err(ProviderError::SignedOutElsewhere);
            }
            Err(e) => return Err(ProviderError::Refresh(e)),
        };
        let local = (self.clock)().map_err(ProviderError::Refresh)?;
        let server = self.pool.client().last_server_date().unwrap_or(local);
        if fresh.refresh_token.is_none() {
            fresh.refresh_token = Some(refresh_token);
        }
        let mut next = StoredSession::new(session.username.clone(), fresh, server, skew_of(server, local));
        next.device.clone_from(&session.device);
        self.store.save(&next)?;
        let tokens = next.tokens.clone();
        *guard = Some(next);
        Ok(tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skew_arithmetic_saturates() {
        assert_eq!(skew_of(100, 40), 60);
        assert_eq!(skew_of(40, 100), -60);
        assert_eq!(skew_of(u64::MAX, 0), i64::MAX);
        assert_eq!(corrected(100, -60), 40);
        assert_eq!(corrected(100, 60), 160);
        assert_eq!(corrected(10, -60), 0);
    }
}
