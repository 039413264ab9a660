//! Helpers shared by the benchmark test files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// `../shared/benchmarks` beside the repository, or `None` (with a message) when it is absent.
pub fn benchmarks() -> Option<PathBuf> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/benchmarks"));
    if dir.is_dir() {
        Some(dir.to_path_buf())
    } else {
        eprintln!("skipping: benchmark folder {} is absent", dir.display());
        None
    }
}

/// Rows of a CSV file as maps from header to value.
pub fn csv_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| headers.iter().zip(r.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}
