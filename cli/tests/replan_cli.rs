//! `rota replan` and `rota solve --previous` as a scheduler runs them, on the shipped demo week:
//! the new rota and the problem with the events applied are written, pass `rota check
//! --history`, and `rota diff` lists the changes; bad events are reported together, exit 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rota")).args(args).output().expect("the rota binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn demo() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo/problem.json").display().to_string()
}

fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("rota-replan-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn p(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// A demo rota, made with a small repeatable budget.
fn old_rota(dir: &Path) -> String {
    let rota = p(dir, "rota.json");
    let out = run(&["solve", &demo(), "-o", &rota, "--iterations", "300", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    rota
}

/// The first carer of the demo rota with a visit on Wednesday afternoon.
fn busy_carer(rota: &str) -> String {
    let r: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(rota).unwrap()).unwrap();
    r["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|round| {
            round["date"] == "2026-12-02"
                && round["visits"].as_array().unwrap().iter().any(|v| v["start"].as_str().unwrap() > "13:00")
        })
        .map(|round| round["carer"].as_str().unwrap().to_string())
        .expect("a carer busy on Wednesday afternoon")
}

#[test]
fn a_carer_off_sick_is_re_planned_checked_against_history_and_listed_by_diff() {
    let dir = temp_dir("sick");
    let rota = old_rota(&dir);
    let carer = busy_carer(&rota);
    let events = p(&dir, "events.json");
    std::fs::write(
        &events,
        format!(
            r#"{{"format_version": "1.0", "events": [{{"kind": "carer_absent", "carer": "{carer}",
                "from": "2026-12-02T10:30", "until": "2026-12-04T00:00", "reason": "sickness"}}]}}"#
        ),
    )
    .unwrap();
    let new = p(&dir, "new-rota.json");
    let out = run(&["replan", &demo(), &rota, &events, "--now", "2026-12-02T10:30", "-o", &new, "--iterations", "200"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("seats placed") && text.contains("changes:"), "{text}");
    let problem = p(&dir, "new-rota.problem.json");
    assert!(Path::new(&problem).exists(), "the problem with the events applied is written beside the rota");
    let check = run(&["check", &problem, &new, "--history", &rota, "--now", "2026-12-02T10:30"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    // The carer has no work on Wednesday afternoon or Thursday any more, and the diff says so.
    let diff = run(&["diff", &rota, &new, "--problem", &problem]);
    let listed = String::from_utf8_lossy(&diff.stdout).into_owned();
    assert!(diff.status.success(), "{}", stderr(&diff));
    assert!(listed.contains(&carer), "{listed}");
    // The same seed and budget give the same new rota.
    let again = p(&dir, "again.json");
    let out =
        run(&["replan", &demo(), &rota, &events, "--now", "2026-12-02T10:30", "-o", &again, "--iterations", "200"]);
    assert!(out.status.success());
    let strip = |f: &str| {
        let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("made_by");
        v
    };
    assert_eq!(strip(&new), strip(&again));
}

#[test]
fn bad_events_are_reported_together_with_paths_and_ids() {
    let dir = temp_dir("bad");
    let rota = old_rota(&dir);
    let events = p(&dir, "events.json");
    std::fs::write(
        &events,
        r#"{"format_version": "1.0", "events": [
            {"kind": "carer_absent", "carer": "nobody", "from": "2026-12-02T11:00", "until": "2026-12-03T00:00", "reason": "sickness"},
            {"kind": "visit_cancelled", "visit": "no-such-visit"}]}"#,
    )
    .unwrap();
    let new = p(&dir, "new.json");
    let out = run(&["replan", &demo(), &rota, &events, "--now", "2026-12-02T10:30", "-o", &new]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(text.contains("$.events[0].carer") && text.contains("nobody"), "{text}");
    assert!(text.contains("$.events[1].visit") && text.contains("no-such-visit"), "{text}");
    assert!(!Path::new(&new).exists(), "nothing is written on bad input");
    let out = run(&["replan", &demo(), &rota, &events, "--now", "Wednesday", "-o", &new]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn next_week_prefers_last_weeks_carers() {
    let dir = temp_dir("next");
    let rota = old_rota(&dir);
    let week2 = p(&dir, "week2.json");
    let out = run(&["generate", "--from", &demo(), "--seed", "3", "-o", &week2]);
    assert!(out.status.success(), "{}", stderr(&out));
    let share = |extra: &[&str]| {
        let out_rota = p(&dir, "w2.json");
        let mut args = vec!["solve", week2.as_str(), "-o", out_rota.as_str(), "--iterations", "300"];
        args.extend_from_slice(extra);
        let out = run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let check = run(&["check", &week2, &out_rota]);
        assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
        stderr(&out)
    };
    let text = share(&["--previous", &rota, "--previous-problem", &demo()]);
    let line = text.lines().find(|l| l.starts_with("last week:")).expect("the share is reported");
    let pct: f64 = line.rsplit('(').next().unwrap().trim_end_matches("%)").parse().unwrap();
    assert!(pct >= 60.0, "{line}");
    let pinned = share(&["--previous", &rota, "--previous-problem", &demo(), "--pin-previous"]);
    assert!(pinned.contains("last week:"), "{pinned}");
    // --previous needs the problem last week's rota answers.
    let out = run(&["solve", &week2, "-o", &p(&dir, "x.json"), "--previous", &rota]);
    assert_eq!(out.status.code(), Some(2));
}
