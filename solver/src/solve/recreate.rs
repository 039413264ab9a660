//! Recreate: put lifted (and unassigned) visits back at their cheapest feasible places.
//!
//! The order varies between iterations (SISR's idea): hardest-first by unassigned cost, by
//! target time, by how few carers are free to do them ([`Visit::fit_count`]), or at random. With a
//! small "blink" chance a carer is skipped, which keeps the search from always making the same
//! choice.
//!
//! [`Visit::fit_count`]: super::instance::Visit::fit_count

use super::instance::Instance;
use super::state::Solution;
use crate::rng::Rng;

/// Insert `visits` one at a time at their cheapest feasible place; those that fit nowhere stay
/// unassigned.
pub fn recreate(inst: &Instance, sol: &mut Solution, visits: &mut Vec<usize>, rng: &mut Rng, blink: f64) {
    visits.sort_unstable();
    visits.dedup();
    visits.retain(|&v| !sol.is_assigned(v));
    match rng.below(4) {
        0 => visits.sort_by(|&a, &b| {
            let (x, y) = (&inst.visits[a], &inst.visits[b]);
            (y.unassigned_cost * y.seats as f64)
                .total_cmp(&(x.unassigned_cost * x.seats as f64))
                .then(x.target.cmp(&y.target))
        }),
        1 => visits.sort_by_key(|&v| (inst.visits[v].target, v)),
        2 => visits.sort_by_key(|&v| (inst.visits[v].fit_count, inst.visits[v].target)),
        _ => rng.shuffle(visits),
    }
    for v in with_partners(inst, visits) {
        if sol.is_assigned(v) {
            continue;
        }
        // Blinks: each carer is ignored with a small probability, drawn once per visit so the
        // choice is repeatable for a seed.
        let skip: Vec<bool> =
            if blink > 0.0 { (0..inst.carers.len()).map(|_| rng.chance(blink)).collect() } else { Vec::new() };
        let key = |k: usize, s: &super::state::Seat| {
            if skip.get(k).copied().unwrap_or(false) {
                f64::INFINITY
            } else {
                s.cost
            }
        };
        if let Ok(p) = sol.best_placement(inst, v, false, &key) {
            if p.cost.is_finite() {
                place_if_worth(inst, sol, v, &p);
                continue;
            }
            // Every feasible carer blinked: place it anyway without blinking.
            if let Ok(p) = sol.best_placement(inst, v, false, &|_, s| s.cost) {
                place_if_worth(inst, sol, v, &p);
            }
        }
    }
    keep_groups_whole(inst, sol);
}

/// Apply placement `p` of `v`, unless `v` is optional and the placement costs more than leaving
/// it out (its share of `optional_visit_missed`, [`Visit::unassigned_cost`]).
///
/// [`Visit::unassigned_cost`]: super::instance::Visit::unassigned_cost
fn place_if_worth(inst: &Instance, sol: &mut Solution, v: usize, p: &super::state::Placement) {
    let vis = &inst.visits[v];
    if !vis.optional || p.cost < vis.unassigned_cost * vis.seats as f64 {
        sol.apply(inst, v, p);
    }
}

/// Leave out every optional group that is not whole ([`Solution::drop_split_groups`]), then
/// put back the other visits that had to make way, where they fit (placing a visit never
/// unassigns one, so the groups stay whole).
fn keep_groups_whole(inst: &Instance, sol: &mut Solution) {
    if inst.optional_groups.is_empty() {
        return;
    }
    for v in sol.drop_split_groups(inst) {
        if let Ok(p) = sol.best_placement(inst, v, false, &|_, s| s.cost) {
            place_if_worth(inst, sol, v, &p);
        }
    }
}

/// `order` with each visit's timed-pair partners (links with a minimum and a maximum gap) that
/// are also in `order` moved to just after it, so a pair placed with look-ahead is completed at
/// once, before other visits take the partner's place.
fn with_partners(inst: &Instance, order: &[usize]) -> Vec<usize> {
    let mut wanted = vec![false; inst.visits.len()];
    for &v in order {
        wanted[v] = true;
    }
    let mut out = Vec::with_capacity(order.len());
    for &v in order {
        if !wanted[v] {
            continue;
        }
        wanted[v] = false;
        out.push(v);
        for &(b, _, max) in &inst.visits[v].links {
            if max.is_some() && wanted[b] {
                wanted[b] = false;
                out.push(b);
            }
        }
    }
    out
}

/// The construction: every visit placed by cheapest insertion, hardest first: by unassigned
/// cost, then scarcest carers first ([`Visit::fit_count`](super::instance::Visit::fit_count)), then by
/// target time. Scarcity matters under a continuity cap: a client's bed calls, which only the
/// few evening carers can do, then get one of them before the morning calls fill the client's
/// carers.
pub fn construct(inst: &Instance) -> Solution {
    construct_until(inst, &|| false).0
}

/// The construction ([`construct`]), stopping before the next visit once `halt` says so (a
/// cancelled solve, or one out of time). Returns the rota and the visits not tried.
pub fn construct_until(inst: &Instance, halt: &dyn Fn() -> bool) -> (Solution, Vec<usize>) {
    construct_from(inst, Solution::empty(inst), halt)
}

/// The construction ([`construct_until`]) of the visits `sol` leaves unplaced, keeping what it
/// has placed (a re-plan's seed, [`super::anchor`]). Its insertions leave the largest idle time
/// (`objective.max_idle_minute`) out: while the rota is empty every carer is idle all day, so
/// the term says little about where a visit should go; the search then balances the days.
pub fn construct_from(inst: &Instance, mut sol: Solution, halt: &dyn Fn() -> bool) -> (Solution, Vec<usize>) {
    sol.idle_priced = false;
    let (mut sol, untried) = construct_ordered(inst, sol, halt);
    sol.idle_priced = true;
    (sol, untried)
}

fn construct_ordered(inst: &Instance, mut sol: Solution, halt: &dyn Fn() -> bool) -> (Solution, Vec<usize>) {
    let mut order: Vec<usize> = (0..inst.visits.len()).filter(|&v| !sol.is_assigned(v)).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&inst.visits[a], &inst.visits[b]);
        (y.unassigned_cost * y.seats as f64)
            .total_cmp(&(x.unassigned_cost * x.seats as f64))
            .then(x.fit_count.cmp(&y.fit_count))
            .then(x.target.cmp(&y.target))
            .then(a.cmp(&b))
    });
    let order = with_partners(inst, &order);
    for (i, &v) in order.iter().enumerate() {
        if halt() {
            let mut untried = order[i..].to_vec();
            untried.retain(|&u| !sol.is_assigned(u));
            return (sol, untried);
        }
        if let Ok(p) = sol.best_placement(inst, v, false, &|_, s| s.cost) {
            place_if_worth(inst, &mut sol, v, &p);
        }
    }
    keep_groups_whole(inst, &mut sol);
    (sol, Vec::new())
}
