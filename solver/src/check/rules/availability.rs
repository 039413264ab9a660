//! `carer_unavailable`: each visit's planned time on site lies inside one of the carer's
//! availability windows (003 §5.12-5.13: capacity is the hours carers make available). Travel
//! and commute need not be inside a window.

use super::Rule;
use crate::check::timeline::{minute, show, whole_min, Context};
use crate::check::{Unit, Violation};

/// Availability.
pub struct Availability;

impl Rule for Availability {
    fn codes(&self) -> &'static [&'static str] {
        &["carer_unavailable"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for s in &ctx.seats {
            let carer = &ctx.problem.carers[s.carer];
            // Minutes outside the best-fitting window; 0 means some window contains the visit.
            let outside = carer
                .availability
                .iter()
                .map(|a| {
                    let from = minute(ctx.monday, a.date, a.start);
                    let to = minute(ctx.monday, a.date, a.end);
                    (from - s.start).max(0) + (s.end - to).max(0)
                })
                .min()
                .unwrap_or(s.on_site().max(1));
            let outside = whole_min(outside);
            if outside > 0 {
                out.push(ctx.seat_violation(
                    "carer_unavailable",
                    s,
                    outside,
                    Unit::Minutes,
                    format!(
                        "{}-{} is not inside any availability window of the carer ({outside} min outside)",
                        show(s.start),
                        show(s.end)
                    ),
                ));
            }
        }
    }
}
