//! UHHC instances (Ceschia et al. 2026) as Rota problems, SA solutions as rotas, and rotas as
//! UHHC solutions. See [`uhhc`] for the mapping.

use super::{carer, client, clock, matrix, monday, problem, routing_weights, stated, visit, Imported};
use crate::format::{PlannedVisit, Reason, Rota, Round, Unassigned};
use crate::import::uhhc::{
    self as raw, SyncKind, TimeWindowMet, UhhcInstance, UhhcLocation, UhhcRoute, UhhcSolution, Weight,
};
use crate::model::{Link, Location, MealBreak, ObjectiveWeights, Skill, StartWindow, TimeWindow};
use std::collections::HashMap;

/// A UHHC instance as a problem. `matrix_file` is the name the problem gives its matrix.
///
/// - One client per patient (same id) and one visit `<patient>-<service>` per required service,
///   needing the service as a skill, with its duration. Windows: one window is the visit's
///   `window` (hard from its start to twice the horizon) with a soft `due` at its end; several are
///   [`crate::model::Visit::windows`], window *k* hard from its start to the next one's start
///   less a minute (the last to twice the horizon), with its end as the soft `due`. When tardiness is
///   measured at the service end (`time_window_met: at_service_end`) every `due` is the end less
///   the duration. Before the first window nothing may start (the validator's rule).
/// - A double service is two visits: simultaneous ones linked with gap `[0, 0]`, sequential
///   ones from the first listed to the second with the instance's `[min, max]`, independent
///   ones with no gap; all three with `different_carers`. (A single two-carer visit would need
///   both carers to hold both services, which UHHC never asks.)
/// - An optional patient's services are [`crate::model::Visit::optional`] visits, left out at
///   `optional_patients`; a patient with two services is one optional group
///   ([`crate::model::Visit::optional_group`], named after the patient), since UHHC serves such
///   a patient whole or not at all.
/// - One carer per caregiver, leaving from its departing point and ending at its arrival point
///   (`start_location`, `end_location`), with its abilities as skills and its working shift as
///   availability with `commute_on_shift` (the validator rejects a departure before the shift).
///   Coming back late is extra time: when `total_extra_time` is `"HARD"` the availability ends
///   with the shift; otherwise the carer may overrun it ([`crate::model::Carer::overrun_min`])
///   until twice the horizon, at `total_extra_time` a minute (`overrun_minute`).
/// - A caregiver with `lunch_break: true` has a [`crate::model::Carer::meal_break`]: from the
///   instance's `lunch_breaks.start` to its `end` (to `end + min_duration` when the rule bounds
///   the break's start), at least `min_duration` long, missed at `missed_lunch_break`.
/// - Incompatible caregivers are `excluded_carers` (a hard rule in every shipped instance:
///   `incompabilities` has no weight); preferred ones `preferred_carers`, missed at
///   `caregiver_preferences` a service.
/// - Weights: `travel_time` a travel minute, `total_tardiness` a late minute,
///   `highest_tardiness` a minute of the largest lateness, `total_waiting_time` a waiting
///   minute, `total_extra_time` an overrun minute, `max_idle_time` a minute of the largest idle
///   time (`max_idle_minute`: the validator's idle time of a caregiver is its shift less its
///   travel, services and lunch, plus its extra time, as Rota's is; Rota estimates the lunch
///   at its least length, where the exporter may make it longer); a mandatory patient left out
///   costs 100,000 a seat. `max_waiting_time`, `workload_balance` and `working_time` have no
///   counterpart in Rota's objective: the reference evaluator ([`raw::evaluate`]) prices them.
/// - Travel is the instance's matrix over the patients and the caregivers' terminal points.
///   Times map one unit to one minute from 00:00 on the Monday of [`super::WEEK_START`].
pub fn uhhc(inst: &UhhcInstance, matrix_file: &str) -> Imported {
    let mut p = problem(&inst.name, matrix_file, weights(inst));
    p.skills =
        inst.services.iter().map(|s| Skill { id: s.id.clone(), description: format!("service {}", s.id) }).collect();
    let (mut labels, mut node) = (Vec::new(), Vec::new());
    for (i, patient) in inst.patients.iter().enumerate() {
        let minutes: f64 = (0..patient.required_services.len()).map(|k| inst.duration(i, k)).sum();
        let mut c = client(patient.id.clone(), place(patient.location, inst.patient_index(i)), minutes, Vec::new());
        if hard(inst.metadata.cost_components.incompabilities) {
            c.excluded_carers = patient.incompatible_caregivers.clone().unwrap_or_default();
        }
        c.preferred_carers = patient.preferred_caregivers.clone().unwrap_or_default();
        p.clients.push(c);
        p.visits.extend(patient_visits(inst, i));
        labels.push(format!("client:{}", patient.id));
        node.push(inst.patient_index(i));
    }
    for c in &inst.caregivers {
        let (carer, start, end) = caregiver(inst, c);
        p.carers.push(carer);
        labels.push(format!("carer:{}", c.id));
        node.push(start);
        if end != start {
            labels.push(format!("carer-end:{}", c.id));
            node.push(end);
        }
    }
    let matrix = matrix(labels, &node, |a, b| inst.distances[a][b]);
    Imported { problem: p, matrix, matrix_file: matrix_file.into() }
}

fn hard(w: Option<Weight>) -> bool {
    w.is_none_or(Weight::is_hard)
}

fn weight(w: Option<Weight>) -> f64 {
    w.map_or(0.0, Weight::multiplier)
}

fn weights(inst: &UhhcInstance) -> ObjectiveWeights {
    let w = &inst.metadata.cost_components;
    let routing = weight(w.travel_time);
    ObjectiveWeights {
        preferred_carer_missed: weight(w.caregiver_preferences),
        waiting_minute: weight(w.total_waiting_time),
        optional_visit_missed: weight(w.optional_patients),
        meal_break_missed: weight(w.missed_lunch_break),
        overrun_minute: weight(w.total_extra_time),
        max_idle_minute: weight(w.max_idle_time),
        ..routing_weights(routing, weight(w.total_tardiness), weight(w.highest_tardiness))
    }
}

/// A place for a matrix index: the `[lon, lat]` given, else a planar point standing for it.
fn place(location: Option<[f64; 2]>, index: usize) -> Location {
    match location {
        Some([lon, lat]) => Location::Geo { lat, lon },
        None => Location::Planar { x: index as f64, y: 0.0 },
    }
}

/// The id of the visit for service `service` at patient `patient`.
pub fn visit_id(patient: &str, service: &str) -> String {
    format!("{patient}-{service}")
}

fn patient_visits(inst: &UhhcInstance, i: usize) -> Vec<crate::model::Visit> {
    let patient = &inst.patients[i];
    let horizon = late(inst);
    let mut out: Vec<crate::model::Visit> = Vec::new();
    for (k, rs) in patient.required_services.iter().enumerate() {
        let duration = inst.duration(i, k);
        let first = patient.time_windows.first().map_or(0.0, |w| w.start);
        let mut v = visit(visit_id(&patient.id, &rs.service), patient.id.clone(), first, horizon, duration);
        v.skills = vec![rs.service.clone()];
        v.optional = patient.optional == Some(true);
        if v.optional && patient.required_services.len() > 1 {
            v.optional_group = Some(patient.id.clone());
        }
        let due = |end: f64| match inst.metadata.time_window_met {
            TimeWindowMet::AtServiceStart => end,
            TimeWindowMet::AtServiceEnd => end - duration,
        };
        if patient.time_windows.len() > 1 {
            v.window = None;
            v.windows = start_windows(&patient.time_windows, horizon, due);
        } else {
            v.window = Some(TimeWindow { earliest: clock(first), latest: clock(horizon.max(first)) });
            v.due = patient.time_windows.first().map(|w| clock(due(w.end).max(first)));
        }
        out.push(v);
    }
    if let (Some(sync), [a, b]) = (patient.synchronization, &mut out[..]) {
        let (min_gap, max_gap) = match (sync.kind, sync.distance) {
            (SyncKind::Simultaneous, _) => (0, Some(0)),
            (SyncKind::Sequential, Some(d)) => (d.min.round() as i32, Some(d.max.round() as i32)),
            // Independent: any order, a week either way (the widest gap a link may state).
            _ => (-10_080, None),
        };
        a.links.push(Link { visit: b.id.clone(), min_gap_min: min_gap, max_gap_min: max_gap, different_carers: true });
    }
    out
}

fn start_windows(windows: &[raw::Window], horizon: f64, due: impl Fn(f64) -> f64) -> Vec<StartWindow> {
    windows
        .iter()
        .enumerate()
        .map(|(k, w)| {
            let latest = windows.get(k + 1).map_or(horizon.max(w.start), |next| (next.start - 1.0).max(w.start));
            StartWindow { earliest: clock(w.start), latest: clock(latest), due: Some(clock(due(w.end).max(w.start))) }
        })
        .collect()
}

/// A caregiver as a carer, with the matrix indices of its start and end.
fn caregiver(inst: &UhhcInstance, c: &raw::UhhcCaregiver) -> (crate::model::Carer, usize, usize) {
    let terminal = |id: &str| {
        let t = inst.terminal(id).unwrap_or(0);
        (place(inst.terminal_points[t].location, inst.terminal_index(t)), inst.terminal_index(t))
    };
    let (home, start) = terminal(&c.departing_point);
    let (back, end) = terminal(c.arrival());
    let shift = c.working_shift.unwrap_or(raw::Window { start: 0.0, end: inst.horizon() });
    let skills = c.abilities.clone();
    let mut carer = carer(c.id.clone(), home, shift.end, skills, None);
    carer.availability[0].start = clock(shift.start);
    if !hard(inst.metadata.cost_components.total_extra_time) {
        carer.overrun_min = (late(inst) - shift.end).max(0.0).floor() as i32;
    }
    carer.start_location = Some(home);
    carer.end_location = Some(back);
    if c.lunch_break == Some(true) {
        carer.meal_break = inst.lunch_breaks.map(|lb| meal_break(inst, lb));
    }
    (carer, start, end)
}

/// The latest anything may happen: twice the horizon. UHHC sets no such bound (coming back
/// late is priced as extra time, starting late as tardiness); Rota needs one, and the published
/// solutions end well inside it (the latest, i-083's, 28 minutes past a 600-minute horizon).
fn late(inst: &UhhcInstance) -> f64 {
    2.0 * inst.horizon()
}

fn meal_break(inst: &UhhcInstance, lb: raw::UhhcLunchBreaks) -> MealBreak {
    let latest = match inst.metadata.time_window_met {
        TimeWindowMet::AtServiceStart => lb.end + lb.min_duration,
        TimeWindowMet::AtServiceEnd => lb.end,
    };
    MealBreak { earliest: clock(lb.start), latest: clock(latest), min_duration_min: lb.min_duration.round() as i32 }
}

/// A UHHC solution (an SA solution, say) as a rota on the imported problem: each route a
/// round of its services in order, at the solution's times; lunch breaks are not visits (the
/// gap they take shows as waiting). Unknown patients are planned as named (the checker then
/// reports them).
pub fn uhhc_rota(inst: &UhhcInstance, sol: &UhhcSolution) -> Rota {
    let index: HashMap<&str, usize> = inst.patients.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let mut rota = Rota::empty(&inst.name);
    for route in &sol.routes {
        let Some(c) = inst.caregivers.iter().find(|c| c.id == route.caregiver_id) else { continue };
        let start_node = inst.terminal(&c.departing_point).map_or(0, |t| inst.terminal_index(t));
        let (mut at, mut free, mut visits) = (start_node, 0.0f64, Vec::new());
        for loc in route.locations.iter().flatten().filter(|l| !l.is_lunch()) {
            let node = index.get(loc.patient.as_str()).map_or(at, |&i| inst.patient_index(i));
            let t = inst.distances[at][node];
            let wait = if visits.is_empty() { 0.0 } else { (loc.start_service_time - free - t).max(0.0) };
            visits.push(PlannedVisit {
                visit: visit_id(&loc.patient, &loc.service),
                start: clock(loc.start_service_time),
                end: clock(loc.end_service_time),
                travel_min: stated(t),
                wait_min: stated(wait),
            });
            free = loc.end_service_time;
            at = node;
        }
        let end_node = inst.terminal(c.arrival()).map_or(0, |t| inst.terminal_index(t));
        let back = if visits.is_empty() { 0.0 } else { inst.distances[at][end_node] };
        rota.rounds.push(Round { carer: c.id.clone(), date: monday(), visits, return_travel_min: stated(back) });
    }
    rota.rounds.retain(|r| !r.visits.is_empty());
    rota.unassigned = left_out(inst, &rota);
    rota
}

/// The visits of patients no round serves, unassigned: `optional` for an optional patient (its
/// visits are optional in the problem), `no_carer_available` for the others.
fn left_out(inst: &UhhcInstance, rota: &Rota) -> Vec<Unassigned> {
    let planned: std::collections::HashSet<&str> =
        rota.rounds.iter().flat_map(|r| r.visits.iter().map(|v| v.visit.as_str())).collect();
    let mut out = Vec::new();
    for p in &inst.patients {
        for rs in &p.required_services {
            let id = visit_id(&p.id, &rs.service);
            if planned.contains(id.as_str()) {
                continue;
            }
            let reason = if p.optional == Some(true) { Reason::Optional } else { Reason::NoCarerAvailable };
            out.push(Unassigned { visit: id, seats: 1, reason, detail: String::new() });
        }
    }
    out
}

/// A rota on an imported UHHC problem as a UHHC solution the official validator accepts: one
/// route per caregiver, in the instance's order (an empty one for a caregiver without work,
/// whose whole shift the validator then counts as idle, as Rota does), services sorted by
/// start, `arrival_at_patient` as the validator computes it, a lunch break for each caregiver
/// who takes one where it costs least, and the `cost` and `cost_components` blocks recomputed
/// by [`raw::evaluate`].
pub fn uhhc_solution(rota: &Rota, inst: &UhhcInstance) -> UhhcSolution {
    let services: HashMap<String, (String, String)> = inst
        .patients
        .iter()
        .flat_map(|p| {
            p.required_services.iter().map(move |rs| (visit_id(&p.id, &rs.service), (p.id.clone(), rs.service.clone())))
        })
        .collect();
    let mut sol = UhhcSolution {
        instance: inst.metadata.name.clone(),
        cost: None,
        cost_components: Default::default(),
        global_ordering: None,
        routes: Vec::new(),
    };
    for round in rota.rounds.iter().filter(|r| !r.visits.is_empty()) {
        let mut locations: Vec<UhhcLocation> = round
            .visits
            .iter()
            .filter_map(|v| {
                let (patient, service) = services.get(&v.visit)?.clone();
                let (start, end) = (stated(v.start.as_minutes()), stated(v.end.as_minutes()));
                Some(UhhcLocation {
                    start_service_time: start,
                    end_service_time: end,
                    patient,
                    service,
                    arrival_at_patient: None,
                })
            })
            .collect();
        locations.sort_by(|a, b| a.start_service_time.total_cmp(&b.start_service_time));
        sol.routes.push(UhhcRoute { caregiver_id: round.carer.clone(), locations: Some(locations) });
    }
    for c in &inst.caregivers {
        if !sol.routes.iter().any(|r| r.caregiver_id == c.id) {
            sol.routes.push(UhhcRoute { caregiver_id: c.id.clone(), locations: None });
        }
    }
    let order = |id: &str| inst.caregivers.iter().position(|c| c.id == id);
    sol.routes.sort_by_key(|r| order(&r.caregiver_id));
    place_lunches(inst, &mut sol);
    for r in &mut sol.routes {
        fill_arrivals(inst, r);
    }
    let eval = raw::evaluate(inst, &sol);
    sol.cost_components = raw::cost_block(inst, &eval.components);
    sol.cost = Some(raw::UhhcCost { objective: eval.objective, violations: eval.problems.len() as f64 });
    sol
}

/// For each caregiver who should lunch, the cheapest of: no break, or a break at the earliest
/// moment in the lunch window at one of its locations: before a service, where it arrives early
/// enough (of the minimum length, or filling the wait as far as the rule allows), or after its
/// last one (of the minimum length).
fn place_lunches(inst: &UhhcInstance, sol: &mut UhhcSolution) {
    let Some(lb) = inst.lunch_breaks else { return };
    for r in 0..sol.routes.len() {
        let lunches = inst.caregivers.iter().any(|c| c.id == sol.routes[r].caregiver_id && c.lunch_break == Some(true));
        if !lunches || sol.routes[r].locations.is_none() {
            continue;
        }
        let base = raw::evaluate(inst, sol);
        let mut best = (base.objective, None);
        for candidate in lunch_candidates(inst, &sol.routes[r], lb) {
            let locs = sol.routes[r].locations.as_mut().expect("routes are written with locations");
            locs.push(candidate.clone());
            locs.sort_by(|a, b| a.start_service_time.total_cmp(&b.start_service_time));
            let eval = raw::evaluate(inst, sol);
            if eval.problems.len() <= base.problems.len() && eval.objective < best.0 {
                best = (eval.objective, Some(candidate));
            }
            sol.routes[r].locations.as_mut().expect("as above").retain(|l| !l.is_lunch());
        }
        if let (_, Some(lunch)) = best {
            let locs = sol.routes[r].locations.as_mut().expect("as above");
            locs.push(lunch);
            locs.sort_by(|a, b| a.start_service_time.total_cmp(&b.start_service_time));
        }
    }
}

fn lunch_candidates(inst: &UhhcInstance, route: &UhhcRoute, lb: raw::UhhcLunchBreaks) -> Vec<UhhcLocation> {
    let locs = route.locations.as_deref().unwrap_or_default();
    let node = |patient: &str| inst.patients.iter().position(|p| p.id == patient).map(|i| inst.patient_index(i));
    let lunch = |patient: &str, start: f64, end: f64| UhhcLocation {
        start_service_time: start,
        end_service_time: end,
        patient: patient.to_string(),
        service: raw::LUNCH.to_string(),
        arrival_at_patient: None,
    };
    let mut out = Vec::new();
    for (i, l) in locs.iter().enumerate() {
        // Before service i, at its patient: from when the caregiver can be there.
        let ready = match i.checked_sub(1).map(|j| &locs[j]) {
            Some(prev) => match (node(&prev.patient), node(&l.patient)) {
                (Some(a), Some(b)) => prev.end_service_time + inst.distances[a][b],
                _ => continue,
            },
            None => f64::NEG_INFINITY,
        };
        let start = ready.max(lb.start);
        if start + lb.min_duration <= l.start_service_time {
            out.push(lunch(&l.patient, start, start + lb.min_duration));
            // Or the whole wait, as far as the rule allows: a break is not waiting.
            let end = match inst.metadata.time_window_met {
                TimeWindowMet::AtServiceStart => l.start_service_time,
                TimeWindowMet::AtServiceEnd => l.start_service_time.min(lb.end),
            };
            if end > start + lb.min_duration {
                out.push(lunch(&l.patient, start, end));
            }
        }
    }
    if let Some(last) = locs.last() {
        let start = last.end_service_time.max(lb.start);
        out.push(lunch(&last.patient, start, start + lb.min_duration));
    }
    out
}

/// `arrival_at_patient` of each location as the validator computes it: the first just in time,
/// the others straight from the previous location.
fn fill_arrivals(inst: &UhhcInstance, route: &mut UhhcRoute) {
    let node = |patient: &str| inst.patients.iter().position(|p| p.id == patient).map(|i| inst.patient_index(i));
    let Some(locs) = route.locations.as_mut() else { return };
    for i in 0..locs.len() {
        let arrival = match i.checked_sub(1) {
            None => Some(locs[0].start_service_time),
            Some(j) => match (node(&locs[j].patient), node(&locs[i].patient)) {
                (Some(a), Some(b)) => Some(locs[j].end_service_time + inst.distances[a][b]),
                _ => None,
            },
        };
        locs[i].arrival_at_patient = arrival.filter(|&a| a != 0.0);
    }
}
