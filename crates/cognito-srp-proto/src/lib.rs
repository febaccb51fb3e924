//! # cognito-srp-proto
//!
//! Amazon Cognito's user-pool protocol as a sans-IO state machine: `#![no_std]` with
//! `alloc`, no I/O, no clock, no runtime. It knows which call comes next, which user name
//! goes where, when `SECRET_HASH` and `DEVICE_KEY` are sent, how devices are confirmed, and
//! when a sign-in must start over; a driver (`cognito-srp-http`, a blocking client, a
//! browser, a microcontroller with its own TCP stack) only moves bytes.
//!
//! - [`vocab`]: the protocol's vocabulary ([`Operation`], [`AuthFlow`], [`ChallengeName`],
//!   [`ErrorCode`], the [`param`] keys). Every wire name is spelled here once.
//! - [`wire`]: the request and response types, serde, secrets redacted in `Debug`.
//! - [`account`]: the account operations' types (sign-up, password reset, attributes).
//! - [`admin`]: the administration and set-up operations' types (pools, app clients, users).
//! - [`json`]: how answers are read (through `serde_json::Value`, with [`json::JsonError`]).
//! - [`SignIn`]: the SRP sign-in with the device path, MFA (email MFA included), new
//!   passwords, custom challenges (with or without SRP), choice-based sign-in (`USER_AUTH`:
//!   [`FirstFactor`]s, `SELECT_CHALLENGE`, one-time codes, passkeys), device confirmation,
//!   and recovery from lost answers.
//! - [`Refresh`]: new tokens from a refresh token with `GetTokensFromRefreshToken` (and the
//!   rotated refresh token) or `REFRESH_TOKEN_AUTH` ([`RefreshMethod`]).
//!
//! The math comes from [`cognito_srp_core`]; time ([`Timestamp`]) and randomness (any
//! [`rand_core::TryCryptoRng`]: the operating system's generator, whose failure is an error
//! and not a panic, or any infallible `CryptoRng`) are passed in.
//!
//! ## A driver in a few lines
//! ```
//! use cognito_srp_proto::{Action, AppClient, Call, Failure, Recovery, ServiceError, SignIn, SignInOptions, Timestamp};
//! use getrandom::{SysRng, rand_core::UnwrapErr};
//!
//! /// Sends `call` somehow and returns the HTTP status and body.
//! fn send(call: &Call) -> (u16, Vec<u8>) {
//! #   let _ = call;
//!     (400, br#"{"__type":"UserNotFoundException","message":"User does not exist."}"#.to_vec())
//! }
//!
//! let mut rng = UnwrapErr(SysRng);
//! let client = AppClient::new("us-east-1_AbCdEf123", "1example23456789")?;
//! let mut sign_in = SignIn::new(client, "alice", "correct horse", SignInOptions::default());
//! let mut call = sign_in.start(&mut rng)?;
//! let outcome = loop {
//!     let (status, body) = send(&call);
//!     if (200..300).contains(&status) {
//!         match sign_in.on_reply(&body, &Timestamp::from_unix_seconds(1_767_776_703)?, &mut rng)? {
//!             Action::Send(next) => call = next,
//!             Action::Step(step) => break Err(format!("ask the person: {step:?}")),
//!             Action::Done(signed_in) => break Ok(signed_in),
//!             _ => break Err("a newer action".into()),
//!         }
//!     } else {
//!         let error = ServiceError::from_response(status, None, &body);
//!         match sign_in.on_failure(Failure::Service(&error), &mut rng) {
//!             Recovery::Restart(next) | Recovery::Resend(next) => call = next, // after next.delay
//!             _ => break Err(error.to_string()),
//!         }
//!     }
//! };
//! assert_eq!(outcome.unwrap_err(), "UserNotFoundException: User does not exist.");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(
    not(test),
    deny(clippy::std_instead_of_core, clippy::std_instead_of_alloc, clippy::alloc_instead_of_core)
)]

extern crate alloc;

pub mod account;
pub mod admin;
mod call;
mod error;
pub mod json;
mod refresh;
mod retry;
mod secret;
mod sign_in;
pub mod sigv4;
mod tokens;
pub mod vocab;
pub mod wire;

pub use call::{Call, Request, Resend};
pub use cognito_srp_core::{Timestamp, rand_core};
pub use error::{Error, ProtocolError, ServiceError};
pub use refresh::{Refresh, RefreshFailure, RefreshMethod};
pub use retry::{Resender, RetryPolicy};
pub use secret::{Parameters, SecretString};
pub use sign_in::{
    Action, AppClient, DEFAULT_MAX_RESTARTS, Failure, FirstFactor, MfaKind, Recovery, SignIn, SignInOptions,
    SignedIn, SrpFlow, Step, confirm_device,
};
pub use tokens::{DeviceCredentials, Tokens};
pub use vocab::{AuthFlow, ChallengeName, DeviceRememberedStatus, ErrorCode, Operation, param};
pub use wire::{
    AnalyticsMetadata, AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, AttributeType,
    AuthResponse, AuthenticationResult, ChangePasswordRequest, ConfirmDeviceRequest, ConfirmDeviceResponse,
    DeviceSecretVerifierConfig, DeviceType, EmptyResponse, ErrorBody, ForgetDeviceRequest, GetDeviceRequest,
    GetDeviceResponse, GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse, GetUserRequest,
    GetUserResponse, GlobalSignOutRequest, InitiateAuthRequest, InitiateAuthResponse, ListDevicesRequest,
    ListDevicesResponse, MfaOptionType, MfaSettings, NewDeviceMetadata, RespondToAuthChallengeRequest,
    RespondToAuthChallengeResponse, RevokeTokenRequest, SetUserMfaPreferenceRequest,
    UpdateDeviceStatusRequest, UserContextData, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
};

/// The README's examples, compiled and run as doc tests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
