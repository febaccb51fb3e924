//! The emulator proven against pycognito (tests/pycognito/run.py): its high-level `Cognito`
//! class signs in with SRP, verifies both tokens against the pool's JWKS (RS256, kid, issuer,
//! audience, expiry, token_use), refuses a tampered token, checks and renews its tokens,
//! calls boto3's GetTokensFromRefreshToken, reads the user, restores a session from stored
//! tokens, and logs out (GlobalSignOut), after which the old access token is refused.
//!
//! Twice: with the emulator's default issuer (boto3 given `endpoint_url`: pycognito then
//! expects `{endpoint}/{poolId}` and fetches the JWKS there), and with Cognito's issuer (boto3
//! finds the emulator through `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`, pycognito gets the
//! emulator's JWKS through `COGNITO_JWKS`).
//!
//! Needs pycognito in target/test-env/venv (scripts/test.sh installs it), or a Python with it
//! in `COGNITO_SRP_PYTHON`. Without it the test fails when COGNITO_SRP_REQUIRE_PEERS=1 or
//! CI=true, and otherwise says SKIPPED.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stderr)]

#[path = "support/peers.rs"]
mod peers;
use peers::python;

use std::path::PathBuf;
use std::process::Command;

use cognito_srp_emulator::{ClientConfig, Emulator, PoolConfig, TokenIssuer, UserConfig};

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/pycognito/run.py")
}

/// Whether the peer is there; prints SKIPPED (or panics when peers are required) if not.
fn peer_available() -> bool {
    let python = python();
    let installed =
        Command::new(&python).args(["-c", "import pycognito"]).output().is_ok_and(|o| o.status.success());
    if !installed {
        let why = format!("no pycognito importable by {}", python.display());
        peers::missing("pycognito", &why);
    }
    installed
}

async fn run(issuer: TokenIssuer, mode: &str) {
    if !peer_available() {
        return;
    }
    let emulator = Emulator::builder().token_issuer(issuer).start().await.unwrap();
    let admin = emulator.admin();
    let pool = admin
        .create_user_pool(
            PoolConfig::default().with_id(Some("eu-central-1_PyCognito".into())).with_name("pycognito"),
        )
        .unwrap();
    // Cognito's default flows: USER_SRP_AUTH, CUSTOM_AUTH, REFRESH_TOKEN_AUTH.
    let (client, _) = admin.create_client(&pool, ClientConfig::default().with_name("py")).unwrap();
    admin
        .create_user(
            &pool,
            UserConfig::default()
                .with_username("pia")
                .with_password("Correct-Horse-9")
                .with_permanent(true)
                .with_email(Some("pia@example.com".into())),
        )
        .unwrap();
    let run = tokio::process::Command::new(python())
        .arg(script())
        .env("EMULATOR_ENDPOINT", emulator.endpoint())
        .env("POOL_ID", &pool)
        .env("CLIENT_ID", &client)
        .env("USERNAME", "pia")
        .env("PASSWORD", "Correct-Horse-9")
        .env("EMAIL", "pia@example.com")
        .env("MODE", mode)
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .kill_on_drop(true)
        .output();
    // A hung script is killed (kill_on_drop) and fails the test instead of hanging it.
    let output = tokio::time::timeout(std::time::Duration::from_secs(120), run)
        .await
        .expect("run.py did not finish within 2 minutes")
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(output.status.success(), "pycognito scenarios failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains(&format!("pycognito ({mode}): 11 passed, 0 failed")), "{stdout}");
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pycognito_verifies_and_renews_tokens_with_the_emulators_issuer() {
    run(TokenIssuer::Endpoint, "endpoint").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pycognito_verifies_and_renews_tokens_with_cognitos_issuer() {
    run(TokenIssuer::Cognito, "cognito").await;
}
