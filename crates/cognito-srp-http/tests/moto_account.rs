//! The account flows against moto where it implements them: SignUp (with
//! CodeDeliveryDetails on a pool that verifies email, UsernameExists, InvalidPassword),
//! ConfirmSignUp (moto takes any code), ForgotPassword and ConfirmForgotPassword (moto's code
//! comes in its `x-moto-forgot-password-confirmation-code` header; a wrong one of its shape is
//! ExpiredCode). moto does not check SRP signatures, so passwords are checked with
//! USER_PASSWORD_AUTH.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

#[path = "support/moto.rs"]
mod moto;

use cognito_srp_http::operations::InitiateAuthRequest;
use cognito_srp_http::{AuthFlow, Client, DeliveryMedium, ErrorCode, Parameters, SignUpNext, UserPool};
use moto::Moto;
use serde_json::json;

const PASSWORD: &str = "Passw0rd!";
const NEW_PASSWORD: &str = "N3w-Passw0rd!";

/// A pool that verifies email (sign-up and reset codes go there) and an app client with password
/// sign-in: (pool id, client id).
async fn pool(moto: &Moto) -> (String, String) {
    let created = moto
        .admin("CreateUserPool", json!({"PoolName": "account-tests", "AutoVerifiedAttributes": ["email"],
                "AccountRecoverySetting": {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]}}))
        .await;
    let pool_id = created["UserPool"]["Id"].as_str().unwrap().to_owned();
    let client = moto
        .admin(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "app",
                   "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]}),
        )
        .await;
    (pool_id, client["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned())
}

fn user_pool(moto: &Moto, pool_id: &str, client_id: &str) -> UserPool {
    let client = Client::builder().endpoint(&moto.endpoint).use_environment(false).build().unwrap();
    UserPool::with_client(client, pool_id, client_id).unwrap()
}

/// Whether `password` signs `username` in (USER_PASSWORD_AUTH).
async fn password_works(pool: &UserPool, username: &str, password: &str) -> bool {
    let mut request = InitiateAuthRequest::new(AuthFlow::UserPasswordAuth, pool.client_id());
    request.auth_parameters = Parameters::new().with("USERNAME", username).with("PASSWORD", password);
    match pool.client().initiate_auth(&request).await {
        Ok(answer) => answer.authentication_result.is_some(),
        Err(e) if e.code() == Some(&ErrorCode::NotAuthorized) => false,
        Err(e) => panic!("{e}"),
    }
}

#[tokio::test]
async fn sign_up_and_confirm() {
    let Some(moto) = Moto::start("sign_up_and_confirm").await else { return };
    let (pool_id, client_id) = pool(&moto).await;
    let pool = user_pool(&moto, &pool_id, &client_id);

    let signed_up = pool.sign_up("ann", PASSWORD, &[("email", "ann@example.com")]).await.unwrap();
    assert!(!signed_up.user_sub.is_empty());
    let SignUpNext::ConfirmWithCode(delivery) = &signed_up.next else { panic!("{signed_up:?}") };
    assert_eq!(delivery.delivery_medium, Some(DeliveryMedium::Email));
    assert_eq!(delivery.attribute_name.as_deref(), Some("email"));
    assert_eq!(delivery.destination.as_deref(), Some("a***@e***"));
    assert!(signed_up.session.is_none());

    let err = pool.sign_up("ann", PASSWORD, &[("email", "ann@example.com")]).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::UsernameExists), "{err}");
    let err = pool.sign_up("weak", "password", &[]).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::InvalidPassword), "{err}");

    // moto confirms with any code, and answers without a session.
    let confirmed = pool.confirm_sign_up("ann", "123456", None).await.unwrap();
    assert!(confirmed.session.is_none());
    assert!(password_works(&pool, "ann", PASSWORD).await);
}

#[tokio::test]
async fn forgot_password_and_confirm() {
    let Some(moto) = Moto::start("forgot_password_and_confirm").await else { return };
    let (pool_id, client_id) = pool(&moto).await;
    moto.user(&pool_id, "bob", PASSWORD, true).await;
    let pool = user_pool(&moto, &pool_id, &client_id);

    let delivery = pool.forgot_password("bob").await.unwrap().expect("moto says where the code went");
    assert_eq!(delivery.delivery_medium, Some(DeliveryMedium::Email));
    assert_eq!(delivery.destination.as_deref(), Some("b***@e***"));

    // A wrong code of moto's shape is refused as expired.
    let wrong = "moto-confirmation-code:000000";
    let err = pool.confirm_forgot_password("bob", wrong, NEW_PASSWORD).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::ExpiredCode), "{err}");

    // The real code: moto hands it over in a header of ForgotPassword's answer.
    let answer = reqwest::Client::new()
        .post(format!("{}/", moto.endpoint))
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", "AWSCognitoIdentityProviderService.ForgotPassword")
        .body(json!({"ClientId": client_id, "Username": "bob"}).to_string())
        .send()
        .await
        .unwrap();
    let code = answer.headers()["x-moto-forgot-password-confirmation-code"].to_str().unwrap().to_owned();
    pool.confirm_forgot_password("bob", &code, NEW_PASSWORD).await.unwrap();
    assert!(password_works(&pool, "bob", NEW_PASSWORD).await);
    assert!(!password_works(&pool, "bob", PASSWORD).await);
}
