//! Golden tests: every published solution, imported with the instance into Rota's own problem
//! and rota formats and run through the independent checker (`rota::check`), has no hard
//! violation and a routing cost equal to the published best-known value within 0.01. This pins
//! the importers and the checker's objective to the literature before any solving is judged.
//!
//! The benchmark files live in `../shared/benchmarks` beside the repository; when they are
//! absent these tests print a message and pass.

use rota::check::check;
use rota::format::{load_problem, save_json};
use rota::import::convert::{self, Imported};
use rota::import::{hhcrsp, mankowska, solomon};
use rota::travel::Travel;
mod common;

use common::{benchmarks, csv_rows};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn temp(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rota-golden-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Write the imported problem and matrix as `rota import` does, load them back through the
/// normal file path, check `rota`, and return (violations, routing cost).
fn check_imported(dir: &Path, imported: &Imported, rota: &rota::format::Rota) -> (Vec<String>, f64) {
    let problem_path = dir.join("problem.json");
    save_json(&problem_path, &imported.problem).unwrap();
    save_json(dir.join(&imported.matrix_file), &imported.matrix).unwrap();
    let (problem, _) = load_problem(&problem_path).unwrap_or_else(|e| panic!("{e}"));
    let travel = Travel::for_problem(&problem, dir, "problem.json").unwrap_or_else(|e| panic!("{e}"));
    let report = check(&problem, rota, &travel);
    let violations = report.violations.iter().map(|v| format!("{}: {}", v.rule, v.message)).collect();
    (violations, report.kpis.routing_cost)
}

#[test]
fn solomon_published_solutions_check_clean_at_the_published_cost() {
    let Some(bench) = benchmarks() else { return };
    let dir = bench.join("solomon1987");
    let tmp = temp("solomon");
    let mut checked = 0;
    for row in csv_rows(&dir.join("bks.csv")) {
        let name = &row["instance"];
        let inst =
            solomon::parse(name, &std::fs::read_to_string(dir.join(format!("instances/{name}.vrp"))).unwrap()).unwrap();
        let sol_file = dir.join(format!("bks-solutions/{name}.sol"));
        let sol = solomon::parse_solution(name, &std::fs::read_to_string(sol_file).unwrap()).unwrap();
        let imported = convert::solomon(&inst, "matrix.json");
        let (violations, cost) = check_imported(&tmp, &imported, &convert::solomon_rota(&inst, &sol));
        let bks: f64 = row["dist_only_bks"].parse().unwrap();
        assert!(violations.is_empty(), "{name}: {violations:?}");
        assert!((cost - bks).abs() <= 0.01, "{name}: checker {cost} vs BKS {bks}");
        // And back out: the rota's rounds are the published routes.
        let back = convert::solomon_solution(&convert::solomon_rota(&inst, &sol), sol.cost);
        assert_eq!(back.routes, sol.routes.iter().filter(|r| !r.is_empty()).cloned().collect::<Vec<_>>());
        checked += 1;
    }
    assert_eq!(checked, 56);
    let _ = std::fs::remove_dir_all(&tmp);
}

fn mankowska_golden(instances: &[PathBuf], solutions: &Path, tag: &str) -> usize {
    let bench = benchmarks().unwrap();
    let bks: HashMap<String, HashMap<String, String>> = csv_rows(&bench.join("mankowska2014/bks.csv"))
        .into_iter()
        .map(|r| (r["file"].trim_end_matches(".txt").to_string(), r))
        .collect();
    let tmp = temp(tag);
    let mut checked = 0;
    for path in instances {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let inst = mankowska::parse(&name, &std::fs::read_to_string(path).unwrap()).unwrap();
        let row = &bks[&inst.name];
        let sol_name = &row["MNSA24_solution"];
        let sol = hhcrsp::parse(sol_name, &std::fs::read_to_string(solutions.join(sol_name)).unwrap()).unwrap();
        let imported = convert::mankowska(&inst, "matrix.json");
        let rota = convert::mankowska_rota(&inst, &sol);
        let (violations, cost) = check_imported(&tmp, &imported, &rota);
        let bks: f64 = row["BKS_verified"].parse().unwrap();
        assert!(violations.is_empty(), "{name}: {violations:?}");
        assert!((cost - bks).abs() <= 0.01, "{name}: checker {cost} vs BKS_verified {bks}");
        // Exported back, the rota evaluates the same under the raw reference evaluator.
        let eval = mankowska::evaluate(&inst, &convert::hhcrsp_solution(&rota));
        assert!(eval.feasible && (eval.cost - bks).abs() <= 0.01, "{name}: exported {eval:?}");
        checked += 1;
    }
    let _ = std::fs::remove_dir_all(&tmp);
    checked
}

fn extract(archive: &Path, into: &Path) {
    let status = Command::new("tar").arg("-xJf").arg(archive).arg("-C").arg(into).status().unwrap();
    assert!(status.success(), "tar -xJf {} failed", archive.display());
}

#[test]
fn mankowska_published_solutions_check_clean_at_bks_verified() {
    let Some(bench) = benchmarks() else { return };
    let dir = bench.join("mankowska2014");
    let tmp = temp("mnsa24");
    extract(&dir.join("mnsa24-solutions.tar.xz"), &tmp);
    extract(&dir.join("instances-E-G.tar.xz"), &tmp);
    let mut instances: Vec<PathBuf> = Vec::new();
    for folder in [dir.join("instances-A-D"), tmp.clone()] {
        let mut found: Vec<PathBuf> =
            walk(&folder).into_iter().filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
        found.sort();
        instances.extend(found);
    }
    let checked = mankowska_golden(&instances, &tmp.join("mnsa24-solutions"), "mk");
    assert_eq!(checked, 56);
    let _ = std::fs::remove_dir_all(&tmp);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
