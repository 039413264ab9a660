//! A rota file against its problem: version, known carers and visits, round dates, one round
//! per carer and date, planned times and unassigned seat counts.
//!
//! Conservation (each visit seat scheduled once or unassigned) is a rule of the rota, checked
//! by [`crate::check`], not here.

use super::references::unknown;
use super::Context;
use crate::format::{Findings, Rota};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The most minutes a rota may state for one leg or wait: a week.
const MAX_STATED_MIN: f64 = 10_080.0;

/// `unsupported_version`, `unknown_reference`, `date_outside_week`, `duplicate_round`,
/// `wrong_date`, `invalid_value` and `problem_name_mismatch`.
pub(super) fn check(cx: &Context, rota: &Rota, f: &mut Findings) {
    let p = cx.p;
    super::top::version(&rota.format_version, f);
    if !rota.problem.is_empty() && !p.name.is_empty() && rota.problem != p.name {
        f.warning(
            "$.problem",
            None,
            "problem_name_mismatch",
            format!("the rota is for problem {:?}, but the problem is named {:?}", rota.problem, p.name),
        );
    }
    let mut rounds: HashMap<(&str, NaiveDate), usize> = HashMap::new();
    for (r, round) in rota.rounds.iter().enumerate() {
        let carer = Some(round.carer.as_str());
        if !cx.index.carers.contains_key(&round.carer) {
            unknown(f, format!("$.rounds[{r}].carer"), carer, "carer", &round.carer);
        }
        if let Some(week) = &cx.week {
            if week.day_index(round.date).is_none() {
                f.error(
                    format!("$.rounds[{r}].date"),
                    carer,
                    "date_outside_week",
                    format!(
                        "the round of carer {:?} is on {}, outside the week of {}",
                        round.carer,
                        round.date,
                        week.monday()
                    ),
                );
            }
        }
        match rounds.get(&(round.carer.as_str(), round.date)) {
            Some(&first) => f.error(
                format!("$.rounds[{r}]"),
                carer,
                "duplicate_round",
                format!(
                    "carer {:?} has a second round on {}; the first is $.rounds[{first}]; a carer has one round a day",
                    round.carer, round.date
                ),
            ),
            None => {
                rounds.insert((round.carer.as_str(), round.date), r);
            }
        }
        if !(0.0..=MAX_STATED_MIN).contains(&round.return_travel_min) {
            f.error(
                format!("$.rounds[{r}].return_travel_min"),
                carer,
                "invalid_value",
                format!("return travel of {} minutes; it must be from 0 to {MAX_STATED_MIN}", round.return_travel_min),
            );
        }
        for (k, planned) in round.visits.iter().enumerate() {
            let at = |field: &str| format!("$.rounds[{r}].visits[{k}].{field}");
            let id = Some(planned.visit.as_str());
            match cx.index.visits.get(&planned.visit).and_then(|&i| p.visits.get(i)) {
                None => unknown(f, at("visit"), id, "visit", &planned.visit),
                Some(v) if v.date != round.date => f.error(
                    format!("$.rounds[{r}].visits[{k}]"),
                    id,
                    "wrong_date",
                    format!(
                        "visit {:?} is due on {} but is planned in carer {:?}'s round on {}",
                        v.id, v.date, round.carer, round.date
                    ),
                ),
                Some(_) => {}
            }
            if planned.end < planned.start {
                f.error(
                    at("end"),
                    id,
                    "invalid_value",
                    format!(
                        "visit {:?} is planned to end at {} before it starts at {}",
                        planned.visit, planned.end, planned.start
                    ),
                );
            }
            for (field, value) in [("travel_min", planned.travel_min), ("wait_min", planned.wait_min)] {
                if !(0.0..=MAX_STATED_MIN).contains(&value) {
                    f.error(
                        at(field),
                        id,
                        "invalid_value",
                        format!("visit {:?} has {field} {value}; it must be from 0 to {MAX_STATED_MIN}", planned.visit),
                    );
                }
            }
        }
    }
    for (u, entry) in rota.unassigned.iter().enumerate() {
        let id = Some(entry.visit.as_str());
        let visit = cx.index.visits.get(&entry.visit).and_then(|&i| p.visits.get(i));
        if visit.is_none() {
            unknown(f, format!("$.unassigned[{u}].visit"), id, "visit", &entry.visit);
        }
        // An unknown visit still has at most 3 seats.
        let seats = visit.map_or(3, |v| v.carers_required.clamp(1, 3));
        if !(1..=seats).contains(&entry.seats) {
            f.error(
                format!("$.unassigned[{u}].seats"),
                id,
                "invalid_value",
                format!(
                    "{} unassigned seats of visit {:?}, which has {seats}; it must be 1 to {seats}",
                    entry.seats, entry.visit
                ),
            );
        }
    }
}
