//! The connection layer: accepting with a connection cap, hyper's timers, and a
//! rate-limited log of accept errors.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use crate::service::{self, Server};

/// How long [`crate::RunningEmulator::shutdown`] lets requests in flight finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// Pause after a failed `accept` (out of file descriptors and the like) before the next one.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);
/// At most one "accept failed" log line per this period.
const ACCEPT_LOG_PERIOD: Duration = Duration::from_secs(1);
/// The shortest timeout accepted (a zero timeout would close every connection at once).
const MIN_TIMEOUT: Duration = Duration::from_millis(1);

/// Limits on what a client may hold or send, and who may call the admin operations.
#[derive(Clone, Debug)]
pub(crate) struct NetSettings {
    /// A request head must be complete within this time of the connection waiting for it.
    pub(crate) header_read_timeout: Duration,
    /// A request body must be complete within this time of its head.
    pub(crate) body_read_timeout: Duration,
    /// Largest request body, in bytes.
    pub(crate) max_body_bytes: usize,
    /// Most connections served at once.
    pub(crate) max_connections: usize,
    /// Admin operations are answered to requests with an `Origin` header (a web page).
    pub(crate) allow_browser_admin: bool,
    /// Host names accepted in `Host` besides loopback names and addresses (lower case).
    pub(crate) extra_hosts: HashSet<String>,
    /// Access keys: when any is set, the IAM-authorised operations need a SigV4 signature.
    pub(crate) access_keys: crate::sigv4::AccessKeys,
}

/// Default [`NetSettings::header_read_timeout`].
pub(crate) const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Default [`NetSettings::body_read_timeout`].
pub(crate) const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Default [`NetSettings::max_body_bytes`]: Cognito's requests are a few KB.
pub(crate) const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;
/// Default [`NetSettings::max_connections`]: well under the usual 1,024 open-file limit.
pub(crate) const DEFAULT_MAX_CONNECTIONS: usize = 512;

impl Default for NetSettings {
    fn default() -> Self {
        Self {
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            allow_browser_admin: false,
            extra_hosts: HashSet::new(),
            access_keys: crate::sigv4::AccessKeys::default(),
        }
    }
}

impl NetSettings {
    /// The settings with out-of-range values raised to their minimum (a timeout of at
    /// least 1 ms, at least one connection).
    pub(crate) fn sanitized(mut self) -> Self {
        self.header_read_timeout = self.header_read_timeout.max(MIN_TIMEOUT);
        self.body_read_timeout = self.body_read_timeout.max(MIN_TIMEOUT);
        self.max_connections = self.max_connections.max(1);
        self
    }
}

/// Counts accept errors and says when to log: the first at once, then at most one line per
/// [`ACCEPT_LOG_PERIOD`] carrying the number of errors not logged since.
#[derive(Debug, Default)]
pub(crate) struct AcceptErrorLog {
    last_logged: Option<Instant>,
    suppressed: u64,
}

impl AcceptErrorLog {
    /// Records an error at `now`; `Some(n)` means "log this one, and say `n` were not logged".
    pub(crate) fn record(&mut self, now: Instant) -> Option<u64> {
        match self.last_logged {
            Some(last) if now.saturating_duration_since(last) < ACCEPT_LOG_PERIOD => {
                self.suppressed = self.suppressed.saturating_add(1);
                None
            }
            _ => {
                self.last_logged = Some(now);
                Some(std::mem::take(&mut self.suppressed))
            }
        }
    }
}

/// Waits for a free connection slot, then accepts (cancel safe: a dropped future gives the
/// slot back and loses no connection).
async fn accept_in_slot(
    listener: &TcpListener,
    slots: &Arc<Semaphore>,
) -> (Option<OwnedSemaphorePermit>, std::io::Result<(TcpStream, SocketAddr)>) {
    // The semaphore is never closed, so this is always a permit.
    let permit = Arc::clone(slots).acquire_owned().await.ok();
    (permit, listener.accept().await)
}

/// Accepts and serves until `stop` changes, then drains.
///
/// Past `max_connections`, no connection is accepted until one closes: newcomers wait in the
/// kernel's backlog instead of taking file descriptors, and the header timeout frees the slots
/// of idle or slow clients.
pub(crate) async fn serve(server: Arc<Server>, listener: TcpListener, mut stop: watch::Receiver<bool>) {
    let mut connections = tokio::task::JoinSet::new();
    let slots = Arc::new(Semaphore::new(server.net.max_connections));
    let mut errors = AcceptErrorLog::default();
    loop {
        tokio::select! {
            // A `true` sent, or the RunningEmulator dropped: stop accepting.
            _ = stop.changed() => break,
            (permit, accepted) = accept_in_slot(&listener, &slots) => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(err) => {
                        // Out of file descriptors and the like: log (rate-limited), back off.
                        if let Some(suppressed) = errors.record(Instant::now()) {
                            tracing::warn!(%err, suppressed, "accept failed (suppressed: similar errors not logged in the last second)");
                        }
                        drop(permit);
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                        continue;
                    }
                };
                connections.spawn(connection(Arc::clone(&server), stream, permit, stop.clone()));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, drain).await;
    connections.abort_all();
}

/// Serves one connection; its slot is freed when it closes.
async fn connection(
    server: Arc<Server>,
    stream: TcpStream,
    permit: Option<OwnedSemaphorePermit>,
    mut stop: watch::Receiver<bool>,
) {
    let _slot = permit;
    let header_read_timeout = server.net.header_read_timeout;
    let service = service_fn(move |req| service::handle(Arc::clone(&server), req));
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        // hyper starts this timer whenever the connection waits for a request head: at the
        // start and after each answer, so it is also the keep-alive idle limit.
        .header_read_timeout(header_read_timeout)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    // Errors here are closed, broken or timed-out connections (and injected faults).
    tokio::select! {
        _ = connection.as_mut() => {}
        _ = stop.changed() => {
            // Finish the request in flight, then close (idle: close now).
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn accept_errors_are_logged_once_per_second_with_the_count_of_the_others() {
        let mut log = AcceptErrorLog::default();
        let start = Instant::now();
        assert_eq!(log.record(start), Some(0), "the first error is logged");
        let burst: Vec<_> =
            (1..=3383u64).map(|i| log.record(start + Duration::from_micros(i * 250))).collect();
        assert!(burst.iter().all(Option::is_none), "a burst within the second is not logged line by line");
        assert_eq!(
            log.record(start + Duration::from_millis(1000)),
            Some(3383),
            "then one line with the count"
        );
        assert_eq!(log.record(start + Duration::from_millis(1001)), None);
        assert_eq!(log.record(start + Duration::from_secs(5)), Some(1));
        assert_eq!(log.record(start + Duration::from_secs(9)), Some(0));
    }

    #[test]
    fn out_of_range_settings_are_raised_to_their_minimum() {
        let settings = NetSettings {
            header_read_timeout: Duration::ZERO,
            body_read_timeout: Duration::ZERO,
            max_connections: 0,
            ..NetSettings::default()
        }
        .sanitized();
        assert_eq!(settings.header_read_timeout, MIN_TIMEOUT);
        assert_eq!(settings.body_read_timeout, MIN_TIMEOUT);
        assert_eq!(settings.max_connections, 1);
        let defaults = NetSettings::default().sanitized();
        assert_eq!(defaults.header_read_timeout, DEFAULT_HEADER_READ_TIMEOUT);
        assert_eq!(defaults.max_connections, DEFAULT_MAX_CONNECTIONS);
    }
}
