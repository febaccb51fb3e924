//! Files that hold secrets (the device file, a client secret file): read with a size limit,
//! and refused when other users may read them, as OpenSSH refuses a private key that is
//! readable by group or others.

use std::fs;
use std::io::Read;
use std::path::Path;

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
