//! Which ways each mode may use, in which directions, and how fast.
//!
//! Car speeds by `highway` class (km/h), capped by a tagged `maxspeed` (a bare number is km/h,
//! `mph` is converted; UK national limits `GB:nsl_single` 60 mph, `GB:nsl_dual` and
//! `GB:motorway` 70 mph). They are typical free-flow averages, not limits: a trip's fixed
//! access time (parking, walking to the door) is added on top (see `docs/travel.md`).
//!
//! | highway | km/h | highway | km/h |
//! |---|---|---|---|
//! | motorway | 96 | motorway_link | 64 |
//! | trunk | 80 | trunk_link | 56 |
//! | primary | 64 | primary_link | 48 |
//! | secondary | 56 | secondary_link | 40 |
//! | tertiary | 48 | tertiary_link | 40 |
//! | unclassified | 40 | road | 32 |
//! | residential | 32 | living_street | 10 |
//! | service | 16 | | |
//!
//! Walking is 4.8 km/h and cycling 15 km/h on every way open to them (the distance model's
//! values). Public transport is approximated: walking on the walking network, or riding a bus
//! at [`BUS_KMH`] along trunk, primary, secondary and tertiary roads (a stated assumption, see
//! `docs/travel.md`).

use super::osm::OsmWay;
use crate::model::TravelMode;

/// Walking speed, km/h (80 m a minute).
pub const WALK_KMH: f64 = 4.8;
/// Cycling speed, km/h.
pub const CYCLE_KMH: f64 = 15.0;
/// Assumed average bus speed on main roads, stops included, km/h.
pub const BUS_KMH: f64 = 20.0;

/// The car speed of a `highway` class, km/h, or `None` if cars cannot use it.
pub fn car_class_kmh(highway: &str) -> Option<f64> {
    Some(match highway {
        "motorway" => 96.0,
        "motorway_link" => 64.0,
        "trunk" => 80.0,
        "trunk_link" => 56.0,
        "primary" => 64.0,
        "primary_link" => 48.0,
        "secondary" => 56.0,
        "secondary_link" => 40.0,
        "tertiary" => 48.0,
        "tertiary_link" => 40.0,
        "unclassified" => 40.0,
        "road" => 32.0,
        "residential" => 32.0,
        "living_street" => 10.0,
        "service" => 16.0,
        _ => return None,
    })
}

/// A `maxspeed` value in km/h, if it can be read.
pub fn parse_maxspeed(v: &str) -> Option<f64> {
    let v = v.trim();
    let mph = 1.609_344;
    match v {
        "GB:nsl_single" | "UK:nsl_single" | "national" => return Some(60.0 * mph),
        "GB:nsl_dual" | "UK:nsl_dual" | "GB:motorway" | "UK:motorway" => return Some(70.0 * mph),
        "walk" => return Some(WALK_KMH),
        _ => {}
    }
    if let Some(n) = v.strip_suffix("mph") {
        return n.trim().parse::<f64>().ok().filter(|s| *s > 0.0).map(|s| s * mph);
    }
    let n = v.strip_suffix("km/h").or_else(|| v.strip_suffix("kmh")).unwrap_or(v);
    n.trim().parse::<f64>().ok().filter(|s| *s > 0.0)
}

/// How a mode may travel along a way: its speed forwards (in node order) and backwards, `None`
/// where it may not.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WayRule {
    /// Speed in node order, km/h.
    pub forward: Option<f64>,
    /// Speed against node order, km/h.
    pub backward: Option<f64>,
}

fn yes(v: Option<&str>) -> bool {
    matches!(v, Some("yes" | "permissive" | "designated" | "destination" | "official"))
}

fn no(v: Option<&str>) -> bool {
    matches!(v, Some("no" | "use_sidepath"))
}

/// Whether the way is one-way for vehicles: `Some(true)` forwards only, `Some(false)`
/// backwards only, `None` both ways. Roundabouts and motorways are one-way unless tagged
/// `oneway=no`.
fn oneway(w: &OsmWay, key: &str) -> Option<bool> {
    match w.tag(key) {
        Some("yes" | "true" | "1") => Some(true),
        Some("-1" | "reverse") => Some(false),
        Some("no" | "false" | "0") => None,
        _ => {
            let implied =
                matches!(w.tag("junction"), Some("roundabout" | "circular")) || w.tag("highway") == Some("motorway");
            implied.then_some(true)
        }
    }
}

fn directed(kmh: f64, way: Option<bool>) -> WayRule {
    match way {
        Some(true) => WayRule { forward: Some(kmh), backward: None },
        Some(false) => WayRule { forward: None, backward: Some(kmh) },
        None => WayRule { forward: Some(kmh), backward: Some(kmh) },
    }
}

/// The car rule of a way: its class speed capped by `maxspeed`, one-way aware.
pub fn car(w: &OsmWay) -> Option<WayRule> {
    let class = car_class_kmh(w.tag("highway")?)?;
    if w.tag("area") == Some("yes") {
        return None;
    }
    let motor = ["motorcar", "motor_vehicle", "vehicle"].iter().map(|k| w.tag(k)).find(|v| v.is_some()).flatten();
    if no(motor) || (w.tag("access") == Some("no") && !yes(motor)) {
        return None;
    }
    let kmh = match w.tag("maxspeed").and_then(parse_maxspeed) {
        Some(max) => class.min(max),
        None => class,
    };
    Some(directed(kmh, oneway(w, "oneway")))
}

/// Whether a pedestrian may use the way: no motorways or trunk roads (unless `foot=yes`), nothing
/// tagged `foot=no` or `access=no`.
pub fn walkable(w: &OsmWay) -> bool {
    let Some(h) = w.tag("highway") else { return false };
    let foot = w.tag("foot");
    if no(foot) {
        return false;
    }
    if yes(foot) {
        return true;
    }
    if w.tag("access") == Some("no") {
        return false;
    }
    !matches!(
        h,
        "motorway"
            | "motorway_link"
            | "trunk"
            | "trunk_link"
            | "construction"
            | "proposed"
            | "raceway"
            | "bus_guideway"
            | "busway"
            | "abandoned"
            | "platform"
    )
}

/// The walking rule: both ways at walking pace on every walkable way.
pub fn walk(w: &OsmWay) -> Option<WayRule> {
    walkable(w).then_some(WayRule { forward: Some(WALK_KMH), backward: Some(WALK_KMH) })
}

/// The cycling rule: roads other than motorways and trunk roads, cycleways, paths, tracks and
/// bridleways; footways and pedestrian streets only when `bicycle=yes`; one-way streets unless
/// `oneway:bicycle=no`.
pub fn cycle(w: &OsmWay) -> Option<WayRule> {
    let h = w.tag("highway")?;
    let bike = w.tag("bicycle");
    if no(bike) {
        return None;
    }
    let allowed = yes(bike)
        || (w.tag("access") != Some("no")
            && (matches!(h, "cycleway" | "path" | "track" | "bridleway")
                || (car_class_kmh(h).is_some()
                    && !matches!(h, "motorway" | "motorway_link" | "trunk" | "trunk_link"))));
    if !allowed {
        return None;
    }
    let way = if w.tag("oneway:bicycle") == Some("no") { None } else { oneway(w, "oneway") };
    Some(directed(CYCLE_KMH, way))
}

/// Whether a bus route is assumed along the way (trunk, primary, secondary, tertiary and their
/// links).
pub fn bus_road(h: &str) -> bool {
    matches!(
        h,
        "trunk"
            | "trunk_link"
            | "primary"
            | "primary_link"
            | "secondary"
            | "secondary_link"
            | "tertiary"
            | "tertiary_link"
    )
}

/// The public transport rule: the bus speed along main roads (in the car's allowed directions),
/// walking pace on the other walkable ways and against a one-way main road.
pub fn public_transport(w: &OsmWay) -> Option<WayRule> {
    let walking = walk(w);
    let bus = match w.tag("highway") {
        Some(h) if bus_road(h) => {
            car(w).map(|r| WayRule { forward: r.forward.map(|_| BUS_KMH), backward: r.backward.map(|_| BUS_KMH) })
        }
        _ => None,
    };
    match (walking, bus) {
        (None, None) => None,
        (Some(r), None) | (None, Some(r)) => Some(r),
        (Some(w), Some(b)) => Some(WayRule { forward: b.forward.or(w.forward), backward: b.backward.or(w.backward) }),
    }
}

/// The rule of `mode` for a way, `None` if the mode cannot use it at all.
pub fn rule(w: &OsmWay, mode: TravelMode) -> Option<WayRule> {
    let r = match mode {
        TravelMode::Car => car(w),
        TravelMode::Walk => walk(w),
        TravelMode::Cycle => cycle(w),
        TravelMode::PublicTransport => public_transport(w),
    }?;
    (r.forward.is_some() || r.backward.is_some()).then_some(r)
}
