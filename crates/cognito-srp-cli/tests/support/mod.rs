//! What the CLI's acceptance tests share: an emulator on a runtime of its own (stopped on
//! drop), the binary with a clean environment, and runs of it with stdin, a time limit (a
//! hang is a bug) and the output collected.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use cognito_srp_emulator::{Admin, EmulatorBuilder, RunningEmulator};
use serde_json::Value;

/// The binary under test.
pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_cognito-srp");

/// How long any one run of the binary may take before the test fails.
pub(crate) const RUN_LIMIT: Duration = Duration::from_secs(120);

/// A running emulator, stopped on drop.
pub(crate) struct Peer {
    pub(crate) runtime: tokio::runtime::Runtime,
    pub(crate) emulator: Option<RunningEmulator>,
    pub(crate) admin: Admin,
    pub(crate) endpoint: String,
}

impl Peer {
    /// Starts `builder`'s emulator and lets `seed` create its pools, clients and users.
    pub(crate) fn start(builder: EmulatorBuilder, seed: impl FnOnce(&Admin)) -> Self {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let emulator = runtime.block_on(builder.start()).unwrap();
        let admin = emulator.admin();
        seed(&admin);
        let endpoint = emulator.endpoint();
        Self { runtime, emulator: Some(emulator), admin, endpoint }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        if let Some(emulator) = self.emulator.take() {
            self.runtime.block_on(emulator.shutdown());
        }
    }
}

/// What a run of the binary left behind.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    pub(crate) fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// Asserts success and returns stdout parsed as JSON.
    pub(crate) fn json(&self) -> Value {
        assert_eq!(self.code(), Some(0), "expected success: {self:#?}");
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:#?}"))
    }

    pub(crate) fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code(), Some(code), "expected exit code {code}: {self:#?}");
        self
    }

    /// Neither stream holds `secret`.
    pub(crate) fn assert_hides(&self, secret: &str) -> &Self {
        assert!(!self.stdout.contains(secret), "stdout shows a secret: {self:#?}");
        assert!(!self.stderr.contains(secret), "stderr shows a secret: {self:#?}");
        self
    }
}

/// The binary with a clean environment: no COGNITO_*, AWS_* or RUST_LOG from outside.
pub(crate) fn bare() -> Command {
    let mut cmd = Command::new(BIN);
    for (name, _) in std::env::vars_os() {
        let text = name.to_string_lossy();
        if text.starts_with("COGNITO_") || text.starts_with("AWS_") || text == "RUST_LOG" {
            cmd.env_remove(&name);
        }
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs `cmd` with `first` on stdin, then (once `later` gives it) more, within
/// [`RUN_LIMIT`]; collects the output. Nothing to write leaves an empty, non-terminal stdin.
pub(crate) fn run_feeding(cmd: &mut Command, first: &[u8], later: impl FnOnce() -> Option<String>) -> Run {
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let out = reader(child.stdout.take().unwrap());
    let err = reader(child.stderr.take().unwrap());
    {
        let mut input = child.stdin.take().unwrap();
        // The child may exit without reading: a broken pipe is fine.
        let _ = input.write_all(first);
        let _ = input.flush();
        if let Some(more) = later() {
            let _ = input.write_all(more.as_bytes());
        }
    }
    let status = wait_limited(&mut child, RUN_LIMIT);
    Run { status, stdout: out.join().unwrap(), stderr: err.join().unwrap() }
}

/// Runs `cmd` with `stdin` and collects its output (see [`run_feeding`]).
pub(crate) fn run_bytes(cmd: &mut Command, stdin: &[u8]) -> Run {
    run_feeding(cmd, stdin, || None)
}

pub(crate) fn reader(mut stream: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        text
    })
}

/// Waits for `child` at most `limit`, then kills it and fails the test.
pub(crate) fn wait_limited(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("cognito-srp did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
