//! `meal_break_missed`, a soft finding (not a hard rule): a carer with a `meal_break` has, in
//! each round (a working day with visits), an idle gap of at least `min_duration_min` between
//! the break's `earliest` and `latest`. Idle means no visit and no travel: the wait between two
//! visits after the travel, or the carer's available time on the round's date before the travel
//! to the first visit or after the travel home from the last. Each round without one costs
//! `objective.meal_break_missed`. Recomputed here from the checker's own timeline.
//!
//! A break taken in a wait is not waiting: in the first wait of the round that holds it, its
//! least length (or the wait on shift, if shorter) leaves the waiting KPIs ([`in_wait`]).

use super::timeline::{minute, show, working_windows, Context, RoundLine};
use super::{Unit, Violation};

/// A soft finding for every round whose carer misses their meal break.
pub fn findings(ctx: &Context) -> Vec<Violation> {
    ctx.rounds.iter().filter_map(|r| missed(ctx, r)).collect()
}

/// The ticks of round `r`'s waiting on shift that are its carer's meal break: in the round's
/// first wait between two visits that holds the break, its least length or that wait on shift,
/// whichever is shorter; 0 when no wait holds it or the carer has no meal break.
pub(super) fn in_wait(ctx: &Context, r: &RoundLine) -> i64 {
    let Some(meal) = ctx.problem.carers[r.carer].meal_break else { return 0 };
    let (from, to) = (minute(ctx.monday, r.date, meal.earliest), minute(ctx.monday, r.date, meal.latest));
    let need = i64::from(meal.min_duration_min) * super::timeline::MIN;
    let holds = |s: &super::timeline::Seat| s.start.min(to) - s.arrival.max(from) >= need;
    r.seats[1.min(r.seats.len())..]
        .iter()
        .map(|&si| &ctx.seats[si])
        .find(|s| holds(s))
        .map_or(0, |s| s.wait_on_shift.min(need))
}

/// The finding for round `r`, if its carer has a meal break and the round leaves none.
pub(super) fn missed(ctx: &Context, r: &RoundLine) -> Option<Violation> {
    let carer = &ctx.problem.carers[r.carer];
    let meal = carer.meal_break?;
    let (first, last) = (&ctx.seats[*r.seats.first()?], &ctx.seats[*r.seats.last()?]);
    let (from, to) = (minute(ctx.monday, r.date, meal.earliest), minute(ctx.monday, r.date, meal.latest));
    let need = i64::from(meal.min_duration_min) * super::timeline::MIN;
    let fits = |a: i64, b: i64| b.min(to) - a.max(from) >= need;
    let between = r.seats.windows(2).any(|w| {
        let s = &ctx.seats[w[1]];
        fits(ctx.seats[w[0]].end + s.travel, s.start)
    });
    let (leave, home) = (first.start - first.travel, last.end + r.return_travel);
    let around = working_windows(ctx.monday, carer)
        .into_iter()
        .filter(|a| a.0 == r.date)
        .any(|(_, a0, a1)| fits(a0, a1.min(leave)) || fits(a0.max(home), a1));
    if between || around {
        return None;
    }
    let message = format!(
        "no idle gap of {} min between {} and {} for a meal break",
        meal.min_duration_min,
        show(from),
        show(to)
    );
    Some(Violation::new("meal_break_missed", 1, Unit::Days, message).carer(&carer.id).date(r.date))
}
