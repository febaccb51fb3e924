//! The account flows end to end through the public API (async and blocking) against
//! cognito-srp-emulator, which checks SECRET_HASH, the codes it "sent" (read back from its
//! outbox) and the password policy: sign-up → confirm → sign-in with ConfirmSignUp's
//! session, resending the code, password reset, attribute change → verification, attribute
//! and account deletion, and Cognito's errors on the way (CodeMismatch, ExpiredCode,
//! UsernameExists, InvalidPassword).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

use std::time::Duration;

use cognito_srp_emulator::{Admin, ClientConfig, CodePurpose, Emulator, PoolConfig, RunningEmulator};
use cognito_srp_http::{
    Client, DeliveryMedium, Error, ErrorCode, RetryPolicy, SecretString, SignUpNext, Step, UserPool,
};

const POOL_ID: &str = "eu-west-1_AccountHttp";
/// A pool that verifies nothing by itself (sign-ups wait for an administrator).
const QUIET_POOL_ID: &str = "eu-west-1_AccountQuiet";
const PASSWORD: &str = "Correct-Horse-9";
const NEW_PASSWORD: &str = "Battery-Staple-7";

struct Env {
    emulator: RunningEmulator,
    pool: UserPool,
    quiet: UserPool,
}

impl Env {
    fn admin(&self) -> Admin {
        self.emulator.admin()
    }

    fn code(&self, user: &str, purpose: &CodePurpose) -> String {
        self.admin().last_code(POOL_ID, user, purpose).expect("a code was sent")
    }

    fn requests(&self) -> u64 {
        self.admin().fault_counters().requests
    }
}

fn flows() -> Vec<String> {
    ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"].map(str::to_owned).to_vec()
}

/// Makes both pools on `admin`; returns the secret of the main pool's app client.
fn seed(admin: &Admin, with_secret: bool) -> (String, Option<String>) {
    admin
        .create_user_pool(
            PoolConfig::default()
                .with_id(Some(POOL_ID.into()))
                .with_name("account")
                .with_region("eu-west-1")
                .with_auto_verified_attributes(vec!["email".into()]),
        )
        .unwrap();
    let (client_id, secret) = admin
        .create_client(
            POOL_ID,
            ClientConfig::default()
                .with_name("app")
                .with_generate_secret(with_secret)
                .with_explicit_auth_flows(flows()),
        )
        .unwrap();
    admin
        .create_user_pool(
            PoolConfig::default()
                .with_id(Some(QUIET_POOL_ID.into()))
                .with_name("quiet")
                .with_region("eu-west-1"),
        )
        .unwrap();
    admin
        .create_client(
            QUIET_POOL_ID,
            ClientConfig::default().with_id(Some("quiet-app".into())).with_name("quiet"),
        )
        .unwrap();
    (client_id, secret)
}

fn client(endpoint: String) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .use_environment(false)
        .retry_policy(RetryPolicy::new(2, Duration::from_millis(5), Duration::from_millis(20)))
        .build()
        .unwrap()
}

async fn start(with_secret: bool) -> Env {
    let emulator = Emulator::builder().start().await.unwrap();
    let (client_id, secret) = seed(&emulator.admin(), with_secret);
    let client = client(emulator.endpoint());
    let mut pool = UserPool::with_client(client.clone(), POOL_ID, client_id).unwrap();
    if let Some(secret) = secret {
        pool = pool.with_client_secret(secret);
    }
    let quiet = UserPool::with_client(client, QUIET_POOL_ID, "quiet-app").unwrap();
    Env { emulator, pool, quiet }
}

fn code_of(err: &Error) -> Option<&ErrorCode> {
    err.code()
}

#[tokio::test]
async fn sign_up_confirm_then_sign_in_with_the_session_through_a_client_with_a_secret() {
    let env = start(true).await;
    let signed_up = env.pool.sign_up("ann", PASSWORD, &[("email", "ann@example.com")]).await.unwrap();
    assert!(!signed_up.user_sub.is_empty());
    let SignUpNext::ConfirmWithCode(delivery) = &signed_up.next else { panic!("{signed_up:?}") };
    assert_eq!(delivery.delivery_medium, Some(DeliveryMedium::Email));
    assert_eq!(delivery.attribute_name.as_deref(), Some("email"));
    assert_eq!(delivery.destination.as_deref(), Some("a***@e***"));
    let session = signed_up.session.clone().expect("SignUp gives a session on a USER_AUTH client");

    // Not confirmed yet: no sign-in.
    let err = env.pool.sign_in("ann", PASSWORD).start().await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::UserNotConfirmed), "{err}");

    let code = env.code("ann", &CodePurpose::SignUp);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = env.pool.confirm_sign_up("ann", wrong, Some(&session)).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::CodeMismatch), "{err}");
    // Spaces around a typed code do not matter.
    let confirmed = env.pool.confirm_sign_up("ann", &format!(" {code}\n"), Some(&session)).await.unwrap();
    let after = confirmed.session.expect("ConfirmSignUp gives a session for the sign-in");

    let Step::Done(done) = env.pool.sign_in_after_sign_up("ann", after.clone()).start().await.unwrap() else {
        panic!("signed in without further steps");
    };
    assert_eq!(done.username, "ann");
    assert!(done.tokens.refresh_token.is_some());
    let me = env.pool.get_user(&done.tokens.access_token).await.unwrap();
    assert_eq!(me.attribute("email_verified"), Some("true"));

    // The session works once.
    let err = env.pool.sign_in_after_sign_up("ann", after).start().await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::NotAuthorized), "{err}");
    // Confirmed twice is refused; the password signs in.
    let err = env.pool.confirm_sign_up("ann", &code, None).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::NotAuthorized), "{err}");
    assert!(matches!(env.pool.sign_in("ann", PASSWORD).start().await.unwrap(), Step::Done(_)));
}

#[tokio::test]
async fn without_the_client_secret_every_account_call_is_refused() {
    let env = start(true).await;
    let client = client(env.emulator.endpoint());
    let no_secret = UserPool::with_client(client, POOL_ID, env.pool.client_id()).unwrap();
    let err = no_secret.sign_up("ann", PASSWORD, &[("email", "ann@example.com")]).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::NotAuthorized), "{err}");
    env.pool.sign_up("ann", PASSWORD, &[("email", "ann@example.com")]).await.unwrap();
    let code = env.code("ann", &CodePurpose::SignUp);
    for err in [
        no_secret.confirm_sign_up("ann", &code, None).await.unwrap_err(),
        no_secret.resend_confirmation_code("ann").await.unwrap_err(),
        no_secret.forgot_password("ann").await.unwrap_err(),
        no_secret.confirm_forgot_password("ann", &code, NEW_PASSWORD).await.unwrap_err(),
    ] {
        assert_eq!(code_of(&err), Some(&ErrorCode::NotAuthorized), "{err}");
    }
    env.pool.confirm_sign_up("ann", &code, None).await.unwrap();
}

#[tokio::test]
async fn sign_up_errors_username_exists_invalid_password_expired_code_and_resend() {
    let env = start(false).await;
    env.pool.sign_up("bob", PASSWORD, &[("email", "bob@example.com")]).await.unwrap();
    let err = env.pool.sign_up("bob", PASSWORD, &[("email", "bob@example.com")]).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::UsernameExists), "{err}");
    let err = env.pool.sign_up("weak", "password", &[("email", "w@example.com")]).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::InvalidPassword), "{err}");

    // Refused before sending: an empty code, a password with a leading space.
    let before = env.requests();
    let err = env.pool.confirm_sign_up("bob", "  ", None).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::InvalidParameter), "{err}");
    let err = env.pool.sign_up("carl", " Correct-Horse-9", &[]).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::InvalidParameter), "{err}");
    assert_eq!(env.requests(), before, "nothing was sent");

    // A day later the code has expired; a new one works.
    let old = env.code("bob", &CodePurpose::SignUp);
    env.admin().advance_clock(Duration::from_secs(25 * 3600));
    let err = env.pool.confirm_sign_up("bob", &old, None).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::ExpiredCode), "{err}");
    let delivery = env.pool.resend_confirmation_code("bob").await.unwrap().expect("where it went");
    assert_eq!(delivery.attribute_name.as_deref(), Some("email"));
    let fresh = env.code("bob", &CodePurpose::SignUp);
    let confirmed = env.pool.confirm_sign_up("bob", &fresh, None).await.unwrap();
    assert!(confirmed.session.is_none(), "no SignUp session given, none back");
    // Confirmed: nothing to resend.
    let err = env.pool.resend_confirmation_code("bob").await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::InvalidParameter), "{err}");
    // An unknown user.
    let err = env.pool.resend_confirmation_code("nobody").await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::UserNotFound), "{err}");
}

#[tokio::test]
async fn a_pool_that_verifies_nothing_leaves_the_confirmation_to_an_administrator() {
    let env = start(false).await;
    let signed_up = env.quiet.sign_up("dora", PASSWORD, &[("email", "dora@example.com")]).await.unwrap();
    assert_eq!(signed_up.next, SignUpNext::AdministratorConfirms);
    assert!(signed_up.session.is_none(), "the app client does not allow USER_AUTH");
    let err = env.quiet.resend_confirmation_code("dora").await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::InvalidParameter), "{err}");
}

#[tokio::test]
async fn passwordless_sign_up_then_sign_in_with_the_session() {
    let env = start(false).await;
    let signed_up =
        env.pool.sign_up_without_password("erin", &[("email", "erin@example.com")]).await.unwrap();
    let code = env.code("erin", &CodePurpose::SignUp);
    let confirmed = env.pool.confirm_sign_up("erin", &code, signed_up.session.as_ref()).await.unwrap();
    let step = env.pool.sign_in_after_sign_up("erin", confirmed.session.unwrap()).start().await.unwrap();
    assert!(matches!(step, Step::Done(_)), "{step:?}");
}

#[tokio::test]
async fn forgot_password_then_confirm_with_the_code_and_a_new_password() {
    let env = start(true).await;
    env.pool.sign_up("fay", PASSWORD, &[("email", "fay@example.com")]).await.unwrap();
    env.pool.confirm_sign_up("fay", &env.code("fay", &CodePurpose::SignUp), None).await.unwrap();

    let delivery = env.pool.forgot_password("fay").await.unwrap().expect("where it went");
    assert_eq!(delivery.delivery_medium, Some(DeliveryMedium::Email));
    assert_eq!(delivery.destination.as_deref(), Some("f***@e***"));
    let code = env.code("fay", &CodePurpose::ForgotPassword);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = env.pool.confirm_forgot_password("fay", wrong, NEW_PASSWORD).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::CodeMismatch), "{err}");
    let err = env.pool.confirm_forgot_password("fay", &code, "short").await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::InvalidPassword), "{err}");
    env.pool.confirm_forgot_password("fay", &code, NEW_PASSWORD).await.unwrap();
    let err = env.pool.sign_in("fay", PASSWORD).start().await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::NotAuthorized), "{err}");
    assert!(matches!(env.pool.sign_in("fay", NEW_PASSWORD).start().await.unwrap(), Step::Done(_)));
    // The code was single use.
    let err = env.pool.confirm_forgot_password("fay", &code, PASSWORD).await.unwrap_err();
    assert!(matches!(code_of(&err), Some(ErrorCode::CodeMismatch | ErrorCode::ExpiredCode)), "{err}");

    // A code two hours old has expired (last: the emulator's clock moves, SRP timestamps no
    // longer match it).
    env.pool.forgot_password("fay").await.unwrap();
    let code = env.code("fay", &CodePurpose::ForgotPassword);
    env.admin().advance_clock(Duration::from_secs(2 * 3600));
    let err = env.pool.confirm_forgot_password("fay", &code, PASSWORD).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::ExpiredCode), "{err}");
    // An unknown user.
    let err = env.pool.forgot_password("nobody").await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::UserNotFound), "{err}");
}

/// A confirmed user of the main pool, signed in: the access token.
async fn signed_in(env: &Env, user: &str) -> SecretString {
    env.pool.sign_up(user, PASSWORD, &[("email", &format!("{user}@example.com"))]).await.unwrap();
    env.pool.confirm_sign_up(user, &env.code(user, &CodePurpose::SignUp), None).await.unwrap();
    let Step::Done(done) = env.pool.sign_in(user, PASSWORD).start().await.unwrap() else { panic!("MFA") };
    done.tokens.access_token.clone()
}

#[tokio::test]
async fn attributes_change_verify_delete_and_the_user_deleted() {
    let env = start(false).await;
    let token = signed_in(&env, "gus").await;

    let update = env
        .pool
        .update_user_attributes(&token, &[("email", "gus@example.org"), ("name", "Gus")])
        .await
        .unwrap();
    assert!(update.awaits_code("email"), "{update:?}");
    assert_eq!(update.to_verify.len(), 1);
    assert_eq!(update.to_verify[0].destination.as_deref(), Some("g***@e***"));
    let me = env.pool.get_user(&token).await.unwrap();
    assert_eq!(me.attribute("email"), Some("gus@example.org"));
    assert_eq!(me.attribute("email_verified"), Some("false"));
    assert_eq!(me.attribute("name"), Some("Gus"));

    let purpose = CodePurpose::VerifyAttribute("email".into());
    let code = env.code("gus", &purpose);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = env.pool.verify_user_attribute(&token, "email", wrong).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::CodeMismatch), "{err}");
    // A new code replaces the old one.
    let delivery = env.pool.get_user_attribute_verification_code(&token, "email").await.unwrap().unwrap();
    assert_eq!(delivery.attribute_name.as_deref(), Some("email"));
    let fresh = env.code("gus", &purpose);
    env.pool.verify_user_attribute(&token, "email", &fresh).await.unwrap();
    assert_eq!(env.pool.get_user(&token).await.unwrap().attribute("email_verified"), Some("true"));

    env.pool.delete_user_attributes(&token, &["name"]).await.unwrap();
    assert_eq!(env.pool.get_user(&token).await.unwrap().attribute("name"), None);

    env.pool.delete_user(&token).await.unwrap();
    let err = env.pool.get_user(&token).await.unwrap_err();
    assert!(matches!(code_of(&err), Some(ErrorCode::NotAuthorized | ErrorCode::UserNotFound)), "{err}");
    let err = env.pool.sign_in("gus", PASSWORD).start().await.unwrap_err();
    assert!(matches!(code_of(&err), Some(ErrorCode::NotAuthorized | ErrorCode::UserNotFound)), "{err}");
}

#[tokio::test]
async fn the_raw_operations_send_cognitos_json() {
    use cognito_srp_http::operations::{ForgotPasswordRequest, SignUpRequest};
    let env = start(false).await;
    let client = env.pool.client();
    let mut request = SignUpRequest::new(env.pool.client_id(), "hal", PASSWORD);
    request.user_attributes =
        Some(vec![cognito_srp_http::operations::AttributeType::new("email", Some("h@e.com"))]);
    let answer = client.sign_up(&request).await.unwrap();
    assert!(!answer.user_confirmed);
    assert!(answer.code_delivery_details.is_some());
    let err = client.forgot_password(&ForgotPasswordRequest::new("no-such-client", "hal")).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::ResourceNotFound), "{err}");
}

#[cfg(feature = "blocking")]
mod blocking {
    use super::*;
    use cognito_srp_http::blocking::UserPool as BlockingPool;

    /// The emulator on a thread of its own; the test thread has no runtime.
    struct Server {
        endpoint: String,
        admin: Admin,
        client_id: String,
        stop: Option<tokio::sync::oneshot::Sender<()>>,
        thread: Option<std::thread::JoinHandle<()>>,
    }

    impl Drop for Server {
        fn drop(&mut self) {
            if let Some(stop) = self.stop.take() {
                let _ = stop.send(());
            }
            if let Some(thread) = self.thread.take() {
                let _ = thread.join();
            }
        }
    }

    fn server() -> Server {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                let emulator = Emulator::builder().start().await.unwrap();
                ready_tx.send((emulator.endpoint(), emulator.admin())).unwrap();
                let _ = stopped.await;
                emulator.shutdown().await;
            });
        });
        let (endpoint, admin) = ready_rx.recv().unwrap();
        let (client_id, _) = seed(&admin, false);
        Server { endpoint, admin, client_id, stop: Some(stop), thread: Some(thread) }
    }

    #[test]
    fn the_blocking_pool_runs_every_account_flow() {
        let server = server();
        let code =
            |user: &str, purpose: &CodePurpose| server.admin.last_code(POOL_ID, user, purpose).unwrap();
        let pool =
            BlockingPool::with_client(client(server.endpoint.clone()), POOL_ID, &server.client_id).unwrap();

        let signed_up = pool.sign_up("ivy", PASSWORD, &[("email", "ivy@example.com")]).unwrap();
        assert!(matches!(signed_up.next, SignUpNext::ConfirmWithCode(_)));
        let err = pool.sign_up("ivy", PASSWORD, &[]).unwrap_err();
        assert_eq!(err.code(), Some(&ErrorCode::UsernameExists));
        let err = pool.confirm_sign_up("ivy", "000000x", signed_up.session.as_ref()).unwrap_err();
        assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch));
        pool.resend_confirmation_code("ivy").unwrap().unwrap();
        let confirmed = pool
            .confirm_sign_up("ivy", &code("ivy", &CodePurpose::SignUp), signed_up.session.as_ref())
            .unwrap();
        let Step::Done(done) = pool.sign_in_after_sign_up("ivy", confirmed.session.unwrap()).start().unwrap()
        else {
            panic!("signed in");
        };
        let token = done.tokens.access_token.clone();

        pool.forgot_password("ivy").unwrap().unwrap();
        let err = pool.confirm_forgot_password("ivy", "000000x", NEW_PASSWORD).unwrap_err();
        assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch));
        pool.confirm_forgot_password("ivy", &code("ivy", &CodePurpose::ForgotPassword), NEW_PASSWORD)
            .unwrap();
        assert!(matches!(pool.sign_in("ivy", NEW_PASSWORD).start().unwrap(), Step::Done(_)));

        let update = pool.update_user_attributes(&token, &[("email", "ivy@example.org")]).unwrap();
        assert!(update.awaits_code("email"));
        pool.get_user_attribute_verification_code(&token, "email").unwrap().unwrap();
        let purpose = CodePurpose::VerifyAttribute("email".into());
        pool.verify_user_attribute(&token, "email", &code("ivy", &purpose)).unwrap();
        assert_eq!(pool.get_user(&token).unwrap().attribute("email_verified"), Some("true"));
        pool.update_user_attributes(&token, &[("name", "Ivy")]).unwrap();
        pool.delete_user_attributes(&token, &["name"]).unwrap();
        assert_eq!(pool.get_user(&token).unwrap().attribute("name"), None);
        pool.delete_user(&token).unwrap();
        assert!(pool.sign_in("ivy", NEW_PASSWORD).start().is_err());
    }
}

/// What `tests/browser.rs` expects of its seed (`tests/browser/seed.json`) for sign-up, run
/// natively: the browser test cannot run here, and a wrong expectation would only show in CI.
#[tokio::test]
async fn the_browser_seed_lets_a_page_sign_up_without_reading_the_outbox() {
    let seed = cognito_srp_emulator::Seed::from_json(include_str!("browser/seed.json")).unwrap();
    let emulator = Emulator::builder().seed(seed).start().await.unwrap();
    let pool =
        UserPool::with_client(client(emulator.endpoint()), "eu-west-1_Browser1", "browserapp").unwrap();
    let signed_up =
        pool.sign_up("web-0123", "Browser-Passw0rd!", &[("email", "web@example.com")]).await.unwrap();
    assert_eq!(signed_up.next, SignUpNext::AdministratorConfirms);
    assert!(signed_up.session.is_some());
    let err = pool.sign_up("web-0123", "Browser-Passw0rd!", &[]).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::UsernameExists), "{err}");
    let err = pool.sign_up("web-4567", "password", &[]).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::InvalidPassword), "{err}");
    let err = pool.sign_in("web-0123", "Browser-Passw0rd!").start().await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::UserNotConfirmed), "{err}");
    let err = pool.confirm_sign_up("web-0123", "123456", signed_up.session.as_ref()).await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::CodeMismatch), "{err}");
    let err = pool.resend_confirmation_code("web-0123").await.unwrap_err();
    assert_eq!(code_of(&err), Some(&ErrorCode::InvalidParameter), "{err}");
    let delivery = pool.forgot_password("ann").await.unwrap().unwrap();
    assert_eq!(delivery.delivery_medium, Some(DeliveryMedium::Email));
    assert_eq!(delivery.attribute_name.as_deref(), Some("email"));
}
