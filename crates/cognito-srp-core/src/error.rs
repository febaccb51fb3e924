//! Errors: every bad input gets a variant that names what was wrong.

use core::fmt;

/// Which value an [`Error`] is about.
///
/// The names follow the Cognito challenge parameters where there is one.
///
/// # Example
/// ```
/// use cognito_srp_core::{Error, Field};
/// let err = Error::InvalidHex(Field::SrpB);
/// assert_eq!(err.to_string(), "SRP_B is not valid hexadecimal");
/// assert_eq!(Field::SecretBlock.name(), "SECRET_BLOCK");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// `SALT` from a `PASSWORD_VERIFIER` or `DEVICE_PASSWORD_VERIFIER` challenge.
    Salt,
    /// `SRP_A`, the client's public value.
    SrpA,
    /// `SRP_B`, the server's public value.
    SrpB,
    /// `SECRET_BLOCK`, the server's opaque base64 block.
    SecretBlock,
    /// `PASSWORD_CLAIM_SIGNATURE`.
    Signature,
    /// `TIMESTAMP`.
    Timestamp,
    /// The user pool id (`<region>_<name>`).
    PoolId,
    /// A secret exponent given as bytes (`a` or `b`).
    SecretExponent,
    /// A password verifier (`g^x mod N`).
    Verifier,
    /// An integer given to [`Padded::from_unsigned`](crate::Padded::from_unsigned).
    Integer,
}

impl Field {
    /// The name of the field as it appears on the wire or in the protocol.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::Field;
    /// assert_eq!(Field::SrpB.name(), "SRP_B");
    /// assert_eq!(Field::PoolId.name(), "pool id");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Salt => "SALT",
            Self::SrpA => "SRP_A",
            Self::SrpB => "SRP_B",
            Self::SecretBlock => "SECRET_BLOCK",
            Self::Signature => "PASSWORD_CLAIM_SIGNATURE",
            Self::Timestamp => "TIMESTAMP",
            Self::PoolId => "pool id",
            Self::SecretExponent => "secret exponent",
            Self::Verifier => "password verifier",
            Self::Integer => "integer",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything that can go wrong while turning challenges into responses (or, with the
/// `server` feature, while verifying them).
///
/// No variant carries secret material.
///
/// # Example
/// ```
/// use cognito_srp_core::{ClientEphemeral, Error, Field, PasswordVerifierChallenge, Timestamp};
/// let eph = ClientEphemeral::from_secret_bytes(&[1; 32]).unwrap();
/// let challenge = PasswordVerifierChallenge {
///     user_id_for_srp: "alice",
///     salt_hex: "12",
///     srp_b_hex: "34",
///     secret_block: "***",
/// };
/// let ts = Timestamp::from_unix_seconds(0).unwrap();
/// let err = eph.user_claim("eu-west-1_Pool", &challenge, "pw", &ts).unwrap_err();
/// assert_eq!(err, Error::InvalidBase64(Field::SecretBlock));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// The value was empty.
    Empty(Field),
    /// The value is longer than this implementation accepts.
    TooLong(Field),
    /// The value is not hexadecimal.
    InvalidHex(Field),
    /// The value is not base64 in any accepted variant.
    InvalidBase64(Field),
    /// The value is zero modulo N (`SRP_B`/`SRP_A` must not be; a verifier must not be).
    ZeroModN(Field),
    /// The scrambling parameter `u = H(pad(A) || pad(B))` came out as zero.
    ZeroScrambler,
    /// The pool id has no `_` separating region and pool name, or an empty pool name.
    InvalidPoolId,
    /// The timestamp is not in Cognito's `EEE MMM d HH:mm:ss UTC yyyy` form.
    InvalidTimestamp,
    /// The time is before 1970 or after the year 9999.
    TimestampOutOfRange,
    /// The system clock could not be read (feature `std`).
    ClockUnavailable,
    /// A verified signature does not match (wrong password, tampered message or key).
    SignatureMismatch,
    /// The random number generator failed (`try_generate` with a fallible generator, such
    /// as the operating system's).
    RandomUnavailable,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty(field) => write!(f, "{field} is empty"),
            Self::TooLong(field) => write!(f, "{field} is too long"),
            Self::InvalidHex(field) => write!(f, "{field} is not valid hexadecimal"),
            Self::InvalidBase64(field) => write!(f, "{field} is not valid base64"),
            Self::ZeroModN(field) => write!(f, "{field} is zero modulo N"),
            Self::ZeroScrambler => f.write_str("the SRP scrambling parameter u is zero"),
            Self::InvalidPoolId => {
                f.write_str("pool id must look like <region>_<name> with a non-empty name")
            }
            Self::InvalidTimestamp => {
                f.write_str("TIMESTAMP is not of the form `EEE MMM d HH:mm:ss UTC yyyy`")
            }
            Self::TimestampOutOfRange => f.write_str("time is outside the years 1970 to 9999"),
            Self::ClockUnavailable => f.write_str("the system clock is before the Unix epoch"),
            Self::SignatureMismatch => f.write_str("PASSWORD_CLAIM_SIGNATURE does not verify"),
            Self::RandomUnavailable => f.write_str("the random number generator failed"),
        }
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn messages_name_the_field() {
        assert_eq!(Error::InvalidHex(Field::SrpB).to_string(), "SRP_B is not valid hexadecimal");
        assert_eq!(Error::Empty(Field::Salt).to_string(), "SALT is empty");
        assert_eq!(Error::InvalidBase64(Field::SecretBlock).to_string(), "SECRET_BLOCK is not valid base64");
    }
}
