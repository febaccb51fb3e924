//! One module per command, and what they share: reaching the pool, reading tokens, printing
//! tokens.

mod account;
mod demo;
mod devices;
mod emulator;
mod login;
mod refresh;
mod sign_out;
mod verify_token;

use cognito_srp_http::{Client, SecretString, Tokens, UserPool};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::cli::{AppClientArgs, Cli, Command, PoolArgs};
use crate::error::CliError;
use crate::{output, private_file, terminal};

/// Runs the command.
pub(crate) async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Demo(_) => demo::run().await,
        Command::Login(args) => login::run(args).await,
        Command::Refresh(args) => refresh::run(args).await,
        Command::Devices(cmd) => devices::run(cmd).await,
        Command::SignOut(args) => sign_out::run(args).await,
        Command::VerifyToken(args) => verify_token::run(args).await,
        Command::Emulator(args) => emulator::run(args).await,
        Command::SignUp(args) => account::sign_up(args).await,
        Command::ConfirmSignUp(args) => account::confirm_sign_up(args).await,
        Command::ResendCode(args) => account::resend_code(args).await,
        Command::ForgotPassword(args) => account::forgot_password(args).await,
        Command::ConfirmForgotPassword(args) => account::confirm_forgot_password(args).await,
        Command::Attributes(cmd) => account::attributes(cmd).await,
        Command::DeleteUser(args) => account::delete_user(args).await,
    }
}

/// The user pool the arguments name, reached through the endpoint they give (or the
/// environment's, or the region's).
fn connect(pool: &PoolArgs, app: Option<&AppClientArgs>) -> Result<UserPool, CliError> {
    let mut builder = Client::builder()
        .region_from_pool_id(&pool.pool_id)
        .map_err(|e| CliError::from(e).with_hint("a pool id looks like eu-west-1_AbCdEf123"))?;
    if let Some(endpoint) = pool.endpoint.as_deref().filter(|e| !e.trim().is_empty()) {
        builder = builder.endpoint(endpoint);
    }
    let client = builder.build()?;
    // The http crate refuses an endpoint with a user name or password, so this logs none.
    tracing::debug!(
        endpoint = %client.endpoint(),
        pool_id = %output::sanitize(&pool.pool_id),
        "connecting"
    );
    let client_id = app.map_or("", |a| a.client_id.as_str());
    let mut user_pool = UserPool::with_client(client, pool.pool_id.clone(), client_id)?;
    if let Some(secret) = app.map(client_secret).transpose()?.flatten() {
        user_pool = user_pool.with_client_secret(secret);
    }
    Ok(user_pool)
}

/// The most bytes a client secret file may hold (Cognito's secrets are 51 characters).
const MAX_CLIENT_SECRET_FILE: usize = 4 * 1024;

/// The app client secret: from `--client-secret-file` (private, at most 4 KiB, its first
/// line), else `COGNITO_CLIENT_SECRET`, else none.
fn client_secret(app: &AppClientArgs) -> Result<Option<SecretString>, CliError> {
    if let Some(path) = &app.client_secret_file {
        let what = "client secret file";
        let bytes = private_file::read(path, MAX_CLIENT_SECRET_FILE, what)?
            .ok_or_else(|| CliError::usage(format!("{what} {} does not exist", path.display())))?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| CliError::usage(format!("{what} {} is not UTF-8 text", path.display())))?;
        let secret = text.lines().next().unwrap_or_default().trim();
        if secret.is_empty() {
            return Err(CliError::usage(format!("{what} {} is empty", path.display())));
        }
        return Ok(Some(SecretString::from(secret)));
    }
    match std::env::var_os("COGNITO_CLIENT_SECRET") {
        Some(value) => {
            let value = Zeroizing::new(
                value
                    .into_string()
                    .map_err(|_| CliError::usage("COGNITO_CLIENT_SECRET is not valid UTF-8"))?,
            );
            let secret = value.trim();
            Ok((!secret.is_empty()).then(|| SecretString::from(secret)))
        }
        None => Ok(None),
    }
}

/// A token given to a command, and the `DeviceKey` that came with it (when stdin held the
/// JSON `login` prints).
#[derive(Debug)]
struct TokenInput {
    token: SecretString,
    device_key: Option<String>,
    /// The internal user name from the JSON's access or ID token (what `SECRET_HASH` needs).
    username: Option<String>,
}

/// A token from the environment variable `var`, else from stdin: a bare token or the JSON
/// object `login` prints (its `field`).
fn token_from_env_or_stdin(var: &str, field: &str) -> Result<TokenInput, CliError> {
    if let Some(value) = std::env::var_os(var) {
        let value = Zeroizing::new(
            value.into_string().map_err(|_| CliError::usage(format!("{var} is not valid UTF-8")))?,
        );
        if !value.trim().is_empty() {
            return Ok(TokenInput {
                token: SecretString::from(value.trim()),
                device_key: None,
                username: None,
            });
        }
    }
    if terminal::interactive() {
        let token = terminal::hidden(field, &format!("no {field}: set {var} or pipe it to stdin"))?;
        return Ok(TokenInput { token, device_key: None, username: None });
    }
    let text = terminal::stdin_all(&format!("the {field} (or set {var})"))?;
    token_from_text(&text, field)
}

/// A bare token, or `field` (and `DeviceKey`) of a JSON object.
fn token_from_text(text: &str, field: &str) -> Result<TokenInput, CliError> {
    if !text.starts_with('{') {
        if text.contains(char::is_whitespace) {
            return Err(CliError::usage(format!("stdin holds more than one word; expected the {field}")));
        }
        return Ok(TokenInput { token: SecretString::from(text), device_key: None, username: None });
    }
    let json: TokenJson = serde_json::from_str(text)
        .map_err(|e| CliError::usage(format!("stdin starts with '{{' but is not login JSON: {e}")))?;
    // Accept the `login` output, and an AWS CLI style {"AuthenticationResult": {...}}.
    let mut object = match json.authentication_result {
        Some(inner) => *inner,
        None => json,
    };
    let device_key = object.device_key.take().or_else(|| object.new_device_metadata.take()?.device_key);
    let claim = |token: Option<&SecretString>, name: &str| jwt_claim(token?.expose_secret(), name);
    let username = claim(object.access_token.as_ref(), "username")
        .or_else(|| claim(object.id_token.as_ref(), "cognito:username"));
    let token = match field {
        "AccessToken" => object.access_token.take(),
        "IdToken" => object.id_token.take(),
        "RefreshToken" => object.refresh_token.take(),
        _ => None,
    };
    match token {
        Some(token) if !token.is_empty() => Ok(TokenInput { token, device_key, username }),
        _ => Err(CliError::usage(format!("the JSON on stdin has no {field}"))),
    }
}

/// What the commands read from the JSON `login` prints (or the AWS CLI's answer): the
/// tokens go straight into zeroizing strings, where a `serde_json::Value` would keep copies
/// that are never wiped. Other fields are ignored.
#[derive(Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TokenJson {
    authentication_result: Option<Box<TokenJson>>,
    access_token: Option<SecretString>,
    id_token: Option<SecretString>,
    refresh_token: Option<SecretString>,
    device_key: Option<String>,
    new_device_metadata: Option<NewDeviceJson>,
}

/// `NewDeviceMetadata` in an AWS CLI answer.
#[derive(Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NewDeviceJson {
    device_key: Option<String>,
}

/// A string claim of a JWT's payload, read without checking the signature (only to learn
/// the internal user name; the server checks the token).
fn jwt_claim(jwt: &str, name: &str) -> Option<String> {
    use base64ct::Encoding;
    let payload = jwt.split('.').nth(1)?;
    let bytes = Zeroizing::new(base64ct::Base64UrlUnpadded::decode_vec(payload.trim_end_matches('=')).ok()?);
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get(name)?.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The JSON `login` and `refresh` print.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TokenOutput<'a> {
    access_token: &'a str,
    id_token: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<&'a str>,
    expires_in: u64,
    token_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_key: Option<&'a str>,
}

/// The tokens (and the device key) as the JSON `login` and `refresh` print.
fn tokens_json(tokens: &Tokens, device_key: Option<&str>) -> Result<Zeroizing<String>, CliError> {
    let out = TokenOutput {
        access_token: tokens.access_token.expose_secret(),
        id_token: tokens.id_token.expose_secret(),
        refresh_token: tokens.refresh_token.as_ref().map(SecretString::expose_secret),
        expires_in: tokens.expires_in,
        token_type: &tokens.token_type,
        device_key,
    };
    serde_json::to_string_pretty(&out)
        .map(Zeroizing::new)
        .map_err(|e| CliError::failure(format!("cannot encode tokens: {e}")))
}

/// Prints the tokens (and the device key) as JSON on stdout.
fn print_tokens(tokens: &Tokens, device_key: Option<&str>) -> Result<(), CliError> {
    output::json(&tokens_json(tokens, device_key)?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn tokens_come_bare_or_as_login_json() {
        let bare = token_from_text("abc.def.ghi", "RefreshToken").unwrap();
        assert_eq!(bare.token.expose_secret(), "abc.def.ghi");
        assert_eq!(bare.device_key, None);
        let json = r#"{"AccessToken":"a","RefreshToken":"r","ExpiresIn":3600,"DeviceKey":"us-east-1_d"}"#;
        let refresh = token_from_text(json, "RefreshToken").unwrap();
        assert_eq!(refresh.token.expose_secret(), "r");
        assert_eq!(refresh.device_key.as_deref(), Some("us-east-1_d"));
        assert_eq!(token_from_text(json, "AccessToken").unwrap().token.expose_secret(), "a");
        let aws = r#"{"AuthenticationResult":{"AccessToken":"x","NewDeviceMetadata":{"DeviceKey":"k"}}}"#;
        let from_aws = token_from_text(aws, "AccessToken").unwrap();
        assert_eq!(from_aws.token.expose_secret(), "x");
        assert_eq!(from_aws.device_key.as_deref(), Some("k"));
    }

    #[test]
    fn the_internal_user_name_comes_from_the_tokens() {
        use base64ct::Encoding;
        let jwt = |claims: &str| {
            format!("e30.{}.sig", base64ct::Base64UrlUnpadded::encode_string(claims.as_bytes()))
        };
        let access = jwt(r#"{"username":"3f0c-uuid","token_use":"access"}"#);
        let id = jwt(r#"{"cognito:username":"from-id"}"#);
        let json = format!(r#"{{"AccessToken":"{access}","IdToken":"{id}","RefreshToken":"r"}}"#);
        assert_eq!(token_from_text(&json, "RefreshToken").unwrap().username.as_deref(), Some("3f0c-uuid"));
        let json = format!(r#"{{"AccessToken":"opaque","IdToken":"{id}","RefreshToken":"r"}}"#);
        assert_eq!(token_from_text(&json, "RefreshToken").unwrap().username.as_deref(), Some("from-id"));
        assert_eq!(jwt_claim("no-dots", "username"), None);
        assert_eq!(jwt_claim("a.!!!.c", "username"), None);
        assert_eq!(jwt_claim(&jwt("[1,2]"), "username"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_refresh_token_read_from_login_json_leaves_no_copy_once_dropped() {
        let (token, reversed) = crate::memory_scan::random_secret("rt-");
        let mut json = Zeroizing::new(String::with_capacity(256));
        json.push_str(r#"{"AccessToken":"a.b.c","RefreshToken":""#);
        json.push_str(&token);
        json.push_str(r#"","ExpiresIn":3600,"DeviceKey":"us-east-1_d"}"#);
        drop(token);

        let mut scanner = crate::memory_scan::Scanner::new();
        let input = token_from_text(&json, "RefreshToken").unwrap();
        drop(json);
        assert!(scanner.finds(&reversed), "the scan finds the live token");
        drop(input);
        assert!(!scanner.finds(&reversed), "a copy of the refresh token survived its drop");
    }

    #[test]
    fn bad_token_input_is_a_usage_error() {
        assert_eq!(token_from_text("{oops", "AccessToken").unwrap_err().exit_code(), 2);
        assert_eq!(token_from_text(r#"{"IdToken":"i"}"#, "AccessToken").unwrap_err().exit_code(), 2);
        assert_eq!(token_from_text("two words", "AccessToken").unwrap_err().exit_code(), 2);
    }
}
