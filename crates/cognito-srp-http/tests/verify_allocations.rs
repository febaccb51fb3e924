//! A cached verification allocates nothing: checked with a counting global allocator (its
//! own test binary, so no other test's allocations are counted; one test, one thread).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs, unreachable_pub)]

#[path = "support/jwt.rs"]
mod jwt;

use std::alloc::System;

use cognito_srp_http::verify::{KeySet, TokenUse, Verifier, VerifyError};
use jwt::{TestKey, jwks};
use serde_json::json;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[test]
fn a_cached_verification_allocates_nothing() {
    let key = TestKey::new(5, 2048);
    let now = 1_800_000_000;
    let issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Alloc";
    let token =
        key.sign(&json!({ "iss": issuer, "token_use": "access", "client_id": "app", "exp": now + 3600,
        "iat": now, "scope": "aws.cognito.signin.user.admin", "cognito:groups": ["a", "admins"],
        "username": "u", "sub": "s" }));
    let verifier = Verifier::builder("eu-west-1_Alloc")
        .client_id("app")
        .token_use(TokenUse::Access)
        .require_group("admins")
        .require_scope("aws.cognito.signin.user.admin")
        .build()
        .unwrap();
    verifier.set_keys(KeySet::from_json(jwks(&[&key]).as_bytes()).unwrap());
    verifier.verify(&token, now).unwrap();

    let region = Region::new(GLOBAL);
    for _ in 0..20 {
        let claims = verifier.verify(&token, now).unwrap();
        assert_eq!(claims.token_use(), TokenUse::Access);
    }
    let change = region.change();
    assert_eq!((change.allocations, change.reallocations), (0, 0), "{change:?}");

    // The counter counts: a refused token's error allocates its message.
    let region = Region::new(GLOBAL);
    assert!(matches!(verifier.verify(&token, now + 7200), Err(VerifyError::Expired { .. })));
    let other = Verifier::builder("eu-west-1_Other").client_id("app").build().unwrap();
    other.set_keys(KeySet::from_json(jwks(&[&key]).as_bytes()).unwrap());
    assert!(matches!(other.verify(&token, now), Err(VerifyError::WrongIssuer { .. })));
    assert!(region.change().allocations > 0);
}
