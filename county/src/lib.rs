//! # A county of home care clusters
//!
//! Kent divides its home care into 19 clusters (lots), each served by several providers
//! (seed 001). This crate builds a synthetic county of such clusters from real public data
//! and runs a capacity model over it:
//! - [`geodata`]: the shipped MSOA (2021) boundaries, Census 2021 65+ residents by LSOA and
//!   residential postcodes (`datasets/geodata/`);
//! - [`partition`]: adjacency from shared borders, clusters per district and the split of a
//!   district into contiguous clusters of about equal 65+ population;
//! - [`build`]: `rota county generate`: clients shared by 65+ population, several providers
//!   per cluster with their own carers, one week's problem per cluster (from
//!   [`rota::generate`]), `county.json` and `clusters.geojson`;
//! - [`capacity`]: `rota county capacity`: bound, solve and check every cluster, then the
//!   spill-over scenario, with CSV, JSON, GeoJSON and HTML reports ([`page`], [`map`]).
//!
//! `docs/county.md` gives every rule and figure.

#![warn(missing_docs)]

pub mod build;
pub mod capacity;
pub mod geodata;
pub mod manifest;
pub mod map;
pub mod output;
pub mod page;
pub mod partition;

pub use build::{build, write, County, CountyOptions};

pub use capacity::{run, CapacityOptions, CountyReport};
pub use geodata::Geodata;
pub use manifest::Manifest;

use geo::{Distance, Haversine, Point};
use std::path::PathBuf;

/// Why a county could not be built or run.
#[derive(Debug, thiserror::Error)]
pub enum CountyError {
    /// A file could not be read or written.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A file's content is wrong; every error found.
    #[error("{}: {}", path.display(), errors.join("; "))]
    Data {
        /// The file.
        path: PathBuf,
        /// Each error, with its line or field and id.
        errors: Vec<String>,
    },
    /// The options cannot be met.
    #[error("{0}")]
    Options(String),
}

/// Great-circle distance between two (longitude, latitude) points, metres.
pub fn distance_m(a: Point<f64>, b: Point<f64>) -> f64 {
    Haversine.distance(a, b)
}

/// The attribution the shipped geodata requires (`datasets/geodata/SOURCE.txt`).
pub const ATTRIBUTION: [&str; 4] = [
    "Contains OS data (c) Crown copyright and database right 2025.",
    "Contains Royal Mail data (c) Royal Mail copyright and database right 2025.",
    "Contains National Statistics data (c) Crown copyright and database right 2011-2025.",
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0.",
];
