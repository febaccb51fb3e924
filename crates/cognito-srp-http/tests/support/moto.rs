//! Starts `moto_server` on 127.0.0.1 for a test and talks to its admin API.
#![allow(
    unreachable_pub,
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr,
    clippy::cast_possible_truncation,
    clippy::cast_lossless,
    clippy::arithmetic_side_effects
)]

use std::io::Write;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A running moto server, killed (by PID) when dropped.
pub struct Moto {
    child: Child,
    pub endpoint: String,
    http: reqwest::Client,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn peers_required() -> bool {
    std::env::var("COGNITO_SRP_REQUIRE_PEERS").is_ok_and(|v| v == "1")
        || std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true"))
}

fn moto_binary() -> PathBuf {
    if let Ok(path) = std::env::var("COGNITO_SRP_MOTO_SERVER") {
        return PathBuf::from(path);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-env/venv/bin/moto_server")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Moto {
    /// Starts moto, or returns `None` after a loud SKIPPED line when it is not installed and
    /// peers are optional (panics when `COGNITO_SRP_REQUIRE_PEERS=1` or `CI=true`).
    pub async fn start(test: &str) -> Option<Moto> {
        let binary = moto_binary();
        if !binary.exists() {
            let msg = format!(
                "moto_server not found at {} (run scripts/test.sh, or set COGNITO_SRP_MOTO_SERVER)",
                binary.display()
            );
            if peers_required() {
                panic!("{msg}");
            }
            // Straight to the process's stderr, past the test harness's output capture.
            let _ = writeln!(std::io::stderr(), "SKIPPED: {test}: {msg}");
            return None;
        }
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
        // A port picked from the kernel may be taken again before moto binds it: try a few.
        for _ in 0..5 {
            let port = free_port();
            let mut child = Command::new(&binary)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .env("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
                .env("AWS_DEFAULT_REGION", "us-east-1")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
            let endpoint = format!("http://127.0.0.1:{port}");
            let deadline = Instant::now() + Duration::from_secs(60);
            while Instant::now() < deadline {
                if let Some(status) = child.try_wait().unwrap() {
                    eprintln!("moto exited early ({status}); retrying on another port");
                    break;
                }
                if http.get(format!("{endpoint}/moto-api/")).send().await.is_ok() {
                    return Some(Moto { child, endpoint, http });
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("moto_server did not start");
    }

    /// An unsigned admin call (moto accepts them).
    pub async fn admin(&self, operation: &str, body: Value) -> Value {
        let response = self
            .http
            .post(format!("{}/", self.endpoint))
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", format!("AWSCognitoIdentityProviderService.{operation}"))
            .body(serde_json::to_vec(&body).unwrap())
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{operation} failed: {status} {text}");
        if text.trim().is_empty() { json!({}) } else { serde_json::from_str(&text).unwrap() }
    }

    /// A pool (optionally with TOTP MFA required) and an app client (optionally with a
    /// secret): (pool id, client id, client secret).
    pub async fn pool(&self, totp_required: bool, with_secret: bool) -> (String, String, Option<String>) {
        let pool = self.admin("CreateUserPool", json!({"PoolName": "http-tests"})).await;
        let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
        if totp_required {
            self.admin(
                "SetUserPoolMfaConfig",
                json!({"UserPoolId": pool_id, "MfaConfiguration": "ON",
                       "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
            )
            .await;
        }
        let client = self
            .admin(
                "CreateUserPoolClient",
                json!({"UserPoolId": pool_id, "ClientName": "app", "GenerateSecret": with_secret,
                       "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]}),
            )
            .await;
        let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned();
        let secret = client["UserPoolClient"]["ClientSecret"].as_str().map(str::to_owned);
        (pool_id, client_id, secret)
    }

    /// A user; confirmed with `password` when `permanent`, else left in FORCE_CHANGE_PASSWORD.
    pub async fn user(&self, pool_id: &str, username: &str, password: &str, permanent: bool) {
        self.admin(
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": username, "TemporaryPassword": password,
                   "MessageAction": "SUPPRESS",
                   "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}]}),
        )
        .await;
        if permanent {
            self.admin(
                "AdminSetUserPassword",
                json!({"UserPoolId": pool_id, "Username": username, "Password": password, "Permanent": true}),
            )
            .await;
        }
    }
}
