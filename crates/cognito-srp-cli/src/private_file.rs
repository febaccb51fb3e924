//! Files that hold secrets (the device file, a client secret file, a tokens file): read with
//! a size limit, and refused when other users may read them, as OpenSSH refuses a private key
//! that is readable by group or others; written with mode 0600 and replaced atomically.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::error::CliError;

/// Reads `path` (at most `limit` bytes) into a buffer that is zeroized on drop; `Ok(None)`
/// when there is no such file. `what` names the file in errors ("device file").
///
/// # Errors
/// A failure when the file cannot be read, is larger than `limit` bytes, or holds anything
/// but white space while group or others may read or write it (Unix), with the `chmod 600`
/// that fixes it.
pub(crate) fn read(path: &Path, limit: usize, what: &str) -> Result<Option<Zeroizing<Vec<u8>>>, CliError> {
    let fail = |e: std::io::Error| CliError::failure(format!("cannot read {what} {}: {e}", path.display()));
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(fail(e)),
    };
    let Some(bytes) = read_at_most(&mut file, limit).map_err(fail)? else {
        return Err(CliError::failure(format!(
            "{what} {} is larger than {limit} bytes, the most a {what} may hold",
            path.display()
        ))
        .with_hint(format!("is {} really a {what}?", path.display())));
    };
    if !bytes.iter().all(u8::is_ascii_whitespace) {
        check_private(&file, path, what)?;
    }
    Ok(Some(bytes))
}

/// Writes `bytes` to `path` atomically with mode 0600, creating its directory (mode 0700) if
/// needed: the bytes go to a new temporary file in the same directory, are flushed to disk,
/// and the temporary file is renamed over `path`, so a crash leaves either the old file or
/// the new one, never half of one. `what` names the file in errors ("device file").
///
/// # Errors
/// A failure for any I/O error; the old file, if any, is then left as it was.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8], what: &str) -> Result<(), CliError> {
    let fail = |action: &str, e: std::io::Error| {
        CliError::failure(format!("cannot {action} {what} {}: {e}", path.display()))
    };
    let dir = parent_dir(path);
    create_private_dir(&dir).map_err(|e| fail("create the directory of", e))?;
    let name = path
        .file_name()
        .ok_or_else(|| CliError::usage(format!("{what} {} has no file name", path.display())))?;
    let temp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), unique_suffix()));
    let written = write_new_private(&temp, bytes).and_then(|()| fs::rename(&temp, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(fail("write", e));
    }
    // Make the rename itself durable; not every platform can sync a directory.
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The directory `path` is in (`.` for a bare file name).
pub(crate) fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Creates `path` (exclusively: never follows or reuses an existing file) with mode 0600,
/// writes `bytes` and flushes them to disk.
fn write_new_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Creates `dir` and its parents with mode 0700 when it does not exist.
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// A suffix no other writer uses at the same time: the process id and random bits.
fn unique_suffix() -> String {
    let mut bytes = [0u8; 8];
    let random = getrandom::fill(&mut bytes).map_or(0, |()| u64::from_le_bytes(bytes));
    format!("{}-{random:016x}", std::process::id())
}

/// Everything `reader` holds, when that is at most `limit` bytes (else `None`), in one
/// zeroizing buffer allocated once: growing a `Vec` would leave copies of a secret behind.
///
/// # Errors
/// A read error.
pub(crate) fn read_at_most(
    reader: &mut impl Read,
    limit: usize,
) -> std::io::Result<Option<Zeroizing<Vec<u8>>>> {
    let mut bytes = Zeroizing::new(vec![0u8; limit.saturating_add(1)]);
    let mut len: usize = 0;
    while let Some(free) = bytes.get_mut(len..).filter(|free| !free.is_empty()) {
        match reader.read(free) {
            Ok(0) => break,
            Ok(n) => len = len.saturating_add(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    if len > limit {
        return Ok(None);
    }
    bytes.truncate(len);
    Ok(Some(bytes))
}

/// Refuses a file that group or others may read or write (the permission bits of the file
/// opened, so a file swapped in after the check cannot slip through).
#[cfg(unix)]
fn check_private(file: &fs::File, path: &Path, what: &str) -> Result<(), CliError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file
        .metadata()
        .map_err(|e| CliError::failure(format!("cannot read {what} {}: {e}", path.display())))?
        .permissions()
        .mode();
    if mode & 0o077 == 0 {
        return Ok(());
    }
    Err(CliError::failure(format!(
        "{what} {} is accessible by other users (mode {:04o}); it holds a secret, so it is not used",
        path.display(),
        mode & 0o7777
    ))
    .with_hint(format!("make it private: chmod 600 {}", path.display())))
}

/// Elsewhere the file's ACL is the owner's business.
#[cfg(not(unix))]
fn check_private(_file: &fs::File, _path: &Path, _what: &str) -> Result<(), CliError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_missing_file_is_none_and_a_small_one_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        assert!(read(&path, 16, "secret file").unwrap().is_none());
        write_private(&path, b"0123456789abcdef");
        assert_eq!(read(&path, 16, "secret file").unwrap().unwrap().as_slice(), b"0123456789abcdef");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_naming_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        write_private(&path, b"0123456789abcdefX");
        let err = read(&path, 16, "secret file").unwrap_err();
        assert_eq!(err.exit_code(), crate::error::EXIT_FAILURE);
        assert!(err.message().contains("larger than 16 bytes"), "{err:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_may_read_is_refused_with_chmod_600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        write_private(&path, b"s3cret");
        for mode in [0o644, 0o640, 0o604, 0o620, 0o602, 0o660] {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            let err = read(&path, 64, "secret file").unwrap_err();
            assert!(err.hint().is_some_and(|h| h.contains("chmod 600")), "{mode:o}: {err:?}");
        }
        for mode in [0o600, 0o400, 0o700] {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            assert!(read(&path, 64, "secret file").is_ok(), "{mode:o}");
        }
        // An empty file holds nothing to protect: it is treated as no content.
        fs::write(&path, b"\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(read(&path, 64, "secret file").is_ok());
    }

    fn write_private(path: &Path, bytes: &[u8]) {
        fs::write(path, bytes).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
}
