//! Random removal: lift `q` visits chosen uniformly.

use super::{lift, random_assigned, Context};
use crate::rng::Rng;
use crate::solve::instance::Instance;
use crate::solve::state::Solution;

/// Lift `q` random visits.
pub fn ruin(inst: &Instance, _ctx: &Context, sol: &mut Solution, rng: &mut Rng, q: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(q);
    for _ in 0..q {
        let Some(v) = random_assigned(sol, rng) else { break };
        lift(inst, sol, v, &mut out);
    }
    out
}
