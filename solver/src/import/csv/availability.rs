//! Carer availability as schedulers write it: `Mon 07:00-13:00; Mon 16:00-22:00`.
//!
//! Entries are separated by semicolons (or new lines inside the cell). Each entry is a day
//! pattern ([`super::pattern`]: `Mon`, `Mon-Fri`, `weekdays`, `every day`, `2026-12-01`…)
//! followed by one or more spans `HH:MM-HH:MM` separated by commas, so a split shift can be
//! written either way: `Mon 07:00-13:00; Mon 16:00-22:00` or `Mon 07:00-13:00, 16:00-22:00`.
//! A span that ends at or before its start runs past midnight: `Fri 22:00-07:00` is a night
//! shift that starts on Friday.
//!
//! ```
//! use rota::import::csv::availability::parse_availability;
//! use rota::time::Week;
//! let week = Week::starting("2026-11-30".parse().unwrap()).unwrap();
//! let windows = parse_availability("weekdays 07:00-13:00, 16:00-22:00; Sat 08:00-12:00", &week).unwrap();
//! assert_eq!(windows.len(), 11);
//! assert_eq!(windows[0].date.to_string(), "2026-11-30");
//! assert_eq!((windows[1].start.to_string(), windows[1].end.to_string()), ("16:00".into(), "22:00".into()));
//! ```

use super::pattern::{parse_span, DayPattern};
use crate::model::Availability;
use crate::time::Week;

/// Parse an availability cell into windows on the dates of `week`, sorted by date and start.
/// Every bad entry is reported, each as one message.
pub fn parse_availability(text: &str, week: &Week) -> Result<Vec<Availability>, Vec<String>> {
    let mut windows = Vec::new();
    let mut bad = Vec::new();
    let entries: Vec<&str> = text.split([';', '\n']).map(str::trim).filter(|e| !e.is_empty()).collect();
    if entries.is_empty() {
        return Err(vec!["no availability given: write e.g. `Mon-Fri 07:00-14:00; Sat 08:00-12:00`".into()]);
    }
    for entry in entries {
        match parse_entry(entry, week) {
            Ok(mut w) => windows.append(&mut w),
            Err(e) => bad.push(format!("`{entry}`: {e}")),
        }
    }
    if !bad.is_empty() {
        return Err(bad);
    }
    windows.sort_by_key(|a| (a.date, a.start, a.end));
    windows.dedup();
    Ok(windows)
}

/// One entry: days, then spans.
fn parse_entry(entry: &str, week: &Week) -> Result<Vec<Availability>, String> {
    let at = first_time(entry).ok_or("no times: write the days then HH:MM-HH:MM, e.g. `Mon 07:00-13:00`")?;
    let (days, spans) = entry.split_at(at);
    if days.trim().is_empty() {
        return Err("no days before the times: write e.g. `Mon 07:00-13:00` or `weekdays 07:00-13:00`".into());
    }
    let dates = days.trim().trim_end_matches(',').parse::<DayPattern>()?.dates(week)?;
    let spans = spans.split(',').map(str::trim).filter(|s| !s.is_empty()).map(parse_span);
    let mut out = Vec::new();
    for span in spans {
        let (start, end) = span?;
        out.extend(dates.iter().map(|&date| Availability { date, start, end }));
    }
    Ok(out)
}

/// The byte position of the first time `H:MM` in `entry` that starts a word.
fn first_time(entry: &str) -> Option<usize> {
    let b = entry.as_bytes();
    (0..b.len()).find(|&i| {
        let starts_word = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b',');
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        starts_word && (1..=2).contains(&digits) && b.get(i + digits) == Some(&b':')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::ClockTime;

    fn week() -> Week {
        Week::starting(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()).unwrap()
    }

    #[test]
    fn split_shifts_and_night_shifts() {
        let w = parse_availability("Mon 07:00-13:00; Mon 16:00-22:00", &week()).unwrap();
        assert_eq!(w.len(), 2);
        assert_eq!(w[1].start, ClockTime::hm(16, 0));
        let n = parse_availability("Fri 22:00-07:00", &week()).unwrap();
        assert_eq!(n[0].end, ClockTime::hm(31, 0));
        let d = parse_availability("2026-12-02 09:00-12:00", &week()).unwrap();
        assert_eq!(d[0].date.to_string(), "2026-12-02");
    }

    #[test]
    fn every_bad_entry_is_reported() {
        let e = parse_availability("Mon 07:00-13:00; Funday 08:00-10:00; Tue; Wed 25:00-26:00", &week()).unwrap_err();
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(parse_availability("  ", &week()).is_err());
        assert!(parse_availability("07:00-13:00", &week()).is_err());
    }
}
