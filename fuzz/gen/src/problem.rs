//! Random valid problems that exercise every rule type.
//!
//! A problem has one to four days, none to eight carers, one to eight clients and none to thirty
//! visits (one in ten up to 14 carers, 16 clients and 80 visits), with:
//! - visits: targets from 06:00 to past midnight, explicit windows (some not containing the
//!   target), time-critical calls, one to three carers, skills, priorities, soft due times,
//!   demand, short calls (authorised), and links (synchronised, ordered with min and max gaps,
//!   negative gaps, across days) some needing different carers;
//! - clients: built-in and custom profiles, required skills, excluded, preferred and key
//!   carers, required and soft gender and language preferences;
//! - custom profiles on every built-in base: continuity bands and extended caps, short-call
//!   bans, billing grids, call spacing, time-critical and double-handed tolerances, core hours
//!   with out-of-hours opt-in, paid travel, daily and weekly rest;
//! - carers: skills with expiry dates, single, split and night (past 24:00) availability,
//!   daily and weekly hour limits, contracted hours, break rules (their own or the problem's),
//!   round capacity, `commute_on_shift`, start and end locations away from home, out-of-hours
//!   opt-in, and every travel mode;
//! - travel: the distance model with its defaults or with per-mode parameters, or random
//!   whole-minute matrices (asymmetric, without the triangle inequality) as matrix files;
//! - map or plane coordinates, and objective weights that are the defaults or scaled.
//!
//! The generator aims at valid problems but does not promise them: links may form cycles no
//! start times meet, for example. [`generate`] runs the problem loader and repairs what it
//! rejects (a visit or link named in an error is dropped, then its links, up to a few rounds),
//! and gives up with `None` if the problem is still invalid.

use crate::dice::Dice;
use arbitrary::Unstructured;
use rota::format;
use rota::model::{Problem, TravelMode};
use rota::travel::{MatrixFile, Places, Travel, TravelProvider};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

const DATES: [&str; 7] =
    ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"];
const SKILLS: [&str; 3] = ["dementia", "peg-feeding", "moving-handling"];
const BUILT_IN: [&str; 5] = ["kent", "milton-keynes", "hammersmith-fulham", "bexley", "custom"];
const MODES: [&str; 4] = ["car", "walk", "cycle", "public_transport"];

/// A generated problem, ready to solve.
pub struct Case {
    /// The problem file as JSON (its `travel` names the matrix files when there are any).
    pub json: Value,
    /// Matrix files by file name, when travel is by matrix.
    pub matrices: BTreeMap<String, Value>,
    /// The problem as loaded.
    pub problem: Problem,
    /// Its travel.
    pub travel: Travel,
    /// How many visits or links the loader's repair dropped.
    pub repaired: usize,
}

impl Case {
    /// Load a case from a problem's JSON and its matrix files (as [`Case::json`] and
    /// [`Case::matrices`] hold them); the loader's errors if it is not valid.
    pub fn load(json: Value, matrices: BTreeMap<String, Value>) -> Result<Case, String> {
        let problem = format::parse_problem(&json.to_string(), "fuzz.json").map_err(|e| e.to_string())?;
        let travel = travel(&problem, &matrices)?;
        Ok(Case { json, matrices, problem, travel, repaired: 0 })
    }

    /// Write the problem and its matrix files into `dir` as `problem.json` and the matrices'
    /// own names, so that `rota solve` and `rota check` read them.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("problem.json"), pretty(&self.json))?;
        for (name, m) in &self.matrices {
            std::fs::write(dir.join(name), pretty(m))?;
        }
        Ok(())
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("JSON values serialise") + "\n"
}

/// The travel of a loaded problem: the distance model, or its matrix files from `matrices`.
fn travel(problem: &Problem, matrices: &BTreeMap<String, Value>) -> Result<Travel, String> {
    if matrices.is_empty() {
        return Travel::for_problem(problem, Path::new("."), "fuzz.json").map_err(|e| e.to_string());
    }
    let places = Places::of(problem);
    let mut out = BTreeMap::new();
    for mode in problem.carers.iter().map(|c| c.travel_mode).collect::<std::collections::BTreeSet<_>>() {
        let name = matrix_name(mode.name());
        let text = matrices.get(&name).ok_or_else(|| format!("no matrix file {name}"))?.to_string();
        let m = MatrixFile::parse(&text, &places.labels, mode)
            .and_then(|f| f.matrix(&places.locations, mode))
            .map_err(|e| format!("{name}: {e}"))?;
        out.insert(mode, m);
    }
    Ok(Travel::from_matrices(places, out))
}

fn matrix_name(mode: &str) -> String {
    format!("matrix-{mode}.json")
}

fn hm(m: i64) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// A random valid problem from `bytes`, or `None` when the generated problem could not be
/// repaired into a valid one.
pub fn generate(bytes: &[u8]) -> Option<Case> {
    let mut u = Unstructured::new(bytes);
    let mut d = Dice::new(&mut u);
    let mut json = problem_json(&mut d);
    let matrices = if d.chance(15) { random_matrices(&mut d, &mut json) } else { BTreeMap::new() };
    let mut repaired = 0;
    for _ in 0..6 {
        match format::parse_problem(&json.to_string(), "fuzz.json") {
            Ok(problem) => {
                let travel = travel(&problem, &matrices).ok()?;
                return Some(Case { json, matrices, problem, travel, repaired });
            }
            Err(errors) => repaired += repair(&mut json, &errors),
        }
    }
    None
}

/// The top level: days, skills, profiles, travel, weights, then carers, clients and visits.
fn problem_json(d: &mut Dice) -> Value {
    let days = 1 + d.below(4);
    let planar = d.chance(10);
    let big = d.chance(10);
    let n_carers = if d.chance(3) { 0 } else { 1 + d.below(if big { 14 } else { 8 }) };
    let n_clients = 1 + d.below(if big { 16 } else { 8 });
    let carers: Vec<Value> = (0..n_carers).map(|k| carer(d, k, days, planar)).collect();
    let clients: Vec<Value> = (0..n_clients).map(|c| client(d, c, n_carers, planar)).collect();
    let n_visits = if d.chance(3) { 0 } else { 1 + d.below(if big { 80 } else { 30 }) };
    let mut visits: Vec<Value> = (0..n_visits).map(|i| visit(d, i, n_clients, days)).collect();
    links(d, &mut visits, days);
    let mut p = json!({
        "format_version": "1.0",
        "name": "fuzz",
        "week_start": DATES[0],
        "skills": SKILLS.iter().map(|s| json!({"id": s})).collect::<Vec<_>>(),
        "profiles": {"fz-a": profile(d), "fz-b": profile(d)},
        "clients": clients,
        "carers": carers,
        "visits": visits,
    });
    if d.chance(15) {
        p["working_time"] = json!({"break_rule": break_rule(d)});
    }
    if d.chance(15) {
        let mut modes = Map::new();
        for mode in MODES {
            if d.chance(50) {
                let mut m = Map::new();
                if d.chance(50) {
                    m.insert("detour_factor".into(), json!(1.0 + d.below(20) as f64 / 10.0));
                }
                if d.chance(50) {
                    m.insert("speed_kmh".into(), json!(d.pick(&[0.5, 4.0, 15.0, 30.0, 120.0, 300.0])));
                }
                if d.chance(50) {
                    m.insert("access_min".into(), json!(d.pick(&[0.0, 1.0, 8.0, 30.0])));
                }
                modes.insert(mode.into(), Value::Object(m));
            }
        }
        p["travel"] = json!({"kind": "distance", "modes": modes});
    }
    if d.chance(20) {
        p["objective"] = weights(d);
    }
    p
}

fn point(d: &mut Dice, planar: bool) -> Value {
    if planar {
        json!({"x": d.range(0, 200) as f64 / 10.0, "y": d.range(0, 200) as f64 / 10.0})
    } else {
        json!({"lat": 51.26 + d.range(0, 600) as f64 / 10_000.0, "lon": 1.04 + d.range(0, 800) as f64 / 10_000.0})
    }
}

fn break_rule(d: &mut Dice) -> Value {
    json!({"after_hours": d.pick(&[1.0, 2.5, 4.0, 6.0]), "break_min": d.pick(&[10, 20, 30, 45])})
}

/// A custom profile on a random built-in base, overriding a random selection of values.
fn profile(d: &mut Dice) -> Value {
    let mut p = Map::new();
    p.insert("base".into(), json!(d.pick(&BUILT_IN)));
    if d.chance(50) {
        let t1 = 1 + d.below(3) as u32;
        let t2 = 1 + d.below(4) as u32;
        let mut c = json!({"bands": [
            {"up_to_hours": 5.0, "target": t1, "max": t1 + d.below(2) as u32},
            {"up_to_hours": null, "target": t2, "max": t2 + d.below(3) as u32},
        ]});
        if d.chance(40) {
            let t = 1 + d.below(4) as u32;
            let from = if d.chance(50) { json!(10.0) } else { Value::Null };
            c["extended"] = json!({"target": t, "max": t + d.below(3) as u32, "high_hours_from": from});
        }
        p.insert("continuity".into(), c);
    }
    let set = |d: &mut Dice, p: &mut Map<String, Value>, key: &str, v: Value| {
        if d.chance(35) {
            p.insert(key.into(), v);
        }
    };
    let v = json!(d.pick(&[0, 15, 20]));
    set(d, &mut p, "short_call_max_min", v);
    let v = json!({"minimum_min": d.pick(&[15, 20, 30]), "step_min": d.pick(&[5, 15])});
    set(d, &mut p, "visit_units", v);
    let v = json!(d.pick(&[0, 60, 120, 240]));
    set(d, &mut p, "call_spacing_min", v);
    let v = json!(d.range(0, 20));
    set(d, &mut p, "double_handed_tolerance_min", v);
    let v = json!(d.range(0, 30));
    set(d, &mut p, "time_critical_tolerance_min", v);
    let v = json!(d.range(5, 60));
    set(d, &mut p, "punctuality_tolerance_min", v);
    let v = json!(d.range(30, 180));
    set(d, &mut p, "missed_threshold_min", v);
    if d.chance(35) {
        p.insert("core_start".into(), json!(hm(d.step(360, 540, 30))));
        p.insert("core_end".into(), json!(hm(d.step(1140, 1380, 30))));
    }
    let v = json!(d.chance(50));
    set(d, &mut p, "out_of_hours_opt_in", v);
    let v = json!(d.chance(50));
    set(d, &mut p, "travel_paid", v);
    // Rest (Working Time Regulations on the council bases, none on custom): lifted, short,
    // the regulations' own or long enough to bind on a night round.
    let v = json!(d.pick(&[0, 240, 660, 900]));
    set(d, &mut p, "daily_rest_min", v);
    let v = json!(d.pick(&[0, 720, 1440, 2160]));
    set(d, &mut p, "weekly_rest_min", v);
    Value::Object(p)
}

fn weights(d: &mut Dice) -> Value {
    let scale = |d: &mut Dice| d.pick(&[0.0, 0.5, 1.0, 3.0]);
    json!({
        "travel_minute": scale(d),
        "waiting_minute": scale(d),
        "deviation_minute": scale(d),
        "continuity_over_target": 100.0 * scale(d),
        "distinct_carer": 10.0 * scale(d),
        "tardiness_minute": scale(d),
        "max_tardiness_minute": scale(d),
    })
}

/// A carer with availability that never overlaps, day to day (a night shift past 24:00 holds
/// back the next day's start).
fn carer(d: &mut Dice, k: usize, days: usize, planar: bool) -> Value {
    // Availability may start the day before the first visit day and end the day after the last.
    let first = 0;
    let last = (days + 1).min(7);
    let mut availability = Vec::new();
    let mut free_from = 0i64; // minute of the week from which a window may start
    for (day, date) in DATES.iter().enumerate().take(last).skip(first) {
        let base = day as i64 * 1440;
        let windows: Vec<(i64, i64)> = match d.below(10) {
            0 => vec![],
            1..=3 => vec![(420, 1320)],
            4 | 5 => vec![(420, 780), (960, 1350)],
            6 | 7 => vec![(d.step(360, 600, 15), d.step(900, 1380, 15))],
            8 => vec![(d.pick(&[1200, 1320]), d.pick(&[1800, 1860]))], // night: to 30:00 or 31:00
            _ => vec![(d.step(300, 480, 15), d.step(540, 720, 15)), (1320, 1860)],
        };
        for (s, e) in windows {
            if base + s >= free_from && e > s {
                availability.push(json!({"date": date, "start": hm(s), "end": hm(e)}));
                free_from = base + e;
            }
        }
    }
    let mut skills = Vec::new();
    for s in SKILLS {
        if d.chance(60) {
            skills.push(if d.chance(20) {
                json!({"skill": s, "expires": DATES[d.below(days + 1)]})
            } else {
                json!({"skill": s})
            });
        }
    }
    let mut c = json!({
        "id": format!("k{k}"),
        "home": point(d, planar),
        "skills": skills,
        "availability": availability,
        "travel_mode": if d.chance(50) { "car" } else { MODES[d.below(4)] },
        "gender": d.pick(&["female", "female", "male", "male", "Female", "female "]),
        "languages": match d.below(5) { 0 | 1 => json!(["English", "Polish"]), 2 => json!(["Urdu", "English"]), _ => json!(["English"]) },
        "out_of_hours": d.chance(50),
    });
    let mut opt = |d: &mut Dice, key: &str, percent: u32, v: Value| {
        if d.chance(percent) {
            c[key] = v;
        }
    };
    let v = json!(d.range(1, 10));
    opt(d, "max_hours_per_day", 25, v);
    let v = json!(d.range(2, 40));
    opt(d, "max_hours_per_week", 25, v);
    let v = json!(d.range(4, 37));
    opt(d, "contracted_hours", 20, v);
    let v = json!({"break_rule": break_rule(d)});
    opt(d, "working_time", 20, v);
    let v = json!(d.range(0, 8));
    opt(d, "capacity", 20, v);
    let v = json!(true);
    opt(d, "commute_on_shift", 25, v);
    let v = point(d, planar);
    opt(d, "start_location", 10, v);
    let v = point(d, planar);
    opt(d, "end_location", 15, v);
    let v = json!(d.pick(&[10.0, 12.5, 20.0]));
    opt(d, "hourly_rate", 10, v);
    c
}

fn client(d: &mut Dice, c: usize, n_carers: usize, planar: bool) -> Value {
    let profiles = ["kent", "milton-keynes", "hammersmith-fulham", "bexley", "custom", "fz-a", "fz-b"];
    let mut v = json!({
        "id": format!("c{c}"),
        "location": point(d, planar),
        "profile": d.pick(&profiles),
        "weekly_hours": d.pick(&[0.0, 0.5, 2.0, 5.0, 12.0, 30.0]),
    });
    if d.chance(25) {
        v["required_skills"] = json!([d.pick(&SKILLS)]);
    }
    let excluded = (n_carers > 0 && d.chance(20)).then(|| d.below(n_carers));
    if let Some(x) = excluded {
        v["excluded_carers"] = json!([format!("k{x}")]);
    }
    if n_carers > 0 && d.chance(30) {
        let k = d.below(n_carers);
        v["preferred_carers"] = json!([format!("k{k}")]);
        if d.chance(60) && excluded != Some(k) {
            v["key_carer"] = json!(format!("k{k}"));
        }
    }
    let mut prefs = Vec::new();
    if d.chance(20) {
        prefs.push(json!({"attribute": "gender", "value": d.pick(&["female", "male"]), "required": d.chance(35)}));
    }
    if d.chance(20) {
        prefs.push(
            json!({"attribute": "language", "value": d.pick(&["Polish", "polish", "Urdu"]), "required": d.chance(25)}),
        );
    }
    if !prefs.is_empty() {
        v["preferences"] = json!(prefs);
    }
    v
}

fn visit(d: &mut Dice, i: usize, n_clients: usize, days: usize) -> Value {
    let start = match d.below(20) {
        0 => d.step(1350, 1425, 5),  // late evening
        1 => d.step(1440, 1740, 15), // past midnight, on the next day's clock
        _ => d.step(360, 1320, 5),
    };
    let duration = d.pick(&[10, 15, 20, 30, 45, 60, 90]);
    let mut v = json!({
        "id": format!("v{i}"),
        "client": format!("c{}", d.below(n_clients)),
        "date": DATES[d.below(days)],
        "start": hm(start),
        "duration_min": duration,
        "carers_required": d.pick(&[1, 1, 1, 1, 1, 1, 2, 2, 3]),
        "time_critical": d.chance(15),
        "priority": 1 + d.below(3),
    });
    if duration <= 20 {
        // Profiles with a short-call ban need authorisation; leave a few out (repaired away).
        v["short_call_authorised"] = json!(!d.chance(5));
    }
    if d.chance(25) {
        let before = d.pick(&[0, 15, 30, 60, 120]);
        let after = d.pick(&[0, 15, 30, 60, 180]);
        let shift = if d.chance(10) { d.pick(&[-90, 90]) } else { 0 };
        let earliest = (start - before + shift).max(0);
        v["window"] = json!({"earliest": hm(earliest), "latest": hm((start + after + shift).max(earliest))});
    }
    if d.chance(20) {
        v["skills"] = json!([d.pick(&SKILLS)]);
    }
    if d.chance(15) {
        v["due"] = json!(hm((start + d.range(-30, 120)).max(0)));
    }
    if d.chance(15) {
        v["demand"] = json!(d.range(0, 4));
    }
    v
}

/// Links between visits: mostly forward, any kind of gap, some across days.
fn links(d: &mut Dice, visits: &mut [Value], days: usize) {
    let n = visits.len();
    for (i, visit) in visits.iter_mut().enumerate() {
        if n < 2 || !d.chance(15) {
            continue;
        }
        let j = if d.chance(80) && i + 1 < n { i + 1 + d.below(n - i - 1) } else { (i + 1 + d.below(n - 1)) % n };
        let mut link = match d.below(6) {
            0 => json!({"min_gap_min": 0, "max_gap_min": 0}),
            1 => json!({"min_gap_min": 30, "max_gap_min": 90}),
            2 => json!({"min_gap_min": 240}),
            3 => json!({"min_gap_min": -30, "max_gap_min": 30}),
            4 if days > 1 => json!({"min_gap_min": 1200, "max_gap_min": 1680}),
            _ => json!({"min_gap_min": d.range(0, 120)}),
        };
        link["visit"] = json!(format!("v{j}"));
        if d.chance(30) {
            link["different_carers"] = json!(true);
        }
        if let Some(links) = visit.get_mut("links").and_then(Value::as_array_mut) {
            links.push(link);
        } else {
            visit["links"] = json!([link]);
        }
    }
}

/// Random whole-minute matrices for each mode, as matrix files: asymmetric and without the
/// triangle inequality, as a real matrix may be. Sets the problem's travel to them.
fn random_matrices(d: &mut Dice, json: &mut Value) -> BTreeMap<String, Value> {
    let Ok(problem) = serde_json::from_value::<Problem>(json.clone()) else { return BTreeMap::new() };
    let places = Places::of(&problem);
    let n = places.labels.len();
    let mut files = BTreeMap::new();
    let mut names = Map::new();
    for mode in [TravelMode::Car, TravelMode::Walk, TravelMode::Cycle, TravelMode::PublicTransport] {
        let minutes: Vec<Vec<f64>> = (0..n)
            .map(|a| (0..n).map(|b| if a == b { 0.0 } else { d.pick(&[0, 1, 5, 10, 20, 45, 90]) as f64 }).collect())
            .collect();
        let name = matrix_name(mode.name());
        files.insert(
            name.clone(),
            json!({"format_version": "1.0", "mode": mode.name(), "locations": places.labels, "minutes": minutes}),
        );
        names.insert(mode.name().into(), json!(name));
    }
    json["travel"] = json!({"kind": "matrix", "files": names});
    files
}

/// Drop what the loader's errors name: a link (`$.visits[i].links[j]…`) or a visit
/// (`$.visits[i]…`, with the links to it). Returns how many were dropped.
fn repair(json: &mut Value, errors: &format::InputErrors) -> usize {
    let Some(visits) = json.get_mut("visits").and_then(Value::as_array_mut) else { return 0 };
    let id_of = |i: usize| visits.get(i)?.get("id")?.as_str().map(str::to_string);
    let mut drop_links: Vec<(usize, usize)> = Vec::new();
    let mut drop_ids: Vec<String> = Vec::new();
    for e in errors.errors() {
        let Some(rest) = e.path.strip_prefix("$.visits[") else {
            // Not under a visit's path: an unsatisfiable link cycle names a visit by id only.
            drop_ids.extend(e.id.clone().filter(|id| id.starts_with('v')));
            continue;
        };
        let Some((i, rest)) = rest.split_once(']') else { continue };
        let Ok(i) = i.parse::<usize>() else { continue };
        match rest.strip_prefix(".links[").and_then(|r| r.split_once(']')).and_then(|(j, _)| j.parse().ok()) {
            Some(j) => drop_links.push((i, j)),
            None => drop_ids.extend(id_of(i)),
        }
    }
    drop_links.sort_unstable();
    drop_links.dedup();
    for &(i, j) in drop_links.iter().rev() {
        if let Some(links) = visits.get_mut(i).and_then(|v| v.get_mut("links")).and_then(Value::as_array_mut) {
            if j < links.len() {
                links.remove(j);
            }
        }
    }
    drop_ids.sort_unstable();
    drop_ids.dedup();
    let named =
        |v: &Value, key: &str| v.get(key).and_then(Value::as_str).is_some_and(|id| drop_ids.iter().any(|x| x == id));
    visits.retain(|v| !named(v, "id"));
    for v in visits.iter_mut() {
        if let Some(links) = v.get_mut("links").and_then(Value::as_array_mut) {
            links.retain(|l| !named(l, "visit"));
        }
    }
    drop_links.len() + drop_ids.len()
}

/// The rule types a case exercises, by name (for the soak's coverage table).
pub fn features(case: &Case) -> Vec<&'static str> {
    use rota::model::{Location, PreferenceAttribute, TravelConfig};
    let p = &case.problem;
    let mut f = Vec::new();
    let mut add = |yes: bool, name: &'static str| {
        if yes {
            f.push(name)
        }
    };
    let visits = &p.visits;
    add(visits.is_empty(), "no visits");
    add(p.carers.is_empty(), "no carers");
    add(visits.iter().any(|v| v.carers_required == 2), "double-handed");
    add(visits.iter().any(|v| v.carers_required == 3), "triple-handed");
    add(visits.iter().any(|v| v.time_critical), "time-critical");
    add(visits.iter().any(|v| v.window.is_some()), "window");
    add(visits.iter().any(|v| v.start.whole_minutes() >= 1440), "visit past 24:00");
    add(visits.iter().any(|v| v.due.is_some()), "due time");
    add(visits.iter().any(|v| v.demand > 0), "demand");
    add(visits.iter().any(|v| v.short_call_authorised), "authorised short call");
    add(visits.iter().any(|v| !v.skills.is_empty()), "visit skill");
    add(visits.iter().flat_map(|v| &v.links).any(|l| l.max_gap_min == Some(0) && l.min_gap_min == 0), "sync link");
    add(visits.iter().flat_map(|v| &v.links).any(|l| l.max_gap_min.is_some_and(|m| m > 0)), "min-max gap link");
    add(visits.iter().flat_map(|v| &v.links).any(|l| l.max_gap_min.is_none()), "min-gap link");
    add(visits.iter().flat_map(|v| &v.links).any(|l| l.different_carers), "different_carers link");
    add(p.clients.iter().any(|c| !c.required_skills.is_empty()), "client skill");
    add(p.clients.iter().any(|c| !c.excluded_carers.is_empty()), "exclusion");
    add(p.clients.iter().any(|c| c.key_carer.is_some()), "key carer");
    add(p.clients.iter().any(|c| c.preferences.iter().any(|x| x.required)), "required preference");
    add(p.clients.iter().any(|c| c.preferences.iter().any(|x| !x.required)), "soft preference");
    add(
        p.clients.iter().flat_map(|c| &c.preferences).any(|x| x.attribute == PreferenceAttribute::Language),
        "language preference",
    );
    let profiles: Vec<_> = p.clients.iter().filter_map(|c| p.profile(&c.profile)).collect();
    add(profiles.iter().any(|r| !r.continuity.bands.is_empty()), "continuity cap");
    add(profiles.iter().any(|r| r.continuity.extended.is_some()), "extended continuity cap");
    add(profiles.iter().any(|r| r.short_call_max_min.is_some_and(|m| m > 0)), "short-call ban");
    add(profiles.iter().any(|r| r.call_spacing_min.is_some_and(|m| m > 0)), "call spacing");
    add(profiles.iter().any(|r| r.out_of_hours_opt_in), "out-of-hours opt-in");
    add(profiles.iter().any(|r| r.travel_paid), "paid travel");
    add(profiles.iter().any(|r| r.daily_rest_min.is_some_and(|m| m > 0)), "daily rest");
    add(profiles.iter().any(|r| r.weekly_rest_min.is_some_and(|m| m > 0)), "weekly rest");
    add(!p.profiles.is_empty(), "custom profiles");
    let carers = &p.carers;
    add(carers.iter().flat_map(|c| &c.skills).any(|s| s.expires.is_some()), "skill expiry");
    add(carers.iter().any(|c| c.availability.iter().any(|a| a.end.whole_minutes() > 1440)), "night availability");
    add(
        carers.iter().any(|c| {
            let mut dates: Vec<_> = c.availability.iter().map(|a| a.date).collect();
            let n = dates.len();
            dates.dedup();
            dates.len() < n
        }),
        "split availability",
    );
    add(carers.iter().any(|c| c.max_hours_per_day.is_some()), "daily hours");
    add(carers.iter().any(|c| c.max_hours_per_week.is_some()), "weekly hours");
    add(carers.iter().any(|c| c.working_time.is_some()) || p.working_time.break_rule.is_some(), "break rule");
    add(carers.iter().any(|c| c.capacity.is_some()), "capacity");
    add(carers.iter().any(|c| c.commute_on_shift), "commute_on_shift");
    add(carers.iter().any(|c| c.end_location.is_some() || c.start_location.is_some()), "start/end location");
    add(carers.iter().any(|c| c.out_of_hours), "out-of-hours carer");
    for mode in [TravelMode::Walk, TravelMode::Cycle, TravelMode::PublicTransport] {
        add(carers.iter().any(|c| c.travel_mode == mode), mode.name());
    }
    add(matches!(p.travel, TravelConfig::Matrix { .. }), "matrix travel");
    add(matches!(&p.travel, TravelConfig::Distance { modes } if !modes.is_empty()), "distance parameters");
    add(p.clients.iter().any(|c| matches!(c.location, Location::Planar { .. })), "plane coordinates");
    f
}
