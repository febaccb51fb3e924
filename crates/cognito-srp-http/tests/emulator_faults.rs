//! Under faults injected by cognito-srp-emulator (500s, throttling, dropped connections,
//! latency, latency past the client's timeout) every sign-in, device sign-in and refresh ends
//! in success or a typed error within a bound: never a panic, never a hang. Retries (for
//! idempotent operations) and restarts from InitiateAuth (for challenge answers) carry most
//! sign-ins through; a timeout ends a sign-in at once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

#[path = "support/emulator.rs"]
mod emulator;

use std::time::Duration;

use cognito_srp_emulator::{FaultConfig, MfaConfiguration, UserConfig};
use cognito_srp_http::{Client, Error, RetryPolicy, Step, UserPool};
use emulator::{POOL_ID, done, start, tracking};
use tokio::task::JoinSet;

const PASSWORD: &str = "Correct-Horse-9";
/// Far above what any sign-in needs here; only there to turn a hang into a failure.
const HANG: Duration = Duration::from_secs(120);

/// A typed error: one of ours, never a stringly one.
fn assert_typed(err: &Error) {
    match err {
        Error::Service(_) | Error::Transport(_) | Error::Protocol(_) => {}
        other => panic!("unexpected error kind: {other:?}"),
    }
}

#[derive(Debug, Default)]
struct Tally {
    ok: u32,
    failed: u32,
    device_path_ok: u32,
    refresh_ok: u32,
    refresh_failed: u32,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_sign_in_ends_in_success_or_a_typed_error() {
    let env = start(MfaConfiguration::Off, tracking(false), true).await;
    env.user("alice", PASSWORD, UserConfig::default());
    // A confirmed, remembered device, made before the faults start.
    let first = done(env.pool.sign_in("alice", PASSWORD).start().await.unwrap());
    let device = first.device.clone().unwrap();

    env.admin().set_faults(
        FaultConfig::default()
            .with_internal_error(0.10)
            .with_throttle(0.10)
            .with_drop_connection(0.08)
            .with_latency(Duration::from_millis(3))
            .with_seed(0x5eed),
    );
    let before = env.admin().fault_counters();

    const ROUNDS: u32 = 48;
    let mut tasks = JoinSet::new();
    let limit = std::sync::Arc::new(tokio::sync::Semaphore::new(6));
    for round in 0..ROUNDS {
        let pool = env.pool.clone();
        let device = (round % 2 == 1).then(|| device.clone());
        let permit = limit.clone().acquire_owned().await.unwrap();
        tasks.spawn(async move {
            let _permit = permit;
            let with_device = device.is_some();
            let mut sign_in = pool.sign_in("alice", PASSWORD);
            if let Some(device) = device {
                sign_in = sign_in.device(device);
            }
            let outcome = tokio::time::timeout(HANG, sign_in.start())
                .await
                .unwrap_or_else(|_| panic!("sign-in {round} hung"));
            let mut tally = Tally::default();
            match outcome {
                Ok(Step::Done(done)) => {
                    tally.ok += 1;
                    if with_device {
                        // The device is known: never dropped, never replaced.
                        assert!(done.dropped_device.is_none() && !done.new_device, "{done:?}");
                        tally.device_path_ok += 1;
                    }
                    let refresh = done.tokens.refresh_token.clone().unwrap();
                    let key = done.device.as_ref().map(|d| d.device_key.clone());
                    let refreshed =
                        tokio::time::timeout(HANG, pool.refresh(&refresh, &done.username, key.as_deref()))
                            .await
                            .unwrap_or_else(|_| panic!("refresh {round} hung"));
                    match refreshed {
                        Ok(tokens) => {
                            assert!(!tokens.access_token.is_empty());
                            tally.refresh_ok += 1;
                        }
                        Err(e) => {
                            assert_typed(&e);
                            tally.refresh_failed += 1;
                        }
                    }
                }
                Ok(other) => panic!("unexpected step {other:?}"),
                Err(e) => {
                    assert_typed(&e);
                    tally.failed += 1;
                }
            }
            tally
        });
    }
    let mut total = Tally::default();
    while let Some(joined) = tasks.join_next().await {
        let t = joined.expect("a sign-in task panicked");
        total.ok += t.ok;
        total.failed += t.failed;
        total.device_path_ok += t.device_path_ok;
        total.refresh_ok += t.refresh_ok;
        total.refresh_failed += t.refresh_failed;
    }
    let after = env.admin().fault_counters();
    eprintln!("faults: {after:?} (before the run: {before:?}); outcomes: {total:?}");

    assert_eq!(total.ok + total.failed, ROUNDS);
    // Every kind of fault was injected.
    assert!(after.internal_errors > before.internal_errors, "{after:?}");
    assert!(after.throttled > before.throttled, "{after:?}");
    assert!(after.dropped > before.dropped, "{after:?}");
    assert!(after.delayed > before.delayed, "{after:?}");
    // Retries and restarts carry most sign-ins through at a 28% fault rate per request, and
    // device sign-ins (three challenge answers each) among them.
    assert!(total.ok * 2 > ROUNDS, "{total:?}");
    assert!(total.device_path_ok > 0, "{total:?}");
    assert!(total.refresh_ok > 0, "{total:?}");

    // Faults off: the same pool and device work at once.
    env.admin().set_faults(FaultConfig::default());
    let again = done(env.pool.sign_in("alice", PASSWORD).device(device.clone()).start().await.unwrap());
    assert!(again.dropped_device.is_none() && !again.new_device);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_past_the_timeout_ends_in_a_typed_timeout() {
    let env = start(MfaConfiguration::Off, None, false).await;
    env.user("bob", PASSWORD, UserConfig::default());
    let client = Client::builder()
        .endpoint(env.emulator.endpoint())
        .use_environment(false)
        .request_timeout(Duration::from_millis(150))
        .retry_policy(RetryPolicy::new(2, Duration::from_millis(5), Duration::from_millis(20)))
        .build()
        .unwrap();
    let pool = UserPool::with_client(client, POOL_ID, env.client_id.clone()).unwrap().with_max_restarts(1);

    env.admin().set_faults(FaultConfig::default().with_latency(Duration::from_millis(600)));
    let err = tokio::time::timeout(HANG, pool.sign_in("bob", PASSWORD).start())
        .await
        .expect("sign-in hung")
        .unwrap_err();
    assert!(matches!(&err, Error::Transport(e) if e.is_timeout()), "{err:?}");
    // A timeout is final: no second attempt, no restart, so one request and one timeout.
    assert!(err.is_timeout() && !err.is_retryable());
    let counters = env.admin().fault_counters();
    assert_eq!(counters.requests, 1, "{counters:?}");
    assert_eq!(counters.delayed, 1, "{counters:?}");

    // The latency gone, the same client signs in.
    env.admin().set_faults(FaultConfig::default());
    let signed = done(pool.sign_in("bob", PASSWORD).start().await.unwrap());
    assert_eq!(signed.username, "bob");
}
