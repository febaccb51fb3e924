//! The HTTP side: Cognito's JSON protocol, the browser (CORS, `Origin`, `Host`) rules, body
//! limits and fault injection.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::{Request, Response, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use cognito_srp_proto::vocab::{
    CONTENT_TYPE, ERROR_TYPE_HEADER, REQUEST_ID_HEADER, TARGET_HEADER, error_type, member,
};
use cognito_srp_proto::{ErrorCode, Operation};

use crate::error::ApiError;
use crate::net::NetSettings;
use crate::outbox::CodePurpose;
use crate::state::{MAX_SESSION_SECONDS, Shared};

/// Everything a request handler needs: the state, the HTTP settings and the fault bookkeeping.
pub(crate) struct Server {
    pub(crate) shared: Arc<Shared>,
    pub(crate) net: NetSettings,
    pub(crate) local_addr: SocketAddr,
    seen_sessions: Mutex<SeenSessions>,
}

impl Server {
    pub(crate) fn new(shared: Arc<Shared>, net: NetSettings, local_addr: SocketAddr) -> Self {
        Self { shared, net, local_addr, seen_sessions: Mutex::new(SeenSessions::default()) }
    }
}

/// Returned to hyper to close the connection without an answer (an injected fault).
#[derive(Debug)]
pub(crate) struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for DropConnection {}

/// The error a cut-short answer body ends with: hyper then closes the connection.
#[derive(Debug)]
pub(crate) struct TruncatedBody;

impl std::fmt::Display for TruncatedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("answer body cut short by fault injection")
    }
}

impl std::error::Error for TruncatedBody {}

/// How long a cut-short body waits after its part before failing, so that hyper has flushed
/// the head and the part to the client first.
const CUT_FLUSH_DELAY: Duration = Duration::from_millis(20);

/// An answer's body: whole, or (an injected fault) its first part then an error, so that the
/// client has the status and the full `Content-Length` but not the full body.
pub(crate) enum AnswerBody {
    Whole(Option<Bytes>),
    /// The part still to send, then a pause (hyper flushes), then the error.
    Cut(Option<Bytes>, Option<Pin<Box<tokio::time::Sleep>>>),
}

impl Body for AnswerBody {
    type Data = Bytes;
    type Error = TruncatedBody;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, TruncatedBody>>> {
        match self.get_mut() {
            Self::Whole(rest) => Poll::Ready(rest.take().map(|b| Ok(Frame::data(b)))),
            Self::Cut(part, pause) => {
                if let Some(part) = part.take() {
                    return Poll::Ready(Some(Ok(Frame::data(part))));
                }
                let pause = pause.get_or_insert_with(|| Box::pin(tokio::time::sleep(CUT_FLUSH_DELAY)));
                pause.as_mut().poll(cx).map(|()| Some(Err(TruncatedBody)))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Self::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Self::Whole(Some(b)) => SizeHint::with_exact(u64::try_from(b.len()).unwrap_or(u64::MAX)),
            Self::Whole(None) => SizeHint::with_exact(0),
            // The Content-Length header (the whole body's) is set explicitly.
            Self::Cut(..) => SizeHint::new(),
        }
    }
}

type Answer = Response<AnswerBody>;

enum Fault {
    None,
    Internal,
    Throttle,
    Drop,
    InternalAfter,
    Truncate,
}

/// Draws this request's fault (SplitMix64 over the configured seed: reproducible).
fn draw_fault(shared: &Shared) -> (Fault, Duration) {
    let mut guard = shared.faults.lock().unwrap_or_else(PoisonError::into_inner);
    let (config, counter) = &mut *guard;
    *counter = counter.wrapping_add(1);
    let mut z = config.seed.wrapping_add(counter.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    #[allow(clippy::cast_precision_loss)]
    let x = (z >> 11) as f64 / (1u64 << 53) as f64;
    // Consecutive slices of [0, 1): the first three keep their order, so a seed gives the
    // same faults as before the later kinds existed.
    let slices = [
        (config.drop_connection, Fault::Drop),
        (config.internal_error, Fault::Internal),
        (config.throttle, Fault::Throttle),
        (config.internal_error_after, Fault::InternalAfter),
        (config.truncated_body, Fault::Truncate),
    ];
    let mut bound = 0.0;
    for (rate, fault) in slices {
        bound += rate;
        if x < bound {
            return (fault, config.latency);
        }
    }
    (Fault::None, config.latency)
}

fn count(shared: &Shared, bump: impl FnOnce(&mut crate::FaultCounters)) {
    bump(&mut shared.counters.lock().unwrap_or_else(PoisonError::into_inner));
}

/// How many `Session` values [`SeenSessions`] remembers at most (32-byte hashes).
const SEEN_SESSIONS_CAP: usize = 65_536;

/// Hashes of the `Session` values received in `RespondToAuthChallenge` requests, kept while
/// such a session could still be answered, and capped (oldest first out).
#[derive(Default)]
struct SeenSessions {
    set: HashSet<[u8; 32]>,
    order: VecDeque<([u8; 32], u64)>,
}

impl SeenSessions {
    /// Records `session` at emulator time `now`; true when it had been received before.
    fn record(&mut self, session: &str, now: u64) -> bool {
        while let Some(&(hash, until)) = self.order.front() {
            if until > now && self.order.len() < SEEN_SESSIONS_CAP {
                break;
            }
            self.order.pop_front();
            self.set.remove(&hash);
        }
        let hash: [u8; 32] = Sha256::digest(session.as_bytes()).into();
        if self.set.contains(&hash) {
            return true;
        }
        self.set.insert(hash);
        self.order.push_back((hash, now.saturating_add(MAX_SESSION_SECONDS)));
        false
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.set.len()
    }
}

/// Whether a web page may call `op`: Cognito's public, unsigned user operations (called with
/// a user's tokens or session), not set-up or administration, nor an operation this crate
/// does not know. `None` (no or a malformed `X-Amz-Target`) is answered with a protocol error.
fn browser_may_call(op: Option<&Operation>, net: &NetSettings) -> bool {
    net.allow_browser_admin || op.is_none_or(|op| !op.is_admin() && !matches!(op, Operation::Unknown(_)))
}

/// Whether a `Host` value (`name[:port]`, `ip[:port]`, `[ipv6][:port]`) names this emulator:
/// `localhost`, a loopback address, the bound address, or a configured extra host. A DNS
/// rebinding page reaches 127.0.0.1 with its own name in `Host`: refused.
fn host_allowed(host: &str, net: &NetSettings, local: SocketAddr) -> bool {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((name, "")) => (name, None),
            Some((name, port)) => match port.strip_prefix(':') {
                Some(port) => (name, Some(port)),
                None => return false,
            },
            None => return false,
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    if port.is_some_and(|p| p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    if name == "localhost" || net.extra_hosts.contains(&name) {
        return true;
    }
    name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback() || ip == local.ip())
}

/// Browser apps (amazon-cognito-identity-js, Amplify) call Cognito cross-origin: allow any
/// origin for the operations they call, as Cognito does.
const ALLOW_HEADERS: &str = "content-type, x-amz-target, x-amz-user-agent, x-amz-date, authorization, cache-control, amz-sdk-invocation-id, amz-sdk-request";

fn empty() -> AnswerBody {
    AnswerBody::Whole(None)
}

/// The answer to an `OPTIONS` preflight. A preflight does not carry the operation
/// (`X-Amz-Target`'s value is not sent), so it allows the POST in general; the operation is
/// checked on the request itself, which is refused before any processing.
fn preflight() -> Answer {
    Response::builder()
        .status(StatusCode::OK)
        .header("access-control-allow-origin", "*")
        .header("access-control-allow-methods", "POST, OPTIONS")
        .header("access-control-allow-headers", ALLOW_HEADERS)
        .header("access-control-max-age", "86400")
        .body(empty())
        .unwrap_or_else(|_| Response::new(empty()))
}

/// A JSON answer as Cognito sends it; CORS headers only when a web page may read it.
fn respond(status: u16, body: &Value, error_type: Option<&ErrorCode>, cors: bool) -> Answer {
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("content-type", CONTENT_TYPE)
        .header(REQUEST_ID_HEADER, crate::util::uuid().unwrap_or_default());
    if cors {
        builder = builder.header("access-control-allow-origin", "*").header(
            "access-control-expose-headers",
            format!("{}, {}", REQUEST_ID_HEADER.to_ascii_lowercase(), ERROR_TYPE_HEADER.to_ascii_lowercase()),
        );
    }
    if let Some(t) = error_type {
        builder = builder.header(ERROR_TYPE_HEADER, t.as_str());
    }
    builder
        .body(AnswerBody::Whole(Some(Bytes::from(body.to_string()))))
        .unwrap_or_else(|_| Response::new(empty()))
}

fn error_response(err: &ApiError, cors: bool) -> Answer {
    let body = serde_json::to_value(cognito_srp_proto::ErrorBody::new(&err.code, err.message.as_str()))
        .unwrap_or_else(|_| json!({}));
    respond(err.status, &body, Some(&err.code), cors)
}

fn access_denied(message: String) -> ApiError {
    ApiError { status: 403, code: ErrorCode::AccessDenied, message }
}

/// Replaces an answer's body by its first half, keeping its status, headers and the whole
/// body's `Content-Length`.
fn truncate(answer: Answer) -> Answer {
    let (mut parts, body) = answer.into_parts();
    let whole = match body {
        AnswerBody::Whole(b) | AnswerBody::Cut(b, _) => b.unwrap_or_default(),
    };
    parts.headers.insert(hyper::header::CONTENT_LENGTH, hyper::header::HeaderValue::from(whole.len()));
    Response::from_parts(parts, AnswerBody::Cut(Some(whole.slice(..whole.len() / 2)), None))
}

/// The `Host` (or absolute-form authority) values of a request that do not name this emulator.
fn foreign_host<B>(req: &Request<B>, server: &Server) -> Option<String> {
    let header = req.headers().get(hyper::header::HOST).map(|h| h.to_str().unwrap_or("\u{fffd}"));
    let authority = req.uri().authority().map(hyper::http::uri::Authority::as_str);
    header
        .into_iter()
        .chain(authority)
        .find(|h| !host_allowed(h, &server.net, server.local_addr))
        .map(|h| h.chars().take(100).collect())
}

/// Reads the body within the configured time and size.
async fn read_body(server: &Server, req: Request<Incoming>) -> Result<Bytes, ApiError> {
    let max = server.net.max_body_bytes;
    let declared = req
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large =
        || ApiError::new(ErrorCode::Serialization, format!("Request body is larger than {max} bytes"));
    if declared.is_some_and(|n| usize::try_from(n).map_or(true, |n| n > max)) {
        return Err(too_large());
    }
    let timeout = server.net.body_read_timeout;
    match tokio::time::timeout(timeout, Limited::new(req.into_body(), max).collect()).await {
        Ok(Ok(body)) => Ok(body.to_bytes()),
        Ok(Err(err)) if err.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Ok(Err(_)) => Err(ApiError::new(ErrorCode::Serialization, "Request body is broken")),
        Err(_) => Err(ApiError::new(
            ErrorCode::parse(error_type::REQUEST_TIMEOUT),
            format!("Request body not received within {} ms", timeout.as_millis()),
        )),
    }
}

/// One request.
pub(crate) async fn handle(server: Arc<Server>, req: Request<Incoming>) -> Result<Answer, DropConnection> {
    if let Some(host) = foreign_host(&req, &server) {
        if req.method() != hyper::Method::OPTIONS {
            count(&server.shared, |c| c.requests += 1);
        }
        return Ok(error_response(
            &access_denied(format!(
                "Host {host:?} is not this emulator: only localhost, loopback addresses and the bound \
                 address are accepted (a guard against DNS rebinding); add a name with \
                 EmulatorBuilder::allow_host"
            )),
            false,
        ));
    }
    if let Some(answer) = route(&server, &req) {
        return Ok(answer);
    }
    if req.method() == hyper::Method::OPTIONS {
        return Ok(preflight());
    }
    if req.method() == hyper::Method::GET
        && let Some(answer) = public_get(&server, req.uri().path())
    {
        return Ok(answer);
    }
    let shared = &server.shared;
    count(shared, |c| c.requests += 1);
    let target = req.headers().get(TARGET_HEADER).and_then(|v| v.to_str().ok());
    let op = target.and_then(Operation::from_target).filter(|op| !op.as_str().is_empty());
    let cors = browser_may_call(op.as_ref(), &server.net);
    if !cors && req.headers().contains_key(hyper::header::ORIGIN) {
        let op = op.as_ref().map(Operation::as_str).unwrap_or_default();
        return Ok(error_response(
            &access_denied(format!(
                "{op} is an administrative operation and this request comes from a web page (it has \
                 an Origin header); the emulator refuses those unless started with \
                 --allow-browser-admin (EmulatorBuilder::allow_browser_admin)"
            )),
            false,
        ));
    }
    let signed = (!server.net.access_keys.is_empty() && op.as_ref().is_some_and(Operation::is_admin))
        .then(|| crate::sigv4::SignedParts::of(&req));
    let (fault, latency) = draw_fault(shared);
    if !latency.is_zero() {
        count(shared, |c| c.delayed += 1);
        tokio::time::sleep(latency).await;
    }
    let body = match read_body(&server, req).await {
        Ok(body) => body,
        Err(err) => return Ok(error_response(&err, cors)),
    };
    if let Some(parts) = &signed
        && let Err(err) = crate::sigv4::verify(&server.net.access_keys, parts, &body, shared.now())
    {
        return Ok(error_response(&err, cors));
    }
    let json = serde_json::from_slice::<Value>(&body).ok().filter(Value::is_object);
    if op == Some(Operation::RespondToAuthChallenge)
        && let Some(session) = json.as_ref().and_then(|j| j.get(member::SESSION)).and_then(Value::as_str)
    {
        let now = shared.now();
        let repeated =
            server.seen_sessions.lock().unwrap_or_else(PoisonError::into_inner).record(session, now);
        if repeated {
            count(shared, |c| c.repeated_challenge_answers += 1);
        }
    }
    match fault {
        Fault::Drop => {
            count(shared, |c| c.dropped += 1);
            return Err(DropConnection);
        }
        Fault::Internal => {
            count(shared, |c| c.internal_errors += 1);
            return Ok(error_response(&ApiError::internal("Internal server error (injected)"), cors));
        }
        Fault::Throttle => {
            count(shared, |c| c.throttled += 1);
            return Ok(error_response(&ApiError::new(ErrorCode::TooManyRequests, "Rate exceeded"), cors));
        }
        Fault::None | Fault::InternalAfter | Fault::Truncate => {}
    }
    let answer = process(shared, op, json, cors).await;
    Ok(match fault {
        Fault::InternalAfter => {
            count(shared, |c| c.internal_errors_after += 1);
            error_response(&ApiError::internal("Internal server error (injected after processing)"), cors)
        }
        Fault::Truncate => {
            count(shared, |c| c.truncated += 1);
            truncate(answer)
        }
        Fault::None | Fault::Internal | Fault::Throttle | Fault::Drop => answer,
    })
}

/// The path prefix of the emulator's own HTTP endpoints (not Cognito's protocol).
const CONTROL_PREFIX: &str = "/_emulator/";

/// Requests for the emulator's own endpoints (`GET /_emulator/messages/{poolId}/{username}`):
/// `Some(answer)`; `None` for everything else (Cognito's protocol). Like the administrative
/// operations they are refused to web pages (an `Origin` header) unless
/// `allow_browser_admin`, and carry no CORS headers. More routes go here.
fn route<B>(server: &Server, req: &Request<B>) -> Option<Answer> {
    let rest = req.uri().path().strip_prefix(CONTROL_PREFIX)?;
    if req.headers().contains_key(hyper::header::ORIGIN) && !server.net.allow_browser_admin {
        return Some(error_response(
            &access_denied(
                "The emulator's control endpoints are not for web pages (this request has an Origin \
                 header); the emulator refuses those unless started with --allow-browser-admin \
                 (EmulatorBuilder::allow_browser_admin)"
                    .to_owned(),
            ),
            false,
        ));
    }
    count(&server.shared, |c| c.requests += 1);
    let segments: Vec<&str> = rest.split('/').collect();
    let answer = match (req.method(), segments.as_slice()) {
        (&hyper::Method::GET, ["messages", pool, user]) => match (percent_decode(pool), percent_decode(user))
        {
            (Some(pool), Some(user)) => plain_json(200, &messages_json(&server.shared, &pool, &user)),
            _ => plain_json(
                400,
                &json!({ "message": "The pool id or username is not valid percent-encoded UTF-8." }),
            ),
        },
        (_, ["messages", _, _]) => plain_json(405, &json!({ "message": "Only GET is allowed here." })),
        _ => plain_json(404, &json!({ "message": format!("No emulator endpoint {CONTROL_PREFIX}{rest}") })),
    };
    Some(answer)
}

/// A JSON answer of a control endpoint (`application/json`, no CORS headers).
fn plain_json(status: u16, body: &Value) -> Answer {
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("content-type", "application/json")
        .body(AnswerBody::Whole(Some(Bytes::from(body.to_string()))))
        .unwrap_or_else(|_| Response::new(empty()))
}

/// Decodes `%XX` escapes; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The unexpired messages to a user of a pool (found by username or alias, else by the
/// destination they went to), oldest first.
fn messages_json(shared: &Shared, pool_id: &str, name: &str) -> Value {
    let now = shared.now();
    let state = shared.lock();
    let username = state.pools.get(pool_id).and_then(|p| p.find_user(name)).map(|u| u.username.clone());
    let messages: Vec<Value> = state
        .outbox
        .iter()
        .filter(|m| m.pool_id == pool_id && m.expires_at > now)
        .filter(|m| username.as_ref().map_or(m.destination == name, |u| &m.username == u))
        .map(|m| {
            let (purpose, attribute) = match &m.purpose {
                CodePurpose::SignInMfa => ("SIGN_IN_MFA", None),
                CodePurpose::SignInOtp => ("SIGN_IN_OTP", None),
                CodePurpose::SignUp => ("SIGN_UP", None),
                CodePurpose::ForgotPassword => ("FORGOT_PASSWORD", None),
                CodePurpose::VerifyAttribute(attr) => ("VERIFY_ATTRIBUTE", Some(attr.as_str())),
            };
            json!({
                "purpose": purpose, "attribute": attribute, "medium": m.medium.as_str(),
                "destination": m.destination, "code": m.code, "sentAt": m.sent_at, "expiresAt": m.expires_at,
            })
        })
        .collect();
    json!({ "messages": messages })
}

/// `GET` of a pool's public documents (JWKS, OpenID discovery): readable by any web page,
/// no body, no faults; `None` for another path.
fn public_get(server: &Server, path: &str) -> Option<Answer> {
    let (status, body) = crate::wellknown::document(&server.shared, path)?;
    Some(
        Response::builder()
            .status(StatusCode::from_u16(status).unwrap_or(StatusCode::NOT_FOUND))
            .header("content-type", "application/json")
            .header("access-control-allow-origin", "*")
            .body(AnswerBody::Whole(Some(Bytes::from(body.to_string()))))
            .unwrap_or_else(|_| Response::new(empty())),
    )
}

/// Processes a request: the operation's answer or error.
async fn process(shared: &Arc<Shared>, op: Option<Operation>, json: Option<Value>, cors: bool) -> Answer {
    let Some(op) = op else {
        return error_response(&ApiError::new(ErrorCode::UnknownOperation, ""), cors);
    };
    let Some(json) = json else {
        return error_response(
            &ApiError::new(ErrorCode::Serialization, "Start of structure or map found where not expected."),
            cors,
        );
    };
    // SRP arithmetic is CPU work: keep it off the I/O threads.
    let worker = Arc::clone(shared);
    let result = tokio::task::spawn_blocking(move || crate::ops::dispatch(&worker, &op, &json)).await;
    match result.unwrap_or_else(|_| Err(ApiError::internal("An internal error occurred"))) {
        Ok(body) => respond(200, &body, None, cors),
        Err(err) => {
            tracing::debug!(code = err.code.as_str(), "request refused");
            error_response(&err, cors)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn local() -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], 9229))
    }

    #[test]
    fn only_loopback_names_and_the_bound_address_are_accepted_as_host() {
        let net = NetSettings::default();
        for host in [
            "localhost",
            "LOCALHOST:9229",
            "localhost.:1",
            "127.0.0.1",
            "127.0.0.1:9229",
            "127.8.9.10:80",
            "[::1]",
            "[::1]:9229",
        ] {
            assert!(host_allowed(host, &net, local()), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:9229",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.1:9229",
            "[::2]:9229",
            "[::1]x",
            "localhost:",
            "localhost:92a",
            "localhost:123456",
            "::1",
            "",
        ] {
            assert!(!host_allowed(host, &net, local()), "{host}");
        }
        let bound = SocketAddr::from(([192, 168, 1, 5], 9229));
        assert!(host_allowed("192.168.1.5:9229", &net, bound));
        let mut extra = NetSettings::default();
        extra.extra_hosts.insert("emulator.test".into());
        assert!(host_allowed("Emulator.Test:9229", &extra, local()));
        assert!(!host_allowed("emulator.test", &net, local()));
    }

    #[test]
    fn admin_operations_are_not_for_browsers_unless_allowed() {
        let net = NetSettings::default();
        for op in [
            Operation::InitiateAuth,
            Operation::RespondToAuthChallenge,
            Operation::ConfirmDevice,
            Operation::GetUser,
            Operation::RevokeToken,
            Operation::SignUp,
        ] {
            assert!(browser_may_call(Some(&op), &net), "{op}");
        }
        for op in [
            Operation::DescribeUserPoolClient,
            Operation::AdminSetUserPassword,
            Operation::ListUsers,
            Operation::CreateUserPool,
            Operation::parse("Nope"),
        ] {
            assert!(!browser_may_call(Some(&op), &net), "{op}");
        }
        assert!(browser_may_call(None, &net));
        let open = NetSettings { allow_browser_admin: true, ..NetSettings::default() };
        assert!(browser_may_call(Some(&Operation::DescribeUserPoolClient), &open));
    }

    #[test]
    fn seen_sessions_are_recognised_and_forgotten_after_they_expire_or_past_the_cap() {
        let mut seen = SeenSessions::default();
        assert!(!seen.record("a", 100));
        assert!(!seen.record("b", 100));
        assert!(seen.record("a", 101));
        // Expired entries are purged on the next record.
        assert!(!seen.record("c", 100 + MAX_SESSION_SECONDS));
        assert_eq!(seen.len(), 1);
        assert!(!seen.record("a", 100 + MAX_SESSION_SECONDS));
        // Never more than the cap.
        for i in 0..SEEN_SESSIONS_CAP + 10 {
            seen.record(&i.to_string(), 1000);
        }
        assert!(seen.len() <= SEEN_SESSIONS_CAP, "{}", seen.len());
        assert!(seen.record(&(SEEN_SESSIONS_CAP + 9).to_string(), 1000));
    }
}
