//! Stopping a solve early: a cancellation ([`Cancel`]) or a time limit that runs out, during the
//! construction or the search, gives a valid rota (every visit scheduled or unassigned with a
//! reason, no rule broken) that says what stopped it and that it is not repeatable.

use rota::check::check;
use rota::format::{self, Reason};
use rota::model::Problem;
use rota::solve::{solve, Algorithm, Budget, Cancel, Solution, SolveOptions, Stop};
use rota::travel::Travel;
use std::path::Path;
use std::time::{Duration, Instant};

fn demo() -> Problem {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../datasets/demo/problem.json");
    format::load_problem(path).unwrap_or_else(|e| panic!("{e}")).0
}

/// Solve and check: every visit is scheduled or unassigned with a reason, no hard violation.
fn solve_and_check(p: &Problem, options: &SolveOptions) -> Solution {
    let travel = Travel::for_problem(p, Path::new("."), "demo").unwrap();
    let s = solve(p, &travel, options, &|_| {});
    let report = check(p, &s.rota, &travel);
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
    let placed: usize = s.rota.rounds.iter().map(|r| r.visits.len()).sum();
    let open: usize = s.rota.unassigned.iter().map(|u| u.seats as usize).sum();
    assert_eq!(placed + open, p.seat_count(), "every seat is scheduled or unassigned");
    s
}

#[test]
fn a_solve_cancelled_before_it_starts_leaves_every_visit_not_attempted() {
    let p = demo();
    for algorithm in [Algorithm::Lns, Algorithm::Greedy] {
        let cancel = Cancel::new();
        cancel.cancel();
        let s = solve_and_check(&p, &SolveOptions { algorithm, cancel, ..SolveOptions::default() });
        assert_eq!(s.stop, Some(Stop::Interrupted));
        assert!(s.rota.rounds.is_empty());
        assert_eq!(s.rota.unassigned.len(), p.visits.len());
        assert!(s.rota.unassigned.iter().all(|u| u.reason == Reason::NotAttempted && u.detail.contains("interrupted")));
        let made_by = s.rota.made_by.unwrap();
        assert_eq!((made_by.stopped_by, made_by.repeatable), (Some(Stop::Interrupted), Some(false)));
    }
}

#[test]
fn a_solve_cancelled_during_the_search_keeps_the_best_rota_so_far() {
    let p = demo();
    let cancel = Cancel::new();
    let options = SolveOptions {
        budget: Budget::FullTime,
        time_limit: Duration::from_secs(3600),
        threads: 2,
        cancel: cancel.clone(),
        ..SolveOptions::default()
    };
    let searching = std::sync::atomic::AtomicBool::new(false);
    let travel = Travel::for_problem(&p, Path::new("."), "demo").unwrap();
    let s = std::thread::scope(|scope| {
        scope.spawn(|| {
            // Cancel once the search has done an epoch or two (no timing is asserted).
            while !searching.load(std::sync::atomic::Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(5));
            }
            cancel.cancel();
        });
        solve(&p, &travel, &options, &|progress| {
            if progress.iterations > 0 {
                searching.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        })
    });
    assert_eq!(s.stop, Some(Stop::Interrupted));
    assert!(s.iterations > 0 && s.cost.total <= s.initial_cost.total);
    let report = check(&p, &s.rota, &travel);
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
    // The search had placed what the construction placed: nothing is `not_attempted`.
    assert!(s.rota.unassigned.iter().all(|u| u.reason != Reason::NotAttempted));
    assert_eq!(s.rota.made_by.unwrap().stopped_by, Some(Stop::Interrupted));
}

#[test]
fn a_time_limit_already_spent_stops_the_construction_and_says_so() {
    let p = demo();
    // The time limit counts from a caller-given start (as `rota solve` gives the process start):
    // here it ran out before the solve began.
    let started = Instant::now().checked_sub(Duration::from_secs(2)).unwrap();
    let options =
        SolveOptions { time_limit: Duration::from_secs(1), started: Some(started), ..SolveOptions::default() };
    let s = solve_and_check(&p, &options);
    assert_eq!(s.stop, Some(Stop::Clock));
    assert!(s.rota.unassigned.iter().all(|u| u.reason == Reason::NotAttempted && u.detail.contains("time limit")));
    assert_eq!(s.rota.made_by.unwrap().repeatable, Some(false));
}

#[test]
fn runs_a_budget_ends_are_marked_repeatable() {
    let p = demo();
    let options = SolveOptions {
        budget: Budget::Iterations(50),
        time_limit: Duration::from_secs(600),
        ..SolveOptions::default()
    };
    let s = solve_and_check(&p, &options);
    let made_by = s.rota.made_by.unwrap();
    assert_eq!(
        (made_by.stopped_by, made_by.repeatable, made_by.iterations),
        (Some(Stop::Iterations), Some(true), Some(50))
    );
    let greedy = solve_and_check(&p, &SolveOptions { algorithm: Algorithm::Greedy, ..SolveOptions::default() });
    let made_by = greedy.rota.made_by.unwrap();
    assert_eq!((made_by.stopped_by, made_by.repeatable), (None, Some(true)));
}
