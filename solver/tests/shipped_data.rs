//! The public data shipped in the repository: every folder says where its data came from, and the
//! Kent and Medway files of `datasets/geodata/` (for a county model: postcodes, boundaries and
//! Census 2021) read as documented in their SOURCE.txt files and agree with one another.

use rota::generate::{generate, GenerateOptions, PostcodeTable};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
mod common;
use common::csv_text_rows as csv_rows;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn geodata() -> PathBuf {
    root().join("datasets/geodata")
}

fn gunzip(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text
}

/// A boundary file's features, after checking each is a closed polygon ring of at least four
/// points in Kent's bounding box.
fn boundaries(name: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(&gunzip(&geodata().join("boundaries").join(name))).unwrap();
    assert_eq!(doc["type"], "FeatureCollection", "{name}");
    let features = doc["features"].as_array().unwrap().clone();
    for f in &features {
        let code = f["properties"]["code"].as_str().unwrap();
        let polygons = match f["geometry"]["type"].as_str().unwrap() {
            "Polygon" => vec![f["geometry"]["coordinates"].clone()],
            "MultiPolygon" => f["geometry"]["coordinates"].as_array().unwrap().clone(),
            other => panic!("{name} {code}: {other}"),
        };
        for ring in polygons.iter().flat_map(|p| p.as_array().unwrap()) {
            let points = ring.as_array().unwrap();
            assert!(points.len() >= 4 && points[0] == points[points.len() - 1], "{name} {code}: ring not closed");
            for p in points {
                let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
                assert!((0.0..1.5).contains(&lon) && (50.8..51.6).contains(&lat), "{name} {code}: {lon},{lat}");
            }
        }
    }
    features
}

fn codes(features: &[Value]) -> BTreeSet<String> {
    features.iter().map(|f| f["properties"]["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn every_shipped_data_folder_says_where_it_came_from() {
    let folders = [
        "benchmarks/solomon1987",
        "benchmarks/mankowska2014",
        "benchmarks/italian-ceschia2024",
        "datasets/postcodes",
        "datasets/geodata",
        "datasets/geodata/travel_times",
        "datasets/geodata/lsoa",
        "datasets/geodata/boundaries",
        "datasets/geodata/postcodes",
    ];
    for folder in folders {
        let source = std::fs::read_to_string(root().join(folder).join("SOURCE.txt"))
            .unwrap_or_else(|e| panic!("{folder}/SOURCE.txt: {e}"));
        assert!(source.contains("LICENCE"), "{folder}/SOURCE.txt names no licence");
    }
}

#[test]
fn kent_boundaries_and_census_match_one_to_one() {
    let wards = boundaries("kent_wards_2025.geojson.gz");
    let lsoa21 = boundaries("kent_lsoa21.geojson.gz");
    let lsoa11 = boundaries("kent_lsoa11.geojson.gz");
    let msoa21 = boundaries("kent_msoa21.geojson.gz");
    let medway = |fs: &[Value]| fs.iter().filter(|f| f["properties"]["lad_code"] == "E06000035").count();
    assert_eq!((wards.len(), medway(&wards)), (279, 24));
    assert_eq!((lsoa21.len(), medway(&lsoa21)), (1_107, 169));
    assert_eq!((lsoa11.len(), medway(&lsoa11)), (1_065, 163));
    assert_eq!((msoa21.len(), medway(&msoa21)), (221, 38));
    // Kent County Council's twelve districts and Medway.
    let districts: BTreeSet<&str> = wards.iter().map(|f| f["properties"]["lad_code"].as_str().unwrap()).collect();
    assert_eq!(districts.len(), 13, "{districts:?}");

    let census = csv_rows(&std::fs::read_to_string(geodata().join("lsoa/census2021_lsoa21_kent.csv")).unwrap());
    let census_codes: BTreeSet<String> = census.iter().map(|r| r["lsoa21cd"].clone()).collect();
    assert_eq!(census_codes, codes(&lsoa21), "the census rows and the LSOA21 boundaries differ");
    let lad: HashMap<String, String> = lsoa21
        .iter()
        .map(|f| {
            (f["properties"]["code"].as_str().unwrap().into(), f["properties"]["lad_code"].as_str().unwrap().into())
        })
        .collect();
    let (mut kent, mut medway) = ((0u64, 0u64), (0u64, 0u64));
    for r in &census {
        assert_eq!(r["lad_code"], lad[&r["lsoa21cd"]], "{}", r["lsoa21cd"]);
        let (total, old): (u64, u64) = (r["total"].parse().unwrap(), r["age_65_plus"].parse().unwrap());
        assert!(old <= total, "{}", r["lsoa21cd"]);
        let sum = if r["lad_code"] == "E06000035" { &mut medway } else { &mut kent };
        *sum = (sum.0 + total, sum.1 + old);
    }
    assert_eq!(kent, (1_576_128, 319_347), "Kent County Council area, Census 2021 (all, 65+)");
    assert_eq!(medway, (279_771, 46_062), "Medway, Census 2021 (all, 65+)");
}

#[test]
fn kent_postcodes_sit_in_the_shipped_wards_and_lsoas() {
    let path = geodata().join("postcodes/kent.csv.gz");
    let rows = csv_rows(&gunzip(&path));
    assert_eq!(rows.len(), 48_840);
    let wards = codes(&boundaries("kent_wards_2025.geojson.gz"));
    let lsoa11 = codes(&boundaries("kent_lsoa11.geojson.gz"));
    let mut outside = Vec::new();
    for r in &rows {
        assert!(wards.contains(&r["ward_code"]), "{}: ward {} has no boundary", r["postcode"], r["ward_code"]);
        if !lsoa11.contains(&r["lsoa11cd"]) {
            outside.push(r["postcode"].as_str());
        }
    }
    // The one postcode whose LSOA lies across the border in East Sussex (SOURCE.txt).
    assert_eq!(outside, ["TN3 9ET"]);
    assert_eq!(rows.iter().map(|r| &r["ward_code"]).collect::<BTreeSet<_>>().len(), 279);

    // The generator reads the compressed file as it is, and places a week there.
    let table = PostcodeTable::from_path(&path).unwrap();
    assert_eq!(table.rows.len(), 48_840);
    let options = GenerateOptions { area: "kent".into(), ..GenerateOptions::new("kent", 40, 16, 1) };
    let problem = generate(&options, &table).unwrap();
    assert_eq!(problem.clients.len(), 40);
    let json = rota::format::to_json(&problem);
    rota::format::parse_problem(&json, "kent.json").unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_corrupt_gzip_postcode_file_is_an_error_naming_it() {
    let dir = std::env::temp_dir().join(format!("rota-shipped-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("broken.csv.gz");
    let good = std::fs::read(geodata().join("postcodes/kent.csv.gz")).unwrap();
    std::fs::write(&bad, &good[..good.len() / 3]).unwrap();
    let err = PostcodeTable::from_path(&bad).unwrap_err().to_string();
    assert!(err.contains("broken.csv.gz"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
