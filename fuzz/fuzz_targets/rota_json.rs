//! The rota JSON loader with validation against a fixed valid problem (`rota check`), then the
//! checker itself: no rota may panic either; a rejected rota has at least one error and every
//! error names the file and a JSON path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rota::check::check;
use rota::format;
use rota::model::Problem;
use rota::travel::Travel;
use std::path::Path;
use std::sync::LazyLock;

/// The checker's fixture week (tests/fixtures/check): a double-handed visit, a skill, a key
/// carer, two profiles and a travel matrix file.
static FIXTURE: LazyLock<(Problem, Travel)> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/check");
    let (problem, _) = format::load_problem(dir.join("problem.json")).expect("the fixture problem is valid");
    let travel = Travel::for_problem(&problem, &dir, "problem.json").expect("the fixture's travel reads");
    (problem, travel)
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (problem, travel) = &*FIXTURE;
    match format::parse_rota(text, "fuzz-rota.json", problem) {
        Ok(rota) => {
            let report = check(problem, &rota, travel);
            let _ = serde_json::to_string(&report).expect("a check report serialises");
        }
        Err(errors) => rota_fuzz_gen::assert_clear_errors(&errors, "fuzz-rota.json"),
    }
});
