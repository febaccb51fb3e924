//! Cognito's operations: `dispatch` takes the `X-Amz-Target` operation name and the JSON body.

use std::collections::BTreeMap;

use base64ct::{Base64, Encoding};
use cognito_srp_core::Timestamp;
use cognito_srp_core::server::{ServerEphemeral, Verifier, check_srp_a, salt_hex};
use cognito_srp_proto::admin::EmailMfaConfigType;
use cognito_srp_proto::admin::{
    AdminCreateUserRequest, AdminCreateUserResponse, AdminForgetDeviceRequest, AdminGetUserResponse,
    AdminListDevicesRequest, AdminSetUserMfaPreferenceRequest, AdminSetUserPasswordRequest, AdminUserRequest,
    ListUsersRequest, ListUsersResponse, SetUserPoolMfaConfigRequest, SoftwareTokenMfaConfigType,
    UserPoolMfaConfigResponse, UserPoolRequest, UserType,
};
use cognito_srp_proto::vocab::MfaConfiguration as WireMfa;
use cognito_srp_proto::vocab::UserPoolTier;
use cognito_srp_proto::vocab::member;
use cognito_srp_proto::vocab::{DeliveryMedium, VerifySoftwareTokenStatus, attribute, device_attribute};
use cognito_srp_proto::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, AttributeType, AuthFlow, AuthResponse,
    AuthenticationResult, ChallengeName, ChangePasswordRequest, ConfirmDeviceRequest, ConfirmDeviceResponse,
    DeviceRememberedStatus, DeviceType, EmptyResponse, ErrorCode, ForgetDeviceRequest, GetDeviceRequest,
    GetDeviceResponse, GetUserRequest, GetUserResponse, GlobalSignOutRequest, InitiateAuthRequest,
    ListDevicesRequest, ListDevicesResponse, MfaSettings, NewDeviceMetadata, Operation, Parameters,
    RespondToAuthChallengeRequest, RevokeTokenRequest, SecretString, SetUserMfaPreferenceRequest,
    UpdateDeviceStatusRequest, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse, param,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::attributes::{self, Writer};
use crate::config::{MfaConfiguration, UserConfig};
use crate::error::ApiError;
use crate::outbox::{CodePurpose, Message};
use crate::state::{Device, Flow, MfaKind, Pending, Pool, Session, Shared, State, UserStatus};
use crate::util;

mod account;
mod admin_auth;
mod admin_devices;
mod groups;
mod paging;
pub(crate) mod setup;
mod tokens;
pub(crate) mod user_auth;

use tokens::{TokenSession, issue_with_refresh};

type Res = Result<Value, ApiError>;

/// Sets `key` on a JSON object (every value this module builds with `json!({...})` is one).
fn set(object: &mut Value, key: &str, value: Value) {
    if let Value::Object(map) = object {
        map.insert(key.to_owned(), value);
    }
}

/// Runs one operation.
pub(crate) fn dispatch(shared: &Shared, op: &Operation, body: &Value) -> Res {
    // Cognito's length limits first: nothing oversize reaches the state.
    crate::limits::check(body)?;
    tokens::with_deferred_signing(shared, || run(shared, op, Req(body)))
}

/// The operation's handler.
fn run(shared: &Shared, op: &Operation, req: Req<'_>) -> Res {
    match op {
        Operation::CreateUserPool => setup::create_user_pool(shared, req),
        Operation::ListUserPools => setup::list_user_pools(shared, req),
        Operation::UpdateUserPool => setup::update_user_pool(shared, req),
        Operation::DeleteUserPool => setup::delete_user_pool(shared, req),
        Operation::CreateUserPoolClient => setup::create_user_pool_client(shared, req),
        Operation::ListUserPoolClients => setup::list_user_pool_clients(shared, req),
        Operation::UpdateUserPoolClient => setup::update_user_pool_client(shared, req),
        Operation::DeleteUserPoolClient => setup::delete_user_pool_client(shared, req),
        Operation::CreateGroup => groups::create_group(shared, req),
        Operation::GetGroup => groups::get_group(shared, req),
        Operation::UpdateGroup => groups::update_group(shared, req),
        Operation::DeleteGroup => groups::delete_group(shared, req),
        Operation::ListGroups => groups::list_groups(shared, req),
        Operation::AdminAddUserToGroup => groups::admin_add_user_to_group(shared, req),
        Operation::AdminRemoveUserFromGroup => groups::admin_remove_user_from_group(shared, req),
        Operation::AdminListGroupsForUser => groups::admin_list_groups_for_user(shared, req),
        Operation::ListUsersInGroup => groups::list_users_in_group(shared, req),
        Operation::AdminGetDevice => admin_devices::admin_get_device(shared, req),
        Operation::AdminUpdateDeviceStatus => admin_devices::admin_update_device_status(shared, req),
        Operation::AdminCreateUser => admin_create_user(shared, req),
        Operation::AdminSetUserPassword => admin_set_user_password(shared, req),
        Operation::AdminSetUserMfaPreference => admin_set_mfa_preference(shared, req),
        Operation::AdminGetUser => admin_get_user(shared, req),
        Operation::AdminListDevices => admin_list_devices(shared, req),
        Operation::AdminForgetDevice => admin_forget_device(shared, req),
        Operation::AdminUserGlobalSignOut => admin_user_global_sign_out(shared, req),
        Operation::AdminDeleteUser => admin_delete_user(shared, req),
        Operation::AdminDisableUser => admin_set_enabled(shared, req, false),
        Operation::AdminEnableUser => admin_set_enabled(shared, req, true),
        Operation::ListUsers => list_users(shared, req),
        Operation::DescribeUserPool => setup::describe_user_pool(shared, req),
        Operation::DescribeUserPoolClient => setup::describe_user_pool_client(shared, req),
        Operation::SetUserPoolMfaConfig => set_user_pool_mfa_config(shared, req),
        Operation::GetUserPoolMfaConfig => get_user_pool_mfa_config(shared, req),
        Operation::InitiateAuth => initiate_auth(shared, req),
        Operation::RespondToAuthChallenge => respond_to_auth_challenge(shared, req),
        Operation::AdminInitiateAuth => admin_auth::admin_initiate_auth(shared, req),
        Operation::AdminRespondToAuthChallenge => admin_auth::admin_respond_to_auth_challenge(shared, req),
        Operation::ConfirmDevice => confirm_device(shared, req),
        Operation::UpdateDeviceStatus => update_device_status(shared, req),
        Operation::GetDevice => get_device(shared, req),
        Operation::ListDevices => list_devices(shared, req),
        Operation::ForgetDevice => forget_device(shared, req),
        Operation::GlobalSignOut => global_sign_out(shared, req),
        Operation::RevokeToken => revoke_token(shared, req),
        Operation::AssociateSoftwareToken => associate_software_token(shared, req),
        Operation::VerifySoftwareToken => verify_software_token(shared, req),
        Operation::SetUserMfaPreference => set_user_mfa_preference(shared, req),
        Operation::GetUser => get_user(shared, req),
        Operation::ChangePassword => change_password(shared, req),
        Operation::SignUp => account::sign_up(shared, req),
        Operation::ConfirmSignUp => account::confirm_sign_up(shared, req),
        Operation::ResendConfirmationCode => account::resend_confirmation_code(shared, req),
        Operation::ForgotPassword => account::forgot_password(shared, req),
        Operation::ConfirmForgotPassword => account::confirm_forgot_password(shared, req),
        Operation::UpdateUserAttributes => account::update_user_attributes(shared, req),
        Operation::GetUserAttributeVerificationCode => {
            account::get_user_attribute_verification_code(shared, req)
        }
        Operation::VerifyUserAttribute => account::verify_user_attribute(shared, req),
        Operation::DeleteUserAttributes => account::delete_user_attributes(shared, req),
        Operation::DeleteUser => account::delete_user(shared, req),
        Operation::AdminConfirmSignUp => account::admin_confirm_sign_up(shared, req),
        Operation::AdminResetUserPassword => account::admin_reset_user_password(shared, req),
        Operation::AdminUpdateUserAttributes => account::admin_update_user_attributes(shared, req),
        Operation::AdminDeleteUserAttributes => account::admin_delete_user_attributes(shared, req),
        Operation::GetTokensFromRefreshToken => tokens::get_tokens_from_refresh_token(shared, req),
        _ => Err(ApiError::new(ErrorCode::UnknownOperation, "")),
    }
}

/// Typed access to a request body.
#[derive(Clone, Copy)]
struct Req<'a>(&'a Value);

impl<'a> Req<'a> {
    fn opt(self, name: &str) -> Result<Option<&'a str>, ApiError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(ApiError::new(ErrorCode::Serialization, format!("{name} must be a string"))),
        }
    }

    fn str(self, name: &str) -> Result<&'a str, ApiError> {
        self.opt(name)?.filter(|s| !s.is_empty()).ok_or_else(|| ApiError::missing(name))
    }

    /// The body as proto's request type `T`, read as Cognito validates: a `required` member
    /// missing or empty is an InvalidParameterException naming it (checked first, in order),
    /// a member of the wrong JSON type a SerializationException saying what was expected.
    fn typed<T: DeserializeOwned>(self, required: &[&str]) -> Result<T, ApiError> {
        for name in required {
            self.str(name)?;
        }
        T::deserialize(self.0).map_err(|e| ApiError::new(ErrorCode::Serialization, e.to_string()))
    }
}

/// `AuthParameters` or `ChallengeResponses`: an empty value counts as absent.
#[derive(Clone, Copy)]
struct Params<'a>(&'a Parameters);

impl<'a> Params<'a> {
    fn opt(self, name: &str) -> Option<&'a str> {
        self.0.get_nonempty(name)
    }

    fn str(self, name: &str) -> Result<&'a str, ApiError> {
        self.opt(name)
            .ok_or_else(|| ApiError::invalid_parameter(format!("Missing required parameter {name}")))
    }

    fn prefixed(self, prefix: &str) -> Vec<(String, String)> {
        self.0.iter().filter_map(|(k, v)| Some((k.strip_prefix(prefix)?.to_owned(), v.to_owned()))).collect()
    }
}

/// A secret member that must be there (and not empty), or Cognito's "Value null" error.
fn present<'a>(value: Option<&'a SecretString>, name: &str) -> Result<&'a str, ApiError> {
    value.map(SecretString::expose_secret).filter(|v| !v.is_empty()).ok_or_else(|| ApiError::missing(name))
}

/// The answer of an operation that answers nothing.
fn empty() -> Res {
    answer(&EmptyResponse::default())
}

/// A page size: Cognito's default and most (60), at least 1.
/// A `Limit` of ListUsers or (Admin)ListDevices (`QueryLimitType`, 0 to 60): the page size,
/// or Cognito's validation error above 60.
fn query_limit(limit: Option<u32>) -> Result<usize, ApiError> {
    if let Some(limit) = limit.filter(|l| *l > 60) {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60"
        )));
    }
    Ok(page_size(limit))
}

fn page_size(limit: Option<u32>) -> usize {
    usize::try_from(limit.unwrap_or(60).clamp(1, 60)).unwrap_or(60)
}

/// An answer as JSON (every answer type serializes to an object).
fn answer<T: Serialize>(value: &T) -> Res {
    serde_json::to_value(value).map_err(|e| ApiError::internal(e.to_string()))
}

// ---------------------------------------------------------------------------------------
// Set-up operations (unsigned, as moto accepts them)
// ---------------------------------------------------------------------------------------

/// Seconds since the epoch as Cognito writes dates (a number, maybe with a fraction).
fn epoch(seconds: u64) -> Option<f64> {
    u32::try_from(seconds).ok().map(f64::from)
}

fn mfa_to_wire(mfa: MfaConfiguration) -> WireMfa {
    match mfa {
        MfaConfiguration::Off => WireMfa::Off,
        MfaConfiguration::Optional => WireMfa::Optional,
        MfaConfiguration::On => WireMfa::On,
    }
}

fn mfa_from_wire(mfa: &WireMfa) -> Result<MfaConfiguration, ApiError> {
    match mfa {
        WireMfa::Off => Ok(MfaConfiguration::Off),
        WireMfa::Optional => Ok(MfaConfiguration::Optional),
        WireMfa::On => Ok(MfaConfiguration::On),
        other => Err(ApiError::invalid_parameter(format!("Invalid MfaConfiguration {other}"))),
    }
}

fn mfa_config(pool: &Pool) -> Res {
    let software_token = SoftwareTokenMfaConfigType::new(pool.mfa != MfaConfiguration::Off);
    let mut response = UserPoolMfaConfigResponse::new(mfa_to_wire(pool.mfa), software_token);
    response.email_mfa_configuration = pool.email_mfa.then(EmailMfaConfigType::new);
    answer(&response)
}

/// SetUserPoolMfaConfig: SMS and TOTP are always available; this sets `MfaConfiguration`,
/// and email MFA on when `EmailMfaConfiguration` is given (off when not, as Cognito replaces
/// the whole configuration; Essentials tier or higher).
fn set_user_pool_mfa_config(shared: &Shared, req: Req<'_>) -> Res {
    let request: SetUserPoolMfaConfigRequest = req.typed(&[member::USER_POOL_ID])?;
    let mfa = request.mfa_configuration.as_ref().map(mfa_from_wire).transpose()?;
    let mut state = shared.lock();
    let pool = state.pool_mut(&request.user_pool_id)?;
    let email_mfa = request.email_mfa_configuration.is_some();
    if email_mfa && pool.tier == UserPoolTier::Lite {
        return Err(ApiError::new(
            ErrorCode::FeatureUnavailableInTier,
            "Email MFA requires the Essentials feature plan or higher.",
        ));
    }
    pool.email_mfa = email_mfa;
    if let Some(mfa) = mfa {
        pool.mfa = mfa;
    }
    mfa_config(pool)
}

fn get_user_pool_mfa_config(shared: &Shared, req: Req<'_>) -> Res {
    let request: UserPoolRequest = req.typed(&[member::USER_POOL_ID])?;
    let state = shared.lock();
    mfa_config(state.pool(&request.user_pool_id)?)
}

/// A request that names a pool and a user.
fn admin_user(req: Req<'_>) -> Result<AdminUserRequest, ApiError> {
    req.typed(&[member::USER_POOL_ID, member::USERNAME])
}

fn admin_delete_user(shared: &Shared, req: Req<'_>) -> Res {
    let request = admin_user(req)?;
    let (pool_id, name) = (request.user_pool_id.as_str(), request.username.as_str());
    let mut state = shared.lock();
    let pool = state.pool_mut(pool_id)?;
    let username = pool.find_user(name).ok_or_else(ApiError::user_not_found)?.username.clone();
    account::remove_user(&mut state, pool_id, &username)?;
    empty()
}

/// AdminDisableUser (which also revokes the user's tokens, as on Cognito) / AdminEnableUser.
fn admin_set_enabled(shared: &Shared, req: Req<'_>, enabled: bool) -> Res {
    let request = admin_user(req)?;
    let (pool_id, name) = (request.user_pool_id.as_str(), request.username.as_str());
    let now = shared.now();
    let mut state = shared.lock();
    let pool = state.pool_mut(pool_id)?;
    let username = pool.find_user(name).ok_or_else(ApiError::user_not_found)?.username.clone();
    let user = pool.user_mut(&username)?;
    user.enabled = enabled;
    user.modified = now;
    if !enabled {
        sign_out_everywhere(&mut state, pool_id, &username);
    }
    empty()
}

/// ListUsers with `Limit`, `PaginationToken` and a `Filter` of the form `attr = "value"` or
/// `attr ^= "prefix"` (`username`, `status` and `sub` too).
fn list_users(shared: &Shared, req: Req<'_>) -> Res {
    let request: ListUsersRequest = req.typed(&[member::USER_POOL_ID])?;
    let pool_id = request.user_pool_id.as_str();
    let limit = query_limit(request.limit)?;
    let after = request
        .pagination_token
        .as_deref()
        .map(|t| paging::decode(&shared.keys.paging_key, USERS, pool_id, t))
        .transpose()?;
    let filter = match request.filter.as_deref().filter(|f| !f.trim().is_empty()) {
        None => None,
        Some(text) => Some(parse_filter(text)?),
    };
    let state = shared.lock();
    let pool = state.pool(pool_id)?;
    let matching = pool.users.values().filter(|u| {
        filter.as_ref().is_none_or(|(attr, prefix, value)| {
            let status = u.status.wire();
            let actual = match attr.as_str() {
                "username" => Some(u.username.as_str()),
                "status" | "cognito:user_status" => Some(status.as_str()),
                other => u.attributes.get(other).map(String::as_str),
            };
            actual.is_some_and(|a| if *prefix { a.starts_with(value.as_str()) } else { a == value })
        })
    });
    let (users, next) = paging::page(matching.map(|u| (u.username.as_str(), u)), after.as_deref(), limit);
    let page: Vec<UserType> = users.into_iter().map(user_type).collect();
    let next = next.map(|last| paging::encode(&shared.keys.paging_key, USERS, pool_id, &last)).transpose()?;
    answer(&ListUsersResponse::new(page, next))
}

/// `attr = "value"` or `attr ^= "value"` -> (attr, is_prefix, value).
fn parse_filter(text: &str) -> Result<(String, bool, String), ApiError> {
    let bad = || ApiError::invalid_parameter(format!("Invalid search filter {text}"));
    let (attr, prefix, rest) = if let Some((a, r)) = text.split_once("^=") {
        (a, true, r)
    } else {
        let (a, r) = text.split_once('=').ok_or_else(bad)?;
        (a, false, r)
    };
    let value = rest.trim().strip_prefix('"').and_then(|v| v.strip_suffix('"')).ok_or_else(bad)?;
    let attr = attr.trim();
    if attr.is_empty() {
        return Err(bad());
    }
    Ok((attr.to_owned(), prefix, value.to_owned()))
}

/// `UserAttributes`, each checked against the schema for an admin writer.
fn admin_attributes(list: Option<&[AttributeType]>) -> Result<BTreeMap<String, String>, ApiError> {
    let mut attrs = BTreeMap::new();
    for item in list.unwrap_or_default() {
        let value = item.value.as_deref().unwrap_or_default();
        attributes::check(&item.name, value, Writer::Admin)?;
        attrs.insert(item.name.clone(), value.to_owned());
    }
    Ok(attrs)
}

fn admin_create_user(shared: &Shared, req: Req<'_>) -> Res {
    let request: AdminCreateUserRequest = req.typed(&[member::USER_POOL_ID])?;
    let pool_id = request.user_pool_id.as_str();
    let attrs = admin_attributes(request.user_attributes.as_deref())?;
    let password = match request.temporary_password.as_ref().map(SecretString::expose_secret) {
        Some(p) if !p.is_empty() => {
            account::check_policy(shared.lock().pool(pool_id)?, p, false)?;
            p.to_owned()
        }
        _ => format!("Tmp-{}1a!", util::random_text(12, b"abcdefghijklmnopqrstuvwxyz")?),
    };
    let config = UserConfig {
        username: request.username.clone(),
        password,
        permanent: false,
        email: attrs.get(attribute::EMAIL).cloned(),
        phone: attrs.get(attribute::PHONE_NUMBER).cloned(),
        ..UserConfig::default()
    };
    // The temporary password's verifier, for the username given, without the lock (a
    // generated username's is computed under it: not known before). A failure here leaves it
    // to `create_user_with`, which names what was wrong.
    let fresh = new_credentials(shared, pool_srp_name(pool_id), &config.username, &config.password).ok();
    let now = shared.now();
    let mut state = shared.lock();
    let precomputed = fresh.map(|f| (config.username.as_str(), f.salt, f.verifier));
    let username = state.create_user_with(pool_id, &config, now, precomputed)?;
    let pool = state.pool_mut(pool_id)?;
    let user = pool.user_mut(&username)?;
    for (k, v) in attrs {
        if k.ends_with("_verified") {
            // An explicit verification state from the administrator wins over the default.
            user.attributes.insert(k, v);
        } else {
            user.attributes.entry(k).or_insert(v);
        }
    }
    let pool = state.pool(pool_id)?;
    answer(&AdminCreateUserResponse::new(user_type(pool.user(&username)?)))
}

fn attribute_list(user: &crate::state::User) -> Vec<AttributeType> {
    user.attributes.iter().map(|(k, v)| AttributeType::new(k.as_str(), Some(v))).collect()
}

/// The user as `UserType` (AdminCreateUser, ListUsers).
fn user_type(user: &crate::state::User) -> UserType {
    let mut v = UserType::new(user.username.as_str(), user.enabled);
    v.attributes = attribute_list(user);
    v.user_create_date = epoch(user.created);
    v.user_last_modified_date = epoch(user.modified);
    v.user_status = Some(user.status.wire());
    v
}

/// The user's MFA methods and preference, as GetUser and AdminGetUser name them.
fn mfa_settings(user: &crate::state::User) -> (Option<String>, Option<Vec<String>>) {
    let list = user.factors().iter().map(|k| k.name().as_str().to_owned()).collect();
    (user.preferred.map(|p| p.name().as_str().to_owned()), Some(list))
}

fn admin_set_user_password(shared: &Shared, req: Req<'_>) -> Res {
    let request: AdminSetUserPasswordRequest =
        req.typed(&[member::USER_POOL_ID, member::USERNAME, member::PASSWORD])?;
    let (pool_id, name) = (request.user_pool_id.as_str(), request.username.as_str());
    let password = request.password.expose_secret();
    let permanent = request.permanent.unwrap_or(false);
    let now = shared.now();
    let (username, srp_name) = {
        let state = shared.lock();
        let pool = state.pool(pool_id)?;
        let username = pool.find_user(name).ok_or_else(ApiError::user_not_found)?.username.clone();
        account::check_policy(pool, password, false)?;
        (username, pool.srp_name().to_owned())
    };
    // The new verifier without the lock; a user deleted meanwhile is not found.
    let fresh = new_credentials(shared, &srp_name, &username, password)?;
    let mut state = shared.lock();
    let user = state.pool_mut(pool_id)?.user_mut(&username)?;
    user.salt = fresh.salt;
    user.verifier = fresh.verifier;
    user.status = if permanent { UserStatus::Confirmed } else { UserStatus::ForceChangePassword };
    user.password_set = now;
    user.modified = now;
    empty()
}

/// `PreferredMfa`: `true` makes `kind` the preferred factor; `false` unmarks it if it was
/// (the user then chooses with `SELECT_MFA_TYPE` when she has several), as Amplify's
/// `notPreferred` relies on.
fn prefer(user: &mut crate::state::User, kind: MfaKind, preferred: Option<bool>) {
    match preferred {
        Some(true) => user.preferred = Some(kind),
        Some(false) if user.preferred == Some(kind) => user.preferred = None,
        _ => {}
    }
}

fn apply_mfa_preference(
    pool_email_mfa: bool,
    user: &mut crate::state::User,
    sms: Option<MfaSettings>,
    totp: Option<MfaSettings>,
    email: Option<MfaSettings>,
) -> Result<(), ApiError> {
    if let Some(s) = email {
        if let Some(enabled) = s.enabled {
            if enabled && !pool_email_mfa {
                return Err(ApiError::invalid_parameter("Email MFA is not enabled for this user pool."));
            }
            if enabled && !user.attributes.contains_key(attribute::EMAIL) {
                return Err(ApiError::invalid_parameter("User does not have an email address."));
            }
            user.email_mfa_enabled = enabled;
        }
        prefer(user, MfaKind::Email, s.preferred_mfa);
    }
    if let Some(s) = totp {
        if let Some(enabled) = s.enabled {
            if enabled && user.totp_secret.is_none() {
                return Err(ApiError::invalid_parameter("User has not set up software token mfa"));
            }
            user.totp_enabled = enabled;
        }
        prefer(user, MfaKind::Totp, s.preferred_mfa);
    }
    if let Some(s) = sms {
        if let Some(enabled) = s.enabled {
            user.sms_enabled = enabled;
        }
        prefer(user, MfaKind::Sms, s.preferred_mfa);
    }
    if user.preferred.is_some_and(|p| !user.factors().contains(&p)) {
        user.preferred = user.factors().first().copied();
    }
    Ok(())
}

fn admin_set_mfa_preference(shared: &Shared, req: Req<'_>) -> Res {
    let request: AdminSetUserMfaPreferenceRequest = req.typed(&[member::USER_POOL_ID, member::USERNAME])?;
    let mut state = shared.lock();
    let pool = state.pool_mut(&request.user_pool_id)?;
    let username = pool.find_user(&request.username).ok_or_else(ApiError::user_not_found)?.username.clone();
    let email_mfa = pool.email_mfa;
    let user = pool.user_mut(&username)?;
    let (sms, totp, email) =
        (request.sms_mfa_settings, request.software_token_mfa_settings, request.email_mfa_settings);
    apply_mfa_preference(email_mfa, user, sms, totp, email)?;
    empty()
}

fn admin_get_user(shared: &Shared, req: Req<'_>) -> Res {
    let request = admin_user(req)?;
    let (pool_id, name) = (request.user_pool_id.as_str(), request.username.as_str());
    let state = shared.lock();
    let user = state.pool(pool_id)?.find_user(name).ok_or_else(ApiError::user_not_found)?;
    let mut v = AdminGetUserResponse::new(user.username.as_str(), user.enabled);
    v.user_attributes = attribute_list(user);
    v.user_create_date = epoch(user.created);
    v.user_last_modified_date = epoch(user.modified);
    v.user_status = Some(user.status.wire());
    (v.preferred_mfa_setting, v.user_mfa_setting_list) = mfa_settings(user);
    answer(&v)
}

fn device_type(d: &Device) -> DeviceType {
    let remembered = DeviceRememberedStatus::from_bool(d.remembered);
    let mut attrs = vec![
        AttributeType::new(device_attribute::STATUS, Some(device_attribute::STATUS_VALID)),
        AttributeType::new(device_attribute::REMEMBERED_STATUS, Some(remembered.as_str())),
        AttributeType::new(device_attribute::LAST_IP_USED, Some("127.0.0.1")),
    ];
    if let Some(name) = &d.name {
        attrs.push(AttributeType::new(device_attribute::NAME, Some(name)));
    }
    let mut v = DeviceType::new(d.key.as_str());
    v.device_attributes = attrs;
    v.device_create_date = epoch(d.created);
    v.device_last_modified_date = epoch(d.modified);
    v.device_last_authenticated_date = epoch(d.last_authenticated);
    v
}

/// A page of a user's confirmed devices; the token is opaque (see `paging`).
fn device_page(shared: &Shared, pool: &Pool, username: &str, limit: Option<u32>, token: Option<&str>) -> Res {
    let scope = format!("{}\0{username}", pool.id);
    let after = token.map(|t| paging::decode(&shared.keys.paging_key, DEVICES, &scope, t)).transpose()?;
    let mine = pool.devices.values().filter(|d| d.username == username && d.verifier.is_some());
    let (devices, next) =
        paging::page(mine.map(|d| (d.key.as_str(), d)), after.as_deref(), query_limit(limit)?);
    let mut page = ListDevicesResponse::default();
    page.devices = devices.into_iter().map(device_type).collect();
    page.pagination_token =
        next.map(|last| paging::encode(&shared.keys.paging_key, DEVICES, &scope, &last)).transpose()?;
    answer(&page)
}

/// Kinds of the pagination tokens of this file's lists.
const DEVICES: &str = "devices";
const USERS: &str = "users";

fn admin_list_devices(shared: &Shared, req: Req<'_>) -> Res {
    let request: AdminListDevicesRequest = req.typed(&[member::USER_POOL_ID, member::USERNAME])?;
    let state = shared.lock();
    let pool = state.pool(&request.user_pool_id)?;
    let user = pool.find_user(&request.username).ok_or_else(ApiError::user_not_found)?;
    device_page(shared, pool, &user.username, request.limit, request.pagination_token.as_deref())
}

fn admin_forget_device(shared: &Shared, req: Req<'_>) -> Res {
    let request: AdminForgetDeviceRequest =
        req.typed(&[member::USER_POOL_ID, member::DEVICE_KEY, member::USERNAME])?;
    let (pool_id, key) = (request.user_pool_id.as_str(), request.device_key.as_str());
    let mut state = shared.lock();
    let pool = state.pool_mut(pool_id)?;
    let username = pool.find_user(&request.username).ok_or_else(ApiError::user_not_found)?.username.clone();
    match pool.devices.get(key) {
        Some(d) if d.username == username => {
            pool.devices.remove(key);
            empty()
        }
        _ => Err(ApiError::device_gone()),
    }
}

// ---------------------------------------------------------------------------------------
// Sign-in
// ---------------------------------------------------------------------------------------

/// Checks SECRET_HASH for a client with a secret.
fn check_secret_hash(
    state: &State,
    client_id: &str,
    username: &str,
    given: Option<&str>,
) -> Result<(), ApiError> {
    let client = state.client(client_id)?;
    let Some(secret) = &client.secret else { return Ok(()) };
    let Some(given) = given else {
        return Err(ApiError::not_authorized(format!(
            "Client {client_id} is configured with secret but SECRET_HASH was not received"
        )));
    };
    if util::ct_eq(&util::secret_hash(secret, username, client_id), given) {
        Ok(())
    } else {
        Err(ApiError::not_authorized(format!("Unable to verify secret hash for client {client_id}")))
    }
}

fn new_session_token() -> Result<String, ApiError> {
    util::random_b64(96)
}

fn new_secret_block() -> Result<String, ApiError> {
    util::random_b64(1024)
}

/// Stores a session and returns the challenge answer.
fn challenge(state: &mut State, now: u64, flow: Flow, pending: Pending, params: Parameters) -> Res {
    let token = new_session_token()?;
    let name = pending.challenge_name();
    let expires = now.saturating_add(state.session_seconds(&flow.client_id));
    state.sessions.insert(token.clone(), Session { flow, pending, expires, failures: 0 });
    let mut response = AuthResponse::default();
    response.challenge_name = Some(name);
    response.session = Some(SecretString::new(token));
    response.challenge_parameters = params;
    answer(&response)
}

fn initiate_auth(shared: &Shared, req: Req<'_>) -> Res {
    let request: InitiateAuthRequest = req.typed(&[member::AUTH_FLOW, member::CLIENT_ID])?;
    start_auth(
        shared,
        Entry::User,
        &request.auth_flow,
        &request.client_id,
        &request.auth_parameters,
        request.session.as_ref(),
    )
}

/// Who starts or answers a sign-in: an app (InitiateAuth, RespondToAuthChallenge) or a
/// server with credentials naming the pool too (AdminInitiateAuth,
/// AdminRespondToAuthChallenge). Both run the same flows.
#[derive(Clone, Copy)]
enum Entry<'a> {
    User,
    Admin { pool_id: &'a str },
}

/// InitiateAuth and AdminInitiateAuth.
fn start_auth(
    shared: &Shared,
    entry: Entry<'_>,
    flow: &AuthFlow,
    client_id: &str,
    params: &Parameters,
    session: Option<&SecretString>,
) -> Res {
    let params = Params(params);
    let now = shared.now();
    let mut state = shared.lock();
    admin_auth::entry_client(&state, entry, client_id)?;
    if *flow == AuthFlow::UserAuth
        && let Some(session) = session.map(SecretString::expose_secret).filter(|s| !s.is_empty())
    {
        // The Session of a ConfirmSignUp: the code was the first factor.
        return account::sign_in_after_sign_up(&mut state, shared, now, client_id, session, params);
    }
    let client = admin_auth::entry_client(&state, entry, client_id)?;
    let pool_id = client.pool_id.clone();
    let flow = match (flow.clone(), entry) {
        (AuthFlow::RefreshToken, _) => AuthFlow::RefreshTokenAuth,
        (
            f @ (AuthFlow::UserSrpAuth
            | AuthFlow::RefreshTokenAuth
            | AuthFlow::CustomAuth
            | AuthFlow::UserAuth),
            _,
        )
        | (f @ AuthFlow::UserPasswordAuth, Entry::User) => f,
        (AuthFlow::AdminNoSrpAuth | AuthFlow::AdminUserPasswordAuth, Entry::Admin { .. }) => {
            AuthFlow::AdminUserPasswordAuth
        }
        (AuthFlow::AdminNoSrpAuth | AuthFlow::AdminUserPasswordAuth, Entry::User) => {
            return Err(ApiError::invalid_parameter(format!(
                "Auth flow {flow} is not supported by InitiateAuth"
            )));
        }
        (AuthFlow::UserPasswordAuth, Entry::Admin { .. }) => {
            return Err(ApiError::invalid_parameter(format!(
                "Auth flow {flow} is not supported by AdminInitiateAuth"
            )));
        }
        (other, _) => {
            return Err(ApiError::invalid_parameter(format!(
                "1 validation error detected: Value '{other}' at 'authFlow' failed to satisfy constraint"
            )));
        }
    };
    if !admin_auth::client_allows(client, &flow) {
        return Err(ApiError::invalid_parameter(format!("{flow} flow not enabled for this client")));
    }
    if flow == AuthFlow::UserAuth {
        user_auth::check_tier(state.pool(&pool_id)?)?;
    }
    if flow == AuthFlow::RefreshTokenAuth {
        return refresh(&mut state, shared, now, client_id, params);
    }
    // CUSTOM_AUTH (with or without SRP_A) needs a configured custom challenge, as Cognito
    // needs its Lambda triggers: there is no default answer.
    if flow == AuthFlow::CustomAuth && state.pool(&pool_id)?.custom_answer.is_none() {
        return Err(ApiError::invalid_parameter(
            "Custom auth lambda trigger is not configured for the user pool.",
        ));
    }
    let typed = params.str(param::USERNAME)?;
    check_secret_hash(&state, client_id, typed, params.opt(param::SECRET_HASH))?;
    let found = current_user(&state, &pool_id, typed);
    let flow_state = Flow {
        pool_id: pool_id.clone(),
        client_id: client_id.to_owned(),
        username: found.as_ref().map_or_else(|_| typed.to_owned(), |(u, _)| u.clone()),
        device_key: params.opt(param::DEVICE_KEY).map(str::to_owned),
        mfa_done: false,
        device_done: false,
        custom: flow == AuthFlow::CustomAuth,
    };
    let (username, credentials) = match found {
        Err(err)
            if err.code == ErrorCode::UserNotFound
                && state.client(client_id)?.prevent_user_existence_errors =>
        {
            return account::unknown_user(shared, state, now, flow_state, &flow, params, typed);
        }
        other => other?,
    };
    match flow {
        AuthFlow::UserPasswordAuth | AuthFlow::AdminUserPasswordAuth => {
            let password = params.str(param::PASSWORD)?;
            password_then_next(shared, state, now, flow_state, &credentials, password)
        }
        AuthFlow::UserAuth => user_auth::start(shared, state, now, flow_state, credentials, params),
        AuthFlow::CustomAuth if params.opt(param::SRP_A).is_none() => {
            let params = Parameters::new().with(param::USERNAME, username);
            challenge(&mut state, now, flow_state, Pending::CustomChallenge, params)
        }
        _ => {
            let srp_a = params.str(param::SRP_A)?;
            drop(state);
            password_verifier(shared, now, flow_state, credentials, srp_a)
        }
    }
}

/// USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH's PASSWORD: checks the password,
/// then the next step.
fn password_then_next(
    shared: &Shared,
    state: std::sync::MutexGuard<'_, State>,
    now: u64,
    flow: Flow,
    credentials: &Credentials,
    password: &str,
) -> Res {
    // The verifier of the given password costs a 3072-bit exponentiation: without the
    // lock. The password must match the user as she is when the lock is taken again.
    drop(state);
    let srp_name = pool_srp_name(&flow.pool_id);
    let given =
        srp_math(shared, || Verifier::for_user(srp_name, &flow.username, password, &credentials.salt));
    if !given.is_ok_and(|v| v == credentials.verifier) {
        return Err(ApiError::incorrect());
    }
    let mut state = shared.lock();
    if current_user(&state, &flow.pool_id, &flow.username)?.1 != *credentials {
        return Err(ApiError::incorrect());
    }
    next_step(&mut state, shared, now, flow)
}

/// What SRP needs of a user: salt and verifier (compared to see whether she changed).
#[derive(Clone, PartialEq, Eq)]
struct Credentials {
    salt: [u8; 16],
    verifier: Verifier,
}

/// The user `name` finds (username, alias or sub), if she may sign in: her internal username
/// and credentials.
fn current_user(state: &State, pool_id: &str, name: &str) -> Result<(String, Credentials), ApiError> {
    let user = state.pool(pool_id)?.find_user(name).ok_or_else(ApiError::user_not_found)?;
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    account::password_enabled(user)?;
    Ok((user.username.clone(), Credentials { salt: user.salt, verifier: user.verifier.clone() }))
}

/// A fresh salt and the verifier of `password` (computed with [`srp_math`]).
fn new_credentials(
    shared: &Shared,
    srp_name: &str,
    username: &str,
    password: &str,
) -> Result<Credentials, ApiError> {
    let mut salt = [0u8; 16];
    util::random_bytes(&mut salt)?;
    // Kept with its powers: each SRP sign-in's claim check is then about a quarter cheaper.
    let verifier = srp_math(shared, || {
        Verifier::for_user(srp_name, username, password, &salt).map(Verifier::with_powers)
    })
    .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(Credentials { salt, verifier })
}

/// The part of a pool id after `_` (what SRP hashes).
fn pool_srp_name(pool_id: &str) -> &str {
    pool_id.split_once('_').map_or(pool_id, |(_, n)| n)
}

/// Runs SRP arithmetic (3072-bit exponentiations); callers hold no state lock. Tests record
/// whether the lock was held anyway.
fn srp_math<T>(shared: &Shared, work: impl FnOnce() -> T) -> T {
    #[cfg(test)]
    shared.probe_lock();
    #[cfg(test)]
    shared.run_race_hook();
    #[cfg(not(test))]
    let _ = shared;
    work()
}

/// The PASSWORD_VERIFIER challenge: B = kv + g^b from the user's verifier, computed without
/// the lock; stored only if the user is unchanged meanwhile (else computed again).
fn password_verifier(
    shared: &Shared,
    now: u64,
    flow: Flow,
    mut credentials: Credentials,
    srp_a: &str,
) -> Res {
    srp_math(shared, || reject_zero_a(srp_a))?;
    for _ in 0..3 {
        let server = srp_math(shared, || server_ephemeral(&credentials.verifier));
        let mut state = shared.lock();
        let (username, now_credentials) = current_user(&state, &flow.pool_id, &flow.username)?;
        if username != flow.username {
            return Err(ApiError::user_not_found());
        }
        if now_credentials != credentials {
            // The password changed meanwhile: B must come from the new verifier.
            credentials = now_credentials;
            continue;
        }
        let secret_block = new_secret_block()?;
        let params = Parameters::new()
            .with(param::SALT, salt_hex(&credentials.salt).as_str())
            .with(param::SRP_B, server.public_hex().as_str())
            .with(param::SECRET_BLOCK, secret_block.as_str())
            .with(param::USERNAME, flow.username.as_str())
            .with(param::USER_ID_FOR_SRP, flow.username.as_str());
        let pending = Pending::PasswordVerifier { server, srp_a: srp_a.to_owned(), secret_block };
        return challenge(&mut state, now, flow, pending, params);
    }
    Err(ApiError::new(ErrorCode::TooManyRequests, "The user's password is changing; try again."))
}

/// Whether this build stubs the server's SRP and token arithmetic out, for measuring the
/// emulator's throughput without it (benches/README.md, "Emulator throughput"). Only a
/// benchmark build has it: `RUSTFLAGS="--cfg cognito_srp_bench_stub_crypto"`, never a cargo
/// feature (`--all-features` would turn it on), never a run-time setting. Such a build
/// accepts every password and device claim and signs no token.
pub(crate) const STUB_CRYPTO: bool = cfg!(cognito_srp_bench_stub_crypto);

/// The server's ephemeral for `verifier`: B = kv + g^b for a random b (in a stubbed build,
/// b = 1: no exponentiation).
fn server_ephemeral(verifier: &Verifier) -> ServerEphemeral {
    if STUB_CRYPTO && let Ok(server) = ServerEphemeral::from_secret_bytes(&[1], verifier) {
        return server;
    }
    ServerEphemeral::generate(&mut rng(), verifier)
}

/// Checks a claim with [`srp_math`]; a stubbed build accepts it unchecked.
fn stub_or<E>(shared: &Shared, verify: impl FnOnce() -> Result<(), E>) -> Result<(), E> {
    if STUB_CRYPTO { Ok(()) } else { srp_math(shared, verify) }
}

/// A mod N == 0 (and unparsable A) is refused before any work: one Montgomery
/// multiplication ([`check_srp_a`]), no exponentiation.
fn reject_zero_a(srp_a: &str) -> Result<(), ApiError> {
    if STUB_CRYPTO {
        return Ok(());
    }
    match check_srp_a(srp_a) {
        Err(cognito_srp_core::Error::ZeroModN(_)) => {
            Err(ApiError::invalid_parameter("SRP_A is invalid: A mod N is zero"))
        }
        Err(_) => Err(ApiError::invalid_parameter("SRP_A is not a valid hexadecimal number")),
        Ok(()) => Ok(()),
    }
}

fn rng() -> cognito_srp_core::rand_core::UnwrapErr<getrandom::SysRng> {
    cognito_srp_core::rand_core::UnwrapErr(getrandom::SysRng)
}

/// Decides what follows a successful step: new password, device path, MFA, or tokens.
fn next_step(state: &mut State, shared: &Shared, now: u64, mut flow: Flow) -> Res {
    let pool = state.pool(&flow.pool_id)?;
    let user = pool.user(&flow.username)?;
    account::may_sign_in(pool, user, now)?;
    if user.status == UserStatus::ForceChangePassword {
        let attrs: Map<String, Value> = user
            .attributes
            .iter()
            .filter(|(k, _)| k.as_str() != attribute::SUB && k.as_str() != attribute::EMAIL_VERIFIED)
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        let params = Parameters::new()
            .with(param::USER_ID_FOR_SRP, user.username.as_str())
            .with(param::REQUIRED_ATTRIBUTES, "[]")
            .with(param::USER_ATTRIBUTES, Value::Object(attrs).to_string());
        return challenge(state, now, flow, Pending::NewPasswordRequired, params);
    }
    // A remembered device (proven by DEVICE_PASSWORD_VERIFIER) stands in for MFA.
    let mut remembered_device = false;
    if let Some(key) = flow.device_key.clone() {
        let device = pool.devices.get(&key).filter(|d| d.username == flow.username && d.verifier.is_some());
        let Some(device) = device else {
            return Err(ApiError::device_gone());
        };
        // ChallengeRequiredOnNewDevice: only then does a remembered device stand in for MFA.
        remembered_device =
            device.remembered && pool.device_tracking.is_some_and(|t| t.challenge_required_on_new_device);
        if flow.device_done {
            // Proven: nothing more to do for the device.
        } else if remembered_device || flow.mfa_done || mfa_factor(pool, user).is_none() {
            let params =
                Parameters::new().with(param::USERNAME, flow.username.as_str()).with(param::DEVICE_KEY, key);
            return challenge(state, now, flow, Pending::DeviceSrpAuth, params);
        }
    }
    if !flow.mfa_done && !remembered_device {
        if let Some(step) = mfa_factor(pool, user) {
            return match step {
                MfaStep::Choose => {
                    let factors = user_auth::mfa_factors(pool, user);
                    let choices =
                        Value::from(factors.iter().map(|k| k.name().to_string()).collect::<Vec<_>>());
                    let params = Parameters::new()
                        .with(param::USERNAME, flow.username.as_str())
                        .with(param::MFAS_CAN_CHOOSE, choices.to_string());
                    challenge(state, now, flow, Pending::SelectMfaType, params)
                }
                MfaStep::Setup => {
                    let params = Parameters::new()
                        .with(param::MFAS_CAN_SETUP, json!([ChallengeName::SoftwareTokenMfa]).to_string())
                        .with(param::USERNAME, flow.username.as_str());
                    challenge(state, now, flow, Pending::MfaSetup { secret: None, verified: false }, params)
                }
                MfaStep::Factor(kind) => mfa_challenge(state, now, flow, kind),
            };
        }
        flow.mfa_done = true;
    }
    if flow.custom && pool.custom_answer.is_some() {
        // CUSTOM_AUTH with SRP_A: the custom challenge follows the password (and MFA) checks.
        flow.custom = false;
        let params = Parameters::new().with(param::USERNAME, flow.username.as_str());
        return challenge(state, now, flow, Pending::CustomChallenge, params);
    }
    issue_tokens(state, shared, now, &flow)
}

enum MfaStep {
    Factor(MfaKind),
    Choose,
    Setup,
}

fn mfa_factor(pool: &Pool, user: &crate::state::User) -> Option<MfaStep> {
    if pool.mfa == MfaConfiguration::Off {
        return None;
    }
    let factors = user_auth::mfa_factors(pool, user);
    match (factors.as_slice(), user.preferred.filter(|p| factors.contains(p))) {
        ([], _) if pool.mfa == MfaConfiguration::On => Some(MfaStep::Setup),
        ([], _) => None,
        ([one], _) => Some(MfaStep::Factor(*one)),
        (_, Some(p)) => Some(MfaStep::Factor(p)),
        (_, None) => Some(MfaStep::Choose),
    }
}

fn mfa_challenge(state: &mut State, now: u64, flow: Flow, kind: MfaKind) -> Res {
    let pool = state.pool(&flow.pool_id)?;
    let user = pool.user(&flow.username)?;
    if kind == MfaKind::Email {
        return user_auth::email_mfa_challenge(state, now, flow);
    }
    let (code, params) = match kind {
        MfaKind::Totp | MfaKind::Email => {
            (None, Parameters::new().with(param::USERNAME, flow.username.as_str()))
        }
        MfaKind::Sms => {
            let phone = user.attributes.get(attribute::PHONE_NUMBER).cloned().unwrap_or_default();
            let masked: String = phone
                .chars()
                .enumerate()
                .map(|(i, c)| if i + 4 < phone.chars().count() && i > 0 { '*' } else { c })
                .collect();
            let code = util::six_digits()?;
            (
                Some(code),
                Parameters::new()
                    .with(param::USERNAME, flow.username.as_str())
                    .with(param::CODE_DELIVERY_DELIVERY_MEDIUM, DeliveryMedium::Sms.as_str())
                    .with(param::CODE_DELIVERY_DESTINATION, masked),
            )
        }
    };
    if let Some(code) = &code {
        let phone = user.attributes.get(attribute::PHONE_NUMBER).cloned().unwrap_or_default();
        let expires_at = now.saturating_add(state.session_seconds(&flow.client_id));
        state.outbox.send(Message {
            pool_id: flow.pool_id.clone(),
            username: flow.username.clone(),
            medium: DeliveryMedium::Sms,
            destination: phone,
            purpose: CodePurpose::SignInMfa,
            code: code.clone(),
            sent_at: now,
            expires_at,
        });
    }
    challenge(state, now, flow, Pending::Mfa { kind, code }, params)
}

/// AuthenticationResult (+ NewDeviceMetadata on a device-tracking pool without a device).
fn issue_tokens(state: &mut State, shared: &Shared, now: u64, flow: &Flow) -> Res {
    let pool = state.pool(&flow.pool_id)?;
    account::may_sign_in(pool, pool.user(&flow.username)?, now)?;
    let tracking = pool.device_tracking.is_some();
    let mut device_key = flow.device_key.clone().filter(|_| flow.device_done);
    let mut new_device_metadata = None;
    if tracking && device_key.is_none() {
        let (key, group) = new_device(state, &flow.pool_id, &flow.username, now)?;
        new_device_metadata = Some(NewDeviceMetadata::new(key.clone(), group));
        device_key = Some(key);
    }
    if let Some(d) =
        device_key.as_ref().and_then(|key| state.pools.get_mut(&flow.pool_id)?.devices.get_mut(key))
    {
        d.last_authenticated = now;
    }
    let origin_jti = util::uuid()?;
    let session = TokenSession {
        pool_id: &flow.pool_id,
        client_id: &flow.client_id,
        username: &flow.username,
        device_key: device_key.as_deref(),
        origin_jti: &origin_jti,
        auth_time: now,
    };
    let mut result = issue_with_refresh(state, shared, now, &session)?;
    result.new_device_metadata = new_device_metadata;
    signed_in(result)
}

/// Devices of one user that were never confirmed, kept at most.
const MAX_UNCONFIRMED_DEVICES: usize = 50;

/// A new, unconfirmed device of `username`: (device key, device group key).
fn new_device(
    state: &mut State,
    pool_id: &str,
    username: &str,
    now: u64,
) -> Result<(String, String), ApiError> {
    let pool = state.pool_mut(pool_id)?;
    // Bounded: a user has at most MAX_UNCONFIRMED_DEVICES devices never confirmed (each
    // sign-in or DeviceKey-less refresh on a tracking pool makes one); the oldest goes first.
    let mut unconfirmed: Vec<(u64, String)> = pool
        .devices
        .values()
        .filter(|d| d.username == username && d.verifier.is_none())
        .map(|d| (d.created, d.key.clone()))
        .collect();
    if unconfirmed.len() >= MAX_UNCONFIRMED_DEVICES {
        unconfirmed.sort();
        let excess = unconfirmed.len() + 1 - MAX_UNCONFIRMED_DEVICES;
        for (_, key) in unconfirmed.into_iter().take(excess) {
            pool.devices.remove(&key);
        }
    }
    let key = format!("{}_{}", pool.region, util::uuid()?);
    let group = format!(
        "-{}",
        util::random_text(9, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")?
    );
    pool.devices.insert(
        key.clone(),
        Device {
            key: key.clone(),
            group_key: group.clone(),
            username: username.to_owned(),
            name: None,
            salt: Vec::new(),
            verifier: None,
            remembered: false,
            created: now,
            modified: now,
            last_authenticated: now,
        },
    );
    Ok((key, group))
}

/// The answer that ends a sign-in or a refresh.
fn signed_in(result: AuthenticationResult) -> Res {
    let mut response = AuthResponse::default();
    response.authentication_result = Some(result);
    answer(&response)
}

fn refresh(state: &mut State, shared: &Shared, now: u64, client_id: &str, params: Params<'_>) -> Res {
    let token = params.str(param::REFRESH_TOKEN)?;
    if state.client(client_id)?.validity.rotation.is_some() {
        return Err(ApiError::invalid_parameter(
            "Refresh token rotation is enabled for this client: REFRESH_TOKEN_AUTH is not supported, use GetTokensFromRefreshToken",
        ));
    }
    let invalid = || ApiError::not_authorized("Invalid Refresh Token");
    let tokens::Refreshing { pool_id, username, device_key, origin_jti, auth_time } =
        tokens::check_refresh(state, client_id, token, now)?;
    let user = state.pool(&pool_id)?.user(&username).map_err(|_| invalid())?;
    // SECRET_HASH: Cognito accepts the username or sub here.
    if state.client(client_id)?.secret.is_some() {
        let given = params.opt(param::SECRET_HASH);
        let ok = check_secret_hash(state, client_id, &username, given).is_ok()
            || check_secret_hash(state, client_id, &user.sub, given).is_ok()
            || params
                .opt(param::USERNAME)
                .is_some_and(|u| check_secret_hash(state, client_id, u, given).is_ok());
        if !ok {
            check_secret_hash(state, client_id, &username, given)?;
        }
    }
    if let Some(key) = &device_key {
        let pool = state.pool(&pool_id)?;
        if params.opt(param::DEVICE_KEY) != Some(key.as_str()) || !pool.devices.contains_key(key) {
            return Err(invalid());
        }
    }
    let session = TokenSession {
        pool_id: &pool_id,
        client_id,
        username: &username,
        device_key: device_key.as_deref(),
        origin_jti: &origin_jti,
        auth_time,
    };
    let result = tokens::tokens(state, shared, now, &session)?;
    let pool = state.pool(&pool_id)?;
    let validity = &state.client(client_id)?.validity;
    let lifetime = validity.access_seconds(pool.token_validity).max(validity.id_seconds(pool.token_validity));
    tokens::note_issued(state, token, now.saturating_add(lifetime));
    signed_in(result)
}

fn respond_to_auth_challenge(shared: &Shared, req: Req<'_>) -> Res {
    let request: RespondToAuthChallengeRequest = req.typed(&[member::CLIENT_ID, member::CHALLENGE_NAME])?;
    let answer = Answer {
        entry: Entry::User,
        client_id: &request.client_id,
        name: &request.challenge_name,
        session: request.session.as_ref(),
        responses: &request.challenge_responses,
    };
    answer_challenge(shared, &answer)
}

/// A challenge answer, from RespondToAuthChallenge or AdminRespondToAuthChallenge.
struct Answer<'a> {
    entry: Entry<'a>,
    client_id: &'a str,
    name: &'a ChallengeName,
    session: Option<&'a SecretString>,
    responses: &'a Parameters,
}

/// RespondToAuthChallenge and AdminRespondToAuthChallenge.
fn answer_challenge(shared: &Shared, answer: &Answer<'_>) -> Res {
    let (client_id, name, responses) = (answer.client_id, answer.name, Params(answer.responses));
    let now = shared.now();
    let mut state = shared.lock();
    admin_auth::entry_client(&state, answer.entry, client_id)?;
    let token = match answer.session.map(SecretString::expose_secret) {
        Some(t) if !t.is_empty() => t.to_owned(),
        _ => {
            // PASSWORD_VERIFIER answers may come without a Session: find it by SECRET_BLOCK.
            let block = responses.opt(param::PASSWORD_CLAIM_SECRET_BLOCK).unwrap_or_default();
            state
                .sessions
                .iter()
                .find(|(_, s)| matches!(&s.pending, Pending::PasswordVerifier { secret_block, .. } if secret_block == block))
                .map(|(k, _)| k.clone())
                .ok_or_else(|| ApiError::invalid_parameter("Missing required parameter Session"))?
        }
    };
    let session = state
        .sessions
        .remove(&token)
        .ok_or_else(|| ApiError::not_authorized("Invalid session for the user."))?;
    if session.expires <= now {
        return Err(ApiError::not_authorized("Invalid session for the user, session is expired."));
    }
    if session.flow.client_id != client_id
        || matches!(answer.entry, Entry::Admin { pool_id } if pool_id != session.flow.pool_id)
    {
        return Err(ApiError::not_authorized("Invalid session for the user."));
    }
    if session.pending.challenge_name() != *name {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid challenge name: expected {}, got {name}",
            session.pending.challenge_name()
        )));
    }
    if let Pending::UnknownUser { server, srp_a, secret_block } = &session.pending {
        // A challenge made up for a user who does not exist: no answer is right. It is checked
        // as a real user's would be (the same parameters, then the claim against the decoy
        // verifier, without the lock), so that neither the error nor the time it takes tells
        // the two apart.
        responses.str(param::USERNAME)?;
        check_secret_hash(&state, client_id, &session.flow.username, responses.opt(param::SECRET_HASH))?;
        let srp_name = state.pool(&session.flow.pool_id)?.srp_name().to_owned();
        let decoy = shared.decoy.as_ref().ok_or_else(|| ApiError::internal("no decoy verifier"))?;
        let claim =
            Claim { server, srp_a, srp_name: &srp_name, username: &session.flow.username, secret_block };
        // Checked for its time; the verdict does not matter.
        let _ = password_claim(shared, state, responses, now, decoy, &claim)?;
        return Err(ApiError::incorrect());
    }
    let username = session.flow.username.clone();
    let pool = state.pool(&session.flow.pool_id)?;
    let user = pool.user(&username)?;
    // USERNAME: the internal name from the challenge (or the sub / alias that finds the same user).
    let given = responses.str(param::USERNAME)?;
    if pool.find_user(given).map(|u| u.username.as_str()) != Some(username.as_str()) {
        return Err(ApiError::incorrect());
    }
    // SECRET_HASH of every answer: the internal username.
    check_secret_hash(&state, client_id, &username, responses.opt(param::SECRET_HASH))?;
    let srp_name = pool.srp_name().to_owned();
    let user_verifier = user.verifier.clone();
    let Session { mut flow, pending, expires, failures } = session;
    match pending {
        Pending::PasswordVerifier { server, srp_a, secret_block } => {
            // The session is already taken (single use): verified without holding the lock, so
            // sign-ins run in parallel.
            let claim = Claim {
                server: &server,
                srp_a: &srp_a,
                srp_name: &srp_name,
                username: &username,
                secret_block: &secret_block,
            };
            let verdict = password_claim(shared, state, responses, now, &user_verifier, &claim)?;
            if verdict.is_err()
                || responses.opt(param::PASSWORD_CLAIM_SECRET_BLOCK) != Some(secret_block.as_str())
            {
                return Err(ApiError::incorrect());
            }
            // If the device turns out to be gone, Cognito keeps the session: AWS's clients
            // answer it again without DEVICE_KEY (and the device key counts only if the new
            // answer names it).
            let retry_flow = Flow { device_key: None, ..flow.clone() };
            if let Some(key) = responses.opt(param::DEVICE_KEY) {
                flow.device_key = Some(key.to_owned());
            }
            let mut state = shared.lock();
            // The claim proves the password the user had when the lock was released: if it
            // changed (or she was deleted) meanwhile, it proves nothing now.
            if state.pool(&flow.pool_id)?.user(&username)?.verifier != user_verifier {
                return Err(ApiError::incorrect());
            }
            match next_step(&mut state, shared, now, flow) {
                Err(err) if err == ApiError::device_gone() => {
                    let pending = Pending::PasswordVerifier { server, srp_a, secret_block };
                    state.sessions.insert(token, Session { flow: retry_flow, pending, expires, failures });
                    Err(err)
                }
                other => other,
            }
        }
        Pending::DeviceSrpAuth => {
            let key = responses.str(param::DEVICE_KEY)?;
            if flow.device_key.as_deref() != Some(key) {
                return Err(ApiError::device_gone());
            }
            let srp_a = responses.str(param::SRP_A)?;
            let pool = state.pool(&flow.pool_id)?;
            let device =
                pool.devices.get(key).filter(|d| d.username == username).ok_or_else(ApiError::device_gone)?;
            let verifier = device.verifier.clone().ok_or_else(ApiError::device_gone)?;
            // B = kv + g^b without the lock (the session is taken: single use); the device
            // must still be the same when the lock is taken again.
            drop(state);
            srp_math(shared, || reject_zero_a(srp_a))?;
            let server = srp_math(shared, || server_ephemeral(&verifier));
            let mut state = shared.lock();
            let device = state
                .pool(&flow.pool_id)?
                .devices
                .get(key)
                .filter(|d| d.username == username && d.verifier.as_ref() == Some(&verifier))
                .ok_or_else(ApiError::device_gone)?;
            let secret_block = new_secret_block()?;
            let params = Parameters::new()
                .with(param::SALT, salt_hex(&device.salt).as_str())
                .with(param::SRP_B, server.public_hex().as_str())
                .with(param::SECRET_BLOCK, secret_block.as_str())
                .with(param::USERNAME, username.as_str())
                .with(param::DEVICE_KEY, key);
            let pending = Pending::DevicePasswordVerifier {
                server,
                srp_a: srp_a.to_owned(),
                secret_block,
                device_key: key.to_owned(),
            };
            challenge(&mut state, now, flow, pending, params)
        }
        Pending::DevicePasswordVerifier { server, srp_a, secret_block, device_key } => {
            check_timestamp(responses, now, shared.timestamp_tolerance())?;
            let timestamp = responses.str(param::TIMESTAMP)?;
            let signature = responses.str(param::PASSWORD_CLAIM_SIGNATURE)?;
            let pool = state.pool(&flow.pool_id)?;
            let device = pool
                .devices
                .get(&device_key)
                .filter(|d| d.username == username)
                .ok_or_else(ApiError::device_gone)?;
            let verifier = device.verifier.clone().ok_or_else(ApiError::device_gone)?;
            let group_key = device.group_key.clone();
            drop(state);
            let verdict = stub_or(shared, || {
                server.verify_device_claim(
                    &verifier,
                    &srp_a,
                    &group_key,
                    &device_key,
                    &secret_block,
                    timestamp,
                    signature,
                )
            });
            if verdict.is_err()
                || responses.opt(param::PASSWORD_CLAIM_SECRET_BLOCK) != Some(secret_block.as_str())
            {
                return Err(ApiError::incorrect());
            }
            flow.device_done = true;
            // next_step looks the device up again: a device forgotten meanwhile is gone, and
            // one confirmed again meanwhile (a new verifier) is not the device that answered.
            let mut state = shared.lock();
            if !state
                .pool(&flow.pool_id)?
                .devices
                .get(&device_key)
                .is_some_and(|d| d.username == username && d.verifier.as_ref() == Some(&verifier))
            {
                return Err(ApiError::device_gone());
            }
            next_step(&mut state, shared, now, flow)
        }
        Pending::Mfa { kind, code } => {
            let ok = match kind {
                MfaKind::Totp => {
                    let given = responses.str(param::SOFTWARE_TOKEN_MFA_CODE)?;
                    let secret = user.totp_secret.clone().unwrap_or_default();
                    util::totp_matches(&secret, given, now)
                }
                MfaKind::Sms | MfaKind::Email => {
                    let given = responses.str(kind.name().code_key().unwrap_or(param::SMS_MFA_CODE))?;
                    code.as_deref().is_some_and(|c| util::ct_eq(c, given))
                }
            };
            if !ok {
                // A wrong code leaves the session usable, up to three tries.
                if failures < 2 {
                    state.sessions.insert(
                        token,
                        Session {
                            flow,
                            pending: Pending::Mfa { kind, code },
                            expires,
                            failures: failures + 1,
                        },
                    );
                }
                return Err(ApiError::new(ErrorCode::CodeMismatch, "Invalid code received for user"));
            }
            flow.mfa_done = true;
            next_step(&mut state, shared, now, flow)
        }
        Pending::SelectMfaType => {
            let kind = match ChallengeName::parse(responses.str(param::ANSWER)?) {
                ChallengeName::SmsMfa => MfaKind::Sms,
                ChallengeName::SoftwareTokenMfa => MfaKind::Totp,
                ChallengeName::EmailOtp => MfaKind::Email,
                other => return Err(ApiError::invalid_parameter(format!("Invalid MFA type {other}"))),
            };
            if !user_auth::mfa_factors(pool, user).contains(&kind) {
                return Err(ApiError::invalid_parameter(format!(
                    "{} is not enabled for the user",
                    kind.name()
                )));
            }
            mfa_challenge(&mut state, now, flow, kind)
        }
        Pending::MfaSetup { secret, verified } => {
            if !verified {
                state.sessions.insert(
                    token,
                    Session { flow, pending: Pending::MfaSetup { secret, verified }, expires, failures },
                );
                return Err(ApiError::invalid_parameter(
                    "Software token MFA has not been verified: call AssociateSoftwareToken and VerifySoftwareToken first",
                ));
            }
            flow.mfa_done = true;
            next_step(&mut state, shared, now, flow)
        }
        Pending::NewPasswordRequired => {
            let new_password = responses.str(param::NEW_PASSWORD)?;
            let attrs = responses.prefixed(param::USER_ATTRIBUTE_PREFIX);
            // The user writes attributes of the schema only, never a claim name or a
            // verification flag; a refused answer leaves the session usable.
            let refused =
                if let Err(err) = account::check_policy(state.pool(&flow.pool_id)?, new_password, false) {
                    Some(err)
                } else {
                    attrs.iter().find_map(|(k, v)| attributes::check(k, v, Writer::User).err())
                };
            // Where the email is the username, it stays unique.
            let refused = refused.or_else(|| {
                let pool = state.pools.get(&flow.pool_id)?;
                let email = attrs.iter().find(|(k, _)| k == attribute::EMAIL).map(|(_, v)| v)?;
                let taken = pool.email_as_username
                    && pool
                        .users
                        .values()
                        .any(|u| u.username != username && u.attributes.get(attribute::EMAIL) == Some(email));
                taken.then(|| {
                    ApiError::new(ErrorCode::AliasExists, "An account with the given email already exists.")
                })
            });
            if let Some(err) = refused {
                state.sessions.insert(
                    token,
                    Session { flow, pending: Pending::NewPasswordRequired, expires, failures },
                );
                return Err(err);
            }
            // The new verifier costs a 3072-bit exponentiation: without the lock (the session
            // is taken: single use); the user must still be there when it is taken again.
            drop(state);
            let fresh = new_credentials(shared, &srp_name, &username, new_password)?;
            let mut state = shared.lock();
            let pool = state.pool_mut(&flow.pool_id)?;
            let user = pool.user_mut(&username)?;
            user.salt = fresh.salt;
            user.verifier = fresh.verifier;
            user.status = UserStatus::Confirmed;
            user.password_set = now;
            user.modified = now;
            for (k, v) in attrs {
                // A changed email or phone number is unverified (no sign-in alias) until
                // an administrator says otherwise.
                let flag = match k.as_str() {
                    attribute::EMAIL => Some(attribute::EMAIL_VERIFIED),
                    attribute::PHONE_NUMBER => Some(attribute::PHONE_NUMBER_VERIFIED),
                    _ => None,
                };
                if let Some(flag) = flag
                    && user.attributes.get(&k) != Some(&v)
                {
                    user.attributes.insert(flag.to_owned(), "false".to_owned());
                }
                user.attributes.insert(k, v);
            }
            next_step(&mut state, shared, now, flow)
        }
        Pending::UnknownUser { .. } | Pending::SignedUp | Pending::ConfirmedSignUp => {
            Err(ApiError::incorrect())
        }
        Pending::CustomChallenge => {
            let answer = responses.str(param::ANSWER)?;
            let expected = pool_custom_answer(&state, &flow.pool_id)?;
            if !util::ct_eq(answer, &expected) {
                return Err(ApiError::not_authorized("Incorrect username or password."));
            }
            // The answer completes the sign-in (without SRP_A it is the whole proof).
            flow.custom = false;
            issue_tokens(&mut state, shared, now, &flow)
        }
        Pending::SelectChallenge { available } => {
            let session =
                Session { flow, pending: Pending::SelectChallenge { available }, expires, failures };
            user_auth::answer_select(shared, state, now, token, session, responses)
        }
        Pending::SignInOtp { medium, code } => {
            let session = Session { flow, pending: Pending::SignInOtp { medium, code }, expires, failures };
            user_auth::answer_otp(shared, state, now, token, session, responses)
        }
    }
}

fn pool_custom_answer(state: &State, pool_id: &str) -> Result<String, ApiError> {
    state
        .pool(pool_id)?
        .custom_answer
        .clone()
        .ok_or_else(|| ApiError::invalid_parameter("Custom auth is not configured"))
}

/// TIMESTAMP must be Cognito's exact form and close to the emulator's clock.
/// What a PASSWORD_VERIFIER answer is checked against.
struct Claim<'a> {
    server: &'a ServerEphemeral,
    srp_a: &'a str,
    srp_name: &'a str,
    username: &'a str,
    secret_block: &'a str,
}

/// A PASSWORD_VERIFIER answer's TIMESTAMP (in tolerance) and PASSWORD_CLAIM_SIGNATURE checked
/// against `verifier`, the claim after `state` is released: a real user's answer and the one
/// to a challenge made up for a user who does not exist take this same path (and time).
/// `Err` for a missing or stale parameter, else whether the claim verifies.
fn password_claim(
    shared: &Shared,
    state: std::sync::MutexGuard<'_, State>,
    responses: Params<'_>,
    now: u64,
    verifier: &Verifier,
    claim: &Claim<'_>,
) -> Result<Result<(), cognito_srp_core::Error>, ApiError> {
    check_timestamp(responses, now, shared.timestamp_tolerance())?;
    let timestamp = responses.str(param::TIMESTAMP)?;
    let signature = responses.str(param::PASSWORD_CLAIM_SIGNATURE)?;
    drop(state);
    Ok(stub_or(shared, || {
        claim.server.verify_user_claim(
            verifier,
            claim.srp_a,
            claim.srp_name,
            claim.username,
            claim.secret_block,
            timestamp,
            signature,
        )
    }))
}

fn check_timestamp(responses: Params<'_>, now: u64, tolerance: u64) -> Result<(), ApiError> {
    let text = responses.str(param::TIMESTAMP)?;
    let ts = Timestamp::parse(text).map_err(|_| ApiError::incorrect())?;
    if ts.unix_seconds().abs_diff(now) > tolerance {
        return Err(ApiError::incorrect());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Tokens and devices
// ---------------------------------------------------------------------------------------

/// The claims of an access token whose signature checked out, from [`access_claims`].
struct AccessClaims(Value);

fn invalid_access_token() -> ApiError {
    ApiError::not_authorized("Invalid Access Token")
}

/// Checks an access token's signature and kind; called before taking the state lock, so the
/// RSA verification holds no other request up. [`authorize`] then checks it against the state.
fn access_claims(shared: &Shared, token: &str) -> Result<AccessClaims, ApiError> {
    #[cfg(test)]
    shared.probe_verify_lock();
    // RS256 under this emulator's key and kid only: HS256, `none` and other keys are refused.
    let claims = shared.keys.verify(token).ok_or_else(invalid_access_token)?;
    // Only an access token: an ID token (token_use "id", an `aud`, no `client_id`) is refused.
    if claims.get("token_use").and_then(Value::as_str) != Some("access") || claims.get("aud").is_some() {
        return Err(invalid_access_token());
    }
    Ok(AccessClaims(claims))
}

/// The user a verified access token belongs to: (pool id, username, device key), if it has
/// not expired or been revoked and its pool, client and user still exist.
fn authorize(
    state: &State,
    shared: &Shared,
    now: u64,
    claims: &AccessClaims,
) -> Result<(String, String, Option<String>), ApiError> {
    let invalid = invalid_access_token;
    let AccessClaims(claims) = claims;
    let exp = claims.get("exp").and_then(Value::as_u64).unwrap_or(0);
    if exp <= now {
        return Err(ApiError::not_authorized("Access Token has expired"));
    }
    let origin = claims.get("origin_jti").and_then(Value::as_str).unwrap_or_default();
    if state.revoked_jtis.contains_key(origin) {
        return Err(ApiError::not_authorized("Access Token has been revoked"));
    }
    let iss = claims.get("iss").and_then(Value::as_str).unwrap_or_default();
    let pool_id = iss.rsplit('/').next().unwrap_or_default().to_owned();
    let username = claims.get("username").and_then(Value::as_str).unwrap_or_default().to_owned();
    let pool = state.pool(&pool_id).map_err(|_| invalid())?;
    if shared.issuer(pool) != iss {
        return Err(invalid());
    }
    pool.user(&username).map_err(|_| invalid())?;
    let client_id = claims.get("client_id").and_then(Value::as_str).unwrap_or_default();
    if state.client(client_id).map_or(true, |c| c.pool_id != pool_id) {
        return Err(invalid());
    }
    let device = claims.get("device_key").and_then(Value::as_str).map(str::to_owned);
    Ok((pool_id, username, device))
}

fn confirm_device(shared: &Shared, req: Req<'_>) -> Res {
    // Cognito names a missing member of the verifier config too, before any type check.
    for name in [member::ACCESS_TOKEN, member::DEVICE_KEY] {
        req.str(name)?;
    }
    let config = req.0.get(member::DEVICE_SECRET_VERIFIER_CONFIG);
    for member in [member::PASSWORD_VERIFIER, member::SALT] {
        if config.is_some_and(|c| !c.get(member).is_some_and(Value::is_string)) {
            return Err(ApiError::missing(member));
        }
    }
    let request: ConfirmDeviceRequest = req.typed(&[])?;
    let token = request.access_token.expose_secret();
    let key = request.device_key.as_str();
    let config = request
        .device_secret_verifier_config
        .ok_or_else(|| ApiError::missing(member::DEVICE_SECRET_VERIFIER_CONFIG))?;
    let (verifier_b64, salt_b64) = (config.password_verifier.expose_secret(), config.salt.expose_secret());
    let verifier_bytes = Base64::decode_vec(verifier_b64)
        .map_err(|_| ApiError::invalid_parameter("PasswordVerifier is not base64"))?;
    let salt = Base64::decode_vec(salt_b64).map_err(|_| ApiError::invalid_parameter("Salt is not base64"))?;
    // Cognito accepts a wrong verifier silently; only a malformed one is refused.
    let verifier = Verifier::from_be_bytes(&verifier_bytes)
        .map_err(|e| ApiError::invalid_parameter(format!("PasswordVerifier: {e}")))?;
    let now = shared.now();
    let claims = access_claims(shared, token)?;
    // Kept with its powers (192 squarings: only for a valid access token, and without the
    // lock) for cheaper device sign-ins.
    let verifier = srp_math(shared, || verifier.with_powers());
    let mut state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    let pool = state.pool_mut(&pool_id)?;
    let prompt = pool.device_tracking.is_some_and(|d| d.device_only_remembered_on_user_prompt);
    let device =
        pool.devices.get_mut(key).filter(|d| d.username == username).ok_or_else(ApiError::device_gone)?;
    device.salt = salt;
    device.verifier = Some(verifier);
    device.name = request.device_name;
    device.remembered = !prompt;
    device.modified = now;
    let mut response = ConfirmDeviceResponse::default();
    response.user_confirmation_necessary = prompt;
    answer(&response)
}

fn update_device_status(shared: &Shared, req: Req<'_>) -> Res {
    let request: UpdateDeviceStatusRequest = req.typed(&[member::ACCESS_TOKEN, member::DEVICE_KEY])?;
    let (token, key) = (request.access_token.expose_secret(), request.device_key.as_str());
    let remembered = match request.device_remembered_status {
        Some(DeviceRememberedStatus::Remembered) => true,
        Some(DeviceRememberedStatus::NotRemembered) | None => false,
        Some(other) => {
            return Err(ApiError::invalid_parameter(format!("Invalid DeviceRememberedStatus {other}")));
        }
    };
    let now = shared.now();
    let claims = access_claims(shared, token)?;
    let mut state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    let device = state
        .pool_mut(&pool_id)?
        .devices
        .get_mut(key)
        .filter(|d| d.username == username && d.verifier.is_some())
        .ok_or_else(ApiError::device_gone)?;
    device.remembered = remembered;
    device.modified = now;
    empty()
}

fn get_device(shared: &Shared, req: Req<'_>) -> Res {
    let request: GetDeviceRequest = req.typed(&[member::ACCESS_TOKEN, member::DEVICE_KEY])?;
    let now = shared.now();
    let claims = access_claims(shared, request.access_token.expose_secret())?;
    let state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    let pool = state.pool(&pool_id)?;
    let device = pool
        .devices
        .get(&request.device_key)
        .filter(|d| d.username == username && d.verifier.is_some())
        .ok_or_else(ApiError::device_gone)?;
    let mut response = GetDeviceResponse::default();
    response.device = device_type(device);
    answer(&response)
}

fn list_devices(shared: &Shared, req: Req<'_>) -> Res {
    let request: ListDevicesRequest = req.typed(&[member::ACCESS_TOKEN])?;
    let now = shared.now();
    let claims = access_claims(shared, request.access_token.expose_secret())?;
    let state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    device_page(shared, state.pool(&pool_id)?, &username, request.limit, request.pagination_token.as_deref())
}

fn forget_device(shared: &Shared, req: Req<'_>) -> Res {
    // Optional on Cognito (IAM-signed calls); the emulator knows the user from the token only.
    let request: ForgetDeviceRequest = req.typed(&[member::ACCESS_TOKEN, member::DEVICE_KEY])?;
    let token = present(request.access_token.as_ref(), member::ACCESS_TOKEN)?;
    let now = shared.now();
    let claims = access_claims(shared, token)?;
    let mut state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    let key = request.device_key.as_str();
    let pool = state.pool_mut(&pool_id)?;
    match pool.devices.get(key) {
        Some(d) if d.username == username => {
            pool.devices.remove(key);
            empty()
        }
        _ => Err(ApiError::device_gone()),
    }
}

fn global_sign_out(shared: &Shared, req: Req<'_>) -> Res {
    let request: GlobalSignOutRequest = req.typed(&[member::ACCESS_TOKEN])?;
    let token = request.access_token.expose_secret();
    let now = shared.now();
    let claims = access_claims(shared, token)?;
    let mut state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    sign_out_everywhere(&mut state, &pool_id, &username);
    empty()
}

/// Revokes every refresh token of a user and every access/id token issued with them (every
/// token carries the `origin_jti` of its refresh token); later sign-ins get working tokens.
fn sign_out_everywhere(state: &mut State, pool_id: &str, username: &str) {
    let State { refresh_tokens, revoked_jtis, .. } = state;
    for record in refresh_tokens.values_mut() {
        if record.pool_id == pool_id && record.username == username && !record.revoked {
            record.revoked = true;
            revoked_jtis.insert(record.origin_jti.clone(), record.tokens_until);
        }
    }
}

fn admin_user_global_sign_out(shared: &Shared, req: Req<'_>) -> Res {
    let request = admin_user(req)?;
    let (pool_id, name) = (request.user_pool_id.as_str(), request.username.as_str());
    let mut state = shared.lock();
    let username =
        state.pool(pool_id)?.find_user(name).ok_or_else(ApiError::user_not_found)?.username.clone();
    sign_out_everywhere(&mut state, pool_id, &username);
    empty()
}

fn revoke_token(shared: &Shared, req: Req<'_>) -> Res {
    let request: RevokeTokenRequest = req.typed(&[member::TOKEN, member::CLIENT_ID])?;
    let (token, client_id) = (request.token.expose_secret(), request.client_id.as_str());
    let given_secret = request.client_secret.as_ref().map(SecretString::expose_secret);
    let mut state = shared.lock();
    let client = state.client(client_id)?;
    if let Some(secret) = &client.secret
        && !given_secret.is_some_and(|given| util::ct_eq(given, secret))
    {
        return Err(ApiError::not_authorized(format!("Unable to verify secret hash for client {client_id}")));
    }
    match state.refresh_tokens.get_mut(token) {
        Some(record) if record.client_id == client_id => {
            record.revoked = true;
            // The access and id tokens issued from it are revoked with it, as on Cognito.
            let (origin, until) = (record.origin_jti.clone(), record.tokens_until);
            state.revoke_origin(&origin, until);
            empty()
        }
        Some(_) => Err(ApiError::not_authorized("Invalid token")),
        None => Err(ApiError::new(ErrorCode::UnsupportedTokenType, "Invalid token")),
    }
}

fn associate_software_token(shared: &Shared, req: Req<'_>) -> Res {
    let request: AssociateSoftwareTokenRequest = req.typed(&[])?;
    let claims =
        request.access_token.as_ref().map(|t| access_claims(shared, t.expose_secret())).transpose()?;
    let now = shared.now();
    let mut state = shared.lock();
    let secret = util::new_totp_secret()?;
    let mut response = AssociateSoftwareTokenResponse::default();
    response.secret_code = SecretString::new(secret.clone());
    if let Some(claims) = &claims {
        let (pool_id, username, _) = authorize(&state, shared, now, claims)?;
        state.pool_mut(&pool_id)?.user_mut(&username)?.totp_secret = Some(secret);
        return answer(&response);
    }
    let old = present(request.session.as_ref(), member::SESSION)?;
    let mut session = state
        .sessions
        .remove(old)
        .ok_or_else(|| ApiError::not_authorized("Invalid session for the user."))?;
    if session.expires <= now || !matches!(session.pending, Pending::MfaSetup { .. }) {
        return Err(ApiError::not_authorized("Invalid session for the user."));
    }
    session.pending = Pending::MfaSetup { secret: Some(secret), verified: false };
    let token = new_session_token()?;
    state.sessions.insert(token.clone(), session);
    response.session = Some(SecretString::new(token));
    answer(&response)
}

fn verify_software_token(shared: &Shared, req: Req<'_>) -> Res {
    let request: VerifySoftwareTokenRequest = req.typed(&[member::USER_CODE])?;
    let code = request.user_code.expose_secret();
    let mut response = VerifySoftwareTokenResponse::default();
    response.status = Some(VerifySoftwareTokenStatus::Success.as_str().to_owned());
    let claims =
        request.access_token.as_ref().map(|t| access_claims(shared, t.expose_secret())).transpose()?;
    let now = shared.now();
    let mut state = shared.lock();
    if let Some(claims) = &claims {
        let (pool_id, username, _) = authorize(&state, shared, now, claims)?;
        let user = state.pool_mut(&pool_id)?.user_mut(&username)?;
        let secret = user
            .totp_secret
            .clone()
            .ok_or_else(|| ApiError::invalid_parameter("User has not associated a software token"))?;
        if !util::totp_matches(&secret, code, now) {
            return Err(ApiError::new(ErrorCode::EnableSoftwareTokenMfa, "Code mismatch"));
        }
        user.totp_enabled = true;
        if user.preferred.is_none() {
            user.preferred = Some(MfaKind::Totp);
        }
        return answer(&response);
    }
    let old = present(request.session.as_ref(), member::SESSION)?;
    let session = state
        .sessions
        .remove(old)
        .ok_or_else(|| ApiError::not_authorized("Invalid session for the user."))?;
    let Pending::MfaSetup { secret: Some(secret), .. } = &session.pending else {
        return Err(ApiError::not_authorized("Invalid session for the user."));
    };
    if session.expires <= now {
        return Err(ApiError::not_authorized("Invalid session for the user, session is expired."));
    }
    if !util::totp_matches(secret, code, now) {
        let token = old.to_owned();
        state.sessions.insert(token, session);
        return Err(ApiError::new(ErrorCode::CodeMismatch, "Invalid code received for user"));
    }
    let secret = secret.clone();
    let (pool_id, username) = (session.flow.pool_id.clone(), session.flow.username.clone());
    let user = state.pool_mut(&pool_id)?.user_mut(&username)?;
    user.totp_secret = Some(secret.clone());
    user.totp_enabled = true;
    user.preferred = Some(MfaKind::Totp);
    let token = new_session_token()?;
    state.sessions.insert(
        token.clone(),
        Session { pending: Pending::MfaSetup { secret: Some(secret), verified: true }, ..session },
    );
    response.session = Some(SecretString::new(token));
    answer(&response)
}

fn set_user_mfa_preference(shared: &Shared, req: Req<'_>) -> Res {
    let request: SetUserMfaPreferenceRequest = req.typed(&[member::ACCESS_TOKEN])?;
    let now = shared.now();
    let claims = access_claims(shared, request.access_token.expose_secret())?;
    let mut state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    let pool = state.pool_mut(&pool_id)?;
    let email_mfa = pool.email_mfa;
    let user = pool.user_mut(&username)?;
    let (sms, totp, email) =
        (request.sms_mfa_settings, request.software_token_mfa_settings, request.email_mfa_settings);
    apply_mfa_preference(email_mfa, user, sms, totp, email)?;
    empty()
}

fn get_user(shared: &Shared, req: Req<'_>) -> Res {
    let request: GetUserRequest = req.typed(&[member::ACCESS_TOKEN])?;
    let now = shared.now();
    let claims = access_claims(shared, request.access_token.expose_secret())?;
    let state = shared.lock();
    let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
    let user = state.pool(&pool_id)?.user(&username)?;
    let mut response = GetUserResponse::default();
    response.username.clone_from(&user.username);
    response.user_attributes = attribute_list(user);
    (response.preferred_mfa_setting, response.user_mfa_setting_list) = mfa_settings(user);
    answer(&response)
}

fn change_password(shared: &Shared, req: Req<'_>) -> Res {
    // PreviousPassword is optional on Cognito for users without a password; every emulator
    // user has one.
    let request: ChangePasswordRequest =
        req.typed(&[member::ACCESS_TOKEN, member::PREVIOUS_PASSWORD, member::PROPOSED_PASSWORD])?;
    let token = request.access_token.expose_secret();
    let previous = present(request.previous_password.as_ref(), member::PREVIOUS_PASSWORD)?;
    let proposed = request.proposed_password.expose_secret();
    let claims = access_claims(shared, token)?;
    let now = shared.now();
    let (pool_id, username, before, policy) = {
        let state = shared.lock();
        let (pool_id, username, _) = authorize(&state, shared, now, &claims)?;
        let pool = state.pool(&pool_id)?;
        let user = pool.user(&username)?;
        let before = Credentials { salt: user.salt, verifier: user.verifier.clone() };
        (pool_id, username, before, pool.password_policy)
    };
    // Both verifiers (the previous password's, the new one) are computed without the lock.
    let srp_name = pool_srp_name(&pool_id);
    let given = srp_math(shared, || Verifier::for_user(srp_name, &username, previous, &before.salt));
    if !given.is_ok_and(|v| v == before.verifier) {
        return Err(ApiError::incorrect());
    }
    if let Some(rule) = policy.violation(proposed) {
        return Err(ApiError::new(
            ErrorCode::InvalidPassword,
            format!("Password does not conform to policy: {rule}"),
        ));
    }
    let fresh = new_credentials(shared, srp_name, &username, proposed)?;
    let mut state = shared.lock();
    // Signed out or changed meanwhile: the previous password proven above no longer holds
    // (the token's signature was checked above; its revocation, user and client again here).
    authorize(&state, shared, now, &claims)?;
    let user = state.pool_mut(&pool_id)?.user_mut(&username)?;
    if user.salt != before.salt || user.verifier != before.verifier {
        return Err(ApiError::incorrect());
    }
    user.salt = fresh.salt;
    user.verifier = fresh.verifier;
    user.password_set = now;
    user.modified = now;
    empty()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use std::sync::atomic::Ordering;

    use cognito_srp_core::{
        ClientEphemeral, DeviceVerifier, DeviceVerifierChallenge, PasswordVerifierChallenge, Timestamp,
    };

    use super::*;
    use crate::config::{ClientConfig, PoolConfig};
    use crate::state::Device;

    const POOL: &str = "eu-west-1_Probe1";

    fn shared_with_ann() -> (Shared, String) {
        let keys = crate::keys::TokenKeys::for_seed(Some(&[1; 32])).unwrap();
        let shared = Shared::new(keys, "http://127.0.0.1:9".into(), crate::TokenIssuer::Endpoint);
        let now = shared.now();
        let mut state = shared.lock();
        let config = PoolConfig { id: Some(POOL.into()), ..PoolConfig::default() };
        state.create_pool(&config, now).unwrap();
        let flows = vec!["ALLOW_USER_SRP_AUTH".to_owned(), "ALLOW_USER_PASSWORD_AUTH".to_owned()];
        let client = ClientConfig { explicit_auth_flows: flows, ..ClientConfig::default() };
        let (client_id, _) = state.create_client(POOL, &client).unwrap();
        let ann = UserConfig {
            username: "ann".into(),
            password: "Passw0rd!".into(),
            permanent: true,
            ..UserConfig::default()
        };
        state.create_user(POOL, &ann, now).unwrap();
        drop(state);
        (shared, client_id)
    }

    fn respond(shared: &Shared, client: &str, name: ChallengeName, session: &Value, answers: Value) -> Value {
        let body = json!({ (member::CLIENT_ID): client, (member::CHALLENGE_NAME): name, (member::SESSION): session, (member::CHALLENGE_RESPONSES): answers });
        dispatch(shared, &Operation::RespondToAuthChallenge, &body).unwrap()
    }

    /// Every verifier the emulator stores for a user carries its precomputed powers, so each
    /// sign-in's claim check takes the cheaper path.
    #[test]
    fn stored_verifiers_keep_their_powers() {
        let (shared, _) = shared_with_ann();
        let mut state = shared.lock();
        let user = state.pool_mut(POOL).unwrap().user_mut("ann").unwrap();
        assert!(user.verifier.has_powers(), "created");
        user.set_password("srpname", "An0ther-Passw0rd!").unwrap();
        assert!(user.verifier.has_powers(), "password set");
        drop(state);
        let fresh = new_credentials(&shared, "srpname", "ann", "Th1rd-Passw0rd!").unwrap();
        assert!(fresh.verifier.has_powers(), "new credentials");
    }

    /// With `PreventUserExistenceErrors: ENABLED`, the answer to a made-up PASSWORD_VERIFIER
    /// for a user who does not exist gets the same claim check as a real user's wrong answer
    /// (before, it was refused at once: a reply about 1.4 ms faster, which told the two apart),
    /// and the same error.
    #[test]
    fn unknown_users_answers_cost_a_claim_check_like_real_ones() {
        let (shared, _) = shared_with_ann();
        let flows = vec!["ALLOW_USER_SRP_AUTH".to_owned()];
        let config = ClientConfig {
            explicit_auth_flows: flows,
            prevent_user_existence_errors: true,
            ..ClientConfig::default()
        };
        let (client, _) = shared.lock().create_client(POOL, &config).unwrap();
        let mut rng = rng();
        // (checks run, error) for one wrong answer from `name`.
        let mut answer_as = |name: &str| {
            let a = ClientEphemeral::generate(&mut rng);
            let start = json!({ (member::AUTH_FLOW): AuthFlow::UserSrpAuth, (member::CLIENT_ID): client,
                (member::AUTH_PARAMETERS): { (param::USERNAME): name, (param::SRP_A): a.public_hex().as_str() } });
            let pv = dispatch(&shared, &Operation::InitiateAuth, &start).unwrap();
            let p = &pv[member::CHALLENGE_PARAMETERS];
            let challenge = PasswordVerifierChallenge {
                user_id_for_srp: p[param::USER_ID_FOR_SRP].as_str().unwrap(),
                salt_hex: p[param::SALT].as_str().unwrap(),
                srp_b_hex: p[param::SRP_B].as_str().unwrap(),
                secret_block: p[param::SECRET_BLOCK].as_str().unwrap(),
            };
            let ts = Timestamp::from_unix_seconds(shared.now()).unwrap();
            let claim = a.user_claim(POOL, &challenge, "Wr0ng-Passw0rd!", &ts).unwrap();
            let body = json!({ (member::CLIENT_ID): client, (member::CHALLENGE_NAME): ChallengeName::PasswordVerifier,
                (member::SESSION): pv[member::SESSION], (member::CHALLENGE_RESPONSES): {
                (param::USERNAME): challenge.user_id_for_srp, (param::PASSWORD_CLAIM_SECRET_BLOCK): challenge.secret_block,
                (param::PASSWORD_CLAIM_SIGNATURE): claim.signature(), (param::TIMESTAMP): claim.timestamp() } });
            let before = shared.srp_probe.0.load(Ordering::Relaxed);
            let error = dispatch(&shared, &Operation::RespondToAuthChallenge, &body).unwrap_err();
            (shared.srp_probe.0.load(Ordering::Relaxed) - before, error)
        };
        let real = answer_as("ann");
        let unknown = answer_as("nobody");
        assert_eq!(real, (1, ApiError::incorrect()));
        assert_eq!(unknown, real);
    }

    /// Every SRP computation of InitiateAuth and RespondToAuthChallenge (B for the password
    /// and for a device, both signature checks, a USER_PASSWORD_AUTH verifier) runs while the
    /// state lock is free: other sign-ins are not held up by 3072-bit arithmetic.
    #[test]
    fn srp_math_runs_outside_the_state_lock() {
        let (shared, client) = shared_with_ann();
        let mut rng = rng();
        // A confirmed, remembered device for ann.
        let key = "eu-west-1_00000000-0000-4000-8000-000000000001";
        let group = "-Group";
        let device = DeviceVerifier::generate(&mut rng, group, key).unwrap();
        let verifier_bytes = Base64::decode_vec(device.password_verifier()).unwrap();
        shared.lock().pool_mut(POOL).unwrap().devices.insert(
            key.into(),
            Device {
                key: key.into(),
                group_key: group.into(),
                username: "ann".into(),
                name: None,
                salt: Base64::decode_vec(device.salt()).unwrap(),
                verifier: Some(Verifier::from_be_bytes(&verifier_bytes).unwrap()),
                remembered: true,
                created: 0,
                modified: 0,
                last_authenticated: 0,
            },
        );

        let password = json!({ (member::AUTH_FLOW): AuthFlow::UserPasswordAuth, (member::CLIENT_ID): client,
            (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::PASSWORD): "Passw0rd!" } });
        assert!(
            dispatch(&shared, &Operation::InitiateAuth, &password).unwrap()[member::AUTHENTICATION_RESULT]
                .is_object()
        );

        let a = ClientEphemeral::generate(&mut rng);
        let start = json!({ (member::AUTH_FLOW): AuthFlow::UserSrpAuth, (member::CLIENT_ID): client,
            (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::SRP_A): a.public_hex().as_str(), (param::DEVICE_KEY): key } });
        let pv = dispatch(&shared, &Operation::InitiateAuth, &start).unwrap();
        let p = &pv[member::CHALLENGE_PARAMETERS];
        let challenge = PasswordVerifierChallenge {
            user_id_for_srp: "ann",
            salt_hex: p[param::SALT].as_str().unwrap(),
            srp_b_hex: p[param::SRP_B].as_str().unwrap(),
            secret_block: p[param::SECRET_BLOCK].as_str().unwrap(),
        };
        let ts = Timestamp::from_unix_seconds(shared.now()).unwrap();
        let claim = a.user_claim(POOL, &challenge, "Passw0rd!", &ts).unwrap();
        let device_srp = respond(
            &shared,
            &client,
            ChallengeName::PasswordVerifier,
            &pv[member::SESSION],
            json!({
                (param::USERNAME): "ann", (param::PASSWORD_CLAIM_SECRET_BLOCK): challenge.secret_block,
                (param::PASSWORD_CLAIM_SIGNATURE): claim.signature(), (param::TIMESTAMP): claim.timestamp(), (param::DEVICE_KEY): key,
            }),
        );
        assert_eq!(device_srp[member::CHALLENGE_NAME], ChallengeName::DeviceSrpAuth.as_str());

        let d = ClientEphemeral::generate(&mut rng);
        let dpv = respond(
            &shared,
            &client,
            ChallengeName::DeviceSrpAuth,
            &device_srp[member::SESSION],
            json!({
                (param::USERNAME): "ann", (param::DEVICE_KEY): key, (param::SRP_A): d.public_hex().as_str(),
            }),
        );
        let p = &dpv[member::CHALLENGE_PARAMETERS];
        let challenge = DeviceVerifierChallenge {
            salt_hex: p[param::SALT].as_str().unwrap(),
            srp_b_hex: p[param::SRP_B].as_str().unwrap(),
            secret_block: p[param::SECRET_BLOCK].as_str().unwrap(),
        };
        let claim = d.device_claim(group, key, device.device_password(), &challenge, &ts).unwrap();
        let done = respond(
            &shared,
            &client,
            ChallengeName::DevicePasswordVerifier,
            &dpv[member::SESSION],
            json!({
                (param::USERNAME): "ann", (param::DEVICE_KEY): key, (param::PASSWORD_CLAIM_SECRET_BLOCK): challenge.secret_block,
                (param::PASSWORD_CLAIM_SIGNATURE): claim.signature(), (param::TIMESTAMP): claim.timestamp(),
            }),
        );
        assert!(done[member::AUTHENTICATION_RESULT][member::ACCESS_TOKEN].is_string(), "{done}");

        // ChangePassword: the previous password's verifier, the new one.
        let access = done[member::AUTHENTICATION_RESULT][member::ACCESS_TOKEN].clone();
        let change = json!({ (member::ACCESS_TOKEN): access, (member::PREVIOUS_PASSWORD): "Passw0rd!", (member::PROPOSED_PASSWORD): "Passw0rd!2" });
        assert_eq!(dispatch(&shared, &Operation::ChangePassword, &change).unwrap(), json!({}));

        // NEW_PASSWORD_REQUIRED: the temporary password's verifier, the new one.
        let bo =
            UserConfig { username: "bo".into(), password: "Temp-Pass-1".into(), ..UserConfig::default() };
        shared.lock().create_user(POOL, &bo, shared.now()).unwrap();
        let temp = json!({ (member::AUTH_FLOW): AuthFlow::UserPasswordAuth, (member::CLIENT_ID): client,
            (member::AUTH_PARAMETERS): { (param::USERNAME): "bo", (param::PASSWORD): "Temp-Pass-1" } });
        let np = dispatch(&shared, &Operation::InitiateAuth, &temp).unwrap();
        assert_eq!(np[member::CHALLENGE_NAME], ChallengeName::NewPasswordRequired.as_str());
        let done = respond(
            &shared,
            &client,
            ChallengeName::NewPasswordRequired,
            &np[member::SESSION],
            json!({
                (param::USERNAME): "bo", (param::NEW_PASSWORD): "Perm-Pass-1",
            }),
        );
        assert!(done[member::AUTHENTICATION_RESULT][member::ACCESS_TOKEN].is_string(), "{done}");

        let (runs, under_lock) = (&shared.srp_probe.0, &shared.srp_probe.1);
        // USER_PASSWORD_AUTH 1; SRP: A check + B, signature; device: A check + B, signature;
        // ChangePassword 2; USER_PASSWORD_AUTH 1 + NEW_PASSWORD_REQUIRED 1.
        assert_eq!(runs.load(Ordering::Relaxed), 11);
        assert_eq!(under_lock.load(Ordering::Relaxed), 0, "SRP arithmetic ran under the state lock");
        // Three sign-ins ended with tokens: an access and an ID token each, signed (RSA)
        // after the operation released the lock.
        let (signed, under_lock) = (&shared.sign_probe.0, &shared.sign_probe.1);
        assert_eq!(signed.load(Ordering::Relaxed), 6);
        assert_eq!(under_lock.load(Ordering::Relaxed), 0, "tokens were signed under the state lock");
        // ChangePassword's access token: its signature checked once, before the lock (the
        // state checks are made twice, before and after the verifiers).
        let (verified, under_lock) = (&shared.verify_probe.0, &shared.verify_probe.1);
        assert_eq!(verified.load(Ordering::Relaxed), 1);
        assert_eq!(
            under_lock.load(Ordering::Relaxed),
            0,
            "an access token was verified under the state lock"
        );

        // AdminSetUserPassword: the new verifier too.
        let set = set_password_body("bo", "Perm-Pass-2");
        assert_eq!(dispatch(&shared, &Operation::AdminSetUserPassword, &set).unwrap(), json!({}));
        assert_eq!(runs.load(Ordering::Relaxed), 12);
        assert_eq!(shared.srp_probe.1.load(Ordering::Relaxed), 0, "SRP arithmetic ran under the state lock");
        let signed_in = json!({ (member::AUTH_FLOW): AuthFlow::UserPasswordAuth, (member::CLIENT_ID): client,
            (member::AUTH_PARAMETERS): { (param::USERNAME): "bo", (param::PASSWORD): "Perm-Pass-2" } });
        assert!(
            dispatch(&shared, &Operation::InitiateAuth, &signed_in).unwrap()[member::AUTHENTICATION_RESULT]
                .is_object()
        );

        // AdminCreateUser: the temporary password's verifier, which then signs in.
        let create = json!({ (member::USER_POOL_ID): POOL, (member::USERNAME): "cy", (member::TEMPORARY_PASSWORD): "Temp-Pass-2" });
        dispatch(&shared, &Operation::AdminCreateUser, &create).unwrap();
        assert_eq!(runs.load(Ordering::Relaxed), 14);
        let temp = json!({ (member::AUTH_FLOW): AuthFlow::UserPasswordAuth, (member::CLIENT_ID): client,
            (member::AUTH_PARAMETERS): { (param::USERNAME): "cy", (param::PASSWORD): "Temp-Pass-2" } });
        let np = dispatch(&shared, &Operation::InitiateAuth, &temp).unwrap();
        assert_eq!(np[member::CHALLENGE_NAME], ChallengeName::NewPasswordRequired.as_str());
        assert_eq!(shared.srp_probe.1.load(Ordering::Relaxed), 0, "SRP arithmetic ran under the state lock");
    }

    /// Starts ann's USER_SRP_AUTH: the PASSWORD_VERIFIER challenge and ann's answer to it
    /// (with `password`), not sent yet.
    fn srp_answer(shared: &Shared, client: &str, password: &str) -> Value {
        let a = ClientEphemeral::generate(&mut rng());
        let start = json!({ (member::AUTH_FLOW): AuthFlow::UserSrpAuth, (member::CLIENT_ID): client,
            (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::SRP_A): a.public_hex().as_str() } });
        let pv = dispatch(shared, &Operation::InitiateAuth, &start).unwrap();
        let p = &pv[member::CHALLENGE_PARAMETERS];
        let challenge = PasswordVerifierChallenge {
            user_id_for_srp: "ann",
            salt_hex: p[param::SALT].as_str().unwrap(),
            srp_b_hex: p[param::SRP_B].as_str().unwrap(),
            secret_block: p[param::SECRET_BLOCK].as_str().unwrap(),
        };
        let ts = Timestamp::from_unix_seconds(shared.now()).unwrap();
        let claim = a.user_claim(POOL, &challenge, password, &ts).unwrap();
        json!({ (member::CLIENT_ID): client, (member::CHALLENGE_NAME): ChallengeName::PasswordVerifier,
            (member::SESSION): pv[member::SESSION],
            (member::CHALLENGE_RESPONSES): {
                (param::USERNAME): "ann", (param::PASSWORD_CLAIM_SECRET_BLOCK): challenge.secret_block,
                (param::PASSWORD_CLAIM_SIGNATURE): claim.signature(), (param::TIMESTAMP): claim.timestamp(),
            } })
    }

    /// AdminSetUserPassword's body: `password` for `user`, permanent.
    /// Every operation authorized by an access token checks the token's RSA signature before
    /// taking the state lock (the state checks, revocation included, come after).
    #[test]
    fn access_tokens_are_verified_outside_the_state_lock() {
        let (shared, client) = shared_with_ann();
        let password = json!({ (member::AUTH_FLOW): AuthFlow::UserPasswordAuth, (member::CLIENT_ID): client,
            (member::AUTH_PARAMETERS): { (param::USERNAME): "ann", (param::PASSWORD): "Passw0rd!" } });
        let done = dispatch(&shared, &Operation::InitiateAuth, &password).unwrap();
        let token = done[member::AUTHENTICATION_RESULT][member::ACCESS_TOKEN].clone();
        assert!(token.is_string(), "{done}");
        let calls = [
            (Operation::GetUser, json!({})),
            (Operation::ListDevices, json!({})),
            (Operation::GetDevice, json!({ (member::DEVICE_KEY): "k" })),
            (Operation::UpdateDeviceStatus, json!({ (member::DEVICE_KEY): "k" })),
            (Operation::ForgetDevice, json!({ (member::DEVICE_KEY): "k" })),
            (Operation::SetUserMfaPreference, json!({})),
            (
                Operation::UpdateUserAttributes,
                json!({ (member::USER_ATTRIBUTES): [{ (member::NAME): attribute::NAME, (member::VALUE): "Ann" }] }),
            ),
            (Operation::DeleteUserAttributes, json!({ (member::USER_ATTRIBUTE_NAMES): [attribute::NAME] })),
            (
                Operation::GetUserAttributeVerificationCode,
                json!({ (member::ATTRIBUTE_NAME): attribute::EMAIL }),
            ),
            (
                Operation::VerifyUserAttribute,
                json!({ (member::ATTRIBUTE_NAME): attribute::EMAIL, (member::CODE): "123456" }),
            ),
            (Operation::AssociateSoftwareToken, json!({})),
            (Operation::VerifySoftwareToken, json!({ (member::USER_CODE): "123456" })),
            (Operation::GlobalSignOut, json!({})),
            // Revoked by now: refused, after the signature check.
            (Operation::DeleteUser, json!({})),
        ];
        let n = calls.len();
        for (op, mut body) in calls {
            body[member::ACCESS_TOKEN] = token.clone();
            let _ = dispatch(&shared, &op, &body);
        }
        let err =
            dispatch(&shared, &Operation::GetUser, &json!({ (member::ACCESS_TOKEN): token })).unwrap_err();
        assert!(format!("{err:?}").contains("revoked"), "{err:?}");
        let (verified, under_lock) = (&shared.verify_probe.0, &shared.verify_probe.1);
        assert_eq!(verified.load(Ordering::Relaxed), u64::try_from(n).unwrap() + 1);
        assert_eq!(
            under_lock.load(Ordering::Relaxed),
            0,
            "an access token was verified under the state lock"
        );
    }

    fn set_password_body(user: &str, password: &str) -> Value {
        let mut request = AdminSetUserPasswordRequest::new(POOL, user, password);
        request.permanent = Some(true);
        serde_json::to_value(&request).unwrap()
    }

    /// Makes the next SRP computation run `operation` (another request) while it computes.
    fn meanwhile(shared: &Shared, op: Operation, body: Value) {
        *shared.race_hook.lock().unwrap() = Some(Box::new(move |shared: &Shared| {
            dispatch(shared, &op, &body).unwrap();
        }));
    }

    /// The lock is released while a PASSWORD_VERIFIER claim is checked: a password set or a
    /// user deleted meanwhile must not let the claim (which proves the old password) sign in.
    #[test]
    fn a_user_changed_while_her_claim_is_checked_is_not_signed_in() {
        let (shared, client) = shared_with_ann();
        let answer = srp_answer(&shared, &client, "Passw0rd!");
        let set = set_password_body("ann", "Other-Passw0rd!");
        meanwhile(&shared, Operation::AdminSetUserPassword, set);
        let err = dispatch(&shared, &Operation::RespondToAuthChallenge, &answer).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotAuthorized, "{err:?}");
        assert!(shared.race_hook.lock().unwrap().is_none(), "the change did not run meanwhile");
        // The new password signs in.
        let answer = srp_answer(&shared, &client, "Other-Passw0rd!");
        let done = dispatch(&shared, &Operation::RespondToAuthChallenge, &answer).unwrap();
        assert!(done[member::AUTHENTICATION_RESULT][member::ACCESS_TOKEN].is_string(), "{done}");

        let answer = srp_answer(&shared, &client, "Other-Passw0rd!");
        let delete = json!({ (member::USER_POOL_ID): POOL, (member::USERNAME): "ann" });
        meanwhile(&shared, Operation::AdminDeleteUser, delete);
        let err = dispatch(&shared, &Operation::RespondToAuthChallenge, &answer).unwrap_err();
        assert!(matches!(err.code, ErrorCode::UserNotFound | ErrorCode::NotAuthorized), "{err:?}");
    }

    /// B is computed without the lock: a password set meanwhile gives B (and the salt) of the
    /// new password, so the new password signs in and the old one does not.
    #[test]
    fn a_password_set_while_b_is_computed_gives_b_of_the_new_password() {
        let (shared, client) = shared_with_ann();
        let set = set_password_body("ann", "Other-Passw0rd!");
        meanwhile(&shared, Operation::AdminSetUserPassword, set);
        let answer = srp_answer(&shared, &client, "Other-Passw0rd!");
        assert!(shared.race_hook.lock().unwrap().is_none(), "the change did not run meanwhile");
        let done = dispatch(&shared, &Operation::RespondToAuthChallenge, &answer).unwrap();
        assert!(done[member::AUTHENTICATION_RESULT][member::ACCESS_TOKEN].is_string(), "{done}");

        let set = set_password_body("ann", "Third-Passw0rd!");
        meanwhile(&shared, Operation::AdminSetUserPassword, set);
        let answer = srp_answer(&shared, &client, "Other-Passw0rd!");
        let err = dispatch(&shared, &Operation::RespondToAuthChallenge, &answer).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotAuthorized, "{err:?}");
    }

    /// Tokens are signed after the operation, but they are the same tokens: they verify with
    /// the pool's key and carry the user's claims; no placeholder is ever handed out (the
    /// refresh path is covered by the integration tests, which verify every token).
    #[test]
    fn deferred_tokens_verify_and_carry_the_claims() {
        let (shared, client) = shared_with_ann();
        let answer = srp_answer(&shared, &client, "Passw0rd!");
        let done = dispatch(&shared, &Operation::RespondToAuthChallenge, &answer).unwrap();
        let result = &done[member::AUTHENTICATION_RESULT];
        for (name, token_use) in [(member::ACCESS_TOKEN, "access"), (member::ID_TOKEN, "id")] {
            let token = result[name].as_str().unwrap();
            assert!(!token.contains("unsigned-token"), "{token}");
            let claims = shared.keys.verify(token).unwrap_or_else(|| panic!("{name} does not verify"));
            assert_eq!(claims["token_use"], token_use);
        }
        let id = shared.keys.verify(result[member::ID_TOKEN].as_str().unwrap()).unwrap();
        assert_eq!(id["cognito:username"], "ann");
    }

    /// A remembered device of ann's, confirmed with a fresh verifier.
    fn add_device(shared: &Shared, key: &str, group: &str) -> DeviceVerifier {
        let device = DeviceVerifier::generate(&mut rng(), group, key).unwrap();
        let verifier_bytes = Base64::decode_vec(device.password_verifier()).unwrap();
        shared.lock().pool_mut(POOL).unwrap().devices.insert(
            key.into(),
            Device {
                key: key.into(),
                group_key: group.into(),
                username: "ann".into(),
                name: None,
                salt: Base64::decode_vec(device.salt()).unwrap(),
                verifier: Some(Verifier::from_be_bytes(&verifier_bytes).unwrap()),
                remembered: true,
                created: 0,
                modified: 0,
                last_authenticated: 0,
            },
        );
        device
    }

    /// A DEVICE_PASSWORD_VERIFIER claim is checked without the lock: if the device is
    /// confirmed again meanwhile (a new verifier), the claim was for the old one and does
    /// not sign in.
    #[test]
    fn a_device_confirmed_again_while_its_claim_is_checked_does_not_sign_in() {
        let (shared, client) = shared_with_ann();
        let (key, group) = ("eu-west-1_00000000-0000-4000-8000-000000000002", "-Group");
        let device = add_device(&shared, key, group);
        let mut answer = srp_answer(&shared, &client, "Passw0rd!");
        answer[member::CHALLENGE_RESPONSES][param::DEVICE_KEY] = json!(key);
        let device_srp = dispatch(&shared, &Operation::RespondToAuthChallenge, &answer).unwrap();
        assert_eq!(device_srp[member::CHALLENGE_NAME], ChallengeName::DeviceSrpAuth.as_str());
        let d = ClientEphemeral::generate(&mut rng());
        let dpv = respond(
            &shared,
            &client,
            ChallengeName::DeviceSrpAuth,
            &device_srp[member::SESSION],
            json!({ (param::USERNAME): "ann", (param::DEVICE_KEY): key, (param::SRP_A): d.public_hex().as_str() }),
        );
        let p = &dpv[member::CHALLENGE_PARAMETERS];
        let challenge = DeviceVerifierChallenge {
            salt_hex: p[param::SALT].as_str().unwrap(),
            srp_b_hex: p[param::SRP_B].as_str().unwrap(),
            secret_block: p[param::SECRET_BLOCK].as_str().unwrap(),
        };
        let ts = Timestamp::from_unix_seconds(shared.now()).unwrap();
        let claim = d.device_claim(group, key, device.device_password(), &challenge, &ts).unwrap();
        let reconfirm = key.to_owned();
        *shared.race_hook.lock().unwrap() = Some(Box::new(move |shared: &Shared| {
            let again = DeviceVerifier::generate(&mut rng(), "-Group", &reconfirm).unwrap();
            let bytes = Base64::decode_vec(again.password_verifier()).unwrap();
            let mut state = shared.lock();
            let d = state.pool_mut(POOL).unwrap().devices.get_mut(&reconfirm).unwrap();
            d.verifier = Some(Verifier::from_be_bytes(&bytes).unwrap());
        }));
        let body = json!({ (member::CLIENT_ID): client, (member::CHALLENGE_NAME): ChallengeName::DevicePasswordVerifier,
            (member::SESSION): dpv[member::SESSION],
            (member::CHALLENGE_RESPONSES): {
                (param::USERNAME): "ann", (param::DEVICE_KEY): key, (param::PASSWORD_CLAIM_SECRET_BLOCK): challenge.secret_block,
                (param::PASSWORD_CLAIM_SIGNATURE): claim.signature(), (param::TIMESTAMP): claim.timestamp(),
            } });
        let err = dispatch(&shared, &Operation::RespondToAuthChallenge, &body).unwrap_err();
        assert!(shared.race_hook.lock().unwrap().is_none(), "the change did not run meanwhile");
        assert_eq!(err, ApiError::device_gone());
    }

    /// The benchmark-only stub is never in a build that runs the tests.
    #[test]
    fn crypto_is_not_stubbed() {
        assert!(!std::hint::black_box(STUB_CRYPTO));
    }

    /// Claims are the service's: an attribute named like a claim (which the schema no longer
    /// lets in, but say an old seed had) never reaches a token.
    #[test]
    fn attributes_never_override_token_claims() {
        let (shared, client) = shared_with_ann();
        {
            let mut state = shared.lock();
            let user = state.pool_mut(POOL).unwrap().user_mut("ann").unwrap();
            for claim in [
                "token_use",
                "username",
                "cognito:username",
                "origin_jti",
                "iss",
                "aud",
                attribute::SUB,
                "exp",
            ] {
                user.attributes.insert(claim.into(), "forged".into());
            }
            user.attributes.insert(attribute::NAME.into(), "Ann".into());
        }
        let state = shared.lock();
        let session = TokenSession {
            pool_id: POOL,
            client_id: &client,
            username: "ann",
            device_key: None,
            origin_jti: "origin",
            auth_time: 5,
        };
        let tokens = tokens::tokens(&state, &shared, shared.now(), &session).unwrap();
        let id = shared.keys.verify(tokens.id_token.expose_secret()).unwrap();
        assert_eq!(id["auth_time"], 5);
        assert_eq!(id["token_use"], "id");
        assert_eq!(id["cognito:username"], "ann");
        assert_eq!(id["origin_jti"], "origin");
        assert_eq!(id["aud"], client.as_str());
        assert_eq!(id["iss"], format!("http://127.0.0.1:9/{POOL}"));
        assert!(id["exp"].is_u64() && id[attribute::SUB] != "forged" && id.get("username").is_none());
        assert_eq!(id[attribute::NAME], "Ann");
    }
}
