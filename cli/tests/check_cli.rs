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
