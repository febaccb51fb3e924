//! The emulator's state: pools, clients, users, devices, sessions and tokens.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cognito_srp_core::server::{ServerEphemeral, Verifier};
use cognito_srp_proto::vocab::{attribute, explicit_auth_flow, member};
use cognito_srp_proto::{AuthFlow, ChallengeName, ErrorCode};

use cognito_srp_proto::admin::{SchemaAttributeType, UserPoolClientSettings, UserPoolSettings};

use crate::attributes;
use crate::config::{
    ClientConfig, DeviceTracking, FaultConfig, FaultCounters, MfaConfiguration, PoolConfig, UserConfig,
};
use crate::error::ApiError;
use crate::util;

/// Seconds an authentication session lives (Cognito's default is 3 minutes).
pub(crate) const SESSION_SECONDS: u64 = 180;
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
    pub(crate) custom_answer: Option<String>,
    pub(crate) token_validity: u64,
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
        if !(self.email_alias || self.email_as_username) {
            return None;
        }
        let mut owners = self.users.values().filter(|u| self.alias_email(u) == Some(name));
        let owner = owners.next()?;
        owners.next().is_none().then_some(owner)
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
}

impl UserStatus {
    pub(crate) fn wire(self) -> cognito_srp_proto::vocab::UserStatus {
        match self {
            Self::Confirmed => cognito_srp_proto::vocab::UserStatus::Confirmed,
            Self::ForceChangePassword => cognito_srp_proto::vocab::UserStatus::ForceChangePassword,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MfaKind {
    Sms,
    Totp,
}

impl MfaKind {
    pub(crate) fn name(self) -> ChallengeName {
        match self {
            Self::Sms => ChallengeName::SmsMfa,
            Self::Totp => ChallengeName::SoftwareTokenMfa,
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
    pub(crate) preferred: Option<MfaKind>,
    pub(crate) created: u64,
    pub(crate) modified: u64,
}

impl User {
    pub(crate) fn new(pool: &Pool, username: String, password: &str, now: u64) -> Result<Self, ApiError> {
        let mut salt = [0u8; 16];
        util::random_bytes(&mut salt)?;
        let verifier = Verifier::for_user(pool.srp_name(), &username, password, &salt)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let sub = util::uuid()?;
        let mut attributes = BTreeMap::new();
        attributes.insert(attribute::SUB.to_owned(), sub.clone());
        Ok(Self {
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
            preferred: None,
            created: now,
            modified: now,
        })
    }

    /// Sets a new password (a fresh salt and verifier).
    pub(crate) fn set_password(&mut self, pool_srp_name: &str, password: &str) -> Result<(), ApiError> {
        util::random_bytes(&mut self.salt)?;
        self.verifier = Verifier::for_user(pool_srp_name, &self.username, password, &self.salt)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        Ok(())
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
}

impl Pending {
    pub(crate) fn challenge_name(&self) -> ChallengeName {
        match self {
            Self::PasswordVerifier { .. } => ChallengeName::PasswordVerifier,
            Self::DeviceSrpAuth => ChallengeName::DeviceSrpAuth,
            Self::DevicePasswordVerifier { .. } => ChallengeName::DevicePasswordVerifier,
            Self::Mfa { kind, .. } => kind.name(),
            Self::SelectMfaType => ChallengeName::SelectMfaType,
            Self::MfaSetup { .. } => ChallengeName::MfaSetup,
            Self::NewPasswordRequired => ChallengeName::NewPasswordRequired,
            Self::CustomChallenge => ChallengeName::CustomChallenge,
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
}

impl AppClient {
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
    /// Revoked `origin_jti` values (RevokeToken).
    pub(crate) revoked_jtis: std::collections::HashSet<String>,
    /// Every code a real pool would have texted or emailed.
    pub(crate) outbox: crate::outbox::Outbox,
}

/// State shared by the server tasks and the [`crate::Admin`] handle.
pub(crate) struct Shared {
    state: Mutex<State>,
    pub(crate) token_key: [u8; 32],
    /// Seconds added to the system clock (negative: the emulator runs behind).
    clock_offset: AtomicI64,
    /// Accepted |TIMESTAMP - now| in seconds.
    pub(crate) timestamp_tolerance: AtomicU64,
    pub(crate) faults: Mutex<(FaultConfig, u64)>,
    pub(crate) counters: Mutex<FaultCounters>,
    /// Tests: SRP computations run, and how many of them ran under the state lock.
    #[cfg(test)]
    pub(crate) srp_probe: (AtomicU64, AtomicU64),
}

impl Shared {
    pub(crate) fn new() -> Result<Self, ApiError> {
        let mut token_key = [0u8; 32];
        util::random_bytes(&mut token_key)?;
        Ok(Self {
            state: Mutex::new(State {
                pools: BTreeMap::new(),
                clients: BTreeMap::new(),
                sessions: HashMap::new(),
                refresh_tokens: HashMap::new(),
                revoked_jtis: std::collections::HashSet::new(),
                outbox: crate::outbox::Outbox::default(),
            }),
            token_key,
            clock_offset: AtomicI64::new(0),
            timestamp_tolerance: AtomicU64::new(DEFAULT_TIMESTAMP_TOLERANCE_SECONDS),
            faults: Mutex::new((FaultConfig::default(), 0)),
            counters: Mutex::new(FaultCounters::default()),
            #[cfg(test)]
            srp_probe: (AtomicU64::new(0), AtomicU64::new(0)),
        })
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
        before.saturating_sub(self.sessions.len())
    }

    pub(crate) fn pool(&self, id: &str) -> Result<&Pool, ApiError> {
        self.pools.get(id).ok_or_else(|| ApiError::not_found(format!("User pool {id} does not exist.")))
    }

    pub(crate) fn pool_mut(&mut self, id: &str) -> Result<&mut Pool, ApiError> {
        self.pools.get_mut(id).ok_or_else(|| ApiError::not_found(format!("User pool {id} does not exist.")))
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
                custom_answer: config.custom_challenge_answer.clone(),
                token_validity: config.token_validity_seconds.max(60),
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
        self.clients.insert(
            id.clone(),
            AppClient {
                pool_id: pool_id.to_owned(),
                name: config.name.clone(),
                secret: secret.clone(),
                flows: config.explicit_auth_flows.clone(),
                settings: UserPoolClientSettings::default(),
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
        let mut user = User::new(pool, username.clone(), &config.password, now)?;
        if generated {
            user.sub.clone_from(&username);
            user.attributes.insert(attribute::SUB.to_owned(), username.clone());
        }
        if !config.permanent {
            user.status = UserStatus::ForceChangePassword;
        }
        if let Some(email) = &email {
            user.attributes.insert(attribute::EMAIL.into(), email.clone());
            user.attributes.insert(attribute::EMAIL_VERIFIED.into(), "true".into());
        }
        if let Some(phone) = &config.phone {
            user.attributes.insert(attribute::PHONE_NUMBER.into(), phone.clone());
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
    shared: std::sync::Arc<Shared>,
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
