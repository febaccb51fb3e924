//! The pool's key set (JWKS): parsing, fetching with limits, caching.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::time::Duration;
use std::sync::{PoisonError, RwLock};

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::Deserialize;

use super::rsa::RsaKey;

/// The most keys read from a JWKS (Cognito publishes two).
const MAX_KEYS: usize = 32;

/// Why the JWKS could not be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwksError {
    /// The JWKS URL is neither HTTPS nor HTTP on a loopback host.
    #[error("the JWKS URL {0:?} must be https (http only on a loopback host)")]
    NotHttps(String),
    /// The fetch did not finish within the fetch timeout.
    #[error("fetching the JWKS timed out")]
    Timeout,
    /// The connection failed or broke off.
    #[error("fetching the JWKS failed: {0}")]
    Transport(String),
    /// An HTTP status other than 200 (redirects are not followed).
    #[error("the JWKS URL answered HTTP {0}")]
    Status(u16),
    /// The document is larger than the limit.
    #[error("the JWKS is larger than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// Not a JWKS (`{"keys": [...]}`), or more than 32 keys.
    #[error("the JWKS is malformed: {0}")]
    Malformed(String),
}

/// A parsed JWKS: the keys by `kid`, each usable for RS256 or with the reason it is not.
///
/// ```
/// use cognito_srp_http::verify::KeySet;
/// let keys = KeySet::from_json(br#"{"keys":[{"kid":"a","kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}"#)?;
/// assert_eq!(keys.len(), 1);
/// assert!(KeySet::from_json(b"[]").is_err());
/// # Ok::<(), cognito_srp_http::verify::JwksError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    keys: Vec<(String, Result<RsaKey, String>)>,
}

#[derive(Deserialize)]
struct Document {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    kid: Option<String>,
    kty: Option<String>,
    alg: Option<String>,
    #[serde(rename = "use")]
    use_: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

impl KeySet {
    /// Parses a JWKS document. Keys without a `kid` are skipped; keys that cannot verify
    /// RS256 are kept with the reason, so a token naming one gets
    /// [`super::VerifyError::UnusableKey`].
    ///
    /// # Errors
    /// [`JwksError::Malformed`]: not `{"keys": [...]}` of objects, or more than 32 keys.
    pub fn from_json(json: &[u8]) -> Result<Self, JwksError> {
        let doc: Document = serde_json::from_slice(json)
            .map_err(|e| JwksError::Malformed(format!("not a JSON object with a keys array: {e}")))?;
        if doc.keys.len() > MAX_KEYS {
            return Err(JwksError::Malformed(format!("more than {MAX_KEYS} keys")));
        }
        let keys = doc
            .keys
            .into_iter()
            .filter_map(|jwk| {
                let kid = jwk.kid.clone()?;
                Some((kid, rs256_key(&jwk)))
            })
            .collect();
        Ok(Self { keys })
    }

    /// The number of keys with a `kid`.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there is no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether `kid` is in the set.
    pub fn contains(&self, kid: &str) -> bool {
        self.keys.iter().any(|(k, _)| k == kid)
    }

    pub(super) fn find(&self, kid: &str) -> Option<Result<&RsaKey, &str>> {
        self.keys.iter().find(|(k, _)| k == kid).map(|(_, key)| key.as_ref().map_err(String::as_str))
    }
}

/// The RS256 key of a JWK, or why it is not one (the checks of aws-jwt-verify: `use` is
/// `sig` when present, `kty` is `RSA`, `n` and `e` are present; and `alg` is `RS256` when
/// present).
fn rs256_key(jwk: &Jwk) -> Result<RsaKey, String> {
    if jwk.use_.as_deref().is_some_and(|u| u != "sig") {
        return Err("its use is not sig".into());
    }
    if jwk.kty.as_deref() != Some("RSA") {
        return Err("its kty is not RSA".into());
    }
    if jwk.alg.as_deref().is_some_and(|a| a != super::RS256) {
        return Err("its alg is not RS256".into());
    }
    let n = jwk.n.as_deref().ok_or("it has no modulus (n)")?;
    let e = jwk.e.as_deref().ok_or("it has no exponent (e)")?;
    let n = Base64UrlUnpadded::decode_vec(n).map_err(|_| "its modulus is not base64url")?;
    let e = Base64UrlUnpadded::decode_vec(e).map_err(|_| "its exponent is not base64url")?;
    RsaKey::new(&n, &e).map_err(String::from)
}

/// Fetch limits.
#[derive(Debug, Clone)]
pub(super) struct FetchConfig {
    pub(super) refetch_interval: Duration,
    pub(super) timeout: Duration,
    pub(super) max_bytes: usize,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            refetch_interval: Duration::from_secs(10),
            timeout: Duration::from_secs(5),
            max_bytes: 64 * 1024,
        }
    }
}

/// Fetches the JWKS: one fetch at a time, at most once per refetch interval for unknown kids.
#[derive(Debug)]
pub(super) struct Fetcher {
    url: reqwest::Url,
    config: FetchConfig,
    http: reqwest::Client,
    /// Held during a fetch; the time (Unix seconds) of the last attempt.
    last: tokio::sync::Mutex<Option<u64>>,
}

/// Whether `url` may carry a JWKS: HTTPS, or HTTP to a loopback host.
fn allowed(url: &reqwest::Url) -> bool {
    match url.scheme() {
        "https" => true,
        "http" => url.host_str().is_some_and(|host| {
            let host = host.trim_start_matches('[').trim_end_matches(']');
            host.eq_ignore_ascii_case("localhost")
                || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }),
        _ => false,
    }
}

impl Fetcher {
    pub(super) fn new(url: &str, config: FetchConfig) -> Result<Self, crate::Error> {
        let url = crate::endpoint::parse_endpoint(url)?;
        if !allowed(&url) {
            return Err(crate::Error::Config(JwksError::NotHttps(url.to_string()).to_string()));
        }
        Ok(Self { url, http: http_client(config.timeout)?, config, last: tokio::sync::Mutex::new(None) })
    }

    pub(super) fn url(&self) -> &str {
        self.url.as_str()
    }

    /// After a miss on `kid`: fetches unless another caller just did or the last attempt is
    /// less than the refetch interval before `now`. `Ok(true)`: the cache may now have it.
    pub(super) async fn refresh(
        &self,
        cache: &RwLock<Arc<KeySet>>,
        kid: &str,
        now: u64,
    ) -> Result<bool, JwksError> {
        let mut last = self.last.lock().await;
        if cache.read().unwrap_or_else(PoisonError::into_inner).contains(kid) {
            return Ok(true);
        }
        if let Some(at) = *last
            && now < at.saturating_add(self.config.refetch_interval.as_secs())
        {
            return Ok(false);
        }
        *last = Some(now);
        let keys = self.fetch().await?;
        *cache.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(keys);
        Ok(true)
    }

    pub(super) async fn fetch_into(&self, cache: &RwLock<Arc<KeySet>>, now: u64) -> Result<(), JwksError> {
        let mut last = self.last.lock().await;
        *last = Some(now);
        let keys = self.fetch().await?;
        *cache.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(keys);
        Ok(())
    }

    async fn fetch(&self) -> Result<KeySet, JwksError> {
        tracing::debug!(url = %self.url, "fetching the JWKS");
        let request = per_request(self.http.get(self.url.clone()), self.config.timeout);
        let response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(JwksError::Status(status));
        }
        let limit = self.config.max_bytes;
        if response.content_length().is_some_and(|len| len > u64::try_from(limit).unwrap_or(u64::MAX)) {
            return Err(JwksError::TooLarge { limit });
        }
        let body = read_limited(response, limit).await?;
        KeySet::from_json(&body)
    }
}

/// The body, chunk by chunk, refused as soon as it passes `limit`.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
async fn read_limited(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, JwksError> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len().saturating_add(chunk.len()) > limit {
            return Err(JwksError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// In a browser fetch hands over the whole body: refused after reading when past `limit`.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
async fn read_limited(response: reqwest::Response, limit: usize) -> Result<Vec<u8>, JwksError> {
    let bytes = response.bytes().await.map_err(transport)?;
    if bytes.len() > limit {
        return Err(JwksError::TooLarge { limit });
    }
    Ok(bytes.to_vec())
}

fn transport(err: reqwest::Error) -> JwksError {
    if err.is_timeout() { JwksError::Timeout } else { JwksError::Transport(err.to_string()) }
}

/// A client with the fetch timeout over the whole exchange and no redirects.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn http_client(timeout: Duration) -> Result<reqwest::Client, crate::Error> {
    reqwest::Client::builder()
        .connect_timeout(timeout)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(crate::Error::Transport)
}

/// In a browser fetch owns connections and redirects; the timeout is set per request.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn http_client(_timeout: Duration) -> Result<reqwest::Client, crate::Error> {
    reqwest::Client::builder().build().map_err(crate::Error::Transport)
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn per_request(request: reqwest::RequestBuilder, _timeout: Duration) -> reqwest::RequestBuilder {
    request
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn per_request(request: reqwest::RequestBuilder, timeout: Duration) -> reqwest::RequestBuilder {
    request.timeout(timeout).fetch_credentials_omit()
}
