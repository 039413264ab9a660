//! The bound never exceeds what the solver achieves on any shipped week: every rota the solver
//! writes (greedy, and a short search), once it passes the independent checker, leaves at
//! least as many seats unplaced as the bound says, in the week and in every day and band.

use rota::check::check;
use rota::format;
use rota::solve::{solve, Algorithm, Budget, SolveOptions};
use rota::travel::Travel;
use rota_capacity::{bound, gap, BoundOptions};
use std::path::Path;

#[test]
fn every_shipped_week_is_bounded_below_its_rotas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets");
    let mut weeks: Vec<_> = std::fs::read_dir(&root)
        .expect("datasets/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|d| d.join("problem.json").is_file())
        .collect();
    weeks.sort();
    assert!(weeks.len() >= 6, "the shipped weeks are missing: {weeks:?}");
    for dir in weeks {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let (problem, _) = format::load_problem(dir.join("problem.json")).unwrap_or_else(|e| panic!("{e}"));
        let travel = Travel::for_problem(&problem, &dir, &name).unwrap();
        let b = bound(&problem, &travel, &BoundOptions { explain: false, ..BoundOptions::default() }).unwrap();
        assert_eq!(b.seats as usize, problem.seat_count(), "{name}: seats");
        for (algorithm, budget) in
            [(Algorithm::Greedy, Budget::Iterations(0)), (Algorithm::Lns, Budget::Iterations(100))]
        {
            let options = SolveOptions { algorithm, budget, threads: 2, ..SolveOptions::default() };
            let rota = solve(&problem, &travel, &options, &|_| {}).rota;
            assert!(check(&problem, &rota, &travel).is_feasible(), "{name} {algorithm:?}: the rota breaks a rule");
            let unplaced: u64 = rota.unassigned.iter().map(|u| u.seats as u64).sum();
            assert!(b.unplaced <= unplaced, "{name} {algorithm:?}: bound {} above the rota's {unplaced}", b.unplaced);
            for g in gap(&problem, &rota, &b) {
                assert!(
                    g.bound <= g.unplaced,
                    "{name} {algorithm:?} {} {}: bound {} above the rota's {}",
                    g.date,
                    g.band,
                    g.bound,
                    g.unplaced
                );
            }
            eprintln!("{name} {algorithm:?}: {unplaced} of {} seats unplaced, bound {}", b.seats, b.unplaced);
        }
    }
}
