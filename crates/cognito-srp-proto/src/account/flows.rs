//! The account flows' decisions, without I/O: the request each step sends (client id and
//! `SECRET_HASH` of the name as the user typed it, as AWS's clients compute it), what an
//! answer means for the next step, and the checks made before anything is sent.
//!
//! - Sign-up: [`AppClient::sign_up_request`] → [`SignedUp`] says what comes next
//!   ([`SignUpNext`]): nothing (confirmed), a code to confirm with, or an administrator's
//!   confirmation. [`AppClient::confirm_sign_up_request`] carries `SignUp`'s `Session`;
//!   [`ConfirmedSignUp::session`] then signs the user in without the password
//!   (`InitiateAuth` `USER_AUTH` with that `Session`, see
//!   [`SignInOptions::sign_up_session`](crate::SignInOptions::sign_up_session)).
//! - Password reset: [`AppClient::forgot_password_request`] (the code goes to
//!   [`CodeDeliveryDetails`]) → [`AppClient::confirm_forgot_password_request`].
//! - Attribute change: `UpdateUserAttributes` → [`AttributeUpdate::to_verify`] lists the
//!   codes sent → `VerifyUserAttribute` for each ([`is_verifiable`]).
//!
//! ```
//! use cognito_srp_proto::AppClient;
//! use cognito_srp_proto::account::{SignUpNext, SignUpResponse, SignedUp};
//! let client = AppClient::new("us-east-1_AbC", "app")?.with_secret("fake-client-secret");
//! let request = client.sign_up_request("ann", Some(&"Passw0rd!".into()), Vec::new())?;
//! // SECRET_HASH of the name as typed.
//! assert_eq!(request.secret_hash.as_ref().map(|s| s.expose_secret().to_owned()), client.secret_hash("ann"));
//! let answer: SignUpResponse = serde_json::from_str(
//!     r#"{"UserConfirmed":false,"UserSub":"0b1c","CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#,
//! )?;
//! let signed_up = SignedUp::from(answer);
//! let SignUpNext::ConfirmWithCode(delivery) = &signed_up.next else { unreachable!() };
//! assert_eq!(delivery.destination.as_deref(), Some("a***@e***"));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{
    ClientUserRequest, CodeDeliveryDetails, CodeDeliveryResponse, ConfirmForgotPasswordRequest,
    ConfirmSignUpRequest, ConfirmSignUpResponse, SignUpRequest, SignUpResponse, UpdateUserAttributesResponse,
};
use crate::error::{Error, ServiceError};
use crate::secret::SecretString;
use crate::sign_in::AppClient;
use crate::vocab::{ErrorCode, attribute};
use crate::wire::AttributeType;

/// Cognito's longest password (`PasswordType`: 256 characters).
pub const MAX_PASSWORD_CHARS: usize = 256;
/// Cognito's longest confirmation code (`ConfirmationCodeType`: 2048 characters).
pub const MAX_CODE_CHARS: usize = 2048;

/// Cognito's answer to a request that fails its input validation (HTTP 400).
fn invalid(member: &str, constraint: &str) -> Error {
    Error::Service(ServiceError::new(
        ErrorCode::InvalidParameter,
        format!(
            "1 validation error detected: Value at '{member}' failed to satisfy constraint: {constraint}"
        ),
        400,
    ))
}

/// A confirmation code as the user typed it, without the spaces around it; refused (as
/// Cognito refuses it: `InvalidParameterException`) when empty, longer than
/// [`MAX_CODE_CHARS`] or with a space inside, before anything is sent.
///
/// ```
/// use cognito_srp_proto::{Error, ErrorCode, account::check_code};
/// assert_eq!(check_code(" 123456\n")?.expose_secret(), "123456");
/// let err = check_code("  ").unwrap_err();
/// assert!(matches!(&err, Error::Service(e) if e.code == ErrorCode::InvalidParameter), "{err:?}");
/// assert!(check_code("123 456").is_err());
/// # Ok::<(), cognito_srp_proto::Error>(())
/// ```
///
/// # Errors
/// [`Error::Service`] with [`ErrorCode::InvalidParameter`] and Cognito's message.
pub fn check_code(code: &str) -> Result<SecretString, Error> {
    let code = code.trim();
    if code.is_empty() {
        return Err(invalid("confirmationCode", "Member must have length greater than or equal to 1"));
    }
    if code.chars().count() > MAX_CODE_CHARS {
        return Err(invalid("confirmationCode", "Member must have length less than or equal to 2048"));
    }
    if code.chars().any(char::is_whitespace) {
        return Err(invalid("confirmationCode", "Member must satisfy regular expression pattern: [\\S]+"));
    }
    Ok(SecretString::from(code))
}

/// A new password, refused before anything is sent when Cognito would refuse its shape:
/// empty, longer than [`MAX_PASSWORD_CHARS`], or starting or ending with a space (the pool's
/// own policy is the server's to check: `InvalidPasswordException`).
///
/// ```
/// use cognito_srp_proto::account::check_password;
/// assert!(check_password("Passw0rd!").is_ok());
/// assert!(check_password("").is_err());
/// assert!(check_password(" Passw0rd!").is_err());
/// assert!(check_password(&"x".repeat(257)).is_err());
/// ```
///
/// # Errors
/// [`Error::Service`] with [`ErrorCode::InvalidParameter`] and Cognito's message.
pub fn check_password(password: &str) -> Result<(), Error> {
    if password.is_empty() {
        return Err(invalid("password", "Member must have length greater than or equal to 1"));
    }
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(invalid("password", "Member must have length less than or equal to 256"));
    }
    if password.starts_with(char::is_whitespace) || password.ends_with(char::is_whitespace) {
        return Err(invalid("password", "Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$"));
    }
    Ok(())
}

/// Whether `attribute` is one Cognito verifies with a code (`email`, `phone_number`).
///
/// ```
/// assert!(cognito_srp_proto::account::is_verifiable("email"));
/// assert!(!cognito_srp_proto::account::is_verifiable("name"));
/// ```
#[must_use]
pub fn is_verifiable(attribute: &str) -> bool {
    attribute == attribute::EMAIL || attribute == attribute::PHONE_NUMBER
}

impl AppClient {
    /// `SignUp` of `username` (as typed) with `password` (`None` on pools that sign in
    /// without one) and `attributes`, with `SECRET_HASH` of `username`.
    ///
    /// # Errors
    /// [`check_password`]'s, before anything is sent.
    pub fn sign_up_request(
        &self,
        username: &str,
        password: Option<&SecretString>,
        attributes: Vec<AttributeType>,
    ) -> Result<SignUpRequest, Error> {
        let mut request = SignUpRequest::new(self.client_id(), username, "");
        if let Some(password) = password {
            check_password(password.expose_secret())?;
        }
        request.password = password.cloned();
        request.secret_hash = self.secret_hash_of(username);
        request.user_attributes = (!attributes.is_empty()).then_some(attributes);
        Ok(request)
    }

    /// `ConfirmSignUp` of `username` (as typed, the name `SignUp` was given) with `code`, and
    /// `SignUp`'s `Session` when there was one (the answer then carries a session that signs
    /// in without the password).
    ///
    /// ```
    /// use cognito_srp_proto::{AppClient, SecretString};
    /// let client = AppClient::new("us-east-1_AbC", "app")?;
    /// let session = SecretString::from("fake-session");
    /// let request = client.confirm_sign_up_request("ann", " 123456 ", Some(&session))?;
    /// assert_eq!(request.confirmation_code.expose_secret(), "123456");
    /// assert_eq!(request.session.as_ref(), Some(&session));
    /// assert!(client.confirm_sign_up_request("ann", "", None).is_err());
    /// # Ok::<(), cognito_srp_proto::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`check_code`]'s, before anything is sent.
    pub fn confirm_sign_up_request(
        &self,
        username: &str,
        code: &str,
        session: Option<&SecretString>,
    ) -> Result<ConfirmSignUpRequest, Error> {
        let mut request = ConfirmSignUpRequest::new(self.client_id(), username, check_code(code)?);
        request.secret_hash = self.secret_hash_of(username);
        request.session = session.filter(|s| !s.is_empty()).cloned();
        Ok(request)
    }

    /// `ResendConfirmationCode` for `username` (as typed).
    #[must_use]
    pub fn resend_confirmation_code_request(&self, username: &str) -> ClientUserRequest {
        self.client_user_request(username)
    }

    /// `ForgotPassword` for `username` (as typed).
    ///
    /// ```
    /// use cognito_srp_proto::AppClient;
    /// let client = AppClient::new("us-east-1_AbC", "app")?.with_secret("fake-client-secret");
    /// let request = client.forgot_password_request("ann@example.com");
    /// assert_eq!(request.username, "ann@example.com");
    /// // The hash of the name as typed (an alias here), as AWS's clients compute it.
    /// let hash = client.secret_hash("ann@example.com");
    /// assert_eq!(request.secret_hash.as_ref().map(|s| s.expose_secret().to_owned()), hash);
    /// # Ok::<(), cognito_srp_proto::Error>(())
    /// ```
    #[must_use]
    pub fn forgot_password_request(&self, username: &str) -> ClientUserRequest {
        self.client_user_request(username)
    }

    /// `ConfirmForgotPassword`: `new_password` for `username` (as typed) with the `code`
    /// `ForgotPassword` sent.
    ///
    /// # Errors
    /// [`check_code`]'s and [`check_password`]'s, before anything is sent.
    pub fn confirm_forgot_password_request(
        &self,
        username: &str,
        code: &str,
        new_password: &SecretString,
    ) -> Result<ConfirmForgotPasswordRequest, Error> {
        let code = check_code(code)?;
        check_password(new_password.expose_secret())?;
        let mut request =
            ConfirmForgotPasswordRequest::new(self.client_id(), username, code, new_password.clone());
        request.secret_hash = self.secret_hash_of(username);
        Ok(request)
    }

    fn client_user_request(&self, username: &str) -> ClientUserRequest {
        let mut request = ClientUserRequest::new(self.client_id(), username);
        request.secret_hash = self.secret_hash_of(username);
        request
    }

    fn secret_hash_of(&self, username: &str) -> Option<SecretString> {
        self.secret_hash(username).map(SecretString::new)
    }
}

/// What comes after a sign-up.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignUpNext {
    /// The user is confirmed already (a pre-sign-up Lambda confirmed it): sign in.
    SignIn,
    /// A code went here: `ConfirmSignUp` with it (or `ResendConfirmationCode`).
    ConfirmWithCode(CodeDeliveryDetails),
    /// Unconfirmed and no code was sent (the pool verifies no attribute by itself): an
    /// administrator confirms the user (`AdminConfirmSignUp`); a code cannot be resent.
    AdministratorConfirms,
}

/// A sign-up's answer, read: the new user's `sub`, what comes next, and the `Session` for
/// [`AppClient::confirm_sign_up_request`].
///
/// ```
/// use cognito_srp_proto::account::{SignUpNext, SignUpResponse, SignedUp};
/// let confirmed: SignUpResponse = serde_json::from_str(r#"{"UserConfirmed":true,"UserSub":"s"}"#)?;
/// assert_eq!(SignedUp::from(confirmed).next, SignUpNext::SignIn);
/// let waiting: SignUpResponse = serde_json::from_str(r#"{"UserConfirmed":false,"UserSub":"s"}"#)?;
/// assert_eq!(SignedUp::from(waiting).next, SignUpNext::AdministratorConfirms);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedUp {
    /// The new user's `sub` (`UserSub`).
    pub user_sub: String,
    /// What comes next.
    pub next: SignUpNext,
    /// `SignUp`'s `Session`: give it to `ConfirmSignUp` to sign in right after.
    pub session: Option<SecretString>,
}

impl From<SignUpResponse> for SignedUp {
    fn from(response: SignUpResponse) -> Self {
        let next = match (response.user_confirmed, response.code_delivery_details) {
            (true, _) => SignUpNext::SignIn,
            (false, Some(details)) => SignUpNext::ConfirmWithCode(details),
            (false, None) => SignUpNext::AdministratorConfirms,
        };
        let session = response.session.filter(|s| !s.is_empty());
        Self { user_sub: response.user_sub, next, session }
    }
}

/// A confirmed sign-up: with a [`session`](Self::session) the user signs in without the
/// password ([`SignInOptions::sign_up_session`](crate::SignInOptions::sign_up_session)).
///
/// ```
/// use cognito_srp_proto::account::{ConfirmSignUpResponse, ConfirmedSignUp};
/// let answer: ConfirmSignUpResponse = serde_json::from_str(r#"{"Session":"fake-session"}"#)?;
/// assert!(ConfirmedSignUp::from(answer).session.is_some());
/// let answer: ConfirmSignUpResponse = serde_json::from_str("{}")?;
/// assert!(ConfirmedSignUp::from(answer).session.is_none());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ConfirmedSignUp {
    /// Signs in (`InitiateAuth` `USER_AUTH`), once, within Cognito's session lifetime.
    pub session: Option<SecretString>,
}

impl From<ConfirmSignUpResponse> for ConfirmedSignUp {
    fn from(response: ConfirmSignUpResponse) -> Self {
        Self { session: response.session.filter(|s| !s.is_empty()) }
    }
}

/// Where the one code of `ResendConfirmationCode`, `ForgotPassword` or
/// `GetUserAttributeVerificationCode` went (`None` when the answer does not say).
#[must_use]
pub fn code_delivery(response: CodeDeliveryResponse) -> Option<CodeDeliveryDetails> {
    response.code_delivery_details
}

/// An attribute change's answer, read: the codes sent to a changed email or phone number.
///
/// ```
/// use cognito_srp_proto::account::{AttributeUpdate, UpdateUserAttributesResponse};
/// let answer: UpdateUserAttributesResponse = serde_json::from_str(
///     r#"{"CodeDeliveryDetailsList":[{"Destination":"b***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}]}"#,
/// )?;
/// let update = AttributeUpdate::from(answer);
/// assert!(update.awaits_code("email"));
/// assert!(!update.awaits_code("phone_number"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct AttributeUpdate {
    /// One entry per code sent: verify each attribute with `VerifyUserAttribute`.
    pub to_verify: Vec<CodeDeliveryDetails>,
}

impl AttributeUpdate {
    /// Whether a code went out for `attribute`.
    #[must_use]
    pub fn awaits_code(&self, attribute: &str) -> bool {
        self.to_verify.iter().any(|d| d.attribute_name.as_deref() == Some(attribute))
    }
}

impl From<UpdateUserAttributesResponse> for AttributeUpdate {
    fn from(response: UpdateUserAttributesResponse) -> Self {
        Self { to_verify: response.code_delivery_details_list.unwrap_or_default() }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
    use super::*;
    use crate::vocab::DeliveryMedium;
    use alloc::borrow::ToOwned;
    use alloc::vec;

    fn client(secret: bool) -> AppClient {
        let client = AppClient::new("eu-west-1_Flows1", "app").unwrap();
        if secret { client.with_secret("fake-client-secret") } else { client }
    }

    #[test]
    fn every_request_hashes_the_name_as_typed_and_only_with_a_secret() {
        let typed = "Ann@Example.com";
        let with = client(true);
        let hash = with.secret_hash(typed).unwrap();
        let got = |s: &Option<SecretString>| s.as_ref().map(|s| s.expose_secret().to_owned());
        let pw = SecretString::from("Passw0rd!");
        assert_eq!(
            got(&with.sign_up_request(typed, Some(&pw), Vec::new()).unwrap().secret_hash),
            Some(hash.clone())
        );
        assert_eq!(
            got(&with.confirm_sign_up_request(typed, "1", None).unwrap().secret_hash),
            Some(hash.clone())
        );
        assert_eq!(got(&with.resend_confirmation_code_request(typed).secret_hash), Some(hash.clone()));
        assert_eq!(got(&with.forgot_password_request(typed).secret_hash), Some(hash.clone()));
        assert_eq!(
            got(&with.confirm_forgot_password_request(typed, "1", &pw).unwrap().secret_hash),
            Some(hash)
        );
        let without = client(false);
        assert_eq!(without.forgot_password_request(typed).secret_hash, None);
        assert_eq!(without.sign_up_request(typed, Some(&pw), Vec::new()).unwrap().secret_hash, None);
        // The user name goes as typed, never normalized.
        assert_eq!(without.forgot_password_request(typed).username, typed);
    }

    #[test]
    fn bad_codes_and_passwords_are_refused_before_sending() {
        let c = client(false);
        let good = SecretString::from("Passw0rd!");
        for code in ["", " ", "12 34", &"1".repeat(MAX_CODE_CHARS + 1)] {
            let err = c.confirm_sign_up_request("ann", code, None).unwrap_err();
            assert!(matches!(&err, Error::Service(e) if e.code == ErrorCode::InvalidParameter), "{code:?}");
            assert!(c.confirm_forgot_password_request("ann", code, &good).is_err());
        }
        assert!(check_code(&"1".repeat(MAX_CODE_CHARS)).is_ok());
        for password in ["", " lead", "trail ", &"p".repeat(MAX_PASSWORD_CHARS + 1)] {
            let bad = SecretString::from(password);
            assert!(c.sign_up_request("ann", Some(&bad), Vec::new()).is_err(), "{password:?}");
            let err = c.confirm_forgot_password_request("ann", "123456", &bad).unwrap_err();
            assert!(matches!(&err, Error::Service(e) if e.code == ErrorCode::InvalidParameter), "{err:?}");
        }
        assert!(check_password(&"p".repeat(MAX_PASSWORD_CHARS)).is_ok());
        // Without a password (passwordless pools) nothing is checked or sent.
        let request = c.sign_up_request("ann", None, Vec::new()).unwrap();
        assert!(request.password.is_none());
        assert!(!serde_json::to_string(&request).unwrap().contains("Password"));
    }

    #[test]
    fn sign_up_answers_decide_the_next_step() {
        let details = CodeDeliveryDetails::new("+*******0100", DeliveryMedium::Sms, "phone_number");
        let mut answer = SignUpResponse::new("sub-1", false);
        answer.code_delivery_details = Some(details.clone());
        answer.session = Some(SecretString::from("s"));
        let signed_up = SignedUp::from(answer.clone());
        assert_eq!(signed_up.next, SignUpNext::ConfirmWithCode(details));
        assert_eq!(signed_up.user_sub, "sub-1");
        assert_eq!(signed_up.session, Some(SecretString::from("s")));
        // Confirmed wins over a delivery (nothing to confirm).
        answer.user_confirmed = true;
        assert_eq!(SignedUp::from(answer.clone()).next, SignUpNext::SignIn);
        // No code and not confirmed: the administrator confirms.
        answer.user_confirmed = false;
        answer.code_delivery_details = None;
        answer.session = Some(SecretString::from(""));
        let waiting = SignedUp::from(answer);
        assert_eq!(waiting.next, SignUpNext::AdministratorConfirms);
        assert_eq!(waiting.session, None, "an empty session is no session");
    }

    #[test]
    fn the_sign_up_session_goes_to_confirm_sign_up_and_its_answer_signs_in() {
        let c = client(false);
        let request = c.confirm_sign_up_request("ann", "123456", Some(&SecretString::from(""))).unwrap();
        assert_eq!(request.session, None);
        let confirmed = ConfirmedSignUp::from(ConfirmSignUpResponse { session: Some("".into()) });
        assert_eq!(confirmed.session, None);
        let confirmed = ConfirmedSignUp::from(ConfirmSignUpResponse { session: Some("t".into()) });
        assert_eq!(confirmed.session, Some(SecretString::from("t")));
    }

    #[test]
    fn only_a_user_auth_sign_in_sends_the_sign_up_session() {
        use crate::{Request, SignIn, SignInOptions, SrpFlow};
        use getrandom::{SysRng, rand_core::UnwrapErr};
        let session = |flow: SrpFlow| {
            let options = SignInOptions::default().flow(flow).sign_up_session("fake-session");
            let mut sign_in = SignIn::new(client(true), "ann", "Passw0rd!", options);
            let call = sign_in.start(&mut UnwrapErr(SysRng)).unwrap();
            let Request::InitiateAuth(request) = call.request else { panic!("{call:?}") };
            // SECRET_HASH of the name as typed goes along.
            assert_eq!(
                request.auth_parameters.get(crate::param::SECRET_HASH),
                client(true).secret_hash("ann").as_deref()
            );
            request.session.map(|s| s.expose_secret().to_owned())
        };
        assert_eq!(session(SrpFlow::UserAuth { preferred: None }).as_deref(), Some("fake-session"));
        assert_eq!(session(SrpFlow::UserSrp), None);
        assert_eq!(session(SrpFlow::CustomWithSrp), None);
        let empty = SignInOptions::default().sign_up_session("");
        assert!(empty.sign_up_session.is_none());
    }

    #[test]
    fn attribute_updates_list_what_awaits_a_code() {
        assert!(AttributeUpdate::from(UpdateUserAttributesResponse::default()).to_verify.is_empty());
        let list = vec![
            CodeDeliveryDetails::new("a***@e***", DeliveryMedium::Email, "email"),
            CodeDeliveryDetails::new("+*******0100", DeliveryMedium::Sms, "phone_number"),
        ];
        let update =
            AttributeUpdate::from(UpdateUserAttributesResponse { code_delivery_details_list: Some(list) });
        assert!(update.awaits_code("email") && update.awaits_code("phone_number"));
        assert!(!update.awaits_code("name"));
        assert!(is_verifiable("phone_number") && !is_verifiable("email_verified"));
    }
}
