//! After a sign-in step is done and its values are dropped, no copy of its secrets is left in
//! the process's readable memory.
//!
//! The test signs claims (user and device, and with the `server` feature verifies one) with
//! secrets from seeded generators, drops everything, then reads its own memory
//! (`/proc/self/maps` and `/proc/self/mem`, read only) and looks for every 16-byte window of
//! every secret, in the encodings it takes in memory: `a`, `b` and x big-endian (as generated
//! and hashed) and as little-endian limbs, H(ids ":" password), the exponent a + u*x, the base
//! B - k*g^x and S as limbs and in Montgomery form, pad(S), the HKDF PRK, K, and the device
//! password with the random bytes it was made from.
//!
//! The secrets to look for are computed by a reference implementation in a child process (this
//! binary run again), which sends them XOR-masked with a random mask: the parent never holds a
//! secret's bytes (comparisons unmask byte by byte), so the scan cannot find its own copy.
//! Positive controls show that the scan finds every secret when a copy is kept on the heap,
//! `a` while its [`ClientEphemeral`] is alive, and a copy left in a dead stack frame.
//!
//! `harness = false` (see Cargo.toml): one thread, so nothing else runs on its stack or heap
//! while it scans. Linux only; elsewhere it prints `SKIPPED`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::panic
)]

#[cfg(target_os = "linux")]
mod support;

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("zeroize_scan: SKIPPED: needs Linux's /proc/self/mem");
}

#[cfg(target_os = "linux")]
fn main() {
    linux::main();
}

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::BTreeMap;
    use std::fmt::Write as _;
    use std::fs::File;
    use std::hint::black_box;
    use std::os::unix::fs::FileExt;
    use std::process::Command;

    use base64ct::{Base64, Encoding};
    use cognito_srp_core::{
        ClientEphemeral, DeviceVerifier, DeviceVerifierChallenge, N_HEX, PasswordVerifierChallenge, Timestamp,
    };
    use crypto_bigint::U3072;
    use crypto_bigint::modular::ConstMontyForm;
    use hmac::{Hmac, KeyInit, Mac};
    use rand_core::Rng;
    use sha2::{Digest, Sha256};
    use zeroize::Zeroizing;

    use crate::support::TestRng;

    const POOL_ID: &str = "eu-west-1_ScanPool7";
    const POOL_NAME: &str = "ScanPool7";
    const USER: &str = "5e0b7c1a-2d3f-4e5a-9b8c-0123456789ab";
    /// The caller owns the password (a `&str`): the core cannot zeroize it, so it is not searched.
    const PASSWORD: &str = "correct horse battery staple";
    const GROUP: &str = "-ScanGroup1";
    const DEVICE_KEY: &str = "eu-west-1_5f0c2d1e-1111-4222-8333-944455556666";
    const SECRET_BLOCK: &str = "c2VjcmV0IGJsb2NrIGZyb20gdGhlIHNlcnZlcg==";
    const UNIX_TIME: u64 = 1_767_776_703;
    /// Set in the child: the seeds it computes the exchange from.
    const CHILD_ENV: &str = "COGNITO_SRP_ZEROIZE_SCAN_SEEDS";
    /// Bytes compared per match: a 16-byte window of a secret does not occur by chance.
    const WINDOW: usize = 16;

    /// The seeds of every secret (the parent holds only these, never a secret's bytes).
    #[derive(Clone, Copy)]
    struct Seeds {
        a: u64,
        b: u64,
        salt: u64,
        device: u64,
        device_a: u64,
        device_b: u64,
        mask: u64,
    }

    impl Seeds {
        fn random() -> Self {
            let mut bytes = [0u8; 56];
            getrandom::fill(&mut bytes).unwrap();
            let word = |i: usize| u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().unwrap());
            Self {
                a: word(0),
                b: word(1),
                salt: word(2),
                device: word(3),
                device_a: word(4),
                device_b: word(5),
                mask: word(6),
            }
        }

        fn to_env(self) -> String {
            let s = [self.a, self.b, self.salt, self.device, self.device_a, self.device_b, self.mask];
            s.iter().map(u64::to_string).collect::<Vec<_>>().join(",")
        }

        fn from_env(text: &str) -> Self {
            let v: Vec<u64> = text.split(',').map(|s| s.parse().unwrap()).collect();
            Self { a: v[0], b: v[1], salt: v[2], device: v[3], device_a: v[4], device_b: v[5], mask: v[6] }
        }
    }

    /// What a seeded generator yields first, as the core's `generate` functions draw it.
    fn rng_bytes(seed: u64, n: usize) -> Vec<u8> {
        let mut v = vec![0u8; n];
        TestRng(seed).fill_bytes(&mut v);
        v
    }

    /// The mask of the `index`-th secret the child reports.
    fn mask(seed: u64, index: usize, len: usize) -> Vec<u8> {
        rng_bytes(seed ^ (index as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15), len)
    }

    pub(crate) fn main() {
        if let Ok(seeds) = std::env::var(CHILD_ENV) {
            reference::run(Seeds::from_env(&seeds));
            return;
        }
        let seeds = Seeds::random();
        let expected = Expected::from_child(seeds);
        let mut failures = Vec::new();

        // 1. A user sign-in with a generated `a`, as real code does it.
        let signature = below_the_scanner(|| user_sign_in(seeds, &expected, None));
        assert_eq!(signature, expected.public["signature"], "the reference computed another exchange");
        failures.extend(expect_none(&expected, "user_claim after ClientEphemeral::generate"));

        // 2. The same with `a` given to from_secret_bytes (unmasked into a zeroized buffer).
        let a = expected.secret("a (big-endian)");
        let signature = below_the_scanner(|| user_sign_in(seeds, &expected, Some(a)));
        assert_eq!(signature, expected.public["signature"]);
        failures.extend(expect_none(&expected, "user_claim after ClientEphemeral::from_secret_bytes"));

        // 3. ConfirmDevice's verifier, then a device sign-in with its password.
        let signature = below_the_scanner(|| device_sign_in(seeds, &expected));
        assert_eq!(signature, expected.public["device signature"]);
        failures.extend(expect_none(&expected, "DeviceVerifier::generate and device_claim"));

        // 4. The server role checks the user's claim.
        #[cfg(feature = "server")]
        {
            below_the_scanner(|| server_verify(seeds, &expected));
            failures.extend(expect_none(&expected, "server Verifier, ServerEphemeral and verify_user_claim"));
        }

        // Positive controls: the scan finds what is there.
        failures.extend(positive_controls(seeds, &expected));

        if !failures.is_empty() {
            eprintln!("zeroize_scan: secrets left in memory after drop:");
            for f in &failures {
                eprintln!("  {f}");
            }
            panic!("{} secret copies found after drop (see above)", failures.len());
        }
        println!("zeroize_scan: 1 passed, 0 failed");
    }

    /// Runs `f` below 128 KiB of this frame, so that the scanner's own frames (which are
    /// shallower) do not overwrite the dead frames `f` leaves behind before they are read.
    #[inline(never)]
    fn below_the_scanner<R>(f: impl FnOnce() -> R) -> R {
        let pad = [0u8; 128 * 1024];
        black_box(&pad);
        let out = f();
        black_box(&pad);
        out
    }

    fn challenge_time() -> Timestamp {
        Timestamp::from_unix_seconds(UNIX_TIME).unwrap()
    }

    #[inline(never)]
    fn user_sign_in(seeds: Seeds, expected: &Expected, a: Option<&Needle>) -> String {
        let eph = match a {
            None => ClientEphemeral::generate(&mut TestRng(seeds.a)),
            Some(needle) => {
                let mut a = Zeroizing::new([0u8; 32]);
                needle.unmask_into(a.as_mut());
                ClientEphemeral::from_secret_bytes(a.as_ref()).unwrap()
            }
        };
        assert_eq!(eph.public_hex().as_str(), expected.public["srp_a"]);
        let challenge = PasswordVerifierChallenge {
            user_id_for_srp: USER,
            salt_hex: &expected.public["salt"],
            srp_b_hex: &expected.public["srp_b"],
            secret_block: SECRET_BLOCK,
        };
        let claim = eph.user_claim(POOL_ID, &challenge, PASSWORD, &challenge_time()).unwrap();
        claim.signature().to_owned()
    }

    #[inline(never)]
    fn device_sign_in(seeds: Seeds, expected: &Expected) -> String {
        let device = DeviceVerifier::generate(&mut TestRng(seeds.device), GROUP, DEVICE_KEY).unwrap();
        assert_eq!(device.password_verifier(), expected.public["device password verifier"]);
        assert_eq!(device.salt(), expected.public["device salt base64"]);
        let eph = ClientEphemeral::generate(&mut TestRng(seeds.device_a));
        let challenge = DeviceVerifierChallenge {
            salt_hex: &expected.public["device salt"],
            srp_b_hex: &expected.public["device srp_b"],
            secret_block: SECRET_BLOCK,
        };
        let claim = eph
            .device_claim(GROUP, DEVICE_KEY, device.device_password(), &challenge, &challenge_time())
            .unwrap();
        claim.signature().to_owned()
    }

    #[cfg(feature = "server")]
    #[inline(never)]
    fn server_verify(seeds: Seeds, expected: &Expected) {
        use cognito_srp_core::server::{ServerEphemeral, Verifier};
        let salt = rng_bytes(seeds.salt, 16);
        let verifier = Verifier::for_user(POOL_NAME, USER, PASSWORD, &salt).unwrap();
        let server = ServerEphemeral::generate(&mut TestRng(seeds.b), &verifier);
        assert_eq!(server.public_hex().as_str(), expected.public["srp_b"]);
        let ts = challenge_time();
        server
            .verify_user_claim(
                &verifier,
                &expected.public["srp_a"],
                POOL_NAME,
                USER,
                SECRET_BLOCK,
                ts.as_str(),
                &expected.public["signature"],
            )
            .unwrap();
    }

    /// Panics when the scan misses a secret that is there; returns what is left after drop.
    fn positive_controls(seeds: Seeds, expected: &Expected) -> Vec<String> {
        // `a` is found while its ephemeral is alive, and no longer once it is dropped (in place,
        // at the end of its scope: `drop(eph)` would move it and leave the moved-from bytes in
        // this frame, which no code in the core can reach).
        {
            let eph = ClientEphemeral::generate(&mut TestRng(seeds.a));
            let hits = scan(&expected.needles);
            assert!(
                hits.contains_key("a (limbs)"),
                "positive control: `a` of a live ClientEphemeral was not found; the scan does not work"
            );
            black_box(&eph);
        }
        let left = expect_none(expected, "dropping a live ClientEphemeral");

        // Every secret is found when a copy of it is kept on the heap.
        let copies: Vec<HeapCopy> = expected.needles.iter().map(Needle::unmasked).collect();
        let hits = scan(&expected.needles);
        for needle in &expected.needles {
            assert!(
                hits.contains_key(needle.name.as_str()),
                "positive control: a heap copy of {} was not found",
                needle.name
            );
        }
        drop(copies);

        // A copy of K left in a dead stack frame is found.
        below_the_scanner(|| leave_on_stack(expected.secret("K")));
        let hits = scan(&expected.needles);
        let k = hits.get("K").expect("positive control: K left in a dead stack frame was not found");
        assert!(k.iter().any(|place| place.contains("[stack]")), "K was expected in [stack], found at {k:?}");
        left
    }

    /// Writes K into this frame's memory and returns without clearing it.
    #[inline(never)]
    fn leave_on_stack(needle: &Needle) {
        let mut copy = [0u8; WINDOW];
        needle.unmask_into(&mut copy);
        black_box(&mut copy);
    }

    /// Scans, and describes every secret found.
    fn expect_none(expected: &Expected, after: &str) -> Vec<String> {
        scan(&expected.needles)
            .into_iter()
            .map(|(name, at)| format!("after {after}: {name} at {}", at.join(", ")))
            .collect()
    }

    /// One secret, masked: `masked[i] ^ mask[i]` is its i-th byte.
    struct Needle {
        name: String,
        masked: Vec<u8>,
        mask: Vec<u8>,
    }

    impl Needle {
        fn unmask_into(&self, out: &mut [u8]) {
            assert!(out.len() <= self.masked.len());
            for (i, slot) in out.iter_mut().enumerate() {
                *slot = self.masked[i] ^ self.mask[i];
            }
        }

        fn unmasked(&self) -> HeapCopy {
            let mut out = Vec::with_capacity(self.masked.len());
            for (m, k) in self.masked.iter().zip(&self.mask) {
                out.push(m ^ k);
            }
            HeapCopy(out)
        }

        fn window_matches(&self, offset: usize, memory: &[u8]) -> bool {
            (0..WINDOW).all(|j| memory[j] ^ self.mask[offset + j] == self.masked[offset + j])
        }
    }

    /// A secret's bytes on the heap (a positive control), zeroized on drop.
    struct HeapCopy(Vec<u8>);

    impl Drop for HeapCopy {
        fn drop(&mut self) {
            zeroize::Zeroize::zeroize(self.0.as_mut_slice());
        }
    }

    /// What the child computed: public values in clear, secrets masked.
    struct Expected {
        public: BTreeMap<String, String>,
        needles: Vec<Needle>,
    }

    impl Expected {
        fn from_child(seeds: Seeds) -> Self {
            let out = Command::new(std::env::current_exe().unwrap())
                .env(CHILD_ENV, seeds.to_env())
                .output()
                .unwrap();
            assert!(out.status.success(), "reference child failed: {}", String::from_utf8_lossy(&out.stderr));
            let text = String::from_utf8(out.stdout).unwrap();
            let mut public = BTreeMap::new();
            let mut needles = Vec::new();
            for line in text.lines() {
                let (kind, rest) = line.split_once(' ').unwrap();
                let (name, value) = rest.rsplit_once(' ').unwrap();
                match kind {
                    "public" => {
                        public.insert(name.to_owned(), value.to_owned());
                    }
                    "secret" => {
                        let masked = hex_decode(value);
                        assert!(masked.len() >= WINDOW, "{name} is shorter than a window");
                        let mask = mask(seeds.mask, needles.len(), masked.len());
                        needles.push(Needle { name: name.to_owned(), masked, mask });
                    }
                    other => panic!("unexpected line kind {other}"),
                }
            }
            Self { public, needles }
        }

        fn secret(&self, name: &str) -> &Needle {
            self.needles.iter().find(|n| n.name == name).unwrap()
        }
    }

    fn hex_decode(text: &str) -> Vec<u8> {
        (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }

    /// The windows of every needle (every 16 bytes, and the last 16), indexed by their first
    /// two bytes, and where in memory they are found: needle name -> the first places seen.
    fn scan(needles: &[Needle]) -> BTreeMap<String, Vec<String>> {
        let mut by_prefix: Vec<Vec<(usize, usize)>> = vec![Vec::new(); 1 << 16];
        for (n, needle) in needles.iter().enumerate() {
            let len = needle.masked.len();
            let mut offsets: Vec<usize> = (0..=len - WINDOW).step_by(WINDOW).collect();
            offsets.push(len - WINDOW);
            offsets.dedup();
            for off in offsets {
                let b0 = needle.masked[off] ^ needle.mask[off];
                let b1 = needle.masked[off + 1] ^ needle.mask[off + 1];
                by_prefix[usize::from(u16::from_le_bytes([b0, b1]))].push((n, off));
            }
        }
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let mem = File::open("/proc/self/mem").unwrap();
        const CHUNK: usize = 1 << 20;
        // Zeroized on drop: it holds a copy of whatever it read last, which the next scan
        // would otherwise find on the heap.
        let mut buf = HeapCopy(vec![0u8; CHUNK + WINDOW]);
        let buf = &mut buf.0;
        let mut found = BTreeMap::new();
        let mut scanned = 0usize;
        for line in maps.lines() {
            let mut fields = line.split_whitespace();
            let range = fields.next().unwrap();
            let perms = fields.next().unwrap();
            let path = fields.nth(3).unwrap_or("[anonymous]");
            if !perms.starts_with('r') || matches!(path, "[vvar]" | "[vvar_vclock]" | "[vsyscall]") {
                continue;
            }
            let (start, end) = range.split_once('-').unwrap();
            let (start, end) =
                (u64::from_str_radix(start, 16).unwrap(), u64::from_str_radix(end, 16).unwrap());
            let mut pos = start;
            while pos < end {
                let want = usize::try_from(end - pos).unwrap().min(CHUNK + WINDOW);
                let Ok(got) = mem.read_at(&mut buf[..want], pos) else { break };
                if got == 0 {
                    break;
                }
                scanned += got;
                let memory = &buf[..got];
                for i in 0..got.saturating_sub(WINDOW - 1) {
                    let key = usize::from(u16::from_le_bytes([memory[i], memory[i + 1]]));
                    for &(n, off) in &by_prefix[key] {
                        let needle = &needles[n];
                        if needle.window_matches(off, &memory[i..]) {
                            let places: &mut Vec<String> = found.entry(needle.name.clone()).or_default();
                            if places.len() < 3 {
                                places.push(format!("{:#x} ({path}, bytes {off}..)", pos + i as u64));
                            }
                        }
                    }
                }
                pos += CHUNK as u64;
            }
        }
        assert!(scanned > 1 << 20, "read only {scanned} bytes of memory");
        found
    }

    /// The reference exchange, computed in the child from the seeds with crypto-bigint, sha2
    /// and hmac directly (not through the core).
    mod reference {
        use super::*;

        crypto_bigint::const_monty_params!(Modulus, U3072, N_HEX, "N");
        type Fe = ConstMontyForm<Modulus, { U3072::LIMBS }>;

        /// Java's `BigInteger.toByteArray()` of an unsigned big-endian value.
        fn pad(be: &[u8]) -> Vec<u8> {
            let first = be.iter().position(|b| *b != 0).unwrap_or(be.len());
            let mag = &be[first..];
            let mut out = Vec::new();
            if mag.first().is_none_or(|b| b & 0x80 != 0) {
                out.push(0);
            }
            out.extend_from_slice(mag);
            out
        }

        fn sha(parts: &[&[u8]]) -> [u8; 32] {
            let mut h = Sha256::new();
            parts.iter().for_each(|p| h.update(p));
            h.finalize().into()
        }

        fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
            let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
            parts.iter().for_each(|p| m.update(p));
            m.finalize().into_bytes().into()
        }

        fn uint(be: &[u8]) -> U3072 {
            let mut buf = [0u8; 384];
            buf[384 - be.len()..].copy_from_slice(be);
            U3072::from_be_slice(&buf)
        }

        fn be(v: &U3072) -> Vec<u8> {
            v.to_be_bytes().as_ref().to_vec()
        }

        fn le(v: &U3072) -> Vec<u8> {
            v.to_le_bytes().as_ref().to_vec()
        }

        fn reversed(bytes: &[u8]) -> Vec<u8> {
            bytes.iter().rev().copied().collect()
        }

        struct Out {
            index: usize,
            mask_seed: u64,
        }

        impl Out {
            fn public(&self, name: &str, value: &str) {
                println!("public {name} {value}");
            }

            fn secret(&mut self, name: &str, bytes: &[u8]) {
                let mask = mask(self.mask_seed, self.index, bytes.len());
                let masked: Vec<u8> = bytes.iter().zip(&mask).map(|(b, m)| b ^ m).collect();
                println!("secret {name} {}", hex(&masked));
                self.index += 1;
            }
        }

        /// One SRP exchange; reports its values under `prefix` and returns the verifier g^x.
        #[allow(clippy::too_many_arguments)]
        fn exchange(
            out: &mut Out,
            prefix: &str,
            (first, second): (&str, &str),
            password: &[u8],
            salt_pad: &[u8],
            a_raw: &[u8],
            b_raw: &[u8],
        ) -> U3072 {
            let g = Fe::new(&U3072::from_u8(2));
            let n = U3072::from_be_hex(N_HEX);
            let k = Fe::new(&uint(&sha(&[&pad(&be(&n)), &[2]])));
            let inner = sha(&[first.as_bytes(), second.as_bytes(), b":", password]);
            let x_be = sha(&[salt_pad, &inner]);
            let x = uint(&x_be);
            let v = g.pow(&x);
            let (a, b) = (uint(a_raw), uint(b_raw));
            let srp_a = g.pow(&a).retrieve();
            let srp_b = k.mul(&v).add(&g.pow(&b)).retrieve();
            let u_be = sha(&[&pad(&be(&srp_a)), &pad(&be(&srp_b))]);
            let u = uint(&u_be);
            let base = Fe::new(&srp_b).sub(&k.mul(&v));
            let e = a.wrapping_add(&u.wrapping_mul(&x));
            let s = base.pow(&e);
            let s_int = s.retrieve();
            let prk = hmac(&pad(&u_be), &[&pad(&be(&s_int))]);
            let key_full = hmac(&prk, &[b"Caldera Derived Key", &[1]]);
            let key = &key_full[..16];
            let block = Base64::decode_vec(SECRET_BLOCK).unwrap();
            let ts = Timestamp::from_unix_seconds(UNIX_TIME).unwrap();
            let sig = hmac(key, &[first.as_bytes(), second.as_bytes(), &block, ts.as_str().as_bytes()]);

            let p = |name: &str| format!("{prefix}{name}");
            out.secret(&p("a (big-endian)"), a_raw);
            out.secret(&p("a (limbs)"), &reversed(a_raw));
            out.secret(&p("b (big-endian)"), b_raw);
            out.secret(&p("b (limbs)"), &reversed(b_raw));
            out.secret(&p("H(ids:password)"), &inner);
            out.secret(&p("x (big-endian)"), &x_be);
            out.secret(&p("x (limbs)"), &reversed(&x_be));
            out.secret(&p("a+u*x (limbs)"), &le(&e)[..64]);
            out.secret(&p("B-k*g^x (limbs)"), &le(&base.retrieve()));
            out.secret(&p("B-k*g^x (Montgomery)"), &le(base.as_montgomery()));
            out.secret(&p("pad(S)"), &pad(&be(&s_int)));
            out.secret(&p("S (limbs)"), &le(&s_int));
            out.secret(&p("S (Montgomery)"), &le(s.as_montgomery()));
            out.secret(&p("PRK"), &prk);
            out.secret(&p("K"), key);
            let hexmin = |v: &U3072| {
                let h = hex(&be(v));
                let t = h.trim_start_matches('0');
                if t.is_empty() { "0".to_owned() } else { t.to_owned() }
            };
            out.public(&p("srp_a"), &hexmin(&srp_a));
            out.public(&p("srp_b"), &hexmin(&srp_b));
            out.public(&p("signature"), &Base64::encode_string(&sig));
            v.retrieve()
        }

        pub(crate) fn run(seeds: Seeds) {
            let mut out = Out { index: 0, mask_seed: seeds.mask };
            let salt = rng_bytes(seeds.salt, 16);
            let salt_pad = pad(&salt);
            out.public("salt", hex(&salt).trim_start_matches('0'));
            exchange(
                &mut out,
                "",
                (POOL_NAME, USER),
                PASSWORD.as_bytes(),
                &salt_pad,
                &rng_bytes(seeds.a, 32),
                &rng_bytes(seeds.b, 32),
            );

            // DeviceVerifier::generate draws 40 password bytes, then 16 salt bytes.
            let drawn = rng_bytes(seeds.device, 56);
            let (raw, device_salt) = drawn.split_at(40);
            let password = Base64::encode_string(raw);
            let device_salt_pad = pad(device_salt);
            out.secret("device random bytes", raw);
            out.secret("device password", password.as_bytes());
            out.public("device salt", hex(&device_salt_pad).trim_start_matches('0'));
            out.public("device salt base64", &Base64::encode_string(&device_salt_pad));
            let v = exchange(
                &mut out,
                "device ",
                (GROUP, DEVICE_KEY),
                password.as_bytes(),
                &device_salt_pad,
                &rng_bytes(seeds.device_a, 32),
                &rng_bytes(seeds.device_b, 32),
            );
            out.public("device password verifier", &Base64::encode_string(&pad(&be(&v))));
        }
    }
}
