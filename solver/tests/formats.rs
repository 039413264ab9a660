//! Format round trip and the committed JSON Schemas.

use rota::format::{self, PlannedVisit, Reason, Rota, Round, Unassigned};
use rota::time::ClockTime;

const PROBLEM: &str = r#"{
  "format_version": "1.0",
  "name": "round trip",
  "week_start": "2026-11-30",
  "skills": [{"id": "dementia"}],
  "profiles": {"kent": {"travel_paid": true}, "mine": {"base": "bexley", "call_spacing_min": 180}},
  "travel": {"kind": "distance", "modes": {"walk": {"speed_kmh": 5.0}}},
  "working_time": {"break_rule": {"after_hours": 6.0, "break_min": 20}},
  "clients": [
    {"id": "c1", "location": {"lat": 51.28, "lon": 1.08}, "postcode": "CT1 2EH", "cluster": "Westgate",
     "profile": "kent", "weekly_hours": 7.5, "required_skills": ["dementia"], "excluded_carers": ["k2"],
     "preferred_carers": ["k1"], "key_carer": "k1",
     "preferences": [{"attribute": "gender", "value": "female", "required": true}]},
    {"id": "c2", "location": {"lat": 51.29, "lon": 1.07}, "profile": "mine", "weekly_hours": 2.0}
  ],
  "carers": [
    {"id": "k1", "home": {"lat": 51.27, "lon": 1.09}, "skills": [{"skill": "dementia", "expires": "2027-01-01"}],
     "availability": [{"date": "2026-11-30", "start": "07:00", "end": "14:00"},
                      {"date": "2026-11-30", "start": "22:00", "end": "31:00"}],
     "max_hours_per_day": 10.0, "max_hours_per_week": 48.0, "contracted_hours": 30.0, "hourly_rate": 12.6,
     "gender": "female", "languages": ["English"], "out_of_hours": true},
    {"id": "k2", "home": {"lat": 51.26, "lon": 1.10}, "travel_mode": "walk", "end_location": {"lat": 51.27, "lon": 1.1},
     "availability": [{"date": "2026-12-01", "start": "07:00", "end": "14:00"}]}
  ],
  "visits": [
    {"id": "v1", "client": "c1", "date": "2026-11-30", "start": "08:00", "duration_min": 45,
     "carers_required": 2, "time_critical": true, "priority": 2,
     "links": [{"visit": "v2", "min_gap_min": 30, "max_gap_min": 90}]},
    {"id": "v2", "client": "c2", "date": "2026-11-30", "start": "09:30", "duration_min": 30,
     "window": {"earliest": "09:00", "latest": "10:00"}, "skills": ["dementia"]}
  ]
}"#;

#[test]
fn problem_round_trips_through_json_unchanged() {
    let p = format::parse_problem(PROBLEM, "p.json").unwrap();
    let text = format::to_json(&p);
    let again = format::parse_problem(&text, "p2.json").unwrap();
    assert_eq!(p, again);
    assert_eq!(text, format::to_json(&again), "serialising is stable");
    // A few values survive as written.
    assert_eq!(again.visits[0].start, ClockTime::hm(8, 0));
    assert_eq!(again.carers[0].availability[1].end.to_string(), "31:00");
    assert_eq!(again.profile("mine").unwrap().call_spacing_min, Some(180));
    assert!(again.profile("kent").unwrap().travel_paid);
}

#[test]
fn rota_round_trips_through_json_unchanged() {
    let p = format::parse_problem(PROBLEM, "p.json").unwrap();
    let rota = Rota {
        rounds: vec![Round {
            carer: "k1".into(),
            date: p.week_start,
            visits: vec![PlannedVisit {
                visit: "v1".into(),
                start: ClockTime::hm(8, 0),
                end: ClockTime::hm(8, 45),
                travel_min: 9.0,
                wait_min: 0.0,
            }],
            return_travel_min: 9.0,
        }],
        unassigned: vec![
            Unassigned { visit: "v1".into(), seats: 1, reason: Reason::NoSecondCarer, detail: "none free".into() },
            Unassigned { visit: "v2".into(), seats: 1, reason: Reason::NoCapacity, detail: String::new() },
        ],
        ..Rota::empty("round trip")
    };
    let text = format::to_json(&rota);
    let again = format::parse_rota(&text, "r.json", &p).unwrap();
    assert_eq!(rota, again);
    assert!(text.contains("\"no_second_carer\""));
}

#[test]
fn committed_schemas_match_the_types() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/schema");
    for (name, schema) in [
        ("problem", format::schema::problem()),
        ("rota", format::schema::rota()),
        ("matrix", format::schema::matrix()),
        ("events", format::schema::events()),
        ("package", format::schema::package()),
    ] {
        let path = format!("{dir}/{name}.schema.json");
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(committed == schema, "{path} is stale: run `rota schema {name} > docs/schema/{name}.schema.json`");
    }
}

#[test]
fn schema_describes_required_fields() {
    let schema: serde_json::Value = serde_json::from_str(&format::schema::problem()).unwrap();
    let required = schema["required"].as_array().unwrap();
    for field in ["format_version", "week_start", "clients", "carers", "visits"] {
        assert!(required.iter().any(|v| v == field), "{field} should be required");
    }
    assert!(schema["$defs"]["Visit"]["properties"]["carers_required"].is_object());
}
