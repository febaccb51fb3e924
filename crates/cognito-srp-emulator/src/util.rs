//! Randomness, TOTP and small encoders.

use base64ct::{Base64, Encoding};
use hmac::{Hmac, KeyInit, Mac};

use crate::error::ApiError;

/// Fills `buf` from the OS random number generator.
pub(crate) fn random_bytes(buf: &mut [u8]) -> Result<(), ApiError> {
    getrandom::fill(buf).map_err(|_| ApiError::internal("random number generator failed"))
}

/// `n` random bytes as standard base64.
pub(crate) fn random_b64(n: usize) -> Result<String, ApiError> {
    let mut buf = vec![0u8; n];
    random_bytes(&mut buf)?;
    Ok(Base64::encode_string(&buf))
}

/// A random RFC 4122 version-4 UUID.
pub(crate) fn uuid() -> Result<String, ApiError> {
    let mut b = [0u8; 16];
    random_bytes(&mut b)?;
    let mut out = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        let byte = match i {
            6 => (byte & 0x0f) | 0x40,
            8 => (byte & 0x3f) | 0x80,
            _ => *byte,
        };
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{byte:02x}"));
    }
    Ok(out)
}

/// Random text from `alphabet`.
pub(crate) fn random_text(len: usize, alphabet: &[u8]) -> Result<String, ApiError> {
    let mut raw = vec![0u8; len];
    random_bytes(&mut raw)?;
    Ok(raw
        .iter()
        .filter_map(|b| alphabet.get(usize::from(*b) % alphabet.len().max(1)).copied().map(char::from))
        .collect())
}

/// A six-digit code for SMS MFA.
pub(crate) fn six_digits() -> Result<String, ApiError> {
    random_text(6, b"0123456789")
}

/// The RFC 6238 TOTP code (HMAC-SHA1, 30-second step, 6 digits) of a base32 secret at a Unix time.
///
/// # Errors
/// [`ApiError`] (`InvalidParameterException`) when the secret is not base32 or is empty.
///
/// # Example
/// ```
/// // RFC 6238 test key "12345678901234567890", T = 59 s: 94287082 -> last 6 digits.
/// let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/// assert_eq!(cognito_srp_emulator::totp_code(secret, 59).unwrap(), "287082");
/// let empty = cognito_srp_emulator::totp_code("====", 59).unwrap_err();
/// assert_eq!(empty.to_string(), "InvalidParameterException: TOTP secret is empty");
/// ```
pub fn totp_code(secret_base32: &str, unix_seconds: u64) -> Result<String, ApiError> {
    let cleaned: String = secret_base32.chars().filter(|c| !c.is_whitespace() && *c != '=').collect();
    let key = data_encoding::BASE32_NOPAD
        .decode(cleaned.to_ascii_uppercase().as_bytes())
        .map_err(|_| ApiError::invalid_parameter("TOTP secret is not base32"))?;
    if key.is_empty() {
        return Err(ApiError::invalid_parameter("TOTP secret is empty"));
    }
    let mut mac = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&key)
        .map_err(|_| ApiError::invalid_parameter("TOTP secret is empty"))?;
    mac.update(&(unix_seconds / 30).to_be_bytes());
    let digest: [u8; 20] = mac.finalize().into_bytes().into();
    // RFC 4226 dynamic truncation: the low nibble of the last byte picks 4 bytes.
    let offset = usize::from(digest.last().map_or(0, |b| b & 0x0f));
    let window: [u8; 4] = digest
        .get(offset..offset + 4)
        .and_then(|w| w.try_into().ok())
        .ok_or_else(|| ApiError::internal("TOTP truncation"))?;
    let word = u32::from_be_bytes(window) & 0x7fff_ffff;
    Ok(format!("{:06}", word % 1_000_000))
}

/// Whether `code` is the TOTP code at `now`, one step before or one after.
///
/// Every window is computed and compared in constant time (`subtle`), the results combined
/// without a short cut: how long this takes says nothing about which digits were right.
pub(crate) fn totp_matches(secret: &str, code: &str, now: u64) -> bool {
    [now.saturating_sub(30), now, now.saturating_add(30)].iter().fold(false, |found, t| {
        let hit = totp_code(secret, *t).is_ok_and(|expected| ct_eq(&expected, code));
        found | hit
    })
}

/// A new base32 TOTP secret (160 bits).
pub(crate) fn new_totp_secret() -> Result<String, ApiError> {
    let mut key = [0u8; 20];
    random_bytes(&mut key)?;
    Ok(data_encoding::BASE32_NOPAD.encode(&key))
}

/// SECRET_HASH = base64(HMAC-SHA256(secret, username || client_id)).
pub(crate) fn secret_hash(secret: &str, username: &str, client_id: &str) -> String {
    cognito_srp_core::secret_hash(secret, username, client_id).as_str().to_owned()
}

/// Equality in constant time for equal lengths (`subtle`); the lengths of the compared values
/// (SECRET_HASH, codes, client secrets) are public.
pub(crate) fn ct_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn totp_compare_accepts_the_three_windows_only() {
        // RFC 6238's SHA-1 key; codes at 59 s (step 1) and its neighbours.
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        let at = |t| totp_code(secret, t).unwrap_or_default();
        let (before, now, after, later) = (at(29), at(59), at(89), at(119));
        for code in [&before, &now, &after] {
            assert!(totp_matches(secret, code, 59), "{code}");
        }
        assert!(!totp_matches(secret, &later, 59));
        assert!(!totp_matches(secret, "", 59));
        assert!(!totp_matches(secret, &format!("{now}0"), 59));
        assert!(!totp_matches(secret, &now[..5], 59));
        assert!(!totp_matches("not base32!", &now, 59));
        // The compare itself: equal only for equal bytes; lengths may differ.
        assert!(ct_eq("287082", "287082"));
        assert!(!ct_eq("287082", "287083") && !ct_eq("287082", "28708") && !ct_eq("", "0"));
    }
}
