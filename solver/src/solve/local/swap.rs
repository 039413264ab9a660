//! Swap: a visit and one of its nearest visits, on two carers' rounds of the same day, trade
//! places (each takes the other's position and carer).
//!
//! The estimate is the exact change in travel plus the continuity change of both seats taken
//! alone. A move that estimates below zero and passes the O(1) timing check of
//! [`Route::try_replace`] in both rounds is priced exactly (which also gets right the case of two
//! visits to the same client).
//!
//! [`Route::try_replace`]: crate::solve::route::Route::try_replace

use super::{seat_move_delta, Change, Pricer, Target, EPS};
use crate::solve::instance::Instance;
use crate::solve::state::Solution;
use crate::time::{as_minutes, Ticks};

/// Travel change in carer `k`'s round from putting the visit at `place` at position `i` instead
/// of the one there.
fn replacement(inst: &Instance, k: usize, visits: &[usize], i: usize, place: usize) -> Ticks {
    let carer = &inst.carers[k];
    let from = if i > 0 { inst.visits[visits[i - 1]].place } else { carer.start };
    let to = if i + 1 < visits.len() { inst.visits[visits[i + 1]].place } else { carer.end };
    let old = inst.visits[visits[i]].place;
    inst.travel(k, from, place) + inst.travel(k, place, to) - inst.travel(k, from, old) - inst.travel(k, old, to)
}

/// The first improving swap of a seat of `v` with a neighbour's seat, priced.
pub fn find(
    inst: &Instance,
    sol: &Solution,
    v: usize,
    targets: &[Target],
    pricer: &mut Pricer,
) -> Option<(Change, f64)> {
    let w = &inst.weights;
    for (a, ra, i) in super::seats(inst, sol, v) {
        let route_a = &sol.routes[ra].visits;
        for &Target { visit: u, carer: b, round: rb, pos: j } in targets {
            if rb == ra || u == v {
                continue;
            }
            let Some(seat_v) = seat_move_delta(inst, sol, v, a, b) else { continue };
            let Some(seat_u) = seat_move_delta(inst, sol, u, b, a) else { continue };
            let route_b = &sol.routes[rb].visits;
            let travel = replacement(inst, a, route_a, i, inst.visits[u].place)
                + replacement(inst, b, route_b, j, inst.visits[v].place);
            if as_minutes(travel) * w.travel_minute + seat_v + seat_u >= -EPS
                || sol.routes[ra].try_replace(inst, u, i, sol.pin[u]).is_none()
                || sol.routes[rb].try_replace(inst, v, j, sol.pin[v]).is_none()
            {
                continue;
            }
            let mut new_a = route_a.clone();
            new_a[i] = u;
            let mut new_b = route_b.clone();
            new_b[j] = v;
            if let Some(found) = pricer.improving(inst, sol, Change { rounds: vec![(ra, new_a), (rb, new_b)] }) {
                return Some(found);
            }
        }
    }
    None
}
