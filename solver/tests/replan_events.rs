//! The events file of `rota replan` and its application to a problem: every event kind, the
//! hospital rules of the four councils' profiles, clipping at `now`, and bad input reported
//! together with each error's path and id. Every problem the events leave must pass
//! `rota::validate::problem`.

use chrono::NaiveDateTime;
use rota::format::{parse_problem, Findings, InputError, Severity};
use rota::model::{Availability, Problem};
use rota::replan::apply::{HOSPITAL_REASON, REPLACED_REASON};
use rota::replan::events::parse_local_time;
use rota::replan::{apply, parse_events, Applied, Event, Events};
use serde_json::{json, Value};

/// The days of the week of 30 November 2026.
const DATES: [&str; 7] =
    ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"];

/// A week with one client of each council (`bx`, `hf`, `mk`, `kt`), each with a call at 08:00
/// and at 18:00 every day (visit ids like `hf-2-18` for Wednesday 18:00), and two carers
/// available 07:00-22:00 every day.
fn problem() -> Problem {
    let clients = [("bx", "bexley"), ("hf", "hammersmith-fulham"), ("mk", "milton-keynes"), ("kt", "kent")];
    let mut visits = Vec::new();
    for (c, _) in clients {
        for (d, date) in DATES.iter().enumerate() {
            for h in [8, 18] {
                visits.push(json!({"id": format!("{c}-{d}-{h:02}"), "client": c, "date": date,
                                   "start": format!("{h:02}:00"), "duration_min": 30}));
            }
        }
    }
    let availability: Vec<Value> = DATES.iter().map(|d| json!({"date": d, "start": "07:00", "end": "22:00"})).collect();
    let clients: Vec<Value> = clients
        .iter()
        .map(|(id, profile)| {
            json!({"id": id, "location": {"lat": 51.45, "lon": 0.15}, "profile": profile, "weekly_hours": 7.0})
        })
        .collect();
    let carers: Vec<Value> = ["k1", "k2"]
        .iter()
        .map(|id| json!({"id": id, "home": {"lat": 51.46, "lon": 0.14}, "availability": availability}))
        .collect();
    let text = json!({
        "format_version": "1.0", "name": "replan", "week_start": "2026-11-30",
        "clients": clients, "carers": carers, "visits": visits,
    });
    parse_problem(&text.to_string(), "problem.json").expect("the test problem is valid")
}

fn at(s: &str) -> NaiveDateTime {
    parse_local_time(s).unwrap()
}

/// Wednesday 10:30.
fn now() -> NaiveDateTime {
    at("2026-12-02T10:30")
}

fn events(list: Value) -> String {
    json!({"format_version": "1.0", "events": list}).to_string()
}

/// Parse, apply, and check the result is a valid problem.
fn run(p: &Problem, list: Value, now: NaiveDateTime) -> Applied {
    let events = parse_events(&events(list), "events.json", p, now).unwrap_or_else(|e| panic!("{e}"));
    let applied = apply(p, &events, now);
    assert_valid(&applied.problem);
    applied
}

fn assert_valid(p: &Problem) {
    let mut f = Findings::new("after.json");
    rota::validate::problem(p, &mut f);
    let errors: Vec<_> = f.list.iter().filter(|e| e.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "the applied problem is invalid: {errors:?}");
}

/// Ids of the client's cancelled visits, in problem order.
fn cancelled(p: &Problem, client: &str) -> Vec<String> {
    p.visits.iter().filter(|v| v.client == client && v.cancelled.is_some()).map(|v| v.id.clone()).collect()
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn windows(p: &Problem, carer: &str, date: &str) -> Vec<String> {
    let k = p.carers.iter().find(|k| k.id == carer).unwrap();
    k.availability.iter().filter(|a| a.date.to_string() == date).map(|a| format!("{}-{}", a.start, a.end)).collect()
}

fn errors(p: &Problem, list: Value, now: NaiveDateTime) -> Vec<InputError> {
    let e = parse_events(&events(list), "events.json", p, now).expect_err("the events are invalid");
    e.errors().cloned().collect()
}

/// The error at `path`, asserting its code and id.
fn has(errs: &[InputError], path: &str, code: &str, id: Option<&str>) {
    let found = errs.iter().find(|e| e.path == path);
    let e = found.unwrap_or_else(|| panic!("no error at {path}; errors: {errs:#?}"));
    assert_eq!((e.code, e.id.as_deref(), e.file.as_str()), (code, id, "events.json"), "{e}");
}

// ----- hospital rules by profile -----

#[test]
fn hammersmith_fulham_attends_48_hours_then_suspends_and_a_discharge_restores() {
    let p = problem();
    let a = run(&p, json!([{"kind": "hospital_admission", "client": "hf", "from": "2026-12-02T10:30"}]), now());
    // 003 §14.7: Wed 18:00 to Fri 08:00 are within 48 h and kept; from Fri 10:30 suspended.
    assert_eq!(cancelled(&a.problem, "hf"), ids(&["hf-4-18", "hf-5-08", "hf-5-18", "hf-6-08", "hf-6-18"]));
    assert_eq!(
        a.problem.visits.iter().find(|v| v.id == "hf-4-18").unwrap().cancelled.as_deref(),
        Some("client in hospital from Wed 10:30")
    );
    assert!(a.notes[0].starts_with("hf: in hospital from Wed 10:30"), "{:?}", a.notes);
    assert!(a.notes[0].contains("keeps visits open 48 h"), "{:?}", a.notes);
    assert!(a.notes[0].contains("5 visits from Fri 18:00"), "{:?}", a.notes);
    // Back on Saturday 09:00: H&F asks no notice, so Saturday 18:00 on is restored.
    let b = run(
        &p,
        json!([{"kind": "hospital_admission", "client": "hf", "from": "2026-12-02T10:30"},
               {"kind": "hospital_discharge", "client": "hf", "at": "2026-12-05T09:00"}]),
        now(),
    );
    assert_eq!(cancelled(&b.problem, "hf"), ids(&["hf-4-18", "hf-5-08"]));
    assert!(b.notes[1].contains("3 visits restored"), "{:?}", b.notes);
}

#[test]
fn bexley_suspends_a_stay_over_24_hours_keeps_a_short_one_and_ignores_a_and_e() {
    let p = problem();
    // Admitted Wednesday 10:30, back Friday 10:30: over 24 h, so every visit of the stay is
    // suspended (004 §31.2), and Friday 18:00 is kept.
    let a = run(
        &p,
        json!([{"kind": "hospital_admission", "client": "bx", "from": "2026-12-02T10:30", "until": "2026-12-04T10:30"}]),
        now(),
    );
    assert_eq!(cancelled(&a.problem, "bx"), ids(&["bx-2-18", "bx-3-08", "bx-3-18", "bx-4-08"]));
    // Under 24 h: every visit stays open (004 §31.1).
    let short = run(
        &p,
        json!([{"kind": "hospital_admission", "client": "bx", "from": "2026-12-02T10:30", "until": "2026-12-02T20:00"}]),
        now(),
    );
    assert!(cancelled(&short.problem, "bx").is_empty());
    assert!(short.notes[0].contains("stay of 24 h or less"), "{:?}", short.notes);
    // A&E or a decision unit is not an admission (004 §31.5): nothing changes but a note.
    let ae = run(
        &p,
        json!([{"kind": "hospital_admission", "client": "bx", "from": "2026-12-02T10:30", "ward": false}]),
        now(),
    );
    assert_eq!(ae.problem, p);
    assert!(ae.notes[0].contains("only for a ward admission"), "{:?}", ae.notes);
    // Open-ended: the first 24 h are kept, the rest suspended.
    let open = run(&p, json!([{"kind": "hospital_admission", "client": "bx", "from": "2026-12-02T10:30"}]), now());
    assert_eq!(cancelled(&open.problem, "bx").first().map(String::as_str), Some("bx-3-18"));
    assert_eq!(cancelled(&open.problem, "bx").len(), 7);
}

#[test]
fn bexley_restart_waits_72_hours_when_the_package_grows() {
    let p = problem();
    let list = json!([{"kind": "hospital_admission", "client": "bx", "from": "2026-12-02T10:30"},
               {"kind": "hospital_discharge", "client": "bx", "at": "2026-12-03T12:00",
                "package": {"weekly_hours": 14.0, "calls": [
                    {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "09:00",
                     "duration_min": 45, "carers_required": 2},
                    {"days": ["sat", "sun"], "start": "17:00", "duration_min": 30,
                     "window": {"earliest": "16:30", "latest": "17:30"}}]}}]);
    let a = run(&p, list.clone(), now());
    // 004 §31.4: 72 h from now (Wed 10:30) is Sat 10:30, so Thu 18:00 to Sat 08:00 stay
    // suspended; the old calls from Sat 10:30 are replaced by the new package's.
    let pr = &a.problem;
    let reason = |id: &str| pr.visits.iter().find(|v| v.id == id).unwrap().cancelled.clone();
    assert!(reason("bx-3-18").unwrap().starts_with(HOSPITAL_REASON));
    assert!(reason("bx-5-08").unwrap().starts_with(HOSPITAL_REASON));
    assert_eq!(reason("bx-5-18").as_deref(), Some(REPLACED_REASON));
    assert_eq!(reason("bx-6-08").as_deref(), Some(REPLACED_REASON));
    let new: Vec<_> = pr.visits.iter().filter(|v| v.id.starts_with("bx-e1-")).collect();
    let shown: Vec<String> =
        new.iter().map(|v| format!("{} {} {} {}", v.id, v.date, v.start, v.carers_required)).collect();
    assert_eq!(shown, ["bx-e1-1 2026-12-05 17:00 1", "bx-e1-2 2026-12-06 09:00 2", "bx-e1-3 2026-12-06 17:00 1",]);
    assert_eq!(pr.clients.iter().find(|c| c.id == "bx").unwrap().weekly_hours, 14.0);
    assert!(a.notes.iter().any(|n| n.contains("needs 72 h notice")), "{:?}", a.notes);
    // Written out and read back, the same events give the same ids: they are deterministic.
    let e = parse_events(&events(list), "events.json", &p, now()).unwrap();
    let back: Events = serde_json::from_str(&rota::format::to_json(&e)).unwrap();
    assert_eq!(apply(&p, &back, now()).problem, a.problem);
}

#[test]
fn milton_keynes_suspends_from_admission_holds_the_team_and_resumes_on_24_hours_notice() {
    let p = problem();
    let a = run(
        &p,
        json!([{"kind": "hospital_admission", "client": "mk", "from": "2026-12-02T10:30"},
               {"kind": "hospital_discharge", "client": "mk", "at": "2026-12-02T20:00"}]),
        now(),
    );
    // 002 §5.6: calls suspended at once; resuming needs 24 h notice, so Thu 10:30: the
    // Wednesday 18:00 and Thursday 08:00 calls stay suspended, the rest are restored.
    assert_eq!(cancelled(&a.problem, "mk"), ids(&["mk-2-18", "mk-3-08"]));
    assert!(a.notes.iter().any(|n| n.contains("keeps the case open at least 14 days")), "{:?}", a.notes);
    assert!(a.notes.iter().any(|n| n.contains("visits restart Thu 10:30")), "{:?}", a.notes);
}

#[test]
fn kent_suspends_from_admission_until_the_known_return() {
    let p = problem();
    let a = run(
        &p,
        json!([{"kind": "hospital_admission", "client": "kt", "from": "2026-12-02T10:30", "until": "2026-12-04T10:30",
                "note": "ward 7"}]),
        now(),
    );
    assert_eq!(cancelled(&a.problem, "kt"), ids(&["kt-2-18", "kt-3-08", "kt-3-18", "kt-4-08"]));
    assert!(a.notes[0].ends_with("(ward 7)"), "{:?}", a.notes);
    // Other clients are untouched.
    for c in ["bx", "hf", "mk"] {
        assert!(cancelled(&a.problem, c).is_empty());
    }
}

#[test]
fn a_discharge_finds_a_stay_from_an_earlier_replan() {
    let p = problem();
    let first = run(&p, json!([{"kind": "hospital_admission", "client": "kt", "from": "2026-12-02T10:30"}]), now());
    assert_eq!(cancelled(&first.problem, "kt").len(), 9);
    // The next re-plan starts from the problem the first left; the stay is read from it.
    let later = at("2026-12-04T09:00");
    let b =
        run(&first.problem, json!([{"kind": "hospital_discharge", "client": "kt", "at": "2026-12-04T12:00"}]), later);
    assert_eq!(cancelled(&b.problem, "kt"), ids(&["kt-2-18", "kt-3-08", "kt-3-18", "kt-4-08"]));
}

// ----- clipping at now -----

#[test]
fn effects_are_clipped_at_now() {
    let p = problem();
    let a = run(
        &p,
        json!([{"kind": "hospital_admission", "client": "kt", "from": "2026-11-30T09:00"},
               {"kind": "carer_absent", "carer": "k1", "from": "2026-11-30T00:00", "until": "2026-12-04T00:00",
                "reason": "sickness"}]),
        now(),
    );
    // The admission dates from Monday, but visits before Wednesday 10:30 are the past.
    assert_eq!(cancelled(&a.problem, "kt").first().map(String::as_str), Some("kt-2-18"));
    assert_eq!(cancelled(&a.problem, "kt").len(), 9);
    // The absence from Monday, declared on Wednesday 10:30, removes availability from then on.
    assert_eq!(windows(&a.problem, "k1", "2026-11-30"), ["07:00-22:00"]);
    assert_eq!(windows(&a.problem, "k1", "2026-12-02"), ["07:00-10:30"]);
    assert!(windows(&a.problem, "k1", "2026-12-03").is_empty());
    assert_eq!(windows(&a.problem, "k1", "2026-12-04"), ["07:00-22:00"]);
    assert_eq!(windows(&a.problem, "k2", "2026-12-03"), ["07:00-22:00"]);
    assert!(a.notes[1].contains("1 availability window removed, 1 shortened"), "{:?}", a.notes);
}

// ----- carers -----

#[test]
fn an_absence_splits_a_window_it_partly_covers() {
    let p = problem();
    let a = run(
        &p,
        json!([{"kind": "carer_absent", "carer": "k2", "from": "2026-12-03T12:00", "until": "2026-12-03T14:00",
                "reason": "other", "note": "dentist"},
               {"kind": "carer_absent", "carer": "k2", "from": "2026-12-06T20:00", "until": "2026-12-20T00:00",
                "reason": "leave"}]),
        now(),
    );
    assert_eq!(windows(&a.problem, "k2", "2026-12-03"), ["07:00-12:00", "14:00-22:00"]);
    // An absence may run past the week; it is clipped to the week.
    assert_eq!(windows(&a.problem, "k2", "2026-12-06"), ["07:00-20:00"]);
}

#[test]
fn availability_changes_from_now_on_and_keeps_the_past() {
    let p = problem();
    let a = run(
        &p,
        json!([{"kind": "availability_changed", "carer": "k1", "date": "2026-12-02",
                "windows": [{"start": "06:00", "end": "09:00"}, {"start": "09:30", "end": "16:00"}]},
               {"kind": "availability_changed", "carer": "k2", "date": "2026-12-05",
                "windows": [{"start": "18:00", "end": "31:00"}]},
               {"kind": "availability_changed", "carer": "k2", "date": "2026-12-06", "windows": []}]),
        now(),
    );
    // Before 10:30 Wednesday the old 07:00-22:00 stands; from 10:30 the new 09:30-16:00.
    assert_eq!(windows(&a.problem, "k1", "2026-12-02"), ["07:00-16:00"]);
    assert_eq!(windows(&a.problem, "k2", "2026-12-05"), ["18:00-31:00"]);
    assert!(windows(&a.problem, "k2", "2026-12-06").is_empty());
    // Other dates keep their place in the list.
    assert_eq!(a.problem.carers[0].availability[0].date.to_string(), "2026-11-30");
    assert_eq!(a.problem.carers[0].availability.len(), 7);
}

#[test]
fn a_carer_is_added_without_availability_before_now() {
    let p = problem();
    let a = run(
        &p,
        json!([{"kind": "carer_added", "carer": {"id": "k9", "home": {"lat": 51.4, "lon": 0.1}, "gender": " Female ",
                "availability": [{"date": "2026-11-30", "start": "07:00", "end": "12:00"},
                                 {"date": "2026-12-02", "start": "08:00", "end": "14:00"},
                                 {"date": "2026-12-03", "start": "08:00", "end": "14:00"}]}}]),
        now(),
    );
    let k9 = a.problem.carers.last().unwrap();
    assert_eq!(k9.id, "k9");
    assert_eq!(k9.gender.as_deref(), Some("female"));
    let want = [("2026-12-02", "10:30", "14:00"), ("2026-12-03", "08:00", "14:00")];
    let got: Vec<(String, String, String)> = k9
        .availability
        .iter()
        .map(|w: &Availability| (w.date.to_string(), w.start.to_string(), w.end.to_string()))
        .collect();
    let want: Vec<(String, String, String)> =
        want.iter().map(|(d, s, e)| (d.to_string(), s.to_string(), e.to_string())).collect();
    assert_eq!(got, want);
}

// ----- visits -----

#[test]
fn visits_are_cancelled_added_and_moved() {
    let p = problem();
    let n = p.visits.len();
    let a = run(
        &p,
        json!([{"kind": "visit_cancelled", "visit": "hf-3-08", "note": "family visiting"},
               {"kind": "visit_cancelled", "visit": "hf-3-18"},
               {"kind": "visit_added", "visit": {"id": "extra-1", "client": "mk", "date": "2026-12-03",
                "start": "12:00", "duration_min": 45, "carers_required": 2}},
               {"kind": "visit_moved", "visit": "extra-1", "start": "13:00"},
               {"kind": "visit_moved", "visit": "kt-4-08", "date": "2026-12-05", "duration_min": 45},
               {"kind": "visit_added", "visit": {"id": "w1", "client": "bx", "date": "2026-12-04", "start": "12:00",
                "duration_min": 30, "window": {"earliest": "11:30", "latest": "12:30"}}},
               {"kind": "visit_moved", "visit": "w1", "start": "15:00"}]),
        now(),
    );
    let v = |id: &str| a.problem.visits.iter().find(|v| v.id == id).unwrap().clone();
    assert_eq!(v("hf-3-08").cancelled.as_deref(), Some("family visiting"));
    assert_eq!(v("hf-3-18").cancelled.as_deref(), Some("cancelled"));
    assert_eq!(a.problem.visits.len(), n + 2);
    assert_eq!((v("extra-1").start.to_string(), v("extra-1").carers_required), ("13:00".into(), 2));
    assert_eq!((v("kt-4-08").date.to_string(), v("kt-4-08").duration_min), ("2026-12-05".into(), 45));
    // A new start moves an explicit window with it.
    let w = v("w1").window.unwrap();
    assert_eq!((w.earliest.to_string(), w.latest.to_string()), ("14:30".into(), "15:30".into()));
    assert_eq!(a.notes.len(), 7);
    assert!(a.notes[4].starts_with("kt-4-08 (kt): moved from Fri 08:00 to Sat 08:00"), "{:?}", a.notes);
    // Nothing else changed: the items keep their positions.
    assert_eq!(
        a.problem.visits[..n]
            .iter()
            .filter(|x| **x != p.visits[p.visits.iter().position(|y| y.id == x.id).unwrap()])
            .count(),
        3
    );
}

#[test]
fn events_round_trip_through_serde_and_apply_in_order() {
    let p = problem();
    let list = json!([{"kind": "visit_added", "visit": {"id": "x", "client": "kt", "date": "2026-12-05", "start": "10:00",
                        "duration_min": 30}},
                      {"kind": "visit_cancelled", "visit": "x"},
                      {"kind": "hospital_admission", "client": "hf", "from": "2026-12-02T10:30:15", "until": "2026-12-07T00:00",
                       "ward": true}]);
    let e = parse_events(&events(list), "events.json", &p, now()).unwrap();
    let kinds: Vec<_> = e.events.iter().map(Event::kind).collect();
    assert_eq!(kinds, ["visit_added", "visit_cancelled", "hospital_admission"]);
    let text = rota::format::to_json(&e);
    assert!(text.contains("\"kind\": \"hospital_admission\""), "{text}");
    assert!(text.contains("\"from\": \"2026-12-02T10:30:15\""), "{text}");
    assert!(text.contains("\"until\": \"2026-12-07T00:00\""), "{text}");
    let back: Events = serde_json::from_str(&text).unwrap();
    assert_eq!(back, e);
    let a = apply(&p, &e, now());
    assert_eq!(a.problem.visits.iter().find(|v| v.id == "x").unwrap().cancelled.as_deref(), Some("cancelled"));
}

// ----- bad input -----

#[test]
fn every_mistake_is_reported_together_with_its_path_and_id() {
    let p = problem();
    let errs = errors(
        &p,
        json!([
            {"kind": "hospital_admission", "client": "nobody", "from": "2026-12-02T11:00"},
            {"kind": "carer_absent", "carer": "k1", "from": "2026-12-03T10:00", "until": "2026-12-03T09:00",
             "reason": "sickness"},
            {"kind": "visit_added", "visit": {"id": "hf-0-08", "client": "hf", "date": "2026-12-05", "start": "10:00",
             "duration_min": 30}},
            {"kind": "visit_cancelled", "visit": "kt-1-08"},
            {"kind": "hospital_discharge", "client": "mk", "at": "2026-12-03T10:00"},
            {"kind": "visit_moved", "visit": "bx-4-08", "date": "2026-12-12"},
            {"kind": "carer_absent", "carer": "k7", "from": "2026-12-14T10:00", "until": "2026-12-15T09:00",
             "reason": "leave"},
            {"kind": "visit_added", "visit": {"id": "late", "client": "bx", "date": "2026-12-05", "start": "10:00",
             "duration_min": 0}},
            {"kind": "visit_moved", "visit": "hf-5-08", "start": "08:00", "date": "2026-12-01"},
            {"kind": "availability_changed", "carer": "k2", "date": "2026-12-01", "windows": []},
            {"kind": "carer_added", "carer": {"id": "k1", "home": {"lat": 51.4, "lon": 0.1}, "availability": []}},
            {"kind": "hospital_admission", "client": "hf", "from": "2026-12-02T11:00"},
            {"kind": "hospital_admission", "client": "hf", "from": "2026-12-03T11:00"}
        ]),
        now(),
    );
    has(&errs, "$.events[0].client", "unknown_reference", Some("nobody"));
    has(&errs, "$.events[1].until", "ends_before_start", Some("k1"));
    has(&errs, "$.events[2].visit.id", "duplicate_id", Some("hf-0-08"));
    has(&errs, "$.events[3].visit", "in_the_past", Some("kt-1-08"));
    has(&errs, "$.events[4].client", "not_admitted", Some("mk"));
    has(&errs, "$.events[5].date", "date_outside_week", Some("bx-4-08"));
    has(&errs, "$.events[6].carer", "unknown_reference", Some("k7"));
    has(&errs, "$.events[6].from", "date_outside_week", Some("k7"));
    // Found by validating the problem the events leave, reported at the event.
    has(&errs, "$.events[7].visit.duration_min", "non_positive_duration", Some("late"));
    has(&errs, "$.events[8].start", "in_the_past", Some("hf-5-08"));
    has(&errs, "$.events[9].date", "in_the_past", Some("k2"));
    has(&errs, "$.events[10].carer.id", "duplicate_id", Some("k1"));
    has(&errs, "$.events[12].client", "already_in_hospital", Some("hf"));
    assert_eq!(errs.len(), 13, "{errs:#?}");
}

#[test]
fn malformed_events_are_each_reported() {
    let p = problem();
    let text = json!({"format_version": "1.0", "extra": 1, "events": [
        {"kind": "teleport", "client": "hf"},
        {"kind": "carer_absent", "carer": "k1", "from": "2026-12-03 10:00", "until": "2026-12-03T12:00",
         "reason": "sickness"},
        {"kind": "carer_absent", "carer": "k1", "from": "2026-12-03T10:00", "until": "2026-12-03T12:00",
         "reason": "bored"},
        {"kind": "visit_cancelled", "visit": "hf-3-08", "colour": "red"},
        {"client": "hf"},
        {"kind": "visit_added", "visit": {"id": "v9", "client": "hf", "date": "2026-12-03", "start": "25:99",
         "duration_min": 30}},
        7
    ]})
    .to_string();
    let e = parse_events(&text, "events.json", &p, now()).unwrap_err();
    let errs: Vec<InputError> = e.errors().cloned().collect();
    has(&errs, "$.extra", "unknown_field", None);
    has(&errs, "$.events[0].kind", "unknown_kind", Some("hf"));
    has(&errs, "$.events[1].from", "invalid_value", Some("k1"));
    has(&errs, "$.events[2].reason", "invalid_value", Some("k1"));
    has(&errs, "$.events[3].colour", "unknown_field", Some("hf-3-08"));
    has(&errs, "$.events[4].kind", "missing_field", Some("hf"));
    has(&errs, "$.events[5].visit.start", "invalid_value", Some("v9"));
    has(&errs, "$.events[6]", "wrong_type", None);
    assert_eq!(errs.len(), 8, "{errs:#?}");
    for bad in ["", "[]", "{\"format_version\": \"2.0\", \"events\": []}", "{\"events\": {}}"] {
        let e = parse_events(bad, "events.json", &p, now()).unwrap_err();
        assert!(e.has_errors(), "{bad}");
    }
    let v2 = parse_events("{\"format_version\": \"2.0\", \"events\": []}", "events.json", &p, now()).unwrap_err();
    assert_eq!(v2.0[0].code, "unsupported_version");
}

#[test]
fn now_must_be_in_the_week() {
    let p = problem();
    let e = parse_events(&events(json!([])), "events.json", &p, at("2026-12-09T10:00")).unwrap_err();
    assert_eq!((e.0[0].code, e.0[0].path.as_str()), ("now_outside_week", "$"));
    // The week's two edges are inside.
    for edge in ["2026-11-30T00:00", "2026-12-07T00:00"] {
        assert!(parse_events(&events(json!([])), "events.json", &p, at(edge)).is_ok(), "{edge}");
    }
}

#[test]
fn apply_skips_an_unchecked_bad_event_with_a_note() {
    let p = problem();
    let e: Events = serde_json::from_str(&events(json!([
        {"kind": "hospital_discharge", "client": "kt", "at": "2026-12-03T10:00"},
        {"kind": "visit_cancelled", "visit": "kt-3-08"}
    ])))
    .unwrap();
    let a = apply(&p, &e, now());
    assert!(a.notes[0].starts_with("event 0 (hospital_discharge kt) skipped"), "{:?}", a.notes);
    assert_eq!(cancelled(&a.problem, "kt"), ids(&["kt-3-08"]));
    assert_valid(&a.problem);
}

#[test]
fn a_profile_may_override_the_hospital_rules() {
    let mut p = problem();
    p.profiles.insert("kent".into(), serde_json::from_value(json!({"hospital_rule": "notify_only"})).unwrap());
    let a = run(&p, json!([{"kind": "hospital_admission", "client": "kt", "from": "2026-12-02T10:30"}]), now());
    assert!(cancelled(&a.problem, "kt").is_empty());
    assert!(a.notes[0].contains("only notes an admission"), "{:?}", a.notes);
}

#[test]
fn the_documented_example_is_an_events_file() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/operations.md")).unwrap();
    let start = doc.find("```json\n").expect("an example") + "```json\n".len();
    let text = &doc[start..start + doc[start..].find("```").unwrap()];
    let e: Events = serde_json::from_str(text).unwrap_or_else(|e| panic!("docs/operations.md example: {e}"));
    let kinds: std::collections::BTreeSet<_> = e.events.iter().map(Event::kind).collect();
    assert_eq!(kinds.len(), rota::replan::events::KINDS.len(), "the example shows every kind");
}

#[test]
fn a_problem_rejects_bad_hospital_values() {
    let mut p: Value = serde_json::from_str(&rota::format::to_json(&problem())).unwrap();
    p["profiles"] = json!({"kent": {"hospital_keep_open_h": -1.0, "hospital_increase_notice_h": 400.0}});
    let e = parse_problem(&p.to_string(), "problem.json").unwrap_err();
    let paths: Vec<_> = e.errors().map(|e| (e.path.as_str(), e.code, e.id.as_deref())).collect();
    assert_eq!(
        paths,
        [
            ("$.profiles.kent.hospital_keep_open_h", "invalid_value", Some("kent")),
            ("$.profiles.kent.hospital_increase_notice_h", "invalid_value", Some("kent")),
        ]
    );
}
