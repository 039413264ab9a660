//! Or-opt: a string of two or three consecutive visits of a round, starting at a visit, moves
//! in its order to just before or just after one of that visit's nearest visits, in the same
//! round or in another carer's round that day (Or 1976; PyVRP's Exchange20 and Exchange30).
//!
//! Relocate moves one visit at a time, so two visits that belong together elsewhere must each
//! pay to move alone, and the first move often does not pay. Moving the string at once does.
//!
//! The estimate is the exact change in travel (the string's inside legs priced for each carer,
//! whose travel modes may differ) plus the continuity change of each seat taken alone. A move
//! that estimates below zero is priced exactly ([`super::Pricer::price`]), which rebuilds both
//! rounds and checks every hard rule, so the estimate only filters.

use super::{seat_move_delta, Change, Pricer, Target, EPS};
use crate::solve::instance::Instance;
use crate::solve::state::Solution;
use crate::time::{as_minutes, Ticks};

/// The longest string moved.
const LONGEST: usize = 3;

/// Travel of carer `k` along `string`, inside legs only.
fn inside(inst: &Instance, k: usize, string: &[usize]) -> Ticks {
    string.windows(2).map(|p| inst.travel(k, inst.visits[p[0]].place, inst.visits[p[1]].place)).sum()
}

/// The place before position `pos` of carer `k`'s round `visits` and the place at it (the
/// carer's start and end places at the ends), skipping positions `skip`.
fn gap(inst: &Instance, k: usize, visits: &[usize], pos: usize, skip: std::ops::Range<usize>) -> (usize, usize) {
    let carer = &inst.carers[k];
    let prev = (0..pos).rev().find(|x| !skip.contains(x));
    let next = (pos..visits.len()).find(|x| !skip.contains(x));
    (
        prev.map_or(carer.start, |x| inst.visits[visits[x]].place),
        next.map_or(carer.end, |x| inst.visits[visits[x]].place),
    )
}

/// Travel carer `k` adds by doing `string` between places `from` and `to` instead of going
/// straight; `alone` when the round has nothing else (the commute is then all new).
fn added(inst: &Instance, k: usize, string: &[usize], (from, to): (usize, usize), alone: bool) -> Ticks {
    let (first, last) = (inst.visits[string[0]].place, inst.visits[string[string.len() - 1]].place);
    let through = inst.travel(k, from, first) + inside(inst, k, string) + inst.travel(k, last, to);
    if alone {
        through
    } else {
        through - inst.travel(k, from, to)
    }
}

/// The first improving move of a string that starts at a seat of `v`, priced.
pub fn find(
    inst: &Instance,
    sol: &Solution,
    v: usize,
    targets: &[Target],
    pricer: &mut Pricer,
) -> Option<(Change, f64)> {
    for (a, ra, i) in super::seats(inst, sol, v) {
        let route_a = &sol.routes[ra].visits;
        for len in 2..=LONGEST {
            if i + len > route_a.len() {
                break;
            }
            let string = &route_a[i..i + len];
            let gain = removal_gain(inst, a, route_a, i, len);
            for &Target { visit: u, carer: b, round: rb, pos: j } in targets {
                if string.contains(&u) {
                    continue;
                }
                let found = if rb == ra {
                    within(inst, sol, pricer, (ra, i, len), j, gain)
                } else {
                    between(inst, sol, pricer, (ra, i, len), (b, rb, j), gain)
                };
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    None
}

/// Travel carer `k` saves by taking the string of `len` visits at position `i` out of its
/// round `visits` (commute included).
fn removal_gain(inst: &Instance, k: usize, visits: &[usize], i: usize, len: usize) -> Ticks {
    added(inst, k, &visits[i..i + len], gap(inst, k, visits, i, i..i + len), len == visits.len())
}

/// The change in travel (commute included) of moving the string of `len` visits at position
/// `i` of round `ra` to before position `pos` of round `rb` (counted in the round as it is; in
/// the same round, not inside or just after the string).
pub fn travel_change(inst: &Instance, sol: &Solution, string: (usize, usize, usize), to: (usize, usize)) -> Ticks {
    let (ra, i, len) = string;
    insertion_added(inst, sol, string, to) - removal_gain(inst, sol.routes[ra].carer, &sol.routes[ra].visits, i, len)
}

/// Travel the string of `len` visits at position `i` of round `ra` adds where it goes, before
/// position `pos` of round `rb`: [`travel_change`] without what taking it out saves.
fn insertion_added(
    inst: &Instance,
    sol: &Solution,
    (ra, i, len): (usize, usize, usize),
    (rb, pos): (usize, usize),
) -> Ticks {
    let route_a = &sol.routes[ra].visits;
    let string = &route_a[i..i + len];
    if rb == ra {
        let a = sol.routes[ra].carer;
        return added(inst, a, string, gap(inst, a, route_a, pos, i..i + len), false);
    }
    let (b, route_b) = (sol.routes[rb].carer, &sol.routes[rb].visits);
    added(inst, b, string, gap(inst, b, route_b, pos, 0..0), route_b.is_empty())
}

/// Whether `string` may go before position `pos` of round `r`, by an O(string) look at the
/// round's earliest and latest starts: its first visit fits there ([`Route::try_insert`]), each
/// later visit can start inside its window after the one before at the earliest, and the last
/// lets the visit now at `pos` start by its latest start. Waiting only delays, so a string that
/// fails could not go there (with travel times that keep the triangle inequality); one that
/// passes is priced exactly. On its own round the check sees the string still in place, so it may
/// also turn down a move that would fit: it errs on the side of not pricing, never of accepting.
///
/// [`Route::try_insert`]: crate::solve::route::Route::try_insert
fn may_fit(inst: &Instance, sol: &Solution, r: usize, pos: usize, string: &[usize]) -> bool {
    let route = &sol.routes[r];
    let k = route.carer;
    let Some(first) = route.try_insert(inst, string[0], pos, sol.pin[string[0]]) else { return false };
    let mut at = first.start;
    for pair in string.windows(2) {
        let (a, b) = (&inst.visits[pair[0]], &inst.visits[pair[1]]);
        let (e, l) = inst.window(pair[1], k);
        at = e.max(at + a.duration + inst.travel(k, a.place, b.place));
        if at > l {
            return false;
        }
    }
    let last = &inst.visits[string[string.len() - 1]];
    pos >= route.visits.len()
        || at + last.duration + inst.travel(k, last.place, inst.visits[route.visits[pos]].place) <= route.latest[pos]
}

/// The string `(round, first position, length)` moved inside its own round, next to the
/// neighbour at position `j`.
fn within(
    inst: &Instance,
    sol: &Solution,
    pricer: &mut Pricer,
    (r, i, len): (usize, usize, usize),
    j: usize,
    gain: Ticks,
) -> Option<(Change, f64)> {
    let route = &sol.routes[r].visits;
    let string = &route[i..i + len];
    for pos in [j, j + 1] {
        // Before or after the string itself: no move.
        if (i..=i + len).contains(&pos) {
            continue;
        }
        if as_minutes(insertion_added(inst, sol, (r, i, len), (r, pos)) - gain) * inst.weights.travel_minute >= -EPS
            || !may_fit(inst, sol, r, pos, string)
        {
            continue;
        }
        let mut order: Vec<usize> = Vec::with_capacity(route.len());
        for (x, &visit) in route.iter().enumerate() {
            if x == pos {
                order.extend_from_slice(string);
            }
            if !(i..i + len).contains(&x) {
                order.push(visit);
            }
        }
        if pos == route.len() {
            order.extend_from_slice(string);
        }
        if let Some(found) = pricer.improving(inst, sol, Change { rounds: vec![(r, order)] }) {
            return Some(found);
        }
    }
    None
}

/// The string `(round, first position, length)` moved to carer `b`'s round `rb`, next to the
/// neighbour at position `j`.
fn between(
    inst: &Instance,
    sol: &Solution,
    pricer: &mut Pricer,
    (ra, i, len): (usize, usize, usize),
    (b, rb, j): (usize, usize, usize),
    gain: Ticks,
) -> Option<(Change, f64)> {
    let route_a = &sol.routes[ra].visits;
    let a = sol.routes[ra].carer;
    let string = &route_a[i..i + len];
    let mut seats = 0.0;
    for &x in string {
        seats += seat_move_delta(inst, sol, x, a, b)?;
    }
    let route_b = &sol.routes[rb].visits;
    for pos in [j, j + 1] {
        if as_minutes(insertion_added(inst, sol, (ra, i, len), (rb, pos)) - gain) * inst.weights.travel_minute + seats
            >= -EPS
            || !may_fit(inst, sol, rb, pos, string)
        {
            continue;
        }
        let mut from = route_a.clone();
        from.drain(i..i + len);
        let mut to = route_b.clone();
        to.splice(pos..pos, string.iter().copied());
        if let Some(found) = pricer.improving(inst, sol, Change { rounds: vec![(ra, from), (rb, to)] }) {
            return Some(found);
        }
    }
    None
}
