//! The raw operations with proto's request types against the local emulator: what the doc
//! examples of the old `auth_flow`, `challenge` and `device_status` string modules showed
//! (those modules gave way to `AuthFlow`, `ChallengeName` and `DeviceRememberedStatus`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use cognito_srp_emulator::{Emulator, RunningEmulator, Seed};
use cognito_srp_http::operations::{GetDeviceRequest, InitiateAuthRequest, UpdateDeviceStatusRequest};
use cognito_srp_http::{
    AuthFlow, ChallengeName, Client, DeviceRememberedStatus, ErrorCode, Parameters, Step, UserPool, param,
};

const POOL: &str = "eu-west-1_Raw1";
const PASSWORD: &str = "Correct-Horse-9";
/// The device attribute that says whether a device is remembered.
const REMEMBERED_ATTRIBUTE: &str = "dev:device_remembered_status";

async fn start(seed: &str) -> (RunningEmulator, Client) {
    let emulator = Emulator::builder().seed(Seed::from_json(seed).unwrap()).start().await.unwrap();
    let client = Client::builder().endpoint(emulator.endpoint()).build().unwrap();
    (emulator, client)
}

fn initiate(flow: AuthFlow, client_id: &str, params: Parameters) -> InitiateAuthRequest {
    let mut request = InitiateAuthRequest::new(flow, client_id);
    request.auth_parameters = params;
    request
}

#[tokio::test]
async fn user_srp_auth_then_a_refresh_by_hand() {
    let seed = r#"{"pools":[{"id":"eu-west-1_Raw1","clients":[{"id":"app"}],
        "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    let (_emulator, client) = start(seed).await;
    let srp_a = cognito_srp_core::ClientEphemeral::from_secret_bytes(&[0x5a; 32]).unwrap().public_hex();
    let params = Parameters::new().with(param::USERNAME, "alice").with(param::SRP_A, srp_a.as_str());
    let response = client.initiate_auth(&initiate(AuthFlow::UserSrpAuth, "app", params)).await.unwrap();
    assert_eq!(response.challenge_name, Some(ChallengeName::PasswordVerifier));
    assert_eq!(response.challenge_parameters.get(param::USER_ID_FOR_SRP), Some("alice"));

    let pool = UserPool::with_client(client.clone(), POOL, "app").unwrap();
    let Step::Done(signed_in) = pool.sign_in("alice", PASSWORD).start().await.unwrap() else { panic!("MFA") };
    let refresh_token = signed_in.tokens.refresh_token.as_ref().unwrap();
    let params = Parameters::new().with(param::REFRESH_TOKEN, refresh_token.expose_secret());
    let fresh = client
        .initiate_auth(&initiate(AuthFlow::RefreshTokenAuth, "app", params))
        .await
        .unwrap()
        .authentication_result
        .unwrap();
    // New access and ID tokens, and no new refresh token.
    assert_ne!(fresh.access_token, signed_in.tokens.access_token);
    assert!(fresh.refresh_token.is_none());
}

#[tokio::test]
async fn user_password_auth_only_where_the_app_client_allows_it() {
    let seed = r#"{"pools":[{"id":"eu-west-1_Raw1",
        "clients":[{"id":"app","explicit_auth_flows":["ALLOW_USER_PASSWORD_AUTH"]},{"id":"srp-only"}],
        "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    let (_emulator, client) = start(seed).await;
    let params = || Parameters::new().with(param::USERNAME, "alice").with(param::PASSWORD, PASSWORD);
    let response =
        client.initiate_auth(&initiate(AuthFlow::UserPasswordAuth, "app", params())).await.unwrap();
    assert!(response.challenge_name.is_none() && response.authentication_result.is_some());
    let err =
        client.initiate_auth(&initiate(AuthFlow::UserPasswordAuth, "srp-only", params())).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::InvalidParameter));
}

#[tokio::test]
async fn custom_auth_without_srp_asks_the_custom_challenge_first() {
    let seed = r#"{"pools":[{"id":"eu-west-1_Raw1","custom_challenge_answer":"forty-two",
        "clients":[{"id":"app"}],
        "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    let (_emulator, client) = start(seed).await;
    let params = Parameters::new().with(param::USERNAME, "alice");
    let response = client.initiate_auth(&initiate(AuthFlow::CustomAuth, "app", params)).await.unwrap();
    assert_eq!(response.challenge_name, Some(ChallengeName::CustomChallenge));
    assert_eq!(response.challenge_parameters.get(param::USERNAME), Some("alice"));
}

#[tokio::test]
async fn a_device_is_remembered_by_update_device_status() {
    let seed = r#"{"pools":[{"id":"eu-west-1_Raw1","device_tracking":{},"clients":[{"id":"app"}],
        "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    let (_emulator, client) = start(seed).await;
    let pool = UserPool::with_client(client.clone(), POOL, "app").unwrap();
    let Step::Done(signed_in) = pool.sign_in("alice", PASSWORD).start().await.unwrap() else { panic!("MFA") };
    let access_token = signed_in.tokens.access_token.clone();
    let device_key = signed_in.device.as_ref().unwrap().device_key.clone();
    // This pool lets the user choose, and a new device starts out not remembered.
    let status = |got: &cognito_srp_http::operations::GetDeviceResponse| {
        got.device.attribute(REMEMBERED_ATTRIBUTE).map(str::to_owned)
    };
    let get = GetDeviceRequest::new(access_token.clone(), device_key.as_str());
    let before = client.get_device(&get).await.unwrap();
    assert_eq!(status(&before).as_deref(), Some(DeviceRememberedStatus::NotRemembered.as_str()));
    let remember = UpdateDeviceStatusRequest::new(
        access_token.clone(),
        device_key.as_str(),
        DeviceRememberedStatus::Remembered,
    );
    client.update_device_status(&remember).await.unwrap();
    let after = client.get_device(&get).await.unwrap();
    assert_eq!(status(&after).as_deref(), Some(DeviceRememberedStatus::Remembered.as_str()));
}
