//! The meal break of a carer's round ([`crate::model::Carer::meal_break`]): an idle gap of at
//! least the break's length between its earliest and latest times, where idle is a wait between
//! two visits after the travel, or available time before the round's first leg or after its
//! last. A round without one costs `meal_break_missed` in the full evaluation
//! ([`super::objective::evaluate`]) and in the local search's prices; insertions do not price it.
//!
//! A break taken in a wait is not waiting: in the first wait of the round that holds it, its
//! least length is not counted ([`in_wait`]). When the starts nearest the targets leave no
//! break, the round's schedule makes room for one ([`make_room`]): it starts a visit later, so
//! that the wait before it (or the time before the round's first leg) holds the break, where
//! that adds no lateness or overrun and costs less than the missed break.

use super::instance::Instance;
use super::route::{Pins, Route};
use crate::time::{as_minutes, Ticks, DAY};

/// A round's meal break that day: earliest start, latest end, least length (ticks of the week).
#[derive(Clone, Copy)]
struct Meal {
    from: Ticks,
    to: Ticks,
    need: Ticks,
}

impl Meal {
    /// The break of `route`'s carer on the round's day, if it has one and the round has visits.
    fn of(inst: &Instance, route: &Route) -> Option<Meal> {
        let (from, to, need) = inst.carers[route.carer].meal_break?;
        if route.visits.is_empty() {
            return None;
        }
        let base = route.day as Ticks * DAY;
        Some(Meal { from: base + from, to: base + to, need })
    }

    /// Whether idle time from `a` to `b` holds the break.
    fn fits(self, a: Ticks, b: Ticks) -> bool {
        b.min(self.to) - a.max(self.from) >= self.need
    }
}

/// When the carer is free before the wait before visit `i` (`i ≥ 1`) at `starts`: the end of
/// visit `i − 1` plus the travel to visit `i`.
fn ready(inst: &Instance, route: &Route, starts: &[Ticks], i: usize) -> Ticks {
    let (a, b) = (&inst.visits[route.visits[i - 1]], &inst.visits[route.visits[i]]);
    starts[i - 1] + a.duration + inst.travel(route.carer, a.place, b.place)
}

/// The position of the visit whose wait at `starts` holds the meal break, the first such, if
/// the carer has one and any wait between two visits holds it.
pub fn in_wait(inst: &Instance, route: &Route, starts: &[Ticks]) -> Option<usize> {
    let meal = Meal::of(inst, route)?;
    (1..route.visits.len()).find(|&i| meal.fits(ready(inst, route, starts, i), starts[i]))
}

/// Whether `route`, at its planned starts `starts`, misses its carer's meal break. A carer with
/// no meal break, or an empty round, never does.
pub fn missed(inst: &Instance, route: &Route, starts: &[Ticks]) -> bool {
    let Some(meal) = Meal::of(inst, route) else { return false };
    if in_wait(inst, route, starts).is_some() {
        return false;
    }
    let k = route.carer;
    let carer = &inst.carers[k];
    let (fv, lv) = (&inst.visits[route.visits[0]], &inst.visits[route.visits[route.visits.len() - 1]]);
    let leave = starts[0] - inst.travel(k, carer.start, fv.place);
    let home = starts[starts.len() - 1] + lv.duration + inst.travel(k, lv.place, carer.end);
    !carer.availability[route.day].iter().any(|&(a, b)| meal.fits(a, b.min(leave)) || meal.fits(a.max(home), b))
}

/// What moving a round's starts can change in its price: lateness and overrun (which room for
/// a break must not add to), and the weighted deviation, waiting and moved visits.
pub(super) struct Price {
    /// Total lateness past due times.
    pub lateness: Ticks,
    /// The largest lateness.
    pub worst: Ticks,
    /// Overrun past the carer's availability.
    pub overrun: Ticks,
    /// Weighted deviation, waiting and moved visits.
    pub soft: f64,
}

impl Price {
    /// The price of `route` at the starts `starts`.
    pub fn of(inst: &Instance, route: &Route, starts: &[Ticks]) -> Price {
        let w = &inst.weights;
        let (mut lateness, mut worst, mut deviation, mut moved) = (0, 0, 0, 0);
        for (&v, &s) in route.visits.iter().zip(starts) {
            let vis = &inst.visits[v];
            let late = vis.due_at(s).map_or(0, |due| (s - due).max(0));
            lateness += late;
            worst = worst.max(late);
            deviation += (s - vis.target).abs();
            moved += vis.before.as_ref().is_some_and(|b| b.start.is_some_and(|b| (s - b).abs() > inst.move_tolerance))
                as u32;
        }
        let soft = as_minutes(deviation) * w.deviation_minute
            + as_minutes(route.waiting_at(inst, starts)) * w.waiting_minute
            + f64::from(moved) * w.moved_visit;
        let overrun = route.overrun_at(inst, starts);
        Price { lateness, worst, overrun, soft }
    }

    /// Whether `self` adds no lateness and no overrun to `old`.
    pub fn keeps_to(&self, old: &Price) -> bool {
        self.lateness <= old.lateness && self.worst <= old.worst && self.overrun <= old.overrun
    }
}

/// Make room for the meal break in a round that misses it at `starts`, its starts nearest the
/// targets: for each wait between two visits that could hold the break were the visit after it
/// later, and for the time before the round's first leg, start that visit late enough and the
/// visits after it as soon as they can. Of the plans that keep every start inside its window and
/// pinned visits on their pins, hold the break, and add no lateness and no overrun, the one that
/// adds least deviation, waiting and moved visits replaces `starts` when that costs less than
/// the missed break. O(visits²), and only for a round that misses its break.
pub fn make_room(inst: &Instance, route: &Route, pin: &(impl Pins + ?Sized), starts: &mut Vec<Ticks>) {
    let Some(meal) = Meal::of(inst, route) else { return };
    let old = Price::of(inst, route, starts);
    let mut best: Option<(f64, Vec<Ticks>)> = None;
    let mut trial = Vec::with_capacity(starts.len());
    for (g, floor) in floors(inst, route, starts, meal) {
        if !route.plan(inst, pin, Some((g, floor)), &mut trial) || missed(inst, route, &trial) {
            continue;
        }
        let p = Price::of(inst, route, &trial);
        if !p.keeps_to(&old) {
            continue;
        }
        let extra = p.soft - old.soft;
        if extra < inst.weights.meal_break_missed && best.as_ref().is_none_or(|b| extra < b.0) {
            best = Some((extra, trial.clone()));
        }
    }
    if let Some((_, plan)) = best {
        *starts = plan;
    }
}

/// Where each plan [`make_room`] tries would start a visit, `(position, earliest start)`: the
/// first visit late enough for the break before the round's first leg (one per availability
/// window), and each later visit late enough for the break in the wait before it. Only those
/// that start the visit later than `starts` does.
fn floors<'a>(
    inst: &'a Instance,
    route: &'a Route,
    starts: &'a [Ticks],
    meal: Meal,
) -> impl Iterator<Item = (usize, Ticks)> + 'a {
    let k = route.carer;
    let carer = &inst.carers[k];
    let out = inst.travel(k, carer.start, inst.visits[route.visits[0]].place);
    // (position, when the break would end, travel between its end and the visit)
    let before = carer.availability[route.day].iter().map(move |&(a, _)| (0, a.max(meal.from) + meal.need, out));
    let between =
        (1..route.visits.len()).map(move |i| (i, ready(inst, route, starts, i).max(meal.from) + meal.need, 0));
    before
        .chain(between)
        .filter(move |&(g, done, travel)| done <= meal.to && done + travel > starts[g])
        .map(|(g, done, travel)| (g, done + travel))
}
