//! `cancelled_scheduled` / `cancelled_reason_missing` / `cancelled_reason_unfounded`: a visit the
//! problem cancels (`cancelled`) is never scheduled, and every seat of it is listed as unassigned
//! with the reason `cancelled`; the reason `cancelled` is kept for visits the problem cancels, so
//! a scheduler reading the rota never takes a visit the solver dropped for a cancelled one.
//! Whether every seat is accounted for at all is `visit_lost` ([`super::conservation`]).

use super::Rule;
use crate::check::timeline::Context;
use crate::check::{Unit, Violation};
use crate::format::Reason;

/// Cancelled visits.
pub struct Cancelled;

impl Rule for Cancelled {
    fn codes(&self) -> &'static [&'static str] {
        &["cancelled_scheduled", "cancelled_reason_missing", "cancelled_reason_unfounded"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for s in &ctx.seats {
            if let Some(why) = &ctx.visit(s.visit).cancelled {
                let message = format!("the visit is cancelled ({why}) but scheduled");
                out.push(ctx.seat_violation("cancelled_scheduled", s, 1, Unit::Seats, message));
            }
        }
        for u in &ctx.rota.unassigned {
            let Some(&vi) = ctx.index.visits.get(&u.visit) else { continue };
            let visit = ctx.visit(vi);
            let (rule, message) = match (&visit.cancelled, u.reason) {
                (Some(why), r) if r != Reason::Cancelled => (
                    "cancelled_reason_missing",
                    format!("the visit is cancelled ({why}) but listed as unassigned for `{}`", r.code()),
                ),
                (None, Reason::Cancelled) => (
                    "cancelled_reason_unfounded",
                    "listed as unassigned for `cancelled`, but the problem does not cancel the visit".to_string(),
                ),
                _ => continue,
            };
            out.push(ctx.unassigned_violation(rule, u, visit, message));
        }
    }
}
