//! ConfirmDevice: the device password, salt and verifier (`DeviceSecretVerifierConfig`).

use base64ct::{Base64, Encoding};
use rand_core::{CryptoRng, TryCryptoRng};
use zeroize::{Zeroize, Zeroizing};

use crate::encoding::{PAD_MAX, Padded};
use crate::error::{Error, Field};
use crate::group::pad_uint;
use crate::scrub::{clear_stack_below, scrubbed};
use crate::srp::{Identity, g_pow_x, private_key};

/// Base64 of a padded 32-byte salt.
const SALT_B64_MAX: usize = 33usize.div_ceil(3) * 4;
/// Base64 of `PAD_MAX` bytes, rounded up.
const VERIFIER_B64_MAX: usize = PAD_MAX.div_ceil(3) * 4;

/// The device secret and verifier to send in `ConfirmDevice`.
///
/// `DeviceSecretVerifierConfig` is `{"PasswordVerifier": password_verifier(), "Salt": salt()}`.
/// Keep [`DeviceVerifier::device_password`] with the device key and group key: every later
/// device sign-in needs it. The password is zeroized on drop and redacted in `Debug`.
///
/// The salt is 16 random bytes read as an unsigned integer and `pad()`ded; the same canonical
/// bytes go into x and into `Salt`, because Cognito hands the salt back as hex of that integer.
///
/// # Example
/// ```
/// use cognito_srp_core::DeviceVerifier;
/// let v = DeviceVerifier::from_parts(
///     "-AbCdEf12",
///     "us-east-1_7f9c2b1e-1234-4abc-9def-0123456789ab",
///     "zu4yPN1649ol1ZHS/in13dzA2C5TpxSQiD5QUUht1UH9SpTovjhAYQ==",
///     &[0x3c, 0x4d, 0x5e, 0x6f, 0x70, 0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8, 0x09, 0x1a, 0x2b],
/// )
/// .unwrap();
/// assert_eq!(v.salt(), "PE1eb3CBkqO0xdbn+AkaKw==");
/// assert!(v.password_verifier().starts_with("ALqP5AQOLod7"));
/// ```
pub struct DeviceVerifier {
    password: [u8; 56],
    salt: [u8; SALT_B64_MAX],
    salt_len: usize,
    verifier: [u8; VERIFIER_B64_MAX],
    verifier_len: usize,
}

impl DeviceVerifier {
    /// A new device password (base64 of 40 random bytes), salt (16 random bytes) and verifier.
    ///
    /// # Errors
    /// Only for inputs [`DeviceVerifier::from_parts`] rejects; none with real device keys.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::DeviceVerifier;
    /// use getrandom::{SysRng, rand_core::UnwrapErr};
    ///
    /// // DeviceGroupKey and DeviceKey come from NewDeviceMetadata.
    /// let v = DeviceVerifier::generate(&mut UnwrapErr(SysRng), "-AbCdEf12", "us-east-1_7f9c2b1e").unwrap();
    /// assert_eq!(v.device_password().len(), 56);
    /// // ConfirmDevice's DeviceSecretVerifierConfig:
    /// let _config = (v.password_verifier(), v.salt());
    /// ```
    pub fn generate<R: CryptoRng + ?Sized>(
        rng: &mut R,
        device_group_key: &str,
        device_key: &str,
    ) -> Result<Self, Error> {
        Self::generate_from(
            |bytes| {
                rng.fill_bytes(bytes);
                Ok(())
            },
            device_group_key,
            device_key,
        )
    }

    /// As [`DeviceVerifier::generate`], with a generator that may fail (the operating
    /// system's, say): its failure is an error, not a panic.
    ///
    /// # Errors
    /// [`Error::RandomUnavailable`] when the generator fails; as [`DeviceVerifier::generate`].
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::DeviceVerifier;
    /// let v = DeviceVerifier::try_generate(&mut getrandom::SysRng, "-AbCdEf12", "us-east-1_device")?;
    /// assert_eq!(v.device_password().len(), 56);
    /// # Ok::<(), cognito_srp_core::Error>(())
    /// ```
    pub fn try_generate<R: TryCryptoRng + ?Sized>(
        rng: &mut R,
        device_group_key: &str,
        device_key: &str,
    ) -> Result<Self, Error> {
        Self::generate_from(
            |bytes| rng.try_fill_bytes(bytes).map_err(|_| Error::RandomUnavailable),
            device_group_key,
            device_key,
        )
    }

    /// 40 random bytes as the base64 device password and 16 as the salt, from `fill`.
    fn generate_from(
        mut fill: impl FnMut(&mut [u8]) -> Result<(), Error>,
        device_group_key: &str,
        device_key: &str,
    ) -> Result<Self, Error> {
        scrubbed(|| {
            let mut raw = Zeroizing::new([0u8; 40]);
            fill(raw.as_mut())?;
            let mut password = Zeroizing::new([0u8; 56]);
            let encoded = Base64::encode(raw.as_ref(), password.as_mut())
                .map_err(|_| Error::TooLong(Field::Verifier))?;
            let mut salt = [0u8; 16];
            fill(&mut salt)?;
            Self::build(device_group_key, device_key, encoded, &salt)
        })
    }

    /// The verifier for a given device password and random salt bytes (deterministic).
    ///
    /// [`DeviceVerifier::generate`] uses 16 salt bytes, as AWS's clients do; other lengths up to
    /// 32 bytes are accepted for reproducing other clients' vectors.
    ///
    /// # Errors
    /// [`Error::TooLong`] for a device password over 56 characters (Cognito's are 56) or a salt
    /// over 32 bytes.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::DeviceVerifier;
    /// let a = DeviceVerifier::from_parts("-GroupKey", "us-east-1_device", "device-pw", &[0x80; 16]).unwrap();
    /// let b = DeviceVerifier::from_parts("-GroupKey", "us-east-1_device", "device-pw", &[0x80; 16]).unwrap();
    /// assert_eq!(a.password_verifier(), b.password_verifier()); // deterministic
    /// assert!(DeviceVerifier::from_parts("-GroupKey", "us-east-1_device", "device-pw", &[1; 33]).is_err());
    /// ```
    pub fn from_parts(
        device_group_key: &str,
        device_key: &str,
        device_password: &str,
        random_salt: &[u8],
    ) -> Result<Self, Error> {
        scrubbed(|| Self::build(device_group_key, device_key, device_password, random_salt))
    }

    fn build(
        device_group_key: &str,
        device_key: &str,
        device_password: &str,
        random_salt: &[u8],
    ) -> Result<Self, Error> {
        if device_password.len() > 56 {
            return Err(Error::TooLong(Field::Verifier));
        }
        if random_salt.len() > 32 {
            return Err(Error::TooLong(Field::Salt));
        }
        let salt_pad = Padded::from_unsigned(random_salt)?;
        let x =
            private_key(&salt_pad, Identity { first: device_group_key, second: device_key }, device_password);
        let mut g_x = g_pow_x(&x);
        let mut v = g_x.retrieve();
        g_x.zeroize();
        let v_pad = pad_uint(&v);
        v.zeroize();
        // The password is copied straight into its final place (no stack copy to clear).
        let mut out = Self {
            password: [0u8; 56],
            salt: [0u8; SALT_B64_MAX],
            salt_len: 0,
            verifier: [0u8; VERIFIER_B64_MAX],
            verifier_len: 0,
        };
        if let Some(dst) = out.password.get_mut(..device_password.len()) {
            dst.copy_from_slice(device_password.as_bytes());
        }
        out.salt_len = Base64::encode(salt_pad.as_bytes(), &mut out.salt)
            .map_err(|_| Error::TooLong(Field::Salt))?
            .len();
        out.verifier_len = Base64::encode(v_pad.as_bytes(), &mut out.verifier)
            .map_err(|_| Error::TooLong(Field::Verifier))?
            .len();
        // Remember the password's length through the zero padding: base64 has no NUL bytes.
        Ok(out)
    }

    /// The device password (base64 text); store it securely with the device key.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::DeviceVerifier;
    /// let v = DeviceVerifier::from_parts("-GroupKey", "us-east-1_device", "c2VjcmV0", &[7; 16]).unwrap();
    /// assert_eq!(v.device_password(), "c2VjcmV0");
    /// ```
    #[must_use]
    pub fn device_password(&self) -> &str {
        let len = self.password.iter().position(|b| *b == 0).unwrap_or(self.password.len());
        str_of(&self.password, len)
    }

    /// `Salt`: standard base64 of the canonical salt bytes.
    ///
    /// The salt bytes are read as an unsigned integer and `pad()`ded, so a top bit set gets a
    /// `00` byte in front: the same bytes went into x.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::DeviceVerifier;
    /// let v = DeviceVerifier::from_parts("-GroupKey", "us-east-1_device", "pw", &[0x80; 16]).unwrap();
    /// assert_eq!(v.salt(), "AICAgICAgICAgICAgICAgIA="); // 00 80 80 ... 80
    /// ```
    #[must_use]
    pub fn salt(&self) -> &str {
        str_of(&self.salt, self.salt_len)
    }

    /// `PasswordVerifier`: standard base64 of pad(g^x).
    ///
    /// # Example
    /// ```
    /// use base64ct::{Base64, Encoding};
    /// use cognito_srp_core::DeviceVerifier;
    /// let v = DeviceVerifier::from_parts("-GroupKey", "us-east-1_device", "pw", &[9; 16]).unwrap();
    /// let bytes = Base64::decode_vec(v.password_verifier()).unwrap();
    /// assert!(bytes.len() <= 385 && bytes[0] < 0x80); // pad(): never negative
    /// ```
    #[must_use]
    pub fn password_verifier(&self) -> &str {
        str_of(&self.verifier, self.verifier_len)
    }
}

fn str_of(buf: &[u8], len: usize) -> &str {
    buf.get(..len).and_then(|b| core::str::from_utf8(b).ok()).unwrap_or("")
}

impl Drop for DeviceVerifier {
    /// Zeroizes the device password, then clears the stack below the dropping frame, where
    /// moves of this value inside the core may have left copies of it (see the `scrub` module).
    fn drop(&mut self) {
        self.password.zeroize();
        clear_stack_below();
    }
}

impl zeroize::ZeroizeOnDrop for DeviceVerifier {}

impl core::fmt::Debug for DeviceVerifier {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DeviceVerifier")
            .field("device_password", &"<redacted>")
            .field("salt", &self.salt())
            .field("password_verifier", &self.password_verifier())
            .finish()
    }
}
