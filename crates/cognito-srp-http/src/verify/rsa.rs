//! RS256 signature checks (RSASSA-PKCS1-v1_5 with SHA-256, RFC 8017 §8.2.2) on fixed-size
//! integers: the public-key operation `s^e mod n` is crypto-bigint's Montgomery
//! exponentiation on stack-allocated `Uint`s, so checking a signature allocates nothing.
//!
//! Only public values are involved (key, signature, message), so variable-time arithmetic
//! is fine here. The encoded message is compared in full against the one expected (never
//! parsed), which rules out the padding-parsing forgeries of low-exponent RSA.

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Odd, U64, U2048, U4096, Uint};

/// The DER `DigestInfo` prefix of a SHA-256 hash (RFC 8017 §9.2, note 1).
const SHA256_DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
    0x04, 0x20,
];

/// Smallest modulus accepted, in bits (Cognito's keys are 2048-bit; smaller RSA keys are
/// refused as too weak).
pub(crate) const MIN_BITS: u32 = 2048;
/// Largest modulus accepted, in bits.
pub(crate) const MAX_BITS: u32 = 4096;
/// Largest signature, in bytes.
pub(crate) const MAX_SIGNATURE_BYTES: usize = 512;

/// A modulus with its Montgomery parameters, in `LIMBS` limbs.
#[derive(Clone)]
struct Modulus<const LIMBS: usize> {
    n: Uint<LIMBS>,
    params: FixedMontyParams<LIMBS>,
}

impl<const LIMBS: usize> Modulus<LIMBS> {
    fn new(n_be: &[u8]) -> Option<Self> {
        let n = from_be_padded::<LIMBS>(n_be)?;
        let odd = Odd::new(n).into_option()?;
        Some(Self { n, params: FixedMontyParams::new_vartime(odd) })
    }

    /// `s^e mod n` as `k` big-endian bytes compared with the expected encoding of `digest`.
    fn verify(&self, e: &U64, k: usize, signature: &[u8], digest: &[u8; 32]) -> bool {
        let Some(s) = from_be_padded::<LIMBS>(signature) else { return false };
        // RFC 8017 §5.2.2: the signature representative must be below n.
        if s.cmp_vartime(&self.n) != core::cmp::Ordering::Less {
            return false;
        }
        let m = FixedMontyForm::new(&s, &self.params).pow_vartime(e).retrieve();
        let encoded = m.to_be_bytes();
        let bytes: &[u8] = encoded.as_ref();
        let Some(em) = bytes.get(bytes.len().saturating_sub(k)..) else { return false };
        // Leading bytes beyond k must be zero (m < n < 2^(8k) makes them so).
        if bytes.len() < k || bytes.iter().take(bytes.len() - k).any(|b| *b != 0) {
            return false;
        }
        matches_encoding(em, digest)
    }
}

/// Whether `em` is exactly `00 01 FF..FF 00 DigestInfo(SHA-256) digest`.
fn matches_encoding(em: &[u8], digest: &[u8; 32]) -> bool {
    let tail = SHA256_DIGEST_INFO.len() + digest.len();
    // At least 8 bytes of 0xFF padding (RFC 8017 §9.2 step 5).
    let Some(padding) = em.len().checked_sub(3 + tail).filter(|p| *p >= 8) else { return false };
    let expected = [0x00u8, 0x01]
        .iter()
        .chain(core::iter::repeat_n(&0xFFu8, padding))
        .chain(core::iter::once(&0x00u8))
        .chain(SHA256_DIGEST_INFO.iter())
        .chain(digest.iter());
    em.len() == 3 + padding + tail && em.iter().zip(expected).all(|(a, b)| a == b)
}

/// `bytes` (big-endian, at most `Uint::<LIMBS>::BYTES` long) as a `Uint`.
fn from_be_padded<const LIMBS: usize>(bytes: &[u8]) -> Option<Uint<LIMBS>> {
    let width = Uint::<LIMBS>::BYTES;
    let mut buf = [0u8; MAX_SIGNATURE_BYTES];
    let start = width.checked_sub(bytes.len())?;
    buf.get_mut(start..width)?.copy_from_slice(bytes);
    Some(Uint::from_be_slice(buf.get(..width)?))
}

/// An RSA public key for RS256, parsed once when the JWKS is read.
#[derive(Clone)]
pub(crate) struct RsaKey {
    modulus: Sized2,
    e: U64,
    /// The modulus's length in bytes (= a signature's length).
    k: usize,
}

#[derive(Clone)]
enum Sized2 {
    Small(Box<Modulus<{ U2048::LIMBS }>>),
    Large(Box<Modulus<{ U4096::LIMBS }>>),
}

impl core::fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RsaKey").field("bits", &(self.k * 8)).finish_non_exhaustive()
    }
}

impl RsaKey {
    /// A key from its big-endian modulus and exponent, or why not.
    pub(crate) fn new(n: &[u8], e: &[u8]) -> Result<Self, &'static str> {
        let first = n.iter().position(|b| *b != 0).unwrap_or(n.len());
        let n = n.get(first..).unwrap_or_default();
        let bits = n.first().map_or(0, |top| {
            u32::try_from(n.len()).unwrap_or(u32::MAX).saturating_mul(8).saturating_sub(top.leading_zeros())
        });
        if !(MIN_BITS..=MAX_BITS).contains(&bits) {
            return Err("the modulus is not between 2048 and 4096 bits");
        }
        let first = e.iter().position(|b| *b != 0).unwrap_or(e.len());
        let e = e.get(first..).unwrap_or_default();
        let mut e8 = [0u8; 8];
        let start = 8usize.checked_sub(e.len()).ok_or("the exponent is longer than 64 bits")?;
        e8.get_mut(start..).ok_or("the exponent is longer than 64 bits")?.copy_from_slice(e);
        let e_value = u64::from_be_bytes(e8);
        if e_value < 3 || e_value % 2 == 0 {
            return Err("the exponent is not an odd number of at least 3");
        }
        let modulus = if bits <= 2048 {
            Sized2::Small(Box::new(Modulus::new(n).ok_or("the modulus is even")?))
        } else {
            Sized2::Large(Box::new(Modulus::new(n).ok_or("the modulus is even")?))
        };
        Ok(Self { modulus, e: U64::from_u64(e_value), k: n.len() })
    }

    /// Whether `signature` is a valid RS256 signature of the SHA-256 hash `digest`.
    pub(crate) fn verify(&self, signature: &[u8], digest: &[u8; 32]) -> bool {
        if signature.len() != self.k {
            return false;
        }
        match &self.modulus {
            Sized2::Small(m) => m.verify(&self.e, self.k, signature, digest),
            Sized2::Large(m) => m.verify(&self.e, self.k, signature, digest),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn encoding_is_compared_exactly() {
        let digest = [7u8; 32];
        let mut em = vec![0x00, 0x01];
        em.extend(std::iter::repeat_n(0xFF, 256 - 3 - 51));
        em.push(0x00);
        em.extend_from_slice(&SHA256_DIGEST_INFO);
        em.extend_from_slice(&digest);
        assert_eq!(em.len(), 256);
        assert!(matches_encoding(&em, &digest));
        for i in 0..em.len() {
            let mut bad = em.clone();
            bad[i] ^= 1;
            assert!(!matches_encoding(&bad, &digest), "byte {i}");
        }
        assert!(!matches_encoding(&em[1..], &digest));
        assert!(!matches_encoding(&[0, 1, 0], &digest));
    }

    #[test]
    fn weak_or_odd_keys_are_refused() {
        assert!(RsaKey::new(&[0xC1; 128], &[1, 0, 1]).is_err(), "1024-bit");
        assert!(RsaKey::new(&[0xC1; 513], &[1, 0, 1]).is_err(), "4104-bit");
        assert!(RsaKey::new(&[0xC1; 256], &[2]).is_err(), "even e");
        assert!(RsaKey::new(&[0xC1; 256], &[1]).is_err(), "e = 1");
        assert!(RsaKey::new(&[0xC1; 256], &[1; 9]).is_err(), "e over 64 bits");
        let mut even = [0xC1; 256];
        even[255] = 0xC0;
        assert!(RsaKey::new(&even, &[1, 0, 1]).is_err(), "even n");
        let key = RsaKey::new(&[0xC1; 256], &[1, 0, 1]).unwrap();
        assert_eq!(key.k, 256);
        assert!(!key.verify(&[0; 255], &[0; 32]));
        assert!(!key.verify(&[0xFF; 256], &[0; 32]), "s >= n");
        assert!(RsaKey::new(&[0xC1; 384], &[1, 0, 1]).is_ok(), "3072-bit");
    }
}
