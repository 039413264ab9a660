//! The contract of `rota sweep` that every engine relies on (Kubernetes Indexed Jobs and Slurm
//! job arrays run `rota sweep run --index I` in any order, maybe twice, maybe after a failure):
//! tasks run by index in a shuffled order, with duplicates and an injected failure, merge to the
//! same bytes as the whole sweep run at once with rayon; status tells done, missing, failed and
//! stale apart; a fresh task is skipped without touching its file; a merged cluster report is the
//! one `rota capacity sweep` writes; bad manifests and indexes fail with exit 2 and say where.
//!
//! Budgets are tiny (100,000 work units a task) and the county has three small clusters, so the
//! file runs in seconds.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn rota(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rota")).args(args).output().unwrap()
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rota-sweep-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const WINTER: &str = r#"{"scenarios": [{"name": "winter", "changes": [
    {"kind": "sickness_leave", "percent": 8}, {"kind": "slower_travel", "factor": 1.25}]}]}"#;

/// A county of three small clusters and a scenario file in `dir/inputs`.
fn inputs(dir: &Path) -> PathBuf {
    let inputs = dir.join("inputs");
    let county = inputs.join("county");
    let o = rota(&[
        "county",
        "generate",
        "--clusters",
        "3",
        "--clients",
        "40",
        "--districts",
        "E07000106,E07000114",
        "--seed",
        "2",
        "--geodata",
        s(&repo("datasets/geodata")),
        "-o",
        s(&county),
    ]);
    assert!(o.status.success(), "{}", err(&o));
    std::fs::write(inputs.join("winter.json"), WINTER).unwrap();
    inputs
}

/// Plan the county × (baseline, winter) × two workforce levels: 12 tasks, into `dir/sweep.json`.
fn plan(inputs: &Path, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let manifest = dir.join("sweep.json");
    let o = rota(&[
        "sweep",
        "plan",
        "--county",
        s(&inputs.join("county")),
        "--scenario",
        s(&inputs.join("winter.json")),
        "--carers-scale",
        "0.8,1.0",
        "--work",
        "100000",
        "-o",
        s(&manifest),
    ]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).starts_with("12 tasks (3 clusters)"), "{}", err(&o));
    manifest
}

/// `rota sweep status` as (index, state) pairs, and its exit code.
fn states(manifest: &Path) -> (Vec<(usize, String)>, i32) {
    let o = rota(&["sweep", "status", s(manifest)]);
    let list = out(&o)
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].parse().unwrap(), f[1].to_string())
        })
        .collect();
    (list, o.status.code().unwrap())
}

fn count(states: &[(usize, String)], what: &str) -> usize {
    states.iter().filter(|(_, s)| s == what).count()
}

/// The merged files that must match byte for byte.
fn merged(dir: &Path) -> Vec<(String, String)> {
    ["merge.json", "tasks.csv", "county.csv", "county.json"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read_to_string(dir.join(f)).unwrap()))
        .collect()
}

/// Every result file of a manifest, with its wall times taken out.
fn results(manifest: &Path) -> Vec<serde_json::Value> {
    let m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(manifest).unwrap()).unwrap();
    let dir = manifest.parent().unwrap();
    m["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let path = dir.join(t["result"].as_str().unwrap());
            let mut r: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            r.as_object_mut().unwrap().remove("timing").expect("a result has its wall times apart");
            r
        })
        .collect()
}

/// A seeded shuffle (a linear congruential generator: no dependency for a test).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    let mut x = seed;
    for i in (1..n).rev() {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        v.swap(i, (x >> 33) as usize % (i + 1));
    }
    v
}

#[test]
fn indexes_in_any_order_with_duplicates_and_a_failure_merge_to_the_rayon_reference() {
    let dir = scratch("contract");
    let inputs = inputs(&dir);
    // The reference: every task at once on a rayon pool.
    let reference = plan(&inputs, &dir.join("reference"));
    let o = rota(&["sweep", "run", s(&reference), "--threads", "2"]);
    assert!(o.status.success(), "{}", err(&o));
    let o = rota(&["sweep", "merge", s(&reference), "-o", s(&dir.join("reference/merged"))]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("merged 12 of 12 tasks"), "{}", err(&o));

    // The same manifest run by index, as an engine would: shuffled, with duplicates, and the
    // problem of cluster kent-02 broken for the first pass (a failure injected).
    let engine = plan(&inputs, &dir.join("engine"));
    let m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&engine).unwrap()).unwrap();
    let broken: Vec<usize> = m["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["cluster"] == "kent-02")
        .map(|t| t["index"].as_u64().unwrap() as usize)
        .collect();
    assert_eq!(broken.len(), 4);
    let problem = inputs.join("county/kent-02/problem.json");
    let good = std::fs::read(&problem).unwrap();
    std::fs::write(&problem, b"{\"format_version\": \"1.0\", \"name\": 5").unwrap();
    let mut order = shuffled(12, 7);
    order.extend([order[0], order[5], order[11]]);
    let mut failures = 0;
    for &i in &order {
        let o = rota(&["sweep", "run", s(&engine), "--index", &i.to_string(), "--quiet"]);
        if broken.contains(&i) {
            assert_eq!(o.status.code(), Some(1), "task {i} of the broken cluster fails: {}", err(&o));
            assert!(err(&o).contains("kent-02/problem.json"), "the failure names the file: {}", err(&o));
            failures += 1;
        } else {
            assert!(o.status.success(), "task {i}: {}", err(&o));
        }
    }
    assert!(failures >= 4);
    let (st, code) = states(&engine);
    assert_eq!((count(&st, "done"), count(&st, "failed"), code), (8, 4, 5), "{st:?}");
    for i in &broken {
        assert_eq!(st[*i].1, "failed");
    }
    // A partial merge lists the failed tasks and exits 5, writing what is done.
    let partial = dir.join("engine/partial");
    let o = rota(&["sweep", "merge", s(&engine), "-o", s(&partial)]);
    assert_eq!(o.status.code(), Some(5), "{}", err(&o));
    assert_eq!(err(&o).matches("not merged: task").count(), 4, "{}", err(&o));
    let tasks_csv = std::fs::read_to_string(partial.join("tasks.csv")).unwrap();
    assert_eq!(tasks_csv.matches(",failed,").count(), 4, "{tasks_csv}");
    let o = rota(&["sweep", "merge", s(&engine), "-o", s(&partial), "--allow-partial"]);
    assert!(o.status.success(), "{}", err(&o));

    // The input mended, the failed tasks re-run (again shuffled, one twice) and the sweep is done.
    std::fs::write(&problem, &good).unwrap();
    for &k in shuffled(4, 3).iter().chain([0usize].iter()) {
        let o = rota(&["sweep", "run", s(&engine), "--index", &broken[k].to_string(), "--quiet"]);
        assert!(o.status.success(), "{}", err(&o));
    }
    let (st, code) = states(&engine);
    assert_eq!((count(&st, "done"), code), (12, 0), "{st:?}");
    let failed_files = std::fs::read_dir(dir.join("engine/sweep-results/kent-02")).unwrap().count();
    assert_eq!(failed_files, 4, "a success removes the task's .failed.json");
    let o = rota(&["sweep", "merge", s(&engine), "-o", s(&dir.join("engine/merged"))]);
    assert!(o.status.success(), "{}", err(&o));

    // Task for task, the same results and the same merged files, byte for byte.
    assert_eq!(results(&engine), results(&reference));
    assert_eq!(merged(&dir.join("engine/merged")), merged(&dir.join("reference/merged")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn status_tells_stale_from_done_and_a_fresh_task_is_not_run_again() {
    let dir = scratch("stale");
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let problem = inputs.join("demo.json");
    std::fs::copy(repo("datasets/demo/problem.json"), &problem).unwrap();
    let manifest = dir.join("sweep.json");
    let o = rota(&[
        "sweep",
        "plan",
        s(&problem),
        "--carers",
        "10,14",
        "--work",
        "100000",
        "--no-bound",
        "-o",
        s(&manifest),
    ]);
    assert!(o.status.success(), "{}", err(&o));
    let (st, code) = states(&manifest);
    assert_eq!((count(&st, "missing"), code), (2, 5));
    let o = rota(&["sweep", "run", s(&manifest), "--index", "1"]);
    assert!(o.status.success(), "{}", err(&o));
    let (st, _) = states(&manifest);
    assert_eq!(st, vec![(0, "missing".to_string()), (1, "done".to_string())]);

    // Run again: skipped, the result file untouched.
    let result = dir.join("sweep-results/demo/baseline-c14-s1.json");
    let before = (std::fs::read(&result).unwrap(), std::fs::metadata(&result).unwrap().modified().unwrap());
    let o = rota(&["sweep", "run", s(&manifest), "--index", "1"]);
    assert!(o.status.success() && err(&o).contains("already done"), "{}", err(&o));
    let after = (std::fs::read(&result).unwrap(), std::fs::metadata(&result).unwrap().modified().unwrap());
    assert_eq!(before, after);

    // An input edited after the run: stale; running all re-runs the stale and missing tasks only.
    let text = std::fs::read_to_string(&problem).unwrap();
    std::fs::write(&problem, text.replacen("canterbury week, seed 1", "canterbury week, edited", 1)).unwrap();
    let o = rota(&["sweep", "status", s(&manifest)]);
    assert_eq!(o.status.code(), Some(5));
    assert!(
        out(&o).contains("1\tstale\tdemo/baseline/c14/s1\t") && out(&o).contains("demo.json has changed"),
        "{}",
        out(&o)
    );
    let o = rota(&["sweep", "run", s(&manifest), "--threads", "1"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("2 of 2 tasks run"), "{}", err(&o));
    let r: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&result).unwrap()).unwrap();
    assert_eq!(r["problem"]["name"], "canterbury week, edited");
    let (st, code) = states(&manifest);
    assert_eq!((count(&st, "done"), code), (2, 0));

    // The manifest's options changed (another budget): every result is stale.
    let m = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, m.replacen("\"work\": 100000", "\"work\": 120000", 1)).unwrap();
    let o = rota(&["sweep", "status", s(&manifest)]);
    assert_eq!(o.status.code(), Some(5));
    assert_eq!(out(&o).matches("options have changed").count(), 2, "{}", out(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_merged_cluster_is_the_capacity_sweep_of_that_cluster() {
    let dir = scratch("capacity");
    let problem = repo("datasets/demo/problem.json");
    let scenarios = repo("datasets/scenarios/winter.json");
    let manifest = dir.join("sweep.json");
    let common = ["--carers", "8,14", "--work", "100000", "--scenario", s(&scenarios)];
    let o = rota(&[&["sweep", "plan", s(&problem), "-o", s(&manifest)], &common[..]].concat());
    assert!(o.status.success(), "{}", err(&o));
    let o = rota(&["sweep", "run", s(&manifest), "--quiet"]);
    assert!(o.status.success(), "{}", err(&o));
    let o = rota(&["sweep", "merge", s(&manifest), "-o", s(&dir.join("merged"))]);
    assert!(o.status.success(), "{}", err(&o));
    let o =
        rota(&[&["capacity", "sweep", s(&problem), "--quiet", "-o", s(&dir.join("capacity"))], &common[..]].concat());
    assert!(o.status.success(), "{}", err(&o));
    // Every column but the wall time.
    let table = |p: PathBuf| -> Vec<String> {
        std::fs::read_to_string(p).unwrap().lines().map(|l| l.rsplit_once(',').unwrap().0.to_string()).collect()
    };
    let merged = table(dir.join("merged/clusters/demo/seed-1/points.csv"));
    assert_eq!(merged.len(), 9, "8 points and the header");
    assert_eq!(merged, table(dir.join("capacity/points.csv")));
    let report = std::fs::read_to_string(dir.join("merged/clusters/demo/seed-1/report.html")).unwrap();
    assert!(report.contains("<html") && report.contains("winter"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_manifests_and_indexes_exit_2_and_say_where() {
    let dir = scratch("bad");
    let manifest = dir.join("sweep.json");
    let problem = repo("datasets/demo/problem.json");
    let o = rota(&["sweep", "plan", s(&problem), "--work", "1000", "--no-bound", "-o", s(&manifest)]);
    assert!(o.status.success(), "{}", err(&o));

    let o = rota(&["sweep", "run", s(&manifest), "--index", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--index 1 is out of range: the manifest has 1 tasks"), "{}", err(&o));

    let missing = dir.join("nope.json");
    for cmd in ["run", "status"] {
        let o = rota(&["sweep", cmd, s(&missing)]);
        assert_eq!(o.status.code(), Some(2));
        assert!(err(&o).contains("nope.json"), "{}", err(&o));
    }

    // A field of the wrong type: the file and its JSON path.
    let text = std::fs::read_to_string(&manifest).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, text.replacen("\"seed\": 1", "\"seed\": \"one\"", 1)).unwrap();
    let o = rota(&["sweep", "run", s(&bad), "--index", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("bad.json: $.tasks[0].seed"), "{}", err(&o));

    // Two errors at once: both named, with the task's id.
    let twice = text.replacen("\"index\": 0", "\"index\": 3", 1).replacen("rota-sweep 1", "rota-sweep 9", 1);
    std::fs::write(&bad, twice).unwrap();
    let o = rota(&["sweep", "merge", s(&bad), "-o", s(&dir.join("m"))]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(e.contains("$.format") && e.contains("$.tasks[0].index (id \"demo/baseline/own/s1\")"), "{e}");

    // Plan: every bad input reported together, nothing written.
    let o = rota(&[
        "sweep",
        "plan",
        s(&dir.join("absent.json")),
        "--scenario",
        s(&dir.join("absent-scenarios.json")),
        "--seeds",
        "x",
        "-o",
        s(&dir.join("p.json")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(e.contains("--seeds"), "{e}");
    let o = rota(&[
        "sweep",
        "plan",
        s(&dir.join("absent.json")),
        "--scenario",
        s(&dir.join("absent-scenarios.json")),
        "-o",
        s(&dir.join("p.json")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(e.contains("absent.json") && e.contains("absent-scenarios.json"), "{e}");
    assert!(!dir.join("p.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_matrix_file_the_problem_names_is_an_input_too() {
    let dir = scratch("matrix");
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let o = rota(&["travel", "matrix", s(&repo("datasets/demo/problem.json")), "-o", s(&inputs.join("m.json"))]);
    assert!(o.status.success(), "{}", err(&o));
    let mut problem: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo("datasets/demo/problem.json")).unwrap()).unwrap();
    problem["travel"] = serde_json::json!({"kind": "matrix", "files": {"car": "m-car.json", "walk": "m-walk.json"}});
    std::fs::write(inputs.join("week.json"), problem.to_string()).unwrap();
    let manifest = dir.join("sweep/sweep.json");
    let o = rota(&["sweep", "plan", s(&inputs.join("week.json")), "--work", "50000", "--no-bound", "-o", s(&manifest)]);
    assert!(o.status.success(), "{}", err(&o));
    let m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let paths: Vec<&str> =
        m["tasks"][0]["inputs"].as_array().unwrap().iter().map(|x| x["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["../inputs/week.json", "../inputs/m-car.json", "../inputs/m-walk.json"]);
    let o = rota(&["sweep", "run", s(&manifest), "--index", "0"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(states(&manifest), (vec![(0, "done".to_string())], 0));
    let walk = inputs.join("m-walk.json");
    let text = std::fs::read_to_string(&walk).unwrap();
    std::fs::write(&walk, format!("{text}\n")).unwrap();
    let o = rota(&["sweep", "status", s(&manifest), "--json"]);
    assert_eq!(o.status.code(), Some(5));
    let st: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(st[0]["status"], "stale");
    assert!(st[0]["detail"].as_str().unwrap().contains("m-walk.json has changed"), "{st}");
    let _ = std::fs::remove_dir_all(&dir);
}
