//! `cognito-srp sign-up`, `confirm-sign-up`, `resend-code`, `forgot-password`,
//! `confirm-forgot-password`, `attributes get|update|verify|delete` and `delete-user`.
//!
//! Secrets never come from an option: passwords from `COGNITO_PASSWORD` /
//! `COGNITO_NEW_PASSWORD`, a line of stdin (`--password-stdin`, `--new-password-stdin`) or a
//! hidden prompt asked twice; codes from `COGNITO_CONFIRMATION_CODE`, a line of stdin
//! (`--code-stdin`) or a prompt that lets a person retype a wrong code; access tokens as the
//! other commands take them. Text from the server goes out through [`output`], escaped.

use cognito_srp_http::operations::CodeDeliveryDetails;
use cognito_srp_http::{Error as HttpError, ErrorCode, SecretString, SignUpNext, SignedUp, Step, UserPool};
use serde::Serialize;

use crate::cli::{
    AttributesCommand, ConfirmForgotPasswordArgs, DeleteUserArgs, SignUpArgs, UserArgs, UserCodeArgs,
};
use crate::error::CliError;
use crate::{output, terminal};

/// How often a person at a terminal may retype a wrong code or a password that differs.
const MAX_TRIES: u32 = 3;
/// The variable a confirmation code (sign-up, reset, attribute) comes from in scripts.
const CODE_VAR: &str = "COGNITO_CONFIRMATION_CODE";
/// The variable the access token comes from.
const TOKEN_VAR: &str = "COGNITO_ACCESS_TOKEN";

/// A secret from the environment variable `name` (unset or blank: none).
fn env_secret(name: &str) -> Result<Option<SecretString>, CliError> {
    match std::env::var_os(name) {
        Some(value) => {
            let value =
                value.into_string().map_err(|_| CliError::usage(format!("{name} is not valid UTF-8")))?;
            let value = SecretString::new(value);
            Ok((!value.expose_secret().trim().is_empty()).then_some(value))
        }
        None => Ok(None),
    }
}

/// A password: `var`, else a line of stdin when `from_stdin`, else a hidden prompt asked
/// twice (retyped when the two differ).
fn password(var: &str, from_stdin: bool, label: &str, missing: &str) -> Result<SecretString, CliError> {
    if let Some(value) = env_secret(var)? {
        return Ok(value);
    }
    if from_stdin {
        return terminal::stdin_line(&format!("the {}", label.to_ascii_lowercase()));
    }
    for tries in 1..=MAX_TRIES {
        let first = terminal::hidden(label, missing)?;
        let again = terminal::hidden(&format!("{label} again"), missing)?;
        if first == again {
            return Ok(first);
        }
        if tries < MAX_TRIES {
            output::error_line("the passwords differ, try again");
        }
    }
    Err(CliError::usage("the passwords differ"))
}

/// The first code: `COGNITO_CONFIRMATION_CODE`, else a line of stdin when `from_stdin`,
/// else a prompt. The flag says whether it was asked on the terminal (and may be asked again).
fn first_code(from_stdin: bool, label: &str, missing: &str) -> Result<(SecretString, bool), CliError> {
    if let Some(code) = env_secret(CODE_VAR)? {
        return Ok((code, false));
    }
    if from_stdin {
        return Ok((terminal::stdin_line("the code")?, false));
    }
    let code = terminal::visible(label, missing)?;
    Ok((SecretString::from(code.as_str()), true))
}

/// Runs `call` with the code; a code typed at the prompt that Cognito finds wrong may be typed
/// again (up to [`MAX_TRIES`] in all).
async fn with_code<T>(
    (mut code, prompted): (SecretString, bool),
    label: &str,
    missing: &str,
    mut call: impl AsyncFnMut(&str) -> Result<T, HttpError>,
) -> Result<T, CliError> {
    let mut tries = 1;
    loop {
        match call(code.expose_secret().trim()).await {
            Err(e) if prompted && e.code() == Some(&ErrorCode::CodeMismatch) && tries < MAX_TRIES => {
                output::error_line("wrong code, try again");
                tries += 1;
                code = SecretString::from(terminal::visible(label, missing)?.as_str());
            }
            result => return Ok(result?),
        }
    }
}

/// "a***@e*** (EMAIL, email)".
fn destination(details: &CodeDeliveryDetails) -> String {
    format!(
        "{} ({}, {})",
        details.destination.as_deref().unwrap_or("?"),
        details.delivery_medium.as_ref().map_or("?", |m| m.as_str()),
        details.attribute_name.as_deref().unwrap_or("?")
    )
}

/// Prints `value` as pretty JSON on stdout.
fn print_json(value: &impl Serialize, what: &str) -> Result<(), CliError> {
    let json = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::failure(format!("cannot encode {what}: {e}")))?;
    output::json(&json)
}

/// `{"CodeDeliveryDetails": ...}`, as the AWS CLI prints it.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DeliveryOutput<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    code_delivery_details: Option<&'a CodeDeliveryDetails>,
}

/// What `sign-up` prints: SignUp's answer without its session.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SignUpOutput<'a> {
    user_confirmed: bool,
    user_sub: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_delivery_details: Option<&'a CodeDeliveryDetails>,
}

fn print_signed_up(signed_up: &SignedUp) -> Result<(), CliError> {
    let (user_confirmed, details) = match &signed_up.next {
        SignUpNext::SignIn => (true, None),
        SignUpNext::ConfirmWithCode(details) => (false, Some(details)),
        _ => (false, None),
    };
    print_json(
        &SignUpOutput { user_confirmed, user_sub: &signed_up.user_sub, code_delivery_details: details },
        "the sign-up",
    )
}

fn pairs(attributes: &[(String, String)]) -> Vec<(&str, &str)> {
    attributes.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect()
}

pub(super) async fn sign_up(args: SignUpArgs) -> Result<(), CliError> {
    let pool = super::connect(&args.pool, Some(&args.app))?;
    let attributes = pairs(&args.user_attributes);
    let username = args.username.as_str();
    let result = if args.without_password {
        pool.sign_up_without_password(username, &attributes).await
    } else {
        let missing = "no password: set COGNITO_PASSWORD or pass --password-stdin (or --without-password)";
        let password =
            password("COGNITO_PASSWORD", args.password_stdin, &format!("Password for {username}"), missing)?;
        pool.sign_up(username, password, &attributes).await
    };
    let signed_up = result.map_err(|e| CliError::from(e).context("sign-up failed"))?;
    let details = match &signed_up.next {
        SignUpNext::ConfirmWithCode(details) => {
            output::error_line(&format!("signed up; the confirmation code went to {}", destination(details)));
            Some(details)
        }
        SignUpNext::SignIn => {
            output::error_line("signed up and confirmed already: sign in with `cognito-srp login`");
            None
        }
        _ => {
            output::error_line(
                "signed up; the pool sends no code: an administrator confirms the user (AdminConfirmSignUp)",
            );
            None
        }
    };
    let Some(details) = details.filter(|_| args.confirm) else {
        return print_signed_up(&signed_up);
    };
    let label = format!("Confirmation code (sent to {})", destination(details));
    let missing = "the sign-up needs its code: set COGNITO_CONFIRMATION_CODE or pass --code-stdin";
    let first = first_code(args.code_stdin, &label, missing)?;
    let session = signed_up.session.as_ref();
    let confirmed =
        with_code(first, &label, missing, async |code| pool.confirm_sign_up(username, code, session).await)
            .await
            .map_err(|e| e.context("ConfirmSignUp failed"))?;
    let Some(session) = confirmed.session else {
        output::error_line("confirmed; sign in with `cognito-srp login`");
        return print_signed_up(&signed_up);
    };
    sign_in_after_sign_up(&pool, username, session, &signed_up).await
}

/// USER_AUTH with ConfirmSignUp's session; prints the tokens (no device is confirmed: there
/// is no device file to keep it in).
async fn sign_in_after_sign_up(
    pool: &UserPool,
    username: &str,
    session: SecretString,
    signed_up: &SignedUp,
) -> Result<(), CliError> {
    let mut sign_in = pool.sign_in_after_sign_up(username, session).confirm_new_devices(false);
    match sign_in
        .start()
        .await
        .map_err(|e| CliError::from(e).context("signing in after the sign-up failed"))?
    {
        Step::Done(done) => {
            output::error_line("confirmed and signed in (USER_AUTH with ConfirmSignUp's session)");
            super::print_tokens(&done.tokens, None)
        }
        _ => {
            output::error_line("confirmed; Cognito asks for more to sign in: use `cognito-srp login`");
            print_signed_up(signed_up)
        }
    }
}

pub(super) async fn confirm_sign_up(args: UserCodeArgs) -> Result<(), CliError> {
    let pool = super::connect(&args.pool, Some(&args.app))?;
    let username = args.username.as_str();
    let label = format!("Confirmation code for {username}");
    let missing = "no code: set COGNITO_CONFIRMATION_CODE or pass --code-stdin";
    let first = first_code(args.code_stdin, &label, missing)?;
    with_code(first, &label, missing, async |code| pool.confirm_sign_up(username, code, None).await)
        .await
        .map_err(|e| e.context("ConfirmSignUp failed"))?;
    output::error_line(&format!("{username} is confirmed: sign in with `cognito-srp login`"));
    Ok(())
}

pub(super) async fn resend_code(args: UserArgs) -> Result<(), CliError> {
    let pool = super::connect(&args.pool, Some(&args.app))?;
    let details = pool
        .resend_confirmation_code(&args.username)
        .await
        .map_err(|e| CliError::from(e).context("ResendConfirmationCode failed"))?;
    if let Some(details) = &details {
        output::error_line(&format!("a new confirmation code went to {}", destination(details)));
    }
    print_json(&DeliveryOutput { code_delivery_details: details.as_ref() }, "where the code went")
}

pub(super) async fn forgot_password(args: UserArgs) -> Result<(), CliError> {
    let pool = super::connect(&args.pool, Some(&args.app))?;
    let details = pool
        .forgot_password(&args.username)
        .await
        .map_err(|e| CliError::from(e).context("ForgotPassword failed"))?;
    if let Some(details) = &details {
        output::error_line(&format!(
            "a reset code went to {}: finish with `cognito-srp confirm-forgot-password`",
            destination(details)
        ));
    }
    print_json(&DeliveryOutput { code_delivery_details: details.as_ref() }, "where the code went")
}

pub(super) async fn confirm_forgot_password(args: ConfirmForgotPasswordArgs) -> Result<(), CliError> {
    let user = &args.user;
    let pool = super::connect(&user.pool, Some(&user.app))?;
    let username = user.username.as_str();
    let label = format!("Reset code for {username}");
    let missing = "no code: set COGNITO_CONFIRMATION_CODE or pass --code-stdin";
    // In the order of stdin's lines: the code, then the new password.
    let first = first_code(user.code_stdin, &label, missing)?;
    let new_password = password(
        "COGNITO_NEW_PASSWORD",
        args.new_password_stdin,
        "New password",
        "no new password: set COGNITO_NEW_PASSWORD or pass --new-password-stdin",
    )?;
    with_code(first, &label, missing, async |code| {
        pool.confirm_forgot_password(username, code, new_password.clone()).await
    })
    .await
    .map_err(|e| e.context("ConfirmForgotPassword failed"))?;
    output::error_line(&format!("the password of {username} is changed: sign in with it"));
    Ok(())
}

pub(super) async fn attributes(command: AttributesCommand) -> Result<(), CliError> {
    match command {
        AttributesCommand::Get(args) => {
            let pool = super::connect(&args.pool, None)?;
            let token = super::token_from_env_or_stdin(TOKEN_VAR, "AccessToken")?.token;
            let me = pool.get_user(&token).await.map_err(|e| CliError::from(e).context("GetUser failed"))?;
            print_json(&me, "the user")
        }
        AttributesCommand::Update(args) => {
            let pool = super::connect(&args.pool, None)?;
            let token = super::token_from_env_or_stdin(TOKEN_VAR, "AccessToken")?.token;
            let update = pool
                .update_user_attributes(&token, &pairs(&args.user_attributes))
                .await
                .map_err(|e| CliError::from(e).context("UpdateUserAttributes failed"))?;
            for details in &update.to_verify {
                output::error_line(&format!(
                    "a verification code went to {}: `cognito-srp attributes verify {}`",
                    destination(details),
                    details.attribute_name.as_deref().unwrap_or("ATTRIBUTE")
                ));
            }
            #[derive(Serialize)]
            #[serde(rename_all = "PascalCase")]
            struct UpdateOutput<'a> {
                code_delivery_details_list: &'a [CodeDeliveryDetails],
            }
            print_json(&UpdateOutput { code_delivery_details_list: &update.to_verify }, "the update")
        }
        AttributesCommand::Verify(args) => {
            let attribute = args.attribute.as_str();
            if !cognito_srp_http::account::is_verifiable(attribute) {
                return Err(CliError::usage(format!(
                    "{} is not verified with a code: only email and phone_number are",
                    output::sanitize(attribute)
                )));
            }
            if args.code_stdin && env_secret(CODE_VAR)?.is_none() && env_secret(TOKEN_VAR)?.is_none() {
                return Err(CliError::usage(
                    "with --code-stdin the access token must come from COGNITO_ACCESS_TOKEN (stdin holds the code)",
                ));
            }
            let pool = super::connect(&args.pool, None)?;
            let token = super::token_from_env_or_stdin(TOKEN_VAR, "AccessToken")?.token;
            if args.send_code {
                let details = pool
                    .get_user_attribute_verification_code(&token, attribute)
                    .await
                    .map_err(|e| CliError::from(e).context("GetUserAttributeVerificationCode failed"))?;
                if let Some(details) = &details {
                    output::error_line(&format!("a verification code went to {}", destination(details)));
                }
            }
            let label = format!("Verification code for {attribute}");
            let missing = "no code: set COGNITO_CONFIRMATION_CODE or pass --code-stdin";
            let first = first_code(args.code_stdin, &label, missing)?;
            with_code(first, &label, missing, async |code| {
                pool.verify_user_attribute(&token, attribute, code).await
            })
            .await
            .map_err(|e| e.context("VerifyUserAttribute failed"))?;
            output::error_line(&format!("{attribute} is verified"));
            Ok(())
        }
        AttributesCommand::Delete(args) => {
            let pool = super::connect(&args.pool, None)?;
            let token = super::token_from_env_or_stdin(TOKEN_VAR, "AccessToken")?.token;
            let names: Vec<&str> = args.names.iter().map(String::as_str).collect();
            pool.delete_user_attributes(&token, &names)
                .await
                .map_err(|e| CliError::from(e).context("DeleteUserAttributes failed"))?;
            output::error_line(&format!("deleted: {}", names.join(", ")));
            Ok(())
        }
    }
}

pub(super) async fn delete_user(args: DeleteUserArgs) -> Result<(), CliError> {
    let pool = super::connect(&args.pool, None)?;
    let input = super::token_from_env_or_stdin(TOKEN_VAR, "AccessToken")?;
    if !args.yes {
        // The name in the token (not checked here: the server checks the token).
        let named =
            input.username.clone().or_else(|| super::jwt_claim(input.token.expose_secret(), "username"));
        let who = named.as_deref().unwrap_or("the signed-in user");
        let answer = terminal::visible(
            &format!("Delete {who} and everything of it for good? Type yes"),
            "delete-user asks before deleting: pass --yes",
        )?;
        if !answer.trim().eq_ignore_ascii_case("yes") {
            return Err(CliError::failure("not deleted (the answer was not yes)"));
        }
    }
    pool.delete_user(&input.token).await.map_err(|e| CliError::from(e).context("DeleteUser failed"))?;
    output::error_line("the user is deleted");
    Ok(())
}
