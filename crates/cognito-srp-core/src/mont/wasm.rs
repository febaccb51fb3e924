//! Montgomery multiplication for wasm32, on 28-bit digits (squares are products too: see
//! [`super::square`]).
//!
//! crypto-bigint uses 64-bit words on wasm32 (WebAssembly has 64-bit integers), so the
//! generic code of [`super`] multiplies 64-bit words into 128-bit products there, and wasm32
//! has no 64 × 64 → 128-bit multiplication: each product costs several. Its one fast
//! product is `i64.mul`. Here the operands are cut into D = 110 digits of 28 bits (3,080
//! bits), held in 64-bit integers: a digit product is one `i64.mul` and is below 2^56, so
//! 256 of them add up in a 64-bit integer without overflow. The product and the Montgomery
//! reduction are then interleaved column by column (product scanning): column k sums
//! a_i·b_(k−i) over its i and m_j·n_(k−j) over j < k — at most 219 products, no carry
//! handled inside the column — and the column's low 28 bits give the quotient digit m_k
//! (k < D) or the result's digit k − D (k ≥ D), the rest carries into column k + 1.
//!
//! The quotient digit needs no multiplication: N ≡ −1 mod 2^28 (its low 64 bits are ones),
//! so N' = −N⁻¹ mod 2^28 is 1, m_k is the column's low digit itself, and N's low digit
//! 2^28 − 1 makes m_k·n_0 known: the column plus it is m_k·2^28 + (the column − m_k).
//!
//! The result is a·b·2^(−3080) mod N below 2^3064 + N: after one masked subtraction of N
//! when bit 3072 is set, it is multiplied by 2^8 mod N (a shift and a fold, [`times_256`])
//! to give [`super::mul`]'s a·b·2^(−3072), almost reduced (below 2^3072), the same value
//! as the generic code's.
//!
//! With SIMD (`simd128`) the digits are also kept in runs of four, one `v128` each, so that
//! a run is one 128-bit load: forward runs of one operand, and of the other (reversed) four
//! copies, one per alignment, since column k reads it from entry OFF − k on. N's reversed
//! runs are built for each multiplication from its digits (a constant of 1.9 KB would cost
//! more `.wasm` than the 120 runs cost time); the quotient digits m_j are written into their
//! runs lane by lane.
//! Without the runs, LLVM at opt-level "s" read each run of a `u32` slice as two or four
//! narrower loads and lane inserts, which made the client step about a fifth slower in Node.
//!
//! Constant time: every loop bound, slice bound and branch depends only on the column index
//! and the (public) digit count; the subtraction of N is masked.

#[cfg(target_feature = "simd128")]
use core::arch::wasm32::{
    i64x2_add, u32x4, u32x4_replace_lane, u64x2, u64x2_extmul_high_u32x4, u64x2_extmul_low_u32x4,
    u64x2_extract_lane, v128,
};

use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use super::{L, Limbs, NW, TWO_POW_LW_MINUS_N, W, Word, sub_n_if};

/// Bits per digit.
const B: u32 = 28;

/// A digit's mask.
const MASK: u64 = (1 << B) - 1;

/// Digits of a value below 2^3080 (28 · 110 ≥ 3072 = L·W).
const D: usize = (L * W as usize).div_ceil(B as usize);

/// Digits rounded up to a multiple of 4 (SIMD runs of four): the length of the forward arrays,
/// whose digits past D are zero.
const DP: usize = D.next_multiple_of(4);

/// A value as little-endian 28-bit digits, zero past digit D − 1.
type Digits = [u32; DP];

/// Where a reversed array holds digit 0: `rev[OFF − i]` is digit i, and the four entries
/// below `OFF − (D − 1)` and the ones above `OFF` are zero.
const OFF: usize = D + 3;

/// A value's digits in reverse order, with zeros around ([`OFF`]).
type Reversed = [u32; DP + 8];

/// The digits of `x` (a value below 2^(LW)), bits 28i .. 28i + 27 for digit i.
fn digits_of(x: &Limbs) -> Digits {
    let mut out = [0; DP];
    // Bits not yet taken: `have` of them (at most 27 + 32), the lowest first, fed 32 bits
    // at a time (no 128-bit shifts, which wasm32 does by a call).
    let (mut acc, mut have) = (0u64, 0u32);
    let mut halves = x.iter().flat_map(|&w| [lo32(w), hi32(w)]);
    for d in out.iter_mut().take(D) {
        if have < B {
            acc |= u64::from(halves.next().unwrap_or(0)) << have;
            have += 32;
        }
        *d = lo32(acc & MASK);
        acc >>= B;
        have -= B;
    }
    out
}

/// `digits` (of some value) reversed, with zeros around.
fn reversed_of(digits: &Digits) -> Reversed {
    let mut out = [0; DP + 8];
    // out[OFF − i] = digit i.
    for (o, &d) in out.iter_mut().skip(OFF + 1 - D).take(D).rev().zip(digits) {
        *o = d;
    }
    out
}

/// N's digits reversed, with zeros around: [`reversed_of`] of [`digits_of`] at compile time.
// Constant evaluation: an index out of range would fail the build, not panic at run time.
#[allow(clippy::indexing_slicing)]
const N_REV: Reversed = {
    let mut out = [0; DP + 8];
    let mut i = 0;
    while i < D {
        let bit = i * B as usize;
        let (w, s) = (bit / W as usize, bit % W as usize);
        let low = NW[w] >> s;
        let high = if s + B as usize > W as usize && w + 1 < L { NW[w + 1] << (W as usize - s) } else { 0 };
        out[OFF - i] = lo32((low | high) & MASK);
        i += 1;
    }
    out
};

/// `Σ x_i·y_i` over two slices of one length (fewer than 256 digit products: no overflow).
#[cfg(not(target_feature = "simd128"))]
#[inline(always)]
fn dot(x: &[u32], y: &[u32]) -> u64 {
    x.iter().zip(y).fold(0, |s, (&a, &b)| s.wrapping_add(u64::from(a) * u64::from(b)))
}

/// A value's digits in runs of four, as SIMD reads them: run c holds digits 4c .. 4c + 3.
/// Indexing an array of `v128` is one 128-bit load; four-digit runs sliced from a `u32` array
/// compile (at opt-level "s") to two or four narrower loads and lane inserts per run.
#[cfg(target_feature = "simd128")]
type Runs = [v128; DP / 4];

/// Runs of four per reversed array ([`Reversed`]), at each of the four alignments:
/// `rot[s][c]` holds entries 4c + s .. 4c + s + 3 (zero past the end), so that a run
/// starting at any entry is one load.
#[cfg(target_feature = "simd128")]
const RC: usize = (DP + 8) / 4;

/// [`RC`] runs at each of the four alignments.
#[cfg(target_feature = "simd128")]
type RotRuns = [[v128; RC]; 4];

/// The runs of `digits`.
#[cfg(target_feature = "simd128")]
fn runs_of(digits: &Digits) -> Runs {
    let mut out = [u64x2(0, 0); DP / 4];
    for (o, &[d0, d1, d2, d3]) in out.iter_mut().zip(digits.as_chunks::<4>().0) {
        *o = u32x4(d0, d1, d2, d3);
    }
    out
}

/// The runs of a reversed array at the four alignments.
#[cfg(target_feature = "simd128")]
fn rot_runs_of(rev: &Reversed) -> RotRuns {
    let at = |i: usize| rev.get(i).copied().unwrap_or(0);
    let mut out = [[u64x2(0, 0); RC]; 4];
    for (s, rot) in out.iter_mut().enumerate() {
        for (c, o) in rot.iter_mut().enumerate() {
            let i = 4 * c + s;
            *o = u32x4(at(i), at(i + 1), at(i + 2), at(i + 3));
        }
    }
    out
}

/// Overwrites `runs` with zeros, in a way the compiler keeps (`v128` has no `Zeroize`).
#[cfg(target_feature = "simd128")]
fn clear_runs<T: ?Sized>(runs: &mut T, fill: impl FnOnce(&mut T)) {
    fill(runs);
    zeroize::optimization_barrier(runs);
}

/// `Σ x_i·y_i` over runs of four (fewer than 256 digit products: no overflow): two
/// 32 × 32 → 64-bit products per `u64x2.extmul`, summed in two 64-bit lanes (the digit
/// products are below 2^56: the lanes do not overflow either).
#[cfg(target_feature = "simd128")]
#[inline(always)]
fn dot_runs(x: &[v128], y: &[v128]) -> u64 {
    let (mut acc0, mut acc1) = (u64x2(0, 0), u64x2(0, 0));
    for (&xv, &yv) in x.iter().zip(y) {
        acc0 = i64x2_add(acc0, u64x2_extmul_low_u32x4(xv, yv));
        acc1 = i64x2_add(acc1, u64x2_extmul_high_u32x4(xv, yv));
    }
    let acc = i64x2_add(acc0, acc1);
    u64x2_extract_lane::<0>(acc).wrapping_add(u64x2_extract_lane::<1>(acc))
}

/// `Σ x_i·y_(k−i)` over x's runs `first .. last` (digits 4·first .. 4·last), with `y_rot`
/// the runs of y reversed; 0 when `first` ≥ `last`.
#[cfg(target_feature = "simd128")]
#[inline(always)]
fn runs_dot(x: &Runs, y_rot: &RotRuns, k: usize, first: usize, last: usize) -> u64 {
    // y_rev's entry for x's digit 4·first (at least 1: OFF = D + 3 and 4·first ≥ k − D − 2).
    let s0 = (OFF + 4 * first).wrapping_sub(k);
    let ys = y_rot
        .get(s0 % 4)
        .and_then(|rot| rot.get(s0 / 4..(s0 / 4).saturating_add(last.saturating_sub(first))));
    match (x.get(first..last), ys) {
        (Some(xs), Some(ys)) => dot_runs(xs, ys),
        _ => 0,
    }
}

/// `Σ x_i·y_(k−i)` for i from `from` to `to` on runs, widened to whole runs at both ends (the
/// caller's guarantee that the pairs added above `to` are zero; the zeros around y reversed
/// cover those below `from`).
#[cfg(target_feature = "simd128")]
#[inline(always)]
fn column_runs(x: &Runs, y_rot: &RotRuns, k: usize, from: usize, to: usize) -> u64 {
    runs_dot(x, y_rot, k, from / 4, to.div_ceil(4))
}

/// `Σ x_i·y_(k−i)` for i from `from` to `to` (exclusive), `y_rev` being y reversed
/// (y_(k−i) = y_rev[OFF − k + i]), without SIMD. The run is widened to multiples of 4, as
/// the SIMD path's runs are: below `from`, where the zeros around `y_rev` cover the pairs
/// (k − i > D − 1), and above `to`, by the caller's guarantee that those pairs are zero
/// (x_i = 0 for i ≥ to, or y_(k−i) = 0).
#[cfg(not(target_feature = "simd128"))]
#[inline(always)]
fn column(x: &Digits, y_rev: &Reversed, k: usize, from: usize, to: usize) -> u64 {
    let start = from - from % 4;
    let end = to.next_multiple_of(4);
    match (x.get(start..end), y_rev.get((OFF + start).wrapping_sub(k)..)) {
        (Some(xs), Some(ys)) => dot(xs, ys.get(..xs.len()).unwrap_or(&[])),
        _ => 0,
    }
}

/// The quotient digits m_j of the reduction, filled in column by column (zero above).
struct Quotients {
    /// The digits (the scalar path reads them).
    #[cfg(not(target_feature = "simd128"))]
    digits: Digits,
    /// The digits in runs of four (the SIMD path reads them).
    #[cfg(target_feature = "simd128")]
    runs: Runs,
    /// N's reversed runs at the four alignments: built per multiplication (120 runs, under
    /// 1% of its time) rather than kept as 1.9 KB of constant data in the `.wasm`.
    #[cfg(target_feature = "simd128")]
    n_rot: RotRuns,
}

impl Quotients {
    /// No digits yet.
    fn new() -> Self {
        #[cfg(not(target_feature = "simd128"))]
        return Self { digits: [0; DP] };
        #[cfg(target_feature = "simd128")]
        Self { runs: [u64x2(0, 0); DP / 4], n_rot: rot_runs_of(&N_REV) }
    }

    /// Sets m_k (k < D; k is public, the branch on it too).
    #[inline(always)]
    fn set(&mut self, k: usize, digit: u32) {
        #[cfg(not(target_feature = "simd128"))]
        if let Some(mk) = self.digits.get_mut(k) {
            *mk = digit;
        }
        #[cfg(target_feature = "simd128")]
        if let Some(run) = self.runs.get_mut(k / 4) {
            *run = match k % 4 {
                0 => u32x4_replace_lane::<0>(*run, digit),
                1 => u32x4_replace_lane::<1>(*run, digit),
                2 => u32x4_replace_lane::<2>(*run, digit),
                _ => u32x4_replace_lane::<3>(*run, digit),
            };
        }
    }

    /// Column k's sum of m_j·n_(k−j) for j from `from` to min(k − 1, D − 1) (m_j is zero
    /// from j = k up, so the run is widened to whole runs of four).
    #[inline(always)]
    fn column(&self, k: usize, from: usize) -> u64 {
        #[cfg(not(target_feature = "simd128"))]
        return column(&self.digits, &N_REV, k, from, k.min(D));
        #[cfg(target_feature = "simd128")]
        column_runs(&self.runs, &self.n_rot, k, from, k.min(D))
    }

    /// Overwrites the digits with zeros.
    fn clear(&mut self) {
        #[cfg(not(target_feature = "simd128"))]
        self.digits.zeroize();
        #[cfg(target_feature = "simd128")]
        clear_runs(&mut self.runs, |runs| runs.fill(u64x2(0, 0)));
    }
}

/// Montgomery multiplication by columns; `cross` gives column k's sum of the product's
/// digit products (a_i·b_(k−i) over i). Writes a·b·2^(−3072) mod N, almost reduced, to `out`.
#[inline(always)]
fn mul_by_columns(cross: impl Fn(usize, usize, usize) -> u64, out: &mut Limbs) {
    // m_j for j < k, zero above (so that runs widened to multiples of 4 add nothing).
    let mut m = Quotients::new();
    let mut r = [0u32; D];
    let mut carry: u64 = 0;
    for k in 0..2 * D - 1 {
        // a_i·b_(k−i): i from max(0, k − D + 1) to min(k, D − 1); m_j·n_(k−j): j from
        // max(0, k − D + 1) to min(k − 1, D − 1), m_k·n_0 apart.
        let from = (k + 1).saturating_sub(D);
        let s = carry.wrapping_add(cross(k, from, (k + 1).min(D))).wrapping_add(m.column(k, from));
        let digit = lo32(s & MASK);
        if k < D {
            // m_k = s mod 2^28 (N' = 1); s + m_k·(2^28 − 1) = (s − m_k) + m_k·2^28.
            m.set(k, digit);
            carry = (s >> B) + u64::from(digit);
        } else {
            if let Some(rk) = r.get_mut(k - D) {
                *rk = digit;
            }
            carry = s >> B;
        }
    }
    // Column 2D − 1 has no products: the top digit is the carry (below 2^(3073 − 28·109)).
    if let Some(top) = r.last_mut() {
        *top = lo32(carry);
    }
    m.clear();
    // Back to words, 32 bits at a time: bits 3072 and up (one at most: the value is below
    // 2^3064 + N) in `extra`.
    let (mut acc, mut have) = (0u64, 0u32);
    let mut digits = r.iter();
    let mut half = || {
        while have < 32 {
            acc |= u64::from(digits.next().copied().unwrap_or(0)) << have;
            have += B;
        }
        let h = lo32(acc);
        acc >>= 32;
        have -= 32;
        h
    };
    for o in out.iter_mut() {
        let low = half();
        *o = u64::from(low) | (u64::from(half()) << 32);
    }
    let extra = u64::from(half());
    r.zeroize();
    sub_n_if(out, extra.ct_eq(&1));
    times_256(out);
}

/// `x ← x·2^8 mod N`, almost reduced: a shift by 8 bits and the 8 bits shifted out folded
/// back in (`high`·2^(LW) ≡ `high`·(2^(LW) − N)), then one masked subtraction of N (the
/// bounds of `mul_pow2_assign`, here for a public shift).
fn times_256(x: &mut Limbs) {
    let mut carry_in: Word = 0;
    for w in x.iter_mut() {
        let shifted = (*w << 8) | carry_in;
        carry_in = *w >> (W - 8);
        *w = shifted;
    }
    let high = carry_in;
    let mut carry: Word = 0;
    for (w, &c) in x.iter_mut().zip(TWO_POW_LW_MINUS_N.iter()) {
        // At most (2^8 − 1)(2^64 − 1) + 2(2^64 − 1) < 2^128: no overflow.
        let p = u128::from(high) * u128::from(c) + u128::from(*w) + u128::from(carry);
        *w = lo64(p);
        carry = lo64(p >> W);
    }
    sub_n_if(x, carry.ct_eq(&1));
}

/// The low 32 bits.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
const fn lo32(x: u64) -> u32 {
    x as u32
}

/// The high 32 bits of a word.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
const fn hi32(x: u64) -> u32 {
    (x >> 32) as u32
}

/// The low 64 bits.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
const fn lo64(x: u128) -> Word {
    x as Word
}

/// Montgomery multiplication: `a·b·2^(−3072) mod N`, almost reduced.
pub(super) fn mul(a: &Limbs, b: &Limbs, out: &mut Limbs) {
    let mut a_d = digits_of(a);
    let mut b_d = digits_of(b);
    let mut b_rev = reversed_of(&b_d);
    b_d.zeroize();
    // Above `to`: a_i = 0 (i ≥ D) or b_(k−i) = 0 (i > k).
    #[cfg(not(target_feature = "simd128"))]
    mul_by_columns(|k, from, to| column(&a_d, &b_rev, k, from, to), out);
    #[cfg(target_feature = "simd128")]
    {
        let (mut a_runs, mut b_rot) = (runs_of(&a_d), rot_runs_of(&b_rev));
        mul_by_columns(|k, from, to| column_runs(&a_runs, &b_rot, k, from, to), out);
        clear_runs(&mut a_runs, |runs| runs.fill(u64x2(0, 0)));
        clear_runs(&mut b_rot, |rot| rot.fill([u64x2(0, 0); RC]));
    }
    a_d.zeroize();
    b_rev.zeroize();
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;
    use crate::mont::{full_reduce, mul_generic, square_generic};

    /// A value from its digits (the inverse of [`digits_of`] for values below 2^(LW)).
    fn limbs_of_digits(d: &Digits) -> Limbs {
        let mut out = [0; L];
        for (i, &x) in d.iter().enumerate().take(D) {
            let bit = i * B as usize;
            let (w, s) = (bit / W as usize, bit % W as usize);
            out[w] |= u64::from(x) << s;
            if s + B as usize > W as usize && w + 1 < L {
                out[w + 1] |= u64::from(x) >> (W as usize - s);
            }
        }
        out
    }

    fn xorshift(seed: u64) -> Limbs {
        let mut s = seed | 1;
        let mut out = [0; L];
        for w in &mut out {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            *w = s;
        }
        out
    }

    fn inputs() -> [Limbs; 28] {
        let mut top = [0; L];
        top[L - 1] = 1 << 63;
        let mut low_digits = [0; L];
        low_digits[0] = MASK;
        let mut v = [[0; L]; 28];
        v[1] = [Word::MAX; L];
        v[2] = NW;
        v[3] = top;
        v[4] = low_digits;
        for (seed, x) in (1..).zip(&mut v[5..]) {
            *x = xorshift(seed);
        }
        v
    }

    #[test]
    fn digits_round_trip_and_reverse() {
        for x in inputs() {
            let d = digits_of(&x);
            assert!(d.iter().all(|&v| u64::from(v) <= MASK));
            assert!(d[D..].iter().all(|&v| v == 0));
            assert_eq!(limbs_of_digits(&d), x);
            let r = reversed_of(&d);
            for i in 0..D {
                assert_eq!(r[OFF - i], d[i]);
            }
            assert!(r[..OFF + 1 - D].iter().chain(&r[OFF + 1..]).all(|&v| v == 0));
        }
        assert_eq!(reversed_of(&digits_of(&NW)), N_REV);
    }

    #[test]
    fn columns_match_the_generic_code() {
        // The same residues (both almost reduced: compared fully reduced), and below 2^(LW).
        let xs = inputs();
        for a in &xs {
            for b in &xs {
                let (mut ours, mut theirs) = ([0; L], [0; L]);
                mul(a, b, &mut ours);
                mul_generic(a, b, &mut theirs);
                full_reduce(&mut ours);
                full_reduce(&mut theirs);
                assert_eq!(ours, theirs);
            }
            // Squares are products of a value with itself here (see `mont::square`).
            let (mut ours, mut theirs) = ([0; L], [0; L]);
            mul(a, a, &mut ours);
            square_generic(a, &mut theirs);
            full_reduce(&mut ours);
            full_reduce(&mut theirs);
            assert_eq!(ours, theirs);
        }
    }
}
