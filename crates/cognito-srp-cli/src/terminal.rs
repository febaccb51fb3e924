//! Input a person gives: lines from stdin (in order: the password, then a new password) and
//! prompts on the terminal, hidden for secrets.

use std::io::{BufRead, IsTerminal};

use cognito_srp_http::SecretString;
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::output;

/// Whether a person can be asked: stdin is a terminal.
pub(crate) fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

/// The next line of stdin without its line ending; `what` names it in errors.
///
/// # Errors
/// A usage error at end of input or for an empty line; a failure for a read error.
pub(crate) fn stdin_line(what: &str) -> Result<SecretString, CliError> {
    let mut line = Zeroizing::new(String::new());
    let read = std::io::stdin().lock().read_line(&mut line).map_err(|e| read_error(what, &e))?;
    if read == 0 {
        return Err(CliError::usage(format!("expected {what} on stdin, but stdin is empty")));
    }
    let text = line.trim_end_matches(['\n', '\r']);
    if text.is_empty() {
        return Err(CliError::usage(format!("{what} on stdin is an empty line")));
    }
    Ok(SecretString::from(text))
}

/// Text that is not UTF-8 is bad input (a usage error); anything else a failure.
fn read_error(what: &str, err: &std::io::Error) -> CliError {
    if err.kind() == std::io::ErrorKind::InvalidData {
        CliError::usage(format!("{what} on stdin is not UTF-8 text"))
    } else {
        CliError::failure(format!("cannot read {what} from stdin: {err}"))
    }
}

/// All of stdin, trimmed; `what` names it in errors.
///
/// # Errors
/// A usage error when stdin is empty, a failure for a read error.
pub(crate) fn stdin_all(what: &str) -> Result<Zeroizing<String>, CliError> {
    let mut text = Zeroizing::new(String::new());
    std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)
        .map_err(|e| read_error(what, &e))?;
    let trimmed = Zeroizing::new(text.trim().to_owned());
    if trimmed.is_empty() {
        return Err(CliError::usage(format!("expected {what} on stdin, but stdin is empty")));
    }
    Ok(trimmed)
}

/// Asks for a secret on the terminal without echoing it.
///
/// # Errors
/// A usage error when there is no terminal: `missing` says what is needed and what to pass.
pub(crate) fn hidden(label: &str, missing: &str) -> Result<SecretString, CliError> {
    if !interactive() {
        return Err(CliError::usage(format!("{missing} (stdin is not a terminal to ask on)")));
    }
    let value = rpassword::prompt_password(format!("{}: ", output::sanitize(label)))
        .map_err(|e| CliError::failure(format!("cannot read {label} from the terminal: {e}")))?;
    let value = SecretString::new(value);
    if value.is_empty() {
        return Err(CliError::usage(format!("{label} is empty")));
    }
    Ok(value)
}

/// Asks for a short visible answer (an MFA code, a choice) on the terminal.
///
/// # Errors
/// A usage error when there is no terminal: `missing` says what is needed and what to pass.
pub(crate) fn visible(label: &str, missing: &str) -> Result<Zeroizing<String>, CliError> {
    if !interactive() {
        return Err(CliError::usage(format!("{missing} (stdin is not a terminal to ask on)")));
    }
    output::prompt(&format!("{label}: "));
    let mut line = Zeroizing::new(String::new());
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::failure(format!("cannot read {label} from the terminal: {e}")))?;
    if read == 0 {
        return Err(CliError::usage(format!("no {label} given (end of input)")));
    }
    Ok(Zeroizing::new(line.trim().to_owned()))
}
