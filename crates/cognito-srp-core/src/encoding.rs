//! Byte encodings: Java's `BigInteger.toByteArray()` (`pad`), tolerant hex parsing of server
//! values, lowercase hex output, and base64 in the forms Cognito and its emulators send.

use base64ct::{Base64, Encoding};

use crate::error::{Error, Field};

/// Bytes in N (3072 bits).
pub(crate) const N_BYTES: usize = 384;
/// The largest `pad()` output: a 384-byte magnitude plus one sign byte.
pub(crate) const PAD_MAX: usize = N_BYTES + 1;
/// The longest hex text accepted for a server value (generous: leading zeros are allowed).
pub(crate) const MAX_HEX_CHARS: usize = 4096;
/// The longest `SECRET_BLOCK` accepted, in characters. Cognito's blocks are about 1.5 KiB.
pub(crate) const MAX_SECRET_BLOCK_CHARS: usize = 65_536;

/// A value in Java's `BigInteger.toByteArray()` form: minimal big-endian two's complement.
///
/// This is the encoding Cognito hashes (`pad` in DESIGN.md): leading zero bytes are stripped, a
/// `00` byte is prepended when the top bit is set, and zero is a single `00` byte.
///
/// # Example
/// ```
/// use cognito_srp_core::Padded;
/// let p = Padded::from_unsigned(&[0x00, 0x00, 0xc1, 0xd2]).unwrap();
/// assert_eq!(p.as_bytes(), &[0x00, 0xc1, 0xd2]);
/// ```
#[derive(Clone)]
pub struct Padded {
    buf: [u8; PAD_MAX],
    len: usize,
}

impl Padded {
    /// The encoded bytes.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::Padded;
    /// assert_eq!(Padded::from_unsigned(&[0xff, 0x01]).unwrap().as_bytes(), &[0x00, 0xff, 0x01]);
    /// ```
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// Encodes a non-negative big-endian integer of at most 384 significant bytes.
    ///
    /// Leading zero bytes of `be` are ignored.
    ///
    /// # Errors
    /// [`Error::TooLong`]`(`[`Field::Integer`]`)` when the value has more than 384 significant
    /// bytes.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::{Error, Field, Padded};
    /// assert_eq!(Padded::from_unsigned(&[0x00, 0x7f]).unwrap().as_bytes(), &[0x7f]);
    /// assert_eq!(Padded::from_unsigned(&[0x80]).unwrap().as_bytes(), &[0x00, 0x80]);
    /// assert_eq!(Padded::from_unsigned(&[]).unwrap().as_bytes(), &[0x00]);
    /// assert_eq!(Padded::from_unsigned(&[1; 385]).unwrap_err(), Error::TooLong(Field::Integer));
    /// ```
    pub fn from_unsigned(be: &[u8]) -> Result<Self, Error> {
        Self::from_signed(false, strip_zeros(be), Field::Integer)
    }

    /// Encodes `(-1)^negative * magnitude`; `magnitude` has no leading zero bytes.
    pub(crate) fn from_signed(negative: bool, mag: &[u8], field: Field) -> Result<Self, Error> {
        let mag = strip_zeros(mag);
        if mag.len() > N_BYTES {
            return Err(Error::TooLong(field));
        }
        let mut buf = [0u8; PAD_MAX];
        // Write 00 || mag into buf[..=mag.len()].
        let total = mag.len() + 1;
        let (head, rest) = buf.split_at_mut(1);
        let _ = head;
        if let Some(dst) = rest.get_mut(..mag.len()) {
            dst.copy_from_slice(mag);
        }
        if negative && !mag.is_empty() {
            // Two's complement over `total` bytes: invert, add one.
            let mut carry = 1u16;
            for byte in buf.iter_mut().take(total).rev() {
                let v = u16::from(!*byte) + carry;
                *byte = v.to_le_bytes()[0];
                carry = v >> 8;
            }
            // Strip redundant 0xff sign bytes.
            let mut start = 0;
            while start + 1 < total
                && buf.get(start) == Some(&0xff)
                && buf.get(start + 1).is_some_and(|b| b & 0x80 != 0)
            {
                start += 1;
            }
            let out = Self::from_window(&buf, start, total);
            zeroize::Zeroize::zeroize(&mut buf);
            return Ok(out);
        }
        // Non-negative: keep the 00 only when the top bit of the magnitude is set (or it is zero).
        let start = usize::from(mag.first().is_some_and(|b| b & 0x80 == 0));
        let out = Self::from_window(&buf, start, total);
        // `buf` held the value (pad(S) for the session key): clear it.
        zeroize::Zeroize::zeroize(&mut buf);
        Ok(out)
    }

    fn from_window(buf: &[u8; PAD_MAX], start: usize, end: usize) -> Self {
        let mut out = [0u8; PAD_MAX];
        let src = buf.get(start..end).unwrap_or(&[]);
        if let Some(dst) = out.get_mut(..src.len()) {
            dst.copy_from_slice(src);
        }
        Self { buf: out, len: src.len() }
    }
}

impl zeroize::Zeroize for Padded {
    fn zeroize(&mut self) {
        self.buf.zeroize();
        self.len = 0;
    }
}

/// A `Padded` may hold a secret (pad(S) keys the HKDF): its bytes are cleared on drop.
impl Drop for Padded {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(self);
    }
}

impl zeroize::ZeroizeOnDrop for Padded {}

impl core::fmt::Debug for Padded {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Padded values may hold secrets (S); never print the bytes.
        f.debug_struct("Padded").field("len", &self.len).finish_non_exhaustive()
    }
}

/// `bytes` without its leading zero bytes.
pub(crate) fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or(&[])
}

/// A server integer parsed from hex: sign and minimal big-endian magnitude.
#[derive(Clone)]
pub(crate) struct ParsedInt {
    pub(crate) negative: bool,
    /// Right-aligned magnitude (big-endian, zero-extended to 384 bytes).
    pub(crate) be: [u8; N_BYTES],
    /// Number of significant bytes in `be`.
    pub(crate) len: usize,
}

impl ParsedInt {
    /// The minimal big-endian magnitude.
    pub(crate) fn magnitude(&self) -> &[u8] {
        self.be.get(N_BYTES - self.len..).unwrap_or(&[])
    }

    /// `pad()` of the signed value, as Java and the JS SDK compute it.
    pub(crate) fn padded(&self, field: Field) -> Result<Padded, Error> {
        Padded::from_signed(self.negative, self.magnitude(), field)
    }
}

fn hex_nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Parses a server integer: upper or lower case, odd length allowed, an optional leading `-`
/// (the value is then negative, as `new BigInteger(hex, 16)` reads it).
pub(crate) fn parse_hex(text: &str, field: Field) -> Result<ParsedInt, Error> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.as_bytes()),
        None => (false, text.as_bytes()),
    };
    if digits.is_empty() {
        return Err(Error::Empty(field));
    }
    if digits.len() > MAX_HEX_CHARS {
        return Err(Error::TooLong(field));
    }
    let mut be = [0u8; N_BYTES];
    let mut nibbles = 0usize; // significant nibbles written so far
    // Fill from the right: walk the digits from the end.
    for (i, c) in digits.iter().rev().enumerate() {
        let v = hex_nibble(*c).ok_or(Error::InvalidHex(field))?;
        if v != 0 && i >= 2 * N_BYTES {
            return Err(Error::TooLong(field));
        }
        if i < 2 * N_BYTES {
            let byte = N_BYTES - 1 - i / 2;
            if let Some(slot) = be.get_mut(byte) {
                *slot |= if i % 2 == 0 { v } else { v << 4 };
            }
            if v != 0 {
                nibbles = i + 1;
            }
        }
    }
    let len = nibbles.div_ceil(2);
    Ok(ParsedInt { negative: negative && len > 0, be, len })
}

/// Lowercase hexadecimal text of a public value, held without a heap.
///
/// # Example
/// ```
/// use cognito_srp_core::ClientEphemeral;
/// // a = 1 gives A = g = 2 (a demonstration only: real code uses ClientEphemeral::generate).
/// let srp_a = ClientEphemeral::from_secret_bytes(&[0x00, 0x01]).unwrap().public_hex();
/// assert_eq!(srp_a.as_str(), "2");
/// assert_eq!(srp_a.to_string(), "2");
/// ```
#[derive(Clone)]
pub struct HexString {
    buf: [u8; 2 * PAD_MAX],
    len: usize,
}

impl HexString {
    /// Minimal lowercase hex of a big-endian unsigned integer (no leading zeros; zero is `"0"`),
    /// as `BigInteger.toString(16)` writes it. At most 385 bytes of input are used.
    pub(crate) fn minimal(be: &[u8]) -> Self {
        let mut out = Self { buf: [0u8; 2 * PAD_MAX], len: 0 };
        let mag = strip_zeros(be);
        let mut skip_first = mag.first().is_some_and(|b| *b < 0x10);
        for byte in mag.iter().take(PAD_MAX) {
            for nib in [byte >> 4, byte & 0x0f] {
                if skip_first {
                    skip_first = false;
                    continue;
                }
                out.push(b"0123456789abcdef".get(usize::from(nib)).copied().unwrap_or(b'0'));
            }
        }
        if out.len == 0 {
            out.push(b'0');
        }
        out
    }

    fn push(&mut self, c: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = c;
            self.len += 1;
        }
    }

    /// The hex text.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::ClientEphemeral;
    /// // a = 8 gives A = 2^8 (a demonstration only: real code uses ClientEphemeral::generate).
    /// let srp_a = ClientEphemeral::from_secret_bytes(&[8]).unwrap().public_hex();
    /// assert_eq!(srp_a.as_str(), "100");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.buf.get(..self.len).and_then(|b| core::str::from_utf8(b).ok()).unwrap_or("")
    }
}

impl core::fmt::Debug for HexString {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("HexString").field(&self.as_str()).finish()
    }
}

impl core::fmt::Display for HexString {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for HexString {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// Decodes `SECRET_BLOCK` and hands the bytes to `sink` in order, without a heap.
///
/// Accepted, in this order: URL-safe base64 (padded or not), and otherwise any text whose
/// characters outside the standard alphabet are skipped, as Python's and Node's decoders do
/// (moto sends a UUID with dashes). Standard base64, padded or not, takes the second path: on
/// valid standard base64 it yields exactly what a strict decoder does, so strict standard
/// decoders would add nothing. Text in both alphabets (no `+`, `/`, `-`, `_`) decodes the
/// same either way.
pub(crate) fn decode_secret_block(text: &str, sink: &mut dyn FnMut(&[u8])) -> Result<(), Error> {
    const FIELD: Field = Field::SecretBlock;
    if text.is_empty() {
        return Err(Error::Empty(FIELD));
    }
    if text.len() > MAX_SECRET_BLOCK_CHARS {
        return Err(Error::TooLong(FIELD));
    }
    let bytes = text.as_bytes();
    if stream_url(bytes, sink) {
        return Ok(());
    }
    stream_lenient(bytes, sink)
}

/// The value of a character of the URL-safe alphabet.
fn url_sextet(c: u8) -> Option<u8> {
    match c {
        b'-' => Some(62),
        b'_' => Some(63),
        b'+' | b'/' => None,
        _ => sextet(c),
    }
}

/// Streams `input` through `sink` when it is strict URL-safe base64 and returns whether it
/// was; nothing reaches `sink` otherwise. Strict as base64ct's `Base64Url` then
/// `Base64UrlUnpadded` decoders are (the tests compare them), written here because those two
/// decoders (with the re-encoding that checks their last block) cost about 11 KB of the npm
/// package's `.wasm`: only the alphabet's characters; then no padding, or the padding that
/// completes the last block of four (`=` after three characters, `==` after two); never a
/// lone character in a last block; and zero bits after the last whole byte (one encoding per
/// byte string).
fn stream_url(input: &[u8], sink: &mut dyn FnMut(&[u8])) -> bool {
    let data = match input {
        [rest @ .., b'=', b'='] if rest.len() % 4 == 2 => rest,
        [rest @ .., b'='] if rest.len() % 4 == 3 => rest,
        [.., b'='] => return false,
        _ => input,
    };
    if data.len() % 4 == 1 || !data.iter().all(|c| url_sextet(*c).is_some()) {
        return false;
    }
    // The last character's bits beyond the last whole byte: 4 after two characters of a
    // block, 2 after three.
    let spare = match data.len() % 4 {
        2 => 0x0f,
        3 => 0x03,
        _ => 0,
    };
    if data.last().and_then(|c| url_sextet(*c)).is_some_and(|v| v & spare != 0) {
        return false;
    }
    stream_sextets(data.iter().filter_map(|c| url_sextet(*c)), sink);
    true
}

fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

fn stream_lenient(input: &[u8], sink: &mut dyn FnMut(&[u8])) -> Result<(), Error> {
    let count = input.iter().filter(|c| sextet(**c).is_some()).count();
    if count == 0 {
        return Err(Error::InvalidBase64(Field::SecretBlock));
    }
    if count % 4 == 1 {
        return Err(Error::InvalidBase64(Field::SecretBlock));
    }
    stream_sextets(input.iter().filter_map(|c| sextet(*c)), sink);
    Ok(())
}

/// Hands the bytes that `values` (6 bits each) make to `sink`, 96 at a time; bits left over
/// after the last whole byte are dropped.
fn stream_sextets(values: impl Iterator<Item = u8>, sink: &mut dyn FnMut(&[u8])) {
    let mut acc: u32 = 0;
    let mut held = 0u32;
    let mut out = [0u8; 96];
    let mut n = 0usize;
    for v in values {
        acc = (acc << 6) | u32::from(v);
        held += 6;
        if held >= 8 {
            held -= 8;
            if let Some(slot) = out.get_mut(n) {
                *slot = (acc >> held).to_le_bytes()[0];
                n += 1;
            }
            acc &= (1 << held) - 1;
            if n == out.len() {
                sink(&out);
                n = 0;
            }
        }
    }
    sink(out.get(..n).unwrap_or(&[]));
}

/// Base64 (standard, padded) of a 32-byte MAC: exactly 44 characters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Base64Mac([u8; 44]);

impl Base64Mac {
    pub(crate) fn encode(mac: &[u8; 32]) -> Self {
        let mut buf = [0u8; 44];
        // 32 bytes always encode to exactly 44 characters.
        let _ = Base64::encode(mac, &mut buf);
        Self(buf)
    }

    pub(crate) fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

    fn pad_hex(text: &str) -> Vec<u8> {
        parse_hex(text, Field::Salt).unwrap().padded(Field::Salt).unwrap().as_bytes().to_vec()
    }

    #[test]
    fn pad_matches_java_to_byte_array() {
        assert_eq!(pad_hex("0"), [0x00]);
        assert_eq!(pad_hex("000"), [0x00]);
        assert_eq!(pad_hex("7f"), [0x7f]);
        assert_eq!(pad_hex("80"), [0x00, 0x80]);
        assert_eq!(pad_hex("0080"), [0x00, 0x80]);
        assert_eq!(pad_hex("abc"), [0x0a, 0xbc]);
        assert_eq!(pad_hex("ABC"), [0x0a, 0xbc]);
        assert_eq!(pad_hex("-1"), [0xff]);
        assert_eq!(pad_hex("-80"), [0x80]);
        assert_eq!(pad_hex("-81"), [0xff, 0x7f]);
        assert_eq!(pad_hex("-100"), [0xff, 0x00]);
        assert_eq!(pad_hex("-7f"), [0x81]);
        assert_eq!(pad_hex("-0"), [0x00]);
        assert_eq!(pad_hex("-ffff"), [0xff, 0x00, 0x01]);
    }

    #[test]
    fn hex_errors_name_the_field() {
        assert_eq!(parse_hex("", Field::SrpB).err(), Some(Error::Empty(Field::SrpB)));
        assert_eq!(parse_hex("-", Field::SrpB).err(), Some(Error::Empty(Field::SrpB)));
        assert_eq!(parse_hex("12g4", Field::Salt).err(), Some(Error::InvalidHex(Field::Salt)));
        assert_eq!(parse_hex("--1", Field::Salt).err(), Some(Error::InvalidHex(Field::Salt)));
        let long = "1".repeat(769);
        assert_eq!(parse_hex(&long, Field::SrpB).err(), Some(Error::TooLong(Field::SrpB)));
        let padded = std::format!("{}{}", "0".repeat(1000), "1".repeat(768));
        assert_eq!(parse_hex(&padded, Field::SrpB).unwrap().len, 384);
        let huge = "0".repeat(MAX_HEX_CHARS + 1);
        assert_eq!(parse_hex(&huge, Field::SrpB).err(), Some(Error::TooLong(Field::SrpB)));
    }

    #[test]
    fn minimal_hex_has_no_leading_zero() {
        assert_eq!(HexString::minimal(&[0, 0x0a, 0xbc]).as_str(), "abc");
        assert_eq!(HexString::minimal(&[0xab]).as_str(), "ab");
        assert_eq!(HexString::minimal(&[0, 0]).as_str(), "0");
    }

    fn decode(text: &str) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        decode_secret_block(text, &mut |b| out.extend_from_slice(b))?;
        Ok(out)
    }

    /// `stream_url` accepts exactly what base64ct's strict URL-safe decoders (padded, then
    /// unpadded) accept, with the same bytes: every text of up to 6 characters over characters
    /// that reach each case (spare bits set or not, both alphabets' extra characters, `=`).
    #[test]
    fn url_safe_reading_agrees_with_base64ct() {
        let chars = [b'A', b'B', b'Q', b'w', b'_', b'-', b'=', b'+'];
        let mut text = Vec::new();
        let mut checked = 0;
        for len in 1..=6u32 {
            for mut index in 0..chars.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(chars[index % chars.len()]);
                    index /= chars.len();
                }
                let theirs = base64ct::Base64Url::decode_vec(core::str::from_utf8(&text).unwrap())
                    .or_else(|_| {
                        base64ct::Base64UrlUnpadded::decode_vec(core::str::from_utf8(&text).unwrap())
                    })
                    .ok();
                let mut ours = Vec::new();
                let accepted = stream_url(&text, &mut |b| ours.extend_from_slice(b));
                assert_eq!(accepted.then_some(ours), theirs, "{:?}", core::str::from_utf8(&text));
                checked += 1;
            }
        }
        assert_eq!(checked, (1..=6).map(|l| 8usize.pow(l)).sum::<usize>());
        // Long input streams in chunks of 96 bytes.
        let raw: Vec<u8> = (0u8..=255).cycle().take(1000).collect();
        let mut b = [0u8; 1400];
        let mut ours = Vec::new();
        assert!(stream_url(base64ct::Base64Url::encode(&raw, &mut b).unwrap().as_bytes(), &mut |c| ours
            .extend_from_slice(c)));
        assert_eq!(ours, raw);
    }

    #[test]
    fn secret_block_variants() {
        let raw: Vec<u8> = (0u8..=255).cycle().take(1000).collect();
        let mut std_buf = [0u8; 1400];
        let std_text = Base64::encode(&raw, &mut std_buf).unwrap();
        assert_eq!(decode(std_text).unwrap(), raw);
        let mut b = [0u8; 1400];
        assert_eq!(
            decode(base64ct::Base64Unpadded::encode(&raw[..998], &mut b).unwrap()).unwrap(),
            &raw[..998]
        );
        assert_eq!(decode(base64ct::Base64Url::encode(&raw[..999], &mut b).unwrap()).unwrap(), &raw[..999]);
        assert_eq!(
            decode(base64ct::Base64UrlUnpadded::encode(&raw[..997], &mut b).unwrap()).unwrap(),
            &raw[..997]
        );
        // moto: a UUID with dashes decodes (URL-safe reading); never an error.
        assert_eq!(decode("2b5e7a1c-8d3f-4a6b-9c0d-1e2f3a4b5c6d").unwrap().len(), 27);
        // Last resort: characters outside both alphabets are skipped.
        assert_eq!(decode("QUJD\nREVG").unwrap(), b"ABCDEF");
        assert_eq!(decode("QU JD.").unwrap(), b"ABC");
        assert_eq!(decode("").err(), Some(Error::Empty(Field::SecretBlock)));
        assert_eq!(decode("!!!").err(), Some(Error::InvalidBase64(Field::SecretBlock)));
        assert_eq!(decode("QUJDR").err(), Some(Error::InvalidBase64(Field::SecretBlock)));
        // Standard base64 decodes as a strict decoder would; non-canonical padding or trailing
        // bits are tolerated (the skipping path), as they were when strict decoders came first.
        assert_eq!(decode("+/+/").unwrap(), [0xfb, 0xff, 0xbf]);
        assert_eq!(decode("+/8=").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode("+/8").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode("QR==").unwrap(), b"A");
        assert_eq!(decode("QQ=").unwrap(), b"A");
        // URL-safe text is read in its own alphabet, not skipped.
        assert_eq!(decode("-_-_").unwrap(), [0xfb, 0xff, 0xbf]);
        assert_eq!(decode("-_8").unwrap(), [0xfb, 0xff]);
        // Found by the fuzzer: base64ct's decoder reported remaining bytes it never yielded.
        assert_eq!(decode("f\n").err(), Some(Error::InvalidBase64(Field::SecretBlock)));
        assert_eq!(decode("ff55f\n").err(), Some(Error::InvalidBase64(Field::SecretBlock)));
    }
}
