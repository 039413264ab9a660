//! The solver: builds a rota that breaks no hard rule, places as many visits as it can, keeps
//! each client's carers few, and keeps travel low.
//!
//! Two algorithms:
//! - [`Algorithm::Greedy`]: the baseline, visits in time order, each to the nearest free
//!   eligible carer (see [`greedy`]);
//! - [`Algorithm::Lns`] (default): a cheapest-insertion construction followed by a
//!   large-neighbourhood search with ruin (random, SISR strings, client-wise, whole rounds, room under the continuity cap),
//!   recreate and a granular local search (relocate, swap, 2-opt*; see [`local`]), accepted by
//!   simulated annealing (see [`lns`]).
//!
//! ```
//! use rota::solve::{solve, Budget, SolveOptions};
//! use rota::travel::Travel;
//! let text = r#"{"format_version":"1.0","week_start":"2026-11-30",
//!   "clients":[{"id":"c1","location":{"lat":51.28,"lon":1.08},"profile":"kent","weekly_hours":0.5}],
//!   "carers":[{"id":"k1","home":{"lat":51.29,"lon":1.07},
//!              "availability":[{"date":"2026-11-30","start":"07:00","end":"14:00"}]}],
//!   "visits":[{"id":"v1","client":"c1","date":"2026-11-30","start":"08:00","duration_min":30}]}"#;
//! let problem = rota::format::parse_problem(text, "demo.json").unwrap();
//! let travel = Travel::for_problem(&problem, std::path::Path::new("."), "demo.json").unwrap();
//! let options = SolveOptions { budget: Budget::Iterations(50), ..SolveOptions::default() };
//! let solution = solve(&problem, &travel, &options, &|_| {});
//! assert!(solution.rota.unassigned.is_empty());
//! assert_eq!(solution.rota.rounds[0].visits[0].start.to_string(), "08:00");
//! ```

pub mod anchor;
pub mod greedy;
pub mod instance;
pub mod lns;
pub mod local;
pub mod meal;
pub mod objective;
pub(crate) mod output;
pub mod recreate;
pub mod rest;
pub mod route;
pub mod ruin;
pub mod state;
pub mod waits;
pub mod work;

pub use anchor::{Anchors, Keep};
pub use lns::{Progress, Stop};
pub use objective::Cost;

use crate::format::{MadeBy, Rota};
use crate::model::Problem;
use crate::travel::Travel;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A flag that stops a solve early, from another thread or a signal handler: the solve then
/// returns within a fraction of a second with the best rota found so far, marked
/// [`Stop::Interrupted`]. Clones share the flag.
///
/// The search checks it before every iteration of every thread, and the construction before
/// every visit; visits the construction had not reached are unassigned as `not_attempted`.
///
/// ```
/// use rota::solve::{solve, Budget, Cancel, SolveOptions, Stop};
/// # let text = r#"{"format_version":"1.0","week_start":"2026-11-30",
/// #   "clients":[{"id":"c1","location":{"lat":51.28,"lon":1.08},"profile":"kent","weekly_hours":0.5}],
/// #   "carers":[{"id":"k1","home":{"lat":51.29,"lon":1.07},
/// #              "availability":[{"date":"2026-11-30","start":"07:00","end":"14:00"}]}],
/// #   "visits":[{"id":"v1","client":"c1","date":"2026-11-30","start":"08:00","duration_min":30}]}"#;
/// # let problem = rota::format::parse_problem(text, "demo.json").unwrap();
/// # let travel = rota::travel::Travel::for_problem(&problem, std::path::Path::new("."), "demo.json").unwrap();
/// let cancel = Cancel::new();
/// cancel.cancel(); // as a Ctrl-C handler would, at any time
/// let options = SolveOptions { budget: Budget::FullTime, cancel: cancel.clone(), ..SolveOptions::default() };
/// let solution = solve(&problem, &travel, &options, &|_| {});
/// assert_eq!(solution.stop, Some(Stop::Interrupted));
/// assert_eq!(solution.rota.unassigned[0].reason.code(), "not_attempted");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A flag not yet set.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Ask the solves that hold this flag to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether it was set.
    #[inline]
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Which algorithm to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Algorithm {
    /// Time order, nearest free carer; the baseline.
    Greedy,
    /// Construction plus large-neighbourhood search with local search.
    #[default]
    Lns,
}

/// What ends the search, besides the time limit.
///
/// All but [`Budget::FullTime`] are repeatable: the same problem, seed, thread count and budget
/// give the same rota, as long as the time limit does not cut the search short first (the
/// solution's [`Solution::stop`] says which ended it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Budget {
    /// A budget of work worth about two thirds of the time limit on the reference machine
    /// ([`work::budget`]). The default.
    #[default]
    FromTimeLimit,
    /// This many work units per thread ([`work`]).
    Work(u64),
    /// This many iterations per thread.
    Iterations(u64),
    /// Search until the time limit: all the time is used, but two runs may differ (how
    /// `rota bench` compares with published results).
    FullTime,
}

/// Options of a solve.
#[derive(Clone, Debug)]
pub struct SolveOptions {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Wall-clock limit, counted from [`SolveOptions::started`]: the search stops [`reserve`]
    /// before it, leaving that for building and writing the rota.
    pub time_limit: Duration,
    /// The instant the time limit counts from; `None`: when [`solve`] is called. `rota solve`
    /// passes the start of the process, so that reading the problem and building its travel
    /// matrices count against the limit too.
    pub started: Option<Instant>,
    /// Stops the solve early when set ([`Cancel`]).
    pub cancel: Cancel,
    /// What ends the search (the time limit always does too).
    pub budget: Budget,
    /// Random seed.
    pub seed: u64,
    /// Threads for the search.
    pub threads: usize,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            algorithm: Algorithm::Lns,
            time_limit: Duration::from_secs(60),
            started: None,
            cancel: Cancel::new(),
            budget: Budget::FromTimeLimit,
            seed: 1,
            threads: 1,
        }
    }
}

/// What a solve returns.
#[derive(Clone, Debug)]
pub struct Solution {
    /// The rota.
    pub rota: Rota,
    /// The objective of the rota, by part.
    pub cost: Cost,
    /// The objective of the construction (or the greedy rota).
    pub initial_cost: Cost,
    /// Seconds to the first rota with no hard violation (the construction).
    pub first_feasible_seconds: f64,
    /// Seconds in all.
    pub seconds: f64,
    /// Search iterations done, all threads together.
    pub iterations: u64,
    /// The work clock at the end ([`work`]): the construction's work plus each search epoch's
    /// slowest thread.
    pub work: u64,
    /// What ended the solve; `None` for the greedy baseline run whole, which has no search.
    /// [`Stop::Clock`] and [`Stop::Interrupted`] make a rota that another run may not repeat.
    pub stop: Option<Stop>,
}

/// The part of the time limit kept for turning the best solution into a rota and writing it:
/// 2% of the limit, and at least 50 ms and 10 µs a visit, but at most half the limit. On the
/// Kent week (4,027 visits; 90 ms kept) the rota took 5 ms to build and 15–22 ms to write, sync
/// included, on a loaded machine, and the iteration under way when the deadline came up to 5 ms.
pub fn reserve(limit: Duration, visits: usize) -> Duration {
    let per_visit = Duration::from_micros(10).saturating_mul(u32::try_from(visits).unwrap_or(u32::MAX));
    limit.mul_f64(0.02).max(Duration::from_millis(50) + per_visit).min(limit / 2)
}

/// Solve `problem` with its `travel`. Calls `progress` now and then (after each search epoch).
///
/// The problem must be valid and normalised, as [`crate::format::load_problem`] and
/// [`crate::format::parse_problem`] return it: ids resolve, dates are in the week, and gender
/// and language values are in one form ([`Problem::normalise`]). A problem built by hand should
/// go through [`Problem::normalise`] and [`crate::validate::problem`] first.
pub fn solve(
    problem: &Problem,
    travel: &Travel,
    options: &SolveOptions,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Solution {
    solve_anchored(problem, travel, options, &Anchors::default(), progress)
}

/// Solve `problem` as [`solve`] does, held to `anchors` ([`anchor`]): locked visits keep their
/// carers and start, nothing else starts before the anchors' now, and the search starts from
/// the previous plan and counts every change from it in the objective.
pub fn solve_anchored(
    problem: &Problem,
    travel: &Travel,
    options: &SolveOptions,
    anchors: &Anchors,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Solution {
    let began = Instant::now();
    let start = options.started.unwrap_or(began).min(began);
    let deadline = start + options.time_limit.saturating_sub(reserve(options.time_limit, problem.visits.len()));
    let cancel = &options.cancel;
    let halt = || cancel.is_cancelled() || Instant::now() >= deadline;
    let work_began = work::done();
    let (inst, initial, untried) = if anchors.is_empty() {
        let inst = instance::Instance::new(problem, travel);
        let (initial, untried) = match options.algorithm {
            Algorithm::Greedy => greedy::greedy_until(&inst, &halt),
            Algorithm::Lns => recreate::construct_until(&inst, &halt),
        };
        (inst, initial, untried)
    } else {
        let base = instance::Instance::new(problem, travel);
        let mut inst = base.clone();
        anchors.compile(problem, &mut inst);
        let (seeded, _) = anchor::seed(problem, &mut inst, anchors, &base);
        inst.count_fits(&problem.client_profiles());
        let (initial, untried) = recreate::construct_from(&inst, seeded, &halt);
        (inst, initial, untried)
    };
    let initial_cost = objective::evaluate(&inst, &initial);
    let first_feasible_seconds = began.elapsed().as_secs_f64();
    progress(&Progress { elapsed: first_feasible_seconds, iterations: 0, best: initial_cost });
    let work_done = work::done() - work_began;
    // A construction cut short: no search.
    let cut = (!untried.is_empty()).then(|| if cancel.is_cancelled() { Stop::Interrupted } else { Stop::Clock });
    // The budget that ended the search, if one did (not the clock): (work, iterations).
    let (sol, cost, iterations, work, stop, ended_by) = match (options.algorithm, cut) {
        (_, Some(stop)) => (initial, initial_cost, 0, work_done, Some(stop), (None, None)),
        (Algorithm::Greedy, None) => (initial, initial_cost, 0, work_done, None, (None, None)),
        (Algorithm::Lns, None) => {
            let (iterations, work) = match options.budget {
                Budget::FromTimeLimit => (lns::UNLIMITED, work::budget(options.time_limit.as_secs_f64())),
                Budget::Work(w) => (lns::UNLIMITED, w.min(lns::UNLIMITED)),
                Budget::Iterations(i) => (i.min(lns::UNLIMITED), lns::UNLIMITED),
                Budget::FullTime => (lns::UNLIMITED, lns::UNLIMITED),
            };
            let limits = lns::Limits {
                deadline,
                iterations,
                work,
                work_done,
                threads: options.threads,
                seed: options.seed,
                cancel: cancel.clone(),
            };
            let (sol, cost, done, work, stop) = lns::search(&inst, initial, &limits, progress, began);
            let ended_by = match stop {
                Stop::Work => (Some(limits.work), None),
                Stop::Iterations => (None, Some(limits.iterations)),
                Stop::Clock | Stop::Interrupted => (None, None),
            };
            (sol, cost, done, work, Some(stop), ended_by)
        }
    };
    let why = match stop {
        Some(Stop::Interrupted) => "the solve was interrupted before it tried to place this visit",
        _ => "the time limit ran out before the solve tried to place this visit",
    };
    let mut rota = output::stopped_rota(problem, &inst, &sol, &untried, why);
    let seconds = began.elapsed().as_secs_f64();
    rota.made_by = Some(MadeBy {
        tool: format!("rota {}", env!("CARGO_PKG_VERSION")),
        algorithm: match options.algorithm {
            Algorithm::Greedy => "greedy".into(),
            Algorithm::Lns => "lns".into(),
        },
        seed: Some(options.seed),
        seconds: None,
        threads: (options.algorithm == Algorithm::Lns).then_some(options.threads),
        work: ended_by.0,
        iterations: ended_by.1,
        stopped_by: stop,
        repeatable: Some(stop.is_none_or(Stop::repeatable)),
    });
    Solution { rota, cost, initial_cost, first_feasible_seconds, seconds, iterations, work, stop }
}
