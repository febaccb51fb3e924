//! `PreferredMfa: false` unmarks a preferred MFA factor (Amplify's `notPreferred`): a user
//! with several factors and none preferred chooses with `SELECT_MFA_TYPE`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use cognito_srp_emulator::{Emulator, totp_code};
use serde_json::{Value, json};
use support::{Api, call};

async fn sign_in(api: &Api, client: &str) -> Value {
    call(
        api,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
            "AuthParameters": { "USERNAME": "mo", "PASSWORD": "Mo-Pass-1234" } }),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn preferred_false_unmarks_the_preferred_factor() {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let pool = call(&api, "CreateUserPool", json!({ "PoolName": "mfa", "MfaConfiguration": "OPTIONAL" }))
        .await
        .unwrap()["UserPool"]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = call(
        &api,
        "CreateUserPoolClient",
        json!({ "UserPoolId": pool, "ClientName": "c", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }),
    )
    .await
    .unwrap()["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_owned();
    let user = json!({ "UserPoolId": pool, "Username": "mo" });
    call(
        &api,
        "AdminCreateUser",
        json!({ "UserPoolId": pool, "Username": "mo", "MessageAction": "SUPPRESS",
            "UserAttributes": [{ "Name": "phone_number", "Value": "+15555550123" },
                { "Name": "phone_number_verified", "Value": "true" }] }),
    )
    .await
    .unwrap();
    call(
        &api,
        "AdminSetUserPassword",
        json!({ "UserPoolId": pool, "Username": "mo", "Password": "Mo-Pass-1234", "Permanent": true }),
    )
    .await
    .unwrap();
    let token = sign_in(&api, &client).await["AuthenticationResult"]["AccessToken"].clone();
    let secret =
        call(&api, "AssociateSoftwareToken", json!({ "AccessToken": token })).await.unwrap()["SecretCode"]
            .as_str()
            .unwrap()
            .to_owned();
    let code = totp_code(&secret, emulator.admin().now()).unwrap();
    call(&api, "VerifySoftwareToken", json!({ "AccessToken": token, "UserCode": code })).await.unwrap();

    // Both factors on, TOTP preferred: TOTP is asked for.
    let mut body = user.clone();
    body["SMSMfaSettings"] = json!({ "Enabled": true });
    body["SoftwareTokenMfaSettings"] = json!({ "Enabled": true, "PreferredMfa": true });
    call(&api, "AdminSetUserMFAPreference", body).await.unwrap();
    assert_eq!(sign_in(&api, &client).await["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let got = call(&api, "AdminGetUser", user.clone()).await.unwrap();
    assert_eq!(got["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA", "{got}");

    // PreferredMfa false on another factor changes nothing.
    let mut body = user.clone();
    body["SMSMfaSettings"] = json!({ "Enabled": true, "PreferredMfa": false });
    call(&api, "AdminSetUserMFAPreference", body).await.unwrap();
    assert_eq!(sign_in(&api, &client).await["ChallengeName"], "SOFTWARE_TOKEN_MFA");

    // PreferredMfa false on the preferred one: no preference, the user chooses.
    let mut body = user.clone();
    body["SoftwareTokenMfaSettings"] = json!({ "Enabled": true, "PreferredMfa": false });
    call(&api, "AdminSetUserMFAPreference", body).await.unwrap();
    let challenge = sign_in(&api, &client).await;
    assert_eq!(challenge["ChallengeName"], "SELECT_MFA_TYPE", "{challenge}");
    let got = call(&api, "AdminGetUser", user.clone()).await.unwrap();
    assert!(got.get("PreferredMfaSetting").is_none(), "{got}");
    let mut list: Vec<&str> =
        got["UserMFASettingList"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    list.sort_unstable();
    assert_eq!(list, ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
    emulator.shutdown().await;
}
