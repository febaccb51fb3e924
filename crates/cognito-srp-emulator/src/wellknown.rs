//! The public documents of a pool, as Cognito serves them: the JWKS
//! (`GET /{poolId}/.well-known/jwks.json`) and the OpenID discovery document
//! (`GET /{poolId}/.well-known/openid-configuration`).

use cognito_srp_proto::ErrorCode;
use cognito_srp_proto::vocab::attribute;
use serde_json::{Value, json};

use crate::keys::ALG;
use crate::state::Shared;

/// The JWKS file name under `/{poolId}/.well-known/`.
const JWKS: &str = "jwks.json";
/// The discovery document's name under `/{poolId}/.well-known/`.
const DISCOVERY: &str = "openid-configuration";

/// The answer to a `GET` of `path` (without the query): `Some((status, JSON body))` for the
/// two documents (404 and Cognito's `ResourceNotFoundException` for an unknown pool), `None`
/// for any other path.
pub(crate) fn document(shared: &Shared, path: &str) -> Option<(u16, Value)> {
    let rest = path.strip_prefix('/')?;
    let (pool_id, rest) = rest.split_once('/')?;
    let name = rest.strip_prefix(".well-known/")?;
    if name != JWKS && name != DISCOVERY {
        return None;
    }
    let state = shared.lock();
    let Some(pool) = state.pools.get(pool_id) else {
        // No echo of a long or odd path: the id shown is bounded.
        let shown: String = pool_id.chars().take(64).collect();
        return Some((
            404,
            json!({ "code": ErrorCode::ResourceNotFound.as_str(), "message": format!("User pool {shown} does not exist.") }),
        ));
    };
    if name == JWKS {
        return Some((200, json!({ "keys": [shared.keys.jwk()] })));
    }
    let jwks_uri = format!("{}/{}/.well-known/{JWKS}", shared.origin, pool.id);
    // No hosted UI: the OAuth endpoints (authorize, token, userInfo, logout) are left out.
    Some((
        200,
        json!({
            "issuer": shared.issuer(pool),
            "jwks_uri": jwks_uri,
            "id_token_signing_alg_values_supported": [ALG],
            "subject_types_supported": ["public"],
            "response_types_supported": ["code", "token"],
            "scopes_supported": ["openid", attribute::EMAIL, "phone", attribute::PROFILE],
        }),
    ))
}
