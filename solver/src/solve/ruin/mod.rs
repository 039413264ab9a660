//! Ruin operators: each lifts some visits out of the rota so the recreate step can place them
//! better. One operator per file; [`RUINS`] registers them.

mod cap;
mod client;
mod random;
mod round;
mod string;

use super::instance::Instance;
use super::state::Solution;
use crate::rng::Rng;
use crate::time::MINUTE;
use std::collections::BinaryHeap;

/// How many neighbours each visit keeps.
const KEEP: usize = 40;

/// Data the ruin operators share, built once per solve.
pub struct Context {
    /// For each visit, other visits on the same day, nearest first (at most a few dozen).
    pub neighbours: Vec<Vec<usize>>,
}

impl Context {
    /// Build the neighbour lists: for each visit, the [`KEEP`] other visits of its day with the
    /// least travel to them plus a quarter of the gap between their target times (ties to the
    /// lower index), nearest first.
    ///
    /// The day's visits are scanned outward from the visit in target order, each way only
    /// while the gap's part alone could still beat the furthest neighbour kept, so a day of
    /// many visits is not compared pair by pair.
    pub fn new(inst: &Instance) -> Context {
        let mut by_day: Vec<Vec<usize>> = vec![Vec::new(); inst.days];
        for (v, vis) in inst.visits.iter().enumerate() {
            by_day[vis.day].push(v);
        }
        let mut at = vec![0; inst.visits.len()];
        for day in &mut by_day {
            day.sort_by_key(|&v| (inst.visits[v].target, v));
            for (i, &v) in day.iter().enumerate() {
                at[v] = i;
            }
        }
        // Near in space by the first travel mode's matrix; a problem with no carers has no
        // matrix, and then nearness in time alone orders the neighbours.
        let m = inst.matrices.first();
        let mut kept: BinaryHeap<(i64, usize)> = BinaryHeap::with_capacity(KEEP + 1);
        let neighbours = inst
            .visits
            .iter()
            .enumerate()
            .map(|(v, vis)| {
                let day = &by_day[vis.day];
                kept.clear();
                let gap = |o: usize| (inst.visits[o].target - vis.target).abs() / MINUTE / 4 * MINUTE;
                // Keep `o` if it is among the nearest so far; false once the gap alone puts it
                // beyond the furthest kept, and so every visit further from `v` that way.
                let mut consider = |o: usize| {
                    let g = gap(o);
                    let worst = kept.peek().copied().filter(|_| kept.len() == KEEP);
                    if worst.is_some_and(|(w, _)| g > w) {
                        return false;
                    }
                    let key = m.map_or(0, |m| m.ticks(vis.place, inst.visits[o].place)) + g;
                    if worst.is_none() {
                        kept.push((key, o));
                    } else if worst.is_some_and(|w| (key, o) < w) {
                        kept.pop();
                        kept.push((key, o));
                    }
                    true
                };
                for &o in &day[at[v] + 1..] {
                    if !consider(o) {
                        break;
                    }
                }
                for &o in day[..at[v]].iter().rev() {
                    if !consider(o) {
                        break;
                    }
                }
                let mut by_key: Vec<(i64, usize)> = kept.drain().collect();
                by_key.sort_unstable();
                // A fresh, exactly sized list, nearest first.
                let mut near = Vec::with_capacity(by_key.len());
                near.extend(by_key.iter().map(|&(_, o)| o));
                near
            })
            .collect();
        Context { neighbours }
    }
}

/// A ruin operator: removes some assigned visits and returns them, with any unplaced visit it
/// made room for.
pub type Ruin = fn(&Instance, &Context, &mut Solution, &mut Rng, usize) -> Vec<usize>;

/// The registered ruin operators with their names.
pub const RUINS: [(&str, Ruin); 5] = [
    ("random", random::ruin),
    ("string", string::ruin),
    ("client", client::ruin),
    ("round", round::ruin),
    ("cap", cap::ruin),
];

/// A random assigned visit, if any.
pub(crate) fn random_assigned(sol: &Solution, rng: &mut Rng) -> Option<usize> {
    let n = sol.assigned.len();
    if n == 0 {
        return None;
    }
    let start = rng.below(n);
    (0..n).map(|i| (start + i) % n).find(|&v| sol.is_assigned(v))
}

/// Walk the rounds near a random assigned seed visit: the seed's own round, then the rounds of
/// its nearest neighbours (same day), each round once, until about `q` visits are out. For each
/// round, `act(sol, rng, neighbour, round, out)` lifts what it wants from it onto `out`.
pub(crate) fn near_rounds(
    inst: &Instance,
    ctx: &Context,
    sol: &mut Solution,
    rng: &mut Rng,
    q: usize,
    mut act: impl FnMut(&mut Solution, &mut Rng, usize, usize, &mut Vec<usize>),
) -> Vec<usize> {
    let mut out = Vec::with_capacity(q);
    let Some(seed) = random_assigned(sol, rng) else { return out };
    let day = inst.visits[seed].day;
    let mut touched: Vec<usize> = Vec::new();
    for &n in std::iter::once(&seed).chain(ctx.neighbours[seed].iter()) {
        if out.len() >= q {
            break;
        }
        let Some(k) = sol.assigned[n].first() else { continue };
        let r = Solution::route_index(inst, k, day);
        if !touched.contains(&r) {
            touched.push(r);
            act(sol, rng, n, r, &mut out);
        }
    }
    out
}

/// Remove `v` and whatever its removal forces out, and the visits linked to it with a gap of
/// both a minimum and a maximum (synchronised and timed pairs, whose common timing can only be
/// rebuilt together); push them all onto `out`.
/// A locked visit ([`super::anchor`]) is never lifted.
pub(crate) fn lift(inst: &Instance, sol: &mut Solution, v: usize, out: &mut Vec<usize>) {
    if sol.is_assigned(v) && !inst.visits[v].locked {
        out.push(v);
        let also = sol.remove(inst, v);
        out.extend(also);
        for &(b, _, max) in &inst.visits[v].links {
            if max.is_some() && sol.is_assigned(b) && !inst.visits[b].locked {
                out.push(b);
                let also = sol.remove(inst, b);
                out.extend(also);
            }
        }
    }
}

/// The shipped Kent week compiled, its ruin context and its construction: the tests' common
/// start.
#[cfg(test)]
pub(crate) fn kent_construction() -> (Instance, Context, Solution) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/kent-canterbury/problem.json");
    let (problem, _) = crate::format::load_problem(&path).unwrap();
    let travel = crate::travel::Travel::for_problem(&problem, path.parent().unwrap(), "problem.json").unwrap();
    let inst = Instance::new(&problem, &travel);
    let ctx = Context::new(&inst);
    let built = super::recreate::construct(&inst);
    (inst, ctx, built)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The neighbour lists as defined: every pair of the day's visits keyed and the nearest
    /// [`KEEP`] kept, nearest first.
    fn by_every_pair(inst: &Instance) -> Vec<Vec<usize>> {
        let m = inst.matrices.first();
        (0..inst.visits.len())
            .map(|v| {
                let vis = &inst.visits[v];
                let mut all: Vec<(i64, usize)> = (0..inst.visits.len())
                    .filter(|&o| o != v && inst.visits[o].day == vis.day)
                    .map(|o| {
                        let ov = &inst.visits[o];
                        let space = m.map_or(0, |m| m.ticks(vis.place, ov.place));
                        (space + (ov.target - vis.target).abs() / MINUTE / 4 * MINUTE, o)
                    })
                    .collect();
                all.sort_unstable();
                all.truncate(KEEP);
                all.into_iter().map(|(_, o)| o).collect()
            })
            .collect()
    }

    /// Scanning outward in target order finds exactly the nearest by every pair, on the Kent
    /// week and on the same week with its visits all at one time (every gap zero).
    #[test]
    fn neighbour_lists_are_the_nearest_of_every_pair() {
        let (mut inst, ctx, _) = kent_construction();
        assert_eq!(ctx.neighbours, by_every_pair(&inst));
        for v in &mut inst.visits {
            v.target = (v.day as i64) * crate::time::DAY + 9 * 60 * MINUTE;
        }
        assert_eq!(Context::new(&inst).neighbours, by_every_pair(&inst));
    }
}
