//! Every shipped week, solved by the greedy baseline and by a short search, passes the
//! independent checker with zero hard violations and accounts for every visit seat.

use rota::check::check;
use rota::format;
use rota::solve::{solve, Algorithm, Budget, SolveOptions};
use rota::travel::Travel;
use std::path::Path;

fn solve_and_check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets").join(name);
    let (problem, warnings) = format::load_problem(dir.join("problem.json")).unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings.0.is_empty(), "{name}: {warnings}");
    let travel = Travel::for_problem(&problem, &dir, name).unwrap();
    for (algorithm, budget) in [(Algorithm::Greedy, Budget::Iterations(0)), (Algorithm::Lns, Budget::Iterations(150))] {
        let options = SolveOptions { algorithm, budget, threads: 2, ..SolveOptions::default() };
        let solution = solve(&problem, &travel, &options, &|_| {});
        let text = format::to_json(&solution.rota);
        let rota = format::parse_rota(&text, "rota.json", &problem).unwrap_or_else(|e| panic!("{name}: {e}"));
        let report = check(&problem, &rota, &travel);
        assert!(
            report.violations.is_empty(),
            "{name} {algorithm:?}: {:#?}",
            &report.violations[..5.min(report.violations.len())]
        );
        let scheduled = report.kpis.visits.scheduled_seats;
        let unassigned = report.kpis.visits.unassigned_seats as usize;
        assert_eq!(scheduled + unassigned, problem.seat_count(), "{name} {algorithm:?}: seats lost");
        // A floor that only a broken solver falls through. The weeks are sized by the capacity rule
        // (datasets/README.md) for a good rota to place (nearly) every seat: greedy places 91-99% of the
        // seats (Kent lowest, its clients' team of at most four carers) and a 150-iteration search
        // 95-100%; the Kent week short of evening carers on purpose, 85% and 87%.
        assert!(scheduled * 10 >= problem.seat_count() * 8, "{name} {algorithm:?}: only {scheduled} seats placed");
    }
}

#[test]
fn demo() {
    solve_and_check("demo");
}

#[test]
fn kent_canterbury() {
    solve_and_check("kent-canterbury");
}

#[test]
fn milton_keynes() {
    solve_and_check("milton-keynes");
}

#[test]
fn hammersmith_fulham() {
    solve_and_check("hammersmith-fulham");
}

#[test]
fn bexley() {
    solve_and_check("bexley");
}

#[test]
fn isle_of_wight_on_real_roads() {
    solve_and_check("isle-of-wight");
}

#[test]
fn kent_over_demand() {
    solve_and_check("kent-over-demand");
}

#[test]
fn kent_week2() {
    solve_and_check("kent-week2");
}
