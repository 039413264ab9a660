//! Shared set-up for Rota's benchmarks: the criterion timings
//! (`cargo bench -p rota-benches --bench engine`) and the callgrind instruction counts
//! (`cargo bench -p rota-benches --bench instructions`, which needs valgrind and
//! gungraun-runner; BENCHMARKS.md, "Benchmark runs CI can trust").
//!
//! The benchmarks measure speed only; quality figures live in `BENCHMARKS.md`, made with
//! `rota solve`, `rota check` and `rota bench` on the shipped datasets.

use rota::model::Problem;
use rota::travel::Travel;
use std::path::{Path, PathBuf};

/// The path of a shipped dataset's problem file.
pub fn dataset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("datasets").join(name).join("problem.json")
}

/// A shipped problem with its travel matrices.
pub fn load(name: &str) -> (Problem, Travel) {
    let path = dataset(name);
    let (problem, _) = rota::format::load_problem(&path).unwrap_or_else(|e| panic!("{e}"));
    let travel = Travel::for_problem(&problem, path.parent().unwrap(), name).unwrap_or_else(|e| panic!("{e}"));
    (problem, travel)
}

/// The public benchmark instances shipped in the repository (`benchmarks/`).
pub fn benchmarks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("benchmarks")
}

/// A Mankowska (2014) instance by its file stem (`InstanzVNS_HCSRP_300_1` is G1), imported as
/// `rota import mankowska` does into a temporary folder and read back with its travel. Instances
/// E-G are unpacked from their shipped archive (`rota::import::archive`).
pub fn mankowska(stem: &str) -> (Problem, Travel) {
    let dir = benchmarks().join("mankowska2014");
    let tmp = std::env::temp_dir().join(format!("rota-benches-{}-{stem}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap_or_else(|e| panic!("{}: {e}", tmp.display()));
    let mut file = dir.join("instances-A-D").join(format!("{stem}.txt"));
    if !file.is_file() {
        rota::import::archive::unpack_tar_xz(&dir.join("instances-E-G.tar.xz"), &tmp).unwrap_or_else(|e| panic!("{e}"));
        file = find(&tmp, &format!("{stem}.txt")).unwrap_or_else(|| panic!("no {stem}.txt in the Mankowska files"));
    }
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let inst = rota::import::mankowska::parse(&format!("{stem}.txt"), &text).unwrap_or_else(|e| panic!("{e}"));
    let imported = rota::import::convert::mankowska(&inst, "problem.matrix.json");
    let problem_path = tmp.join("problem.json");
    rota::format::save_json(&problem_path, &imported.problem).unwrap_or_else(|e| panic!("{e}"));
    rota::format::save_json(tmp.join(&imported.matrix_file), &imported.matrix).unwrap_or_else(|e| panic!("{e}"));
    let (problem, _) = rota::format::load_problem(&problem_path).unwrap_or_else(|e| panic!("{e}"));
    let travel = Travel::for_problem(&problem, &tmp, "problem.json").unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&tmp);
    (problem, travel)
}

fn find(dir: &Path, name: &str) -> Option<PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let p = entry.path();
        if p.is_dir() {
            if let Some(found) = find(&p, name) {
                return Some(found);
            }
        } else if p.file_name().is_some_and(|n| n == name) {
            return Some(p);
        }
    }
    None
}
