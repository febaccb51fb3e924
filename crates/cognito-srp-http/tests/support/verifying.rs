//! A small verifying Cognito stand-in on the scripted server: real SRP (the core's server
//! role) for one user, device confirmation and device SRP, refresh bound to the device.
#![allow(
    unreachable_pub,
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64ct::{Base64, Encoding};
use cognito_srp_core::server::{ServerEphemeral, Verifier, salt_hex};
use serde_json::{Value, json};

use super::fake::{Fake, Reply};

pub const POOL_ID: &str = "us-east-1_DevPool";
pub const POOL_NAME: &str = "DevPool";
pub const INTERNAL: &str = "6f1c2a9e-0000-4000-8000-00000000beef";

struct Device {
    group: String,
    salt: Vec<u8>,
    verifier: Option<Verifier>,
}

struct Pending {
    ephemeral: ServerEphemeral,
    srp_a: String,
    secret_block: String,
    device_key: Option<String>,
}

#[derive(Default)]
struct State {
    devices: HashMap<String, Device>,
    sessions: HashMap<String, Pending>,
    refresh: HashMap<String, Option<String>>,
    counter: u32,
}

fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).unwrap();
    b
}

fn error(kind: &str, message: &str) -> Reply {
    Reply::Json(400, json!({"__type": kind, "message": message}))
}

fn user() -> (Vec<u8>, Verifier) {
    let salt =
        vec![0x00, 0x9a, 0x11, 0x42, 0x55, 0x01, 0xfe, 0x77, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80];
    let verifier = Verifier::for_user(POOL_NAME, INTERNAL, "Correct-Horse-1", &salt).unwrap();
    (salt, verifier)
}

fn tokens(state: &mut State, device_key: Option<String>, new_device: bool) -> Reply {
    state.counter += 1;
    let refresh = format!("refresh-{}", state.counter);
    state.refresh.insert(refresh.clone(), device_key);
    let mut result = json!({"AccessToken": format!("access-{}", state.counter), "IdToken": "id",
        "RefreshToken": refresh, "ExpiresIn": 3600, "TokenType": "Bearer"});
    if new_device {
        let key = format!("us-east-1_{}", state.counter);
        let group = format!("-grp{}", state.counter);
        state.devices.insert(key.clone(), Device { group: group.clone(), salt: vec![], verifier: None });
        result["NewDeviceMetadata"] = json!({"DeviceKey": key, "DeviceGroupKey": group});
    }
    Reply::Json(200, json!({"ChallengeParameters": {}, "AuthenticationResult": result}))
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn handle(shared: &Mutex<State>, op: &str, body: &Value) -> Reply {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    match op {
        "InitiateAuth" if body["AuthFlow"] == "USER_SRP_AUTH" => {
            let p = &body["AuthParameters"];
            if p["USERNAME"] != "alice@example.com" {
                return error("UserNotFoundException", "User does not exist.");
            }
            let device_key = p.get("DEVICE_KEY").map(s);
            let (salt, verifier) = user();
            let ephemeral = ServerEphemeral::from_secret_bytes(&random::<32>(), &verifier).unwrap();
            let secret_block = Base64::encode_string(&random::<48>());
            let srp_b = ephemeral.public_hex().as_str().to_owned();
            let mut state = lock(shared);
            if let Some(key) = &device_key
                && !state.devices.contains_key(key)
            {
                return error("ResourceNotFoundException", "Device does not exist.");
            }
            state.counter += 1;
            let session = format!("session-{}", state.counter);
            state.sessions.insert(
                session.clone(),
                Pending { ephemeral, srp_a: s(&p["SRP_A"]), secret_block: secret_block.clone(), device_key },
            );
            Reply::Json(
                200,
                json!({"ChallengeName": "PASSWORD_VERIFIER", "Session": session, "ChallengeParameters": {
                "USERNAME": INTERNAL, "USER_ID_FOR_SRP": INTERNAL, "SALT": salt_hex(&salt).as_str(),
                "SRP_B": srp_b, "SECRET_BLOCK": secret_block}}),
            )
        }
        "InitiateAuth" if body["AuthFlow"] == "REFRESH_TOKEN_AUTH" => {
            let p = &body["AuthParameters"];
            let state = lock(shared);
            match state.refresh.get(&s(&p["REFRESH_TOKEN"])) {
                Some(device) if device.as_deref() == p.get("DEVICE_KEY").and_then(Value::as_str) => {
                    Reply::Json(
                        200,
                        json!({"AuthenticationResult": {"AccessToken": "access-refreshed", "IdToken": "id",
                        "ExpiresIn": 3600, "TokenType": "Bearer"}}),
                    )
                }
                _ => error("NotAuthorizedException", "Invalid Refresh Token"),
            }
        }
        "RespondToAuthChallenge" => {
            let session = s(&body["Session"]);
            let r = &body["ChallengeResponses"];
            let Some(pending) = lock(shared).sessions.remove(&session) else {
                return error("NotAuthorizedException", "Invalid session for the user.");
            };
            match body["ChallengeName"].as_str().unwrap() {
                "PASSWORD_VERIFIER" => {
                    if r["USERNAME"] != INTERNAL
                        || s(&r["PASSWORD_CLAIM_SECRET_BLOCK"]) != pending.secret_block
                    {
                        return error("NotAuthorizedException", "Incorrect username or password.");
                    }
                    let (_, verifier) = user();
                    let ok = pending.ephemeral.verify_user_claim(
                        &verifier,
                        &pending.srp_a,
                        POOL_NAME,
                        INTERNAL,
                        &pending.secret_block,
                        &s(&r["TIMESTAMP"]),
                        &s(&r["PASSWORD_CLAIM_SIGNATURE"]),
                    );
                    if ok.is_err() {
                        return error("NotAuthorizedException", "Incorrect username or password.");
                    }
                    let mut state = lock(shared);
                    match pending.device_key {
                        Some(key) => {
                            let next = format!("{session}-d");
                            state.sessions.insert(next.clone(), Pending { device_key: Some(key), ..pending });
                            Reply::Json(
                                200,
                                json!({"ChallengeName": "DEVICE_SRP_AUTH", "Session": next,
                                "ChallengeParameters": {"USERNAME": INTERNAL}}),
                            )
                        }
                        None => tokens(&mut state, None, true),
                    }
                }
                "DEVICE_SRP_AUTH" => {
                    let key = pending.device_key.clone().unwrap();
                    if r["DEVICE_KEY"] != key.as_str() {
                        return error("NotAuthorizedException", "Incorrect username or password.");
                    }
                    let (verifier, device_salt) = {
                        let state = lock(shared);
                        let Some(device) = state.devices.get(&key) else {
                            return error("ResourceNotFoundException", "Device does not exist.");
                        };
                        (device.verifier.clone().expect("device was confirmed"), device.salt.clone())
                    };
                    let ephemeral = ServerEphemeral::from_secret_bytes(&random::<32>(), &verifier).unwrap();
                    let secret_block = Base64::encode_string(&random::<48>());
                    let reply = json!({"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": format!("{session}-p"),
                        "ChallengeParameters": {"USERNAME": INTERNAL, "DEVICE_KEY": key,
                        "SALT": salt_hex(&device_salt).as_str(), "SRP_B": ephemeral.public_hex().as_str(),
                        "SECRET_BLOCK": secret_block}});
                    lock(shared).sessions.insert(
                        format!("{session}-p"),
                        Pending { ephemeral, srp_a: s(&r["SRP_A"]), secret_block, device_key: Some(key) },
                    );
                    Reply::Json(200, reply)
                }
                "DEVICE_PASSWORD_VERIFIER" => {
                    let key = pending.device_key.clone().unwrap();
                    let (verifier, group) = {
                        let state = lock(shared);
                        let Some(device) = state.devices.get(&key) else {
                            return error("ResourceNotFoundException", "Device does not exist.");
                        };
                        (device.verifier.clone().unwrap(), device.group.clone())
                    };
                    let ok = pending.ephemeral.verify_device_claim(
                        &verifier,
                        &pending.srp_a,
                        &group,
                        &key,
                        &pending.secret_block,
                        &s(&r["TIMESTAMP"]),
                        &s(&r["PASSWORD_CLAIM_SIGNATURE"]),
                    );
                    if ok.is_err() {
                        return error("NotAuthorizedException", "Incorrect username or password.");
                    }
                    tokens(&mut lock(shared), Some(key), false)
                }
                other => panic!("unexpected challenge {other}"),
            }
        }
        "ConfirmDevice" => {
            let key = s(&body["DeviceKey"]);
            let config = &body["DeviceSecretVerifierConfig"];
            let mut state = lock(shared);
            let Some(device) = state.devices.get_mut(&key) else {
                return error("ResourceNotFoundException", "Device does not exist.");
            };
            device.salt = Base64::decode_vec(config["Salt"].as_str().unwrap()).unwrap();
            let v = Base64::decode_vec(config["PasswordVerifier"].as_str().unwrap()).unwrap();
            device.verifier = Some(Verifier::from_be_bytes(&v).unwrap());
            Reply::Json(200, json!({"UserConfirmationNecessary": true}))
        }
        "UpdateDeviceStatus" => {
            assert_eq!(body["DeviceRememberedStatus"], "remembered");
            Reply::Json(200, json!({}))
        }
        "ForgetDevice" => {
            lock(shared).devices.remove(&s(&body["DeviceKey"]));
            Reply::Json(200, json!({}))
        }
        other => error("UnknownOperationException", other),
    }
}

/// The sign-in name and password of the one user.
pub const USERNAME: &str = "alice@example.com";
pub const PASSWORD: &str = "Correct-Horse-1";

/// Starts the verifying server.
pub async fn start() -> Fake {
    let state = Arc::new(Mutex::new(State::default()));
    Fake::start(move |_, op, body| handle(&state, op, body)).await
}

/// Starts the verifying server with faults: about `percent`% of requests get a 500, a
/// throttling 400, a dropped connection (before or after the request was processed) or a
/// delay past the client's timeout. Returns the server and the number of faults injected.
pub async fn start_with_faults(
    percent: u64,
    delay: std::time::Duration,
) -> (Fake, Arc<std::sync::atomic::AtomicU64>) {
    let state = Arc::new(Mutex::new(State::default()));
    let injected = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counter = injected.clone();
    let fake = Fake::start(move |_, op, body| {
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).unwrap();
        let roll = u64::from_le_bytes(b);
        if roll % 100 >= percent {
            return handle(&state, op, body);
        }
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        match (roll / 100) % 5 {
            0 => Reply::Json(500, json!({"__type": "InternalErrorException", "message": "injected"})),
            1 => Reply::Raw(400, vec![("x-amzn-errortype", "TooManyRequestsException")], ""),
            2 => Reply::Drop,
            3 => {
                // Processed, then the answer is lost: the session is used up.
                let _ = handle(&state, op, body);
                Reply::Drop
            }
            _ => Reply::Delay(delay, Box::new(handle(&state, op, body))),
        }
    })
    .await;
    (fake, injected)
}
