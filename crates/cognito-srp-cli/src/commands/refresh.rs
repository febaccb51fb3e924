//! `cognito-srp refresh`: new tokens from a refresh token, with the device key; a rotated
//! refresh token goes back where the old one came from (`--tokens-file`) or is pointed out.

use std::path::Path;

use crate::cli::RefreshArgs;
use crate::error::CliError;
use crate::{device_file, output, private_file};

/// The most bytes a tokens file may hold (three tokens of a few KiB each).
const MAX_TOKENS_FILE: usize = 64 * 1024;

/// What `--tokens-file` is called in messages.
const TOKENS_FILE: &str = "tokens file";

pub(super) async fn run(args: RefreshArgs) -> Result<(), CliError> {
    let pool = super::connect(&args.pool, Some(&args.app))?.with_refresh_method(args.method.into());
    let stored = match &args.device_file {
        Some(path) => {
            let file = device_file::load(path)?;
            if file.is_none() {
                output::error_line(&format!(
                    "note: no device in {}; refreshing without a device key",
                    path.display()
                ));
            }
            file
        }
        None => None,
    };
    let input = match &args.tokens_file {
        Some(path) => read_tokens_file(path)?,
        None => super::token_from_env_or_stdin("COGNITO_REFRESH_TOKEN", "RefreshToken")?,
    };
    let device_key = args
        .device_key
        .clone()
        .or_else(|| stored.as_ref().map(|f| f.device.device_key.clone()))
        .or(input.device_key);
    // SECRET_HASH needs the internal user name, not an alias: the device file's (when it is
    // this user's), else the one in the tokens on stdin, else the name given.
    let from_file = stored
        .as_ref()
        .filter(|f| args.username.as_ref().is_none_or(|u| *u == f.login || *u == f.username))
        .map(|f| f.username.clone());
    let username = from_file.or_else(|| input.username.clone()).or_else(|| args.username.clone());
    let username = match username {
        Some(name) => name,
        None if pool.secret_hash("").is_some() => {
            return Err(CliError::usage(
                "an app client with a secret needs the user name for SECRET_HASH: pass --username or --device-file",
            ));
        }
        None => String::new(),
    };
    let tokens = pool
        .refresh(&input.token, &username, device_key.as_deref())
        .await
        .map_err(|e| CliError::from(e).context("refresh failed"))?;
    let rotated = tokens.refresh_token.as_ref().is_some_and(|new| *new != input.token);
    let Some(path) = &args.tokens_file else {
        if rotated {
            output::error_line(
                "note: the app client rotated the refresh token: store the RefreshToken printed; the old one stops working",
            );
        }
        return super::print_tokens(&tokens, device_key.as_deref());
    };
    let json = super::tokens_json(&tokens, device_key.as_deref())?;
    let written = private_file::write_atomic(path, json.as_bytes(), TOKENS_FILE);
    // Printed either way: when the file could not be replaced, stdout is the only copy of a
    // rotated refresh token.
    super::print_tokens(&tokens, device_key.as_deref())?;
    written.map_err(|e| {
        if rotated {
            e.with_hint(
                "the refresh token was rotated: store the RefreshToken printed; the old one stops working",
            )
        } else {
            e
        }
    })
}

/// The refresh token (and device key, user name) from the tokens file: the JSON `login`
/// prints, or a bare token; refused when others may read it.
fn read_tokens_file(path: &Path) -> Result<super::TokenInput, CliError> {
    let bytes = private_file::read(path, MAX_TOKENS_FILE, TOKENS_FILE)?
        .ok_or_else(|| CliError::usage(format!("{TOKENS_FILE} {} does not exist", path.display())))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| CliError::usage(format!("{TOKENS_FILE} {} is not UTF-8 text", path.display())))?
        .trim();
    if text.is_empty() {
        return Err(CliError::usage(format!("{TOKENS_FILE} {} is empty", path.display())));
    }
    super::token_from_text(text, "RefreshToken")
}
