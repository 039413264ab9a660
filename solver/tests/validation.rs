//! Validation of problem and rota files: one test per rule, each asserting the exact code, JSON
//! path and id of the finding, plus tests that every error is reported together and that no
//! input makes validation panic.

use rota::format::{parse_problem, parse_problem_with_warnings, parse_rota, Findings, InputError, Rota, Severity};
use rota::model::Problem;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// A small valid week: Monday 30 November 2026, two clients (Kent and Milton Keynes), two
/// carers, three visits, one spacing link.
fn base() -> Value {
    json!({
        "format_version": "1.0",
        "name": "base",
        "week_start": "2026-11-30",
        "skills": [{"id": "dementia"}, {"id": "peg-feeding"}],
        "clients": [
            {"id": "c1", "location": {"lat": 51.27, "lon": 1.08}, "profile": "kent", "weekly_hours": 3.5},
            {"id": "c2", "location": {"lat": 52.04, "lon": -0.76}, "profile": "milton-keynes", "weekly_hours": 7.0,
             "required_skills": ["dementia"], "preferred_carers": ["k1"], "excluded_carers": ["k2"],
             "key_carer": "k1"}
        ],
        "carers": [
            {"id": "k1", "home": {"lat": 51.28, "lon": 1.07},
             "skills": [{"skill": "dementia", "expires": "2019-01-01"}, {"skill": "peg-feeding"}],
             "availability": [
                 {"date": "2026-11-30", "start": "07:00", "end": "14:00"},
                 {"date": "2026-11-30", "start": "16:00", "end": "22:00"},
                 {"date": "2026-12-01", "start": "07:00", "end": "22:00"}
             ],
             "max_hours_per_day": 10.0, "max_hours_per_week": 40.0, "contracted_hours": 30.0},
            {"id": "k2", "home": {"lat": 51.30, "lon": 1.10},
             "start_location": {"lat": 51.29, "lon": 1.09}, "end_location": {"lat": 51.29, "lon": 1.09},
             "availability": [
                 {"date": "2026-11-30", "start": "22:00", "end": "31:00"},
                 {"date": "2026-12-01", "start": "07:00", "end": "15:00"}
             ]}
        ],
        "visits": [
            {"id": "v1", "client": "c1", "date": "2026-11-30", "start": "08:00", "duration_min": 30,
             "links": [{"visit": "v2", "min_gap_min": 240}]},
            {"id": "v2", "client": "c1", "date": "2026-11-30", "start": "18:00", "duration_min": 45},
            {"id": "v3", "client": "c2", "date": "2026-12-01", "start": "09:00", "duration_min": 30,
             "carers_required": 2, "skills": ["peg-feeding"],
             "window": {"earliest": "08:30", "latest": "09:30"}}
        ]
    })
}

/// Every finding (errors and warnings) for a problem.
fn findings(problem: &Value) -> Vec<InputError> {
    findings_of_text(&problem.to_string())
}

fn findings_of_text(text: &str) -> Vec<InputError> {
    match parse_problem_with_warnings(text, "p.json") {
        Ok((_, warnings)) => warnings.0,
        Err(errors) => errors.0,
    }
}

/// The findings with this code.
fn with_code<'a>(all: &'a [InputError], code: &str) -> Vec<&'a InputError> {
    all.iter().filter(|e| e.code == code).collect()
}

/// Assert that the problem has exactly one finding with `code`, at `path`, for `id`.
#[track_caller]
fn assert_one(problem: &Value, code: &str, path: &str, id: Option<&str>) -> InputError {
    let all = findings(problem);
    let hits = with_code(&all, code);
    assert_eq!(hits.len(), 1, "expected one {code}, got: {all:#?}");
    let e = hits[0].clone();
    assert_eq!(e.path, path, "{e:#?}");
    assert_eq!(e.id.as_deref(), id, "{e:#?}");
    assert_eq!(e.file, "p.json");
    assert!(!e.message.is_empty());
    e
}

/// Assert one error (not a warning).
#[track_caller]
fn assert_error(problem: &Value, code: &str, path: &str, id: Option<&str>) -> InputError {
    let e = assert_one(problem, code, path, id);
    assert_eq!(e.severity, Severity::Error, "{e:#?}");
    assert!(parse_problem(&problem.to_string(), "p.json").is_err());
    e
}

/// Assert one warning, and that the problem still loads.
#[track_caller]
fn assert_warning(problem: &Value, code: &str, path: &str, id: Option<&str>) -> InputError {
    let e = assert_one(problem, code, path, id);
    assert_eq!(e.severity, Severity::Warning, "{e:#?}");
    assert!(parse_problem(&problem.to_string(), "p.json").is_ok(), "{:#?}", findings(problem));
    e
}

fn valid(problem: &Value) -> Problem {
    match parse_problem(&problem.to_string(), "p.json") {
        Ok(p) => p,
        Err(e) => panic!("expected a valid problem, got:\n{e}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The base, reading errors, and everything together.

#[test]
fn the_base_problem_is_valid_with_no_findings() {
    assert_eq!(findings(&base()), Vec::new());
    let p = valid(&base());
    assert_eq!(p.visits.len(), 3);
}

#[test]
fn malformed_json_is_reported_with_its_position() {
    let all = findings_of_text("{\"format_version\": \"1.0\",\n \"visits\": [}");
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0].code, "malformed_json");
    assert_eq!(all[0].path, "$");
    assert!(all[0].message.contains("line 2"), "{}", all[0].message);
}

#[test]
fn a_wrong_type_and_a_missing_field_in_two_visits_are_both_reported() {
    let mut p = base();
    p["visits"][0]["duration_min"] = json!("thirty");
    p["visits"][2].as_object_mut().unwrap().remove("client");
    let all = findings(&p);
    let wrong = with_code(&all, "wrong_type");
    assert_eq!(wrong.len(), 1, "{all:#?}");
    assert_eq!(wrong[0].path, "$.visits[0].duration_min");
    assert_eq!(wrong[0].id.as_deref(), Some("v1"));
    let missing = with_code(&all, "missing_field");
    assert_eq!(missing.len(), 1, "{all:#?}");
    assert_eq!(missing[0].path, "$.visits[2]");
    assert_eq!(missing[0].id.as_deref(), Some("v3"));
    assert!(missing[0].message.contains("client"));
}

#[test]
fn several_different_errors_are_all_reported_together() {
    let mut p = base();
    p["format_version"] = json!("0.9");
    p["week_start"] = json!("2026-12-01");
    p["clients"][1]["id"] = json!("c1");
    p["visits"][0]["client"] = json!("nobody");
    p["visits"][1]["duration_min"] = json!(0);
    p["visits"][2]["carers_required"] = json!(5);
    p["carers"][0]["home"]["lat"] = json!(123.0);
    p["carers"][1]["availability"][1]["start"] = json!("06:00");
    p["carers"][0]["availability"][2]["date"] = json!("2026-12-25");
    p["visits"][1]["links"] = json!([{"visit": "v2"}]);
    let all = findings(&p);
    let codes: BTreeSet<&str> = all.iter().map(|e| e.code).collect();
    for code in [
        "unsupported_version",
        "week_start_not_monday",
        "duplicate_id",
        "unknown_reference",
        "non_positive_duration",
        "carers_required_out_of_range",
        "bad_coordinates",
        "overlapping_availability",
        "date_outside_week",
        "invalid_link",
    ] {
        assert!(codes.contains(code), "{code} missing from {all:#?}");
    }
    let errors = parse_problem(&p.to_string(), "p.json").unwrap_err();
    assert!(errors.errors().count() >= 10, "{errors}");
    // Every finding names the file and a path.
    assert!(errors.0.iter().all(|e| e.file == "p.json" && e.path.starts_with('$')));
}

#[test]
fn a_negative_overrun_is_reported_with_the_carer() {
    let mut p = base();
    p["carers"][1]["overrun_min"] = json!(-5);
    let e = assert_error(&p, "invalid_value", "$.carers[1].overrun_min", p["carers"][1]["id"].as_str());
    assert!(e.message.contains("-5"), "{}", e.message);
}

#[test]
fn an_optional_group_on_a_visit_that_is_not_optional_is_reported() {
    let mut p = base();
    p["visits"][2]["optional_group"] = json!("pair");
    let e = assert_error(&p, "invalid_value", "$.visits[2].optional_group", p["visits"][2]["id"].as_str());
    assert!(e.message.contains("not optional"), "{}", e.message);
    p["visits"][2]["optional"] = json!(true);
    assert!(parse_problem(&p.to_string(), "p.json").is_ok());
}

// ---------------------------------------------------------------------------------------------
// 1. Version and week.

#[test]
fn format_version_must_be_1_0() {
    let mut p = base();
    p["format_version"] = json!("2.0");
    assert_error(&p, "unsupported_version", "$.format_version", None);
}

#[test]
fn week_start_must_be_a_monday() {
    let mut p = base();
    p["week_start"] = json!("2026-12-02");
    let e = assert_error(&p, "week_start_not_monday", "$.week_start", None);
    assert!(e.message.contains("Wednesday"), "{}", e.message);
}

#[test]
fn a_week_start_at_the_end_of_the_calendar_is_reported_not_a_panic() {
    for date in ["+262142-12-31", "-262143-01-01"] {
        let mut p = base();
        p["week_start"] = json!(date);
        let all = findings(&p);
        if all.iter().all(|e| e.code == "wrong_type" || e.code == "invalid_value") && !all.is_empty() {
            continue; // chrono did not read the date at all: also fine
        }
        assert!(all.iter().any(|e| e.code == "invalid_week_start"), "{date}: {all:#?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Duplicate ids.

#[test]
fn a_duplicate_visit_id_is_reported_at_its_second_use() {
    let mut p = base();
    p["visits"][2]["id"] = json!("v1");
    let e = assert_error(&p, "duplicate_id", "$.visits[2].id", Some("v1"));
    assert!(e.message.contains("$.visits[0]"), "{}", e.message);
}

#[test]
fn duplicate_ids_are_reported_in_each_list() {
    let mut p = base();
    p["skills"][1]["id"] = json!("dementia");
    p["clients"][1]["id"] = json!("c1");
    p["carers"][1]["id"] = json!("k1");
    let all = findings(&p);
    let paths: BTreeSet<&str> = with_code(&all, "duplicate_id").iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, BTreeSet::from(["$.skills[1].id", "$.clients[1].id", "$.carers[1].id"]));
}

#[test]
fn an_id_may_repeat_across_lists() {
    let mut p = base();
    p["carers"][0]["id"] = json!("c1");
    p["clients"][1]["key_carer"] = json!("c1");
    p["clients"][1]["preferred_carers"] = json!(["c1"]);
    assert!(with_code(&findings(&p), "duplicate_id").is_empty());
}

#[test]
fn an_empty_id_is_invalid() {
    let mut p = base();
    p["skills"][0]["id"] = json!("");
    p["clients"][1]["required_skills"] = json!([]);
    p["carers"][0]["skills"] = json!([]);
    assert_error(&p, "invalid_value", "$.skills[0].id", Some(""));
}

// ---------------------------------------------------------------------------------------------
// 3. Unknown references.

#[test]
fn a_visit_of_an_unknown_client_is_reported_and_skipped_quietly() {
    let mut p = base();
    // A short call of an unknown client: no short-call or grid finding can be made for it.
    p["visits"][1]["client"] = json!("c9");
    p["visits"][1]["duration_min"] = json!(10);
    let all = findings(&p);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_error(&p, "unknown_reference", "$.visits[1].client", Some("v2"));
}

#[test]
fn unknown_skills_are_reported_where_they_are_named() {
    let mut p = base();
    p["visits"][2]["skills"] = json!(["peg-feeding", "hoist"]);
    assert_error(&p, "unknown_reference", "$.visits[2].skills[1]", Some("v3"));

    let mut p = base();
    p["clients"][1]["required_skills"] = json!(["bsl"]);
    assert_error(&p, "unknown_reference", "$.clients[1].required_skills[0]", Some("c2"));

    let mut p = base();
    p["carers"][0]["skills"][1]["skill"] = json!("peg");
    assert_error(&p, "unknown_reference", "$.carers[0].skills[1].skill", Some("k1"));
}

#[test]
fn unknown_carers_named_by_a_client_are_reported() {
    let mut p = base();
    p["clients"][1]["excluded_carers"] = json!(["k7"]);
    assert_error(&p, "unknown_reference", "$.clients[1].excluded_carers[0]", Some("c2"));

    let mut p = base();
    p["clients"][1]["preferred_carers"] = json!(["k1", "k8"]);
    assert_error(&p, "unknown_reference", "$.clients[1].preferred_carers[1]", Some("c2"));

    let mut p = base();
    p["clients"][1]["key_carer"] = json!("k9");
    let e = assert_error(&p, "unknown_reference", "$.clients[1].key_carer", Some("c2"));
    assert!(e.message.contains("k9"));
}

#[test]
fn a_link_to_an_unknown_visit_is_reported() {
    let mut p = base();
    p["visits"][0]["links"][0]["visit"] = json!("v99");
    assert_error(&p, "unknown_reference", "$.visits[0].links[0].visit", Some("v1"));
}

#[test]
fn a_key_carer_the_client_excludes_is_a_conflict() {
    let mut p = base();
    p["clients"][1]["excluded_carers"] = json!(["k1"]);
    assert_error(&p, "conflicting_carers", "$.clients[1].key_carer", Some("c2"));
    assert_warning(
        &{
            let mut p = base();
            p["clients"][1]["key_carer"] = json!(null);
            p["clients"][1]["excluded_carers"] = json!(["k1"]);
            p
        },
        "excluded_preferred_carer",
        "$.clients[1].preferred_carers[0]",
        Some("c2"),
    );
}

#[test]
fn an_unknown_profile_name_is_reported() {
    let mut p = base();
    p["clients"][0]["profile"] = json!("kentish");
    assert_error(&p, "unknown_profile", "$.clients[0].profile", Some("c1"));
}

#[test]
fn a_profile_defined_in_the_problem_is_known() {
    let mut p = base();
    p["profiles"] = json!({"rutland": {"base": "bexley", "call_spacing_min": 0}, "kent": {"travel_paid": true}});
    p["clients"][0]["profile"] = json!("rutland");
    valid(&p);
}

// ---------------------------------------------------------------------------------------------
// 4. Windows.

#[test]
fn a_visit_window_that_ends_before_it_opens_is_an_error() {
    let mut p = base();
    p["visits"][2]["window"] = json!({"earliest": "10:00", "latest": "09:00"});
    assert_error(&p, "window_ends_before_start", "$.visits[2].window", Some("v3"));
}

#[test]
fn an_availability_that_does_not_end_after_it_starts_is_an_error() {
    let mut p = base();
    p["carers"][1]["availability"][1]["end"] = json!("07:00");
    assert_error(&p, "window_ends_before_start", "$.carers[1].availability[1]", Some("k2"));
}

#[test]
fn a_target_outside_its_window_is_a_warning() {
    let mut p = base();
    p["visits"][2]["start"] = json!("10:00");
    assert_warning(&p, "target_outside_window", "$.visits[2].start", Some("v3"));
}

// ---------------------------------------------------------------------------------------------
// 5. Durations, carers required, priority.

#[test]
fn a_visit_must_last_at_least_a_minute() {
    for d in [0, -30] {
        let mut p = base();
        p["visits"][0]["duration_min"] = json!(d);
        assert_error(&p, "non_positive_duration", "$.visits[0].duration_min", Some("v1"));
    }
}

#[test]
fn a_visit_needs_one_to_three_carers() {
    for n in [0, 4, 255] {
        let mut p = base();
        p["visits"][2]["carers_required"] = json!(n);
        assert_error(&p, "carers_required_out_of_range", "$.visits[2].carers_required", Some("v3"));
    }
    let mut p = base();
    p["visits"][2]["carers_required"] = json!(3);
    valid(&p);
}

#[test]
fn priority_zero_is_invalid() {
    let mut p = base();
    p["visits"][1]["priority"] = json!(0);
    assert_error(&p, "invalid_value", "$.visits[1].priority", Some("v2"));
}

// ---------------------------------------------------------------------------------------------
// 6. Coordinates.

#[test]
fn coordinates_off_the_map_are_reported_for_every_location() {
    let mut p = base();
    p["clients"][0]["location"]["lat"] = json!(91.0);
    assert_error(&p, "bad_coordinates", "$.clients[0].location", Some("c1"));

    let mut p = base();
    p["carers"][0]["home"]["lon"] = json!(-180.5);
    assert_error(&p, "bad_coordinates", "$.carers[0].home", Some("k1"));

    let mut p = base();
    p["carers"][1]["start_location"]["lat"] = json!(-1e300);
    assert_error(&p, "bad_coordinates", "$.carers[1].start_location", Some("k2"));

    let mut p = base();
    p["carers"][1]["end_location"]["lon"] = json!(999);
    assert_error(&p, "bad_coordinates", "$.carers[1].end_location", Some("k2"));
}

#[test]
fn coordinates_at_the_edges_of_the_map_are_fine() {
    let mut p = base();
    p["clients"][0]["location"] = json!({"lat": 90.0, "lon": -180.0});
    valid(&p);
}

#[test]
fn a_plane_point_among_map_points_is_reported_once() {
    let mut p = base();
    p["carers"][1]["start_location"] = json!({"x": 3.0, "y": 4.0});
    assert_error(&p, "mixed_coordinates", "$.carers[1].start_location", Some("k2"));
    // All plane points is a valid problem (as the benchmark importers write).
    let mut p = base();
    p["clients"][0]["location"] = json!({"x": 0.0, "y": 0.0});
    p["clients"][1]["location"] = json!({"x": 10.0, "y": 0.0});
    p["carers"][0]["home"] = json!({"x": 5.0, "y": 5.0});
    p["carers"][1]["home"] = json!({"x": 5.0, "y": 5.0});
    p["carers"][1]["start_location"] = json!({"x": 5.0, "y": 6.0});
    p["carers"][1]["end_location"] = json!({"x": 5.0, "y": 6.0});
    valid(&p);
}

// ---------------------------------------------------------------------------------------------
// 7. Overlapping availability.

#[test]
fn overlapping_availability_on_one_date_is_an_error() {
    let mut p = base();
    p["carers"][0]["availability"][1]["start"] = json!("13:00");
    let e = assert_error(&p, "overlapping_availability", "$.carers[0].availability[1]", Some("k1"));
    assert!(e.message.contains("[0]"), "{}", e.message);
}

#[test]
fn a_night_shift_past_midnight_overlaps_the_next_days_window() {
    let mut p = base();
    // k2 works Monday 22:00 to Tuesday 07:00 (31:00); a Tuesday window from 06:00 overlaps it.
    p["carers"][1]["availability"][1]["start"] = json!("06:00");
    assert_error(&p, "overlapping_availability", "$.carers[1].availability[1]", Some("k2"));
}

#[test]
fn windows_that_only_touch_do_not_overlap() {
    let mut p = base();
    p["carers"][0]["availability"][1]["start"] = json!("14:00");
    // Listed out of order, and Tuesday's window starts as Monday's night shift ends.
    p["carers"][1]["availability"] = json!([
        {"date": "2026-12-01", "start": "07:00", "end": "15:00"},
        {"date": "2026-11-30", "start": "22:00", "end": "31:00"}
    ]);
    valid(&p);
}

#[test]
fn each_overlapping_window_is_reported_once() {
    let mut p = base();
    p["carers"][0]["availability"] = json!([
        {"date": "2026-11-30", "start": "07:00", "end": "22:00"},
        {"date": "2026-11-30", "start": "08:00", "end": "09:00"},
        {"date": "2026-11-30", "start": "10:00", "end": "11:00"},
        {"date": "2026-12-01", "start": "07:00", "end": "22:00"}
    ]);
    let all = findings(&p);
    let paths: Vec<&str> = with_code(&all, "overlapping_availability").iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["$.carers[0].availability[1]", "$.carers[0].availability[2]"]);
}

// ---------------------------------------------------------------------------------------------
// 8. Dates outside the week.

#[test]
fn a_visit_date_outside_the_week_is_an_error() {
    for date in ["2026-11-29", "2026-12-07"] {
        let mut p = base();
        p["visits"][1]["date"] = json!(date);
        assert_error(&p, "date_outside_week", "$.visits[1].date", Some("v2"));
    }
    let mut p = base();
    p["visits"][1]["date"] = json!("2026-12-06");
    valid(&p);
}

#[test]
fn an_availability_date_outside_the_week_is_an_error() {
    let mut p = base();
    p["carers"][1]["availability"][0]["date"] = json!("2026-12-07");
    assert_error(&p, "date_outside_week", "$.carers[1].availability[0].date", Some("k2"));
}

#[test]
fn skill_expiry_dates_may_be_any_date() {
    let mut p = base();
    p["carers"][0]["skills"][0]["expires"] = json!("2099-12-31");
    p["carers"][0]["skills"][1]["expires"] = json!("1999-01-01");
    valid(&p);
}

// ---------------------------------------------------------------------------------------------
// 9. Links.

#[test]
fn a_link_to_itself_is_invalid() {
    let mut p = base();
    p["visits"][1]["links"] = json!([{"visit": "v2", "min_gap_min": 0, "max_gap_min": 0}]);
    assert_error(&p, "invalid_link", "$.visits[1].links[0].visit", Some("v2"));
}

#[test]
fn a_link_with_max_below_min_is_invalid() {
    let mut p = base();
    p["visits"][0]["links"] = json!([{"visit": "v2", "min_gap_min": 60, "max_gap_min": 30}]);
    assert_error(&p, "invalid_link", "$.visits[0].links[0]", Some("v1"));
    assert!(with_code(&findings(&p), "unsatisfiable_links").is_empty());
}

/// Visits a..=e for client c1 on Monday at 12:00 (wide windows), with the given links.
fn linked(links: &[(&str, &str, i32, Option<i32>)]) -> Value {
    let mut p = base();
    let ids = ["a", "b", "c", "d", "e"];
    let mut visits: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({"id": id, "client": "c1", "date": "2026-12-02", "start": "12:00", "duration_min": 30,
                   "window": {"earliest": "00:00", "latest": "47:00"}})
        })
        .collect();
    for &(from, to, min, max) in links {
        let i = ids.iter().position(|x| *x == from).unwrap();
        let mut link = json!({"visit": to, "min_gap_min": min});
        if let Some(max) = max {
            link["max_gap_min"] = json!(max);
        }
        if visits[i].get("links").is_none() {
            visits[i]["links"] = json!([]);
        }
        visits[i]["links"].as_array_mut().unwrap().push(link);
    }
    p["visits"].as_array_mut().unwrap().extend(visits);
    p
}

#[test]
fn a_cycle_of_links_that_no_start_times_meet_is_reported_on_each_visit() {
    // b ≥ a + 30, c ≥ b + 30, but c ≤ a + 45.
    let p = linked(&[("a", "b", 30, None), ("b", "c", 30, None), ("a", "c", 0, Some(45))]);
    let all = findings(&p);
    let hits = with_code(&all, "unsatisfiable_links");
    let reported: Vec<(&str, Option<&str>)> = hits.iter().map(|e| (e.path.as_str(), e.id.as_deref())).collect();
    assert_eq!(
        reported.iter().copied().collect::<BTreeSet<_>>(),
        BTreeSet::from([
            ("$.visits[3].links", Some("a")),
            ("$.visits[4].links", Some("b")),
            ("$.visits[5].links", Some("c"))
        ]),
        "{all:#?}"
    );
    assert_eq!(reported.len(), 3, "each visit once: {all:#?}");
    assert!(hits.iter().all(|e| e.severity == Severity::Error));
    // The message names the cycle and how much it gains.
    assert!(
        hits[0].message.contains("\"a\"") && hits[0].message.contains("15 min after itself"),
        "{}",
        hits[0].message
    );
}

#[test]
fn links_that_can_all_hold_are_fine() {
    // Synchronised a and b, c 30-90 after a, d at least 240 after c, e synchronised with d via
    // links in both directions.
    let p = linked(&[
        ("a", "b", 0, Some(0)),
        ("a", "c", 30, Some(90)),
        ("c", "d", 240, None),
        ("d", "e", 0, Some(0)),
        ("e", "d", 0, Some(0)),
        ("b", "a", -5, Some(5)),
    ]);
    valid(&p);
}

#[test]
fn two_separate_impossible_cycles_are_both_reported() {
    let p = linked(&[
        ("a", "b", 10, None),
        ("b", "a", 10, None),
        ("c", "d", 0, Some(0)),
        ("d", "e", 5, None),
        ("e", "c", 0, None),
    ]);
    let all = findings(&p);
    let ids: BTreeSet<&str> = with_code(&all, "unsatisfiable_links").iter().filter_map(|e| e.id.as_deref()).collect();
    assert_eq!(ids, BTreeSet::from(["a", "b", "c", "d", "e"]), "{all:#?}");
}

#[test]
fn two_impossible_cycles_sharing_a_group_are_both_reported() {
    // One group a-b-c-d-e: a and b push each other apart, so do d and e; c joins them.
    let p = linked(&[
        ("a", "b", 10, None),
        ("b", "a", 10, None),
        ("b", "c", 0, None),
        ("c", "d", 0, None),
        ("d", "e", 1, Some(1)),
        ("e", "d", 1, None),
    ]);
    let all = findings(&p);
    let ids: BTreeSet<&str> = with_code(&all, "unsatisfiable_links").iter().filter_map(|e| e.id.as_deref()).collect();
    assert_eq!(ids, BTreeSet::from(["a", "b", "d", "e"]), "{all:#?}");
}

#[test]
fn a_link_the_visits_windows_cannot_meet_is_a_warning() {
    let mut p = base();
    // v2 (Monday 18:00, Kent: start within ±44 min) must start 1-2 hours after v1 (08:00).
    p["visits"][0]["links"] = json!([{"visit": "v2", "min_gap_min": 60, "max_gap_min": 120}]);
    let e = assert_warning(&p, "link_window_conflict", "$.visits[0].links[0]", Some("v1"));
    assert!(e.message.contains("v2"), "{}", e.message);
    // Within reach of the punctuality tolerance it is fine.
    p["visits"][0]["links"] = json!([{"visit": "v2", "min_gap_min": 600, "max_gap_min": 650}]);
    assert_eq!(findings(&p), Vec::new());
}

#[test]
fn many_linked_visits_are_checked_quickly() {
    // 5000 visits in 50 groups of 100, each group a chain of synchronised visits, the last
    // group closing into an impossible cycle.
    let mut p = base();
    let mut visits = Vec::new();
    for g in 0..50 {
        for k in 0..100 {
            let mut v = json!({"id": format!("g{g}-{k}"), "client": "c1", "date": "2026-12-03", "start": "12:00",
                               "duration_min": 30, "window": {"earliest": "00:00", "latest": "47:00"}});
            if k + 1 < 100 {
                v["links"] = json!([{"visit": format!("g{g}-{}", k + 1), "min_gap_min": 0, "max_gap_min": 0}]);
            } else if g == 49 {
                v["links"] = json!([{"visit": format!("g{g}-0"), "min_gap_min": 1}]);
            }
            visits.push(v);
        }
    }
    p["visits"] = json!(visits);
    // (Tests assert no timings; a search that blew up on these 5,000 links would hang here.)
    let all = findings(&p);
    let hits = with_code(&all, "unsatisfiable_links");
    assert_eq!(hits.len(), 100, "{:#?}", &all[..all.len().min(5)]);
    assert!(hits.iter().all(|e| e.id.as_deref().is_some_and(|id| id.starts_with("g49-"))));
}

#[test]
fn a_long_chain_of_links_in_any_order_ends_in_a_named_cycle() {
    // 100,000 visits, each to start at least a minute after the one after it in the file (the
    // worst order for Bellman-Ford in file order: one link learnt a pass), and the first two
    // closing an impossible cycle. (No timings asserted: before the passes followed the links'
    // order and looked for cycles after each, `rota validate` took 38 s on such a file, and a
    // chain ten times as long would take an hour.)
    let n = 100_000;
    let mut p = base();
    let visits: Vec<Value> = (0..n)
        .map(|k| {
            let mut v = json!({"id": format!("v{k}"), "client": "c1", "date": "2026-12-03", "start": "12:00",
                               "duration_min": 30});
            if k > 0 {
                v["links"] = json!([{"visit": format!("v{}", k - 1), "min_gap_min": 1}]);
            } else {
                v["links"] = json!([{"visit": "v1", "min_gap_min": 1}]);
            }
            v
        })
        .collect();
    p["visits"] = json!(visits);
    let all = findings(&p);
    let ids: BTreeSet<&str> = with_code(&all, "unsatisfiable_links").iter().filter_map(|e| e.id.as_deref()).collect();
    assert_eq!(ids, BTreeSet::from(["v0", "v1"]));
}

mod link_cycles {
    use super::*;
    use proptest::prelude::*;

    /// For each node, whether it lies on a closed walk of positive weight (Floyd-Warshall for
    /// longest walks, fine for five nodes).
    fn on_positive_cycle(n: usize, links: &[(usize, usize, i32, Option<i32>)]) -> Vec<bool> {
        const NONE: i64 = i64::MIN / 4;
        let mut d = vec![vec![NONE; n]; n];
        for &(a, b, min, max) in links {
            if max.is_some_and(|max| max < min) {
                continue; // an invalid link, reported on its own and left out
            }
            d[a][b] = d[a][b].max(min.into());
            if let Some(max) = max {
                d[b][a] = d[b][a].max(-i64::from(max));
            }
        }
        for k in 0..n {
            for i in 0..n {
                for j in 0..n {
                    if d[i][k] > NONE && d[k][j] > NONE {
                        d[i][j] = d[i][j].max((d[i][k] + d[k][j]).min(i64::MAX / 8));
                    }
                }
            }
        }
        (0..n).map(|i| d[i][i] > 0).collect()
    }

    fn link() -> impl Strategy<Value = (usize, usize, i32, Option<i32>)> {
        (0..5usize, 1..5usize, -60..60i32, proptest::option::of(-60..90i32))
            .prop_map(|(a, step, min, max)| (a, (a + step) % 5, min, max))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn links_are_reported_exactly_when_no_start_times_meet_them(links in proptest::collection::vec(link(), 0..9)) {
            let names = ["a", "b", "c", "d", "e"];
            let named: Vec<_> = links.iter().map(|&(a, b, min, max)| (names[a], names[b], min, max)).collect();
            let all = findings(&linked(&named));
            let reported: BTreeSet<&str> =
                with_code(&all, "unsatisfiable_links").iter().filter_map(|e| e.id.as_deref()).collect();
            let truth = on_positive_cycle(5, &links);
            let infeasible = truth.iter().any(|&t| t);
            prop_assert_eq!(!reported.is_empty(), infeasible, "{:?}: {:#?}", links, all);
            for (i, name) in names.iter().enumerate() {
                if reported.contains(name) {
                    prop_assert!(truth[i], "{} is on no positive cycle: {:?}: {:#?}", name, links, all);
                }
            }
            if infeasible {
                prop_assert!(reported.len() >= 2);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 10. Short calls and the billing grid.

#[test]
fn a_short_call_needs_authorisation_where_the_profile_bans_them() {
    let mut p = base();
    p["visits"][2]["duration_min"] = json!(15);
    let e = assert_error(&p, "short_call_not_authorised", "$.visits[2].duration_min", Some("v3"));
    assert!(e.message.contains("milton-keynes"), "{}", e.message);
    // Authorised, it is fine, and not warned about as off the grid either.
    p["visits"][2]["short_call_authorised"] = json!(true);
    assert_eq!(findings(&p), Vec::new());
}

#[test]
fn a_profile_override_can_lift_the_short_call_ban() {
    let mut p = base();
    p["visits"][2]["duration_min"] = json!(20);
    p["profiles"] = json!({"milton-keynes": {"short_call_max_min": 0}});
    valid(&p);
    p["profiles"] = json!({"milton-keynes": {"short_call_max_min": 20}});
    assert_error(&p, "short_call_not_authorised", "$.visits[2].duration_min", Some("v3"));
}

#[test]
fn a_visit_off_the_billing_grid_is_a_warning() {
    // Kent bills 30 minutes plus steps of 15.
    let mut p = base();
    p["visits"][1]["duration_min"] = json!(50);
    assert_warning(&p, "off_unit_grid", "$.visits[1].duration_min", Some("v2"));
    // Below the minimum; Kent has no short-call ban, so only the warning.
    p["visits"][1]["duration_min"] = json!(15);
    assert_warning(&p, "off_unit_grid", "$.visits[1].duration_min", Some("v2"));
    // Milton Keynes: 20 plus steps of 5.
    let mut p = base();
    p["visits"][2]["duration_min"] = json!(32);
    assert_warning(&p, "off_unit_grid", "$.visits[2].duration_min", Some("v3"));
    p["visits"][2]["duration_min"] = json!(95);
    valid(&p);
    assert_eq!(findings(&p), Vec::new());
}

// ---------------------------------------------------------------------------------------------
// 11. Hours and break rules.

#[test]
fn negative_hours_are_invalid() {
    for field in ["max_hours_per_day", "max_hours_per_week", "contracted_hours", "hourly_rate"] {
        let mut p = base();
        p["carers"][1][field] = json!(-1.0);
        assert_error(&p, "invalid_value", &format!("$.carers[1].{field}"), Some("k2"));
    }
    let mut p = base();
    p["clients"][1]["weekly_hours"] = json!(-0.5);
    assert_error(&p, "invalid_value", "$.clients[1].weekly_hours", Some("c2"));
    let mut p = base();
    p["clients"][1]["weekly_hours"] = json!(0.0);
    valid(&p);
}

#[test]
fn a_break_rule_needs_positive_values() {
    let mut p = base();
    p["working_time"] = json!({"break_rule": {"after_hours": 0.0, "break_min": 20}});
    assert_error(&p, "invalid_value", "$.working_time.break_rule.after_hours", None);

    let mut p = base();
    p["carers"][0]["working_time"] = json!({"break_rule": {"after_hours": 6.0, "break_min": -5}});
    assert_error(&p, "invalid_value", "$.carers[0].working_time.break_rule.break_min", Some("k1"));

    let mut p = base();
    p["working_time"] = json!({"break_rule": {"after_hours": 6.0, "break_min": 20}});
    valid(&p);
}

// ---------------------------------------------------------------------------------------------
// 12. Profiles defined in the problem.

#[test]
fn a_profile_base_must_be_built_in() {
    let mut p = base();
    p["profiles"] = json!({"rutland": {"base": "kent"}, "oakham": {"base": "rutland"}});
    assert_error(&p, "unknown_profile", "$.profiles.oakham.base", Some("oakham"));
}

#[test]
fn a_client_of_a_profile_with_a_bad_base_is_skipped_quietly() {
    let mut p = base();
    p["profiles"] = json!({"oakham": {"base": "nowhere"}});
    p["clients"][0]["profile"] = json!("oakham");
    p["visits"][0]["duration_min"] = json!(7);
    let all = findings(&p);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_error(&p, "unknown_profile", "$.profiles.oakham.base", Some("oakham"));
}

#[test]
fn negative_profile_tolerances_are_invalid() {
    let mut p = base();
    p["profiles"] = json!({"kent": {"time_critical_tolerance_min": -15}});
    assert_error(&p, "invalid_value", "$.profiles.kent.time_critical_tolerance_min", Some("kent"));
    let mut p = base();
    p["profiles"] = json!({"kent": {"punctuality_tolerance_min": 0}});
    assert_error(&p, "invalid_value", "$.profiles.kent.punctuality_tolerance_min", Some("kent"));
    let mut p = base();
    p["profiles"] = json!({"kent": {"visit_units": {"minimum_min": 30, "step_min": 0}}});
    assert_error(&p, "invalid_value", "$.profiles.kent.visit_units.step_min", Some("kent"));
}

#[test]
fn continuity_bands_must_increase_and_have_sensible_caps() {
    let bands = |bands: Value| {
        let mut p = base();
        p["profiles"] = json!({"custom-hf": {"base": "hammersmith-fulham", "continuity": {"bands": bands}}});
        p
    };
    let p = bands(json!([{"up_to_hours": 10.0, "target": 3, "max": 5}, {"up_to_hours": 3.0, "target": 1, "max": 3}]));
    assert_error(&p, "invalid_value", "$.profiles.custom-hf.continuity.bands[1].up_to_hours", Some("custom-hf"));
    let p = bands(json!([{"up_to_hours": 3.0, "target": 4, "max": 3}]));
    assert_error(&p, "invalid_value", "$.profiles.custom-hf.continuity.bands[0].target", Some("custom-hf"));
    let p = bands(json!([{"up_to_hours": null, "target": 0, "max": 0}]));
    assert_error(&p, "invalid_value", "$.profiles.custom-hf.continuity.bands[0].max", Some("custom-hf"));
    let p = bands(json!([{"up_to_hours": null, "target": 1, "max": 3}, {"up_to_hours": 5.0, "target": 1, "max": 3}]));
    assert_error(&p, "invalid_value", "$.profiles.custom-hf.continuity.bands[0].up_to_hours", Some("custom-hf"));
    let p = bands(json!([{"up_to_hours": 3.0, "target": 1, "max": 3}, {"up_to_hours": null, "target": 5, "max": 8}]));
    valid(&p);
}

// ---------------------------------------------------------------------------------------------
// Never panic.

/// Every leaf and every object of `v`, each replaced in turn by each odd value.
fn mutations(v: &Value) -> Vec<Value> {
    const ODD: [&str; 14] = [
        "null",
        "-1",
        "0",
        "4294967296",
        "-2147483648",
        "1e308",
        "-1e308",
        "\"\"",
        "\"99:99\"",
        "\"2026-02-30\"",
        "\"47:59\"",
        "[]",
        "{}",
        "[{}]",
    ];
    fn paths(v: &Value, at: Vec<Value>, out: &mut Vec<Vec<Value>>) {
        out.push(at.clone());
        match v {
            Value::Object(m) => m.iter().for_each(|(k, x)| {
                let mut p = at.clone();
                p.push(json!(k));
                paths(x, p, out)
            }),
            Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
                let mut p = at.clone();
                p.push(json!(i));
                paths(x, p, out)
            }),
            _ => {}
        }
    }
    let mut all = Vec::new();
    paths(v, Vec::new(), &mut all);
    let mut out = Vec::new();
    for path in all.iter().filter(|p| !p.is_empty()) {
        for odd in ODD {
            let mut m = v.clone();
            let mut slot = &mut m;
            for key in path {
                slot = match key {
                    Value::String(k) => &mut slot[k.as_str()],
                    Value::Number(i) => &mut slot[i.as_u64().unwrap() as usize],
                    _ => unreachable!(),
                };
            }
            *slot = serde_json::from_str(odd).unwrap();
            out.push(m);
        }
    }
    out
}

#[test]
fn no_mutation_of_the_base_problem_makes_validation_panic() {
    let mut p = base();
    // Include links and a profile, so those are mutated too.
    p["visits"][2]["links"] = json!([{"visit": "v1", "min_gap_min": -30, "max_gap_min": 600}]);
    p["profiles"] =
        json!({"rutland": {"base": "bexley", "continuity": {"bands": [{"up_to_hours": 3.0, "target": 1, "max": 2}]}}});
    let all = mutations(&p);
    assert!(all.len() > 1000);
    for m in all {
        // Any result will do, as long as it comes back.
        let _ = findings(&m);
    }
}

#[test]
fn garbage_is_reported_not_a_panic() {
    for text in ["", "[]", "null", "5", "\"x\"", "{}", r#"{"clients": 5}"#, r#"{"visits": [1, "a", null, []]}"#] {
        let all = findings_of_text(text);
        assert!(!all.is_empty(), "{text:?}");
        assert!(all.iter().all(|e| e.severity == Severity::Error), "{text:?}: {all:#?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 15. Rota files.

fn base_rota() -> Value {
    json!({
        "format_version": "1.0",
        "problem": "base",
        "rounds": [
            {"carer": "k1", "date": "2026-11-30", "visits": [
                {"visit": "v1", "start": "08:00", "end": "08:30", "travel_min": 10, "wait_min": 0},
                {"visit": "v2", "start": "18:00", "end": "18:45", "travel_min": 10, "wait_min": 5}
            ], "return_travel_min": 10},
            {"carer": "k1", "date": "2026-12-01", "visits": [
                {"visit": "v3", "start": "09:00", "end": "09:30", "travel_min": 20, "wait_min": 0}
            ]}
        ],
        "unassigned": [{"visit": "v3", "seats": 1, "reason": "no_second_carer"}]
    })
}

fn rota_findings(rota: &Value) -> Vec<InputError> {
    let problem = valid(&base());
    match parse_rota(&rota.to_string(), "r.json", &problem) {
        Ok(_) => Vec::new(),
        Err(e) => e.0,
    }
}

#[track_caller]
fn assert_rota_error(rota: &Value, code: &str, path: &str, id: Option<&str>) {
    let all = rota_findings(rota);
    let hits = with_code(&all, code);
    assert_eq!(hits.len(), 1, "expected one {code}, got: {all:#?}");
    assert_eq!(hits[0].path, path, "{:#?}", hits[0]);
    assert_eq!(hits[0].id.as_deref(), id, "{:#?}", hits[0]);
    assert_eq!(hits[0].file, "r.json");
    assert_eq!(hits[0].severity, Severity::Error);
}

#[test]
fn the_base_rota_is_valid() {
    assert_eq!(rota_findings(&base_rota()), Vec::new());
}

#[test]
fn a_rota_format_version_must_be_1_0() {
    let mut r = base_rota();
    r["format_version"] = json!("1.1");
    assert_rota_error(&r, "unsupported_version", "$.format_version", None);
}

#[test]
fn unknown_carers_and_visits_in_a_rota_are_reported() {
    let mut r = base_rota();
    r["rounds"][1]["carer"] = json!("k9");
    assert_rota_error(&r, "unknown_reference", "$.rounds[1].carer", Some("k9"));

    let mut r = base_rota();
    r["rounds"][0]["visits"][1]["visit"] = json!("v9");
    assert_rota_error(&r, "unknown_reference", "$.rounds[0].visits[1].visit", Some("v9"));

    let mut r = base_rota();
    r["unassigned"][0]["visit"] = json!("v8");
    assert_rota_error(&r, "unknown_reference", "$.unassigned[0].visit", Some("v8"));
}

#[test]
fn a_round_date_outside_the_week_is_an_error() {
    let mut r = base_rota();
    r["rounds"][1]["date"] = json!("2026-12-08");
    r["rounds"][1]["visits"] = json!([]);
    assert_rota_error(&r, "date_outside_week", "$.rounds[1].date", Some("k1"));
}

#[test]
fn two_rounds_for_one_carer_and_date_are_an_error() {
    let mut r = base_rota();
    r["rounds"][1]["date"] = json!("2026-11-30");
    r["rounds"][1]["visits"] = json!([]);
    assert_rota_error(&r, "duplicate_round", "$.rounds[1]", Some("k1"));
}

#[test]
fn a_visit_planned_on_another_date_is_an_error() {
    let mut r = base_rota();
    r["rounds"][1]["date"] = json!("2026-12-02");
    assert_rota_error(&r, "wrong_date", "$.rounds[1].visits[0]", Some("v3"));
}

#[test]
fn bad_planned_times_are_invalid() {
    let mut r = base_rota();
    r["rounds"][0]["visits"][0]["end"] = json!("07:59");
    assert_rota_error(&r, "invalid_value", "$.rounds[0].visits[0].end", Some("v1"));

    let mut r = base_rota();
    r["rounds"][0]["visits"][1]["travel_min"] = json!(-3);
    assert_rota_error(&r, "invalid_value", "$.rounds[0].visits[1].travel_min", Some("v2"));

    let mut r = base_rota();
    r["rounds"][0]["visits"][1]["wait_min"] = json!(-1);
    assert_rota_error(&r, "invalid_value", "$.rounds[0].visits[1].wait_min", Some("v2"));

    let mut r = base_rota();
    r["rounds"][0]["return_travel_min"] = json!(-1);
    assert_rota_error(&r, "invalid_value", "$.rounds[0].return_travel_min", Some("k1"));
}

#[test]
fn unassigned_seats_must_fit_the_visit() {
    for seats in [0, 3] {
        let mut r = base_rota();
        r["unassigned"][0]["seats"] = json!(seats);
        assert_rota_error(&r, "invalid_value", "$.unassigned[0].seats", Some("v3"));
    }
    let mut r = base_rota();
    r["unassigned"] = json!([{"visit": "v1", "seats": 2, "reason": "cancelled"}]);
    assert_rota_error(&r, "invalid_value", "$.unassigned[0].seats", Some("v1"));
}

#[test]
fn every_rota_error_is_reported_together() {
    let mut r = base_rota();
    r["format_version"] = json!("9");
    r["rounds"][0]["carer"] = json!("k9");
    r["rounds"][1]["visits"][0]["visit"] = json!("v7");
    r["rounds"][1]["visits"][0]["wait_min"] = json!(-2);
    r["unassigned"][0]["seats"] = json!(0);
    let all = rota_findings(&r);
    let codes: Vec<&str> = all.iter().map(|e| e.code).collect();
    assert_eq!(all.len(), 5, "{all:#?}");
    assert!(codes.contains(&"unsupported_version") && codes.contains(&"invalid_value"));
}

#[test]
fn a_rota_for_another_problem_draws_a_warning() {
    let mut r = base_rota();
    r["problem"] = json!("another week");
    let problem = valid(&base());
    // Only a warning: the rota still loads.
    assert!(parse_rota(&r.to_string(), "r.json", &problem).is_ok());
    let rota: Rota = serde_json::from_value(r).unwrap();
    let mut f = Findings::new("r.json");
    rota::validate::rota(&problem, &rota, &mut f);
    assert_eq!(f.list.len(), 1, "{:#?}", f.list);
    assert_eq!((f.list[0].code, f.list[0].path.as_str()), ("problem_name_mismatch", "$.problem"));
    assert_eq!(f.list[0].severity, Severity::Warning);
}

#[test]
fn no_mutation_of_the_base_rota_makes_validation_panic() {
    let problem = valid(&base());
    for m in mutations(&base_rota()) {
        let _ = parse_rota(&m.to_string(), "r.json", &problem);
    }
}

#[test]
fn negative_objective_weights_are_rejected() {
    let mut p = serde_json::from_str::<serde_json::Value>(
        r#"{"format_version":"1.0","week_start":"2026-11-30","clients":[],"carers":[],"visits":[],
            "objective":{"travel_minute":-1.0,"unassigned_seat":5000.0}}"#,
    )
    .unwrap();
    let errors = rota::format::parse_problem(&p.to_string(), "p.json").unwrap_err();
    let e = errors.errors().next().unwrap();
    assert_eq!((e.code, e.path.as_str()), ("invalid_value", "$.objective.travel_minute"));
    p["objective"]["travel_minute"] = serde_json::json!(2.0);
    assert!(rota::format::parse_problem(&p.to_string(), "p.json").is_ok());
}

#[test]
fn values_beyond_a_week_are_rejected_before_they_can_overflow() {
    let base = r#"{"format_version":"1.0","week_start":"2026-11-30",
      "clients":[{"id":"c1","location":{"lat":51.28,"lon":1.08},"profile":"kent","weekly_hours":1}],
      "carers":[{"id":"k1","home":{"lat":51.28,"lon":1.08},"availability":[]}],
      "visits":[{"id":"v1","client":"c1","date":"2026-11-30","start":"08:00","duration_min":DUR,
                 "links":[{"visit":"v2","min_gap_min":GAP}]},
                {"id":"v2","client":"c1","date":"2026-11-30","start":"12:00","duration_min":30}]}"#;
    let parse =
        |dur: &str, gap: &str| rota::format::parse_problem(&base.replace("DUR", dur).replace("GAP", gap), "p.json");
    assert!(parse("30", "240").is_ok());
    let e = parse("2147483647", "240").unwrap_err();
    assert!(e.errors().any(|e| e.code == "invalid_value" && e.path == "$.visits[0].duration_min"), "{e}");
    let e = parse("30", "2147483647").unwrap_err();
    assert!(e.errors().any(|e| e.code == "invalid_link" && e.path == "$.visits[0].links[0]"), "{e}");
}

#[test]
fn missing_top_level_fields_are_all_reported_together() {
    let e = rota::format::parse_problem("{}", "p.json").unwrap_err();
    let paths: Vec<&str> = e.errors().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["$.format_version", "$.week_start", "$.clients", "$.carers", "$.visits"]);
}

// ---------------------------------------------------------------------------------------------
// Several start windows (`windows`).

/// A visit with a morning and an evening slot, each with its due time, loads; the checks on
/// windows let it through.
#[test]
fn several_windows_in_order_with_due_times_load() {
    let mut p = base();
    p["visits"][1]["windows"] = json!([
        {"earliest": "08:00", "latest": "10:00", "due": "09:00"},
        {"earliest": "17:00", "latest": "19:00", "due": "18:30"}
    ]);
    let problem = valid(&p);
    assert_eq!(problem.visits[1].windows.len(), 2);
    assert!(findings(&p).is_empty(), "{:#?}", findings(&p));
}

/// Every mistake in a visit's windows is reported together, each at its own path with the
/// visit's id: `window` and `windows` both given, `windows` with the visit's `due`, a window
/// ending before it opens, windows out of order or overlapping, and a due outside its window.
#[test]
fn every_mistake_in_several_windows_is_reported_together() {
    let mut p = base();
    p["visits"][2]["windows"] = json!([
        {"earliest": "08:00", "latest": "10:00", "due": "10:30"},
        {"earliest": "09:30", "latest": "11:00"},
        {"earliest": "15:00", "latest": "14:00"}
    ]);
    p["visits"][2]["due"] = json!("09:00");
    let all = findings(&p);
    let at = |code: &str| -> Vec<String> { with_code(&all, code).iter().map(|e| e.path.clone()).collect() };
    assert_eq!(at("conflicting_windows"), ["$.visits[2].window", "$.visits[2].due"]);
    assert_eq!(at("due_outside_window"), ["$.visits[2].windows[0].due"]);
    assert_eq!(at("overlapping_windows"), ["$.visits[2].windows[1]"]);
    assert_eq!(at("window_ends_before_start"), ["$.visits[2].windows[2]"]);
    for code in ["conflicting_windows", "due_outside_window", "overlapping_windows", "window_ends_before_start"] {
        assert!(with_code(&all, code).iter().all(|e| e.id.as_deref() == Some("v3") && e.severity == Severity::Error));
    }
    let errors = parse_problem(&p.to_string(), "p.json").unwrap_err();
    assert_eq!(errors.errors().count(), 5, "{errors}");
}

/// A target start in none of the windows is a warning, as with one window.
#[test]
fn target_outside_every_window_is_a_warning() {
    let mut p = base();
    p["visits"][1]["windows"] =
        json!([{"earliest": "08:00", "latest": "10:00"}, {"earliest": "19:00", "latest": "20:00"}]);
    assert_warning(&p, "target_outside_window", "$.visits[1].start", Some("v2"));
}
