//! Exports of a solved demo week: every kind holds exactly what the rota plans, and GeoJSON
//! puts it on the map in `[lon, lat]` order.

use rota::export::{export, ExportError, Kind, Options};
use rota::format::{self, Rota};
use rota::model::{Location, Problem};
use rota::solve::{solve, Algorithm, Budget, SolveOptions};
use rota::travel::Travel;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;
mod common;
use common::csv_text_rows as rows;

/// The demo week and a rota for it, solved once (greedy, so it is quick and leaves some seats
/// unassigned, which the exports must leave out).
fn demo() -> &'static (Problem, Rota) {
    static DEMO: OnceLock<(Problem, Rota)> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../datasets/demo"));
        let (problem, _) = format::load_problem(dir.join("problem.json")).unwrap_or_else(|e| panic!("{e}"));
        let travel = Travel::for_problem(&problem, dir, "problem.json").unwrap();
        let options =
            SolveOptions { algorithm: Algorithm::Greedy, budget: Budget::Iterations(0), ..SolveOptions::default() };
        let rota = solve(&problem, &travel, &options, &|_| {}).rota;
        // Through the file format, as `rota export` reads it.
        let rota = format::parse_rota(&format::to_json(&rota), "rota.json", &problem).unwrap_or_else(|e| panic!("{e}"));
        (problem, rota)
    })
}

fn all() -> Options {
    Options::default()
}

/// Every seat of the rota: visit id → carer ids, from the rounds.
fn seats(rota: &Rota) -> BTreeMap<String, BTreeSet<String>> {
    let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &rota.rounds {
        for v in &r.visits {
            m.entry(v.visit.clone()).or_default().insert(r.carer.clone());
        }
    }
    m
}

fn split(list: &str) -> BTreeSet<String> {
    list.split(';').filter(|s| !s.is_empty()).map(str::to_string).collect()
}

#[test]
fn the_demo_rota_has_double_ups_and_gaps_so_the_tests_below_mean_something() {
    let (problem, rota) = demo();
    let seats = seats(rota);
    let full_double =
        problem.visits.iter().filter(|v| v.carers_required == 2 && seats.get(&v.id).map(BTreeSet::len) == Some(2));
    assert!(full_double.count() > 5, "double-handed visits with both carers planned");
    assert!(!rota.rounds.is_empty());
}

#[test]
fn run_sheets_hold_every_seat_once_with_its_carer_date_and_times() {
    let (problem, rota) = demo();
    let text = export(Kind::RunSheets, problem, rota, &all()).unwrap();
    assert!(text.starts_with(
        "carer,date,order,visit,start,end,duration_min,client,postcode,time_critical,carers_required,co_carers,travel_mode,travel_min,wait_min\n"
    ));
    let rows = rows(&text);
    let mut expected = BTreeMap::new();
    for r in &rota.rounds {
        for (i, v) in r.visits.iter().enumerate() {
            let key = (r.carer.clone(), v.visit.clone());
            let value = (r.date.to_string(), (i + 1).to_string(), v.start.to_string(), v.end.to_string());
            assert!(expected.insert(key, value).is_none());
        }
    }
    assert_eq!(rows.len(), expected.len(), "one row per seat");
    let index = problem.index();
    let seats = seats(rota);
    let mut seen = BTreeSet::new();
    for row in &rows {
        let key = (row["carer"].clone(), row["visit"].clone());
        assert!(seen.insert(key.clone()), "seat {key:?} twice");
        let (date, order, start, end) = &expected[&key];
        assert_eq!((&row["date"], &row["order"], &row["start"], &row["end"]), (date, order, start, end), "{key:?}");
        let visit = &problem.visits[index.visits[&row["visit"]]];
        let client = &problem.clients[index.clients[&visit.client]];
        assert_eq!(row["date"], visit.date.to_string());
        assert_eq!(row["duration_min"], visit.duration_min.to_string());
        assert_eq!(row["client"], client.id);
        assert_eq!(row["postcode"], client.postcode.clone().unwrap_or_default());
        assert_eq!(row["time_critical"], if visit.time_critical { "yes" } else { "no" });
        assert_eq!(row["travel_mode"], problem.carers[index.carers[&row["carer"]]].travel_mode.name());
        // The co-carers are the visit's other carers, and only they.
        let mut others = seats[&row["visit"]].clone();
        others.remove(&row["carer"]);
        assert_eq!(split(&row["co_carers"]), others, "{key:?}");
        if visit.carers_required == 2 && seats[&row["visit"]].len() == 2 {
            assert!(!row["co_carers"].is_empty(), "double-handed {key:?} names the co-carer");
        }
    }
    // Rows run round by round, in visiting order.
    for pair in rows.windows(2) {
        if pair[0]["carer"] == pair[1]["carer"] && pair[0]["date"] == pair[1]["date"] {
            let order = |r: &HashMap<String, String>| r["order"].parse::<usize>().unwrap();
            assert_eq!(order(&pair[1]), order(&pair[0]) + 1);
        }
    }
}

#[test]
fn run_sheets_have_no_column_for_access_codes() {
    let (problem, rota) = demo();
    let text = export(Kind::RunSheets, problem, rota, &all()).unwrap();
    let header = text.lines().next().unwrap().to_lowercase();
    for column in header.split(',') {
        for word in ["key", "access", "note", "address", "phone", "door", "safe"] {
            assert!(!column.contains(word), "{column}");
        }
        assert!(column == "postcode" || !column.contains("code"), "{column}");
    }
}

#[test]
fn client_schedules_have_one_row_per_planned_visit_with_all_its_carers() {
    let (problem, rota) = demo();
    let rows = rows(&export(Kind::ClientSchedules, problem, rota, &all()).unwrap());
    let seats = seats(rota);
    assert_eq!(rows.len(), seats.len(), "one row per visit with a carer planned");
    let index = problem.index();
    let mut starts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &rota.rounds {
        for v in &r.visits {
            starts.entry(v.visit.clone()).or_default().push(v.start.to_string());
        }
    }
    let mut listed = BTreeSet::new();
    for row in &rows {
        assert!(listed.insert(row["visit"].clone()), "visit {} twice", row["visit"]);
        let visit = &problem.visits[index.visits[&row["visit"]]];
        assert_eq!(row["client"], visit.client);
        assert_eq!(row["date"], visit.date.to_string());
        assert_eq!(split(&row["carers"]), seats[&row["visit"]], "{}", row["visit"]);
        assert_eq!(&row["start"], starts[&row["visit"]].iter().min().unwrap());
    }
    // Fully unassigned visits are not listed as if someone were coming.
    let unplanned: Vec<&str> =
        problem.visits.iter().filter(|v| !seats.contains_key(&v.id)).map(|v| v.id.as_str()).collect();
    assert!(unplanned.iter().all(|v| !listed.contains(*v)));
}

#[test]
fn the_council_return_counts_the_carers_of_each_visit() {
    let (problem, rota) = demo();
    let text = export(Kind::CouncilReturn, problem, rota, &all()).unwrap();
    assert!(text.starts_with("client,date,visit,planned_start,duration_min,carers_planned,carers_required,carer_ids\n"));
    let rows = rows(&text);
    let seats = seats(rota);
    assert_eq!(rows.len(), seats.len());
    let index = problem.index();
    for row in &rows {
        let visit = &problem.visits[index.visits[&row["visit"]]];
        let carers = &seats[&row["visit"]];
        assert_eq!(row["carers_planned"], carers.len().to_string(), "{}", row["visit"]);
        assert_eq!(row["carers_required"], visit.carers_required.to_string());
        assert_eq!(&split(&row["carer_ids"]), carers);
        assert_eq!(row["duration_min"], visit.duration_min.to_string());
    }
    let doubles = rows.iter().filter(|r| r["carers_planned"] == "2").count();
    assert!(doubles > 0);
}

/// Inside a box around Great Britain and Northern Ireland, as `[lon, lat]`.
fn in_the_uk(position: &Value) -> bool {
    let (lon, lat) = (position[0].as_f64().unwrap(), position[1].as_f64().unwrap());
    position.as_array().unwrap().len() == 2 && (-8.7..=1.8).contains(&lon) && (49.8..=60.9).contains(&lat)
}

/// Whether a GeoJSON position is `place`, as `[lon, lat]` to six decimals.
fn at(position: &Value, place: Location) -> bool {
    let Location::Geo { lat, lon } = place else { panic!("a map problem") };
    let near = |v: &Value, x: f64| (v.as_f64().unwrap() - x).abs() < 1e-6;
    position.as_array().unwrap().len() == 2 && near(&position[0], lon) && near(&position[1], lat)
}

#[test]
fn geojson_has_a_line_per_round_and_a_point_per_planned_visit_in_lon_lat_order() {
    let (problem, rota) = demo();
    let map: Value = serde_json::from_str(&export(Kind::GeoJson, problem, rota, &all()).unwrap()).unwrap();
    assert_eq!(map["type"], "FeatureCollection");
    let features = map["features"].as_array().unwrap();
    let of = |kind: &str| features.iter().filter(|f| f["geometry"]["type"] == kind).collect::<Vec<_>>();
    let (lines, points) = (of("LineString"), of("Point"));
    assert_eq!(lines.len() + points.len(), features.len());
    let rounds = rota.rounds.iter().filter(|r| !r.visits.is_empty()).count();
    assert_eq!(lines.len(), rounds, "one LineString per round");
    assert_eq!(points.len(), seats(rota).len(), "one Point per planned visit");
    let index = problem.index();
    for f in &features[..] {
        assert_eq!(f["type"], "Feature");
    }
    for line in &lines {
        let coords = line["geometry"]["coordinates"].as_array().unwrap();
        assert!(coords.iter().all(in_the_uk), "{coords:?}");
        let p = &line["properties"];
        let round = rota.rounds.iter().find(|r| r.carer == p["carer"] && r.date.to_string() == p["date"]).unwrap();
        assert_eq!(coords.len(), round.visits.len() + 2, "home, the visits, home");
        let carer = &problem.carers[index.carers[&round.carer]];
        assert!(at(&coords[0], carer.home) && at(&coords[coords.len() - 1], carer.home), "{coords:?}");
        for (k, v) in round.visits.iter().enumerate() {
            let client = &problem.visits[index.visits[&v.visit]].client;
            assert!(at(&coords[k + 1], problem.clients[index.clients[client]].location), "{coords:?}");
        }
    }
    let seats = seats(rota);
    for point in &points {
        let p = &point["properties"];
        let id = p["visit"].as_str().unwrap();
        let visit = &problem.visits[index.visits[id]];
        let client = &problem.clients[index.clients[&visit.client]];
        assert!(in_the_uk(&point["geometry"]["coordinates"]));
        assert!(at(&point["geometry"]["coordinates"], client.location));
        assert_eq!(p["client"], client.id);
        assert_eq!(p["duration_min"], visit.duration_min);
        assert_eq!(split(p["carers"].as_str().unwrap()), seats[id]);
        let kind = if visit.time_critical {
            "time-critical"
        } else if visit.carers_required >= 2 {
            "double-handed"
        } else {
            "ordinary"
        };
        assert_eq!(p["kind"], kind);
    }
    for kind in ["time-critical", "double-handed", "ordinary"] {
        assert!(points.iter().any(|p| p["properties"]["kind"] == kind), "some {kind} visit");
    }
}

#[test]
fn one_carers_export_holds_only_their_work() {
    let (problem, rota) = demo();
    let carer = rota.rounds[0].carer.clone();
    let only = Options { carer: Some(carer.clone()) };
    let sheet = rows(&export(Kind::RunSheets, problem, rota, &only).unwrap());
    let theirs: usize = rota.rounds.iter().filter(|r| r.carer == carer).map(|r| r.visits.len()).sum();
    assert_eq!(sheet.len(), theirs);
    assert!(sheet.iter().all(|r| r["carer"] == carer));
    let schedule = rows(&export(Kind::ClientSchedules, problem, rota, &only).unwrap());
    assert_eq!(schedule.len(), theirs, "every visit they attend, once");
    assert!(schedule.iter().all(|r| split(&r["carers"]).contains(&carer)));
    let err = export(Kind::RunSheets, problem, rota, &Options { carer: Some("nobody".into()) }).unwrap_err();
    assert_eq!(err, ExportError::UnknownCarer("nobody".into()));
}

const MON: &str = "2026-11-30";

fn small(location: Value, home: Value) -> Problem {
    let text = json!({
        "format_version": "1.0", "week_start": MON,
        "clients": [{"id": "c1", "location": location, "profile": "custom", "weekly_hours": 2.0}],
        "carers": [
            {"id": "k1", "home": home, "availability": [{"date": MON, "start": "07:00", "end": "14:00"}]},
            {"id": "k2", "home": home, "availability": [{"date": MON, "start": "07:00", "end": "14:00"}]}],
        "visits": [
            {"id": "v1", "client": "c1", "date": MON, "start": "08:00", "duration_min": 30, "carers_required": 2},
            {"id": "v2", "client": "c1", "date": MON, "start": "12:00", "duration_min": 30}]
    });
    format::parse_problem(&text.to_string(), "small.json").unwrap_or_else(|e| panic!("{e}"))
}

/// k1 alone at the double-handed v1 (its second seat unassigned); v2 wholly unassigned.
fn half_rota(problem: &Problem) -> Rota {
    let text = json!({"format_version": "1.0", "rounds": [
        {"carer": "k1", "date": MON, "return_travel_min": 3,
         "visits": [{"visit": "v1", "start": "08:05", "end": "08:35", "travel_min": 3, "wait_min": 0}]}],
        "unassigned": [{"visit": "v1", "seats": 1, "reason": "no_second_carer"},
                       {"visit": "v2", "reason": "no_capacity"}]});
    format::parse_rota(&text.to_string(), "rota.json", problem).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_double_up_short_of_a_carer_shows_in_the_council_return_and_unassigned_visits_do_not() {
    let p = small(json!({"lat": 51.28, "lon": 1.08}), json!({"lat": 51.29, "lon": 1.07}));
    let rota = half_rota(&p);
    let text = export(Kind::CouncilReturn, &p, &rota, &all()).unwrap();
    assert_eq!(
        text,
        "client,date,visit,planned_start,duration_min,carers_planned,carers_required,carer_ids\n\
         c1,2026-11-30,v1,08:05,30,1,2,k1\n"
    );
    let text = export(Kind::ClientSchedules, &p, &rota, &all()).unwrap();
    assert_eq!(text, "client,date,visit,start,end,carers\nc1,2026-11-30,v1,08:05,08:35,k1\n");
    let text = export(Kind::RunSheets, &p, &rota, &all()).unwrap();
    assert_eq!(text.lines().nth(1), Some("k1,2026-11-30,1,v1,08:05,08:35,30,c1,,no,2,,car,3,0"));
}

#[test]
fn a_plane_problem_exports_csv_but_not_geojson() {
    let p = small(json!({"x": 10, "y": 20}), json!({"x": 12, "y": 20}));
    let rota = half_rota(&p);
    let err = export(Kind::GeoJson, &p, &rota, &all()).unwrap_err();
    assert!(matches!(err, ExportError::PlaneCoordinates(_)), "{err}");
    assert!(err.to_string().contains("plane coordinates"), "{err}");
    for kind in [Kind::RunSheets, Kind::ClientSchedules, Kind::CouncilReturn] {
        assert_eq!(export(kind, &p, &rota, &all()).unwrap().lines().count(), 2, "{kind}");
    }
}

#[test]
fn a_rota_naming_an_unknown_visit_is_an_error_not_a_panic() {
    let p = small(json!({"lat": 51.28, "lon": 1.08}), json!({"lat": 51.29, "lon": 1.07}));
    let mut rota = half_rota(&p);
    rota.rounds[0].visits[0].visit = "v99".into();
    for kind in Kind::ALL {
        let err = export(kind, &p, &rota, &all()).unwrap_err();
        assert_eq!(err, ExportError::UnknownReference { what: "visit", id: "v99".into() });
    }
}

#[test]
fn kinds_read_back_from_their_names() {
    for kind in Kind::ALL {
        assert_eq!(kind.name().parse::<Kind>(), Ok(kind));
    }
    let err = "pdf".parse::<Kind>().unwrap_err();
    assert!(err.contains("run-sheets") && err.contains("geojson"), "{err}");
}

/// A visit cancelled after the rota was made (the rota still plans it) is not exported as
/// planned: no run sheet row, no client schedule row, no council return row, no map point.
#[test]
fn a_cancelled_visit_is_in_no_export_even_if_the_rota_plans_it() {
    let (problem, rota) = demo();
    let id = rota.rounds[0].visits[0].visit.clone();
    let mut cancelled = problem.clone();
    cancelled.visits.iter_mut().find(|v| v.id == id).unwrap().cancelled = Some("in hospital".into());
    for kind in [Kind::RunSheets, Kind::ClientSchedules, Kind::CouncilReturn] {
        let before = export(kind, problem, rota, &all()).unwrap();
        let after = export(kind, &cancelled, rota, &all()).unwrap();
        let has = |text: &str| rows(text).iter().filter(|r| r["visit"] == id).count();
        assert!(has(&before) >= 1, "{kind}: the visit is planned before it is cancelled");
        assert_eq!(has(&after), 0, "{kind}: the cancelled visit is still exported");
        assert_eq!(rows(&before).len() - has(&before), rows(&after).len(), "{kind}: other rows kept");
    }
    let map: Value = serde_json::from_str(&export(Kind::GeoJson, &cancelled, rota, &all()).unwrap()).unwrap();
    let points = map["features"].as_array().unwrap().iter().filter(|f| f["properties"]["visit"] == json!(id));
    assert_eq!(points.count(), 0);
}
