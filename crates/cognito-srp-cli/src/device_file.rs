//! The device file: a confirmed device's credentials, kept between runs.
//!
//! It is JSON, readable only by its owner (mode 0600 on Unix), and replaced atomically: the
//! new content goes to a temporary file in the same directory, is flushed to disk, and is
//! renamed over the old file, so a crash leaves either the old file or the new one, never
//! half of one.
//!
//! A device file that other users may read is refused (`chmod 600` fixes it), and one larger
//! than [`MAX_SIZE`] is not a device file. A login holds [`Lock`] on `FILE.lock` from reading
//! the file until it has written the new one, so logins sharing a device file take turns:
//! the first confirms a device, the next ones sign in through it.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cognito_srp_http::DeviceCredentials;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::{output, private_file};

/// The most bytes a device file may hold (one is well under 1 KiB).
pub(crate) const MAX_SIZE: usize = 64 * 1024;

/// How long a command waits for another one using the same device file.
const LOCK_WAIT: Duration = Duration::from_secs(120);

/// What the file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DeviceFile {
    /// The pool the device belongs to.
    pub(crate) pool_id: String,
    /// The name the user signed in with (an alias, perhaps).
    pub(crate) login: String,
    /// The internal user name (for `SECRET_HASH` when refreshing).
    pub(crate) username: String,
    /// `DeviceKey`, `DeviceGroupKey` and the device password.
    #[serde(flatten)]
    pub(crate) device: DeviceCredentials,
}

/// Reads the device file; `Ok(None)` when there is none.
///
/// # Errors
/// A failure when it exists but cannot be read, is larger than [`MAX_SIZE`], may be read by
/// other users (Unix) or is not a device file.
pub(crate) fn load(path: &Path) -> Result<Option<DeviceFile>, CliError> {
    let Some(text) = private_file::read(path, MAX_SIZE, "device file")? else {
        return Ok(None);
    };
    if text.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(&text).map(Some).map_err(|e| {
        CliError::failure(format!("device file {} is not a cognito-srp device file: {e}", path.display()))
            .with_hint("delete it (the next login confirms a new device) or pass another --device-file")
    })
}

/// Writes the device file atomically with mode 0600, creating its directory (mode 0700) if
/// needed.
///
/// # Errors
/// A failure for any I/O error; the old file, if any, is then left as it was.
pub(crate) fn save(path: &Path, file: &DeviceFile) -> Result<(), CliError> {
    let json = Zeroizing::new(
        serde_json::to_vec_pretty(file)
            .map_err(|e| CliError::failure(format!("cannot encode the device file: {e}")))?,
    );
    private_file::write_atomic(path, &json, "device file")
}

/// An advisory lock on `FILE.lock` next to the device file (a separate file, because the
/// device file itself is replaced by a rename); released on drop. The lock file stays: it
/// is empty and mode 0600, and deleting it would let two commands lock different files.
#[derive(Debug)]
pub(crate) struct Lock {
    _file: fs::File,
}

/// Takes the device file's lock, waiting up to two minutes for another command that holds
/// it (a login waiting for its MFA code, say); creates the directory if needed.
///
/// # Errors
/// A failure when the lock file cannot be created or the lock is still held after the wait.
pub(crate) fn lock(path: &Path) -> Result<Lock, CliError> {
    lock_within(path, LOCK_WAIT)
}

fn lock_within(path: &Path, wait: Duration) -> Result<Lock, CliError> {
    let lock_path = lock_path(path)?;
    let fail = |e: std::io::Error| {
        CliError::failure(format!(
            "cannot lock device file {} ({}): {e}",
            path.display(),
            lock_path.display()
        ))
    };
    private_file::create_private_dir(&private_file::parent_dir(path)).map_err(fail)?;
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&lock_path).map_err(fail)?;
    let deadline = Instant::now() + wait;
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => return Err(fail(e)),
        }
        if Instant::now() >= deadline {
            return Err(CliError::failure(format!(
                "device file {} is still in use by another cognito-srp after {} s",
                path.display(),
                wait.as_secs()
            ))
            .with_hint(format!(
                "let the other command finish; if none runs, check what holds {}",
                lock_path.display()
            )));
        }
        if !told {
            output::error_line(&format!("waiting for another cognito-srp using {}", path.display()));
            told = true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `FILE.lock` next to `FILE`.
fn lock_path(path: &Path) -> Result<PathBuf, CliError> {
    let name = path
        .file_name()
        .ok_or_else(|| CliError::usage(format!("device file {} has no file name", path.display())))?;
    let mut lock_name = name.to_os_string();
    lock_name.push(".lock");
    Ok(private_file::parent_dir(path).join(lock_name))
}

/// Deletes the device file; a missing file is fine.
///
/// # Errors
/// A failure for any other I/O error.
pub(crate) fn remove(path: &Path) -> Result<(), CliError> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(CliError::failure(format!("cannot delete device file {}: {e}", path.display()))),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn sample(key: &str) -> DeviceFile {
        DeviceFile {
            pool_id: "us-east-1_Example".into(),
            login: "alice@example.com".into(),
            username: "alice".into(),
            device: DeviceCredentials::new(key, "-group", "device-password"),
        }
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.json");
        assert_eq!(load(&path).unwrap(), None);
        save(&path, &sample("us-east-1_one")).unwrap();
        assert_eq!(load(&path).unwrap(), Some(sample("us-east-1_one")));
        save(&path, &sample("us-east-1_two")).unwrap();
        assert_eq!(load(&path).unwrap(), Some(sample("us-east-1_two")));
        // Only the file itself: no temporary file is left behind.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("device.json")]);
    }

    #[test]
    fn file_format_is_stable_json() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.json");
        save(&path, &sample("us-east-1_k")).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        assert_eq!(value["pool_id"], "us-east-1_Example");
        assert_eq!(value["username"], "alice");
        assert_eq!(value["device_key"], "us-east-1_k");
        assert_eq!(value["device_group_key"], "-group");
        assert_eq!(value["device_password"], "device-password");
    }

    #[cfg(unix)]
    #[test]
    fn mode_is_0600_even_over_a_world_readable_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.json");
        fs::write(&path, b"").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        save(&path, &sample("us-east-1_k")).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn missing_directories_are_created_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config").join("cognito-srp").join("device.json");
        save(&path, &sample("us-east-1_k")).unwrap();
        let parent = path.parent().unwrap();
        assert_eq!(fs::metadata(parent).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(load(&path).unwrap(), Some(sample("us-east-1_k")));
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.json");
        save(&path, &sample("us-east-1_old")).unwrap();
        // A directory where the file should be renamed to makes the rename fail.
        let blocked = dir.path().join("blocked");
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("x"), b"x").unwrap();
        assert!(save(&blocked, &sample("us-east-1_new")).is_err());
        assert_eq!(load(&path).unwrap(), Some(sample("us-east-1_old")));
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn garbage_is_an_error_with_a_hint_and_empty_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.json");
        fs::write(&path, b"{not json").unwrap();
        let err = load(&path).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::EXIT_FAILURE);
        fs::write(&path, b"\n").unwrap();
        assert_eq!(load(&path).unwrap(), None);
        remove(&path).unwrap();
        remove(&path).unwrap();
        assert!(!path.exists());
    }

    #[test]
    fn a_second_holder_waits_for_the_lock_and_gets_it_once_released() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.json");
        let first = lock(&path).unwrap();
        let err = lock_within(&path, Duration::from_millis(200)).unwrap_err();
        assert!(err.message().contains("still in use"), "{err:?}");
        drop(first);
        let _second = lock_within(&path, Duration::from_millis(200)).unwrap();
        assert!(dir.path().join("device.json.lock").exists());
    }

    #[cfg(unix)]
    #[test]
    fn the_lock_file_is_private_and_its_directory_is_created() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new").join("device.json");
        let _lock = lock(&path).unwrap();
        let lock_file = dir.path().join("new").join("device.json.lock");
        assert_eq!(fs::metadata(&lock_file).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::metadata(lock_file.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_file_others_may_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.json");
        save(&path, &sample("us-east-1_k")).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let err = load(&path).unwrap_err();
        assert!(err.hint().is_some_and(|h| h.contains("chmod 600")), "{err:?}");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(load(&path).unwrap(), Some(sample("us-east-1_k")));
    }

    #[test]
    fn a_device_file_over_64_kib_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.json");
        save(&path, &sample(&"k".repeat(MAX_SIZE))).unwrap();
        let err = load(&path).unwrap_err();
        assert!(err.message().contains("larger than 65536 bytes"), "{err:?}");
    }

    #[test]
    fn debug_redacts_the_device_password() {
        assert!(!format!("{:?}", sample("k")).contains("device-password"));
    }
}
