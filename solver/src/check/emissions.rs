//! The emissions KPI: kilograms of CO2e of a rota's travel, by travel mode.
//!
//! # Factors and their source
//!
//! One factor per [`TravelMode`], in kg CO2e per kilometre, from the **UK Government GHG
//! Conversion Factors for Company Reporting, 2025** (Department for Energy Security and Net
//! Zero, DESNZ; formerly published by DEFRA/BEIS), worksheet **"Business travel – land"**, column
//! "kg CO2e" (CO2, CH4 and N2O together; well-to-tank emissions, a separate worksheet, are not
//! included):
//!
//! | mode | row of the table | kg CO2e per km | basis |
//! |---|---|---|---|
//! | `car` | Cars (by size) › Average car › Unknown fuel | 0.16725 | per **vehicle**-km |
//! | `public_transport` | Bus › Average local bus | 0.10385 | per **passenger**-km |
//! | `walk` | (no emissions) | 0 | |
//! | `cycle` | (no emissions) | 0 | |
//!
//! A carer drives alone, so a car's vehicle-km are the carer's km. A carer on a bus is one
//! passenger, so the bus's passenger-km factor applies to the carer's km. "Public transport" is
//! counted as a local bus throughout (Underground and rail factors are lower; the problem does
//! not say which was taken). Walking and cycling emit nothing at the point of use.
//!
//! The two values were transcribed from secondary sources, not read from the DESNZ spreadsheet
//! itself (not at hand offline): check them against it before quoting them in a return.
//!
//! The factors are constants: a problem cannot override them. The kilometres are the checker's
//! own (the same legs as `kpis.travel`), so the KPI is exactly `km × factor` per mode.

use super::kpi::TravelKpis;
use crate::model::TravelMode;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the factors come from, as written in reports.
pub const SOURCE: &str =
    "UK Government GHG Conversion Factors for Company Reporting 2025 (DESNZ), Business travel - land, kg CO2e";

/// Average car, unknown fuel: kg CO2e per vehicle-km (DESNZ 2025).
pub const CAR_KG_PER_KM: f64 = 0.16725;

/// Average local bus: kg CO2e per passenger-km (DESNZ 2025).
pub const PUBLIC_TRANSPORT_KG_PER_KM: f64 = 0.10385;

/// The factor of a mode, kg CO2e per km travelled by one carer.
pub fn kg_per_km(mode: TravelMode) -> f64 {
    match mode {
        TravelMode::Car => CAR_KG_PER_KM,
        TravelMode::PublicTransport => PUBLIC_TRANSPORT_KG_PER_KM,
        TravelMode::Walk | TravelMode::Cycle => 0.0,
    }
}

/// What one km of a mode's factor counts: `vehicle_km`, `passenger_km`, or `none` (no
/// emissions).
pub fn basis(mode: TravelMode) -> &'static str {
    match mode {
        TravelMode::Car => "vehicle_km",
        TravelMode::PublicTransport => "passenger_km",
        TravelMode::Walk | TravelMode::Cycle => "none",
    }
}

/// Emissions of one travel mode.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModeEmissions {
    /// All travel kilometres in this mode (commute included), as `kpis.travel.by_mode`.
    pub km: f64,
    /// The factor used, kg CO2e per km.
    pub kg_per_km: f64,
    /// What the factor is per: `vehicle_km`, `passenger_km` or `none`.
    pub basis: &'static str,
    /// `km × kg_per_km`.
    pub kg: f64,
    /// Of those, the legs between consecutive visits of a round.
    pub between_visits_kg: f64,
}

/// Emissions of a rota's travel over the week.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EmissionsKpis {
    /// kg CO2e of all travel: every leg, the commute (start place → first visit, last visit →
    /// end place) included.
    pub total_kg: f64,
    /// kg CO2e of the legs between consecutive visits of a round only.
    pub between_visits_kg: f64,
    /// kg CO2e of the commute (`total_kg − between_visits_kg`).
    pub commute_kg: f64,
    /// `total_kg` per hour on site (`contact_min ÷ 60`); `null` with no contact time.
    pub kg_per_contact_hour: Option<f64>,
    /// By travel mode (the modes of carers with a round, as `kpis.travel.by_mode`).
    pub by_mode: BTreeMap<String, ModeEmissions>,
    /// Where the factors come from.
    pub source: &'static str,
}

/// The emissions of the travel the checker recomputed.
pub fn compute(travel: &TravelKpis) -> EmissionsKpis {
    let mut by_mode = BTreeMap::new();
    let (mut total, mut between) = (0.0, 0.0);
    for mode in TravelMode::ALL {
        let Some(t) = travel.by_mode.get(mode.name()) else { continue };
        let f = kg_per_km(mode);
        let m = ModeEmissions {
            km: t.total_km,
            kg_per_km: f,
            basis: basis(mode),
            kg: t.total_km * f,
            between_visits_kg: t.between_visits_km * f,
        };
        total += m.kg;
        between += m.between_visits_kg;
        by_mode.insert(mode.name().to_string(), m);
    }
    EmissionsKpis {
        total_kg: total,
        between_visits_kg: between,
        commute_kg: total - between,
        kg_per_contact_hour: (travel.contact_min > 0.0).then(|| total / (travel.contact_min / 60.0)),
        by_mode,
        source: SOURCE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walking_and_cycling_emit_nothing_and_driving_most() {
        assert_eq!(kg_per_km(TravelMode::Walk), 0.0);
        assert_eq!(kg_per_km(TravelMode::Cycle), 0.0);
        assert!(kg_per_km(TravelMode::Car) > kg_per_km(TravelMode::PublicTransport));
        assert!(kg_per_km(TravelMode::PublicTransport) > 0.0);
    }
}
