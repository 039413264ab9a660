//! Validation of problem and rota files. (Being written.)

use crate::format::{Findings, Rota};
use crate::model::Problem;

/// Check a parsed problem; record every finding in `f`.
pub fn problem(_problem: &Problem, _f: &mut Findings) {}

/// Check a parsed rota against its problem; record every finding in `f`.
pub fn rota(_problem: &Problem, _rota: &Rota, _f: &mut Findings) {}
