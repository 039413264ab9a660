//! # Capacity modelling for Rota
//!
//! Council modellers ask whether a cluster has the carers its clients need, in the hours they
//! need them, and what happens under growth, provider failure or a hard winter. This crate
//! answers with:
//! - [`bound()`]: lower bounds that hold for **every** rota of a problem: the fewest seats that
//!   must stay unplaced (for the week, and per day and time band) and the fewest carers the week
//!   needs, from a linear relaxation solved with good_lp (`docs/capacity.md`);
//! - [`gap()`]: a rota's unplaced seats against the bound, band by band: what the search could
//!   still place, and what no rota can;
//! - [`scenario`], [`workforce`] and [`sweep`]: what-if weeks (demand growth, provider failure,
//!   sickness, winter travel…), workforces grown from the week's own mix, and sweeps that solve
//!   and bound each point in parallel (`docs/sweeps.md`).
//!
//! The bound reads only the problem and its travel matrices; it shares no code with the search
//! (`rota::solve`) or the checker (`rota::check`).

#![warn(missing_docs)]

pub mod band;
pub mod bound;
pub mod gap;
pub mod scenario;
pub mod sweep;
pub mod workforce;

pub use band::{Band, Bands};
pub use bound::{bound, BandBound, BoundError, BoundOptions, CapacityBound, CarersBound, Rule};
pub use gap::{gap, BandGap};
