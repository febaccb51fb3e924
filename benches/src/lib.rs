//! Fixtures and baselines for the benches of `cognito-srp-core`.
//!
//! The "client step" measured everywhere is: make the ephemeral (A = g^a and its hex), then
//! answer `PASSWORD_VERIFIER` (u, x, g^x, S = (B - k*g^x)^(a+u*x), K, the claim signature).
//! [`Fixture`] holds one challenge made by the core's server role; [`num`] and [`ossl`]
//! compute the same step with num-bigint and with OpenSSL's constant-time modexp, both for
//! the core's 256-bit `a` (the same exponent widths as the core: g^a 256 bits, g^x 256,
//! B^(a+ux) 513; the fair comparison) and for the conventional 1024-bit `a` (context), and
//! give the same signature as the core (see the tests). [`ossl_mont`] times one Montgomery
//! multiplication of OpenSSL's.
#![deny(unsafe_code)]
#![deny(missing_docs)]

use base64ct::{Base64, Encoding};
use cognito_srp_core::server::{ServerEphemeral, Verifier, salt_hex};
use cognito_srp_core::{ClientEphemeral, PasswordVerifierChallenge, Timestamp, rand_core};

pub mod num;
pub mod ossl;
pub mod ossl_mont;
mod protocol;

pub use cognito_srp_core::{K_HEX, N_HEX};

/// The user pool id of the fixture.
pub const POOL_ID: &str = "us-east-1_BenchPool1";
/// The pool name (after the `_`).
pub const POOL_NAME: &str = "BenchPool1";
/// `USER_ID_FOR_SRP`.
pub const USER: &str = "5e0b7c1a-2d3f-4e5a-9b8c-0123456789ab";
/// The password.
pub const PASSWORD: &str = "correct horse battery staple";
/// The salt bytes (16, as Cognito makes them).
pub const SALT: [u8; 16] =
    [0x8f, 0x3a, 0x6c, 0x0e, 0x2b, 0x1d, 0x4f, 0x5a, 0x69, 0x78, 0xb9, 0xca, 0xdb, 0xec, 0xfd, 0x0e];
/// The timestamp signed (Unix seconds of "Wed Jan 7 09:05:03 UTC 2026").
pub const UNIX_SECONDS: u64 = 1_767_776_703;
/// The same timestamp, as text.
pub const TIMESTAMP: &str = "Wed Jan 7 09:05:03 UTC 2026";

/// A deterministic byte stream (xorshift64*), for fixtures and bench inputs only.
#[derive(Debug, Clone)]
pub struct TestRng(pub u64);

impl TestRng {
    /// The next 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// `len` bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = vec![0u8; len];
        self.fill(&mut out);
        out
    }

    fn fill(&mut self, dst: &mut [u8]) {
        for chunk in dst.chunks_mut(8) {
            let word = self.next_u64().to_le_bytes();
            for (d, s) in chunk.iter_mut().zip(word) {
                *d = s;
            }
        }
    }
}

impl rand_core::TryRng for TestRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let [b0, b1, b2, b3, ..] = self.next_u64().to_le_bytes();
        Ok(u32::from_le_bytes([b0, b1, b2, b3]))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.next_u64())
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.fill(dst);
        Ok(())
    }
}

/// Not a CSPRNG: a marker so the core's `generate` accepts it in benches.
impl rand_core::TryCryptoRng for TestRng {}

/// One `PASSWORD_VERIFIER` challenge, made by the core's server role.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// `SALT` hex.
    pub salt_hex: String,
    /// `SRP_B` hex.
    pub srp_b_hex: String,
    /// `SECRET_BLOCK`, base64 (1 KiB of bytes, like Cognito's).
    pub secret_block: String,
    /// The conventional 1024-bit client secret `a`, big-endian.
    pub a_1024: Vec<u8>,
    /// A 256-bit client secret `a` (top bit set), big-endian: the width the core generates.
    pub a_256: Vec<u8>,
}

impl Fixture {
    /// The fixture (deterministic).
    ///
    /// # Panics
    /// Never with these constants.
    #[must_use]
    #[allow(clippy::expect_used)]
    pub fn new() -> Self {
        let mut rng = TestRng(0x9e37_79b9_7f4a_7c15);
        let verifier = Verifier::for_user(POOL_NAME, USER, PASSWORD, &SALT).expect("verifier");
        let b = rng.bytes(32);
        let server = ServerEphemeral::from_secret_bytes(&b, &verifier).expect("server ephemeral");
        let secret = rng.bytes(1024);
        let mut a_1024 = rng.bytes(128);
        if let Some(top) = a_1024.first_mut() {
            *top |= 0x80;
        }
        let mut a_256 = rng.bytes(32);
        if let Some(top) = a_256.first_mut() {
            *top |= 0x80;
        }
        Self {
            salt_hex: salt_hex(&SALT).as_str().to_owned(),
            srp_b_hex: server.public_hex().as_str().to_owned(),
            secret_block: Base64::encode_string(&secret),
            a_1024,
            a_256,
        }
    }

    /// The challenge as the core takes it.
    #[must_use]
    pub fn challenge(&self) -> PasswordVerifierChallenge<'_> {
        PasswordVerifierChallenge {
            user_id_for_srp: USER,
            salt_hex: &self.salt_hex,
            srp_b_hex: &self.srp_b_hex,
            secret_block: &self.secret_block,
        }
    }

    /// The core's client step for an ephemeral: `SRP_A` hex and the claim signature.
    ///
    /// # Panics
    /// Never with the fixture's values.
    #[must_use]
    #[allow(clippy::expect_used)]
    pub fn core_step(&self, eph: &ClientEphemeral) -> (String, String) {
        let srp_a = eph.public_hex();
        let ts = Timestamp::from_unix_seconds(UNIX_SECONDS).expect("timestamp");
        let claim = eph.user_claim(POOL_ID, &self.challenge(), PASSWORD, &ts).expect("claim");
        (srp_a.as_str().to_owned(), claim.signature().to_owned())
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn baselines_sign_like_the_core() {
        let f = Fixture::new();
        let eph = ClientEphemeral::from_secret_bytes(&f.a_1024).unwrap();
        let (a_hex, sig) = f.core_step(&eph);
        assert_eq!(num::client_step(&f), (a_hex.clone(), sig.clone()));
        assert_eq!(ossl::client_step(&f), (a_hex, sig));
    }

    #[test]
    fn baselines_at_the_core_widths_sign_like_the_core() {
        let f = Fixture::new();
        assert_eq!(f.a_256.len(), 32);
        let eph = ClientEphemeral::from_secret_bytes(&f.a_256).unwrap();
        let (a_hex, sig) = f.core_step(&eph);
        assert_eq!(num::client_step_a256(&f), (a_hex.clone(), sig.clone()));
        assert_eq!(ossl::client_step_a256(&f), (a_hex, sig));
    }

    #[test]
    fn openssl_montgomery_multiplication_matches_ours() {
        use cognito_srp_core::arith::Elem;
        let mut rng = TestRng(21);
        for _ in 0..4 {
            let mut a = [0u8; 384];
            let mut b = [0u8; 384];
            a.copy_from_slice(&rng.bytes(384));
            b.copy_from_slice(&rng.bytes(384));
            // Below N (its top byte is 0xff).
            a[0] &= 0x7f;
            b[0] &= 0x7f;
            let mut o = ossl_mont::MontMul::new(&a, &b).unwrap();
            let (ea, eb) = (Elem::from_be_bytes(&a), Elem::from_be_bytes(&b));
            assert!(o.mul());
            assert_eq!(o.result().unwrap(), ea.mul(&eb).to_be_bytes());
            assert!(o.square());
            assert_eq!(o.result().unwrap(), ea.square().to_be_bytes());
        }
    }

    #[test]
    fn the_server_accepts_the_core_claim() {
        let f = Fixture::new();
        let mut rng = TestRng(5);
        let eph = ClientEphemeral::generate(&mut rng);
        let (_, sig) = f.core_step(&eph);
        assert_eq!(sig.len(), 44);
    }
}
