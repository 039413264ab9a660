//! Calibration of the distance model against real car travel times.
//!
//! `datasets/geodata/travel_times/` holds calibrated midday car times from every LSOA
//! population-weighted centroid in five English areas to every stroke unit within 100 km
//! (stroke-modelling / SAMueL project, University of Exeter, derived from OpenStreetMap). For a
//! chosen area, every (LSOA centroid, unit) pair closer than `max_km` crow-fly gives one
//! observation (crow-fly km, minutes). [`fit`] fits `minutes = a + b × km` by least squares, and
//! [`evaluate`] measures how far a set of [`ModeParams`] is from the observations.
//!
//! `rota travel calibrate` runs both and prints the figures in `docs/travel.md`.

use super::distance::{haversine_m, ModeParams};
use crate::model::Location;
use std::collections::HashMap;
use std::path::Path;

/// One observed trip: crow-fly kilometres and real minutes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Observation {
    /// Crow-fly distance, km.
    pub km: f64,
    /// Observed car time, minutes.
    pub minutes: f64,
}

/// A least-squares line `minutes = intercept + slope × km`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    /// Minutes at zero distance.
    pub intercept: f64,
    /// Minutes per crow-fly km.
    pub slope: f64,
    /// Pearson correlation of km and minutes.
    pub r: f64,
    /// Mean absolute error of the line, minutes.
    pub mae: f64,
    /// Number of observations.
    pub n: usize,
}

/// How far a model is from observations.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Accuracy {
    /// Mean absolute error, minutes.
    pub mae: f64,
    /// Mean of (model − observed), minutes: positive means the model is slow.
    pub bias: f64,
    /// Number of observations.
    pub n: usize,
}

/// Fit a line to the observations; `None` with fewer than two distinct distances.
pub fn fit(obs: &[Observation]) -> Option<Fit> {
    let n = obs.len();
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let mx = obs.iter().map(|o| o.km).sum::<f64>() / nf;
    let my = obs.iter().map(|o| o.minutes).sum::<f64>() / nf;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for o in obs {
        sxy += (o.km - mx) * (o.minutes - my);
        sxx += (o.km - mx).powi(2);
        syy += (o.minutes - my).powi(2);
    }
    if sxx <= 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let r = if syy > 0.0 { sxy / (sxx * syy).sqrt() } else { 0.0 };
    let mae = obs.iter().map(|o| (intercept + slope * o.km - o.minutes).abs()).sum::<f64>() / nf;
    Some(Fit { intercept, slope, r, mae, n })
}

/// The accuracy of the distance model with `params` on the observations.
pub fn evaluate(params: &ModeParams, obs: &[Observation]) -> Accuracy {
    let n = obs.len().max(1) as f64;
    let (mut abs, mut sum) = (0.0, 0.0);
    for o in obs {
        let (model, _) = params.trip(o.km * 1000.0);
        abs += (model - o.minutes).abs();
        sum += model - o.minutes;
    }
    Accuracy { mae: abs / n, bias: sum / n, n: obs.len() }
}

/// The distance-model parameters that reproduce a fitted line with the given detour factor.
pub fn params_from_fit(fit: &Fit, detour_factor: f64) -> ModeParams {
    ModeParams { detour_factor, speed_kmh: detour_factor * 60.0 / fit.slope, access_min: fit.intercept.max(0.0) }
}

fn open_csv(geodata: &Path, rel: &str) -> Result<csv::Reader<std::fs::File>, String> {
    let p = geodata.join(rel);
    csv::Reader::from_path(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))
}

/// The population-weighted LSOA centroids of `area`, by LSOA name.
fn read_centroids(geodata: &Path, area: &str) -> Result<HashMap<String, Location>, String> {
    let bad = |e: &dyn std::fmt::Display| format!("lsoa11_areas.csv: {e}");
    let mut centroids: HashMap<String, Location> = HashMap::new();
    let mut lsoa = open_csv(geodata, "lsoa/lsoa11_areas.csv")?;
    let h = lsoa.headers().map_err(|e| bad(&e))?.clone();
    let col = |h: &csv::StringRecord, name: &str| {
        h.iter().position(|c| c == name).ok_or_else(|| format!("column `{name}` missing"))
    };
    let (ca, cn, clat, clon) = (col(&h, "area")?, col(&h, "lsoa11nm")?, col(&h, "pwc_lat")?, col(&h, "pwc_lon")?);
    for rec in lsoa.records() {
        let rec = rec.map_err(|e| bad(&e))?;
        if &rec[ca] != area {
            continue;
        }
        if let (Ok(lat), Ok(lon)) = (rec[clat].parse(), rec[clon].parse()) {
            centroids.insert(rec[cn].to_string(), Location::geo(lat, lon));
        }
    }
    if centroids.is_empty() {
        return Err(format!("no LSOA centroids for area `{area}`"));
    }
    Ok(centroids)
}

/// One LSOA's real car time to a unit: LSOA name, centroid, minutes.
pub type UnitTime = (String, Location, f64);

/// Real car times from every LSOA centroid of `area` to one stroke unit (by its postcode
/// without spaces, e.g. `PO305TG` for St Mary's Hospital, Newport): the unit's location and
/// `(LSOA name, centroid, minutes)` sorted by name.
pub fn read_unit_times(geodata: &Path, area: &str, unit: &str) -> Result<(Location, Vec<UnitTime>), String> {
    let centroids = read_centroids(geodata, area)?;
    let mut at = None;
    let mut u = open_csv(geodata, "travel_times/stroke_unit_coords.csv")?;
    for rec in u.records() {
        let rec = rec.map_err(|e| format!("stroke_unit_coords.csv: {e}"))?;
        if &rec[0] == unit {
            if let (Ok(lat), Ok(lon)) = (rec[3].parse(), rec[4].parse()) {
                at = Some(Location::geo(lat, lon));
            }
        }
    }
    let at = at.ok_or_else(|| format!("no stroke unit `{unit}` in stroke_unit_coords.csv"))?;
    let name = "stroke_lsoa_to_stroke_unit_minutes_areas.csv";
    let mut times = open_csv(geodata, &format!("travel_times/{name}"))?;
    let header = times.headers().map_err(|e| format!("{name}: {e}"))?.clone();
    let col = header.iter().position(|c| c == unit).ok_or_else(|| format!("no column `{unit}` in {name}"))?;
    let mut out = Vec::new();
    for rec in times.records() {
        let rec = rec.map_err(|e| format!("{name}: {e}"))?;
        if &rec[0] != area {
            continue;
        }
        if let (Some(&from), Ok(minutes)) = (centroids.get(&rec[1]), rec[col].parse::<f64>()) {
            out.push((rec[1].to_string(), from, minutes));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((at, out))
}

/// Fit `real = a + b × model` over pairs `(model minutes, real minutes)`, returned as a [`Fit`]
/// whose `slope` is per model minute.
pub fn fit_pairs(pairs: &[(f64, f64)]) -> Option<Fit> {
    let obs: Vec<Observation> = pairs.iter().map(|&(m, r)| Observation { km: m, minutes: r }).collect();
    fit(&obs)
}

/// Read observations for `area` (e.g. `kent`) from a geodata folder laid out as the shipped
/// `datasets/geodata`: every LSOA centroid to every stroke unit less than `max_km` away crow-fly.
pub fn read_observations(geodata: &Path, area: &str, max_km: f64) -> Result<Vec<Observation>, String> {
    let open = |rel: &str| {
        let p = geodata.join(rel);
        csv::Reader::from_path(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    let bad = |what: &str, e: &dyn std::fmt::Display| format!("{what}: {e}");

    let centroids = read_centroids(geodata, area)?;

    let mut units: HashMap<String, Location> = HashMap::new();
    let mut u = open("travel_times/stroke_unit_coords.csv")?;
    for rec in u.records() {
        let rec = rec.map_err(|e| bad("stroke_unit_coords.csv", &e))?;
        if let (Ok(lat), Ok(lon)) = (rec[3].parse(), rec[4].parse()) {
            units.insert(rec[0].to_string(), Location::geo(lat, lon));
        }
    }

    let mut times = open("travel_times/stroke_lsoa_to_stroke_unit_minutes_areas.csv")?;
    let header = times.headers().map_err(|e| bad("stroke_lsoa_to_stroke_unit_minutes_areas.csv", &e))?.clone();
    let mut obs = Vec::new();
    for rec in times.records() {
        let rec = rec.map_err(|e| bad("stroke_lsoa_to_stroke_unit_minutes_areas.csv", &e))?;
        if &rec[0] != area {
            continue;
        }
        let Some(&from) = centroids.get(&rec[1]) else { continue };
        for (i, unit) in header.iter().enumerate().skip(2) {
            let (Some(&to), Ok(minutes)) = (units.get(unit), rec[i].parse::<f64>()) else { continue };
            let km = haversine_m(from, to) / 1000.0;
            if km < max_km {
                obs.push(Observation { km, minutes });
            }
        }
    }
    Ok(obs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_recovers_a_line() {
        let obs: Vec<_> = (1..20).map(|k| Observation { km: k as f64, minutes: 8.0 + 1.1 * k as f64 }).collect();
        let f = fit(&obs).unwrap();
        assert!((f.intercept - 8.0).abs() < 1e-9 && (f.slope - 1.1).abs() < 1e-9);
        assert!((f.r - 1.0).abs() < 1e-9 && f.mae < 1e-9);
        let p = params_from_fit(&f, 1.3);
        let acc = evaluate(&p, &obs);
        assert!(acc.mae < 1e-9, "{acc:?}");
        assert!(fit(&obs[..1]).is_none());
    }
}
