//! AWS credentials for the admin operations, from the standard places in the standard order
//! (as the AWS CLI and SDKs look for them):
//!
//! 1. `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and (temporary keys) `AWS_SESSION_TOKEN`;
//! 2. the profile `AWS_PROFILE` (else `AWS_DEFAULT_PROFILE`, else `default`) of the shared
//!    credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`, sections
//!    `[name]`), then of the config file (`AWS_CONFIG_FILE`, else `~/.aws/config`, sections
//!    `[profile name]` and `[default]`).
//!
//! Files are read up to [`MAX_FILE_BYTES`]; every problem is a [`CredentialsError`] naming
//! the file, the line or the profile. Profiles that get their keys from SSO, a role or a
//! process are reported as [`CredentialsError::Unsupported`] (export the keys instead, e.g.
//! with `aws configure export-credentials --format env`). The parsing is pure
//! ([`parse_profiles`], [`resolve`]) and tested without a home directory.
//!
//! ```
//! use cognito_srp_http::credentials::{resolve, CredentialsError};
//! let files = |path: &std::path::Path| -> Result<Option<String>, CredentialsError> {
//!     Ok((path == std::path::Path::new("/home/me/.aws/credentials"))
//!         .then(|| "[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = s3cr3t\n".to_owned()))
//! };
//! let env = |name: &str| match name {
//!     "HOME" => Some("/home/me".to_owned()),
//!     "AWS_PROFILE" => Some("work".to_owned()),
//!     _ => None,
//! };
//! let credentials = resolve(env, files)?;
//! assert_eq!(credentials.access_key_id(), "AKIDWORK");
//! assert_eq!(credentials.secret_access_key().expose_secret(), "s3cr3t");
//! # Ok::<(), CredentialsError>(())
//! ```

use alloc::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

pub use cognito_srp_proto::sigv4::AwsCredentials;
use zeroize::Zeroizing;

/// The largest shared credentials or config file read.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

const ACCESS_KEY: &str = "aws_access_key_id";
const SECRET_KEY: &str = "aws_secret_access_key";
const SESSION_TOKEN: &str = "aws_session_token";
/// Settings that make a profile get its keys some other way.
const INDIRECT: [&str; 6] = [
    "credential_process",
    "role_arn",
    "sso_session",
    "sso_start_url",
    "web_identity_token_file",
    "credential_source",
];

/// Why no credentials could be had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// A line of a shared file is not `[section]`, `name = value`, a comment or blank.
    #[error("{file}:{line}: {reason}")]
    Syntax {
        /// The file.
        file: String,
        /// The line (from 1).
        line: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// The access key id without the secret, or the other way round.
    #[error("{source_name}: {profile} has {present} but no {missing}")]
    Incomplete {
        /// The file, or `environment`.
        source_name: String,
        /// `profile "name"`, or `AWS_ACCESS_KEY_ID` and co.
        profile: String,
        /// The setting that is there.
        present: &'static str,
        /// The setting that is missing.
        missing: &'static str,
    },
    /// A file larger than [`MAX_FILE_BYTES`].
    #[error("{file} is larger than {limit} bytes")]
    TooLarge {
        /// The file.
        file: String,
        /// The limit.
        limit: u64,
    },
    /// A file could not be read.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The error.
        source: std::io::Error,
    },
    /// The profile gets its keys from SSO, a role or a process, which this crate does not run.
    #[error(
        "profile {profile:?} in {file} gets its credentials through {setting}, which this crate does not \
         run; export AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN instead (for example \
         with `aws configure export-credentials --format env`)"
    )]
    Unsupported {
        /// The profile.
        profile: String,
        /// The file.
        file: String,
        /// The setting, e.g. `role_arn`.
        setting: String,
    },
    /// Nothing anywhere.
    #[error(
        "no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set and profile {profile:?} \
         has no keys in {looked}"
    )]
    NotFound {
        /// The profile looked for.
        profile: String,
        /// The files looked in.
        looked: String,
    },
}

/// One profile's settings (names lowercased); values zeroized on drop.
pub type Profile = BTreeMap<String, Zeroizing<String>>;

/// Parses a shared credentials file (`config == false`: sections `[name]`) or config file
/// (`config == true`: sections `[profile name]` and `[default]`; others such as
/// `[sso-session x]` are skipped) into profiles by name. `file` names the file in errors.
/// Indented lines under a setting with an empty value (nested settings such as `s3 =`) are
/// skipped; `#` and `;` start comment lines.
///
/// # Errors
/// [`CredentialsError::Syntax`] naming the line.
///
/// ```
/// use cognito_srp_http::credentials::parse_profiles;
/// let text = "[default]\nregion = eu-west-1\n[profile admin]\naws_access_key_id = AKID\n";
/// let profiles = parse_profiles(text, "config", true)?;
/// assert_eq!(profiles["admin"]["aws_access_key_id"].as_str(), "AKID");
/// assert!(parse_profiles("[default\n", "config", true).is_err());
/// # Ok::<(), cognito_srp_http::credentials::CredentialsError>(())
/// ```
pub fn parse_profiles(
    text: &str,
    file: &str,
    config: bool,
) -> Result<BTreeMap<String, Profile>, CredentialsError> {
    let mut profiles: BTreeMap<String, Profile> = BTreeMap::new();
    // The section being read: Some(name) for a profile, None for a skipped section.
    let mut current: Option<Option<String>> = None;
    let mut nested = false;
    for (index, raw) in text.lines().enumerate() {
        let line = index.saturating_add(1);
        let syntax = |reason| CredentialsError::Syntax { file: file.to_owned(), line, reason };
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if raw.starts_with([' ', '\t']) && nested {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let name =
                rest.strip_suffix(']').ok_or_else(|| syntax("a section header without its closing `]`"))?;
            let name = name.trim();
            if name.is_empty() {
                return Err(syntax("an empty section name"));
            }
            let profile = if !config || name == "default" {
                Some(name.to_owned())
            } else {
                // `[profile name]` (a space or a tab after the word).
                name.strip_prefix("profile ")
                    .or_else(|| name.strip_prefix("profile\t"))
                    .map(|r| r.trim().to_owned())
            };
            if let Some(profile) = &profile {
                profiles.entry(profile.clone()).or_default();
            }
            current = Some(profile);
            nested = false;
            continue;
        }
        let (name, value) =
            trimmed.split_once('=').ok_or_else(|| syntax("expected `name = value` or `[section]`"))?;
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() {
            return Err(syntax("a setting without a name"));
        }
        let value = value.trim();
        nested = value.is_empty();
        match &current {
            None => return Err(syntax("a setting before any [section]")),
            Some(None) => {}
            Some(Some(profile)) => {
                if let Some(settings) = profiles.get_mut(profile) {
                    settings.insert(name, Zeroizing::new(value.to_owned()));
                }
            }
        }
    }
    Ok(profiles)
}

fn keys_of(
    profile: &Profile,
    source_name: &str,
    name: &str,
) -> Result<Option<AwsCredentials>, CredentialsError> {
    let get = |key: &str| profile.get(key).map(|v| v.as_str()).filter(|v| !v.is_empty());
    let incomplete = |present, missing| CredentialsError::Incomplete {
        source_name: source_name.to_owned(),
        profile: format!("profile {name:?}"),
        present,
        missing,
    };
    match (get(ACCESS_KEY), get(SECRET_KEY)) {
        (Some(id), Some(secret)) => {
            let credentials = AwsCredentials::new(id, secret);
            Ok(Some(match get(SESSION_TOKEN) {
                Some(token) => credentials.with_session_token(token),
                None => credentials,
            }))
        }
        (Some(_), None) => Err(incomplete(ACCESS_KEY, SECRET_KEY)),
        (None, Some(_)) => Err(incomplete(SECRET_KEY, ACCESS_KEY)),
        (None, None) => Ok(None),
    }
}

/// Credentials from `env` (a variable's value) and `read` (a file's text, `Ok(None)` when it
/// does not exist), in the order of the [module](self) documentation. `HOME` (else
/// `USERPROFILE`) locates `~/.aws`.
///
/// # Errors
/// A [`CredentialsError`] naming the variable, file, line or profile at fault, or
/// [`CredentialsError::NotFound`].
pub fn resolve(
    env: impl Fn(&str) -> Option<String>,
    read: impl Fn(&Path) -> Result<Option<String>, CredentialsError>,
) -> Result<AwsCredentials, CredentialsError> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    let environment = "environment";
    match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => {
            let secret = Zeroizing::new(secret);
            let credentials = AwsCredentials::new(id, secret.as_str());
            return Ok(match var("AWS_SESSION_TOKEN").map(Zeroizing::new) {
                Some(token) => credentials.with_session_token(token.as_str()),
                None => credentials,
            });
        }
        (Some(_), None) => {
            return Err(CredentialsError::Incomplete {
                source_name: environment.to_owned(),
                profile: "the variables".to_owned(),
                present: "AWS_ACCESS_KEY_ID",
                missing: "AWS_SECRET_ACCESS_KEY",
            });
        }
        (None, Some(_)) => {
            return Err(CredentialsError::Incomplete {
                source_name: environment.to_owned(),
                profile: "the variables".to_owned(),
                present: "AWS_SECRET_ACCESS_KEY",
                missing: "AWS_ACCESS_KEY_ID",
            });
        }
        (None, None) => {}
    }
    let profile =
        var("AWS_PROFILE").or_else(|| var("AWS_DEFAULT_PROFILE")).unwrap_or_else(|| "default".to_owned());
    let home = var("HOME").or_else(|| var("USERPROFILE")).map(PathBuf::from);
    let in_home = |file: &str| home.as_ref().map(|h| h.join(".aws").join(file));
    let files = [
        (var("AWS_SHARED_CREDENTIALS_FILE").map(PathBuf::from).or_else(|| in_home("credentials")), false),
        (var("AWS_CONFIG_FILE").map(PathBuf::from).or_else(|| in_home("config")), true),
    ];
    let mut looked = Vec::new();
    for (path, config) in files.into_iter().filter_map(|(path, config)| path.map(|p| (p, config))) {
        let shown = path.display().to_string();
        looked.push(shown.clone());
        let Some(text) = read(&path)? else { continue };
        let text = Zeroizing::new(text);
        let profiles = parse_profiles(&text, &shown, config)?;
        let Some(settings) = profiles.get(&profile) else { continue };
        if let Some(credentials) = keys_of(settings, &shown, &profile)? {
            return Ok(credentials);
        }
        if let Some(setting) = INDIRECT.iter().find(|s| settings.contains_key(**s)) {
            return Err(CredentialsError::Unsupported {
                profile,
                file: shown,
                setting: (*setting).to_owned(),
            });
        }
    }
    let looked =
        if looked.is_empty() { "no file (HOME is not set)".to_owned() } else { looked.join(" and ") };
    Err(CredentialsError::NotFound { profile, looked })
}

/// Reads a shared file: `Ok(None)` when it does not exist, at most [`MAX_FILE_BYTES`].
///
/// # Errors
/// [`CredentialsError::TooLarge`] or [`CredentialsError::Io`].
pub fn read_shared_file(path: &Path) -> Result<Option<String>, CredentialsError> {
    let io = |source| CredentialsError::Io { file: path.display().to_string(), source };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(io(err)),
    };
    let mut text = String::new();
    file.take(MAX_FILE_BYTES.saturating_add(1)).read_to_string(&mut text).map_err(io)?;
    if u64::try_from(text.len()).map_or(true, |n| n > MAX_FILE_BYTES) {
        return Err(CredentialsError::TooLarge { file: path.display().to_string(), limit: MAX_FILE_BYTES });
    }
    Ok(Some(text))
}

/// Credentials from this process's environment and the shared files ([`resolve`] over
/// `std::env` and [`read_shared_file`]).
///
/// # Errors
/// See [`resolve`].
pub fn from_environment() -> Result<AwsCredentials, CredentialsError> {
    resolve(|name| std::env::var(name).ok(), read_shared_file)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> =
            vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn files_of(files: &[(&str, &str)]) -> impl Fn(&Path) -> Result<Option<String>, CredentialsError> {
        let files: Vec<(PathBuf, String)> =
            files.iter().map(|(p, t)| (PathBuf::from(p), (*t).to_owned())).collect();
        move |path| Ok(files.iter().find(|(p, _)| p == path).map(|(_, t)| t.clone()))
    }

    const CREDENTIALS: &str = "\
# keys
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secret-default

[temp]
aws_access_key_id=AKIDTEMP
aws_secret_access_key=secret-temp
aws_session_token = token-temp
";
    const CONFIG: &str = "\
[default]
region = eu-west-1
s3 =
  max_concurrent_requests = 10
[profile cfg]
aws_access_key_id = AKIDCFG
aws_secret_access_key = secret-cfg
[profile sso]
sso_session = corp
[sso-session corp]
sso_region = eu-west-1
[cfg]
aws_access_key_id = NOT-A-PROFILE-IN-CONFIG
";

    fn home_files() -> impl Fn(&Path) -> Result<Option<String>, CredentialsError> {
        files_of(&[("/h/.aws/credentials", CREDENTIALS), ("/h/.aws/config", CONFIG)])
    }

    #[test]
    fn the_environment_comes_first() {
        let env = env_of(&[
            ("HOME", "/h"),
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "secret-env"),
            ("AWS_SESSION_TOKEN", "token-env"),
        ]);
        let c = resolve(env, home_files()).unwrap();
        assert_eq!(c.access_key_id(), "AKIDENV");
        assert_eq!(c.session_token().unwrap().expose_secret(), "token-env");
        let half = env_of(&[("HOME", "/h"), ("AWS_ACCESS_KEY_ID", "AKIDENV")]);
        let err = resolve(half, home_files()).unwrap_err();
        assert!(err.to_string().contains("AWS_SECRET_ACCESS_KEY"), "{err}");
    }

    #[test]
    fn profiles_from_the_credentials_file_then_the_config_file() {
        let c = resolve(env_of(&[("HOME", "/h")]), home_files()).unwrap();
        assert_eq!(
            (c.access_key_id(), c.secret_access_key().expose_secret()),
            ("AKIDDEFAULT", "secret-default")
        );
        let c = resolve(env_of(&[("HOME", "/h"), ("AWS_PROFILE", "temp")]), home_files()).unwrap();
        assert_eq!(c.session_token().unwrap().expose_secret(), "token-temp");
        let c = resolve(env_of(&[("HOME", "/h"), ("AWS_PROFILE", "cfg")]), home_files()).unwrap();
        assert_eq!(c.access_key_id(), "AKIDCFG");
        let c = resolve(env_of(&[("HOME", "/h"), ("AWS_DEFAULT_PROFILE", "temp")]), home_files()).unwrap();
        assert_eq!(c.access_key_id(), "AKIDTEMP");
        // The variables naming the files win over HOME.
        let env = env_of(&[("HOME", "/h"), ("AWS_SHARED_CREDENTIALS_FILE", "/elsewhere/creds")]);
        let files =
            files_of(&[("/elsewhere/creds", "[default]\naws_access_key_id=A2\naws_secret_access_key=S2\n")]);
        assert_eq!(resolve(env, files).unwrap().access_key_id(), "A2");
    }

    #[test]
    fn failures_name_the_file_line_and_profile() {
        let err = resolve(env_of(&[("HOME", "/h"), ("AWS_PROFILE", "nobody")]), home_files()).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, CredentialsError::NotFound { .. }), "{text}");
        assert!(
            text.contains("\"nobody\"")
                && text.contains("/h/.aws/credentials")
                && text.contains("/h/.aws/config")
        );
        let err = resolve(env_of(&[("HOME", "/h"), ("AWS_PROFILE", "sso")]), home_files()).unwrap_err();
        assert!(
            matches!(&err, CredentialsError::Unsupported { setting, .. } if setting == "sso_session"),
            "{err}"
        );
        let broken =
            files_of(&[("/h/.aws/credentials", "[default]\naws_access_key_id = A\nthis is not a setting\n")]);
        let err = resolve(env_of(&[("HOME", "/h")]), broken).unwrap_err();
        assert_eq!(err.to_string(), "/h/.aws/credentials:3: expected `name = value` or `[section]`");
        let half = files_of(&[("/h/.aws/credentials", "[default]\naws_access_key_id = A\n")]);
        let err = resolve(env_of(&[("HOME", "/h")]), half).unwrap_err();
        assert_eq!(
            err.to_string(),
            "/h/.aws/credentials: profile \"default\" has aws_access_key_id but no aws_secret_access_key"
        );
        let err = parse_profiles("key = value\n", "f", false).unwrap_err();
        assert_eq!(err.to_string(), "f:1: a setting before any [section]");
        let err = resolve(env_of(&[]), files_of(&[])).unwrap_err();
        assert!(err.to_string().contains("HOME is not set"), "{err}");
    }

    #[test]
    fn large_files_are_refused_and_missing_ones_skipped() {
        let dir = std::env::temp_dir().join(format!("cognito-srp-creds-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big");
        std::fs::write(&big, vec![b'#'; usize::try_from(MAX_FILE_BYTES).unwrap() + 1]).unwrap();
        assert!(matches!(read_shared_file(&big), Err(CredentialsError::TooLarge { .. })));
        assert!(read_shared_file(&dir.join("absent")).unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
