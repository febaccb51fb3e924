//! Garbage in, a Cognito error out: random bodies, field types and values for every operation
//! never crash the emulator, never answer 5xx, and never stop it serving real sign-ins.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap
)]

mod support;

use cognito_srp_emulator::{DeviceTracking, MfaConfiguration, UserConfig};
use serde_json::{Map, Value, json};
use support::fixture;

const OPERATIONS: &[&str] = &[
    "CreateUserPool",
    "CreateUserPoolClient",
    "AdminCreateUser",
    "AdminSetUserPassword",
    "AdminSetUserMFAPreference",
    "AdminGetUser",
    "AdminListDevices",
    "AdminForgetDevice",
    "AdminUserGlobalSignOut",
    "AdminDeleteUser",
    "AdminDisableUser",
    "AdminEnableUser",
    "ListUsers",
    "DescribeUserPool",
    "DescribeUserPoolClient",
    "SetUserPoolMfaConfig",
    "GetUserPoolMfaConfig",
    "InitiateAuth",
    "RespondToAuthChallenge",
    "ConfirmDevice",
    "UpdateDeviceStatus",
    "GetDevice",
    "ListDevices",
    "ForgetDevice",
    "GlobalSignOut",
    "RevokeToken",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "SetUserMFAPreference",
    "GetUser",
    "ChangePassword",
    "NoSuchOperation",
    "",
];

const KEYS: &[&str] = &[
    "AuthFlow",
    "ClientId",
    "AuthParameters",
    "ChallengeName",
    "ChallengeResponses",
    "Session",
    "USERNAME",
    "SRP_A",
    "SECRET_HASH",
    "DEVICE_KEY",
    "PASSWORD",
    "REFRESH_TOKEN",
    "TIMESTAMP",
    "PASSWORD_CLAIM_SIGNATURE",
    "PASSWORD_CLAIM_SECRET_BLOCK",
    "SOFTWARE_TOKEN_MFA_CODE",
    "SMS_MFA_CODE",
    "NEW_PASSWORD",
    "ANSWER",
    "AccessToken",
    "DeviceKey",
    "DeviceName",
    "DeviceSecretVerifierConfig",
    "PasswordVerifier",
    "Salt",
    "DeviceRememberedStatus",
    "Limit",
    "PaginationToken",
    "UserPoolId",
    "Username",
    "Password",
    "Permanent",
    "PoolName",
    "MfaConfiguration",
    "DeviceConfiguration",
    "ClientName",
    "GenerateSecret",
    "ExplicitAuthFlows",
    "TemporaryPassword",
    "UserAttributes",
    "Name",
    "Value",
    "Token",
    "UserCode",
    "SMSMfaSettings",
    "SoftwareTokenMfaSettings",
    "Enabled",
    "PreferredMfa",
    "PreviousPassword",
    "ProposedPassword",
    "AliasAttributes",
    "UsernameAttributes",
];

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn string(rng: &mut Rng, known: &[String]) -> String {
    match rng.below(12) {
        0 => String::new(),
        1 => "0".into(),
        2 => "-1f".into(),
        3 => "FFFFFFFF".repeat(rng.below(200)),
        4 => "A".repeat(rng.below(5000)),
        5 => "é\u{0}\u{202e}🦀".into(),
        6 => "Wed Jan 7 09:05:03 UTC 2026".into(),
        7 => "x.y.z".into(),
        8 => "USER_SRP_AUTH".into(),
        9 => "REFRESH_TOKEN_AUTH".into(),
        _ => known[rng.below(known.len())].clone(),
    }
}

fn value(rng: &mut Rng, depth: u32, known: &[String]) -> Value {
    match rng.below(if depth > 2 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(rng.next() as i64),
        3 => json!(-1.5e300),
        4 => Value::String(string(rng, known)),
        5 => Value::Array((0..rng.below(4)).map(|_| value(rng, depth + 1, known)).collect()),
        _ => object(rng, depth + 1, known),
    }
}

fn object(rng: &mut Rng, depth: u32, known: &[String]) -> Value {
    let mut map = Map::new();
    for _ in 0..rng.below(8) {
        let key = rng.pick(KEYS).to_owned();
        let v = if rng.below(2) == 0 { Value::String(string(rng, known)) } else { value(rng, depth, known) };
        map.insert(key, v);
    }
    Value::Object(map)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_bodies_get_cognito_errors_never_a_crash() {
    let f = fixture(MfaConfiguration::Optional, Some(DeviceTracking::default()), true).await;
    f.user("gina", "Correct-Horse-9", UserConfig::default().with_phone(Some("+15555550100".into())));
    let done = f.sign_in("gina", "Correct-Horse-9", None).await.unwrap();
    let auth = &done["AuthenticationResult"];
    let known: Vec<String> = [
        f.client_id.clone(),
        f.pool_id.clone(),
        "gina".into(),
        auth["AccessToken"].as_str().unwrap().into(),
        auth["RefreshToken"].as_str().unwrap().into(),
        auth["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap().into(),
        f.hash("gina").unwrap(),
        "2".into(),
        "PASSWORD_VERIFIER".into(),
    ]
    .into();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut statuses = std::collections::BTreeMap::new();
    for i in 0..1500 {
        let op = rng.pick(OPERATIONS);
        let body = match i % 10 {
            // Raw bytes, truncated JSON, non-objects.
            0 => (0..rng.below(64)).map(|_| rng.next() as u8 as char).collect::<String>(),
            1 => object(&mut rng, 0, &known).to_string().chars().take(rng.below(40)).collect(),
            2 => value(&mut rng, 1, &known).to_string(),
            _ => object(&mut rng, 0, &known).to_string(),
        };
        let resp = f
            .api
            .http
            .post(&f.api.endpoint)
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", format!("AWSCognitoIdentityProviderService.{op}"))
            .body(body.clone())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{op} {body:.200}: no answer: {e}"));
        let status = resp.status().as_u16();
        assert_eq!(resp.headers()["content-type"], "application/x-amz-json-1.1");
        let text = resp.text().await.unwrap();
        assert!(status == 200 || status == 400, "{op} {body:.300} -> {status} {text}");
        let answer: Value = serde_json::from_str(&text).unwrap();
        if status == 400 {
            let kind = answer["__type"].as_str().unwrap_or_default();
            assert!(kind.ends_with("Exception"), "{op} {body:.300} -> {text}");
        }
        *statuses.entry(status).or_insert(0) += 1;
    }
    assert!(statuses[&400] > 1000, "{statuses:?}");
    // Still serving real sign-ins.
    f.sign_in("gina", "Correct-Horse-9", None).await.unwrap();
    f.emulator.shutdown().await;
}
