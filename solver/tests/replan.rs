//! Re-planning a running week (`rota::replan`): the past never changes, the freeze horizon holds,
//! every seat is accounted for, the checker passes, and a re-plan changes no more than solving
//! again from scratch does.

mod common;

use common::week::random_week;
use rota::check::check;
use rota::format::{self, Reason, Rota};
use rota::model::Problem;
use rota::replan::plan::{count_changes, from_scratch, now_tick, replan, ReplanOptions};
use rota::solve::{solve, Budget, SolveOptions};
use rota::time::{Ticks, DAY, MINUTE};
use rota::travel::Travel;
use std::collections::BTreeMap;
use std::path::Path;

fn travel(p: &Problem) -> Travel {
    Travel::for_problem(p, Path::new("."), "p.json").unwrap()
}

fn options(now: &str, iterations: u64) -> ReplanOptions {
    ReplanOptions {
        now: chrono::NaiveDateTime::parse_from_str(now, "%Y-%m-%dT%H:%M").unwrap(),
        freeze_min: 120,
        tolerance_min: 15,
        solve: SolveOptions { budget: Budget::Iterations(iterations), ..SolveOptions::default() },
    }
}

/// Every scheduled seat: (visit, carer) → (date, start, end).
fn seats(rota: &Rota) -> BTreeMap<(String, String), (chrono::NaiveDate, String, String)> {
    let mut m = BTreeMap::new();
    for r in &rota.rounds {
        for pv in &r.visits {
            m.insert((pv.visit.clone(), r.carer.clone()), (r.date, pv.start.to_string(), pv.end.to_string()));
        }
    }
    m
}

fn tick_of(p: &Problem, date: chrono::NaiveDate, start: &str) -> Ticks {
    let d = p.week().day_index(date).unwrap() as Ticks;
    let t: rota::time::ClockTime = start.parse().unwrap();
    d * DAY + t.ticks()
}

/// What must hold of any re-plan: the checker passes on the new problem; the past is exactly as
/// it was; every seat is placed or listed unassigned with a reason; nothing new starts before now.
fn assert_sound(after: &Problem, old: &Rota, new: &Rota, now: Ticks, label: &str) {
    let text = format::to_json(new);
    let new = format::parse_rota(&text, "new.json", after).unwrap_or_else(|e| panic!("{label}: {e}"));
    let report = check(after, &new, &travel(after));
    assert!(report.violations.is_empty(), "{label}: {:#?}", report.violations);
    let (was, is) = (seats(old), seats(&new));
    for (key, at) in &was {
        if tick_of(after, at.0, &at.1) < now {
            assert_eq!(is.get(key), Some(at), "{label}: the past changed for {key:?}");
        }
    }
    for (key, at) in &is {
        if tick_of(after, at.0, &at.1) < now {
            assert_eq!(was.get(key), Some(at), "{label}: {key:?} was put in the past");
        }
    }
    for v in &after.visits {
        let placed = new.rounds.iter().flat_map(|r| &r.visits).filter(|pv| pv.visit == v.id).count();
        let open: usize = new.unassigned.iter().filter(|u| u.visit == v.id).map(|u| u.seats as usize).sum();
        assert_eq!(placed + open, v.carers_required as usize, "{label}: seats of {} not conserved", v.id);
        if v.cancelled.is_some() {
            assert!(new.unassigned.iter().any(|u| u.visit == v.id && u.reason == Reason::Cancelled), "{label}");
        }
    }
}

fn solved(p: &Problem, seed: u64) -> Rota {
    let options = SolveOptions { budget: Budget::Iterations(60), seed, ..SolveOptions::default() };
    solve(p, &travel(p), &options, &|_| {}).rota
}

/// A carer off sick from now to the end of the week: their availability from now on is gone.
fn sick(p: &Problem, carer: usize, now: Ticks) -> Problem {
    let mut after = p.clone();
    let week = p.week();
    let c = &mut after.carers[carer];
    c.availability.retain_mut(|a| {
        let base = week.day_index(a.date).unwrap() as Ticks * DAY;
        let (s, e) = (base + a.start.ticks(), base + a.end.ticks());
        if e <= now {
            return true;
        }
        if s >= now {
            return false;
        }
        a.end = rota::time::ClockTime::from_ticks(now - base);
        true
    });
    after
}

/// Cancel every visit of a client from now on.
fn away(p: &Problem, client: usize, now: Ticks) -> Problem {
    let mut after = p.clone();
    let id = p.clients[client].id.clone();
    let week = p.week();
    for v in &mut after.visits {
        let t = week.day_index(v.date).unwrap() as Ticks * DAY + v.start.ticks();
        if v.client == id && t >= now {
            v.cancelled = Some("client in hospital".into());
        }
    }
    after
}

#[test]
fn with_nothing_changed_the_re_plan_keeps_the_rota() {
    for seed in 1..=20 {
        let p = random_week(seed);
        let old = solved(&p, seed);
        let o = options("2026-12-01T10:30", 40);
        let r = replan(&p, &p, &travel(&p), &old, &o);
        let now = now_tick(&p, o.now);
        assert_sound(&p, &old, &r.solution.rota, now, &format!("seed {seed}"));
        let c = count_changes(&p, &old, &r.solution.rota, 15);
        // A rota with seats left open may be improved; one with every seat placed stays.
        if old.unassigned.is_empty() {
            assert_eq!(c.total(), 0, "seed {seed}: {c:?}");
        }
    }
}

#[test]
fn random_weeks_with_a_carer_off_sick_or_a_client_away() {
    let (mut wins, mut sums) = (0, (0, 0));
    for seed in 1..=60u64 {
        let p = random_week(seed);
        let old = solved(&p, seed);
        let when = ["2026-11-30T09:00", "2026-12-01T10:30", "2026-12-02T07:15"][seed as usize % 3];
        let o = options(when, 40);
        let now = now_tick(&p, o.now);
        let after = if seed % 2 == 0 {
            sick(&p, seed as usize % p.carers.len(), now)
        } else {
            away(&p, seed as usize % p.clients.len(), now)
        };
        let t = travel(&after);
        let r = replan(&p, &after, &t, &old, &o);
        let after = r.problem.clone();
        let label = format!("seed {seed} at {when}");
        assert_sound(&after, &old, &r.solution.rota, now, &label);
        let scratch = from_scratch(&after, &t, &old, &o);
        assert_sound(&after, &old, &scratch.rota, now, &format!("{label}, from scratch"));
        let ours = count_changes(&after, &old, &r.solution.rota, 15);
        let theirs = count_changes(&after, &old, &scratch.rota, 15);
        let placed = |rota: &Rota| after.seat_count() - rota.unassigned.iter().map(|u| u.seats as usize).sum::<usize>();
        assert!(placed(&r.solution.rota) >= placed(&scratch.rota) || ours.total() <= theirs.total(), "{label}");
        assert!(ours.total() <= theirs.total(), "{label}: re-plan {ours:?} against scratch {theirs:?}");
        wins += (ours.total() < theirs.total()) as usize;
        sums.0 += ours.total();
        sums.1 += theirs.total();
        // The solver's own count of changes agrees with the count from the rotas.
        assert_eq!(r.solution.cost.changes, ours, "{label}");
    }
    eprintln!("re-plan changes {} against {} from scratch; fewer in {wins} of 60 weeks", sums.0, sums.1);
    assert!(sums.0 < sums.1, "re-plan changes {} against {} from scratch", sums.0, sums.1);
}

#[test]
fn the_freeze_horizon_keeps_visits_near_now_unless_their_carer_is_gone() {
    let p = random_week(7);
    let old = solved(&p, 7);
    let o = options("2026-12-01T08:00", 40);
    let now = now_tick(&p, o.now);
    let r = replan(&p, &p, &travel(&p), &old, &o);
    let (was, is) = (seats(&old), seats(&r.solution.rota));
    for (key, at) in &was {
        let t = tick_of(&p, at.0, &at.1);
        if t >= now && t < now + 120 * MINUTE {
            assert_eq!(is.get(key), Some(at), "{key:?} in the freeze horizon moved");
        }
    }
    assert!(r.released.is_empty());
}
