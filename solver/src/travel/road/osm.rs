//! Reading the ways and nodes of interest from an OpenStreetMap extract.
//!
//! The rest of the road module sees only [`OsmData`]: a list of [`OsmWay`]s (node ids and the
//! few tags routing needs) and the coordinates of the nodes those ways use. [`read_pbf`] fills it
//! from a `.osm.pbf` file with the pure-Rust `osmpbf` crate, keeping only `highway=*` ways and
//! their nodes so memory stays small; tests build it by hand.

use std::collections::HashMap;
use std::io::{Read, Seek};
use std::path::Path;

/// The tags routing reads; every other tag of a way is dropped.
pub const KEPT_TAGS: [&str; 12] = [
    "highway",
    "oneway",
    "junction",
    "maxspeed",
    "access",
    "foot",
    "bicycle",
    "motor_vehicle",
    "motorcar",
    "vehicle",
    "area",
    "oneway:bicycle",
];

/// One OpenStreetMap way with the tags routing needs.
#[derive(Clone, Debug, PartialEq)]
pub struct OsmWay {
    /// The way's OSM id.
    pub id: i64,
    /// Its node ids in order.
    pub nodes: Vec<i64>,
    /// Its kept tags.
    pub tags: Vec<(String, String)>,
}

impl OsmWay {
    /// A way from node ids and `(key, value)` tags (handy in tests).
    pub fn new(id: i64, nodes: &[i64], tags: &[(&str, &str)]) -> OsmWay {
        OsmWay { id, nodes: nodes.to_vec(), tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
    }

    /// The value of tag `key`, if set.
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// The ways of interest and the coordinates (lat, lon) of their nodes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OsmData {
    /// Node id → (lat, lon) in degrees.
    pub nodes: HashMap<i64, (f64, f64)>,
    /// The `highway=*` ways.
    pub ways: Vec<OsmWay>,
}

/// Read the `highway=*` ways of a `.osm.pbf` extract and the nodes they use.
pub fn read_pbf(path: &Path) -> Result<OsmData, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the road network {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("the road network {} is not a file", path.display()));
    }
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read the road network {}: {e}", path.display()))?;
    read_pbf_from(std::io::BufReader::new(file), &path.display().to_string())
}

/// Read the `highway=*` ways and the nodes they use from any seekable `.osm.pbf` stream, such
/// as a file or bytes in memory (the fuzz target reads this way); `name` names it in errors.
pub fn read_pbf_from<R: Read + Seek + Send>(reader: R, name: &str) -> Result<OsmData, String> {
    let corrupt = |e: &dyn std::fmt::Display| {
        format!("the road network {name} is not a readable OpenStreetMap .osm.pbf file: {e}")
    };
    let mut reader = osmpbf::IndexedReader::new(reader).map_err(|e| corrupt(&e))?;
    let mut data = OsmData::default();
    reader
        .read_ways_and_deps(
            |way| way.tags().any(|(k, _)| k == "highway"),
            |element| match element {
                osmpbf::Element::Way(w) => data.ways.push(OsmWay {
                    id: w.id(),
                    nodes: w.refs().collect(),
                    tags: w
                        .tags()
                        .filter(|(k, _)| KEPT_TAGS.contains(k))
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                }),
                osmpbf::Element::Node(n) => drop(data.nodes.insert(n.id(), (n.lat(), n.lon()))),
                osmpbf::Element::DenseNode(n) => drop(data.nodes.insert(n.id(), (n.lat(), n.lon()))),
                osmpbf::Element::Relation(_) => {}
            },
        )
        .map_err(|e| corrupt(&e))?;
    if data.ways.is_empty() {
        return Err(format!("the road network {name} has no roads (no highway=* ways)"));
    }
    // osmpbf computes coordinates as offset + granularity × value without overflow checks: in a
    // corrupt block they wrap to any number, which must not reach the road graph.
    let off_map = data.nodes.iter().filter(|(_, &(lat, lon))| !on_the_map(lat, lon)).min_by_key(|(&id, _)| id);
    if let Some((id, (lat, lon))) = off_map {
        return Err(corrupt(&format!("node {id} is at latitude {lat}, longitude {lon}, off the map")));
    }
    Ok(data)
}

/// Whether a latitude and longitude in degrees are on the map.
fn on_the_map(lat: f64, lon: f64) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}
