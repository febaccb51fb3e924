//! SRP sign-in against the emulator: real signatures, Cognito's errors for every bad answer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use cognito_srp_core::Timestamp;
use cognito_srp_emulator::{MfaConfiguration, UserConfig};
use serde_json::{Value, json};
use support::{call, call_raw, fixture};

fn claims(jwt: &str) -> Value {
    use base64ct::Encoding;
    let body = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64ct::Base64UrlUnpadded::decode_vec(body).unwrap()).unwrap()
}

#[tokio::test]
async fn srp_sign_in_issues_cognito_shaped_tokens() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("alice", "Correct-Horse-9", UserConfig::default());
    let (eph, r) = f.initiate("alice", None).await;
    let challenge = r.unwrap();
    assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
    let p = &challenge["ChallengeParameters"];
    assert_eq!(p["USER_ID_FOR_SRP"], "alice");
    assert_eq!(p["USERNAME"], "alice");
    assert!(p["SRP_B"].as_str().unwrap().len() > 700, "3072-bit B");
    let now = Timestamp::from_unix_seconds(f.emulator.admin().now()).unwrap();
    let done = f.password_verifier(&eph, &challenge, "Correct-Horse-9", now, None).await.unwrap();
    let auth = &done["AuthenticationResult"];
    assert_eq!(auth["TokenType"], "Bearer");
    assert_eq!(auth["ExpiresIn"], 3600);
    assert!(auth["RefreshToken"].as_str().is_some());
    assert!(auth.get("NewDeviceMetadata").is_none(), "no device tracking on this pool");
    let access = claims(auth["AccessToken"].as_str().unwrap());
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["username"], "alice");
    assert_eq!(access["client_id"], f.client_id.as_str());
    // The default issuer: the emulator's URL and the pool id (its JWKS is under it).
    assert_eq!(access["iss"], format!("{}/{}", f.emulator.endpoint(), f.pool_id));
    let id = claims(auth["IdToken"].as_str().unwrap());
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["cognito:username"], "alice");
    // The access token works for GetUser.
    let user = call(&f.api, "GetUser", json!({ "AccessToken": auth["AccessToken"] })).await.unwrap();
    assert_eq!(user["Username"], "alice");
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn wrong_password_tampered_signature_and_bad_timestamps_are_refused() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("bob", "Correct-Horse-9", UserConfig::default());
    let now = f.emulator.admin().now();
    let incorrect = Err(("NotAuthorizedException".to_owned(), "Incorrect username or password.".to_owned()));

    let (eph, r) = f.initiate("bob", None).await;
    let ch = r.unwrap();
    let ts = Timestamp::from_unix_seconds(now).unwrap();
    assert_eq!(f.password_verifier(&eph, &ch, "wrong-password", ts, None).await, incorrect);

    // Two hours off.
    let (eph, r) = f.initiate("bob", None).await;
    let ch = r.unwrap();
    let ts = Timestamp::from_unix_seconds(now - 7200).unwrap();
    assert_eq!(f.password_verifier(&eph, &ch, "Correct-Horse-9", ts, None).await, incorrect);

    // A zero-padded day (a valid signature over the wrong form of TIMESTAMP).
    let (eph, r) = f.initiate("bob", None).await;
    let ch = r.unwrap();
    let p = &ch["ChallengeParameters"];
    let good = Timestamp::from_unix_seconds(now).unwrap();
    let text = good.as_str().to_owned();
    let mut parts: Vec<String> = text.split(' ').map(str::to_owned).collect();
    parts[2] = format!("{:0>2}", parts[2]);
    let padded = parts.join(" ");
    let challenge = cognito_srp_core::PasswordVerifierChallenge {
        user_id_for_srp: "bob",
        salt_hex: p["SALT"].as_str().unwrap(),
        srp_b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let claim = eph.user_claim(&f.pool_id, &challenge, "Correct-Horse-9", &good).unwrap();
    let mut resp = json!({
        "USERNAME": "bob", "PASSWORD_CLAIM_SECRET_BLOCK": challenge.secret_block,
        "PASSWORD_CLAIM_SIGNATURE": claim.signature(), "TIMESTAMP": padded,
    });
    if padded == text {
        // Days 10..31 have no padding to add: pad the hour instead to keep the test meaningful.
        resp["TIMESTAMP"] = json!(text.replacen(' ', "  ", 1));
    }
    assert_eq!(f.respond(&ch, "PASSWORD_VERIFIER", resp).await, incorrect);

    // A tampered signature.
    let (eph, r) = f.initiate("bob", None).await;
    let ch = r.unwrap();
    let p = &ch["ChallengeParameters"];
    let challenge = cognito_srp_core::PasswordVerifierChallenge {
        user_id_for_srp: "bob",
        salt_hex: p["SALT"].as_str().unwrap(),
        srp_b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let claim = eph.user_claim(&f.pool_id, &challenge, "Correct-Horse-9", &good).unwrap();
    let mut sig = claim.signature().as_bytes().to_vec();
    sig[3] = if sig[3] == b'A' { b'B' } else { b'A' };
    let resp = json!({
        "USERNAME": "bob", "PASSWORD_CLAIM_SECRET_BLOCK": challenge.secret_block,
        "PASSWORD_CLAIM_SIGNATURE": String::from_utf8(sig).unwrap(), "TIMESTAMP": claim.timestamp(),
    });
    assert_eq!(f.respond(&ch, "PASSWORD_VERIFIER", resp.clone()).await, incorrect);
    // The session was single-use: replaying the correct answer on it fails too.
    let resp = json!({
        "USERNAME": "bob", "PASSWORD_CLAIM_SECRET_BLOCK": challenge.secret_block,
        "PASSWORD_CLAIM_SIGNATURE": claim.signature(), "TIMESTAMP": claim.timestamp(),
    });
    let replay = f.respond(&ch, "PASSWORD_VERIFIER", resp).await.unwrap_err();
    assert_eq!(replay.0, "NotAuthorizedException");
    assert_eq!(replay.1, "Invalid session for the user.");
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn replayed_successful_session_and_expired_sessions_are_refused() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("carol", "Correct-Horse-9", UserConfig::default());
    let (eph, r) = f.initiate("carol", None).await;
    let ch = r.unwrap();
    let ts = Timestamp::from_unix_seconds(f.emulator.admin().now()).unwrap();
    f.password_verifier(&eph, &ch, "Correct-Horse-9", ts, None).await.unwrap();
    let again = f.password_verifier(&eph, &ch, "Correct-Horse-9", ts, None).await.unwrap_err();
    assert_eq!(again.0, "NotAuthorizedException");

    let (eph, r) = f.initiate("carol", None).await;
    let ch = r.unwrap();
    f.emulator.admin().advance_clock(std::time::Duration::from_secs(181));
    let ts = Timestamp::from_unix_seconds(f.emulator.admin().now()).unwrap();
    let expired = f.password_verifier(&eph, &ch, "Correct-Horse-9", ts, None).await.unwrap_err();
    assert_eq!(
        expired,
        ("NotAuthorizedException".into(), "Invalid session for the user, session is expired.".into())
    );
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn srp_a_zero_or_n_is_refused() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("dave", "Correct-Horse-9", UserConfig::default());
    let n = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";
    for a in ["0", "00", n, "zz"] {
        let r = call(
            &f.api,
            "InitiateAuth",
            json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": f.client_id, "AuthParameters": { "USERNAME": "dave", "SRP_A": a } }),
        )
        .await
        .unwrap_err();
        assert_eq!(r.0, "InvalidParameterException", "{a:.8}: {r:?}");
    }
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn protocol_errors_look_like_cognito() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    let (status, body) = call_raw(&f.api, "NoSuchOperation", &json!({})).await;
    assert_eq!((status, body["__type"].as_str()), (400, Some("UnknownOperationException")));
    let resp = f.api.http.post(&f.api.endpoint).body("{}").send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert_eq!(resp.headers()["x-amzn-errortype"], "UnknownOperationException");
    let resp = f
        .api
        .http
        .post(&f.api.endpoint)
        .header("x-amz-target", "AWSCognitoIdentityProviderService.InitiateAuth")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-type"], "application/x-amz-json-1.1");
    let v: Value = serde_json::from_str(&resp.text().await.unwrap()).unwrap();
    assert_eq!(v["__type"], "SerializationException");
    let missing = call(&f.api, "InitiateAuth", json!({ "ClientId": f.client_id })).await.unwrap_err();
    assert_eq!(missing.0, "InvalidParameterException");
    let unknown_client = call(&f.api, "InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": "nope", "AuthParameters": {"USERNAME": "x", "SRP_A": "2"} })).await.unwrap_err();
    assert_eq!(
        unknown_client,
        ("ResourceNotFoundException".into(), "User pool client nope does not exist.".into())
    );
    let unknown_user = f.initiate("nobody", None).await.1.unwrap_err();
    assert_eq!(unknown_user.0, "UserNotFoundException");
    // Garbage of every JSON type in every field never gives a 5xx.
    for op in [
        "InitiateAuth",
        "RespondToAuthChallenge",
        "ConfirmDevice",
        "ListDevices",
        "AdminCreateUser",
        "CreateUserPool",
    ] {
        for body in [
            json!([]),
            json!({ "ClientId": 5 }),
            json!({ "AuthParameters": "x", "ClientId": f.client_id, "AuthFlow": "USER_SRP_AUTH" }),
            json!({ "Session": {}, "ChallengeResponses": [] }),
        ] {
            let (status, _) = call_raw(&f.api, op, &body).await;
            assert_eq!(status, 400, "{op} {body}");
        }
    }
    f.emulator.shutdown().await;
}
