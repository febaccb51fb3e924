//! Token verification on the cached path: verifications per second and heap allocations per
//! verification (a counting global allocator), for `cognito_srp_http::verify::Verifier` and,
//! as a baseline, the same RS256 check with the `rsa` crate (what jsonwebtoken's RustCrypto
//! backend does).
//!
//! `cargo bench -p cognito-srp-benches --bench verify` (VERIFY_ROUNDS rounds of 1000
//! verifications each, default 20; prints the median round). Exits non-zero when a cached
//! verification allocates. Writes the token and JWKS to `target/bench-verify-token.json` for
//! `benches/verify-node.mjs` (the same measurement with aws-jwt-verify).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stderr,
    clippy::print_stdout,
    clippy::cast_precision_loss
)]

use std::alloc::System;
use std::hint::black_box;
use std::time::Instant;

use base64ct::{Base64UrlUnpadded, Encoding};
use cognito_srp_http::verify::{KeySet, TokenUse, Verifier};
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::rand_core::{TryCryptoRng, TryRng};
use rsa::signature::{SignatureEncoding, Signer, Verifier as _};
use rsa::traits::PublicKeyParts;
use sha2::{Digest, Sha256};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const POOL: &str = "eu-west-1_Bench";
const CLIENT: &str = "1example23456789";
const NOW: u64 = 1_800_000_000;

/// A deterministic generator for the bench key.
struct Stream(u64);
impl TryRng for Stream {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.try_next_u64()? & 0xFFFF_FFFF).try_into().unwrap_or(0))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(32) {
            let block = Sha256::digest(self.0.to_le_bytes());
            self.0 += 1;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        Ok(())
    }
}
impl TryCryptoRng for Stream {}

fn main() {
    let rounds: usize = std::env::var("VERIFY_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let private = rsa::PrivateKey::new(&mut Stream(1), 2048).unwrap();
    let public = private.to_public_key();
    let b64 = |v: &[u8]| Base64UrlUnpadded::encode_string(v);
    let kid = "bench-kid-0123456789abcdefghijklmnopqrstuv=";
    let jwks = serde_json::json!({ "keys": [{ "kid": kid, "kty": "RSA", "alg": "RS256", "use": "sig",
        "n": b64(&public.n().to_be_bytes()), "e": b64(&public.e().to_be_bytes()) }] });
    // An access token shaped like Cognito's.
    let issuer = format!("https://cognito-idp.eu-west-1.amazonaws.com/{POOL}");
    let claims = serde_json::json!({
        "sub": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "cognito:groups": ["admins", "users"],
        "iss": issuer, "client_id": CLIENT, "origin_jti": "b1c2d3e4-0000-1111-2222-333344445555",
        "event_id": "e1e2e3e4-0000-1111-2222-333344445555", "token_use": "access",
        "scope": "aws.cognito.signin.user.admin", "auth_time": NOW - 60, "exp": NOW + 3600,
        "iat": NOW - 60, "jti": "f1f2f3f4-0000-1111-2222-333344445555", "username": "alice" });
    let header = serde_json::json!({ "kid": kid, "alg": "RS256" });
    let input = format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()));
    let signing = SigningKey::<Sha256>::new(private);
    let signature: Signature = signing.try_sign(input.as_bytes()).unwrap();
    let token = format!("{input}.{}", b64(&signature.to_bytes()));

    // For the comparison with aws-jwt-verify (benches/verify-node.mjs): the same token and JWKS.
    let export = serde_json::json!({ "token": token, "jwks": jwks, "pool": POOL, "client": CLIENT });
    std::fs::write(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../target/bench-verify-token.json"),
        export.to_string(),
    )
    .unwrap();

    let verifier = Verifier::builder(POOL)
        .client_id(CLIENT)
        .token_use(TokenUse::Access)
        .require_group("admins")
        .require_scope("aws.cognito.signin.user.admin")
        .build()
        .unwrap();
    verifier.set_keys(KeySet::from_json(jwks.to_string().as_bytes()).unwrap());
    verifier.verify(&token, NOW).unwrap();

    // Allocations per verification on the cached path.
    let region = Region::new(GLOBAL);
    for _ in 0..100 {
        black_box(verifier.verify(black_box(&token), NOW).unwrap());
    }
    let ours = region.change();
    // The same signature check with the rsa crate (parsing aside).
    let rsa_key = VerifyingKey::<Sha256>::new(public);
    let sig_bytes = Base64UrlUnpadded::decode_vec(token.rsplit('.').next().unwrap()).unwrap();
    let region = Region::new(GLOBAL);
    for _ in 0..100 {
        let sig = Signature::try_from(sig_bytes.as_slice()).unwrap();
        rsa_key.verify(black_box(input.as_bytes()), &sig).unwrap();
    }
    let theirs = region.change();

    let time = |f: &dyn Fn()| {
        let mut per_sec = Vec::new();
        for _ in 0..rounds {
            let started = Instant::now();
            for _ in 0..1000 {
                f();
            }
            per_sec.push(1000.0 / started.elapsed().as_secs_f64());
        }
        per_sec.sort_by(f64::total_cmp);
        (per_sec[per_sec.len() / 2], per_sec[0], per_sec[per_sec.len() - 1])
    };
    let ours_rate = time(&|| {
        black_box(verifier.verify(black_box(&token), NOW).unwrap());
    });
    let rsa_rate = time(&|| {
        let sig = Signature::try_from(sig_bytes.as_slice()).unwrap();
        rsa_key.verify(black_box(input.as_bytes()), &sig).unwrap();
    });
    println!("token: {} bytes, RSA 2048, {rounds} rounds of 1000", token.len());
    println!(
        "Verifier::verify (whole check)    {:>8.0}/s median (min {:.0}, max {:.0}); allocations/verification: {} ({} bytes)",
        ours_rate.0,
        ours_rate.1,
        ours_rate.2,
        ours.allocations as f64 / 100.0,
        ours.bytes_allocated as f64 / 100.0
    );
    println!(
        "rsa 0.10 pkcs1v15 (signature only) {:>8.0}/s median (min {:.0}, max {:.0}); allocations/verification: {} ({} bytes)",
        rsa_rate.0,
        rsa_rate.1,
        rsa_rate.2,
        theirs.allocations as f64 / 100.0,
        theirs.bytes_allocated as f64 / 100.0
    );
    if ours.allocations != 0 || ours.reallocations != 0 {
        eprintln!("a cached verification allocated: {ours:?}");
        std::process::exit(1);
    }
}
