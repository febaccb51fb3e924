//! A session in a file: written with mode 0600 to a temporary file in the same directory and
//! renamed over the old one (a crash leaves the old file or the new one, never half of
//! one); read with a size limit, and refused when other users may read it.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::{StoreError, StoredSession, TokenStore};

/// The largest session file read (a session is a few KiB of tokens).
const MAX_BYTES: usize = 64 * 1024;

/// A [`TokenStore`] in one file (native builds only: a browser has no file system).
///
/// ```
/// use cognito_srp_http::provider::{FileStore, StoredSession, TokenStore};
/// let dir = std::env::temp_dir().join(format!("filestore-doc-{}", std::process::id()));
/// let store = FileStore::new(dir.join("session.json"));
/// assert!(store.load()?.is_none());
/// # std::fs::remove_dir_all(&dir).ok();
/// # Ok::<(), cognito_srp_http::provider::StoreError>(())
/// ```
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
}

impl FileStore {
    /// A store at `path` (its directory is created with mode 0700 on the first save).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn shown(&self) -> String {
        self.path.display().to_string()
    }

    fn io(&self, what: &'static str) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
        move |source| StoreError::Io { what, path: self.shown(), source }
    }
}

impl TokenStore for FileStore {
    fn load(&self) -> Result<Option<StoredSession>, StoreError> {
        let file = match fs::File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io("opening")(e)),
        };
        check_private(&file, self)?;
        let mut bytes = Zeroizing::new(Vec::new());
        let limit = u64::try_from(MAX_BYTES).unwrap_or(u64::MAX).saturating_add(1);
        file.take(limit).read_to_end(&mut bytes).map_err(self.io("reading"))?;
        if bytes.len() > MAX_BYTES {
            return Err(StoreError::TooLarge { path: self.shown(), limit: MAX_BYTES });
        }
        serde_json::from_slice(&bytes).map(Some).map_err(|e| StoreError::Invalid(e.to_string()))
    }

    fn save(&self, session: &StoredSession) -> Result<(), StoreError> {
        let bytes =
            Zeroizing::new(serde_json::to_vec(session).map_err(|e| StoreError::Invalid(e.to_string()))?);
        let dir = match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        create_private_dir(&dir).map_err(self.io("creating the directory of"))?;
        let mut random = [0u8; 8];
        getrandom::fill(&mut random)
            .map_err(|e| self.io("naming a temporary file for")(std::io::Error::other(e)))?;
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = dir.join(format!(".{name}.{:016x}.tmp", u64::from_le_bytes(random)));
        let written = write_private(&temp, &bytes).and_then(|()| fs::rename(&temp, &self.path));
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written.map_err(self.io("writing"))
    }

    fn clear(&self) -> Result<(), StoreError> {
        match fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(self.io("removing")(e)),
            _ => Ok(()),
        }
    }
}

/// Creates `path` (never an existing file) with mode 0600 and writes `bytes`, synced.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
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

#[cfg(unix)]
fn check_private(file: &fs::File, store: &FileStore) -> Result<(), StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file.metadata().map_err(store.io("reading the permissions of"))?.permissions().mode();
    if mode & 0o077 != 0 {
        return Err(StoreError::NotPrivate { path: store.shown(), mode: mode & 0o7777 });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_file: &fs::File, _store: &FileStore) -> Result<(), StoreError> {
    Ok(())
}
