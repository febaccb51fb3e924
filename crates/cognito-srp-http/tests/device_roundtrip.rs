//! The device lifecycle against a small verifying server built on the core's server role:
//! the verifier sent by ConfirmDevice must let the next sign-in pass DEVICE_PASSWORD_VERIFIER
//! (ConfirmDevice itself accepts anything, so only the round trip proves it), refresh needs the
//! device key, and a forgotten device is dropped and the sign-in retried without it.
//! The full emulator tests the same and more; this one pins the client's side on its own.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

#[path = "support/fake.rs"]
mod fake;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64ct::{Base64, Encoding};
use cognito_srp_core::server::{ServerEphemeral, Verifier, salt_hex};
use cognito_srp_http::{Client, ErrorCode, Step, UserPool};
use fake::{Fake, Reply};
use serde_json::{Value, json};

const POOL_ID: &str = "us-east-1_DevPool";
const POOL_NAME: &str = "DevPool";
const INTERNAL: &str = "6f1c2a9e-0000-4000-8000-00000000beef";

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

fn handle(state: &Mutex<State>, op: &str, body: &Value) -> Reply {
    let mut state = state.lock().unwrap();
    let state = &mut *state;
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    match op {
        "InitiateAuth" if body["AuthFlow"] == "USER_SRP_AUTH" => {
            let p = &body["AuthParameters"];
            if p["USERNAME"] != "alice@example.com" {
                return error("UserNotFoundException", "User does not exist.");
            }
            let device_key = p.get("DEVICE_KEY").map(s);
            if let Some(key) = &device_key
                && !state.devices.contains_key(key)
            {
                return error("ResourceNotFoundException", "Device does not exist.");
            }
            let (salt, verifier) = user();
            let ephemeral = ServerEphemeral::from_secret_bytes(&random::<32>(), &verifier).unwrap();
            let secret_block = Base64::encode_string(&random::<48>());
            let srp_b = ephemeral.public_hex().as_str().to_owned();
            let session = format!("session-{}", state.sessions.len());
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
            let Some(pending) = state.sessions.remove(&session) else {
                return error("NotAuthorizedException", "Invalid session for the user.");
            };
            match body["ChallengeName"].as_str().unwrap() {
                "PASSWORD_VERIFIER" => {
                    assert_eq!(r["USERNAME"], INTERNAL);
                    assert_eq!(s(&r["PASSWORD_CLAIM_SECRET_BLOCK"]), pending.secret_block);
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
                        None => tokens(state, None, true),
                    }
                }
                "DEVICE_SRP_AUTH" => {
                    let key = pending.device_key.clone().unwrap();
                    assert_eq!(r["DEVICE_KEY"], key.as_str());
                    let device = &state.devices[&key];
                    let verifier = device.verifier.clone().expect("device was confirmed");
                    let ephemeral = ServerEphemeral::from_secret_bytes(&random::<32>(), &verifier).unwrap();
                    let secret_block = Base64::encode_string(&random::<48>());
                    let reply = json!({"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": format!("{session}-p"),
                        "ChallengeParameters": {"USERNAME": INTERNAL, "DEVICE_KEY": key,
                        "SALT": salt_hex(&device.salt).as_str(), "SRP_B": ephemeral.public_hex().as_str(),
                        "SECRET_BLOCK": secret_block}});
                    state.sessions.insert(
                        format!("{session}-p"),
                        Pending { ephemeral, srp_a: s(&r["SRP_A"]), secret_block, device_key: Some(key) },
                    );
                    Reply::Json(200, reply)
                }
                "DEVICE_PASSWORD_VERIFIER" => {
                    let key = pending.device_key.clone().unwrap();
                    let device = &state.devices[&key];
                    let ok = pending.ephemeral.verify_device_claim(
                        device.verifier.as_ref().unwrap(),
                        &pending.srp_a,
                        &device.group,
                        &key,
                        &pending.secret_block,
                        &s(&r["TIMESTAMP"]),
                        &s(&r["PASSWORD_CLAIM_SIGNATURE"]),
                    );
                    if ok.is_err() {
                        return error("NotAuthorizedException", "Incorrect username or password.");
                    }
                    tokens(state, Some(key), false)
                }
                other => panic!("unexpected challenge {other}"),
            }
        }
        "ConfirmDevice" => {
            let key = s(&body["DeviceKey"]);
            let config = &body["DeviceSecretVerifierConfig"];
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
            state.devices.remove(&s(&body["DeviceKey"]));
            Reply::Json(200, json!({}))
        }
        other => error("UnknownOperationException", other),
    }
}

#[tokio::test]
async fn confirmed_device_signs_in_refreshes_and_is_dropped_once_forgotten() {
    let state = Arc::new(Mutex::new(State::default()));
    let shared = state.clone();
    let fake = Fake::start(move |_, op, body| handle(&shared, op, body)).await;
    let client = Client::builder().endpoint(&fake.endpoint).build().unwrap();
    let pool = UserPool::with_client(client, POOL_ID, "cid").unwrap();

    // A wrong password fails verification.
    let err = pool.sign_in("alice@example.com", "wrong").start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");

    // First sign-in: a new device, confirmed and remembered.
    let first = match pool
        .sign_in("alice@example.com", "Correct-Horse-1")
        .remember_device(true)
        .start()
        .await
        .unwrap()
    {
        Step::Done(done) => done,
        other => panic!("{other:?}"),
    };
    assert!(first.new_device, "{:?}", first.device_error);
    assert_eq!(first.user_confirmation_necessary, Some(true));
    assert_eq!(first.device_remembered, Some(true));
    assert_eq!(first.username, INTERNAL);
    let device = first.device.clone().unwrap();
    // Persisted and read back as a caller would.
    let device: cognito_srp_http::DeviceCredentials =
        serde_json::from_str(&serde_json::to_string(&device).unwrap()).unwrap();

    // Second sign-in: the device path, verified against the ConfirmDevice verifier.
    let second = match pool
        .sign_in("alice@example.com", "Correct-Horse-1")
        .device(device.clone())
        .start()
        .await
        .unwrap()
    {
        Step::Done(done) => done,
        other => panic!("{other:?}"),
    };
    assert!(!second.new_device && second.dropped_device.is_none());
    assert_eq!(second.device.as_ref(), Some(&device));
    let ops = fake.operations();
    assert_eq!(
        &ops[ops.len() - 4..],
        ["InitiateAuth", "RespondToAuthChallenge", "RespondToAuthChallenge", "RespondToAuthChallenge"]
    );

    // Refresh needs the device key.
    let refresh = second.tokens.refresh_token.clone().unwrap();
    let err = pool.refresh(&refresh, &second.username, None).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
    let fresh = pool.refresh(&refresh, &second.username, Some(&device.device_key)).await.unwrap();
    assert_eq!(fresh.access_token.expose_secret(), "access-refreshed");

    // Forget it: the next sign-in drops it, retries without it and gets a new device.
    pool.forget_device(&fresh.access_token, &device.device_key).await.unwrap();
    let third = match pool
        .sign_in("alice@example.com", "Correct-Horse-1")
        .device(device.clone())
        .start()
        .await
        .unwrap()
    {
        Step::Done(done) => done,
        other => panic!("{other:?}"),
    };
    assert_eq!(third.dropped_device.as_deref(), Some(device.device_key.as_str()));
    assert!(third.new_device);
    assert_ne!(third.device.as_ref().unwrap().device_key, device.device_key);

    // A device password that does not match the verifier fails at DEVICE_PASSWORD_VERIFIER.
    let mut wrong = third.device.clone().unwrap();
    wrong.device_password = "not the device password".into();
    let err = pool.sign_in("alice@example.com", "Correct-Horse-1").device(wrong).start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
}
