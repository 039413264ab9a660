//! `rota sweep plan|run|status|merge`: a sweep as a manifest of independent tasks, run by index
//! on this machine (rayon) or on an existing engine (Dask, Kubernetes Indexed Jobs, Slurm job
//! arrays; `contrib/`, docs/sweeps.md).
//!
//! Exit codes: 0 done; 1 `run`: a task failed (its `.failed.json` written), `merge`: a rota
//! breaks a hard rule; 2 bad input or usage (a bad manifest, an index out of range), nothing run;
//! 3 `run` interrupted (Ctrl-C or SIGTERM), the tasks finished so far written; 5 `status` and
//! `merge`: some tasks are missing, failed or stale (`merge` still writes what is done, and lists
//! them; `--allow-partial` makes it exit 0).

use super::Outcome;
use rota_capacity::sweep::parse_range;
use rota_sweep::manifest::{Levels, Manifest, PlanOptions, TaskOptions};
use rota_sweep::{Ran, Status, SweepError, Task};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Exit code of `status` and `merge` when some tasks are not done.
pub const INCOMPLETE: u8 = 5;

/// Arguments of `rota sweep`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Write a manifest: one task per cluster × scenario × workforce level × seed.
    Plan(PlanArgs),
    /// Run one task (--index), or every task not done on this machine.
    Run(RunArgs),
    /// List each task as done, missing, failed or stale.
    Status(StatusArgs),
    /// Gather every result into per-cluster capacity reports and a county table.
    Merge(MergeArgs),
}

/// Arguments of `rota sweep plan`.
#[derive(clap::Args)]
#[command(after_help = "Paths in the manifest are relative to its folder, so the folder with the manifest and its \
inputs can be copied to a cluster's shared file system. Each task is solved on one thread with a work budget, so its \
result is the same on any machine and engine.")]
struct PlanArgs {
    /// Problem files, one cluster each (named by the file, or its folder for problem.json).
    problems: Vec<PathBuf>,
    /// A county folder (`rota county generate`): one cluster per problem in county.json.
    #[arg(long)]
    county: Option<PathBuf>,
    /// A scenario file (docs/sweeps.md); each scenario in it is swept. Repeatable.
    #[arg(long)]
    scenario: Vec<PathBuf>,
    /// Do not sweep the week as given, only the scenarios.
    #[arg(long)]
    no_baseline: bool,
    /// Workforce sizes, the same in every cluster: from:to:step, a list (60,80) or one number.
    #[arg(long, conflicts_with = "carers_scale")]
    carers: Option<String>,
    /// Workforce levels relative to each cluster's own carers, e.g. 0.9,1.0,1.1 (rounded).
    #[arg(long, value_delimiter = ',')]
    carers_scale: Option<Vec<f64>>,
    /// Seeds: a list (1,2,3), one number, or from:to:step.
    #[arg(long, default_value = "1")]
    seeds: String,
    /// Seconds per task (its work budget: 25 million units a second, as `rota solve` gives).
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// Work units per task instead of the time limit's budget.
    #[arg(long)]
    work: Option<u64>,
    /// The share of seats a workforce must place to be enough.
    #[arg(long, default_value_t = 1.0)]
    share: f64,
    /// Do not compute the proven bound of each task.
    #[arg(long)]
    no_bound: bool,
    /// The folder of the task results (default: <manifest name>-results beside the manifest).
    #[arg(long)]
    results: Option<PathBuf>,
    /// The manifest to write.
    #[arg(short, long)]
    output: PathBuf,
}

/// Arguments of `rota sweep run`.
#[derive(clap::Args)]
struct RunArgs {
    /// The manifest.
    manifest: PathBuf,
    /// Run only this task (0-based), as an engine's array index gives it.
    #[arg(long)]
    index: Option<usize>,
    /// Without --index: tasks run at once, one thread each (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// No progress lines.
    #[arg(long)]
    quiet: bool,
}

/// Arguments of `rota sweep status`.
#[derive(clap::Args)]
struct StatusArgs {
    /// The manifest.
    manifest: PathBuf,
    /// Print the states as JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `rota sweep merge`.
#[derive(clap::Args)]
struct MergeArgs {
    /// The manifest.
    manifest: PathBuf,
    /// The report folder.
    #[arg(short, long)]
    output: PathBuf,
    /// Exit 0 even when some tasks are not done (they are still listed).
    #[arg(long)]
    allow_partial: bool,
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    match args.command {
        Command::Plan(a) => plan(a),
        Command::Run(a) => run_tasks(a),
        Command::Status(a) => status(a),
        Command::Merge(a) => merge(a),
    }
}

fn fail(e: SweepError) -> String {
    e.to_string()
}

fn load(path: &Path) -> Result<(Manifest, PathBuf), String> {
    let manifest = Manifest::load(path).map_err(fail)?;
    Ok((manifest, super::folder_of(path).to_path_buf()))
}

fn plan(a: PlanArgs) -> Outcome {
    let mut errors = Vec::new();
    let seeds = parse_range(&a.seeds).map_err(|e| errors.push(format!("--seeds: {e}"))).unwrap_or_default();
    let levels = match (&a.carers, &a.carers_scale) {
        (Some(c), _) => {
            Levels::Carers(parse_range(c).map_err(|e| errors.push(format!("--carers: {e}"))).unwrap_or_default())
        }
        (None, Some(s)) => Levels::Scale(s.clone()),
        (None, None) => Levels::Own,
    };
    if !(a.time_limit.is_finite() && a.time_limit > 0.0 && a.time_limit <= 86_400.0) {
        errors.push(format!("--time-limit must be above 0 and at most 86400 seconds, not {}", a.time_limit));
    }
    if a.output.is_dir() {
        errors.push(format!("-o {}: is a folder; give the manifest's file name", a.output.display()));
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    let options = PlanOptions {
        problems: a.problems,
        county: a.county,
        scenarios: a.scenario,
        baseline: !a.no_baseline,
        levels,
        seeds: seeds.into_iter().map(|s| s as u64).collect(),
        options: TaskOptions {
            work: a.work.unwrap_or_else(|| rota::solve::work::budget(a.time_limit)),
            time_limit: a.time_limit,
            bound: !a.no_bound,
            share: a.share,
        },
        manifest: a.output.clone(),
        results: a.results,
    };
    let manifest = rota_sweep::plan(&options).map_err(fail)?;
    manifest.save(&a.output).map_err(fail)?;
    let clusters: std::collections::BTreeSet<&str> = manifest.tasks.iter().map(|t| t.cluster.as_str()).collect();
    eprintln!(
        "{} tasks ({} clusters) -> {}; run one with `rota sweep run {} --index I` (I from 0 to {}), or all with \
         `rota sweep run {}`",
        manifest.tasks.len(),
        clusters.len(),
        a.output.display(),
        a.output.display(),
        manifest.tasks.len().saturating_sub(1),
        a.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn line(t: &Task, ran: &Ran) -> String {
    match ran {
        Ran::Skipped => format!("{}: already done", t.id),
        Ran::Done(r) => {
            let p = &r.point;
            format!(
                "{}: {} of {} seats placed ({:.1}%){}, {:.1}s",
                t.id,
                p.placed,
                p.seats,
                100.0 * p.placed_share,
                p.bound.as_ref().map_or(String::new(), |b| format!(", at most {} placeable (bound)", b.placeable)),
                r.timing.seconds
            )
        }
        Ran::Failed(e) => format!("{}: failed: {}", t.id, e.join("; ")),
        Ran::Interrupted => format!("{}: interrupted, nothing written", t.id),
    }
}

fn run_tasks(a: RunArgs) -> Outcome {
    let (manifest, dir) = load(&a.manifest)?;
    if a.threads == Some(0) {
        return Err("--threads must be at least 1".into());
    }
    let cancel = super::interrupt::catch("the tasks finished so far");
    if let Some(index) = a.index {
        let ran = rota_sweep::run_one(&manifest, &dir, index, &cancel).map_err(fail)?;
        if !a.quiet || matches!(ran, Ran::Failed(_)) {
            eprintln!("[{index}] {}", line(&manifest.tasks[index], &ran));
        }
        return Ok(match ran {
            Ran::Skipped | Ran::Done(_) => ExitCode::SUCCESS,
            Ran::Failed(_) => ExitCode::from(1),
            Ran::Interrupted => ExitCode::from(super::interrupt::INTERRUPTED),
        });
    }
    let threads = a.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let total = manifest.tasks.len();
    let finished = AtomicUsize::new(0);
    let progress = |t: &Task, ran: &Ran| {
        let n = finished.fetch_add(1, Ordering::SeqCst) + 1;
        if !a.quiet || matches!(ran, Ran::Failed(_)) {
            eprintln!("[{n}] task {}: {}", t.index, line(t, ran));
        }
    };
    let began = std::time::Instant::now();
    let ran = rota_sweep::run_all(&manifest, &dir, threads, &cancel, &progress).map_err(fail)?;
    let count = |f: fn(&Ran) -> bool| ran.iter().filter(|(_, r)| f(r)).count();
    let failed = count(|r| matches!(r, Ran::Failed(_)));
    if !a.quiet {
        eprintln!(
            "{} of {total} tasks run on {threads} threads in {:.1}s: {} done, {failed} failed ({} were already done)",
            ran.len(),
            began.elapsed().as_secs_f64(),
            count(|r| matches!(r, Ran::Done(_))),
            total - ran.len()
        );
    }
    Ok(if cancel.is_cancelled() {
        ExitCode::from(super::interrupt::INTERRUPTED)
    } else if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn status(a: StatusArgs) -> Outcome {
    let (manifest, dir) = load(&a.manifest)?;
    let states = rota_sweep::status(&manifest, &dir);
    if a.json {
        super::write_text(None, &rota::format::to_json(&states))?;
    } else {
        let mut text = String::new();
        for s in &states {
            let detail = if s.detail.is_empty() { String::new() } else { format!("\t{}", s.detail) };
            text.push_str(&format!("{}\t{}\t{}{detail}\n", s.index, s.status.name(), s.id));
        }
        super::write_text(None, &text)?;
    }
    let n = |st: Status| states.iter().filter(|s| s.status == st).count();
    eprintln!(
        "{} tasks: {} done, {} missing, {} failed, {} stale",
        states.len(),
        n(Status::Done),
        n(Status::Missing),
        n(Status::Failed),
        n(Status::Stale)
    );
    Ok(if n(Status::Done) == states.len() { ExitCode::SUCCESS } else { ExitCode::from(INCOMPLETE) })
}

fn merge(a: MergeArgs) -> Outcome {
    let (manifest, dir) = load(&a.manifest)?;
    if a.output.is_file() {
        return Err(format!("cannot write into {}: it is a file", a.output.display()));
    }
    let began = std::time::Instant::now();
    let merged = rota_sweep::merge(&manifest, &dir, &a.output).map_err(fail)?;
    for s in &merged.not_done {
        let detail = if s.detail.is_empty() { String::new() } else { format!(": {}", s.detail) };
        eprintln!("not merged: task {} {} is {}{detail}", s.index, s.id, s.status.name());
    }
    eprintln!(
        "merged {} of {} tasks in {:.2}s -> {} ({} not done, {} hard violations)",
        merged.done,
        merged.tasks,
        began.elapsed().as_secs_f64(),
        a.output.display(),
        merged.not_done.len(),
        merged.hard_violations
    );
    Ok(if merged.hard_violations > 0 {
        ExitCode::from(1)
    } else if !merged.not_done.is_empty() && !a.allow_partial {
        ExitCode::from(INCOMPLETE)
    } else {
        ExitCode::SUCCESS
    })
}
