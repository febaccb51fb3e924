//! The sign-in machine in admin mode, without sockets: AdminInitiateAuth and
//! AdminRespondToAuthChallenge carry the pool id and the same parameters as the user flow;
//! SrpFlow::Password is ADMIN_USER_PASSWORD_AUTH there and USER_PASSWORD_AUTH in the user
//! flow; the user-side calls of the sign-in (ConfirmDevice) stay user calls.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use cognito_srp_proto::rand_core::UnwrapErr;
use cognito_srp_proto::{Action, AppClient, Request, SignIn, SignInOptions, SrpFlow, Step, Timestamp, param};
use getrandom::SysRng;

const POOL: &str = "eu-west-1_AdminMode";
const CLIENT: &str = "server-app";

fn client() -> AppClient {
    AppClient::new(POOL, CLIENT).unwrap().with_secret("client-secret")
}

fn now() -> Timestamp {
    Timestamp::from_unix_seconds(1_700_000_000).unwrap()
}

#[test]
fn admin_srp_starts_with_admin_initiate_auth_and_answers_with_admin_respond() {
    let mut rng = UnwrapErr(SysRng);
    let mut sign_in = SignIn::new(client(), "alice", "Passw0rd!", SignInOptions::default()).admin();
    assert!(sign_in.is_admin());
    let call = sign_in.start(&mut rng).unwrap();
    assert_eq!(call.request.operation().as_str(), "AdminInitiateAuth");
    let Request::AdminInitiateAuth(request) = &call.request else { panic!("{call:?}") };
    assert_eq!((request.user_pool_id.as_str(), request.client_id.as_str()), (POOL, CLIENT));
    assert_eq!(request.auth_flow.as_str(), "USER_SRP_AUTH");
    assert!(request.auth_parameters.get(param::SRP_A).is_some());
    assert!(request.auth_parameters.get(param::SECRET_HASH).is_some());
    let json: serde_json::Value = serde_json::from_slice(&call.request.to_json().unwrap()).unwrap();
    assert_eq!(json["UserPoolId"], POOL);

    // An MFA challenge straight away (as after the SRP steps): answered with
    // AdminRespondToAuthChallenge, session and pool id included.
    let reply = br#"{"ChallengeName":"SOFTWARE_TOKEN_MFA","Session":"sess-1","ChallengeParameters":{"USERNAME":"alice-sub"}}"#;
    let Action::Step(Step::MfaCode { .. }) = sign_in.on_reply(reply, &now(), &mut rng).unwrap() else {
        panic!("MFA step expected")
    };
    let call = sign_in.answer_mfa_code("123456").unwrap();
    let Request::AdminRespondToAuthChallenge(answer) = &call.request else { panic!("{call:?}") };
    assert_eq!(answer.user_pool_id, POOL);
    assert_eq!(answer.challenge_name.as_str(), "SOFTWARE_TOKEN_MFA");
    assert_eq!(answer.session.as_ref().unwrap().expose_secret(), "sess-1");
    assert_eq!(answer.challenge_responses.get(param::SOFTWARE_TOKEN_MFA_CODE), Some("123456"));
    assert_eq!(answer.challenge_responses.get(param::USERNAME), Some("alice-sub"));
    assert!(answer.challenge_responses.get(param::SECRET_HASH).is_some());

    // Signed in with a new device: ConfirmDevice, a user call with the access token.
    let reply = br#"{"AuthenticationResult":{"AccessToken":"a.b.c","IdToken":"i.d.t","RefreshToken":"r","ExpiresIn":3600,"TokenType":"Bearer","NewDeviceMetadata":{"DeviceKey":"eu-west-1_dev","DeviceGroupKey":"grp"}}}"#;
    let Action::Send(call) = sign_in.on_reply(reply, &now(), &mut rng).unwrap() else {
        panic!("ConfirmDevice")
    };
    assert!(matches!(call.request, Request::ConfirmDevice(_)), "{call:?}");
}

#[test]
fn the_password_flow_is_admin_user_password_auth_in_admin_mode_only() {
    let mut rng = UnwrapErr(SysRng);
    let options = SignInOptions::default().flow(SrpFlow::Password);
    let mut admin = SignIn::new(client(), "alice", "Passw0rd!", options.clone()).admin();
    let Request::AdminInitiateAuth(request) = admin.start(&mut rng).unwrap().request else { panic!() };
    assert_eq!(request.auth_flow.as_str(), "ADMIN_USER_PASSWORD_AUTH");
    assert_eq!(request.auth_parameters.get(param::PASSWORD), Some("Passw0rd!"));
    assert_eq!(request.auth_parameters.get(param::SRP_A), None);

    let mut user = SignIn::new(client(), "alice", "Passw0rd!", options.clone());
    let Request::InitiateAuth(request) = user.start(&mut rng).unwrap().request else { panic!() };
    assert_eq!(request.auth_flow.as_str(), "USER_PASSWORD_AUTH");
    assert_eq!(request.auth_parameters.get(param::PASSWORD), Some("Passw0rd!"));

    // No password, no start.
    let mut none = SignIn::without_password(client(), "alice", options).admin();
    assert!(none.start(&mut rng).is_err());
}
