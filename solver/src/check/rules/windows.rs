//! `window_missed`: a visit that is not time-critical starts inside its explicit window, or, with
//! no window, strictly less than the profile's punctuality tolerance from its target: a start 45
//! minutes or more off counts as late or early (000 §3.9.4; 002 §11.23).

use super::Rule;
use crate::check::timeline::{fmt_min, minute, show, whole_min, Context, MIN};
use crate::check::{Unit, Violation};

/// Start windows of visits that are not time-critical.
pub struct Windows;

/// Minutes a start lies outside a visit's explicit window, if it has one.
pub(super) fn outside_window(ctx: &Context, vi: usize, start: i64) -> Option<(i64, i64, i64)> {
    let visit = ctx.visit(vi);
    let w = visit.window?;
    let earliest = minute(ctx.monday, visit.date, w.earliest);
    let latest = minute(ctx.monday, visit.date, w.latest);
    Some(((earliest - start).max(0) + (start - latest).max(0), earliest, latest))
}

impl Rule for Windows {
    fn codes(&self) -> &'static [&'static str] {
        &["window_missed"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for s in &ctx.seats {
            if ctx.visit(s.visit).time_critical {
                continue;
            }
            let (amount, message) = match outside_window(ctx, s.visit, s.start) {
                Some((outside, earliest, latest)) => (
                    outside,
                    format!("starts {}, outside its window {}-{}", show(s.start), show(earliest), show(latest)),
                ),
                None => {
                    let tol = ctx.seat_profile(s).punctuality_tolerance_min as i64 * MIN;
                    let dev = (s.start - s.target).abs();
                    // Strict: |Δ| < tol, so the last allowed deviation is tol − 1.
                    let outside = if dev >= tol { dev - (tol - MIN) } else { 0 };
                    (
                        outside,
                        format!(
                            "starts {}, {} min from its target {} (must be under {})",
                            show(s.start),
                            fmt_min(dev),
                            show(s.target),
                            fmt_min(tol)
                        ),
                    )
                }
            };
            if amount > 0 {
                out.push(ctx.seat_violation("window_missed", s, whole_min(amount), Unit::Minutes, message));
            }
        }
    }
}
