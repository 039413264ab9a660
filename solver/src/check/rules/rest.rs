//! `daily_rest_short` / `weekly_rest_short`: a carer's rest, under the Working Time Regulations
//! 1998 as the client's contract profile sets it (`daily_rest_min`, `weekly_rest_min`; the
//! councils' profiles carry reg. 10(1)'s 11 hours in each 24 and reg. 11(1)'s 24 hours in each
//! 7 days, named by Kent 000 §9.3.4).
//!
//! Rest is the time between two of the carer's visits (in time order over the whole week, across
//! rounds) less the travel between them. A carer who visits a client of a profile with a rest
//! rule keeps it over their whole week; under several, the longest rest applies.
//!
//! - Daily: a *working stretch* is a run of visits joined by rests shorter than `d`. In the 24
//!   hours from a stretch's first start there must be `d` of rest, so the stretch ends at most
//!   24 h − `d` after it starts (the rest that follows it is `d` or more by construction).
//! - Weekly: the longest rest in the rota week (Monday 00:00 to the next Monday 00:00), counting
//!   the time before the first visit and after the last, is at least `w`.

use super::Rule;
use crate::check::timeline::{fmt_min, show, whole_min, Context, DAY_TICKS, MIN};
use crate::check::{Unit, Violation};

/// Daily and weekly rest.
pub struct Rest;

impl Rule for Rest {
    fn codes(&self) -> &'static [&'static str] {
        &["daily_rest_short", "weekly_rest_short"]
    }

    fn check(&self, ctx: &Context, out: &mut Vec<Violation>) {
        for carer in 0..ctx.problem.carers.len() {
            let seats = &ctx.carer_seats[carer];
            // The strictest rule of the profiles of the clients the carer visits.
            let rule = |f: fn(&crate::model::ContractProfile) -> Option<i32>| {
                seats.iter().filter_map(|&s| f(ctx.seat_profile(&ctx.seats[s]))).max().map(|m| m as i64 * MIN)
            };
            let rests = ctx.rests(carer);
            if let Some(daily) = rule(|p| p.daily_rest_min) {
                daily_rest(ctx, carer, &rests, daily, out);
            }
            if let Some(weekly) = rule(|p| p.weekly_rest_min) {
                weekly_rest(ctx, carer, &rests, weekly, out);
            }
        }
    }
}

/// One violation per working stretch longer than 24 h less the daily rest `need`.
fn daily_rest(
    ctx: &Context,
    carer: usize,
    rests: &[(usize, Option<(usize, i64)>)],
    need: i64,
    out: &mut Vec<Violation>,
) {
    let longest = DAY_TICKS - need;
    let mut stretch: Option<(i64, i64)> = None; // (first start, last end)
    let mut close = |stretch: Option<(i64, i64)>| {
        let Some((start, end)) = stretch.filter(|&(s, e)| e - s > longest) else { return };
        out.push(
            Violation::new(
                "daily_rest_short",
                whole_min(end - start - longest),
                Unit::Minutes,
                format!(
                    "works from {} to {} with no rest of {} min between: a stretch lasts at most {} min before \
                     {} min of rest",
                    show(start),
                    show(end),
                    fmt_min(need),
                    fmt_min(longest),
                    fmt_min(need)
                ),
            )
            .carer(&ctx.problem.carers[carer].id)
            .date(ctx.monday + chrono::Days::new(start.div_euclid(DAY_TICKS).clamp(0, 6) as u64)),
        );
    };
    for &(si, rest) in rests {
        let s = &ctx.seats[si];
        stretch = match (stretch, rest) {
            (Some((start, end)), Some((_, r))) if r < need => Some((start, end.max(s.end))),
            (previous, _) => {
                close(previous);
                Some((s.start, s.end))
            }
        };
    }
    close(stretch);
}

/// A violation if the longest rest in the week is shorter than `need`.
fn weekly_rest(
    ctx: &Context,
    carer: usize,
    rests: &[(usize, Option<(usize, i64)>)],
    need: i64,
    out: &mut Vec<Violation>,
) {
    let (Some(&(first, _)), Some(last_end)) = (rests.first(), rests.iter().map(|&(s, _)| ctx.seats[s].end).max())
    else {
        return;
    };
    let before = ctx.seats[first].start;
    let after = 7 * DAY_TICKS - last_end;
    let longest = rests.iter().filter_map(|&(_, r)| r.map(|(_, r)| r)).chain([before, after]).max().unwrap_or(0).max(0);
    if longest < need {
        out.push(
            Violation::new(
                "weekly_rest_short",
                whole_min(need - longest),
                Unit::Minutes,
                format!(
                    "the longest rest in the week is {} min; it must be at least {}",
                    fmt_min(longest),
                    fmt_min(need)
                ),
            )
            .carer(&ctx.problem.carers[carer].id),
        );
    }
}
