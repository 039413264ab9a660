//! `rota export`: each kind through the binary on the checker's fixture, and bad input (exit 2).

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// The checker's fixture: k1 does v1, v2 and v3 on Monday and v4 on Tuesday; k2 joins k1 at the
/// double-handed, time-critical v3.
fn problem() -> PathBuf {
    fixtures().join("check/problem.json")
}

fn rota_ok() -> PathBuf {
    fixtures().join("check/rota-ok.json")
}

fn rota(args: &[&str], files: &[&Path]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rota"));
    cmd.arg("export").args(&args[..1]).args(files).args(&args[1..]);
    cmd.output().expect("the rota binary runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("an exit code")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh folder under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("rota-export-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Export `kind` of the fixture to a file and return its text.
fn export_to_file(kind: &str) -> String {
    let dir = temp_dir(kind);
    let file = dir.join("out");
    let out = rota(&[kind, "-o", file.to_str().unwrap()], &[&problem(), &rota_ok()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "-o writes the file, not standard output");
    std::fs::read_to_string(&file).unwrap()
}

#[test]
fn run_sheets_list_each_seat_in_round_order_with_the_co_carer() {
    assert_eq!(
        export_to_file("run-sheets"),
        "carer,date,order,visit,start,end,duration_min,client,postcode,time_critical,carers_required,co_carers,travel_mode,travel_min,wait_min\n\
         k1,2026-11-30,1,v1,08:00,08:30,30,c1,CT1 2EH,no,1,,car,12,0\n\
         k1,2026-11-30,2,v2,09:00,09:30,30,c2,,no,1,,car,7,23\n\
         k1,2026-11-30,3,v3,10:00,11:00,60,c3,,yes,2,k2,car,9,21\n\
         k1,2026-12-01,1,v4,08:00,08:30,30,c1,CT1 2EH,no,1,,car,12,0\n\
         k2,2026-11-30,1,v3,10:00,11:00,60,c3,,yes,2,k1,car,8,0\n"
    );
}

#[test]
fn client_schedules_list_each_visit_once_with_all_its_carers() {
    assert_eq!(
        export_to_file("client-schedules"),
        "client,date,visit,start,end,carers\n\
         c1,2026-11-30,v1,08:00,08:30,k1\n\
         c1,2026-12-01,v4,08:00,08:30,k1\n\
         c2,2026-11-30,v2,09:00,09:30,k1\n\
         c3,2026-11-30,v3,10:00,11:00,k1;k2\n"
    );
}

#[test]
fn the_council_return_counts_carers() {
    assert_eq!(
        export_to_file("council-return"),
        "client,date,visit,planned_start,duration_min,carers_planned,carers_required,carer_ids\n\
         c1,2026-11-30,v1,08:00,30,1,1,k1\n\
         c1,2026-12-01,v4,08:00,30,1,1,k1\n\
         c2,2026-11-30,v2,09:00,30,1,1,k1\n\
         c3,2026-11-30,v3,10:00,60,2,2,k1;k2\n"
    );
}

#[test]
fn geojson_has_three_rounds_and_four_visits_in_lon_lat() {
    let map: Value = serde_json::from_str(&export_to_file("geojson")).expect("GeoJSON is JSON");
    assert_eq!(map["type"], "FeatureCollection");
    let features = map["features"].as_array().unwrap();
    let lines: Vec<&Value> = features.iter().filter(|f| f["geometry"]["type"] == "LineString").collect();
    let points: Vec<&Value> = features.iter().filter(|f| f["geometry"]["type"] == "Point").collect();
    assert_eq!((lines.len(), points.len()), (3, 4));
    // k1's Monday: home, c1, c2, c3, home.
    assert_eq!(
        lines[0]["geometry"]["coordinates"],
        json!([[1.07, 51.275], [1.0789, 51.2798], [1.066, 51.289], [1.09, 51.27], [1.07, 51.275]])
    );
    assert_eq!(lines[0]["properties"]["carer"], "k1");
    assert_eq!(lines[0]["properties"]["travel_min"], 12 + 7 + 9 + 10);
    let v3 = points.iter().find(|p| p["properties"]["visit"] == "v3").unwrap();
    assert_eq!(v3["geometry"]["coordinates"], json!([1.09, 51.27]));
    assert_eq!(v3["properties"]["carers"], "k1;k2");
    assert_eq!(v3["properties"]["kind"], "time-critical");
    assert_eq!(v3["properties"]["duration_min"], 60);
}

#[test]
fn without_an_output_file_it_prints_and_carer_narrows_it() {
    let out = rota(&["run-sheets", "--carer", "k2"], &[&problem(), &rota_ok()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.lines().nth(1).unwrap().starts_with("k2,2026-11-30,1,v3,"), "{text}");
    let out = rota(&["council-return", "-o", "-"], &[&problem(), &rota_ok()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 5);
}

#[test]
fn a_missing_rota_file_exits_2_naming_it() {
    let missing = temp_dir("missing").join("no-such-rota.json");
    let out = rota(&["run-sheets"], &[&problem(), &missing]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("no-such-rota.json") && err.contains("unreadable_file"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_bad_rota_gives_the_full_error_report_of_rota_check() {
    let problem = fixtures().join("invalid/valid_problem_for_rota.json");
    let bad = fixtures().join("invalid/bad_rota.json");
    let out = rota(&["client-schedules"], &[&problem, &bad]);
    assert_eq!(code(&out), 2);
    let check = Command::new(env!("CARGO_BIN_EXE_rota")).arg("check").arg(&problem).arg(&bad).output().unwrap();
    assert_eq!(code(&check), 2);
    assert_eq!(stderr(&out), stderr(&check), "the same report as `rota check`");
    assert!(stderr(&out).contains("bad_rota.json"));
    assert!(stderr(&out).lines().filter(|l| l.starts_with("error[")).count() >= 3, "{}", stderr(&out));
}

#[test]
fn an_unknown_kind_or_carer_exits_2() {
    let out = rota(&["pdf"], &[&problem(), &rota_ok()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("unknown export kind `pdf`") && err.contains("council-return"), "{err}");

    let out = rota(&["run-sheets", "--carer", "k9"], &[&problem(), &rota_ok()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("carer `k9`") && err.contains("rota-ok.json"), "{err}");
}

#[test]
fn an_output_over_an_input_is_refused() {
    let dir = temp_dir("overwrite");
    let copy = dir.join("rota.json");
    std::fs::copy(rota_ok(), &copy).unwrap();
    let out = rota(&["geojson", "-o", copy.to_str().unwrap()], &[&problem(), &copy]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("refusing to overwrite"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), std::fs::read_to_string(rota_ok()).unwrap());
}

#[test]
fn a_plane_problem_cannot_be_geojson_but_can_be_csv() {
    let dir = temp_dir("plane");
    let mon = "2026-11-30";
    let problem = json!({
        "format_version": "1.0", "week_start": mon,
        "clients": [{"id": "c1", "location": {"x": 10, "y": 20}, "profile": "custom", "weekly_hours": 1.0}],
        "carers": [{"id": "k1", "home": {"x": 0, "y": 0}, "availability": [{"date": mon, "start": "07:00", "end": "14:00"}]}],
        "visits": [{"id": "v1", "client": "c1", "date": mon, "start": "08:00", "duration_min": 30}]
    });
    let plan = json!({"format_version": "1.0", "rounds": [{"carer": "k1", "date": mon, "return_travel_min": 30,
        "visits": [{"visit": "v1", "start": "08:00", "end": "08:30", "travel_min": 30, "wait_min": 0}]}]});
    let (p, r) = (dir.join("problem.json"), dir.join("rota.json"));
    std::fs::write(&p, problem.to_string()).unwrap();
    std::fs::write(&r, plan.to_string()).unwrap();
    let out = rota(&["geojson", "-o", dir.join("map.geojson").to_str().unwrap()], &[&p, &r]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("plane coordinates"), "{}", stderr(&out));
    assert!(!dir.join("map.geojson").exists(), "nothing written");
    let out = rota(&["run-sheets"], &[&p, &r]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}
