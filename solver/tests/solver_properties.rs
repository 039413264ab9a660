//! Property tests: every rota the solver returns passes the independent checker.
//!
//! Each case draws a small random week that mixes every rule type: skills with expiry dates,
//! refusals, required and soft preferences, split shifts, time-critical visits, explicit windows,
//! double- and triple-handed visits, precedence and synchronisation links, Bexley call spacing,
//! Hammersmith & Fulham core hours and continuity bands, tiny continuity caps, daily and weekly
//! hours, break rules, walking carers and separate end locations, and the generic routing
//! features (round capacity and visit demand, soft due times, links needing different carers,
//! rounds held inside availability with their commute). Both the search and the greedy
//! baseline must return rotas with zero hard violations that account for every visit seat.

mod common;

use common::week::random_week;
use proptest::prelude::*;
use rota::check::check;
use rota::format::{self, Rota};
use rota::model::Problem;
use rota::solve::{solve, Algorithm, Budget, SolveOptions};
use rota::travel::Travel;
use std::path::Path;

fn solve_and_check(problem: &Problem, algorithm: Algorithm, seed: u64) -> Rota {
    let travel = Travel::for_problem(problem, Path::new("."), "random.json").unwrap();
    let options = SolveOptions { algorithm, budget: Budget::Iterations(30), seed, ..SolveOptions::default() };
    let rota = solve(problem, &travel, &options, &|_| {}).rota;
    // The rota must read back as a valid rota of the problem, and pass the checker.
    let text = format::to_json(&rota);
    let rota = format::parse_rota(&text, "rota.json", problem).unwrap_or_else(|e| panic!("invalid rota:\n{e}\n{text}"));
    let report = check(problem, &rota, &travel);
    assert!(
        report.violations.is_empty(),
        "{algorithm:?} broke hard rules on {}:\n{:#?}\nproblem: {}\nrota: {text}",
        problem.name,
        report.violations,
        format::to_json(problem)
    );
    rota
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn search_output_always_passes_the_checker(seed in any::<u64>()) {
        let problem = random_week(seed);
        solve_and_check(&problem, Algorithm::Lns, seed);
    }

    #[test]
    fn greedy_output_always_passes_the_checker(seed in any::<u64>()) {
        let problem = random_week(seed);
        solve_and_check(&problem, Algorithm::Greedy, seed);
    }
}

#[test]
fn random_weeks_exercise_every_rule_type() {
    // The generator must actually produce the mix the property tests claim.
    let (mut multi, mut linked, mut tc, mut windows, mut prefs) = (0, 0, 0, 0, 0);
    for seed in 0..200 {
        let p = random_week(seed);
        multi += p.visits.iter().filter(|v| v.carers_required > 1).count();
        linked += p.visits.iter().filter(|v| !v.links.is_empty()).count();
        tc += p.visits.iter().filter(|v| v.time_critical).count();
        windows += p.visits.iter().filter(|v| v.window.is_some()).count();
        prefs += p.clients.iter().filter(|c| c.preferences.iter().any(|x| x.required)).count();
    }
    for (name, n) in [
        ("multi-carer", multi),
        ("linked", linked),
        ("time-critical", tc),
        ("windowed", windows),
        ("required preference", prefs),
    ] {
        assert!(n > 50, "only {n} {name} visits or clients in 200 random weeks");
    }
}

#[test]
fn random_weeks_are_not_trivially_empty_rotas() {
    // Passing the checker is only meaningful if the rotas place work, including the coupled kinds.
    let (mut seats, mut placed, mut multi_placed, mut linked_placed) = (0, 0, 0, 0);
    let mut reasons = std::collections::BTreeMap::new();
    for seed in 0..200 {
        let p = random_week(seed);
        let rota = solve_and_check(&p, Algorithm::Lns, seed);
        seats += p.seat_count();
        let unplaced: usize = rota.unassigned.iter().map(|u| u.seats as usize).sum();
        for u in &rota.unassigned {
            *reasons.entry(u.reason.code()).or_insert(0usize) += u.seats as usize;
        }
        placed += p.seat_count() - unplaced;
        for v in &p.visits {
            let done = rota.rounds.iter().any(|r| r.visits.iter().any(|x| x.visit == v.id));
            multi_placed += (done && v.carers_required > 1) as usize;
            linked_placed += (done && !v.links.is_empty()) as usize;
        }
    }
    eprintln!("placed {placed} of {seats} seats; {multi_placed} multi-carer and {linked_placed} linked visits placed");
    eprintln!("unassigned seats by reason: {reasons:?}");
    assert!(placed * 10 > seats * 4, "placed only {placed} of {seats} seats: {reasons:?}");
    // Nearly every unplaced seat has a structural reason (skills, availability, links,
    // refusals), not a failure of the search to find room.
    // (`no_second_carer` is left out: in weeks of two to five carers it is mostly structural, a
    // triple-handed visit with two carers.)
    let room: usize = reasons.get("no_capacity").copied().unwrap_or(0);
    assert!(room * 20 < seats, "{room} seats unplaced for lack of room: {reasons:?}");
    assert!(multi_placed > 50 && linked_placed > 20, "{multi_placed} multi-carer, {linked_placed} linked");
}

/// A long deterministic sweep for hunting rare failures: `ROTA_SWEEP=20000 cargo test --release
/// -p rota --test solver_properties sweep -- --ignored`.
#[test]
#[ignore]
fn sweep() {
    let n: u64 = std::env::var("ROTA_SWEEP").ok().and_then(|s| s.parse().ok()).unwrap_or(2000);
    for seed in 0..n {
        let p = random_week(seed);
        for a in [Algorithm::Lns, Algorithm::Greedy] {
            let r = std::panic::catch_unwind(|| solve_and_check(&p, a, seed));
            assert!(r.is_ok(), "seed {seed} {a:?} failed");
        }
    }
}

/// Weeks the sweep once caught. 441: removing a round's first visit left a pinned visit first
/// with no room before it for the commute from home (`commute_on_shift`), and the repair loop
/// found no closed window to blame, so the round stayed broken.
#[test]
fn weeks_the_sweep_caught() {
    for seed in [441] {
        let p = random_week(seed);
        for a in [Algorithm::Lns, Algorithm::Greedy] {
            solve_and_check(&p, a, seed);
        }
    }
}
