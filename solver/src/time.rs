//! Time on the rota week: wall-clock times of day and minutes since the week starts.
//!
//! Rota keeps all timing in whole minutes (an `i32`), like PyVRP's integer-only model.
//! A [`ClockTime`] is a time of day written `"HH:MM"`. As in GTFS, hours may run past 24
//! (`"26:30"` is 02:30 on the next day), so a night shift or a bed call that ends after
//! midnight stays attached to the date it started on.
//!
//! Times are UK local wall-clock times. The week is Monday to Sunday; a minute of the week is
//! `day_index * 1440 + minute_of_day`. The hour lost or gained when the clocks change (the last
//! Sunday of March and of October) is not modelled: a shift that spans 01:00–02:00 on those
//! nights is off by one hour. This is documented in `docs/formats.md`.

use chrono::{Datelike, NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A number of minutes. All durations and instants in Rota are whole minutes.
pub type Minutes = i32;

/// Minutes in one day.
pub const DAY: Minutes = 1440;

/// The latest clock time accepted: 48:00, the end of the day after.
pub const MAX_CLOCK: Minutes = 2 * DAY;

/// A time of day in minutes after midnight, written `"HH:MM"`; hours 24–47 fall on the next day.
///
/// ```
/// use rota::time::ClockTime;
/// let t: ClockTime = "26:30".parse().unwrap();
/// assert_eq!(t.minutes(), 26 * 60 + 30);
/// assert_eq!(t.to_string(), "26:30");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ClockTime(Minutes);

impl ClockTime {
    /// A clock time from minutes after midnight. Panics in debug builds outside `0..=2880`.
    pub const fn from_minutes(minutes: Minutes) -> Self {
        debug_assert!(minutes >= 0 && minutes <= MAX_CLOCK);
        ClockTime(minutes)
    }

    /// A clock time from hours and minutes.
    pub const fn hm(hours: i32, minutes: i32) -> Self {
        ClockTime(hours * 60 + minutes)
    }

    /// Minutes after midnight of the day it belongs to.
    pub const fn minutes(self) -> Minutes {
        self.0
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// Why a clock time did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a time of day: expected \"HH:MM\" between 00:00 and 48:00")]
pub struct ClockTimeError(pub String);

impl std::str::FromStr for ClockTime {
    type Err = ClockTimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ClockTimeError(s.to_string());
        let (h, m) = s.split_once(':').ok_or_else(err)?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return Err(err());
        }
        let h: i32 = h.parse().map_err(|_| err())?;
        let m: i32 = m.parse().map_err(|_| err())?;
        if !(0..60).contains(&m) || h < 0 {
            return Err(err());
        }
        let total = h * 60 + m;
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
            "pattern": "^(([0-3]?[0-9]|4[0-7]):[0-5][0-9]|48:00)$",
            "description": "Time of day \"HH:MM\"; hours 24-47 run into the next day (as in GTFS)."
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

    /// Minutes since the week starts, for a clock time on a date of the week.
    pub fn minute_of_week(&self, date: NaiveDate, time: ClockTime) -> Option<Minutes> {
        self.day_index(date).map(|d| d as Minutes * DAY + time.minutes())
    }
}

/// Format a minute of the week as `"Mon 08:30"`, for messages.
pub fn describe_minute(minute: Minutes) -> String {
    const DAYS: [&str; 9] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Mon+1", "Tue+1"];
    let day = minute.div_euclid(DAY);
    let m = minute.rem_euclid(DAY);
    let name = DAYS.get(day as usize).copied().unwrap_or("?");
    format!("{name} {:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_clock_times() {
        assert_eq!("07:05".parse::<ClockTime>().unwrap().minutes(), 425);
        assert_eq!("7:05".parse::<ClockTime>().unwrap().to_string(), "07:05");
        assert_eq!("48:00".parse::<ClockTime>().unwrap().minutes(), 2880);
        for bad in ["", "7", "07:5", "07:60", "48:01", "-1:00", "ab:cd", "07:05:00"] {
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
        assert_eq!(week.minute_of_week(week.date(1), ClockTime::hm(8, 0)), Some(1440 + 480));
        assert_eq!(describe_minute(1440 + 480), "Tue 08:00");
    }
}
