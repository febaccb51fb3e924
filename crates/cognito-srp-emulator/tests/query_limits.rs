//! `Limit` of ListUsers, ListDevices and AdminListDevices is botocore's `QueryLimitType`, at
//! most 60: more is Cognito's validation error, not a silently smaller page.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use cognito_srp_emulator::{MfaConfiguration, UserConfig};
use serde_json::json;
use support::{call, fixture};

#[tokio::test]
async fn a_limit_over_60_is_refused() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("amy", "Correct-Horse-9", UserConfig::default());
    let done = f.sign_in("amy", "Correct-Horse-9", None).await.unwrap();
    let token = done["AuthenticationResult"]["AccessToken"].clone();
    let too_many = "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60";
    for (op, body) in [
        ("ListUsers", json!({ "UserPoolId": f.pool_id, "Limit": 61 })),
        ("ListDevices", json!({ "AccessToken": token, "Limit": 61 })),
        ("AdminListDevices", json!({ "UserPoolId": f.pool_id, "Username": "amy", "Limit": 61 })),
    ] {
        let err = call(&f.api, op, body).await.unwrap_err();
        assert_eq!(err, ("InvalidParameterException".to_owned(), too_many.to_owned()), "{op}");
    }
    for (op, body) in [
        ("ListUsers", json!({ "UserPoolId": f.pool_id, "Limit": 60 })),
        ("ListDevices", json!({ "AccessToken": token, "Limit": 60 })),
        ("AdminListDevices", json!({ "UserPoolId": f.pool_id, "Username": "amy", "Limit": 0 })),
    ] {
        call(&f.api, op, body).await.unwrap();
    }
}
