//! `rota validate` end to end: exit codes, every error reported together with its file, JSON
//! path and id, JSON output, and no panic on garbage.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/invalid").join(name)
}

fn rota(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rota")).args(args).output().expect("the rota binary runs")
}

fn text(out: &Output) -> (String, String) {
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A scratch file holding `contents`, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str, contents: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("rota-validate-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        Scratch(path)
    }

    fn arg(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// (path, id, code) of each error line `error[code]: file: path (id "x"): message`.
fn error_lines<'a>(stdout: &'a str, file: &str) -> Vec<(&'a str, Option<&'a str>, &'a str)> {
    stdout
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("error[")?;
            let (code, rest) = rest.split_once("]: ")?;
            let rest = rest.strip_prefix(file)?.strip_prefix(": ")?;
            let (path, rest) = rest.split_once([' ', ':'])?;
            let id = rest.strip_prefix("(id \"").and_then(|r| r.split_once('"')).map(|(id, _)| id);
            Some((path, id, code))
        })
        .collect()
}

#[test]
fn a_file_with_several_errors_reports_them_all_with_file_path_and_id() {
    let file = fixture("several_errors.json");
    let file = file.to_str().unwrap();
    let out = rota(&["validate", file]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines = error_lines(&stdout, file);
    let expected = [
        ("$.visits[4].id", Some("v1"), "duplicate_id"),
        ("$.visits[2].client", Some("v3"), "unknown_reference"),
        ("$.clients[1].location", Some("c2"), "bad_coordinates"),
        ("$.visits[3].date", Some("v4"), "date_outside_week"),
        ("$.visits[3].duration_min", Some("v4"), "short_call_not_authorised"),
        ("$.carers[0].availability[1]", Some("k1"), "overlapping_availability"),
        ("$.visits[0].links", Some("v1"), "unsatisfiable_links"),
        ("$.visits[1].links", Some("v2"), "unsatisfiable_links"),
    ];
    for e in expected {
        assert!(lines.contains(&e), "{e:?} missing from:\n{stdout}");
    }
    assert_eq!(lines.len(), expected.len(), "{stdout}");
    assert!(stdout.contains(&format!("{} error(s)", expected.len())), "{stdout}");
}

#[test]
fn json_output_parses_and_lists_every_finding() {
    let file = fixture("several_errors.json");
    let out = rota(&["validate", file.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let findings: Value = serde_json::from_slice(&out.stdout).expect("--json prints JSON");
    let list = findings.as_array().expect("a list of findings");
    assert_eq!(list.len(), 8, "{findings:#}");
    for f in list {
        assert_eq!(f["file"], file.to_str().unwrap());
        assert!(f["path"].as_str().is_some_and(|p| p.starts_with("$.")), "{f}");
        assert!(f["id"].is_string(), "{f}");
        assert!(f["code"].is_string() && f["message"].is_string(), "{f}");
        assert_eq!(f["severity"], "error");
    }
}

#[test]
fn wrong_types_in_many_places_are_all_reported() {
    let file = fixture("wrong_types.json");
    let out = rota(&["validate", file.to_str().unwrap(), "--json"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let findings: Value = serde_json::from_str(&stdout).unwrap();
    let paths: Vec<&str> = findings.as_array().unwrap().iter().filter_map(|f| f["path"].as_str()).collect();
    for path in ["$.skills", "$.clients[0]", "$.carers[0]", "$.visits[0]", "$.visits[1]"] {
        assert!(paths.iter().any(|p| p.starts_with(path)), "{path} missing from {paths:?}");
    }
}

#[test]
fn a_bad_rota_is_reported_against_its_problem() {
    let problem = fixture("valid_problem_for_rota.json");
    let rota_file = fixture("bad_rota.json");
    let out = rota(&["validate", problem.to_str().unwrap(), rota_file.to_str().unwrap()]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    let lines = error_lines(&stdout, rota_file.to_str().unwrap());
    for e in [
        ("$.rounds[0].carer", Some("k9"), "unknown_reference"),
        ("$.rounds[0].visits[0].end", Some("v1"), "invalid_value"),
        ("$.rounds[0].visits[0].travel_min", Some("v1"), "invalid_value"),
        ("$.rounds[1].date", Some("k1"), "date_outside_week"),
        ("$.unassigned[0].visit", Some("v7"), "unknown_reference"),
    ] {
        assert!(lines.contains(&e), "{e:?} missing from:\n{stdout}");
    }
}

#[test]
fn a_valid_problem_passes() {
    let problem = fixture("valid_problem_for_rota.json");
    let out = rota(&["validate", problem.to_str().unwrap()]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("valid"), "{stdout}");
}

#[test]
fn garbage_never_makes_validate_panic() {
    let garbage = [
        ("empty.json", ""),
        ("list.json", "[]"),
        ("null.json", "null"),
        ("clients5.json", r#"{"clients": 5}"#),
        ("not-json.json", "format_version = 1.0"),
        (
            "wrong-everywhere.json",
            r#"{"format_version": [], "name": 7, "week_start": 20261130, "skills": [1, null],
                "profiles": [], "travel": "fast", "working_time": 3,
                "clients": [{"id": [], "location": 1, "profile": {}, "weekly_hours": "x"}, 5],
                "carers": {"k1": {}}, "visits": [[], {}, {"id": "v", "links": "v2"}], "extra": true}"#,
        ),
    ];
    for (name, contents) in garbage {
        let file = Scratch::new(name, contents);
        for json in [false, true] {
            let mut args = vec!["validate", file.arg()];
            if json {
                args.push("--json");
            }
            let out = rota(&args);
            let (stdout, stderr) = text(&out);
            assert_eq!(out.status.code(), Some(2), "{name}: {stdout}{stderr}");
            assert!(!stderr.contains("panicked"), "{name}: {stderr}");
            if json {
                let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{name}: {e}: {stdout}"));
                assert!(v.as_array().is_some_and(|a| !a.is_empty()), "{name}: {stdout}");
            } else {
                assert!(stdout.contains(file.arg()), "{name}: the file is named: {stdout}");
            }
        }
    }
}

#[test]
fn a_missing_file_is_reported_not_a_panic() {
    let out = rota(&["validate", "/nonexistent/rota/problem.json"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout.contains("unreadable_file"), "{stdout}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
