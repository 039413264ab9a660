//! Shared set-up for Rota's criterion benchmarks (`cargo bench -p rota-benches`).
//!
//! The benchmarks measure speed only; quality figures live in `BENCHMARKS.md`, made with
//! `rota solve` and `rota check` on the shipped datasets.

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

/// `../shared/benchmarks` beside the repository, if present.
pub fn benchmarks() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/benchmarks");
    dir.is_dir().then_some(dir)
}

/// A Mankowska (2014) instance by its file stem (`InstanzVNS_HCSRP_300_1` is G1), imported as
/// `rota import mankowska` does into a temporary folder and read back with its travel. Instances
/// E-G are unpacked from their archive with the system's `tar`. `None` when the benchmark files
/// are absent.
pub fn mankowska(stem: &str) -> Option<(Problem, Travel)> {
    let dir = benchmarks()?.join("mankowska2014");
    let tmp = std::env::temp_dir().join(format!("rota-benches-{}-{stem}", std::process::id()));
    std::fs::create_dir_all(&tmp).ok()?;
    let mut file = dir.join("instances-A-D").join(format!("{stem}.txt"));
    if !file.is_file() {
        let status = std::process::Command::new("tar")
            .arg("-xJf")
            .arg(dir.join("instances-E-G.tar.xz"))
            .arg("-C")
            .arg(&tmp)
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
        file = find(&tmp, &format!("{stem}.txt"))?;
    }
    let text = std::fs::read_to_string(&file).ok()?;
    let inst = rota::import::mankowska::parse(&format!("{stem}.txt"), &text).ok()?;
    let imported = rota::import::convert::mankowska(&inst, "problem.matrix.json");
    let problem_path = tmp.join("problem.json");
    rota::format::save_json(&problem_path, &imported.problem).ok()?;
    rota::format::save_json(tmp.join(&imported.matrix_file), &imported.matrix).ok()?;
    let (problem, _) = rota::format::load_problem(&problem_path).ok()?;
    let travel = Travel::for_problem(&problem, &tmp, "problem.json").ok()?;
    let _ = std::fs::remove_dir_all(&tmp);
    Some((problem, travel))
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
