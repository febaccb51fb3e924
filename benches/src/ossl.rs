//! The client step with OpenSSL's constant-time modular exponentiation.
//!
//! `BigNumRef::mod_exp` calls `BN_mod_exp`; with `BN_FLG_CONSTTIME` set on the exponent
//! (`set_const_time`), OpenSSL routes it to `BN_mod_exp_mont_consttime` (it also skips the
//! single-word-base shortcut it would otherwise take for g = 2). Every exponentiation below
//! uses a constant-time-flagged exponent.

use openssl::bn::{BigNum, BigNumContext, BigNumRef};
use openssl::error::ErrorStack;

use crate::protocol::{from_hex, hex_minimal, private_key, scrambler, signature};
use crate::{Fixture, K_HEX, N_HEX};

/// base^e mod n with `BN_mod_exp_mont_consttime`.
fn pow_ct(
    base: &BigNumRef,
    e: &BigNumRef,
    n: &BigNumRef,
    ctx: &mut BigNumContext,
) -> Result<BigNum, ErrorStack> {
    let mut e = e.to_owned()?;
    e.set_const_time();
    let mut r = BigNum::new()?;
    r.mod_exp(base, &e, n, ctx)?;
    Ok(r)
}

fn step(f: &Fixture, a_be: &[u8]) -> Result<(String, String), ErrorStack> {
    let mut ctx = BigNumContext::new()?;
    let n = BigNum::from_slice(&from_hex(N_HEX))?;
    let g = BigNum::from_u32(2)?;
    let k = BigNum::from_slice(&from_hex(K_HEX))?;
    let a = BigNum::from_slice(a_be)?;
    // Make A.
    let big_a = pow_ct(&g, &a, &n, &mut ctx)?;
    let a_be = big_a.to_vec();
    let a_hex = hex_minimal(&a_be);
    // Answer PASSWORD_VERIFIER.
    let b_be = from_hex(&f.srp_b_hex);
    let mut b = BigNum::new()?;
    let b_raw = BigNum::from_slice(&b_be)?;
    b.nnmod(&b_raw, &n, &mut ctx)?;
    let u_bytes = scrambler(&a_be, &b_be);
    let u = BigNum::from_slice(&u_bytes)?;
    let x = BigNum::from_slice(&private_key(&from_hex(&f.salt_hex)))?;
    let gx = pow_ct(&g, &x, &n, &mut ctx)?;
    let mut kgx = BigNum::new()?;
    kgx.mod_mul(&k, &gx, &n, &mut ctx)?;
    let mut base = BigNum::new()?;
    base.mod_sub(&b, &kgx, &n, &mut ctx)?;
    let mut ux = BigNum::new()?;
    ux.checked_mul(&u, &x, &mut ctx)?;
    let mut e = BigNum::new()?;
    e.checked_add(&a, &ux)?;
    let s = pow_ct(&base, &e, &n, &mut ctx)?;
    Ok((a_hex, signature(&u.to_vec(), &s.to_vec(), &f.secret_block)))
}

/// `SRP_A` hex and the signature, with the fixture's 1024-bit `a`.
///
/// # Panics
/// When libssl fails (out of memory).
#[must_use]
#[allow(clippy::expect_used)]
pub fn client_step(f: &Fixture) -> (String, String) {
    step(f, &f.a_1024).expect("OpenSSL")
}

/// `SRP_A` hex and the signature, with the fixture's 256-bit `a`: the core's exponent widths
/// (g^a 256 bits, g^x 256, B^(a+ux) 513), so the same work as the core's client step.
///
/// # Panics
/// When libssl fails (out of memory).
#[must_use]
#[allow(clippy::expect_used)]
pub fn client_step_a256(f: &Fixture) -> (String, String) {
    step(f, &f.a_256).expect("OpenSSL")
}

/// g^x with `BN_mod_exp_mont_consttime` (the device verifier's exponentiation).
///
/// # Panics
/// When libssl fails (out of memory).
#[must_use]
#[allow(clippy::expect_used)]
pub fn g_pow(x_be: &[u8]) -> Vec<u8> {
    let run = || -> Result<Vec<u8>, ErrorStack> {
        let mut ctx = BigNumContext::new()?;
        let n = BigNum::from_slice(&from_hex(N_HEX))?;
        let g = BigNum::from_u32(2)?;
        let x = BigNum::from_slice(x_be)?;
        Ok(pow_ct(&g, &x, &n, &mut ctx)?.to_vec())
    };
    run().expect("OpenSSL")
}
