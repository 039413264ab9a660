//! What every section reads, gathered once: the carers, visits and seats of the rota with their
//! problem details, and the days of the week.
//!
//! Ids the problem does not know (a rota that did not pass `rota validate`) get their own
//! entries with what is known, so nothing is dropped and nothing panics.

use crate::html::script_json;
use crate::Options;
use chrono::NaiveDate;
use rota::check::CheckReport;
use rota::format::Rota;
use rota::model::{Location, Problem, Visit};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

/// One visit of the problem (or a visit id only the rota names).
pub(crate) struct VisitInfo<'a> {
    /// The visit id.
    pub id: &'a str,
    /// The visit in the problem, if the problem knows it.
    pub visit: Option<&'a Visit>,
    /// The carers (indexes into [`Data::carers`]) holding its scheduled seats, in rota order.
    pub carers: Vec<usize>,
}

impl VisitInfo<'_> {
    /// The client id, or `""` for a visit the problem does not know.
    pub fn client(&self) -> &str {
        self.visit.map_or("", |v| v.client.as_str())
    }

    /// Time-critical.
    pub fn time_critical(&self) -> bool {
        self.visit.is_some_and(|v| v.time_critical)
    }

    /// Needs two or more carers.
    pub fn multi_carer(&self) -> bool {
        self.visit.is_some_and(|v| v.carers_required >= 2)
    }

    /// The CSS classes of its Gantt bar: `v`, plus `tc` (time-critical) and `dh`
    /// (double- or triple-handed).
    pub fn classes(&self) -> &'static str {
        match (self.time_critical(), self.multi_carer()) {
            (true, true) => "v tc dh",
            (true, false) => "v tc",
            (false, true) => "v dh",
            (false, false) => "v",
        }
    }
}

/// One planned visit of a round: one carer's seat.
pub(crate) struct SeatInfo {
    /// Index into [`Data::visits`].
    pub visit: usize,
    /// Index into [`Data::carers`].
    pub carer: usize,
    /// Planned start, minutes after midnight of the round's date.
    pub start: f64,
    /// Planned end, minutes after midnight of the round's date.
    pub end: f64,
    /// Stated travel before the visit, minutes.
    pub travel: f64,
    /// Stated waiting before the visit, minutes.
    pub wait: f64,
}

/// Everything the sections read.
pub(crate) struct Data<'a> {
    /// The problem.
    pub problem: &'a Problem,
    /// The rota.
    pub rota: &'a Rota,
    /// The checker's report on the rota.
    pub report: &'a CheckReport,
    /// The caller's options.
    pub options: &'a Options,
    /// Carer ids: the problem's carers in order, then ids only the rota names.
    pub carers: Vec<&'a str>,
    /// Visits: the problem's visits in order, then ids only the rota names.
    pub visits: Vec<VisitInfo<'a>>,
    /// Visit id → index into `visits`.
    pub visit_index: HashMap<&'a str, usize>,
    /// Client id → index into the problem's clients.
    pub client_index: HashMap<&'a str, usize>,
    /// Seats, round by round in rota order, each round's in visiting order.
    pub seats: Vec<SeatInfo>,
    /// For each rota round, the index of its first seat in `seats`.
    pub round_first_seat: Vec<usize>,
    /// For each rota round, its carer (index into `carers`).
    pub round_carer: Vec<usize>,
    /// The days shown: the week's seven dates, then any other date a round or visit has.
    pub days: Vec<NaiveDate>,
    /// The day shown first: the first with a round, else Monday.
    pub first_day: usize,
}

impl<'a> Data<'a> {
    /// Gather it all.
    pub fn new(problem: &'a Problem, rota: &'a Rota, report: &'a CheckReport, options: &'a Options) -> Data<'a> {
        let mut carers: Vec<&str> = problem.carers.iter().map(|c| c.id.as_str()).collect();
        let mut carer_index: HashMap<&str, usize> = HashMap::new();
        for (i, c) in carers.iter().enumerate() {
            carer_index.entry(*c).or_insert(i);
        }
        let mut visits: Vec<VisitInfo> =
            problem.visits.iter().map(|v| VisitInfo { id: &v.id, visit: Some(v), carers: Vec::new() }).collect();
        let mut visit_index: HashMap<&str, usize> = HashMap::new();
        for (i, v) in visits.iter().enumerate() {
            visit_index.entry(v.id).or_insert(i);
        }
        let mut client_index = HashMap::new();
        for (i, c) in problem.clients.iter().enumerate() {
            client_index.entry(c.id.as_str()).or_insert(i);
        }

        let mut seats = Vec::new();
        let mut round_first_seat = Vec::with_capacity(rota.rounds.len());
        let mut round_carer = Vec::with_capacity(rota.rounds.len());
        for r in &rota.rounds {
            let carer = *carer_index.entry(r.carer.as_str()).or_insert_with(|| {
                carers.push(r.carer.as_str());
                carers.len() - 1
            });
            round_first_seat.push(seats.len());
            round_carer.push(carer);
            for pv in &r.visits {
                let visit = *visit_index.entry(pv.visit.as_str()).or_insert_with(|| {
                    visits.push(VisitInfo { id: &pv.visit, visit: None, carers: Vec::new() });
                    visits.len() - 1
                });
                visits[visit].carers.push(carer);
                seats.push(SeatInfo {
                    visit,
                    carer,
                    start: pv.start.as_minutes(),
                    end: pv.end.as_minutes(),
                    travel: finite(pv.travel_min),
                    wait: finite(pv.wait_min),
                });
            }
        }
        for u in &rota.unassigned {
            visit_index.entry(u.visit.as_str()).or_insert_with(|| {
                visits.push(VisitInfo { id: &u.visit, visit: None, carers: Vec::new() });
                visits.len() - 1
            });
        }

        let week = problem.week();
        let mut days: Vec<NaiveDate> = (0..7).map(|i| week.date(i)).collect();
        let extra: BTreeSet<NaiveDate> = rota
            .rounds
            .iter()
            .map(|r| r.date)
            .chain(problem.visits.iter().map(|v| v.date))
            .filter(|d| !days.contains(d))
            .collect();
        days.extend(extra);
        let first_day = days.iter().position(|d| rota.rounds.iter().any(|r| r.date == *d)).unwrap_or(0);

        Data {
            problem,
            rota,
            report,
            options,
            carers,
            visits,
            visit_index,
            client_index,
            seats,
            round_first_seat,
            round_carer,
            days,
            first_day,
        }
    }

    /// The rounds (indexes into the rota's rounds) on `date`, by carer then rota order.
    pub fn rounds_on(&self, date: NaiveDate) -> Vec<usize> {
        let mut rounds: Vec<usize> =
            (0..self.rota.rounds.len()).filter(|&r| self.rota.rounds[r].date == date).collect();
        rounds.sort_by_key(|&r| (self.round_carer[r], r));
        rounds
    }

    /// The seats of rota round `r` (a range into `seats`).
    pub fn round_seats(&self, r: usize) -> std::ops::Range<usize> {
        let first = self.round_first_seat[r];
        first..first + self.rota.rounds[r].visits.len()
    }

    /// The location of a client id, if the problem knows it.
    pub fn client_location(&self, id: &str) -> Option<Location> {
        self.client_index.get(id).map(|&i| self.problem.clients[i].location)
    }

    /// A day's label, e.g. `Mon 30 Nov`.
    pub fn day_label(&self, i: usize) -> String {
        self.days[i].format("%a %-d %b").to_string()
    }

    /// The data the page's script reads (tooltips), as safe script text.
    ///
    /// `carers`: ids; `clients`: `[id, postcode, cluster, weekly hours]`; `visits`:
    /// `[id, client, date, target, duration, flags (1 time-critical, 2 multi-carer), window,
    /// carers required, [scheduled carers]]`; `seats`: `[visit, carer, start, end, travel, wait]`.
    pub fn script_data(&self) -> String {
        let clients: Vec<Value> = self
            .problem
            .clients
            .iter()
            .map(|c| {
                json!([c.id, c.postcode.as_deref().unwrap_or(""), c.cluster.as_deref().unwrap_or(""), c.weekly_hours])
            })
            .collect();
        let visits: Vec<Value> = self
            .visits
            .iter()
            .map(|v| match v.visit {
                Some(p) => json!([
                    v.id,
                    p.client,
                    p.date.to_string(),
                    p.start.to_string(),
                    p.duration_min,
                    u8::from(p.time_critical) + 2 * u8::from(p.carers_required >= 2),
                    p.window.map_or(String::new(), |w| format!("{}–{}", w.earliest, w.latest)),
                    p.carers_required,
                    v.carers
                ]),
                None => json!([v.id, "", "", "", 0, 0, "", 0, v.carers]),
            })
            .collect();
        let seats: Vec<Value> = self
            .rota
            .rounds
            .iter()
            .enumerate()
            .flat_map(|(r, round)| {
                let first = self.round_first_seat[r];
                round.visits.iter().enumerate().map(move |(k, pv)| (first + k, pv))
            })
            .map(|(s, pv)| {
                let seat = &self.seats[s];
                json!([seat.visit, seat.carer, pv.start.to_string(), pv.end.to_string(), seat.travel, seat.wait])
            })
            .collect();
        script_json(&json!({"carers": self.carers, "clients": clients, "visits": visits, "seats": seats}))
    }
}

/// A stated number of minutes, with anything not finite read as 0.
fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}
