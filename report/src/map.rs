//! The map: one SVG per day with the clients visited that day and each carer's round as a path
//! in the carer's own colour (the same colour as the swatch by their name in the Gantt chart).
//!
//! No tiles and no network: map points are projected here, equirectangular with longitude
//! scaled by the cosine of the mean latitude (true to scale within a county); plane points
//! (`{"x", "y"}`) are drawn as they are. North is up. The frame is the same every day: it
//! holds every client and every carer's start and end place.

use crate::data::Data;
use crate::html::{c1, carer_colour, esc};
use chrono::NaiveDate;
use rota::model::Location;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Width of a day's map, pixels.
const WIDTH: f64 = 760.0;
/// The tallest a map may be, pixels.
const MAX_HEIGHT: f64 = 680.0;
/// Space around the points, pixels.
const MARGIN: f64 = 14.0;

/// How places become pixels.
struct Projection {
    /// cos(mean latitude) for map points.
    cos_lat: f64,
    min_x: f64,
    max_y: f64,
    scale: f64,
    height: f64,
    /// Whether the points are map points (so a scale bar in km can be drawn).
    geo: bool,
}

impl Projection {
    /// The frame around `places`.
    fn new(places: &[Location]) -> Projection {
        let lats: Vec<f64> = places
            .iter()
            .filter_map(|l| match l {
                Location::Geo { lat, .. } if lat.is_finite() => Some(*lat),
                _ => None,
            })
            .collect();
        let geo = !lats.is_empty();
        let mean_lat = if geo { lats.iter().sum::<f64>() / lats.len() as f64 } else { 0.0 };
        let mut p =
            Projection { cos_lat: mean_lat.to_radians().cos(), min_x: 0.0, max_y: 0.0, scale: 1.0, height: 200.0, geo };
        let points: Vec<(f64, f64)> =
            places.iter().map(|l| p.raw(*l)).filter(|(x, y)| x.is_finite() && y.is_finite()).collect();
        if points.is_empty() {
            return p;
        }
        let min_x = points.iter().map(|q| q.0).fold(f64::INFINITY, f64::min);
        let max_x = points.iter().map(|q| q.0).fold(f64::NEG_INFINITY, f64::max);
        let min_y = points.iter().map(|q| q.1).fold(f64::INFINITY, f64::min);
        let max_y = points.iter().map(|q| q.1).fold(f64::NEG_INFINITY, f64::max);
        let (dx, dy) = ((max_x - min_x).max(1e-9), (max_y - min_y).max(1e-9));
        let scale = ((WIDTH - 2.0 * MARGIN) / dx).min((MAX_HEIGHT - 2.0 * MARGIN) / dy);
        p.min_x = min_x - ((WIDTH - 2.0 * MARGIN) / scale - dx) / 2.0;
        p.max_y = max_y;
        p.scale = scale;
        p.height = (dy * scale + 2.0 * MARGIN).max(120.0);
        p
    }

    /// Unscaled plane coordinates: (east, north).
    fn raw(&self, l: Location) -> (f64, f64) {
        match l {
            Location::Geo { lat, lon } => (lon * self.cos_lat, lat),
            Location::Planar { x, y } => (x, y),
        }
    }

    /// Pixels, `"x,y"`.
    fn xy(&self, l: Location) -> (f64, f64) {
        let (x, y) = self.raw(l);
        (MARGIN + (x - self.min_x) * self.scale, MARGIN + (self.max_y - y) * self.scale)
    }
}

/// The `#map` section: one map per day (all but the first hidden).
pub(crate) fn section(d: &Data) -> String {
    let mut places: Vec<Location> = d.problem.clients.iter().map(|c| c.location).collect();
    for c in &d.problem.carers {
        places.push(c.start());
        places.push(c.end());
    }
    let proj = Projection::new(&places);
    let mut out = String::new();
    out.push_str(
        "<section id=\"map\"><h2>Map of the rounds</h2><p class=\"hint\">Each line is one carer's round from their start place \
         through their visits and back, in the carer's colour; dots are clients visited that day (red: a seat left \
         unassigned), squares are carers' start places. Hover for names; click a line or a carer in the chart above \
         to pick it out.</p>",
    );
    for (i, &date) in d.days.iter().enumerate() {
        day(d, &proj, i, date, &mut out);
    }
    out.push_str("</section>");
    out
}

/// One day's map.
fn day(d: &Data, proj: &Projection, i: usize, date: NaiveDate, out: &mut String) {
    let h = c1(proj.height);
    let _ = write!(
        out,
        "<div class=\"day\" data-day=\"{i}\"{}><svg class=\"map\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><rect class=\"mb\" width=\"{w}\" height=\"{h}\"/>",
        if i == d.first_day { "" } else { " hidden" },
        w = WIDTH,
    );
    scale_bar(proj, out);

    // Rounds: start place, each visit's client, end place.
    let mut homes = BTreeMap::new();
    for r in d.rounds_on(date) {
        let c = d.round_carer[r];
        let carer = d.problem.carers.get(c);
        let mut points = Vec::new();
        if let Some(k) = carer {
            points.push(proj.xy(k.start()));
            homes.insert(c, proj.xy(k.start()));
        }
        for s in d.round_seats(r) {
            if let Some(l) = d.client_location(d.visits[d.seats[s].visit].client()) {
                points.push(proj.xy(l));
            }
        }
        if let Some(k) = carer {
            points.push(proj.xy(k.end()));
        }
        if points.len() < 2 {
            continue;
        }
        let pts: Vec<String> = points.iter().map(|(x, y)| format!("{},{}", c1(*x), c1(*y))).collect();
        let _ = write!(
            out,
            "<polyline class=\"r\" data-c=\"{c}\" data-n=\"{}\" style=\"stroke:{}\" points=\"{}\"/>",
            d.rota.rounds[r].visits.len(),
            carer_colour(c),
            pts.join(" ")
        );
    }
    for (c, (x, y)) in homes {
        let _ = write!(
            out,
            "<rect class=\"h\" data-c=\"{c}\" x=\"{}\" y=\"{}\" width=\"6\" height=\"6\" style=\"fill:{}\"/>",
            c1(x - 3.0),
            c1(y - 3.0),
            carer_colour(c)
        );
    }

    // Clients with a visit on the date; red where a seat is unassigned.
    let mut visited: BTreeSet<usize> = BTreeSet::new();
    for v in d.problem.visits.iter().filter(|v| v.date == date) {
        if let Some(&ci) = d.client_index.get(v.client.as_str()) {
            visited.insert(ci);
        }
    }
    let mut short: BTreeSet<usize> = BTreeSet::new();
    for u in &d.rota.unassigned {
        let visit = d.visit_index.get(u.visit.as_str()).and_then(|&v| d.visits[v].visit);
        if let Some(v) = visit.filter(|v| v.date == date) {
            if let Some(&ci) = d.client_index.get(v.client.as_str()) {
                short.insert(ci);
            }
        }
    }
    for ci in visited {
        let (x, y) = proj.xy(d.problem.clients[ci].location);
        let class = if short.contains(&ci) { "p pu" } else { "p" };
        let _ = write!(out, "<circle class=\"{class}\" data-cl=\"{ci}\" cx=\"{}\" cy=\"{}\" r=\"3.5\"/>", c1(x), c1(y));
    }
    out.push_str("</svg></div>");
}

/// A scale bar in the bottom left: kilometres for map points, plane units otherwise.
fn scale_bar(proj: &Projection, out: &mut String) {
    // Plane units a pixel, then the roundest length near 120 px.
    let per_px = if proj.geo { 111.195 / proj.scale } else { 1.0 / proj.scale };
    let target = per_px * 120.0;
    if !(target.is_finite() && target > 0.0) {
        return;
    }
    let magnitude = 10f64.powf(target.log10().floor());
    let length = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).rfind(|l| *l <= target).unwrap_or(magnitude);
    let px = length / per_px;
    let y = proj.height - 8.0;
    let unit = if proj.geo { " km" } else { "" };
    let _ = write!(
        out,
        "<path class=\"sb\" d=\"M10,{y0}V{y}H{x}V{y0}\"/><text class=\"sbt\" x=\"{tx}\" y=\"{ty}\">{}{}</text>",
        esc(&crate::html::num(length)),
        unit,
        y0 = c1(y - 4.0),
        y = c1(y),
        x = c1(10.0 + px),
        tx = c1(14.0),
        ty = c1(y - 6.0),
    );
}
