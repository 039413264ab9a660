//! The chain cover: carers as paths through a day's visits.
//!
//! A carer's round is a sequence of visits, each started after the one before ends and the
//! carer has travelled on. So visit `v` can follow `u` in a round only if `u`'s earliest end
//! plus the shortest trip from `u` to `v` comes no later than `v`'s latest start. The seats a
//! set of carers place are covered by that many such paths, one per carer (one round per carer
//! and date). The fewest paths covering all the seats is at least the seats less a largest
//! matching of "can follow" pairs (König; a path cover of `n` seats with `p` paths has
//! `n - p` links, which form a matching), so, with `c` carers free around the visits, at least
//! `n - matching - c` seats stay unplaced: each seat dropped removes at most one path.

use super::demand::Demand;
use super::supply::CarerSupply;
use super::Rule;
use rota::model::{Problem, TravelMode};
use rota::travel::{Matrix, PlaceId, Travel};
use std::collections::BTreeSet;

/// The shortest trips between clients, by any mode a carer uses.
pub(crate) struct Trips<'a> {
    matrices: Vec<&'a Matrix>,
}

impl<'a> Trips<'a> {
    /// The trips of `problem`'s carers' modes.
    pub fn new(problem: &Problem, travel: &'a Travel) -> Trips<'a> {
        let modes: BTreeSet<TravelMode> = problem.carers.iter().map(|c| c.travel_mode).collect();
        Trips { matrices: modes.iter().filter_map(|&m| travel.matrix(m)).collect() }
    }

    /// Minutes of the shortest trip from `a` to `b` (0 with no matrix: never too long).
    fn minutes(&self, a: PlaceId, b: PlaceId) -> f64 {
        let best = self.matrices.iter().map(|m| m.minutes(a, b)).fold(f64::INFINITY, f64::min);
        if best.is_finite() {
            best.max(0.0)
        } else {
            0.0
        }
    }
}

/// Above this many seats, the chain cover is not computed (its pairs grow with the square).
pub(crate) const CHAIN_SEATS_MAX: usize = 3000;

/// Seats of the visits of groups `subset` that stay unplaced because too few carers could
/// chain them, with `dropped` left out of the rules.
pub(crate) fn chain_bound(
    demand: &Demand,
    supply: &[CarerSupply],
    trips: &Trips,
    subset: &[usize],
    dropped: Option<Rule>,
) -> u64 {
    if dropped == Some(Rule::Windows) {
        return 0;
    }
    let Some((seats, from, to)) = seats_of(demand, subset) else { return 0 };
    let carers = supply.iter().filter(|c| dropped == Some(Rule::Availability) || c.available(from, to) > 0.0).count();
    if seats.len() <= carers {
        return 0;
    }
    paths(&seats, trips, dropped == Some(Rule::Travel)).saturating_sub(carers as u64)
}

/// The fewest rounds that could hold every seat of the groups `subset` (0 above
/// [`CHAIN_SEATS_MAX`] seats).
pub(crate) fn rounds_needed(demand: &Demand, trips: &Trips, subset: &[usize]) -> u64 {
    seats_of(demand, subset).map_or(0, |(seats, _, _)| paths(&seats, trips, false))
}

/// A seat: earliest and latest start, length, place, visit.
type Seat = (f64, f64, f64, PlaceId, usize);

/// The seats of the possible visits of `subset`, and the span they reach; `None` if there are
/// none or more than [`CHAIN_SEATS_MAX`].
fn seats_of(demand: &Demand, subset: &[usize]) -> Option<(Vec<Seat>, f64, f64)> {
    let in_subset: BTreeSet<usize> = subset.iter().copied().collect();
    let mut seats: Vec<Seat> = Vec::new();
    for (v, &(g, place)) in demand.visits.iter().enumerate() {
        let grp = &demand.groups[g];
        if in_subset.contains(&g) && !grp.impossible() {
            for _ in 0..grp.seats {
                seats.push((grp.earliest, grp.latest, grp.duration, place, v));
            }
        }
    }
    if seats.is_empty() || seats.len() > CHAIN_SEATS_MAX {
        return None;
    }
    let from = seats.iter().map(|s| s.0).fold(f64::INFINITY, f64::min);
    let to = seats.iter().map(|s| s.1 + s.2).fold(f64::NEG_INFINITY, f64::max);
    Some((seats, from, to))
}

/// Seats less a largest matching of "can follow" pairs: the fewest paths that cover them.
fn paths(seats: &[Seat], trips: &Trips, no_travel: bool) -> u64 {
    let travel = |a: PlaceId, b: PlaceId| if no_travel { 0.0 } else { trips.minutes(a, b) };
    let follows: Vec<Vec<usize>> = seats
        .iter()
        .map(|u| {
            (0..seats.len())
                .filter(|&j| {
                    let v = &seats[j];
                    v.4 != u.4 && u.0 + u.2 + travel(u.3, v.3) <= v.1
                })
                .collect()
        })
        .collect();
    (seats.len() - matching(&follows, seats.len())) as u64
}

/// The size of a largest matching from the left nodes (index into `edges`) to right nodes
/// `0..right`, by augmenting paths (Kuhn), after a greedy start.
fn matching(edges: &[Vec<usize>], right: usize) -> usize {
    let mut owner: Vec<Option<usize>> = vec![None; right];
    let mut size = 0;
    for (u, list) in edges.iter().enumerate() {
        if let Some(&v) = list.iter().find(|&&v| owner[v].is_none()) {
            owner[v] = Some(u);
            size += 1;
        }
    }
    let mut has: Vec<bool> = vec![false; edges.len()];
    for &o in owner.iter().flatten() {
        has[o] = true;
    }
    for (u, matched) in has.iter_mut().enumerate() {
        if *matched {
            continue;
        }
        let mut seen = vec![false; right];
        if augment(u, edges, &mut owner, &mut seen) {
            size += 1;
            *matched = true;
        }
    }
    size
}

/// Find an augmenting path from left node `u` (iteratively, so deep paths cannot overflow the
/// stack).
fn augment(u: usize, edges: &[Vec<usize>], owner: &mut [Option<usize>], seen: &mut [bool]) -> bool {
    // Stack of (left node, next edge to try).
    let mut stack: Vec<(usize, usize)> = vec![(u, 0)];
    let mut path: Vec<usize> = Vec::new(); // right nodes taken, one per stack level below the top
    while let Some(&mut (x, ref mut i)) = stack.last_mut() {
        if *i >= edges[x].len() {
            stack.pop();
            path.pop();
            continue;
        }
        let v = edges[x][*i];
        *i += 1;
        if seen[v] {
            continue;
        }
        seen[v] = true;
        path.push(v);
        match owner[v] {
            None => {
                // Flip the path: each level's left node takes the right node chosen from it.
                for (level, &(left, _)) in stack.iter().enumerate() {
                    owner[path[level]] = Some(left);
                }
                return true;
            }
            Some(next) => stack.push((next, 0)),
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::matching;

    #[test]
    fn matching_finds_the_largest() {
        // 0-0, 0-1, 1-0: greedy takes 0-0, augmenting gives 0-1 and 1-0.
        assert_eq!(matching(&[vec![0, 1], vec![0]], 2), 2);
        assert_eq!(matching(&[vec![0], vec![0], vec![0]], 1), 1);
        assert_eq!(matching(&[vec![1], vec![0, 2], vec![1]], 3), 2);
        assert_eq!(matching(&[vec![], vec![]], 0), 0);
    }
}
