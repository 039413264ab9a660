//! # Sweeps as a manifest of tasks, run by index
//!
//! A modeller's real question is many solves: clusters × scenarios × workforce levels × seeds.
//! This crate turns such a sweep into one contract that any engine can run:
//! - [`manifest`]: `rota sweep plan` writes a manifest, one task per cluster × scenario ×
//!   workforce level × seed. Each task records its inputs by path (relative to the manifest) and
//!   content hash (SHA-256), and where its result goes.
//! - [`task`]: `rota sweep run sweep.json --index I` runs exactly one task: one point of the
//!   capacity sweep ([`rota_capacity::sweep::point`]) of one cluster. It is idempotent (a
//!   finished task with matching inputs is skipped) and writes its result atomically; a failure
//!   is written beside it, atomically too. With no index every task runs on this machine on a
//!   rayon pool ([`task::run_all`]).
//! - [`status`]: each task is done, missing, failed or stale.
//! - [`merge`]: every result gathered into each cluster's capacity report (the one
//!   `rota capacity sweep` writes) and a county table across clusters; missing and failed tasks
//!   are listed, never dropped.
//!
//! A task depends only on its inputs, its settings, its seed and its work budget, so its result
//! is the same byte for byte (its wall times aside, kept in a field of their own) whichever
//! engine runs it, in whatever order, however often. `docs/sweeps.md` says how to run a sweep on
//! Dask, Kubernetes Indexed Jobs or Slurm job arrays (`contrib/`).

#![warn(missing_docs)]

pub mod manifest;
pub mod merge;
pub mod status;
pub mod task;

pub use manifest::{plan, Manifest, PlanOptions, Task, TaskOptions};
pub use merge::{merge, Merged};
pub use status::{status, Status, TaskStatus};
pub use task::{run_all, run_one, Ran, TaskResult};

use std::path::PathBuf;

/// Why a sweep command could not do its work. Each carries every error found.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// A file could not be read or written.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The manifest or an input is wrong: every error, each naming its file, field path and id.
    #[error("{}", errors.join("\n"))]
    Invalid {
        /// Each error.
        errors: Vec<String>,
    },
}

impl SweepError {
    fn io(path: impl Into<PathBuf>, e: impl std::fmt::Display) -> SweepError {
        SweepError::Io { path: path.into(), message: e.to_string() }
    }
}

/// SHA-256 of `bytes`, as 64 lowercase hex digits.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
