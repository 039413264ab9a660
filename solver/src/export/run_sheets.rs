//! Run sheets: what a carer carries for the week. One row per visit seat the carer holds, round
//! by round (carers in problem order, then dates), in the order the carer makes the visits.
//!
//! Columns: `carer, date, order, visit, start, end, duration_min, client, postcode,
//! time_critical, carers_required, co_carers, travel_mode, travel_min, wait_min`. A visit the
//! problem cancels is left out (`order` keeps the visit's place in the round).
//!
//! The client is named by id and postcode only: the problem holds no names or street addresses,
//! and no key-safe codes or access notes. Those must never sit beside names and addresses on
//! what a carer carries (000 §8.7.4; 003 §14.15), so this file has no column for them.

use super::{csv_text, minutes, stated_minutes, yes_no, ExportError, Plan};

/// The header row.
const HEADER: [&str; 15] = [
    "carer",
    "date",
    "order",
    "visit",
    "start",
    "end",
    "duration_min",
    "client",
    "postcode",
    "time_critical",
    "carers_required",
    "co_carers",
    "travel_mode",
    "travel_min",
    "wait_min",
];

/// The run sheets as CSV.
pub(super) fn write(plan: &Plan) -> Result<String, ExportError> {
    let mut rows = Vec::new();
    for r in &plan.rounds {
        let carer = &plan.problem.carers[r.carer];
        for (i, (&vi, planned)) in r.visits.iter().zip(&r.round.visits).enumerate() {
            let visit = plan.visit(vi);
            if visit.cancelled.is_some() {
                continue;
            }
            let client = &plan.problem.clients[plan.visit_client[vi]];
            let co = plan.seats[vi].iter().map(|s| s.carer).filter(|&k| k != r.carer);
            rows.push(vec![
                carer.id.clone(),
                r.round.date.to_string(),
                (i + 1).to_string(),
                visit.id.clone(),
                planned.start.to_string(),
                planned.end.to_string(),
                minutes(planned.end.ticks() - planned.start.ticks()),
                client.id.clone(),
                client.postcode.clone().unwrap_or_default(),
                yes_no(visit.time_critical).to_string(),
                visit.carers_required.to_string(),
                plan.carer_list(co),
                carer.travel_mode.name().to_string(),
                stated_minutes(planned.travel_min),
                stated_minutes(planned.wait_min),
            ]);
        }
    }
    csv_text(&HEADER, rows)
}
