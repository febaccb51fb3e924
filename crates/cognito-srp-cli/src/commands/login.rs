//! `cognito-srp login`: SRP sign-in through every challenge, with the device file.

use cognito_srp_http::{ErrorCode, FirstFactor, MfaKind, SecretString, SignIn, SignedIn, Step, UserPool};

use crate::cli::{Factor, LoginArgs, LoginFlow, MfaMethod};
use crate::device_file::{self, DeviceFile};
use crate::error::CliError;
use crate::{output, terminal};

/// How many answers a sign-in may need before the CLI gives up (a server that keeps asking).
const MAX_STEPS: usize = 16;
/// How often a person at a terminal may retype a wrong code or a rejected password.
const MAX_TRIES: u32 = 3;

pub(super) async fn run(args: LoginArgs) -> Result<(), CliError> {
    let pool = super::connect(&args.pool, Some(&args.app))?;
    // Held until the new device, if any, is written: logins sharing a device file take turns,
    // so a second one signs in through the device the first confirmed instead of adding one.
    let _lock = args.device_file.as_deref().map(device_file::lock).transpose()?;
    let stored = match &args.device_file {
        Some(path) => device_file::load(path)?.map(|f| check_owner(f, &args, path)).transpose()?,
        None => None,
    };
    if args.prefer.is_some() && args.flow != LoginFlow::UserAuth {
        return Err(CliError::usage("--prefer needs --flow user-auth"));
    }
    let preferred = args.prefer.map(first_factor);
    let username = args.username.clone();
    // The password is asked for only when the flow (or the preferred factor) uses it.
    if args.flow == LoginFlow::Password && !args.admin {
        return Err(CliError::usage("--flow password needs --admin (ADMIN_USER_PASSWORD_AUTH)"));
    }
    let mut sign_in = if args.admin {
        let credentials = cognito_srp_http::credentials::from_environment()
            .map_err(|e| CliError::usage(format!("--admin needs AWS credentials: {e}")))?;
        let admin = pool.admin(credentials)?;
        match args.flow {
            LoginFlow::Srp => admin.sign_in(username, password(&args)?),
            LoginFlow::Password => admin.sign_in_with_password(username, password(&args)?),
            LoginFlow::CustomSrp => admin.sign_in(username, password(&args)?).custom_auth(),
            LoginFlow::Custom => admin.sign_in_custom(username),
            LoginFlow::UserAuth if preferred.is_some_and(FirstFactor::needs_password) => {
                admin.sign_in(username, password(&args)?).user_auth(preferred)
            }
            LoginFlow::UserAuth => admin.sign_in_user_auth(username, preferred),
        }
    } else {
        match args.flow {
            LoginFlow::Srp | LoginFlow::Password => pool.sign_in(username, password(&args)?),
            LoginFlow::CustomSrp => pool.sign_in(username, password(&args)?).custom_auth(),
            LoginFlow::Custom => pool.sign_in_custom(username),
            LoginFlow::UserAuth if preferred.is_some_and(FirstFactor::needs_password) => {
                pool.sign_in(username, password(&args)?).user_auth(preferred)
            }
            LoginFlow::UserAuth => pool.sign_in_user_auth(username, preferred),
        }
    };
    let password_given = match args.flow {
        LoginFlow::Srp | LoginFlow::CustomSrp | LoginFlow::Password => true,
        LoginFlow::Custom => false,
        LoginFlow::UserAuth => preferred.is_some_and(FirstFactor::needs_password),
    };
    sign_in = sign_in.device_name(args.device_name.clone());
    if args.remember_device {
        sign_in = sign_in.remember_device(true);
    }
    let stored_key = stored.as_ref().map(|f| f.device.device_key.clone());
    if let Some(file) = &stored {
        tracing::debug!(device_key = %output::sanitize(&file.device.device_key), "signing in on the device path");
        sign_in = sign_in.device(file.device.clone());
    }

    let done = drive(&mut sign_in, &args, password_given).await?;
    // The tokens are good even when keeping the device failed: print them, then fail.
    let (device_key, device_failure) = after_sign_in(&pool, &args, &done, stored_key.as_deref()).await;
    super::print_tokens(&done.tokens, device_key.as_deref())?;
    device_failure.map_or(Ok(()), Err)
}

/// The stored device, when it is this pool's and this user's. A device file of another pool
/// or user is refused rather than overwritten (its device would be lost).
fn check_owner(file: DeviceFile, args: &LoginArgs, path: &std::path::Path) -> Result<DeviceFile, CliError> {
    let same_user = file.login == args.username || file.username == args.username;
    if file.pool_id == args.pool.pool_id && same_user {
        return Ok(file);
    }
    Err(CliError::usage(format!(
        "device file {} holds a device of user {} in pool {}, not of {} in {}",
        path.display(),
        file.login,
        file.pool_id,
        args.username,
        args.pool.pool_id
    ))
    .with_hint("pass another --device-file (one per pool and user), or delete this one"))
}

/// COGNITO_PASSWORD, else the first line of stdin with --password-stdin, else a prompt.
fn password(args: &LoginArgs) -> Result<SecretString, CliError> {
    if let Some(value) = std::env::var_os("COGNITO_PASSWORD") {
        let value =
            value.into_string().map_err(|_| CliError::usage("COGNITO_PASSWORD is not valid UTF-8"))?;
        if !value.is_empty() {
            return Ok(SecretString::new(value));
        }
    }
    if args.password_stdin {
        return terminal::stdin_line("the password");
    }
    terminal::hidden(
        &format!("Password for {}", args.username),
        "no password: set COGNITO_PASSWORD or pass --password-stdin",
    )
}

/// COGNITO_MFA_CODE or COGNITO_OTP_CODE (`name`), for scripts (an option would show the code
/// to every local user).
fn code_from_env(name: &str) -> Result<Option<SecretString>, CliError> {
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

/// Answers every step until the tokens come. `password_given`: the sign-in was made with the
/// password (else a password factor chosen at SELECT_CHALLENGE asks for it).
async fn drive(
    sign_in: &mut SignIn,
    args: &LoginArgs,
    password_given: bool,
) -> Result<Box<SignedIn>, CliError> {
    let mut step = sign_in.start().await?;
    let mut mfa_code = code_from_env("COGNITO_MFA_CODE")?;
    let mut otp_code = code_from_env("COGNITO_OTP_CODE")?;
    let mut new_password_given = false;
    let mut mfa_stdin_used = false;
    let mut otp_stdin_used = false;
    let mut factor_chosen = false;
    for _ in 0..MAX_STEPS {
        step = match step {
            Step::Done(done) => return Ok(done),
            Step::MfaCode { kind, destination } => {
                let given = match mfa_code.take() {
                    Some(code) => Some(code),
                    None if args.mfa_code_stdin && !mfa_stdin_used => {
                        mfa_stdin_used = true;
                        Some(terminal::stdin_line("the MFA code")?)
                    }
                    None => None,
                };
                answer_mfa(sign_in, &kind, destination.as_deref(), given).await?
            }
            Step::SelectChallenge { available } => {
                if factor_chosen {
                    return Err(CliError::failure("Cognito asked for a first factor twice"));
                }
                factor_chosen = true;
                let factor = choose_factor(&available, args.prefer)?;
                let password =
                    if factor.needs_password() && !password_given { Some(password(args)?) } else { None };
                sign_in.select_challenge(factor, password.as_ref().map(SecretString::expose_secret)).await?
            }
            Step::OneTimeCode { factor, destination, .. } => {
                let given = match otp_code.take() {
                    Some(code) => Some(code),
                    None if args.otp_code_stdin && !otp_stdin_used => {
                        otp_stdin_used = true;
                        Some(terminal::stdin_line("the one-time code")?)
                    }
                    None => None,
                };
                answer_one_time_code(sign_in, factor, destination.as_deref(), given).await?
            }
            Step::WebAuthn { .. } => {
                return Err(CliError::usage(
                    "Cognito asks for a passkey (WEB_AUTHN), which needs a browser or an authenticator: \
                     pass --prefer with another factor",
                ));
            }
            Step::SelectMfaType { options } => {
                let choice = choose_mfa(&options, args.mfa_type)?;
                sign_in.select_mfa_type(&choice).await?
            }
            Step::MfaSetup { secret_code, options } => {
                setup_mfa(sign_in, secret_code.as_ref(), &options, &args.username).await?
            }
            Step::NewPasswordRequired { required_attributes, .. } => {
                if new_password_given {
                    return Err(CliError::failure("Cognito asked for a new password twice"));
                }
                new_password_given = true;
                answer_new_password(sign_in, args, &required_attributes).await?
            }
            Step::CustomChallenge { .. } => {
                let answer = terminal::visible(
                    "Answer to the custom challenge",
                    "Cognito asks a custom challenge, which this CLI answers only on a terminal",
                )?;
                sign_in.answer_custom_challenge(&answer).await?
            }
            other => {
                return Err(CliError::failure(format!("this CLI cannot answer the sign-in step {other:?}")));
            }
        };
    }
    Err(CliError::failure(format!("the sign-in did not finish after {MAX_STEPS} answers")))
}

fn kind_name(kind: &MfaKind) -> &str {
    match kind {
        MfaKind::Sms => "SMS",
        MfaKind::SoftwareToken => "authenticator app",
        MfaKind::Email => "email",
        other => other.challenge_name(),
    }
}

async fn answer_mfa(
    sign_in: &mut SignIn,
    kind: &MfaKind,
    destination: Option<&str>,
    given: Option<SecretString>,
) -> Result<Step, CliError> {
    if let Some(code) = given {
        return Ok(sign_in.answer_mfa_code(code.expose_secret().trim()).await?);
    }
    let label = match destination {
        Some(dest) => format!("MFA code ({}, sent to {dest})", kind_name(kind)),
        None => format!("MFA code ({})", kind_name(kind)),
    };
    let missing = format!(
        "Cognito asks for an MFA code ({}): set COGNITO_MFA_CODE or pass --mfa-code-stdin",
        kind_name(kind)
    );
    let mut tries = 0;
    loop {
        tries += 1;
        let code = terminal::visible(&label, &missing)?;
        match sign_in.answer_mfa_code(code.trim()).await {
            Err(e) if e.code() == Some(&ErrorCode::CodeMismatch) && tries < MAX_TRIES => {
                output::error_line("wrong code, try again");
            }
            result => return Ok(result?),
        }
    }
}

/// A one-time sign-in code (EMAIL_OTP / SMS_OTP of USER_AUTH): the given one, else a prompt
/// that lets a person retype a wrong code.
async fn answer_one_time_code(
    sign_in: &mut SignIn,
    factor: FirstFactor,
    destination: Option<&str>,
    given: Option<SecretString>,
) -> Result<Step, CliError> {
    if let Some(code) = given {
        return Ok(sign_in.answer_one_time_code(code.expose_secret().trim()).await?);
    }
    let how = if factor == FirstFactor::SmsOtp { "text message" } else { "email" };
    let label = match destination {
        Some(dest) => format!("One-time code ({how}, sent to {dest})"),
        None => format!("One-time code ({how})"),
    };
    let missing =
        format!("Cognito asks for a one-time code ({how}): set COGNITO_OTP_CODE or pass --otp-code-stdin");
    let mut tries = 0;
    loop {
        tries += 1;
        let code = terminal::visible(&label, &missing)?;
        match sign_in.answer_one_time_code(code.trim()).await {
            Err(e) if e.code() == Some(&ErrorCode::CodeMismatch) && tries < MAX_TRIES => {
                output::error_line("wrong code, try again");
            }
            result => return Ok(result?),
        }
    }
}

/// The machine's first factor for a `--prefer` value.
fn first_factor(factor: Factor) -> FirstFactor {
    match factor {
        Factor::PasswordSrp => FirstFactor::PasswordSrp,
        Factor::Password => FirstFactor::Password,
        Factor::EmailOtp => FirstFactor::EmailOtp,
        Factor::SmsOtp => FirstFactor::SmsOtp,
    }
}

/// A first factor as `--prefer` spells it; `None` for those this CLI cannot use (passkeys).
fn factor_name(factor: FirstFactor) -> Option<&'static str> {
    match factor {
        FirstFactor::PasswordSrp => Some("password-srp"),
        FirstFactor::Password => Some("password"),
        FirstFactor::EmailOtp => Some("email-otp"),
        FirstFactor::SmsOtp => Some("sms-otp"),
        _ => None,
    }
}

/// SELECT_CHALLENGE: the only factor this CLI can use, else the person's choice on the
/// terminal; without a terminal, an error that says how to choose.
fn choose_factor(available: &[FirstFactor], preferred: Option<Factor>) -> Result<FirstFactor, CliError> {
    let usable: Vec<(FirstFactor, &str)> =
        available.iter().filter_map(|f| factor_name(*f).map(|name| (*f, name))).collect();
    let names: Vec<&str> = usable.iter().map(|(_, name)| *name).collect();
    let offered = names.join(", ");
    if usable.is_empty() {
        let all: Vec<String> = available.iter().map(ToString::to_string).collect();
        return Err(CliError::failure(format!(
            "Cognito offers only first factors this CLI cannot use ({})",
            all.join(", ")
        )));
    }
    if let Some(preferred) = preferred.map(first_factor) {
        if let Some((factor, _)) = usable.iter().find(|(f, _)| *f == preferred) {
            return Ok(*factor);
        }
        let name = factor_name(preferred).unwrap_or_default();
        if !terminal::interactive() {
            return Err(CliError::usage(format!(
                "--prefer {name} is not available for this user; Cognito offers {offered}: pass one of them to --prefer"
            )));
        }
        output::error_line(&format!("{name} is not available for this user"));
    }
    if let [(only, _)] = usable.as_slice() {
        return Ok(*only);
    }
    let answer = terminal::visible(
        &format!("Choose how to sign in ({offered})"),
        &format!("Cognito asks how to sign in ({offered}): pass --prefer with one of them"),
    )?;
    let answer = answer.trim();
    usable
        .iter()
        .find(|(factor, name)| {
            name.eq_ignore_ascii_case(answer) || factor.to_string().eq_ignore_ascii_case(answer)
        })
        .map(|(factor, _)| *factor)
        .ok_or_else(|| CliError::usage(format!("{answer:?} is not one of {offered}")))
}

fn choose_mfa(options: &[MfaKind], wanted: Option<MfaMethod>) -> Result<MfaKind, CliError> {
    let names: Vec<&str> = options.iter().map(MfaKind::challenge_name).collect();
    if let Some(method) = wanted {
        let kind = match method {
            MfaMethod::Sms => MfaKind::Sms,
            MfaMethod::Totp => MfaKind::SoftwareToken,
            MfaMethod::Email => MfaKind::Email,
        };
        if options.is_empty() || options.contains(&kind) {
            return Ok(kind);
        }
        return Err(CliError::usage(format!(
            "--mfa-type {} is not offered; Cognito offers {}",
            kind.challenge_name(),
            names.join(", ")
        )));
    }
    if let [only] = options {
        return Ok(only.clone());
    }
    let answer = terminal::visible(
        &format!("Choose an MFA method ({})", names.join(", ")),
        &format!("Cognito asks which MFA method to use ({}): pass --mfa-type", names.join(", ")),
    )?;
    options
        .iter()
        .find(|k| k.challenge_name().eq_ignore_ascii_case(answer.trim()))
        .cloned()
        .ok_or_else(|| CliError::usage(format!("{:?} is not one of {}", answer.as_str(), names.join(", "))))
}

async fn setup_mfa(
    sign_in: &mut SignIn,
    secret: Option<&SecretString>,
    options: &[MfaKind],
    username: &str,
) -> Result<Step, CliError> {
    let missing = "the pool requires MFA and this user has none: set it up once with `login` on a terminal";
    if !terminal::interactive() {
        return Err(CliError::usage(format!("{missing} (stdin is not a terminal)")));
    }
    let Some(secret) = secret else {
        let names: Vec<&str> = options.iter().map(MfaKind::challenge_name).collect();
        return Err(CliError::failure(format!(
            "the pool requires MFA setup with {}, which this CLI cannot do",
            names.join(", ")
        )));
    };
    let step = Step::MfaSetup { secret_code: Some(secret.clone()), options: options.to_vec() };
    output::error_line(
        "The pool requires an authenticator app. Add this key to it (shown once, on the terminal):",
    );
    output::error_line(&format!("  secret: {}", secret.expose_secret()));
    if let Some(uri) = step.totp_uri("cognito-srp", username) {
        output::error_line(&format!("  or the URI: {}", uri.expose_secret()));
    }
    let mut tries = 0;
    loop {
        tries += 1;
        let code = terminal::visible("First code from the app", missing)?;
        match sign_in.answer_mfa_setup(code.trim(), Some("cognito-srp")).await {
            Err(e) if e.code() == Some(&ErrorCode::CodeMismatch) && tries < MAX_TRIES => {
                output::error_line("wrong code, try again");
            }
            result => return Ok(result?),
        }
    }
}

async fn answer_new_password(
    sign_in: &mut SignIn,
    args: &LoginArgs,
    required: &[String],
) -> Result<Step, CliError> {
    let mut attributes: Vec<(String, String)> = args.user_attributes.clone();
    for name in required {
        if attributes.iter().any(|(n, _)| n == name) {
            continue;
        }
        let value = terminal::visible(
            &format!("Value for the required attribute {name}"),
            &format!("the new password needs the attribute {name}: pass --user-attribute {name}=VALUE"),
        )?;
        attributes.push((name.clone(), value.to_string()));
    }
    let pairs: Vec<(&str, &str)> = attributes.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    if args.new_password_stdin {
        let new_password = terminal::stdin_line("the new password")?;
        return Ok(sign_in.answer_new_password(new_password.expose_secret(), &pairs).await?);
    }
    let missing = "Cognito asks for a new password (NEW_PASSWORD_REQUIRED): pass --new-password-stdin";
    let mut tries = 0;
    loop {
        tries += 1;
        let first = terminal::hidden("New password", missing)?;
        let again = terminal::hidden("New password again", missing)?;
        if first != again {
            if tries < MAX_TRIES {
                output::error_line("the passwords differ, try again");
                continue;
            }
            return Err(CliError::usage("the new passwords differ"));
        }
        match sign_in.answer_new_password(first.expose_secret(), &pairs).await {
            Err(e) if e.code() == Some(&ErrorCode::InvalidPassword) && tries < MAX_TRIES => {
                let why = e.service().map(|s| s.message.clone()).unwrap_or_default();
                output::error_line(&format!("the pool rejects that password: {why}"));
            }
            result => return Ok(result?),
        }
    }
}

/// Keeps the device file in step with the server; returns the device key to print and the
/// error of keeping it, if any.
async fn after_sign_in(
    pool: &UserPool,
    args: &LoginArgs,
    done: &SignedIn,
    stored_key: Option<&str>,
) -> (Option<String>, Option<CliError>) {
    let key = done.device.as_ref().map(|d| d.device_key.clone());
    (key, keep_device(pool, args, done, stored_key).await.err())
}

async fn keep_device(
    pool: &UserPool,
    args: &LoginArgs,
    done: &SignedIn,
    stored_key: Option<&str>,
) -> Result<(), CliError> {
    let Some(path) = &args.device_file else {
        // Tokens issued with NewDeviceMetadata refresh only with that device key, so the
        // device is confirmed anyway and its key printed; its password is not kept.
        if let Some(device) = done.device.as_ref().filter(|_| done.new_device) {
            output::error_line(&format!(
                "note: the pool tracks devices; confirmed device {} but kept no credentials (no --device-file). \
                 Refresh with its key (`refresh` reads it from this JSON on stdin, or pass --device-key).",
                device.device_key
            ));
        }
        return Ok(());
    };
    if let Some(dropped) = &done.dropped_device {
        output::error_line(&format!(
            "note: Cognito no longer knows device {dropped}; signed in without it and removed it from {}",
            path.display()
        ));
        if !done.new_device {
            device_file::remove(path)?;
        }
    }
    if let Some(err) = &done.device_error {
        output::error_line(&format!("warning: confirming or remembering the new device failed: {err}"));
    }
    match &done.device {
        Some(device) if done.new_device => {
            let file = DeviceFile {
                pool_id: pool.pool_id().to_owned(),
                login: args.username.clone(),
                username: done.username.clone(),
                device: device.clone(),
            };
            device_file::save(path, &file).map_err(|e| {
                e.with_hint(format!(
                    "the tokens above are good and device {} is confirmed, but its credentials are lost: \
                     forget it (`devices forget {}`) and sign in again with a writable --device-file",
                    device.device_key, device.device_key
                ))
            })?;
            let status = match done.device_remembered {
                Some(true) => "remembered: MFA is skipped on sign-ins from it",
                Some(false) => "not remembered",
                None if done.user_confirmation_necessary == Some(true) => {
                    "not remembered: pass --remember-device (or run `devices remember`) to skip MFA"
                }
                None => "remembered by the pool's settings",
            };
            output::error_line(&format!(
                "confirmed new device {}, saved to {}; it is {status}",
                device.device_key,
                path.display()
            ));
            Ok(())
        }
        Some(device) => {
            if args.remember_device && stored_key == Some(device.device_key.as_str()) {
                pool.set_device_remembered(&done.tokens.access_token, &device.device_key, true).await?;
            }
            Ok(())
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;
    use cognito_srp_http::DeviceCredentials;

    fn args(pool: &str, user: &str) -> LoginArgs {
        let cli = Cli::try_parse_from([
            "cognito-srp",
            "login",
            "--pool-id",
            pool,
            "--client-id",
            "app",
            "--username",
            user,
        ])
        .unwrap();
        match cli.command {
            Command::Login(args) => args,
            other => panic!("{other:?}"),
        }
    }

    fn file() -> DeviceFile {
        DeviceFile {
            pool_id: "us-east-1_Pool".into(),
            login: "bob@example.com".into(),
            username: "bob".into(),
            device: DeviceCredentials::new("us-east-1_k", "-g", "p"),
        }
    }

    #[test]
    fn a_device_file_serves_its_own_user_by_alias_or_name() {
        let path = std::path::Path::new("device.json");
        assert!(check_owner(file(), &args("us-east-1_Pool", "bob@example.com"), path).is_ok());
        assert!(check_owner(file(), &args("us-east-1_Pool", "bob"), path).is_ok());
    }

    #[test]
    fn another_users_or_pools_device_file_is_a_usage_error() {
        let path = std::path::Path::new("device.json");
        let err = check_owner(file(), &args("us-east-1_Pool", "alice"), path).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::EXIT_USAGE);
        let err = check_owner(file(), &args("eu-west-1_Other", "bob"), path).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::EXIT_USAGE);
    }

    #[test]
    fn factor_choice_follows_the_option_or_the_only_usable_offer() {
        let offered = [FirstFactor::Password, FirstFactor::EmailOtp];
        assert_eq!(choose_factor(&offered, Some(Factor::EmailOtp)).unwrap(), FirstFactor::EmailOtp);
        // Passkeys are left out: one usable factor is taken without asking.
        let one = [FirstFactor::WebAuthn, FirstFactor::SmsOtp];
        assert_eq!(choose_factor(&one, None).unwrap(), FirstFactor::SmsOtp);
        assert_eq!(choose_factor(&[FirstFactor::WebAuthn], None).unwrap_err().exit_code(), 1);
    }

    #[test]
    fn mfa_choice_follows_the_option_or_the_only_offer() {
        let both = [MfaKind::Sms, MfaKind::SoftwareToken];
        assert_eq!(choose_mfa(&both, Some(MfaMethod::Totp)).unwrap(), MfaKind::SoftwareToken);
        assert_eq!(choose_mfa(&[MfaKind::Sms], None).unwrap(), MfaKind::Sms);
        assert_eq!(choose_mfa(&[MfaKind::Sms], Some(MfaMethod::Email)).unwrap_err().exit_code(), 2);
    }
}
