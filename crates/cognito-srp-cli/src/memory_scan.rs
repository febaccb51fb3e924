//! Test support: looks for a secret's bytes in the process's own memory (Linux), to check
//! that what held it was wiped when dropped.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use zeroize::Zeroizing;

/// A random secret of 51 ASCII characters made in place (no reallocation leaves a copy),
/// and the needle for [`memory_holds`]: the reverse of its bytes 16 to 32. The allocator
/// writes its free-list links over the first 16 bytes of a freed block, and a partial copy
/// left by a buffer that grew (8, 16, 32 bytes ...) holds only a prefix; 16 random hex
/// digits (64 bits) do not turn up by chance.
pub(crate) fn random_secret(prefix: &str) -> (Zeroizing<String>, Vec<u8>) {
    let mut bytes = Zeroizing::new([0u8; 24]);
    getrandom::fill(bytes.as_mut_slice()).unwrap();
    let mut secret = Zeroizing::new(String::with_capacity(64));
    secret.push_str(prefix);
    for b in bytes.iter() {
        secret.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        secret.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    let reversed = secret.bytes().skip(16).take(16).rev().collect();
    (secret, reversed)
}

/// What [`memory_holds`] needs, made before the secret exists: scanning then allocates
/// nothing, so it cannot reuse (and overwrite) the freed memory it looks at.
pub(crate) struct Scanner {
    maps: String,
    mem: std::fs::File,
    chunk: Vec<u8>,
}

impl Scanner {
    pub(crate) fn new() -> Self {
        Self {
            maps: std::fs::read_to_string("/proc/self/maps").unwrap(),
            mem: std::fs::File::open("/proc/self/mem").unwrap(),
            chunk: vec![0u8; 1 << 20],
        }
    }

    /// Whether writable memory holds the bytes whose reverse is `reversed`.
    pub(crate) fn finds(&mut self, reversed: &[u8]) -> bool {
        memory_holds(reversed, &self.maps, &mut self.mem, &mut self.chunk)
    }
}

/// Whether the process's writable memory (as `maps`, /proc/self/maps, lists it) holds
/// the bytes whose reverse is `reversed` (the needle is never held forwards, so the search
/// cannot find itself). It allocates nothing, so it does not reuse freed memory it scans.
pub(crate) fn memory_holds(reversed: &[u8], maps: &str, mem: &mut std::fs::File, chunk: &mut [u8]) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let n = reversed.len();
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else { continue };
        if !perms.starts_with("rw") || line.contains("[vvar") || line.contains("[vsyscall") {
            continue;
        }
        let Some((start, end)) = range.split_once('-') else { continue };
        let (start, end) = (u64::from_str_radix(start, 16).unwrap(), u64::from_str_radix(end, 16).unwrap());
        let mut at = start;
        while at < end {
            let len = usize::try_from((end - at).min(u64::try_from(chunk.len()).unwrap())).unwrap();
            if mem.seek(SeekFrom::Start(at)).is_err() || mem.read_exact(&mut chunk[..len]).is_err() {
                break;
            }
            let found =
                chunk[..len].windows(n).any(|w| w.iter().zip(reversed.iter().rev()).all(|(a, b)| a == b));
            if found {
                return true;
            }
            // Overlap the next chunk so a needle across the boundary is seen.
            at += u64::try_from(len.saturating_sub(n).max(1)).unwrap();
        }
    }
    false
}
