//! Starts cognito-srp-emulator (the verifying local Cognito) with one pool and one app
//! client, and points a [`UserPool`] at it.
#![allow(
    unreachable_pub,
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Duration;

use cognito_srp_emulator::{
    Admin, ClientConfig, DeviceTracking, Emulator, MfaConfiguration, PoolConfig, RunningEmulator, UserConfig,
};
use cognito_srp_http::{Client, RetryPolicy, SignedIn, Step, UserPool};

/// The pool id every test pool gets (PoolName for SRP: `HttpTest1`).
pub const POOL_ID: &str = "eu-west-1_HttpTest1";
/// What the pool's stand-in for the custom-challenge Lambda expects.
pub const CUSTOM_ANSWER: &str = "forty-two";
/// A base32 TOTP seed.
pub const TOTP: &str = "JBSWY3DPEHPK3PXP";

pub struct Env {
    pub emulator: RunningEmulator,
    pub client_id: String,
    pub secret: Option<String>,
    pub pool: UserPool,
}

/// Device tracking with MFA on new devices; `prompt` is `DeviceOnlyRememberedOnUserPrompt`.
pub fn tracking(prompt: bool) -> Option<DeviceTracking> {
    Some(
        DeviceTracking::default()
            .with_challenge_required_on_new_device(true)
            .with_device_only_remembered_on_user_prompt(prompt),
    )
}

/// An emulator with one pool (email alias and custom auth on) and one app client.
pub async fn start(mfa: MfaConfiguration, device_tracking: Option<DeviceTracking>, with_secret: bool) -> Env {
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    let pool_id = admin
        .create_user_pool(
            PoolConfig::default()
                .with_id(Some(POOL_ID.into()))
                .with_name("http-tests")
                .with_region("eu-west-1")
                .with_mfa(mfa)
                .with_device_tracking(device_tracking)
                .with_email_alias(true)
                .with_custom_challenge_answer(Some(CUSTOM_ANSWER.into())),
        )
        .unwrap();
    assert_eq!(pool_id, POOL_ID);
    let (client_id, secret) = admin
        .create_client(&pool_id, ClientConfig::default().with_name("app").with_generate_secret(with_secret))
        .unwrap();
    assert_eq!(secret.is_some(), with_secret);
    let client = Client::builder()
        .endpoint(emulator.endpoint())
        .use_environment(false)
        .retry_policy(RetryPolicy::new(4, Duration::from_millis(5), Duration::from_millis(50)))
        .build()
        .unwrap();
    let mut pool = UserPool::with_client(client, POOL_ID, client_id.clone()).unwrap();
    if let Some(s) = &secret {
        pool = pool.with_client_secret(s.as_str());
    }
    Env { emulator, client_id, secret, pool }
}

impl Env {
    pub fn admin(&self) -> Admin {
        self.emulator.admin()
    }

    /// Creates a confirmed user (`permanent` is always set) and returns the internal
    /// username.
    pub fn user(&self, name: &str, password: &str, extra: UserConfig) -> String {
        self.admin()
            .create_user(POOL_ID, (extra).with_username(name).with_password(password).with_permanent(true))
            .unwrap()
    }

    /// Requests the emulator has received so far.
    pub fn requests(&self) -> u64 {
        self.admin().fault_counters().requests
    }

    /// The current TOTP code for `secret` on the emulator's clock.
    pub fn totp(&self, secret: &str) -> String {
        cognito_srp_emulator::totp_code(secret, self.admin().now()).unwrap()
    }

    /// A six-digit code that the emulator's TOTP window (now and one step either side)
    /// does not accept.
    pub fn wrong_totp(&self, secret: &str) -> String {
        let now = self.admin().now();
        let valid: Vec<String> = [now.saturating_sub(30), now, now + 30]
            .iter()
            .map(|t| cognito_srp_emulator::totp_code(secret, *t).unwrap())
            .collect();
        ["000000", "111111", "222222", "333333"]
            .into_iter()
            .find(|c| !valid.iter().any(|v| v == c))
            .unwrap()
            .to_owned()
    }

    /// Calls one of the emulator's unsigned admin operations over HTTP (those the Rust
    /// [`Admin`] handle has no method for).
    pub async fn admin_call(&self, operation: &str, body: serde_json::Value) -> serde_json::Value {
        let response = reqwest::Client::new()
            .post(self.emulator.endpoint())
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", format!("AWSCognitoIdentityProviderService.{operation}"))
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{operation}");
        serde_json::from_str(&response.text().await.unwrap()).unwrap()
    }
}

/// The tokens of a finished sign-in, or a panic naming the step it stopped at.
pub fn done(step: Step) -> Box<SignedIn> {
    match step {
        Step::Done(done) => done,
        other => panic!("expected tokens, got {other:?}"),
    }
}
