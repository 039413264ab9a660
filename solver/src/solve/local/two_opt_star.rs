//! 2-opt* (Potvin & Rousseau 1995): two carers' rounds of the same day trade tails. A visit `v`
//! in round A and a nearest visit `u` in round B give A′ = A up to `v`, then `u` and the rest of
//! B; and B′ = B before `u`, then the rest of A after `v`. So `v` is followed by its neighbour,
//! and each carer takes over the other's later work; with an empty tail it moves a whole end of
//! a round to another carer.
//!
//! The estimate is the exact change in travel of both rounds (each carer's own travel mode,
//! commute included). A move that estimates below zero and whose two new joins can be on time
//! is priced exactly, with the continuity change of every seat that changes carer.

use super::{seq_travel, Change, Pricer, Target, EPS};
use crate::solve::instance::Instance;
use crate::solve::route::Route;
use crate::solve::state::Solution;
use crate::time::{as_minutes, Ticks};

/// The change in travel from exchanging the tails after position `i` of round A and from
/// position `j` of round B. In O(1) when both carers travel the same way, since the legs inside
/// each tail stay as they are; else by walking both new rounds.
pub(super) fn travel_change(inst: &Instance, ra: &Route, i: usize, rb: &Route, j: usize) -> Ticks {
    let (a, b) = (ra.carer, rb.carer);
    let (av, bv) = (&ra.visits, &rb.visits);
    let (ca, cb) = (&inst.carers[a], &inst.carers[b]);
    if ca.mode != cb.mode {
        super::super::work::add((av.len() + bv.len()) as u64);
        let new_a = seq_travel(inst, a, av[..=i].iter().chain(&bv[j..]).copied());
        let new_b = seq_travel(inst, b, bv[..j].iter().chain(&av[i + 1..]).copied());
        return new_a + new_b - ra.travel - rb.travel;
    }
    let place = |x: usize| inst.visits[x].place;
    let t = |p, q| inst.travel(a, p, q);
    let v = place(av[i]);
    // B's tail starts at the neighbour, so it is never empty.
    let (tb_first, tb_last) = (place(bv[j]), place(bv[bv.len() - 1]));
    let hb_last = if j > 0 { place(bv[j - 1]) } else { cb.start };
    let tail_a = (i + 1 < av.len()).then(|| (place(av[i + 1]), place(av[av.len() - 1])));
    let old_a = match tail_a {
        Some((first, last)) => t(v, first) + t(last, ca.end),
        None => t(v, ca.end),
    };
    let old_b = t(hb_last, tb_first) + t(tb_last, cb.end);
    let new_a = t(v, tb_first) + t(tb_last, ca.end);
    let new_b = match tail_a {
        Some((first, last)) => t(hb_last, first) + t(last, cb.end),
        None if j == 0 => 0, // B′ is empty
        None => t(hb_last, cb.end),
    };
    new_a + new_b - old_a - old_b
}

/// Whether the two new joins can be on time, by the rounds' earliest and latest starts: `v`
/// reaching the neighbour by its latest start in B, and B's head reaching A's tail by its
/// latest start in A. A quick filter, exact when the two carers have the same hours.
fn joins_in_time(inst: &Instance, ra: &Route, i: usize, rb: &Route, j: usize) -> bool {
    super::super::work::add(1);
    let (a, b) = (ra.carer, rb.carer);
    let v = &inst.visits[ra.visits[i]];
    let u = &inst.visits[rb.visits[j]];
    if ra.earliest[i] + v.duration + inst.travel(a, v.place, u.place) > rb.latest[j] {
        return false;
    }
    if j > 0 && i + 1 < ra.visits.len() {
        let h = &inst.visits[rb.visits[j - 1]];
        let t = &inst.visits[ra.visits[i + 1]];
        if rb.earliest[j - 1] + h.duration + inst.travel(b, h.place, t.place) > ra.latest[i + 1] {
            return false;
        }
    }
    true
}

/// The first improving exchange of tails between `v`'s round and a neighbour's, priced.
pub fn find(
    inst: &Instance,
    sol: &Solution,
    v: usize,
    targets: &[Target],
    pricer: &mut Pricer,
) -> Option<(Change, f64)> {
    let w = &inst.weights;
    for (_, ra, i) in super::seats(inst, sol, v) {
        let route_a = &sol.routes[ra];
        for &Target { round: rb, pos: j, .. } in targets {
            if rb == ra {
                continue;
            }
            let route_b = &sol.routes[rb];
            let (head_a, tail_a) = route_a.visits.split_at(i + 1);
            let (head_b, tail_b) = route_b.visits.split_at(j);
            let travel = travel_change(inst, route_a, i, route_b, j);
            if as_minutes(travel) * w.travel_minute >= -EPS || !joins_in_time(inst, route_a, i, route_b, j) {
                continue;
            }
            let order_a: Vec<usize> = head_a.iter().chain(tail_b).copied().collect();
            let order_b: Vec<usize> = head_b.iter().chain(tail_a).copied().collect();
            if let Some(found) = pricer.improving(inst, sol, Change { rounds: vec![(ra, order_a), (rb, order_b)] }) {
                return Some(found);
            }
        }
    }
    None
}
