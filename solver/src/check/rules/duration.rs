//! `duration_short`: each seat's planned time on site, `end − start`, equals the visit's
//! commissioned `duration_min`; travel and waiting are never deducted (000 §3.6.10; 002 §10.6;
//! 003 §6.34; 004 §10.7).

use super::Rule;
use crate::check::timeline::{fmt_min, whole_min, Context, MIN};
use crate::check::{Unit, Violation};

/// Full duration.
pub struct Duration;

impl Rule for Duration {
    fn codes(&self) -> &'static [&'static str] {
        &["duration_short"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for s in &ctx.seats {
            let planned = s.end - s.start;
            let due = ctx.visit(s.visit).duration_min as i64 * MIN;
            if planned != due {
                let how = if planned < due { "short" } else { "long" };
                out.push(ctx.seat_violation(
                    "duration_short",
                    s,
                    whole_min((planned - due).abs()),
                    Unit::Minutes,
                    format!(
                        "planned for {} min, commissioned {} min ({} min {how})",
                        fmt_min(planned),
                        fmt_min(due),
                        fmt_min((planned - due).abs())
                    ),
                ));
            }
        }
    }
}
