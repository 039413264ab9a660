//! Day patterns, as schedulers write them: `every day`, `weekdays`, `weekends`, `Mon,Wed,Fri`,
//! `Mon-Fri`, `Tue`, or ISO dates such as `2026-12-01` for a one-off call. Items are separated
//! by commas, semicolons, `&` or spaces and may be mixed (`Mon, 2026-12-05`). Day names
//! may be short (`Mon`, `Tues`, `Thurs`) or long (`Monday`), in any case; a range may wrap
//! (`Fri-Mon` is Friday to Monday). Times and clock values are parsed here too, so that every
//! file reads them the same way.
//!
//! ```
//! use rota::import::csv::pattern::DayPattern;
//! use rota::time::Week;
//! let week = Week::starting("2026-11-30".parse().unwrap()).unwrap();
//! let p: DayPattern = "Mon,Wed,Fri".parse().unwrap();
//! let dates: Vec<String> = p.dates(&week).unwrap().iter().map(|d| d.to_string()).collect();
//! assert_eq!(dates, ["2026-11-30", "2026-12-02", "2026-12-04"]);
//! assert_eq!("every day".parse::<DayPattern>().unwrap().dates(&week).unwrap().len(), 7);
//! assert!("Mon,Funday".parse::<DayPattern>().is_err());
//! ```

use crate::time::{ClockTime, Week, DAY, MINUTE};
use chrono::NaiveDate;
use std::fmt;
use std::str::FromStr;

/// Short names of the days, Monday first, as used in messages.
pub const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A set of days in a rota week: weekdays (Monday to Sunday) and particular dates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayPattern {
    /// Which weekdays, Monday first.
    pub weekdays: [bool; 7],
    /// Particular dates, in the order written.
    pub dates: Vec<NaiveDate>,
}

impl DayPattern {
    /// The dates of `week` this pattern falls on, in order and without repeats. A particular
    /// date outside the week is an error.
    pub fn dates(&self, week: &Week) -> Result<Vec<NaiveDate>, String> {
        let mut out: Vec<NaiveDate> = (0..7).filter(|&d| self.weekdays[d]).map(|d| week.date(d)).collect();
        for &date in &self.dates {
            if week.day_index(date).is_none() {
                return Err(format!("{date} is not in the week {} to {}", week.monday(), week.date(6)));
            }
            out.push(date);
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }
}

impl fmt::Display for DayPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = (0..7).filter(|&d| self.weekdays[d]).map(|d| DAY_NAMES[d].to_string()).collect();
        parts.extend(self.dates.iter().map(NaiveDate::to_string));
        write!(f, "{}", parts.join(","))
    }
}

impl FromStr for DayPattern {
    type Err = String;

    fn from_str(text: &str) -> Result<DayPattern, String> {
        let lower = text.trim().to_lowercase();
        // Join the words of the multi-word names, and ranges written with spaces round the dash.
        let mut s = lower.replace("every day", "everyday").replace("all week", "everyday");
        while s.contains(" -") || s.contains("- ") {
            s = s.replace(" -", "-").replace("- ", "-");
        }
        let items: Vec<&str> = s.split([',', ';', '&', ' ', '\t']).filter(|t| !t.is_empty()).collect();
        if items.is_empty() {
            return Err("no days given: write e.g. `every day`, `weekdays`, `Mon,Wed,Fri` or 2026-12-01".into());
        }
        let mut p = DayPattern::default();
        let mut bad = Vec::new();
        for item in items {
            if item == "and" {
                continue;
            }
            match item {
                "everyday" | "daily" | "all" => p.weekdays = [true; 7],
                "weekdays" | "weekday" => p.weekdays[..5].fill(true),
                "weekends" | "weekend" => p.weekdays[5..].fill(true),
                _ => {
                    if let Some(d) = weekday(item) {
                        p.weekdays[d] = true;
                    } else if let Some((a, b)) =
                        item.split_once('-').and_then(|(a, b)| Some((weekday(a)?, weekday(b)?)))
                    {
                        let mut d = a;
                        loop {
                            p.weekdays[d] = true;
                            if d == b {
                                break;
                            }
                            d = (d + 1) % 7;
                        }
                    } else if let Some(date) = looks_like_date(item) {
                        match date {
                            Ok(date) => p.dates.push(date),
                            Err(e) => bad.push(e),
                        }
                    } else {
                        bad.push(format!("`{item}` is not a day"));
                    }
                }
            }
        }
        if bad.is_empty() {
            Ok(p)
        } else {
            Err(format!(
                "{} (write e.g. `every day`, `weekdays`, `weekends`, `Mon,Wed,Fri`, `Mon-Fri` or a date 2026-12-01)",
                bad.join("; ")
            ))
        }
    }
}

/// The day index (0 = Monday) of a day name, short or long, lower case.
fn weekday(name: &str) -> Option<usize> {
    const NAMES: [&[&str]; 7] = [
        &["mon", "monday"],
        &["tue", "tues", "tuesday"],
        &["wed", "weds", "wednesday"],
        &["thu", "thur", "thurs", "thursday"],
        &["fri", "friday"],
        &["sat", "saturday"],
        &["sun", "sunday"],
    ];
    NAMES.iter().position(|names| names.contains(&name))
}

/// `None` if `item` does not look like a date at all; else the date or why it is not one.
fn looks_like_date(item: &str) -> Option<Result<NaiveDate, String>> {
    if !item.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(parse_date(item))
}

/// An ISO date, `YYYY-MM-DD`, with a pointed message for the spreadsheet forms `30/11/2026`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    if t.contains('/') || t.contains('.') {
        return Err(format!("`{t}` is not a date: write dates as YYYY-MM-DD (e.g. 2026-11-30)"));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .filter(|_| t.len() == 10)
        .ok_or_else(|| format!("`{t}` is not a date: write dates as YYYY-MM-DD (e.g. 2026-11-30)"))
}

/// A time of day `HH:MM` (or `H:MM`, or `HH:MM:SS` with zero seconds as spreadsheets write it),
/// from 00:00 to 23:59.
pub fn parse_time(text: &str) -> Result<ClockTime, String> {
    let t = text.trim();
    let bad = || format!("`{t}` is not a time of day: write HH:MM, from 00:00 to 23:59 (e.g. 07:30)");
    let time: ClockTime = t.parse().map_err(|_| bad())?;
    if time.ticks() % MINUTE != 0 || time.ticks() >= DAY {
        return Err(bad());
    }
    Ok(time)
}

/// A span of time `HH:MM-HH:MM` on one day. An end at or before the start runs past midnight
/// (`22:00-07:00` ends at 07:00 the next morning, stored as 31:00). Returns (start, end).
pub fn parse_span(text: &str) -> Result<(ClockTime, ClockTime), String> {
    let t = text.trim();
    let Some((a, b)) = t.split_once('-') else {
        return Err(format!("`{t}` is not a span of time: write HH:MM-HH:MM (e.g. 07:00-13:00)"));
    };
    let start = parse_time(a)?;
    let mut end = parse_time(b)?;
    if end == start {
        return Err(format!("`{t}` is empty: it ends when it starts"));
    }
    if end < start {
        end = ClockTime::from_ticks(end.ticks() + DAY);
    }
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week() -> Week {
        Week::starting(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()).unwrap()
    }

    fn days(s: &str) -> Vec<usize> {
        let p: DayPattern = s.parse().unwrap();
        (0..7).filter(|&d| p.weekdays[d]).collect()
    }

    #[test]
    fn reads_the_ways_schedulers_write_days() {
        assert_eq!(days("every day"), [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(days("Daily"), [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(days("weekdays"), [0, 1, 2, 3, 4]);
        assert_eq!(days("Weekends"), [5, 6]);
        assert_eq!(days("Mon,Wed,Fri"), [0, 2, 4]);
        assert_eq!(days("mon wed fri"), [0, 2, 4]);
        assert_eq!(days("Tuesday & Thursday"), [1, 3]);
        assert_eq!(days("Mon - Thu"), [0, 1, 2, 3]);
        assert_eq!(days("Sat-Mon"), [0, 5, 6]);
        assert_eq!(days("Tues; Thurs"), [1, 3]);
    }

    #[test]
    fn dates_must_be_in_the_week_and_iso() {
        let p: DayPattern = "Mon, 2026-12-05, 2026-11-30".parse().unwrap();
        let dates = p.dates(&week()).unwrap();
        assert_eq!(dates.len(), 2);
        let outside: DayPattern = "2026-12-07".parse().unwrap();
        assert!(outside.dates(&week()).unwrap_err().contains("not in the week"));
        assert!("30/11/2026".parse::<DayPattern>().unwrap_err().contains("YYYY-MM-DD"));
        assert!("".parse::<DayPattern>().is_err());
        assert!("Mon,Moonday".parse::<DayPattern>().unwrap_err().contains("`moonday` is not a day"));
    }

    #[test]
    fn times_and_spans() {
        assert_eq!(parse_time("7:30").unwrap(), ClockTime::hm(7, 30));
        assert_eq!(parse_time("07:30:00").unwrap(), ClockTime::hm(7, 30));
        assert!(parse_time("07:30:15").is_err());
        assert!(parse_time("24:00").is_err());
        assert!(parse_time("7.30").is_err());
        assert_eq!(parse_span("22:00-07:00").unwrap(), (ClockTime::hm(22, 0), ClockTime::hm(31, 0)));
        assert_eq!(parse_span("07:00 - 13:00").unwrap(), (ClockTime::hm(7, 0), ClockTime::hm(13, 0)));
        assert!(parse_span("07:00-07:00").is_err());
        assert!(parse_span("07:00").is_err());
    }
}
