//! `window_missed`: a visit that is not time-critical starts inside its explicit window (inside
//! one of its `windows`, if it has several), or, with
//! no window, strictly less than the profile's punctuality tolerance from its target: a start 45
//! minutes or more off counts as late or early (000 §3.9.4; 002 §11.23).

use super::Rule;
use crate::check::timeline::{fmt_min, minute, show, whole_min, Context, MIN};
use crate::check::{Unit, Violation};

/// Start windows of visits that are not time-critical.
pub struct Windows;

/// How far a start lies outside a visit's explicit window, if it has one, with the window: for
/// a visit with several windows (`windows`), the nearest of them (none if the start is inside
/// one).
pub(super) fn outside_window(ctx: &Context, vi: usize, start: i64) -> Option<(i64, i64, i64)> {
    let visit = ctx.visit(vi);
    let spans = visit.window.map(|w| (w.earliest, w.latest)).into_iter();
    let spans = spans.chain(visit.windows.iter().map(|w| (w.earliest, w.latest)));
    spans
        .map(|(a, b)| {
            let (earliest, latest) = (minute(ctx.monday, visit.date, a), minute(ctx.monday, visit.date, b));
            ((earliest - start).max(0) + (start - latest).max(0), earliest, latest)
        })
        .min_by_key(|w| w.0)
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
