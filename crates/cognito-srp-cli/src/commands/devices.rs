//! `cognito-srp devices list|forget|remember`.

use cognito_srp_http::operations::{DeviceType, ListDevicesRequest};
use cognito_srp_http::{SecretString, UserPool};
use serde::Serialize;

use crate::cli::{DeviceKeyArgs, DevicesCommand};
use crate::device_file;
use crate::error::CliError;
use crate::output;

pub(super) async fn run(command: DevicesCommand) -> Result<(), CliError> {
    match command {
        DevicesCommand::List(args) => {
            let pool = super::connect(&args.pool, None)?;
            let token = super::token_from_env_or_stdin("COGNITO_ACCESS_TOKEN", "AccessToken")?.token;
            let (devices, complete) = list_all(&pool, &token).await?;
            let listed: Vec<Listed<'_>> = devices.iter().map(Listed::from).collect();
            let json = serde_json::to_string_pretty(&listed)
                .map_err(|e| CliError::failure(format!("cannot encode the device list: {e}")))?;
            output::json(&json)?;
            if complete {
                Ok(())
            } else {
                Err(CliError::incomplete(format!(
                    "the device list is incomplete: Cognito still had more after {MAX_PAGES} pages \
                     ({} devices listed)",
                    devices.len()
                )))
            }
        }
        DevicesCommand::Forget(args) => {
            let pool = super::connect(&args.pool, None)?;
            // A login must not read the file between ForgetDevice and its deletion.
            let _lock = args.device_file.as_deref().map(device_file::lock).transpose()?;
            let (key, from_file) = device_key(&args)?;
            let token = super::token_from_env_or_stdin("COGNITO_ACCESS_TOKEN", "AccessToken")?.token;
            pool.forget_device(&token, &key)
                .await
                .map_err(|e| CliError::from(e).context("ForgetDevice failed"))?;
            output::error_line(&format!("forgot device {key}"));
            if from_file && let Some(path) = &args.device_file {
                device_file::remove(path)?;
                output::error_line(&format!("deleted {}", path.display()));
            }
            Ok(())
        }
        DevicesCommand::Remember(args) => {
            let pool = super::connect(&args.device.pool, None)?;
            let (key, _) = device_key(&args.device)?;
            let token = super::token_from_env_or_stdin("COGNITO_ACCESS_TOKEN", "AccessToken")?.token;
            pool.set_device_remembered(&token, &key, !args.off)
                .await
                .map_err(|e| CliError::from(e).context("UpdateDeviceStatus failed"))?;
            let status =
                if args.off { "not remembered: MFA is asked again" } else { "remembered: MFA is skipped" };
            output::error_line(&format!("device {key} is {status}"));
            Ok(())
        }
    }
}

/// How many `ListDevices` pages `devices list` follows (60 devices each).
const MAX_PAGES: usize = 100;

/// Every device, following pagination for at most [`MAX_PAGES`] pages; `false` when Cognito
/// still had more (or kept answering with a `PaginationToken`).
async fn list_all(pool: &UserPool, token: &SecretString) -> Result<(Vec<DeviceType>, bool), CliError> {
    let mut devices = Vec::new();
    let mut next = None;
    for _ in 0..MAX_PAGES {
        let mut request = ListDevicesRequest::new(token.clone()).limit(60);
        request.pagination_token = next;
        let page = pool
            .client()
            .list_devices(&request)
            .await
            .map_err(|e| CliError::from(e).context("ListDevices failed"))?;
        devices.extend(page.devices);
        next = page.pagination_token.filter(|t| !t.is_empty());
        if next.is_none() {
            return Ok((devices, true));
        }
    }
    Ok((devices, false))
}

/// The device key given, else the device file's; `true` when it is the device file's.
fn device_key(args: &DeviceKeyArgs) -> Result<(String, bool), CliError> {
    let stored = match &args.device_file {
        Some(path) => device_file::load(path)?.map(|f| f.device.device_key.clone()),
        None => None,
    };
    match (&args.device_key, stored) {
        (Some(key), stored) => Ok((key.clone(), stored.as_deref() == Some(key.as_str()))),
        (None, Some(key)) => Ok((key, true)),
        (None, None) => {
            Err(CliError::usage("no device key: pass DEVICE_KEY or a --device-file that holds a device"))
        }
    }
}

/// One device as printed.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Listed<'a> {
    device_key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remembered_status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_authenticated: Option<f64>,
}

impl<'a> From<&'a DeviceType> for Listed<'a> {
    fn from(d: &'a DeviceType) -> Self {
        Self {
            device_key: &d.device_key,
            device_name: d.attribute("device_name"),
            device_status: d.attribute("device_status"),
            remembered_status: d.attribute("dev:device_remembered_status"),
            created: d.device_create_date,
            last_authenticated: d.device_last_authenticated_date,
        }
    }
}
