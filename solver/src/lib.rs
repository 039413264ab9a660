//! # Rota: roster and route optimisation for home care rounds
//!
//! Rota builds weekly rotas for home care: which carer does which visit, when, and in what
//! order, under the rules of UK council home care contracts (time-critical calls,
//! double-handed visits, travel, skills, working time and continuity caps).
//!
//! The library is organised as:
//! - [`model`]: the problem (clients, visits, carers, contract profiles), as read from files;
//! - [`format`](mod@format): reading and writing problem and rota JSON, with full error reports;
//! - [`validate`]: every rule a problem or rota file must meet before it is used;
//! - [`travel`]: travel-time providers and matrices;
//! - [`check`]: the independent checker, which recomputes a rota from scratch;
//! - [`diff`]: what changed between two rotas, by carer and by client (`rota diff`);
//! - [`replan`]: the events of a running week (hospital stays, absences, changed visits) and
//!   the problem they leave to plan;
//! - [`export`]: run sheets, client schedules, the council return and GeoJSON from a rota;
//! - [`generate`]: realistic synthetic weeks at real postcodes;
//! - [`import`]: public benchmarks (Solomon, Mankowska, hhcrsp JSON) read raw, with reference evaluators;
//! - [`time`] and [`rng`]: minutes, clock times, the week, and a seedable generator.
//!
//! ```no_run
//! use rota::{format, travel::Travel, check};
//! let (problem, _warnings) = format::load_problem("datasets/demo/problem.json").unwrap();
//! let (rota, _warnings) = format::load_rota("rota.json", &problem).unwrap();
//! let travel = Travel::for_problem(&problem, std::path::Path::new("datasets/demo"), "problem.json").unwrap();
//! let report = check::check(&problem, &rota, &travel);
//! println!("{} hard violations", report.violations.len());
//! ```

#![warn(missing_docs)]

pub mod check;
pub mod diff;
pub mod export;
pub mod fit;
pub mod format;
pub mod generate;
pub mod import;
pub mod model;
pub mod replan;
pub mod rng;
pub mod solve;
pub mod time;
pub mod travel;
pub mod validate;
