//! Set-up over the wire (as moto accepts it), seed files, USER_PASSWORD_AUTH, ChangePassword.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use cognito_srp_emulator::{Emulator, Seed};
use serde_json::json;
use support::{Api, call};

#[tokio::test]
async fn wire_set_up_then_password_auth_and_change_password() {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let pool = call(&api, "CreateUserPool", json!({
        "PoolName": "wire", "MfaConfiguration": "OFF", "AliasAttributes": ["email"],
        "DeviceConfiguration": { "ChallengeRequiredOnNewDevice": false, "DeviceOnlyRememberedOnUserPrompt": false },
    }))
    .await
    .unwrap();
    let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
    assert!(pool_id.starts_with("us-east-1_"));
    assert_eq!(pool["UserPool"]["DeviceConfiguration"]["DeviceOnlyRememberedOnUserPrompt"], false);
    let client = call(&api, "CreateUserPoolClient", json!({
        "UserPoolId": pool_id, "ClientName": "cli", "GenerateSecret": false,
        "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }))
    .await
    .unwrap();
    let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned();
    let created = call(
        &api,
        "AdminCreateUser",
        json!({
            "UserPoolId": pool_id, "Username": "nina", "TemporaryPassword": "Temp-Pass-1",
            "UserAttributes": [{ "Name": "email", "Value": "nina@example.com" }],
        }),
    )
    .await
    .unwrap();
    assert_eq!(created["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
    call(
        &api,
        "AdminSetUserPassword",
        json!({ "UserPoolId": pool_id, "Username": "nina", "Password": "Perm-Pass-22", "Permanent": true }),
    )
    .await
    .unwrap();
    let got = call(&api, "AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "nina@example.com" }))
        .await
        .unwrap();
    assert_eq!(got["UserStatus"], "CONFIRMED");
    let auth = |password: &str| json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id, "AuthParameters": { "USERNAME": "nina@example.com", "PASSWORD": password } });
    let wrong = call(&api, "InitiateAuth", auth("Temp-Pass-1")).await.unwrap_err();
    assert_eq!(wrong, ("NotAuthorizedException".into(), "Incorrect username or password.".into()));
    let done = call(&api, "InitiateAuth", auth("Perm-Pass-22")).await.unwrap();
    let access = done["AuthenticationResult"]["AccessToken"].clone();
    assert!(
        done["AuthenticationResult"]["NewDeviceMetadata"]["DeviceGroupKey"]
            .as_str()
            .unwrap()
            .starts_with('-')
    );
    let bad = call(
        &api,
        "ChangePassword",
        json!({ "AccessToken": access, "PreviousPassword": "nope", "ProposedPassword": "Next-Pass-333" }),
    )
    .await
    .unwrap_err();
    assert_eq!(bad.0, "NotAuthorizedException");
    call(&api, "ChangePassword", json!({ "AccessToken": access, "PreviousPassword": "Perm-Pass-22", "ProposedPassword": "Next-Pass-333" })).await.unwrap();
    call(&api, "InitiateAuth", auth("Next-Pass-333")).await.unwrap();
    // A flow the client does not allow.
    let custom = call(
        &api,
        "InitiateAuth",
        json!({ "AuthFlow": "CUSTOM_AUTH", "ClientId": client_id, "AuthParameters": { "USERNAME": "nina" } }),
    )
    .await
    .unwrap_err();
    assert_eq!(custom.0, "InvalidParameterException");
    emulator.shutdown().await;
}

#[tokio::test]
async fn seed_file_creates_pools_clients_and_users() {
    let dir = std::env::temp_dir().join(format!("cognito-srp-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("seed.json");
    std::fs::write(&path, r#"{ "pools": [ { "id": "eu-west-2_Seeded1", "name": "seeded", "mfa": "OPTIONAL",
        "clients": [ { "id": "seeded-client", "name": "app", "secret": "s3cr3t" } ],
        "users": [ { "username": "olga", "password": "Seeded-Pass-1", "permanent": true, "totp_secret": "JBSWY3DPEHPK3PXP" } ] } ] }"#)
        .unwrap();
    let emulator = Emulator::builder().seed(Seed::from_file(&path).unwrap()).start().await.unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let user = call(&api, "AdminGetUser", json!({ "UserPoolId": "eu-west-2_Seeded1", "Username": "olga" }))
        .await
        .unwrap();
    assert_eq!(user["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA");
    let hash = cognito_srp_core::secret_hash("s3cr3t", "olga", "seeded-client");
    let eph = cognito_srp_core::ClientEphemeral::generate(&mut support::rng());
    let ch = call(&api, "InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": "seeded-client",
        "AuthParameters": { "USERNAME": "olga", "SRP_A": eph.public_hex().as_str(), "SECRET_HASH": hash.as_str() } }))
        .await
        .unwrap();
    assert_eq!(ch["ChallengeName"], "PASSWORD_VERIFIER");
    assert!(Seed::from_json("{ \"pools\": 5 }").is_err());
    std::fs::remove_dir_all(&dir).unwrap();
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_quick_start_seed_signs_everyone_in() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.json");
    let emulator = Emulator::builder().seed(Seed::from_file(path).unwrap()).start().await.unwrap();
    let admin = emulator.admin();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let pool = "us-east-1_QuickStart";
    let secret = "quick-start-client-secret-not-for-production";
    let sign_in = |client: &'static str, user: &'static str, password: &'static str| {
        let api = &api;
        let admin = admin.clone();
        async move {
            let hash = (client == "quickstartsecretclient")
                .then(|| cognito_srp_core::secret_hash(secret, user, client).as_str().to_owned());
            let eph = cognito_srp_core::ClientEphemeral::generate(&mut support::rng());
            let ch = call(api, "InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": client,
                "AuthParameters": { "USERNAME": user, "SRP_A": eph.public_hex().as_str(), "SECRET_HASH": hash } }))
            .await
            .unwrap();
            let p = &ch["ChallengeParameters"];
            let internal = p["USER_ID_FOR_SRP"].as_str().unwrap().to_owned();
            let c = cognito_srp_core::PasswordVerifierChallenge {
                user_id_for_srp: &internal,
                salt_hex: p["SALT"].as_str().unwrap(),
                srp_b_hex: p["SRP_B"].as_str().unwrap(),
                secret_block: p["SECRET_BLOCK"].as_str().unwrap(),
            };
            let ts = cognito_srp_core::Timestamp::from_unix_seconds(admin.now()).unwrap();
            let claim = eph.user_claim(pool, &c, password, &ts).unwrap();
            let hash = (client == "quickstartsecretclient")
                .then(|| cognito_srp_core::secret_hash(secret, &internal, client).as_str().to_owned());
            call(
                api,
                "RespondToAuthChallenge",
                json!({ "ClientId": client, "ChallengeName": "PASSWORD_VERIFIER",
                "Session": ch["Session"], "ChallengeResponses": { "USERNAME": internal,
                "PASSWORD_CLAIM_SECRET_BLOCK": c.secret_block, "PASSWORD_CLAIM_SIGNATURE": claim.signature(),
                "TIMESTAMP": claim.timestamp(), "SECRET_HASH": hash } }),
            )
            .await
            .unwrap()
        }
    };
    let alice = sign_in("quickstartpublicclient", "alice@example.com", "Alice-Passw0rd!").await;
    assert!(alice["AuthenticationResult"]["NewDeviceMetadata"]["DeviceKey"].is_string(), "{alice}");
    let alice = sign_in("quickstartsecretclient", "alice", "Alice-Passw0rd!").await;
    assert!(alice["AuthenticationResult"]["AccessToken"].is_string(), "{alice}");
    let bob = sign_in("quickstartpublicclient", "bob", "Bob-Passw0rd!").await;
    assert_eq!(bob["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let carol = sign_in("quickstartpublicclient", "carol", "Carol-Temp-1!").await;
    assert_eq!(carol["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let dave = sign_in("quickstartsecretclient", "dave", "Dave-Passw0rd!").await;
    assert_eq!(dave["ChallengeName"], "SMS_MFA");
    assert_eq!(admin.last_sms_code(pool, "dave").unwrap().len(), 6);
    emulator.shutdown().await;
}

#[tokio::test]
async fn moto_style_admin_operations() {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let pool = call(&api, "CreateUserPool", json!({ "PoolName": "admin-ops", "AliasAttributes": ["email"] }))
        .await
        .unwrap();
    let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
    let client = call(
        &api,
        "CreateUserPoolClient",
        json!({ "UserPoolId": pool_id, "ClientName": "app", "GenerateSecret": true }),
    )
    .await
    .unwrap();
    let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned();
    let described =
        call(&api, "DescribeUserPoolClient", json!({ "UserPoolId": pool_id, "ClientId": client_id }))
            .await
            .unwrap();
    assert_eq!(described["UserPoolClient"]["ClientName"], "app");
    assert_eq!(described["UserPoolClient"]["ClientSecret"], client["UserPoolClient"]["ClientSecret"]);
    let other = call(
        &api,
        "DescribeUserPoolClient",
        json!({ "UserPoolId": "us-east-1_Other", "ClientId": client_id }),
    )
    .await
    .unwrap_err();
    assert_eq!(other.0, "ResourceNotFoundException");

    // MFA configuration as moto's set-up scripts do it.
    let set = call(
        &api,
        "SetUserPoolMfaConfig",
        json!({ "UserPoolId": pool_id, "MfaConfiguration": "OPTIONAL",
        "SoftwareTokenMfaConfiguration": { "Enabled": true } }),
    )
    .await
    .unwrap();
    assert_eq!(set["MfaConfiguration"], "OPTIONAL");
    let got = call(&api, "GetUserPoolMfaConfig", json!({ "UserPoolId": pool_id })).await.unwrap();
    assert_eq!(got["SoftwareTokenMfaConfiguration"]["Enabled"], true);
    let bad =
        call(&api, "SetUserPoolMfaConfig", json!({ "UserPoolId": pool_id, "MfaConfiguration": "SOMETIMES" }))
            .await
            .unwrap_err();
    assert_eq!(bad.0, "InvalidParameterException");

    for (name, email) in [("uma", "uma@example.com"), ("ulf", "ulf@example.org"), ("una", "una@example.com")]
    {
        call(
            &api,
            "AdminCreateUser",
            json!({ "UserPoolId": pool_id, "Username": name, "TemporaryPassword": "Temp-Pass-1",
            "UserAttributes": [{ "Name": "email", "Value": email }] }),
        )
        .await
        .unwrap();
    }
    let described = call(&api, "DescribeUserPool", json!({ "UserPoolId": pool_id })).await.unwrap();
    assert_eq!(described["UserPool"]["EstimatedNumberOfUsers"], 3);
    assert_eq!(described["UserPool"]["MfaConfiguration"], "OPTIONAL");
    let found =
        call(&api, "ListUsers", json!({ "UserPoolId": pool_id, "Filter": "email = \"ulf@example.org\"" }))
            .await
            .unwrap();
    assert_eq!(found["Users"].as_array().unwrap().len(), 1);
    assert_eq!(found["Users"][0]["Username"], "ulf");
    let prefixed =
        call(&api, "ListUsers", json!({ "UserPoolId": pool_id, "Filter": "username ^= \"u\"", "Limit": 2 }))
            .await
            .unwrap();
    assert_eq!(prefixed["Users"].as_array().unwrap().len(), 2);
    let rest = call(
        &api,
        "ListUsers",
        json!({ "UserPoolId": pool_id, "Filter": "username ^= \"u\"",
        "PaginationToken": prefixed["PaginationToken"] }),
    )
    .await
    .unwrap();
    assert_eq!(rest["Users"].as_array().unwrap().len(), 1);
    let bad = call(&api, "ListUsers", json!({ "UserPoolId": pool_id, "Filter": "email" })).await.unwrap_err();
    assert_eq!(bad.0, "InvalidParameterException");

    // Disabled users cannot sign in; enabled again they can; deleted they are gone.
    let secret = client["UserPoolClient"]["ClientSecret"].as_str().unwrap().to_owned();
    let auth = |user: &str| {
        let hash = cognito_srp_core::secret_hash(&secret, user, &client_id);
        json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": client_id,
            "AuthParameters": { "USERNAME": user, "SRP_A": "2", "SECRET_HASH": hash.as_str() } })
    };
    call(&api, "AdminDisableUser", json!({ "UserPoolId": pool_id, "Username": "uma" })).await.unwrap();
    let disabled = call(&api, "InitiateAuth", auth("uma")).await.unwrap_err();
    assert_eq!(disabled, ("NotAuthorizedException".into(), "User is disabled.".into()));
    let user = call(&api, "AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "uma" })).await.unwrap();
    assert_eq!(user["Enabled"], false);
    call(&api, "AdminEnableUser", json!({ "UserPoolId": pool_id, "Username": "uma" })).await.unwrap();
    let ch = call(&api, "InitiateAuth", auth("uma")).await.unwrap();
    assert_eq!(ch["ChallengeName"], "PASSWORD_VERIFIER");
    call(&api, "AdminDeleteUser", json!({ "UserPoolId": pool_id, "Username": "uma@example.com" }))
        .await
        .unwrap();
    let gone = call(&api, "InitiateAuth", auth("uma")).await.unwrap_err();
    assert_eq!(gone.0, "UserNotFoundException");
    let gone =
        call(&api, "AdminDeleteUser", json!({ "UserPoolId": pool_id, "Username": "uma" })).await.unwrap_err();
    assert_eq!(gone.0, "UserNotFoundException");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_pool_with_a_bad_user_is_not_created_at_all() {
    use cognito_srp_emulator::{ClientConfig, PoolConfig, UserConfig};
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    let pool = |totp_secret: &str| {
        PoolConfig::default()
            .with_id(Some("eu-west-1_AllOrNone".into()))
            .with_name("all-or-none")
            .with_clients(vec![
                ClientConfig::default().with_id(Some("all-or-none-app".into())).with_name("app"),
            ])
            .with_users(vec![
                UserConfig::default()
                    .with_username("ann")
                    .with_password("Correct-Horse-9")
                    .with_permanent(true)
                    .with_totp_secret(Some(totp_secret.into())),
            ])
    };
    let err = admin.create_user_pool(pool("not base32!")).unwrap_err();
    assert_eq!(err.to_string(), "InvalidParameterException: TOTP secret is not base32");
    // Neither the pool nor its client was left behind: the corrected config goes in whole.
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let gone = call(
        &api,
        "DescribeUserPoolClient",
        json!({ "UserPoolId": "eu-west-1_AllOrNone", "ClientId": "all-or-none-app" }),
    )
    .await
    .unwrap_err();
    assert_eq!(gone.0, "ResourceNotFoundException");
    assert_eq!(admin.create_user_pool(pool("JBSWY3DPEHPK3PXP")).unwrap(), "eu-west-1_AllOrNone");
    emulator.shutdown().await;
}
