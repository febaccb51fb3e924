//! Where requests go: the regional endpoint, a custom one, or the AWS SDKs' environment
//! variables.

use reqwest::Url;

use crate::Error;

/// `AWS_ENDPOINT_URL_<SERVICE>` for Cognito user pools (service id "Cognito Identity Provider").
///
/// ```
/// use cognito_srp_http::{ENV_GLOBAL_ENDPOINT, ENV_SERVICE_ENDPOINT, resolve_endpoint};
/// // Both set: the service's own variable wins.
/// let env = |k: &str| match k {
///     ENV_SERVICE_ENDPOINT => Some("http://127.0.0.1:9229".to_owned()),
///     ENV_GLOBAL_ENDPOINT => Some("http://127.0.0.1:4566".to_owned()),
///     _ => None,
/// };
/// assert_eq!(resolve_endpoint(None, Some("eu-west-1"), env)?.as_str(), "http://127.0.0.1:9229/");
/// # Ok::<(), cognito_srp_http::Error>(())
/// ```
pub const ENV_SERVICE_ENDPOINT: &str = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER";
/// The global endpoint override of the AWS SDKs.
///
/// ```
/// use cognito_srp_http::{ENV_GLOBAL_ENDPOINT, resolve_endpoint};
/// let env = |k: &str| (k == ENV_GLOBAL_ENDPOINT).then(|| "http://localhost:4566".to_owned());
/// assert_eq!(resolve_endpoint(None, Some("eu-west-1"), env)?.as_str(), "http://localhost:4566/");
/// // An endpoint passed in code still wins.
/// let url = resolve_endpoint(Some("http://127.0.0.1:9229"), None, env)?;
/// assert_eq!(url.as_str(), "http://127.0.0.1:9229/");
/// # Ok::<(), cognito_srp_http::Error>(())
/// ```
pub const ENV_GLOBAL_ENDPOINT: &str = "AWS_ENDPOINT_URL";
/// When `true`, the AWS SDKs ignore both endpoint variables; so do we.
///
/// ```
/// use cognito_srp_http::{ENV_GLOBAL_ENDPOINT, ENV_IGNORE_ENDPOINTS, resolve_endpoint};
/// let env = |k: &str| match k {
///     ENV_GLOBAL_ENDPOINT => Some("http://localhost:4566".to_owned()),
///     ENV_IGNORE_ENDPOINTS => Some("true".to_owned()),
///     _ => None,
/// };
/// let url = resolve_endpoint(None, Some("eu-west-1"), env)?;
/// assert_eq!(url.as_str(), "https://cognito-idp.eu-west-1.amazonaws.com/");
/// # Ok::<(), cognito_srp_http::Error>(())
/// ```
pub const ENV_IGNORE_ENDPOINTS: &str = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
/// The region variable of the AWS SDKs, used when neither the caller nor a pool id gives one.
///
/// ```
/// use cognito_srp_http::{ENV_REGION, resolve_endpoint};
/// let env = |k: &str| (k == ENV_REGION).then(|| "ap-south-1".to_owned());
/// let url = resolve_endpoint(None, None, env)?;
/// assert_eq!(url.as_str(), "https://cognito-idp.ap-south-1.amazonaws.com/");
/// // A region passed in code wins.
/// let url = resolve_endpoint(None, Some("eu-west-1"), env)?;
/// assert_eq!(url.as_str(), "https://cognito-idp.eu-west-1.amazonaws.com/");
/// # Ok::<(), cognito_srp_http::Error>(())
/// ```
pub const ENV_REGION: &str = "AWS_REGION";

/// The region part of a pool id (`eu-west-1_AbC` -> `eu-west-1`).
///
/// # Errors
/// [`Error::Config`] when the id has no `_`, or nothing on either side of it.
///
/// ```
/// assert_eq!(cognito_srp_http::region_from_pool_id("eu-west-1_AbC").unwrap(), "eu-west-1");
/// assert!(cognito_srp_http::region_from_pool_id("nounderscore").is_err());
/// ```
pub fn region_from_pool_id(pool_id: &str) -> Result<&str, Error> {
    match pool_id.split_once('_') {
        Some((region, name)) if is_region(region) && !name.is_empty() => Ok(region),
        _ => Err(Error::Config(format!("pool id {pool_id:?} is not of the form <region>_<id>"))),
    }
}

fn is_region(region: &str) -> bool {
    !region.is_empty() && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The public endpoint for a region: `https://cognito-idp.{region}.amazonaws.com/`
/// (`amazonaws.com.cn` for the `cn-` regions).
///
/// # Errors
/// [`Error::Config`] for a region with characters other than `a-z`, `0-9` and `-`.
///
/// ```
/// let url = cognito_srp_http::regional_endpoint("eu-west-1").unwrap();
/// assert_eq!(url.as_str(), "https://cognito-idp.eu-west-1.amazonaws.com/");
/// ```
pub fn regional_endpoint(region: &str) -> Result<Url, Error> {
    if !is_region(region) {
        return Err(Error::Config(format!("invalid region {region:?}")));
    }
    let suffix = if region.starts_with("cn-") { "amazonaws.com.cn" } else { "amazonaws.com" };
    parse_endpoint(&format!("https://cognito-idp.{region}.{suffix}/"))
}

/// Parses an endpoint URL (http or https, without a user name or password).
///
/// Cognito endpoints never carry userinfo (`user:password@`): reqwest would send it as Basic
/// authentication and every log line naming the endpoint would print it, so such an endpoint
/// is refused. Error messages never repeat what stood before the `@`.
pub(crate) fn parse_endpoint(text: &str) -> Result<Url, Error> {
    let shown = redact_userinfo(text.trim());
    let url = Url::parse(text.trim())
        .map_err(|e| Error::Config(format!("endpoint {shown:?} is not a URL: {e}")))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(Error::Config(format!("endpoint {shown:?} must be http or https")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(format!(
            "endpoint {shown:?} has a user name or password in it; Cognito endpoints never do: remove the part before '@'"
        )));
    }
    if url.host_str().is_none() {
        return Err(Error::Config(format!("endpoint {shown:?} has no host")));
    }
    Ok(url)
}

/// `text` with anything between `scheme://` and the last `@` of the authority replaced by
/// `***`, for messages about a URL that may carry a password.
pub(crate) fn redact_userinfo(text: &str) -> String {
    let (scheme, rest) = match text.find("://") {
        Some(i) => text.split_at(i.saturating_add(3)),
        None => ("", text),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rfind('@') {
        Some(at) => {
            let host = authority.get(at..).unwrap_or_default();
            format!("{scheme}***{host}{path}")
        }
        None => text.to_owned(),
    }
}

/// Resolves the endpoint in the AWS SDKs' order: an explicit endpoint, then
/// `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`, then `AWS_ENDPOINT_URL` (both skipped when
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`), then the regional endpoint of the explicit
/// region or, failing that, of `AWS_REGION`.
///
/// `env` reads a variable (`|k| std::env::var(k).ok()` in real use); empty values count as
/// unset.
///
/// # Errors
/// [`Error::Config`] for an unparsable URL or when no region is known.
///
/// ```
/// use cognito_srp_http::resolve_endpoint;
/// let env = |k: &str| (k == "AWS_ENDPOINT_URL").then(|| "http://127.0.0.1:5000".to_string());
/// let url = resolve_endpoint(None, Some("eu-west-1"), env).unwrap();
/// assert_eq!(url.as_str(), "http://127.0.0.1:5000/");
/// let url = resolve_endpoint(None, Some("eu-west-1"), |_| None).unwrap();
/// assert_eq!(url.as_str(), "https://cognito-idp.eu-west-1.amazonaws.com/");
/// ```
pub fn resolve_endpoint(
    explicit: Option<&str>,
    region: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Url, Error> {
    let var = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    if let Some(url) = explicit {
        return parse_endpoint(url);
    }
    let ignore = var(ENV_IGNORE_ENDPOINTS).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let configured = var(ENV_SERVICE_ENDPOINT).or_else(|| var(ENV_GLOBAL_ENDPOINT));
    if let Some(url) = configured.filter(|_| !ignore) {
        return parse_endpoint(&url);
    }
    match region.map(str::to_owned).or_else(|| var(ENV_REGION)) {
        Some(r) => regional_endpoint(r.trim()),
        None => Err(Error::Config("no region: pass one, use a pool id, or set AWS_REGION (read when the client uses the environment)".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn service_variable_beats_global_one() {
        let env =
            env_of(&[(ENV_GLOBAL_ENDPOINT, "http://global:1"), (ENV_SERVICE_ENDPOINT, "http://service:2")]);
        let url = resolve_endpoint(None, Some("us-east-1"), env).unwrap();
        assert_eq!(url.as_str(), "http://service:2/");
    }

    #[test]
    fn explicit_endpoint_beats_environment() {
        let env = env_of(&[(ENV_SERVICE_ENDPOINT, "http://service:2")]);
        let url = resolve_endpoint(Some("https://custom.example/"), None, env).unwrap();
        assert_eq!(url.as_str(), "https://custom.example/");
    }

    #[test]
    fn ignore_flag_skips_variables() {
        let env = env_of(&[(ENV_SERVICE_ENDPOINT, "http://service:2"), (ENV_IGNORE_ENDPOINTS, "true")]);
        let url = resolve_endpoint(None, Some("ap-south-1"), env).unwrap();
        assert_eq!(url.as_str(), "https://cognito-idp.ap-south-1.amazonaws.com/");
    }

    #[test]
    fn region_falls_back_to_aws_region() {
        let env = env_of(&[(ENV_REGION, "eu-central-1")]);
        let url = resolve_endpoint(None, None, env).unwrap();
        assert_eq!(url.as_str(), "https://cognito-idp.eu-central-1.amazonaws.com/");
        assert!(resolve_endpoint(None, None, |_| None).is_err());
    }

    #[test]
    fn china_regions_use_their_domain() {
        let url = regional_endpoint("cn-north-1").unwrap();
        assert_eq!(url.as_str(), "https://cognito-idp.cn-north-1.amazonaws.com.cn/");
    }

    #[test]
    fn userinfo_is_refused_and_never_repeated() {
        for text in [
            "https://user:hunter2@cognito-idp.eu-west-1.amazonaws.com/",
            "http://hunter2@127.0.0.1:9229",
            "http://user:hunter2@127.0.0.1:9229/path?x=1",
            "https://:hunter2@host.example",
            // Not a URL at all, and still the password is not repeated.
            "http://user:hunter2@[::1",
        ] {
            let err = parse_endpoint(text).unwrap_err();
            let shown = err.to_string();
            assert!(matches!(err, Error::Config(_)), "{shown}");
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(shown.contains("***@"), "{shown}");
        }
        let env = env_of(&[(ENV_SERVICE_ENDPOINT, "http://u:hunter2@127.0.0.1:1/")]);
        let err = resolve_endpoint(None, Some("eu-west-1"), env).unwrap_err();
        assert!(err.to_string().contains("user name or password") && !err.to_string().contains("hunter2"));
        assert_eq!(redact_userinfo("http://127.0.0.1:9229/a@b"), "http://127.0.0.1:9229/a@b");
        assert_eq!(redact_userinfo("u:p@host"), "***@host");
    }

    #[test]
    fn bad_inputs_are_config_errors() {
        assert!(region_from_pool_id("_abc").is_err());
        assert!(region_from_pool_id("eu-west-1_").is_err());
        assert!(region_from_pool_id("EU WEST_abc").is_err());
        assert!(regional_endpoint("evil.com/x").is_err());
        assert!(resolve_endpoint(Some("ftp://x"), None, |_| None).is_err());
        assert!(resolve_endpoint(Some("not a url"), None, |_| None).is_err());
    }
}
