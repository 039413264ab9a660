//! The report page without a browser: every section is there, every scheduled seat is a Gantt
//! bar, every unassigned visit is listed, nothing loads from the network, and text from the
//! input stays inert.

use rota::check::check;
use rota::format::Rota;
use rota::model::Problem;
use rota::travel::Travel;
use rota_report::{render, Options};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const HOSTILE_CLIENT: &str = "<script>alert('client')</script>";
const HOSTILE_CARER: &str = "k\"><img src=x onerror=alert(1)>";

/// Two clients (one with a hostile id), two carers, five visits: one ordinary, one
/// time-critical, one double-handed done by both carers, one on Tuesday, and one unassigned.
fn week() -> (Problem, Rota) {
    let here = json!({"lat": 51.2798, "lon": 1.0789});
    let there = json!({"lat": 51.2901, "lon": 1.0502});
    let avail = |d: &str| json!({"date": d, "start": "07:00", "end": "14:00"});
    let problem: Problem = serde_json::from_value(json!({
        "format_version": "1.0", "name": "</title><script>alert('name')</script>", "week_start": "2026-11-30",
        "clients": [
            {"id": HOSTILE_CLIENT, "location": here, "profile": "kent", "weekly_hours": 3.5, "key_carer": "k1",
             "postcode": "CT1 <b>2EH</b>"},
            {"id": "c2", "location": there, "profile": "kent", "weekly_hours": 2.0}
        ],
        "carers": [
            {"id": "k1", "home": here, "availability": [avail("2026-11-30"), avail("2026-12-01")], "contracted_hours": 20},
            {"id": HOSTILE_CARER, "home": there, "availability": [avail("2026-11-30")]}
        ],
        "visits": [
            {"id": "v1", "client": HOSTILE_CLIENT, "date": "2026-11-30", "start": "08:00", "duration_min": 30},
            {"id": "v2", "client": "c2", "date": "2026-11-30", "start": "09:00", "duration_min": 45, "time_critical": true},
            {"id": "v3", "client": "c2", "date": "2026-11-30", "start": "11:00", "duration_min": 30, "carers_required": 2},
            {"id": "v4", "client": HOSTILE_CLIENT, "date": "2026-12-01", "start": "08:00", "duration_min": 30},
            {"id": "v5<i>", "client": "c2", "date": "2026-12-01", "start": "12:00", "duration_min": 30, "carers_required": 2}
        ]
    }))
    .unwrap();
    let pv = |v: &str, s: &str, e: &str, t: u32, w: u32| json!({"visit": v, "start": s, "end": e, "travel_min": t, "wait_min": w});
    let rota: Rota = serde_json::from_value(json!({
        "format_version": "1.0", "problem": "x",
        "rounds": [
            {"carer": "k1", "date": "2026-11-30", "return_travel_min": 0,
             "visits": [pv("v1", "08:00", "08:30", 0, 0), pv("v2", "09:00", "09:45", 5, 25), pv("v3", "11:00", "11:30", 0, 75)]},
            {"carer": HOSTILE_CARER, "date": "2026-11-30", "return_travel_min": 0,
             "visits": [pv("v3", "11:00", "11:30", 0, 0)]},
            {"carer": "k1", "date": "2026-12-01", "return_travel_min": 0, "visits": [pv("v4", "08:00", "08:30", 0, 0)]}
        ],
        "unassigned": [{"visit": "v5<i>", "seats": 2, "reason": "no_second_carer", "detail": "nobody <free> & skilled"}]
    }))
    .unwrap();
    (problem, rota)
}

fn page() -> (String, Problem, Rota) {
    let (problem, rota) = week();
    let travel = Travel::for_problem(&problem, std::path::Path::new("."), "problem.json").unwrap();
    let report = check(&problem, &rota, &travel);
    let html = render(&problem, &rota, &report, &Options::default());
    (html, problem, rota)
}

/// The page data the script reads.
fn data(html: &str) -> Value {
    let start = html.find(r#"<script type="application/json" id="report-data">"#).expect("the data block");
    let rest = &html[start..];
    let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(body).expect("the data block is JSON")
}

/// Every value of `attr="…"` in the page.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn every_section_is_there() {
    let (html, ..) = page();
    for id in ["kpis", "gantt", "map", "unassigned", "continuity", "carer-hours", "day", "report-data", "tip"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no #{id}");
    }
    assert!(html.contains(r#"data-ready="0" data-script-errors="0""#));
    assert!(html.contains("<polyline class=\"r\""), "a round on the map");
    // The KPI panel carries the checker's text report and its violation count.
    assert!(html.contains("As printed by <code>rota check</code>"));
}

#[test]
fn nothing_is_loaded_from_the_network() {
    let (html, ..) = page();
    assert!(!html.contains("http://") && !html.contains("https://"), "a URL in the page");
    assert!(attr_values(&html, "src").is_empty(), "{:?}", attr_values(&html, "src"));
    for href in attr_values(&html, "href") {
        assert!(href.starts_with('#'), "href {href}");
    }
    assert!(html.contains("default-src 'none'"), "the page forbids fetches");
}

#[test]
fn every_scheduled_seat_is_a_gantt_bar() {
    let (html, _, rota) = page();
    let d = data(&html);
    let mut bars: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, _) in html.match_indices("<rect class=\"v") {
        let tag = &html[i..i + html[i..].find("/>").unwrap()];
        let s: usize = attr_values(tag, "data-s")[0].parse().unwrap();
        let seat = &d["seats"][s];
        let visit = d["visits"][seat[0].as_u64().unwrap() as usize][0].as_str().unwrap().to_string();
        let carer = d["carers"][seat[1].as_u64().unwrap() as usize].as_str().unwrap().to_string();
        *bars.entry((visit, carer)).or_default() += 1;
    }
    let mut planned: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &rota.rounds {
        for v in &r.visits {
            *planned.entry((v.visit.clone(), r.carer.clone())).or_default() += 1;
        }
    }
    assert_eq!(bars, planned);
    // Kinds: the time-critical and the double-handed visit have their own classes.
    assert!(html.contains("<rect class=\"v tc\""));
    assert_eq!(html.matches("<rect class=\"v dh\"").count(), 2);
    // Travel and waiting are bars of their own.
    assert!(html.contains("<rect class=\"t\"") && html.contains("<rect class=\"w\""));
}

#[test]
fn every_unassigned_visit_is_listed_with_its_reason() {
    let (html, _, rota) = page();
    let section = &html[html.find("id=\"unassigned\"").unwrap()..html.find("id=\"continuity\"").unwrap()];
    for u in &rota.unassigned {
        let escaped = u.visit.replace('<', "&lt;").replace('>', "&gt;");
        assert!(section.contains(&format!("data-visit=\"{escaped}\"")), "{} missing", u.visit);
        assert!(section.contains(u.reason.code()));
    }
    assert!(section.contains("nobody &lt;free&gt; &amp; skilled"));
}

#[test]
fn text_from_the_input_stays_inert() {
    let (html, ..) = page();
    // Exactly the page's own three scripts: the error recorder, the data and the code.
    assert_eq!(html.matches("<script").count(), 3);
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b>2EH"));
    assert!(html.contains("&lt;script&gt;alert(&#39;client&#39;)&lt;/script&gt;"), "the client id is shown escaped");
    assert!(html.contains("k&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), "the carer id is shown escaped");
    // In the data block the ids keep their text but cannot close the script element.
    let d = data(&html);
    assert_eq!(d["visits"][0][1], HOSTILE_CLIENT);
    assert_eq!(d["carers"][1], HOSTILE_CARER);
}

#[test]
fn figures_come_from_the_checker() {
    let (problem, rota) = week();
    let travel = Travel::for_problem(&problem, std::path::Path::new("."), "problem.json").unwrap();
    let report = check(&problem, &rota, &travel);
    let html = render(&problem, &rota, &report, &Options { title: "Week 49".into(), sources: vec!["a.json".into()] });
    assert!(html.contains("<title>Week 49</title>"));
    let text = report.to_text().replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    assert!(html.contains(&text.replace('"', "&quot;").replace('\'', "&#39;")), "the text report is embedded");
    let tile = format!("<div class=\"tl\">Hard violations</div><div class=\"tv\">{}</div>", report.violations.len());
    assert!(html.contains(&tile));
}

#[test]
fn a_rota_naming_unknown_ids_still_renders() {
    let (problem, mut rota) = week();
    rota.rounds[0].carer = "ghost".into();
    rota.rounds[0].visits[0].visit = "nowhere".into();
    rota.unassigned[0].visit = "lost".into();
    let travel = Travel::for_problem(&problem, std::path::Path::new("."), "problem.json").unwrap();
    let report = check(&problem, &rota, &travel);
    let html = render(&problem, &rota, &report, &Options::default());
    assert!(html.contains(">ghost<"));
    assert!(html.contains("data-visit=\"lost\""));
    assert_eq!(html.matches("<rect class=\"v").count(), 5);
}

#[test]
fn the_emissions_tile_shows_the_checkers_figures() {
    let (problem, rota) = week();
    let travel = Travel::for_problem(&problem, std::path::Path::new("."), "problem.json").unwrap();
    let report = check(&problem, &rota, &travel);
    let e = &report.kpis.emissions;
    // Both carers drive (the default mode) between the two addresses: km by the distance model.
    assert!(e.total_kg > 0.0, "the week has car travel: {report}");
    assert!((e.total_kg - report.kpis.travel.total_km * rota::check::emissions::CAR_KG_PER_KM).abs() < 1e-9);
    let html = render(&problem, &rota, &report, &Options::default());
    let tile = format!("<div class=\"tl\">Emissions</div><div class=\"tv\">{:.2} kg CO2e</div>", e.total_kg);
    assert!(html.contains(&tile), "no emissions tile {tile}");
    let car = &e.by_mode["car"];
    assert!(html.contains(&format!("<div class=\"td\">car {:.2} kg over {:.1} km</div>", car.kg, car.km)));
    assert!(html.contains(&format!("<div class=\"td\">{:.2} kg between visits</div>", e.between_visits_kg)));
}
