//! The SRP group: RFC 3526's 3072-bit MODP prime N, g = 2, and k = H(pad(N) || pad(g)).

#![allow(unreachable_pub)]

use crypto_bigint::{U256, U3072, Uint, modular::ConstMontyForm};
use sha2::{Digest, Sha256};
use subtle::{ConditionallySelectable, ConstantTimeLess};

use crate::encoding::{N_BYTES, Padded, ParsedInt, parse_hex};
use crate::error::{Error, Field};

/// N in hex: RFC 3526's 3072-bit MODP prime (group 15), the SRP prime of Cognito.
///
/// ```
/// assert_eq!(cognito_srp_core::N_HEX.len(), 768);
/// assert!(cognito_srp_core::N_HEX.starts_with("FFFFFFFFFFFFFFFFC90FDAA2"));
/// ```
pub const N_HEX: &str = include!("group_n.in");

/// k = H(pad(N) || pad(g)) in lowercase hex, the SRP-6a multiplier, as published for Cognito.
///
/// ```
/// assert_eq!(cognito_srp_core::K_HEX.len(), 64);
/// ```
pub const K_HEX: &str = "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6";

crypto_bigint::const_monty_params!(Modulus, U3072, N_HEX, "The 3072-bit MODP prime N.");

/// An element of Z/NZ in Montgomery form.
pub(crate) type Fe = ConstMontyForm<Modulus, { U3072::LIMBS }>;

/// N as an integer.
pub(crate) const N: U3072 = U3072::from_be_hex(N_HEX);
/// The generator g = 2 (as a field element for the tests: the exponentiations of g never
/// multiply by it).
#[cfg(test)]
pub(crate) const G: Fe = Fe::new(&U3072::from_u8(2));

/// g^e mod N for `e < 2^bits`, in constant time (`bits` is public).
///
/// With the `precomputed-table` feature (opt-in), exponents of up to 256 bits (every
/// generated `a`, `b` and `x`) use the build-time table of the `fixed_base` module: about 51
/// multiplications instead of about 255 squarings. Without it (microcontrollers, the npm
/// package's wasm), exponents of 193 to 256 bits take [`crate::mont::pow_two_comb`] (a comb
/// over four 64-bit teeth with a 7-entry table, about half the operations), and other widths
/// [`crate::mont::pow_two`]: windows whose multiplication by a power of g = 2 is a shift, so
/// no table at all.
pub(crate) fn pow_g<const E: usize>(e: &Uint<E>, bits: u32) -> Fe {
    #[cfg(feature = "precomputed-table")]
    if bits <= crate::fixed_base::TABLE_BITS {
        return crate::fixed_base::pow_g(e, bits);
    }
    if crate::mont::COMB_BITS.contains(&bits) {
        return crate::mont::pow_two_comb(e, bits);
    }
    crate::mont::pow_two(e, bits)
}
/// k, as a field element.
pub(crate) const K: Fe = Fe::new(&U256::from_be_hex(K_HEX).resize());

/// Bits of a freshly generated secret exponent (`a`, `b`): 256.
///
/// RFC 5054 asks for at least 256 bits; a 3072-bit group gives 128-bit security, and the
/// best discrete-log attacks on a short exponent (Pollard's lambda) cost 2^(bits/2), so 256
/// bits match that level. Longer exponents only cost time.
pub(crate) const SECRET_BITS: u32 = 256;

/// pad(N), for k and tests.
///
/// The value may be secret (S): the big-endian copy made on the way is zeroized, and the
/// [`Padded`] returned is zeroized on drop.
pub(crate) fn pad_uint(value: &U3072) -> Padded {
    let mut bytes = value.to_be_bytes();
    // A U3072 always fits: 384 bytes plus a sign byte.
    let padded = Padded::from_unsigned(bytes.as_ref()).unwrap_or_else(|_| zero_padded());
    zeroize::Zeroize::zeroize(&mut bytes);
    padded
}

fn zero_padded() -> Padded {
    // `from_unsigned(&[])` cannot fail.
    match Padded::from_unsigned(&[]) {
        Ok(p) => p,
        Err(_) => unreachable_padded(),
    }
}

#[allow(clippy::unreachable)]
fn unreachable_padded() -> Padded {
    unreachable!("an empty magnitude always encodes")
}

/// H(pad(N) || pad(g)) computed from the constants, to check [`K_HEX`].
#[cfg(test)]
pub(crate) fn compute_k() -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(pad_uint(&N).as_bytes());
    h.update([0x02]);
    h.finalize().into()
}

/// Reads a right-aligned 384-byte big-endian buffer.
pub(crate) fn uint_from_be(be: &[u8; N_BYTES]) -> U3072 {
    U3072::from_be_slice(be)
}

/// A public server/client value (`B` or `A`) reduced to its residue mod N, and its `pad()`.
///
/// A negative value (leading `-`) is taken as Java and the JS SDK take it: `pad` is its two's
/// complement and the residue is `N - |v| mod N`.
pub(crate) struct PublicValue {
    pub(crate) residue: Fe,
    pub(crate) padded: Padded,
}

impl PublicValue {
    /// [`PublicValue::from_parsed`] of `hex`, in a frame of its own (not inlined): the parsed
    /// digits and the conversion into Montgomery form are gone when it returns.
    #[inline(never)]
    pub(crate) fn parse(hex: &str, field: Field) -> Result<Self, Error> {
        Self::from_parsed(&parse_hex(hex, field)?, field)
    }

    pub(crate) fn from_parsed(parsed: &ParsedInt, field: Field) -> Result<Self, Error> {
        let padded = parsed.padded(field)?;
        let magnitude = crate::mont::to_fe(&uint_from_be(&parsed.be));
        let residue = if parsed.negative { magnitude.neg() } else { magnitude };
        // The Montgomery form is fully reduced, and x·R ≡ 0 (mod N) only for x ≡ 0.
        if bool::from(residue.as_montgomery().is_zero()) {
            return Err(Error::ZeroModN(field));
        }
        Ok(Self { residue, padded })
    }
}

/// u = H(pad(A) || pad(B)), rejected when zero.
pub(crate) fn scrambler(a_pad: &Padded, b_pad: &Padded) -> Result<U256, Error> {
    let mut h = Sha256::new();
    h.update(a_pad.as_bytes());
    h.update(b_pad.as_bytes());
    let digest: [u8; 32] = h.finalize().into();
    let u = U256::from_be_slice(&digest);
    if bool::from(u.is_zero()) {
        return Err(Error::ZeroScrambler);
    }
    Ok(u)
}

/// Constant-time `value mod (N - 1)` folding of a big-endian byte string of any length.
///
/// Returns the residue and the public bit bound to use as the exponent width: the input's
/// length in bits when it is shorter than N (no reduction needed), else 3072.
pub(crate) fn exponent_from_bytes(bytes: &[u8]) -> Result<(U3072, u32), Error> {
    if bytes.is_empty() {
        return Err(Error::Empty(Field::SecretExponent));
    }
    if bytes.len() < N_BYTES {
        let mut be = [0u8; N_BYTES];
        let start = N_BYTES - bytes.len();
        if let Some(dst) = be.get_mut(start..) {
            dst.copy_from_slice(bytes);
        }
        let bits = u32::try_from(bytes.len() * 8).map_err(|_| Error::TooLong(Field::SecretExponent))?;
        let value = uint_from_be(&be);
        zeroize::Zeroize::zeroize(&mut be);
        return Ok((value, bits));
    }
    let n_minus_1 = N.wrapping_sub(&U3072::ONE);
    let modulus =
        crypto_bigint::NonZero::new(n_minus_1).into_option().ok_or(Error::ZeroModN(Field::SecretExponent))?;
    // Chunks of 384 bytes, aligned to the end; the first may be shorter.
    let first = bytes.len() % N_BYTES;
    let mut acc = U3072::ZERO;
    let mut chunk = [0u8; N_BYTES];
    let mut offset = 0usize;
    while offset < bytes.len() {
        let take = if offset == 0 && first != 0 { first } else { N_BYTES };
        chunk.fill(0);
        let src = bytes.get(offset..offset + take).unwrap_or(&[]);
        if let Some(dst) = chunk.get_mut(N_BYTES - src.len()..) {
            dst.copy_from_slice(src);
        }
        let mut lo = uint_from_be(&chunk);
        acc = Uint::rem_wide((lo, acc), &modulus);
        zeroize::Zeroize::zeroize(&mut lo);
        offset += take;
    }
    zeroize::Zeroize::zeroize(&mut chunk);
    Ok((acc, U3072::BITS))
}

/// e = a + u*x with its public bit bound, reduced mod N-1 when it could exceed 3072 bits.
///
/// The caller zeroizes the exponent returned; the intermediates (u*x, its widened copy, the
/// reduced candidate) are zeroized here.
#[inline(never)]
pub(crate) fn combine_exponent(a: &U3072, a_bits: u32, u: &U256, x: &U256) -> (U3072, u32) {
    use zeroize::Zeroize;
    let mut ux: Uint<{ 2 * U256::LIMBS }> = u.concatenating_mul(x);
    let mut ux_wide: U3072 = ux.resize();
    ux.zeroize();
    // No overflow: either a < 2^3071 (bits <= 3071) or a < N-1, and N - 1 + 2^512 < 2^3072.
    let mut e = a.wrapping_add(&ux_wide);
    ux_wide.zeroize();
    let bits = a_bits.max(512) + 1;
    if bits <= U3072::BITS {
        return (e, bits);
    }
    let n_minus_1 = N.wrapping_sub(&U3072::ONE);
    let mut reduced = e.wrapping_sub(&n_minus_1);
    let keep = e.ct_lt(&n_minus_1);
    let chosen = U3072::conditional_select(&reduced, &e, keep);
    reduced.zeroize();
    e.zeroize();
    (chosen, U3072::BITS)
}
