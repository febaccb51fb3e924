//! What a driver sends: a [`Call`] holds one [`Request`], the delay before sending it, and
//! whether it may be sent again after a failure.

use alloc::boxed::Box;
use alloc::string::ToString;
use alloc::vec::Vec;
use core::time::Duration;

use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

use crate::admin::{AdminInitiateAuthRequest, AdminRespondToAuthChallengeRequest};
use crate::error::{Error, ProtocolError};
use crate::vocab::Operation;
use crate::wire::{
    AssociateSoftwareTokenRequest, ConfirmDeviceRequest, GetTokensFromRefreshTokenRequest,
    InitiateAuthRequest, RespondToAuthChallengeRequest, UpdateDeviceStatusRequest,
    VerifySoftwareTokenRequest,
};

/// Whether a request may be sent again when its fate is unknown.
///
/// ```
/// use cognito_srp_proto::{ChallengeName, Request, Resend, RespondToAuthChallengeRequest};
/// let answer = Request::RespondToAuthChallenge(RespondToAuthChallengeRequest::new(ChallengeName::SmsMfa, "c"));
/// assert_eq!(answer.resend(), Resend::Never);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Resend {
    /// Sending it twice does no harm: a driver may retry any transient failure.
    Idempotent,
    /// It spends a session or a one-time code, or changes state in a way a second copy
    /// would not repeat: a driver sends it once, and again only when it certainly never
    /// left (the connection was refused); recovery is the state machine's (a restart from
    /// `InitiateAuth`) or the caller's.
    Never,
}

impl Operation {
    /// Whether a driver may send this operation's request again when its fate is unknown
    /// (see [`Resend`]). Reads, `InitiateAuth` (each attempt opens a new session),
    /// `GetTokensFromRefreshToken` (see below), and the calls that set the same state again
    /// are [`Resend::Idempotent`]; challenge answers,
    /// TOTP set-up, `ChangePassword` and every operation this crate does not classify are
    /// [`Resend::Never`].
    ///
    /// `GetTokensFromRefreshToken` on an app client with rotation is not idempotent, yet a
    /// resend never does worse than giving up: when the first copy was not processed
    /// (throttled, refused at the door) the resend is the refresh; when it was and its answer
    /// was lost, the new refresh token is lost either way, and the resend still works within
    /// the client's grace period (after it Cognito refuses it, as it would refuse the next
    /// refresh with the old token). The AWS SDKs retry it too.
    ///
    /// ```
    /// use cognito_srp_proto::{Operation, Resend};
    /// assert_eq!(Operation::GetTokensFromRefreshToken.resend(), Resend::Idempotent);
    /// assert_eq!(Operation::GetUser.resend(), Resend::Idempotent);
    /// assert_eq!(Operation::ChangePassword.resend(), Resend::Never);
    /// assert_eq!(Operation::parse("SomethingNew").resend(), Resend::Never);
    /// ```
    #[must_use]
    pub fn resend(&self) -> Resend {
        match self {
            Self::InitiateAuth
            | Self::GetTokensFromRefreshToken
            | Self::ConfirmDevice
            | Self::UpdateDeviceStatus
            | Self::GetDevice
            | Self::ListDevices
            | Self::ForgetDevice
            | Self::GlobalSignOut
            | Self::RevokeToken
            | Self::SetUserMfaPreference
            | Self::GetUser
            | Self::DescribeUserPool
            | Self::ListUserPools
            | Self::DescribeUserPoolClient
            | Self::ListUserPoolClients
            | Self::GetUserPoolMfaConfig
            | Self::ListUsers
            | Self::AdminGetUser
            | Self::AdminListDevices
            | Self::AdminGetDevice => Resend::Idempotent,
            _ => Resend::Never,
        }
    }
}

/// One request of the sign-in machine.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Request {
    /// `InitiateAuth`.
    InitiateAuth(InitiateAuthRequest),
    /// `RespondToAuthChallenge`.
    RespondToAuthChallenge(RespondToAuthChallengeRequest),
    /// `AssociateSoftwareToken` (during `MFA_SETUP`).
    AssociateSoftwareToken(AssociateSoftwareTokenRequest),
    /// `VerifySoftwareToken` (during `MFA_SETUP`).
    VerifySoftwareToken(VerifySoftwareTokenRequest),
    /// `ConfirmDevice`.
    ConfirmDevice(ConfirmDeviceRequest),
    /// `UpdateDeviceStatus`.
    UpdateDeviceStatus(UpdateDeviceStatusRequest),
    /// `GetTokensFromRefreshToken` (a [`crate::Refresh`]).
    GetTokensFromRefreshToken(GetTokensFromRefreshTokenRequest),
    /// `AdminInitiateAuth` (a sign-in in admin mode, [`crate::SignIn::admin`]): signed with
    /// SigV4 by the driver.
    AdminInitiateAuth(Box<AdminInitiateAuthRequest>),
    /// `AdminRespondToAuthChallenge` (admin mode): signed with SigV4 by the driver.
    AdminRespondToAuthChallenge(Box<AdminRespondToAuthChallengeRequest>),
}

impl Request {
    /// The operation (for `X-Amz-Target`: [`Operation::target`]).
    #[must_use]
    pub fn operation(&self) -> Operation {
        match self {
            Self::InitiateAuth(_) => Operation::InitiateAuth,
            Self::RespondToAuthChallenge(_) => Operation::RespondToAuthChallenge,
            Self::AssociateSoftwareToken(_) => Operation::AssociateSoftwareToken,
            Self::VerifySoftwareToken(_) => Operation::VerifySoftwareToken,
            Self::ConfirmDevice(_) => Operation::ConfirmDevice,
            Self::UpdateDeviceStatus(_) => Operation::UpdateDeviceStatus,
            Self::GetTokensFromRefreshToken(_) => Operation::GetTokensFromRefreshToken,
            Self::AdminInitiateAuth(_) => Operation::AdminInitiateAuth,
            Self::AdminRespondToAuthChallenge(_) => Operation::AdminRespondToAuthChallenge,
        }
    }

    /// Whether a driver may send it again (see [`Resend`]). `InitiateAuth` starts a fresh
    /// session each time; `ConfirmDevice` and `UpdateDeviceStatus` set the same state again;
    /// a challenge answer spends its session, and `AssociateSoftwareToken` and
    /// `VerifySoftwareToken` spend theirs.
    #[must_use]
    pub fn resend(&self) -> Resend {
        self.operation().resend()
    }

    /// The JSON body, in a buffer zeroized on drop (it holds secrets).
    ///
    /// # Errors
    /// [`Error::Encode`] if serialization fails (it does not for these types; the error is
    /// there so that no path panics).
    pub fn to_json(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
        let encoded = match self {
            Self::InitiateAuth(r) => serde_json::to_vec(r),
            Self::RespondToAuthChallenge(r) => serde_json::to_vec(r),
            Self::AssociateSoftwareToken(r) => serde_json::to_vec(r),
            Self::VerifySoftwareToken(r) => serde_json::to_vec(r),
            Self::ConfirmDevice(r) => serde_json::to_vec(r),
            Self::UpdateDeviceStatus(r) => serde_json::to_vec(r),
            Self::GetTokensFromRefreshToken(r) => serde_json::to_vec(r),
            Self::AdminInitiateAuth(r) => serde_json::to_vec(r),
            Self::AdminRespondToAuthChallenge(r) => serde_json::to_vec(r),
        };
        encoded
            .map(Zeroizing::new)
            .map_err(|e| Error::Encode { operation: self.operation(), reason: e.to_string() })
    }
}

/// A request to send, after `delay` (zero except after a failure, when the machine backs
/// off before starting over).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Call {
    /// What to send.
    pub request: Request,
    /// How long to wait before sending it.
    pub delay: Duration,
}

impl Call {
    pub(crate) fn now(request: Request) -> Self {
        Self { request, delay: Duration::ZERO }
    }
}

/// Parses a 2xx body as `operation`'s answer.
pub(crate) fn parse_body<T: DeserializeOwned>(operation: Operation, body: &[u8]) -> Result<T, Error> {
    // An empty body counts as `{}` (some answers have no fields).
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    crate::json::from_slice(body)
        .map_err(|e| Error::Protocol(ProtocolError::InvalidBody { operation, reason: e.to_string() }))
}
