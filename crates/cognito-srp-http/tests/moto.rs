//! The wire format, challenge sequencing, SECRET_HASH, TOTP, refresh and error mapping
//! against moto, the emulator users already test with. moto does not check SRP signatures
//! (so a wrong password is tested with USER_PASSWORD_AUTH) and has no device operations.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    unreachable_pub
)]

#[path = "support/moto.rs"]
mod moto;
#[path = "support/totp.rs"]
mod totp;

use cognito_srp_http::AuthFlow;
use cognito_srp_http::operations::{GetUserRequest, InitiateAuthRequest};
use cognito_srp_http::{
    Client, Error, ErrorCode, MfaKind, Parameters, ProtocolError, RefreshMethod, SignedIn, Step, UserPool,
};
use moto::Moto;

fn pool_for(moto: &Moto, pool_id: &str, client_id: &str, secret: Option<&str>) -> UserPool {
    let client = Client::builder().endpoint(&moto.endpoint).build().unwrap();
    let pool = UserPool::with_client(client, pool_id, client_id).unwrap();
    match secret {
        Some(s) => pool.with_client_secret(s),
        None => pool,
    }
}

fn done(step: Step) -> Box<SignedIn> {
    match step {
        Step::Done(done) => done,
        other => panic!("expected tokens, got {other:?}"),
    }
}

async fn username_of(pool: &UserPool, signed: &SignedIn) -> String {
    pool.client().get_user(&GetUserRequest::new(signed.tokens.access_token.clone())).await.unwrap().username
}

#[tokio::test]
async fn srp_sign_in_refresh_and_sign_out() {
    let Some(moto) = Moto::start("srp_sign_in_refresh_and_sign_out").await else { return };
    let (pool_id, client_id, _) = moto.pool(false, false).await;
    moto.user(&pool_id, "alice", "Passw0rd!", true).await;
    let pool = pool_for(&moto, &pool_id, &client_id, None);

    // USER_SRP_AUTH -> PASSWORD_VERIFIER (moto's SECRET_BLOCK is a UUID, its USER_ID_FOR_SRP
    // differs from USERNAME and only USERNAME is accepted back) -> tokens.
    let signed = done(pool.sign_in("alice", "Passw0rd!").start().await.unwrap());
    assert_eq!(signed.username, "alice");
    assert_eq!(signed.tokens.token_type, "Bearer");
    assert!(signed.tokens.expires_in > 0);
    assert!(signed.device.is_none() && !signed.new_device);
    assert_eq!(username_of(&pool, &signed).await, "alice");

    let refresh = signed.tokens.refresh_token.clone().unwrap();
    let fresh = pool.refresh(&refresh, &signed.username, None).await.unwrap();
    assert_ne!(fresh.access_token, signed.tokens.access_token);
    assert_eq!(fresh.refresh_token.as_ref(), Some(&refresh), "the refresh token is kept");
    assert_eq!(
        pool.client()
            .get_user(&GetUserRequest::new(fresh.access_token.clone()))
            .await
            .unwrap()
            .attribute("email"),
        Some("alice@example.com")
    );

    pool.sign_out(&fresh.access_token).await.unwrap();
    let err = pool.refresh(&refresh, &signed.username, None).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
}

/// moto 5.2.5 has no GetTokensFromRefreshToken (it answers an HTML 500): the default
/// refresh method falls back to REFRESH_TOKEN_AUTH, and GetTokens alone reports the answer.
#[tokio::test]
async fn refresh_auto_falls_back_to_refresh_token_auth() {
    let Some(moto) = Moto::start("refresh_auto_falls_back_to_refresh_token_auth").await else { return };
    let (pool_id, client_id, secret) = moto.pool(false, true).await;
    moto.user(&pool_id, "carol", "Passw0rd!", true).await;
    let pool = pool_for(&moto, &pool_id, &client_id, secret.as_deref());
    assert_eq!(pool.refresh_method(), RefreshMethod::Auto);
    let signed = done(pool.sign_in("carol", "Passw0rd!").start().await.unwrap());
    let refresh = signed.tokens.refresh_token.clone().unwrap();
    let fresh = pool.refresh(&refresh, &signed.username, None).await.unwrap();
    assert_eq!(fresh.refresh_token.as_ref(), Some(&refresh));
    let me = pool.client().get_user(&GetUserRequest::new(fresh.access_token.clone())).await.unwrap();
    assert_eq!(me.username, "carol");
    match pool
        .clone()
        .with_refresh_method(RefreshMethod::GetTokens)
        .refresh(&refresh, &signed.username, None)
        .await
    {
        // A later moto that implements the operation.
        Ok(tokens) => assert!(tokens.refresh_token.is_some()),
        Err(err) => assert!(
            matches!(err, Error::Protocol(ProtocolError::UnexpectedResponse { status: 500, .. })),
            "{err}"
        ),
    }
    // A wrong token: the fallback's NotAuthorized is reported.
    let err = pool.refresh(&"not-a-token".into(), &signed.username, None).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
}

#[tokio::test]
async fn secret_hash_on_srp_and_refresh() {
    let Some(moto) = Moto::start("secret_hash_on_srp_and_refresh").await else { return };
    let (pool_id, client_id, secret) = moto.pool(false, true).await;
    let secret = secret.expect("moto returns a client secret");
    moto.user(&pool_id, "bob", "Passw0rd!", true).await;

    let pool = pool_for(&moto, &pool_id, &client_id, Some(&secret));
    let signed = done(pool.sign_in("bob", "Passw0rd!").start().await.unwrap());
    let refresh = signed.tokens.refresh_token.clone().unwrap();
    pool.refresh(&refresh, &signed.username, None).await.unwrap();

    // moto checks SECRET_HASH on USER_SRP_AUTH: a wrong secret is NotAuthorized, and so is
    // none at all.
    let wrong = pool_for(&moto, &pool_id, &client_id, Some("not-the-secret"));
    let err = wrong.sign_in("bob", "Passw0rd!").start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
    let missing = pool_for(&moto, &pool_id, &client_id, None);
    let err = missing.sign_in("bob", "Passw0rd!").start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
    let err = wrong.refresh(&refresh, &signed.username, None).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");
}

#[tokio::test]
async fn new_password_required() {
    let Some(moto) = Moto::start("new_password_required").await else { return };
    let (pool_id, client_id, _) = moto.pool(false, false).await;
    moto.user(&pool_id, "carol", "Temp0rary!", false).await;
    let pool = pool_for(&moto, &pool_id, &client_id, None);

    let mut sign_in = pool.sign_in("carol", "Temp0rary!");
    // Answering the wrong step is refused without a request.
    assert!(matches!(sign_in.answer_mfa_code("123456").await, Err(Error::InvalidState(_))));
    match sign_in.start().await.unwrap() {
        Step::NewPasswordRequired { .. } => {}
        other => panic!("expected NEW_PASSWORD_REQUIRED, got {other:?}"),
    }
    assert!(matches!(sign_in.answer_mfa_code("123456").await, Err(Error::InvalidState(_))));
    let signed = done(sign_in.answer_new_password("N3w-Passw0rd!", &[]).await.unwrap());
    assert_eq!(username_of(&pool, &signed).await, "carol");

    // The user is confirmed now: a plain sign-in gets tokens straight away.
    done(pool.sign_in("carol", "N3w-Passw0rd!").start().await.unwrap());
}

/// Answers with the current TOTP code; moto accepts only the current 30 s step, so one
/// retry covers a step boundary between computing and checking.
async fn answer_totp(sign_in: &mut cognito_srp_http::SignIn, secret: &str, setup: bool) -> Step {
    for attempt in 0..2 {
        let code = totp::totp_now(secret);
        let result = if setup {
            sign_in.answer_mfa_setup(&code, Some("test phone")).await
        } else {
            sign_in.answer_mfa_code(&code).await
        };
        match result {
            Ok(step) => return step,
            Err(e) if attempt == 0 && e.code() == Some(&ErrorCode::CodeMismatch) => continue,
            Err(e) => panic!("{e}"),
        }
    }
    unreachable!()
}

#[tokio::test]
async fn totp_setup_then_totp_mfa() {
    let Some(moto) = Moto::start("totp_setup_then_totp_mfa").await else { return };
    let (pool_id, client_id, secret) = moto.pool(true, true).await;
    moto.user(&pool_id, "dave", "Passw0rd!", true).await;
    let pool = pool_for(&moto, &pool_id, &client_id, secret.as_deref());

    // First sign-in: MFA is required and not set up -> MFA_SETUP with a TOTP seed.
    let mut sign_in = pool.sign_in("dave", "Passw0rd!");
    let step = sign_in.start().await.unwrap();
    let seed = match &step {
        Step::MfaSetup { secret_code: Some(seed), options } => {
            assert!(options.contains(&MfaKind::SoftwareToken), "{options:?}");
            let uri = step.totp_uri("Tests", "dave").unwrap();
            assert!(uri.expose_secret().starts_with("otpauth://totp/Tests:dave?secret="));
            seed.expose_secret().to_owned()
        }
        other => panic!("expected MFA_SETUP, got {other:?}"),
    };
    // A wrong first code is refused and the step stays open.
    let err = sign_in.answer_mfa_setup("000000", None).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch), "{err}");
    let signed = done(answer_totp(&mut sign_in, &seed, true).await);
    assert_eq!(username_of(&pool, &signed).await, "dave");

    // Next sign-in: SOFTWARE_TOKEN_MFA; a wrong code is CodeMismatch, the right one signs in
    // (SECRET_HASH with the internal user name on the MFA answer, which moto checks).
    let mut sign_in = pool.sign_in("dave", "Passw0rd!");
    match sign_in.start().await.unwrap() {
        Step::MfaCode { kind: MfaKind::SoftwareToken, .. } => {}
        other => panic!("expected SOFTWARE_TOKEN_MFA, got {other:?}"),
    }
    let wrong = if totp::totp_now(&seed) == "123456" { "654321" } else { "123456" };
    let err = sign_in.answer_mfa_code(wrong).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch), "{err}");
    let signed = done(answer_totp(&mut sign_in, &seed, false).await);
    assert!(signed.tokens.refresh_token.is_some());
}

#[tokio::test]
async fn error_mapping() {
    let Some(moto) = Moto::start("error_mapping").await else { return };
    let (pool_id, client_id, _) = moto.pool(false, false).await;
    moto.user(&pool_id, "erin", "Passw0rd!", true).await;
    let pool = pool_for(&moto, &pool_id, &client_id, None);

    // Unknown user.
    let err = pool.sign_in("nobody", "Passw0rd!").start().await.unwrap_err();
    let svc = err.service().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(svc.code, ErrorCode::UserNotFound);
    assert_eq!(svc.status, 400);
    assert!(!err.is_retryable());

    // Unknown app client.
    let other = pool_for(&moto, &pool_id, "no-such-client", None);
    let err = other.sign_in("erin", "Passw0rd!").start().await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::ResourceNotFound), "{err}");

    // Wrong password: moto does not verify SRP signatures, so check the mapping through
    // USER_PASSWORD_AUTH, which it does check.
    let request = |password: &str| {
        let mut request = InitiateAuthRequest::new(AuthFlow::UserPasswordAuth, client_id.as_str());
        request.auth_parameters = Parameters::new().with("USERNAME", "erin").with("PASSWORD", password);
        request
    };
    let err = pool.client().initiate_auth(&request("wrong")).await.unwrap_err();
    let svc = err.service().unwrap();
    assert_eq!(svc.code, ErrorCode::NotAuthorized);
    assert_eq!(svc.message, "Incorrect username or password.");
    assert_eq!(err.to_string(), "Cognito NotAuthorizedException (HTTP 400): Incorrect username or password.");
    let ok = pool.client().initiate_auth(&request("Passw0rd!")).await.unwrap();
    assert!(ok.authentication_result.is_some());

    // A bad access token.
    let err = pool.client().get_user(&GetUserRequest::new("bogus")).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized), "{err}");

    // An unknown AuthFlow value.
    let mut bad = request("x");
    bad.auth_flow = "NO_SUCH_FLOW".into();
    let err = pool.client().initiate_auth(&bad).await.unwrap_err();
    assert_eq!(err.code(), Some(&ErrorCode::InvalidParameter), "{err}");
}
