//! Same client, same slot: which visit of last week a visit of next week repeats.
//!
//! Continuity from one week to the next ("keep last week's carer") needs, for each visit of the
//! new week, the visit of the old week it stands for. Visit ids are no guide in general (an
//! imported week may number its visits afresh), so [`same_slots`] matches on what a scheduler
//! would: the same client, the same weekday and the nearest target start, at most
//! [`SAME_SLOT_MAX_SHIFT_MIN`] minutes apart.
//!
//! ```
//! use rota::generate::slots::same_slots;
//! # let last: rota::model::Problem = serde_json::from_str(r#"{"format_version":"1.0","week_start":"2026-11-30",
//! #   "clients":[],"carers":[],"visits":[]}"#).unwrap();
//! let next = last.clone();
//! assert!(same_slots(&last, &next).is_empty());
//! ```

use crate::model::{Problem, Visit};
use crate::time::{minutes, Ticks};
use chrono::Datelike;

/// The largest difference between two target starts that still counts as the same slot:
/// 60 minutes, so a call moved by up to an hour keeps its carer, while a client's morning and
/// lunch calls (at least 90 minutes apart in generated weeks) stay apart.
pub const SAME_SLOT_MAX_SHIFT_MIN: i32 = 60;

/// For each visit of `next` (in its order), the index in `last.visits` of the visit it repeats,
/// or `None`: a visit of `last` for the same client on the same weekday whose target start is
/// at most [`SAME_SLOT_MAX_SHIFT_MIN`] minutes away.
///
/// Each visit of `last` is matched at most once. Pairs are taken nearest first, ties broken by
/// the `next` visit's id and then the `last` visit's id, so the result does not depend on the
/// order of either list. A double-handed visit is one visit: it matches one visit, whatever the
/// carers required on either side (the caller maps carers to seats). Cancelled visits are
/// matched like any other; the caller decides what a cancelled slot means.
pub fn same_slots(last: &Problem, next: &Problem) -> Vec<Option<usize>> {
    let limit = minutes(SAME_SLOT_MAX_SHIFT_MIN);
    // Candidate pairs (distance, next id, last id, next index, last index), nearest first.
    let mut pairs: Vec<(Ticks, &str, &str, usize, usize)> = Vec::new();
    let mut by_slot: std::collections::BTreeMap<(&str, u32), Vec<usize>> = std::collections::BTreeMap::new();
    for (j, v) in last.visits.iter().enumerate() {
        by_slot.entry(key(v)).or_default().push(j);
    }
    for (i, v) in next.visits.iter().enumerate() {
        for &j in by_slot.get(&key(v)).map_or(&[][..], Vec::as_slice) {
            let w = &last.visits[j];
            let d = (v.start.ticks() - w.start.ticks()).abs();
            if d <= limit {
                pairs.push((d, &v.id, &w.id, i, j));
            }
        }
    }
    pairs.sort();
    let mut matched = vec![None; next.visits.len()];
    let mut taken = vec![false; last.visits.len()];
    for (_, _, _, i, j) in pairs {
        if matched[i].is_none() && !taken[j] {
            matched[i] = Some(j);
            taken[j] = true;
        }
    }
    matched
}

/// The client and weekday (0 = Monday) of a visit.
fn key(v: &Visit) -> (&str, u32) {
    (v.client.as_str(), v.date.weekday().num_days_from_monday())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::ClockTime;
    use chrono::NaiveDate;

    fn visit(id: &str, client: &str, date: &str, start: &str, carers: u8) -> Visit {
        serde_json::from_value(serde_json::json!({
            "id": id, "client": client, "date": date, "start": start,
            "duration_min": 30, "carers_required": carers,
        }))
        .unwrap()
    }

    fn problem(week_start: &str, visits: Vec<Visit>) -> Problem {
        let mut p: Problem = serde_json::from_value(serde_json::json!({
            "format_version": "1.0", "week_start": week_start, "clients": [], "carers": [], "visits": [],
        }))
        .unwrap();
        p.visits = visits;
        p
    }

    #[test]
    fn a_call_moved_by_twenty_minutes_keeps_its_slot() {
        let last = problem("2026-11-30", vec![visit("a", "c1", "2026-11-30", "08:00", 1)]);
        let next = problem("2026-12-07", vec![visit("b", "c1", "2026-12-07", "08:20", 1)]);
        assert_eq!(same_slots(&last, &next), vec![Some(0)]);
    }

    #[test]
    fn another_weekday_client_or_hour_is_another_slot() {
        let last = problem("2026-11-30", vec![visit("a", "c1", "2026-11-30", "08:00", 1)]);
        let next = problem(
            "2026-12-07",
            vec![
                visit("tue", "c1", "2026-12-08", "08:00", 1),
                visit("other", "c2", "2026-12-07", "08:00", 1),
                visit("late", "c1", "2026-12-07", "09:01", 1),
            ],
        );
        assert_eq!(same_slots(&last, &next), vec![None, None, None]);
        // Exactly the limit still matches.
        let next = problem("2026-12-07", vec![visit("b", "c1", "2026-12-07", "09:00", 1)]);
        assert_eq!(same_slots(&last, &next), vec![Some(0)]);
    }

    #[test]
    fn each_last_visit_is_matched_once_nearest_first() {
        let last = problem(
            "2026-11-30",
            vec![visit("lunch", "c1", "2026-11-30", "12:30", 1), visit("morning", "c1", "2026-11-30", "08:00", 1)],
        );
        // Two new calls near the morning one: the nearer takes it; the other is within an hour
        // of nothing else.
        let next = problem(
            "2026-12-07",
            vec![visit("x", "c1", "2026-12-07", "08:40", 1), visit("y", "c1", "2026-12-07", "08:10", 1)],
        );
        assert_eq!(same_slots(&last, &next), vec![None, Some(1)]);
    }

    #[test]
    fn ties_go_by_id_whatever_the_order() {
        let a = visit("a", "c1", "2026-11-30", "08:00", 1);
        let b = visit("b", "c1", "2026-11-30", "09:00", 1);
        let n = visit("n", "c1", "2026-12-07", "08:30", 1);
        let next = problem("2026-12-07", vec![n]);
        assert_eq!(same_slots(&problem("2026-11-30", vec![a.clone(), b.clone()]), &next), vec![Some(0)]);
        assert_eq!(same_slots(&problem("2026-11-30", vec![b, a]), &next), vec![Some(1)]);
    }

    #[test]
    fn double_handed_visits_match_one_to_one() {
        // A double-handed call is one visit needing two carers; a file may also give it as two
        // single visits at one time. Either way each old visit stands for one new one.
        let last = problem(
            "2026-11-30",
            vec![
                visit("bed", "c1", "2026-11-30", "21:00", 2),
                visit("tea-1", "c2", "2026-11-30", "17:00", 1),
                visit("tea-2", "c2", "2026-11-30", "17:00", 1),
            ],
        );
        let next = problem(
            "2026-12-07",
            vec![
                visit("bed", "c1", "2026-12-07", "21:15", 2),
                visit("tea-2", "c2", "2026-12-07", "17:00", 1),
                visit("tea-1", "c2", "2026-12-07", "17:00", 1),
                visit("tea-3", "c2", "2026-12-07", "17:00", 1),
            ],
        );
        assert_eq!(same_slots(&last, &next), vec![Some(0), Some(2), Some(1), None]);
    }

    #[test]
    fn the_same_week_matches_itself() {
        let visits: Vec<Visit> = (0..7)
            .flat_map(|d| {
                let date = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap() + chrono::Days::new(d);
                ["07:30", "12:00", "21:00"].into_iter().enumerate().map(move |(k, t)| {
                    let mut v = visit(&format!("v{d}-{k}"), "c1", &date.to_string(), "00:00", 1);
                    v.start = t.parse::<ClockTime>().unwrap();
                    v
                })
            })
            .collect();
        let p = problem("2026-11-30", visits);
        let all: Vec<Option<usize>> = (0..p.visits.len()).map(Some).collect();
        assert_eq!(same_slots(&p, &p), all);
    }
}
