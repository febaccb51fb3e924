//! The server's side of Cognito SRP (feature `server`): verifiers, SRP_B, and checking
//! `PASSWORD_CLAIM_SIGNATURE` in constant time. Used by `cognito-srp-emulator`.

use base64ct::{Base64, Encoding};
use crypto_bigint::{U256, U3072};
use rand_core::CryptoRng;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use crate::encoding::{HexString, N_BYTES, Padded, parse_hex, strip_zeros};
use crate::error::{Error, Field};
use crate::group::{
    Fe, K, PublicValue, SECRET_BITS, exponent_from_bytes, pad_uint, pow_g, scrambler, uint_from_be,
};
use crate::scrub::{clear_stack_below, scrubbed};
use crate::srp::{Identity, check_secret_block, claim_mac, g_pow_x, private_key, session_key};

/// A password verifier v = g^x mod N, as the server stores it.
///
/// # Example
/// ```
/// use cognito_srp_core::server::Verifier;
/// let v = Verifier::for_user("ExAmPlE12", "alice", "hunter2", &[0x8f, 0x3a]).unwrap();
/// assert_eq!(Verifier::from_be_bytes(v.to_padded().as_bytes()).unwrap(), v);
/// ```
///
/// A verifier that signs users in repeatedly can carry precomputed powers of itself
/// ([`Verifier::with_powers`]), which make each claim check cheaper.
#[derive(Clone)]
pub struct Verifier {
    value: U3072,
    /// v^(2^64), v^(2^128), v^(2^192), when precomputed.
    powers: Option<[Fe; 3]>,
}

impl PartialEq for Verifier {
    /// The same verifier value, whether or not either has its powers precomputed.
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Verifier {}

impl Verifier {
    /// The verifier of a user's password: x = H(pad(salt) || H(pool_name || username || ":" || password)).
    ///
    /// `salt` is the raw salt (read as an unsigned big-endian integer, as Cognito does).
    ///
    /// # Errors
    /// [`Error::TooLong`] for a salt over 384 bytes.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::server::Verifier;
    /// let v = Verifier::for_user("ExAmPlE12", "alice", "hunter2", &[0x5a; 16]).unwrap();
    /// let other = Verifier::for_user("ExAmPlE12", "alice", "hunter3", &[0x5a; 16]).unwrap();
    /// assert_ne!(v, other);
    /// assert!(Verifier::for_user("ExAmPlE12", "alice", "hunter2", &[1; 385]).is_err());
    /// ```
    pub fn for_user(pool_name: &str, username: &str, password: &str, salt: &[u8]) -> Result<Self, Error> {
        let salt = Padded::from_unsigned(salt).map_err(|_| Error::TooLong(Field::Salt))?;
        scrubbed(|| {
            let x = private_key(&salt, Identity { first: pool_name, second: username }, password);
            let mut g_x = g_pow_x(&x);
            let value = g_x.retrieve();
            g_x.zeroize();
            Ok(Self { value, powers: None })
        })
    }

    /// A verifier from its big-endian bytes (e.g. base64-decoded `PasswordVerifier` from
    /// ConfirmDevice; a leading `00` is fine).
    ///
    /// # Errors
    /// [`Error::TooLong`] over 384 significant bytes, [`Error::ZeroModN`] when v mod N is 0.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::{Error, Field, N_HEX};
    /// use cognito_srp_core::server::Verifier;
    /// assert!(Verifier::from_be_bytes(&[0x00, 0x00, 0x07]).is_ok());
    /// assert_eq!(Verifier::from_be_bytes(&[0; 8]).unwrap_err(), Error::ZeroModN(Field::Verifier));
    /// // N itself is 0 mod N.
    /// let n: Vec<u8> = (0..N_HEX.len())
    ///     .step_by(2)
    ///     .map(|i| u8::from_str_radix(&N_HEX[i..i + 2], 16).unwrap())
    ///     .collect();
    /// assert_eq!(Verifier::from_be_bytes(&n).unwrap_err(), Error::ZeroModN(Field::Verifier));
    /// ```
    pub fn from_be_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mag = strip_zeros(bytes);
        let mut be = [0u8; N_BYTES];
        let dst = N_BYTES
            .checked_sub(mag.len())
            .and_then(|s| be.get_mut(s..))
            .ok_or(Error::TooLong(Field::Verifier))?;
        dst.copy_from_slice(mag);
        let value = Fe::new(&uint_from_be(&be)).retrieve();
        if bool::from(value.is_zero()) {
            return Err(Error::ZeroModN(Field::Verifier));
        }
        Ok(Self { value, powers: None })
    }

    /// This verifier with v^(2^64), v^(2^128) and v^(2^192) precomputed (192 squarings), for a
    /// server that keeps it: a claim check then computes v^u from four 64-bit parts of u (63
    /// squarings and at most 112 multiplications instead of 252 and 77 on 64-bit targets),
    /// about a quarter fewer operations for the whole check (v^u, then a 256-bit power for S),
    /// so the precomputation is repaid from the second sign-in. The powers take 1,152 more
    /// bytes; like the verifier itself they are not zeroized on drop (they allow the same
    /// dictionary attack, and a server keeps both for as long as the user exists). Equality
    /// ignores them.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::server::Verifier;
    /// let v = Verifier::for_user("ExAmPlE12", "alice", "hunter2", &[0x8f, 0x3a]).unwrap();
    /// let kept = v.clone().with_powers();
    /// assert!(kept.has_powers() && !v.has_powers());
    /// assert_eq!(kept, v);
    /// ```
    #[must_use]
    pub fn with_powers(mut self) -> Self {
        if self.powers.is_none() {
            let v = Fe::new(&self.value);
            self.powers = Some(scrubbed(|| crate::mont::split_powers(&v)));
        }
        self
    }

    /// Whether [`Verifier::with_powers`] precomputed this verifier's powers.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::server::Verifier;
    /// assert!(!Verifier::from_be_bytes(&[7]).unwrap().has_powers());
    /// ```
    #[must_use]
    pub fn has_powers(&self) -> bool {
        self.powers.is_some()
    }

    /// pad(v).
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::server::Verifier;
    /// let v = Verifier::from_be_bytes(&[0x80, 0x01]).unwrap();
    /// assert_eq!(v.to_padded().as_bytes(), &[0x00, 0x80, 0x01]);
    /// ```
    #[must_use]
    pub fn to_padded(&self) -> Padded {
        pad_uint(&self.value)
    }
}

impl core::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // A verifier allows an offline dictionary attack: keep it out of logs.
        f.write_str("Verifier(<redacted>)")
    }
}

/// Checks a client's `SRP_A` as [`ServerEphemeral::verify_user_claim`] will: hex (an optional
/// leading `-`, as Java's `BigInteger` may print it), at most 3072 bits of digits after leading
/// zeros, and A mod N ≠ 0. A server calls it when `SRP_A` arrives (InitiateAuth,
/// `DEVICE_SRP_AUTH`) to refuse a bad value before it answers with a challenge.
///
/// It costs one Montgomery multiplication (A into Montgomery form), not an exponentiation.
///
/// # Errors
/// [`Error::Empty`], [`Error::InvalidHex`] or [`Error::TooLong`] for text that is not such a
/// number, [`Error::ZeroModN`] when A mod N is 0; each names [`Field::SrpA`].
///
/// # Example
/// ```
/// use cognito_srp_core::{Error, Field, N_HEX};
/// use cognito_srp_core::server::check_srp_a;
/// assert!(check_srp_a("2f").is_ok());
/// assert_eq!(check_srp_a("0"), Err(Error::ZeroModN(Field::SrpA)));
/// assert_eq!(check_srp_a(N_HEX), Err(Error::ZeroModN(Field::SrpA)));
/// assert_eq!(check_srp_a("-00"), Err(Error::ZeroModN(Field::SrpA)));
/// assert_eq!(check_srp_a("xyz"), Err(Error::InvalidHex(Field::SrpA)));
/// assert_eq!(check_srp_a(""), Err(Error::Empty(Field::SrpA)));
/// ```
pub fn check_srp_a(srp_a_hex: &str) -> Result<(), Error> {
    PublicValue::from_parsed(&parse_hex(srp_a_hex, Field::SrpA)?, Field::SrpA).map(|_| ())
}

/// How Cognito sends a salt in `SALT`: hex of the bytes read as an unsigned integer
/// (leading zeros dropped).
///
/// # Example
/// ```
/// assert_eq!(cognito_srp_core::server::salt_hex(&[0x00, 0x0a, 0xbc]).as_str(), "abc");
/// ```
#[must_use]
pub fn salt_hex(salt: &[u8]) -> HexString {
    HexString::minimal(salt)
}

/// The server's ephemeral secret `b` and public `B = k*v + g^b mod N` (zeroized on drop).
///
/// # Example
/// ```
/// use cognito_srp_core::{ClientEphemeral, PasswordVerifierChallenge, Timestamp};
/// use cognito_srp_core::server::{ServerEphemeral, Verifier, salt_hex};
/// let salt = [0x5a; 16];
/// let v = Verifier::for_user("ExAmPlE12", "alice", "hunter2", &salt).unwrap();
/// let server = ServerEphemeral::from_secret_bytes(&[0x33; 32], &v).unwrap();
/// let client = ClientEphemeral::from_secret_bytes(&[0x44; 32]).unwrap();
/// let (salt_text, b_text) = (salt_hex(&salt), server.public_hex());
/// let challenge = PasswordVerifierChallenge {
///     user_id_for_srp: "alice",
///     salt_hex: salt_text.as_str(),
///     srp_b_hex: b_text.as_str(),
///     secret_block: "c2VjcmV0",
/// };
/// let ts = Timestamp::from_unix_seconds(1_767_776_703).unwrap();
/// let claim = client.user_claim("us-east-1_ExAmPlE12", &challenge, "hunter2", &ts).unwrap();
/// let a_hex = client.public_hex();
/// server
///     .verify_user_claim(&v, a_hex.as_str(), "ExAmPlE12", "alice", "c2VjcmV0", claim.timestamp(), claim.signature())
///     .unwrap();
/// ```
pub struct ServerEphemeral {
    b: U3072,
    b_bits: u32,
    public: U3072,
}

impl ServerEphemeral {
    /// A fresh ephemeral with a 256-bit `b` from `rng`.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::server::{ServerEphemeral, Verifier};
    /// use getrandom::{SysRng, rand_core::UnwrapErr};
    /// let v = Verifier::for_user("Pool", "alice", "pw", &[1; 16]).unwrap();
    /// let server = ServerEphemeral::generate(&mut UnwrapErr(SysRng), &v);
    /// assert!(!server.public_hex().as_str().is_empty()); // send as SRP_B
    /// ```
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R, verifier: &Verifier) -> Self {
        scrubbed(|| {
            let mut bytes = Zeroizing::new([0u8; 32]);
            rng.fill_bytes(bytes.as_mut());
            let mut b: U3072 = U256::from_be_slice(bytes.as_ref()).resize();
            let this = Self::from_exponent(&b, SECRET_BITS, verifier);
            b.zeroize();
            this
        })
    }

    /// An ephemeral with a given big-endian `b` (any length; reduced mod N-1 from 384 bytes).
    ///
    /// # Errors
    /// [`Error::Empty`] for no bytes.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::server::{ServerEphemeral, Verifier};
    /// let v = Verifier::for_user("Pool", "alice", "pw", &[1; 16]).unwrap();
    /// let one = ServerEphemeral::from_secret_bytes(&[0x33; 32], &v).unwrap();
    /// let again = ServerEphemeral::from_secret_bytes(&[0x33; 32], &v).unwrap();
    /// assert_eq!(one.public_hex().as_str(), again.public_hex().as_str()); // deterministic
    /// assert!(ServerEphemeral::from_secret_bytes(&[], &v).is_err());
    /// ```
    pub fn from_secret_bytes(b: &[u8], verifier: &Verifier) -> Result<Self, Error> {
        scrubbed(|| {
            let (mut b, bits) = exponent_from_bytes(b)?;
            let this = Self::from_exponent(&b, bits, verifier);
            b.zeroize();
            Ok(this)
        })
    }

    /// `b` by reference: the caller zeroizes its copy; the only other is in `Self`.
    fn from_exponent(b: &U3072, b_bits: u32, verifier: &Verifier) -> Self {
        let mut g_b = pow_g(b, b_bits);
        let public = K.mul(&Fe::new(&verifier.value)).add(&g_b).retrieve();
        g_b.zeroize();
        Self { b: *b, b_bits, public }
    }

    /// `SRP_B`: lowercase hex of B without leading zeros.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::server::{ServerEphemeral, Verifier};
    /// let v = Verifier::for_user("Pool", "alice", "pw", &[1; 16]).unwrap();
    /// let hex = ServerEphemeral::from_secret_bytes(&[0x33; 32], &v).unwrap().public_hex();
    /// assert!(hex.as_str().bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
    /// assert!(!hex.as_str().starts_with('0'));
    /// ```
    #[must_use]
    pub fn public_hex(&self) -> HexString {
        HexString::minimal(self.public.to_be_bytes().as_ref())
    }

    /// Checks a user's `PASSWORD_VERIFIER` answer.
    ///
    /// # Errors
    /// [`Error::SignatureMismatch`] when the signature does not verify (wrong password, or any
    /// input changed); [`Error::ZeroModN`] for A mod N == 0; parse errors naming the field.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::{ClientEphemeral, Error, Field, PasswordVerifierChallenge, Timestamp};
    /// use cognito_srp_core::server::{ServerEphemeral, Verifier, salt_hex};
    /// let salt = [0x5a; 16];
    /// let v = Verifier::for_user("ExAmPlE12", "alice", "hunter2", &salt).unwrap();
    /// let server = ServerEphemeral::from_secret_bytes(&[0x33; 32], &v).unwrap();
    /// let client = ClientEphemeral::from_secret_bytes(&[0x44; 32]).unwrap();
    /// let (salt_text, b_text, a_hex) = (salt_hex(&salt), server.public_hex(), client.public_hex());
    /// let challenge = PasswordVerifierChallenge {
    ///     user_id_for_srp: "alice",
    ///     salt_hex: salt_text.as_str(),
    ///     srp_b_hex: b_text.as_str(),
    ///     secret_block: "c2VjcmV0",
    /// };
    /// let ts = Timestamp::from_unix_seconds(1_767_776_703).unwrap();
    /// // The wrong password gives a signature that does not verify.
    /// let wrong = client.user_claim("us-east-1_ExAmPlE12", &challenge, "hunter3", &ts).unwrap();
    /// let result = server.verify_user_claim(
    ///     &v, a_hex.as_str(), "ExAmPlE12", "alice", "c2VjcmV0", wrong.timestamp(), wrong.signature(),
    /// );
    /// assert_eq!(result, Err(Error::SignatureMismatch));
    /// // A = 0 is refused before any arithmetic.
    /// let zero = server.verify_user_claim(&v, "0", "ExAmPlE12", "alice", "c2VjcmV0", wrong.timestamp(), wrong.signature());
    /// assert_eq!(zero, Err(Error::ZeroModN(Field::SrpA)));
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn verify_user_claim(
        &self,
        verifier: &Verifier,
        srp_a_hex: &str,
        pool_name: &str,
        user_id_for_srp: &str,
        secret_block: &str,
        timestamp: &str,
        signature_b64: &str,
    ) -> Result<(), Error> {
        let identity = Identity { first: pool_name, second: user_id_for_srp };
        scrubbed(|| self.verify(verifier, srp_a_hex, identity, secret_block, timestamp, signature_b64))
    }

    /// Checks a `DEVICE_PASSWORD_VERIFIER` answer.
    ///
    /// # Errors
    /// As [`ServerEphemeral::verify_user_claim`].
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::{ClientEphemeral, DeviceVerifier, DeviceVerifierChallenge, Timestamp};
    /// use cognito_srp_core::server::{ServerEphemeral, Verifier};
    /// use base64ct::{Base64, Encoding};
    /// let (group, key, password) = ("-GroupKey", "us-east-1_device", "device-pw");
    /// // What ConfirmDevice stored.
    /// let confirmed = DeviceVerifier::from_parts(group, key, password, &[0x11; 16]).unwrap();
    /// let v = Verifier::from_be_bytes(&Base64::decode_vec(confirmed.password_verifier()).unwrap()).unwrap();
    /// let salt = Base64::decode_vec(confirmed.salt()).unwrap();
    /// let salt_text = cognito_srp_core::server::salt_hex(&salt);
    /// // DEVICE_PASSWORD_VERIFIER and its answer.
    /// let server = ServerEphemeral::from_secret_bytes(&[0x33; 32], &v).unwrap();
    /// let client = ClientEphemeral::from_secret_bytes(&[0x44; 32]).unwrap();
    /// let b_text = server.public_hex();
    /// let challenge =
    ///     DeviceVerifierChallenge { salt_hex: salt_text.as_str(), srp_b_hex: b_text.as_str(), secret_block: "AAAA" };
    /// let ts = Timestamp::from_unix_seconds(1_767_776_703).unwrap();
    /// let claim = client.device_claim(group, key, password, &challenge, &ts).unwrap();
    /// let a_hex = client.public_hex();
    /// server
    ///     .verify_device_claim(&v, a_hex.as_str(), group, key, "AAAA", claim.timestamp(), claim.signature())
    ///     .unwrap();
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn verify_device_claim(
        &self,
        verifier: &Verifier,
        srp_a_hex: &str,
        device_group_key: &str,
        device_key: &str,
        secret_block: &str,
        timestamp: &str,
        signature_b64: &str,
    ) -> Result<(), Error> {
        let identity = Identity { first: device_group_key, second: device_key };
        scrubbed(|| self.verify(verifier, srp_a_hex, identity, secret_block, timestamp, signature_b64))
    }

    fn verify(
        &self,
        verifier: &Verifier,
        srp_a_hex: &str,
        identity: Identity<'_>,
        secret_block: &str,
        timestamp: &str,
        signature_b64: &str,
    ) -> Result<(), Error> {
        let a = PublicValue::from_parsed(&parse_hex(srp_a_hex, Field::SrpA)?, Field::SrpA)?;
        check_secret_block(secret_block)?;
        let mut given = [0u8; 32];
        let decoded = Base64::decode(signature_b64.as_bytes(), &mut given)
            .map_err(|_| Error::InvalidBase64(Field::Signature))?;
        if decoded.len() != 32 {
            return Err(Error::InvalidBase64(Field::Signature));
        }
        let u = scrambler(&a.padded, &pad_uint(&self.public))?;
        // S = (A * v^u)^b; u = H(A, B) is public, v is not.
        let v = Fe::new(&verifier.value);
        let v_u = match &verifier.powers {
            Some([p1, p2, p3]) => crate::mont::pow_split_public(&[v, *p1, *p2, *p3], &u),
            None => crate::mont::pow(&v, &u, U256::BITS),
        };
        let base = a.residue.mul(&v_u);
        let mut s_monty = crate::mont::pow(&base, &self.b, self.b_bits);
        let mut s = s_monty.retrieve();
        s_monty.zeroize();
        let key = session_key(&u, &s);
        s.zeroize();
        let expected = claim_mac(&key, identity, secret_block, timestamp)?;
        if bool::from(expected.ct_eq(&given)) { Ok(()) } else { Err(Error::SignatureMismatch) }
    }
}

impl Drop for ServerEphemeral {
    /// Zeroizes `b`, then clears the stack below the dropping frame, where moves of this value
    /// inside the core may have left copies of `b` (see the `scrub` module).
    fn drop(&mut self) {
        self.b.zeroize();
        self.b_bits = 0;
        clear_stack_below();
    }
}

impl zeroize::ZeroizeOnDrop for ServerEphemeral {}

impl core::fmt::Debug for ServerEphemeral {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ServerEphemeral")
            .field("b", &"<redacted>")
            .field("public", &self.public_hex())
            .finish()
    }
}
