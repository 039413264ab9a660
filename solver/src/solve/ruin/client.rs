//! Client-wise removal: lift a client's whole week, and a neighbour's, so that the recreate step
//! can rebuild who visits them from scratch. This is the move that repairs continuity: single
//! visits moved one at a time rarely bring a client's carers down from five to three.

use super::{lift, random_assigned, Context};
use crate::rng::Rng;
use crate::solve::instance::Instance;
use crate::solve::state::Solution;

/// Lift every visit of one or more clients, until about `q` visits are out.
pub fn ruin(inst: &Instance, ctx: &Context, sol: &mut Solution, rng: &mut Rng, q: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(q);
    let Some(seed) = random_assigned(sol, rng) else { return out };
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
