//! Server-side flows with AWS credentials: the admin sign-in (`AdminInitiateAuth` /
//! `AdminRespondToAuthChallenge`, driven by the same machine as the user sign-in) and the
//! admin user and device operations, all signed with SigV4.

use cognito_srp_proto::admin::{
    AdminForgetDeviceRequest, AdminGetDeviceRequest, AdminGetDeviceResponse, AdminGetUserRequest,
    AdminGetUserResponse, AdminInitiateAuthRequest, AdminListDevicesRequest, AdminListDevicesResponse,
    AdminUpdateDeviceStatusRequest, AdminUserGlobalSignOutRequest,
};
use cognito_srp_proto::sigv4::AwsCredentials;
use cognito_srp_proto::{
    AuthFlow, AuthResponse, DeviceRememberedStatus, EmptyResponse, Operation, SrpFlow, param,
};

use super::{SignIn, UserPool};
use crate::operations::DeviceType;
use crate::{Error, SecretString, Tokens};

/// Pages [`AdminUserPool::list_devices`] reads at most (60 devices each).
const MAX_DEVICE_PAGES: usize = 100;

/// A user pool seen from a server holding AWS credentials (IAM): admin sign-ins and the admin
/// user and device operations, signed with SigV4 for the pool's region. Made by
/// [`UserPool::admin`]; credentials from [`crate::credentials::from_environment`] or given.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1",
/// #   "clients":[{"id":"app","explicit_auth_flows":["ALLOW_ADMIN_USER_PASSWORD_AUTH","ALLOW_USER_SRP_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]}],
/// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
/// # let emulator = cognito_srp_emulator::Emulator::builder().access_key("AKIDDOCS", "docs-secret")
/// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
/// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
/// use cognito_srp_http::{Step, UserPool, credentials::AwsCredentials};
/// let pool = UserPool::with_client(client, "eu-west-1_Docs1", "app")?;
/// let admin = pool.admin(AwsCredentials::new("AKIDDOCS", "docs-secret"))?;
/// let Step::Done(done) = admin.sign_in("alice", "Correct-Horse-9").start().await? else {
///     return Err("more steps".into());
/// };
/// assert_eq!(admin.get_user("alice").await?.username, "alice");
/// admin.global_sign_out("alice").await?;
/// # let _ = done;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AdminUserPool {
    pool: UserPool,
}

impl UserPool {
    /// This pool for a server with AWS credentials: the pool's client, signing the
    /// IAM-authorised operations for the pool's region ([`crate::Client::with_credentials`]).
    ///
    /// # Errors
    /// [`Error::Config`] when the pool id does not name a region.
    pub fn admin(&self, credentials: AwsCredentials) -> Result<AdminUserPool, Error> {
        let region = crate::region_from_pool_id(self.pool_id())?.to_owned();
        let mut pool = self.clone();
        pool.client = self.client.with_credentials(credentials, region);
        Ok(AdminUserPool { pool })
    }
}

impl AdminUserPool {
    /// The pool (its client signs the admin operations).
    #[must_use]
    pub fn pool(&self) -> &UserPool {
        &self.pool
    }

    /// An admin SRP sign-in (`AdminInitiateAuth` with `USER_SRP_AUTH`): the same steps as
    /// [`UserPool::sign_in`] — device SRP with [`SignIn::device`], device confirmation,
    /// MFA, new password — answered with `AdminRespondToAuthChallenge`. Nothing is sent
    /// until [`SignIn::start`].
    #[must_use]
    pub fn sign_in(&self, username: impl Into<String>, password: impl Into<SecretString>) -> SignIn {
        SignIn::new(self.pool.clone(), username.into(), Some(password.into())).into_admin()
    }

    /// An admin sign-in with the password sent over TLS (`ADMIN_USER_PASSWORD_AUTH`; the app
    /// client must allow it). The challenges that follow are those of [`AdminUserPool::sign_in`].
    #[must_use]
    pub fn sign_in_with_password(
        &self,
        username: impl Into<String>,
        password: impl Into<SecretString>,
    ) -> SignIn {
        SignIn::new(self.pool.clone(), username.into(), Some(password.into()))
            .with_flow(SrpFlow::Password)
            .into_admin()
    }

    /// An admin choice-based sign-in (`USER_AUTH`) without a password (see
    /// [`UserPool::sign_in_user_auth`]).
    #[must_use]
    pub fn sign_in_user_auth(
        &self,
        username: impl Into<String>,
        preferred: Option<crate::FirstFactor>,
    ) -> SignIn {
        SignIn::new(self.pool.clone(), username.into(), None)
            .with_flow(SrpFlow::UserAuth { preferred })
            .into_admin()
    }

    /// An admin `CUSTOM_AUTH` sign-in without SRP (see [`UserPool::sign_in_custom`]).
    #[must_use]
    pub fn sign_in_custom(&self, username: impl Into<String>) -> SignIn {
        SignIn::new(self.pool.clone(), username.into(), None).with_flow(SrpFlow::Custom).into_admin()
    }

    /// New tokens from a refresh token with `AdminInitiateAuth` `REFRESH_TOKEN_AUTH`.
    /// `username` (the internal user name, [`crate::SignedIn::username`]) goes into the
    /// `SECRET_HASH` when the app client has a secret; `device_key` is the device the tokens
    /// were issued to. The refresh token passed in is kept in the returned tokens.
    ///
    /// # Errors
    /// Cognito's errors ([`Error::Service`]), transport and protocol errors.
    pub async fn refresh(
        &self,
        refresh_token: &SecretString,
        username: &str,
        device_key: Option<&str>,
    ) -> Result<Tokens, Error> {
        let app = &self.pool.app;
        let mut request =
            AdminInitiateAuthRequest::new(app.pool_id(), app.client_id(), AuthFlow::RefreshTokenAuth);
        let params = &mut request.auth_parameters;
        params.insert(param::REFRESH_TOKEN, refresh_token.expose_secret());
        params.insert_opt(param::SECRET_HASH, app.secret_hash(username).as_deref());
        params.insert_opt(param::DEVICE_KEY, device_key);
        let response: AuthResponse = self.pool.client.call(Operation::AdminInitiateAuth, &request).await?;
        Ok(Tokens::from_refresh(response, refresh_token)?)
    }

    /// `AdminGetUser`: the user's attributes, status and MFA settings.
    ///
    /// # Errors
    /// Cognito's errors (`UserNotFoundException`, ...), transport and protocol errors.
    pub async fn get_user(&self, username: &str) -> Result<AdminGetUserResponse, Error> {
        let request = AdminGetUserRequest::new(self.pool.pool_id(), username);
        self.pool.client.call(Operation::AdminGetUser, &request).await
    }

    /// `AdminListDevices`, every page (at most 100 pages of 60).
    ///
    /// # Errors
    /// As [`AdminUserPool::get_user`]; [`Error::Protocol`] when the pages do not end.
    pub async fn list_devices(&self, username: &str) -> Result<Vec<DeviceType>, Error> {
        let mut devices = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..MAX_DEVICE_PAGES {
            let mut request = AdminListDevicesRequest::new(self.pool.pool_id(), username);
            request.limit = Some(60);
            request.pagination_token = token.take();
            let page: AdminListDevicesResponse =
                self.pool.client.call(Operation::AdminListDevices, &request).await?;
            devices.extend(page.devices);
            match page.pagination_token.filter(|t| !t.is_empty()) {
                Some(next) => token = Some(next),
                None => return Ok(devices),
            }
        }
        Err(Error::from(cognito_srp_proto::ProtocolError::InvalidBody {
            operation: Operation::AdminListDevices,
            reason: format!("more than {MAX_DEVICE_PAGES} pages of devices"),
        }))
    }

    /// `AdminGetDevice`.
    ///
    /// # Errors
    /// As [`AdminUserPool::get_user`] (`ResourceNotFoundException` for an unknown device).
    pub async fn get_device(&self, username: &str, device_key: &str) -> Result<DeviceType, Error> {
        let request = AdminGetDeviceRequest::new(self.pool.pool_id(), username, device_key);
        let response: AdminGetDeviceResponse =
            self.pool.client.call(Operation::AdminGetDevice, &request).await?;
        Ok(response.device)
    }

    /// `AdminUpdateDeviceStatus`: remembered or not.
    ///
    /// # Errors
    /// As [`AdminUserPool::get_device`].
    pub async fn update_device_status(
        &self,
        username: &str,
        device_key: &str,
        remembered: bool,
    ) -> Result<(), Error> {
        let mut request = AdminUpdateDeviceStatusRequest::new(self.pool.pool_id(), username, device_key);
        request.device_remembered_status = Some(DeviceRememberedStatus::from_bool(remembered));
        let _: EmptyResponse = self.pool.client.call(Operation::AdminUpdateDeviceStatus, &request).await?;
        Ok(())
    }

    /// `AdminForgetDevice`.
    ///
    /// # Errors
    /// As [`AdminUserPool::get_device`].
    pub async fn forget_device(&self, username: &str, device_key: &str) -> Result<(), Error> {
        let request = AdminForgetDeviceRequest::new(self.pool.pool_id(), username, device_key);
        let _: EmptyResponse = self.pool.client.call(Operation::AdminForgetDevice, &request).await?;
        Ok(())
    }

    /// `AdminUserGlobalSignOut`: every refresh token of the user stops working (and the access
    /// tokens, for the operations that check).
    ///
    /// # Errors
    /// As [`AdminUserPool::get_user`].
    pub async fn global_sign_out(&self, username: &str) -> Result<(), Error> {
        let request = AdminUserGlobalSignOutRequest::new(self.pool.pool_id(), username);
        let _: EmptyResponse = self.pool.client.call(Operation::AdminUserGlobalSignOut, &request).await?;
        Ok(())
    }
}
