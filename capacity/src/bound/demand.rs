//! The demand side of the relaxation: visits gathered into groups of identical shape.
//!
//! Generated and real weeks repeat the same call (same date, start window, length, seats, needs)
//! for many clients, so the linear program has one variable per group, not per visit.

use crate::band::Bands;
use rota::model::{PreferenceAttribute, Problem, TravelMode};
use rota::time::Week;
use rota::travel::{PlaceId, Travel};
use std::collections::{BTreeMap, BTreeSet};

/// Minutes in a day.
pub(crate) const DAY: f64 = 1440.0;

/// Above this many clients visited on one date, the travel lower bound is not computed (it
/// looks at every pair of them): travel then counts as 0, which keeps the bound valid.
pub(crate) const TRAVEL_PAIRS_MAX_CLIENTS: usize = 4000;

/// What a visit needs of its carers: skills and required preferences.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Need {
    /// Skills, sorted.
    pub skills: Vec<String>,
    /// Required genders (all must match, so more than one means nobody).
    pub genders: Vec<String>,
    /// Required languages.
    pub languages: Vec<String>,
    /// Every start the window allows is outside the profile's core hours, and the profile
    /// gives such calls only to carers who opted in.
    pub out_of_hours: bool,
}

/// Visits of one shape.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Group {
    /// Day of the week, 0 = Monday (the visit's date).
    pub day: usize,
    /// Band of the target start.
    pub band: usize,
    /// Index into [`Demand::needs`].
    pub need: usize,
    /// Earliest and latest start, minutes from Monday 00:00 (`earliest > latest`: no start).
    pub earliest: f64,
    /// Latest start.
    pub latest: f64,
    /// Minutes on site.
    pub duration: f64,
    /// Carers each visit needs at once.
    pub seats: u32,
    /// Visits in the group.
    pub count: u32,
    /// Minutes of travel each seat needs before the visit and counts as working time (rounded
    /// down to 5 minutes).
    pub travel: f64,
    /// Minutes before the visit in which each of its carers is neither on site elsewhere nor
    /// outside availability stretched back by the day's longest lead: travelling to it, or
    /// waiting at the client after an earlier visit (rounded down to 5 minutes).
    pub lead: f64,
}

impl Group {
    /// Whether no start time meets the visit's own window.
    pub fn impossible(&self) -> bool {
        self.earliest > self.latest
    }
    /// Seats of all the group's visits.
    pub fn total_seats(&self) -> u64 {
        self.seats as u64 * self.count as u64
    }
}

/// Every visit of the week, grouped.
#[derive(Clone, Debug)]
pub(crate) struct Demand {
    /// The groups, in a fixed order.
    pub groups: Vec<Group>,
    /// The distinct needs.
    pub needs: Vec<Need>,
    /// Each visit: its group and its client's place in the travel matrices.
    pub visits: Vec<(usize, PlaceId)>,
}

/// What makes two visits alike: day, band, need, earliest, latest, length, seats, travel, lead.
type GroupKey = (usize, usize, usize, i64, i64, i64, u32, i64, i64);

/// One visit before grouping.
struct Shape {
    day: usize,
    band: usize,
    need: Need,
    earliest: f64,
    latest: f64,
    duration: f64,
    seats: u32,
    client: usize,
}

/// The demand of `problem`.
pub(crate) fn demand(problem: &Problem, travel: &Travel, bands: &Bands) -> Demand {
    let week = Week::starting(problem.week_start).unwrap_or_else(|| Week::starting(monday_of(problem)).unwrap());
    let client_pos: BTreeMap<&str, usize> =
        problem.clients.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let profiles = problem.client_profiles();
    let shapes: Vec<Shape> = problem
        .visits
        .iter()
        // A cancelled visit asks for no carer; an optional one may be left out.
        .filter(|v| v.cancelled.is_none() && !v.optional)
        .filter_map(|v| {
            let ci = *client_pos.get(v.client.as_str())?;
            let client = &problem.clients[ci];
            let day = week.day_index(v.date)?;
            let target = day as f64 * DAY + v.start.as_minutes();
            let p = &profiles[ci];
            let (mut earliest, mut latest) = match (v.time_critical, v.window_hull()) {
                (true, _) => {
                    let tol = p.time_critical_tolerance_min as f64;
                    (target - tol, target + tol)
                }
                (false, Some(_)) => (f64::NEG_INFINITY, f64::INFINITY),
                (false, None) => {
                    let tol = p.punctuality_tolerance_min as f64;
                    (target - tol, target + tol)
                }
            };
            if let Some(w) = v.window_hull() {
                earliest = earliest.max(day as f64 * DAY + w.earliest.as_minutes());
                latest = latest.min(day as f64 * DAY + w.latest.as_minutes());
            }
            let mut skills: BTreeSet<String> = client.required_skills.iter().cloned().collect();
            skills.extend(v.skills.iter().cloned());
            let required = |a: PreferenceAttribute| -> Vec<String> {
                let set: BTreeSet<String> = client
                    .preferences
                    .iter()
                    .filter(|p| p.required && p.attribute == a)
                    .map(|p| p.value.clone())
                    .collect();
                set.into_iter().collect()
            };
            let need = Need {
                skills: skills.into_iter().collect(),
                genders: required(PreferenceAttribute::Gender),
                languages: required(PreferenceAttribute::Language),
                out_of_hours: p.out_of_hours_opt_in
                    && outside_core(earliest, latest, p.core_start.as_minutes(), p.core_end.as_minutes()),
            };
            Some(Shape {
                day,
                band: bands.of(v.start.as_minutes().floor() as i64),
                need,
                earliest,
                latest,
                duration: v.duration_min.max(0) as f64,
                seats: v.carers_required as u32,
                client: ci,
            })
        })
        .collect();
    let before = travel_before(problem, travel, &shapes);
    let mut needs: BTreeMap<Need, usize> = BTreeMap::new();
    let mut groups: BTreeMap<GroupKey, u32> = BTreeMap::new();
    let mut keys = Vec::with_capacity(shapes.len());
    for (s, (t, lead)) in shapes.iter().zip(before) {
        let n = needs.len();
        let need = *needs.entry(s.need.clone()).or_insert(n);
        let key = (s.day, s.band, need, key(s.earliest), key(s.latest), key(s.duration), s.seats, key(t), key(lead));
        *groups.entry(key).or_insert(0) += 1;
        keys.push(key);
    }
    let index: BTreeMap<GroupKey, usize> = groups.keys().enumerate().map(|(i, &k)| (k, i)).collect();
    let mut need_list = vec![None; needs.len()];
    for (need, i) in needs {
        need_list[i] = Some(need);
    }
    Demand {
        groups: groups
            .into_iter()
            .map(|((day, band, need, e, l, d, seats, t, lead), count)| Group {
                day,
                band,
                need,
                earliest: unkey(e),
                latest: unkey(l),
                duration: unkey(d),
                seats,
                count,
                travel: unkey(t),
                lead: unkey(lead),
            })
            .collect(),
        needs: need_list.into_iter().map(|n| n.expect("every need has an index")).collect(),
        visits: keys.iter().zip(&shapes).map(|(k, s)| (index[k], travel.places.client[s.client])).collect(),
    }
}

/// Whether every start in `[earliest, latest]` (minutes of the week) falls outside the core
/// hours `[core_start, core_end)` of every day. An empty window counts as outside nothing.
fn outside_core(earliest: f64, latest: f64, core_start: f64, core_end: f64) -> bool {
    if earliest > latest || !earliest.is_finite() || !latest.is_finite() {
        return false;
    }
    let first = (earliest / DAY).floor() as i64 - 1;
    let last = (latest / DAY).floor() as i64 + 1;
    (first..=last).all(|d| {
        let (from, to) = (d as f64 * DAY + core_start, d as f64 * DAY + core_end);
        // Inside some start of the window: [earliest, latest] meets [from, to).
        !(earliest < to && latest >= from)
    })
}

/// A minute value as an exact grouping key (to the millisecond; sub-minute values occur only
/// in benchmark problems).
fn key(m: f64) -> i64 {
    (m * 60_000.0).round() as i64
}

fn unkey(k: i64) -> f64 {
    k as f64 / 60_000.0
}

/// The Monday of a problem whose `week_start` is not one (validation refuses those; kept so a
/// hand-built problem cannot panic here).
fn monday_of(problem: &Problem) -> chrono::NaiveDate {
    use chrono::Datelike;
    let d = problem.week_start;
    d - chrono::Days::new(d.weekday().num_days_from_monday() as u64)
}

/// Rounded down to a multiple of 5 minutes, so that more visits share a group.
fn step5(m: f64) -> f64 {
    (m.max(0.0) / 5.0).floor() * 5.0
}

/// For each visit, (travel, lead) before each of its seats:
/// - travel, which counts as working time: the shortest trip to its client from any other
///   client visited that date, by any travel mode, for the client's first visit of the date;
///   0 for a visit that another visit of the same client that date could precede (the carer
///   may stay, and waiting is not working time);
/// - lead, which uses the carer's time: the same shortest trip, or, where another visit of the
///   same client could precede, the shortest wait after it if that is less.
fn travel_before(problem: &Problem, travel: &Travel, shapes: &[Shape]) -> Vec<(f64, f64)> {
    let modes: BTreeSet<TravelMode> = problem.carers.iter().map(|c| c.travel_mode).collect();
    let matrices: Vec<_> = modes.iter().filter_map(|&m| travel.matrix(m)).collect();
    let mut by_day: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, s) in shapes.iter().enumerate() {
        by_day.entry(s.day).or_default().push(i);
    }
    let mut out = vec![(0.0, 0.0); shapes.len()];
    for visits in by_day.values() {
        let clients: BTreeSet<usize> = visits.iter().map(|&i| shapes[i].client).collect();
        if clients.len() > TRAVEL_PAIRS_MAX_CLIENTS || matrices.is_empty() {
            continue;
        }
        let place = |c: usize| travel.places.client[c];
        let nearest: BTreeMap<usize, f64> = clients
            .iter()
            .map(|&c| {
                let best = clients
                    .iter()
                    .filter(|&&o| o != c)
                    .flat_map(|&o| matrices.iter().map(move |m| m.minutes(place(o), place(c))))
                    .fold(f64::INFINITY, f64::min);
                (c, if best.is_finite() { best.max(0.0) } else { 0.0 })
            })
            .collect();
        for &i in visits {
            let s = &shapes[i];
            let own: Vec<f64> = visits
                .iter()
                .filter(|&&j| {
                    j != i && shapes[j].client == s.client && shapes[j].earliest + shapes[j].duration <= s.latest
                })
                .map(|&j| (s.earliest - shapes[j].latest - shapes[j].duration).max(0.0))
                .collect();
            let trip = nearest[&s.client];
            let wait = own.iter().copied().fold(f64::INFINITY, f64::min);
            out[i] = (if own.is_empty() { step5(trip) } else { 0.0 }, step5(trip.min(wait)));
        }
    }
    out
}
