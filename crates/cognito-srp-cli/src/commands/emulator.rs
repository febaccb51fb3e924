//! `cognito-srp emulator`: the verifying emulator as a local server.

use std::net::SocketAddr;
use std::time::Duration;

use cognito_srp_emulator::{Emulator, FaultConfig, Seed, TokenIssuer};

use crate::cli::EmulatorArgs;
use crate::error::CliError;
use crate::output;

pub(super) async fn run(args: EmulatorArgs) -> Result<(), CliError> {
    let faults = FaultConfig::default()
        .with_throttle(args.fault_throttle)
        .with_internal_error(args.fault_internal_error)
        .with_internal_error_after(args.fault_internal_error_after)
        .with_truncated_body(args.fault_truncated_body)
        .with_drop_connection(args.fault_drop_connection)
        .with_latency(Duration::from_millis(args.fault_latency_ms))
        .with_seed(args.fault_seed);
    let total = faults.throttle
        + faults.internal_error
        + faults.internal_error_after
        + faults.truncated_body
        + faults.drop_connection;
    if total > 1.0 {
        return Err(CliError::usage(format!("the --fault-* rates add up to {total}, more than 1")));
    }
    let mut builder = Emulator::builder()
        .bind(SocketAddr::from(([127, 0, 0, 1], args.port)))
        .allow_browser_admin(args.allow_browser_admin)
        .faults(faults);
    for (id, secret) in &args.access_keys {
        builder = builder.access_key(id.as_str(), secret.as_str());
    }
    if args.cognito_issuer {
        builder = builder.token_issuer(TokenIssuer::Cognito);
    }
    if let Some(seed) = args.signing_key_seed {
        builder = builder.signing_key_seed(seed);
    }
    if let Some(path) = &args.seed {
        let seed = Seed::from_file(path)
            .map_err(|e| CliError::usage(format!("cannot load seed file {}: {e}", path.display())))?;
        builder = builder.seed(seed);
    }
    let running = builder.start().await.map_err(|e| {
        CliError::failure(format!("cannot start the emulator on 127.0.0.1:{}: {e}", args.port))
            .with_hint("pick another --port, or --port 0 for a free one")
    })?;
    if args.demo_seed {
        let demo = super::demo::seed(&running.admin())
            .map_err(|e| CliError::failure(format!("cannot create the demo pool: {e}")))?;
        output::error_line(&format!(
            "demo pool {} (device tracking on, MFA optional, emails verified): app client {} (public), {} \
             (sign-up, USER_AUTH), {} (secret {}); users {} / {} (TOTP secret {}), {} / {} (email alias {}), {} / {}",
            demo.pool_id,
            demo.client_id,
            demo.sign_up_client_id,
            demo.secret_client_id,
            demo.client_secret,
            super::demo::ALICE,
            super::demo::ALICE_PASSWORD,
            super::demo::ALICE_TOTP,
            super::demo::BOB,
            super::demo::BOB_PASSWORD,
            super::demo::BOB_EMAIL,
            super::demo::CAROL,
            super::demo::CAROL_PASSWORD,
        ));
    }
    let stop = shutdown_signal();
    let port = running.local_addr().port();
    output::line(&format!("LISTENING {port}"))?;
    output::error_line(&format!("emulator serving {} until SIGTERM or Ctrl-C", running.endpoint()));
    stop.await;
    running.shutdown().await;
    output::error_line("emulator stopped");
    Ok(())
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM. The handlers are installed when this
/// is called, not when the future is first polled: a signal sent as soon as `LISTENING` is
/// printed stops the server cleanly instead of killing it.
pub(super) fn shutdown_signal() -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let (Ok(mut term), Ok(mut int)) =
            (signal(SignalKind::terminate()), signal(SignalKind::interrupt()))
        {
            return Box::pin(async move {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                }
            });
        }
    }
    Box::pin(async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No signal handling at all: serve until the process is killed.
            std::future::pending::<()>().await;
        }
    })
}
