//! Make room under the continuity cap: take a visit left unplaced while its client already has
//! as many carers as the cap allows, and lift from those carers' rounds that day the visits in
//! the way of its window. The recreate step can then give it to one of the client's own carers
//! and find other carers for the visits lifted. Without this, such a visit waits for a ruin to
//! free one of a handful of rounds at the right hour by chance.

use super::{lift, Context};
use crate::rng::Rng;
use crate::solve::instance::Instance;
use crate::solve::state::Solution;
use crate::time::MINUTE;

/// How far either side of the visit's window a lifted visit may start or end.
const SLACK: i64 = 30 * MINUTE;

/// Whether unplaced visit `v`'s client has reached its continuity cap while one of its carers
/// could fit the visit in its window ([`Instance::can_fit`]).
fn capped(inst: &Instance, sol: &Solution, v: usize) -> bool {
    let vis = &inst.visits[v];
    let c = vis.client;
    inst.clients[c].caps.is_some_and(|(_, cap)| sol.client_carers[c].len() as u32 >= cap)
        && sol.client_carers[c].iter().any(|&(k, _)| inst.can_fit(v, k))
}

/// Lift the visits in the way of a random capped, unplaced visit in its client's carers'
/// rounds, then, as the string ruin does, more from rounds nearby until about `q` are out; with
/// no such visit, a random ruin.
pub fn ruin(inst: &Instance, ctx: &Context, sol: &mut Solution, rng: &mut Rng, q: usize) -> Vec<usize> {
    let blocked: Vec<usize> = (0..inst.visits.len()).filter(|&v| !sol.is_assigned(v) && capped(inst, sol, v)).collect();
    if blocked.is_empty() {
        return super::random::ruin(inst, ctx, sol, rng, q);
    }
    let v = blocked[rng.below(blocked.len())];
    let vis = &inst.visits[v];
    let mut team: Vec<usize> =
        sol.client_carers[vis.client].iter().map(|&(k, _)| k).filter(|&k| inst.can_fit(v, k)).collect();
    team.sort_unstable();
    rng.shuffle(&mut team);
    let mut out = vec![v];
    let (lo, hi) = (vis.earliest - SLACK, vis.latest + vis.duration + SLACK);
    for k in team {
        if out.len() > q {
            break;
        }
        let r = Solution::route_index(inst, k, vis.day);
        let route = &sol.routes[r];
        let in_the_way: Vec<usize> = route
            .visits
            .iter()
            .zip(&route.planned)
            .filter(|&(&x, &s)| s < hi && s + inst.visits[x].duration > lo)
            .map(|(&x, _)| x)
            .collect();
        for x in in_the_way {
            lift(inst, sol, x, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifts_what_stands_in_the_way_of_a_capped_visit_in_its_clients_carers_rounds() {
        let (inst, ctx, built) = crate::solve::ruin::kent_construction();
        let blocked = (0..inst.visits.len()).filter(|&v| !built.is_assigned(v) && capped(&inst, &built, v)).count();
        assert!(blocked > 0, "the Kent construction leaves visits blocked by the cap");
        let mut rng = Rng::seeded(7);
        let mut lifted = 0;
        for _ in 0..20 {
            let mut sol = built.clone();
            let out = ruin(&inst, &ctx, &mut sol, &mut rng, 30);
            let v = out[0];
            let vis = &inst.visits[v];
            assert!(!built.is_assigned(v) && capped(&inst, &built, v));
            let team: Vec<usize> = built.client_carers[vis.client].iter().map(|&(k, _)| k).collect();
            lifted += out.len() - 1;
            for &x in &out[1..] {
                // A visit in the way was on one of the client's carers' rounds. `lift` takes with it
                // the partner of a timed pair, and whatever a removal forces out (to keep a
                // round's timing or its carer's rest), which shared a round with a lifted visit.
                let shared = |k: usize| out.iter().any(|&z| z != x && built.assigned[z].iter().any(|y| y == k));
                let paired = inst.visits[x].links.iter().any(|&(b, _, max)| max.is_some() && out.contains(&b));
                let carers: Vec<usize> = built.assigned[x].iter().collect();
                assert!(
                    paired || carers.iter().any(|&k| team.contains(&k) || shared(k)),
                    "{x} was not on the client's carers' rounds, nor a partner or forced out of a round"
                );
                assert_eq!(inst.visits[x].day, vis.day);
                assert!(!sol.is_assigned(x));
            }
        }
        assert!(lifted > 20, "visits stood in the way: {lifted}");
    }
}
