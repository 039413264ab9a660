//! Re-planning a running week with minimal change (`rota replan`, `docs/operations.md`).
//!
//! Given the problem the rota answered, the problem after the events (`rota::replan::apply`), the
//! rota and `now`:
//! - every visit the rota started before `now` is the past: it is locked to its carers and
//!   start, and never let go;
//! - visits starting in the freeze horizon after `now` (default 2 h) are locked too, unless an
//!   event changed them or took their carer away: then they are let go and planned again;
//! - nothing else may start before `now`;
//! - the rest is planned again, starting from the rota, with every change from it priced
//!   ([`crate::solve::anchor`]); placing every seat still comes first.

use crate::format::Rota;
use crate::model::{Problem, Visit};
use crate::solve::anchor::{keeps, known_carers, Anchors, Keep};
use crate::solve::objective::Changes;
use crate::solve::{solve_anchored, Solution, SolveOptions};
use crate::time::{Ticks, DAY, MINUTE};
use crate::travel::Travel;
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The default freeze horizon, minutes.
pub const FREEZE_MIN: i32 = 120;
/// The default tolerance past which a visit counts as moved, minutes.
pub const TOLERANCE_MIN: i32 = 15;

/// Options of a re-plan.
#[derive(Clone, Debug)]
pub struct ReplanOptions {
    /// The moment of the re-plan: what started before it is the past.
    pub now: NaiveDateTime,
    /// Visits starting within this many minutes after `now` keep their carer and time unless an
    /// event makes that impossible.
    pub freeze_min: i32,
    /// A visit further than this from its old start counts as moved, minutes.
    pub tolerance_min: i32,
    /// The solve's options (time limit, budget, seed, threads).
    pub solve: SolveOptions,
}

/// What a re-plan returns.
#[derive(Clone, Debug)]
pub struct Replanned {
    /// The problem the new rota answers: the one given, with the availability the past needs
    /// ([`hold_the_past`]). Check the new rota against it.
    pub problem: Problem,
    /// What [`hold_the_past`] had to restore, one line each.
    pub notes: Vec<String>,
    /// The solve: the new rota and its objective, changes included ([`Changes`]).
    pub solution: Solution,
    /// Visits of the past, locked.
    pub past: usize,
    /// Visits in the freeze horizon kept as they were.
    pub frozen: usize,
    /// Visits in the freeze horizon let go because an event changed them or their carer.
    pub released: Vec<String>,
}

/// `now` as a tick of the problem's week (before Monday: negative; after Sunday: past 7 days).
pub fn now_tick(problem: &Problem, now: NaiveDateTime) -> Ticks {
    let monday = problem.week().date(0).and_hms_opt(0, 0, 0).expect("midnight");
    (now - monday).num_minutes() * MINUTE
}

/// Whether an event changed what `a` asks for into `b` (its day, time, window, length, seats).
fn changed(a: &Visit, b: &Visit) -> bool {
    (a.date, a.start, a.window, a.duration_min, a.carers_required, a.time_critical)
        != (b.date, b.start, b.window, b.duration_min, b.carers_required, b.time_critical)
        || a.windows != b.windows
}

/// The anchors of a re-plan of `old` (which answers `before`) for `after` at `now`.
pub fn anchors(before: &Problem, after: &Problem, old: &Rota, options: &ReplanOptions) -> Anchors {
    let now = now_tick(after, options.now);
    let freeze_end = now + options.freeze_min.max(0) as Ticks * MINUTE;
    let was: HashMap<&str, &Visit> = before.visits.iter().map(|v| (v.id.as_str(), v)).collect();
    let is: HashMap<&str, &Visit> = after.visits.iter().map(|v| (v.id.as_str(), v)).collect();
    let mut locked = Vec::new();
    let mut previous = Vec::new();
    for keep in keeps(after, old) {
        let Some(start) = keep.start else { continue };
        let Some(&visit) = is.get(keep.visit.as_str()) else { continue };
        let same = was.get(keep.visit.as_str()).is_some_and(|w| !changed(w, visit));
        if start < now {
            locked.push(Keep { release: false, ..keep.clone() });
        } else if start < freeze_end && same && visit.cancelled.is_none() {
            locked.push(Keep { release: true, ..keep.clone() });
        }
        if same {
            previous.push(keep);
        } else {
            // Moved by an event: its carers still count, its old time does not, and its old day
            // is where a carer's day lost it.
            let week = after.week();
            let was_day = was.get(keep.visit.as_str()).and_then(|w| week.day_index(w.date));
            let day = was_day.filter(|&d| Some(d) != week.day_index(visit.date));
            previous.push(Keep { start: None, day, ..keep });
        }
    }
    Anchors {
        locked,
        previous,
        known: known_carers(after, old),
        not_before: Some(now),
        move_tolerance_min: options.tolerance_min,
        count_days: true,
    }
}

/// Re-plan `old`, the rota of `before`, for `after` (the problem with the events applied).
pub fn replan(before: &Problem, after: &Problem, travel: &Travel, old: &Rota, options: &ReplanOptions) -> Replanned {
    let mut after = after.clone();
    let notes = hold_the_past(before, &mut after, old, options.now);
    let anchors = anchors(before, &after, old, options);
    let solution = solve_anchored(&after, travel, &options.solve, &anchors, &|_| {});
    let kept = keeps(&after, &solution.rota);
    let kept: HashMap<&str, &Keep> = kept.iter().map(|k| (k.visit.as_str(), k)).collect();
    let mut released = Vec::new();
    let (mut past, mut frozen) = (0, 0);
    for lock in &anchors.locked {
        if !lock.release {
            past += 1;
        } else if kept.get(lock.visit.as_str()).is_some_and(|k| k.carers_match(lock) && k.start == lock.start) {
            frozen += 1;
        } else {
            released.push(lock.visit.clone());
        }
    }
    Replanned { problem: after, notes, solution, past, frozen, released }
}

/// Keep what the past needs in the problem after the events: a visit of `old` that started
/// before `now` happened as planned, whatever the events say. Events judge a visit's start by
/// its target, the rota by its planned start, so a visit planned at 10:15 for 10:45 has started
/// at 10:30 though an event may cancel or move it: its definition in `before` is put back. And
/// a visit under way at `now` stays even when an event (a carer gone home sick at `now`) took
/// that time from its carer, so the carer's availability is stretched to cover it. Returns a
/// note for each repair.
pub fn hold_the_past(before: &Problem, problem: &mut Problem, old: &Rota, now: NaiveDateTime) -> Vec<String> {
    let now = now_tick(problem, now);
    let week = problem.week();
    let index = problem.index();
    let was: HashMap<&str, &Visit> = before.visits.iter().map(|v| (v.id.as_str(), v)).collect();
    let mut notes = Vec::new();
    for round in &old.rounds {
        let (Some(d), Some(&k)) = (week.day_index(round.date), index.carers.get(&round.carer)) else { continue };
        let base = d as Ticks * DAY;
        for pv in round.visits.iter().filter(|pv| base + pv.start.ticks() < now) {
            if let (Some(&v), Some(w)) = (index.visits.get(&pv.visit), was.get(pv.visit.as_str())) {
                let visit = &mut problem.visits[v];
                if visit.cancelled.is_some() || changed(w, visit) {
                    *visit = (*w).clone();
                    notes.push(format!("{}: started at {} before now, so it stays as planned", pv.visit, pv.start));
                }
            }
            let (s, e) = (pv.start, pv.end);
            let windows = &mut problem.carers[k].availability;
            let inside = windows.iter().any(|a| a.date == round.date && a.start <= s && a.end >= e);
            if inside {
                continue;
            }
            match windows.iter_mut().find(|a| a.date == round.date && a.start <= e && a.end >= s) {
                Some(a) => {
                    a.start = a.start.min(s);
                    a.end = a.end.max(e);
                }
                None => windows.push(crate::model::Availability { date: round.date, start: s, end: e }),
            }
            notes.push(format!(
                "{}: availability on {} kept for {} {s}-{e}, which started before now",
                round.carer, round.date, pv.visit
            ));
        }
    }
    notes
}

impl Keep {
    /// Whether `other` names the same carers, in any order.
    fn carers_match(&self, other: &Keep) -> bool {
        let a: BTreeSet<&String> = self.carers.iter().collect();
        let b: BTreeSet<&String> = other.carers.iter().collect();
        a == b
    }
}

/// The re-plan's baseline: the past kept, and everything after `now` solved again from nothing,
/// with no regard for the old rota. A re-plan should never change more than this.
pub fn from_scratch(
    before: &Problem,
    after: &Problem,
    travel: &Travel,
    old: &Rota,
    options: &ReplanOptions,
) -> Solution {
    let mut after = after.clone();
    hold_the_past(before, &mut after, old, options.now);
    let after = &after;
    let now = now_tick(after, options.now);
    let locked = keeps(after, old)
        .into_iter()
        .filter(|k| k.start.is_some_and(|s| s < now))
        .filter(|k| after.visits.iter().any(|v| v.id == k.visit && v.cancelled.is_none()))
        .collect();
    let anchors = Anchors { locked, not_before: Some(now), ..Anchors::default() };
    solve_anchored(after, travel, &options.solve, &anchors, &|_| {})
}

/// The changes from `old` (a rota of `before`) to `new` (a rota of `problem`), counted from the
/// two rotas alone, as the minimal-change objective counts them: seats given a carer who did
/// not have the visit, seats moved further than `tolerance_min` from the visit's old start
/// (unless an event moved the visit itself), carers new to a client, and carers' days whose
/// visits changed.
pub fn count_changes(before: &Problem, problem: &Problem, old: &Rota, new: &Rota, tolerance_min: i32) -> Changes {
    let was: HashMap<&str, &Visit> = before.visits.iter().map(|v| (v.id.as_str(), v)).collect();
    let moved_by_event: BTreeSet<&str> = problem
        .visits
        .iter()
        .filter(|v| was.get(v.id.as_str()).is_none_or(|w| changed(w, v)))
        .map(|v| v.id.as_str())
        .collect();
    let week = problem.week();
    let at = |date, start: crate::time::ClockTime| week.day_index(date).map(|d| d as Ticks * DAY + start.ticks());
    let mut old_visit: HashMap<&str, (BTreeSet<&str>, Ticks)> = HashMap::new();
    let mut old_day: BTreeMap<(&str, chrono::NaiveDate), BTreeSet<&str>> = BTreeMap::new();
    for r in &old.rounds {
        for pv in &r.visits {
            let s = at(r.date, pv.start).unwrap_or(0);
            let e = old_visit.entry(pv.visit.as_str()).or_insert((BTreeSet::new(), s));
            e.0.insert(r.carer.as_str());
            e.1 = e.1.min(s);
            old_day.entry((r.carer.as_str(), r.date)).or_default().insert(pv.visit.as_str());
        }
    }
    let mut new_day: BTreeMap<(&str, chrono::NaiveDate), BTreeSet<&str>> = BTreeMap::new();
    let mut c = Changes::default();
    for r in &new.rounds {
        for pv in &r.visits {
            new_day.entry((r.carer.as_str(), r.date)).or_default().insert(pv.visit.as_str());
            let Some((carers, s)) = old_visit.get(pv.visit.as_str()) else { continue };
            c.carers += !carers.contains(r.carer.as_str()) as usize;
            let moved = !moved_by_event.contains(pv.visit.as_str())
                && at(r.date, pv.start).is_some_and(|n| (n - s).abs() > tolerance_min as Ticks * MINUTE);
            c.moved += moved as usize;
        }
    }
    let days: BTreeSet<_> = old_day.keys().chain(new_day.keys()).collect();
    c.days = days.into_iter().filter(|d| old_day.get(d) != new_day.get(d)).count();
    let client_of: HashMap<&str, &str> = problem.visits.iter().map(|v| (v.id.as_str(), v.client.as_str())).collect();
    let teams = |rota: &'_ Rota| {
        let mut t: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for r in &rota.rounds {
            for pv in &r.visits {
                if let Some(cl) = client_of.get(pv.visit.as_str()) {
                    t.entry(cl.to_string()).or_default().insert(r.carer.clone());
                }
            }
        }
        t
    };
    let (was, is) = (teams(old), teams(new));
    c.new_to_clients =
        is.iter().map(|(cl, ks)| ks.iter().filter(|k| !was.get(cl).is_some_and(|w| w.contains(*k))).count()).sum();
    c
}
