//! What differs between a native build and the browser (`wasm32-unknown-unknown`): sleeping,
//! the clock, and what reqwest's fetch backend can tell about a failure.
//!
//! Native builds sleep on tokio's timer and read the system clock; in a browser neither
//! exists (std's clock panics there), so sleeping uses JavaScript's `setTimeout` and the time
//! comes from `Date.now()`.

use core::time::Duration;

use cognito_srp_core::Timestamp;

use crate::Error;

/// Waits `delay` without blocking the thread.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub(crate) async fn sleep(delay: Duration) {
    tokio::time::sleep(delay).await;
}

/// Waits `delay` without blocking the thread.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub(crate) async fn sleep(delay: Duration) {
    let millis = u32::try_from(delay.as_millis()).unwrap_or(u32::MAX);
    gloo_timers::future::TimeoutFuture::new(millis).await;
}

/// The current time, for `TIMESTAMP` in SRP answers.
///
/// # Errors
/// [`Error::Srp`] when the clock is before 1970 or past 9999.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub(crate) fn now() -> Result<Timestamp, Error> {
    Ok(Timestamp::now()?)
}

/// The current time, for `TIMESTAMP` in SRP answers (JavaScript's clock).
///
/// # Errors
/// [`Error::Srp`] when the clock is before 1970 or past 9999.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub(crate) fn now() -> Result<Timestamp, Error> {
    let millis = js_sys::Date::now();
    // A float from JavaScript: anything not a sane, positive number of seconds is refused.
    let seconds = if millis.is_finite() && millis >= 0.0 { (millis / 1000.0).floor() } else { -1.0 };
    let seconds =
        format!("{seconds:.0}").parse::<u64>().map_err(|_| cognito_srp_core::Error::ClockUnavailable)?;
    Ok(Timestamp::from_unix_seconds(seconds)?)
}

/// Whether a transport error happened before the request reached the server (a refused or
/// failed connection): then even a call that must not be sent twice may be sent again.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub(crate) fn is_connect(err: &reqwest::Error) -> bool {
    err.is_connect()
}

/// In a browser, fetch does not say whether the connection or the exchange failed: nothing
/// counts as certainly unsent.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub(crate) fn is_connect(_err: &reqwest::Error) -> bool {
    false
}
