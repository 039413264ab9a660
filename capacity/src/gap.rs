//! A rota's unplaced seats against the bound, day and band by day and band.

use crate::bound::CapacityBound;
use rota::format::Rota;
use rota::model::Problem;
use serde::{Deserialize, Serialize};

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

/// The rota's unplaced seats per day and band of `bound`, against the bound.
pub fn gap(problem: &Problem, rota: &Rota, bound: &CapacityBound) -> Vec<BandGap> {
    let _ = (problem, rota, bound);
    todo!("being written")
}
