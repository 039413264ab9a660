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
