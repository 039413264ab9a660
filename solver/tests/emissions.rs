//! The emissions KPI (`kpis.emissions`): kg CO2e of a rota's travel by mode, worked out by hand.
//!
//! Four carers, one per travel mode, each drive (walk, cycle, ride) one round of two visits on
//! Monday: home → c1, c1 → c2, c2 → home. Travel is a hand-made matrix per mode in which every
//! leg between two different places is 5 km by car, 3 km by public transport, 2 km by bicycle and
//! 1 km on foot, so each round is three legs and every figure is exact.

use rota::check::emissions::{self, CAR_KG_PER_KM, PUBLIC_TRANSPORT_KG_PER_KM};
use rota::check::{check, CheckReport};
use rota::format::Rota;
use rota::model::{Problem, TravelMode};
use rota::travel::{Matrix, Places, Travel};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Metres of every leg in each mode.
fn leg_m(mode: TravelMode) -> u32 {
    match mode {
        TravelMode::Car => 5000,
        TravelMode::PublicTransport => 3000,
        TravelMode::Cycle => 2000,
        TravelMode::Walk => 1000,
    }
}

const CARERS: [(&str, &str); 4] = [("k1", "car"), ("k2", "walk"), ("k3", "cycle"), ("k4", "public_transport")];

/// The week, with only the carers in `who` given a round.
fn week(who: &[&str]) -> (Problem, Travel, Rota) {
    let at = |lat: f64, lon: f64| json!({"lat": lat, "lon": lon});
    let client =
        |id: &str, lat, lon| json!({"id": id, "location": at(lat, lon), "profile": "custom", "weekly_hours": 2.0});
    let carers: Vec<Value> = CARERS
        .iter()
        .enumerate()
        .map(|(i, (id, mode))| {
            json!({"id": id, "home": at(51.27 + 0.01 * i as f64, 1.07), "travel_mode": mode,
                   "availability": [{"date": "2026-11-30", "start": "07:00", "end": "14:00"}]})
        })
        .collect();
    let mut visits = Vec::new();
    let mut rounds = Vec::new();
    for (id, _) in CARERS.iter().filter(|(id, _)| who.contains(id)) {
        visits.push(
            json!({"id": format!("{id}a"), "client": "c1", "date": "2026-11-30", "start": "08:00", "duration_min": 30}),
        );
        visits.push(
            json!({"id": format!("{id}b"), "client": "c2", "date": "2026-11-30", "start": "10:00", "duration_min": 30}),
        );
        rounds.push(json!({"carer": id, "date": "2026-11-30", "return_travel_min": 10, "visits": [
            {"visit": format!("{id}a"), "start": "08:00", "end": "08:30", "travel_min": 10, "wait_min": 0},
            {"visit": format!("{id}b"), "start": "10:00", "end": "10:30", "travel_min": 10, "wait_min": 80}
        ]}));
    }
    let problem: Problem = serde_json::from_value(json!({
        "format_version": "1.0", "name": "emissions", "week_start": "2026-11-30",
        "clients": [client("c1", 51.2798, 1.0789), client("c2", 51.2890, 1.0660)],
        "carers": carers, "visits": visits
    }))
    .expect("test problem");
    let rota: Rota =
        serde_json::from_value(json!({"format_version": "1.0", "problem": "emissions", "rounds": rounds})).unwrap();
    let places = Places::of(&problem);
    let n = places.locations.len();
    let mut matrices = BTreeMap::new();
    for mode in TravelMode::ALL {
        let off = |i: usize| i / n != i % n;
        let minutes = (0..n * n).map(|i| if off(i) { rota::time::minutes(10) } else { 0 }).collect();
        let metres = (0..n * n).map(|i| if off(i) { leg_m(mode) } else { 0 }).collect();
        matrices.insert(mode, Matrix::new(n, minutes, metres));
    }
    (problem, Travel::from_matrices(places, matrices), rota)
}

fn report(who: &[&str]) -> CheckReport {
    let (problem, travel, rota) = week(who);
    let r = check(&problem, &rota, &travel);
    assert!(r.is_feasible(), "{r}");
    r
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn the_factors_are_the_documented_desnz_2025_values() {
    assert_eq!(CAR_KG_PER_KM, 0.16725);
    assert_eq!(PUBLIC_TRANSPORT_KG_PER_KM, 0.10385);
    assert_eq!(emissions::kg_per_km(TravelMode::Car), CAR_KG_PER_KM);
    assert_eq!(emissions::kg_per_km(TravelMode::PublicTransport), PUBLIC_TRANSPORT_KG_PER_KM);
    assert_eq!(emissions::kg_per_km(TravelMode::Walk), 0.0);
    assert_eq!(emissions::kg_per_km(TravelMode::Cycle), 0.0);
    // The checker's documentation states the same numbers, table and year.
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/checker.md")).unwrap();
    for s in ["0.16725", "0.10385", "Conversion Factors for Company Reporting 2025", "passenger-km", "vehicle-km"] {
        assert!(doc.contains(s), "docs/checker.md does not say {s}");
    }
}

#[test]
fn every_mode_by_hand() {
    let r = report(&["k1", "k2", "k3", "k4"]);
    let e = &r.kpis.emissions;
    // Three legs per round: car 15 km, public transport 9 km, cycle 6 km, walk 3 km.
    let m = &e.by_mode;
    assert_eq!(m.keys().map(String::as_str).collect::<Vec<_>>(), ["car", "cycle", "public_transport", "walk"]);
    close(m["car"].km, 15.0);
    close(m["car"].kg, 15.0 * 0.16725); // 2.50875
    close(m["car"].between_visits_kg, 5.0 * 0.16725);
    assert_eq!(m["car"].basis, "vehicle_km");
    close(m["public_transport"].km, 9.0);
    close(m["public_transport"].kg, 9.0 * 0.10385); // 0.93465
    close(m["public_transport"].between_visits_kg, 3.0 * 0.10385);
    assert_eq!(m["public_transport"].basis, "passenger_km");
    close(m["cycle"].km, 6.0);
    close(m["walk"].km, 3.0);
    for mode in ["cycle", "walk"] {
        assert_eq!(m[mode].kg, 0.0, "{mode}");
        assert_eq!(m[mode].between_visits_kg, 0.0, "{mode}");
        assert_eq!(m[mode].basis, "none");
    }
    close(e.total_kg, 3.4434);
    close(e.between_visits_kg, 1.1478);
    close(e.commute_kg, 3.4434 - 1.1478);
    // Eight seats of 30 minutes: 4 contact hours.
    close(e.kg_per_contact_hour.unwrap(), 3.4434 / 4.0);
    // The km are the travel KPI's own.
    for (mode, t) in &r.kpis.travel.by_mode {
        assert_eq!(m[mode].km, t.total_km);
    }
    // The text report prints them.
    let text = r.to_text();
    assert!(
        text.contains("Emissions: 3.44 kg CO2e (car 2.51 kg over 15.0 km, cycle 0.00 kg over 6.0 km, public_transport 0.93 kg over 9.0 km, walk 0.00 kg over 3.0 km); 1.15 kg between visits; 0.86 kg per contact hour"),
        "{text}"
    );
}

#[test]
fn walking_and_cycling_emit_nothing() {
    let r = report(&["k2", "k3"]);
    let e = &r.kpis.emissions;
    close(r.kpis.travel.total_km, 9.0);
    assert_eq!((e.total_kg, e.between_visits_kg, e.commute_kg), (0.0, 0.0, 0.0));
    assert_eq!(e.kg_per_contact_hour, Some(0.0));
    assert!(!e.by_mode.contains_key("car"));
}

#[test]
fn no_rounds_no_emissions() {
    let r = report(&[]);
    let e = &r.kpis.emissions;
    assert_eq!(e.total_kg, 0.0);
    assert_eq!(e.kg_per_contact_hour, None);
    assert!(e.by_mode.is_empty());
    assert!(r.to_text().contains("Emissions: 0.00 kg CO2e (no travel)"), "{r}");
}

#[test]
fn the_json_report_carries_the_kpi() {
    let r = report(&["k1", "k4"]);
    let v = serde_json::to_value(&r).unwrap();
    let e = &v["kpis"]["emissions"];
    close(e["total_kg"].as_f64().unwrap(), 15.0 * 0.16725 + 9.0 * 0.10385);
    assert_eq!(e["by_mode"]["car"]["kg_per_km"], 0.16725);
    assert_eq!(e["by_mode"]["public_transport"]["basis"], "passenger_km");
    assert!(e["source"].as_str().unwrap().contains("DESNZ"));
    // Existing fields keep their names; the travel KPI gains between-visit km per mode.
    assert_eq!(v["kpis"]["travel"]["by_mode"]["car"]["total_km"], 15.0);
    assert_eq!(v["kpis"]["travel"]["by_mode"]["car"]["between_visits_km"], 5.0);
}
