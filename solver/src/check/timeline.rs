//! The checker's context, built once: every scheduled seat with its recomputed timing.
//!
//! All instants are ticks (milliseconds, [`crate::time::MINUTE`] to the minute) since Monday
//! 00:00 of the rota week, as `i64` (a date outside the week gives a negative or large tick
//! rather than an error). Care rotas hold whole minutes; benchmark rotas may hold fractions. A seat's start and end come from
//! the round's date and the planned clock times; its travel is looked up again in the travel
//! matrix of the carer's mode, from the previous visit's place (or the carer's start place for
//! the first visit of the round). Nothing the rota states about travel or waiting is used here,
//! except to be compared by the `stated_times_wrong` rule.

use crate::format::Rota;
use crate::model::{BreakRule, Carer, ContractProfile, Problem, ProblemIndex, Visit};
use crate::time::ClockTime;
use crate::travel::{PlaceId, Travel};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Ticks in a day.
pub const DAY_TICKS: i64 = crate::time::DAY;

/// Ticks in a minute.
pub const MIN: i64 = crate::time::MINUTE;

/// How far a stated time may fall short of a recomputed one before it counts: 0.001 minute
/// (60 ms). Published benchmark solutions round their times to three decimals; whole-minute
/// care rotas never come near it.
pub const SLACK: i64 = 60;

/// Ticks as whole minutes for a violation's amount, rounded up (any excess counts as a minute).
pub fn whole_min(t: i64) -> i64 {
    (t + MIN - 1).div_euclid(MIN)
}

/// Ticks as minutes for a message: `12`, or `12.345` when not whole.
pub fn fmt_min(t: i64) -> String {
    if t % MIN == 0 {
        format!("{}", t / MIN)
    } else {
        let s = format!("{:.3}", t as f64 / MIN as f64);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// One carer's place at one visit, as planned, with recomputed timing.
#[derive(Clone, Debug, PartialEq)]
pub struct Seat {
    /// Position of the visit in [`Problem::visits`].
    pub visit: usize,
    /// Position of the visit's client in [`Problem::clients`].
    pub client: usize,
    /// Position of the carer in [`Problem::carers`].
    pub carer: usize,
    /// Position of the round in [`Context::rounds`].
    pub round: usize,
    /// Position of the seat in its round's seats (0 = first visit of the round).
    pub position: usize,
    /// The round's date.
    pub date: NaiveDate,
    /// Planned start of care, tick of the week.
    pub start: i64,
    /// Planned end of care, tick of the week.
    pub end: i64,
    /// The planned start as a clock time on the round's date (may be past 24:00).
    pub start_clock: ClockTime,
    /// The visit's target start, tick of the week.
    pub target: i64,
    /// Recomputed travel before the visit, ticks (from the carer's start place if first).
    pub travel: i64,
    /// Recomputed road distance of that travel, metres.
    pub travel_m: u64,
    /// Recomputed arrival: the previous visit's end plus travel; for the first visit of a round,
    /// the start itself (the carer leaves their start place in time).
    pub arrival: i64,
    /// Recomputed wait: `max(0, start − arrival)`.
    pub wait: i64,
    /// The part of the wait inside the carer's availability: idle time on shift. The rest of a
    /// long gap (between the two halves of a split shift) is the carer's own time.
    pub wait_on_shift: i64,
    /// Travel the rota states for this visit, ticks.
    pub stated_travel: i64,
    /// Waiting the rota states for this visit, ticks.
    pub stated_wait: i64,
}

impl Seat {
    /// Planned ticks on site, `end − start`, never negative.
    pub fn on_site(&self) -> i64 {
        (self.end - self.start).max(0)
    }

    /// Whether this is the first visit of its round.
    pub fn is_first(&self) -> bool {
        self.position == 0
    }
}

/// One round of the rota whose carer the problem knows.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundLine {
    /// Position of the round in [`Rota::rounds`].
    pub rota_round: usize,
    /// Position of the carer in [`Problem::carers`].
    pub carer: usize,
    /// The round's date.
    pub date: NaiveDate,
    /// The round's seats in visiting order (indexes into [`Context::seats`]).
    pub seats: Vec<usize>,
    /// Recomputed travel from the last visit to the carer's end place, ticks (0 if empty).
    pub return_travel: i64,
    /// Road distance of that travel, metres.
    pub return_m: u64,
    /// The `return_travel_min` the rota states, ticks.
    pub stated_return: i64,
}

/// Everything the rules and KPIs read, built once from the problem, rota and travel.
#[derive(Debug)]
pub struct Context<'a> {
    /// The problem.
    pub problem: &'a Problem,
    /// The rota.
    pub rota: &'a Rota,
    /// The travel the rota is checked with.
    pub travel: &'a Travel,
    /// The Monday the week starts on (minute 0).
    pub monday: NaiveDate,
    /// Lookups by id.
    pub index: ProblemIndex,
    /// Each client's resolved contract profile, in client order.
    pub profiles: Vec<ContractProfile>,
    /// Every scheduled seat, in rota order.
    pub seats: Vec<Seat>,
    /// Every round whose carer is known, in rota order.
    pub rounds: Vec<RoundLine>,
    /// Seats of each visit, by visit position, in rota order.
    pub visit_seats: Vec<Vec<usize>>,
    /// Seats of each carer, by carer position, sorted by start then end.
    pub carer_seats: Vec<Vec<usize>>,
    /// Seats each visit has in the rota's `unassigned` list, by visit position.
    pub unassigned: Vec<u64>,
    /// Unassigned seats by reason code, leaving out the visits the problem cancels (they are
    /// not demand; see [`crate::model::Visit::cancelled`]).
    pub unassigned_by_reason: BTreeMap<&'static str, u64>,
    /// Whether each client (by position) has a visit needing two or more carers.
    pub multi_handed: Vec<bool>,
    /// What could not be checked fully.
    pub notes: Vec<String>,
}

/// The day offset of `date` from `monday`, in days (negative before the week).
pub fn day_offset(monday: NaiveDate, date: NaiveDate) -> i64 {
    (date - monday).num_days()
}

/// The tick of the week of a clock time on a date.
pub fn minute(monday: NaiveDate, date: NaiveDate, time: ClockTime) -> i64 {
    day_offset(monday, date).saturating_mul(DAY_TICKS).saturating_add(time.ticks())
}

/// The carer's availability windows as ticks of the week, each with its date, and with the
/// last window of each date running `overrun_min` past its end: the time the carer may work.
pub fn working_windows(monday: NaiveDate, carer: &Carer) -> Vec<(NaiveDate, i64, i64)> {
    let overrun = i64::from(carer.overrun_min.max(0)) * MIN;
    let mut out: Vec<(NaiveDate, i64, i64)> = carer
        .availability
        .iter()
        .map(|a| (a.date, minute(monday, a.date, a.start), minute(monday, a.date, a.end)))
        .collect();
    out.sort_unstable();
    for i in 0..out.len() {
        if out.get(i + 1).is_none_or(|next| next.0 != out[i].0) {
            out[i].2 = out[i].2.saturating_add(overrun);
        }
    }
    out
}

/// Minutes stated in a rota (maybe fractional) as ticks.
fn stated(m: f64) -> i64 {
    crate::time::ticks_from_minutes(m).unwrap_or(i64::MAX / 4)
}

/// A tick of the week as `"Tue 08:30"`, for messages.
pub fn show(tick: i64) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let day = tick.div_euclid(DAY_TICKS);
    let t = ClockTime::from_ticks(tick.rem_euclid(DAY_TICKS));
    let name = match usize::try_from(day) {
        Ok(d) if d < 7 => DAYS[d].to_string(),
        Ok(d) => format!("day {}", d + 1),
        Err(_) => format!("day {}", day + 1),
    };
    format!("{name} {t}")
}

impl<'a> Context<'a> {
    /// Build the context: resolve ids, rebuild every seat's timing and travel.
    pub fn build(problem: &'a Problem, rota: &'a Rota, travel: &'a Travel) -> Context<'a> {
        let index = problem.index();
        let monday = problem.week().monday();
        let mut ctx = Context {
            problem,
            rota,
            travel,
            monday,
            index: ProblemIndex::default(),
            profiles: problem.client_profiles(),
            seats: Vec::new(),
            rounds: Vec::new(),
            visit_seats: vec![Vec::new(); problem.visits.len()],
            carer_seats: vec![Vec::new(); problem.carers.len()],
            unassigned: vec![0; problem.visits.len()],
            unassigned_by_reason: BTreeMap::new(),
            multi_handed: vec![false; problem.clients.len()],
            notes: Vec::new(),
        };
        let modes_missing: std::collections::BTreeSet<&str> = problem
            .carers
            .iter()
            .filter(|c| travel.matrix(c.travel_mode).is_none())
            .map(|c| c.travel_mode.name())
            .collect();
        for m in modes_missing {
            ctx.notes.push(format!("no travel matrix for mode `{m}`: its legs count as 0 minutes"));
        }
        if travel.places.client.len() != problem.clients.len()
            || travel.places.carer_start.len() != problem.carers.len()
        {
            ctx.notes.push("the travel places do not match the problem: unknown legs count as 0 minutes".into());
        }

        for (ri, round) in rota.rounds.iter().enumerate() {
            let Some(&carer) = index.carers.get(&round.carer) else {
                ctx.notes.push(format!("round {ri}: unknown carer `{}` skipped", round.carer));
                continue;
            };
            let mode = problem.carers[carer].travel_mode;
            let leg = |a: Option<PlaceId>, b: Option<PlaceId>| -> (i64, u64) {
                let (Some(a), Some(b), Some(m)) = (a, b, travel.matrix(mode)) else { return (0, 0) };
                if a >= m.len() || b >= m.len() {
                    return (0, 0);
                }
                (m.ticks(a, b), m.metres(a, b) as u64)
            };
            let shifts: Vec<(i64, i64)> =
                working_windows(monday, &problem.carers[carer]).into_iter().map(|(_, a, b)| (a, b)).collect();
            let line = ctx.rounds.len();
            let mut seats = Vec::new();
            let mut place = travel.places.carer_start.get(carer).copied();
            let mut prev_end: Option<i64> = None;
            for pv in &round.visits {
                let Some(&vi) = index.visits.get(&pv.visit) else {
                    ctx.notes.push(format!("round {ri}: unknown visit `{}` skipped", pv.visit));
                    continue;
                };
                let visit = &problem.visits[vi];
                let Some(&client) = index.clients.get(&visit.client) else {
                    ctx.notes.push(format!("visit `{}`: unknown client skipped", visit.id));
                    continue;
                };
                let here = travel.places.client.get(client).copied();
                let (t, m) = leg(place, here);
                let start = minute(monday, round.date, pv.start);
                let end = minute(monday, round.date, pv.end);
                let arrival = match prev_end {
                    Some(e) => e + t,
                    None => start,
                };
                let seat = Seat {
                    visit: vi,
                    client,
                    carer,
                    round: line,
                    position: seats.len(),
                    date: round.date,
                    start,
                    end,
                    start_clock: pv.start,
                    target: minute(monday, visit.date, visit.start),
                    travel: t,
                    travel_m: m,
                    arrival,
                    wait: (start - arrival).max(0),
                    wait_on_shift: shifts.iter().map(|&(a, b)| (start.min(b) - arrival.max(a)).max(0)).sum(),
                    stated_travel: stated(pv.travel_min),
                    stated_wait: stated(pv.wait_min),
                };
                let si = ctx.seats.len();
                ctx.visit_seats[vi].push(si);
                ctx.carer_seats[carer].push(si);
                ctx.seats.push(seat);
                seats.push(si);
                place = here;
                prev_end = Some(end);
            }
            let (return_travel, return_m) =
                if seats.is_empty() { (0, 0) } else { leg(place, travel.places.carer_end.get(carer).copied()) };
            ctx.rounds.push(RoundLine {
                rota_round: ri,
                carer,
                date: round.date,
                seats,
                return_travel,
                return_m,
                stated_return: stated(round.return_travel_min),
            });
        }
        let seats = &ctx.seats;
        for list in &mut ctx.carer_seats {
            list.sort_by_key(|&s| (seats[s].start, seats[s].end, s));
        }
        for u in &rota.unassigned {
            if let Some(&vi) = index.visits.get(&u.visit) {
                ctx.unassigned[vi] += u.seats as u64;
                if problem.visits[vi].cancelled.is_some() {
                    continue;
                }
            }
            *ctx.unassigned_by_reason.entry(u.reason.code()).or_insert(0) += u.seats as u64;
        }
        for v in &problem.visits {
            if let (true, Some(&ci)) = (v.carers_required >= 2, index.clients.get(&v.client)) {
                ctx.multi_handed[ci] = true;
            }
        }
        ctx.index = index;
        ctx
    }

    /// The visit at position `vi`.
    pub fn visit(&self, vi: usize) -> &Visit {
        &self.problem.visits[vi]
    }

    /// The contract profile of the client at position `ci` (`custom` if out of range).
    pub fn profile(&self, ci: usize) -> ContractProfile {
        self.profiles.get(ci).cloned().unwrap_or_else(ContractProfile::custom)
    }

    /// The profile of a seat's client.
    pub fn seat_profile(&self, s: &Seat) -> &ContractProfile {
        &self.profiles[s.client]
    }

    /// A visit's start: the earliest start of its scheduled seats; `None` if it has none.
    pub fn visit_start(&self, vi: usize) -> Option<i64> {
        self.visit_seats.get(vi)?.iter().map(|&s| self.seats[s].start).min()
    }

    /// Recomputed travel ticks from seat `a`'s client to seat `b`'s, by the mode of `b`'s carer
    /// (0 where the mode has no matrix or a place is unknown, as for the legs of a round).
    pub fn travel_between(&self, a: &Seat, b: &Seat) -> i64 {
        let mode = self.problem.carers[b.carer].travel_mode;
        let places = &self.travel.places.client;
        match (places.get(a.client), places.get(b.client), self.travel.matrix(mode)) {
            (Some(&x), Some(&y), Some(m)) if x < m.len() && y < m.len() => m.ticks(x, y),
            _ => 0,
        }
    }

    /// A carer's seats in time order, each with the seat before it and the rest between them:
    /// `(seat, Some((before, rest)))`. The seat before is the latest-ending earlier seat; rest is
    /// the time from its end to this start less the travel between them (negative when the two
    /// are too close or overlap). The carer's first seat has `None`.
    pub fn rests(&self, carer: usize) -> Vec<(usize, Option<(usize, i64)>)> {
        let mut out = Vec::with_capacity(self.carer_seats[carer].len());
        let mut holder: Option<usize> = None;
        for &si in &self.carer_seats[carer] {
            let s = &self.seats[si];
            out.push((si, holder.map(|h| (h, s.start - self.seats[h].end - self.travel_between(&self.seats[h], s)))));
            if holder.is_none_or(|h| s.end > self.seats[h].end) {
                holder = Some(si);
            }
        }
        out
    }

    /// Planned on-site ticks of a round.
    pub fn round_contact(&self, r: &RoundLine) -> i64 {
        r.seats.iter().map(|&s| self.seats[s].on_site()).sum()
    }

    /// Recomputed travel ticks between consecutive visits of a round (commute excluded).
    pub fn round_between_travel(&self, r: &RoundLine) -> i64 {
        r.seats.iter().map(|&s| &self.seats[s]).filter(|s| !s.is_first()).map(|s| s.travel).sum()
    }

    /// Working ticks of a round: on-site time plus travel between consecutive visits
    /// (commute from the start place and back home excluded; waiting excluded).
    pub fn round_working(&self, r: &RoundLine) -> i64 {
        self.round_contact(r) + self.round_between_travel(r)
    }

    /// Distinct carers (by position) per client (by position) over the scheduled seats.
    pub fn distinct_carers(&self) -> BTreeMap<usize, BTreeSet<usize>> {
        let mut m: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for s in &self.seats {
            m.entry(s.client).or_default().insert(s.carer);
        }
        m
    }

    /// Whether the client at position `ci` has any visit needing two or more carers.
    pub fn multi_handed(&self, ci: usize) -> bool {
        self.multi_handed.get(ci).copied().unwrap_or(false)
    }

    /// The break rule for the carer at position `ci`: the carer's own working-time rules if
    /// given, else the problem's.
    pub fn break_rule(&self, ci: usize) -> Option<BreakRule> {
        self.problem.carers[ci].working_time.unwrap_or(self.problem.working_time).break_rule
    }

    /// A violation about a seat, with its visit, carer, client and date filled in.
    pub fn seat_violation(
        &self,
        rule: &'static str,
        s: &Seat,
        amount: i64,
        unit: super::Unit,
        message: impl Into<String>,
    ) -> super::Violation {
        super::Violation::new(rule, amount, unit, message)
            .visit(&self.problem.visits[s.visit].id)
            .carer(&self.problem.carers[s.carer].id)
            .client(&self.problem.clients[s.client].id)
            .date(s.date)
    }

    /// A violation about an unassigned entry `u` of visit `visit`, counted in its seats.
    pub fn unassigned_violation(
        &self,
        rule: &'static str,
        u: &crate::format::Unassigned,
        visit: &crate::model::Visit,
        message: impl Into<String>,
    ) -> super::Violation {
        super::Violation::new(rule, u.seats as i64, super::Unit::Seats, message)
            .visit(&visit.id)
            .client(&visit.client)
            .date(visit.date)
    }

    /// The optional groups of the problem (`optional_group` on optional visits that are not
    /// cancelled), each with its visits' positions in order, in order of first appearance.
    pub fn optional_groups(&self) -> Vec<(&'a str, Vec<usize>)> {
        let mut out: Vec<(&'a str, Vec<usize>)> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (vi, v) in self.problem.visits.iter().enumerate() {
            let Some(name) = v.optional_group.as_deref().filter(|_| v.optional && v.cancelled.is_none()) else {
                continue;
            };
            let g = *index.entry(name).or_insert_with(|| {
                out.push((name, Vec::new()));
                out.len() - 1
            });
            out[g].1.push(vi);
        }
        out
    }
}
