//! The package file of `rota fit`, read and merged into a fixed valid problem: no package may
//! panic; a rejected one has at least one error and every error names the file and a JSON path.
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
    match rota::fit::parse_package(text, "fuzz-package.json") {
        Ok(package) => match rota::fit::merge(problem, &package, "fuzz-package.json") {
            Ok(_) => {}
            Err(errors) => rota_fuzz_gen::assert_clear_errors(&errors, "fuzz-package.json"),
        },
        Err(errors) => rota_fuzz_gen::assert_clear_errors(&errors, "fuzz-package.json"),
    }
});
