//! Many concurrent sign-ins, and fault injection.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use cognito_srp_emulator::{DeviceTracking, FaultConfig, MfaConfiguration, UserConfig};
use support::fixture;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_sign_ins_all_verify() {
    let f = Arc::new(fixture(MfaConfiguration::Off, Some(DeviceTracking::default()), true).await);
    for i in 0..20 {
        f.user(&format!("user{i}"), &format!("Password-{i}!"), UserConfig::default());
    }
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..200 {
        let f = Arc::clone(&f);
        tasks.spawn(async move {
            let i = n % 20;
            // Every fifth attempt uses a wrong password and must be refused.
            let password = if n % 5 == 4 { "wrong".to_owned() } else { format!("Password-{i}!") };
            let r = f.sign_in(&format!("user{i}"), &password, None).await;
            (n, r)
        });
    }
    let (mut ok, mut refused) = (0, 0);
    while let Some(joined) = tasks.join_next().await {
        let (n, r) = joined.unwrap();
        match r {
            Ok(done) => {
                assert_ne!(n % 5, 4, "a wrong password was accepted");
                assert!(done["AuthenticationResult"]["NewDeviceMetadata"]["DeviceKey"].is_string());
                ok += 1;
            }
            Err((kind, message)) => {
                assert_eq!(n % 5, 4, "attempt {n} failed: {kind}: {message}");
                assert_eq!(kind, "NotAuthorizedException");
                refused += 1;
            }
        }
    }
    assert_eq!((ok, refused), (160, 40));
    // Consistent state: every successful sign-in left exactly one unconfirmed device.
    let devices: usize =
        (0..20).map(|i| f.emulator.admin().list_devices(&f.pool_id, &format!("user{i}")).len()).sum();
    assert_eq!(devices, 160);
    assert_eq!(f.emulator.admin().fault_counters().requests, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_are_injected_counted_and_reproducible() {
    let f = fixture(MfaConfiguration::Off, None, false).await;
    f.user("max", "Correct-Horse-9", UserConfig::default());
    let admin = f.emulator.admin();
    let faults = FaultConfig::default()
        .with_internal_error(0.2)
        .with_throttle(0.2)
        .with_drop_connection(0.1)
        .with_latency(Duration::from_millis(5))
        .with_seed(42);
    admin.set_faults(faults);
    let first = outcomes(&f).await;
    let counters = admin.fault_counters();
    assert!(counters.internal_errors > 0 && counters.throttled > 0 && counters.dropped > 0, "{counters:?}");
    assert_eq!(counters.delayed, counters.requests);
    assert_eq!(
        first.iter().filter(|o| *o == "InternalErrorException").count() as u64,
        counters.internal_errors
    );
    assert_eq!(first.iter().filter(|o| *o == "TooManyRequestsException").count() as u64, counters.throttled);
    // The same seed gives the same faults in the same order.
    admin.set_faults(faults);
    assert_eq!(outcomes(&f).await, first);
    // Faults off: everything answers normally again, and sign-in works.
    admin.set_faults(FaultConfig::default());
    f.sign_in("max", "Correct-Horse-9", None).await.unwrap();
    f.emulator.shutdown().await;
}

/// Sends 40 requests and records how each ended.
async fn outcomes(f: &support::Fixture) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..40 {
        let r = f
            .api
            .http
            .post(&f.api.endpoint)
            .header("x-amz-target", "AWSCognitoIdentityProviderService.GetUser")
            .body("{\"AccessToken\":\"x.y.z\"}")
            .send()
            .await;
        out.push(match r {
            Err(_) => "dropped".to_owned(),
            Ok(resp) => resp.headers()["x-amzn-errortype"].to_str().unwrap().to_owned(),
        });
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_session_answered_concurrently_succeeds_exactly_once() {
    let f = Arc::new(fixture(MfaConfiguration::Off, None, false).await);
    f.user("nell", "Correct-Horse-9", UserConfig::default());
    let (eph, r) = f.initiate("nell", None).await;
    let challenge = Arc::new(r.unwrap());
    let eph = Arc::new(eph);
    let ts = cognito_srp_core::Timestamp::from_unix_seconds(f.emulator.admin().now()).unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..32 {
        let (f, challenge, eph) = (Arc::clone(&f), Arc::clone(&challenge), Arc::clone(&eph));
        tasks.spawn(async move { f.password_verifier(&eph, &challenge, "Correct-Horse-9", ts, None).await });
    }
    let (mut ok, mut refused) = (0, 0);
    while let Some(joined) = tasks.join_next().await {
        match joined.unwrap() {
            Ok(done) => {
                assert!(done["AuthenticationResult"]["AccessToken"].is_string());
                ok += 1;
            }
            Err(e) => {
                assert_eq!(e, ("NotAuthorizedException".into(), "Invalid session for the user.".into()));
                refused += 1;
            }
        }
    }
    assert_eq!((ok, refused), (1, 31));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_device_sign_ins_all_verify() {
    let tracking = DeviceTracking::default()
        .with_challenge_required_on_new_device(true)
        .with_device_only_remembered_on_user_prompt(false);
    let f = Arc::new(fixture(MfaConfiguration::Optional, Some(tracking), true).await);
    let mut devices = Vec::new();
    for i in 0..8 {
        let name = format!("dev{i}");
        f.user(&name, "Correct-Horse-9", UserConfig::default());
        let done = f.sign_in(&name, "Correct-Horse-9", None).await.unwrap();
        let (group, key, password, _) = f.confirm_device(&done).await;
        devices.push((name, group, key, password));
    }
    // Now every user has TOTP: only the remembered device lets them in without a code.
    for (name, ..) in &devices {
        f.emulator.admin().set_totp_secret(&f.pool_id, name, "JBSWY3DPEHPK3PXP").unwrap();
    }
    let devices = Arc::new(devices);
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..64 {
        let (f, devices) = (Arc::clone(&f), Arc::clone(&devices));
        tasks.spawn(async move {
            let (name, group, key, password) = &devices[n % devices.len()];
            let dev = f.sign_in(name, "Correct-Horse-9", Some(key)).await.unwrap();
            // Every eighth attempt uses another device's password and must be refused.
            let password = if n % 8 == 7 { &devices[(n + 1) % devices.len()].3 } else { password };
            (n, f.device_path(&dev, group, key, password).await)
        });
    }
    while let Some(joined) = tasks.join_next().await {
        let (n, r) = joined.unwrap();
        if n % 8 == 7 {
            assert_eq!(r.unwrap_err().0, "NotAuthorizedException");
        } else {
            let done = r.unwrap_or_else(|e| panic!("device sign-in {n}: {e:?}"));
            assert!(done["AuthenticationResult"].get("NewDeviceMetadata").is_none());
        }
    }
    for (name, _, key, _) in devices.iter() {
        let listed = f.emulator.admin().list_devices(&f.pool_id, name);
        assert_eq!(listed.len(), 1);
        assert_eq!(&listed[0].device_key, key);
    }
}
