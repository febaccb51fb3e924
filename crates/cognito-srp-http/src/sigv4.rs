//! SigV4 on the wire: the `X-Amz-Date`, `X-Amz-Security-Token` and `Authorization` headers
//! of an IAM-authorised call, from [`cognito_srp_proto::sigv4`].

use cognito_srp_proto::Operation;
use cognito_srp_proto::sigv4::{self, AwsCredentials};
use reqwest::Url;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};

use crate::Error;

/// The credentials and region a [`crate::Client`] signs with.
#[derive(Debug)]
pub(crate) struct Signer {
    credentials: AwsCredentials,
    region: String,
}

/// The `Host` header reqwest sends for `url`: the host, and the port when it is not the
/// scheme's default.
pub(crate) fn host_header(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

fn value(text: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(text)
        .map_err(|e| Error::Config(format!("a SigV4 header is not a valid header value: {e}")))
}

impl Signer {
    pub(crate) fn new(credentials: AwsCredentials, region: String) -> Self {
        Self { credentials, region }
    }

    /// Adds the signature headers for `body` sent as `operation` to `endpoint` now.
    pub(crate) fn sign(
        &self,
        headers: &mut HeaderMap,
        endpoint: &Url,
        operation: &Operation,
        body: &[u8],
    ) -> Result<(), Error> {
        let now = crate::platform::now()?.unix_seconds();
        let signed = sigv4::sign_json_request(
            &self.credentials,
            &self.region,
            now,
            &host_header(endpoint),
            &operation.target(),
            body,
        );
        headers.insert(HeaderName::from_static(sigv4::X_AMZ_DATE), value(&signed.amz_date)?);
        if let Some(token) = &signed.security_token {
            let mut token = value(token.expose_secret())?;
            token.set_sensitive(true);
            headers.insert(HeaderName::from_static(sigv4::X_AMZ_SECURITY_TOKEN), token);
        }
        let mut authorization = value(&signed.authorization)?;
        authorization.set_sensitive(true);
        headers.insert(AUTHORIZATION, authorization);
        Ok(())
    }
}
