//! Load test: many SRP sign-ins, many in flight, through one shared [`Client`]; prints the
//! achieved sign-ins per second and the latency percentiles, and fails if any sign-in fails.
//!
//! ```text
//! cargo run --release -p cognito-srp-http --example load_test            # in-process server
//! LOAD_SIGN_INS=500 LOAD_CONCURRENCY=50 \
//! COGNITO_ENDPOINT=http://127.0.0.1:9229 COGNITO_POOL_ID=us-east-1_X COGNITO_CLIENT_ID=... \
//! COGNITO_USERNAME=alice COGNITO_PASSWORD=... \
//! cargo run --release -p cognito-srp-http --example load_test            # a running server
//! ```
//! Without `COGNITO_ENDPOINT` it starts cognito-srp-emulator in-process on 127.0.0.1 (a
//! local Cognito that verifies every SRP signature and `SECRET_HASH`), with one pool, an app
//! client with a secret and one user, and signs that user in over HTTP. It also prints the
//! process's CPU time per sign-in (client and in-process emulator together).
//!
//! With `LOAD_JSON=path` it also writes the figures to that file as one JSON object
//! (`benches/run.sh` reads them into its table of targets).
//!
//! For the emulator's share, build it with its SRP and token arithmetic stubbed out (a
//! benchmark-only build: every password is accepted; see benches/README.md):
//! `RUSTFLAGS="--cfg cognito_srp_bench_stub_crypto" CARGO_TARGET_DIR=target/stub cargo run
//! --release -p cognito-srp-http --example load_test`.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    unreachable_pub
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use cognito_srp_emulator::{ClientConfig, Emulator, PoolConfig, UserConfig};
use cognito_srp_http::{Client, Step, UserPool};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_owned())
}

#[tokio::main]
async fn main() {
    let total: usize = env_or("LOAD_SIGN_INS", "500").parse().expect("LOAD_SIGN_INS");
    let concurrency: usize = env_or("LOAD_CONCURRENCY", "50").parse().expect("LOAD_CONCURRENCY");

    let mut _server = None;
    let (endpoint, pool_id, client_id, client_secret, username, password, target) =
        match std::env::var("COGNITO_ENDPOINT") {
            Ok(endpoint) => (
                endpoint,
                env_or("COGNITO_POOL_ID", ""),
                env_or("COGNITO_CLIENT_ID", ""),
                std::env::var("COGNITO_CLIENT_SECRET").ok(),
                env_or("COGNITO_USERNAME", ""),
                env_or("COGNITO_PASSWORD", ""),
                "external server",
            ),
            Err(_) => {
                let emulator = Emulator::builder().start().await.expect("emulator");
                let admin = emulator.admin();
                let pool_id = admin
                    .create_user_pool(
                        PoolConfig::default().with_id(Some("us-east-1_LoadTest1".into())).with_name("load"),
                    )
                    .expect("pool");
                let (client_id, secret) = admin
                    .create_client(
                        &pool_id,
                        ClientConfig::default().with_name("load").with_generate_secret(true),
                    )
                    .expect("client");
                let password = "Correct-Horse-9".to_owned();
                let username = admin
                    .create_user(
                        &pool_id,
                        UserConfig::default()
                            .with_username("load-user")
                            .with_password(password.clone())
                            .with_permanent(true),
                    )
                    .expect("user");
                let endpoint = emulator.endpoint();
                _server = Some(emulator);
                (endpoint, pool_id, client_id, secret, username, password, "in-process cognito-srp-emulator")
            }
        };

    let client = Client::builder()
        .endpoint(&endpoint)
        .request_timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let pool = UserPool::with_client(client, pool_id, client_id).expect("pool");
    let pool = match client_secret {
        Some(secret) => pool.with_client_secret(secret),
        None => pool,
    };

    let permits = Arc::new(Semaphore::new(concurrency));
    let mut tasks = JoinSet::new();
    let cpu_before = process_cpu_seconds();
    let started = Instant::now();
    for _ in 0..total {
        let permit = permits.clone().acquire_owned().await.expect("semaphore");
        let pool = pool.clone();
        let (username, password) = (username.clone(), password.clone());
        tasks.spawn(async move {
            let t0 = Instant::now();
            let outcome = pool.sign_in(username, password.as_str()).confirm_new_devices(false).start().await;
            drop(permit);
            match outcome {
                Ok(Step::Done(_)) => Ok(t0.elapsed()),
                Ok(other) => Err(format!("stopped at {other:?}")),
                Err(e) => Err(e.to_string()),
            }
        });
    }
    let mut latencies = Vec::with_capacity(total);
    let mut failures = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined.expect("task") {
            Ok(latency) => latencies.push(latency),
            Err(e) => failures.push(e),
        }
    }
    let elapsed = started.elapsed();
    let cpu = process_cpu_seconds().zip(cpu_before).map(|(after, before)| after - before);
    latencies.sort();
    let pct = |p: f64| -> Duration {
        if latencies.is_empty() {
            return Duration::ZERO;
        }
        let index = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[index]
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("target: {target} at {endpoint}");
    println!(
        "sign-ins: {total}, concurrency: {concurrency}, succeeded: {}, failed: {}",
        latencies.len(),
        failures.len()
    );
    println!(
        "wall time: {:.2} s, throughput: {:.1} sign-ins/s",
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency p50: {:.1} ms, p99: {:.1} ms, max: {:.1} ms",
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(pct(1.0))
    );
    if let Some(cpu) = cpu {
        // Client and in-process emulator together (or the client alone against an external
        // server): where the 2 cores' time goes per sign-in.
        println!(
            "cpu: {:.2} s in this process, {:.2} ms per sign-in, {:.0}% of one core",
            cpu,
            cpu * 1000.0 / total as f64,
            cpu * 100.0 / elapsed.as_secs_f64()
        );
    }
    if let Ok(path) = std::env::var("LOAD_JSON") {
        let figures = serde_json::json!({
            "target": target,
            "sign_ins": total,
            "concurrency": concurrency,
            "succeeded": latencies.len(),
            "failed": failures.len(),
            "seconds": elapsed.as_secs_f64(),
            "per_second": latencies.len() as f64 / elapsed.as_secs_f64(),
            "p50_ms": ms(pct(0.50)),
            "p99_ms": ms(pct(0.99)),
            "cpu_ms_per_sign_in": cpu.map(|cpu| cpu * 1000.0 / total as f64),
        });
        std::fs::write(&path, figures.to_string()).unwrap_or_else(|e| panic!("writing {path}: {e}"));
    }
    if !failures.is_empty() {
        for f in failures.iter().take(5) {
            eprintln!("failure: {f}");
        }
        std::process::exit(1);
    }
}

/// User plus system CPU time of this process so far, from `/proc/self/stat` (Linux; `None`
/// elsewhere). Fields 14 and 15 after the command name, in clock ticks of 1/100 s.
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}
