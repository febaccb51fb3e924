//! User attributes: Cognito's schema (standard names and `custom:` names), who may write
//! which, and the token claims that only the service sets.

use cognito_srp_proto::vocab::attribute;

use crate::error::ApiError;

/// Attributes only an administrator may set (a user proves them through a code).
const ADMIN_ONLY: &[&str] = &[attribute::EMAIL_VERIFIED, attribute::PHONE_NUMBER_VERIFIED];

/// Longest attribute value (botocore: `AttributeValueType`, max 2048).
pub(crate) const MAX_VALUE_CHARS: usize = 2048;
/// Longest name after `custom:` (botocore: `CustomAttributeNameType`, 1 to 20).
const MAX_CUSTOM_NAME_CHARS: usize = 20;

/// Claims the service sets in tokens: never taken from attributes (also any `cognito:` name).
const RESERVED_CLAIMS: &[&str] = &[
    attribute::SUB,
    "token_use",
    "username",
    "origin_jti",
    "iss",
    "aud",
    "client_id",
    "exp",
    "iat",
    "nbf",
    "auth_time",
    "jti",
    "event_id",
    "device_key",
    "scope",
    "at_hash",
    "nonce",
    "amr",
    "identities",
    "version",
];

/// Who writes an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Writer {
    /// AdminCreateUser, a seed, the Rust [`crate::Admin`] handle.
    Admin,
    /// The user, e.g. `userAttributes.*` in a NEW_PASSWORD_REQUIRED answer.
    User,
}

/// Whether `name` is in the schema: a standard name (not `sub`) or `custom:` + 1 to 20
/// printable characters.
pub(crate) fn in_schema(name: &str) -> bool {
    if attribute::STANDARD.contains(&name) {
        return true;
    }
    name.strip_prefix(attribute::CUSTOM_PREFIX).is_some_and(|rest| {
        let count = rest.chars().count();
        (1..=MAX_CUSTOM_NAME_CHARS).contains(&count)
            && rest.chars().all(|c| !c.is_whitespace() && !c.is_control())
    })
}

/// Whether an attribute may become a token claim (in the schema and not a reserved claim).
pub(crate) fn is_claimable(name: &str) -> bool {
    in_schema(name) && !RESERVED_CLAIMS.contains(&name) && !name.starts_with("cognito:")
}

/// Checks one attribute written by `writer`.
///
/// # Errors
/// `InvalidParameterException` naming the attribute: not in the schema (claim names such as
/// `sub`, `token_use`, `cognito:username` never are), a value over 2048 characters, a
/// `*_verified` value other than `true`/`false`, or a `*_verified` attribute written by the user.
pub(crate) fn check(name: &str, value: &str, writer: Writer) -> Result<(), ApiError> {
    if !in_schema(name) {
        return Err(ApiError::invalid_parameter(format!(
            "Attribute {name} does not exist in the schema (standard attributes, or custom: and 1 to {MAX_CUSTOM_NAME_CHARS} characters)."
        )));
    }
    if ADMIN_ONLY.contains(&name) {
        if writer == Writer::User {
            return Err(ApiError::invalid_parameter(format!(
                "A client attempted to write unauthorized attribute {name}"
            )));
        }
        if value != "true" && value != "false" {
            return Err(ApiError::invalid_parameter(format!("Attribute {name} must be true or false.")));
        }
    }
    if value.chars().count() > MAX_VALUE_CHARS {
        return Err(ApiError::invalid_parameter(format!(
            "Attribute {name} is longer than {MAX_VALUE_CHARS} characters."
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn schema_names() {
        for ok in [
            attribute::EMAIL,
            attribute::NAME,
            "custom:a",
            "custom:abcdefghijklmnopqrst",
            attribute::UPDATED_AT,
        ] {
            assert!(in_schema(ok), "{ok}");
        }
        for bad in [
            attribute::SUB,
            "token_use",
            "cognito:username",
            attribute::CUSTOM_PREFIX,
            "custom:abcdefghijklmnopqrstu",
            "custom:a b",
            "Email",
        ] {
            assert!(!in_schema(bad), "{bad}");
        }
        assert!(!is_claimable(attribute::SUB) && is_claimable(attribute::EMAIL) && is_claimable("custom:x"));
    }

    #[test]
    fn writers_and_values() {
        assert!(check(attribute::EMAIL_VERIFIED, "true", Writer::Admin).is_ok());
        assert!(check(attribute::EMAIL_VERIFIED, "true", Writer::User).is_err());
        assert!(check(attribute::EMAIL_VERIFIED, "yes", Writer::Admin).is_err());
        assert!(check(attribute::NAME, &"x".repeat(MAX_VALUE_CHARS), Writer::User).is_ok());
        let err = check(attribute::NAME, &"x".repeat(MAX_VALUE_CHARS + 1), Writer::User).unwrap_err();
        assert!(err.message.contains(attribute::NAME));
    }
}
