//! `carer_unavailable`: each visit's planned time on site lies inside one of the carer's
//! availability windows (003 §5.12-5.13: capacity is the hours carers make available). Travel
//! and commute need not be inside a window. The day's last window runs `overrun_min` past its
//! end (a shift that runs over, priced as overrun).

use super::Rule;
use crate::check::timeline::{show, whole_min, working_windows, Context};
use crate::check::{Unit, Violation};

/// Availability.
pub struct Availability;

impl Rule for Availability {
    fn codes(&self) -> &'static [&'static str] {
        &["carer_unavailable"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        let windows: Vec<_> = ctx.problem.carers.iter().map(|c| working_windows(ctx.monday, c)).collect();
        for s in &ctx.seats {
            // Minutes outside the best-fitting window; 0 means some window contains the visit.
            let outside = windows[s.carer]
                .iter()
                .map(|&(_, from, to)| (from - s.start).max(0) + (s.end - to).max(0))
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
