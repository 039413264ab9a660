//! Strict fit: every call placed into the rounds as they are, no existing visit moved.
//!
//! A beam search over the calls, scarcest first. For each partial answer kept, a call's
//! alternatives are its cheapest placement, then the cheapest among the carers not yet used by
//! an alternative, and so on (`beam` of them); the `beam` cheapest partial answers, by the
//! summed placement costs, go on to the next call.

use super::Fitting;
use crate::solve::instance::Instance;
use crate::solve::state::{Placement, Solution};

/// A call that found no place, and the partial answer it found none in.
pub(crate) struct Failure {
    /// The call.
    pub call: usize,
    /// The partial answer (the cheapest one kept before the call).
    pub at: Solution,
}

/// The calls placed so far and their carers, sorted by call: what tells partial answers apart.
type Key = Vec<(usize, Vec<usize>)>;

struct Branch {
    sol: Solution,
    score: f64,
    key: Key,
}

/// The strict answers, best first, or the call that blocks every partial answer.
pub(crate) fn strict(fx: &mut Fitting, beam: usize) -> Result<Vec<Solution>, Box<Failure>> {
    let mut kept = vec![Branch { sol: fx.sol0.clone(), score: 0.0, key: Vec::new() }];
    for &v in &fx.calls.clone() {
        // (score, parent, placement, key) of every child, then the best distinct ones.
        let mut children: Vec<(f64, usize, Placement, Key)> = Vec::new();
        for (i, b) in kept.iter().enumerate() {
            for p in alternatives(&mut fx.inst, &b.sol, v, beam) {
                let mut crew: Vec<usize> = p.seats.iter().map(|s| s.carer).collect();
                crew.sort_unstable();
                let mut key = b.key.clone();
                key.push((v, crew));
                key.sort_unstable();
                children.push((b.score + p.cost, i, p, key));
            }
        }
        if children.is_empty() {
            let at = kept.swap_remove(0).sol;
            return Err(Box::new(Failure { call: v, at }));
        }
        children.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.3.cmp(&b.3)));
        let mut next: Vec<Branch> = Vec::with_capacity(beam);
        for (score, parent, p, key) in children {
            if next.len() == beam {
                break;
            }
            if next.iter().any(|n| n.key == key) {
                continue;
            }
            let mut sol = kept[parent].sol.clone();
            sol.apply(&fx.inst, v, &p);
            next.push(Branch { sol, score, key });
        }
        kept = next;
    }
    Ok(kept.into_iter().map(|b| b.sol).collect())
}

/// Up to `n` placements of call `v` in `sol` with different carers: the cheapest, then the
/// cheapest without the carers of the ones before.
pub(crate) fn alternatives(inst: &mut Instance, sol: &Solution, v: usize, n: usize) -> Vec<Placement> {
    let saved = inst.visits[v].only.take();
    let all: Vec<usize> = inst.fit(v).filter(|k| saved.as_ref().is_none_or(|o| o.contains(k))).collect();
    let seats = inst.visits[v].seats;
    let mut out: Vec<Placement> = Vec::new();
    let mut used: Vec<usize> = Vec::new();
    while out.len() < n {
        let allowed: Vec<usize> = all.iter().copied().filter(|k| !used.contains(k)).collect();
        if allowed.len() < seats {
            break;
        }
        inst.visits[v].only = if used.is_empty() { saved.clone() } else { Some(allowed) };
        match sol.best_placement(inst, v, false, &|_, s| s.cost) {
            Ok(p) => {
                used.extend(p.seats.iter().map(|s| s.carer));
                out.push(p);
            }
            Err(_) => break,
        }
    }
    inst.visits[v].only = saved;
    out
}
