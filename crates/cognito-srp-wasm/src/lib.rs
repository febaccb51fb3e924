//! Amazon Cognito SRP sign-in for JavaScript: `cognito-srp-proto`'s sign-in machine driven
//! over the platform's `fetch` ([`driver`]) and exported with wasm-bindgen. The npm package `cognito-srp` (`packages/cognito-srp`) is built from this
//! crate; its README documents the JavaScript API:
//!
//! ```js
//! import { UserPool } from "cognito-srp";
//! const pool = new UserPool({ poolId: "eu-west-1_AbCdEf123", clientId: "1example23456789" });
//! let step = await pool.signIn("alice", password, { device: savedDevice });
//! if (step.kind === "mfaCode") step = await step.answerMfaCode(codeFromTheUser);
//! if (step.kind === "done") saveDevice(step.result.device); // a plain JSON object
//! ```
//!
//! Secrets: the password, device password and tokens are copied out of JavaScript strings
//! into Rust's `SecretString`s, which are zeroized when dropped. The JavaScript strings
//! themselves (the password the app passed in, the tokens and device password handed back)
//! are immutable and garbage-collected: JavaScript offers no way to wipe them.
//!
//! Natively this crate compiles (for the workspace's checks) but its functions need a
//! JavaScript host; the tests are in `packages/cognito-srp/test` (Node) and
//! `packages/cognito-srp/test/browser` (headless Chromium).

pub mod driver;

use std::cell::RefCell;
use std::rc::Rc;

use cognito_srp_proto::vocab::ChallengeName;
use cognito_srp_proto::wire::{
    ConfirmDeviceResponse, DeviceType, ForgetDeviceRequest, GlobalSignOutRequest, NewDeviceMetadata,
    UpdateDeviceStatusRequest,
};
use cognito_srp_proto::{
    Call, DeviceCredentials, DeviceRememberedStatus, FirstFactor, MfaKind, Operation, Parameters, Refresh,
    SecretString, SignIn, SignInOptions as Options, SignedIn, SrpFlow, Step, Tokens,
};
use driver::{Error, Pool, Reached};
use js_sys::{Array, Object, Promise, Reflect};
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::prelude::*;

/// A `Promise` for `future`: boxed, so `future_to_promise`'s machinery is compiled once
/// rather than once per exported method (about 1.5-2.5 KB of `.wasm` each).
fn future_to_promise(future: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let future: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(future);
    wasm_bindgen_futures::future_to_promise(future)
}

/// `request` as the JSON body of `operation` (zeroized when dropped: it carries a token).
fn encode<Q: serde::Serialize>(
    operation: &Operation,
    request: &Q,
) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
    serde_json::to_vec(request).map(zeroize::Zeroizing::new).map_err(|e| {
        Error::Protocol(cognito_srp_proto::Error::Encode {
            operation: operation.clone(),
            reason: e.to_string(),
        })
    })
}

/// A `Promise` that sends one call whose answer is not read and resolves to `undefined`:
/// one non-generic future shared by the methods that only send (about 3 KB less `.wasm` than
/// a future per method and request type).
fn send(pool: Rc<Pool>, operation: Operation, body: Result<zeroize::Zeroizing<Vec<u8>>, Error>) -> Promise {
    future_to_promise(async move {
        let body = body.map_err(|e| js_error(&e))?;
        let resend = operation.resend();
        pool.post(operation, resend, &body).await.map(|_| JsValue::UNDEFINED).map_err(|e| js_error(&e))
    })
}

/// A `Promise` for the step `sign_in` reaches once `call` (the start or an answer, made
/// before) and the calls after it are sent: one future for the start and every answer.
fn drive(pool: Rc<Pool>, mut sign_in: SignIn, call: Result<Call, cognito_srp_proto::Error>) -> Promise {
    future_to_promise(async move {
        let step = pool.drive(&mut sign_in, call).await;
        SignInStep::next(pool, sign_in, step)
    })
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** What `new UserPool(...)` takes. */
export interface UserPoolOptions {
  /** The user pool id, `{region}_{id}`. */
  poolId: string;
  /** The app client id. */
  clientId: string;
  /** The app client secret, for app clients that have one (SECRET_HASH is sent). */
  clientSecret?: string;
  /** Another endpoint than `https://cognito-idp.{region}.amazonaws.com/` (an emulator). */
  endpoint?: string;
}
/** A device's credentials: store them where you like and pass them to the next signIn. */
export interface DeviceCredentials {
  deviceKey: string;
  deviceGroupKey: string;
  /** A secret: store it as carefully as a refresh token. */
  devicePassword: string;
}
/** `NewDeviceMetadata` that was not confirmed during the sign-in. */
export interface NewDeviceMetadata {
  deviceKey: string;
  deviceGroupKey: string;
}
/** How a sign-in starts: `userSrp` (USER_SRP_AUTH, the default), `customWithSrp`
 * (CUSTOM_AUTH after an SRP proof of the password), `custom` (CUSTOM_AUTH, no password),
 * `userAuth` (USER_AUTH, choice-based) or `password` (USER_PASSWORD_AUTH: the password in
 * clear over TLS). */
export type SignInFlow = "userSrp" | "customWithSrp" | "custom" | "userAuth" | "password";
/** First factors of choice-based sign-in (`USER_AUTH`), by their challenge names. */
export type FirstFactor = "PASSWORD" | "PASSWORD_SRP" | "EMAIL_OTP" | "SMS_OTP" | "WEB_AUTHN";
/** What `signIn` takes besides the user name and password. */
export interface SignInOptions {
  /** The flow; default `userSrp`. Every flow but `custom` and `userAuth` needs a password. */
  flow?: SignInFlow;
  /** For `userAuth`: the first factor to ask for (`PASSWORD` and `PASSWORD_SRP` need the
   * password). Without it, or when the user cannot use it, the step is `selectChallenge`. */
  preferredChallenge?: FirstFactor;
  /** `ClientMetadata` for the pool's Lambda triggers, sent with every call of the sign-in. */
  clientMetadata?: Record<string, string>;
  /** Credentials of a device confirmed earlier: the sign-in takes the device path. */
  device?: DeviceCredentials;
  /** Remember a device confirmed at this sign-in (UpdateDeviceStatus). */
  rememberDevice?: boolean;
  /** The name given to a device confirmed at this sign-in. */
  deviceName?: string;
  /** Confirm new devices (ConfirmDevice) during the sign-in; default true. */
  confirmNewDevices?: boolean;
  /** How many times the sign-in starts over after a transient failure (throttling, network:
   * each call is also sent up to 3 times), with a backoff of up to 5 s; default 50, which
   * rides out a throttling burst but takes minutes to give up when Cognito is unreachable. */
  maxRestarts?: number;
}
export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  /** Seconds until the access and ID tokens expire. */
  expiresIn: number;
  tokenType: string;
}
export interface SignedIn {
  tokens: Tokens;
  /** The internal user name, which `refresh` needs for SECRET_HASH. */
  username: string;
  /** The device to sign in with next time (new or the one passed in). */
  device?: DeviceCredentials;
  /** A new device was confirmed at this sign-in: store `device`. */
  newDevice: boolean;
  userConfirmationNecessary?: boolean;
  deviceRemembered?: boolean;
  /** The key of a device the server no longer knows: delete your stored copy. */
  droppedDevice?: string;
  /** Confirming or remembering the new device failed (the tokens are good). */
  deviceError?: CognitoError;
  unconfirmedDevice?: NewDeviceMetadata;
}
export interface Device {
  deviceKey: string;
  /** `device_name`, `device_status`, `dev:device_remembered_status`, ... */
  attributes: Record<string, string>;
  /** Seconds since the epoch. */
  createDate?: number;
  lastModifiedDate?: number;
  lastAuthenticatedDate?: number;
}
export type StepKind = "done" | "mfaCode" | "selectMfa" | "totpSetup" | "newPassword"
  | "customChallenge" | "selectChallenge" | "oneTimeCode" | "webAuthn";
/** What the package's errors take (they are made by the package, not by apps). */
export interface CognitoErrorOptions {
  name?: string;
  code?: string;
  retryable?: boolean;
  status?: number;
  requestId?: string;
}
/** Every error of a Cognito call. */
export class CognitoError extends Error {
  constructor(message: string, options?: CognitoErrorOptions);
  /** What failed: Cognito's `__type` for a `CognitoServiceError`, else the class name. */
  readonly code: string;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
}
/** Cognito answered with an error; `name` and `code` are its `__type`. */
export class CognitoServiceError extends CognitoError {
  /** The HTTP status of the answer. */
  readonly status: number;
  /** Cognito's request id (`x-amzn-requestid`), when it sent one. */
  readonly requestId?: string;
}
/** No usable answer: network failure, timeout (30 s) or a reply larger than 1 MiB. */
export class CognitoTransportError extends CognitoError {}
/** An answer that makes no sense, or an HTTP error status without `__type`. */
export class CognitoProtocolError extends CognitoError {}
/** The `credential` answer of a `webAuthn` step: what `navigator.credentials.get` gave
 * (a `PublicKeyCredential`, whose `toJSON()` is used), a plain object, or its JSON. */
export type WebAuthnCredential = string | object;
/** MFA methods by their challenge names. */
export type MfaType = "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP" | string;
"#;

#[wasm_bindgen]
extern "C" {
    /// `UserPoolOptions` (TypeScript only).
    #[wasm_bindgen(typescript_type = "UserPoolOptions")]
    pub type UserPoolOptions;
    /// `SignInOptions` (TypeScript only).
    #[wasm_bindgen(typescript_type = "SignInOptions")]
    pub type SignInOptions;
    /// `NewDeviceMetadata` (TypeScript only).
    #[wasm_bindgen(typescript_type = "NewDeviceMetadata")]
    pub type NewDeviceMetadataJs;
}

/// A plain object built key by key.
struct Obj(Object);

impl Obj {
    fn new() -> Self {
        Self(Object::new())
    }

    /// Sets `key`; `undefined` values are left out.
    fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        let value = value.into();
        if !value.is_undefined() {
            // Setting a property of a fresh plain object cannot fail.
            let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value);
        }
        self
    }

    fn done(self) -> JsValue {
        self.0.into()
    }
}

/// A `TypeError` naming what was wrong with an argument.
fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// `object[key]` as a string: `None` when absent (undefined or null), an error when not a
/// string.
fn get_string(object: &JsValue, key: &str, what: &str) -> Result<Option<String>, JsValue> {
    if object.is_undefined() || object.is_null() {
        return Ok(None);
    }
    let value = Reflect::get(object, &JsValue::from_str(key))?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| type_error(&format!("{what}.{key} must be a string")))
}

/// `object[key]` as a required string.
fn need_string(object: &JsValue, key: &str, what: &str) -> Result<String, JsValue> {
    get_string(object, key, what)?.ok_or_else(|| type_error(&format!("{what}.{key} is required")))
}

/// The `{ name: value }` pairs of a plain object of strings (`what` names it in errors);
/// none for `undefined` or `null`.
fn string_pairs(value: &JsValue, what: &str) -> Result<Vec<(String, String)>, JsValue> {
    let mut pairs = Vec::new();
    if value.is_undefined() || value.is_null() {
        return Ok(pairs);
    }
    if !value.is_object() {
        return Err(type_error(&format!("{what} must be an object")));
    }
    for entry in Object::entries(&value.clone().into()).iter() {
        let entry: Array = entry.into();
        let (Some(name), Some(value)) = (entry.get(0).as_string(), entry.get(1).as_string()) else {
            return Err(type_error(&format!("{what}: values must be strings")));
        };
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// A first factor by its challenge name (`PASSWORD_SRP`, ...); an error naming `what` for
/// any other string.
fn first_factor(name: &str, what: &str) -> Result<FirstFactor, JsValue> {
    FirstFactor::from_challenge_name(&ChallengeName::parse(name)).ok_or_else(|| {
        type_error(&format!(
            "{what} must be PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP or WEB_AUTHN, not \"{name}\""
        ))
    })
}

/// `options.flow` and `options.preferredChallenge` as the proto crate's flow.
fn flow_from_js(options: &JsValue) -> Result<SrpFlow, JsValue> {
    let preferred = get_string(options, "preferredChallenge", "options")?;
    let flow = match get_string(options, "flow", "options")?.as_deref() {
        None | Some("userSrp") => SrpFlow::UserSrp,
        Some("customWithSrp") => SrpFlow::CustomWithSrp,
        Some("custom") => SrpFlow::Custom,
        Some("password") => SrpFlow::Password,
        Some("userAuth") => {
            let preferred = preferred.as_deref().map(|p| first_factor(p, "options.preferredChallenge"));
            return Ok(SrpFlow::UserAuth { preferred: preferred.transpose()? });
        }
        Some(other) => {
            return Err(type_error(&format!(
                "options.flow must be userSrp, customWithSrp, custom, userAuth or password, not \"{other}\""
            )));
        }
    };
    if preferred.is_some() {
        return Err(type_error("options.preferredChallenge is only for flow userAuth"));
    }
    Ok(flow)
}

/// Whether `flow` cannot start without the password.
fn needs_password(flow: SrpFlow) -> bool {
    match flow {
        SrpFlow::Custom => false,
        SrpFlow::UserAuth { preferred } => preferred.is_some_and(FirstFactor::needs_password),
        _ => true,
    }
}

/// `options.maxRestarts`: `None` when absent, an error unless a whole number from 0 to 1000.
fn get_restarts(options: &JsValue) -> Result<Option<u32>, JsValue> {
    let value = Reflect::get(options, &JsValue::from_str("maxRestarts"))?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    (0..=1000)
        .find(|n| value.as_f64() == Some(f64::from(*n)))
        .map(Some)
        .ok_or_else(|| type_error("options.maxRestarts must be a whole number from 0 to 1000"))
}

/// `object[key]` as a boolean: `None` when absent.
fn get_bool(object: &JsValue, key: &str, what: &str) -> Result<Option<bool>, JsValue> {
    if object.is_undefined() || object.is_null() {
        return Ok(None);
    }
    let value = Reflect::get(object, &JsValue::from_str(key))?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_bool().map(Some).ok_or_else(|| type_error(&format!("{what}.{key} must be a boolean")))
}

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// One of the package's `Error` subclasses (`js/errors.js`, exported by the entry points).
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(
        kind: &str,
        message: &str,
        code: Option<&str>,
        retryable: bool,
        status: Option<u16>,
        request_id: Option<String>,
    ) -> JsValue;
}

/// The JavaScript error for a failed call, an instance of one of the package's `Error`
/// subclasses (`js/errors.js`): `CognitoServiceError` when Cognito answered with an error
/// (`name` and `code` are its `__type`, with `status` and `requestId`),
/// `CognitoTransportError` (network, timeout, a reply too large), `CognitoProtocolError` (an
/// answer that makes no sense) or `CognitoError` (their base class: a bad option, ...). Every
/// one has `code` and `retryable`.
fn js_error(err: &Error) -> JsValue {
    let message = err.to_string();
    let retryable = err.is_retryable();
    if let Some(service) = err.service() {
        let request_id = match err {
            Error::Service(_, id) => id.clone(),
            _ => None,
        };
        let code = Some(service.code.as_str());
        return make_error("service", &message, code, retryable, Some(service.status), request_id);
    }
    let kind = match err {
        Error::Transport(_) => "transport",
        Error::Protocol(cognito_srp_proto::Error::Protocol(_)) | Error::Unexpected { .. } => "protocol",
        _ => "other",
    };
    make_error(kind, &message, None, retryable, None, None)
}

fn seconds(value: u64) -> f64 {
    f64::from(u32::try_from(value).unwrap_or(u32::MAX))
}

fn tokens_js(tokens: &Tokens) -> JsValue {
    Obj::new()
        .set("accessToken", tokens.access_token.expose_secret())
        .set("idToken", tokens.id_token.expose_secret())
        .set("refreshToken", tokens.refresh_token.as_ref().map(|t| t.expose_secret().to_owned()))
        .set("expiresIn", seconds(tokens.expires_in))
        .set("tokenType", tokens.token_type.as_str())
        .done()
}

fn device_js(device: &DeviceCredentials) -> JsValue {
    Obj::new()
        .set("deviceKey", device.device_key.as_str())
        .set("deviceGroupKey", device.device_group_key.as_str())
        .set("devicePassword", device.device_password.expose_secret())
        .done()
}

fn device_from_js(value: &JsValue) -> Result<Option<DeviceCredentials>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let what = "options.device";
    let key = need_string(value, "deviceKey", what)?;
    let group = need_string(value, "deviceGroupKey", what)?;
    let password = SecretString::from(need_string(value, "devicePassword", what)?);
    Ok(Some(DeviceCredentials::new(key, group, password)))
}

fn metadata_js(metadata: &NewDeviceMetadata) -> JsValue {
    Obj::new()
        .set("deviceKey", metadata.device_key.as_str())
        .set("deviceGroupKey", metadata.device_group_key.as_str())
        .done()
}

/// `device_error`: what stopped the device calls after the tokens came, if the driver saw it.
fn signed_in_js(done: &SignedIn, device_error: Option<&Error>) -> JsValue {
    let device_error = device_error
        .map(js_error)
        .or_else(|| done.device_error.clone().map(|e| js_error(&Error::Protocol(e))));
    Obj::new()
        .set("tokens", tokens_js(&done.tokens))
        .set("username", done.username.as_str())
        .set("device", done.device.as_ref().map(device_js))
        .set("newDevice", done.new_device)
        .set("userConfirmationNecessary", done.user_confirmation_necessary)
        .set("deviceRemembered", done.device_remembered)
        .set("droppedDevice", done.dropped_device.clone())
        .set("deviceError", device_error)
        .set("unconfirmedDevice", done.unconfirmed_device.as_ref().map(metadata_js))
        .done()
}

fn device_type_js(device: &DeviceType) -> JsValue {
    let attributes = Obj::new();
    let attributes = device
        .device_attributes
        .iter()
        .fold(attributes, |o, a| o.set(&a.name, a.value.clone().unwrap_or_default()));
    Obj::new()
        .set("deviceKey", device.device_key.as_str())
        .set("attributes", attributes.done())
        .set("createDate", device.device_create_date)
        .set("lastModifiedDate", device.device_last_modified_date)
        .set("lastAuthenticatedDate", device.device_last_authenticated_date)
        .done()
}

fn strings(items: impl IntoIterator<Item = String>) -> JsValue {
    items.into_iter().map(JsValue::from).collect::<Array>().into()
}

/// An Amazon Cognito user pool and app client, seen from an app:
/// `new UserPool({ poolId, clientId, clientSecret?, endpoint? })`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct UserPool {
    inner: Rc<Pool>,
}

#[wasm_bindgen]
impl UserPool {
    /// The pool `poolId` and app client `clientId`; with `clientSecret`, every call carries
    /// `SECRET_HASH`; `endpoint` replaces the regional Cognito endpoint. Throws a `TypeError`
    /// for a missing or mistyped option, a `CognitoError` for an invalid pool id or endpoint.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &UserPoolOptions) -> Result<UserPool, JsValue> {
        let options: &JsValue = options.as_ref();
        if !options.is_object() {
            return Err(type_error("new UserPool(options): options must be an object"));
        }
        let pool_id = need_string(options, "poolId", "options")?;
        let client_id = need_string(options, "clientId", "options")?;
        let secret = get_string(options, "clientSecret", "options")?.map(SecretString::from);
        let endpoint = get_string(options, "endpoint", "options")?;
        let pool = Pool::new(&pool_id, &client_id, endpoint.as_deref()).map_err(|e| js_error(&e))?;
        let pool = match secret {
            Some(secret) => pool.with_client_secret(secret),
            None => pool,
        };
        Ok(UserPool { inner: Rc::new(pool) })
    }

    /// The pool id.
    #[wasm_bindgen(getter, js_name = poolId)]
    pub fn pool_id(&self) -> String {
        self.inner.app().pool_id().to_owned()
    }

    /// The app client id.
    #[wasm_bindgen(getter, js_name = clientId)]
    pub fn client_id(&self) -> String {
        self.inner.app().client_id().to_owned()
    }

    /// Starts a sign-in (`options.flow`: `USER_SRP_AUTH` by default, and the device path
    /// when `options.device` is given): resolves to the first step that needs the user, or
    /// `done`. `password` may be `undefined` for the flows that need none (`custom`, and
    /// `userAuth` unless a password factor is preferred); throws a `TypeError` for an unknown
    /// flow or first factor, a mistyped option, or a flow that needs the missing password.
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<SignInStep>")]
    pub fn sign_in(
        &self,
        username: String,
        password: Option<String>,
        options: Option<SignInOptions>,
    ) -> Result<Promise, JsValue> {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
        let options = &options;
        let mut settings = Options::default();
        let mut device = None;
        if !options.is_undefined() && !options.is_null() {
            device = device_from_js(&Reflect::get(options, &JsValue::from_str("device"))?)?;
            if let Some(remember) = get_bool(options, "rememberDevice", "options")? {
                settings = settings.remember_device(remember);
            }
            if let Some(name) = get_string(options, "deviceName", "options")? {
                settings = settings.device_name(name);
            }
            if let Some(confirm) = get_bool(options, "confirmNewDevices", "options")? {
                settings = settings.confirm_new_devices(confirm);
            }
            if let Some(restarts) = get_restarts(options)? {
                settings = settings.max_restarts(restarts);
            }
            settings = settings.flow(flow_from_js(options)?);
            let metadata = string_pairs(
                &Reflect::get(options, &JsValue::from_str("clientMetadata"))?,
                "options.clientMetadata",
            )?;
            if !metadata.is_empty() {
                settings = settings.client_metadata(metadata.into_iter().collect::<Parameters>());
            }
        }
        let app = self.inner.app().clone();
        let mut sign_in = match password {
            Some(password) => SignIn::new(app, username, SecretString::from(password), settings),
            None if needs_password(settings.flow) => {
                return Err(type_error("signIn: this flow needs the password, and none was given"));
            }
            None => SignIn::without_password(app, username, settings),
        };
        if let Some(device) = device {
            sign_in = sign_in.with_device(device);
        }
        let call = sign_in.start(&mut getrandom::SysRng);
        Ok(drive(Rc::clone(&self.inner), sign_in, call))
    }

    /// New tokens from a refresh token (`REFRESH_TOKEN_AUTH`); `username` is
    /// `result.username` of the sign-in (for `SECRET_HASH`), `deviceKey` the key of the
    /// device the tokens were issued to, if any.
    #[wasm_bindgen(unchecked_return_type = "Promise<Tokens>")]
    pub fn refresh(
        &self,
        #[wasm_bindgen(js_name = refreshToken)] refresh_token: String,
        username: String,
        #[wasm_bindgen(js_name = deviceKey)] device_key: Option<String>,
    ) -> Promise {
        let pool = Rc::clone(&self.inner);
        let token = SecretString::from(refresh_token);
        future_to_promise(async move {
            let refresh = Refresh::new(pool.app().clone(), token, username.as_str(), device_key);
            let tokens = pool.refresh(refresh).await;
            tokens.map(|t| tokens_js(&t)).map_err(|e| js_error(&e))
        })
    }

    /// Signs the user out everywhere (`GlobalSignOut`): the refresh tokens stop working.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(&self, #[wasm_bindgen(js_name = accessToken)] access_token: String) -> Promise {
        let request = GlobalSignOutRequest::new(SecretString::from(access_token));
        let operation = Operation::GlobalSignOut;
        send(Rc::clone(&self.inner), operation.clone(), encode(&operation, &request))
    }

    /// Revokes a refresh token (`RevokeToken`) and the access tokens issued from it.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn revoke(&self, #[wasm_bindgen(js_name = refreshToken)] refresh_token: String) -> Promise {
        let request = self.inner.app().revoke_request(&SecretString::from(refresh_token));
        let operation = Operation::RevokeToken;
        send(Rc::clone(&self.inner), operation.clone(), encode(&operation, &request))
    }

    /// Confirms a device (`ConfirmDevice`) from `NewDeviceMetadata` the sign-in left
    /// unconfirmed: resolves to `{ device, userConfirmationNecessary }`.
    #[wasm_bindgen(
        js_name = confirmDevice,
        unchecked_return_type = "Promise<{ device: DeviceCredentials; userConfirmationNecessary: boolean }>"
    )]
    pub fn confirm_device(
        &self,
        #[wasm_bindgen(js_name = accessToken)] access_token: String,
        metadata: &NewDeviceMetadataJs,
        #[wasm_bindgen(js_name = deviceName)] device_name: Option<String>,
    ) -> Result<Promise, JsValue> {
        let metadata: &JsValue = metadata.as_ref();
        let metadata = NewDeviceMetadata::new(
            need_string(metadata, "deviceKey", "metadata")?,
            need_string(metadata, "deviceGroupKey", "metadata")?,
        );
        let pool = Rc::clone(&self.inner);
        let token = SecretString::from(access_token);
        Ok(future_to_promise(async move {
            let (request, device) = cognito_srp_proto::confirm_device(
                &token,
                &metadata,
                device_name.as_deref(),
                &mut getrandom::SysRng,
            )
            .map_err(|e| js_error(&Error::Protocol(e)))?;
            let reply = pool.json(Operation::ConfirmDevice, &request).await.map_err(|e| js_error(&e))?;
            let reply: ConfirmDeviceResponse =
                driver::parse(Operation::ConfirmDevice, &reply).map_err(|e| js_error(&e))?;
            Ok(Obj::new()
                .set("device", device_js(&device))
                .set("userConfirmationNecessary", reply.user_confirmation_necessary)
                .done())
        }))
    }

    /// Remembers a device (`UpdateDeviceStatus`; `remembered = false` stops remembering it).
    /// Sign-ins through a remembered device skip MFA.
    #[wasm_bindgen(js_name = rememberDevice, unchecked_return_type = "Promise<void>")]
    pub fn remember_device(
        &self,
        #[wasm_bindgen(js_name = accessToken)] access_token: String,
        #[wasm_bindgen(js_name = deviceKey)] device_key: String,
        remembered: Option<bool>,
    ) -> Promise {
        let status = DeviceRememberedStatus::from_bool(remembered.unwrap_or(true));
        let request = UpdateDeviceStatusRequest::new(SecretString::from(access_token), device_key, status);
        let operation = Operation::UpdateDeviceStatus;
        send(Rc::clone(&self.inner), operation.clone(), encode(&operation, &request))
    }

    /// The user's tracked devices (`ListDevices`, every page).
    #[wasm_bindgen(js_name = listDevices, unchecked_return_type = "Promise<Device[]>")]
    pub fn list_devices(&self, #[wasm_bindgen(js_name = accessToken)] access_token: String) -> Promise {
        let pool = Rc::clone(&self.inner);
        let token = SecretString::from(access_token);
        future_to_promise(async move {
            let devices = pool.list_devices(&token).await.map_err(|e| js_error(&e))?;
            Ok(devices.iter().map(device_type_js).collect::<Array>().into())
        })
    }

    /// Forgets a device (`ForgetDevice`): its credentials stop working.
    #[wasm_bindgen(js_name = forgetDevice, unchecked_return_type = "Promise<void>")]
    pub fn forget_device(
        &self,
        #[wasm_bindgen(js_name = accessToken)] access_token: String,
        #[wasm_bindgen(js_name = deviceKey)] device_key: String,
    ) -> Promise {
        let request = ForgetDeviceRequest::new(SecretString::from(access_token), device_key);
        let operation = Operation::ForgetDevice;
        send(Rc::clone(&self.inner), operation.clone(), encode(&operation, &request))
    }
}

/// A sign-in waiting for an answer, and the pool it sends to.
type Flow = (Rc<Pool>, SignIn);

/// A step of a sign-in: `kind` says what is asked, and the matching method answers it.
///
/// - `done`: `result` holds the tokens and device.
/// - `mfaCode`: `mfaType` (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`) and `destination`;
///   answer with `answerMfaCode(code)`.
/// - `selectMfa`: `options` lists the methods; answer with `selectMfa(type)`.
/// - `totpSetup`: `secretCode` (base32; `totpUri(issuer, account)` for a QR code); answer with
///   `answerTotpSetup(code, deviceName?)`.
/// - `newPassword`: `requiredAttributes`, `userAttributes`; answer with
///   `answerNewPassword(password, attributes?)`.
/// - `customChallenge`: `challengeParameters` (from the pool's Lambda); answer with
///   `answerCustomChallenge(answer)`.
/// - `selectChallenge`: `options` lists the first factors; answer with
///   `selectChallenge(name, password?)`.
/// - `oneTimeCode`: `deliveryMedium` and `destination`; answer with `answerOneTimeCode(code)`.
/// - `webAuthn`: `credentialRequestOptions` (JSON for `navigator.credentials.get`); answer
///   with `answerWebAuthn(credential)`.
///
/// Each answer resolves to the next step; a step is answered once.
#[wasm_bindgen]
pub struct SignInStep {
    kind: &'static str,
    step: Option<Step>,
    result: JsValue,
    flow: Rc<RefCell<Option<Flow>>>,
}

/// The kind and whether it was answered: `result` holds the tokens (as JavaScript strings), so
/// it is left out.
impl std::fmt::Debug for SignInStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let answered = self.kind != "done" && self.flow.try_borrow().is_ok_and(|flow| flow.is_none());
        f.debug_struct("SignInStep")
            .field("kind", &self.kind)
            .field("answered", &answered)
            .finish_non_exhaustive()
    }
}

impl SignInStep {
    /// The step `sign_in` reached, or the error it stopped with.
    fn next(pool: Rc<Pool>, sign_in: SignIn, reached: Result<Reached, Error>) -> Result<JsValue, JsValue> {
        let step = match reached.map_err(|e| js_error(&e))? {
            Reached::Done(done, device_error) => {
                let result = signed_in_js(&done, device_error.as_ref());
                let flow = Rc::new(RefCell::new(None));
                return Ok(SignInStep { kind: "done", step: None, result, flow }.into());
            }
            Reached::Step(step) => step,
        };
        let (kind, result) = match &step {
            Step::MfaCode { .. } => ("mfaCode", JsValue::UNDEFINED),
            Step::SelectMfaType { .. } => ("selectMfa", JsValue::UNDEFINED),
            Step::MfaSetup { .. } => ("totpSetup", JsValue::UNDEFINED),
            Step::NewPasswordRequired { .. } => ("newPassword", JsValue::UNDEFINED),
            Step::CustomChallenge { .. } => ("customChallenge", JsValue::UNDEFINED),
            Step::SelectChallenge { .. } => ("selectChallenge", JsValue::UNDEFINED),
            Step::OneTimeCode { .. } => ("oneTimeCode", JsValue::UNDEFINED),
            Step::WebAuthn { .. } => ("webAuthn", JsValue::UNDEFINED),
            _ => ("unknown", JsValue::UNDEFINED),
        };
        let flow = Some((pool, sign_in));
        Ok(SignInStep { kind, step: Some(step), result, flow: Rc::new(RefCell::new(flow)) }.into())
    }

    /// Takes the sign-in out of this step to answer it; an error when `kind` is not
    /// `expected` or the step was already answered.
    fn take(&self, expected: &str, method: &str) -> Result<Flow, JsValue> {
        if self.kind != expected {
            return Err(type_error(&format!(
                "{method} answers a {expected} step, this step is {}",
                self.kind
            )));
        }
        self.flow
            .try_borrow_mut()
            .ok()
            .and_then(|mut flow| flow.take())
            .ok_or_else(|| type_error(&format!("this {} step was already answered", self.kind)))
    }

    /// Takes the sign-in out of this step, makes the answer with `answer` and sends it.
    fn answer(
        &self,
        expected: &str,
        method: &str,
        answer: &dyn Fn(&mut SignIn) -> Result<Call, cognito_srp_proto::Error>,
    ) -> Result<Promise, JsValue> {
        let (pool, mut sign_in) = self.take(expected, method)?;
        let call = answer(&mut sign_in);
        Ok(drive(pool, sign_in, call))
    }
}

#[wasm_bindgen]
impl SignInStep {
    /// What the step asks for (see the class).
    #[wasm_bindgen(getter, unchecked_return_type = "StepKind")]
    pub fn kind(&self) -> String {
        self.kind.to_owned()
    }

    /// For `done`: the tokens, the user name and the device.
    #[wasm_bindgen(getter, unchecked_return_type = "SignedIn | undefined")]
    pub fn result(&self) -> JsValue {
        self.result.clone()
    }

    /// For `mfaCode`: which method (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`).
    #[wasm_bindgen(getter, js_name = mfaType, unchecked_return_type = "MfaType | undefined")]
    pub fn mfa_type(&self) -> JsValue {
        match &self.step {
            Some(Step::MfaCode { kind, .. }) => kind.challenge_name().into(),
            _ => JsValue::UNDEFINED,
        }
    }

    /// For `mfaCode` and `oneTimeCode`: where the code was sent (masked), when given.
    #[wasm_bindgen(getter, unchecked_return_type = "string | undefined")]
    pub fn destination(&self) -> JsValue {
        match &self.step {
            Some(Step::MfaCode { destination, .. } | Step::OneTimeCode { destination, .. }) => {
                destination.clone().into()
            }
            _ => JsValue::UNDEFINED,
        }
    }

    /// For `selectMfa` and `totpSetup`: the MFA methods to choose from / set up; for
    /// `selectChallenge`: the first factors to choose from.
    #[wasm_bindgen(getter, unchecked_return_type = "MfaType[] | FirstFactor[] | undefined")]
    pub fn options(&self) -> JsValue {
        match &self.step {
            Some(Step::SelectMfaType { options } | Step::MfaSetup { options, .. }) => {
                strings(options.iter().map(|k| k.challenge_name().to_owned()))
            }
            Some(Step::SelectChallenge { available }) => {
                strings(available.iter().map(|f| f.challenge_name().as_str().to_owned()))
            }
            _ => JsValue::UNDEFINED,
        }
    }

    /// For `totpSetup`: the base32 secret to add to an authenticator app.
    #[wasm_bindgen(getter, js_name = secretCode, unchecked_return_type = "string | undefined")]
    pub fn secret_code(&self) -> JsValue {
        match &self.step {
            Some(Step::MfaSetup { secret_code: Some(secret), .. }) => secret.expose_secret().into(),
            _ => JsValue::UNDEFINED,
        }
    }

    /// For `totpSetup`: an `otpauth://` URI for a QR code.
    #[wasm_bindgen(js_name = totpUri, unchecked_return_type = "string | undefined")]
    pub fn totp_uri(&self, issuer: &str, account: &str) -> JsValue {
        self.step
            .as_ref()
            .and_then(|s| s.totp_uri(issuer, account))
            .map_or(JsValue::UNDEFINED, |uri| uri.expose_secret().into())
    }

    /// For `newPassword`: the attributes the pool requires and the user lacks.
    #[wasm_bindgen(getter, js_name = requiredAttributes, unchecked_return_type = "string[] | undefined")]
    pub fn required_attributes(&self) -> JsValue {
        match &self.step {
            Some(Step::NewPasswordRequired { required_attributes, .. }) => {
                strings(required_attributes.iter().cloned())
            }
            _ => JsValue::UNDEFINED,
        }
    }

    /// For `newPassword`: the user's current attributes.
    #[wasm_bindgen(
        getter,
        js_name = userAttributes,
        unchecked_return_type = "Record<string, string> | undefined"
    )]
    pub fn user_attributes(&self) -> JsValue {
        match &self.step {
            Some(Step::NewPasswordRequired { user_attributes, .. }) => {
                user_attributes.iter().fold(Obj::new(), |o, (k, v)| o.set(k, v.as_str())).done()
            }
            _ => JsValue::UNDEFINED,
        }
    }

    /// For `customChallenge`: the challenge parameters the pool's Lambda set.
    #[wasm_bindgen(
        getter,
        js_name = challengeParameters,
        unchecked_return_type = "Record<string, string> | undefined"
    )]
    pub fn challenge_parameters(&self) -> JsValue {
        match &self.step {
            Some(Step::CustomChallenge { parameters }) => {
                parameters.iter().fold(Obj::new(), |o, (k, v)| o.set(k, v)).done()
            }
            _ => JsValue::UNDEFINED,
        }
    }

    /// For `oneTimeCode`: how the code was sent (`EMAIL`, `SMS`), when given.
    #[wasm_bindgen(getter, js_name = deliveryMedium, unchecked_return_type = "string | undefined")]
    pub fn delivery_medium(&self) -> JsValue {
        match &self.step {
            Some(Step::OneTimeCode { medium: Some(medium), .. }) => medium.as_str().into(),
            _ => JsValue::UNDEFINED,
        }
    }

    /// For `webAuthn`: `CREDENTIAL_REQUEST_OPTIONS`, the `PublicKeyCredentialRequestOptions`
    /// as JSON (`PublicKeyCredential.parseRequestOptionsFromJSON`, then
    /// `navigator.credentials.get`).
    #[wasm_bindgen(getter, js_name = credentialRequestOptions, unchecked_return_type = "string | undefined")]
    pub fn credential_request_options(&self) -> JsValue {
        match &self.step {
            Some(Step::WebAuthn { credential_request_options }) => credential_request_options.into(),
            _ => JsValue::UNDEFINED,
        }
    }

    /// Answers `mfaCode` with the code the user typed.
    #[wasm_bindgen(js_name = answerMfaCode, unchecked_return_type = "Promise<SignInStep>")]
    pub fn answer_mfa_code(&self, code: String) -> Result<Promise, JsValue> {
        let code = SecretString::from(code);
        self.answer("mfaCode", "answerMfaCode", &|s| s.answer_mfa_code(code.expose_secret()))
    }

    /// Answers `selectMfa` with one of `options`.
    #[wasm_bindgen(js_name = selectMfa, unchecked_return_type = "Promise<SignInStep>")]
    pub fn select_mfa(
        &self,
        #[wasm_bindgen(js_name = mfaType)] mfa_type: String,
    ) -> Result<Promise, JsValue> {
        let kind = MfaKind::from_challenge(&mfa_type);
        self.answer("selectMfa", "selectMfa", &|s| s.select_mfa_type(&kind))
    }

    /// Answers `totpSetup` with a code from the authenticator app (`VerifySoftwareToken`).
    #[wasm_bindgen(js_name = answerTotpSetup, unchecked_return_type = "Promise<SignInStep>")]
    pub fn answer_totp_setup(
        &self,
        code: String,
        #[wasm_bindgen(js_name = deviceName)] device_name: Option<String>,
    ) -> Result<Promise, JsValue> {
        let code = SecretString::from(code);
        self.answer("totpSetup", "answerTotpSetup", &|s| {
            s.answer_mfa_setup(code.expose_secret(), device_name.as_deref())
        })
    }

    /// Answers `newPassword` with the new password and the required attributes
    /// (`{ name: value }`).
    #[wasm_bindgen(js_name = answerNewPassword, unchecked_return_type = "Promise<SignInStep>")]
    pub fn answer_new_password(
        &self,
        password: String,
        #[wasm_bindgen(unchecked_param_type = "Record<string, string> | undefined")] attributes: JsValue,
    ) -> Result<Promise, JsValue> {
        let pairs = string_pairs(&attributes, "answerNewPassword: attributes")?;
        let password = SecretString::from(password);
        let attributes: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        self.answer("newPassword", "answerNewPassword", &|s| {
            s.answer_new_password(password.expose_secret(), &attributes)
        })
    }

    /// Answers `customChallenge` with the answer the pool's Lambda checks.
    #[wasm_bindgen(js_name = answerCustomChallenge, unchecked_return_type = "Promise<SignInStep>")]
    pub fn answer_custom_challenge(&self, answer: String) -> Result<Promise, JsValue> {
        let answer = SecretString::from(answer);
        self.answer("customChallenge", "answerCustomChallenge", &|s| {
            s.answer_custom_challenge(answer.expose_secret())
        })
    }

    /// Answers `selectChallenge` with one of `options`; `password` for `PASSWORD` and
    /// `PASSWORD_SRP` when `signIn` was given none. Throws a `TypeError` for a name that is
    /// not a first factor, or a password factor without a password (the step stays open).
    #[wasm_bindgen(js_name = selectChallenge, unchecked_return_type = "Promise<SignInStep>")]
    pub fn select_challenge(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FirstFactor")] name: String,
        password: Option<String>,
    ) -> Result<Promise, JsValue> {
        let factor = first_factor(&name, "selectChallenge: the challenge")?;
        let (pool, mut sign_in) = self.take("selectChallenge", "selectChallenge")?;
        let password = password.map(SecretString::from);
        match sign_in.select_challenge(factor, password, &mut getrandom::SysRng) {
            // The machine kept the choice open: so does this step.
            Err(cognito_srp_proto::Error::Config(reason)) => {
                *self.flow.borrow_mut() = Some((pool, sign_in));
                Err(type_error(&format!("selectChallenge: {reason}")))
            }
            call => Ok(drive(pool, sign_in, call)),
        }
    }

    /// Answers `oneTimeCode` with the code that was emailed or texted.
    #[wasm_bindgen(js_name = answerOneTimeCode, unchecked_return_type = "Promise<SignInStep>")]
    pub fn answer_one_time_code(&self, code: String) -> Result<Promise, JsValue> {
        let code = SecretString::from(code);
        self.answer("oneTimeCode", "answerOneTimeCode", &|s| s.answer_one_time_code(code.expose_secret()))
    }

    /// Answers `webAuthn` with the authenticator's credential: a string is sent as it is,
    /// anything else as `JSON.stringify(credential)` (which calls a `PublicKeyCredential`'s
    /// `toJSON()`). Throws a `TypeError` when it cannot be made JSON.
    #[wasm_bindgen(js_name = answerWebAuthn, unchecked_return_type = "Promise<SignInStep>")]
    pub fn answer_web_authn(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WebAuthnCredential")] credential: JsValue,
    ) -> Result<Promise, JsValue> {
        let json = match credential.as_string() {
            Some(json) => json,
            None if credential.is_object() => js_sys::JSON::stringify(&credential)?
                .as_string()
                .ok_or_else(|| type_error("answerWebAuthn: JSON.stringify(credential) gave no JSON"))?,
            None => return Err(type_error("answerWebAuthn: credential must be a string or an object")),
        };
        self.answer("webAuthn", "answerWebAuthn", &|s| s.answer_web_authn(&json))
    }
}
