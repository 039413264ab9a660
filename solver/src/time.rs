//! Time on the rota week: wall-clock times of day and minutes since the week starts.
//!
//! Rota keeps all timing in integers, like PyVRP's integer-only model: a [`Ticks`] count of
//! milliseconds (an `i64`). Care data comes in whole minutes, and with whole-minute travel every
//! planned time stays a whole minute; the finer tick lets benchmark problems with real-valued
//! travel keep their precision (0.001 minute is exactly 60 ticks).
//! A [`ClockTime`] is a time of day written `"HH:MM"` (or `"HH:MM:SS"`, `"HH:MM:SS.sss"` when
//! it is not a whole minute). As in GTFS, hours may run past 24
//! (`"26:30"` is 02:30 on the next day), so a night shift or a bed call that ends after
//! midnight stays attached to the date it started on.
//!
//! Times are UK local wall-clock times. The week is Monday to Sunday; a minute of the week is
//! `day_index * 1440 + minute_of_day`. The hour lost or gained when the clocks change (the last
//! Sunday of March and of October) is not modelled: a shift that spans 01:00–02:00 on those
//! nights is off by one hour. This is documented in `docs/formats.md`.
//!
//! ```
//! use rota::time::{ClockTime, MINUTE};
//! let t: ClockTime = "05:14:09.060".parse().unwrap();
//! assert_eq!(t.ticks(), 314 * MINUTE + 9_060);
//! assert!((t.as_minutes() - 314.151).abs() < 1e-9);
//! ```

use chrono::{Datelike, NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A whole number of minutes, as the problem file's integer fields give them.
pub type Minutes = i32;

/// An instant or a duration in milliseconds. All timing inside Rota uses ticks.
pub type Ticks = i64;

/// Ticks in one minute.
pub const MINUTE: Ticks = 60_000;

/// Ticks in one day.
pub const DAY: Ticks = 1440 * MINUTE;

/// The latest clock time accepted: 72:00, the end of the second day after. Care rotas need at
/// most 48:00 (a night shift into the next day); abstract benchmark days run longer.
pub const MAX_CLOCK: Ticks = 3 * DAY;

/// Ticks in `m` whole minutes.
pub const fn minutes(m: Minutes) -> Ticks {
    m as Ticks * MINUTE
}

/// Ticks in `m` minutes, rounded to the nearest tick; `None` if not finite or out of range.
pub fn ticks_from_minutes(m: f64) -> Option<Ticks> {
    let t = (m * MINUTE as f64).round();
    (t.is_finite() && t.abs() < 1e15).then_some(t as Ticks)
}

/// Minutes rounded to the nearest tick (millisecond), still as minutes.
pub fn round_to_tick(m: f64) -> f64 {
    (m * MINUTE as f64).round() / MINUTE as f64
}

/// Ticks as minutes, with the fraction.
pub fn as_minutes(t: Ticks) -> f64 {
    t as f64 / MINUTE as f64
}

/// A time of day in ticks after midnight, written `"HH:MM"`; hours 24–71 fall on later days.
///
/// ```
/// use rota::time::ClockTime;
/// let t: ClockTime = "26:30".parse().unwrap();
/// assert_eq!(t.whole_minutes(), 26 * 60 + 30);
/// assert_eq!(t.to_string(), "26:30");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ClockTime(Ticks);

impl ClockTime {
    /// A clock time from whole minutes after midnight. Panics in debug builds outside `0..=72:00`.
    pub const fn from_minutes(m: Minutes) -> Self {
        Self::from_ticks(minutes(m))
    }

    /// A clock time from ticks after midnight. Panics in debug builds outside `0..=72:00`.
    pub const fn from_ticks(t: Ticks) -> Self {
        debug_assert!(t >= 0 && t <= MAX_CLOCK);
        ClockTime(t)
    }

    /// A clock time from hours and minutes.
    pub const fn hm(hours: i32, m: i32) -> Self {
        ClockTime(minutes(hours * 60 + m))
    }

    /// Ticks after midnight of the day it belongs to.
    pub const fn ticks(self) -> Ticks {
        self.0
    }

    /// Whole minutes after midnight (any seconds are dropped).
    pub const fn whole_minutes(self) -> Minutes {
        (self.0 / MINUTE) as Minutes
    }

    /// Minutes after midnight, with the fraction.
    pub fn as_minutes(self) -> f64 {
        as_minutes(self.0)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0 / MINUTE;
        write!(f, "{:02}:{:02}", m / 60, m % 60)?;
        let ms = self.0 % MINUTE;
        match ms {
            0 => Ok(()),
            _ if ms % 1000 == 0 => write!(f, ":{:02}", ms / 1000),
            _ => write!(f, ":{:02}.{:03}", ms / 1000, ms % 1000),
        }
    }
}

/// Why a clock time did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a time of day: expected \"HH:MM\" (or \"HH:MM:SS.sss\") between 00:00 and 72:00")]
pub struct ClockTimeError(pub String);

impl std::str::FromStr for ClockTime {
    type Err = ClockTimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ClockTimeError(s.to_string());
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        let mut parts = s.splitn(3, ':');
        let (h, m) = (parts.next().ok_or_else(err)?, parts.next().ok_or_else(err)?);
        if h.is_empty() || h.len() > 2 || !h.bytes().all(|b| b.is_ascii_digit()) || !digits(m, 2) {
            return Err(err());
        }
        let h: i64 = h.parse().map_err(|_| err())?;
        let m: i64 = m.parse().map_err(|_| err())?;
        let mut ms: i64 = 0;
        if let Some(sec) = parts.next() {
            let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
            if !digits(whole, 2) || frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) || sec.ends_with('.') {
                return Err(err());
            }
            let whole: i64 = whole.parse().map_err(|_| err())?;
            let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<3}").parse().map_err(|_| err())? };
            if whole >= 60 {
                return Err(err());
            }
            ms = whole * 1000 + frac;
        }
        if !(0..60).contains(&m) {
            return Err(err());
        }
        let total = (h * 60 + m) * MINUTE + ms;
        if total > MAX_CLOCK {
            return Err(err());
        }
        Ok(ClockTime(total))
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for ClockTime {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ClockTime".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(([0-6]?[0-9]|7[01]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,3})?)?|72:00)$",
            "description": "Time of day \"HH:MM\", or \"HH:MM:SS.sss\" to the millisecond; hours 24-71 run into the next days (as in GTFS)."
        })
    }
}

/// The seven dates of a rota week, Monday first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Week {
    monday: NaiveDate,
}

impl Week {
    /// The week starting on `monday`; `None` if the date is not a Monday.
    pub fn starting(monday: NaiveDate) -> Option<Week> {
        (monday.weekday() == Weekday::Mon).then_some(Week { monday })
    }

    /// The Monday the week starts on.
    pub fn monday(&self) -> NaiveDate {
        self.monday
    }

    /// The day index (0 = Monday … 6 = Sunday) of `date`, or `None` outside the week.
    pub fn day_index(&self, date: NaiveDate) -> Option<usize> {
        let d = (date - self.monday).num_days();
        (0..7).contains(&d).then_some(d as usize)
    }

    /// The date of day `index` (0 = Monday).
    pub fn date(&self, index: usize) -> NaiveDate {
        self.monday + chrono::Days::new(index as u64)
    }

    /// Ticks since the week starts, for a clock time on a date of the week.
    pub fn tick_of_week(&self, date: NaiveDate, time: ClockTime) -> Option<Ticks> {
        self.day_index(date).map(|d| d as Ticks * DAY + time.ticks())
    }
}

/// Format a tick of the week as `"Mon 08:30"` (with seconds if it has any), for messages.
pub fn describe_tick(tick: Ticks) -> String {
    const DAYS: [&str; 10] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon+1", "Tue+1", "Wed+1"];
    let day = tick.div_euclid(DAY);
    let t = ClockTime(tick.rem_euclid(DAY));
    let name = DAYS.get(day as usize).copied().unwrap_or("?");
    format!("{name} {t}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_clock_times() {
        assert_eq!("07:05".parse::<ClockTime>().unwrap().whole_minutes(), 425);
        assert_eq!("7:05".parse::<ClockTime>().unwrap().to_string(), "07:05");
        assert_eq!("48:00".parse::<ClockTime>().unwrap().whole_minutes(), 2880);
        assert_eq!("72:00".parse::<ClockTime>().unwrap().whole_minutes(), 4320);
        assert_eq!("07:05:00".parse::<ClockTime>().unwrap().to_string(), "07:05");
        assert_eq!("07:05:09".parse::<ClockTime>().unwrap().to_string(), "07:05:09");
        assert_eq!("07:05:09.5".parse::<ClockTime>().unwrap().ticks(), minutes(425) + 9_500);
        assert_eq!("07:05:09.06".parse::<ClockTime>().unwrap().to_string(), "07:05:09.060");
        for bad in [
            "",
            "7",
            "07:5",
            "07:60",
            "72:01",
            "-1:00",
            "ab:cd",
            "07:05:60",
            "07:05:1",
            "07:05:01.",
            "07:05:01.1234",
            "+7:05",
        ] {
            assert!(bad.parse::<ClockTime>().is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn week_indexes_dates() {
        let mon = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let week = Week::starting(mon).unwrap();
        assert!(Week::starting(mon.succ_opt().unwrap()).is_none());
        assert_eq!(week.day_index(mon + chrono::Days::new(6)), Some(6));
        assert_eq!(week.day_index(mon + chrono::Days::new(7)), None);
        assert_eq!(week.tick_of_week(week.date(1), ClockTime::hm(8, 0)), Some(minutes(1440 + 480)));
        assert_eq!(describe_tick(minutes(1440 + 480)), "Tue 08:00");
    }
}
