//! `rota capacity bound`: the bound as text and JSON, a rota's gap band by band, and bad input
//! (exit 2, every error together).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo/problem.json")
}

fn rota(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rota")).args(args).output().expect("the rota binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("rota-capacity-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_demo_bound_sits_below_its_greedy_rota_band_by_band() {
    let dir = temp_dir("gap");
    let rota_file = dir.join("rota.json");
    let problem = demo();
    let problem = problem.to_str().unwrap();
    let solved = rota(&["solve", problem, "-o", rota_file.to_str().unwrap(), "--algorithm", "greedy", "--quiet"]);
    assert!(solved.status.success(), "{}", String::from_utf8_lossy(&solved.stderr));
    let out = rota(&["capacity", "bound", problem, "--rota", rota_file.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let bound = &v["bound"];
    assert_eq!(bound["seats"], 420);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&rota_file).unwrap()).unwrap();
    let unplaced: u64 =
        written["unassigned"].as_array().unwrap().iter().map(|u| u["seats"].as_u64().unwrap_or(1)).sum();
    assert!(bound["unplaced"].as_u64().unwrap() <= unplaced);
    let gaps = v["gap"].as_array().expect("a gap per band");
    assert_eq!(gaps.len(), bound["bands"].as_array().unwrap().len());
    let by_band: u64 = gaps.iter().map(|g| g["unplaced"].as_u64().unwrap()).sum();
    assert_eq!(by_band, unplaced, "every unplaced seat falls in one band");
    for g in gaps {
        let (u, b, gap) = (g["unplaced"].as_u64().unwrap(), g["bound"].as_u64().unwrap(), g["gap"].as_u64().unwrap());
        assert!(b <= u && gap == u - b, "{g}");
    }
    let text = rota(&["capacity", "bound", problem, "--rota", rota_file.to_str().unwrap(), "--no-explain"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("every rota leaves at least"), "{text}");
    assert!(text.contains("the week by band:"), "{text}");
    assert!(text.contains(&format!("the rota leaves {unplaced} seats unplaced")), "{text}");
}

#[test]
fn bad_input_exits_2_and_says_why() {
    let problem = demo();
    let problem = problem.to_str().unwrap();
    let out = rota(&["capacity", "bound", problem, "--bands", "19:00,07:00"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--bands"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = rota(&["capacity", "bound", problem, "--slot", "7"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not divide the day"));
    let dir = temp_dir("bad");
    let bad = dir.join("problem.json");
    std::fs::write(&bad, r#"{"format_version": "1.0", "week_start": "2026-11-30", "clients": [], "carers": [], "visits": [{"id": "v1"}]}"#).unwrap();
    let out = rota(&["capacity", "bound", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("problem.json"));
}
