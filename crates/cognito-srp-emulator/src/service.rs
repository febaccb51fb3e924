//! The HTTP side: hyper on 127.0.0.1, Cognito's JSON protocol, and fault injection.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::state::Shared;

/// Largest request body accepted.
const MAX_BODY: usize = 1 << 20;
const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// Returned to hyper to close the connection without an answer (an injected fault).
#[derive(Debug)]
pub(crate) struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for DropConnection {}

enum Fault {
    None,
    Internal,
    Throttle,
    Drop,
}

/// Draws this request's fault (SplitMix64 over the configured seed: reproducible).
fn draw_fault(shared: &Shared) -> (Fault, std::time::Duration) {
    let mut guard = shared.faults.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let (config, counter) = &mut *guard;
    *counter = counter.wrapping_add(1);
    let mut z = config.seed.wrapping_add(counter.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    #[allow(clippy::cast_precision_loss)]
    let x = (z >> 11) as f64 / (1u64 << 53) as f64;
    let fault = if x < config.drop_connection {
        Fault::Drop
    } else if x < config.drop_connection + config.internal_error {
        Fault::Internal
    } else if x < config.drop_connection + config.internal_error + config.throttle {
        Fault::Throttle
    } else {
        Fault::None
    };
    (fault, config.latency)
}

/// Browser apps (amazon-cognito-identity-js, Amplify) call Cognito cross-origin: allow any
/// origin, as Cognito does for its public operations.
const ALLOW_HEADERS: &str = "content-type, x-amz-target, x-amz-user-agent, x-amz-date, authorization, cache-control, amz-sdk-invocation-id, amz-sdk-request";

fn preflight() -> Response<Full<Bytes>> {
    Response::builder()
        .status(StatusCode::OK)
        .header("access-control-allow-origin", "*")
        .header("access-control-allow-methods", "POST, OPTIONS")
        .header("access-control-allow-headers", ALLOW_HEADERS)
        .header("access-control-max-age", "86400")
        .body(Full::new(Bytes::new()))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn respond(status: u16, body: &Value, error_type: Option<&str>) -> Response<Full<Bytes>> {
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("content-type", "application/x-amz-json-1.1")
        .header("access-control-allow-origin", "*")
        .header("access-control-expose-headers", "x-amzn-requestid, x-amzn-errortype")
        .header("x-amzn-requestid", crate::util::uuid().unwrap_or_default());
    if let Some(t) = error_type {
        builder = builder.header("x-amzn-errortype", t);
    }
    builder
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn error_response(err: &ApiError) -> Response<Full<Bytes>> {
    respond(err.status, &json!({ "__type": err.kind, "message": err.message }), Some(err.kind))
}

/// One request.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, DropConnection> {
    if req.method() == hyper::Method::OPTIONS {
        return Ok(preflight());
    }
    {
        let mut c = shared.counters.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        c.requests += 1;
    }
    let (fault, latency) = draw_fault(&shared);
    if !latency.is_zero() {
        shared.counters.lock().unwrap_or_else(std::sync::PoisonError::into_inner).delayed += 1;
        tokio::time::sleep(latency).await;
    }
    let target = req.headers().get("x-amz-target").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(error_response(&ApiError::new(
                "SerializationException",
                "Request body is too large or broken",
            )));
        }
    };
    match fault {
        Fault::Drop => {
            shared.counters.lock().unwrap_or_else(std::sync::PoisonError::into_inner).dropped += 1;
            return Err(DropConnection);
        }
        Fault::Internal => {
            shared.counters.lock().unwrap_or_else(std::sync::PoisonError::into_inner).internal_errors += 1;
            return Ok(error_response(&ApiError::internal("Internal server error (injected)")));
        }
        Fault::Throttle => {
            shared.counters.lock().unwrap_or_else(std::sync::PoisonError::into_inner).throttled += 1;
            return Ok(error_response(&ApiError::new("TooManyRequestsException", "Rate exceeded")));
        }
        Fault::None => {}
    }
    let Some(op) = target.as_deref().and_then(|t| t.strip_prefix(TARGET_PREFIX)).filter(|op| !op.is_empty())
    else {
        return Ok(error_response(&ApiError::new("UnknownOperationException", "")));
    };
    let op = op.to_owned();
    let json: Value = match serde_json::from_slice(&body) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) | Err(_) => {
            return Ok(error_response(&ApiError::new(
                "SerializationException",
                "Start of structure or map found where not expected.",
            )));
        }
    };
    // SRP arithmetic is CPU work: keep it off the I/O threads.
    let worker = Arc::clone(&shared);
    let result = tokio::task::spawn_blocking(move || crate::ops::dispatch(&worker, &op, &json)).await;
    let result = result.unwrap_or_else(|_| Err(ApiError::internal("An internal error occurred")));
    Ok(match result {
        Ok(body) => respond(200, &body, None),
        Err(err) => {
            tracing::debug!(kind = err.kind, "request refused");
            error_response(&err)
        }
    })
}
