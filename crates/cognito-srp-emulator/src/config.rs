//! Configuration of pools, app clients and users, from Rust or from a JSON seed file.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// A pool's MFA setting (`MfaConfiguration`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum MfaConfiguration {
    /// No MFA.
    #[default]
    Off,
    /// MFA for users who enabled a factor.
    Optional,
    /// MFA for everyone; users without a factor are sent to `MFA_SETUP`.
    On,
}

/// A pool's `DeviceConfiguration`: device tracking is on when this is present.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceTracking {
    /// `ChallengeRequiredOnNewDevice`: MFA on a sign-in without a remembered device.
    #[serde(default = "yes")]
    pub challenge_required_on_new_device: bool,
    /// `DeviceOnlyRememberedOnUserPrompt`: ConfirmDevice answers `UserConfirmationNecessary`
    /// and the device is remembered only after `UpdateDeviceStatus(remembered)`.
    #[serde(default = "yes")]
    pub device_only_remembered_on_user_prompt: bool,
}

fn yes() -> bool {
    true
}

impl Default for DeviceTracking {
    fn default() -> Self {
        Self { challenge_required_on_new_device: true, device_only_remembered_on_user_prompt: true }
    }
}

/// A user pool.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PoolConfig {
    /// The pool id (`<region>_<name>`); generated when `None`.
    pub id: Option<String>,
    /// `PoolName`.
    pub name: String,
    /// Region used in generated ids and token issuers.
    pub region: String,
    /// MFA setting.
    pub mfa: MfaConfiguration,
    /// Device tracking; `None` turns it off.
    pub device_tracking: Option<DeviceTracking>,
    /// Users may sign in with their `email` attribute (an alias); the internal username is
    /// then a generated UUID unless given.
    pub email_alias: bool,
    /// `UsernameAttributes: ["email"]`: users are created and sign in with their email; the
    /// internal username (`USER_ID_FOR_SRP`, the tokens' `username`) is a generated UUID equal
    /// to `sub`, as on Cognito.
    pub email_as_username: bool,
    /// The answer a `CUSTOM_CHALLENGE` expects (stands in for the Lambda triggers);
    /// `None` disables `CUSTOM_AUTH`.
    pub custom_challenge_answer: Option<String>,
    /// Seconds an access/id token is valid.
    pub token_validity_seconds: u64,
    /// App clients to create with the pool (seed files).
    pub clients: Vec<ClientConfig>,
    /// Users to create with the pool (seed files).
    pub users: Vec<UserConfig>,
}

impl Default for PoolConfig {
    fn default() -> Self {
        Self {
            id: None,
            name: "pool".into(),
            region: "us-east-1".into(),
            mfa: MfaConfiguration::Off,
            device_tracking: None,
            email_alias: false,
            email_as_username: false,
            custom_challenge_answer: None,
            token_validity_seconds: 3600,
            clients: Vec::new(),
            users: Vec::new(),
        }
    }
}

/// An app client.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClientConfig {
    /// The client id; generated when `None`.
    pub id: Option<String>,
    /// `ClientName`.
    pub name: String,
    /// Generate a client secret (`GenerateSecret`).
    pub generate_secret: bool,
    /// A fixed client secret (seed files); implies a secret.
    pub secret: Option<String>,
    /// `ExplicitAuthFlows`; empty means Cognito's default (SRP, custom, refresh).
    pub explicit_auth_flows: Vec<String>,
}

/// A user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserConfig {
    /// The internal username (on an alias pool, generated when empty).
    pub username: String,
    /// The password.
    pub password: String,
    /// `true`: CONFIRMED; `false`: a temporary password (FORCE_CHANGE_PASSWORD).
    pub permanent: bool,
    /// The `email` attribute (the sign-in alias on an alias pool).
    pub email: Option<String>,
    /// The `phone_number` attribute (SMS MFA destination).
    pub phone: Option<String>,
    /// A base32 TOTP secret: enables and prefers SOFTWARE_TOKEN_MFA.
    pub totp_secret: Option<String>,
    /// Enable SMS_MFA (the code can be read with `Admin::last_sms_code`).
    pub sms_mfa: bool,
}

/// Random faults injected into requests, for reliability tests.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FaultConfig {
    /// Fraction of requests answered `500 InternalErrorException`.
    pub internal_error: f64,
    /// Fraction answered `400 TooManyRequestsException`.
    pub throttle: f64,
    /// Fraction whose connection is closed without an answer.
    pub drop_connection: f64,
    /// Latency added to every request.
    pub latency: Duration,
    /// Seed of the fault generator (the same seed gives the same faults in the same order).
    pub seed: u64,
}

/// Counters of requests and injected faults.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultCounters {
    /// Requests received.
    pub requests: u64,
    /// Answered with an injected 500.
    pub internal_errors: u64,
    /// Answered with an injected throttle.
    pub throttled: u64,
    /// Connections dropped on purpose.
    pub dropped: u64,
    /// Requests delayed.
    pub delayed: u64,
}

/// A seed: pools with their clients and users, loaded at start.
///
/// The JSON has the fields of [`PoolConfig`], [`ClientConfig`], [`UserConfig`] and
/// [`DeviceTracking`] in snake_case; every field may be left out (defaults as in Rust), and an
/// unknown field is an error, so a typo does not pass silently. `mfa` is `"OFF"`,
/// `"OPTIONAL"` or `"ON"`; `"device_tracking": {}` turns tracking on with both settings true.
/// `crates/cognito-srp-emulator/examples/seed.json` is a quick-start seed: a pool with device
/// tracking, optional MFA and an email alias; a public client and one with a secret; users
/// with a plain password, with TOTP, with a temporary password and with SMS MFA.
///
/// ```
/// let seed = cognito_srp_emulator::Seed::from_json(r#"{
///   "pools": [{ "id": "us-east-1_Demo1", "name": "demo", "mfa": "OPTIONAL",
///               "device_tracking": {}, "email_alias": true,
///               "clients": [{ "id": "app", "name": "app" }],
///               "users": [{ "username": "alice", "password": "Passw0rd!", "permanent": true,
///                           "email": "alice@example.com", "totp_secret": "JBSWY3DPEHPK3PXP" }] }]
/// }"#).unwrap();
/// assert_eq!(seed.pools.len(), 1);
/// assert!(cognito_srp_emulator::Seed::from_json(r#"{ "pools": [{ "totp": "x" }] }"#).is_err());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Seed {
    /// The pools.
    pub pools: Vec<PoolConfig>,
}

impl Seed {
    /// Parses a seed from JSON text.
    ///
    /// # Errors
    /// [`crate::EmulatorError::Seed`] for invalid JSON.
    pub fn from_json(text: &str) -> Result<Self, crate::EmulatorError> {
        Ok(serde_json::from_str(text)?)
    }

    /// Reads a seed file.
    ///
    /// # Errors
    /// I/O or JSON errors.
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Self, crate::EmulatorError> {
        Self::from_json(&std::fs::read_to_string(path)?)
    }
}
