//! The past is fixed: a rota made during its week (`rota replan`) against the rota it replaces.
//!
//! [`history`] compares a new rota with the old one at an instant `now` and reports every change
//! to what has already happened (`rota check --history old.json --now 2026-12-02T10:30`):
//!
//! - a visit the old rota starts before `now` (its earliest seat) must be in the new rota with
//!   the same seats: the same carers, each on the same date with the same start and end. A seat
//!   of such a visit whose carer keeps it at another time is `past_moved`; one given to another
//!   carer is `past_reassigned`; one the new rota no longer has is `past_dropped`; an extra one
//!   is `past_added`;
//! - no other visit may have a seat starting before `now` in the new rota: it is `past_added`
//!   (a visit the old rota left unassigned, or planned later, put in the past).
//!
//! "Before" is strict: a seat starting at `now` exactly is not yet in the past. Seats are
//! compared by the clock times the rotas state; instants count from the Monday of the problem's
//! week, as in the rest of the checker. Like the rules, it shares no code with the solver and
//! never panics: a visit id the problem does not know is still compared, by its id.
//!
//! ```
//! use rota::check::history::history;
//! use rota::format::Rota;
//! let problem: rota::model::Problem = serde_json::from_str(r#"{"format_version":"1.0",
//!   "week_start":"2026-11-30","clients":[],"carers":[],"visits":[]}"#).unwrap();
//! let now = "2026-12-02T10:30:00".parse().unwrap();
//! assert!(history(&problem, &Rota::empty(""), &Rota::empty(""), now).is_empty());
//! ```

use super::timeline::{day_offset, whole_min, DAY_TICKS};
use super::{Unit, Violation};
use crate::format::Rota;
use crate::model::Problem;
use crate::time::ClockTime;
use chrono::{NaiveDate, NaiveDateTime, Timelike};
use std::collections::{BTreeMap, BTreeSet};

/// Every code [`history`] can report, in the order it reports them for one visit.
pub const CODES: &[&str] = &["past_moved", "past_reassigned", "past_dropped", "past_added"];

/// One carer's place at a visit, as a rota plans it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seat<'a> {
    carer: &'a str,
    date: NaiveDate,
    start: ClockTime,
    end: ClockTime,
    /// The start as a tick of the week.
    tick: i64,
}

impl Seat<'_> {
    fn same_place(&self, other: &Seat) -> bool {
        (self.carer, self.date, self.start, self.end) == (other.carer, other.date, other.start, other.end)
    }

    /// `2026-12-01 09:00-09:30`.
    fn when(&self) -> String {
        format!("{} {}-{}", self.date, self.start, self.end)
    }
}

/// Every seat of a rota, by visit id, in rota order.
fn seats(rota: &Rota, monday: NaiveDate) -> BTreeMap<&str, Vec<Seat<'_>>> {
    let mut m: BTreeMap<&str, Vec<Seat>> = BTreeMap::new();
    for round in &rota.rounds {
        for pv in &round.visits {
            let tick = day_offset(monday, round.date).saturating_mul(DAY_TICKS).saturating_add(pv.start.ticks());
            let seat = Seat { carer: &round.carer, date: round.date, start: pv.start, end: pv.end, tick };
            m.entry(pv.visit.as_str()).or_default().push(seat);
        }
    }
    m
}

/// `now` as a tick of the week that starts on `monday`.
fn tick_of(monday: NaiveDate, now: NaiveDateTime) -> i64 {
    let t = now.time();
    let ms = t.num_seconds_from_midnight() as i64 * 1000 + (t.nanosecond() / 1_000_000).min(999) as i64;
    day_offset(monday, now.date()).saturating_mul(DAY_TICKS).saturating_add(ms)
}

/// What the old rota did with visit `id`, whose seats there are `seats`, for a message.
fn old_fate(old: &Rota, id: &str, seats: &[Seat]) -> String {
    if !seats.is_empty() {
        let list: Vec<String> = seats.iter().map(|s| format!("{} {}", s.carer, s.when())).collect();
        return format!("had it at {}", list.join(", "));
    }
    match old.unassigned.iter().find(|u| u.visit == id) {
        Some(u) => format!("left it unassigned ({})", u.reason.code()),
        None => "did not have it".to_string(),
    }
}

/// Compare `new` with `old` at `now`: every change the new rota makes to the past, as violations
/// of the codes in [`CODES`] (see the module docs). Visits come in problem order, then the ids
/// the problem does not know in id order; within a visit, in the order of [`CODES`].
pub fn history(problem: &Problem, old: &Rota, new: &Rota, now: NaiveDateTime) -> Vec<Violation> {
    let monday = problem.week().monday();
    let now_tick = tick_of(monday, now);
    let now_text = now.format("%Y-%m-%d %H:%M").to_string();
    let (old_seats, new_seats) = (seats(old, monday), seats(new, monday));
    let known: BTreeSet<&str> = problem.visits.iter().map(|v| v.id.as_str()).collect();
    let others: BTreeSet<&str> =
        old_seats.keys().chain(new_seats.keys()).copied().filter(|id| !known.contains(id)).collect();
    let mut out = Vec::new();
    for id in problem.visits.iter().map(|v| v.id.as_str()).chain(others) {
        let o = old_seats.get(id).map_or(&[][..], Vec::as_slice);
        let n = new_seats.get(id).map_or(&[][..], Vec::as_slice);
        let mut found = if o.iter().any(|s| s.tick < now_tick) {
            compare(o, n, &now_text)
        } else {
            n.iter()
                .filter(|s| s.tick < now_tick)
                .map(|s| {
                    let fate = old_fate(old, id, o);
                    Violation::new(
                        "past_added",
                        1,
                        Unit::Seats,
                        format!(
                            "planned for {} at {}, before now ({now_text}); the old rota {fate}",
                            s.carer,
                            s.when()
                        ),
                    )
                    .carer(s.carer)
                    .date(s.date)
                })
                .collect()
        };
        let visit = problem.visits.iter().find(|v| v.id == id);
        for v in &mut found {
            v.visit = Some(id.to_string());
            if let Some(visit) = visit {
                v.client = Some(visit.client.clone());
                v.date = Some(visit.date);
            }
        }
        out.append(&mut found);
    }
    out
}

/// The changes `n` makes to the seats `o` of a visit that had started before now.
fn compare(o: &[Seat], n: &[Seat], now: &str) -> Vec<Violation> {
    let mut old: Vec<Seat> = o.to_vec();
    let mut new: Vec<Seat> = Vec::with_capacity(n.len());
    for s in n {
        match old.iter().position(|x| x.same_place(s)) {
            Some(i) => {
                old.remove(i);
            }
            None => new.push(*s),
        }
    }
    let started = format!("it started before now ({now}) in the old rota");
    let mut out = Vec::new();
    let mut rest = Vec::new();
    for s in old {
        match new.iter().position(|x| x.carer == s.carer) {
            Some(i) => {
                let x = new.remove(i);
                let shift = (x.tick - s.tick)
                    .abs()
                    .max(((x.end.ticks() - x.start.ticks()) - (s.end.ticks() - s.start.ticks())).abs());
                out.push(
                    Violation::new(
                        "past_moved",
                        whole_min(shift).max(1),
                        Unit::Minutes,
                        format!("{} had it at {}, now at {}; {started}", s.carer, s.when(), x.when()),
                    )
                    .carer(s.carer),
                );
            }
            None => rest.push(s),
        }
    }
    let mut dropped = Vec::new();
    for s in rest {
        if new.is_empty() {
            dropped.push(s);
            continue;
        }
        let x = new.remove(0);
        out.push(
            Violation::new(
                "past_reassigned",
                1,
                Unit::Seats,
                format!("{} had it at {}, now {} at {}; {started}", s.carer, s.when(), x.carer, x.when()),
            )
            .carer(s.carer),
        );
    }
    for s in dropped {
        out.push(
            Violation::new(
                "past_dropped",
                1,
                Unit::Seats,
                format!("{} had it at {}; the new rota does not; {started}", s.carer, s.when()),
            )
            .carer(s.carer),
        );
    }
    for x in new {
        out.push(
            Violation::new(
                "past_added",
                1,
                Unit::Seats,
                format!("{} is added at {}; {started} without this seat", x.carer, x.when()),
            )
            .carer(x.carer),
        );
    }
    out
}
