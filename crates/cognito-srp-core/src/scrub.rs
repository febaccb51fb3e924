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
/// - Optimised builds for 32-bit Arm (Cortex-M): 16 KiB. The deepest computation, a client
///   claim, uses about 12 KiB below the caller on `thumbv7em` at opt-level 3 (frames measured
///   from the disassembly; the exponentiation's window table of 15 powers is 5.6 KiB of it),
///   less at opt-level "s"; the other 4 KiB cover other optimisation choices and compilers.
///   Kept small because on a microcontroller the scrub itself sets the peak stack
///   (`benches/cortex-m`, see `benches/README.md`).
/// - Everywhere else (64-bit builds, wasm32, whose frames were not measured, and builds with
///   debug assertions, which have less optimisation and bigger frames): 32 KiB, the figure
///   `tests/zeroize_scan.rs` proves natively.
pub(crate) const SCRUB_BYTES: usize =
    if cfg!(all(target_arch = "arm", not(debug_assertions))) { 16 * 1024 } else { 32 * 1024 };

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
