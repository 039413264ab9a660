//! The worked scenarios of `docs/operations.md` on the shipped Kent week: a client admitted on
//! Wednesday morning and home on Friday, and a double-handed client whose second carer goes
//! sick. Each re-plan passes the checker with the old rota as history, keeps the past and
//! changes little.

use rota::check::check;
use rota::check::history::history;
use rota::format::{self, Reason, Rota};
use rota::model::Problem;
use rota::replan::plan::{count_changes, now_tick, replan, ReplanOptions, Replanned};
use rota::solve::{solve, Budget, SolveOptions};
use rota::time::{Ticks, DAY};
use rota::travel::Travel;
use std::path::{Path, PathBuf};

fn kent() -> (Problem, Travel) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/kent-canterbury/problem.json");
    let (problem, _) = format::load_problem(&path).unwrap();
    let travel = Travel::for_problem(&problem, path.parent().unwrap(), "problem.json").unwrap();
    (problem, travel)
}

fn budget(iterations: u64) -> SolveOptions {
    SolveOptions { budget: Budget::Iterations(iterations), ..SolveOptions::default() }
}

const NOW: &str = "2026-12-02T10:30";

fn run(problem: &Problem, old: &Rota, events: &str) -> (Replanned, Problem) {
    let now = rota::replan::events::parse_local_time(NOW).unwrap();
    let events = rota::replan::parse_events(events, "events.json", problem, now).unwrap();
    let applied = rota::replan::apply(problem, &events, now);
    let travel = Travel::for_problem(&applied.problem, Path::new("."), "problem.json").unwrap();
    let options = ReplanOptions { now, freeze_min: 120, tolerance_min: 15, solve: budget(300) };
    let done = replan(problem, &applied.problem, &travel, old, &options);
    // The new rota passes every rule, and history: nothing before now changed.
    let rota = format::parse_rota(&format::to_json(&done.solution.rota), "new.json", &done.problem).unwrap();
    let report = check(&done.problem, &rota, &travel);
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
    let past = history(&done.problem, old, &rota, now);
    assert!(past.is_empty(), "{past:#?}");
    let problem_after = done.problem.clone();
    (done, problem_after)
}

fn start_tick(p: &Problem, date: chrono::NaiveDate, t: rota::time::ClockTime) -> Ticks {
    p.week().day_index(date).unwrap() as Ticks * DAY + t.ticks()
}

#[test]
fn a_client_admitted_on_wednesday_morning_and_home_on_friday() {
    let (problem, travel) = kent();
    let old = solve(&problem, &travel, &budget(300), &|_| {}).rota;
    let events = r#"{"format_version": "1.0", "events": [
      {"kind": "hospital_admission", "client": "c010", "from": "2026-12-02T09:00", "until": "2026-12-04T12:00"},
      {"kind": "hospital_discharge", "client": "c010", "at": "2026-12-04T12:00"}]}"#;
    let (done, after) = run(&problem, &old, events);
    let now = now_tick(&after, rota::replan::events::parse_local_time(NOW).unwrap());
    // Kent suspends from admission: c010's visits from now to Friday 12:00 are cancelled and
    // listed so; from Friday noon they are planned again.
    let mut cancelled = 0;
    for v in after.visits.iter().filter(|v| v.client == "c010") {
        let t = start_tick(&after, v.date, v.start);
        let in_hospital = t >= now && t < 4 * DAY + 12 * 60 * rota::time::MINUTE;
        assert_eq!(v.cancelled.is_some(), in_hospital, "{}", v.id);
        if in_hospital {
            cancelled += 1;
            let u = done.solution.rota.unassigned.iter().find(|u| u.visit == v.id).unwrap();
            assert_eq!(u.reason, Reason::Cancelled);
        }
    }
    assert!(cancelled >= 4, "{cancelled}");
    // No seat is lost to the re-plan, and it changes less than solving the rest again does.
    let open = |r: &Rota| r.unassigned.iter().filter(|u| u.reason != Reason::Cancelled).count();
    assert!(open(&done.solution.rota) <= open(&old), "{} open against {}", open(&done.solution.rota), open(&old));
    assert_fewer_changes_than_scratch(&problem, &after, &old, &done);
}

/// The re-plan changes less than solving everything after now again from nothing.
fn assert_fewer_changes_than_scratch(problem: &Problem, after: &Problem, old: &Rota, done: &Replanned) {
    let now = rota::replan::events::parse_local_time(NOW).unwrap();
    let travel = Travel::for_problem(after, Path::new("."), "problem.json").unwrap();
    let options = ReplanOptions { now, freeze_min: 120, tolerance_min: 15, solve: budget(300) };
    let scratch = rota::replan::plan::from_scratch(problem, after, &travel, old, &options);
    let ours = count_changes(problem, after, old, &done.solution.rota, 15);
    let theirs = count_changes(problem, after, old, &scratch.rota, 15);
    assert!(ours.total() < theirs.total(), "re-plan {ours:?} against scratch {theirs:?}");
}

#[test]
fn a_double_handed_client_whose_second_carer_goes_sick() {
    let (problem, travel) = kent();
    let old = solve(&problem, &travel, &budget(300), &|_| {}).rota;
    let now = start_tick(&problem, problem.week().date(2), "10:30".parse().unwrap());
    // A double-handed visit on Wednesday afternoon, past the freeze horizon, and its second carer.
    let index = problem.index();
    let (visit, first, second) = old
        .rounds
        .iter()
        .filter(|r| r.date == problem.week().date(2))
        .flat_map(|r| r.visits.iter().map(move |pv| (r, pv)))
        .filter(|(_, pv)| problem.visits[index.visits[&pv.visit]].carers_required == 2)
        .filter(|(r, pv)| start_tick(&problem, r.date, pv.start) > now + 3 * 60 * rota::time::MINUTE)
        .find_map(|(r, pv)| {
            let crew: Vec<&str> = old
                .rounds
                .iter()
                .filter(|o| o.date == r.date && o.visits.iter().any(|x| x.visit == pv.visit))
                .map(|o| o.carer.as_str())
                .collect();
            (crew.len() == 2).then(|| (pv.visit.clone(), crew[0].to_string(), crew[1].to_string()))
        })
        .expect("a double-handed visit on Wednesday afternoon");
    let events = format!(
        r#"{{"format_version": "1.0", "events": [{{"kind": "carer_absent", "carer": "{second}",
            "from": "2026-12-02T10:30", "until": "2026-12-05T00:00", "reason": "sickness"}}]}}"#
    );
    let (done, after) = run(&problem, &old, &events);
    let crew: Vec<&str> = done
        .solution
        .rota
        .rounds
        .iter()
        .filter(|r| r.visits.iter().any(|x| x.visit == visit))
        .map(|r| r.carer.as_str())
        .collect();
    // The sick carer is gone from the visit; the first carer stays on it, with a new partner.
    assert!(!crew.contains(&second.as_str()), "{crew:?}");
    assert!(crew.contains(&first.as_str()), "{visit}: {first} should stay, crew now {crew:?}");
    assert_eq!(crew.len(), 2, "{visit} keeps two carers: {crew:?}");
    assert_fewer_changes_than_scratch(&problem, &after, &old, &done);
    // None of the sick carer's work from now to Friday is left in the rota.
    for r in done.solution.rota.rounds.iter().filter(|r| r.carer == second) {
        for pv in &r.visits {
            let t = start_tick(&after, r.date, pv.start);
            assert!(t < now || t >= 5 * DAY, "{second} still has {} on {}", pv.visit, r.date);
        }
    }
}

/// With no events, the re-plan's first rota, before any search, is the old rota, time for time:
/// the search starts from the rota the scheduler already has.
#[test]
fn with_no_events_the_first_re_plan_is_the_old_rota() {
    let (problem, travel) = kent();
    let old = solve(&problem, &travel, &budget(300), &|_| {}).rota;
    for now in ["2026-11-30T00:00", NOW, "2026-12-05T18:45"] {
        let now = rota::replan::events::parse_local_time(now).unwrap();
        let options = ReplanOptions { now, freeze_min: 120, tolerance_min: 15, solve: budget(0) };
        let done = replan(&problem, &problem, &travel, &old, &options);
        let strip = |r: &Rota| (r.rounds.clone(), r.unassigned.iter().map(|u| u.visit.clone()).collect::<Vec<_>>());
        assert_eq!(strip(&done.solution.rota), strip(&old), "at {now}");
    }
}
