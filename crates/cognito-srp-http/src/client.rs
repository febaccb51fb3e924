//! The HTTP client: endpoint, timeouts, retries and the JSON 1.1 wire format.

use alloc::sync::Arc;
use core::time::Duration;

use reqwest::Url;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;
use zeroize::Zeroizing;

use crate::Error;
use crate::endpoint::{redact_userinfo, regional_endpoint, resolve_endpoint};
use crate::error::{ProtocolError, ServiceError};
use cognito_srp_proto::vocab::{CONTENT_TYPE as CONTENT_TYPE_JSON, ERROR_TYPE_HEADER, TARGET_HEADER};
use cognito_srp_proto::{ErrorBody, ErrorCode, Operation, Resend};

/// How often and how patiently a request is sent again after a transient failure.
///
/// Delays grow exponentially from `base_delay`, are capped at `max_delay`, and are "full
/// jitter": a uniformly random duration between zero and the capped value, so many clients
/// throttled at once do not come back in lockstep.
///
/// What is retried: throttling, 5xx answers, connections refused or dropped before the
/// answer, and answers whose body was cut short
/// ([`ProtocolError::IncompleteBody`](crate::ProtocolError::IncompleteBody)). An operation that
/// consumes a session or a one-time code (`RespondToAuthChallenge`, `AssociateSoftwareToken`,
/// `VerifySoftwareToken`, `ChangePassword`) is resent only when the connection was refused;
/// the sign-in flow starts over from `InitiateAuth` instead (see
/// [`UserPool::with_max_restarts`](crate::UserPool::with_max_restarts)).
///
/// **Timeouts are never retried**, neither by the client nor by a flow restart: a server that
/// accepts the connection but answers slowly (or trickles its body) fails the call once,
/// after the [request timeout](ClientBuilder::request_timeout) (or the connect timeout), not
/// after `max_attempts` times that.
///
/// ```
/// use std::time::Duration;
/// use cognito_srp_http::RetryPolicy;
/// let policy = RetryPolicy::new(5, Duration::from_millis(50), Duration::from_secs(5));
/// assert!(policy.max_delay >= policy.base_delay);
/// assert_eq!(RetryPolicy::none().max_attempts, 1);
/// ```
pub use cognito_srp_proto::RetryPolicy;

/// Builds a [`Client`].
///
/// ```
/// use std::time::Duration;
/// let client = cognito_srp_http::Client::builder()
///     .region("eu-west-1")
///     .use_environment(false)
///     .connect_timeout(Duration::from_secs(3))
///     .request_timeout(Duration::from_secs(10))
///     .build()
///     .unwrap();
/// assert_eq!(client.endpoint().as_str(), "https://cognito-idp.eu-west-1.amazonaws.com/");
/// ```
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    endpoint: Option<String>,
    region: Option<String>,
    use_env: bool,
    connect_timeout: Duration,
    request_timeout: Duration,
    retry: RetryPolicy,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    max_response_bytes: usize,
}

/// The default cap on a response body: 1 MiB (Cognito's answers are a few KiB).
pub(crate) const DEFAULT_MAX_RESPONSE_BYTES: usize = 1 << 20;

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            endpoint: None,
            region: None,
            use_env: true,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(20),
            retry: RetryPolicy::default(),
            user_agent: None,
            http: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl core::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint.as_deref().map(redact_userinfo))
            .field("region", &self.region)
            .field("use_env", &self.use_env)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("http", &self.http)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

impl ClientBuilder {
    /// A custom endpoint (a local emulator, a VPC endpoint). Wins over the environment.
    ///
    /// An endpoint with a user name or password in it (`http://user:password@host/`) is refused
    /// with [`Error::Config`]: Cognito endpoints never have one, reqwest would send it as Basic
    /// authentication, and logs naming the endpoint would print it. The error message, and the
    /// builder's `Debug`, show `***` in its place.
    /// ```
    /// use cognito_srp_http::{Client, Error};
    /// let client = Client::builder().endpoint("http://127.0.0.1:9229").region("eu-west-1").build()?;
    /// assert_eq!(client.endpoint().as_str(), "http://127.0.0.1:9229/");
    /// let bad = Client::builder().endpoint("ftp://127.0.0.1:9229").build();
    /// assert!(matches!(bad, Err(Error::Config(_))));
    /// let builder = Client::builder().endpoint("http://admin:hunter2@127.0.0.1:9229");
    /// assert!(!format!("{builder:?}").contains("hunter2"));
    /// let err = builder.build().unwrap_err();
    /// assert!(matches!(err, Error::Config(_)));
    /// assert!(err.to_string().contains("http://***@127.0.0.1:9229"), "{err}");
    /// assert!(!err.to_string().contains("hunter2"));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The region whose public endpoint to use when no endpoint is configured.
    ///
    /// ```
    /// use cognito_srp_http::Client;
    /// let client = Client::builder().region("cn-north-1").use_environment(false).build()?;
    /// assert_eq!(client.endpoint().as_str(), "https://cognito-idp.cn-north-1.amazonaws.com.cn/");
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The region of a pool id (`eu-west-1_AbC` -> `eu-west-1`).
    ///
    /// # Errors
    /// [`Error::Config`] for a malformed pool id.
    ///
    /// ```
    /// use cognito_srp_http::{Client, Error};
    /// let builder = Client::builder().region_from_pool_id("ap-southeast-2_AbC123")?;
    /// let client = builder.use_environment(false).build()?;
    /// assert_eq!(client.endpoint().as_str(), "https://cognito-idp.ap-southeast-2.amazonaws.com/");
    /// assert!(matches!(Client::builder().region_from_pool_id("AbC123"), Err(Error::Config(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn region_from_pool_id(self, pool_id: &str) -> Result<Self, Error> {
        let region = crate::endpoint::region_from_pool_id(pool_id)?;
        Ok(self.region(region))
    }

    /// Whether to read `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`, `AWS_ENDPOINT_URL` and
    /// `AWS_REGION` (default: yes).
    ///
    /// Without the environment, a builder with neither an endpoint nor a region has nowhere
    /// to send requests:
    /// ```
    /// use cognito_srp_http::Client;
    /// let err = Client::builder().use_environment(false).build().unwrap_err();
    /// assert_eq!(err.to_string(), "configuration: no region: pass one, use a pool id, or set AWS_REGION (read when the client uses the environment)");
    /// ```
    pub fn use_environment(mut self, yes: bool) -> Self {
        self.use_env = yes;
        self
    }

    /// The time allowed to open a connection (default 5 s).
    ///
    /// A connection that cannot be opened in time, or is refused, is a connect error:
    /// retryable, and safe to resend for every operation.
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use cognito_srp_http::{Client, RetryPolicy, operations::GetUserRequest};
    /// let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port(); // now closed
    /// let client = Client::builder()
    ///     .endpoint(format!("http://127.0.0.1:{port}"))
    ///     .connect_timeout(Duration::from_millis(200))
    ///     .retry_policy(RetryPolicy::none())
    ///     .build()?;
    /// let err = client.get_user(&GetUserRequest::new("fake-token")).await.unwrap_err();
    /// assert!(err.is_connect());
    /// # Ok(()) }
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The time allowed for one request, from sending to the end of the body (default 20 s).
    ///
    /// A timeout ends the call and the sign-in at once: it is not retried and does not restart a
    /// flow, so a slow server costs one timeout, not one per attempt (see [`RetryPolicy`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let latency = std::time::Duration::from_millis(300);
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .faults(cognito_srp_emulator::FaultConfig::default().with_latency(latency))
    /// #     .start().await?;
    /// use std::time::Duration;
    /// use cognito_srp_http::{Client, Error, RetryPolicy, operations::GetUserRequest};
    /// // The emulator takes 300 ms to answer.
    /// let client = Client::builder()
    ///     .endpoint(emulator.endpoint())
    ///     .request_timeout(Duration::from_millis(50))
    ///     .retry_policy(RetryPolicy::none())
    ///     .build()?;
    /// let err = client.get_user(&GetUserRequest::new("fake-token")).await.unwrap_err();
    /// assert!(matches!(&err, Error::Transport(e) if e.is_timeout()));
    /// assert!(err.is_timeout() && !err.is_retryable());
    /// # Ok(()) }
    /// ```
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// The retry policy (default: 3 attempts, 100 ms base, 5 s cap).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let fault = cognito_srp_emulator::FaultConfig::default().with_throttle(1.0);
    /// # let emulator = cognito_srp_emulator::Emulator::builder().faults(fault).start().await?;
    /// use std::time::Duration;
    /// use cognito_srp_http::{Client, ErrorCode, RetryPolicy, operations::GetUserRequest};
    /// // Every request to this emulator is throttled.
    /// let policy = RetryPolicy::new(4, Duration::from_millis(1), Duration::from_millis(10));
    /// let client = Client::builder().endpoint(emulator.endpoint()).retry_policy(policy).build()?;
    /// let err = client.get_user(&GetUserRequest::new("fake-token")).await.unwrap_err();
    /// assert_eq!(err.code(), Some(&ErrorCode::TooManyRequests));
    /// assert_eq!(emulator.admin().fault_counters().requests, 4);
    /// # Ok(()) }
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header (default `cognito-srp-http/<version>`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # async fn capture_one_request()
    /// # -> std::io::Result<(String, tokio::task::JoinHandle<std::io::Result<String>>)> {
    /// #     use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// #     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    /// #     let endpoint = format!("http://{}", listener.local_addr()?);
    /// #     Ok((endpoint, tokio::spawn(async move {
    /// #         let (mut socket, _) = listener.accept().await?;
    /// #         let (mut request, mut buf) = (Vec::new(), [0u8; 4096]);
    /// #         loop {
    /// #             let n = socket.read(&mut buf).await?;
    /// #             request.extend_from_slice(&buf[..n]);
    /// #             let text = String::from_utf8_lossy(&request).into_owned();
    /// #             let complete = text.split_once("\r\n\r\n").is_some_and(|(head, body)| {
    /// #                 let length = head.lines().find_map(|l| l.strip_prefix("content-length: "));
    /// #                 body.len() >= length.and_then(|v| v.parse().ok()).unwrap_or(0)
    /// #             });
    /// #             if complete || n == 0 {
    /// #                 socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}").await?;
    /// #                 return Ok(text);
    /// #             }
    /// #         }
    /// #     })))
    /// # }
    /// # let (endpoint, server) = capture_one_request().await?;
    /// use cognito_srp_http::{Client, operations::GetUserRequest};
    /// // A stand-in server listens at `endpoint`; `server` gives back the request it received.
    /// let client = Client::builder().endpoint(endpoint).user_agent("my-app/1.2").build()?;
    /// client.get_user(&GetUserRequest::new("fake-token")).await?;
    /// let request = server.await??; // what the server received
    /// assert!(request.contains("\r\nuser-agent: my-app/1.2\r\n"), "{request}");
    /// assert!(request.contains("\r\nx-amz-target: AWSCognitoIdentityProviderService.GetUser\r\n"));
    /// assert!(request.ends_with(r#"{"AccessToken":"fake-token"}"#));
    /// # Ok(()) }
    /// ```
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// Uses an existing reqwest client (and its connection pool); the timeouts and user agent
    /// set here are then ignored in favour of that client's.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # async fn capture_one_request()
    /// # -> std::io::Result<(String, tokio::task::JoinHandle<std::io::Result<String>>)> {
    /// #     use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// #     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    /// #     let endpoint = format!("http://{}", listener.local_addr()?);
    /// #     Ok((endpoint, tokio::spawn(async move {
    /// #         let (mut socket, _) = listener.accept().await?;
    /// #         let (mut request, mut buf) = (Vec::new(), [0u8; 4096]);
    /// #         loop {
    /// #             let n = socket.read(&mut buf).await?;
    /// #             request.extend_from_slice(&buf[..n]);
    /// #             let text = String::from_utf8_lossy(&request).into_owned();
    /// #             let complete = text.split_once("\r\n\r\n").is_some_and(|(head, body)| {
    /// #                 let length = head.lines().find_map(|l| l.strip_prefix("content-length: "));
    /// #                 body.len() >= length.and_then(|v| v.parse().ok()).unwrap_or(0)
    /// #             });
    /// #             if complete || n == 0 {
    /// #                 socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}").await?;
    /// #                 return Ok(text);
    /// #             }
    /// #         }
    /// #     })))
    /// # }
    /// # let (endpoint, server) = capture_one_request().await?;
    /// use cognito_srp_http::{Client, operations::GetUserRequest};
    /// // A stand-in server listens at `endpoint`; `server` gives back the request it received.
    /// let shared = reqwest::Client::builder().user_agent("shared-pool/1.0").build()?;
    /// let client = Client::builder()
    ///     .endpoint(endpoint)
    ///     .user_agent("not used")
    ///     .http_client(shared.clone())
    ///     .build()?;
    /// client.get_user(&GetUserRequest::new("fake-token")).await?;
    /// let request = server.await??; // what the server received
    /// assert!(request.contains("\r\nuser-agent: shared-pool/1.0\r\n"), "{request}");
    /// # Ok(()) }
    /// ```
    ///
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`: Cognito never redirects,
    /// and reqwest's default policy follows a 307 or 308 by sending the request body (tokens,
    /// SRP answers) to wherever the `Location` points. The client this builder makes itself
    /// follows no redirect and fails with
    /// [`ProtocolError::Redirect`](crate::ProtocolError::Redirect). With a client of yours
    /// that does follow one, the answer from the other origin is refused with
    /// [`ProtocolError::RedirectFollowed`](crate::ProtocolError::RedirectFollowed), but by then
    /// the body has been sent there. Its timeouts are yours too; the response cap
    /// ([`ClientBuilder::max_response_bytes`]) still applies.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The largest response body accepted, in bytes (default 1 MiB; Cognito's answers are a
    /// few KiB).
    ///
    /// A `Content-Length` above it fails the call before the body is read; a body without one
    /// is read chunk by chunk and the connection closed as soon as it passes the limit. Either
    /// way the error is [`ProtocolError::ResponseTooLarge`](crate::ProtocolError::ResponseTooLarge),
    /// which is not retried.
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
    /// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true}]}]}"#;
    /// # let emulator = cognito_srp_emulator::Emulator::builder()
    /// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
    /// use cognito_srp_http::{Client, Error, ProtocolError, UserPool};
    /// // 64 bytes is less than any Cognito answer to InitiateAuth.
    /// let client = Client::builder().endpoint(emulator.endpoint()).max_response_bytes(64).build()?;
    /// let pool = UserPool::with_client(client, "eu-west-1_Docs1", "app")?;
    /// let err = pool.sign_in("alice", "Correct-Horse-9").start().await.unwrap_err();
    /// assert!(matches!(err, Error::Protocol(ProtocolError::ResponseTooLarge { limit: 64, .. })));
    /// assert_eq!(err.to_string(), "the answer to InitiateAuth is larger than the limit of 64 bytes");
    /// # Ok(()) }
    /// ```
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Resolves the endpoint and builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] when no endpoint can be resolved or the URL is bad, and
    /// [`Error::Transport`] when the TLS backend cannot start.
    ///
    /// ```
    /// use cognito_srp_http::{Client, Error};
    /// let client = Client::builder().endpoint("https://cognito-idp.vpce.example/").build()?;
    /// assert_eq!(client.endpoint().host_str(), Some("cognito-idp.vpce.example"));
    /// let err = Client::builder().endpoint("not a url").build().unwrap_err();
    /// assert!(matches!(err, Error::Config(_)));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let env = |k: &str| {
            if self.use_env { std::env::var(k).ok() } else { None }
        };
        let endpoint = match (&self.endpoint, &self.region) {
            (None, Some(region)) if !self.use_env => regional_endpoint(region)?,
            _ => resolve_endpoint(self.endpoint.as_deref(), self.region.as_deref(), env)?,
        };
        let http = match self.http {
            Some(http) => http,
            None => {
                let agent = self
                    .user_agent
                    .unwrap_or_else(|| format!("cognito-srp-http/{}", env!("CARGO_PKG_VERSION")));
                native_client(self.connect_timeout, self.request_timeout, agent)?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                endpoint,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                request_timeout: self.request_timeout,
                server_date: core::sync::atomic::AtomicU64::new(0),
            }),
            signer: None,
        })
    }
}

/// An async client for the Cognito Identity Provider JSON API.
///
/// Cheap to clone: clones share one connection pool. Each operation is a typed method
/// ([`Client::initiate_auth`], [`Client::respond_to_auth_challenge`], ...), see
/// [`crate::operations`]. For whole sign-in flows use [`crate::UserPool`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let seed = r#"{"pools":[{"id":"eu-west-1_Docs1","clients":[{"id":"app"}],
/// #   "users":[{"username":"alice","password":"Correct-Horse-9","permanent":true,
/// #     "email":"alice@example.com"}]}]}"#;
/// # let emulator = cognito_srp_emulator::Emulator::builder()
/// #     .seed(cognito_srp_emulator::Seed::from_json(seed)?).start().await?;
/// # let endpoint = emulator.endpoint();
/// use cognito_srp_http::{Client, UserPool, operations::GetUserRequest};
/// // `.region("eu-west-1")` instead of the endpoint for Cognito itself.
/// let client = Client::builder().endpoint(endpoint).build()?;
/// let pool = UserPool::with_client(client.clone(), "eu-west-1_Docs1", "app")?;
/// # let signed_in = match pool.sign_in("alice", "Correct-Horse-9").start().await? {
/// #     cognito_srp_http::Step::Done(done) => done,
/// #     other => return Err(format!("{other:?}").into()),
/// # };
/// // Here `signed_in` is alice's finished sign-in.
/// let access_token = signed_in.tokens.access_token.clone();
/// let me = client.get_user(&GetUserRequest::new(access_token)).await?;
/// assert_eq!(me.username, "alice");
/// assert_eq!(me.attribute("email"), Some("alice@example.com"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// AWS credentials that sign the IAM-authorised operations ([`Client::with_credentials`]).
    signer: Option<Arc<crate::sigv4::Signer>>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    endpoint: Url,
    retry: RetryPolicy,
    max_response_bytes: usize,
    /// Set on each request in a browser, where the client itself has no timeout.
    #[cfg_attr(not(all(target_arch = "wasm32", target_os = "unknown")), allow(dead_code))]
    request_timeout: Duration,
    /// The `Date` of the last response that had one, in Unix seconds (0: none yet).
    server_date: core::sync::atomic::AtomicU64,
}

impl Client {
    /// A [`ClientBuilder`] with defaults.
    ///
    /// ```
    /// use cognito_srp_http::{Client, RetryPolicy};
    /// let client = Client::builder().endpoint("http://127.0.0.1:9229").build()?;
    /// assert_eq!(client.retry_policy(), &RetryPolicy::default());
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The endpoint every request goes to.
    ///
    /// ```
    /// use cognito_srp_http::Client;
    /// let client = Client::builder().region("eu-central-1").use_environment(false).build()?;
    /// assert_eq!(client.endpoint().as_str(), "https://cognito-idp.eu-central-1.amazonaws.com/");
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn endpoint(&self) -> &Url {
        &self.inner.endpoint
    }

    /// The server's clock as its last response's `Date` header gave it (Unix seconds), for
    /// correcting clock skew; `None` before any response with a valid `Date`.
    ///
    /// ```
    /// let client = cognito_srp_http::Client::builder().endpoint("http://127.0.0.1:9229").build()?;
    /// assert_eq!(client.last_server_date(), None);
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn last_server_date(&self) -> Option<u64> {
        Some(self.inner.server_date.load(core::sync::atomic::Ordering::Relaxed)).filter(|d| *d != 0)
    }

    /// A client sharing this one's connections that signs the IAM-authorised operations
    /// (`Admin*` and the set-up operations, [`Operation::is_admin`]) with SigV4 for `region`
    /// (service `cognito-idp`); the user operations stay unsigned. See
    /// [`crate::credentials`] for credentials from the environment and the shared files.
    ///
    /// ```
    /// use cognito_srp_http::Client;
    /// use cognito_srp_http::credentials::AwsCredentials;
    /// let client = Client::builder().endpoint("http://127.0.0.1:9229").build()?;
    /// assert!(!client.signs());
    /// let admin = client.with_credentials(AwsCredentials::new("AKID", "SECRET"), "eu-west-1");
    /// assert!(admin.signs());
    /// assert!(!format!("{admin:?}").contains("SECRET"));
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn with_credentials(
        &self,
        credentials: cognito_srp_proto::sigv4::AwsCredentials,
        region: impl Into<String>,
    ) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            signer: Some(Arc::new(crate::sigv4::Signer::new(credentials, region.into()))),
        }
    }

    /// Whether the client signs the IAM-authorised operations ([`Client::with_credentials`]).
    #[must_use]
    pub fn signs(&self) -> bool {
        self.signer.is_some()
    }

    /// The retry policy.
    ///
    /// ```
    /// use cognito_srp_http::{Client, RetryPolicy};
    /// let builder = Client::builder().endpoint("http://127.0.0.1:9229");
    /// let client = builder.retry_policy(RetryPolicy::none()).build()?;
    /// assert_eq!(client.retry_policy().max_attempts, 1);
    /// # Ok::<(), cognito_srp_http::Error>(())
    /// ```
    #[must_use]
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Sends one operation with retries as [`Operation::resend`] allows.
    pub(crate) async fn call<Req, Resp>(&self, operation: Operation, request: &Req) -> Result<Resp, Error>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
    {
        let body = Zeroizing::new(serde_json::to_vec(request).map_err(|e| {
            Error::from(cognito_srp_proto::ProtocolError::InvalidBody {
                operation: operation.clone(),
                reason: e.to_string(),
            })
        })?);
        let bytes = self.call_raw(operation.clone(), operation.resend(), &body).await?;
        let text: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}" } else { &bytes };
        serde_json::from_slice(text).map_err(|e| {
            Error::from(cognito_srp_proto::ProtocolError::InvalidBody { operation, reason: e.to_string() })
        })
    }

    /// Sends one JSON body as `operation` with retries as `resend` allows; the 2xx answer's
    /// body, checked to be complete JSON (a body cut short is
    /// [`ProtocolError::IncompleteBody`], retried like a dropped connection).
    pub(crate) async fn call_raw(
        &self,
        operation: Operation,
        resend: Resend,
        body: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        let span = tracing::debug_span!(
            "cognito_idp",
            operation = operation.as_str(),
            attempts = tracing::field::Empty,
            status = tracing::field::Empty
        );
        let retry = self.inner.retry;
        async move {
            let mut attempt: u32 = 0;
            loop {
                attempt = attempt.saturating_add(1);
                tracing::Span::current().record("attempts", attempt);
                let outcome = self.send_once(&operation, body).await;
                let err = match outcome {
                    Ok(resp) => return Ok(resp),
                    Err(err) => err,
                };
                // Timeouts are final (see RetryPolicy): never multiplied by the attempts.
                let may_resend = !err.is_timeout()
                    && match resend {
                        Resend::Idempotent => err.is_retryable(),
                        // Sent once; again only when it certainly never left.
                        _ => err.is_connect(),
                    };
                if !may_resend || attempt >= retry.max_attempts {
                    tracing::debug!(error = %ErrorSummary(&err), "giving up");
                    return Err(err);
                }
                let delay = retry.delay(attempt, &mut getrandom::SysRng);
                tracing::debug!(
                    error = %ErrorSummary(&err),
                    delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                    "retrying"
                );
                crate::platform::sleep(delay).await;
            }
        }
        .instrument(span)
        .await
    }

    async fn send_once(&self, operation: &Operation, body: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE_JSON));
        let target = HeaderValue::from_str(&operation.target())
            .map_err(|e| Error::Config(format!("bad operation name: {e}")))?;
        headers.insert(TARGET_HEADER, target);
        if let Some(signer) = self.signer.as_deref()
            && operation.is_admin()
        {
            signer.sign(&mut headers, &self.inner.endpoint, operation, body)?;
        }
        let request = self.inner.http.post(self.inner.endpoint.clone()).headers(headers).body(body.to_vec());
        let response =
            per_request(request, self.inner.request_timeout).send().await.map_err(Error::Transport)?;
        let status = response.status().as_u16();
        tracing::Span::current().record("status", status);
        if let Some(date) = http_date(response.headers()) {
            self.inner.server_date.store(date, core::sync::atomic::Ordering::Relaxed);
        }
        if response.url() != &self.inner.endpoint {
            // Only a caller's own reqwest client follows redirects (see `http_client`).
            let location = sanitize_location(response.url());
            return Err(Error::Protocol(ProtocolError::RedirectFollowed { location }));
        }
        if response.status().is_redirection() {
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|raw| self.inner.endpoint.join(raw).ok())
                .map(|url| sanitize_location(&url));
            return Err(Error::Protocol(ProtocolError::Redirect { status, location }));
        }
        let header =
            |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let request_id = header("x-amzn-requestid");
        let error_type = header(ERROR_TYPE_HEADER);
        let bytes = read_body(response, operation, status, self.inner.max_response_bytes).await?;
        if (200..300).contains(&status) {
            let text: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}" } else { &bytes };
            return match serde_json::from_slice::<serde::de::IgnoredAny>(text) {
                Ok(_) => Ok(bytes),
                Err(e) => Err({
                    if e.is_eof() {
                        // Complete as HTTP, but the JSON stops half-way: an answer cut short
                        // (by a proxy, say), handled like one cut short on the wire.
                        Error::Protocol(ProtocolError::IncompleteBody {
                            operation: operation.clone(),
                            status,
                            received: bytes.len(),
                            reason: format!("the JSON ends early ({e})"),
                        })
                    } else {
                        Error::from(cognito_srp_proto::ProtocolError::InvalidBody {
                            operation: operation.clone(),
                            reason: e.to_string(),
                        })
                    }
                }),
            };
        }
        Err(parse_error(status, error_type.as_deref(), request_id, &bytes))
    }
}

/// Reads a body of at most `limit` bytes chunk by chunk into one zeroizing buffer.
///
/// A `Content-Length` above the limit fails before reading; otherwise the buffer grows (a
/// grown buffer replaces the old one, which is zeroized on drop) until the body ends or passes
/// the limit. A body that stops early is [`ProtocolError::IncompleteBody`]; a timeout stays a
/// transport timeout.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
async fn read_body(
    mut response: reqwest::Response,
    operation: &Operation,
    status: u16,
    limit: usize,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let too_large =
        || Error::Protocol(ProtocolError::ResponseTooLarge { operation: operation.clone(), limit });
    let declared = response.content_length();
    if declared.is_some_and(|len| len > u64::try_from(limit).unwrap_or(u64::MAX)) {
        return Err(too_large());
    }
    let initial = declared.and_then(|len| usize::try_from(len).ok()).unwrap_or(8 * 1024).min(limit);
    let mut buf = Zeroizing::new(Vec::with_capacity(initial));
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => return Ok(buf),
            Err(e) if e.is_timeout() => return Err(Error::Transport(e)),
            Err(e) => {
                return Err(Error::Protocol(ProtocolError::IncompleteBody {
                    operation: operation.clone(),
                    status,
                    received: buf.len(),
                    reason: error_chain(&e),
                }));
            }
        };
        let needed = buf.len().checked_add(chunk.len()).filter(|n| *n <= limit).ok_or_else(too_large)?;
        if needed > buf.capacity() {
            let mut bigger =
                Zeroizing::new(Vec::with_capacity(needed.max(buf.capacity().saturating_mul(2)).min(limit)));
            bigger.extend_from_slice(&buf);
            buf = bigger;
        }
        buf.extend_from_slice(&chunk);
    }
}

/// In a browser fetch hands over the whole body at once: a `Content-Length` above the limit
/// fails before reading, and a body past the limit fails after it (the browser has read it).
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
async fn read_body(
    response: reqwest::Response,
    operation: &Operation,
    status: u16,
    limit: usize,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let too_large =
        || Error::Protocol(ProtocolError::ResponseTooLarge { operation: operation.clone(), limit });
    if response.content_length().is_some_and(|len| len > u64::try_from(limit).unwrap_or(u64::MAX)) {
        return Err(too_large());
    }
    let bytes = response.bytes().await.map_err(|e| {
        Error::Protocol(ProtocolError::IncompleteBody {
            operation: operation.clone(),
            status,
            received: 0,
            reason: error_chain(&e),
        })
    })?;
    if bytes.len() > limit {
        return Err(too_large());
    }
    Ok(Zeroizing::new(bytes.to_vec()))
}

/// An error and its sources, `: `-separated.
fn error_chain(err: &dyn core::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}

/// A redirect target fit to print: scheme, host, port and path only (no user name,
/// password, query or fragment, which may carry secrets), at most 200 characters.
fn sanitize_location(url: &Url) -> String {
    let mut text = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default());
    if let Some(port) = url.port() {
        text.push_str(&format!(":{port}"));
    }
    text.push_str(url.path());
    // A serialized Url is percent-encoded, so this only guards the length.
    text.chars().filter(|c| !c.is_control()).take(200).collect()
}

/// Turns an error response into an [`Error`]: `__type` (or `code`) from a JSON body, else the
/// `x-amzn-errortype` header, else [`ProtocolError::UnexpectedResponse`].
pub(crate) fn parse_error(
    status: u16,
    header_type: Option<&str>,
    request_id: Option<String>,
    body: &[u8],
) -> Error {
    let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
    let (kind, message) = match parsed {
        Some(b) => (b.error_type, b.message),
        None => (None, None),
    };
    let kind = kind
        .filter(|k| !k.trim().is_empty())
        .or_else(|| header_type.map(str::to_owned).filter(|k| !k.trim().is_empty()));
    match kind {
        Some(kind) => Error::Service(ServiceError {
            code: ErrorCode::from_type(&kind),
            message: message.unwrap_or_default(),
            status,
            request_id,
        }),
        None => {
            let text = String::from_utf8_lossy(body);
            Error::Protocol(ProtocolError::UnexpectedResponse {
                status,
                body_prefix: text.chars().take(200).collect(),
            })
        }
    }
}

/// The reqwest client this crate builds: timeouts, a user agent, kept-alive connections, and
/// no redirects (Cognito never redirects; following one would resend tokens elsewhere).
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn native_client(
    connect_timeout: Duration,
    request_timeout: Duration,
    agent: String,
) -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .timeout(request_timeout)
        .user_agent(agent)
        .pool_idle_timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(Error::Transport)
}

/// In a browser reqwest uses `fetch`: the browser owns connections, the user agent and
/// redirects (a redirect it follows is refused afterwards as
/// [`ProtocolError::RedirectFollowed`]); the request timeout is set on each request.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn native_client(
    _connect_timeout: Duration,
    _request_timeout: Duration,
    _agent: String,
) -> Result<reqwest::Client, Error> {
    reqwest::Client::builder().build().map_err(Error::Transport)
}

/// Native: the client carries the timeouts (a caller's own reqwest client keeps its own).
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn per_request(request: reqwest::RequestBuilder, _timeout: Duration) -> reqwest::RequestBuilder {
    request
}

/// In a browser each fetch gets the request timeout, and no cookies: Cognito's API uses none,
/// and the page's cookies for the endpoint's site have no business there.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn per_request(request: reqwest::RequestBuilder, timeout: Duration) -> reqwest::RequestBuilder {
    request.timeout(timeout).fetch_credentials_omit()
}

/// A response's `Date` header (RFC 9110 HTTP-date) in Unix seconds.
fn http_date(headers: &HeaderMap) -> Option<u64> {
    let text = headers.get(reqwest::header::DATE)?.to_str().ok()?;
    let time = httpdate::parse_http_date(text).ok()?;
    time.duration_since(std::time::UNIX_EPOCH).ok().map(|d| d.as_secs()).filter(|s| *s != 0)
}

/// Prints an error for logs: the kind and code, never a body that could echo a secret.
struct ErrorSummary<'a>(&'a Error);

impl core::fmt::Display for ErrorSummary<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Error::Service(e) => write!(f, "{} (HTTP {})", e.code, e.status),
            Error::Transport(e) if crate::platform::is_connect(e) => f.write_str("connect failed"),
            Error::Transport(e) if e.is_timeout() => f.write_str("timed out"),
            Error::Protocol(ProtocolError::IncompleteBody { status, .. }) => {
                write!(f, "HTTP {status} with its body cut short")
            }
            Error::Transport(_) => f.write_str("transport error"),
            Error::Protocol(ProtocolError::UnexpectedResponse { status, .. }) => {
                write!(f, "HTTP {status} without error type")
            }
            Error::Protocol(_) => f.write_str("protocol error"),
            other => write!(f, "{other}"),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[test]
    fn error_type_prefix_is_stripped() {
        let err = parse_error(
            400,
            None,
            Some("rid".into()),
            &serde_json::to_vec(&ErrorBody::new(
                &ErrorCode::Unknown(format!("com.amazon#{}", ErrorCode::NotAuthorized)),
                "Incorrect username or password.",
            ))
            .unwrap(),
        );
        let svc = err.service().unwrap();
        assert_eq!(svc.code, ErrorCode::NotAuthorized);
        assert_eq!(svc.message, "Incorrect username or password.");
        assert_eq!(svc.request_id.as_deref(), Some("rid"));
        assert!(!err.is_retryable());
    }

    #[test]
    fn header_is_the_fallback() {
        let header = format!("{}:http://internal", ErrorCode::TooManyRequests);
        let err = parse_error(400, Some(&header), None, b"");
        assert_eq!(err.code(), Some(&ErrorCode::TooManyRequests));
        assert!(err.is_retryable());
        let err = parse_error(400, Some(ErrorCode::UserNotFound.as_str()), None, br#"{"message":"x"}"#);
        assert_eq!(err.code(), Some(&ErrorCode::UserNotFound));
        assert_eq!(err.service().unwrap().message, "x");
    }

    #[test]
    fn non_json_5xx_is_a_retryable_protocol_error() {
        let err = parse_error(502, None, None, b"<html>Bad Gateway</html>");
        match &err {
            Error::Protocol(ProtocolError::UnexpectedResponse { status, body_prefix }) => {
                assert_eq!(*status, 502);
                assert!(body_prefix.contains("Bad Gateway"));
            }
            other => panic!("{other:?}"),
        }
        assert!(err.is_retryable());
        let body = serde_json::to_vec(&ErrorBody::new(&ErrorCode::InternalError, "")).unwrap();
        let err = parse_error(500, None, None, &body);
        assert_eq!(err.code(), Some(&ErrorCode::InternalError));
        assert!(err.is_retryable());
    }

    #[test]
    fn unknown_types_are_kept() {
        let brand_new = ErrorCode::Unknown("brand.new-error".into());
        let body = serde_json::to_vec(&ErrorBody::new(&brand_new, "m")).unwrap();
        let err = parse_error(400, None, None, &body);
        assert_eq!(err.code(), Some(&brand_new));
        assert_eq!(err.to_string(), "Cognito brand.new-error (HTTP 400): m");
    }
}
