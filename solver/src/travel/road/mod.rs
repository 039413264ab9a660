//! Travel on real roads from an OpenStreetMap extract.
//!
//! [`RoadNetwork`] is a [`TravelProvider`]: for each mode it builds a road graph from the
//! extract's `highway=*` ways ([`network`], with the way rules and speeds of [`speeds`]), snaps
//! every place to the nearest routable node ([`snap`]), and runs one Dijkstra search per place
//! in parallel ([`paths`]). A trip between two different places costs
//!
//! `access_min + (snap leg from) + road path + (snap leg to)`,
//!
//! where the snap legs (straight lines between a place and its node) are covered at the mode's
//! off-road speed ([`off_road_kmh`]) and `access_min` is a fixed time per trip
//! ([`default_access_min`]: car 6 minutes for parking and walking to the door, fitted to real
//! times; the other modes as in the distance model). Times are rounded to whole minutes.
//! Finished matrices are cached on disk ([`cache`]).
//!
//! The OSM reading is behind [`OsmData`], so a network can be built from in-memory ways and
//! nodes:
//!
//! ```
//! use rota::model::{Location, TravelMode};
//! use rota::travel::road::{OsmData, OsmWay, RoadNetwork};
//! use rota::travel::TravelProvider;
//! let mut data = OsmData::default();
//! data.nodes.insert(1, (50.70, -1.30));
//! data.nodes.insert(2, (50.71, -1.30));
//! data.ways.push(OsmWay::new(10, &[1, 2], &[("highway", "residential")]));
//! let roads = RoadNetwork::from_osm(data);
//! let m = roads.matrix(&[Location::geo(50.70, -1.30), Location::geo(50.71, -1.30)], TravelMode::Car).unwrap();
//! assert!(m.ticks(0, 1) > 0);
//! ```
//!
//! Map data © OpenStreetMap contributors, ODbL.

pub mod cache;
pub mod network;
pub mod osm;
pub mod paths;
pub mod snap;
pub mod speeds;

pub use network::Network;
pub use osm::{read_pbf, read_pbf_from, OsmData, OsmWay};
pub use snap::DEFAULT_SNAP_LIMIT_M;

use super::distance::{haversine_m, ModeParams};
use super::matrix_file::MAX_TRIP_MIN;
use super::{Matrix, TravelError, TravelProvider};
use crate::model::{Location, TravelMode};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The speed of the leg between a place and its snapped node, km/h: walking pace for walking
/// and public transport, cycling speed, and 20 km/h for a car (a drive or yard not in the map).
pub fn off_road_kmh(mode: TravelMode) -> f64 {
    match mode {
        TravelMode::Car => 20.0,
        TravelMode::Cycle => speeds::CYCLE_KMH,
        TravelMode::Walk | TravelMode::PublicTransport => speeds::WALK_KMH,
    }
}

/// The car's fixed minutes per trip on the road network: parking, leaving the car and walking to
/// the door. Fitted to real Isle of Wight car times (`rota travel calibrate --road-network`,
/// docs/travel.md): the real times are about 5.8 minutes longer than the road time alone.
pub const CAR_ACCESS_MIN: f64 = 6.0;

/// The default access minutes of `mode` on the road network: [`CAR_ACCESS_MIN`] for the car,
/// and the distance model's values for the others (walk 0, cycle 1, public transport 8, the
/// wait for a bus).
pub fn default_access_min(mode: TravelMode) -> f64 {
    match mode {
        TravelMode::Car => CAR_ACCESS_MIN,
        m => ModeParams::default_for(m).access_min,
    }
}

/// How far the places of one matrix were from their nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct SnapReport {
    /// The mode.
    pub mode: TravelMode,
    /// Number of places.
    pub places: usize,
    /// Largest snapping distance, metres.
    pub max_m: f64,
    /// Mean snapping distance, metres.
    pub mean_m: f64,
    /// Whether the matrix came from the cache.
    pub from_cache: bool,
    /// The cache file read or written, if any.
    pub cache_file: Option<PathBuf>,
    /// Why the cache file found under the key could not be used (it was rebuilt), if so.
    pub cache_unsound: Option<String>,
}

impl std::fmt::Display for SnapReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "road network, {}: {} places snapped to roads (max {:.0} m, mean {:.0} m){}",
            self.mode.name(),
            self.places,
            self.max_m,
            self.mean_m,
            match (&self.cache_file, self.from_cache) {
                (Some(p), true) => format!("; read from cache {}", p.display()),
                (Some(p), false) => format!("; cached in {}", p.display()),
                (None, _) => String::new(),
            }
        )?;
        match &self.cache_unsound {
            Some(why) => write!(f, " (the cache file was unsound, {why}, and was rebuilt)"),
            None => Ok(()),
        }
    }
}

enum Source {
    File(PathBuf),
    Data,
}

/// The road-network travel provider (see the module docs).
pub struct RoadNetwork {
    source: Source,
    data: OnceLock<Result<Arc<OsmData>, String>>,
    networks: Mutex<HashMap<TravelMode, Arc<Network>>>,
    cache_dir: Option<PathBuf>,
    snap_limit_m: f64,
    access_min: BTreeMap<TravelMode, f64>,
    reports: Mutex<Vec<SnapReport>>,
}

impl RoadNetwork {
    /// A provider reading the `.osm.pbf` extract at `path` when first needed.
    pub fn from_file(path: impl Into<PathBuf>) -> RoadNetwork {
        RoadNetwork::new(Source::File(path.into()), OnceLock::new())
    }

    /// A provider over ways and nodes already in memory (no cache).
    pub fn from_osm(data: OsmData) -> RoadNetwork {
        let cell = OnceLock::new();
        let _ = cell.set(Ok(Arc::new(data)));
        RoadNetwork::new(Source::Data, cell)
    }

    fn new(source: Source, data: OnceLock<Result<Arc<OsmData>, String>>) -> RoadNetwork {
        RoadNetwork {
            source,
            data,
            networks: Mutex::new(HashMap::new()),
            cache_dir: None,
            snap_limit_m: DEFAULT_SNAP_LIMIT_M,
            access_min: TravelMode::ALL.iter().map(|&m| (m, default_access_min(m))).collect(),
            reports: Mutex::new(Vec::new()),
        }
    }

    /// Cache finished matrices in `dir` (only for a provider reading a file).
    pub fn with_cache_dir(mut self, dir: impl Into<PathBuf>) -> RoadNetwork {
        self.cache_dir = Some(dir.into());
        self
    }

    /// Reject places farther than `metres` from the nearest routable node.
    pub fn with_snap_limit(mut self, metres: f64) -> RoadNetwork {
        self.snap_limit_m = metres;
        self
    }

    /// Set the fixed minutes per trip between two different places for `mode`.
    pub fn with_access_min(mut self, mode: TravelMode, minutes: f64) -> RoadNetwork {
        self.access_min.insert(mode, minutes);
        self
    }

    /// The access minutes used for `mode`.
    pub fn access_min(&self, mode: TravelMode) -> f64 {
        self.access_min[&mode]
    }

    /// The snapping reports of the matrices made so far, in order.
    pub fn reports(&self) -> Vec<SnapReport> {
        self.reports.lock().expect("reports lock").clone()
    }

    fn data(&self) -> Result<Arc<OsmData>, TravelError> {
        self.data
            .get_or_init(|| match &self.source {
                Source::File(p) => read_pbf(p).map(Arc::new),
                Source::Data => Err("no road data".into()),
            })
            .clone()
            .map_err(TravelError::File)
    }

    /// The network of `mode`, built on first use.
    pub fn network(&self, mode: TravelMode) -> Result<Arc<Network>, TravelError> {
        if let Some(n) = self.networks.lock().expect("networks lock").get(&mode) {
            return Ok(n.clone());
        }
        let data = self.data()?;
        let net = Arc::new(Network::build(&data, mode).map_err(TravelError::File)?);
        self.networks.lock().expect("networks lock").insert(mode, net.clone());
        Ok(net)
    }

    fn cache_key(&self, places: &[Location], mode: TravelMode) -> Result<Option<(PathBuf, String)>, TravelError> {
        match (&self.source, &self.cache_dir) {
            (Source::File(p), Some(dir)) => {
                let settings = [self.access_min(mode), self.snap_limit_m];
                let key = cache::key(p, mode, &settings, places).map_err(TravelError::File)?;
                Ok(Some((dir.clone(), key)))
            }
            _ => Ok(None),
        }
    }

    /// Unrounded trip minutes and metres between every pair of places (row-major), access time
    /// included, with the snapping distances. [`TravelProvider::matrix`] rounds these to whole
    /// minutes; calibration uses them as they are.
    pub fn trips(&self, places: &[Location], mode: TravelMode) -> Result<Trips, TravelError> {
        let net = self.network(mode)?;
        let snapper = snap::Snapper::new(&net);
        let mut snaps = Vec::with_capacity(places.len());
        for (i, &loc) in places.iter().enumerate() {
            let Some(s) = snapper.nearest(&net, loc) else {
                return Err(TravelError::Parameters(format!(
                    "place {i} has no latitude and longitude; the road network needs places on the map"
                )));
            };
            if s.metres > self.snap_limit_m {
                return Err(TravelError::OffNetwork {
                    place: i,
                    label: format!("#{i}"),
                    metres: s.metres,
                    limit_m: self.snap_limit_m,
                    mode: mode.name().to_string(),
                });
            }
            snaps.push(s);
        }
        let nodes: Vec<u32> = snaps.iter().map(|s| s.node).collect();
        let costs = paths::many_to_many(&net, &nodes, &nodes);
        let n = places.len();
        let off = off_road_kmh(mode) / 3.6;
        let access = self.access_min(mode);
        let mut minutes = Vec::with_capacity(n * n);
        let mut metres = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                if i == j || haversine_m(places[i], places[j]) < 1.0 {
                    minutes.push(0.0);
                    metres.push(0.0);
                    continue;
                }
                let Some((ms, m)) = costs[i][j] else {
                    return Err(TravelError::BadValue { row: i, col: j, why: "no route on the road network".into() });
                };
                let snap_m = snaps[i].metres + snaps[j].metres;
                let min = access + (ms as f64 / 1000.0 + snap_m / off) / 60.0;
                if min > MAX_TRIP_MIN {
                    return Err(TravelError::BadValue {
                        row: i,
                        col: j,
                        why: format!("a {min:.0}-minute trip is longer than a week"),
                    });
                }
                minutes.push(min);
                metres.push(m + snap_m);
            }
        }
        let snap_max_m = snaps.iter().map(|s| s.metres).fold(0.0, f64::max);
        let snap_mean_m = snaps.iter().map(|s| s.metres).sum::<f64>() / n.max(1) as f64;
        Ok(Trips { n, minutes, metres, snap_max_m, snap_mean_m })
    }

    fn compute(&self, places: &[Location], mode: TravelMode) -> Result<(Matrix, f64, f64), TravelError> {
        let t = self.trips(places, mode)?;
        let ticks = t.minutes.iter().map(|&m| crate::time::minutes(m.round() as i32)).collect();
        let metres = t.metres.iter().map(|&m| m.round() as u32).collect();
        Ok((Matrix::new(t.n, ticks, metres), t.snap_max_m, t.snap_mean_m))
    }
}

/// Unrounded trips between places (see [`RoadNetwork::trips`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Trips {
    /// Number of places.
    pub n: usize,
    /// Row-major minutes, access time included.
    pub minutes: Vec<f64>,
    /// Row-major metres.
    pub metres: Vec<f64>,
    /// Largest snapping distance, metres.
    pub snap_max_m: f64,
    /// Mean snapping distance, metres.
    pub snap_mean_m: f64,
}

impl TravelProvider for RoadNetwork {
    fn matrix(&self, places: &[Location], mode: TravelMode) -> Result<Matrix, TravelError> {
        let key = self.cache_key(places, mode)?;
        let mut cache_unsound = None;
        if let Some((dir, key)) = &key {
            match cache::load(dir, mode, key) {
                cache::Lookup::Hit(m, e) => {
                    self.reports.lock().expect("reports lock").push(SnapReport {
                        mode,
                        places: places.len(),
                        max_m: e.snap_max_m,
                        mean_m: e.snap_mean_m,
                        from_cache: true,
                        cache_file: Some(cache::path(dir, mode, key)),
                        cache_unsound: None,
                    });
                    return Ok(m);
                }
                cache::Lookup::Unsound(why) => cache_unsound = Some(why),
                cache::Lookup::Miss => {}
            }
        }
        let (m, max_m, mean_m) = self.compute(places, mode)?;
        let mut cache_file = None;
        if let Some((dir, key)) = key {
            let pairs = || (0..m.len()).flat_map(|i| (0..m.len()).map(move |j| (i, j)));
            let entry = cache::Entry::new(
                key,
                m.len(),
                pairs().map(|(i, j)| m.ticks(i, j)).collect(),
                pairs().map(|(i, j)| m.metres(i, j)).collect(),
                max_m,
                mean_m,
            );
            // A cache that cannot be written only costs time on the next run.
            cache_file = cache::store(&dir, mode, &entry).ok();
        }
        self.reports.lock().expect("reports lock").push(SnapReport {
            mode,
            places: places.len(),
            max_m,
            mean_m,
            from_cache: false,
            cache_file,
            cache_unsound,
        });
        Ok(m)
    }
}

/// The default cache folder for a problem in `problem_dir`: `.rota-cache/` beside it.
pub fn default_cache_dir(problem_dir: &Path) -> PathBuf {
    problem_dir.join(".rota-cache")
}
