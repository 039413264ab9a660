//! Shared set-up for Rota's criterion benchmarks (`cargo bench -p rota-benches`).
//!
//! The benchmarks measure speed only; quality figures live in `BENCHMARKS.md`, made with
//! `rota solve` and `rota check` on the shipped datasets.

use rota::model::Problem;
use rota::travel::Travel;
use std::path::{Path, PathBuf};

/// The path of a shipped dataset's problem file.
pub fn dataset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("datasets").join(name).join("problem.json")
}

/// A shipped problem with its travel matrices.
pub fn load(name: &str) -> (Problem, Travel) {
    let path = dataset(name);
    let (problem, _) = rota::format::load_problem(&path).unwrap_or_else(|e| panic!("{e}"));
    let travel = Travel::for_problem(&problem, path.parent().unwrap(), name).unwrap_or_else(|e| panic!("{e}"));
    (problem, travel)
}
