//! Pools and app clients: `CreateUserPool`, `DescribeUserPool`, `ListUserPools`,
//! `UpdateUserPool`, `DeleteUserPool` and the same for app clients.
//!
//! Settings are validated as Cognito validates them (enum values, ranges, lengths; its
//! error types), kept as given, and described with Cognito's defaults filled in. Create and
//! Update go through one function each for pools ([`apply_pool_settings`]) and clients
//! ([`apply_client_settings`]): what drives behaviour (MFA, device tracking, sign-in
//! aliases, auth flows) is derived there, so a setting read by the sign-in code is set the
//! same way by both.

use std::collections::BTreeMap;

use cognito_srp_proto::admin::{
    CreateUserPoolClientRequest, CreateUserPoolRequest, DeleteUserPoolClientRequest, DeleteUserPoolRequest,
    DescribeUserPoolClientRequest, ListUserPoolClientsRequest, ListUserPoolClientsResponse,
    ListUserPoolsRequest, ListUserPoolsResponse, PasswordPolicyType, SchemaAttributeType,
    StringAttributeConstraintsType, UpdateUserPoolClientRequest, UpdateUserPoolRequest,
    UserPoolClientDescription, UserPoolClientResponse, UserPoolClientSettings, UserPoolClientType,
    UserPoolDescriptionType, UserPoolRequest, UserPoolResponse, UserPoolSettings, UserPoolType,
    UsernameConfigurationType, values,
};
use cognito_srp_proto::vocab::{
    AuthFactor, FeatureType, PreventUserExistenceErrors, TimeUnit, UserPoolTier, attribute,
    explicit_auth_flow, member,
};
use cognito_srp_proto::{ErrorCode, SecretString};

use super::{Req, Res, answer, empty, epoch, mfa_from_wire, mfa_to_wire, page_size, paging};
use crate::config::{
    ClientConfig, DeviceTracking, MfaConfiguration, PoolConfig, RefreshTokenRotation, TokenValidityUnits,
    ValidityUnit,
};
use crate::error::ApiError;
use crate::state::{AppClient, ClientValidity, Pool, Shared};

/// Tags on one pool (Cognito's limit per resource).
const MAX_TAGS: usize = 50;
/// Custom attributes of one pool (Cognito's limit).
const MAX_CUSTOM_ATTRIBUTES: usize = 50;

// ---------------------------------------------------------------------------------------
// Validation, with Cognito's messages
// ---------------------------------------------------------------------------------------

/// A member path as Cognito's validation messages spell it: each segment starts lower-case
/// (`TokenValidityUnits.AccessToken` → `tokenValidityUnits.accessToken`).
fn camel(name: &str) -> String {
    let lower = |segment: &str| {
        let mut chars = segment.chars();
        chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect::<String>())
    };
    name.split('.').map(lower).collect::<Vec<_>>().join(".")
}

fn violation(value: &str, name: &str, constraint: &str) -> ApiError {
    ApiError::invalid_parameter(format!(
        "1 validation error detected: Value '{value}' at '{}' failed to satisfy constraint: {constraint}",
        camel(name)
    ))
}

fn one_of(name: &str, value: &str, allowed: &[&str]) -> Result<(), ApiError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    Err(violation(value, name, &format!("Member must satisfy enum value set: [{}]", allowed.join(", "))))
}

/// A typed wire value must be one the model knows (`Unknown(..)` is refused with
/// Cognito's enum message).
fn known<T: PartialEq + std::fmt::Display>(name: &str, value: &T, allowed: &[T]) -> Result<(), ApiError> {
    if allowed.contains(value) {
        return Ok(());
    }
    let names: Vec<String> = allowed.iter().map(ToString::to_string).collect();
    Err(violation(
        &value.to_string(),
        name,
        &format!("Member must satisfy enum value set: [{}]", names.join(", ")),
    ))
}

fn all_of(name: &str, list: Option<&Vec<String>>, allowed: &[&str]) -> Result<(), ApiError> {
    list.into_iter().flatten().try_for_each(|v| one_of(name, v, allowed))
}

fn range(name: &str, value: Option<i64>, min: i64, max: i64) -> Result<(), ApiError> {
    match value {
        Some(v) if v > max => Err(violation(
            &v.to_string(),
            name,
            &format!("Member must have value less than or equal to {max}"),
        )),
        Some(v) if v < min => Err(violation(
            &v.to_string(),
            name,
            &format!("Member must have value greater than or equal to {min}"),
        )),
        _ => Ok(()),
    }
}

fn length(name: &str, value: Option<&String>, min: usize, max: usize) -> Result<(), ApiError> {
    let Some(value) = value else { return Ok(()) };
    let len = value.chars().count();
    if len > max {
        return Err(violation(value, name, &format!("Member must have length less than or equal to {max}")));
    }
    if len < min {
        return Err(violation(
            value,
            name,
            &format!("Member must have length greater than or equal to {min}"),
        ));
    }
    Ok(())
}

fn count<T>(name: &str, list: Option<&Vec<T>>, min: usize, max: usize) -> Result<(), ApiError> {
    let Some(list) = list else { return Ok(()) };
    let n = list.len().to_string();
    if list.len() > max {
        return Err(violation(&n, name, &format!("Member must have length less than or equal to {max}")));
    }
    if list.len() < min {
        return Err(violation(&n, name, &format!("Member must have length greater than or equal to {min}")));
    }
    Ok(())
}

/// A message that carries the code (`{####}`), within its length limits.
fn message(name: &str, value: Option<&String>, max: usize) -> Result<(), ApiError> {
    length(name, value, 6, max)?;
    match value {
        Some(v) if !v.contains(values::CODE_PLACEHOLDER) => Err(ApiError::invalid_parameter(format!(
            "{name} must contain the placeholder {}",
            values::CODE_PLACEHOLDER
        ))),
        _ => Ok(()),
    }
}

fn arn(name: &str, value: Option<&String>) -> Result<(), ApiError> {
    length(name, value, 20, 2048)?;
    match value {
        Some(v) if !v.starts_with("arn:") => Err(violation(
            v,
            name,
            "Member must satisfy regular expression pattern: arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?",
        )),
        _ => Ok(()),
    }
}

/// A pool or client name: `UserPoolNameType` / `ClientNameType`, `[\w\s+=,.@-]+`.
fn check_name(member: &str, name: &str) -> Result<(), ApiError> {
    let ok =
        name.chars().all(|c| c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=,.@-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(violation(name, member, "Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+"))
    }
}

fn check_pool_name(name: &str) -> Result<(), ApiError> {
    check_name(member::POOL_NAME, name)
}

/// A redirect URL (`RedirectUrlType`, `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`): letters, marks,
/// symbols, numbers and punctuation; no spaces or control characters.
fn check_url(name: &str, url: &str) -> Result<(), ApiError> {
    if url.chars().all(|c| !c.is_whitespace() && !c.is_control()) {
        Ok(())
    } else {
        Err(violation(
            url,
            name,
            "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ))
    }
}

/// `EmailMessageByLink` carries the link placeholder `{##text##}`
/// (`EmailVerificationMessageByLinkType`).
fn check_link_message(value: Option<&String>) -> Result<(), ApiError> {
    let Some(v) = value else { return Ok(()) };
    let linked = v.split_once("{##").is_some_and(|(_, rest)| rest.contains("##}"));
    if linked {
        Ok(())
    } else {
        Err(violation(
            v,
            "VerificationMessageTemplate.emailMessageByLink",
            "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{##[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*##\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*",
        ))
    }
}

/// Checks a pool's settings as Cognito does.
pub(crate) fn check_pool_settings(s: &UserPoolSettings) -> Result<(), ApiError> {
    if let Some(policies) = &s.policies {
        if let Some(p) = &policies.password_policy {
            range("MinimumLength", p.minimum_length, 6, 99)?;
            range("PasswordHistorySize", p.password_history_size, 0, 24)?;
            range("TemporaryPasswordValidityDays", p.temporary_password_validity_days, 0, 365)?;
        }
        if let Some(sign_in) = &policies.sign_in_policy {
            let factors = sign_in.allowed_first_auth_factors.as_ref();
            count("AllowedFirstAuthFactors", factors, 1, 5)?;
            for factor in factors.into_iter().flatten() {
                known("AllowedFirstAuthFactors", factor, AuthFactor::KNOWN)?;
            }
            // Which factors, and which on which tier: the sign-in code's rule.
            let tier = s.user_pool_tier.clone().unwrap_or(UserPoolTier::Essentials);
            super::user_auth::check_first_factors(factors.map_or(&[][..], Vec::as_slice), &tier)?;
        }
    }
    if let Some(v) = &s.deletion_protection {
        one_of("DeletionProtection", v, values::DELETION_PROTECTION)?;
    }
    if let Some(v) = &s.user_pool_tier {
        known("UserPoolTier", v, UserPoolTier::KNOWN)?;
    }
    if let Some(l) = &s.lambda_config {
        for (name, value) in [
            ("PreSignUp", &l.pre_sign_up),
            ("CustomMessage", &l.custom_message),
            ("PostConfirmation", &l.post_confirmation),
            ("PreAuthentication", &l.pre_authentication),
            ("PostAuthentication", &l.post_authentication),
            ("DefineAuthChallenge", &l.define_auth_challenge),
            ("CreateAuthChallenge", &l.create_auth_challenge),
            ("VerifyAuthChallengeResponse", &l.verify_auth_challenge_response),
            ("PreTokenGeneration", &l.pre_token_generation),
            ("UserMigration", &l.user_migration),
            ("KMSKeyID", &l.kms_key_id),
        ] {
            arn(name, value.as_ref())?;
        }
        for (name, config, versions) in [
            ("PreTokenGenerationConfig", &l.pre_token_generation_config, values::PRE_TOKEN_LAMBDA_VERSION),
            ("CustomSMSSender", &l.custom_sms_sender, values::SENDER_LAMBDA_VERSION),
            ("CustomEmailSender", &l.custom_email_sender, values::SENDER_LAMBDA_VERSION),
        ] {
            if let Some(c) = config {
                let version =
                    c.lambda_version.as_deref().ok_or_else(|| ApiError::missing("LambdaVersion"))?;
                one_of(&format!("{name}.LambdaVersion"), version, versions)?;
                arn("LambdaArn", Some(c.lambda_arn.as_ref().ok_or_else(|| ApiError::missing("LambdaArn"))?))?;
            }
        }
        if let Some(c) = &l.inbound_federation {
            let version = c.lambda_version.as_deref().ok_or_else(|| ApiError::missing("LambdaVersion"))?;
            one_of("InboundFederation.LambdaVersion", version, values::INBOUND_FEDERATION_LAMBDA_VERSION)?;
            arn("LambdaArn", Some(c.lambda_arn.as_ref().ok_or_else(|| ApiError::missing("LambdaArn"))?))?;
        }
    }
    all_of(
        member::AUTO_VERIFIED_ATTRIBUTES,
        s.auto_verified_attributes.as_ref(),
        values::VERIFIED_ATTRIBUTE,
    )?;
    all_of(member::ALIAS_ATTRIBUTES, s.alias_attributes.as_ref(), values::ALIAS_ATTRIBUTE)?;
    all_of(member::USERNAME_ATTRIBUTES, s.username_attributes.as_ref(), values::USERNAME_ATTRIBUTE)?;
    if s.alias_attributes.as_ref().is_some_and(|a| !a.is_empty())
        && s.username_attributes.as_ref().is_some_and(|a| !a.is_empty())
    {
        return Err(ApiError::invalid_parameter(
            "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.",
        ));
    }
    message("SmsVerificationMessage", s.sms_verification_message.as_ref(), 140)?;
    message("SmsAuthenticationMessage", s.sms_authentication_message.as_ref(), 140)?;
    message("EmailVerificationMessage", s.email_verification_message.as_ref(), 20_000)?;
    length("EmailVerificationSubject", s.email_verification_subject.as_ref(), 1, 140)?;
    if let Some(t) = &s.verification_message_template {
        message("SmsMessage", t.sms_message.as_ref(), 140)?;
        message("EmailMessage", t.email_message.as_ref(), 20_000)?;
        length("EmailSubject", t.email_subject.as_ref(), 1, 140)?;
        length("EmailMessageByLink", t.email_message_by_link.as_ref(), 6, 20_000)?;
        check_link_message(t.email_message_by_link.as_ref())?;
        length("EmailSubjectByLink", t.email_subject_by_link.as_ref(), 1, 140)?;
        if let Some(v) = &t.default_email_option {
            one_of("DefaultEmailOption", v, values::DEFAULT_EMAIL_OPTION)?;
        }
    }
    if let Some(m) = &s.mfa_configuration {
        mfa_from_wire(m)?;
    }
    if let Some(u) = &s.user_attribute_update_settings {
        let list = u.attributes_require_verification_before_update.as_ref();
        all_of("AttributesRequireVerificationBeforeUpdate", list, values::VERIFIED_ATTRIBUTE)?;
    }
    if let Some(e) = &s.email_configuration {
        arn("SourceArn", e.source_arn.as_ref())?;
        length("ConfigurationSet", e.configuration_set.as_ref(), 1, 64)?;
        if let Some(v) = &e.email_sending_account {
            one_of("EmailSendingAccount", v, values::EMAIL_SENDING_ACCOUNT)?;
            if v != values::COGNITO_DEFAULT && e.source_arn.is_none() {
                return Err(ApiError::invalid_parameter(
                    "SourceArn is required when EmailSendingAccount is DEVELOPER.",
                ));
            }
        }
    }
    if let Some(c) = &s.sms_configuration {
        length("SnsCallerArn", c.sns_caller_arn.as_ref(), 0, 2048)?;
        length("SnsRegion", c.sns_region.as_ref(), 5, 32)?;
    }
    if let Some(tags) = &s.user_pool_tags {
        if tags.len() > MAX_TAGS {
            return Err(violation(
                &tags.len().to_string(),
                "UserPoolTags",
                &format!("Member must have length less than or equal to {MAX_TAGS}"),
            ));
        }
        for (k, v) in tags {
            length("UserPoolTags.key", Some(k), 1, 128)?;
            length("UserPoolTags.value", Some(v), 0, 256)?;
        }
    }
    if let Some(a) = &s.admin_create_user_config {
        range("UnusedAccountValidityDays", a.unused_account_validity_days, 0, 365)?;
        if let Some(t) = &a.invite_message_template {
            length("SMSMessage", t.sms_message.as_ref(), 6, 140)?;
            length("EmailMessage", t.email_message.as_ref(), 6, 20_000)?;
            length("EmailSubject", t.email_subject.as_ref(), 1, 140)?;
        }
    }
    if let Some(a) = &s.user_pool_add_ons {
        let mode =
            a.advanced_security_mode.as_deref().ok_or_else(|| ApiError::missing("AdvancedSecurityMode"))?;
        one_of("AdvancedSecurityMode", mode, values::ADVANCED_SECURITY_MODE)?;
        if let Some(v) =
            a.advanced_security_additional_flows.as_ref().and_then(|f| f.custom_auth_mode.as_ref())
        {
            one_of("CustomAuthMode", v, values::ADVANCED_SECURITY_ENABLED_MODE)?;
        }
    }
    if let Some(u) = &s.username_configuration
        && u.case_sensitive.is_none()
    {
        return Err(ApiError::missing("CaseSensitive"));
    }
    if let Some(r) = &s.account_recovery_setting {
        let list = r.recovery_mechanisms.as_ref();
        count("RecoveryMechanisms", list, 1, 2)?;
        let mut priorities = Vec::new();
        for option in list.into_iter().flatten() {
            let name = option.name.as_deref().ok_or_else(|| ApiError::missing(member::NAME))?;
            one_of(member::NAME, name, values::RECOVERY_OPTION)?;
            let priority = option.priority.ok_or_else(|| ApiError::missing("Priority"))?;
            range("Priority", Some(priority), 1, 2)?;
            if priorities.contains(&priority) {
                return Err(ApiError::invalid_parameter("Recovery mechanisms must have unique priorities."));
            }
            priorities.push(priority);
        }
    }
    Ok(())
}

/// The standard attributes of every pool's schema (name, data type, mutable, required).
fn standard_schema() -> Vec<SchemaAttributeType> {
    let boolean = [attribute::EMAIL_VERIFIED, attribute::PHONE_NUMBER_VERIFIED];
    let mut out = Vec::new();
    let mut names = vec![attribute::SUB];
    names.extend_from_slice(attribute::STANDARD);
    for extra in [attribute::EMAIL_VERIFIED, attribute::PHONE_NUMBER_VERIFIED, attribute::UPDATED_AT] {
        if !names.contains(&extra) {
            names.push(extra);
        }
    }
    for name in names {
        let mut a = SchemaAttributeType::default();
        a.name = Some(name.to_owned());
        a.developer_only_attribute = Some(false);
        a.mutable = Some(name != attribute::SUB);
        a.required = Some(name == attribute::SUB);
        if boolean.contains(&name) {
            a.attribute_data_type = Some(values::DATA_TYPE_BOOLEAN.to_owned());
        } else if name == attribute::UPDATED_AT {
            a.attribute_data_type = Some(values::DATA_TYPE_NUMBER.to_owned());
            let mut n = cognito_srp_proto::admin::NumberAttributeConstraintsType::default();
            n.min_value = Some("0".to_owned());
            a.number_attribute_constraints = Some(n);
        } else {
            a.attribute_data_type = Some(values::DATA_TYPE_STRING.to_owned());
            let mut c = StringAttributeConstraintsType::default();
            let (min, max) = match name {
                n if n == attribute::SUB => ("1", "2048"),
                n if n == attribute::BIRTHDATE => ("10", "10"),
                _ => ("0", "2048"),
            };
            c.min_length = Some(min.to_owned());
            c.max_length = Some(max.to_owned());
            a.string_attribute_constraints = Some(c);
        }
        out.push(a);
    }
    out
}

/// `Schema` of CreateUserPool: changes to standard attributes, and custom ones (kept with
/// their `custom:` name).
fn check_schema(schema: Option<&[SchemaAttributeType]>) -> Result<Vec<SchemaAttributeType>, ApiError> {
    let standard = standard_schema();
    let mut out: Vec<SchemaAttributeType> = Vec::new();
    for given in schema.unwrap_or_default() {
        let name = given.name.as_deref().ok_or_else(|| ApiError::missing(member::NAME))?;
        if let Some(v) = &given.attribute_data_type {
            one_of("AttributeDataType", v, values::ATTRIBUTE_DATA_TYPE)?;
        }
        let is_standard = standard.iter().any(|s| s.name.as_deref() == Some(name));
        let mut kept = given.clone();
        if !is_standard {
            let bare = name.strip_prefix(attribute::CUSTOM_PREFIX).unwrap_or(name);
            length(member::NAME, Some(&bare.to_owned()), 1, 20)?;
            kept.name = Some(format!("{}{bare}", attribute::CUSTOM_PREFIX));
            kept.attribute_data_type.get_or_insert_with(|| values::DATA_TYPE_STRING.to_owned());
            kept.developer_only_attribute.get_or_insert(false);
            kept.mutable.get_or_insert(true);
            if kept.required == Some(true) {
                return Err(ApiError::invalid_parameter(
                    "Required custom attributes are not supported currently.",
                ));
            }
            kept.required.get_or_insert(false);
        }
        if out.iter().any(|o| o.name == kept.name) {
            return Err(ApiError::invalid_parameter(format!("Duplicate attribute name: {name}")));
        }
        out.push(kept);
    }
    let custom = out
        .iter()
        .filter(|a| a.name.as_deref().is_some_and(|n| n.starts_with(attribute::CUSTOM_PREFIX)))
        .count();
    if custom > MAX_CUSTOM_ATTRIBUTES {
        return Err(ApiError::new(
            ErrorCode::LimitExceeded,
            format!("A user pool can have at most {MAX_CUSTOM_ATTRIBUTES} custom attributes."),
        ));
    }
    Ok(out)
}

/// The pool's whole schema: standard attributes (as changed at create time) and custom ones.
fn schema_attributes(pool: &Pool) -> Vec<SchemaAttributeType> {
    let mut out = standard_schema();
    for given in &pool.schema {
        if let Some(standard) = out.iter_mut().find(|s| s.name == given.name) {
            if let Some(required) = given.required {
                standard.required = Some(required);
            }
            if let Some(mutable) = given.mutable {
                standard.mutable = Some(mutable);
            }
            if given.string_attribute_constraints.is_some() {
                standard.string_attribute_constraints.clone_from(&given.string_attribute_constraints);
            }
        } else {
            out.push(given.clone());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Pools
// ---------------------------------------------------------------------------------------

/// Cognito's message for a password-policy number out of its range.
fn range_error(member: &str, constraint: &str) -> ApiError {
    ApiError::invalid_parameter(format!(
        "1 validation error detected: Value at 'policies.passwordPolicy.{member}' failed to satisfy constraint: Member must have value {constraint}"
    ))
}

/// `Policies.PasswordPolicy` with Cognito's defaults for what is left out; Cognito's bounds
/// (length 6 to 99, validity 0 to 365 days).
pub(crate) fn password_policy_to_wire(policy: &crate::config::PasswordPolicy) -> PasswordPolicyType {
    let mut wire = PasswordPolicyType::default();
    wire.minimum_length = Some(i64::from(policy.minimum_length));
    wire.require_uppercase = Some(policy.require_uppercase);
    wire.require_lowercase = Some(policy.require_lowercase);
    wire.require_numbers = Some(policy.require_numbers);
    wire.require_symbols = Some(policy.require_symbols);
    wire.temporary_password_validity_days = Some(i64::from(policy.temporary_password_validity_days));
    wire
}

fn password_policy_from_wire(
    wire: Option<&PasswordPolicyType>,
) -> Result<crate::config::PasswordPolicy, ApiError> {
    let defaults = crate::config::PasswordPolicy::default();
    let Some(wire) = wire else { return Ok(defaults) };
    let policy = crate::config::PasswordPolicy {
        minimum_length: wire
            .minimum_length
            .map_or(Ok(defaults.minimum_length), u32::try_from)
            .map_err(|_| range_error("minimumLength", "between 6 and 99"))?,
        require_uppercase: wire.require_uppercase.unwrap_or(false),
        require_lowercase: wire.require_lowercase.unwrap_or(false),
        require_numbers: wire.require_numbers.unwrap_or(false),
        require_symbols: wire.require_symbols.unwrap_or(false),
        temporary_password_validity_days: wire
            .temporary_password_validity_days
            .map_or(Ok(defaults.temporary_password_validity_days), u32::try_from)
            .map_err(|_| range_error("temporaryPasswordValidityDays", "less than or equal to 365"))?,
    };
    if !(6..=99).contains(&policy.minimum_length) {
        return Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value between 6 and 99",
        ));
    }
    if policy.temporary_password_validity_days > 365 {
        return Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'policies.passwordPolicy.temporaryPasswordValidityDays' failed to satisfy constraint: Member must have value less than or equal to 365",
        ));
    }
    Ok(policy)
}

/// `AliasAttributes` (`email`, `phone_number`, `preferred_username`) or `UsernameAttributes`
/// (`email`, `phone_number`), not both, as Cognito allows.
fn check_sign_in_attributes(alias: Option<&[String]>, username: Option<&[String]>) -> Result<(), ApiError> {
    let (alias, username) = (alias.unwrap_or_default(), username.unwrap_or_default());
    if !alias.is_empty() && !username.is_empty() {
        return Err(ApiError::invalid_parameter(
            "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.",
        ));
    }
    let aliases = [attribute::EMAIL, attribute::PHONE_NUMBER, attribute::PREFERRED_USERNAME];
    if let Some(bad) = alias.iter().find(|a| !aliases.contains(&a.as_str())) {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid AliasAttributes value {bad}: email, phone_number or preferred_username."
        )));
    }
    if let Some(bad) = username.iter().find(|a| *a != attribute::EMAIL && *a != attribute::PHONE_NUMBER) {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid UsernameAttributes value {bad}: email or phone_number."
        )));
    }
    Ok(())
}

/// `AutoVerifiedAttributes`: `email` and `phone_number` only.
fn auto_verified_from_wire(list: Option<&Vec<String>>) -> Result<Vec<String>, ApiError> {
    let list = list.cloned().unwrap_or_default();
    if let Some(bad) = list.iter().find(|a| *a != attribute::EMAIL && *a != attribute::PHONE_NUMBER) {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid AutoVerifiedAttributes value {bad}: only email and phone_number can be verified."
        )));
    }
    Ok(list)
}

fn has_email(list: Option<&Vec<String>>) -> bool {
    list.into_iter().flatten().any(|a| a == attribute::EMAIL)
}

/// Applies validated settings to a pool: the one place Create and Update set them.
pub(crate) fn apply_pool_settings(
    pool: &mut Pool,
    settings: UserPoolSettings,
    now: u64,
) -> Result<(), ApiError> {
    // Everything is worked out before anything changes: a refused setting leaves the pool
    // as it was.
    let mfa = settings.mfa_configuration.as_ref().map_or(Ok(MfaConfiguration::Off), mfa_from_wire)?;
    let (alias, username) = (settings.alias_attributes.as_ref(), settings.username_attributes.as_ref());
    check_sign_in_attributes(alias.map(Vec::as_slice), username.map(Vec::as_slice))?;
    let has = |list: Option<&Vec<String>>, name: &str| list.into_iter().flatten().any(|a| a == name);
    let policies = settings.policies.as_ref();
    let password_policy = password_policy_from_wire(policies.and_then(|p| p.password_policy.as_ref()))?;
    let auto_verified = auto_verified_from_wire(settings.auto_verified_attributes.as_ref())?;
    let first_factors = policies
        .and_then(|p| p.sign_in_policy.as_ref()?.allowed_first_auth_factors.clone())
        .unwrap_or_else(|| vec![AuthFactor::Password]);
    let tier = settings.user_pool_tier.clone().unwrap_or(UserPoolTier::Essentials);
    super::user_auth::check_first_factors(&first_factors, &tier)?;
    pool.mfa = mfa;
    pool.device_tracking = settings.device_configuration.map(|d| DeviceTracking {
        challenge_required_on_new_device: d.challenge_required_on_new_device,
        device_only_remembered_on_user_prompt: d.device_only_remembered_on_user_prompt,
    });
    pool.email_alias = has_email(alias);
    pool.email_as_username = has_email(username);
    pool.phone_alias = has(alias, attribute::PHONE_NUMBER);
    pool.preferred_username_alias = has(alias, attribute::PREFERRED_USERNAME);
    pool.phone_as_username = has(username, attribute::PHONE_NUMBER);
    pool.case_insensitive =
        settings.username_configuration.as_ref().and_then(|c| c.case_sensitive) == Some(false);
    pool.password_policy = password_policy;
    pool.auto_verified = auto_verified;
    pool.first_factors = first_factors;
    pool.tier = tier;
    pool.settings = settings;
    pool.modified = now;
    Ok(())
}

/// The settings as DescribeUserPool shows them: as given, Cognito's defaults for the rest,
/// and the live values of what other operations change (`SetUserPoolMfaConfig`).
fn described_settings(pool: &Pool) -> UserPoolSettings {
    let mut s = pool.settings.clone();
    let policies = s.policies.get_or_insert_with(Default::default);
    // What is in force (a pool made in Rust or a seed file has no wire settings).
    let mut live = password_policy_to_wire(&pool.password_policy);
    live.password_history_size = policies.password_policy.as_ref().and_then(|p| p.password_history_size);
    policies.password_policy = Some(live);
    match &mut policies.password_policy {
        None => {
            let mut p = PasswordPolicyType::default();
            p.minimum_length = Some(8);
            p.require_uppercase = Some(true);
            p.require_lowercase = Some(true);
            p.require_numbers = Some(true);
            p.require_symbols = Some(true);
            p.temporary_password_validity_days = Some(7);
            policies.password_policy = Some(p);
        }
        Some(p) => {
            p.minimum_length.get_or_insert(8);
            for flag in [
                &mut p.require_uppercase,
                &mut p.require_lowercase,
                &mut p.require_numbers,
                &mut p.require_symbols,
            ] {
                flag.get_or_insert(false);
            }
            p.temporary_password_validity_days.get_or_insert(7);
        }
    }
    let sign_in = policies.sign_in_policy.get_or_insert_with(Default::default);
    sign_in.allowed_first_auth_factors = Some(pool.first_factors.clone());
    s.deletion_protection.get_or_insert_with(|| values::DELETION_PROTECTION_INACTIVE.to_owned());
    s.lambda_config.get_or_insert_with(Default::default);
    s.mfa_configuration = Some(mfa_to_wire(pool.mfa));
    s.device_configuration = pool.device_tracking.map(|d| {
        cognito_srp_proto::admin::DeviceConfiguration::new(
            d.challenge_required_on_new_device,
            d.device_only_remembered_on_user_prompt,
        )
    });
    let names = |pairs: &[(bool, &str)]| {
        let list: Vec<String> = pairs.iter().filter(|(on, _)| *on).map(|(_, n)| (*n).to_owned()).collect();
        Some(list).filter(|l| !l.is_empty())
    };
    s.alias_attributes = names(&[
        (pool.phone_alias, attribute::PHONE_NUMBER),
        (pool.email_alias, attribute::EMAIL),
        (pool.preferred_username_alias, attribute::PREFERRED_USERNAME),
    ]);
    s.username_attributes = names(&[
        (pool.phone_as_username, attribute::PHONE_NUMBER),
        (pool.email_as_username, attribute::EMAIL),
    ]);
    s.auto_verified_attributes = Some(pool.auto_verified.clone()).filter(|l| !l.is_empty());
    if pool.case_insensitive || s.username_configuration.is_some() {
        s.username_configuration = Some(UsernameConfigurationType::new(!pool.case_insensitive));
    }
    let template = s.verification_message_template.get_or_insert_with(Default::default);
    template.default_email_option.get_or_insert_with(|| values::CONFIRM_WITH_CODE.to_owned());
    let email_config = s.email_configuration.get_or_insert_with(Default::default);
    email_config.email_sending_account.get_or_insert_with(|| values::COGNITO_DEFAULT.to_owned());
    let admin = s.admin_create_user_config.get_or_insert_with(Default::default);
    admin.allow_admin_create_user_only.get_or_insert(false);
    admin.unused_account_validity_days.get_or_insert(7);
    s.user_pool_tags.get_or_insert_with(BTreeMap::new);
    let update = s.user_attribute_update_settings.get_or_insert_with(Default::default);
    update.attributes_require_verification_before_update.get_or_insert_with(Vec::new);
    s.user_pool_tier = Some(pool.tier.clone());
    s
}

/// The ARN of a pool (account 000000000000, as moto and LocalStack use).
fn pool_arn(pool: &Pool) -> String {
    format!("arn:aws:cognito-idp:{}:000000000000:userpool/{}", pool.region, pool.id)
}

/// The pool as CreateUserPool and DescribeUserPool describe it.
fn pool_type(pool: &Pool) -> UserPoolType {
    let mut v = UserPoolType::new(pool.id.as_str(), pool.name.as_str());
    v.arn = Some(pool_arn(pool));
    v.status = Some(values::STATUS_ENABLED.to_owned());
    v.creation_date = epoch(pool.created);
    v.last_modified_date = epoch(pool.modified);
    v.estimated_number_of_users = u64::try_from(pool.users.len()).ok();
    v.schema_attributes = Some(schema_attributes(pool));
    v.settings = described_settings(pool);
    v
}

pub(super) fn create_user_pool(shared: &Shared, req: Req<'_>) -> Res {
    let request: CreateUserPoolRequest = req.typed(&[member::POOL_NAME])?;
    check_pool_name(&request.pool_name)?;
    check_pool_settings(&request.settings)?;
    let schema = check_schema(request.schema.as_deref())?;
    // No custom challenge: CUSTOM_AUTH needs one configured (PoolConfig, a seed).
    let config = PoolConfig { name: request.pool_name.clone(), ..PoolConfig::default() };
    let now = shared.now();
    let mut state = shared.lock();
    let id = state.create_pool(&config, now)?;
    let pool = state.pool_mut(&id)?;
    apply_pool_settings(pool, request.settings, now)?;
    pool.schema = schema;
    answer(&UserPoolResponse::new(pool_type(pool)))
}

pub(super) fn describe_user_pool(shared: &Shared, req: Req<'_>) -> Res {
    let request: UserPoolRequest = req.typed(&[member::USER_POOL_ID])?;
    let state = shared.lock();
    answer(&UserPoolResponse::new(pool_type(state.pool(&request.user_pool_id)?)))
}

/// UpdateUserPool: as on Cognito, a setting left out goes back to its default; the ones
/// that cannot change (aliases, user name attributes and configuration, schema) stay, and
/// so do the tier and the tags when left out.
pub(super) fn update_user_pool(shared: &Shared, req: Req<'_>) -> Res {
    let request: UpdateUserPoolRequest = req.typed(&[member::USER_POOL_ID])?;
    if let Some(name) = &request.pool_name {
        check_pool_name(name)?;
    }
    let mut settings = request.settings;
    check_pool_settings(&settings)?;
    let now = shared.now();
    let mut state = shared.lock();
    let pool = state.pool_mut(&request.user_pool_id)?;
    settings.alias_attributes.clone_from(&pool.settings.alias_attributes);
    settings.username_attributes.clone_from(&pool.settings.username_attributes);
    settings.username_configuration.clone_from(&pool.settings.username_configuration);
    if settings.user_pool_tier.is_none() {
        settings.user_pool_tier.clone_from(&pool.settings.user_pool_tier);
    }
    if settings.user_pool_tags.is_none() {
        settings.user_pool_tags.clone_from(&pool.settings.user_pool_tags);
    }
    // Sign-in names cannot change (Cognito); seeded pools keep what their configuration gave.
    let kept = (
        pool.email_alias,
        pool.email_as_username,
        pool.phone_alias,
        pool.preferred_username_alias,
        pool.phone_as_username,
        pool.case_insensitive,
    );
    apply_pool_settings(pool, settings, now)?;
    (
        pool.email_alias,
        pool.email_as_username,
        pool.phone_alias,
        pool.preferred_username_alias,
        pool.phone_as_username,
        pool.case_insensitive,
    ) = kept;
    if let Some(name) = request.pool_name {
        pool.name = name;
    }
    empty()
}

/// DeleteUserPool: refused while DeletionProtection is ACTIVE; otherwise the pool goes with
/// its users, devices, groups, app clients, sign-in sessions, refresh tokens and messages.
pub(super) fn delete_user_pool(shared: &Shared, req: Req<'_>) -> Res {
    let request: DeleteUserPoolRequest = req.typed(&[member::USER_POOL_ID])?;
    let id = request.user_pool_id.as_str();
    let mut state = shared.lock();
    let pool = state.pool(id)?;
    if pool.settings.deletion_protection.as_deref() == Some(values::DELETION_PROTECTION_ACTIVE) {
        return Err(ApiError::invalid_parameter(format!(
            "The user pool {id} cannot be deleted because deletion protection is activated."
        )));
    }
    state.pools.remove(id);
    state.clients.retain(|_, c| c.pool_id != id);
    state.sessions.retain(|_, s| s.flow.pool_id != id);
    state.refresh_tokens.retain(|_, r| r.pool_id != id);
    state.outbox.forget_pool(id);
    empty()
}

/// Token kinds (so a token of one list is refused by another).
const POOLS: &str = "pools";
const CLIENTS: &str = "clients";

pub(super) fn list_user_pools(shared: &Shared, req: Req<'_>) -> Res {
    let request: ListUserPoolsRequest = req.typed(&[])?;
    let max = request.max_results.ok_or_else(|| ApiError::missing(member::MAX_RESULTS))?;
    range(member::MAX_RESULTS, Some(max), 1, 60)?;
    let limit = page_size(u32::try_from(max).ok());
    let after = match request.next_token.as_deref() {
        Some(t) => Some(paging::decode(&shared.keys.paging_key, POOLS, "", t)?),
        None => None,
    };
    let state = shared.lock();
    let items = state.pools.iter().map(|(id, pool)| (id.as_str(), pool));
    let (pools, next) = paging::page(items, after.as_deref(), limit);
    let pools = pools
        .into_iter()
        .map(|pool| {
            let mut d = UserPoolDescriptionType::new(pool.id.as_str(), pool.name.as_str());
            d.lambda_config = Some(pool.settings.lambda_config.clone().unwrap_or_default());
            d.status = Some(values::STATUS_ENABLED.to_owned());
            d.creation_date = epoch(pool.created);
            d.last_modified_date = epoch(pool.modified);
            d
        })
        .collect();
    let next = next.map(|last| paging::encode(&shared.keys.paging_key, POOLS, "", &last)).transpose()?;
    answer(&ListUserPoolsResponse::new(pools, next))
}

// ---------------------------------------------------------------------------------------
// App clients
// ---------------------------------------------------------------------------------------

/// Seconds in one unit of `TokenValidityUnits`.
fn unit_seconds(unit: Option<&TimeUnit>, default: &TimeUnit, which: &str) -> Result<i64, ApiError> {
    let unit = unit.unwrap_or(default);
    known(&format!("{}.{which}", member::TOKEN_VALIDITY_UNITS), unit, TimeUnit::KNOWN)?;
    let seconds = unit.seconds().ok_or_else(|| ApiError::internal("a known unit has a length"))?;
    i64::try_from(seconds).map_err(|_| ApiError::internal("unit length"))
}

/// Checks a client's settings as Cognito does; `pool` for the attribute names it may read
/// and write.
pub(crate) fn check_client_settings(s: &UserPoolClientSettings, pool: &Pool) -> Result<(), ApiError> {
    let units = s.token_validity_units.clone().unwrap_or_default();
    let access_unit = unit_seconds(units.access_token.as_ref(), &TimeUnit::Hours, member::ACCESS_TOKEN)?;
    let id_unit = unit_seconds(units.id_token.as_ref(), &TimeUnit::Hours, member::ID_TOKEN)?;
    let refresh_unit = unit_seconds(units.refresh_token.as_ref(), &TimeUnit::Days, member::REFRESH_TOKEN)?;
    range(member::ACCESS_TOKEN_VALIDITY, s.access_token_validity, 1, 86_400)?;
    range(member::ID_TOKEN_VALIDITY, s.id_token_validity, 1, 86_400)?;
    range(member::REFRESH_TOKEN_VALIDITY, s.refresh_token_validity, 0, 315_360_000)?;
    // Cognito names no member here, only the range.
    for (value, unit) in [(s.access_token_validity, access_unit), (s.id_token_validity, id_unit)] {
        let seconds = value.map(|v| v.saturating_mul(unit));
        if seconds.is_some_and(|t| !(300..=86_400).contains(&t)) {
            return Err(ApiError::invalid_parameter("Invalid range for token validity."));
        }
    }
    let refresh = s.refresh_token_validity.filter(|v| *v != 0).map(|v| v.saturating_mul(refresh_unit));
    if refresh.is_some_and(|t| !(3600..=315_360_000).contains(&t)) {
        return Err(ApiError::invalid_parameter("Invalid range for token validity."));
    }
    all_of("ExplicitAuthFlows", s.explicit_auth_flows.as_ref(), values::EXPLICIT_AUTH_FLOWS)?;
    let flows = s.explicit_auth_flows.iter().flatten();
    let (new, legacy): (Vec<&String>, Vec<&String>) =
        flows.partition(|f| f.starts_with(explicit_auth_flow::ALLOW_PREFIX));
    if !new.is_empty() && !legacy.is_empty() {
        return Err(ApiError::invalid_parameter(
            "ExplicitAuthFlows cannot mix ALLOW_ prefixed values with legacy values.",
        ));
    }
    let schema = schema_attributes(pool);
    for (name, list) in [("ReadAttributes", &s.read_attributes), ("WriteAttributes", &s.write_attributes)] {
        for a in list.iter().flatten() {
            length(name, Some(a), 1, 2048)?;
            if !schema.iter().any(|s| s.name.as_ref() == Some(a))
                || (name == "WriteAttributes" && a == attribute::SUB)
            {
                let what = if name == "ReadAttributes" { "read" } else { "write" };
                return Err(ApiError::invalid_parameter(format!(
                    "Invalid {what} attributes specified while creating a client"
                )));
            }
        }
    }
    for provider in s.supported_identity_providers.iter().flatten() {
        length("SupportedIdentityProviders", Some(provider), 1, 32)?;
        if provider != values::COGNITO_PROVIDER {
            return Err(ApiError::invalid_parameter(format!(
                "The provider {provider} does not exist for User Pool {}",
                pool.id
            )));
        }
    }
    for (name, list) in [("CallbackURLs", &s.callback_urls), ("LogoutURLs", &s.logout_urls)] {
        count(name, list.as_ref(), 0, 100)?;
        for url in list.iter().flatten() {
            length(name, Some(url), 1, 1024)?;
            check_url(name, url)?;
        }
    }
    length("DefaultRedirectURI", s.default_redirect_uri.as_ref(), 1, 1024)?;
    if let Some(uri) = &s.default_redirect_uri {
        check_url("DefaultRedirectURI", uri)?;
    }
    if let Some(uri) = &s.default_redirect_uri
        && !s.callback_urls.iter().flatten().any(|u| u == uri)
    {
        return Err(ApiError::invalid_parameter("DefaultRedirectURI must be one of the CallbackURLs."));
    }
    count("AllowedOAuthFlows", s.allowed_oauth_flows.as_ref(), 0, 3)?;
    all_of("AllowedOAuthFlows", s.allowed_oauth_flows.as_ref(), values::OAUTH_FLOWS)?;
    count("AllowedOAuthScopes", s.allowed_oauth_scopes.as_ref(), 0, 50)?;
    for scope in s.allowed_oauth_scopes.iter().flatten() {
        length("AllowedOAuthScopes", Some(scope), 1, 256)?;
    }
    if let Some(v) = &s.prevent_user_existence_errors {
        known(member::PREVENT_USER_EXISTENCE_ERRORS, v, PreventUserExistenceErrors::KNOWN)?;
    }
    range("AuthSessionValidity", s.auth_session_validity, 3, 15)?;
    if let Some(r) = &s.refresh_token_rotation {
        let feature = r.feature.as_ref().ok_or_else(|| ApiError::missing("Feature"))?;
        known("Feature", feature, FeatureType::KNOWN)?;
        range(member::RETRY_GRACE_PERIOD_SECONDS, r.retry_grace_period_seconds, 0, 60)?;
    }
    if let Some(a) = &s.analytics_configuration {
        arn("ApplicationArn", a.application_arn.as_ref())?;
        arn("RoleArn", a.role_arn.as_ref())?;
    }
    Ok(())
}

/// Applies validated settings to a client: the one place Create and Update set them.
pub(crate) fn apply_client_settings(
    client: &mut AppClient,
    settings: UserPoolClientSettings,
    now: u64,
) -> Result<(), ApiError> {
    let number = |v: Option<i64>| v.and_then(|v| u64::try_from(v).ok());
    let unit = |u: Option<&TimeUnit>| match u {
        Some(TimeUnit::Seconds) => Some(ValidityUnit::Seconds),
        Some(TimeUnit::Minutes) => Some(ValidityUnit::Minutes),
        Some(TimeUnit::Days) => Some(ValidityUnit::Days),
        Some(TimeUnit::Hours) => Some(ValidityUnit::Hours),
        _ => None,
    };
    let units = settings.token_validity_units.clone().unwrap_or_default();
    let rotation =
        settings.refresh_token_rotation.as_ref().filter(|r| r.feature == Some(FeatureType::Enabled));
    let config = ClientConfig {
        access_token_validity: number(settings.access_token_validity),
        id_token_validity: number(settings.id_token_validity),
        // 0: Cognito's default (30 days).
        refresh_token_validity: number(settings.refresh_token_validity).filter(|v| *v != 0),
        token_validity_units: TokenValidityUnits {
            access_token: unit(units.access_token.as_ref()),
            id_token: unit(units.id_token.as_ref()),
            refresh_token: unit(units.refresh_token.as_ref()),
        },
        refresh_token_rotation: rotation.map(|r| RefreshTokenRotation {
            retry_grace_period_seconds: number(r.retry_grace_period_seconds).unwrap_or(0),
        }),
        ..ClientConfig::default()
    };
    client.validity = ClientValidity::new(&config)?;
    client.prevent_user_existence_errors =
        settings.prevent_user_existence_errors == Some(PreventUserExistenceErrors::Enabled);
    client.flows = settings.explicit_auth_flows.clone().unwrap_or_default();
    client.settings = settings;
    client.modified = now;
    Ok(())
}

/// The settings as DescribeUserPoolClient shows them: as given, Cognito's defaults for the
/// rest.
fn described_client_settings(client: &AppClient) -> UserPoolClientSettings {
    let mut s = client.settings.clone();
    let units = s.token_validity_units.get_or_insert_with(Default::default);
    // Given validity without its unit is in Cognito's default units (hours, hours, days);
    // the default validity (60, 60, 30) is described in minutes, minutes and days.
    let unit = |given: bool| if given { TimeUnit::Hours } else { TimeUnit::Minutes };
    units.access_token.get_or_insert_with(|| unit(s.access_token_validity.is_some()));
    units.id_token.get_or_insert_with(|| unit(s.id_token_validity.is_some()));
    units.refresh_token.get_or_insert(TimeUnit::Days);
    s.access_token_validity.get_or_insert(60);
    s.id_token_validity.get_or_insert(60);
    match &mut s.refresh_token_validity {
        Some(0) | None => s.refresh_token_validity = Some(30),
        Some(_) => {}
    }
    s.explicit_auth_flows = Some(client.flows.clone()).filter(|f| !f.is_empty());
    s.allowed_oauth_flows_user_pool_client.get_or_insert(false);
    s.prevent_user_existence_errors.get_or_insert(PreventUserExistenceErrors::Legacy);
    s.enable_token_revocation.get_or_insert(true);
    s.enable_propagate_additional_user_context_data.get_or_insert(false);
    s.auth_session_validity.get_or_insert(3);
    s
}

fn client_type(id: &str, client: &AppClient) -> UserPoolClientType {
    let mut v = UserPoolClientType::new(client.pool_id.as_str(), id, client.name.as_str());
    v.client_secret = client.secret.as_deref().map(SecretString::from);
    v.creation_date = epoch(client.created);
    v.last_modified_date = epoch(client.modified);
    v.settings = described_client_settings(client);
    v
}

pub(super) fn create_user_pool_client(shared: &Shared, req: Req<'_>) -> Res {
    let request: CreateUserPoolClientRequest = req.typed(&[member::USER_POOL_ID, member::CLIENT_NAME])?;
    check_name(member::CLIENT_NAME, &request.client_name)?;
    let now = shared.now();
    let mut state = shared.lock();
    check_client_settings(&request.settings, state.pool(&request.user_pool_id)?)?;
    // A secret of the caller's own: 24 to 64 word characters or `+` (Cognito's pattern).
    let secret = request.client_secret.as_ref().map(SecretString::expose_secret).filter(|s| !s.is_empty());
    if let Some(secret) = secret {
        let len = secret.chars().count();
        if !(24..=64).contains(&len) || !secret.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '+') {
            return Err(ApiError::invalid_parameter(
                "ClientSecret must be 24 to 64 characters of letters, digits, _ and +.",
            ));
        }
    }
    let config = ClientConfig {
        name: request.client_name,
        generate_secret: request.generate_secret.unwrap_or(false),
        secret: secret.map(str::to_owned),
        ..ClientConfig::default()
    };
    let (id, _) = state.create_client_at(&request.user_pool_id, &config, now)?;
    let client = state.clients.get_mut(&id).ok_or_else(|| ApiError::internal("client vanished"))?;
    if let Err(e) = apply_client_settings(client, request.settings, now) {
        state.clients.remove(&id);
        return Err(e);
    }
    let client = state.client(&id)?;
    answer(&UserPoolClientResponse::new(client_type(&id, client)))
}

/// The client `client_id` of `pool_id` (a client of another pool is not found).
fn pool_client<'s>(
    state: &'s crate::state::State,
    pool_id: &str,
    client_id: &str,
) -> Result<&'s AppClient, ApiError> {
    state.pool(pool_id)?;
    let client = state.client(client_id)?;
    if client.pool_id != pool_id {
        return Err(ApiError::not_found(format!("User pool client {client_id} does not exist.")));
    }
    Ok(client)
}

pub(super) fn describe_user_pool_client(shared: &Shared, req: Req<'_>) -> Res {
    let request: DescribeUserPoolClientRequest = req.typed(&[member::USER_POOL_ID, member::CLIENT_ID])?;
    let state = shared.lock();
    let client = pool_client(&state, &request.user_pool_id, &request.client_id)?;
    answer(&UserPoolClientResponse::new(client_type(&request.client_id, client)))
}

/// UpdateUserPoolClient: as on Cognito, a setting left out goes back to its default (the
/// name, when left out, stays; the secret always stays).
pub(super) fn update_user_pool_client(shared: &Shared, req: Req<'_>) -> Res {
    let request: UpdateUserPoolClientRequest = req.typed(&[member::USER_POOL_ID, member::CLIENT_ID])?;
    if let Some(name) = &request.client_name {
        length(member::CLIENT_NAME, Some(name), 1, 128)?;
        check_name(member::CLIENT_NAME, name)?;
    }
    let now = shared.now();
    let mut state = shared.lock();
    pool_client(&state, &request.user_pool_id, &request.client_id)?;
    check_client_settings(&request.settings, state.pool(&request.user_pool_id)?)?;
    let client =
        state.clients.get_mut(&request.client_id).ok_or_else(|| ApiError::internal("client vanished"))?;
    apply_client_settings(client, request.settings, now)?;
    if let Some(name) = request.client_name {
        client.name = name;
    }
    answer(&UserPoolClientResponse::new(client_type(&request.client_id, client)))
}

/// DeleteUserPoolClient: its refresh tokens and sign-in sessions go with it.
pub(super) fn delete_user_pool_client(shared: &Shared, req: Req<'_>) -> Res {
    let request: DeleteUserPoolClientRequest = req.typed(&[member::USER_POOL_ID, member::CLIENT_ID])?;
    let id = request.client_id.as_str();
    let mut state = shared.lock();
    pool_client(&state, &request.user_pool_id, id)?;
    state.clients.remove(id);
    state.refresh_tokens.retain(|_, r| r.client_id != id);
    state.sessions.retain(|_, s| s.flow.client_id != id);
    empty()
}

pub(super) fn list_user_pool_clients(shared: &Shared, req: Req<'_>) -> Res {
    let request: ListUserPoolClientsRequest = req.typed(&[member::USER_POOL_ID])?;
    range(member::MAX_RESULTS, request.max_results, 1, 60)?;
    let limit = page_size(request.max_results.and_then(|m| u32::try_from(m).ok()));
    let pool_id = request.user_pool_id.as_str();
    let after = match request.next_token.as_deref() {
        Some(t) => Some(paging::decode(&shared.keys.paging_key, CLIENTS, pool_id, t)?),
        None => None,
    };
    let state = shared.lock();
    state.pool(pool_id)?;
    let items =
        state.clients.iter().filter(|(_, c)| c.pool_id == pool_id).map(|(id, c)| (id.as_str(), (id, c)));
    let (clients, next) = paging::page(items, after.as_deref(), limit);
    let clients = clients
        .into_iter()
        .map(|(id, c)| UserPoolClientDescription::new(id.as_str(), pool_id, c.name.as_str()))
        .collect();
    let next =
        next.map(|last| paging::encode(&shared.keys.paging_key, CLIENTS, pool_id, &last)).transpose()?;
    answer(&ListUserPoolClientsResponse::new(clients, next))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use cognito_srp_proto::admin::UserPoolPolicyType;

    fn client() -> AppClient {
        AppClient {
            pool_id: "p".into(),
            name: "c".into(),
            secret: None,
            flows: Vec::new(),
            prevent_user_existence_errors: false,
            validity: ClientValidity::default(),
            settings: UserPoolClientSettings::default(),
            created: 0,
            modified: 0,
        }
    }

    #[test]
    fn pool_settings_drive_the_password_policy_and_describe_what_is_in_force() {
        let keys = crate::keys::TokenKeys::for_seed(Some(&[2; 32])).unwrap();
        let shared = Shared::new(keys, "http://127.0.0.1:9".into(), crate::TokenIssuer::Endpoint);
        let mut state = shared.lock();
        let id = state.create_pool(&PoolConfig::default(), 0).unwrap();
        let pool = state.pool_mut(&id).unwrap();
        let described = described_settings(pool).policies.unwrap().password_policy.unwrap();
        assert_eq!((described.minimum_length, described.require_symbols), (Some(8), Some(true)));
        let mut twelve = PasswordPolicyType::default();
        twelve.minimum_length = Some(12);
        let mut given = UserPoolSettings::default();
        given.policies = Some(UserPoolPolicyType::new().with_password_policy(twelve));
        apply_pool_settings(pool, given, 1).unwrap();
        assert_eq!((pool.password_policy.minimum_length, pool.password_policy.require_symbols), (12, false));
        let described = described_settings(pool).policies.unwrap().password_policy.unwrap();
        assert_eq!((described.minimum_length, described.require_symbols), (Some(12), Some(false)));
        // A refused setting leaves the pool as it was.
        let mut ten = PasswordPolicyType::default();
        ten.minimum_length = Some(10);
        let mut bad = UserPoolSettings::default();
        bad.policies = Some(UserPoolPolicyType::new().with_password_policy(ten));
        bad.auto_verified_attributes = Some(vec![attribute::ADDRESS.to_owned()]);
        assert!(apply_pool_settings(pool, bad, 2).is_err());
        assert_eq!(pool.password_policy.minimum_length, 12);
    }

    #[test]
    fn client_settings_drive_token_lifetimes_in_their_units() {
        let mut c = client();
        apply_client_settings(&mut c, UserPoolClientSettings::default(), 0).unwrap();
        assert_eq!(
            (c.validity.access_seconds(3600), c.validity.id_seconds(3600), c.validity.refresh_seconds()),
            (3600, 3600, 30 * 86_400)
        );
        let mut given = UserPoolClientSettings::default();
        given.access_token_validity = Some(2);
        given.id_token_validity = Some(30);
        given.refresh_token_validity = Some(90);
        let mut units = cognito_srp_proto::admin::TokenValidityUnitsType::default();
        units.id_token = Some(TimeUnit::Minutes);
        units.refresh_token = Some(TimeUnit::Minutes);
        given.token_validity_units = Some(units);
        given.refresh_token_rotation = Some(
            cognito_srp_proto::admin::RefreshTokenRotationType::new(FeatureType::Enabled)
                .retry_grace_period_seconds(5),
        );
        given.prevent_user_existence_errors = Some(PreventUserExistenceErrors::Enabled);
        apply_client_settings(&mut c, given, 1).unwrap();
        assert_eq!(
            (c.validity.access_seconds(3600), c.validity.id_seconds(3600), c.validity.refresh_seconds()),
            (7200, 1800, 5400)
        );
        assert_eq!(c.validity.rotation, Some(5));
        assert!(c.prevent_user_existence_errors);
    }
}
