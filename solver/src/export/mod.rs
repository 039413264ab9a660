//! Exports of a rota for the people who use it: run sheets for carers, schedules for clients,
//! the weekly planned-visit return for the council's electronic call monitoring, and a map.
//!
//! Each [`Kind`] is one file, written by [`export`] as text (CSV with a header row, or GeoJSON).
//! Columns and properties are documented in `docs/exports.md`. In short:
//! - [`Kind::RunSheets`]: one row per visit seat a carer holds, in round order;
//! - [`Kind::ClientSchedules`]: one row per planned visit, with all its carers;
//! - [`Kind::CouncilReturn`]: the planned-visit return (003 §5.19, §10.3): one row per planned
//!   visit with its planned start, duration, number of carers and carer ids;
//! - [`Kind::GeoJson`]: each round as a LineString (home, the visits, home) and each planned visit
//!   as a Point, in WGS84 `[lon, lat]` (RFC 7946).
//!
//! Only what the rota plans is exported, and never a visit the problem cancels (`cancelled`): a
//! rota made before the cancellation may still plan it (`rota check` reports
//! `cancelled_scheduled`), but no run sheet, client schedule, council return or map point shows
//! it as planned, so no carer is sent and the council does not expect it. Visit seats the rota leaves unassigned are in its
//! `unassigned` list and in `rota check`; a visit with some seats planned appears with the
//! carers it has (the council return also gives `carers_required`, so a short double-up shows).
//!
//! Run sheets carry no key-safe codes, door codes or access notes: a carer must not keep
//! passwords or keypad numbers alongside names and addresses (000 §8.7.4; 003 §14.15). The
//! problem model holds none, and none should be added to these files. [`Options::carer`]
//! narrows any export to one carer, so each carer carries only their own week (000 §8.7.4).
//!
//! ```
//! use rota::export::{export, Kind, Options};
//! use rota::format::{parse_problem, parse_rota};
//! let problem = parse_problem(r#"{"format_version":"1.0","week_start":"2026-11-30",
//!   "clients":[{"id":"c1","location":{"lat":51.28,"lon":1.08},"postcode":"CT1 2EH",
//!               "profile":"kent","weekly_hours":0.5}],
//!   "carers":[{"id":"k1","home":{"lat":51.29,"lon":1.07},
//!              "availability":[{"date":"2026-11-30","start":"07:00","end":"14:00"}]}],
//!   "visits":[{"id":"v1","client":"c1","date":"2026-11-30","start":"08:00","duration_min":30}]}"#,
//!   "week.json").unwrap();
//! let rota = parse_rota(r#"{"format_version":"1.0","rounds":[{"carer":"k1","date":"2026-11-30",
//!   "return_travel_min":4,
//!   "visits":[{"visit":"v1","start":"08:00","end":"08:30","travel_min":4,"wait_min":0}]}]}"#,
//!   "rota.json", &problem).unwrap();
//! let sheet = export(Kind::RunSheets, &problem, &rota, &Options::default()).unwrap();
//! assert_eq!(sheet.lines().nth(1), Some("k1,2026-11-30,1,v1,08:00,08:30,30,c1,CT1 2EH,no,1,,car,4,0"));
//! let map: serde_json::Value = serde_json::from_str(
//!     &export(Kind::GeoJson, &problem, &rota, &Options::default()).unwrap()).unwrap();
//! assert_eq!(map["features"][1]["geometry"]["coordinates"], serde_json::json!([1.08, 51.28]));
//! ```

mod client_schedules;
mod council_return;
mod geojson;
mod run_sheets;

use crate::check::timeline::fmt_min;
use crate::format::{Rota, Round};
use crate::model::{Problem, Visit};
use crate::time::{ClockTime, Ticks};
use chrono::NaiveDate;
use std::fmt;
use std::str::FromStr;

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// CSV for carers: one row per visit seat, in round order (`run-sheets`).
    RunSheets,
    /// CSV for clients: one row per planned visit with its carers (`client-schedules`).
    ClientSchedules,
    /// CSV for the council's call monitoring: the weekly planned-visit return (`council-return`).
    CouncilReturn,
    /// GeoJSON: rounds as LineStrings and planned visits as Points (`geojson`).
    GeoJson,
}

impl Kind {
    /// Every kind, in the order the docs list them.
    pub const ALL: [Kind; 4] = [Kind::RunSheets, Kind::ClientSchedules, Kind::CouncilReturn, Kind::GeoJson];

    /// The name used on the command line, e.g. `run-sheets`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::RunSheets => "run-sheets",
            Kind::ClientSchedules => "client-schedules",
            Kind::CouncilReturn => "council-return",
            Kind::GeoJson => "geojson",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Kind, String> {
        Kind::ALL.into_iter().find(|k| k.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            format!("unknown export kind `{s}`: expected one of {}", names.join(", "))
        })
    }
}

/// Choices that apply to every kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Only this carer's work: their rounds (run sheets, GeoJSON) or the visits they hold a seat
    /// at (client schedules, council return, which still name every carer of those visits).
    pub carer: Option<String>,
}

/// Why an export could not be written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// GeoJSON needs map coordinates; the problem places its people on a plane.
    #[error(
        "GeoJSON needs map coordinates (lat, lon), but {0} has plane coordinates {{x, y}}, as benchmark imports do; export a CSV kind instead"
    )]
    PlaneCoordinates(String),
    /// The rota names a carer, visit or client the problem does not have (load the rota with
    /// [`crate::format::load_rota`], which reports these with their paths).
    #[error("the rota names {what} `{id}`, which the problem does not have")]
    UnknownReference {
        /// `carer`, `visit` or `client`.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// [`Options::carer`] names a carer the problem does not have.
    #[error("the problem has no carer `{0}`")]
    UnknownCarer(String),
    /// The CSV writer failed.
    #[error("cannot write the CSV: {0}")]
    Csv(String),
}

/// Export `rota`, a rota for `problem`, as one file of the given kind (the whole text).
///
/// The rota should have been read with [`crate::format::load_rota`] or
/// [`crate::format::parse_rota`]; a rota naming unknown ids gives
/// [`ExportError::UnknownReference`], never a panic.
pub fn export(kind: Kind, problem: &Problem, rota: &Rota, options: &Options) -> Result<String, ExportError> {
    let plan = Plan::new(problem, rota, options)?;
    match kind {
        Kind::RunSheets => run_sheets::write(&plan),
        Kind::ClientSchedules => client_schedules::write(&plan),
        Kind::CouncilReturn => council_return::write(&plan),
        Kind::GeoJson => geojson::write(&plan),
    }
}

/// One carer's place at a planned visit.
#[derive(Clone, Copy, Debug)]
struct Seat {
    /// Position of the carer in the problem.
    carer: usize,
    /// The round's date.
    date: NaiveDate,
    /// Planned start and end.
    start: ClockTime,
    end: ClockTime,
}

/// One round, resolved against the problem.
#[derive(Debug)]
struct RoundPlan<'a> {
    /// Position of the carer in the problem.
    carer: usize,
    round: &'a Round,
    /// Position in the problem of each of the round's visits, in round order.
    visits: Vec<usize>,
}

/// A visit with at least one planned seat: when it starts and ends, and who attends.
#[derive(Debug)]
struct VisitPlan {
    /// Position of the visit in the problem.
    visit: usize,
    /// Position of its client in the problem.
    client: usize,
    date: NaiveDate,
    /// The earliest seat start (a multi-carer visit starts when its first carer starts).
    start: ClockTime,
    /// The latest seat end.
    end: ClockTime,
    /// The longest planned time on site of one seat, ticks.
    on_site: Ticks,
    /// Positions of its carers in the problem, in seat start order (then carer id).
    carers: Vec<usize>,
}

/// The rota resolved against its problem, built once for every kind.
struct Plan<'a> {
    problem: &'a Problem,
    /// Client position of each visit, by visit position.
    visit_client: Vec<usize>,
    /// The rounds to export, by carer (problem order) then date.
    rounds: Vec<RoundPlan<'a>>,
    /// Every seat of each visit, by visit position, over the whole rota.
    seats: Vec<Vec<Seat>>,
    /// The visits to export, by client (problem order), date, start and visit id.
    visits: Vec<VisitPlan>,
}

impl<'a> Plan<'a> {
    fn new(problem: &'a Problem, rota: &'a Rota, options: &Options) -> Result<Plan<'a>, ExportError> {
        let index = problem.index();
        let unknown = |what: &'static str, id: &str| ExportError::UnknownReference { what, id: id.to_string() };
        let only = match &options.carer {
            Some(id) => Some(*index.carers.get(id).ok_or_else(|| ExportError::UnknownCarer(id.clone()))?),
            None => None,
        };
        let mut visit_client = Vec::with_capacity(problem.visits.len());
        for v in &problem.visits {
            visit_client.push(*index.clients.get(&v.client).ok_or_else(|| unknown("client", &v.client))?);
        }
        let mut rounds = Vec::new();
        let mut seats: Vec<Vec<Seat>> = vec![Vec::new(); problem.visits.len()];
        for round in &rota.rounds {
            let carer = *index.carers.get(&round.carer).ok_or_else(|| unknown("carer", &round.carer))?;
            let mut visits = Vec::with_capacity(round.visits.len());
            for planned in &round.visits {
                let vi = *index.visits.get(&planned.visit).ok_or_else(|| unknown("visit", &planned.visit))?;
                seats[vi].push(Seat { carer, date: round.date, start: planned.start, end: planned.end });
                visits.push(vi);
            }
            if only.is_none_or(|k| k == carer) {
                rounds.push(RoundPlan { carer, round, visits });
            }
        }
        rounds.sort_by_key(|r| (r.carer, r.round.date));
        let carer_id = |k: usize| problem.carers[k].id.as_str();
        let mut visits = Vec::new();
        for (vi, list) in seats.iter_mut().enumerate() {
            if problem.visits[vi].cancelled.is_some() {
                continue;
            }
            list.sort_by(|a, b| (a.start, carer_id(a.carer)).cmp(&(b.start, carer_id(b.carer))));
            let (Some(first), Some(end)) = (list.first(), list.iter().map(|s| s.end).max()) else { continue };
            if only.is_some_and(|k| list.iter().all(|s| s.carer != k)) {
                continue;
            }
            visits.push(VisitPlan {
                visit: vi,
                client: visit_client[vi],
                date: first.date,
                start: first.start,
                end,
                on_site: list.iter().map(|s| (s.end.ticks() - s.start.ticks()).max(0)).max().unwrap_or(0),
                carers: list.iter().map(|s| s.carer).collect(),
            });
        }
        visits.sort_by(|a, b| {
            (a.client, a.date, a.start, &problem.visits[a.visit].id).cmp(&(
                b.client,
                b.date,
                b.start,
                &problem.visits[b.visit].id,
            ))
        });
        Ok(Plan { problem, visit_client, rounds, seats, visits })
    }

    fn visit(&self, vi: usize) -> &'a Visit {
        &self.problem.visits[vi]
    }

    fn carer_id(&self, k: usize) -> &'a str {
        &self.problem.carers[k].id
    }

    /// Carer ids joined with `;`.
    fn carer_list(&self, carers: impl IntoIterator<Item = usize>) -> String {
        carers.into_iter().map(|k| self.carer_id(k)).collect::<Vec<_>>().join(";")
    }
}

/// Ticks as minutes: `30`, or `12.345` when not whole.
fn minutes(t: Ticks) -> String {
    fmt_min(t)
}

/// Minutes a rota states (maybe fractional), written like [`minutes`].
fn stated_minutes(m: f64) -> String {
    match crate::time::ticks_from_minutes(m) {
        Some(t) => fmt_min(t),
        None => m.to_string(),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// A CSV file from a header and rows.
fn csv_text(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<String, ExportError> {
    let err = |e: &dyn fmt::Display| ExportError::Csv(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(|e| err(&e))?;
    for row in rows {
        w.write_record(&row).map_err(|e| err(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| err(&e))?;
    String::from_utf8(bytes).map_err(|e| err(&e))
}
