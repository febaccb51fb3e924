//! What the peer tests (real clients run against the emulator: amazon-cognito-identity-js,
//! Amplify, pycognito, the AWS CLI, boto3) share: what happens when a peer is not installed.
//! Included with `#[path = "support/peers.rs"] mod peers;`.

#![allow(dead_code, clippy::panic)]

use std::io::Write as _;

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
