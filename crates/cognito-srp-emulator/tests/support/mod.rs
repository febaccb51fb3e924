//! A minimal Cognito client for the emulator's own tests: the core's SRP math plus reqwest.
//! (The full client is the cognito-srp-http crate; the emulator must not depend on it.)

#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cognito_srp_core::{
    ClientEphemeral, DeviceVerifier, DeviceVerifierChallenge, PasswordVerifierChallenge, Timestamp,
};
use cognito_srp_emulator::{
    ClientConfig, DeviceTracking, Emulator, MfaConfiguration, PoolConfig, RunningEmulator, UserConfig,
};
use serde_json::{Value, json};

pub struct Api {
    pub http: reqwest::Client,
    pub endpoint: String,
}

/// (HTTP status, body) of one call.
pub async fn call_raw(api: &Api, op: &str, body: &Value) -> (u16, Value) {
    let resp = api
        .http
        .post(&api.endpoint)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", format!("AWSCognitoIdentityProviderService.{op}"))
        .body(body.to_string())
        .send()
        .await
        .expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// Ok(body) or Err((__type, message)).
pub async fn call(api: &Api, op: &str, body: Value) -> Result<Value, (String, String)> {
    let (status, v) = call_raw(api, op, &body).await;
    if status == 200 {
        Ok(v)
    } else {
        Err((v["__type"].as_str().unwrap_or("").to_owned(), v["message"].as_str().unwrap_or("").to_owned()))
    }
}

pub struct Fixture {
    pub emulator: RunningEmulator,
    pub api: Api,
    pub pool_id: String,
    pub client_id: String,
    pub secret: Option<String>,
}

pub fn rng() -> cognito_srp_core::rand_core::UnwrapErr<getrandom::SysRng> {
    cognito_srp_core::rand_core::UnwrapErr(getrandom::SysRng)
}

pub async fn fixture(mfa: MfaConfiguration, tracking: Option<DeviceTracking>, with_secret: bool) -> Fixture {
    let emulator = Emulator::builder().start().await.unwrap();
    let admin = emulator.admin();
    let pool_id = admin
        .create_user_pool(
            PoolConfig::default()
                .with_id(Some("eu-west-1_TestPool1".into()))
                .with_name("test")
                .with_mfa(mfa)
                .with_device_tracking(tracking)
                .with_email_alias(true)
                .with_custom_challenge_answer(Some("forty-two".into())),
        )
        .unwrap();
    let (client_id, secret) = admin
        .create_client(&pool_id, ClientConfig::default().with_name("app").with_generate_secret(with_secret))
        .unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    Fixture { emulator, api, pool_id, client_id, secret }
}

impl Fixture {
    pub fn user(&self, name: &str, password: &str, extra: UserConfig) -> String {
        self.emulator
            .admin()
            .create_user(
                &self.pool_id,
                (extra).with_username(name).with_password(password).with_permanent(true),
            )
            .unwrap()
    }

    pub fn hash(&self, username: &str) -> Option<String> {
        self.secret
            .as_ref()
            .map(|s| cognito_srp_core::secret_hash(s, username, &self.client_id).as_str().to_owned())
    }

    /// InitiateAuth(USER_SRP_AUTH); returns (ephemeral, response).
    pub async fn initiate(
        &self,
        typed: &str,
        device_key: Option<&str>,
    ) -> (ClientEphemeral, Result<Value, (String, String)>) {
        let eph = ClientEphemeral::generate(&mut rng());
        let mut params = json!({ "USERNAME": typed, "SRP_A": eph.public_hex().as_str() });
        if let Some(h) = self.hash(typed) {
            params["SECRET_HASH"] = json!(h);
        }
        if let Some(k) = device_key {
            params["DEVICE_KEY"] = json!(k);
        }
        let r = call(
            &self.api,
            "InitiateAuth",
            json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": self.client_id, "AuthParameters": params }),
        )
        .await;
        (eph, r)
    }

    /// Answers PASSWORD_VERIFIER with `password` at `ts`.
    pub async fn password_verifier(
        &self,
        eph: &ClientEphemeral,
        challenge: &Value,
        password: &str,
        ts: Timestamp,
        device_key: Option<&str>,
    ) -> Result<Value, (String, String)> {
        let p = &challenge["ChallengeParameters"];
        let user = p["USER_ID_FOR_SRP"].as_str().unwrap();
        let c = PasswordVerifierChallenge {
            user_id_for_srp: user,
            salt_hex: p["SALT"].as_str().unwrap(),
            srp_b_hex: p["SRP_B"].as_str().unwrap(),
            secret_block: p["SECRET_BLOCK"].as_str().unwrap(),
        };
        let claim = eph.user_claim(&self.pool_id, &c, password, &ts).unwrap();
        let username = p["USERNAME"].as_str().unwrap();
        let mut resp = json!({
            "USERNAME": username,
            "PASSWORD_CLAIM_SECRET_BLOCK": c.secret_block,
            "PASSWORD_CLAIM_SIGNATURE": claim.signature(),
            "TIMESTAMP": claim.timestamp(),
        });
        if let Some(h) = self.hash(username) {
            resp["SECRET_HASH"] = json!(h);
        }
        if let Some(k) = device_key {
            resp["DEVICE_KEY"] = json!(k);
        }
        self.respond(challenge, "PASSWORD_VERIFIER", resp).await
    }

    pub async fn respond(
        &self,
        previous: &Value,
        name: &str,
        responses: Value,
    ) -> Result<Value, (String, String)> {
        call(
            &self.api,
            "RespondToAuthChallenge",
            json!({ "ClientId": self.client_id, "ChallengeName": name, "Session": previous["Session"], "ChallengeResponses": responses }),
        )
        .await
    }

    /// A full SRP sign-in (no MFA expected); returns the final response.
    pub async fn sign_in(
        &self,
        typed: &str,
        password: &str,
        device_key: Option<&str>,
    ) -> Result<Value, (String, String)> {
        let (eph, r) = self.initiate(typed, device_key).await;
        let challenge = r?;
        let now = Timestamp::from_unix_seconds(self.emulator.admin().now()).unwrap();
        self.password_verifier(&eph, &challenge, password, now, device_key).await
    }

    /// Answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER.
    pub async fn device_path(
        &self,
        challenge: &Value,
        group: &str,
        key: &str,
        device_password: &str,
    ) -> Result<Value, (String, String)> {
        assert_eq!(challenge["ChallengeName"], "DEVICE_SRP_AUTH", "{challenge}");
        let username = challenge["ChallengeParameters"]["USERNAME"].as_str().unwrap().to_owned();
        let eph = ClientEphemeral::generate(&mut rng());
        let mut resp = json!({ "USERNAME": username, "DEVICE_KEY": key, "SRP_A": eph.public_hex().as_str() });
        if let Some(h) = self.hash(&username) {
            resp["SECRET_HASH"] = json!(h);
        }
        let pv = self.respond(challenge, "DEVICE_SRP_AUTH", resp).await?;
        assert_eq!(pv["ChallengeName"], "DEVICE_PASSWORD_VERIFIER", "{pv}");
        let p = &pv["ChallengeParameters"];
        let c = DeviceVerifierChallenge {
            salt_hex: p["SALT"].as_str().unwrap(),
            srp_b_hex: p["SRP_B"].as_str().unwrap(),
            secret_block: p["SECRET_BLOCK"].as_str().unwrap(),
        };
        let now = Timestamp::from_unix_seconds(self.emulator.admin().now()).unwrap();
        let claim = eph.device_claim(group, key, device_password, &c, &now).unwrap();
        let mut resp = json!({
            "USERNAME": username,
            "DEVICE_KEY": key,
            "PASSWORD_CLAIM_SECRET_BLOCK": c.secret_block,
            "PASSWORD_CLAIM_SIGNATURE": claim.signature(),
            "TIMESTAMP": claim.timestamp(),
        });
        if let Some(h) = self.hash(&username) {
            resp["SECRET_HASH"] = json!(h);
        }
        self.respond(&pv, "DEVICE_PASSWORD_VERIFIER", resp).await
    }

    /// ConfirmDevice for NewDeviceMetadata; returns (group, key, device password).
    pub async fn confirm_device(&self, result: &Value) -> (String, String, String, bool) {
        let auth = &result["AuthenticationResult"];
        let meta = &auth["NewDeviceMetadata"];
        let key = meta["DeviceKey"].as_str().expect("NewDeviceMetadata").to_owned();
        let group = meta["DeviceGroupKey"].as_str().unwrap().to_owned();
        let v = DeviceVerifier::generate(&mut rng(), &group, &key).unwrap();
        let r = call(
            &self.api,
            "ConfirmDevice",
            json!({
                "AccessToken": auth["AccessToken"],
                "DeviceKey": key,
                "DeviceName": "test-device",
                "DeviceSecretVerifierConfig": { "PasswordVerifier": v.password_verifier(), "Salt": v.salt() },
            }),
        )
        .await
        .unwrap();
        (group, key, v.device_password().to_owned(), r["UserConfirmationNecessary"].as_bool().unwrap())
    }
}
