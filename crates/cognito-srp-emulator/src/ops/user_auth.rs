//! Choice-based sign-in (`USER_AUTH`: `SELECT_CHALLENGE`, `PASSWORD`, `PASSWORD_SRP`,
//! `EMAIL_OTP`, `SMS_OTP`) and email MFA (`EMAIL_OTP` as a second factor).
//!
//! What the emulator does, and where it departs from Cognito:
//! - The first factors offered are the pool's `AllowedFirstAuthFactors` that the user can
//!   use: `PASSWORD` gives `PASSWORD` and `PASSWORD_SRP`; `EMAIL_OTP` needs a verified email,
//!   `SMS_OTP` a verified phone number. `WEB_AUTHN` is never offered (no passkeys) and asking
//!   for it is an `UnsupportedOperationException`.
//! - A passwordless first factor (a one-time code) is itself possession of the inbox or
//!   phone: no MFA follows it. On a pool where MFA is required (`ON`) the one-time codes are
//!   not offered, since Cognito does not let passwordless sign-in bypass required MFA.
//! - `USER_AUTH` needs the Essentials tier or higher (`UserPoolTier`, Cognito's default for
//!   new pools): a `LITE` pool answers `FeatureUnavailableInTierException`.
//! - First-factor codes are eight digits (as Cognito's), MFA codes six; they go to the
//!   outbox, live as long as the session (the client's `AuthSessionValidity`, 3 minutes by
//!   default) and allow three wrong tries per session, like SMS MFA.

use std::sync::MutexGuard;

use cognito_srp_proto::vocab::{AuthFactor, DeliveryMedium, UserPoolTier, attribute, member};
use cognito_srp_proto::{ChallengeName, ErrorCode, Parameters, param};
use serde_json::Value;

use super::{
    Credentials, Params, Res, challenge, current_user, next_step, password_then_next, password_verifier, set,
};
use crate::config::MfaConfiguration;
use crate::error::ApiError;
use crate::outbox::{CodePurpose, Message};
use crate::state::{Flow, MfaKind, Pending, Pool, Session, Shared, State, User};
use crate::util;

/// `USER_AUTH` needs the Essentials tier or higher.
pub(super) fn check_tier(pool: &Pool) -> Result<(), ApiError> {
    if pool.tier == UserPoolTier::Lite {
        return Err(ApiError::new(
            ErrorCode::FeatureUnavailableInTier,
            "Choice-based sign-in (USER_AUTH) requires the Essentials feature plan or higher.",
        ));
    }
    Ok(())
}

/// Checks a pool's `AllowedFirstAuthFactors` against its feature plan: at least one factor,
/// `PASSWORD` among them (Cognito does not let a pool turn passwords off), no
/// `SOFTWARE_TOKEN`, no name Cognito does not know; on `LITE` only `PASSWORD`.
pub(crate) fn check_first_factors(factors: &[AuthFactor], tier: &UserPoolTier) -> Result<(), ApiError> {
    if factors.is_empty() {
        return Err(ApiError::invalid_parameter("AllowedFirstAuthFactors must name at least one factor."));
    }
    for factor in factors {
        match factor {
            AuthFactor::Password | AuthFactor::EmailOtp | AuthFactor::SmsOtp | AuthFactor::WebAuthn => {}
            other => {
                return Err(ApiError::invalid_parameter(format!(
                    "{other} is not supported as a first auth factor."
                )));
            }
        }
    }
    if !factors.contains(&AuthFactor::Password) {
        return Err(ApiError::invalid_parameter(format!(
            "AllowedFirstAuthFactors must contain {}.",
            AuthFactor::Password
        )));
    }
    if *tier == UserPoolTier::Lite && factors.iter().any(|f| *f != AuthFactor::Password) {
        return Err(ApiError::new(
            ErrorCode::FeatureUnavailableInTier,
            "Passwordless first auth factors require the Essentials feature plan or higher.",
        ));
    }
    Ok(())
}

/// The MFA factors the user can be challenged with on this pool: email MFA only where the
/// pool has `EmailMfaConfiguration` and the user an email address.
pub(super) fn mfa_factors(pool: &Pool, user: &User) -> Vec<MfaKind> {
    let has_email = user.attributes.contains_key(attribute::EMAIL);
    user.factors().into_iter().filter(|k| *k != MfaKind::Email || (pool.email_mfa && has_email)).collect()
}

fn verified(user: &User, name: &str, flag: &str) -> bool {
    user.attributes.contains_key(name) && user.attributes.get(flag).is_some_and(|v| v == "true")
}

/// The first factors `user` may choose (`AvailableChallenges`).
fn available(pool: &Pool, user: &User) -> Vec<ChallengeName> {
    let allowed = |f: AuthFactor| pool.first_factors.contains(&f);
    let mut out = Vec::new();
    if allowed(AuthFactor::Password) {
        out.push(ChallengeName::Password);
        out.push(ChallengeName::PasswordSrp);
    }
    // One-time codes cannot stand in for a second factor the pool requires.
    let passwordless = pool.mfa != MfaConfiguration::On;
    if passwordless
        && allowed(AuthFactor::EmailOtp)
        && verified(user, attribute::EMAIL, attribute::EMAIL_VERIFIED)
    {
        out.push(ChallengeName::EmailOtp);
    }
    if passwordless
        && allowed(AuthFactor::SmsOtp)
        && verified(user, attribute::PHONE_NUMBER, attribute::PHONE_NUMBER_VERIFIED)
    {
        out.push(ChallengeName::SmsOtp);
    }
    out
}

fn web_authn_unsupported() -> ApiError {
    ApiError::new(
        ErrorCode::UnsupportedOperation,
        "WEB_AUTHN is not supported: cognito-srp-emulator has no passkeys. Use PASSWORD, PASSWORD_SRP, EMAIL_OTP or SMS_OTP.",
    )
}

/// InitiateAuth / AdminInitiateAuth with `USER_AUTH`: the preferred challenge if the user
/// can use it, else `SELECT_CHALLENGE` with `AvailableChallenges`.
pub(super) fn start(
    shared: &Shared,
    mut state: MutexGuard<'_, State>,
    now: u64,
    flow: Flow,
    credentials: Credentials,
    params: Params<'_>,
) -> Res {
    let pool = state.pool(&flow.pool_id)?;
    let available = available(pool, pool.user(&flow.username)?);
    if let Some(preferred) = params.opt(param::PREFERRED_CHALLENGE).map(ChallengeName::parse) {
        if preferred == ChallengeName::WebAuthn {
            return Err(web_authn_unsupported());
        }
        if available.contains(&preferred) {
            return choose(shared, state, now, flow, &preferred, &credentials, params);
        }
    }
    if available.is_empty() {
        return Err(ApiError::not_authorized("No sign-in method is available for the user."));
    }
    let names: Vec<Value> = available.iter().map(|c| Value::String(c.to_string())).collect();
    let pending = Pending::SelectChallenge { available };
    let mut response = challenge(&mut state, now, flow, pending, Parameters::new())?;
    set(&mut response, member::AVAILABLE_CHALLENGES, Value::Array(names));
    Ok(response)
}

/// Goes on with the chosen first factor (`params` carries what it needs: `SRP_A`, `PASSWORD`).
fn choose(
    shared: &Shared,
    mut state: MutexGuard<'_, State>,
    now: u64,
    flow: Flow,
    choice: &ChallengeName,
    credentials: &Credentials,
    params: Params<'_>,
) -> Res {
    match choice {
        ChallengeName::PasswordSrp => {
            let srp_a = params.str(param::SRP_A)?;
            drop(state);
            password_verifier(shared, now, flow, credentials.clone(), srp_a)
        }
        ChallengeName::Password => {
            let password = params.str(param::PASSWORD)?;
            password_then_next(shared, state, now, flow, credentials, password)
        }
        ChallengeName::EmailOtp => one_time_code(&mut state, now, flow, DeliveryMedium::Email, None),
        ChallengeName::SmsOtp => one_time_code(&mut state, now, flow, DeliveryMedium::Sms, None),
        ChallengeName::WebAuthn => Err(web_authn_unsupported()),
        other => Err(ApiError::invalid_parameter(format!("Invalid challenge {other}"))),
    }
}

/// `a***@e***.com`.
fn mask_email(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    let tld = domain.rfind('.').and_then(|i| domain.get(i..)).unwrap_or("");
    format!("{}***@{}***{tld}", first(local), first(domain))
}

/// `+*******1234`.
fn mask_phone(phone: &str) -> String {
    let count = phone.chars().count();
    phone.chars().enumerate().map(|(i, c)| if i + 4 < count && i > 0 { '*' } else { c }).collect()
}

/// Sends a code by email or text and asks for it: a first factor (`kind` `None`:
/// `EMAIL_OTP` / `SMS_OTP`) or email MFA (`Some(MfaKind::Email)`).
fn one_time_code(
    state: &mut State,
    now: u64,
    flow: Flow,
    medium: DeliveryMedium,
    mfa: Option<MfaKind>,
) -> Res {
    let user = state.pool(&flow.pool_id)?.user(&flow.username)?;
    let name = if medium == DeliveryMedium::Sms { attribute::PHONE_NUMBER } else { attribute::EMAIL };
    let destination =
        user.attributes.get(name).cloned().ok_or_else(|| {
            ApiError::invalid_parameter(format!("The user has no {name} to send a code to."))
        })?;
    let masked =
        if medium == DeliveryMedium::Sms { mask_phone(&destination) } else { mask_email(&destination) };
    // Cognito's sign-in codes are eight digits; its MFA codes six.
    let code = if mfa.is_some() { util::six_digits()? } else { util::random_text(8, b"0123456789")? };
    let expires_at = now.saturating_add(state.session_seconds(&flow.client_id));
    state.outbox.send(Message {
        pool_id: flow.pool_id.clone(),
        username: flow.username.clone(),
        medium: medium.clone(),
        destination,
        purpose: if mfa.is_some() { CodePurpose::SignInMfa } else { CodePurpose::SignInOtp },
        code: code.clone(),
        sent_at: now,
        expires_at,
    });
    let params = Parameters::new()
        .with(param::USERNAME, flow.username.as_str())
        .with(param::CODE_DELIVERY_DELIVERY_MEDIUM, medium.as_str())
        .with(param::CODE_DELIVERY_DESTINATION, masked);
    let pending = match mfa {
        Some(kind) => Pending::Mfa { kind, code: Some(code) },
        None => Pending::SignInOtp { medium, code },
    };
    challenge(state, now, flow, pending, params)
}

/// Email MFA: an `EMAIL_OTP` challenge after the first factor.
pub(super) fn email_mfa_challenge(state: &mut State, now: u64, flow: Flow) -> Res {
    one_time_code(state, now, flow, DeliveryMedium::Email, Some(MfaKind::Email))
}

/// The answer to `SELECT_CHALLENGE`: `ANSWER` names one of the available challenges, with
/// what it needs (`SRP_A`, `PASSWORD`). A choice that is not available leaves the session
/// usable.
pub(super) fn answer_select(
    shared: &Shared,
    mut state: MutexGuard<'_, State>,
    now: u64,
    token: String,
    session: Session,
    responses: Params<'_>,
) -> Res {
    let Pending::SelectChallenge { available } = &session.pending else {
        return Err(ApiError::internal("not a SELECT_CHALLENGE session"));
    };
    let choice = ChallengeName::parse(responses.str(param::ANSWER)?);
    if !available.contains(&choice) {
        let err = if choice == ChallengeName::WebAuthn {
            web_authn_unsupported()
        } else {
            ApiError::invalid_parameter(format!("{choice} is not one of the available challenges."))
        };
        state.sessions.insert(token, session);
        return Err(err);
    }
    let mut flow = session.flow;
    let (_, credentials) = current_user(&state, &flow.pool_id, &flow.username)?;
    if let Some(key) = responses.opt(param::DEVICE_KEY) {
        flow.device_key = Some(key.to_owned());
    }
    choose(shared, state, now, flow, &choice, &credentials, responses)
}

/// The answer to a first-factor `EMAIL_OTP` / `SMS_OTP`: the code, three tries per session.
pub(super) fn answer_otp(
    shared: &Shared,
    mut state: MutexGuard<'_, State>,
    now: u64,
    token: String,
    session: Session,
    responses: Params<'_>,
) -> Res {
    let Session { mut flow, pending, expires, failures } = session;
    let Pending::SignInOtp { medium, code } = pending else {
        return Err(ApiError::internal("not a one-time code session"));
    };
    let key = if medium == DeliveryMedium::Sms { param::SMS_OTP_CODE } else { param::EMAIL_OTP_CODE };
    let given = responses.str(key)?;
    if !util::ct_eq(&code, given) {
        // A wrong code leaves the session usable, up to three tries.
        if failures < 2 {
            let pending = Pending::SignInOtp { medium, code };
            state.sessions.insert(token, Session { flow, pending, expires, failures: failures + 1 });
        }
        return Err(ApiError::new(ErrorCode::CodeMismatch, "Invalid code received for user"));
    }
    // The code proves possession of the inbox or phone: no second factor follows.
    flow.mfa_done = true;
    next_step(&mut state, shared, now, flow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_masked() {
        assert_eq!(mask_email("ann@example.com"), "a***@e***.com");
        assert_eq!(mask_email("x"), "x***@***");
        assert_eq!(mask_phone("+15555550123"), "+*******0123");
    }

    #[test]
    fn first_factor_policies() {
        let lite = UserPoolTier::Lite;
        let essentials = UserPoolTier::Essentials;
        assert!(check_first_factors(&[AuthFactor::Password], &lite).is_ok());
        assert!(check_first_factors(&[AuthFactor::Password, AuthFactor::EmailOtp], &essentials).is_ok());
        let refused = check_first_factors(&[AuthFactor::Password, AuthFactor::EmailOtp], &lite).unwrap_err();
        assert_eq!(refused.code, ErrorCode::FeatureUnavailableInTier);
        for bad in [&[][..], &[AuthFactor::EmailOtp], &[AuthFactor::Password, AuthFactor::SoftwareToken]] {
            assert_eq!(check_first_factors(bad, &essentials).unwrap_err().code, ErrorCode::InvalidParameter);
        }
    }
}
