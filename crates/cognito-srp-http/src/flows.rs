//! Whole flows on top of the operations: SRP sign-in with every challenge, device
//! confirmation and sign-in, refresh, sign-out and device management.

mod sign_in;

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::operations::{
    AuthenticationResult, ConfirmDeviceRequest, DeviceSecretVerifierConfig, DeviceType, ForgetDeviceRequest,
    GetDeviceRequest, GlobalSignOutRequest, InitiateAuthRequest, ListDevicesRequest, NewDeviceMetadata,
    RevokeTokenRequest, UpdateDeviceStatusRequest, auth_flow, device_status,
};
use crate::{Client, Error, Parameters, ProtocolError, SecretString};

pub use sign_in::{MfaKind, SignIn, SignedIn, Step};

/// The tokens of a signed-in user. Every token is a [`SecretString`]: redacted in `Debug`,
/// zeroized on drop.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    /// The access token (for `GetUser`, device operations, your APIs).
    pub access_token: SecretString,
    /// The ID token (claims about the user).
    pub id_token: SecretString,
    /// The refresh token; a refresh returns none, and [`UserPool::refresh`] then keeps the
    /// one it was given.
    pub refresh_token: Option<SecretString>,
    /// Seconds until the access and ID tokens expire.
    pub expires_in: u64,
    /// `Bearer`.
    pub token_type: String,
}

impl From<AuthenticationResult> for Tokens {
    fn from(result: AuthenticationResult) -> Self {
        Self {
            access_token: result.access_token,
            id_token: result.id_token,
            refresh_token: result.refresh_token,
            expires_in: result.expires_in,
            token_type: result.token_type,
        }
    }
}

/// What a device needs to sign in on the device path later: persist it (serde) after a
/// sign-in that confirmed a new device, and pass it to [`SignIn::device`] next time.
///
/// `device_password` is secret: redacted in `Debug` and, like the rest, zeroized on drop.
///
/// ```
/// use cognito_srp_http::DeviceCredentials;
/// let creds = DeviceCredentials {
///     device_key: "eu-west-1_5b7c...".into(),
///     device_group_key: "-Xy1...".into(),
///     device_password: "s3cr3t".into(),
/// };
/// let json = serde_json::to_string(&creds).unwrap();
/// let back: DeviceCredentials = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, creds);
/// assert!(!format!("{creds:?}").contains("s3cr3t"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
pub struct DeviceCredentials {
    /// `DeviceKey` (`region_uuid`).
    pub device_key: String,
    /// `DeviceGroupKey`.
    pub device_group_key: String,
    /// The device password made at confirmation (base64 of 40 random bytes).
    pub device_password: SecretString,
}

/// A user pool app client: the pool id, the client id and, for confidential clients, the
/// client secret. Start flows from here.
///
/// ```no_run
/// # async fn demo() -> Result<(), cognito_srp_http::Error> {
/// use cognito_srp_http::{Step, UserPool};
/// let pool = UserPool::new("eu-west-1_AbCdEf123", "1example23456789")?;
/// let mut sign_in = pool.sign_in("alice", "correct horse battery staple");
/// let mut step = sign_in.start().await?;
/// loop {
///     step = match step {
///         Step::Done(done) => {
///             println!("expires in {} s", done.tokens.expires_in);
///             break;
///         }
///         Step::MfaCode { .. } => sign_in.answer_mfa_code("123456").await?,
///         other => unimplemented!("{other:?}"),
///     };
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct UserPool {
    client: Client,
    pool_id: String,
    client_id: String,
    client_secret: Option<SecretString>,
    max_restarts: u32,
}

impl UserPool {
    /// A pool reached through a new [`Client`] for the pool's region (the endpoint variables
    /// of the environment still win, as in the AWS SDKs).
    ///
    /// # Errors
    /// [`Error::Config`] for a malformed pool id or endpoint.
    pub fn new(pool_id: impl Into<String>, client_id: impl Into<String>) -> Result<Self, Error> {
        let pool_id = pool_id.into();
        let client = Client::builder().region_from_pool_id(&pool_id)?.build()?;
        Self::with_client(client, pool_id, client_id)
    }

    /// A pool reached through `client` (share one client between pools to share its
    /// connection pool, or point it at a local emulator).
    ///
    /// # Errors
    /// [`Error::Config`] for a malformed pool id.
    pub fn with_client(
        client: Client,
        pool_id: impl Into<String>,
        client_id: impl Into<String>,
    ) -> Result<Self, Error> {
        let pool_id = pool_id.into();
        cognito_srp_core::pool_name(&pool_id)
            .map_err(|_| Error::Config(format!("pool id {pool_id:?} is not <region>_<id>")))?;
        Ok(Self { client, pool_id, client_id: client_id.into(), client_secret: None, max_restarts: 2 })
    }

    /// Sets the app client's secret: every request that needs it gets a `SECRET_HASH`.
    #[must_use]
    pub fn with_client_secret(mut self, secret: impl Into<SecretString>) -> Self {
        self.client_secret = Some(secret.into()).filter(|s| !s.is_empty());
        self
    }

    /// How often a sign-in may start over from `InitiateAuth` after a transient failure of a
    /// challenge answer (default 2).
    #[must_use]
    pub fn with_max_restarts(mut self, restarts: u32) -> Self {
        self.max_restarts = restarts;
        self
    }

    /// The underlying client, for the raw operations.
    #[must_use]
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The pool id.
    #[must_use]
    pub fn pool_id(&self) -> &str {
        &self.pool_id
    }

    /// The app client id.
    #[must_use]
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// `SECRET_HASH` for `username`, when the app client has a secret.
    #[must_use]
    pub fn secret_hash(&self, username: &str) -> Option<String> {
        self.client_secret.as_ref().map(|secret| {
            cognito_srp_core::secret_hash(secret.expose_secret(), username, &self.client_id)
                .as_str()
                .to_owned()
        })
    }

    /// A password sign-in with SRP (`USER_SRP_AUTH`). Nothing is sent until
    /// [`SignIn::start`].
    pub fn sign_in(&self, username: impl Into<String>, password: impl Into<SecretString>) -> SignIn {
        SignIn::new(self.clone(), username.into(), password.into())
    }

    /// New tokens from a refresh token (`REFRESH_TOKEN_AUTH`).
    ///
    /// `username` is the internal user name ([`SignedIn::username`]); it is only used for
    /// `SECRET_HASH`. Pass the device key when the tokens came from a tracked device, or
    /// Cognito answers "Invalid Refresh Token". The returned [`Tokens::refresh_token`] is the
    /// one passed in unless Cognito rotated it.
    ///
    /// # Errors
    /// [`Error::Service`] (`NotAuthorized` for a revoked or wrong token), transport errors
    /// after retries.
    pub async fn refresh(
        &self,
        refresh_token: &SecretString,
        username: &str,
        device_key: Option<&str>,
    ) -> Result<Tokens, Error> {
        let mut params = Parameters::new().with("REFRESH_TOKEN", refresh_token.expose_secret());
        params.insert_opt("SECRET_HASH", self.secret_hash(username).as_deref());
        params.insert_opt("DEVICE_KEY", device_key);
        let response = self
            .client
            .initiate_auth(&InitiateAuthRequest {
                auth_flow: auth_flow::REFRESH_TOKEN_AUTH.to_owned(),
                auth_parameters: params,
                client_id: self.client_id.clone(),
                ..InitiateAuthRequest::default()
            })
            .await?;
        let result = response
            .authentication_result
            .ok_or(Error::Protocol(ProtocolError::MissingField("AuthenticationResult")))?;
        let mut tokens = Tokens::from(result);
        if tokens.refresh_token.is_none() {
            tokens.refresh_token = Some(refresh_token.clone());
        }
        Ok(tokens)
    }

    /// Signs the user out everywhere (`GlobalSignOut`): every refresh token stops working.
    ///
    /// # Errors
    /// [`Error::Service`] (`NotAuthorized` for a bad token), transport errors.
    pub async fn sign_out(&self, access_token: &SecretString) -> Result<(), Error> {
        self.client
            .global_sign_out(&GlobalSignOutRequest { access_token: access_token.clone() })
            .await
            .map(drop)
    }

    /// Revokes one refresh token (`RevokeToken`), with the client secret if there is one.
    ///
    /// # Errors
    /// [`Error::Service`], transport errors.
    pub async fn revoke(&self, refresh_token: &SecretString) -> Result<(), Error> {
        self.client
            .revoke_token(&RevokeTokenRequest {
                token: refresh_token.clone(),
                client_id: self.client_id.clone(),
                client_secret: self.client_secret.clone(),
            })
            .await
            .map(drop)
    }

    /// Confirms a device Cognito reported in `NewDeviceMetadata`: makes a device password
    /// and verifier with the core's [`cognito_srp_core::DeviceVerifier`] and calls
    /// `ConfirmDevice`. Returns the credentials to persist and `UserConfirmationNecessary`.
    ///
    /// [`SignIn`] does this by itself; call it when driving the operations by hand.
    ///
    /// # Errors
    /// [`Error::Service`], transport errors, [`Error::Random`] when the OS has no randomness.
    pub async fn confirm_device(
        &self,
        access_token: &SecretString,
        metadata: &NewDeviceMetadata,
        device_name: Option<&str>,
    ) -> Result<(DeviceCredentials, bool), Error> {
        if metadata.device_key.is_empty() || metadata.device_group_key.is_empty() {
            return Err(Error::Protocol(ProtocolError::MissingField("NewDeviceMetadata")));
        }
        let raw: zeroize::Zeroizing<[u8; 40]> = zeroize::Zeroizing::new(random_bytes()?);
        let password =
            SecretString::new(<base64ct::Base64 as base64ct::Encoding>::encode_string(raw.as_ref()));
        let salt: [u8; 16] = random_bytes()?;
        let verifier = cognito_srp_core::DeviceVerifier::from_parts(
            &metadata.device_group_key,
            &metadata.device_key,
            password.expose_secret(),
            &salt,
        )?;
        let response = self
            .client
            .confirm_device(&ConfirmDeviceRequest {
                access_token: access_token.clone(),
                device_key: metadata.device_key.clone(),
                device_secret_verifier_config: Some(DeviceSecretVerifierConfig {
                    password_verifier: verifier.password_verifier().to_owned(),
                    salt: verifier.salt().to_owned(),
                }),
                device_name: device_name.map(str::to_owned),
            })
            .await?;
        let creds = DeviceCredentials {
            device_key: metadata.device_key.clone(),
            device_group_key: metadata.device_group_key.clone(),
            device_password: password,
        };
        Ok((creds, response.user_confirmation_necessary))
    }

    /// Remembers (`true`) or stops remembering (`false`) a device (`UpdateDeviceStatus`).
    /// Sign-ins from a remembered device skip MFA.
    ///
    /// # Errors
    /// [`Error::Service`] (`ResourceNotFound` for an unknown device), transport errors.
    pub async fn set_device_remembered(
        &self,
        access_token: &SecretString,
        device_key: &str,
        remembered: bool,
    ) -> Result<(), Error> {
        let status = if remembered { device_status::REMEMBERED } else { device_status::NOT_REMEMBERED };
        self.client
            .update_device_status(&UpdateDeviceStatusRequest {
                access_token: access_token.clone(),
                device_key: device_key.to_owned(),
                device_remembered_status: Some(status.to_owned()),
            })
            .await
            .map(drop)
    }

    /// One tracked device (`GetDevice`).
    ///
    /// # Errors
    /// [`Error::Service`] (`ResourceNotFound` for an unknown device), transport errors.
    pub async fn get_device(
        &self,
        access_token: &SecretString,
        device_key: &str,
    ) -> Result<DeviceType, Error> {
        self.client
            .get_device(&GetDeviceRequest {
                device_key: device_key.to_owned(),
                access_token: access_token.clone(),
            })
            .await
            .map(|r| r.device)
    }

    /// Every tracked device of the user (`ListDevices`, following pagination; at most 100
    /// pages).
    ///
    /// # Errors
    /// [`Error::Service`], transport errors.
    pub async fn list_devices(&self, access_token: &SecretString) -> Result<Vec<DeviceType>, Error> {
        self.list_devices_with_limit(access_token, 60).await
    }

    /// Every tracked device of the user, asking for `limit` devices per `ListDevices` page
    /// (Cognito allows 1 to 60) and following pagination (at most 100 pages).
    ///
    /// # Errors
    /// [`Error::Service`], transport errors.
    pub async fn list_devices_with_limit(
        &self,
        access_token: &SecretString,
        limit: u32,
    ) -> Result<Vec<DeviceType>, Error> {
        let mut devices = Vec::new();
        let mut token = None;
        for _ in 0..100 {
            let page = self
                .client
                .list_devices(&ListDevicesRequest {
                    access_token: access_token.clone(),
                    limit: Some(limit.clamp(1, 60)),
                    pagination_token: token.take(),
                })
                .await?;
            devices.extend(page.devices);
            match page.pagination_token {
                Some(next) if !next.is_empty() => token = Some(next),
                _ => break,
            }
        }
        Ok(devices)
    }

    /// Stops tracking a device (`ForgetDevice`); its credentials stop working.
    ///
    /// # Errors
    /// [`Error::Service`] (`ResourceNotFound` for an unknown device), transport errors.
    pub async fn forget_device(&self, access_token: &SecretString, device_key: &str) -> Result<(), Error> {
        self.client
            .forget_device(&ForgetDeviceRequest {
                access_token: Some(access_token.clone()),
                device_key: device_key.to_owned(),
            })
            .await
            .map(drop)
    }
}

/// `N` bytes from the operating system's CSPRNG.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], Error> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| Error::Random(e.to_string()))?;
    Ok(out)
}
