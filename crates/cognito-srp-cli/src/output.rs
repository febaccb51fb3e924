//! The only place that writes to stdout and stderr.
//!
//! stdout carries what a command was asked for (tokens as JSON, a device list, `LISTENING`,
//! the demo's story); stderr carries notes, prompts and errors.

use std::io::Write;

use crate::error::CliError;

/// Writes `text` and a newline to stdout and flushes (so a reader of a pipe sees it now).
///
/// # Errors
/// A failure when stdout is closed or full.
pub(crate) fn line(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(|e| CliError::failure(format!("cannot write to stdout: {e}")))
}

/// Writes a line to stderr; a closed stderr is ignored (there is nowhere left to report it).
pub(crate) fn error_line(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
    let _ = err.flush();
}

/// Writes `text` to stderr without a newline (a prompt).
pub(crate) fn prompt(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{text}");
    let _ = err.flush();
}
