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
    ///
    /// ```
    /// use cognito_srp_http::Parameters;
    /// let params = Parameters::new();
    /// assert!(params.is_empty());
    /// assert_eq!(serde_json::to_string(&params).unwrap(), "{}");
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self(BTreeMap::new())
    }

    /// Adds a key (builder style).
    ///
    /// On the wire the map is a JSON object with its keys in order:
    /// ```
    /// use cognito_srp_http::Parameters;
    /// let params = Parameters::new().with("USERNAME", "alice").with("PASSWORD", "not-a-real-password");
    /// assert_eq!(
    ///     serde_json::to_string(&params).unwrap(),
    ///     r#"{"PASSWORD":"not-a-real-password","USERNAME":"alice"}"#
    /// );
    /// ```
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(key, value);
        self
    }

    /// Adds or replaces a key; the old value is zeroized.
    ///
    /// ```
    /// use cognito_srp_http::Parameters;
    /// let mut params = Parameters::new();
    /// params.insert("ANSWER", "first");
    /// params.insert("ANSWER", "second");
    /// assert_eq!(params.get("ANSWER"), Some("second"));
    /// assert_eq!(params.len(), 1);
    /// ```
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        if let Some(mut old) = self.0.insert(key.into(), value.into()) {
            old.zeroize();
        }
    }

    /// Adds a key when `value` is `Some`.
    ///
    /// ```
    /// use cognito_srp_http::Parameters;
    /// let mut params = Parameters::new().with("USERNAME", "alice");
    /// params.insert_opt("SECRET_HASH", None); // a public app client: no secret hash
    /// params.insert_opt("DEVICE_KEY", Some("eu-west-1_0f4c1d2e-fake"));
    /// assert_eq!(params.get("SECRET_HASH"), None);
    /// assert_eq!(params.get("DEVICE_KEY"), Some("eu-west-1_0f4c1d2e-fake"));
    /// assert_eq!(params.len(), 2);
    /// ```
    pub fn insert_opt(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.insert(key, v);
        }
    }

    /// The value of a key.
    ///
    /// A value that arrived as JSON other than a string is kept as its JSON text, and a `null`
    /// is left out:
    /// ```
    /// use cognito_srp_http::Parameters;
    /// let params: Parameters = serde_json::from_str(
    ///     r#"{"USERNAME":"alice","MFAS_CAN_SETUP":["SOFTWARE_TOKEN_MFA"],"SALT":null}"#,
    /// ).unwrap();
    /// assert_eq!(params.get("USERNAME"), Some("alice"));
    /// assert_eq!(params.get("MFAS_CAN_SETUP"), Some(r#"["SOFTWARE_TOKEN_MFA"]"#));
    /// assert_eq!(params.get("SALT"), None);
    /// ```
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// `true` when there is no key.
    ///
    /// ```
    /// use cognito_srp_http::Parameters;
    /// // Cognito sends `"ChallengeParameters": {}` with tokens, and may send `null`.
    /// let params: Parameters = serde_json::from_str("null").unwrap();
    /// assert!(params.is_empty());
    /// assert!(!Parameters::new().with("USERNAME", "alice").is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of keys.
    ///
    /// ```
    /// use cognito_srp_http::Parameters;
    /// let params: Parameters = [("USERNAME", "alice"), ("SRP_A", "0a1b"), ("USERNAME", "bob")]
    ///     .into_iter()
    ///     .collect();
    /// assert_eq!(params.len(), 2); // the second USERNAME replaced the first
    /// assert_eq!(params.get("USERNAME"), Some("bob"));
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The entries, in key order.
    ///
    /// ```
    /// use cognito_srp_http::Parameters;
    /// let params = Parameters::new().with("USERNAME", "alice").with("DEVICE_KEY", "eu-west-1_fake");
    /// let keys: Vec<&str> = params.iter().map(|(key, _)| key).collect();
    /// assert_eq!(keys, ["DEVICE_KEY", "USERNAME"]);
    /// ```
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
