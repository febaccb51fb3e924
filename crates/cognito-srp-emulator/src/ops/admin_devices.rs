//! `AdminGetDevice` and `AdminUpdateDeviceStatus`: a user's device, addressed by pool, user
//! name (or alias) and device key, as the signed-in user's `GetDevice` and
//! `UpdateDeviceStatus` see it.

use cognito_srp_proto::DeviceRememberedStatus;
use cognito_srp_proto::admin::{
    AdminGetDeviceRequest, AdminGetDeviceResponse, AdminUpdateDeviceStatusRequest,
};
use cognito_srp_proto::vocab::member;

use super::{Req, Res, answer, device_type, empty};
use crate::error::ApiError;
use crate::state::Shared;

pub(super) fn admin_get_device(shared: &Shared, req: Req<'_>) -> Res {
    let request: AdminGetDeviceRequest =
        req.typed(&[member::DEVICE_KEY, member::USER_POOL_ID, member::USERNAME])?;
    let state = shared.lock();
    let pool = state.pool(&request.user_pool_id)?;
    let user = pool.find_user(&request.username).ok_or_else(ApiError::user_not_found)?;
    let device = pool
        .devices
        .get(&request.device_key)
        .filter(|d| d.username == user.username && d.verifier.is_some())
        .ok_or_else(ApiError::device_gone)?;
    answer(&AdminGetDeviceResponse::new(device_type(device)))
}

pub(super) fn admin_update_device_status(shared: &Shared, req: Req<'_>) -> Res {
    let request: AdminUpdateDeviceStatusRequest =
        req.typed(&[member::USER_POOL_ID, member::USERNAME, member::DEVICE_KEY])?;
    let remembered = match request.device_remembered_status {
        Some(DeviceRememberedStatus::Remembered) => true,
        Some(DeviceRememberedStatus::NotRemembered) | None => false,
        Some(other) => {
            return Err(ApiError::invalid_parameter(format!("Invalid DeviceRememberedStatus {other}")));
        }
    };
    let now = shared.now();
    let mut state = shared.lock();
    let pool = state.pool_mut(&request.user_pool_id)?;
    let username = pool.find_user(&request.username).ok_or_else(ApiError::user_not_found)?.username.clone();
    let device = pool
        .devices
        .get_mut(&request.device_key)
        .filter(|d| d.username == username && d.verifier.is_some())
        .ok_or_else(ApiError::device_gone)?;
    device.remembered = remembered;
    device.modified = now;
    empty()
}
