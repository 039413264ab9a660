//! Round removal: empty a carer's whole round on one day, so its visits can go to other carers
//! (fewer, fuller rounds travel less).

use super::{lift, random_assigned, Context};
use crate::rng::Rng;
use crate::solve::instance::Instance;
use crate::solve::state::Solution;

/// Empty the round of a random assigned visit, and the rounds of its nearest neighbours, until
/// about `q` visits are out.
pub fn ruin(inst: &Instance, ctx: &Context, sol: &mut Solution, rng: &mut Rng, q: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(q);
    let Some(seed) = random_assigned(sol, rng) else { return out };
    let day = inst.visits[seed].day;
    for &n in std::iter::once(&seed).chain(ctx.neighbours[seed].iter()) {
        if out.len() >= q {
            break;
        }
        let Some(k) = sol.assigned[n].first() else { continue };
        let r = Solution::route_index(inst, k, day);
        let visits = sol.routes[r].visits.clone();
        for v in visits {
            lift(inst, sol, v, &mut out);
        }
    }
    out
}
