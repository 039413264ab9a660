//! The problem JSON loader with validation (`rota validate problem.json`): no input may panic;
//! a rejected file has at least one error and every error names the file and a JSON path; an
//! accepted problem writes back as a problem that is accepted again; and its distance travel
//! matrices (the default travel setting) build without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rota::format;
use rota::model::TravelConfig;
use rota::travel::Travel;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match format::parse_problem_with_warnings(text, "fuzz.json") {
        Ok((problem, _warnings)) => {
            let again = format::to_json(&problem);
            if let Err(e) = format::parse_problem(&again, "again.json") {
                panic!("an accepted problem is rejected once written back:\n{e}\n{again}");
            }
            // Matrix files and road networks are read from disk: only the distance model here.
            if matches!(problem.travel, TravelConfig::Distance { .. }) {
                let _ = Travel::for_problem(&problem, Path::new("."), "fuzz.json");
            }
        }
        Err(errors) => rota_fuzz_gen::assert_clear_errors(&errors, "fuzz.json"),
    }
});
