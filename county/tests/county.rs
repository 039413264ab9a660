//! The county: clusters from the shipped Kent geodata, their weeks, and the capacity run.

use geo::{Contains, InteriorPoint};
use rota_county::build::{largest_remainder, KENT_CLIENTS};
use rota_county::geodata::{multipolygon, Geodata, MEDWAY};
use rota_county::partition::{adjacency, allocate, connected};
use rota_county::{build, CapacityOptions, CountyOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

fn geodata_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/geodata")
}

fn load(options: &CountyOptions) -> Geodata {
    Geodata::load(&geodata_dir(), &|d| options.keeps(d)).expect("the shipped geodata reads")
}

/// Kent with seed 1, as `rota county generate --area kent --clusters 19 --seed 1` builds it.
static KENT: LazyLock<(Geodata, rota_county::County)> = LazyLock::new(|| {
    let options = CountyOptions::kent(1);
    let geodata = load(&options);
    let county = build(&geodata, &options).expect("Kent builds");
    (geodata, county)
});

#[test]
fn kent_has_19_clusters_nested_in_its_12_districts_covering_every_msoa_once() {
    let (geodata, county) = &*KENT;
    let m = &county.manifest;
    assert_eq!(m.clusters.len(), 19);
    assert_eq!(m.districts.len(), 12);
    assert!(m.districts.iter().all(|d| d.code != MEDWAY && (1..=3).contains(&d.clusters.len())));
    let district_of: BTreeMap<&str, &str> =
        geodata.msoas.iter().map(|x| (x.code.as_str(), x.district.as_str())).collect();
    assert_eq!(district_of.len(), 183, "Kent County Council's 183 MSOAs, Medway's 38 left out");
    let mut seen = BTreeSet::new();
    for c in &m.clusters {
        for code in &c.msoas {
            assert_eq!(district_of[code.as_str()], c.district, "{} in {}", code, c.id);
            assert!(seen.insert(code.clone()), "MSOA {code} in two clusters");
        }
        let d = m.districts.iter().find(|d| d.code == c.district).unwrap();
        assert!(d.clusters.contains(&c.id));
    }
    assert_eq!(seen.len(), 183, "every MSOA in a cluster");
}

#[test]
fn clusters_are_contiguous_and_their_adjacency_is_symmetric() {
    let (geodata, county) = &*KENT;
    let adj = adjacency(&geodata.msoas);
    assert!(adj.bridges.is_empty(), "every Kent district's MSOAs share borders: {:?}", adj.bridges);
    let index: BTreeMap<&str, usize> = geodata.msoas.iter().enumerate().map(|(i, x)| (x.code.as_str(), i)).collect();
    for c in &county.manifest.clusters {
        let set: BTreeSet<usize> = c.msoas.iter().map(|x| index[x.as_str()]).collect();
        assert!(connected(&adj.neighbours, &set), "cluster {} is not contiguous", c.id);
        assert!(!c.adjacent.is_empty());
        for a in &c.adjacent {
            let other = county.manifest.clusters.iter().find(|x| &x.id == a).unwrap();
            assert!(other.adjacent.contains(&c.id), "{} next to {} but not back", c.id, a);
        }
    }
    // A shared border is a shared edge: Canterbury's clusters touch each other and Thanet.
    let canterbury: Vec<_> = county.manifest.clusters.iter().filter(|c| c.district_name == "Canterbury").collect();
    assert_eq!(canterbury.len(), 2);
    assert!(canterbury[0].adjacent.contains(&canterbury[1].id));
}

#[test]
fn client_counts_follow_the_65_plus_population() {
    let (_, county) = &*KENT;
    let m = &county.manifest;
    let total_65: f64 = m.clusters.iter().map(|c| c.age65).sum();
    assert_eq!(m.clusters.iter().map(|c| c.clients).sum::<usize>(), KENT_CLIENTS);
    for (c, p) in m.clusters.iter().zip(&county.problems) {
        let exact = KENT_CLIENTS as f64 * c.age65 / total_65;
        assert!((c.clients as f64 - exact).abs() < 1.0, "{}: {} clients for {exact:.2}", c.id, c.clients);
        assert_eq!(p.clients.len(), c.clients);
        assert_eq!(p.carers.len(), c.carers);
        assert_eq!(p.visits.len(), c.visits);
    }
    // The Census total: Kent County Council's 65+ residents (Census 2021), Medway's left out.
    let census: f64 = m.districts.iter().map(|d| d.age65).sum();
    assert_eq!(census, total_65);
    assert!((300_000.0..360_000.0).contains(&census), "{census}");
}

#[test]
fn clients_and_carers_live_in_their_cluster_with_its_providers() {
    let (_, county) = &*KENT;
    let mut ids = BTreeSet::new();
    for ((c, p), shape) in county.manifest.clusters.iter().zip(&county.problems).zip(&county.shapes) {
        assert!((2..=4).contains(&c.providers.len()), "{}: {} providers", c.id, c.providers.len());
        let providers: BTreeSet<&str> = c.providers.iter().map(|x| x.id.as_str()).collect();
        assert!(c.providers.iter().all(|x| x.carers >= 1 && x.clients >= 1), "{}: {:?}", c.id, c.providers);
        let inside = p
            .clients
            .iter()
            .filter(|k| match k.location {
                rota::model::Location::Geo { lat, lon } => shape.contains(&geo::Point::new(lon, lat)),
                _ => false,
            })
            .count();
        // Postcodes just off the generalised coastline go to the nearest MSOA of their district.
        assert!(inside * 100 >= p.clients.len() * 97, "{}: {inside} of {} clients inside", c.id, p.clients.len());
        for k in &p.clients {
            assert!(providers.contains(k.provider.as_deref().unwrap()));
            assert_eq!(k.cluster.as_deref(), Some(c.id.as_str()));
            assert!(ids.insert(k.id.clone()), "client id {} twice", k.id);
        }
        for k in &p.carers {
            assert!(providers.contains(k.provider.as_deref().unwrap()));
            assert!(ids.insert(k.id.clone()), "carer id {} twice", k.id);
        }
        for v in &p.visits {
            assert!(ids.insert(v.id.clone()), "visit id {} twice", v.id);
        }
        // The written problem reads back as a valid problem.
        let text = rota::format::to_json(p);
        rota::format::parse_problem(&text, &c.problem).unwrap_or_else(|e| panic!("{}: {e}", c.id));
    }
}

#[test]
fn each_lsoa_lies_in_the_msoa_its_name_says() {
    let (geodata, _) = &*KENT;
    let text = {
        use std::io::Read;
        let f = std::fs::File::open(geodata_dir().join("boundaries/kent_lsoa21.geojson.gz")).unwrap();
        let mut s = String::new();
        flate2::read::GzDecoder::new(f).read_to_string(&mut s).unwrap();
        s
    };
    let lsoas: geojson::FeatureCollection = text.parse().unwrap();
    let mut checked = 0;
    for f in &lsoas.features {
        let name = f.property("name").and_then(|v| v.as_str()).unwrap();
        let Some(msoa) = geodata.msoas.iter().find(|m| m.name == name[..name.len() - 1]) else {
            assert_eq!(f.property("lad_code").and_then(|v| v.as_str()), Some(MEDWAY), "{name}");
            continue;
        };
        let shape = multipolygon(&f.geometry.as_ref().unwrap().value).unwrap();
        let point = shape.interior_point().unwrap();
        assert!(msoa.shape.contains(&point), "LSOA {name} not inside MSOA {}", msoa.name);
        checked += 1;
    }
    assert_eq!(checked, 938, "Kent County Council's 938 LSOAs (2021)");
}

#[test]
fn clusters_per_district_follow_dhondt_capped_at_three() {
    assert_eq!(allocate(&[10.0, 30.0, 20.0], 5).unwrap(), vec![1, 2, 2]);
    assert_eq!(allocate(&[10.0, 30.0, 20.0], 3).unwrap(), vec![1, 1, 1]);
    assert_eq!(allocate(&[1.0, 100.0], 6).unwrap(), vec![3, 3]);
    assert!(allocate(&[1.0, 2.0], 1).is_err());
    assert!(allocate(&[1.0, 2.0], 7).is_err());
    assert_eq!(largest_remainder(10, &[1.0, 1.0, 1.0]), vec![4, 3, 3]);
    assert_eq!(largest_remainder(7, &[0.0, 3.0, 1.0]), vec![0, 5, 2]);
}

fn small(seed: u64, clients: usize) -> CountyOptions {
    CountyOptions {
        clusters: 3,
        clients,
        districts: Some(vec!["E07000106".into(), "E07000114".into()]),
        ..CountyOptions::kent(seed)
    }
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn the_same_seed_writes_the_same_bytes() {
    let make = |seed| {
        let options = small(seed, 120);
        let dir = tempfile::tempdir().unwrap();
        rota_county::write(&build(&load(&options), &options).unwrap(), dir.path()).unwrap();
        files(dir.path())
    };
    let (a, b, c) = (make(5), make(5), make(6));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        vec!["clusters.geojson", "county.json", "kent-01/problem.json", "kent-02/problem.json", "kent-03/problem.json"]
    );
    assert!(a == b, "two runs with seed 5 differ");
    assert!(a["kent-01/problem.json"] != c["kent-01/problem.json"], "seed 6 gives another week");
    let msoas = |files: &BTreeMap<String, Vec<u8>>| {
        let m: rota_county::Manifest = serde_json::from_slice(&files["county.json"]).unwrap();
        m.clusters.into_iter().map(|c| c.msoas).collect::<Vec<_>>()
    };
    assert_eq!(msoas(&a), msoas(&c), "the clusters do not depend on the seed");
}

#[test]
fn bad_options_are_refused_with_a_reason() {
    let geodata = load(&CountyOptions::kent(1));
    let err = |o: CountyOptions| build(&geodata, &o).unwrap_err().to_string();
    assert!(err(CountyOptions { clusters: 11, ..CountyOptions::kent(1) }).contains("choose 12 to 36"));
    assert!(err(CountyOptions { area: "essex".into(), ..CountyOptions::kent(1) }).contains("essex"));
    assert!(err(CountyOptions { districts: Some(vec![MEDWAY.into()]), ..CountyOptions::kent(1) }).contains("Medway"));
    assert!(err(CountyOptions { clients: 5, ..CountyOptions::kent(1) }).contains("no clients"));
    let missing = Geodata::load(Path::new("/nonexistent"), &|_| true).unwrap_err().to_string();
    assert!(missing.contains("/nonexistent/boundaries/kent_msoa21.geojson.gz"), "{missing}");
}

#[test]
fn capacity_runs_end_to_end_on_a_small_county() {
    let options = small(3, 60);
    let county_dir = tempfile::tempdir().unwrap();
    let report_dir = tempfile::tempdir().unwrap();
    rota_county::write(&build(&load(&options), &options).unwrap(), county_dir.path()).unwrap();
    let run = CapacityOptions { time_limit: Duration::from_secs(3), threads: 2, ..CapacityOptions::default() };
    let (report, rotas) = rota_county::run(county_dir.path(), &run, &|_| {}).unwrap();
    let manifest = rota_county::capacity::read_manifest(county_dir.path()).unwrap();
    let shapes = rota_county::output::read_shapes(county_dir.path(), &manifest).unwrap();
    rota_county::output::write(report_dir.path(), &manifest, &shapes, &report, &rotas).unwrap();

    assert_eq!(report.clusters.len(), 3);
    let t = &report.totals;
    assert_eq!(t.clients, 60);
    assert_eq!(t.seats, report.clusters.iter().map(|c| c.solve.seats).sum::<u64>());
    assert_eq!(t.violations, 0);
    for (c, m) in report.clusters.iter().zip(&manifest.clusters) {
        assert_eq!(c.solve.seats as usize, m.seats);
        assert_eq!(c.solve.placed + c.solve.unplaced, c.solve.seats);
        let bound = c.bound.as_ref().unwrap().as_ref().unwrap();
        assert!(
            bound.unplaced <= c.solve.unplaced,
            "{}: the bound {} above the rota's {}",
            c.id,
            bound.unplaced,
            c.solve.unplaced
        );
        // The rota on disk passes the independent checker, and is the one reported.
        let problem_path = county_dir.path().join(&m.problem);
        let (problem, _) = rota::format::load_problem(&problem_path).unwrap();
        let (rota, _) =
            rota::format::load_rota(report_dir.path().join("rotas").join(format!("{}.json", c.id)), &problem).unwrap();
        let travel =
            rota::travel::Travel::for_problem(&problem, problem_path.parent().unwrap(), "problem.json").unwrap();
        let check = rota::check::check(&problem, &rota, &travel);
        assert!(check.is_feasible(), "{}: {}", c.id, check.to_text());
        assert_eq!(check.kpis.visits.unassigned_seats, c.solve.unplaced);
    }
    // Moved clients are taken by exactly one neighbour, and counted once.
    let moved: usize = report.clusters.iter().map(|c| c.spill.moved_clients).sum();
    let taken: usize = report.clusters.iter().map(|c| c.spill.taken.len()).sum();
    assert_eq!(moved, taken);
    for c in &report.clusters {
        for tk in &c.spill.taken {
            let from = manifest.clusters.iter().find(|m| m.id == tk.from).unwrap();
            assert!(from.adjacent.contains(&c.id), "{} taken from {}, not adjacent", tk.client, tk.from);
        }
    }
    let out = files(report_dir.path());
    for f in ["county.json", "clusters.csv", "county.csv", "clusters.geojson", "index.html"] {
        assert!(out.contains_key(f), "{f} missing");
    }
    let csv = String::from_utf8(out["clusters.csv"].clone()).unwrap();
    assert_eq!(csv.lines().count(), 4);
    let geojson: serde_json::Value = serde_json::from_slice(&out["clusters.geojson"]).unwrap();
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(features.len(), 3);
    assert!(features.iter().all(|f| f["properties"]["fill"].as_str().is_some_and(|s| s.starts_with('#'))));
    let html = String::from_utf8(out["index.html"].clone()).unwrap();
    assert!(html.contains("<svg") && html.contains("kent-03") && !html.contains("<script"));
}
