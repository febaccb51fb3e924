//! Acceptance tests of the account commands of the built `cognito-srp` binary against the
//! verifying emulator: `sign-up` (and `--confirm`, which signs in with ConfirmSignUp's
//! session), `confirm-sign-up`, `resend-code`, `forgot-password`, `confirm-forgot-password`,
//! `attributes get|update|verify|delete` and `delete-user`; secrets from environment
//! variables and stdin lines, never in the output; Cognito's errors as exit 1, missing input
//! as exit 2; and, on Unix, the prompts answered on a real pseudo-terminal (passwords hidden
//! and asked twice, a wrong code typed again, delete-user asking first).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stderr
)]

use std::process::Command;
use std::time::{Duration, Instant};

use cognito_srp_emulator::{ClientConfig, CodePurpose, Emulator, PoolConfig};
use serde_json::Value;

mod support;
use support::{Peer, RUN_LIMIT, Run, bare};

const POOL: &str = "us-east-1_CliAccount1";
const CLIENT: &str = "account-app";
const PASSWORD: &str = "Signup-Pa55word-Secret";
const NEW_PASSWORD: &str = "Reset-Pa55word-Secret";

/// A running emulator with a pool that emails codes and an app client allowing USER_AUTH.
fn start() -> Peer {
    Peer::start(Emulator::builder(), |admin| {
        admin
            .create_user_pool(
                PoolConfig::default()
                    .with_id(Some(POOL.into()))
                    .with_name("account")
                    .with_auto_verified_attributes(vec!["email".into()]),
            )
            .unwrap();
        admin
            .create_client(
                POOL,
                ClientConfig::default()
                    .with_id(Some(CLIENT.into()))
                    .with_name(CLIENT)
                    .with_explicit_auth_flows(
                        ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
                            .map(str::to_owned)
                            .to_vec(),
                    ),
            )
            .unwrap();
    })
}

impl Peer {
    fn code(&self, user: &str, purpose: &CodePurpose) -> String {
        self.admin.last_code(POOL, user, purpose).expect("a code was sent")
    }

    /// Waits for a code of `purpose` other than `old` (the binary sends it while it runs).
    fn wait_for_code(&self, user: &str, purpose: &CodePurpose, old: Option<&str>) -> String {
        let deadline = Instant::now() + RUN_LIMIT;
        loop {
            if let Some(code) = self.admin.last_code(POOL, user, purpose).filter(|c| Some(c.as_str()) != old)
            {
                return code;
            }
            assert!(Instant::now() < deadline, "no code was sent to {user}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The binary with a clean environment, pointed at `peer`'s pool and app client.
fn cli(peer: &Peer) -> Command {
    let mut cmd = bare();
    cmd.env("COGNITO_ENDPOINT", &peer.endpoint).env("COGNITO_POOL_ID", POOL).env("COGNITO_CLIENT_ID", CLIENT);
    cmd
}

/// Runs `cmd` with `first` on stdin, then (once `later` gives it) more; collects the output.
fn run_feeding(cmd: &mut Command, first: &str, later: impl FnOnce() -> Option<String>) -> Run {
    support::run_feeding(cmd, first.as_bytes(), later)
}

/// Runs `cmd` with `stdin` (an empty, non-terminal stdin for "").
fn run(cmd: &mut Command, stdin: &str) -> Run {
    run_feeding(cmd, stdin, || None)
}

fn sign_up(peer: &Peer, user: &str) -> Command {
    let mut cmd = cli(peer);
    cmd.args(["sign-up", "--username", user, "--user-attribute"])
        .arg(format!("email={user}@example.com"))
        .env("COGNITO_PASSWORD", PASSWORD);
    cmd
}

/// `user` signed up, confirmed and signed in: the login JSON.
fn signed_in(peer: &Peer, user: &str) -> Value {
    run(&mut sign_up(peer, user), "").json();
    let code = peer.code(user, &CodePurpose::SignUp);
    run(cli(peer).args(["confirm-sign-up", "--username", user]).env("COGNITO_CONFIRMATION_CODE", &code), "")
        .assert_code(0);
    let mut login = cli(peer);
    login.args(["login", "--username", user]).env("COGNITO_PASSWORD", PASSWORD);
    run(&mut login, "").json()
}

fn access_token(login: &Value) -> String {
    login["AccessToken"].as_str().unwrap().to_owned()
}

#[test]
fn sign_up_prints_where_the_code_went_and_confirm_sign_up_takes_it_from_the_environment() {
    let peer = start();
    let out = run(&mut sign_up(&peer, "ann"), "");
    out.assert_hides(PASSWORD);
    let json = out.json();
    assert_eq!(json["UserConfirmed"], false);
    assert!(json["UserSub"].as_str().is_some_and(|s| !s.is_empty()), "{json}");
    assert_eq!(json["CodeDeliveryDetails"]["Destination"], "a***@e***");
    assert_eq!(json["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    assert!(json.get("Session").is_none(), "the session stays inside: {json}");
    assert!(out.stderr.contains("the confirmation code went to a***@e*** (EMAIL, email)"), "{out:#?}");

    // Cognito's errors exit 1 with their type.
    let out = run(&mut sign_up(&peer, "ann"), "");
    out.assert_code(1);
    assert!(out.stderr.contains("UsernameExistsException"), "{out:#?}");
    let mut weak = sign_up(&peer, "weak");
    weak.env("COGNITO_PASSWORD", "password");
    let out = run(&mut weak, "");
    out.assert_code(1).assert_hides("password\n");
    assert!(out.stderr.contains("InvalidPasswordException"), "{out:#?}");

    let code = peer.code("ann", &CodePurpose::SignUp);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let confirm = |code: &str| {
        let mut cmd = cli(&peer);
        cmd.args(["confirm-sign-up", "--username", "ann"]).env("COGNITO_CONFIRMATION_CODE", code);
        run(&mut cmd, "")
    };
    let out = confirm(wrong);
    out.assert_code(1);
    assert!(out.stderr.contains("CodeMismatchException"), "{out:#?}");
    let out = confirm(&code);
    out.assert_code(0).assert_hides(&code);
    assert!(out.stdout.is_empty(), "{out:#?}");
    assert!(out.stderr.contains("ann is confirmed"), "{out:#?}");
    let mut login = cli(&peer);
    login.args(["login", "--username", "ann"]).env("COGNITO_PASSWORD", PASSWORD);
    assert!(run(&mut login, "").json()["AccessToken"].is_string());
}

#[test]
fn sign_up_confirm_reads_password_and_code_from_stdin_and_prints_tokens() {
    let peer = start();
    let mut cmd = cli(&peer);
    cmd.args(["sign-up", "--username", "bea", "--user-attribute", "email=bea@example.com"]).args([
        "--password-stdin",
        "--confirm",
        "--code-stdin",
    ]);
    let out = run_feeding(&mut cmd, &format!("{PASSWORD}\n"), || {
        Some(format!("{}\n", peer.wait_for_code("bea", &CodePurpose::SignUp, None)))
    });
    out.assert_hides(PASSWORD);
    let json = out.json();
    for field in ["AccessToken", "IdToken", "RefreshToken"] {
        assert!(json[field].as_str().is_some_and(|s| !s.is_empty()), "no {field}: {out:#?}");
    }
    assert!(out.stderr.contains("confirmed and signed in"), "{out:#?}");
}

#[test]
fn missing_secrets_without_a_terminal_are_usage_errors() {
    let peer = start();
    let mut cmd = cli(&peer);
    cmd.args(["sign-up", "--username", "cid"]);
    let out = run(&mut cmd, "");
    out.assert_code(2);
    assert!(out.stderr.contains("COGNITO_PASSWORD"), "{out:#?}");
    let out = run(cli(&peer).args(["confirm-sign-up", "--username", "cid"]), "");
    out.assert_code(2);
    assert!(out.stderr.contains("COGNITO_CONFIRMATION_CODE"), "{out:#?}");
    let out =
        run(cli(&peer).args(["confirm-forgot-password", "--username", "cid", "--code-stdin"]), "123456\n");
    out.assert_code(2);
    assert!(out.stderr.contains("COGNITO_NEW_PASSWORD"), "{out:#?}");
    // --code-stdin needs sign-up's --confirm; no option takes a password.
    let out = run(cli(&peer).args(["sign-up", "--username", "cid", "--code-stdin"]), "");
    out.assert_code(2);
    let out = run(cli(&peer).args(["sign-up", "--username", "cid", "--password", "x"]), "");
    out.assert_code(2);
}

#[test]
fn resend_code_and_the_password_reset_from_stdin() {
    let peer = start();
    run(&mut sign_up(&peer, "dan"), "").json();
    let first = peer.code("dan", &CodePurpose::SignUp);
    let json = run(cli(&peer).args(["resend-code", "--username", "dan"]), "").json();
    assert_eq!(json["CodeDeliveryDetails"]["AttributeName"], "email");
    let fresh = peer.wait_for_code("dan", &CodePurpose::SignUp, Some(&first));
    run(cli(&peer).args(["confirm-sign-up", "--username", "dan", "--code-stdin"]), &format!("{fresh}\n"))
        .assert_code(0);

    let out = run(cli(&peer).args(["forgot-password", "--username", "dan"]), "");
    let json = out.json();
    assert_eq!(json["CodeDeliveryDetails"]["Destination"], "d***@e***");
    assert!(out.stderr.contains("confirm-forgot-password"), "{out:#?}");
    let code = peer.code("dan", &CodePurpose::ForgotPassword);
    let reset = || {
        let mut cmd = cli(&peer);
        cmd.args(["confirm-forgot-password", "--username", "dan", "--code-stdin", "--new-password-stdin"]);
        cmd
    };
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let out = run(&mut reset(), &format!("{wrong}\n{NEW_PASSWORD}\n"));
    out.assert_code(1).assert_hides(NEW_PASSWORD);
    assert!(out.stderr.contains("CodeMismatchException"), "{out:#?}");
    let out = run(&mut reset(), &format!("{code}\n{NEW_PASSWORD}\n"));
    out.assert_code(0).assert_hides(NEW_PASSWORD);

    let mut login = cli(&peer);
    login.args(["login", "--username", "dan"]).env("COGNITO_PASSWORD", NEW_PASSWORD);
    assert!(run(&mut login, "").json()["AccessToken"].is_string());
    let mut old = cli(&peer);
    old.args(["login", "--username", "dan"]).env("COGNITO_PASSWORD", PASSWORD);
    run(&mut old, "").assert_code(1);

    // The environment works too, and an unknown user is Cognito's error.
    run(cli(&peer).args(["forgot-password", "--username", "dan"]), "").json();
    let code = peer.wait_for_code("dan", &CodePurpose::ForgotPassword, Some(&code));
    let mut cmd = cli(&peer);
    cmd.args(["confirm-forgot-password", "--username", "dan"])
        .env("COGNITO_CONFIRMATION_CODE", &code)
        .env("COGNITO_NEW_PASSWORD", PASSWORD);
    run(&mut cmd, "").assert_code(0);
    let out = run(cli(&peer).args(["forgot-password", "--username", "nobody"]), "");
    out.assert_code(1);
    assert!(out.stderr.contains("UserNotFoundException"), "{out:#?}");
}

#[test]
fn attributes_get_update_verify_delete() {
    let peer = start();
    let login = signed_in(&peer, "eve");
    let login_json = login.to_string();
    let token = access_token(&login);

    let json = run(cli(&peer).args(["attributes", "get"]), &login_json).json();
    assert_eq!(json["Username"], "eve");
    let attrs = json["UserAttributes"].as_array().unwrap();
    assert!(attrs.iter().any(|a| a["Name"] == "email_verified" && a["Value"] == "true"), "{json}");

    let out = run(
        cli(&peer)
            .args(["attributes", "update", "--user-attribute", "email=eve@example.org"])
            .args(["--user-attribute", "name=Eve \u{1b}]52;c;ZXZpbA==\u{7}\u{9b}"]),
        &login_json,
    );
    let json = out.json();
    assert_eq!(json["CodeDeliveryDetailsList"][0]["AttributeName"], "email");
    assert!(out.stderr.contains("cognito-srp attributes verify email"), "{out:#?}");

    // Text from the server is escaped: the name's controls do not reach the terminal raw.
    let out = run(cli(&peer).args(["attributes", "get"]).env("COGNITO_ACCESS_TOKEN", &token), "");
    out.assert_code(0);
    assert!(!out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{9b}'), "{out:#?}");
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    let attrs = json["UserAttributes"].as_array().unwrap();
    assert!(attrs.iter().any(|a| a["Name"] == "name" && a["Value"] == "Eve \u{1b}]52;c;ZXZpbA==\u{7}\u{9b}"));

    let code = peer.code("eve", &CodePurpose::VerifyAttribute("email".into()));
    let verify = |code: &str| {
        let mut cmd = cli(&peer);
        cmd.args(["attributes", "verify", "email"])
            .env("COGNITO_ACCESS_TOKEN", &token)
            .env("COGNITO_CONFIRMATION_CODE", code);
        run(&mut cmd, "")
    };
    let wrong = if code == "000000" { "111111" } else { "000000" };
    verify(wrong).assert_code(1);
    verify(&code).assert_code(0);
    // Only email and phone_number are verified with codes; --code-stdin needs the token elsewhere.
    run(cli(&peer).args(["attributes", "verify", "name"]).env("COGNITO_ACCESS_TOKEN", &token), "")
        .assert_code(2);
    run(cli(&peer).args(["attributes", "verify", "email", "--code-stdin"]), "123456\n").assert_code(2);
    // --send-code sends a fresh one first; the code comes from stdin.
    let mut cmd = cli(&peer);
    cmd.args(["attributes", "verify", "email", "--send-code", "--code-stdin"])
        .env("COGNITO_ACCESS_TOKEN", &token);
    let purpose = CodePurpose::VerifyAttribute("email".into());
    let out =
        run_feeding(&mut cmd, "", || Some(format!("{}\n", peer.wait_for_code("eve", &purpose, Some(&code)))));
    out.assert_code(0);
    assert!(out.stderr.contains("email is verified"), "{out:#?}");

    run(cli(&peer).args(["attributes", "delete", "name"]), &login_json).assert_code(0);
    let json = run(cli(&peer).args(["attributes", "get"]), &login_json).json();
    assert!(!json["UserAttributes"].as_array().unwrap().iter().any(|a| a["Name"] == "name"), "{json}");
}

#[test]
fn delete_user_needs_yes_without_a_terminal() {
    let peer = start();
    let login = signed_in(&peer, "fin").to_string();
    let out = run(cli(&peer).arg("delete-user"), &login);
    out.assert_code(2);
    assert!(out.stderr.contains("--yes"), "{out:#?}");
    run(cli(&peer).args(["delete-user", "--yes"]), &login).assert_code(0);
    let mut again = cli(&peer);
    again.args(["login", "--username", "fin"]).env("COGNITO_PASSWORD", PASSWORD);
    run(&mut again, "").assert_code(1);
}

#[test]
fn every_account_command_has_help_with_examples() {
    let peer = start();
    for path in [
        &["sign-up"][..],
        &["confirm-sign-up"],
        &["resend-code"],
        &["forgot-password"],
        &["confirm-forgot-password"],
        &["attributes"],
        &["attributes", "get"],
        &["attributes", "update"],
        &["attributes", "verify"],
        &["attributes", "delete"],
        &["delete-user"],
    ] {
        let out = run(cli(&peer).args(path).arg("--help"), "");
        out.assert_code(0);
        assert!(out.stdout.contains("Examples:"), "{path:?}: {out:#?}");
    }
}

#[cfg(unix)]
mod on_a_terminal {
    use super::*;
    use rexpect::process::wait::WaitStatus;
    use rexpect::session::{PtySession, spawn_command};

    /// The binary on a pseudo-terminal with echo on, and everything it has shown so far.
    struct Terminal {
        session: PtySession,
        transcript: String,
    }

    impl Terminal {
        fn run(cmd: &Command) -> Self {
            Self::in_shell("stty echo && exec \"$0\" \"$@\"", cmd)
        }

        /// `cmd` as `"$0" "$@"` in `script`, run by `sh` on the terminal.
        fn in_shell(script: &str, cmd: &Command) -> Self {
            let mut shell = Command::new("sh");
            shell.arg("-c").arg(script).arg(cmd.get_program()).args(cmd.get_args());
            for (name, value) in cmd.get_envs() {
                match value {
                    Some(value) => shell.env(name, value),
                    None => shell.env_remove(name),
                };
            }
            let limit = u64::try_from(RUN_LIMIT.as_millis()).unwrap();
            Self { session: spawn_command(shell, Some(limit)).unwrap(), transcript: String::new() }
        }

        fn expect(&mut self, needle: &str) {
            let before = self.session.exp_string(needle).unwrap_or_else(|e| {
                panic!("no {needle:?} on the terminal ({e}); so far:\n{}", self.transcript)
            });
            self.transcript.push_str(&before);
            self.transcript.push_str(needle);
        }

        fn answer(&mut self, prompt: &str, line: &str) {
            self.expect(prompt);
            self.session.send_line(line).unwrap();
        }

        fn finish(mut self) -> (i32, String) {
            self.transcript.push_str(&self.session.exp_eof().unwrap());
            match self.session.process.wait().unwrap() {
                WaitStatus::Exited(_, code) => (code, self.transcript),
                other => panic!("cognito-srp did not exit normally: {other:?}\n{}", self.transcript),
            }
        }
    }

    #[test]
    fn sign_up_asks_the_password_twice_hidden_then_the_code_again_when_wrong() {
        let peer = start();
        let mut cmd = cli(&peer);
        cmd.args(["sign-up", "--username", "gil", "--user-attribute", "email=gil@example.com", "--confirm"]);
        let mut terminal = Terminal::run(&cmd);
        terminal.answer("Password for gil: ", PASSWORD);
        terminal.answer("Password for gil again: ", "Not-The-Same-Pa55word");
        terminal.expect("the passwords differ, try again");
        terminal.answer("Password for gil: ", PASSWORD);
        terminal.answer("Password for gil again: ", PASSWORD);
        let prompt = "Confirmation code (sent to g***@e*** (EMAIL, email)): ";
        terminal.expect(prompt);
        let code = peer.code("gil", &CodePurpose::SignUp);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        terminal.session.send_line(wrong).unwrap();
        terminal.expect("wrong code, try again");
        terminal.answer(prompt, &code);
        let (status, transcript) = terminal.finish();
        assert_eq!(status, 0, "{transcript}");
        assert!(transcript.contains("\"AccessToken\""), "tokens printed: {transcript}");
        assert!(transcript.contains(wrong), "echo was on: {transcript}");
        for secret in [PASSWORD, "Not-The-Same-Pa55word"] {
            assert!(!transcript.contains(secret), "a password was echoed: {transcript}");
        }
    }

    #[test]
    fn ctrl_c_at_a_hidden_prompt_ends_the_command_by_sigint_with_echo_back_on() {
        let peer = start();
        let mut cmd = cli(&peer);
        cmd.args(["sign-up", "--username", "ivy", "--user-attribute", "email=ivy@example.com"]);
        // After the command, the shell reports how it ended and the terminal's echo setting.
        let script = "stty echo; \"$0\" \"$@\"; echo \"status=$?\"; \
                      stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo | sed 's/^/terminal /'";
        let mut terminal = Terminal::in_shell(script, &cmd);
        terminal.expect("Password for ivy: ");
        terminal.session.send("half-typed").unwrap();
        terminal.session.send_control('c').unwrap();
        terminal.expect("status=130");
        terminal.expect("terminal echo");
        let (status, transcript) = terminal.finish();
        assert_eq!(status, 0, "{transcript}");
        assert!(!transcript.contains("half-typed"), "echoed: {transcript}");
        assert!(!transcript.contains("terminal -echo"), "{transcript}");
    }

    #[test]
    fn confirm_forgot_password_asks_the_code_and_the_new_password_twice() {
        let peer = start();
        signed_in(&peer, "hal");
        run(cli(&peer).args(["forgot-password", "--username", "hal"]), "").json();
        let code = peer.code("hal", &CodePurpose::ForgotPassword);
        let mut terminal = Terminal::run(cli(&peer).args(["confirm-forgot-password", "--username", "hal"]));
        let wrong = if code == "000000" { "111111" } else { "000000" };
        terminal.answer("Reset code for hal: ", wrong);
        terminal.answer("New password: ", NEW_PASSWORD);
        terminal.answer("New password again: ", NEW_PASSWORD);
        terminal.expect("wrong code, try again");
        terminal.answer("Reset code for hal: ", &code);
        let (status, transcript) = terminal.finish();
        assert_eq!(status, 0, "{transcript}");
        assert!(!transcript.contains(NEW_PASSWORD), "the password was echoed: {transcript}");
        let mut login = cli(&peer);
        login.args(["login", "--username", "hal"]).env("COGNITO_PASSWORD", NEW_PASSWORD);
        assert!(run(&mut login, "").json()["AccessToken"].is_string());
    }

    #[test]
    fn delete_user_asks_first() {
        let peer = start();
        let token = access_token(&signed_in(&peer, "ida"));
        let mut cmd = cli(&peer);
        cmd.arg("delete-user").env("COGNITO_ACCESS_TOKEN", &token);
        let prompt = "Delete ida and everything of it for good? Type yes: ";
        let mut terminal = Terminal::run(&cmd);
        terminal.answer(prompt, "no");
        let (status, transcript) = terminal.finish();
        assert_eq!(status, 1, "{transcript}");
        assert!(transcript.contains("not deleted"), "{transcript}");
        let mut terminal = Terminal::run(&cmd);
        terminal.answer(prompt, "yes");
        let (status, transcript) = terminal.finish();
        assert_eq!(status, 0, "{transcript}");
        let mut login = cli(&peer);
        login.args(["login", "--username", "ida"]).env("COGNITO_PASSWORD", PASSWORD);
        run(&mut login, "").assert_code(1);
    }
}

#[test]
fn tracing_every_request_shows_no_password_code_or_token() {
    let peer = start();
    let mut cmd = sign_up(&peer, "kim");
    cmd.env("RUST_LOG", "trace");
    let out = run(&mut cmd, "");
    out.assert_code(0).assert_hides(PASSWORD);
    assert!(out.stderr.contains("SignUp"), "the trace names the operation: {out:#?}");
    let code = peer.code("kim", &CodePurpose::SignUp);
    let mut cmd = cli(&peer);
    cmd.args(["confirm-sign-up", "--username", "kim"])
        .env("COGNITO_CONFIRMATION_CODE", &code)
        .env("RUST_LOG", "trace");
    run(&mut cmd, "").assert_code(0).assert_hides(&code);
    let mut login = cli(&peer);
    login.args(["login", "--username", "kim"]).env("COGNITO_PASSWORD", PASSWORD);
    let token = access_token(&run(&mut login, "").json());
    run(cli(&peer).args(["forgot-password", "--username", "kim"]).env("RUST_LOG", "trace"), "")
        .assert_code(0);
    let reset = peer.code("kim", &CodePurpose::ForgotPassword);
    let mut cmd = cli(&peer);
    cmd.args(["confirm-forgot-password", "--username", "kim", "--code-stdin", "--new-password-stdin"])
        .env("RUST_LOG", "trace");
    run(&mut cmd, &format!("{reset}\n{NEW_PASSWORD}\n"))
        .assert_code(0)
        .assert_hides(&reset)
        .assert_hides(NEW_PASSWORD);
    let mut cmd = cli(&peer);
    cmd.args(["attributes", "update", "--user-attribute", "name=Kim"])
        .env("COGNITO_ACCESS_TOKEN", &token)
        .env("RUST_LOG", "trace");
    run(&mut cmd, "").assert_code(0).assert_hides(&token);
}
