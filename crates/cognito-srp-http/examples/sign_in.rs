//! Signs in with SRP, answering challenges at the terminal, and keeps the device
//! credentials in a file so the next run takes the device path (and skips MFA once the
//! device is remembered).
//!
//! ```text
//! COGNITO_POOL_ID=eu-west-1_AbC COGNITO_CLIENT_ID=... [COGNITO_CLIENT_SECRET=...] \
//! [COGNITO_ENDPOINT=http://127.0.0.1:9229] [COGNITO_DEVICE_FILE=device.json] \
//! cargo run -p cognito-srp-http --example sign_in -- alice
//! ```
//! The password is read from `COGNITO_PASSWORD` or the first line of standard input.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::BufRead;

use cognito_srp_http::{Client, DeviceCredentials, Error, Step, UserPool};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn prompt(question: &str) -> String {
    eprint!("{question}: ");
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    line.trim().to_owned()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Some(pool_id), Some(client_id)) = (env("COGNITO_POOL_ID"), env("COGNITO_CLIENT_ID")) else {
        eprintln!("set COGNITO_POOL_ID and COGNITO_CLIENT_ID");
        std::process::exit(2);
    };
    let username = std::env::args().nth(1).unwrap_or_else(|| prompt("user name"));
    let password = env("COGNITO_PASSWORD").unwrap_or_else(|| prompt("password"));

    let mut builder = Client::builder().region_from_pool_id(&pool_id)?;
    if let Some(endpoint) = env("COGNITO_ENDPOINT") {
        builder = builder.endpoint(endpoint);
    }
    let mut pool = UserPool::with_client(builder.build()?, pool_id, client_id)?;
    if let Some(secret) = env("COGNITO_CLIENT_SECRET") {
        pool = pool.with_client_secret(secret);
    }

    let device_file = env("COGNITO_DEVICE_FILE");
    let saved: Option<DeviceCredentials> = device_file
        .as_ref()
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| serde_json::from_str(&text).ok());

    let mut sign_in = pool.sign_in(username, password).remember_device(true).device_name("sign_in example");
    if let Some(device) = saved {
        sign_in = sign_in.device(device);
    }

    let mut step = sign_in.start().await?;
    let done = loop {
        step = match step {
            Step::Done(done) => break done,
            Step::MfaCode { kind, destination } => {
                let code = prompt(&format!("{kind:?} code (sent to {})", destination.unwrap_or_default()));
                sign_in.answer_mfa_code(&code).await?
            }
            Step::SelectMfaType { options } => {
                let choice = prompt(&format!("choose one of {options:?} (index)"));
                let kind =
                    options.get(choice.parse::<usize>().unwrap_or(0)).cloned().ok_or("no such option")?;
                sign_in.select_mfa_type(&kind).await?
            }
            ref setup @ Step::MfaSetup { .. } => {
                if let Some(uri) = setup.totp_uri("cognito-srp", "example") {
                    println!("add this to your authenticator app: {}", uri.expose_secret());
                }
                let code = prompt("first code from the app");
                sign_in.answer_mfa_setup(&code, Some("example")).await?
            }
            Step::NewPasswordRequired { required_attributes, .. } => {
                let new_password = prompt("choose a new password");
                let values: Vec<(String, String)> =
                    required_attributes.iter().map(|a| (a.clone(), prompt(a))).collect();
                let attributes: Vec<(&str, &str)> =
                    values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                sign_in.answer_new_password(&new_password, &attributes).await?
            }
            Step::CustomChallenge { parameters } => {
                let answer = prompt(&format!("answer to {parameters:?}"));
                sign_in.answer_custom_challenge(&answer).await?
            }
            other => return Err(format!("unhandled step {other:?}").into()),
        };
    };

    println!("signed in as {}; tokens expire in {} s", done.username, done.tokens.expires_in);
    if let Some(key) = &done.dropped_device {
        println!("the server no longer knew device {key}; it was dropped");
    }
    if let Some(err) = &done.device_error {
        eprintln!("device confirmation failed (tokens are fine): {err}");
    }
    if let (Some(path), Some(device)) = (&device_file, &done.device)
        && done.new_device
    {
        std::fs::write(path, serde_json::to_string_pretty(device)?)?;
        println!("device {} saved to {path}", device.device_key);
    } else if let (Some(path), true) = (&device_file, done.dropped_device.is_some()) {
        std::fs::remove_file(path)?;
        println!("removed the stale device file {path}");
    }
    let refresh = done.tokens.refresh_token.clone().ok_or("no refresh token")?;
    let device_key = done.device.as_ref().map(|d| d.device_key.as_str());
    match pool.refresh(&refresh, &done.username, device_key).await {
        Ok(fresh) => println!("refreshed; new tokens expire in {} s", fresh.expires_in),
        Err(Error::Service(e)) => eprintln!("refresh refused: {e}"),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
