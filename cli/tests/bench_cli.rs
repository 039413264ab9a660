//! `rota bench` from the command line on a few public instances: the table, the CSV and the
//! exported solutions, which read back in their benchmark's own format and evaluate to the
//! reported cost, on the instances shipped in `benchmarks/`. Runs a fixed number of
//! iterations, so nothing here depends on machine speed.

use rota::import::{hhcrsp, mankowska, solomon};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's root, which holds the shipped `benchmarks/`.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn benchmarks() -> PathBuf {
    root().join("benchmarks")
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rota-bench-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Run `rota bench` and return (exit code, stdout, the CSV's rows as maps).
fn bench(family: &str, dir: &Path, only: &str, out: &Path) -> (i32, String, Vec<Vec<(String, String)>>) {
    let csv = out.join("results.csv");
    let o = Command::new(env!("CARGO_BIN_EXE_rota"))
        .args(["bench", family])
        .arg(dir)
        .args(["--iterations", "300", "--time-limit", "60", "--only", only, "--csv"])
        .arg(&csv)
        .arg("--solutions")
        .arg(out.join("solutions"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let headers = reader.headers().unwrap().clone();
    let rows = reader
        .records()
        .map(|r| headers.iter().zip(r.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect();
    (o.status.code().unwrap(), stdout, rows)
}

fn get<'a>(row: &'a [(String, String)], key: &str) -> &'a str {
    &row.iter().find(|(k, _)| k == key).unwrap().1
}

#[test]
fn solomon_bench_reports_feasible_rotas_and_exports_sol_files() {
    let b = benchmarks();
    let dir = b.join("solomon1987");
    let out = scratch("solomon");
    let (code, stdout, rows) = bench("solomon", &dir, "C101,R201", &out);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("C101") && stdout.contains("R201") && stdout.contains("all"), "{stdout}");
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let name = get(row, "instance");
        assert_eq!(get(row, "feasible"), "true", "{row:?}");
        let ours: f64 = get(row, "ours").parse().unwrap();
        let bks: f64 = get(row, "bks").parse().unwrap();
        // No rota can beat the proven best-known distance by more than rounding.
        assert!(ours >= bks - 0.05, "{name}: {ours} below BKS {bks}");
        // The exported `.sol` reads back and evaluates, independently, to the reported cost.
        let inst =
            solomon::parse(name, &std::fs::read_to_string(dir.join(format!("instances/{name}.vrp"))).unwrap()).unwrap();
        let text = std::fs::read_to_string(out.join(format!("solutions/{name}.sol"))).unwrap();
        let sol = solomon::parse_solution(name, &text).unwrap();
        let eval = solomon::evaluate(&inst, &sol);
        assert!(eval.feasible, "{name}: {:?}", eval.problems);
        assert!((eval.cost - ours).abs() < 0.01, "{name}: {} vs {ours}", eval.cost);
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn mankowska_bench_reports_m14_and_exports_hhcrsp_json() {
    let b = benchmarks();
    let dir = b.join("mankowska2014");
    let out = scratch("mankowska");
    let (code, stdout, rows) = bench("mankowska", &dir, "A1,B1", &out);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("M14"), "{stdout}");
    let files = [("A1", "InstanzCPLEX_HCSRP_10_1"), ("B1", "InstanzCPLEX_HCSRP_25_1")];
    for (row, (id, stem)) in rows.iter().zip(files) {
        assert_eq!(get(row, "instance"), id);
        assert_eq!(get(row, "feasible"), "true", "{row:?}");
        assert!(!get(row, "m14").is_empty());
        let ours: f64 = get(row, "ours").parse().unwrap();
        let inst =
            mankowska::parse(stem, &std::fs::read_to_string(dir.join(format!("instances-A-D/{stem}.txt"))).unwrap())
                .unwrap();
        let text = std::fs::read_to_string(out.join(format!("solutions/sol-{stem}.json"))).unwrap();
        let eval = mankowska::evaluate(&inst, &hhcrsp::parse(stem, &text).unwrap());
        assert!(eval.feasible, "{id}: {:?}", eval.problems);
        assert!((eval.cost - ours).abs() < 0.01, "{id}: {} vs {ours}", eval.cost);
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn unknown_instances_and_missing_folders_exit_2() {
    let b = benchmarks();
    let o = Command::new(env!("CARGO_BIN_EXE_rota"))
        .args(["bench", "solomon"])
        .arg(b.join("solomon1987"))
        .args(["--only", "X999"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("X999"));
    let o = Command::new(env!("CARGO_BIN_EXE_rota")).args(["bench", "mankowska", "/no/such/folder"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn without_dir_the_shipped_instances_are_used() {
    // From the repository root, as the README runs it: `rota bench italian --only I010`.
    let out = scratch("default");
    let o = Command::new(env!("CARGO_BIN_EXE_rota"))
        .current_dir(root())
        .args(["bench", "italian", "--only", "I010", "--iterations", "50", "--csv"])
        .arg(out.join("results.csv"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("I010"), "{stdout}");
    // The best-known value came from the shipped bks.csv beside the archive.
    let mut reader = csv::Reader::from_path(out.join("results.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!((&rows[0][0], &rows[0][3], &rows[0][5]), ("I010", "422.000", "true"), "{:?}", rows[0]);
    let _ = std::fs::remove_dir_all(&out);
}
