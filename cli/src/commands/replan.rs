//! `rota replan problem.json rota.json events.json --now 2026-12-02T10:30 -o new-rota.json`

use super::{check_output, folder_of, load_problem, load_rota, report, Outcome, STARTED};
use rota::replan::events::{load_events, parse_local_time};
use rota::replan::plan::{count_changes, from_scratch, replan, ReplanOptions, FREEZE_MIN, TOLERANCE_MIN};
use rota::solve::objective::Changes;
use rota::solve::{Budget, SolveOptions};
use rota::travel::Travel;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Arguments of `rota replan`.
#[derive(clap::Args)]
#[command(after_help = "What started before --now stays exactly as it was. Visits starting within --freeze \
minutes of now keep their carer and time unless an event makes that impossible. Everything else is planned \
again with as little change as placing every seat allows (docs/operations.md). The new rota answers the \
problem with the events applied, written beside it (--problem-out): check it with \
`rota check NEW-PROBLEM NEW-ROTA --history OLD-ROTA --now T`, and list what changed with `rota diff`.

Exit codes: 0 written; 2 bad input.")]
pub struct Args {
    /// The problem the rota answers.
    problem: PathBuf,
    /// The rota now running.
    rota: PathBuf,
    /// The events file (`rota schema events`).
    events: PathBuf,
    /// The moment of the re-plan, local time, e.g. 2026-12-02T10:30.
    #[arg(long)]
    now: String,
    /// Where to write the new rota.
    #[arg(short, long)]
    output: PathBuf,
    /// Where to write the problem with the events applied [default: beside the output, as
    /// NAME.problem.json].
    #[arg(long)]
    problem_out: Option<PathBuf>,
    /// Freeze horizon in minutes: visits starting this soon after now keep carer and time.
    #[arg(long, default_value_t = FREEZE_MIN)]
    freeze: i32,
    /// A visit further than this many minutes from its old start counts as moved.
    #[arg(long, default_value_t = TOLERANCE_MIN)]
    tolerance: i32,
    /// Time limit in seconds; the search gets the work budget it gives (repeatable).
    #[arg(long, default_value_t = 30.0)]
    time_limit: f64,
    /// Search iterations per thread instead of a work budget.
    #[arg(long, conflicts_with = "work")]
    iterations: Option<u64>,
    /// Work units per thread instead of the budget the time limit gives.
    #[arg(long)]
    work: Option<u64>,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Threads for the search.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Also solve everything after now again from scratch, with the same seed and budget, and
    /// print its changes beside the re-plan's.
    #[arg(long)]
    compare_scratch: bool,
    /// No summary.
    #[arg(long)]
    quiet: bool,
}

/// `dir/name.json` → `dir/name.problem.json`.
fn beside(output: &Path) -> PathBuf {
    let stem = output.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "rota".into());
    output.with_file_name(format!("{stem}.problem.json"))
}

fn describe(c: &Changes) -> String {
    format!(
        "{} changes: {} seats to another carer, {} seats moved, {} carers new to a client, {} carers' days changed",
        c.total(),
        c.carers,
        c.moved,
        c.new_to_clients,
        c.days
    )
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    if !(args.time_limit.is_finite() && args.time_limit > 0.0 && args.time_limit <= 604_800.0) {
        return Err(format!("--time-limit must be above 0 and at most 604800 seconds, not {}", args.time_limit));
    }
    if args.threads == 0 {
        return Err("--threads must be at least 1".into());
    }
    if args.freeze < 0 || args.tolerance < 0 {
        return Err("--freeze and --tolerance are minutes, 0 or more".into());
    }
    let now = parse_local_time(&args.now).map_err(|e| format!("--now {:?}: {e}", args.now))?;
    let problem_out = args.problem_out.clone().unwrap_or_else(|| beside(&args.output));
    check_output(&args.output, &[&args.problem, &args.rota, &args.events])?;
    check_output(&problem_out, &[&args.problem, &args.rota, &args.events, &args.output])?;
    let problem = load_problem(&args.problem)?;
    let old = load_rota(&args.rota, &problem)?;
    let events = load_events(&args.events, &problem, now).map_err(|e| report(&e))?;
    let applied = rota::replan::apply::apply(&problem, &events, now);
    let file = args.problem.display().to_string();
    let travel = Travel::for_problem(&applied.problem, folder_of(&args.problem), &file).map_err(|e| report(&e))?;
    let options = ReplanOptions {
        now,
        freeze_min: args.freeze,
        tolerance_min: args.tolerance,
        solve: SolveOptions {
            time_limit: Duration::from_secs_f64(args.time_limit),
            started: Some(*STARTED),
            budget: match (args.iterations, args.work) {
                (Some(i), _) => Budget::Iterations(i),
                (_, Some(w)) => Budget::Work(w),
                _ => Budget::FromTimeLimit,
            },
            seed: args.seed,
            threads: args.threads,
            ..SolveOptions::default()
        },
    };
    let done = replan(&problem, &applied.problem, &travel, &old, &options);
    rota::format::save_json(&problem_out, &done.problem)
        .map_err(|e| format!("cannot write {}: {e}", problem_out.display()))?;
    rota::format::save_json(&args.output, &done.solution.rota)
        .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
    if args.quiet {
        return Ok(ExitCode::SUCCESS);
    }
    for note in applied.notes.iter().chain(&done.notes) {
        eprintln!("{note}");
    }
    let open = |r: &rota::format::Rota| r.unassigned.iter().map(|u| u.seats as usize).sum::<usize>();
    let seats = done.problem.seat_count();
    let cancelled: usize =
        done.problem.visits.iter().filter(|v| v.cancelled.is_some()).map(|v| v.carers_required as usize).sum();
    let changes = count_changes(&problem, &done.problem, &old, &done.solution.rota, args.tolerance);
    eprintln!(
        "{}: {} of {} seats placed ({} cancelled; the old rota placed {}); past {} visits kept, freeze horizon {} kept, {} let go; {}; first re-plan in {:.2}s, searched to {:.1}s",
        args.output.display(),
        seats - open(&done.solution.rota),
        seats,
        cancelled,
        problem.seat_count() - open(&old),
        done.past,
        done.frozen,
        done.released.len(),
        describe(&changes),
        done.solution.first_feasible_seconds,
        done.solution.seconds,
    );
    if !done.released.is_empty() {
        eprintln!("let go from the freeze horizon: {}", done.released.join(", "));
    }
    eprintln!("problem with the events applied: {}", problem_out.display());
    if args.compare_scratch {
        // Its own time limit, counted from now, as the re-plan's was from the start.
        let mut fresh = options.clone();
        fresh.solve.started = Some(std::time::Instant::now());
        let scratch = from_scratch(&problem, &applied.problem, &travel, &old, &fresh);
        let theirs = count_changes(&problem, &done.problem, &old, &scratch.rota, args.tolerance);
        eprintln!(
            "from scratch: {} of {} seats placed; {} ({:.1}s)",
            seats - open(&scratch.rota),
            seats,
            describe(&theirs),
            scratch.seconds
        );
    }
    Ok(ExitCode::SUCCESS)
}
