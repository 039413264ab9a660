//! `break_missing`: under a break rule `{after_hours, break_min}` (the carer's own working-time
//! rules, else the problem's), a round whose working time exceeds `after_hours` contains at least
//! one idle gap of `break_min` between consecutive visits, net of travel. No seed sets a break
//! rule (domain.md §2.7); it is user input, e.g. WTR 1998's 20 minutes after 6 hours.

use super::Rule;
use crate::check::timeline::{fmt_min, whole_min, Context, MIN};
use crate::check::{Unit, Violation};

/// Breaks in long rounds.
pub struct Breaks;

impl Rule for Breaks {
    fn codes(&self) -> &'static [&'static str] {
        &["break_missing"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for r in &ctx.rounds {
            let Some(rule) = ctx.break_rule(r.carer) else { continue };
            let worked = ctx.round_working(r);
            if worked as f64 <= rule.after_hours * 60.0 * MIN as f64 + 1e-6 {
                continue;
            }
            let best = r
                .seats
                .windows(2)
                .map(|p| {
                    let (prev, next) = (&ctx.seats[p[0]], &ctx.seats[p[1]]);
                    next.start - prev.end - next.travel
                })
                .max()
                .unwrap_or(0)
                .max(0);
            let need = rule.break_min as i64 * MIN;
            if best < need {
                out.push(
                    Violation::new(
                        "break_missing",
                        whole_min(need - best),
                        Unit::Minutes,
                        format!(
                            "works {} min (over {} h) but its longest idle gap is {} min (needs {})",
                            fmt_min(worked),
                            rule.after_hours,
                            fmt_min(best),
                            fmt_min(need)
                        ),
                    )
                    .carer(&ctx.problem.carers[r.carer].id)
                    .date(r.date),
                );
            }
        }
    }
}
