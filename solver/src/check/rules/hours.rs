//! `daily_hours_exceeded` / `weekly_hours_exceeded`: a carer's working time (planned time on
//! site plus travel between consecutive visits; commute and waiting excluded) stays within their
//! `max_hours_per_day` on each date and `max_hours_per_week` over the week. No seed sets these
//! limits (domain.md §2.7, 000 §9.3.4: WTR 1998 only); they are user input.

use super::Rule;
use crate::check::timeline::{fmt_min, Context, MIN};
use crate::check::{Unit, Violation};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Daily and weekly working hours.
pub struct Hours;

/// Minutes by which `worked` exceeds `cap_hours`, rounded up; 0 if within.
fn excess(worked: i64, cap_hours: f64) -> i64 {
    let over = worked as f64 / MIN as f64 - cap_hours * 60.0;
    if over > 1e-6 {
        over.ceil() as i64
    } else {
        0
    }
}

impl Rule for Hours {
    fn codes(&self) -> &'static [&'static str] {
        &["daily_hours_exceeded", "weekly_hours_exceeded"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        let mut daily: BTreeMap<(usize, NaiveDate), i64> = BTreeMap::new();
        for r in &ctx.rounds {
            *daily.entry((r.carer, r.date)).or_insert(0) += ctx.round_working(r);
        }
        let mut weekly: BTreeMap<usize, i64> = BTreeMap::new();
        for (&(carer, date), &worked) in &daily {
            *weekly.entry(carer).or_insert(0) += worked;
            let c = &ctx.problem.carers[carer];
            let Some(cap) = c.max_hours_per_day else { continue };
            let over = excess(worked, cap);
            if over > 0 {
                out.push(
                    Violation::new(
                        "daily_hours_exceeded",
                        over,
                        Unit::Minutes,
                        format!("works {} min on the day; at most {cap} h ({over} min over)", fmt_min(worked)),
                    )
                    .carer(&c.id)
                    .date(date),
                );
            }
        }
        for (carer, worked) in weekly {
            let c = &ctx.problem.carers[carer];
            let Some(cap) = c.max_hours_per_week else { continue };
            let over = excess(worked, cap);
            if over > 0 {
                out.push(
                    Violation::new(
                        "weekly_hours_exceeded",
                        over,
                        Unit::Minutes,
                        format!("works {} min in the week; at most {cap} h ({over} min over)", fmt_min(worked)),
                    )
                    .carer(&c.id),
                );
            }
        }
    }
}
