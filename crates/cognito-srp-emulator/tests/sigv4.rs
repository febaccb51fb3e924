//! SigV4 on the IAM-authorised operations when the emulator is given access keys: signed
//! requests are answered, unsigned, unknown-key, wrong-secret, tampered and stale ones are
//! refused with AWS's error types; user operations stay unsigned; without keys nothing is
//! checked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cognito_srp_emulator::{Emulator, RunningEmulator};
use cognito_srp_proto::sigv4::{AwsCredentials, sign_json_request};
use serde_json::{Value, json};

const KEY_ID: &str = "AKIDEMULATORTEST";
const SECRET: &str = "emulator/secret/key";

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

/// Sends `body` to `op`, signed with `credentials` at `at` when given; (status, __type, message).
async fn send(
    emulator: &RunningEmulator,
    op: &str,
    body: &str,
    sign: Option<(&AwsCredentials, u64)>,
    tamper: Option<&str>,
) -> (u16, String, Value) {
    let target = format!("AWSCognitoIdentityProviderService.{op}");
    let host = emulator.local_addr().to_string();
    let mut request = reqwest::Client::new()
        .post(emulator.endpoint())
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", &target);
    if let Some((credentials, at)) = sign {
        let signed = sign_json_request(credentials, "eu-west-1", at, &host, &target, body.as_bytes());
        request = request.header("x-amz-date", signed.amz_date).header("authorization", signed.authorization);
        if let Some(token) = signed.security_token {
            request = request.header("x-amz-security-token", token.expose_secret());
        }
    }
    let response = request.body(tamper.unwrap_or(body).to_owned()).send().await.unwrap();
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("x-amzn-errortype")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap_or(Value::Null);
    (status, kind, body)
}

#[tokio::test]
async fn admin_and_set_up_operations_need_a_valid_signature_when_keys_are_set() {
    let emulator = Emulator::builder().access_key(KEY_ID, SECRET).start().await.unwrap();
    let good = AwsCredentials::new(KEY_ID, SECRET);
    let create = r#"{"PoolName":"signed"}"#;

    // Signed: answered.
    let (status, _, body) = send(&emulator, "CreateUserPool", create, Some((&good, now())), None).await;
    assert_eq!(status, 200, "{body}");
    let pool_id = body["UserPool"]["Id"].as_str().unwrap().to_owned();
    let get_user = json!({"UserPoolId": pool_id, "Username": "nobody"}).to_string();
    let (status, kind, _) = send(&emulator, "AdminGetUser", &get_user, Some((&good, now())), None).await;
    assert_eq!((status, kind.as_str()), (400, "UserNotFoundException"));

    let refused = [
        (
            "unsigned",
            None,
            None,
            "MissingAuthenticationTokenException",
            "Request is missing Authentication Token",
        ),
        (
            "unknown key id",
            Some((AwsCredentials::new("AKIDSOMEONEELSE", SECRET), now())),
            None,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ),
        (
            "a session token the emulator did not issue",
            Some((AwsCredentials::new(KEY_ID, SECRET).with_session_token("forged"), now())),
            None,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ),
        (
            "wrong secret",
            Some((AwsCredentials::new(KEY_ID, "not the secret"), now())),
            None,
            "InvalidSignatureException",
            "The request signature we calculated does not match",
        ),
        (
            "body changed after signing",
            Some((AwsCredentials::new(KEY_ID, SECRET), now())),
            Some(r#"{"UserPoolId":"eu-west-1_other","Username":"nobody"}"#),
            "InvalidSignatureException",
            "The request signature we calculated does not match",
        ),
        (
            "signed 6 minutes ago",
            Some((AwsCredentials::new(KEY_ID, SECRET), now() - 360)),
            None,
            "InvalidSignatureException",
            "Signature expired",
        ),
        (
            "signed 6 minutes ahead",
            Some((AwsCredentials::new(KEY_ID, SECRET), now() + 360)),
            None,
            "InvalidSignatureException",
            "Signature not yet current",
        ),
    ];
    for (why, sign, tamper, kind_expected, message) in refused {
        for op in ["AdminGetUser", "ListUserPools", "DescribeUserPool", "AdminSomethingNew"] {
            let body =
                if op == "ListUserPools" { r#"{"MaxResults":10}"#.to_owned() } else { get_user.clone() };
            let sign = sign.as_ref().map(|(c, at)| (c, *at));
            let (status, kind, answer) = send(&emulator, op, &body, sign, tamper).await;
            assert_eq!((status, kind.as_str()), (400, kind_expected), "{why}, {op}: {answer}");
            assert_eq!(answer["__type"], kind_expected, "{why}, {op}");
            assert!(answer["message"].as_str().unwrap().starts_with(message), "{why}, {op}: {answer}");
        }
    }
    // Within the 5 minutes either way: answered.
    for at in [now() - 240, now() + 240] {
        let (status, kind, _) = send(&emulator, "AdminGetUser", &get_user, Some((&good, at)), None).await;
        assert_eq!((status, kind.as_str()), (400, "UserNotFoundException"));
    }
    // The window follows the emulator's clock.
    emulator.admin().advance_clock(Duration::from_secs(3600));
    let (_, kind, _) = send(&emulator, "AdminGetUser", &get_user, Some((&good, now())), None).await;
    assert_eq!(kind, "InvalidSignatureException");
    let (_, kind, _) = send(&emulator, "AdminGetUser", &get_user, Some((&good, now() + 3600)), None).await;
    assert_eq!(kind, "UserNotFoundException");

    // User operations stay unsigned.
    let (status, kind, _) = send(&emulator, "GetUser", r#"{"AccessToken":"x.y.z"}"#, None, None).await;
    assert_eq!((status, kind.as_str()), (400, "NotAuthorizedException"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn without_keys_unsigned_set_up_calls_are_answered_as_before() {
    let emulator = Emulator::builder().start().await.unwrap();
    let (status, _, body) = send(&emulator, "CreateUserPool", r#"{"PoolName":"open"}"#, None, None).await;
    assert_eq!(status, 200, "{body}");
    // Any signature is ignored too (moto's behaviour).
    let wrong = AwsCredentials::new("whoever", "whatever");
    let (status, _, body) =
        send(&emulator, "ListUserPools", r#"{"MaxResults":5}"#, Some((&wrong, 0)), None).await;
    assert_eq!(status, 200, "{body}");
    emulator.shutdown().await;
}
