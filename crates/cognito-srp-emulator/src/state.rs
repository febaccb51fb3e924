//! The emulator's state: pools, clients, users, devices, sessions and tokens.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cognito_srp_core::server::{ServerEphemeral, Verifier};
use cognito_srp_proto::vocab::{
    AuthFactor, DeliveryMedium, FeatureType, PreventUserExistenceErrors, TimeUnit, UserPoolTier, attribute,
    explicit_auth_flow, member,
};
use cognito_srp_proto::{AuthFlow, ChallengeName, ErrorCode};

use cognito_srp_proto::admin::{
    RefreshTokenRotationType, SchemaAttributeType, TokenValidityUnitsType, UserPoolClientSettings,
    UserPoolSettings,
};

use crate::attributes;
use crate::config::{
    ClientConfig, DeviceTracking, FaultConfig, FaultCounters, MfaConfiguration, PasswordPolicy, PoolConfig,
    TokenIssuer, TokenValidityUnits, UserConfig, ValidityUnit,
};
use crate::error::ApiError;
use crate::keys::TokenKeys;
use crate::util;

/// Most users a pool holds (self-service sign-up cannot grow it without bound).
pub(crate) const MAX_USERS_PER_POOL: usize = 10_000;
/// Seconds an authentication session lives by default: Cognito's default
/// `AuthSessionValidity`, 3 minutes. An app client may set 3 to 15 minutes.
pub(crate) const SESSION_SECONDS: u64 = 180;
/// The longest an authentication session can live: `AuthSessionValidity` 15 minutes.
pub(crate) const MAX_SESSION_SECONDS: u64 = 15 * 60;
/// Default accepted difference between a client's TIMESTAMP and the emulator's clock.
pub(crate) const DEFAULT_TIMESTAMP_TOLERANCE_SECONDS: u64 = 15 * 60;
/// Pools an emulator holds (Cognito's default quota per account and region).
pub(crate) const MAX_POOLS: usize = 1000;
/// App clients of one pool (Cognito's default quota).
pub(crate) const MAX_CLIENTS_PER_POOL: usize = 1000;
/// App clients of the whole emulator: pools times clients per pool would let a caller hold
/// a million clients of up to a few hundred KiB of settings each.
pub(crate) const MAX_CLIENTS: usize = 5000;

pub(crate) struct Pool {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) region: String,
    pub(crate) mfa: MfaConfiguration,
    pub(crate) device_tracking: Option<DeviceTracking>,
    pub(crate) email_alias: bool,
    pub(crate) email_as_username: bool,
    /// `AliasAttributes` contains `phone_number`.
    pub(crate) phone_alias: bool,
    /// `AliasAttributes` contains `preferred_username`.
    pub(crate) preferred_username_alias: bool,
    /// `UsernameAttributes` contains `phone_number`.
    pub(crate) phone_as_username: bool,
    /// `Policies.PasswordPolicy`.
    pub(crate) password_policy: PasswordPolicy,
    /// `AutoVerifiedAttributes` (`email`, `phone_number`).
    pub(crate) auto_verified: Vec<String>,
    /// `UsernameConfiguration.CaseSensitive: false`: names and aliases match in any case.
    pub(crate) case_insensitive: bool,
    pub(crate) custom_answer: Option<String>,
    pub(crate) token_validity: u64,
    /// `SignInPolicy.AllowedFirstAuthFactors` (choice-based sign-in).
    pub(crate) first_factors: Vec<AuthFactor>,
    /// `EmailMfaConfiguration` is set.
    pub(crate) email_mfa: bool,
    /// `UserPoolTier`.
    pub(crate) tier: UserPoolTier,
    pub(crate) users: BTreeMap<String, User>,
    pub(crate) devices: BTreeMap<String, Device>,
    pub(crate) created: u64,
    pub(crate) modified: u64,
    /// The settings as given at create or update time (validated; absent members are
    /// Cognito's defaults, filled in when the pool is described).
    pub(crate) settings: UserPoolSettings,
    /// Custom attributes given at create time (`custom:` names).
    pub(crate) schema: Vec<SchemaAttributeType>,
    /// Groups by name.
    pub(crate) groups: BTreeMap<String, Group>,
}

/// A group of a pool and its members (internal usernames).
pub(crate) struct Group {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) role_arn: Option<String>,
    pub(crate) precedence: Option<i64>,
    pub(crate) created: u64,
    pub(crate) modified: u64,
    pub(crate) members: std::collections::BTreeSet<String>,
}

impl Pool {
    /// The part of the pool id after `_`: what SRP hashes.
    pub(crate) fn srp_name(&self) -> &str {
        self.id.split_once('_').map_or(self.id.as_str(), |(_, n)| n)
    }

    /// Finds a user by username, by `sub`, or by email on an alias pool.
    ///
    /// An email is a sign-in name only when it is verified (on an email-as-username pool it
    /// is the username: always) and belongs to exactly one user: an unverified copy of
    /// someone's email, or a duplicate, finds nobody.
    pub(crate) fn find_user(&self, name: &str) -> Option<&User> {
        if let Some(user) = self.users.get(name) {
            return Some(user);
        }
        if let Some(user) = self.users.values().find(|u| u.sub == name) {
            return Some(user);
        }
        let same =
            |a: &str| if self.case_insensitive { a.to_lowercase() == name.to_lowercase() } else { a == name };
        if self.case_insensitive
            && let Some(user) = self.users.values().find(|u| same(&u.username))
        {
            return Some(user);
        }
        if !self.has_aliases() {
            return None;
        }
        let mut owners = self.users.values().filter(|u| self.aliases(u).into_iter().any(same));
        let owner = owners.next()?;
        owners.next().is_none().then_some(owner)
    }

    /// Whether any attribute signs users in besides the username.
    pub(crate) fn has_aliases(&self) -> bool {
        self.email_alias
            || self.email_as_username
            || self.phone_alias
            || self.phone_as_username
            || self.preferred_username_alias
    }

    /// The names besides the username that sign `user` in on this pool: a verified email or
    /// phone number where those are aliases (always, where they are usernames), and the
    /// preferred username where it is an alias.
    pub(crate) fn aliases<'u>(&self, user: &'u User) -> Vec<&'u str> {
        let mut out = Vec::new();
        out.extend(self.alias_email(user));
        let verified = |flag: &str| user.attributes.get(flag).is_some_and(|v| v == "true");
        if let Some(phone) = user.attributes.get(attribute::PHONE_NUMBER)
            && (self.phone_as_username || (self.phone_alias && verified(attribute::PHONE_NUMBER_VERIFIED)))
        {
            out.push(phone.as_str());
        }
        if self.preferred_username_alias
            && let Some(name) = user.attributes.get(attribute::PREFERRED_USERNAME)
        {
            out.push(name.as_str());
        }
        out
    }

    /// Whether `attribute` (`email`, `phone_number`, `preferred_username`) is a sign-in name
    /// on this pool (an alias or the username).
    pub(crate) fn is_alias_attribute(&self, name: &str) -> bool {
        match name {
            attribute::EMAIL => self.email_alias || self.email_as_username,
            attribute::PHONE_NUMBER => self.phone_alias || self.phone_as_username,
            attribute::PREFERRED_USERNAME => self.preferred_username_alias,
            _ => false,
        }
    }

    /// The user's email if it is a sign-in alias on this pool.
    pub(crate) fn alias_email<'u>(&self, user: &'u User) -> Option<&'u str> {
        let email = user.attributes.get(attribute::EMAIL)?;
        let verified = user.attributes.get(attribute::EMAIL_VERIFIED).is_some_and(|v| v == "true");
        (self.email_as_username || (self.email_alias && verified)).then_some(email.as_str())
    }

    pub(crate) fn user_mut(&mut self, username: &str) -> Result<&mut User, ApiError> {
        self.users.get_mut(username).ok_or_else(ApiError::user_not_found)
    }

    pub(crate) fn user(&self, username: &str) -> Result<&User, ApiError> {
        self.users.get(username).ok_or_else(ApiError::user_not_found)
    }

    /// The names of the groups `username` (internal name) belongs to, by precedence (lowest
    /// first; groups without one last), then by name: the order of `cognito:groups`.
    pub(crate) fn groups_of(&self, username: &str) -> Vec<String> {
        let mut mine: Vec<&Group> = self.groups.values().filter(|g| g.members.contains(username)).collect();
        mine.sort_by(|a, b| {
            (a.precedence.is_none(), a.precedence, &a.name).cmp(&(
                b.precedence.is_none(),
                b.precedence,
                &b.name,
            ))
        });
        mine.into_iter().map(|g| g.name.clone()).collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UserStatus {
    Confirmed,
    ForceChangePassword,
    /// Signed up, the code not confirmed yet.
    Unconfirmed,
    /// An administrator reset the password: ForgotPassword / ConfirmForgotPassword first.
    ResetRequired,
}

impl UserStatus {
    pub(crate) fn wire(self) -> cognito_srp_proto::vocab::UserStatus {
        match self {
            Self::Confirmed => cognito_srp_proto::vocab::UserStatus::Confirmed,
            Self::ForceChangePassword => cognito_srp_proto::vocab::UserStatus::ForceChangePassword,
            Self::Unconfirmed => cognito_srp_proto::vocab::UserStatus::Unconfirmed,
            Self::ResetRequired => cognito_srp_proto::vocab::UserStatus::ResetRequired,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MfaKind {
    Sms,
    Totp,
    /// `EMAIL_OTP` as a second factor (email MFA).
    Email,
}

impl MfaKind {
    pub(crate) fn name(self) -> ChallengeName {
        match self {
            Self::Sms => ChallengeName::SmsMfa,
            Self::Totp => ChallengeName::SoftwareTokenMfa,
            Self::Email => ChallengeName::EmailOtp,
        }
    }
}

pub(crate) struct User {
    pub(crate) username: String,
    pub(crate) sub: String,
    pub(crate) salt: [u8; 16],
    pub(crate) verifier: Verifier,
    pub(crate) status: UserStatus,
    pub(crate) enabled: bool,
    pub(crate) attributes: BTreeMap<String, String>,
    pub(crate) totp_secret: Option<String>,
    pub(crate) totp_enabled: bool,
    pub(crate) sms_enabled: bool,
    /// Email MFA turned on (`EmailMfaSettings`).
    pub(crate) email_mfa_enabled: bool,
    pub(crate) preferred: Option<MfaKind>,
    pub(crate) created: u64,
    pub(crate) modified: u64,
    /// When the current password was set (temporary passwords expire).
    pub(crate) password_set: u64,
    /// The codes this user may still confirm: at most one per purpose (a new one replaces
    /// the old), so at most four.
    pub(crate) codes: Vec<PendingCode>,
}

/// A code sent to a user and not used yet.
#[derive(Clone, Debug)]
pub(crate) struct PendingCode {
    pub(crate) purpose: crate::outbox::CodePurpose,
    pub(crate) code: String,
    /// The attribute the code went to (`email`, `phone_number`).
    pub(crate) attribute: String,
    pub(crate) expires: u64,
    /// Wrong codes given so far.
    pub(crate) failures: u32,
    /// Codes of this purpose sent since `window_start` (a new code does not reset it).
    pub(crate) sends: u32,
    pub(crate) window_start: u64,
}

impl User {
    pub(crate) fn new(pool: &Pool, username: String, password: &str, now: u64) -> Result<Self, ApiError> {
        let mut salt = [0u8; 16];
        util::random_bytes(&mut salt)?;
        let verifier = Verifier::for_user(pool.srp_name(), &username, password, &salt)
            .map(Verifier::with_powers)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let sub = util::uuid()?;
        Ok(Self::with_credentials(username, sub, salt, verifier, now))
    }

    /// A confirmed user with these credentials (computed by the caller, outside the lock).
    pub(crate) fn with_credentials(
        username: String,
        sub: String,
        salt: [u8; 16],
        verifier: Verifier,
        now: u64,
    ) -> Self {
        let mut attributes = BTreeMap::new();
        attributes.insert(attribute::SUB.to_owned(), sub.clone());
        Self {
            username,
            sub,
            salt,
            verifier,
            status: UserStatus::Confirmed,
            enabled: true,
            attributes,
            totp_secret: None,
            totp_enabled: false,
            sms_enabled: false,
            email_mfa_enabled: false,
            preferred: None,
            created: now,
            modified: now,
            password_set: now,
            codes: Vec::new(),
        }
    }

    /// Sets a new password (a fresh salt and verifier).
    pub(crate) fn set_password(&mut self, pool_srp_name: &str, password: &str) -> Result<(), ApiError> {
        util::random_bytes(&mut self.salt)?;
        self.verifier = Verifier::for_user(pool_srp_name, &self.username, password, &self.salt)
            .map(Verifier::with_powers)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        Ok(())
    }

    /// Whether `name`'s `*_verified` flag is `true`.
    pub(crate) fn verified(&self, name: &str) -> bool {
        let flag = match name {
            attribute::EMAIL => attribute::EMAIL_VERIFIED,
            attribute::PHONE_NUMBER => attribute::PHONE_NUMBER_VERIFIED,
            _ => return false,
        };
        self.attributes.get(flag).is_some_and(|v| v == "true")
    }

    /// MFA factors this user can be challenged with.
    pub(crate) fn factors(&self) -> Vec<MfaKind> {
        let mut out = Vec::new();
        if self.sms_enabled {
            out.push(MfaKind::Sms);
        }
        if self.totp_enabled && self.totp_secret.is_some() {
            out.push(MfaKind::Totp);
        }
        if self.email_mfa_enabled {
            out.push(MfaKind::Email);
        }
        out
    }
}

pub(crate) struct Device {
    pub(crate) key: String,
    pub(crate) group_key: String,
    pub(crate) username: String,
    pub(crate) name: Option<String>,
    pub(crate) salt: Vec<u8>,
    pub(crate) verifier: Option<Verifier>,
    pub(crate) remembered: bool,
    pub(crate) created: u64,
    pub(crate) modified: u64,
    pub(crate) last_authenticated: u64,
}

/// Where a sign-in stands.
#[derive(Clone, Debug)]
pub(crate) struct Flow {
    pub(crate) pool_id: String,
    pub(crate) client_id: String,
    pub(crate) username: String,
    pub(crate) device_key: Option<String>,
    pub(crate) mfa_done: bool,
    pub(crate) device_done: bool,
    pub(crate) custom: bool,
}

pub(crate) enum Pending {
    PasswordVerifier {
        server: ServerEphemeral,
        srp_a: String,
        secret_block: String,
    },
    DeviceSrpAuth,
    DevicePasswordVerifier {
        server: ServerEphemeral,
        srp_a: String,
        secret_block: String,
        device_key: String,
    },
    Mfa {
        kind: MfaKind,
        code: Option<String>,
    },
    SelectMfaType,
    MfaSetup {
        secret: Option<String>,
        verified: bool,
    },
    NewPasswordRequired,
    CustomChallenge,
    /// `USER_AUTH`: pick a first factor among these.
    SelectChallenge {
        available: Vec<ChallengeName>,
    },
    /// `USER_AUTH`: a one-time code sent by email (`EMAIL_OTP`) or text (`SMS_OTP`) as the
    /// first factor.
    SignInOtp {
        medium: DeliveryMedium,
        code: String,
    },
    /// A PASSWORD_VERIFIER made up for a user who does not exist
    /// (`PreventUserExistenceErrors: ENABLED`): every answer fails, after the same claim check
    /// a real user's answer gets (against [`Shared::decoy`]), so that it takes as long.
    UnknownUser {
        server: ServerEphemeral,
        srp_a: String,
        secret_block: String,
    },
    /// `SignUp`'s `Session`: `ConfirmSignUp` may take it (no challenge to answer).
    SignedUp,
    /// `ConfirmSignUp`'s `Session`: `InitiateAuth(USER_AUTH)` with it signs the user in.
    ConfirmedSignUp,
}

impl Pending {
    pub(crate) fn challenge_name(&self) -> ChallengeName {
        match self {
            Self::PasswordVerifier { .. } | Self::UnknownUser { .. } => ChallengeName::PasswordVerifier,
            Self::DeviceSrpAuth => ChallengeName::DeviceSrpAuth,
            Self::DevicePasswordVerifier { .. } => ChallengeName::DevicePasswordVerifier,
            Self::Mfa { kind, .. } => kind.name(),
            Self::SelectMfaType => ChallengeName::SelectMfaType,
            Self::MfaSetup { .. } => ChallengeName::MfaSetup,
            Self::NewPasswordRequired => ChallengeName::NewPasswordRequired,
            Self::CustomChallenge => ChallengeName::CustomChallenge,
            Self::SelectChallenge { .. } => ChallengeName::SelectChallenge,
            Self::SignInOtp { medium: DeliveryMedium::Sms, .. } => ChallengeName::SmsOtp,
            Self::SignInOtp { .. } => ChallengeName::EmailOtp,
            // Not challenges: no RespondToAuthChallenge names them.
            Self::SignedUp | Self::ConfirmedSignUp => ChallengeName::Unknown(String::new()),
        }
    }
}

pub(crate) struct Session {
    pub(crate) flow: Flow,
    pub(crate) pending: Pending,
    pub(crate) expires: u64,
    /// Wrong MFA codes so far (three end the session).
    pub(crate) failures: u32,
}

pub(crate) struct AppClient {
    pub(crate) pool_id: String,
    pub(crate) name: String,
    pub(crate) secret: Option<String>,
    pub(crate) flows: Vec<String>,
    /// The settings as given at create or update time (validated; absent members are
    /// Cognito's defaults, filled in when the client is described).
    pub(crate) settings: UserPoolClientSettings,
    pub(crate) created: u64,
    pub(crate) modified: u64,
    /// `PreventUserExistenceErrors: ENABLED`.
    pub(crate) prevent_user_existence_errors: bool,
    /// Token validities and rotation as configured (echoed by DescribeUserPoolClient).
    pub(crate) validity: ClientValidity,
}

/// An app client's token validities (as given, with their units) and refresh token rotation.
#[derive(Clone, Debug, Default)]
pub(crate) struct ClientValidity {
    pub(crate) access: Option<u64>,
    pub(crate) id: Option<u64>,
    pub(crate) refresh: Option<u64>,
    pub(crate) units: TokenValidityUnits,
    /// `Some(grace seconds)`: rotation on.
    pub(crate) rotation: Option<u64>,
}

/// Cognito's default refresh token validity: 30 days.
pub(crate) const DEFAULT_REFRESH_SECONDS: u64 = 30 * 86_400;

/// The wire settings a client made in Rust or from a seed file describes itself with.
fn client_settings(config: &ClientConfig) -> UserPoolClientSettings {
    let number = |v: Option<u64>| v.and_then(|v| i64::try_from(v).ok());
    let unit = |u: Option<ValidityUnit>| {
        u.map(|u| match u {
            ValidityUnit::Seconds => TimeUnit::Seconds,
            ValidityUnit::Minutes => TimeUnit::Minutes,
            ValidityUnit::Hours => TimeUnit::Hours,
            ValidityUnit::Days => TimeUnit::Days,
        })
    };
    let units = config.token_validity_units;
    let mut settings = UserPoolClientSettings::default();
    settings.access_token_validity = number(config.access_token_validity);
    settings.id_token_validity = number(config.id_token_validity);
    settings.refresh_token_validity = number(config.refresh_token_validity);
    if units != TokenValidityUnits::default() {
        let mut wire = TokenValidityUnitsType::default();
        wire.access_token = unit(units.access_token);
        wire.id_token = unit(units.id_token);
        wire.refresh_token = unit(units.refresh_token);
        settings.token_validity_units = Some(wire);
    }
    settings.refresh_token_rotation = config.refresh_token_rotation.map(|r| {
        RefreshTokenRotationType::new(FeatureType::Enabled)
            .retry_grace_period_seconds(r.retry_grace_period_seconds)
    });
    if config.prevent_user_existence_errors {
        settings.prevent_user_existence_errors = Some(PreventUserExistenceErrors::Enabled);
    }
    settings
}

impl ClientValidity {
    /// Checks a client's settings with Cognito's ranges and messages.
    pub(crate) fn new(config: &ClientConfig) -> Result<Self, ApiError> {
        let units = config.token_validity_units;
        let range = || ApiError::invalid_parameter("Invalid range for token validity.");
        let seconds = |value: Option<u64>, unit: Option<ValidityUnit>, default: ValidityUnit| {
            value.map(|v| v.saturating_mul(unit.unwrap_or(default).seconds()))
        };
        let access = seconds(config.access_token_validity, units.access_token, ValidityUnit::Hours);
        let id = seconds(config.id_token_validity, units.id_token, ValidityUnit::Hours);
        let refresh = seconds(config.refresh_token_validity, units.refresh_token, ValidityUnit::Days);
        for short in [access, id].into_iter().flatten() {
            if !(300..=86_400).contains(&short) {
                return Err(range());
            }
        }
        if refresh.is_some_and(|r| !(3600..=315_360_000).contains(&r)) {
            return Err(range());
        }
        let rotation = match config.refresh_token_rotation {
            Some(r) if r.retry_grace_period_seconds > 60 => {
                return Err(ApiError::invalid_parameter(format!(
                    "1 validation error detected: Value '{}' at 'refreshTokenRotation.retryGracePeriodSeconds' \
                     failed to satisfy constraint: Member must have value less than or equal to 60",
                    r.retry_grace_period_seconds
                )));
            }
            Some(r) => Some(r.retry_grace_period_seconds),
            None => None,
        };
        Ok(Self {
            access: config.access_token_validity,
            id: config.id_token_validity,
            refresh: config.refresh_token_validity,
            units,
            rotation,
        })
    }

    /// Seconds an access token lives (`pool_default` when the client sets nothing).
    pub(crate) fn access_seconds(&self, pool_default: u64) -> u64 {
        self.access.map_or(pool_default, |v| {
            v.saturating_mul(self.units.access_token.unwrap_or(ValidityUnit::Hours).seconds())
        })
    }

    /// Seconds an ID token lives.
    pub(crate) fn id_seconds(&self, pool_default: u64) -> u64 {
        self.id.map_or(pool_default, |v| {
            v.saturating_mul(self.units.id_token.unwrap_or(ValidityUnit::Hours).seconds())
        })
    }

    /// Seconds a refresh token lives.
    pub(crate) fn refresh_seconds(&self) -> u64 {
        self.refresh.map_or(DEFAULT_REFRESH_SECONDS, |v| {
            v.saturating_mul(self.units.refresh_token.unwrap_or(ValidityUnit::Days).seconds())
        })
    }
}

impl AppClient {
    /// Seconds the client's authentication sessions (and the sign-in codes sent in them)
    /// live: its `AuthSessionValidity` in minutes (3 to 15, checked when set), else 3 minutes.
    pub(crate) fn session_seconds(&self) -> u64 {
        self.settings
            .auth_session_validity
            .and_then(|minutes| u64::try_from(minutes).ok())
            .map_or(SESSION_SECONDS, |minutes| {
                minutes.saturating_mul(60).clamp(SESSION_SECONDS, MAX_SESSION_SECONDS)
            })
    }

    pub(crate) fn allows(&self, flow: &AuthFlow) -> bool {
        if self.flows.is_empty() {
            return matches!(flow, AuthFlow::UserSrpAuth | AuthFlow::CustomAuth | AuthFlow::RefreshTokenAuth);
        }
        let allow = explicit_auth_flow::allow(flow);
        self.flows.iter().any(|f| {
            f == &allow
                || f == flow.as_str()
                || (*flow == AuthFlow::CustomAuth && f == explicit_auth_flow::CUSTOM_AUTH_FLOW_ONLY)
        })
    }
}

pub(crate) struct RefreshRecord {
    pub(crate) pool_id: String,
    pub(crate) client_id: String,
    pub(crate) username: String,
    pub(crate) device_key: Option<String>,
    pub(crate) revoked: bool,
    /// `origin_jti` of every access/id token issued from this refresh token (RevokeToken
    /// revokes them with it).
    pub(crate) origin_jti: String,
    /// When the user signed in (the tokens' `auth_time`, kept across refreshes).
    pub(crate) auth_time: u64,
    /// When the refresh token expires.
    pub(crate) expires: u64,
    /// Rotated out (refresh token rotation): works until then, for retries.
    pub(crate) rotated_until: Option<u64>,
    /// The latest `exp` of an access/id token issued from it: a revocation is remembered
    /// until then.
    pub(crate) tokens_until: u64,
}

/// Seconds a refresh token is remembered after it expired.
const REFRESH_RETAIN_SECONDS: u64 = 86_400;

/// Refresh tokens kept at most; past it the one closest to expiring goes first.
pub(crate) const MAX_REFRESH_TOKENS: usize = 100_000;

impl RefreshRecord {
    /// Whether the refresh token may be used at `now`: not revoked, not expired, not rotated
    /// out past its grace period.
    pub(crate) fn usable_at(&self, now: u64) -> bool {
        !self.revoked && self.expires > now && self.rotated_until.is_none_or(|until| until > now)
    }
}

fn real_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Everything behind the emulator's lock.
pub(crate) struct State {
    pub(crate) pools: BTreeMap<String, Pool>,
    pub(crate) clients: BTreeMap<String, AppClient>,
    pub(crate) sessions: HashMap<String, Session>,
    pub(crate) refresh_tokens: HashMap<String, RefreshRecord>,
    /// Revoked `origin_jti` values (RevokeToken, sign-outs), each kept until the last token
    /// that carries it has expired.
    pub(crate) revoked_jtis: HashMap<String, u64>,
    /// Every code a real pool would have texted or emailed.
    pub(crate) outbox: crate::outbox::Outbox,
}

/// State shared by the server tasks and the [`crate::Admin`] handle.
pub(crate) struct Shared {
    state: Mutex<State>,
    /// The token signing key.
    pub(crate) keys: Arc<TokenKeys>,
    /// The emulator's URL, `http://ADDRESS:PORT`: the default issuer's base.
    pub(crate) origin: String,
    /// Which issuer tokens carry.
    pub(crate) issuer: TokenIssuer,
    /// Seconds added to the system clock (negative: the emulator runs behind).
    clock_offset: AtomicI64,
    /// Accepted |TIMESTAMP - now| in seconds.
    pub(crate) timestamp_tolerance: AtomicU64,
    /// The verifier behind the PASSWORD_VERIFIER challenges of users who do not exist
    /// (`PreventUserExistenceErrors: ENABLED`), kept with its powers like every real user's,
    /// so that their B and their claim check cost what a real user's do. Its value does not
    /// matter (B = kv + g^b looks random whatever v is; those answers always fail): 2.
    pub(crate) decoy: Option<Verifier>,
    pub(crate) faults: Mutex<(FaultConfig, u64)>,
    pub(crate) counters: Mutex<FaultCounters>,
    /// Tests: SRP computations run, and how many of them ran under the state lock.
    #[cfg(test)]
    pub(crate) srp_probe: (AtomicU64, AtomicU64),
    /// Tests: tokens signed, and how many of them under the state lock.
    #[cfg(test)]
    pub(crate) sign_probe: (AtomicU64, AtomicU64),
    /// Tests: access tokens verified, and how many of them under the state lock.
    #[cfg(test)]
    pub(crate) verify_probe: (AtomicU64, AtomicU64),
    /// Tests: run once by the next SRP computation, while the lock is free (another request
    /// changing the state meanwhile).
    #[cfg(test)]
    pub(crate) race_hook: RaceHook,
}

/// What a test runs in the middle of an SRP computation.
#[cfg(test)]
pub(crate) type RaceHook = Mutex<Option<Box<dyn FnOnce(&Shared) + Send>>>;

impl Shared {
    pub(crate) fn new(keys: Arc<TokenKeys>, origin: String, issuer: TokenIssuer) -> Self {
        Self {
            state: Mutex::new(State {
                pools: BTreeMap::new(),
                clients: BTreeMap::new(),
                sessions: HashMap::new(),
                refresh_tokens: HashMap::new(),
                revoked_jtis: HashMap::new(),
                outbox: crate::outbox::Outbox::default(),
            }),
            keys,
            origin,
            issuer,
            clock_offset: AtomicI64::new(0),
            timestamp_tolerance: AtomicU64::new(DEFAULT_TIMESTAMP_TOLERANCE_SECONDS),
            decoy: Verifier::from_be_bytes(&[2]).ok().map(Verifier::with_powers),
            faults: Mutex::new((FaultConfig::default(), 0)),
            counters: Mutex::new(FaultCounters::default()),
            #[cfg(test)]
            srp_probe: (AtomicU64::new(0), AtomicU64::new(0)),
            #[cfg(test)]
            sign_probe: (AtomicU64::new(0), AtomicU64::new(0)),
            #[cfg(test)]
            verify_probe: (AtomicU64::new(0), AtomicU64::new(0)),
            #[cfg(test)]
            race_hook: Mutex::new(None),
        }
    }

    /// The `iss` of `pool`'s tokens.
    pub(crate) fn issuer(&self, pool: &Pool) -> String {
        match self.issuer {
            TokenIssuer::Endpoint => format!("{}/{}", self.origin, pool.id),
            TokenIssuer::Cognito => format!("https://cognito-idp.{}.amazonaws.com/{}", pool.region, pool.id),
        }
    }

    /// Tests: counts an SRP computation, and whether the state lock is held meanwhile (the
    /// unit tests call operations on one thread, so a held lock is this thread's).
    #[cfg(test)]
    pub(crate) fn probe_lock(&self) {
        self.srp_probe.0.fetch_add(1, Ordering::Relaxed);
        if matches!(self.state.try_lock(), Err(std::sync::TryLockError::WouldBlock)) {
            self.srp_probe.1.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Tests: counts a token signature, and whether the lock was held.
    #[cfg(test)]
    pub(crate) fn probe_sign_lock(&self) {
        self.sign_probe.0.fetch_add(1, Ordering::Relaxed);
        if matches!(self.state.try_lock(), Err(std::sync::TryLockError::WouldBlock)) {
            self.sign_probe.1.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Tests: counts an access-token verification (RSA), and whether the lock was held.
    #[cfg(test)]
    pub(crate) fn probe_verify_lock(&self) {
        self.verify_probe.0.fetch_add(1, Ordering::Relaxed);
        if matches!(self.state.try_lock(), Err(std::sync::TryLockError::WouldBlock)) {
            self.verify_probe.1.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Tests: runs the race hook, if one is set (once).
    #[cfg(test)]
    pub(crate) fn run_race_hook(&self) {
        let hook = self.race_hook.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        if let Some(hook) = hook {
            hook(self);
        }
    }

    /// The lock; a panic elsewhere never makes the state unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The emulator's clock in Unix seconds.
    pub(crate) fn now(&self) -> u64 {
        real_now().saturating_add_signed(self.clock_offset.load(Ordering::Relaxed))
    }

    pub(crate) fn advance_clock(&self, by: Duration) {
        let by = i64::try_from(by.as_secs()).unwrap_or(i64::MAX);
        // fetch_update with a saturating add: a huge step cannot overflow.
        let _ = self
            .clock_offset
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |o| Some(o.saturating_add(by)));
    }

    /// Sets the clock to `unix_seconds` (it keeps ticking from there).
    pub(crate) fn set_clock(&self, unix_seconds: u64) {
        let target = i128::from(unix_seconds);
        let real = i128::from(real_now());
        let offset = i64::try_from(target - real).unwrap_or(if target > real { i64::MAX } else { i64::MIN });
        self.clock_offset.store(offset, Ordering::Relaxed);
    }

    pub(crate) fn timestamp_tolerance(&self) -> u64 {
        self.timestamp_tolerance.load(Ordering::Relaxed)
    }
}

impl State {
    /// Drops what has expired at `now`: authentication sessions and the codes in the
    /// outbox. Returns how many sessions went.
    pub(crate) fn purge_expired(&mut self, now: u64) -> usize {
        let before = self.sessions.len();
        self.sessions.retain(|_, s| s.expires > now);
        self.outbox.purge(now);
        // A refresh token is remembered a day past its expiry, so that a late use gets
        // Cognito's precise answer (expired, revoked, rotated out), not "Invalid".
        self.refresh_tokens.retain(|_, r| r.expires.saturating_add(REFRESH_RETAIN_SECONDS) > now);
        self.revoked_jtis.retain(|_, until| *until > now);
        before.saturating_sub(self.sessions.len())
    }

    /// Stores a refresh token; past [`MAX_REFRESH_TOKENS`] the ones closest to expiring go.
    pub(crate) fn store_refresh(&mut self, token: String, record: RefreshRecord, now: u64) {
        if self.refresh_tokens.len() >= MAX_REFRESH_TOKENS {
            self.refresh_tokens.retain(|_, r| r.usable_at(now));
        }
        while self.refresh_tokens.len() >= MAX_REFRESH_TOKENS {
            let Some(oldest) =
                self.refresh_tokens.iter().min_by_key(|(_, r)| r.expires).map(|(k, _)| k.clone())
            else {
                break;
            };
            self.refresh_tokens.remove(&oldest);
        }
        self.refresh_tokens.insert(token, record);
    }

    /// Revokes a refresh token's access and ID tokens (they carry its `origin_jti`).
    pub(crate) fn revoke_origin(&mut self, origin_jti: &str, until: u64) {
        self.revoked_jtis.insert(origin_jti.to_owned(), until);
    }

    pub(crate) fn pool(&self, id: &str) -> Result<&Pool, ApiError> {
        self.pools.get(id).ok_or_else(|| ApiError::not_found(format!("User pool {id} does not exist.")))
    }

    pub(crate) fn pool_mut(&mut self, id: &str) -> Result<&mut Pool, ApiError> {
        self.pools.get_mut(id).ok_or_else(|| ApiError::not_found(format!("User pool {id} does not exist.")))
    }

    /// Seconds a sign-in session of app client `id` lives ([`AppClient::session_seconds`];
    /// the default for a client that is gone).
    pub(crate) fn session_seconds(&self, id: &str) -> u64 {
        self.clients.get(id).map_or(SESSION_SECONDS, AppClient::session_seconds)
    }

    pub(crate) fn client(&self, id: &str) -> Result<&AppClient, ApiError> {
        self.clients
            .get(id)
            .ok_or_else(|| ApiError::not_found(format!("User pool client {id} does not exist.")))
    }

    pub(crate) fn create_pool(&mut self, config: &PoolConfig, now: u64) -> Result<String, ApiError> {
        let id = match &config.id {
            Some(id) => {
                cognito_srp_core::pool_name(id)
                    .map_err(|_| ApiError::invalid_parameter("Invalid user pool id"))?;
                id.clone()
            }
            None => format!(
                "{}_{}",
                config.region,
                util::random_text(9, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")?
            ),
        };
        if self.pools.contains_key(&id) {
            return Err(ApiError::invalid_parameter(format!("User pool {id} already exists.")));
        }
        if self.pools.len() >= MAX_POOLS {
            return Err(ApiError::new(
                ErrorCode::LimitExceeded,
                format!("The maximum number of user pools ({MAX_POOLS}) has been reached."),
            ));
        }
        if config.custom_challenge_answer.as_deref().is_some_and(str::is_empty) {
            return Err(ApiError::invalid_parameter(
                "custom_challenge_answer is empty: give an answer, or None to turn CUSTOM_AUTH off",
            ));
        }
        crate::ops::user_auth::check_first_factors(
            &config.allowed_first_auth_factors,
            &UserPoolTier::Essentials,
        )?;
        let region = id.split_once('_').map_or(config.region.as_str(), |(r, _)| r).to_owned();
        self.pools.insert(
            id.clone(),
            Pool {
                id: id.clone(),
                name: config.name.clone(),
                region,
                mfa: config.mfa,
                device_tracking: config.device_tracking,
                email_alias: config.email_alias,
                email_as_username: config.email_as_username,
                phone_alias: config.phone_alias,
                preferred_username_alias: config.preferred_username_alias,
                phone_as_username: config.phone_as_username,
                password_policy: config.password_policy,
                auto_verified: config.auto_verified_attributes.clone(),
                case_insensitive: config.case_insensitive_usernames,
                custom_answer: config.custom_challenge_answer.clone(),
                token_validity: config.token_validity_seconds.max(60),
                first_factors: config.allowed_first_auth_factors.clone(),
                email_mfa: config.email_mfa,
                tier: UserPoolTier::Essentials,
                users: BTreeMap::new(),
                devices: BTreeMap::new(),
                created: now,
                modified: now,
                settings: UserPoolSettings::default(),
                schema: Vec::new(),
                groups: BTreeMap::new(),
            },
        );
        // All or nothing: a bad client or user leaves no half-made pool behind.
        if let Err(err) = self.fill_pool(&id, config, now) {
            self.pools.remove(&id);
            self.clients.retain(|_, client| client.pool_id != id);
            return Err(err);
        }
        Ok(id)
    }

    /// Adds a new pool's clients and users.
    fn fill_pool(&mut self, id: &str, config: &PoolConfig, now: u64) -> Result<(), ApiError> {
        for client in &config.clients {
            self.create_client_at(id, client, now)?;
        }
        for user in &config.users {
            self.create_user(id, user, now)?;
        }
        Ok(())
    }

    pub(crate) fn create_client(
        &mut self,
        pool_id: &str,
        config: &ClientConfig,
    ) -> Result<(String, Option<String>), ApiError> {
        let now = self.pools.get(pool_id).map_or(0, |p| p.modified);
        self.create_client_at(pool_id, config, now)
    }

    /// Creates an app client, created at `now`.
    pub(crate) fn create_client_at(
        &mut self,
        pool_id: &str,
        config: &ClientConfig,
        now: u64,
    ) -> Result<(String, Option<String>), ApiError> {
        self.pool(pool_id)?;
        if self.clients.len() >= MAX_CLIENTS {
            return Err(ApiError::new(
                ErrorCode::LimitExceeded,
                format!("The emulator holds at most {MAX_CLIENTS} app clients."),
            ));
        }
        if self.clients.values().filter(|c| c.pool_id == pool_id).count() >= MAX_CLIENTS_PER_POOL {
            return Err(ApiError::new(
                ErrorCode::LimitExceeded,
                format!(
                    "The maximum number of app clients per user pool ({MAX_CLIENTS_PER_POOL}) has been reached."
                ),
            ));
        }
        let id = match &config.id {
            Some(id) => id.clone(),
            None => util::random_text(26, b"abcdefghijklmnopqrstuvwxyz0123456789")?,
        };
        if self.clients.contains_key(&id) {
            return Err(ApiError::invalid_parameter(format!("User pool client {id} already exists.")));
        }
        let secret = match (&config.secret, config.generate_secret) {
            (Some(s), _) => Some(s.clone()),
            (None, true) => Some(util::random_text(51, b"abcdefghijklmnopqrstuvwxyz0123456789")?),
            (None, false) => None,
        };
        let validity = ClientValidity::new(config)?;
        let settings = client_settings(config);
        self.clients.insert(
            id.clone(),
            AppClient {
                pool_id: pool_id.to_owned(),
                name: config.name.clone(),
                secret: secret.clone(),
                flows: config.explicit_auth_flows.clone(),
                prevent_user_existence_errors: config.prevent_user_existence_errors,
                validity,
                settings,
                created: now,
                modified: now,
            },
        );
        Ok((id, secret))
    }

    pub(crate) fn create_user(
        &mut self,
        pool_id: &str,
        config: &UserConfig,
        now: u64,
    ) -> Result<String, ApiError> {
        self.create_user_with(pool_id, config, now, None)
    }

    /// [`Self::create_user`], with a salt and verifier the caller computed outside the lock for
    /// `(username, salt, verifier)`: used if the user gets that username (a generated one
    /// does not), else computed here.
    pub(crate) fn create_user_with(
        &mut self,
        pool_id: &str,
        config: &UserConfig,
        now: u64,
        precomputed: Option<(&str, [u8; 16], Verifier)>,
    ) -> Result<String, ApiError> {
        let pool = self.pool_mut(pool_id)?;
        // With UsernameAttributes=[email] the name given is the email and the internal username
        // is generated (equal to `sub`), as Cognito does.
        let mut email = config.email.clone();
        if pool.email_as_username && config.username.contains('@') {
            if email.as_ref().is_some_and(|e| e != &config.username) {
                return Err(ApiError::invalid_parameter("Username and the email attribute differ."));
            }
            email = Some(config.username.clone());
        }
        let generated =
            config.username.is_empty() || (pool.email_as_username && config.username.contains('@'));
        let username = if generated {
            if !(pool.email_alias || pool.email_as_username) {
                return Err(ApiError::missing(member::USERNAME));
            }
            util::uuid()?
        } else {
            config.username.clone()
        };
        if pool.email_as_username && email.is_none() {
            return Err(ApiError::invalid_parameter("Username should be an email."));
        }
        if pool.find_user(&username).is_some() {
            return Err(ApiError::new(ErrorCode::UsernameExists, "User account already exists"));
        }
        if pool.users.len() >= MAX_USERS_PER_POOL {
            return Err(ApiError::new(ErrorCode::LimitExceeded, "User pool user limit exceeded."));
        }
        if let Some(email) = &email
            && (pool.email_alias || pool.email_as_username)
            && pool.find_user(email).is_some()
        {
            return Err(if pool.email_as_username {
                ApiError::new(ErrorCode::UsernameExists, "An account with the given email already exists.")
            } else {
                ApiError::new(ErrorCode::AliasExists, "An account with the given email already exists.")
            });
        }
        if config.password.is_empty() {
            return Err(ApiError::missing(member::TEMPORARY_PASSWORD));
        }
        // Seeds and the Rust Admin handle get the wire's limits too.
        if username.chars().count() > 128 {
            return Err(ApiError::invalid_parameter("Username is longer than 128 characters."));
        }
        if config.password.chars().count() > 256 {
            return Err(ApiError::invalid_parameter("Password is longer than 256 characters."));
        }
        for (name, value) in [(attribute::EMAIL, &email), (attribute::PHONE_NUMBER, &config.phone)] {
            if let Some(value) = value {
                attributes::check(name, value, attributes::Writer::Admin)?;
            }
        }
        let mut user = match precomputed {
            Some((name, salt, verifier)) if name == username => {
                User::with_credentials(username.clone(), util::uuid()?, salt, verifier, now)
            }
            _ => User::new(pool, username.clone(), &config.password, now)?,
        };
        if generated {
            user.sub.clone_from(&username);
            user.attributes.insert(attribute::SUB.to_owned(), username.clone());
        }
        if config.unconfirmed {
            user.status = UserStatus::Unconfirmed;
        } else if !config.permanent {
            user.status = UserStatus::ForceChangePassword;
        }
        if let Some(email) = &email {
            user.attributes.insert(attribute::EMAIL.into(), email.clone());
            user.attributes.insert(attribute::EMAIL_VERIFIED.into(), "true".into());
        }
        if let Some(phone) = &config.phone {
            user.attributes.insert(attribute::PHONE_NUMBER.into(), phone.clone());
            user.attributes.insert(attribute::PHONE_NUMBER_VERIFIED.into(), "true".into());
        }
        if let Some(secret) = &config.totp_secret {
            util::totp_code(secret, 0)?;
            user.totp_secret = Some(secret.clone());
            user.totp_enabled = true;
            user.preferred = Some(MfaKind::Totp);
        }
        if config.sms_mfa {
            user.sms_enabled = true;
            if user.preferred.is_none() {
                user.preferred = Some(MfaKind::Sms);
            }
        }
        pool.users.insert(username.clone(), user);
        Ok(username)
    }
}

/// Drops expired state every `every` (at least 1 ms) until `stop` changes or its sender goes.
pub(crate) async fn purge_loop(
    shared: Arc<Shared>,
    mut stop: tokio::sync::watch::Receiver<bool>,
    every: Duration,
) {
    let mut ticks = tokio::time::interval(every.max(Duration::from_millis(1)));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            _ = ticks.tick() => {
                let now = shared.now();
                let purged = shared.lock().purge_expired(now);
                if purged > 0 {
                    tracing::debug!(purged, "expired sessions dropped");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn record(expires: u64) -> RefreshRecord {
        RefreshRecord {
            pool_id: "p".into(),
            client_id: "c".into(),
            username: "u".into(),
            device_key: None,
            revoked: false,
            origin_jti: "o".into(),
            auth_time: 0,
            expires,
            rotated_until: None,
            tokens_until: 0,
        }
    }

    fn state() -> State {
        State {
            pools: BTreeMap::new(),
            clients: BTreeMap::new(),
            sessions: HashMap::new(),
            refresh_tokens: HashMap::new(),
            revoked_jtis: HashMap::new(),
            outbox: crate::outbox::Outbox::default(),
        }
    }

    #[test]
    fn refresh_tokens_are_bounded_and_purged_a_day_after_expiry() {
        let now = 1_000_000;
        let mut state = state();
        state.store_refresh("fresh".into(), record(now + 10), now);
        state.store_refresh("expired-an-hour-ago".into(), record(now - 3600), now);
        state.store_refresh("expired-two-days-ago".into(), record(now - 2 * 86_400), now);
        state.revoke_origin("kept", now + 1);
        state.revoke_origin("gone", now);
        state.purge_expired(now);
        let mut left: Vec<&str> = state.refresh_tokens.keys().map(String::as_str).collect();
        left.sort_unstable();
        assert_eq!(left, ["expired-an-hour-ago", "fresh"]);
        assert!(state.revoked_jtis.contains_key("kept") && !state.revoked_jtis.contains_key("gone"));

        // At the cap, unusable tokens go first, then the ones closest to expiring.
        for i in 0..MAX_REFRESH_TOKENS {
            state.store_refresh(format!("t{i}"), record(now + 100 + u64::try_from(i).unwrap()), now);
        }
        assert_eq!(state.refresh_tokens.len(), MAX_REFRESH_TOKENS);
        assert!(!state.refresh_tokens.contains_key("expired-an-hour-ago"));
        assert!(!state.refresh_tokens.contains_key("fresh"), "closest to expiring");
        assert!(state.refresh_tokens.contains_key("t0") && state.refresh_tokens.contains_key("t99999"));
        state.store_refresh("one-more".into(), record(now + 1_000_000), now);
        assert_eq!(state.refresh_tokens.len(), MAX_REFRESH_TOKENS);
        assert!(!state.refresh_tokens.contains_key("t0") && state.refresh_tokens.contains_key("one-more"));
    }
}
