//! `cognito-srp demo`: the whole story against an in-process emulator, each step checked
//! against what Cognito does.

use cognito_srp_emulator::{
    Admin, ClientConfig, CodePurpose, DeviceTracking, Emulator, EmulatorError, MfaConfiguration, PoolConfig,
    RefreshTokenRotation, UserConfig,
};
use cognito_srp_http::{
    Client, DeliveryMedium, DeviceCredentials, Error as HttpError, ErrorCode, MfaKind, RetryPolicy,
    SignUpNext, SignedIn, Step, Tokens, UserPool,
};

use crate::error::CliError;
use crate::output;

/// The demo pool's id.
pub(super) const POOL_ID: &str = "us-east-1_CliDemo01";
/// The user with an authenticator app.
pub(super) const ALICE: &str = "alice";
/// Alice's password.
pub(super) const ALICE_PASSWORD: &str = "Correct-Horse-Battery-1";
/// Alice's TOTP seed (base32).
pub(super) const ALICE_TOTP: &str = "JBSWY3DPEHPK3PXP";
/// The user who signs in with an email alias.
pub(super) const BOB: &str = "bob";
/// Bob's password.
pub(super) const BOB_PASSWORD: &str = "Bobs-Own-Passw0rd";
/// Bob's email, his sign-in alias.
pub(super) const BOB_EMAIL: &str = "bob@example.com";
/// The user of the app client with a secret.
pub(super) const CAROL: &str = "carol";
/// Carol's password.
pub(super) const CAROL_PASSWORD: &str = "Carols-Passw0rd!";
/// The user who signs herself up.
pub(super) const DANA: &str = "dana";
/// Dana's email (the pool verifies emails: her codes go there).
pub(super) const DANA_EMAIL: &str = "dana@example.com";
/// Dana's password at sign-up.
pub(super) const DANA_PASSWORD: &str = "Danas-First-Passw0rd";
/// Dana's password after the reset.
pub(super) const DANA_NEW_PASSWORD: &str = "Danas-Second-Passw0rd";
/// The app client for self-service sign-up (USER_AUTH, so a confirmed sign-up signs in).
pub(super) const SIGN_UP_CLIENT: &str = "demo-signup-app";

/// What [`seed`] created.
#[derive(Debug)]
pub(super) struct DemoPool {
    /// The pool id.
    pub(super) pool_id: String,
    /// The public app client.
    pub(super) client_id: String,
    /// The app client with a secret.
    pub(super) secret_client_id: String,
    /// Its secret.
    pub(super) client_secret: String,
    /// The app client for self-service sign-up.
    pub(super) sign_up_client_id: String,
}

/// Creates the demo pool: device tracking on (MFA on new devices, remembered on the user's
/// word), MFA optional, email alias on, emails verified with a code; a public app client, one
/// with a secret and one for self-service sign-up (USER_AUTH); alice (TOTP), bob (email
/// alias) and carol.
pub(super) fn seed(admin: &Admin) -> Result<DemoPool, EmulatorError> {
    let pool_id = admin.create_user_pool(
        PoolConfig::default()
            .with_id(Some(POOL_ID.to_owned()))
            .with_name("cognito-srp-demo")
            .with_region("us-east-1")
            .with_mfa(MfaConfiguration::Optional)
            .with_device_tracking(Some(
                DeviceTracking::default()
                    .with_challenge_required_on_new_device(true)
                    .with_device_only_remembered_on_user_prompt(true),
            ))
            .with_email_alias(true)
            .with_auto_verified_attributes(vec!["email".into()]),
    )?;
    let (client_id, _) = admin.create_client(
        &pool_id,
        ClientConfig::default().with_id(Some("demo-app".into())).with_name("demo-app"),
    )?;
    let (secret_client_id, client_secret) = admin.create_client(
        &pool_id,
        ClientConfig::default()
            .with_id(Some("demo-confidential-app".into()))
            .with_name("demo-confidential-app")
            .with_generate_secret(true),
    )?;
    let (sign_up_client_id, _) = admin.create_client(
        &pool_id,
        ClientConfig::default()
            .with_id(Some(SIGN_UP_CLIENT.into()))
            .with_name(SIGN_UP_CLIENT)
            .with_explicit_auth_flows(
                ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
                    .map(str::to_owned)
                    .to_vec(),
            )
            // Rotation without a grace period: the old refresh token stops working at once.
            .with_refresh_token_rotation(Some(
                RefreshTokenRotation::default().with_retry_grace_period_seconds(0),
            )),
    )?;
    admin.create_user(
        &pool_id,
        UserConfig::default()
            .with_username(ALICE)
            .with_password(ALICE_PASSWORD)
            .with_permanent(true)
            .with_email(Some("alice@example.com".into()))
            .with_totp_secret(Some(ALICE_TOTP.into())),
    )?;
    admin.create_user(
        &pool_id,
        UserConfig::default()
            .with_username(BOB)
            .with_password(BOB_PASSWORD)
            .with_permanent(true)
            .with_email(Some(BOB_EMAIL.into())),
    )?;
    admin.create_user(
        &pool_id,
        UserConfig::default()
            .with_username(CAROL)
            .with_password(CAROL_PASSWORD)
            .with_permanent(true)
            .with_email(Some("carol@example.com".into())),
    )?;
    Ok(DemoPool {
        pool_id,
        client_id,
        secret_client_id,
        client_secret: client_secret.unwrap_or_default(),
        sign_up_client_id,
    })
}

/// The numbered steps and their outcomes.
#[derive(Debug, Default)]
struct Story {
    count: usize,
    failed: Vec<String>,
}

type Outcome<T> = Result<(T, String), String>;

impl Story {
    /// Prints step `title` with its outcome; returns the step's value when it behaved.
    fn record<T>(&mut self, title: &str, outcome: Outcome<T>) -> Result<Option<T>, CliError> {
        self.count += 1;
        output::line(&format!("{:>2}. {title}", self.count))?;
        match outcome {
            Ok((value, detail)) => {
                output::line(&format!("    \u{2713} {detail}"))?;
                Ok(Some(value))
            }
            Err(why) => {
                output::line(&format!("    \u{2717} {why}"))?;
                self.failed.push(format!("{}. {title}", self.count));
                Ok(None)
            }
        }
    }
}

/// A prerequisite from an earlier step.
fn needs<T>(value: Option<&T>) -> Result<&T, String> {
    value.ok_or_else(|| "not run: an earlier step it needs did not behave".to_owned())
}

fn describe(err: &HttpError) -> String {
    match err.service() {
        Some(s) => format!("{}: {}", s.code, s.message),
        None => err.to_string(),
    }
}

/// Expects Cognito to refuse with `code` and a message containing `words`.
fn expect_refusal<T: std::fmt::Debug>(
    result: Result<T, HttpError>,
    code: &ErrorCode,
    words: &str,
) -> Outcome<()> {
    match result {
        Err(e)
            if e.code() == Some(code)
                && e.to_string().to_ascii_lowercase().contains(&words.to_ascii_lowercase()) =>
        {
            Ok(((), format!("refused as Cognito does: {}", describe(&e))))
        }
        Err(e) => Err(format!("expected {code} ({words}), got {}", describe(&e))),
        Ok(v) => Err(format!("expected {code} ({words}), but it succeeded: {v:?}")),
    }
}

fn totp(admin: &Admin) -> Result<String, String> {
    cognito_srp_emulator::totp_code(ALICE_TOTP, admin.now())
        .map_err(|e| format!("cannot compute the TOTP code: {e}"))
}

fn expect_done(step: Result<Step, HttpError>, what: &str) -> Result<Box<SignedIn>, String> {
    match step {
        Ok(Step::Done(done)) => Ok(done),
        Ok(other) => Err(format!("expected tokens after {what}, got the step {other:?}")),
        Err(e) => Err(format!("{what} failed: {}", describe(&e))),
    }
}

fn token_summary(tokens: &Tokens) -> String {
    format!(
        "AccessToken, IdToken{} ({} s, {})",
        if tokens.refresh_token.is_some() { ", RefreshToken" } else { "" },
        tokens.expires_in,
        tokens.token_type
    )
}

/// Refresh works, GlobalSignOut, and the same refresh is refused.
async fn sign_out_revokes(pool: &UserPool, done: &SignedIn) -> Outcome<()> {
    let token = done.tokens.refresh_token.as_ref().ok_or("the sign-in gave no refresh token")?;
    let key = done.device.as_ref().map(|d| d.device_key.as_str());
    pool.refresh(token, &done.username, key)
        .await
        .map_err(|e| format!("the refresh before signing out failed: {}", describe(&e)))?;
    pool.sign_out(&done.tokens.access_token)
        .await
        .map_err(|e| format!("GlobalSignOut failed: {}", describe(&e)))?;
    match pool.refresh(token, &done.username, key).await {
        Err(e) if e.code() == Some(&ErrorCode::NotAuthorized) => {
            Ok(((), format!("the refresh token worked, then GlobalSignOut; now it gets {}", describe(&e))))
        }
        Err(e) => Err(format!("expected NotAuthorized after sign-out, got {}", describe(&e))),
        Ok(_) => Err("the refresh token still works after GlobalSignOut".to_owned()),
    }
}

/// Runs the demo.
pub(super) async fn run() -> Result<(), CliError> {
    output::line(
        "cognito-srp demo: SRP sign-in with device tracking, sign-up and password reset, against the bundled emulator",
    )?;
    output::line("(offline; the emulator verifies every SRP signature as Cognito does)")?;
    output::line("")?;
    let emulator = Emulator::builder()
        .start()
        .await
        .map_err(|e| CliError::failure(format!("cannot start the emulator on 127.0.0.1: {e}")))?;
    let admin = emulator.admin();
    let mut story = Story::default();

    let demo = story.record(
        "Start the verifying emulator on 127.0.0.1 and seed a pool",
        seed(&admin)
            .map(|d| {
                let detail = format!(
                    "{} serves pool {} (device tracking on, MFA optional, email alias); app clients {} and {} \
                     (with a secret); users {ALICE} (TOTP MFA), {BOB} ({BOB_EMAIL}), {CAROL}",
                    emulator.endpoint(),
                    d.pool_id,
                    d.client_id,
                    d.secret_client_id
                );
                (d, detail)
            })
            .map_err(|e| format!("seeding failed: {e}")),
    )?;
    let Some(demo) = demo else {
        emulator.shutdown().await;
        return Err(CliError::failure("the demo could not set up its pool"));
    };
    let client = Client::builder().endpoint(emulator.endpoint()).retry_policy(RetryPolicy::none()).build()?;
    let pool = UserPool::with_client(client.clone(), demo.pool_id.clone(), demo.client_id.clone())?;

    // Alice: SRP, then TOTP, then a new device that is confirmed and remembered.
    let mut sign_in =
        pool.sign_in(ALICE, ALICE_PASSWORD).device_name("cognito-srp demo").remember_device(true);
    let outcome = match sign_in.start().await {
        Ok(Step::MfaCode { kind: MfaKind::SoftwareToken, .. }) => Ok((
            (),
            "USER_SRP_AUTH -> PASSWORD_VERIFIER answered with a signature over SRP-6a's key; \
             the emulator verified it and asks for SOFTWARE_TOKEN_MFA"
                .to_owned(),
        )),
        Ok(other) => Err(format!("expected a SOFTWARE_TOKEN_MFA challenge, got {other:?}")),
        Err(e) => Err(format!("sign-in failed: {}", describe(&e))),
    };
    let mfa_asked = story.record(&format!("SRP sign-in as {ALICE}"), outcome)?;

    let outcome = match needs(mfa_asked.as_ref()) {
        Ok(()) => match totp(&admin) {
            Ok(code) => expect_done(sign_in.answer_mfa_code(&code).await, "the TOTP answer").map(|done| {
                let detail = format!("code {code} accepted; tokens issued: {}", token_summary(&done.tokens));
                (done, detail)
            }),
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    let alice =
        story.record("Answer the TOTP MFA challenge (code from the authenticator secret)", outcome)?;

    let outcome = needs(alice.as_ref()).and_then(|done| match (&done.device, done.new_device) {
        (Some(device), true) => Ok((
            device.clone(),
            format!(
                "Cognito started tracking device {} (group {}) with the tokens",
                device.device_key, device.device_group_key
            ),
        )),
        _ => Err("expected NewDeviceMetadata with the tokens (the pool tracks devices)".to_owned()),
    });
    let device = story.record("NewDeviceMetadata arrives with the tokens", outcome)?;

    let outcome = needs(device.as_ref()).and_then(|device| {
        let listed = admin.list_devices(&demo.pool_id, ALICE);
        match listed.iter().find(|d| d.device_key == device.device_key) {
            Some(d) if d.confirmed => Ok((
                (),
                format!(
                    "device password (40 random bytes) and salt made on this machine; the verifier \
                     g^x went to ConfirmDevice; UserConfirmationNecessary = {}",
                    needs(alice.as_ref())
                        .ok()
                        .and_then(|a| a.user_confirmation_necessary)
                        .map_or_else(|| "?".to_owned(), |b| b.to_string())
                ),
            )),
            Some(_) => {
                Err("the emulator holds the device but no verifier: ConfirmDevice did not happen".to_owned())
            }
            None => Err("the emulator does not know the device".to_owned()),
        }
    });
    story.record("ConfirmDevice with a verifier generated here", outcome)?;

    let outcome = needs(alice.as_ref()).and_then(|done| {
        let key = needs(device.as_ref())?.device_key.clone();
        let remembered =
            admin.list_devices(&demo.pool_id, ALICE).iter().any(|d| d.device_key == key && d.remembered);
        match (done.device_remembered, remembered) {
            (Some(true), true) => {
                Ok(((), "UpdateDeviceStatus(remembered): sign-ins from it skip MFA".to_owned()))
            }
            _ => Err(format!(
                "expected the device remembered; the client says {:?}, the emulator {remembered}",
                done.device_remembered
            )),
        }
    });
    story.record("Remember the device", outcome)?;

    // Device sign-in: DEVICE_SRP_AUTH -> DEVICE_PASSWORD_VERIFIER, no MFA.
    let outcome = match needs(device.as_ref()) {
        Ok(device) => {
            let mut again = pool.sign_in(ALICE, ALICE_PASSWORD).device(device.clone());
            match again.start().await {
                Ok(Step::Done(done)) if !done.new_device && done.dropped_device.is_none() => {
                    let detail = format!(
                        "USER_SRP_AUTH with DEVICE_KEY -> PASSWORD_VERIFIER -> DEVICE_SRP_AUTH -> \
                         DEVICE_PASSWORD_VERIFIER, signed with the device password: no MFA asked; {}",
                        token_summary(&done.tokens)
                    );
                    Ok((done, detail))
                }
                Ok(Step::Done(done)) => {
                    Err(format!("signed in, but not on the device path (dropped: {:?})", done.dropped_device))
                }
                Ok(other) => Err(format!("expected tokens without MFA, got the step {other:?}")),
                Err(e) => Err(format!("device sign-in failed: {}", describe(&e))),
            }
        }
        Err(e) => Err(e),
    };
    let device_login = story.record("Sign in again with the remembered device: MFA skipped", outcome)?;

    let outcome = match needs(device.as_ref()) {
        Ok(device) => {
            let wrong = DeviceCredentials::new(
                device.device_key.as_str(),
                device.device_group_key.as_str(),
                "not-the-device-password",
            );
            let mut forged = pool.sign_in(ALICE, ALICE_PASSWORD).device(wrong);
            expect_refusal(forged.start().await, &ErrorCode::NotAuthorized, "")
        }
        Err(e) => Err(e),
    };
    story.record("A device signature made with the wrong device password is refused", outcome)?;

    let refresh_token = device_login.as_ref().and_then(|d| d.tokens.refresh_token.clone());
    // These two steps show REFRESH_TOKEN_AUTH, which refuses tokens without their device
    // (GetTokensFromRefreshToken, the default, would start tracking a new device instead).
    let by_initiate_auth =
        pool.clone().with_refresh_method(cognito_srp_http::RefreshMethod::RefreshTokenAuth);
    let outcome = match (needs(refresh_token.as_ref()), needs(device.as_ref())) {
        (Ok(token), Ok(device)) => match by_initiate_auth
            .refresh(token, ALICE, Some(&device.device_key))
            .await
        {
            Ok(tokens) => Ok(((), format!("REFRESH_TOKEN_AUTH with DEVICE_KEY: {}", token_summary(&tokens)))),
            Err(e) => Err(format!("refresh failed: {}", describe(&e))),
        },
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    story.record("Refresh the tokens with the device key", outcome)?;

    let outcome = match needs(refresh_token.as_ref()) {
        Ok(token) => expect_refusal(
            by_initiate_auth.refresh(token, ALICE, None).await,
            &ErrorCode::NotAuthorized,
            "Invalid Refresh Token",
        ),
        Err(e) => Err(e),
    };
    story.record("The same refresh without the device key is refused", outcome)?;

    let access = device_login.as_ref().map(|d| d.tokens.access_token.clone());
    let outcome = match (needs(access.as_ref()), needs(device.as_ref())) {
        (Ok(access), Ok(device)) => match pool.list_devices(access).await {
            Ok(list) => match list.iter().find(|d| d.device_key == device.device_key) {
                Some(d) => Ok((
                    (),
                    format!(
                        "ListDevices: {} device(s); {} named {:?}, {}",
                        list.len(),
                        d.device_key,
                        d.attribute("device_name").unwrap_or("-"),
                        d.attribute("dev:device_remembered_status").unwrap_or("-")
                    ),
                )),
                None => Err(format!("ListDevices does not list {}", device.device_key)),
            },
            Err(e) => Err(format!("ListDevices failed: {}", describe(&e))),
        },
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    story.record("List the user's devices", outcome)?;

    let outcome = match (needs(access.as_ref()), needs(device.as_ref())) {
        (Ok(access), Ok(device)) => match pool.forget_device(access, &device.device_key).await {
            Ok(()) => {
                let left = admin.list_devices(&demo.pool_id, ALICE);
                if left.iter().any(|d| d.device_key == device.device_key) {
                    Err("ForgetDevice succeeded but the emulator still holds the device".to_owned())
                } else {
                    Ok(((), format!("ForgetDevice: {} is gone", device.device_key)))
                }
            }
            Err(e) => Err(format!("ForgetDevice failed: {}", describe(&e))),
        },
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    story.record("Forget the device", outcome)?;

    let outcome = match needs(device.as_ref()) {
        Ok(device) => {
            let mut stale =
                pool.sign_in(ALICE, ALICE_PASSWORD).device(device.clone()).confirm_new_devices(false);
            match stale.start().await {
                Ok(Step::MfaCode { .. }) => match totp(&admin) {
                    Ok(code) => expect_done(stale.answer_mfa_code(&code).await, "the TOTP answer").and_then(|done| {
                        if done.dropped_device.as_deref() == Some(device.device_key.as_str()) {
                            Ok(((), "ResourceNotFoundException for the device: the client dropped it, signed in \
                                     without it, and MFA was asked again"
                                .to_owned()))
                        } else {
                            Err(format!("expected the device reported as dropped, got {:?}", done.dropped_device))
                        }
                    }),
                    Err(e) => Err(e),
                },
                Ok(other) => Err(format!("expected MFA again for a forgotten device, got {other:?}")),
                Err(e) => Err(format!("sign-in failed: {}", describe(&e))),
            }
        }
        Err(e) => Err(e),
    };
    story.record("Sign in with the forgotten device: dropped, MFA asked again", outcome)?;

    let mut by_email = pool.sign_in(BOB_EMAIL, BOB_PASSWORD);
    let outcome = expect_done(by_email.start().await, "the sign-in").and_then(|done| {
        if done.username == BOB {
            let detail = format!(
                "signed in as {BOB_EMAIL}; USER_ID_FOR_SRP {:?} went into x and the signature; {}",
                done.username,
                token_summary(&done.tokens)
            );
            Ok((done, detail))
        } else {
            Err(format!("expected the internal user name {BOB:?}, got {:?}", done.username))
        }
    });
    let bob = story.record(&format!("Sign in by email alias ({BOB_EMAIL})"), outcome)?;

    let confidential =
        UserPool::with_client(client.clone(), demo.pool_id.clone(), demo.secret_client_id.clone())?
            .with_client_secret(demo.client_secret.clone());
    let mut with_secret = confidential.sign_in(CAROL, CAROL_PASSWORD).confirm_new_devices(false);
    let outcome = expect_done(with_secret.start().await, "the sign-in")
        .map(|done| ((), format!("SECRET_HASH on every request; {}", token_summary(&done.tokens))));
    story.record(&format!("Sign in as {CAROL} through the app client with a secret"), outcome)?;

    let public = UserPool::with_client(client.clone(), demo.pool_id.clone(), demo.secret_client_id.clone())?;
    let mut without_secret = public.sign_in(CAROL, CAROL_PASSWORD);
    let outcome = expect_refusal(without_secret.start().await, &ErrorCode::NotAuthorized, "secret");
    story.record("The same app client without its secret is refused", outcome)?;

    let mut wrong = pool.sign_in(ALICE, "not-alices-password");
    let outcome =
        expect_refusal(wrong.start().await, &ErrorCode::NotAuthorized, "Incorrect username or password");
    story.record("A wrong password is rejected", outcome)?;

    let outcome = match needs(bob.as_ref()) {
        Ok(done) => sign_out_revokes(&pool, done).await,
        Err(e) => Err(e),
    };
    story.record("Sign out everywhere: the refresh token stops working", outcome)?;

    let signing_up =
        UserPool::with_client(client.clone(), demo.pool_id.clone(), demo.sign_up_client_id.clone())?;
    account_story(&mut story, &admin, &demo.pool_id, &signing_up).await?;

    emulator.shutdown().await;
    output::line("")?;
    if story.failed.is_empty() {
        output::line(&format!("Summary: all {} steps behaved as Cognito would. \u{2713}", story.count))?;
        output::line("")?;
        output::line(
            "Try it by hand: `cognito-srp emulator --port 9229 --demo-seed` serves this pool (its users and",
        )?;
        output::line(
            "secrets go to stderr); then `cognito-srp login --help` shows how to sign in against it.",
        )?;
        Ok(())
    } else {
        output::line(&format!(
            "Summary: {} of {} steps did not behave as Cognito would: {}",
            story.failed.len(),
            story.count,
            story.failed.join("; ")
        ))?;
        Err(CliError::failure(format!("{} demo step(s) failed", story.failed.len())))
    }
}

/// A code the emulator "emailed" to dana, from its outbox.
fn emailed(admin: &Admin, pool_id: &str, purpose: &CodePurpose) -> Result<String, String> {
    admin.last_code(pool_id, DANA, purpose).ok_or_else(|| "no code in the emulator's outbox".to_owned())
}

/// A six-digit code other than `code`.
fn not(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

/// Dana signs herself up, confirms with the emailed code, is signed in by ConfirmSignUp's
/// session, resets her password, and refreshes her tokens.
async fn account_story(
    story: &mut Story,
    admin: &Admin,
    pool_id: &str,
    pool: &UserPool,
) -> Result<(), CliError> {
    let outcome = match pool.sign_up(DANA, DANA_PASSWORD, &[("email", DANA_EMAIL)]).await {
        Ok(signed_up) => match &signed_up.next {
            SignUpNext::ConfirmWithCode(d) if d.delivery_medium == Some(DeliveryMedium::Email) => {
                let detail = format!(
                    "SignUp: {DANA} is UNCONFIRMED; the code went to {} by email; a Session came back for later",
                    d.destination.as_deref().unwrap_or("?")
                );
                Ok((signed_up, detail))
            }
            other => Err(format!("expected a code by email, got {other:?}")),
        },
        Err(e) => Err(format!("SignUp failed: {}", describe(&e))),
    };
    let signed_up = story
        .record(&format!("Sign up {DANA} ({DANA_EMAIL}) through app client {SIGN_UP_CLIENT}"), outcome)?;

    let outcome = match needs(signed_up.as_ref()) {
        Ok(_) => {
            expect_refusal(pool.sign_up(DANA, DANA_PASSWORD, &[]).await, &ErrorCode::UsernameExists, "exists")
        }
        Err(e) => Err(e),
    };
    story.record("Signing up the same name again is refused", outcome)?;

    let outcome = match needs(signed_up.as_ref()) {
        Ok(signed_up) => match emailed(admin, pool_id, &CodePurpose::SignUp) {
            Ok(code) => expect_refusal(
                pool.confirm_sign_up(DANA, not(&code), signed_up.session.as_ref()).await,
                &ErrorCode::CodeMismatch,
                "Invalid verification code",
            ),
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    story.record("A wrong confirmation code is refused", outcome)?;

    let outcome = match needs(signed_up.as_ref()) {
        Ok(signed_up) => match emailed(admin, pool_id, &CodePurpose::SignUp) {
            Ok(code) => match pool.confirm_sign_up(DANA, &code, signed_up.session.as_ref()).await {
                Ok(confirmed) => match confirmed.session {
                    Some(session) => Ok((
                        session,
                        format!(
                            "ConfirmSignUp with code {code} and SignUp's Session: CONFIRMED, email verified, and a session to sign in with"
                        ),
                    )),
                    None => Err("confirmed, but no session came back to sign in with".to_owned()),
                },
                Err(e) => Err(format!("ConfirmSignUp failed: {}", describe(&e))),
            },
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    let session = story.record("Confirm with the emailed code (read from the emulator's outbox)", outcome)?;

    let outcome = match needs(session.as_ref()) {
        Ok(session) => expect_done(
            pool.sign_in_after_sign_up(DANA, session.clone()).start().await,
            "the sign-in with ConfirmSignUp's session",
        )
        .map(|done| {
            let detail = format!(
                "InitiateAuth USER_AUTH with the Session, no password: {}",
                token_summary(&done.tokens)
            );
            (done, detail)
        }),
        Err(e) => Err(e),
    };
    let dana = story.record("Sign in right after the sign-up (USER_AUTH with the session)", outcome)?;

    let outcome = match needs(dana.as_ref()) {
        Ok(_) => match pool.forgot_password(DANA).await {
            Ok(Some(d)) if d.delivery_medium == Some(DeliveryMedium::Email) => Ok((
                (),
                format!(
                    "ForgotPassword: a reset code went to {} by email",
                    d.destination.as_deref().unwrap_or("?")
                ),
            )),
            Ok(other) => Err(format!("expected a code by email, got {other:?}")),
            Err(e) => Err(format!("ForgotPassword failed: {}", describe(&e))),
        },
        Err(e) => Err(e),
    };
    let reset_sent = story.record("Forgot the password: a reset code is emailed", outcome)?;

    let outcome = match needs(reset_sent.as_ref()) {
        Ok(()) => reset_password(admin, pool_id, pool).await,
        Err(e) => Err(e),
    };
    story.record("Reset the password with the code; the old one stops working", outcome)?;

    let outcome = match needs(dana.as_ref()) {
        Ok(done) => refresh_rotating(pool, done).await,
        Err(e) => Err(e),
    };
    story.record("Refresh the tokens; the app client rotates refresh tokens", outcome)?;
    Ok(())
}

/// ConfirmForgotPassword: a wrong code refused, then the right one; the old password is
/// refused and the new one signs in with SRP.
async fn reset_password(admin: &Admin, pool_id: &str, pool: &UserPool) -> Outcome<()> {
    let code = emailed(admin, pool_id, &CodePurpose::ForgotPassword)?;
    match pool.confirm_forgot_password(DANA, not(&code), DANA_NEW_PASSWORD).await {
        Err(e) if e.code() == Some(&ErrorCode::CodeMismatch) => {}
        other => return Err(format!("expected CodeMismatch for a wrong code, got {other:?}")),
    }
    pool.confirm_forgot_password(DANA, &code, DANA_NEW_PASSWORD)
        .await
        .map_err(|e| format!("ConfirmForgotPassword failed: {}", describe(&e)))?;
    match pool.sign_in(DANA, DANA_PASSWORD).confirm_new_devices(false).start().await {
        Err(e) if e.code() == Some(&ErrorCode::NotAuthorized) => {}
        other => return Err(format!("the old password should be refused, got {other:?}")),
    }
    let done = expect_done(
        pool.sign_in(DANA, DANA_NEW_PASSWORD).confirm_new_devices(false).start().await,
        "the sign-in with the new password",
    )?;
    Ok((
        (),
        format!(
            "a wrong code got CodeMismatch; code {code} set the new password; the old one gets NotAuthorized, \
             the new one signs in with SRP: {}",
            token_summary(&done.tokens)
        ),
    ))
}

/// `UserPool::refresh` (GetTokensFromRefreshToken) gives new tokens and a new refresh token;
/// the old refresh token is then refused.
async fn refresh_rotating(pool: &UserPool, done: &SignedIn) -> Outcome<()> {
    let token = done.tokens.refresh_token.as_ref().ok_or("the sign-in gave no refresh token")?;
    let key = done.device.as_ref().map(|d| d.device_key.as_str());
    let fresh = pool
        .refresh(token, &done.username, key)
        .await
        .map_err(|e| format!("refresh failed: {}", describe(&e)))?;
    if fresh.access_token.is_empty() || fresh.id_token.is_empty() {
        return Err("the refresh gave no access or ID token".to_owned());
    }
    if !fresh.refresh_token.as_ref().is_some_and(|new| new != token) {
        return Err("the app client rotates refresh tokens, but the refresh kept the old one".to_owned());
    }
    match pool.refresh(token, &done.username, key).await {
        Err(e) if e.code() == Some(&ErrorCode::RefreshTokenReuse) => {}
        other => return Err(format!("the rotated-out refresh token should be refused, got {other:?}")),
    }
    Ok((
        (),
        format!(
            "{}; a new refresh token replaced the old one, which now gets RefreshTokenReuseException",
            token_summary(&fresh)
        ),
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_step_that_misbehaves_is_counted_and_named() {
        let mut story = Story::default();
        assert_eq!(story.record("fine", Ok((1, "ok".to_owned()))).unwrap(), Some(1));
        assert_eq!(story.record::<u8>("broken", Err("no".to_owned())).unwrap(), None);
        assert_eq!(story.count, 2);
        assert_eq!(story.failed, vec!["2. broken".to_owned()]);
        assert!(needs::<u8>(None).is_err());
    }

    #[test]
    fn refusals_must_match_type_and_message() {
        use cognito_srp_http::ServiceError;
        let refusal = |code: ErrorCode, message: &str| -> Result<(), HttpError> {
            Err(HttpError::Service(ServiceError::new(code, message, 400)))
        };
        let wanted = ErrorCode::NotAuthorized;
        assert!(
            expect_refusal(refusal(ErrorCode::NotAuthorized, "Invalid Refresh Token"), &wanted, "refresh")
                .is_ok()
        );
        assert!(expect_refusal(refusal(ErrorCode::NotAuthorized, "Other"), &wanted, "refresh").is_err());
        assert!(expect_refusal(refusal(ErrorCode::UserNotFound, "refresh"), &wanted, "refresh").is_err());
        assert!(expect_refusal(Ok(()), &wanted, "").is_err());
    }
}
