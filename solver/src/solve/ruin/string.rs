//! String removal in the style of SISR (Christiaens & Vanden Berghe, 2020).
//!
//! Pick a seed visit, then walk its neighbours (near in space and time, same day). From the
//! round of each neighbour not yet touched, lift a string of consecutive visits containing it,
//! until about `q` visits are out. Lifting strings from several nearby rounds frees room for the
//! recreate step to swap whole stretches of work between carers.

use super::{lift, near_rounds, Context};
use crate::rng::Rng;
use crate::solve::instance::Instance;
use crate::solve::state::Solution;

/// Longest string lifted from one round.
const MAX_STRING: usize = 8;

/// Lift strings from rounds near a random seed visit.
pub fn ruin(inst: &Instance, ctx: &Context, sol: &mut Solution, rng: &mut Rng, q: usize) -> Vec<usize> {
    near_rounds(inst, ctx, sol, rng, q, |sol, rng, n, r, out| {
        let route = &sol.routes[r].visits;
        let Some(at) = route.iter().position(|&x| x == n) else { return };
        let len = 1 + rng.below(MAX_STRING.min(route.len()).min(q.saturating_sub(out.len())).max(1));
        let first = at.saturating_sub(rng.below(len)).min(route.len() - len.min(route.len()));
        let string: Vec<usize> = route[first..(first + len).min(route.len())].to_vec();
        for v in string {
            lift(inst, sol, v, out);
        }
    })
}
