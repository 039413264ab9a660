//! Why a call does not fit, in words, with the nearest misses: placements that a little more
//! room would allow (a window 30 minutes wider, a carer's hours, the continuity cap, a skill).
//!
//! The blocking rule comes from the solver's own diagnosis of an unplaced visit
//! ([`crate::solve::output::diagnose`]); each near miss relaxes one rule on a copy of the
//! compiled problem and asks [`Solution::best_placement`] again.

use super::strict::Failure;
use super::{CallReport, Fitting};
use crate::solve::instance::Instance;
use crate::solve::output::diagnose;
use crate::solve::state::{Placement, Solution};
use crate::time::{as_minutes, describe_tick, Ticks, DAY, MINUTE};

/// How much wider a window is tried for a near miss.
const WIDER: Ticks = 30 * MINUTE;

/// The calls that block a strict fit: every call that has no place in the rota even alone,
/// or, if each has one alone, the call that found none once the others were placed.
pub(crate) fn blocked(fx: &Fitting, failure: &Failure) -> Vec<CallReport> {
    let mut out: Vec<CallReport> = fx
        .calls
        .iter()
        .filter(|&&v| fx.sol0.best_placement(&fx.inst, v, false, &|_, s| s.cost).is_err())
        .map(|&v| report(fx, &fx.sol0, v, None))
        .collect();
    if out.is_empty() {
        let placed: Vec<&str> = fx
            .calls
            .iter()
            .filter(|&&v| failure.at.is_assigned(v))
            .map(|&v| fx.problem.visits[v].id.as_str())
            .collect();
        let why = format!("it fits alone, but not once {} are placed", placed.join(", "));
        out.push(report(fx, &failure.at, failure.call, Some(why)));
    }
    out
}

/// Why call `v` has no place in `sol`.
fn report(fx: &Fitting, sol: &Solution, v: usize, prefix: Option<String>) -> CallReport {
    let (reason, detail) = diagnose(fx.problem, &fx.inst, sol, v);
    let vis = &fx.inst.visits[v];
    let detail = match prefix {
        Some(p) => format!("{p}: {detail}"),
        None => detail,
    };
    CallReport {
        visit: fx.problem.visits[v].id.clone(),
        date: fx.problem.visits[v].date,
        window: format!("{}–{}", describe_tick(vis.earliest), clock(vis.latest)),
        reason: reason.code().to_string(),
        detail,
        near_misses: near_misses(fx, sol, v),
    }
}

fn clock(t: Ticks) -> String {
    crate::time::ClockTime::from_ticks(t.rem_euclid(DAY)).to_string()
}

/// Placements of `v` that one relaxed rule would allow, in words.
fn near_misses(fx: &Fitting, sol: &Solution, v: usize) -> Vec<String> {
    let names = |p: &Placement| -> String {
        let ids: Vec<&str> = p.seats.iter().map(|s| fx.problem.carers[s.carer].id.as_str()).collect();
        ids.join(" and ")
    };
    let when = |inst: &Instance, sol: &Solution, p: &Placement| -> String {
        let mut s = sol.clone();
        s.apply(inst, v, p);
        super::start_of(inst, &s, v).map_or_else(String::new, describe_tick)
    };
    let try_with = |change: &dyn Fn(&mut Instance)| -> Option<(Instance, Placement)> {
        let mut inst = fx.inst.clone();
        change(&mut inst);
        let p = sol.best_placement(&inst, v, false, &|_, s| s.cost).ok()?;
        Some((inst, p))
    };
    let mut out = Vec::new();
    if let Some((inst, p)) = try_with(&|i| {
        i.visits[v].earliest -= WIDER;
        i.visits[v].latest += WIDER;
        for w in &mut i.visits[v].windows {
            (w.earliest, w.latest) = (w.earliest - WIDER, w.latest + WIDER);
        }
    }) {
        out.push(format!(
            "{} could take it at {} if its window were {} min wider each way",
            names(&p),
            when(&inst, sol, &p),
            as_minutes(WIDER)
        ));
    }
    if let Some((inst, p)) = try_with(&|i| {
        for c in &mut i.carers {
            (c.max_day, c.max_week) = (Ticks::MAX / 4, Ticks::MAX / 4);
        }
    }) {
        let mut s = sol.clone();
        s.apply(&inst, v, &p);
        for seat in &p.seats {
            let k = seat.carer;
            let carer = &fx.inst.carers[k];
            let day = s.routes[Solution::route_index(&inst, k, inst.visits[v].day)].work - carer.max_day;
            let week = s.week_work[k] - carer.max_week;
            let over = match (day > 0, week > 0) {
                (true, _) => format!("{:.0} min over their daily hours", as_minutes(day)),
                (false, true) => format!("{:.0} min over their weekly hours", as_minutes(week)),
                _ => continue,
            };
            out.push(format!("{} is free at {} but would go {over}", fx.problem.carers[k].id, when(&inst, sol, &p)));
        }
    }
    let client = fx.inst.visits[v].client;
    if let Some((_, cap)) = fx.inst.clients[client].caps {
        if let Some((inst, p)) = try_with(&|i| i.clients[client].caps = None) {
            let mut s = sol.clone();
            s.apply(&inst, v, &p);
            let seen = s.client_carers[client].len();
            if seen > cap as usize {
                out.push(format!(
                    "{} could take it at {} if the client's cap of {cap} distinct carers were {seen}",
                    names(&p),
                    when(&inst, sol, &p)
                ));
            }
        }
    }
    if !fx.inst.visits[v].needs.is_empty() {
        if let Some((inst, p)) = try_with(&|i| i.visits[v].needs.clear()) {
            let lacking: Vec<&str> = p
                .seats
                .iter()
                .filter(|s| !fx.inst.eligible(v, s.carer))
                .map(|s| fx.problem.carers[s.carer].id.as_str())
                .collect();
            if !lacking.is_empty() {
                let needs: Vec<&str> =
                    fx.inst.visits[v].needs.iter().map(|&s| fx.inst.skill_names[s as usize].as_str()).collect();
                out.push(format!(
                    "{} could take it at {} but lack(s) {}",
                    lacking.join(" and "),
                    when(&inst, sol, &p),
                    needs.join(", ")
                ));
            }
        }
    }
    out
}
