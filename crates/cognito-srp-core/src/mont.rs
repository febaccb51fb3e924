//! Montgomery multiplication, squaring and exponentiation specialised to the group's N.
//!
//! crypto-bigint's `ConstMontyForm` is generic over the modulus. This module uses two facts
//! about RFC 3526's 3072-bit prime:
//!
//! - N ≡ −1 mod 2^W for the word size W (its low 64 bits are all ones), so the Montgomery
//!   constant N' = −N⁻¹ mod 2^W is 1: the quotient digit of each reduction row is the low
//!   word itself (no multiplication by N'), and since N's low word is 2^W − 1 the product of
//!   that digit with it is known without a multiplication (`t + m·(2^W − 1) = m·2^W` when
//!   `t ≡ m`).
//! - N > 2^3071, so any value below 2^3072 is below 2N: results are kept "almost reduced"
//!   (below 2^3072, not necessarily below N) between operations, and one conditional
//!   subtraction at the end of an exponentiation reduces fully.
//!
//! Multiplication and squaring first form the full double-width product, by one Karatsuba
//! level on halves of H = L/2 limbs (three half-size products; the half-size squarings
//! compute each cross product a_i·a_j, i < j, once and double the sum), then reduce it
//! ([`reduce`]): 3H² + L² word multiplications for a multiplication and
//! 3(H(H−1)/2 + H) + L² for a squaring, instead of 2L² and L(L−1)/2 + L + L² without
//! Karatsuba (L = 48 limbs of 64 bits, 96 of 32 bits: 4,032 and 3,204 instead of 4,608 and
//! 3,480 with 64-bit limbs).
//!
//! On wasm32 (where crypto-bigint's words are 64 bits but WebAssembly has no 64 × 64 →
//! 128-bit multiplication) [`mul`] is computed on 28-bit digits instead, by columns and with
//! SIMD when the build enables it (`wasm` submodule), and [`square`] is that product of a value
//! with itself; every other target uses the code below.
//!
//! On 64-bit targets but wasm32, [`pow`] (the claims' S and the server's) and the fixed-base
//! table's products run on 60-bit digits instead, in their own Montgomery domain
//! (`radix60` submodule): the word code below serves the way in, the other exponentiations
//! (`pow_two`, the comb, the server's split powers) and the 32-bit targets.
//!
//! Everything is generic over crypto-bigint's `Word`/`WideWord` (u64/u128 on 64-bit targets
//! and on wasm32, u32/u64 on 32-bit ones such as `thumbv7em`). Constant time: loop bounds and
//! indices depend only on the (public) limb count; carries are handled arithmetically and
//! the final subtractions are masked, never branched on.

use crypto_bigint::{U3072, WideWord, Word};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroize;

use crate::group::{Fe, N};

// wasm32, where crypto-bigint's words are 64 bits but the machine multiplies 32-bit words
// into 64 bits: multiplication and squaring on 28-bit digits (with SIMD when enabled).
#[cfg(target_arch = "wasm32")]
mod wasm;

// 64-bit targets but wasm32: exponentiation on 60-bit digits, whose column sums need no
// carries inside a column.
#[cfg(all(target_pointer_width = "64", not(target_arch = "wasm32")))]
pub(crate) mod radix60;

/// Limbs of a 3072-bit value.
pub(crate) const L: usize = U3072::LIMBS;

/// A 3072-bit value as little-endian words, below 2^3072 but maybe not below N.
pub(crate) type Limbs = [Word; L];

/// Bits in a word.
const W: u32 = Word::BITS;

/// N's words.
const NW: Limbs = *N.as_words();

/// N's top word.
const N_TOP: Word = NW[L - 1];

/// The low word of a double word.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
const fn lo(x: WideWord) -> Word {
    x as Word
}

/// The high word of a double word.
#[inline(always)]
#[allow(clippy::cast_possible_truncation)]
const fn hi(x: WideWord) -> Word {
    (x >> W) as Word
}

/// A word widened.
#[inline(always)]
const fn wide(x: Word) -> WideWord {
    x as WideWord
}

/// `x − N` when `subtract` is set (a masked subtraction, the same work either way).
#[inline(always)]
fn sub_n_if(x: &mut Limbs, subtract: Choice) {
    let mask = Word::conditional_select(&0, &Word::MAX, subtract);
    let mut borrow: Word = 0;
    for (xi, ni) in x.iter_mut().zip(NW.iter()) {
        let (d, b1) = xi.overflowing_sub(ni & mask);
        let (d, b2) = d.overflowing_sub(borrow);
        *xi = d;
        borrow = Word::from(b1 | b2);
    }
}

/// Reduces `t[L..2L] + extra·2^(LW)` (`extra` ≤ 1, the value below 2^(LW) + N) to below
/// 2^(LW) by subtracting N when `extra` is set, and writes it to `out`.
#[inline(always)]
fn finish(t: &[Word; 2 * L], extra: Word, out: &mut Limbs) {
    for (o, ti) in out.iter_mut().zip(t.iter().skip(L)) {
        *o = *ti;
    }
    sub_n_if(out, extra.ct_eq(&1));
}

/// Montgomery multiplication: `a·b·2^(−LW) mod N`, almost reduced (below 2^(LW)).
///
/// Inputs may be almost reduced. The full product by one Karatsuba level ([`mul_outer`],
/// [`middle_product`]), then [`reduce`]. The middle product is formed in `out` (not needed
/// before the reduction writes it), so that no further 3072-bit buffer is live.
pub(crate) fn mul(a: &Limbs, b: &Limbs, out: &mut Limbs) {
    #[cfg(target_arch = "wasm32")]
    return wasm::mul(a, b, out);
    #[cfg(not(target_arch = "wasm32"))]
    mul_generic(a, b, out);
}

/// [`mul`] with one Karatsuba level on crypto-bigint's words (every target but wasm32).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn mul_generic(a: &Limbs, b: &Limbs, out: &mut Limbs) {
    let mut t = [Word::MIN; 2 * L];
    let (mut da, mut db) = ([Word::MIN; H], [Word::MIN; H]);
    let subtract = mul_outer(a, b, &mut t, &mut da, &mut db);
    middle_product(&da, &db, subtract, &mut t, out);
    da.zeroize();
    db.zeroize();
    reduce(&mut t, out);
}

/// `acc ← acc·b·2^(−LW) mod N`, almost reduced: [`mul`] with the result written over its
/// first operand (read in full by [`mul_outer`]; the middle product and then the result are
/// written over it), so that exponentiation needs no third 3072-bit buffer.
pub(crate) fn mul_assign(acc: &mut Limbs, b: &Limbs) {
    #[cfg(target_arch = "wasm32")]
    {
        let mut a = *acc;
        wasm::mul(&a, b, acc);
        a.zeroize();
    }
    #[cfg(not(target_arch = "wasm32"))]
    mul_assign_generic(acc, b);
}

/// [`mul_assign`] with one Karatsuba level on crypto-bigint's words (every target but wasm32).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn mul_assign_generic(acc: &mut Limbs, b: &Limbs) {
    let mut t = [Word::MIN; 2 * L];
    let (mut da, mut db) = ([Word::MIN; H], [Word::MIN; H]);
    let subtract = mul_outer(acc, b, &mut t, &mut da, &mut db);
    middle_product(&da, &db, subtract, &mut t, acc);
    da.zeroize();
    db.zeroize();
    reduce(&mut t, acc);
}

/// Half the limbs: the operands' halves in the one Karatsuba level of the multiplication
/// and the squaring.
const H: usize = L / 2;

/// Half of a value's limbs.
type Half = [Word; H];

/// The outer terms of one Karatsuba level for `a·b`: with a = a0 + a1·X and b = b0 + b1·X
/// (X = 2^(HW)), a·b = a0·b0 + (a0·b0 + a1·b1 − (a0 − a1)(b0 − b1))·X + a1·b1·X², three
/// half-size products (3·H² word products instead of L² = 4·H²). Writes a0·b0 and a1·b1
/// into `t` (all zeros on entry), |a0 − a1| into `da` and |b0 − b1| into `db`; returns
/// whether (a0 − a1)(b0 − b1) = |a0 − a1|·|b0 − b1| (to be subtracted) rather than its
/// negation (to be added).
#[inline(always)]
fn mul_outer(a: &Limbs, b: &Limbs, t: &mut [Word; 2 * L], da: &mut Half, db: &mut Half) -> Choice {
    let (Some((a0, a1)), Some((b0, b1))) = (a.split_at_checked(H), b.split_at_checked(H)) else {
        return Choice::from(0);
    };
    let Some((t_lo, t_hi)) = t.split_at_mut_checked(L) else { return Choice::from(0) };
    product_into(a0, b0, t_lo);
    product_into(a1, b1, t_hi);
    let a_neg = abs_diff(a0, a1, da);
    let b_neg = abs_diff(b0, b1, db);
    (a_neg ^ b_neg).ct_eq(&0)
}

/// The middle term of the Karatsuba level of [`mul_outer`]: `p ← da·db` (`p` is scratch,
/// overwritten), then `t ← t + (t[..L] + t[L..] ∓ p)·X`: the full product.
#[inline(always)]
fn middle_product(da: &Half, db: &Half, subtract: Choice, t: &mut [Word; 2 * L], p: &mut Limbs) {
    p.fill(Word::MIN);
    product_into(da, db, p);
    add_middle(t, p, subtract);
}

/// The full product of `a` and `b` (n words each, n even) into `t` (2n words, all zeros on
/// entry). Two rows (i, i + 1) at a time, so that each column gets two independent carry
/// chains; each pair writes columns i ..= i + n + 1, of which the top two no pair wrote before.
#[inline]
fn product_into(a: &[Word], b: &[Word], t: &mut [Word]) {
    let n = a.len();
    let (Some(&b0), Some(b_rest), Some(&b_top), Some(b_init)) =
        (b.first(), b.get(1..), b.last(), b.get(..n - 1))
    else {
        return;
    };
    for i in (0..n).step_by(2) {
        let (Some([t0, cols @ .., tl, tl1]), Some(&ai), Some(&ai1)) =
            (t.get_mut(i..=i + n + 1), a.get(i), a.get(i + 1))
        else {
            return;
        };
        let (ai, ai1) = (wide(ai), wide(ai1));
        // Column i: row i alone.
        let p = ai * wide(b0) + wide(*t0);
        *t0 = lo(p);
        let mut c0 = hi(p);
        let mut c1: Word = 0;
        // Columns i + 1 ..= i + n − 1: row i with b_(k−i), row i + 1 with b_(k−i−1).
        for ((tj, &x0), &x1) in cols.iter_mut().zip(b_rest).zip(b_init) {
            // Each sum is at most (2^W − 1)² + 2(2^W − 1) = 2^(2W) − 1: no overflow.
            let q = ai * wide(x0) + wide(*tj) + wide(c0);
            let r = ai1 * wide(x1) + wide(lo(q)) + wide(c1);
            *tj = lo(r);
            c0 = hi(q);
            c1 = hi(r);
        }
        // Column i + n: row i + 1's last product and both carries (the column is still 0).
        let r = ai1 * wide(b_top) + wide(c0) + wide(c1);
        *tl = lo(r);
        *tl1 = hi(r);
    }
}

/// `d ← |x − y|` for slices of one length; returns 1 when x < y, else 0. The negation of a
/// negative difference is masked (the same work either way).
#[inline(always)]
fn abs_diff(x: &[Word], y: &[Word], d: &mut [Word]) -> Word {
    let mut borrow: Word = 0;
    for ((di, &xi), &yi) in d.iter_mut().zip(x).zip(y) {
        let (v, b1) = xi.overflowing_sub(yi);
        let (v, b2) = v.overflowing_sub(borrow);
        *di = v;
        borrow = Word::from(b1 | b2);
    }
    // Two's complement when negative: flip every bit (XOR with the mask) and add one.
    let mask = borrow.wrapping_neg();
    let mut carry = borrow;
    for di in d.iter_mut() {
        let s = wide(*di ^ mask) + wide(carry);
        *di = lo(s);
        carry = hi(s);
    }
    borrow
}

/// The middle term of a Karatsuba level: `t ← t + (x0 + x1 ∓ p)·2^(HW)` where x0 = t[..L]
/// and x1 = t[L..] on entry (the two outer products), minus `p` when `subtract` is set and
/// plus `p` otherwise. The middle term is a product of two half-size values times 2 at most
/// (below 2^(LW + 1)), so the whole stays below 2^(2LW). Overwrites `p`.
#[inline(always)]
fn add_middle(t: &mut [Word; 2 * L], p: &mut [Word; L], subtract: Choice) {
    // p ← x0 + x1 ± p, adding (p XOR mask) + (mask & 1) = −p mod 2^(LW) when subtracting;
    // the word above is c1 + c2 + mask (−p's sign extension), mod 2^W: 0 or 1.
    let mask = Word::conditional_select(&0, &Word::MAX, subtract);
    let Some((x0, x1)) = t.split_at_checked(L) else { return };
    let mut c1: Word = 0;
    let mut c2: Word = mask & 1;
    for ((pj, &u), &v) in p.iter_mut().zip(x0).zip(x1) {
        let s = wide(u) + wide(v) + wide(c1);
        let r = wide(lo(s)) + wide(*pj ^ mask) + wide(c2);
        *pj = lo(r);
        c1 = hi(s);
        c2 = hi(r);
    }
    let top = c1.wrapping_add(c2).wrapping_add(mask);
    // t[H..] += the middle term (L words and `top`), carries running to t's top word.
    let Some((mid, high)) = t.split_at_mut_checked(H + L) else { return };
    let mut carry: Word = 0;
    for (tj, &mj) in mid.iter_mut().skip(H).zip(p.iter()) {
        let s = wide(*tj) + wide(mj) + wide(carry);
        *tj = lo(s);
        carry = hi(s);
    }
    let mut carry = wide(carry) + wide(top);
    for tj in high.iter_mut() {
        let s = wide(*tj) + carry;
        *tj = lo(s);
        carry = wide(hi(s));
    }
}

/// Montgomery squaring: `a²·2^(−LW) mod N`, almost reduced (below 2^(LW)): the full square
/// by one Karatsuba level ([`square_outer`], [`middle_square`], the middle square formed in
/// `out`), then [`reduce`].
///
/// On wasm32 a square is the `wasm` submodule's product of `a` with itself: a dedicated
/// squaring by columns (each cross product once) measured slower there than the product on
/// whole SIMD runs (client step in Node 23.1 against 21.7 ms, median of 5 interleaved rounds)
/// and cost 1.9 KB of `.wasm`.
// On 64-bit targets but wasm32 only the tests call it (exponentiations square on digits there).
#[cfg_attr(all(target_pointer_width = "64", not(target_arch = "wasm32")), allow(dead_code))]
pub(crate) fn square(a: &Limbs, out: &mut Limbs) {
    #[cfg(target_arch = "wasm32")]
    return wasm::mul(a, a, out);
    #[cfg(not(target_arch = "wasm32"))]
    square_generic(a, out);
}

/// [`square`] with one Karatsuba level on crypto-bigint's words (every target but wasm32).
#[cfg_attr(any(target_arch = "wasm32", target_pointer_width = "64"), allow(dead_code))]
fn square_generic(a: &Limbs, out: &mut Limbs) {
    let mut t = [Word::MIN; 2 * L];
    let mut d = [Word::MIN; H];
    square_outer(a, &mut t, &mut d);
    middle_square(&d, &mut t, out);
    d.zeroize();
    reduce(&mut t, out);
}

/// `acc ← acc²·2^(−LW) mod N`, almost reduced: [`square`] with the result written over its
/// operand (read in full by [`square_outer`] before anything is written over it).
pub(crate) fn square_assign(acc: &mut Limbs) {
    #[cfg(target_arch = "wasm32")]
    {
        let mut a = *acc;
        wasm::mul(&a, &a, acc);
        a.zeroize();
    }
    #[cfg(not(target_arch = "wasm32"))]
    square_assign_generic(acc);
}

/// [`square_assign`] with one Karatsuba level on crypto-bigint's words (every target but
/// wasm32).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn square_assign_generic(acc: &mut Limbs) {
    let mut t = [Word::MIN; 2 * L];
    let mut d = [Word::MIN; H];
    square_outer(acc, &mut t, &mut d);
    middle_square(&d, &mut t, acc);
    d.zeroize();
    reduce(&mut t, acc);
}

/// The outer terms of one Karatsuba level for `a²`:
/// a² = a0² + (a0² + a1² − (a0 − a1)²)·X + a1²·X², three half-size squarings. Writes a0²
/// and a1² into `t` (all zeros on entry) and |a0 − a1| into `d`.
#[inline(always)]
fn square_outer(a: &Limbs, t: &mut [Word; 2 * L], d: &mut Half) {
    let (Some((a0, a1)), Some((t_lo, t_hi))) = (a.split_at_checked(H), t.split_at_mut_checked(L)) else {
        return;
    };
    square_into(a0, t_lo);
    square_into(a1, t_hi);
    abs_diff(a0, a1, d);
}

/// The middle term of [`square_outer`]'s level: `p ← d²` (`p` is scratch, overwritten), then
/// `t ← t + (t[..L] + t[L..] − p)·X`: the full square.
#[inline(always)]
fn middle_square(d: &Half, t: &mut [Word; 2 * L], p: &mut Limbs) {
    p.fill(Word::MIN);
    square_into(d, p);
    add_middle(t, p, Choice::from(1));
}

/// The full square of `a` (n words, n even and at least 4) into `t` (2n words, all zeros on
/// entry): each cross product a_i·a_j (i < j) once, doubled, plus the squares.
#[inline]
fn square_into(a: &[Word], t: &mut [Word]) {
    let n = a.len();
    // Cross products a_i·a_j, i < j, at column i + j; two rows (i, i + 1) at a time so that
    // each column gets two independent carry chains. Pair i writes columns 2i + 1 ..= i + n + 1,
    // of which i + n and i + n + 1 no pair wrote before.
    let (Some(a_from3), Some(a_from2), Some(&a_top)) = (a.get(3..), a.get(2..n - 1), a.last()) else {
        return;
    };
    for i in (0..n - 2).step_by(2) {
        let (Some([t1, t2, cols @ .., tl, tl1]), Some(&ai), Some(&ai1), Some(&ai2)) =
            (t.get_mut(2 * i + 1..=i + n + 1), a.get(i), a.get(i + 1), a.get(i + 2))
        else {
            return;
        };
        let (ai, ai1_word, ai1) = (wide(ai), ai1, wide(ai1));
        // Columns 2i + 1 and 2i + 2: row i alone.
        let p = ai * wide(ai1_word) + wide(*t1);
        *t1 = lo(p);
        let p = ai * wide(ai2) + wide(*t2) + wide(hi(p));
        *t2 = lo(p);
        let mut c0 = hi(p);
        let mut c1: Word = 0;
        // Columns 2i + 3 ..= i + n − 1: row i with a_(k−i), row i + 1 with a_(k−i−1).
        let (r0, r1) = (a_from3.iter().skip(i), a_from2.iter().skip(i));
        for ((tj, &x0), &x1) in cols.iter_mut().zip(r0).zip(r1) {
            let q = ai * wide(x0) + wide(*tj) + wide(c0);
            let r = ai1 * wide(x1) + wide(lo(q)) + wide(c1);
            *tj = lo(r);
            c0 = hi(q);
            c1 = hi(r);
        }
        // Column i + n: row i + 1's last product and both carries (the column is still 0).
        let r = ai1 * wide(a_top) + wide(c0) + wide(c1);
        *tl = lo(r);
        *tl1 = hi(r);
    }
    // The last pair (n − 2, n − 1) has the one product a_(n−2)·a_(n−1), at column 2n − 3.
    if let (Some([tk, tk1, _]), Some(&x)) = (t.get_mut(2 * n - 3..), a.get(n - 2)) {
        let p = wide(x) * wide(a_top) + wide(*tk);
        *tk = lo(p);
        *tk1 = hi(p);
    }
    // Double the cross products and add the squares a_i² at column 2i.
    let mut shift_in: Word = 0;
    let mut carry: Word = 0;
    for (pair, &ai) in t.chunks_exact_mut(2).zip(a.iter()) {
        let sq = wide(ai) * wide(ai);
        if let [t0, t1] = pair {
            let d0 = (*t0 << 1) | shift_in;
            let d1 = (*t1 << 1) | (*t0 >> (W - 1));
            shift_in = *t1 >> (W - 1);
            let s0 = wide(d0) + wide(lo(sq)) + wide(carry);
            let s1 = wide(d1) + wide(hi(sq)) + wide(hi(s0));
            *t0 = lo(s0);
            *t1 = lo(s1);
            carry = hi(s1);
        }
    }
    // The full square is below 2^(2nW): nothing is left in `shift_in` or `carry`.
}

/// Montgomery reduction of a double-width value below 2^(2LW): `t·2^(−LW) mod N`, almost
/// reduced. Clears `t`.
///
/// Two rows at a time (L is even), so that each column gets two independent carry chains
/// (one per row) that the CPU can overlap, as in [`mul`]; one row at a time is bound by the
/// latency of its single chain.
fn reduce(t: &mut [Word; 2 * L], out: &mut Limbs) {
    let mut extra: Word = 0;
    let (Some(&n1), Some(n_from2), Some(n_from1)) = (NW.get(1), NW.get(2..), NW.get(1..)) else { return };
    for i in (0..L).step_by(2) {
        let Some([t0, t1, cols @ .., tl, tl1]) = t.get_mut(i..=i + L + 1) else { return };
        // Row i: m0 = t_i (N' = 1); t_i + m0·(2^W − 1) = m0·2^W.
        let m0 = *t0;
        *t0 = 0;
        let w0 = wide(m0);
        // Column i + 1 gives row i + 1 its digit m1, and the same trick clears it.
        let q = w0 * wide(n1) + wide(*t1) + wide(m0);
        let m1 = lo(q);
        *t1 = 0;
        let w1 = wide(m1);
        let mut c0 = hi(q);
        let mut c1 = m1;
        // Columns i + 2 .. i + L − 1: row i with n_j, row i + 1 with n_(j−1).
        for ((tj, &nj), &nj1) in cols.iter_mut().zip(n_from2).zip(n_from1) {
            let q = w0 * wide(nj) + wide(*tj) + wide(c0);
            let r = w1 * wide(nj1) + wide(lo(q)) + wide(c1);
            *tj = lo(r);
            c0 = hi(q);
            c1 = hi(r);
        }
        // Column i + L: row i's carry, the carry left above the previous pair, row i + 1's
        // last word; column i + L + 1: the rest. The value so far is below
        // 2^(W(i + L + 2)) + 2^(W(i + L + 2)), so one bit (`extra`) goes above.
        let q = wide(*tl) + wide(c0) + wide(extra);
        let r = w1 * wide(N_TOP) + wide(lo(q)) + wide(c1);
        *tl = lo(r);
        let s = wide(*tl1) + wide(hi(r)) + wide(hi(q));
        *tl1 = lo(s);
        extra = hi(s);
    }
    finish(t, extra, out);
    t.zeroize();
}

/// Fully reduces an almost reduced value (below 2^(LW) < 2N: one conditional subtraction).
pub(crate) fn full_reduce(x: &mut Limbs) {
    let mut diff = *x;
    let mut borrow: Word = 0;
    for (d, ni) in diff.iter_mut().zip(NW.iter()) {
        let (v, b1) = d.overflowing_sub(*ni);
        let (v, b2) = v.overflowing_sub(borrow);
        *d = v;
        borrow = Word::from(b1 | b2);
    }
    // No borrow: x ≥ N, keep the difference.
    let keep_diff = borrow.ct_eq(&0);
    for (xi, di) in x.iter_mut().zip(diff.iter()) {
        xi.conditional_assign(di, keep_diff);
    }
    diff.zeroize();
}

/// The Montgomery-form words of a field element.
pub(crate) fn limbs_of(x: &Fe) -> Limbs {
    *x.as_montgomery().as_words()
}

/// A field element from Montgomery-form words (fully reduced here first).
pub(crate) fn fe_from(mut x: Limbs) -> Fe {
    full_reduce(&mut x);
    let fe = Fe::from_montgomery(U3072::from_words(x));
    x.zeroize();
    fe
}

/// R² mod N (R = 2^(LW)): [`mul`] by it takes a value into Montgomery form.
const R2: Limbs = *Fe::new(Fe::ONE.as_montgomery()).as_montgomery().as_words();

/// The field element of `x` (any value below 2^(LW), reduced mod N), as `Fe::new` computes
/// it, through [`mul`] by R²: a smaller frame than crypto-bigint's generic conversion, which
/// matters on the deepest path of a claim (B's residue). Not inlined, so that its buffers
/// are not in the caller's frame next to the parsed digits and the padded encoding.
#[inline(never)]
pub(crate) fn to_fe(x: &U3072) -> Fe {
    // `x` is read in place (no copy to clear).
    let mut out = [Word::MIN; L];
    mul(x.as_words(), &R2, &mut out);
    fe_from(out)
}

/// `x·y` for field elements, through [`mul`] (the fixed-base table's products, k·g^x).
pub(crate) fn fe_mul(x: &Fe, y: &Fe) -> Fe {
    // The operands are read in place (no copies to clear).
    let mut out = [Word::MIN; L];
    mul(x.as_montgomery().as_words(), y.as_montgomery().as_words(), &mut out);
    fe_from(out)
}

/// Window width of [`pow`] in bits: 4 (a table of 15 powers of 384 bytes, 5.6 KiB) where the
/// stack is not tight (64-bit targets and wasm32, whose stack is a megabyte of linear
/// memory), 3 (7 powers, 2.6 KiB) on other 32-bit targets (microcontrollers), where the table
/// is most of the deepest frame of a claim. The 3-bit window costs about 7% more
/// multiplications for a 513-bit exponent (6 + 171 against 14 + 128, with the same 512
/// squarings).
const WINDOW: u32 = if cfg!(all(target_pointer_width = "32", not(target_arch = "wasm32"))) { 3 } else { 4 };
/// Table size of [`pow`].
const TABLE: usize = 1 << WINDOW;

/// Window `i` of width `width` (bits `width·i ..`) of `e`, ignoring bits at and above `bits`:
/// its position is public (the branch on it too), its value is only shifted and masked. A
/// window may straddle two words when `width` does not divide the word size.
fn window(e: &[Word], i: u32, width: u32, bits: u32) -> Word {
    bits_at(e, i * width, width, bits)
}

/// Bits `bit .. min(bit + width, end)` of `e` (`width` < W), as [`window`] reads them but at
/// any bit position: the position is public, the value is only shifted and masked.
fn bits_at(e: &[Word], bit: u32, width: u32, end: u32) -> Word {
    let word_at = |k: u32| usize::try_from(k).ok().and_then(|k| e.get(k)).copied().unwrap_or(0);
    let shift = bit % W;
    let low = word_at(bit / W) >> shift;
    // The bits of the next word (none when the window ends inside this one; then shift > 0
    // need not hold, and W − shift would not be a valid shift).
    let high = if shift + width > W { word_at(bit / W + 1) << (W - shift) } else { 0 };
    let take = end.saturating_sub(bit).min(width);
    (low | high) & ((1 << take) - 1)
}

/// `base^e` for `e < 2^bits`, in constant time (`bits` is public): fixed windows of
/// [`WINDOW`] bits, each table entry read by scanning the whole table, [`square`] and [`mul`]
/// from this module.
///
/// Not inlined: the table is in this frame only, not in the caller's while it computes the
/// base and the exponent (client and server claims).
#[inline(never)]
pub(crate) fn pow<const E: usize>(base: &Fe, e: &crypto_bigint::Uint<E>, bits: u32) -> Fe {
    #[cfg(all(target_pointer_width = "64", not(target_arch = "wasm32")))]
    {
        let mut table = [[0u64; radix60::D]; TABLE - 1];
        radix60::pow_with(&mut table, base, e, bits)
    }
    #[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
    {
        let mut table = [[Word::MIN; L]; TABLE - 1];
        pow_with(&mut table, base, e, bits)
    }
}

/// [`pow`] with windows of `w` bits for a table of 2^w − 1 entries (its contents on entry do
/// not matter; it is zeroized on return): both widths are tested on every target. On 64-bit
/// targets but wasm32, [`pow`] runs `radix60::pow_with` instead (the tests run both).
#[cfg_attr(all(target_pointer_width = "64", not(target_arch = "wasm32")), allow(dead_code))]
fn pow_with<const T: usize, const E: usize>(
    table: &mut [Limbs; T],
    base: &Fe,
    e: &crypto_bigint::Uint<E>,
    bits: u32,
) -> Fe {
    // In place (`square_assign`, `mul_assign`): no 3072-bit buffer but the table, the
    // accumulator and the selected factor is live during the exponentiation.
    let one = Fe::ONE.as_montgomery().as_words();
    let mut acc =
        pow_windows(table, limbs_of(base), one, e.as_words(), bits, mul, |acc, factor| match factor {
            None => square_assign(acc),
            Some(f) => mul_assign(acc, f),
        });
    // `fe_from` reduces and zeroizes its own copy; `acc` is cleared here.
    let result = fe_from(acc);
    acc.zeroize();
    result
}

/// The fixed-window exponentiation shared by [`pow_with`] and the digit code's
/// (`radix60::pow_with`), in whichever Montgomery domain `base` and `one` are: the table
/// `table[k − 1]` = base^k is computed in place (entry k from entry k − 1 and entry 1, by
/// `mul_into`; its contents on entry do not matter), then windows of log2(T + 1) bits of the
/// exponent `words` (its low `bits` bits, a public width) are read from the top, with
/// `step(acc, None)` squaring `acc` in place and `step(acc, Some(f))` multiplying it by `f`.
/// Returns the power (`one` when `bits` is 0); zeroizes the table and the selected factor.
///
/// Entry 0 (one) is not stored: `factor` starts each window as one and the scan over entries
/// 1.. replaces it when the digit is not 0 (the same reads for every digit); the first window
/// is loaded, not multiplied into one.
#[inline(always)]
fn pow_windows<V: ConditionallySelectable + Zeroize, const M: usize, const T: usize>(
    table: &mut [[V; M]; T],
    base: [V; M],
    one: &[V; M],
    words: &[Word],
    bits: u32,
    mul_into: impl Fn(&[V; M], &[V; M], &mut [V; M]),
    mut step: impl FnMut(&mut [V; M], Option<&[V; M]>),
) -> [V; M] {
    // T + 1 is a power of two (7, 15 or 31).
    let width = (T + 1).trailing_zeros();
    let bits = bits.min(u32::try_from(words.len()).unwrap_or(0).saturating_mul(W));
    let windows = bits.div_ceil(width);
    let Some((t1, rest)) = table.split_first_mut() else { return *one };
    *t1 = base;
    let mut prev: &[V; M] = t1;
    for entry in rest.iter_mut() {
        mul_into(prev, t1, entry);
        prev = entry;
    }
    let mut acc = *one;
    let mut factor = *one;
    for i in (0..windows).rev() {
        let digit = window(words, i, width, bits);
        factor = *one;
        for (k, entry) in (1..).zip(table.iter()) {
            let hit = digit.ct_eq(&k);
            for (f, t) in factor.iter_mut().zip(entry.iter()) {
                f.conditional_assign(t, hit);
            }
        }
        if i + 1 == windows {
            acc = factor;
            continue;
        }
        for _ in 0..width {
            step(&mut acc, None);
        }
        step(&mut acc, Some(&factor));
    }
    table.zeroize();
    factor.zeroize();
    acc
}

/// Bits of each of [`pow_split_public`]'s four exponent digits: a 256-bit exponent u is
/// u₀ + u₁·2^64 + u₂·2^128 + u₃·2^192.
const SPLIT_BITS: u32 = 64;

/// Window width of [`pow_split_public`]: 3 bits, four tables of 7 powers (10.5 KiB, within
/// the scrubbed stack of a server's claim check on every target).
const SPLIT_WINDOW: u32 = 3;

/// `[x^(2^64), x^(2^128), x^(2^192)]`: 192 squarings, in constant time. With them,
/// [`pow_split_public`] raises `x` to a 256-bit public exponent with 63 squarings instead of
/// 255 (a server precomputes them once per verifier).
pub(crate) fn split_powers(x: &Fe) -> [Fe; 3] {
    let mut acc = limbs_of(x);
    let mut out = [Fe::ONE; 3];
    for power in &mut out {
        for _ in 0..SPLIT_BITS {
            square_assign(&mut acc);
        }
        *power = fe_from(acc);
    }
    acc.zeroize();
    out
}

/// `x^u` for a **public** 256-bit `u`, from `powers` = `[x, x^(2^64), x^(2^128), x^(2^192)]`
/// ([`split_powers`]): `∏ⱼ powers[j]^(uⱼ)` for u's four 64-bit digits, interleaved (Straus):
/// one 3-bit window of every digit per round, so 63 squarings, 24 multiplications for the
/// tables and at most 88 for the windows, against 255, 14 and 64 for [`pow`].
///
/// The bases are secret (a verifier and its powers) and handled as in [`pow`]; the exponent
/// is not, and only it decides which entries are read and whether a multiplication runs (a
/// window of u that is 0 skips its multiplication). For SRP's u = H(A, B), both sent in the
/// clear.
#[inline(never)]
pub(crate) fn pow_split_public(powers: &[Fe; 4], u: &crypto_bigint::U256) -> Fe {
    const ENTRIES: usize = (1 << SPLIT_WINDOW) - 1;
    // tables[j][k − 1] = powers[j]^k, almost reduced.
    let mut tables = [[[Word::MIN; L]; ENTRIES]; 4];
    for (table, base) in tables.iter_mut().zip(powers.iter()) {
        let Some((t1, rest)) = table.split_first_mut() else { continue };
        *t1 = limbs_of(base);
        let mut prev: &Limbs = t1;
        for entry in rest.iter_mut() {
            mul(prev, t1, entry);
            prev = entry;
        }
    }
    let words = u.as_words();
    let windows = SPLIT_BITS.div_ceil(SPLIT_WINDOW);
    let mut acc = limbs_of(&Fe::ONE);
    let mut started = false;
    for i in (0..windows).rev() {
        if started {
            for _ in 0..SPLIT_WINDOW {
                square_assign(&mut acc);
            }
        }
        for (start, table) in (0..).map(|j| j * SPLIT_BITS).zip(tables.iter()) {
            let digit = bits_at(words, start + i * SPLIT_WINDOW, SPLIT_WINDOW, start + SPLIT_BITS);
            // Public: the digit of u picks the entry, and 0 skips the multiplication.
            let Some(entry) =
                usize::try_from(digit).ok().and_then(|d| d.checked_sub(1)).and_then(|k| table.get(k))
            else {
                continue;
            };
            if started {
                mul_assign(&mut acc, entry);
            } else {
                acc = *entry;
                started = true;
            }
        }
    }
    tables.zeroize();
    let result = fe_from(acc);
    acc.zeroize();
    result
}

/// Window width of [`pow_two`]: digits up to 31, so that multiplying by 2^digit shifts by
/// less than a word (the bits shifted out fit one word on every target).
const TWO_WINDOW: u32 = 5;

/// 2^(LW) − N, the value of 2^(LW) mod N: below 2^(LW − 64), since N's top 64 bits are ones.
const TWO_POW_LW_MINUS_N: Limbs = *N.wrapping_neg().as_words();

/// `acc ← acc·2^s` when `apply` is set, with the bits shifted out of the top word shifted
/// into `high` (`0 < s < W`, public; the same work either way).
#[inline(always)]
fn shift_left_if(acc: &mut Limbs, high: &mut Word, s: u32, apply: Choice) {
    let mut carry_in: Word = 0;
    for x in acc.iter_mut() {
        let shifted = (*x << s) | carry_in;
        carry_in = *x >> (W - s);
        x.conditional_assign(&shifted, apply);
    }
    let shifted = (*high << s) | carry_in;
    high.conditional_assign(&shifted, apply);
}

/// `acc ← acc·2^digit mod N`, almost reduced, for a secret `digit` below 2^`width` (`width` at
/// most [`TWO_WINDOW`], public), in constant time: a masked shift by each power of two of the digit's bits, then the bits above
/// 2^(LW) folded back in (`high`·2^(LW) ≡ `high`·(2^(LW) − N)) and one masked subtraction of N.
///
/// Bounds: `acc` < 2^(LW) and `digit` < W, so `high` < 2^digit; `acc` + `high`·(2^(LW) − N)
/// < 2^(LW) + 2^(W + LW − 64) < 2^(LW + 1), one bit of carry, and when it is set the value
/// minus N is below 2^(LW) (2^(LW) − N + 2^(W + LW − 64) < 2^(LW)).
///
/// Works on Montgomery forms unchanged: mont(y)·2^d = mont(y·2^d).
fn mul_pow2_assign(acc: &mut Limbs, digit: Word, width: u32) {
    let mut high: Word = 0;
    for k in 0..width {
        shift_left_if(acc, &mut high, 1 << k, ((digit >> k) & 1).ct_eq(&1));
    }
    let h = wide(high);
    let mut carry: Word = 0;
    for (x, &c) in acc.iter_mut().zip(TWO_POW_LW_MINUS_N.iter()) {
        // At most (2^W − 1)² + 2(2^W − 1) = 2^(2W) − 1: no overflow.
        let p = h * wide(c) + wide(*x) + wide(carry);
        *x = lo(p);
        carry = hi(p);
    }
    sub_n_if(acc, carry.ct_eq(&1));
    high.zeroize();
}

/// `2^e` for `e < 2^bits` (g = 2), in constant time (`bits` is public), with no table:
/// fixed windows of [`TWO_WINDOW`] bits where the multiplication by the window's power of g,
/// 2^digit, is a shift of the accumulator by `digit` bits and a fold of the few bits shifted
/// out ([`mul_pow2_assign`]), which costs about one row of a multiplication. For a 256-bit
/// exponent: 255 squarings and 52 shifts, against 252 squarings, 14 table and 63 window
/// multiplications for [`pow`] with 4-bit windows, and one 3072-bit buffer on the stack
/// instead of 17 (9 with 3-bit windows).
pub(crate) fn pow_two<const E: usize>(e: &crypto_bigint::Uint<E>, bits: u32) -> Fe {
    let bits = bits.min(crypto_bigint::Uint::<E>::BITS);
    let windows = bits.div_ceil(TWO_WINDOW);
    let words = e.as_words();
    let mut acc = limbs_of(&Fe::ONE);
    for i in (0..windows).rev() {
        if i + 1 != windows {
            for _ in 0..TWO_WINDOW {
                square_assign(&mut acc);
            }
        }
        let mut digit = window(words, i, TWO_WINDOW, bits);
        mul_pow2_assign(&mut acc, digit, TWO_WINDOW);
        digit.zeroize();
    }
    let result = fe_from(acc);
    acc.zeroize();
    result
}

// `COMB_U64`: the comb's table (build.rs).
include!(concat!(env!("OUT_DIR"), "/comb_table.rs"));

/// Spacing of [`pow_two_comb`]'s four teeth in bits: a 256-bit exponent e is
/// e₀ + e₁·2^64 + e₂·2^128 + e₃·2^192.
const COMB_TOOTH: u32 = 64;

/// Exponent widths [`pow_two_comb`] takes: above three teeth (shorter exponents would pay
/// for multiplications by 1), up to four.
pub(crate) const COMB_BITS: core::ops::RangeInclusive<u32> = 3 * COMB_TOOTH + 1..=4 * COMB_TOOTH;

/// The comb's teeth in this target's words: g^(2^64), g^(2^128), g^(2^192), Montgomery form,
/// fully reduced. [`pow_two_comb`] multiplies them into its table: four multiplications at
/// run time cost less than 1.5 KB more read-only data would in the npm package's `.wasm`.
// Constant evaluation: an index out of range would fail the build, not panic at run time; the
// casts keep each word's low bits by design (32-bit words take a 64-bit word in two halves).
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation, trivial_numeric_casts)]
const COMB_TEETH: [Limbs; 3] = {
    let mut out = [[Word::MIN; L]; 3];
    let mut m = 0;
    while m < 3 {
        let mut i = 0;
        while i < L {
            let bit = i * W as usize;
            out[m][i] = (COMB_U64[m][bit / 64] >> (bit % 64)) as Word;
            i += 1;
        }
        m += 1;
    }
    out
};

/// `2^e` for a secret `e < 2^bits` with `bits` in [`COMB_BITS`] (the width of a, b and x), in
/// constant time, with a 7-entry table instead of [`pow_two`]'s windows: a comb over the
/// exponent's four 64-bit teeth. The table, entry m − 1 = g^(m₀·2^64 + m₁·2^128 + m₂·2^192)
/// for m = m₀ + 2m₁ + 4m₂, is made from [`COMB_TEETH`] with four multiplications (2.6 KiB on
/// the stack, zeroized after). Column i (from 63 down) squares the accumulator, multiplies it
/// by the entry that bits i of e₁, e₂ and e₃ select (read by scanning all seven, 1 when none
/// is set), and multiplies it by 2^(bit i of e₀) with a masked shift and fold
/// ([`mul_pow2_assign`]): 63 squarings, 67 multiplications and 64 one-bit shifts, against
/// [`pow_two`]'s 255 squarings and 52 shifts.
///
/// Callers pass `bits` within [`COMB_BITS`]; a wider `bits` is treated as 256 (the bits above
/// are ignored), so [`crate::group::pow_g`] checks the range first.
pub(crate) fn pow_two_comb<const E: usize>(e: &crypto_bigint::Uint<E>, bits: u32) -> Fe {
    let bits = bits.min(crypto_bigint::Uint::<E>::BITS).min(*COMB_BITS.end());
    let words = e.as_words();
    let [t1, t2, t4] = &COMB_TEETH;
    let mut table = [*t1, *t2, [Word::MIN; L], *t4, [Word::MIN; L], [Word::MIN; L], [Word::MIN; L]];
    let [e1, e2, e3, e4, e5, e6, e7] = &mut table;
    mul(e1, e2, e3);
    mul(e1, e4, e5);
    mul(e2, e4, e6);
    mul(e3, e4, e7);
    let mut acc = [Word::MIN; L];
    let mut factor = [Word::MIN; L];
    for i in (0..COMB_TOOTH).rev() {
        let mut index = bits_at(words, i + COMB_TOOTH, 1, bits)
            | (bits_at(words, i + 2 * COMB_TOOTH, 1, bits) << 1)
            | (bits_at(words, i + 3 * COMB_TOOTH, 1, bits) << 2);
        factor.copy_from_slice(Fe::ONE.as_montgomery().as_words());
        for (k, entry) in (1..).zip(table.iter()) {
            let hit = index.ct_eq(&k);
            for (f, t) in factor.iter_mut().zip(entry.iter()) {
                f.conditional_assign(t, hit);
            }
        }
        if i + 1 == COMB_TOOTH {
            acc = factor;
        } else {
            square_assign(&mut acc);
            mul_assign(&mut acc, &factor);
        }
        let mut low = bits_at(words, i, 1, bits);
        mul_pow2_assign(&mut acc, low, 1);
        index.zeroize();
        low.zeroize();
    }
    // The table holds public powers of g, but it is cleared like every exponentiation's.
    table.zeroize();
    factor.zeroize();
    let result = fe_from(acc);
    acc.zeroize();
    result
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::cast_possible_truncation,
        trivial_numeric_casts
    )]
    use super::*;
    use crypto_bigint::{U256, U1536, Uint};
    use proptest::prelude::*;
    use subtle::ConstantTimeLess;

    /// Limbs that are not a reduced Montgomery form (at least N): their value mod N as an element.
    fn fe_of_limbs(x: &Limbs) -> Fe {
        let mut r = *x;
        full_reduce(&mut r);
        Fe::from_montgomery(U3072::from_words(r))
    }

    fn all_ones() -> Limbs {
        [Word::MAX; L]
    }

    fn n_minus(k: u8) -> Limbs {
        *N.wrapping_sub(&U3072::from_u8(k)).as_words()
    }

    fn edges() -> [Limbs; 9] {
        let mut one = [Word::MIN; L];
        one[0] = 1;
        let mut top = [Word::MIN; L];
        top[L - 1] = 1 << (W - 1);
        [
            [0; L],
            one,
            limbs_of(&Fe::ONE),
            n_minus(1),
            n_minus(2),
            *N.as_words(),
            all_ones(),
            top,
            [Word::MAX / 3; L],
        ]
    }

    fn random_limbs(seed: u64) -> Limbs {
        let mut s = seed | 1;
        let mut out = [Word::MIN; L];
        for w in &mut out {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            *w = s as Word;
        }
        out
    }

    fn check_pair(a: &Limbs, b: &Limbs) {
        let mut out = [0; L];
        mul(a, b, &mut out);
        assert_eq!(fe_of_limbs(&out), fe_of_limbs(a).mul(&fe_of_limbs(b)));
        square(a, &mut out);
        assert_eq!(fe_of_limbs(&out), fe_of_limbs(a).square());
    }

    #[test]
    fn to_fe_matches_crypto_bigint() {
        for x in edges().into_iter().chain((1..50u64).map(random_limbs)) {
            let x = U3072::from_words(x);
            assert_eq!(to_fe(&x), Fe::new(&x));
        }
    }

    #[test]
    fn n_prime_is_one() {
        // N ≡ −1 mod 2^W, so −N⁻¹ ≡ 1: the premise of every row of `mul` and `reduce`.
        assert_eq!(NW[0], Word::MAX);
        assert_eq!(NW[0].wrapping_mul(1), Word::MAX);
        // And N > 2^(LW − 1), so below 2^(LW) means below 2N.
        assert_eq!(NW[L - 1] >> (W - 1), 1);
    }

    #[test]
    fn edge_inputs_match_crypto_bigint() {
        let edges = edges();
        for a in &edges {
            for b in &edges {
                check_pair(a, b);
            }
        }
    }

    #[test]
    fn results_stay_below_2_pow_3072_and_reduce_to_below_n() {
        let mut out = [0; L];
        mul(&all_ones(), &all_ones(), &mut out);
        full_reduce(&mut out);
        assert!(bool::from(U3072::from_words(out).ct_lt(&N)));
        square(&all_ones(), &mut out);
        full_reduce(&mut out);
        assert!(bool::from(U3072::from_words(out).ct_lt(&N)));
    }

    #[test]
    fn random_inputs_match_crypto_bigint() {
        for seed in 1..200u64 {
            let a = random_limbs(seed);
            let b = random_limbs(seed.wrapping_mul(0x9e37_79b9));
            check_pair(&a, &b);
        }
    }

    #[test]
    fn pow_matches_crypto_bigint() {
        let base = Fe::new(&U3072::from_words(random_limbs(7)));
        let exps = [
            U256::ZERO,
            U256::ONE,
            U256::from_u8(15),
            U256::from_u8(16),
            U256::MAX,
            U256::from_be_hex("8000000000000000000000000000000000000000000000000000000000000001"),
        ];
        for e in &exps {
            for bits in [0, 1, 4, 5, 9, 255, 256] {
                assert_eq!(pow(&base, e, bits), base.pow_bounded_exp(e, bits), "bits {bits}");
            }
        }
        let e: Uint<{ 2 * U256::LIMBS + 1 }> = Uint::from_words({
            let mut w = [Word::MAX; 2 * U256::LIMBS + 1];
            w[2 * U256::LIMBS] = 1;
            w
        });
        assert_eq!(pow(&base, &e, 513), base.pow_bounded_exp(&e, 513));
        let big = U3072::from_words(random_limbs(99));
        assert_eq!(pow(&base, &big, 3072), base.pow_bounded_exp(&big, 3072));
        assert_eq!(pow(&Fe::ZERO, &big, 3072), Fe::ZERO);
    }

    /// Values whose halves cover the Karatsuba cases: halves equal (difference 0), the low
    /// half below / above the high half (both signs), differences of ±(2^(HW) − 1), and
    /// the module's edge inputs (0, 1, N − 1, N, 2^(LW) − 1, values ≥ N).
    fn karatsuba_edges() -> [Limbs; 26] {
        let halves = |lo: Word, hi: Word| {
            let mut x = [lo; L];
            x[H..].fill(hi);
            x
        };
        let n_plus_5 = *N.wrapping_add(&U3072::from_u8(5)).as_words();
        let mut n_plus_low_ones = n_plus_5;
        n_plus_low_ones[0] = Word::MAX;
        let mut out = [[Word::MIN; L]; 26];
        let extra = [
            halves(7, 7),
            halves(0, Word::MAX),
            halves(Word::MAX, 0),
            halves(1, 2),
            halves(2, 1),
            n_plus_5,
            n_plus_low_ones,
        ];
        let randoms = (1..6u64).flat_map(|seed| {
            let r = random_limbs(seed);
            let mut same = r;
            same[H..].copy_from_slice(&r[..H]);
            [same, r]
        });
        for (slot, x) in out.iter_mut().zip(edges().into_iter().chain(extra).chain(randoms)) {
            *slot = x;
        }
        out
    }

    #[test]
    fn half_products_match_crypto_bigint() {
        let ks = karatsuba_edges();
        for x in &ks {
            for y in &ks {
                let (a, b) = (&x[..H], &y[H..]);
                let mut t = [Word::MIN; L];
                product_into(a, b, &mut t);
                let (ua, ub) =
                    (U1536::from_words(a.try_into().unwrap()), U1536::from_words(b.try_into().unwrap()));
                let (lo, hi) = ua.widening_mul(&ub);
                assert_eq!(&t[..H], lo.as_words());
                assert_eq!(&t[H..], hi.as_words());
                let mut t = [Word::MIN; L];
                square_into(a, &mut t);
                let (lo, hi) = ua.widening_square();
                assert_eq!(&t[..H], lo.as_words());
                assert_eq!(&t[H..], hi.as_words());
            }
        }
    }

    #[test]
    fn abs_diff_signs_and_values() {
        let cases: [(Word, Word); 5] = [(0, 0), (0, Word::MAX), (Word::MAX, 0), (5, 9), (9, 5)];
        for (x, y) in cases {
            let (xs, ys) = ([x; H], [y; H]);
            let mut d = [Word::MAX; H];
            let neg = abs_diff(&xs, &ys, &mut d);
            let (ux, uy) = (U1536::from_words(xs), U1536::from_words(ys));
            let expected = if x < y { uy.wrapping_sub(&ux) } else { ux.wrapping_sub(&uy) };
            assert_eq!(neg, Word::from(x < y));
            assert_eq!(&d, expected.as_words());
        }
    }

    #[test]
    fn wide_products_match_crypto_bigint() {
        let ks = karatsuba_edges();
        for x in &ks {
            for y in &ks {
                let mut t = [Word::MIN; 2 * L];
                let (mut da, mut db, mut p) = ([Word::MIN; H], [Word::MIN; H], [Word::MAX; L]);
                let subtract = mul_outer(x, y, &mut t, &mut da, &mut db);
                middle_product(&da, &db, subtract, &mut t, &mut p);
                let (lo, hi) = U3072::from_words(*x).widening_mul(&U3072::from_words(*y));
                assert_eq!(&t[..L], lo.as_words());
                assert_eq!(&t[L..], hi.as_words());
            }
            let mut t = [Word::MIN; 2 * L];
            let (mut d, mut p) = ([Word::MIN; H], [Word::MAX; L]);
            square_outer(x, &mut t, &mut d);
            middle_square(&d, &mut t, &mut p);
            let (lo, hi) = U3072::from_words(*x).widening_square();
            assert_eq!(&t[..L], lo.as_words());
            assert_eq!(&t[L..], hi.as_words());
        }
    }

    #[test]
    fn karatsuba_edges_match_crypto_bigint() {
        let ks = karatsuba_edges();
        for a in &ks {
            for b in &ks {
                check_pair(a, b);
                let mut acc = *a;
                mul_assign(&mut acc, b);
                let mut out = [Word::MIN; L];
                mul(a, b, &mut out);
                assert_eq!(acc, out);
            }
            let mut acc = *a;
            square_assign(&mut acc);
            let mut out = [Word::MIN; L];
            square(a, &mut out);
            assert_eq!(acc, out);
        }
    }

    /// Bit `k` of `e`, one at a time: the reference for [`window`].
    fn window_by_bits(e: &[Word], i: u32, width: u32, bits: u32) -> Word {
        let mut out = 0;
        for j in 0..width {
            let k = i * width + j;
            if k < bits && (e[(k / W) as usize] >> (k % W)) & 1 == 1 {
                out |= 1 << j;
            }
        }
        out
    }

    #[test]
    fn windows_of_every_width_match_the_bits() {
        let e = random_limbs(5);
        let e = &e[..8];
        let all = 8 * W;
        for width in [3, 4, 5] {
            for bits in [0, 1, 2, 3, 4, 5, 31, 32, 33, 63, 64, 65, 100, all - 1, all] {
                for i in 0..all.div_ceil(width) + 1 {
                    assert_eq!(
                        window(e, i, width, bits),
                        window_by_bits(e, i, width, bits),
                        "{width} {bits} {i}"
                    );
                }
            }
        }
    }

    /// Exponents for the windowed exponentiations: 0, 1, window edges, all ones, random.
    fn window_exponents() -> [U256; 6] {
        [
            U256::ZERO,
            U256::ONE,
            U256::from_u8(7),
            U256::from_u8(8),
            U256::MAX,
            U256::from_words(random_limbs(3)[..U256::LIMBS].try_into().unwrap()),
        ]
    }

    /// Bases for the windowed exponentiations: 0, 1, N − 1, random, 2^3072 − 1 reduced.
    fn window_bases() -> [Fe; 5] {
        [
            Fe::ZERO,
            Fe::ONE,
            Fe::ZERO - Fe::ONE,
            Fe::new(&U3072::from_words(random_limbs(11))),
            Fe::new(&U3072::from_words(all_ones())),
        ]
    }

    /// The word code's [`pow_with`] and, on 64-bit targets but wasm32, the digit code's
    /// (what [`pow`] runs there), with both window widths.
    #[test]
    fn pow_with_3_and_4_bit_windows_matches_crypto_bigint() {
        let (mut t3, mut t4) = ([[Word::MIN; L]; 7], [[Word::MIN; L]; 15]);
        #[cfg(all(target_pointer_width = "64", not(target_arch = "wasm32")))]
        let (mut d3, mut d4) = ([[0u64; radix60::D]; 7], [[0u64; radix60::D]; 15]);
        for base in &window_bases() {
            for e in &window_exponents() {
                for bits in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255, 256] {
                    let want = base.pow_bounded_exp(e, bits);
                    assert_eq!(pow_with(&mut t3, base, e, bits), want, "3-bit, {bits} bits");
                    assert_eq!(pow_with(&mut t4, base, e, bits), want, "4-bit, {bits} bits");
                    #[cfg(all(target_pointer_width = "64", not(target_arch = "wasm32")))]
                    {
                        assert_eq!(
                            radix60::pow_with(&mut d3, base, e, bits),
                            want,
                            "digits, 3-bit, {bits} bits"
                        );
                        assert_eq!(
                            radix60::pow_with(&mut d4, base, e, bits),
                            want,
                            "digits, 4-bit, {bits} bits"
                        );
                    }
                }
            }
        }
        let base = Fe::new(&U3072::from_words(random_limbs(13)));
        let big = U3072::from_words(random_limbs(12));
        assert_eq!(pow_with(&mut t3, &base, &big, 3072), base.pow_bounded_exp(&big, 3072));
        assert_eq!(t3, [[Word::MIN; L]; 7], "the table is zeroized");
        #[cfg(all(target_pointer_width = "64", not(target_arch = "wasm32")))]
        {
            assert_eq!(radix60::pow_with(&mut d4, &base, &big, 3072), base.pow_bounded_exp(&big, 3072));
            assert_eq!(d4, [[0u64; radix60::D]; 15], "the digit table is zeroized");
        }
    }

    #[test]
    fn mul_pow2_matches_multiplication_for_every_digit_and_edge_accumulator() {
        for acc in edges().iter().chain([random_limbs(21)].iter()) {
            let mut power = Fe::ONE;
            for digit in 0..(1 << TWO_WINDOW) {
                let mut out = *acc;
                mul_pow2_assign(&mut out, digit, TWO_WINDOW);
                assert_eq!(fe_of_limbs(&out), fe_of_limbs(acc).mul(&power), "digit {digit}");
                power = power.mul(&crate::group::G);
            }
        }
        assert_eq!(TWO_POW_LW_MINUS_N[L - 1], 0, "2^(LW) − N < 2^(LW − W)");
    }

    #[test]
    fn pow_two_matches_crypto_bigint_on_edge_and_random_exponents() {
        let g = crate::group::G;
        let check = |e: &U256| {
            for bits in [256, 255, 130] {
                assert_eq!(pow_two(e, bits), g.pow_bounded_exp(e, bits), "{e} {bits}");
            }
        };
        for e in [U256::ZERO, U256::ONE, U256::from_u8(31), U256::from_u8(32), U256::MAX] {
            check(&e);
        }
        // One window of each digit value at the top, middle and bottom.
        for digit in 0..32u64 {
            check(&U256::from_u64(digit));
            check(&U256::from_u64(digit).shl_vartime(125));
            check(&U256::from_u64(digit).shl_vartime(251));
        }
        // Every window all ones but one.
        for k in 0..52 {
            check(&U256::MAX.bitxor(&U256::from_u64(31).shl_vartime(5 * k)));
        }
        for seed in 1..40u64 {
            check(&U256::from_words(random_limbs(seed)[..U256::LIMBS].try_into().unwrap()));
        }
        for bits in 0..=40 {
            assert_eq!(pow_two(&U256::MAX, bits), g.pow_bounded_exp(&U256::MAX, bits), "{bits} bits");
        }
        let big = U3072::from_words(random_limbs(77));
        assert_eq!(pow_two(&big, 3072), g.pow_bounded_exp(&big, 3072));
        assert_eq!(pow_two(&U3072::MAX, 3072), g.pow_bounded_exp(&U3072::MAX, 3072));
        let wide: Uint<{ 2 * U256::LIMBS + 1 }> =
            Uint::from_words(random_limbs(78)[..2 * U256::LIMBS + 1].try_into().unwrap());
        assert_eq!(pow_two(&wide, 513), g.pow_bounded_exp(&wide, 513));
    }

    #[test]
    fn comb_teeth_are_g_to_the_teeth() {
        let g = crate::group::G;
        for (j, tooth) in (1u32..).zip(&COMB_TEETH) {
            let e = U256::ONE.shl_vartime(64 * j);
            assert_eq!(fe_of_limbs(tooth), g.pow_bounded_exp(&e, 256), "tooth {j}");
            // Fully reduced, so below 2^(LW) as every operand must be.
            assert_eq!(tooth, Fe::new(&g.pow_bounded_exp(&e, 256).retrieve()).as_montgomery().as_words());
        }
    }

    #[test]
    fn pow_two_comb_matches_crypto_bigint_on_edge_and_random_exponents() {
        let g = crate::group::G;
        let check = |e: &U256| {
            for bits in [256, 255, 193] {
                assert_eq!(pow_two_comb(e, bits), g.pow_bounded_exp(e, bits), "{e} {bits}");
            }
        };
        for e in [U256::ZERO, U256::ONE, U256::MAX, U256::ONE.shl_vartime(255), U256::ONE.shl_vartime(192)] {
            check(&e);
        }
        // Each column's eight table selections (teeth 1-3) with and without tooth 0's bit,
        // at the top, middle and bottom column.
        for column in [0u32, 31, 63] {
            for m in 0..16u64 {
                let mut e = U256::ZERO;
                for tooth in 0..4u32 {
                    if (m >> tooth) & 1 == 1 {
                        e |= U256::ONE.shl_vartime(64 * tooth + column);
                    }
                }
                check(&e);
            }
        }
        // Each tooth all ones, alone and with the others zero.
        for tooth in 0..4u32 {
            check(&U256::from_u64(u64::MAX).shl_vartime(64 * tooth));
        }
        for seed in 1..40u64 {
            check(&U256::from_words(random_limbs(seed)[..U256::LIMBS].try_into().unwrap()));
        }
        // pow_g takes the comb for 193..=256 bits and agrees with pow_two there.
        assert_eq!(COMB_BITS, 193..=256);
        let e = U256::from_words(random_limbs(99)[..U256::LIMBS].try_into().unwrap());
        assert_eq!(crate::group::pow_g(&e, 256), pow_two(&e, 256));
    }

    #[test]
    fn pow_split_public_matches_crypto_bigint() {
        let check = |x: &Fe, u: &U256| {
            let [p1, p2, p3] = split_powers(x);
            assert_eq!(p1, x.pow_bounded_exp(&U256::ONE.shl_vartime(64), 65));
            assert_eq!(p3, x.pow_bounded_exp(&U256::ONE.shl_vartime(192), 193));
            assert_eq!(pow_split_public(&[*x, p1, p2, p3], u), x.pow_bounded_exp(u, 256), "{u}");
        };
        let bases = [Fe::ONE, crate::group::G, fe_of_limbs(&all_ones()), fe_of_limbs(&random_limbs(5))];
        let mut exponents = [U256::ZERO; 29];
        let fixed = [U256::ZERO, U256::ONE, U256::MAX, U256::from_u8(7), U256::from_u8(8)];
        // Each 64-bit digit alone: all ones, its top bit (a 1-bit last window), a middle window.
        let digits = (0..4).flat_map(|j| {
            [
                U256::from_u64(u64::MAX).shl_vartime(64 * j),
                U256::ONE.shl_vartime(64 * j + 63),
                U256::from_u8(5).shl_vartime(64 * j + 30),
            ]
        });
        // A window straddling a word boundary on 32-bit targets, and random exponents.
        let random =
            (1..12u64).map(|seed| U256::from_words(random_limbs(seed)[..U256::LIMBS].try_into().unwrap()));
        let all = fixed.into_iter().chain(digits).chain([U256::from_u8(7).shl_vartime(31)]).chain(random);
        for (slot, u) in exponents.iter_mut().zip(all) {
            *slot = u;
        }
        for x in &bases {
            for u in &exponents {
                check(x, u);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn mul_and_square_match_crypto_bigint(sa in any::<u64>(), sb in any::<u64>()) {
            check_pair(&random_limbs(sa), &random_limbs(sb));
        }

        #[test]
        fn pow_two_comb_matches_crypto_bigint(s in any::<u64>(), bits in 193u32..=256) {
            let e = U256::from_words(random_limbs(s)[..U256::LIMBS].try_into().unwrap());
            prop_assert_eq!(pow_two_comb(&e, bits), crate::group::G.pow_bounded_exp(&e, bits));
        }

        #[test]
        fn pow_two_matches_crypto_bigint(s in any::<u64>(), bits in 0u32..=256) {
            let e = U256::from_words(random_limbs(s)[..U256::LIMBS].try_into().unwrap());
            prop_assert_eq!(pow_two(&e, bits), crate::group::G.pow_bounded_exp(&e, bits));
        }
    }
}

/// The Montgomery arithmetic of this crate, exposed for the benches and the dudect checks of
/// `cognito-srp-benches` only: not part of the supported API (hidden from the docs, may
/// change in any release).
pub mod bench {
    #[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
    use super::limbs_of;
    use crate::encoding::N_BYTES;
    use crate::group::{Fe, uint_from_be};

    /// The representation the exponentiation works in: 60-bit digits times R' = 2^3120 on
    /// 64-bit targets but wasm32 (`mont/radix60.rs`), 3072-bit words times R = 2^3072
    /// elsewhere.
    #[cfg(all(target_pointer_width = "64", not(target_arch = "wasm32")))]
    type Repr = super::radix60::Digits;
    #[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
    type Repr = super::Limbs;

    /// An element of Z/NZ in the Montgomery form its exponentiation works in (60-bit digits
    /// times 2^3120 on 64-bit targets but wasm32, words times 2^3072 elsewhere), almost reduced.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Elem(Repr);

    impl Elem {
        /// The element of a field element.
        fn of(x: &Fe) -> Self {
            #[cfg(all(target_pointer_width = "64", not(target_arch = "wasm32")))]
            return Self(super::radix60::to_digits(x));
            #[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
            Self(limbs_of(x))
        }

        /// The field element, fully reduced.
        fn fe(&self) -> Fe {
            #[cfg(all(target_pointer_width = "64", not(target_arch = "wasm32")))]
            return super::radix60::from_digits(&self.0);
            #[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
            super::fe_from(self.0)
        }

        /// The element of a big-endian value (reduced mod N first).
        #[must_use]
        pub fn from_be_bytes(be: &[u8; N_BYTES]) -> Self {
            Self::of(&Fe::new(&uint_from_be(be)))
        }

        /// The value, big-endian, fully reduced and out of Montgomery form.
        #[must_use]
        pub fn to_be_bytes(&self) -> [u8; N_BYTES] {
            let mut out = [0u8; N_BYTES];
            let bytes = self.fe().retrieve().to_be_bytes();
            out.copy_from_slice(bytes.as_ref());
            out
        }

        /// This crate's Montgomery multiplication: the one its exponentiation runs.
        #[must_use]
        pub fn mul(&self, other: &Self) -> Self {
            let mut out = self.0;
            #[cfg(all(target_pointer_width = "64", not(target_arch = "wasm32")))]
            super::radix60::mul(&self.0, &other.0, &mut out);
            #[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
            super::mul(&self.0, &other.0, &mut out);
            Self(out)
        }

        /// This crate's Montgomery squaring: the one its exponentiation runs.
        #[must_use]
        pub fn square(&self) -> Self {
            let mut out = self.0;
            #[cfg(all(target_pointer_width = "64", not(target_arch = "wasm32")))]
            super::radix60::square(&self.0, &mut out);
            #[cfg(not(all(target_pointer_width = "64", not(target_arch = "wasm32"))))]
            super::square(&self.0, &mut out);
            Self(out)
        }

        /// `self^e` with this crate's exponentiation (`mont::pow`), `e` a big-endian
        /// exponent of which the low `bits` bits (a public width, at most 512) are used.
        #[must_use]
        pub fn pow(&self, e_be: &[u8; 64], bits: u32) -> Self {
            let e = crypto_bigint::U512::from_be_slice(e_be);
            Self::of(&super::pow(&self.fe(), &e, bits))
        }

        /// `2^e` with this crate's exponentiation of g = 2 without a table
        /// (`mont::pow_two`), `e` a big-endian exponent of which the low `bits` bits (a
        /// public width, at most 512) are used.
        #[must_use]
        pub fn pow_two(e_be: &[u8; 64], bits: u32) -> Self {
            let e = crypto_bigint::U512::from_be_slice(e_be);
            Self::of(&super::pow_two(&e, bits))
        }

        /// `2^e` with this crate's comb of g = 2 (`mont::pow_two_comb`, a 7-entry table),
        /// `e` a big-endian exponent of which the low `bits` bits (a public width, 193 to 256)
        /// are used.
        #[must_use]
        pub fn pow_two_comb(e_be: &[u8; 64], bits: u32) -> Self {
            let e = crypto_bigint::U512::from_be_slice(e_be);
            Self::of(&super::pow_two_comb(&e, bits))
        }

        /// `self^u` for a public 256-bit `u` (big-endian) through `mont::split_powers` and
        /// `mont::pow_split_public`, the server's v^u with a verifier's precomputed powers.
        #[must_use]
        pub fn pow_split_public(&self, u_be: &[u8; 32]) -> Self {
            let x = self.fe();
            let [p1, p2, p3] = super::split_powers(&x);
            let u = crypto_bigint::U256::from_be_slice(u_be);
            Self::of(&super::pow_split_public(&[x, p1, p2, p3], &u))
        }

        /// crypto-bigint's `ConstMontyForm` multiplication (inputs fully reduced first).
        #[must_use]
        pub fn mul_crypto_bigint(&self, other: &Self) -> Self {
            Self::of(&self.fe().mul(&other.fe()))
        }

        /// crypto-bigint's `ConstMontyForm` squaring (input fully reduced first).
        #[must_use]
        pub fn square_crypto_bigint(&self) -> Self {
            Self::of(&self.fe().square())
        }
    }
}
