//! `rota report` from the command line: the demo week's report is written and holds every
//! section; bad input gives the same error report as `rota check` (exit 2); and headless
//! Chromium renders the page with its script run and no script error.
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
    let dir = std::env::temp_dir().join(format!("rota-report-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The demo week solved once (a short, seeded search) and its report, shared by the tests.
fn demo_report() -> &'static Path {
    static REPORT: OnceLock<PathBuf> = OnceLock::new();
    REPORT.get_or_init(|| {
        let dir = scratch();
        let rota_file = dir.join("demo-rota.json");
        let report = dir.join("demo-report.html");
        let problem = repo("datasets/demo/problem.json");
        let out = rota()
            .arg("solve")
            .arg(&problem)
            .arg("-o")
            .arg(&rota_file)
            .args(["--iterations", "2000", "--seed", "1", "--quiet"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let out = rota().arg("report").arg(&problem).arg(&rota_file).arg("-o").arg(&report).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stderr(&out).contains("wrote"), "{}", stderr(&out));
        report
    })
}

#[test]
fn the_demo_report_has_every_section_and_every_seat() {
    let html = std::fs::read_to_string(demo_report()).unwrap();
    for id in ["kpis", "gantt", "map", "unassigned", "continuity", "carer-hours"] {
        assert!(html.contains(&format!("<section id=\"{id}\"")), "no #{id}");
    }
    let rota: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(demo_report().with_file_name("demo-rota.json")).unwrap())
            .unwrap();
    let seats: usize = rota["rounds"].as_array().unwrap().iter().map(|r| r["visits"].as_array().unwrap().len()).sum();
    assert_eq!(html.matches("<rect class=\"v").count(), seats, "one Gantt bar per scheduled seat");
    assert_eq!(html.matches("<polyline class=\"r\"").count(), rota["rounds"].as_array().unwrap().len());
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[test]
fn bad_input_gives_the_same_errors_as_rota_check() {
    let dir = scratch();
    let out_file = dir.join("never.html");
    let invalid = |name: &str| repo("tests/fixtures/invalid").join(name);
    let cases = [
        (invalid("several_errors.json"), invalid("bad_rota.json")),
        (invalid("valid_problem_for_rota.json"), invalid("bad_rota.json")),
        (repo("tests/fixtures/missing.json"), invalid("bad_rota.json")),
    ];
    for (problem, rota_file) in cases {
        let report = rota().arg("report").arg(&problem).arg(&rota_file).arg("-o").arg(&out_file).output().unwrap();
        let check = rota().arg("check").arg(&problem).arg(&rota_file).output().unwrap();
        assert_eq!(report.status.code(), Some(2), "{}", stderr(&report));
        assert_eq!(check.status.code(), Some(2));
        assert!(!stderr(&report).contains("panicked"), "{}", stderr(&report));
        assert_eq!(stderr(&report), stderr(&check), "{}", problem.display());
        assert!(!out_file.exists());
    }
}

#[test]
fn a_rota_with_violations_is_still_reported_and_inputs_are_never_overwritten() {
    let dir = scratch();
    let f = repo("tests/fixtures/check");
    let out_file = dir.join("bad.html");
    let out = rota()
        .arg("report")
        .arg(f.join("problem.json"))
        .arg(f.join("rota-bad.json"))
        .arg("-o")
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(&out_file).unwrap();
    assert!(html.contains("id=\"violations\""));
    assert!(html.contains("duration_short"));

    let copy = dir.join("rota-copy.json");
    std::fs::copy(f.join("rota-ok.json"), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let out = rota().arg("report").arg(f.join("problem.json")).arg(&copy).arg("-o").arg(&copy).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("refusing to overwrite"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

/// Acts on the demo page as a user would and records what happened on `body`.
const PROBE: &str = r#"(function(){var b=document.body;try{
var r=document.querySelector("rect.v[data-s]"),x=r.getBoundingClientRect();
r.dispatchEvent(new MouseEvent("mouseover",{bubbles:true,clientX:x.left+1,clientY:x.top+1}));
var t=document.getElementById("tip");b.setAttribute("data-tip",t.hidden?"hidden":t.innerText.replace(/\n/g," | "));
r.dispatchEvent(new MouseEvent("click",{bubbles:true,clientX:x.left+1,clientY:x.top+1}));
b.setAttribute("data-pinned",String(r.classList.contains("pin")));
var id=document.querySelector(".map .r").getAttribute("data-c"),c=document.querySelector('.gantt .cl[data-c="'+id+'"]');
c.dispatchEvent(new MouseEvent("click",{bubbles:true}));
var on=document.querySelectorAll('.map.focus .r.on[data-c="'+id+'"]').length>0;
b.setAttribute("data-focus",on?"on":"off");
var before=document.getElementById("day").value;document.getElementById("next").click();
var shown=Array.prototype.filter.call(document.querySelectorAll(".day"),function(d){return !d.hidden;});
b.setAttribute("data-days-shown",shown.every(function(d){return d.getAttribute("data-day")===String(+before+1);})?String(shown.length/2):"wrong day");
}catch(e){b.setAttribute("data-probe-error",String(e));}})();"#;

#[test]
fn headless_chromium_renders_the_demo_report() {
    let Some(browser) = chromium() else {
        if std::env::var("ROTA_BROWSER_TESTS").as_deref() == Ok("1") {
            panic!("ROTA_BROWSER_TESTS=1 but `chromium` is not on PATH (install it: apt-get install chromium)");
        }
        eprintln!("skipped: `chromium` is not on PATH, so the report is not rendered in a browser (set ROTA_BROWSER_TESTS=1 to make this a failure)");
        return;
    };
    let report = demo_report();
    let url = format!("file://{}", report.canonicalize().unwrap().display());
    let dir = scratch();

    let dom = headless(
        &browser,
        &dir.join("profile-dom"),
        &["--virtual-time-budget=5000".into(), "--dump-dom".into(), url.clone()],
    );
    assert!(dom.status.success(), "{}", stderr(&dom));
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("data-ready=\"1\""), "the page's script did not finish:\n{}", &dom[..dom.len().min(2000)]);
    assert!(dom.contains("data-script-errors=\"0\""), "script errors: {}", &dom[..dom.len().min(4000)]);
    for id in ["kpis", "gantt", "map", "unassigned", "continuity", "carer-hours"] {
        assert!(dom.contains(&format!("id=\"{id}\"")), "no #{id} in the DOM");
    }
    assert!(dom.contains("<rect class=\"v"), "no visit bar in the DOM");
    assert!(dom.contains("<polyline class=\"r\""), "no round on the map in the DOM");

    // Hover and click a visit, pick out a carer, step to the next day: a copy of the page with a
    // probe script that records what the page did in attributes of `body`.
    let probe = dir.join("demo-probe.html");
    let html = std::fs::read_to_string(report).unwrap();
    std::fs::write(&probe, html.replace("</body>", &format!("<script>{PROBE}</script></body>"))).unwrap();
    let url_probe = format!("file://{}", probe.display());
    let dom = headless(&browser, &dir.join("profile-probe"), &["--dump-dom".into(), url_probe]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let body = &dom[dom.find("<body").expect("a body")..];
    let body = &body[..body.find('>').unwrap()];
    assert!(body.contains("data-script-errors=\"0\""), "{body}");
    assert!(body.contains("data-tip=\"client c0"), "hovering a visit shows its client: {body}");
    for needle in ["planned: ", "target: ", "duration: "] {
        assert!(body.contains(needle), "the tooltip shows `{needle}`: {body}");
    }
    assert!(body.contains("data-pinned=\"true\""), "clicking a visit pins it: {body}");
    assert!(body.contains("data-focus=\"on\""), "clicking a carer picks out their round: {body}");
    assert!(body.contains("data-days-shown=\"1\""), "the next day is shown, and only it: {body}");

    let png = dir.join("demo-report.png");
    let shot = headless(
        &browser,
        &dir.join("profile-shot"),
        &[format!("--screenshot={}", png.display()), "--window-size=1400,2200".into(), url],
    );
    assert!(shot.status.success(), "{}", stderr(&shot));
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(bytes.len() > 10_000 && bytes.starts_with(b"\x89PNG"), "{} bytes", bytes.len());
    eprintln!("screenshot: {}", png.display());
}
