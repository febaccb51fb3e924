//! Groups: `CreateGroup`, `GetGroup`, `UpdateGroup`, `DeleteGroup`, `ListGroups`,
//! `AdminAddUserToGroup`, `AdminRemoveUserFromGroup`, `AdminListGroupsForUser`,
//! `ListUsersInGroup`.
//!
//! ```
//! use cognito_srp_proto::admin::{GroupRequest, GroupResponse};
//! let mut request = GroupRequest::new("eu-west-1_AbC", "admins");
//! request.precedence = Some(1);
//! assert_eq!(serde_json::to_string(&request)?, r#"{"UserPoolId":"eu-west-1_AbC","GroupName":"admins","Precedence":1}"#);
//! let answer: GroupResponse = serde_json::from_str(r#"{"Group":{"GroupName":"admins","Precedence":1}}"#)?;
//! assert_eq!(answer.group.precedence, Some(1));
//! # Ok::<(), serde_json::Error>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use super::UserType;

/// `CreateGroup`, `UpdateGroup` (only the members given change), `GetGroup` and
/// `DeleteGroup` (pool and name only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GroupRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The group.
    pub group_name: String,
    /// What the group is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The IAM role of its members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// Lower wins (the `cognito:preferred_role` of a member of several groups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precedence: Option<i64>,
}

impl GroupRequest {
    /// A request for the group `group_name` of `user_pool_id`.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>, group_name: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), group_name: group_name.into(), ..Self::default() }
    }
}

/// `GroupType`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GroupType {
    /// The group.
    #[serde(default)]
    pub group_name: String,
    /// The pool.
    #[serde(default)]
    pub user_pool_id: String,
    /// What the group is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The IAM role of its members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// Lower wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precedence: Option<i64>,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<f64>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<f64>,
}

impl GroupType {
    /// A group named `group_name` of `user_pool_id`.
    #[must_use]
    pub fn new(group_name: impl Into<String>, user_pool_id: impl Into<String>) -> Self {
        Self { group_name: group_name.into(), user_pool_id: user_pool_id.into(), ..Self::default() }
    }
}

/// The answer of `CreateGroup`, `GetGroup` and `UpdateGroup`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GroupResponse {
    /// The group.
    #[serde(default)]
    pub group: GroupType,
}

impl GroupResponse {
    /// The answer for `group`.
    #[must_use]
    pub fn new(group: GroupType) -> Self {
        Self { group }
    }
}

/// `ListGroups` (pool only), `ListUsersInGroup` (pool and group) and
/// `AdminListGroupsForUser` (pool and user): a page of at most `Limit` (0 to 60) entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GroupPageRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The group (`ListUsersInGroup`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// The user (`AdminListGroupsForUser`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// At most this many entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// Where the previous page ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl GroupPageRequest {
    /// The first page for the pool `user_pool_id`.
    #[must_use]
    pub fn new(user_pool_id: impl Into<String>) -> Self {
        Self { user_pool_id: user_pool_id.into(), ..Self::default() }
    }
}

/// The answer of `ListGroups` and `AdminListGroupsForUser`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GroupsResponse {
    /// A page of groups.
    #[serde(default)]
    pub groups: Vec<GroupType>,
    /// The next page's token, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl GroupsResponse {
    /// A page of `groups` and the token of the next one.
    #[must_use]
    pub fn new(groups: Vec<GroupType>, next_token: Option<String>) -> Self {
        Self { groups, next_token }
    }
}

/// `ListUsersInGroup`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UsersInGroupResponse {
    /// A page of users.
    #[serde(default)]
    pub users: Vec<UserType>,
    /// The next page's token, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl UsersInGroupResponse {
    /// A page of `users` and the token of the next one.
    #[must_use]
    pub fn new(users: Vec<UserType>, next_token: Option<String>) -> Self {
        Self { users, next_token }
    }
}

/// `AdminAddUserToGroup` and `AdminRemoveUserFromGroup`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserGroupRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The user.
    pub username: String,
    /// The group.
    pub group_name: String,
}

impl UserGroupRequest {
    /// A request about `username` and `group_name`.
    #[must_use]
    pub fn new(
        user_pool_id: impl Into<String>,
        username: impl Into<String>,
        group_name: impl Into<String>,
    ) -> Self {
        Self { user_pool_id: user_pool_id.into(), username: username.into(), group_name: group_name.into() }
    }
}
