//! The emulator proven against AWS Amplify JS v6 (`aws-amplify`, tests/amplify/run.mjs): a user
//! signs up and confirms with the emailed code, signs in with SRP, with USER_AUTH and
//! PASSWORD_SRP, and with USER_AUTH and a one-time EMAIL_OTP code, changes and verifies her
//! email, resets her password and deletes herself; a second user sets up TOTP, signs in with
//! it, remembers the device Amplify confirmed, signs in again through DEVICE_SRP_AUTH without
//! TOTP, and refreshes with GetTokensFromRefreshToken. Codes are read over HTTP from the
//! emulator's control endpoint (`GET /_emulator/messages/{poolId}/{username}`).
//!
//! run.mjs can run a subset (`AMPLIFY_STEPS=key,...`) when one step is being debugged; the
//! test runs them all.
//!
//! Needs Node and `npm ci` in tests/amplify (scripts/test.sh does it). Without them the test
//! fails when COGNITO_SRP_REQUIRE_PEERS=1 or CI=true, and otherwise says SKIPPED.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stderr)]

#[path = "support/peers.rs"]
mod peers;

use std::path::PathBuf;
use std::process::Command;

use cognito_srp_emulator::{
    ClientConfig, DeviceTracking, Emulator, MfaConfiguration, PoolConfig, RefreshTokenRotation, UserConfig,
};
use cognito_srp_proto::vocab::AuthFactor;

/// How many steps run.mjs has (its `1..N` plan line).
const STEPS: usize = 14;

fn amplify_dir() -> PathBuf {
    std::env::var_os("COGNITO_SRP_AMPLIFY_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/amplify"), PathBuf::from)
}

/// run.mjs's output (stdout, stderr, exit status) against a fresh emulator, or `None` (SKIPPED)
/// when Node or aws-amplify is missing and peers are not required.
async fn run_amplify(steps: Option<&[&str]>) -> Option<(String, String, std::process::ExitStatus)> {
    let dir = amplify_dir();
    let installed = dir.join("node_modules/aws-amplify").is_dir();
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !installed || !node {
        let why = format!("node={node}, aws-amplify installed in {}={installed}", dir.display());
        peers::missing("AWS Amplify JS", &why);
        return None;
    }
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    // Emails are verified by code (SignUp, attribute changes), USER_AUTH may start with an
    // emailed code, and the client rotates refresh tokens (Amplify refreshes with
    // GetTokensFromRefreshToken and keeps the new one).
    let pool = admin
        .create_user_pool(
            PoolConfig::default()
                .with_id(Some("us-east-1_AmplifyPool1".into()))
                .with_name("amplify")
                .with_mfa(MfaConfiguration::Optional)
                .with_device_tracking(Some(
                    DeviceTracking::default()
                        .with_challenge_required_on_new_device(true)
                        .with_device_only_remembered_on_user_prompt(true),
                ))
                .with_auto_verified_attributes(vec!["email".into()])
                .with_allowed_first_auth_factors(vec![AuthFactor::Password, AuthFactor::EmailOtp]),
        )
        .unwrap();
    let flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
    let (client, _) = admin
        .create_client(
            &pool,
            ClientConfig::default()
                .with_name("web")
                .with_explicit_auth_flows(flows.map(str::to_owned).to_vec())
                .with_refresh_token_rotation(Some(
                    RefreshTokenRotation::default().with_retry_grace_period_seconds(0),
                )),
        )
        .unwrap();
    // ann signs herself up in run.mjs; tess is made here, with a verified email.
    admin
        .create_user(
            &pool,
            UserConfig::default()
                .with_username("tess")
                .with_password("Correct-Horse-9")
                .with_permanent(true)
                .with_email(Some("tess@example.com".into())),
        )
        .unwrap();
    let mut command = tokio::process::Command::new("node");
    command
        .arg("run.mjs")
        .current_dir(&dir)
        .env("EMULATOR_ENDPOINT", emulator.endpoint())
        .env("POOL_ID", &pool)
        .env("CLIENT_ID", &client)
        .env("SIGNUP_USER", "ann")
        .env("MFA_USER", "tess")
        .env("MFA_PASSWORD", "Correct-Horse-9")
        .env_remove("AMPLIFY_STEPS")
        .kill_on_drop(true);
    if let Some(steps) = steps {
        command.env("AMPLIFY_STEPS", steps.join(","));
    }
    // A hung script is killed (kill_on_drop) and fails the test instead of hanging it.
    let output = tokio::time::timeout(std::time::Duration::from_secs(300), command.output())
        .await
        .expect("run.mjs did not finish within 5 minutes")
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    eprintln!("{stdout}{stderr}");
    // ann deleted herself (when that step ran and passed); tess's device is remembered.
    if stdout.lines().any(|l| l.starts_with("ok ") && l.contains("deleteUser") && !l.contains("# SKIP")) {
        assert!(admin.list_devices(&pool, "ann").is_empty());
    }
    if stdout.lines().any(|l| l.starts_with("ok ") && l.contains("rememberDevice") && !l.contains("# SKIP")) {
        let devices = admin.list_devices(&pool, "tess");
        assert!(devices.iter().any(|d| d.confirmed && d.remembered), "{devices:?}");
    }
    emulator.shutdown().await;
    Some((stdout, stderr, output.status))
}

/// Panics unless `passed` steps passed, none failed, and the rest were not selected.
fn assert_steps(stdout: &str, status: std::process::ExitStatus, passed: usize) {
    let failed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("not ok ")).collect();
    assert!(
        status.success() && failed.is_empty(),
        "AWS Amplify ({status}); failed steps:\n{}",
        failed.join("\n")
    );
    let summary = format!("amplify: {passed} passed, 0 failed, {} not selected", STEPS - passed);
    assert!(stdout.contains(&summary), "expected '{summary}' in:\n{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aws_amplify_signs_up_signs_in_and_manages_the_account() {
    let Some((stdout, _, status)) = run_amplify(None).await else { return };
    assert_steps(&stdout, status, STEPS);
}
