//! `AuthParameters`, `ChallengeResponses` and `ChallengeParameters`: string maps that may hold
//! secrets.

use alloc::collections::BTreeMap;
use core::fmt;

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

/// Keys whose values are public and may be printed by `Debug`; every other value is redacted.
const PUBLIC_KEYS: &[&str] = &[
    "USERNAME",
    "USER_ID_FOR_SRP",
    "CHALLENGE_NAME",
    "DEVICE_KEY",
    "SRP_A",
    "SRP_B",
    "SALT",
    "CODE_DELIVERY_DESTINATION",
    "CODE_DELIVERY_DELIVERY_MEDIUM",
    "MFAS_CAN_CHOOSE",
    "MFAS_CAN_SETUP",
    "ANSWER_NAME",
    "requiredAttributes",
];

/// A string-to-string map as Cognito sends and receives it (`AuthParameters`,
/// `ChallengeResponses`, `ChallengeParameters`, `ClientMetadata`).
///
/// It may carry secrets (`PASSWORD`, `REFRESH_TOKEN`, `SECRET_HASH`, MFA codes), so `Debug`
/// prints only the values of well-known public keys such as `USERNAME` and `SRP_B`, and every
/// value is zeroized on drop.
///
/// ```
/// use cognito_srp_http::Parameters;
/// let p = Parameters::new().with("USERNAME", "alice").with("PASSWORD", "hunter2");
/// assert_eq!(p.get("USERNAME"), Some("alice"));
/// assert!(!format!("{p:?}").contains("hunter2"));
/// ```
///
/// Values that arrive as JSON other than strings (moto sends `MFAS_CAN_SETUP` as an array)
/// are kept as their JSON text, which is how Cognito itself sends them.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Parameters(BTreeMap<String, String>);

impl<'de> Deserialize<'de> for Parameters {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Option::<BTreeMap<String, serde_json::Value>>::deserialize(deserializer)?;
        Ok(raw
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, v)| match v {
                serde_json::Value::String(s) => Some((k, s)),
                serde_json::Value::Null => None,
                other => Some((k, other.to_string())),
            })
            .collect())
    }
}

impl Parameters {
    /// An empty map.
    #[must_use]
    pub fn new() -> Self {
        Self(BTreeMap::new())
    }

    /// Adds a key (builder style).
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(key, value);
        self
    }

    /// Adds or replaces a key; the old value is zeroized.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        if let Some(mut old) = self.0.insert(key.into(), value.into()) {
            old.zeroize();
        }
    }

    /// Adds a key when `value` is `Some`.
    pub fn insert_opt(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.insert(key, v);
        }
    }

    /// The value of a key.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// `true` when there is no key.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The entries, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
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
            if PUBLIC_KEYS.contains(&key.as_str()) {
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
        for (k, v) in iter {
            out.insert(k, v);
        }
        out
    }
}
