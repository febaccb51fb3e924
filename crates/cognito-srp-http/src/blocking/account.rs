//! The account flows, blocking: [`crate::UserPool`]'s sign-up, password reset, attribute and
//! deletion calls without `async`.

use super::{SignIn, UserPool};
use crate::operations::{CodeDeliveryDetails, GetUserResponse};
use crate::{AttributeUpdate, ConfirmedSignUp, Error, SecretString, SignedUp};

impl UserPool {
    /// Signs a user up (see [`crate::UserPool::sign_up`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::sign_up`]; [`Error::Config`] inside an async runtime.
    pub fn sign_up(
        &self,
        username: &str,
        password: impl Into<SecretString>,
        attributes: &[(&str, &str)],
    ) -> Result<SignedUp, Error> {
        self.runner.run(self.inner.sign_up(username, password, attributes))
    }

    /// Signs a user up without a password (see [`crate::UserPool::sign_up_without_password`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::sign_up`]; [`Error::Config`] inside an async runtime.
    pub fn sign_up_without_password(
        &self,
        username: &str,
        attributes: &[(&str, &str)],
    ) -> Result<SignedUp, Error> {
        self.runner.run(self.inner.sign_up_without_password(username, attributes))
    }

    /// Confirms a sign-up (see [`crate::UserPool::confirm_sign_up`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::confirm_sign_up`]; [`Error::Config`] inside an async runtime.
    pub fn confirm_sign_up(
        &self,
        username: &str,
        code: &str,
        session: Option<&SecretString>,
    ) -> Result<ConfirmedSignUp, Error> {
        self.runner.run(self.inner.confirm_sign_up(username, code, session))
    }

    /// Sends the sign-up code again (see [`crate::UserPool::resend_confirmation_code`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::resend_confirmation_code`]; [`Error::Config`] inside an async
    /// runtime.
    pub fn resend_confirmation_code(&self, username: &str) -> Result<Option<CodeDeliveryDetails>, Error> {
        self.runner.run(self.inner.resend_confirmation_code(username))
    }

    /// A sign-in with `ConfirmSignUp`'s session (see [`crate::UserPool::sign_in_after_sign_up`]).
    pub fn sign_in_after_sign_up(&self, username: impl Into<String>, session: SecretString) -> SignIn {
        SignIn { inner: self.inner.sign_in_after_sign_up(username, session), runner: self.runner.clone() }
    }

    /// Starts a password reset (see [`crate::UserPool::forgot_password`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::forgot_password`]; [`Error::Config`] inside an async runtime.
    pub fn forgot_password(&self, username: &str) -> Result<Option<CodeDeliveryDetails>, Error> {
        self.runner.run(self.inner.forgot_password(username))
    }

    /// Finishes a password reset (see [`crate::UserPool::confirm_forgot_password`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::confirm_forgot_password`]; [`Error::Config`] inside an async
    /// runtime.
    pub fn confirm_forgot_password(
        &self,
        username: &str,
        code: &str,
        new_password: impl Into<SecretString>,
    ) -> Result<(), Error> {
        self.runner.run(self.inner.confirm_forgot_password(username, code, new_password))
    }

    /// The signed-in user's name and attributes (see [`crate::UserPool::get_user`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::get_user`]; [`Error::Config`] inside an async runtime.
    pub fn get_user(&self, access_token: &SecretString) -> Result<GetUserResponse, Error> {
        self.runner.run(self.inner.get_user(access_token))
    }

    /// Changes attributes (see [`crate::UserPool::update_user_attributes`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::update_user_attributes`]; [`Error::Config`] inside an async
    /// runtime.
    pub fn update_user_attributes(
        &self,
        access_token: &SecretString,
        attributes: &[(&str, &str)],
    ) -> Result<AttributeUpdate, Error> {
        self.runner.run(self.inner.update_user_attributes(access_token, attributes))
    }

    /// Sends an attribute verification code (see
    /// [`crate::UserPool::get_user_attribute_verification_code`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::get_user_attribute_verification_code`]; [`Error::Config`] inside
    /// an async runtime.
    pub fn get_user_attribute_verification_code(
        &self,
        access_token: &SecretString,
        attribute: &str,
    ) -> Result<Option<CodeDeliveryDetails>, Error> {
        self.runner.run(self.inner.get_user_attribute_verification_code(access_token, attribute))
    }

    /// Verifies an attribute (see [`crate::UserPool::verify_user_attribute`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::verify_user_attribute`]; [`Error::Config`] inside an async runtime.
    pub fn verify_user_attribute(
        &self,
        access_token: &SecretString,
        attribute: &str,
        code: &str,
    ) -> Result<(), Error> {
        self.runner.run(self.inner.verify_user_attribute(access_token, attribute, code))
    }

    /// Deletes attributes (see [`crate::UserPool::delete_user_attributes`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::delete_user_attributes`]; [`Error::Config`] inside an async
    /// runtime.
    pub fn delete_user_attributes(&self, access_token: &SecretString, names: &[&str]) -> Result<(), Error> {
        self.runner.run(self.inner.delete_user_attributes(access_token, names))
    }

    /// Deletes the user (see [`crate::UserPool::delete_user`]).
    ///
    /// # Errors
    /// As [`crate::UserPool::delete_user`]; [`Error::Config`] inside an async runtime.
    pub fn delete_user(&self, access_token: &SecretString) -> Result<(), Error> {
        self.runner.run(self.inner.delete_user(access_token))
    }
}
