//! `county.json`: what `rota county generate` made, and what `rota county capacity` reads.

use serde::{Deserialize, Serialize};

/// The manifest's format tag.
pub const FORMAT: &str = "rota-county 1";

/// A county of clusters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// The area, e.g. `kent`.
    pub area: String,
    /// The seed it was generated with.
    pub seed: u64,
    /// The Monday of the week every cluster's problem covers.
    pub week_start: chrono::NaiveDate,
    /// Clients in the whole county (the caseload the clusters share).
    pub clients: usize,
    /// Where the caseload figure comes from.
    pub clients_basis: String,
    /// Areas of the geodata left out, and why.
    pub excluded: Vec<String>,
    /// How each cluster's carers were counted.
    pub carer_rule: String,
    /// The districts, in code order.
    pub districts: Vec<District>,
    /// The clusters, in id order.
    pub clusters: Vec<Cluster>,
    /// Attribution the data requires.
    pub attribution: Vec<String>,
}

/// A district (local authority) and its clusters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    /// ONS code, e.g. `E07000106`.
    pub code: String,
    /// Name, e.g. `Canterbury`.
    pub name: String,
    /// Census 2021 residents aged 65 and over.
    pub age65: f64,
    /// Its clusters' ids.
    pub clusters: Vec<String>,
}

/// One cluster (lot).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    /// Id, e.g. `kent-04`; prefixes its clients', carers' and visits' ids.
    pub id: String,
    /// Name, e.g. `Canterbury (1/2)`.
    pub name: String,
    /// Its district's code.
    pub district: String,
    /// Its district's name.
    pub district_name: String,
    /// The MSOA (2021) codes it is made of, sorted.
    pub msoas: Vec<String>,
    /// Census 2021 residents aged 65 and over.
    pub age65: f64,
    /// Census 2021 residents.
    pub residents: f64,
    /// Residential postcodes inside it (clients and carers live at these).
    pub postcodes: usize,
    /// Ids of the clusters sharing a border with it, sorted.
    pub adjacent: Vec<String>,
    /// Clients.
    pub clients: usize,
    /// Carers, day and evening.
    pub carers: usize,
    /// Of those, evening carers (the 16:00-23:00 tea-and-tuck-in run).
    pub evening_carers: usize,
    /// Visits in the week.
    pub visits: usize,
    /// Seats in the week (a double-handed visit is two).
    pub seats: usize,
    /// Contact hours in the week (visit minutes × carers required).
    pub contact_hours: f64,
    /// Available carer hours in the week (within daily and weekly caps).
    pub available_hours: f64,
    /// Supply ratio of the generator's sizing rule.
    pub supply_ratio: f64,
    /// Morning peak load of the generator's sizing rule.
    pub morning_load: f64,
    /// Evening peak load of the generator's sizing rule.
    pub evening_load: f64,
    /// The providers holding its packages.
    pub providers: Vec<Provider>,
    /// The problem file, relative to `county.json`.
    pub problem: String,
}

/// A provider in a cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Id, e.g. `kent-04-p2`.
    pub id: String,
    /// Clients whose packages it holds.
    pub clients: usize,
    /// Carers it employs.
    pub carers: usize,
}
