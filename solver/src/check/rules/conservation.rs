//! `visit_lost` / `visit_over_assigned`: every seat of every visit is either scheduled or listed
//! as unassigned, exactly once (002 §11.13: a gap is an error, not a cost).

use super::Rule;
use crate::check::timeline::Context;
use crate::check::{Unit, Violation};

/// Seat conservation.
pub struct Conservation;

impl Rule for Conservation {
    fn codes(&self) -> &'static [&'static str] {
        &["visit_lost", "visit_over_assigned"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for (vi, visit) in ctx.problem.visits.iter().enumerate() {
            let scheduled = ctx.visit_seats[vi].len() as i64;
            let unassigned = ctx.unassigned[vi] as i64;
            let required = visit.carers_required as i64;
            let accounted = scheduled + unassigned;
            let (rule, amount, what) = if accounted < required {
                ("visit_lost", required - accounted, "missing from the rota")
            } else if accounted > required {
                ("visit_over_assigned", accounted - required, "too many")
            } else {
                continue;
            };
            out.push(
                Violation::new(
                    rule,
                    amount,
                    Unit::Seats,
                    format!(
                        "needs {required} seat(s); {scheduled} scheduled + {unassigned} unassigned: {amount} {what}"
                    ),
                )
                .visit(&visit.id)
                .client(&visit.client)
                .date(visit.date),
            );
        }
    }
}
