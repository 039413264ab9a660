//! Scenario transforms, workforce growth and the sweep, on the demo week.

use rota::format::{Findings, InputErrors};
use rota::model::{Problem, TravelMode};
use rota::time::ClockTime;
use rota::travel::Travel;
use rota_capacity::scenario::{self, scale_travel, Change, PackageSize, Scenario, TimeBand};
use rota_capacity::sweep::{self, parse_range, sweep, SweepOptions, BASELINE};
use rota_capacity::workforce;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn demo() -> Problem {
    rota::format::load_problem(repo("datasets/demo/problem.json")).unwrap().0
}

/// The problem passes every rule a problem file must meet.
fn assert_valid(p: &Problem) {
    let mut f = Findings::new("changed.json");
    rota::validate::problem(p, &mut f);
    let errors = InputErrors(f.list);
    assert!(!errors.has_errors(), "{errors}");
}

fn apply(p: &Problem, changes: Vec<Change>) -> scenario::Applied {
    let a = Scenario { name: "t".into(), changes, ..Scenario::default() }.apply(p, 7);
    assert_valid(&a.problem);
    a
}

fn shift_hours(p: &Problem) -> f64 {
    p.carers.iter().flat_map(|c| &c.availability).map(|a| (a.end.ticks() - a.start.ticks()) as f64 / 3.6e6).sum()
}

#[test]
fn demand_growth_adds_the_share_of_seats_as_copies_of_clients() {
    let p = demo();
    let a = apply(&p, vec![Change::DemandGrowth { percent: 20.0, band: None, package: None, cluster: None }]);
    let added = a.problem.seat_count() - p.seat_count();
    // Whole clients are added, so the growth is near the target, not exact: within one client.
    let most = p.clients.iter().map(|c| p.visits.iter().filter(|v| v.client == c.id).count()).max().unwrap();
    assert!((added as i64 - 84).unsigned_abs() as usize <= most, "added {added} seats, wanted about 84");
    let new: Vec<_> = a.problem.clients[p.clients.len()..].iter().collect();
    assert!(!new.is_empty());
    for c in new {
        // A copy of a client of the week, at the home of a client of the week.
        assert!(p.clients.iter().any(|o| o.location == c.location));
        assert!(c.key_carer.is_none() && c.preferred_carers.is_empty());
        assert!(a.problem.visits.iter().any(|v| v.client == c.id));
    }
    // The same seed gives the same week; another seed another.
    let again = Scenario {
        name: "t".into(),
        changes: vec![Change::DemandGrowth { percent: 20.0, band: None, package: None, cluster: None }],
        ..Scenario::default()
    };
    assert_eq!(again.apply(&p, 7).problem, a.problem);
    assert_ne!(again.apply(&p, 8).problem.visits, a.problem.visits);
}

#[test]
fn demand_growth_by_band_adds_only_visits_in_the_band() {
    let p = demo();
    let band = TimeBand { start: ClockTime::hm(17, 0), end: ClockTime::hm(22, 0) };
    let a = apply(&p, vec![Change::DemandGrowth { percent: 50.0, band: Some(band), package: None, cluster: None }]);
    let new: Vec<_> = a.problem.visits[p.visits.len()..].iter().collect();
    assert!(!new.is_empty());
    assert!(new.iter().all(|v| band.holds(v.start)), "a visit outside 17:00-22:00 was added");
    let in_band: usize = p.visits.iter().filter(|v| band.holds(v.start)).map(|v| v.carers_required as usize).sum();
    let added: usize = new.iter().map(|v| v.carers_required as usize).sum();
    assert!(added as f64 >= 0.3 * in_band as f64 && added as f64 <= 0.7 * in_band as f64, "{added} of {in_band}");
}

#[test]
fn demand_growth_by_package_size_draws_only_such_packages() {
    let p = demo();
    let small = PackageSize { min_hours: None, max_hours: Some(7.0) };
    let a = apply(&p, vec![Change::DemandGrowth { percent: 30.0, band: None, package: Some(small), cluster: None }]);
    let new = &a.problem.clients[p.clients.len()..];
    assert!(!new.is_empty());
    assert!(new.iter().all(|c| c.weekly_hours < 7.0), "{:?}", new.iter().map(|c| c.weekly_hours).collect::<Vec<_>>());
}

#[test]
fn provider_loss_removes_the_providers_carers_and_references_to_them() {
    let mut p = demo();
    for (i, c) in p.carers.iter_mut().enumerate() {
        c.provider = Some(if i % 3 == 0 { "acorn" } else { "birch" }.into());
    }
    p.clients[0].key_carer = Some(p.carers[0].id.clone());
    p.clients[0].preferred_carers = vec![p.carers[0].id.clone(), p.carers[1].id.clone()];
    let a = apply(&p, vec![Change::ProviderLoss { provider: "acorn".into() }]);
    assert_eq!(a.problem.carers.len(), 8);
    assert!(a.problem.carers.iter().all(|c| c.provider.as_deref() == Some("birch")));
    assert_eq!(a.problem.clients[0].key_carer, None);
    assert_eq!(a.problem.clients[0].preferred_carers, vec![p.carers[1].id.clone()]);
    // Carer loss of one provider only.
    let b = apply(&p, vec![Change::CarerLoss { percent: 50.0, provider: Some("birch".into()) }]);
    let count = |q: &Problem, name: &str| q.carers.iter().filter(|c| c.provider.as_deref() == Some(name)).count();
    assert_eq!((count(&b.problem, "acorn"), count(&b.problem, "birch")), (4, 4));
}

#[test]
fn carer_loss_removes_the_share() {
    let p = demo();
    let a = apply(&p, vec![Change::CarerLoss { percent: 25.0, provider: None }]);
    assert_eq!(a.problem.carers.len(), 9);
    let ids: BTreeSet<_> = p.carers.iter().map(|c| &c.id).collect();
    assert!(a.problem.carers.iter().all(|c| ids.contains(&c.id)));
}

#[test]
fn sickness_and_leave_remove_the_share_of_shift_hours() {
    let p = demo();
    let a = apply(&p, vec![Change::SicknessLeave { percent: 10.0 }]);
    let (before, after) = (shift_hours(&p), shift_hours(&a.problem));
    let longest = 12.0;
    assert!(((before - after) - 0.1 * before).abs() <= longest / 2.0, "{before} → {after}");
    assert!(after < before);
    // Whole shifts go: every shift left is one the carer had.
    for c in &a.problem.carers {
        let o = p.carers.iter().find(|o| o.id == c.id).unwrap();
        assert!(c.availability.iter().all(|w| o.availability.contains(w)));
    }
}

#[test]
fn cluster_hours_removed_touch_only_the_clusters_carers() {
    let p = demo();
    let of = scenario::carer_clusters(&p);
    let cluster = of.iter().flatten().next().unwrap().clone();
    let a = apply(&p, vec![Change::ClusterHoursRemoved { cluster: cluster.clone(), percent: 100.0 }]);
    for (k, c) in p.carers.iter().enumerate() {
        let now = a.problem.carers.iter().find(|x| x.id == c.id);
        if of[k].as_deref() == Some(cluster.as_str()) {
            assert!(now.is_none(), "carer {} of {cluster} kept shifts", c.id);
        } else {
            assert_eq!(now, Some(c), "carer {} of another cluster changed", c.id);
        }
    }
}

#[test]
fn slower_travel_multiplies_trip_times() {
    let p = demo();
    let base = Travel::for_problem(&p, Path::new("."), "demo").unwrap();
    let a = apply(&p, vec![Change::SlowerTravel { factor: 1.5 }]);
    assert_eq!(a.travel_factor, 1.0, "the distance model is slowed in the problem itself");
    let slow = Travel::for_problem(&a.problem, Path::new("."), "demo").unwrap();
    let m = (base.matrix(TravelMode::Car).unwrap(), slow.matrix(TravelMode::Car).unwrap());
    let (mut n, mut sum_base, mut sum_slow) = (0, 0.0, 0.0);
    for i in 0..base.places.locations.len() {
        for j in 0..base.places.locations.len() {
            let (b, s) = (m.0.minutes(i, j), m.1.minutes(i, j));
            assert!((s - 1.5 * b).abs() <= 1.0, "{i}->{j}: {b} min became {s}");
            sum_base += b;
            sum_slow += s;
            n += 1;
        }
    }
    assert!(n > 0 && (sum_slow / sum_base - 1.5).abs() < 0.01);
    // Travel from matrices is scaled after it is built.
    let scaled = scale_travel(&base, 2.0);
    assert_eq!(scaled.matrix(TravelMode::Car).unwrap().minutes(0, 1), 2.0 * m.0.minutes(0, 1));
}

#[test]
fn rural_uplift_bills_more_for_the_named_clients_only() {
    let p = demo();
    let cluster = p.clients[0].cluster.clone().unwrap();
    let a = apply(&p, vec![Change::RuralUplift { percent: 10.0, clusters: vec![cluster.clone()], postcodes: vec![] }]);
    assert_eq!(a.problem, p, "an uplift changes no rota input");
    for (c, up) in p.clients.iter().zip(&a.uplift) {
        assert_eq!(*up, if c.cluster.as_deref() == Some(cluster.as_str()) { 0.1 } else { 0.0 }, "{}", c.id);
    }
    let pc = p.clients[1].postcode.clone().unwrap();
    let prefix = pc.split(' ').next().unwrap().to_lowercase();
    let b = apply(&p, vec![Change::RuralUplift { percent: 5.0, clusters: vec![], postcodes: vec![prefix] }]);
    assert_eq!(b.uplift[1], 0.05);
}

#[test]
fn a_scenario_file_reports_every_error_with_its_path() {
    let p = demo();
    let text = r#"{"scenarios": [
        {"name": "a", "changes": [{"kind": "sickness_leave", "percent": 120},
                                  {"kind": "slower_travel", "factor": "fast"},
                                  {"kind": "provider_loss", "provider": "nobody"}]},
        {"name": "b", "changes": [{"kind": "heatwave"}, {"kind": "carer_loss", "percent": 5, "colour": 1}]},
        {"name": "a"}
    ]}"#;
    let errors = scenario::parse(text, "s.json", &p).unwrap_err().0;
    let got: Vec<(&str, &str)> = errors.iter().map(|e| (e.path.as_str(), e.code)).collect();
    for want in [
        ("$.scenarios[0].changes[1].factor", "wrong_type"),
        ("$.scenarios[1].changes[0].kind", "unknown_field"),
        ("$.scenarios[1].changes[1].colour", "unknown_field"),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
    assert!(errors.iter().all(|e| e.file == "s.json"));
    // Once it reads, names and ranges are checked, all together.
    let text = r#"{"scenarios": [
        {"name": "a", "changes": [{"kind": "sickness_leave", "percent": 120},
                                  {"kind": "provider_loss", "provider": "nobody"}]},
        {"name": "a", "changes": [{"kind": "rural_uplift", "percent": 5}]},
        {"name": "baseline"}]}"#;
    let errors = scenario::parse(text, "s.json", &p).unwrap_err().0;
    let got: Vec<(&str, &str, Option<&str>)> =
        errors.iter().map(|e| (e.path.as_str(), e.code, e.id.as_deref())).collect();
    assert_eq!(
        got,
        [
            ("$.scenarios[0].changes[0].percent", "invalid_value", Some("a")),
            ("$.scenarios[0].changes[1].provider", "unknown_reference", Some("a")),
            ("$.scenarios[1].name", "duplicate_id", Some("a")),
            ("$.scenarios[1].changes[0]", "missing_field", Some("a")),
            ("$.scenarios[2].name", "duplicate_id", Some("baseline")),
        ]
    );
    // The shipped example reads against the demo week.
    let shipped = scenario::load(&repo("datasets/scenarios/winter.json"), &p).unwrap();
    assert_eq!(shipped.scenarios.len(), 3);
}

#[test]
fn added_carers_follow_the_weeks_mix() {
    let p = demo();
    let n = p.carers.len();
    let big = workforce::sized(&p, n + 600, 3);
    assert_valid(&big);
    assert_eq!(big.carers[..n], p.carers[..]);
    let added = &big.carers[n..];
    for c in added {
        assert!(c.id.starts_with(workforce::ADDED));
        let home = p.carers.iter().find(|o| o.home == c.home).expect("a home of the week");
        assert_eq!(c.travel_mode, home.travel_mode, "mode goes with the home");
        assert!(p
            .carers
            .iter()
            .any(|o| o.availability == c.availability && o.max_hours_per_week == c.max_hours_per_week));
        assert!(p.carers.iter().any(|o| o.skills == c.skills && o.gender == c.gender));
        assert_eq!(c.provider, None);
    }
    // Shares of modes and shift patterns within a few points of the week's.
    let share = |cs: &[rota::model::Carer], f: &dyn Fn(&rota::model::Carer) -> String| {
        let mut m: BTreeMap<String, f64> = BTreeMap::new();
        for c in cs {
            *m.entry(f(c)).or_default() += 1.0 / cs.len() as f64;
        }
        m
    };
    let pattern = |c: &rota::model::Carer| format!("{:?}", c.availability);
    let mode = |c: &rota::model::Carer| c.travel_mode.name().to_string();
    for f in [&pattern as &dyn Fn(&rota::model::Carer) -> String, &mode] {
        let (want, got) = (share(&p.carers, f), share(added, f));
        for (k, w) in &want {
            let g = got.get(k).copied().unwrap_or(0.0);
            assert!((g - w).abs() < 0.07, "{k}: {g:.3} added against {w:.3} in the week");
        }
    }
    // Nested: a larger workforce holds every carer of a smaller one; the seed decides who.
    let mid = workforce::sized(&p, n + 10, 3);
    assert_eq!(mid.carers[..], big.carers[..n + 10]);
    assert_ne!(workforce::sized(&p, n + 10, 4).carers, mid.carers);
    let small = workforce::sized(&p, n - 4, 3);
    assert_valid(&small);
    assert_eq!(small.carers.len(), n - 4);
    let smaller = workforce::sized(&p, n - 6, 3);
    assert!(smaller.carers.iter().all(|c| small.carers.contains(c)));
}

#[test]
fn shifts_in_a_band_add_carers_working_the_band_every_day() {
    let p = demo();
    let (s, e) = (ClockTime::hm(17, 0), ClockTime::hm(22, 0));
    let q = workforce::with_shifts(&p, &p, 3, s, e, 1);
    assert_valid(&q);
    let added = &q.carers[p.carers.len()..];
    assert_eq!(added.len(), 3);
    for c in added {
        assert!(c.id.starts_with(workforce::SHIFT));
        assert_eq!(c.availability.len(), 7);
        assert!(c.availability.iter().all(|a| a.start == s && a.end == e));
        assert!(c.max_hours_per_day.unwrap() >= 5.0 && c.max_hours_per_week.unwrap() >= 35.0);
    }
}

#[test]
fn ranges_parse_and_bad_ones_are_refused() {
    assert_eq!(parse_range("60:140:10").unwrap(), vec![60, 70, 80, 90, 100, 110, 120, 130, 140]);
    assert_eq!(parse_range("0:5:2").unwrap(), vec![0, 2, 4]);
    assert_eq!(parse_range("8,12").unwrap(), vec![8, 12]);
    assert_eq!(parse_range("9").unwrap(), vec![9]);
    for bad in ["", "a", "1:2", "5:1:1", "1:5:0", "-3"] {
        assert!(parse_range(bad).is_err(), "{bad}");
    }
}

/// A stand-in for the bound, so the sweep's use of it is tested without the LP: it claims
/// `seats - 1` placeable and 9 carers needed.
fn fake_bound(
    p: &Problem,
    _: &Travel,
    _: &rota_capacity::BoundOptions,
) -> Result<rota_capacity::CapacityBound, String> {
    let seats = p.seat_count() as u64;
    Ok(rota_capacity::CapacityBound {
        problem: p.name.clone(),
        seats,
        unplaced: 1,
        binding: vec![],
        day_bands: Default::default(),
        bands: vec![],
        carers: rota_capacity::CarersBound {
            have: p.carers.len() as u64,
            needed: 9,
            binding: "weekly hours".into(),
            care_hours: 0.0,
        },
        lp: Default::default(),
    })
}

#[test]
fn a_sweep_is_the_same_on_one_thread_or_two_and_finds_the_smallest_workforce() {
    let p = demo();
    let options = |threads| SweepOptions {
        carers: vec![6, 14],
        shifts: vec![0, 2],
        work: Some(2_000_000),
        time_limit: 600.0,
        threads,
        share: 0.8,
        bound: Some((fake_bound as sweep::BoundFn, Default::default())),
        scenarios: vec![Scenario {
            name: "sick".into(),
            changes: vec![Change::SicknessLeave { percent: 30.0 }],
            ..Default::default()
        }],
        ..SweepOptions::default()
    };
    let one = sweep(&p, &repo("datasets/demo"), "problem.json", &options(1), &|_| {}).unwrap();
    let two = sweep(&p, &repo("datasets/demo"), "problem.json", &options(2), &|_| {}).unwrap();
    let strip = |s: &sweep::Sweep| {
        s.points.iter().map(|p| (p.key.clone(), p.placed, p.travel_min, p.shortfall.clone())).collect::<Vec<_>>()
    };
    assert_eq!(strip(&one), strip(&two));
    assert_eq!(one.points.len(), 8);
    assert_eq!(one.points[0].key.scenario, BASELINE);
    for pt in &one.points {
        assert!(pt.error.is_none() && pt.repeatable, "{pt:?}");
        assert_eq!(pt.hard_violations, 0);
        let staffed = pt.key.carers + pt.key.shifts;
        assert!(if pt.key.scenario == BASELINE { pt.carers_after == staffed } else { pt.carers_after <= staffed });
        assert_eq!(pt.bound.as_ref().unwrap().placeable, pt.seats - 1);
        let unplaced: u64 = pt.shortfall.iter().map(|s| s.unplaced).sum();
        let seats: u64 = pt.shortfall.iter().map(|s| s.seats).sum();
        assert_eq!((unplaced, seats), (pt.unplaced, pt.seats));
    }
    // More carers place more seats here; the smallest workforce is the first size that meets
    // the share, per scenario and shift count.
    for s in &one.smallest {
        let mut ps: Vec<_> =
            one.points.iter().filter(|p| p.key.scenario == s.scenario && p.key.shifts == s.shifts).collect();
        ps.sort_by_key(|p| p.key.carers);
        let want = ps.iter().find(|p| p.placed as f64 >= 0.8 * p.seats as f64).map(|p| p.key.carers);
        assert_eq!(s.carers, want, "{s:?}");
        assert_eq!(s.carers_needed, Some(9));
    }
    assert_eq!(one.smallest_shifts.len(), 4);
    let csv = sweep::to_csv(&one);
    assert_eq!(csv.lines().count(), 9);
    assert!(csv.starts_with("scenario,carers,shifts,"));
}
