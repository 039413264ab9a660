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

use super::{Matrix, TravelError, TravelProvider};
use crate::model::{DistanceParams, Location, TravelMode};
use std::collections::BTreeMap;

/// Mean Earth radius in metres (IUGG).
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance in metres between two points on the map; between two points on a
/// plane, the straight-line distance with x and y in kilometres. (A map point and a plane point
/// are never compared: validation rejects a problem that mixes them.)
pub fn haversine_m(a: Location, b: Location) -> f64 {
    let ((lat1, lon1), (lat2, lon2)) = match (a, b) {
        (Location::Geo { lat: a1, lon: o1 }, Location::Geo { lat: a2, lon: o2 }) => ((a1, o1), (a2, o2)),
        (Location::Planar { x: x1, y: y1 }, Location::Planar { x: x2, y: y2 }) => {
            return 1000.0 * (x2 - x1).hypot(y2 - y1);
        }
        _ => return f64::NAN,
    };
    let (la1, la2) = (lat1.to_radians(), lat2.to_radians());
    let dlat = la2 - la1;
    let dlon = (lon2 - lon1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
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

impl TravelProvider for DistanceModel {
    fn matrix(&self, places: &[Location], mode: TravelMode) -> Result<Matrix, TravelError> {
        let p = self.params(mode);
        let n = places.len();
        let mut minutes = Vec::with_capacity(n * n);
        let mut metres = Vec::with_capacity(n * n);
        for (i, &a) in places.iter().enumerate() {
            for (j, &b) in places.iter().enumerate() {
                let (min, m) = p.trip(haversine_m(a, b));
                if min > super::matrix_file::MAX_TRIP_MIN {
                    return Err(TravelError::BadValue {
                        row: i,
                        col: j,
                        why: format!("a {:.0}-minute trip is longer than a week: places too far apart", min),
                    });
                }
                minutes.push(crate::time::minutes(min.round() as i32));
                metres.push(m.round() as u32);
            }
        }
        Ok(Matrix::new(n, minutes, metres))
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

    #[test]
    fn bad_overrides_are_rejected() {
        let mut o = BTreeMap::new();
        o.insert(TravelMode::Car, DistanceParams { speed_kmh: Some(0.0), ..Default::default() });
        let errors = DistanceModel::with_overrides(&o).unwrap_err();
        assert_eq!(errors[0].0, TravelMode::Car);
    }
}
