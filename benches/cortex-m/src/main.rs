//! The core's client step and ConfirmDevice verifier on a Cortex-M4F, for QEMU's `mps2-an386`.
//!
//! Runs, with the core's default features (no fixed-base table):
//! - the client step with the width the core uses (`a` of 256 bits, as
//!   `ClientEphemeral::generate` makes it): A, then the PASSWORD_VERIFIER claim;
//! - the same step with the 1024-bit `a` of the known-answer vector `U1_plain`
//!   (`crates/cognito-srp-core/testdata/cognito-srp-vectors.json`);
//! - `DeviceVerifier::from_parts` with the inputs of the vector `D1_salt_high_bit`;
//! - one 3072-bit Montgomery multiplication and one squaring (crypto-bigint, as the core uses it).
//!
//! It prints every result over semihosting as `NAME=value` lines; `run.sh` compares them with the
//! vectors and with an independent model, so a wrong answer fails the run. Each measured
//! operation is bracketed by two marker instructions (`mov r8, r8` before, `mov r9, r9` after)
//! that no compiler emits, for the instruction-counting QEMU plugin in `plugin/`, and is
//! preceded by a `MEASURE=name` line naming it. Peak stack is measured here: the free stack is
//! painted with a pattern before each operation and scanned for the lowest overwritten word
//! afterwards (`STACK_name=bytes`, counted from the top of the stack, so it includes `main`'s
//! frames).
#![no_std]
#![no_main]

use cognito_srp_core::{
    Claim, ClientEphemeral, DeviceVerifier, HexString, N_HEX, PasswordVerifierChallenge, Timestamp,
};
use core::hint::black_box;
use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use crypto_bigint::{U1024, U3072, modular::ConstMontyForm};
use panic_semihosting as _;

crypto_bigint::const_monty_params!(Modulus, U3072, N_HEX, "The 3072-bit MODP prime N.");
type Fe = ConstMontyForm<Modulus, { U3072::LIMBS }>;

/// Vector `U1_plain` (inputs only; the expected outputs are read from the vectors file by
/// `run.sh`, never from here).
mod u1 {
    pub const POOL_ID: &str = "eu-central-1_ExAmPlE12";
    pub const USER_ID_FOR_SRP: &str = "3f0c1d9e-7b2a-4c11-9e55-00000000abcd";
    pub const PASSWORD: &str = "P@ssw0rd!€";
    pub const A_HEX: &str = concat!(
        "9dc5edd255199809b1a5b5727781033621758cd52abbe970b65ff76bd10003a7",
        "275086173880602dd9f7fcc0c8744b0e5f68772f1029f4f594778128ff0e4563",
        "5a0c004025119cafa6f7bc0ff1e61830808b44fc185ab479027248b81e4e3e32",
        "f9142c927442d96de62a803037e304b23b7320b57513cbdd19611d95842c6d0e"
    );
    pub const SALT_HEX: &str = "8f3a6c0e2b1d4f5a6978b9cadbecfd0e";
    pub const B_HEX: &str = concat!(
        "a4c33a5449cc93b9ba7550a0e30e54d9a60ed8b7ab024063a36d0f3fa20cc531",
        "aee24e95bbd57535479b5caf4b7e281b73e1ccdb45dd6f14dcdcfd47f9cb1ba5",
        "b697d77c67142f3f7888b29eedda2a218698fa56d2a44767cdd5c567f1e46059",
        "657d19cf05101163a278d182c0e0cd0716251c35ceeef3f9f9e331d8cd9c6377",
        "8df2cbc5100bae6c9760c194a868035eacc41007f1a4d6c17216ab244bbecc0d",
        "6360e9940634968929b7eaa6eb455add481d93c0972114f1af75ca5a4ed73be3",
        "7b0387ad244d0255771d410f904bbcc9f9a33548eb51dd67533b46e63fed3c64",
        "c4f8ee1a5c08367dbd50661895eb6c1f99a98e12a5ee1865fa490013ead64de6",
        "ce92749833da6b22c8bfa6a116ccbc832c7446df13c2241d7d4b1f138b284506",
        "b52d83f8efca4d80af352b53eb1a44daa84575a20c47eeb000b4fd3122dd3e99",
        "8de5e55d261f7a883d2e84b680c2b3a50615a2afec83c33838918932383e7272",
        "be871fcbb849d11ce7f0baafd0638d9c88af469fb157693f324759521155ea42"
    );
    pub const SECRET_BLOCK: &str = "XSHn6iWUz9UJUpQeFrYypv/7dEdQnEfAaI7/2OnkJ5gxfFIrRBFCgYRWB52uQvugcAqiBq3VdEiqw/KFIfq037oYgvLOChOzvMNVpiFU0j6R+KlOFHy2MGIskHvlyeh/";
    pub const TIMESTAMP: &str = "Wed Jan 7 09:05:03 UTC 2026";
}

/// Vector `D1_salt_high_bit` (inputs only).
mod d1 {
    pub const DEVICE_GROUP_KEY: &str = "-AbCdEf12";
    pub const DEVICE_KEY: &str = "us-east-1_7f9c2b1e-1234-4abc-9def-0123456789ab";
    pub const DEVICE_PASSWORD: &str = "zu4yPN1649ol1ZHS/in13dzA2C5TpxSQiD5QUUht1UH9SpTovjhAYQ==";
    pub const SALT: [u8; 16] =
        [0xc1, 0xd2, 0xe3, 0xf4, 0x05, 0x16, 0x27, 0x38, 0x49, 0x5a, 0x6b, 0x7c, 0x8d, 0x9e, 0xaf, 0xb0];
}

/// The stack is painted with this word before each measured operation.
const PAINT: u32 = 0x5AA5_C33C;

unsafe extern "C" {
    /// The end of `.bss` and `.uninit` (cortex-m-rt's link.x): the lowest address the stack
    /// may grow down to.
    static mut __sheap: u32;
    /// The initial stack pointer, the top of RAM (cortex-m-rt's link.x).
    static _stack_start: u32;
}

fn stack_bottom() -> usize {
    core::ptr::addr_of!(__sheap) as usize
}

fn stack_top() -> usize {
    core::ptr::addr_of!(_stack_start) as usize
}

/// Paints the free stack, from the stack bottom up to a margin below this frame.
#[inline(never)]
fn paint_stack() {
    let sp = cortex_m::register::msp::read() as usize;
    let mut addr = stack_bottom();
    while addr + 256 < sp {
        // SAFETY: `addr` is word-aligned (link.x aligns `__sheap` to 4), lies between the end of
        // the program's static data and 256 bytes below the current stack pointer: memory that
        // belongs to no live object (nothing runs concurrently: no interrupt is enabled).
        unsafe { core::ptr::write_volatile(addr as *mut u32, PAINT) };
        addr += 4;
    }
}

/// Bytes of stack used so far since the last paint: from the top of the stack down to the
/// lowest word that no longer holds the pattern.
#[inline(never)]
fn stack_used() -> usize {
    let mut addr = stack_bottom();
    let top = stack_top();
    while addr < top {
        // SAFETY: as in `paint_stack`: an aligned word of RAM between the static data and the
        // top of the stack, read while nothing else runs.
        let word = unsafe { core::ptr::read_volatile(addr as *const u32) };
        if word != PAINT {
            break;
        }
        addr += 4;
    }
    top - addr
}

/// Runs `f` between the two marker instructions the counting plugin looks for, and records
/// its peak stack.
#[inline(never)]
fn measure<R>(name: &str, f: impl FnOnce() -> R) -> R {
    hprintln!("MEASURE={}", name);
    paint_stack();
    // SAFETY: a register move of r8 onto itself: no memory access, no flag or register changes.
    unsafe { core::arch::asm!("mov r8, r8", options(nomem, nostack, preserves_flags)) };
    // The result stays where `f` wrote it: `black_box` takes its address (a `black_box` of
    // the value would copy it onto this frame, stack the harness adds above the measured call).
    let out = f();
    black_box(&out);
    // SAFETY: as above, with r9.
    unsafe { core::arch::asm!("mov r9, r9", options(nomem, nostack, preserves_flags)) };
    let used = stack_used();
    hprintln!("STACK_{}={}", name, used);
    out
}

/// Decodes lowercase hex into `out`; `None` if the lengths differ or a digit is not hex.
fn decode_hex<'o>(hex: &str, out: &'o mut [u8]) -> Option<&'o [u8]> {
    if hex.len() != out.len() * 2 {
        return None;
    }
    for (byte, pair) in out.iter_mut().zip(hex.as_bytes().chunks(2)) {
        let digit = |c: u8| char::from(c).to_digit(16).and_then(|d| u8::try_from(d).ok());
        let &[hi, lo] = pair else { return None };
        *byte = digit(hi)? << 4 | digit(lo)?;
    }
    Some(out)
}

/// A, then the PASSWORD_VERIFIER claim of vector `U1_plain`'s inputs, for the secret `a`.
///
/// Not inlined into `main`, and the results are written where they are printed from (no
/// copies of them in the frames between): the stack above the core's calls is what an
/// application needs, one `ClientEphemeral` and the hex of A (sent before the challenge
/// arrives) and the claim, plus the harness's small `measure` frame.
#[inline(never)]
fn client_step(label: &str, a: &[u8]) {
    let challenge = PasswordVerifierChallenge {
        user_id_for_srp: u1::USER_ID_FOR_SRP,
        salt_hex: u1::SALT_HEX,
        srp_b_hex: u1::B_HEX,
        secret_block: u1::SECRET_BLOCK,
    };
    let Ok(now) = Timestamp::parse(u1::TIMESTAMP) else { fail("timestamp") };
    let mut srp_a = None;
    let mut claim = None;
    let done = measure(label, || step(a, &challenge, &now, &mut srp_a, &mut claim));
    let (true, Some(srp_a), Some(claim)) = (done, &srp_a, &claim) else { fail(label) };
    hprintln!("A_{}={}", label, srp_a.as_str());
    hprintln!("SIGNATURE_{}={}", label, claim.signature());
}

/// The measured client step: the ephemeral from `a`, A's hex into `srp_a`, the claim into
/// `claim`; false on an error.
#[inline(never)]
fn step(
    a: &[u8],
    challenge: &PasswordVerifierChallenge<'_>,
    now: &Timestamp,
    srp_a: &mut Option<HexString>,
    claim: &mut Option<Claim>,
) -> bool {
    // Borrowed where it was returned (moving it out of the `Result` would copy its 1.2 KiB).
    let made = ClientEphemeral::from_secret_bytes(black_box(a));
    let Ok(eph) = &made else { return false };
    *srp_a = Some(eph.public_hex());
    let Ok(signed) = eph.user_claim(u1::POOL_ID, challenge, u1::PASSWORD, now) else { return false };
    *claim = Some(signed);
    true
}

fn fail(what: &str) -> ! {
    hprintln!("FAILED={}", what);
    debug::exit(debug::EXIT_FAILURE);
    #[allow(clippy::empty_loop)]
    loop {}
}

/// The ConfirmDevice verifier of vector `D1_salt_high_bit`. Not inlined into `main` (nor is
/// [`montgomery`]), so that their locals do not sit in `main`'s frame above the client-step
/// measurements and count in their peak stack.
#[inline(never)]
fn device_verifier() {
    let verifier = measure("device_verifier", || {
        DeviceVerifier::from_parts(d1::DEVICE_GROUP_KEY, d1::DEVICE_KEY, d1::DEVICE_PASSWORD, &d1::SALT)
    });
    let Ok(verifier) = verifier else { fail("device_verifier") };
    hprintln!("DEVICE_SALT={}", verifier.salt());
    hprintln!("DEVICE_VERIFIER={}", verifier.password_verifier());
}

/// One Montgomery multiplication and one squaring of two arbitrary field elements.
#[inline(never)]
fn montgomery(a: &[u8]) {
    let x = Fe::new(&U3072::from_be_hex(u1::B_HEX));
    let y = Fe::new(&U1024::from_be_slice(a).resize::<{ U3072::LIMBS }>());
    let product = measure("montgomery_mul", || black_box(x).mul(&black_box(y)));
    let square = measure("montgomery_square", || black_box(x).square());
    // Printed so the work cannot be optimised away, and checked by run.sh against Python's
    // arithmetic on the same inputs.
    hprintln!("MUL={:x}", product.retrieve());
    hprintln!("SQUARE={:x}", square.retrieve());
}

#[entry]
fn main() -> ! {
    hprintln!("STACK_TOTAL={}", stack_top() - stack_bottom());

    let mut a = [0u8; 128];
    let Some(a) = decode_hex(u1::A_HEX, &mut a) else { fail("a_hex") };
    // The core's own width: 256 bits (the first 32 bytes of the vector's `a`).
    client_step("client_step_256", a.get(..32).unwrap_or_default());
    client_step("client_step_1024", a);

    device_verifier();
    montgomery(a);

    hprintln!("DONE");
    debug::exit(debug::EXIT_SUCCESS);
    #[allow(clippy::empty_loop)]
    loop {}
}
