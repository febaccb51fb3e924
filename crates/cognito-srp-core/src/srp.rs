//! The shared SRP steps: x, the session key K, and the claim signature.

use crypto_bigint::{U256, U3072};
use hmac::digest::{FixedOutput, Output};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::encoding::{Base64Mac, Padded, decode_secret_block};
use crate::error::{Error, Field};
use crate::group::{Fe, pad_uint, pow_g};

/// HKDF info string of Cognito's key derivation.
const DERIVED_KEY_INFO: &[u8] = b"Caldera Derived Key";

/// The two names that identify the password owner: (pool name, `USER_ID_FOR_SRP`) for a user,
/// (`DeviceGroupKey`, `DeviceKey`) for a device.
#[derive(Clone, Copy)]
pub(crate) struct Identity<'a> {
    pub(crate) first: &'a str,
    pub(crate) second: &'a str,
}

/// x = H(pad(salt) || H(first || second || ":" || password)), as a 256-bit integer.
pub(crate) fn private_key(salt: &Padded, identity: Identity<'_>, password: &str) -> Zeroizing<U256> {
    let inner_digest = identity_hash(identity, password);
    let mut outer = Sha256::new();
    outer.update(salt.as_bytes());
    outer.update(inner_digest.as_ref());
    let mut digest = Zeroizing::new([0u8; 32]);
    Digest::finalize_into(outer, (&mut *digest).into());
    Zeroizing::new(U256::from_be_slice(digest.as_ref()))
}

/// H(first || second || ":" || password).
pub(crate) fn identity_hash(identity: Identity<'_>, password: &str) -> Zeroizing<[u8; 32]> {
    let mut inner = Sha256::new();
    inner.update(identity.first.as_bytes());
    inner.update(identity.second.as_bytes());
    inner.update(b":");
    inner.update(password.as_bytes());
    let mut digest = Zeroizing::new([0u8; 32]);
    Digest::finalize_into(inner, (&mut *digest).into());
    digest
}

/// g^x mod N for a 256-bit secret x (constant time; the bound is the public width of x).
pub(crate) fn g_pow_x(x: &U256) -> Fe {
    pow_g(x, U256::BITS)
}

/// pad() of a 256-bit value.
pub(crate) fn pad_u256(value: &U256) -> Padded {
    let bytes = value.to_be_bytes();
    match Padded::from_unsigned(bytes.as_ref()) {
        Ok(p) => p,
        // 32 bytes always fit.
        Err(_) => pad_uint(&U3072::ZERO),
    }
}

/// K = HKDF-SHA256(salt = pad(u), ikm = pad(S), info = "Caldera Derived Key")[..16].
///
/// Written out as its two HMACs (RFC 5869 with one output block): PRK = HMAC(pad(u), pad(S)),
/// K = HMAC(PRK, info || 0x01)[..16], so that the PRK and the full second block live in
/// buffers that are zeroized here (the `hkdf` crate returns the PRK from its extract step in
/// an array nobody clears, and keeps it as the key of an HMAC state). The HMAC states
/// themselves are zeroized on drop (`hmac`'s `zeroize` feature).
#[inline(never)]
pub(crate) fn session_key(u: &U256, premaster: &U3072) -> Zeroizing<[u8; 16]> {
    let u_pad = pad_u256(u);
    let s_pad = pad_uint(premaster); // zeroized on drop
    let mut prk = Zeroizing::new([0u8; 32]);
    hmac_into(u_pad.as_bytes(), &[s_pad.as_bytes()], &mut prk);
    let mut block = Zeroizing::new([0u8; 32]);
    hmac_into(prk.as_ref(), &[DERIVED_KEY_INFO, &[1]], &mut block);
    let mut key = Zeroizing::new([0u8; 16]);
    for (k, b) in key.iter_mut().zip(block.iter()) {
        *k = *b;
    }
    key
}

/// HMAC-SHA256(key, parts...) written into `out` in place (no copy of the tag is returned).
fn hmac_into(key: &[u8], parts: &[&[u8]], out: &mut [u8; 32]) {
    // HMAC accepts keys of any length.
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else { return };
    for part in parts {
        mac.update(part);
    }
    let out: &mut Output<Hmac<Sha256>> = out.into();
    mac.finalize_into(out);
}

/// Checks that `secret_block` decodes, without using the bytes.
pub(crate) fn check_secret_block(secret_block: &str) -> Result<(), Error> {
    decode_secret_block(secret_block, &mut |_| {})
}

/// HMAC-SHA256(K, first || second || SECRET_BLOCK bytes || TIMESTAMP).
pub(crate) fn claim_mac(
    key: &[u8; 16],
    identity: Identity<'_>,
    secret_block: &str,
    timestamp: &str,
) -> Result<[u8; 32], Error> {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).map_err(|_| Error::InvalidBase64(Field::Signature))?;
    mac.update(identity.first.as_bytes());
    mac.update(identity.second.as_bytes());
    decode_secret_block(secret_block, &mut |chunk| mac.update(chunk))?;
    mac.update(timestamp.as_bytes());
    Ok(mac.finalize().into_bytes().into())
}

/// A signed answer to `PASSWORD_VERIFIER` or `DEVICE_PASSWORD_VERIFIER`.
///
/// Send [`Claim::signature`] as `PASSWORD_CLAIM_SIGNATURE`, [`Claim::timestamp`] as `TIMESTAMP`,
/// and the challenge's `SECRET_BLOCK` unchanged as `PASSWORD_CLAIM_SECRET_BLOCK`.
///
/// # Example
/// ```
/// use cognito_srp_core::{ClientEphemeral, DeviceVerifierChallenge, Timestamp};
/// let eph = ClientEphemeral::from_secret_bytes(&[3; 32]).unwrap();
/// let challenge = DeviceVerifierChallenge { salt_hex: "ab", srp_b_hex: "cd", secret_block: "AAAA" };
/// let ts = Timestamp::from_unix_seconds(1_767_776_703).unwrap();
/// let claim = eph.device_claim("-Group", "us-east-1_key", "pw", &challenge, &ts).unwrap();
/// let params = [
///     ("PASSWORD_CLAIM_SIGNATURE", claim.signature()),
///     ("PASSWORD_CLAIM_SECRET_BLOCK", challenge.secret_block),
///     ("TIMESTAMP", claim.timestamp()),
/// ];
/// assert_eq!(params[2].1, "Wed Jan 7 09:05:03 UTC 2026");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    signature: Base64Mac,
    timestamp: crate::Timestamp,
}

impl Claim {
    pub(crate) fn new(mac: &[u8; 32], timestamp: crate::Timestamp) -> Self {
        Self { signature: Base64Mac::encode(mac), timestamp }
    }

    /// `PASSWORD_CLAIM_SIGNATURE`: standard base64 of the 32-byte HMAC.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::{ClientEphemeral, DeviceVerifierChallenge, Timestamp};
    /// let eph = ClientEphemeral::from_secret_bytes(&[3; 32]).unwrap();
    /// let challenge = DeviceVerifierChallenge { salt_hex: "ab", srp_b_hex: "cd", secret_block: "AAAA" };
    /// let ts = Timestamp::from_unix_seconds(1_767_776_703).unwrap();
    /// let claim = eph.device_claim("-Group", "us-east-1_key", "pw", &challenge, &ts).unwrap();
    /// assert_eq!(claim.signature().len(), 44); // base64 of 32 bytes
    /// assert!(claim.signature().ends_with('='));
    /// ```
    #[must_use]
    pub fn signature(&self) -> &str {
        self.signature.as_str()
    }

    /// `TIMESTAMP`, exactly as signed.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::{ClientEphemeral, DeviceVerifierChallenge, Timestamp};
    /// let eph = ClientEphemeral::from_secret_bytes(&[3; 32]).unwrap();
    /// let challenge = DeviceVerifierChallenge { salt_hex: "ab", srp_b_hex: "cd", secret_block: "AAAA" };
    /// let ts = Timestamp::from_unix_seconds(1_704_067_200).unwrap();
    /// let claim = eph.device_claim("-Group", "us-east-1_key", "pw", &challenge, &ts).unwrap();
    /// assert_eq!(claim.timestamp(), "Mon Jan 1 00:00:00 UTC 2024");
    /// ```
    #[must_use]
    pub fn timestamp(&self) -> &str {
        self.timestamp.as_str()
    }
}

impl core::fmt::Debug for Claim {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The signature is sent in the clear and proves nothing once used; still, keep logs short.
        f.debug_struct("Claim")
            .field("signature", &self.signature())
            .field("timestamp", &self.timestamp())
            .finish()
    }
}
