//! The byte-level parts of the client step that every baseline shares: pad(), hashing, the
//! key derivation and the signature. Only the big-integer arithmetic differs between them.

use base64ct::{Base64, Encoding};
use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::{PASSWORD, POOL_NAME, TIMESTAMP, USER};

/// Java's `BigInteger.toByteArray()` of a non-negative integer given as big-endian bytes.
pub(crate) fn pad(be: &[u8]) -> Vec<u8> {
    let start = be.iter().position(|b| *b != 0).unwrap_or(be.len());
    let digits = be.get(start..).unwrap_or(&[]);
    let mut out = Vec::with_capacity(digits.len() + 1);
    if digits.first().is_none_or(|b| *b & 0x80 != 0) {
        out.push(0);
    }
    out.extend_from_slice(digits);
    out
}

/// u = H(pad(A) || pad(B)).
pub(crate) fn scrambler(a_be: &[u8], b_be: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(pad(a_be));
    h.update(pad(b_be));
    h.finalize().into()
}

/// x = H(pad(salt) || H(pool || user || ":" || password)).
pub(crate) fn private_key(salt_be: &[u8]) -> [u8; 32] {
    let mut inner = Sha256::new();
    inner.update(POOL_NAME.as_bytes());
    inner.update(USER.as_bytes());
    inner.update(b":");
    inner.update(PASSWORD.as_bytes());
    let inner: [u8; 32] = inner.finalize().into();
    let mut outer = Sha256::new();
    outer.update(pad(salt_be));
    outer.update(inner);
    outer.finalize().into()
}

/// The claim signature from u and S.
///
/// # Panics
/// Never: HMAC takes any key length, 16 bytes is a valid HKDF length, the block is base64.
#[allow(clippy::expect_used)]
pub(crate) fn signature(u_be: &[u8], s_be: &[u8], secret_block: &str) -> String {
    let hk = Hkdf::<Sha256>::new(Some(&pad(u_be)), &pad(s_be));
    let mut key = [0u8; 16];
    hk.expand(b"Caldera Derived Key", &mut key).expect("16 bytes");
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).expect("any key length");
    mac.update(POOL_NAME.as_bytes());
    mac.update(USER.as_bytes());
    mac.update(&Base64::decode_vec(secret_block).expect("fixture block is base64"));
    mac.update(TIMESTAMP.as_bytes());
    Base64::encode_string(&mac.finalize().into_bytes())
}

/// Lowercase hex without leading zeros (`SRP_A`).
pub(crate) fn hex_minimal(be: &[u8]) -> String {
    let mut out = String::with_capacity(be.len() * 2);
    for b in be {
        out.push_str(&format!("{b:02x}"));
    }
    let trimmed = out.trim_start_matches('0');
    if trimmed.is_empty() { "0".to_owned() } else { trimmed.to_owned() }
}

/// Bytes of a hex string (even length or not).
pub(crate) fn from_hex(hex: &str) -> Vec<u8> {
    let padded = if hex.len() % 2 == 1 { format!("0{hex}") } else { hex.to_owned() };
    padded
        .as_bytes()
        .chunks_exact(2)
        .map(|pair| {
            let s = core::str::from_utf8(pair).unwrap_or("00");
            u8::from_str_radix(s, 16).unwrap_or(0)
        })
        .collect()
}
