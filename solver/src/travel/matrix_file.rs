//! Travel matrices read from files: Rota's own format, or an OSRM `table` response as it comes.
//!
//! Rota's format names its rows, so its places may come in any order and it may hold more
//! places than the problem needs:
//!
//! ```json
//! {"format_version": "1.0", "mode": "car",
//!  "locations": ["client:c1", "client:c2", "carer:k1"],
//!  "minutes": [[0, 7, 12], [7, 0, 9], [12, 9, 0]],
//!  "metres":  [[0, 3100, 6000], [3100, 0, 4200], [6000, 4200, 0]]}
//! ```
//!
//! An OSRM `table` response (`{"code": "Ok", "durations": [[seconds…]], "distances": …}`) has no
//! names, so its rows must be in the problem's place order ([`super::Places`]); durations are
//! seconds and are rounded to whole minutes.
//!
//! Travel is rounded to whole minutes, so that every planned time in a care rota is a whole
//! minute. A Rota matrix file with `"fractional": true` keeps its minutes to the millisecond
//! instead; the benchmark importers (`rota import`) write such files, because published
//! benchmark costs use real-valued travel.

use super::{Matrix, TravelError, TravelProvider};
use crate::model::{Location, TravelMode};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Rota's travel matrix file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatrixFileFormat {
    /// Format version, `"1.0"`.
    pub format_version: String,
    /// The travel mode the matrix is for.
    pub mode: TravelMode,
    /// Place labels (`client:<id>`, `carer:<id>`, `carer-end:<id>`), one per row and column.
    pub locations: Vec<String>,
    /// Travel minutes, row = from, column = to.
    pub minutes: Vec<Vec<f64>>,
    /// Road metres; if absent, distances are unknown and reported as 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metres: Option<Vec<Vec<f64>>>,
    /// Keep fractional minutes (to the millisecond) instead of rounding to whole minutes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fractional: bool,
}

#[derive(Deserialize)]
struct OsrmTable {
    code: String,
    durations: Vec<Vec<Option<f64>>>,
    #[serde(default)]
    distances: Option<Vec<Vec<Option<f64>>>>,
}

/// A matrix already read from a file and arranged in the problem's place order.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixFile {
    matrix: Matrix,
}

/// The longest trip accepted, in minutes: a week. Anything longer is no route.
pub const MAX_TRIP_MIN: f64 = 7.0 * 1440.0;

/// A cell's value, which must be a number from 0 to `max`.
fn cell_max(v: Option<f64>, row: usize, col: usize, max: f64) -> Result<f64, TravelError> {
    match v {
        Some(x) if x > max => {
            Err(TravelError::BadValue { row, col, why: format!("{x} is more than {max}, the longest trip accepted") })
        }
        other => cell(other, row, col),
    }
}

fn cell(v: Option<f64>, row: usize, col: usize) -> Result<f64, TravelError> {
    match v {
        Some(x) if x.is_finite() && x >= 0.0 => Ok(x),
        Some(x) => Err(TravelError::BadValue { row, col, why: format!("{x} is not a non-negative number") }),
        None => Err(TravelError::BadValue { row, col, why: "no route (null)".into() }),
    }
}

fn square<T>(rows: &[Vec<T>], n: usize) -> Result<(), TravelError> {
    if rows.len() != n {
        return Err(TravelError::WrongSize { expected: n, found: rows.len() });
    }
    if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != n) {
        return Err(TravelError::File(format!("row {i} has {} values, but the matrix has {n} rows", r.len())));
    }
    Ok(())
}

impl MatrixFile {
    /// Read `path` for `mode` and arrange it for places labelled `labels` (in problem order).
    pub fn read(path: &Path, labels: &[String], mode: TravelMode) -> Result<MatrixFile, TravelError> {
        let text = crate::format::read_text(path).map_err(|e| TravelError::File(format!("{}: {e}", path.display())))?;
        Self::parse(&text, labels, mode).map_err(|e| match e {
            TravelError::File(m) => TravelError::File(format!("{}: {m}", path.display())),
            other => TravelError::File(format!("{}: {other}", path.display())),
        })
    }

    /// Parse matrix JSON text for `mode` and places labelled `labels`. An OSRM response does not
    /// name its mode; a Rota matrix file must name the mode it is used for.
    pub fn parse(text: &str, labels: &[String], mode: TravelMode) -> Result<MatrixFile, TravelError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| TravelError::File(format!("not valid JSON: {e}")))?;
        let n = labels.len();
        if value.get("durations").is_some() {
            let t: OsrmTable = serde_json::from_value(value)
                .map_err(|e| TravelError::File(format!("not an OSRM table response: {e}")))?;
            if t.code != "Ok" {
                return Err(TravelError::File(format!("the OSRM response says code `{}`", t.code)));
            }
            square(&t.durations, n)?;
            if let Some(d) = &t.distances {
                square(d, n)?;
            }
            let mut minutes = Vec::with_capacity(n * n);
            let mut metres = Vec::with_capacity(n * n);
            for i in 0..n {
                for j in 0..n {
                    let secs = cell_max(t.durations[i][j], i, j, MAX_TRIP_MIN * 60.0)?;
                    minutes.push(crate::time::minutes((secs / 60.0).round() as i32));
                    let m = match &t.distances {
                        Some(d) => cell(d[i][j], i, j)?,
                        None => 0.0,
                    };
                    metres.push(m.round() as u32);
                }
            }
            return Ok(MatrixFile { matrix: Matrix::new(n, minutes, metres) });
        }
        let f: MatrixFileFormat =
            serde_json::from_value(value).map_err(|e| TravelError::File(format!("not a Rota matrix file: {e}")))?;
        if f.mode != mode {
            return Err(TravelError::File(format!(
                "the file is a `{}` matrix but is given for mode `{}`",
                f.mode.name(),
                mode.name()
            )));
        }
        let k = f.locations.len();
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = f.locations.iter().find(|l| !seen.insert(l.as_str())) {
            return Err(TravelError::File(format!("place `{dup}` has two rows")));
        }
        square(&f.minutes, k)?;
        if let Some(m) = &f.metres {
            square(m, k)?;
        }
        let pos: std::collections::HashMap<&str, usize> =
            f.locations.iter().enumerate().map(|(i, l)| (l.as_str(), i)).collect();
        let rows: Vec<usize> = labels
            .iter()
            .map(|l| pos.get(l.as_str()).copied().ok_or_else(|| TravelError::MissingPlace(l.clone())))
            .collect::<Result<_, _>>()?;
        let mut minutes = Vec::with_capacity(n * n);
        let mut metres = Vec::with_capacity(n * n);
        for &i in &rows {
            for &j in &rows {
                let min = cell_max(Some(f.minutes[i][j]), i, j, MAX_TRIP_MIN)?;
                let min = if f.fractional { min } else { min.round() };
                minutes.push(crate::time::ticks_from_minutes(min).unwrap_or(0));
                let m = match &f.metres {
                    Some(d) => cell(Some(d[i][j]), i, j)?,
                    None => 0.0,
                };
                metres.push(m.round() as u32);
            }
        }
        Ok(MatrixFile { matrix: Matrix::new(n, minutes, metres) })
    }
}

impl TravelProvider for MatrixFile {
    fn matrix(&self, places: &[Location], _mode: TravelMode) -> Result<Matrix, TravelError> {
        if places.len() != self.matrix.len() {
            return Err(TravelError::WrongSize { expected: places.len(), found: self.matrix.len() });
        }
        Ok(self.matrix.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        vec!["client:a".into(), "carer:k".into()]
    }

    #[test]
    fn reads_named_rows_in_any_order() {
        let text = r#"{"format_version":"1.0","mode":"car","locations":["carer:k","extra","client:a"],
            "minutes":[[0,1,5],[1,0,1],[6,1,0]],"metres":[[0,1,500],[1,0,1],[600,1,0]]}"#;
        let m = MatrixFile::parse(text, &labels(), TravelMode::Car).unwrap().matrix;
        assert_eq!(m.ticks(0, 1), crate::time::minutes(6));
        assert_eq!(m.ticks(1, 0), crate::time::minutes(5));
        assert_eq!(m.metres(0, 1), 600);
    }

    #[test]
    fn reads_an_osrm_table_response() {
        let text = r#"{"code":"Ok","durations":[[0,330],[290,0]],"distances":[[0,2500],[2400,0]],
            "sources":[{"location":[1.0,51.0]},{"location":[1.1,51.0]}],"destinations":[]}"#;
        let m = MatrixFile::parse(text, &labels(), TravelMode::Car).unwrap().matrix;
        assert_eq!(m.ticks(0, 1), crate::time::minutes(6));
        assert_eq!(m.ticks(1, 0), crate::time::minutes(5));
        assert_eq!(m.metres(1, 0), 2400);
    }

    #[test]
    fn rejects_bad_matrices_clearly() {
        let missing = r#"{"format_version":"1.0","mode":"car","locations":["client:a"],"minutes":[[0]]}"#;
        assert_eq!(
            MatrixFile::parse(missing, &labels(), TravelMode::Car).unwrap_err(),
            TravelError::MissingPlace("carer:k".into())
        );
        let unroutable = r#"{"code":"Ok","durations":[[0,null],[1,0]]}"#;
        assert!(matches!(
            MatrixFile::parse(unroutable, &labels(), TravelMode::Car).unwrap_err(),
            TravelError::BadValue { row: 0, col: 1, .. }
        ));
        let wrong = r#"{"code":"Ok","durations":[[0]]}"#;
        assert!(matches!(
            MatrixFile::parse(wrong, &labels(), TravelMode::Car).unwrap_err(),
            TravelError::WrongSize { .. }
        ));
        assert!(matches!(MatrixFile::parse("{", &labels(), TravelMode::Car).unwrap_err(), TravelError::File(_)));
        let walk =
            r#"{"format_version":"1.0","mode":"walk","locations":["client:a","carer:k"],"minutes":[[0,1],[1,0]]}"#;
        let e = MatrixFile::parse(walk, &labels(), TravelMode::Car).unwrap_err().to_string();
        assert!(e.contains("`walk` matrix"), "{e}");
        let dup =
            r#"{"format_version":"1.0","mode":"car","locations":["client:a","client:a"],"minutes":[[0,1],[1,0]]}"#;
        assert!(MatrixFile::parse(dup, &labels(), TravelMode::Car).unwrap_err().to_string().contains("two rows"));
        let far = r#"{"code":"Ok","durations":[[0,2147483647],[1,0]]}"#;
        assert!(matches!(
            MatrixFile::parse(far, &labels(), TravelMode::Car).unwrap_err(),
            TravelError::BadValue { .. }
        ));
    }
}
