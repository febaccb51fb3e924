//! The SRP sign-in as a sans-IO state machine.
//!
//! [`SignIn::start`] gives the first [`Call`]; the driver sends it and feeds the answer back
//! with [`SignIn::on_reply`] (a 2xx body) or [`SignIn::on_failure`] (an error answer or a
//! lost one). Each answer yields an [`Action`]: another call, a [`Step`] for the person
//! (answered with the `answer_*` methods, which give the next call), or the [`SignedIn`]
//! result. Time and randomness come in as arguments; nothing here does I/O.
//!
//! Each state owns exactly its data: the SRP ephemeral lives in the state that awaits
//! `PASSWORD_VERIFIER`, the device ephemeral in the one that awaits
//! `DEVICE_PASSWORD_VERIFIER`, the session of a person step in the state that waits for the
//! person.

use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use cognito_srp_core::rand_core::TryCryptoRng;
use cognito_srp_core::{
    ClientEphemeral, DeviceVerifier, DeviceVerifierChallenge, PasswordVerifierChallenge, Timestamp,
};

use crate::admin::{AdminInitiateAuthRequest, AdminRespondToAuthChallengeRequest};
use crate::call::{Call, Request, parse_body};
use crate::error::{Error, ProtocolError, ServiceError};
use crate::retry::RetryPolicy;
use crate::secret::{Parameters, SecretString};
use crate::tokens::{DeviceCredentials, Tokens};
use crate::vocab::{
    AuthFlow, ChallengeName, DeliveryMedium, DeviceRememberedStatus, ErrorCode, Operation, param,
};
use crate::wire::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, AuthResponse, AuthenticationResult,
    ConfirmDeviceRequest, ConfirmDeviceResponse, DeviceSecretVerifierConfig,
    GetTokensFromRefreshTokenRequest, InitiateAuthRequest, NewDeviceMetadata, RespondToAuthChallengeRequest,
    RevokeTokenRequest, UpdateDeviceStatusRequest, UserContextData, VerifySoftwareTokenRequest,
    VerifySoftwareTokenResponse,
};

/// SRP steps answered in a row before the machine calls it a server loop.
const MAX_SRP_STEPS: u32 = 8;

/// The default of [`SignInOptions::max_restarts`]: enough to ride out a throttling burst
/// (each restart waits a jittered backoff first).
pub const DEFAULT_MAX_RESTARTS: u32 = 50;

/// A user pool's app client: the pool id, the client id, and the client secret if the app
/// client has one (then every call carries `SECRET_HASH`).
///
/// ```
/// use cognito_srp_proto::AppClient;
/// let client = AppClient::new("us-east-1_AbCdEf123", "1example23456789")?.with_secret("s3cr3t");
/// assert_eq!(client.pool_name(), "AbCdEf123");
/// assert!(client.secret_hash("alice").is_some());
/// assert!(AppClient::new("no-underscore", "c").is_err());
/// # Ok::<(), cognito_srp_proto::Error>(())
/// ```
#[derive(Clone)]
pub struct AppClient {
    pool_id: String,
    client_id: String,
    client_secret: Option<SecretString>,
}

impl fmt::Debug for AppClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppClient")
            .field("pool_id", &self.pool_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl AppClient {
    /// The app client `client_id` of pool `pool_id` (`<region>_<name>`).
    ///
    /// # Errors
    /// [`Error::Config`] for a pool id without a region and a name.
    pub fn new(pool_id: impl Into<String>, client_id: impl Into<String>) -> Result<Self, Error> {
        let pool_id = pool_id.into();
        if cognito_srp_core::pool_name(&pool_id).is_err() {
            return Err(Error::Config(format!("pool id {pool_id:?} is not <region>_<id>")));
        }
        Ok(Self { pool_id, client_id: client_id.into(), client_secret: None })
    }

    /// With the app client's secret (an empty one counts as none).
    #[must_use]
    pub fn with_secret(mut self, secret: impl Into<SecretString>) -> Self {
        self.client_secret = Some(secret.into()).filter(|s| !s.is_empty());
        self
    }

    /// The pool id.
    #[must_use]
    pub fn pool_id(&self) -> &str {
        &self.pool_id
    }

    /// The pool name: the part of the pool id after the first `_`.
    #[must_use]
    pub fn pool_name(&self) -> &str {
        cognito_srp_core::pool_name(&self.pool_id).unwrap_or_default()
    }

    /// The client id.
    #[must_use]
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Whether the app client has a secret.
    #[must_use]
    pub fn has_secret(&self) -> bool {
        self.client_secret.is_some()
    }

    /// `SECRET_HASH` for `username`, when the app client has a secret.
    #[must_use]
    pub fn secret_hash(&self, username: &str) -> Option<String> {
        self.client_secret.as_ref().map(|secret| {
            cognito_srp_core::secret_hash(secret.expose_secret(), username, &self.client_id)
                .as_str()
                .to_owned()
        })
    }

    /// `REFRESH_TOKEN_AUTH`: new tokens from a refresh token. `username` is the internal user
    /// name (for `SECRET_HASH`), `device_key` the device the tokens were issued to, if any.
    ///
    /// ```
    /// use cognito_srp_proto::{AppClient, AuthFlow, SecretString, param};
    /// let client = AppClient::new("us-east-1_X", "c")?;
    /// let request = client.refresh_request(&SecretString::from("rt"), "alice", Some("us-east-1_d"));
    /// assert_eq!(request.auth_flow, AuthFlow::RefreshTokenAuth);
    /// assert_eq!(request.auth_parameters.get(param::DEVICE_KEY), Some("us-east-1_d"));
    /// # Ok::<(), cognito_srp_proto::Error>(())
    /// ```
    #[must_use]
    pub fn refresh_request(
        &self,
        refresh_token: &SecretString,
        username: &str,
        device_key: Option<&str>,
    ) -> InitiateAuthRequest {
        let mut request = InitiateAuthRequest::new(AuthFlow::RefreshTokenAuth, self.client_id.as_str());
        request.auth_parameters.insert(param::REFRESH_TOKEN, refresh_token.expose_secret());
        request.auth_parameters.insert_opt(param::SECRET_HASH, self.secret_hash(username).as_deref());
        request.auth_parameters.insert_opt(param::DEVICE_KEY, device_key);
        request
    }

    /// `GetTokensFromRefreshToken`: new tokens from a refresh token, and a new refresh token
    /// when the app client rotates them. The client secret, if any, goes as `ClientSecret`
    /// (no `SECRET_HASH`, so no user name is needed); `device_key` is the device the tokens
    /// were issued to, if any (on a pool that remembers devices Cognito otherwise issues a new
    /// device). Read the answer with [`Tokens::from_get_tokens`]; [`crate::Refresh`] drives
    /// this with a fallback to [`AppClient::refresh_request`].
    ///
    /// ```
    /// use cognito_srp_proto::{AppClient, SecretString};
    /// let client = AppClient::new("us-east-1_X", "c")?.with_secret("s3cr3t");
    /// let request = client.get_tokens_request(&SecretString::from("rt"), Some("us-east-1_d"));
    /// assert_eq!(request.client_secret.as_ref().map(SecretString::expose_secret), Some("s3cr3t"));
    /// assert_eq!(request.device_key.as_deref(), Some("us-east-1_d"));
    /// assert_eq!(request.refresh_token.expose_secret(), "rt");
    /// # Ok::<(), cognito_srp_proto::Error>(())
    /// ```
    #[must_use]
    pub fn get_tokens_request(
        &self,
        refresh_token: &SecretString,
        device_key: Option<&str>,
    ) -> GetTokensFromRefreshTokenRequest {
        let mut request =
            GetTokensFromRefreshTokenRequest::new(refresh_token.clone(), self.client_id.as_str());
        request.client_secret.clone_from(&self.client_secret);
        request.device_key = device_key.filter(|k| !k.is_empty()).map(ToOwned::to_owned);
        request
    }

    /// `RevokeToken` for `refresh_token`, with the client secret when the app client has one.
    ///
    /// ```
    /// use cognito_srp_proto::{AppClient, SecretString};
    /// let client = AppClient::new("us-east-1_X", "c")?.with_secret("s3cr3t");
    /// let request = client.revoke_request(&SecretString::from("rt"));
    /// assert_eq!(request.client_id, "c");
    /// assert_eq!(request.client_secret.as_ref().map(SecretString::expose_secret), Some("s3cr3t"));
    /// # Ok::<(), cognito_srp_proto::Error>(())
    /// ```
    #[must_use]
    pub fn revoke_request(&self, refresh_token: &SecretString) -> RevokeTokenRequest {
        let mut request = RevokeTokenRequest::new(refresh_token.clone(), self.client_id.as_str());
        request.client_secret.clone_from(&self.client_secret);
        request
    }
}

/// `ConfirmDevice` for a device Cognito started tracking (`metadata`, from the sign-in's
/// `NewDeviceMetadata`): a fresh device password (base64 of 40 random bytes) and 16 random
/// salt bytes, the verifier from them, and the credentials to store once the call succeeds.
/// The request is built once, so every resend carries the same verifier.
///
/// ```
/// use cognito_srp_proto::{NewDeviceMetadata, SecretString, confirm_device};
/// use getrandom::{SysRng, rand_core::UnwrapErr};
/// let metadata = NewDeviceMetadata::new("us-east-1_7f9c2b1e", "-AbCdEf12");
/// let (request, device) = confirm_device(&SecretString::from("at"), &metadata, Some("laptop"), &mut UnwrapErr(SysRng))?;
/// assert_eq!(request.device_key, device.device_key);
/// assert_eq!(request.device_name.as_deref(), Some("laptop"));
/// assert_eq!(device.device_password.expose_secret().len(), 56);
/// assert!(request.device_secret_verifier_config.is_some());
/// // Without both keys there is nothing to confirm.
/// let empty = NewDeviceMetadata::new("", "-AbCdEf12");
/// assert!(confirm_device(&SecretString::from("at"), &empty, None, &mut UnwrapErr(SysRng)).is_err());
/// # Ok::<(), cognito_srp_proto::Error>(())
/// ```
///
/// # Errors
/// [`ProtocolError::MissingField`] when a key is empty, [`Error::Srp`] when the core refuses
/// the keys or `rng` fails ([`cognito_srp_core::Error::RandomUnavailable`]).
pub fn confirm_device<R: TryCryptoRng + ?Sized>(
    access_token: &SecretString,
    metadata: &NewDeviceMetadata,
    device_name: Option<&str>,
    rng: &mut R,
) -> Result<(ConfirmDeviceRequest, DeviceCredentials), Error> {
    if metadata.device_key.is_empty() || metadata.device_group_key.is_empty() {
        return Err(Error::Protocol(ProtocolError::MissingField("NewDeviceMetadata")));
    }
    let verifier = DeviceVerifier::try_generate(rng, &metadata.device_group_key, &metadata.device_key)?;
    let credentials = DeviceCredentials::new(
        metadata.device_key.as_str(),
        metadata.device_group_key.as_str(),
        verifier.device_password(),
    );
    let mut request = ConfirmDeviceRequest::new(access_token.clone(), metadata.device_key.as_str())
        .verifier(DeviceSecretVerifierConfig::new(verifier.password_verifier(), verifier.salt()));
    request.device_name = device_name.map(str::to_owned);
    Ok((request, credentials))
}

/// An MFA method.
///
/// ```
/// use cognito_srp_proto::MfaKind;
/// assert_eq!(MfaKind::from_challenge("SOFTWARE_TOKEN_MFA"), MfaKind::SoftwareToken);
/// assert_eq!(MfaKind::from_challenge("WEB_AUTHN"), MfaKind::Other("WEB_AUTHN".into()));
/// assert_eq!(MfaKind::Email.challenge_name(), "EMAIL_OTP");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MfaKind {
    /// A code sent by SMS (`SMS_MFA`).
    Sms,
    /// A TOTP authenticator app (`SOFTWARE_TOKEN_MFA`).
    SoftwareToken,
    /// A code sent by email (`EMAIL_OTP`).
    Email,
    /// Another method, by its challenge name.
    Other(String),
}

impl MfaKind {
    /// Reads a challenge name (case-sensitive).
    #[must_use]
    pub fn from_challenge(name: &str) -> Self {
        Self::from_challenge_name(&ChallengeName::parse(name))
    }

    /// The method a challenge asks for.
    #[must_use]
    pub fn from_challenge_name(name: &ChallengeName) -> Self {
        match name {
            ChallengeName::SmsMfa => Self::Sms,
            ChallengeName::SoftwareTokenMfa => Self::SoftwareToken,
            ChallengeName::EmailOtp => Self::Email,
            other => Self::Other(other.as_str().to_owned()),
        }
    }

    /// The challenge name.
    #[must_use]
    pub fn challenge_name(&self) -> &str {
        match self {
            Self::Sms => ChallengeName::SmsMfa.as_str(),
            Self::SoftwareToken => ChallengeName::SoftwareTokenMfa.as_str(),
            Self::Email => ChallengeName::EmailOtp.as_str(),
            Self::Other(name) => name,
        }
    }
}

/// `userAttributes` of `NEW_PASSWORD_REQUIRED`: a JSON object whose string values are kept
/// as they are and other values as their JSON text; anything else reads as no attributes.
fn user_attributes(raw: Option<&str>) -> BTreeMap<String, String> {
    let read = raw
        .and_then(|raw| crate::json::from_slice::<BTreeMap<String, serde_json::Value>>(raw.as_bytes()).ok());
    // Inserted one by one (the keys come sorted and unique): collecting into a map would
    // bring in a whole sort for nothing (about 4 KB of the npm package's .wasm).
    let mut attributes = BTreeMap::new();
    for (name, value) in read.unwrap_or_default() {
        let value = match value {
            serde_json::Value::String(s) => s,
            other => serde_json::to_string(&other).unwrap_or_default(),
        };
        attributes.insert(name, value);
    }
    attributes
}

/// Reads a list of MFA methods in every form seen: a JSON list, a Python-style list (moto),
/// or comma-separated names.
fn mfa_list(params: &Parameters, key: &str) -> Vec<MfaKind> {
    let Some(raw) = params.get(key) else {
        return Vec::new();
    };
    let names: Vec<String> = crate::json::from_slice(raw.as_bytes()).unwrap_or_else(|_| {
        raw.trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\'').to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    });
    names.iter().map(|n| MfaKind::from_challenge(n)).collect()
}

/// A first factor of choice-based sign-in (`USER_AUTH`): what `PREFERRED_CHALLENGE` asks
/// for, what `SELECT_CHALLENGE` offers and what its answer picks.
///
/// ```
/// use cognito_srp_proto::{ChallengeName, FirstFactor};
/// assert_eq!(FirstFactor::PasswordSrp.challenge_name(), ChallengeName::PasswordSrp);
/// assert_eq!(FirstFactor::from_challenge_name(&ChallengeName::SmsOtp), Some(FirstFactor::SmsOtp));
/// assert_eq!(FirstFactor::from_challenge_name(&ChallengeName::SmsMfa), None);
/// assert!(FirstFactor::Password.needs_password() && !FirstFactor::EmailOtp.needs_password());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FirstFactor {
    /// The password, proven with SRP (`PASSWORD_SRP`); the device steps follow as in
    /// `USER_SRP_AUTH`.
    PasswordSrp,
    /// The password in clear over TLS (`PASSWORD`).
    Password,
    /// A one-time code sent by email (`EMAIL_OTP`).
    EmailOtp,
    /// A one-time code sent by text message (`SMS_OTP`).
    SmsOtp,
    /// A passkey (`WEB_AUTHN`).
    WebAuthn,
}

impl FirstFactor {
    /// Every first factor, in the order above.
    pub const ALL: [Self; 5] =
        [Self::PasswordSrp, Self::Password, Self::EmailOtp, Self::SmsOtp, Self::WebAuthn];

    /// The challenge name (also the value of `PREFERRED_CHALLENGE` and of the
    /// `SELECT_CHALLENGE` answer).
    #[must_use]
    pub fn challenge_name(self) -> ChallengeName {
        match self {
            Self::PasswordSrp => ChallengeName::PasswordSrp,
            Self::Password => ChallengeName::Password,
            Self::EmailOtp => ChallengeName::EmailOtp,
            Self::SmsOtp => ChallengeName::SmsOtp,
            Self::WebAuthn => ChallengeName::WebAuthn,
        }
    }

    /// The first factor a challenge name stands for, if any.
    #[must_use]
    pub fn from_challenge_name(name: &ChallengeName) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.challenge_name() == *name)
    }

    /// Whether choosing it needs the password (`PASSWORD`, `PASSWORD_SRP`).
    #[must_use]
    pub fn needs_password(self) -> bool {
        matches!(self, Self::PasswordSrp | Self::Password)
    }

    /// A one-time code (`EMAIL_OTP`, `SMS_OTP`).
    fn is_code(self) -> bool {
        matches!(self, Self::EmailOtp | Self::SmsOtp)
    }
}

impl fmt::Display for FirstFactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.challenge_name().as_str())
    }
}

/// Where a sign-in stands: something only the person can answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// An MFA code: answer with [`SignIn::answer_mfa_code`].
    MfaCode {
        /// SMS, authenticator app or email.
        kind: MfaKind,
        /// `CODE_DELIVERY_DESTINATION` (masked), when a code was sent.
        destination: Option<String>,
    },
    /// Pick an MFA method: answer with [`SignIn::select_mfa_type`].
    SelectMfaType {
        /// `MFAS_CAN_CHOOSE`.
        options: Vec<MfaKind>,
    },
    /// Set up MFA: add `secret_code` to an authenticator app and answer with
    /// [`SignIn::answer_mfa_setup`].
    MfaSetup {
        /// The TOTP seed (none when the pool offers no authenticator-app MFA).
        secret_code: Option<SecretString>,
        /// `MFAS_CAN_SETUP`.
        options: Vec<MfaKind>,
    },
    /// Choose a new password: answer with [`SignIn::answer_new_password`].
    NewPasswordRequired {
        /// Attributes the user must give (without the `userAttributes.` prefix).
        required_attributes: Vec<String>,
        /// The user's current attributes.
        user_attributes: BTreeMap<String, String>,
    },
    /// A Lambda-defined challenge: answer with [`SignIn::answer_custom_challenge`].
    CustomChallenge {
        /// `ChallengeParameters`.
        parameters: Parameters,
    },
    /// Choice-based sign-in (`SELECT_CHALLENGE`): pick a first factor and answer with
    /// [`SignIn::select_challenge`].
    SelectChallenge {
        /// `AvailableChallenges`, in the server's order (names this crate does not know are
        /// left out: it could not answer them).
        available: Vec<FirstFactor>,
    },
    /// A one-time code sent as the first factor (`EMAIL_OTP`, `SMS_OTP` of choice-based
    /// sign-in): answer with [`SignIn::answer_one_time_code`].
    OneTimeCode {
        /// [`FirstFactor::EmailOtp`] or [`FirstFactor::SmsOtp`].
        factor: FirstFactor,
        /// `CODE_DELIVERY_DELIVERY_MEDIUM`, when given.
        medium: Option<DeliveryMedium>,
        /// `CODE_DELIVERY_DESTINATION` (masked), when given.
        destination: Option<String>,
    },
    /// A passkey (`WEB_AUTHN`): pass `credential_request_options` to the authenticator
    /// (in a browser, `PublicKeyCredential.parseRequestOptionsFromJSON` and
    /// `navigator.credentials.get`) and answer with [`SignIn::answer_web_authn`] and the
    /// credential's JSON.
    WebAuthn {
        /// `CREDENTIAL_REQUEST_OPTIONS`: the `PublicKeyCredentialRequestOptions` as JSON.
        credential_request_options: String,
    },
}

impl Step {
    /// For [`Step::MfaSetup`]: an `otpauth://` URI to show as a QR code.
    ///
    /// ```
    /// use cognito_srp_proto::Step;
    /// let step = Step::MfaSetup { secret_code: Some("JBSWY3DPEHPK3PXP".into()), options: vec![] };
    /// assert_eq!(
    ///     step.totp_uri("Example Co", "alice").unwrap().expose_secret(),
    ///     "otpauth://totp/Example%20Co:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example%20Co"
    /// );
    /// ```
    #[must_use]
    pub fn totp_uri(&self, issuer: &str, account: &str) -> Option<SecretString> {
        let Self::MfaSetup { secret_code: Some(secret), .. } = self else {
            return None;
        };
        let encode = |s: &str| -> String {
            let mut out = String::with_capacity(s.len());
            for b in s.bytes() {
                if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
                    out.push(char::from(b));
                } else {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            out
        };
        let issuer = encode(issuer);
        Some(SecretString::new(format!(
            "otpauth://totp/{issuer}:{}?secret={}&issuer={issuer}",
            encode(account),
            secret.expose_secret()
        )))
    }
}

/// The result of a sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedIn {
    /// The tokens.
    pub tokens: Tokens,
    /// The internal user name (`USERNAME` of the last challenge), for `SECRET_HASH` on refresh.
    pub username: String,
    /// The device to sign in with next time: the one given, or one confirmed now.
    pub device: Option<DeviceCredentials>,
    /// A new device was confirmed at this sign-in: persist [`SignedIn::device`].
    pub new_device: bool,
    /// `UserConfirmationNecessary` from `ConfirmDevice`, for a new device.
    pub user_confirmation_necessary: Option<bool>,
    /// Remembered (`Some(true)`), marked not remembered (`Some(false)`), or left alone.
    pub device_remembered: Option<bool>,
    /// The key of a device the server no longer knows; the sign-in went on without it.
    pub dropped_device: Option<String>,
    /// `NewDeviceMetadata` this sign-in did not confirm (confirmation off, or it failed).
    pub unconfirmed_device: Option<NewDeviceMetadata>,
    /// Why the new device could not be confirmed, when the machine found out itself (a bad
    /// `NewDeviceMetadata`); a failed `ConfirmDevice` call is reported through
    /// [`Recovery::SignedIn`].
    pub device_error: Option<Error>,
}

/// Which flow `InitiateAuth` starts.
///
/// ```
/// use cognito_srp_proto::{AppClient, FirstFactor, Request, SignIn, SignInOptions, SrpFlow};
/// use getrandom::{SysRng, rand_core::UnwrapErr};
/// let client = AppClient::new("us-east-1_AbCdEf123", "1example23456789")?;
/// // Choice-based sign-in with an email code: no password needed.
/// let flow = SrpFlow::UserAuth { preferred: Some(FirstFactor::EmailOtp) };
/// let mut sign_in = SignIn::without_password(client, "alice", SignInOptions::default().flow(flow));
/// let call = sign_in.start(&mut UnwrapErr(SysRng))?;
/// let Request::InitiateAuth(request) = &call.request else { unreachable!() };
/// assert_eq!(request.auth_flow.as_str(), "USER_AUTH");
/// assert_eq!(request.auth_parameters.get("PREFERRED_CHALLENGE"), Some("EMAIL_OTP"));
/// assert_eq!(request.auth_parameters.get("SRP_A"), None);
/// # Ok::<(), cognito_srp_proto::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SrpFlow {
    /// `USER_SRP_AUTH`.
    #[default]
    UserSrp,
    /// `CUSTOM_AUTH` with `CHALLENGE_NAME = SRP_A`: the password is proven with SRP first,
    /// then the pool's Lambdas ask custom challenges.
    CustomWithSrp,
    /// `CUSTOM_AUTH` without SRP: the pool's Lambdas ask custom challenges from the start;
    /// no password is sent or needed.
    Custom,
    /// `USER_AUTH` (choice-based sign-in): `preferred` goes as `PREFERRED_CHALLENGE` (with
    /// `SRP_A` or `PASSWORD` when it is a password factor); without it, or when the user
    /// cannot use it, the server answers `SELECT_CHALLENGE` ([`Step::SelectChallenge`]).
    UserAuth {
        /// The first factor to ask for.
        preferred: Option<FirstFactor>,
    },
    /// The password sent as it is, over TLS: `USER_PASSWORD_AUTH`, or
    /// `ADMIN_USER_PASSWORD_AUTH` in admin mode ([`SignIn::admin`]). The challenges that
    /// follow (device, MFA, new password) are the same as after SRP.
    Password,
}

/// Settings of a sign-in (apart from who signs in).
///
/// ```
/// use cognito_srp_proto::SignInOptions;
/// let options = SignInOptions::default().remember_device(true).device_name("kitchen tablet");
/// assert!(options.confirm_new_devices);
/// assert_eq!(options.max_restarts, 50);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SignInOptions {
    /// Which flow starts the sign-in.
    pub flow: SrpFlow,
    /// Confirm devices Cognito starts tracking (default `true`).
    pub confirm_new_devices: bool,
    /// After confirming a new device: remember it (`true`) or not (`false`); `None` leaves it.
    pub remember_device: Option<bool>,
    /// `DeviceName` for `ConfirmDevice`.
    pub device_name: Option<String>,
    /// `ClientMetadata` for the Lambda triggers, sent with every step.
    pub client_metadata: Option<Parameters>,
    /// `UserContextData` for threat protection (the user's IP address, or the data
    /// Cognito's JavaScript or SDK collected), sent with `InitiateAuth` and every
    /// `RespondToAuthChallenge`.
    pub user_context_data: Option<UserContextData>,
    /// Restarts from `InitiateAuth` after transient failures, and resends of a lost
    /// `ConfirmDevice` or `UpdateDeviceStatus` (default [`DEFAULT_MAX_RESTARTS`]).
    pub max_restarts: u32,
    /// Backoff before each restart or resend.
    pub restart_backoff: RetryPolicy,
    /// `ConfirmSignUp`'s `Session`: `InitiateAuth` (`USER_AUTH`) sends it, and the
    /// confirmation code stands for the first factor (no password). Single use: a restart
    /// after the server consumed it is refused (`NotAuthorizedException`).
    pub sign_up_session: Option<SecretString>,
}

impl Default for SignInOptions {
    fn default() -> Self {
        Self {
            flow: SrpFlow::UserSrp,
            confirm_new_devices: true,
            remember_device: None,
            device_name: None,
            client_metadata: None,
            user_context_data: None,
            max_restarts: DEFAULT_MAX_RESTARTS,
            restart_backoff: RetryPolicy::default(),
            sign_up_session: None,
        }
    }
}

impl SignInOptions {
    /// With [`SignInOptions::flow`].
    #[must_use]
    pub fn flow(mut self, flow: SrpFlow) -> Self {
        self.flow = flow;
        self
    }

    /// With [`SignInOptions::confirm_new_devices`].
    #[must_use]
    pub fn confirm_new_devices(mut self, confirm: bool) -> Self {
        self.confirm_new_devices = confirm;
        self
    }

    /// With [`SignInOptions::remember_device`].
    #[must_use]
    pub fn remember_device(mut self, remember: bool) -> Self {
        self.remember_device = Some(remember);
        self
    }

    /// With [`SignInOptions::device_name`].
    #[must_use]
    pub fn device_name(mut self, name: impl Into<String>) -> Self {
        self.device_name = Some(name.into());
        self
    }

    /// With [`SignInOptions::client_metadata`].
    #[must_use]
    pub fn client_metadata(mut self, metadata: Parameters) -> Self {
        self.client_metadata = Some(metadata);
        self
    }

    /// With [`SignInOptions::user_context_data`].
    ///
    /// ```
    /// use cognito_srp_proto::{SignInOptions, UserContextData};
    /// let options = SignInOptions::default().user_context_data(UserContextData::new().ip_address("192.0.2.1"));
    /// assert!(options.user_context_data.is_some());
    /// ```
    #[must_use]
    pub fn user_context_data(mut self, context: UserContextData) -> Self {
        self.user_context_data = Some(context);
        self
    }

    /// With [`SignInOptions::max_restarts`].
    #[must_use]
    pub fn max_restarts(mut self, restarts: u32) -> Self {
        self.max_restarts = restarts;
        self
    }

    /// With [`SignInOptions::restart_backoff`].
    #[must_use]
    pub fn restart_backoff(mut self, backoff: RetryPolicy) -> Self {
        self.restart_backoff = backoff;
        self
    }

    /// Signs in right after a sign-up with `ConfirmSignUp`'s `Session` (use with
    /// [`SrpFlow::UserAuth`] and [`SignIn::without_password`]); an empty one counts as none.
    ///
    /// ```
    /// use cognito_srp_proto::{AppClient, Request, SignIn, SignInOptions, SrpFlow};
    /// use getrandom::{SysRng, rand_core::UnwrapErr};
    /// let client = AppClient::new("us-east-1_AbCdEf123", "app")?;
    /// let options = SignInOptions::default()
    ///     .flow(SrpFlow::UserAuth { preferred: None })
    ///     .sign_up_session("fake-session-from-confirm-sign-up");
    /// let mut sign_in = SignIn::without_password(client, "ann", options);
    /// let call = sign_in.start(&mut UnwrapErr(SysRng))?;
    /// let Request::InitiateAuth(request) = &call.request else { unreachable!() };
    /// assert_eq!(request.auth_flow.as_str(), "USER_AUTH");
    /// assert_eq!(request.session.as_ref().map(|s| s.expose_secret()), Some("fake-session-from-confirm-sign-up"));
    /// assert_eq!(request.auth_parameters.get("USERNAME"), Some("ann"));
    /// # Ok::<(), cognito_srp_proto::Error>(())
    /// ```
    #[must_use]
    pub fn sign_up_session(mut self, session: impl Into<SecretString>) -> Self {
        self.sign_up_session = Some(session.into()).filter(|s| !s.is_empty());
        self
    }
}

/// What to do next.
#[derive(Debug)]
#[non_exhaustive]
pub enum Action {
    /// Send this call and feed its answer back.
    Send(Call),
    /// Ask the person; answer with the matching `answer_*` method.
    Step(Step),
    /// Signed in.
    Done(Box<SignedIn>),
}

/// How a failed call ended, as the driver saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure<'a> {
    /// Cognito answered with an error.
    Service(&'a ServiceError),
    /// The call failed in transit and may or may not have been processed: connection
    /// refused or reset, the answer lost or cut short. Sending again may succeed.
    Transient,
    /// Anything else (an answer that is not Cognito's, a local error): not worth repeating.
    Fatal,
}

impl Failure<'_> {
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            Self::Service(err) => err.is_transient(),
            Self::Transient => true,
            Self::Fatal => false,
        }
    }

    fn is_device_gone(&self) -> bool {
        matches!(self, Self::Service(err) if err.is_device_gone())
    }

    fn code(&self) -> Option<&ErrorCode> {
        match self {
            Self::Service(err) => Some(&err.code),
            _ => None,
        }
    }
}

/// The machine's answer to a failed call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Recovery {
    /// Send this call: the sign-in starts over from `InitiateAuth` (after `call.delay`),
    /// without the device if the server no longer knew it.
    Restart(Call),
    /// Send this call (after `call.delay`): the same idempotent request again. The user is
    /// signed in; a transient failure of `ConfirmDevice` or `UpdateDeviceStatus` is worth
    /// another try, within [`SignInOptions::max_restarts`].
    Resend(Call),
    /// Report the error; the person's step is still open and may be answered again (a wrong
    /// code, a new password the policy refuses).
    StepOpen,
    /// Report the error; the sign-in is over ([`SignIn::start`] begins anew).
    Fail,
    /// The sign-in succeeded but confirming or remembering the new device failed: here is
    /// the result; report the error as the device's.
    SignedIn(Box<SignedIn>),
}

/// A person step waiting for its answer.
struct Pending {
    challenge: ChallengeName,
    session: Option<SecretString>,
    username: String,
    /// `MFA_SETUP`: the method being set up and the methods offered.
    setup: Option<(MfaKind, Vec<MfaKind>)>,
}

impl fmt::Debug for Pending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("challenge", &self.challenge)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// The ephemeral a reply may need. Ephemerals are boxed so that moving a state moves a
/// pointer, not the secret exponent: the core zeroizes `a` where it lives, and a move would
/// leave a copy behind.
enum Held {
    Nothing,
    User(Box<ClientEphemeral>),
    Device(Box<ClientEphemeral>),
}

/// Where the machine is. Every state that has a call in flight says which.
enum State {
    /// Not started, or over after a failure.
    Idle,
    /// `InitiateAuth` is in flight; with `SRP_A`, `PASSWORD_VERIFIER` will need `a`.
    Initiated { ephemeral: Option<Box<ClientEphemeral>> },
    /// An SRP answer (`PASSWORD_VERIFIER`, `DEVICE_PASSWORD_VERIFIER`) is in flight.
    Answered { username: String },
    /// `DEVICE_SRP_AUTH`'s answer is in flight; `DEVICE_PASSWORD_VERIFIER` will need `a`.
    DeviceSrp { username: String, ephemeral: Box<ClientEphemeral> },
    /// A [`Step`] is with the person.
    Waiting(Pending),
    /// The person's answer is in flight (a new password, when that was the step; the SRP
    /// ephemeral, when `SELECT_CHALLENGE` was answered with `PASSWORD_SRP`).
    PersonAnswered {
        pending: Pending,
        new_password: Option<SecretString>,
        ephemeral: Option<Box<ClientEphemeral>>,
    },
    /// `AssociateSoftwareToken` is in flight.
    Associating(Pending),
    /// `VerifySoftwareToken` is in flight.
    Verifying(Pending),
    /// `ConfirmDevice` is in flight.
    Confirming {
        signed_in: Box<SignedIn>,
        credentials: DeviceCredentials,
        metadata: NewDeviceMetadata,
        request: ConfirmDeviceRequest,
    },
    /// `UpdateDeviceStatus` is in flight.
    Remembering { signed_in: Box<SignedIn>, remember: bool, request: UpdateDeviceStatusRequest },
    /// Signed in.
    Done,
}

impl State {
    fn name(&self) -> &'static str {
        match self {
            Self::Idle => "Idle",
            Self::Initiated { .. } => "Initiated",
            Self::Answered { .. } => "Answered",
            Self::DeviceSrp { .. } => "DeviceSrp",
            Self::Waiting(_) => "Waiting",
            Self::PersonAnswered { .. } => "PersonAnswered",
            Self::Associating(_) => "Associating",
            Self::Verifying(_) => "Verifying",
            Self::Confirming { .. } => "Confirming",
            Self::Remembering { .. } => "Remembering",
            Self::Done => "Done",
        }
    }
}

/// An SRP sign-in, device path and MFA included, as a sans-IO state machine.
///
/// ```
/// use cognito_srp_proto::{Action, AppClient, Request, SignIn, SignInOptions};
/// use getrandom::{SysRng, rand_core::UnwrapErr};
/// let client = AppClient::new("us-east-1_AbCdEf123", "1example23456789")?;
/// let mut sign_in = SignIn::new(client, "alice", "correct horse", SignInOptions::default());
/// let call = sign_in.start(&mut UnwrapErr(SysRng))?;
/// let Request::InitiateAuth(request) = &call.request else { unreachable!() };
/// assert!(request.auth_parameters.get("SRP_A").is_some());
/// // The driver sends `call.request.to_json()?` with `X-Amz-Target:
/// // call.request.operation().target()` and feeds the answer to `sign_in.on_reply` (2xx)
/// // or `sign_in.on_failure`.
/// # Ok::<(), cognito_srp_proto::Error>(())
/// ```
pub struct SignIn {
    client: AppClient,
    username: String,
    password: Option<SecretString>,
    device: Option<DeviceCredentials>,
    options: SignInOptions,
    restarts: u32,
    resends: u32,
    srp_steps: u32,
    dropped_device: Option<String>,
    /// `USER_AUTH`: the first factor picked at `SELECT_CHALLENGE`, asked for directly by a
    /// restart.
    chosen: Option<FirstFactor>,
    /// A first-factor one-time code was asked for: the next `EMAIL_OTP` / `SMS_OTP`
    /// challenge is [`Step::OneTimeCode`], not email MFA.
    awaiting_otp: bool,
    /// Admin mode: `AdminInitiateAuth` / `AdminRespondToAuthChallenge` with the pool id.
    admin: bool,
    state: State,
}

impl fmt::Debug for SignIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignIn")
            .field("pool_id", &self.client.pool_id)
            .field("username", &self.username)
            .field("device", &self.device)
            .field("state", &self.state.name())
            .field("restarts", &self.restarts)
            .finish_non_exhaustive()
    }
}

impl SignIn {
    /// A sign-in of `username` (as typed: a user name or an alias) with `password`.
    #[must_use]
    pub fn new(
        client: AppClient,
        username: impl Into<String>,
        password: impl Into<SecretString>,
        options: SignInOptions,
    ) -> Self {
        let mut sign_in = Self::without_password(client, username, options);
        sign_in.password = Some(password.into());
        sign_in
    }

    /// A sign-in without a password: [`SrpFlow::Custom`], or [`SrpFlow::UserAuth`] with a
    /// one-time code or a passkey (a password chosen at [`Step::SelectChallenge`] comes with
    /// [`SignIn::select_challenge`]).
    #[must_use]
    pub fn without_password(client: AppClient, username: impl Into<String>, options: SignInOptions) -> Self {
        Self {
            client,
            username: username.into(),
            password: None,
            device: None,
            options,
            restarts: 0,
            resends: 0,
            srp_steps: 0,
            dropped_device: None,
            chosen: None,
            awaiting_otp: false,
            admin: false,
            state: State::Idle,
        }
    }

    /// Admin mode, for a server holding AWS credentials: the sign-in starts with
    /// `AdminInitiateAuth` and answers with `AdminRespondToAuthChallenge` (both carrying the
    /// pool id, both to be signed with SigV4 by the driver), [`SrpFlow::Password`] is
    /// `ADMIN_USER_PASSWORD_AUTH`; everything else (SRP, device steps, MFA, new password,
    /// device confirmation) is as in the user flow.
    ///
    /// ```
    /// use cognito_srp_proto::{AppClient, Request, SignIn, SignInOptions, SrpFlow};
    /// use cognito_srp_proto::rand_core::UnwrapErr;
    /// use getrandom::SysRng;
    /// let client = AppClient::new("eu-west-1_AbC", "client-id")?;
    /// let options = SignInOptions::default().flow(SrpFlow::Password);
    /// let mut sign_in = SignIn::new(client, "alice", "Passw0rd!", options).admin();
    /// let call = sign_in.start(&mut UnwrapErr(SysRng))?;
    /// let Request::AdminInitiateAuth(request) = &call.request else { unreachable!() };
    /// assert_eq!(request.user_pool_id, "eu-west-1_AbC");
    /// assert_eq!(request.auth_flow.as_str(), "ADMIN_USER_PASSWORD_AUTH");
    /// assert_eq!(request.auth_parameters.get("PASSWORD"), Some("Passw0rd!"));
    /// # Ok::<(), cognito_srp_proto::Error>(())
    /// ```
    #[must_use]
    pub fn admin(mut self) -> Self {
        self.admin = true;
        self
    }

    /// Whether the sign-in is in admin mode ([`SignIn::admin`]).
    #[must_use]
    pub fn is_admin(&self) -> bool {
        self.admin
    }

    /// Takes the device path with credentials from an earlier sign-in.
    #[must_use]
    pub fn with_device(mut self, device: DeviceCredentials) -> Self {
        self.device = Some(device);
        self
    }

    /// The app client.
    #[must_use]
    pub fn client(&self) -> &AppClient {
        &self.client
    }

    /// Restarts so far (after transient failures).
    #[must_use]
    pub fn restarts(&self) -> u32 {
        self.restarts
    }

    /// Whether a call is in flight (its answer is due to [`SignIn::on_reply`] or
    /// [`SignIn::on_failure`]).
    #[must_use]
    pub fn awaits_reply(&self) -> bool {
        !matches!(self.state, State::Idle | State::Waiting(_) | State::Done)
    }

    /// Starts (or starts over): the `InitiateAuth` call.
    ///
    /// # Errors
    /// [`Error::Srp`] with [`cognito_srp_core::Error::RandomUnavailable`] when `rng` fails.
    ///
    /// [`Error::Config`] when the flow needs the password and none was given
    /// ([`SignIn::without_password`] with a password flow or factor).
    pub fn start<R: TryCryptoRng + ?Sized>(&mut self, rng: &mut R) -> Result<Call, Error> {
        self.restarts = 0;
        self.chosen = None;
        self.initiate(rng)
    }

    fn initiate<R: TryCryptoRng + ?Sized>(&mut self, rng: &mut R) -> Result<Call, Error> {
        self.srp_steps = 0;
        self.awaiting_otp = false;
        let (flow, srp, preferred) = match self.options.flow {
            SrpFlow::UserSrp => (AuthFlow::UserSrpAuth, true, None),
            SrpFlow::CustomWithSrp => (AuthFlow::CustomAuth, true, None),
            SrpFlow::Custom => (AuthFlow::CustomAuth, false, None),
            SrpFlow::UserAuth { preferred } => {
                let preferred = self.chosen.or(preferred);
                (AuthFlow::UserAuth, preferred == Some(FirstFactor::PasswordSrp), preferred)
            }
            SrpFlow::Password if self.admin => (AuthFlow::AdminUserPasswordAuth, false, None),
            SrpFlow::Password => (AuthFlow::UserPasswordAuth, false, None),
        };
        let plain = self.options.flow == SrpFlow::Password;
        if (srp || plain || preferred.is_some_and(FirstFactor::needs_password)) && self.password.is_none() {
            return Err(Error::Config(format!("{flow} needs the password and none was given")));
        }
        let ephemeral = if srp { Some(Box::new(ClientEphemeral::try_generate(rng)?)) } else { None };
        let mut request = InitiateAuthRequest::new(flow, self.client.client_id.as_str());
        let params = &mut request.auth_parameters;
        params.insert(param::USERNAME, self.username.as_str());
        if let Some(ephemeral) = &ephemeral {
            params.insert(param::SRP_A, ephemeral.public_hex().as_str());
        }
        // InitiateAuth's SECRET_HASH: the name as typed.
        params.insert_opt(param::SECRET_HASH, self.client.secret_hash(&self.username).as_deref());
        if let Some(device) = &self.device {
            params.insert(param::DEVICE_KEY, device.device_key.as_str());
        }
        if self.options.flow == SrpFlow::CustomWithSrp {
            params.insert(param::CHALLENGE_NAME, param::SRP_A);
        }
        if plain && let Some(password) = &self.password {
            params.insert(param::PASSWORD, password.expose_secret());
        }
        if let Some(factor) = preferred {
            params.insert(param::PREFERRED_CHALLENGE, factor.challenge_name().as_str());
            if factor == FirstFactor::Password
                && let Some(password) = &self.password
            {
                params.insert(param::PASSWORD, password.expose_secret());
            }
            self.awaiting_otp = factor.is_code();
        }
        request.client_metadata.clone_from(&self.options.client_metadata);
        request.user_context_data.clone_from(&self.options.user_context_data);
        if matches!(self.options.flow, SrpFlow::UserAuth { .. }) {
            request.session.clone_from(&self.options.sign_up_session);
        }
        self.state = State::Initiated { ephemeral };
        if self.admin {
            let mut admin = AdminInitiateAuthRequest::new(
                self.client.pool_id.as_str(),
                request.client_id,
                request.auth_flow,
            );
            admin.auth_parameters = core::mem::take(&mut request.auth_parameters);
            admin.client_metadata = request.client_metadata.take();
            admin.session = request.session.take();
            return Ok(Call::now(Request::AdminInitiateAuth(Box::new(admin))));
        }
        Ok(Call::now(Request::InitiateAuth(request)))
    }

    /// Feeds the 2xx answer (`body`) to the call in flight. `now` goes into SRP signatures;
    /// `rng` makes device ephemerals and device passwords.
    ///
    /// # Errors
    /// [`Error::Protocol`] or [`Error::Srp`] for an answer that makes no sense (the sign-in is
    /// then over), [`Error::InvalidState`] when no call is in flight. A `VerifySoftwareToken`
    /// answer other than `SUCCESS` is [`ProtocolError::UnsuccessfulStatus`] and leaves the
    /// `MfaSetup` step open.
    pub fn on_reply<R: TryCryptoRng + ?Sized>(
        &mut self,
        body: &[u8],
        now: &Timestamp,
        rng: &mut R,
    ) -> Result<Action, Error> {
        let state = core::mem::replace(&mut self.state, State::Idle);
        let result = self.reply_in(state, body, now, rng);
        if result.is_err() && self.awaits_reply() {
            // An answer that makes no sense ends the exchange in flight.
            self.state = State::Idle;
        }
        result
    }

    fn reply_in<R: TryCryptoRng + ?Sized>(
        &mut self,
        state: State,
        body: &[u8],
        now: &Timestamp,
        rng: &mut R,
    ) -> Result<Action, Error> {
        match state {
            State::Initiated { ephemeral } => {
                let response = parse_body(Operation::InitiateAuth, body)?;
                let held = ephemeral.map_or(Held::Nothing, Held::User);
                self.advance(response, self.username.clone(), held, now, rng)
            }
            State::Answered { username } => {
                let response = parse_body(Operation::RespondToAuthChallenge, body)?;
                self.advance(response, username, Held::Nothing, now, rng)
            }
            State::DeviceSrp { username, ephemeral } => {
                let response = parse_body(Operation::RespondToAuthChallenge, body)?;
                self.advance(response, username, Held::Device(ephemeral), now, rng)
            }
            State::PersonAnswered { pending, new_password, ephemeral } => {
                let response = parse_body(Operation::RespondToAuthChallenge, body)?;
                if let Some(password) = new_password {
                    // Any restart from here on must prove the new password.
                    self.password = Some(password);
                }
                let held = ephemeral.map_or(Held::Nothing, Held::User);
                self.advance(response, pending.username, held, now, rng)
            }
            State::Associating(mut pending) => {
                let response: AssociateSoftwareTokenResponse =
                    parse_body(Operation::AssociateSoftwareToken, body)?;
                if response.session.is_some() {
                    pending.session = response.session;
                }
                let options = pending.setup.as_ref().map(|(_, options)| options.clone()).unwrap_or_default();
                self.state = State::Waiting(pending);
                Ok(Action::Step(Step::MfaSetup { secret_code: Some(response.secret_code), options }))
            }
            State::Verifying(mut pending) => {
                let response: VerifySoftwareTokenResponse = parse_body(Operation::VerifySoftwareToken, body)?;
                if let Some(status) = response.status.filter(|s| s != "SUCCESS") {
                    self.state = State::Waiting(pending);
                    return Err(Error::Protocol(ProtocolError::UnsuccessfulStatus {
                        operation: Operation::VerifySoftwareToken,
                        status,
                    }));
                }
                if response.session.is_some() {
                    pending.session = response.session;
                }
                let mut responses = self.base_responses(&pending.username);
                if let Some((kind, _)) = pending.setup.as_ref().filter(|(k, _)| *k != MfaKind::SoftwareToken)
                {
                    responses.insert(param::ANSWER, kind.challenge_name());
                }
                Ok(Action::Send(self.answer_call(pending, responses, None)))
            }
            State::Confirming { mut signed_in, credentials, .. } => {
                let response: ConfirmDeviceResponse = parse_body(Operation::ConfirmDevice, body)?;
                signed_in.user_confirmation_necessary = Some(response.user_confirmation_necessary);
                signed_in.device = Some(credentials);
                signed_in.new_device = true;
                match self.options.remember_device {
                    Some(remember) => {
                        let device_key =
                            signed_in.device.as_ref().map(|d| d.device_key.clone()).unwrap_or_default();
                        let request = UpdateDeviceStatusRequest::new(
                            signed_in.tokens.access_token.clone(),
                            device_key,
                            DeviceRememberedStatus::from_bool(remember),
                        );
                        self.state = State::Remembering { signed_in, remember, request: request.clone() };
                        self.resends = 0;
                        Ok(Action::Send(Call::now(Request::UpdateDeviceStatus(request))))
                    }
                    None => {
                        self.state = State::Done;
                        Ok(Action::Done(signed_in))
                    }
                }
            }
            State::Remembering { mut signed_in, remember, .. } => {
                // UpdateDeviceStatus answers `{}`; any 2xx body means it took effect.
                signed_in.device_remembered = Some(remember);
                self.state = State::Done;
                Ok(Action::Done(signed_in))
            }
            other @ (State::Idle | State::Waiting(_) | State::Done) => {
                self.state = other;
                Err(Error::InvalidState("no call is in flight"))
            }
        }
    }

    /// Feeds a failed call's outcome. See [`Recovery`] for what each answer means.
    ///
    /// A challenge answer is never sent twice: when its fate is unknown (a transient failure
    /// or throttling), the sign-in restarts from `InitiateAuth`, at most
    /// [`SignInOptions::max_restarts`] times, after a jittered backoff.
    pub fn on_failure<R: TryCryptoRng + ?Sized>(&mut self, failure: Failure<'_>, rng: &mut R) -> Recovery {
        let state = core::mem::replace(&mut self.state, State::Idle);
        match state {
            State::Confirming { signed_in, credentials, metadata, request } if self.may_resend(&failure) => {
                let call = self.resend_call(Request::ConfirmDevice(request.clone()), rng);
                self.state = State::Confirming { signed_in, credentials, metadata, request };
                Recovery::Resend(call)
            }
            State::Remembering { signed_in, remember, request } if self.may_resend(&failure) => {
                let call = self.resend_call(Request::UpdateDeviceStatus(request.clone()), rng);
                self.state = State::Remembering { signed_in, remember, request };
                Recovery::Resend(call)
            }
            State::Confirming { mut signed_in, metadata, .. } => {
                signed_in.unconfirmed_device = Some(metadata);
                self.state = State::Done;
                Recovery::SignedIn(signed_in)
            }
            State::Remembering { signed_in, .. } => {
                self.state = State::Done;
                Recovery::SignedIn(signed_in)
            }
            State::PersonAnswered { pending, .. }
                if matches!(
                    failure.code(),
                    Some(
                        ErrorCode::CodeMismatch
                            | ErrorCode::InvalidPassword
                            | ErrorCode::PasswordHistoryPolicyViolation
                    )
                ) || (pending.challenge == ChallengeName::SelectChallenge
                    && failure.code() == Some(&ErrorCode::InvalidParameter)) =>
            {
                // A wrong code, a refused password or a first factor that is not on offer
                // leaves the session usable.
                self.state = State::Waiting(pending);
                Recovery::StepOpen
            }
            State::Verifying(pending) if !failure.is_transient() && !failure.is_device_gone() => {
                self.state = State::Waiting(pending);
                Recovery::StepOpen
            }
            other @ (State::Idle | State::Waiting(_) | State::Done) => {
                self.state = other;
                Recovery::Fail
            }
            State::Initiated { .. }
            | State::Answered { .. }
            | State::DeviceSrp { .. }
            | State::PersonAnswered { .. }
            | State::Associating(_)
            | State::Verifying(_) => self.restart_after(failure, rng),
        }
    }

    /// Whether a device call's transient failure is worth another try.
    fn may_resend(&self, failure: &Failure<'_>) -> bool {
        failure.is_transient() && self.resends < self.options.max_restarts
    }

    fn resend_call<R: TryCryptoRng + ?Sized>(&mut self, request: Request, rng: &mut R) -> Call {
        self.resends = self.resends.saturating_add(1);
        Call { request, delay: self.options.restart_backoff.delay(self.resends, rng) }
    }

    fn restart_after<R: TryCryptoRng + ?Sized>(&mut self, failure: Failure<'_>, rng: &mut R) -> Recovery {
        if self.dropped_device.is_none()
            && failure.is_device_gone()
            && let Some(device) = self.device.take()
        {
            self.dropped_device = Some(device.device_key.clone());
            return self.restart(rng, core::time::Duration::ZERO);
        }
        if failure.is_transient() && self.restarts < self.options.max_restarts {
            self.restarts = self.restarts.saturating_add(1);
            let delay = self.options.restart_backoff.delay(self.restarts, rng);
            return self.restart(rng, delay);
        }
        self.state = State::Idle;
        Recovery::Fail
    }

    /// A new `InitiateAuth` after `delay`; if `rng` fails there is no new ephemeral, and the
    /// sign-in ends with the failure that led here.
    fn restart<R: TryCryptoRng + ?Sized>(&mut self, rng: &mut R, delay: core::time::Duration) -> Recovery {
        match self.initiate(rng) {
            Ok(mut call) => {
                call.delay = delay;
                Recovery::Restart(call)
            }
            Err(_) => {
                self.state = State::Idle;
                Recovery::Fail
            }
        }
    }

    fn base_responses(&self, username: &str) -> Parameters {
        let mut responses = Parameters::new().with(param::USERNAME, username);
        responses.insert_opt(param::SECRET_HASH, self.client.secret_hash(username).as_deref());
        if let Some(device) = &self.device {
            responses.insert(param::DEVICE_KEY, device.device_key.as_str());
        }
        responses
    }

    fn respond(
        &self,
        challenge: ChallengeName,
        session: Option<SecretString>,
        responses: Parameters,
    ) -> Call {
        let mut request = RespondToAuthChallengeRequest::new(challenge, self.client.client_id.as_str());
        request.session = session;
        request.challenge_responses = responses;
        request.client_metadata.clone_from(&self.options.client_metadata);
        request.user_context_data.clone_from(&self.options.user_context_data);
        if self.admin {
            let mut admin = AdminRespondToAuthChallengeRequest::new(
                self.client.pool_id.as_str(),
                request.client_id,
                request.challenge_name,
            );
            admin.challenge_responses = core::mem::take(&mut request.challenge_responses);
            admin.session = request.session.take();
            admin.client_metadata = request.client_metadata.take();
            return Call::now(Request::AdminRespondToAuthChallenge(Box::new(admin)));
        }
        Call::now(Request::RespondToAuthChallenge(request))
    }

    fn answer_call(
        &mut self,
        pending: Pending,
        responses: Parameters,
        new_password: Option<SecretString>,
    ) -> Call {
        let call = self.respond(pending.challenge.clone(), pending.session.clone(), responses);
        self.state = State::PersonAnswered { pending, new_password, ephemeral: None };
        call
    }

    fn advance<R: TryCryptoRng + ?Sized>(
        &mut self,
        mut response: AuthResponse,
        mut username: String,
        held: Held,
        now: &Timestamp,
        rng: &mut R,
    ) -> Result<Action, Error> {
        if let Some(result) = response.authentication_result.take() {
            return self.finish(result, username, rng);
        }
        let name = response.challenge_name.take().ok_or(Error::Protocol(ProtocolError::EmptyAuthResponse))?;
        let session = response.session.take();
        let first_factor_code = core::mem::take(&mut self.awaiting_otp);
        let available = response.available_challenges.take();
        let params = core::mem::take(&mut response.challenge_parameters);
        if let Some(name) = params.get_nonempty(param::USERNAME) {
            name.clone_into(&mut username);
        }
        let srp = matches!(
            name,
            ChallengeName::PasswordVerifier
                | ChallengeName::DeviceSrpAuth
                | ChallengeName::DevicePasswordVerifier
        );
        if !srp {
            if name == ChallengeName::SelectChallenge {
                let available = available.unwrap_or_default();
                let available = available.iter().filter_map(FirstFactor::from_challenge_name).collect();
                self.state = State::Waiting(Pending { challenge: name, session, username, setup: None });
                return Ok(Action::Step(Step::SelectChallenge { available }));
            }
            if first_factor_code
                && let Some(factor) = FirstFactor::from_challenge_name(&name).filter(|f| f.is_code())
            {
                let step = Step::OneTimeCode {
                    factor,
                    medium: params.get(param::CODE_DELIVERY_DELIVERY_MEDIUM).map(DeliveryMedium::parse),
                    destination: params.get(param::CODE_DELIVERY_DESTINATION).map(str::to_owned),
                };
                self.state = State::Waiting(Pending { challenge: name, session, username, setup: None });
                return Ok(Action::Step(step));
            }
            return self.person_step(name, session, username, params);
        }
        self.srp_steps = self.srp_steps.saturating_add(1);
        if self.srp_steps > MAX_SRP_STEPS {
            return Err(Error::Protocol(ProtocolError::TooManySteps(MAX_SRP_STEPS)));
        }
        let unexpected = |why: &str| Error::Protocol(ProtocolError::UnexpectedChallenge(why.to_owned()));
        match (name, held) {
            (ChallengeName::PasswordVerifier, Held::User(ephemeral)) => {
                let responses = self.password_verifier(&ephemeral, &params, &mut username, now)?;
                let call = self.respond(ChallengeName::PasswordVerifier, session, responses);
                self.state = State::Answered { username };
                Ok(Action::Send(call))
            }
            (ChallengeName::PasswordVerifier, _) => {
                Err(unexpected("PASSWORD_VERIFIER without a pending SRP_A"))
            }
            (ChallengeName::DeviceSrpAuth, _) => {
                if self.device.is_none() {
                    return Err(unexpected("DEVICE_SRP_AUTH without device credentials"));
                }
                let ephemeral = Box::new(ClientEphemeral::try_generate(rng)?);
                let mut responses = self.base_responses(&username);
                responses.insert(param::SRP_A, ephemeral.public_hex().as_str());
                let call = self.respond(ChallengeName::DeviceSrpAuth, session, responses);
                self.state = State::DeviceSrp { username, ephemeral };
                Ok(Action::Send(call))
            }
            (ChallengeName::DevicePasswordVerifier, Held::Device(ephemeral)) => {
                let responses = self.device_password_verifier(&ephemeral, &params, &username, now)?;
                let call = self.respond(ChallengeName::DevicePasswordVerifier, session, responses);
                self.state = State::Answered { username };
                Ok(Action::Send(call))
            }
            (_, _) => Err(unexpected("DEVICE_PASSWORD_VERIFIER without DEVICE_SRP_AUTH")),
        }
    }

    fn password_verifier(
        &self,
        ephemeral: &ClientEphemeral,
        params: &Parameters,
        username: &mut String,
        now: &Timestamp,
    ) -> Result<Parameters, Error> {
        let missing = |field| Error::Protocol(ProtocolError::MissingField(field));
        let user_id = params.get(param::USER_ID_FOR_SRP).ok_or_else(|| missing(param::USER_ID_FOR_SRP))?;
        let secret_block = params.get(param::SECRET_BLOCK).ok_or_else(|| missing(param::SECRET_BLOCK))?;
        let challenge = PasswordVerifierChallenge {
            user_id_for_srp: user_id,
            salt_hex: params.get(param::SALT).ok_or_else(|| missing(param::SALT))?,
            srp_b_hex: params.get(param::SRP_B).ok_or_else(|| missing(param::SRP_B))?,
            secret_block,
        };
        // USERNAME in the answer and its SECRET_HASH: the challenge's USERNAME, which
        // Cognito sets equal to USER_ID_FOR_SRP and moto requires; else USER_ID_FOR_SRP.
        if params.get_nonempty(param::USERNAME).is_none() {
            user_id.clone_into(username);
        }
        let password = self.password.as_ref().ok_or_else(|| {
            Error::Protocol(ProtocolError::UnexpectedChallenge(
                "PASSWORD_VERIFIER without a password".to_owned(),
            ))
        })?;
        let claim = ephemeral.user_claim(&self.client.pool_id, &challenge, password.expose_secret(), now)?;
        let mut responses = self.base_responses(username);
        responses.insert(param::PASSWORD_CLAIM_SECRET_BLOCK, secret_block);
        responses.insert(param::PASSWORD_CLAIM_SIGNATURE, claim.signature());
        responses.insert(param::TIMESTAMP, claim.timestamp());
        Ok(responses)
    }

    fn device_password_verifier(
        &self,
        ephemeral: &ClientEphemeral,
        params: &Parameters,
        username: &str,
        now: &Timestamp,
    ) -> Result<Parameters, Error> {
        let missing = |field| Error::Protocol(ProtocolError::MissingField(field));
        let device = self.device.as_ref().ok_or_else(|| {
            Error::Protocol(ProtocolError::UnexpectedChallenge(
                "DEVICE_PASSWORD_VERIFIER without device credentials".to_owned(),
            ))
        })?;
        let secret_block = params.get(param::SECRET_BLOCK).ok_or_else(|| missing(param::SECRET_BLOCK))?;
        let challenge = DeviceVerifierChallenge {
            salt_hex: params.get(param::SALT).ok_or_else(|| missing(param::SALT))?,
            srp_b_hex: params.get(param::SRP_B).ok_or_else(|| missing(param::SRP_B))?,
            secret_block,
        };
        let claim = ephemeral.device_claim(
            &device.device_group_key,
            &device.device_key,
            device.device_password.expose_secret(),
            &challenge,
            now,
        )?;
        let mut responses = self.base_responses(username);
        responses.insert(param::PASSWORD_CLAIM_SECRET_BLOCK, secret_block);
        responses.insert(param::PASSWORD_CLAIM_SIGNATURE, claim.signature());
        responses.insert(param::TIMESTAMP, claim.timestamp());
        Ok(responses)
    }

    fn person_step(
        &mut self,
        challenge: ChallengeName,
        session: Option<SecretString>,
        username: String,
        params: Parameters,
    ) -> Result<Action, Error> {
        let mut pending = Pending { challenge, session, username, setup: None };
        let step = match &pending.challenge {
            name if name.is_mfa_code() => Step::MfaCode {
                kind: MfaKind::from_challenge_name(name),
                destination: params.get(param::CODE_DELIVERY_DESTINATION).map(str::to_owned),
            },
            ChallengeName::SelectMfaType => {
                Step::SelectMfaType { options: mfa_list(&params, param::MFAS_CAN_CHOOSE) }
            }
            ChallengeName::MfaSetup => {
                let options = mfa_list(&params, param::MFAS_CAN_SETUP);
                if options.is_empty() || options.contains(&MfaKind::SoftwareToken) {
                    // The TOTP seed comes from AssociateSoftwareToken before the person sees
                    // the step.
                    let request = AssociateSoftwareTokenRequest {
                        access_token: None,
                        session: pending.session.clone(),
                    };
                    pending.setup = Some((MfaKind::SoftwareToken, options));
                    self.state = State::Associating(pending);
                    return Ok(Action::Send(Call::now(Request::AssociateSoftwareToken(request))));
                }
                let first = options.first().cloned().unwrap_or(MfaKind::SoftwareToken);
                pending.setup = Some((first, options.clone()));
                Step::MfaSetup { secret_code: None, options }
            }
            ChallengeName::NewPasswordRequired => Step::NewPasswordRequired {
                required_attributes: params
                    .get(param::REQUIRED_ATTRIBUTES)
                    .and_then(|raw| crate::json::from_slice::<Vec<String>>(raw.as_bytes()).ok())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|a| a.strip_prefix(param::USER_ATTRIBUTE_PREFIX).map(str::to_owned).unwrap_or(a))
                    .collect(),
                user_attributes: user_attributes(params.get(param::USER_ATTRIBUTES)),
            },
            ChallengeName::CustomChallenge => Step::CustomChallenge { parameters: params },
            ChallengeName::WebAuthn => Step::WebAuthn {
                credential_request_options: params
                    .get(param::CREDENTIAL_REQUEST_OPTIONS)
                    .ok_or(Error::Protocol(ProtocolError::MissingField(param::CREDENTIAL_REQUEST_OPTIONS)))?
                    .to_owned(),
            },
            other => {
                return Err(Error::Protocol(ProtocolError::UnexpectedChallenge(other.as_str().to_owned())));
            }
        };
        self.state = State::Waiting(pending);
        Ok(Action::Step(step))
    }

    fn take_pending(
        &mut self,
        expected: impl Fn(&ChallengeName) -> bool,
        why: &'static str,
    ) -> Result<Pending, Error> {
        match core::mem::replace(&mut self.state, State::Idle) {
            State::Waiting(pending) if expected(&pending.challenge) => Ok(pending),
            other => {
                self.state = other;
                Err(Error::InvalidState(why))
            }
        }
    }

    /// Answers [`Step::MfaCode`].
    ///
    /// # Errors
    /// [`Error::InvalidState`] when no code was asked for.
    pub fn answer_mfa_code(&mut self, code: &str) -> Result<Call, Error> {
        let pending = self.take_pending(ChallengeName::is_mfa_code, "no MFA code was asked for")?;
        let mut responses = self.base_responses(&pending.username);
        if let Some(key) = pending.challenge.code_key() {
            responses.insert(key, code);
        }
        Ok(self.answer_call(pending, responses, None))
    }

    /// Answers [`Step::SelectMfaType`].
    ///
    /// # Errors
    /// [`Error::InvalidState`] when no choice was asked for.
    pub fn select_mfa_type(&mut self, kind: &MfaKind) -> Result<Call, Error> {
        let pending =
            self.take_pending(|c| *c == ChallengeName::SelectMfaType, "no MFA choice was asked for")?;
        let mut responses = self.base_responses(&pending.username);
        responses.insert(param::ANSWER, kind.challenge_name());
        Ok(self.answer_call(pending, responses, None))
    }

    /// Answers [`Step::NewPasswordRequired`] with the new password and the attributes the
    /// step asked for (names without the `userAttributes.` prefix).
    ///
    /// # Errors
    /// [`Error::InvalidState`] when no new password was asked for.
    pub fn answer_new_password(
        &mut self,
        new_password: &str,
        attributes: &[(&str, &str)],
    ) -> Result<Call, Error> {
        let pending =
            self.take_pending(|c| *c == ChallengeName::NewPasswordRequired, "no new password was asked for")?;
        let mut responses = self.base_responses(&pending.username);
        responses.insert(param::NEW_PASSWORD, new_password);
        for (name, value) in attributes {
            responses.insert(format!("{}{name}", param::USER_ATTRIBUTE_PREFIX), *value);
        }
        Ok(self.answer_call(pending, responses, Some(SecretString::from(new_password))))
    }

    /// Answers [`Step::MfaSetup`] with a first code from the authenticator app: the
    /// `VerifySoftwareToken` call (then the machine answers `MFA_SETUP` itself).
    ///
    /// # Errors
    /// [`Error::InvalidState`] when no MFA set-up was asked for.
    pub fn answer_mfa_setup(
        &mut self,
        code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<Call, Error> {
        let pending = self.take_pending(|c| *c == ChallengeName::MfaSetup, "no MFA setup was asked for")?;
        let request = VerifySoftwareTokenRequest {
            access_token: None,
            session: pending.session.clone(),
            user_code: SecretString::from(code),
            friendly_device_name: friendly_device_name.map(str::to_owned),
        };
        self.state = State::Verifying(pending);
        Ok(Call::now(Request::VerifySoftwareToken(request)))
    }

    /// Answers [`Step::CustomChallenge`].
    ///
    /// # Errors
    /// [`Error::InvalidState`] when no custom challenge is open.
    pub fn answer_custom_challenge(&mut self, answer: &str) -> Result<Call, Error> {
        let pending =
            self.take_pending(|c| *c == ChallengeName::CustomChallenge, "no custom challenge is open")?;
        let mut responses = self.base_responses(&pending.username);
        responses.insert(param::ANSWER, answer);
        Ok(self.answer_call(pending, responses, None))
    }

    /// Answers [`Step::SelectChallenge`] with the first factor to use. `password` is needed
    /// for [`FirstFactor::PasswordSrp`] (the SRP steps, device steps included, then run as in
    /// `USER_SRP_AUTH`) and [`FirstFactor::Password`], unless the sign-in was made with one;
    /// `rng` makes the SRP ephemeral.
    ///
    /// # Errors
    /// [`Error::InvalidState`] when no choice was asked for; [`Error::Config`] when the
    /// factor needs a password and there is none (the step stays open); [`Error::Srp`] when
    /// `rng` fails.
    pub fn select_challenge<R: TryCryptoRng + ?Sized>(
        &mut self,
        factor: FirstFactor,
        password: Option<SecretString>,
        rng: &mut R,
    ) -> Result<Call, Error> {
        let pending = self
            .take_pending(|c| *c == ChallengeName::SelectChallenge, "no first-factor choice was asked for")?;
        if let Some(password) = password {
            self.password = Some(password);
        }
        if factor.needs_password() && self.password.is_none() {
            self.state = State::Waiting(pending);
            return Err(Error::Config(format!("{factor} needs the password and none was given")));
        }
        let ephemeral = if factor == FirstFactor::PasswordSrp {
            match ClientEphemeral::try_generate(rng) {
                Ok(ephemeral) => Some(Box::new(ephemeral)),
                Err(err) => {
                    self.state = State::Waiting(pending);
                    return Err(err.into());
                }
            }
        } else {
            None
        };
        let mut responses = self.base_responses(&pending.username);
        responses.insert(param::ANSWER, factor.challenge_name().as_str());
        if let Some(ephemeral) = &ephemeral {
            responses.insert(param::SRP_A, ephemeral.public_hex().as_str());
        }
        if factor == FirstFactor::Password
            && let Some(password) = &self.password
        {
            responses.insert(param::PASSWORD, password.expose_secret());
        }
        self.chosen = Some(factor);
        self.awaiting_otp = factor.is_code();
        let call = self.respond(pending.challenge.clone(), pending.session.clone(), responses);
        self.state = State::PersonAnswered { pending, new_password: None, ephemeral };
        Ok(call)
    }

    /// Answers [`Step::OneTimeCode`] with the code from the email or text message.
    ///
    /// # Errors
    /// [`Error::InvalidState`] when no one-time code was asked for.
    pub fn answer_one_time_code(&mut self, code: &str) -> Result<Call, Error> {
        let pending = self.take_pending(
            |c| matches!(c, ChallengeName::EmailOtp | ChallengeName::SmsOtp),
            "no one-time code was asked for",
        )?;
        let mut responses = self.base_responses(&pending.username);
        if let Some(key) = pending.challenge.code_key() {
            responses.insert(key, code);
        }
        Ok(self.answer_call(pending, responses, None))
    }

    /// Answers [`Step::WebAuthn`] with the authenticator's credential as JSON (in a browser:
    /// `JSON.stringify` of what `navigator.credentials.get` gave).
    ///
    /// # Errors
    /// [`Error::InvalidState`] when no passkey was asked for.
    pub fn answer_web_authn(&mut self, credential_json: &str) -> Result<Call, Error> {
        let pending = self.take_pending(|c| *c == ChallengeName::WebAuthn, "no passkey was asked for")?;
        let mut responses = self.base_responses(&pending.username);
        responses.insert(param::CREDENTIAL, credential_json);
        Ok(self.answer_call(pending, responses, None))
    }

    fn finish<R: TryCryptoRng + ?Sized>(
        &mut self,
        mut result: AuthenticationResult,
        username: String,
        rng: &mut R,
    ) -> Result<Action, Error> {
        let metadata = result.new_device_metadata.take();
        let mut signed_in = Box::new(SignedIn {
            tokens: Tokens::from(result),
            username,
            device: self.device.clone(),
            new_device: false,
            user_confirmation_necessary: None,
            device_remembered: None,
            dropped_device: self.dropped_device.clone(),
            unconfirmed_device: None,
            device_error: None,
        });
        self.state = State::Done;
        let Some(metadata) = metadata else {
            return Ok(Action::Done(signed_in));
        };
        if !self.options.confirm_new_devices {
            signed_in.unconfirmed_device = Some(metadata);
            return Ok(Action::Done(signed_in));
        }
        let (request, credentials) = match confirm_device(
            &signed_in.tokens.access_token,
            &metadata,
            self.options.device_name.as_deref(),
            rng,
        ) {
            Ok(confirm) => confirm,
            Err(err) => {
                signed_in.device_error = Some(err);
                signed_in.unconfirmed_device = Some(metadata);
                return Ok(Action::Done(signed_in));
            }
        };
        self.resends = 0;
        self.state = State::Confirming { signed_in, credentials, metadata, request: request.clone() };
        Ok(Action::Send(Call::now(Request::ConfirmDevice(request))))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn user_attributes_keep_strings_and_the_json_text_of_other_values() {
        let read =
            user_attributes(Some(r#"{"name":"Alice","email_verified":true,"age":null,"tags":[1,"x"]}"#));
        let pairs: Vec<(&str, &str)> = read.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [("age", "null"), ("email_verified", "true"), ("name", "Alice"), ("tags", r#"[1,"x"]"#)]
        );
        assert!(user_attributes(Some("not json")).is_empty());
        assert!(user_attributes(None).is_empty());
    }

    #[test]
    fn mfa_lists_in_every_form_seen() {
        for raw in [
            r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#,
            "['SMS_MFA', 'SOFTWARE_TOKEN_MFA']",
            "SMS_MFA,SOFTWARE_TOKEN_MFA",
        ] {
            let params = Parameters::new().with(param::MFAS_CAN_CHOOSE, raw);
            assert_eq!(
                mfa_list(&params, param::MFAS_CAN_CHOOSE),
                [MfaKind::Sms, MfaKind::SoftwareToken],
                "{raw}"
            );
        }
        assert!(mfa_list(&Parameters::new(), param::MFAS_CAN_CHOOSE).is_empty());
    }

    #[test]
    fn debug_hides_the_password_and_the_client_secret() {
        let client = AppClient::new("us-east-1_X", "c").unwrap().with_secret("CLIENTSECRET");
        let sign_in = SignIn::new(client.clone(), "alice", "PASSWORD123", SignInOptions::default());
        let text = format!("{sign_in:?} {client:?}");
        assert!(text.contains("alice"));
        assert!(!text.contains("PASSWORD123") && !text.contains("CLIENTSECRET"), "{text}");
    }
}
