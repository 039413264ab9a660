//! Closing a round's waits. A round's planned starts are each as near the target as the round
//! allows ([`Route::plan`]), so a carer who finishes a visit early waits at the next client's
//! door. Starting the visits before a wait later closes it: the idle time moves to before the
//! round's first leg, where it is not waiting. Each minute a visit moves costs
//! `deviation_minute` and each minute of waiting closed saves `waiting_minute`, so this pays
//! only where waiting is the dearer; then [`close`] tries it and keeps it if it costs less.

use super::instance::Instance;
use super::meal::{self, Price};
use super::route::{latest_start, Pins, Route};
use crate::time::Ticks;

/// Close the waits of `route` at its planned starts `starts` where that pays: from the round's
/// last visit back to its first, start each visit as late as the next one allows (its start,
/// less the visit and the travel), but no later than its latest start, its start window and its
/// due time (a visit already late stays put), inside the carer's availability; pinned visits,
/// the last visit, and the wait that holds the carer's meal break ([`meal::in_wait`]) with the
/// visits before it stay where they are (the carer may take a longer break in that wait, which
/// UHHC counts as not idle). The result replaces `starts` if it adds no lateness or overrun,
/// keeps the meal break, and costs less in deviation, waiting and moved visits. O(visits).
pub fn close(inst: &Instance, route: &Route, pin: &(impl Pins + ?Sized), starts: &mut [Ticks]) {
    let w = &inst.weights;
    let n = route.visits.len();
    if w.waiting_minute <= w.deviation_minute || n < 2 {
        return;
    }
    let k = route.carer;
    let avail = &inst.carers[k].availability[route.day];
    // The wait that holds the meal break stays whole: the carer may take a longer break there.
    let held = meal::in_wait(inst, route, starts).unwrap_or(0);
    let mut later = starts.to_vec();
    for i in (held..n - 1).rev() {
        let (v, next) = (route.visits[i], route.visits[i + 1]);
        let vis = &inst.visits[v];
        if pin.at(v).is_some() {
            continue;
        }
        let s = starts[i];
        let mut y =
            (later[i + 1] - vis.duration - inst.travel(k, vis.place, inst.visits[next].place)).min(route.latest[i]);
        if let Some(due) = vis.due_at(s) {
            y = y.min(due.max(s));
        }
        if let Some(window) = vis.windows.iter().find(|w| w.earliest <= s && s <= w.latest) {
            y = y.min(window.latest);
        }
        if y <= s {
            continue;
        }
        let (pre, _) = route.commute(inst, i, n, vis.place);
        later[i] = latest_start(avail, vis, y, pre, pre + vis.duration).map_or(s, |t| t.max(s));
    }
    if later[..] == starts[..] {
        return;
    }
    let (old, new) = (Price::of(inst, route, starts), Price::of(inst, route, &later));
    let lost_meal = !meal::missed(inst, route, starts) && meal::missed(inst, route, &later);
    if new.keeps_to(&old) && !lost_meal && new.soft < old.soft {
        starts.copy_from_slice(&later);
    }
}
