//! boto3 against the emulator (tests/boto3/run.py): every operation the emulator implements,
//! each answer and each error's `__type` checked against botocore's own service model (the
//! output shape's members, required members, types, enums and length limits; the
//! operation's error list). Every operation the emulator answers (each of proto's
//! `Operation::KNOWN` that is not an `UnknownOperationException`) must be among those the
//! steps checked.
//!
//! Needs the Python venv of scripts/test.sh (`target/test-env/venv` with boto3 and
//! pycognito, whose SRP helpers the steps use; or `COGNITO_SRP_PYTHON`). Without it the
//! test fails when COGNITO_SRP_REQUIRE_PEERS=1 or CI=true, and otherwise says SKIPPED.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stderr)]

#[path = "support/peers.rs"]
mod peers;
use peers::{python, root};

use std::process::Command;

use cognito_srp_emulator::Emulator;
use cognito_srp_proto::{ErrorCode, Operation};

mod support;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn boto3_answers_match_botocores_model() {
    let python = python();
    let ready = Command::new(&python)
        .args(["-c", "import boto3, botocore, pycognito"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        let why = format!("no boto3 or pycognito for {}", python.display());
        peers::missing("boto3 model", &why);
        return;
    }
    let emulator = Emulator::builder().start().await.unwrap();
    let home = std::env::temp_dir().join(format!("cognito-srp-boto3-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let run = tokio::process::Command::new(&python)
        .arg(root().join("tests/boto3/run.py"))
        .arg(emulator.endpoint())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .env_remove("AWS_PROFILE")
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(std::time::Duration::from_secs(300), run)
        .await
        .expect("run.py did not finish within 5 minutes")
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(output.status.success(), "boto3 steps failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    let checked: Vec<&str> = stdout
        .lines()
        .find_map(|l| l.strip_prefix("checked operations: "))
        .expect("run.py names the operations it checked")
        .split(',')
        .collect();
    // The operations the emulator implements: those not answered UnknownOperationException.
    let api = support::Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let mut implemented = Vec::new();
    for op in Operation::KNOWN {
        let (_, body) = support::call_raw(&api, op.as_str(), &serde_json::json!({})).await;
        if body["__type"] != ErrorCode::UnknownOperation.as_str() {
            implemented.push(op.as_str());
        }
    }
    assert!(implemented.len() >= 60, "{implemented:?}");
    let missed: Vec<&&str> = implemented.iter().filter(|op| !checked.contains(op)).collect();
    assert!(missed.is_empty(), "operations the emulator implements that run.py does not check: {missed:?}");
    eprintln!("{} implemented operations, all checked against botocore's model", implemented.len());
    emulator.shutdown().await;
}
