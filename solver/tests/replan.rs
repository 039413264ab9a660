//! Re-planning a running week (`rota::replan`): the past never changes, the freeze horizon holds,
//! every seat is accounted for, the checker passes, and a re-plan changes no more than solving
//! again from scratch does.

mod common;

use common::week::random_week;
use rota::check::check;
use rota::format::{self, Reason, Rota};
use rota::model::Problem;
use rota::replan::plan::{count_changes, from_scratch, now_tick, replan, ReplanOptions};
use rota::rng::Rng;
use rota::solve::{solve, Budget, SolveOptions};
use rota::time::{Ticks, DAY, MINUTE};
use rota::travel::Travel;
use serde_json::{json, Value};
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
        let c = count_changes(&p, &p, &old, &r.solution.rota, 15);
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
        let scratch = from_scratch(&p, &after, &t, &old, &o);
        assert_sound(&after, &old, &scratch.rota, now, &format!("{label}, from scratch"));
        let ours = count_changes(&p, &after, &old, &r.solution.rota, 15);
        let theirs = count_changes(&p, &after, &old, &scratch.rota, 15);
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

/// Random events for a random week at `now`: each kind the events file has, aimed at visits and
/// carers that exist and at times after `now`, so every file is valid.
fn random_events(p: &Problem, rng: &mut Rng, now: Ticks) -> Value {
    let week = p.week();
    let at = |t: Ticks| {
        let d = (t / DAY).clamp(0, 6);
        format!("{}T{}", week.date(d as usize), rota::time::ClockTime::from_ticks(t - d * DAY))
    };
    let start_of = |v: &rota::model::Visit| week.day_index(v.date).unwrap() as Ticks * DAY + v.start.ticks();
    let later: Vec<&rota::model::Visit> = p.visits.iter().filter(|v| start_of(v) >= now + 60 * MINUTE).collect();
    let mut events = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let pick = |rng: &mut Rng| later.get(rng.below(later.len().max(1))).copied();
        let ev = match rng.below(7) {
            0 => {
                let c = &p.clients[rng.below(p.clients.len())];
                let until = now + (12 + rng.below(60) as Ticks) * 60 * MINUTE;
                json!({"kind": "hospital_admission", "client": c.id, "from": at(now), "until": at(until.min(7 * DAY - MINUTE))})
            }
            1 => {
                let k = &p.carers[rng.below(p.carers.len())];
                let until = now + (6 + rng.below(72) as Ticks) * 60 * MINUTE;
                json!({"kind": "carer_absent", "carer": k.id, "from": at(now), "until": at(until.min(7 * DAY)), "reason": "sickness"})
            }
            2 => match pick(rng) {
                Some(v) if !used.contains(&v.id) => {
                    used.push(v.id.clone());
                    json!({"kind": "visit_cancelled", "visit": v.id})
                }
                _ => continue,
            },
            3 => match pick(rng) {
                Some(v) if !used.contains(&v.id) => {
                    used.push(v.id.clone());
                    let shift = (rng.below(7) as i64 - 3) * 20;
                    let s = (v.start.ticks() / MINUTE + shift).clamp(7 * 60, 20 * 60);
                    let mut ev =
                        json!({"kind": "visit_moved", "visit": v.id, "start": format!("{:02}:{:02}", s / 60, s % 60)});
                    if rng.chance(0.4) && v.date < week.date(6) {
                        ev["date"] = json!((v.date + chrono::Days::new(1)).to_string());
                    }
                    ev
                }
                _ => continue,
            },
            4 => {
                let c = &p.clients[rng.below(p.clients.len())];
                let t = (now + (2 + rng.below(40) as Ticks) * 60 * MINUTE).min(6 * DAY + 20 * 60 * MINUTE);
                let d = t / DAY;
                let m = ((t - d * DAY) / MINUTE).clamp(7 * 60, 21 * 60) / 5 * 5;
                json!({"kind": "visit_added", "visit": {"id": format!("new{}", events.len()), "client": c.id,
                    "date": week.date(d as usize).to_string(), "start": format!("{:02}:{:02}", m / 60, m % 60),
                    "duration_min": 30, "carers_required": 1 + rng.below(2)}})
            }
            5 => {
                let k = &p.carers[rng.below(p.carers.len())];
                let d = ((now / DAY) + 1 + rng.below(2) as Ticks).min(6);
                json!({"kind": "availability_changed", "carer": k.id, "date": week.date(d as usize).to_string(),
                    "windows": [{"start": "08:00", "end": "14:00"}]})
            }
            _ => {
                let id = format!("knew{}", events.len());
                let avail: Vec<Value> = (0..7)
                    .map(|d| json!({"date": week.date(d).to_string(), "start": "07:00", "end": "22:00"}))
                    .collect();
                json!({"kind": "carer_added", "carer": {"id": id, "home": {"lat": 51.28, "lon": 1.08},
                    "availability": avail}})
            }
        };
        events.push(ev);
    }
    json!({"format_version": "1.0", "events": events})
}

/// The guarantees on many random small weeks with random events: the re-plan passes the checker
/// on the problem the events leave, the past is unchanged, every seat is placed or listed with
/// a reason, and it never changes more than solving everything after now again from scratch.
#[test]
fn random_weeks_with_random_events() {
    let (mut sums, mut kinds) = ((0, 0), BTreeMap::new());
    for seed in 100..220u64 {
        let p = random_week(seed);
        let old = solved(&p, seed);
        let mut rng = Rng::seeded(seed);
        let when = ["2026-11-30T06:00", "2026-11-30T13:20", "2026-12-01T10:30", "2026-12-02T08:05"][rng.below(4)];
        let o = options(when, 40);
        let now = now_tick(&p, o.now);
        let file = random_events(&p, &mut rng, now);
        let events = rota::replan::parse_events(&file.to_string(), "events.json", &p, o.now)
            .unwrap_or_else(|e| panic!("seed {seed}: the random events are invalid:\n{e}\n{file}"));
        for e in &events.events {
            *kinds.entry(e.kind()).or_insert(0) += 1;
        }
        let applied = rota::replan::apply(&p, &events, o.now);
        let t = travel(&applied.problem);
        let r = replan(&p, &applied.problem, &t, &old, &o);
        let after = r.problem.clone();
        let label = format!("seed {seed} at {when}, events {file}");
        assert_sound(&after, &old, &r.solution.rota, now, &label);
        let scratch = from_scratch(&p, &applied.problem, &t, &old, &o);
        assert_sound(&after, &old, &scratch.rota, now, &format!("{label}, from scratch"));
        let ours = count_changes(&p, &after, &old, &r.solution.rota, 15);
        let theirs = count_changes(&p, &after, &old, &scratch.rota, 15);
        assert!(ours.total() <= theirs.total(), "{label}: re-plan {ours:?} against scratch {theirs:?}");
        assert_eq!(r.solution.cost.changes, ours, "{label}");
        sums.0 += ours.total();
        sums.1 += theirs.total();
    }
    eprintln!("re-plan changes {} against {} from scratch; events {kinds:?}", sums.0, sums.1);
    assert!(sums.0 < sums.1);
    assert_eq!(kinds.len(), 7, "every kind of event is drawn: {kinds:?}");
}
