//! Round removal: empty a carer's whole round on one day, so its visits can go to other carers
//! (fewer, fuller rounds travel less).

use super::{lift, near_rounds, Context};
use crate::rng::Rng;
use crate::solve::instance::Instance;
use crate::solve::state::Solution;

/// Empty the round of a random assigned visit, and the rounds of its nearest neighbours, until
/// about `q` visits are out.
pub fn ruin(inst: &Instance, ctx: &Context, sol: &mut Solution, rng: &mut Rng, q: usize) -> Vec<usize> {
    near_rounds(inst, ctx, sol, rng, q, |sol, _, _, r, out| {
        for v in sol.routes[r].visits.clone() {
            lift(inst, sol, v, out);
        }
    })
}
