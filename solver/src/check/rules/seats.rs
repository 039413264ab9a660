//! `seats_not_distinct` / `seats_not_synchronised` / `seats_part_staffed`: a multi-carer visit
//! has distinct carers (000 §3.3.7.1), whose starts lie within the profile's double-handed
//! tolerance of each other (003 §8.14: gap ≤ 15 min), and it is all or nothing: with some of its
//! seats scheduled, every seat is. One carer alone at a double-handed visit cannot do the moving
//! and handling it was planned for: "where two Care/Support Workers are required ... both ... work
//! together" (000 §3.3.7.1).

use super::Rule;
use crate::check::timeline::{fmt_min, whole_min, Context, MIN};
use crate::check::{Unit, Violation};
use std::collections::BTreeMap;

/// Seats of multi-carer visits.
pub struct Seats;

impl Rule for Seats {
    fn codes(&self) -> &'static [&'static str] {
        &["seats_not_distinct", "seats_not_synchronised", "seats_part_staffed"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for (vi, list) in ctx.visit_seats.iter().enumerate() {
            let Some(&first) = list.first() else { continue };
            let visit = ctx.visit(vi);
            let client = &ctx.problem.clients[ctx.seats[first].client];
            let mut per_carer: BTreeMap<usize, i64> = BTreeMap::new();
            for &s in list {
                *per_carer.entry(ctx.seats[s].carer).or_insert(0) += 1;
            }
            for (&carer, &n) in &per_carer {
                if n > 1 {
                    out.push(
                        Violation::new(
                            "seats_not_distinct",
                            n - 1,
                            Unit::Seats,
                            format!("the carer holds {n} seats of this visit"),
                        )
                        .visit(&visit.id)
                        .carer(&ctx.problem.carers[carer].id)
                        .client(&client.id)
                        .date(visit.date),
                    );
                }
            }
            let required = visit.carers_required as usize;
            if list.len() < required {
                let names: Vec<&str> = per_carer.keys().map(|&k| ctx.problem.carers[k].id.as_str()).collect();
                out.push(
                    Violation::new(
                        "seats_part_staffed",
                        (required - list.len()) as i64,
                        Unit::Seats,
                        format!(
                            "only {} of its {required} seats are scheduled ({}); a multi-carer visit is done \
                             by all its carers or not at all",
                            list.len(),
                            names.join(", ")
                        ),
                    )
                    .visit(&visit.id)
                    .client(&client.id)
                    .date(visit.date),
                );
            }
            if list.len() < 2 {
                continue;
            }
            let starts = list.iter().map(|&s| ctx.seats[s].start);
            let spread = starts.clone().max().unwrap_or(0) - starts.min().unwrap_or(0);
            let tol = ctx.profile(ctx.seats[first].client).double_handed_tolerance_min as i64 * MIN;
            if spread > tol {
                out.push(
                    Violation::new(
                        "seats_not_synchronised",
                        whole_min(spread - tol),
                        Unit::Minutes,
                        format!("the seats start {} min apart (at most {})", fmt_min(spread), fmt_min(tol)),
                    )
                    .visit(&visit.id)
                    .client(&client.id)
                    .date(visit.date),
                );
            }
        }
    }
}
