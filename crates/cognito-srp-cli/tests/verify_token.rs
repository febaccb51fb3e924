//! `cognito-srp verify-token` against the verifying emulator: the claims of a valid token on
//! stdout with exit 0; wrong use, wrong client, tampered and hostile tokens refused with exit
//! 1 and the reason on stderr, control characters escaped.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use std::process::Command;

use base64ct::{Base64UrlUnpadded, Encoding};
use cognito_srp_emulator::{Emulator, RunningEmulator, Seed};
use serde_json::{Value, json};

mod support;
use support::{Run, bare, run_bytes};

const POOL: &str = "eu-west-1_CliVerify1";
const CLIENT: &str = "verify-app";
const PASSWORD: &str = "Verify-Pa55word-Secret";

fn cli(endpoint: &str) -> Command {
    let mut cmd = bare();
    cmd.env("COGNITO_ENDPOINT", endpoint).env("COGNITO_POOL_ID", POOL).env("COGNITO_CLIENT_ID", CLIENT);
    cmd
}

fn run(cmd: &mut Command, stdin: &str) -> Run {
    run_bytes(cmd, stdin.as_bytes())
}

async fn emulator() -> RunningEmulator {
    let seed = json!({ "pools": [{ "id": POOL, "clients": [{ "id": CLIENT }],
        "users": [{ "username": "vera", "password": PASSWORD, "permanent": true }] }] });
    Emulator::builder().seed(Seed::from_json(&seed.to_string()).unwrap()).start().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_token_prints_claims_or_refuses_with_exit_1() {
    let emulator = emulator().await;
    let endpoint = emulator.endpoint();
    let login = tokio::task::spawn_blocking({
        let endpoint = endpoint.clone();
        move || {
            run(cli(&endpoint).args(["login", "--username", "vera"]).env("COGNITO_PASSWORD", PASSWORD), "")
        }
    })
    .await
    .unwrap();
    assert!(login.status.success(), "{}", login.stderr.clone());
    let tokens = login.stdout.clone();
    let json: Value = serde_json::from_str(&tokens).unwrap();
    let access = json["AccessToken"].as_str().unwrap().to_owned();

    let verify = move |args: Vec<String>, stdin: String| {
        let endpoint = endpoint.clone();
        tokio::task::spawn_blocking(move || run(cli(&endpoint).arg("verify-token").args(args), &stdin))
    };

    // The login JSON on stdin: its access token by default.
    let out = verify(vec![], tokens.clone()).await.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr.clone());
    let claims: Value = serde_json::from_str(&out.stdout.clone()).unwrap();
    assert_eq!(claims["token_use"], "access");
    assert_eq!(claims["username"], "vera");
    assert_eq!(claims["client_id"], CLIENT);
    // Its ID token with --token-use id.
    let out = verify(vec!["--token-use".into(), "id".into()], tokens.clone()).await.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr.clone());
    let claims: Value = serde_json::from_str(&out.stdout.clone()).unwrap();
    assert_eq!((claims["token_use"].as_str(), claims["aud"].as_str()), (Some("id"), Some(CLIENT)));

    // The access token as an argument where an ID token is required.
    let out = verify(vec!["--token-use".into(), "id".into(), access.clone()], String::new()).await.unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.clone().contains("token refused: the token's use is \"access\", not id"),
        "{}",
        out.stderr.clone()
    );
    assert!(out.stdout.is_empty());

    // Another app client.
    let out =
        verify(vec!["--client-id".into(), "other-app".into(), access.clone()], String::new()).await.unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.clone().contains("app client"), "{}", out.stderr.clone());

    // A tampered payload.
    let parts: Vec<&str> = access.split('.').collect();
    let mut payload: Value =
        serde_json::from_slice(&Base64UrlUnpadded::decode_vec(parts[1]).unwrap()).unwrap();
    payload["username"] = json!("mallory");
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        Base64UrlUnpadded::encode_string(payload.to_string().as_bytes()),
        parts[2]
    );
    let out = verify(vec![forged], String::new()).await.unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.clone().contains("signature is invalid"), "{}", out.stderr.clone());

    // A hostile header: its kid and alg carry terminal escapes; they are not printed raw.
    let header = json!({ "alg": "RS256\u{1b}[2J", "kid": "k" }).to_string();
    let hostile =
        format!("{}.{}.{}", Base64UrlUnpadded::encode_string(header.as_bytes()), parts[1], parts[2]);
    let out = verify(vec![hostile], String::new()).await.unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = out.stderr.clone();
    assert!(stderr.contains("is not RS256") && !stderr.contains('\u{1b}'), "{stderr:?}");

    // Not a token at all.
    let out = verify(vec!["not-a-token".into()], String::new()).await.unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.clone().contains("malformed"), "{}", out.stderr.clone());
    emulator.shutdown().await;
}

#[test]
fn verify_token_has_help_with_examples() {
    let out = run(bare().args(["verify-token", "--help"]), "");
    let help = out.assert_code(0).stdout.clone();
    assert!(help.contains("Examples:") && help.contains("--token-use"), "{help}");
    assert!(run(bare().arg("--help"), "").stdout.contains("verify-token"));
}
