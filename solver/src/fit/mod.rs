//! Package fit: can a new client's package be taken into an existing rota? (`rota fit`,
//! `docs/operations.md`, "Package fit").
//!
//! The answer comes in ranked options, in three grades:
//! - **strict** ([`strict`]): every call placed into the rounds as they are, no existing visit
//!   moved;
//! - **repair** ([`repair`]), tried only when strict fails: at most `K` existing visits lifted
//!   and placed again within their own windows (with any carer), listed as moves;
//! - **no**: neither works; why, call by call, with the nearest misses ([`explain`]).
//!
//! Every rule comes from the solver: the rota's visits are locked where they are
//! ([`crate::solve::anchor`]) and each call goes in through
//! [`Solution::best_placement`](crate::solve::state::Solution::best_placement), which applies
//! every hard rule (skills, availability, windows, daily and weekly hours, breaks, rest, the
//! continuity cap, links, double-handed calls at one start). Options are priced by the
//! solver's objective ([`crate::solve::objective::evaluate`]). [`apply`] turns an option into
//! the rota it describes, which the independent checker can then judge.

pub mod explain;
pub mod package;
pub mod repair;
pub mod sample;
pub mod strict;

pub use package::{load_package, merge, parse_package, Package};

use crate::format::Rota;
use crate::model::Problem;
use crate::solve::anchor::{keeps, seed, Anchors, Keep};
use crate::solve::instance::Instance;
use crate::solve::objective::{evaluate, Cost};
use crate::solve::state::Solution;
use crate::time::{as_minutes, ClockTime, Ticks, DAY};
use crate::travel::Travel;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

/// Options of a fit.
#[derive(Clone, Debug)]
pub struct FitOptions {
    /// The most options returned.
    pub top: usize,
    /// The most existing visits a repair may move (0: no repair).
    pub repair_k: usize,
    /// Partial answers kept at each call of the strict search, and alternatives tried per
    /// call and partial answer.
    pub beam: usize,
    /// Existing visits near a blocked call considered for lifting.
    pub repair_candidates: usize,
    /// The most repair attempts (lift, place the call, place the lifted visits again) in one fit.
    pub repair_attempts: usize,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions { top: 3, repair_k: 3, beam: 3, repair_candidates: 10, repair_attempts: 400 }
    }
}

/// How a package fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every call fits into the rounds as they are.
    Strict,
    /// Every call fits once a few existing visits move within their windows.
    Repair,
    /// The package does not fit.
    No,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Strict => "strict",
            Verdict::Repair => "repair",
            Verdict::No => "no",
        })
    }
}

/// The answer of a fit.
#[derive(Clone, Debug, Serialize)]
pub struct FitAnswer {
    /// The package's name.
    pub package: String,
    /// The new client.
    pub client: String,
    /// Strict, repair or no.
    pub verdict: Verdict,
    /// The options, best first (cheapest added cost; for repairs, fewest moves first).
    pub options: Vec<FitOption>,
    /// When strict fails: the calls that block it, with why and the nearest misses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocked: Vec<CallReport>,
    /// Anything else worth knowing (visits of the rota that no longer fit their problem).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One way to take the package.
#[derive(Clone, Debug, Serialize)]
pub struct FitOption {
    /// 1 for the best.
    pub rank: usize,
    /// Strict or repair.
    pub mode: Verdict,
    /// Each call: its carers and times.
    pub calls: Vec<CallPlacement>,
    /// The existing visits moved (repair only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<Move>,
    /// Travel added to the rota, minutes (commutes included).
    pub added_travel_min: f64,
    /// Working time added, minutes, over every carer.
    pub added_work_min: f64,
    /// Pay for the working time added, in pounds, where carers have an hourly rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added_pay: Option<f64>,
    /// The solver's objective added (continuity, travel, waiting, deviation, overtime).
    pub added_cost: f64,
    /// Distinct carers the new client would see in the week.
    pub distinct_carers: u32,
    /// The profile's target of distinct carers for the client, if it sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continuity_target: Option<u32>,
    /// The profile's hard cap of distinct carers, if it sets one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continuity_cap: Option<u32>,
    /// The hours of every carer the option touches, before and after.
    pub carers: Vec<CarerHours>,
}

/// Where a call goes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CallPlacement {
    /// The call (visit id).
    pub visit: String,
    /// Its date.
    pub date: NaiveDate,
    /// Planned start.
    pub start: ClockTime,
    /// Planned end.
    pub end: ClockTime,
    /// Its carers (two for a double-handed call).
    pub carers: Vec<String>,
}

/// A visit's carers and start.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Slot {
    /// Carers.
    pub carers: Vec<String>,
    /// Date.
    pub date: NaiveDate,
    /// Start.
    pub start: ClockTime,
}

/// An existing visit a repair moves.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Move {
    /// The visit.
    pub visit: String,
    /// Where it was.
    pub from: Slot,
    /// Where it goes.
    pub to: Slot,
}

/// A carer's hours in the week before and after an option.
#[derive(Clone, Debug, Serialize)]
pub struct CarerHours {
    /// The carer.
    pub carer: String,
    /// Working hours before.
    pub hours_before: f64,
    /// Working hours after.
    pub hours_after: f64,
    /// The carer's most hours in the week, if set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_hours_per_week: Option<f64>,
}

/// Why a call cannot go in, and what nearly works.
#[derive(Clone, Debug, Serialize)]
pub struct CallReport {
    /// The call.
    pub visit: String,
    /// Its date.
    pub date: NaiveDate,
    /// The window its start may take, e.g. `Tue 07:45–Tue 08:15`.
    pub window: String,
    /// The blocking rule, as a rota reason code (`no_skilled_carer`, `continuity_cap`…).
    pub reason: String,
    /// Why, in words.
    pub detail: String,
    /// Placements that break one rule by a little, in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub near_misses: Vec<String>,
}

/// The rota and the package compiled together, with the rota's visits locked in place.
pub(crate) struct Fitting<'a> {
    /// The problem with the package added.
    pub problem: &'a Problem,
    /// The compiled problem, without anchors (each visit's own window and carers).
    pub base: Instance,
    /// The compiled problem with every visit of the rota locked.
    pub inst: Instance,
    /// The rota as a solution (the package's calls unplaced).
    pub sol0: Solution,
    /// The planned start of every visit in `sol0`.
    pub starts0: Vec<Option<Ticks>>,
    /// The objective of `sol0`.
    pub cost0: Cost,
    /// The package's calls, scarcest first (fewest carers who can fit them, most seats).
    pub calls: Vec<usize>,
    /// Visits below this index are the problem's; from it on, the package's.
    pub first_call: usize,
    /// Visits of the rota that could not be held where they were.
    pub unheld: Vec<usize>,
}

impl<'a> Fitting<'a> {
    fn new(problem: &'a Problem, travel: &Travel, rota: &Rota, calls: usize) -> Fitting<'a> {
        let anchors = Anchors { locked: keeps(problem, rota), ..Anchors::default() };
        let base = Instance::new(problem, travel);
        let mut inst = base.clone();
        anchors.compile(problem, &mut inst);
        let (sol0, unheld) = seed(problem, &mut inst, &anchors, &base);
        inst.count_fits(&problem.client_profiles());
        let first_call = problem.visits.len() - calls;
        let mut order: Vec<usize> = (first_call..problem.visits.len()).collect();
        order.sort_by_key(|&v| {
            let vis = &inst.visits[v];
            (vis.fit_count, std::cmp::Reverse(vis.seats), vis.earliest, v)
        });
        let starts0 = starts(&inst, &sol0);
        let cost0 = evaluate(&inst, &sol0);
        Fitting { problem, base, inst, sol0, starts0, cost0, calls: order, first_call, unheld }
    }

    /// Turn a solution with every call placed into an option.
    fn option(&self, inst: &Instance, sol: &Solution, lifted: &BTreeSet<usize>, mode: Verdict) -> FitOption {
        let p = self.problem;
        let ids = |crew: &[usize]| -> Vec<String> { crew.iter().map(|&k| p.carers[k].id.clone()).collect() };
        let mut calls_in_order: Vec<usize> = (self.first_call..p.visits.len()).collect();
        calls_in_order.sort_by_key(|&v| (inst.visits[v].day, start_of(inst, sol, v), v));
        let calls = calls_in_order
            .iter()
            .map(|&v| {
                let s = start_of(inst, sol, v).unwrap_or(inst.visits[v].target);
                let base = inst.visits[v].day as Ticks * DAY;
                CallPlacement {
                    visit: p.visits[v].id.clone(),
                    date: p.visits[v].date,
                    start: ClockTime::from_ticks(s - base),
                    end: ClockTime::from_ticks(s + inst.visits[v].duration - base),
                    carers: ids(&sol.assigned[v].iter().collect::<Vec<_>>()),
                }
            })
            .collect();
        let slot = |crew: Vec<usize>, v: usize, s: Ticks| Slot {
            carers: ids(&crew),
            date: p.visits[v].date,
            start: ClockTime::from_ticks(s - inst.visits[v].day as Ticks * DAY),
        };
        let mut moves = Vec::new();
        let mut touched: BTreeSet<usize> = BTreeSet::new();
        for &u in lifted {
            let (was, now) = (self.sol0.assigned[u], sol.assigned[u]);
            let (s0, s1) = (self.starts0[u], start_of(inst, sol, u));
            if was == now && s0 == s1 {
                continue;
            }
            touched.extend(was.iter().chain(now.iter()));
            moves.push(Move {
                visit: p.visits[u].id.clone(),
                from: slot(was.iter().collect(), u, s0.unwrap_or(0)),
                to: slot(now.iter().collect(), u, s1.unwrap_or(0)),
            });
        }
        for v in self.first_call..p.visits.len() {
            touched.extend(sol.assigned[v].iter());
        }
        let cost = evaluate(inst, sol);
        let hours = |t: Ticks| (as_minutes(t) / 60.0 * 100.0).round() / 100.0;
        let mut pay = None;
        let mut work = 0;
        let carers = touched
            .iter()
            .map(|&k| {
                let delta = sol.week_work[k] - self.sol0.week_work[k];
                work += delta;
                if let Some(rate) = p.carers[k].hourly_rate {
                    *pay.get_or_insert(0.0) += as_minutes(delta) / 60.0 * rate;
                }
                CarerHours {
                    carer: p.carers[k].id.clone(),
                    hours_before: hours(self.sol0.week_work[k]),
                    hours_after: hours(sol.week_work[k]),
                    max_hours_per_week: p.carers[k].max_hours_per_week,
                }
            })
            .collect();
        let client = inst.visits[self.first_call].client;
        let caps = inst.clients[client].caps;
        let known = |c: &Cost| c.total - c.unassigned;
        FitOption {
            rank: 0,
            mode,
            calls,
            moves,
            added_travel_min: round2(as_minutes(cost.travel - self.cost0.travel)),
            added_work_min: round2(as_minutes(work)),
            added_pay: pay.map(round2),
            added_cost: round2(known(&cost) - known(&self.cost0)),
            distinct_carers: sol.client_carers[client].len() as u32,
            continuity_target: caps.map(|c| c.0),
            continuity_cap: caps.map(|c| c.1),
            carers,
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The planned start of visit `v` in `sol`, if placed.
pub(crate) fn start_of(inst: &Instance, sol: &Solution, v: usize) -> Option<Ticks> {
    let k = sol.assigned[v].first()?;
    let route = &sol.routes[Solution::route_index(inst, k, inst.visits[v].day)];
    let i = route.visits.iter().position(|&x| x == v)?;
    Some(route.schedule(inst, &sol.pin)[i])
}

/// The planned start of every visit in `sol`.
fn starts(inst: &Instance, sol: &Solution) -> Vec<Option<Ticks>> {
    let mut out = vec![None; inst.visits.len()];
    for route in &sol.routes {
        if route.visits.is_empty() {
            continue;
        }
        for (i, s) in route.schedule(inst, &sol.pin).into_iter().enumerate() {
            let v = route.visits[i];
            out[v] = Some(out[v].map_or(s, |x: Ticks| x.min(s)));
        }
    }
    out
}

/// Fit `package` into `rota`. `problem` is the rota's problem with the package merged in
/// ([`merge`]) and `travel` its travel ([`Travel::for_problem`]).
///
/// Strict first: a beam search over the calls, scarcest first, each placed with its cheapest
/// seat among the carers not yet tried for it (`options.beam` alternatives per call). If some
/// call has no place in any partial answer, the calls that block are explained and, if
/// `options.repair_k > 0`, repair is tried.
pub fn fit(problem: &Problem, travel: &Travel, rota: &Rota, package: &Package, options: &FitOptions) -> FitAnswer {
    let mut fx = Fitting::new(problem, travel, rota, package.visits.len());
    let mut answer = FitAnswer {
        package: package.name.clone(),
        client: package.client.id.clone(),
        verdict: Verdict::No,
        options: Vec::new(),
        blocked: Vec::new(),
        notes: fx
            .unheld
            .iter()
            .map(|&v| {
                format!("visit {} of the rota no longer fits where it is and is left unplaced", problem.visits[v].id)
            })
            .collect(),
    };
    let top = options.top.max(1);
    let mut found: Vec<FitOption> = match strict::strict(&mut fx, options.beam.max(1)) {
        Ok(sols) => {
            answer.verdict = Verdict::Strict;
            sols.iter().map(|s| fx.option(&fx.inst, s, &BTreeSet::new(), Verdict::Strict)).collect()
        }
        Err(failure) => {
            answer.blocked = explain::blocked(&fx, &failure);
            let states = if options.repair_k > 0 { repair::repair(&fx, options) } else { Vec::new() };
            if !states.is_empty() {
                answer.verdict = Verdict::Repair;
            }
            states.iter().map(|st| fx.option(&st.inst, &st.sol, &st.lifted, Verdict::Repair)).collect()
        }
    };
    found.sort_by(|a, b| {
        a.moves.len().cmp(&b.moves.len()).then(a.added_cost.total_cmp(&b.added_cost)).then_with(|| {
            let key = |o: &FitOption| (o.calls.clone(), o.moves.iter().map(|m| m.to.clone()).collect::<Vec<_>>());
            format!("{:?}", key(a)).cmp(&format!("{:?}", key(b)))
        })
    });
    found.dedup_by(|a, b| a.calls == b.calls && a.moves == b.moves);
    found.truncate(top);
    for (i, o) in found.iter_mut().enumerate() {
        o.rank = i + 1;
    }
    answer.options = found;
    answer
}

/// The rota `option` describes: `rota` with the option's calls placed and its moves made,
/// with travel and waiting worked out again. `problem` and `travel` are the merged problem's,
/// as for [`fit`]. Every other visit keeps its carers and start (one that cannot be held there,
/// which [`fit`] names in [`FitAnswer::notes`], is left unassigned, as in the fit). The calls and moved visits
/// go to the option's carers at the option's starts; where the solver's round timing cannot
/// hold all of those starts exactly, they go to the same carers within their own windows
/// instead, placed as [`fit`] placed them (the calls scarcest first, then the moved visits),
/// so a start may differ from the option's by the round's slack. Fails, naming the visits, if even that cannot be done.
pub fn apply(problem: &Problem, travel: &Travel, rota: &Rota, option: &FitOption) -> Result<Rota, String> {
    match lay_out(problem, travel, rota, option, true) {
        Ok(out) => Ok(out),
        Err(_) => lay_out(problem, travel, rota, option, false),
    }
}

/// [`apply`], holding the option's starts exactly or not.
fn lay_out(problem: &Problem, travel: &Travel, rota: &Rota, option: &FitOption, exact: bool) -> Result<Rota, String> {
    let week = problem.week();
    let keep = |visit: &str, carers: &[String], date: NaiveDate, start: ClockTime| Keep {
        visit: visit.to_string(),
        carers: carers.to_vec(),
        start: week.day_index(date).map(|d| d as Ticks * DAY + start.ticks()),
        release: false,
        day: None,
    };
    let moved: BTreeSet<&str> = option.moves.iter().map(|m| m.visit.as_str()).collect();
    let locked: Vec<Keep> = keeps(problem, rota).into_iter().filter(|k| !moved.contains(k.visit.as_str())).collect();
    let mut new: Vec<Keep> = option.moves.iter().map(|m| keep(&m.visit, &m.to.carers, m.to.date, m.to.start)).collect();
    new.extend(option.calls.iter().map(|c| keep(&c.visit, &c.carers, c.date, c.start)));
    let anchors = if exact {
        Anchors { locked: locked.into_iter().chain(new.iter().cloned()).collect(), ..Anchors::default() }
    } else {
        Anchors { locked, ..Anchors::default() }
    };
    let base = Instance::new(problem, travel);
    let mut inst = base.clone();
    anchors.compile(problem, &mut inst);
    let (mut sol, failed) = seed(problem, &mut inst, &anchors, &base);
    let index = problem.index();
    if !exact {
        // As fit placed them: the calls scarcest first, then the moved visits.
        inst.count_fits(&problem.client_profiles());
        let at = |k: &Keep| index.visits.get(&k.visit).copied();
        let (mut calls, moves): (Vec<&Keep>, Vec<&Keep>) = new.iter().partition(|k| !moved.contains(k.visit.as_str()));
        calls.sort_by_key(|k| {
            at(k).map(|v| {
                (inst.visits[v].fit_count, std::cmp::Reverse(inst.visits[v].seats), inst.visits[v].earliest, v)
            })
        });
        for k in calls.into_iter().chain(moves) {
            let Some(v) = at(k) else { continue };
            let mut only: Vec<usize> = k.carers.iter().filter_map(|c| index.carers.get(c).copied()).collect();
            only.sort_unstable();
            let saved = inst.visits[v].only.replace(only);
            if let Ok(p) = sol.best_placement(&inst, v, false, &|_, s| s.cost) {
                sol.apply(&inst, v, &p);
            }
            inst.visits[v].only = saved;
        }
    }
    let missing: Vec<&str> = failed
        .iter()
        .filter(|&&v| exact || new.iter().any(|k| k.visit == problem.visits[v].id))
        .map(|&v| problem.visits[v].id.as_str())
        .chain(
            new.iter()
                .filter(|k| index.visits.get(&k.visit).is_none_or(|&v| !sol.is_assigned(v)))
                .map(|k| k.visit.as_str()),
        )
        .collect();
    if !missing.is_empty() {
        return Err(format!("these visits do not fit where the option puts them: {}", missing.join(", ")));
    }
    let mut out = crate::solve::output::stopped_rota(problem, &inst, &sol, &[], "");
    out.made_by = rota.made_by.clone();
    Ok(out)
}

impl fmt::Display for FitAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = if self.package.is_empty() { String::new() } else { format!(" ({})", self.package) };
        let said = match self.verdict {
            Verdict::Strict => "fits into the rounds as they are",
            Verdict::Repair => "fits once some existing visits move",
            Verdict::No => "does not fit",
        };
        writeln!(
            f,
            "Package for client {}{name}: {} — it {said}.",
            self.client,
            self.verdict.to_string().to_uppercase()
        )?;
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        if !self.blocked.is_empty() {
            let what = if self.verdict == Verdict::No { "Why not" } else { "Why not as the rounds are" };
            writeln!(f, "\n{what}:")?;
            for c in &self.blocked {
                writeln!(f, "  {} ({}, start {}): [{}] {}", c.visit, c.date, c.window, c.reason, c.detail)?;
                for m in &c.near_misses {
                    writeln!(f, "    nearly: {m}")?;
                }
            }
        }
        for o in &self.options {
            writeln!(f, "\nOption {} ({}):", o.rank, o.mode)?;
            for c in &o.calls {
                writeln!(f, "  {:<24} {} {}–{}  {}", c.visit, c.date, c.start, c.end, c.carers.join(" + "))?;
            }
            for m in &o.moves {
                writeln!(
                    f,
                    "  move {:<19} {} {} {} → {} {} {}",
                    m.visit,
                    m.from.carers.join("+"),
                    m.from.date,
                    m.from.start,
                    m.to.carers.join("+"),
                    m.to.date,
                    m.to.start
                )?;
            }
            let cap = match (o.continuity_target, o.continuity_cap) {
                (Some(t), Some(c)) => format!(" (target {t}, cap {c})"),
                _ => String::new(),
            };
            let pay = o.added_pay.map_or(String::new(), |p| format!(", pay +£{p:.2}"));
            writeln!(
                f,
                "  added: travel {:+.0} min, work {:+.0} min{pay}, objective {:+.1}; client sees {} carer(s){cap}",
                o.added_travel_min, o.added_work_min, o.added_cost, o.distinct_carers
            )?;
            let hours: Vec<String> = o
                .carers
                .iter()
                .map(|c| {
                    let max = c.max_hours_per_week.map_or(String::new(), |m| format!("/{m}"));
                    format!("{} {:.1}→{:.1}{max} h", c.carer, c.hours_before, c.hours_after)
                })
                .collect();
            writeln!(f, "  carers' week: {}", hours.join(", "))?;
        }
        Ok(())
    }
}
