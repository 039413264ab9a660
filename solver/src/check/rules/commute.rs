//! `commute_off_shift`: for a carer with `commute_on_shift` (a vehicle tied to a depot's opening
//! hours, as in the Solomon and Mankowska benchmarks), the travel from the start place to the
//! round's first visit and from its last visit back to the end place lies inside the same
//! availability window as that visit (to within [`SLACK`], as for travel). Care carers leave it off: their commute is their own time
//! (domain.md, paid travel), and only the visits must be inside availability.

use super::Rule;
use crate::check::timeline::{show, whole_min, working_windows, Context, SLACK};
use crate::check::{Unit, Violation};

/// The round's commute inside availability.
pub struct Commute;

impl Rule for Commute {
    fn codes(&self) -> &'static [&'static str] {
        &["commute_off_shift"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for r in &ctx.rounds {
            let carer = &ctx.problem.carers[r.carer];
            let (Some(&first), Some(&last)) = (r.seats.first(), r.seats.last()) else { continue };
            if !carer.commute_on_shift {
                continue;
            }
            let windows: Vec<(i64, i64)> =
                working_windows(ctx.monday, carer).into_iter().map(|(_, a, b)| (a, b)).collect();
            // Ticks of [from, to] outside the best-fitting window that holds the visit's start.
            let outside = |from: i64, to: i64, at: i64| {
                windows
                    .iter()
                    .filter(|&&(a, b)| a <= at && at <= b)
                    .map(|&(a, b)| (a - from).max(0) + (to - b).max(0))
                    .min()
                    .unwrap_or(0)
            };
            let (f, l) = (&ctx.seats[first], &ctx.seats[last]);
            let legs = [
                ("leaves the start place", f.start - f.travel, f.start, f.start, f),
                ("gets back to the end place", l.end, l.end + r.return_travel, l.start, l),
            ];
            for (what, from, to, at, seat) in legs {
                let off = outside(from, to, at);
                if off > SLACK {
                    let over = whole_min(off);
                    let when = if from < at { show(from) } else { show(to) };
                    out.push(ctx.seat_violation(
                        "commute_off_shift",
                        seat,
                        over,
                        Unit::Minutes,
                        format!("the carer {what} at {when}, {over} min outside their availability"),
                    ));
                }
            }
        }
    }
}
