//! Structure-aware fuzzing of the Rota solver, and helpers the cargo-fuzz targets share.
//!
//! [`generate`] turns any bytes into a random *valid* problem that mixes every rule type the
//! model has (see [`problem`]); [`harness::run`] solves it with the greedy baseline and the
//! search and checks each rota with the independent checker. The same code runs three ways:
//! - the `solver` cargo-fuzz target, where libFuzzer chooses the bytes;
//! - the `solver-soak` binary (`src/bin/solver_soak.rs`), which draws them from a seeded
//!   generator over a seed range for a given time and saves minimised reproducers;
//! - CI's `.ci/fuzz`, for a short run of the target.
//!
//! See docs/reliability.md.

pub mod dice;
pub mod harness;
pub mod minimize;
pub mod problem;

pub use harness::{run, Failure, Outcome, RunOptions};
pub use problem::{generate, Case};

use rota::format::{self, InputErrors};
use rota::import::convert::Imported;
use rota::travel::{MatrixFile, Places, Travel, TravelProvider};
use std::collections::BTreeMap;

/// A rejected file must say why, clearly: at least one error, and every finding names the file
/// and a JSON path into it.
pub fn assert_clear_errors(errors: &InputErrors, file: &str) {
    assert!(errors.has_errors(), "rejected without an error: {errors:?}");
    for e in &errors.0 {
        assert_eq!(e.file, file, "a finding names another file: {e}");
        assert!(e.path.starts_with('$'), "a finding has no JSON path: {e}");
        assert!(!e.message.is_empty(), "a finding has no message: {e}");
    }
}

/// What `rota import` writes for a benchmark instance must write out, its matrix must read back
/// for the problem's places, and the problem must go through validation without a panic.
pub fn imported(imported: &Imported) {
    let problem_json = format::to_json(&imported.problem);
    let _ = travel_of(imported);
    let _ = format::parse_problem(&problem_json, "imported.json");
}

/// The travel of an imported benchmark problem, read from its matrix as `rota solve` would.
pub fn travel_of(imported: &Imported) -> Option<Travel> {
    let places = Places::of(&imported.problem);
    let text = format::to_json(&imported.matrix);
    let mode = imported.matrix.mode;
    let matrix = MatrixFile::parse(&text, &places.labels, mode).ok()?.matrix(&places.locations, mode).ok()?;
    Some(Travel::from_matrices(places, BTreeMap::from([(mode, matrix)])))
}
