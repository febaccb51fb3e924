//! # cognito-srp
//!
//! The command-line face of the workspace: sign in to an Amazon Cognito user pool with
//! SRP-6a (device tracking, MFA, new-password challenges), refresh tokens, manage remembered
//! devices, sign out — or try all of it offline against the bundled verifying emulator.
//!
//! ```text
//! cognito-srp demo                       # the whole story, offline, exit 0 if it all held
//! cognito-srp login --device-file ~/.config/cognito-srp/device.json --remember-device
//! cognito-srp login ... | cognito-srp refresh --device-file ~/.config/cognito-srp/device.json
//! cognito-srp devices list < tokens.json
//! cognito-srp emulator --port 0 --seed pools.json
//! ```
//!
//! Every protocol step goes through `cognito-srp-http`; `demo` and `emulator` run
//! `cognito-srp-emulator` in-process. Exit codes: 0 success, 1 Cognito refused (an
//! authentication failure) or the request failed, 2 a usage error, 3 an incomplete answer
//! (`devices list` stopped after 100 pages).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod cli;
mod commands;
mod device_file;
mod error;
#[cfg(all(test, target_os = "linux"))]
mod memory_scan;
mod output;
mod private_file;
mod terminal;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to stdout with 0; real usage errors to stderr with 2.
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(error::EXIT_USAGE));
        }
    };
    init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(err) => {
            output::error_line(&format!("error: cannot start the async runtime: {err}"));
            return ExitCode::from(error::EXIT_FAILURE);
        }
    };
    let result = runtime.block_on(commands::run(cli));
    // Background tasks (a running emulator, idle connections) must not delay the exit.
    runtime.shutdown_background();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            err.report();
            ExitCode::from(err.exit_code())
        }
    }
}

/// `RUST_LOG` filters `tracing` output on stderr (warnings only when it is unset). The
/// libraries never put secrets in `tracing` fields, so any level is safe to turn on; the
/// endpoint's user name and password are removed from every event (`output::LogWriter`).
fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| output::LogWriter)
        // No colours: LogWriter escapes every control character, ESC included.
        .with_ansi(false)
        .try_init();
}
