//! A string that is zeroized on drop and never printed.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A secret string: passwords, tokens, device passwords, client secrets, TOTP seeds.
///
/// The text is wiped from memory when the value is dropped, `Debug` prints `"<redacted>"`,
/// and the only way to read it is [`SecretString::expose_secret`], so a secret never reaches
/// a log by accident. Serde reads and writes it as a plain JSON string.
///
/// ```
/// use cognito_srp_http::SecretString;
/// let s = SecretString::from("hunter2");
/// assert_eq!(format!("{s:?}"), "<redacted>");
/// assert_eq!(s.expose_secret(), "hunter2");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a string.
    ///
    /// ```
    /// use cognito_srp_http::SecretString;
    /// let token = SecretString::new(String::from("fake-refresh-token"));
    /// assert_eq!(token, SecretString::from("fake-refresh-token"));
    /// assert_eq!(format!("{token:?}"), "<redacted>");
    /// ```
    #[must_use]
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The secret text. Keep the borrow short and never log it.
    ///
    /// Serde reads and writes the same text:
    /// ```
    /// use cognito_srp_http::SecretString;
    /// let code: SecretString = serde_json::from_str(r#""123456""#).unwrap();
    /// assert_eq!(code.expose_secret(), "123456");
    /// assert_eq!(serde_json::to_string(&code).unwrap(), r#""123456""#);
    /// ```
    #[must_use]
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// `true` when the text is empty.
    ///
    /// ```
    /// use cognito_srp_http::SecretString;
    /// assert!(SecretString::default().is_empty());
    /// assert!(!SecretString::from("fake-secret").is_empty());
    /// ```
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
