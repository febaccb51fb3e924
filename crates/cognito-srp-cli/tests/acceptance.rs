//! Acceptance tests of the built `cognito-srp` binary against the verifying emulator, one or
//! more per item of the CLI's issue: login, the device file round trip (the second login takes
//! the device path and skips MFA), an MFA code, exit codes (1 auth failure, 2 usage error), a
//! missing terminal for a prompt, the device file's permissions, refresh with the device key,
//! device management, sign-out, the `emulator` server command, `--help` examples, secrets kept
//! out of the output and the logs, and `demo` exiting 0. On Unix, the prompts are also
//! answered on a real pseudo-terminal (`on_a_terminal`): the password hidden, a wrong MFA
//! code asked again, new passwords that must match, end of input.
//!
//! Each test starts its own emulator in-process on 127.0.0.1 (a free port) and runs the binary
//! as a child process with a clean environment (no `COGNITO_*`, `AWS_*` or `RUST_LOG` leaking
//! in from the developer's shell) and stdin that is not a terminal, except in `on_a_terminal`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use cognito_srp_emulator::{
    Admin, ClientConfig, DeviceTracking, Emulator, MfaConfiguration, PoolConfig, RunningEmulator, UserConfig,
};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_cognito-srp");

/// A pool with device tracking (MFA on new devices, remembered on the user's word) and
/// optional MFA.
const POOL: &str = "us-east-1_CliAccept1";
/// A pool without device tracking or MFA.
const PLAIN_POOL: &str = "eu-west-1_CliPlain01";
const CLIENT: &str = "accept-app";
/// Client ids are unique across pools, as on Cognito.
const PLAIN_CLIENT: &str = "plain-app";
const SECRET_CLIENT: &str = "accept-confidential";
const CLIENT_SECRET: &str = "accept-client-secret-0123456789";

const ALICE: &str = "alice";
const ALICE_PASSWORD: &str = "Alice-Pa55word-Secret";
const ALICE_TOTP: &str = "JBSWY3DPEHPK3PXP";
const BOB: &str = "bob";
const BOB_EMAIL: &str = "bob@example.com";
const BOB_PASSWORD: &str = "Bob-Pa55word-Secret";
const NEWBIE: &str = "newbie";
const NEWBIE_TEMP: &str = "Temp-Pa55word-Secret";
const NEWBIE_NEW: &str = "Chosen-Pa55word-Secret";
const PLAIN: &str = "plain";
const PLAIN_PASSWORD: &str = "Plain-Pa55word-Secret";

/// How long any one run of the binary may take before the test fails (a hang is a bug).
const RUN_LIMIT: Duration = Duration::from_secs(120);

/// A running emulator with the test pools, stopped on drop.
struct Peer {
    runtime: tokio::runtime::Runtime,
    emulator: Option<RunningEmulator>,
    admin: Admin,
    endpoint: String,
}

impl Drop for Peer {
    fn drop(&mut self) {
        if let Some(emulator) = self.emulator.take() {
            self.runtime.block_on(emulator.shutdown());
        }
    }
}

fn start() -> Peer {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let emulator = runtime.block_on(Emulator::builder().start()).unwrap();
    let admin = emulator.admin();
    seed(&admin);
    let endpoint = emulator.endpoint();
    Peer { runtime, emulator: Some(emulator), admin, endpoint }
}

fn seed(admin: &Admin) {
    let pool = admin
        .create_user_pool(PoolConfig {
            id: Some(POOL.into()),
            name: "acceptance".into(),
            mfa: MfaConfiguration::Optional,
            device_tracking: Some(DeviceTracking {
                challenge_required_on_new_device: true,
                device_only_remembered_on_user_prompt: true,
            }),
            email_alias: true,
            ..PoolConfig::default()
        })
        .unwrap();
    admin
        .create_client(
            &pool,
            ClientConfig { id: Some(CLIENT.into()), name: CLIENT.into(), ..Default::default() },
        )
        .unwrap();
    admin
        .create_client(
            &pool,
            ClientConfig {
                id: Some(SECRET_CLIENT.into()),
                name: SECRET_CLIENT.into(),
                secret: Some(CLIENT_SECRET.into()),
                ..Default::default()
            },
        )
        .unwrap();
    let user = |username: &str, password: &str, permanent: bool| UserConfig {
        username: username.into(),
        password: password.into(),
        permanent,
        ..Default::default()
    };
    admin
        .create_user(
            &pool,
            UserConfig { totp_secret: Some(ALICE_TOTP.into()), ..user(ALICE, ALICE_PASSWORD, true) },
        )
        .unwrap();
    admin
        .create_user(&pool, UserConfig { email: Some(BOB_EMAIL.into()), ..user(BOB, BOB_PASSWORD, true) })
        .unwrap();
    admin.create_user(&pool, user(NEWBIE, NEWBIE_TEMP, false)).unwrap();

    let plain = admin
        .create_user_pool(PoolConfig {
            id: Some(PLAIN_POOL.into()),
            name: "plain".into(),
            region: "eu-west-1".into(),
            ..PoolConfig::default()
        })
        .unwrap();
    admin
        .create_client(
            &plain,
            ClientConfig { id: Some(PLAIN_CLIENT.into()), name: PLAIN_CLIENT.into(), ..Default::default() },
        )
        .unwrap();
    admin.create_user(&plain, user(PLAIN, PLAIN_PASSWORD, true)).unwrap();
}

/// What a run of the binary left behind.
#[derive(Debug)]
struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Run {
    fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// Asserts success and returns stdout parsed as JSON.
    fn json(&self) -> Value {
        assert_eq!(self.code(), Some(0), "expected success: {self:#?}");
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:#?}"))
    }

    fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code(), Some(code), "expected exit code {code}: {self:#?}");
        self
    }

    /// Neither stream holds `secret`.
    fn assert_hides(&self, secret: &str) -> &Self {
        assert!(!self.stdout.contains(secret), "stdout shows a secret: {self:#?}");
        assert!(!self.stderr.contains(secret), "stderr shows a secret: {self:#?}");
        self
    }
}

/// The binary with a clean environment: no COGNITO_*, AWS_* or RUST_LOG from outside.
fn bare() -> Command {
    let mut cmd = Command::new(BIN);
    for (name, _) in std::env::vars_os() {
        let name_str = name.to_string_lossy();
        if name_str.starts_with("COGNITO_") || name_str.starts_with("AWS_") || name_str == "RUST_LOG" {
            cmd.env_remove(&name);
        }
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The binary pointed at `peer`'s emulator and `pool` through the environment.
fn cli(peer: &Peer, pool: &str) -> Command {
    let mut cmd = bare();
    let client = if pool == PLAIN_POOL { PLAIN_CLIENT } else { CLIENT };
    cmd.env("COGNITO_ENDPOINT", &peer.endpoint).env("COGNITO_POOL_ID", pool).env("COGNITO_CLIENT_ID", client);
    cmd
}

/// Runs `cmd` with `stdin` (none: an empty, non-terminal stdin) and collects its output.
fn run(cmd: &mut Command, stdin: Option<&str>) -> Run {
    run_bytes(cmd, stdin.map(str::as_bytes))
}

/// As [`run`], with any bytes on stdin.
fn run_bytes(cmd: &mut Command, stdin: Option<&[u8]>) -> Run {
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            // The child may exit without reading: a broken pipe is fine.
            let _ = input.write_all(bytes);
        }
    }
    let out = reader(child.stdout.take().unwrap());
    let err = reader(child.stderr.take().unwrap());
    let status = wait_limited(&mut child, RUN_LIMIT);
    Run { status, stdout: out.join().unwrap(), stderr: err.join().unwrap() }
}

fn reader(mut stream: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        text
    })
}

fn wait_limited(child: &mut Child, limit: Duration) -> ExitStatus {
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

fn login(peer: &Peer, pool: &str, user: &str, password: &str) -> Command {
    let mut cmd = cli(peer, pool);
    cmd.arg("login").arg("--username").arg(user).env("COGNITO_PASSWORD", password);
    cmd
}

fn totp(peer: &Peer) -> String {
    cognito_srp_emulator::totp_code(ALICE_TOTP, peer.admin.now()).unwrap()
}

/// A six-digit code that is not accepted now (differs from the codes of the window around now).
fn wrong_totp(peer: &Peer) -> String {
    let now = peer.admin.now();
    let valid: Vec<String> = [now.saturating_sub(60), now.saturating_sub(30), now, now + 30, now + 60]
        .iter()
        .map(|t| cognito_srp_emulator::totp_code(ALICE_TOTP, *t).unwrap())
        .collect();
    (0..1_000_000u32).map(|n| format!("{n:06}")).find(|c| !valid.contains(c)).unwrap()
}

fn assert_tokens(json: &Value) {
    for field in ["AccessToken", "IdToken", "RefreshToken", "TokenType"] {
        assert!(json[field].as_str().is_some_and(|s| !s.is_empty()), "no {field} in {json}");
    }
    assert!(json["ExpiresIn"].as_u64().is_some_and(|n| n > 0), "no ExpiresIn in {json}");
    assert_eq!(json["TokenType"], "Bearer");
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// First login of alice with a device file: TOTP, confirm and remember the device.
fn first_device_login(peer: &Peer, device_file: &Path) -> Value {
    let out = run(
        login(peer, POOL, ALICE, ALICE_PASSWORD)
            .arg("--device-file")
            .arg(device_file)
            .arg("--remember-device")
            .arg("--mfa-code")
            .arg(totp(peer)),
        None,
    );
    out.assert_hides(ALICE_PASSWORD);
    let json = out.json();
    assert_tokens(&json);
    assert!(json["DeviceKey"].as_str().is_some_and(|k| k.starts_with("us-east-1_")), "{json}");
    json
}

// ----------------------------------------------------------------------------------------
// login

#[test]
fn login_prints_the_tokens_as_json() {
    let peer = start();
    let out = run(&mut login(&peer, PLAIN_POOL, PLAIN, PLAIN_PASSWORD), None);
    out.assert_hides(PLAIN_PASSWORD);
    let json = out.json();
    assert_tokens(&json);
    assert!(json.get("DeviceKey").is_none(), "no device on a pool without device tracking: {json}");
}

#[test]
fn login_takes_every_setting_from_options_too() {
    let peer = start();
    let out = run(
        bare().args([
            "login",
            "--endpoint",
            peer.endpoint.as_str(),
            "--pool-id",
            PLAIN_POOL,
            "--client-id",
            PLAIN_CLIENT,
            "--username",
            PLAIN,
            "--password-stdin",
        ]),
        Some(&format!("{PLAIN_PASSWORD}\n")),
    );
    assert_tokens(&out.json());
}

#[test]
fn login_reads_the_endpoint_from_the_aws_sdk_variable() {
    let peer = start();
    let out = run(
        bare()
            .env("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", &peer.endpoint)
            .env("COGNITO_POOL_ID", PLAIN_POOL)
            .env("COGNITO_CLIENT_ID", PLAIN_CLIENT)
            .env("COGNITO_USERNAME", PLAIN)
            .env("COGNITO_PASSWORD", PLAIN_PASSWORD)
            .arg("login"),
        None,
    );
    assert_tokens(&out.json());
}

#[test]
fn login_with_an_email_alias() {
    let peer = start();
    let out = run(&mut login(&peer, POOL, BOB_EMAIL, BOB_PASSWORD), None);
    assert_tokens(&out.json());
}

#[test]
fn login_with_a_client_secret_and_without_it() {
    let peer = start();
    let with = run(
        login(&peer, POOL, BOB, BOB_PASSWORD)
            .env("COGNITO_CLIENT_ID", SECRET_CLIENT)
            .env("COGNITO_CLIENT_SECRET", CLIENT_SECRET),
        None,
    );
    with.assert_hides(CLIENT_SECRET);
    assert_tokens(&with.json());

    let without = run(login(&peer, POOL, BOB, BOB_PASSWORD).env("COGNITO_CLIENT_ID", SECRET_CLIENT), None);
    without.assert_code(1);
    assert!(without.stderr.contains("NotAuthorizedException"), "{without:#?}");
    assert!(without.stderr.contains("--client-secret"), "a hint names the option: {without:#?}");
}

#[test]
fn new_password_required_is_answered_from_stdin() {
    let peer = start();
    let out = run(
        cli(&peer, POOL).args(["login", "--username", NEWBIE, "--password-stdin", "--new-password-stdin"]),
        Some(&format!("{NEWBIE_TEMP}\n{NEWBIE_NEW}\n")),
    );
    out.assert_hides(NEWBIE_NEW).assert_hides(NEWBIE_TEMP);
    assert_tokens(&out.json());
    // The new password now works on its own.
    assert_tokens(&run(&mut login(&peer, POOL, NEWBIE, NEWBIE_NEW), None).json());
}

#[test]
fn new_password_required_without_a_terminal_or_stdin_fails_clearly() {
    let peer = start();
    let out = run(&mut login(&peer, POOL, NEWBIE, NEWBIE_TEMP), None);
    out.assert_code(2);
    assert!(out.stdout.is_empty(), "{out:#?}");
    assert!(out.stderr.contains("--new-password-stdin"), "{out:#?}");
}

// ----------------------------------------------------------------------------------------
// MFA

#[test]
fn mfa_code_answers_the_totp_challenge() {
    let peer = start();
    let out = run(login(&peer, POOL, ALICE, ALICE_PASSWORD).arg("--mfa-code").arg(totp(&peer)), None);
    let json = out.json();
    assert_tokens(&json);
    // Without a device file the device is still confirmed (its tokens refresh only with its
    // key), and its key printed; it is not remembered, so the next sign-in asks for MFA again.
    let key = json["DeviceKey"].as_str().unwrap();
    let devices = peer.admin.list_devices(POOL, ALICE);
    assert!(devices.iter().any(|d| d.device_key == key && d.confirmed && !d.remembered), "{devices:?}");
}

#[test]
fn a_wrong_mfa_code_exits_1_with_code_mismatch() {
    let peer = start();
    let out = run(login(&peer, POOL, ALICE, ALICE_PASSWORD).arg("--mfa-code").arg(wrong_totp(&peer)), None);
    out.assert_code(1);
    assert!(out.stdout.is_empty(), "{out:#?}");
    assert!(out.stderr.contains("CodeMismatchException"), "{out:#?}");
}

#[test]
fn mfa_without_a_terminal_fails_clearly() {
    let peer = start();
    let out = run(&mut login(&peer, POOL, ALICE, ALICE_PASSWORD), None);
    out.assert_code(2).assert_hides(ALICE_PASSWORD);
    assert!(out.stdout.is_empty(), "{out:#?}");
    assert!(out.stderr.contains("--mfa-code"), "the message says what to pass: {out:#?}");
}

// ----------------------------------------------------------------------------------------
// exit codes and prompts

#[test]
fn a_wrong_password_exits_1_with_cognitos_error_type() {
    let peer = start();
    let out = run(&mut login(&peer, PLAIN_POOL, PLAIN, "Not-The-Pa55word"), None);
    out.assert_code(1).assert_hides("Not-The-Pa55word");
    assert!(out.stdout.is_empty(), "{out:#?}");
    assert!(out.stderr.contains("NotAuthorizedException"), "{out:#?}");
    assert!(out.stderr.contains("Incorrect username or password"), "{out:#?}");
}

#[test]
fn an_unknown_user_exits_1() {
    let peer = start();
    let out = run(&mut login(&peer, PLAIN_POOL, "nobody-here", PLAIN_PASSWORD), None);
    out.assert_code(1);
    assert!(out.stdout.is_empty(), "{out:#?}");
}

#[test]
fn no_terminal_for_the_password_prompt_is_a_usage_error() {
    let peer = start();
    let out = run(cli(&peer, PLAIN_POOL).args(["login", "--username", PLAIN]), None);
    out.assert_code(2);
    assert!(out.stdout.is_empty(), "{out:#?}");
    assert!(
        out.stderr.contains("--password-stdin") && out.stderr.contains("COGNITO_PASSWORD"),
        "the message says what to use instead: {out:#?}"
    );
}

#[test]
fn empty_stdin_with_password_stdin_is_a_usage_error() {
    let peer = start();
    let out = run(cli(&peer, PLAIN_POOL).args(["login", "--username", PLAIN, "--password-stdin"]), Some(""));
    out.assert_code(2);
    assert!(out.stdout.is_empty(), "{out:#?}");
}

#[test]
fn missing_and_bad_arguments_exit_2() {
    // No pool id anywhere.
    let out = run(bare().args(["login", "--client-id", CLIENT, "--username", PLAIN]), None);
    out.assert_code(2);
    assert!(out.stderr.contains("--pool-id"), "{out:#?}");
    // No command.
    run(&mut bare(), None).assert_code(2);
    // Unknown command and unknown option.
    run(bare().arg("levitate"), None).assert_code(2);
    run(bare().args(["login", "--no-such-option"]), None).assert_code(2);
    // A pool id without a region.
    let out = run(
        bare()
            .args(["login", "--pool-id", "nounderscore", "--client-id", CLIENT, "--username", PLAIN])
            .env("COGNITO_PASSWORD", PLAIN_PASSWORD),
        None,
    );
    out.assert_code(2).assert_hides(PLAIN_PASSWORD);
}

#[test]
fn every_command_has_help_with_examples() {
    for args in [
        &["--help"][..],
        &["demo", "--help"][..],
        &["login", "--help"][..],
        &["refresh", "--help"][..],
        &["devices", "list", "--help"][..],
        &["devices", "forget", "--help"][..],
        &["devices", "remember", "--help"][..],
        &["sign-out", "--help"][..],
        &["emulator", "--help"][..],
    ] {
        let out = run(bare().args(args), None);
        out.assert_code(0);
        assert!(out.stdout.contains("Examples:"), "{args:?} --help has no examples: {out:#?}");
    }
    let out = run(bare().args(["devices", "--help"]), None);
    out.assert_code(0);
    for command in ["list", "forget", "remember"] {
        assert!(out.stdout.contains(command), "{out:#?}");
    }
}

// ----------------------------------------------------------------------------------------
// the device file

#[test]
fn device_file_round_trip_second_login_takes_the_device_path() {
    let peer = start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.json");

    let first = first_device_login(&peer, &path);
    let key = first["DeviceKey"].as_str().unwrap().to_owned();
    let devices = peer.admin.list_devices(POOL, ALICE);
    assert_eq!(devices.len(), 1, "{devices:?}");
    assert!(devices[0].device_key == key && devices[0].confirmed && devices[0].remembered, "{devices:?}");

    let stored: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let stored_text = stored.to_string();
    assert!(stored_text.contains(&key), "the file holds the device key: {stored_text}");
    let before = std::fs::read(&path).unwrap();

    // The second login has no MFA code and no terminal: it can only succeed on the device
    // path (DEVICE_SRP_AUTH -> DEVICE_PASSWORD_VERIFIER), which skips MFA for a remembered device.
    let second = run(login(&peer, POOL, ALICE, ALICE_PASSWORD).arg("--device-file").arg(&path), None);
    let json = second.json();
    assert_tokens(&json);
    assert_eq!(json["DeviceKey"].as_str(), Some(key.as_str()));
    assert_eq!(peer.admin.list_devices(POOL, ALICE).len(), 1, "no new device was created");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the device file is unchanged");
    assert_eq!(file_names(dir.path()), vec!["device.json".to_owned()], "no temporary file is left");

    // A tampered device password is refused by the verifying emulator: the path really signs.
    let mut tampered = stored.clone();
    let mut replaced = false;
    if let Some(object) = tampered.as_object_mut() {
        for (name, value) in object.iter_mut() {
            if name.to_ascii_lowercase().contains("password") {
                *value = Value::String("bm90IHRoZSBkZXZpY2UgcGFzc3dvcmQ=".into());
                replaced = true;
            }
        }
    }
    assert!(replaced, "the device file has a device password field: {stored_text}");
    std::fs::write(&path, serde_json::to_vec(&tampered).unwrap()).unwrap();
    let forged = run(login(&peer, POOL, ALICE, ALICE_PASSWORD).arg("--device-file").arg(&path), None);
    assert_ne!(forged.code(), Some(0), "a wrong device password must not sign in: {forged:#?}");
}

#[cfg(unix)]
#[test]
fn device_file_is_created_0600_even_over_a_world_readable_file() {
    use std::os::unix::fs::PermissionsExt;
    let peer = start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.json");
    std::fs::write(&path, b"").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();

    first_device_login(&peer, &path);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(file_names(dir.path()), vec!["device.json".to_owned()]);
}

#[cfg(unix)]
#[test]
fn device_file_in_a_new_directory() {
    let peer = start();
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("config").join("cognito-srp").join("device.json");
    first_device_login(&peer, &path);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(file_names(path.parent().unwrap()), vec!["device.json".to_owned()]);
}

#[test]
fn device_file_stays_out_of_the_output() {
    let peer = start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.json");
    first_device_login(&peer, &path);
    let stored: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let device_password = stored
        .as_object()
        .unwrap()
        .iter()
        .find(|(name, _)| name.to_ascii_lowercase().contains("password"))
        .and_then(|(_, v)| v.as_str())
        .unwrap()
        .to_owned();
    let out = run(
        login(&peer, POOL, ALICE, ALICE_PASSWORD).arg("--device-file").arg(&path).env("RUST_LOG", "trace"),
        None,
    );
    out.assert_hides(&device_password).assert_hides(ALICE_PASSWORD);
    assert_tokens(&out.json());
}

#[test]
fn another_users_or_pools_device_file_is_refused_and_left_alone() {
    let peer = start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.json");
    first_device_login(&peer, &path);
    let before = std::fs::read(&path).unwrap();

    // Another user of the same pool.
    let out = run(login(&peer, POOL, BOB, BOB_PASSWORD).arg("--device-file").arg(&path), None);
    out.assert_code(2);
    assert!(out.stdout.is_empty(), "{out:#?}");
    // Another pool.
    let out = run(login(&peer, PLAIN_POOL, PLAIN, PLAIN_PASSWORD).arg("--device-file").arg(&path), None);
    out.assert_code(2);
    assert!(out.stdout.is_empty(), "{out:#?}");

    assert_eq!(std::fs::read(&path).unwrap(), before, "the device file is untouched");
    assert_eq!(peer.admin.list_devices(POOL, BOB).len(), 0, "no request was made for bob");
}

#[test]
fn a_corrupt_device_file_is_an_error_not_a_panic() {
    let peer = start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.json");
    std::fs::write(&path, b"{ this is not a device").unwrap();
    let out = run(login(&peer, POOL, ALICE, ALICE_PASSWORD).arg("--device-file").arg(&path), None);
    assert!(matches!(out.code(), Some(1 | 2)), "{out:#?}");
    assert!(!out.stderr.contains("panicked"), "{out:#?}");
    assert_eq!(std::fs::read(&path).unwrap(), b"{ this is not a device", "the file is left as it was");
}

#[test]
fn a_forgotten_device_is_dropped_and_a_new_one_confirmed() {
    let peer = start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.json");
    let first = first_device_login(&peer, &path);
    let old_key = first["DeviceKey"].as_str().unwrap().to_owned();

    // Forget it on the server only (by key, not by file): the file now names a dead device.
    let forgot = run(
        cli(&peer, POOL)
            .args(["devices", "forget", old_key.as_str()])
            .env("COGNITO_ACCESS_TOKEN", first["AccessToken"].as_str().unwrap()),
        None,
    );
    forgot.assert_code(0);
    assert!(path.exists(), "forgetting by key leaves the file");
    assert!(peer.admin.list_devices(POOL, ALICE).is_empty());

    // The next login drops the device, asks for MFA again, and confirms a new device.
    let again = run(
        login(&peer, POOL, ALICE, ALICE_PASSWORD)
            .arg("--device-file")
            .arg(&path)
            .arg("--remember-device")
            .arg("--mfa-code")
            .arg(totp(&peer)),
        None,
    );
    let json = again.json();
    let new_key = json["DeviceKey"].as_str().unwrap();
    assert_ne!(new_key, old_key);
    assert!(std::fs::read_to_string(&path).unwrap().contains(new_key));
    assert_eq!(peer.admin.list_devices(POOL, ALICE).len(), 1);
}

// ----------------------------------------------------------------------------------------
// refresh, devices, sign-out

#[test]
fn refresh_with_the_device_file_and_without_it() {
    let peer = start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.json");
    let first = first_device_login(&peer, &path);
    let login_json = first.to_string();

    // The login JSON piped in, the device key from the file.
    let out = run(cli(&peer, POOL).arg("refresh").arg("--device-file").arg(&path), Some(&login_json));
    let json = out.json();
    assert!(json["AccessToken"].as_str().is_some_and(|t| !t.is_empty()), "{json}");
    assert!(json["IdToken"].as_str().is_some_and(|t| !t.is_empty()), "{json}");

    // Without the device key: Cognito's "Invalid Refresh Token", with a hint naming the key.
    let refresh_token = first["RefreshToken"].as_str().unwrap();
    let out = run(cli(&peer, POOL).arg("refresh").env("COGNITO_REFRESH_TOKEN", refresh_token), None);
    out.assert_code(1).assert_hides(refresh_token);
    assert!(out.stderr.contains("NotAuthorizedException"), "{out:#?}");
    assert!(out.stderr.contains("Invalid Refresh Token"), "{out:#?}");
    assert!(out.stderr.to_ascii_lowercase().contains("device key"), "a hint names the device key: {out:#?}");
}

#[test]
fn refresh_with_a_client_secret_after_an_alias_login() {
    // SECRET_HASH on REFRESH_TOKEN_AUTH takes the internal user name, not the alias typed at
    // login; COGNITO_USERNAME (the alias, as the README exports it) must not break the refresh.
    let peer = start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.json");
    let secret = |cmd: &mut Command| {
        cmd.env("COGNITO_CLIENT_ID", SECRET_CLIENT).env("COGNITO_CLIENT_SECRET", CLIENT_SECRET);
    };
    let mut first = login(&peer, POOL, BOB_EMAIL, BOB_PASSWORD);
    secret(&mut first);
    let first = run(first.env("COGNITO_USERNAME", BOB_EMAIL).arg("--device-file").arg(&path), None).json();
    assert_tokens(&first);

    let mut refresh = cli(&peer, POOL);
    secret(&mut refresh);
    let out = run(
        refresh.env("COGNITO_USERNAME", BOB_EMAIL).arg("refresh").arg("--device-file").arg(&path),
        Some(&first.to_string()),
    );
    out.assert_hides(CLIENT_SECRET);
    assert!(out.json()["AccessToken"].as_str().is_some_and(|t| !t.is_empty()), "{out:#?}");

    // Without the device file: the login JSON on stdin carries the device key and the tokens
    // name the internal user.
    let mut refresh = cli(&peer, POOL);
    secret(&mut refresh);
    let out = run(refresh.env("COGNITO_USERNAME", BOB_EMAIL).arg("refresh"), Some(&first.to_string()));
    assert!(out.json()["AccessToken"].as_str().is_some_and(|t| !t.is_empty()), "{out:#?}");
}

#[test]
fn token_input_that_is_not_utf8_is_a_usage_error() {
    let peer = start();
    let out = run_bytes(cli(&peer, PLAIN_POOL).arg("refresh"), Some(&[0xff, 0xfe, 0x80, b'\n']));
    out.assert_code(2);
    assert!(!out.stderr.contains("panicked"), "{out:#?}");
}

#[test]
fn refresh_of_a_plain_login() {
    let peer = start();
    let first = run(&mut login(&peer, PLAIN_POOL, PLAIN, PLAIN_PASSWORD), None).json();
    let out = run(cli(&peer, PLAIN_POOL).arg("refresh"), Some(first["RefreshToken"].as_str().unwrap()));
    let json = out.json();
    assert!(json["AccessToken"].as_str().is_some_and(|t| !t.is_empty()), "{json}");
}

#[test]
fn refresh_without_a_token_is_a_usage_error() {
    let peer = start();
    let out = run(cli(&peer, PLAIN_POOL).arg("refresh"), None);
    out.assert_code(2);
    assert!(out.stderr.contains("COGNITO_REFRESH_TOKEN"), "{out:#?}");
}

#[test]
fn devices_list_remember_forget() {
    let peer = start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.json");
    let first = first_device_login(&peer, &path);
    let key = first["DeviceKey"].as_str().unwrap().to_owned();
    let tokens = first.to_string();

    let listed = run(cli(&peer, POOL).args(["devices", "list"]), Some(&tokens)).json();
    assert!(listed.to_string().contains(&key), "ListDevices shows the device: {listed}");

    run(
        cli(&peer, POOL).args(["devices", "remember", "--off"]).arg("--device-file").arg(&path),
        Some(&tokens),
    )
    .assert_code(0);
    assert!(peer.admin.list_devices(POOL, ALICE).iter().all(|d| !d.remembered));
    run(cli(&peer, POOL).args(["devices", "remember"]).arg("--device-file").arg(&path), Some(&tokens))
        .assert_code(0);
    assert!(peer.admin.list_devices(POOL, ALICE).iter().all(|d| d.remembered));

    run(cli(&peer, POOL).args(["devices", "forget"]).arg("--device-file").arg(&path), Some(&tokens))
        .assert_code(0);
    assert!(peer.admin.list_devices(POOL, ALICE).is_empty());
    assert!(!path.exists(), "forgetting the file's device deletes the file");
}

#[test]
fn devices_without_a_token_and_with_a_bad_one() {
    let peer = start();
    run(cli(&peer, POOL).args(["devices", "list"]), None).assert_code(2);
    let out =
        run(cli(&peer, POOL).args(["devices", "list"]).env("COGNITO_ACCESS_TOKEN", "not.a.token"), None);
    out.assert_code(1);
    assert!(out.stderr.contains("NotAuthorizedException"), "{out:#?}");
}

#[test]
fn sign_out_revokes_the_refresh_token() {
    let peer = start();
    let first = run(&mut login(&peer, PLAIN_POOL, PLAIN, PLAIN_PASSWORD), None).json();
    run(cli(&peer, PLAIN_POOL).arg("sign-out"), Some(&first.to_string())).assert_code(0);
    let out = run(
        cli(&peer, PLAIN_POOL)
            .arg("refresh")
            .env("COGNITO_REFRESH_TOKEN", first["RefreshToken"].as_str().unwrap()),
        None,
    );
    out.assert_code(1);
    assert!(out.stderr.contains("NotAuthorizedException"), "{out:#?}");
}

// ----------------------------------------------------------------------------------------
// the emulator command

/// Starts `cognito-srp emulator --port 0 --seed FILE`; returns the child and its port.
fn spawn_emulator(seed: &Path) -> (Child, u16) {
    spawn_emulator_with(seed, &[])
}

/// Starts `cognito-srp emulator --port 0 --seed FILE EXTRA...`; returns the child and its port.
fn spawn_emulator_with(seed: &Path, extra: &[&str]) -> (Child, u16) {
    let mut child = bare()
        .args(["emulator", "--port", "0", "--seed"])
        .arg(seed)
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut first = String::new();
        let mut lines = BufReader::new(stdout);
        let _ = lines.read_line(&mut first);
        let _ = tx.send(first);
        // Keep draining so the server never blocks on a full pipe.
        let _ = std::io::copy(&mut lines, &mut std::io::sink());
    });
    let first = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(line) => line,
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the emulator printed no first line in 60 s");
        }
    };
    let port = first
        .trim_end()
        .strip_prefix("LISTENING ")
        .and_then(|p| p.parse::<u16>().ok())
        .unwrap_or_else(|| panic!("the first stdout line is not `LISTENING <port>`: {first:?}"));
    assert_ne!(port, 0);
    (child, port)
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill").arg(format!("-{name}")).arg(child.id().to_string()).status().unwrap();
    assert!(status.success(), "kill -{name} failed");
}

#[cfg(unix)]
#[test]
fn emulator_command_serves_a_seed_and_stops_on_sigterm_and_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    let text = serde_json::json!({
        "pools": [{
            "id": PLAIN_POOL, "name": "seeded", "region": "eu-west-1",
            "clients": [{ "id": PLAIN_CLIENT, "name": PLAIN_CLIENT }],
            "users": [{ "username": PLAIN, "password": PLAIN_PASSWORD, "permanent": true }]
        }]
    });
    std::fs::write(&seed, text.to_string()).unwrap();

    for sig in ["TERM", "INT"] {
        let (mut child, port) = spawn_emulator(&seed);
        let out = run(
            bare()
                .arg("login")
                .arg("--endpoint")
                .arg(format!("http://127.0.0.1:{port}"))
                .args(["--pool-id", PLAIN_POOL, "--client-id", PLAIN_CLIENT, "--username", PLAIN])
                .env("COGNITO_PASSWORD", PLAIN_PASSWORD),
            None,
        );
        assert_tokens(&out.json());
        signal(&child, sig);
        let status = wait_limited(&mut child, Duration::from_secs(30));
        assert!(status.success(), "SIG{sig} stops the emulator cleanly: {status:?}");
    }
}

/// One raw HTTP/1.1 request to 127.0.0.1:`port` (`Connection: close`); the whole answer.
fn raw_post(port: u16, op: &str, body: &str, origin: Option<&str>) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let origin = origin.map(|o| format!("Origin: {o}\r\n")).unwrap_or_default();
    let request = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{origin}\
         X-Amz-Target: AWSCognitoIdentityProviderService.{op}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[cfg(unix)]
#[test]
fn emulator_command_takes_fault_rates_and_the_browser_admin_opt_in() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(&seed, serde_json::json!({ "pools": [{ "id": PLAIN_POOL }] }).to_string()).unwrap();
    let describe = format!(r#"{{"UserPoolId":"{PLAIN_POOL}"}}"#);

    let (mut child, port) = spawn_emulator_with(&seed, &["--fault-throttle", "1", "--fault-seed", "3"]);
    let answer = raw_post(port, "DescribeUserPool", &describe, None);
    assert!(answer.contains("TooManyRequestsException"), "{answer}");
    signal(&child, "TERM");
    assert!(wait_limited(&mut child, Duration::from_secs(30)).success());

    for (extra, allowed) in [(&[][..], false), (&["--allow-browser-admin"][..], true)] {
        let (mut child, port) = spawn_emulator_with(&seed, extra);
        let answer = raw_post(port, "DescribeUserPool", &describe, Some("https://evil.example"));
        let status = if allowed { "HTTP/1.1 200 " } else { "HTTP/1.1 403 " };
        assert!(answer.starts_with(status), "{extra:?}: {answer}");
        assert_eq!(answer.contains("AccessDeniedException"), !allowed, "{answer}");
        signal(&child, "TERM");
        assert!(wait_limited(&mut child, Duration::from_secs(30)).success());
    }

    for bad in
        [&["--fault-throttle", "1.5"][..], &["--fault-throttle", "0.7", "--fault-truncated-body", "0.5"][..]]
    {
        let out = run(bare().args(["emulator", "--port", "0"]).args(bad), None);
        out.assert_code(2);
        assert!(!out.stdout.contains("LISTENING"), "{out:#?}");
    }
}

#[test]
fn emulator_command_with_a_bad_seed_fails_without_listening() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(&seed, b"{ not json").unwrap();
    let out = run(bare().args(["emulator", "--port", "0", "--seed"]).arg(&seed), None);
    assert!(matches!(out.code(), Some(1 | 2)), "{out:#?}");
    assert!(!out.stdout.contains("LISTENING"), "{out:#?}");
    let missing =
        run(bare().args(["emulator", "--port", "0", "--seed"]).arg(dir.path().join("absent.json")), None);
    assert!(matches!(missing.code(), Some(1 | 2)), "{missing:#?}");
}

// ----------------------------------------------------------------------------------------
// the demo

#[test]
fn demo_exits_0_and_tells_the_story() {
    let out = run(bare().arg("demo"), None);
    out.assert_code(0);
    assert!(out.stdout.contains('\u{2713}'), "steps are ticked: {out:#?}");
    assert!(!out.stdout.contains('\u{2717}'), "no step failed: {out:#?}");
    assert!(out.stdout.contains(" 1. "), "steps are numbered: {out:#?}");
    assert!(out.stdout.contains("Summary"), "a summary ends it: {out:#?}");
    assert!(!out.stderr.contains("panicked"), "{out:#?}");
}

// ----------------------------------------------------------------------------------------
// prompts on a real terminal (a pseudo-terminal, as a person at a shell has)

#[cfg(unix)]
mod on_a_terminal {
    use super::*;
    use rexpect::process::wait::WaitStatus;
    use rexpect::session::{PtySession, spawn_command};

    /// The binary on a pseudo-terminal, and everything it has shown so far.
    struct Terminal {
        session: PtySession,
        transcript: String,
    }

    impl Terminal {
        /// `cmd` on a new pseudo-terminal that is its controlling terminal, with echo on as in
        /// a person's shell (rexpect starts it with echo off; `stty echo` turns it back on, so
        /// that a hidden prompt is really tested: a visible answer shows up in the transcript).
        fn run(cmd: &Command) -> Self {
            let mut shell = Command::new("sh");
            shell
                .arg("-c")
                .arg("stty echo && exec \"$0\" \"$@\"")
                .arg(cmd.get_program())
                .args(cmd.get_args());
            for (name, value) in cmd.get_envs() {
                match value {
                    Some(value) => shell.env(name, value),
                    None => shell.env_remove(name),
                };
            }
            let limit = u64::try_from(RUN_LIMIT.as_millis()).unwrap();
            Self { session: spawn_command(shell, Some(limit)).unwrap(), transcript: String::new() }
        }

        /// Reads up to and including `needle`.
        fn expect(&mut self, needle: &str) {
            let before = self.session.exp_string(needle).unwrap_or_else(|e| {
                panic!("no {needle:?} on the terminal ({e}); so far:\n{}", self.transcript)
            });
            self.transcript.push_str(&before);
            self.transcript.push_str(needle);
        }

        /// Waits for `prompt`, then types `line` and Enter.
        fn answer(&mut self, prompt: &str, line: &str) {
            self.expect(prompt);
            self.session.send_line(line).unwrap();
        }

        /// Waits for the end of the output; returns the exit code and the whole transcript.
        fn finish(mut self) -> (i32, String) {
            self.transcript.push_str(&self.session.exp_eof().unwrap());
            match self.session.process.wait().unwrap() {
                WaitStatus::Exited(_, code) => (code, self.transcript),
                other => panic!("cognito-srp did not exit normally: {other:?}\n{}", self.transcript),
            }
        }
    }

    /// The JSON object printed last (stdout and stderr share the terminal).
    fn tokens_in(transcript: &str) -> Value {
        let start = transcript.find('{').unwrap_or_else(|| panic!("no JSON in:\n{transcript}"));
        let end = transcript.rfind('}').unwrap();
        serde_json::from_str(&transcript[start..=end])
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{transcript}"))
    }

    const MFA_PROMPT: &str = "MFA code (authenticator app): ";

    #[test]
    fn password_and_mfa_prompts_hide_the_password_and_retry_a_wrong_code() {
        let peer = start();
        let mut terminal = Terminal::run(cli(&peer, POOL).args(["login", "--username", ALICE]));
        terminal.answer(&format!("Password for {ALICE}: "), ALICE_PASSWORD);
        let wrong = wrong_totp(&peer);
        terminal.answer(MFA_PROMPT, &wrong);
        terminal.expect("wrong code, try again");
        terminal.answer(MFA_PROMPT, &totp(&peer));
        let (code, transcript) = terminal.finish();

        assert_eq!(code, 0, "{transcript}");
        assert_tokens(&tokens_in(&transcript));
        // Echo was on (the visible MFA answer shows), yet the password never did.
        assert!(transcript.contains(&wrong), "the terminal did not echo: {transcript}");
        assert!(!transcript.contains(ALICE_PASSWORD), "the password was echoed: {transcript}");
    }

    #[test]
    fn new_password_prompts_are_hidden_and_must_match() {
        let peer = start();
        let mut terminal = Terminal::run(cli(&peer, POOL).args(["login", "--username", NEWBIE]));
        terminal.answer(&format!("Password for {NEWBIE}: "), NEWBIE_TEMP);
        terminal.answer("New password: ", NEWBIE_NEW);
        terminal.answer("New password again: ", "Not-The-Same-Pa55word");
        terminal.expect("the passwords differ, try again");
        terminal.answer("New password: ", NEWBIE_NEW);
        terminal.answer("New password again: ", NEWBIE_NEW);
        let (code, transcript) = terminal.finish();

        assert_eq!(code, 0, "{transcript}");
        assert_tokens(&tokens_in(&transcript));
        for secret in [NEWBIE_TEMP, NEWBIE_NEW, "Not-The-Same-Pa55word"] {
            assert!(!transcript.contains(secret), "a password was echoed: {transcript}");
        }
        // The new password now works on its own.
        assert_tokens(&run(&mut login(&peer, POOL, NEWBIE, NEWBIE_NEW), None).json());
    }

    #[test]
    fn end_of_input_at_the_mfa_prompt_is_a_usage_error() {
        let peer = start();
        let mut terminal = Terminal::run(&login(&peer, POOL, ALICE, ALICE_PASSWORD));
        terminal.expect(MFA_PROMPT);
        terminal.session.send_control('d').unwrap();
        let (code, transcript) = terminal.finish();

        assert_eq!(code, 2, "{transcript}");
        assert!(transcript.contains("no MFA code (authenticator app) given"), "{transcript}");
        assert!(!transcript.contains("AccessToken"), "{transcript}");
    }
}
