//! # cognito-srp-http
//!
//! An async client for Amazon Cognito user pools that signs users in with SRP-6a, device
//! tracking included, without the AWS SDK. Two layers:
//!
//! - **Operations** ([`operations`]): one typed request and response per Cognito operation,
//!   sent by [`Client`] over reqwest with rustls, with connect and request timeouts,
//!   jittered exponential backoff for throttling, 5xx and connection failures, and typed
//!   errors ([`Error`], [`ErrorCode`]).
//! - **Flows** ([`UserPool`], [`SignIn`]): SRP sign-in through every challenge as a typed
//!   [`Step`] API, device confirmation and device sign-in ([`DeviceCredentials`]),
//!   refresh, sign-out and device management, with `SECRET_HASH` where it is needed; and
//!   the account flows: sign-up → confirmation → sign-in with `ConfirmSignUp`'s session
//!   ([`UserPool::sign_up`]), password reset ([`UserPool::forgot_password`]), attribute
//!   change → verification ([`UserPool::update_user_attributes`]), deletion.
//!
//! The protocol comes from [`cognito_srp_proto`]: its wire model and vocabulary are
//! re-exported here ([`operations`], [`AuthFlow`], [`ChallengeName`], [`ErrorCode`],
//! [`Parameters`], [`SecretString`], [`Tokens`], [`DeviceCredentials`]), and its sans-IO
//! state machine decides every step of a sign-in; this crate sends the calls it asks for and
//! feeds the answers back. The math comes from [`cognito_srp_core`].
//!
//! ## Endpoint
//! [`UserPool::new`] talks to `https://cognito-idp.{region}.amazonaws.com/` for the region
//! in the pool id. As in the AWS SDKs, `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` or
//! `AWS_ENDPOINT_URL` override it, and [`ClientBuilder::endpoint`] overrides everything
//! (for a local emulator).
//!
//! ## Example
//! A password sign-in through MFA, a refresh and a sign-out, here against the local
//! emulator (`cognito-srp-emulator`); with [`UserPool::new`] the same code talks to AWS.
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let seed = r#"{"pools":[{"id":"us-east-1_Example","mfa":"OPTIONAL","email_alias":true,
//! #   "clients":[{"id":"appclientid","secret":"app client secret"}],
//! #   "users":[{"username":"alice","password":"correct horse battery staple","permanent":true,
//! #     "email":"alice@example.com","totp_secret":"JBSWY3DPEHPK3PXP"}]}]}"#;
//! # let emulator = cognito_srp_emulator::Emulator::builder()
//! #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
//! # let endpoint = emulator.endpoint();
//! # let admin = emulator.admin();
//! # let authenticator_app = || cognito_srp_emulator::totp_code("JBSWY3DPEHPK3PXP", admin.now());
//! use cognito_srp_http::{Client, ErrorCode, Step, UserPool};
//! let client = Client::builder().endpoint(endpoint).build()?;
//! let pool = UserPool::with_client(client, "us-east-1_Example", "appclientid")?
//!     .with_client_secret("app client secret");
//! let mut sign_in = pool.sign_in("alice@example.com", "correct horse battery staple");
//! let mut step = sign_in.start().await?;
//! let done = loop {
//!     step = match step {
//!         Step::Done(done) => break done,
//!         Step::MfaCode { .. } => sign_in.answer_mfa_code(&authenticator_app()?).await?,
//!         Step::NewPasswordRequired { .. } => sign_in.answer_new_password("N3w password!", &[]).await?,
//!         other => return Err(format!("not handled here: {other:?}").into()),
//!     };
//! };
//! // Signed in with the email alias as the internal user name.
//! assert_eq!(done.username, "alice");
//! let refresh_token = done.tokens.refresh_token.as_ref().ok_or("no refresh token")?;
//! let fresh = pool.refresh(refresh_token, &done.username, None).await?;
//! pool.sign_out(&fresh.access_token).await?;
//! // Signed out everywhere: the refresh token no longer works.
//! let err = pool.refresh(refresh_token, &done.username, None).await.unwrap_err();
//! assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
//! # Ok(()) }
//! ```
//!
//! ## Secrets
//! Passwords, tokens, codes, client secrets and device passwords are [`SecretString`]s or
//! live in [`Parameters`]: zeroized on drop, redacted in `Debug`, and never put in a
//! `tracing` field. Each operation runs in a `cognito_idp` span with the operation name,
//! the attempt count and the HTTP status.
//!
//! ## Features
//! - `precomputed-table` (default): the core's fixed-base table for g (604.5 KiB of read-only
//!   data), which makes `SRP_A` and device verifiers about 10x faster (about 2 ms less per
//!   sign-in); `default-features = false` leaves it out and the same constant-time generic
//!   exponentiation runs instead.
//! - `blocking`: [`blocking::UserPool`] and [`blocking::SignIn`], the same client without
//!   `async`, for programs without an async runtime.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;

#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
pub mod credentials;
mod endpoint;
mod error;
mod flows;
pub mod operations;
mod platform;
pub mod provider;
mod sigv4;
pub mod verify;

pub use client::{Client, ClientBuilder, RetryPolicy};
/// The account flows' types and checks (sign-up, password reset, attributes): [`cognito_srp_proto::account`].
pub use cognito_srp_proto::account;
pub use cognito_srp_proto::account::{AttributeUpdate, ConfirmedSignUp, SignUpNext, SignedUp};
pub use cognito_srp_proto::{
    AuthFlow, ChallengeName, DeviceCredentials, DeviceRememberedStatus, ErrorCode, FirstFactor, MfaKind,
    Operation, Parameters, Refresh, RefreshMethod, SecretString, Tokens, param, vocab::DeliveryMedium,
};
pub use endpoint::{
    ENV_GLOBAL_ENDPOINT, ENV_IGNORE_ENDPOINTS, ENV_REGION, ENV_SERVICE_ENDPOINT, region_from_pool_id,
    regional_endpoint, resolve_endpoint,
};
pub use error::{Error, ProtocolError, ServiceError};
pub use flows::{AdminUserPool, SignIn, SignedIn, Step, UserPool};
/// The HTTP client this crate runs on, re-exported so an application names the same version:
/// [`ClientBuilder::http_client`] takes a [`reqwest::Client`] and [`Error::Transport`]
/// carries a [`reqwest::Error`]. A new reqwest 0.x release in these places is a breaking
/// release of this crate (see DESIGN.md, "Public API").
pub use reqwest;

/// The README's examples, compiled and run as doc tests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
