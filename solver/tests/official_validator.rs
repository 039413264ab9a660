//! The official HHCRSP validator (`iolab-uniud/hhcrsp`, vendored in
//! `benchmarks/validators/hhcrsp`) on Rota's hhcrsp solutions: every shipped one
//! (`benchmarks/solutions/**`), fresh exports of short solves through the real export path
//! (`convert::hhcrsp_solution`, `hhcrsp::write`), and the published MNSA24 solutions to the
//! Italian instances, whose truncated window starts Rota's own evaluator reports.
//!
//! The validator is Python: the interpreter is `ROTA_PYTHON`, else `python3`. When it cannot
//! import the validator's packages the test prints a note and passes, unless
//! `ROTA_VALIDATOR_TESTS=1` (CI), which makes that a failure.

use rota::format::{load_problem, save_json, Rota};
use rota::import::convert::{self, Imported};
use rota::import::{hhcrsp, italian, mankowska};
use rota::solve::{solve, Budget, SolveOptions};
use rota::travel::Travel;
mod common;

use common::{benchmarks, csv_rows, unpack};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The validator's folder and the interpreter, or `None` (with a note) when it cannot run.
fn validator() -> Option<(PathBuf, String)> {
    let folder = benchmarks().join("validators/hhcrsp");
    assert!(folder.join("validator.py").is_file(), "{} has no validator.py", folder.display());
    let python = std::env::var("ROTA_PYTHON").ok().filter(|p| !p.is_empty()).unwrap_or_else(|| "python3".into());
    let probe = Command::new(&python).args(["-c", "import validator"]).current_dir(&folder).output();
    let why = match probe {
        Ok(out) if out.status.success() => return Some((folder, python)),
        Ok(out) => String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("").to_string(),
        Err(e) => e.to_string(),
    };
    let required = std::env::var("ROTA_VALIDATOR_TESTS").is_ok_and(|v| v == "1");
    assert!(!required, "ROTA_VALIDATOR_TESTS=1 but {python} cannot import the official validator: {why}");
    eprintln!(
        "skipped: {python} cannot import the official validator ({why}); install \
         benchmarks/validators/hhcrsp/requirements.txt and set ROTA_PYTHON, or ROTA_VALIDATOR_TESTS=1 to require it"
    );
    None
}

/// `python validator.py check-solution INSTANCE SOLUTION`: `Ok(total_cost)` or `Err(message)`.
fn check(folder: &Path, python: &str, instance: &Path, solution: &Path) -> Result<f64, String> {
    let out = Command::new(python)
        .arg("validator.py")
        .arg("check-solution")
        .arg(instance)
        .arg(solution)
        .current_dir(folder)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let last =
        |b: &[u8]| String::from_utf8_lossy(b).lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").to_string();
    if !out.status.success() {
        return Err(last(&out.stderr));
    }
    let line = last(&out.stdout);
    let value: serde_json::Value = serde_json::from_str(&line).map_err(|e| format!("{e}: `{line}`"))?;
    value["total_cost"].as_f64().ok_or_else(|| format!("no total_cost in `{line}`"))
}

/// One case: an instance, a solution file, and the cost Rota gives it.
struct Case {
    name: String,
    instance: PathBuf,
    solution: PathBuf,
    rota_cost: f64,
}

/// The validator's `check-solution` (validator.py: `Instance`, `Solution`, `validate_solution`
/// without route tardiness) on many (instance, solution) pairs in one Python process, as
/// `python validator.py check-solution` would judge each: one JSON line per pair.
const BATCH: &str = r#"
import sys, json
from instance import Instance
from solution import Solution, validate_solution
for line in sys.stdin:
    instance, solution = line.rstrip("\n").split("\t")
    try:
        inst = Instance(open(instance).read())
        sol = Solution(open(solution).read(), inst, 1)
        print(json.dumps({"cost": validate_solution(inst, sol, False)["total_cost"]}))
    except Exception as e:
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
"#;

/// Every case through [`BATCH`]; the verdicts in case order.
fn check_all(folder: &Path, python: &str, cases: &[Case]) -> Vec<Result<f64, String>> {
    use std::io::Write as _;
    let mut child = Command::new(python)
        .args(["-c", BATCH])
        .current_dir(folder)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let input: String = cases.iter().map(|c| format!("{}\t{}\n", c.instance.display(), c.solution.display())).collect();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the batch validator failed: {}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(String::from).collect();
    assert_eq!(lines.len(), cases.len(), "{lines:?}");
    lines
        .iter()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            v["cost"].as_f64().ok_or_else(|| v["error"].as_str().unwrap_or(line).to_string())
        })
        .collect()
}

fn temp(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rota-official-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    out.sort();
    out
}

/// A short deterministic solve of an imported problem, written and read back as `rota import` does.
fn short_solve(dir: &Path, imported: &Imported, iterations: u64) -> Rota {
    let problem_path = dir.join("problem.json");
    save_json(&problem_path, &imported.problem).unwrap();
    save_json(dir.join(&imported.matrix_file), &imported.matrix).unwrap();
    let (problem, _) = load_problem(&problem_path).unwrap_or_else(|e| panic!("{e}"));
    let travel = Travel::for_problem(&problem, dir, "problem.json").unwrap_or_else(|e| panic!("{e}"));
    let options = SolveOptions { budget: Budget::Iterations(iterations), threads: 1, ..SolveOptions::default() };
    let rota = solve(&problem, &travel, &options, &|_| {}).rota;
    assert!(rota.unassigned.is_empty(), "{}: a short solve left visits out", imported.problem.name);
    rota
}

#[test]
fn the_official_validator_accepts_rotas_shipped_and_fresh_solutions_at_rotas_cost() {
    let Some((folder, python)) = validator() else { return };
    let bench = benchmarks();
    let tmp = temp("all");
    let mk_dir = bench.join("mankowska2014");
    let it_dir = bench.join("italian-ceschia2024");
    unpack(&mk_dir.join("mankowska-json.tar.xz"), &tmp);
    unpack(&mk_dir.join("instances-E-G.tar.xz"), &tmp);
    unpack(&it_dir.join("dev-instances-with-mnsa24-solutions.tar.xz"), &tmp);
    let mk_text = |stem: &str| {
        let a_d = mk_dir.join("instances-A-D").join(format!("{stem}.txt"));
        let path = if a_d.is_file() { a_d } else { tmp.join("instances-E-G").join(format!("{stem}.txt")) };
        mankowska::parse(&format!("{stem}.txt"), &std::fs::read_to_string(&path).unwrap()).unwrap()
    };
    let mk_json = |stem: &str| tmp.join("mankowska-json").join(format!("{stem}.json"));
    let it_json = |name: &str| tmp.join("instances-dev").join(name);
    let it_inst = |name: &str| italian::parse(name, &std::fs::read_to_string(it_json(name)).unwrap()).unwrap();
    let mut cases = Vec::new();

    // Every shipped Rota solution, exactly as shipped.
    let shipped = bench.join("solutions");
    for path in files(&shipped.join("mankowska")) {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = file.trim_start_matches("sol-").trim_end_matches(".json").to_string();
        let sol = hhcrsp::parse(&file, &std::fs::read_to_string(&path).unwrap()).unwrap();
        let rota_cost = mankowska::evaluate(&mk_text(&stem), &sol).cost;
        cases.push(Case { name: file, instance: mk_json(&stem), solution: path, rota_cost });
    }
    for path in files(&shipped.join("italian")) {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let name = file.trim_start_matches("sol-").to_string();
        let sol = hhcrsp::parse(&file, &std::fs::read_to_string(&path).unwrap()).unwrap();
        let rota_cost = italian::evaluate(&it_inst(&name), &sol).cost;
        cases.push(Case { name: file, instance: it_json(&name), solution: path, rota_cost });
    }
    let shipped_count = cases.len();
    assert_eq!(shipped_count, 22 + 6, "the shipped solutions changed: update this test and benchmarks/README.md");

    // The published MNSA24 solutions to the Italian instances: the validator accepts all 15,
    // with the eight truncated starts Rota's evaluator reports (single-service patients).
    for row in csv_rows(&it_dir.join("bks.csv")) {
        let solution = tmp.join("mnsa24-solutions-dev").join(&row["solution"]);
        cases.push(Case {
            name: row["solution"].clone(),
            instance: it_json(&row["instance"]),
            solution,
            rota_cost: row["bks_total_cost"].parse().unwrap(),
        });
    }

    // Fresh exports of short solves through the real export path.
    for (tag, stem) in [("A1", "InstanzCPLEX_HCSRP_10_1"), ("C1", "InstanzCPLEX_HCSRP_50_1")] {
        let inst = mk_text(stem);
        let imported = convert::mankowska(&inst, "matrix.json");
        let dir = temp(tag);
        let rota = short_solve(&dir, &imported, 200);
        let sol = convert::hhcrsp_solution(&rota, &convert::caregiver_ids(&imported.problem));
        let eval = mankowska::evaluate(&inst, &sol);
        assert!(eval.feasible, "{tag}: {:?}", eval.problems);
        let path = tmp.join(format!("fresh-{stem}.json"));
        std::fs::write(&path, hhcrsp::write(&sol)).unwrap();
        cases.push(Case {
            name: format!("fresh {tag}"),
            instance: mk_json(stem),
            solution: path,
            rota_cost: eval.cost,
        });
        let _ = std::fs::remove_dir_all(&dir);
    }
    let (tag, name) = ("I010", "instance_010-milan-r15-p76-s2-sim17.7-seq13.7.json");
    let inst = it_inst(name);
    let mut imported = convert::italian(&inst, "matrix.json");
    let caregivers = convert::caregiver_ids(&imported.problem);
    // The last caregiver is left out of the problem, so that its route is empty.
    imported.problem.carers.pop();
    let dir = temp(tag);
    let rota = short_solve(&dir, &imported, 200);
    let sol = convert::hhcrsp_solution(&rota, &caregivers);
    assert_eq!(sol.routes.len(), inst.caregivers.len());
    let eval = italian::evaluate(&inst, &sol);
    assert!(eval.feasible, "{tag}: {:?}", eval.problems);
    let unused = sol.routes.iter().filter(|r| r.locations.is_empty()).count();
    assert!(unused >= 1, "{tag}: no unused caregiver, so the empty routes go untested");
    let path = tmp.join(format!("fresh-{tag}.json"));
    std::fs::write(&path, hhcrsp::write(&sol)).unwrap();
    cases.push(Case { name: format!("fresh {tag}"), instance: it_json(name), solution: path, rota_cost: eval.cost });
    // The same solution without its empty routes, as Rota wrote it before issue 19.
    let mut without = sol.clone();
    without.routes.retain(|r| !r.locations.is_empty());
    let path = tmp.join(format!("fresh-{tag}-no-empty-routes.json"));
    std::fs::write(&path, hhcrsp::write(&without)).unwrap();
    let stripped = (it_json(name), path, inst.caregivers.len(), without.routes.len());

    let verdicts = check_all(&folder, &python, &cases);
    let mut failures = Vec::new();
    for (case, verdict) in cases.iter().zip(&verdicts) {
        match verdict {
            // The Mankowska JSON distances are rounded to 3 decimals (0.0005 a leg at most; the
            // shipped solutions differ by 0.004 at most).
            Ok(cost) if (cost - case.rota_cost).abs() <= 0.02 => {}
            Ok(cost) => {
                failures.push(format!("{}: the validator's cost {cost} vs Rota's {}", case.name, case.rota_cost))
            }
            Err(why) => failures.push(format!("{}: rejected: {why}", case.name)),
        }
    }
    assert!(failures.is_empty(), "{} of {} cases:\n{}", failures.len(), cases.len(), failures.join("\n"));

    // The command line itself (`validator.py check-solution`) on one shipped solution.
    let first = &cases[0];
    let cost =
        check(&folder, &python, &first.instance, &first.solution).unwrap_or_else(|e| panic!("{}: {e}", first.name));
    assert_eq!(Ok(cost), verdicts[0], "{}", first.name);

    // And the check can fail: without the empty routes, the validator rejects the solution.
    let (instance, path, caregivers, routes) = stripped;
    let why = check(&folder, &python, &instance, &path).expect_err(tag);
    let expected = format!("Expected {caregivers} routes (one for each caregiver), found {routes}");
    assert!(why.contains(&expected), "{tag}: {why}");
    let _ = std::fs::remove_dir_all(&tmp);
    eprintln!("the official validator accepted all {} solutions ({shipped_count} shipped)", cases.len());
}

/// The Mankowska JSON instances the validator reads are the shipped text instances: same
/// patients, windows, services, durations and caregivers' skills, and distances within the
/// JSON's rounding (3 decimals).
#[test]
fn the_mankowska_json_instances_match_the_text_instances() {
    let bench = benchmarks();
    let dir = bench.join("mankowska2014");
    let tmp = temp("mk-json");
    unpack(&dir.join("mankowska-json.tar.xz"), &tmp);
    unpack(&dir.join("instances-E-G.tar.xz"), &tmp);
    let mut texts: HashMap<String, PathBuf> = HashMap::new();
    for p in files(&dir.join("instances-A-D")).into_iter().chain(files(&tmp.join("instances-E-G"))) {
        texts.insert(p.file_stem().unwrap().to_string_lossy().into_owned(), p);
    }
    let jsons = files(&tmp.join("mankowska-json"));
    assert_eq!(jsons.len(), 56);
    for path in jsons {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let inst = mankowska::parse(&stem, &std::fs::read_to_string(&texts[&stem]).unwrap()).unwrap();
        let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let patients = json["patients"].as_array().unwrap();
        assert_eq!(patients.len(), inst.patients().count(), "{stem}");
        for (i, p) in inst.patients().zip(patients) {
            assert_eq!(p["id"], hhcrsp::patient_id(i), "{stem}");
            let w = &p["time_window"];
            assert_eq!((w[0].as_f64(), w[1].as_f64()), (Some(inst.earliest[i]), Some(inst.latest[i])), "{stem} p{i}");
            let services: Vec<(String, f64)> = p["required_caregivers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| (r["service"].as_str().unwrap().to_string(), r["duration"].as_f64().unwrap()))
                .collect();
            let ours: Vec<(String, f64)> = inst
                .required_services(i)
                .into_iter()
                .map(|j| (hhcrsp::service_id(j), inst.processing_time(i, 0, j)))
                .collect();
            let (mut a, mut b) = (services.clone(), ours);
            a.sort_by(|x, y| x.0.cmp(&y.0));
            b.sort_by(|x, y| x.0.cmp(&y.0));
            assert_eq!(a, b, "{stem} p{i}");
        }
        let carers = json["caregivers"].as_array().unwrap();
        assert_eq!(carers.len(), inst.vehicles, "{stem}");
        for (k, c) in carers.iter().enumerate() {
            assert_eq!(c["id"], hhcrsp::caregiver_id(k), "{stem}");
            let mut skills: Vec<String> =
                c["abilities"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().into()).collect();
            skills.sort();
            let mut ours: Vec<String> =
                (0..inst.services).filter(|&j| inst.qualified[k][j]).map(hhcrsp::service_id).collect();
            ours.sort();
            assert_eq!(skills, ours, "{stem} c{}", k + 1);
        }
        let d = json["distances"].as_array().unwrap();
        for (a, row) in d.iter().enumerate() {
            for (b, v) in row.as_array().unwrap().iter().enumerate() {
                let v = v.as_f64().unwrap();
                assert!(
                    (v - inst.distance[a][b]).abs() <= 0.0005 + 1e-9,
                    "{stem} d[{a}][{b}] {v} vs {}",
                    inst.distance[a][b]
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
