//! SigV4 verification of the IAM-authorised operations (the `Admin*` and set-up operations)
//! when the emulator is given access keys ([`crate::EmulatorBuilder::access_key`]).
//!
//! The answers are AWS's: no `Authorization` header is `MissingAuthenticationTokenException`,
//! a malformed one `IncompleteSignatureException`, an unknown key id (or a session token the
//! emulator did not issue) `UnrecognizedClientException`, a wrong signature or a time more
//! than 5 minutes from the emulator's clock `InvalidSignatureException`, all with status 400.
//! Signatures are compared in constant time.

use std::collections::BTreeMap;
use std::fmt;

use hyper::HeaderMap;
use subtle::ConstantTimeEq;

use cognito_srp_proto::sigv4::{self, ParsedAuthorization, Signable};
use cognito_srp_proto::vocab::error_type;
use cognito_srp_proto::{ErrorCode, SecretString};

use crate::error::ApiError;

/// The access keys the emulator accepts: key id → secret (redacted in `Debug`).
#[derive(Clone, Default)]
pub(crate) struct AccessKeys(BTreeMap<String, SecretString>);

impl fmt::Debug for AccessKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl AccessKeys {
    pub(crate) fn insert(&mut self, id: String, secret: SecretString) {
        self.0.insert(id, secret);
    }

    /// Whether signatures are checked at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What of a request the signature covers, captured before its body is read.
#[derive(Debug)]
pub(crate) struct SignedParts {
    method: String,
    path: String,
    query: String,
    headers: HeaderMap,
}

impl SignedParts {
    pub(crate) fn of<B>(req: &hyper::Request<B>) -> Self {
        Self {
            method: req.method().as_str().to_owned(),
            path: req.uri().path().to_owned(),
            query: req.uri().query().unwrap_or_default().to_owned(),
            headers: req.headers().clone(),
        }
    }
}

fn missing() -> ApiError {
    ApiError::new(
        ErrorCode::parse(error_type::MISSING_AUTHENTICATION_TOKEN),
        "Request is missing Authentication Token",
    )
}

fn incomplete(message: String) -> ApiError {
    ApiError::new(ErrorCode::parse(error_type::INCOMPLETE_SIGNATURE), message)
}

fn unrecognized() -> ApiError {
    ApiError::new(
        ErrorCode::parse(error_type::UNRECOGNIZED_CLIENT),
        "The security token included in the request is invalid.",
    )
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::parse(error_type::INVALID_SIGNATURE), message)
}

const MISMATCH: &str = "The request signature we calculated does not match the signature you provided. Check \
                        your AWS Secret Access Key and signing method. Consult the service documentation for \
                        details.";

/// Checks the request's SigV4 signature against `keys` at `now` (Unix seconds).
pub(crate) fn verify(keys: &AccessKeys, parts: &SignedParts, body: &[u8], now: u64) -> Result<(), ApiError> {
    let header = |name: &str| parts.headers.get(name).map(|v| v.to_str().map_err(|_| name.to_owned()));
    let Some(authorization) = header("authorization") else {
        return Err(missing());
    };
    let authorization =
        authorization.map_err(|name| incomplete(format!("The {name} header is not visible ASCII.")))?;
    let parsed = ParsedAuthorization::parse(authorization).map_err(|err| incomplete(format!("{err}.")))?;
    let secret = keys.0.get(&parsed.access_key_id).ok_or_else(unrecognized)?;
    if parts.headers.contains_key(sigv4::X_AMZ_SECURITY_TOKEN) {
        // The emulator's keys are long-term keys: no session token is valid.
        return Err(unrecognized());
    }
    let amz_date = match header(sigv4::X_AMZ_DATE) {
        Some(Ok(date)) => date,
        _ => {
            return Err(incomplete(
                "Authorization header requires existence of a valid 'X-Amz-Date' header.".to_owned(),
            ));
        }
    };
    let Some(signed_at) = sigv4::parse_amz_date(amz_date) else {
        return Err(incomplete(format!("X-Amz-Date {amz_date:?} is not of the form YYYYMMDD'T'HHMMSS'Z'.")));
    };
    if amz_date.get(..8) != Some(parsed.scope.date.as_str()) {
        return Err(invalid(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: \
             '{}' != '{}', from '{amz_date}'.",
            parsed.scope.date,
            amz_date.get(..8).unwrap_or_default()
        )));
    }
    if parsed.scope.service != sigv4::SERVICE {
        return Err(invalid(format!(
            "Credential should be scoped to correct service: '{}'.",
            sigv4::SERVICE
        )));
    }
    if !parsed.signed_headers.iter().any(|h| h == "host") {
        return Err(invalid("'Host' must be a 'SignedHeader' in the AWS Authorization."));
    }
    let skew = sigv4::MAX_CLOCK_SKEW_SECONDS;
    if signed_at.saturating_add(skew) < now {
        return Err(invalid(format!(
            "Signature expired: {amz_date} is now earlier than {} ({} - 5 min.)",
            sigv4::amz_date(now.saturating_sub(skew)),
            sigv4::amz_date(now)
        )));
    }
    if signed_at > now.saturating_add(skew) {
        return Err(invalid(format!(
            "Signature not yet current: {amz_date} is still later than {} ({} + 5 min.)",
            sigv4::amz_date(now.saturating_add(skew)),
            sigv4::amz_date(now)
        )));
    }
    // A signed header that is absent or not text cannot match.
    let mut headers: Vec<(&str, &str)> = Vec::with_capacity(parsed.signed_headers.len());
    for name in &parsed.signed_headers {
        let values = parts.headers.get_all(name.as_str());
        let mut any = false;
        for value in values {
            headers.push((name.as_str(), value.to_str().map_err(|_| invalid(MISMATCH))?));
            any = true;
        }
        if !any {
            return Err(invalid(MISMATCH));
        }
    }
    let hash = sigv4::payload_hash(body);
    let request = Signable {
        method: &parts.method,
        path: &parts.path,
        query: &parts.query,
        headers: &headers,
        payload_hash: &hash,
    };
    let expected = parsed.expected_signature(secret.expose_secret(), amz_date, &request);
    if bool::from(expected.ct_eq(&parsed.signature)) { Ok(()) } else { Err(invalid(MISMATCH)) }
}
