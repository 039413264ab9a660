//! `overlapping_work`: across a carer's whole week (all rounds, by start), no visit starts
//! before an earlier one has ended: one person cannot be in two homes (000 §3.6.7).

use super::Rule;
use crate::check::timeline::{show, whole_min, Context};
use crate::check::{Unit, Violation};

/// Overlapping visits of one carer.
pub struct Overlap;

impl Rule for Overlap {
    fn codes(&self) -> &'static [&'static str] {
        &["overlapping_work"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for list in &ctx.carer_seats {
            // The seat seen so far that ends last.
            let mut holder: Option<usize> = None;
            for &si in list {
                let s = &ctx.seats[si];
                if let Some(h) = holder {
                    let prev = &ctx.seats[h];
                    // Two seats of one visit are `seats_not_distinct`, not an overlap.
                    if s.start < prev.end && prev.visit != s.visit {
                        out.push(ctx.seat_violation(
                            "overlapping_work",
                            s,
                            whole_min(prev.end - s.start),
                            Unit::Minutes,
                            format!(
                                "starts {}, before `{}` ends at {}",
                                show(s.start),
                                ctx.visit(prev.visit).id,
                                show(prev.end)
                            ),
                        ));
                    }
                    if s.end > prev.end {
                        holder = Some(si);
                    }
                } else {
                    holder = Some(si);
                }
            }
        }
    }
}
