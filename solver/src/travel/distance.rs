//! The distance travel model: crow-fly distance × detour factor ÷ speed, plus access time.
//!
//! Defaults per mode (see `docs/travel.md` for how the car values were fitted to real Kent
//! car times in `datasets/geodata/travel_times/`):
//!
//! | mode | detour factor | speed km/h | access min | basis |
//! |---|---|---|---|---|
//! | car | 1.3 | 62 | 7.5 | fitted to Kent car times under 10 km (docs/travel.md) |
//! | walk | 1.3 | 4.8 | 0 | assumption: 80 m/min walking pace |
//! | cycle | 1.3 | 15 | 1 | assumption: urban cycling |
//! | public transport | 1.4 | 12 | 8 | assumption: bus with waiting, honest but crude |

use super::matrix_file::MAX_TRIP_MIN;
use super::{Matrix, TravelError, TravelProvider};
use crate::model::{DistanceParams, Location, TravelMode};
use crate::time::Ticks;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Mean Earth radius in metres (IUGG).
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance in metres between two points on the map; between two points on a
/// plane, the straight-line distance with x and y in kilometres. (A map point and a plane point
/// are never compared: validation rejects a problem that mixes them.)
pub fn haversine_m(a: Location, b: Location) -> f64 {
    Point::of(a).crow_m(&Point::of(b))
}

/// A place as the distance formula reads it: a map point's latitude in radians with its cosine
/// worked out once, or a plane point. [`Point::crow_m`] does the same floating-point operations
/// in the same order as the formula on the raw coordinates, so it gives the same bits. A map
/// point also keeps its unit vector, for [`Point::crow_bounds`].
#[derive(Clone, Copy, Debug, PartialEq)]
enum Point {
    Geo { lat_rad: f64, cos_lat: f64, lon: f64, unit: [f64; 3] },
    Planar { x: f64, y: f64 },
}

/// How far [`Point::crow_bounds`]' chord estimate may be from [`Point::crow_m`], in metres:
/// both are within about 10⁻⁸ m of the true distance for points under 250 km apart (rounding of
/// the coordinates and a few ulps in each step, times the Earth's radius), so 0.1 mm is ten
/// thousand times the need.
const CROW_SLACK_M: f64 = 1e-4;

impl Point {
    fn of(l: Location) -> Point {
        match l {
            Location::Geo { lat, lon } => {
                let lat_rad = lat.to_radians();
                let cos_lat = lat_rad.cos();
                let lon_rad = lon.to_radians();
                Point::Geo {
                    lat_rad,
                    cos_lat,
                    lon,
                    unit: [cos_lat * lon_rad.cos(), cos_lat * lon_rad.sin(), lat_rad.sin()],
                }
            }
            Location::Planar { x, y } => Point::Planar { x, y },
        }
    }

    /// Crow-fly metres to `b` (NaN between a map point and a plane point).
    #[inline]
    fn crow_m(&self, b: &Point) -> f64 {
        match (*self, *b) {
            (
                Point::Geo { lat_rad: la1, cos_lat: c1, lon: lon1, .. },
                Point::Geo { lat_rad: la2, cos_lat: c2, lon: lon2, .. },
            ) => {
                let dlat = la2 - la1;
                let dlon = (lon2 - lon1).to_radians();
                let h = (dlat / 2.0).sin().powi(2) + c1 * c2 * (dlon / 2.0).sin().powi(2);
                2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
            }
            (Point::Planar { x: x1, y: y1 }, Point::Planar { x: x2, y: y2 }) => 1000.0 * (x2 - x1).hypot(y2 - y1),
            _ => f64::NAN,
        }
    }

    /// Bounds that hold [`Point::crow_m`] to map point `b` less than 250 km away, without
    /// trigonometry: the great-circle distance from the chord between the unit vectors,
    /// 2R·asin(c/2), with asin by its series to the x⁷ term (the next term is below 10⁻¹⁶
    /// of the distance there), widened by [`CROW_SLACK_M`]. None otherwise.
    #[inline]
    fn crow_bounds(&self, b: &Point) -> Option<(f64, f64)> {
        let (Point::Geo { unit: u, .. }, Point::Geo { unit: w, .. }) = (self, b) else { return None };
        let (dx, dy, dz) = (u[0] - w[0], u[1] - w[1], u[2] - w[2]);
        let x = 0.5 * (dx * dx + dy * dy + dz * dz).sqrt();
        if x >= 0.02 {
            return None;
        }
        let x2 = x * x;
        let asin = x * (1.0 + x2 * (1.0 / 6.0 + x2 * (3.0 / 40.0 + x2 * (5.0 / 112.0))));
        let m = 2.0 * EARTH_RADIUS_M * asin;
        Some((m - CROW_SLACK_M, m + CROW_SLACK_M))
    }
}

/// `x.round()`, as the model's values are then cast to integers, without a call into the maths
/// library for the values trips give: below 2⁵² the truncation `t` and `x − t` are exact, so
/// rounding half away from zero is `t` plus one when `x − t ≥ 0.5`. (It gives +0 for −0, the
/// same integer.)
#[inline]
fn round(x: f64) -> f64 {
    if (0.0..4.5e15).contains(&x) {
        let t = x as i64 as f64;
        if x - t >= 0.5 {
            t + 1.0
        } else {
            t
        }
    } else {
        x.round()
    }
}

/// Resolved parameters for one mode.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModeParams {
    /// Road distance ÷ crow-fly distance.
    pub detour_factor: f64,
    /// Speed over the road distance, km/h.
    pub speed_kmh: f64,
    /// Fixed minutes per trip between two different places.
    pub access_min: f64,
}

impl ModeParams {
    /// The documented default for `mode`.
    pub fn default_for(mode: TravelMode) -> ModeParams {
        let (detour_factor, speed_kmh, access_min) = match mode {
            TravelMode::Car => (1.3, 62.0, 7.5),
            TravelMode::Walk => (1.3, 4.8, 0.0),
            TravelMode::Cycle => (1.3, 15.0, 1.0),
            TravelMode::PublicTransport => (1.4, 12.0, 8.0),
        };
        ModeParams { detour_factor, speed_kmh, access_min }
    }

    /// Minutes (real-valued) and road metres for a crow-fly distance in metres.
    pub fn trip(&self, crow_m: f64) -> (f64, f64) {
        if crow_m < 1.0 {
            return (0.0, 0.0);
        }
        let road_m = crow_m * self.detour_factor;
        (road_m / 1000.0 / self.speed_kmh * 60.0 + self.access_min, road_m)
    }
}

/// The distance model with parameters for every mode.
#[derive(Clone, Debug, PartialEq)]
pub struct DistanceModel {
    params: BTreeMap<TravelMode, ModeParams>,
}

impl Default for DistanceModel {
    fn default() -> Self {
        DistanceModel { params: TravelMode::ALL.iter().map(|&m| (m, ModeParams::default_for(m))).collect() }
    }
}

impl DistanceModel {
    /// The defaults with a problem's per-mode overrides laid over them. Every mode whose values
    /// are unusable is reported, with the mode.
    pub fn with_overrides(
        overrides: &BTreeMap<TravelMode, DistanceParams>,
    ) -> Result<DistanceModel, Vec<(TravelMode, TravelError)>> {
        let mut model = DistanceModel::default();
        let mut errors = Vec::new();
        for (mode, o) in overrides {
            let p = model.params.get_mut(mode).expect("every mode has defaults");
            if let Some(v) = o.detour_factor {
                p.detour_factor = v;
            }
            if let Some(v) = o.speed_kmh {
                p.speed_kmh = v;
            }
            if let Some(v) = o.access_min {
                p.access_min = v;
            }
            let ok = (1.0..=10.0).contains(&p.detour_factor)
                && (0.5..=300.0).contains(&p.speed_kmh)
                && (0.0..=120.0).contains(&p.access_min);
            if !ok {
                errors.push((
                    *mode,
                    TravelError::Parameters(format!(
                        "mode `{}` needs detour_factor 1 to 10, speed_kmh 0.5 to 300 and access_min 0 to 120",
                        mode.name()
                    )),
                ));
            }
        }
        if errors.is_empty() {
            Ok(model)
        } else {
            Err(errors)
        }
    }

    /// The parameters used for `mode`.
    pub fn params(&self, mode: TravelMode) -> ModeParams {
        self.params[&mode]
    }
}

impl DistanceModel {
    /// The most places for which [`TravelProvider::matrix`] stores a dense table (12 bytes a
    /// pair and mode: at most 50 MB); above it the matrix computes each trip from the
    /// coordinates when asked ([`DistanceModel::on_demand`]), with the same values. A table
    /// read is faster than a computation (about 10% of a search's time at 1,800 places), so
    /// weeks up to about 4× the Kent cluster keep the table, and only the larger weeks, whose
    /// tables would take gigabytes, trade that speed for memory (BENCHMARKS.md, "How it
    /// scales").
    pub const DENSE_MAX_PLACES: usize = 2048;

    /// The dense table of every pair of `places` for `mode` (`n² × 12` bytes).
    pub fn dense(&self, places: &[Location], mode: TravelMode) -> Result<Matrix, TravelError> {
        let p = self.params(mode);
        let points: Vec<Point> = places.iter().map(|&l| Point::of(l)).collect();
        let n = points.len();
        let mut ticks = Vec::with_capacity(n * n);
        let mut metres = Vec::with_capacity(n * n);
        for (i, a) in points.iter().enumerate() {
            for (j, b) in points.iter().enumerate() {
                let (t, m) = leg(&p, a.crow_m(b)).map_err(|why| TravelError::BadValue { row: i, col: j, why })?;
                ticks.push(t);
                metres.push(m);
            }
        }
        Ok(Matrix::new(n, ticks, metres))
    }

    /// A matrix for `mode` that keeps only the places' coordinates (56 bytes a place) and a
    /// memo of fixed size (512 KB), and computes each trip when asked, giving exactly the
    /// values of [`DistanceModel::dense`], including its error for places too far apart.
    pub fn on_demand(&self, places: &[Location], mode: TravelMode) -> Result<Matrix, TravelError> {
        let table = OnDemand::new(places, self.params(mode));
        table.check_reach()?;
        Ok(Matrix::on_demand(table))
    }
}

/// Ticks and metres of one trip of `crow_m` crow-fly metres, rounded to whole minutes and
/// metres; an error for a trip longer than a week.
#[inline]
fn leg(p: &ModeParams, crow_m: f64) -> Result<(Ticks, u32), String> {
    let (min, m) = p.trip(crow_m);
    if min > MAX_TRIP_MIN {
        return Err(format!("a {:.0}-minute trip is longer than a week: places too far apart", min));
    }
    Ok((to_ticks(min), round(m) as u32))
}

/// Whole minutes of a trip, in ticks.
#[inline]
fn to_ticks(min: f64) -> Ticks {
    crate::time::minutes(round(min) as i32)
}

/// Slots of an [`OnDemand`] matrix's memo of recent trips: 2¹⁶ of 8 bytes, 512 KB a mode
/// whatever the problem's size.
const MEMO_BITS: u32 = 16;

/// The distance model's matrix without a table: the coordinates and the mode's parameters,
/// with a small memo of the trip times last computed.
///
/// The memo is direct-mapped: each slot holds one (pair, whole minutes) in one atomic word,
/// so threads share it without locks, and a slot overwritten by another pair only costs a
/// recomputation. Every value is the formula's, so what the memo holds never changes an answer.
pub(super) struct OnDemand {
    points: Vec<Point>,
    params: ModeParams,
    memo: Box<[AtomicU64]>,
}

impl PartialEq for OnDemand {
    fn eq(&self, other: &Self) -> bool {
        self.points == other.points && self.params == other.params
    }
}

impl std::fmt::Debug for OnDemand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnDemand").field("places", &self.points.len()).field("params", &self.params).finish()
    }
}

impl OnDemand {
    fn new(places: &[Location], params: ModeParams) -> OnDemand {
        let memo = (0..1usize << MEMO_BITS).map(|_| AtomicU64::new(0)).collect();
        OnDemand { points: places.iter().map(|&l| Point::of(l)).collect(), params, memo }
    }

    pub(super) fn len(&self) -> usize {
        self.points.len()
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.points.capacity() * std::mem::size_of::<Point>() + self.memo.len() * std::mem::size_of::<AtomicU64>()
    }

    /// Ticks from place `a` to place `b`, from the memo if it holds them.
    #[inline(never)]
    pub(super) fn ticks(&self, a: usize, b: usize) -> Ticks {
        // The pair's key, never 0 (an empty slot), in the word's top 48 bits; the whole minutes
        // (at most a week, 10,080) in its low 16.
        let key = (a * self.points.len() + b) as u64 + 1;
        if key >= 1 << 48 {
            return crate::time::minutes(self.minutes(a, b));
        }
        let slot = &self.memo[(key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - MEMO_BITS)) as usize];
        let word = slot.load(Ordering::Relaxed);
        if word >> 16 == key {
            return crate::time::minutes((word & 0xFFFF) as i32);
        }
        let min = self.minutes(a, b);
        if (0..=0xFFFF).contains(&min) {
            slot.store(key << 16 | min as u64, Ordering::Relaxed);
        }
        crate::time::minutes(min)
    }

    /// Whole minutes from place `a` to place `b`.
    #[inline]
    fn minutes(&self, a: usize, b: usize) -> i32 {
        self.rounded(a, b, |(min, _)| min) as i32
    }

    /// Road metres from place `a` to place `b`.
    #[inline(never)]
    pub(super) fn metres(&self, a: usize, b: usize) -> u32 {
        self.rounded(a, b, |(_, m)| m) as u32
    }

    /// One part of the trip from place `a` to place `b` (`part` picks minutes or metres),
    /// rounded: from the chord bounds where both ends round to the same value (the trip formula
    /// only ever rounds up or keeps a value as its input grows, so the exact value lies
    /// between), else from the formula itself.
    #[inline]
    fn rounded(&self, a: usize, b: usize, part: impl Fn((f64, f64)) -> f64) -> f64 {
        let (pa, pb) = (&self.points[a], &self.points[b]);
        if let Some((lo, hi)) = pa.crow_bounds(pb) {
            if hi < 1.0 {
                return 0.0;
            }
            if lo >= 1.0 {
                let x = round(part(self.params.trip(lo)));
                if x == round(part(self.params.trip(hi))) {
                    return x;
                }
            }
        }
        round(part(self.params.trip(pa.crow_m(pb))))
    }

    /// The error [`DistanceModel::dense`] gives, if any, without looking at every pair when
    /// none can fail: no two places are further apart than twice the furthest place is from
    /// the first (the triangle inequality), so if a trip that long is within a week, every
    /// trip is. Otherwise every pair is tried in the dense table's order.
    fn check_reach(&self) -> Result<(), TravelError> {
        let Some(first) = self.points.first() else { return Ok(()) };
        let radius = self.points.iter().map(|p| first.crow_m(p)).fold(0.0, f64::max);
        // A margin for rounding in the formula: a bound that passes with it passes without.
        if self.params.trip(2.0 * radius * (1.0 + 1e-9) + 1.0).0 <= MAX_TRIP_MIN {
            return Ok(());
        }
        for (i, a) in self.points.iter().enumerate() {
            for (j, b) in self.points.iter().enumerate() {
                leg(&self.params, a.crow_m(b)).map_err(|why| TravelError::BadValue { row: i, col: j, why })?;
            }
        }
        Ok(())
    }
}

impl TravelProvider for DistanceModel {
    /// A dense table for up to [`DistanceModel::DENSE_MAX_PLACES`] places, else computed on
    /// demand: the same values either way.
    fn matrix(&self, places: &[Location], mode: TravelMode) -> Result<Matrix, TravelError> {
        if places.len() <= Self::DENSE_MAX_PLACES {
            self.dense(places, mode)
        } else {
            self.on_demand(places, mode)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_matches_a_known_distance() {
        // Canterbury Cathedral to Dover Castle: about 23.5 km crow-fly.
        let a = Location::geo(51.2798, 1.0828);
        let b = Location::geo(51.1295, 1.3236);
        let km = haversine_m(a, b) / 1000.0;
        assert!((km - 23.4).abs() < 0.5, "{km}");
        assert_eq!(haversine_m(a, a), 0.0);
    }

    #[test]
    fn walking_is_slower_than_driving_and_same_place_is_free() {
        let m = DistanceModel::default();
        let places = [Location::geo(51.0, 1.0), Location::geo(51.01, 1.0)];
        let car = m.matrix(&places, TravelMode::Car).unwrap();
        let walk = m.matrix(&places, TravelMode::Walk).unwrap();
        assert!(walk.ticks(0, 1) > car.ticks(0, 1));
        assert_eq!(car.ticks(1, 1), 0);
        assert_eq!(car.metres(0, 1), walk.metres(0, 1));
    }

    /// Places scattered over Kent (and some within a metre or a few hundred metres of each
    /// other, where the rounding is decided), for every mode, with a custom mode too.
    fn scattered(seed: u64, n: usize) -> Vec<Location> {
        let mut rng = crate::rng::Rng::seeded(seed);
        let mut places: Vec<Location> = Vec::new();
        while places.len() < n {
            let near = places.len() > 2 && rng.chance(0.3);
            let l = if near {
                let Location::Geo { lat, lon } = places[rng.below(places.len())] else { unreachable!() };
                let step = if rng.chance(0.5) { 1e-5 } else { 5e-3 };
                Location::geo(lat + step * (rng.unit() - 0.5), lon + step * (rng.unit() - 0.5))
            } else {
                Location::geo(50.9 + 0.6 * rng.unit(), 0.0 + 1.6 * rng.unit())
            };
            places.push(l);
        }
        places
    }

    fn assert_same(dense: &Matrix, lazy: &Matrix) {
        assert!(dense.is_dense() && !lazy.is_dense());
        assert_eq!(dense.len(), lazy.len());
        // Twice: the second pass reads the memo where it still holds a pair.
        for _ in 0..2 {
            for a in 0..dense.len() {
                for b in 0..dense.len() {
                    assert_eq!(dense.ticks(a, b), lazy.ticks(a, b), "ticks {a} → {b}");
                    assert_eq!(dense.metres(a, b), lazy.metres(a, b), "metres {a} → {b}");
                }
            }
        }
    }

    /// The on-demand matrix gives exactly the dense table's values, so the solver and the
    /// checker agree whichever a problem's size picks.
    #[test]
    fn on_demand_equals_the_dense_table_on_random_points() {
        let mut o = BTreeMap::new();
        o.insert(
            TravelMode::Walk,
            DistanceParams { detour_factor: Some(1.17), speed_kmh: Some(5.3), access_min: None },
        );
        let model = DistanceModel::with_overrides(&o).unwrap();
        for seed in 1..=3 {
            let places = scattered(seed, 400);
            for mode in TravelMode::ALL {
                assert_same(&model.dense(&places, mode).unwrap(), &model.on_demand(&places, mode).unwrap());
            }
        }
        // Plane points (benchmark problems), and a point far away that takes the formula's path.
        let mut rng = crate::rng::Rng::seeded(9);
        let plane: Vec<Location> =
            (0..200).map(|_| Location::Planar { x: 100.0 * rng.unit(), y: 100.0 * rng.unit() }).collect();
        let m = DistanceModel::default();
        assert_same(&m.dense(&plane, TravelMode::Car).unwrap(), &m.on_demand(&plane, TravelMode::Car).unwrap());
        let mut far = scattered(4, 100);
        far.push(Location::geo(55.95, -3.19));
        assert_same(&m.dense(&far, TravelMode::Car).unwrap(), &m.on_demand(&far, TravelMode::Car).unwrap());
    }

    /// Where the chord's estimate lands within a hair of a rounding boundary, the formula
    /// decides: pairs are searched out whose road metres sit near a half metre.
    #[test]
    fn on_demand_equals_the_dense_table_at_rounding_boundaries() {
        let m = DistanceModel::default();
        let p = m.params(TravelMode::Car);
        let base = Location::geo(51.28, 1.08);
        let mut places = vec![base];
        let mut rng = crate::rng::Rng::seeded(3);
        while places.len() < 60 {
            let l = Location::geo(51.28 + 0.05 * (rng.unit() - 0.5), 1.08 + 0.05 * (rng.unit() - 0.5));
            let road = p.trip(haversine_m(base, l)).1;
            if (road.fract() - 0.5).abs() < 1e-3 {
                places.push(l);
            }
        }
        // And pairs about a metre apart, where the trip is zero below 1 m.
        for i in 0..40 {
            places.push(Location::geo(51.3 + 1e-6 * i as f64, 1.1));
        }
        assert_same(&m.dense(&places, TravelMode::Car).unwrap(), &m.on_demand(&places, TravelMode::Car).unwrap());
    }

    /// `round` is `f64::round` wherever it is used, including at and next to every half.
    #[test]
    fn fast_round_is_round() {
        let mut rng = crate::rng::Rng::seeded(5);
        let mut xs = vec![0.0, -0.0, 0.5, 1.5, 2.5, 0.49999999999999994, 4.5e15, 1e300, -2.5, f64::NAN, f64::INFINITY];
        for _ in 0..100_000 {
            let whole = rng.below(1 << 30) as f64;
            let half = whole + 0.5;
            xs.extend([half, f64::from_bits(half.to_bits() - 1), f64::from_bits(half.to_bits() + 1)]);
            xs.push(rng.unit() * 1e7);
        }
        for x in xs {
            assert_eq!(round(x) as i64, x.round() as i64, "{x}");
            assert_eq!(round(x) as u32, x.round() as u32, "{x}");
        }
    }

    /// The error for places too far apart is the dense table's, cell for cell, though the
    /// on-demand matrix does not try every pair when none can fail.
    #[test]
    fn places_too_far_apart_give_the_same_error() {
        let m = DistanceModel::default();
        let places = [Location::geo(51.0, 1.0), Location::geo(51.1, 1.0), Location::geo(60.0, 10.0)];
        let dense = m.dense(&places, TravelMode::Walk).unwrap_err();
        assert!(matches!(dense, TravelError::BadValue { row: 0, col: 2, .. }), "{dense:?}");
        assert_eq!(m.on_demand(&places, TravelMode::Walk).unwrap_err(), dense);
        assert!(m.on_demand(&places, TravelMode::Car).is_ok());
    }

    /// Small problems keep the dense table; large ones keep coordinates only.
    #[test]
    fn the_provider_picks_by_size() {
        let m = DistanceModel::default();
        let small = scattered(1, 50);
        let large = scattered(2, DistanceModel::DENSE_MAX_PLACES + 1);
        assert!(m.matrix(&small, TravelMode::Car).unwrap().is_dense());
        let lazy = m.matrix(&large, TravelMode::Car).unwrap();
        assert!(!lazy.is_dense());
        // The coordinates and a memo of fixed size, not a table.
        assert!(lazy.heap_bytes() <= 56 * large.len() + (8 << MEMO_BITS));
    }

    #[test]
    fn bad_overrides_are_rejected() {
        let mut o = BTreeMap::new();
        o.insert(TravelMode::Car, DistanceParams { speed_kmh: Some(0.0), ..Default::default() });
        let errors = DistanceModel::with_overrides(&o).unwrap_err();
        assert_eq!(errors[0].0, TravelMode::Car);
    }
}
