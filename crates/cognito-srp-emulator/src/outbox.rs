//! The messages the emulator "sends": every code a real pool would text or email (sign-in
//! codes today; sign-up, password-reset and attribute-verification codes as those operations
//! arrive) lands here instead, for tests to read through [`crate::Admin::messages`] and
//! [`crate::Admin::last_code`].
//!
//! The outbox is bounded ([`MAX_MESSAGES`], oldest dropped first) and a message goes when the
//! code it carries expires, so a long-running emulator does not grow without limit.

use std::collections::VecDeque;

use cognito_srp_proto::vocab::DeliveryMedium;

/// At most this many messages are kept; the oldest go first.
pub const MAX_MESSAGES: usize = 1024;

/// What a message's code is for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodePurpose {
    /// A second-factor code during sign-in (`SMS_MFA`, `EMAIL_OTP` as MFA).
    SignInMfa,
    /// A first-factor one-time code (`USER_AUTH` with `EMAIL_OTP` or `SMS_OTP`).
    SignInOtp,
    /// A sign-up confirmation code (`SignUp`, `ResendConfirmationCode`).
    SignUp,
    /// A password-reset code (`ForgotPassword`, `AdminResetUserPassword`).
    ForgotPassword,
    /// An attribute-verification code for the named attribute (`email`, `phone_number`).
    VerifyAttribute(String),
}

/// One message a real pool would have sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Message {
    /// The pool it was sent from.
    pub pool_id: String,
    /// The recipient's internal username.
    pub username: String,
    /// Text or email.
    pub medium: DeliveryMedium,
    /// The phone number or email address it went to, unmasked.
    pub destination: String,
    /// What the code is for.
    pub purpose: CodePurpose,
    /// The code (test data: it is not treated as a secret).
    pub code: String,
    /// When it was sent (the emulator's clock, Unix seconds).
    pub sent_at: u64,
    /// When the code stops being accepted (Unix seconds).
    pub expires_at: u64,
}

/// The bounded list of sent messages.
#[derive(Debug, Default)]
pub(crate) struct Outbox {
    messages: VecDeque<Message>,
}

impl Outbox {
    /// Records a message, dropping the oldest past [`MAX_MESSAGES`].
    pub(crate) fn send(&mut self, message: Message) {
        if self.messages.len() >= MAX_MESSAGES {
            self.messages.pop_front();
        }
        self.messages.push_back(message);
    }

    /// The messages to one user of one pool, oldest first.
    pub(crate) fn to_user<'a>(
        &'a self,
        pool_id: &'a str,
        username: &'a str,
    ) -> impl Iterator<Item = &'a Message> {
        self.messages.iter().filter(move |m| m.pool_id == pool_id && m.username == username)
    }

    /// Every message, oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Message> {
        self.messages.iter()
    }

    /// Forgets every message to a user (the user was deleted).
    pub(crate) fn forget_user(&mut self, pool_id: &str, username: &str) {
        self.messages.retain(|m| !(m.pool_id == pool_id && m.username == username));
    }

    /// Forgets every message of a pool (the pool was deleted).
    pub(crate) fn forget_pool(&mut self, pool_id: &str) {
        self.messages.retain(|m| m.pool_id != pool_id);
    }

    /// Drops the messages whose codes have expired at `now`.
    pub(crate) fn purge(&mut self, now: u64) {
        self.messages.retain(|m| m.expires_at > now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(user: &str, code: &str, expires_at: u64) -> Message {
        Message {
            pool_id: "p".into(),
            username: user.into(),
            medium: DeliveryMedium::Email,
            destination: "u@example.com".into(),
            purpose: CodePurpose::SignUp,
            code: code.into(),
            sent_at: 0,
            expires_at,
        }
    }

    #[test]
    fn the_outbox_is_bounded_and_forgets_expired_codes() {
        let mut outbox = Outbox::default();
        for i in 0..(MAX_MESSAGES + 5) {
            outbox.send(message("a", &i.to_string(), 10 + u64::try_from(i).unwrap_or(0) % 2));
        }
        assert_eq!(outbox.to_user("p", "a").count(), MAX_MESSAGES);
        assert_eq!(outbox.to_user("p", "a").next().map(|m| m.code.as_str()), Some("5"));
        outbox.purge(10);
        assert!(outbox.to_user("p", "a").all(|m| m.expires_at == 11));
        outbox.send(message("b", "x", 99));
        outbox.forget_user("p", "a");
        assert_eq!(outbox.to_user("p", "b").count(), 1);
        assert_eq!(outbox.to_user("p", "a").count(), 0);
        let mut other = message("b", "y", 99);
        other.pool_id = "q".into();
        outbox.send(other);
        outbox.forget_pool("p");
        assert_eq!(outbox.to_user("p", "b").count(), 0);
        assert_eq!(outbox.to_user("q", "b").count(), 1);
    }
}
