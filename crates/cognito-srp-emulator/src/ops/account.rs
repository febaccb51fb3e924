//! Account operations: sign-up and its confirmation, password reset, attribute changes and
//! verification, deleting attributes or the account, and the administrator's counterparts.
//!
//! Every code goes through the outbox and is kept on the user until it is used: six digits,
//! one per purpose (a new code replaces the old), single use, expiring as on Cognito (sign-up
//! and attribute codes after 24 hours, password-reset codes after one hour), and after
//! [`MAX_CODE_FAILURES`] wrong codes only a new code helps; at most [`MAX_CODE_SENDS`] codes
//! of a purpose are sent an hour.

use std::collections::BTreeMap;

use cognito_srp_core::server::salt_hex;
use cognito_srp_proto::account::{
    ClientUserRequest, CodeDeliveryDetails, CodeDeliveryResponse, ConfirmForgotPasswordRequest,
    ConfirmSignUpRequest, ConfirmSignUpResponse, DeleteUserAttributesRequest, DeleteUserRequest,
    GetUserAttributeVerificationCodeRequest, SignUpRequest, SignUpResponse, UpdateUserAttributesRequest,
    UpdateUserAttributesResponse, VerifyUserAttributeRequest,
};
use cognito_srp_proto::admin::{AdminDeleteUserAttributesRequest, AdminUpdateUserAttributesRequest};
use cognito_srp_proto::vocab::{DeliveryMedium, attribute, member};
use cognito_srp_proto::{AttributeType, AuthFlow, ErrorCode, Parameters, SecretString, param};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::{Params, Req, Res, access_claims, answer, authorize, check_secret_hash, empty, srp_math};
use crate::attributes::{self, Writer};
use crate::error::ApiError;
use crate::outbox::{CodePurpose, Message};
use crate::state::Session;
use crate::state::{Flow, MAX_USERS_PER_POOL, Pending, PendingCode, Pool, Shared, State, User, UserStatus};
use crate::util;

/// Seconds a sign-up confirmation code is accepted (Cognito: 24 hours).
pub(crate) const SIGN_UP_CODE_SECONDS: u64 = 24 * 3600;
/// Seconds a password-reset code is accepted (Cognito: one hour).
pub(crate) const RESET_CODE_SECONDS: u64 = 3600;
/// Seconds an attribute-verification code is accepted (Cognito: 24 hours).
pub(crate) const ATTRIBUTE_CODE_SECONDS: u64 = 24 * 3600;
/// Wrong codes accepted before a code stops working (`LimitExceededException` until a new
/// code is sent).
pub(crate) const MAX_CODE_FAILURES: u32 = 5;
/// Codes of one purpose a user may be sent in [`SEND_WINDOW_SECONDS`]; more get
/// `LimitExceededException` (so at most 25 guesses an hour at a code).
pub(crate) const MAX_CODE_SENDS: u32 = 5;
/// The window of [`MAX_CODE_SENDS`].
pub(crate) const SEND_WINDOW_SECONDS: u64 = 3600;

fn code_mismatch() -> ApiError {
    ApiError::new(ErrorCode::CodeMismatch, "Invalid verification code provided, please try again.")
}

fn code_expired() -> ApiError {
    ApiError::new(ErrorCode::ExpiredCode, "Invalid code provided, please request a code again.")
}

fn attempts_exceeded() -> ApiError {
    ApiError::new(ErrorCode::LimitExceeded, "Attempt limit exceeded, please try after some time.")
}

fn no_recovery_destination() -> ApiError {
    ApiError::invalid_parameter(
        "Cannot reset password for the user as there is no registered/verified email or phone_number",
    )
}

fn alias_exists(attr: &str) -> ApiError {
    ApiError::new(ErrorCode::AliasExists, format!("An account with the given {attr} already exists."))
}

/// The `*_verified` flag of a verifiable attribute.
fn verified_flag(attr: &str) -> Option<&'static str> {
    match attr {
        attribute::EMAIL => Some(attribute::EMAIL_VERIFIED),
        attribute::PHONE_NUMBER => Some(attribute::PHONE_NUMBER_VERIFIED),
        _ => None,
    }
}

fn medium_for(attr: &str) -> DeliveryMedium {
    if attr == attribute::PHONE_NUMBER { DeliveryMedium::Sms } else { DeliveryMedium::Email }
}

/// A destination as Cognito shows it: `a***@e***` for an email, `+*******0100` for a phone.
pub(crate) fn mask(medium: &DeliveryMedium, destination: &str) -> String {
    if *medium == DeliveryMedium::Email {
        let (local, domain) = destination.split_once('@').unwrap_or((destination, ""));
        let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
        format!("{}***@{}***", first(local), first(domain))
    } else {
        let n = destination.chars().count();
        destination.chars().enumerate().map(|(i, c)| if i > 0 && i + 4 < n { '*' } else { c }).collect()
    }
}

/// Sends a code for `purpose` to the user's `attr`: it replaces the user's previous code for
/// the same purpose and lands in the outbox.
fn send_code(
    state: &mut State,
    pool_id: &str,
    username: &str,
    purpose: CodePurpose,
    attr: &str,
    now: u64,
    lifetime: u64,
) -> Result<CodeDeliveryDetails, ApiError> {
    let code = util::six_digits()?;
    let user = state.pool_mut(pool_id)?.user_mut(username)?;
    // At most MAX_CODE_SENDS codes of a purpose an hour: new codes do not buy more guesses.
    let (window_start, sends) = match user.codes.iter().find(|c| c.purpose == purpose) {
        Some(p) if now < p.window_start.saturating_add(SEND_WINDOW_SECONDS) => (p.window_start, p.sends + 1),
        _ => (now, 1),
    };
    if sends > MAX_CODE_SENDS {
        return Err(attempts_exceeded());
    }
    let destination =
        user.attributes.get(attr).cloned().ok_or_else(|| {
            ApiError::invalid_parameter(format!("The user has no {attr} to send a code to."))
        })?;
    let medium = medium_for(attr);
    let expires = now.saturating_add(lifetime);
    user.codes.retain(|c| c.purpose != purpose);
    user.codes.push(PendingCode {
        purpose: purpose.clone(),
        code: code.clone(),
        attribute: attr.to_owned(),
        expires,
        failures: 0,
        sends,
        window_start,
    });
    state.outbox.send(Message {
        pool_id: pool_id.to_owned(),
        username: username.to_owned(),
        medium: medium.clone(),
        destination: destination.clone(),
        purpose,
        code,
        sent_at: now,
        expires_at: expires,
    });
    Ok(CodeDeliveryDetails::new(mask(&medium, &destination), medium, attr))
}

/// Checks `given` against the user's code for `purpose`; returns the attribute it was sent
/// to. A matching code is taken (single use) when `take`; a wrong one counts against
/// [`MAX_CODE_FAILURES`].
fn check_code(
    user: &mut User,
    purpose: &CodePurpose,
    given: &str,
    now: u64,
    take: bool,
) -> Result<String, ApiError> {
    let index = user.codes.iter().position(|c| &c.purpose == purpose).ok_or_else(code_mismatch)?;
    let pending = user.codes.get_mut(index).ok_or_else(code_mismatch)?;
    if pending.failures >= MAX_CODE_FAILURES {
        return Err(attempts_exceeded());
    }
    if !util::ct_eq(&pending.code, given) {
        pending.failures += 1;
        return Err(code_mismatch());
    }
    let attr = pending.attribute.clone();
    if pending.expires <= now {
        user.codes.remove(index);
        return Err(code_expired());
    }
    if take {
        user.codes.remove(index);
    }
    Ok(attr)
}

/// The attribute a sign-up code goes to: the phone number when the pool verifies it and the
/// user has one, else the email likewise.
fn auto_verify_target(pool: &Pool, user: &User) -> Option<&'static str> {
    [attribute::PHONE_NUMBER, attribute::EMAIL]
        .into_iter()
        .find(|a| pool.auto_verified.iter().any(|v| v == a) && user.attributes.contains_key(*a))
}

/// Where a password-reset code goes: a verified phone number, else a verified email.
fn recovery_target(user: &User) -> Option<&'static str> {
    [attribute::PHONE_NUMBER, attribute::EMAIL].into_iter().find(|a| user.verified(a))
}

/// Other users whose verified `attr` equals this user's (an alias may belong to one user).
fn alias_holders(pool: &Pool, username: &str, attr: &str) -> Vec<String> {
    let Some(value) = pool.users.get(username).and_then(|u| u.attributes.get(attr)) else {
        return Vec::new();
    };
    if !pool.is_alias_attribute(attr) {
        return Vec::new();
    }
    pool.users
        .values()
        .filter(|u| u.username != username && u.attributes.get(attr) == Some(value) && u.verified(attr))
        .map(|u| u.username.clone())
        .collect()
}

/// Marks `attr` verified; the alias moves from `others` (whose copy becomes unverified).
fn mark_verified(pool: &mut Pool, username: &str, attr: &str, others: &[String]) -> Result<(), ApiError> {
    let Some(flag) = verified_flag(attr) else { return Ok(()) };
    for other in others {
        if let Some(user) = pool.users.get_mut(other) {
            user.attributes.insert(flag.to_owned(), "false".to_owned());
        }
    }
    pool.user_mut(username)?.attributes.insert(flag.to_owned(), "true".to_owned());
    Ok(())
}

/// `UserAttributes` as a map, each checked for `writer`.
fn attribute_map(list: &[AttributeType], writer: Writer) -> Result<BTreeMap<String, String>, ApiError> {
    let mut map = BTreeMap::new();
    for item in list {
        let value = item.value.as_deref().unwrap_or_default();
        attributes::check(&item.name, value, writer)?;
        map.insert(item.name.clone(), value.to_owned());
    }
    Ok(map)
}

/// Cognito's `InvalidPasswordException` if `password` breaks the pool's policy. `did` picks
/// the wording: `SignUp` and `ConfirmForgotPassword` say "did not conform with policy", the
/// other operations "does not conform to policy".
pub(crate) fn check_policy(pool: &Pool, password: &str, did: bool) -> Result<(), ApiError> {
    match pool.password_policy.violation(password) {
        None => Ok(()),
        Some(rule) if did => Err(ApiError::new(
            ErrorCode::InvalidPassword,
            format!("Password did not conform with policy: {rule}"),
        )),
        Some(rule) => Err(ApiError::new(
            ErrorCode::InvalidPassword,
            format!("Password does not conform to policy: {rule}"),
        )),
    }
}

/// Whether a user may get tokens (after the password is proven): not before confirming the
/// sign-up, not with an expired temporary password.
pub(crate) fn may_sign_in(pool: &Pool, user: &User, now: u64) -> Result<(), ApiError> {
    match user.status {
        UserStatus::Unconfirmed => Err(ApiError::new(ErrorCode::UserNotConfirmed, "User is not confirmed.")),
        UserStatus::ForceChangePassword => {
            let days = u64::from(pool.password_policy.temporary_password_validity_days);
            if now >= user.password_set.saturating_add(days.saturating_mul(86_400)) {
                return Err(ApiError::not_authorized(
                    "Temporary password has expired and must be reset by an administrator.",
                ));
            }
            Ok(())
        }
        UserStatus::Confirmed | UserStatus::ResetRequired => Ok(()),
    }
}

/// Whether a user's password can be tried at all (an administrator's reset disables it).
pub(crate) fn password_enabled(user: &User) -> Result<(), ApiError> {
    if user.status == UserStatus::ResetRequired {
        return Err(ApiError::new(ErrorCode::PasswordResetRequired, "Password reset required for the user"));
    }
    Ok(())
}

/// HMAC of the pool and a name under the emulator's key: stable fake data for unknown users.
fn keyed(shared: &Shared, pool_id: &str, name: &str) -> Result<[u8; 32], ApiError> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&shared.keys.mac_key)
        .map_err(|_| ApiError::internal("key"))?;
    mac.update(pool_id.as_bytes());
    mac.update(&[0]);
    mac.update(name.as_bytes());
    Ok(mac.finalize().into_bytes().into())
}

/// A plausible, stable `CodeDeliveryDetails` for a user who does not exist
/// (`PreventUserExistenceErrors: ENABLED`).
fn fake_delivery(shared: &Shared, pool: &Pool, typed: &str) -> Result<CodeDeliveryDetails, ApiError> {
    let digest = keyed(shared, &pool.id, typed)?;
    let byte = |i: usize| digest.get(i).copied().unwrap_or(0);
    let sms = typed.starts_with('+')
        || (pool.auto_verified.iter().any(|a| a == attribute::PHONE_NUMBER)
            && !pool.auto_verified.iter().any(|a| a == attribute::EMAIL));
    if sms {
        let digits: String = (0..4).map(|i| char::from(b'0' + byte(i) % 10)).collect();
        let destination = format!("+*******{digits}");
        return Ok(CodeDeliveryDetails::new(destination, DeliveryMedium::Sms, attribute::PHONE_NUMBER));
    }
    let destination = if typed.contains('@') {
        mask(&DeliveryMedium::Email, typed)
    } else {
        let letter = |i: usize| char::from(b'a' + byte(i) % 26);
        format!("{}***@{}***", letter(0), letter(1))
    };
    Ok(CodeDeliveryDetails::new(destination, DeliveryMedium::Email, attribute::EMAIL))
}

/// The pool of an app client and whether it hides unknown users, after checking the
/// `SecretHash` of `username` as typed.
fn client_pool(
    state: &State,
    client_id: &str,
    username: &str,
    secret_hash: Option<&SecretString>,
) -> Result<(String, bool), ApiError> {
    let client = state.client(client_id)?;
    let found = (client.pool_id.clone(), client.prevent_user_existence_errors);
    check_secret_hash(state, client_id, username, secret_hash.map(SecretString::expose_secret))?;
    Ok(found)
}

/// The internal username `typed` finds.
fn find(pool: &Pool, typed: &str) -> Option<String> {
    pool.find_user(typed).map(|u| u.username.clone())
}

// ---------------------------------------------------------------------------------------
// Sign-up
// ---------------------------------------------------------------------------------------

pub(super) fn sign_up(shared: &Shared, req: Req<'_>) -> Res {
    let request: SignUpRequest = req.typed(&[member::CLIENT_ID, member::USERNAME])?;
    // Without a password (clients that sign in with USER_AUTH one-time codes) the user gets a
    // random one nobody knows.
    let given = request.password.as_ref().map(SecretString::expose_secret).filter(|p| !p.is_empty());
    let unusable = util::random_b64(48)?;
    let password = given.unwrap_or(&unusable);
    let typed = request.username.as_str();
    let mut attrs = attribute_map(request.user_attributes.as_deref().unwrap_or_default(), Writer::User)?;
    let exists =
        |pool: &Pool, username: &str| pool.users.contains_key(username) || pool.find_user(typed).is_some();
    let (pool_id, srp_name, username, generated, taken) = {
        let state = shared.lock();
        let (pool_id, _) = client_pool(&state, &request.client_id, typed, request.secret_hash.as_ref())?;
        let pool = state.pool(&pool_id)?;
        match given {
            Some(given) => check_policy(pool, given, true)?,
            None if state.client(&request.client_id)?.allows(&AuthFlow::UserAuth) => {}
            None => return Err(ApiError::missing(member::PASSWORD)),
        }
        let (generated, taken) = if pool.email_as_username || pool.phone_as_username {
            let attr = if pool.email_as_username && typed.contains('@') {
                attribute::EMAIL
            } else if pool.phone_as_username && typed.starts_with('+') {
                attribute::PHONE_NUMBER
            } else {
                return Err(ApiError::invalid_parameter(
                    match (pool.email_as_username, pool.phone_as_username) {
                        (true, true) => "Username should be either an email or a phone number.",
                        (true, false) => "Username should be an email.",
                        _ => "Username should be a phone number.",
                    },
                ));
            };
            if attrs.get(attr).is_some_and(|v| v != typed) {
                return Err(ApiError::invalid_parameter(format!(
                    "Username and the {attr} attribute differ."
                )));
            }
            attributes::check(attr, typed, Writer::User)?;
            attrs.insert(attr.to_owned(), typed.to_owned());
            (
                true,
                ApiError::new(
                    ErrorCode::UsernameExists,
                    format!("An account with the given {attr} already exists."),
                ),
            )
        } else if pool.email_alias && typed.contains('@') {
            // An email-shaped username would shadow someone's email alias.
            return Err(ApiError::invalid_parameter(
                "Username cannot be of email format, since user pool is configured for email alias.",
            ));
        } else {
            (false, ApiError::new(ErrorCode::UsernameExists, "User already exists"))
        };
        let username = if generated { util::uuid()? } else { typed.to_owned() };
        if exists(pool, &username) {
            return Err(taken);
        }
        if pool.preferred_username_alias
            && let Some(name) = attrs.get(attribute::PREFERRED_USERNAME)
            && pool.find_user(name).is_some()
        {
            return Err(alias_exists(attribute::PREFERRED_USERNAME));
        }
        if pool.users.len() >= MAX_USERS_PER_POOL {
            return Err(ApiError::new(ErrorCode::LimitExceeded, "User pool user limit exceeded."));
        }
        (pool_id, pool.srp_name().to_owned(), username, generated, taken)
    };
    // The verifier (a 3072-bit exponentiation) without the lock; the name is checked again.
    let fresh = super::new_credentials(shared, &srp_name, &username, password)?;
    let now = shared.now();
    let mut state = shared.lock();
    let pool = state.pool_mut(&pool_id)?;
    if exists(pool, &username) {
        return Err(taken);
    }
    if pool.users.len() >= MAX_USERS_PER_POOL {
        return Err(ApiError::new(ErrorCode::LimitExceeded, "User pool user limit exceeded."));
    }
    let sub = if generated { username.clone() } else { util::uuid()? };
    let mut user = User::with_credentials(username.clone(), sub.clone(), fresh.salt, fresh.verifier, now);
    user.status = UserStatus::Unconfirmed;
    user.attributes.extend(attrs);
    let target = auto_verify_target(pool, &user);
    pool.users.insert(username.clone(), user);
    let mut response = SignUpResponse::new(sub, false);
    if state.client(&request.client_id)?.allows(&AuthFlow::UserAuth) {
        let flow = sign_up_flow(&pool_id, &request.client_id, &username);
        let token =
            store_session(&mut state, flow, Pending::SignedUp, now.saturating_add(SIGN_UP_CODE_SECONDS))?;
        response.session = Some(SecretString::new(token));
    }
    if let Some(attr) = target {
        let details =
            send_code(&mut state, &pool_id, &username, CodePurpose::SignUp, attr, now, SIGN_UP_CODE_SECONDS)?;
        response.code_delivery_details = Some(details);
    }
    answer(&response)
}

pub(super) fn confirm_sign_up(shared: &Shared, req: Req<'_>) -> Res {
    let request: ConfirmSignUpRequest =
        req.typed(&[member::CLIENT_ID, member::USERNAME, member::CONFIRMATION_CODE])?;
    let now = shared.now();
    let mut state = shared.lock();
    let (pool_id, prevent) =
        client_pool(&state, &request.client_id, &request.username, request.secret_hash.as_ref())?;
    let pool = state.pool_mut(&pool_id)?;
    let Some(username) = find(pool, &request.username) else {
        return Err(if prevent { code_mismatch() } else { ApiError::user_not_found() });
    };
    let user = pool.user(&username)?;
    if user.status != UserStatus::Unconfirmed {
        return Err(ApiError::not_authorized(format!(
            "User cannot be confirmed. Current status is {}",
            user.status.wire()
        )));
    }
    // An alias that someone else has verified moves only with ForceAliasCreation; otherwise
    // nothing changes (the code stays usable).
    let attr = user.codes.iter().find(|c| c.purpose == CodePurpose::SignUp).map(|c| c.attribute.clone());
    let others = attr.as_deref().map(|a| alias_holders(pool, &username, a)).unwrap_or_default();
    if !others.is_empty() && request.force_alias_creation != Some(true) {
        return Err(alias_exists(attr.as_deref().unwrap_or(attribute::EMAIL)));
    }
    let user = pool.user_mut(&username)?;
    let attr = check_code(user, &CodePurpose::SignUp, request.confirmation_code.expose_secret(), now, true)?;
    user.status = UserStatus::Confirmed;
    user.modified = now;
    mark_verified(pool, &username, &attr, &others)?;
    // SignUp's Session (if given and still this user's) becomes one that signs in.
    let given = request.session.as_ref().map(SecretString::expose_secret).filter(|s| !s.is_empty());
    let mut response = ConfirmSignUpResponse::default();
    if let Some(given) = given {
        let mine = |s: &Session| {
            matches!(s.pending, Pending::SignedUp)
                && s.flow.pool_id == pool_id
                && s.flow.client_id == request.client_id
                && s.flow.username == username
                && s.expires > now
        };
        if state.sessions.get(given).is_some_and(mine) {
            state.sessions.remove(given);
            let flow = sign_up_flow(&pool_id, &request.client_id, &username);
            let expires = now.saturating_add(state.session_seconds(&request.client_id));
            let token = store_session(&mut state, flow, Pending::ConfirmedSignUp, expires)?;
            response.session = Some(SecretString::new(token));
        }
    }
    answer(&response)
}

/// The flow of a session that SignUp or ConfirmSignUp hands out.
fn sign_up_flow(pool_id: &str, client_id: &str, username: &str) -> Flow {
    Flow {
        pool_id: pool_id.to_owned(),
        client_id: client_id.to_owned(),
        username: username.to_owned(),
        device_key: None,
        mfa_done: false,
        device_done: false,
        custom: false,
    }
}

/// Stores a session that is not a challenge; returns its token.
fn store_session(state: &mut State, flow: Flow, pending: Pending, expires: u64) -> Result<String, ApiError> {
    let token = super::new_session_token()?;
    state.sessions.insert(token.clone(), Session { flow, pending, expires, failures: 0 });
    Ok(token)
}

/// InitiateAuth(USER_AUTH) with ConfirmSignUp's Session: the confirmation code was the first
/// factor, so the user goes on to MFA (if any) or tokens. Single use; the USERNAME must name
/// the same user.
pub(super) fn sign_in_after_sign_up(
    state: &mut State,
    shared: &Shared,
    now: u64,
    client_id: &str,
    token: &str,
    params: Params<'_>,
) -> Res {
    let invalid = || ApiError::not_authorized("Invalid session for the user.");
    let client = state.client(client_id)?;
    if !client.allows(&AuthFlow::UserAuth) {
        return Err(ApiError::invalid_parameter(format!(
            "{} flow not enabled for this client",
            AuthFlow::UserAuth
        )));
    }
    let typed = params.str(param::USERNAME)?;
    check_secret_hash(state, client_id, typed, params.opt(param::SECRET_HASH))?;
    let session = state.sessions.remove(token).ok_or_else(invalid)?;
    if !matches!(session.pending, Pending::ConfirmedSignUp) || session.flow.client_id != client_id {
        return Err(invalid());
    }
    if session.expires <= now {
        return Err(ApiError::not_authorized("Invalid session for the user, session is expired."));
    }
    let pool = state.pool(&session.flow.pool_id)?;
    if find(pool, typed).as_deref() != Some(session.flow.username.as_str()) {
        return Err(invalid());
    }
    super::next_step(state, shared, now, session.flow)
}

pub(super) fn resend_confirmation_code(shared: &Shared, req: Req<'_>) -> Res {
    let request: ClientUserRequest = req.typed(&[member::CLIENT_ID, member::USERNAME])?;
    let now = shared.now();
    let mut state = shared.lock();
    let (pool_id, prevent) =
        client_pool(&state, &request.client_id, &request.username, request.secret_hash.as_ref())?;
    let pool = state.pool(&pool_id)?;
    let Some(username) = find(pool, &request.username) else {
        if prevent {
            return answer(&CodeDeliveryResponse::new(fake_delivery(shared, pool, &request.username)?));
        }
        return Err(ApiError::user_not_found());
    };
    let user = pool.user(&username)?;
    if user.status != UserStatus::Unconfirmed {
        return Err(ApiError::invalid_parameter("User is already confirmed."));
    }
    let attr = auto_verify_target(pool, user)
        .ok_or_else(|| ApiError::invalid_parameter("Auto verification not turned on."))?;
    let details =
        send_code(&mut state, &pool_id, &username, CodePurpose::SignUp, attr, now, SIGN_UP_CODE_SECONDS)?;
    answer(&CodeDeliveryResponse::new(details))
}

// ---------------------------------------------------------------------------------------
// Password reset
// ---------------------------------------------------------------------------------------

pub(super) fn forgot_password(shared: &Shared, req: Req<'_>) -> Res {
    let request: ClientUserRequest = req.typed(&[member::CLIENT_ID, member::USERNAME])?;
    let now = shared.now();
    let mut state = shared.lock();
    let (pool_id, prevent) =
        client_pool(&state, &request.client_id, &request.username, request.secret_hash.as_ref())?;
    let pool = state.pool(&pool_id)?;
    let Some(username) = find(pool, &request.username) else {
        if prevent {
            return answer(&CodeDeliveryResponse::new(fake_delivery(shared, pool, &request.username)?));
        }
        return Err(ApiError::user_not_found());
    };
    let user = pool.user(&username)?;
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    // A temporary password is changed by signing in with it, not reset.
    if user.status == UserStatus::ForceChangePassword {
        return Err(ApiError::not_authorized("User password cannot be reset in the current state."));
    }
    let attr = recovery_target(user).ok_or_else(no_recovery_destination)?;
    let details = send_code(
        &mut state,
        &pool_id,
        &username,
        CodePurpose::ForgotPassword,
        attr,
        now,
        RESET_CODE_SECONDS,
    )?;
    answer(&CodeDeliveryResponse::new(details))
}

pub(super) fn confirm_forgot_password(shared: &Shared, req: Req<'_>) -> Res {
    let request: ConfirmForgotPasswordRequest =
        req.typed(&[member::CLIENT_ID, member::USERNAME, member::CONFIRMATION_CODE, member::PASSWORD])?;
    let code = request.confirmation_code.expose_secret();
    let password = request.password.expose_secret();
    let now = shared.now();
    let (pool_id, username, srp_name) = {
        let mut state = shared.lock();
        let (pool_id, prevent) =
            client_pool(&state, &request.client_id, &request.username, request.secret_hash.as_ref())?;
        let pool = state.pool_mut(&pool_id)?;
        let Some(username) = find(pool, &request.username) else {
            return Err(if prevent { code_mismatch() } else { ApiError::user_not_found() });
        };
        check_policy(pool, password, true)?;
        let srp_name = pool.srp_name().to_owned();
        // Checked (not taken) before the verifier is computed: wrong codes cost no arithmetic.
        check_code(pool.user_mut(&username)?, &CodePurpose::ForgotPassword, code, now, false)?;
        (pool_id, username, srp_name)
    };
    let fresh = super::new_credentials(shared, &srp_name, &username, password)?;
    let mut state = shared.lock();
    let user = state.pool_mut(&pool_id)?.user_mut(&username)?;
    check_code(user, &CodePurpose::ForgotPassword, code, now, true)?;
    user.salt = fresh.salt;
    user.verifier = fresh.verifier;
    user.password_set = now;
    user.modified = now;
    if matches!(user.status, UserStatus::ResetRequired | UserStatus::ForceChangePassword) {
        user.status = UserStatus::Confirmed;
    }
    empty()
}

// ---------------------------------------------------------------------------------------
// Attributes
// ---------------------------------------------------------------------------------------

/// Sets attributes; a changed email or phone number becomes unverified (unless an
/// administrator sets its flag) and, where the pool verifies it, is sent a code.
fn apply_attributes(
    state: &mut State,
    pool_id: &str,
    username: &str,
    attrs: BTreeMap<String, String>,
    now: u64,
) -> Result<Vec<CodeDeliveryDetails>, ApiError> {
    let pool = state.pool_mut(pool_id)?;
    // Conflicts first: a refused request changes nothing.
    for (name, value) in &attrs {
        let unique = (name == attribute::PREFERRED_USERNAME && pool.preferred_username_alias)
            || (name == attribute::EMAIL && pool.email_as_username)
            || (name == attribute::PHONE_NUMBER && pool.phone_as_username);
        if unique
            && pool.users.values().any(|u| {
                u.username != username
                    && (u.attributes.get(name) == Some(value)
                        || pool.find_user(value).is_some_and(|f| f.username == u.username))
            })
        {
            return Err(alias_exists(name));
        }
    }
    let auto_verified = pool.auto_verified.clone();
    let user = pool.user_mut(username)?;
    let changed: Vec<String> = [attribute::EMAIL, attribute::PHONE_NUMBER]
        .into_iter()
        .filter(|a| attrs.get(*a).is_some_and(|v| user.attributes.get(*a) != Some(v)))
        .map(str::to_owned)
        .collect();
    let flags_given: Vec<&str> = [attribute::EMAIL_VERIFIED, attribute::PHONE_NUMBER_VERIFIED]
        .into_iter()
        .filter(|f| attrs.contains_key(*f))
        .collect();
    user.attributes.extend(attrs.clone());
    let mut to_send = Vec::new();
    for attr in &changed {
        // Codes sent to the old value no longer verify anything (a password reset still works).
        user.codes.retain(|c| c.purpose == CodePurpose::ForgotPassword || c.attribute != *attr);
        let Some(flag) = verified_flag(attr) else { continue };
        if !flags_given.contains(&flag) {
            user.attributes.insert(flag.to_owned(), "false".to_owned());
            if auto_verified.iter().any(|a| a == attr) {
                to_send.push(attr.clone());
            }
        }
    }
    user.modified = now;
    let mut sent = Vec::new();
    for attr in to_send {
        let purpose = CodePurpose::VerifyAttribute(attr.clone());
        sent.push(send_code(state, pool_id, username, purpose, &attr, now, ATTRIBUTE_CODE_SECONDS)?);
    }
    Ok(sent)
}

/// `UserAttributes` must be there (it may be an empty list).
fn require_attributes(req: Req<'_>) -> Result<(), ApiError> {
    if req.0.get(member::USER_ATTRIBUTES).is_none_or(serde_json::Value::is_null) {
        return Err(ApiError::missing(member::USER_ATTRIBUTES));
    }
    Ok(())
}

pub(super) fn update_user_attributes(shared: &Shared, req: Req<'_>) -> Res {
    require_attributes(req)?;
    let request: UpdateUserAttributesRequest = req.typed(&[member::ACCESS_TOKEN])?;
    let attrs = attribute_map(&request.user_attributes, Writer::User)?;
    let now = shared.now();
    let claims = access_claims(shared, request.access_token.expose_secret())?;
    let mut state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    let sent = apply_attributes(&mut state, &pool_id, &username, attrs, now)?;
    let mut response = UpdateUserAttributesResponse::default();
    response.code_delivery_details_list = Some(sent).filter(|l| !l.is_empty());
    answer(&response)
}

pub(super) fn admin_update_user_attributes(shared: &Shared, req: Req<'_>) -> Res {
    require_attributes(req)?;
    let request: AdminUpdateUserAttributesRequest = req.typed(&[member::USER_POOL_ID, member::USERNAME])?;
    let attrs = attribute_map(&request.user_attributes, Writer::Admin)?;
    let now = shared.now();
    let mut state = shared.lock();
    let pool_id = request.user_pool_id.as_str();
    let username = find(state.pool(pool_id)?, &request.username).ok_or_else(ApiError::user_not_found)?;
    apply_attributes(&mut state, pool_id, &username, attrs, now)?;
    empty()
}

/// `email` or `phone_number`, which the user has: the attributes a code can verify.
fn verifiable<'a>(user: &User, attr: &'a str) -> Result<&'a str, ApiError> {
    if verified_flag(attr).is_none() {
        return Err(ApiError::invalid_parameter(format!(
            "Attribute {attr} cannot be verified: only email and phone_number are."
        )));
    }
    if !user.attributes.contains_key(attr) {
        return Err(ApiError::invalid_parameter(format!("The user has no {attr} attribute.")));
    }
    Ok(attr)
}

pub(super) fn get_user_attribute_verification_code(shared: &Shared, req: Req<'_>) -> Res {
    let request: GetUserAttributeVerificationCodeRequest =
        req.typed(&[member::ACCESS_TOKEN, member::ATTRIBUTE_NAME])?;
    let now = shared.now();
    let claims = access_claims(shared, request.access_token.expose_secret())?;
    let mut state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    let attr = verifiable(state.pool(&pool_id)?.user(&username)?, &request.attribute_name)?;
    let purpose = CodePurpose::VerifyAttribute(attr.to_owned());
    let details = send_code(&mut state, &pool_id, &username, purpose, attr, now, ATTRIBUTE_CODE_SECONDS)?;
    answer(&CodeDeliveryResponse::new(details))
}

pub(super) fn verify_user_attribute(shared: &Shared, req: Req<'_>) -> Res {
    let request: VerifyUserAttributeRequest =
        req.typed(&[member::ACCESS_TOKEN, member::ATTRIBUTE_NAME, member::CODE])?;
    let now = shared.now();
    let claims = access_claims(shared, request.access_token.expose_secret())?;
    let mut state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    let pool = state.pool_mut(&pool_id)?;
    let attr = verifiable(pool.user(&username)?, &request.attribute_name)?.to_owned();
    let others = alias_holders(pool, &username, &attr);
    if !others.is_empty() {
        return Err(alias_exists(&attr));
    }
    let purpose = CodePurpose::VerifyAttribute(attr.clone());
    check_code(pool.user_mut(&username)?, &purpose, request.code.expose_secret(), now, true)?;
    mark_verified(pool, &username, &attr, &[])?;
    pool.user_mut(&username)?.modified = now;
    empty()
}

/// Deletes attributes named by `writer`; the username attribute and `sub` stay.
fn delete_attributes(
    state: &mut State,
    pool_id: &str,
    username: &str,
    names: &[String],
    writer: Writer,
    now: u64,
) -> Res {
    let pool = state.pool_mut(pool_id)?;
    for name in names {
        attributes::check(name, "true", writer)?;
        if (name == attribute::EMAIL && pool.email_as_username)
            || (name == attribute::PHONE_NUMBER && pool.phone_as_username)
        {
            return Err(ApiError::invalid_parameter(format!(
                "Attribute {name} is the username on this pool and cannot be deleted."
            )));
        }
    }
    let user = pool.user_mut(username)?;
    for name in names {
        user.attributes.remove(name);
        if let Some(flag) = verified_flag(name) {
            user.attributes.remove(flag);
            user.codes.retain(|c| c.purpose != CodePurpose::VerifyAttribute(name.clone()));
        }
    }
    user.modified = now;
    empty()
}

pub(super) fn delete_user_attributes(shared: &Shared, req: Req<'_>) -> Res {
    if req.0.get(member::USER_ATTRIBUTE_NAMES).is_none_or(serde_json::Value::is_null) {
        return Err(ApiError::missing(member::USER_ATTRIBUTE_NAMES));
    }
    let request: DeleteUserAttributesRequest = req.typed(&[member::ACCESS_TOKEN])?;
    let now = shared.now();
    let claims = access_claims(shared, request.access_token.expose_secret())?;
    let mut state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    delete_attributes(&mut state, &pool_id, &username, &request.user_attribute_names, Writer::User, now)
}

pub(super) fn admin_delete_user_attributes(shared: &Shared, req: Req<'_>) -> Res {
    if req.0.get(member::USER_ATTRIBUTE_NAMES).is_none_or(serde_json::Value::is_null) {
        return Err(ApiError::missing(member::USER_ATTRIBUTE_NAMES));
    }
    let request: AdminDeleteUserAttributesRequest = req.typed(&[member::USER_POOL_ID, member::USERNAME])?;
    let now = shared.now();
    let mut state = shared.lock();
    let pool_id = request.user_pool_id.as_str();
    let username = find(state.pool(pool_id)?, &request.username).ok_or_else(ApiError::user_not_found)?;
    delete_attributes(&mut state, pool_id, &username, &request.user_attribute_names, Writer::Admin, now)
}

// ---------------------------------------------------------------------------------------
// Deleting the account, administrators' account operations
// ---------------------------------------------------------------------------------------

/// Removes a user with her devices, tokens (revoked), sessions and messages.
pub(super) fn remove_user(state: &mut State, pool_id: &str, username: &str) -> Result<(), ApiError> {
    let pool = state.pool_mut(pool_id)?;
    pool.users.remove(username);
    pool.devices.retain(|_, d| d.username != username);
    super::groups::forget_member(pool, username);
    super::sign_out_everywhere(state, pool_id, username);
    state.sessions.retain(|_, s| !(s.flow.pool_id == pool_id && s.flow.username == username));
    state.outbox.forget_user(pool_id, username);
    Ok(())
}

pub(super) fn delete_user(shared: &Shared, req: Req<'_>) -> Res {
    let request: DeleteUserRequest = req.typed(&[member::ACCESS_TOKEN])?;
    let now = shared.now();
    let claims = access_claims(shared, request.access_token.expose_secret())?;
    let mut state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    remove_user(&mut state, &pool_id, &username)?;
    empty()
}

pub(super) fn admin_confirm_sign_up(shared: &Shared, req: Req<'_>) -> Res {
    let request = super::admin_user(req)?;
    let now = shared.now();
    let mut state = shared.lock();
    let pool = state.pool_mut(&request.user_pool_id)?;
    let username = find(pool, &request.username).ok_or_else(ApiError::user_not_found)?;
    let user = pool.user_mut(&username)?;
    if user.status != UserStatus::Unconfirmed {
        return Err(ApiError::not_authorized(format!(
            "User cannot be confirmed. Current status is {}",
            user.status.wire()
        )));
    }
    user.status = UserStatus::Confirmed;
    user.codes.retain(|c| c.purpose != CodePurpose::SignUp);
    user.modified = now;
    empty()
}

pub(super) fn admin_reset_user_password(shared: &Shared, req: Req<'_>) -> Res {
    let request = super::admin_user(req)?;
    let now = shared.now();
    let mut state = shared.lock();
    let pool_id = request.user_pool_id.as_str();
    let pool = state.pool_mut(pool_id)?;
    let username = find(pool, &request.username).ok_or_else(ApiError::user_not_found)?;
    let user = pool.user_mut(&username)?;
    if user.status == UserStatus::Unconfirmed {
        return Err(ApiError::not_authorized("User password cannot be reset in the current state."));
    }
    let attr = recovery_target(user).ok_or_else(no_recovery_destination)?;
    user.status = UserStatus::ResetRequired;
    user.modified = now;
    send_code(&mut state, pool_id, &username, CodePurpose::ForgotPassword, attr, now, RESET_CODE_SECONDS)?;
    empty()
}

// ---------------------------------------------------------------------------------------
// Sign-in of a user who does not exist (PreventUserExistenceErrors: ENABLED)
// ---------------------------------------------------------------------------------------

/// InitiateAuth for a name that finds nobody, on a client that hides it: a password flow
/// fails as a wrong password would; SRP gets a PASSWORD_VERIFIER challenge (a stable salt,
/// a `B` from a random verifier) whose answer fails the same way.
pub(super) fn unknown_user(
    shared: &Shared,
    state: std::sync::MutexGuard<'_, State>,
    now: u64,
    flow: Flow,
    auth_flow: &AuthFlow,
    params: Params<'_>,
    typed: &str,
) -> Res {
    let Some(srp_a) = params.opt(param::SRP_A).filter(|_| *auth_flow != AuthFlow::UserPasswordAuth) else {
        return Err(ApiError::incorrect());
    };
    let pool = state.pool(&flow.pool_id)?;
    let digest = keyed(shared, &pool.id, typed)?;
    let mut salt = [0u8; 16];
    for (out, byte) in salt.iter_mut().zip(digest.iter()) {
        *out = *byte;
    }
    // Where aliases sign in, the internal name of an email or phone number is a UUID.
    let user_id = if pool.has_aliases() && (typed.contains('@') || typed.starts_with('+')) {
        let hex: String = digest.iter().skip(16).map(|b| format!("{b:02x}")).collect();
        let part = |from: usize, to: usize| hex.get(from..to).unwrap_or_default().to_owned();
        format!("{}-{}-4{}-8{}-{}", part(0, 8), part(8, 12), part(13, 16), part(17, 20), part(20, 32))
    } else {
        typed.to_owned()
    };
    drop(state);
    srp_math(shared, || super::reject_zero_a(srp_a))?;
    // Any verifier makes a B that looks like every other (g^b is random); the shared decoy has
    // its powers, like a real user's, so that B here and the answer's check cost the same.
    let decoy = shared.decoy.as_ref().ok_or_else(|| ApiError::internal("no decoy verifier"))?;
    let server = srp_math(shared, || super::server_ephemeral(decoy));
    let secret_block = util::random_b64(1024)?;
    let params = Parameters::new()
        .with(param::SALT, salt_hex(&salt).as_str())
        .with(param::SRP_B, server.public_hex().as_str())
        .with(param::SECRET_BLOCK, secret_block.as_str())
        .with(param::USERNAME, user_id.as_str())
        .with(param::USER_ID_FOR_SRP, user_id.as_str());
    let mut state = shared.lock();
    let flow = Flow { username: user_id, ..flow };
    let pending = Pending::UnknownUser { server, srp_a: srp_a.to_owned(), secret_block };
    super::challenge(&mut state, now, flow, pending, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_masked_as_cognito_masks_them() {
        assert_eq!(mask(&DeliveryMedium::Email, "ann@example.com"), "a***@e***");
        assert_eq!(mask(&DeliveryMedium::Sms, "+15555550100"), "+*******0100");
        assert_eq!(mask(&DeliveryMedium::Email, "no-at-sign"), "n***@***");
    }
}
