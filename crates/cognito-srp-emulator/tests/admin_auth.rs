//! AdminInitiateAuth / AdminRespondToAuthChallenge over the socket: every flow
//! (ADMIN_USER_PASSWORD_AUTH, USER_SRP_AUTH, REFRESH_TOKEN_AUTH, CUSTOM_AUTH, USER_AUTH), the
//! device and MFA challenges, and the admin operations' own refusals.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use cognito_srp_core::{ClientEphemeral, DeviceVerifierChallenge, PasswordVerifierChallenge, Timestamp};
use cognito_srp_emulator::{
    ClientConfig, CodePurpose, DeviceTracking, Emulator, MfaConfiguration, PoolConfig, UserConfig,
};
use cognito_srp_proto::vocab::AuthFactor;
use serde_json::{Value, json};
use support::{Api, Fixture, call, rng};

const POOL: &str = "eu-west-1_AdminAuth1";

async fn setup(
    mfa: MfaConfiguration,
    tracking: Option<DeviceTracking>,
    flows: &[&str],
    secret: bool,
) -> Fixture {
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    let pool_id = admin
        .create_user_pool(
            PoolConfig::default()
                .with_id(Some(POOL.into()))
                .with_mfa(mfa)
                .with_device_tracking(tracking)
                .with_custom_challenge_answer(Some("forty-two".into()))
                .with_allowed_first_auth_factors(vec![AuthFactor::Password, AuthFactor::EmailOtp]),
        )
        .unwrap();
    let flows = flows.iter().map(|f| (*f).to_owned()).collect();
    let (client_id, secret) = admin
        .create_client(
            &pool_id,
            ClientConfig::default().with_explicit_auth_flows(flows).with_generate_secret(secret),
        )
        .unwrap();
    admin
        .create_user(
            &pool_id,
            UserConfig::default()
                .with_username("ann")
                .with_password("Correct-Horse-9")
                .with_permanent(true)
                .with_email(Some("ann@example.com".into()))
                .with_phone(Some("+15555550123".into())),
        )
        .unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    Fixture { emulator, api, pool_id, client_id, secret }
}

const ALL: &[&str] = &[
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_AUTH",
];

async fn initiate(f: &Fixture, flow: &str, mut params: Value) -> Result<Value, (String, String)> {
    if let Some(h) = f.hash("ann") {
        params["SECRET_HASH"] = json!(h);
    }
    call(
        &f.api,
        "AdminInitiateAuth",
        json!({ "UserPoolId": f.pool_id, "ClientId": f.client_id, "AuthFlow": flow, "AuthParameters": params }),
    )
    .await
}

async fn respond(
    f: &Fixture,
    previous: &Value,
    name: &str,
    mut responses: Value,
) -> Result<Value, (String, String)> {
    if let Some(h) = f.hash("ann") {
        responses["SECRET_HASH"] = json!(h);
    }
    call(
        &f.api,
        "AdminRespondToAuthChallenge",
        json!({ "UserPoolId": f.pool_id, "ClientId": f.client_id, "ChallengeName": name, "Session": previous["Session"], "ChallengeResponses": responses }),
    )
    .await
}

fn now(f: &Fixture) -> Timestamp {
    Timestamp::from_unix_seconds(f.emulator.admin().now()).unwrap()
}

/// PASSWORD_VERIFIER through AdminRespondToAuthChallenge.
async fn password_verifier(
    f: &Fixture,
    eph: &ClientEphemeral,
    pv: &Value,
    device_key: Option<&str>,
) -> Result<Value, (String, String)> {
    let p = &pv["ChallengeParameters"];
    let c = PasswordVerifierChallenge {
        user_id_for_srp: p["USER_ID_FOR_SRP"].as_str().unwrap(),
        salt_hex: p["SALT"].as_str().unwrap(),
        srp_b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let claim = eph.user_claim(&f.pool_id, &c, "Correct-Horse-9", &now(f)).unwrap();
    let mut answer = json!({ "USERNAME": "ann", "PASSWORD_CLAIM_SECRET_BLOCK": c.secret_block, "PASSWORD_CLAIM_SIGNATURE": claim.signature(), "TIMESTAMP": claim.timestamp() });
    if let Some(k) = device_key {
        answer["DEVICE_KEY"] = json!(k);
    }
    respond(f, pv, "PASSWORD_VERIFIER", answer).await
}

async fn srp_sign_in(f: &Fixture, device_key: Option<&str>) -> Result<Value, (String, String)> {
    let eph = ClientEphemeral::generate(&mut rng());
    let mut params = json!({ "USERNAME": "ann", "SRP_A": eph.public_hex().as_str() });
    if let Some(k) = device_key {
        params["DEVICE_KEY"] = json!(k);
    }
    let pv = initiate(f, "USER_SRP_AUTH", params).await?;
    assert_eq!(pv["ChallengeName"], "PASSWORD_VERIFIER", "{pv}");
    password_verifier(f, &eph, &pv, device_key).await
}

/// DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER through AdminRespondToAuthChallenge.
async fn device_path(
    f: &Fixture,
    challenge: &Value,
    group: &str,
    key: &str,
    password: &str,
) -> Result<Value, (String, String)> {
    assert_eq!(challenge["ChallengeName"], "DEVICE_SRP_AUTH", "{challenge}");
    let eph = ClientEphemeral::generate(&mut rng());
    let pv = respond(
        f,
        challenge,
        "DEVICE_SRP_AUTH",
        json!({ "USERNAME": "ann", "DEVICE_KEY": key, "SRP_A": eph.public_hex().as_str() }),
    )
    .await?;
    assert_eq!(pv["ChallengeName"], "DEVICE_PASSWORD_VERIFIER", "{pv}");
    let p = &pv["ChallengeParameters"];
    let c = DeviceVerifierChallenge {
        salt_hex: p["SALT"].as_str().unwrap(),
        srp_b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let claim = eph.device_claim(group, key, password, &c, &now(f)).unwrap();
    respond(
        f,
        &pv,
        "DEVICE_PASSWORD_VERIFIER",
        json!({ "USERNAME": "ann", "DEVICE_KEY": key, "PASSWORD_CLAIM_SECRET_BLOCK": c.secret_block, "PASSWORD_CLAIM_SIGNATURE": claim.signature(), "TIMESTAMP": claim.timestamp() }),
    )
    .await
}

fn tokens(v: &Value) -> bool {
    v["AuthenticationResult"]["AccessToken"].is_string()
}

#[tokio::test]
async fn admin_user_password_auth_and_its_refusals() {
    let f = setup(MfaConfiguration::Off, None, ALL, true).await;
    let context = json!({ "IpAddress": "192.0.2.1", "ServerName": "app.example.com", "ServerPath": "/login", "HttpHeaders": [{ "headerName": "user-agent", "headerValue": "t" }] });
    let body = |flow: &str, password: &str| {
        json!({
            "UserPoolId": f.pool_id, "ClientId": f.client_id, "AuthFlow": flow, "ContextData": context,
            "AuthParameters": { "USERNAME": "ann", "PASSWORD": password, "SECRET_HASH": f.hash("ann") },
        })
    };
    let done =
        call(&f.api, "AdminInitiateAuth", body("ADMIN_USER_PASSWORD_AUTH", "Correct-Horse-9")).await.unwrap();
    assert!(tokens(&done) && done["AuthenticationResult"]["RefreshToken"].is_string(), "{done}");
    // The older name of the same flow.
    assert!(tokens(
        &call(&f.api, "AdminInitiateAuth", body("ADMIN_NO_SRP_AUTH", "Correct-Horse-9")).await.unwrap()
    ));
    let wrong = call(&f.api, "AdminInitiateAuth", body("ADMIN_USER_PASSWORD_AUTH", "Wrong-Horse-9"))
        .await
        .unwrap_err();
    assert_eq!(wrong, ("NotAuthorizedException".into(), "Incorrect username or password.".into()));
    // USER_PASSWORD_AUTH is InitiateAuth's; ADMIN_USER_PASSWORD_AUTH is AdminInitiateAuth's.
    let err =
        call(&f.api, "AdminInitiateAuth", body("USER_PASSWORD_AUTH", "Correct-Horse-9")).await.unwrap_err();
    assert_eq!(err.0, "InvalidParameterException");
    let mut public = body("ADMIN_USER_PASSWORD_AUTH", "Correct-Horse-9");
    public.as_object_mut().unwrap().remove("UserPoolId");
    public.as_object_mut().unwrap().remove("ContextData");
    assert_eq!(call(&f.api, "InitiateAuth", public).await.unwrap_err().0, "InvalidParameterException");
    // Missing SECRET_HASH for a client with a secret.
    let mut unhashed = body("ADMIN_USER_PASSWORD_AUTH", "Correct-Horse-9");
    unhashed["AuthParameters"].as_object_mut().unwrap().remove("SECRET_HASH");
    assert_eq!(call(&f.api, "AdminInitiateAuth", unhashed).await.unwrap_err().0, "NotAuthorizedException");
    // The pool must exist and the client must be one of its clients.
    let mut other = body("ADMIN_USER_PASSWORD_AUTH", "Correct-Horse-9");
    other["UserPoolId"] = json!("eu-west-1_Nowhere1");
    assert_eq!(
        call(&f.api, "AdminInitiateAuth", other.clone()).await.unwrap_err().0,
        "ResourceNotFoundException"
    );
    let admin = f.emulator.admin();
    let elsewhere =
        admin.create_user_pool(PoolConfig::default().with_id(Some("eu-west-1_Elsewhere1".into()))).unwrap();
    other["UserPoolId"] = json!(elsewhere);
    let err = call(&f.api, "AdminInitiateAuth", other).await.unwrap_err();
    assert_eq!(
        err,
        ("ResourceNotFoundException".into(), format!("User pool client {} does not exist.", f.client_id))
    );
    // A client without ALLOW_ADMIN_USER_PASSWORD_AUTH.
    let (srp_only, _) = admin
        .create_client(
            &f.pool_id,
            ClientConfig::default().with_explicit_auth_flows(vec!["ALLOW_USER_SRP_AUTH".into()]),
        )
        .unwrap();
    let err = call(&f.api, "AdminInitiateAuth", json!({ "UserPoolId": f.pool_id, "ClientId": srp_only, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": { "USERNAME": "ann", "PASSWORD": "Correct-Horse-9" } }))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        (
            "InvalidParameterException".into(),
            "ADMIN_USER_PASSWORD_AUTH flow not enabled for this client".into()
        )
    );
    // Required members are named.
    let err =
        call(&f.api, "AdminInitiateAuth", json!({ "ClientId": f.client_id, "AuthFlow": "USER_SRP_AUTH" }))
            .await
            .unwrap_err();
    assert_eq!(err.0, "InvalidParameterException");
    assert!(err.1.contains("UserPoolId"), "{}", err.1);
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn admin_srp_with_devices_refresh_and_mfa() {
    let tracking = DeviceTracking::default().with_device_only_remembered_on_user_prompt(false);
    let f = setup(MfaConfiguration::Optional, Some(tracking), ALL, true).await;
    let admin = f.emulator.admin();
    // SMS MFA for ann.
    call(&f.api, "AdminSetUserMFAPreference", json!({ "UserPoolId": f.pool_id, "Username": "ann", "SMSMfaSettings": { "Enabled": true, "PreferredMfa": true } }))
        .await
        .unwrap();
    let mfa = srp_sign_in(&f, None).await.unwrap();
    assert_eq!(mfa["ChallengeName"], "SMS_MFA", "{mfa}");
    let code = admin.last_code(&f.pool_id, "ann", &CodePurpose::SignInMfa).unwrap();
    let done =
        respond(&f, &mfa, "SMS_MFA", json!({ "USERNAME": "ann", "SMS_MFA_CODE": code })).await.unwrap();
    assert!(tokens(&done), "{done}");
    let (group, key, device_password, _) = f.confirm_device(&done).await;

    // The remembered device stands in for MFA: DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER.
    let device = srp_sign_in(&f, Some(&key)).await.unwrap();
    let done = device_path(&f, &device, &group, &key, &device_password).await.unwrap();
    assert!(tokens(&done) && done["AuthenticationResult"]["NewDeviceMetadata"].is_null(), "{done}");

    // REFRESH_TOKEN_AUTH with the device key.
    let refresh = done["AuthenticationResult"]["RefreshToken"].clone();
    let again = initiate(&f, "REFRESH_TOKEN_AUTH", json!({ "REFRESH_TOKEN": refresh, "DEVICE_KEY": key }))
        .await
        .unwrap();
    assert!(tokens(&again), "{again}");
    let bad = initiate(&f, "REFRESH_TOKEN_AUTH", json!({ "REFRESH_TOKEN": "nope", "DEVICE_KEY": key }))
        .await
        .unwrap_err();
    assert_eq!(bad.0, "NotAuthorizedException");

    // A session answers only in its own pool: the client's pool, the session's pool.
    let eph = ClientEphemeral::generate(&mut rng());
    let pv = initiate(&f, "USER_SRP_AUTH", json!({ "USERNAME": "ann", "SRP_A": eph.public_hex().as_str() }))
        .await
        .unwrap();
    let elsewhere =
        admin.create_user_pool(PoolConfig::default().with_id(Some("eu-west-1_Elsewhere2".into()))).unwrap();
    let err = call(
        &f.api,
        "AdminRespondToAuthChallenge",
        json!({ "UserPoolId": elsewhere, "ClientId": f.client_id, "ChallengeName": "PASSWORD_VERIFIER", "Session": pv["Session"], "ChallengeResponses": { "USERNAME": "ann" } }),
    )
    .await
    .unwrap_err();
    assert_eq!(err.0, "ResourceNotFoundException");
    // The session was not spent by the refused call.
    let mfa = password_verifier(&f, &eph, &pv, None).await.unwrap();
    assert_eq!(mfa["ChallengeName"], "SMS_MFA");
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn admin_custom_auth_both_ways_and_user_auth() {
    let f = setup(MfaConfiguration::Off, None, ALL, false).await;
    let admin = f.emulator.admin();
    // CUSTOM_AUTH without SRP: the custom challenge is the whole proof.
    let custom = initiate(&f, "CUSTOM_AUTH", json!({ "USERNAME": "ann" })).await.unwrap();
    assert_eq!(custom["ChallengeName"], "CUSTOM_CHALLENGE");
    let wrong = respond(&f, &custom, "CUSTOM_CHALLENGE", json!({ "USERNAME": "ann", "ANSWER": "41" }))
        .await
        .unwrap_err();
    assert_eq!(wrong.0, "NotAuthorizedException");
    let custom = initiate(&f, "CUSTOM_AUTH", json!({ "USERNAME": "ann" })).await.unwrap();
    assert!(tokens(
        &respond(&f, &custom, "CUSTOM_CHALLENGE", json!({ "USERNAME": "ann", "ANSWER": "forty-two" }))
            .await
            .unwrap()
    ));
    // CUSTOM_AUTH with CHALLENGE_NAME=SRP_A: PASSWORD_VERIFIER, then CUSTOM_CHALLENGE.
    let eph = ClientEphemeral::generate(&mut rng());
    let pv = initiate(
        &f,
        "CUSTOM_AUTH",
        json!({ "USERNAME": "ann", "CHALLENGE_NAME": "SRP_A", "SRP_A": eph.public_hex().as_str() }),
    )
    .await
    .unwrap();
    assert_eq!(pv["ChallengeName"], "PASSWORD_VERIFIER");
    let custom = password_verifier(&f, &eph, &pv, None).await.unwrap();
    assert_eq!(custom["ChallengeName"], "CUSTOM_CHALLENGE", "{custom}");
    assert!(tokens(
        &respond(&f, &custom, "CUSTOM_CHALLENGE", json!({ "USERNAME": "ann", "ANSWER": "forty-two" }))
            .await
            .unwrap()
    ));

    // USER_AUTH: SELECT_CHALLENGE, then an email code.
    let select = initiate(&f, "USER_AUTH", json!({ "USERNAME": "ann" })).await.unwrap();
    assert_eq!(select["AvailableChallenges"], json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]), "{select}");
    let otp = respond(&f, &select, "SELECT_CHALLENGE", json!({ "USERNAME": "ann", "ANSWER": "EMAIL_OTP" }))
        .await
        .unwrap();
    assert_eq!(otp["ChallengeName"], "EMAIL_OTP");
    let code = admin.last_code(&f.pool_id, "ann", &CodePurpose::SignInOtp).unwrap();
    assert!(tokens(
        &respond(&f, &otp, "EMAIL_OTP", json!({ "USERNAME": "ann", "EMAIL_OTP_CODE": code })).await.unwrap()
    ));
    // USER_AUTH with PASSWORD_SRP.
    let eph = ClientEphemeral::generate(&mut rng());
    let pv = initiate(&f, "USER_AUTH", json!({ "USERNAME": "ann", "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": eph.public_hex().as_str() }))
        .await
        .unwrap();
    assert!(tokens(&password_verifier(&f, &eph, &pv, None).await.unwrap()));
    // A session answers only with the client it was started with.
    let select = initiate(&f, "USER_AUTH", json!({ "USERNAME": "ann" })).await.unwrap();
    let (other, _) = admin
        .create_client(
            &f.pool_id,
            ClientConfig::default().with_explicit_auth_flows(vec!["ALLOW_USER_AUTH".into()]),
        )
        .unwrap();
    let err = call(&f.api, "AdminRespondToAuthChallenge", json!({ "UserPoolId": f.pool_id, "ClientId": other, "ChallengeName": "SELECT_CHALLENGE", "Session": select["Session"], "ChallengeResponses": { "USERNAME": "ann", "ANSWER": "PASSWORD", "PASSWORD": "Correct-Horse-9" } }))
        .await
        .unwrap_err();
    assert_eq!(err.0, "NotAuthorizedException");
    f.emulator.shutdown().await;
}

/// proto's request types are what the emulator reads, its answers parse into proto's
/// response types.
#[tokio::test]
async fn proto_types_round_trip() {
    use cognito_srp_proto::admin::{
        AdminInitiateAuthRequest, AdminRespondToAuthChallengeRequest, ContextDataType, EmailMfaConfigType,
        HttpHeader, SetUserPoolMfaConfigRequest, UserPoolMfaConfigResponse, UserPoolResponse,
    };
    use cognito_srp_proto::{AuthFlow, AuthResponse, ChallengeName, param};

    let f = setup(MfaConfiguration::Off, None, ALL, false).await;
    let mut request =
        AdminInitiateAuthRequest::new(f.pool_id.as_str(), f.client_id.as_str(), AuthFlow::UserAuth);
    request.auth_parameters.insert(param::USERNAME, "ann");
    request.context_data =
        Some(ContextDataType::new("192.0.2.1", "app.example.com", "/", vec![HttpHeader::new("host", "app")]));
    let select: AuthResponse = serde_json::from_value(
        call(&f.api, "AdminInitiateAuth", serde_json::to_value(&request).unwrap()).await.unwrap(),
    )
    .unwrap();
    assert_eq!(select.challenge_name, Some(ChallengeName::SelectChallenge));
    assert_eq!(
        select.available_challenges.as_deref(),
        Some(&[ChallengeName::Password, ChallengeName::PasswordSrp, ChallengeName::EmailOtp][..])
    );
    let mut answer = AdminRespondToAuthChallengeRequest::new(
        f.pool_id.as_str(),
        f.client_id.as_str(),
        ChallengeName::SelectChallenge,
    );
    answer.session = select.session.clone();
    answer.challenge_responses.insert(param::USERNAME, "ann");
    answer.challenge_responses.insert(param::ANSWER, ChallengeName::Password.as_str());
    answer.challenge_responses.insert(param::PASSWORD, "Correct-Horse-9");
    let done: AuthResponse = serde_json::from_value(
        call(&f.api, "AdminRespondToAuthChallenge", serde_json::to_value(&answer).unwrap()).await.unwrap(),
    )
    .unwrap();
    assert!(done.authentication_result.is_some());

    let pool: UserPoolResponse = serde_json::from_value(
        call(&f.api, "DescribeUserPool", json!({ "UserPoolId": f.pool_id })).await.unwrap(),
    )
    .unwrap();
    let factors = pool.user_pool.settings.policies.and_then(|p| p.sign_in_policy?.allowed_first_auth_factors);
    assert_eq!(factors, Some(vec![AuthFactor::Password, AuthFactor::EmailOtp]));
    let mut config = SetUserPoolMfaConfigRequest::new(f.pool_id.as_str());
    config.email_mfa_configuration = Some(EmailMfaConfigType::new());
    let set: UserPoolMfaConfigResponse = serde_json::from_value(
        call(&f.api, "SetUserPoolMfaConfig", serde_json::to_value(&config).unwrap()).await.unwrap(),
    )
    .unwrap();
    assert_eq!(set.email_mfa_configuration, Some(EmailMfaConfigType::new()));
    f.emulator.shutdown().await;
}
