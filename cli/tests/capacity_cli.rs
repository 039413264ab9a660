//! `rota capacity sweep` from the command line: a small sweep of the demo week with the shipped
//! scenarios writes its CSV, JSON and HTML report, every point's rota passes the checker and
//! places no more than the bound allows; bad input gives every error at once (exit 2); and
//! headless Chromium renders the report with its script run and no script error.
//!
//! The browser test needs `chromium` on PATH. Without it the test prints why it is skipped, or
//! fails when `ROTA_BROWSER_TESTS=1` (as `.ci/run` sets after installing it).

mod common;

use common::browser::{chromium, headless};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn rota() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rota"))
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rota-capacity-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The demo week swept once (two sizes, with and without two evening shifts, the baseline and
/// the three shipped scenarios: 16 points, a short budget each), shared by the tests.
fn demo_sweep() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = scratch().join("sweep");
        let out = rota()
            .args(["capacity", "sweep"])
            .arg(repo("datasets/demo/problem.json"))
            .args(["--carers", "8,14", "--shifts", "0,2", "--work", "300000", "--threads", "2", "--share", "0.9"])
            .arg("--scenario")
            .arg(repo("datasets/scenarios/winter.json"))
            .arg("-o")
            .arg(&dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("[16/16]"), "a progress line per point: {err}");
        assert!(err.contains("smallest workforce placing 90% of seats"), "{err}");
        dir
    })
}

#[test]
fn a_sweep_writes_csv_json_and_html_and_every_point_is_sound() {
    let dir = demo_sweep();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("sweep.json")).unwrap()).unwrap();
    let points = json["points"].as_array().unwrap();
    assert_eq!(points.len(), 16);
    let scenarios: Vec<&str> =
        json["scenarios"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(scenarios, ["baseline", "winter", "evening-growth", "hand-back"]);
    for p in points {
        let name = format!("{} {} {}", p["scenario"], p["carers"], p["shifts"]);
        assert!(p.get("error").is_none(), "{name}: {}", p["error"]);
        assert_eq!(p["hard_violations"], 0, "{name}: the checker found hard violations");
        assert_eq!(p["repeatable"], true, "{name}");
        let (placed, seats) = (p["placed"].as_u64().unwrap(), p["seats"].as_u64().unwrap());
        // The bound holds for every rota, so for the solver's.
        let placeable = p["bound"]["placeable"].as_u64().unwrap();
        assert!(placed <= placeable && placeable <= seats, "{name}: {placed} placed, bound {placeable}, {seats} seats");
        let short: u64 = p["shortfall"].as_array().unwrap().iter().map(|s| s["unplaced"].as_u64().unwrap()).sum();
        assert_eq!(short, seats - placed, "{name}: the shortfall table sums to the unplaced seats");
        for s in p["shortfall"].as_array().unwrap() {
            assert!(s["bound"].as_u64().unwrap() <= s["unplaced"].as_u64().unwrap(), "{name}: {s}");
        }
    }
    // The evening growth adds seats; the winter takes shifts; the hand-back bills an uplift.
    let at = |sc: &str, c: u64, sh: u64| {
        points.iter().find(|p| p["scenario"] == sc && p["carers"] == c && p["shifts"] == sh).unwrap()
    };
    assert!(at("evening-growth", 8, 0)["seats"].as_u64() > at("baseline", 8, 0)["seats"].as_u64());
    assert!(at("hand-back", 14, 0)["carers_after"].as_u64() < Some(14));
    assert_eq!(at("baseline", 14, 2)["carers_after"], 16);
    assert_eq!(json["smallest"].as_array().unwrap().len(), 8);

    let csv = std::fs::read_to_string(dir.join("points.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(rows.headers().unwrap().get(0), Some("scenario"));
    assert_eq!(rows.records().count(), 16);

    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    for id in ["smallest", "curves", "points", "shortfall"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no #{id}");
    }
    assert_eq!(html.matches("<svg class=\"curve\"").count(), 4, "a chart per scenario");
    assert!(html.contains("class=\"bound\""), "the bound is drawn");
}

#[test]
fn bad_input_is_reported_all_together() {
    let dir = scratch();
    let bad = dir.join("bad-scenarios.json");
    std::fs::write(
        &bad,
        r#"{"scenarios":[{"name":"x","changes":[{"kind":"slower_travel","factor":9},{"kind":"carer_loss","percent":"half"}]}]}"#,
    )
    .unwrap();
    let out = rota()
        .args(["capacity", "sweep"])
        .arg(repo("datasets/demo/problem.json"))
        .args(["--carers", "9:3:1", "--share", "2", "--scenario"])
        .arg(&bad)
        .arg("-o")
        .arg(dir.join("never"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for needle in ["--carers", "--share", "$.scenarios[0].changes[1].percent"] {
        assert!(err.contains(needle), "`{needle}` not in: {err}");
    }
    assert!(!dir.join("never").exists(), "nothing is written on bad input");
    // The range check of the factor comes once the file reads: a second pass.
    std::fs::write(&bad, r#"{"scenarios":[{"name":"x","changes":[{"kind":"slower_travel","factor":9}]}]}"#).unwrap();
    let out = rota()
        .args(["capacity", "sweep"])
        .arg(repo("datasets/demo/problem.json"))
        .arg("--scenario")
        .arg(&bad)
        .arg("-o")
        .arg(dir.join("never"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("$.scenarios[0].changes[0].factor (id \"x\"): factor must be from 1 to 5"),
        "{}",
        stderr(&out)
    );
}

/// Picks another point's shortfall table and sorts the points table, and records what happened.
const PROBE: &str = r##"(function(){var b=document.body;try{
var sel=document.getElementById("point");sel.value="3";sel.dispatchEvent(new Event("change"));
var shown=Array.prototype.filter.call(document.querySelectorAll(".sf"),function(d){return !d.hidden;});
b.setAttribute("data-shown",shown.length===1?shown[0].getAttribute("data-p"):"wrong: "+shown.length);
var th=document.querySelectorAll("#points th")[5];th.click();th.click();
var first=document.querySelector("#points tbody tr").cells[5].getAttribute("data-v");
var all=Array.prototype.map.call(document.querySelectorAll("#points tbody tr"),function(r){return +r.cells[5].getAttribute("data-v");});
b.setAttribute("data-sorted",String(+first===Math.max.apply(null,all)));
b.setAttribute("data-curves",String(document.querySelectorAll("svg.curve polyline.placed").length));
}catch(e){b.setAttribute("data-probe-error",String(e));}})();"##;

#[test]
fn headless_chromium_renders_the_capacity_report() {
    let Some(browser) = chromium() else {
        if std::env::var("ROTA_BROWSER_TESTS").as_deref() == Ok("1") {
            panic!("ROTA_BROWSER_TESTS=1 but `chromium` is not on PATH (install it: apt-get install chromium)");
        }
        eprintln!("skipped: `chromium` is not on PATH, so the report is not rendered in a browser (set ROTA_BROWSER_TESTS=1 to make this a failure)");
        return;
    };
    let report = demo_sweep().join("report.html");
    let dir = scratch();
    let url = format!("file://{}", report.canonicalize().unwrap().display());
    let dom =
        headless(&browser, &dir.join("profile-dom"), &["--virtual-time-budget=5000".into(), "--dump-dom".into(), url]);
    assert!(dom.status.success(), "{}", stderr(&dom));
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("data-ready=\"1\""), "the page's script did not finish:\n{}", &dom[..dom.len().min(2000)]);
    assert!(dom.contains("data-script-errors=\"0\""), "script errors: {}", &dom[..dom.len().min(4000)]);
    assert!(dom.contains("<polyline class=\"placed\""), "no placement curve in the DOM");

    let probe = dir.join("capacity-probe.html");
    let html = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&probe, html.replace("</body>", &format!("<script>{PROBE}</script></body>"))).unwrap();
    let dom =
        headless(&browser, &dir.join("profile-probe"), &["--dump-dom".into(), format!("file://{}", probe.display())]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let body = &dom[dom.find("<body").expect("a body")..];
    let body = &body[..body.find('>').unwrap()];
    assert!(body.contains("data-script-errors=\"0\""), "{body}");
    assert!(body.contains("data-shown=\"3\""), "choosing a point shows its shortfall table, and only it: {body}");
    assert!(
        body.contains("data-sorted=\"true\""),
        "a second click sorts the points by seats placed, largest first: {body}"
    );
    assert!(body.contains("data-curves=\"8\""), "a curve per scenario and shift count: {body}");
}
