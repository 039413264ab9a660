//! Client-wise removal: lift a client's whole week, and a neighbour's, so that the recreate step
//! can rebuild who visits them from scratch. This is the move that repairs continuity: single
//! visits moved one at a time rarely bring a client's carers down from five to three.

use super::{lift, random_assigned, Context};
use crate::rng::Rng;
use crate::solve::instance::Instance;
use crate::solve::state::Solution;

/// Lift every visit of one or more clients, until about `q` visits are out. Half the time the
/// first client is one with a visit left unplaced (if any), so the recreate step chooses its
/// carers again with that visit among those to place.
pub fn ruin(inst: &Instance, ctx: &Context, sol: &mut Solution, rng: &mut Rng, q: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(q);
    let unplaced: Vec<usize> =
        if rng.chance(0.5) { (0..inst.visits.len()).filter(|&v| !sol.is_assigned(v)).collect() } else { Vec::new() };
    let seed = if unplaced.is_empty() {
        let Some(seed) = random_assigned(sol, rng) else { return out };
        seed
    } else {
        let v = unplaced[rng.below(unplaced.len())];
        out.push(v);
        v
    };
    let mut clients = vec![inst.visits[seed].client];
    // Nearby clients come next, so carers can be traded between neighbours.
    for &n in &ctx.neighbours[seed] {
        let c = inst.visits[n].client;
        if !clients.contains(&c) {
            clients.push(c);
        }
    }
    for c in clients {
        if out.len() >= q {
            break;
        }
        for &v in &inst.clients[c].visits {
            lift(inst, sol, v, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifts_the_whole_week_of_a_client_with_a_visit_left_unplaced() {
        let (inst, ctx, built) = crate::solve::ruin::kent_construction();
        let mut rng = Rng::seeded(3);
        let mut targeted = 0;
        for _ in 0..20 {
            let mut sol = built.clone();
            let out = ruin(&inst, &ctx, &mut sol, &mut rng, 30);
            if built.is_assigned(out[0]) {
                continue;
            }
            targeted += 1;
            for &v in &inst.clients[inst.visits[out[0]].client].visits {
                assert!(!sol.is_assigned(v), "{v} of the client is still placed");
                assert!(!built.is_assigned(v) || out.contains(&v), "{v} was lifted but not returned");
            }
        }
        assert!(targeted >= 5, "only {targeted} of 20 ruins began at an unplaced visit");
    }
}
