//! Relocate: move one seat of a visit to just before or just after one of its nearest visits,
//! in the same round (a reordering) or in another carer's round that day.
//!
//! The estimate is the exact change in travel (the visit's two legs out, one leg in, and the
//! reverse where it goes) plus the exact continuity change of the seat's new carer. A move that
//! estimates below zero and passes the O(1) timing check of [`Route::try_insert`] is priced
//! exactly.
//!
//! [`Route::try_insert`]: crate::solve::route::Route::try_insert

use super::{seat_move_delta, Change, Pricer, Target, EPS};
use crate::solve::instance::Instance;
use crate::solve::state::Solution;
use crate::time::{as_minutes, Ticks};

/// Travel saved by taking position `i` out of the round (commute included).
fn removal_gain(inst: &Instance, k: usize, visits: &[usize], i: usize) -> Ticks {
    let carer = &inst.carers[k];
    let p = |j: usize| inst.visits[visits[j]].place;
    let from = if i > 0 { p(i - 1) } else { carer.start };
    let to = if i + 1 < visits.len() { p(i + 1) } else { carer.end };
    let here = p(i);
    if visits.len() == 1 {
        return inst.travel(k, from, here) + inst.travel(k, here, to);
    }
    inst.travel(k, from, here) + inst.travel(k, here, to) - inst.travel(k, from, to)
}

/// Travel added by putting the visit at `place` before position `pos` of `visits` once the
/// visit at `skip` is taken out (`pos` counted in `visits`, not `skip` or `skip + 1`).
fn insertion_within(inst: &Instance, k: usize, visits: &[usize], skip: usize, pos: usize, place: usize) -> Ticks {
    let carer = &inst.carers[k];
    let prev = (0..pos).rev().find(|&x| x != skip);
    let next = (pos..visits.len()).find(|&x| x != skip);
    let from = prev.map_or(carer.start, |x| inst.visits[visits[x]].place);
    let to = next.map_or(carer.end, |x| inst.visits[visits[x]].place);
    inst.travel(k, from, place) + inst.travel(k, place, to) - inst.travel(k, from, to)
}

/// The first improving relocation of a seat of `v`, priced.
pub fn find(
    inst: &Instance,
    sol: &Solution,
    v: usize,
    targets: &[Target],
    pricer: &mut Pricer,
) -> Option<(Change, f64)> {
    let vis = &inst.visits[v];
    let w = &inst.weights;
    for (a, ra, i) in super::seats(inst, sol, v) {
        let route_a = &sol.routes[ra].visits;
        let gain = removal_gain(inst, a, route_a, i);
        for &Target { carer: b, round: rb, pos: j, .. } in targets {
            if rb == ra {
                // The same round: take the visit out, put it next to the neighbour (before the
                // visit now at `pos`, counted in the original round).
                for pos in [j, j + 1] {
                    if pos == i || pos == i + 1 {
                        continue;
                    }
                    let added = insertion_within(inst, a, route_a, i, pos, vis.place);
                    // The timing check on the round as it is, with the visit still in its old
                    // place, errs only on the safe side: taking it out only adds slack.
                    if as_minutes(added - gain) * w.travel_minute >= -EPS
                        || sol.routes[ra].try_insert(inst, v, pos, sol.pin[v]).is_none()
                    {
                        continue;
                    }
                    let mut order = route_a.clone();
                    order.remove(i);
                    order.insert(if pos > i { pos - 1 } else { pos }, v);
                    if let Some(found) = pricer.improving(inst, sol, Change { rounds: vec![(ra, order)] }) {
                        return Some(found);
                    }
                }
                continue;
            }
            let Some(seat) = seat_move_delta(inst, sol, v, a, b) else { continue };
            let route_b = &sol.routes[rb].visits;
            for pos in [j, j + 1] {
                let (added, _) = sol.routes[rb].deltas(inst, v, pos);
                if as_minutes(added - gain) * w.travel_minute + seat >= -EPS
                    || sol.routes[rb].try_insert(inst, v, pos, sol.pin[v]).is_none()
                {
                    continue;
                }
                let mut from = route_a.clone();
                from.remove(i);
                let mut to = route_b.clone();
                to.insert(pos, v);
                if let Some(found) = pricer.improving(inst, sol, Change { rounds: vec![(ra, from), (rb, to)] }) {
                    return Some(found);
                }
            }
        }
    }
    None
}
