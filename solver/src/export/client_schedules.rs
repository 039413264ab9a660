//! Client schedules: when carers come to each client, and who. One row per planned visit
//! (clients in problem order, then date and start).
//!
//! Columns: `client, date, visit, start, end, carers`. `start` is the earliest planned start of
//! the visit's carers and `end` the latest planned end; `carers` lists every carer planned at
//! the visit, separated by `;`, in the order they start. Visits with no carer planned are not
//! listed: they are in the rota's `unassigned` list and in `rota check`.

use super::{csv_text, ExportError, Plan};

/// The header row.
const HEADER: [&str; 6] = ["client", "date", "visit", "start", "end", "carers"];

/// The client schedules as CSV.
pub(super) fn write(plan: &Plan) -> Result<String, ExportError> {
    let rows = plan.visits.iter().map(|v| {
        vec![
            plan.problem.clients[v.client].id.clone(),
            v.date.to_string(),
            plan.visit(v.visit).id.clone(),
            v.start.to_string(),
            v.end.to_string(),
            plan.carer_list(v.carers.iter().copied()),
        ]
    });
    csv_text(&HEADER, rows)
}
