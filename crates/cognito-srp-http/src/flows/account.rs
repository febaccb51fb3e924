//! The account flows on [`UserPool`]: sign-up → confirm → sign-in without the password,
//! password reset, attribute change → verification, attribute and account deletion.
//!
//! The decisions (which request, `SECRET_HASH` of the name as typed, what an answer means,
//! codes and passwords refused before sending) are [`cognito_srp_proto::account`]'s; this
//! module sends the calls.

use cognito_srp_proto::account::{AttributeUpdate, ConfirmedSignUp, SignedUp, check_code, code_delivery};
use cognito_srp_proto::{FirstFactor, SrpFlow};

use super::{SignIn, UserPool};
use crate::operations::{
    AttributeType, CodeDeliveryDetails, DeleteUserAttributesRequest, DeleteUserRequest,
    GetUserAttributeVerificationCodeRequest, GetUserRequest, GetUserResponse, UpdateUserAttributesRequest,
    UserContextData, VerifyUserAttributeRequest,
};
use crate::{Error, SecretString};

fn attribute_list(attributes: &[(&str, &str)]) -> Vec<AttributeType> {
    attributes.iter().map(|(name, value)| AttributeType::new(*name, Some(*value))).collect()
}

impl UserPool {
    /// `UserContextData` for an account request: the one place every account request that
    /// Cognito's threat protection reads (`SignUp`, `ConfirmSignUp`, `ResendConfirmationCode`,
    /// `ForgotPassword`, `ConfirmForgotPassword`) gets it from — the pool's setting
    /// ([`UserPool::with_user_context_data`]).
    fn account_context_data(&self) -> Option<UserContextData> {
        self.user_context_data().cloned()
    }

    /// Signs `username` up with `password` and `attributes` (`SignUp`, with `SECRET_HASH`
    /// of `username` as typed). [`SignedUp::next`] says what follows: a code to confirm with
    /// ([`UserPool::confirm_sign_up`]), nothing, or an administrator's confirmation.
    ///
    /// The whole sign-up, then a sign-in without the password:
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","auto_verified_attributes":["email"],
    /// #   "clients":[{"id":"app","explicit_auth_flows":["ALLOW_USER_AUTH","ALLOW_USER_SRP_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_emulator::CodePurpose;
    /// use cognito_srp_http::{SignUpNext, Step};
    /// let signed_up = pool.sign_up("ann", "Correct-Horse-9", &[("email", "ann@example.com")]).await?;
    /// let SignUpNext::ConfirmWithCode(delivery) = &signed_up.next else { return Err("no code".into()) };
    /// assert_eq!(delivery.destination.as_deref(), Some("a***@e***"));
    /// // The emulator keeps what it would have emailed, for tests.
    /// let code = emulator.admin().last_code("eu-west-1_Docs1", "ann", &CodePurpose::SignUp).ok_or("no code")?;
    /// let confirmed = pool.confirm_sign_up("ann", &code, signed_up.session.as_ref()).await?;
    /// // ConfirmSignUp's session signs ann in (USER_AUTH), no password asked.
    /// let session = confirmed.session.ok_or("no session")?;
    /// let Step::Done(done) = pool.sign_in_after_sign_up("ann", session).start().await? else {
    ///     return Err("more steps".into());
    /// };
    /// assert_eq!(done.username, "ann");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Service`]: `UsernameExistsException`, `InvalidPasswordException` (the
    /// pool's policy), `InvalidParameterException` (also for a password Cognito would refuse
    /// by its shape, before anything is sent); transport errors (never resent once it may
    /// have arrived).
    pub async fn sign_up(
        &self,
        username: &str,
        password: impl Into<SecretString>,
        attributes: &[(&str, &str)],
    ) -> Result<SignedUp, Error> {
        self.send_sign_up(username, Some(password.into()), attributes).await
    }

    /// Signs `username` up without a password, on pools whose app client signs in with
    /// `USER_AUTH` one-time codes (see [`UserPool::sign_up`]).
    ///
    /// # Errors
    /// As [`UserPool::sign_up`].
    pub async fn sign_up_without_password(
        &self,
        username: &str,
        attributes: &[(&str, &str)],
    ) -> Result<SignedUp, Error> {
        self.send_sign_up(username, None, attributes).await
    }

    async fn send_sign_up(
        &self,
        username: &str,
        password: Option<SecretString>,
        attributes: &[(&str, &str)],
    ) -> Result<SignedUp, Error> {
        let mut request =
            self.app.sign_up_request(username, password.as_ref(), attribute_list(attributes))?;
        request.user_context_data = self.account_context_data();
        Ok(SignedUp::from(self.client.sign_up(&request).await?))
    }

    /// Confirms the sign-up of `username` (the name `SignUp` was given) with `code`
    /// (`ConfirmSignUp`). Pass `SignUp`'s [`SignedUp::session`] to get a session that signs
    /// in without the password ([`UserPool::sign_in_after_sign_up`]).
    ///
    /// # Errors
    /// [`Error::Service`]: `CodeMismatchException`, `ExpiredCodeException`,
    /// `NotAuthorizedException` (already confirmed), `AliasExistsException`,
    /// `InvalidParameterException` for an empty code (before sending); transport errors.
    pub async fn confirm_sign_up(
        &self,
        username: &str,
        code: &str,
        session: Option<&SecretString>,
    ) -> Result<ConfirmedSignUp, Error> {
        let mut request = self.app.confirm_sign_up_request(username, code, session)?;
        request.user_context_data = self.account_context_data();
        Ok(ConfirmedSignUp::from(self.client.confirm_sign_up(&request).await?))
    }

    /// Sends the sign-up code again (`ResendConfirmationCode`); where it went, when Cognito
    /// says.
    ///
    /// # Errors
    /// [`Error::Service`]: `InvalidParameterException` (already confirmed, or the pool
    /// verifies nothing), `LimitExceededException`, `UserNotFoundException`; transport errors.
    pub async fn resend_confirmation_code(
        &self,
        username: &str,
    ) -> Result<Option<CodeDeliveryDetails>, Error> {
        let mut request = self.app.resend_confirmation_code_request(username);
        request.user_context_data = self.account_context_data();
        Ok(code_delivery(self.client.resend_confirmation_code(&request).await?))
    }

    /// A sign-in right after a sign-up: `InitiateAuth` `USER_AUTH` with
    /// [`ConfirmedSignUp::session`], the confirmation code standing for the first factor. MFA
    /// may still follow. The session works once. Nothing is sent until [`SignIn::start`].
    pub fn sign_in_after_sign_up(&self, username: impl Into<String>, session: SecretString) -> SignIn {
        SignIn::new(self.clone(), username.into(), None)
            .with_flow(SrpFlow::UserAuth { preferred: None::<FirstFactor> })
            .with_sign_up_session(session)
    }

    /// Starts a password reset (`ForgotPassword`): a code goes to the user's verified email
    /// or phone number.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app","secret":"fake-client-secret"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,"email":"alice@example.com"}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// use cognito_srp_emulator::CodePurpose;
    /// use cognito_srp_http::{DeliveryMedium, ErrorCode, Step};
    /// // An app client with a secret: SECRET_HASH goes with every request.
    /// let pool = pool.with_client_secret("fake-client-secret");
    /// let delivery = pool.forgot_password("alice").await?.ok_or("no delivery")?;
    /// assert_eq!(delivery.delivery_medium, Some(DeliveryMedium::Email));
    /// let code = emulator.admin().last_code("eu-west-1_Docs1", "alice", &CodePurpose::ForgotPassword).ok_or("no code")?;
    /// let err = pool.confirm_forgot_password("alice", "000000", "Battery-Staple-7").await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::CodeMismatch));
    /// pool.confirm_forgot_password("alice", &code, "Battery-Staple-7").await?;
    /// assert!(matches!(pool.sign_in("alice", "Battery-Staple-7").start().await?, Step::Done(_)));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Service`]: `UserNotFoundException`, `InvalidParameterException` (no verified
    /// email or phone number), `NotAuthorizedException`, `LimitExceededException`; transport
    /// errors.
    pub async fn forgot_password(&self, username: &str) -> Result<Option<CodeDeliveryDetails>, Error> {
        let mut request = self.app.forgot_password_request(username);
        request.user_context_data = self.account_context_data();
        Ok(code_delivery(self.client.forgot_password(&request).await?))
    }

    /// Finishes a password reset (`ConfirmForgotPassword`) with the code and the new password.
    ///
    /// # Errors
    /// [`Error::Service`]: `CodeMismatchException`, `ExpiredCodeException`,
    /// `InvalidPasswordException`, `LimitExceededException`, `InvalidParameterException` for
    /// an empty code or a password Cognito would refuse by its shape (before sending);
    /// transport errors.
    pub async fn confirm_forgot_password(
        &self,
        username: &str,
        code: &str,
        new_password: impl Into<SecretString>,
    ) -> Result<(), Error> {
        let mut request = self.app.confirm_forgot_password_request(username, code, &new_password.into())?;
        request.user_context_data = self.account_context_data();
        self.client.confirm_forgot_password(&request).await.map(drop)
    }

    /// The signed-in user's name and attributes (`GetUser`).
    ///
    /// # Errors
    /// [`Error::Service`] (`NotAuthorizedException` for a bad token), transport errors.
    pub async fn get_user(&self, access_token: &SecretString) -> Result<GetUserResponse, Error> {
        self.client.get_user(&GetUserRequest::new(access_token.clone())).await
    }

    /// Changes the signed-in user's attributes (`UpdateUserAttributes`);
    /// [`AttributeUpdate::to_verify`] lists the codes sent to a changed email or phone number.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","auto_verified_attributes":["email"],"clients":[{"id":"app"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,"email":"alice@example.com"}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
    /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
    /// # let cognito_srp_http::Step::Done(signed_in) =
    /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
    /// # let access_token = signed_in.tokens.access_token.clone();
    /// use cognito_srp_emulator::CodePurpose;
    /// // Here `access_token` is the access token of alice's finished sign-in.
    /// let update = pool.update_user_attributes(&access_token, &[("email", "alice@example.org")]).await?;
    /// assert!(update.awaits_code("email"));
    /// let purpose = CodePurpose::VerifyAttribute("email".into());
    /// let code = emulator.admin().last_code("eu-west-1_Docs1", "alice", &purpose).ok_or("no code")?;
    /// pool.verify_user_attribute(&access_token, "email", &code).await?;
    /// let me = pool.get_user(&access_token).await?;
    /// assert_eq!(me.attribute("email_verified"), Some("true"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::Service`] (`AliasExistsException`, `InvalidParameterException`,
    /// `NotAuthorizedException`), transport errors.
    pub async fn update_user_attributes(
        &self,
        access_token: &SecretString,
        attributes: &[(&str, &str)],
    ) -> Result<AttributeUpdate, Error> {
        let request = UpdateUserAttributesRequest::new(access_token.clone(), attribute_list(attributes));
        Ok(AttributeUpdate::from(self.client.update_user_attributes(&request).await?))
    }

    /// Sends a verification code to the user's `email` or `phone_number`
    /// (`GetUserAttributeVerificationCode`).
    ///
    /// # Errors
    /// [`Error::Service`] (`InvalidParameterException`, `LimitExceededException`,
    /// `NotAuthorizedException`), transport errors.
    pub async fn get_user_attribute_verification_code(
        &self,
        access_token: &SecretString,
        attribute: &str,
    ) -> Result<Option<CodeDeliveryDetails>, Error> {
        let request = GetUserAttributeVerificationCodeRequest::new(access_token.clone(), attribute);
        Ok(code_delivery(self.client.get_user_attribute_verification_code(&request).await?))
    }

    /// Verifies the user's `email` or `phone_number` with its code (`VerifyUserAttribute`).
    ///
    /// # Errors
    /// [`Error::Service`] (`CodeMismatchException`, `ExpiredCodeException`,
    /// `LimitExceededException`), `InvalidParameterException` for an empty code (before
    /// sending), transport errors.
    pub async fn verify_user_attribute(
        &self,
        access_token: &SecretString,
        attribute: &str,
        code: &str,
    ) -> Result<(), Error> {
        let request = VerifyUserAttributeRequest::new(access_token.clone(), attribute, check_code(code)?);
        self.client.verify_user_attribute(&request).await.map(drop)
    }

    /// Deletes attributes of the signed-in user (`DeleteUserAttributes`).
    ///
    /// # Errors
    /// [`Error::Service`] (`InvalidParameterException` for a required attribute,
    /// `NotAuthorizedException`), transport errors.
    pub async fn delete_user_attributes(
        &self,
        access_token: &SecretString,
        names: &[&str],
    ) -> Result<(), Error> {
        let names = names.iter().map(|n| (*n).to_owned()).collect();
        let request = DeleteUserAttributesRequest::new(access_token.clone(), names);
        self.client.delete_user_attributes(&request).await.map(drop)
    }

    /// Deletes the signed-in user (`DeleteUser`): the account, its devices and its tokens.
    ///
    /// # Errors
    /// [`Error::Service`] (`NotAuthorizedException` for a bad token), transport errors.
    pub async fn delete_user(&self, access_token: &SecretString) -> Result<(), Error> {
        self.client.delete_user(&DeleteUserRequest::new(access_token.clone())).await.map(drop)
    }
}
