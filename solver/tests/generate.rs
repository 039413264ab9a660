//! The generator: determinism, validity, the shipped datasets and the structural facts users
//! rely on.

use rota::format::{parse_problem, parse_problem_with_warnings, to_json};
use rota::generate::{generate, DatasetStats, GenerateOptions, PostcodeTable, Slot, SHIPPED};
use rota::model::Problem;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn datasets() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets")
}

fn table(area: &str) -> PostcodeTable {
    PostcodeTable::from_path(datasets().join("postcodes").join(format!("{area}.csv"))).expect("shipped postcodes")
}

fn small(profile: &str, seed: u64) -> Problem {
    let o = GenerateOptions::new(profile, 40, 12, seed);
    generate(&o, &table(&o.area)).expect("generates")
}

const PROFILES: [&str; 4] = ["kent", "milton-keynes", "hammersmith-fulham", "bexley"];

#[test]
fn same_seed_same_file_and_another_seed_another() {
    for profile in PROFILES {
        let a = to_json(&small(profile, 5));
        let b = to_json(&small(profile, 5));
        let c = to_json(&small(profile, 6));
        assert_eq!(a, b, "{profile}: same seed must give the same bytes");
        assert_ne!(a, c, "{profile}: another seed must give another problem");
    }
}

#[test]
fn more_carers_leave_the_packages_alone() {
    let t = table("canterbury");
    let a = generate(&GenerateOptions::new("kent", 30, 8, 2), &t).unwrap();
    let b = generate(&GenerateOptions::new("kent", 30, 12, 2), &t).unwrap();
    let slots = |p: &Problem| p.visits.iter().map(|v| (v.id.clone(), v.start, v.duration_min)).collect::<Vec<_>>();
    assert_eq!(slots(&a), slots(&b));
}

#[test]
fn generated_problems_validate_without_errors_or_warnings() {
    for profile in PROFILES {
        for seed in [1, 2, 3] {
            let p = small(profile, seed);
            let text = to_json(&p);
            let (back, warnings) =
                parse_problem_with_warnings(&text, "gen.json").unwrap_or_else(|e| panic!("{profile} seed {seed}: {e}"));
            assert!(warnings.0.is_empty(), "{profile} seed {seed}: {warnings}");
            // Reading normalises languages and genders ("English" is read as "english").
            let mut p = p;
            p.normalise();
            assert_eq!(back, p);
            assert!(parse_problem(&text, "gen.json").is_ok());
        }
    }
    // Tiny sizes, where few carers hold each skill.
    let t = table("bexley");
    for (clients, carers) in [(1, 1), (3, 2), (12, 3)] {
        let p = generate(&GenerateOptions::new("bexley", clients, carers, 9), &t).unwrap();
        parse_problem(&to_json(&p), "gen.json").unwrap_or_else(|e| panic!("{clients}/{carers}: {e}"));
    }
}

#[test]
fn shipped_datasets_regenerate_byte_for_byte() {
    for s in SHIPPED {
        let path = datasets().join(s.dir).join("problem.json");
        let shipped = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let p = generate(&s.options(), &table(s.area)).unwrap();
        let text = to_json(&p);
        assert!(text == shipped, "{} differs from `{}`", path.display(), s.command());
        let (_, warnings) = parse_problem_with_warnings(&text, s.dir).unwrap_or_else(|e| panic!("{}: {e}", s.dir));
        assert!(warnings.0.is_empty(), "{}: {warnings}", s.dir);
        let stats = DatasetStats::of(&p);
        assert!(stats.supply_ratio >= 1.3, "{}: {stats}", s.dir);
        assert!(stats.morning_load <= 0.85, "{}: {stats}", s.dir);
        // The capacity rule sizes the evening carers too, save in the week short of them on purpose.
        if s.dir == "kent-over-demand" {
            assert!(stats.evening_load > 1.0, "{}: {stats}", s.dir);
        } else {
            // As printed, to two decimals (datasets/README.md, the capacity rule).
            assert!((stats.evening_load * 100.0).round() <= 85.0, "{}: {stats}", s.dir);
        }
    }
}

/// Every structural promise, on one problem.
fn assert_structure(p: &Problem) {
    let profile = &p.clients[0].profile;
    let by_id: BTreeMap<&str, &rota::model::Client> = p.clients.iter().map(|c| (c.id.as_str(), c)).collect();
    let week_end = p.week_start + chrono::Days::new(6);

    // Calls fall in the morning, lunch, tea or bed band; only H&F has out-of-hours bed calls.
    for v in &p.visits {
        assert!(Slot::of(v.start).is_some(), "{} at {} is in no band", v.id, v.start);
        if v.start > rota::generate::params::BED_LATEST {
            assert_eq!(profile, "hammersmith-fulham", "{}", v.id);
        }
        assert!(v.priority == if v.time_critical { 2 } else { 1 });
    }

    // Weekly hours are the carer hours of the visits, rounded up to a quarter hour.
    let mut seat_min: BTreeMap<&str, i32> = BTreeMap::new();
    for v in &p.visits {
        *seat_min.entry(v.client.as_str()).or_default() += v.duration_min * v.carers_required as i32;
    }
    for c in &p.clients {
        let m = seat_min.get(c.id.as_str()).copied().unwrap_or(0);
        assert!(c.weekly_hours * 60.0 >= m as f64 && c.weekly_hours * 60.0 < m as f64 + 15.0, "{}", c.id);
    }

    // A carer's availability windows never overlap.
    for c in &p.carers {
        let mut spans: Vec<(i32, i32)> = c
            .availability
            .iter()
            .map(|a| {
                let d = (a.date - p.week_start).num_days() as i32 * 1440;
                (d + a.start.whole_minutes(), d + a.end.whole_minutes())
            })
            .collect();
        spans.sort();
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0, "{} has overlapping availability", c.id);
        }
    }

    // Key and preferred carers hold the client's skills for the whole week, and are not excluded.
    for cl in &p.clients {
        let mut needed: BTreeSet<&str> = cl.required_skills.iter().map(String::as_str).collect();
        for v in p.visits.iter().filter(|v| v.client == cl.id) {
            needed.extend(v.skills.iter().map(String::as_str));
        }
        for k in cl.key_carer.iter().chain(cl.preferred_carers.iter()) {
            assert!(!cl.excluded_carers.contains(k));
            let carer = p.carers.iter().find(|c| &c.id == k).unwrap();
            for s in &needed {
                let held = carer.skills.iter().find(|h| h.skill == *s);
                assert!(held.is_some_and(|h| h.expires.is_none_or(|e| e >= week_end)), "{k} lacks {s} for {}", cl.id);
            }
        }
    }

    // Bexley: whatever starts the windows allow, a client's calls on a day start ≥ 240 min apart.
    if profile == "bexley" {
        let mut days: BTreeMap<(&str, chrono::NaiveDate), Vec<(i32, i32)>> = BTreeMap::new();
        for v in &p.visits {
            let (lo, hi) = match v.window {
                Some(w) => (w.earliest.whole_minutes(), w.latest.whole_minutes()),
                None => {
                    let d = if v.time_critical { 15 } else { 44 };
                    (v.start.whole_minutes() - d, v.start.whole_minutes() + d)
                }
            };
            days.entry((v.client.as_str(), v.date)).or_default().push((lo, hi));
        }
        for ((client, date), mut calls) in days {
            calls.sort();
            for w in calls.windows(2) {
                assert!(w[1].0 - w[0].1 >= 240, "{client} on {date}: calls closer than 4 h");
            }
        }
    }

    // Every client is at a residential postcode with a cluster.
    for c in &p.clients {
        assert!(c.postcode.is_some() && c.cluster.is_some());
        assert!(by_id.contains_key(c.id.as_str()));
    }
}

#[test]
fn structure_holds_for_every_profile() {
    for profile in PROFILES {
        for seed in [1, 4] {
            assert_structure(&small(profile, seed));
        }
    }
}

#[test]
fn structure_and_mix_of_the_large_kent_week() {
    let s = SHIPPED.iter().find(|s| s.dir == "kent-canterbury").unwrap();
    let p = generate(&s.options(), &table(s.area)).unwrap();
    assert_structure(&p);
    let stats = DatasetStats::of(&p);
    let share = stats.double_handed_clients as f64 / stats.clients as f64;
    assert!((0.04..=0.15).contains(&share), "double-handed share {share}");
    assert!((4000..=5000).contains(&stats.seats), "{stats}");
    let tc = p.clients.iter().filter(|c| p.visits.iter().any(|v| v.client == c.id && v.time_critical)).count();
    assert!((0.05..=0.25).contains(&(tc as f64 / p.clients.len() as f64)), "time-critical clients {tc}");
    // Some clients need visits only on some days.
    let mut days: BTreeMap<&str, BTreeSet<chrono::NaiveDate>> = BTreeMap::new();
    for v in &p.visits {
        days.entry(v.client.as_str()).or_default().insert(v.date);
    }
    assert!(days.values().any(|d| d.len() < 7));
    assert!(p.visits.iter().any(|v| !v.links.is_empty()), "some follow-up links");
    assert!(p.clients.iter().any(|c| !c.preferences.is_empty()));
    assert!(p.clients.iter().any(|c| !c.excluded_carers.is_empty()));
    assert!(p.clients.iter().any(|c| c.key_carer.is_some()));
    let expired = p.carers.iter().flat_map(|c| &c.skills).filter(|s| s.expires.is_some_and(|e| e < p.week_start));
    assert!(expired.count() > 0, "some credentials have lapsed");
    // Kent's grid: 30, 45 or 60 minutes.
    assert!(p.visits.iter().all(|v| [30, 45, 60].contains(&v.duration_min)));
}

#[test]
fn postcode_weights_follow_the_65_plus_population() {
    let t = table("canterbury");
    let w = t.client_weights();
    assert_eq!(w.len(), t.rows.len());
    assert!(w.iter().all(|x| *x > 0.0));
    // Each LSOA's total weight is its 65+ count.
    let mut per: BTreeMap<&str, f64> = BTreeMap::new();
    for (r, x) in t.rows.iter().zip(&w) {
        *per.entry(r.lsoa.as_str()).or_default() += x;
    }
    let r = t.rows.iter().find(|r| r.lsoa_age65plus.is_some()).unwrap();
    assert!((per[r.lsoa.as_str()] - r.lsoa_age65plus.unwrap()).abs() < 1e-6);
}

#[test]
fn bad_options_are_errors() {
    let t = table("canterbury");
    let mut o = GenerateOptions::new("kent", 3, 2, 1);
    o.week_start = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    assert!(generate(&o, &t).unwrap_err().to_string().contains("Monday"));
    assert!(generate(&GenerateOptions::new("surrey", 3, 2, 1), &t).is_err());
    assert!(generate(&GenerateOptions::new("kent", 0, 2, 1), &t).is_err());
}

#[test]
fn isle_of_wight_weeks_sit_on_the_island_with_town_carers_walking_or_cycling() {
    let mut o = GenerateOptions::new("custom", 200, 50, 2);
    o.area = "isle-of-wight".into();
    let p = generate(&o, &table("isle-of-wight")).expect("generates");
    let on_island = |l: &rota::model::Location| match *l {
        rota::model::Location::Geo { lat, lon } => (50.57..50.78).contains(&lat) && (-1.6..-1.05).contains(&lon),
        _ => false,
    };
    assert!(p.clients.iter().all(|c| on_island(&c.location)), "a client off the island");
    assert!(p.carers.iter().all(|k| on_island(&k.home)), "a carer off the island");
    // Non-car carers only where the home is dense enough (a town centre), and some exist.
    let t = table("isle-of-wight");
    let town: Vec<&rota::model::Carer> =
        p.carers.iter().filter(|k| k.travel_mode != rota::model::TravelMode::Car).collect();
    assert!(town.len() >= 2, "expected a few walking or cycling carers, got {}", town.len());
    for k in town {
        let near = t.rows.iter().filter(|r| rota::travel::haversine_m(r.location, k.home) <= 1000.0).count();
        assert!(near >= 150, "{} walks or cycles from a home with only {near} postcodes within 1 km", k.id);
    }
}

/// Every shift pattern keeps the daily rest rule (11 h in each 24, the councils' profiles) on its
/// own, with half an hour to spare for travel: a working day spans at most 13 h, and the next
/// working day starts at least 11 h 30 min after it ends. So carers can work every window.
#[test]
fn every_shift_pattern_leaves_eleven_hours_of_rest() {
    use rota::generate::params::{EVENING_SHIFT, OUT_OF_HOURS_END, SHIFTS};
    let mut patterns: Vec<Vec<(i32, i32)>> = SHIFTS.iter().map(|s| s.1.to_vec()).collect();
    patterns.push(EVENING_SHIFT.to_vec());
    patterns.push(EVENING_SHIFT.iter().map(|&(a, _)| (a, OUT_OF_HOURS_END)).collect());
    for p in patterns {
        let (start, end) = (p[0].0, p[p.len() - 1].1);
        assert!(end - start <= 13 * 60, "{p:?} spans more than 13 h");
        assert!(start + 24 * 60 - end >= 11 * 60 + 30, "{p:?} leaves less than 11 h 30 min before the next day");
    }
}

/// Evening carers come after the day carers and leave them alone; they work only the evening
/// run, and the packages stay the same.
#[test]
fn evening_carers_are_added_after_the_day_carers() {
    let t = table("canterbury");
    let a = generate(&GenerateOptions::new("kent", 30, 12, 2), &t).unwrap();
    let b = generate(&GenerateOptions { evening_carers: 5, ..GenerateOptions::new("kent", 30, 12, 2) }, &t).unwrap();
    assert_eq!(b.carers.len(), 17);
    for (x, y) in a.carers.iter().zip(&b.carers) {
        assert_eq!((&x.id, x.home, &x.availability), (&y.id, y.home, &y.availability));
    }
    for k in &b.carers[12..] {
        assert!(!k.availability.is_empty(), "{}", k.id);
        assert!(
            k.availability.iter().all(|w| w.start.to_string() == "16:00" && w.end.to_string() == "23:00"),
            "{}",
            k.id
        );
    }
    let slots = |p: &Problem| p.visits.iter().map(|v| (v.id.clone(), v.start, v.duration_min)).collect::<Vec<_>>();
    assert_eq!(slots(&a), slots(&b));
    assert!(DatasetStats::of(&b).evening_load < DatasetStats::of(&a).evening_load);
}
