//! `cognito-srp sign-out`: GlobalSignOut.

use crate::cli::SignOutArgs;
use crate::error::CliError;
use crate::output;

pub(super) async fn run(args: SignOutArgs) -> Result<(), CliError> {
    let pool = super::connect(&args.pool, None)?;
    let access_token = super::token_from_env_or_stdin("COGNITO_ACCESS_TOKEN", "AccessToken")?.token;
    pool.sign_out(&access_token).await.map_err(|e| CliError::from(e).context("sign-out failed"))?;
    output::error_line("signed out everywhere: every refresh token of this user is revoked");
    Ok(())
}
