//! The local search's exact pricing: every move it makes changes the objective by exactly the
//! amount it priced, never breaks a hard rule, and keeps every seat.

use super::*;
use crate::solve::objective::evaluate;
use crate::solve::recreate::construct;
use crate::travel::Travel;
use std::path::Path;

fn load(name: &str) -> (crate::model::Problem, Travel) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets").join(name).join("problem.json");
    let (problem, _) = crate::format::load_problem(&path).expect("a shipped dataset loads");
    let travel = Travel::for_problem(&problem, path.parent().unwrap(), "problem.json").expect("travel");
    (problem, travel)
}

/// Improve a first rota of a shipped week (`start`: the construction or the greedy baseline) one
/// operator at a time and compare each priced change with a full evaluation; then check the
/// rota with the independent checker.
fn priced_moves_match_the_objective(name: &str, start: fn(&Instance) -> Solution, every_operator: bool) {
    let (problem, travel) = load(name);
    let moves = priced_moves_match_on(&problem, &travel, start, every_operator);
    assert!(moves > 0);
}

/// [`priced_moves_match_the_objective`] on any problem; the number of moves made.
fn priced_moves_match_on(
    problem: &crate::model::Problem,
    travel: &Travel,
    start: fn(&Instance) -> Solution,
    every_operator: bool,
) -> usize {
    let inst = Instance::new(problem, travel);
    let ctx = Context::new(&inst);
    let mut sol = start(&inst);
    let seats_before: usize = sol.assigned.iter().map(Crew::len).sum();
    let mut cost = evaluate(&inst, &sol).total;
    let start = cost;
    let mut pricer = Pricer::default();
    let mut moves = [0usize; OPERATORS.len()];
    let mut targets = Vec::new();
    for v in 0..inst.visits.len() {
        for (o, (name, op)) in OPERATORS.iter().enumerate() {
            if !sol.is_assigned(v) {
                continue;
            }
            near(&inst, &ctx, &sol, v, &mut targets);
            if let Some((change, d)) = op(&inst, &sol, v, &targets, &mut pricer) {
                assert!(d < 0.0, "{name} priced a move that does not improve: {d}");
                pricer.commit(&inst, &mut sol, &change);
                let now = evaluate(&inst, &sol).total;
                assert!(
                    (now - (cost + d)).abs() < 1e-6 * cost.abs().max(1.0),
                    "{name}: priced {d}, got {}",
                    now - cost
                );
                cost = now;
                moves[o] += 1;
            }
        }
    }
    if every_operator {
        assert!(moves.iter().all(|&m| m > 0), "every operator improves the construction somewhere: {moves:?}");
    }
    assert!(cost <= start);
    let seats_after: usize = sol.assigned.iter().map(Crew::len).sum();
    assert_eq!(seats_before, seats_after, "moves keep every seat");
    let rota = crate::solve::output::rota(problem, &inst, &sol);
    let report = crate::check::check(problem, &rota, travel);
    assert_eq!(report.violations.len(), 0, "{:?}", report.violations.first());
    // The checker's own overrun and idle time agree with the search's.
    let parts = evaluate(&inst, &sol);
    assert_eq!(report.kpis.shifts.overrun_min, crate::time::as_minutes(parts.overrun));
    assert_eq!(report.kpis.shifts.max_idle_min, crate::time::as_minutes(parts.max_idle));
    moves.iter().sum()
}

#[test]
fn priced_moves_match_the_objective_on_the_demo_week() {
    // From the greedy baseline, which leaves work for every operator, and from the construction.
    priced_moves_match_the_objective("demo", crate::solve::greedy::greedy, true);
    priced_moves_match_the_objective("demo", construct, false);
}

#[test]
fn priced_moves_match_the_objective_on_the_bexley_week() {
    // Bexley: call spacing fixes most starts, and there are double-handed visits and tight
    // continuity caps, so 2-opt* finds no tail both rounds can take.
    priced_moves_match_the_objective("bexley", construct, false);
}

/// A shipped UHHC instance, imported and loaded back as `rota import` writes it.
fn load_uhhc(name: &str) -> (crate::model::Problem, Travel) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../benchmarks/uhhc2025/generated-small");
    let text = std::fs::read_to_string(dir.join(name)).expect("a shipped instance");
    let raw = crate::import::uhhc::parse(name, &text).expect("it parses");
    let imported = crate::import::convert::uhhc(&raw, "matrix.json");
    let tmp = std::env::temp_dir().join(format!("rota-priced-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    crate::format::save_json(tmp.join("problem.json"), &imported.problem).unwrap();
    crate::format::save_json(tmp.join("matrix.json"), &imported.matrix).unwrap();
    let (problem, _) = crate::format::load_problem(tmp.join("problem.json")).expect("it loads");
    let travel = Travel::for_problem(&problem, &tmp, "problem.json").expect("travel");
    let _ = std::fs::remove_dir_all(&tmp);
    (problem, travel)
}

#[test]
fn priced_moves_match_the_objective_with_overrun_idle_time_and_meal_breaks() {
    // UHHC's small instances: shifts that may run over at a price, the largest idle time of a
    // working day priced, and lunch breaks.
    let mut moves = 0;
    for name in (0..10).map(|i| format!("instance-{i:03}.json")) {
        let (problem, travel) = load_uhhc(&name);
        assert!(problem.objective.max_idle_minute > 0.0 && problem.carers.iter().all(|c| c.overrun_min > 0));
        assert!(problem.carers.iter().any(|c| c.meal_break.is_some()));
        moves += priced_moves_match_on(&problem, &travel, crate::solve::greedy::greedy, false);
        moves += priced_moves_match_on(&problem, &travel, construct, false);
    }
    eprintln!("{moves} moves");
    assert!(moves > 0);
}

#[test]
fn improve_lowers_the_objective_and_keeps_the_rota_valid() {
    let (problem, travel) = load("hammersmith-fulham");
    let inst = Instance::new(&problem, &travel);
    let ctx = Context::new(&inst);
    let mut sol = construct(&inst);
    let before = evaluate(&inst, &sol).total;
    let mut focus: Vec<usize> = (0..inst.visits.len()).collect();
    let d = improve(&inst, &ctx, &mut sol, &mut focus, &mut Rng::seeded(3));
    let after = evaluate(&inst, &sol).total;
    assert!(d < 0.0);
    assert!((after - (before + d)).abs() < 1e-6 * before);
    let rota = crate::solve::output::rota(&problem, &inst, &sol);
    assert_eq!(crate::check::check(&problem, &rota, &travel).violations.len(), 0);
}

#[test]
fn the_two_opt_star_travel_estimate_is_exact() {
    let (problem, travel) = load("demo");
    let inst = Instance::new(&problem, &travel);
    let ctx = Context::new(&inst);
    let sol = construct(&inst);
    let mut targets = Vec::new();
    let mut tried = 0;
    for v in (0..inst.visits.len()).filter(|&v| sol.is_assigned(v)) {
        near(&inst, &ctx, &sol, v, &mut targets);
        let a = sol.assigned[v].first().unwrap();
        let (ra, i) = position(&inst, &sol, v, a).unwrap();
        for t in targets.iter().filter(|t| t.round != ra) {
            let (route_a, route_b) = (&sol.routes[ra], &sol.routes[t.round]);
            let new_a = seq_travel(&inst, a, route_a.visits[..=i].iter().chain(&route_b.visits[t.pos..]).copied());
            let new_b =
                seq_travel(&inst, t.carer, route_b.visits[..t.pos].iter().chain(&route_a.visits[i + 1..]).copied());
            let walked = new_a + new_b - route_a.travel - route_b.travel;
            assert_eq!(two_opt_star::travel_change(&inst, route_a, i, route_b, t.pos), walked);
            tried += 1;
        }
    }
    assert!(tried > 100);
}

#[test]
fn the_or_opt_travel_estimate_is_exact() {
    let (problem, travel) = load("demo");
    let inst = Instance::new(&problem, &travel);
    let sol = construct(&inst);
    let mut tried = 0;
    for ra in (0..sol.routes.len()).filter(|&r| sol.routes[r].visits.len() >= 2) {
        let (a, day) = (sol.routes[ra].carer, sol.routes[ra].day);
        let route_a = &sol.routes[ra].visits;
        for len in 2..=3.min(route_a.len()) {
            for i in 0..=route_a.len() - len {
                let string = &route_a[i..i + len];
                let rest: Vec<usize> =
                    route_a.iter().enumerate().filter(|(x, _)| !(i..i + len).contains(x)).map(|(_, &v)| v).collect();
                // Every other round of the day, and every place in this one outside the string.
                for rb in (0..sol.routes.len()).filter(|&r| sol.routes[r].day == day) {
                    let b = sol.routes[rb].carer;
                    let route_b = &sol.routes[rb].visits;
                    for pos in 0..=route_b.len() {
                        if rb == ra && (i..=i + len).contains(&pos) {
                            continue;
                        }
                        let walked = if rb == ra {
                            let at = if pos > i { pos - len } else { pos };
                            let mut order = rest.clone();
                            order.splice(at..at, string.iter().copied());
                            seq_travel(&inst, a, order) - sol.routes[ra].travel
                        } else {
                            let mut order = route_b.clone();
                            order.splice(pos..pos, string.iter().copied());
                            seq_travel(&inst, a, rest.iter().copied()) + seq_travel(&inst, b, order)
                                - sol.routes[ra].travel
                                - sol.routes[rb].travel
                        };
                        assert_eq!(or_opt::travel_change(&inst, &sol, (ra, i, len), (rb, pos)), walked);
                        tried += 1;
                    }
                }
            }
        }
    }
    assert!(tried > 100, "{tried}");
}
