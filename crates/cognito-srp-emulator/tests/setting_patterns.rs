//! Settings members whose model pattern the emulator checks: client names
//! (`[\w\s+=,.@-]+`), redirect URLs (no spaces or control characters) and the link
//! placeholder of `EmailMessageByLink`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use cognito_srp_emulator::Emulator;
use serde_json::json;
use support::{Api, call};

const PATTERN: &str = "failed to satisfy constraint: Member must satisfy regular expression pattern: ";

#[tokio::test]
async fn names_urls_and_link_messages_must_match_the_models_patterns() {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let created = call(&api, "CreateUserPool", json!({ "PoolName": "patterns" })).await.unwrap();
    let pool = created["UserPool"]["Id"].as_str().unwrap().to_owned();
    let refused = [
        ("CreateUserPoolClient", json!({ "UserPoolId": pool, "ClientName": "bad/name" }), "'clientName'"),
        (
            "CreateUserPoolClient",
            json!({ "UserPoolId": pool, "ClientName": "c", "CallbackURLs": ["https://a.example/has space"] }),
            "'callbackURLs'",
        ),
        (
            "CreateUserPoolClient",
            json!({ "UserPoolId": pool, "ClientName": "c", "LogoutURLs": ["https://a.example/\u{7}"] }),
            "'logoutURLs'",
        ),
        (
            "CreateUserPool",
            json!({ "PoolName": "p", "VerificationMessageTemplate": { "EmailMessageByLink": "no link in here" } }),
            "'verificationMessageTemplate.emailMessageByLink'",
        ),
        (
            "CreateUserPool",
            json!({ "PoolName": "p", "VerificationMessageTemplate": { "EmailMessageByLink": "backwards ##} {##" } }),
            "'verificationMessageTemplate.emailMessageByLink'",
        ),
    ];
    for (op, body, member) in refused {
        let (kind, message) = call(&api, op, body.clone()).await.unwrap_err();
        assert_eq!(kind, "InvalidParameterException", "{body}");
        assert!(message.contains(member) && message.contains(PATTERN), "{body}: {message}");
    }
    let client = call(&api, "CreateUserPoolClient", json!({ "UserPoolId": pool, "ClientName": "good" }))
        .await
        .unwrap()["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_owned();
    let (kind, message) = call(
        &api,
        "UpdateUserPoolClient",
        json!({ "UserPoolId": pool, "ClientId": client, "ClientName": "a:b" }),
    )
    .await
    .unwrap_err();
    assert_eq!(kind, "InvalidParameterException");
    assert!(message.contains("'clientName'") && message.contains(PATTERN), "{message}");
    // Values that match are taken.
    call(
        &api,
        "CreateUserPoolClient",
        json!({ "UserPoolId": pool, "ClientName": "My app +=,.@-_ 2", "CallbackURLs": ["https://a.example/cb?x=1#y"],
            "DefaultRedirectURI": "https://a.example/cb?x=1#y" }),
    )
    .await
    .unwrap();
    call(
        &api,
        "CreateUserPool",
        json!({ "PoolName": "p", "VerificationMessageTemplate": { "EmailMessageByLink": "Please {##Verify Email##} now",
            "DefaultEmailOption": "CONFIRM_WITH_LINK" } }),
    )
    .await
    .unwrap();
    emulator.shutdown().await;
}
