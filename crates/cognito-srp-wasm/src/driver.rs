//! A driver of `cognito-srp-proto`'s sans-IO machines over the platform's `fetch` (feature
//! `fetch-driver`): no reqwest, no `url`, no `tracing`. Every Cognito call is one `POST` of
//! the machine's JSON body with `X-Amz-Target`; a timeout aborts it (`AbortController`), the
//! reply body is read chunk by chunk from `response.body` and the call aborted as soon as it
//! passes [`MAX_REPLY`] (whatever `Content-Length` says), randomness comes from Web Crypto (getrandom's
//! `wasm_js`) and time from `Date.now()`.

use core::fmt;
use core::time::Duration;

use cognito_srp_proto::wire::{
    ForgetDeviceRequest, GlobalSignOutRequest, ListDevicesRequest, ListDevicesResponse,
};
use cognito_srp_proto::{
    Action, AppClient, Call, Failure, Operation, Recovery, Refresh, RefreshFailure, Resend, RetryPolicy,
    SecretString, ServiceError, SignIn as Machine, SignInOptions, SignedIn, Step, Timestamp,
};
use getrandom::SysRng;
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The largest reply body accepted, in bytes.
pub const MAX_REPLY: u32 = 1 << 20;
/// How long one call may take before it is aborted.
pub const TIMEOUT: Duration = Duration::from_secs(30);
/// The media type of Cognito's JSON protocol.
const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn js_fetch(request: &Request) -> Promise;

    type Request;
    #[wasm_bindgen(constructor, catch)]
    fn new(input: &str, init: &JsValue) -> Result<Request, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, millis: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    #[derive(Clone)]
    type AbortController;
    #[wasm_bindgen(constructor)]
    fn new() -> AbortController;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> JsValue;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);

    type Response;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Response) -> u16;
    #[wasm_bindgen(method, getter)]
    fn headers(this: &Response) -> Headers;
    /// A `ReadableStream`, or `null` for a reply without a body.
    #[wasm_bindgen(method, getter)]
    fn body(this: &Response) -> Option<ReadableStream>;

    type ReadableStream;
    #[wasm_bindgen(method, js_name = getReader)]
    fn get_reader(this: &ReadableStream) -> StreamReader;

    type StreamReader;
    /// Resolves to `{ done, value }`.
    #[wasm_bindgen(method)]
    fn read(this: &StreamReader) -> Promise;
    #[wasm_bindgen(method)]
    fn cancel(this: &StreamReader) -> Promise;

    type Headers;
    #[wasm_bindgen(method)]
    fn get(this: &Headers, name: &str) -> Option<String>;
}

/// Why a call failed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error {
    /// Cognito answered with an error (`__type`), and the request id it gave.
    Service(ServiceError, Option<String>),
    /// The request did not get an answer: network, timeout, a reply too large.
    Transport(String),
    /// The answer made no sense, or the machine refused it.
    Protocol(cognito_srp_proto::Error),
    /// An error status without Cognito's `__type`.
    Unexpected {
        /// The operation.
        operation: Operation,
        /// The HTTP status.
        status: u16,
    },
    /// A bad option (endpoint, pool id).
    Config(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service(e, _) => write!(f, "{}: {}", e.code.as_str(), e.message),
            Self::Transport(reason) => write!(f, "transport error: {reason}"),
            Self::Protocol(e) => write!(f, "{e}"),
            Self::Unexpected { operation, status } => {
                write!(f, "{operation} answered HTTP {status} without an error type")
            }
            Self::Config(reason) => write!(f, "invalid configuration: {reason}"),
        }
    }
}

impl From<cognito_srp_proto::Error> for Error {
    fn from(err: cognito_srp_proto::Error) -> Self {
        Self::Protocol(err)
    }
}

impl Error {
    /// Cognito's error, when it answered with one.
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(e, _) => Some(e),
            Self::Protocol(cognito_srp_proto::Error::Service(e)) => Some(e),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Service(e, _) => e.is_transient(),
            Self::Transport(_) => true,
            Self::Unexpected { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }

    /// The machine's view of this failure.
    fn with_failure<T>(&self, f: impl FnOnce(Failure<'_>) -> T) -> T {
        match self {
            Self::Service(e, _) => f(Failure::Service(e)),
            _ if self.is_retryable() => f(Failure::Transient),
            _ => f(Failure::Fatal),
        }
    }
}

/// Checks an endpoint (surrounding whitespace ignored): `https://host[:port][/path]`, or
/// `http://` (an emulator), without a user name or password, inner whitespace or a fragment;
/// ends a bare host with `/`. Error messages never repeat an endpoint that has an `@` in it
/// (it may carry a password).
pub fn check_endpoint(endpoint: &str) -> Result<String, Error> {
    let endpoint = endpoint.trim();
    let shown = if endpoint.contains('@') { "(not shown: it has an '@')" } else { endpoint };
    let rest = endpoint
        .strip_prefix("https://")
        .or_else(|| endpoint.strip_prefix("http://"))
        .ok_or_else(|| Error::Config(format!("endpoint {shown:?} must be http or https")))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(Error::Config(
            "the endpoint has a user name or password in it; Cognito endpoints never do".into(),
        ));
    }
    if authority.is_empty() || authority.starts_with(':') {
        return Err(Error::Config(format!("endpoint {shown:?} has no host")));
    }
    if endpoint.chars().any(|c| c.is_whitespace() || c.is_control() || c == '#') {
        return Err(Error::Config(format!("endpoint {shown:?} is not a URL")));
    }
    Ok(if rest.contains(['/', '?']) { endpoint.to_owned() } else { format!("{endpoint}/") })
}

/// The regional endpoint of a pool id `{region}_{id}`.
pub fn regional_endpoint(pool_id: &str) -> Result<String, Error> {
    let region = pool_id.split_once('_').map(|(r, _)| r).unwrap_or_default();
    if region.is_empty() || !region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(Error::Config(format!("pool id {pool_id:?} is not {{region}}_{{id}}")));
    }
    let suffix = if region.starts_with("cn-") { "amazonaws.com.cn" } else { "amazonaws.com" };
    Ok(format!("https://cognito-idp.{region}.{suffix}/"))
}

/// Waits `delay` (setTimeout).
async fn sleep(delay: Duration) {
    let millis = i32::try_from(delay.as_millis()).unwrap_or(i32::MAX);
    let promise = Promise::new(&mut |resolve, _| {
        let _ = set_timeout(&resolve, millis);
    });
    let _ = JsFuture::from(promise).await;
}

/// Now, from `Date.now()`: whole seconds, formatted by JavaScript (Rust's float formatting
/// would add about 15 KB of code to the `.wasm`).
fn now() -> Result<Timestamp, Error> {
    let clock = || Error::Protocol(cognito_srp_core::Error::ClockUnavailable.into());
    let seconds = js_sys::Math::floor(js_sys::Date::now() / 1000.0);
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(clock());
    }
    let text: String = js_sys::Number::from(seconds).to_string_with_radix(10).map_err(|_| clock())?.into();
    let seconds = text.parse::<u64>().map_err(|_| clock())?;
    Timestamp::from_unix_seconds(seconds).map_err(|e| Error::Protocol(e.into()))
}

fn too_large() -> Error {
    Error::Transport(format!("the reply is larger than the limit of {MAX_REPLY} bytes"))
}

/// The reply body from `reader`, chunk by chunk: once more than [`MAX_REPLY`] bytes came, the
/// stream is cancelled and the request aborted (the rest is never downloaded).
async fn read_limited(reader: &StreamReader, controller: &AbortController) -> Result<Vec<u8>, Error> {
    let field = |object: &JsValue, name: &str| js_sys::Reflect::get(object, &JsValue::from_str(name));
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| transport("reading the reply", &e))?;
        if field(&chunk, "done").ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return Ok(bytes);
        }
        let value: Uint8Array = field(&chunk, "value")
            .ok()
            .and_then(|v| v.dyn_into().ok())
            .ok_or_else(|| Error::Transport("reading the reply: a chunk that is not bytes".into()))?;
        let start = bytes.len();
        let total = u64::try_from(start).unwrap_or(u64::MAX).saturating_add(u64::from(value.length()));
        if total > u64::from(MAX_REPLY) {
            drop(reader.cancel());
            controller.abort();
            return Err(too_large());
        }
        // `total` is at most MAX_REPLY, which fits a usize.
        bytes.resize(usize::try_from(total).unwrap_or(start), 0);
        if let Some(tail) = bytes.get_mut(start..) {
            value.copy_to(tail);
        }
    }
}

fn transport(what: &str, err: &JsValue) -> Error {
    let detail = js_sys::Reflect::get(err, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    Error::Transport(format!("{what}: {detail}"))
}

/// An app client and the endpoint its calls go to.
#[derive(Debug)]
pub struct Pool {
    endpoint: String,
    app: AppClient,
    retry: RetryPolicy,
}

impl Pool {
    /// The app client `client_id` of pool `pool_id`, at `endpoint` or the regional one.
    pub fn new(pool_id: &str, client_id: &str, endpoint: Option<&str>) -> Result<Self, Error> {
        let endpoint = match endpoint {
            Some(e) => check_endpoint(e)?,
            None => regional_endpoint(pool_id)?,
        };
        let app = AppClient::new(pool_id, client_id)?;
        Ok(Self { endpoint, app, retry: RetryPolicy::default() })
    }

    /// Every call carries `SECRET_HASH` computed with `secret`.
    #[must_use]
    pub fn with_client_secret(mut self, secret: SecretString) -> Self {
        self.app = self.app.with_secret(secret);
        self
    }

    /// The app client.
    pub fn app(&self) -> &AppClient {
        &self.app
    }

    /// One `POST`: the reply body of a 2xx answer, or the error.
    async fn post_once(&self, operation: Operation, body: &[u8]) -> Result<Vec<u8>, Error> {
        let init = js_sys::Object::new();
        let headers = js_sys::Object::new();
        let set = |o: &js_sys::Object, k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), v);
        };
        set(&headers, "content-type", &CONTENT_TYPE.into());
        set(
            &headers,
            "x-amz-target",
            &format!("AWSCognitoIdentityProviderService.{}", operation.as_str()).into(),
        );
        set(&init, "method", &"POST".into());
        set(&init, "headers", &headers.into());
        set(&init, "body", &Uint8Array::from(body).into());
        set(&init, "redirect", &"error".into());
        let controller = AbortController::new();
        set(&init, "signal", &controller.signal());
        let aborter = controller.clone();
        let abort = Closure::once(move || aborter.abort());
        let timer = set_timeout(
            abort.as_ref().unchecked_ref(),
            i32::try_from(TIMEOUT.as_millis()).unwrap_or(i32::MAX),
        );
        let result = self.exchange(&init, &controller).await;
        clear_timeout(&timer);
        drop(abort);
        let (status, error_type, request_id, reply) = result?;
        if (200..300).contains(&status) {
            return Ok(reply);
        }
        Err(match ServiceError::parse(status, error_type.as_deref(), &reply) {
            Some(e) => Error::Service(e, request_id),
            None => Error::Unexpected { operation, status },
        })
    }

    async fn exchange(
        &self,
        init: &js_sys::Object,
        controller: &AbortController,
    ) -> Result<(u16, Option<String>, Option<String>, Vec<u8>), Error> {
        let request = Request::new(&self.endpoint, init).map_err(|e| transport("fetch", &e))?;
        let response = JsFuture::from(js_fetch(&request)).await.map_err(|e| transport("fetch", &e))?;
        let response: Response = response.unchecked_into();
        let headers = response.headers();
        let declared = headers.get("content-length").and_then(|l| l.trim().parse::<u64>().ok());
        if declared.is_some_and(|length| length > u64::from(MAX_REPLY)) {
            controller.abort();
            return Err(too_large());
        }
        let reply = match response.body() {
            Some(body) => read_limited(&body.get_reader(), controller).await?,
            None => Vec::new(),
        };
        Ok((response.status(), headers.get("x-amzn-errortype"), headers.get("x-amzn-requestid"), reply))
    }

    /// Sends `operation` with `body`; idempotent operations are sent again after transient
    /// failures, with the retry policy's delays.
    pub async fn post(&self, operation: Operation, resend: Resend, body: &[u8]) -> Result<Vec<u8>, Error> {
        let mut attempt = 1;
        loop {
            let result = self.post_once(operation.clone(), body).await;
            match result {
                Err(err)
                    if err.is_retryable()
                        && resend == Resend::Idempotent
                        && attempt < self.retry.max_attempts =>
                {
                    sleep(self.retry.delay(attempt, &mut SysRng)).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Sends a machine's call after its delay.
    async fn send(&self, call: &Call) -> Result<Vec<u8>, Error> {
        if !call.delay.is_zero() {
            sleep(call.delay).await;
        }
        let body = call.request.to_json()?;
        self.post(call.request.operation(), call.request.resend(), &body).await
    }

    /// A typed call outside a machine.
    pub async fn json<Q: serde::Serialize>(
        &self,
        operation: Operation,
        request: &Q,
    ) -> Result<Vec<u8>, Error> {
        let body = zeroize::Zeroizing::new(serde_json::to_vec(request).map_err(|e| {
            Error::Protocol(cognito_srp_proto::Error::Encode {
                operation: operation.clone(),
                reason: e.to_string(),
            })
        })?);
        self.post(operation.clone(), operation.resend(), &body).await
    }

    /// Starts a sign-in machine.
    pub fn sign_in(&self, username: String, password: SecretString, options: SignInOptions) -> Machine {
        Machine::new(self.app.clone(), username, password, options)
    }

    /// Sends `first` and every call the machine asks for next, until it needs the user, is
    /// done, or gives up.
    pub async fn drive(
        &self,
        machine: &mut Machine,
        first: Result<Call, cognito_srp_proto::Error>,
    ) -> Result<Reached, Error> {
        let mut rng = SysRng;
        let mut call = first?;
        loop {
            let failed = match self.send(&call).await {
                Ok(reply) => match machine.on_reply(&reply, &now()?, &mut rng)? {
                    Action::Send(next) => {
                        call = next;
                        continue;
                    }
                    Action::Step(step) => return Ok(Reached::Step(step)),
                    Action::Done(done) => return Ok(Reached::Done(done, None)),
                    _ => return Err(Error::Config("the sign-in machine asked for something unknown".into())),
                },
                Err(err) => err,
            };
            match failed.with_failure(|failure| machine.on_failure(failure, &mut rng)) {
                Recovery::Restart(next) | Recovery::Resend(next) => call = next,
                Recovery::SignedIn(done) => return Ok(Reached::Done(done, Some(failed))),
                _ => return Err(failed),
            }
        }
    }

    /// New tokens from a refresh token.
    pub async fn refresh(&self, mut refresh: Refresh) -> Result<cognito_srp_proto::Tokens, Error> {
        let mut call = refresh.start();
        loop {
            let failed = match self.send(&call).await {
                Ok(reply) => return Ok(refresh.on_reply(&reply)?),
                Err(err) => err,
            };
            let next = match &failed {
                Error::Service(e, _) => refresh.on_failure(RefreshFailure::Service(e)),
                Error::Unexpected { status, .. } => {
                    refresh.on_failure(RefreshFailure::Untyped { status: *status })
                }
                _ => refresh.on_failure(RefreshFailure::Other),
            };
            call = next.ok_or(failed)?;
        }
    }

    /// `GlobalSignOut`.
    pub async fn sign_out(&self, access_token: &SecretString) -> Result<(), Error> {
        self.json(Operation::GlobalSignOut, &GlobalSignOutRequest::new(access_token.clone())).await.map(drop)
    }

    /// `RevokeToken`.
    pub async fn revoke(&self, refresh_token: &SecretString) -> Result<(), Error> {
        self.json(Operation::RevokeToken, &self.app.revoke_request(refresh_token)).await.map(drop)
    }

    /// `ForgetDevice`.
    pub async fn forget_device(&self, access_token: &SecretString, device_key: &str) -> Result<(), Error> {
        self.json(Operation::ForgetDevice, &ForgetDeviceRequest::new(access_token.clone(), device_key))
            .await
            .map(drop)
    }

    /// `ListDevices`, every page (at most 100).
    pub async fn list_devices(
        &self,
        access_token: &SecretString,
    ) -> Result<Vec<cognito_srp_proto::wire::DeviceType>, Error> {
        let mut devices = Vec::new();
        let mut token = None;
        for _ in 0..100 {
            let mut request = ListDevicesRequest::new(access_token.clone()).limit(60);
            request.pagination_token = token.take();
            let reply = self.json(Operation::ListDevices, &request).await?;
            let page: ListDevicesResponse = parse(Operation::ListDevices, &reply)?;
            devices.extend(page.devices);
            match page.pagination_token {
                Some(next) if !next.is_empty() => token = Some(next),
                _ => return Ok(devices),
            }
        }
        Err(Error::Transport("ListDevices: more than 100 pages".into()))
    }
}

/// Where a drive stopped.
#[derive(Debug)]
#[non_exhaustive]
pub enum Reached {
    /// A step for the person.
    Step(Step),
    /// Signed in; with the error that stopped the device calls, if any.
    Done(Box<SignedIn>, Option<Error>),
}

/// A reply body of `operation` as `T`.
pub fn parse<T: serde::de::DeserializeOwned>(operation: Operation, body: &[u8]) -> Result<T, Error> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    cognito_srp_proto::json::from_slice(body).map_err(|e| {
        Error::Protocol(cognito_srp_proto::Error::Protocol(cognito_srp_proto::ProtocolError::InvalidBody {
            operation,
            reason: e.to_string(),
        }))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn config_error(result: Result<String, Error>) -> String {
        match result {
            Err(Error::Config(message)) => message,
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    #[test]
    fn endpoints_are_http_or_https_with_a_host_and_no_user_info() {
        assert_eq!(check_endpoint("http://127.0.0.1:9229").unwrap(), "http://127.0.0.1:9229/");
        assert_eq!(check_endpoint(" https://idp.example/base/ ").unwrap(), "https://idp.example/base/");
        assert!(config_error(check_endpoint("ftp://idp.example/")).contains("http or https"));
        assert!(config_error(check_endpoint("https:///path")).contains("no host"));
        assert!(config_error(check_endpoint("https://:443/")).contains("no host"));
        assert!(config_error(check_endpoint("https://idp.example/a b")).contains("not a URL"));
        assert!(config_error(check_endpoint("https://idp.example/#x")).contains("not a URL"));
        let message = config_error(check_endpoint("https://alice:hunter2@idp.example/"));
        assert!(message.contains("user name or password") && !message.contains("hunter2"), "{message}");
        let message = config_error(check_endpoint("ftp://alice:hunter2@idp.example/"));
        assert!(!message.contains("hunter2"), "{message}");
    }

    #[test]
    fn the_regional_endpoint_comes_from_the_pool_id() {
        assert_eq!(
            regional_endpoint("eu-west-1_AbC").unwrap(),
            "https://cognito-idp.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            regional_endpoint("cn-north-1_AbC").unwrap(),
            "https://cognito-idp.cn-north-1.amazonaws.com.cn/"
        );
        assert!(config_error(regional_endpoint("nounderscore")).contains("{region}_{id}"));
        assert!(config_error(regional_endpoint("EU/x_1")).contains("{region}_{id}"));
    }

    #[test]
    fn only_transport_and_transient_service_errors_are_retryable() {
        use cognito_srp_proto::ErrorCode;
        assert!(Error::Transport("reset".into()).is_retryable());
        let throttled = ServiceError::new(ErrorCode::TooManyRequests, "slow down", 400);
        assert!(Error::Service(throttled, None).is_retryable());
        let refused = ServiceError::new(ErrorCode::NotAuthorized, "no", 400);
        assert!(!Error::Service(refused, Some("rid".into())).is_retryable());
        assert!(Error::Unexpected { operation: Operation::InitiateAuth, status: 502 }.is_retryable());
        assert!(!Error::Unexpected { operation: Operation::InitiateAuth, status: 404 }.is_retryable());
        assert!(!Error::Config("x".into()).is_retryable());
    }
}
