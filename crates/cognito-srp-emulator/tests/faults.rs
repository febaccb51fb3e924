//! Fault injection after processing: 500s whose work was done, answers cut short, and the
//! count of challenge answers sent twice.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::time::Duration;

use cognito_srp_core::{DeviceVerifier, Timestamp};
use cognito_srp_emulator::{DeviceTracking, FaultConfig, FaultCounters, MfaConfiguration, UserConfig};
use serde_json::{Value, json};
use support::{call, fixture, rng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn a_500_after_processing_has_done_the_work() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("ann", "Correct-Horse-9", UserConfig::default());
    let admin = f.emulator.admin();
    let (eph, challenge) = f.initiate("ann", None).await;
    let challenge = challenge.unwrap();
    admin.set_faults(FaultConfig::default().with_internal_error_after(1.0));
    let now = Timestamp::from_unix_seconds(admin.now()).unwrap();
    let err = f.password_verifier(&eph, &challenge, "Correct-Horse-9", now, None).await.unwrap_err();
    assert_eq!(
        err,
        ("InternalErrorException".into(), "Internal server error (injected after processing)".into())
    );
    // The answer was processed: its session is spent.
    admin.set_faults(FaultConfig::default());
    let again = f.password_verifier(&eph, &challenge, "Correct-Horse-9", now, None).await.unwrap_err();
    assert_eq!(again.0, "NotAuthorizedException", "{again:?}");
    let counters = admin.fault_counters();
    assert_eq!(
        counters,
        FaultCounters::default()
            .with_requests(3)
            .with_internal_errors_after(1)
            .with_repeated_challenge_answers(1)
    );
    // A client that starts over from InitiateAuth is signed in, and repeats nothing.
    f.sign_in("ann", "Correct-Horse-9", None).await.unwrap();
    assert_eq!(admin.fault_counters().repeated_challenge_answers, 1);
    f.emulator.shutdown().await;
}

/// Sends `body` to `op` over a raw connection and reads until the emulator closes it:
/// (status, Content-Length, body bytes received).
async fn raw_call(addr: std::net::SocketAddr, op: &str, body: &Value) -> (u16, usize, Vec<u8>) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let body = body.to_string();
    let request = format!(
        "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSCognitoIdentityProviderService.{op}\r\n\
         Content-Type: application/x-amz-json-1.1\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    // Returns only when the emulator closes the connection (a whole answer would be kept alive).
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut received))
        .await
        .expect("the connection is closed")
        .unwrap();
    let split = received.windows(4).position(|w| w == b"\r\n\r\n").expect("a whole head") + 4;
    let head = String::from_utf8(received[..split].to_vec()).unwrap().to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .expect("a content-length")
        .trim()
        .parse()
        .unwrap();
    (head[9..12].parse().unwrap(), length, received[split..].to_vec())
}

#[tokio::test]
async fn a_truncated_answer_has_its_status_and_length_but_half_its_body_and_the_work_is_done() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    let admin = f.emulator.admin();
    admin.set_faults(FaultConfig::default().with_truncated_body(1.0));
    let create = json!({ "UserPoolId": f.pool_id, "Username": "bob", "TemporaryPassword": "Passw0rd!x" });
    let (status, length, body) = raw_call(f.emulator.local_addr(), "AdminCreateUser", &create).await;
    assert_eq!(status, 200);
    assert!(length > 100, "the whole answer's length: {length}");
    assert_eq!(body.len(), length / 2, "half the body, then the connection is closed");
    assert!(serde_json::from_slice::<Value>(&body).is_err());
    // An error answer is cut the same way.
    let (status, length, body) = raw_call(f.emulator.local_addr(), "AdminCreateUser", &create).await;
    assert_eq!((status, body.len()), (400, length / 2));
    assert!(String::from_utf8_lossy(&body).starts_with(r#"{"__type":"UsernameExistsEx"#), "{body:?}");
    assert_eq!(admin.fault_counters().truncated, 2);
    // The user was created by the first call.
    admin.set_faults(FaultConfig::default());
    let got =
        call(&f.api, "AdminGetUser", json!({ "UserPoolId": f.pool_id, "Username": "bob" })).await.unwrap();
    assert_eq!(got["UserStatus"], "FORCE_CHANGE_PASSWORD");
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn a_challenge_answer_sent_twice_is_counted_whatever_the_first_outcome() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("ann", "Correct-Horse-9", UserConfig::default());
    let admin = f.emulator.admin();
    let now = || Timestamp::from_unix_seconds(admin.now()).unwrap();
    // Throttled before processing: still a received answer; re-sending it is a repeat.
    for fault in [
        FaultConfig::default().with_throttle(1.0),
        FaultConfig::default().with_drop_connection(1.0),
        FaultConfig::default().with_internal_error(1.0),
    ] {
        let (eph, challenge) = f.initiate("ann", None).await;
        let challenge = challenge.unwrap();
        admin.set_faults(fault);
        let before = admin.fault_counters().repeated_challenge_answers;
        let responses = json!({
            "ClientId": f.client_id, "ChallengeName": "PASSWORD_VERIFIER", "Session": challenge["Session"],
            "ChallengeResponses": { "USERNAME": "ann" },
        });
        let first = f
            .api
            .http
            .post(&f.api.endpoint)
            .header("x-amz-target", "AWSCognitoIdentityProviderService.RespondToAuthChallenge")
            .body(responses.to_string())
            .send()
            .await;
        assert!(first.is_err() || first.unwrap().status().as_u16() != 200);
        assert_eq!(admin.fault_counters().repeated_challenge_answers, before, "{fault:?}");
        admin.set_faults(FaultConfig::default());
        // The same session again (the right answer this time): counted once.
        f.password_verifier(&eph, &challenge, "Correct-Horse-9", now(), None).await.unwrap();
        assert_eq!(admin.fault_counters().repeated_challenge_answers, before + 1, "{fault:?}");
    }
    // Sign-ins that answer each challenge once are not counted.
    for _ in 0..3 {
        f.sign_in("ann", "Correct-Horse-9", None).await.unwrap();
    }
    assert_eq!(admin.fault_counters().repeated_challenge_answers, 3);
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn confirm_device_can_be_repeated_after_a_500_after_processing() {
    let tracking = DeviceTracking::default()
        .with_challenge_required_on_new_device(true)
        .with_device_only_remembered_on_user_prompt(false);
    let f = fixture(MfaConfiguration::Off, Some(tracking), false).await;
    f.user("ann", "Correct-Horse-9", UserConfig::default());
    let admin = f.emulator.admin();
    let signed_in = f.sign_in("ann", "Correct-Horse-9", None).await.unwrap();
    let auth = &signed_in["AuthenticationResult"];
    let key = auth["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap();
    let group = auth["NewDeviceMetadata"]["DeviceGroupKey"].as_str().unwrap();
    let confirm = |verifier: &DeviceVerifier| {
        json!({
            "AccessToken": auth["AccessToken"],
            "DeviceKey": key,
            "DeviceName": "laptop",
            "DeviceSecretVerifierConfig": { "PasswordVerifier": verifier.password_verifier(), "Salt": verifier.salt() },
        })
    };
    // The first ConfirmDevice is processed, but the client gets a 500 and makes a new verifier.
    let lost = DeviceVerifier::generate(&mut rng(), group, key).unwrap();
    admin.set_faults(FaultConfig::default().with_internal_error_after(1.0));
    let err = call(&f.api, "ConfirmDevice", confirm(&lost)).await.unwrap_err();
    assert_eq!(err.0, "InternalErrorException");
    assert_eq!(admin.list_devices(&f.pool_id, "ann").len(), 1, "the device was confirmed");
    admin.set_faults(FaultConfig::default());
    let kept = DeviceVerifier::generate(&mut rng(), group, key).unwrap();
    let answer = call(&f.api, "ConfirmDevice", confirm(&kept)).await.unwrap();
    assert_eq!(answer, json!({ "UserConfirmationNecessary": false }), "answered like the first time");
    // The verifier of the repeat is the one kept: the device signs in with its password...
    let now = Timestamp::from_unix_seconds(admin.now()).unwrap();
    let (client, first) = f.initiate("ann", Some(key)).await;
    let answered =
        f.password_verifier(&client, &first.unwrap(), "Correct-Horse-9", now, Some(key)).await.unwrap();
    f.device_path(&answered, group, key, kept.device_password()).await.unwrap();
    // ...and not with the lost one's.
    let (client, first) = f.initiate("ann", Some(key)).await;
    let answered =
        f.password_verifier(&client, &first.unwrap(), "Correct-Horse-9", now, Some(key)).await.unwrap();
    let refused = f.device_path(&answered, group, key, lost.device_password()).await.unwrap_err();
    assert_eq!(refused.0, "NotAuthorizedException", "{refused:?}");
    assert_eq!(admin.list_devices(&f.pool_id, "ann").len(), 1);
    f.emulator.shutdown().await;
}

#[tokio::test]
async fn the_acceptance_mix_injects_each_kind_in_its_share_reproducibly() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    let admin = f.emulator.admin();
    let mix = FaultConfig::default()
        .with_throttle(0.2)
        .with_internal_error_after(0.15)
        .with_truncated_body(0.1)
        .with_seed(1);
    let run = || async {
        admin.set_faults(mix);
        let mut outcomes = Vec::new();
        for _ in 0..200 {
            let sent = f
                .api
                .http
                .post(&f.api.endpoint)
                .header("x-amz-target", "AWSCognitoIdentityProviderService.GetUserPoolMfaConfig")
                .body(json!({ "UserPoolId": f.pool_id }).to_string())
                .send()
                .await
                .unwrap();
            let status = sent.status().as_u16();
            let kind = sent.headers().get("x-amzn-errortype").map(|v| v.to_str().unwrap().to_owned());
            outcomes.push(match sent.text().await {
                Ok(_) => format!("{status} {kind:?}"),
                Err(_) => "cut".to_owned(),
            });
        }
        outcomes
    };
    let first = run().await;
    let counters = admin.fault_counters();
    let count = |o: &str| first.iter().filter(|x| *x == o).count() as u64;
    assert_eq!(count("400 Some(\"TooManyRequestsException\")"), counters.throttled);
    assert_eq!(count("500 Some(\"InternalErrorException\")"), counters.internal_errors_after);
    assert_eq!(count("cut"), counters.truncated);
    assert_eq!(
        count("200 None") + counters.throttled + counters.internal_errors_after + counters.truncated,
        200
    );
    // Roughly their shares (200 draws: 40, 30 and 20 expected).
    for (n, expected) in
        [(counters.throttled, 40), (counters.internal_errors_after, 30), (counters.truncated, 20)]
    {
        assert!(n.abs_diff(expected) <= 15, "{counters:?}");
    }
    assert_eq!(run().await, first, "the same seed gives the same faults");
    f.emulator.shutdown().await;
}
