//! Families of needs for Hall's condition: the care a set of needs asks for in a slot can be
//! given only by carers who meet at least one need of the set.
//!
//! A bipartite supply meets every demand only if, for every set of needs, their demand is at
//! most the supply of the carers who meet any of them. The relaxation keeps that condition for
//! a few sets that matter (each skill, each required gender or language, each need alone, and
//! all needs together), which is necessary, so valid, though weaker than the full flow.

use super::demand::Need;
use std::collections::BTreeSet;

/// A set of needs, as a mask over [`super::demand::Demand::needs`].
pub(crate) type Family = Vec<bool>;

/// The families: all needs first, then per skill, gender and language, then each need alone,
/// without repeats. With `skills` false, only all needs together.
pub(crate) fn families(needs: &[Need], skills: bool) -> Vec<Family> {
    let all = vec![true; needs.len()];
    if !skills {
        return vec![all];
    }
    let mut out: Vec<Family> = vec![all];
    let mut seen: BTreeSet<Family> = out.iter().cloned().collect();
    let mut push = |f: Family, out: &mut Vec<Family>| {
        if f.iter().any(|&b| b) && seen.insert(f.clone()) {
            out.push(f);
        }
    };
    let skill_names: BTreeSet<&String> = needs.iter().flat_map(|n| &n.skills).collect();
    for s in skill_names {
        push(needs.iter().map(|n| n.skills.contains(s)).collect(), &mut out);
    }
    let genders: BTreeSet<&String> = needs.iter().flat_map(|n| &n.genders).collect();
    for g in genders {
        push(needs.iter().map(|n| n.genders.contains(g)).collect(), &mut out);
    }
    let languages: BTreeSet<&String> = needs.iter().flat_map(|n| &n.languages).collect();
    for l in languages {
        push(needs.iter().map(|n| n.languages.contains(l)).collect(), &mut out);
    }
    push(needs.iter().map(|n| n.out_of_hours).collect(), &mut out);
    for i in 0..needs.len() {
        push((0..needs.len()).map(|j| j == i).collect(), &mut out);
    }
    out
}
