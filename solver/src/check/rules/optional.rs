//! `optional_reason_missing` / `optional_reason_unfounded`: an optional visit (`optional`) that is
//! left out is listed as unassigned with the reason `optional`, and the reason `optional` is kept
//! for optional visits, so a scheduler reading the rota can tell a visit that may be dropped from
//! one the rota failed to place. (A cancelled visit keeps the reason `cancelled`,
//! [`super::cancelled`].)

use super::Rule;
use crate::check::timeline::Context;
use crate::check::Violation;
use crate::format::Reason;

/// Optional visits.
pub struct Optional;

impl Rule for Optional {
    fn codes(&self) -> &'static [&'static str] {
        &["optional_reason_missing", "optional_reason_unfounded"]
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
    }
}
