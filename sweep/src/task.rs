//! Running a task: one point of one cluster's capacity sweep ([`rota_capacity::sweep::point`]),
//! solved on one thread with the manifest's work budget, checked by the checker and bounded.
//!
//! [`run_one`] is idempotent: a task whose result is fresh ([`crate::status`]) is skipped.
//! The result is written atomically; a failure (bad input, no travel, a panic) is written
//! atomically beside it as `<name>.failed.json`, and a later success removes it. Two runs of the
//! same task at once (an engine's retry or a duplicate index) write the same bytes.

use crate::manifest::{HashCache, Input, Manifest, Task, TaskOptions};
use crate::status::{task_status, Status};
use crate::{sha256, SweepError};
use rota::solve::Cancel;
use rota_capacity::scenario::{self, Scenario};
use rota_capacity::sweep::{self, Point, PointKey, SweepOptions, BASELINE};
use rota_capacity::BoundOptions;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The result file's format tag.
pub const RESULT_FORMAT: &str = "rota-sweep-result 1";

/// The failure file's format tag.
pub const FAILURE_FORMAT: &str = "rota-sweep-failure 1";

/// A finished task. Everything but `timing` depends only on the task's inputs and settings, so
/// it is the same byte for byte however and wherever the task is run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskResult {
    /// [`RESULT_FORMAT`].
    pub format: String,
    /// The task as the manifest gave it, with the input hashes this run read.
    pub task: Task,
    /// The settings it was solved with.
    pub options: TaskOptions,
    /// The week as given (before the workforce level and the scenario).
    pub problem: ProblemSummary,
    /// The scenario laid over the week.
    pub scenario: Scenario,
    /// The point: placement, the checker's figures and the bound (its seconds are in `timing`).
    pub point: Point,
    /// Wall times, which differ from run to run.
    pub timing: Timing,
}

/// The week as given, in brief.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemSummary {
    /// Its name.
    pub name: String,
    /// Its carers.
    pub carers: usize,
    /// Its seats.
    pub seats: u64,
}

/// Wall times of a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// Seconds to read the inputs and build, solve, check and bound the point (one thread).
    pub seconds: f64,
    /// Of those, seconds of the bound's linear programs.
    pub bound_seconds: f64,
}

/// A failed run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskFailure {
    /// [`FAILURE_FORMAT`].
    pub format: String,
    /// The task, with the input hashes this run could read.
    pub task: Task,
    /// Every error.
    pub errors: Vec<String>,
}

/// What running a task did.
#[derive(Clone, Debug, PartialEq)]
pub enum Ran {
    /// Its result was already fresh: nothing run, nothing written.
    Skipped,
    /// Solved; the result was written.
    Done(Box<TaskResult>),
    /// Failed; the errors were written beside the result.
    Failed(Vec<String>),
    /// Stopped by the cancel flag before it finished; nothing written.
    Interrupted,
}

/// Run task `index` unless its result is fresh. An error is a task that cannot be found or a
/// file that cannot be written; a failed solve is [`Ran::Failed`].
pub fn run_one(manifest: &Manifest, dir: &Path, index: usize, cancel: &Cancel) -> Result<Ran, SweepError> {
    let task = manifest.tasks.get(index).ok_or_else(|| SweepError::Invalid {
        errors: vec![format!(
            "--index {index} is out of range: the manifest has {} tasks (indexes 0 to {})",
            manifest.tasks.len(),
            manifest.tasks.len().saturating_sub(1)
        )],
    })?;
    if task_status(manifest, dir, task, &mut HashCache::default()).status == Status::Done {
        return Ok(Ran::Skipped);
    }
    run_task(manifest, dir, task, cancel)
}

/// Run a task, write its result or its failure.
fn run_task(manifest: &Manifest, dir: &Path, task: &Task, cancel: &Cancel) -> Result<Ran, SweepError> {
    let began = std::time::Instant::now();
    let mut ran = task.clone();
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| execute(manifest, dir, task, &mut ran, cancel)))
            .unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Err(vec![format!("the solve panicked (a bug; please report it): {what}")])
            });
    if cancel.is_cancelled() {
        return Ok(Ran::Interrupted);
    }
    let result_path = task.result_path(dir);
    let failure_path = task.failure_path(dir);
    if let Some(folder) = result_path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| SweepError::io(folder, e))?;
    }
    match outcome {
        Ok(mut result) => {
            result.timing.seconds = began.elapsed().as_secs_f64();
            rota::format::save_json(&result_path, &result).map_err(|e| SweepError::io(&result_path, e))?;
            match std::fs::remove_file(&failure_path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(SweepError::io(&failure_path, e)),
                _ => {}
            }
            Ok(Ran::Done(Box::new(result)))
        }
        Err(errors) => {
            let failure = TaskFailure { format: FAILURE_FORMAT.into(), task: ran, errors: errors.clone() };
            rota::format::save_json(&failure_path, &failure).map_err(|e| SweepError::io(&failure_path, e))?;
            Ok(Ran::Failed(errors))
        }
    }
}

/// Read the inputs (hashing the very bytes read into `ran`), build and solve the point.
fn execute(
    manifest: &Manifest,
    dir: &Path,
    task: &Task,
    ran: &mut Task,
    cancel: &Cancel,
) -> Result<TaskResult, Vec<String>> {
    let read = |rel: &str, ran: &mut Task| -> Result<String, String> {
        let full = dir.join(rel);
        let bytes = std::fs::read(&full).map_err(|e| format!("{}: {e}", full.display()))?;
        set_hash(ran, rel, sha256(&bytes));
        String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", full.display()))
    };
    let problem_file = dir.join(&task.problem);
    let shown = problem_file.display().to_string();
    let text = read(&task.problem, ran).map_err(|e| vec![e])?;
    let problem = rota::format::parse_problem(&text, &shown).map_err(|e| lines(&e.to_string()))?;
    let scenario = match &task.scenario_file {
        None => Scenario { name: BASELINE.into(), ..Scenario::default() },
        Some(file) => {
            let text = read(file, ran).map_err(|e| vec![e])?;
            let shown = dir.join(file).display().to_string();
            let parsed = scenario::parse(&text, &shown, &problem).map_err(|e| lines(&e.to_string()))?;
            parsed
                .scenarios
                .into_iter()
                .find(|s| s.name == task.scenario)
                .ok_or_else(|| vec![format!("{shown}: $.scenarios: no scenario is named `{}`", task.scenario)])?
        }
    };
    for input in task.inputs.iter().filter(|x| x.path != task.problem && Some(&x.path) != task.scenario_file.as_ref()) {
        let full = dir.join(&input.path);
        let bytes = std::fs::read(&full).map_err(|e| vec![format!("{}: {e}", full.display())])?;
        set_hash(ran, &input.path, sha256(&bytes));
    }
    let options = sweep_options(&manifest.options, task.seed, cancel);
    let key = PointKey { scenario: task.scenario.clone(), carers: task.carers, shifts: 0 };
    let base = problem_file.parent().unwrap_or(dir);
    let mut point = sweep::point(&problem, base, &shown, &scenario, &key, &options);
    if let Some(e) = point.error.take() {
        return Err(lines(&e));
    }
    let timing = Timing { seconds: 0.0, bound_seconds: point.bound.as_ref().map_or(0.0, |b| b.seconds) };
    // Wall times live in `timing` only, so the rest repeats byte for byte.
    point.seconds = 0.0;
    if let Some(b) = point.bound.as_mut() {
        b.seconds = 0.0;
    }
    Ok(TaskResult {
        format: RESULT_FORMAT.into(),
        task: ran.clone(),
        options: manifest.options.clone(),
        problem: ProblemSummary {
            name: problem.name.clone(),
            carers: problem.carers.len(),
            seats: problem.seat_count() as u64,
        },
        scenario,
        point,
        timing,
    })
}

fn set_hash(task: &mut Task, path: &str, hash: String) {
    match task.inputs.iter_mut().find(|x| x.path == path) {
        Some(x) => x.sha256 = hash,
        None => task.inputs.push(Input { path: path.into(), sha256: hash }),
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

/// The capacity sweep's options for one task.
fn sweep_options(o: &TaskOptions, seed: u64, cancel: &Cancel) -> SweepOptions {
    SweepOptions {
        time_limit: o.time_limit,
        work: Some(o.work),
        seed,
        threads: 1,
        share: o.share,
        bound: o.bound.then(|| {
            (sweep::bound_point as sweep::BoundFn, BoundOptions { explain: false, ..BoundOptions::default() })
        }),
        cancel: cancel.clone(),
        ..SweepOptions::default()
    }
}

/// Run every task that is not done (missing, failed or stale), `threads` at once, each on one
/// thread; `progress` is called after each. Returns what each run did, by index.
pub fn run_all(
    manifest: &Manifest,
    dir: &Path,
    threads: usize,
    cancel: &Cancel,
    progress: &(dyn Fn(&Task, &Ran) + Sync),
) -> Result<Vec<(usize, Ran)>, SweepError> {
    let mut cache = HashCache::default();
    let pending: Vec<&Task> =
        manifest.tasks.iter().filter(|t| task_status(manifest, dir, t, &mut cache).status != Status::Done).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| SweepError::Invalid { errors: vec![format!("cannot start {threads} threads: {e}")] })?;
    // Each thread takes the next task until none is left (as `rota capacity sweep` does: a
    // broadcast leaves no queued job for a waiting solve to steal).
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<(usize, Ran)>> = Mutex::new(Vec::new());
    let first_error: Mutex<Option<SweepError>> = Mutex::new(None);
    pool.broadcast(|_| loop {
        if cancel.is_cancelled() {
            break;
        }
        let Some(task) = pending.get(next.fetch_add(1, Ordering::SeqCst)) else { break };
        match run_task(manifest, dir, task, cancel) {
            Ok(ran) => {
                progress(task, &ran);
                out.lock().unwrap_or_else(|e| e.into_inner()).push((task.index, ran));
            }
            Err(e) => {
                first_error.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(e);
            }
        }
    });
    if let Some(e) = first_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    let mut out = out.into_inner().unwrap_or_else(|e| e.into_inner());
    out.sort_by_key(|(i, _)| *i);
    Ok(out)
}
