//! The objective: one weighted sum, documented in `docs/objective.md`.
//!
//! Levels, in order of importance: unassigned seats (weighted by priority, time-critical and
//! multi-carer factors); continuity (distinct carers beyond the profile's target, every distinct
//! carer, key carer unused, preferred carers missed, soft preferences missed); then travel,
//! waiting, deviation from target times and overtime.

use super::instance::Instance;
use super::state::Solution;
use crate::time::{as_minutes, Ticks};

/// The objective split into its parts, for reports and progress.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cost {
    /// Unassigned seats.
    pub unassigned_seats: usize,
    /// Optional visits left out (their seats count in `unassigned_seats`, their price in
    /// `unassigned`: `optional_visit_missed` each).
    pub optional_missed: usize,
    /// Rounds without their carer's meal break ([`super::meal`]).
    pub meal_breaks_missed: usize,
    /// Weighted unassigned cost.
    pub unassigned: f64,
    /// Continuity and preference cost.
    pub continuity: f64,
    /// Travel ticks (commute included).
    pub travel: Ticks,
    /// Waiting ticks: idle time between visits inside the carer's availability.
    pub waiting: Ticks,
    /// Ticks between planned and target starts, summed over seats.
    pub deviation: Ticks,
    /// Overtime ticks beyond contracted hours.
    pub overtime: Ticks,
    /// Lateness past due times, summed over seats.
    pub tardiness: Ticks,
    /// The largest lateness past a due time.
    pub max_tardiness: Ticks,
    /// Ticks carers' working days finish after their availability ([`Route::overrun`]).
    ///
    /// [`Route::overrun`]: super::route::Route::overrun
    pub overrun: Ticks,
    /// The largest idle time of a carer's working day ([`Route::idle`]).
    ///
    /// [`Route::idle`]: super::route::Route::idle
    pub max_idle: Ticks,
    /// Changes from the rota a re-plan changes ([`super::anchor`]); zero in a plain solve.
    pub changes: Changes,
    /// The weighted cost of [`Cost::changes`].
    pub change: f64,
    /// The weighted total.
    pub total: f64,
}

/// What a re-plan changed in the rota it started from, as its minimal-change objective counts
/// it (`docs/operations.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Visit seats given a carer who did not have the visit.
    pub carers: usize,
    /// Visit seats moved further than the tolerance from their start.
    pub moved: usize,
    /// Carers new to a client, over all clients.
    pub new_to_clients: usize,
    /// Carers' days (rounds) whose visits changed.
    pub days: usize,
}

impl Changes {
    /// All changes counted together.
    pub fn total(&self) -> usize {
        self.carers + self.moved + self.new_to_clients + self.days
    }
}

/// The continuity cost of client `c` seen by `distinct` carers, `new` of them new to the client
/// (counted only in a re-plan), the key carer among them or not: every distinct carer, those
/// beyond the profile's target, the key carer unused and carers new to the client.
pub fn client_cost(inst: &Instance, c: usize, distinct: u32, key_used: bool, new: u32) -> f64 {
    let w = &inst.weights;
    let client = &inst.clients[c];
    let mut cost = distinct as f64 * w.distinct_carer + new as f64 * w.new_carer_for_client;
    if let Some((target, _)) = client.caps {
        cost += distinct.saturating_sub(target) as f64 * w.continuity_over_target;
    }
    if client.key_carer.is_some() && !key_used && !client.visits.is_empty() {
        cost += w.key_carer_unused;
    }
    cost
}

/// The cost of one seat of visit `v` that depends on its carer `k`: soft preferences missed,
/// preferred carers missed and, in a re-plan, a carer who did not have the visit before.
pub fn carer_terms(inst: &Instance, v: usize, k: usize) -> f64 {
    preference_terms(inst, v, k) + if changed_carer(inst, v, k) { inst.weights.changed_carer } else { 0.0 }
}

/// Soft preferences and preferred carers missed by giving a seat of `v` to carer `k`.
fn preference_terms(inst: &Instance, v: usize, k: usize) -> f64 {
    let w = &inst.weights;
    let vis = &inst.visits[v];
    let pref = &inst.clients[vis.client].preferred;
    let mut cost = inst.soft_misses(v, k) as f64 * w.soft_preference_missed;
    if !pref.is_empty() && pref.binary_search(&k).is_err() {
        cost += w.preferred_carer_missed;
    }
    cost
}

/// Whether carer `k` on visit `v` is a change: the visit had carers before and `k` was not one.
#[inline]
pub fn changed_carer(inst: &Instance, v: usize, k: usize) -> bool {
    inst.visits[v].before.as_ref().is_some_and(|b| !b.carers.is_empty() && b.carers.binary_search(&k).is_err())
}

/// How many of client `c`'s carers (carer, seats) are new to the client, in a re-plan.
pub fn new_carers(inst: &Instance, c: usize, carers: &[(usize, u32)]) -> u32 {
    if inst.clients[c].known.is_none() {
        return 0;
    }
    carers.iter().filter(|&&(k, _)| inst.new_to_client(c, k)).count() as u32
}

/// Evaluate a solution from scratch.
pub fn evaluate(inst: &Instance, sol: &Solution) -> Cost {
    let mut c = Cost::default();
    for (v, vis) in inst.visits.iter().enumerate() {
        let missing = vis.seats - sol.assigned[v].len();
        c.unassigned_seats += missing;
        if vis.optional {
            // Once per visit or group left out, whatever its seats.
            let out = missing > 0;
            c.optional_missed += usize::from(out && inst.heads_group(v));
            c.unassigned += if out { vis.unassigned_cost * vis.seats as f64 } else { 0.0 };
        } else {
            c.unassigned += missing as f64 * vis.unassigned_cost;
        }
        for k in sol.assigned[v].iter() {
            c.continuity += preference_terms(inst, v, k);
            c.changes.carers += changed_carer(inst, v, k) as usize;
        }
    }
    for ci in 0..inst.clients.len() {
        let (cost, new) = client_terms(inst, sol, ci);
        c.continuity += cost;
        c.changes.new_to_clients += new;
    }
    for route in &sol.routes {
        c.changes.moved += route.moved as usize;
        c.changes.days += route.changed as usize;
        c.travel += route.travel;
        c.waiting += route.waiting;
        c.deviation += route.deviation;
        c.tardiness += route.tardiness;
        c.max_tardiness = c.max_tardiness.max(route.max_tardiness);
        c.meal_breaks_missed += usize::from(route.meal_missed);
        c.overrun += route.overrun;
        c.max_idle = c.max_idle.max(route.idle);
    }
    for (k, carer) in inst.carers.iter().enumerate() {
        if let Some(contracted) = carer.contracted {
            c.overtime += (sol.week_work[k] - contracted).max(0);
        }
    }
    finish(inst, &mut c);
    c
}

/// Weigh the changes and sum the total from the other parts.
fn finish(inst: &Instance, c: &mut Cost) {
    let w = &inst.weights;
    c.change = c.changes.carers as f64 * w.changed_carer
        + c.changes.moved as f64 * w.moved_visit
        + c.changes.new_to_clients as f64 * w.new_carer_for_client
        + c.changes.days as f64 * w.changed_day;
    c.total = c.unassigned
        + c.continuity
        + c.change
        + as_minutes(c.travel) * w.travel_minute
        + as_minutes(c.waiting) * w.waiting_minute
        + as_minutes(c.deviation) * w.deviation_minute
        + as_minutes(c.overtime) * w.overtime_minute
        + as_minutes(c.tardiness) * w.tardiness_minute
        + as_minutes(c.max_tardiness) * w.max_tardiness_minute
        + c.meal_breaks_missed as f64 * w.meal_break_missed
        + as_minutes(c.overrun) * w.overrun_minute
        + as_minutes(c.max_idle) * w.max_idle_minute;
}

/// The cost of `after`, given `before` and its cost, when the two differ only in `rounds` and
/// what hangs on them (as [`Solution::sync_from`] copies): each part of the rounds, of their
/// visits, clients and carers is taken out as it was and put back as it is, in time
/// proportional to the rounds instead of the rota. The same value as [`evaluate`] whenever the
/// weights and priorities are whole numbers (the default), since every sum is then exact;
/// otherwise it may differ from it in the last bits.
pub fn reevaluate(inst: &Instance, before: &Solution, cost: &Cost, after: &Solution, rounds: &[usize]) -> Cost {
    let mut c = *cost;
    let mut visits: Vec<usize> = Vec::new();
    let mut carers: Vec<usize> = Vec::with_capacity(rounds.len());
    let (mut lost_worst, mut lost_idlest) = (false, false);
    for &r in rounds {
        let (b, a) = (&before.routes[r], &after.routes[r]);
        visits.extend_from_slice(&b.visits);
        visits.extend_from_slice(&a.visits);
        carers.push(a.carer);
        c.changes.moved = c.changes.moved + a.moved as usize - b.moved as usize;
        c.changes.days = c.changes.days + a.changed as usize - b.changed as usize;
        c.travel += a.travel - b.travel;
        c.waiting += a.waiting - b.waiting;
        c.deviation += a.deviation - b.deviation;
        c.tardiness += a.tardiness - b.tardiness;
        c.meal_breaks_missed = c.meal_breaks_missed + usize::from(a.meal_missed) - usize::from(b.meal_missed);
        c.overrun += a.overrun - b.overrun;
        lost_worst |= b.max_tardiness == cost.max_tardiness && a.max_tardiness < b.max_tardiness;
        c.max_tardiness = c.max_tardiness.max(a.max_tardiness);
        lost_idlest |= b.idle == cost.max_idle && a.idle < b.idle;
        c.max_idle = c.max_idle.max(a.idle);
    }
    if lost_worst {
        c.max_tardiness = after.routes.iter().map(|r| r.max_tardiness).max().unwrap_or(0);
    }
    if lost_idlest {
        c.max_idle = after.routes.iter().map(|r| r.idle).max().unwrap_or(0);
    }
    visits.sort_unstable();
    visits.dedup();
    for &v in &visits {
        let vis = &inst.visits[v];
        let (now, was) = (after.assigned[v].len(), before.assigned[v].len());
        c.unassigned_seats = c.unassigned_seats + was - now;
        if vis.optional {
            // Once per visit or group left out, whatever its seats (as in `evaluate`).
            let (out_now, out_was) = (now < vis.seats, was < vis.seats);
            if inst.heads_group(v) {
                c.optional_missed = c.optional_missed + usize::from(out_now) - usize::from(out_was);
            }
            let w = vis.unassigned_cost * vis.seats as f64;
            c.unassigned += (f64::from(u8::from(out_now)) - f64::from(u8::from(out_was))) * w;
        } else {
            c.unassigned += (was as f64 - now as f64) * vis.unassigned_cost;
        }
        for k in after.assigned[v].iter() {
            c.continuity += preference_terms(inst, v, k);
            c.changes.carers += changed_carer(inst, v, k) as usize;
        }
        for k in before.assigned[v].iter() {
            c.continuity -= preference_terms(inst, v, k);
            c.changes.carers -= changed_carer(inst, v, k) as usize;
        }
    }
    let mut clients: Vec<usize> = visits.iter().map(|&v| inst.visits[v].client).collect();
    clients.sort_unstable();
    clients.dedup();
    for ci in clients {
        let (now, new) = client_terms(inst, after, ci);
        let (was, old) = client_terms(inst, before, ci);
        c.continuity += now - was;
        c.changes.new_to_clients = c.changes.new_to_clients + new - old;
    }
    carers.sort_unstable();
    carers.dedup();
    for k in carers {
        if let Some(contracted) = inst.carers[k].contracted {
            c.overtime += (after.week_work[k] - contracted).max(0) - (before.week_work[k] - contracted).max(0);
        }
    }
    finish(inst, &mut c);
    c
}

/// Client `ci`'s continuity cost in `sol`, and how many of its carers are new to it.
fn client_terms(inst: &Instance, sol: &Solution, ci: usize) -> (f64, usize) {
    let carers = &sol.client_carers[ci];
    let key_used = inst.clients[ci].key_carer.is_some_and(|key| carers.iter().any(|&(k, _)| k == key));
    (client_cost(inst, ci, carers.len() as u32, key_used, 0), new_carers(inst, ci, carers) as usize)
}
