//! The size of a problem and whether its carers can cover it: the numbers `datasets/README.md`
//! reports for every shipped dataset.

use crate::model::{Problem, TravelConfig, TravelMode};
use crate::travel::{haversine_m, DistanceModel};
use std::collections::BTreeMap;
use std::fmt;

/// The morning peak, for [`DatasetStats::morning_load`]: 07:00 to 11:00.
const MORNING_START: i32 = 7 * 60;
const MORNING_END: i32 = 11 * 60;

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
        for day in 0..7 {
            let date = week.date(day);
            let mut seats_by_client: BTreeMap<usize, usize> = BTreeMap::new();
            for v in problem.visits.iter().filter(|v| v.date == date) {
                if let Some(&c) = index.clients.get(&v.client) {
                    *seats_by_client.entry(c).or_default() += v.carers_required as usize;
                }
            }
            let visited: Vec<usize> = seats_by_client.keys().copied().collect();
            let mut leg: BTreeMap<usize, f64> = BTreeMap::new();
            for (&c, &s) in &seats_by_client {
                let here = problem.clients[c].location;
                let nearest = visited
                    .iter()
                    .filter(|&&o| o != c)
                    .map(|&o| haversine_m(here, problem.clients[o].location))
                    .fold(f64::INFINITY, f64::min);
                let minutes = if nearest.is_finite() { trip(nearest) } else { 0.0 };
                leg.insert(c, minutes);
                travel_min += s as f64 * minutes;
            }
            let morning_demand: f64 = problem
                .visits
                .iter()
                .filter(|v| v.date == date && v.start.whole_minutes() < MORNING_END)
                .map(|v| {
                    let travel = index.clients.get(&v.client).and_then(|c| leg.get(c)).copied().unwrap_or(0.0);
                    v.carers_required as f64 * (v.duration_min as f64 + travel)
                })
                .sum();
            let morning_supply: f64 = problem
                .carers
                .iter()
                .flat_map(|c| c.availability.iter())
                .filter(|a| a.date == date)
                .map(|a| {
                    (a.end.whole_minutes().min(MORNING_END) - a.start.whole_minutes().max(MORNING_START)).max(0) as f64
                })
                .sum();
            if morning_demand > 0.0 {
                let load = if morning_supply > 0.0 { morning_demand / morning_supply } else { f64::INFINITY };
                morning_load = morning_load.max(load);
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
        }
    }
}

impl fmt::Display for DatasetStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} clients ({} double-handed), {} carers, {} visits ({} time-critical), {} seats; \
             contact {:.1} h + travel ≈{:.1} h; available {:.1} h; supply ratio {:.2}; \
             morning peak load {:.2}",
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
            self.morning_load
        )
    }
}
