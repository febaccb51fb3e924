//! Account operations over the socket: sign-up and confirmation, resending codes, password
//! reset (the user's and the administrator's), attribute changes and verification, deleting
//! attributes and the account, the pool's password policy, PreventUserExistenceErrors, and
//! the control endpoint that hands the codes to peers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::time::Duration;

use cognito_srp_emulator::{ClientConfig, CodePurpose, Emulator, PasswordPolicy, PoolConfig, UserConfig};
use serde_json::{Value, json};
use support::{Api, Fixture, call};

const POOL: &str = "eu-west-1_Account1";
const FLOWS: [&str; 3] = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

/// A pool that verifies emails at sign-up and lets them sign in (alias), and a client.
async fn setup(prevent: bool) -> Fixture {
    setup_with(PoolConfig::default().with_email_alias(true), prevent).await
}

async fn setup_with(config: PoolConfig, prevent: bool) -> Fixture {
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    let pool_id = admin
        .create_user_pool(
            (config).with_id(Some(POOL.into())).with_auto_verified_attributes(vec!["email".into()]),
        )
        .unwrap();
    let (client_id, secret) = admin
        .create_client(
            &pool_id,
            ClientConfig::default()
                .with_name("app")
                .with_explicit_auth_flows(FLOWS.iter().map(|f| (*f).to_owned()).collect())
                .with_prevent_user_existence_errors(prevent),
        )
        .unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    Fixture { emulator, api, pool_id, client_id, secret }
}

fn err(kind: &str, message: &str) -> Result<Value, (String, String)> {
    Err((kind.to_owned(), message.to_owned()))
}

impl Fixture {
    async fn op(&self, op: &str, body: Value) -> Result<Value, (String, String)> {
        call(&self.api, op, body).await
    }

    async fn sign_up(
        &self,
        username: &str,
        password: &str,
        email: Option<&str>,
    ) -> Result<Value, (String, String)> {
        let mut attrs = vec![json!({ "Name": "name", "Value": "Ann" })];
        if let Some(email) = email {
            attrs.push(json!({ "Name": "email", "Value": email }));
        }
        self.op(
            "SignUp",
            json!({ "ClientId": self.client_id, "Username": username, "Password": password, "UserAttributes": attrs }),
        )
        .await
    }

    async fn confirm(&self, username: &str, code: &str) -> Result<Value, (String, String)> {
        self.op(
            "ConfirmSignUp",
            json!({ "ClientId": self.client_id, "Username": username, "ConfirmationCode": code }),
        )
        .await
    }

    async fn password_sign_in(&self, username: &str, password: &str) -> Result<Value, (String, String)> {
        self.op(
            "InitiateAuth",
            json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": self.client_id,
                    "AuthParameters": { "USERNAME": username, "PASSWORD": password } }),
        )
        .await
    }

    async fn access_token(&self, username: &str, password: &str) -> String {
        let done = self.password_sign_in(username, password).await.unwrap();
        done["AuthenticationResult"]["AccessToken"].as_str().unwrap().to_owned()
    }

    async fn status(&self, username: &str) -> String {
        let user = self
            .op("AdminGetUser", json!({ "UserPoolId": self.pool_id, "Username": username }))
            .await
            .unwrap();
        user["UserStatus"].as_str().unwrap().to_owned()
    }

    fn code(&self, username: &str, purpose: &CodePurpose) -> String {
        self.emulator.admin().last_code(&self.pool_id, username, purpose).expect("a code was sent")
    }

    async fn attribute(&self, token: &str, name: &str) -> Option<String> {
        let user = self.op("GetUser", json!({ "AccessToken": token })).await.unwrap();
        user["UserAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Name"] == name)
            .map(|a| a["Value"].as_str().unwrap().to_owned())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_confirm_and_sign_in() {
    let f = setup(false).await;
    let signed = f.sign_up("ann", "Passw0rd!", Some("ann@example.com")).await.unwrap();
    assert_eq!(signed["UserConfirmed"], false);
    assert_eq!(
        signed["CodeDeliveryDetails"],
        json!({ "Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email" })
    );
    assert_eq!(signed["UserSub"].as_str().unwrap().len(), 36);
    assert_eq!(f.status("ann").await, "UNCONFIRMED");
    assert_eq!(
        f.sign_up("ann", "Passw0rd!", None).await,
        err("UsernameExistsException", "User already exists")
    );

    assert_eq!(
        f.sign_up("ann@example.com", "Passw0rd!", None).await,
        err(
            "InvalidParameterException",
            "Username cannot be of email format, since user pool is configured for email alias."
        )
    );
    // Before confirming: the right password says so, a wrong one does not.
    assert_eq!(
        f.password_sign_in("ann", "Passw0rd!").await,
        err("UserNotConfirmedException", "User is not confirmed.")
    );
    assert_eq!(
        f.password_sign_in("ann", "Wrong-Passw0rd!").await,
        err("NotAuthorizedException", "Incorrect username or password.")
    );
    assert_eq!(
        f.sign_in("ann", "Passw0rd!", None).await,
        err("UserNotConfirmedException", "User is not confirmed.")
    );

    let code = f.code("ann", &CodePurpose::SignUp);
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
    let message = f.emulator.admin().messages(&f.pool_id, "ann").pop().unwrap();
    assert_eq!(
        (message.destination.as_str(), message.expires_at - message.sent_at),
        ("ann@example.com", 86_400)
    );
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        f.confirm("ann", wrong).await,
        err("CodeMismatchException", "Invalid verification code provided, please try again.")
    );
    assert_eq!(f.confirm("ann", &code).await, Ok(json!({})));
    assert_eq!(f.status("ann").await, "CONFIRMED");
    // Single use; and a confirmed user cannot be confirmed again.
    assert_eq!(
        f.confirm("ann", &code).await,
        err("NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")
    );

    // SRP with the username, and with the email now verified (an alias).
    assert!(f.sign_in("ann", "Passw0rd!", None).await.unwrap()["AuthenticationResult"].is_object());
    let token = f.access_token("ann@example.com", "Passw0rd!").await;
    assert_eq!(f.attribute(&token, "email_verified").await.as_deref(), Some("true"));
    assert_eq!(f.attribute(&token, "name").await.as_deref(), Some("Ann"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_code_replaces_the_old_one_and_codes_expire() {
    let f = setup(false).await;
    f.sign_up("bea", "Passw0rd!", Some("bea@example.com")).await.unwrap();
    let first = f.code("bea", &CodePurpose::SignUp);
    let resent =
        f.op("ResendConfirmationCode", json!({ "ClientId": f.client_id, "Username": "bea" })).await.unwrap();
    assert_eq!(resent["CodeDeliveryDetails"]["Destination"], "b***@e***");
    let second = f.code("bea", &CodePurpose::SignUp);
    if first != second {
        assert_eq!(f.confirm("bea", &first).await.unwrap_err().0, "CodeMismatchException");
    }
    // A day later the code is expired.
    f.emulator.admin().advance_clock(Duration::from_secs(86_400));
    assert_eq!(
        f.confirm("bea", &second).await,
        err("ExpiredCodeException", "Invalid code provided, please request a code again.")
    );
    f.op("ResendConfirmationCode", json!({ "ClientId": f.client_id, "Username": "bea" })).await.unwrap();
    let third = f.code("bea", &CodePurpose::SignUp);
    assert_eq!(f.confirm("bea", &third).await, Ok(json!({})));
    assert_eq!(
        f.op("ResendConfirmationCode", json!({ "ClientId": f.client_id, "Username": "bea" })).await,
        err("InvalidParameterException", "User is already confirmed.")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_codes_are_limited() {
    let f = setup(false).await;
    f.sign_up("cy", "Passw0rd!", Some("cy@example.com")).await.unwrap();
    let code = f.code("cy", &CodePurpose::SignUp);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        assert_eq!(f.confirm("cy", wrong).await.unwrap_err().0, "CodeMismatchException");
    }
    // Now even the right code is refused, until a new one is sent.
    assert_eq!(
        f.confirm("cy", &code).await,
        err("LimitExceededException", "Attempt limit exceeded, please try after some time.")
    );
    f.op("ResendConfirmationCode", json!({ "ClientId": f.client_id, "Username": "cy" })).await.unwrap();
    assert_eq!(f.confirm("cy", &f.code("cy", &CodePurpose::SignUp)).await, Ok(json!({})));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgot_password_then_confirm_with_the_code() {
    let f = setup(false).await;
    f.user("dan", "Passw0rd!", UserConfig::default().with_email(Some("dan@example.com".into())));
    let forgot = f.op("ForgotPassword", json!({ "ClientId": f.client_id, "Username": "dan" })).await.unwrap();
    assert_eq!(
        forgot["CodeDeliveryDetails"],
        json!({ "Destination": "d***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email" })
    );
    let code = f.code("dan", &CodePurpose::ForgotPassword);
    let confirm = |code: &str, password: &str| json!({ "ClientId": f.client_id, "Username": "dan", "ConfirmationCode": code, "Password": password });
    assert_eq!(
        f.op("ConfirmForgotPassword", confirm(&code, "weakpass")).await,
        err(
            "InvalidPasswordException",
            "Password did not conform with policy: Password must have uppercase characters"
        )
    );
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        f.op("ConfirmForgotPassword", confirm(wrong, "New-Passw0rd!")).await.unwrap_err().0,
        "CodeMismatchException"
    );
    assert_eq!(f.op("ConfirmForgotPassword", confirm(&code, "New-Passw0rd!")).await, Ok(json!({})));
    assert_eq!(
        f.op("ConfirmForgotPassword", confirm(&code, "Other-Passw0rd!")).await.unwrap_err().0,
        "CodeMismatchException"
    );
    assert_eq!(f.password_sign_in("dan", "Passw0rd!").await.unwrap_err().0, "NotAuthorizedException");
    assert!(f.sign_in("dan", "New-Passw0rd!", None).await.unwrap()["AuthenticationResult"].is_object());

    // Password-reset codes live an hour.
    f.op("ForgotPassword", json!({ "ClientId": f.client_id, "Username": "dan" })).await.unwrap();
    let code = f.code("dan", &CodePurpose::ForgotPassword);
    f.emulator.admin().advance_clock(Duration::from_secs(3600));
    assert_eq!(
        f.op("ConfirmForgotPassword", confirm(&code, "Third-Passw0rd!")).await.unwrap_err().0,
        "ExpiredCodeException"
    );

    // A temporary password is not reset.
    let temp = UserConfig::default()
        .with_username("tmp")
        .with_password("Temp-Pass-1")
        .with_email(Some("tmp@example.com".into()));
    f.emulator.admin().create_user(&f.pool_id, temp).unwrap();
    assert_eq!(
        f.op("ForgotPassword", json!({ "ClientId": f.client_id, "Username": "tmp" })).await,
        err("NotAuthorizedException", "User password cannot be reset in the current state.")
    );

    // No verified email or phone number: no reset.
    f.user("eli", "Passw0rd!", UserConfig::default());
    assert_eq!(
        f.op("ForgotPassword", json!({ "ClientId": f.client_id, "Username": "eli" })).await,
        err(
            "InvalidParameterException",
            "Cannot reset password for the user as there is no registered/verified email or phone_number"
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrators_reset_requires_a_new_password() {
    let f = setup(false).await;
    f.user("fay", "Passw0rd!", UserConfig::default().with_email(Some("fay@example.com".into())));
    let refresh = f.password_sign_in("fay", "Passw0rd!").await.unwrap();
    assert!(refresh["AuthenticationResult"].is_object());
    let reset = json!({ "UserPoolId": f.pool_id, "Username": "fay" });
    assert_eq!(f.op("AdminResetUserPassword", reset).await, Ok(json!({})));
    assert_eq!(f.status("fay").await, "RESET_REQUIRED");
    for password in ["Passw0rd!", "Wrong-Passw0rd!"] {
        assert_eq!(
            f.password_sign_in("fay", password).await,
            err("PasswordResetRequiredException", "Password reset required for the user")
        );
    }
    assert_eq!(f.initiate("fay", None).await.1.unwrap_err().0, "PasswordResetRequiredException");
    // The administrator's reset sent a code; ForgotPassword sends a fresh one.
    let code = f.code("fay", &CodePurpose::ForgotPassword);
    let body = json!({ "ClientId": f.client_id, "Username": "fay", "ConfirmationCode": code, "Password": "Fresh-Passw0rd!" });
    assert_eq!(f.op("ConfirmForgotPassword", body).await, Ok(json!({})));
    assert_eq!(f.status("fay").await, "CONFIRMED");
    assert!(f.password_sign_in("fay", "Fresh-Passw0rd!").await.unwrap()["AuthenticationResult"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_confirm_sign_up() {
    let f = setup(false).await;
    f.sign_up("gus", "Passw0rd!", None).await.unwrap();
    let body = json!({ "UserPoolId": f.pool_id, "Username": "gus" });
    assert_eq!(f.op("AdminConfirmSignUp", body.clone()).await, Ok(json!({})));
    assert_eq!(f.status("gus").await, "CONFIRMED");
    assert_eq!(
        f.op("AdminConfirmSignUp", body).await,
        err("NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")
    );
    assert!(f.password_sign_in("gus", "Passw0rd!").await.unwrap()["AuthenticationResult"].is_object());
    // Users made unconfirmed from Rust (or a seed) wait the same way.
    let waiting =
        UserConfig::default().with_username("ike").with_password("Passw0rd!").with_unconfirmed(true);
    f.emulator.admin().create_user(&f.pool_id, waiting).unwrap();
    assert_eq!(f.status("ike").await, "UNCONFIRMED");
    assert_eq!(
        f.password_sign_in("ike", "Passw0rd!").await,
        err("UserNotConfirmedException", "User is not confirmed.")
    );
    let seed = cognito_srp_emulator::Seed::from_json(
        r#"{ "pools": [{ "users": [{ "username": "u", "password": "p", "unconfirmed": true }] }] }"#,
    );
    assert!(seed.unwrap().pools[0].users[0].unconfirmed);

    // An administrator's new email for an unconfirmed user: the old code is void, a new one
    // goes to the new address.
    f.sign_up("gil", "Passw0rd!", Some("gil@example.com")).await.unwrap();
    let old_code = f.code("gil", &CodePurpose::SignUp);
    let moved = json!({ "UserPoolId": f.pool_id, "Username": "gil", "UserAttributes": [{ "Name": "email", "Value": "gil@new.example" }] });
    f.op("AdminUpdateUserAttributes", moved).await.unwrap();
    assert_eq!(f.confirm("gil", &old_code).await.unwrap_err().0, "CodeMismatchException");
    let resent =
        f.op("ResendConfirmationCode", json!({ "ClientId": f.client_id, "Username": "gil" })).await.unwrap();
    assert_eq!(resent["CodeDeliveryDetails"]["Destination"], "g***@n***");

    // Without an auto-verified attribute there is no code to resend.
    f.sign_up("hal", "Passw0rd!", None).await.unwrap();
    assert_eq!(
        f.op("ResendConfirmationCode", json!({ "ClientId": f.client_id, "Username": "hal" })).await,
        err("InvalidParameterException", "Auto verification not turned on.")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attributes_change_verify_and_go() {
    let f = setup(false).await;
    f.user("ivy", "Passw0rd!", UserConfig::default().with_email(Some("ivy@example.com".into())));
    let token = f.access_token("ivy", "Passw0rd!").await;
    let update = |attrs: Value| json!({ "AccessToken": token, "UserAttributes": attrs });

    // A plain attribute: no code.
    assert_eq!(
        f.op("UpdateUserAttributes", update(json!([{ "Name": "name", "Value": "Ivy" }]))).await,
        Ok(json!({}))
    );
    // The user never writes a verification flag.
    assert_eq!(
        f.op("UpdateUserAttributes", update(json!([{ "Name": "email_verified", "Value": "true" }]))).await,
        err("InvalidParameterException", "A client attempted to write unauthorized attribute email_verified")
    );
    // A new email: unverified, a code sent to it, the old alias gone.
    let changed = f
        .op("UpdateUserAttributes", update(json!([{ "Name": "email", "Value": "ivy@new.example" }])))
        .await
        .unwrap();
    assert_eq!(
        changed["CodeDeliveryDetailsList"],
        json!([{ "Destination": "i***@n***", "DeliveryMedium": "EMAIL", "AttributeName": "email" }])
    );
    assert_eq!(f.attribute(&token, "email_verified").await.as_deref(), Some("false"));
    assert_eq!(
        f.password_sign_in("ivy@example.com", "Passw0rd!").await.unwrap_err().0,
        "UserNotFoundException"
    );
    assert_eq!(
        f.password_sign_in("ivy@new.example", "Passw0rd!").await.unwrap_err().0,
        "UserNotFoundException"
    );

    let purpose = CodePurpose::VerifyAttribute("email".into());
    let code = f.code("ivy", &purpose);
    let verify = |code: &str| json!({ "AccessToken": token, "AttributeName": "email", "Code": code });
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(f.op("VerifyUserAttribute", verify(wrong)).await.unwrap_err().0, "CodeMismatchException");
    assert_eq!(f.op("VerifyUserAttribute", verify(&code)).await, Ok(json!({})));
    assert_eq!(f.op("VerifyUserAttribute", verify(&code)).await.unwrap_err().0, "CodeMismatchException");
    assert_eq!(f.attribute(&token, "email_verified").await.as_deref(), Some("true"));
    assert!(
        f.password_sign_in("ivy@new.example", "Passw0rd!").await.unwrap()["AuthenticationResult"].is_object()
    );

    // A code on request.
    let sent = f
        .op("GetUserAttributeVerificationCode", json!({ "AccessToken": token, "AttributeName": "email" }))
        .await
        .unwrap();
    assert_eq!(sent["CodeDeliveryDetails"]["AttributeName"], "email");
    assert_eq!(f.op("VerifyUserAttribute", verify(&f.code("ivy", &purpose))).await, Ok(json!({})));
    assert_eq!(
        f.op("GetUserAttributeVerificationCode", json!({ "AccessToken": token, "AttributeName": "name" }))
            .await
            .unwrap_err()
            .0,
        "InvalidParameterException"
    );

    // Deleting.
    let delete = json!({ "AccessToken": token, "UserAttributeNames": ["name"] });
    assert_eq!(f.op("DeleteUserAttributes", delete).await, Ok(json!({})));
    assert_eq!(f.attribute(&token, "name").await, None);

    // The administrator's side: flags may be set, and attributes deleted.
    let admin_update = json!({ "UserPoolId": f.pool_id, "Username": "ivy", "UserAttributes": [
        { "Name": "email", "Value": "ivy@third.example" }, { "Name": "email_verified", "Value": "true" },
        { "Name": "custom:team", "Value": "blue" } ] });
    assert_eq!(f.op("AdminUpdateUserAttributes", admin_update).await, Ok(json!({})));
    assert_eq!(f.attribute(&token, "email_verified").await.as_deref(), Some("true"));
    assert!(
        f.password_sign_in("ivy@third.example", "Passw0rd!").await.unwrap()["AuthenticationResult"]
            .is_object()
    );
    let admin_delete =
        json!({ "UserPoolId": f.pool_id, "Username": "ivy", "UserAttributeNames": ["custom:team", "email"] });
    assert_eq!(f.op("AdminDeleteUserAttributes", admin_delete).await, Ok(json!({})));
    assert_eq!(f.attribute(&token, "custom:team").await, None);
    assert_eq!(f.attribute(&token, "email_verified").await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_user_and_her_tokens_are_gone() {
    let f = setup(false).await;
    f.user("jo", "Passw0rd!", UserConfig::default());
    let done = f.password_sign_in("jo", "Passw0rd!").await.unwrap();
    let token = done["AuthenticationResult"]["AccessToken"].as_str().unwrap();
    let refresh = done["AuthenticationResult"]["RefreshToken"].as_str().unwrap();
    assert_eq!(f.op("DeleteUser", json!({ "AccessToken": token })).await, Ok(json!({})));
    assert_eq!(
        f.op("GetUser", json!({ "AccessToken": token })).await.unwrap_err().0,
        "NotAuthorizedException"
    );
    assert_eq!(
        f.password_sign_in("jo", "Passw0rd!").await,
        err("UserNotFoundException", "User does not exist.")
    );
    let again = json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": f.client_id, "AuthParameters": { "REFRESH_TOKEN": refresh } });
    assert_eq!(f.op("InitiateAuth", again).await.unwrap_err().0, "NotAuthorizedException");
    // A new jo does not inherit the old tokens.
    f.user("jo", "Passw0rd!", UserConfig::default());
    assert_eq!(
        f.op("GetUser", json!({ "AccessToken": token })).await.unwrap_err().0,
        "NotAuthorizedException"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_password_policy_is_enforced_with_cognitos_messages() {
    // Over the wire: a pool without Policies gets Cognito's default (8, all four kinds).
    let emulator = Emulator::builder().start().await.unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let pool = call(&api, "CreateUserPool", json!({ "PoolName": "default" })).await.unwrap();
    let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
    let client = call(&api, "CreateUserPoolClient", json!({ "UserPoolId": pool_id, "ClientName": "c" }))
        .await
        .unwrap();
    let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned();
    let sign_up = |password: &str| json!({ "ClientId": client_id, "Username": "kim", "Password": password });
    for (password, rule) in [
        ("Sh0rt!", "Password not long enough"),
        ("PASSW0RD!", "Password must have lowercase characters"),
        ("passw0rd!", "Password must have uppercase characters"),
        ("Password!", "Password must have numeric characters"),
        ("Passw0rdd", "Password must have symbol characters"),
    ] {
        assert_eq!(
            call(&api, "SignUp", sign_up(password)).await,
            err("InvalidPasswordException", &format!("Password did not conform with policy: {rule}")),
            "{password}"
        );
    }
    assert_eq!(call(&api, "SignUp", sign_up("Passw0rd!")).await.unwrap()["UserConfirmed"], false);

    // A pool's own policy, and the administrator's operations.
    let strict = json!({ "PoolName": "strict", "Policies": { "PasswordPolicy": { "MinimumLength": 12, "RequireNumbers": true } } });
    let strict =
        call(&api, "CreateUserPool", strict).await.unwrap()["UserPool"]["Id"].as_str().unwrap().to_owned();
    let create = json!({ "UserPoolId": strict, "Username": "lee", "TemporaryPassword": "short-1" });
    assert_eq!(
        call(&api, "AdminCreateUser", create).await,
        err("InvalidPasswordException", "Password does not conform to policy: Password not long enough")
    );
    let create = json!({ "UserPoolId": strict, "Username": "lee", "TemporaryPassword": "all lower case 1" });
    call(&api, "AdminCreateUser", create).await.unwrap();
    let set = |password: &str| json!({ "UserPoolId": strict, "Username": "lee", "Password": password, "Permanent": true });
    assert_eq!(
        call(&api, "AdminSetUserPassword", set("no numbers at all")).await,
        err(
            "InvalidPasswordException",
            "Password does not conform to policy: Password must have numeric characters"
        )
    );
    assert_eq!(call(&api, "AdminSetUserPassword", set("twelve chars 1")).await, Ok(json!({})));
    let bad = json!({ "PoolName": "bad", "Policies": { "PasswordPolicy": { "MinimumLength": 5 } } });
    assert_eq!(call(&api, "CreateUserPool", bad).await.unwrap_err().0, "InvalidParameterException");
    let both = json!({ "PoolName": "bad", "AliasAttributes": ["email"], "UsernameAttributes": ["email"] });
    assert_eq!(
        call(&api, "CreateUserPool", both).await,
        err(
            "InvalidParameterException",
            "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool."
        )
    );
    let odd = json!({ "PoolName": "bad", "AliasAttributes": ["nickname"] });
    assert_eq!(call(&api, "CreateUserPool", odd).await.unwrap_err().0, "InvalidParameterException");
    let odd = json!({ "PoolName": "bad", "AutoVerifiedAttributes": ["name"] });
    assert_eq!(call(&api, "CreateUserPool", odd).await.unwrap_err().0, "InvalidParameterException");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_password_and_new_password_follow_the_policy() {
    let policy = PasswordPolicy::default().with_minimum_length(10).with_require_symbols(false);
    let f = setup_with(PoolConfig::default().with_password_policy(policy), false).await;
    f.user("max", "Passw0rd!1", UserConfig::default());
    let token = f.access_token("max", "Passw0rd!1").await;
    let change = |proposed: &str| json!({ "AccessToken": token, "PreviousPassword": "Passw0rd!1", "ProposedPassword": proposed });
    assert_eq!(
        f.op("ChangePassword", change("nodigitsAtAll")).await,
        err(
            "InvalidPasswordException",
            "Password does not conform to policy: Password must have numeric characters"
        )
    );
    assert_eq!(f.op("ChangePassword", change("Nosymbols12")).await, Ok(json!({})));

    f.emulator
        .admin()
        .create_user(&f.pool_id, UserConfig::default().with_username("ned").with_password("Temp-Pass-1"))
        .unwrap();
    let challenge = f.password_sign_in("ned", "Temp-Pass-1").await.unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let answer = |password: &str| json!({ "USERNAME": "ned", "NEW_PASSWORD": password });
    assert_eq!(
        f.respond(&challenge, "NEW_PASSWORD_REQUIRED", answer("Short1")).await,
        err("InvalidPasswordException", "Password does not conform to policy: Password not long enough")
    );
    // The refused answer left the session usable.
    let done = f.respond(&challenge, "NEW_PASSWORD_REQUIRED", answer("Long-Enough-1")).await.unwrap();
    assert!(done["AuthenticationResult"].is_object());

    // A temporary password expires after TemporaryPasswordValidityDays (7).
    f.emulator
        .admin()
        .create_user(&f.pool_id, UserConfig::default().with_username("old").with_password("Temp-Pass-1"))
        .unwrap();
    f.emulator.admin().advance_clock(Duration::from_secs(7 * 86_400));
    assert_eq!(
        f.password_sign_in("old", "Temp-Pass-1").await,
        err(
            "NotAuthorizedException",
            "Temporary password has expired and must be reset by an administrator."
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prevent_user_existence_errors_enabled_hides_unknown_users() {
    let f = setup(true).await;
    f.user("pat", "Passw0rd!", UserConfig::default());
    assert_eq!(
        f.password_sign_in("nobody", "Passw0rd!").await,
        err("NotAuthorizedException", "Incorrect username or password.")
    );
    // SRP: a challenge like anyone's, with the same salt each time, and a failing answer.
    let (eph, first) = f.initiate("nobody", None).await;
    let first = first.unwrap();
    assert_eq!(first["ChallengeName"], "PASSWORD_VERIFIER");
    let (_, second) = f.initiate("nobody", None).await;
    assert_eq!(first["ChallengeParameters"]["SALT"], second.unwrap()["ChallengeParameters"]["SALT"]);
    assert_eq!(first["ChallengeParameters"]["USER_ID_FOR_SRP"], "nobody");
    let now = cognito_srp_core::Timestamp::from_unix_seconds(f.emulator.admin().now()).unwrap();
    assert_eq!(
        f.password_verifier(&eph, &first, "Passw0rd!", now, None).await,
        err("NotAuthorizedException", "Incorrect username or password.")
    );
    // An alias-shaped name gets a UUID, as the real users of an alias pool have.
    let (_, alias) = f.initiate("nobody@example.com", None).await;
    assert_eq!(alias.unwrap()["ChallengeParameters"]["USER_ID_FOR_SRP"].as_str().unwrap().len(), 36);

    let forgot = f
        .op("ForgotPassword", json!({ "ClientId": f.client_id, "Username": "nobody@example.com" }))
        .await
        .unwrap();
    assert_eq!(
        forgot["CodeDeliveryDetails"],
        json!({ "Destination": "n***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email" })
    );
    let resent = f
        .op("ResendConfirmationCode", json!({ "ClientId": f.client_id, "Username": "nobody" }))
        .await
        .unwrap();
    assert_eq!(resent["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    assert_eq!(f.confirm("nobody", "123456").await.unwrap_err().0, "CodeMismatchException");
    let body = json!({ "ClientId": f.client_id, "Username": "nobody", "ConfirmationCode": "123456", "Password": "Passw0rd!" });
    assert_eq!(f.op("ConfirmForgotPassword", body).await.unwrap_err().0, "CodeMismatchException");
    // A real user with a wrong password gets the same answer.
    assert_eq!(
        f.password_sign_in("pat", "Wrong-Passw0rd!").await,
        err("NotAuthorizedException", "Incorrect username or password.")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prevent_user_existence_errors_legacy_says_user_not_found() {
    let f = setup(false).await;
    let not_found = err("UserNotFoundException", "User does not exist.");
    assert_eq!(f.password_sign_in("nobody", "Passw0rd!").await, not_found);
    assert_eq!(f.initiate("nobody", None).await.1, not_found);
    assert_eq!(
        f.op("ForgotPassword", json!({ "ClientId": f.client_id, "Username": "nobody" })).await,
        not_found
    );
    assert_eq!(
        f.op("ResendConfirmationCode", json!({ "ClientId": f.client_id, "Username": "nobody" })).await,
        not_found
    );
    assert_eq!(f.confirm("nobody", "123456").await, not_found);

    // Over the wire the client's setting is read as Cognito spells it.
    let client = json!({ "UserPoolId": f.pool_id, "ClientName": "hidden", "PreventUserExistenceErrors": "ENABLED",
                         "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"] });
    let client = f.op("CreateUserPoolClient", client).await.unwrap();
    let hidden = client["UserPoolClient"]["ClientId"].as_str().unwrap();
    let body = json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": hidden, "AuthParameters": { "USERNAME": "nobody", "PASSWORD": "x" } });
    assert_eq!(
        f.op("InitiateAuth", body).await,
        err("NotAuthorizedException", "Incorrect username or password.")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_as_username_and_alias_conflicts() {
    let f = setup_with(PoolConfig::default().with_email_as_username(true), false).await;
    assert_eq!(
        f.sign_up("plainname", "Passw0rd!", None).await,
        err("InvalidParameterException", "Username should be an email.")
    );
    let signed = f.sign_up("quinn@example.com", "Passw0rd!", None).await.unwrap();
    let sub = signed["UserSub"].as_str().unwrap();
    assert_eq!(
        f.sign_up("quinn@example.com", "Passw0rd!", None).await,
        err("UsernameExistsException", "An account with the given email already exists.")
    );
    f.confirm("quinn@example.com", &f.code(sub, &CodePurpose::SignUp)).await.unwrap();
    let done = f.password_sign_in("quinn@example.com", "Passw0rd!").await.unwrap();
    assert!(done["AuthenticationResult"].is_object());

    // On an alias pool, a second sign-up with a verified email takes the alias only when forced.
    let g = setup(false).await;
    g.user("rae", "Passw0rd!", UserConfig::default().with_email(Some("shared@example.com".into())));
    g.sign_up("sam", "Passw0rd!", Some("shared@example.com")).await.unwrap();
    let code = g.code("sam", &CodePurpose::SignUp);
    assert_eq!(
        g.confirm("sam", &code).await,
        err("AliasExistsException", "An account with the given email already exists.")
    );
    let forced = json!({ "ClientId": g.client_id, "Username": "sam", "ConfirmationCode": code, "ForceAliasCreation": true });
    assert_eq!(g.op("ConfirmSignUp", forced).await, Ok(json!({})));
    let token = g.access_token("shared@example.com", "Passw0rd!").await;
    let me = g.op("GetUser", json!({ "AccessToken": token })).await.unwrap();
    assert_eq!(me["Username"], "sam");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_and_preferred_username_aliases() {
    let config = PoolConfig::default().with_phone_alias(true).with_preferred_username_alias(true);
    let f = setup_with(config, false).await;
    f.user("tia", "Passw0rd!", UserConfig::default());
    // A phone number an administrator sets without `phone_number_verified` is unverified (a
    // seeded `UserConfig::phone` is verified), and an unverified one is not a sign-in name.
    let unverified = json!({ "UserPoolId": f.pool_id, "Username": "tia", "UserAttributes": [
        { "Name": "phone_number", "Value": "+15555550123" } ] });
    f.op("AdminUpdateUserAttributes", unverified).await.unwrap();
    assert_eq!(f.password_sign_in("+15555550123", "Passw0rd!").await.unwrap_err().0, "UserNotFoundException");
    let verify = json!({ "UserPoolId": f.pool_id, "Username": "tia", "UserAttributes": [
        { "Name": "phone_number_verified", "Value": "true" }, { "Name": "preferred_username", "Value": "tee" } ] });
    f.op("AdminUpdateUserAttributes", verify).await.unwrap();
    assert!(
        f.password_sign_in("+15555550123", "Passw0rd!").await.unwrap()["AuthenticationResult"].is_object()
    );
    assert!(f.password_sign_in("tee", "Passw0rd!").await.unwrap()["AuthenticationResult"].is_object());
    // A preferred username is unique.
    f.user("uma", "Passw0rd!", UserConfig::default());
    let token = f.access_token("uma", "Passw0rd!").await;
    let taken =
        json!({ "AccessToken": token, "UserAttributes": [{ "Name": "preferred_username", "Value": "tee" }] });
    assert_eq!(
        f.op("UpdateUserAttributes", taken).await,
        err("AliasExistsException", "An account with the given preferred_username already exists.")
    );
}

/// GET on the control endpoint: (status, content-type, access-control-allow-origin, body).
async fn control(api: &Api, path: &str, origin: Option<&str>) -> (u16, String, Option<String>, Value) {
    let mut request = api.http.get(format!("{}{path}", api.endpoint));
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    let response = request.send().await.unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    let (status, kind, cors) = (
        response.status().as_u16(),
        header("content-type").unwrap_or_default(),
        header("access-control-allow-origin"),
    );
    (status, kind, cors, serde_json::from_str(&response.text().await.unwrap()).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_control_endpoint_hands_out_codes() {
    let f = setup(false).await;
    f.sign_up("vic", "Passw0rd!", Some("vic+test@example.com")).await.unwrap();
    let code = f.code("vic", &CodePurpose::SignUp);
    let path = format!("/_emulator/messages/{POOL}/vic");
    let (status, kind, cors, body) = control(&f.api, &path, None).await;
    assert_eq!((status, kind.as_str(), cors), (200, "application/json", None));
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert_eq!(
        (&m["purpose"], &m["attribute"], &m["medium"], &m["destination"], &m["code"]),
        (&json!("SIGN_UP"), &Value::Null, &json!("EMAIL"), &json!("vic+test@example.com"), &json!(code))
    );
    assert_eq!(m["expiresAt"].as_u64().unwrap() - m["sentAt"].as_u64().unwrap(), 86_400);

    // By the (percent-encoded) email, which is not yet verified: the destination finds it.
    let by_email = format!("/_emulator/messages/{POOL}/vic%2Btest%40example.com");
    assert_eq!(control(&f.api, &by_email, None).await.3, body);

    // After confirming, an attribute code, oldest first.
    f.confirm("vic", &code).await.unwrap();
    let token = f.access_token("vic", "Passw0rd!").await;
    f.op("GetUserAttributeVerificationCode", json!({ "AccessToken": token, "AttributeName": "email" }))
        .await
        .unwrap();
    let (_, _, _, body) = control(&f.api, &by_email, None).await;
    let purposes: Vec<(&str, &Value)> = body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["purpose"].as_str().unwrap(), &m["attribute"]))
        .collect();
    assert_eq!(purposes, [("SIGN_UP", &Value::Null), ("VERIFY_ATTRIBUTE", &json!("email"))]);

    // Unknown pool or user: an empty list. Expired codes are left out.
    for path in ["/_emulator/messages/eu-west-1_Nope/vic", &format!("/_emulator/messages/{POOL}/nobody")] {
        assert_eq!(control(&f.api, path, None).await.3, json!({ "messages": [] }));
    }
    f.emulator.admin().advance_clock(Duration::from_secs(86_400));
    assert_eq!(control(&f.api, &path, None).await.3, json!({ "messages": [] }));

    // Not for web pages, and nothing else lives under the prefix.
    let (status, _, cors, body) = control(&f.api, &path, Some("https://evil.example")).await;
    assert_eq!((status, cors, body["__type"].as_str()), (403, None, Some("AccessDeniedException")));
    assert_eq!(control(&f.api, "/_emulator/nothing", None).await.0, 404);
    let post = f.api.http.post(format!("{}{path}", f.api.endpoint)).send().await.unwrap();
    assert_eq!(post.status().as_u16(), 405);
    let bad = control(&f.api, &format!("/_emulator/messages/{POOL}/%ff"), None).await;
    assert_eq!(bad.0, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_control_endpoint_serves_browsers_when_allowed() {
    let emulator = Emulator::builder().allow_browser_admin(true).start().await.unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let (status, _, cors, body) =
        control(&api, "/_emulator/messages/eu-west-1_X/u", Some("http://localhost:3000")).await;
    assert_eq!((status, cors, body), (200, None, json!({ "messages": [] })));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirm_sign_up_hands_a_session_that_signs_in_with_user_auth() {
    let f = setup(false).await;
    let flows = vec!["ALLOW_USER_AUTH".to_owned(), "ALLOW_USER_PASSWORD_AUTH".to_owned()];
    let (client, _) = f
        .emulator
        .admin()
        .create_client(&f.pool_id, ClientConfig::default().with_explicit_auth_flows(flows))
        .unwrap();
    let body = json!({ "ClientId": client, "Username": "wes", "Password": "Passw0rd!",
                       "UserAttributes": [{ "Name": "email", "Value": "wes@example.com" }] });
    let signed = f.op("SignUp", body).await.unwrap();
    let session = signed["Session"].as_str().expect("a Session for a USER_AUTH client");
    // A client without USER_AUTH gets none.
    assert!(f.sign_up("xan", "Passw0rd!", None).await.unwrap().get("Session").is_none());
    // A USER_AUTH client may sign up without a password; others may not.
    let no_password = json!({ "ClientId": client, "Username": "otp-only" });
    assert_eq!(f.op("SignUp", no_password).await.unwrap()["UserConfirmed"], false);
    assert_eq!(
        f.op("SignUp", json!({ "ClientId": f.client_id, "Username": "needs-one" })).await,
        err(
            "InvalidParameterException",
            "1 validation error detected: Value null at 'Password' failed to satisfy constraint: Member must not be null"
        )
    );

    let code = f.code("wes", &CodePurpose::SignUp);
    let confirm =
        json!({ "ClientId": client, "Username": "wes", "ConfirmationCode": code, "Session": session });
    let confirmed = f.op("ConfirmSignUp", confirm).await.unwrap();
    let session = confirmed["Session"].as_str().expect("a Session to sign in with");
    let sign_in = |username: &str| json!({ "AuthFlow": "USER_AUTH", "ClientId": client, "Session": session, "AuthParameters": { "USERNAME": username } });
    // Someone else's name does not sign in with it (and spends it).
    let other = f.op("InitiateAuth", sign_in("xan")).await;
    assert_eq!(other, err("NotAuthorizedException", "Invalid session for the user."));

    // Once more, properly.
    let body = json!({ "ClientId": client, "Username": "zed", "Password": "Passw0rd!",
                       "UserAttributes": [{ "Name": "email", "Value": "zed@example.com" }] });
    let signed = f.op("SignUp", body).await.unwrap();
    let code = f.code("zed", &CodePurpose::SignUp);
    let confirm = json!({ "ClientId": client, "Username": "zed", "ConfirmationCode": code, "Session": signed["Session"] });
    let session = f.op("ConfirmSignUp", confirm).await.unwrap()["Session"].as_str().unwrap().to_owned();
    let sign_in = json!({ "AuthFlow": "USER_AUTH", "ClientId": client, "Session": session, "AuthParameters": { "USERNAME": "zed" } });
    let done = f.op("InitiateAuth", sign_in.clone()).await.unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string(), "{done}");
    // Single use.
    assert_eq!(
        f.op("InitiateAuth", sign_in).await,
        err("NotAuthorizedException", "Invalid session for the user.")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usernames_are_case_insensitive_when_the_pool_says_so() {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    for (sensitive, found) in [(false, true), (true, false)] {
        let pool = json!({ "PoolName": "case", "UsernameConfiguration": { "CaseSensitive": sensitive } });
        let pool_id =
            call(&api, "CreateUserPool", pool).await.unwrap()["UserPool"]["Id"].as_str().unwrap().to_owned();
        let client = json!({ "UserPoolId": pool_id, "ClientName": "c", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"] });
        let client = call(&api, "CreateUserPoolClient", client).await.unwrap();
        let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned();
        let sign_up =
            |name: &str| json!({ "ClientId": client_id, "Username": name, "Password": "Passw0rd!" });
        call(&api, "SignUp", sign_up("Ann")).await.unwrap();
        let again = call(&api, "SignUp", sign_up("aNN")).await;
        assert_eq!(again.is_err(), found, "{again:?}");
        if found {
            assert_eq!(again, err("UsernameExistsException", "User already exists"));
        }
        let confirm =
            call(&api, "AdminConfirmSignUp", json!({ "UserPoolId": pool_id, "Username": "ann" })).await;
        assert_eq!(confirm.is_ok(), found, "{confirm:?}");
        let sign_in = json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
                              "AuthParameters": { "USERNAME": "ANN", "PASSWORD": "Passw0rd!" } });
        let done = call(&api, "InitiateAuth", sign_in).await;
        if found {
            assert!(done.unwrap()["AuthenticationResult"].is_object());
        } else {
            assert_eq!(done, err("UserNotFoundException", "User does not exist."));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_are_sent_at_most_five_times_an_hour() {
    let f = setup(false).await;
    f.user("ada", "Passw0rd!", UserConfig::default().with_email(Some("ada@example.com".into())));
    let forgot = json!({ "ClientId": f.client_id, "Username": "ada" });
    for _ in 0..5 {
        f.op("ForgotPassword", forgot.clone()).await.unwrap();
    }
    assert_eq!(
        f.op("ForgotPassword", forgot.clone()).await,
        err("LimitExceededException", "Attempt limit exceeded, please try after some time.")
    );
    f.emulator.admin().advance_clock(Duration::from_secs(3600));
    assert!(f.op("ForgotPassword", forgot).await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_numbers_as_usernames_get_their_codes_by_text() {
    let config = PoolConfig::default()
        .with_phone_as_username(true)
        .with_auto_verified_attributes(vec!["phone_number".into()]);
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    let pool_id = admin.create_user_pool((config).with_id(Some(POOL.into()))).unwrap();
    let flows = vec!["ALLOW_USER_PASSWORD_AUTH".to_owned()];
    let (client_id, _) =
        admin.create_client(&pool_id, ClientConfig::default().with_explicit_auth_flows(flows)).unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let sign_up = |name: &str| json!({ "ClientId": client_id, "Username": name, "Password": "Passw0rd!" });
    assert_eq!(
        call(&api, "SignUp", sign_up("ann")).await,
        err("InvalidParameterException", "Username should be a phone number.")
    );
    let signed = call(&api, "SignUp", sign_up("+15555550199")).await.unwrap();
    assert_eq!(
        signed["CodeDeliveryDetails"],
        json!({ "Destination": "+*******0199", "DeliveryMedium": "SMS", "AttributeName": "phone_number" })
    );
    let (_, _, _, body) = control(&api, &format!("/_emulator/messages/{POOL}/%2B15555550199"), None).await;
    let message = &body["messages"][0];
    assert_eq!((&message["medium"], &message["destination"]), (&json!("SMS"), &json!("+15555550199")));
    let code = message["code"].as_str().unwrap();
    let confirm = json!({ "ClientId": client_id, "Username": "+15555550199", "ConfirmationCode": code });
    assert_eq!(call(&api, "ConfirmSignUp", confirm).await, Ok(json!({})));
    let sign_in = json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
                          "AuthParameters": { "USERNAME": "+15555550199", "PASSWORD": "Passw0rd!" } });
    let done = call(&api, "InitiateAuth", sign_in).await.unwrap();
    let token = done["AuthenticationResult"]["AccessToken"].as_str().unwrap();
    let me = call(&api, "GetUser", json!({ "AccessToken": token })).await.unwrap();
    assert_eq!(me["Username"], signed["UserSub"]);
    let verified = me["UserAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["Name"] == "phone_number_verified" && a["Value"] == "true");
    assert!(verified, "{me}");
}
