//! # cognito-srp-core
//!
//! The math of Amazon Cognito's SRP-6a sign-in, including device tracking, as a sans-IO,
//! `#![no_std]`, heap-free library. It turns Cognito's challenges into responses; moving the
//! bytes is the caller's job (see the `cognito-srp-http` crate for a ready client).
//!
//! - [`ClientEphemeral`]: make `SRP_A`, then answer `PASSWORD_VERIFIER`
//!   ([`ClientEphemeral::user_claim`]) or `DEVICE_PASSWORD_VERIFIER`
//!   ([`ClientEphemeral::device_claim`]).
//! - [`DeviceVerifier`]: the `DeviceSecretVerifierConfig` for `ConfirmDevice`.
//! - [`secret_hash`]: `SECRET_HASH` for app clients with a secret.
//! - [`Timestamp`]: Cognito's `TIMESTAMP`, without `std` or a locale.
//! - [`server`] (feature `server`): the verifying side, for emulators and tests.
//!
//! Secret-dependent arithmetic runs in constant time on crypto-bigint's fixed-size integers
//! and, for the exponentiations, the crate's own Montgomery multiplication and squaring
//! specialised to the group's prime, with exponent widths that are public constants; secrets
//! are zeroized on drop and redacted in `Debug`.
//!
//! ## What is zeroized
//! - On drop: `a` in [`ClientEphemeral`], `b` in `server::ServerEphemeral`, the device
//!   password in [`DeviceVerifier`], the bytes of a [`Padded`].
//! - Before each call that handles a secret returns (making an ephemeral or a device verifier,
//!   signing a claim, [`secret_hash`], and the server role's verifier, ephemeral and checks):
//!   the random bytes drawn, H(ids ":" password), x, g^x, k·g^x, B − k·g^x, u·x, a + u·x, S
//!   (Montgomery form, normal form, big-endian bytes, pad(S)), the HKDF PRK and block, K, and
//!   the SHA-256 and HMAC states.
//! - The stack: after those calls, and when one of the three types above is dropped, the 32 KiB
//!   below the calling frame are overwritten with zeros. That clears the frames of
//!   crypto-bigint, sha2 and hmac and the copies moves leave inside the core, which no
//!   `zeroize` call reaches.
//!
//! Not zeroized: what the caller owns (the password `&str`s, the bytes given to
//! [`ClientEphemeral::from_secret_bytes`], the client secret); copies that moving one of these
//! values leaves in the caller's own frames (drop it where it lives, or box it); stack more
//! than 32 KiB deep (unoptimised builds of the core and crypto-bigint go to about 64 KiB:
//! build them with opt-level 2); registers and what the OS copies (swap, core dumps); public
//! values (A, B, u, salts, the signature, [`SecretHash`], the verifier g^x). The README's
//! "What is zeroized" has the details.
//!
//! ## Example: a whole user sign-in against the server role
//! (with the `server` feature)
//! ```
//! # #[cfg(feature = "server")] {
//! use cognito_srp_core::{ClientEphemeral, PasswordVerifierChallenge, Timestamp};
//! use cognito_srp_core::server::{ServerEphemeral, Verifier, salt_hex};
//!
//! // Server: the stored verifier and a fresh B.
//! let salt = [0x21; 16];
//! let verifier = Verifier::for_user("Abc123", "alice", "correct horse", &salt).unwrap();
//! let server = ServerEphemeral::from_secret_bytes(&[0x0b; 32], &verifier).unwrap();
//!
//! // Client: SRP_A (use ClientEphemeral::generate with a CSPRNG in real code).
//! let client = ClientEphemeral::from_secret_bytes(&[0x0a; 32]).unwrap();
//! let srp_a = client.public_hex();
//!
//! // The PASSWORD_VERIFIER challenge and the client's answer.
//! let (salt_text, srp_b) = (salt_hex(&salt), server.public_hex());
//! let challenge = PasswordVerifierChallenge {
//!     user_id_for_srp: "alice",
//!     salt_hex: salt_text.as_str(),
//!     srp_b_hex: srp_b.as_str(),
//!     secret_block: "AAEC",
//! };
//! let now = Timestamp::from_unix_seconds(1_767_776_703).unwrap();
//! let claim = client.user_claim("eu-west-1_Abc123", &challenge, "correct horse", &now).unwrap();
//!
//! // The server checks it.
//! assert!(server
//!     .verify_user_claim(&verifier, srp_a.as_str(), "Abc123", "alice", "AAEC", claim.timestamp(), claim.signature())
//!     .is_ok());
//! # }
//! ```
//!
//! ## Features
//! - `precomputed-table` (opt-in; `cognito-srp-http`, the emulator and the CLI turn it on): a
//!   fixed-base table for g generated at build time (52 x 31 entries, 604.5 KiB of read-only
//!   data; 654.9 KiB on 64-bit targets but wasm32, whose entries are 52 digits of 60 bits). g^e for the 256-bit `a`, b and device x then takes
//!   51 Montgomery multiplications instead of the 63 squarings and 63 multiplications of the
//!   comb that runs without it (the default; a 7-entry table of 2.6 KiB), about 2.5x fewer
//!   operations; results are identical. Off by default so that embedded and WebAssembly
//!   builds stay small.
//! - `server`: the server role ([`server`]).
//! - `std`: [`Timestamp::now`] from the system clock. Nothing in the core needs a heap, so there
//!   is no `alloc` feature: [`HexString`] and [`Claim`] are fixed-size buffers.
//!
// Without its feature an item is not in the crate, and an intra-doc link to it would not
// resolve: these links then point at the item's page on docs.rs (built with every feature).
#![cfg_attr(
    not(feature = "server"),
    doc = "[`server`]: https://docs.rs/cognito-srp-core/latest/cognito_srp_core/server/index.html"
)]
#![cfg_attr(
    not(feature = "std"),
    doc = "[`Timestamp::now`]: https://docs.rs/cognito-srp-core/latest/cognito_srp_core/struct.Timestamp.html#method.now"
)]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(
    not(test),
    deny(clippy::std_instead_of_core, clippy::std_instead_of_alloc, clippy::alloc_instead_of_core)
)]

#[cfg(feature = "std")]
extern crate std;

mod client;
mod device;
mod encoding;
mod error;
#[cfg(feature = "precomputed-table")]
mod fixed_base;
mod group;
mod mont;
#[doc(hidden)]
pub use mont::bench as arith;
mod scrub;
#[cfg(feature = "server")]
pub mod server;
mod srp;
mod timestamp;

#[cfg(test)]
mod vectors;

use base64ct::{Base64, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use scrub::scrubbed;

pub use client::{ClientEphemeral, DeviceVerifierChallenge, PasswordVerifierChallenge};
pub use device::DeviceVerifier;
pub use encoding::{HexString, Padded};
pub use error::{Error, Field};
pub use group::{K_HEX, N_HEX};
pub use rand_core;
pub use srp::Claim;
pub use timestamp::Timestamp;

/// The part of a pool id after the first `_` (`us-east-1_AbC` -> `AbC`): the name hashed into
/// x and the signature.
///
/// # Errors
/// [`Error::InvalidPoolId`] when there is no `_`, or nothing before or after it.
///
/// # Example
/// ```
/// assert_eq!(cognito_srp_core::pool_name("us-east-1_ExAmPlE12"), Ok("ExAmPlE12"));
/// assert!(cognito_srp_core::pool_name("ExAmPlE12").is_err());
/// ```
pub fn pool_name(pool_id: &str) -> Result<&str, Error> {
    match pool_id.split_once('_') {
        Some((region, name)) if !region.is_empty() && !name.is_empty() => Ok(name),
        _ => Err(Error::InvalidPoolId),
    }
}

/// `SECRET_HASH`: base64(HMAC-SHA256(key = client secret, message = username || client id)).
///
/// Which username: the name the user typed for `InitiateAuth`, the internal username from
/// the challenge for every `RespondToAuthChallenge` (see DESIGN.md).
///
/// # Example
/// ```
/// let h = cognito_srp_core::secret_hash("secret", "Mess", "age");
/// assert_eq!(h.as_str(), "qnR8UCqJggD55PohusaBNviGoOJ67HC6Btry4qXLVZc=");
/// ```
#[must_use]
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> SecretHash {
    // The HMAC state is zeroized on drop; its key block (the secret XOR ipad/opad) is left on
    // the stack by `hmac`, hence `scrubbed`.
    scrubbed(|| {
        // HMAC accepts keys of any length.
        let mac = <Hmac<Sha256> as KeyInit>::new_from_slice(client_secret.as_bytes()).map(|mut mac| {
            mac.update(username.as_bytes());
            mac.update(client_id.as_bytes());
            mac.finalize().into_bytes()
        });
        let mut out = SecretHash([0u8; 44]);
        if let Ok(bytes) = mac {
            let _ = Base64::encode(&bytes, &mut out.0);
        }
        out
    })
}

/// A `SECRET_HASH` value (44 base64 characters).
///
/// # Example
/// ```
/// let h = cognito_srp_core::secret_hash("client-secret", "alice", "1example23456789");
/// assert_eq!(h.as_str().len(), 44);
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SecretHash([u8; 44]);

impl SecretHash {
    /// The base64 text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl core::fmt::Debug for SecretHash {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("SecretHash").field(&self.as_str()).finish()
    }
}

/// The README's examples, compiled and run as doc tests (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
