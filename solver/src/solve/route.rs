//! One carer's round on one day, with the timing data that makes insertion checks O(1).
//!
//! For each visit in the round, `earliest[i]` is the earliest start reachable from the round's
//! beginning and `latest[i]` the latest start that still lets every later visit start in its
//! window. A round is feasible when `earliest[i] ≤ latest[i]` everywhere. Inserting visit `v`
//! between `i − 1` and `i` then needs only the neighbours' values (Vidal et al. 2013 use the same
//! forward/backward idea with time-warp; Rota's windows are hard, so no warp is carried):
//! `v` starts at the earliest fitting time after `earliest[i−1] + duration + travel`, and must
//! reach `i` by `latest[i]`.
//!
//! Availability may have gaps (split shifts). A visit must lie inside one availability window
//! of the day; [`fit_earliest`] and [`fit_latest`] place it. Because any later arrival only
//! delays, "arrive by `latest[i]`" is exact even with gaps.

use super::instance::{Instance, Visit};
use super::rest::Span;
use crate::time::Ticks;

/// Far in the past or future.
pub const NEVER: Ticks = Ticks::MAX / 4;

/// The earliest `s ≥ x` with `[s, s + d]` inside one window, if any.
#[inline]
pub fn fit_earliest(windows: &[(Ticks, Ticks)], x: Ticks, d: Ticks) -> Option<Ticks> {
    windows.iter().find_map(|&(a, b)| {
        let s = x.max(a);
        (s + d <= b).then_some(s)
    })
}

/// The latest `s ≤ y` with `[s, s + d]` inside one window, if any.
#[inline]
pub fn fit_latest(windows: &[(Ticks, Ticks)], y: Ticks, d: Ticks) -> Option<Ticks> {
    windows.iter().rev().find_map(|&(a, b)| {
        let s = y.min(b - d);
        (s >= a).then_some(s)
    })
}

/// Whether `[s, s + d]` lies inside one window.
#[inline]
pub fn fits(windows: &[(Ticks, Ticks)], s: Ticks, d: Ticks) -> bool {
    windows.iter().any(|&(a, b)| s >= a && s + d <= b)
}

/// The earliest start `s ≥ x` of `vis` inside one of its start windows ([`Visit::windows`])
/// with `[s − pre, s − pre + block]` inside one availability window, if any. For a visit with one
/// window this is [`fit_earliest`] (the caller keeps the start in `[earliest, latest]`).
#[inline]
pub fn earliest_start(avail: &[(Ticks, Ticks)], vis: &Visit, x: Ticks, pre: Ticks, block: Ticks) -> Option<Ticks> {
    let s = fit_earliest(avail, vis.snap_up(x) - pre, block)? + pre;
    if vis.windows.is_empty() || vis.in_windows(s) {
        return Some(s);
    }
    // Availability moved the start past a start window: try the next window, and so on. Each
    // turn moves to a later start window, so it ends.
    let mut s = s;
    loop {
        let t = fit_earliest(avail, vis.snap_up(s) - pre, block)? + pre;
        if vis.in_windows(t) {
            return Some(t);
        }
        s = t;
    }
}

/// The latest start `s ≤ y` of `vis` inside one of its start windows with `[s − pre, s − pre +
/// block]` inside one availability window, if any: [`earliest_start`] the other way.
#[inline]
pub fn latest_start(avail: &[(Ticks, Ticks)], vis: &Visit, y: Ticks, pre: Ticks, block: Ticks) -> Option<Ticks> {
    let mut s = fit_latest(avail, vis.snap_down(y) - pre, block)? + pre;
    while !vis.in_windows(s) {
        s = fit_latest(avail, vis.snap_down(s) - pre, block)? + pre;
    }
    Some(s)
}

/// Where a round reads the fixed starts of pinned visits.
pub trait Pins {
    /// The fixed start of visit `v`, if it has one.
    fn at(&self, v: usize) -> Option<Ticks>;
}

impl Pins for [Option<Ticks>] {
    #[inline]
    fn at(&self, v: usize) -> Option<Ticks> {
        self[v]
    }
}

impl Pins for Vec<Option<Ticks>> {
    #[inline]
    fn at(&self, v: usize) -> Option<Ticks> {
        self[v]
    }
}

/// The solution's fixed starts with one more: a pinned visit tried at a start, without copying
/// the solution's list.
pub struct WithPin<'a> {
    /// The solution's fixed starts.
    pub pins: &'a [Option<Ticks>],
    /// The visit tried.
    pub visit: usize,
    /// Its start.
    pub start: Ticks,
}

impl Pins for WithPin<'_> {
    #[inline]
    fn at(&self, v: usize) -> Option<Ticks> {
        if v == self.visit {
            Some(self.start)
        } else {
            self.pins[v]
        }
    }
}

/// A carer's round on one day.
#[derive(Debug, Default)]
pub struct Route {
    /// Carer index.
    pub carer: usize,
    /// Day index.
    pub day: usize,
    /// Visits in order.
    pub visits: Vec<usize>,
    /// Earliest feasible start of each visit.
    pub earliest: Vec<Ticks>,
    /// Latest feasible start of each visit.
    pub latest: Vec<Ticks>,
    /// For each pinned visit, how much later it could start as far as this round is concerned
    /// (its window, availability and the visits after it); 0 for the others.
    pub room: Vec<Ticks>,
    /// Working minutes: durations plus travel between visits (commute excluded).
    pub work: Ticks,
    /// Travel minutes including the commute from the start and back to the end place.
    pub travel: Ticks,
    /// Idle minutes between visits inside the carer's availability, at the planned starts.
    pub waiting: Ticks,
    /// Sum of |planned start − target| over the round's visits.
    pub deviation: Ticks,
    /// Sum of lateness past `due` over the round's visits.
    pub tardiness: Ticks,
    /// The largest lateness past `due` in the round.
    pub max_tardiness: Ticks,
    /// In a re-plan: the round's visits more than the tolerance from their start before.
    pub moved: u32,
    /// In a re-plan: the round's visits differ from the carer's visits that day before.
    pub changed: bool,
    /// The round misses its carer's meal break at its planned starts ([`super::meal`]).
    pub meal_missed: bool,
    /// Minutes the working day finishes after the carer's availability, at the planned starts
    /// (`Carer::overrun_min`).
    pub overrun: Ticks,
    /// The day's idle time (`objective.max_idle_minute`): the availability less the visits, the
    /// travel between them, the commute with `commute_on_shift` and a meal break taken, plus the
    /// overrun; the whole availability for an empty round.
    pub idle: Ticks,
    /// Total demand of the round's visits.
    pub load: u32,
    /// Planned start of each visit (see [`Route::schedule`]).
    pub planned: Vec<Ticks>,
    /// When and where the round begins and ends at its planned starts (none when empty), for
    /// the rules across a carer's rounds ([`super::rest`]).
    pub span: Option<Span>,
}

/// Where and when a visit would go in a round, and what it changes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Insertion {
    /// Position in the round (the visit goes before the visit now at this position).
    pub pos: usize,
    /// Earliest start it would have.
    pub start: Ticks,
    /// Change in travel minutes (commute included).
    pub travel_delta: Ticks,
    /// Change in working minutes.
    pub work_delta: Ticks,
}

impl Clone for Route {
    fn clone(&self) -> Route {
        let mut r = Route::default();
        r.clone_from(self);
        r
    }

    /// Copy `source` into this round's own buffers: the search copies a whole rota every
    /// iteration, and reusing the buffers spares an allocation per round.
    fn clone_from(&mut self, source: &Route) {
        self.carer = source.carer;
        self.day = source.day;
        self.visits.clone_from(&source.visits);
        self.earliest.clone_from(&source.earliest);
        self.latest.clone_from(&source.latest);
        self.room.clone_from(&source.room);
        self.work = source.work;
        self.travel = source.travel;
        self.waiting = source.waiting;
        self.deviation = source.deviation;
        self.tardiness = source.tardiness;
        self.max_tardiness = source.max_tardiness;
        self.moved = source.moved;
        self.changed = source.changed;
        self.meal_missed = source.meal_missed;
        self.overrun = source.overrun;
        self.idle = source.idle;
        self.load = source.load;
        self.planned.clone_from(&source.planned);
        self.span = source.span;
    }
}

impl Route {
    /// An empty round.
    pub fn new(carer: usize, day: usize) -> Route {
        Route { carer, day, ..Default::default() }
    }

    /// Recompute timing after a change. `pin[v]` holds fixed starts. Returns false if the round
    /// is infeasible (which the search never lets happen).
    pub fn update(&mut self, inst: &Instance, pin: &(impl Pins + ?Sized)) -> bool {
        let k = self.carer;
        let carer = &inst.carers[k];
        let avail = &carer.availability[self.day];
        let n = self.visits.len();
        self.earliest.resize(n, 0);
        self.latest.resize(n, 0);
        self.room.clear();
        self.room.resize(n, 0);
        let mut ok = true;
        let mut prev: Option<(usize, Ticks)> = None; // (place, end)
        let (mut work, mut travel) = (0, 0);
        let mut place = carer.start;
        for i in 0..n {
            let v = self.visits[i];
            let vis = &inst.visits[v];
            let (e, _) = inst.window(v, k);
            let t = inst.travel(k, place, vis.place);
            travel += t;
            work += vis.duration;
            let x = match prev {
                Some((_, end)) => {
                    work += t;
                    e.max(end + t)
                }
                None => e,
            };
            let (pre, post) = self.commute(inst, i, n, vis.place);
            let s = match pin.at(v) {
                Some(p) => {
                    ok &= x <= p && fits(avail, p - pre, pre + vis.duration + post) && vis.in_windows(p);
                    p
                }
                None => earliest_start(avail, vis, x, pre, pre + vis.duration + post).unwrap_or_else(|| {
                    ok = false;
                    NEVER
                }),
            };
            self.earliest[i] = s;
            prev = Some((vis.place, s + vis.duration));
            place = vis.place;
        }
        if n > 0 {
            travel += inst.travel(k, place, carer.end);
        }
        let mut next: Option<(usize, Ticks)> = None; // (place, latest start)
        for i in (0..n).rev() {
            let v = self.visits[i];
            let vis = &inst.visits[v];
            let (_, l) = inst.window(v, k);
            let y = match next {
                Some((np, nl)) => l.min(nl - inst.travel(k, vis.place, np) - vis.duration),
                None => l,
            };
            let (pre, post) = self.commute(inst, i, n, vis.place);
            let free = latest_start(avail, vis, y, pre, pre + vis.duration + post).unwrap_or(-NEVER);
            let s = match pin.at(v) {
                Some(p) => {
                    ok &= p <= y;
                    self.room[i] = (free - p).max(0);
                    p
                }
                None => free,
            };
            self.latest[i] = s;
            ok &= self.earliest[i] <= s;
            next = Some((vis.place, s));
        }
        self.work = work;
        self.travel = travel;
        self.load = self.visits.iter().map(|&v| inst.visits[v].demand).sum();
        if ok {
            self.measure(inst, pin);
        }
        ok
    }

    /// Travel that must fit inside availability just before and just after the visit at `place`,
    /// were it at position `i` of a round of `n`: the commute from the start place when first and
    /// back to the end place when last, for a carer with `commute_on_shift`; otherwise none.
    #[inline]
    pub(super) fn commute(&self, inst: &Instance, i: usize, n: usize, place: usize) -> (Ticks, Ticks) {
        let carer = &inst.carers[self.carer];
        if !carer.commute_on_shift {
            return (0, 0);
        }
        let pre = if i == 0 { inst.travel(self.carer, carer.start, place) } else { 0 };
        let post = if i + 1 == n { inst.travel(self.carer, place, carer.end) } else { 0 };
        (pre, post)
    }

    /// Waiting and deviation at the planned starts (see [`Route::schedule`]).
    fn measure(&mut self, inst: &Instance, pin: &(impl Pins + ?Sized)) {
        let mut starts = std::mem::take(&mut self.planned);
        self.schedule_into(inst, pin, &mut starts);
        let k = self.carer;
        let (mut deviation, mut tardiness, mut max_tardiness) = (0, 0, 0);
        let (mut moved, mut kept) = (0, 0);
        for (i, &v) in self.visits.iter().enumerate() {
            let vis = &inst.visits[v];
            if let Some(before) = &vis.before {
                moved += before.start.is_some_and(|b| (starts[i] - b).abs() > inst.move_tolerance) as u32;
                kept += (before.day == self.day && before.carers.binary_search(&k).is_ok()) as u32;
            }
            deviation += (starts[i] - vis.target).abs();
            if let Some(due) = vis.due_at(starts[i]) {
                let late = (starts[i] - due).max(0);
                tardiness += late;
                max_tardiness = late.max(max_tardiness);
            }
        }
        self.waiting = self.waiting_at(inst, &starts);
        self.deviation = deviation;
        self.moved = moved;
        self.changed = inst.day_before.get(k * inst.days + self.day).is_some_and(|&had| {
            let n = self.visits.len() as u32;
            kept != n || n != had
        });
        self.tardiness = tardiness;
        self.max_tardiness = max_tardiness;
        self.meal_missed = inst.carers[k].meal_break.is_some() && super::meal::missed(inst, self, &starts);
        (self.overrun, self.idle) = self.shift_use(inst, &starts);
        self.span = match (self.visits.first(), self.visits.last()) {
            (Some(&a), Some(&b)) => Some(Span {
                start: starts[0],
                end: starts[starts.len() - 1] + inst.visits[b].duration,
                first: inst.visits[a].place,
                last: inst.visits[b].place,
            }),
            _ => None,
        };
        self.planned = starts;
    }

    /// Idle minutes between visits inside the carer's availability at the starts `starts` (the
    /// gap of a split shift is the carer's own time), less a meal break taken in a wait
    /// ([`super::meal::in_wait`]): its least length, or the wait on shift if that is shorter.
    pub(super) fn waiting_at(&self, inst: &Instance, starts: &[Ticks]) -> Ticks {
        let k = self.carer;
        let avail = &inst.carers[k].availability[self.day];
        let meal = super::meal::in_wait(inst, self, starts);
        let need = inst.carers[k].meal_break.map_or(0, |m| m.2);
        let mut waiting = 0;
        for i in 1..self.visits.len() {
            let (a, b) = (&inst.visits[self.visits[i - 1]], &inst.visits[self.visits[i]]);
            let (from, to) = (starts[i - 1] + a.duration + inst.travel(k, a.place, b.place), starts[i]);
            let wait = avail.iter().map(|&(x, y)| (to.min(y) - from.max(x)).max(0)).sum::<Ticks>();
            waiting += if meal == Some(i) { wait - wait.min(need) } else { wait };
        }
        waiting
    }

    /// Minutes the round's day finishes after the carer's availability at the starts `starts`
    /// (see [`Route::overrun`]); 0 for an empty round.
    pub(super) fn overrun_at(&self, inst: &Instance, starts: &[Ticks]) -> Ticks {
        let k = self.carer;
        let carer = &inst.carers[k];
        let (Some((_, end)), Some(&last)) = (inst.paid_day(k, self.day), self.visits.last()) else { return 0 };
        let place = inst.visits[last].place;
        let back = if carer.commute_on_shift { inst.travel(k, place, carer.end) } else { 0 };
        (starts[starts.len() - 1] + inst.visits[last].duration + back - end).max(0)
    }

    /// The round's (overrun, idle time) at the planned starts `starts`: see [`Route::overrun`]
    /// and [`Route::idle`].
    fn shift_use(&self, inst: &Instance, starts: &[Ticks]) -> (Ticks, Ticks) {
        let k = self.carer;
        let carer = &inst.carers[k];
        let Some((paid, _)) = inst.paid_day(k, self.day) else { return (0, 0) };
        let (Some(&first), Some(&last)) = (self.visits.first(), self.visits.last()) else { return (0, paid) };
        let (out, back) = if carer.commute_on_shift {
            (inst.travel(k, carer.start, inst.visits[first].place), inst.travel(k, inst.visits[last].place, carer.end))
        } else {
            (0, 0)
        };
        let overrun = self.overrun_at(inst, starts);
        let meal = match carer.meal_break {
            Some((_, _, least)) if !self.meal_missed => least,
            _ => 0,
        };
        (overrun, (paid - self.work - out - back - meal + overrun).max(0))
    }

    /// What inserting a visit that ends at `end` at `place`, before the visit now at `pos`, does
    /// to the visits after it: (the added lateness past `due`, the largest lateness among the
    /// visits it delays, how much later the round's last visit starts). Each later visit starts
    /// at its planned start or when the carer can get there, whichever is later; the push stops
    /// at the first visit it does not delay, or at a pinned one (which the insertion check keeps
    /// in place). O(visits delayed). An estimate for pricing insertions: the search's evaluation
    /// is exact.
    pub fn knock_on(
        &self,
        inst: &Instance,
        pin: &[Option<Ticks>],
        pos: usize,
        place: usize,
        end: Ticks,
    ) -> (Ticks, Ticks, Ticks) {
        let k = self.carer;
        let avail = &inst.carers[k].availability[self.day];
        let (mut prev_place, mut prev_end) = (place, end);
        let (mut added, mut worst, mut last_push) = (0, 0, 0);
        for j in pos..self.visits.len().min(self.planned.len()) {
            let u = self.visits[j];
            let vis = &inst.visits[u];
            let old = self.planned[j];
            let arrival = prev_end + inst.travel(k, prev_place, vis.place);
            if pin[u].is_some() || arrival <= old {
                break;
            }
            let new = earliest_start(avail, vis, arrival, 0, vis.duration).unwrap_or(arrival);
            if let Some(due) = vis.due_at(new) {
                let late = (new - due).max(0);
                added += late - vis.due_at(old).map_or(0, |d| (old - d).max(0));
                worst = worst.max(late);
            }
            prev_place = vis.place;
            prev_end = new + vis.duration;
            if j + 1 == self.visits.len() {
                last_push = new - old;
            }
        }
        (added, worst, last_push)
    }

    /// The start `v` would have at `pos`: `fixed` if the window, the arrival from the visit
    /// before and availability allow it, else as early as they allow; `None` if none (or the
    /// round's capacity is full). With `replacing`, `v` takes the place of the visit at `pos`
    /// instead of going before it. The visits after are the caller's.
    #[inline]
    fn start_at(&self, inst: &Instance, v: usize, pos: usize, fixed: Option<Ticks>, replacing: bool) -> Option<Ticks> {
        let k = self.carer;
        let carer = &inst.carers[k];
        let vis = &inst.visits[v];
        let (load, n) = if replacing {
            (self.load - inst.visits[self.visits[pos]].demand, self.visits.len())
        } else {
            (self.load, self.visits.len() + 1)
        };
        if carer.capacity.is_some_and(|c| load + vis.demand > c) {
            return None;
        }
        let (e, l) = inst.window(v, k);
        let avail = &carer.availability[self.day];
        let arrival = if pos > 0 {
            let pv = &inst.visits[self.visits[pos - 1]];
            self.earliest[pos - 1] + pv.duration + inst.travel(k, pv.place, vis.place)
        } else {
            -NEVER
        };
        let (pre, post) = self.commute(inst, pos, n, vis.place);
        let block = pre + vis.duration + post;
        match fixed {
            Some(s) => {
                (s >= e && s <= l && s >= arrival && fits(avail, s - pre, block) && vis.in_windows(s)).then_some(s)
            }
            None => earliest_start(avail, vis, e.max(arrival), pre, block).filter(|&s| s <= l),
        }
    }

    /// Whether visit `v`, starting at `s`, still lets the visit at `next` (if any) start by its
    /// latest start.
    #[inline]
    fn reaches(&self, inst: &Instance, v: usize, s: Ticks, next: usize) -> bool {
        let vis = &inst.visits[v];
        next >= self.visits.len()
            || s + vis.duration + inst.travel(self.carer, vis.place, inst.visits[self.visits[next]].place)
                <= self.latest[next]
    }

    /// Check inserting visit `v` at `pos`, at a fixed start `fixed` or as early as it fits.
    /// Returns the insertion if the round stays feasible (working-time limits are the caller's).
    #[inline]
    pub fn try_insert(&self, inst: &Instance, v: usize, pos: usize, fixed: Option<Ticks>) -> Option<Insertion> {
        super::work::add(1);
        let s = self.start_at(inst, v, pos, fixed, false)?;
        if !self.reaches(inst, v, s, pos) {
            return None;
        }
        let (travel_delta, work_delta) = self.deltas(inst, v, pos);
        Some(Insertion { pos, start: s, travel_delta, work_delta })
    }

    /// Check putting visit `v` at position `i` in place of the visit there, at a fixed start
    /// `fixed` or as early as it fits: its start, if the round's timing and capacity allow it
    /// (working-time limits are the caller's). O(1), like [`Route::try_insert`].
    pub fn try_replace(&self, inst: &Instance, v: usize, i: usize, fixed: Option<Ticks>) -> Option<Ticks> {
        super::work::add(1);
        let s = self.start_at(inst, v, i, fixed, true)?;
        self.reaches(inst, v, s, i + 1).then_some(s)
    }

    /// Change in travel (commute included) and in working minutes from inserting `v` at `pos`.
    #[inline]
    pub fn deltas(&self, inst: &Instance, v: usize, pos: usize) -> (Ticks, Ticks) {
        let k = self.carer;
        let carer = &inst.carers[k];
        let vis = &inst.visits[v];
        let prev_place = (pos > 0).then(|| inst.visits[self.visits[pos - 1]].place);
        let next_place = (pos < self.visits.len()).then(|| inst.visits[self.visits[pos]].place);
        let from = prev_place.unwrap_or(carer.start);
        let to = next_place.unwrap_or(carer.end);
        let travel_delta = if self.visits.is_empty() {
            inst.travel(k, carer.start, vis.place) + inst.travel(k, vis.place, carer.end)
        } else {
            inst.travel(k, from, vis.place) + inst.travel(k, vis.place, to) - inst.travel(k, from, to)
        };
        let work_delta = vis.duration
            + match (prev_place, next_place) {
                (Some(a), Some(b)) => {
                    inst.travel(k, a, vis.place) + inst.travel(k, vis.place, b) - inst.travel(k, a, b)
                }
                (Some(a), None) => inst.travel(k, a, vis.place),
                (None, Some(b)) => inst.travel(k, vis.place, b),
                (None, None) => 0,
            };
        (travel_delta, work_delta)
    }

    /// Whether the pinned visit at `i` could start at `s` instead of its pin, as far as this round
    /// is concerned: no later than its room allows, and inside the carer's availability (with the
    /// commute, for a carer with `commute_on_shift`).
    pub fn can_start_at(&self, inst: &Instance, i: usize, pin: Ticks, s: Ticks) -> bool {
        let vis = &inst.visits[self.visits[i]];
        let (pre, post) = self.commute(inst, i, self.visits.len(), vis.place);
        s >= pin
            && s <= pin + self.room[i]
            && fits(&inst.carers[self.carer].availability[self.day], s - pre, pre + vis.duration + post)
            && vis.in_windows(s)
    }

    /// Inserting unpinned visit `v` at `pos` where [`Route::try_insert`] fails because the
    /// visits after it cannot wait: push the round on to the first pinned visit after `pos`,
    /// and return the insertion with that visit's index (before the insertion) and the later
    /// start it would need. The caller decides whether the pinned visit can move (every round
    /// it is in, and its links); the visits between keep their windows here. `None` if the push
    /// breaks a window or availability before a pinned visit, or reaches none.
    pub fn try_insert_pushing(
        &self,
        inst: &Instance,
        pin: &[Option<Ticks>],
        v: usize,
        pos: usize,
    ) -> Option<(Insertion, usize, Ticks)> {
        super::work::add(1);
        if pos >= self.visits.len() {
            return None;
        }
        let start = self.start_at(inst, v, pos, None, false)?;
        let k = self.carer;
        let vis = &inst.visits[v];
        let avail = &inst.carers[k].availability[self.day];
        let n = self.visits.len() + 1;
        let (mut place, mut end) = (vis.place, start + vis.duration);
        for j in pos..self.visits.len() {
            let u = self.visits[j];
            let uv = &inst.visits[u];
            let at = end + inst.travel(k, place, uv.place);
            if let Some(p) = pin[u] {
                if at <= p {
                    return None; // no push needed here: the failure was elsewhere
                }
                let (travel_delta, work_delta) = self.deltas(inst, v, pos);
                return Some((Insertion { pos, start, travel_delta, work_delta }, j, at));
            }
            let (ue, ul) = inst.window(u, k);
            let (upre, upost) = self.commute(inst, j + 1, n, uv.place);
            let s = earliest_start(avail, uv, ue.max(at), upre, upre + uv.duration + upost)?;
            if s > ul {
                return None;
            }
            if s <= self.earliest[j] {
                return None; // the push stops before any pinned visit
            }
            place = uv.place;
            end = s + uv.duration;
        }
        None
    }

    /// The positions where a visit with start window `[e, l]` and duration `d` could go: after
    /// every visit whose latest start is too early to follow it, and before every visit whose
    /// earliest start is past `l`. Both arrays are non-decreasing along the round.
    #[inline]
    pub fn candidate_positions(&self, e: Ticks, l: Ticks, d: Ticks) -> std::ops::Range<usize> {
        let lo = self.latest.partition_point(|&x| x < e + d);
        let hi = self.earliest.partition_point(|&x| x <= l);
        lo..(hi + 1).max(lo)
    }

    /// The planned start of every visit: each as near its target as the round allows, in order.
    pub fn schedule(&self, inst: &Instance, pin: &(impl Pins + ?Sized)) -> Vec<Ticks> {
        let mut out = Vec::with_capacity(self.visits.len());
        self.schedule_into(inst, pin, &mut out);
        out
    }

    /// [`Route::schedule`] into `out`'s buffer: each start as near its target as the round
    /// allows; then, if that leaves the carer no meal break, the cheapest plan that makes room
    /// for one, if any pays ([`super::meal::make_room`]); then the round's waits closed, where
    /// that pays ([`super::waits::close`]).
    fn schedule_into(&self, inst: &Instance, pin: &(impl Pins + ?Sized), out: &mut Vec<Ticks>) {
        self.plan(inst, pin, None, out);
        if inst.carers[self.carer].meal_break.is_some() && super::meal::missed(inst, self, out) {
            super::meal::make_room(inst, self, pin, out);
        }
        super::waits::close(inst, self, pin, out);
    }

    /// Each visit's start as near its target as the round allows, in order, into `out`; with
    /// `floor = Some((g, t))`, visit `g` starts no earlier than `t` and the visits after it
    /// follow. False if that moves a visit past its latest start or a pinned one off its pin.
    pub(super) fn plan(
        &self,
        inst: &Instance,
        pin: &(impl Pins + ?Sized),
        floor: Option<(usize, Ticks)>,
        out: &mut Vec<Ticks>,
    ) -> bool {
        let k = self.carer;
        let avail = &inst.carers[k].availability[self.day];
        let n = self.visits.len();
        out.clear();
        let mut ok = true;
        let mut prev: Option<(usize, Ticks)> = None;
        for (i, &v) in self.visits.iter().enumerate() {
            let vis = &inst.visits[v];
            let reach = prev.map_or(-NEVER, |(pp, end)| end + inst.travel(k, pp, vis.place));
            let lo = match floor {
                Some((g, t)) if g == i => reach.max(t),
                _ => reach,
            };
            let s = match pin.at(v) {
                Some(p) => {
                    ok &= lo <= p;
                    p
                }
                None => {
                    let want = vis.target.clamp(self.earliest[i], self.latest[i].max(self.earliest[i]));
                    let x = want.max(lo);
                    let (pre, post) = self.commute(inst, i, n, vis.place);
                    let s = earliest_start(avail, vis, x, pre, pre + vis.duration + post).unwrap_or(x);
                    ok &= floor.is_none() || s <= self.latest[i];
                    s
                }
            };
            out.push(s);
            prev = Some((vis.place, s + vis.duration));
        }
        ok
    }

    /// Whether the round keeps the carer's break rule at its planned starts.
    pub fn keeps_break(&self, inst: &Instance, pin: &(impl Pins + ?Sized)) -> bool {
        let k = self.carer;
        let Some((after, brk)) = inst.carers[k].break_rule else { return true };
        if self.work <= after {
            return true;
        }
        let starts = self.schedule(inst, pin);
        self.visits.windows(2).zip(starts.windows(2)).any(|(vs, ss)| {
            let (a, b) = (&inst.visits[vs[0]], &inst.visits[vs[1]]);
            ss[1] - (ss[0] + a.duration) - inst.travel(k, a.place, b.place) >= brk
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_respects_split_shifts() {
        let w = [(420, 840), (990, 1320)];
        assert_eq!(fit_earliest(&w, 400, 30), Some(420));
        assert_eq!(fit_earliest(&w, 820, 30), Some(990));
        assert_eq!(fit_earliest(&w, 1300, 30), None);
        assert_eq!(fit_latest(&w, 900, 30), Some(810));
        assert_eq!(fit_latest(&w, 1400, 30), Some(1290));
        assert_eq!(fit_latest(&w, 400, 30), None);
        assert!(fits(&w, 810, 30) && !fits(&w, 811, 30));
    }
}
