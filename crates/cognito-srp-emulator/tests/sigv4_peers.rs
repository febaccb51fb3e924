//! botocore's SigV4 against the emulator's verifier (the interop proof): boto3
//! (tests/boto3/sigv4.py) and the AWS CLI sign admin and set-up calls that an emulator started
//! with access keys answers, and the same calls with a wrong secret, an unknown key id or no
//! signature are refused with AWS's error types.
//!
//! Needs the Python venv of scripts/test.sh (`target/test-env/venv` with boto3 and awscli, or
//! `COGNITO_SRP_PYTHON` and `AWS_CLI`). Without it the test fails when
//! COGNITO_SRP_REQUIRE_PEERS=1 or CI=true, and otherwise says SKIPPED.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stderr)]

#[path = "support/peers.rs"]
mod peers;
use peers::{aws_cli, python, root};

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use cognito_srp_emulator::Emulator;

const KEY_ID: &str = "AKIDCOGNITOSRPTEST";
const SECRET: &str = "peer/test/secret+key";

/// A command with an environment that holds no credentials but the ones given.
fn isolated(program: &PathBuf, home: &std::path::Path) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(program);
    command
        .env("AWS_DEFAULT_REGION", "eu-west-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .env("AWS_PAGER", "")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .kill_on_drop(true);
    command
}

async fn output(mut command: tokio::process::Command) -> std::process::Output {
    tokio::time::timeout(Duration::from_secs(300), command.output()).await.expect("peer timed out").unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn botocore_signatures_pass_the_emulators_verifier_and_wrong_ones_do_not() {
    let (python, aws) = (python(), aws_cli());
    let ready = Command::new(&python).args(["-c", "import boto3"]).output().is_ok_and(|o| o.status.success())
        && Command::new(&aws).arg("--version").output().is_ok_and(|o| o.status.success());
    if !ready {
        peers::missing(
            "boto3 / AWS CLI",
            &format!("no boto3 for {} or no {}", python.display(), aws.display()),
        );
        return;
    }
    let emulator = Emulator::builder().access_key(KEY_ID, SECRET).start().await.unwrap();
    let home = std::env::temp_dir().join(format!("cognito-srp-sigv4-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();

    // boto3: the admin sign-in path and the refusals.
    let mut boto = isolated(&python, &home);
    boto.arg(root().join("tests/boto3/sigv4.py")).args([emulator.endpoint().as_str(), KEY_ID, SECRET]);
    let run = output(boto).await;
    let stdout = String::from_utf8_lossy(&run.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success() && stdout.contains(" passed, 0 failed"), "{stdout}");

    // The AWS CLI: keys from the environment, then a wrong secret.
    for (secret, expect) in [(SECRET, None), ("wrong-secret", Some("InvalidSignatureException"))] {
        let mut cli = isolated(&aws, &home);
        cli.args(["cognito-idp", "list-user-pools", "--max-results", "10", "--endpoint-url"])
            .arg(emulator.endpoint())
            .env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", secret);
        let run = output(cli).await;
        let stderr = String::from_utf8_lossy(&run.stderr);
        match expect {
            None => assert!(run.status.success(), "aws cognito-idp list-user-pools: {stderr}"),
            Some(code) => {
                assert!(!run.status.success() && stderr.contains(code), "wrong secret answered: {stderr}")
            }
        }
    }
    emulator.shutdown().await;
}
