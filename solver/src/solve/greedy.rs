//! The greedy baseline: how a coordinator works by hand.
//!
//! Visits are taken in order of target start. Each goes to the nearest eligible carer who is
//! free: the one whose round can take it at its end with the least travel from where they last
//! were. A multi-carer visit takes the nearest carers who can all start together. Nothing is
//! ever moved once placed. Tests and benchmarks compare the search against this baseline.

use super::instance::Instance;
use super::state::Solution;

/// Build a rota the greedy way.
pub fn greedy(inst: &Instance) -> Solution {
    greedy_until(inst, &|| false).0
}

/// Build a rota the greedy way, stopping before the next visit once `halt` says so. Returns
/// the rota and the visits not tried.
pub fn greedy_until(inst: &Instance, halt: &dyn Fn() -> bool) -> (Solution, Vec<usize>) {
    let mut sol = Solution::empty(inst);
    let mut order: Vec<usize> = (0..inst.visits.len()).collect();
    order.sort_by_key(|&v| (inst.visits[v].target, v));
    for (i, &v) in order.iter().enumerate() {
        if halt() {
            return (sol, order[i..].to_vec());
        }
        // Nearest: travel from the carer's last place (or start) to the client.
        let nearest = |k: usize, _: &super::state::Seat| {
            let vis = &inst.visits[v];
            let route = &sol.routes[Solution::route_index(inst, k, vis.day)];
            let from = route.visits.last().map_or(inst.carers[k].start, |&p| inst.visits[p].place);
            inst.travel(k, from, vis.place) as f64 + k as f64 * 1e-9
        };
        if let Ok(p) = sol.best_placement(inst, v, true, &nearest) {
            sol.apply(inst, v, &p);
        }
    }
    // A group with a visit that fit nowhere is left out whole; what that displaces stays out.
    sol.drop_split_groups(inst);
    (sol, Vec::new())
}
