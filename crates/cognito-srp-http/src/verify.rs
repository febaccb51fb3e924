//! Verifying Cognito ID and access tokens: the RS256 signature against the pool's JWKS and
//! the claims Cognito's documentation says to check, in the order AWS's own verifier
//! (`aws-jwt-verify`) checks them.
//!
//! A [`Verifier`] is made for one pool: its issuer, its JWKS URL, the app clients whose tokens
//! are accepted, and optionally the token use, groups and scopes required. The JWKS is fetched
//! once and cached ([`Verifier::verify_fetching`]); a token signed with a key id the cache
//! does not know makes it fetch again (key rotation), at most once per
//! [refetch interval](VerifierBuilder::refetch_interval). Once the keys are cached,
//! [`Verifier::verify`] is synchronous and allocates nothing: the token is decoded into a
//! fixed buffer inside [`Claims`], its JSON read without copies, and the signature checked on
//! stack-allocated integers.
//!
//! Checks, in order (each failure is its own [`VerifyError`] variant):
//! 1. form: three base64url parts, a JSON header and payload, at most
//!    [`MAX_TOKEN_BYTES`] long; the header's `alg` is `RS256` (so `none` and `HS256` are
//!    refused before any key is looked at), no `crit` header;
//! 2. the key: the header's `kid` is in the JWKS and that key is an RSA signing key for
//!    `RS256`;
//! 3. the signature;
//! 4. `exp` (required) and `nbf`, with the leeway; `iat` not in the future (beyond the leeway);
//! 5. `iss` equal to the pool's issuer;
//! 6. the scopes: at least one of the required ones in `scope`;
//! 7. the groups: at least one of the required ones in `cognito:groups`;
//! 8. `token_use` is `id` or `access`, and the one required;
//! 9. the app client: `aud` (ID token) or `client_id` (access token) is one of the allowed.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let seed = r#"{"pools":[{"id":"us-east-1_Example","clients":[{"id":"appclientid"}],
//! #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
//! # let emulator = cognito_srp_emulator::Emulator::builder()
//! #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
//! # let endpoint = emulator.endpoint();
//! use cognito_srp_http::verify::{TokenUse, Verifier, VerifyError};
//! use cognito_srp_http::{Client, Step, UserPool};
//! # let client = Client::builder().endpoint(endpoint.clone()).build()?;
//! # let pool = UserPool::with_client(client, "us-east-1_Example", "appclientid")?;
//! # let Step::Done(done) = pool.sign_in("alice", "Correct-Horse-9").start().await? else { panic!() };
//! # let access_token = done.tokens.access_token.expose_secret();
//! # // The emulator's clock after the sign-in: the token's `iat` is not in its future.
//! # let now = emulator.admin().now();
//! // Against AWS: `Verifier::builder("us-east-1_Example")` alone.
//! let verifier = Verifier::builder("us-east-1_Example")
//!     .endpoint(&endpoint)
//!     .client_id("appclientid")
//!     .token_use(TokenUse::Access)
//!     .build()?;
//! let claims = verifier.verify_fetching(access_token, now).await?;
//! assert_eq!(claims.token_use(), TokenUse::Access);
//! assert_eq!(claims.standard().username.as_deref(), Some("alice"));
//! // Cached now: verifying is synchronous.
//! assert!(verifier.verify(access_token, now).is_ok());
//! let later = now + 2 * 3600;
//! assert!(matches!(verifier.verify(access_token, later), Err(VerifyError::Expired { .. })));
//! # Ok(()) }
//! ```

mod jwks;
mod rsa;

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::time::Duration;
use std::sync::{PoisonError, RwLock};

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::Deserialize;
use serde::de::{IgnoredAny, SeqAccess, Visitor};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

pub use jwks::{JwksError, KeySet};

/// The longest token accepted, in characters (a Cognito ID token with many attributes is a
/// few KiB).
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;
/// The largest decoded payload a [`Claims`] holds.
const MAX_PAYLOAD_BYTES: usize = MAX_TOKEN_BYTES / 4 * 3;
/// The largest decoded header.
const MAX_HEADER_BYTES: usize = 1024;
/// The only algorithm Cognito signs with.
const RS256: &str = "RS256";

/// The `token_use` claim of a Cognito token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenUse {
    /// An ID token (`token_use: "id"`): identity claims, `aud` is the app client.
    Id,
    /// An access token (`token_use: "access"`): `client_id` is the app client, `scope`.
    Access,
}

impl TokenUse {
    /// The claim's value: `id` or `access`.
    ///
    /// ```
    /// assert_eq!(cognito_srp_http::verify::TokenUse::Access.as_str(), "access");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Access => "access",
        }
    }

    /// Parses `id` or `access`.
    ///
    /// ```
    /// use cognito_srp_http::verify::TokenUse;
    /// assert_eq!(TokenUse::parse("id"), Some(TokenUse::Id));
    /// assert_eq!(TokenUse::parse("refresh"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "id" => Some(Self::Id),
            "access" => Some(Self::Access),
            _ => None,
        }
    }
}

impl core::fmt::Display for TokenUse {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a token was refused: one variant per check. Values quoted from the token are
/// shortened to at most 64 characters (the `kid` aside: the header is at most 1 KiB).
///
/// ```
/// use cognito_srp_http::verify::VerifyError;
/// let err = VerifyError::Expired { exp: 100, now: 200 };
/// assert_eq!(err.to_string(), "the token expired at 100 (now 200, leeway included)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// Not a JWT: not three base64url parts, or a part that is not the JSON expected.
    #[error("the token is malformed: {0}")]
    Malformed(&'static str),
    /// Longer than [`MAX_TOKEN_BYTES`].
    #[error("the token is longer than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// The header's `alg` is not `RS256` (for example `none` or `HS256`).
    #[error("the token's algorithm {0:?} is not RS256")]
    UnsupportedAlgorithm(String),
    /// The header has a `crit` member: extensions this verifier does not understand.
    #[error("the token's header has critical extensions (crit)")]
    CriticalHeader,
    /// The header has no `kid`.
    #[error("the token's header has no key id (kid)")]
    MissingKid,
    /// The `kid` is not in the pool's JWKS (after a refetch, or without one when the last
    /// fetch was less than the refetch interval ago).
    #[error("the key id {0:?} is not in the pool's JWKS")]
    UnknownKid(String),
    /// The JWKS entry for the `kid` cannot verify RS256 (not RSA, `use` not `sig`, `alg` not
    /// `RS256`, a key of the wrong size).
    #[error("the JWKS key {kid:?} cannot verify this token: {reason}")]
    UnusableKey {
        /// The key id.
        kid: String,
        /// What is wrong with the key.
        reason: String,
    },
    /// The signature does not verify: the token was altered or signed by someone else.
    #[error("the token's signature is invalid")]
    InvalidSignature,
    /// A claim that must be there is missing or has the wrong JSON type.
    #[error("the token has no valid {0} claim")]
    MissingClaim(&'static str),
    /// `exp` (plus the leeway) is before now.
    #[error("the token expired at {exp} (now {now}, leeway included)")]
    Expired {
        /// The `exp` claim, in Unix seconds.
        exp: u64,
        /// The time it was checked at.
        now: u64,
    },
    /// `nbf` (minus the leeway) is after now.
    #[error("the token is not valid before {nbf} (now {now}, leeway included)")]
    NotYetValid {
        /// The `nbf` claim.
        nbf: u64,
        /// The time it was checked at.
        now: u64,
    },
    /// `iat` (minus the leeway) is after now: issued in the future.
    #[error("the token was issued in the future at {iat} (now {now}, leeway included)")]
    IssuedInFuture {
        /// The `iat` claim.
        iat: u64,
        /// The time it was checked at.
        now: u64,
    },
    /// `iss` is not the pool's issuer (a token of another pool or another service).
    #[error("the token's issuer {found:?} is not {expected:?}")]
    WrongIssuer {
        /// The token's `iss`.
        found: String,
        /// The pool's issuer.
        expected: String,
    },
    /// None of the required scopes is in `scope`.
    #[error("the token has none of the required scopes {required:?}")]
    MissingScope {
        /// The scopes of which one was required.
        required: Vec<String>,
    },
    /// None of the required groups is in `cognito:groups`.
    #[error("the user is in none of the required groups {required:?}")]
    MissingGroup {
        /// The groups of which one was required.
        required: Vec<String>,
    },
    /// `token_use` is not `id` or `access`, or not the one required (an ID token used as
    /// an access token or the other way round).
    #[error("the token's use is {found:?}, not {expected}")]
    WrongTokenUse {
        /// The token's `token_use`.
        found: String,
        /// What was required (`id or access` when either was accepted).
        expected: &'static str,
    },
    /// The app client (`aud` of an ID token, `client_id` of an access token) is not one of
    /// the allowed ones.
    #[error("the token's app client {found:?} is not one of the allowed clients")]
    WrongClient {
        /// The token's client id.
        found: String,
    },
    /// The JWKS could not be fetched or read.
    #[error(transparent)]
    Jwks(#[from] JwksError),
}

/// A shortened copy of a value taken from a token, for an error message.
fn shown(text: &str) -> String {
    text.chars().take(64).collect()
}

/// The verified claims of a token: the payload's JSON (held inline, no allocation), with the
/// checked claims at hand.
pub struct Claims {
    payload: [u8; MAX_PAYLOAD_BYTES],
    len: usize,
    token_use: TokenUse,
    exp: u64,
}

impl core::fmt::Debug for Claims {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The claims name the user (email, phone): left out of Debug.
        f.debug_struct("Claims")
            .field("token_use", &self.token_use)
            .field("exp", &self.exp)
            .finish_non_exhaustive()
    }
}

impl Claims {
    /// The payload's JSON text, as signed.
    pub fn json(&self) -> &str {
        core::str::from_utf8(self.payload.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }

    /// Reads the claims into a type of the caller's (for custom claims).
    ///
    /// # Errors
    /// The JSON does not fit `T`.
    pub fn deserialize<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.json())
    }

    /// `id` or `access`.
    pub fn token_use(&self) -> TokenUse {
        self.token_use
    }

    /// `exp`, in Unix seconds.
    pub fn expires_at(&self) -> u64 {
        self.exp
    }

    /// The standard Cognito claims, borrowed from the payload.
    pub fn standard(&self) -> StandardClaims<'_> {
        self.deserialize::<StandardClaims<'_>>().unwrap_or_default()
    }
}

/// The usual claims of Cognito's ID and access tokens (all optional: which ones are present
/// depends on the token use).
#[derive(Debug, Clone, Default, Deserialize)]
#[non_exhaustive]
pub struct StandardClaims<'a> {
    /// The user's `sub`.
    #[serde(borrow)]
    pub sub: Option<Cow<'a, str>>,
    /// `username` (access token) or `cognito:username` (ID token).
    #[serde(borrow, alias = "cognito:username")]
    pub username: Option<Cow<'a, str>>,
    /// The issuer.
    #[serde(borrow)]
    pub iss: Option<Cow<'a, str>>,
    /// The app client of an access token.
    #[serde(borrow)]
    pub client_id: Option<Cow<'a, str>>,
    /// The app client of an ID token.
    #[serde(borrow)]
    pub aud: Option<Cow<'a, str>>,
    /// Space-separated scopes (access token).
    #[serde(borrow)]
    pub scope: Option<Cow<'a, str>>,
    /// The user's groups.
    #[serde(borrow, rename = "cognito:groups", default)]
    pub groups: Vec<Cow<'a, str>>,
    /// The email address (ID token).
    #[serde(borrow)]
    pub email: Option<Cow<'a, str>>,
    /// `iat`.
    pub iat: Option<u64>,
    /// `exp`.
    pub exp: Option<u64>,
    /// `auth_time`.
    pub auth_time: Option<u64>,
}

/// A JSON string borrowed from the input when it has no escapes (copied otherwise):
/// `Option<Cow<str>>` alone would always copy.
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor<'a>(core::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(TextVisitor(core::marker::PhantomData))
    }
}

impl core::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// The header, read without copies.
#[derive(Deserialize)]
struct Header<'a> {
    #[serde(borrow)]
    alg: Option<Text<'a>>,
    #[serde(borrow)]
    kid: Option<Text<'a>>,
    crit: Option<IgnoredAny>,
}

/// The claims checked, read without copies (strings with escapes aside).
#[derive(Deserialize)]
struct Checked<'a> {
    #[serde(borrow)]
    iss: Option<Text<'a>>,
    #[serde(borrow)]
    token_use: Option<Text<'a>>,
    #[serde(borrow)]
    aud: Option<Text<'a>>,
    #[serde(borrow)]
    client_id: Option<Text<'a>>,
    #[serde(borrow)]
    scope: Option<Text<'a>>,
    #[serde(borrow, rename = "cognito:groups")]
    groups: Option<&'a RawValue>,
    exp: Option<u64>,
    nbf: Option<u64>,
    iat: Option<u64>,
}

/// What a verifier accepts.
#[derive(Debug, Clone)]
struct Policy {
    issuer: String,
    client_ids: Option<Vec<String>>,
    token_use: Option<TokenUse>,
    leeway: u64,
    groups: Vec<String>,
    scopes: Vec<String>,
}

/// Builds a [`Verifier`]; see [`Verifier::builder`].
#[derive(Debug, Clone)]
pub struct VerifierBuilder {
    pool_id: String,
    endpoint: Option<String>,
    issuer: Option<String>,
    jwks_url: Option<String>,
    client_ids: Vec<String>,
    any_client: bool,
    token_use: Option<TokenUse>,
    leeway: Duration,
    groups: Vec<String>,
    scopes: Vec<String>,
    fetch: jwks::FetchConfig,
}

impl VerifierBuilder {
    /// A non-AWS endpoint serving the pool's JWKS at `{endpoint}/{poolId}/.well-known/jwks.json`
    /// and issuing tokens with `iss` = `{endpoint}/{poolId}` (the emulator; use
    /// [`issuer`](Self::issuer) when it issues Cognito's form).
    pub fn endpoint(mut self, endpoint: impl AsRef<str>) -> Self {
        self.endpoint = Some(endpoint.as_ref().trim_end_matches('/').to_owned());
        self
    }

    /// The expected `iss`, instead of the one derived from the pool id (and endpoint).
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// The JWKS URL, instead of the one derived from the pool id (and endpoint). HTTPS,
    /// or HTTP on a loopback host.
    pub fn jwks_url(mut self, url: impl Into<String>) -> Self {
        self.jwks_url = Some(url.into());
        self
    }

    /// Accepts tokens of this app client (call once per client). Required unless
    /// [`any_client`](Self::any_client).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_ids.push(client_id.into());
        self
    }

    /// Accepts tokens of every app client of the pool (no `aud`/`client_id` check).
    pub fn any_client(mut self) -> Self {
        self.any_client = true;
        self
    }

    /// Accepts only ID or only access tokens (default: either).
    pub fn token_use(mut self, token_use: TokenUse) -> Self {
        self.token_use = Some(token_use);
        self
    }

    /// Clock leeway for `exp`, `nbf` and `iat` (default: none, as aws-jwt-verify).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// Requires membership of this group (when called several times: of at least one).
    pub fn require_group(mut self, group: impl Into<String>) -> Self {
        self.groups.push(group.into());
        self
    }

    /// Requires this scope (when called several times: at least one of them).
    pub fn require_scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self
    }

    /// The least time between two JWKS fetches caused by an unknown `kid` (default 10 s,
    /// as aws-jwt-verify's penalty box).
    pub fn refetch_interval(mut self, interval: Duration) -> Self {
        self.fetch.refetch_interval = interval;
        self
    }

    /// The time limit on a JWKS fetch, connecting and reading included (default 5 s).
    pub fn fetch_timeout(mut self, timeout: Duration) -> Self {
        self.fetch.timeout = timeout;
        self
    }

    /// The largest JWKS document read (default 64 KiB).
    pub fn max_jwks_bytes(mut self, limit: usize) -> Self {
        self.fetch.max_bytes = limit;
        self
    }

    /// Builds the verifier (no fetch yet).
    ///
    /// # Errors
    /// [`crate::Error::Config`]: no client id and no [`any_client`](Self::any_client), a pool
    /// id without a region, a JWKS URL that is not HTTPS (or HTTP on loopback).
    pub fn build(self) -> Result<Verifier, crate::Error> {
        if self.client_ids.is_empty() && !self.any_client {
            return Err(crate::Error::Config(
                "a token verifier needs the app client ids it accepts (or any_client())".to_owned(),
            ));
        }
        let base = match &self.endpoint {
            Some(endpoint) => endpoint.clone(),
            None => {
                let region = crate::region_from_pool_id(&self.pool_id)?;
                let root = crate::regional_endpoint(region)?;
                root.as_str().trim_end_matches('/').to_owned()
            }
        };
        let issuer = self.issuer.unwrap_or_else(|| format!("{base}/{}", self.pool_id));
        let jwks_url =
            self.jwks_url.unwrap_or_else(|| format!("{base}/{}/.well-known/jwks.json", self.pool_id));
        let fetcher = jwks::Fetcher::new(&jwks_url, self.fetch)?;
        let policy = Policy {
            issuer,
            client_ids: (!self.any_client).then_some(self.client_ids),
            token_use: self.token_use,
            leeway: self.leeway.as_secs(),
            groups: self.groups,
            scopes: self.scopes,
        };
        Ok(Verifier {
            inner: Arc::new(Inner { policy, keys: RwLock::new(Arc::new(KeySet::default())), fetcher }),
        })
    }
}

/// Verifies a pool's tokens; cheap to clone (the key cache is shared).
#[derive(Debug, Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    policy: Policy,
    keys: RwLock<Arc<KeySet>>,
    fetcher: jwks::Fetcher,
}

impl Verifier {
    /// A verifier for the tokens of `pool_id` (`{region}_{id}`): issuer
    /// `https://cognito-idp.{region}.amazonaws.com/{poolId}` and its JWKS, unless
    /// [`endpoint`](VerifierBuilder::endpoint) says otherwise.
    pub fn builder(pool_id: impl Into<String>) -> VerifierBuilder {
        VerifierBuilder {
            pool_id: pool_id.into(),
            endpoint: None,
            issuer: None,
            jwks_url: None,
            client_ids: Vec::new(),
            any_client: false,
            token_use: None,
            leeway: Duration::ZERO,
            groups: Vec::new(),
            scopes: Vec::new(),
            fetch: jwks::FetchConfig::default(),
        }
    }

    /// The issuer tokens must have.
    pub fn issuer(&self) -> &str {
        &self.inner.policy.issuer
    }

    /// The JWKS URL.
    pub fn jwks_url(&self) -> &str {
        self.inner.fetcher.url()
    }

    /// Replaces the cached keys (for keys obtained some other way; [`verify`](Self::verify)
    /// then needs no fetch).
    pub fn set_keys(&self, keys: KeySet) {
        *self.inner.keys.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(keys);
    }

    /// The cached keys.
    pub fn keys(&self) -> Arc<KeySet> {
        Arc::clone(&self.inner.keys.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Verifies `token` at `now` (Unix seconds) with the cached keys only: synchronous, no
    /// allocation on success.
    ///
    /// # Errors
    /// The first check that failed; [`VerifyError::UnknownKid`] when the key is not cached
    /// (use [`verify_fetching`](Self::verify_fetching) to fetch it).
    pub fn verify(&self, token: &str, now: u64) -> Result<Claims, VerifyError> {
        let keys = self.inner.keys.read().unwrap_or_else(PoisonError::into_inner);
        verify_with(&self.inner.policy, &keys, token, now)
    }

    /// Verifies `token` at `now`, fetching the JWKS when it is not cached yet or does not
    /// have the token's key (then at most once per refetch interval, measured with `now`).
    /// One fetch at a time: concurrent callers wait for it.
    ///
    /// # Errors
    /// As [`verify`](Self::verify), and [`VerifyError::Jwks`] when the fetch fails.
    pub async fn verify_fetching(&self, token: &str, now: u64) -> Result<Claims, VerifyError> {
        match self.verify(token, now) {
            Err(VerifyError::UnknownKid(kid)) => {
                let refreshed = self.inner.fetcher.refresh(&self.inner.keys, &kid, now).await?;
                if !refreshed {
                    return Err(VerifyError::UnknownKid(kid));
                }
                self.verify(token, now)
            }
            other => other,
        }
    }

    /// Fetches the JWKS now (ahead of the first token), whatever the refetch interval.
    ///
    /// # Errors
    /// [`JwksError`] when the fetch fails; the cache is then left as it was.
    pub async fn fetch_keys(&self, now: u64) -> Result<(), JwksError> {
        self.inner.fetcher.fetch_into(&self.inner.keys, now).await
    }
}

/// Splits a token into header, payload and signature parts.
fn split(token: &str) -> Result<(&str, &str, &str), VerifyError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(VerifyError::TooLarge { limit: MAX_TOKEN_BYTES });
    }
    let mut parts = token.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(s), None) => Ok((h, p, s)),
        _ => Err(VerifyError::Malformed("not three dot-separated parts")),
    }
}

/// The checks, with a key set.
fn verify_with(policy: &Policy, keys: &KeySet, token: &str, now: u64) -> Result<Claims, VerifyError> {
    let (head_b64, body_b64, sig_b64) = split(token)?;

    // 1. The header: RS256 only, no critical extensions, a kid.
    let mut head_buf = [0u8; MAX_HEADER_BYTES];
    let head = Base64UrlUnpadded::decode(head_b64, &mut head_buf)
        .map_err(|_| VerifyError::Malformed("the header is not base64url (or too long)"))?;
    let header: Header<'_> = serde_json::from_slice(head)
        .map_err(|_| VerifyError::Malformed("the header is not a JSON object"))?;
    match header.alg.as_deref() {
        Some(RS256) => {}
        Some(other) => return Err(VerifyError::UnsupportedAlgorithm(shown(other))),
        None => return Err(VerifyError::Malformed("the header has no alg")),
    }
    if header.crit.is_some() {
        return Err(VerifyError::CriticalHeader);
    }
    let kid = header.kid.ok_or(VerifyError::MissingKid)?;

    // The payload, decoded into the claims' own buffer.
    let mut claims = Claims { payload: [0u8; MAX_PAYLOAD_BYTES], len: 0, token_use: TokenUse::Id, exp: 0 };
    claims.len = Base64UrlUnpadded::decode(body_b64, &mut claims.payload)
        .map_err(|_| VerifyError::Malformed("the payload is not base64url"))?
        .len();
    let body = claims.payload.get(..claims.len).unwrap_or_default();

    // 2. The key.
    // The whole kid (the header is at most 1 KiB): verify_fetching looks it up after a fetch.
    let key = keys.find(&kid).ok_or_else(|| VerifyError::UnknownKid(kid.to_string()))?;
    let key =
        key.map_err(|reason| VerifyError::UnusableKey { kid: shown(&kid), reason: reason.to_owned() })?;

    // 3. The signature, over `header.payload` as sent.
    let mut sig_buf = [0u8; rsa::MAX_SIGNATURE_BYTES];
    let signature =
        Base64UrlUnpadded::decode(sig_b64, &mut sig_buf).map_err(|_| VerifyError::InvalidSignature)?;
    let mut hash = Sha256::new();
    hash.update(head_b64.as_bytes());
    hash.update(b".");
    hash.update(body_b64.as_bytes());
    let digest: [u8; 32] = hash.finalize().into();
    if !key.verify(signature, &digest) {
        return Err(VerifyError::InvalidSignature);
    }

    let payload: Checked<'_> = serde_json::from_slice(body)
        .map_err(|_| VerifyError::Malformed("the payload is not a JSON object of valid claims"))?;

    // 4. Time.
    let exp = payload.exp.ok_or(VerifyError::MissingClaim("exp"))?;
    if exp.saturating_add(policy.leeway) < now {
        return Err(VerifyError::Expired { exp, now });
    }
    if let Some(nbf) = payload.nbf
        && nbf.saturating_sub(policy.leeway) > now
    {
        return Err(VerifyError::NotYetValid { nbf, now });
    }
    if let Some(iat) = payload.iat
        && iat.saturating_sub(policy.leeway) > now
    {
        return Err(VerifyError::IssuedInFuture { iat, now });
    }

    // 5. Issuer.
    let iss = payload.iss.as_deref().ok_or(VerifyError::MissingClaim("iss"))?;
    if iss != policy.issuer {
        return Err(VerifyError::WrongIssuer { found: shown(iss), expected: policy.issuer.clone() });
    }

    // 6. Scopes: at least one of the required.
    if !policy.scopes.is_empty() {
        let granted = payload.scope.as_deref().unwrap_or_default();
        if !granted.split(' ').any(|s| policy.scopes.iter().any(|r| r == s)) {
            return Err(VerifyError::MissingScope { required: policy.scopes.clone() });
        }
    }

    // 7. Groups: at least one of the required.
    if !policy.groups.is_empty() {
        let found = payload.groups.is_some_and(|raw| in_any_group(raw, &policy.groups));
        if !found {
            return Err(VerifyError::MissingGroup { required: policy.groups.clone() });
        }
    }

    // 8. Token use.
    let found_use = payload.token_use.as_deref().ok_or(VerifyError::MissingClaim("token_use"))?;
    let token_use = TokenUse::parse(found_use)
        .ok_or_else(|| VerifyError::WrongTokenUse { found: shown(found_use), expected: "id or access" })?;
    if let Some(expected) = policy.token_use
        && expected != token_use
    {
        return Err(VerifyError::WrongTokenUse { found: shown(found_use), expected: expected.as_str() });
    }

    // 9. App client.
    if let Some(allowed) = &policy.client_ids {
        let (client, name) = match token_use {
            TokenUse::Id => (payload.aud.as_deref(), "aud"),
            TokenUse::Access => (payload.client_id.as_deref(), "client_id"),
        };
        let client = client.ok_or(VerifyError::MissingClaim(name))?;
        if !allowed.iter().any(|c| c == client) {
            return Err(VerifyError::WrongClient { found: shown(client) });
        }
    }

    claims.token_use = token_use;
    claims.exp = exp;
    Ok(claims)
}

/// Whether the JSON array `raw` has one of `required` (read without collecting it).
fn in_any_group(raw: &RawValue, required: &[String]) -> bool {
    struct AnyOf<'r>(&'r [String]);
    impl<'de> Visitor<'de> for AnyOf<'_> {
        type Value = bool;
        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("an array of group names")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
            let mut found = false;
            while let Some(group) = seq.next_element::<Text<'de>>()? {
                found |= self.0.iter().any(|r| **r == *group);
            }
            Ok(found)
        }
    }
    let mut de = serde_json::Deserializer::from_str(raw.get());
    serde::Deserializer::deserialize_seq(&mut de, AnyOf(required)).unwrap_or(false)
}

impl core::fmt::Display for Claims {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.json())
    }
}
