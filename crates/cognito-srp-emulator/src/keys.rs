//! The token signing key: RSA 2048, RS256 (PKCS#1 v1.5 + SHA-256), published as a JWKS.
//!
//! The key is generated with the `rsa` crate (deterministic from a seed, see below), exported
//! once as PKCS#8 and loaded into aws-lc-rs, which signs and verifies: its assembly-backed RSA
//! takes about 0.3 ms of CPU per token in a release build where `rsa`'s portable arithmetic
//! took about 1.9 ms, and a sign-in signs two tokens (benches/README.md, "Emulator
//! throughput").
//!
//! A key comes from a 32-byte seed: the same seed gives the same key (and `kid`), so an
//! emulator restarted with [`crate::EmulatorBuilder::signing_key_seed`] (or a [`crate::Seed`]'s
//! `signing_key_seed`) still verifies the tokens it issued before. Without a seed each
//! emulator draws its own key (about 0.1 s: `rsa` and `crypto-primes` are built with
//! `opt-level = 3` even in dev builds, see the workspace `Cargo.toml`).
//!
//! RUSTSEC-2023-0071 ("Marvin": the `rsa` crate's private-key operations are not constant
//! time) concerns `rsa`'s private-key operations, which now run only to generate the key (the
//! signatures are aws-lc-rs's). It would be acceptable anyway: a throwaway key of a local test
//! emulator that signs only (no decryption oracle) and protects no real user.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeyPair;
use aws_lc_rs::signature::{KeyPair as _, ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256};
use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use rsa::pkcs8::EncodePrivateKey;
use rsa::rand_core::{TryCryptoRng, TryRng};
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::util;

/// Bits of the modulus (Cognito's keys are 2048-bit).
const BITS: usize = 2048;
/// The JWS algorithm.
pub(crate) const ALG: &str = "RS256";

/// A deterministic generator: SHA-256 in counter mode over the seed. Enough for deriving a
/// test key from a seed; the seed's secrecy is the key's.
struct SeedStream {
    seed: [u8; 32],
    counter: u64,
    block: [u8; 32],
    used: usize,
}

impl SeedStream {
    fn new(seed: &[u8; 32]) -> Self {
        Self { seed: *seed, counter: 0, block: [0; 32], used: 32 }
    }

    fn fill(&mut self, dst: &mut [u8]) {
        for byte in dst {
            if self.used >= self.block.len() {
                let mut hash = Sha256::new();
                hash.update(b"cognito-srp-emulator signing key");
                hash.update(self.seed);
                hash.update(self.counter.to_le_bytes());
                self.block = hash.finalize().into();
                self.counter = self.counter.wrapping_add(1);
                self.used = 0;
            }
            *byte = self.block.get(self.used).copied().unwrap_or(0);
            self.used += 1;
        }
    }
}

impl TryRng for SeedStream {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.fill(&mut b);
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.fill(&mut b);
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.fill(dst);
        Ok(())
    }
}

impl TryCryptoRng for SeedStream {}

/// The signing key, its public half and its JWK.
pub(crate) struct TokenKeys {
    /// The private key, in aws-lc's memory (aws-lc clears what it frees: `OPENSSL_free`
    /// cleanses); never printed (see the `Debug` impl).
    signing: KeyPair,
    /// The public key, parsed once, for checking the emulator's own tokens.
    verifying: ParsedPublicKey,
    /// The key id in every token header and in the JWKS.
    pub(crate) kid: String,
    /// The modulus, base64url without padding.
    n: String,
    /// The public exponent, base64url without padding.
    e: String,
    /// A MAC key derived from the same seed, for stable made-up answers about users who do
    /// not exist (`PreventUserExistenceErrors`): stable across restarts with the same seed.
    pub(crate) mac_key: [u8; 32],
    /// A MAC key for the opaque pagination tokens (`NextToken`, `PaginationToken`).
    pub(crate) paging_key: [u8; 32],
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys").field("kid", &self.kid).finish_non_exhaustive()
    }
}

/// Seeded keys made so far in this process (few: seeds come from the Rust caller or a seed
/// file, never from the network), so that restarting with the same seed is quick.
static CACHE: Mutex<Option<HashMap<[u8; 32], Arc<TokenKeys>>>> = Mutex::new(None);
/// Seeded keys kept at most (a key is about 1 KiB).
const CACHE_CAP: usize = 64;

impl TokenKeys {
    /// The key of `seed`, made once per process and seed; `None`: a new random key (each
    /// emulator has its own, as each Cognito pool has its own).
    pub(crate) fn for_seed(seed: Option<&[u8; 32]>) -> Result<Arc<Self>, ApiError> {
        let Some(seed) = seed else {
            let mut fresh = [0u8; 32];
            util::random_bytes(&mut fresh)?;
            return Ok(Arc::new(Self::derive(&fresh)?));
        };
        // Held while generating: two emulators starting together make the key once.
        let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        let cache = cache.get_or_insert_with(HashMap::new);
        if let Some(keys) = cache.get(seed) {
            return Ok(Arc::clone(keys));
        }
        let keys = Arc::new(Self::derive(seed)?);
        if cache.len() >= CACHE_CAP {
            cache.clear();
        }
        cache.insert(*seed, Arc::clone(&keys));
        Ok(keys)
    }

    /// The `rsa` crate's key of `seed` (deterministic).
    fn generate(seed: &[u8; 32]) -> Result<rsa::PrivateKey, ApiError> {
        rsa::PrivateKey::new(&mut SeedStream::new(seed), BITS)
            .map_err(|e| ApiError::internal(format!("RSA key generation failed: {e}")))
    }

    /// Derives the key of `seed` (deterministic).
    fn derive(seed: &[u8; 32]) -> Result<Self, ApiError> {
        let private = Self::generate(seed)?;
        let public = private.to_public_key();
        // Into aws-lc-rs through PKCS#8 DER; the DER buffer (a `SecretDocument`) is zeroized
        // when dropped at the end of this block, as `private` is.
        let signing = {
            let der = private
                .to_pkcs8_der()
                .map_err(|e| ApiError::internal(format!("RSA key encoding failed: {e}")))?;
            KeyPair::from_pkcs8(der.as_bytes())
                .map_err(|e| ApiError::internal(format!("RSA key rejected by aws-lc-rs: {e}")))?
        };
        let verifying = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, signing.public_key())
            .map_err(|e| ApiError::internal(format!("RSA public key rejected: {e}")))?;
        let n = public.n().to_be_bytes();
        let e = public.e().to_be_bytes();
        let n = strip_zeros(&n);
        let e = strip_zeros(&e);
        // Cognito's kids are 44-character base64 strings; this one hashes the public key.
        let mut hash = Sha256::new();
        hash.update(n);
        hash.update(e);
        let kid = Base64::encode_string(&hash.finalize());
        let mut mac_key = Sha256::new();
        mac_key.update(b"cognito-srp-emulator: made-up user data\0");
        mac_key.update(seed);
        let mut paging_key = Sha256::new();
        paging_key.update(b"cognito-srp-emulator: pagination tokens\0");
        paging_key.update(seed);
        Ok(Self {
            mac_key: mac_key.finalize().into(),
            paging_key: paging_key.finalize().into(),
            signing,
            verifying,
            kid,
            n: Base64UrlUnpadded::encode_string(n),
            e: Base64UrlUnpadded::encode_string(e),
        })
    }

    /// The public key as a JWK.
    pub(crate) fn jwk(&self) -> Value {
        json!({ "alg": ALG, "e": self.e, "kid": self.kid, "kty": "RSA", "n": self.n, "use": "sig" })
    }

    /// An RS256 JWT over `claims`.
    pub(crate) fn sign(&self, claims: &Value) -> Result<String, ApiError> {
        let header = json!({ "kid": self.kid, "alg": ALG });
        let head = Base64UrlUnpadded::encode_string(header.to_string().as_bytes());
        let body = Base64UrlUnpadded::encode_string(claims.to_string().as_bytes());
        let signing_input = format!("{head}.{body}");
        if crate::ops::STUB_CRYPTO {
            // A benchmark build without the server's arithmetic (see `ops::STUB_CRYPTO`).
            return Ok(format!("{signing_input}.c3R1Yg"));
        }
        let mut signature = vec![0u8; self.signing.public_modulus_len()];
        // aws-lc-rs ignores the RNG argument for PKCS#1 v1.5 (deterministic padding; its RSA
        // blinding draws from its own generator).
        self.signing
            .sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), signing_input.as_bytes(), &mut signature)
            .map_err(|_| ApiError::internal("token signing failed"))?;
        let sig = Base64UrlUnpadded::encode_string(&signature);
        Ok(format!("{signing_input}.{sig}"))
    }

    /// The claims of a JWT this key signed, or `None`: malformed, another algorithm (`HS256`,
    /// `none`...), another `kid`, or a signature that does not verify.
    pub(crate) fn verify(&self, token: &str) -> Option<Value> {
        let mut parts = token.split('.');
        let (head, body, sig) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header: Value = serde_json::from_slice(&Base64UrlUnpadded::decode_vec(head).ok()?).ok()?;
        if header.get("alg").and_then(Value::as_str) != Some(ALG)
            || header.get("kid").and_then(Value::as_str) != Some(self.kid.as_str())
        {
            return None;
        }
        let sig = Base64UrlUnpadded::decode_vec(sig).ok()?;
        let signing_input = token.get(..head.len() + 1 + body.len())?;
        self.verifying.verify_sig(signing_input.as_bytes(), &sig).ok()?;
        let claims: Value = serde_json::from_slice(&Base64UrlUnpadded::decode_vec(body).ok()?).ok()?;
        claims.is_object().then_some(claims)
    }
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or_default()
}

/// Parses a signing-key seed: 64 hex digits.
pub(crate) fn parse_seed(text: &str) -> Option<[u8; 32]> {
    let text = text.trim();
    if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn a_seed_gives_the_same_key_and_tokens_verify_only_unchanged() {
        let seed = [7u8; 32];
        let started = std::time::Instant::now();
        let a = TokenKeys::derive(&seed).unwrap();
        let took = started.elapsed();
        let b = TokenKeys::derive(&seed).unwrap();
        assert_eq!(
            (a.kid.as_str(), &a.n, &a.e),
            (b.kid.as_str(), &b.n, &b.e),
            "key derivation took {took:?}"
        );
        assert_eq!(a.e, "AQAB");
        assert_eq!(a.kid.len(), 44);
        let token = a.sign(&json!({ "who": "x" })).unwrap();
        assert_eq!(b.verify(&token).unwrap()["who"], "x");
        let other = TokenKeys::derive(&[8u8; 32]).unwrap();
        assert_ne!(other.kid, a.kid);
        assert!(other.verify(&token).is_none());
        assert!(a.verify(&format!("{token}.")).is_none());
        assert_eq!(parse_seed(&"07".repeat(32)), Some(seed));
        assert_eq!(parse_seed("07"), None);
        assert_eq!(parse_seed(&"0g".repeat(32)), None);
    }

    /// aws-lc-rs signs and verifies, the `rsa` crate checks both directions independently: a
    /// token signed here verifies with `rsa`'s PKCS#1 v1.5 verifier of the same key, a token
    /// signed by `rsa` verifies here, and a changed byte fails on both sides.
    #[test]
    fn tokens_verify_with_the_rsa_crate_both_ways() {
        use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
        use rsa::signature::{SignatureEncoding, Signer, Verifier};

        let seed = [9u8; 32];
        let keys = TokenKeys::derive(&seed).unwrap();
        let private = TokenKeys::generate(&seed).unwrap();
        let theirs = VerifyingKey::<Sha256>::new(private.to_public_key());

        // Ours, checked by `rsa`.
        let token = keys.sign(&json!({ "who": "ours" })).unwrap();
        let (input, sig) = token.rsplit_once('.').unwrap();
        let sig = Base64UrlUnpadded::decode_vec(sig).unwrap();
        assert_eq!(sig.len(), 256);
        let signature = Signature::try_from(sig.as_slice()).unwrap();
        theirs.verify(input.as_bytes(), &signature).unwrap();
        let mut changed = input.as_bytes().to_vec();
        changed[3] ^= 1;
        assert!(theirs.verify(&changed, &signature).is_err());

        // `rsa`'s, checked by ours (PKCS#1 v1.5 is deterministic: the same signature).
        let signer = SigningKey::<Sha256>::new(private);
        let header = json!({ "kid": keys.kid, "alg": ALG }).to_string();
        let body = json!({ "who": "theirs" }).to_string();
        let input = format!(
            "{}.{}",
            Base64UrlUnpadded::encode_string(header.as_bytes()),
            Base64UrlUnpadded::encode_string(body.as_bytes())
        );
        let sig = Base64UrlUnpadded::encode_string(&signer.sign(input.as_bytes()).to_bytes());
        let token = format!("{input}.{sig}");
        assert_eq!(keys.verify(&token).unwrap()["who"], "theirs");
        let ours = keys.sign(&json!({ "who": "theirs" })).unwrap();
        assert_eq!(ours, token, "aws-lc-rs and rsa give the same PKCS#1 v1.5 signature");
        let mut flipped = token.into_bytes();
        let last = flipped.len() - 2;
        flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
        assert!(keys.verify(&String::from_utf8(flipped).unwrap()).is_none());
    }

    /// The key's `Debug` names the `kid` only.
    #[test]
    fn debug_shows_no_key_material() {
        let keys = TokenKeys::derive(&[10u8; 32]).unwrap();
        let shown = format!("{keys:?}");
        assert!(shown.contains(&keys.kid), "{shown}");
        assert!(!shown.contains(&keys.n[..20]), "{shown}");
        assert!(!shown.contains("RsaKeyPair"), "{shown}");
    }
}
