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

/// Data the ruin operators share, built once per solve.
pub struct Context {
    /// For each visit, other visits on the same day, nearest first (at most a few dozen).
    pub neighbours: Vec<Vec<usize>>,
}

impl Context {
    /// Build the neighbour lists.
    pub fn new(inst: &Instance) -> Context {
        const KEEP: usize = 40;
        let mut by_day: Vec<Vec<usize>> = vec![Vec::new(); inst.days];
        for (v, vis) in inst.visits.iter().enumerate() {
            by_day[vis.day].push(v);
        }
        // Near in space by the first travel mode's matrix; a problem with no carers has no
        // matrix, and then nearness in time alone orders the neighbours.
        let m = inst.matrices.first();
        let neighbours = inst
            .visits
            .iter()
            .enumerate()
            .map(|(v, vis)| {
                let mut others: Vec<(i64, usize)> = by_day[vis.day]
                    .iter()
                    .filter(|&&o| o != v)
                    .map(|&o| {
                        let ov = &inst.visits[o];
                        // Near in space and in time.
                        let space = m.map_or(0, |m| m.ticks(vis.place, ov.place));
                        let key = space + (ov.target - vis.target).abs() / MINUTE / 4 * MINUTE;
                        (key, o)
                    })
                    .collect();
                let keep = KEEP.min(others.len());
                if keep > 0 && keep < others.len() {
                    others.select_nth_unstable(keep - 1);
                    others.truncate(keep);
                }
                others.sort_unstable();
                // A fresh, exactly sized list: `others` has room for the whole day's visits.
                let mut near = Vec::with_capacity(others.len());
                near.extend(others.iter().map(|&(_, o)| o));
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
pub(crate) fn lift(inst: &Instance, sol: &mut Solution, v: usize, out: &mut Vec<usize>) {
    if sol.is_assigned(v) {
        out.push(v);
        let also = sol.remove(inst, v);
        out.extend(also);
        for &(b, _, max) in &inst.visits[v].links {
            if max.is_some() && sol.is_assigned(b) {
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
