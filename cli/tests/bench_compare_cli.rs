//! `rota bench --json`, `--write-baseline` and `--compare` from the command line on a shipped
//! Solomon instance at a fixed iteration budget: the record's fields, a baseline written and
//! compared against itself, and a baseline edited to be better (a regression, exit code 4) or
//! worse (an improvement, exit 0), and one naming an instance this run lacks. Nothing here
//! depends on machine speed.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn solomon() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("benchmarks").join("solomon1987")
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rota-bench-compare-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn bench(extra: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_rota"))
        .args(["bench", "solomon"])
        .arg(solomon())
        .args(["--only", "C101,R101", "--iterations", "100", "--time-limit", "120", "--seed", "1"])
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    o
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Scale the baseline's cost of `name` by `factor`.
fn edit_cost(baseline: &Path, name: &str, factor: f64) {
    let mut b = read(baseline);
    for i in b["quality"][0]["instances"].as_array_mut().unwrap() {
        if i["name"] == name {
            let cost = i["cost"].as_f64().unwrap();
            i["cost"] = (cost * factor).into();
        }
    }
    std::fs::write(baseline, serde_json::to_string_pretty(&b).unwrap()).unwrap();
}

#[test]
fn the_json_record_holds_options_version_instances_and_means() {
    let dir = scratch("json");
    let out = dir.join("run.json");
    let o = bench(&["--json", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let run = read(&out);
    assert_eq!(run["format"], "rota-bench/1");
    assert_eq!(run["family"], "solomon");
    assert_eq!(run["rota"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run["options"]["iterations"], 100);
    assert_eq!(run["options"]["budget"], "iterations");
    assert_eq!(run["options"]["threads"], 1);
    let instances = run["instances"].as_array().unwrap();
    assert_eq!(instances.len(), 2);
    let c101 = &instances[0];
    assert_eq!(c101["name"], "C101");
    assert_eq!(c101["reference"], 827.3);
    assert_eq!(c101["feasible"], true);
    assert_eq!(c101["violations"], 0);
    assert_eq!(c101["iterations"], 100);
    assert_eq!(c101["stopped_by"], "iterations");
    let gap = (c101["cost"].as_f64().unwrap() - 827.3) / 827.3 * 100.0;
    assert!((c101["gap_pct"].as_f64().unwrap() - gap).abs() < 1e-9);
    let classes = run["classes"].as_array().unwrap();
    assert_eq!(classes.last().unwrap()["class"], "all");
    assert_eq!(classes.last().unwrap()["instances"], 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn compare_passes_on_itself_fails_on_a_regression_and_reports_improvements_and_missing() {
    let dir = scratch("compare");
    let baseline = dir.join("baseline.json");
    let b = baseline.to_str().unwrap();
    let o = bench(&["--write-baseline", b]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(read(&baseline)["format"], "rota-baseline/1");

    // The same build, input, seed and budget: the same costs.
    let o = bench(&["--compare", b]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("OK: nothing beyond the thresholds"), "{}", text(&o));

    // Within the threshold: a baseline 0.3% better still passes.
    edit_cost(&baseline, "C101", 1.0 / 1.003);
    let o = bench(&["--compare", b]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // Beyond it: a baseline 1% better than this run makes this run a regression.
    edit_cost(&baseline, "C101", 1.003 / 1.01);
    let o = bench(&["--compare", b]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("regression: C101: cost"), "{t}");
    assert!(t.contains("benchmarks/scripts/baseline.sh write"), "{t}");

    // A baseline worse than this run: an improvement, reported, not failing.
    edit_cost(&baseline, "C101", 1.01 * 1.05);
    let o = bench(&["--compare", b]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("improvement: C101: cost"), "{}", text(&o));

    // An instance on one side only is reported.
    let o = Command::new(env!("CARGO_BIN_EXE_rota"))
        .args(["bench", "solomon"])
        .arg(solomon())
        .args(["--only", "R101", "--iterations", "100", "--time-limit", "120", "--compare", b])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("C101: in the baseline, not in this run"), "{}", text(&o));

    // Another budget is not comparable: bad usage, exit 2.
    let o = Command::new(env!("CARGO_BIN_EXE_rota"))
        .args(["bench", "solomon"])
        .arg(solomon())
        .args(["--only", "C101", "--iterations", "50", "--time-limit", "120", "--compare", b])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("not comparable"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A gungraun summary (`--save-summary=json`) of bench `function/id` with `ir` instructions.
fn summary(dir: &Path, function: &str, id: &str, ir: u64) {
    let d = dir.join(format!("{function}.{id}"));
    std::fs::create_dir_all(&d).unwrap();
    let text = format!(
        r#"{{"function_name":"{function}","id":"{id}","version":"7","profiles":[{{"tool":"Callgrind",
        "data":{{"parts":[],"total":{{"metrics":{{"Ir":{{"values":{{"new":{ir}}}}}}}}}}}}}]}}"#
    );
    std::fs::write(d.join("summary.json"), text).unwrap();
}

#[test]
fn instruction_counts_are_stored_and_compared_against_their_threshold() {
    let dir = scratch("instructions");
    let baseline = dir.join("baseline.json");
    let b = baseline.to_str().unwrap();
    let counts = dir.join("gungraun");
    summary(&counts, "check", "kent", 1_000_000);
    summary(&counts, "travel", "kent", 2_000_000);
    let o = bench(&["--write-baseline", b, "--instructions", counts.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let stored = read(&baseline);
    assert_eq!(stored["instructions"]["benches"]["check/kent"], 1_000_000);
    assert_eq!(stored["instructions"]["benches"]["travel/kent"], 2_000_000);

    // +1.5% is within the 2% threshold; a bench counted now but not in the baseline is reported.
    summary(&counts, "check", "kent", 1_015_000);
    summary(&counts, "lns", "c1", 5);
    let o = bench(&["--compare", b, "--instructions", counts.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("note: instructions check/kent: 1015000 against 1000000 (+1.500%)"), "{}", text(&o));
    assert!(text(&o).contains("instructions lns/c1: 5, not in the baseline"), "{}", text(&o));

    // +2.5%: a regression, exit 4; a fall of 10% elsewhere is an improvement.
    summary(&counts, "check", "kent", 1_025_000);
    summary(&counts, "travel", "kent", 1_800_000);
    let o = bench(&["--compare", b, "--instructions", counts.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    assert!(
        text(&o).contains("regression: instructions check/kent: 1025000 against 1000000 (+2.500%)"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("improvement: instructions travel/kent: 1800000"), "{}", text(&o));

    // No summaries: bad input, with the command that makes them.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = bench(&["--compare", b, "--instructions", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--save-summary=json"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--work N`: every instance stops on the same work budget however busy the machine is, so two
/// runs give the same cost, and the record says which budget ran.
#[test]
fn a_work_budget_ends_each_instance_and_repeats() {
    let dir = scratch("work");
    let run = |name: &str| {
        let out = dir.join(name);
        let o = Command::new(env!("CARGO_BIN_EXE_rota"))
            .args(["bench", "solomon"])
            .arg(solomon())
            .args(["--only", "R101", "--work", "3000000", "--time-limit", "600", "--json"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        read(&out)
    };
    let (a, b) = (run("a.json"), run("b.json"));
    for r in [&a, &b] {
        assert_eq!(r["options"]["budget"], "work");
        assert_eq!(r["options"]["work"], 3_000_000);
        assert_eq!(r["instances"][0]["stopped_by"], "work");
    }
    assert_eq!(a["instances"][0]["cost"], b["instances"][0]["cost"]);
    assert_eq!(a["instances"][0]["iterations"], b["instances"][0]["iterations"]);
    let o = bench(&["--work", "3000000"]);
    assert_eq!(o.status.code(), Some(2), "--work with --iterations is a usage error: {}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}
