//! What the peer tests (real clients run against the emulator: amazon-cognito-identity-js,
//! Amplify, pycognito, the AWS CLI, boto3) share: what happens when a peer is not installed,
//! and where the Python peers are found.
//! Included with `#[path = "support/peers.rs"] mod peers;`.

#![allow(dead_code, clippy::panic)]

use std::io::Write as _;
use std::path::PathBuf;

/// Whether a missing peer fails the test: `COGNITO_SRP_REQUIRE_PEERS=1` (scripts/test.sh sets
/// it) or `CI=true`. Otherwise a missing peer is reported as SKIPPED and the test passes.
pub(crate) fn required() -> bool {
    std::env::var("COGNITO_SRP_REQUIRE_PEERS").is_ok_and(|v| v == "1")
        || std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true"))
}

/// Reports that the `peer` of a test is missing (`why`: what was looked for): panics when
/// peers are required, else prints SKIPPED straight to the process's stderr, past the test
/// harness's output capture.
pub(crate) fn missing(peer: &str, why: &str) {
    if required() {
        panic!("the {peer} peer is required but missing ({why}); run scripts/test.sh");
    }
    let _ = writeln!(std::io::stderr(), "SKIPPED: {peer} peer test ({why})");
}

/// The repository's root (the Python peers' scripts live under `crates/.../tests/`, the venv
/// under `target/test-env`).
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The test venv's Python (scripts/test.sh installs moto, pycognito, boto3 and the AWS CLI
/// there), or `COGNITO_SRP_PYTHON`.
pub(crate) fn python() -> PathBuf {
    std::env::var_os("COGNITO_SRP_PYTHON")
        .map_or_else(|| root().join("target/test-env/venv/bin/python"), PathBuf::from)
}

/// The venv's AWS CLI, or `AWS_CLI`.
pub(crate) fn aws_cli() -> PathBuf {
    std::env::var_os("AWS_CLI").map_or_else(|| root().join("target/test-env/venv/bin/aws"), PathBuf::from)
}
