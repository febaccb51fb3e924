//! Build script of `cognito-srp-core`: writes the comb table of `mont::pow_two_comb` into
//! `OUT_DIR/comb_table.rs` (always: 7 entries, 2.6 KiB), and with the `precomputed-table`
//! feature the fixed-base table for g = 2 into `OUT_DIR/fixed_base_table.rs`.
//!
//! Comb tooth `j` (0..3) is g^(2^(64(j + 1))) mod N in Montgomery form, as 48 little-endian
//! 64-bit words (`mont::pow_two_comb` multiplies them into its 7-entry table).
//!
//! Entry `[i][d - 1]` is g^(d * 32^i) mod N in Montgomery form (times R = 2^3072 mod N), for
//! windows i in 0..52 and digits d in 1..32: any 256-bit exponent is then a product of 52
//! entries, one per 5-bit digit, with no squaring. The limbs are written as little-endian
//! bytes because the Montgomery form (R = 2^3072) does not depend on the target's word size.
//!
//! On 64-bit targets but wasm32, whose exponentiations run on 60-bit digits (`mont/radix60.rs`),
//! an entry is instead g^(d * 32^i) times R' = 2^3120 mod N, as 52 little-endian 60-bit digits
//! of 8 bytes each (416 bytes), so that the products need no conversion.
#![allow(clippy::print_stdout)]

use std::fmt::Write as _;

use crypto_bigint::{U3072, modular::ConstMontyForm};

/// RFC 3526 group 15, the same file as `src/group.rs` includes.
const N_HEX: &str = include!("src/group_n.in");

crypto_bigint::const_monty_params!(Modulus, U3072, N_HEX, "N");
type Fe = ConstMontyForm<Modulus, { U3072::LIMBS }>;

/// Window width in bits.
const WINDOW: u32 = 5;
/// Exponent bits the table covers.
const TABLE_BITS: u32 = 256;
/// Bytes of a 3072-bit value.
const ENTRY_BYTES: usize = 384;
/// Digits of a value in `mont/radix60.rs` (60 bits each, 8 bytes each in the table).
const DIGITS60: usize = 52;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/group_n.in");
    let dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(dir.join("comb_table.rs"), comb_table()?)?;
    if std::env::var_os("CARGO_FEATURE_PRECOMPUTED_TABLE").is_none() {
        return Ok(());
    }
    let windows = TABLE_BITS.div_ceil(WINDOW);
    let digits = (1u32 << WINDOW) - 1;
    // The cfg of `mont::radix60`: 64-bit targets but wasm32.
    let radix60 = std::env::var("CARGO_CFG_TARGET_POINTER_WIDTH").is_ok_and(|w| w == "64")
        && std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a != "wasm32");
    let entry_bytes = if radix60 { DIGITS60 * 8 } else { ENTRY_BYTES };
    let mut src = String::new();
    writeln!(src, "/// Exponent bits covered by [`TABLE`].")?;
    writeln!(src, "pub(crate) const TABLE_BITS: u32 = {TABLE_BITS};")?;
    writeln!(src, "/// Window width in bits.")?;
    writeln!(src, "pub(crate) const WINDOW: u32 = {WINDOW};")?;
    writeln!(src, "/// Entries per window (digits 1..2^WINDOW).")?;
    writeln!(src, "pub(crate) const DIGITS: usize = {digits};")?;
    writeln!(src, "/// Bytes per entry (a 3072-bit value: 48 words, or 52 digits of `mont::radix60`).")?;
    writeln!(src, "pub(crate) const ENTRY_BYTES: usize = {entry_bytes};")?;
    writeln!(
        src,
        "/// Entry (i, d) at `((i * DIGITS) + d - 1) * ENTRY_BYTES`: g^(d * 2^(WINDOW * i)) mod N in\n\
         /// Montgomery form (R = 2^3072 as words, or R' = 2^3120 as 60-bit digits on 64-bit\n\
         /// targets but wasm32), little-endian bytes. Raw bytes, not Rust literals: rustc compiles\n\
         /// `include_bytes!` of 600 KiB at once, and 1.5 MB of array literals in 10 s."
    )?;
    writeln!(
        src,
        "pub(crate) static TABLE: &[u8; {}] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/fixed_base_table.bin\"));",
        windows as usize * digits as usize * entry_bytes
    )?;
    let mut bin = Vec::with_capacity(windows as usize * digits as usize * entry_bytes);
    // 2^48 in Montgomery form is 2^3120 mod N: multiplying by it takes x·R to x·R'.
    let to_r_prime = Fe::new(&U3072::from_u64(1 << 48));
    // base = g^(2^(WINDOW * i))
    let mut base = Fe::new(&U3072::from_u8(2));
    for _ in 0..windows {
        let mut power = base;
        for _ in 0..digits {
            if radix60 {
                let value = power.mul(&to_r_prime).as_montgomery().to_le_bytes();
                bin.extend_from_slice(&digits60(value.as_ref()));
            } else {
                bin.extend_from_slice(power.as_montgomery().to_le_bytes().as_ref());
            }
            power = power.mul(&base);
        }
        // power is now base^(2^WINDOW).
        base = power;
    }
    std::fs::write(dir.join("fixed_base_table.bin"), bin)?;
    std::fs::write(dir.join("fixed_base_table.rs"), src)?;
    Ok(())
}

/// The 60-bit digits of a 3072-bit little-endian value, each as 8 little-endian bytes.
fn digits60(le: &[u8]) -> Vec<u8> {
    let bit = |i: usize| le.get(i / 8).map_or(0, |b| (b >> (i % 8)) & 1);
    let mut out = Vec::with_capacity(DIGITS60 * 8);
    for k in 0..DIGITS60 {
        let digit = (0..60).fold(0u64, |d, j| d | (u64::from(bit(60 * k + j)) << j));
        out.extend_from_slice(&digit.to_le_bytes());
    }
    out
}

/// Spacing of the comb's teeth in bits (`mont::COMB_TOOTH`).
const COMB_TOOTH: u32 = 64;

/// The source of `comb_table.rs`: `COMB_U64`, g^(2^64), g^(2^128) and g^(2^192), Montgomery
/// form, little-endian 64-bit words.
fn comb_table() -> Result<String, std::fmt::Error> {
    // teeth[j] = g^(2^(64(j + 1))).
    let mut teeth = [Fe::new(&U3072::from_u8(2)); 3];
    let mut power = teeth[0];
    for tooth in &mut teeth {
        for _ in 0..COMB_TOOTH {
            power = power.square();
        }
        *tooth = power;
    }
    let mut src = String::new();
    writeln!(src, "/// g^(2^64), g^(2^128), g^(2^192), Montgomery form, little-endian 64-bit words")?;
    writeln!(src, "/// (written by build.rs).")?;
    writeln!(src, "const COMB_U64: [[u64; {}]; 3] = [", ENTRY_BYTES / 8)?;
    for tooth in &teeth {
        let bytes = tooth.as_montgomery().to_le_bytes();
        write!(src, "    [")?;
        for chunk in bytes.as_ref().chunks_exact(8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            write!(src, "{:#018x}, ", u64::from_le_bytes(word))?;
        }
        writeln!(src, "],")?;
    }
    writeln!(src, "];")?;
    Ok(src)
}
