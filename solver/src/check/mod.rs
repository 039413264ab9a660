//! The independent checker. (Being written.)

use crate::format::Rota;
use crate::model::Problem;
use crate::travel::Travel;

/// The checker's findings.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Hard-rule violations.
    pub violations: Vec<String>,
}

/// Check `rota` against `problem`.
pub fn check(_problem: &Problem, _rota: &Rota, _travel: &Travel) -> CheckReport {
    CheckReport::default()
}
