//! Package fit (`rota::fit`): every option it returns, applied to the rota, passes the
//! independent checker on the problem with the package, and places every call of the package;
//! a strict option moves no existing visit and a repair moves at most K.

mod common;

use common::week::random_week;
use proptest::prelude::*;
use rota::fit::{apply, fit, merge, sample::random_package, FitOptions, Verdict};
use rota::solve::{solve, Budget, SolveOptions};
use rota::travel::Travel;
use std::collections::BTreeSet;
use std::path::Path;

/// Fit a random package into a solved random week; check every option. Returns the verdict.
fn fit_and_check(seed: u64) -> Verdict {
    let problem = random_week(seed);
    let travel = Travel::for_problem(&problem, Path::new("."), "random.json").unwrap();
    let options = SolveOptions { budget: Budget::Iterations(30), seed, ..SolveOptions::default() };
    let rota = solve(&problem, &travel, &options, &|_| {}).rota;
    let package = random_package(&problem, seed);
    let (merged, _) = merge(&problem, &package, "package.json").unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    let travel = Travel::for_problem(&merged, Path::new("."), "random.json").unwrap();
    let fit_options = FitOptions { repair_k: 2, ..FitOptions::default() };
    let answer = fit(&merged, &travel, &rota, &package, &fit_options);
    let calls: BTreeSet<&str> = package.visits.iter().map(|v| v.id.as_str()).collect();
    let seats = |id: &str| package.visits.iter().find(|v| v.id == id).unwrap().carers_required as usize;
    for option in &answer.options {
        let placed: BTreeSet<&str> = option.calls.iter().map(|c| c.visit.as_str()).collect();
        assert_eq!(placed, calls, "seed {seed}: option {} leaves calls out", option.rank);
        for c in &option.calls {
            assert_eq!(c.carers.len(), seats(&c.visit), "seed {seed}: {} has the wrong number of carers", c.visit);
        }
        match option.mode {
            Verdict::Strict => assert!(option.moves.is_empty(), "seed {seed}: a strict option moves visits"),
            _ => assert!(option.moves.len() <= fit_options.repair_k, "seed {seed}: too many moves"),
        }
        let applied = apply(&merged, &travel, &rota, option).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let report = rota::check::check(&merged, &applied, &travel);
        assert!(report.is_feasible(), "seed {seed}, option {}:\n{report}", option.rank);
        let unplaced: Vec<&str> =
            applied.unassigned.iter().map(|u| u.visit.as_str()).filter(|v| calls.contains(v)).collect();
        assert!(unplaced.is_empty(), "seed {seed}: the applied rota leaves {unplaced:?} out");
        // Every visit the rota placed is still placed, where the option does not move it.
        let moved: BTreeSet<&str> = option.moves.iter().map(|m| m.visit.as_str()).collect();
        // (Bar those the fit says it could not hold where they were.)
        let unheld = |id: &str| answer.notes.iter().any(|n| n.contains(&format!("visit {id} ")));
        for round in &rota.rounds {
            for pv in round.visits.iter().filter(|pv| !moved.contains(pv.visit.as_str()) && !unheld(&pv.visit)) {
                let kept = applied.rounds.iter().any(|r| {
                    r.carer == round.carer
                        && r.date == round.date
                        && r.visits.iter().any(|x| x.visit == pv.visit && x.start == pv.start)
                });
                assert!(kept, "seed {seed}: {} of {} moved without being listed", pv.visit, round.carer);
            }
        }
    }
    match answer.verdict {
        Verdict::No => assert!(answer.options.is_empty() && !answer.blocked.is_empty(), "seed {seed}: {answer}"),
        Verdict::Repair => assert!(!answer.blocked.is_empty(), "seed {seed}: a repair says what blocked strict"),
        Verdict::Strict => assert!(!answer.options.is_empty()),
    }
    answer.verdict
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn every_option_applied_passes_the_checker(seed in 0u64..1_000_000) {
        fit_and_check(seed);
    }
}

/// The property above means something only if the weeks give every verdict: over a fixed run
/// of seeds, strict, repair and no answers all occur.
#[test]
fn random_weeks_give_every_verdict() {
    let verdicts: Vec<Verdict> = (5100..5160).map(fit_and_check).collect();
    for v in [Verdict::Strict, Verdict::Repair, Verdict::No] {
        assert!(verdicts.contains(&v), "no {v} answer in {verdicts:?}");
    }
}
