//! Cognito's `TIMESTAMP`: `EEE MMM d HH:mm:ss UTC yyyy` in English, UTC, day not zero-padded.
//!
//! Written and parsed with integer arithmetic only: no `std`, no locale, no time zone database.

use crate::error::Error;

const WEEKDAYS: [&[u8; 3]; 7] = [b"Sun", b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat"];
const MONTHS: [&[u8; 3]; 12] =
    [b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec"];
/// 9999-12-31T23:59:59Z.
const MAX_SECONDS: u64 = 253_402_300_799;
const SECONDS_PER_DAY: u64 = 86_400;

/// A `TIMESTAMP` value, e.g. `Wed Jan 7 09:05:03 UTC 2026`, and the Unix time it stands for.
///
/// # Example
/// ```
/// use cognito_srp_core::Timestamp;
/// let t = Timestamp::from_unix_seconds(1_767_776_703).unwrap();
/// assert_eq!(t.as_str(), "Wed Jan 7 09:05:03 UTC 2026");
/// assert_eq!(Timestamp::parse(t.as_str()).unwrap().unix_seconds(), 1_767_776_703);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    buf: [u8; 28],
    len: u8,
    seconds: u64,
}

/// Days since 1970-01-01 to (year, month 1..=12, day 1..=31); proleptic Gregorian.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Shift the epoch to 0000-03-01 so that leap days fall at the end of a cycle.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// (year >= 1970, month 1..=12, day 1..=31) to days since 1970-01-01.
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y % 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe) - 719_468
}

fn is_leap(year: u64) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

struct Writer {
    buf: [u8; 28],
    len: usize,
}

impl Writer {
    fn bytes(&mut self, bytes: &[u8]) {
        for b in bytes {
            if let Some(slot) = self.buf.get_mut(self.len) {
                *slot = *b;
                self.len += 1;
            }
        }
    }

    fn digit(&mut self, value: u64) {
        self.bytes(&[b'0' + (value % 10).to_le_bytes()[0]]);
    }

    fn two(&mut self, value: u64) {
        self.digit(value / 10);
        self.digit(value);
    }
}

impl Timestamp {
    /// The timestamp for a Unix time in seconds.
    ///
    /// # Errors
    /// [`Error::TimestampOutOfRange`] after the year 9999.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::Timestamp;
    /// assert_eq!(Timestamp::from_unix_seconds(0).unwrap().as_str(), "Thu Jan 1 00:00:00 UTC 1970");
    /// ```
    pub fn from_unix_seconds(seconds: u64) -> Result<Self, Error> {
        if seconds > MAX_SECONDS {
            return Err(Error::TimestampOutOfRange);
        }
        let days = seconds / SECONDS_PER_DAY;
        let rem = seconds % SECONDS_PER_DAY;
        let (year, month, day) = civil_from_days(days);
        let weekday = (days + 4) % 7; // 1970-01-01 was a Thursday
        let mut w = Writer { buf: [0u8; 28], len: 0 };
        w.bytes(WEEKDAYS.get(usize::try_from(weekday).unwrap_or(0)).map_or(&b"???"[..], |d| &d[..]));
        w.bytes(b" ");
        let month_name = usize::try_from(month - 1).ok().and_then(|m| MONTHS.get(m));
        w.bytes(month_name.map_or(&b"???"[..], |m| &m[..]));
        w.bytes(b" ");
        if day >= 10 {
            w.digit(day / 10);
        }
        w.digit(day);
        w.bytes(b" ");
        w.two(rem / 3600);
        w.bytes(b":");
        w.two(rem / 60 % 60);
        w.bytes(b":");
        w.two(rem % 60);
        w.bytes(b" UTC ");
        w.two(year / 100);
        w.two(year % 100);
        Ok(Self { buf: w.buf, len: u8::try_from(w.len).unwrap_or(0), seconds })
    }

    /// The current time from the system clock (feature `std`).
    ///
    /// # Errors
    /// [`Error::ClockUnavailable`] when the clock is before 1970.
    ///
    /// # Example
    /// ```
    /// let now = cognito_srp_core::Timestamp::now().unwrap();
    /// assert!(now.as_str().contains(" UTC "));
    /// ```
    #[cfg(feature = "std")]
    pub fn now() -> Result<Self, Error> {
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| Error::ClockUnavailable)?;
        Self::from_unix_seconds(since.as_secs())
    }

    /// Parses a `TIMESTAMP` strictly: English names, day without a leading zero, two-digit
    /// 24-hour time, `UTC`, a four-digit year from 1970, and a weekday that matches the date.
    ///
    /// # Errors
    /// [`Error::InvalidTimestamp`] for anything else.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::{Error, Timestamp};
    /// assert!(Timestamp::parse("Tue Jan 1 06:06:09 UTC 2019").is_ok());
    /// assert_eq!(Timestamp::parse("Tue Jan 01 06:06:09 UTC 2019"), Err(Error::InvalidTimestamp));
    /// ```
    pub fn parse(text: &str) -> Result<Self, Error> {
        const BAD: Error = Error::InvalidTimestamp;
        let mut parts = text.split(' ');
        let mut next = || parts.next().map(str::as_bytes).ok_or(BAD);
        let weekday = next()?;
        let month = next()?;
        let day = next()?;
        let time = next()?;
        let zone = next()?;
        let year = next()?;
        if parts.next().is_some() || zone != b"UTC" {
            return Err(BAD);
        }
        let month = MONTHS.iter().position(|m| &m[..] == month).ok_or(BAD)?;
        let month = u64::try_from(month).map_err(|_| BAD)? + 1;
        let weekday = WEEKDAYS.iter().position(|d| &d[..] == weekday).ok_or(BAD)?;
        let day = match day {
            [d @ b'1'..=b'9'] => u64::from(d - b'0'),
            [t @ b'1'..=b'3', u @ b'0'..=b'9'] => u64::from(t - b'0') * 10 + u64::from(u - b'0'),
            _ => return Err(BAD),
        };
        let two = |a: u8, b: u8| -> Result<u64, Error> {
            if a.is_ascii_digit() && b.is_ascii_digit() {
                Ok(u64::from(a - b'0') * 10 + u64::from(b - b'0'))
            } else {
                Err(BAD)
            }
        };
        let (hour, minute, second) = match time {
            [h1, h2, b':', m1, m2, b':', s1, s2] => (two(*h1, *h2)?, two(*m1, *m2)?, two(*s1, *s2)?),
            _ => return Err(BAD),
        };
        let year = match year {
            [a, b, c, d] => two(*a, *b)? * 100 + two(*c, *d)?,
            _ => return Err(BAD),
        };
        if hour > 23 || minute > 59 || second > 59 || year < 1970 {
            return Err(BAD);
        }
        if day > days_in_month(year, month) {
            return Err(BAD);
        }
        let days = days_from_civil(year, month, day);
        if usize::try_from((days + 4) % 7).ok() != Some(weekday) {
            return Err(BAD);
        }
        Self::from_unix_seconds(days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second)
    }

    /// The text, as sent in `TIMESTAMP` and signed.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::Timestamp;
    /// let ts = Timestamp::from_unix_seconds(1_767_776_703).unwrap();
    /// assert_eq!(ts.as_str(), "Wed Jan 7 09:05:03 UTC 2026");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.buf.get(..usize::from(self.len)).and_then(|b| core::str::from_utf8(b).ok()).unwrap_or("")
    }

    /// Seconds since the Unix epoch.
    ///
    /// # Example
    /// ```
    /// use cognito_srp_core::Timestamp;
    /// let ts = Timestamp::parse("Wed Jan 7 09:05:03 UTC 2026").unwrap();
    /// assert_eq!(ts.unix_seconds(), 1_767_776_703);
    /// ```
    #[must_use]
    pub const fn unix_seconds(&self) -> u64 {
        self.seconds
    }
}

impl core::fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("Timestamp").field(&self.as_str()).finish()
    }
}

impl core::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation)]
mod tests {
    extern crate std;
    use super::*;

    fn ts(s: u64) -> std::string::String {
        Timestamp::from_unix_seconds(s).unwrap().as_str().into()
    }

    #[test]
    fn known_dates() {
        assert_eq!(ts(1_546_322_769), "Tue Jan 1 06:06:09 UTC 2019");
        assert_eq!(ts(951_782_400), "Tue Feb 29 00:00:00 UTC 2000");
        assert_eq!(ts(4_107_542_399), "Sun Feb 28 23:59:59 UTC 2100");
        assert_eq!(ts(4_107_542_400), "Mon Mar 1 00:00:00 UTC 2100");
        assert_eq!(ts(MAX_SECONDS), "Fri Dec 31 23:59:59 UTC 9999");
        assert_eq!(Timestamp::from_unix_seconds(MAX_SECONDS + 1), Err(Error::TimestampOutOfRange));
    }

    #[test]
    fn every_day_round_trips_through_parse() {
        // Every day from 1970 to 2400 at 00:00:00 and 23:59:59: the text parses back to the same
        // second, the day is never zero-padded, and the day/month agree with a running calendar.
        let (mut year, mut month, mut day) = (1970u64, 1u64, 1u64);
        let mut weekday = 4u64;
        for days in 0..days_from_civil(2401, 1, 1) {
            for secs in [days * SECONDS_PER_DAY, days * SECONDS_PER_DAY + 86_399] {
                let t = Timestamp::from_unix_seconds(secs).unwrap();
                let expected_prefix = std::format!(
                    "{} {} {} ",
                    std::str::from_utf8(WEEKDAYS[weekday as usize]).unwrap(),
                    std::str::from_utf8(MONTHS[(month - 1) as usize]).unwrap(),
                    day
                );
                assert!(t.as_str().starts_with(&expected_prefix), "{} vs {}", t.as_str(), expected_prefix);
                assert!(t.as_str().ends_with(&std::format!(" UTC {year}")));
                assert_eq!(Timestamp::parse(t.as_str()).unwrap().unix_seconds(), secs);
            }
            weekday = (weekday + 1) % 7;
            day += 1;
            if day > days_in_month(year, month) {
                day = 1;
                month += 1;
                if month > 12 {
                    month = 1;
                    year += 1;
                }
            }
        }
    }

    #[test]
    fn parse_rejects_wrong_forms() {
        for bad in [
            "Tue Jan 01 06:06:09 UTC 2019",
            "Wed Jan 1 06:06:09 UTC 2019",
            "Tue Jan 1 6:06:09 UTC 2019",
            "Tue Jan 1 24:00:00 UTC 2019",
            "Tue Jan 1 06:60:09 UTC 2019",
            "Tue Jan 1 06:06:09 GMT 2019",
            "Tue Jan 1 06:06:09 UTC 19",
            "Tue Jan  1 06:06:09 UTC 2019",
            "Tue Jan 1 06:06:09 UTC 2019 ",
            "tue jan 1 06:06:09 UTC 2019",
            "Thu Feb 29 00:00:00 UTC 2019",
            "Thu Jan 1 00:00:00 UTC 1969",
            "Mon Jan 32 00:00:00 UTC 2024",
            "",
            "Tue Jan 1 06:06:09 UTC 2019\u{0}",
        ] {
            assert_eq!(Timestamp::parse(bad), Err(Error::InvalidTimestamp), "{bad:?}");
        }
    }
}
