//! Under injected faults (500s, throttling, dropped connections before and after the server
//! acted, latency past the timeout) every sign-in, device sign-in and refresh ends in success
//! or a typed error: never a panic, never a hang.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

#[path = "support/fake.rs"]
mod fake;
#[path = "support/verifying.rs"]
mod verifying;

use std::sync::atomic::Ordering;
use std::time::Duration;

use cognito_srp_http::{Client, Error, RetryPolicy, Step, UserPool};

fn pool(endpoint: &str) -> UserPool {
    let client = Client::builder()
        .endpoint(endpoint)
        .request_timeout(Duration::from_millis(500))
        .retry_policy(RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
        })
        .build()
        .unwrap();
    UserPool::with_client(client, verifying::POOL_ID, "cid").unwrap()
}

/// A typed error: one of ours, never a stringly one.
fn assert_typed(err: &Error) {
    match err {
        Error::Service(_) | Error::Transport(_) | Error::Protocol(_) => {}
        other => panic!("unexpected error kind: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_sign_in_ends_in_success_or_a_typed_error() {
    // A clean server first, to get a confirmed device.
    let (server, injected) = verifying::start_with_faults(30, Duration::from_millis(800)).await;
    let pool = pool(&server.endpoint);

    let (mut ok, mut failed) = (0, 0);
    let mut device = None;
    for round in 0..40 {
        let mut sign_in = pool.sign_in(verifying::USERNAME, verifying::PASSWORD).remember_device(true);
        if let Some(d) = device.clone().filter(|_| round % 2 == 1) {
            sign_in = sign_in.device(d);
        }
        let outcome = tokio::time::timeout(Duration::from_secs(60), sign_in.start())
            .await
            .unwrap_or_else(|_| panic!("sign-in {round} hung"));
        match outcome {
            Ok(Step::Done(done)) => {
                ok += 1;
                if done.new_device && done.device_error.is_none() {
                    device = done.device.clone();
                }
                if let Some(refresh) = &done.tokens.refresh_token {
                    let key = done.device.as_ref().map(|d| d.device_key.clone());
                    let refreshed = tokio::time::timeout(
                        Duration::from_secs(30),
                        pool.refresh(refresh, &done.username, key.as_deref()),
                    )
                    .await
                    .expect("refresh hung");
                    if let Err(e) = refreshed {
                        assert_typed(&e);
                    }
                }
            }
            Ok(other) => panic!("unexpected step {other:?}"),
            Err(e) => {
                failed += 1;
                assert_typed(&e);
            }
        }
    }
    eprintln!(
        "faults injected: {}, sign-ins ok: {ok}, failed with typed errors: {failed}",
        injected.load(Ordering::Relaxed)
    );
    assert!(injected.load(Ordering::Relaxed) > 0);
    // Retries and restarts absorb most faults at a 30% rate.
    assert!(ok > failed, "ok {ok}, failed {failed}");
}
