//! Public benchmark files in their own raw formats, read exactly as published.
//!
//! This layer is pure: each parser takes the file's name (used only in error messages) and its
//! text, and returns plain data with 0-based indices. Nothing here touches the rota model; the
//! mapping from these instances to [`crate::model`] lives elsewhere. Each format also has a small
//! reference evaluator that recomputes a published solution's cost and feasibility from scratch,
//! so the numbers the rest of Rota reports can be pinned to the literature.
//!
//! - [`solomon`]: VRPTW instances in VRPLIB form (Solomon 1987) and their `.sol` solutions;
//! - [`mankowska`]: the Mankowska, Meisel & Bierwirth (2014) HHCRSP text format;
//! - [`hhcrsp`]: the JSON solution format of the `iolab-uniud/hhcrsp` repository (Ceschia et al.);
//! - [`uhhc`]: the UHHC instances and solutions of Ceschia et al. (2026), with the official validator's costs;
//! - [`archive`]: `.tar.xz` archives of instances, unpacked in pure Rust.
//!
//! No parser panics on bad input: every problem is a [`RawFormatError`] naming the file and,
//! where it has one, the 1-based line.
//!
//! ```
//! let err = rota::import::solomon::parse("C101.vrp", "NAME : C101\nDIMENSION : 1\nNODE_COORD_SECTION\n1 40\n")
//!     .unwrap_err();
//! assert_eq!(err.to_string(), "C101.vrp line 4: expected 3 numbers, found 2");
//! ```

pub mod archive;
pub mod convert;
pub mod csv;
pub mod hhcrsp;
pub mod italian;
pub mod mankowska;
pub mod solomon;
pub mod uhhc;

use std::str::FromStr;

/// A raw benchmark file that could not be read: which file, where, and what was wrong.
///
/// Displays as `C101.vrp line 12: expected 3 numbers, found 2`, or without the line part when the
/// problem is not tied to one line (a missing section, say).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line_part(.line))]
pub struct RawFormatError {
    /// The file name as given to the parser.
    pub file: String,
    /// The 1-based line the problem is on, if it is on one line.
    pub line: Option<usize>,
    /// What was wrong, in plain words.
    pub message: String,
}

fn line_part(line: &Option<usize>) -> String {
    line.map(|l| format!(" line {l}")).unwrap_or_default()
}

impl RawFormatError {
    /// An error in `file`, at `line` if given.
    pub fn new(file: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        RawFormatError { file: file.to_string(), line, message: message.into() }
    }

    /// An error on one line of `file`.
    pub fn at(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self::new(file, Some(line), message)
    }

    /// An error about `file` as a whole.
    pub fn whole(file: &str, message: impl Into<String>) -> Self {
        Self::new(file, None, message)
    }
}

/// What a reference evaluator found: the recomputed cost and every rule the solution breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEvaluation {
    /// The cost recomputed from the instance, in the benchmark's own objective.
    pub cost: f64,
    /// True when `problems` is empty.
    pub feasible: bool,
    /// One plain sentence per broken rule.
    pub problems: Vec<String>,
}

/// Parse one token as a number of type `T`, rejecting non-finite floats by way of `finite`.
pub(crate) fn number<T: FromStr>(file: &str, line: usize, token: &str, what: &str) -> Result<T, RawFormatError> {
    token.parse::<T>().map_err(|_| RawFormatError::at(file, line, format!("expected {what}, found `{token}`")))
}

/// Parse one token as a finite `f64`.
pub(crate) fn real(file: &str, line: usize, token: &str) -> Result<f64, RawFormatError> {
    let v: f64 = number(file, line, token, "a number")?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(RawFormatError::at(file, line, format!("expected a finite number, found `{token}`")))
    }
}

/// The file name without directories or extension (`a/b/C101.vrp` gives `C101`).
pub(crate) fn stem(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s.to_string(),
        _ => base.to_string(),
    }
}
