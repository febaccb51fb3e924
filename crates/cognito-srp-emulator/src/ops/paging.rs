//! Opaque, tamper-proof pagination tokens for the list operations this module family adds
//! (`ListUserPools`, `ListUserPoolClients`, `ListGroups`, `ListUsersInGroup`,
//! `AdminListGroupsForUser`).
//!
//! A token says which list it continues (the operation's kind and its scope, for example the
//! pool id) and the last key handed out, and carries an HMAC-SHA256 tag under the emulator's
//! secret key: a forged, truncated, or borrowed token (another list's, another pool's) is
//! Cognito's `InvalidParameterException`, never a panic. A token whose last key has since
//! been deleted still works: the next page starts after where that key would be.

use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::error::ApiError;

/// Bytes of the tag kept in a token.
const TAG: usize = 16;

fn mac(key: &[u8; 32], payload: &[u8]) -> Result<Hmac<Sha256>, ApiError> {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).map_err(|_| ApiError::internal("paging key"))?;
    mac.update(payload);
    Ok(mac)
}

/// `kind`, the length of `scope`, `scope`: the part of a token that names its list
/// (unambiguous whatever the scope contains).
fn prefix(kind: &str, scope: &str) -> Vec<u8> {
    format!("{kind}\0{}\0{scope}\0", scope.len()).into_bytes()
}

fn payload(kind: &str, scope: &str, last: &str) -> Vec<u8> {
    let mut out = prefix(kind, scope);
    out.extend_from_slice(last.as_bytes());
    out
}

/// A token that continues list `kind` of `scope` after `last`.
pub(super) fn encode(key: &[u8; 32], kind: &str, scope: &str, last: &str) -> Result<String, ApiError> {
    let body = payload(kind, scope, last);
    let tag = mac(key, &body)?.finalize().into_bytes();
    let mut raw = tag.get(..TAG).unwrap_or_default().to_vec();
    raw.extend_from_slice(&body);
    Ok(Base64UrlUnpadded::encode_string(&raw))
}

/// The last key of a token made by [`encode`] for the same `kind` and `scope`.
///
/// # Errors
/// `InvalidParameterException` for anything else.
pub(super) fn decode(key: &[u8; 32], kind: &str, scope: &str, token: &str) -> Result<String, ApiError> {
    let bad = || ApiError::invalid_parameter("Invalid pagination token.");
    let raw = Base64UrlUnpadded::decode_vec(token).map_err(|_| bad())?;
    if raw.len() < TAG {
        return Err(bad());
    }
    let (tag, body) = raw.split_at(TAG);
    mac(key, body)?.verify_truncated_left(tag).map_err(|_| bad())?;
    let last = body.strip_prefix(prefix(kind, scope).as_slice()).ok_or_else(bad)?;
    String::from_utf8(last.to_vec()).map_err(|_| bad())
}

/// One page of `items` (sorted by key): the entries after `after`, at most `limit`, and the
/// key to continue from when more remain.
pub(super) fn page<'a, T: 'a>(
    items: impl Iterator<Item = (&'a str, T)>,
    after: Option<&str>,
    limit: usize,
) -> (Vec<T>, Option<String>) {
    let mut rest = items.filter(|(k, _)| after.is_none_or(|a| *k > a)).peekable();
    let mut out = Vec::new();
    let mut last = None;
    while out.len() < limit {
        let Some((k, item)) = rest.next() else { break };
        last = Some(k);
        out.push(item);
    }
    let next = if rest.peek().is_some() { last.map(str::to_owned) } else { None };
    (out, next)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn tokens_round_trip_and_refuse_forgeries() {
        let key = [7u8; 32];
        let token = encode(&key, "groups", "pool-a", "editors").unwrap();
        assert_eq!(decode(&key, "groups", "pool-a", &token).unwrap(), "editors");
        // Another list, another scope, another key.
        assert!(decode(&key, "clients", "pool-a", &token).is_err());
        assert!(decode(&key, "groups", "pool-b", &token).is_err());
        assert!(decode(&[8u8; 32], "groups", "pool-a", &token).is_err());
        // Scopes with the separator in them stay apart.
        let token = encode(&key, "members", "pool\0a", "b").unwrap();
        assert_eq!(decode(&key, "members", "pool\0a", &token).unwrap(), "b");
        assert!(decode(&key, "members", "pool", &token).is_err());
        // Forged and malformed.
        let forged = Base64UrlUnpadded::encode_string(&[0u8; 40]);
        for bad in [forged.as_str(), "", "!!!", "AAAA", &token[..token.len() - 2]] {
            assert!(decode(&key, "groups", "pool-a", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pages_continue_after_the_last_key() {
        let keys = ["a", "b", "c", "d", "e"];
        let (first, next) = page(keys.iter().map(|k| (*k, *k)), None, 2);
        assert_eq!((first, next.as_deref()), (vec!["a", "b"], Some("b")));
        let (second, next) = page(keys.iter().map(|k| (*k, *k)), Some("b"), 3);
        assert_eq!((second, next), (vec!["c", "d", "e"], None));
        // The last key was deleted meanwhile: still continues after it.
        let (rest, _) = page(["a", "c"].iter().map(|k| (*k, *k)), Some("b"), 10);
        assert_eq!(rest, vec!["c"]);
    }
}
