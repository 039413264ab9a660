//! `visits.csv`: one row per visit pattern (a call that recurs on some days of the week, or a
//! one-off on a date), expanded into one dated visit per day.

use super::pattern::{parse_span, parse_time, DayPattern};
use super::table::{optional, required, skills, Cells, Column, Table};
use super::{CsvError, CsvFile, Found};
use crate::format::Severity;
use crate::model::{TimeWindow, Visit};
use crate::time::{ClockTime, Week};
use std::collections::HashMap;

/// The columns of `visits.csv`.
pub(super) const COLUMNS: [Column; 10] = [
    required("client"),
    required("days"),
    required("start"),
    required("duration_min"),
    optional("carers_required"),
    optional("time_critical"),
    optional("window"),
    optional("skills"),
    optional("priority"),
    optional("short_call_authorised"),
];

/// What the file gave.
#[derive(Default)]
pub(super) struct Visits {
    /// Whether the file and its header could be read.
    pub table_read: bool,
    /// The dated visits, each with the row it came from, in file order then date order.
    pub visits: Vec<(Visit, usize)>,
}

/// The id of the visit of `client` on `date` at `start`: `c01-2026-12-01-0800`.
pub fn visit_id(client: &str, date: chrono::NaiveDate, start: ClockTime) -> String {
    let m = start.whole_minutes();
    format!("{client}-{date}-{:02}{:02}", m / 60, m % 60)
}

/// Read `visits.csv` and expand each row over the week.
pub(super) fn read(file: &CsvFile, week: &Week, errors: &mut Found) -> Visits {
    let mut out = Visits::default();
    let Some(table) = Table::read(file, &COLUMNS, errors) else {
        return out;
    };
    out.table_read = true;
    // Visit id → the row that made it, to report two rows making the same visit.
    let mut made_by: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let mut c = Cells::new(&table, row);
        let client = c.required("client").map(str::to_string);
        c.id = client.clone();
        let dates = c.required("days").and_then(|t| match t.parse::<DayPattern>().and_then(|p| p.dates(week)) {
            Ok(d) => Some(d),
            Err(m) => {
                c.error("days", "bad_days", m);
                None
            }
        });
        let start = c.required("start").and(c.parse("start", "bad_time", parse_time));
        let duration = c.required("duration_min").and(c.whole("duration_min", 1, 1440));
        let carers_required = c.whole("carers_required", 1, 3).unwrap_or(1);
        let time_critical = c.yes_no("time_critical", false);
        let window =
            c.parse("window", "bad_time", |t| parse_span(t).map(|(earliest, latest)| TimeWindow { earliest, latest }));
        let priority = c.whole("priority", 1, 1_000_000).unwrap_or(1);
        let short_call_authorised = c.yes_no("short_call_authorised", false);
        let needed = skills(c.get("skills"));
        let (Some(client), Some(dates), Some(start), Some(duration), true) =
            (client, dates, start, duration, c.errors.is_empty())
        else {
            errors.append(&mut c.errors);
            continue;
        };
        let mut clash = None;
        for date in dates {
            let id = visit_id(&client, date, start);
            if let Some(&other) = made_by.get(&id) {
                clash.get_or_insert((other, date));
                continue;
            }
            made_by.insert(id.clone(), row.number);
            out.visits.push((
                Visit {
                    id,
                    client: client.clone(),
                    date,
                    start,
                    duration_min: duration as i32,
                    carers_required: carers_required as u8,
                    time_critical,
                    windows: Vec::new(),
                    optional: false,
                    optional_group: None,
                    window,
                    skills: needed.clone(),
                    priority: priority as u32,
                    short_call_authorised,
                    links: Vec::new(),
                    due: None,
                    demand: 0,
                    cancelled: None,
                },
                row.number,
            ));
        }
        if let Some((other, date)) = clash {
            errors.push(CsvError {
                file: table.file.clone(),
                row: Some(row.number),
                column: Some("start".into()),
                id: Some(client.clone()),
                code: "duplicate_visit",
                message: format!(
                    "client {client:?} already has a visit at {start} on {date} (row {other}): two visits of one \
                     client cannot start at the same time; make it one visit with more carers, or move one"
                ),
                severity: Severity::Error,
            });
        }
    }
    out
}
