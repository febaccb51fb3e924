//! `cognito-srp login --admin` against the emulator with SigV4 verification on: the admin SRP
//! sign-in through TOTP writing a device file (keys from the environment), the device path
//! that skips MFA (keys from a shared credentials file and AWS_PROFILE), ADMIN_USER_PASSWORD_AUTH
//! with the device, and the failures: a wrong secret (exit 1, InvalidSignatureException), no
//! credentials (exit 2), `--flow password` without `--admin` (exit 2).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
// The emulator's configs are #[non_exhaustive]: built here with Default and field assignment.
#![allow(clippy::field_reassign_with_default)]

use std::path::Path;
use std::process::Command;

use cognito_srp_emulator::{
    ClientConfig, DeviceTracking, Emulator, MfaConfiguration, PoolConfig, UserConfig,
};
use serde_json::Value;

mod support;
use support::{BIN, Peer, Run, bare, run_bytes};

const POOL: &str = "eu-west-1_CliAdmin1";
const CLIENT: &str = "server-app";
const TOTP: &str = "JBSWY3DPEHPK3PXP";
const PASSWORD: &str = "Admin-Login-Pa55";
const KEY_ID: &str = "AKIDCLIADMIN";
const SECRET: &str = "cli/admin/secret-key";

fn start() -> Peer {
    Peer::start(Emulator::builder().access_key(KEY_ID, SECRET), |admin| {
        let mut config = PoolConfig::default();
        config.id = Some(POOL.into());
        config.name = "cli-admin".into();
        config.mfa = MfaConfiguration::Optional;
        config.device_tracking = Some(
            DeviceTracking::default()
                .with_challenge_required_on_new_device(true)
                .with_device_only_remembered_on_user_prompt(false),
        );
        let pool = admin.create_user_pool(config).unwrap();
        let mut client = ClientConfig::default();
        client.id = Some(CLIENT.into());
        client.name = CLIENT.into();
        client.explicit_auth_flows =
            ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
                .map(String::from)
                .to_vec();
        admin.create_client(&pool, client).unwrap();
        let mut user = UserConfig::default();
        user.username = "alice".into();
        user.password = PASSWORD.into();
        user.permanent = true;
        user.totp_secret = Some(TOTP.into());
        admin.create_user(&pool, user).unwrap();
    })
}

/// `cognito-srp login --admin` for alice with nothing from the outer environment but `home`.
fn login(peer: &Peer, home: &Path) -> Command {
    let mut cmd = bare();
    cmd.env("HOME", home)
        .env("COGNITO_ENDPOINT", &peer.endpoint)
        .env("COGNITO_POOL_ID", POOL)
        .env("COGNITO_CLIENT_ID", CLIENT)
        .env("COGNITO_PASSWORD", PASSWORD)
        .args(["login", "--admin", "--username", "alice"]);
    cmd
}

fn run(cmd: &mut Command, stdin: &str) -> Run {
    run_bytes(cmd, stdin.as_bytes())
}

fn tokens(run: &Run) -> Value {
    let json = run.assert_hides(SECRET).json();
    assert!(json["AccessToken"].as_str().is_some_and(|t| !t.is_empty()), "{json}");
    json
}

#[test]
fn login_admin_signs_in_with_sigv4_through_mfa_and_the_device_path() {
    let peer = start();
    let home = std::env::temp_dir().join(format!("cognito-srp-cli-admin-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    let device_file = home.join("device.json");

    // Keys from the environment: SRP, TOTP from stdin, the new device confirmed and written.
    let code = cognito_srp_emulator::totp_code(TOTP, peer.admin.now()).unwrap();
    let mut first = login(&peer, &home);
    first
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .arg("--mfa-code-stdin")
        .arg("--device-file")
        .arg(&device_file);
    let json = tokens(&run(&mut first, &format!("{code}\n")));
    assert!(json["DeviceKey"].as_str().is_some(), "{json}");
    assert!(device_file.exists());
    assert_eq!(peer.admin.list_devices(POOL, "alice").len(), 1);

    // Keys from ~/.aws/credentials, profile "ops": the device path skips MFA (stdin empty).
    std::fs::write(
        home.join(".aws/credentials"),
        format!("[default]\naws_access_key_id = AKIDNOTTHISONE\naws_secret_access_key = x\n\n[ops]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"),
    )
    .unwrap();
    let mut second = login(&peer, &home);
    second.env("AWS_PROFILE", "ops").arg("--device-file").arg(&device_file);
    tokens(&run(&mut second, ""));

    // ADMIN_USER_PASSWORD_AUTH with the device.
    let mut third = login(&peer, &home);
    third.env("AWS_PROFILE", "ops").args(["--flow", "password", "--device-file"]).arg(&device_file);
    tokens(&run(&mut third, ""));
    assert_eq!(peer.admin.list_devices(POOL, "alice").len(), 1);

    // The default profile's keys are unknown to the emulator: exit 1 with AWS's error type.
    let refused = run(&mut login(&peer, &home), "");
    let stderr = &refused.stderr;
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("UnrecognizedClientException"), "{stderr}");

    // A wrong secret: exit 1, InvalidSignatureException.
    let mut wrong = login(&peer, &home);
    wrong.env("AWS_ACCESS_KEY_ID", KEY_ID).env("AWS_SECRET_ACCESS_KEY", "not-the-secret");
    let refused = run(&mut wrong, "");
    let stderr = &refused.stderr;
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("InvalidSignatureException") && !stderr.contains("not-the-secret"), "{stderr}");

    // No credentials anywhere: a usage error naming what was looked for.
    std::fs::remove_file(home.join(".aws/credentials")).unwrap();
    let missing = run(&mut login(&peer, &home), "");
    let stderr = &missing.stderr;
    assert_eq!(missing.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("AWS credentials") && stderr.contains(".aws/credentials"), "{stderr}");
    std::fs::remove_dir_all(&home).unwrap();
}

#[test]
fn flow_password_needs_admin() {
    let peer = start();
    let home = std::env::temp_dir();
    let mut cmd = login(&peer, &home);
    cmd.args(["--flow", "password"]);
    let args: Vec<String> =
        cmd.get_args().map(|a| a.to_string_lossy().into_owned()).filter(|a| a != "--admin").collect();
    let mut plain = Command::new(BIN);
    plain.args(&args);
    for (name, value) in cmd.get_envs() {
        match value {
            Some(value) => plain.env(name, value),
            None => plain.env_remove(name),
        };
    }
    let output = run(&mut plain, "");
    let stderr = &output.stderr;
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--flow password needs --admin"), "{stderr}");
}
