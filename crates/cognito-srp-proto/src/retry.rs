//! Backoff: how long to wait before sending a request again, as a pure function of the
//! attempt and an RNG.

use core::time::Duration;

use cognito_srp_core::rand_core::TryCryptoRng;

use crate::sign_in::Failure;

/// Attempts and jittered exponential backoff ("full jitter": a uniform delay between zero
/// and `min(max_delay, base_delay * 2^(attempt-1))`).
///
/// ```
/// use std::time::Duration;
/// use cognito_srp_proto::RetryPolicy;
/// let policy = RetryPolicy::default();
/// assert_eq!(policy.max_attempts, 3);
/// use getrandom::{SysRng, rand_core::UnwrapErr};
/// let delay = policy.delay(3, &mut UnwrapErr(SysRng));
/// assert!(delay <= Duration::from_millis(400));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in total, the first one included (1 = never again).
    pub max_attempts: u32,
    /// The cap of the first retry's delay; it doubles with each attempt.
    pub base_delay: Duration,
    /// The largest delay.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_attempts: 3, base_delay: Duration::from_millis(100), max_delay: Duration::from_secs(5) }
    }
}

impl RetryPolicy {
    /// A policy with these numbers.
    #[must_use]
    pub fn new(max_attempts: u32, base_delay: Duration, max_delay: Duration) -> Self {
        Self { max_attempts, base_delay, max_delay }
    }

    /// Never send again.
    #[must_use]
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// The delay before attempt `attempt + 1`, after `attempt` failed ones (half the cap,
    /// unjittered, if `rng` fails).
    #[must_use]
    pub fn delay<R: TryCryptoRng + ?Sized>(&self, attempt: u32, rng: &mut R) -> Duration {
        let shift = attempt.saturating_sub(1).min(20);
        let cap = self.base_delay.saturating_mul(1u32 << shift).min(self.max_delay);
        let cap_micros = u64::try_from(cap.as_micros()).unwrap_or(u64::MAX);
        if cap_micros == 0 {
            return Duration::ZERO;
        }
        // Without randomness, half the cap: still bounded, merely not jittered.
        let random = rng.try_next_u64().unwrap_or(cap_micros / 2);
        Duration::from_micros(random % cap_micros.saturating_add(1))
    }
}

/// Recovery for an idempotent call sent on its own (outside [`crate::SignIn`]), such as
/// `ConfirmDevice` or `UpdateDeviceStatus` after a sign-in: after each transient failure
/// the same request goes again, after a jittered backoff, at most `budget` times.
///
/// ```
/// use std::time::Duration;
/// use cognito_srp_proto::{ErrorCode, Failure, Resender, RetryPolicy, ServiceError};
/// use getrandom::{SysRng, rand_core::UnwrapErr};
/// let mut rng = UnwrapErr(SysRng);
/// let mut resender = Resender::new(2, RetryPolicy::new(3, Duration::from_millis(10), Duration::from_secs(1)));
/// let throttled = ServiceError::new(ErrorCode::TooManyRequests, "slow down", 400);
/// assert!(resender.next_delay(Failure::Service(&throttled), &mut rng).is_some());
/// assert!(resender.next_delay(Failure::Transient, &mut rng).is_some());
/// // The budget is spent, and a refusal is never worth another try.
/// assert_eq!(resender.next_delay(Failure::Transient, &mut rng), None);
/// let refused = ServiceError::new(ErrorCode::NotAuthorized, "no", 400);
/// assert_eq!(Resender::new(5, RetryPolicy::default()).next_delay(Failure::Service(&refused), &mut rng), None);
/// ```
#[derive(Debug, Clone)]
pub struct Resender {
    budget: u32,
    backoff: RetryPolicy,
    rounds: u32,
}

impl Resender {
    /// At most `budget` resends, `backoff` apart.
    #[must_use]
    pub fn new(budget: u32, backoff: RetryPolicy) -> Self {
        Self { budget, backoff, rounds: 0 }
    }

    /// After a failed send: how long to wait before sending the same request again, or
    /// `None` to give up (a failure that is not transient, or the budget is spent).
    pub fn next_delay<R: TryCryptoRng + ?Sized>(
        &mut self,
        failure: Failure<'_>,
        rng: &mut R,
    ) -> Option<Duration> {
        if !failure.is_transient() || self.rounds >= self.budget {
            return None;
        }
        self.rounds = self.rounds.saturating_add(1);
        Some(self.backoff.delay(self.rounds, rng))
    }

    /// Resends so far.
    #[must_use]
    pub fn rounds(&self) -> u32 {
        self.rounds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A counter generator: deterministic, every value different.
    struct Counter(u64);

    impl cognito_srp_core::rand_core::TryRng for Counter {
        type Error = core::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            self.try_next_u64().map(|v| u32::try_from(v % 0xffff_ffff).unwrap_or(0))
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            Ok(self.0)
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            for b in dst {
                *b = self.try_next_u64()?.to_le_bytes()[7];
            }
            Ok(())
        }
    }
    impl TryCryptoRng for Counter {}

    #[test]
    fn backoff_is_jittered_capped_and_grows() {
        let policy = RetryPolicy::new(10, Duration::from_millis(100), Duration::from_secs(1));
        let mut rng = Counter(1);
        for attempt in 1..40 {
            assert!(policy.delay(attempt, &mut rng) <= Duration::from_secs(1));
        }
        let firsts: alloc::vec::Vec<Duration> = (0..50).map(|_| policy.delay(1, &mut rng)).collect();
        assert!(firsts.iter().all(|d| *d <= Duration::from_millis(100)));
        assert!(firsts.windows(2).any(|w| w.first() != w.get(1)), "jittered");
        let no_wait = RetryPolicy::new(3, Duration::ZERO, Duration::from_secs(1));
        assert_eq!(no_wait.delay(3, &mut rng), Duration::ZERO);
        assert_eq!(RetryPolicy::none().max_attempts, 1);
    }
}
