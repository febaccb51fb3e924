//! Groups: `CreateGroup`, `GetGroup`, `UpdateGroup`, `DeleteGroup`, `ListGroups`,
//! `AdminAddUserToGroup`, `AdminRemoveUserFromGroup`, `AdminListGroupsForUser`,
//! `ListUsersInGroup`. Bounded as Cognito's quotas: [`MAX_GROUPS_PER_POOL`] groups in a
//! pool, [`MAX_GROUPS_PER_USER`] groups per user; and [`MAX_GROUPS`] in the whole emulator.

use cognito_srp_proto::ErrorCode;
use cognito_srp_proto::admin::{
    GroupPageRequest, GroupRequest, GroupResponse, GroupType, GroupsResponse, UserGroupRequest,
    UsersInGroupResponse,
};
use cognito_srp_proto::vocab::member;

use super::{Req, Res, answer, empty, epoch, page_size, paging, user_type};
use crate::error::ApiError;
use crate::state::{Group, Pool, Shared};

/// Groups in one pool (Cognito's quota).
pub(crate) const MAX_GROUPS_PER_POOL: usize = 10_000;
/// Groups one user belongs to (Cognito's quota).
pub(crate) const MAX_GROUPS_PER_USER: usize = 100;
/// Groups of the whole emulator (pools times groups per pool would be ten million).
pub(crate) const MAX_GROUPS: usize = 20_000;

const GROUPS: &str = "groups";
const GROUPS_FOR_USER: &str = "groups-for-user";
const USERS_IN_GROUP: &str = "users-in-group";

fn group_type(pool_id: &str, g: &Group) -> GroupType {
    let mut v = GroupType::new(g.name.as_str(), pool_id);
    v.description.clone_from(&g.description);
    v.role_arn.clone_from(&g.role_arn);
    v.precedence = g.precedence;
    v.creation_date = epoch(g.created);
    v.last_modified_date = epoch(g.modified);
    v
}

fn not_found() -> ApiError {
    ApiError::not_found("Group not found.")
}

/// Checks a group's name, role and precedence as Cognito does.
fn check(request: &GroupRequest) -> Result<(), ApiError> {
    let name = &request.group_name;
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{name}' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{{L}}\\p{{M}}\\p{{S}}\\p{{N}}\\p{{P}}]+"
        )));
    }
    if let Some(role) = &request.role_arn
        && (role.chars().count() < 20 || !role.starts_with("arn:"))
    {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{role}' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?"
        )));
    }
    if let Some(p) = request.precedence
        && !(0..=i64::from(i32::MAX)).contains(&p)
    {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{p}' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0"
        )));
    }
    Ok(())
}

fn group_request(req: Req<'_>) -> Result<GroupRequest, ApiError> {
    let request: GroupRequest = req.typed(&[member::USER_POOL_ID, member::GROUP_NAME])?;
    check(&request)?;
    Ok(request)
}

pub(super) fn create_group(shared: &Shared, req: Req<'_>) -> Res {
    let request = group_request(req)?;
    let now = shared.now();
    let mut state = shared.lock();
    let total: usize = state.pools.values().map(|p| p.groups.len()).sum();
    let pool = state.pool_mut(&request.user_pool_id)?;
    if pool.groups.contains_key(&request.group_name) {
        return Err(ApiError::new(
            ErrorCode::GroupExists,
            format!("A group with the name {} already exists.", request.group_name),
        ));
    }
    if pool.groups.len() >= MAX_GROUPS_PER_POOL {
        return Err(ApiError::new(
            ErrorCode::LimitExceeded,
            format!("The maximum number of groups per user pool ({MAX_GROUPS_PER_POOL}) has been reached."),
        ));
    }
    if total >= MAX_GROUPS {
        return Err(ApiError::new(
            ErrorCode::LimitExceeded,
            format!("The emulator holds at most {MAX_GROUPS} groups."),
        ));
    }
    let group = Group {
        name: request.group_name.clone(),
        description: request.description,
        role_arn: request.role_arn,
        precedence: request.precedence,
        created: now,
        modified: now,
        members: std::collections::BTreeSet::new(),
    };
    let described = group_type(&pool.id, &group);
    pool.groups.insert(request.group_name, group);
    answer(&GroupResponse::new(described))
}

pub(super) fn get_group(shared: &Shared, req: Req<'_>) -> Res {
    let request = group_request(req)?;
    let state = shared.lock();
    let pool = state.pool(&request.user_pool_id)?;
    let group = pool.groups.get(&request.group_name).ok_or_else(not_found)?;
    answer(&GroupResponse::new(group_type(&pool.id, group)))
}

/// UpdateGroup: the members given change, the others stay.
pub(super) fn update_group(shared: &Shared, req: Req<'_>) -> Res {
    let request = group_request(req)?;
    let now = shared.now();
    let mut state = shared.lock();
    let pool = state.pool_mut(&request.user_pool_id)?;
    let group = pool.groups.get_mut(&request.group_name).ok_or_else(not_found)?;
    if request.description.is_some() {
        group.description = request.description;
    }
    if request.role_arn.is_some() {
        group.role_arn = request.role_arn;
    }
    if request.precedence.is_some() {
        group.precedence = request.precedence;
    }
    group.modified = now;
    answer(&GroupResponse::new(group_type(&request.user_pool_id, group)))
}

pub(super) fn delete_group(shared: &Shared, req: Req<'_>) -> Res {
    let request = group_request(req)?;
    let mut state = shared.lock();
    let pool = state.pool_mut(&request.user_pool_id)?;
    pool.groups.remove(&request.group_name).ok_or_else(not_found)?;
    empty()
}

/// `Limit` (0 to 60; 0 or absent: 60) and the key to continue after.
fn page_request(
    shared: &Shared,
    request: &GroupPageRequest,
    kind: &str,
    scope: &str,
) -> Result<(usize, Option<String>), ApiError> {
    if let Some(limit) = request.limit
        && !(0..=60).contains(&limit)
    {
        let bound = if limit < 0 { "greater than or equal to 0" } else { "less than or equal to 60" };
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value {bound}"
        )));
    }
    let limit = page_size(request.limit.filter(|l| *l > 0).and_then(|l| u32::try_from(l).ok()));
    let after = match request.next_token.as_deref() {
        Some(t) => Some(paging::decode(&shared.keys.paging_key, kind, scope, t)?),
        None => None,
    };
    Ok((limit, after))
}

fn groups_page<'a>(
    shared: &Shared,
    pool: &'a Pool,
    groups: impl Iterator<Item = &'a Group>,
    (limit, after): (usize, Option<String>),
    kind: &str,
    scope: &str,
) -> Res {
    let (page, next) = paging::page(groups.map(|g| (g.name.as_str(), g)), after.as_deref(), limit);
    let page = page.into_iter().map(|g| group_type(&pool.id, g)).collect();
    let next = next.map(|last| paging::encode(&shared.keys.paging_key, kind, scope, &last)).transpose()?;
    answer(&GroupsResponse::new(page, next))
}

pub(super) fn list_groups(shared: &Shared, req: Req<'_>) -> Res {
    let request: GroupPageRequest = req.typed(&[member::USER_POOL_ID])?;
    let scope = request.user_pool_id.as_str();
    let page = page_request(shared, &request, GROUPS, scope)?;
    let state = shared.lock();
    let pool = state.pool(scope)?;
    groups_page(shared, pool, pool.groups.values(), page, GROUPS, scope)
}

/// The pool and the internal username a request names.
fn pool_user(pool: &Pool, name: &str) -> Result<String, ApiError> {
    Ok(pool.find_user(name).ok_or_else(ApiError::user_not_found)?.username.clone())
}

pub(super) fn admin_list_groups_for_user(shared: &Shared, req: Req<'_>) -> Res {
    let request: GroupPageRequest = req.typed(&[member::USER_POOL_ID, member::USERNAME])?;
    let state = shared.lock();
    let pool = state.pool(&request.user_pool_id)?;
    let username = pool_user(pool, request.username.as_deref().unwrap_or_default())?;
    let scope = format!("{}\0{username}", pool.id);
    let page = page_request(shared, &request, GROUPS_FOR_USER, &scope)?;
    let mine = pool.groups.values().filter(|g| g.members.contains(&username));
    groups_page(shared, pool, mine, page, GROUPS_FOR_USER, &scope)
}

pub(super) fn list_users_in_group(shared: &Shared, req: Req<'_>) -> Res {
    let request: GroupPageRequest = req.typed(&[member::USER_POOL_ID, member::GROUP_NAME])?;
    let group_name = request.group_name.as_deref().unwrap_or_default();
    let scope = format!("{}\0{group_name}", request.user_pool_id);
    let (limit, after) = page_request(shared, &request, USERS_IN_GROUP, &scope)?;
    let state = shared.lock();
    let pool = state.pool(&request.user_pool_id)?;
    let group = pool.groups.get(group_name).ok_or_else(not_found)?;
    let members = group.members.iter().filter_map(|u| pool.users.get(u)).map(|u| (u.username.as_str(), u));
    let (page, next) = paging::page(members, after.as_deref(), limit);
    let users = page.into_iter().map(user_type).collect();
    let next = next
        .map(|last| paging::encode(&shared.keys.paging_key, USERS_IN_GROUP, &scope, &last))
        .transpose()?;
    answer(&UsersInGroupResponse::new(users, next))
}

fn user_group(req: Req<'_>) -> Result<UserGroupRequest, ApiError> {
    req.typed(&[member::USER_POOL_ID, member::USERNAME, member::GROUP_NAME])
}

pub(super) fn admin_add_user_to_group(shared: &Shared, req: Req<'_>) -> Res {
    let request = user_group(req)?;
    let mut state = shared.lock();
    let pool = state.pool_mut(&request.user_pool_id)?;
    let username = pool_user(pool, &request.username)?;
    let already = pool.groups.values().filter(|g| g.members.contains(&username)).count();
    let group = pool.groups.get_mut(&request.group_name).ok_or_else(not_found)?;
    if !group.members.contains(&username) && already >= MAX_GROUPS_PER_USER {
        return Err(ApiError::new(
            ErrorCode::LimitExceeded,
            format!("A user can belong to at most {MAX_GROUPS_PER_USER} groups."),
        ));
    }
    group.members.insert(username);
    empty()
}

pub(super) fn admin_remove_user_from_group(shared: &Shared, req: Req<'_>) -> Res {
    let request = user_group(req)?;
    let mut state = shared.lock();
    let pool = state.pool_mut(&request.user_pool_id)?;
    let username = pool_user(pool, &request.username)?;
    let group = pool.groups.get_mut(&request.group_name).ok_or_else(not_found)?;
    group.members.remove(&username);
    empty()
}

/// Drops a deleted user from every group of the pool.
pub(super) fn forget_member(pool: &mut Pool, username: &str) {
    for group in pool.groups.values_mut() {
        group.members.remove(username);
    }
}
