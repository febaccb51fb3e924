//! The client side: SRP_A, the `PASSWORD_VERIFIER` and `DEVICE_PASSWORD_VERIFIER` answers.

use core::convert::Infallible;
use crypto_bigint::{U256, U3072};

use rand_core::{CryptoRng, TryCryptoRng};
use zeroize::{Zeroize, Zeroizing};

use crate::encoding::{HexString, Padded, parse_hex};
use crate::error::{Error, Field};
use crate::group::{
    Fe, K, PublicValue, SECRET_BITS, combine_exponent, exponent_from_bytes, pad_uint, pow_g, scrambler,
};
use crate::scrub::{clear_stack_below, scrubbed};
use crate::srp::{Claim, Identity, check_secret_block, claim_mac, g_pow_x, private_key, session_key};
use crate::{Timestamp, pool_name};

/// The parameters of a `PASSWORD_VERIFIER` challenge that the signature needs.
///
/// # Example
/// ```
/// use cognito_srp_core::PasswordVerifierChallenge;
/// let challenge = PasswordVerifierChallenge {
///     user_id_for_srp: "3f0c1d9e-7b2a-4c11-9e55-00000000abcd",
///     salt_hex: "8f3a6c0e2b1d4f5a6978b9cadbecfd0e",
///     srp_b_hex: "a4c3",
///     secret_block: "c2VjcmV0",
/// };
/// assert_eq!(challenge.salt_hex.len(), 32);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordVerifierChallenge<'a> {
    /// `USER_ID_FOR_SRP`: the name that goes into x and the signature.
    pub user_id_for_srp: &'a str,
    /// `SALT`, hex.
    pub salt_hex: &'a str,
    /// `SRP_B`, hex.
    pub srp_b_hex: &'a str,
    /// `SECRET_BLOCK`, base64 (echo it back unchanged as `PASSWORD_CLAIM_SECRET_BLOCK`).
    pub secret_block: &'a str,
}

impl PasswordVerifierChallenge<'_> {
    /// Checks every server value without the expensive arithmetic: `SALT` and `SRP_B` parse
    /// as hex, `SRP_B` is not zero mod N, and `SECRET_BLOCK` decodes.
    ///
    /// [`ClientEphemeral::user_claim`] runs the same checks; call this to reject a bad
    /// challenge early.
    ///
    /// # Errors
    /// The first bad field, as a typed [`Error`].
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::{Error, Field, PasswordVerifierChallenge};
    /// let challenge = PasswordVerifierChallenge {
    ///     user_id_for_srp: "alice",
    ///     salt_hex: "8f3a",
    ///     srp_b_hex: "0",
    ///     secret_block: "c2VjcmV0",
    /// };
    /// assert_eq!(challenge.check(), Err(Error::ZeroModN(Field::SrpB)));
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        check_challenge(self.salt_hex, self.srp_b_hex, self.secret_block).map(|_| ())
    }
}

/// Parses and checks SALT, SRP_B and SECRET_BLOCK.
///
/// SALT and SRP_B are each parsed in a frame of their own ([`parse_salt`],
/// [`PublicValue::parse`]), so that their parsed digits and B's conversion into Montgomery form
/// are not on the stack at once, nor under the frames that use the results (the deepest path
/// of a claim on a microcontroller, see `benches/README.md`).
fn check_challenge(
    salt_hex: &str,
    srp_b_hex: &str,
    secret_block: &str,
) -> Result<(Padded, PublicValue), Error> {
    let salt = parse_salt(salt_hex)?;
    let b = PublicValue::parse(srp_b_hex, Field::SrpB)?;
    check_secret_block(secret_block)?;
    Ok((salt, b))
}

/// pad(SALT) from its hex (not inlined: see [`check_challenge`]).
#[inline(never)]
fn parse_salt(salt_hex: &str) -> Result<Padded, Error> {
    parse_hex(salt_hex, Field::Salt)?.padded(Field::Salt)
}

/// The parameters of a `DEVICE_PASSWORD_VERIFIER` challenge.
///
/// # Example
/// ```
/// use cognito_srp_core::DeviceVerifierChallenge;
/// let challenge = DeviceVerifierChallenge { salt_hex: "c1d2", srp_b_hex: "dfeb", secret_block: "c2VjcmV0" };
/// assert_eq!(challenge.srp_b_hex, "dfeb");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceVerifierChallenge<'a> {
    /// `SALT`, hex (the device salt, as Cognito stored it from ConfirmDevice).
    pub salt_hex: &'a str,
    /// `SRP_B`, hex.
    pub srp_b_hex: &'a str,
    /// `SECRET_BLOCK`, base64.
    pub secret_block: &'a str,
}

impl DeviceVerifierChallenge<'_> {
    /// Checks every server value without the expensive arithmetic (see
    /// [`PasswordVerifierChallenge::check`]).
    ///
    /// # Errors
    /// The first bad field, as a typed [`Error`].
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::{DeviceVerifierChallenge, Error, Field};
    /// let challenge = DeviceVerifierChallenge { salt_hex: "zz", srp_b_hex: "dfeb", secret_block: "c2VjcmV0" };
    /// assert_eq!(challenge.check(), Err(Error::InvalidHex(Field::Salt)));
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        check_challenge(self.salt_hex, self.srp_b_hex, self.secret_block).map(|_| ())
    }
}

/// The client's ephemeral secret `a` and public `A = g^a mod N`.
///
/// Make a fresh one for every `USER_SRP_AUTH` and every `DEVICE_SRP_AUTH` answer. `a` is
/// zeroized on drop and never printed.
///
/// # Example
/// ```
/// use cognito_srp_core::ClientEphemeral;
/// use getrandom::{SysRng, rand_core::UnwrapErr};
///
/// let mut rng = UnwrapErr(SysRng); // the OS's CSPRNG, through rand_core 0.10
/// let eph = ClientEphemeral::generate(&mut rng);
/// let srp_a = eph.public_hex(); // send as SRP_A in InitiateAuth
/// assert!(srp_a.as_str().len() > 700);
/// ```
pub struct ClientEphemeral {
    a: U3072,
    a_bits: u32,
    /// pad(A): both u's input and, without its sign byte, A's hex (A itself is not kept, so
    /// that the value an application holds across the round trip is 384 bytes smaller).
    public_pad: Padded,
}

impl ClientEphemeral {
    /// A fresh ephemeral with a 256-bit secret `a` from `rng`.
    ///
    /// 256 bits is the minimum RFC 5054 asks for and matches the 128-bit security of the
    /// 3072-bit group (short-exponent discrete logs cost 2^(bits/2)); longer `a` only cost time.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::ClientEphemeral;
    /// use getrandom::{SysRng, rand_core::UnwrapErr};
    /// let first = ClientEphemeral::generate(&mut UnwrapErr(SysRng));
    /// let second = ClientEphemeral::generate(&mut UnwrapErr(SysRng));
    /// assert_ne!(first.public_hex().as_str(), second.public_hex().as_str()); // fresh each time
    /// ```
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let Ok(this) = Self::generate_from(|bytes| {
            rng.fill_bytes(bytes);
            Ok::<(), Infallible>(())
        });
        this
    }

    /// As [`ClientEphemeral::generate`], with a generator that may fail (the operating
    /// system's, say): its failure is an error, not a panic.
    ///
    /// # Errors
    /// [`Error::RandomUnavailable`] when the generator fails.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::ClientEphemeral;
    /// let eph = ClientEphemeral::try_generate(&mut getrandom::SysRng)?;
    /// assert!(!eph.public_hex().as_str().is_empty());
    /// # Ok::<(), cognito_srp_core::Error>(())
    /// ```
    pub fn try_generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self, Error> {
        Self::generate_from(|bytes| rng.try_fill_bytes(bytes).map_err(|_| Error::RandomUnavailable))
    }

    /// A 256-bit `a` from `fill`, then `A`.
    fn generate_from<E>(mut fill: impl FnMut(&mut [u8]) -> Result<(), E>) -> Result<Self, E> {
        scrubbed(|| {
            let mut bytes = Zeroizing::new([0u8; 32]);
            fill(bytes.as_mut())?;
            let mut a: U3072 = U256::from_be_slice(bytes.as_ref()).resize();
            let this = Self::from_exponent(&a, SECRET_BITS);
            a.zeroize();
            Ok(this)
        })
    }

    /// An ephemeral with a given big-endian secret `a`, for known-answer tests and
    /// reproducible runs. Any length is accepted: values of 384 bytes or more are reduced
    /// modulo N - 1, which leaves `g^a` unchanged.
    ///
    /// # Errors
    /// [`Error::Empty`] for no bytes.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::ClientEphemeral;
    /// let eph = ClientEphemeral::from_secret_bytes(&[1]).unwrap();
    /// assert_eq!(eph.public_hex().as_str(), "2");
    /// ```
    pub fn from_secret_bytes(a: &[u8]) -> Result<Self, Error> {
        scrubbed(|| {
            let (mut a, bits) = exponent_from_bytes(a)?;
            let this = Self::from_exponent(&a, bits);
            a.zeroize();
            Ok(this)
        })
    }

    /// `a` by reference: the caller zeroizes its copy; the only other is in `Self`.
    fn from_exponent(a: &U3072, a_bits: u32) -> Self {
        let mut g_a = pow_g(a, a_bits);
        let public = g_a.retrieve();
        g_a.zeroize();
        let public_pad = pad_uint(&public);
        Self { a: *a, a_bits, public_pad }
    }

    /// `SRP_A`: lowercase hex of A, without leading zeros.
    ///
    /// # Example
    /// ```
    /// let eph = cognito_srp_core::ClientEphemeral::from_secret_bytes(&[8]).unwrap();
    /// assert_eq!(eph.public_hex().as_str(), "100"); // 2^8
    /// ```
    #[must_use]
    pub fn public_hex(&self) -> HexString {
        // pad(A) is A's big-endian bytes after at most one zero byte, which `minimal` skips.
        HexString::minimal(self.public_pad.as_bytes())
    }

    /// Answers a `PASSWORD_VERIFIER` challenge.
    ///
    /// `pool_id` is the user pool id (`us-east-1_AbCdEf`); the part after the first `_` is
    /// hashed. `password` is the user's password. Returns the signature and the timestamp it
    /// covers.
    ///
    /// # Errors
    /// A typed [`Error`] naming the bad field: unparsable `SALT`/`SRP_B`/`SECRET_BLOCK`,
    /// `SRP_B` that is zero mod N, u = 0, or a malformed pool id.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::{ClientEphemeral, PasswordVerifierChallenge, Timestamp};
    /// let eph = ClientEphemeral::from_secret_bytes(&[0x42; 32]).unwrap();
    /// let challenge = PasswordVerifierChallenge {
    ///     user_id_for_srp: "alice",
    ///     salt_hex: "8f3a6c0e2b1d4f5a6978b9cadbecfd0e",
    ///     srp_b_hex: "a4c33a5449cc93b9ba7550a0e30e54d9",
    ///     secret_block: "c2VjcmV0IGJsb2Nr",
    /// };
    /// let ts = Timestamp::from_unix_seconds(1_767_776_703).unwrap();
    /// let claim = eph.user_claim("us-east-1_ExAmPlE12", &challenge, "hunter2", &ts).unwrap();
    /// assert_eq!(claim.signature().len(), 44);
    /// assert_eq!(claim.timestamp(), "Wed Jan 7 09:05:03 UTC 2026");
    /// ```
    pub fn user_claim(
        &self,
        pool_id: &str,
        challenge: &PasswordVerifierChallenge<'_>,
        password: &str,
        timestamp: &Timestamp,
    ) -> Result<Claim, Error> {
        let identity = Identity { first: pool_name(pool_id)?, second: challenge.user_id_for_srp };
        scrubbed(|| {
            self.claim(
                identity,
                password,
                challenge.salt_hex,
                challenge.srp_b_hex,
                challenge.secret_block,
                timestamp,
            )
        })
    }

    /// Answers a `DEVICE_PASSWORD_VERIFIER` challenge with the device's credentials
    /// (`DeviceGroupKey` and `DeviceKey` from NewDeviceMetadata, and the device password made
    /// at ConfirmDevice).
    ///
    /// # Errors
    /// As [`ClientEphemeral::user_claim`].
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::{ClientEphemeral, DeviceVerifierChallenge, Timestamp};
    /// let eph = ClientEphemeral::from_secret_bytes(&[0x17; 32]).unwrap();
    /// let challenge = DeviceVerifierChallenge {
    ///     salt_hex: "c1d2e3f405162738495a6b7c8d9eafb0",
    ///     srp_b_hex: "dfeb9e61d979c791a35a33a813d0911c",
    ///     secret_block: "c2VjcmV0IGJsb2Nr",
    /// };
    /// let ts = Timestamp::from_unix_seconds(1_767_776_703).unwrap();
    /// let claim = eph
    ///     .device_claim("-AbCdEf12", "us-east-1_7f9c2b1e", "device-password", &challenge, &ts)
    ///     .unwrap();
    /// assert_eq!(claim.signature().len(), 44);
    /// ```
    pub fn device_claim(
        &self,
        device_group_key: &str,
        device_key: &str,
        device_password: &str,
        challenge: &DeviceVerifierChallenge<'_>,
        timestamp: &Timestamp,
    ) -> Result<Claim, Error> {
        let identity = Identity { first: device_group_key, second: device_key };
        scrubbed(|| {
            self.claim(
                identity,
                device_password,
                challenge.salt_hex,
                challenge.srp_b_hex,
                challenge.secret_block,
                timestamp,
            )
        })
    }

    fn claim(
        &self,
        identity: Identity<'_>,
        password: &str,
        salt_hex: &str,
        srp_b_hex: &str,
        secret_block: &str,
        timestamp: &Timestamp,
    ) -> Result<Claim, Error> {
        let (mut b, u, x) = self.challenge_inputs(identity, password, salt_hex, srp_b_hex, secret_block)?;
        let key = self.session_key_with(&b, &u, &x);
        b.zeroize();
        let mac = claim_mac(&key, identity, secret_block, timestamp.as_str())?;
        Ok(Claim::new(&mac, *timestamp))
    }

    /// The challenge checked and reduced to what the session key needs: B's residue, u and x.
    ///
    /// Not inlined (nor are the two steps after it), so that the parsed hex, the padded
    /// encodings and SHA-256's state live in frames of their own that are gone before the
    /// exponentiation's frames are pushed: the stack a claim needs is the deepest of the
    /// steps, not their sum. x (from SALT) and B's residue with u (from SRP_B) are each made in
    /// a frame of their own too, which returns only the 32- and 384-byte results: pad(SALT),
    /// pad(B) and the parsed digits are never on the stack together. The fields are checked in
    /// the order of [`check_challenge`] (SALT, SRP_B, SECRET_BLOCK).
    #[inline(never)]
    fn challenge_inputs(
        &self,
        identity: Identity<'_>,
        password: &str,
        salt_hex: &str,
        srp_b_hex: &str,
        secret_block: &str,
    ) -> Result<(Fe, U256, Zeroizing<U256>), Error> {
        let x = Self::x_from_salt(identity, password, salt_hex)?;
        let (b, u) = self.b_and_u(srp_b_hex)?;
        check_secret_block(secret_block)?;
        Ok((b, u, x))
    }

    /// x from SALT's hex, the identity and the password (not inlined: see
    /// [`Self::challenge_inputs`]).
    #[inline(never)]
    fn x_from_salt(identity: Identity<'_>, password: &str, salt_hex: &str) -> Result<Zeroizing<U256>, Error> {
        let salt = parse_salt(salt_hex)?;
        Ok(private_key(&salt, identity, password))
    }

    /// B's residue and u = H(pad(A) || pad(B)) from SRP_B's hex (not inlined: see
    /// [`Self::challenge_inputs`]).
    #[inline(never)]
    fn b_and_u(&self, srp_b_hex: &str) -> Result<(Fe, U256), Error> {
        let b = PublicValue::parse(srp_b_hex, Field::SrpB)?;
        let u = scrambler(&self.public_pad, &b.padded)?;
        Ok((b.residue, u))
    }

    /// K from B's residue, u and x: S = (B - k*g^x)^(a + u*x), then K from u and S.
    ///
    /// Every intermediate is a named local zeroized here; the copies inside the operations
    /// are cleared by the caller's [`scrubbed`].
    #[inline(never)]
    fn session_key_with(&self, b: &Fe, u: &U256, x: &U256) -> Zeroizing<[u8; 16]> {
        let mut s = U3072::ZERO;
        self.premaster(b, u, x, &mut s);
        let key = session_key(u, &s);
        s.zeroize();
        key
    }

    /// B - k*g^x (not inlined: g^x's and the multiplication's temporaries are gone before
    /// the exponentiation by a + u*x starts).
    #[inline(never)]
    fn base(b: &Fe, x: &U256) -> Fe {
        let mut g_x = g_pow_x(x);
        let base = Self::minus_k_times(b, &g_x);
        g_x.zeroize();
        base
    }

    /// B - k*g^x from g^x (not inlined into [`Self::base`], so that the multiplication's
    /// temporaries are not on the stack while g^x is computed).
    #[inline(never)]
    fn minus_k_times(b: &Fe, g_x: &Fe) -> Fe {
        // This crate's multiplication (`mont`): a smaller frame and fewer instructions than
        // crypto-bigint's generic one.
        let mut k_g_x = crate::mont::fe_mul(&K, g_x);
        let base = b.sub(&k_g_x);
        k_g_x.zeroize();
        base
    }

    /// S = (B - k*g^x)^(a + u*x) into `out` (not inlined: its temporaries are gone before
    /// [`session_key`] pads S and hashes it).
    #[inline(never)]
    fn premaster(&self, b: &Fe, u: &U256, x: &U256, out: &mut U3072) {
        let mut base = Self::base(b, x);
        let (mut e, bits) = combine_exponent(&self.a, self.a_bits, u, x);
        let mut s_monty = crate::mont::pow(&base, &e, bits);
        base.zeroize();
        e.zeroize();
        *out = s_monty.retrieve();
        s_monty.zeroize();
    }

    /// Intermediate values for the known-answer tests (x, u, S).
    #[cfg(test)]
    pub(crate) fn transcript(
        &self,
        identity: Identity<'_>,
        password: &str,
        salt_hex: &str,
        srp_b_hex: &str,
    ) -> (U256, U256, U3072, [u8; 16]) {
        let salt = parse_hex(salt_hex, Field::Salt).unwrap().padded(Field::Salt).unwrap();
        let b = PublicValue::from_parsed(&parse_hex(srp_b_hex, Field::SrpB).unwrap(), Field::SrpB).unwrap();
        let u = scrambler(&self.public_pad, &b.padded).unwrap();
        let x = private_key(&salt, identity, password);
        let base = b.residue.sub(&K.mul(&g_pow_x(&x)));
        let (e, bits) = combine_exponent(&self.a, self.a_bits, &u, &x);
        let s = crate::mont::pow(&base, &e, bits).retrieve();
        let key = *session_key(&u, &s);
        (*x, u, s, key)
    }
}

impl Drop for ClientEphemeral {
    /// Zeroizes `a`, then clears the stack below the dropping frame, where moves of this
    /// value inside the core may have left copies of `a` (see the `scrub` module).
    fn drop(&mut self) {
        self.a.zeroize();
        self.a_bits = 0;
        clear_stack_below();
    }
}

impl zeroize::ZeroizeOnDrop for ClientEphemeral {}

impl core::fmt::Debug for ClientEphemeral {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ClientEphemeral")
            .field("a", &"<redacted>")
            .field("public", &self.public_hex())
            .finish()
    }
}
