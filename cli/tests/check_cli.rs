//! `rota check`: exit codes 0 (clean), 1 (hard violations) and 2 (bad input), text and JSON.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/check")
}

fn rota(args: &[&Path], json: bool) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rota"));
    cmd.arg("check").args(args);
    if json {
        cmd.arg("--json");
    }
    cmd.output().expect("the rota binary runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("an exit code")
}

/// A fresh folder under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("rota-check-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_clean_fixture_exits_0_with_a_text_report() {
    let f = fixtures();
    let out = rota(&[&f.join("problem.json"), &f.join("rota-ok.json")], false);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(code(&out), 0, "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("Hard violations: none"), "{text}");
    assert!(text.contains("Travel: 78 min"), "{text}");
}

#[test]
fn a_broken_fixture_exits_1_and_its_json_parses() {
    let f = fixtures();
    let out = rota(&[&f.join("problem.json"), &f.join("rota-bad.json")], true);
    assert_eq!(code(&out), 1, "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("--json prints JSON");
    let rules: Vec<&str> =
        report["violations"].as_array().unwrap().iter().map(|v| v["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"duration_short"), "{rules:?}");
    assert!(rules.contains(&"stated_times_wrong"), "{rules:?}");
    assert_eq!(report["kpis"]["visits"]["scheduled_seats"], 5);

    let out = rota(&[&f.join("problem.json"), &f.join("rota-ok.json")], true);
    assert_eq!(code(&out), 0);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["violations"], json!([]));
}

#[test]
fn files_written_to_a_temp_dir_exit_0_1_and_2() {
    let dir = temp_dir("cli");
    // Carer and client at the same address: the distance model gives 0 minutes of travel.
    let here = json!({"lat": 51.2798, "lon": 1.0789});
    let problem = json!({
        "format_version": "1.0", "name": "tiny", "week_start": "2026-11-30",
        "clients": [{"id": "c1", "location": here, "profile": "custom", "weekly_hours": 0.5}],
        "carers": [{"id": "k1", "home": here,
                    "availability": [{"date": "2026-11-30", "start": "07:00", "end": "12:00"}]}],
        "visits": [{"id": "v1", "client": "c1", "date": "2026-11-30", "start": "08:00", "duration_min": 30}]
    });
    let round = |end: &str| {
        json!({"format_version": "1.0", "problem": "tiny", "rounds": [{"carer": "k1", "date": "2026-11-30",
            "visits": [{"visit": "v1", "start": "08:00", "end": end, "travel_min": 0, "wait_min": 0}],
            "return_travel_min": 0}]})
    };
    let p = dir.join("problem.json");
    let ok = dir.join("ok.json");
    let short = dir.join("short.json");
    let broken = dir.join("broken.json");
    std::fs::write(&p, problem.to_string()).unwrap();
    std::fs::write(&ok, round("08:30").to_string()).unwrap();
    std::fs::write(&short, round("08:20").to_string()).unwrap();
    std::fs::write(&broken, "{ not json").unwrap();

    let out = rota(&[&p, &ok], false);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stdout));

    let out = rota(&[&p, &short], false);
    assert_eq!(code(&out), 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("duration_short 2026-11-30 visit=v1 carer=k1 client=c1 (10 min)"), "{text}");

    let out = rota(&[&p, &short], true);
    let report: Value = serde_json::from_slice(&out.stdout).expect("--json prints JSON");
    assert_eq!(report["violations"][0]["rule"], "duration_short");
    assert_eq!(report["violations"][0]["amount"], 10);

    let out = rota(&[&p, &broken], false);
    assert_eq!(code(&out), 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("malformed_json"));
    let out = rota(&[&dir.join("missing.json"), &ok], false);
    assert_eq!(code(&out), 2);

    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_emissions_kpi_is_printed_and_in_the_json() {
    // The fixture's carers drive 31.2 km in all, 6.4 km of them between visits.
    let f = fixtures();
    let out = rota(&[&f.join("problem.json"), &f.join("rota-ok.json")], false);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Emissions: 5.22 kg CO2e (car 5.22 kg over 31.2 km); 1.07 kg between visits"), "{text}");

    let out = rota(&[&f.join("problem.json"), &f.join("rota-ok.json")], true);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = &report["kpis"]["emissions"];
    let close = |v: &Value, x: f64| assert!((v.as_f64().unwrap() - x).abs() < 1e-9, "{v} != {x}");
    close(&e["total_kg"], 31.2 * 0.16725);
    close(&e["between_visits_kg"], 6.4 * 0.16725);
    close(&e["commute_kg"], 24.8 * 0.16725);
    close(&e["kg_per_contact_hour"], 31.2 * 0.16725 / 3.5);
    close(&e["by_mode"]["car"]["km"], 31.2);
    assert_eq!(e["by_mode"]["car"]["kg_per_km"], 0.16725);
    assert_eq!(e["by_mode"]["car"]["basis"], "vehicle_km");
    assert!(e["source"].as_str().unwrap().contains("2025"));
    // The fields that were there before keep their names.
    assert_eq!(report["kpis"]["travel"]["by_mode"]["car"]["total_km"], 31.2);
    assert_eq!(report["kpis"]["routing_cost"], 78.0);
}

/// A rota made for another problem still checks, but the user is told (on stderr, so `--json`
/// stays clean), by `check`, `report` and `export` alike; `validate` lists it with the findings.
#[test]
fn a_rota_for_another_problem_is_checked_with_a_warning() {
    let dir = temp_dir("name");
    let f = fixtures();
    let mut r: Value = serde_json::from_str(&std::fs::read_to_string(f.join("rota-ok.json")).unwrap()).unwrap();
    r["problem"] = json!("last week's version");
    let other = dir.join("rota.json");
    std::fs::write(&other, r.to_string()).unwrap();
    let problem = f.join("problem.json");
    for json in [false, true] {
        let out = rota(&[&problem, &other], json);
        assert_eq!(code(&out), 0);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("problem_name_mismatch") && err.contains("last week's version"), "{err}");
    }
    let html = dir.join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_rota"))
        .args(["report".as_ref(), problem.as_os_str(), other.as_os_str(), "-o".as_ref(), html.as_os_str()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("problem_name_mismatch"));
    let out = Command::new(env!("CARGO_BIN_EXE_rota"))
        .args(["validate".as_ref(), problem.as_os_str(), other.as_os_str()])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    assert!(String::from_utf8_lossy(&out.stdout).contains("problem_name_mismatch"));
    std::fs::remove_dir_all(&dir).ok();
}

/// A reader that stops early (`rota export run-sheets ... | head -1`) ends the command quietly, as
/// it ends `cat`: no panic about a broken pipe. The Kent week's run sheets (greedy) are far more
/// than a pipe holds, so the command is still writing when the pipe closes.
#[cfg(unix)]
#[test]
fn a_closed_pipe_on_stdout_ends_the_command_without_a_panic() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let dir = temp_dir("pipe");
    let week = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/kent-canterbury/problem.json");
    let rota_file = dir.join("rota.json");
    let solved = Command::new(env!("CARGO_BIN_EXE_rota"))
        .args(["solve".as_ref(), week.as_os_str(), "-o".as_ref(), rota_file.as_os_str()])
        .args(["--algorithm", "greedy", "--quiet"])
        .status()
        .unwrap();
    assert!(solved.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_rota"))
        .args(["export", "run-sheets"])
        .args([&week, &rota_file])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe while the report is still being written.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    const SIGPIPE: i32 = 13;
    assert_eq!(out.status.signal(), Some(SIGPIPE), "{:?}", out.status);
    std::fs::remove_dir_all(&dir).ok();
}
