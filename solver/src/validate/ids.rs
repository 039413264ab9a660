//! Ids: unique within each list (skills, clients, carers, visits) and not empty.

use super::Context;
use crate::format::Findings;
use std::collections::HashMap;

/// `duplicate_id` and `invalid_value` (empty id).
pub(super) fn check(cx: &Context, f: &mut Findings) {
    let p = cx.p;
    list("skills", "skill", p.skills.iter().map(|s| s.id.as_str()), f);
    list("clients", "client", p.clients.iter().map(|c| c.id.as_str()), f);
    list("carers", "carer", p.carers.iter().map(|c| c.id.as_str()), f);
    list("visits", "visit", p.visits.iter().map(|v| v.id.as_str()), f);
}

/// Check the ids of one list, named `name` in paths and `what` in messages.
fn list<'a>(name: &str, what: &str, ids: impl Iterator<Item = &'a str>, f: &mut Findings) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.enumerate() {
        let path = format!("$.{name}[{i}].id");
        if id.trim().is_empty() {
            f.error(path, Some(id), "invalid_value", format!("a {what} id must not be empty"));
            continue;
        }
        match first.get(id) {
            Some(&j) => f.error(
                path,
                Some(id),
                "duplicate_id",
                format!("{what} id {id:?} is used twice: first by $.{name}[{j}]"),
            ),
            None => {
                first.insert(id, i);
            }
        }
    }
}
