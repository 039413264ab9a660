//! Solve a generated problem with the greedy baseline and the search, and judge each rota.
//!
//! A run fails when, for either algorithm:
//! - the solver or the checker panics;
//! - the rota does not read back as a valid rota of the problem (`rota check`'s loader);
//! - the independent checker ([`rota::check::check`]) finds any hard violation;
//! - a visit is not accounted for: every visit must be scheduled with all its carers (each in
//!   a different carer's round) or listed unassigned for all its seats with a reason, never
//!   half-staffed, never missing or counted twice;
//! - (when asked) the search gives another rota on a second run with the same seed, threads
//!   and iteration budget.

use crate::problem::Case;
use rota::check::check;
use rota::format::{self, Rota};
use rota::solve::{solve, Algorithm, Budget, SolveOptions};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

/// How to solve.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// The solver's seed.
    pub seed: u64,
    /// The search's iterations per thread.
    pub iterations: u64,
    /// Search threads.
    pub threads: usize,
    /// Solve with the search twice and require the same rota.
    pub determinism: bool,
}

/// What a passing run placed, over both algorithms.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Visit seats in the problem (per algorithm).
    pub seats: usize,
    /// Seats the search scheduled.
    pub placed: usize,
    /// Unassigned seats of the search's rota by reason code.
    pub reasons: BTreeMap<&'static str, usize>,
}

/// Why a run failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// `greedy` or `lns`.
    pub algorithm: &'static str,
    /// A short stable signature: `solver_panic`, `checker_panic`, `unreadable_rota`,
    /// `violation:<rules>`, `conservation`, `half_staffed`, `same_carer_twice` or
    /// `nondeterministic`. Minimisation keeps a failure with the same signature.
    pub kind: String,
    /// The details: the panic message, the violations, the visits.
    pub detail: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.algorithm, self.kind, self.detail)
    }
}

fn name(a: Algorithm) -> &'static str {
    match a {
        Algorithm::Greedy => "greedy",
        Algorithm::Lns => "lns",
    }
}

fn panic_message(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
}

/// Solve `case` with both algorithms and judge the rotas (see the module docs).
pub fn run(case: &Case, options: &RunOptions) -> Result<Outcome, Failure> {
    let mut outcome = Outcome::default();
    for algorithm in [Algorithm::Greedy, Algorithm::Lns] {
        let rota = solve_and_judge(case, algorithm, options)?;
        if algorithm == Algorithm::Lns {
            outcome.seats = case.problem.seat_count();
            let unplaced: usize = rota.unassigned.iter().map(|u| u.seats as usize).sum();
            outcome.placed = outcome.seats.saturating_sub(unplaced);
            for u in &rota.unassigned {
                *outcome.reasons.entry(u.reason.code()).or_default() += u.seats as usize;
            }
            if options.determinism {
                let again = solve_once(case, algorithm, options)?;
                if (&again.rounds, &again.unassigned) != (&rota.rounds, &rota.unassigned) {
                    return Err(Failure {
                        algorithm: name(algorithm),
                        kind: "nondeterministic".into(),
                        detail: format!(
                            "two runs with seed {}, {} thread(s) and {} iterations gave different rotas",
                            options.seed, options.threads, options.iterations
                        ),
                    });
                }
            }
        }
    }
    Ok(outcome)
}

fn solve_once(case: &Case, algorithm: Algorithm, options: &RunOptions) -> Result<Rota, Failure> {
    let solve_options = SolveOptions {
        algorithm,
        time_limit: Duration::from_secs(120),
        budget: Budget::Iterations(options.iterations),
        seed: options.seed,
        threads: options.threads,
        ..SolveOptions::default()
    };
    catch_unwind(AssertUnwindSafe(|| solve(&case.problem, &case.travel, &solve_options, &|_| {}).rota))
        .map_err(|e| Failure { algorithm: name(algorithm), kind: "solver_panic".into(), detail: panic_message(&*e) })
}

/// One algorithm's rota, if it passes every judgement.
pub fn solve_and_judge(case: &Case, algorithm: Algorithm, options: &RunOptions) -> Result<Rota, Failure> {
    let fail = |kind: &str, detail: String| Failure { algorithm: name(algorithm), kind: kind.into(), detail };
    let rota = solve_once(case, algorithm, options)?;
    let text = format::to_json(&rota);
    let rota = format::parse_rota(&text, "rota.json", &case.problem)
        .map_err(|e| fail("unreadable_rota", format!("{e}\n{text}")))?;
    let report = catch_unwind(AssertUnwindSafe(|| check(&case.problem, &rota, &case.travel)))
        .map_err(|e| fail("checker_panic", panic_message(&*e)))?;
    if !report.violations.is_empty() {
        let rules: BTreeSet<&str> = report.violations.iter().map(|v| v.rule).collect();
        let kind = format!("violation:{}", rules.into_iter().collect::<Vec<_>>().join(","));
        let lines: Vec<String> = report.violations.iter().map(|v| v.to_string()).collect();
        return Err(fail(&kind, lines.join("\n")));
    }
    accounted(&case.problem, &rota).map_err(|(kind, detail)| fail(kind, detail))?;
    Ok(rota)
}

/// Every visit scheduled with all its carers, each in a different carer's round, or unassigned
/// for all its seats; nothing else in the rota.
fn accounted(problem: &rota::model::Problem, rota: &Rota) -> Result<(), (&'static str, String)> {
    let mut scheduled: HashMap<&str, Vec<&str>> = HashMap::new();
    for round in &rota.rounds {
        for planned in &round.visits {
            scheduled.entry(planned.visit.as_str()).or_default().push(round.carer.as_str());
        }
    }
    let mut unassigned: HashMap<&str, usize> = HashMap::new();
    for u in &rota.unassigned {
        *unassigned.entry(u.visit.as_str()).or_default() += u.seats as usize;
    }
    for v in &problem.visits {
        let carers = scheduled.remove(v.id.as_str()).unwrap_or_default();
        let open = unassigned.remove(v.id.as_str()).unwrap_or(0);
        let need = v.carers_required as usize;
        if carers.len() + open != need {
            return Err((
                "conservation",
                format!(
                    "visit {} needs {need} seat(s): {} scheduled ({carers:?}), {open} unassigned",
                    v.id,
                    carers.len()
                ),
            ));
        }
        if !carers.is_empty() && open > 0 {
            return Err((
                "half_staffed",
                format!("visit {} needs {need} carers: {carers:?} scheduled and {open} seat(s) unassigned", v.id),
            ));
        }
        let distinct: BTreeSet<&str> = carers.iter().copied().collect();
        if distinct.len() != carers.len() {
            return Err(("same_carer_twice", format!("visit {} has one carer in two seats: {carers:?}", v.id)));
        }
    }
    if let Some(id) = scheduled.keys().chain(unassigned.keys()).next() {
        return Err(("conservation", format!("the rota names visit {id}, which the problem does not have")));
    }
    Ok(())
}
