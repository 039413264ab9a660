//! Property tests of the issue-19 problem features: several start windows a visit (`windows`),
//! optional visits (`optional`, some in an `optional_group`) and carers' meal breaks
//! (`meal_break`). On small random weeks that use them, every rota the solver returns passes
//! the independent checker with no hard violation (a group is never split), and the checker's
//! own count of what these features cost, and of the waiting (a break taken in a wait is not
//! waiting), agrees with the solver's.

mod common;

use common::week::random_week;
use rota::check::check;
use rota::format;
use rota::model::{MealBreak, Problem, StartWindow};
use rota::rng::Rng;
use rota::solve::{solve, Algorithm, Budget, SolveOptions};
use rota::time::ClockTime;
use rota::travel::Travel;
use std::path::Path;

fn clock(m: i64) -> ClockTime {
    ClockTime::from_minutes(m.clamp(0, 47 * 60) as i32)
}

/// Give some visits two start windows in place of their one: a slot around the target and one
/// later in the day, each with a due time when the visit had one.
fn with_windows(p: &mut Problem, rng: &mut Rng) -> usize {
    let mut n = 0;
    for v in &mut p.visits {
        if !rng.chance(0.4) {
            continue;
        }
        let t = i64::from(v.start.whole_minutes());
        let first = (t - rng.range(0, 60), t + rng.range(0, 90));
        let gap = rng.range(30, 300);
        let second = (first.1 + gap, first.1 + gap + rng.range(0, 120));
        let due = |(a, b): (i64, i64), rng: &mut Rng| rng.chance(0.6).then(|| clock(a + (b - a) / 3));
        let (d1, d2) = (due(first, rng), due(second, rng));
        v.windows = vec![
            StartWindow { earliest: clock(first.0), latest: clock(first.1), due: d1 },
            StartWindow { earliest: clock(second.0), latest: clock(second.1), due: d2 },
        ];
        v.window = None;
        v.due = None;
        n += 1;
    }
    n
}

/// Make some visits optional and give some carers a meal break.
fn with_optional_and_meals(p: &mut Problem, rng: &mut Rng) -> (usize, usize) {
    let mut optional = 0;
    for v in &mut p.visits {
        v.optional = rng.chance(0.3);
        optional += usize::from(v.optional);
    }
    // Some optional visits in groups of two or three, kept or left out together.
    let mut group = 0;
    for chunk in p.visits.iter_mut().filter(|v| v.optional).collect::<Vec<_>>().chunks_mut(3) {
        if rng.chance(0.5) {
            group += 1;
            for v in chunk.iter_mut() {
                v.optional_group = Some(format!("g{group}"));
            }
        }
    }
    let mut meals = 0;
    for c in &mut p.carers {
        if rng.chance(0.5) {
            let from = rng.range(11 * 60, 13 * 60);
            let until = from + rng.range(30, 150);
            let min = rng.range(15, 45).min(until - from) as i32;
            c.meal_break = Some(MealBreak { earliest: clock(from), latest: clock(until), min_duration_min: min });
            meals += 1;
        }
    }
    if rng.chance(0.5) {
        // Sometimes make a missed break dearer than an optional visit.
        p.objective.meal_break_missed = 2_000.0;
    }
    (optional, meals)
}

/// A random week using the features, valid (read back through the format's checks).
fn feature_week(seed: u64) -> (Problem, [usize; 3]) {
    let mut p = random_week(seed);
    let mut rng = Rng::seeded(seed ^ 0x19);
    p.objective.tardiness_minute = 1.0;
    if rng.chance(0.5) {
        // Waiting dearer than deviation: rounds close their waits (`solve::waits`).
        (p.objective.waiting_minute, p.objective.deviation_minute) = (1.0, 0.0);
    }
    let windowed = with_windows(&mut p, &mut rng);
    let (optional, meals) = with_optional_and_meals(&mut p, &mut rng);
    let text = format::to_json(&p);
    match format::parse_problem(&text, "features.json") {
        Ok(p) => (p, [windowed, optional, meals]),
        Err(e) => panic!("seed {seed}: the feature week is invalid:\n{e}\n{text}"),
    }
}

/// Solve, check: no hard violation, and the checker's lateness, optional visits left out and
/// rounds without a meal break equal the solver's. Returns the two counts.
fn solve_and_check(problem: &Problem, algorithm: Algorithm, seed: u64) -> (usize, usize) {
    let travel = Travel::for_problem(problem, Path::new("."), "features.json").unwrap();
    let options = SolveOptions { algorithm, budget: Budget::Iterations(30), seed, ..SolveOptions::default() };
    let solved = solve(problem, &travel, &options, &|_| {});
    let text = format::to_json(&solved.rota);
    let rota = format::parse_rota(&text, "rota.json", problem).unwrap_or_else(|e| panic!("invalid rota:\n{e}\n{text}"));
    let report = check(problem, &rota, &travel);
    let problem_text = format::to_json(problem);
    assert!(
        report.violations.is_empty(),
        "{algorithm:?}, seed {seed}:\n{:#?}\n{problem_text}\n{text}",
        report.violations
    );
    let solver_late = rota::time::as_minutes(solved.cost.tardiness);
    assert!(
        (report.kpis.tardiness.total_min - solver_late).abs() < 1e-6,
        "{algorithm:?}, seed {seed}: the checker counts {} min late, the solver {solver_late}",
        report.kpis.tardiness.total_min
    );
    let solver_waiting = rota::time::as_minutes(solved.cost.waiting);
    assert!(
        (report.kpis.waiting_min - solver_waiting).abs() < 1e-6,
        "{algorithm:?}, seed {seed}: the checker counts {} min waiting, the solver {solver_waiting}",
        report.kpis.waiting_min
    );
    let checked = (report.kpis.visits.optional_missed, report.kpis.meal_breaks_missed);
    assert_eq!(checked, (solved.cost.optional_missed, solved.cost.meal_breaks_missed), "{algorithm:?}, seed {seed}");
    assert_eq!(report.soft.len(), report.kpis.meal_breaks_missed);
    // Each optional visit left out says `optional`; a group counts once.
    let mut calls: Vec<String> = solved
        .rota
        .unassigned
        .iter()
        .filter(|u| u.reason == rota::format::Reason::Optional)
        .map(|u| {
            let v = problem.visits.iter().find(|v| v.id == u.visit).unwrap();
            v.optional_group.clone().unwrap_or_else(|| format!("visit {}", v.id))
        })
        .collect();
    calls.sort();
    calls.dedup();
    assert_eq!(calls.len(), checked.0, "{algorithm:?}, seed {seed}: each optional visit left out says `optional`");
    checked
}

#[test]
fn solver_output_with_the_features_passes_the_checker_at_the_same_cost() {
    let (mut used, mut left_out, mut no_break) = ([0; 3], 0, 0);
    for seed in 0..60 {
        let (problem, u) = feature_week(seed);
        for i in 0..3 {
            used[i] += u[i];
        }
        for algorithm in [Algorithm::Lns, Algorithm::Greedy] {
            let (o, m) = solve_and_check(&problem, algorithm, seed);
            left_out += o;
            no_break += m;
        }
    }
    // The weeks use every feature, and the checks see both answers.
    assert!(used.iter().all(|&n| n > 50), "visits with windows, optional visits, carers with breaks: {used:?}");
    assert!(left_out > 0 && no_break > 0, "{left_out} optional visits left out, {no_break} rounds without a break");
}
