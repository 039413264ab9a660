//! Travel times and distances between the places of a problem.
//!
//! Every place a carer can be (each client's home, each carer's start and end) gets a
//! [`PlaceId`] in a fixed order ([`Places`]). A [`TravelProvider`] turns the places into a
//! [`Matrix`] for one [`TravelMode`]; [`Travel`] holds the matrices for every mode the
//! problem's carers use. Three providers exist now:
//! - [`DistanceModel`]: crow-fly distance × detour factor ÷ speed, plus a fixed access time;
//! - [`MatrixFile`]: a matrix read from a file (Rota's own format or an OSRM `table` response);
//! - [`RoadNetwork`]: fastest paths on real roads from an OpenStreetMap extract.
//!
//! ```
//! use rota::model::{Location, TravelMode};
//! use rota::travel::{DistanceModel, TravelProvider};
//! let places = [Location::geo(51.2798, 1.0789), Location::geo(51.2890, 1.0660)];
//! let m = DistanceModel::default().matrix(&places, TravelMode::Car).unwrap();
//! assert!(m.ticks(0, 1) > 0 && m.ticks(0, 0) == 0);
//! ```

pub mod calibrate;
mod distance;
mod matrix_file;
pub mod road;

pub use distance::{haversine_m, DistanceModel, ModeParams};
pub use matrix_file::{MatrixFile, MatrixFileFormat};
pub use road::RoadNetwork;

use crate::format::{Findings, InputErrors};
use crate::model::{Location, Problem, TravelConfig, TravelMode};
use crate::time::{Ticks, MINUTE};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The index of a place in a problem's [`Places`].
pub type PlaceId = usize;

/// Travel times (in [`Ticks`], usually whole minutes) and road distances (metres) between every
/// pair of places.
///
/// Two representations give the same answers through [`Matrix::ticks`] and [`Matrix::metres`]:
/// - a dense `n × n` table, 12 bytes a pair (matrix files, road networks, and the distance
///   model for up to [`DistanceModel::DENSE_MAX_PLACES`] places);
/// - the distance model's formula, evaluated from the places' coordinates on every call
///   ([`DistanceModel::on_demand`]): 56 bytes a place, so a county-sized problem needs no
///   table of billions of pairs.
///
/// Either is shared, not copied, when the matrix is cloned (the solver's instance keeps the
/// travel's matrices this way).
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    n: usize,
    table: Arc<Table>,
}

#[derive(Debug, PartialEq)]
enum Table {
    /// Row-major ticks and metres of every pair.
    Dense { ticks: Vec<Ticks>, metres: Vec<u32> },
    /// Computed from the coordinates on each call.
    Distance(distance::OnDemand),
}

impl Matrix {
    /// A matrix from row-major travel ticks and metres of an `n × n` table.
    pub fn new(n: usize, ticks: Vec<Ticks>, metres: Vec<u32>) -> Matrix {
        assert_eq!(ticks.len(), n * n);
        assert_eq!(metres.len(), n * n);
        Matrix { n, table: Arc::new(Table::Dense { ticks, metres }) }
    }

    fn on_demand(table: distance::OnDemand) -> Matrix {
        Matrix { n: table.len(), table: Arc::new(Table::Distance(table)) }
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether the matrix has no places.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Whether every pair is stored (a dense table) rather than computed on each call.
    pub fn is_dense(&self) -> bool {
        matches!(*self.table, Table::Dense { .. })
    }

    /// Bytes the matrix holds on the heap: `n² × 12` for a dense table, `n × 56` computed on
    /// demand.
    pub fn heap_bytes(&self) -> usize {
        match &*self.table {
            Table::Dense { ticks, metres } => {
                ticks.capacity() * std::mem::size_of::<Ticks>() + metres.capacity() * std::mem::size_of::<u32>()
            }
            Table::Distance(d) => d.heap_bytes(),
        }
    }

    /// Travel time from `a` to `b`.
    #[inline]
    pub fn ticks(&self, a: PlaceId, b: PlaceId) -> Ticks {
        match &*self.table {
            Table::Dense { ticks, .. } => ticks[a * self.n + b],
            Table::Distance(d) => d.ticks(a, b),
        }
    }

    /// Travel time from `a` to `b` in minutes, with any fraction.
    pub fn minutes(&self, a: PlaceId, b: PlaceId) -> f64 {
        self.ticks(a, b) as f64 / MINUTE as f64
    }

    /// Metres from `a` to `b`.
    #[inline]
    pub fn metres(&self, a: PlaceId, b: PlaceId) -> u32 {
        match &*self.table {
            Table::Dense { metres, .. } => metres[a * self.n + b],
            Table::Distance(d) => d.metres(a, b),
        }
    }
}

/// Why a travel matrix could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TravelError {
    /// The matrix has the wrong number of rows or columns.
    #[error("the matrix is {found} places wide but the problem has {expected}")]
    WrongSize {
        /// Places in the problem.
        expected: usize,
        /// Places in the matrix.
        found: usize,
    },
    /// A place of the problem is missing from the matrix's `locations`.
    #[error("the matrix has no row for place `{0}`")]
    MissingPlace(String),
    /// A value is negative, not finite, or missing.
    #[error("bad value at row {row}, column {col}: {why}")]
    BadValue {
        /// Row.
        row: usize,
        /// Column.
        col: usize,
        /// What is wrong.
        why: String,
    },
    /// The file could not be read or parsed.
    #[error("{0}")]
    File(String),
    /// The distance model's parameters are not usable.
    #[error("{0}")]
    Parameters(String),
    /// A place is too far from every road its mode may use.
    #[error(
        "place `{label}` is {metres:.0} m from the nearest road open to mode `{mode}` (limit {limit_m:.0} m): \
         is it inside the area of the road network?"
    )]
    OffNetwork {
        /// The place's index.
        place: usize,
        /// The place's label (`client:<id>`, `carer:<id>`…).
        label: String,
        /// Metres to the nearest usable node.
        metres: f64,
        /// The snapping limit, metres.
        limit_m: f64,
        /// The mode.
        mode: String,
    },
}

/// Something that gives travel times between places for a mode.
pub trait TravelProvider: Send + Sync {
    /// The full matrix for `places` (in [`Places`] order) when travelling by `mode`.
    fn matrix(&self, places: &[Location], mode: TravelMode) -> Result<Matrix, TravelError>;
}

/// The places of a problem in their fixed order: each client's home in client order, then each
/// carer's start, then each carer's end where it differs from the start.
///
/// Matrix files name places by label: `client:<id>`, `carer:<id>` (start) and
/// `carer-end:<id>` (a separate end location).
#[derive(Clone, Debug, PartialEq)]
pub struct Places {
    /// Coordinates of every place.
    pub locations: Vec<Location>,
    /// Labels of every place, as used by matrix files.
    pub labels: Vec<String>,
    /// The place of each client, by client position.
    pub client: Vec<PlaceId>,
    /// The start place of each carer, by carer position.
    pub carer_start: Vec<PlaceId>,
    /// The end place of each carer, by carer position.
    pub carer_end: Vec<PlaceId>,
}

impl Places {
    /// The places of `problem`.
    pub fn of(problem: &Problem) -> Places {
        let mut p = Places {
            locations: Vec::new(),
            labels: Vec::new(),
            client: Vec::new(),
            carer_start: Vec::new(),
            carer_end: Vec::new(),
        };
        for c in &problem.clients {
            let id = p.push(c.location, format!("client:{}", c.id));
            p.client.push(id);
        }
        for c in &problem.carers {
            let id = p.push(c.start(), format!("carer:{}", c.id));
            p.carer_start.push(id);
        }
        for (i, c) in problem.carers.iter().enumerate() {
            let end =
                if c.end() == c.start() { p.carer_start[i] } else { p.push(c.end(), format!("carer-end:{}", c.id)) };
            p.carer_end.push(end);
        }
        p
    }

    fn push(&mut self, loc: Location, label: String) -> PlaceId {
        self.locations.push(loc);
        self.labels.push(label);
        self.locations.len() - 1
    }
}

/// Travel matrices for every mode a problem's carers use.
#[derive(Clone, Debug)]
pub struct Travel {
    /// The places the matrices index.
    pub places: Places,
    matrices: BTreeMap<TravelMode, Matrix>,
    /// What the provider reported while building (e.g. road snapping distances, cache use).
    pub notes: Vec<String>,
}

impl Travel {
    /// Build the travel matrices a problem needs, as its `travel` setting says. Matrix files are
    /// read relative to `base_dir` (the problem file's folder). `file` names the problem in
    /// errors.
    pub fn for_problem(problem: &Problem, base_dir: &Path, file: &str) -> Result<Travel, InputErrors> {
        let places = Places::of(problem);
        let modes: std::collections::BTreeSet<TravelMode> = problem.carers.iter().map(|c| c.travel_mode).collect();
        let mut f = Findings::new(file);
        let mut matrices = BTreeMap::new();
        let mut notes = Vec::new();
        match &problem.travel {
            TravelConfig::Distance { modes: overrides } => match DistanceModel::with_overrides(overrides) {
                Ok(model) => {
                    for mode in modes {
                        match model.matrix(&places.locations, mode) {
                            Ok(m) => drop(matrices.insert(mode, m)),
                            Err(e) => f.error(format!("$.travel.modes.{}", mode.name()), None, "travel", e.to_string()),
                        }
                    }
                }
                Err(errors) => {
                    for (mode, e) in errors {
                        f.error(format!("$.travel.modes.{}", mode.name()), None, "travel", e.to_string());
                    }
                }
            },
            TravelConfig::Matrix { files } => {
                for mode in modes {
                    let path = format!("$.travel.files.{}", mode.name());
                    let result = match files.get(&mode) {
                        Some(name) => MatrixFile::read(&base_dir.join(name), &places.labels, mode)
                            .and_then(|m| m.matrix(&places.locations, mode)),
                        None => Err(TravelError::File(format!(
                            "no matrix file is given for mode `{}`, which carers use",
                            mode.name()
                        ))),
                    };
                    match result {
                        Ok(m) => drop(matrices.insert(mode, m)),
                        Err(e) => f.error(path, None, "travel", e.to_string()),
                    }
                }
            }
            TravelConfig::RoadNetwork { road_network, access_min, snap_limit_m } => {
                let mut roads = RoadNetwork::from_file(base_dir.join(road_network))
                    .with_cache_dir(road::default_cache_dir(base_dir));
                if let Some(limit) = snap_limit_m {
                    roads = roads.with_snap_limit(*limit);
                }
                for (&mode, &min) in access_min {
                    if !(0.0..=120.0).contains(&min) {
                        f.error(
                            format!("$.travel.access_min.{}", mode.name()),
                            None,
                            "travel",
                            "access_min must be from 0 to 120 minutes",
                        );
                    }
                    roads = roads.with_access_min(mode, min);
                }
                if snap_limit_m.is_some_and(|l| !(l > 0.0 && l.is_finite())) {
                    f.error(
                        "$.travel.snap_limit_m",
                        None,
                        "travel",
                        "snap_limit_m must be a positive number of metres",
                    );
                }
                if f.list.is_empty() {
                    for mode in modes {
                        match roads.matrix(&places.locations, mode) {
                            Ok(m) => drop(matrices.insert(mode, m)),
                            Err(TravelError::OffNetwork { place, metres, limit_m, mode: m, .. }) => {
                                let e = TravelError::OffNetwork {
                                    place,
                                    label: places.labels[place].clone(),
                                    metres,
                                    limit_m,
                                    mode: m,
                                };
                                let id = places.labels[place].split_once(':').map(|(_, id)| id);
                                f.error("$.travel.road_network", id, "travel", e.to_string())
                            }
                            Err(e) => f.error("$.travel.road_network", None, "travel", e.to_string()),
                        }
                    }
                    notes.extend(roads.reports().iter().map(|r| r.to_string()));
                }
            }
        }
        if f.list.is_empty() {
            Ok(Travel { places, matrices, notes })
        } else {
            Err(InputErrors(f.list))
        }
    }

    /// Travel with the given matrices, for tests and callers that build their own.
    pub fn from_matrices(places: Places, matrices: BTreeMap<TravelMode, Matrix>) -> Travel {
        Travel { places, matrices, notes: Vec::new() }
    }

    /// The matrix for `mode`, if the problem uses it.
    pub fn matrix(&self, mode: TravelMode) -> Option<&Matrix> {
        self.matrices.get(&mode)
    }
}
