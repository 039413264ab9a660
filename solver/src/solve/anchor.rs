//! Holding a solve to a rota that already exists: re-planning a running week (`rota replan`) and
//! planning next week from this one (`rota solve --previous`). See `docs/operations.md`.
//!
//! [`Anchors`] say, by id:
//! - which visits are **locked**: they keep their carers and start, and the search never lifts
//!   them (the past, and the freeze horizon just after now);
//! - the **now** before which nothing else may start;
//! - the **previous** plan: each visit's carers and, in a re-plan, its start. Changing them costs
//!   ([`ObjectiveWeights`](crate::model::ObjectiveWeights)' `changed_carer`, `moved_visit`,
//!   `new_carer_for_client`, `changed_day`), and the search starts from it;
//! - the carers each client **knows**, so a carer new to a client costs.
//!
//! Placing seats weighs most: an unassigned seat (10,000 by default) costs as much as 33 seats
//! given another carer, so only a placement that needs more change than that is given up.

use super::instance::{Before, Instance};
use super::state::Solution;
use crate::format::Rota;
use crate::model::Problem;
use crate::time::{minutes, Ticks, DAY};
use std::collections::BTreeMap;

/// A visit held to carers and, when its time counts, a start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keep {
    /// The visit id.
    pub visit: String,
    /// Its carers' ids.
    pub carers: Vec<String>,
    /// Its start, as a tick of the week ([`crate::time`]); none when only the carers count.
    pub start: Option<Ticks>,
    /// A locked visit that may be let go when it can no longer be kept as it was (the freeze
    /// horizon: an event took its carer away). The past is never let go.
    pub release: bool,
    /// The day of the week (0 = Monday) the visit was on in the plan being changed, when an
    /// event has moved it to another; none when it is on the same day.
    pub day: Option<usize>,
}

/// What a solve holds to ([`Instance::anchored`]); the default holds to nothing.
#[derive(Clone, Debug, Default)]
pub struct Anchors {
    /// Visits that keep their carers and start; `start` must be set.
    pub locked: Vec<Keep>,
    /// The plan being changed: changes from it cost, and the search starts from it.
    pub previous: Vec<Keep>,
    /// The carers each client knows, by client id: a carer outside it is new to the client.
    /// Empty: carers new to clients are not counted.
    pub known: BTreeMap<String, Vec<String>>,
    /// No visit that is not locked may start before this tick of the week.
    pub not_before: Option<Ticks>,
    /// A visit further than this from its previous start is moved, in minutes.
    pub move_tolerance_min: i32,
    /// Count carers' days whose visits change (a re-plan), not only carers changed (next week).
    pub count_days: bool,
}

impl Anchors {
    /// Whether these anchors hold to anything at all.
    pub fn is_empty(&self) -> bool {
        self.locked.is_empty() && self.previous.is_empty() && self.known.is_empty() && self.not_before.is_none()
    }

    /// Hold the compiled `inst` of `problem` to these anchors. Ids that are not in the problem
    /// are passed over (the caller has validated them).
    pub fn compile(&self, problem: &Problem, inst: &mut Instance) {
        let index = problem.index();
        let carers = |ids: &[String]| -> Vec<usize> {
            let mut ks: Vec<usize> = ids.iter().filter_map(|k| index.carers.get(k).copied()).collect();
            ks.sort_unstable();
            ks.dedup();
            ks
        };
        inst.move_tolerance = minutes(self.move_tolerance_min);
        if !self.previous.is_empty() && self.count_days {
            inst.day_before = vec![0; inst.carers.len() * inst.days];
        }
        for keep in &self.previous {
            let Some(&v) = index.visits.get(&keep.visit) else { continue };
            let ks = carers(&keep.carers);
            let vis = &mut inst.visits[v];
            let day = keep.day.unwrap_or(vis.day);
            if self.count_days {
                for &k in &ks {
                    inst.day_before[k * inst.days + day] += 1;
                }
            }
            if let Some(s) = keep.start {
                vis.target = s;
            }
            vis.before = Some(Before { carers: ks, start: keep.start, day });
        }
        if !self.known.is_empty() {
            for (c, client) in problem.clients.iter().enumerate() {
                inst.clients[c].known = Some(self.known.get(&client.id).map_or_else(Vec::new, |ids| carers(ids)));
            }
        }
        for keep in &self.locked {
            let (Some(&v), Some(s)) = (index.visits.get(&keep.visit), keep.start) else { continue };
            let vis = &mut inst.visits[v];
            (vis.earliest, vis.latest, vis.target) = (s, s, s);
            vis.only = Some(carers(&keep.carers));
            vis.locked = true;
        }
        for (v, pv) in problem.visits.iter().enumerate() {
            let vis = &mut inst.visits[v];
            if pv.cancelled.is_some() {
                vis.only = Some(Vec::new());
                vis.locked = false;
                continue;
            }
            match self.not_before {
                Some(now) if !vis.locked && vis.latest < now => vis.only = Some(Vec::new()),
                Some(now) if !vis.locked => {
                    vis.earliest = vis.earliest.max(now);
                    vis.target = vis.target.max(now);
                }
                _ => {}
            }
        }
    }
}

/// The tick of the week at which a visit of `rota` starts, for a round on `date` at `start`.
fn tick(problem: &Problem, date: chrono::NaiveDate, start: crate::time::ClockTime) -> Option<Ticks> {
    problem.week().day_index(date).map(|d| d as Ticks * DAY + start.ticks())
}

/// Every scheduled visit of `rota`, with all its carers and its start (the earliest of its
/// seats' starts), in the order of the problem's visits.
pub fn keeps(problem: &Problem, rota: &Rota) -> Vec<Keep> {
    let mut by_visit: BTreeMap<&str, Keep> = BTreeMap::new();
    for round in &rota.rounds {
        for pv in &round.visits {
            let Some(s) = tick(problem, round.date, pv.start) else { continue };
            let keep = by_visit.entry(pv.visit.as_str()).or_insert_with(|| Keep {
                visit: pv.visit.clone(),
                carers: Vec::new(),
                start: Some(s),
                release: false,
                day: None,
            });
            keep.carers.push(round.carer.clone());
            keep.start = keep.start.min(Some(s));
        }
    }
    let index = problem.index();
    let mut out: Vec<Keep> = by_visit.into_values().collect();
    out.sort_by_key(|k| index.visits.get(&k.visit).copied().unwrap_or(usize::MAX));
    out
}

/// The carers each client was seen by in `rota`, by client id.
pub fn known_carers(problem: &Problem, rota: &Rota) -> BTreeMap<String, Vec<String>> {
    let index = problem.index();
    let mut known: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for round in &rota.rounds {
        for pv in &round.visits {
            let Some(&v) = index.visits.get(&pv.visit) else { continue };
            let list = known.entry(problem.visits[v].client.clone()).or_default();
            if !list.contains(&round.carer) {
                list.push(round.carer.clone());
            }
        }
    }
    known
}

/// Place the locked visits, then the rest of the previous plan, each with its own carers where
/// every rule still allows it, in order of start. A locked visit that cannot be placed and may
/// be let go ([`Keep::release`]) is released: its window and carers are the problem's again.
/// Returns the solution and the locked visits that could not be placed (let go or not).
pub fn seed(problem: &Problem, inst: &mut Instance, anchors: &Anchors, base: &Instance) -> (Solution, Vec<usize>) {
    let index = problem.index();
    let mut sol = Solution::empty(inst);
    // In order of start: the old start, or the visit's target where the old time does not count
    // (next week's slots, visits an event moved).
    let order = |inst: &Instance, keeps: &[Keep]| -> Vec<(Ticks, usize, bool)> {
        let mut o: Vec<(Ticks, usize, bool)> = keeps
            .iter()
            .filter_map(|k| {
                let v = *index.visits.get(&k.visit)?;
                Some((k.start.unwrap_or(inst.visits[v].target), v, k.release))
            })
            .collect();
        o.sort_unstable();
        o
    };
    let mut failed = Vec::new();
    for (_, v, release) in order(inst, &anchors.locked) {
        if !inst.visits[v].locked || sol.is_assigned(v) {
            continue;
        }
        if !place_with(inst, &mut sol, v, None) {
            failed.push(v);
            if release {
                let vis = &mut inst.visits[v];
                let b = &base.visits[v];
                (vis.earliest, vis.latest, vis.only, vis.locked) = (b.earliest, b.latest, None, false);
                vis.target = vis.before.as_ref().and_then(|x| x.start).unwrap_or(b.target);
                if let Some(now) = anchors.not_before {
                    vis.earliest = vis.earliest.max(now);
                    if vis.latest < now {
                        vis.only = Some(Vec::new());
                    }
                }
            }
        }
    }
    for (_, v, _) in order(inst, &anchors.previous) {
        if sol.is_assigned(v) || inst.visits[v].locked {
            continue;
        }
        let Some(before) = inst.visits[v].before.clone() else { continue };
        place_with(inst, &mut sol, v, Some(&before.carers));
    }
    (sol, failed)
}

/// Place `v` at the end of the round of one of `carers` (or of any carer it may have), the
/// cheapest; whether it went in.
fn place_with(inst: &mut Instance, sol: &mut Solution, v: usize, carers: Option<&[usize]>) -> bool {
    let saved = inst.visits[v].only.clone();
    if let Some(ks) = carers {
        let allowed: Vec<usize> = ks.iter().copied().filter(|k| saved.as_ref().is_none_or(|o| o.contains(k))).collect();
        inst.visits[v].only = Some(allowed);
    }
    // Visits come in order of their start, so each goes at the end of its carer's round: the
    // rounds keep the old order, and with it the old times.
    let placed = match sol.best_placement(inst, v, true, &|_, s| s.cost) {
        Ok(p) => {
            sol.apply(inst, v, &p);
            true
        }
        Err(_) => false,
    };
    inst.visits[v].only = saved;
    placed
}
