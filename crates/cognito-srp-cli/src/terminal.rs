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
    line.map(|bytes| utf8(&bytes, &format!("{what} on stdin"))).transpose()
}

/// `bytes` as text; `what` names them (and where they came from) in the error.
fn utf8(bytes: &[u8], what: &str) -> Result<Zeroizing<String>, CliError> {
    std::str::from_utf8(bytes)
        .map(|text| Zeroizing::new(text.to_owned()))
        .map_err(|_| CliError::usage(format!("{what} is not UTF-8 text")))
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
    let text = utf8(&bytes, &format!("{what} on stdin"))?;
    let trimmed = Zeroizing::new(text.trim().to_owned());
    if trimmed.is_empty() {
        return Err(CliError::usage(format!("expected {what} on stdin, but stdin is empty")));
    }
    Ok(trimmed)
}

/// Asks for a secret on the terminal without echoing it.
///
/// On Unix the terminal's echo is off *before* the prompt is shown (as OpenSSH's
/// `readpassphrase` and sudo do): whatever arrives once the prompt is visible is never echoed,
/// and input typed before it (already echoed) is discarded. The answer is read one byte at a
/// time into one zeroizing buffer; Backspace, Ctrl-U and arrow keys edit it, Ctrl-C restores
/// the terminal and interrupts. Elsewhere rpassword reads the console.
///
/// # Errors
/// A usage error when there is no terminal (`missing` says what is needed and what to pass),
/// for an empty answer, one over [`MAX_LINE`] bytes or one that is not UTF-8; a failure when
/// the terminal cannot be read or the prompt was interrupted.
pub(crate) fn hidden(label: &str, missing: &str) -> Result<SecretString, CliError> {
    if !interactive() {
        return Err(CliError::usage(format!("{missing} (stdin is not a terminal to ask on)")));
    }
    let prompt = format!("{}: ", output::sanitize(label));
    let value = read_hidden(&prompt, label)?;
    if value.is_empty() {
        return Err(CliError::usage(format!("{label} is empty")));
    }
    if value.len() > MAX_LINE {
        return Err(CliError::usage(format!("{label} is longer than {MAX_LINE} bytes")));
    }
    Ok(SecretString::from(value.as_str()))
}

#[cfg(not(unix))]
fn read_hidden(prompt: &str, label: &str) -> Result<Zeroizing<String>, CliError> {
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|e| CliError::failure(format!("cannot read {label} from the terminal: {e}")))
}

#[cfg(unix)]
fn read_hidden(prompt: &str, label: &str) -> Result<Zeroizing<String>, CliError> {
    let fail = |e: std::io::Error| CliError::failure(format!("cannot read {label} from the terminal: {e}"));
    let mut tty = tty::Tty::open().map_err(fail)?;
    match ask_hidden_on(&mut tty, prompt, MAX_LINE) {
        Ok(Hidden::Line(bytes)) => utf8(&bytes, label),
        Ok(Hidden::End) => Err(CliError::usage(format!("no {label} given (end of input)"))),
        Ok(Hidden::Interrupted) => {
            drop(tty);
            tty::interrupt();
            Err(CliError::failure(format!("interrupted while asking for {label}")))
        }
        Err(LineError::TooLong) => Err(CliError::usage(format!("{label} is longer than {MAX_LINE} bytes"))),
        Err(LineError::Io(e)) => Err(fail(e)),
    }
}

/// How a hidden answer ended.
#[cfg_attr(not(unix), allow(dead_code))]
enum Hidden {
    /// Enter: the bytes typed, after editing.
    Line(Zeroizing<Vec<u8>>),
    /// Ctrl-D on an empty answer, or the end of input.
    End,
    /// Ctrl-C.
    Interrupted,
}

/// A terminal a hidden answer is asked on.
#[cfg_attr(not(unix), allow(dead_code))]
trait HiddenTerminal: Read + std::io::Write {
    /// Echo, line editing and signal keys off; input typed before is dropped.
    fn hide(&mut self) -> std::io::Result<()>;
    /// The settings [`hide`](Self::hide) found, back.
    fn show(&mut self);
}

/// Echo off, then the prompt, then the answer, then the settings back: no byte that arrives
/// after the prompt is visible can be echoed.
#[cfg_attr(not(unix), allow(dead_code))]
fn ask_hidden_on(term: &mut impl HiddenTerminal, prompt: &str, limit: usize) -> Result<Hidden, LineError> {
    term.hide().map_err(LineError::Io)?;
    let outcome = term
        .write_all(prompt.as_bytes())
        .and_then(|()| term.flush())
        .map_err(LineError::Io)
        .and_then(|()| edit_hidden(term, limit));
    // The Enter (or ^C) the terminal did not echo; a failed write here changes nothing.
    let _ = term.write_all(b"\n").and_then(|()| term.flush());
    term.show();
    outcome
}

/// Reads a hidden answer from a terminal in raw mode, one byte at a time, and edits it as a
/// line discipline would: Enter ends it; Backspace/Delete removes the last character (a whole
/// UTF-8 sequence), Ctrl-U all of it; Ctrl-C interrupts; Ctrl-D ends input when nothing is
/// typed; escape sequences (arrow keys) and other control bytes are dropped. The buffer holds
/// `limit` bytes and is never reallocated.
#[cfg_attr(not(unix), allow(dead_code))]
fn edit_hidden(reader: &mut impl Read, limit: usize) -> Result<Hidden, LineError> {
    const BACKSPACE: u8 = 0x08;
    const DELETE: u8 = 0x7f;
    const CTRL_C: u8 = 0x03;
    const CTRL_D: u8 = 0x04;
    const CTRL_U: u8 = 0x15;
    const ESC: u8 = 0x1b;
    let mut line = Zeroizing::new(Vec::with_capacity(limit));
    let mut byte = [0u8; 1];
    let mut next = |reader: &mut dyn Read| -> Result<Option<u8>, LineError> {
        loop {
            match reader.read(&mut byte) {
                Ok(0) => return Ok(None),
                Ok(_) => return Ok(Some(byte[0])),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(LineError::Io(e)),
            }
        }
    };
    loop {
        let Some(b) = next(reader)? else {
            return Ok(if line.is_empty() { Hidden::End } else { Hidden::Line(line) });
        };
        match b {
            b'\n' | b'\r' => return Ok(Hidden::Line(line)),
            CTRL_C => return Ok(Hidden::Interrupted),
            CTRL_D if line.is_empty() => return Ok(Hidden::End),
            CTRL_U => line.clear(),
            BACKSPACE | DELETE => {
                while let Some(last) = line.pop() {
                    if last & 0xc0 != 0x80 {
                        break;
                    }
                }
            }
            ESC => {
                // CSI (ESC [) and SS3 (ESC O) run to a final byte in 0x40..=0x7e.
                if matches!(next(reader)?, Some(b'[' | b'O')) {
                    while let Some(c) = next(reader)? {
                        if (0x40..=0x7e).contains(&c) {
                            break;
                        }
                    }
                }
            }
            control if control < 0x20 => {}
            b => {
                if line.len() >= limit {
                    return Err(LineError::TooLong);
                }
                line.push(b);
            }
        }
    }
}

/// The controlling terminal, opened for a hidden prompt.
#[cfg(unix)]
mod tty {
    use rustix::termios::{self, LocalModes, OptionalActions, SpecialCodeIndex, Termios};
    use std::fs::File;
    use std::io::{Read, Write};

    /// `/dev/tty`, and the settings to put back once the answer is read (also on drop).
    pub(super) struct Tty {
        file: File,
        saved: Option<Termios>,
    }

    impl Tty {
        pub(super) fn open() -> std::io::Result<Self> {
            let file = std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty")?;
            Ok(Self { file, saved: None })
        }
    }

    impl Read for Tty {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.file.read(buf)
        }
    }

    impl Write for Tty {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.file.write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.file.flush()
        }
    }

    impl super::HiddenTerminal for Tty {
        fn hide(&mut self) -> std::io::Result<()> {
            let saved = termios::tcgetattr(&self.file)?;
            let mut raw = saved.clone();
            raw.local_modes
                .remove(LocalModes::ECHO | LocalModes::ECHONL | LocalModes::ICANON | LocalModes::ISIG);
            raw.special_codes[SpecialCodeIndex::VMIN] = 1;
            raw.special_codes[SpecialCodeIndex::VTIME] = 0;
            // TCSAFLUSH: bytes typed before the prompt (echoed already) are not taken as the answer.
            termios::tcsetattr(&self.file, OptionalActions::Flush, &raw)?;
            self.saved = Some(saved);
            Ok(())
        }

        fn show(&mut self) {
            if let Some(saved) = self.saved.take() {
                // Nothing better to do if the terminal went away meanwhile.
                let _ = termios::tcsetattr(&self.file, OptionalActions::Now, &saved);
            }
        }
    }

    impl Drop for Tty {
        fn drop(&mut self) {
            super::HiddenTerminal::show(self);
        }
    }

    /// Ctrl-C at a hidden prompt (whose terminal is back to normal): the process gets SIGINT,
    /// as it would have from the terminal, and so dies as a shell expects.
    pub(super) fn interrupt() {
        let _ = rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::INT);
    }
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

    fn hidden_answer(typed: &[u8], limit: usize) -> Result<Hidden, LineError> {
        edit_hidden(&mut Cursor::new(typed), limit)
    }

    fn line_of(outcome: Result<Hidden, LineError>) -> Vec<u8> {
        match outcome {
            Ok(Hidden::Line(line)) => line.to_vec(),
            Ok(Hidden::End) => panic!("ended without a line"),
            Ok(Hidden::Interrupted) => panic!("interrupted"),
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn a_hidden_answer_is_edited_as_a_terminal_would() {
        assert_eq!(line_of(hidden_answer(b"Pa55word\rafter", 64)), b"Pa55word");
        assert_eq!(line_of(hidden_answer(b"Pa55wore\x7fd\n", 64)), b"Pa55word");
        assert_eq!(line_of(hidden_answer(b"wrong\x15right\n", 64)), b"right");
        // Backspace takes a whole character, not one byte of it.
        assert_eq!(line_of(hidden_answer("caf\u{e9}\x08e\n".as_bytes(), 64)), b"cafe");
        // Arrow keys and other control bytes are not part of the answer.
        assert_eq!(line_of(hidden_answer(b"a\x1b[Db\x1bOC\x01c\n", 64)), b"abc");
        // Ctrl-D only ends an empty answer.
        assert_eq!(line_of(hidden_answer(b"ab\x04c\n", 64)), b"abc");
        assert!(matches!(hidden_answer(b"\x04", 64), Ok(Hidden::End)));
        assert!(matches!(hidden_answer(b"", 64), Ok(Hidden::End)));
        assert_eq!(line_of(hidden_answer(b"no newline", 64)), b"no newline");
        assert!(matches!(hidden_answer(b"secret\x03more\n", 64), Ok(Hidden::Interrupted)));
        assert_eq!(line_of(hidden_answer(b"12345678\n", 8)), b"12345678");
        assert!(matches!(hidden_answer(b"123456789\n", 8), Err(LineError::TooLong)));
        assert!(matches!(edit_hidden(&mut std::io::repeat(b'x'), MAX_LINE), Err(LineError::TooLong)));
    }

    /// A terminal that logs what is done to it, in order.
    struct Recorder {
        input: Cursor<Vec<u8>>,
        log: Vec<String>,
    }

    impl Read for Recorder {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.input.read(buf)?;
            let hidden =
                self.log.iter().rposition(|e| e == "hide") > self.log.iter().rposition(|e| e == "show");
            self.log.push(if hidden { "read hidden" } else { "read ECHOED" }.to_owned());
            Ok(n)
        }
    }

    impl std::io::Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.log.push(format!("write {}", String::from_utf8_lossy(buf)));
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl HiddenTerminal for Recorder {
        fn hide(&mut self) -> std::io::Result<()> {
            self.log.push("hide".to_owned());
            Ok(())
        }
        fn show(&mut self) {
            self.log.push("show".to_owned());
        }
    }

    #[test]
    fn echo_is_off_before_the_prompt_shows_and_back_after_the_answer() {
        let mut term = Recorder { input: Cursor::new(b"pw\n".to_vec()), log: Vec::new() };
        assert_eq!(line_of(ask_hidden_on(&mut term, "Password: ", 64)), b"pw");
        let expected =
            ["hide", "write Password: ", "read hidden", "read hidden", "read hidden", "write \n", "show"];
        assert_eq!(term.log, expected);
        // Interrupted or failed, the terminal is put back all the same.
        let mut term = Recorder { input: Cursor::new(b"p\x03".to_vec()), log: Vec::new() };
        assert!(matches!(ask_hidden_on(&mut term, "Password: ", 64), Ok(Hidden::Interrupted)));
        assert_eq!(term.log.last().map(String::as_str), Some("show"));
        let mut term = Recorder { input: Cursor::new(b"toolong\n".to_vec()), log: Vec::new() };
        assert!(matches!(ask_hidden_on(&mut term, "Password: ", 4), Err(LineError::TooLong)));
        assert_eq!(term.log.last().map(String::as_str), Some("show"));
    }
}
