//! Updating and listing pools and app clients: `UpdateUserPool`, `UpdateUserPoolClient`,
//! `ListUserPools`, `ListUserPoolClients`.
//!
//! ```
//! use cognito_srp_proto::admin::{ListUserPoolsRequest, ListUserPoolsResponse};
//! let request = ListUserPoolsRequest::new(10);
//! assert_eq!(serde_json::to_string(&request)?, r#"{"MaxResults":10}"#);
//! let answer: ListUserPoolsResponse =
//!     serde_json::from_str(r#"{"UserPools":[{"Id":"eu-west-1_AbC","Name":"demo"}],"NextToken":"t"}"#)?;
//! assert_eq!(answer.user_pools[0].id, "eu-west-1_AbC");
//! # Ok::<(), serde_json::Error>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use super::{LambdaConfigType, UserPoolClientSettings, UserPoolSettings};

/// `UpdateUserPool`: every setting left out goes back to its default, as on Cognito
/// (`AliasAttributes`, `UsernameAttributes`, the schema and `UsernameConfiguration` cannot
/// change and are ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UpdateUserPoolRequest {
    /// The pool.
    pub user_pool_id: String,
    /// A new name; absent: unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_name: Option<String>,
    /// The settings.
    #[serde(flatten)]
    pub settings: UserPoolSettings,
}

impl UpdateUserPoolRequest {
    /// A request that sets every setting of `user_pool_id` back to its default.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), ..Self::default() }
    }
}

/// `UpdateUserPoolClient`: every setting left out goes back to its default, as on Cognito.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UpdateUserPoolClientRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The client.
    pub client_id: String,
    /// A new name; absent: unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// The settings.
    #[serde(flatten)]
    pub settings: UserPoolClientSettings,
}

impl UpdateUserPoolClientRequest {
    /// A request that sets every setting of `client_id` back to its default.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), client_id: client_id.into(), ..Self::default() }
    }
}

/// `ListUserPools` (`MaxResults` is required, 1 to 60).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListUserPoolsRequest {
    /// Where the previous page ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// At most this many pools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
}

impl ListUserPoolsRequest {
    /// The first page of at most `max_results` pools.
    #[must_use]
    pub fn new(max_results: i64) -> Self {
        Self { next_token: None, max_results: Some(max_results) }
    }
}

/// `UserPoolDescriptionType`: a pool as `ListUserPools` describes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserPoolDescriptionType {
    /// The pool id.
    #[serde(default)]
    pub id: String,
    /// The pool's name.
    #[serde(default)]
    pub name: String,
    /// Its triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lambda_config: Option<LambdaConfigType>,
    /// `Enabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<f64>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<f64>,
}

impl UserPoolDescriptionType {
    /// A description with the pool's id and name.
    #[must_use]
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self { id: id.into(), name: name.into(), ..Self::default() }
    }
}

/// `ListUserPools`' answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListUserPoolsResponse {
    /// A page of pools.
    #[serde(default)]
    pub user_pools: Vec<UserPoolDescriptionType>,
    /// The next page's token, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl ListUserPoolsResponse {
    /// A page of `user_pools` and the token of the next one.
    #[must_use]
    pub fn new(user_pools: Vec<UserPoolDescriptionType>, next_token: Option<String>) -> Self {
        Self { user_pools, next_token }
    }
}

/// `ListUserPoolClients`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListUserPoolClientsRequest {
    /// The pool.
    pub user_pool_id: String,
    /// At most this many clients (1 to 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    /// Where the previous page ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl ListUserPoolClientsRequest {
    /// The first page of the pool's clients.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), ..Self::default() }
    }
}

/// `UserPoolClientDescription`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserPoolClientDescription {
    /// The client id.
    #[serde(default)]
    pub client_id: String,
    /// The pool.
    #[serde(default)]
    pub user_pool_id: String,
    /// The client's name.
    #[serde(default)]
    pub client_name: String,
}

impl UserPoolClientDescription {
    /// A description of `client_id` of `user_pool_id`.
    #[must_use]
    pub fn new(
        client_id: impl Into<String>,
        user_pool_id: impl Into<String>,
        client_name: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            user_pool_id: user_pool_id.into(),
            client_name: client_name.into(),
        }
    }
}

/// `ListUserPoolClients`' answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListUserPoolClientsResponse {
    /// A page of clients.
    #[serde(default)]
    pub user_pool_clients: Vec<UserPoolClientDescription>,
    /// The next page's token, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl ListUserPoolClientsResponse {
    /// A page of `user_pool_clients` and the token of the next one.
    #[must_use]
    pub fn new(user_pool_clients: Vec<UserPoolClientDescription>, next_token: Option<String>) -> Self {
        Self { user_pool_clients, next_token }
    }
}
