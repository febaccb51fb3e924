//! The AWS CLI (v1) against the emulator (tests/awscli/run.py): a pool created from scratch
//! with policies, device tracking, tags, a custom attribute and deletion protection; an app
//! client; a user; groups; a sign-in and a confirmed device read and changed through the
//! admin device commands; lists (the CLI following NextToken), describes (checked to hold what
//! was set), updates (checked to reset what was left out), then client and pool deleted.
//! Every command must succeed.
//!
//! Needs the Python venv of scripts/test.sh (`target/test-env/venv` with awscli, or
//! `COGNITO_SRP_PYTHON` and `AWS_CLI`). Without it the test fails when
//! COGNITO_SRP_REQUIRE_PEERS=1 or CI=true, and otherwise says SKIPPED.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stderr)]

#[path = "support/peers.rs"]
mod peers;
use peers::{aws_cli, python, root};

use std::process::Command;

use cognito_srp_emulator::Emulator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_aws_cli_sets_up_and_tears_down_a_pool() {
    let (python, aws) = (python(), aws_cli());
    let ready = Command::new(&aws).arg("--version").output().is_ok_and(|o| o.status.success())
        && Command::new(&python).arg("--version").output().is_ok_and(|o| o.status.success());
    if !ready {
        let why = format!("no AWS CLI at {} (or no {})", aws.display(), python.display());
        peers::missing("AWS CLI", &why);
        return;
    }
    let emulator = Emulator::builder().start().await.unwrap();
    let home = std::env::temp_dir().join(format!("cognito-srp-awscli-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let run = tokio::process::Command::new(&python)
        .arg(root().join("tests/awscli/run.py"))
        .arg(emulator.endpoint())
        .env("AWS_CLI", &aws)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .env("AWS_PAGER", "")
        .env_remove("AWS_PROFILE")
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(std::time::Duration::from_secs(600), run)
        .await
        .expect("run.py did not finish within 10 minutes")
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(output.status.success(), "AWS CLI commands failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    // Everything it made, it deleted.
    let listed = emulator
        .admin()
        .dispatch(&cognito_srp_proto::Operation::ListUserPools, br#"{"MaxResults":60}"#)
        .unwrap();
    assert_eq!(String::from_utf8(listed).unwrap(), r#"{"UserPools":[]}"#);
    emulator.shutdown().await;
}
