//! Values that may be secret: [`SecretString`] and the string maps [`Parameters`].

use alloc::borrow::ToOwned;
use alloc::collections::BTreeMap;
use alloc::string::String;
use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::vocab::param;

/// A string that is zeroized on drop and shown as `<redacted>` in `Debug`.
///
/// Serde writes and reads it as a plain string (it goes on the wire).
///
/// ```
/// use cognito_srp_proto::SecretString;
/// let token = SecretString::from("eyJraWQiOi...");
/// assert_eq!(format!("{token:?}"), "<redacted>");
/// assert_eq!(token.expose_secret(), "eyJraWQiOi...");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps `value`.
    #[must_use]
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The secret itself.
    #[must_use]
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Whether it is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Serialize for SecretString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

/// `AuthParameters`, `ChallengeParameters` and `ChallengeResponses`: a string map whose
/// values are zeroized when replaced or dropped, and shown in `Debug` only for the keys in
/// [`param::PUBLIC`].
///
/// Reading is lenient as the services are: a `null` value is dropped and a number or a list
/// (moto sends `MFAS_CAN_CHOOSE` as a list) is kept as its JSON text.
///
/// ```
/// use cognito_srp_proto::{Parameters, param};
/// let p = Parameters::new().with(param::USERNAME, "alice").with(param::PASSWORD, "hunter2");
/// assert_eq!(p.get(param::USERNAME), Some("alice"));
/// let shown = format!("{p:?}");
/// assert!(shown.contains("alice") && !shown.contains("hunter2"));
/// let read: Parameters = serde_json::from_str(r#"{"A":"x","B":null,"C":["SMS_MFA"]}"#)?;
/// assert_eq!((read.get("A"), read.get("B"), read.get("C")), (Some("x"), None, Some(r#"["SMS_MFA"]"#)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Parameters(BTreeMap<String, String>);

impl Parameters {
    /// An empty map.
    #[must_use]
    pub fn new() -> Self {
        Self(BTreeMap::new())
    }

    /// With `key` set to `value`.
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(key, value);
        self
    }

    /// Sets `key` (the old value, if any, is zeroized).
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        if let Some(mut old) = self.0.insert(key.into(), value.into()) {
            old.zeroize();
        }
    }

    /// Sets `key` when `value` is `Some`.
    pub fn insert_opt(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.insert(key, value);
        }
    }

    /// The value of `key`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// The value of `key` unless it is missing or empty.
    #[must_use]
    pub fn get_nonempty(&self, key: &str) -> Option<&str> {
        self.get(key).filter(|v| !v.is_empty())
    }

    /// Whether there are no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl<'de> Deserialize<'de> for Parameters {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Option::<BTreeMap<String, serde_json::Value>>::deserialize(deserializer)?;
        Ok(raw
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(key, value)| match value {
                serde_json::Value::String(s) => Some((key, s)),
                serde_json::Value::Null => None,
                other => Some((key, serde_json::to_string(&other).unwrap_or_default())),
            })
            .collect())
    }
}

impl Drop for Parameters {
    fn drop(&mut self) {
        for value in self.0.values_mut() {
            value.zeroize();
        }
    }
}

impl fmt::Debug for Parameters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in &self.0 {
            if param::is_public(key) {
                map.entry(key, value);
            } else {
                map.entry(key, &format_args!("<redacted>"));
            }
        }
        map.finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Parameters {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut out = Self::new();
        for (key, value) in iter {
            out.insert(key, value);
        }
        out
    }
}
