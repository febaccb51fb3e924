//! The token provider: one refresh for 100 concurrent callers with expired tokens, the
//! server's `Date` correcting clock skew, the file store (0600, atomic, size-limited,
//! refused when others may read it) and "signed out elsewhere" after a global sign-out.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

#[path = "support/emulator.rs"]
mod emulator;
#[path = "support/fake.rs"]
mod fake;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cognito_srp_emulator::{MfaConfiguration, UserConfig};
use cognito_srp_http::provider::{
    FileStore, MemoryStore, ProviderError, StoreError, StoredSession, TokenProvider, TokenStore,
};
use cognito_srp_http::{Client, RetryPolicy, Tokens, UserPool};
use emulator::{done, start};
use fake::{Fake, Reply};

const PASSWORD: &str = "Correct-Horse-9";

fn local_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_callers_with_expired_tokens_cause_one_refresh() {
    let env = start(MfaConfiguration::Off, None, false).await;
    env.user("alice", PASSWORD, UserConfig::default());
    let signed = done(env.pool.sign_in("alice", PASSWORD).start().await.unwrap());
    // The stored session expired long ago (on the server's clock).
    let session = StoredSession::new(signed.username.clone(), signed.tokens.clone(), 1_000_000, 0);
    let store = Arc::new(MemoryStore::with(session));
    let provider = Arc::new(TokenProvider::load(env.pool.clone(), store.clone()).unwrap().unwrap());
    let before = env.requests();

    let mut tasks = Vec::new();
    for _ in 0..100 {
        let provider = Arc::clone(&provider);
        tasks.push(tokio::spawn(async move { provider.access_token().await.unwrap() }));
    }
    let mut tokens = Vec::new();
    for task in tasks {
        tokens.push(task.await.unwrap().expose_secret().to_owned());
    }
    assert_eq!(env.requests() - before, 1, "exactly one refresh request");
    assert!(tokens.iter().all(|t| *t == tokens[0]), "every caller got the refreshed token");
    assert_ne!(tokens[0], signed.tokens.access_token.expose_secret(), "a new token");
    // The store has the new session, expiring in about an hour from now.
    let stored = store.load().unwrap().unwrap();
    assert_eq!(stored.tokens.access_token.expose_secret(), tokens[0]);
    assert!(stored.tokens.refresh_token.is_some(), "the refresh token is kept");
    let left = provider.expires_in().await.unwrap().unwrap();
    assert!((3590..=3600).contains(&left), "{left}");
    // Fresh now: no more requests.
    provider.access_token().await.unwrap();
    provider.id_token().await.unwrap();
    assert_eq!(env.requests() - before, 1);
}

fn fake_pool(endpoint: &str) -> UserPool {
    let client = Client::builder()
        .endpoint(endpoint)
        .use_environment(false)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    UserPool::with_client(client, "eu-west-1_Fake", "app").unwrap()
}

#[tokio::test]
async fn the_servers_date_corrects_clock_skew() {
    // The server's clock is two hours ahead of ours.
    let ahead = 2 * 3600;
    let date: &'static str = Box::leak(httpdate_of(local_now() + ahead).into_boxed_str());
    let body = r#"{"AuthenticationResult":{"AccessToken":"a.b.c","IdToken":"d.e.f","ExpiresIn":3600,"TokenType":"Bearer"}}"#;
    let fake = Fake::start(move |_, _, _| {
        Reply::Raw(200, vec![("content-type", "application/x-amz-json-1.1"), ("date", date)], body)
    })
    .await;
    let pool = fake_pool(&fake.endpoint);
    let mut tokens = Tokens::default();
    tokens.refresh_token = Some("rt".into());
    tokens.expires_in = 3600;
    // Stored: expired on the server's clock an hour ago, i.e. an hour AHEAD of our clock; and
    // the skew is known from the last answer.
    let session = StoredSession::new(
        "alice",
        tokens.clone(),
        local_now() + ahead - 2 * 3600,
        i64::try_from(ahead).unwrap(),
    );
    let store = Arc::new(MemoryStore::with(session));
    let provider =
        TokenProvider::load(pool.clone(), store.clone()).unwrap().unwrap().with_margin(Duration::ZERO);
    // Without the correction these tokens would look valid for another hour; with it, expired.
    assert!(provider.expires_in().await.unwrap().unwrap() < 0);
    provider.access_token().await.unwrap();
    assert_eq!(fake.operations().len(), 1, "refreshed");
    assert!(pool.client().last_server_date().unwrap().abs_diff(local_now() + ahead) <= 2);
    let stored = store.load().unwrap().unwrap();
    assert!(stored.skew.abs_diff(i64::try_from(ahead).unwrap()) <= 2, "{}", stored.skew);
    assert!(stored.expires_at.abs_diff(local_now() + ahead + 3600) <= 2, "on the server's clock");
    // About an hour left on the corrected clock (not three).
    let left = provider.expires_in().await.unwrap().unwrap();
    assert!((3595..=3600).contains(&left), "{left}");

    // The same answers from a server whose clock agrees with ours: a session made from them
    // is not thought expired.
    let fresh = StoredSession::new("alice", tokens, local_now(), 0);
    let provider = TokenProvider::load(pool, Arc::new(MemoryStore::with(fresh))).unwrap().unwrap();
    provider.access_token().await.unwrap();
    assert_eq!(fake.operations().len(), 1, "no refresh for fresh tokens");
}

fn httpdate_of(unix: u64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(unix))
}

#[tokio::test]
async fn signed_out_elsewhere_is_a_typed_error_and_clears_the_store() {
    let env = start(MfaConfiguration::Off, None, false).await;
    env.user("alice", PASSWORD, UserConfig::default());
    let here = done(env.pool.sign_in("alice", PASSWORD).start().await.unwrap());
    let elsewhere = done(env.pool.sign_in("alice", PASSWORD).start().await.unwrap());
    let dir = tempdir("signed-out");
    let store = Arc::new(FileStore::new(dir.join("session.json")));
    let provider = TokenProvider::new(env.pool.clone(), &here, store.clone()).unwrap();
    assert!(store.load().unwrap().is_some());
    provider.refresh_now().await.unwrap();

    // GlobalSignOut from the other session revokes every refresh token of the user.
    env.pool.sign_out(&elsewhere.tokens.access_token).await.unwrap();
    let err = provider.refresh_now().await.unwrap_err();
    assert!(matches!(err, ProviderError::SignedOutElsewhere), "{err:?}");
    assert!(store.load().unwrap().is_none(), "the stored session is cleared");
    // From now on, without asking the server.
    let before = env.requests();
    assert!(matches!(provider.access_token().await, Err(ProviderError::SignedOutElsewhere)));
    assert_eq!(env.requests(), before);
    std::fs::remove_dir_all(dir).unwrap();
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cognito-srp-provider-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn the_file_store_is_private_atomic_and_size_limited() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir("file");
    let path = dir.join("nested").join("session.json");
    let store = FileStore::new(&path);
    assert!(store.load().unwrap().is_none());
    let mut tokens = Tokens::default();
    tokens.access_token = "access-secret".into();
    tokens.refresh_token = Some("refresh-secret".into());
    tokens.expires_in = 3600;
    let mut session = StoredSession::new("alice", tokens, 1_800_000_000, -3);
    session.device = Some(cognito_srp_http::DeviceCredentials::new("eu-west-1_dev", "-grp", "pw"));
    store.save(&session).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
    assert_eq!(store.load().unwrap().unwrap(), session);
    assert!(!format!("{session:?}").contains("secret"), "{session:?}");
    // Replaced, not appended; no temporary file left behind.
    session.expires_at += 1;
    store.save(&session).unwrap();
    assert_eq!(store.load().unwrap().unwrap().expires_at, session.expires_at);
    assert_eq!(std::fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(matches!(store.load(), Err(StoreError::NotPrivate { mode: 0o644, .. })));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(&path, vec![b' '; 70_000]).unwrap();
    assert!(matches!(store.load(), Err(StoreError::TooLarge { .. })));
    std::fs::write(&path, b"{}").unwrap();
    assert!(matches!(store.load(), Err(StoreError::Invalid(_))));
    store.clear().unwrap();
    store.clear().unwrap();
    assert!(store.load().unwrap().is_none());
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn the_device_key_goes_with_each_refresh() {
    let env = start(MfaConfiguration::Off, emulator::tracking(false), false).await;
    env.user("alice", PASSWORD, UserConfig::default());
    env.user("bob", PASSWORD, UserConfig::default());
    let alice = done(env.pool.sign_in("alice", PASSWORD).start().await.unwrap());
    let bob = done(env.pool.sign_in("bob", PASSWORD).start().await.unwrap());
    assert!(alice.device.is_some() && bob.device.is_some());

    let store = Arc::new(MemoryStore::default());
    let provider = TokenProvider::new(env.pool.clone(), &alice, store.clone()).unwrap();
    assert_eq!(store.load().unwrap().unwrap().device, alice.device);
    provider.refresh_now().await.unwrap();
    assert_eq!(provider.session().await.unwrap().device, alice.device, "the device is kept");

    // With another user's device key in the stored session the emulator refuses the refresh:
    // so the key is sent.
    let mut wrong = store.load().unwrap().unwrap();
    wrong.device.clone_from(&bob.device);
    let provider =
        TokenProvider::load(env.pool.clone(), Arc::new(MemoryStore::with(wrong))).unwrap().unwrap();
    assert!(matches!(provider.refresh_now().await, Err(ProviderError::SignedOutElsewhere)));
}
