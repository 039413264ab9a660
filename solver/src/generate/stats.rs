//! The size of a problem and whether its carers can cover it: the numbers `datasets/README.md`
//! reports for every shipped dataset.

use crate::model::{Problem, TravelConfig, TravelMode};
use crate::travel::{haversine_m, DistanceModel};
use std::collections::BTreeMap;
use std::fmt;

/// The morning peak, for [`DatasetStats::morning_load`]: 07:00 to 11:00.
const MORNING_START: i32 = 7 * 60;
const MORNING_END: i32 = 11 * 60;

/// The evening, for [`DatasetStats::evening_load`], hour by hour: visits targeted in each hour
/// from 19:00 (the last "hour" from 22:00 on) against the carers' minutes from the hour's start
/// to 30 minutes after its end, and at most to 23:30 (the latest bed calls run to about 23:00,
/// H&F's out-of-hours ones later).
const EVENING_START: i32 = 19 * 60;
const EVENING_END: i32 = 23 * 60 + 30;
const EVENING_SPILL_MIN: i32 = 30;
const EVENING_HOURS: [(i32, i32); 4] = [(19 * 60, 20 * 60), (20 * 60, 21 * 60), (21 * 60, 22 * 60), (22 * 60, 24 * 60)];

/// Measured size and supply of a problem.
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetStats {
    /// Clients.
    pub clients: usize,
    /// Carers.
    pub carers: usize,
    /// Visits.
    pub visits: usize,
    /// Visit seats (sum of `carers_required`).
    pub seats: usize,
    /// Clients with at least one multi-carer visit.
    pub double_handed_clients: usize,
    /// Time-critical visits.
    pub time_critical_visits: usize,
    /// Contact hours: visit minutes × carers required, in hours.
    pub contact_hours: f64,
    /// Estimated travel hours: for each seat, the trip from the nearest other client visited that
    /// day, at the carers' mix of travel modes (distance model). A lower bound for a real rota.
    pub travel_hours: f64,
    /// Available carer hours: each carer's availability, at most `max_hours_per_day` a day and
    /// `max_hours_per_week` a week.
    pub available_hours: f64,
    /// `available_hours ÷ (contact_hours + travel_hours)`.
    pub supply_ratio: f64,
    /// Morning peak load on the busiest day: the seat minutes of visits with targets before
    /// 11:00, each with its travel estimate, ÷ the carers' available minutes between 07:00 and
    /// 11:00. Above about 0.8 even a good rota will leave morning calls unplaced.
    pub morning_load: f64,
    /// Evening peak load on the busiest day and hour: the seat minutes of visits with targets in
    /// an hour from 19:00 (from 22:00 on, the last), each with the trip from the nearest other
    /// client with an evening call that day, ÷ the carers' available minutes from the hour's
    /// start to 30 minutes after its end (at most 23:30). The evening twin of `morning_load`:
    /// bed calls.
    pub evening_load: f64,
}

impl DatasetStats {
    /// Measure `problem`.
    pub fn of(problem: &Problem) -> DatasetStats {
        let week = problem.week();
        let index = problem.index();
        let seats = problem.seat_count();
        let contact_min: f64 = problem.visits.iter().map(|v| v.duration_min as f64 * v.carers_required as f64).sum();
        let model = match &problem.travel {
            TravelConfig::Distance { modes } => DistanceModel::with_overrides(modes).unwrap_or_default(),
            TravelConfig::Matrix { .. } | TravelConfig::RoadNetwork { .. } => DistanceModel::default(),
        };
        let mut mode_share: BTreeMap<TravelMode, f64> = BTreeMap::new();
        for c in &problem.carers {
            *mode_share.entry(c.travel_mode).or_default() += 1.0 / problem.carers.len() as f64;
        }
        let trip = |metres: f64| -> f64 { mode_share.iter().map(|(m, s)| s * model.params(*m).trip(metres).0).sum() };

        // Per day: the clients visited, their seats, and each one's nearest-neighbour trip.
        let mut travel_min = 0.0;
        let mut morning_load: f64 = 0.0;
        let mut evening_load: f64 = 0.0;
        for day in 0..7 {
            let date = week.date(day);
            let mut seats_by_client: BTreeMap<usize, usize> = BTreeMap::new();
            for v in problem.visits.iter().filter(|v| v.date == date) {
                if let Some(&c) = index.clients.get(&v.client) {
                    *seats_by_client.entry(c).or_default() += v.carers_required as usize;
                }
            }
            let visited: Vec<usize> = seats_by_client.keys().copied().collect();
            let leg = nearest_legs(problem, &visited, &trip);
            travel_min += seats_by_client.iter().map(|(c, &s)| s as f64 * leg[c]).sum::<f64>();
            // The morning: every client visited that day is a neighbour (nearly all have a
            // morning call).
            let morning = |t: i32| t < MORNING_END;
            morning_load = morning_load.max(band_load(problem, day, &leg, morning, (MORNING_START, MORNING_END)));
            // The evening: only the clients with an evening call are neighbours (fewer than in
            // the morning, so the trips are longer).
            let evening = |t: i32| t >= EVENING_START;
            let evening_clients: Vec<usize> = problem
                .visits
                .iter()
                .filter(|v| v.date == date && evening(v.start.whole_minutes()))
                .filter_map(|v| index.clients.get(&v.client).copied())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let evening_leg = nearest_legs(problem, &evening_clients, &trip);
            // Hour by hour, so that bed calls bunched late (Bexley's 4-hour spacing pushes them
            // to 22:00) are not hidden by spare carers earlier in the evening.
            for (from, to) in EVENING_HOURS {
                let in_hour = |t: i32| from <= t && t < to;
                let supply = (from, (to + EVENING_SPILL_MIN).min(EVENING_END));
                evening_load = evening_load.max(band_load(problem, day, &evening_leg, in_hour, supply));
            }
        }

        let mut available = 0.0;
        for c in &problem.carers {
            let mut per_day = [0.0f64; 7];
            for a in &c.availability {
                if let Some(d) = week.day_index(a.date) {
                    per_day[d] += (a.end.whole_minutes() - a.start.whole_minutes()).max(0) as f64 / 60.0;
                }
            }
            let day_cap = c.max_hours_per_day.unwrap_or(f64::INFINITY);
            let total: f64 = per_day.iter().map(|h| h.min(day_cap)).sum();
            available += total.min(c.max_hours_per_week.unwrap_or(f64::INFINITY));
        }
        let contact_hours = contact_min / 60.0;
        let travel_hours = travel_min / 60.0;
        let double: std::collections::BTreeSet<&str> =
            problem.visits.iter().filter(|v| v.carers_required > 1).map(|v| v.client.as_str()).collect();
        DatasetStats {
            clients: problem.clients.len(),
            carers: problem.carers.len(),
            visits: problem.visits.len(),
            seats,
            double_handed_clients: double.len(),
            time_critical_visits: problem.visits.iter().filter(|v| v.time_critical).count(),
            contact_hours,
            travel_hours,
            available_hours: available,
            supply_ratio: available / (contact_hours + travel_hours).max(f64::MIN_POSITIVE),
            morning_load,
            evening_load,
        }
    }
}

/// Each client's trip from the nearest other client of `clients` (minutes; 0 when alone).
fn nearest_legs(problem: &Problem, clients: &[usize], trip: &dyn Fn(f64) -> f64) -> BTreeMap<usize, f64> {
    clients
        .iter()
        .map(|&c| {
            let here = problem.clients[c].location;
            let nearest = clients
                .iter()
                .filter(|&&o| o != c)
                .map(|&o| haversine_m(here, problem.clients[o].location))
                .fold(f64::INFINITY, f64::min);
            (c, if nearest.is_finite() { trip(nearest) } else { 0.0 })
        })
        .collect()
}

/// The load of one day's band: the seat minutes of the visits whose target `in_band` holds, each
/// with its client's trip from `leg`, ÷ the carers' available minutes within `supply` (start,
/// end minutes after midnight). 0 without demand; infinite with demand and no supply.
fn band_load(
    problem: &Problem,
    day: usize,
    leg: &BTreeMap<usize, f64>,
    in_band: impl Fn(i32) -> bool,
    supply: (i32, i32),
) -> f64 {
    let date = problem.week().date(day);
    let index = problem.index();
    let demand: f64 = problem
        .visits
        .iter()
        .filter(|v| v.date == date && in_band(v.start.whole_minutes()))
        .map(|v| {
            let travel = index.clients.get(&v.client).and_then(|c| leg.get(c)).copied().unwrap_or(0.0);
            v.carers_required as f64 * (v.duration_min as f64 + travel)
        })
        .sum();
    let available: f64 = problem
        .carers
        .iter()
        .flat_map(|c| c.availability.iter())
        .filter(|a| a.date == date)
        .map(|a| (a.end.whole_minutes().min(supply.1) - a.start.whole_minutes().max(supply.0)).max(0) as f64)
        .sum();
    match (demand > 0.0, available > 0.0) {
        (false, _) => 0.0,
        (true, true) => demand / available,
        (true, false) => f64::INFINITY,
    }
}

impl fmt::Display for DatasetStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} clients ({} double-handed), {} carers, {} visits ({} time-critical), {} seats; \
             contact {:.1} h + travel ≈{:.1} h; available {:.1} h; supply ratio {:.2}; \
             morning peak load {:.2}; evening peak load {:.2}",
            self.clients,
            self.double_handed_clients,
            self.carers,
            self.visits,
            self.time_critical_visits,
            self.seats,
            self.contact_hours,
            self.travel_hours,
            self.available_hours,
            self.supply_ratio,
            self.morning_load,
            self.evening_load
        )
    }
}
