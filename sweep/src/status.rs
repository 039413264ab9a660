//! Each task's state, from the files beside the manifest:
//! - **done**: its result exists, was made by this task with these settings, and every input it
//!   read still has the hash it had;
//! - **failed**: its last run failed (`<name>.failed.json`), and no fresh result exists;
//! - **stale**: a result exists, but an input has changed since (or the task's settings have);
//! - **missing**: it has not been run.

use crate::manifest::{HashCache, Manifest, Task};
use crate::task::{TaskFailure, TaskResult};
use serde::Serialize;
use std::path::Path;

/// A task's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A fresh result exists.
    Done,
    /// Not run.
    Missing,
    /// The last run failed.
    Failed,
    /// The result is out of date.
    Stale,
}

impl Status {
    /// Its name: done, missing, failed or stale.
    pub fn name(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Missing => "missing",
            Status::Failed => "failed",
            Status::Stale => "stale",
        }
    }
}

/// One task's state, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TaskStatus {
    /// The task's index.
    pub index: usize,
    /// The task's id.
    pub id: String,
    /// Its state.
    pub status: Status,
    /// Why it failed or is stale; empty otherwise.
    pub detail: String,
}

/// Every task's state, in index order. Each input file is hashed once.
pub fn status(manifest: &Manifest, dir: &Path) -> Vec<TaskStatus> {
    let mut cache = HashCache::default();
    manifest.tasks.iter().map(|t| task_status(manifest, dir, t, &mut cache)).collect()
}

/// One task's state.
pub fn task_status(manifest: &Manifest, dir: &Path, task: &Task, cache: &mut HashCache) -> TaskStatus {
    let (status, detail) = match load_result(dir, task) {
        Some(Ok(r)) => match staleness(manifest, dir, task, &r, cache) {
            None => (Status::Done, String::new()),
            Some(why) => failed(dir, task).map_or((Status::Stale, why), |f| (Status::Failed, f)),
        },
        Some(Err(why)) => failed(dir, task).map_or((Status::Stale, why), |f| (Status::Failed, f)),
        None => failed(dir, task).map_or((Status::Missing, String::new()), |f| (Status::Failed, f)),
    };
    TaskStatus { index: task.index, id: task.id.clone(), status, detail }
}

/// The task's result file, if it exists: read, or why it cannot be.
pub fn load_result(dir: &Path, task: &Task) -> Option<Result<TaskResult, String>> {
    let path = task.result_path(dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(Err(format!("{}: {e}", path.display()))),
    };
    Some(serde_json::from_str(&text).map_err(|e| format!("{}: unreadable result: {e}", path.display())))
}

/// The first error of the task's failure file, if it has one.
fn failed(dir: &Path, task: &Task) -> Option<String> {
    let path = task.failure_path(dir);
    let text = std::fs::read_to_string(&path).ok()?;
    Some(match serde_json::from_str::<TaskFailure>(&text) {
        Ok(f) => f.errors.first().cloned().unwrap_or_else(|| "failed".into()),
        Err(e) => format!("{}: unreadable failure: {e}", path.display()),
    })
}

/// Why `result` is not the fresh result of `task`, if it is not.
fn staleness(
    manifest: &Manifest,
    dir: &Path,
    task: &Task,
    result: &TaskResult,
    cache: &mut HashCache,
) -> Option<String> {
    let strip = |t: &Task| {
        let mut t = t.clone();
        t.index = 0;
        t.inputs.iter_mut().for_each(|x| x.sha256.clear());
        t
    };
    if strip(&result.task) != strip(task) {
        return Some("the task in the manifest is not the one the result was made for".into());
    }
    if result.options != manifest.options {
        return Some("the manifest's options have changed since the result was made".into());
    }
    for input in &result.task.inputs {
        match cache.get(dir, &input.path) {
            Ok(h) if h == input.sha256 => {}
            Ok(_) => return Some(format!("{} has changed since the result was made", input.path)),
            Err(e) => return Some(e),
        }
    }
    None
}
