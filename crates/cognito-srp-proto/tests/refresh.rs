//! Transition tests of the refresh machine: `GetTokensFromRefreshToken` with and without
//! rotation, `REFRESH_TOKEN_AUTH`, and `Auto`'s fallback (on an unknown operation only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use cognito_srp_proto::{
    AppClient, Call, Error, ErrorCode, Operation, Parameters, ProtocolError, Refresh, RefreshFailure,
    RefreshMethod, Request, Resend, SecretString, ServiceError, UserContextData,
};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Refresh1";
const CLIENT: &str = "refresh-app";
const SECRET: &str = "refresh-client-secret";
const SUB: &str = "3f0c1d9e-7d4c-4a8e-9d2c-0b8f0f5e1a11";
const DEVICE: &str = "us-east-1_6a7c1c2e-0000-4000-8000-000000000001";
const OLD: &str = "old-refresh-token";

fn client() -> AppClient {
    AppClient::new(POOL, CLIENT).unwrap()
}

fn body(call: &Call) -> Value {
    serde_json::from_slice(&call.request.to_json().unwrap()).unwrap()
}

fn answer(refresh_token: Option<&str>) -> Vec<u8> {
    let mut result =
        json!({"AccessToken": "new.access", "IdToken": "new.id", "ExpiresIn": 3600, "TokenType": "Bearer"});
    if let Some(token) = refresh_token {
        result["RefreshToken"] = json!(token);
    }
    json!({"AuthenticationResult": result}).to_string().into_bytes()
}

fn refresh_token(tokens: &cognito_srp_proto::Tokens) -> &str {
    tokens.refresh_token.as_ref().map(SecretString::expose_secret).unwrap()
}

#[test]
fn get_tokens_sends_client_secret_device_key_and_metadata_and_keeps_a_rotated_token() {
    let metadata = Parameters::new().with("app_version", "1.2");
    let mut refresh = Refresh::new(client().with_secret(SECRET), OLD, SUB, Some(DEVICE.into()))
        .client_metadata(metadata)
        .user_context_data(UserContextData::new().ip_address("192.0.2.7"));
    let call = refresh.start();
    assert_eq!(call.request.operation(), Operation::GetTokensFromRefreshToken);
    assert_eq!(call.request.resend(), Resend::Idempotent, "a resend never does worse than giving up");
    assert!(matches!(call.request, Request::GetTokensFromRefreshToken(_)));
    assert_eq!(
        body(&call),
        json!({
            "RefreshToken": OLD, "ClientId": CLIENT, "ClientSecret": SECRET, "DeviceKey": DEVICE,
            "ClientMetadata": {"app_version": "1.2"},
        }),
        "no SECRET_HASH and no UserContextData: GetTokensFromRefreshToken has neither"
    );
    let shown = format!("{call:?} {refresh:?}");
    assert!(!shown.contains(OLD) && !shown.contains(SECRET), "{shown}");
    assert_eq!(refresh.method_used(), Some(RefreshMethod::GetTokens));

    let tokens = refresh.on_reply(&answer(Some("rotated-refresh-token"))).unwrap();
    assert_eq!(refresh_token(&tokens), "rotated-refresh-token");
    assert_eq!(tokens.access_token.expose_secret(), "new.access");
    // The call was answered: another answer has nothing to go to.
    assert!(matches!(refresh.on_reply(&answer(None)), Err(Error::InvalidState(_))));
}

#[test]
fn get_tokens_without_rotation_keeps_the_old_token() {
    let mut refresh = Refresh::new(client(), OLD, SUB, None).method(RefreshMethod::GetTokens);
    let call = refresh.start();
    assert_eq!(body(&call), json!({"RefreshToken": OLD, "ClientId": CLIENT}));
    let tokens = refresh.on_reply(&answer(None)).unwrap();
    assert_eq!(refresh_token(&tokens), OLD);
    // An empty RefreshToken is no rotation either.
    refresh.start();
    assert_eq!(refresh_token(&refresh.on_reply(&answer(Some(""))).unwrap()), OLD);
}

#[test]
fn refresh_token_auth_sends_secret_hash_device_key_metadata_and_context() {
    let context = UserContextData::new().encoded_data("fingerprint");
    let mut refresh = Refresh::new(client().with_secret(SECRET), OLD, SUB, Some(DEVICE.into()))
        .method(RefreshMethod::RefreshTokenAuth)
        .client_metadata(Parameters::new().with("k", "v"))
        .user_context_data(context);
    let call = refresh.start();
    assert_eq!(call.request.operation(), Operation::InitiateAuth);
    let sent = body(&call);
    assert_eq!(sent["AuthFlow"], "REFRESH_TOKEN_AUTH");
    assert_eq!(sent["AuthParameters"]["REFRESH_TOKEN"], OLD);
    assert_eq!(sent["AuthParameters"]["DEVICE_KEY"], DEVICE);
    assert_eq!(sent["AuthParameters"]["SECRET_HASH"], client().with_secret(SECRET).secret_hash(SUB).unwrap());
    assert_eq!(sent["ClientMetadata"], json!({"k": "v"}));
    assert_eq!(sent["UserContextData"], json!({"EncodedData": "fingerprint"}));
    assert_eq!(refresh.method_used(), Some(RefreshMethod::RefreshTokenAuth));
    let tokens = refresh.on_reply(&answer(None)).unwrap();
    assert_eq!(refresh_token(&tokens), OLD);
    // A challenge instead of tokens is not a refresh.
    refresh.start();
    let err = refresh.on_reply(br#"{"ChallengeName":"SMS_MFA","Session":"s"}"#).unwrap_err();
    assert!(matches!(err, Error::Protocol(ProtocolError::MissingField("AuthenticationResult"))), "{err:?}");
    // And neither method falls back.
    refresh.start();
    let unknown = ServiceError::new(ErrorCode::UnknownOperation, "", 400);
    assert!(refresh.on_failure(RefreshFailure::Service(&unknown)).is_none());
}

#[test]
fn auto_falls_back_to_refresh_token_auth_when_the_operation_is_unknown() {
    let unknown = ServiceError::new(ErrorCode::UnknownOperation, "", 400);
    let not_enabled = ServiceError::new(ErrorCode::OperationNotEnabled, "not in this region", 400);
    let not_implemented = ServiceError::new(ErrorCode::Unknown("InternalFailure".into()), "", 501);
    let failures = [
        RefreshFailure::Service(&unknown),
        RefreshFailure::Service(&not_enabled),
        RefreshFailure::Service(&not_implemented),
        // moto 5.2.5: an HTML 500 page for an operation it does not implement.
        RefreshFailure::Untyped { status: 500 },
    ];
    for failure in failures {
        let mut refresh = Refresh::new(client().with_secret(SECRET), OLD, SUB, Some(DEVICE.into()))
            .user_context_data(UserContextData::new().ip_address("192.0.2.7"));
        assert_eq!(RefreshMethod::default(), RefreshMethod::Auto);
        assert_eq!(refresh.start().request.operation(), Operation::GetTokensFromRefreshToken);
        let fallback = refresh.on_failure(failure).unwrap_or_else(|| panic!("no fallback after {failure:?}"));
        let sent = body(&fallback);
        assert_eq!(sent["AuthFlow"], "REFRESH_TOKEN_AUTH");
        assert_eq!(sent["AuthParameters"]["DEVICE_KEY"], DEVICE);
        assert_eq!(sent["UserContextData"], json!({"IpAddress": "192.0.2.7"}));
        assert_eq!(refresh.method_used(), Some(RefreshMethod::RefreshTokenAuth));
        // Once: the fallback's own failure is reported.
        assert!(refresh.on_failure(failure).is_none());
        // The fallback's answer is read as InitiateAuth's.
        let mut again = Refresh::new(client(), OLD, SUB, None);
        again.start();
        let fallback = again.on_failure(failure).unwrap();
        assert!(matches!(fallback.request, Request::InitiateAuth(_)));
        assert_eq!(refresh_token(&again.on_reply(&answer(None)).unwrap()), OLD);
    }
}

#[test]
fn auto_does_not_fall_back_on_auth_errors_throttling_or_lost_answers() {
    let refused = ServiceError::new(ErrorCode::NotAuthorized, "Invalid Refresh Token", 400);
    let reused = ServiceError::new(ErrorCode::RefreshTokenReuse, "", 400);
    let throttled = ServiceError::new(ErrorCode::TooManyRequests, "", 400);
    let internal = ServiceError::new(ErrorCode::InternalError, "", 500);
    let gone = ServiceError::new(ErrorCode::ResourceNotFound, "Device does not exist.", 400);
    let failures = [
        RefreshFailure::Service(&refused),
        RefreshFailure::Service(&reused),
        RefreshFailure::Service(&throttled),
        RefreshFailure::Service(&internal),
        RefreshFailure::Service(&gone),
        RefreshFailure::Untyped { status: 502 },
        RefreshFailure::Untyped { status: 403 },
        RefreshFailure::Other,
    ];
    for failure in failures {
        let mut refresh = Refresh::new(client(), OLD, SUB, None);
        refresh.start();
        assert!(refresh.on_failure(failure).is_none(), "fell back after {failure:?}");
        assert_eq!(refresh.method_used(), Some(RefreshMethod::GetTokens));
        // GetTokens alone never falls back either.
        let mut only = Refresh::new(client(), OLD, SUB, None).method(RefreshMethod::GetTokens);
        only.start();
        assert!(only.on_failure(failure).is_none());
    }
    let mut explicit = Refresh::new(client(), OLD, SUB, None).method(RefreshMethod::GetTokens);
    explicit.start();
    let unknown = ServiceError::new(ErrorCode::UnknownOperation, "", 400);
    assert!(explicit.on_failure(RefreshFailure::Service(&unknown)).is_none());
}

#[test]
fn an_answer_before_any_call_is_refused() {
    let mut refresh = Refresh::new(client(), OLD, SUB, None);
    assert_eq!(refresh.method_used(), None);
    assert!(matches!(refresh.on_reply(&answer(None)), Err(Error::InvalidState(_))));
    assert!(refresh.on_failure(RefreshFailure::Untyped { status: 500 }).is_none());
    // A garbage answer is a protocol error, not a panic.
    refresh.start();
    assert!(matches!(refresh.on_reply(b"<html>"), Err(Error::Protocol(ProtocolError::InvalidBody { .. }))));
}
