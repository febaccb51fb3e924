//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`), sans-IO: the canonical request, the string
//! to sign, the derived signing key and the `Authorization` header, for the client that signs
//! Cognito's IAM-authorised operations (`Admin*` and the set-up operations) and for the
//! emulator that checks them.
//!
//! Checked against AWS's published Signature Version 4 test suite (see
//! `tests/sigv4_vectors.rs`). Paths and query strings are taken as already URI-encoded (what
//! goes on the wire); the query's pairs are sorted.
//!
//! ```
//! use cognito_srp_proto::sigv4::{AwsCredentials, sign_json_request};
//! let credentials = AwsCredentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
//! let headers = sign_json_request(
//!     &credentials,
//!     "eu-west-1",
//!     1_440_938_160, // 2015-08-30T12:36:00Z
//!     "cognito-idp.eu-west-1.amazonaws.com",
//!     "AWSCognitoIdentityProviderService.AdminGetUser",
//!     br#"{"UserPoolId":"eu-west-1_X","Username":"alice"}"#,
//! );
//! assert_eq!(headers.amz_date, "20150830T123600Z");
//! assert!(headers.authorization.starts_with(
//!     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/cognito-idp/aws4_request, \
//!      SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
//! ));
//! ```

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Write as _};

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::SecretString;

/// The signing algorithm's name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The service name Cognito user pools sign with.
pub const SERVICE: &str = "cognito-idp";
/// The last element of a credential scope.
pub const TERMINATOR: &str = "aws4_request";
/// The `Content-Type` of Cognito's JSON protocol.
pub const JSON_CONTENT_TYPE: &str = "application/x-amz-json-1.1";
/// Header: the signing time, `YYYYMMDD'T'HHMMSS'Z'`.
pub const X_AMZ_DATE: &str = "x-amz-date";
/// Header: the session token of temporary credentials.
pub const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";
/// Header: the JSON protocol's operation.
pub const X_AMZ_TARGET: &str = "x-amz-target";
/// How far a request's `X-Amz-Date` may be from the receiver's clock (AWS: 5 minutes).
pub const MAX_CLOCK_SKEW_SECONDS: u64 = 300;

/// AWS access keys: the key id, the secret and, for temporary credentials, the session token.
/// The secret and the token are zeroized on drop and redacted in `Debug`.
///
/// ```
/// use cognito_srp_proto::sigv4::AwsCredentials;
/// let keys = AwsCredentials::new("AKID", "SECRETKEY").with_session_token("TOKEN");
/// let shown = format!("{keys:?}");
/// assert!(shown.contains("AKID") && !shown.contains("SECRETKEY") && !shown.contains("TOKEN"));
/// ```
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct AwsCredentials {
    access_key_id: String,
    secret_access_key: SecretString,
    session_token: Option<SecretString>,
}

impl AwsCredentials {
    /// Long-term keys.
    #[must_use]
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<SecretString>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
        }
    }

    /// Temporary keys: with the session token (sent as `X-Amz-Security-Token`, signed).
    #[must_use]
    pub fn with_session_token(mut self, token: impl Into<SecretString>) -> Self {
        self.session_token = Some(token.into());
        self
    }

    /// The access key id.
    #[must_use]
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    #[must_use]
    pub fn secret_access_key(&self) -> &SecretString {
        &self.secret_access_key
    }

    /// The session token, if any.
    #[must_use]
    pub fn session_token(&self) -> Option<&SecretString> {
        self.session_token.as_ref()
    }
}

impl fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key)
            .field("session_token", &self.session_token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// A credential scope: `date/region/service/aws4_request`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// `YYYYMMDD`.
    pub date: String,
    /// The region, e.g. `eu-west-1`.
    pub region: String,
    /// The service, e.g. [`SERVICE`].
    pub service: String,
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}/{TERMINATOR}", self.date, self.region, self.service)
    }
}

/// The key derived from the secret for one scope (`kSigning`); zeroized on drop, redacted in
/// `Debug`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SigningKey([u8; 32]);

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length: `new_from_slice` cannot fail.
    let mut out = [0u8; 32];
    if let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        mac.update(data);
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

impl SigningKey {
    /// `kSigning` = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service),
    /// "aws4_request").
    #[must_use]
    pub fn derive(secret_access_key: &str, scope: &Scope) -> Self {
        let mut seed = Zeroizing::new(String::with_capacity(secret_access_key.len().saturating_add(4)));
        seed.push_str("AWS4");
        seed.push_str(secret_access_key);
        let mut key = Zeroizing::new(hmac(seed.as_bytes(), scope.date.as_bytes()));
        for part in [scope.region.as_bytes(), scope.service.as_bytes(), TERMINATOR.as_bytes()] {
            *key = hmac(key.as_slice(), part);
        }
        Self(*key)
    }

    /// The signature of `string_to_sign`.
    #[must_use]
    pub fn sign(&self, string_to_sign: &str) -> [u8; 32] {
        hmac(&self.0, string_to_sign.as_bytes())
    }
}

/// Lowercase hex of `bytes`.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Hex SHA-256 of a payload.
#[must_use]
pub fn payload_hash(payload: &[u8]) -> String {
    hex(&Sha256::digest(payload))
}

/// `YYYYMMDD'T'HHMMSS'Z'` of a Unix time (UTC).
#[must_use]
pub fn amz_date(unix_seconds: u64) -> String {
    let days = unix_seconds / 86_400;
    let secs = unix_seconds % 86_400;
    // Days to a civil date (proleptic Gregorian), era arithmetic from 0000-03-01.
    let z = days.saturating_add(719_468);
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    let mut out = String::with_capacity(16);
    let _ = write!(
        out,
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    );
    out
}

/// Reads an `X-Amz-Date` value back to Unix seconds (`None` unless exactly
/// `YYYYMMDD'T'HHMMSS'Z'` with a valid date and time).
#[must_use]
pub fn parse_amz_date(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes.get(8) != Some(&b'T') || bytes.get(15) != Some(&b'Z') {
        return None;
    }
    let num = |range: core::ops::Range<usize>| -> Option<u64> {
        let part = text.get(range)?;
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (year, month, day) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hour, minute, second) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1970..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day == 0
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day > month_days {
        return None;
    }
    // Civil date to days since 1970-01-01.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second)
}

/// A header value as SigV4 canonicalises it: trimmed, inner runs of spaces made one space.
fn canonical_value(value: &str, out: &mut String) {
    let mut space = false;
    for c in value.trim().chars() {
        if c == ' ' || c == '\t' {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
}

/// The canonical headers block (each `name:value\n`, names lowercased and sorted, the values
/// of a repeated name joined with `,`) and the signed-headers list (`a;b;c`), over the
/// headers whose lowercase names are in `signed` (all of them when `signed` is `None`).
#[must_use]
pub fn canonical_headers(headers: &[(&str, &str)], signed: Option<&[&str]>) -> (String, String) {
    let mut picked: Vec<(String, &str)> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), *value))
        .filter(|(name, _)| signed.is_none_or(|list| list.contains(&name.as_str())))
        .collect();
    // Stable: a repeated header keeps its values in the order they came.
    picked.sort_by(|a, b| a.0.cmp(&b.0));
    let mut block = String::new();
    let mut names = String::new();
    let mut last: Option<&str> = None;
    for (name, value) in &picked {
        if last == Some(name.as_str()) {
            block.push(',');
        } else {
            if last.is_some() {
                block.push('\n');
                names.push(';');
            }
            block.push_str(name);
            block.push(':');
            names.push_str(name);
        }
        canonical_value(value, &mut block);
        last = Some(name.as_str());
    }
    if last.is_some() {
        block.push('\n');
    }
    (block, names)
}

/// The canonical query string: the `&`-separated pairs of `query` (already URI-encoded)
/// sorted by name then value, a pair without `=` getting an empty value.
#[must_use]
pub fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(&str, &str)> =
        query.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    pairs.sort_unstable();
    let mut out = String::with_capacity(query.len().saturating_add(1));
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// What a signature covers: the request as it goes on the wire.
#[derive(Clone, Copy, Debug)]
pub struct Signable<'a> {
    /// `GET`, `POST`, ...
    pub method: &'a str,
    /// The path, URI-encoded (`/` for Cognito).
    pub path: &'a str,
    /// The query string without `?`, URI-encoded (empty for Cognito).
    pub query: &'a str,
    /// The headers (any case); only those named in the signed list count.
    pub headers: &'a [(&'a str, &'a str)],
    /// The hex SHA-256 of the body ([`payload_hash`]).
    pub payload_hash: &'a str,
}

impl Signable<'_> {
    /// The canonical request and the signed-headers list, over the headers in `signed` (every
    /// header when `None`).
    #[must_use]
    pub fn canonical_request(&self, signed: Option<&[&str]>) -> (String, String) {
        let (block, names) = canonical_headers(self.headers, signed);
        let mut out = String::new();
        let _ = write!(
            out,
            "{}\n{}\n{}\n{block}\n{names}\n{}",
            self.method,
            self.path,
            canonical_query(self.query),
            self.payload_hash
        );
        (out, names)
    }
}

/// The string to sign: algorithm, time, scope and the hash of the canonical request.
#[must_use]
pub fn string_to_sign(amz_date: &str, scope: &Scope, canonical_request: &str) -> String {
    let mut out = String::new();
    let _ = write!(out, "{ALGORITHM}\n{amz_date}\n{scope}\n{}", payload_hash(canonical_request.as_bytes()));
    out
}

/// The `Authorization` header of `request`, signed over all its headers (which must include
/// `host` and `x-amz-date`, and `x-amz-security-token` for temporary keys).
#[must_use]
pub fn authorization(
    credentials: &AwsCredentials,
    scope: &Scope,
    amz_date: &str,
    request: &Signable<'_>,
) -> String {
    let (canonical, names) = request.canonical_request(None);
    let key = SigningKey::derive(credentials.secret_access_key.expose_secret(), scope);
    let signature = key.sign(&string_to_sign(amz_date, scope, &canonical));
    let mut out = String::new();
    let _ = write!(
        out,
        "{ALGORITHM} Credential={}/{scope}, SignedHeaders={names}, Signature={}",
        credentials.access_key_id,
        hex(&signature)
    );
    out
}

/// The headers to add to a Cognito JSON call (`POST /`, `Content-Type`
/// [`JSON_CONTENT_TYPE`], `X-Amz-Target` `target`) to sign it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedHeaders {
    /// `X-Amz-Date`.
    pub amz_date: String,
    /// `X-Amz-Security-Token`, for temporary keys.
    pub security_token: Option<SecretString>,
    /// `Authorization`.
    pub authorization: String,
}

/// Signs a Cognito JSON call at `unix_seconds`: `host` is the `Host` header as sent (with the
/// port when it is not the scheme's default), `target` the `X-Amz-Target` value.
#[must_use]
pub fn sign_json_request(
    credentials: &AwsCredentials,
    region: &str,
    unix_seconds: u64,
    host: &str,
    target: &str,
    body: &[u8],
) -> SignedHeaders {
    let amz_date = amz_date(unix_seconds);
    let scope = Scope {
        date: amz_date.get(..8).unwrap_or_default().to_owned(),
        region: region.to_owned(),
        service: SERVICE.to_owned(),
    };
    let hash = payload_hash(body);
    let mut headers: Vec<(&str, &str)> = alloc::vec![
        ("content-type", JSON_CONTENT_TYPE),
        ("host", host),
        (X_AMZ_DATE, amz_date.as_str()),
        (X_AMZ_TARGET, target),
    ];
    if let Some(token) = &credentials.session_token {
        headers.push((X_AMZ_SECURITY_TOKEN, token.expose_secret()));
    }
    let request = Signable { method: "POST", path: "/", query: "", headers: &headers, payload_hash: &hash };
    let authorization = authorization(credentials, &scope, &amz_date, &request);
    SignedHeaders { security_token: credentials.session_token.clone(), authorization, amz_date }
}

/// Why an `Authorization` header could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthorizationError {
    /// Not `AWS4-HMAC-SHA256 ...`.
    #[error("the authorization header does not use {ALGORITHM}")]
    Algorithm,
    /// A `Credential`, `SignedHeaders` or `Signature` part is missing.
    #[error("the authorization header has no {0}")]
    Missing(&'static str),
    /// The credential is not `key/date/region/service/aws4_request`.
    #[error("the authorization header's credential is malformed")]
    Credential,
    /// The signature is not 64 hex digits.
    #[error("the authorization header's signature is malformed")]
    Signature,
}

/// A parsed `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
///
/// ```
/// use cognito_srp_proto::sigv4::ParsedAuthorization;
/// let header = "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/cognito-idp/aws4_request, \
///               SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b";
/// let parsed = ParsedAuthorization::parse(header).unwrap();
/// assert_eq!(parsed.access_key_id, "AKID");
/// assert_eq!(parsed.scope.region, "us-east-1");
/// assert_eq!(parsed.signed_headers, ["host", "x-amz-date"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedAuthorization {
    /// The access key id the request claims.
    pub access_key_id: String,
    /// The credential scope.
    pub scope: Scope,
    /// The signed headers' lowercase names.
    pub signed_headers: Vec<String>,
    /// The signature's 32 bytes.
    pub signature: [u8; 32],
}

impl ParsedAuthorization {
    /// Reads the header.
    ///
    /// # Errors
    /// An [`AuthorizationError`] naming the part that is wrong.
    pub fn parse(header: &str) -> Result<Self, AuthorizationError> {
        let rest = header.trim().strip_prefix(ALGORITHM).ok_or(AuthorizationError::Algorithm)?;
        if !rest.starts_with(' ') {
            return Err(AuthorizationError::Algorithm);
        }
        let (mut credential, mut signed, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let Some((name, value)) = part.trim().split_once('=') else { continue };
            match name.trim() {
                "Credential" => credential = Some(value.trim()),
                "SignedHeaders" => signed = Some(value.trim()),
                "Signature" => signature = Some(value.trim()),
                _ => {}
            }
        }
        let credential = credential.ok_or(AuthorizationError::Missing("Credential"))?;
        let signed = signed.ok_or(AuthorizationError::Missing("SignedHeaders"))?;
        let signature = signature.ok_or(AuthorizationError::Missing("Signature"))?;
        let mut parts = credential.split('/');
        let (Some(key), Some(date), Some(region), Some(service), Some(TERMINATOR), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(AuthorizationError::Credential);
        };
        if key.is_empty() || date.len() != 8 || region.is_empty() || service.is_empty() {
            return Err(AuthorizationError::Credential);
        }
        let mut bytes = [0u8; 32];
        if signature.len() != 64 {
            return Err(AuthorizationError::Signature);
        }
        for (out, pair) in bytes.iter_mut().zip(signature.as_bytes().chunks(2)) {
            let text = core::str::from_utf8(pair).map_err(|_| AuthorizationError::Signature)?;
            *out = u8::from_str_radix(text, 16).map_err(|_| AuthorizationError::Signature)?;
        }
        Ok(Self {
            access_key_id: key.to_owned(),
            scope: Scope { date: date.to_owned(), region: region.to_owned(), service: service.to_owned() },
            signed_headers: signed.split(';').map(str::to_owned).collect(),
            signature: bytes,
        })
    }

    /// The signature this header's scope and signed headers give `request` with
    /// `secret_access_key` (compare it with [`ParsedAuthorization::signature`] in constant
    /// time).
    #[must_use]
    pub fn expected_signature(
        &self,
        secret_access_key: &str,
        amz_date: &str,
        request: &Signable<'_>,
    ) -> [u8; 32] {
        let names: Vec<&str> = self.signed_headers.iter().map(String::as_str).collect();
        let (canonical, _) = request.canonical_request(Some(&names));
        SigningKey::derive(secret_access_key, &self.scope).sign(&string_to_sign(
            amz_date,
            &self.scope,
            &canonical,
        ))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use alloc::format;

    #[test]
    fn amz_dates_round_trip() {
        for seconds in [0, 1_440_938_160, 951_782_400, 4_107_542_399, 1_709_164_800] {
            assert_eq!(parse_amz_date(&amz_date(seconds)), Some(seconds), "{seconds}");
        }
        assert_eq!(amz_date(1_440_938_160), "20150830T123600Z");
        assert_eq!(amz_date(951_782_400), "20000229T000000Z");
        for bad in [
            "20150830T123600",
            "2015-08-30T1236Z",
            "20150230T123600Z",
            "20151301T000000Z",
            "2015083OT123600Z",
        ] {
            assert_eq!(parse_amz_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn malformed_authorization_headers_are_named() {
        assert_eq!(ParsedAuthorization::parse("Bearer x"), Err(AuthorizationError::Algorithm));
        assert_eq!(
            ParsedAuthorization::parse("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00"),
            Err(AuthorizationError::Missing("Credential"))
        );
        assert_eq!(
            ParsedAuthorization::parse("AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=host, Signature=00"),
            Err(AuthorizationError::Credential)
        );
        assert_eq!(
            ParsedAuthorization::parse(
                "AWS4-HMAC-SHA256 Credential=a/20150830/r/s/aws4_request, SignedHeaders=host, Signature=zz"
            ),
            Err(AuthorizationError::Signature)
        );
    }

    #[test]
    fn debug_hides_the_signing_key() {
        let key = SigningKey::derive(
            "SECRET",
            &Scope { date: "20150830".into(), region: "r".into(), service: "s".into() },
        );
        assert_eq!(format!("{key:?}"), "SigningKey(<redacted>)");
    }
}
