//! The road-network travel provider (`rota::travel::road`): fastest paths against a brute-force
//! check, one-way streets, ways closed to walkers, clear errors for bad extracts and places off
//! the map, the matrix cache, and plausible times on the real Isle of Wight extract.
//!
//! The Isle of Wight tests use the data shipped in the repository: the OpenStreetMap extract in
//! `datasets/isle-of-wight/`, residential postcodes in `datasets/postcodes/` and real car times in
//! `datasets/geodata/travel_times/`.

use rota::model::{Location, TravelMode};
use rota::travel::road::paths::many_to_many;
use rota::travel::road::{Network, OsmData, OsmWay, RoadNetwork};
use rota::travel::{TravelError, TravelProvider};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A small grid of nodes about 100 m apart near Newport, Isle of Wight.
fn node(i: i64) -> (f64, f64) {
    let (r, c) = (i / 10, i % 10);
    (50.70 + r as f64 * 0.0009, -1.30 + c as f64 * 0.0014)
}

fn data(ways: &[OsmWay]) -> OsmData {
    let mut d = OsmData::default();
    for w in ways {
        for &n in &w.nodes {
            d.nodes.insert(n, node(n));
        }
    }
    d.ways = ways.to_vec();
    d
}

fn loc(n: i64) -> Location {
    let (lat, lon) = node(n);
    Location::geo(lat, lon)
}

/// A hand-made town: a 3×3 grid of roads of mixed classes, one one-way street, a motorway and a
/// footpath.
fn town() -> Vec<OsmWay> {
    vec![
        OsmWay::new(1, &[0, 1, 2], &[("highway", "primary")]),
        OsmWay::new(2, &[10, 11, 12], &[("highway", "residential"), ("maxspeed", "20 mph")]),
        OsmWay::new(3, &[20, 21, 22], &[("highway", "tertiary")]),
        OsmWay::new(4, &[0, 10, 20], &[("highway", "residential")]),
        OsmWay::new(5, &[1, 11], &[("highway", "service")]),
        OsmWay::new(6, &[11, 21], &[("highway", "unclassified"), ("oneway", "yes")]),
        OsmWay::new(7, &[2, 12, 22], &[("highway", "secondary"), ("maxspeed", "30 mph")]),
        OsmWay::new(8, &[20, 31, 22], &[("highway", "motorway")]),
        OsmWay::new(9, &[12, 21], &[("highway", "footway")]),
    ]
}

/// Floyd–Warshall over the network's own edges: the brute-force reference.
fn floyd(net: &Network) -> Vec<Vec<u64>> {
    use petgraph::visit::EdgeRef;
    let n = net.node_count();
    let mut d = vec![vec![u64::MAX / 4; n]; n];
    for (i, row) in d.iter_mut().enumerate() {
        row[i] = 0;
        for e in net.graph.edges(i as u32) {
            let w = e.weight().ms as u64;
            let t = e.target() as usize;
            row[t] = row[t].min(w);
        }
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                let via = d[i][k] + d[k][j];
                if via < d[i][j] {
                    d[i][j] = via;
                }
            }
        }
    }
    d
}

#[test]
fn dijkstra_agrees_with_floyd_warshall_in_every_mode() {
    let d = data(&town());
    for mode in TravelMode::ALL {
        let net = Network::build(&d, mode).unwrap();
        let all: Vec<u32> = (0..net.node_count() as u32).collect();
        let fast = many_to_many(&net, &all, &all);
        let slow = floyd(&net);
        for i in 0..all.len() {
            for j in 0..all.len() {
                let want = (slow[i][j] < u64::MAX / 4).then_some(slow[i][j]);
                assert_eq!(fast[i][j].map(|c| c.0), want, "{mode:?} {i}->{j}");
            }
        }
    }
}

#[test]
fn one_way_streets_are_respected() {
    let d = data(&town());
    let net = Network::build(&d, TravelMode::Car).unwrap();
    let idx: HashMap<i64, u32> = net.osm_ids.iter().enumerate().map(|(i, &id)| (id, i as u32)).collect();
    let (a, b) = (idx[&11], idx[&21]);
    use petgraph::visit::EdgeRef;
    assert!(net.graph.edges(a).any(|e| e.target() == b), "11→21 is allowed");
    assert!(!net.graph.edges(b).any(|e| e.target() == a), "21→11 goes against the one-way");
    // The motorway is one-way by default too.
    let (m0, m1) = (idx[&20], idx[&31]);
    assert!(net.graph.edges(m0).any(|e| e.target() == m1));
    assert!(!net.graph.edges(m1).any(|e| e.target() == m0));

    // On a lone one-way loop, the way back goes round the loop: longer than the way there.
    let ring = data(&[
        OsmWay::new(1, &[0, 1, 2], &[("highway", "residential"), ("oneway", "yes")]),
        OsmWay::new(2, &[2, 12, 11, 10, 0], &[("highway", "residential"), ("oneway", "yes")]),
    ]);
    let roads = RoadNetwork::from_osm(ring).with_access_min(TravelMode::Car, 0.0);
    let m = roads.matrix(&[loc(0), loc(2)], TravelMode::Car).unwrap();
    assert!(m.metres(1, 0) > m.metres(0, 1) + 150, "{} vs {}", m.metres(1, 0), m.metres(0, 1));
    // Reverse one-way (`oneway=-1`): only against node order.
    let rev = data(&[OsmWay::new(1, &[0, 1], &[("highway", "residential"), ("oneway", "-1")])]);
    let net = Network::build(&rev, TravelMode::Car).unwrap();
    let idx: HashMap<i64, u32> = net.osm_ids.iter().enumerate().map(|(i, &id)| (id, i as u32)).collect();
    assert!(net.graph.edges(idx[&1]).any(|e| e.target() == idx[&0]));
    assert!(!net.graph.edges(idx[&0]).any(|e| e.target() == idx[&1]));
}

#[test]
fn walkers_never_use_ways_closed_to_them() {
    let ways = vec![
        // A short motorway and a foot=no road from 0 to 2, and a long detour through row 2.
        OsmWay::new(1, &[0, 1, 2], &[("highway", "motorway"), ("oneway", "no")]),
        OsmWay::new(2, &[0, 11, 2], &[("highway", "residential"), ("foot", "no")]),
        OsmWay::new(3, &[0, 10, 20, 21, 22, 12, 2], &[("highway", "footway")]),
    ];
    let d = data(&ways);
    let walk = Network::build(&d, TravelMode::Walk).unwrap();
    let closed: Vec<i64> = vec![1, 11];
    for id in closed {
        assert!(!walk.osm_ids.contains(&id), "node {id} is only on ways closed to walkers");
    }
    let roads = RoadNetwork::from_osm(d);
    let w = roads.matrix(&[loc(0), loc(2)], TravelMode::Walk).unwrap();
    let c = roads.matrix(&[loc(0), loc(2)], TravelMode::Car).unwrap();
    assert!(w.metres(0, 1) > 500, "the walker goes round: {} m", w.metres(0, 1));
    assert!(c.metres(0, 1) < 320, "the car takes the motorway: {} m", c.metres(0, 1));
    // Cycling is kept off the motorway and the footway, so it has no way at all here but the
    // foot=no road.
    let cyc = Network::build(&data(&ways), TravelMode::Cycle).unwrap();
    assert!(!cyc.osm_ids.contains(&1) && !cyc.osm_ids.contains(&20));
}

#[test]
fn a_place_off_the_map_is_an_error_naming_it() {
    let roads = RoadNetwork::from_osm(data(&town()));
    let paris = Location::geo(48.8566, 2.3522);
    match roads.matrix(&[loc(0), paris], TravelMode::Car) {
        Err(TravelError::OffNetwork { place: 1, metres, .. }) => assert!(metres > 100_000.0),
        other => panic!("{other:?}"),
    }
    // Within the limit it snaps, and the report says how far.
    let near = Location::geo(node(0).0 - 0.002, node(0).1);
    roads.matrix(&[loc(0), near], TravelMode::Car).unwrap();
    let r = roads.reports().pop().unwrap();
    assert!(r.max_m > 100.0 && r.max_m < 300.0, "{r:?}");
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rota-road-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn missing_and_corrupt_extracts_give_clear_errors() {
    let dir = temp_dir("bad");
    let missing = dir.join("nowhere.osm.pbf");
    let e = RoadNetwork::from_file(&missing).matrix(&[loc(0)], TravelMode::Car).unwrap_err().to_string();
    assert!(e.contains("nowhere.osm.pbf") && e.contains("cannot read"), "{e}");
    let junk = dir.join("junk.osm.pbf");
    std::fs::write(&junk, b"this is not a protobuf file at all, just junk bytes \x00\x01\xff\xfe".repeat(20)).unwrap();
    let e = RoadNetwork::from_file(&junk).matrix(&[loc(0)], TravelMode::Car).unwrap_err().to_string();
    assert!(e.contains("junk.osm.pbf") && e.contains("not a readable OpenStreetMap"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn datasets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets")
}

fn geodata() -> PathBuf {
    datasets().join("geodata")
}

/// The shipped Isle of Wight extract, and the folder it is in.
fn iow_folder() -> PathBuf {
    datasets().join("isle-of-wight")
}

fn iow_pbf() -> PathBuf {
    iow_folder().join("isle-of-wight-2020-04-22.osm.pbf")
}

/// Residential postcodes of the Isle of Wight, from the shipped table.
fn postcodes(wanted: &[&str]) -> Vec<Location> {
    let table = rota::generate::PostcodeTable::from_path(datasets().join("postcodes/isle-of-wight.csv")).unwrap();
    let found: HashMap<&str, Location> = table.rows.iter().map(|r| (r.postcode.as_str(), r.location)).collect();
    wanted.iter().map(|p| found[*p]).collect()
}

/// St Mary's Hospital, Newport: stroke unit PO305TG of the shipped real car times.
fn st_marys() -> Location {
    rota::travel::calibrate::read_unit_times(&geodata(), "isle_of_wight", "PO305TG").unwrap().0
}

#[test]
fn isle_of_wight_car_times_are_plausible_and_cached() {
    let pbf = iow_pbf();
    // Newport (St Mary's Hospital), Ryde, Newport town centre, Cowes, Shanklin.
    let mut places = vec![st_marys()];
    places.extend(postcodes(&["PO33 2AA", "PO30 1AE", "PO31 7AA", "PO37 6AA"]));
    let cache = temp_dir("iow");
    let roads = RoadNetwork::from_file(&pbf).with_cache_dir(&cache);
    let net = roads.network(TravelMode::Car).unwrap();
    assert!(net.node_count() > 20_000 && net.routable_count() * 10 > net.node_count() * 9);
    let m = roads.matrix(&places, TravelMode::Car).unwrap();
    let report = roads.reports().pop().unwrap();
    assert!(!report.from_cache && report.max_m < 200.0, "{report:?}");
    let newport_ryde = m.minutes(0, 1);
    assert!((10.0..=40.0).contains(&newport_ryde), "Newport–Ryde {newport_ryde} min");
    let km = m.metres(0, 1) as f64 / 1000.0;
    assert!((9.0..=20.0).contains(&km), "Newport–Ryde {km} km");
    for i in 0..places.len() {
        assert_eq!(m.ticks(i, i), 0);
        for j in 0..places.len() {
            if i != j {
                let (a, b) = (m.minutes(i, j), m.minutes(j, i));
                assert!((a - b).abs() <= 0.25 * a.max(b) + 1.0, "{i}->{j} {a} vs {j}->{i} {b}");
                assert!(a >= 6.0, "at least the access time: {a}");
            }
        }
    }
    // A second provider over the same extract and places reads the cache, without the extract.
    let again = RoadNetwork::from_file(&pbf).with_cache_dir(&cache);
    let m2 = again.matrix(&places, TravelMode::Car).unwrap();
    assert_eq!(m, m2);
    let r2 = again.reports().pop().unwrap();
    assert!(r2.from_cache, "{r2:?}");
    // A different place set misses.
    let third = RoadNetwork::from_file(&pbf).with_cache_dir(&cache);
    third.matrix(&places[..3], TravelMode::Car).unwrap();
    assert!(!third.reports().pop().unwrap().from_cache);
    // France is off this map.
    let e = third.matrix(&[places[0], Location::geo(48.8566, 2.3522)], TravelMode::Car).unwrap_err();
    assert!(matches!(e, TravelError::OffNetwork { place: 1, .. }), "{e}");
    let _ = std::fs::remove_dir_all(&cache);
}

#[test]
fn a_problem_selects_the_road_network_and_errors_name_the_place() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/demo/problem.json");
    let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(demo).unwrap()).unwrap();
    // Canterbury's clients against the Isle of Wight extract: every place is off the map.
    json["travel"] = serde_json::json!({"kind": "road_network", "road_network": "isle-of-wight-2020-04-22.osm.pbf"});
    let problem = rota::format::parse_problem(&json.to_string(), "p.json").unwrap();
    let errors = rota::travel::Travel::for_problem(&problem, &iow_folder(), "p.json").unwrap_err();
    let first = &errors.0[0];
    let client = &problem.clients[0].id;
    assert_eq!(first.path, "$.travel.road_network");
    assert_eq!(first.id.as_deref(), Some(client.as_str()));
    assert!(first.message.contains(&format!("client:{client}")), "{}", first.message);
    assert!(first.message.contains("from the nearest road open to mode `car`"), "{}", first.message);
    // Unknown fields and bad settings are input errors too.
    json["travel"] = serde_json::json!({"kind": "road_network", "road_network": "x.osm.pbf", "snap_limit_m": -1});
    let problem = rota::format::parse_problem(&json.to_string(), "p.json").unwrap();
    let errors = rota::travel::Travel::for_problem(&problem, &iow_folder(), "p.json").unwrap_err();
    assert_eq!(errors.0[0].path, "$.travel.snap_limit_m");
    json["travel"] = serde_json::json!({"kind": "road_network", "road_network": "x.osm.pbf", "speed": 3});
    assert!(rota::format::parse_problem(&json.to_string(), "p.json").is_err());
}

#[test]
fn isle_of_wight_road_times_match_real_times_to_st_marys() {
    use rota::travel::calibrate::{fit_pairs, read_unit_times};
    let (at, rows) = read_unit_times(&geodata(), "isle_of_wight", "PO305TG").unwrap();
    assert!(rows.len() > 80);
    let roads = RoadNetwork::from_file(iow_pbf());
    let mut places: Vec<Location> = rows.iter().map(|r| r.1).collect();
    places.push(at);
    let n = places.len();
    let t = roads.trips(&places, TravelMode::Car).unwrap();
    let pairs: Vec<(f64, f64)> = rows.iter().enumerate().map(|(i, r)| (t.minutes[i * n + n - 1], r.2)).collect();
    let f = fit_pairs(&pairs).unwrap();
    let mae = pairs.iter().map(|(m, r)| (m - r).abs()).sum::<f64>() / pairs.len() as f64;
    // Measured 2026-12-02: r 0.986, MAE 0.81 min with the shipped 6-minute access time.
    assert!(f.r > 0.97 && mae < 1.2, "r {} MAE {mae}", f.r);
}

#[test]
fn speeds_follow_the_class_capped_by_maxspeed() {
    use rota::travel::road::speeds::{car, parse_maxspeed};
    let mph = 1.609_344;
    assert!((parse_maxspeed("30 mph").unwrap() - 30.0 * mph).abs() < 1e-9);
    assert_eq!(parse_maxspeed("50"), Some(50.0));
    assert!((parse_maxspeed("GB:nsl_single").unwrap() - 60.0 * mph).abs() < 1e-9);
    assert_eq!(parse_maxspeed("signals"), None);
    // A primary road is 64 km/h, or 30 mph where signed so; a residential street signed 40 mph
    // stays at its class speed of 32 km/h.
    let w = OsmWay::new(1, &[0, 1], &[("highway", "primary")]);
    assert_eq!(car(&w).unwrap().forward, Some(64.0));
    let w = OsmWay::new(1, &[0, 1], &[("highway", "primary"), ("maxspeed", "30 mph")]);
    assert!((car(&w).unwrap().forward.unwrap() - 30.0 * mph).abs() < 1e-9);
    let w = OsmWay::new(1, &[0, 1], &[("highway", "residential"), ("maxspeed", "40 mph")]);
    assert_eq!(car(&w).unwrap().forward, Some(32.0));
    // Roundabouts are one-way unless tagged otherwise; footways carry no cars.
    let w = OsmWay::new(1, &[0, 1], &[("highway", "primary"), ("junction", "roundabout")]);
    assert_eq!(car(&w).unwrap().backward, None);
    let w = OsmWay::new(1, &[0, 1], &[("highway", "primary"), ("junction", "roundabout"), ("oneway", "no")]);
    assert!(car(&w).unwrap().backward.is_some());
    assert!(car(&OsmWay::new(1, &[0, 1], &[("highway", "footway")])).is_none());
}

#[test]
fn public_transport_rides_main_roads_and_walks_elsewhere() {
    // A long primary road and a parallel footpath of the same length.
    let ways = vec![
        OsmWay::new(1, &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], &[("highway", "primary")]),
        OsmWay::new(2, &[10, 11, 12, 13, 14, 15, 16, 17, 18, 19], &[("highway", "footway")]),
        OsmWay::new(3, &[0, 10], &[("highway", "footway")]),
    ];
    let roads = RoadNetwork::from_osm(data(&ways))
        .with_access_min(TravelMode::PublicTransport, 0.0)
        .with_access_min(TravelMode::Walk, 0.0);
    let places = [loc(0), loc(9), loc(19)];
    let pt = roads.matrix(&places, TravelMode::PublicTransport).unwrap();
    let walk = roads.matrix(&places, TravelMode::Walk).unwrap();
    // About 900 m: 11 minutes on foot, 3 by bus at 20 km/h.
    assert!(walk.minutes(0, 1) >= 10.0 && pt.minutes(0, 1) <= 4.0, "{} {}", walk.minutes(0, 1), pt.minutes(0, 1));
    // Along the footpath the bus is no help.
    assert_eq!(pt.ticks(0, 2), walk.ticks(0, 2));
}
