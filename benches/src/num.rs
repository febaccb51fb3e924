//! The client step with num-bigint (`BigUint::modpow`, not constant time), as the existing
//! Rust Cognito crates compute it.

use num_bigint::BigUint;

use crate::protocol::{from_hex, hex_minimal, private_key, scrambler, signature};
use crate::{Fixture, K_HEX, N_HEX};

/// `SRP_A` hex and the signature, with the fixture's 1024-bit `a`.
#[must_use]
pub fn client_step(f: &Fixture) -> (String, String) {
    step(f, &f.a_1024)
}

/// `SRP_A` hex and the signature, with the fixture's 256-bit `a` (the core's exponent widths).
#[must_use]
pub fn client_step_a256(f: &Fixture) -> (String, String) {
    step(f, &f.a_256)
}

fn step(f: &Fixture, a_be: &[u8]) -> (String, String) {
    let n = BigUint::from_bytes_be(&from_hex(N_HEX));
    let g = BigUint::from(2u8);
    let k = BigUint::from_bytes_be(&from_hex(K_HEX));
    let a = BigUint::from_bytes_be(a_be);
    // Make A.
    let big_a = g.modpow(&a, &n);
    let a_be = big_a.to_bytes_be();
    let a_hex = hex_minimal(&a_be);
    // Answer PASSWORD_VERIFIER.
    let b_be = from_hex(&f.srp_b_hex);
    let b = BigUint::from_bytes_be(&b_be) % &n;
    let u_bytes = scrambler(&a_be, &b_be);
    let u = BigUint::from_bytes_be(&u_bytes);
    let x = BigUint::from_bytes_be(&private_key(&from_hex(&f.salt_hex)));
    let kgx = (&k * g.modpow(&x, &n)) % &n;
    let base = (&b + &n - kgx) % &n;
    let e = &a + &u * &x;
    let s = base.modpow(&e, &n);
    (a_hex, signature(&u.to_bytes_be(), &s.to_bytes_be(), &f.secret_block))
}

/// g^x for a 256-bit x (the device verifier's exponentiation).
#[must_use]
pub fn g_pow(x_be: &[u8]) -> Vec<u8> {
    let n = BigUint::from_bytes_be(&from_hex(N_HEX));
    BigUint::from(2u8).modpow(&BigUint::from_bytes_be(x_be), &n).to_bytes_be()
}
