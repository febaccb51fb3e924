//! Cognito's length limits on request parameters, checked before any operation runs.
//!
//! The limits are botocore's `cognito-idp` model (`DeviceKeyType` 1 to 55, `UsernameType`
//! 1 to 128, `SessionType` 20 to 4096, ...). Where the model is loose (`StringType`, up to
//! 128 KiB, for the values of `AuthParameters` and `ChallengeResponses`), the entries Cognito
//! defines get their own type's limit (`DEVICE_KEY` as `DeviceKey`, `USERNAME` as `Username`,
//! `userAttributes.*` as an attribute value) and any other string gets 2048 characters; every
//! map and list holds at most 100 entries. So nothing kept in a session or a user is large.
//! The members of the pool, client, group and MFA settings (`CreateUserPool`,
//! `UpdateUserPool`, `CreateUserPoolClient`, `UpdateUserPoolClient`, `CreateGroup`,
//! `UpdateGroup`, `SetUserPoolMfaConfig`) have the model's own limits, kept as data in
//! [`SETTINGS`]: an email message may be 20000 characters long, an SMS message 6 to 140, an
//! ARN 20 to 2048, ...; so have the attribute names and secret hashes of the user
//! operations. Lengths are counted in characters, as Cognito does. A few members whose model
//! pattern is a single character class are checked against it too ([`PATTERNS`]:
//! `Username`, `ConfirmationCode`, `Code`, `UserCode`).

use cognito_srp_proto::param;
use cognito_srp_proto::vocab::member;
use serde_json::Value;

use crate::error::ApiError;

/// The default for a string without a limit of its own.
const DEFAULT_MAX: usize = 2048;
/// Entries in any map or list.
const MAX_ENTRIES: usize = 100;
/// Tokens have no length in the model; Cognito's are under 4 KiB. Ours are smaller.
const MAX_TOKEN: usize = 8192;
/// Longest map key.
const MAX_KEY: usize = 128;

/// (JSON member, min, max) of top-level string members.
const MEMBERS: &[(&str, usize, usize)] = &[
    (member::USER_POOL_ID, 1, 55),
    (member::CLIENT_ID, 1, 128),
    (member::USERNAME, 1, 128),
    (member::SESSION, 20, 4096),
    (member::DEVICE_KEY, 1, 55),
    (member::DEVICE_NAME, 1, 1024),
    (member::PASSWORD, 0, 256),
    (member::TEMPORARY_PASSWORD, 0, 256),
    (member::PREVIOUS_PASSWORD, 0, 256),
    (member::PROPOSED_PASSWORD, 0, 256),
    (member::POOL_NAME, 1, 128),
    (member::CLIENT_NAME, 1, 128),
    (member::CLIENT_SECRET, 1, 64),
    (member::USER_CODE, 6, 6),
    (member::FILTER, 0, 256),
    (member::GROUP_NAME, 1, 128),
    (member::NEXT_TOKEN, 1, DEFAULT_MAX),
    (member::PAGINATION_TOKEN, 1, DEFAULT_MAX),
    (member::ACCESS_TOKEN, 1, MAX_TOKEN),
    (member::TOKEN, 1, MAX_TOKEN),
];

/// Whether a character may appear in a member.
type CharClass = fn(char) -> bool;

/// (top-level member, whether a character may appear in it, the model's pattern) of the
/// members whose pattern is one character class repeated: `UsernameType`
/// (`[\p{L}\p{M}\p{S}\p{N}\p{P}]+`: no spaces or control characters),
/// `ConfirmationCodeType` (`[\S]+`) and `SoftwareTokenMFAUserCodeType` (`[0-9]+`).
/// (Not `ClientIdType`, `[\w+]+`: seed files may give client ids with `-`.)
const PATTERNS: &[(&str, CharClass, &str)] = &[
    (member::USERNAME, printable, "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+"),
    (member::CONFIRMATION_CODE, not_space, "[\\S]+"),
    (member::CODE, not_space, "[\\S]+"),
    (member::USER_CODE, digit, "[0-9]+"),
];

fn printable(c: char) -> bool {
    !c.is_whitespace() && !c.is_control()
}

fn not_space(c: char) -> bool {
    !c.is_whitespace()
}

fn digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// (entry, min, max) of `AuthParameters` / `ChallengeResponses` entries.
const ENTRIES: &[(&str, usize, usize)] = &[
    (param::USERNAME, 1, 128),
    (param::DEVICE_KEY, 1, 55),
    (param::PASSWORD, 0, 256),
    (param::NEW_PASSWORD, 0, 256),
    (param::SECRET_HASH, 1, 128),
    // 3072-bit A: 768 hex digits (a few leading zeros more are harmless).
    (param::SRP_A, 1, 1024),
    (param::REFRESH_TOKEN, 1, MAX_TOKEN),
    ("REFRESH", 1, MAX_TOKEN),
    (param::PASSWORD_CLAIM_SIGNATURE, 1, 128),
    (param::TIMESTAMP, 1, 64),
    (param::SMS_MFA_CODE, 1, 64),
    (param::SOFTWARE_TOKEN_MFA_CODE, 1, 64),
];

/// (model path, min, max) of the settings members, from botocore's `cognito-idp` model
/// (`botocore/data/cognito-idp/2016-04-18/service-2.json`, botocore 1.44.8): the input
/// shapes of CreateUserPool, UpdateUserPool, CreateUserPoolClient, UpdateUserPoolClient,
/// CreateGroup, UpdateGroup and SetUserPoolMfaConfig, walked from the request's root `$`
/// (`.Member` a structure member, `[]` a list item, `{}` a map value), each string shape's
/// `min`/`max` (`EmailVerificationMessageType` 6 to 20000, `SmsVerificationMessageType` 6
/// to 140, `EmailVerificationSubjectType` 1 to 140, `ArnType` 20 to 2048,
/// `RedirectUrlType` 1 to 1024, ...); and, of the other operations the emulator implements,
/// the members whose model limits differ from the default: attribute names
/// (`AttributeNameType`, 1 to 32) and `SecretHash` (`SecretHashType`, 1 to 128). Members of
/// the catch-all `StringType` (up to 128 KiB) and shapes without a `max` keep
/// [`DEFAULT_MAX`], as elsewhere.
const SETTINGS: &[(&str, usize, usize)] = &[
    ("$.AttributeName", 1, 32),
    ("$.AttributesToGet[]", 1, 32),
    ("$.SecretHash", 1, 128),
    ("$.UserAttributeNames[]", 1, 32),
    ("$.UserAttributes[].Name", 1, 32),
    ("$.ValidationData[].Name", 1, 32),
    ("$.AcrConfiguration{}.AcrValue", 1, 64),
    ("$.AdminCreateUserConfig.InviteMessageTemplate.EmailMessage", 6, 20_000),
    ("$.AdminCreateUserConfig.InviteMessageTemplate.EmailSubject", 1, 140),
    ("$.AdminCreateUserConfig.InviteMessageTemplate.SMSMessage", 6, 140),
    ("$.AllowedOAuthScopes[]", 1, 256),
    ("$.AnalyticsConfiguration.ApplicationArn", 20, 2048),
    ("$.AnalyticsConfiguration.RoleArn", 20, 2048),
    ("$.CallbackURLs[]", 1, 1024),
    ("$.DcrConfiguration.AllowedScopes[]", 1, 256),
    ("$.DefaultRedirectURI", 1, 1024),
    ("$.Description", 0, 2048),
    ("$.EmailConfiguration.ConfigurationSet", 1, 64),
    ("$.EmailConfiguration.SourceArn", 20, 2048),
    ("$.EmailMfaConfiguration.Message", 6, 20_000),
    ("$.EmailVerificationMessage", 6, 20_000),
    ("$.EmailVerificationSubject", 1, 140),
    ("$.KeyConfiguration.KmsKeyArn", 20, 2048),
    ("$.LambdaConfig.CreateAuthChallenge", 20, 2048),
    ("$.LambdaConfig.CustomEmailSender.LambdaArn", 20, 2048),
    ("$.LambdaConfig.CustomMessage", 20, 2048),
    ("$.LambdaConfig.CustomSMSSender.LambdaArn", 20, 2048),
    ("$.LambdaConfig.DefineAuthChallenge", 20, 2048),
    ("$.LambdaConfig.InboundFederation.LambdaArn", 20, 2048),
    ("$.LambdaConfig.KMSKeyID", 20, 2048),
    ("$.LambdaConfig.PostAuthentication", 20, 2048),
    ("$.LambdaConfig.PostConfirmation", 20, 2048),
    ("$.LambdaConfig.PreAuthentication", 20, 2048),
    ("$.LambdaConfig.PreSignUp", 20, 2048),
    ("$.LambdaConfig.PreTokenGeneration", 20, 2048),
    ("$.LambdaConfig.PreTokenGenerationConfig.LambdaArn", 20, 2048),
    ("$.LambdaConfig.UserMigration", 20, 2048),
    ("$.LambdaConfig.VerifyAuthChallengeResponse", 20, 2048),
    ("$.LogoutURLs[]", 1, 1024),
    ("$.ReadAttributes[]", 1, 2048),
    ("$.RoleArn", 20, 2048),
    ("$.Schema[].Name", 1, 20),
    ("$.SmsAuthenticationMessage", 6, 140),
    ("$.SmsConfiguration.EumsSms.CallerArn", 20, 2048),
    ("$.SmsConfiguration.EumsSms.Region", 5, 32),
    ("$.SmsConfiguration.SnsCallerArn", 0, 2048),
    ("$.SmsConfiguration.SnsRegion", 5, 32),
    ("$.SmsMfaConfiguration.SmsAuthenticationMessage", 6, 140),
    ("$.SmsMfaConfiguration.SmsConfiguration.EumsSms.CallerArn", 20, 2048),
    ("$.SmsMfaConfiguration.SmsConfiguration.EumsSms.Region", 5, 32),
    ("$.SmsMfaConfiguration.SmsConfiguration.SnsCallerArn", 0, 2048),
    ("$.SmsMfaConfiguration.SmsConfiguration.SnsRegion", 5, 32),
    ("$.SmsVerificationMessage", 6, 140),
    ("$.SupportedIdentityProviders[]", 1, 32),
    ("$.UserPoolTags{}", 0, 256),
    ("$.VerificationMessageTemplate.EmailMessage", 6, 20_000),
    ("$.VerificationMessageTemplate.EmailMessageByLink", 6, 20_000),
    ("$.VerificationMessageTemplate.EmailSubject", 1, 140),
    ("$.VerificationMessageTemplate.EmailSubjectByLink", 1, 140),
    ("$.VerificationMessageTemplate.SmsMessage", 6, 140),
    ("$.WebAuthnConfiguration.RelyingPartyId", 1, 127),
    ("$.WriteAttributes[]", 1, 2048),
];

/// The limits of the string at model path `path`: its [`SETTINGS`] entry, else the default.
fn setting(path: &str) -> (usize, usize) {
    SETTINGS.iter().find(|(p, _, _)| *p == path).map_or((0, DEFAULT_MAX), |(_, min, max)| (*min, *max))
}

/// The model path of `key`'s value under the object at `path`: a map value (`{}`) where the
/// table knows `path` as a map, else a structure member.
fn child(path: &str, key: &str) -> String {
    let map = format!("{path}{{}}");
    if SETTINGS.iter().any(|(p, _, _)| p.starts_with(&map)) { map } else { format!("{path}.{key}") }
}

/// The member name as Cognito's validation messages spell it (`DeviceKey` -> `deviceKey`).
fn camel(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect())
}

fn check_len(errors: &mut Vec<String>, member: &str, value: &str, min: usize, max: usize) {
    // Empty is "missing": the operation names it (`Member must not be null`).
    if value.is_empty() {
        return;
    }
    let len = value.chars().count();
    if len > max {
        errors.push(format!(
            "Value at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}"
        ));
    } else if len < min {
        errors.push(format!(
            "Value at '{member}' failed to satisfy constraint: Member must have length greater than or equal to {min}"
        ));
    }
}

/// Bounds every string (its [`SETTINGS`] limits at model path `path`, else `DEFAULT_MAX`)
/// and collection (`MAX_ENTRIES`) below `member`.
fn walk(errors: &mut Vec<String>, member: &str, path: &str, value: &Value) {
    match value {
        Value::String(s) => {
            let (min, max) = setting(path);
            check_len(errors, member, s, min, max);
        }
        Value::Array(items) => {
            if items.len() > MAX_ENTRIES {
                too_many(errors, member);
                return;
            }
            let path = format!("{path}[]");
            for (i, item) in items.iter().enumerate() {
                walk(errors, &format!("{member}.{}.member", i + 1), &path, item);
            }
        }
        Value::Object(map) => {
            if map.len() > MAX_ENTRIES {
                too_many(errors, member);
                return;
            }
            for (k, v) in map {
                check_len(errors, &format!("{member}.key"), k, 0, MAX_KEY);
                walk(errors, &format!("{member}.{}", camel(k)), &child(path, k), v);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn too_many(errors: &mut Vec<String>, member: &str) {
    errors.push(format!(
        "Value at '{member}' failed to satisfy constraint: Member must have length less than or equal to {MAX_ENTRIES}"
    ));
}

/// A string-to-string map whose entries have their own limits.
fn parameters(errors: &mut Vec<String>, member: &str, map: &serde_json::Map<String, Value>) {
    if map.len() > MAX_ENTRIES {
        too_many(errors, member);
        return;
    }
    for (k, v) in map {
        check_len(errors, &format!("{member}.key"), k, 0, MAX_KEY);
        let path = format!("{member}.{k}");
        let Value::String(s) = v else {
            walk(errors, &path, "", v);
            continue;
        };
        let (min, max) = ENTRIES
            .iter()
            .find(|(name, _, _)| *name == k)
            .map_or((0, DEFAULT_MAX), |(_, min, max)| (*min, *max));
        check_len(errors, &path, s, min, max);
    }
}

/// Checks a request body against the limits.
///
/// # Errors
/// `InvalidParameterException` with Cognito's message: `N validation error(s) detected: Value
/// at 'member' failed to satisfy constraint: ...`, every violation named.
pub(crate) fn check(body: &Value) -> Result<(), ApiError> {
    let Value::Object(members) = body else { return Ok(()) };
    let mut errors = Vec::new();
    for (name, value) in members {
        let member = camel(name);
        match (name.as_str(), value) {
            (member::AUTH_PARAMETERS | member::CHALLENGE_RESPONSES, Value::Object(map)) => {
                parameters(&mut errors, &member, map);
            }
            (_, Value::String(s)) => {
                let (min, max) = MEMBERS
                    .iter()
                    .find(|(n, _, _)| n == name)
                    .map_or_else(|| setting(&format!("$.{name}")), |(_, min, max)| (*min, *max));
                check_len(&mut errors, &member, s, min, max);
                // The value is not repeated: these members are sensitive in the model.
                if let Some((_, allowed, pattern)) = PATTERNS.iter().find(|(n, _, _)| n == name)
                    && !s.chars().all(allowed)
                {
                    errors.push(format!(
                        "Value at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}"
                    ));
                }
            }
            _ => walk(&mut errors, &member, &format!("$.{name}"), value),
        }
    }
    if errors.is_empty() {
        return Ok(());
    }
    let count = errors.len();
    let noun = if count == 1 { "error" } else { "errors" };
    Err(ApiError::invalid_parameter(format!("{count} validation {noun} detected: {}", errors.join("; "))))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn names_the_member() {
        let err = check(&json!({ (member::DEVICE_KEY): "k".repeat(56) })).unwrap_err();
        assert_eq!(
            err.message,
            "1 validation error detected: Value at 'deviceKey' failed to satisfy constraint: Member must have length less than or equal to 55"
        );
        assert!(check(&json!({ (member::DEVICE_KEY): "k".repeat(55), (member::SESSION): "" })).is_ok());
        let err =
            check(&json!({ (member::USER_ATTRIBUTES): [{ (member::NAME): cognito_srp_proto::vocab::attribute::NAME, (member::VALUE): "v".repeat(2049) }] })).unwrap_err();
        assert!(err.message.contains("'userAttributes.1.member.value'"), "{}", err.message);
        let long_key = json!({ (member::CLIENT_METADATA): { "k".repeat(129): "v" } });
        assert!(check(&long_key).unwrap_err().message.contains("'clientMetadata.key'"));
    }

    /// The settings members have the model's limits, not the 2048-character default: long
    /// email messages pass, short SMS messages and long subjects fail, at any depth.
    #[test]
    fn settings_have_the_models_limits() {
        let long = |n: usize| "x".repeat(n);
        for ok in [
            json!({ "EmailVerificationMessage": long(20_000) }),
            json!({ "VerificationMessageTemplate": { "EmailMessage": long(20_000), "EmailMessageByLink": long(20_000) } }),
            json!({ "AdminCreateUserConfig": { "InviteMessageTemplate": { "EmailMessage": long(20_000) } } }),
            json!({ "EmailMfaConfiguration": { "Message": long(20_000) } }),
            json!({ "SmsAuthenticationMessage": long(140), "EmailVerificationSubject": long(140) }),
            json!({ "UserPoolTags": { "k": long(256) } }),
        ] {
            assert!(check(&ok).is_ok(), "{ok}");
        }
        let refused = |body: Value, member: &str, bound: &str| {
            let err = check(&body).unwrap_err();
            let expected =
                format!("Value at '{member}' failed to satisfy constraint: Member must have length {bound}");
            assert!(err.message.contains(&expected), "{} lacks {expected}", err.message);
        };
        refused(
            json!({ "EmailVerificationMessage": long(20_001) }),
            "emailVerificationMessage",
            "less than or equal to 20000",
        );
        refused(
            json!({ "VerificationMessageTemplate": { "EmailMessage": long(20_001) } }),
            "verificationMessageTemplate.emailMessage",
            "less than or equal to 20000",
        );
        refused(
            json!({ "SmsAuthenticationMessage": long(5) }),
            "smsAuthenticationMessage",
            "greater than or equal to 6",
        );
        refused(
            json!({ "SmsAuthenticationMessage": long(141) }),
            "smsAuthenticationMessage",
            "less than or equal to 140",
        );
        refused(
            json!({ "VerificationMessageTemplate": { "SmsMessage": long(141) } }),
            "verificationMessageTemplate.smsMessage",
            "less than or equal to 140",
        );
        refused(
            json!({ "EmailVerificationSubject": long(141) }),
            "emailVerificationSubject",
            "less than or equal to 140",
        );
        refused(
            json!({ "LambdaConfig": { "PreSignUp": long(19) } }),
            "lambdaConfig.preSignUp",
            "greater than or equal to 20",
        );
        refused(
            json!({ "CallbackURLs": ["https://a", long(1025)] }),
            "callbackURLs.2.member",
            "less than or equal to 1024",
        );
        refused(json!({ "UserPoolTags": { "k": long(257) } }), "userPoolTags.k", "less than or equal to 256");
        refused(
            json!({ "Schema": [{ (member::NAME): long(21) }] }),
            "schema.1.member.name",
            "less than or equal to 20",
        );
        refused(
            json!({ (member::USER_ATTRIBUTES): [{ (member::NAME): long(33), (member::VALUE): "v" }] }),
            "userAttributes.1.member.name",
            "less than or equal to 32",
        );
        assert!(check(&json!({ (member::SESSION): long(4096) })).is_ok());
        refused(json!({ (member::SESSION): long(4097) }), "session", "less than or equal to 4096");
        for (body, member, pattern) in [
            (json!({ (member::USERNAME): "has space" }), "username", "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+"),
            (json!({ (member::CONFIRMATION_CODE): "12 34" }), "confirmationCode", "[\\S]+"),
            (json!({ (member::USER_CODE): "12345a" }), "userCode", "[0-9]+"),
        ] {
            let err = check(&body).unwrap_err();
            assert_eq!(
                err.message,
                format!(
                    "1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}"
                )
            );
        }
        assert!(
            check(&json!({ (member::USERNAME): "ann@example.com", (member::USER_CODE): "012345" })).is_ok()
        );
        // Members the table does not name keep the default.
        refused(
            json!({ "EmailConfiguration": { "From": long(2049) } }),
            "emailConfiguration.from",
            "less than or equal to 2048",
        );
    }
}
