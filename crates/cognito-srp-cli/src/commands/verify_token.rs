//! `cognito-srp verify-token`: checks a token with `cognito_srp_http::verify` (the pool's
//! JWKS fetched once) and prints its claims.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cognito_srp_http::verify::{TokenUse, Verifier};

use crate::cli::{TokenUseArg, VerifyTokenArgs};
use crate::error::CliError;
use crate::output;

pub(super) async fn run(args: VerifyTokenArgs) -> Result<(), CliError> {
    let token_use = args.token_use.map(|u| match u {
        TokenUseArg::Id => TokenUse::Id,
        TokenUseArg::Access => TokenUse::Access,
    });
    let token = match args.token.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) => cognito_srp_http::SecretString::from(token),
        None => {
            let field = if token_use == Some(TokenUse::Id) { "IdToken" } else { "AccessToken" };
            super::token_from_env_or_stdin("COGNITO_TOKEN", field)?.token
        }
    };
    let mut builder = Verifier::builder(args.pool.pool_id.clone()).leeway(Duration::from_secs(args.leeway));
    if let Some(endpoint) = args.pool.endpoint.as_deref().filter(|e| !e.trim().is_empty()) {
        builder = builder.endpoint(endpoint.trim());
    }
    if let Some(issuer) = args.issuer {
        builder = builder.issuer(issuer);
    }
    if let Some(token_use) = token_use {
        builder = builder.token_use(token_use);
    }
    for client_id in args.client_ids {
        builder = builder.client_id(client_id);
    }
    for group in args.group {
        builder = builder.require_group(group);
    }
    for scope in args.scope {
        builder = builder.require_scope(scope);
    }
    let verifier = builder.build().map_err(|e| CliError::from(e).context("cannot verify"))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| CliError::failure("the clock is before 1970"))?
        .as_secs();
    // Quoted token values in the error are escaped when printed (output::error_line).
    let claims = verifier
        .verify_fetching(token.expose_secret(), now)
        .await
        .map_err(|e| CliError::failure(format!("token refused: {e}")))?;
    output::json(claims.json())
}
