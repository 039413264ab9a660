//! A rota's unplaced seats against the bound, day and band by day and band.

use crate::bound::CapacityBound;
use rota::format::Rota;
use rota::model::Problem;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One day and band: how many seats the rota left unplaced, and how many no rota can place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandGap {
    /// The date.
    pub date: chrono::NaiveDate,
    /// The band's name.
    pub band: String,
    /// Seats targeted in the band.
    pub seats: u64,
    /// Seats the rota left unplaced.
    pub unplaced: u64,
    /// Seats every rota leaves unplaced (the bound).
    pub bound: u64,
    /// `unplaced - bound`: seats a better rota might still place (the search's share); the
    /// bound's share is the supply's.
    pub gap: u64,
}

/// The rota's unplaced seats per day and band of `bound`, against the bound. Bands are those
/// of the bound, in its order; a visit belongs to the band of its target start.
pub fn gap(problem: &Problem, rota: &Rota, bound: &CapacityBound) -> Vec<BandGap> {
    let visits: HashMap<&str, &rota::model::Visit> = problem.visits.iter().map(|v| (v.id.as_str(), v)).collect();
    let mut unplaced: BTreeMap<(chrono::NaiveDate, usize), u64> = BTreeMap::new();
    for u in &rota.unassigned {
        if let Some(v) = visits.get(u.visit.as_str()).filter(|v| v.cancelled.is_none() && !v.optional) {
            let band = bound.day_bands.of(v.start.as_minutes().floor() as i64);
            *unplaced.entry((v.date, band)).or_insert(0) += u.seats as u64;
        }
    }
    bound
        .bands
        .iter()
        .map(|b| {
            let index = bound.day_bands.0.iter().position(|d| d.name == b.band).unwrap_or(0);
            let lost = unplaced.get(&(b.date, index)).copied().unwrap_or(0);
            BandGap {
                date: b.date,
                band: b.band.clone(),
                seats: b.seats,
                unplaced: lost,
                bound: b.unplaced,
                gap: lost.saturating_sub(b.unplaced),
            }
        })
        .collect()
}
