//! Local search between ruins: small moves around the visits a recreate just placed, kept only
//! when they lower the objective.
//!
//! Ruin and recreate places each visit at its cheapest place *given the others*; it seldom
//! reorders a round it did not touch, or trades two visits between carers. The local search does
//! that, with four operators, one per file ([`OPERATORS`]):
//! - [`relocate`]: move one seat of a visit next to a neighbouring visit, in the same round or
//!   another carer's round that day;
//! - [`swap`]: two visits on different rounds trade places;
//! - [`or_opt`]: a string of two or three consecutive visits moves next to a neighbouring visit;
//! - [`two_opt_star`]: two rounds of the same day trade their tails (Potvin & Rousseau's 2-opt*),
//!   which joins a visit to its neighbour and hands the rest of each round to the other carer.
//!
//! The neighbourhoods are granular (Toth & Vigo 2003): a visit is only moved next to one of its
//! [`GRANULAR`] nearest visits in space and time (the ruin operators' neighbour lists), so one
//! pass over a visit costs a few dozen cheap estimates. Each move is first estimated in O(1)
//! (travel, and the continuity change of a moved seat; 2-opt* walks the tails only for carers
//! with different travel modes) and its timing checked in O(1) on the rounds' earliest and
//! latest starts. Only a move that passes both is priced
//! exactly ([`Pricer::price`]): its rounds are rebuilt with [`Route::update`], every hard rule a
//! placement checks is checked again (eligibility, refusals, the continuity cap, different-carer
//! links, capacity, daily and weekly hours, the break rule, travel between rounds and rest,
//! windows, availability and fixed starts), and the objective change is the exact change in [`super::objective::evaluate`]'s
//! total. A move is applied only if it lowers that total (first improvement).
//!
//! Moves never change a fixed start, so synchronised seats, links and call spacing stay as they
//! were; a double-handed visit's seat may move to another carer who is not already on the visit.

pub mod or_opt;
pub mod relocate;
pub mod swap;
pub mod two_opt_star;

use super::instance::Instance;
use super::objective::{carer_terms, client_cost, new_carers};
use super::route::Route;
use super::ruin::Context;
use super::state::{count_seat, Crew, Solution};
use crate::rng::Rng;
use crate::time::{as_minutes, Ticks};

/// How many of a visit's nearest visits its moves look at.
pub const GRANULAR: usize = 12;

/// A move smaller than this (in objective units) is not an improvement.
const EPS: f64 = 1e-6;

/// Most passes over the focus visits in one call of [`improve`].
const MAX_PASSES: usize = 4;

/// A move: the rounds it rewrites, each with its new order of visits. Which seats change carer
/// follows from the orders. All rounds are on the same day.
#[derive(Clone, Debug, Default)]
pub struct Change {
    /// (round index, new visits in order).
    pub rounds: Vec<(usize, Vec<usize>)>,
}

/// One of a visit's nearest visits, with a carer who does it and where: the neighbour, the
/// carer, the round and the position in it.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// The neighbouring visit.
    pub visit: usize,
    /// A carer on it.
    pub carer: usize,
    /// That carer's round.
    pub round: usize,
    /// The neighbour's position in the round.
    pub pos: usize,
}

/// An operator: look for an improving move that involves visit `v` and one of its `targets`,
/// and return it priced (its exact objective change, below zero), leaving the pricer ready to
/// [`Pricer::commit`] it.
pub type Operator = fn(&Instance, &Solution, usize, &[Target], &mut Pricer) -> Option<(Change, f64)>;

/// The registered operators with their names, tried in this order for each visit.
pub const OPERATORS: [(&str, Operator); 4] =
    [("relocate", relocate::find), ("swap", swap::find), ("or-opt", or_opt::find), ("2-opt*", two_opt_star::find)];

/// Prices moves exactly and applies them. Holds scratch space so a move allocates little.
#[derive(Default)]
pub struct Pricer {
    /// The rebuilt rounds of the last priced move, in the order of its [`Change::rounds`].
    routes: Vec<Route>,
    /// Seat changes of the last priced move: (visit, carer, gained) sorted by visit.
    seats: Vec<(usize, usize, bool)>,
    /// New crews of the visits whose seats change, by visit.
    crews: Vec<(usize, Crew)>,
}

/// The weighted cost of a round's own terms: travel, waiting, deviation and lateness.
fn route_cost(inst: &Instance, r: &Route) -> f64 {
    let w = &inst.weights;
    as_minutes(r.travel) * w.travel_minute
        + as_minutes(r.waiting) * w.waiting_minute
        + as_minutes(r.deviation) * w.deviation_minute
        + as_minutes(r.tardiness) * w.tardiness_minute
        + as_minutes(r.overrun) * w.overrun_minute
        + r.moved as f64 * w.moved_visit
        + if r.changed { w.changed_day } else { 0.0 }
        + if r.meal_missed { w.meal_break_missed } else { 0.0 }
}

/// The continuity cost of a client whose carers are `carers` (carer, seats).
fn team_cost(inst: &Instance, c: usize, carers: &[(usize, u32)]) -> f64 {
    let key_used = inst.clients[c].key_carer.is_some_and(|key| carers.iter().any(|&(k, _)| k == key));
    client_cost(inst, c, carers.len() as u32, key_used, new_carers(inst, c, carers))
}

/// The change in continuity and preference cost, exactly, if one seat of `v` moves from carer
/// `from` to carer `to`, and nothing else changes for the client; `None` if a hard rule forbids
/// it (eligibility, the carer already on the visit, a different-carer link, the continuity cap).
pub fn seat_move_delta(inst: &Instance, sol: &Solution, v: usize, from: usize, to: usize) -> Option<f64> {
    let vis = &inst.visits[v];
    if !inst.eligible(v, to) || sol.assigned[v].iter().any(|x| x == to) {
        return None;
    }
    if vis.apart.iter().any(|&o| sol.assigned[o].iter().any(|x| x == to)) {
        return None;
    }
    let c = vis.client;
    let carers = &sol.client_carers[c];
    let from_seats = carers.iter().find(|&&(k, _)| k == from).map_or(0, |&(_, n)| n);
    let to_known = carers.iter().any(|&(k, _)| k == to);
    let n = carers.len() as u32;
    let after = n - (from_seats == 1) as u32 + (!to_known) as u32;
    if let Some((_, cap)) = inst.clients[c].caps {
        if after > cap && after > n {
            return None;
        }
    }
    // Whether the key carer visits the client before and after the move.
    let (had, has) = match inst.clients[c].key_carer {
        Some(key) => {
            let had = carers.iter().any(|&(k, _)| k == key);
            (had, key == to || had && !(key == from && from_seats == 1))
        }
        None => (false, false),
    };
    let new = new_carers(inst, c, carers);
    let new_after =
        new - (from_seats == 1 && inst.new_to_client(c, from)) as u32 + (!to_known && inst.new_to_client(c, to)) as u32;
    let client = client_cost(inst, c, after, has, new_after) - client_cost(inst, c, n, had, new);
    Some(client + carer_terms(inst, v, to) - carer_terms(inst, v, from))
}

/// Travel ticks of carer `k` along `seq` from the start place and back to the end place; 0 for
/// an empty round.
pub fn seq_travel(inst: &Instance, k: usize, seq: impl IntoIterator<Item = usize>) -> Ticks {
    let carer = &inst.carers[k];
    let mut place = carer.start;
    let mut t = 0;
    let mut any = false;
    for v in seq {
        let p = inst.visits[v].place;
        t += inst.travel(k, place, p);
        place = p;
        any = true;
    }
    if any {
        t + inst.travel(k, place, carer.end)
    } else {
        0
    }
}

impl Pricer {
    /// The exact change in the objective's total if `change` is made, or `None` if the move
    /// breaks a hard rule. Leaves the rebuilt rounds ready for [`Pricer::commit`].
    pub fn price(&mut self, inst: &Instance, sol: &Solution, change: &Change) -> Option<f64> {
        let w = &inst.weights;
        self.seats.clear();
        self.crews.clear();
        for (r, order) in &change.rounds {
            let old = &sol.routes[*r];
            let k = old.carer;
            super::work::add((order.len() + old.visits.len()) as u64);
            self.seats.extend(order.iter().filter(|v| !old.visits.contains(v)).map(|&v| (v, k, true)));
            self.seats.extend(old.visits.iter().filter(|v| !order.contains(v)).map(|&v| (v, k, false)));
        }
        self.seats.sort_unstable();
        // New crews, and the hard rules on who may do a visit.
        let mut delta = 0.0;
        let mut i = 0;
        while i < self.seats.len() {
            let v = self.seats[i].0;
            let mut crew: Vec<usize> = sol.assigned[v].iter().collect();
            let mut j = i;
            while j < self.seats.len() && self.seats[j].0 == v {
                let (_, k, gained) = self.seats[j];
                if !gained {
                    crew.retain(|&x| x != k);
                    delta -= carer_terms(inst, v, k);
                }
                j += 1;
            }
            for &(_, k, gained) in &self.seats[i..j] {
                if gained {
                    if crew.contains(&k) || !inst.eligible(v, k) {
                        return None;
                    }
                    crew.push(k);
                    delta += carer_terms(inst, v, k);
                }
            }
            if crew.len() != sol.assigned[v].len() {
                return None;
            }
            crew.sort_unstable();
            let mut c = Crew::default();
            for k in crew {
                c.push(k);
            }
            self.crews.push((v, c));
            i = j;
        }
        // Different-carer links, against the partners' crews after the move.
        for &(v, crew) in &self.crews {
            for &o in &inst.visits[v].apart {
                let other = self.crews.iter().find(|x| x.0 == o).map_or(sol.assigned[o], |x| x.1);
                if crew.iter().any(|k| other.iter().any(|x| x == k)) {
                    return None;
                }
            }
        }
        // Continuity, per client touched.
        let mut clients: Vec<usize> = self.crews.iter().map(|&(v, _)| inst.visits[v].client).collect();
        clients.sort_unstable();
        clients.dedup();
        for c in clients {
            let before = &sol.client_carers[c];
            let mut after = before.clone();
            for &(v, k, gained) in &self.seats {
                if inst.visits[v].client != c {
                    continue;
                }
                if !count_seat(&mut after, k, gained) {
                    return None;
                }
            }
            if let Some((_, cap)) = inst.clients[c].caps {
                if after.len() as u32 > cap && after.len() > before.len() {
                    return None;
                }
            }
            delta += team_cost(inst, c, &after) - team_cost(inst, c, before);
        }
        // Rounds: rebuilt, then every rule a round must keep.
        self.routes.resize_with(change.rounds.len(), Route::default);
        let mut week: Vec<(usize, Ticks)> = Vec::with_capacity(change.rounds.len());
        for (slot, (r, order)) in self.routes.iter_mut().zip(&change.rounds) {
            let old = &sol.routes[*r];
            let k = old.carer;
            let carer = &inst.carers[k];
            slot.clone_from(old);
            slot.visits.clone_from(order);
            super::work::add(4 * order.len() as u64);
            if !slot.update(inst, &sol.pin)
                || carer.capacity.is_some_and(|c| slot.load > c)
                || slot.work > carer.max_day
                || !slot.keeps_break(inst, &sol.pin)
                || !super::rest::week_ok(inst, &sol.routes, k, slot.day, slot.span)
            {
                return None;
            }
            delta += route_cost(inst, slot) - route_cost(inst, old);
            match week.iter_mut().find(|x| x.0 == k) {
                Some(x) => x.1 += slot.work - old.work,
                None => week.push((k, slot.work - old.work)),
            }
        }
        for &(k, dw) in &week {
            let carer = &inst.carers[k];
            let now = sol.week_work[k];
            if dw > 0 && now + dw > carer.max_week {
                return None;
            }
            if let Some(contracted) = carer.contracted {
                delta += as_minutes((now + dw - contracted).max(0) - (now - contracted).max(0)) * w.overtime_minute;
            }
        }
        if inst.prices_lateness && w.max_tardiness_minute > 0.0 {
            delta += as_minutes(self.largest_change(sol, change, |r| r.max_tardiness)) * w.max_tardiness_minute;
        }
        if w.max_idle_minute > 0.0 {
            delta += as_minutes(self.largest_change(sol, change, |r| r.idle)) * w.max_idle_minute;
        }
        Some(delta)
    }

    /// How a min–max term (the largest `part` of a round in the rota) changes when `change`'s
    /// rounds become the ones rebuilt in this pricer.
    fn largest_change(&self, sol: &Solution, change: &Change, part: impl Fn(&Route) -> Ticks) -> Ticks {
        let changed = |r: usize| change.rounds.iter().any(|x| x.0 == r);
        let rest = (0..sol.routes.len()).filter(|&r| !changed(r)).map(|r| part(&sol.routes[r])).max();
        let old = sol.routes.iter().map(&part).max().unwrap_or(0);
        let new = self.routes.iter().map(&part).chain(rest).max().unwrap_or(0);
        new - old
    }

    /// Make the move last priced by [`Pricer::price`] (which must have returned a value).
    pub fn commit(&mut self, inst: &Instance, sol: &mut Solution, change: &Change) {
        for (slot, (r, _)) in self.routes.iter_mut().zip(&change.rounds) {
            let k = slot.carer;
            sol.week_work[k] += slot.work - sol.routes[*r].work;
            sol.touched.add(*r);
            std::mem::swap(&mut sol.routes[*r], slot);
        }
        for &(v, k, gained) in &self.seats {
            let counted = count_seat(&mut sol.client_carers[inst.visits[v].client], k, gained);
            debug_assert!(counted, "a priced move only lifts seats that are there");
        }
        for &(v, crew) in &self.crews {
            sol.assigned[v] = crew;
        }
    }

    /// Price `change` and return it with its change if that is an improvement.
    fn improving(&mut self, inst: &Instance, sol: &Solution, change: Change) -> Option<(Change, f64)> {
        let d = self.price(inst, sol, &change)?;
        (d < -EPS).then_some((change, d))
    }
}

/// Each seat of visit `v`: (carer, round, position in it).
pub fn seats<'a>(inst: &'a Instance, sol: &'a Solution, v: usize) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
    sol.assigned[v].iter().filter_map(move |k| position(inst, sol, v, k).map(|(r, i)| (k, r, i)))
}

/// Where visit `v` sits for carer `k`: (round index, position), if `k` does it.
pub fn position(inst: &Instance, sol: &Solution, v: usize, k: usize) -> Option<(usize, usize)> {
    let r = Solution::route_index(inst, k, inst.visits[v].day);
    sol.routes[r].visits.iter().position(|&x| x == v).map(|i| (r, i))
}

/// Improve `sol` by local search around the visits in `focus`: passes over them in a random
/// order, each visit trying every operator until one improves, until a pass improves nothing
/// (or a few passes). Returns the change in the objective's total (zero or below).
pub fn improve(inst: &Instance, ctx: &Context, sol: &mut Solution, focus: &mut [usize], rng: &mut Rng) -> f64 {
    let mut pricer = Pricer::default();
    let mut targets = Vec::with_capacity(2 * GRANULAR);
    let mut total = 0.0;
    for _ in 0..MAX_PASSES {
        rng.shuffle(focus);
        let mut improved = false;
        for &v in focus.iter() {
            if !sol.is_assigned(v) {
                continue;
            }
            near(inst, ctx, sol, v, &mut targets);
            for (_, op) in OPERATORS {
                if let Some((change, d)) = op(inst, sol, v, &targets, &mut pricer) {
                    pricer.commit(inst, sol, &change);
                    total += d;
                    improved = true;
                    break;
                }
            }
        }
        if !improved {
            break;
        }
    }
    total
}

/// A visit's nearest assigned visits, each with every carer who does it, into `out`.
pub fn near(inst: &Instance, ctx: &Context, sol: &Solution, v: usize, out: &mut Vec<Target>) {
    out.clear();
    for &u in ctx.neighbours[v].iter().take(GRANULAR) {
        for b in sol.assigned[u].iter() {
            if let Some((round, pos)) = position(inst, sol, u, b) {
                out.push(Target { visit: u, carer: b, round, pos });
            }
        }
    }
    super::work::add(out.len() as u64 + 1);
}

#[cfg(test)]
mod tests;
