//! The only place that writes to stdout and stderr.
//!
//! stdout carries what a command was asked for (tokens as JSON, a device list, `LISTENING`,
//! the demo's story); stderr carries notes, prompts and errors.
//!
//! Text from the endpoint (error messages, device keys, a TOTP secret, an SMS destination)
//! or from files must not drive the terminal: an ESC sequence could rewrite the screen or set
//! the clipboard (OSC 52), a newline could forge an `error:` line. So every writer here
//! escapes what a terminal would act on ([`sanitize`]), whatever its caller passes. (An
//! endpoint with a user name or password in it never gets this far: the http crate refuses it
//! and its error shows `***@` in their place.)

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use zeroize::Zeroizing;

use crate::error::CliError;

/// Whether a terminal could act on `c`: C0 controls (ESC, CR, LF, BEL, ...), DEL, C1
/// controls (U+0080–U+009F, 8-bit CSI and OSC among them) and the Unicode bidi embeddings,
/// overrides and isolates (U+202A–U+202E, U+2066–U+2069) that reorder what is shown.
fn is_dangerous(c: char) -> bool {
    matches!(c, '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character a terminal would act on written as a visible escape: `\x1b`
/// for C0 controls and DEL, `\u{9b}` for C1 controls and bidi controls. Everything else,
/// other languages included, is kept. One line in, one line out.
pub(crate) fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_dangerous) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().saturating_add(16));
    for c in text.chars() {
        if !is_dangerous(c) {
            out.push(c);
        } else if c <= '\u{7f}' {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    Cow::Owned(out)
}

/// JSON text (as `serde_json` writes it) made safe for a terminal without changing its
/// value: `serde_json` escapes C0 controls inside strings but writes DEL, C1 and bidi
/// controls raw; those can only occur inside strings, where `\uXXXX` means the same
/// character. Structural whitespace (the newlines of pretty printing) is left alone.
fn sanitize_json(json: &str) -> Cow<'_, str> {
    let risky = |c: char| is_dangerous(c) && c > '\u{1f}';
    if !json.chars().any(risky) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len().saturating_add(16));
    for c in json.chars() {
        if risky(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// stderr for `tracing`. `tracing-subscriber` formats each event into one buffer and writes
/// it with one call; this writes it with every control character escaped ([`sanitize`]) but the event's final newline, so text from the
/// endpoint in a field (an unknown error type, a challenge name) cannot start a line of its
/// own or drive the terminal. (So the subscriber must not add ANSI colours.)
#[derive(Debug, Clone, Copy)]
pub(crate) struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let event = text.strip_suffix('\n').unwrap_or(&text);
        let mut err = std::io::stderr().lock();
        writeln!(err, "{}", sanitize(event))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// Writes `text` and a newline to stdout and flushes (so a reader of a pipe sees it now).
/// Control characters in `text` are escaped ([`sanitize`]).
///
/// # Errors
/// A failure when stdout is closed or full.
pub(crate) fn line(text: &str) -> Result<(), CliError> {
    write_stdout(&sanitize(text))
}

/// Writes JSON from `serde_json` and a newline to stdout: the same value, with the control
/// characters `serde_json` leaves raw escaped as `\uXXXX`. The JSON may hold tokens: on
/// Unix it goes straight to the file descriptor, never through std's stdout buffer (which
/// is not zeroized), and any escaped copy is zeroized.
///
/// # Errors
/// A failure when stdout is closed or full.
pub(crate) fn json(text: &str) -> Result<(), CliError> {
    let safe = Zeroizing::new(sanitize_json(text).into_owned());
    write_stdout_unbuffered(&safe)
}

#[cfg(unix)]
fn write_stdout_unbuffered(text: &str) -> Result<(), CliError> {
    use std::os::fd::AsFd;
    let fail = |e: std::io::Error| CliError::failure(format!("cannot write to stdout: {e}"));
    // What std's stdout holds comes first.
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.flush().map_err(fail)?;
    let mut raw = std::fs::File::from(lock.as_fd().try_clone_to_owned().map_err(fail)?);
    raw.write_all(text.as_bytes()).and_then(|()| raw.write_all(b"\n")).map_err(fail)
}

/// Elsewhere std's stdout (a Windows console needs its text conversion).
#[cfg(not(unix))]
fn write_stdout_unbuffered(text: &str) -> Result<(), CliError> {
    write_stdout(text)
}

fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(|e| CliError::failure(format!("cannot write to stdout: {e}")))
}

/// Writes a line to stderr, control characters escaped; a closed stderr is ignored (there
/// is nowhere left to report it).
pub(crate) fn error_line(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", sanitize(text));
    let _ = err.flush();
}

/// Writes `text` to stderr without a newline (a prompt), control characters escaped.
pub(crate) fn prompt(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{}", sanitize(text));
    let _ = err.flush();
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn terminal_controls_are_escaped_and_the_rest_kept() {
        assert_eq!(sanitize("plain text, ünïcode, 日本"), "plain text, ünïcode, 日本");
        assert!(matches!(sanitize("plain"), Cow::Borrowed(_)));
        let osc52 = "k\u{1b}]52;c;ZXZpbA==\u{7}\nerror: fake\r";
        assert_eq!(sanitize(osc52), "k\\x1b]52;c;ZXZpbA==\\x07\\x0aerror: fake\\x0d");
        assert_eq!(sanitize("a\u{7f}b\u{9b}31mc\u{85}"), "a\\x7fb\\u{9b}31mc\\u{85}");
        assert_eq!(sanitize("\u{202e}gpj.exe\u{2066}x\u{2069}"), "\\u{202e}gpj.exe\\u{2066}x\\u{2069}");
        assert_eq!(sanitize("\t\0"), "\\x09\\x00");
        // Nothing dangerous is left, whatever the input.
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(!sanitize(&all).chars().any(is_dangerous));
    }

    #[test]
    fn json_keeps_its_value_and_loses_raw_controls() {
        let value = serde_json::json!({ "DeviceKey": "k\u{1b}]52;c;x\u{7}\n\u{9b}\u{202e}\u{7f}" });
        let text = serde_json::to_string_pretty(&value).unwrap();
        let safe = sanitize_json(&text);
        assert!(!safe.chars().any(|c| is_dangerous(c) && c != '\n'), "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), value);
        assert!(safe.contains('\n'), "pretty printing keeps its lines");
    }
}
