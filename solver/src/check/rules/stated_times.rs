//! `stated_times_wrong`: the travel, wait and return travel a rota states equal the recomputed
//! ones, so run sheets do not mislead carers (explicit travel on the rota, 000 §3.6.7;
//! run sheets, 003 §10.3). The first visit of a round has no wait: the carer leaves in time.

use super::Rule;
use crate::check::timeline::{fmt_min, whole_min, Context, SLACK};
use crate::check::{Unit, Violation};

/// Stated travel and waiting.
pub struct StatedTimes;

impl Rule for StatedTimes {
    fn codes(&self) -> &'static [&'static str] {
        &["stated_times_wrong"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for r in &ctx.rounds {
            for &si in &r.seats {
                let s = &ctx.seats[si];
                for (field, stated, real) in
                    [("travel_min", s.stated_travel, s.travel), ("wait_min", s.stated_wait, s.wait)]
                {
                    if (stated - real).abs() > SLACK {
                        out.push(ctx.seat_violation(
                            "stated_times_wrong",
                            s,
                            whole_min((stated - real).abs()),
                            Unit::Minutes,
                            format!("states {field} {}, recomputed {}", fmt_min(stated), fmt_min(real)),
                        ));
                    }
                }
            }
            if (r.stated_return - r.return_travel).abs() > SLACK {
                let mut v = Violation::new(
                    "stated_times_wrong",
                    whole_min((r.stated_return - r.return_travel).abs()),
                    Unit::Minutes,
                    format!(
                        "states return_travel_min {}, recomputed {}",
                        fmt_min(r.stated_return),
                        fmt_min(r.return_travel)
                    ),
                )
                .carer(&ctx.problem.carers[r.carer].id)
                .date(r.date);
                if let Some(&last) = r.seats.last() {
                    v = v.visit(&ctx.visit(ctx.seats[last].visit).id);
                }
                out.push(v);
            }
        }
    }
}
