//! Helpers shared by test files (each file uses some of them).
#![allow(dead_code)]

pub mod week;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The public benchmark instances shipped in the repository (`benchmarks/`).
pub fn benchmarks() -> PathBuf {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../benchmarks"));
    assert!(dir.is_dir(), "the shipped benchmark folder {} is missing", dir.display());
    dir.to_path_buf()
}

/// Unpack a shipped `.tar.xz` archive into `into`, as `rota bench` does.
pub fn unpack(archive: &Path, into: &Path) {
    rota::import::archive::unpack_tar_xz(archive, into).unwrap_or_else(|e| panic!("{e}"));
}

/// Rows of a CSV file as maps from header to value.
pub fn csv_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    csv_text_rows(&text)
}

/// Rows of CSV text as maps from header to value.
pub fn csv_text_rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| headers.iter().zip(r.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

/// The starts of a published MNSA24 solution to an Italian instance that are one minute before
/// the window as Rota reads it (`ItalianInstance::earliest`): the published solver truncates a
/// window that opens at `x.99999…` to `x`. Each is at a patient with one service, whose window
/// opening the official validator does not check. As `(caregiver, patient, service, start)`.
pub fn mnsa24_truncated_starts(
    inst: &rota::import::italian::ItalianInstance,
    sol: &rota::import::hhcrsp::HhcrspSolution,
) -> Vec<(String, String, String, f64)> {
    let mut out = Vec::new();
    for route in &sol.routes {
        for loc in &route.locations {
            let i = rota::import::hhcrsp::patient_node(&loc.patient).unwrap() - 1;
            let p = &inst.patients[i];
            let truncated = loc.arrival_time == p.window.0.floor() && loc.arrival_time == inst.earliest(i) - 1.0;
            if truncated && p.required.len() == 1 {
                out.push((route.caregiver_id.clone(), loc.patient.clone(), loc.service.clone(), loc.arrival_time));
            }
        }
    }
    out
}
