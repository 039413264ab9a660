//! `out_of_hours`: where the profile restricts work outside core hours to opted-in carers
//! (Hammersmith & Fulham: mostly 07:00-22:00, out-of-hours not a requirement, 003 §3.24, §3.30),
//! a visit starting outside `[core_start, core_end)` goes to a carer with `out_of_hours`.

use super::Rule;
use crate::check::timeline::{whole_min, Context, DAY_TICKS, MIN};
use crate::check::{Unit, Violation};
use crate::time::ClockTime;

/// Out-of-hours visits.
pub struct OutOfHours;

impl Rule for OutOfHours {
    fn codes(&self) -> &'static [&'static str] {
        &["out_of_hours"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for s in &ctx.seats {
            let p = ctx.seat_profile(s);
            if !p.out_of_hours_opt_in || ctx.problem.carers[s.carer].out_of_hours {
                continue;
            }
            let (cs, ce) = (p.core_start.ticks(), p.core_end.ticks());
            let t = s.start_clock.ticks().rem_euclid(DAY_TICKS);
            let inside = (cs..ce).contains(&t) || (cs..ce).contains(&(t + DAY_TICKS));
            if inside {
                continue;
            }
            // Minutes to the nearest allowed start: the band's opening or its last minute.
            let until_open = (cs - t).rem_euclid(DAY_TICKS);
            let after_close = (t - (ce - MIN)).rem_euclid(DAY_TICKS);
            out.push(ctx.seat_violation(
                "out_of_hours",
                s,
                whole_min(until_open.min(after_close)).max(1),
                Unit::Minutes,
                format!(
                    "starts {}, outside core hours {}-{}, and the carer has not opted in",
                    ClockTime::from_ticks(t),
                    p.core_start,
                    p.core_end
                ),
            ));
        }
    }
}
