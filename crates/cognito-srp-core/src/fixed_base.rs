//! Fixed-base exponentiation of the generator g = 2 with a table computed at build time.
//!
//! `g^e = prod_i g^(d_i * 32^i)` where `d_i` are the 5-bit digits of e: with every
//! `g^(d * 32^i)` precomputed (see `build.rs`), a 256-bit exponent costs 51 Montgomery
//! multiplications and no squaring, against about 256 squarings and 80 multiplications for a
//! generic windowed exponentiation.
//!
//! Constant time: the window count depends only on the public bit bound; each digit is
//! looked up by reading every entry of its row and keeping the matching one with a masked
//! conditional assignment (no secret-dependent index or branch).
//!
//! The table holds 52 x 31 entries of 384 bytes: 604.5 KiB of read-only data. Build without
//! the `precomputed-table` feature to drop it; g^e then takes the generic path.
//!
//! On 64-bit targets but wasm32 the entries are in the digit domain of `mont::radix60`
//! (times R' = 2^3120 mod N, 52 digits of 60 bits: 416 bytes, 654.9 KiB in all), and the
//! product is taken there, converted once at the end.

#[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
use crypto_bigint::U3072;
use crypto_bigint::{Uint, Word};
use subtle::{ConditionallySelectable, ConstantTimeEq};

use crate::group::Fe;

include!(concat!(env!("OUT_DIR"), "/fixed_base_table.rs"));

/// Bits in a crypto-bigint word.
const WORD_BITS: u32 = Word::BITS;

/// 64-bit limbs of a 3072-bit value.
const LIMBS64: usize = ENTRY_BYTES / 8;

/// The Montgomery form of 1 (R mod N) as u64 limbs, selected when a digit is zero.
#[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
fn one_limbs() -> [u64; LIMBS64] {
    to_limbs64(Fe::ONE.as_montgomery())
}

#[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
fn to_limbs64(value: &U3072) -> [u64; LIMBS64] {
    let bytes = value.to_le_bytes();
    let mut out = [0u64; LIMBS64];
    for (limb, chunk) in out.iter_mut().zip(bytes.as_ref().chunks_exact(8)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        *limb = u64::from_le_bytes(word);
    }
    out
}

#[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
fn from_limbs64(limbs: &[u64; LIMBS64]) -> Fe {
    let mut bytes = [0u8; LIMBS64 * 8];
    for (chunk, limb) in bytes.chunks_exact_mut(8).zip(limbs.iter()) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    let fe = Fe::from_montgomery(U3072::from_le_slice(&bytes));
    // The bytes are the table entry the secret digit selected.
    zeroize::Zeroize::zeroize(&mut bytes);
    fe
}

/// Reads row `row` at `digit` into `out` in constant time: every entry is read, the one
/// whose index equals `digit` is kept; `out` is left unchanged for digit 0.
fn select(row: &[u8], digit: Word, out: &mut [u64; LIMBS64]) {
    for (entry, index) in row.chunks_exact(ENTRY_BYTES).zip(1..) {
        let hit = digit.ct_eq(&index);
        for (dst, src) in out.iter_mut().zip(entry.chunks_exact(8)) {
            let mut word = [0u8; 8];
            word.copy_from_slice(src);
            dst.conditional_assign(&u64::from_le_bytes(word), hit);
        }
    }
}

/// Digit `i` of `e` (bits WINDOW*i..WINDOW*(i+1), which may span two words); the position is
/// public, the value is not and is only masked and shifted.
fn digit<const L: usize>(e: &Uint<L>, i: u32) -> Word {
    let bit = i * WINDOW;
    let index = usize::try_from(bit / WORD_BITS).unwrap_or(usize::MAX);
    let word_at = |k: usize| e.as_words().get(k).copied().unwrap_or(0);
    let shift = bit % WORD_BITS;
    let low = word_at(index) >> shift;
    // The bits above the word boundary (none when the window starts on a boundary).
    let high = if shift == 0 { 0 } else { word_at(index.saturating_add(1)) << (WORD_BITS - shift) };
    (low | high) & ((1 << WINDOW) - 1)
}

/// g^e for `e < 2^bits` with `bits <= TABLE_BITS`, using the table (entries and product in
/// the digit domain of `mont::radix60`). The caller checks the bound.
#[cfg(all(target_pointer_width = "64", not(target_arch = "wasm32")))]
pub(crate) fn pow_g<const L: usize>(e: &Uint<L>, bits: u32) -> Fe {
    use crate::mont::radix60;
    let windows = bits.div_ceil(WINDOW);
    let one = radix60::ONE;
    let mut acc = one;
    let mut factor = one;
    let mut next = one;
    for (i, row) in (0..windows).zip(TABLE.chunks_exact(DIGITS * ENTRY_BYTES)) {
        factor = one;
        select(row, digit(e, i), &mut factor);
        if i == 0 {
            acc = factor;
        } else {
            radix60::mul(&acc, &factor, &mut next);
            acc = next;
        }
    }
    zeroize::Zeroize::zeroize(&mut factor);
    zeroize::Zeroize::zeroize(&mut next);
    let result = radix60::from_digits(&acc);
    zeroize::Zeroize::zeroize(&mut acc);
    result
}

/// g^e for `e < 2^bits` with `bits <= TABLE_BITS`, using the table. The caller checks the bound.
#[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
pub(crate) fn pow_g<const L: usize>(e: &Uint<L>, bits: u32) -> Fe {
    let windows = bits.div_ceil(WINDOW);
    let one = one_limbs();
    let mut acc = Fe::ONE;
    for (i, row) in (0..windows).zip(TABLE.chunks_exact(DIGITS * ENTRY_BYTES)) {
        let mut limbs = one;
        select(row, digit(e, i), &mut limbs);
        let mut factor = from_limbs64(&limbs);
        acc = if i == 0 { factor } else { crate::mont::fe_mul(&acc, &factor) };
        zeroize::Zeroize::zeroize(&mut limbs);
        zeroize::Zeroize::zeroize(&mut factor);
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::G;
    use crypto_bigint::{U256, U3072};

    /// The element an entry of the table stands for.
    fn entry_value(entry: &[u8]) -> Fe {
        #[cfg(all(target_pointer_width = "64", not(target_arch = "wasm32")))]
        {
            let mut digits = [0u64; LIMBS64];
            for (d, chunk) in digits.iter_mut().zip(entry.chunks_exact(8)) {
                *d = u64::from_le_bytes(chunk.try_into().unwrap());
            }
            crate::mont::radix60::from_digits(&digits)
        }
        #[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
        Fe::from_montgomery(U3072::from_le_slice(entry))
    }

    #[test]
    fn table_entries_are_powers_of_g() {
        // base = g^(32^i); entries base^1..base^31.
        let mut base = G;
        assert_eq!(TABLE.len() % (DIGITS * ENTRY_BYTES), 0);
        for row in TABLE.chunks_exact(DIGITS * ENTRY_BYTES) {
            let mut power = base;
            for entry in row.chunks_exact(ENTRY_BYTES) {
                assert_eq!(entry_value(entry), power);
                power = power.mul(&base);
            }
            base = power;
        }
    }

    #[test]
    fn matches_generic_pow() {
        let exponents = [
            U256::ZERO,
            U256::ONE,
            U256::from_u8(15),
            U256::from_u8(16),
            U256::from_u8(31),
            U256::from_u8(32),
            U256::from_be_hex("00000000000000000000000000000001f000000000000000f80000000000000f"),
            U256::MAX,
            U256::from_be_hex("8000000000000000000000000000000000000000000000000000000000000001"),
            U256::from_be_hex("0123456789abcdeffedcba98765432100f1e2d3c4b5a69788796a5b4c3d2e1f0"),
        ];
        for e in &exponents {
            assert_eq!(pow_g(e, 256), G.pow_bounded_exp(e, 256));
            let wide: U3072 = e.resize();
            assert_eq!(pow_g(&wide, 256), G.pow(&wide));
        }
        // Bounds that are not multiples of the window.
        let e = U256::from_u16(0x1ab);
        assert_eq!(pow_g(&e, 9), G.pow_bounded_exp(&e, 9));
        assert_eq!(pow_g(&e, 13), G.pow_bounded_exp(&e, 13));
    }
}
