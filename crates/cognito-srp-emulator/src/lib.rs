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
//!   the app client's `AuthSessionValidity` (3 to 15 minutes; 3 by default). `USER_ID_FOR_SRP` is the internal username, also when the user typed an email
//!   alias ([`PoolConfig::email_alias`]) or the pool uses the email as username
//!   ([`PoolConfig::email_as_username`]: the internal username is then a UUID equal to `sub`).
//!   `CUSTOM_AUTH` works only on a pool with a [`PoolConfig::custom_challenge_answer`] (there
//!   is no default answer; pools made with `CreateUserPool` have none), else Cognito's
//!   `Custom auth lambda trigger is not configured for the user pool.`
//! - Choice-based sign-in: `USER_AUTH` with `SELECT_CHALLENGE` (`AvailableChallenges` from
//!   [`PoolConfig::allowed_first_auth_factors`] and what the user has), `PREFERRED_CHALLENGE`,
//!   `PASSWORD`, `PASSWORD_SRP` (real SRP), `EMAIL_OTP` and `SMS_OTP` one-time codes (in the
//!   outbox, [`Admin::last_code`]); `WEB_AUTHN` is refused (no passkeys). Email MFA
//!   (`EMAIL_OTP` as a second factor, [`PoolConfig::email_mfa`]). `AdminInitiateAuth` and
//!   `AdminRespondToAuthChallenge` run every flow above (with `ADMIN_USER_PASSWORD_AUTH`
//!   instead of `USER_PASSWORD_AUTH`).
//! - Input as Cognito checks it: every parameter within botocore's length limits (`DeviceKey`
//!   ≤ 55, `Username` ≤ 128, `Session` 20 to 2048...; other strings ≤ 2048, maps and lists
//!   ≤ 100 entries), refused with Cognito's `N validation error(s) detected: Value at
//!   'member' ...` message. User attributes follow the schema (standard names or `custom:` +
//!   1 to 20 characters, values ≤ 2048; never `sub` or a claim name; `email_verified` and
//!   `phone_number_verified` only from an administrator); token claims are the service's and an
//!   attribute never overrides one; an ID token is never accepted as an access token. An email
//!   is a sign-in alias only while verified and unique: an email the user sets in
//!   `NEW_PASSWORD_REQUIRED` is unverified. Expired sessions are dropped by a background task
//!   ([`EmulatorBuilder::purge_interval`], [`Admin::session_count`]).
//! - Devices: `NewDeviceMetadata` on pools with device tracking, `ConfirmDevice`,
//!   `UpdateDeviceStatus`, `GetDevice`, `ListDevices` (paginated), `ForgetDevice`; a remembered
//!   device skips MFA where `ChallengeRequiredOnNewDevice` is on; a forgotten one gives `ResourceNotFoundException: Device does not exist.`
//! - Tokens: access and ID tokens signed RS256 (RSA 2048) with a `kid`, Cognito's claims
//!   (`email_verified` a boolean, `auth_time` the sign-in's across refreshes, `origin_jti`,
//!   `event_id`, ...), verifiable with the pool's JWKS at `GET /{poolId}/.well-known/jwks.json`
//!   (and `GET /{poolId}/.well-known/openid-configuration`), open to any web page. The issuer
//!   is the emulator's URL and the pool id, or Cognito's form
//!   ([`EmulatorBuilder::token_issuer`]); the key is random per emulator, or derived from
//!   [`EmulatorBuilder::signing_key_seed`] to survive restarts. Per-client validities
//!   (`AccessTokenValidity`, `IdTokenValidity`, `RefreshTokenValidity`, `TokenValidityUnits`)
//!   with Cognito's ranges; opaque refresh tokens that expire; `GetTokensFromRefreshToken`
//!   with refresh token rotation (`RefreshTokenRotation`, grace period); `GlobalSignOut`,
//!   `AdminUserGlobalSignOut` and `RevokeToken` invalidate them (RevokeToken: the refresh
//!   token and the access/id tokens issued with it). Only this emulator's RS256 tokens are
//!   accepted (`HS256`, `alg: none`, another key or `kid`, a changed payload are refused).
//! - Accounts: `SignUp` (with the pool's password policy, [`PoolConfig::password_policy`]),
//!   `ConfirmSignUp` (a `Session` for `USER_AUTH` sign-in after it), `ResendConfirmationCode`,
//!   `ForgotPassword`, `ConfirmForgotPassword`, `UpdateUserAttributes`,
//!   `GetUserAttributeVerificationCode`, `VerifyUserAttribute`, `DeleteUserAttributes`,
//!   `DeleteUser`, and `AdminConfirmSignUp`, `AdminResetUserPassword`,
//!   `AdminUpdateUserAttributes`, `AdminDeleteUserAttributes`. Codes (six digits, single use,
//!   24 hours or one hour for password resets, five wrong tries, five codes an hour) go to the
//!   outbox: [`Admin::messages`], [`Admin::last_code`], or for other languages
//!   `GET /_emulator/messages/{poolId}/{username}` (JSON; refused to web pages). Auto-verified
//!   attributes ([`PoolConfig::auto_verified_attributes`]), email, phone and preferred-username
//!   aliases, case-insensitive usernames, and `PreventUserExistenceErrors`
//!   ([`ClientConfig::prevent_user_existence_errors`]) as Cognito has them.
//! - Set-up without signatures, as moto accepts: `CreateUserPool`, `CreateUserPoolClient`,
//!   `AdminCreateUser`, `AdminSetUserPassword`, `AdminSetUserMFAPreference`, `AdminGetUser`,
//!   `AdminListDevices`, `AdminForgetDevice`, `AdminUserGlobalSignOut`, `AdminDisableUser`,
//!   `AdminEnableUser`, `AdminDeleteUser`, `ListUsers` (simple `Filter`), `DescribeUserPool`,
//!   `DescribeUserPoolClient`, `SetUserPoolMfaConfig`, `GetUserPoolMfaConfig` — or the Rust
//!   [`Admin`] handle, or a [`Seed`]. Signed-in users also have `GetUser`, `ChangePassword`,
//!   `AssociateSoftwareToken`, `VerifySoftwareToken` and `SetUserMFAPreference`.
//! - Faults for reliability tests ([`FaultConfig`]): injected 500s (before or after the
//!   request is processed), throttling, latency, dropped connections and answers cut short,
//!   with [`FaultCounters`] (which also count challenge answers sent twice).
//! - Test helpers on [`Admin`]: create pools, clients and users, [`Admin::set_totp_secret`],
//!   [`Admin::set_user_password`], [`Admin::last_sms_code`], [`Admin::list_devices`],
//!   [`Admin::forget_device`], [`Admin::set_faults`] / [`Admin::fault_counters`],
//!   [`Admin::jwks`] / [`Admin::token_issuer`] (to verify tokens in Rust), and the clock
//!   ([`Admin::now`], [`Admin::set_clock`], [`Admin::advance_clock`]).
//!
//! SRP arithmetic (server ephemerals, signature checks, password verifiers in sign-ins) runs
//! outside the state lock, so concurrent sign-ins use every core.
//! Browser apps can use the emulator too: the user operations they call carry
//! `Access-Control-Allow-Origin: *` and `OPTIONS` preflights are answered, while the unsigned
//! admin operations are refused to web pages ([`EmulatorBuilder::allow_browser_admin`]) and a
//! `Host` other than a loopback name or address is refused ([`EmulatorBuilder::allow_host`]),
//! against DNS rebinding. Connections have limits: [`EmulatorBuilder::header_read_timeout`],
//! [`EmulatorBuilder::body_read_timeout`], [`EmulatorBuilder::max_body_size`],
//! [`EmulatorBuilder::max_connections`]. The signing key is generated with the `rsa` crate,
//! whose private-key operations are not constant time (RUSTSEC-2023-0071); tokens are signed
//! with aws-lc-rs, and the key is a local test emulator's throwaway one anyway, protecting no
//! real user.
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
//! let pool = admin.create_user_pool(PoolConfig::default().with_name("demo"))?;
//! let (client_id, _secret) = admin.create_client(&pool, ClientConfig::default().with_name("app"))?;
//! admin.create_user(&pool, UserConfig::default()
//!     .with_username("alice")
//!     .with_password("Correct-Horse-9")
//!     .with_permanent(true))?;
//! // Point any Cognito client at emulator.endpoint() with this pool and client id.
//! assert!(emulator.endpoint().starts_with("http://127.0.0.1:"));
//! # let _ = client_id;
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod attributes;
mod config;
mod error;
mod keys;
mod limits;
mod net;
mod ops;
mod outbox;
mod service;
mod sigv4;
mod state;
mod util;
mod wellknown;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use cognito_srp_proto::ErrorCode;
pub use config::{
    ClientConfig, DeviceTracking, FaultConfig, FaultCounters, MfaConfiguration, PasswordPolicy, PoolConfig,
    RefreshTokenRotation, Seed, TokenIssuer, TokenValidityUnits, UserConfig, ValidityUnit,
};
pub use error::{ApiError, EmulatorError};
pub use outbox::{CodePurpose, MAX_MESSAGES, Message};
pub use util::totp_code;

use cognito_srp_proto::vocab::DeliveryMedium;
use state::Shared;

/// Builds and starts an emulator.
///
/// Every setting is optional; [`EmulatorBuilder::start`] serves in the background and
/// [`EmulatorBuilder::serve_until`] serves until a signal.
///
/// ```
/// use std::time::Duration;
/// use cognito_srp_emulator::{Emulator, FaultConfig, PoolConfig, Seed};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
/// let seed = Seed::from_json(r#"{ "pools": [{ "id": "us-east-1_Built" }] }"#)?;
/// let emulator = Emulator::builder()
///     .bind(([127, 0, 0, 1], 0).into())
///     .seed(seed)
///     .timestamp_tolerance(Duration::from_secs(300))
///     .faults(FaultConfig::default())
///     .start()
///     .await?;
/// // The seeded pool is there: a second one with its id is refused.
/// let again = PoolConfig::default().with_id(Some("us-east-1_Built".into()));
/// let err = emulator.admin().create_user_pool(again).unwrap_err();
/// assert_eq!(err.to_string(), "InvalidParameterException: User pool us-east-1_Built already exists.");
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Debug, Default)]
pub struct EmulatorBuilder {
    addr: Option<SocketAddr>,
    seed: Option<Seed>,
    faults: FaultConfig,
    timestamp_tolerance: Option<Duration>,
    net: net::NetSettings,
    purge_interval: Option<Duration>,
    signing_key_seed: Option<[u8; 32]>,
    token_issuer: Option<TokenIssuer>,
}

/// Entry point: `Emulator::builder()...start().await`.
///
/// ```
/// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
/// use cognito_srp_emulator::{Emulator, PoolConfig};
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
/// let pool = emulator.admin().create_user_pool(PoolConfig::default().with_name("shop"))?;
/// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
/// let (status, body) = call(&emulator, Operation::DescribeUserPool, json!({ (member::USER_POOL_ID): pool })).await;
/// assert_eq!((status, body["UserPool"][member::NAME].as_str()), (200, Some("shop")));
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Emulator;

impl Emulator {
    /// A builder with the defaults: 127.0.0.1, a free port, no pools, no faults, a 15-minute
    /// `TIMESTAMP` tolerance.
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use std::net::Ipv4Addr;
    /// use cognito_srp_emulator::{Emulator, FaultCounters};
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
    /// assert_eq!(emulator.local_addr().ip(), Ipv4Addr::LOCALHOST);
    /// assert_ne!(emulator.local_addr().port(), 0); // the free port the system chose
    ///
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let (status, body) = call(&emulator, Operation::DescribeUserPool, json!({ (member::USER_POOL_ID): "us-east-1_Any" })).await;
    /// assert_eq!((status, body["__type"].as_str()), (400, Some("ResourceNotFoundException")));
    /// // No faults: the request was counted, nothing was injected.
    /// assert_eq!(emulator.admin().fault_counters(), FaultCounters::default().with_requests(1));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }
}

impl EmulatorBuilder {
    /// Listen on `addr` instead of 127.0.0.1 with a free port (port 0 still picks a free port).
    ///
    /// ```
    /// use std::net::SocketAddr;
    /// use cognito_srp_emulator::{Emulator, EmulatorError};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    /// let first = Emulator::builder().bind(addr).start().await?;
    /// assert_eq!(first.local_addr().ip(), addr.ip());
    ///
    /// // An address in use cannot be bound a second time.
    /// let err = Emulator::builder().bind(first.local_addr()).start().await.unwrap_err();
    /// assert!(matches!(&err, EmulatorError::Io(e) if e.kind() == std::io::ErrorKind::AddrInUse), "{err}");
    /// first.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = Some(addr);
        self
    }

    /// Create these pools, clients and users at start.
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use cognito_srp_emulator::{Emulator, Seed};
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
    /// let seed = Seed::from_json(r#"{ "pools": [{
    ///     "id": "us-east-1_Seeded",
    ///     "clients": [{ "id": "seededapp", "explicit_auth_flows": ["ALLOW_USER_PASSWORD_AUTH"] }],
    ///     "users": [{ "username": "alice", "password": "Passw0rd!", "permanent": true }]
    /// }] }"#)?;
    /// let emulator = Emulator::builder().seed(seed).start().await?;
    ///
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let (status, body) = call(&emulator, Operation::InitiateAuth, json!({
    ///     (member::AUTH_FLOW): AuthFlow::UserPasswordAuth,
    ///     (member::CLIENT_ID): "seededapp",
    ///     (member::AUTH_PARAMETERS): { (param::USERNAME): "alice", (param::PASSWORD): "Passw0rd!" },
    /// })).await;
    /// assert_eq!((status, body[member::AUTHENTICATION_RESULT]["TokenType"].as_str()), (200, Some("Bearer")));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Derive the token signing key (RSA 2048, RS256) from these 32 bytes instead of drawing
    /// a random one: an emulator restarted with the same seed publishes the same JWKS and
    /// verifies the tokens it issued before. Overrides a [`Seed::signing_key_seed`]. Keys
    /// are cached per process and seed, so restarts are quick.
    ///
    /// The key is generated with the `rsa` crate (RUSTSEC-2023-0071: its private-key
    /// operations are not constant time; the tokens are signed with aws-lc-rs): fine for a
    /// local test emulator's throwaway key, never a key that matters.
    ///
    /// ```
    /// use cognito_srp_emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let jwks = |emulator: &cognito_srp_emulator::RunningEmulator| {
    ///     let url = format!("{}/us-east-1_Any/.well-known/jwks.json", emulator.endpoint());
    ///     async move { reqwest::get(url).await?.text().await }
    /// };
    /// let first = Emulator::builder().signing_key_seed([7; 32]).start().await?;
    /// let before = jwks(&first).await?;
    /// first.shutdown().await;
    /// let again = Emulator::builder().signing_key_seed([7; 32]).start().await?;
    /// assert_eq!(jwks(&again).await?, before);
    /// again.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn signing_key_seed(mut self, seed: [u8; 32]) -> Self {
        self.signing_key_seed = Some(seed);
        self
    }

    /// The issuer (`iss`) of the tokens: the emulator's URL and the pool id (the default), or
    /// Cognito's `https://cognito-idp.{region}.amazonaws.com/{poolId}`. Overrides a
    /// [`Seed::token_issuer`].
    ///
    /// ```
    /// use cognito_srp_emulator::{Emulator, PoolConfig, TokenIssuer};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder().token_issuer(TokenIssuer::Cognito).start().await?;
    /// let pool = emulator.admin().create_user_pool(PoolConfig::default().with_id(Some("eu-west-1_Iss".into())))?;
    /// let url = format!("{}/{pool}/.well-known/openid-configuration", emulator.endpoint());
    /// let discovery: serde_json::Value = serde_json::from_str(&reqwest::get(url).await?.text().await?)?;
    /// assert_eq!(discovery["issuer"], "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Iss");
    /// // The keys are the emulator's, wherever the issuer points.
    /// assert_eq!(discovery["jwks_uri"], format!("{}/{pool}/.well-known/jwks.json", emulator.endpoint()));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn token_issuer(mut self, issuer: TokenIssuer) -> Self {
        self.token_issuer = Some(issuer);
        self
    }

    /// Inject these faults (can be changed later with [`Admin::set_faults`]).
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use std::time::Duration;
    /// use cognito_srp_emulator::{Emulator, FaultConfig};
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
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder()
    ///     .faults(FaultConfig::default().with_throttle(0.25).with_latency(Duration::from_millis(2)).with_seed(7))
    ///     .start()
    ///     .await?;
    /// assert_eq!(emulator.admin().fault_counters().requests, 0);
    ///
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let mut throttled = 0;
    /// for _ in 0..8 {
    ///     let (_, body) = call(&emulator, Operation::ListUsers, json!({ (member::USER_POOL_ID): "us-east-1_Any" })).await;
    ///     throttled += u64::from(body["__type"] == "TooManyRequestsException");
    /// }
    /// let counters = emulator.admin().fault_counters();
    /// assert_eq!((counters.requests, counters.delayed, counters.throttled), (8, 8, throttled));
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
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use std::time::Duration;
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
    /// # async fn sign_in_at(emulator: &cognito_srp_emulator::RunningEmulator, pool: &str, client: &str, unix_seconds: u64) -> (u16, serde_json::Value) {
    /// #     use cognito_srp_core::{ClientEphemeral, PasswordVerifierChallenge, Timestamp};
    /// #     let ephemeral = ClientEphemeral::generate(&mut cognito_srp_core::rand_core::UnwrapErr(getrandom::SysRng));
    /// #     let (_, c) = call(emulator, Operation::InitiateAuth, serde_json::json!({
    /// #         (member::AUTH_FLOW): AuthFlow::UserSrpAuth, (member::CLIENT_ID): client,
    /// #         (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::SRP_A): ephemeral.public_hex().as_str() },
    /// #     })).await;
    /// #     let p = &c[member::CHALLENGE_PARAMETERS];
    /// #     let challenge = PasswordVerifierChallenge {
    /// #         user_id_for_srp: p[param::USER_ID_FOR_SRP].as_str().expect("USER_ID_FOR_SRP"),
    /// #         salt_hex: p[param::SALT].as_str().expect("SALT"),
    /// #         srp_b_hex: p[param::SRP_B].as_str().expect("SRP_B"),
    /// #         secret_block: p[param::SECRET_BLOCK].as_str().expect("SECRET_BLOCK"),
    /// #     };
    /// #     let at = Timestamp::from_unix_seconds(unix_seconds).expect("a timestamp");
    /// #     let claim = ephemeral.user_claim(pool, &challenge, "Passw0rd!", &at).expect("a claim");
    /// #     call(emulator, Operation::RespondToAuthChallenge, serde_json::json!({
    /// #         (member::CLIENT_ID): client, (member::CHALLENGE_NAME): ChallengeName::PasswordVerifier, (member::SESSION): c[member::SESSION],
    /// #         (member::CHALLENGE_RESPONSES): { (param::USERNAME): "ann", (param::PASSWORD_CLAIM_SECRET_BLOCK): challenge.secret_block,
    /// #             (param::PASSWORD_CLAIM_SIGNATURE): claim.signature(), (param::TIMESTAMP): claim.timestamp() },
    /// #     })).await
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder().timestamp_tolerance(Duration::from_secs(60)).start().await?;
    /// let admin = emulator.admin();
    /// # let pool = admin.create_user_pool(PoolConfig::default())?;
    /// # let (client, _) = admin.create_client(&pool, ClientConfig::default())?;
    /// # admin.create_user(&pool, UserConfig::default().with_username("ann").with_password("Passw0rd!").with_permanent(true))?;
    /// // `sign_in_at` (hidden): a whole USER_SRP_AUTH sign-in of ann, with the right password and
    /// // the TIMESTAMP of the given Unix time in the PASSWORD_VERIFIER answer.
    /// let (status, body) = sign_in_at(&emulator, &pool, &client, admin.now() - 120).await;
    /// assert_eq!((status, body["message"].as_str()), (400, Some("Incorrect username or password.")));
    ///
    /// let (status, body) = sign_in_at(&emulator, &pool, &client, admin.now() - 30).await;
    /// assert_eq!((status, body[member::AUTHENTICATION_RESULT]["TokenType"].as_str()), (200, Some("Bearer")));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn timestamp_tolerance(mut self, tolerance: Duration) -> Self {
        self.timestamp_tolerance = Some(tolerance);
        self
    }

    /// How long a client has to send a request's head (request line and headers), from when
    /// the connection starts waiting for it: when it opens, and after each answer on a
    /// kept-alive connection. So it is also how long an idle connection is kept. Past it the
    /// connection is closed: a client sending its headers a byte at a time (slowloris) or
    /// holding idle connections cannot keep them. Default 10 seconds; at least 1 ms.
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = cognito_srp_emulator::Emulator::builder()
    ///     .header_read_timeout(Duration::from_millis(200))
    ///     .start()
    ///     .await?;
    /// let started = Instant::now();
    /// let mut slow = tokio::net::TcpStream::connect(emulator.local_addr()).await?;
    /// slow.write_all(b"POST / HTTP/1.1\r\nHost: localhost\r\n").await?; // and no more
    /// let mut rest = Vec::new();
    /// let _ = slow.read_to_end(&mut rest).await; // returns once the emulator has closed it
    /// assert!(started.elapsed() < Duration::from_secs(5));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.net.header_read_timeout = timeout;
        self
    }

    /// How long a client has to send a request's body once its head has arrived. Past it the
    /// answer is `400 RequestTimeoutException` and the connection is closed. Default 10
    /// seconds; at least 1 ms.
    ///
    /// ```
    /// use std::time::Duration;
    /// use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = cognito_srp_emulator::Emulator::builder()
    ///     .body_read_timeout(Duration::from_millis(200))
    ///     .start()
    ///     .await?;
    /// let mut slow = tokio::net::TcpStream::connect(emulator.local_addr()).await?;
    /// slow.write_all(b"POST / HTTP/1.1\r\nHost: localhost\r\n\
    ///     X-Amz-Target: AWSCognitoIdentityProviderService.ListUsers\r\n\
    ///     Content-Length: 40\r\n\r\n{\"UserPoolId\"").await?; // 13 of the 40 bytes
    /// let mut answer = String::new();
    /// slow.read_to_string(&mut answer).await?;
    /// assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    /// assert!(answer.contains("RequestTimeoutException"), "{answer}");
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.net.body_read_timeout = timeout;
        self
    }

    /// The largest request body accepted, in bytes; a larger one is answered
    /// `400 SerializationException` without being read. Default 1 MiB (Cognito's requests are
    /// a few KB).
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use cognito_srp_emulator::Emulator;
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
    /// let emulator = Emulator::builder().max_body_size(64).start().await?;
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let (status, body) = call(&emulator, Operation::ListUsers, json!({ (member::USER_POOL_ID): "x".repeat(64) })).await;
    /// assert_eq!((status, body["message"].as_str()), (400, Some("Request body is larger than 64 bytes")));
    /// let (_, body) = call(&emulator, Operation::ListUsers, json!({ (member::USER_POOL_ID): "us-east-1_Any" })).await;
    /// assert_eq!(body["__type"], "ResourceNotFoundException");
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.net.max_body_bytes = bytes;
        self
    }

    /// The most connections served at once (default 512, under the usual limit of 1,024
    /// open files; at least 1). Past it no connection is accepted until one closes: new
    /// clients wait in the system's backlog instead of taking file descriptors, and
    /// [`EmulatorBuilder::header_read_timeout`] frees the slots that idle clients hold.
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use std::time::Duration;
    /// use cognito_srp_emulator::Emulator;
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
    ///     .max_connections(2)
    ///     .header_read_timeout(Duration::from_millis(200))
    ///     .start()
    ///     .await?;
    /// // Two idle connections fill both slots...
    /// let idle = [
    ///     tokio::net::TcpStream::connect(emulator.local_addr()).await?,
    ///     tokio::net::TcpStream::connect(emulator.local_addr()).await?,
    /// ];
    /// // ...and a real client is still answered, once the idle ones have timed out.
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let (_, body) = call(&emulator, Operation::ListUsers, json!({ (member::USER_POOL_ID): "us-east-1_Any" })).await;
    /// assert_eq!(body["__type"], "ResourceNotFoundException");
    /// drop(idle);
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.net.max_connections = connections;
        self
    }

    /// Whether web pages may call the administrative operations (default `false`).
    ///
    /// A browser app calls the user operations (`InitiateAuth`, `RespondToAuthChallenge`,
    /// `ConfirmDevice`, `GetUser`, `ChangePassword`, `GlobalSignOut`, `RevokeToken`, ...): they
    /// are answered to any origin, with `Access-Control-Allow-Origin: *`. The unsigned set-up
    /// operations (`CreateUserPool`, `DescribeUserPoolClient` with the client secret,
    /// `AdminSetUserPassword`, `ListUsers`, every `Admin*`...) would let any page a developer
    /// visits take over the emulator's users, so a request for one that carries an `Origin`
    /// header (browsers send it) is refused with `403 AccessDeniedException` before it is
    /// processed, and their answers carry no CORS headers. `true` (the CLI's
    /// `--allow-browser-admin`) answers them to web pages too. Requests without `Origin`
    /// (SDKs, the CLI, curl) are not affected.
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use cognito_srp_emulator::{Emulator, PoolConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// async fn from_a_page(emulator: &cognito_srp_emulator::RunningEmulator, op: cognito_srp_proto::Operation, body: String) -> reqwest::Response {
    ///     reqwest::Client::new()
    ///         .post(emulator.endpoint())
    ///         .header("origin", "https://app.example")
    ///         .header(vocab::TARGET_HEADER, op.target())
    ///         .body(body)
    ///         .send()
    ///         .await
    ///         .unwrap()
    /// }
    /// for allow in [false, true] {
    ///     let emulator = Emulator::builder().allow_browser_admin(allow).start().await?;
    ///     let pool = emulator.admin().create_user_pool(PoolConfig::default())?;
    ///     let describe = from_a_page(&emulator, Operation::DescribeUserPool, format!(r#"{{"UserPoolId":"{pool}"}}"#)).await;
    ///     assert_eq!(describe.status().as_u16(), if allow { 200 } else { 403 });
    ///     assert_eq!(describe.headers().contains_key("access-control-allow-origin"), allow);
    ///     // User operations are answered to web pages either way.
    ///     let user = from_a_page(&emulator, Operation::GetUser, r#"{"AccessToken":"x.y.z"}"#.into()).await;
    ///     assert_eq!(user.headers()["x-amzn-errortype"], "NotAuthorizedException");
    ///     assert_eq!(user.headers()["access-control-allow-origin"], "*");
    ///     emulator.shutdown().await;
    /// }
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn allow_browser_admin(mut self, allow: bool) -> Self {
        self.net.allow_browser_admin = allow;
        self
    }

    /// Also accept this host name in the `Host` header (any port; case does not matter).
    ///
    /// Only `localhost`, loopback addresses (127.0.0.0/8, `[::1]`) and the bound address are
    /// accepted by default: a page using DNS rebinding reaches 127.0.0.1 under its own name,
    /// and is refused with `403 AccessDeniedException`. Add the names the emulator is really
    /// reached by (a container's name, say). Can be called several times.
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use cognito_srp_emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder().allow_host("cognito.test").start().await?;
    /// let status = |host: &'static str| {
    ///     let request = reqwest::Client::new()
    ///         .post(emulator.endpoint())
    ///         .header("host", host)
    ///         .header(vocab::TARGET_HEADER, "AWSCognitoIdentityProviderService.GetUser")
    ///         .body(r#"{"AccessToken":"x.y.z"}"#)
    ///         .send();
    ///     async move { request.await.unwrap().status().as_u16() }
    /// };
    /// assert_eq!(status("cognito.test:9229").await, 400); // answered: not a valid token
    /// assert_eq!(status("localhost:9229").await, 400);
    /// assert_eq!(status("rebound.example:9229").await, 403);
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn allow_host(mut self, host: impl Into<String>) -> Self {
        let host = host.into().to_ascii_lowercase();
        self.net.extra_hosts.insert(host.strip_suffix('.').map(str::to_owned).unwrap_or(host));
        self
    }

    /// Check SigV4 signatures: once an access key is set, every IAM-authorised operation (the
    /// `Admin*` operations and the set-up ones, [`Operation::is_admin`]) must be signed with
    /// one of the keys given (service `cognito-idp`, any region), within 5 minutes of the
    /// emulator's clock, as Cognito requires; the user operations stay unsigned. Unsigned
    /// requests get `MissingAuthenticationTokenException`, an unknown key id
    /// `UnrecognizedClientException`, a wrong signature or a stale time
    /// `InvalidSignatureException`. Without keys (the default) nothing is checked, as moto
    /// does. Can be called several times; the CLI's `--access-key ID:SECRET`.
    ///
    /// [`Operation::is_admin`]: cognito_srp_proto::Operation::is_admin
    ///
    /// ```
    /// # use cognito_srp_proto::vocab;
    /// use cognito_srp_emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder().access_key("AKIDEMULATOR", "emulator-secret").start().await?;
    /// let unsigned = reqwest::Client::new()
    ///     .post(emulator.endpoint())
    ///     .header(vocab::TARGET_HEADER, "AWSCognitoIdentityProviderService.ListUserPools")
    ///     .body(r#"{"MaxResults":10}"#)
    ///     .send()
    ///     .await
    ///     .unwrap();
    /// assert_eq!(unsigned.status().as_u16(), 400);
    /// assert_eq!(unsigned.headers()["x-amzn-errortype"], "MissingAuthenticationTokenException");
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn access_key(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.net.access_keys.insert(id.into(), cognito_srp_proto::SecretString::new(secret.into()));
        self
    }

    /// How often a background task drops expired state: authentication sessions (they live
    /// the app client's `AuthSessionValidity`, 3 minutes by default, on the emulator's clock) and the SMS codes sent for them. Default 30 seconds;
    /// at least 1 millisecond. The task stops with [`RunningEmulator::shutdown`].
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use std::time::Duration;
    /// use cognito_srp_emulator::{ClientConfig, Emulator, PoolConfig, UserConfig};
    /// # use serde_json::json;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder().purge_interval(Duration::from_millis(10)).start().await?;
    /// let admin = emulator.admin();
    /// let pool = admin.create_user_pool(PoolConfig::default())?;
    /// # let (client, _) = admin.create_client(&pool, ClientConfig::default())?;
    /// # admin.create_user(&pool, UserConfig::default().with_username("ann").with_password("Passw0rd!").with_permanent(true))?;
    /// # let a = cognito_srp_core::ClientEphemeral::generate(&mut cognito_srp_core::rand_core::UnwrapErr(getrandom::SysRng));
    /// // A sign-in that stops after InitiateAuth leaves a session behind...
    /// reqwest::Client::new()
    ///     .post(emulator.endpoint())
    ///     .header(vocab::TARGET_HEADER, "AWSCognitoIdentityProviderService.InitiateAuth")
    ///     .body(json!({ (member::AUTH_FLOW): AuthFlow::UserSrpAuth, (member::CLIENT_ID): client,
    ///                   (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::SRP_A): a.public_hex().as_str() } }).to_string())
    ///     .send()
    ///     .await
    ///     .unwrap();
    /// assert_eq!(admin.session_count(), 1);
    /// // ...until it expires: then the next purge drops it.
    /// admin.advance_clock(Duration::from_secs(181));
    /// while admin.session_count() > 0 {
    ///     tokio::time::sleep(Duration::from_millis(10)).await;
    /// }
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn purge_interval(mut self, every: Duration) -> Self {
        self.purge_interval = Some(every);
        self
    }

    /// Binds, seeds and starts serving in the background (a task on the current Tokio runtime:
    /// requests are answered while the caller goes on).
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use cognito_srp_emulator::{Emulator, MfaConfiguration, PoolConfig};
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
    ///     .with_mfa(MfaConfiguration::Optional))?;
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let (status, body) = call(&emulator, Operation::GetUserPoolMfaConfig, json!({ (member::USER_POOL_ID): pool })).await;
    /// assert_eq!((status, body["MfaConfiguration"].as_str()), (200, Some("OPTIONAL")));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`EmulatorError::Io`] when the address cannot be bound; [`EmulatorError::Api`] for a
    /// seed that Cognito would refuse (a bad or duplicate id, a bad user...).
    pub async fn start(self) -> Result<RunningEmulator, EmulatorError> {
        let net = self.net.clone().sanitized();
        let every = self.purge_interval.unwrap_or(DEFAULT_PURGE_INTERVAL);
        let (shared, listener) = self.prepare().await?;
        let local_addr = listener.local_addr()?;
        let (stop_tx, stop_rx) = watch::channel(false);
        let purge = tokio::spawn(state::purge_loop(Arc::clone(&shared), stop_rx.clone(), every));
        let server = Arc::new(service::Server::new(Arc::clone(&shared), net, local_addr));
        let task = tokio::spawn(net::serve(server, listener, stop_rx));
        Ok(RunningEmulator { shared, local_addr, stop: stop_tx, task, purge })
    }

    /// Binds, seeds, calls `on_listening` with the bound address, and serves until `signal`
    /// completes (for a server process: pass Ctrl-C / SIGTERM).
    ///
    /// ```
    /// use cognito_srp_emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// // A server process would print the address and pass
    /// // `async { tokio::signal::ctrl_c().await.ok(); }` as the signal.
    /// let (listening, address) = tokio::sync::oneshot::channel();
    /// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    /// let server = tokio::spawn(Emulator::builder().serve_until(
    ///     move |addr| listening.send(addr).expect("the example waits for it"),
    ///     async { stopped.await.ok(); },
    /// ));
    /// let addr = address.await.expect("the emulator is listening");
    /// assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    ///
    /// stop.send(()).ok();
    /// server.await.expect("server task")?; // returns once the signal has completed
    /// assert!(tokio::net::TcpStream::connect(addr).await.is_err());
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
        let addr = self.addr.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
        let listener = TcpListener::bind(addr).await?;
        let key_seed =
            match (self.signing_key_seed, self.seed.as_ref().and_then(|s| s.signing_key_seed.as_deref())) {
                (Some(seed), _) => Some(seed),
                (None, Some(text)) => Some(keys::parse_seed(text).ok_or_else(|| {
                    ApiError::invalid_parameter("signing_key_seed must be 64 hexadecimal digits (32 bytes)")
                })?),
                (None, None) => None,
            };
        let issuer =
            self.token_issuer.or_else(|| self.seed.as_ref().and_then(|s| s.token_issuer)).unwrap_or_default();
        let keys = keys::TokenKeys::for_seed(key_seed.as_ref())?;
        let shared = Arc::new(Shared::new(keys, format!("http://{}", listener.local_addr()?), issuer));
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
        Ok((shared, listener))
    }
}

/// How often expired sessions are dropped unless [`EmulatorBuilder::purge_interval`] says.
const DEFAULT_PURGE_INTERVAL: Duration = Duration::from_secs(30);

/// A running emulator: its address, an [`Admin`] handle, and shutdown.
///
/// ```
/// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
/// use cognito_srp_emulator::{ClientConfig, Emulator, PoolConfig, RunningEmulator};
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
/// let emulator: RunningEmulator = Emulator::builder().start().await?;
/// let admin = emulator.admin();
/// let pool = admin.create_user_pool(PoolConfig::default())?;
/// let (client, _) = admin.create_client(&pool, ClientConfig::default().with_name("web"))?;
///
/// // A Cognito client is given `emulator.endpoint()`, the pool id and the client id.
/// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
/// let (status, body) = call(&emulator, Operation::DescribeUserPoolClient, json!({
///     (member::USER_POOL_ID): pool,
///     (member::CLIENT_ID): client,
/// })).await;
/// assert_eq!((status, body["UserPoolClient"][member::CLIENT_NAME].as_str()), (200, Some("web")));
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct RunningEmulator {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    purge: JoinHandle<()>,
}

impl RunningEmulator {
    /// `http://127.0.0.1:PORT`: the endpoint to give a Cognito client.
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = cognito_srp_emulator::Emulator::builder().start().await?;
    /// let endpoint = emulator.endpoint();
    /// assert_eq!(endpoint, format!("http://127.0.0.1:{}", emulator.local_addr().port()));
    ///
    /// // Cognito's JSON protocol: POST / with X-Amz-Target naming the operation.
    /// let response = reqwest::Client::new()
    ///     .post(&endpoint)
    ///     .header(vocab::TARGET_HEADER, "AWSCognitoIdentityProviderService.NoSuchOperation")
    ///     .body("{}")
    ///     .send()
    ///     .await
    ///     .unwrap();
    /// assert_eq!(response.status().as_u16(), 400);
    /// assert_eq!(response.headers()["x-amzn-errortype"], "UnknownOperationException");
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// The bound address.
    ///
    /// ```
    /// use std::net::Ipv4Addr;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = cognito_srp_emulator::Emulator::builder().start().await?;
    /// let addr = emulator.local_addr();
    /// assert_eq!(addr.ip(), Ipv4Addr::LOCALHOST);
    /// assert_ne!(addr.port(), 0); // the port actually bound, not the 0 asked for
    /// // Something listens there.
    /// assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// A handle to seed and inspect the state. Every handle works on the same state.
    ///
    /// ```
    /// use cognito_srp_emulator::{ClientConfig, Emulator, PoolConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder().start().await?;
    /// let pool = emulator.admin().create_user_pool(PoolConfig::default())?;
    /// // Another handle sees the pool the first one created.
    /// let (client, secret) = emulator.admin().create_client(&pool, ClientConfig::default())?;
    /// assert_eq!((client.len(), secret), (26, None));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn admin(&self) -> Admin {
        Admin { shared: Arc::clone(&self.shared) }
    }

    /// Stops accepting, lets requests in flight finish (up to 5 seconds), closes every
    /// connection and waits for the server task. Dropping a `RunningEmulator` without calling
    /// this also stops the server, in the background.
    ///
    /// ```
    /// use tokio::net::TcpStream;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = cognito_srp_emulator::Emulator::builder().start().await?;
    /// let addr = emulator.local_addr();
    /// drop(TcpStream::connect(addr).await?);
    ///
    /// emulator.shutdown().await;
    /// // Nothing listens there any more.
    /// let refused = TcpStream::connect(addr).await.unwrap_err();
    /// assert_eq!(refused.kind(), std::io::ErrorKind::ConnectionRefused);
    /// # Ok(()) }
    /// ```
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
        let _ = self.purge.await;
    }
}

/// Administration from Rust: create pools, clients and users, read SMS codes, faults, clock.
///
/// Cheap to clone; every method works on the running emulator's shared state.
///
/// ```
/// use cognito_srp_emulator::{Admin, Emulator, PoolConfig, UserConfig};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
/// let emulator = Emulator::builder().start().await?;
/// let admin: Admin = emulator.admin();
/// let pool = admin.create_user_pool(PoolConfig::default())?;
/// let ann = UserConfig::default().with_username("ann").with_password("Passw0rd!");
///
/// // A clone on another thread creates ann; the original handle sees her.
/// let (worker, pool_id, user) = (admin.clone(), pool.clone(), ann.clone());
/// std::thread::spawn(move || worker.create_user(&pool_id, user)).join().unwrap()?;
/// let err = admin.create_user(&pool, ann).unwrap_err();
/// assert_eq!(err.to_string(), "UsernameExistsException: User account already exists");
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Admin {
    shared: Arc<Shared>,
}

/// A device as [`Admin::list_devices`] reports it.
///
/// ```
/// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
/// use cognito_srp_emulator::{ClientConfig, DeviceInfo, DeviceTracking, Emulator, PoolConfig, UserConfig};
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
/// let tracking = Some(DeviceTracking::default());
/// let pool = admin.create_user_pool(PoolConfig::default().with_device_tracking(tracking))?;
/// # let flows = vec!["ALLOW_USER_PASSWORD_AUTH".to_owned()];
/// # let (client, _) = admin.create_client(&pool, ClientConfig::default().with_explicit_auth_flows(flows))?;
/// # admin.create_user(&pool, UserConfig::default().with_username("ann").with_password("Passw0rd!").with_permanent(true))?;
/// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
/// let (_, body) = call(&emulator, Operation::InitiateAuth, json!({
///     (member::AUTH_FLOW): AuthFlow::UserPasswordAuth,
///     (member::CLIENT_ID): client,
///     (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::PASSWORD): "Passw0rd!" },
/// })).await;
/// let metadata = &body[member::AUTHENTICATION_RESULT]["NewDeviceMetadata"];
///
/// // The sign-in made a device; nobody has confirmed it yet.
/// let devices: Vec<DeviceInfo> = admin.list_devices(&pool, "ann");
/// assert_eq!(devices.len(), 1);
/// assert_eq!(devices[0].device_key, metadata[member::DEVICE_KEY].as_str().unwrap());
/// assert_eq!(devices[0].device_group_key, metadata["DeviceGroupKey"].as_str().unwrap());
/// assert_eq!((devices[0].name.as_deref(), devices[0].confirmed, devices[0].remembered), (None, false, false));
/// emulator.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
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
    /// ```
    /// use cognito_srp_emulator::{Emulator, PoolConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder().start().await?;
    /// let admin = emulator.admin();
    /// let orders = PoolConfig::default().with_id(Some("eu-west-1_Orders".into()));
    /// assert_eq!(admin.create_user_pool(orders.clone())?, "eu-west-1_Orders");
    ///
    /// // Without an id: `<region>_` and nine random letters and digits.
    /// let id = admin.create_user_pool(PoolConfig::default().with_region("eu-central-1"))?;
    /// let (region, name) = id.split_once('_').unwrap();
    /// assert_eq!((region, name.len()), ("eu-central-1", 9));
    ///
    /// let duplicate = admin.create_user_pool(orders).unwrap_err();
    /// assert_eq!(duplicate.to_string(), "InvalidParameterException: User pool eu-west-1_Orders already exists.");
    /// let malformed = PoolConfig::default().with_id(Some("Orders".into()));
    /// let err = admin.create_user_pool(malformed).unwrap_err();
    /// assert_eq!(err.to_string(), "InvalidParameterException: Invalid user pool id");
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`EmulatorError::Api`] for a duplicate or malformed id, or a bad client/user.
    pub fn create_user_pool(&self, config: PoolConfig) -> Result<String, EmulatorError> {
        let now = self.shared.now();
        Ok(self.shared.lock().create_pool(&config, now)?)
    }

    /// Creates an app client; returns `(client_id, client_secret)`.
    ///
    /// ```
    /// use cognito_srp_emulator::{ClientConfig, Emulator, PoolConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder().start().await?;
    /// let admin = emulator.admin();
    /// let pool = admin.create_user_pool(PoolConfig::default())?;
    ///
    /// // A public client: a generated 26-character id, no secret.
    /// let (id, secret) = admin.create_client(&pool, ClientConfig::default().with_name("spa"))?;
    /// assert_eq!((id.len(), secret), (26, None));
    /// // A confidential one: a generated 51-character secret.
    /// let confidential = ClientConfig::default().with_name("backend").with_generate_secret(true);
    /// let (_, secret) = admin.create_client(&pool, confidential)?;
    /// assert_eq!(secret.map(|s| s.len()), Some(51));
    ///
    /// let err = admin.create_client("us-east-1_Missing", ClientConfig::default()).unwrap_err();
    /// assert_eq!(err.to_string(), "ResourceNotFoundException: User pool us-east-1_Missing does not exist.");
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
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
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use cognito_srp_emulator::{Emulator, PoolConfig, UserConfig};
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
    /// let pool = admin.create_user_pool(PoolConfig::default().with_email_alias(true))?;
    ///
    /// // No username on an alias pool: the internal username is a generated UUID.
    /// let eve = UserConfig::default()
    ///     .with_password("Passw0rd!")
    ///     .with_permanent(true)
    ///     .with_email(Some("eve@example.com".into()));
    /// let name = admin.create_user(&pool, eve.clone())?;
    /// assert_eq!(name.len(), 36);
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let (_, user) = call(&emulator, Operation::AdminGetUser, json!({ (member::USER_POOL_ID): pool, (member::USERNAME): "eve@example.com" })).await;
    /// assert_eq!(user[member::USERNAME].as_str(), Some(name.as_str()));
    ///
    /// // The email is an alias: nobody else may have it.
    /// let err = admin.create_user(&pool, (eve).with_username("eve2")).unwrap_err();
    /// assert_eq!(err.to_string(), "AliasExistsException: An account with the given email already exists.");
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`EmulatorError::Api`] for an unknown pool, a duplicate user or alias, a bad TOTP secret.
    pub fn create_user(&self, pool_id: &str, config: UserConfig) -> Result<String, EmulatorError> {
        let now = self.shared.now();
        Ok(self.shared.lock().create_user(pool_id, &config, now)?)
    }

    /// The last SMS MFA code sent to a user (by username or alias); `None` before the first.
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
    /// let pool = admin.create_user_pool(PoolConfig::default().with_mfa(MfaConfiguration::Optional))?;
    /// # let flows = vec!["ALLOW_USER_PASSWORD_AUTH".to_owned()];
    /// # let (client, _) = admin.create_client(&pool, ClientConfig::default().with_explicit_auth_flows(flows))?;
    /// admin.create_user(&pool, UserConfig::default()
    ///     .with_username("dave")
    ///     .with_password("Passw0rd!")
    ///     .with_permanent(true)
    ///     .with_phone(Some("+15555550100".into()))
    ///     .with_sms_mfa(true))?;
    /// assert_eq!(admin.last_sms_code(&pool, "dave"), None);
    ///
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let (_, challenge) = call(&emulator, Operation::InitiateAuth, json!({
    ///     (member::AUTH_FLOW): AuthFlow::UserPasswordAuth,
    ///     (member::CLIENT_ID): client,
    ///     (member::AUTH_PARAMETERS): { (param::USERNAME): "dave", (param::PASSWORD): "Passw0rd!" },
    /// })).await;
    /// assert_eq!(challenge[member::CHALLENGE_NAME], ChallengeName::SmsMfa.as_str());
    /// assert_eq!(challenge[member::CHALLENGE_PARAMETERS][param::CODE_DELIVERY_DESTINATION], "+*******0100");
    ///
    /// let code = admin.last_sms_code(&pool, "dave").unwrap(); // what the phone would show
    /// assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
    /// let (status, done) = call(&emulator, Operation::RespondToAuthChallenge, json!({
    ///     (member::CLIENT_ID): client,
    ///     (member::CHALLENGE_NAME): ChallengeName::SmsMfa,
    ///     (member::SESSION): challenge[member::SESSION],
    ///     (member::CHALLENGE_RESPONSES): { (param::USERNAME): "dave", (param::SMS_MFA_CODE): code },
    /// })).await;
    /// assert_eq!((status, done[member::AUTHENTICATION_RESULT]["TokenType"].as_str()), (200, Some("Bearer")));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn last_sms_code(&self, pool_id: &str, user: &str) -> Option<String> {
        let state = self.shared.lock();
        let username = state.pools.get(pool_id)?.find_user(user)?.username.clone();
        state
            .outbox
            .to_user(pool_id, &username)
            .filter(|m| m.medium == DeliveryMedium::Sms && m.purpose == CodePurpose::SignInMfa)
            .last()
            .map(|m| m.code.clone())
    }

    /// Every message a real pool would have sent to a user (by username or alias) and whose
    /// code has not expired, oldest first; empty for an unknown pool or user.
    ///
    /// ```
    /// use cognito_srp_emulator::{CodePurpose, Emulator, PoolConfig, UserConfig};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder().start().await?;
    /// let admin = emulator.admin();
    /// let pool = admin.create_user_pool(PoolConfig::default())?;
    /// let user = UserConfig::default().with_username("erin").with_password("Passw0rd!").with_permanent(true);
    /// admin.create_user(&pool, user)?;
    /// assert!(admin.messages(&pool, "erin").is_empty()); // nothing sent yet
    /// assert_eq!(admin.last_code(&pool, "erin", &CodePurpose::SignUp), None);
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn messages(&self, pool_id: &str, user: &str) -> Vec<Message> {
        let state = self.shared.lock();
        let Some(username) =
            state.pools.get(pool_id).and_then(|p| p.find_user(user)).map(|u| u.username.clone())
        else {
            return Vec::new();
        };
        state.outbox.to_user(pool_id, &username).cloned().collect()
    }

    /// The code of the newest unexpired message to a user (by username or alias) for
    /// `purpose`, if any. See [`Admin::messages`] for the whole message.
    #[must_use]
    pub fn last_code(&self, pool_id: &str, user: &str, purpose: &CodePurpose) -> Option<String> {
        self.messages(pool_id, user).into_iter().rev().find(|m| &m.purpose == purpose).map(|m| m.code)
    }

    /// The groups a user (by username or alias) belongs to, in the order of the
    /// `cognito:groups` claim: by precedence (lowest first, groups without one last), then by
    /// name. Empty for an unknown pool or user.
    ///
    /// ```
    /// use cognito_srp_emulator::{Emulator, PoolConfig, UserConfig};
    /// use cognito_srp_proto::Operation;
    /// use serde_json::json;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = Emulator::builder().start().await?;
    /// let admin = emulator.admin();
    /// let pool = admin.create_user_pool(PoolConfig::default())?;
    /// admin.create_user(&pool, UserConfig::default().with_username("ann").with_password("Passw0rd!"))?;
    /// for (group, precedence) in [("staff", 5), ("admins", 1)] {
    ///     let body = json!({ "UserPoolId": pool, "GroupName": group, "Precedence": precedence });
    ///     admin.dispatch(&Operation::CreateGroup, body.to_string().as_bytes())?;
    ///     let body = json!({ "UserPoolId": pool, "Username": "ann", "GroupName": group });
    ///     admin.dispatch(&Operation::AdminAddUserToGroup, body.to_string().as_bytes())?;
    /// }
    /// assert_eq!(admin.groups_of(&pool, "ann"), ["admins", "staff"]);
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn groups_of(&self, pool_id: &str, user: &str) -> Vec<String> {
        let state = self.shared.lock();
        let Some(pool) = state.pools.get(pool_id) else { return Vec::new() };
        pool.find_user(user).map(|u| pool.groups_of(&u.username)).unwrap_or_default()
    }

    /// A user's devices (confirmed or not), by username or alias; empty for an unknown pool or
    /// user.
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
    /// let tracking = Some(DeviceTracking::default()); // remembered only on the user's prompt
    /// let pool = admin.create_user_pool(PoolConfig::default().with_device_tracking(tracking))?;
    /// # let flows = vec!["ALLOW_USER_PASSWORD_AUTH".to_owned()];
    /// # let (client, _) = admin.create_client(&pool, ClientConfig::default().with_explicit_auth_flows(flows))?;
    /// # admin.create_user(&pool, UserConfig::default().with_username("ann").with_password("Passw0rd!").with_permanent(true))?;
    /// assert!(admin.list_devices(&pool, "ann").is_empty());
    ///
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let (_, body) = call(&emulator, Operation::InitiateAuth, json!({
    ///     (member::AUTH_FLOW): AuthFlow::UserPasswordAuth,
    ///     (member::CLIENT_ID): client,
    ///     (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::PASSWORD): "Passw0rd!" },
    /// })).await;
    /// let result = &body[member::AUTHENTICATION_RESULT];
    /// let key = result["NewDeviceMetadata"][member::DEVICE_KEY].as_str().unwrap();
    /// let group = result["NewDeviceMetadata"]["DeviceGroupKey"].as_str().unwrap();
    /// # let mut rng = cognito_srp_core::rand_core::UnwrapErr(getrandom::SysRng);
    /// let device = cognito_srp_core::DeviceVerifier::generate(&mut rng, group, key).unwrap();
    /// call(&emulator, Operation::ConfirmDevice, json!({
    ///     (member::ACCESS_TOKEN): result[member::ACCESS_TOKEN],
    ///     (member::DEVICE_KEY): key,
    ///     (member::DEVICE_NAME): "laptop",
    ///     (member::DEVICE_SECRET_VERIFIER_CONFIG): { (member::PASSWORD_VERIFIER): device.password_verifier(), (member::SALT): device.salt() },
    /// })).await;
    ///
    /// let devices = admin.list_devices(&pool, "ann");
    /// assert_eq!(devices.len(), 1);
    /// assert_eq!((devices[0].device_key.as_str(), devices[0].name.as_deref()), (key, Some("laptop")));
    /// assert!(devices[0].confirmed && !devices[0].remembered); // not remembered until the user says so
    ///
    /// call(&emulator, Operation::UpdateDeviceStatus, json!({
    ///     (member::ACCESS_TOKEN): result[member::ACCESS_TOKEN],
    ///     (member::DEVICE_KEY): key,
    ///     "DeviceRememberedStatus": "remembered",
    /// })).await;
    /// assert!(admin.list_devices(&pool, "ann")[0].remembered);
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
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

    /// Replaces the fault configuration (and restarts its random sequence). The counters of
    /// [`Admin::fault_counters`] keep counting.
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
    /// let emulator = Emulator::builder().start().await?;
    /// let admin = emulator.admin();
    /// let pool = admin.create_user_pool(PoolConfig::default())?;
    ///
    /// admin.set_faults(FaultConfig::default().with_internal_error(1.0));
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let (status, body) = call(&emulator, Operation::GetUserPoolMfaConfig, json!({ (member::USER_POOL_ID): pool })).await;
    /// assert_eq!(status, 500);
    /// assert_eq!(body, json!({ "__type": "InternalErrorException", "message": "Internal server error (injected)" }));
    ///
    /// admin.set_faults(FaultConfig::default());
    /// let (status, _) = call(&emulator, Operation::GetUserPoolMfaConfig, json!({ (member::USER_POOL_ID): pool })).await;
    /// assert_eq!(status, 200);
    /// assert_eq!(admin.fault_counters(), FaultCounters::default().with_requests(2).with_internal_errors(1));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    pub fn set_faults(&self, faults: FaultConfig) {
        *self.shared.faults.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = (faults, 0);
    }

    /// Requests received and faults injected so far.
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use cognito_srp_emulator::{Emulator, FaultConfig, FaultCounters};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder()
    ///     .faults(FaultConfig::default().with_drop_connection(1.0))
    ///     .start()
    ///     .await?;
    /// let admin = emulator.admin();
    /// assert_eq!(admin.fault_counters(), FaultCounters::default());
    ///
    /// let answer = reqwest::Client::new()
    ///     .post(emulator.endpoint())
    ///     .header(vocab::TARGET_HEADER, "AWSCognitoIdentityProviderService.ListUsers")
    ///     .body(r#"{"UserPoolId": "us-east-1_Any"}"#)
    ///     .send()
    ///     .await;
    /// assert!(answer.is_err()); // the connection was closed without an answer
    /// assert_eq!(admin.fault_counters(), FaultCounters::default().with_requests(1).with_dropped(1));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn fault_counters(&self) -> FaultCounters {
        *self.shared.counters.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Moves the emulator's clock forward (sessions, tokens and TIMESTAMP checks follow it);
    /// whole seconds.
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use std::time::Duration;
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
    /// # let pool = admin.create_user_pool(PoolConfig::default())?; // tokens live 3600 s
    /// # let flows = vec!["ALLOW_USER_PASSWORD_AUTH".to_owned()];
    /// # let (client, _) = admin.create_client(&pool, ClientConfig::default().with_explicit_auth_flows(flows))?;
    /// # admin.create_user(&pool, UserConfig::default().with_username("ann").with_password("Passw0rd!").with_permanent(true))?;
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let (_, body) = call(&emulator, Operation::InitiateAuth, json!({
    ///     (member::AUTH_FLOW): AuthFlow::UserPasswordAuth,
    ///     (member::CLIENT_ID): client,
    ///     (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::PASSWORD): "Passw0rd!" },
    /// })).await;
    /// let access = json!({ (member::ACCESS_TOKEN): body[member::AUTHENTICATION_RESULT][member::ACCESS_TOKEN] }); // valid 3600 s
    /// let (status, user) = call(&emulator, Operation::GetUser, access.clone()).await;
    /// assert_eq!((status, user[member::USERNAME].as_str()), (200, Some("ann")));
    ///
    /// let before = admin.now();
    /// admin.advance_clock(Duration::from_secs(3600));
    /// assert!((before + 3600..before + 3610).contains(&admin.now()));
    /// let (status, body) = call(&emulator, Operation::GetUser, access).await;
    /// assert_eq!((status, body["message"].as_str()), (400, Some("Access Token has expired")));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use std::time::Duration;
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
    /// # async fn sign_in_at(emulator: &cognito_srp_emulator::RunningEmulator, pool: &str, client: &str, unix_seconds: u64) -> (u16, serde_json::Value) {
    /// #     use cognito_srp_core::{ClientEphemeral, PasswordVerifierChallenge, Timestamp};
    /// #     let ephemeral = ClientEphemeral::generate(&mut cognito_srp_core::rand_core::UnwrapErr(getrandom::SysRng));
    /// #     let (_, c) = call(emulator, Operation::InitiateAuth, serde_json::json!({
    /// #         (member::AUTH_FLOW): AuthFlow::UserSrpAuth, (member::CLIENT_ID): client,
    /// #         (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::SRP_A): ephemeral.public_hex().as_str() },
    /// #     })).await;
    /// #     let p = &c[member::CHALLENGE_PARAMETERS];
    /// #     let challenge = PasswordVerifierChallenge {
    /// #         user_id_for_srp: p[param::USER_ID_FOR_SRP].as_str().expect("USER_ID_FOR_SRP"),
    /// #         salt_hex: p[param::SALT].as_str().expect("SALT"),
    /// #         srp_b_hex: p[param::SRP_B].as_str().expect("SRP_B"),
    /// #         secret_block: p[param::SECRET_BLOCK].as_str().expect("SECRET_BLOCK"),
    /// #     };
    /// #     let at = Timestamp::from_unix_seconds(unix_seconds).expect("a timestamp");
    /// #     let claim = ephemeral.user_claim(pool, &challenge, "Passw0rd!", &at).expect("a claim");
    /// #     call(emulator, Operation::RespondToAuthChallenge, serde_json::json!({
    /// #         (member::CLIENT_ID): client, (member::CHALLENGE_NAME): ChallengeName::PasswordVerifier, (member::SESSION): c[member::SESSION],
    /// #         (member::CHALLENGE_RESPONSES): { (param::USERNAME): "ann", (param::PASSWORD_CLAIM_SECRET_BLOCK): challenge.secret_block,
    /// #             (param::PASSWORD_CLAIM_SIGNATURE): claim.signature(), (param::TIMESTAMP): claim.timestamp() },
    /// #     })).await
    /// # }
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder().start().await?;
    /// let admin = emulator.admin();
    /// # let pool = admin.create_user_pool(PoolConfig::default())?;
    /// # let (client, _) = admin.create_client(&pool, ClientConfig::default())?;
    /// # admin.create_user(&pool, UserConfig::default().with_username("ann").with_password("Passw0rd!").with_permanent(true))?;
    /// // `sign_in_at` (hidden): a whole USER_SRP_AUTH sign-in of ann, with the right password and
    /// // the TIMESTAMP of the given Unix time in the PASSWORD_VERIFIER answer.
    /// // A device clock 20 minutes slow is outside the default 15 minutes...
    /// let (status, body) = sign_in_at(&emulator, &pool, &client, admin.now() - 20 * 60).await;
    /// assert_eq!((status, body["message"].as_str()), (400, Some("Incorrect username or password.")));
    ///
    /// // ...and inside 30.
    /// admin.set_timestamp_tolerance(Duration::from_secs(30 * 60));
    /// let (status, body) = sign_in_at(&emulator, &pool, &client, admin.now() - 20 * 60).await;
    /// assert_eq!((status, body[member::AUTHENTICATION_RESULT]["TokenType"].as_str()), (200, Some("Bearer")));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    pub fn set_timestamp_tolerance(&self, tolerance: Duration) {
        self.shared.timestamp_tolerance.store(tolerance.as_secs(), std::sync::atomic::Ordering::Relaxed);
    }

    /// The issuer (`iss`) of a pool's tokens ([`EmulatorBuilder::token_issuer`]), `None` for
    /// an unknown pool.
    ///
    /// ```
    /// use cognito_srp_emulator::{Emulator, PoolConfig, TokenIssuer};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = Emulator::builder().start().await?;
    /// let admin = emulator.admin();
    /// let pool = admin.create_user_pool(PoolConfig::default().with_id(Some("us-east-1_Issuer".into())))?;
    /// assert_eq!(admin.token_issuer(&pool), Some(format!("{}/us-east-1_Issuer", emulator.endpoint())));
    /// assert_eq!(admin.token_issuer("us-east-1_Nope"), None);
    /// emulator.shutdown().await;
    ///
    /// let emulator = Emulator::builder().token_issuer(TokenIssuer::Cognito).start().await?;
    /// let pool = emulator.admin().create_user_pool(PoolConfig::default().with_id(Some("us-east-1_Issuer".into())))?;
    /// let issuer = emulator.admin().token_issuer(&pool);
    /// assert_eq!(issuer.as_deref(), Some("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Issuer"));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn token_issuer(&self, pool_id: &str) -> Option<String> {
        let state = self.shared.lock();
        state.pools.get(pool_id).map(|pool| self.shared.issuer(pool))
    }

    /// The JSON Web Key Set the emulator publishes at `GET /{poolId}/.well-known/jwks.json`
    /// (one RS256 key, the same for every pool of this emulator): verify its tokens with it.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = cognito_srp_emulator::Emulator::builder().signing_key_seed([9; 32]).start().await?;
    /// let jwks = emulator.admin().jwks();
    /// let key = &jwks["keys"][0];
    /// assert_eq!((key["kty"].as_str(), key["alg"].as_str(), key["e"].as_str()), (Some("RSA"), Some("RS256"), Some("AQAB")));
    /// assert_eq!(key["kid"].as_str().map(str::len), Some(44));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({ "keys": [self.shared.keys.jwk()] })
    }

    /// How many authentication sessions (sign-ins waiting for a challenge answer) the
    /// emulator holds, expired ones included until the next purge
    /// ([`EmulatorBuilder::purge_interval`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = cognito_srp_emulator::Emulator::builder().start().await?;
    /// assert_eq!(emulator.admin().session_count(), 0);
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn session_count(&self) -> usize {
        self.shared.lock().sessions.len()
    }

    /// Gives a user (by username, alias or `sub`) a base32 TOTP secret and enables and prefers
    /// `SOFTWARE_TOKEN_MFA`, as AssociateSoftwareToken + VerifySoftwareToken +
    /// SetUserMFAPreference would. Compute codes with [`totp_code`] and [`Admin::now`].
    ///
    /// ```
    /// # use cognito_srp_proto::{AuthFlow, ChallengeName, Operation, param, vocab::{self, member}};
    /// use cognito_srp_emulator::{ClientConfig, Emulator, MfaConfiguration, PoolConfig, UserConfig, totp_code};
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
    /// let pool = admin.create_user_pool(PoolConfig::default().with_mfa(MfaConfiguration::Optional))?;
    /// # let flows = vec!["ALLOW_USER_PASSWORD_AUTH".to_owned()];
    /// # let (client, _) = admin.create_client(&pool, ClientConfig::default().with_explicit_auth_flows(flows))?;
    /// admin.create_user(&pool, UserConfig::default().with_username("ann").with_password("Passw0rd!").with_permanent(true))?;
    /// admin.set_totp_secret(&pool, "ann", "JBSWY3DPEHPK3PXP")?;
    ///
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let (_, challenge) = call(&emulator, Operation::InitiateAuth, json!({
    ///     (member::AUTH_FLOW): AuthFlow::UserPasswordAuth,
    ///     (member::CLIENT_ID): client,
    ///     (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::PASSWORD): "Passw0rd!" },
    /// })).await;
    /// assert_eq!(challenge[member::CHALLENGE_NAME], ChallengeName::SoftwareTokenMfa.as_str());
    /// let code = totp_code("JBSWY3DPEHPK3PXP", admin.now())?; // what an authenticator app shows
    /// let (status, done) = call(&emulator, Operation::RespondToAuthChallenge, json!({
    ///     (member::CLIENT_ID): client,
    ///     (member::CHALLENGE_NAME): ChallengeName::SoftwareTokenMfa,
    ///     (member::SESSION): challenge[member::SESSION],
    ///     (member::CHALLENGE_RESPONSES): { (param::USERNAME): "ann", (param::SOFTWARE_TOKEN_MFA_CODE): code },
    /// })).await;
    /// assert_eq!((status, done[member::AUTHENTICATION_RESULT]["TokenType"].as_str()), (200, Some("Bearer")));
    ///
    /// let err = admin.set_totp_secret(&pool, "ann", "not base32!").unwrap_err();
    /// assert_eq!(err.to_string(), "InvalidParameterException: TOTP secret is not base32");
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`EmulatorError::Api`] for an unknown pool or user, or a secret that is not base32 or is
    /// empty.
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
    /// admin.create_user(&pool, UserConfig::default()
    ///     .with_username("ann")
    ///     .with_password("Old-Passw0rd!")
    ///     .with_permanent(true))?;
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let sign_in = |password: &str| {
    ///     json!({
    ///         (member::AUTH_FLOW): AuthFlow::UserPasswordAuth,
    ///         (member::CLIENT_ID): client,
    ///         (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::PASSWORD): password },
    ///     })
    /// };
    ///
    /// admin.set_user_password(&pool, "ann", "Temp-Passw0rd!", false)?;
    /// let (status, body) = call(&emulator, Operation::InitiateAuth, sign_in("Old-Passw0rd!")).await;
    /// assert_eq!((status, body["message"].as_str()), (400, Some("Incorrect username or password.")));
    /// let (_, body) = call(&emulator, Operation::InitiateAuth, sign_in("Temp-Passw0rd!")).await;
    /// assert_eq!(body[member::CHALLENGE_NAME], ChallengeName::NewPasswordRequired.as_str());
    ///
    /// admin.set_user_password(&pool, "ann", "New-Passw0rd!", true)?;
    /// let (status, body) = call(&emulator, Operation::InitiateAuth, sign_in("New-Passw0rd!")).await;
    /// assert_eq!((status, body[member::AUTHENTICATION_RESULT]["TokenType"].as_str()), (200, Some("Bearer")));
    ///
    /// let err = admin.set_user_password(&pool, "nobody", "New-Passw0rd!", true).unwrap_err();
    /// assert_eq!(err.to_string(), "UserNotFoundException: User does not exist.");
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
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
    /// # admin.create_user(&pool, UserConfig::default().with_username("ann").with_password("Passw0rd!").with_permanent(true))?;
    /// // `call` (hidden) sends one Cognito JSON request and returns (HTTP status, JSON body).
    /// let sign_in = |device_key: Option<&str>| {
    ///     json!({
    ///         (member::AUTH_FLOW): AuthFlow::UserPasswordAuth,
    ///         (member::CLIENT_ID): client,
    ///         (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::PASSWORD): "Passw0rd!", (param::DEVICE_KEY): device_key },
    ///     })
    /// };
    /// // Sign in once and confirm the new device (hidden), which is then remembered.
    /// let (_, body) = call(&emulator, Operation::InitiateAuth, sign_in(None)).await;
    /// let key = body[member::AUTHENTICATION_RESULT]["NewDeviceMetadata"][member::DEVICE_KEY].as_str().unwrap();
    /// # let result = &body[member::AUTHENTICATION_RESULT];
    /// # let group = result["NewDeviceMetadata"]["DeviceGroupKey"].as_str().unwrap();
    /// # let mut rng = cognito_srp_core::rand_core::UnwrapErr(getrandom::SysRng);
    /// # let device = cognito_srp_core::DeviceVerifier::generate(&mut rng, group, key).unwrap();
    /// # call(&emulator, Operation::ConfirmDevice, json!({ (member::ACCESS_TOKEN): result[member::ACCESS_TOKEN], (member::DEVICE_KEY): key,
    /// #     (member::DEVICE_SECRET_VERIFIER_CONFIG): { (member::PASSWORD_VERIFIER): device.password_verifier(), (member::SALT): device.salt() } })).await;
    /// let (_, body) = call(&emulator, Operation::InitiateAuth, sign_in(Some(key))).await;
    /// assert_eq!(body[member::CHALLENGE_NAME], ChallengeName::DeviceSrpAuth.as_str()); // the device may prove itself
    ///
    /// assert!(admin.forget_device(&pool, key));
    /// assert!(!admin.forget_device(&pool, key)); // already gone
    /// assert!(admin.list_devices(&pool, "ann").is_empty());
    /// let (status, body) = call(&emulator, Operation::InitiateAuth, sign_in(Some(key))).await;
    /// assert_eq!(status, 400);
    /// assert_eq!(body, json!({ "__type": "ResourceNotFoundException", "message": "Device does not exist." }));
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    #[must_use = "false means there was no such device"]
    pub fn forget_device(&self, pool_id: &str, device_key: &str) -> bool {
        let mut state = self.shared.lock();
        state.pools.get_mut(pool_id).is_some_and(|pool| pool.devices.remove(device_key).is_some())
    }

    /// Runs one operation in-process, as the HTTP layer would but without HTTP (no faults,
    /// no CORS, no connection limits): `body` is the JSON request, the answer the JSON body
    /// of a 2xx, or Cognito's error. For tests of sans-IO drivers such as
    /// `cognito_srp_proto::SignIn`, which need a peer, not a socket.
    ///
    /// # Errors
    /// [`ApiError`] as the HTTP answer would carry it (`SerializationException` for a body
    /// that is not a JSON object, `UnknownOperationException`, the operation's own errors).
    ///
    /// ```
    /// use cognito_srp_emulator::{ErrorCode, Seed};
    /// use cognito_srp_proto::{AuthFlow, InitiateAuthRequest, Operation, param};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let seed = Seed::from_json(r#"{"pools":[{"id":"us-east-1_InProc","clients":[{"id":"app"}]}]}"#)?;
    /// let emulator = cognito_srp_emulator::Emulator::builder().seed(seed).start().await?;
    /// let mut request = InitiateAuthRequest::new(AuthFlow::UserSrpAuth, "app");
    /// request.auth_parameters.insert(param::USERNAME, "nobody");
    /// request.auth_parameters.insert(param::SRP_A, "2");
    /// let err = emulator.admin().dispatch(&Operation::InitiateAuth, &serde_json::to_vec(&request)?).unwrap_err();
    /// assert_eq!(err.code, ErrorCode::UserNotFound);
    /// let err = emulator.admin().dispatch(&Operation::InitiateAuth, b"[]").unwrap_err();
    /// assert_eq!(err.code, ErrorCode::Serialization);
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
    pub fn dispatch(
        &self,
        operation: &cognito_srp_proto::Operation,
        body: &[u8],
    ) -> Result<Vec<u8>, ApiError> {
        let json = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .filter(serde_json::Value::is_object)
            .ok_or_else(|| {
                ApiError::new(ErrorCode::Serialization, "Start of structure or map found where not expected.")
            })?;
        let answer = ops::dispatch(&self.shared, operation, &json)?;
        serde_json::to_vec(&answer).map_err(|_| ApiError::internal("An internal error occurred"))
    }

    /// The emulator's clock, in Unix seconds: the system clock moved by what
    /// [`Admin::advance_clock`] and [`Admin::set_clock`] did. Sign `TIMESTAMP`s with it.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime, UNIX_EPOCH};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cognito_srp_emulator::EmulatorError> {
    /// let emulator = cognito_srp_emulator::Emulator::builder().start().await?;
    /// let admin = emulator.admin();
    /// let system = || SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    /// assert!(admin.now().abs_diff(system()) <= 1);
    ///
    /// admin.advance_clock(Duration::from_secs(86_400)); // a day ahead of the system clock
    /// assert!(admin.now().abs_diff(system() + 86_400) <= 1);
    /// emulator.shutdown().await;
    /// # Ok(()) }
    /// ```
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
