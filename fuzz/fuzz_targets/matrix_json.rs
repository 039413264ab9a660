//! The travel matrix file reader (a problem's `"travel": {"kind": "matrix"}`: Rota's own format
//! or an OSRM `table` response), for the five places of the checker's fixture week: no input
//! may panic, and an accepted matrix has a cell for every pair of places.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rota::model::{Location, TravelMode};
use rota::travel::{MatrixFile, TravelProvider};

const LABELS: [&str; 5] = ["client:c1", "client:c2", "client:c3", "carer:k1", "carer:k2"];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let labels: Vec<String> = LABELS.iter().map(|s| s.to_string()).collect();
    let places = [Location::geo(51.28, 1.08); 5];
    for mode in [TravelMode::Car, TravelMode::Walk] {
        if let Ok(m) = MatrixFile::parse(text, &labels, mode).and_then(|f| f.matrix(&places, mode)) {
            assert_eq!(m.len(), 5);
            for a in 0..5 {
                for b in 0..5 {
                    let _ = (m.ticks(a, b), m.metres(a, b));
                }
            }
        }
    }
});
