//! `cognito-srp refresh`: new tokens from a refresh token, with the device key.

use crate::cli::RefreshArgs;
use crate::device_file;
use crate::error::CliError;
use crate::output;

pub(super) async fn run(args: RefreshArgs) -> Result<(), CliError> {
    let pool = super::connect(&args.pool, Some(&args.app))?;
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
    let input = super::token_from_env_or_stdin("COGNITO_REFRESH_TOKEN", "RefreshToken")?;
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
    super::print_tokens(&tokens, device_key.as_deref())
}
