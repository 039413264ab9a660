//! The meal break of a carer's round ([`crate::model::Carer::meal_break`]): an idle gap of at
//! least the break's length between its earliest and latest times, where idle is a wait between
//! two visits after the travel, or available time before the round's first leg or after its
//! last. A round without one costs `meal_break_missed` in the full evaluation
//! ([`super::objective::evaluate`]) and in the local search's prices; insertions do not price it.

use super::instance::Instance;
use super::route::Route;
use crate::time::Ticks;

/// Whether `route`, at its planned starts `starts`, misses its carer's meal break. A carer with
/// no meal break, or an empty round, never does.
pub fn missed(inst: &Instance, route: &Route, starts: &[Ticks]) -> bool {
    let k = route.carer;
    let carer = &inst.carers[k];
    let (Some((from, to, need)), Some(&first), Some(&last)) =
        (carer.meal_break, route.visits.first(), route.visits.last())
    else {
        return false;
    };
    let base = route.day as Ticks * crate::time::DAY;
    let (from, to) = (base + from, base + to);
    let fits = |a: Ticks, b: Ticks| b.min(to) - a.max(from) >= need;
    let between = (1..route.visits.len()).any(|i| {
        let (a, b) = (&inst.visits[route.visits[i - 1]], &inst.visits[route.visits[i]]);
        fits(starts[i - 1] + a.duration + inst.travel(k, a.place, b.place), starts[i])
    });
    let (fv, lv) = (&inst.visits[first], &inst.visits[last]);
    let leave = starts[0] - inst.travel(k, carer.start, fv.place);
    let home = starts[starts.len() - 1] + lv.duration + inst.travel(k, lv.place, carer.end);
    let around = carer.availability[route.day].iter().any(|&(a, b)| fits(a, b.min(leave)) || fits(a.max(home), b));
    !(between || around)
}
