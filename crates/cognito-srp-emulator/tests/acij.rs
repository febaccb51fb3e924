//! The emulator proven against AWS's own client: amazon-cognito-identity-js (tests/acij/run.mjs)
//! signs in with SRP and TOTP, confirms and remembers its device, signs in again through
//! DEVICE_SRP_AUTH with MFA skipped, refreshes with its DEVICE_KEY, lists its devices, is
//! refused a wrong password, completes NEW_PASSWORD_REQUIRED, forgets its device (and then
//! needs TOTP again), and signs out globally.
//!
//! Needs Node and `npm install` in tests/acij (scripts/test.sh does it). Without them the test
//! fails when COGNITO_SRP_REQUIRE_PEERS=1 or CI=true, and otherwise says SKIPPED.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stderr)]

#[path = "support/peers.rs"]
mod peers;

use std::path::PathBuf;
use std::process::Command;

use cognito_srp_emulator::{
    ClientConfig, DeviceTracking, Emulator, MfaConfiguration, PoolConfig, UserConfig,
};

fn acij_dir() -> PathBuf {
    std::env::var_os("COGNITO_SRP_ACIJ_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/acij"), PathBuf::from)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amazon_cognito_identity_js_signs_in_with_devices_and_mfa() {
    let dir = acij_dir();
    let installed = dir.join("node_modules/amazon-cognito-identity-js").is_dir();
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !installed || !node {
        let why =
            format!("node={node}, amazon-cognito-identity-js installed in {}={installed}", dir.display());
        peers::missing("amazon-cognito-identity-js", &why);
        return;
    }
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    let pool = admin
        .create_user_pool(
            PoolConfig::default()
                .with_id(Some("us-east-1_AcijPool1".into()))
                .with_name("acij")
                .with_mfa(MfaConfiguration::Optional)
                .with_device_tracking(Some(
                    DeviceTracking::default()
                        .with_challenge_required_on_new_device(true)
                        .with_device_only_remembered_on_user_prompt(true),
                )),
        )
        .unwrap();
    let (client, _) = admin.create_client(&pool, ClientConfig::default().with_name("web")).unwrap();
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    admin
        .create_user(
            &pool,
            UserConfig::default()
                .with_username("tess")
                .with_password("Correct-Horse-9")
                .with_permanent(true)
                .with_totp_secret(Some(secret.into())),
        )
        .unwrap();
    admin
        .create_user(
            &pool,
            UserConfig::default()
                .with_username("newbie")
                .with_password("Temp-Password-1")
                .with_permanent(false),
        )
        .unwrap();
    let run = tokio::process::Command::new("node")
        .arg("run.mjs")
        .current_dir(&dir)
        .env("EMULATOR_ENDPOINT", emulator.endpoint())
        .env("POOL_ID", &pool)
        .env("CLIENT_ID", &client)
        .env("MFA_USER", "tess")
        .env("MFA_PASSWORD", "Correct-Horse-9")
        .env("TOTP_SECRET", secret)
        .env("NEW_USER", "newbie")
        .env("NEW_USER_TEMP_PASSWORD", "Temp-Password-1")
        .kill_on_drop(true)
        .output();
    // A hung script is killed (kill_on_drop) and fails the test instead of hanging it.
    let output = tokio::time::timeout(std::time::Duration::from_secs(300), run)
        .await
        .expect("run.mjs did not finish within 5 minutes")
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(output.status.success(), "amazon-cognito-identity-js scenarios failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("acij: 14 passed, 0 failed"), "{stdout}");
    let devices = admin.list_devices("us-east-1_AcijPool1", "tess");
    // The first device was forgotten; the one from the last sign-in is confirmed by the
    // library and waits for the user's prompt (DeviceOnlyRememberedOnUserPrompt).
    assert_eq!(devices.len(), 1, "{devices:?}");
    assert!(devices[0].confirmed && !devices[0].remembered, "{devices:?}");
    emulator.shutdown().await;
}
