//! `rota solve problem.json -o rota.json [--algorithm lns|greedy] [--time-limit S] [--iterations N]
//! [--work N] [--full-time] [--seed N] [--threads N] [--quiet] [--previous ROTA --previous-problem
//! PROBLEM [--pin-previous]]`

use super::interrupt::{self, INTERRUPTED};
use super::{check_output, folder_of, load_problem, Outcome, STARTED};
use rota::solve::{solve_anchored, Algorithm, Budget, Progress, SolveOptions, Stop};
use rota::travel::Travel;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// The algorithm to run.
#[derive(clap::ValueEnum, Clone, Copy)]
pub enum AlgorithmArg {
    /// Construction plus large-neighbourhood search (default).
    Lns,
    /// The baseline: time order, nearest free carer.
    Greedy,
}

/// Arguments of `rota solve`.
#[derive(clap::Args)]
#[command(after_help = "Repeatable: the same problem, seed, --threads and budget give the same rota when a budget \
(--work, --iterations, or the work budget of --time-limit) ends the search, which the summary and the rota's \
made_by.repeatable say. The clock ends it first on a machine that is slow or busy: then another run may differ; \
give --work N (printed in the summary) with a longer --time-limit to repeat a run anywhere.

Ctrl-C or SIGTERM: the search stops, the best rota found so far is written, marked \
made_by.stopped_by = \"interrupted\", and the exit code is 3. A second Ctrl-C quits at once (exit 130) without \
writing it.

Exit codes: 0 written; 2 bad input; 3 interrupted, rota written; 130 interrupted twice.")]
pub struct Args {
    /// The problem file.
    problem: PathBuf,
    /// Where to write the rota.
    #[arg(short, long)]
    output: PathBuf,
    /// The algorithm.
    #[arg(long, value_enum, default_value = "lns")]
    algorithm: AlgorithmArg,
    /// Time limit in seconds for the whole command, reading the problem and writing the rota
    /// included. The search gets a fixed budget of work for it, 25 million units a second per
    /// thread (repeatable: the same seed and thread count give the same rota), and the clock
    /// stops it first only on a slow or busy machine (then it is not repeatable).
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// Search iterations per thread instead of a work budget (repeatable too).
    #[arg(long, conflicts_with_all = ["work", "full_time"])]
    iterations: Option<u64>,
    /// Work units per thread instead of the budget the time limit gives (repeatable on any
    /// machine; a rota records the budget that ended its search in `made_by.work`).
    #[arg(long, conflicts_with = "full_time")]
    work: Option<u64>,
    /// Search until the time limit instead of for a fixed budget of work: uses all the time,
    /// but two runs may give different rotas.
    #[arg(long)]
    full_time: bool,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Threads for the search.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// No progress bar or summary.
    #[arg(long)]
    quiet: bool,
    /// Last week's rota: prefer its carers for the same client and slot (same weekday, nearest
    /// start), and count carers new to a client (docs/operations.md, "Next week from this one").
    #[arg(long, requires = "previous_problem")]
    previous: Option<PathBuf>,
    /// The problem last week's rota answers, to match this week's visits to its slots.
    #[arg(long, requires = "previous")]
    previous_problem: Option<PathBuf>,
    /// With --previous: lock each slot to last week's carers and time where that still fits.
    #[arg(long, requires = "previous")]
    pin_previous: bool,
}

/// Last week's problem and rota, and each visit's slot in it, when `--previous` is given.
struct LastWeek {
    problem: rota::model::Problem,
    rota: rota::format::Rota,
    slots: Vec<Option<usize>>,
}

fn last_week(args: &Args, problem: &rota::model::Problem) -> Result<Option<LastWeek>, String> {
    let (Some(rota_path), Some(problem_path)) = (&args.previous, &args.previous_problem) else { return Ok(None) };
    let last = load_problem(problem_path)?;
    let rota = super::load_rota(rota_path, &last)?;
    let slots = rota::generate::slots::same_slots(&last, problem);
    Ok(Some(LastWeek { problem: last, rota, slots }))
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    // A week is far more than any solve needs, and keeps the deadline arithmetic safe.
    if !(args.time_limit.is_finite() && args.time_limit > 0.0 && args.time_limit <= 604_800.0) {
        return Err(format!(
            "--time-limit must be a number of seconds above 0 and at most 604800, not {}",
            args.time_limit
        ));
    }
    if args.threads == 0 {
        return Err("--threads must be at least 1".into());
    }
    check_output(&args.output, &[&args.problem])?;
    let cancel = interrupt::catch("the best rota so far");
    let problem = load_problem(&args.problem)?;
    let last = last_week(&args, &problem)?;
    let file = args.problem.display().to_string();
    let travel = Travel::for_problem(&problem, folder_of(&args.problem), &file).map_err(|e| e.to_string())?;
    if !args.quiet {
        // Road networks: how far places were snapped, and whether the matrix came from the cache.
        for note in &travel.notes {
            eprintln!("{note}");
        }
        // The time limit counts from the start: say so when reading took much of it.
        let loading = STARTED.elapsed().as_secs_f64();
        if loading > 0.5 * args.time_limit {
            let cached = travel.notes.iter().any(|n| n.contains("cached in"));
            eprintln!(
                "note: reading the problem and building its travel took {loading:.1}s of the {}s time limit{}",
                args.time_limit,
                if cached { "; the road-network matrices are cached now, so the next solve starts sooner" } else { "" }
            );
        }
    }
    let options = SolveOptions {
        algorithm: match args.algorithm {
            AlgorithmArg::Lns => Algorithm::Lns,
            AlgorithmArg::Greedy => Algorithm::Greedy,
        },
        time_limit: Duration::from_secs_f64(args.time_limit),
        started: Some(*STARTED),
        cancel,
        budget: match (args.iterations, args.work, args.full_time) {
            (Some(i), _, _) => Budget::Iterations(i),
            (_, Some(w), _) => Budget::Work(w),
            (_, _, true) => Budget::FullTime,
            _ => Budget::FromTimeLimit,
        },
        seed: args.seed,
        threads: args.threads,
    };
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}").expect("a valid template"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });
    let lns = options.algorithm == Algorithm::Lns;
    let begun = std::sync::atomic::AtomicBool::new(false);
    let report = |p: &Progress| {
        // Once, when the first rota is built and the search begins (also in logs, where no bar
        // is drawn).
        if lns && !args.quiet && !begun.swap(true, std::sync::atomic::Ordering::Relaxed) {
            let line = format!(
                "first rota: {} of {} seats placed in {:.2}s; searching (Ctrl-C stops and writes the best rota so far)",
                problem.seat_count() - p.best.unassigned_seats,
                problem.seat_count(),
                p.elapsed
            );
            match &bar {
                Some(bar) => bar.println(line),
                None => eprintln!("{line}"),
            }
        }
        if let Some(bar) = &bar {
            bar.set_message(format!(
                "best {:.0}  unassigned seats {}  travel {} min  iterations {}",
                p.best.total,
                p.best.unassigned_seats,
                rota::time::as_minutes(p.best.travel).round(),
                p.iterations
            ));
        }
    };
    let anchors = last.as_ref().map_or_else(Default::default, |l| {
        rota::replan::next_week::anchors(&l.problem, &l.rota, &problem, &l.slots, args.pin_previous)
    });
    let solution = solve_anchored(&problem, &travel, &options, &anchors, &report);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    rota::format::save_json(&args.output, &solution.rota)
        .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
    if !args.quiet {
        let c = &solution.cost;
        let budget = match options.budget {
            Budget::Work(w) => w,
            _ => rota::solve::work::budget(args.time_limit),
        };
        let ended = match solution.stop {
            None => String::new(),
            Some(Stop::Iterations) => ", ended on its iterations (repeatable)".into(),
            Some(Stop::Work) => ", ended on its work budget (repeatable)".into(),
            Some(Stop::Clock) if args.full_time || args.iterations.is_some() => {
                ", stopped by the clock (not repeatable)".into()
            }
            Some(Stop::Clock) => format!(
                ", stopped by the clock before its budget ran out (not repeatable: this machine is slower than the \
                 reference one, or busy; --work {budget} with a longer --time-limit repeats the run on any machine)"
            ),
            Some(Stop::Interrupted) => ", interrupted: the best rota found so far (not repeatable)".into(),
        };
        eprintln!(
            "{}: {} of {} seats placed, travel {} min, waiting {} min, cost {:.0} (first rota {:.0} at {:.2}s), {} iterations, {} work units in {:.1}s{ended}",
            args.output.display(),
            problem.seat_count() - c.unassigned_seats,
            problem.seat_count(),
            rota::time::as_minutes(c.travel).round(),
            rota::time::as_minutes(c.waiting).round(),
            c.total,
            solution.initial_cost.total,
            solution.first_feasible_seconds,
            solution.iterations,
            solution.work,
            solution.seconds
        );
    }
    if let (Some(l), false) = (&last, args.quiet) {
        let (same, of) = rota::replan::next_week::same_carer_share(&l.problem, &l.rota, &solution.rota, &problem, &l.slots);
        let matched = l.slots.iter().filter(|s| s.is_some()).count();
        eprintln!(
            "last week: {matched} of {} visits in one of its slots; {same} of {of} seats in them with last week's carer ({:.1}%)",
            problem.visits.len(),
            100.0 * same as f64 / of.max(1) as f64
        );
    }
    Ok(if solution.stop == Some(Stop::Interrupted) { ExitCode::from(INTERRUPTED) } else { ExitCode::SUCCESS })
}
