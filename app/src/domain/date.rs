//! Calendar arithmetic on integers, so the browser bundle needs no date crate.
//! Dates are in the site's time zone, UTC.

use serde::{Deserialize, Serialize};
use std::fmt;

pub const SECONDS_PER_DAY: i64 = 86_400;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of a month, 1-based; `None` outside 1..=12.
pub fn month_name(month: u32) -> Option<&'static str> {
    MONTHS.get(month.checked_sub(1)? as usize).copied()
}

/// A valid calendar date between the years 1970 and 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let ok = (1970..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        ok.then_some(Self { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(input: &str) -> Option<Self> {
        let mut parts = input.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Self::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Parses the three path segments of a permalink (`2024`, `05`, `09`).
    pub fn from_segments(year: &str, month: &str, day: &str) -> Option<Self> {
        if year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        Self::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    /// The date of a Unix timestamp (Howard Hinnant's civil_from_days).
    pub fn from_timestamp(ts: i64) -> Self {
        let z = ts.div_euclid(SECONDS_PER_DAY) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// Seconds since the Unix epoch at midnight starting this date.
    pub fn timestamp(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        (era * 146_097 + doe - 719_468) * SECONDS_PER_DAY
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u32 {
        self.month
    }
    pub fn day(self) -> u32 {
        self.day
    }

    pub fn month_name(self) -> &'static str {
        month_name(self.month).unwrap_or("")
    }

    /// "May 10, 2023"
    pub fn long(self) -> String {
        format!("{} {}, {}", self.month_name(), self.day, self.year)
    }

    /// The day archive's path, `/2023/05/10`; article permalinks continue it with the slug.
    pub fn path(self) -> String {
        format!("/{:04}/{:02}/{:02}", self.year, self.month, self.day)
    }

    /// The first day of this date's month.
    pub fn first_of_month(self) -> Self {
        Self { day: 1, ..self }
    }

    /// The day after the last day of this date's month.
    pub fn next_month(self) -> Option<Self> {
        if self.month == 12 {
            Self::new(self.year + 1, 1, 1)
        } else {
            Self::new(self.year, self.month + 1, 1)
        }
    }
}

impl fmt::Display for Date {
    /// ISO 8601: `2023-05-10`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// "just now", "5 minutes ago", "3 days ago", "2 years ago", from two Unix timestamps.
pub fn relative_time(now: i64, then: i64) -> String {
    let secs = (now - then).max(0);
    let (n, unit) = match secs {
        s if s < 60 => return "just now".to_owned(),
        s if s < 3_600 => (s / 60, "minute"),
        s if s < SECONDS_PER_DAY => (s / 3_600, "hour"),
        s if s < 7 * SECONDS_PER_DAY => (s / SECONDS_PER_DAY, "day"),
        s if s < 30 * SECONDS_PER_DAY => (s / (7 * SECONDS_PER_DAY), "week"),
        s if s < 365 * SECONDS_PER_DAY => (s / (30 * SECONDS_PER_DAY), "month"),
        s => (s / (365 * SECONDS_PER_DAY), "year"),
    };
    if n == 1 {
        format!("1 {unit} ago")
    } else {
        format!("{n} {unit}s ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_through_dates() {
        for ts in [0, 951_782_400, 1_683_676_800, 1_709_164_800, 4_102_444_800] {
            let date = Date::from_timestamp(ts);
            assert_eq!(date.timestamp(), ts, "{date}");
        }
        assert_eq!(
            Date::from_timestamp(1_683_720_000).to_string(),
            "2023-05-10"
        );
        assert_eq!(
            Date::from_timestamp(1_709_164_800).to_string(),
            "2024-02-29"
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 13, 1).is_none());
        assert!(Date::new(2023, 4, 31).is_none());
        assert!(Date::from_segments("2023", "5", "10").is_none());
        assert!(Date::from_segments("20x3", "05", "10").is_none());
        assert!(Date::parse_iso("2023-05-10").is_some());
        assert!(Date::parse_iso("2023-05-10T00").is_none());
    }

    #[test]
    fn relative_times_read_naturally() {
        let now = 1_700_000_000;
        assert_eq!(relative_time(now, now + 30), "just now");
        assert_eq!(relative_time(now, now - 60), "1 minute ago");
        assert_eq!(relative_time(now, now - 3 * 3_600), "3 hours ago");
        assert_eq!(relative_time(now, now - 2 * SECONDS_PER_DAY), "2 days ago");
        assert_eq!(
            relative_time(now, now - 800 * SECONDS_PER_DAY),
            "2 years ago"
        );
    }

    #[test]
    fn months_have_names() {
        assert_eq!(month_name(5), Some("May"));
        assert_eq!(month_name(0), None);
        assert_eq!(month_name(13), None);
        assert_eq!(Date::new(2023, 5, 10).unwrap().long(), "May 10, 2023");
        assert_eq!(
            Date::new(2023, 12, 9).unwrap().next_month(),
            Date::new(2024, 1, 1)
        );
    }
}

/// ISO 8601 date-time in UTC for `<time datetime>`: `2023-05-10T09:30:00Z`.
pub fn iso_datetime(ts: i64) -> String {
    let secs = ts.rem_euclid(SECONDS_PER_DAY);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        Date::from_timestamp(ts),
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

/// A Unix time as RFC 2822 (RSS's `pubDate`), UTC: `Wed, 10 May 2023 09:30:00 +0000`.
pub fn rfc2822_datetime(ts: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let d = Date::from_timestamp(ts);
    let secs = ts.rem_euclid(SECONDS_PER_DAY);
    let weekday = DAYS[ts.div_euclid(SECONDS_PER_DAY).rem_euclid(7) as usize];
    let month = &d.month_name()[..3];
    format!(
        "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} +0000",
        d.day(),
        d.year(),
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod iso_tests {
    #[test]
    fn datetimes_are_rfc_2822_for_rss() {
        assert_eq!(
            super::rfc2822_datetime(1_683_711_000),
            "Wed, 10 May 2023 09:30:00 +0000"
        );
        assert_eq!(
            super::rfc2822_datetime(0),
            "Thu, 01 Jan 1970 00:00:00 +0000"
        );
        assert_eq!(
            super::rfc2822_datetime(1_780_272_000),
            "Mon, 01 Jun 2026 00:00:00 +0000"
        );
    }

    #[test]
    fn datetimes_are_iso_8601_utc() {
        assert_eq!(super::iso_datetime(1_683_711_000), "2023-05-10T09:30:00Z");
    }
}
