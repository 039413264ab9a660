//! Locations: latitudes in −90..90 and longitudes in −180..180, both finite; plane points
//! finite; and one kind of location in a problem, never a mix of map and plane points.

use super::Context;
use crate::format::Findings;
use crate::model::Location;

/// `bad_coordinates` for client locations and carer homes, start and end locations, and
/// `mixed_coordinates` for the first place whose kind differs from the first client's.
pub(super) fn check(cx: &Context, f: &mut Findings) {
    let planar = |l: &Location| matches!(l, Location::Planar { .. });
    let first = cx.p.clients.first().map(|c| planar(&c.location));
    let mut mixed = |path: String, id: &str, l: &Location| {
        if first.is_some_and(|p| p != planar(l)) {
            f.error(
                path,
                Some(id),
                "mixed_coordinates",
                "this place is a map point and the first client's a plane point, or the other way round: \
                 a problem uses one kind",
            );
            true
        } else {
            false
        }
    };
    let places = cx.p.clients.iter().enumerate().map(|(i, c)| (format!("$.clients[{i}].location"), &c.id, c.location));
    let homes = cx.p.carers.iter().enumerate().flat_map(|(i, k)| {
        [("home", Some(k.home)), ("start_location", k.start_location), ("end_location", k.end_location)]
            .into_iter()
            .filter_map(move |(field, l)| l.map(|l| (format!("$.carers[{i}].{field}"), &k.id, l)))
    });
    for (path, id, l) in places.chain(homes) {
        if mixed(path, id, &l) {
            break;
        }
    }
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
    match *l {
        Location::Geo { lat, lon } => {
            lat.is_finite() && lon.is_finite() && (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
        }
        Location::Planar { x, y } => x.is_finite() && y.is_finite() && x.abs() < 1e9 && y.abs() < 1e9,
    }
}

fn one(f: &mut Findings, path: String, id: &str, l: &Location) {
    if !on_the_map(l) {
        let message = match *l {
            Location::Geo { lat, lon } => format!(
                "({lat}, {lon}) is not a point on the map: latitude must be in -90..90 and longitude in -180..180"
            ),
            Location::Planar { x, y } => format!("({x}, {y}) is not a usable point: x and y must be under 1e9"),
        };
        f.error(path, Some(id), "bad_coordinates", message);
    }
}
