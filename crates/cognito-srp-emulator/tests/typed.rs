//! The emulator reads requests as proto's types and answers with them: its answers parse
//! into proto's response types, and a bad body still gets Cognito's validation answer (a
//! missing member: InvalidParameterException naming it; a member of the wrong JSON type:
//! SerializationException; an unknown enum value: InvalidParameterException).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use cognito_srp_emulator::{DeviceTracking, MfaConfiguration, UserConfig};
use cognito_srp_proto::admin::{
    AdminCreateUserResponse, AdminGetUserResponse, ListUsersResponse, UserPoolClientResponse,
    UserPoolMfaConfigResponse, UserPoolResponse,
};
use cognito_srp_proto::vocab::MfaConfiguration as WireMfa;
use cognito_srp_proto::vocab::{DeviceRememberedStatus, UserStatus, attribute, device_attribute};
use cognito_srp_proto::{AuthResponse, ChallengeName, ErrorCode, Operation, param};
use cognito_srp_proto::{GetDeviceResponse, GetUserResponse, ListDevicesResponse};
use serde_json::{Value, json};
use support::{call, fixture};

fn null(member: &str) -> (String, String) {
    (
        ErrorCode::InvalidParameter.as_str().to_owned(),
        format!(
            "1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null"
        ),
    )
}

#[tokio::test]
async fn missing_members_are_named_and_wrong_types_are_serialization_errors() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    let api = &f.api;
    let op = |o: Operation| o.as_str().to_owned();

    // InitiateAuth: the required members in Cognito's order, then the types.
    let err = call(api, &op(Operation::InitiateAuth), json!({ "ClientId": f.client_id })).await.unwrap_err();
    assert_eq!(err, null("AuthFlow"));
    let err = call(api, &op(Operation::InitiateAuth), json!({ "AuthFlow": 7, "ClientId": f.client_id }))
        .await
        .unwrap_err();
    assert_eq!(err.0, ErrorCode::Serialization.as_str(), "{err:?}");
    let body =
        json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": f.client_id, "AuthParameters": "USERNAME=x" });
    let err = call(api, &op(Operation::InitiateAuth), body).await.unwrap_err();
    assert_eq!(err.0, ErrorCode::Serialization.as_str(), "{err:?}");

    // RespondToAuthChallenge without a challenge name.
    let err = call(api, &op(Operation::RespondToAuthChallenge), json!({ "ClientId": f.client_id }))
        .await
        .unwrap_err();
    assert_eq!(err, null("ChallengeName"));

    // ConfirmDevice: the verifier config and each of its members.
    let confirm = |extra: Value| {
        let mut body = json!({ "AccessToken": "not-checked-yet", "DeviceKey": "eu-west-1_x" });
        if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
            b.extend(e);
        }
        call(api, "ConfirmDevice", body)
    };
    assert_eq!(confirm(json!({})).await.unwrap_err(), null("DeviceSecretVerifierConfig"));
    let only_salt = json!({ "DeviceSecretVerifierConfig": { "Salt": "AA==" } });
    assert_eq!(confirm(only_salt).await.unwrap_err(), null("PasswordVerifier"));
    let only_verifier = json!({ "DeviceSecretVerifierConfig": { "PasswordVerifier": "AA==" } });
    assert_eq!(confirm(only_verifier).await.unwrap_err(), null("Salt"));
    let err = call(api, "ConfirmDevice", json!({ "DeviceKey": "k" })).await.unwrap_err();
    assert_eq!(err, null("AccessToken"));

    // UpdateDeviceStatus: an unknown status is refused by name.
    let body = json!({ "AccessToken": "t", "DeviceKey": "k", "DeviceRememberedStatus": "maybe" });
    let err = call(api, &op(Operation::UpdateDeviceStatus), body).await.unwrap_err();
    assert_eq!(
        err,
        (ErrorCode::InvalidParameter.as_str().into(), "Invalid DeviceRememberedStatus maybe".into())
    );

    // TOTP set-up: the code, and a session when there is no access token.
    let err = call(api, &op(Operation::VerifySoftwareToken), json!({ "Session": "s".repeat(40) }))
        .await
        .unwrap_err();
    assert_eq!(err, null("UserCode"));
    let err = call(api, &op(Operation::AssociateSoftwareToken), json!({})).await.unwrap_err();
    assert_eq!(err, null("Session"));

    // Set-up operations.
    let err = call(
        api,
        &op(Operation::CreateUserPool),
        json!({ "PoolName": "p", "MfaConfiguration": "SOMETIMES" }),
    )
    .await
    .unwrap_err();
    assert_eq!(
        err,
        (ErrorCode::InvalidParameter.as_str().into(), "Invalid MfaConfiguration SOMETIMES".into())
    );
    let body = json!({ "UserPoolId": f.pool_id, "ClientName": "c", "GenerateSecret": "yes" });
    let err = call(api, &op(Operation::CreateUserPoolClient), body).await.unwrap_err();
    assert_eq!(err.0, ErrorCode::Serialization.as_str(), "{err:?}");
    let err =
        call(api, &op(Operation::AdminSetUserPassword), json!({ "UserPoolId": f.pool_id, "Username": "u" }))
            .await
            .unwrap_err();
    assert_eq!(err, null("Password"));
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn answers_parse_as_protos_response_types() {
    let tracking = DeviceTracking::default()
        .with_challenge_required_on_new_device(false)
        .with_device_only_remembered_on_user_prompt(true);
    let f = fixture(MfaConfiguration::Off, Some(tracking), true).await;
    let api = &f.api;

    let pool = call(
        api,
        Operation::CreateUserPool.as_str(),
        json!({ "PoolName": "typed", "MfaConfiguration": "OPTIONAL",
        "DeviceConfiguration": { "DeviceOnlyRememberedOnUserPrompt": true }, "AliasAttributes": ["email"] }),
    )
    .await
    .unwrap();
    let pool: UserPoolResponse = serde_json::from_value(pool).unwrap();
    assert_eq!(pool.user_pool.name, "typed");
    assert_eq!(pool.user_pool.settings.mfa_configuration, Some(WireMfa::Optional));
    assert!(
        pool.user_pool.settings.device_configuration.is_some_and(|d| d.device_only_remembered_on_user_prompt)
    );
    assert_eq!(pool.user_pool.settings.alias_attributes, Some(vec!["email".to_owned()]));
    assert!(pool.user_pool.creation_date.is_some_and(|d| d > 1.0e9), "{pool:?}");
    let id = pool.user_pool.id.clone();
    assert!(id.contains('_'), "{id}");

    let client = call(
        api,
        Operation::CreateUserPoolClient.as_str(),
        json!({ "UserPoolId": id, "ClientName": "app",
        "GenerateSecret": true, "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"] }),
    )
    .await
    .unwrap();
    let client: UserPoolClientResponse = serde_json::from_value(client).unwrap();
    let client = client.user_pool_client;
    assert_eq!((client.user_pool_id.as_str(), client.client_name.as_str()), (id.as_str(), "app"));
    assert_eq!(client.settings.explicit_auth_flows, Some(vec!["ALLOW_USER_SRP_AUTH".to_owned()]));
    assert!(client.client_secret.as_ref().is_some_and(|s| !s.is_empty()));
    let described = call(
        api,
        Operation::DescribeUserPoolClient.as_str(),
        json!({ "UserPoolId": id, "ClientId": client.client_id }),
    )
    .await
    .unwrap();
    let described: UserPoolClientResponse = serde_json::from_value(described).unwrap();
    assert_eq!(described.user_pool_client, client);

    let described =
        call(api, Operation::DescribeUserPool.as_str(), json!({ "UserPoolId": id })).await.unwrap();
    let described: UserPoolResponse = serde_json::from_value(described).unwrap();
    assert_eq!(described.user_pool.estimated_number_of_users, Some(0));

    let mfa = call(
        api,
        Operation::SetUserPoolMfaConfig.as_str(),
        json!({ "UserPoolId": id, "MfaConfiguration": "ON" }),
    )
    .await
    .unwrap();
    let mfa: UserPoolMfaConfigResponse = serde_json::from_value(mfa).unwrap();
    assert_eq!(mfa.mfa_configuration, Some(WireMfa::On));
    assert!(mfa.software_token_mfa_configuration.is_some_and(|c| c.enabled));

    // A sign-in's answers are proto's AuthResponse; ConfirmDevice's its response type.
    f.user("tess", "Correct-Horse-9", UserConfig::default());
    let (_, first) = f.initiate("tess", None).await;
    let first: AuthResponse = serde_json::from_value(first.unwrap()).unwrap();
    assert_eq!(first.challenge_name, Some(ChallengeName::PasswordVerifier));
    assert_eq!(first.challenge_parameters.get(param::USER_ID_FOR_SRP), Some("tess"));
    assert!(first.session.is_some() && first.authentication_result.is_none());
    let done = f.sign_in("tess", "Correct-Horse-9", None).await.unwrap();
    let (_, _, _, necessary) = f.confirm_device(&done).await;
    assert!(necessary, "the pool remembers devices on the user's prompt only");
    let done: AuthResponse = serde_json::from_value(done).unwrap();
    let result = done.authentication_result.unwrap();
    assert_eq!(result.token_type, "Bearer");
    assert!(result.refresh_token.is_some() && result.expires_in > 0);
    let device = result.new_device_metadata.unwrap();
    assert!(device.device_key.contains('_') && device.device_group_key.starts_with('-'), "{device:?}");

    // The user operations after it.
    let access = result.access_token.expose_secret().to_owned();
    let me = call(api, Operation::GetUser.as_str(), json!({ "AccessToken": access })).await.unwrap();
    let me: GetUserResponse = serde_json::from_value(me).unwrap();
    assert_eq!(me.username, "tess");
    assert!(me.attribute(attribute::SUB).is_some_and(|s| !s.is_empty()), "{me:?}");
    assert_eq!(me.user_mfa_setting_list, Some(vec![]));
    let listed = call(api, Operation::ListDevices.as_str(), json!({ "AccessToken": access })).await.unwrap();
    let listed: ListDevicesResponse = serde_json::from_value(listed).unwrap();
    assert_eq!(listed.devices.len(), 1);
    assert_eq!(listed.devices[0].device_key, device.device_key);
    assert_eq!(listed.devices[0].attribute(device_attribute::NAME), Some("test-device"));
    assert_eq!(
        listed.devices[0].attribute(device_attribute::REMEMBERED_STATUS),
        Some(DeviceRememberedStatus::NotRemembered.as_str())
    );
    assert!(listed.devices[0].device_create_date.is_some_and(|d| d > 1.0e9));
    let err = call(api, Operation::GetDevice.as_str(), json!({ "AccessToken": access })).await.unwrap_err();
    assert_eq!(err, null("DeviceKey"));
    let got = call(
        api,
        Operation::GetDevice.as_str(),
        json!({ "AccessToken": access, "DeviceKey": device.device_key }),
    )
    .await
    .unwrap();
    let got: GetDeviceResponse = serde_json::from_value(got).unwrap();
    assert_eq!(got.device, listed.devices[0]);

    // Users, as administrators see them.
    let created = call(
        api,
        Operation::AdminCreateUser.as_str(),
        json!({ "UserPoolId": f.pool_id, "Username": "uma",
        "UserAttributes": [{ "Name": "email", "Value": "uma@example.com" }] }),
    )
    .await
    .unwrap();
    let created: AdminCreateUserResponse = serde_json::from_value(created).unwrap();
    assert_eq!(created.user.user_status, Some(UserStatus::ForceChangePassword));
    assert_eq!(created.user.attribute(attribute::EMAIL), Some("uma@example.com"));
    let got =
        call(api, Operation::AdminGetUser.as_str(), json!({ "UserPoolId": f.pool_id, "Username": "uma" }))
            .await
            .unwrap();
    let got: AdminGetUserResponse = serde_json::from_value(got).unwrap();
    assert!(got.enabled && got.user_status == Some(UserStatus::ForceChangePassword));
    assert_eq!(got.attribute(attribute::SUB), created.user.attribute(attribute::SUB));
    let err = call(api, Operation::ListUsers.as_str(), json!({ "UserPoolId": f.pool_id, "Limit": "ten" }))
        .await
        .unwrap_err();
    assert_eq!(err.0, ErrorCode::Serialization.as_str(), "{err:?}");
    let page = call(api, Operation::ListUsers.as_str(), json!({ "UserPoolId": f.pool_id, "Limit": 1 }))
        .await
        .unwrap();
    let page: ListUsersResponse = serde_json::from_value(page).unwrap();
    assert_eq!(page.users.len(), 1);
    assert_eq!(page.users[0].username, "tess");
    // The token is opaque: it names no user, and the next page starts after tess.
    let token = page.pagination_token.clone().unwrap();
    assert!(!token.contains("uma") && !token.contains("tess"), "{token}");
    let next = call(
        api,
        Operation::ListUsers.as_str(),
        json!({ "UserPoolId": f.pool_id, "PaginationToken": token }),
    )
    .await
    .unwrap();
    let next: ListUsersResponse = serde_json::from_value(next).unwrap();
    assert_eq!(next.users.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(), ["uma"]);
    assert!(next.pagination_token.is_none());
    // A forged token is refused, as Cognito refuses one.
    let forged = call(
        api,
        Operation::ListUsers.as_str(),
        json!({ "UserPoolId": f.pool_id, "PaginationToken": "uma" }),
    )
    .await
    .unwrap_err();
    assert_eq!(forged.0, ErrorCode::InvalidParameter.as_str(), "{forged:?}");
    f.emulator.shutdown().await;
}
