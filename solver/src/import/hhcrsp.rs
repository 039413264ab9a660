//! The JSON solution format of the `iolab-uniud/hhcrsp` repository (Ceschia, Di Gaspero, Rosati
//! & Schaerf, ITOR 2024), in which the MNSA24 solutions to the Mankowska instances are published.
//!
//! ```json
//! {
//!   "global_ordering": ["p8", "p10"],
//!   "routes": [
//!     {
//!       "caregiver_id": "c1",
//!       "locations": [
//!         {"arrival_time": 148.0, "departure_time": 162.0, "patient": "p10", "service": "s3"}
//!       ]
//!     },
//!     {"caregiver_id": "c2"}
//!   ]
//! }
//! ```
//!
//! `arrival_time` is the time the service starts (waiting, if any, happens before it) and
//! `departure_time` the time it ends. A caregiver with no work has no `locations` key. The
//! repository's README spells the keys `patient_id` and `service_id`; both spellings are read,
//! and the published files' spelling (`patient`, `service`) is written.
//!
//! Ids against the Mankowska text files: patient `pI` is node `I`, caregiver `cK` is vehicle
//! `K − 1`, service `sJ` is service `J − 1` (all 0-based here). The helpers below map both ways.
//!
//! Fields are declared in the published files' (alphabetical) key order, so [`write()`] gives back a
//! published file byte for byte.

use super::RawFormatError;
use serde::{Deserialize, Serialize};

/// A whole solution: one route per caregiver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HhcrspSolution {
    /// The order in which the solver inserted patients, if given (not needed to evaluate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_ordering: Option<Vec<String>>,
    /// The caregivers' routes.
    pub routes: Vec<HhcrspRoute>,
}

/// One caregiver's route, from the depot and back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HhcrspRoute {
    /// The caregiver, `cK` (vehicle `K − 1`).
    pub caregiver_id: String,
    /// The services done, in order (absent in the file when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<HhcrspLocation>,
}

/// One service done at one patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HhcrspLocation {
    /// When the service starts.
    pub arrival_time: f64,
    /// When the service ends.
    pub departure_time: f64,
    /// The patient, `pI` (node `I`).
    #[serde(alias = "patient_id")]
    pub patient: String,
    /// The service, `sJ` (service `J − 1`).
    #[serde(alias = "service_id")]
    pub service: String,
}

/// Read a solution from JSON text. `file_name` is used only in error messages.
pub fn parse(file_name: &str, text: &str) -> Result<HhcrspSolution, RawFormatError> {
    serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        let place = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&place).map(|m| format!("{m} (column {})", e.column())).unwrap_or(full);
        RawFormatError::new(file_name, (e.line() > 0).then_some(e.line()), message)
    })
}

/// Write a solution as pretty JSON (two-space indent, no final newline), as published.
pub fn write(solution: &HhcrspSolution) -> String {
    serde_json::to_string_pretty(solution).expect("a solution of strings and numbers always serialises")
}

/// An id that does not name a patient, caregiver or service.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{id}` is not a {kind} id (expected `{prefix}{min}`, `{prefix}{}`, ...)", .min + 1)]
pub struct IdError {
    /// The id as found.
    pub id: String,
    /// What it should have named: `patient`, `caregiver` or `service`.
    pub kind: &'static str,
    /// The expected prefix letter.
    pub prefix: char,
    /// The smallest number allowed after the prefix.
    pub min: usize,
}

fn parse_id(id: &str, prefix: char, kind: &'static str, min: usize) -> Result<usize, IdError> {
    let err = || IdError { id: id.to_string(), kind, prefix, min };
    let digits = id.strip_prefix(prefix).ok_or_else(err)?;
    let canonical =
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && (digits == "0" || !digits.starts_with('0'));
    if !canonical {
        return Err(err());
    }
    let n: usize = digits.parse().map_err(|_| err())?;
    if n < min {
        return Err(err());
    }
    Ok(n)
}

/// The id of patient node `node`: `p{node}`.
pub fn patient_id(node: usize) -> String {
    format!("p{node}")
}

/// The node of patient id `pI`: `I`. (`p0` gives node 0, the depot; callers decide if that is allowed.)
pub fn patient_node(id: &str) -> Result<usize, IdError> {
    parse_id(id, 'p', "patient", 0)
}

/// The id of 0-based vehicle `vehicle`: `c{vehicle + 1}`.
pub fn caregiver_id(vehicle: usize) -> String {
    format!("c{}", vehicle + 1)
}

/// The 0-based vehicle of caregiver id `cK`: `K − 1`.
pub fn caregiver_vehicle(id: &str) -> Result<usize, IdError> {
    parse_id(id, 'c', "caregiver", 1).map(|k| k - 1)
}

/// The id of 0-based service `service`: `s{service + 1}`.
pub fn service_id(service: usize) -> String {
    format!("s{}", service + 1)
}

/// The 0-based service of service id `sJ`: `J − 1`.
pub fn service_index(id: &str) -> Result<usize, IdError> {
    parse_id(id, 's', "service", 1).map(|j| j - 1)
}
