//! The events file of `rota replan`, read and validated against a fixed valid problem, then
//! applied: no events file may panic; a rejected one has at least one error and every error
//! names the file and a JSON path. What applying leaves must be a valid problem.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rota::format;
use rota::model::Problem;
use std::path::Path;
use std::sync::LazyLock;

/// The checker's fixture week (tests/fixtures/check).
static FIXTURE: LazyLock<Problem> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/check");
    format::load_problem(dir.join("problem.json")).expect("the fixture problem is valid").0
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let problem = &*FIXTURE;
    let now = rota::replan::events::parse_local_time("2026-12-01T10:30").expect("a time");
    match rota::replan::parse_events(text, "fuzz-events.json", problem, now) {
        Ok(events) => {
            let applied = rota::replan::apply(problem, &events, now);
            let mut f = format::Findings::new("applied.json");
            rota::validate::problem(&applied.problem, &mut f);
            let errors: Vec<_> = f.list.iter().filter(|e| e.severity == format::Severity::Error).collect();
            assert!(errors.is_empty(), "applying valid events left an invalid problem: {errors:?}");
        }
        Err(errors) => rota_fuzz_gen::assert_clear_errors(&errors, "fuzz-events.json"),
    }
});
