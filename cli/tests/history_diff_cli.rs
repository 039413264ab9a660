//! `rota check --history/--now` and `rota diff` on a small hand-made week: a problem (Monday
//! 2026-11-30, three clients, three carers) and rotas written to a temp folder.
//!
//! The carers and clients share one address, so the distance model gives 0 minutes of travel and
//! every rota below is clean on its own: only the history (or a cancelled visit) can break it.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rota")).args(args).output().expect("the rota binary runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("an exit code")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh folder under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("rota-histdiff-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Visits v1 08:00 (c1), v2 09:00 (c2), v3 14:00 (c3), v4 10:00 (c3, double-handed) on Monday.
fn problem(cancel_v3: bool) -> Value {
    let here = json!({"lat": 51.2798, "lon": 1.0789});
    let client = |id: &str, pc: &str| json!({"id": id, "location": here, "postcode": pc, "profile": "custom", "weekly_hours": 1.0});
    let carer = |id: &str| json!({"id": id, "home": here, "availability": [{"date": "2026-11-30", "start": "07:00", "end": "20:00"}]});
    let visit = |id: &str, c: &str, start: &str| json!({"id": id, "client": c, "date": "2026-11-30", "start": start, "duration_min": 30});
    let mut v3 = visit("v3", "c3", "14:00");
    if cancel_v3 {
        v3["cancelled"] = json!("in hospital");
    }
    let mut v4 = visit("v4", "c3", "10:00");
    v4["carers_required"] = json!(2);
    json!({
        "format_version": "1.0", "name": "replan-test", "week_start": "2026-11-30",
        "clients": [client("c1", "CT1 2EH"), client("c2", "CT2 7NZ"), client("c3", "CT1 1QU")],
        "carers": [carer("k1"), carer("k2"), carer("k3")],
        "visits": [visit("v1", "c1", "08:00"), visit("v2", "c2", "09:00"), v3, v4]
    })
}

/// A rota: rounds of (carer, [(visit, start)]) on Monday, each visit 30 minutes, no travel.
fn rota(rounds: &[(&str, &[(&str, &str)])], unassigned: &[(&str, u8, &str)]) -> Value {
    let rounds: Vec<Value> = rounds
        .iter()
        .map(|(carer, visits)| {
            let mut prev: Option<u32> = None;
            let visits: Vec<Value> = visits
                .iter()
                .map(|(v, start)| {
                    let (h, m) = start.split_once(':').unwrap();
                    let s = h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap();
                    let wait = prev.map_or(0, |e| s - e);
                    prev = Some(s + 30);
                    let end = format!("{:02}:{:02}", (s + 30) / 60, (s + 30) % 60);
                    json!({"visit": v, "start": start, "end": end, "travel_min": 0, "wait_min": wait})
                })
                .collect();
            json!({"carer": carer, "date": "2026-11-30", "visits": visits, "return_travel_min": 0})
        })
        .collect();
    let unassigned: Vec<Value> =
        unassigned.iter().map(|(v, seats, reason)| json!({"visit": v, "seats": seats, "reason": reason})).collect();
    json!({"format_version": "1.0", "problem": "replan-test", "rounds": rounds, "unassigned": unassigned})
}

/// The rota before the change: v4 left unassigned.
fn old_rota() -> Value {
    rota(&[("k1", &[("v1", "08:00"), ("v3", "14:00")]), ("k2", &[("v2", "09:00")])], &[("v4", 2, "no_capacity")])
}

fn write(dir: &Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, v.to_string()).unwrap();
    p.display().to_string()
}

fn check_history(p: &str, new: &str, old: &str, now: &str, json: bool) -> Output {
    let mut args = vec!["check", p, new, "--history", old, "--now", now];
    if json {
        args.push("--json");
    }
    run(&args)
}

fn rules(report: &Value) -> Vec<(String, String, String)> {
    report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            (s("rule"), s("visit"), s("carer"))
        })
        .collect()
}

const NOW: &str = "2026-11-30T10:30";

#[test]
fn an_unchanged_past_passes_and_a_changed_one_exits_1() {
    let dir = temp_dir("history");
    let p = write(&dir, "problem.json", &problem(false));
    let old = write(&dir, "old.json", &old_rota());
    let out = check_history(&p, &old, &old, NOW, false);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("Hard violations: none"));

    // v1 moved by k1, v2 given to k3: both started before 10:30.
    let moved = write(
        &dir,
        "moved.json",
        &rota(&[("k1", &[("v1", "08:15"), ("v3", "14:00")]), ("k3", &[("v2", "09:00")])], &[("v4", 2, "no_capacity")]),
    );
    let out = check_history(&p, &moved, &old, NOW, false);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("past_moved 2026-11-30 visit=v1 carer=k1 client=c1 (15 min): k1 had it at 2026-11-30 08:00-08:30, now at 2026-11-30 08:15-08:45"),
        "{text}"
    );
    assert!(text.contains("past_reassigned 2026-11-30 visit=v2 carer=k2 client=c2 (1 seats): k2 had it at 2026-11-30 09:00-09:30, now k3 at 2026-11-30 09:00-09:30"), "{text}");
    let out = check_history(&p, &moved, &old, NOW, true);
    let report: Value = serde_json::from_slice(&out.stdout).expect("--json prints JSON");
    assert_eq!(
        rules(&report),
        vec![("past_moved".into(), "v1".into(), "k1".into()), ("past_reassigned".into(), "v2".into(), "k2".into())]
    );

    // v2 dropped (unassigned in the new rota).
    let dropped = write(
        &dir,
        "dropped.json",
        &rota(&[("k1", &[("v1", "08:00"), ("v3", "14:00")])], &[("v2", 1, "no_capacity"), ("v4", 2, "no_capacity")]),
    );
    let report: Value = serde_json::from_slice(&check_history(&p, &dropped, &old, NOW, true).stdout).unwrap();
    assert_eq!(rules(&report), vec![("past_dropped".into(), "v2".into(), "k2".into())]);

    // The same change after the fact is fine when now is earlier: before 08:00 nothing is past.
    let out = check_history(&p, &moved, &old, "2026-11-30T07:59", false);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_visit_put_in_the_past_is_flagged() {
    let dir = temp_dir("past");
    let p = write(&dir, "problem.json", &problem(false));
    let old = write(&dir, "old.json", &old_rota());
    // v4 (unassigned in the old rota, due 10:00) is placed at 10:00 with k2 and k3.
    let new = write(
        &dir,
        "new.json",
        &rota(
            &[
                ("k1", &[("v1", "08:00"), ("v3", "14:00")]),
                ("k2", &[("v2", "09:00"), ("v4", "10:00")]),
                ("k3", &[("v4", "10:00")]),
            ],
            &[],
        ),
    );
    let out = check_history(&p, &new, &old, NOW, true);
    assert_eq!(code(&out), 1);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        rules(&report),
        vec![("past_added".into(), "v4".into(), "k2".into()), ("past_added".into(), "v4".into(), "k3".into())]
    );
    let message = report["violations"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("before now (2026-11-30 10:30); the old rota left it unassigned (no_capacity)"),
        "{message}"
    );
    // At 10:00 exactly it is not yet past.
    assert_eq!(code(&check_history(&p, &new, &old, "2026-11-30T10:00", false)), 0);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_scheduled_cancelled_visit_is_flagged() {
    let dir = temp_dir("cancel");
    let p = write(&dir, "problem.json", &problem(true));
    let old = write(&dir, "old.json", &old_rota());
    let out = run(&["check", &p, &old, "--json"]);
    assert_eq!(code(&out), 1);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rules(&report), vec![("cancelled_scheduled".into(), "v3".into(), "k1".into())]);
    assert_eq!(report["kpis"]["visits"]["cancelled_visits"], 1);
    let fixed = write(
        &dir,
        "fixed.json",
        &rota(
            &[("k1", &[("v1", "08:00")]), ("k2", &[("v2", "09:00")])],
            &[("v3", 1, "cancelled"), ("v4", 2, "no_capacity")],
        ),
    );
    let out = run(&["check", &p, &fixed]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        stdout(&out)
            .contains("seats 2 scheduled of 4, 2 unassigned (no_capacity 2); 1 cancelled (1 seats), not counted"),
        "{}",
        stdout(&out)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn history_usage_and_bad_files_exit_2() {
    let dir = temp_dir("bad");
    let p = write(&dir, "problem.json", &problem(false));
    let old = write(&dir, "old.json", &old_rota());
    // One option without the other, or a bad time.
    let out = run(&["check", &p, &old, "--history", &old]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--now"), "{}", stderr(&out));
    assert_eq!(code(&run(&["check", &p, &old, "--now", NOW])), 2);
    let out = run(&["check", &p, &old, "--history", &old, "--now", "yesterday"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("2026-12-02T10:30"), "{}", stderr(&out));
    // A missing old rota, one that is not JSON, and one naming a carer the problem lacks.
    let missing = dir.join("missing.json").display().to_string();
    let out = check_history(&p, &old, &missing, NOW, false);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("missing.json"), "{}", stderr(&out));
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{ not json").unwrap();
    let out = check_history(&p, &old, &broken.display().to_string(), NOW, false);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("malformed_json") && stderr(&out).contains("broken.json"), "{}", stderr(&out));
    let ghost = write(&dir, "ghost.json", &rota(&[("k9", &[("v1", "08:00")])], &[]));
    let out = check_history(&p, &old, &ghost, NOW, false);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("ghost.json") && err.contains("$.rounds[0].carer") && err.contains("k9"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The pair of rotas the diff tests compare: v1 moved 08:00 → 08:30 (k1), v2 given from k2 to
/// k3, v3 cancelled (was k1's), v4 placed with k2 and k3 at 11:00.
fn diff_pair(dir: &Path) -> (String, String, String) {
    let p = write(dir, "problem.json", &problem(true));
    let old = write(dir, "old.json", &old_rota());
    let new = write(
        dir,
        "new.json",
        &rota(
            &[("k1", &[("v1", "08:30")]), ("k2", &[("v4", "11:00")]), ("k3", &[("v2", "09:00"), ("v4", "11:00")])],
            &[("v3", 1, "cancelled")],
        ),
    );
    (p, old, new)
}

#[test]
fn diff_text_lists_carers_then_clients_with_a_summary() {
    let dir = temp_dir("difftext");
    let (p, old, new) = diff_pair(&dir);
    let out = run(&["diff", &old, &new, "--problem", &p]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let expected = "\
Carers to call
  k1
    v1  moved    2026-11-30 08:00-08:30 -> 2026-11-30 08:30-09:00
    v3  removed  2026-11-30 14:00-14:30
  k2
    v2  removed  2026-11-30 09:00-09:30
    v4  added    2026-11-30 11:00-11:30
  k3
    v2  added    2026-11-30 09:00-09:30
    v4  added    2026-11-30 11:00-11:30
Clients to call
  c1 (CT1 2EH)
    v1  time      2026-11-30 08:00-08:30 -> 2026-11-30 08:30-09:00
  c2 (CT2 7NZ)
    v2  carers    k2 -> k3
  c3 (CT1 1QU)
    v4  planned   unassigned (no_capacity) -> 2026-11-30 11:00-11:30 k2;k3
    v3  unplanned 2026-11-30 14:00-14:30 k1 -> unassigned (cancelled)
Summary: 3 carers, 3 clients, 4 visits changed
";
    assert_eq!(stdout(&out), expected);

    // Without the problem: the same carers; the clients are not known.
    let out = run(&["diff", &old, &new]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("  clients of these visits (give --problem to name them)\n    v1  time "), "{text}");
    assert!(text.ends_with("Summary: 3 carers, clients not known without --problem, 4 visits changed\n"), "{text}");
    assert_eq!(text.split("Clients to call").next(), expected.split("Clients to call").next());

    // The same rota twice: nothing to tell anyone.
    let out = run(&["diff", &old, &old]);
    assert_eq!(stdout(&out), "Carers to call\n  none\nClients to call\n  none\nSummary: 0 carers, clients not known without --problem, 0 visits changed\n");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn diff_csv_has_one_row_per_change_to_stdout_or_a_file() {
    let dir = temp_dir("diffcsv");
    let (p, old, new) = diff_pair(&dir);
    let out = run(&["diff", &old, &new, "--problem", &p, "--csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let expected = "\
who,id,visit,change,old,new
carer,k1,v1,moved,2026-11-30 08:00-08:30,2026-11-30 08:30-09:00
carer,k1,v3,removed,2026-11-30 14:00-14:30,
carer,k2,v2,removed,2026-11-30 09:00-09:30,
carer,k2,v4,added,,2026-11-30 11:00-11:30
carer,k3,v2,added,,2026-11-30 09:00-09:30
carer,k3,v4,added,,2026-11-30 11:00-11:30
client,c1,v1,time,2026-11-30 08:00-08:30,2026-11-30 08:30-09:00
client,c2,v2,carers,k2,k3
client,c3,v4,planned,unassigned (no_capacity),2026-11-30 11:00-11:30 k2;k3
client,c3,v3,unplanned,2026-11-30 14:00-14:30 k1,unassigned (cancelled)
";
    assert_eq!(stdout(&out), expected);
    // The csv crate reads it back: six columns on every row.
    let mut reader = csv::Reader::from_reader(expected.as_bytes());
    assert!(reader.records().all(|r| r.unwrap().len() == 6));

    let file = dir.join("calls.csv");
    let out = run(&["diff", &old, &new, "--problem", &p, "--csv", "-o", &file.display().to_string()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn diff_bad_input_exits_2_naming_file_path_and_id() {
    let dir = temp_dir("diffbad");
    let (p, old, _) = diff_pair(&dir);
    let ghost = write(&dir, "ghost.json", &rota(&[("k1", &[("v9", "08:00")])], &[]));
    // Without the problem an unknown id is just an id; with it, an error.
    assert_eq!(code(&run(&["diff", &old, &ghost])), 0);
    let out = run(&["diff", &old, &ghost, "--problem", &p]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("ghost.json") && err.contains("$.rounds[0].visits[0].visit") && err.contains("v9"), "{err}");
    // Both bad files are reported together.
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{ not json").unwrap();
    let bad_field = write(&dir, "bad-field.json", &json!({"format_version": "1.0", "rounds": [{"carer": "k1"}]}));
    let out = run(&["diff", &broken.display().to_string(), &bad_field]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("broken.json") && err.contains("malformed_json"), "{err}");
    assert!(err.contains("bad-field.json") && err.contains("$.rounds[0]"), "{err}");
    let out = run(&["diff", &old, &dir.join("missing.json").display().to_string()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("missing.json"));
    // The output may not overwrite an input.
    let out = run(&["diff", &old, &old, "-o", &old]);
    assert_eq!(code(&out), 2);
    std::fs::remove_dir_all(&dir).ok();
}
