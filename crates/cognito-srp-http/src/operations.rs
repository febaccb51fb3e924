//! One typed request and response per Cognito operation, and the [`Client`] method that
//! sends it. The types are `cognito-srp-proto`'s wire model, re-exported here; build
//! requests with their `new` functions.
//!
//! These are the public (unsigned) operations a user pool app client calls; none needs AWS
//! credentials. Secrets (tokens, passwords, codes) are [`SecretString`](crate::SecretString)s
//! or live in [`Parameters`](crate::Parameters), both redacted in `Debug`.
//!
//! ```
//! use cognito_srp_http::operations::{GlobalSignOutRequest, ListDevicesResponse};
//! // Requests serialize to the JSON Cognito expects...
//! let request = GlobalSignOutRequest::new("fake-access-token");
//! assert_eq!(serde_json::to_string(&request)?, r#"{"AccessToken":"fake-access-token"}"#);
//! // ...and responses read what it sends, unknown fields ignored.
//! let page: ListDevicesResponse = serde_json::from_str(r#"{"Devices":[],"NewField":1}"#)?;
//! assert!(page.devices.is_empty() && page.pagination_token.is_none());
//! # Ok::<(), serde_json::Error>(())
//! ```

use cognito_srp_proto::Operation;
pub use cognito_srp_proto::account::{
    ClientMetadata, ClientUserRequest, CodeDeliveryDetails, CodeDeliveryResponse,
    ConfirmForgotPasswordRequest, ConfirmSignUpRequest, ConfirmSignUpResponse, DeleteUserAttributesRequest,
    DeleteUserRequest, ForgotPasswordRequest, ForgotPasswordResponse,
    GetUserAttributeVerificationCodeRequest, GetUserAttributeVerificationCodeResponse,
    ResendConfirmationCodeRequest, ResendConfirmationCodeResponse, SignUpRequest, SignUpResponse,
    UpdateUserAttributesRequest, UpdateUserAttributesResponse, VerifyUserAttributeRequest,
};
pub use cognito_srp_proto::wire::{
    AnalyticsMetadata, AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, AttributeType,
    AuthResponse, AuthenticationResult, ChangePasswordRequest, ConfirmDeviceRequest, ConfirmDeviceResponse,
    DeviceSecretVerifierConfig, DeviceType, EmptyResponse, ErrorBody, ForgetDeviceRequest, GetDeviceRequest,
    GetDeviceResponse, GetUserRequest, GetUserResponse, GlobalSignOutRequest, InitiateAuthRequest,
    InitiateAuthResponse, ListDevicesRequest, ListDevicesResponse, MfaOptionType, MfaSettings,
    NewDeviceMetadata, RespondToAuthChallengeRequest, RespondToAuthChallengeResponse, RevokeTokenRequest,
    SetUserMfaPreferenceRequest, UpdateDeviceStatusRequest, UserContextData, VerifySoftwareTokenRequest,
    VerifySoftwareTokenResponse,
};

use crate::{Client, Error};

macro_rules! operation {
    ($(#[$doc:meta])* $method:ident, $name:expr, $req:ty, $resp:ty) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// [`Error::Service`] with Cognito's error type, [`Error::Transport`] after the
        /// retries the client's [`crate::RetryPolicy`] allows, or [`Error::Protocol`] for a
        /// body that does not parse.
        pub async fn $method(&self, request: &$req) -> Result<$resp, Error> {
            self.call($name, request).await
        }
    };
}

impl Client {
    operation!(
        /// `InitiateAuth`: starts a sign-in or refreshes tokens. Retried on transient
        /// failures (each attempt opens a new session).
        ///
        /// The first step of an SRP sign-in by hand ([`crate::SignIn`] does all of it):
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// use cognito_srp_http::{AuthFlow, ChallengeName, Parameters, param, operations::InitiateAuthRequest};
        /// let mut a = [0u8; 32];
        /// getrandom::fill(&mut a)?;
        /// let ephemeral = cognito_srp_core::ClientEphemeral::from_secret_bytes(&a)?;
        /// let srp_a = ephemeral.public_hex();
        /// let response = client
        ///     .initiate_auth(&{
        ///         let mut request = InitiateAuthRequest::new(AuthFlow::UserSrpAuth, "app");
        ///         request.auth_parameters =
        ///             Parameters::new().with(param::USERNAME, "alice").with(param::SRP_A, srp_a.as_str());
        ///         request
        ///     })
        ///     .await?;
        /// assert_eq!(response.challenge_name, Some(ChallengeName::PasswordVerifier));
        /// let params = &response.challenge_parameters;
        /// assert_eq!(params.get("USER_ID_FOR_SRP"), Some("alice"));
        /// assert!(params.get("SALT").is_some() && params.get("SRP_B").is_some());
        /// # Ok(()) }
        /// ```
        initiate_auth, Operation::InitiateAuth, InitiateAuthRequest, AuthResponse
    );
    operation!(
        /// `RespondToAuthChallenge`. The session it carries may be consumed by a request that
        /// failed half-way, so it is resent only when the connection never opened; flows
        /// restart from `InitiateAuth` instead.
        ///
        /// The second step of an SRP sign-in by hand: prove the password.
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// use cognito_srp_core::{PasswordVerifierChallenge, Timestamp};
        /// use cognito_srp_http::{ChallengeName, Parameters, param};
        /// use cognito_srp_http::operations::RespondToAuthChallengeRequest;
        /// # use cognito_srp_http::{AuthFlow, operations::InitiateAuthRequest};
        /// # let mut a = [0u8; 32];
        /// # getrandom::fill(&mut a)?;
        /// # let ephemeral = cognito_srp_core::ClientEphemeral::from_secret_bytes(&a)?;
        /// # let srp_a = ephemeral.public_hex();
        /// # let response = client
        /// #     .initiate_auth(&{
        /// #         let mut request = InitiateAuthRequest::new(AuthFlow::UserSrpAuth, "app");
        /// #         request.auth_parameters =
        /// #             Parameters::new().with(param::USERNAME, "alice").with(param::SRP_A, srp_a.as_str());
        /// #         request
        /// #     })
        /// #     .await?;
        /// // `response` is the PASSWORD_VERIFIER challenge of `InitiateAuth` with `SRP_A`.
        /// let p = &response.challenge_parameters;
        /// let secret_block = p.get("SECRET_BLOCK").ok_or("no SECRET_BLOCK")?;
        /// let verifier_challenge = PasswordVerifierChallenge {
        ///     user_id_for_srp: p.get("USER_ID_FOR_SRP").ok_or("no USER_ID_FOR_SRP")?,
        ///     salt_hex: p.get("SALT").ok_or("no SALT")?,
        ///     srp_b_hex: p.get("SRP_B").ok_or("no SRP_B")?,
        ///     secret_block,
        /// };
        /// let now = Timestamp::now()?;
        /// let password = "Correct-Horse-9";
        /// let claim = ephemeral.user_claim("eu-west-1_Docs1", &verifier_challenge, password, &now)?;
        /// let answer = client
        ///     .respond_to_auth_challenge(&{
        ///         let mut answer = RespondToAuthChallengeRequest::new(ChallengeName::PasswordVerifier, "app");
        ///         answer.session = response.session.clone();
        ///         answer.challenge_responses = Parameters::new()
        ///             .with(param::USERNAME, "alice")
        ///             .with(param::PASSWORD_CLAIM_SECRET_BLOCK, secret_block)
        ///             .with(param::PASSWORD_CLAIM_SIGNATURE, claim.signature())
        ///             .with(param::TIMESTAMP, claim.timestamp());
        ///         answer
        ///     })
        ///     .await?;
        /// let tokens = answer.authentication_result.ok_or("no tokens")?;
        /// assert_eq!(tokens.token_type, "Bearer");
        /// # Ok(()) }
        /// ```
        respond_to_auth_challenge, Operation::RespondToAuthChallenge, RespondToAuthChallengeRequest, AuthResponse
    );
    operation!(
        /// `ConfirmDevice`: registers the device verifier after a sign-in that returned
        /// `NewDeviceMetadata`.
        ///
        /// By hand ([`crate::UserPool::confirm_device`] does this):
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},
        /// #   "clients":[{"id":"app",
        /// #     "explicit_auth_flows":["ALLOW_USER_PASSWORD_AUTH","ALLOW_USER_SRP_AUTH"]}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # use cognito_srp_http::{AuthFlow, Parameters, param, operations::InitiateAuthRequest};
        /// # let params = Parameters::new().with("USERNAME", "alice").with("PASSWORD", "Correct-Horse-9");
        /// # let mut request = InitiateAuthRequest::new(AuthFlow::UserPasswordAuth, "app");
        /// # request.auth_parameters = params;
        /// # let result = client.initiate_auth(&request).await?.authentication_result.ok_or("no tokens")?;
        /// use cognito_srp_core::DeviceVerifier;
        /// use cognito_srp_http::operations::{ConfirmDeviceRequest, DeviceSecretVerifierConfig};
        /// // `result`: the AuthenticationResult of a sign-in on a pool with device tracking.
        /// let device = result.new_device_metadata.as_ref().ok_or("no new device")?;
        /// let mut salt = [0u8; 16];
        /// getrandom::fill(&mut salt)?;
        /// let device_password = "fake-device-password"; // 40 random bytes in base64 in real use
        /// let (group, key) = (&device.device_group_key, &device.device_key);
        /// let verifier = DeviceVerifier::from_parts(group, key, device_password, &salt)?;
        /// let confirmed = client
        ///     .confirm_device(
        ///         &ConfirmDeviceRequest::new(result.access_token.clone(), device.device_key.as_str())
        ///             .verifier(DeviceSecretVerifierConfig::new(verifier.password_verifier(), verifier.salt()))
        ///             .device_name("laptop"),
        ///     )
        ///     .await?;
        /// // This pool lets the user decide whether to remember the device.
        /// assert!(confirmed.user_confirmation_necessary);
        /// # Ok(()) }
        /// ```
        confirm_device, Operation::ConfirmDevice, ConfirmDeviceRequest, ConfirmDeviceResponse
    );
    operation!(
        /// `UpdateDeviceStatus`: remember or stop remembering a device.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},"clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// # let device_key = signed_in.device.as_ref().ok_or("no device")?.device_key.clone();
        /// use cognito_srp_http::{DeviceRememberedStatus, operations::{GetDeviceRequest, UpdateDeviceStatusRequest}};
        /// // Here `access_token` and `device_key` come from alice's sign-in, which confirmed a device.
        /// client
        ///     .update_device_status(&UpdateDeviceStatusRequest::new(
        ///         access_token.clone(),
        ///         device_key.as_str(),
        ///         DeviceRememberedStatus::Remembered,
        ///     ))
        ///     .await?;
        /// let got = client.get_device(&GetDeviceRequest::new(access_token, device_key)).await?;
        /// assert_eq!(got.device.attribute("dev:device_remembered_status"), Some(DeviceRememberedStatus::Remembered.as_str()));
        /// # Ok(()) }
        /// ```
        update_device_status, Operation::UpdateDeviceStatus, UpdateDeviceStatusRequest, EmptyResponse
    );
    operation!(
        /// `GetDevice`.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},"clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").device_name("laptop").start().await?
        /// # else {
        /// #     return Err("MFA".into());
        /// # };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// # let device_key = signed_in.device.as_ref().ok_or("no device")?.device_key.clone();
        /// use cognito_srp_http::operations::GetDeviceRequest;
        /// // Here `access_token` and `device_key` come from alice's sign-in, which confirmed a device.
        /// // A device confirmed with the name "laptop" at sign-in.
        /// let request = GetDeviceRequest::new(access_token, device_key.as_str());
        /// let got = client.get_device(&request).await?;
        /// assert_eq!(got.device.device_key, device_key);
        /// assert_eq!(got.device.attribute("device_name"), Some("laptop"));
        /// # Ok(()) }
        /// ```
        get_device, Operation::GetDevice, GetDeviceRequest, GetDeviceResponse
    );
    operation!(
        /// `ListDevices`: one page of the user's tracked devices.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},"clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// # pool.sign_in("alice", "Correct-Horse-9").start().await?; // a second device
        /// use cognito_srp_http::operations::ListDevicesRequest;
        /// // Here `access_token` is the access token of alice's finished sign-in.
        /// // The user has two devices; ask for one per page.
        /// let mut request = ListDevicesRequest::new(access_token).limit(1);
        /// let first = client.list_devices(&request).await?;
        /// assert_eq!(first.devices.len(), 1);
        /// request.pagination_token = first.pagination_token;
        /// assert!(request.pagination_token.is_some());
        /// let second = client.list_devices(&request).await?;
        /// assert_eq!(second.devices.len(), 1);
        /// assert_eq!(second.pagination_token, None); // the last page
        /// assert_ne!(first.devices[0].device_key, second.devices[0].device_key);
        /// # Ok(()) }
        /// ```
        list_devices, Operation::ListDevices, ListDevicesRequest, ListDevicesResponse
    );
    operation!(
        /// `ForgetDevice`.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","device_tracking":{},"clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// # let device_key = signed_in.device.as_ref().ok_or("no device")?.device_key.clone();
        /// use cognito_srp_http::ErrorCode;
        /// use cognito_srp_http::operations::{ForgetDeviceRequest, GetDeviceRequest};
        /// // Here `access_token` and `device_key` come from alice's sign-in, which confirmed a device.
        /// let request = ForgetDeviceRequest::new(access_token.clone(), device_key.as_str());
        /// client.forget_device(&request).await?;
        /// let err = client.get_device(&GetDeviceRequest::new(access_token, device_key)).await.unwrap_err();
        /// assert_eq!(err.code(), Some(&ErrorCode::ResourceNotFound));
        /// # Ok(()) }
        /// ```
        forget_device, Operation::ForgetDevice, ForgetDeviceRequest, EmptyResponse
    );
    operation!(
        /// `GlobalSignOut`: invalidates every refresh token of the user.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// use cognito_srp_http::ErrorCode;
        /// use cognito_srp_http::operations::{GetUserRequest, GlobalSignOutRequest};
        /// // Here `signed_in` is alice's finished sign-in and `access_token` its access token.
        /// client.global_sign_out(&GlobalSignOutRequest::new(access_token.clone())).await?;
        /// // Tokens issued before the sign-out stop working.
        /// let err = client.get_user(&GetUserRequest::new(access_token)).await.unwrap_err();
        /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
        /// let refresh_token = signed_in.tokens.refresh_token.as_ref().ok_or("no refresh token")?;
        /// let err = pool.refresh(refresh_token, "alice", None).await.unwrap_err();
        /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
        /// # Ok(()) }
        /// ```
        global_sign_out, Operation::GlobalSignOut, GlobalSignOutRequest, EmptyResponse
    );
    operation!(
        /// `RevokeToken`: revokes one refresh token and the tokens issued from it.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// use cognito_srp_http::ErrorCode;
        /// use cognito_srp_http::operations::RevokeTokenRequest;
        /// // Here `signed_in` is alice's finished sign-in.
        /// let refresh_token = signed_in.tokens.refresh_token.clone().ok_or("no refresh token")?;
        /// let request = RevokeTokenRequest::new(refresh_token.clone(), "app");
        /// client.revoke_token(&request).await?;
        /// let err = pool.refresh(&refresh_token, "alice", None).await.unwrap_err();
        /// assert_eq!(err.service().map(|e| e.message.as_str()), Some("Invalid Refresh Token"));
        /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
        /// # Ok(()) }
        /// ```
        revoke_token, Operation::RevokeToken, RevokeTokenRequest, EmptyResponse
    );
    operation!(
        /// `AssociateSoftwareToken`: gets a TOTP seed. With a `Session` it moves the
        /// `MFA_SETUP` session on, so it is resent only when the connection never opened.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// use cognito_srp_http::operations::AssociateSoftwareTokenRequest;
        /// // Here `access_token` is the access token of alice's finished sign-in.
        /// let request = AssociateSoftwareTokenRequest::with_access_token(access_token);
        /// let associated = client.associate_software_token(&request).await?;
        /// // A base32 seed (160 bits) for the authenticator app; no session when signed in.
        /// let seed = associated.secret_code.expose_secret();
        /// assert_eq!(seed.len(), 32);
        /// assert!(seed.bytes().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
        /// assert_eq!(associated.session, None);
        /// # Ok(()) }
        /// ```
        associate_software_token, Operation::AssociateSoftwareToken, AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse
    );
    operation!(
        /// `VerifySoftwareToken`: checks the first code of a new TOTP seed.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// # let admin = emulator.admin();
        /// # let authenticator_app = |seed: &str| cognito_srp_emulator::totp_code(seed, admin.now());
        /// use cognito_srp_http::operations::{
        ///     AssociateSoftwareTokenRequest, GetUserRequest, VerifySoftwareTokenRequest,
        /// };
        /// // Here `access_token` is the access token of alice's finished sign-in.
        /// let request = AssociateSoftwareTokenRequest::with_access_token(access_token.clone());
        /// let seed = client.associate_software_token(&request).await?.secret_code;
        /// let code = authenticator_app(seed.expose_secret())?; // the code the app shows
        /// let verified = client
        ///     .verify_software_token(
        ///         &VerifySoftwareTokenRequest::new(code).access_token(access_token.clone()).friendly_device_name("phone"),
        ///     )
        ///     .await?;
        /// assert_eq!(verified.status.as_deref(), Some("SUCCESS"));
        /// let me = client.get_user(&GetUserRequest::new(access_token)).await?;
        /// assert_eq!(me.user_mfa_setting_list, Some(vec!["SOFTWARE_TOKEN_MFA".to_owned()]));
        /// # Ok(()) }
        /// ```
        verify_software_token, Operation::VerifySoftwareToken, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse
    );
    operation!(
        /// `SetUserMFAPreference`.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","mfa":"OPTIONAL","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,
        /// #     "phone":"+15555550123"}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// use cognito_srp_http::operations::{GetUserRequest, MfaSettings, SetUserMfaPreferenceRequest};
        /// // Here `access_token` is the access token of alice's finished sign-in.
        /// // A user with a phone number turns on SMS MFA.
        /// let mut request = SetUserMfaPreferenceRequest::new(access_token.clone());
        /// request.sms_mfa_settings = Some(MfaSettings::new(true, true));
        /// client.set_user_mfa_preference(&request).await?;
        /// let me = client.get_user(&GetUserRequest::new(access_token)).await?;
        /// assert_eq!(me.preferred_mfa_setting.as_deref(), Some("SMS_MFA"));
        /// # Ok(()) }
        /// ```
        set_user_mfa_preference, Operation::SetUserMfaPreference, SetUserMfaPreferenceRequest, EmptyResponse
    );
    operation!(
        /// `GetUser`: the signed-in user's name and attributes.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,
        /// #     "email":"alice@example.com"}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// use cognito_srp_http::operations::GetUserRequest;
        /// // Here `access_token` is the access token of alice's finished sign-in.
        /// let me = client.get_user(&GetUserRequest::new(access_token)).await?;
        /// assert_eq!(me.username, "alice");
        /// assert_eq!(me.attribute("email"), Some("alice@example.com"));
        /// # Ok(()) }
        /// ```
        get_user, Operation::GetUser, GetUserRequest, GetUserResponse
    );
    operation!(
        /// `ChangePassword`. Not idempotent (a second attempt sends a stale previous
        /// password), so it is resent only when the connection never opened.
        ///
        /// ```
        /// # #[tokio::main(flavor = "current_thread")]
        /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
        /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
        /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
        /// # let emulator = cognito_srp_emulator::Emulator::builder()
        /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
        /// # let client = cognito_srp_http::Client::builder().endpoint(emulator.endpoint()).build()?;
        /// # let pool = cognito_srp_http::UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
        /// # let cognito_srp_http::Step::Done(signed_in) =
        /// #     pool.sign_in("alice", "Correct-Horse-9").start().await? else { return Err("MFA".into()) };
        /// # let access_token = signed_in.tokens.access_token.clone();
        /// use cognito_srp_http::{ErrorCode, Step, operations::ChangePasswordRequest};
        /// // Here `access_token` is the access token of alice's finished sign-in.
        /// let request = ChangePasswordRequest::new(Some("Correct-Horse-9"), "Battery-Staple-7", access_token);
        /// client.change_password(&request).await?;
        /// let err = pool.sign_in("alice", "Correct-Horse-9").start().await.unwrap_err();
        /// assert_eq!(err.code(), Some(&ErrorCode::NotAuthorized));
        /// assert!(matches!(pool.sign_in("alice", "Battery-Staple-7").start().await?, Step::Done(_)));
        /// # Ok(()) }
        /// ```
        change_password, Operation::ChangePassword, ChangePasswordRequest, EmptyResponse
    );
}

/// The account operations (sign-up, password reset, attributes, account deletion). None is
/// resent after a failure whose fate is unknown: each sends a code, spends one, or changes the
/// account ([`cognito_srp_proto::Resend::Never`]). [`crate::UserPool`] has them as flows,
/// with `SECRET_HASH` and the checks made before sending.
impl Client {
    operation!(
        /// `SignUp`: a new, unconfirmed user; the answer says where the confirmation code went.
        sign_up, Operation::SignUp, SignUpRequest, SignUpResponse
    );
    operation!(
        /// `ConfirmSignUp`: confirms a sign-up with its code; with `SignUp`'s `Session` the
        /// answer has a session that signs in without the password.
        confirm_sign_up, Operation::ConfirmSignUp, ConfirmSignUpRequest, ConfirmSignUpResponse
    );
    operation!(
        /// `ResendConfirmationCode`: a new sign-up code.
        resend_confirmation_code, Operation::ResendConfirmationCode, ResendConfirmationCodeRequest,
        ResendConfirmationCodeResponse
    );
    operation!(
        /// `ForgotPassword`: sends a password reset code.
        forgot_password, Operation::ForgotPassword, ForgotPasswordRequest, ForgotPasswordResponse
    );
    operation!(
        /// `ConfirmForgotPassword`: sets a new password with the reset code.
        confirm_forgot_password, Operation::ConfirmForgotPassword, ConfirmForgotPasswordRequest, EmptyResponse
    );
    operation!(
        /// `UpdateUserAttributes`: changes the signed-in user's attributes; a changed email or
        /// phone number may be sent a verification code (`CodeDeliveryDetailsList`).
        update_user_attributes, Operation::UpdateUserAttributes, UpdateUserAttributesRequest,
        UpdateUserAttributesResponse
    );
    operation!(
        /// `GetUserAttributeVerificationCode`: sends a code to the user's email or phone number.
        get_user_attribute_verification_code, Operation::GetUserAttributeVerificationCode,
        GetUserAttributeVerificationCodeRequest, GetUserAttributeVerificationCodeResponse
    );
    operation!(
        /// `VerifyUserAttribute`: verifies an email or phone number with its code.
        verify_user_attribute, Operation::VerifyUserAttribute, VerifyUserAttributeRequest, EmptyResponse
    );
    operation!(
        /// `DeleteUserAttributes`: deletes attributes of the signed-in user.
        delete_user_attributes, Operation::DeleteUserAttributes, DeleteUserAttributesRequest, EmptyResponse
    );
    operation!(
        /// `DeleteUser`: deletes the signed-in user.
        delete_user, Operation::DeleteUser, DeleteUserRequest, EmptyResponse
    );
}
