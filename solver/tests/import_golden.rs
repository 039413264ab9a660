//! Golden tests: every published solution, imported with the instance into Rota's own problem
//! and rota formats and run through the independent checker (`rota::check`), has no hard
//! violation and a routing cost equal to the published best-known value within 0.01. This pins
//! the importers and the checker's objective to the literature before any solving is judged.
//!
//! The benchmark files are the ones shipped in `benchmarks/` (see the SOURCE.txt in each folder).

use rota::check::check;
use rota::format::{load_problem, save_json};
use rota::import::convert::{self, Imported};
use rota::import::{hhcrsp, mankowska, solomon};
use rota::travel::Travel;
mod common;

use common::{benchmarks, csv_rows, mnsa24_truncated_starts, unpack as extract};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn temp(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rota-golden-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Write the imported problem and matrix as `rota import` does, load them back through the
/// normal file path, check `rota`, and return (violations, routing cost).
fn check_imported(dir: &Path, imported: &Imported, rota: &rota::format::Rota) -> (Vec<String>, f64) {
    let (violations, cost) = check_imported_violations(dir, imported, rota);
    (violations.iter().map(|v| format!("{}: {}", v.rule, v.message)).collect(), cost)
}

/// [`check_imported`] with the checker's violations as they are.
fn check_imported_violations(
    dir: &Path,
    imported: &Imported,
    rota: &rota::format::Rota,
) -> (Vec<rota::check::Violation>, f64) {
    let problem_path = dir.join("problem.json");
    save_json(&problem_path, &imported.problem).unwrap();
    save_json(dir.join(&imported.matrix_file), &imported.matrix).unwrap();
    let (problem, _) = load_problem(&problem_path).unwrap_or_else(|e| panic!("{e}"));
    let travel = Travel::for_problem(&problem, dir, "problem.json").unwrap_or_else(|e| panic!("{e}"));
    let report = check(&problem, rota, &travel);
    (report.violations, report.kpis.routing_cost)
}

#[test]
fn solomon_published_solutions_check_clean_at_the_published_cost() {
    let bench = benchmarks();
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
    let bench = benchmarks();
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
        let eval =
            mankowska::evaluate(&inst, &convert::hhcrsp_solution(&rota, &convert::caregiver_ids(&imported.problem)));
        assert!(eval.feasible && (eval.cost - bks).abs() <= 0.01, "{name}: exported {eval:?}");
        checked += 1;
    }
    let _ = std::fs::remove_dir_all(&tmp);
    checked
}

#[test]
fn mankowska_published_solutions_check_clean_at_bks_verified() {
    let bench = benchmarks();
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

#[test]
fn italian_published_solutions_check_clean_at_bks() {
    use rota::import::italian;
    let bench = benchmarks();
    let dir = bench.join("italian-ceschia2024");
    let tmp = temp("italian");
    extract(&dir.join("dev-instances-with-mnsa24-solutions.tar.xz"), &tmp);
    let (mut checked, mut truncated) = (0, 0);
    for row in csv_rows(&dir.join("bks.csv")) {
        let name = &row["instance"];
        let inst =
            italian::parse(name, &std::fs::read_to_string(tmp.join("instances-dev").join(name)).unwrap()).unwrap();
        let sol_name = &row["solution"];
        let sol_text = std::fs::read_to_string(tmp.join("mnsa24-solutions-dev").join(sol_name)).unwrap();
        let sol = hhcrsp::parse(sol_name, &sol_text).unwrap();
        let imported = convert::italian(&inst, "matrix.json");
        let rota = convert::italian_rota(&inst, &sol);
        let (violations, cost) = check_imported_violations(&tmp, &imported, &rota);
        let bks: f64 = row["bks_total_cost"].parse().unwrap();
        // Clean but for the starts the published solver truncated: each a minute before the
        // window (which opens at x.99999...), at a patient with one service.
        let early = mnsa24_truncated_starts(&inst, &sol);
        let mut late_by_a_minute: Vec<String> = early.iter().map(|(_, p, s, _)| format!("{p}-{s}")).collect();
        let mut found: Vec<String> = violations
            .iter()
            .filter(|v| v.rule == "window_missed" && v.amount == 1)
            .filter_map(|v| v.visit.clone())
            .collect();
        late_by_a_minute.sort();
        found.sort();
        assert_eq!(found, late_by_a_minute, "{name}");
        assert_eq!(violations.len(), early.len(), "{name}: {violations:?}");
        truncated += early.len();
        assert!((cost - bks).abs() <= 0.01, "{name}: checker {cost} vs BKS {bks}");
        // Exported back, the rota evaluates the same under the raw reference evaluator, with
        // one route per caregiver.
        let exported = convert::hhcrsp_solution(&rota, &convert::caregiver_ids(&imported.problem));
        assert_eq!(exported.routes.len(), inst.caregivers.len(), "{name}");
        let eval = italian::evaluate(&inst, &exported);
        assert!(eval.problems.len() == early.len() && (eval.cost - bks).abs() <= 0.01, "{name}: exported {eval:?}");
        checked += 1;
    }
    assert_eq!((checked, truncated), (15, 8));
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn italian_mapping_of_a_small_instance() {
    use rota::import::italian;
    // p1 needs s2 (10) then s1 (default 20) 5..15 later; p2 needs s1 and s2 together.
    let text = r#"{"name": "tiny", "area": [0, 0, 1, 1],
      "distances": [[0, 5, 6], [4, 0, 3], [6, 3, 0]],
      "central_offices": [{"id": "d1", "location": [0.5, 0.6]}],
      "patients": [
        {"id": "p1", "location": [0.1, 0.2], "time_window": [9.999999999999998, 20.00000000000001],
         "required_caregivers": [{"service": "s2", "duration": 10}, {"service": "s1"}],
         "synchronization": {"type": "sequential", "distance": [5, 15]}},
        {"id": "p2", "location": [0.3, 0.4], "time_window": [0, 60],
         "required_caregivers": [{"service": "s1", "duration": 15}, {"service": "s2", "duration": 15}],
         "synchronization": {"type": "simultaneous"}}],
      "caregivers": [{"id": "c1", "abilities": ["s2", "s1"]}, {"id": "c2", "abilities": ["s2"]}],
      "services": [{"id": "s1", "default_duration": 20}, {"id": "s2", "default_duration": 30}]}"#;
    let inst = italian::parse("tiny.json", text).unwrap();
    let imported = convert::italian(&inst, "tiny.matrix.json");
    let p = &imported.problem;
    assert_eq!(p.name, "tiny");
    assert_eq!(p.skills.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["s1", "s2"]);
    assert_eq!(p.clients[0].location, rota::model::Location::Geo { lat: 0.2, lon: 0.1 });
    assert_eq!(p.carers[0].home, rota::model::Location::Geo { lat: 0.6, lon: 0.5 });
    assert_eq!(p.carers[0].skills.iter().map(|s| s.skill.as_str()).collect::<Vec<_>>(), ["s1", "s2"]);
    assert!(p.carers.iter().all(|c| c.commute_on_shift && c.availability[0].start.to_string() == "00:00"));
    let ids: Vec<&str> = p.visits.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["p1-s2", "p1-s1", "p2-s1", "p2-s2"]);
    let v = &p.visits[0];
    assert_eq!((v.window.unwrap().earliest.to_string(), v.due.unwrap().to_string()), ("00:10".into(), "00:20".into()));
    assert_eq!((v.duration_min, p.visits[1].duration_min), (10, 20));
    let link = |i: usize| {
        let l = &p.visits[i].links[0];
        (l.visit.as_str(), l.min_gap_min, l.max_gap_min, l.different_carers)
    };
    assert_eq!(link(0), ("p1-s1", 5, Some(15), true));
    assert_eq!(link(2), ("p2-s2", 0, Some(0), true));
    assert!(p.visits[1].links.is_empty() && p.visits[3].links.is_empty());
    // The matrix keeps the instance's asymmetry: office -> p1 is 5, p1 -> office 4.
    let m = &imported.matrix;
    let at = |label: &str| m.locations.iter().position(|l| l == label).unwrap();
    assert_eq!(m.minutes[at("carer:c1")][at("client:p1")], 5.0);
    assert_eq!(m.minutes[at("client:p1")][at("carer:c2")], 4.0);
    assert_eq!(m.minutes[at("client:p2")][at("client:p1")], 3.0);
}

/// Rota's own solutions that beat the best value in `bks.csv` (`BKS_best`), kept in
/// `benchmarks/solutions/mankowska` (found by `rota bench mankowska --time-limit 60`, see
/// BENCHMARKS.md). Each must be clean under both the independent checker and the raw reference
/// evaluator that reproduces all 56 published solutions, and cost less than `BKS_best`.
#[test]
fn rotas_new_best_mankowska_solutions_are_feasible_and_below_the_published_best() {
    let bench = benchmarks();
    let dir = bench.join("mankowska2014");
    let ours = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../benchmarks/solutions/mankowska"));
    let bks: HashMap<String, HashMap<String, String>> = csv_rows(&dir.join("bks.csv"))
        .into_iter()
        .map(|r| (r["file"].trim_end_matches(".txt").to_string(), r))
        .collect();
    let tmp = temp("new-best");
    extract(&dir.join("instances-E-G.tar.xz"), &tmp);
    let mut instances: HashMap<String, PathBuf> = HashMap::new();
    for p in walk(&dir.join("instances-A-D")).into_iter().chain(walk(&tmp)) {
        if p.extension().is_some_and(|e| e == "txt") {
            instances.insert(p.file_stem().unwrap().to_string_lossy().into_owned(), p);
        }
    }
    let mut checked = 0;
    for sol_path in walk(ours) {
        let file = sol_path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = file.trim_start_matches("sol-").trim_end_matches(".json").to_string();
        let inst = mankowska::parse(&stem, &std::fs::read_to_string(&instances[&stem]).unwrap()).unwrap();
        let sol = hhcrsp::parse(&file, &std::fs::read_to_string(&sol_path).unwrap()).unwrap();
        let rota = convert::mankowska_rota(&inst, &sol);
        let (violations, cost) = check_imported(&tmp, &convert::mankowska(&inst, "matrix.json"), &rota);
        assert!(violations.is_empty(), "{file}: {violations:?}");
        let eval = mankowska::evaluate(&inst, &sol);
        assert!(eval.feasible, "{file}: {:?}", eval.problems);
        assert!((eval.cost - cost).abs() <= 0.01, "{file}: evaluator {} vs checker {cost}", eval.cost);
        let best: f64 = bks[&stem]["BKS_best"].parse().unwrap();
        assert!(cost < best - 0.01, "{file}: {cost} is not below BKS_best {best}");
        checked += 1;
    }
    assert_eq!(checked, 22);
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Rota's own solutions to Italian instances that cost less than `bks_total_cost` in `bks.csv`
/// (the published MNSA24 solutions), kept in `benchmarks/solutions/italian` (found by `rota
/// bench italian --time-limit 60`, see BENCHMARKS.md). Each must be clean under both the
/// independent checker and the raw reference evaluator that reproduces all 15 published
/// solutions, and cost less than the published one.
#[test]
fn rotas_new_best_italian_solutions_are_feasible_and_below_the_published_best() {
    use rota::import::italian;
    let bench = benchmarks();
    let dir = bench.join("italian-ceschia2024");
    let ours = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../benchmarks/solutions/italian"));
    let bks: HashMap<String, HashMap<String, String>> =
        csv_rows(&dir.join("bks.csv")).into_iter().map(|r| (r["instance"].clone(), r)).collect();
    let tmp = temp("italian-new-best");
    extract(&dir.join("dev-instances-with-mnsa24-solutions.tar.xz"), &tmp);
    let mut checked = 0;
    for sol_path in walk(ours) {
        let file = sol_path.file_name().unwrap().to_string_lossy().into_owned();
        let name = file.trim_start_matches("sol-").to_string();
        let inst =
            italian::parse(&name, &std::fs::read_to_string(tmp.join("instances-dev").join(&name)).unwrap()).unwrap();
        let sol = hhcrsp::parse(&file, &std::fs::read_to_string(&sol_path).unwrap()).unwrap();
        let rota = convert::italian_rota(&inst, &sol);
        let (violations, cost) = check_imported(&tmp, &convert::italian(&inst, "matrix.json"), &rota);
        assert!(violations.is_empty(), "{file}: {violations:?}");
        let eval = italian::evaluate(&inst, &sol);
        assert!(eval.feasible, "{file}: {:?}", eval.problems);
        assert!((eval.cost - cost).abs() <= 0.01, "{file}: evaluator {} vs checker {cost}", eval.cost);
        let best: f64 = bks[&name]["bks_total_cost"].parse().unwrap();
        assert!(cost < best - 0.01, "{file}: {cost} is not below the published {best}");
        checked += 1;
    }
    assert_eq!(checked, 6);
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
