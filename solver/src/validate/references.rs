//! References: every client, skill and carer id named in the problem exists.
//!
//! Links between visits are checked in `links`, profile names in `profiles`.

use super::Context;
use crate::format::Findings;
use std::collections::HashMap;

/// `unknown_reference`, `conflicting_carers`, `excluded_preferred_carer`.
pub(super) fn check(cx: &Context, f: &mut Findings) {
    let p = cx.p;
    let idx = &cx.index;
    for (i, v) in p.visits.iter().enumerate() {
        let id = Some(v.id.as_str());
        if !idx.clients.contains_key(&v.client) {
            unknown(f, format!("$.visits[{i}].client"), id, "client", &v.client);
        }
        each_unknown(f, &idx.skills, "skill", &v.skills, id, |j| format!("$.visits[{i}].skills[{j}]"));
    }
    for (i, c) in p.clients.iter().enumerate() {
        let id = Some(c.id.as_str());
        each_unknown(f, &idx.skills, "skill", &c.required_skills, id, |j| {
            format!("$.clients[{i}].required_skills[{j}]")
        });
        each_unknown(f, &idx.carers, "carer", &c.excluded_carers, id, |j| {
            format!("$.clients[{i}].excluded_carers[{j}]")
        });
        each_unknown(f, &idx.carers, "carer", &c.preferred_carers, id, |j| {
            format!("$.clients[{i}].preferred_carers[{j}]")
        });
        if let Some(key) = &c.key_carer {
            if !idx.carers.contains_key(key) {
                unknown(f, format!("$.clients[{i}].key_carer"), id, "carer", key);
            } else if c.excluded_carers.contains(key) {
                f.error(
                    format!("$.clients[{i}].key_carer"),
                    id,
                    "conflicting_carers",
                    format!("client {:?} has carer {key:?} as key carer but also excludes them", c.id),
                );
            }
        }
        for (j, pref) in c.preferred_carers.iter().enumerate() {
            if idx.carers.contains_key(pref) && c.excluded_carers.contains(pref) {
                f.warning(
                    format!("$.clients[{i}].preferred_carers[{j}]"),
                    id,
                    "excluded_preferred_carer",
                    format!("client {:?} both prefers and excludes carer {pref:?}; the exclusion wins", c.id),
                );
            }
        }
    }
    for (i, k) in p.carers.iter().enumerate() {
        for (j, s) in k.skills.iter().enumerate() {
            if !idx.skills.contains_key(&s.skill) {
                unknown(f, format!("$.carers[{i}].skills[{j}].skill"), Some(&k.id), "skill", &s.skill);
            }
        }
    }
}

/// Report every entry of `names` that is not a key of `known`.
fn each_unknown(
    f: &mut Findings,
    known: &HashMap<String, usize>,
    what: &str,
    names: &[String],
    id: Option<&str>,
    path: impl Fn(usize) -> String,
) {
    for (j, name) in names.iter().enumerate() {
        if !known.contains_key(name) {
            unknown(f, path(j), id, what, name);
        }
    }
}

/// One `unknown_reference`.
pub(super) fn unknown(f: &mut Findings, path: String, id: Option<&str>, what: &str, name: &str) {
    f.error(path, id, "unknown_reference", format!("there is no {what} with id {name:?}"));
}
