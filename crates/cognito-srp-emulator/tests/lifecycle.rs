//! Start, serve_until, graceful shutdown, and drop.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use std::time::Duration;

use cognito_srp_emulator::{Emulator, FaultConfig};
use serde_json::json;
use support::{Api, call};

async fn reachable(addr: std::net::SocketAddr) -> bool {
    tokio::net::TcpStream::connect(addr).await.is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_the_request_in_flight_finish_then_refuses_connections() {
    let emulator = Emulator::builder()
        .faults(FaultConfig::default().with_latency(Duration::from_millis(300)))
        .start()
        .await
        .unwrap();
    let addr = emulator.local_addr();
    assert!(addr.ip().is_loopback() && addr.port() != 0);
    assert_eq!(emulator.endpoint(), format!("http://127.0.0.1:{}", addr.port()));
    let api = Api { http: reqwest::Client::new(), endpoint: emulator.endpoint() };
    let in_flight =
        tokio::spawn(async move { call(&api, "GetUser", json!({ "AccessToken": "x.y.z" })).await });
    // Let the request reach the server (it then sleeps for the injected latency).
    let admin = emulator.admin();
    while admin.fault_counters().requests == 0 {
        tokio::task::yield_now().await;
    }
    emulator.shutdown().await;
    let answer = in_flight.await.unwrap().unwrap_err();
    assert_eq!(answer.1, "Invalid Access Token", "answered, not cut off");
    assert!(!reachable(addr).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_until_reports_the_address_and_stops_on_the_signal() {
    let (addr_tx, addr_rx) = tokio::sync::oneshot::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(Emulator::builder().serve_until(
        move |addr| {
            addr_tx.send(addr).unwrap();
        },
        async {
            stop_rx.await.ok();
        },
    ));
    let addr = addr_rx.await.unwrap();
    let api = Api { http: reqwest::Client::new(), endpoint: format!("http://{addr}") };
    let pool = call(&api, "CreateUserPool", json!({ "PoolName": "p" })).await.unwrap();
    assert!(pool["UserPool"]["Id"].as_str().unwrap().starts_with("us-east-1_"));
    stop_tx.send(()).unwrap();
    server.await.unwrap().unwrap();
    assert!(!reachable(addr).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_the_emulator_stops_it() {
    let emulator = Emulator::builder().start().await.unwrap();
    let addr = emulator.local_addr();
    assert!(reachable(addr).await);
    drop(emulator);
    // The server task notices in the background; wait for it (bounded).
    let mut stopped = false;
    for _ in 0..100 {
        if !reachable(addr).await {
            stopped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(stopped, "still accepting connections after drop");
}

#[tokio::test]
async fn binding_a_taken_port_is_an_io_error() {
    let first = Emulator::builder().start().await.unwrap();
    let err = Emulator::builder().bind(first.local_addr()).start().await.unwrap_err();
    assert!(matches!(err, cognito_srp_emulator::EmulatorError::Io(_)), "{err}");
    first.shutdown().await;
}

#[tokio::test]
async fn browsers_may_call_it_cross_origin() {
    let emulator = Emulator::builder().start().await.unwrap();
    let http = reqwest::Client::new();
    let pre = http
        .request(reqwest::Method::OPTIONS, emulator.endpoint())
        .header("origin", "http://localhost:3000")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type,x-amz-target,x-amz-user-agent")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status().as_u16(), 200);
    assert_eq!(pre.headers()["access-control-allow-origin"], "*");
    let allowed = pre.headers()["access-control-allow-headers"].to_str().unwrap().to_owned();
    for h in ["content-type", "x-amz-target", "x-amz-user-agent"] {
        assert!(allowed.contains(h), "{allowed}");
    }
    let resp = http
        .post(emulator.endpoint())
        .header("origin", "http://localhost:3000")
        .header("x-amz-target", "AWSCognitoIdentityProviderService.GetUser")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert_eq!(resp.headers()["access-control-allow-origin"], "*");
    assert_eq!(emulator.admin().fault_counters().requests, 1, "preflights are not counted");
    emulator.shutdown().await;
}
