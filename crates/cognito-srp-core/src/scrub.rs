//! Clearing the stack that a computation on secrets leaves behind.
//!
//! Zeroizing a value clears the place it ends up in, not the copies the compiler made on the
//! way: values moved by value, spilled registers, and the frames of the functions that did the
//! work (crypto-bigint's exponentiation window of 16 powers of the secret base, SHA-256's
//! message schedule over pad(S), HMAC's key block XOR ipad/opad). Those frames are dead once
//! the functions return, but their bytes stay until something else is written there.
//!
//! [`scrubbed`] runs the computation one frame below the caller, then overwrites
//! [`SCRUB_BYTES`] of the stack below the caller's frame with zeros: every frame the
//! computation used, as long as it used less than that (`tests/zeroize_scan.rs` checks that it
//! does, by scanning the process's memory for the secrets after a sign-in).

use zeroize::Zeroize;

/// Bytes of stack cleared after a computation on secrets: more than the deepest one (a claim
/// or a verification) uses, with margin, and less than the 64 KiB a whole client step is
/// allowed (see `tests/small_stack.rs`).
///
/// - Optimised builds for 32-bit Arm (Cortex-M): 12 KiB. The deepest computation, a client
///   claim, uses about 9.2 KiB below the caller on `thumbv7em` at opt-level 3 and 9.8 KiB at
///   "s" (sums of the frames on its deepest call path in the disassembly of
///   `benches/cortex-m`, rustc 1.95, 2026-12-02, with the Karatsuba multiplication: at opt 3
///   `call_below` 1,456 + `session_key_with` 412 + `premaster` 1,576 + `pow` 4,692 (its
///   3-bit window table is 2.6 KiB) + `mul` 1,232 + memcpy 68 = 9,436 B; at "s" 1,752 + 796 +
///   1,564 + 4,692 + 1,208 + 68 = 10,080 B); the other 2.2 KiB or more (at least 18%) cover
///   other optimisation choices and compiler versions. Kept small because on a microcontroller the
///   scrub itself sets the peak stack: the peak of a client step is the application's frames
///   plus this (`benches/cortex-m/run.sh` fails above 16 KiB at opt-level 3; see
///   `benches/README.md`). Remeasure when the claim's frames change.
/// - Everywhere else (64-bit builds, wasm32, whose frames were not measured, and builds with
///   debug assertions, which have less optimisation and bigger frames): 32 KiB, the figure
///   `tests/zeroize_scan.rs` proves natively.
pub(crate) const SCRUB_BYTES: usize =
    if cfg!(all(target_arch = "arm", not(debug_assertions))) { 12 * 1024 } else { 32 * 1024 };

/// Runs `f` in a frame of its own below the caller's, then zeroes the stack it used.
///
/// The value returned is moved out first: it must not hold a secret that the caller does not
/// zeroize itself.
#[inline(always)]
pub(crate) fn scrubbed<R>(f: impl FnOnce() -> R) -> R {
    let out = call_below(f);
    clear_stack_below();
    out
}

/// Calls `f` from a frame that is not inlined into the caller, so that every local of `f`
/// lives below the caller's frame.
#[inline(never)]
fn call_below<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// Overwrites the [`SCRUB_BYTES`] of stack below the caller's frame with zeros (volatile
/// writes: the compiler cannot drop them).
#[inline(never)]
pub(crate) fn clear_stack_below() {
    let mut area = [0u64; SCRUB_BYTES / 8];
    area.zeroize();
    core::hint::black_box(&area);
}
