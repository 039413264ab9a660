//! Locations: latitudes in −90..90 and longitudes in −180..180, both finite.

use super::Context;
use crate::format::Findings;
use crate::model::Location;

/// `bad_coordinates` for client locations and carer homes, start and end locations.
pub(super) fn check(cx: &Context, f: &mut Findings) {
    for (i, c) in cx.p.clients.iter().enumerate() {
        one(f, format!("$.clients[{i}].location"), &c.id, &c.location);
    }
    for (i, k) in cx.p.carers.iter().enumerate() {
        one(f, format!("$.carers[{i}].home"), &k.id, &k.home);
        if let Some(l) = &k.start_location {
            one(f, format!("$.carers[{i}].start_location"), &k.id, l);
        }
        if let Some(l) = &k.end_location {
            one(f, format!("$.carers[{i}].end_location"), &k.id, l);
        }
    }
}

/// Whether a location is a point on the map.
fn on_the_map(l: &Location) -> bool {
    l.lat.is_finite() && l.lon.is_finite() && (-90.0..=90.0).contains(&l.lat) && (-180.0..=180.0).contains(&l.lon)
}

fn one(f: &mut Findings, path: String, id: &str, l: &Location) {
    if !on_the_map(l) {
        f.error(
            path,
            Some(id),
            "bad_coordinates",
            format!(
                "({}, {}) is not a point on the map: latitude must be in -90..90 and longitude in -180..180",
                l.lat, l.lon
            ),
        );
    }
}
