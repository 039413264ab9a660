//! The clusters as GeoJSON: their boundaries, with their figures and, after a capacity run,
//! their shortfall and a fill colour for it.

use crate::manifest::Manifest;
use geo::{MapCoords, MultiPolygon};
use serde_json::{json, Map, Value};

/// A cluster's capacity figures on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct Shortfall {
    /// Seats in the week.
    pub seats: u64,
    /// Seats the cluster's own solve left unplaced.
    pub unplaced: u64,
    /// Seats still unplaced after the spill-over scenario.
    pub unplaced_after_spill: u64,
    /// The proven lower bound on unplaced seats, if bounded.
    pub bound: Option<u64>,
}

impl Shortfall {
    /// Unplaced seats as a share of the week's seats.
    pub fn share(&self) -> f64 {
        if self.seats == 0 {
            0.0
        } else {
            self.unplaced as f64 / self.seats as f64
        }
    }
}

/// The share at which the colour scale of `shares` turns fully red: the largest share, and
/// at least 5%.
pub fn scale_top(shares: &[f64]) -> f64 {
    shares.iter().copied().fold(0.05, f64::max)
}

/// The fill colour of a shortfall share: green at 0, amber at half of `top`, red at `top`.
pub fn colour(share: f64, top: f64) -> String {
    let t = (share / top).clamp(0.0, 1.0);
    let (r, g, b) = if t < 0.5 {
        let u = t * 2.0;
        (lerp(0x2e, 0xf2, u), lerp(0x9e, 0xa9, u), lerp(0x4f, 0x00, u))
    } else {
        let u = (t - 0.5) * 2.0;
        (lerp(0xf2, 0xc6, u), lerp(0xa9, 0x28, u), lerp(0x00, 0x28, u))
    };
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn lerp(a: u8, b: u8, t: f64) -> u8 {
    (a as f64 + (b as f64 - a as f64) * t).round() as u8
}

/// Coordinates to 5 decimals (about 1 m), as the source files.
fn rounded(shape: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    shape.map_coords(|c| geo::Coord { x: (c.x * 1e5).round() / 1e5, y: (c.y * 1e5).round() / 1e5 })
}

/// The clusters of `manifest` with their `shapes` as a GeoJSON FeatureCollection; with
/// `shortfall` (one per cluster, or empty before a capacity run) each feature also carries
/// the seats, the unplaced seats, the bound and a `fill` colour (simplestyle; green none,
/// red the largest share, or 5% if that is less).
pub fn clusters_geojson(manifest: &Manifest, shapes: &[MultiPolygon<f64>], shortfall: &[Shortfall]) -> String {
    let top = scale_top(&shortfall.iter().map(Shortfall::share).collect::<Vec<_>>());
    let features: Vec<Value> = manifest
        .clusters
        .iter()
        .zip(shapes)
        .enumerate()
        .map(|(i, (c, shape))| {
            let mut p = Map::new();
            p.insert("id".into(), json!(c.id));
            p.insert("name".into(), json!(c.name));
            p.insert("district".into(), json!(c.district));
            p.insert("district_name".into(), json!(c.district_name));
            p.insert("age65".into(), json!(c.age65));
            p.insert("clients".into(), json!(c.clients));
            p.insert("carers".into(), json!(c.carers));
            p.insert("providers".into(), json!(c.providers.len()));
            if let Some(s) = shortfall.get(i) {
                p.insert("seats".into(), json!(s.seats));
                p.insert("unplaced".into(), json!(s.unplaced));
                p.insert("unplaced_after_spill".into(), json!(s.unplaced_after_spill));
                p.insert("bound".into(), json!(s.bound));
                p.insert("shortfall_share".into(), json!((s.share() * 1e4).round() / 1e4));
                p.insert("fill".into(), json!(colour(s.share(), top)));
                p.insert("fill-opacity".into(), json!(0.6));
            }
            let geometry = geojson::GeometryValue::from(&rounded(shape));
            json!({"type": "Feature", "properties": p, "geometry": geometry})
        })
        .collect();
    let collection = json!({"type": "FeatureCollection", "features": features});
    serde_json::to_string(&collection).expect("JSON values serialise")
}
