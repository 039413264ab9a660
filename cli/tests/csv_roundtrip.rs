//! The spreadsheet round trip a scheduler makes: import the example CSV week, solve it, export
//! the run sheets, and find every planned visit seat on exactly one carer's run sheet, with the
//! times the rota gives it. Every visit in the problem is either on the run sheets or in the
//! rota's unassigned list.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn rota(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rota")).args(args).output().expect("the rota binary runs")
}

fn ok(out: Output, what: &str) -> Output {
    assert!(out.status.success(), "{what} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/csv-example").join(name).to_str().unwrap().to_string()
}

#[test]
fn csv_week_imports_solves_and_every_planned_seat_is_on_one_run_sheet() {
    let dir: PathBuf = std::env::temp_dir().join(format!("rota-csv-roundtrip-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = |n: &str| dir.join(n).to_str().unwrap().to_string();
    let (problem, rota_file, sheets) = (path("week.json"), path("rota.json"), path("run-sheets.csv"));

    ok(
        rota(&[
            "import",
            "csv",
            "--clients",
            &example("clients.csv"),
            "--carers",
            &example("carers.csv"),
            "--visits",
            &example("visits.csv"),
            "--week-start",
            "2026-11-30",
            "--profile",
            "kent",
            "-o",
            &problem,
        ]),
        "import csv",
    );
    ok(rota(&["solve", &problem, "-o", &rota_file, "--iterations", "2000", "--seed", "1", "--quiet"]), "solve");
    ok(rota(&["check", &problem, &rota_file]), "check");
    ok(rota(&["export", "run-sheets", &problem, &rota_file, "-o", &sheets]), "export run-sheets");

    // What the rota plans: (carer, date, visit) -> (start, end).
    let plan: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&rota_file).unwrap()).unwrap();
    let mut planned: BTreeMap<(String, String, String), (String, String)> = BTreeMap::new();
    for round in plan["rounds"].as_array().unwrap() {
        for v in round["visits"].as_array().unwrap() {
            let key = (
                round["carer"].as_str().unwrap().to_string(),
                round["date"].as_str().unwrap().to_string(),
                v["visit"].as_str().unwrap().to_string(),
            );
            let times = (v["start"].as_str().unwrap().to_string(), v["end"].as_str().unwrap().to_string());
            assert!(planned.insert(key.clone(), times).is_none(), "seat {key:?} twice in the rota");
        }
    }
    assert!(planned.len() > 150, "the example week plans most of its 217 seats, got {}", planned.len());

    // What the run sheets say: each planned seat once, with the same times.
    let mut reader = csv::Reader::from_path(&sheets).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (carer, date, visit, start, end) = (col("carer"), col("date"), col("visit"), col("start"), col("end"));
    let mut on_sheets: BTreeMap<(String, String, String), (String, String)> = BTreeMap::new();
    for record in reader.records() {
        let r = record.unwrap();
        let key = (r[carer].to_string(), r[date].to_string(), r[visit].to_string());
        assert!(
            on_sheets.insert(key.clone(), (r[start].to_string(), r[end].to_string())).is_none(),
            "seat {key:?} twice on the run sheets"
        );
    }
    assert_eq!(on_sheets, planned, "the run sheets and the rota disagree");

    // Every visit of the problem is accounted for: planned on a run sheet, or unassigned.
    let prob: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&problem).unwrap()).unwrap();
    let all: BTreeSet<String> =
        prob["visits"].as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap().to_string()).collect();
    let mut seen: BTreeSet<String> = on_sheets.keys().map(|(_, _, v)| v.clone()).collect();
    seen.extend(plan["unassigned"].as_array().unwrap().iter().map(|u| u["visit"].as_str().unwrap().to_string()));
    assert_eq!(seen, all, "a visit is neither on a run sheet nor unassigned");
    let _ = std::fs::remove_dir_all(&dir);
}
