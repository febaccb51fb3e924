//! AdminInitiateAuth and AdminRespondToAuthChallenge: the sign-in flows of InitiateAuth and
//! RespondToAuthChallenge ([`super::start_auth`], [`super::answer_challenge`]) entered by a
//! server that names the pool too.
//!
//! Differences from the app operations, as on Cognito: the pool must exist and the app client
//! must belong to it (else `ResourceNotFoundException`), a session answers only in the pool
//! it was started in, `ADMIN_USER_PASSWORD_AUTH` (and its older name `ADMIN_NO_SRP_AUTH`)
//! replaces `USER_PASSWORD_AUTH` and needs `ALLOW_ADMIN_USER_PASSWORD_AUTH` (or the older
//! `ADMIN_NO_SRP_AUTH`) on the client. `ContextData` is accepted and not evaluated (the
//! emulator has no threat protection).

use cognito_srp_proto::AuthFlow;
use cognito_srp_proto::admin::{AdminInitiateAuthRequest, AdminRespondToAuthChallengeRequest};
use cognito_srp_proto::vocab::member;

use super::{Answer, Entry, Req, Res, answer_challenge, start_auth};
use crate::error::ApiError;
use crate::state::{AppClient, State};

/// The app client a sign-in names; for the admin operations the pool must exist and the
/// client must be one of its clients.
pub(super) fn entry_client<'s>(
    state: &'s State,
    entry: Entry<'_>,
    client_id: &str,
) -> Result<&'s AppClient, ApiError> {
    if let Entry::Admin { pool_id } = entry {
        state.pool(pool_id)?;
    }
    let client = state.client(client_id)?;
    if let Entry::Admin { pool_id } = entry
        && client.pool_id != pool_id
    {
        return Err(ApiError::not_found(format!("User pool client {client_id} does not exist.")));
    }
    Ok(client)
}

/// Whether the client allows `flow`; `ADMIN_USER_PASSWORD_AUTH` is also allowed by the
/// older `ADMIN_NO_SRP_AUTH`.
pub(super) fn client_allows(client: &AppClient, flow: &AuthFlow) -> bool {
    client.allows(flow)
        || (*flow == AuthFlow::AdminUserPasswordAuth && client.allows(&AuthFlow::AdminNoSrpAuth))
}

pub(super) fn admin_initiate_auth(shared: &crate::state::Shared, req: Req<'_>) -> Res {
    let request: AdminInitiateAuthRequest =
        req.typed(&[member::USER_POOL_ID, member::CLIENT_ID, member::AUTH_FLOW])?;
    let entry = Entry::Admin { pool_id: &request.user_pool_id };
    start_auth(
        shared,
        entry,
        &request.auth_flow,
        &request.client_id,
        &request.auth_parameters,
        request.session.as_ref(),
    )
}

pub(super) fn admin_respond_to_auth_challenge(shared: &crate::state::Shared, req: Req<'_>) -> Res {
    let request: AdminRespondToAuthChallengeRequest =
        req.typed(&[member::USER_POOL_ID, member::CLIENT_ID, member::CHALLENGE_NAME])?;
    let answer = Answer {
        entry: Entry::Admin { pool_id: &request.user_pool_id },
        client_id: &request.client_id,
        name: &request.challenge_name,
        session: request.session.as_ref(),
        responses: &request.challenge_responses,
    };
    answer_challenge(shared, &answer)
}
