//! The objective: one weighted sum, documented in `docs/objective.md`.
//!
//! Levels, in order of importance: unassigned seats (weighted by priority, time-critical and
//! multi-carer factors); continuity (distinct carers beyond the profile's target, every distinct
//! carer, key carer unused, preferred carers missed, soft preferences missed); then travel,
//! waiting, deviation from target times and overtime.

use super::instance::Instance;
use super::state::Solution;
use crate::time::{as_minutes, Ticks};

/// The objective split into its parts, for reports and progress.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cost {
    /// Unassigned seats.
    pub unassigned_seats: usize,
    /// Weighted unassigned cost.
    pub unassigned: f64,
    /// Continuity and preference cost.
    pub continuity: f64,
    /// Travel ticks (commute included).
    pub travel: Ticks,
    /// Waiting ticks: idle time between visits inside the carer's availability.
    pub waiting: Ticks,
    /// Ticks between planned and target starts, summed over seats.
    pub deviation: Ticks,
    /// Overtime ticks beyond contracted hours.
    pub overtime: Ticks,
    /// Lateness past due times, summed over seats.
    pub tardiness: Ticks,
    /// The largest lateness past a due time.
    pub max_tardiness: Ticks,
    /// The weighted total.
    pub total: f64,
}

/// Evaluate a solution from scratch.
pub fn evaluate(inst: &Instance, sol: &Solution) -> Cost {
    let w = &inst.weights;
    let mut c = Cost::default();
    for (v, vis) in inst.visits.iter().enumerate() {
        let missing = vis.seats - sol.assigned[v].len();
        c.unassigned_seats += missing;
        c.unassigned += missing as f64 * vis.unassigned_cost;
        for k in sol.assigned[v].iter() {
            c.continuity += vis.soft_misses[k] as f64 * w.soft_preference_missed;
            let pref = &inst.clients[vis.client].preferred;
            if !pref.is_empty() && pref.binary_search(&k).is_err() {
                c.continuity += w.preferred_carer_missed;
            }
        }
    }
    for (ci, client) in inst.clients.iter().enumerate() {
        let n = sol.client_carers[ci].len() as u32;
        c.continuity += n as f64 * w.distinct_carer;
        if let Some((target, _)) = client.caps {
            c.continuity += n.saturating_sub(target) as f64 * w.continuity_over_target;
        }
        if let Some(key) = client.key_carer {
            if !client.visits.is_empty() && !sol.client_carers[ci].iter().any(|&(k, _)| k == key) {
                c.continuity += w.key_carer_unused;
            }
        }
    }
    for route in &sol.routes {
        c.travel += route.travel;
        c.waiting += route.waiting;
        c.deviation += route.deviation;
        c.tardiness += route.tardiness;
        c.max_tardiness = c.max_tardiness.max(route.max_tardiness);
    }
    for (k, carer) in inst.carers.iter().enumerate() {
        if let Some(contracted) = carer.contracted {
            c.overtime += (sol.week_work[k] - contracted).max(0);
        }
    }
    c.total = c.unassigned
        + c.continuity
        + as_minutes(c.travel) * w.travel_minute
        + as_minutes(c.waiting) * w.waiting_minute
        + as_minutes(c.deviation) * w.deviation_minute
        + as_minutes(c.overtime) * w.overtime_minute
        + as_minutes(c.tardiness) * w.tardiness_minute
        + as_minutes(c.max_tardiness) * w.max_tardiness_minute;
    c
}
