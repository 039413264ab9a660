//! `optional_reason_missing` / `optional_reason_unfounded`: an optional visit (`optional`) that is
//! left out is listed as unassigned with the reason `optional`, and the reason `optional` is kept
//! for optional visits, so a scheduler reading the rota can tell a visit that may be dropped from
//! one the rota failed to place. (A cancelled visit keeps the reason `cancelled`,
//! [`super::cancelled`].)
//!
//! `optional_group_split`: the visits of an optional group (`optional_group`, cancelled visits
//! aside) are all scheduled with every carer they need, or all left out. A rota that does one
//! half of a group and drops the other is reported once per group, on its first visit.

use super::Rule;
use crate::check::timeline::Context;
use crate::check::{Unit, Violation};
use crate::format::Reason;

/// Optional visits.
pub struct Optional;

impl Rule for Optional {
    fn codes(&self) -> &'static [&'static str] {
        &["optional_reason_missing", "optional_reason_unfounded", "optional_group_split"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for u in &ctx.rota.unassigned {
            let Some(&vi) = ctx.index.visits.get(&u.visit) else { continue };
            let visit = ctx.visit(vi);
            let optional = visit.optional && visit.cancelled.is_none();
            let (rule, message) = match (optional, u.reason) {
                (true, r) if r != Reason::Optional => (
                    "optional_reason_missing",
                    format!("the visit is optional but listed as unassigned for `{}`", r.code()),
                ),
                (false, Reason::Optional) if visit.cancelled.is_none() => (
                    "optional_reason_unfounded",
                    "listed as unassigned for `optional`, but the problem does not make the visit optional".to_string(),
                ),
                _ => continue,
            };
            out.push(ctx.unassigned_violation(rule, u, visit, message));
        }
        for (group, members) in ctx.optional_groups() {
            let seated = |&vi: &usize| ctx.visit_seats[vi].len();
            let whole = members.iter().all(|vi| seated(vi) >= ctx.visit(*vi).carers_required as usize);
            if whole || members.iter().all(|vi| seated(vi) == 0) {
                continue;
            }
            let first = ctx.visit(members[0]);
            let message =
                format!("optional group {group:?} is partly scheduled: its visits are kept or left out together");
            let missing =
                members.iter().map(|vi| ctx.visit(*vi).carers_required as usize - seated(vi).min(3)).sum::<usize>();
            out.push(
                Violation::new("optional_group_split", missing as i64, Unit::Seats, message)
                    .visit(&first.id)
                    .client(&first.client)
                    .date(first.date),
            );
        }
    }
}
