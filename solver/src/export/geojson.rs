//! GeoJSON (RFC 7946): the rota on a map, readable by QGIS and geojson.io.
//!
//! A FeatureCollection holds, first, one LineString per round with at least one visit: the
//! carer's path for the day from their start place (home, unless the problem sets a
//! `start_location`) through each visit's client, in order, to their end place. Then one Point
//! per planned visit, at its client. Positions are `[lon, lat]` in WGS84 degrees, to six decimals
//! (RFC 7946 §3.1.1, §11.2).
//!
//! Round properties: `feature` (`"round"`), `carer`, `date`, `visits` (count), `start` (first
//! visit's start), `end` (last visit's end), `travel_mode`, `travel_min` (stated travel, the trip
//! home included).
//!
//! Visit properties: `feature` (`"visit"`), `visit`, `client`, `postcode`, `date`, `start`,
//! `end`, `duration_min`, `carers` (ids separated by `;`, which QGIS reads as one text field),
//! `carers_required`, `time_critical`, and `kind`: `time-critical` if the visit is, else
//! `double-handed` if it needs two or more carers, else `ordinary`; for styling.
//!
//! A problem on a plane (`{x, y}`, as benchmark imports give) has no place on a map:
//! [`ExportError::PlaneCoordinates`].

use super::{ExportError, Plan};
use crate::model::{Location, Visit};
use crate::time::{round_to_tick, Ticks, MINUTE};
use serde_json::{json, Value};

/// The GeoJSON text.
pub(super) fn write(plan: &Plan) -> Result<String, ExportError> {
    let p = plan.problem;
    let position = |place: Location, what: &str| -> Result<Value, ExportError> {
        match place {
            Location::Geo { lat, lon } => Ok(json!([six(lon), six(lat)])),
            Location::Planar { .. } => Err(ExportError::PlaneCoordinates(what.to_string())),
        }
    };
    let client_position = |ci: usize| position(p.clients[ci].location, &format!("client `{}`", p.clients[ci].id));
    // Any plane place makes the whole problem unmappable, even if this rota never goes there.
    for (ci, _) in p.clients.iter().enumerate() {
        client_position(ci)?;
    }
    for c in &p.carers {
        for place in [c.start(), c.end()] {
            position(place, &format!("carer `{}`", c.id))?;
        }
    }

    let mut features = Vec::new();
    for r in plan.rounds.iter().filter(|r| !r.visits.is_empty()) {
        let carer = &p.carers[r.carer];
        let what = format!("carer `{}`", carer.id);
        let mut line = vec![position(carer.start(), &what)?];
        for &vi in &r.visits {
            line.push(client_position(plan.visit_client[vi])?);
        }
        line.push(position(carer.end(), &what)?);
        let travel: f64 = r.round.visits.iter().map(|v| v.travel_min).sum::<f64>() + r.round.return_travel_min;
        let (first, last) = (&r.round.visits[0], &r.round.visits[r.round.visits.len() - 1]);
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": line},
            "properties": {
                "feature": "round",
                "carer": carer.id,
                "date": r.round.date.to_string(),
                "visits": r.visits.len(),
                "start": first.start.to_string(),
                "end": last.end.to_string(),
                "travel_mode": carer.travel_mode.name(),
                "travel_min": number(round_to_tick(travel)),
            },
        }));
    }
    for v in &plan.visits {
        let visit = plan.visit(v.visit);
        let client = &p.clients[v.client];
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": client_position(v.client)?},
            "properties": {
                "feature": "visit",
                "visit": visit.id,
                "client": client.id,
                "postcode": client.postcode,
                "date": v.date.to_string(),
                "start": v.start.to_string(),
                "end": v.end.to_string(),
                "duration_min": ticks_as_minutes(v.on_site),
                "carers": plan.carer_list(v.carers.iter().copied()),
                "carers_required": visit.carers_required,
                "time_critical": visit.time_critical,
                "kind": kind(visit),
            },
        }));
    }
    let collection = json!({"type": "FeatureCollection", "features": features});
    Ok(crate::format::to_json(&collection))
}

/// The visit's kind for styling a map.
fn kind(v: &Visit) -> &'static str {
    if v.time_critical {
        "time-critical"
    } else if v.carers_required >= 2 {
        "double-handed"
    } else {
        "ordinary"
    }
}

/// Degrees to six decimals (about 0.1 m).
fn six(deg: f64) -> f64 {
    (deg * 1e6).round() / 1e6
}

/// A whole number as an integer, anything else as a float.
fn number(m: f64) -> Value {
    if m.fract() == 0.0 && m.abs() < 1e15 {
        json!(m as i64)
    } else {
        json!(m)
    }
}

fn ticks_as_minutes(t: Ticks) -> Value {
    if t % MINUTE == 0 {
        json!(t / MINUTE)
    } else {
        json!(t as f64 / MINUTE as f64)
    }
}
