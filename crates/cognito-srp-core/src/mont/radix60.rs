//! Exponentiation on 60-bit digits, for 64-bit targets (not wasm32): [`super::pow`] there.
//!
//! The word code of [`super`] adds each 64 × 64-bit product into a double-width buffer with
//! two carry propagations (an add and an add-with-carry, twice), and those instructions, not
//! the multiplier, set its cost per product. Here a value is cut into D = 52 digits of 60 bits
//! (3,120 bits): a digit product is below 2^120, so a column of up to 104 of them (the
//! product's and the reduction's) adds up in a `u128` with no carry handled inside the column,
//! one multiplication and one 128-bit addition per product. Product and Montgomery reduction
//! are interleaved column by column (product scanning, [`fips`]): column k adds a_i·b_(k−i)
//! over its i and m_j·n_(k−j) over j < k, and its low 60 bits give the quotient digit m_k
//! (k < D) or the result's digit k − D (k ≥ D); the rest carries into column k + 1. N ≡ −1 mod
//! 2^60 (its low 64 bits are ones), so N' = 1: m_k is the column's low digit itself, and N's
//! low digit 2^60 − 1 makes m_k·n_0 known (the column plus it is m_k·2^60 plus the column
//! minus m_k). A multiplication is 2 · 52² = 5,408 digit products, a squaring (each cross
//! product once, one factor doubled) 52·53/2 + 52² = 4,082, more than the word code's 3,936 and
//! 3,108 and still faster per operation; see `benches/README.md`, "60-bit digits".
//!
//! **The digit domain.** Montgomery multiplication on 52 digits divides by R' = 2^3120, not by
//! the words' R = 2^3072, so values are kept as x·R' mod N while an exponentiation runs, and
//! converted once on the way in (a word multiplication by R'·R mod N / R = 2^3120 mod N, then
//! the digits) and once on the way out (a digit multiplication by R mod N). Bounds: every value
//! in the domain is below 2^3073, so a product of two is below 2^3073 · 2^3073 / 2^3120 + N <
//! 2^3072 (no final subtraction), every digit but the top one is below 2^60, and a column's
//! sum stays below 104 · 2^121 + 2^68 < 2^128 (with the doubled factor of a squaring).
//!
//! Constant time: every loop bound, slice bound and branch depends only on the column index,
//! the (public) digit count and the public exponent width; table entries are read by scanning
//! the whole table with masked assignments, as in [`super::pow`]. Every buffer that holds a
//! digit of a secret value, a column sum or a quotient digit is zeroized before returning.

use crypto_bigint::{U3072, Uint};
use zeroize::Zeroize;

use super::{L, Limbs, NW, W, Word, fe_from, limbs_of, mul as mul_words, pow_windows};
use crate::group::Fe;

// The digit code reads crypto-bigint's words as 64-bit integers.
const _: () = assert!(W == 64);

/// Bits per digit.
const B: u32 = 60;

/// A digit's mask.
const MASK: u64 = (1 << B) - 1;

/// Digits of a value below 2^3120 (52 · 60 = 3,120 ≥ 3,072).
pub(crate) const D: usize = 52;

/// Columns of a full product of two D-digit values.
const COLS: usize = 2 * D - 1;

/// A value as little-endian 60-bit digits.
pub(crate) type Digits = [u64; D];

/// N's digits, most significant first: `N_REV[D − 1 − j]` is digit j.
const N_REV: Digits = reversed(digits_of(&NW));

/// The digit domain's one (R' mod N = 2^3120 mod N): the factor a window whose digit is 0
/// selects.
pub(crate) const ONE: Digits = digits_of(&R_PRIME_WORDS);

/// R mod N = 2^3072 mod N as digits: the digit multiplier that takes a digit-domain value x·R'
/// back to the words' x·R.
const R_DIGITS: Digits = digits_of(Fe::ONE.as_montgomery().as_words());

/// 2^3120 mod N as words: the digit domain's one (R' mod N), and the word multiplier that
/// takes a word-domain value x·R into the digit domain (x·R · 2^3120 / R = x·R'). It is 2^48
/// in the words' Montgomery form (2^48·R mod N).
const R_PRIME_WORDS: Limbs = *Fe::new(&U3072::from_u64(1 << 48)).as_montgomery().as_words();

/// The low word of a `u128`.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
const fn lo(x: u128) -> u64 {
    x as u64
}

/// The digits of `x` (bits 60i .. 60i + 59 for digit i). A `const fn`, so that the digits of
/// the constants (N, R' mod N, R mod N) are computed at build time; at run time it takes a
/// value into the digit domain ([`to_digits`]). Which words a digit reads depends only on `i`.
// Every index is checked against its bound first (`word < L`, `i < D`): nothing can panic.
#[allow(clippy::indexing_slicing)]
const fn digits_of(x: &Limbs) -> Digits {
    let mut digits = [0u64; D];
    let mut i = 0;
    while i < D {
        // Bits 60i .. 60i + 59: in word 60i / 64 and maybe the next one.
        let bit = i * (B as usize);
        let (word, shift) = (bit / (W as usize), bit % (W as usize));
        let low = if word < L { x[word] >> shift } else { 0 };
        let high = if shift + (B as usize) > (W as usize) && word + 1 < L {
            x[word + 1] << ((W as usize) - shift)
        } else {
            0
        };
        digits[i] = (low | high) & MASK;
        i += 1;
    }
    digits
}

/// `d` in reverse order.
// Every index is below D: nothing can panic.
#[allow(clippy::indexing_slicing)]
const fn reversed(d: Digits) -> Digits {
    let mut out = [0u64; D];
    let mut i = 0;
    while i < D {
        out[D - 1 - i] = d[i];
        i += 1;
    }
    out
}

/// `out` ← the low 3,072 bits of the value of `digits` (digits below 2^60 but maybe the top
/// one); returns the bits above them.
fn limbs_from(digits: &Digits, out: &mut Limbs) -> Word {
    // Bits not yet written: `have` of them (at most 63 + 60).
    let (mut acc, mut have) = (0u128, 0u32);
    let mut next = digits.iter();
    for o in out.iter_mut() {
        while have < W {
            acc |= u128::from(next.next().copied().unwrap_or(0)) << have;
            have += B;
        }
        *o = lo(acc);
        acc >>= W;
        have -= W;
    }
    // Every digit has been read (51 · 60 < 3,072): `acc` holds the bits above 2^3072.
    let extra = lo(acc);
    acc.zeroize();
    extra
}

/// The product's columns and the Montgomery reduction interleaved (product scanning):
/// `column(k, acc)` adds the product's column k to `acc`; then m_j·n_(k−j) is added, and the
/// low 60 bits give m_k (k < D) or the result's digit k − D. `out` ← the product · 2^(−3120)
/// mod N (below 2^3072 for factors below 2^3073).
#[inline(always)]
fn fips(mut column: impl FnMut(usize, &mut u128), out: &mut Digits) {
    let mut m = [0u64; D];
    let mut acc = 0u128;
    for k in 0..D {
        column(k, &mut acc);
        // m_j·n_(k−j) over j < k: m[..k] against N_REV[D − 1 − k .. D − 1].
        let ms = m.get(..k).unwrap_or_default();
        let ns = N_REV.get(D - 1 - k..D - 1).unwrap_or_default();
        for (&a, &b) in ms.iter().zip(ns) {
            acc += u128::from(a) * u128::from(b);
        }
        let mk = lo(acc) & MASK;
        if let Some(slot) = m.get_mut(k) {
            *slot = mk;
        }
        // acc + m_k·(2^60 − 1) = (acc − m_k) + m_k·2^60, and acc − m_k has 60 low zero bits.
        acc = (acc >> B) + u128::from(mk);
    }
    for (k, o) in (D..COLS).zip(out.iter_mut()) {
        column(k, &mut acc);
        // m_j·n_(k−j) over j > k − D: m[k − D + 1 ..] against N_REV[..].
        let ms = m.get(k - D + 1..).unwrap_or_default();
        for (&a, &b) in ms.iter().zip(&N_REV) {
            acc += u128::from(a) * u128::from(b);
        }
        *o = lo(acc) & MASK;
        acc >>= B;
    }
    if let Some(top) = out.last_mut() {
        *top = lo(acc);
    }
    m.zeroize();
    acc.zeroize();
}

/// `out` ← `x·y·2^(−3120) mod N` for digit-domain values (below 2^3073).
pub(crate) fn mul(x: &Digits, y: &Digits, out: &mut Digits) {
    let mut y_rev = *y;
    y_rev.reverse();
    fips(
        |k, acc| {
            // x_i·y_(k−i) over max(0, k − D + 1) ≤ i ≤ min(k, D − 1); y_(k−i) is
            // y_rev[D − 1 − k + i].
            let i0 = k.saturating_sub(D - 1);
            let xs = x.get(i0..=k.min(D - 1)).unwrap_or_default();
            let ys = y_rev.get(D - 1 + i0 - k..).unwrap_or_default();
            for (&a, &b) in xs.iter().zip(ys) {
                *acc += u128::from(a) * u128::from(b);
            }
        },
        out,
    );
    y_rev.zeroize();
}

/// `out` ← `x²·2^(−3120) mod N` for a digit-domain value (below 2^3073): each cross product
/// x_i·x_j (i < j) once with the first factor doubled (2·x_i is below 2^61), plus the squares.
pub(crate) fn square(x: &Digits, out: &mut Digits) {
    let mut x_rev = *x;
    x_rev.reverse();
    let mut twice = *x;
    for t in &mut twice {
        *t <<= 1;
    }
    fips(
        |k, acc| {
            // Pairs i < k − i: i runs over max(0, k − D + 1) .. (k + 1) / 2.
            let i0 = k.saturating_sub(D - 1);
            let xs = twice.get(i0..k.div_ceil(2)).unwrap_or_default();
            let ys = x_rev.get(D - 1 + i0 - k..).unwrap_or_default();
            for (&a, &b) in xs.iter().zip(ys) {
                *acc += u128::from(a) * u128::from(b);
            }
            if k % 2 == 0 {
                let v = u128::from(x.get(k / 2).copied().unwrap_or(0));
                *acc += v * v;
            }
        },
        out,
    );
    x_rev.zeroize();
    twice.zeroize();
}

/// A field element taken into the digit domain: x·R mod N (its words) times 2^3120 mod N by
/// one word multiplication (x·R'), then cut into digits.
pub(crate) fn to_digits(x: &Fe) -> Digits {
    let mut words = [Word::MIN; L];
    mul_words(&limbs_of(x), &R_PRIME_WORDS, &mut words);
    let digits = digits_of(&words);
    words.zeroize();
    digits
}

/// A digit-domain value taken back to a field element: times R mod N in the digit domain
/// (x·R' · R / R' = x·R), then its words (below 2^3072: no bits above), fully reduced.
pub(crate) fn from_digits(x: &Digits) -> Fe {
    let mut product = [0u64; D];
    mul(x, &R_DIGITS, &mut product);
    let mut words = [Word::MIN; L];
    // The product is below 2^3072, so nothing is above the words.
    let _ = limbs_from(&product, &mut words);
    product.zeroize();
    fe_from(words)
}

/// [`super::pow`] on digits, with windows of `w` bits for a table of 2^w − 1 entries (its
/// contents on entry do not matter; it is zeroized on return).
pub(crate) fn pow_with<const T: usize, const E: usize>(
    table: &mut [Digits; T],
    base: &Fe,
    e: &Uint<E>,
    bits: u32,
) -> Fe {
    let mut next = [0u64; D];
    let mut acc = pow_windows(table, to_digits(base), &ONE, e.as_words(), bits, mul, |acc, factor| {
        match factor {
            None => square(acc, &mut next),
            Some(f) => mul(acc, f, &mut next),
        }
        *acc = next;
    });
    next.zeroize();
    let result = from_digits(&acc);
    acc.zeroize();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n_digits_are_n() {
        // N's digits put back together give N's words, and N ≡ −1 mod 2^60 (N' = 1).
        let mut digits = [0u64; D];
        for (d, &r) in digits.iter_mut().zip(N_REV.iter().rev()) {
            *d = r;
        }
        assert_eq!(digits.first().copied(), Some(MASK));
        let mut words = [Word::MIN; L];
        assert_eq!(limbs_from(&digits, &mut words), 0);
        assert_eq!(words, NW);
    }

    #[test]
    fn digits_round_trip() {
        let mut x = [Word::MIN; L];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for w in &mut x {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            *w = seed;
        }
        for value in [x, [Word::MAX; L], [Word::MIN; L]] {
            let digits = digits_of(&value);
            assert!(digits.iter().all(|&d| d <= MASK));
            let mut words = [Word::MIN; L];
            assert_eq!(limbs_from(&digits, &mut words), 0);
            assert_eq!(words, value);
        }
    }

    #[test]
    fn the_domain_round_trips_and_multiplies_like_crypto_bigint() {
        let mut seed = 0x0123_4567_89ab_cdef_u64;
        let mut random = || {
            let mut w = [Word::MIN; L];
            for x in &mut w {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *x = seed;
            }
            Fe::new(&U3072::from_words(w))
        };
        let minus_one = Fe::ZERO - Fe::ONE;
        let values = [Fe::ZERO, Fe::ONE, minus_one, random(), random(), random()];
        for a in &values {
            assert_eq!(from_digits(&to_digits(a)), *a);
            for b in &values {
                let (x, y) = (to_digits(a), to_digits(b));
                let mut out = [0u64; D];
                mul(&x, &y, &mut out);
                assert_eq!(from_digits(&out), a.mul(b));
                square(&x, &mut out);
                assert_eq!(from_digits(&out), a.square());
            }
        }
    }

    #[test]
    fn the_largest_inputs_stay_within_the_bounds() {
        // Digit-domain values are below 2^3073. The largest digits (2^60 − 1 up to bit 3,072,
        // the top digit 2^13 − 1) multiply and square to the same value, below 2^3072.
        let mut x = [MASK; D];
        if let Some(top) = x.last_mut() {
            *top = (1 << 13) - 1;
        }
        let mut out = [0u64; D];
        mul(&x, &x, &mut out);
        let mut words = [Word::MIN; L];
        assert_eq!(limbs_from(&out, &mut words), 0);
        let mut sq = [0u64; D];
        square(&x, &mut sq);
        assert_eq!(sq, out);
        // A value plus N (above 2^3072) is another representative of the same residue, and
        // gives the same products as crypto-bigint's.
        let v = Fe::ZERO - Fe::ONE;
        let mut y = to_digits(&v);
        let mut carry = 0u64;
        for (d, n) in y.iter_mut().zip(N_REV.iter().rev()) {
            let s = *d + n + carry;
            *d = s & MASK;
            carry = s >> B;
        }
        assert_eq!(carry, 0);
        let mut words = [Word::MIN; L];
        assert_eq!(limbs_from(&y, &mut words), 1, "the representative is above 2^3072");
        mul(&y, &y, &mut out);
        assert_eq!(from_digits(&out), v.square());
        square(&y, &mut out);
        assert_eq!(from_digits(&out), v.square());
    }
}
