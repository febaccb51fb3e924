//! One 3072-bit Montgomery multiplication with OpenSSL's `BN_mod_mul_montgomery`, for the
//! per-operation row (ours against OpenSSL's on the same N; OpenSSL's R is 2^3072, ours on
//! 64-bit targets 2^3120, the factor of its 60-bit digits).
//!
//! The safe `openssl` crate has no Montgomery contexts, so this module declares the five
//! libcrypto functions it needs and owns every pointer it makes in [`MontMul`]: the only
//! unsafe code of the workspace, in a crate that is never published.
#![allow(unsafe_code)]

use core::ffi::c_int;
use core::ptr;

use openssl_sys::{BIGNUM, BN_CTX, BN_MONT_CTX};

use crate::N_HEX;
use crate::protocol::from_hex;

// The prototypes of OpenSSL 1.1 and 3.x's <openssl/bn.h>.
unsafe extern "C" {
    fn BN_MONT_CTX_new() -> *mut BN_MONT_CTX;
    fn BN_MONT_CTX_free(mont: *mut BN_MONT_CTX);
    fn BN_MONT_CTX_set(mont: *mut BN_MONT_CTX, m: *const BIGNUM, ctx: *mut BN_CTX) -> c_int;
    fn BN_mod_mul_montgomery(
        r: *mut BIGNUM,
        a: *const BIGNUM,
        b: *const BIGNUM,
        mont: *mut BN_MONT_CTX,
        ctx: *mut BN_CTX,
    ) -> c_int;
    fn BN_to_montgomery(r: *mut BIGNUM, a: *const BIGNUM, mont: *mut BN_MONT_CTX, ctx: *mut BN_CTX) -> c_int;
    fn BN_from_montgomery(
        r: *mut BIGNUM,
        a: *const BIGNUM,
        mont: *mut BN_MONT_CTX,
        ctx: *mut BN_CTX,
    ) -> c_int;
}

/// Two operands in OpenSSL's Montgomery form for N, and a result.
#[derive(Debug)]
pub struct MontMul {
    ctx: *mut BN_CTX,
    mont: *mut BN_MONT_CTX,
    n: *mut BIGNUM,
    a: *mut BIGNUM,
    b: *mut BIGNUM,
    r: *mut BIGNUM,
}

/// A BIGNUM of big-endian bytes (null on failure).
fn bn_from(be: &[u8]) -> *mut BIGNUM {
    let Ok(len) = c_int::try_from(be.len()) else { return ptr::null_mut() };
    // SAFETY: `be` is valid for `len` bytes; a null `ret` asks for a new BIGNUM.
    unsafe { openssl_sys::BN_bin2bn(be.as_ptr(), len, ptr::null_mut()) }
}

impl MontMul {
    /// `a` and `b` (big-endian, below N) converted to Montgomery form. `None` when libcrypto
    /// fails (out of memory).
    #[must_use]
    pub fn new(a_be: &[u8], b_be: &[u8]) -> Option<Self> {
        // SAFETY: every pointer is checked for null before use and owned by `this`, whose
        // Drop frees each exactly once (BN_free and the _free functions accept null).
        unsafe {
            let this = Self {
                ctx: openssl_sys::BN_CTX_new(),
                mont: BN_MONT_CTX_new(),
                n: bn_from(&from_hex(N_HEX)),
                a: bn_from(a_be),
                b: bn_from(b_be),
                r: openssl_sys::BN_new(),
            };
            let all = [this.a, this.b, this.n, this.r];
            if this.ctx.is_null() || this.mont.is_null() || all.iter().any(|p| p.is_null()) {
                return None;
            }
            let ok = BN_MONT_CTX_set(this.mont, this.n, this.ctx) == 1
                && BN_to_montgomery(this.a, this.a, this.mont, this.ctx) == 1
                && BN_to_montgomery(this.b, this.b, this.mont, this.ctx) == 1;
            ok.then_some(this)
        }
    }

    /// r = a·b·R⁻¹ mod N (`BN_mod_mul_montgomery`). False if libcrypto failed.
    pub fn mul(&mut self) -> bool {
        // SAFETY: all pointers are valid (checked in `new`) and distinct from `r`.
        unsafe { BN_mod_mul_montgomery(self.r, self.a, self.b, self.mont, self.ctx) == 1 }
    }

    /// r = a·a·R⁻¹ mod N (`BN_mod_mul_montgomery` with both operands equal, which OpenSSL
    /// routes to its squaring code). False if libcrypto failed.
    pub fn square(&mut self) -> bool {
        // SAFETY: as in `mul`.
        unsafe { BN_mod_mul_montgomery(self.r, self.a, self.a, self.mont, self.ctx) == 1 }
    }

    /// The last result out of Montgomery form, as 384 big-endian bytes (None on failure).
    #[must_use]
    pub fn result(&self) -> Option<[u8; 384]> {
        let mut out = [0u8; 384];
        // SAFETY: pointers valid (see `new`); `tmp` is freed here; `out` holds 384 bytes.
        unsafe {
            let tmp = openssl_sys::BN_new();
            if tmp.is_null() {
                return None;
            }
            let ok = BN_from_montgomery(tmp, self.r, self.mont, self.ctx) == 1
                && openssl_sys::BN_bn2binpad(tmp, out.as_mut_ptr(), 384) == 384;
            openssl_sys::BN_free(tmp);
            ok.then_some(out)
        }
    }
}

impl Drop for MontMul {
    fn drop(&mut self) {
        // SAFETY: each pointer was made in `new` and is freed once; the functions accept null.
        unsafe {
            for p in [self.a, self.b, self.n, self.r] {
                openssl_sys::BN_free(p);
            }
            BN_MONT_CTX_free(self.mont);
            openssl_sys::BN_CTX_free(self.ctx);
        }
    }
}
