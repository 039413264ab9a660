//! Benchmark instances as Rota problems, and published solutions as Rota rotas.
//!
//! The mapping uses only generic model features:
//! - **Solomon VRPTW**: one client and one visit per customer (window = ready..due, duration =
//!   service time, `demand`), one carer per vehicle starting and ending at the depot, available
//!   from the depot's ready to due time with the whole round, leaving and getting back to the
//!   depot, inside those hours (`commute_on_shift`), and with the vehicle `capacity` per round. Travel is a
//!   fractional matrix of Euclidean distances truncated to one decimal (the DIMACS convention of
//!   the published costs), and the objective is travel alone.
//! - **Mankowska HHCRSP**: one client per patient, one visit per required service (the service
//!   is a skill), one carer per caregiver with the skills it is qualified for. `e` is a hard
//!   earliest start, `l` a soft `due` time. A double service is a link from the first service's
//!   visit to the second's with gap `[mind, maxd]` and `different_carers`. Travel is the
//!   instance's real-valued matrix, and the objective is (travel + total tardiness + maximum
//!   tardiness) / 3. Caregivers leave the depot at time 0 at the earliest (`commute_on_shift`
//!   from 00:00), as in the paper's model.
//!
//! - **UHHC** (Ceschia et al. 2026): see [`uhhc()`]; it also uses the issue 19 features
//!   (several windows, optional visits, meal breaks).
//!
//! Times map one benchmark unit to one minute, from 00:00 on the Monday of [`WEEK_START`].
//!
//! Ids: Solomon customers are clients `c<node>` with visits `v<node>` and vehicles carers
//! `vehicle<k>` (from 1); Mankowska patients are clients `p<node>` with visits `p<node>-s<j>`
//! and caregivers carers `c<k>` (services and caregivers numbered from 1, as in the hhcrsp
//! solution files).

mod uhhc_map;
pub use uhhc_map::{uhhc, uhhc_rota, uhhc_solution, visit_id as uhhc_visit_id};

use super::hhcrsp::{self, HhcrspLocation, HhcrspRoute, HhcrspSolution};
use super::mankowska::MankowskaInstance;
use super::solomon::{SolomonInstance, SolomonSolution};
use crate::format::{PlannedVisit, Rota, Round};
use crate::model::{
    Availability, Carer, CarerSkill, Client, Link, Location, ObjectiveWeights, Problem, Skill, TimeWindow,
    TravelConfig, TravelMode, Visit, WorkingTime, FORMAT_VERSION,
};
use crate::time::{round_to_tick as stated, ticks_from_minutes, ClockTime, MAX_CLOCK};
use crate::travel::MatrixFileFormat;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The Monday benchmark weeks start on (benchmark time 0 is 00:00 that day).
pub const WEEK_START: (i32, u32, u32) = (2024, 1, 1);

/// A benchmark instance as a Rota problem and the travel matrix it names.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The problem; its `travel` names `matrix_file`.
    pub problem: Problem,
    /// The travel matrix (fractional minutes).
    pub matrix: MatrixFileFormat,
    /// The file name the problem's `travel` refers to, relative to the problem file.
    pub matrix_file: String,
}

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(WEEK_START.0, WEEK_START.1, WEEK_START.2).expect("a valid date")
}

/// A benchmark time as a clock time on the Monday, clamped to 00:00..72:00.
fn clock(t: f64) -> ClockTime {
    ClockTime::from_ticks(ticks_from_minutes(t).unwrap_or(0).clamp(0, MAX_CLOCK))
}

/// The weights of an objective with only travel, lateness and unassigned seats.
fn routing_weights(travel: f64, tardiness: f64, max_tardiness: f64) -> ObjectiveWeights {
    ObjectiveWeights {
        unassigned_seat: 100_000.0,
        time_critical_factor: 1.0,
        multi_carer_factor: 1.0,
        continuity_over_target: 0.0,
        distinct_carer: 0.0,
        key_carer_unused: 0.0,
        preferred_carer_missed: 0.0,
        soft_preference_missed: 0.0,
        travel_minute: travel,
        waiting_minute: 0.0,
        deviation_minute: 0.0,
        overtime_minute: 0.0,
        tardiness_minute: tardiness,
        max_tardiness_minute: max_tardiness,
        ..ObjectiveWeights::default()
    }
}

fn client(id: String, location: Location, minutes: f64, skills: Vec<String>) -> Client {
    Client {
        id,
        location,
        postcode: None,
        cluster: None,
        provider: None,
        profile: "custom".into(),
        weekly_hours: minutes / 60.0,
        required_skills: skills,
        excluded_carers: Vec::new(),
        preferred_carers: Vec::new(),
        key_carer: None,
        preferences: Vec::new(),
    }
}

fn carer(id: String, depot: Location, until: f64, skills: Vec<String>, capacity: Option<u32>) -> Carer {
    Carer {
        id,
        home: depot,
        postcode: None,
        start_location: None,
        end_location: None,
        cluster: None,
        provider: None,
        skills: skills.into_iter().map(|skill| CarerSkill { skill, expires: None }).collect(),
        travel_mode: TravelMode::Car,
        availability: vec![Availability { date: monday(), start: clock(0.0), end: clock(until) }],
        max_hours_per_day: None,
        max_hours_per_week: None,
        contracted_hours: None,
        hourly_rate: None,
        gender: None,
        languages: Vec::new(),
        out_of_hours: false,
        meal_break: None,
        working_time: None,
        capacity,
        commute_on_shift: true,
        overrun_min: 0,
    }
}

fn visit(id: String, client: String, earliest: f64, latest: f64, duration: f64) -> Visit {
    Visit {
        id,
        client,
        date: monday(),
        start: clock(earliest),
        duration_min: duration.round() as i32,
        carers_required: 1,
        time_critical: false,
        windows: Vec::new(),
        optional: false,
        optional_group: None,
        window: Some(TimeWindow { earliest: clock(earliest), latest: clock(latest) }),
        skills: Vec::new(),
        priority: 1,
        short_call_authorised: false,
        links: Vec::new(),
        due: None,
        demand: 0,
        cancelled: None,
    }
}

fn problem(name: &str, matrix_file: &str, weights: ObjectiveWeights) -> Problem {
    Problem {
        format_version: FORMAT_VERSION.into(),
        name: name.into(),
        week_start: monday(),
        skills: Vec::new(),
        profiles: BTreeMap::new(),
        travel: TravelConfig::Matrix { files: BTreeMap::from([(TravelMode::Car, matrix_file.to_string())]) },
        working_time: WorkingTime::default(),
        objective: weights,
        clients: Vec::new(),
        carers: Vec::new(),
        visits: Vec::new(),
    }
}

/// The matrix over `labels`, where label `i` stands at benchmark node `node[i]`.
fn matrix(labels: Vec<String>, node: &[usize], d: impl Fn(usize, usize) -> f64) -> MatrixFileFormat {
    let minutes = node.iter().map(|&a| node.iter().map(|&b| if a == b { 0.0 } else { d(a, b) }).collect()).collect();
    MatrixFileFormat {
        format_version: FORMAT_VERSION.into(),
        mode: TravelMode::Car,
        locations: labels,
        minutes,
        metres: None,
        fractional: true,
    }
}

/// A Solomon instance as a problem. `matrix_file` is the name the problem gives its matrix.
pub fn solomon(inst: &SolomonInstance, matrix_file: &str) -> Imported {
    let mut p = problem(&inst.name, matrix_file, routing_weights(1.0, 0.0, 0.0));
    let at = |i: usize| Location::Planar { x: inst.coords[i].0, y: inst.coords[i].1 };
    let depot = inst.depot;
    let customers: Vec<usize> = (0..inst.nodes()).filter(|&i| i != depot).collect();
    let (mut labels, mut node) = (Vec::new(), Vec::new());
    for &i in &customers {
        p.clients.push(client(format!("c{i}"), at(i), inst.service[i], Vec::new()));
        let mut v = visit(format!("v{i}"), format!("c{i}"), inst.window[i].0, inst.window[i].1, inst.service[i]);
        v.demand = inst.demand[i];
        p.visits.push(v);
        labels.push(format!("client:c{i}"));
        node.push(i);
    }
    for k in 1..=inst.vehicles {
        p.carers.push(carer(format!("vehicle{k}"), at(depot), inst.window[depot].1, Vec::new(), Some(inst.capacity)));
        labels.push(format!("carer:vehicle{k}"));
        node.push(depot);
    }
    let matrix = matrix(labels, &node, |a, b| inst.distance(a, b));
    Imported { problem: p, matrix, matrix_file: matrix_file.into() }
}

/// A Mankowska instance as a problem. `matrix_file` is the name the problem gives its matrix.
pub fn mankowska(inst: &MankowskaInstance, matrix_file: &str) -> Imported {
    let mut p = problem(&inst.name, matrix_file, routing_weights(1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0));
    p.skills = (0..inst.services)
        .map(|j| Skill { id: hhcrsp::service_id(j), description: format!("service {}", j + 1) })
        .collect();
    let at = |i: usize| Location::Planar { x: inst.x[i], y: inst.y[i] };
    // Caregivers work until every patient could be served however late: 72:00.
    let until = crate::time::as_minutes(MAX_CLOCK);
    let (mut labels, mut node) = (Vec::new(), Vec::new());
    for i in inst.patients() {
        let services = inst.required_services(i);
        let minutes: f64 = services.iter().map(|&j| inst.processing_time(i, 0, j)).sum();
        let pid = hhcrsp::patient_id(i);
        p.clients.push(client(pid.clone(), at(i), minutes, Vec::new()));
        let first = p.visits.len();
        for &j in &services {
            let mut v = visit(
                format!("{pid}-{}", hhcrsp::service_id(j)),
                pid.clone(),
                inst.earliest[i],
                until,
                inst.processing_time(i, 0, j),
            );
            v.skills = vec![hhcrsp::service_id(j)];
            v.due = Some(clock(inst.latest[i]));
            p.visits.push(v);
        }
        if services.len() == 2 && inst.double_service.contains(&i) {
            let second = p.visits[first + 1].id.clone();
            p.visits[first].links.push(Link {
                visit: second,
                min_gap_min: inst.min_gap[i].round() as i32,
                max_gap_min: Some(inst.max_gap[i].round() as i32),
                different_carers: true,
            });
        }
        labels.push(format!("client:{pid}"));
        node.push(i);
    }
    for k in 0..inst.vehicles {
        let skills = (0..inst.services).filter(|&j| inst.qualified[k][j]).map(hhcrsp::service_id).collect();
        p.carers.push(carer(hhcrsp::caregiver_id(k), at(0), until, skills, None));
        labels.push(format!("carer:{}", hhcrsp::caregiver_id(k)));
        node.push(0);
    }
    let matrix = matrix(labels, &node, |a, b| inst.distance[a][b]);
    Imported { problem: p, matrix, matrix_file: matrix_file.into() }
}

/// A published Solomon solution as a rota on the imported problem: each route a round, every
/// visit as early as its window and travel allow.
pub fn solomon_rota(inst: &SolomonInstance, sol: &SolomonSolution) -> Rota {
    let mut rota = Rota::empty(&inst.name);
    for (r, route) in sol.routes.iter().enumerate() {
        let (mut at, mut clock_now, mut visits) = (inst.depot, inst.window[inst.depot].0, Vec::new());
        for (n, &i) in route.iter().enumerate() {
            if i >= inst.nodes() {
                // Not a node of the instance: planned as it is named, with no travel, so that
                // reading the rota back reports the unknown visit.
                let now = clock(clock_now);
                let visit = format!("v{i}");
                visits.push(PlannedVisit { visit, start: now, end: now, travel_min: 0.0, wait_min: 0.0 });
                continue;
            }
            let t = inst.distance(at, i);
            let arrival = clock_now + t;
            let start = if n == 0 { inst.window[i].0.max(t) } else { arrival.max(inst.window[i].0) };
            let wait = if n == 0 { 0.0 } else { start - arrival };
            visits.push(PlannedVisit {
                visit: format!("v{i}"),
                start: clock(start),
                end: clock(start + inst.service[i]),
                travel_min: stated(t),
                wait_min: stated(wait),
            });
            clock_now = start + inst.service[i];
            at = i;
        }
        let back = if route.is_empty() { 0.0 } else { inst.distance(at, inst.depot) };
        rota.rounds.push(Round {
            carer: format!("vehicle{}", r + 1),
            date: monday(),
            visits,
            return_travel_min: stated(back),
        });
    }
    rota
}

/// A published hhcrsp solution as a rota on the imported Mankowska problem: starts are the
/// solution's `arrival_time`s. Unknown ids are skipped (the checker then reports the visits as
/// missing).
pub fn mankowska_rota(inst: &MankowskaInstance, sol: &HhcrspSolution) -> Rota {
    let mut rota = Rota::empty(&inst.name);
    for route in &sol.routes {
        let (mut at, mut free, mut visits) = (0usize, 0.0f64, Vec::new());
        for (n, loc) in route.locations.iter().enumerate() {
            let (Ok(i), Ok(j)) = (hhcrsp::patient_node(&loc.patient), hhcrsp::service_index(&loc.service)) else {
                continue;
            };
            let t = if i < inst.nodes { inst.distance[at][i] } else { 0.0 };
            let wait = if n == 0 { 0.0 } else { (loc.arrival_time - free - t).max(0.0) };
            visits.push(PlannedVisit {
                visit: format!("{}-{}", hhcrsp::patient_id(i), hhcrsp::service_id(j)),
                start: clock(loc.arrival_time),
                end: clock(loc.departure_time),
                travel_min: stated(t),
                wait_min: stated(wait),
            });
            free = loc.departure_time;
            at = i.min(inst.nodes - 1);
        }
        let back = if visits.is_empty() { 0.0 } else { inst.distance[at][0] };
        rota.rounds.push(Round {
            carer: route.caregiver_id.clone(),
            date: monday(),
            visits,
            return_travel_min: stated(back),
        });
    }
    rota.rounds.retain(|r| !r.visits.is_empty());
    rota
}

/// A rota on an imported Solomon problem as a `.sol` solution (the rounds' visit orders) and
/// the cost the rota's travel gives.
pub fn solomon_solution(rota: &Rota, cost: Option<f64>) -> SolomonSolution {
    let routes = rota
        .rounds
        .iter()
        .filter(|r| !r.visits.is_empty())
        .map(|r| r.visits.iter().filter_map(|v| v.visit.strip_prefix('v')?.parse().ok()).collect())
        .collect();
    SolomonSolution { routes, cost }
}

/// A rota on an imported Mankowska or Italian problem as an hhcrsp solution: one route per
/// caregiver of `caregivers` (the instance's caregivers, in its order), empty for a caregiver
/// with no round, as the official validator (`iolab-uniud/hhcrsp`) requires. A round of a carer
/// not in `caregivers`, or a carer's second round, follows as a route of its own, so that an
/// evaluator reports it.
pub fn hhcrsp_solution(rota: &Rota, caregivers: &[String]) -> HhcrspSolution {
    let route = |r: &Round| HhcrspRoute {
        caregiver_id: r.carer.clone(),
        locations: r
            .visits
            .iter()
            .filter_map(|v| {
                let (patient, service) = v.visit.split_once('-')?;
                Some(HhcrspLocation {
                    arrival_time: stated(v.start.as_minutes()),
                    departure_time: stated(v.end.as_minutes()),
                    patient: patient.to_string(),
                    service: service.to_string(),
                })
            })
            .collect(),
    };
    let mut used = vec![false; rota.rounds.len()];
    let mut routes: Vec<HhcrspRoute> = caregivers
        .iter()
        .map(|c| match rota.rounds.iter().position(|r| &r.carer == c) {
            Some(i) => {
                used[i] = true;
                route(&rota.rounds[i])
            }
            None => HhcrspRoute { caregiver_id: c.clone(), locations: Vec::new() },
        })
        .collect();
    routes.extend(rota.rounds.iter().zip(&used).filter(|(_, &u)| !u).map(|(r, _)| route(r)));
    HhcrspSolution { global_ordering: None, routes }
}

/// The caregiver ids of an imported Mankowska or Italian problem, in the instance's order (the
/// problem's carers), for [`hhcrsp_solution`].
pub fn caregiver_ids(problem: &Problem) -> Vec<String> {
    problem.carers.iter().map(|c| c.id.clone()).collect()
}

/// An Italian instance (Ceschia et al. 2024) as a problem. `matrix_file` is the name the
/// problem gives its matrix.
///
/// The mapping mirrors [`mankowska()`]: one client `p<i>` per patient at its map point, one
/// visit `p<i>-s<j>` per required service (the service is a skill) with the file's duration,
/// and one carer `c<k>` per caregiver at the central office with the skills of its abilities.
/// `e` is a hard earliest start and `l` a soft `due` time, both with floating-point noise
/// snapped away and a fractional `e` rounded up ([`earliest`](super::italian::ItalianInstance::earliest) and
/// [`due`](super::italian::ItalianInstance::due); see [`super::italian`]). A synchronised pair is a link from the visit listed first to the one
/// listed second, with `different_carers`: gap `[0, 0]` when simultaneous, `[min, max]` when
/// sequential. Travel is the instance's (asymmetric) matrix, and the objective is (travel +
/// total tardiness + maximum tardiness) / 3. The files give caregivers no hours, so carers
/// leave the office at time 0 at the earliest and may work until 72:00 (`commute_on_shift`).
/// The instance's ids are already `p<i>`, `c<k>` and `s<j>`, so [`hhcrsp_solution`] writes a
/// rota on this problem in the solution format as it is.
pub fn italian(inst: &super::italian::ItalianInstance, matrix_file: &str) -> Imported {
    use super::italian::{ItalianInstance, Synchronization, OFFICE};
    let mut p = problem(&inst.name, matrix_file, routing_weights(1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0));
    p.skills = inst
        .services
        .iter()
        .map(|s| Skill { id: s.id.clone(), description: format!("service {}", s.id.trim_start_matches('s')) })
        .collect();
    // Caregivers work until every patient could be served however late: 72:00.
    let until = crate::time::as_minutes(MAX_CLOCK);
    let (mut labels, mut node) = (Vec::new(), Vec::new());
    for (i, patient) in inst.patients.iter().enumerate() {
        let pid = patient.id.clone();
        let minutes: f64 = patient.required.iter().map(|r| r.duration).sum();
        let at = Location::Geo { lat: patient.lat, lon: patient.lon };
        p.clients.push(client(pid.clone(), at, minutes, Vec::new()));
        let first = p.visits.len();
        for r in &patient.required {
            let sid = inst.services[r.service].id.clone();
            let mut v = visit(format!("{pid}-{sid}"), pid.clone(), inst.earliest(i), until, r.duration);
            v.skills = vec![sid];
            v.due = Some(clock(inst.due(i)));
            p.visits.push(v);
        }
        if let (Some(sync), 2) = (patient.synchronization, patient.required.len()) {
            let (min_gap, max_gap) = match sync {
                Synchronization::Simultaneous => (0.0, 0.0),
                Synchronization::Sequential { min_gap, max_gap } => (min_gap, max_gap),
            };
            let second = p.visits[first + 1].id.clone();
            p.visits[first].links.push(Link {
                visit: second,
                min_gap_min: min_gap.round() as i32,
                max_gap_min: Some(max_gap.round() as i32),
                different_carers: true,
            });
        }
        labels.push(format!("client:{pid}"));
        node.push(ItalianInstance::node(i));
    }
    let office = Location::Geo { lat: inst.office.lat, lon: inst.office.lon };
    for c in &inst.caregivers {
        let mut abilities = c.abilities.clone();
        abilities.sort_unstable();
        let skills = abilities.iter().map(|&j| inst.services[j].id.clone()).collect();
        p.carers.push(carer(c.id.clone(), office, until, skills, None));
        labels.push(format!("carer:{}", c.id));
        node.push(OFFICE);
    }
    let matrix = matrix(labels, &node, |a, b| inst.distance[a][b]);
    Imported { problem: p, matrix, matrix_file: matrix_file.into() }
}

/// A published hhcrsp solution as a rota on the imported Italian problem: starts are the
/// solution's `arrival_time`s. Unknown ids are skipped (the checker then reports the visits as
/// missing).
pub fn italian_rota(inst: &super::italian::ItalianInstance, sol: &HhcrspSolution) -> Rota {
    use super::italian::OFFICE;
    let nodes = inst.nodes();
    let mut rota = Rota::empty(&inst.name);
    for route in &sol.routes {
        let (mut at, mut free, mut visits) = (OFFICE, 0.0f64, Vec::new());
        for (n, loc) in route.locations.iter().enumerate() {
            let (Ok(i), Ok(j)) = (hhcrsp::patient_node(&loc.patient), hhcrsp::service_index(&loc.service)) else {
                continue;
            };
            let t = if i < nodes { inst.distance[at][i] } else { 0.0 };
            let wait = if n == 0 { 0.0 } else { (loc.arrival_time - free - t).max(0.0) };
            visits.push(PlannedVisit {
                visit: format!("{}-{}", hhcrsp::patient_id(i), hhcrsp::service_id(j)),
                start: clock(loc.arrival_time),
                end: clock(loc.departure_time),
                travel_min: stated(t),
                wait_min: stated(wait),
            });
            free = loc.departure_time;
            at = if i < nodes { i } else { OFFICE };
        }
        let back = if visits.is_empty() { 0.0 } else { inst.distance[at][OFFICE] };
        rota.rounds.push(Round {
            carer: route.caregiver_id.clone(),
            date: monday(),
            visits,
            return_travel_min: stated(back),
        });
    }
    rota.rounds.retain(|r| !r.visits.is_empty());
    rota
}
