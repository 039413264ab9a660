//! `rota fit`: the shipped 14 h package against a Kent rota (exit 0, a readable answer, JSON),
//! and a bad package (exit 2, every error with its path).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rota(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rota")).args(args).current_dir(root()).output().expect("the rota binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("rota-fit-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_shipped_package_gets_an_answer_against_a_kent_rota() {
    let dir = temp_dir("kent");
    let rota_file = dir.join("rota.json");
    let problem = "datasets/kent-canterbury/problem.json";
    let out = rota(&["solve", problem, "-o", rota_file.to_str().unwrap(), "--iterations", "20", "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let package = "datasets/kent-canterbury/package-14h.json";
    let out = rota(&["fit", problem, rota_file.to_str().unwrap(), package]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.starts_with("Package for client new14"), "{text}");
    let out = rota(&["fit", problem, rota_file.to_str().unwrap(), package, "--json", "--top", "2"]);
    assert_eq!(out.status.code(), Some(0));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let verdict = answer["verdict"].as_str().unwrap();
    let options = answer["options"].as_array().unwrap();
    match verdict {
        "strict" | "repair" => {
            assert!(!options.is_empty() && options.len() <= 2, "{answer}");
            for o in options {
                // Every call of the package, each with two carers.
                let calls = o["calls"].as_array().unwrap();
                assert_eq!(calls.len(), 14, "{o}");
                assert!(calls.iter().all(|c| c["carers"].as_array().unwrap().len() == 2), "{o}");
            }
        }
        "no" => {
            assert!(options.is_empty());
            let blocked = answer["blocked"].as_array().unwrap();
            assert!(blocked.iter().all(|b| b["reason"].is_string() && b["detail"].is_string()), "{answer}");
        }
        other => panic!("unknown verdict {other}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_package_exits_2_with_every_error() {
    let dir = temp_dir("bad");
    let problem = root().join("datasets/kent-canterbury/problem.json");
    let rota_file = dir.join("rota.json");
    let out = rota(&[
        "solve",
        problem.to_str().unwrap(),
        "-o",
        rota_file.to_str().unwrap(),
        "--algorithm",
        "greedy",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let package = dir.join("package.json");
    std::fs::write(
        &package,
        r#"{"format_version":"1.0",
            "client":{"id":"c001","location":{"lat":51.28,"lon":1.08},"profile":"kent","weekly_hours":1},
            "visits":[{"id":"x1","client":"c001","date":"2027-01-01","start":"08:00","duration_min":30}]}"#,
    )
    .unwrap();
    let out = rota(&["fit", problem.to_str().unwrap(), rota_file.to_str().unwrap(), package.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("package.json: $.client.id (id \"c001\")"), "{err}");
    assert!(err.contains("date_outside_week") && err.contains("$.visits[0].date"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
