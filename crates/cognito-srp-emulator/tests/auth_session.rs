//! An app client's `AuthSessionValidity` (3 to 15 minutes) is how long its sign-in sessions
//! live, and the sign-in codes sent in them; without it, 3 minutes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::time::Duration;

use cognito_srp_emulator::{CodePurpose, Emulator};
use serde_json::{Value, json};
use support::{Api, call};

const EXPIRED: &str = "Invalid session for the user, session is expired.";

struct Setup {
    emulator: cognito_srp_emulator::RunningEmulator,
    api: Api,
    pool: String,
}

async fn setup() -> Setup {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let created = call(&api, "CreateUserPool", json!({ "PoolName": "sessions" })).await.unwrap();
    let pool = created["UserPool"]["Id"].as_str().unwrap().to_owned();
    Setup { emulator, api, pool }
}

impl Setup {
    /// A client of the pool, with `AuthSessionValidity` minutes when given.
    async fn client(&self, minutes: Option<u64>) -> String {
        let mut body = json!({ "UserPoolId": self.pool, "ClientName": "c",
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
        if let Some(minutes) = minutes {
            body["AuthSessionValidity"] = json!(minutes);
        }
        let created = call(&self.api, "CreateUserPoolClient", body).await.unwrap();
        created["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned()
    }

    /// A user created by an administrator: its sign-in asks for a new password.
    async fn user(&self, name: &str) {
        call(
            &self.api,
            "AdminCreateUser",
            json!({ "UserPoolId": self.pool, "Username": name, "TemporaryPassword": "Temp-Pass-123",
                "MessageAction": "SUPPRESS",
                "UserAttributes": [{ "Name": "email", "Value": format!("{name}@example.com") },
                    { "Name": "email_verified", "Value": "true" }] }),
        )
        .await
        .unwrap();
    }

    /// The NEW_PASSWORD_REQUIRED session of `name` on `client`.
    async fn session(&self, client: &str, name: &str) -> String {
        let r = call(
            &self.api,
            "InitiateAuth",
            json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
                "AuthParameters": { "USERNAME": name, "PASSWORD": "Temp-Pass-123" } }),
        )
        .await
        .unwrap();
        assert_eq!(r["ChallengeName"], "NEW_PASSWORD_REQUIRED");
        r["Session"].as_str().unwrap().to_owned()
    }

    async fn new_password(&self, client: &str, name: &str, session: &str) -> Result<Value, (String, String)> {
        call(
            &self.api,
            "RespondToAuthChallenge",
            json!({ "ClientId": client, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": session,
                "ChallengeResponses": { "USERNAME": name, "NEW_PASSWORD": "Perm-Pass-123" } }),
        )
        .await
    }

    fn advance(&self, seconds: u64) {
        self.emulator.admin().advance_clock(Duration::from_secs(seconds));
    }
}

fn expired() -> Result<Value, (String, String)> {
    Err(("NotAuthorizedException".to_owned(), EXPIRED.to_owned()))
}

#[tokio::test]
async fn a_session_lives_as_long_as_the_clients_auth_session_validity() {
    let s = setup().await;
    let (default, ten) = (s.client(None).await, s.client(Some(10)).await);
    for name in ["amy", "bob", "cat", "dan"] {
        s.user(name).await;
    }
    // Four minutes: past the default 3, within 10.
    let (amy, bob) = (s.session(&default, "amy").await, s.session(&ten, "bob").await);
    s.advance(4 * 60);
    assert_eq!(s.new_password(&default, "amy", &amy).await, expired());
    let done = s.new_password(&ten, "bob", &bob).await.unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string(), "{done}");

    // The default client's sessions still last 3 minutes; the other's 10, not more.
    let cat = s.session(&default, "cat").await;
    let dan = s.session(&ten, "dan").await;
    s.advance(2 * 60 + 50);
    let done = s.new_password(&default, "cat", &cat).await.unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string(), "{done}");
    s.advance(7 * 60 + 20);
    assert_eq!(s.new_password(&ten, "dan", &dan).await, expired());
}

#[tokio::test]
async fn a_sign_in_code_lives_as_long_as_the_session() {
    let s = setup().await;
    call(
        &s.api,
        "UpdateUserPool",
        json!({ "UserPoolId": s.pool, "UserPoolTier": "ESSENTIALS",
            "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"] } } }),
    )
    .await
    .unwrap();
    let fifteen = s.client(Some(15)).await;
    s.user("eve").await;
    call(
        &s.api,
        "AdminSetUserPassword",
        json!({ "UserPoolId": s.pool, "Username": "eve", "Password": "Perm-Pass-123", "Permanent": true }),
    )
    .await
    .unwrap();
    let admin = s.emulator.admin();
    let r = call(
        &s.api,
        "InitiateAuth",
        json!({ "AuthFlow": "USER_AUTH", "ClientId": fifteen,
            "AuthParameters": { "USERNAME": "eve", "PREFERRED_CHALLENGE": "EMAIL_OTP" } }),
    )
    .await
    .unwrap();
    assert_eq!(r["ChallengeName"], "EMAIL_OTP", "{r}");
    let message =
        admin.messages(&s.pool, "eve").into_iter().rev().find(|m| m.purpose == CodePurpose::SignInOtp);
    let message = message.unwrap();
    assert_eq!(message.expires_at - message.sent_at, 15 * 60);
    let code = message.code;
    // Fourteen minutes on, the code and its session still work.
    s.advance(14 * 60);
    let done = call(
        &s.api,
        "RespondToAuthChallenge",
        json!({ "ClientId": fifteen, "ChallengeName": "EMAIL_OTP", "Session": r["Session"],
            "ChallengeResponses": { "USERNAME": "eve", "EMAIL_OTP_CODE": code } }),
    )
    .await
    .unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string(), "{done}");
}
