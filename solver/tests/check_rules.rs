//! The independent checker: for every hard rule, a hand-built rota that breaks it and one that
//! honours it; KPIs checked against numbers worked out by hand; robustness on bad input.
//!
//! The problems are tiny weeks in Canterbury (week of Monday 2026-11-30). Travel is a hand-made
//! matrix: 10 minutes and 4 km between any two different places, so every time is exact.

use rota::check::history::history;
use rota::check::{check, rules, CheckReport, Violation};
use rota::format::{PlannedVisit, Reason, Rota, Round, Unassigned};
use rota::model::{Problem, TravelMode};
use rota::time::ClockTime;
use rota::travel::{Matrix, Places, Travel};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

const LEG_MIN: i32 = 10;
const LEG_M: u32 = 4000;

/// A round to plan: (carer, day of the week, [(visit, start)]).
type Plan<'a> = (&'a str, u64, &'a [(&'a str, &'a str)]);

fn date(day: u64) -> String {
    (chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap() + chrono::Days::new(day)).to_string()
}

fn clock(s: &str) -> ClockTime {
    s.parse().unwrap()
}

/// A base week: clients c1-c3, carers k1-k5 free 07:00-22:00 every day, no visits yet.
fn base() -> Value {
    let client = |id: &str, lat: f64, lon: f64| json!({"id": id, "location": {"lat": lat, "lon": lon}, "profile": "custom", "weekly_hours": 3.5});
    let carer = |id: &str, lat: f64, lon: f64| {
        let availability: Vec<Value> =
            (0..7).map(|d| json!({"date": date(d), "start": "07:00", "end": "22:00"})).collect();
        json!({"id": id, "home": {"lat": lat, "lon": lon}, "availability": availability})
    };
    json!({
        "format_version": "1.0",
        "name": "check-test",
        "week_start": "2026-11-30",
        "clients": [client("c1", 51.2798, 1.0789), client("c2", 51.2890, 1.0660), client("c3", 51.2700, 1.0900)],
        "carers": [carer("k1", 51.2750, 1.0700), carer("k2", 51.2850, 1.0850), carer("k3", 51.2650, 1.0750),
                   carer("k4", 51.2950, 1.0600), carer("k5", 51.2600, 1.1000)],
        "visits": []
    })
}

fn visit(id: &str, client: &str, day: u64, start: &str, duration: i32) -> Value {
    json!({"id": id, "client": client, "date": date(day), "start": start, "duration_min": duration})
}

/// Set a field of the client, carer or visit with this id.
fn set(p: &mut Value, list: &str, id: &str, field: &str, value: Value) {
    let item = p[list].as_array_mut().unwrap().iter_mut().find(|x| x["id"] == id).unwrap();
    item[field] = value;
}

/// A problem and its travel.
struct Fx {
    p: Problem,
    t: Travel,
}

impl Fx {
    fn new(visits: Vec<Value>, edit: impl FnOnce(&mut Value)) -> Fx {
        let mut v = base();
        v["visits"] = Value::Array(visits);
        edit(&mut v);
        let p: Problem = serde_json::from_value(v).expect("test problem");
        let places = Places::of(&p);
        let n = places.locations.len();
        let minutes: Vec<i64> =
            (0..n * n).map(|i| if i / n == i % n { 0 } else { rota::time::minutes(LEG_MIN) }).collect();
        let metres: Vec<u32> = (0..n * n).map(|i| if i / n == i % n { 0 } else { LEG_M }).collect();
        let mut m = BTreeMap::new();
        for mode in TravelMode::ALL {
            m.insert(mode, Matrix::new(n, minutes.clone(), metres.clone()));
        }
        Fx { t: Travel::from_matrices(places, m), p }
    }

    /// A rota with correct ends, travel, waits and return travel (as a good solver writes them).
    /// Each round is (carer, day, [(visit, start)]).
    fn rota(&self, rounds: &[Plan]) -> Rota {
        let idx = self.p.index();
        let mut rota = Rota::empty("check-test");
        for &(carer, day, visits) in rounds {
            let ci = idx.carers[carer];
            let mut place = self.t.places.carer_start[ci];
            let mut prev_end: Option<i32> = None;
            let mut planned = Vec::new();
            for &(vid, start) in visits {
                let v = &self.p.visits[idx.visits[vid]];
                let here = self.t.places.client[idx.clients[&v.client]];
                let travel = self.t.matrix(TravelMode::Car).unwrap().minutes(place, here) as i32;
                let start = clock(start);
                let wait = prev_end.map_or(0, |e| (start.whole_minutes() - e - travel).max(0));
                let end = ClockTime::from_minutes(start.whole_minutes() + v.duration_min);
                planned.push(PlannedVisit {
                    visit: vid.into(),
                    start,
                    end,
                    travel_min: travel.into(),
                    wait_min: wait.into(),
                });
                place = here;
                prev_end = Some(end.whole_minutes());
            }
            let return_travel_min = if planned.is_empty() {
                0.0
            } else {
                self.t.matrix(TravelMode::Car).unwrap().minutes(place, self.t.places.carer_end[ci])
            };
            rota.rounds.push(Round {
                carer: carer.into(),
                date: date(day).parse().unwrap(),
                visits: planned,
                return_travel_min,
            });
        }
        rota
    }

    fn check(&self, rota: &Rota) -> CheckReport {
        check(&self.p, rota, &self.t)
    }
}

fn codes(r: &CheckReport) -> BTreeSet<&'static str> {
    r.violations.iter().map(|v| v.rule).collect()
}

/// The one violation of `code`; the report must hold no other code.
fn only<'a>(r: &'a CheckReport, code: &str) -> &'a Violation {
    assert_eq!(codes(r), BTreeSet::from([code]), "expected only {code}:\n{r}");
    let v: Vec<&Violation> = r.violations.iter().filter(|v| v.rule == code).collect();
    assert_eq!(v.len(), 1, "expected one {code}:\n{r}");
    v[0]
}

/// A violation of `code` (others may be present too).
fn some<'a>(r: &'a CheckReport, code: &str) -> &'a Violation {
    r.violations.iter().find(|v| v.rule == code).unwrap_or_else(|| panic!("expected {code}:\n{r}"))
}

fn clean(r: &CheckReport) {
    assert!(r.violations.is_empty(), "expected no violation:\n{r}");
    assert!(r.is_feasible());
}

fn ids(v: &Violation) -> (Option<&str>, Option<&str>, Option<&str>) {
    (v.visit.as_deref(), v.carer.as_deref(), v.client.as_deref())
}

fn pv(rota: &mut Rota, round: usize, visit: usize) -> &mut PlannedVisit {
    &mut rota.rounds[round].visits[visit]
}

// ---------------------------------------------------------------------------------------------
// 1. skill_missing / skill_expired

fn skills_fx(carer_skill: Value) -> Fx {
    Fx::new(vec![visit("v1", "c1", 1, "08:00", 30)], |p| {
        set(p, "clients", "c1", "required_skills", json!(["dementia"]));
        set(p, "carers", "k1", "skills", carer_skill);
    })
}

#[test]
fn skill_missing_breaks() {
    let fx = skills_fx(json!([{"skill": "peg-feeding"}]));
    let r = fx.check(&fx.rota(&[("k1", 1, &[("v1", "08:00")])]));
    let v = only(&r, "skill_missing");
    assert_eq!(ids(v), (Some("v1"), Some("k1"), Some("c1")));
    assert!(v.message.contains("dementia"));
}

#[test]
fn visit_skills_add_to_client_skills() {
    let mut fx = skills_fx(json!([{"skill": "dementia"}]));
    fx.p.visits[0].skills = vec!["medication-administer".into()];
    let r = fx.check(&fx.rota(&[("k1", 1, &[("v1", "08:00")])]));
    assert!(only(&r, "skill_missing").message.contains("medication-administer"));
}

#[test]
fn skill_expired_breaks() {
    // Expired on Sunday 29 November; the visit is on Tuesday 1 December: 2 days.
    let fx = skills_fx(json!([{"skill": "dementia", "expires": "2026-11-29"}]));
    let r = fx.check(&fx.rota(&[("k1", 1, &[("v1", "08:00")])]));
    let v = only(&r, "skill_expired");
    assert_eq!(ids(v), (Some("v1"), Some("k1"), Some("c1")));
    assert_eq!(v.amount, 2);
}

#[test]
fn skills_held_and_valid_on_the_day_honour() {
    // Valid through the visit date itself.
    let fx = skills_fx(json!([{"skill": "dementia", "expires": date(1)}]));
    clean(&fx.check(&fx.rota(&[("k1", 1, &[("v1", "08:00")])])));
    let fx = skills_fx(json!([{"skill": "dementia"}]));
    clean(&fx.check(&fx.rota(&[("k1", 1, &[("v1", "08:00")])])));
}

// ---------------------------------------------------------------------------------------------
// 2. carer_unavailable

#[test]
fn carer_unavailable_breaks() {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "21:45", 30)], |_| {});
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "21:45")])]));
    let v = only(&r, "carer_unavailable");
    assert_eq!(ids(v), (Some("v1"), Some("k1"), Some("c1")));
    assert_eq!(v.amount, 15);
}

#[test]
fn carer_unavailable_honours_edges_and_night_windows() {
    // 07:00 start right at the window's opening (the commute before it is outside: allowed),
    // 21:30-22:00 ends at its close; a night window on Monday runs to 26:00.
    let fx = Fx::new(
        vec![visit("v1", "c1", 0, "07:00", 30), visit("v2", "c2", 0, "21:30", 30), visit("v3", "c3", 2, "25:00", 30)],
        |p| {
            set(p, "carers", "k2", "availability", json!([{"date": date(2), "start": "20:00", "end": "26:00"}]));
        },
    );
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "07:00"), ("v2", "21:30")]), ("k2", 2, &[("v3", "25:00")])])));
}

// ---------------------------------------------------------------------------------------------
// 3. window_missed

#[test]
fn window_missed_breaks_at_45_minutes_late() {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30)], |_| {});
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:45")])]));
    let v = only(&r, "window_missed");
    assert_eq!(ids(v), (Some("v1"), Some("k1"), Some("c1")));
    assert_eq!(v.amount, 1, "45 min off is 1 min beyond the last allowed start (44)");
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "07:10")])]));
    assert_eq!(only(&r, "window_missed").amount, 6);
}

#[test]
fn window_missed_breaks_outside_an_explicit_window() {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30)], |p| {
        set(p, "visits", "v1", "window", json!({"earliest": "07:30", "latest": "09:00"}));
    });
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "09:10")])]));
    assert_eq!(only(&r, "window_missed").amount, 10);
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "07:20")])]));
    assert_eq!(only(&r, "window_missed").amount, 10);
}

#[test]
fn window_missed_honours_44_minutes_and_window_edges() {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 1, "08:00", 30)], |p| {
        // The window replaces the tolerance: 09:30 is 90 min late but inside it.
        set(p, "visits", "v2", "window", json!({"earliest": "07:00", "latest": "09:30"}));
    });
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:44")]), ("k1", 1, &[("v2", "09:30")])])));
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "07:16")]), ("k1", 1, &[("v2", "07:00")])])));
}

// ---------------------------------------------------------------------------------------------
// 4. time_critical_missed

fn tc_fx() -> Fx {
    Fx::new(vec![visit("v1", "c1", 0, "08:00", 30)], |p| set(p, "visits", "v1", "time_critical", json!(true)))
}

#[test]
fn time_critical_missed_breaks_at_16_minutes() {
    let fx = tc_fx();
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:16")])]));
    let v = only(&r, "time_critical_missed");
    assert_eq!(ids(v), (Some("v1"), Some("k1"), Some("c1")));
    assert_eq!(v.amount, 1);
}

#[test]
fn time_critical_missed_breaks_outside_its_window() {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30)], |p| {
        set(p, "visits", "v1", "time_critical", json!(true));
        set(p, "visits", "v1", "window", json!({"earliest": "08:00", "latest": "08:30"}));
    });
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "07:55")])]));
    assert_eq!(only(&r, "time_critical_missed").amount, 5);
}

#[test]
fn time_critical_honours_15_minutes_inclusive() {
    let fx = tc_fx();
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:15")])])));
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "07:45")])])));
}

// ---------------------------------------------------------------------------------------------
// 5. seats_not_distinct / seats_not_synchronised

fn double_fx() -> Fx {
    Fx::new(vec![visit("v1", "c1", 0, "08:00", 30)], |p| set(p, "visits", "v1", "carers_required", json!(2)))
}

#[test]
fn seats_not_distinct_breaks() {
    let fx = double_fx();
    // One carer holds both seats (two rounds on one date: an invalid rota, checked anyway).
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k1", 0, &[("v1", "08:00")])]));
    let v = only(&r, "seats_not_distinct");
    assert_eq!(ids(v), (Some("v1"), Some("k1"), Some("c1")));
    assert_eq!(v.amount, 1);
}

#[test]
fn seats_not_synchronised_breaks() {
    let fx = double_fx();
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v1", "08:20")])]));
    let v = only(&r, "seats_not_synchronised");
    assert_eq!(ids(v), (Some("v1"), None, Some("c1")));
    assert_eq!(v.amount, 5);
}

#[test]
fn seats_distinct_and_within_15_minutes_honour() {
    let fx = double_fx();
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v1", "08:15")])])));
}

// ---------------------------------------------------------------------------------------------
// 6. link_broken

fn link_fx() -> Fx {
    Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 0, "09:00", 30)], |p| {
        set(p, "visits", "v1", "links", json!([{"visit": "v2", "min_gap_min": 30, "max_gap_min": 90}]));
        set(p, "visits", "v2", "window", json!({"earliest": "07:00", "latest": "11:00"}));
    })
}

#[test]
fn link_broken_breaks_below_min_and_above_max() {
    let fx = link_fx();
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v2", "08:20")])]));
    let v = only(&r, "link_broken");
    assert_eq!(ids(v), (Some("v1"), None, Some("c1")));
    assert_eq!(v.amount, 10);
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v2", "09:40")])]));
    assert_eq!(only(&r, "link_broken").amount, 10);
}

#[test]
fn link_honoured_at_its_edges_and_skipped_when_unscheduled() {
    let fx = link_fx();
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v2", "08:30")])])));
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v2", "09:30")])])));
    let mut rota = fx.rota(&[("k1", 0, &[("v1", "08:00")])]);
    rota.unassigned.push(Unassigned {
        visit: "v2".into(),
        seats: 1,
        reason: Reason::NoCapacity,
        detail: String::new(),
    });
    clean(&fx.check(&rota));
}

#[test]
fn link_uses_the_earliest_seat_of_a_double_up() {
    let mut fx = link_fx();
    fx.p.visits[0].carers_required = 2;
    // v1's seats start 08:00 and 08:10; v2 at 08:35 is 35 min after the earliest: fine.
    let rota = fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k3", 0, &[("v1", "08:10")]), ("k2", 0, &[("v2", "08:35")])]);
    clean(&fx.check(&rota));
}

// ---------------------------------------------------------------------------------------------
// 7. call_spacing

fn spacing_fx(link: bool) -> Fx {
    Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c1", 0, "11:00", 30)], |p| {
        set(p, "clients", "c1", "profile", json!("bexley"));
        set(p, "visits", "v2", "window", json!({"earliest": "10:00", "latest": "13:00"}));
        if link {
            set(p, "visits", "v1", "links", json!([{"visit": "v2", "min_gap_min": 0}]));
        }
    })
}

#[test]
fn call_spacing_breaks_under_four_hours() {
    let fx = spacing_fx(false);
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v2", "11:00")])]));
    let v = only(&r, "call_spacing");
    assert_eq!(ids(v), (Some("v2"), None, Some("c1")));
    assert_eq!(v.amount, 60);
}

#[test]
fn call_spacing_honoured_at_four_hours_and_when_linked() {
    let fx = spacing_fx(false);
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v2", "12:00")])])));
    let fx = spacing_fx(true);
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v2", "11:00")])])));
}

// ---------------------------------------------------------------------------------------------
// 8. overlapping_work

fn night_fx() -> Fx {
    Fx::new(vec![visit("v1", "c1", 0, "23:00", 90), visit("v2", "c2", 1, "00:10", 30)], |p| {
        set(
            p,
            "carers",
            "k1",
            "availability",
            json!([{"date": date(0), "start": "20:00", "end": "26:00"}, {"date": date(1), "start": "00:00", "end": "06:00"}]),
        );
        set(p, "visits", "v2", "window", json!({"earliest": "00:00", "latest": "01:00"}));
    })
}

#[test]
fn overlapping_work_breaks_across_rounds() {
    // Monday's bed call runs to 24:30 (00:30 Tuesday); Tuesday's round starts at 00:10.
    let fx = night_fx();
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "23:00")]), ("k1", 1, &[("v2", "00:10")])]));
    let v = only(&r, "overlapping_work");
    assert_eq!(ids(v), (Some("v2"), Some("k1"), Some("c2")));
    assert_eq!(v.amount, 20);
}

#[test]
fn overlapping_work_honoured_when_the_next_starts_after() {
    let fx = night_fx();
    // v1 ends Tuesday 00:30 at c1; v2 is 10 minutes away at c2.
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "23:00")]), ("k1", 1, &[("v2", "00:40")])])));
}

#[test]
fn travel_between_rounds_breaks_when_the_next_round_starts_where_the_last_ended() {
    let fx = night_fx();
    // The night round ends Tuesday 00:30 at c1; Tuesday's round starts 00:30 at c2, 10 min away.
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "23:00")]), ("k1", 1, &[("v2", "00:30")])]));
    let v = only(&r, "travel_between_rounds");
    assert_eq!(ids(v), (Some("v2"), Some("k1"), Some("c2")));
    assert_eq!(v.amount, 10);
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "23:00")]), ("k1", 1, &[("v2", "00:35")])]));
    assert_eq!(only(&r, "travel_between_rounds").amount, 5);
}

#[test]
fn overlap_within_a_round_is_also_a_travel_shortfall() {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 60), visit("v2", "c2", 0, "08:30", 30)], |_| {});
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "08:30")])]));
    assert_eq!(some(&r, "overlapping_work").amount, 30);
    assert_eq!(some(&r, "travel_impossible").amount, 40);
    assert_eq!(codes(&r), BTreeSet::from(["overlapping_work", "travel_impossible"]));
}

// ---------------------------------------------------------------------------------------------
// 9. travel_impossible

fn pair_fx() -> Fx {
    Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 0, "08:40", 30)], |_| {})
}

#[test]
fn travel_impossible_breaks() {
    let fx = pair_fx();
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "08:35")])]));
    let v = only(&r, "travel_impossible");
    assert_eq!(ids(v), (Some("v2"), Some("k1"), Some("c2")));
    assert_eq!(v.amount, 5);
}

#[test]
fn travel_honoured_with_exactly_enough_time() {
    let fx = pair_fx();
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "08:40")])])));
}

// ---------------------------------------------------------------------------------------------
// 10. duration_short

#[test]
fn duration_short_breaks_short_and_long() {
    let fx = pair_fx();
    let mut rota = fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v2", "08:40")])]);
    pv(&mut rota, 0, 0).end = clock("08:25");
    let r = fx.check(&rota);
    let v = only(&r, "duration_short");
    assert_eq!(ids(v), (Some("v1"), Some("k1"), Some("c1")));
    assert_eq!(v.amount, 5);
    pv(&mut rota, 0, 0).end = clock("08:40");
    assert_eq!(only(&fx.check(&rota), "duration_short").amount, 10);
}

#[test]
fn full_duration_honours() {
    let fx = pair_fx();
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v2", "08:40")])])));
}

// ---------------------------------------------------------------------------------------------
// 11. stated_times_wrong

#[test]
fn stated_times_wrong_breaks_on_travel_wait_and_return() {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 0, "09:00", 30)], |_| {});
    let good = fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "09:00")])]);
    assert_eq!(good.rounds[0].visits[1].wait_min, 20.0);

    let mut rota = good.clone();
    pv(&mut rota, 0, 1).travel_min = 6.0;
    let v = only(&fx.check(&rota), "stated_times_wrong").clone();
    assert_eq!(ids(&v), (Some("v2"), Some("k1"), Some("c2")));
    assert_eq!(v.amount, 4);

    let mut rota = good.clone();
    pv(&mut rota, 0, 1).wait_min = 0.0;
    assert_eq!(only(&fx.check(&rota), "stated_times_wrong").amount, 20);

    // The first visit of a round never waits: the carer leaves home in time.
    let mut rota = good.clone();
    pv(&mut rota, 0, 0).wait_min = 5.0;
    assert_eq!(ids(only(&fx.check(&rota), "stated_times_wrong")), (Some("v1"), Some("k1"), Some("c1")));

    let mut rota = good.clone();
    rota.rounds[0].return_travel_min = 0.0;
    let r = fx.check(&rota);
    let v = only(&r, "stated_times_wrong");
    assert_eq!((v.carer.as_deref(), v.amount), (Some("k1"), 10));
    assert!(v.message.contains("return_travel_min"));
}

#[test]
fn stated_times_honoured() {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 0, "09:00", 30)], |_| {});
    let rota = fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "09:00")])]);
    assert_eq!(rota.rounds[0].visits[0].travel_min, 10.0);
    clean(&fx.check(&rota));
}

// ---------------------------------------------------------------------------------------------
// 12. daily_hours_exceeded / weekly_hours_exceeded

fn hours_fx(field: &str, cap: f64) -> Fx {
    Fx::new(
        vec![
            visit("v1", "c1", 0, "08:00", 30),
            visit("v2", "c2", 0, "08:40", 30),
            visit("v3", "c1", 1, "08:00", 30),
            visit("v4", "c2", 1, "08:40", 30),
        ],
        |p| set(p, "carers", "k1", field, json!(cap)),
    )
}

fn two_days(fx: &Fx) -> Rota {
    fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "08:40")]), ("k1", 1, &[("v3", "08:00"), ("v4", "08:40")])])
}

#[test]
fn daily_hours_exceeded_breaks() {
    // Working time per day: 30 + 10 travel + 30 = 70 min (commute excluded) > 60.
    let fx = hours_fx("max_hours_per_day", 1.0);
    let r = fx.check(&two_days(&fx));
    assert_eq!(codes(&r), BTreeSet::from(["daily_hours_exceeded"]));
    assert_eq!(r.violations.len(), 2);
    let v = &r.violations[0];
    assert_eq!((v.carer.as_deref(), v.date.map(|d| d.to_string()), v.amount), (Some("k1"), Some(date(0)), 10));
}

#[test]
fn weekly_hours_exceeded_breaks() {
    let fx = hours_fx("max_hours_per_week", 2.0);
    let v = only(&fx.check(&two_days(&fx)), "weekly_hours_exceeded").clone();
    assert_eq!((v.carer.as_deref(), v.amount), (Some("k1"), 20));
}

#[test]
fn hours_honoured_with_commute_excluded() {
    // With commute (10 + 10) a day would be 90 min; only 70 counts.
    let fx = hours_fx("max_hours_per_day", 70.0 / 60.0);
    clean(&fx.check(&two_days(&fx)));
    let fx = hours_fx("max_hours_per_week", 140.0 / 60.0);
    clean(&fx.check(&two_days(&fx)));
}

// ---------------------------------------------------------------------------------------------
// 13. break_missing

fn break_fx(second: &str, carer_override: bool) -> (Fx, Rota) {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 0, second, 30)], |p| {
        p["working_time"] = json!({"break_rule": {"after_hours": 1.0, "break_min": 20}});
        if carer_override {
            set(p, "carers", "k1", "working_time", json!({}));
        }
    });
    let rota = fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", second)])]);
    (fx, rota)
}

#[test]
fn break_missing_breaks() {
    let (fx, rota) = break_fx("08:40", false);
    let r = fx.check(&rota);
    let v = only(&r, "break_missing");
    assert_eq!((v.carer.as_deref(), v.date.map(|d| d.to_string()), v.amount), (Some("k1"), Some(date(0)), 20));
}

#[test]
fn break_honoured_by_an_idle_gap_or_a_carer_override() {
    // 09:00 − 08:30 − 10 travel = 20 min idle.
    let (fx, rota) = break_fx("09:00", false);
    clean(&fx.check(&rota));
    let (fx, rota) = break_fx("08:40", true);
    clean(&fx.check(&rota));
}

// ---------------------------------------------------------------------------------------------
// 13b. daily_rest_short / weekly_rest_short

/// The week under the Working Time Regulations' rest: 11 hours in each 24, 24 in the week.
fn rest_fx(visits: Vec<Value>) -> Fx {
    Fx::new(visits, |p| {
        p["profiles"] = json!({"custom": {"daily_rest_min": 660, "weekly_rest_min": 1440}});
    })
}

#[test]
fn daily_rest_short_breaks_when_a_stretch_runs_past_thirteen_hours() {
    let fx = rest_fx(vec![
        visit("v1", "c1", 0, "07:00", 30),
        visit("v2", "c3", 0, "14:00", 30),
        visit("v3", "c2", 0, "20:00", 30),
    ]);
    // 07:00 to 21:00 with no rest of 11 hours: an hour too long.
    let day = |last: &'static str| fx.rota(&[("k1", 0, &[("v1", "07:00"), ("v2", "14:00"), ("v3", last)])]);
    let r = fx.check(&day("20:30"));
    let v = only(&r, "daily_rest_short");
    assert_eq!((ids(v), v.date), ((None, Some("k1"), None), Some(date(0).parse().unwrap())));
    assert_eq!(v.amount, 60);
    // 07:00 to 20:00 is 13 hours: allowed.
    clean(&fx.check(&day("19:30")));
    // Without the 14:00 visit, the 12 h 50 min between 07:30 and 20:30 is rest: two stretches.
    let mut rota = fx.rota(&[("k1", 0, &[("v1", "07:00"), ("v3", "20:30")])]);
    rota.unassigned.push(Unassigned { visit: "v2".into(), seats: 1, reason: Reason::NoCapacity, detail: "".into() });
    clean(&fx.check(&rota));
}

#[test]
fn daily_rest_joins_two_days_whose_rest_between_is_short() {
    let fx = rest_fx(vec![
        visit("v1", "c1", 0, "07:00", 30),
        visit("v2", "c1", 0, "13:00", 30),
        visit("v3", "c2", 0, "19:30", 30),
        visit("v4", "c3", 1, "07:00", 30),
    ]);
    // Monday ends 20:00 at c2; Tuesday starts 07:00 at c3, 10 minutes away: 10 h 50 min of rest,
    // so Monday 07:00 to Tuesday 07:30 is one stretch of 24 h 30 min.
    let week = |fx: &Fx, last: &'static str| {
        fx.rota(&[("k1", 0, &[("v1", "07:00"), ("v2", "13:00"), ("v3", last)]), ("k1", 1, &[("v4", "07:00")])])
    };
    let r = fx.check(&week(&fx, "19:30"));
    assert_eq!(only(&r, "daily_rest_short").amount, 24 * 60 + 30 - 13 * 60);
    // Monday ending at 19:50 leaves exactly 11 hours once the travel is taken off.
    clean(&fx.check(&week(&fx, "19:20")));
    // A profile that lifts the rule (0) lets both days stand.
    let mut lifted = rest_fx(fx.p.visits.iter().map(|v| serde_json::to_value(v).unwrap()).collect());
    lifted.p.profiles.get_mut("custom").unwrap().daily_rest_min = Some(0);
    clean(&lifted.check(&week(&lifted, "19:30")));
}

#[test]
fn weekly_rest_short_breaks_when_no_day_is_free() {
    let visits: Vec<Value> = (0..7).map(|d| visit(&format!("v{d}"), "c1", d, "12:00", 30)).collect();
    let fx = rest_fx(visits);
    let plans: [[(&str, &str); 1]; 7] = [
        [("v0", "12:00")],
        [("v1", "12:00")],
        [("v2", "12:00")],
        [("v3", "12:00")],
        [("v4", "12:00")],
        [("v5", "12:00")],
        [("v6", "12:00")],
    ];
    let rounds: Vec<Plan> = plans.iter().enumerate().map(|(d, v)| ("k1", d as u64, v.as_slice())).collect();
    // The longest rest is 23 h 30 min (one visit a day at the same home); 30 min short.
    let r = fx.check(&fx.rota(&rounds));
    let v = only(&r, "weekly_rest_short");
    assert_eq!((ids(v), v.amount), ((None, Some("k1"), None), 30));
    // A free Thursday gives 47 h 30 min.
    let six: Vec<Plan> = rounds.iter().copied().filter(|r| r.1 != 3).collect();
    let mut rota = fx.rota(&six);
    rota.unassigned.push(Unassigned { visit: "v3".into(), seats: 1, reason: Reason::WorkingTime, detail: "".into() });
    clean(&fx.check(&rota));
}

// ---------------------------------------------------------------------------------------------
// 14. excluded_carer / preference_required

#[test]
fn excluded_carer_breaks_and_others_honour() {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30)], |p| {
        set(p, "clients", "c1", "excluded_carers", json!(["k1"]));
    });
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")])]));
    assert_eq!(ids(only(&r, "excluded_carer")), (Some("v1"), Some("k1"), Some("c1")));
    clean(&fx.check(&fx.rota(&[("k2", 0, &[("v1", "08:00")])])));
}

fn preference_fx() -> Fx {
    Fx::new(vec![visit("v1", "c1", 0, "08:00", 30)], |p| {
        set(
            p,
            "clients",
            "c1",
            "preferences",
            json!([{"attribute": "gender", "value": "female", "required": true},
                   {"attribute": "language", "value": "Polish", "required": true},
                   {"attribute": "language", "value": "Welsh", "required": false}]),
        );
        set(p, "carers", "k1", "gender", json!("Female"));
        set(p, "carers", "k1", "languages", json!(["English", "polish"]));
        set(p, "carers", "k2", "gender", json!("male"));
        set(p, "carers", "k2", "languages", json!(["Polish"]));
    })
}

#[test]
fn preference_required_breaks() {
    let fx = preference_fx();
    let r = fx.check(&fx.rota(&[("k2", 0, &[("v1", "08:00")])]));
    let v = only(&r, "preference_required");
    assert_eq!(ids(v), (Some("v1"), Some("k2"), Some("c1")));
    assert!(v.message.contains("gender"));
}

#[test]
fn preferences_honoured_ignoring_case_and_soft_ones() {
    let fx = preference_fx();
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")])])));
}

// ---------------------------------------------------------------------------------------------
// 15. out_of_hours

fn ooh_fx(start: &str, opted_in: bool) -> (Fx, Rota) {
    let fx = Fx::new(vec![visit("v1", "c1", 0, start, 30)], |p| {
        set(p, "clients", "c1", "profile", json!("hammersmith-fulham"));
        set(p, "carers", "k1", "availability", json!([{"date": date(0), "start": "05:00", "end": "24:00"}]));
        set(p, "carers", "k1", "out_of_hours", json!(opted_in));
    });
    let rota = fx.rota(&[("k1", 0, &[("v1", start)])]);
    (fx, rota)
}

#[test]
fn out_of_hours_breaks() {
    let (fx, rota) = ooh_fx("06:30", false);
    let r = fx.check(&rota);
    let v = only(&r, "out_of_hours");
    assert_eq!(ids(v), (Some("v1"), Some("k1"), Some("c1")));
    assert_eq!(v.amount, 30);
    let (fx, rota) = ooh_fx("22:00", false);
    assert_eq!(only(&fx.check(&rota), "out_of_hours").amount, 1);
}

#[test]
fn out_of_hours_honoured_by_opt_in_or_core_hours() {
    let (fx, rota) = ooh_fx("06:30", true);
    clean(&fx.check(&rota));
    let (fx, rota) = ooh_fx("21:59", false);
    clean(&fx.check(&rota));
    let (fx, rota) = ooh_fx("07:00", false);
    clean(&fx.check(&rota));
}

// ---------------------------------------------------------------------------------------------
// 16. continuity_cap

fn kent_week(multi: bool) -> Fx {
    let visits = (0..5).map(|d| visit(&format!("v{d}"), "c1", d, "08:00", 30)).collect();
    Fx::new(visits, |p| {
        set(p, "clients", "c1", "profile", json!("kent"));
        if multi {
            p["visits"].as_array_mut().unwrap().push(visit("vd", "c1", 5, "08:00", 30));
            set(p, "visits", "vd", "carers_required", json!(2));
        }
    })
}

fn kent_rounds(fx: &Fx, carers: &[&str], multi: bool) -> Rota {
    let names: Vec<String> = (0..5).map(|d| format!("v{d}")).collect();
    let plan: Vec<[(&str, &str); 1]> = names.iter().map(|n| [(n.as_str(), "08:00")]).collect();
    let mut rounds: Vec<Plan> = (0..5).map(|d| (carers[d % carers.len()], d as u64, &plan[d][..])).collect();
    let double = [("vd", "08:00")];
    if multi {
        rounds.push(("k1", 5, &double));
        rounds.push(("k2", 5, &double));
    }
    fx.rota(&rounds)
}

#[test]
fn continuity_cap_breaks_with_five_carers_in_kent() {
    let fx = kent_week(false);
    let r = fx.check(&kent_rounds(&fx, &["k1", "k2", "k3", "k4", "k5"], false));
    let v = only(&r, "continuity_cap");
    assert_eq!(ids(v), (None, None, Some("c1")));
    assert_eq!(v.amount, 1);
}

#[test]
fn continuity_cap_honoured_by_four_or_a_multi_handed_package() {
    let fx = kent_week(false);
    clean(&fx.check(&kent_rounds(&fx, &["k1", "k2", "k3", "k4"], false)));
    let fx = kent_week(true);
    clean(&fx.check(&kent_rounds(&fx, &["k1", "k2", "k3", "k4", "k5"], true)));
}

// ---------------------------------------------------------------------------------------------
// 17. visit_lost / visit_over_assigned

#[test]
fn visit_lost_breaks() {
    let fx = pair_fx();
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")])]));
    let v = only(&r, "visit_lost");
    assert_eq!(ids(v), (Some("v2"), None, Some("c2")));
    assert_eq!(v.amount, 1);
}

#[test]
fn visit_over_assigned_breaks() {
    let fx = double_fx();
    let mut rota = fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v1", "08:00")])]);
    rota.unassigned.push(Unassigned {
        visit: "v1".into(),
        seats: 1,
        reason: Reason::NoSecondCarer,
        detail: String::new(),
    });
    let v = only(&fx.check(&rota), "visit_over_assigned").clone();
    assert_eq!(ids(&v), (Some("v1"), None, Some("c1")));
    assert_eq!(v.amount, 1);
}

#[test]
fn every_seat_accounted_for_honours() {
    let fx = double_fx();
    let mut rota = fx.rota(&[]);
    rota.unassigned.push(Unassigned {
        visit: "v1".into(),
        seats: 2,
        reason: Reason::NoSecondCarer,
        detail: String::new(),
    });
    clean(&fx.check(&rota));
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v1", "08:00")])])));
}

/// A double-handed visit is all or nothing: one carer alone, with the other seat listed as
/// unassigned, accounts for every seat but is not a safe visit.
#[test]
fn seats_part_staffed_breaks() {
    let fx = double_fx();
    let mut rota = fx.rota(&[("k1", 0, &[("v1", "08:00")])]);
    rota.unassigned.push(Unassigned {
        visit: "v1".into(),
        seats: 1,
        reason: Reason::NoSecondCarer,
        detail: String::new(),
    });
    let r = fx.check(&rota);
    let v = only(&r, "seats_part_staffed");
    assert_eq!(ids(v), (Some("v1"), None, Some("c1")));
    assert_eq!((v.amount, v.unit.name()), (1, "seats"));
    assert!(v.message.contains("k1"), "{}", v.message);
}

// ---------------------------------------------------------------------------------------------
// KPIs, by hand

/// k1 on Monday: c1 08:00 (30), c2 09:00 (30), c3 10:00 (60); 4 legs of 10 min and 4 km.
fn kpi_fx(profile: &str) -> (Fx, Rota) {
    let fx = Fx::new(
        vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 0, "09:00", 30), visit("v3", "c3", 0, "10:00", 60)],
        |p| {
            for c in ["c1", "c2", "c3"] {
                set(p, "clients", c, "profile", json!(profile));
                set(p, "clients", c, "weekly_hours", json!(1.0));
            }
            set(p, "carers", "k1", "availability", json!([{"date": date(0), "start": "07:00", "end": "15:00"}]));
            set(p, "carers", "k1", "contracted_hours", json!(2.0));
            set(p, "carers", "k1", "hourly_rate", json!(12.0));
        },
    );
    let rota = fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "09:00"), ("v3", "10:00")])]);
    (fx, rota)
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn kpi_travel_ratio_and_waiting() {
    let (fx, rota) = kpi_fx("custom");
    let r = fx.check(&rota);
    clean(&r);
    let t = &r.kpis.travel;
    assert_eq!((t.total_min, t.between_visits_min, t.commute_min, t.contact_min), (40.0, 20.0, 20.0, 120.0));
    close(t.total_km, 16.0);
    close(t.between_visits_km, 8.0);
    close(t.travel_ratio.unwrap(), 20.0 / 120.0);
    close(t.travel_ratio_with_commute.unwrap(), 40.0 / 120.0);
    assert_eq!(t.by_mode["car"].total_min, 40.0);
    // Arrive 08:40 for 09:00 and 09:40 for 10:00.
    assert_eq!(r.kpis.waiting_min, 40.0);
}

#[test]
fn kpi_utilisation_paid_hours_and_cost() {
    // Travel unpaid (custom): paid = 2 h contact; available 8 h.
    let (fx, rota) = kpi_fx("custom");
    let k1 = &fx.check(&rota).kpis.carers.carers[0];
    close(k1.paid_h, 2.0);
    close(k1.working_h, 140.0 / 60.0);
    close(k1.available_h, 8.0);
    close(k1.utilisation.unwrap(), 0.25);
    close(k1.over_contracted_h.unwrap(), 0.0);
    close(k1.cost.unwrap(), 24.0);
    close(k1.commute_h, 20.0 / 60.0);
    // Travel paid (Milton Keynes): paid = 2 h + 20 min between visits.
    let (fx, rota) = kpi_fx("milton-keynes");
    let r = fx.check(&rota);
    let k1 = &r.kpis.carers.carers[0];
    close(k1.paid_h, 140.0 / 60.0);
    close(k1.utilisation.unwrap(), 140.0 / 60.0 / 8.0);
    close(k1.over_contracted_h.unwrap(), 20.0 / 60.0);
    close(k1.cost.unwrap(), 28.0);
    assert_eq!(r.kpis.carers.carers_used, 1);
    close(r.kpis.carers.cost, 28.0);
}

#[test]
fn kpi_hours_per_client() {
    let (fx, rota) = kpi_fx("custom");
    let h = fx.check(&rota).kpis.hours;
    // Commissioned 1 h each; planned 0.5, 0.5 and 1.0.
    close(h.commissioned_h, 3.0);
    close(h.planned_h, 2.0);
    assert_eq!((h.over, h.under), (0, 2));
    close(h.clients[2].planned_h, 1.0);
}

#[test]
fn kpi_continuity_shares_and_key_carer() {
    // c1 (HF, 2 h/wk: target 1, cap 3) sees k1 (30 min) and k2 (60 min), key carer k1;
    // c2 (HF, 5 h/wk: target 3, cap 5) sees k1 only; c3 (custom) has no cap.
    let fx = Fx::new(
        vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c1", 1, "08:00", 60), visit("v3", "c2", 0, "10:00", 30)],
        |p| {
            set(p, "clients", "c1", "profile", json!("hammersmith-fulham"));
            set(p, "clients", "c1", "weekly_hours", json!(2.0));
            set(p, "clients", "c1", "key_carer", json!("k1"));
            set(p, "clients", "c2", "profile", json!("hammersmith-fulham"));
            set(p, "clients", "c2", "weekly_hours", json!(5.0));
            set(p, "clients", "c2", "key_carer", json!("k1"));
        },
    );
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v3", "10:00")]), ("k2", 1, &[("v2", "08:00")])]));
    clean(&r);
    let c = &r.kpis.continuity;
    assert_eq!((c.capped_clients, c.within_target, c.within_cap), (2, 1, 2));
    close(c.within_target_share.unwrap(), 0.5);
    close(c.within_cap_share.unwrap(), 1.0);
    assert_eq!(c.clients[0].distinct_carers, 2);
    assert_eq!((c.clients[0].target, c.clients[0].cap), (Some(1), Some(3)));
    close(c.clients[0].key_carer_share.unwrap(), 1.0 / 3.0);
    assert_eq!(c.key_carer_clients, 2);
    close(c.key_carer_mean_share.unwrap(), (1.0 / 3.0 + 1.0) / 2.0);
    assert_eq!(c.key_carer_largest, 1);
}

#[test]
fn kpi_punctuality_and_visit_counts() {
    // v1 on time; v2 50 min late (late); v3 45 min early (early); v4 time-critical 10 late;
    // v5 double-handed, one seat (the other unassigned, no second carer).
    let fx = Fx::new(
        vec![
            visit("v1", "c1", 0, "08:00", 30),
            visit("v2", "c2", 0, "09:00", 30),
            visit("v3", "c3", 1, "10:00", 30),
            visit("v4", "c1", 2, "08:00", 30),
            visit("v5", "c2", 3, "08:00", 30),
        ],
        |p| {
            set(p, "visits", "v4", "time_critical", json!(true));
            set(p, "visits", "v5", "carers_required", json!(2));
        },
    );
    let mut rota = fx.rota(&[
        ("k1", 0, &[("v1", "08:00"), ("v2", "09:50")]),
        ("k1", 1, &[("v3", "09:15")]),
        ("k1", 2, &[("v4", "08:10")]),
        ("k1", 3, &[("v5", "08:00")]),
    ]);
    rota.unassigned.push(Unassigned { visit: "v5".into(), seats: 1, reason: Reason::NoSecondCarer, detail: "".into() });
    let r = fx.check(&rota);
    assert_eq!(codes(&r), BTreeSet::from(["window_missed", "seats_part_staffed"]));
    let p = &r.kpis.punctuality;
    assert_eq!((p.seats, p.late, p.early, p.missed), (5, 1, 1, 0));
    assert_eq!(p.max_abs_deviation_min, Some(50.0));
    close(p.mean_abs_deviation_min.unwrap(), (50.0 + 45.0 + 10.0) / 5.0);
    assert_eq!((p.time_critical_seats, p.time_critical_within), (1, 1));
    close(p.time_critical_compliance.unwrap(), 1.0);
    let v = &r.kpis.visits;
    assert_eq!((v.visits, v.seats, v.scheduled_seats), (5, 6, 5));
    assert_eq!((v.fully_scheduled, v.partially_scheduled, v.not_scheduled), (4, 1, 0));
    assert_eq!(v.unassigned_seats, 1);
    assert_eq!(v.unassigned_by_reason["no_second_carer"], 1);
}

// ---------------------------------------------------------------------------------------------
// 19-21. capacity_exceeded, link_same_carer, commute_off_shift (generic routing rules)

fn load_fx(capacity: u32) -> Fx {
    Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 0, "08:40", 30)], |p| {
        set(p, "carers", "k1", "capacity", json!(capacity));
        set(p, "visits", "v1", "demand", json!(6));
        set(p, "visits", "v2", "demand", json!(5));
    })
}

#[test]
fn capacity_exceeded_breaks_by_the_excess_load() {
    let fx = load_fx(10);
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "08:40")])]));
    let v = only(&r, "capacity_exceeded");
    assert_eq!((v.carer.as_deref(), v.amount), (Some("k1"), 1));
}

#[test]
fn capacity_honoured_at_the_limit_and_per_round() {
    let fx = load_fx(11);
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "08:40")])])));
    // The same visits on two days' rounds of a smaller vehicle: each round carries its own load.
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 1, "08:40", 30)], |p| {
        set(p, "carers", "k1", "capacity", json!(6));
        set(p, "visits", "v1", "demand", json!(6));
        set(p, "visits", "v2", "demand", json!(6));
    });
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k1", 1, &[("v2", "08:40")])])));
}

fn apart_fx() -> Fx {
    Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 0, "08:40", 30)], |p| {
        set(
            p,
            "visits",
            "v1",
            "links",
            json!([{"visit": "v2", "min_gap_min": 0, "max_gap_min": 120, "different_carers": true}]),
        );
    })
}

#[test]
fn link_same_carer_breaks_when_one_carer_does_both() {
    let fx = apart_fx();
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "08:40")])]));
    let v = only(&r, "link_same_carer");
    assert_eq!(ids(v), (Some("v1"), Some("k1"), Some("c1")));
}

#[test]
fn link_same_carer_honoured_by_two_carers() {
    let fx = apart_fx();
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v2", "08:40")])])));
}

/// k1 works 07:00-22:00 with its commute (10 minutes each way) on shift.
fn commute_fx() -> Fx {
    Fx::new(vec![visit("v1", "c1", 0, "07:05", 30), visit("v2", "c2", 0, "21:20", 30)], |p| {
        set(p, "carers", "k1", "commute_on_shift", json!(true));
        for v in ["v1", "v2"] {
            set(p, "visits", v, "window", json!({"earliest": "07:00", "latest": "21:40"}));
        }
    })
}

#[test]
fn commute_off_shift_breaks_on_the_first_and_last_legs() {
    let fx = commute_fx();
    // Leaves at 06:55 for v1; back at 22:00 + 10 = 22:10 after v2 (21:30-22:00).
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "07:05"), ("v2", "21:30")])]));
    assert_eq!(codes(&r), BTreeSet::from(["commute_off_shift"]));
    let amounts: Vec<(Option<&str>, i64)> = r.violations.iter().map(|v| (v.visit.as_deref(), v.amount)).collect();
    assert_eq!(amounts, vec![(Some("v1"), 5), (Some("v2"), 10)]);
}

#[test]
fn commute_honoured_inside_the_shift_or_when_off() {
    let fx = commute_fx();
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "07:10"), ("v2", "21:20")])])));
    // The same times without the flag: the commute is the carer's own time.
    let fx = Fx::new(vec![visit("v1", "c1", 0, "07:05", 30), visit("v2", "c2", 0, "21:30", 30)], |_| {});
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "07:05"), ("v2", "21:30")])])));
}

// ---------------------------------------------------------------------------------------------
// Reports, docs and robustness

#[test]
fn report_renders_as_text_and_json() {
    let fx = pair_fx();
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "08:35")])]));
    let text = r.to_text();
    assert!(text.contains("Travel:") && text.contains("travel_impossible 2026-11-30 visit=v2 carer=k1"), "{text}");
    let json: Value = serde_json::to_value(&r).unwrap();
    assert_eq!(json["violations"][0]["rule"], "travel_impossible");
    assert_eq!(json["violations"][0]["unit"], "min");
    assert!(json["kpis"]["travel"]["travel_ratio"].is_number());
}

#[test]
fn every_rule_code_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/checker.md")).unwrap();
    let all = rules::codes();
    assert_eq!(all.len(), 35);
    for code in all {
        assert!(doc.contains(&format!("`{code}`")), "docs/checker.md does not document `{code}`");
    }
}

#[test]
fn unknown_ids_odd_dates_and_missing_matrices_do_not_panic() {
    let fx = pair_fx();
    let mut rota = fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "08:40")])]);
    rota.rounds.push(Round {
        carer: "nobody".into(),
        date: date(0).parse().unwrap(),
        visits: vec![],
        return_travel_min: 3.0,
    });
    rota.rounds[0].visits.insert(
        1,
        PlannedVisit {
            visit: "ghost".into(),
            start: clock("08:30"),
            end: clock("08:00"),
            travel_min: -5.0,
            wait_min: -1.0,
        },
    );
    rota.rounds.push(Round {
        carer: "k2".into(),
        date: "1999-01-01".parse().unwrap(),
        visits: vec![PlannedVisit {
            visit: "v1".into(),
            start: clock("47:59"),
            end: clock("00:00"),
            travel_min: 0.0,
            wait_min: 0.0,
        }],
        return_travel_min: 0.0,
    });
    rota.unassigned.push(Unassigned { visit: "ghost".into(), seats: 3, reason: Reason::Cancelled, detail: "".into() });
    let r = fx.check(&rota);
    assert!(!r.is_feasible());
    assert!(!r.notes.is_empty());
    // A travel built for another problem (no places, no matrices).
    let empty = Travel::from_matrices(Places::of(&serde_json::from_value::<Problem>(base()).unwrap()), BTreeMap::new());
    let r = check(&fx.p, &rota, &empty);
    assert!(r.notes.iter().any(|n| n.contains("no travel matrix")));
    let nothing = Travel::from_matrices(
        Places { locations: vec![], labels: vec![], client: vec![], carer_start: vec![], carer_end: vec![] },
        BTreeMap::new(),
    );
    let _ = check(&fx.p, &rota, &nothing);
}

#[test]
fn travel_from_the_distance_model_is_used_as_given() {
    // The default distance model needs no files; a correct rota built on it checks clean.
    let fx = pair_fx();
    let t = Travel::for_problem(&fx.p, std::path::Path::new("."), "problem.json").unwrap();
    let idx = fx.p.index();
    let leg = t
        .matrix(TravelMode::Car)
        .unwrap()
        .minutes(t.places.client[idx.clients["c1"]], t.places.client[idx.clients["c2"]]) as i32;
    assert!(leg > 0);
    let second = ClockTime::from_minutes(8 * 60 + 30 + leg).to_string();
    let mut p = fx.p;
    p.visits[1].start = clock(&second);
    let fx = Fx { p, t };
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", &second)])])));
}

#[test]
fn random_rotas_never_panic() {
    // Random rounds over a problem with every feature switched on: links, windows, doubles,
    // spacing, opt-in, caps, break and hours rules; unknown ids and dates off the week.
    let visits: Vec<Value> = (0..12)
        .map(|i| {
            let mut v =
                visit(&format!("v{i}"), ["c1", "c2", "c3"][i % 3], (i % 7) as u64, "09:00", 30 + 15 * (i as i32 % 3));
            v["carers_required"] = json!(1 + i % 3);
            v["time_critical"] = json!(i % 4 == 0);
            if i % 5 == 0 {
                v["window"] = json!({"earliest": "08:00", "latest": "25:00"});
            }
            v["links"] = json!([{"visit": format!("v{}", (i + 1) % 13), "min_gap_min": -30, "max_gap_min": 60}]);
            v
        })
        .collect();
    let fx = Fx::new(visits, |p| {
        set(p, "clients", "c1", "profile", json!("bexley"));
        set(p, "clients", "c2", "profile", json!("hammersmith-fulham"));
        set(p, "clients", "c3", "profile", json!("kent"));
        set(p, "clients", "c3", "key_carer", json!("k2"));
        set(p, "carers", "k1", "max_hours_per_day", json!(0.5));
        set(p, "carers", "k2", "max_hours_per_week", json!(1.0));
        p["working_time"] = json!({"break_rule": {"after_hours": 0.5, "break_min": 30}});
    });
    let mut rng = rota::rng::Rng::seeded(7);
    let carers = ["k1", "k2", "k3", "k4", "k5", "ghost"];
    for _ in 0..300 {
        let mut rota = Rota::empty("fuzz");
        for _ in 0..rng.below(8) {
            let day = rng.range(-2, 9);
            let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap() + chrono::TimeDelta::days(day);
            let visits = (0..rng.below(5))
                .map(|_| {
                    let a = rng.range(0, 2880) as i32;
                    let b = rng.range(0, 2880) as i32;
                    PlannedVisit {
                        visit: format!("v{}", rng.below(14)),
                        start: ClockTime::from_minutes(a),
                        end: ClockTime::from_minutes(b),
                        travel_min: rng.range(-5, 30) as f64,
                        wait_min: rng.range(-5, 30) as f64,
                    }
                })
                .collect();
            rota.rounds.push(Round {
                carer: rng.pick(&carers).unwrap().to_string(),
                date,
                visits,
                return_travel_min: rng.range(-5, 30) as f64,
            });
        }
        for _ in 0..rng.below(3) {
            rota.unassigned.push(Unassigned {
                visit: format!("v{}", rng.below(14)),
                seats: rng.range(0, 3) as u8,
                reason: Reason::NoCapacity,
                detail: String::new(),
            });
        }
        let r = fx.check(&rota);
        serde_json::to_string(&r).unwrap();
        let _ = r.to_text();
        for v in &r.violations {
            assert!(v.amount > 0, "{v}");
        }
    }
}

#[test]
fn kpi_waiting_leaves_out_the_gap_of_a_split_shift() {
    // k1 works 07:00-10:00 and 16:00-20:00. Visits at 08:00 and 17:00 (30 min each): the carer
    // arrives at 08:40 and starts at 17:00. Only 08:40-10:00 (80) and 16:00-17:00 (60) are on shift.
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 0, "17:00", 30)], |p| {
        set(
            p,
            "carers",
            "k1",
            "availability",
            json!([{"date": date(0), "start": "07:00", "end": "10:00"}, {"date": date(0), "start": "16:00", "end": "20:00"}]),
        );
    });
    let rota = fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "17:00")])]);
    let r = fx.check(&rota);
    clean(&r);
    assert_eq!(rota.rounds[0].visits[1].wait_min, (8 * 60 + 20) as f64, "the stated wait is arrival to start");
    assert_eq!(r.kpis.waiting_min, 140.0);
    close(r.kpis.carers.carers[0].waiting_h, 140.0 / 60.0);
}

// ---------------------------------------------------------------------------------------------
// Cancelled visits: never scheduled, listed as unassigned with the reason `cancelled`, and not
// counted as demand by the KPIs.

fn cancelled_fx() -> Fx {
    Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 0, "09:00", 30)], |p| {
        set(p, "visits", "v2", "cancelled", json!("in hospital"));
    })
}

fn unassigned(visit: &str, reason: Reason) -> Unassigned {
    Unassigned { visit: visit.into(), seats: 1, reason, detail: "".into() }
}

#[test]
fn a_cancelled_visit_listed_as_cancelled_honours_and_is_not_demand() {
    let fx = cancelled_fx();
    let mut rota = fx.rota(&[("k1", 0, &[("v1", "08:00")])]);
    rota.unassigned.push(unassigned("v2", Reason::Cancelled));
    let r = fx.check(&rota);
    clean(&r);
    let v = &r.kpis.visits;
    assert_eq!((v.visits, v.seats, v.cancelled_visits, v.cancelled_seats), (1, 1, 1, 1));
    assert_eq!((v.fully_scheduled, v.not_scheduled, v.unassigned_seats), (1, 0, 0));
    assert!(v.unassigned_by_reason.is_empty());
    assert_eq!(r.kpis.hours.demanded_h, 0.5);
    assert!(r.to_text().contains("1 cancelled (1 seats), not counted"), "{r}");
}

#[test]
fn a_scheduled_cancelled_visit_breaks() {
    let fx = cancelled_fx();
    let rota = fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "09:00")])]);
    let r = fx.check(&rota);
    let v = only(&r, "cancelled_scheduled");
    assert_eq!(ids(v), (Some("v2"), Some("k1"), Some("c2")));
    assert!(v.message.contains("in hospital"), "{}", v.message);
}

#[test]
fn a_cancelled_visit_unassigned_for_another_reason_breaks() {
    let fx = cancelled_fx();
    let mut rota = fx.rota(&[("k1", 0, &[("v1", "08:00")])]);
    rota.unassigned.push(unassigned("v2", Reason::NoCapacity));
    let r = fx.check(&rota);
    let v = only(&r, "cancelled_reason_missing");
    assert_eq!(ids(v), (Some("v2"), None, Some("c2")));
    assert!(v.message.contains("no_capacity"));
}

#[test]
fn a_visit_the_problem_does_not_cancel_listed_as_cancelled_breaks() {
    let fx = cancelled_fx();
    let mut rota = fx.rota(&[]);
    rota.unassigned.push(unassigned("v1", Reason::Cancelled));
    rota.unassigned.push(unassigned("v2", Reason::Cancelled));
    let r = fx.check(&rota);
    let v = only(&r, "cancelled_reason_unfounded");
    assert_eq!(ids(v), (Some("v1"), None, Some("c1")));
    // The wrong reason still counts as an unassigned seat of the demand.
    assert_eq!(r.kpis.visits.unassigned_by_reason["cancelled"], 1);
}

// ---------------------------------------------------------------------------------------------
// History: a rota replanned during its week keeps the past of the rota it replaces.

fn at(s: &str) -> chrono::NaiveDateTime {
    s.parse().unwrap()
}

/// v1 Monday 08:00 (k1), v2 Monday 09:00 (k2), v3 Monday 14:00 (k1), v4 Monday 10:00 (left
/// unassigned); now is Monday 10:30.
fn history_fx() -> (Fx, Rota) {
    let fx = Fx::new(
        vec![
            visit("v1", "c1", 0, "08:00", 30),
            visit("v2", "c2", 0, "09:00", 30),
            visit("v3", "c3", 0, "14:00", 30),
            visit("v4", "c3", 0, "10:00", 30),
        ],
        |_| {},
    );
    let mut old = fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v3", "14:00")]), ("k2", 0, &[("v2", "09:00")])]);
    old.unassigned.push(unassigned("v4", Reason::NoCapacity));
    (fx, old)
}

const NOW: &str = "2026-11-30T10:30:00";

fn history_codes(v: &[Violation]) -> Vec<(&'static str, Option<&str>, Option<&str>)> {
    v.iter().map(|v| (v.rule, v.visit.as_deref(), v.carer.as_deref())).collect()
}

#[test]
fn history_unchanged_passes_and_the_future_may_change() {
    let (fx, old) = history_fx();
    assert!(history(&fx.p, &old, &old, at(NOW)).is_empty());
    // v3 (14:00) moves to k2 at 15:00 and v4 is placed after now: the future is free.
    let mut new =
        fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v2", "09:00"), ("v4", "11:00"), ("v3", "15:00")])]);
    new.unassigned.clear();
    assert!(history(&fx.p, &old, &new, at(NOW)).is_empty());
}

#[test]
fn a_past_visit_moved_reassigned_or_dropped_is_flagged() {
    let (fx, old) = history_fx();
    let mut new = fx.rota(&[("k1", 0, &[("v1", "08:10"), ("v3", "14:00")]), ("k3", 0, &[("v2", "09:00")])]);
    new.unassigned = old.unassigned.clone();
    let v = history(&fx.p, &old, &new, at(NOW));
    assert_eq!(
        history_codes(&v),
        vec![("past_moved", Some("v1"), Some("k1")), ("past_reassigned", Some("v2"), Some("k2"))]
    );
    assert_eq!((v[0].amount, v[0].client.as_deref()), (10, Some("c1")));
    assert!(v[0].message.contains("2026-11-30 08:00-08:30") && v[0].message.contains("2026-11-30 08:10-08:40"));
    assert!(v[1].message.contains("now k3 at 2026-11-30 09:00-09:30"), "{}", v[1].message);

    let mut dropped = fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v3", "14:00")])]);
    dropped.unassigned = vec![unassigned("v2", Reason::NoCapacity), unassigned("v4", Reason::NoCapacity)];
    let v = history(&fx.p, &old, &dropped, at(NOW));
    assert_eq!(history_codes(&v), vec![("past_dropped", Some("v2"), Some("k2"))]);
}

#[test]
fn a_visit_put_in_the_past_is_flagged() {
    let (fx, old) = history_fx();
    // v4 was unassigned and due at 10:00; v3 was planned at 14:00 and is moved to 09:45.
    let new =
        fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v3", "09:45")]), ("k2", 0, &[("v2", "09:00"), ("v4", "10:00")])]);
    let v = history(&fx.p, &old, &new, at(NOW));
    assert_eq!(history_codes(&v), vec![("past_added", Some("v3"), Some("k1")), ("past_added", Some("v4"), Some("k2"))]);
    assert!(v[0].message.contains("had it at k1 2026-11-30 14:00-14:30"), "{}", v[0].message);
    assert!(v[1].message.contains("left it unassigned (no_capacity)"), "{}", v[1].message);
    // A start at now exactly is not in the past.
    let new =
        fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v3", "14:00")]), ("k2", 0, &[("v2", "09:00"), ("v4", "10:30")])]);
    assert!(history(&fx.p, &old, &new, at(NOW)).is_empty());
}

#[test]
fn every_history_code_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/checker.md")).unwrap();
    for code in rota::check::history::CODES {
        assert!(doc.contains(&format!("`{code}`")), "docs/checker.md does not document `{code}`");
    }
}

/// A visit with several windows: a start inside any of them keeps the window rule; one between
/// them or after the last breaks it by its distance to the nearest window. Lateness is priced
/// against the due time of the window the start falls in.
#[test]
fn several_windows_decide_the_window_rule_and_the_due_time() {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30)], |p| {
        set(
            p,
            "visits",
            "v1",
            "windows",
            json!([{"earliest": "07:30", "latest": "09:00", "due": "08:15"},
                   {"earliest": "17:00", "latest": "18:00", "due": "17:10"}]),
        );
    });
    let late = |start: &str| {
        let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", start)])]));
        clean(&r);
        (r.kpis.tardiness.total_min, r.kpis.tardiness.max_min, r.kpis.tardiness.late_seats)
    };
    assert_eq!(late("08:00"), (0.0, 0.0, 0));
    assert_eq!(late("08:45"), (30.0, 30.0, 1));
    // The evening window: 17:40 is 30 min past its own due (17:10), not 9 h past the morning's.
    assert_eq!(late("17:40"), (30.0, 30.0, 1));
    assert_eq!(late("17:05"), (0.0, 0.0, 0));
    // Between the windows: 1 h after the first closes, 5 h before the second opens.
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "10:00")])]));
    assert_eq!(only(&r, "window_missed").amount, 60);
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "18:20")])]));
    assert_eq!(only(&r, "window_missed").amount, 20);
}

/// An optional visit left out must be listed with the reason `optional`, and the reason belongs
/// to optional visits only; the checker prices each one left out at `optional_visit_missed`.
#[test]
fn optional_visits_keep_their_reason_and_price() {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 0, "09:00", 30)], |p| {
        set(p, "visits", "v1", "optional", json!(true));
        set(p, "visits", "v1", "carers_required", json!(2));
    });
    let unassigned =
        |visit: &str, reason: Reason| Unassigned { visit: visit.into(), seats: 2, reason, detail: String::new() };
    let mut rota = fx.rota(&[("k1", 0, &[("v2", "09:00")])]);
    rota.unassigned.push(unassigned("v1", Reason::Optional));
    let r = fx.check(&rota);
    clean(&r);
    assert_eq!(r.kpis.visits.optional_missed, 1);
    assert_eq!(r.kpis.soft_cost, 1000.0, "once per visit, whatever its seats");
    rota.unassigned[0].reason = Reason::NoCapacity;
    let r = fx.check(&rota);
    let v = only(&r, "optional_reason_missing");
    assert_eq!((v.visit.as_deref(), v.amount), (Some("v1"), 2));
    // v2 is not optional: the reason `optional` is unfounded.
    let mut rota = fx.rota(&[("k1", 0, &[("v1", "08:00")]), ("k2", 0, &[("v1", "08:00")])]);
    rota.unassigned.push(Unassigned { seats: 1, ..unassigned("v2", Reason::Optional) });
    assert_eq!(only(&fx.check(&rota), "optional_reason_unfounded").visit.as_deref(), Some("v2"));
}

/// Two optional visits in one group (`optional_group`) are kept or left out together: both
/// scheduled is clean, both left out costs `optional_visit_missed` once and counts one call
/// left out, and one of each is the hard violation `optional_group_split`, on the group's first
/// visit with the missing seats.
#[test]
fn an_optional_group_is_kept_or_left_out_whole() {
    let fx = Fx::new(vec![visit("v1", "c1", 0, "08:00", 30), visit("v2", "c2", 0, "09:00", 30)], |p| {
        for v in ["v1", "v2"] {
            set(p, "visits", v, "optional", json!(true));
            set(p, "visits", v, "optional_group", json!("pair"));
        }
    });
    let left_out =
        |visit: &str| Unassigned { visit: visit.into(), seats: 1, reason: Reason::Optional, detail: String::new() };
    clean(&fx.check(&fx.rota(&[("k1", 0, &[("v1", "08:00"), ("v2", "09:00")])])));
    let mut rota = fx.rota(&[]);
    rota.unassigned = vec![left_out("v1"), left_out("v2")];
    let r = fx.check(&rota);
    clean(&r);
    assert_eq!((r.kpis.visits.optional_missed, r.kpis.soft_cost), (1, 1000.0), "a group counts once");
    let mut rota = fx.rota(&[("k1", 0, &[("v2", "09:00")])]);
    rota.unassigned = vec![left_out("v1")];
    let v = only(&fx.check(&rota), "optional_group_split").clone();
    assert_eq!((v.visit.as_deref(), v.amount), (Some("v1"), 1));
    assert!(v.message.contains("\"pair\""), "{}", v.message);
}

/// A carer with a meal break of 30 minutes between 12:00 and 14:00: a round that leaves such an
/// idle gap (a wait after the travel, or free time before the first leg or after the last) is
/// fine; one that does not is a soft finding priced at `meal_break_missed`, never a hard
/// violation. A day without visits needs no break.
#[test]
fn a_round_without_its_meal_break_is_a_soft_finding() {
    let fx = Fx::new(
        vec![visit("v1", "c1", 0, "11:00", 60), visit("v2", "c2", 0, "12:40", 60), visit("v3", "c3", 0, "13:40", 60)],
        |p| {
            set(
                p,
                "carers",
                "k1",
                "meal_break",
                json!({"earliest": "12:00", "latest": "14:00", "min_duration_min": 30}),
            )
        },
    );
    // 11:00-12:00, travel 10, wait 12:10-12:40 (30 min): the break, which is not waiting.
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "11:00"), ("v2", "12:40")])]));
    assert!(!codes(&r).iter().any(|c| c.contains("meal")), "a soft finding only");
    assert!(r.soft.is_empty(), "{:#?}", r.soft);
    assert_eq!(r.kpis.waiting_min, 0.0);
    // A wait of 50 min: 30 of them the break, 20 waiting; k2 has no break and waits all 50.
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "11:00"), ("v2", "13:00")])]));
    assert!(r.soft.is_empty(), "{:#?}", r.soft);
    assert_eq!(r.kpis.waiting_min, 20.0);
    let r = fx.check(&fx.rota(&[("k2", 0, &[("v1", "11:00"), ("v2", "13:00")])]));
    assert_eq!(r.kpis.waiting_min, 50.0);
    // A wait of 20 min only, then 13:40-14:40: no gap of 30 min between 12:00 and 14:00.
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "11:00"), ("v2", "12:30"), ("v3", "13:40")])]));
    assert!(!codes(&r).iter().any(|c| c.contains("meal")), "a soft finding only");
    assert_eq!(r.soft.len(), 1, "{:#?}", r.soft);
    assert_eq!((r.soft[0].rule, r.soft[0].carer.as_deref()), ("meal_break_missed", Some("k1")));
    assert_eq!((r.kpis.meal_breaks_missed, r.kpis.soft_cost), (1, 100.0));
    // Free time after the last leg home (from 12:10) holds the break.
    let r = fx.check(&fx.rota(&[("k1", 0, &[("v1", "11:00")])]));
    assert!(r.soft.is_empty(), "{:#?}", r.soft);
    // Another carer's round, and k1's empty days, need nothing.
    let r = fx.check(&fx.rota(&[("k2", 0, &[("v1", "11:00"), ("v2", "12:30"), ("v3", "13:40")])]));
    assert!(r.soft.is_empty());
}
