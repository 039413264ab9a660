//! Repair: when strict fails, lift at most `K` existing visits near a blocked call, place the
//! call, then place the lifted visits again, each within its own window (the problem's, not
//! the rota's start) and with any carer who may do it: the same carer at another time, or
//! another carer. Every rule still holds through
//! [`Solution::best_placement`](crate::solve::state::Solution::best_placement).
//!
//! The calls go in scarcest first, each at its cheapest place if it has one. At a call with
//! none, repair clears a slot: for a start of the call (its target, earliest and latest), the
//! visits of a carer who could do the call (skills, refusals, availability) that overlap it,
//! with 20 minutes of slack either side, are lifted; for a double-handed call, those of two such
//! carers. The `repair_candidates` carers with the fewest such visits are tried at each start,
//! smallest sets first, up to the moves left, in a fixed order, and at most `repair_attempts`
//! tries in all: the answer does not depend on the machine's speed. The repairs with the fewest moves
//! win, the cheapest first; the first blocked call branches into `top` of them, later ones
//! take the best.

use super::Fitting;
use crate::solve::instance::{Instance, Visit};
use crate::solve::objective::evaluate;
use crate::solve::state::Solution;
use crate::time::{Ticks, MINUTE};
use std::collections::BTreeSet;

/// A partial or whole repaired answer.
pub(crate) struct State {
    /// The instance, with the visits lifted so far free within their own windows.
    pub inst: Instance,
    /// The solution.
    pub sol: Solution,
    /// Existing visits lifted so far.
    pub lifted: BTreeSet<usize>,
}

/// Slack around a blocked call's window in which lifting a visit can help.
const SLACK: Ticks = 20 * MINUTE;

/// The repaired answers (every call placed), best first; empty if none was found.
pub(crate) fn repair(fx: &Fitting, options: &super::FitOptions) -> Vec<State> {
    let start = State { inst: fx.inst.clone(), sol: fx.sol0.clone(), lifted: BTreeSet::new() };
    let mut out = Vec::new();
    let mut attempts = 0;
    run(fx, options, start, 0, options.top.max(1), &mut out, &mut attempts);
    out
}

fn run(
    fx: &Fitting,
    options: &super::FitOptions,
    mut st: State,
    from: usize,
    width: usize,
    out: &mut Vec<State>,
    attempts: &mut usize,
) {
    for i in from..fx.calls.len() {
        let v = fx.calls[i];
        if let Ok(p) = st.sol.best_placement(&st.inst, v, false, &|_, s| s.cost) {
            st.sol.apply(&st.inst, v, &p);
            continue;
        }
        let left = options.repair_k.saturating_sub(st.lifted.len());
        for next in repairs(fx, options, &st, v, left, width, attempts) {
            run(fx, options, next, i + 1, 1, out, attempts);
        }
        return;
    }
    out.push(st);
}

/// Up to `width` ways to place call `v` in `st` by lifting at most `left` more visits: those
/// with the fewest lifts, cheapest first.
fn repairs(
    fx: &Fitting,
    options: &super::FitOptions,
    st: &State,
    v: usize,
    left: usize,
    width: usize,
    attempts: &mut usize,
) -> Vec<State> {
    let mut scratch = st.inst.clone();
    let mut found: Vec<(usize, f64, State)> = Vec::new();
    for lift in lift_sets(fx, st, v, left, options.repair_candidates) {
        if *attempts >= options.repair_attempts || found.first().is_some_and(|f| f.0 < lift.len()) {
            break;
        }
        *attempts += 1;
        if let Some(next) = attempt(fx, &mut scratch, st, v, &lift, left) {
            let c = evaluate(&next.inst, &next.sol);
            found.push((lift.len(), c.total - c.unassigned, next));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    found.into_iter().take(width).map(|(_, _, s)| s).collect()
}

/// Sets of existing visits whose lifting would clear a slot for call `v`: for each start tried
/// (the call's target, earliest and latest), the visits of each carer who could do the call
/// that overlap it with [`SLACK`] either side; for a call of several seats, the union over as
/// many carers. Smallest sets first, at most `left` visits each, in a fixed order.
fn lift_sets(fx: &Fitting, st: &State, v: usize, left: usize, per_start: usize) -> Vec<Vec<usize>> {
    let inst = &st.inst;
    let vis = &inst.visits[v];
    let carers: Vec<usize> = inst.fit(v).collect();
    let mut sets: Vec<Vec<usize>> = Vec::new();
    for t in [vis.target, vis.earliest, vis.latest] {
        let (lo, hi) = (t - SLACK, t + vis.duration + SLACK);
        let mut blocking: Vec<(usize, Vec<usize>)> = Vec::new();
        for &k in &carers {
            let route = &st.sol.routes[Solution::route_index(inst, k, vis.day)];
            let mut set = Vec::new();
            if !route.visits.is_empty() {
                for (i, s) in route.schedule(inst, &st.sol.pin).into_iter().enumerate() {
                    let u = route.visits[i];
                    if s + inst.visits[u].duration > lo && s < hi {
                        set.push(u);
                    }
                }
            }
            if set.iter().all(|&u| u < fx.first_call) && set.len() <= left {
                blocking.push((k, set));
            }
        }
        blocking.sort_by_key(|(k, set)| (set.len(), *k));
        blocking.truncate(per_start);
        let mut here: Vec<Vec<usize>> = Vec::new();
        let mut choose = |picked: &[usize]| {
            let mut set: Vec<usize> = picked.iter().flat_map(|&i| blocking[i].1.iter().copied()).collect();
            set.sort_unstable();
            set.dedup();
            if !set.is_empty() && set.len() <= left {
                here.push(set);
            }
        };
        let n = blocking.len();
        match vis.seats {
            1 => (0..n).for_each(|a| choose(&[a])),
            2 => (0..n).for_each(|a| (a + 1..n).for_each(|b| choose(&[a, b]))),
            _ => (0..n).for_each(|a| (a + 1..n).for_each(|b| (b + 1..n).for_each(|c| choose(&[a, b, c])))),
        }
        sets.extend(here);
    }
    let mut seen = std::collections::BTreeSet::new();
    sets.retain(|s| seen.insert(s.clone()));
    sets.sort_by_key(|s| s.len());
    sets
}

/// Lift `lift` from `st`, place call `v`, place every lifted visit again; the new state if all
/// went in with at most `left` newly lifted existing visits. `scratch` is `st.inst`, and is
/// left so.
fn attempt(fx: &Fitting, scratch: &mut Instance, st: &State, v: usize, lift: &[usize], left: usize) -> Option<State> {
    let mut sol = st.sol.clone();
    let mut lifted: Vec<usize> = Vec::new();
    for &u in lift {
        if sol.is_assigned(u) {
            lifted.push(u);
            lifted.extend(sol.remove(scratch, u));
        }
    }
    lifted.sort_unstable();
    lifted.dedup();
    let fresh: Vec<usize> = lifted.iter().copied().filter(|&u| u < fx.first_call && !st.lifted.contains(&u)).collect();
    if fresh.len() > left {
        return None;
    }
    let saved: Vec<(usize, Visit)> = fresh.iter().map(|&u| (u, scratch.visits[u].clone())).collect();
    for &u in &fresh {
        let (vis, b) = (&mut scratch.visits[u], &fx.base.visits[u]);
        (vis.earliest, vis.latest, vis.target, vis.only, vis.locked) =
            (b.earliest, b.latest, b.target, b.only.clone(), false);
    }
    let placed = place(scratch, &mut sol, v) && {
        lifted.sort_by_key(|&u| (scratch.visits[u].fit_count, std::cmp::Reverse(scratch.visits[u].seats), u));
        lifted.iter().all(|&u| place(scratch, &mut sol, u))
    };
    let result = placed.then(|| {
        let mut all = st.lifted.clone();
        all.extend(fresh.iter().copied());
        State { inst: scratch.clone(), sol, lifted: all }
    });
    for (u, vis) in saved {
        scratch.visits[u] = vis;
    }
    result
}

/// Place `v` at its cheapest place in `sol`; whether it went in.
fn place(inst: &Instance, sol: &mut Solution, v: usize) -> bool {
    match sol.best_placement(inst, v, false, &|_, s| s.cost) {
        Ok(p) => {
            sol.apply(inst, v, &p);
            true
        }
        Err(_) => false,
    }
}
