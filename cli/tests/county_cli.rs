//! `rota county generate` and `rota county capacity` from the command line.

use std::path::{Path, PathBuf};
use std::process::Command;

fn rota(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rota")).args(args).output().expect("rota runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rota-county-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn a_small_county_is_generated_and_run_end_to_end() {
    let geodata = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/geodata");
    let county = scratch("county");
    let report = scratch("report");
    let (g, c, r) = (geodata.to_str().unwrap(), county.to_str().unwrap(), report.to_str().unwrap());
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
        g,
        "-o",
        c,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("3 clusters in 2 districts: 40 clients"));
    let o = rota(&["county", "capacity", c, "-o", r, "--time-limit", "2", "--threads", "2"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("0 hard violations"));
    for f in ["county.json", "clusters.csv", "county.csv", "clusters.geojson", "index.html", "rotas/kent-01.json"] {
        assert!(report.join(f).exists(), "{f} missing");
    }
    // A rota it wrote passes `rota check` on its own.
    let problem = county.join("kent-02/problem.json");
    let o = rota(&["check", problem.to_str().unwrap(), report.join("rotas/kent-02.json").to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let _ = (std::fs::remove_dir_all(&county), std::fs::remove_dir_all(&report));
}

#[test]
fn bad_county_input_exits_2_and_says_why() {
    let o = rota(&["county", "generate", "--clusters", "40", "-o", scratch("bad").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("choose 12 to 36"), "{}", String::from_utf8_lossy(&o.stderr));
    let o = rota(&["county", "capacity", "/nonexistent-county", "-o", scratch("bad2").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent-county/county.json"));
}
