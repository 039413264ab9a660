//! `rota bench --official`: the official hhcrsp validator's verdict on each exported solution,
//! in the table and the CSV, and a rejection failing the instance. The wiring is tested with a
//! stand-in interpreter (a shell script) everywhere; the real validator runs when a Python with
//! its packages is found (`ROTA_PYTHON`), and must when `ROTA_VALIDATOR_TESTS=1`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rota-bench-official-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `rota bench FAMILY --only ONLY --iterations 100 --csv OUT/results.csv --official MODE`, from
/// the repository root, with `ROTA_PYTHON` set to `python` (or unset).
fn bench(family: &str, only: &str, mode: &str, python: Option<&Path>, out: &Path) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rota"));
    cmd.current_dir(root())
        .args(["bench", family, "--only", only, "--iterations", "100", "--official", mode, "--csv"])
        .arg(out.join("results.csv"));
    match python {
        Some(p) => cmd.env("ROTA_PYTHON", p),
        None => cmd.env_remove("ROTA_PYTHON"),
    };
    cmd.output().unwrap()
}

fn csv_rows(path: &Path) -> Vec<Vec<(String, String)>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| headers.iter().zip(r.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

fn get<'a>(row: &'a [(String, String)], key: &str) -> &'a str {
    &row.iter().find(|(k, _)| k == key).unwrap_or_else(|| panic!("no column {key} in {row:?}")).1
}

/// A stand-in interpreter: passes the probe, then answers every check with `answer` on stdout
/// (exit 0) or, when `answer` is empty, a rejection on stderr (exit 1).
#[cfg(unix)]
fn stand_in(dir: &Path, answer: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("python");
    let reply = if answer.is_empty() {
        "echo 'AssertionError: Expected 3 routes (one for each caregiver), found 2' >&2; exit 1".to_string()
    } else {
        format!("echo '{answer}'")
    };
    std::fs::write(&path, format!("#!/bin/sh\nif [ \"$1\" = \"-c\" ]; then exit 0; fi\n{reply}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn a_rejection_by_the_official_validator_fails_the_instance() {
    let out = scratch("reject");
    let python = stand_in(&out, "");
    let o = bench("mankowska", "A1", "auto", Some(&python), &out);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.lines().next().unwrap().ends_with("official  off. cost"), "{stdout}");
    assert!(stderr.contains("official validator rejects") && stderr.contains("Expected 3 routes"), "{stderr}");
    let rows = csv_rows(&out.join("results.csv"));
    assert_eq!((get(&rows[0], "feasible"), get(&rows[0], "official")), ("false", "rejected"));
    // An acceptance at another cost than the checker's fails too.
    let python = stand_in(&out, r#"{"total_cost": 1.5}"#);
    let o = bench("mankowska", "A1", "auto", Some(&python), &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the official validator's cost 1.500 differs"));
    let rows = csv_rows(&out.join("results.csv"));
    assert_eq!((get(&rows[0], "official"), get(&rows[0], "official_cost")), ("accepted", "1.500"));
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn require_without_a_python_is_an_error_and_auto_says_why_it_skips() {
    let out = scratch("missing");
    let none = out.join("no-such-python");
    let o = bench("italian", "I010", "require", Some(&none), &out);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("--official require: cannot run") && stderr.contains("no-such-python"), "{stderr}");
    let o = bench("italian", "I010", "auto", Some(&none), &out);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("official validator not run: cannot run"));
    let rows = csv_rows(&out.join("results.csv"));
    assert_eq!((get(&rows[0], "feasible"), get(&rows[0], "official")), ("true", ""));
    let o = bench("solomon", "C101", "require", Some(&none), &out);
    assert_eq!(o.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&out);
}

/// The real validator, when a Python with its packages is found (required with
/// `ROTA_VALIDATOR_TESTS=1`): both families' exports pass at the checker's cost.
#[test]
fn the_official_validator_accepts_fresh_bench_exports() {
    let mode = if std::env::var("ROTA_VALIDATOR_TESTS").is_ok_and(|v| v == "1") { "require" } else { "auto" };
    let python = std::env::var_os("ROTA_PYTHON").map(PathBuf::from);
    for (family, only) in [("mankowska", "A1,C1"), ("italian", "I010")] {
        let out = scratch(family);
        let o = bench(family, only, mode, python.as_deref(), &out);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{}{stderr}", String::from_utf8_lossy(&o.stdout));
        if stderr.contains("official validator not run") {
            eprintln!("skipped: {stderr}");
            return;
        }
        for row in csv_rows(&out.join("results.csv")) {
            assert_eq!(get(&row, "official"), "accepted", "{row:?}");
            let (ours, official): (f64, f64) =
                (get(&row, "ours").parse().unwrap(), get(&row, "official_cost").parse().unwrap());
            assert!((ours - official).abs() <= 0.02, "{row:?}");
        }
        let _ = std::fs::remove_dir_all(&out);
    }
}
