//! `cognito-srp emulator`: the verifying emulator as a local server.

use std::net::SocketAddr;

use cognito_srp_emulator::{Emulator, Seed};

use crate::cli::EmulatorArgs;
use crate::error::CliError;
use crate::output;

pub(super) async fn run(args: EmulatorArgs) -> Result<(), CliError> {
    let mut builder = Emulator::builder().bind(SocketAddr::from(([127, 0, 0, 1], args.port)));
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
            "demo pool {} (device tracking on, MFA optional): app client {} (public), {} (secret {}); \
             users {} / {} (TOTP secret {}), {} / {} (email alias {}), {} / {}",
            demo.pool_id,
            demo.client_id,
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
    let port = running.local_addr().port();
    output::line(&format!("LISTENING {port}"))?;
    output::error_line(&format!("emulator serving {} until SIGTERM or Ctrl-C", running.endpoint()));
    shutdown_signal().await;
    running.shutdown().await;
    output::error_line("emulator stopped");
    Ok(())
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
pub(super) async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    if tokio::signal::ctrl_c().await.is_err() {
        // No signal handling at all: serve until the process is killed.
        std::future::pending::<()>().await;
    }
}
