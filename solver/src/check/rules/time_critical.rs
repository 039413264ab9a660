//! `time_critical_missed`: a time-critical visit starts within ± the profile's time-critical
//! tolerance of its target, inclusive, and inside its explicit window if it has one
//! (003 §5.21, §8.13, §10.9).

use super::windows::outside_window;
use super::Rule;
use crate::check::timeline::{fmt_min, show, whole_min, Context, MIN};
use crate::check::{Unit, Violation};

/// Time-critical visits.
pub struct TimeCritical;

impl Rule for TimeCritical {
    fn codes(&self) -> &'static [&'static str] {
        &["time_critical_missed"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for s in &ctx.seats {
            if !ctx.visit(s.visit).time_critical {
                continue;
            }
            let tol = ctx.seat_profile(s).time_critical_tolerance_min as i64 * MIN;
            let dev = (s.start - s.target).abs();
            let beyond = (dev - tol).max(0);
            let window = outside_window(ctx, s.visit, s.start).map_or(0, |w| w.0);
            let amount = whole_min(beyond.max(window));
            if amount > 0 {
                let mut msg = format!(
                    "time-critical visit starts {}, {} min from its target {} (±{})",
                    show(s.start),
                    fmt_min(dev),
                    show(s.target),
                    fmt_min(tol)
                );
                if window > 0 {
                    msg.push_str(&format!("; {} min outside its window", fmt_min(window)));
                }
                out.push(ctx.seat_violation("time_critical_missed", s, amount, Unit::Minutes, msg));
            }
        }
    }
}
