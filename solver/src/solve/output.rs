//! Turn a solution into a [`Rota`], with a reason for every unassigned seat.

use super::instance::Instance;
use super::state::{Blockers, Solution};
use crate::format::{PlannedVisit, Reason, Rota, Round, Unassigned};
use crate::model::Problem;
use crate::time::{as_minutes, describe_tick, ClockTime, Ticks, DAY};

/// Write the rota for `sol` (the tests' way; [`super::solve`] uses [`stopped_rota`]).
#[cfg(test)]
pub fn rota(problem: &Problem, inst: &Instance, sol: &Solution) -> Rota {
    stopped_rota(problem, inst, sol, &[], "")
}

/// Write the rota for `sol`, which a solve stopped before it tried to place the visits in
/// `untried`: those are unassigned as [`Reason::NotAttempted`] with `why` as the detail,
/// undiagnosed.
pub fn stopped_rota(problem: &Problem, inst: &Instance, sol: &Solution, untried: &[usize], why: &str) -> Rota {
    let week = problem.week();
    let mut rota = Rota::empty(&problem.name);
    for route in &sol.routes {
        if route.visits.is_empty() {
            continue;
        }
        let k = route.carer;
        let base = route.day as Ticks * DAY;
        let starts = route.schedule(inst, &sol.pin);
        let mut place = inst.carers[k].start;
        let mut prev_end: Option<Ticks> = None;
        let mut visits = Vec::with_capacity(route.visits.len());
        for (i, &v) in route.visits.iter().enumerate() {
            let vis = &inst.visits[v];
            let travel = inst.travel(k, place, vis.place);
            let wait = prev_end.map_or(0, |end| starts[i] - end - travel);
            visits.push(PlannedVisit {
                visit: problem.visits[v].id.clone(),
                start: ClockTime::from_ticks(starts[i] - base),
                end: ClockTime::from_ticks(starts[i] + vis.duration - base),
                travel_min: as_minutes(travel),
                wait_min: as_minutes(wait),
            });
            place = vis.place;
            prev_end = Some(starts[i] + vis.duration);
        }
        rota.rounds.push(Round {
            carer: problem.carers[k].id.clone(),
            date: week.date(route.day),
            visits,
            return_travel_min: as_minutes(inst.travel(k, place, inst.carers[k].end)),
        });
    }
    let mut not_tried = vec![false; inst.visits.len()];
    for &v in untried {
        not_tried[v] = true;
    }
    for (v, vis) in inst.visits.iter().enumerate() {
        let missing = vis.seats - sol.assigned[v].len();
        if missing == 0 {
            continue;
        }
        let (reason, detail) = match &problem.visits[v].cancelled {
            Some(why) => (Reason::Cancelled, why.clone()),
            None if vis.optional => {
                (Reason::Optional, format!("optional, left out: {}", diagnose(problem, inst, sol, v).1))
            }
            None if not_tried[v] => (Reason::NotAttempted, why.to_string()),
            None => diagnose(problem, inst, sol, v),
        };
        rota.unassigned.push(Unassigned { visit: problem.visits[v].id.clone(), seats: missing as u8, reason, detail });
    }
    rota
}

/// Why visit `v` is not placed, as a reason code and a sentence for the scheduler.
pub fn diagnose(problem: &Problem, inst: &Instance, sol: &Solution, v: usize) -> (Reason, String) {
    let pv = &problem.visits[v];
    let vis = &inst.visits[v];
    let client = &problem.clients[vis.client];
    let when = format!("{}–{}", describe_tick(vis.earliest), describe_tick(vis.latest + vis.duration));
    if vis.only.as_ref().is_some_and(|o| o.is_empty()) {
        return (Reason::WindowConflict, "its window closed before the re-plan's now".into());
    }
    if vis.locked {
        let carers: Vec<&str> = vis.only.iter().flatten().map(|&k| problem.carers[k].id.as_str()).collect();
        return (
            Reason::WorkingTime,
            format!(
                "it is locked to {} at {}, and that no longer fits",
                carers.join(" and "),
                describe_tick(vis.earliest)
            ),
        );
    }
    let needs: Vec<&str> = client.required_skills.iter().chain(pv.skills.iter()).map(String::as_str).collect();
    let skilled = problem
        .carers
        .iter()
        .filter(|c| {
            needs.iter().all(|s| c.skills.iter().any(|cs| cs.skill == *s && cs.expires.is_none_or(|e| e >= pv.date)))
        })
        .count();
    if problem.carers.is_empty() {
        return (Reason::NoCarerAvailable, "the problem has no carers".into());
    }
    if problem.carers.len() < vis.seats {
        return (
            Reason::NoSecondCarer,
            format!("it needs {} carers together and the problem has only {}", vis.seats, problem.carers.len()),
        );
    }
    if skilled < vis.seats {
        let what = if needs.is_empty() { "any skills".to_string() } else { needs.join(", ") };
        return (
            Reason::NoSkilledCarer,
            format!("{skilled} carer(s) hold {what} valid on {}, {} needed", pv.date, vis.seats),
        );
    }
    let eligible = (0..inst.carers.len()).filter(|&k| inst.eligible(v, k)).count();
    if eligible < vis.seats {
        return (
            Reason::ClientPreference,
            format!("client {} refuses or requires what all but {eligible} skilled carer(s) lack", client.id),
        );
    }
    let blk = match sol.best_placement(inst, v, false, &|_, s| s.cost) {
        Ok(_) => Blockers { timing: true, available: true, ..Default::default() },
        Err(b) => b,
    };
    let day_free = vis.fit_count as usize;
    let no_window =
        !vis.windows.is_empty() && !vis.windows.iter().any(|w| w.earliest <= vis.latest && w.latest >= vis.earliest);
    if vis.earliest > vis.latest || no_window {
        let tol = problem.profile(&client.profile).map_or(15, |p| p.time_critical_tolerance_min);
        return (
            Reason::WindowConflict,
            format!(
                "it is time-critical (start within {tol} min of {}), but its window {} leaves no such start",
                pv.start,
                pv.window_hull().map_or_else(String::new, |w| format!("{}–{}", w.earliest, w.latest))
            ),
        );
    }
    if blk.links {
        return (Reason::LinkConflict, format!("its links or call spacing leave no start time in {when}"));
    }
    if day_free < vis.seats {
        return (
            Reason::NoCarerAvailable,
            format!("{day_free} eligible carer(s) are available {when}, {} needed", vis.seats),
        );
    }
    if vis.seats > 1 && blk.some_seat {
        return (Reason::NoSecondCarer, format!("no {} carers free together {when}", vis.seats));
    }
    if blk.continuity && !blk.working_time {
        return (
            Reason::ContinuityCap,
            format!("every free carer would take client {} past its cap of distinct carers", client.id),
        );
    }
    if blk.working_time {
        return (
            Reason::WorkingTime,
            format!("free carers {when} would exceed their daily or weekly hours, miss a break or their rest, or leave too little time to travel between their rounds"),
        );
    }
    (Reason::NoCapacity, format!("eligible carers' rounds are full {when}"))
}
