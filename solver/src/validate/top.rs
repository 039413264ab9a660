//! The top of a problem file: the format version and the rota week.

use super::Context;
use crate::format::Findings;
use crate::model::FORMAT_VERSION;
use crate::time::Week;
use chrono::{Datelike, Days, NaiveDate, Weekday};

/// `unsupported_version`, `week_start_not_monday`, `invalid_week_start`.
pub(super) fn check(cx: &Context, f: &mut Findings) {
    version(&cx.p.format_version, f);
    let start = cx.p.week_start;
    if start.weekday() != Weekday::Mon {
        f.error(
            "$.week_start",
            None,
            "week_start_not_monday",
            format!("the rota week runs Monday to Sunday, but week_start {start} is a {}", day_name(start.weekday())),
        );
    }
    if cx.week.is_none() {
        f.error(
            "$.week_start",
            None,
            "invalid_week_start",
            format!("week_start {start} is out of the supported range"),
        );
    }
}

/// `unsupported_version` for a problem or rota file's `format_version`.
pub(super) fn version(version: &str, f: &mut Findings) {
    if version != FORMAT_VERSION {
        f.error(
            "$.format_version",
            None,
            "unsupported_version",
            format!("format_version {version:?} is not supported; this build reads {FORMAT_VERSION:?}"),
        );
    }
}

/// The week starting on the Monday on or before `start`, as [`crate::model::Problem::week`]
/// computes it; `None` when the week would run off chrono's calendar.
pub(super) fn week_of(start: NaiveDate) -> Option<Week> {
    let back = start.weekday().num_days_from_monday() as u64;
    let monday = start.checked_sub_days(Days::new(back))?;
    // Keep a margin so that any code adding a week or two to the Monday cannot overflow.
    monday.checked_sub_days(Days::new(14))?;
    monday.checked_add_days(Days::new(21))?;
    Week::starting(monday)
}

/// The English name of a day of the week.
pub(super) fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}
