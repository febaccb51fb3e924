//! Tokens: the claims of access and ID tokens, refresh tokens (expiry, rotation) and
//! `GetTokensFromRefreshToken`.

use cognito_srp_proto::vocab::{TOKEN_TYPE_BEARER, attribute, member};
use cognito_srp_proto::wire::{GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse};
use cognito_srp_proto::{AuthenticationResult, ErrorCode, NewDeviceMetadata, SecretString};
use serde_json::{Map, Value, json};
use std::cell::RefCell;

use super::{Req, Res, answer, new_device};
use crate::attributes;
use crate::error::ApiError;
use crate::state::{Pool, RefreshRecord, Shared, State, User};
use crate::util;

/// The `scope` of access tokens from the user-pool API (not the hosted UI's OAuth scopes).
const SIGNIN_SCOPE: &str = "aws.cognito.signin.user.admin";
/// The version claim of Cognito's access tokens.
const ACCESS_TOKEN_VERSION: u64 = 2;

/// Whom tokens are issued to.
pub(crate) struct TokenSession<'a> {
    pub(crate) pool_id: &'a str,
    pub(crate) client_id: &'a str,
    pub(crate) username: &'a str,
    pub(crate) device_key: Option<&'a str>,
    /// Shared by every token issued from one refresh token.
    pub(crate) origin_jti: &'a str,
    /// When the user signed in (kept across refreshes).
    pub(crate) auth_time: u64,
}

/// The user's groups for `cognito:groups` (by precedence, then name), as both tokens carry
/// them; `None` for a user in no group (Cognito leaves the claim out).
fn groups(pool: &Pool, user: &User) -> Option<Vec<String>> {
    Some(pool.groups_of(&user.username)).filter(|g| !g.is_empty())
}

/// An attribute's claim value: `*_verified` as JSON booleans, the rest as strings (as Cognito).
fn claim_value(name: &str, value: &str) -> Value {
    if name == attribute::EMAIL_VERIFIED || name == attribute::PHONE_NUMBER_VERIFIED {
        Value::Bool(value == "true")
    } else {
        Value::String(value.to_owned())
    }
}

/// AccessToken, IdToken, ExpiresIn (the access token's lifetime), TokenType.
pub(crate) fn tokens(
    state: &State,
    shared: &Shared,
    now: u64,
    session: &TokenSession<'_>,
) -> Result<AuthenticationResult, ApiError> {
    let TokenSession { pool_id, client_id, username, device_key, origin_jti, auth_time } = *session;
    let pool = state.pool(pool_id)?;
    let user = pool.user(username)?;
    let client = state.client(client_id)?;
    let access_seconds = client.validity.access_seconds(pool.token_validity);
    let id_seconds = client.validity.id_seconds(pool.token_validity);
    let iss = shared.issuer(pool);
    let event_id = util::uuid()?;
    let mut access = json!({
        (attribute::SUB): user.sub, "iss": iss, "client_id": client_id, "origin_jti": origin_jti,
        "event_id": event_id, "token_use": "access", "scope": SIGNIN_SCOPE, "auth_time": auth_time,
        "exp": now + access_seconds, "iat": now, "jti": util::uuid()?, "username": user.username,
        "version": ACCESS_TOKEN_VERSION,
    });
    if let Some(key) = device_key {
        super::set(&mut access, "device_key", Value::String(key.to_owned()));
    }
    // The user's attributes first (schema names only, never a reserved claim), then the
    // service's claims over them: an attribute can never stand in for a claim.
    let mut id: Map<String, Value> = user
        .attributes
        .iter()
        .filter(|(k, _)| attributes::is_claimable(k))
        .map(|(k, v)| (k.clone(), claim_value(k, v)))
        .collect();
    let service = json!({
        (attribute::SUB): user.sub, "iss": iss, "aud": client_id, "cognito:username": user.username,
        "origin_jti": origin_jti, "event_id": event_id, "token_use": "id", "auth_time": auth_time,
        "exp": now + id_seconds, "iat": now, "jti": util::uuid()?,
    });
    if let Value::Object(service) = service {
        id.extend(service);
    }
    if let Some(groups) = groups(pool, user) {
        id.insert("cognito:groups".into(), json!(groups));
        super::set(&mut access, "cognito:groups", json!(groups));
    }
    let mut result = AuthenticationResult::default();
    result.access_token = SecretString::new(sign_or_defer(shared, access)?);
    result.id_token = SecretString::new(sign_or_defer(shared, Value::Object(id))?);
    result.expires_in = access_seconds;
    TOKEN_TYPE_BEARER.clone_into(&mut result.token_type);
    Ok(result)
}

thread_local! {
    /// Inside [`with_deferred_signing`]: the claims of the tokens to sign once the operation
    /// is over, each with the placeholder that stands for its token until then.
    static DEFERRED: RefCell<Option<Vec<(String, Value)>>> = const { RefCell::new(None) };
}

/// Marks the start of a placeholder (never the start of a JWT, which is base64url).
const PLACEHOLDER_PREFIX: &str = "unsigned-token:";

/// The RS256 JWT over `claims`; inside [`with_deferred_signing`], a one-time placeholder
/// instead, signed when the operation is over (after its state lock is released).
fn sign_or_defer(shared: &Shared, claims: Value) -> Result<String, ApiError> {
    let placeholder = DEFERRED.with_borrow_mut(|deferred| {
        let pending = deferred.as_mut()?;
        // Unguessable: a request can never name a placeholder of its own.
        let placeholder = util::random_b64(24).map(|nonce| format!("{PLACEHOLDER_PREFIX}{nonce}"));
        if let Ok(placeholder) = &placeholder {
            pending.push((placeholder.clone(), claims.clone()));
        }
        Some(placeholder)
    });
    match placeholder {
        Some(placeholder) => placeholder,
        None => {
            #[cfg(test)]
            shared.probe_sign_lock();
            shared.keys.sign(&claims)
        }
    }
}

/// Puts back the deferred claims of the enclosing operation (none, except when a test runs
/// an operation inside another) when this one ends, also if it panics.
struct DeferScope {
    outer: Option<Vec<(String, Value)>>,
}

impl Drop for DeferScope {
    fn drop(&mut self) {
        let outer = self.outer.take();
        DEFERRED.with_borrow_mut(|deferred| *deferred = outer);
    }
}

/// Runs `operation` with its tokens' RS256 signatures (two 2048-bit RSA private-key
/// operations per sign-in, the most costly arithmetic of one) deferred until it has returned:
/// every state lock it took is released by then, so concurrent requests do not wait for them.
/// The placeholders are replaced only where tokens go (`AuthenticationResult`'s `AccessToken`
/// and `IdToken`); the claims were fixed under the lock, so the tokens are the same as if they
/// had been signed there.
pub(crate) fn with_deferred_signing(shared: &Shared, operation: impl FnOnce() -> Res) -> Res {
    let scope = DeferScope { outer: DEFERRED.with_borrow_mut(|deferred| deferred.replace(Vec::new())) };
    let outcome = operation();
    let pending = DEFERRED.with_borrow_mut(Option::take).unwrap_or_default();
    drop(scope);
    let mut value = outcome?;
    if pending.is_empty() {
        return Ok(value);
    }
    if let Some(result) = value.get_mut(member::AUTHENTICATION_RESULT).and_then(Value::as_object_mut) {
        for name in [member::ACCESS_TOKEN, member::ID_TOKEN] {
            if let Some(Value::String(token)) = result.get_mut(name)
                && let Some((_, claims)) = pending.iter().find(|(placeholder, _)| placeholder == token)
            {
                #[cfg(test)]
                shared.probe_sign_lock();
                *token = shared.keys.sign(claims)?;
            }
        }
    }
    Ok(value)
}

/// A new opaque refresh token.
fn new_refresh_token() -> Result<String, ApiError> {
    Ok(util::random_b64(128)?.replace(['+', '/'], "_"))
}

/// Issues tokens for `session` and stores a new refresh token for them (a sign-in, or a
/// rotation): the result carries the refresh token.
pub(crate) fn issue_with_refresh(
    state: &mut State,
    shared: &Shared,
    now: u64,
    session: &TokenSession<'_>,
) -> Result<AuthenticationResult, ApiError> {
    let mut result = tokens(state, shared, now, session)?;
    let client = state.client(session.client_id)?;
    let expires = now.saturating_add(client.validity.refresh_seconds());
    let refresh = new_refresh_token()?;
    let record = RefreshRecord {
        pool_id: session.pool_id.to_owned(),
        client_id: session.client_id.to_owned(),
        username: session.username.to_owned(),
        device_key: session.device_key.map(str::to_owned),
        revoked: false,
        origin_jti: session.origin_jti.to_owned(),
        auth_time: session.auth_time,
        expires,
        rotated_until: None,
        tokens_until: now.saturating_add(token_lifetime(state, session)?),
    };
    state.store_refresh(refresh.clone(), record, now);
    result.refresh_token = Some(SecretString::new(refresh));
    Ok(result)
}

/// The longer of the access and ID token lifetimes of `session`'s client.
fn token_lifetime(state: &State, session: &TokenSession<'_>) -> Result<u64, ApiError> {
    let pool = state.pool(session.pool_id)?;
    let validity = &state.client(session.client_id)?.validity;
    Ok(validity.access_seconds(pool.token_validity).max(validity.id_seconds(pool.token_validity)))
}

/// What a usable refresh token stands for.
pub(crate) struct Refreshing {
    pub(crate) pool_id: String,
    pub(crate) username: String,
    pub(crate) device_key: Option<String>,
    pub(crate) origin_jti: String,
    pub(crate) auth_time: u64,
}

/// Checks a refresh token presented to `client_id` at `now`: Cognito's errors for an unknown,
/// revoked, expired or rotated-out token, and a disabled or deleted user.
pub(crate) fn check_refresh(
    state: &State,
    client_id: &str,
    token: &str,
    now: u64,
) -> Result<Refreshing, ApiError> {
    let invalid = || ApiError::not_authorized("Invalid Refresh Token");
    let record = state.refresh_tokens.get(token).ok_or_else(invalid)?;
    if record.client_id != client_id {
        return Err(invalid());
    }
    // Cognito answers "Refresh Token has been revoked" here; the emulator keeps its earlier
    // "Invalid Refresh Token" (clients and tests match it) until that is changed everywhere.
    if record.revoked {
        return Err(invalid());
    }
    if record.expires <= now {
        return Err(ApiError::not_authorized("Refresh Token has expired"));
    }
    if record.rotated_until.is_some_and(|until| until <= now) {
        return Err(ApiError::new(
            ErrorCode::RefreshTokenReuse,
            "Refresh token has been rotated and is no longer valid",
        ));
    }
    let user = state.pool(&record.pool_id)?.user(&record.username).map_err(|_| invalid())?;
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    Ok(Refreshing {
        pool_id: record.pool_id.clone(),
        username: record.username.clone(),
        device_key: record.device_key.clone(),
        origin_jti: record.origin_jti.clone(),
        auth_time: record.auth_time,
    })
}

/// Notes that tokens were issued from a refresh token until `until` (a revocation of it is
/// remembered that long).
pub(crate) fn note_issued(state: &mut State, token: &str, until: u64) {
    if let Some(record) = state.refresh_tokens.get_mut(token) {
        record.tokens_until = record.tokens_until.max(until);
    }
}

/// `GetTokensFromRefreshToken`: new access and ID tokens; on a client with refresh token
/// rotation also a new refresh token, the given one working for the grace period only.
pub(crate) fn get_tokens_from_refresh_token(shared: &Shared, req: Req<'_>) -> Res {
    let request: GetTokensFromRefreshTokenRequest = req.typed(&[member::REFRESH_TOKEN, member::CLIENT_ID])?;
    let (token, client_id) = (request.refresh_token.expose_secret(), request.client_id.as_str());
    let given_secret =
        request.client_secret.as_ref().map(SecretString::expose_secret).filter(|s| !s.is_empty());
    let now = shared.now();
    let mut state = shared.lock();
    let client = state.client(client_id)?;
    // As RevokeToken: a client with a secret needs it (compared in constant time).
    if let Some(secret) = &client.secret
        && !given_secret.is_some_and(|given| util::ct_eq(given, secret))
    {
        return Err(ApiError::not_authorized(format!("Unable to verify secret hash for client {client_id}")));
    }
    let rotation = client.validity.rotation;
    let refreshing = check_refresh(&state, client_id, token, now)?;
    let pool = state.pool(&refreshing.pool_id)?;
    let tracking = pool.device_tracking.is_some();
    // The device: the one the refresh token was issued to, given back as DeviceKey. Without
    // a DeviceKey on a pool that tracks devices Cognito issues a new device, as at a sign-in.
    let mut new_device_metadata = None;
    let device_key = match request.device_key.as_deref().filter(|k| !k.is_empty()) {
        Some(key) => {
            let device = pool
                .devices
                .get(key)
                .ok_or_else(|| ApiError::new(ErrorCode::ResourceNotFound, "Device does not exist."))?;
            if device.username != refreshing.username
                || refreshing.device_key.as_deref().is_some_and(|k| k != key)
            {
                return Err(ApiError::not_authorized("Invalid Refresh Token"));
            }
            Some(key.to_owned())
        }
        None if tracking => {
            let (key, group) = new_device(&mut state, &refreshing.pool_id, &refreshing.username, now)?;
            new_device_metadata = Some(NewDeviceMetadata::new(key.clone(), group));
            Some(key)
        }
        None => None,
    };
    if let Some(d) =
        device_key.as_ref().and_then(|key| state.pools.get_mut(&refreshing.pool_id)?.devices.get_mut(key))
    {
        d.last_authenticated = now;
    }
    let mut result = match rotation {
        Some(grace) => {
            // A new refresh token (its own origin_jti), the old one good for the grace period.
            let origin_jti = util::uuid()?;
            let session = TokenSession {
                pool_id: &refreshing.pool_id,
                client_id,
                username: &refreshing.username,
                device_key: device_key.as_deref(),
                origin_jti: &origin_jti,
                auth_time: refreshing.auth_time,
            };
            let result = issue_with_refresh(&mut state, shared, now, &session)?;
            if let Some(old) = state.refresh_tokens.get_mut(token) {
                let until = now.saturating_add(grace);
                old.rotated_until = Some(old.rotated_until.map_or(until, |u| u.min(until)));
            }
            result
        }
        None => {
            let session = TokenSession {
                pool_id: &refreshing.pool_id,
                client_id,
                username: &refreshing.username,
                device_key: device_key.as_deref(),
                origin_jti: &refreshing.origin_jti,
                auth_time: refreshing.auth_time,
            };
            let result = tokens(&state, shared, now, &session)?;
            let until = now.saturating_add(token_lifetime(&state, &session)?);
            note_issued(&mut state, token, until);
            // A device issued now is the refresh token's from here on.
            if let (Some(record), Some(_)) = (state.refresh_tokens.get_mut(token), &new_device_metadata) {
                record.device_key.clone_from(&device_key);
            }
            result
        }
    };
    result.new_device_metadata = new_device_metadata;
    answer(&GetTokensFromRefreshTokenResponse::new(result))
}
