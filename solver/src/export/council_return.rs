//! The council return: the week's planned visits for the council's electronic call monitoring,
//! which compares them with the times carers log in and out (003 §5.19, §10.3; 004 §26.7 asks
//! for the client id and the care worker ids of every visit). One row per planned visit
//! (clients in problem order, then date and start).
//!
//! Columns: `client, date, visit, planned_start, duration_min, carers_planned, carers_required,
//! carer_ids`. `planned_start` is the earliest planned start of the visit's carers;
//! `duration_min` the planned time on site of one carer (the commissioned duration in a rota
//! `rota check` passes); `carer_ids` every carer planned at the visit, separated by `;`.
//! Visits with no carer planned are not returned as planned: they are in the rota's
//! `unassigned` list. A multi-carer visit missing a carer shows `carers_planned` below
//! `carers_required`.

use super::{csv_text, minutes, ExportError, Plan};

/// The header row.
const HEADER: [&str; 8] =
    ["client", "date", "visit", "planned_start", "duration_min", "carers_planned", "carers_required", "carer_ids"];

/// The council return as CSV.
pub(super) fn write(plan: &Plan) -> Result<String, ExportError> {
    let rows = plan.visits.iter().map(|v| {
        let visit = plan.visit(v.visit);
        vec![
            plan.problem.clients[v.client].id.clone(),
            v.date.to_string(),
            visit.id.clone(),
            v.start.to_string(),
            minutes(v.on_site),
            v.carers.len().to_string(),
            visit.carers_required.to_string(),
            plan.carer_list(v.carers.iter().copied()),
        ]
    });
    csv_text(&HEADER, rows)
}
