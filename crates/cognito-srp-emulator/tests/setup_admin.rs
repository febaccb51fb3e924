//! Set-up and administration operations: pools and app clients (every setting described,
//! update resets, deletion protection, cascades on delete), groups, the admin device
//! operations, pagination (opaque tokens, forged ones refused) and quotas.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use cognito_srp_emulator::{DeviceTracking, Emulator, MfaConfiguration, UserConfig};
use cognito_srp_proto::Operation;
use serde_json::{Value, json};
use support::{Api, call, fixture};

async fn api() -> (cognito_srp_emulator::RunningEmulator, Api) {
    let emulator = Emulator::builder().start().await.unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    (emulator, api)
}

fn full_pool() -> Value {
    json!({
        "PoolName": "everything",
        "Policies": {
            "PasswordPolicy": { "MinimumLength": 12, "RequireUppercase": true, "RequireLowercase": false,
                "RequireNumbers": true, "RequireSymbols": false, "PasswordHistorySize": 3, "TemporaryPasswordValidityDays": 2 },
            "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"] },
        },
        "DeletionProtection": "ACTIVE",
        "LambdaConfig": { "PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:pre",
            "PreTokenGenerationConfig": { "LambdaVersion": "V2_0", "LambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:tok" } },
        "AutoVerifiedAttributes": ["email"],
        "AliasAttributes": ["email", "preferred_username"],
        "SmsVerificationMessage": "Code {####}",
        "EmailVerificationMessage": "Your code {####}",
        "EmailVerificationSubject": "Verify",
        "VerificationMessageTemplate": { "DefaultEmailOption": "CONFIRM_WITH_LINK", "EmailSubjectByLink": "Click" },
        "SmsAuthenticationMessage": "Sign in {####}",
        "MfaConfiguration": "OPTIONAL",
        "UserAttributeUpdateSettings": { "AttributesRequireVerificationBeforeUpdate": ["email"] },
        "DeviceConfiguration": { "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": true },
        "EmailConfiguration": { "EmailSendingAccount": "DEVELOPER", "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/a@example.com", "From": "a@example.com" },
        "SmsConfiguration": { "SnsCallerArn": "arn:aws:iam::123456789012:role/sms", "ExternalId": "x", "SnsRegion": "us-east-1" },
        "UserPoolTags": { "team": "identity" },
        "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": true, "UnusedAccountValidityDays": 3,
            "InviteMessageTemplate": { "EmailSubject": "Welcome" } },
        "UserPoolAddOns": { "AdvancedSecurityMode": "AUDIT" },
        "UsernameConfiguration": { "CaseSensitive": false },
        "AccountRecoverySetting": { "RecoveryMechanisms": [{ "Priority": 1, "Name": "verified_email" }, { "Priority": 2, "Name": "verified_phone_number" }] },
        "UserPoolTier": "PLUS",
        "Schema": [{ "Name": "tenant", "AttributeDataType": "String", "Mutable": true }],
    })
}

/// Every member of `expected` (recursively) is in `actual` with the same value.
fn contains(actual: &Value, expected: &Value, path: &str) {
    match expected {
        Value::Object(map) => {
            for (k, v) in map {
                contains(&actual[k], v, &format!("{path}.{k}"));
            }
        }
        _ => assert_eq!(actual, expected, "at {path}"),
    }
}

#[tokio::test]
async fn describe_user_pool_returns_every_setting_and_update_resets_the_rest() {
    let (_emulator, api) = api().await;
    let mut given = full_pool();
    let created = call(&api, "CreateUserPool", given.clone()).await.unwrap()["UserPool"].clone();
    let id = created["Id"].as_str().unwrap().to_owned();
    let described =
        call(&api, "DescribeUserPool", json!({ "UserPoolId": id })).await.unwrap()["UserPool"].clone();
    assert_eq!(created, described);
    let schema = given.as_object_mut().unwrap().remove("Schema").unwrap();
    given.as_object_mut().unwrap().remove("PoolName");
    contains(&described, &given, "UserPool");
    assert_eq!(described["Name"], "everything");
    assert_eq!(described["Arn"], format!("arn:aws:cognito-idp:us-east-1:000000000000:userpool/{id}"));
    assert_eq!(described["EstimatedNumberOfUsers"], 0);
    assert!(described["CreationDate"].as_f64().unwrap() > 1.0e9);
    let attrs = described["SchemaAttributes"].as_array().unwrap();
    let names: Vec<&str> = attrs.iter().map(|a| a["Name"].as_str().unwrap()).collect();
    for standard in ["sub", "email", "email_verified", "phone_number", "updated_at", "custom:tenant"] {
        assert!(names.contains(&standard), "{standard} in {names:?}");
    }
    assert_eq!(schema[0]["Name"], "tenant");
    let sub = attrs.iter().find(|a| a["Name"] == "sub").unwrap();
    assert_eq!((sub["Required"].as_bool(), sub["Mutable"].as_bool()), (Some(true), Some(false)));

    // Update with the password policy only: the rest goes back to Cognito's defaults.
    call(
        &api,
        "UpdateUserPool",
        json!({ "UserPoolId": id, "Policies": { "PasswordPolicy": { "MinimumLength": 10 } } }),
    )
    .await
    .unwrap();
    let after =
        call(&api, "DescribeUserPool", json!({ "UserPoolId": id })).await.unwrap()["UserPool"].clone();
    assert_eq!(after["Policies"]["PasswordPolicy"]["MinimumLength"], 10);
    assert_eq!(after["Policies"]["PasswordPolicy"]["RequireUppercase"], false);
    assert_eq!(after["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"], json!(["PASSWORD"]));
    assert_eq!(after["DeletionProtection"], "INACTIVE");
    assert_eq!(after["MfaConfiguration"], "OFF");
    assert_eq!(after["LambdaConfig"], json!({}));
    assert_eq!(after["EmailConfiguration"], json!({ "EmailSendingAccount": "COGNITO_DEFAULT" }));
    assert_eq!(after["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"], false);
    assert!(after.get("DeviceConfiguration").is_none() && after.get("AutoVerifiedAttributes").is_none());
    // What cannot change stays: aliases, user name configuration, schema; tier and tags too.
    assert_eq!(after["AliasAttributes"], json!(["email", "preferred_username"]));
    assert_eq!(after["UsernameConfiguration"], json!({ "CaseSensitive": false }));
    assert_eq!(after["UserPoolTier"], "PLUS");
    assert_eq!(after["UserPoolTags"], json!({ "team": "identity" }));
    assert_eq!(after["SchemaAttributes"], described["SchemaAttributes"]);
    assert!(after["LastModifiedDate"].as_f64() >= described["LastModifiedDate"].as_f64());

    // A pool made with nothing but a name is described with Cognito's defaults.
    let bare = call(&api, "CreateUserPool", json!({ "PoolName": "bare" })).await.unwrap()["UserPool"].clone();
    let policy = &bare["Policies"]["PasswordPolicy"];
    assert_eq!(
        policy,
        &json!({ "MinimumLength": 8, "RequireUppercase": true, "RequireLowercase": true, "RequireNumbers": true,
            "RequireSymbols": true, "TemporaryPasswordValidityDays": 7 })
    );
    assert_eq!(bare["DeletionProtection"], "INACTIVE");
    assert_eq!(bare["UserPoolTier"], "ESSENTIALS");
    assert_eq!(bare["VerificationMessageTemplate"]["DefaultEmailOption"], "CONFIRM_WITH_CODE");
    assert_eq!(bare["UserPoolTags"], json!({}));
}

#[tokio::test]
async fn pool_settings_are_validated_as_cognito_does() {
    let (_emulator, api) = api().await;
    let cases = [
        json!({ "PoolName": "p", "DeletionProtection": "MAYBE" }),
        json!({ "PoolName": "p", "Policies": { "PasswordPolicy": { "MinimumLength": 5 } } }),
        json!({ "PoolName": "p", "Policies": { "PasswordPolicy": { "MinimumLength": 100 } } }),
        json!({ "PoolName": "p", "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["EMAIL_OTP"] } } }),
        json!({ "PoolName": "p", "AliasAttributes": ["email"], "UsernameAttributes": ["email"] }),
        json!({ "PoolName": "p", "AliasAttributes": ["nickname"] }),
        json!({ "PoolName": "p", "MfaConfiguration": "SOMETIMES" }),
        json!({ "PoolName": "p", "SmsVerificationMessage": "no placeholder" }),
        json!({ "PoolName": "p", "UserPoolTier": "GOLD" }),
        json!({ "PoolName": "p", "LambdaConfig": { "PreSignUp": "not-an-arn-at-all-really" } }),
        json!({ "PoolName": "p", "AccountRecoverySetting": { "RecoveryMechanisms": [{ "Priority": 3, "Name": "admin_only" }] } }),
        json!({ "PoolName": "p", "AdminCreateUserConfig": { "UnusedAccountValidityDays": 366 } }),
        json!({ "PoolName": "p", "UsernameConfiguration": {} }),
        json!({ "PoolName": "bad name!" }),
        json!({ "PoolName": "p", "Schema": [{ "Name": "x", "AttributeDataType": "Blob" }] }),
    ];
    for body in cases {
        let err = call(&api, "CreateUserPool", body.clone()).await.unwrap_err();
        assert_eq!(err.0, "InvalidParameterException", "{body}: {err:?}");
    }
    let wrong_type = call(
        &api,
        "CreateUserPool",
        json!({ "PoolName": "p", "Policies": { "PasswordPolicy": { "MinimumLength": "8" } } }),
    )
    .await
    .unwrap_err();
    assert_eq!(wrong_type.0, "SerializationException");
    // Nothing was created by the refused requests.
    let listed = call(&api, "ListUserPools", json!({ "MaxResults": 60 })).await.unwrap();
    assert_eq!(listed["UserPools"], json!([]));
}

#[tokio::test]
async fn deletion_protection_then_delete_cascades() {
    let f = fixture(MfaConfiguration::Off, Some(DeviceTracking::default()), false).await;
    let api = &f.api;
    let pool = f.pool_id.clone();
    f.user("ann", "Passw0rd!", UserConfig::default());
    let signed_in = f.sign_in("ann", "Passw0rd!", None).await.unwrap();
    let refresh = signed_in["AuthenticationResult"]["RefreshToken"].clone();
    // Turn deletion protection on (UpdateUserPool), then off by leaving it out.
    call(api, "UpdateUserPool", json!({ "UserPoolId": pool, "DeletionProtection": "ACTIVE" })).await.unwrap();
    let refused = call(api, "DeleteUserPool", json!({ "UserPoolId": pool })).await.unwrap_err();
    assert_eq!(refused.0, "InvalidParameterException");
    assert!(refused.1.contains("deletion protection"), "{refused:?}");
    call(api, "CreateGroup", json!({ "UserPoolId": pool, "GroupName": "g" })).await.unwrap();
    call(api, "UpdateUserPool", json!({ "UserPoolId": pool })).await.unwrap();
    call(api, "DeleteUserPool", json!({ "UserPoolId": pool })).await.unwrap();

    let gone = call(api, "DescribeUserPool", json!({ "UserPoolId": pool })).await.unwrap_err();
    assert_eq!(gone.0, "ResourceNotFoundException");
    let client =
        call(api, "DescribeUserPoolClient", json!({ "UserPoolId": pool, "ClientId": f.client_id })).await;
    assert_eq!(client.unwrap_err().0, "ResourceNotFoundException");
    let refreshed = call(api, "InitiateAuth", json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": f.client_id, "AuthParameters": { "REFRESH_TOKEN": refresh } })).await;
    assert!(refreshed.is_err(), "{refreshed:?}");
    let again = call(api, "DeleteUserPool", json!({ "UserPoolId": pool })).await.unwrap_err();
    assert_eq!(again.0, "ResourceNotFoundException");
    assert!(f.emulator.admin().groups_of(&pool, "ann").is_empty());
}

#[tokio::test]
async fn clients_describe_every_setting_update_resets_and_delete_revokes() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    let api = &f.api;
    let pool = f.pool_id.clone();
    let given = json!({
        "UserPoolId": pool, "ClientName": "full", "GenerateSecret": true,
        "RefreshTokenValidity": 10, "AccessTokenValidity": 30, "IdTokenValidity": 2,
        "TokenValidityUnits": { "AccessToken": "minutes", "IdToken": "hours", "RefreshToken": "days" },
        "ReadAttributes": ["email", "name"], "WriteAttributes": ["name"],
        "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "SupportedIdentityProviders": ["COGNITO"],
        "CallbackURLs": ["https://app.example.com/cb"], "LogoutURLs": ["https://app.example.com/out"],
        "DefaultRedirectURI": "https://app.example.com/cb",
        "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid", "email"], "AllowedOAuthFlowsUserPoolClient": true,
        "PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": false,
        "EnablePropagateAdditionalUserContextData": true, "AuthSessionValidity": 7,
        "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 10 },
    });
    let created = call(api, "CreateUserPoolClient", given.clone()).await.unwrap()["UserPoolClient"].clone();
    let id = created["ClientId"].as_str().unwrap().to_owned();
    let mut expected = given.clone();
    expected.as_object_mut().unwrap().remove("GenerateSecret");
    expected["ClientName"] = json!("full");
    contains(&created, &expected, "UserPoolClient");
    assert!(created["ClientSecret"].as_str().is_some_and(|s| s.len() >= 24));
    let described =
        call(api, "DescribeUserPoolClient", json!({ "UserPoolId": pool, "ClientId": id })).await.unwrap();
    assert_eq!(described["UserPoolClient"], created);

    // Defaults for a bare client.
    let bare =
        call(api, "CreateUserPoolClient", json!({ "UserPoolId": pool, "ClientName": "bare" })).await.unwrap();
    let bare = &bare["UserPoolClient"];
    assert_eq!(
        (
            bare["RefreshTokenValidity"].as_i64(),
            bare["AccessTokenValidity"].as_i64(),
            bare["IdTokenValidity"].as_i64()
        ),
        (Some(30), Some(60), Some(60))
    );
    assert_eq!(
        bare["TokenValidityUnits"],
        json!({ "AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days" })
    );
    assert_eq!(
        (bare["EnableTokenRevocation"].as_bool(), bare["AuthSessionValidity"].as_i64()),
        (Some(true), Some(3))
    );
    assert_eq!(bare["PreventUserExistenceErrors"], "LEGACY");
    assert!(bare.get("ClientSecret").is_none());
    // A secret of the caller's choosing, within Cognito's limits.
    let own = "my-own-secret".replace('-', "_") + &"x".repeat(20);
    let chosen = call(
        api,
        "CreateUserPoolClient",
        json!({ "UserPoolId": pool, "ClientName": "own", "ClientSecret": own }),
    )
    .await
    .unwrap();
    assert_eq!(chosen["UserPoolClient"]["ClientSecret"], own.as_str());
    for bad in ["short_secret", "has spaces in it but is long enough"] {
        let err = call(
            api,
            "CreateUserPoolClient",
            json!({ "UserPoolId": pool, "ClientName": "own", "ClientSecret": bad }),
        )
        .await
        .unwrap_err();
        assert_eq!(err.0, "InvalidParameterException", "{bad}");
    }

    // Sign in through the full client, then update it with its flows only.
    f.user("ann", "Passw0rd!", UserConfig::default());
    let auth = json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": id,
        "AuthParameters": { "USERNAME": "ann", "PASSWORD": "Passw0rd!",
            "SECRET_HASH": cognito_srp_core::secret_hash(created["ClientSecret"].as_str().unwrap(), "ann", &id).as_str() } });
    let signed_in = call(api, "InitiateAuth", auth.clone()).await.unwrap();
    let refresh = signed_in["AuthenticationResult"]["RefreshToken"].clone();
    let updated = call(
        api,
        "UpdateUserPoolClient",
        json!({ "UserPoolId": pool, "ClientId": id, "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"] }),
    )
    .await
    .unwrap()["UserPoolClient"]
        .clone();
    assert_eq!(updated["ClientName"], "full");
    assert_eq!(updated["ClientSecret"], created["ClientSecret"]);
    assert_eq!(updated["AccessTokenValidity"], 60);
    assert_eq!(updated["EnableTokenRevocation"], true);
    assert!(updated.get("CallbackURLs").is_none() && updated.get("RefreshTokenRotation").is_none());
    // The new flows drive sign-in: USER_PASSWORD_AUTH is no longer allowed.
    assert_eq!(call(api, "InitiateAuth", auth.clone()).await.unwrap_err().0, "InvalidParameterException");

    // Delete: the refresh token stops working, the client is gone.
    call(api, "DeleteUserPoolClient", json!({ "UserPoolId": pool, "ClientId": id })).await.unwrap();
    let refreshed = call(api, "InitiateAuth", json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": id, "AuthParameters": { "REFRESH_TOKEN": refresh } })).await;
    assert!(refreshed.is_err());
    let again =
        call(api, "DeleteUserPoolClient", json!({ "UserPoolId": pool, "ClientId": id })).await.unwrap_err();
    assert_eq!(again.0, "ResourceNotFoundException");
}

#[tokio::test]
async fn client_settings_are_validated_as_cognito_does() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    let pool = f.pool_id.clone();
    let cases = [
        json!({ "AccessTokenValidity": 2, "TokenValidityUnits": { "AccessToken": "days" } }),
        json!({ "AccessTokenValidity": 1, "TokenValidityUnits": { "AccessToken": "minutes" } }),
        json!({ "RefreshTokenValidity": 11, "TokenValidityUnits": { "RefreshToken": "years" } }),
        json!({ "AuthSessionValidity": 20 }),
        json!({ "ExplicitAuthFlows": ["ALLOW_EVERYTHING"] }),
        json!({ "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "USER_PASSWORD_AUTH"] }),
        json!({ "ReadAttributes": ["custom:nope"] }),
        json!({ "WriteAttributes": ["sub"] }),
        json!({ "SupportedIdentityProviders": ["Google"] }),
        json!({ "AllowedOAuthFlows": ["password"] }),
        json!({ "PreventUserExistenceErrors": "SOMETIMES" }),
        json!({ "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 61 } }),
        json!({ "CallbackURLs": ["https://a.example"], "DefaultRedirectURI": "https://b.example" }),
    ];
    for extra in cases {
        let mut body = json!({ "UserPoolId": pool, "ClientName": "c" });
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let err = call(&f.api, "CreateUserPoolClient", body.clone()).await.unwrap_err();
        assert_eq!(err.0, "InvalidParameterException", "{body}: {err:?}");
        let mut update = body.clone();
        update.as_object_mut().unwrap().remove("ClientName");
        update["ClientId"] = json!(f.client_id);
        let err = call(&f.api, "UpdateUserPoolClient", update.clone()).await.unwrap_err();
        assert_eq!(err.0, "InvalidParameterException", "{update}: {err:?}");
    }
    let listed = call(&f.api, "ListUserPoolClients", json!({ "UserPoolId": pool })).await.unwrap();
    assert_eq!(listed["UserPoolClients"].as_array().unwrap().len(), 1);
}

/// Walks a list to its end; returns the ids in order.
async fn walk(api: &Api, op: &str, mut body: Value, list: &str, id: &str, token: &str) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..20 {
        let page = call(api, op, body.clone()).await.unwrap();
        out.extend(page[list].as_array().unwrap().iter().map(|v| v[id].as_str().unwrap().to_owned()));
        match page.get(token) {
            Some(t) => body[token] = t.clone(),
            None => return out,
        }
    }
    panic!("{op} did not end");
}

#[tokio::test]
async fn pagination_is_opaque_and_forged_tokens_are_refused() {
    let (_emulator, api) = api().await;
    let mut pools = Vec::new();
    for i in 0..5 {
        let p = call(&api, "CreateUserPool", json!({ "PoolName": format!("p{i}") })).await.unwrap();
        pools.push(p["UserPool"]["Id"].as_str().unwrap().to_owned());
    }
    pools.sort();
    let listed =
        walk(&api, "ListUserPools", json!({ "MaxResults": 2 }), "UserPools", "Id", "NextToken").await;
    assert_eq!(listed, pools);
    let first = call(&api, "ListUserPools", json!({ "MaxResults": 2 })).await.unwrap();
    let token = first["NextToken"].as_str().unwrap().to_owned();
    assert!(!pools.iter().any(|p| token.contains(p.as_str())), "the token is opaque: {token}");
    for (bad, why) in [
        (json!({ "MaxResults": 2, "NextToken": "forged" }), "forged"),
        (json!({ "MaxResults": 2, "NextToken": format!("{token}x") }), "tampered"),
        (json!({}), "MaxResults is required"),
        (json!({ "MaxResults": 0 }), "too small"),
        (json!({ "MaxResults": 61 }), "too large"),
    ] {
        let err = call(&api, "ListUserPools", bad).await.unwrap_err();
        assert_eq!(err.0, "InvalidParameterException", "{why}");
    }

    let pool = pools[0].clone();
    let mut clients = Vec::new();
    for i in 0..3 {
        let c =
            call(&api, "CreateUserPoolClient", json!({ "UserPoolId": pool, "ClientName": format!("c{i}") }))
                .await
                .unwrap();
        clients.push(c["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned());
    }
    clients.sort();
    let listed = walk(
        &api,
        "ListUserPoolClients",
        json!({ "UserPoolId": pool, "MaxResults": 1 }),
        "UserPoolClients",
        "ClientId",
        "NextToken",
    )
    .await;
    assert_eq!(listed, clients);
    // A pools token is no clients token; a token of one pool is no token of another.
    let err = call(&api, "ListUserPoolClients", json!({ "UserPoolId": pool, "NextToken": token }))
        .await
        .unwrap_err();
    assert_eq!(err.0, "InvalidParameterException");
    let page =
        call(&api, "ListUserPoolClients", json!({ "UserPoolId": pool, "MaxResults": 1 })).await.unwrap();
    let other =
        call(&api, "ListUserPoolClients", json!({ "UserPoolId": pools[1], "NextToken": page["NextToken"] }))
            .await
            .unwrap_err();
    assert_eq!(other.0, "InvalidParameterException");

    // Groups: Limit and NextToken; a token stays valid when its last group is deleted.
    for g in ["a", "b", "c", "d"] {
        call(&api, "CreateGroup", json!({ "UserPoolId": pool, "GroupName": g })).await.unwrap();
    }
    let listed = walk(
        &api,
        "ListGroups",
        json!({ "UserPoolId": pool, "Limit": 3 }),
        "Groups",
        "GroupName",
        "NextToken",
    )
    .await;
    assert_eq!(listed, ["a", "b", "c", "d"]);
    let page = call(&api, "ListGroups", json!({ "UserPoolId": pool, "Limit": 2 })).await.unwrap();
    call(&api, "DeleteGroup", json!({ "UserPoolId": pool, "GroupName": "b" })).await.unwrap();
    let rest = call(&api, "ListGroups", json!({ "UserPoolId": pool, "NextToken": page["NextToken"] }))
        .await
        .unwrap();
    let names: Vec<&str> =
        rest["Groups"].as_array().unwrap().iter().map(|g| g["GroupName"].as_str().unwrap()).collect();
    assert_eq!(names, ["c", "d"]);
    let err = call(&api, "ListGroups", json!({ "UserPoolId": pool, "Limit": 61 })).await.unwrap_err();
    assert_eq!(err.0, "InvalidParameterException");
    let err = call(&api, "ListGroups", json!({ "UserPoolId": pool, "NextToken": "AAAA" })).await.unwrap_err();
    assert_eq!(err.0, "InvalidParameterException");
}

#[tokio::test]
async fn groups_and_memberships() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    let api = &f.api;
    let pool = f.pool_id.clone();
    let admin = f.emulator.admin();
    f.user("ann", "Passw0rd!", UserConfig::default().with_email(Some("ann@example.com".into())));
    f.user("bob", "Passw0rd!", UserConfig::default());
    let role = "arn:aws:iam::123456789012:role/admins";
    let created = call(api, "CreateGroup", json!({ "UserPoolId": pool, "GroupName": "admins", "Description": "the admins", "RoleArn": role, "Precedence": 1 }))
        .await
        .unwrap();
    assert_eq!(created["Group"]["GroupName"], "admins");
    assert_eq!(created["Group"]["RoleArn"], role);
    assert_eq!(created["Group"]["UserPoolId"], pool.as_str());
    assert!(created["Group"]["CreationDate"].is_number());
    let dup =
        call(api, "CreateGroup", json!({ "UserPoolId": pool, "GroupName": "admins" })).await.unwrap_err();
    assert_eq!(dup.0, "GroupExistsException");
    call(api, "CreateGroup", json!({ "UserPoolId": pool, "GroupName": "staff", "Precedence": 5 }))
        .await
        .unwrap();
    call(api, "CreateGroup", json!({ "UserPoolId": pool, "GroupName": "all" })).await.unwrap();
    for bad in [
        json!({ "UserPoolId": pool, "GroupName": "x", "Precedence": -1 }),
        json!({ "UserPoolId": pool, "GroupName": "x", "RoleArn": "role" }),
        json!({ "UserPoolId": pool, "GroupName": "has space" }),
        json!({ "UserPoolId": pool, "GroupName": "g".repeat(129) }),
    ] {
        let err = call(api, "CreateGroup", bad.clone()).await.unwrap_err();
        assert_eq!(err.0, "InvalidParameterException", "{bad}");
    }
    let missing = call(api, "CreateGroup", json!({ "UserPoolId": "us-east-1_Nope", "GroupName": "x" })).await;
    assert_eq!(missing.unwrap_err().0, "ResourceNotFoundException");

    // Update: only what is given changes.
    let updated =
        call(api, "UpdateGroup", json!({ "UserPoolId": pool, "GroupName": "admins", "Precedence": 0 }))
            .await
            .unwrap();
    assert_eq!(
        (updated["Group"]["Precedence"].as_i64(), updated["Group"]["Description"].as_str()),
        (Some(0), Some("the admins"))
    );
    let got = call(api, "GetGroup", json!({ "UserPoolId": pool, "GroupName": "admins" })).await.unwrap();
    assert_eq!(got, updated);
    let nope = call(api, "GetGroup", json!({ "UserPoolId": pool, "GroupName": "nope" })).await.unwrap_err();
    assert_eq!(nope.0, "ResourceNotFoundException");

    // Memberships (by username or alias).
    for g in ["staff", "all", "admins"] {
        call(
            api,
            "AdminAddUserToGroup",
            json!({ "UserPoolId": pool, "Username": "ann@example.com", "GroupName": g }),
        )
        .await
        .unwrap();
    }
    call(api, "AdminAddUserToGroup", json!({ "UserPoolId": pool, "Username": "ann", "GroupName": "all" }))
        .await
        .unwrap();
    call(api, "AdminAddUserToGroup", json!({ "UserPoolId": pool, "Username": "bob", "GroupName": "all" }))
        .await
        .unwrap();
    let nobody = call(
        api,
        "AdminAddUserToGroup",
        json!({ "UserPoolId": pool, "Username": "zed", "GroupName": "all" }),
    )
    .await
    .unwrap_err();
    assert_eq!(nobody.0, "UserNotFoundException");
    let no_group = call(
        api,
        "AdminAddUserToGroup",
        json!({ "UserPoolId": pool, "Username": "bob", "GroupName": "zzz" }),
    )
    .await
    .unwrap_err();
    assert_eq!(no_group.0, "ResourceNotFoundException");
    assert_eq!(admin.groups_of(&pool, "ann"), ["admins", "staff", "all"]);
    let mine = walk(
        api,
        "AdminListGroupsForUser",
        json!({ "UserPoolId": pool, "Username": "ann", "Limit": 2 }),
        "Groups",
        "GroupName",
        "NextToken",
    )
    .await;
    assert_eq!(mine, ["admins", "all", "staff"]);
    let members = walk(
        api,
        "ListUsersInGroup",
        json!({ "UserPoolId": pool, "GroupName": "all", "Limit": 1 }),
        "Users",
        "Username",
        "NextToken",
    )
    .await;
    assert_eq!(members, ["ann", "bob"]);
    let page = call(api, "ListUsersInGroup", json!({ "UserPoolId": pool, "GroupName": "all", "Limit": 1 }))
        .await
        .unwrap();
    assert_eq!(page["Users"][0]["UserStatus"], "CONFIRMED");
    // A token for one group's members is not one for another group's.
    let other = call(
        api,
        "ListUsersInGroup",
        json!({ "UserPoolId": pool, "GroupName": "staff", "NextToken": page["NextToken"] }),
    )
    .await;
    assert_eq!(other.unwrap_err().0, "InvalidParameterException");

    call(
        api,
        "AdminRemoveUserFromGroup",
        json!({ "UserPoolId": pool, "Username": "ann", "GroupName": "staff" }),
    )
    .await
    .unwrap();
    assert_eq!(admin.groups_of(&pool, "ann"), ["admins", "all"]);
    // Deleting a group or a user ends the memberships.
    call(api, "DeleteGroup", json!({ "UserPoolId": pool, "GroupName": "admins" })).await.unwrap();
    assert_eq!(admin.groups_of(&pool, "ann"), ["all"]);
    let again =
        call(api, "DeleteGroup", json!({ "UserPoolId": pool, "GroupName": "admins" })).await.unwrap_err();
    assert_eq!(again.0, "ResourceNotFoundException");
    call(api, "AdminDeleteUser", json!({ "UserPoolId": pool, "Username": "ann" })).await.unwrap();
    f.user("ann", "Passw0rd!", UserConfig::default());
    assert!(admin.groups_of(&pool, "ann").is_empty(), "a new ann does not inherit the old one's groups");
    let members = walk(
        api,
        "ListUsersInGroup",
        json!({ "UserPoolId": pool, "GroupName": "all" }),
        "Users",
        "Username",
        "NextToken",
    )
    .await;
    assert_eq!(members, ["bob"]);
}

#[tokio::test]
async fn quotas_bound_groups_per_user_and_per_pool() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    let admin = f.emulator.admin();
    let pool = f.pool_id.clone();
    f.user("ann", "Passw0rd!", UserConfig::default());
    let run = |op: Operation, body: Value| admin.dispatch(&op, body.to_string().as_bytes());
    for i in 0..101 {
        run(Operation::CreateGroup, json!({ "UserPoolId": pool, "GroupName": format!("g{i:05}") })).unwrap();
    }
    for i in 0..100 {
        run(
            Operation::AdminAddUserToGroup,
            json!({ "UserPoolId": pool, "Username": "ann", "GroupName": format!("g{i:05}") }),
        )
        .unwrap();
    }
    let err = run(
        Operation::AdminAddUserToGroup,
        json!({ "UserPoolId": pool, "Username": "ann", "GroupName": "g00100" }),
    )
    .unwrap_err();
    assert_eq!(err.code.as_str(), "LimitExceededException");
    // Adding to a group she is in already is not a new membership.
    run(
        Operation::AdminAddUserToGroup,
        json!({ "UserPoolId": pool, "Username": "ann", "GroupName": "g00001" }),
    )
    .unwrap();
    for i in 101..10_000 {
        run(Operation::CreateGroup, json!({ "UserPoolId": pool, "GroupName": format!("g{i:05}") })).unwrap();
    }
    let err =
        run(Operation::CreateGroup, json!({ "UserPoolId": pool, "GroupName": "one-too-many" })).unwrap_err();
    assert_eq!(err.code.as_str(), "LimitExceededException");
}

#[tokio::test]
async fn quotas_bound_pools_and_clients() {
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    let run = |op: Operation, body: Value| admin.dispatch(&op, body.to_string().as_bytes());
    let first = run(Operation::CreateUserPool, json!({ "PoolName": "p" })).unwrap();
    let pool =
        serde_json::from_slice::<Value>(&first).unwrap()["UserPool"]["Id"].as_str().unwrap().to_owned();
    for i in 0..1000 {
        run(Operation::CreateUserPoolClient, json!({ "UserPoolId": pool, "ClientName": format!("c{i}") }))
            .unwrap();
    }
    let err = run(Operation::CreateUserPoolClient, json!({ "UserPoolId": pool, "ClientName": "more" }))
        .unwrap_err();
    assert_eq!(err.code.as_str(), "LimitExceededException");
    for _ in 1..1000 {
        run(Operation::CreateUserPool, json!({ "PoolName": "p" })).unwrap();
    }
    let err = run(Operation::CreateUserPool, json!({ "PoolName": "p" })).unwrap_err();
    assert_eq!(err.code.as_str(), "LimitExceededException");
    // Deleting one makes room again.
    run(Operation::DeleteUserPool, json!({ "UserPoolId": pool })).unwrap();
    run(Operation::CreateUserPool, json!({ "PoolName": "p" })).unwrap();
}

/// Per-pool quotas times pools would let a caller fill the memory: the whole emulator holds
/// at most 5000 app clients and 20000 groups.
#[tokio::test]
async fn quotas_bound_the_whole_emulator() {
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    let run = |op: Operation, body: Value| admin.dispatch(&op, body.to_string().as_bytes());
    let new_pool = || {
        let made = run(Operation::CreateUserPool, json!({ "PoolName": "p" })).unwrap();
        serde_json::from_slice::<Value>(&made).unwrap()["UserPool"]["Id"].as_str().unwrap().to_owned()
    };
    for _ in 0..5 {
        let pool = new_pool();
        for i in 0..1000 {
            run(
                Operation::CreateUserPoolClient,
                json!({ "UserPoolId": pool, "ClientName": format!("c{i}") }),
            )
            .unwrap();
        }
    }
    let pool = new_pool();
    let err =
        run(Operation::CreateUserPoolClient, json!({ "UserPoolId": pool, "ClientName": "c" })).unwrap_err();
    assert_eq!(err.code.as_str(), "LimitExceededException");
    for _ in 0..2 {
        let pool = new_pool();
        for i in 0..10_000 {
            run(Operation::CreateGroup, json!({ "UserPoolId": pool, "GroupName": format!("g{i}") })).unwrap();
        }
    }
    let err = run(Operation::CreateGroup, json!({ "UserPoolId": pool, "GroupName": "g" })).unwrap_err();
    assert_eq!(err.code.as_str(), "LimitExceededException");
}

#[tokio::test]
async fn admin_get_device_and_update_device_status() {
    let tracking = DeviceTracking::default()
        .with_challenge_required_on_new_device(false)
        .with_device_only_remembered_on_user_prompt(true);
    let f = fixture(MfaConfiguration::Off, Some(tracking), false).await;
    let api = &f.api;
    let pool = f.pool_id.clone();
    f.user("ann", "Passw0rd!", UserConfig::default().with_email(Some("ann@example.com".into())));
    f.user("bob", "Passw0rd!", UserConfig::default());
    let signed_in = f.sign_in("ann", "Passw0rd!", None).await.unwrap();
    let (_, key, _, _) = f.confirm_device(&signed_in).await;
    let status = |device: &Value| {
        device["Device"]["DeviceAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Name"] == "dev:device_remembered_status")
            .map(|a| a["Value"].as_str().unwrap().to_owned())
    };
    let got = call(
        api,
        "AdminGetDevice",
        json!({ "UserPoolId": pool, "Username": "ann@example.com", "DeviceKey": key }),
    )
    .await
    .unwrap();
    assert_eq!(got["Device"]["DeviceKey"], key.as_str());
    assert_eq!(status(&got).as_deref(), Some("not_remembered"));
    call(api, "AdminUpdateDeviceStatus", json!({ "UserPoolId": pool, "Username": "ann", "DeviceKey": key, "DeviceRememberedStatus": "remembered" })).await.unwrap();
    let got = call(api, "AdminGetDevice", json!({ "UserPoolId": pool, "Username": "ann", "DeviceKey": key }))
        .await
        .unwrap();
    assert_eq!(status(&got).as_deref(), Some("remembered"));
    // Someone else's device, an unknown one, an unknown user, a bad status.
    let other =
        call(api, "AdminGetDevice", json!({ "UserPoolId": pool, "Username": "bob", "DeviceKey": key }))
            .await
            .unwrap_err();
    assert_eq!(other.0, "ResourceNotFoundException");
    let other = call(api, "AdminUpdateDeviceStatus", json!({ "UserPoolId": pool, "Username": "bob", "DeviceKey": key, "DeviceRememberedStatus": "remembered" })).await.unwrap_err();
    assert_eq!(other.0, "ResourceNotFoundException");
    let unknown = call(
        api,
        "AdminGetDevice",
        json!({ "UserPoolId": pool, "Username": "ann", "DeviceKey": "us-east-1_nope" }),
    )
    .await
    .unwrap_err();
    assert_eq!(unknown.0, "ResourceNotFoundException");
    let nobody =
        call(api, "AdminGetDevice", json!({ "UserPoolId": pool, "Username": "zed", "DeviceKey": key }))
            .await
            .unwrap_err();
    assert_eq!(nobody.0, "UserNotFoundException");
    let bad = call(
        api,
        "AdminUpdateDeviceStatus",
        json!({ "UserPoolId": pool, "Username": "ann", "DeviceKey": key, "DeviceRememberedStatus": "maybe" }),
    )
    .await
    .unwrap_err();
    assert_eq!(bad.0, "InvalidParameterException");
    let missing =
        call(api, "AdminGetDevice", json!({ "UserPoolId": pool, "Username": "ann" })).await.unwrap_err();
    assert_eq!(missing.0, "InvalidParameterException");
}
