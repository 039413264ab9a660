//! Re-planning a running week: events, and the re-plan itself (`docs/operations.md`).

pub mod next_week;
pub mod plan;

pub use plan::{replan, ReplanOptions, Replanned};
