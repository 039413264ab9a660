//! The bound never exceeds the exact optimum: on many tiny random problems, every rota is
//! enumerated (who does which visit, in which order, each started as early as it can), each is
//! judged by the independent checker (`rota::check`), and the fewest unplaced seats of a rota
//! that passes is compared with the bound.
//!
//! Starting each visit as early as its order allows is the best choice for every rule these
//! problems use (windows, availability, travel, daily hours, skills, double-handed seats), so
//! the enumeration finds the optimum. Were it ever to miss one, the test could only pass where
//! it should fail on a tighter optimum, never fail on a valid bound.

use rota::format::{parse_problem, PlannedVisit, Reason, Rota, Round, Unassigned};
use rota::model::Problem;
use rota::rng::Rng;
use rota::travel::Travel;
use rota_capacity::{bound, BoundOptions};
use serde_json::json;
use std::path::Path;

/// A random tiny week: one Monday, 2-3 carers, 3-5 visits of 2-3 clients. With `long`, the
/// clients are under the Kent or the Hammersmith & Fulham profile, whose daily rest (11 h in
/// 24) binds on the long days of split-shift carers and (H&F) whose calls outside 07:00-22:00
/// go only to carers who opted in; visits spread from 07:00 to 22:30.
fn tiny(seed: u64, long: bool) -> Problem {
    let mut rng = Rng::seeded(seed);
    let skills = ["hoist", "peg"];
    let carers: Vec<_> = (0..2 + rng.below(2))
        .map(|i| {
            let mut availability = Vec::new();
            if long {
                let end = 10 * 60 + 60 * rng.below(5) as u32;
                availability.push(json!({"date": "2026-11-30", "start": "07:00", "end": hhmm(end)}));
                let s2 = 16 * 60 + 30 * rng.below(5) as u32;
                availability.push(json!({"date": "2026-11-30", "start": hhmm(s2), "end": hhmm(21 * 60 + 30 * rng.below(5) as u32)}));
            } else {
                let start = 7 * 60 + 30 * rng.below(4) as u32;
                availability.push(json!({"date": "2026-11-30", "start": hhmm(start), "end": hhmm(start + 60 + 30 * rng.below(3) as u32)}));
                if rng.below(2) == 0 {
                    let s2 = 11 * 60 + 30 * rng.below(4) as u32;
                    availability.push(json!({"date": "2026-11-30", "start": hhmm(s2), "end": hhmm(s2 + 60 + 30 * rng.below(4) as u32)}));
                }
            }
            let held: Vec<_> = skills.iter().filter(|_| rng.below(3) > 0).map(|s| json!({"skill": s})).collect();
            let mut c = json!({
                "id": format!("k{i}"), "home": {"x": rng.below(8) as f64, "y": rng.below(8) as f64},
                "skills": held, "availability": availability, "gender": if rng.below(3) == 0 { "male" } else { "female" },
            });
            if long && rng.below(2) == 0 {
                c["out_of_hours"] = json!(true);
            }
            if rng.below(2) == 0 {
                c["max_hours_per_day"] = json!(if long { 2.0 } else { 1.0 } + 0.5 * rng.below(3) as f64);
            }
            c
        })
        .collect();
    let n_clients = 2 + rng.below(2);
    let clients: Vec<_> = (0..n_clients)
        .map(|i| {
            let mut c = json!({"id": format!("c{i}"), "location": {"x": rng.below(8) as f64, "y": rng.below(8) as f64},
                "profile": match (long, rng.below(2)) { (false, _) => "custom", (true, 0) => "kent", _ => "hammersmith-fulham" },
                "weekly_hours": 2.0});
            if rng.below(5) == 0 {
                c["preferences"] = json!([{"attribute": "gender", "value": "female", "required": true}]);
            }
            c
        })
        .collect();
    let visits: Vec<_> = (0..3 + rng.below(3))
        .map(|i| {
            let target = 7 * 60 + 15 * rng.below(if long { 63 } else { 24 }) as u32;
            let duration = [30, 45, 60][rng.below(3)];
            let mut v = json!({"id": format!("v{i}"), "client": format!("c{}", rng.below(n_clients)),
                "date": "2026-11-30", "start": hhmm(target), "duration_min": duration});
            if rng.below(4) == 0 {
                v["carers_required"] = json!(2);
            }
            if rng.below(4) == 0 {
                v["time_critical"] = json!(true);
            } else if rng.below(4) == 0 {
                v["window"] = json!({"earliest": hhmm(target - 15), "latest": hhmm(target + 60)});
            }
            if rng.below(4) == 0 {
                v["skills"] = json!([skills[rng.below(2)]]);
            }
            v
        })
        .collect();
    let problem = json!({"format_version": "1.0", "name": format!("tiny {seed}"), "week_start": "2026-11-30",
        "skills": [{"id": "hoist"}, {"id": "peg"}], "clients": clients, "carers": carers, "visits": visits});
    parse_problem(&problem.to_string(), "tiny.json").expect("a tiny problem is valid")
}

fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Every assignment of visits to carers (or unplaced), then every order of each carer's visits.
struct Search<'a> {
    problem: &'a Problem,
    travel: &'a Travel,
    best: u64,
    rotas: u64,
}

impl Search<'_> {
    /// Try every assignment from visit `v` on; `who[v]` holds the carers of each visit.
    fn assign(&mut self, v: usize, who: &mut Vec<Vec<usize>>, unplaced: u64) {
        if unplaced >= self.best {
            return;
        }
        let p = self.problem;
        if v == p.visits.len() {
            self.orders(who, unplaced);
            return;
        }
        let k = p.visits[v].carers_required as usize;
        who.push(Vec::new());
        self.assign(v + 1, who, unplaced + k as u64);
        who.pop();
        let n = p.carers.len();
        for set in 0u32..(1 << n) {
            if set.count_ones() as usize == k {
                who.push((0..n).filter(|&c| set & (1 << c) != 0).collect());
                self.assign(v + 1, who, unplaced);
                who.pop();
            }
        }
    }

    /// Every order of every carer's visits, each judged by the checker.
    fn orders(&mut self, who: &[Vec<usize>], unplaced: u64) {
        let per_carer: Vec<Vec<usize>> =
            (0..self.problem.carers.len()).map(|c| (0..who.len()).filter(|&v| who[v].contains(&c)).collect()).collect();
        let mut all: Vec<Vec<Vec<usize>>> = vec![Vec::new()];
        for visits in &per_carer {
            let perms = permutations(visits);
            all = all
                .iter()
                .flat_map(|prefix| perms.iter().map(move |p| [prefix.clone(), vec![p.clone()]].concat()))
                .collect();
        }
        for seqs in all {
            self.rotas += 1;
            if let Some(rota) = self.rota(&seqs, who) {
                if rota::check::check(self.problem, &rota, self.travel).is_feasible() {
                    self.best = unplaced;
                    return;
                }
            }
        }
    }

    /// The rota of these sequences with each visit started as early as it can, or `None` if
    /// no start fits (the checker would refuse it anyway).
    fn rota(&self, seqs: &[Vec<usize>], who: &[Vec<usize>]) -> Option<Rota> {
        let p = self.problem;
        let mode = p.carers[0].travel_mode;
        let m = self.travel.matrix(mode)?;
        let client = |v: usize| p.clients.iter().position(|c| c.id == p.visits[v].client).unwrap();
        let place = |v: usize| self.travel.places.client[client(v)];
        let mut start = vec![0.0f64; p.visits.len()];
        // Fixpoint: each seat's earliest arrival, then the availability window, over all seats.
        for _ in 0..50 {
            let mut changed = false;
            for (c, seq) in seqs.iter().enumerate() {
                let mut free = f64::NEG_INFINITY;
                let mut prev: Option<usize> = None;
                for &v in seq {
                    let arrive = prev.map_or(f64::NEG_INFINITY, |u| free + m.minutes(place(u), place(v)));
                    let (lo, _) = window(p, v);
                    let mut s = start[v].max(arrive).max(lo).ceil();
                    let d = p.visits[v].duration_min as f64;
                    let fit = p.carers[c]
                        .availability
                        .iter()
                        .map(|a| (a.start.as_minutes(), a.end.as_minutes()))
                        .filter(|&(_, b)| s.max(0.0) + d <= b || s + d <= b)
                        .map(|(a, b)| (s.max(a), b))
                        .find(|&(x, b)| x + d <= b)?;
                    s = fit.0;
                    if s > start[v] {
                        start[v] = s;
                        changed = true;
                    }
                    free = start[v] + d;
                    prev = Some(v);
                }
            }
            if !changed {
                break;
            }
        }
        if (0..p.visits.len()).any(|v| !who[v].is_empty() && start[v] > window(p, v).1) {
            return None;
        }
        let rounds = seqs
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.is_empty())
            .map(|(c, seq)| {
                let home = self.travel.places.carer_start[c];
                let mut at = home;
                let mut free = f64::NEG_INFINITY;
                let visits = seq
                    .iter()
                    .map(|&v| {
                        let t = m.minutes(at, place(v));
                        let wait = if free.is_finite() { (start[v] - free - t).max(0.0) } else { 0.0 };
                        at = place(v);
                        free = start[v] + p.visits[v].duration_min as f64;
                        PlannedVisit {
                            visit: p.visits[v].id.clone(),
                            start: clock(start[v]),
                            end: clock(free),
                            travel_min: t,
                            wait_min: wait,
                        }
                    })
                    .collect();
                Round {
                    carer: p.carers[c].id.clone(),
                    date: p.week_start,
                    visits,
                    return_travel_min: m.minutes(at, self.travel.places.carer_end[c]),
                }
            })
            .collect();
        let unassigned = (0..p.visits.len())
            .filter(|&v| who[v].is_empty())
            .map(|v| Unassigned {
                visit: p.visits[v].id.clone(),
                seats: p.visits[v].carers_required,
                reason: Reason::NoCapacity,
                detail: String::new(),
            })
            .collect();
        Some(Rota { format_version: "1.0".into(), problem: p.name.clone(), rounds, unassigned, made_by: None })
    }
}

/// The start window the rules allow: time-critical ±15 (and its window), a window, or under
/// ±45 from the target (custom profile).
fn window(p: &Problem, v: usize) -> (f64, f64) {
    let visit = &p.visits[v];
    let t = visit.start.as_minutes();
    let (mut lo, mut hi) = if visit.time_critical {
        (t - 15.0, t + 15.0)
    } else if visit.window.is_some() {
        (0.0, 2000.0)
    } else {
        (t - 44.0, t + 44.0)
    };
    if let Some(w) = visit.window {
        lo = lo.max(w.earliest.as_minutes());
        hi = hi.min(w.latest.as_minutes());
    }
    (lo, hi)
}

fn clock(m: f64) -> rota::time::ClockTime {
    hhmm(m.round() as u32).parse().expect("a clock time")
}

fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first);
            out.push(p);
        }
    }
    out
}

/// Bound and optimum of `count` tiny problems; panics where the bound exceeds the optimum.
/// Returns (problems, bound positive, bound equal to a positive optimum).
fn compare(count: u64, long: bool) -> (u32, u32, u32) {
    let (mut tight, mut positive, mut checked) = (0, 0, 0);
    for seed in 1..=count {
        let problem = tiny(seed, long);
        let travel = Travel::for_problem(&problem, Path::new("."), "tiny.json").expect("travel");
        let b = bound(&problem, &travel, &BoundOptions::default()).expect("a bound");
        let mut search = Search { problem: &problem, travel: &travel, best: problem.seat_count() as u64 + 1, rotas: 0 };
        search.assign(0, &mut Vec::new(), 0);
        let optimum = search.best;
        assert!(optimum <= problem.seat_count() as u64, "seed {seed}: the empty rota always passes the checker");
        assert!(
            b.unplaced <= optimum,
            "seed {seed} (long: {long}): the bound says {} seats stay unplaced, but a rota that passes the checker leaves {optimum}",
            b.unplaced
        );
        for band in &b.bands {
            assert!(
                band.unplaced <= optimum,
                "seed {seed}: band {} bound {} above the optimum {optimum}",
                band.band,
                band.unplaced
            );
        }
        assert!(
            optimum > 0 || b.carers.needed <= problem.carers.len() as u64,
            "seed {seed}: all placed with fewer carers than needed"
        );
        checked += 1;
        positive += u32::from(b.unplaced > 0);
        tight += u32::from(b.unplaced == optimum && optimum > 0);
    }
    eprintln!("{checked} tiny problems (long days: {long}): bound positive on {positive}, equal to a positive optimum on {tight}");
    (checked, positive, tight)
}

#[test]
fn the_bound_never_exceeds_the_exact_optimum() {
    let (checked, positive, _) = compare(1000, false);
    // Not vacuous: the bound proves something on a good share of them.
    assert!(positive >= checked / 5, "the bound was positive on only {positive} of {checked} problems");
}

#[test]
fn the_bound_never_exceeds_the_optimum_under_daily_rest() {
    let (checked, positive, _) = compare(400, true);
    assert!(positive >= checked / 10, "the bound was positive on only {positive} of {checked} problems");
}

/// One carer free 07:00-22:30 and three time-critical calls at 07:00, 12:00 and 21:30: under
/// the Kent profile's daily rest no carer can make all three (a stretch lasts at most 13 h, and
/// two stretches are 11 h apart), so the optimum leaves one seat unplaced. The bound leaves rest
/// out (`docs/capacity.md`): it may prove less here, never more.
#[test]
fn the_bound_stays_below_where_daily_rest_binds() {
    let visits: Vec<_> = ["07:00", "12:00", "21:30"]
        .iter()
        .enumerate()
        .map(|(i, t)| {
            json!({"id": format!("v{i}"), "client": "c0", "date": "2026-11-30", "start": t,
            "duration_min": 30, "time_critical": true})
        })
        .collect();
    let text = json!({"format_version": "1.0", "name": "long day", "week_start": "2026-11-30",
        "clients": [{"id": "c0", "location": {"x": 0.0, "y": 0.0}, "profile": "kent", "weekly_hours": 1.5}],
        "carers": [{"id": "k0", "home": {"x": 1.0, "y": 0.0},
            "availability": [{"date": "2026-11-30", "start": "07:00", "end": "22:30"}]}],
        "visits": visits});
    let problem = parse_problem(&text.to_string(), "long.json").unwrap();
    let travel = Travel::for_problem(&problem, Path::new("."), "long.json").unwrap();
    let b = bound(&problem, &travel, &BoundOptions::default()).unwrap();
    let mut search = Search { problem: &problem, travel: &travel, best: 4, rotas: 0 };
    search.assign(0, &mut Vec::new(), 0);
    assert_eq!(search.best, 1, "the checker passes a rota with two of the three calls, and none with all three");
    assert!(b.unplaced <= search.best);
}
