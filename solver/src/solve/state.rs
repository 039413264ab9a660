//! A solution under search: rounds, fixed starts, and the bookkeeping that keeps every hard rule
//! checkable in O(1) per candidate (continuity counts, weekly work).
//!
//! Every insertion goes through [`Solution::best_placement`], which applies the hard rules:
//! eligibility (skills, refusals, required preferences), windows and availability (the round's
//! timing), daily and weekly working time, the break rule, travel between rounds and rest
//! ([`super::rest`]), the continuity cap, links and call spacing. A multi-carer visit is placed
//! on all its seats at once, at one common start, and a later insertion may push that start later
//! in every round at once (`Solution::push`).

use super::instance::Instance;
use super::rest::{week_ok, Span};
use super::route::{Insertion, Pins, Route, WithPin};
use crate::time::{as_minutes, Ticks};

thread_local! {
    /// A round to try an insertion on, whose buffers every trial on this thread reuses.
    static TRIAL: std::cell::RefCell<Route> = std::cell::RefCell::new(Route::default());
}

/// A candidate placement of one seat.
#[derive(Clone, Copy, Debug)]
pub struct Seat {
    /// Carer.
    pub carer: usize,
    /// The timing check result.
    pub ins: Insertion,
    /// Estimated cost of this placement.
    pub cost: f64,
}

/// A pinned visit pushed later by a placement, and its new start.
pub type Shift = (usize, Ticks);

/// A full placement of a visit: one seat per carer, one common start if pinned.
#[derive(Clone, Debug)]
pub struct Placement {
    /// Seats.
    pub seats: Vec<Seat>,
    /// Fixed start for pinned visits.
    pub start: Option<Ticks>,
    /// A pinned visit the placement pushes later, with its new start: every seat of it moves
    /// together, in every round it is in (see `Solution::push`).
    pub shift: Option<Shift>,
    /// Estimated cost.
    pub cost: f64,
}

/// Why a visit could not be placed, by the first hard rule that blocked every candidate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Blockers {
    /// Some eligible carer was available on the day.
    pub available: bool,
    /// Some round could fit it in time.
    pub timing: bool,
    /// Working time blocked a timing-feasible candidate.
    pub working_time: bool,
    /// The continuity cap blocked a candidate.
    pub continuity: bool,
    /// Links or spacing left no start.
    pub links: bool,
    /// For multi-carer visits: at least one seat could be filled.
    pub some_seat: bool,
}

/// The carers of one visit's seats (at most three), stored inline so a solution clones without
/// allocating per visit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Crew {
    ids: [u32; 3],
    len: u8,
}

impl Crew {
    /// Add a carer.
    pub fn push(&mut self, k: usize) {
        self.ids[self.len as usize] = k as u32;
        self.len += 1;
    }

    /// The carers, in increasing order once the visit is placed.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.ids[..self.len as usize].iter().map(|&k| k as usize)
    }

    /// The first carer.
    pub fn first(&self) -> Option<usize> {
        (self.len > 0).then_some(self.ids[0] as usize)
    }

    /// Number of seats filled.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether no seat is filled.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn sort(&mut self) {
        self.ids[..self.len as usize].sort_unstable();
    }
}

/// Count a seat gained or lost by carer `k` in a client's (carer, seats) list, dropping a carer
/// left with none; false if a lost seat was not there.
pub fn count_seat(carers: &mut Vec<(usize, u32)>, k: usize, gained: bool) -> bool {
    match carers.iter().position(|&(x, _)| x == k) {
        Some(p) if gained => carers[p].1 += 1,
        None if gained => carers.push((k, 1)),
        Some(p) => {
            carers[p].1 -= 1;
            if carers[p].1 == 0 {
                carers.swap_remove(p);
            }
        }
        None => return false,
    }
    true
}

/// The rounds a solution changed since its log was last cleared, each once: what the search
/// copies back and prices again instead of the whole rota ([`Solution::sync_from`],
/// [`super::objective::reevaluate`]).
#[derive(Clone, Debug, Default)]
pub struct Touched {
    rounds: Vec<usize>,
    marked: Vec<bool>,
}

impl Touched {
    /// Note that round `r` changed.
    #[inline]
    pub fn add(&mut self, r: usize) {
        if self.marked.len() <= r {
            self.marked.resize(r + 1, false);
        }
        if !self.marked[r] {
            self.marked[r] = true;
            self.rounds.push(r);
        }
    }

    /// The rounds changed, in the order first changed.
    pub fn rounds(&self) -> &[usize] {
        &self.rounds
    }

    /// Forget every round.
    pub fn clear(&mut self) {
        for &r in &self.rounds {
            self.marked[r] = false;
        }
        self.rounds.clear();
    }
}

/// The search state.
#[derive(Debug)]
pub struct Solution {
    /// Rounds, indexed `carer * days + day`.
    pub routes: Vec<Route>,
    /// Carers assigned to each visit (empty: unassigned).
    pub assigned: Vec<Crew>,
    /// Fixed start of each placed pinned visit.
    pub pin: Vec<Option<Ticks>>,
    /// Per client: (carer, seats) for each carer who visits.
    pub client_carers: Vec<Vec<(usize, u32)>>,
    /// Working minutes per carer over the week.
    pub week_work: Vec<Ticks>,
    /// The rounds changed since the log was last cleared (by [`Solution::apply`],
    /// [`Solution::remove`] and the local search's moves).
    pub touched: Touched,
    /// Whether insertions price the largest idle time (`objective.max_idle_minute`). The
    /// construction leaves it out ([`super::recreate::construct_from`]).
    pub idle_priced: bool,
}

impl Clone for Solution {
    fn clone(&self) -> Solution {
        Solution {
            routes: self.routes.clone(),
            assigned: self.assigned.clone(),
            pin: self.pin.clone(),
            client_carers: self.client_carers.clone(),
            week_work: self.week_work.clone(),
            touched: self.touched.clone(),
            idle_priced: self.idle_priced,
        }
    }

    /// Copy `source` into this solution's own buffers, round by round and client by client,
    /// without allocating once the buffers are large enough (see [`Route`]'s `clone_from`).
    fn clone_from(&mut self, source: &Solution) {
        self.routes.clone_from(&source.routes);
        self.assigned.clone_from(&source.assigned);
        self.pin.clone_from(&source.pin);
        self.client_carers.clone_from(&source.client_carers);
        self.week_work.clone_from(&source.week_work);
        self.touched.clone_from(&source.touched);
        self.idle_priced = source.idle_priced;
    }
}

impl Solution {
    /// Everything unassigned.
    pub fn empty(inst: &Instance) -> Solution {
        let days = inst.days;
        Solution {
            routes: (0..inst.carers.len() * days)
                .map(|r| {
                    let mut route = Route::new(r / days, r % days);
                    route.changed = inst.day_before.get(r).is_some_and(|&had| had > 0);
                    route.idle = inst.paid_day(r / days, r % days).map_or(0, |p| p.0);
                    route
                })
                .collect(),
            assigned: vec![Crew::default(); inst.visits.len()],
            pin: vec![None; inst.visits.len()],
            client_carers: vec![Vec::new(); inst.clients.len()],
            week_work: vec![0; inst.carers.len()],
            touched: Touched::default(),
            idle_priced: true,
        }
    }

    /// Make this solution equal to `source` again where the two differ only in `rounds` (the
    /// rounds either changed since they were last equal): copies those rounds and what hangs on
    /// them (the crews and fixed starts of the visits in either version, those visits' clients'
    /// teams, the carers' weekly hours), in time proportional to the rounds, not the rota. The
    /// log is left as it was.
    pub fn sync_from(&mut self, inst: &Instance, source: &Solution, rounds: &[usize]) {
        for &r in rounds {
            let (mine, theirs) = (&self.routes[r].visits, &source.routes[r].visits);
            for &v in mine.iter().chain(theirs.iter()) {
                self.assigned[v] = source.assigned[v];
                self.pin[v] = source.pin[v];
                let c = inst.visits[v].client;
                self.client_carers[c].clone_from(&source.client_carers[c]);
            }
            self.routes[r].clone_from(&source.routes[r]);
            let k = source.routes[r].carer;
            self.week_work[k] = source.week_work[k];
        }
    }

    /// The round of carer `k` on day `d`.
    #[inline]
    pub fn route_index(inst: &Instance, k: usize, d: usize) -> usize {
        k * inst.days + d
    }

    /// Whether visit `v` is placed.
    #[inline]
    pub fn is_assigned(&self, v: usize) -> bool {
        !self.assigned[v].is_empty()
    }

    fn distinct(&self, c: usize) -> u32 {
        self.client_carers[c].len() as u32
    }

    fn visits_client(&self, c: usize, k: usize) -> bool {
        self.client_carers[c].iter().any(|&(x, _)| x == k)
    }

    /// The range of starts that links and spacing allow for `v`, and the starts spacing forbids.
    fn start_limits(&self, inst: &Instance, v: usize) -> (Ticks, Ticks, Vec<(Ticks, Ticks)>) {
        let vis = &inst.visits[v];
        let (mut lo, mut hi) = (vis.earliest, vis.latest);
        for &(b, min, max) in &vis.links {
            if let Some(sb) = self.pin[b] {
                // start(b) − start(v) ∈ [min, max]  ⇒  start(v) ∈ [sb − max, sb − min]
                lo = lo.max(max.map_or(lo, |m| sb - m));
                hi = hi.min(sb - min);
            }
        }
        let mut forbidden = Vec::new();
        if let Some(gap) = vis.spacing {
            for &o in &inst.clients[vis.client].visits {
                let ov = &inst.visits[o];
                if o == v || ov.day != vis.day || vis.links.iter().any(|l| l.0 == o) {
                    continue;
                }
                if let Some(so) = self.pin[o] {
                    forbidden.push((so - gap + 1, so + gap - 1));
                }
            }
            forbidden.sort_unstable();
        }
        (lo, hi, forbidden)
    }

    /// The first start `≥ s` outside every forbidden interval.
    fn skip_forbidden(mut s: Ticks, forbidden: &[(Ticks, Ticks)]) -> Ticks {
        for &(a, b) in forbidden {
            if s >= a && s <= b {
                s = b + 1;
            }
        }
        s
    }

    /// The first start `≥ s` of `vis` outside every forbidden interval and inside one of its
    /// start windows ([`super::instance::Visit::windows`]); past every window, far in the future.
    fn first_start(vis: &super::instance::Visit, s: Ticks, forbidden: &[(Ticks, Ticks)]) -> Ticks {
        let mut s = Self::skip_forbidden(s, forbidden);
        loop {
            let t = vis.snap_up(s);
            if t == s {
                return s;
            }
            s = Self::skip_forbidden(t, forbidden);
        }
    }

    /// The part of [`Solution::seat_cost`] that does not depend on where in the round the seat
    /// goes (continuity and preferences). The other parts (travel with the triangle inequality,
    /// overtime, deviation, overrun) are never negative, so this is a lower bound on the whole,
    /// once the most the seat can lower the largest idle time ([`Tops::idle_relief`]) is taken
    /// off, as the caller does.
    fn seat_lower_bound(&self, inst: &Instance, v: usize, k: usize) -> f64 {
        super::work::add(1);
        let vis = &inst.visits[v];
        let w = &inst.weights;
        let client = &inst.clients[vis.client];
        let mut bound = 0.0;
        if !self.visits_client(vis.client, k) {
            if let Some((target, _)) = client.caps {
                if self.distinct(vis.client) + 1 > target {
                    bound += w.continuity_over_target;
                }
            }
            bound += w.distinct_carer;
            if client.key_carer == Some(k) {
                bound -= w.key_carer_unused;
            }
            if inst.new_to_client(vis.client, k) {
                bound += w.new_carer_for_client;
            }
        }
        bound + super::objective::carer_terms(inst, v, k)
    }

    /// A span the round of `route` is sure to cover once `v` goes in with `ins`: the inserted
    /// visit's planned start is at most its latest start and its end at least its earliest end;
    /// another first visit starts no later than now, and another last visit ends no earlier than
    /// now (an insertion only tightens the latest starts of the visits before it and delays the
    /// ones after it). A week that breaks the rules with this span breaks them with the real one.
    /// None when no span is sure to be covered (a lone visit that may start anywhere in a window
    /// longer than itself).
    fn inner_span(inst: &Instance, route: &Route, v: usize, ins: &Insertion) -> Option<Span> {
        let vis = &inst.visits[v];
        let now = route.span.unwrap_or_default();
        let (start, first) = if ins.pos == 0 {
            (if vis.pinned { ins.start } else { inst.window(v, route.carer).1 }, vis.place)
        } else {
            (now.start, now.first)
        };
        let (end, last) =
            if ins.pos == route.visits.len() { (ins.start + vis.duration, vis.place) } else { (now.end, now.last) };
        (start <= end).then_some(Span { start, end, first, last })
    }

    /// A span the round of `route` is sure to keep within once `v` goes in with `ins` (and the
    /// pinned visit of `shift`, if any, moves later): its first visit starts no earlier than its
    /// earliest start, and its last visit ends no later than its latest end. Planned starts lie
    /// between the earliest and latest starts ([`Route::schedule`]).
    fn bound_span(inst: &Instance, route: &Route, v: usize, ins: &Insertion, shift: Option<Shift>) -> Span {
        let vis = &inst.visits[v];
        let n = route.visits.len();
        let place = |i: usize| inst.visits[route.visits[i]].place;
        let (start, first) = if ins.pos == 0 { (ins.start, vis.place) } else { (route.earliest[0], place(0)) };
        let (mut end, last) = if ins.pos == n {
            let latest = if vis.pinned { ins.start } else { inst.window(v, route.carer).1 };
            (latest + vis.duration, vis.place)
        } else {
            (route.latest[n - 1] + inst.visits[route.visits[n - 1]].duration, place(n - 1))
        };
        if let Some((q, s)) = shift {
            end = end.max(s + inst.visits[q].duration);
        }
        Span { start, end, first, last }
    }

    /// Whether the working-time rules that need the round as it would be hold when `v` goes into
    /// carer `k`'s round with `ins`: the break rule (simulated once the round passes its
    /// threshold) and the rules across rounds ([`super::rest`]): they hold if the week keeps them
    /// with a span the round is sure to keep within, fail if it breaks them with one the round is
    /// sure to cover, and otherwise are decided on the trial round's planned span. A placement
    /// that pushes a pinned visit (`shift`) passes only on the first.
    fn keeps_working_time(&self, inst: &Instance, v: usize, k: usize, ins: &Insertion, shift: Option<Shift>) -> bool {
        let vis = &inst.visits[v];
        let route = &self.routes[Self::route_index(inst, k, vis.day)];
        let needs_break = inst.carers[k].break_rule.is_some_and(|(after, _)| route.work + ins.work_delta > after);
        let bound = Self::bound_span(inst, route, v, ins, shift);
        let bound_ok = week_ok(inst, &self.routes, k, vis.day, Some(bound));
        if !needs_break && bound_ok {
            return true;
        }
        let breaks_for_sure =
            || Self::inner_span(inst, route, v, ins).is_some_and(|s| !week_ok(inst, &self.routes, k, vis.day, Some(s)));
        if shift.is_some() || !bound_ok && breaks_for_sure() {
            return false;
        }
        super::work::add(4 * (route.visits.len() as u64 + 1));
        let with = WithPin { pins: &self.pin, visit: v, start: ins.start };
        let pins: &dyn Pins = if vis.pinned { &with } else { &self.pin };
        TRIAL.with_borrow_mut(|trial| {
            trial.clone_from(route);
            trial.visits.insert(ins.pos, v);
            trial.update(inst, pins)
                && (!needs_break || trial.keeps_break(inst, pins))
                && (bound_ok || week_ok(inst, &self.routes, k, vis.day, trial.span))
        })
    }

    /// Cost estimate of giving one seat of `v` to carer `k` with `ins`, and whether the daily and
    /// weekly hours allow it (`None` if not). `worst` is the largest lateness past a due time in
    /// the rota now. The working-time rules that need a trial round
    /// ([`Solution::keeps_working_time`]) are left to the caller, who checks only a seat that
    /// would be chosen: the same seats win, and most are never tried.
    fn seat_cost(
        &self,
        inst: &Instance,
        v: usize,
        k: usize,
        ins: &Insertion,
        tops: &Tops,
        blk: &mut Blockers,
    ) -> Option<f64> {
        let vis = &inst.visits[v];
        let carer = &inst.carers[k];
        let w = &inst.weights;
        let r = Self::route_index(inst, k, vis.day);
        let route = &self.routes[r];
        if route.work + ins.work_delta > carer.max_day || self.week_work[k] + ins.work_delta > carer.max_week {
            blk.working_time = true;
            return None;
        }
        // Continuity and preferences (position-independent), then travel, overtime, deviation.
        let mut cost = self.seat_lower_bound(inst, v, k) + as_minutes(ins.travel_delta) * w.travel_minute;
        if let Some(contracted) = carer.contracted {
            let over_before = (self.week_work[k] - contracted).max(0);
            let over_after = (self.week_work[k] + ins.work_delta - contracted).max(0);
            cost += as_minutes(over_after - over_before) * w.overtime_minute;
        }
        // Deviation of this visit: as near its target as its slot allows.
        let latest_here = if ins.pos < route.visits.len() {
            let nx = route.visits[ins.pos];
            route.latest[ins.pos] - vis.duration - inst.travel(k, vis.place, inst.visits[nx].place)
        } else {
            vis.latest
        };
        let planned = if vis.pinned { ins.start } else { vis.target.clamp(ins.start, latest_here.max(ins.start)) };
        cost += as_minutes((planned - vis.target).abs()) * w.deviation_minute;
        // In a re-plan: moved from its start before, and a carer's day changed by it.
        if let Some(before) = &vis.before {
            if before.start.is_some_and(|b| (planned - b).abs() > inst.move_tolerance) {
                cost += w.moved_visit;
            }
        }
        // Asked only in a re-plan, so a plain solve's insertions pay for one test.
        if !inst.day_before.is_empty() && !route.changed {
            let was_here = vis.before.as_ref().is_some_and(|b| b.day == vis.day && b.carers.contains(&k));
            if !was_here {
                cost += w.changed_day;
            }
        }
        // Lateness past due times: this visit's own, what it pushes onto the round's later
        // visits, and any rise in the largest lateness of the rota (`worst`, before the move).
        let end_too = carer.overrun > 0 && ins.pos < route.visits.len();
        let (pushed, later, end_push) = if inst.prices_lateness || end_too {
            route.knock_on(inst, &self.pin, ins.pos, vis.place, planned + vis.duration)
        } else {
            (0, 0, 0)
        };
        if inst.prices_lateness {
            let own = vis.due_at(planned).map_or(0, |due| (planned - due).max(0));
            cost += as_minutes(own + pushed) * w.tardiness_minute;
            let top = own.max(later);
            cost += as_minutes((top - tops.worst).max(0)) * w.max_tardiness_minute;
        }
        if carer.overrun > 0 || tops.idle_weight > 0.0 {
            cost += self.shift_cost(inst, r, v, ins, planned, end_push, tops);
        }
        Some(cost)
    }

    /// What a seat of `v` in round `r` with `ins`, planned at `planned`, does to the round's
    /// overrun and to the largest idle time of the rota (an estimate, as for lateness: the
    /// round's last visit moves by `end_push` when the seat goes before it).
    #[allow(clippy::too_many_arguments)]
    fn shift_cost(
        &self,
        inst: &Instance,
        r: usize,
        v: usize,
        ins: &Insertion,
        planned: Ticks,
        end_push: Ticks,
        tops: &Tops,
    ) -> f64 {
        let route = &self.routes[r];
        let (k, vis, w) = (route.carer, &inst.visits[v], &inst.weights);
        let carer = &inst.carers[k];
        let Some((paid, end)) = inst.paid_day(k, vis.day) else { return 0.0 };
        let back = |place: usize| if carer.commute_on_shift { inst.travel(k, place, carer.end) } else { 0 };
        let finish = match (route.visits.last(), route.span) {
            (Some(&last), Some(span)) if ins.pos < route.visits.len() => {
                span.end + end_push + back(inst.visits[last].place)
            }
            _ => planned + vis.duration + back(vis.place),
        };
        let overrun = (finish - end).max(0);
        let mut cost = as_minutes(overrun - route.overrun) * w.overrun_minute;
        if tops.idle_weight > 0.0 {
            let busy = if carer.commute_on_shift { vis.duration + ins.travel_delta } else { ins.work_delta };
            let idle = if route.visits.is_empty() {
                paid - busy - carer.meal_break.map_or(0, |m| m.2) + overrun
            } else {
                route.idle - busy + overrun - route.overrun
            };
            let rest = tops.idle_without(route.idle);
            cost += as_minutes(idle.max(0).max(rest) - tops.idle_max) * tops.idle_weight;
        }
        cost
    }

    /// The best placement of `v` over all eligible carers (or only `only` if given), or why none
    /// exists. `append_only` restricts to the end of each round (the greedy baseline), and
    /// `pick` chooses among feasible seats (by default the cheapest).
    pub fn best_placement(
        &self,
        inst: &Instance,
        v: usize,
        append_only: bool,
        key: &dyn Fn(usize, &Seat) -> f64,
    ) -> Result<Placement, Blockers> {
        let vis = &inst.visits[v];
        let mut blk = Blockers::default();
        let (lo, hi, forbidden) = self.start_limits(inst, v);
        if lo > hi {
            blk.links = true;
            return Err(blk);
        }
        let cap = inst.clients[vis.client].caps.map(|c| c.1);
        let tops = Tops::of(inst, self);
        // Only the carers who can fit the visit in its window can take it (`Instance::fit`).
        let eligible = || inst.fit(v);
        // Positions worth trying in a round: those the round's timing allows, or only the end.
        let positions = |route: &Route| {
            if append_only {
                route.visits.len()..route.visits.len() + 1
            } else {
                route.candidate_positions(lo, hi, vis.duration)
            }
        };

        if !vis.pinned {
            let mut best: Option<(f64, Seat, Option<Shift>)> = None;
            // The client's own carers first: they usually give the cheapest seat, and then the
            // lower bound below lets most other carers be skipped without looking at their
            // rounds. The bound holds for any `key` at least the cost (the search's keys); the
            // greedy baseline ranks by distance instead, so it is not pruned.
            let prune = !append_only;
            let own: Vec<usize> =
                self.client_carers[vis.client].iter().map(|&(k, _)| k).filter(|&k| inst.can_fit(v, k)).collect();
            let order = own.iter().copied().chain(eligible().filter(|k| !own.contains(k)));
            for k in order {
                if vis.apart.iter().any(|&o| self.assigned[o].iter().any(|x| x == k)) {
                    blk.available = true;
                    continue;
                }
                if prune {
                    if let Some((b, _, _)) = &best {
                        let r = Self::route_index(inst, k, vis.day);
                        if self.seat_lower_bound(inst, v, k) - tops.idle_relief(self.routes[r].idle) >= *b {
                            blk.available = true;
                            blk.timing = true;
                            continue;
                        }
                    }
                }
                blk.available = true;
                if cap.is_some_and(|cap| !self.visits_client(vis.client, k) && self.distinct(vis.client) >= cap) {
                    blk.continuity = true;
                    continue;
                }
                let route = &self.routes[Self::route_index(inst, k, vis.day)];
                // The two places before the first one the round's timing allows can still work
                // by pushing a pinned visit later (`Solution::push`).
                let range = positions(route);
                let pushed =
                    if append_only || !inst.has_pinned { 0..0 } else { range.start.saturating_sub(2)..range.start };
                for pos in pushed.chain(range) {
                    let (ins, shift) = match route.try_insert(inst, v, pos, None) {
                        Some(ins) => (ins, None),
                        None if append_only || !inst.has_pinned => continue,
                        None => match self.push(inst, route, v, pos) {
                            Some((ins, q, s)) => (ins, Some((q, s))),
                            None => continue,
                        },
                    };
                    blk.timing = true;
                    let Some(cost) = self.seat_cost(inst, v, k, &ins, &tops, &mut blk) else { continue };
                    let seat = Seat { carer: k, ins, cost };
                    let score = key(k, &seat);
                    if best.as_ref().is_none_or(|(b, _, _)| score < *b) {
                        if !self.keeps_working_time(inst, v, k, &ins, shift) {
                            blk.working_time = true;
                            continue;
                        }
                        best = Some((score, seat, shift));
                    }
                }
            }
            return match best {
                Some((_, seat, shift)) => Ok(Placement { cost: seat.cost, seats: vec![seat], start: None, shift }),
                None => Err(blk),
            };
        }

        // Pinned visit: choose one start shared by every seat. Candidate starts: as near the
        // target as allowed, and each round's earliest possible start.
        let clamp = |s: Ticks| Self::first_start(vis, s.clamp(lo, hi), &forbidden);
        let mut starts = vec![clamp(vis.target)];
        for k in eligible() {
            let route = &self.routes[Self::route_index(inst, k, vis.day)];
            for pos in positions(route) {
                if let Some(ins) = route.try_insert(inst, v, pos, None) {
                    if ins.start > hi {
                        continue;
                    }
                    starts.push(clamp(ins.start.max(lo)));
                }
            }
        }
        // Unplaced partners in a timed pair (a gap with a minimum and a maximum): the start must
        // leave them a place too. Their rounds' earliest starts give more candidate starts, and
        // each start is scored with the partner's cheapest seat (look-ahead), so the pair is
        // placed where both fit rather than the first wherever it is cheapest alone.
        let partners: Vec<(usize, Ticks, Ticks)> = if append_only {
            Vec::new()
        } else {
            vis.links
                .iter()
                .filter_map(|&(b, min, max)| Some((b, min, max?)))
                .filter(|&(b, _, _)| !self.is_assigned(b))
                .collect()
        };
        let mut keep = 6;
        for &(b, min, max) in &partners {
            keep += 6;
            let bv = &inst.visits[b];
            for k in inst.fit(b) {
                let route = &self.routes[Self::route_index(inst, k, bv.day)];
                for pos in route.candidate_positions(bv.earliest, bv.latest, bv.duration) {
                    if let Some(ins) = route.try_insert(inst, b, pos, None) {
                        starts.push(clamp(ins.start - min));
                        starts.push(clamp(ins.start - max));
                    }
                }
            }
        }
        starts.retain(|&s| s >= lo && s <= hi);
        starts.sort_unstable_by_key(|&s| ((s - vis.target).abs(), s));
        starts.dedup();
        starts.truncate(keep);
        if starts.is_empty() {
            blk.links = true;
            return Err(blk);
        }
        let mut best: Option<(f64, Placement)> = None;
        for &s in &starts {
            let mut seats: Vec<(f64, Seat)> = Vec::new();
            for k in eligible() {
                blk.available = true;
                if vis.apart.iter().any(|&o| self.assigned[o].iter().any(|x| x == k)) {
                    continue;
                }
                let route = &self.routes[Self::route_index(inst, k, vis.day)];
                let mut best_k: Option<(f64, Seat)> = None;
                for pos in positions(route) {
                    let Some(ins) = route.try_insert(inst, v, pos, Some(s)) else { continue };
                    blk.timing = true;
                    let Some(cost) = self.seat_cost(inst, v, k, &ins, &tops, &mut blk) else { continue };
                    let seat = Seat { carer: k, ins, cost };
                    let score = key(k, &seat);
                    if best_k.as_ref().is_none_or(|(b, _)| score < *b) {
                        if !self.keeps_working_time(inst, v, k, &ins, None) {
                            blk.working_time = true;
                            continue;
                        }
                        best_k = Some((score, seat));
                    }
                }
                if let Some(x) = best_k {
                    seats.push(x);
                }
            }
            if !seats.is_empty() {
                blk.some_seat = true;
            }
            seats.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.carer.cmp(&b.1.carer)));
            // Take the cheapest seats, keeping the continuity cap over the whole visit.
            let mut chosen: Vec<Seat> = Vec::with_capacity(vis.seats);
            let mut new_carers = 0;
            for (_, seat) in seats {
                if chosen.len() == vis.seats {
                    break;
                }
                let is_new = !self.visits_client(vis.client, seat.carer);
                if is_new && cap.is_some_and(|cap| self.distinct(vis.client) + new_carers >= cap) {
                    blk.continuity = true;
                    continue;
                }
                new_carers += is_new as u32;
                chosen.push(seat);
            }
            if chosen.len() < vis.seats {
                continue;
            }
            let cost: f64 = chosen.iter().map(|s| s.cost).sum();
            let look: f64 = partners
                .iter()
                .map(|&(b, min, max)| {
                    let avoid: Vec<usize> =
                        if vis.apart.contains(&b) { chosen.iter().map(|c| c.carer).collect() } else { Vec::new() };
                    let bv = &inst.visits[b];
                    self.partner_cost(inst, b, s + min, s + max, &avoid, &tops)
                        .unwrap_or(bv.unassigned_cost * bv.seats as f64)
                })
                .sum();
            if best.as_ref().is_none_or(|(b, _)| cost + look < *b) {
                best = Some((cost + look, Placement { seats: chosen, start: Some(s), shift: None, cost }));
            }
        }
        best.map(|(_, p)| p).ok_or(blk)
    }

    /// Synchronised starts propagate across rounds: inserting unpinned `v` at `pos` of `route`
    /// where the visits after it cannot wait may push the next pinned visit (a double-up, a
    /// linked or a spaced call) later, if it can move in every round it is in, within its links
    /// and spacing. Returns the insertion, the pinned visit and its new start. One pinned visit
    /// moves at most, and the rounds after it absorb the move in their slack (`Route::room`);
    /// carers under a break rule never take part (the break check sees one round only). The
    /// pushed visit's other rounds must keep the rules across rounds on a bound of their span
    /// (their first visit starts no earlier than now; their last ends by its latest end, or the
    /// pushed visit's new end); the inserting round is checked with the seat
    /// ([`Solution::keeps_working_time`]).
    fn push(&self, inst: &Instance, route: &Route, v: usize, pos: usize) -> Option<(Insertion, usize, Ticks)> {
        if inst.carers[route.carer].break_rule.is_some() {
            return None;
        }
        let (ins, j, s) = route.try_insert_pushing(inst, &self.pin, v, pos)?;
        let q = route.visits[j];
        let pin = self.pin[q]?;
        let vis = &inst.visits[q];
        let (lo, hi, forbidden) = self.start_limits(inst, q);
        if s < lo || s > hi || Self::skip_forbidden(s, &forbidden) != s {
            return None;
        }
        let movable = self.assigned[q].iter().all(|k| {
            let r = &self.routes[Self::route_index(inst, k, vis.day)];
            let keeps_week = k == route.carer
                || r.span.is_some_and(|span| {
                    let last = inst.visits[r.visits[r.visits.len() - 1]].duration + r.latest[r.visits.len() - 1];
                    let bound = Span { end: last.max(s + vis.duration), ..span };
                    week_ok(inst, &self.routes, k, vis.day, Some(bound))
                });
            inst.carers[k].break_rule.is_none()
                && keeps_week
                && r.visits.iter().position(|&x| x == q).is_some_and(|i| r.can_start_at(inst, i, pin, s))
        });
        movable.then_some((ins, q, s))
    }

    /// The cheapest seat for unplaced visit `b` starting within `[lo, hi]` with a carer not in
    /// `avoid`, by [`Solution::seat_cost`], if any (the look-ahead of a timed pair).
    fn partner_cost(
        &self,
        inst: &Instance,
        b: usize,
        lo: Ticks,
        hi: Ticks,
        avoid: &[usize],
        tops: &Tops,
    ) -> Option<f64> {
        let bv = &inst.visits[b];
        let (blo, bhi, _) = self.start_limits(inst, b);
        let (lo, hi) = (lo.max(blo), hi.min(bhi));
        if lo > hi {
            return None;
        }
        let cap = inst.clients[bv.client].caps.map(|c| c.1);
        let mut blk = Blockers::default();
        let mut best: Option<f64> = None;
        for k in inst.fit(b).filter(|k| !avoid.contains(k)) {
            if bv.apart.iter().any(|&o| self.assigned[o].iter().any(|x| x == k)) {
                continue;
            }
            if cap.is_some_and(|cap| !self.visits_client(bv.client, k) && self.distinct(bv.client) >= cap) {
                continue;
            }
            let route = &self.routes[Self::route_index(inst, k, bv.day)];
            for pos in route.candidate_positions(lo, hi, bv.duration) {
                let Some(ins) = route.try_insert(inst, b, pos, None) else { continue };
                if ins.start > hi {
                    continue;
                }
                let ins = if ins.start < lo {
                    let Some(ins) = route.try_insert(inst, b, pos, Some(lo)) else { continue };
                    ins
                } else {
                    ins
                };
                let Some(cost) = self.seat_cost(inst, b, k, &ins, tops, &mut blk) else { continue };
                if best.is_none_or(|x| cost < x) && self.keeps_working_time(inst, b, k, &ins, None) {
                    best = Some(cost);
                }
            }
        }
        best
    }

    /// Apply a placement found by [`Solution::best_placement`] on this same state.
    pub fn apply(&mut self, inst: &Instance, v: usize, p: &Placement) {
        let vis = &inst.visits[v];
        self.pin[v] = p.start;
        if let Some((q, s)) = p.shift {
            self.pin[q] = Some(s);
        }
        for seat in &p.seats {
            let k = seat.carer;
            let r = Self::route_index(inst, k, vis.day);
            self.touched.add(r);
            let before = self.routes[r].work;
            self.routes[r].visits.insert(seat.ins.pos, v);
            let ok = self.routes[r].update(inst, &self.pin);
            debug_assert!(ok, "a checked insertion keeps the round feasible");
            debug_assert!(
                week_ok(inst, &self.routes, k, vis.day, self.routes[r].span),
                "a checked insertion keeps the rules across the carer's rounds"
            );
            self.week_work[k] += self.routes[r].work - before;
            self.assigned[v].push(k);
            count_seat(&mut self.client_carers[vis.client], k, true);
        }
        self.assigned[v].sort();
        // The pushed visit's other rounds take its new start.
        if let Some((q, _)) = p.shift {
            let day = inst.visits[q].day;
            for k in self.assigned[q].iter().collect::<Vec<_>>() {
                let r = Self::route_index(inst, k, day);
                self.touched.add(r);
                let before = self.routes[r].work;
                let ok = self.routes[r].update(inst, &self.pin);
                debug_assert!(ok, "a checked push keeps every round of the pushed visit feasible");
                self.week_work[k] += self.routes[r].work - before;
            }
        }
    }

    /// Keep every optional group whole ([`Instance::optional_groups`]): a group with a visit
    /// not fully placed is left out altogether. Returns the visits outside those groups that
    /// the removals had to unassign ([`Solution::remove`]), now unplaced.
    pub fn drop_split_groups(&mut self, inst: &Instance) -> Vec<usize> {
        let mut also = Vec::new();
        let mut changed = true;
        while changed {
            changed = false;
            for members in &inst.optional_groups {
                let whole = members.iter().all(|&v| self.assigned[v].len() == inst.visits[v].seats);
                if whole || members.iter().all(|&v| self.assigned[v].is_empty()) {
                    continue;
                }
                for &v in members {
                    if !self.assigned[v].is_empty() {
                        also.extend(self.remove(inst, v));
                    }
                }
                changed = true;
            }
        }
        also.retain(|&v| !self.is_assigned(v) && inst.visits[v].group.is_none());
        also.sort_unstable();
        also.dedup();
        also
    }

    /// Unassign every seat of `v`. Returns the other visits that had to be unassigned to keep
    /// the carers' rounds within the rules: where travel times break the triangle inequality, a
    /// round that became infeasible or went over the carer's hours; a break the removal closed;
    /// a round that moved past what the rules across rounds allow.
    pub fn remove(&mut self, inst: &Instance, v: usize) -> Vec<usize> {
        let vis = &inst.visits[v];
        let carers = std::mem::take(&mut self.assigned[v]);
        self.pin[v] = None;
        let mut broken = Vec::new();
        let mut touched = Vec::new();
        for k in carers.iter() {
            let r = Self::route_index(inst, k, vis.day);
            self.touched.add(r);
            touched.push((r, self.routes[r].span));
            let before = self.routes[r].work;
            self.routes[r].visits.retain(|&x| x != v);
            if !self.routes[r].update(inst, &self.pin) {
                broken.push(r);
            }
            self.week_work[k] += self.routes[r].work - before;
            count_seat(&mut self.client_carers[vis.client], k, false);
        }
        let mut also = Vec::new();
        for r in broken {
            while !self.routes[r].update(inst, &self.pin) {
                let route = &self.routes[r];
                let n = route.visits.len();
                if n == 0 {
                    break;
                }
                // A visit whose window closed; else a pinned first or last visit that no longer
                // leaves room for the commute (`commute_on_shift`) now that it is first or last.
                let i = (0..n)
                    .find(|&i| route.earliest[i] > route.latest[i])
                    .unwrap_or(if self.pin[route.visits[0]].is_some() { 0 } else { n - 1 });
                let x = route.visits[i];
                also.push(x);
                also.extend(self.remove(inst, x));
            }
        }
        // Where travel times break the triangle inequality, removing a visit can lengthen the
        // round's working time (the trip that replaces two is longer than both and the visit),
        // past the carer's daily or weekly hours. Lifting a round's last visit always shortens
        // it: lift them until both limits hold again.
        for &(r, _) in &touched {
            loop {
                let route = &self.routes[r];
                let carer = &inst.carers[route.carer];
                if route.work <= carer.max_day && self.week_work[route.carer] <= carer.max_week {
                    break;
                }
                let Some(&x) = route.visits.last() else { break };
                also.push(x);
                also.extend(self.remove(inst, x));
            }
        }
        // Removing a visit moves the planned starts of the rest of the round, which can close
        // the gap that served as its break. Keep the break rule: lift the round's last visits
        // until it holds again (insertions check it for themselves).
        for &(r, _) in &touched {
            loop {
                let route = &self.routes[r];
                if route.keeps_break(inst, &self.pin) {
                    break;
                }
                let Some(&x) = route.visits.last() else { break };
                also.push(x);
                also.extend(self.remove(inst, x));
            }
        }
        // It can also move the round's first visit earlier or its last later, past what the
        // rules across rounds allow ([`super::rest`]): lift the visit at the end that moved until
        // the carer's week keeps them again (an empty round always does).
        for (r, before) in touched {
            loop {
                let route = &self.routes[r];
                if week_ok(inst, &self.routes, route.carer, route.day, route.span) {
                    break;
                }
                let earlier = match (route.span, before) {
                    (Some(now), Some(was)) => now.start < was.start,
                    _ => false,
                };
                let Some(&x) = (if earlier { route.visits.first() } else { route.visits.last() }) else { break };
                also.push(x);
                also.extend(self.remove(inst, x));
            }
        }
        also
    }
}

/// What the rota's min–max terms stand at before a seat is priced: the largest lateness past a
/// due time, and the largest idle time of a round and the largest below it, for
/// `objective.max_idle_minute`.
pub(crate) struct Tops {
    worst: Ticks,
    idle_max: Ticks,
    idle_next: Ticks,
    /// `objective.max_idle_minute`, or 0 where idle time is not priced.
    idle_weight: f64,
}

impl Tops {
    fn of(inst: &Instance, sol: &Solution) -> Tops {
        let worst =
            if inst.prices_lateness { sol.routes.iter().map(|r| r.max_tardiness).max().unwrap_or(0) } else { 0 };
        let (mut idle_max, mut idle_next) = (0, 0);
        let idle_weight = if sol.idle_priced { inst.weights.max_idle_minute } else { 0.0 };
        if idle_weight > 0.0 {
            for route in &sol.routes {
                if route.idle > idle_max {
                    (idle_max, idle_next) = (route.idle, idle_max);
                } else if route.idle < idle_max && route.idle > idle_next {
                    idle_next = route.idle;
                }
            }
        }
        Tops { worst, idle_max, idle_next, idle_weight }
    }

    /// The largest idle time of the other rounds, seen from a round idle `idle`. A round tied
    /// for the largest is priced as if it alone were: several carers idle all day would
    /// otherwise each look worth nothing to fill, and only filling all of them pays.
    fn idle_without(&self, idle: Ticks) -> Ticks {
        if idle >= self.idle_max {
            self.idle_next
        } else {
            self.idle_max
        }
    }

    /// The most a seat in a round idle `idle` can lower the idle term: only the idlest round
    /// can, down to the next.
    fn idle_relief(&self, idle: Ticks) -> f64 {
        as_minutes(self.idle_max - self.idle_without(idle)) * self.idle_weight
    }
}

#[cfg(test)]
mod tests {
    /// The search copies a rota into a spare one's buffers every iteration (`clone_from`), and
    /// `Clone` is written out by hand for that: a part it forgot would leave the spare's stale
    /// value behind.
    #[test]
    fn copying_into_a_spare_rota_leaves_nothing_of_it_behind() {
        let (inst, _, built) = super::super::ruin::kent_construction();
        // A spare that differs from the rota everywhere the copy must reach: other rounds, other
        // crews, pins, teams and hours, and buffers of other lengths.
        let mut spare = built.clone();
        let placed: Vec<usize> = (0..inst.visits.len()).filter(|&v| spare.is_assigned(v)).step_by(3).collect();
        for v in placed {
            spare.remove(&inst, v);
        }
        spare.routes.truncate(spare.routes.len() / 2);
        spare.pin.push(Some(1));
        assert_ne!(format!("{spare:?}"), format!("{built:?}"));
        spare.clone_from(&built);
        assert_eq!(format!("{spare:?}"), format!("{built:?}"));
        assert_eq!(format!("{:?}", built.clone()), format!("{built:?}"));
    }
}
