//! Input a person gives: lines from stdin (in the order Cognito asks: the password, a new
//! password, an MFA code) and prompts on the terminal, hidden for secrets.
//!
//! stdin is read without std's buffer: `std::io::stdin()` keeps what it reads in an 8 KiB
//! buffer for the life of the process and never zeroizes it, so a password read through it
//! would stay in memory. Here stdin is a duplicate of its file descriptor (handle on
//! Windows) read one byte at a time into a zeroizing buffer of a fixed size, up to the end
//! of the line: no other copy is made, nothing after the line is consumed, and every read
//! is capped ([`MAX_LINE`], [`MAX_ALL`]).

use std::io::{IsTerminal, Read};

use cognito_srp_http::SecretString;
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::{output, private_file};

/// The most bytes one line of stdin may hold (a password, an MFA code, an answer).
pub(crate) const MAX_LINE: usize = 4 * 1024;
/// The most bytes [`stdin_all`] reads (the JSON `login` prints is a few KiB).
pub(crate) const MAX_ALL: usize = 64 * 1024;

/// Whether a person can be asked: stdin is a terminal.
pub(crate) fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

/// stdin, unbuffered: reads go straight to the file descriptor (shared with the process's
/// stdin, so what one read consumes the next one does not see again).
#[cfg(unix)]
fn raw_stdin() -> std::io::Result<std::fs::File> {
    use std::os::fd::AsFd;
    Ok(std::fs::File::from(std::io::stdin().as_fd().try_clone_to_owned()?))
}

/// stdin, unbuffered (the console or pipe handle).
#[cfg(windows)]
fn raw_stdin() -> std::io::Result<std::fs::File> {
    use std::os::windows::io::AsHandle;
    Ok(std::fs::File::from(std::io::stdin().as_handle().try_clone_to_owned()?))
}

/// Why a line could not be read.
#[derive(Debug)]
enum LineError {
    /// More than the limit before the end of the line.
    TooLong,
    /// The read failed.
    Io(std::io::Error),
}

/// The next line of `reader` without its line ending (`\n` or `\r\n`), read one byte at a
/// time into one zeroizing buffer of `limit + 1` bytes (no reallocation leaves a copy, no
/// byte after the `\n` is consumed); `None` at end of input.
fn read_line_from(reader: &mut impl Read, limit: usize) -> Result<Option<Zeroizing<Vec<u8>>>, LineError> {
    let mut line = Zeroizing::new(vec![0u8; limit.saturating_add(1)]);
    let mut len: usize = 0;
    let mut ended = false;
    loop {
        let Some(slot) = line.get_mut(len..len.saturating_add(1)) else {
            return Err(LineError::TooLong);
        };
        match reader.read(slot) {
            Ok(0) => break,
            Ok(_) if slot == b"\n" => {
                ended = true;
                break;
            }
            Ok(_) => len = len.saturating_add(1),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(LineError::Io(e)),
        }
    }
    if len > limit {
        return Err(LineError::TooLong);
    }
    if len == 0 && !ended {
        return Ok(None);
    }
    if len > 0 && line.get(len.saturating_sub(1)) == Some(&b'\r') {
        len = len.saturating_sub(1);
    }
    line.truncate(len);
    Ok(Some(line))
}

/// The next line of stdin, as text; `what` names it in errors.
fn next_stdin_line(what: &str) -> Result<Option<Zeroizing<String>>, CliError> {
    let mut stdin =
        raw_stdin().map_err(|e| CliError::failure(format!("cannot read {what} from stdin: {e}")))?;
    let line = match read_line_from(&mut stdin, MAX_LINE) {
        Ok(line) => line,
        Err(LineError::TooLong) => {
            return Err(CliError::usage(format!("{what} on stdin is longer than {MAX_LINE} bytes")));
        }
        Err(LineError::Io(e)) => {
            return Err(CliError::failure(format!("cannot read {what} from stdin: {e}")));
        }
    };
    line.map(|bytes| utf8(&bytes, what)).transpose()
}

fn utf8(bytes: &[u8], what: &str) -> Result<Zeroizing<String>, CliError> {
    std::str::from_utf8(bytes)
        .map(|text| Zeroizing::new(text.to_owned()))
        .map_err(|_| CliError::usage(format!("{what} on stdin is not UTF-8 text")))
}

/// The next line of stdin without its line ending; `what` names it in errors.
///
/// # Errors
/// A usage error at end of input, for an empty line, a line over [`MAX_LINE`] bytes or text
/// that is not UTF-8; a failure for a read error.
pub(crate) fn stdin_line(what: &str) -> Result<SecretString, CliError> {
    let Some(text) = next_stdin_line(what)? else {
        return Err(CliError::usage(format!("expected {what} on stdin, but stdin is empty")));
    };
    if text.is_empty() {
        return Err(CliError::usage(format!("{what} on stdin is an empty line")));
    }
    Ok(SecretString::from(text.as_str()))
}

/// All of stdin (at most [`MAX_ALL`] bytes), trimmed; `what` names it in errors.
///
/// # Errors
/// A usage error when stdin is empty, larger than [`MAX_ALL`] or not UTF-8, a failure for a
/// read error.
pub(crate) fn stdin_all(what: &str) -> Result<Zeroizing<String>, CliError> {
    let fail = |e: std::io::Error| CliError::failure(format!("cannot read {what} from stdin: {e}"));
    let mut stdin = raw_stdin().map_err(fail)?;
    let Some(bytes) = private_file::read_at_most(&mut stdin, MAX_ALL).map_err(fail)? else {
        return Err(CliError::usage(format!("{what} on stdin is larger than {MAX_ALL} bytes")));
    };
    let text = utf8(&bytes, what)?;
    let trimmed = Zeroizing::new(text.trim().to_owned());
    if trimmed.is_empty() {
        return Err(CliError::usage(format!("expected {what} on stdin, but stdin is empty")));
    }
    Ok(trimmed)
}

/// Asks for a secret on the terminal without echoing it. rpassword reads the terminal
/// itself (unbuffered, into a string it zeroizes) and hands the text over by value.
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
    if value.expose_secret().len() > MAX_LINE {
        return Err(CliError::usage(format!("{label} is longer than {MAX_LINE} bytes")));
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
    match next_stdin_line(label)? {
        Some(line) => Ok(Zeroizing::new(line.trim().to_owned())),
        None => Err(CliError::usage(format!("no {label} given (end of input)"))),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use std::io::Cursor;

    fn line(reader: &mut Cursor<&[u8]>, limit: usize) -> Option<Vec<u8>> {
        read_line_from(reader, limit).unwrap().map(|l| l.to_vec())
    }

    #[test]
    fn a_line_is_read_up_to_its_end_and_not_a_byte_further() {
        let mut input = Cursor::new(&b"first secret\r\nsecond\n\nlast"[..]);
        assert_eq!(line(&mut input, 64).as_deref(), Some(&b"first secret"[..]));
        assert_eq!(input.position(), 14, "only the first line was consumed");
        assert_eq!(line(&mut input, 64).as_deref(), Some(&b"second"[..]));
        assert_eq!(line(&mut input, 64).as_deref(), Some(&b""[..]));
        assert_eq!(line(&mut input, 64).as_deref(), Some(&b"last"[..]));
        assert_eq!(line(&mut input, 64), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_password_line_leaves_no_copy_once_dropped() {
        let (password, reversed) = crate::memory_scan::random_secret("pw-");
        let mut input = Zeroizing::new(Vec::with_capacity(128));
        input.extend_from_slice(password.as_bytes());
        input.extend_from_slice(b"\nthe next line\n");
        drop(password);
        let mut scanner = crate::memory_scan::Scanner::new();
        let line = read_line_from(&mut Cursor::new(input.as_slice()), MAX_LINE).unwrap().unwrap();
        let secret = SecretString::from(std::str::from_utf8(&line).unwrap());
        drop(line);
        drop(input);
        assert!(scanner.finds(&reversed), "the scan finds the live password");
        drop(secret);
        assert!(!scanner.finds(&reversed), "a copy of the password survived its drop");
    }

    #[test]
    fn a_line_over_the_limit_is_refused() {
        let mut exact = Cursor::new(&b"12345678\n"[..]);
        assert_eq!(line(&mut exact, 8).as_deref(), Some(&b"12345678"[..]));
        let mut long = Cursor::new(&b"123456789\n"[..]);
        assert!(matches!(read_line_from(&mut long, 8), Err(LineError::TooLong)));
        let mut endless = std::io::repeat(b'x');
        assert!(matches!(read_line_from(&mut endless, MAX_LINE), Err(LineError::TooLong)));
    }
}
