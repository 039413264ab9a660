//! The realistic Italian HHCRSP instances of Ceschia, Di Gaspero, Rosati & Schaerf (ITOR 2024,
//! repository `iolab-uniud/hhcrsp`, folder `instances/Italian`): real city geography, the
//! objective of Mankowska et al. (2014), and a reference evaluator for solutions in the
//! [`hhcrsp`] JSON format.
//!
//! An instance is one JSON object:
//!
//! | key               | value                                                                      |
//! |-------------------|----------------------------------------------------------------------------|
//! | `name`            | the city or area (`"cosenza"`)                                             |
//! | `area`            | bounding box `[min lon, min lat, max lon, max lat]`                        |
//! | `distances`       | square matrix of travel times = distances, rows/columns `d, p1, ..., pn`  |
//! | `central_offices` | `[{"id", "location": [lon, lat]}]`, exactly one                            |
//! | `patients`        | `[{"id", "location", "time_window": [e, l], "required_caregivers", "synchronization"?}]` |
//! | `caregivers`      | `[{"id", "abilities": ["s1", ...]}]`                                       |
//! | `services`        | `[{"id", "default_duration"}]`                                             |
//!
//! `required_caregivers` is a list of one or two `{"service", "duration"}` (the service's
//! `default_duration` when `duration` is absent). A patient with two has a `synchronization`:
//! `{"type": "simultaneous"}` or `{"type": "sequential", "distance": [min, max]}`.
//!
//! Conventions checked against the 15 shipped instances (even numbers 000..028) and their 15
//! MNSA24 solutions, which the evaluator below reproduces to the published cost:
//! - Row and column 0 of `distances` is the central office and row `i` is patient `p<i>` (the
//!   `i`-th in the file, 1-based). The matrix holds integers and is **not** symmetric.
//! - Ids are canonical: patients `p1..pn`, caregivers `c1..cK`, services `s1..sS`, in file
//!   order, so the [`hhcrsp`] id helpers map them (the parser rejects any other ids).
//! - Locations are `[longitude, latitude]` (the repository README's example shows them the
//!   other way round; the files do not).
//! - Some window bounds carry floating-point noise (`62.999999999999986`, `1.0000000000000036`):
//!   153 bounds over the 15 instances (151 `e`, 2 `l`), none with a real fraction.
//!   [`ItalianInstance::earliest`] and [`ItalianInstance::due`] snap a bound within
//!   [`NOISE`] of an integer to that integer, and round a real fraction of `e` up (a start is
//!   never before the window as stored) while keeping a real fraction of `l` (tardiness counts
//!   from it, as the official validator counts it). The evaluator and the Rota mapping use these
//!   bounds; the raw values are kept as read (with a correctly rounded parser: serde_json's
//!   default one reads `92.99999999999999` as 93).
//! - The published MNSA24 solutions truncate instead: eight of their starts are one minute
//!   before a window that opens at `x.99999…` (p27 of instance 020, window `62.999999999999986`,
//!   starts at 62), all at patients with one service, whose window opening the official
//!   validator (`iolab-uniud/hhcrsp`) does not check. It does check patients with two services
//!   (p181 of instance 026 must not start at 463 when its window opens at
//!   `463.99999999999994`), so truncating is not safe; [`evaluate`] reports those eight starts.
//! - `e` is a hard earliest start; starting after `l` costs tardiness, per service start.
//! - Simultaneous: both services start at the same time. Sequential: the service listed
//!   **second** starts between `min` and `max` after the one listed first, whatever their
//!   service numbers (about half of the sequential pairs list the higher service first). Either
//!   way the two are done by different caregivers.
//! - Caregivers have no working hours or other fields: they leave the office at time 0 at the
//!   earliest and may come back after the last window closes (the published routes come back
//!   as late as 670, with every window closed by 600).

use super::hhcrsp::{self, HhcrspSolution};
use super::{stem, RawFormatError};
use serde::Deserialize;
use std::collections::HashMap;

/// The central office's row and column in [`ItalianInstance::distance`].
pub const OFFICE: usize = 0;

/// How far from an integer a window bound may be and still count as that integer: the
/// floating-point noise of the shipped files is below 1e-12, and no bound has a real fraction.
pub const NOISE: f64 = 1e-6;

/// `v` without floating-point noise: the nearest integer when within [`NOISE`] of it, else `v`.
pub fn snap(v: f64) -> f64 {
    let r = v.round();
    if (v - r).abs() <= NOISE {
        r
    } else {
        v
    }
}

/// An Italian HHCRSP instance. Patients, caregivers and services are indexed from 0 in file
/// order; patient `i` is `p<i + 1>` and row `i + 1` of the matrix (see [`ItalianInstance::node`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ItalianInstance {
    /// The file name without directories or extension.
    pub name: String,
    /// The file's `name`: the city or area (`cosenza`, `venice-padua-treviso`); empty if absent.
    pub city: String,
    /// The bounding box `[min lon, min lat, max lon, max lat]` (`area`), if given.
    pub area: Option<[f64; 4]>,
    /// The central office.
    pub office: ItalianOffice,
    /// The patients, in file order.
    pub patients: Vec<ItalianPatient>,
    /// The caregivers, in file order.
    pub caregivers: Vec<ItalianCaregiver>,
    /// The services, in file order.
    pub services: Vec<ItalianService>,
    /// `distance[from][to]` (`distances`): travel time and distance; node 0 is the office and
    /// node `i + 1` patient `i`.
    pub distance: Vec<Vec<f64>>,
}

/// The central office, where every route starts and ends.
#[derive(Debug, Clone, PartialEq)]
pub struct ItalianOffice {
    /// Its id (`d1`).
    pub id: String,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
}

/// One patient.
#[derive(Debug, Clone, PartialEq)]
pub struct ItalianPatient {
    /// Its id, `p<i + 1>` for the `i`-th patient.
    pub id: String,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// The window `[e, l]` exactly as stored (see [`ItalianInstance::earliest`] and
    /// [`ItalianInstance::due`] for the bounds that count).
    pub window: (f64, f64),
    /// The services required, one or two, in file order (the order matters for sequential pairs).
    pub required: Vec<ItalianRequirement>,
    /// How the two services of a two-service patient are synchronised (`None` for one service).
    pub synchronization: Option<Synchronization>,
}

/// One required service at a patient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItalianRequirement {
    /// The 0-based service (`s<service + 1>`).
    pub service: usize,
    /// How long it takes, in minutes (the service's default if the file gives none).
    pub duration: f64,
}

/// How the two services of a patient relate in time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Synchronization {
    /// Both start at the same moment.
    Simultaneous,
    /// The second-listed service starts between `min_gap` and `max_gap` minutes after the first.
    Sequential {
        /// Smallest start gap.
        min_gap: f64,
        /// Largest start gap.
        max_gap: f64,
    },
}

/// One caregiver.
#[derive(Debug, Clone, PartialEq)]
pub struct ItalianCaregiver {
    /// Its id, `c<k + 1>` for the `k`-th caregiver.
    pub id: String,
    /// The 0-based services it may do (`abilities`), in file order.
    pub abilities: Vec<usize>,
}

/// One service type.
#[derive(Debug, Clone, PartialEq)]
pub struct ItalianService {
    /// Its id, `s<j + 1>` for the `j`-th service.
    pub id: String,
    /// Its duration where a patient gives none (`default_duration`).
    pub default_duration: f64,
}

impl ItalianInstance {
    /// The matrix node of patient `patient`: `patient + 1`.
    pub fn node(patient: usize) -> usize {
        patient + 1
    }

    /// The number of matrix nodes: the office and the patients.
    pub fn nodes(&self) -> usize {
        self.patients.len() + 1
    }

    /// Patient `patient`'s hard earliest start: `e` [snapped](snap) to an integer when within
    /// [`NOISE`] of one, else rounded up to the next integer (never before the stored window).
    /// Panics if `patient` is out of range.
    pub fn earliest(&self, patient: usize) -> f64 {
        snap(self.patients[patient].window.0).ceil()
    }

    /// Patient `patient`'s due time: `l` [snapped](snap) to an integer when within [`NOISE`] of
    /// one, else as stored; starting later costs tardiness. Panics if `patient` is out of range.
    pub fn due(&self, patient: usize) -> f64 {
        snap(self.patients[patient].window.1)
    }

    /// True if caregiver `caregiver` may do service `service`. Panics if `caregiver` is out of range.
    pub fn qualified(&self, caregiver: usize, service: usize) -> bool {
        self.caregivers[caregiver].abilities.contains(&service)
    }
}

// ---- Raw JSON shape ------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstance {
    #[serde(default)]
    name: String,
    #[serde(default)]
    area: Option<[f64; 4]>,
    distances: Vec<Vec<f64>>,
    central_offices: Vec<RawOffice>,
    patients: Vec<RawPatient>,
    caregivers: Vec<RawCaregiver>,
    services: Vec<RawService>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffice {
    id: String,
    location: [f64; 2],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPatient {
    id: String,
    location: [f64; 2],
    time_window: [f64; 2],
    required_caregivers: Vec<RawRequirement>,
    #[serde(default)]
    synchronization: Option<RawSync>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    service: String,
    #[serde(default)]
    duration: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSync {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    distance: Option<[f64; 2]>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCaregiver {
    id: String,
    abilities: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    id: String,
    default_duration: f64,
}

/// Read an Italian instance. `file_name` is used in error messages and for [`ItalianInstance::name`].
///
/// Besides the JSON shape (unknown keys are errors, so that a feature this reader does not
/// model is never dropped silently), it checks: exactly one central office; canonical ids in
/// file order; a square matrix over the office and the patients, of finite non-negative
/// numbers; locations on the map; windows with `e ≤ l`; one or two required services, known and
/// distinct, with finite non-negative durations; a synchronisation exactly when there are two,
/// `simultaneous` without a `distance` or `sequential` with `0 ≤ min ≤ max`; abilities naming
/// known services.
pub fn parse(file_name: &str, text: &str) -> Result<ItalianInstance, RawFormatError> {
    let raw: RawInstance = serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        let place = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&place).map(|m| format!("{m} (column {})", e.column())).unwrap_or(full);
        RawFormatError::new(file_name, (e.line() > 0).then_some(e.line()), message)
    })?;
    let fail = |message: String| RawFormatError::whole(file_name, message);
    // serde_json (without its `float_roundtrip` feature) can round 92.99999999999999 to 93.0;
    // read the windows' text exactly, so that `window` holds the values as stored.
    let windows = exact_windows(text);
    if windows.len() != raw.patients.len() {
        return Err(fail(format!(
            "found {} `time_window` keys that read as `[number, number]`, expected one per patient ({})",
            windows.len(),
            raw.patients.len()
        )));
    }

    let services: Vec<ItalianService> = raw
        .services
        .into_iter()
        .enumerate()
        .map(|(j, s)| {
            canonical(&s.id, &hhcrsp::service_id(j), "services", j).map_err(&fail)?;
            nonnegative(s.default_duration, || format!("service {}: default_duration", s.id)).map_err(&fail)?;
            Ok(ItalianService { id: s.id, default_duration: s.default_duration })
        })
        .collect::<Result<_, RawFormatError>>()?;
    let service_of = |id: &str, whose: &str| -> Result<usize, RawFormatError> {
        match hhcrsp::service_index(id) {
            Ok(j) if j < services.len() => Ok(j),
            _ => Err(fail(format!("{whose}: unknown service `{id}` (there are {})", services.len()))),
        }
    };

    let [office] = &raw.central_offices[..] else {
        return Err(fail(format!("expected exactly one central office, found {}", raw.central_offices.len())));
    };
    let (lon, lat) = on_map(office.location, || format!("central office {}", office.id)).map_err(&fail)?;
    let office = ItalianOffice { id: office.id.clone(), lon, lat };

    let mut patients = Vec::with_capacity(raw.patients.len());
    for (i, p) in raw.patients.into_iter().enumerate() {
        canonical(&p.id, &hhcrsp::patient_id(i + 1), "patients", i).map_err(&fail)?;
        let who = format!("patient {}", p.id);
        let (lon, lat) = on_map(p.location, || who.clone()).map_err(&fail)?;
        let [e, l] = windows[i];
        if [e, l].iter().zip(p.time_window).any(|(x, y)| (x - y).abs() > 1e-6 * y.abs().max(1.0)) {
            return Err(fail(format!("{who}: could not re-read time_window exactly")));
        }
        if !(e.is_finite() && l.is_finite() && e >= 0.0 && e <= l) {
            return Err(fail(format!("{who}: time_window [{e}, {l}] must have 0 ≤ e ≤ l")));
        }
        let mut required = Vec::with_capacity(p.required_caregivers.len());
        for r in &p.required_caregivers {
            let service = service_of(&r.service, &who)?;
            let duration = r.duration.unwrap_or(services[service].default_duration);
            nonnegative(duration, || format!("{who}: duration of {}", r.service)).map_err(&fail)?;
            if required.iter().any(|q: &ItalianRequirement| q.service == service) {
                return Err(fail(format!("{who}: requires {} twice", r.service)));
            }
            required.push(ItalianRequirement { service, duration });
        }
        if required.is_empty() || required.len() > 2 {
            return Err(fail(format!("{who}: expected 1 or 2 required_caregivers, found {}", required.len())));
        }
        let synchronization = match (&p.synchronization, required.len()) {
            (None, 1) => None,
            (None, _) => return Err(fail(format!("{who}: two services but no synchronization"))),
            (Some(_), 1) => return Err(fail(format!("{who}: synchronization with only one service"))),
            (Some(s), _) => Some(match (s.kind.as_str(), s.distance) {
                ("simultaneous", None) => Synchronization::Simultaneous,
                ("sequential", Some([min_gap, max_gap]))
                    if min_gap.is_finite() && max_gap.is_finite() && 0.0 <= min_gap && min_gap <= max_gap =>
                {
                    Synchronization::Sequential { min_gap, max_gap }
                }
                ("sequential", Some([a, b])) => {
                    return Err(fail(format!("{who}: sequential distance [{a}, {b}] must have 0 ≤ min ≤ max")))
                }
                ("sequential", None) => {
                    return Err(fail(format!("{who}: sequential synchronization without distance")))
                }
                ("simultaneous", Some(_)) => {
                    return Err(fail(format!("{who}: simultaneous synchronization with a distance")))
                }
                (other, _) => {
                    return Err(fail(format!(
                        "{who}: unknown synchronization type `{other}` (expected simultaneous or sequential)"
                    )))
                }
            }),
        };
        patients.push(ItalianPatient { id: p.id, lon, lat, window: (e, l), required, synchronization });
    }

    let mut caregivers = Vec::with_capacity(raw.caregivers.len());
    for (k, c) in raw.caregivers.into_iter().enumerate() {
        canonical(&c.id, &hhcrsp::caregiver_id(k), "caregivers", k).map_err(&fail)?;
        let who = format!("caregiver {}", c.id);
        let abilities = c.abilities.iter().map(|s| service_of(s, &who)).collect::<Result<_, _>>()?;
        caregivers.push(ItalianCaregiver { id: c.id, abilities });
    }

    let nodes = patients.len() + 1;
    if raw.distances.len() != nodes {
        return Err(fail(format!(
            "distances has {} rows; expected {nodes} (the office and {} patients)",
            raw.distances.len(),
            patients.len()
        )));
    }
    for (r, row) in raw.distances.iter().enumerate() {
        if row.len() != nodes {
            return Err(fail(format!("distances row {r} has {} numbers; expected {nodes}", row.len())));
        }
        if let Some((c, v)) = row.iter().enumerate().find(|(_, v)| !(v.is_finite() && **v >= 0.0)) {
            return Err(fail(format!("distances[{r}][{c}] is {v}; expected a finite number ≥ 0")));
        }
    }

    Ok(ItalianInstance {
        name: stem(file_name),
        city: raw.name,
        area: raw.area,
        office,
        patients,
        caregivers,
        services,
        distance: raw.distances,
    })
}

/// The `[e, l]` after every `"time_window":` key, in file order, each number read with the
/// standard library's correctly rounded parser. Pairs that do not read as two numbers are left out.
fn exact_windows(text: &str) -> Vec<[f64; 2]> {
    let bytes = text.as_bytes();
    let skip_ws = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    // A number ending at a delimiter, and the position after it.
    let number = |i: usize| -> Option<(f64, usize)> {
        let end = (i..bytes.len())
            .find(|&j| !matches!(bytes[j], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            .unwrap_or(bytes.len());
        let v: f64 = text.get(i..end)?.parse().ok()?;
        v.is_finite().then_some((v, end))
    };
    let pair = |i: usize| -> Option<[f64; 2]> {
        let i = skip_ws(i);
        (bytes.get(i) == Some(&b':')).then_some(())?;
        let i = skip_ws(i + 1);
        (bytes.get(i) == Some(&b'[')).then_some(())?;
        let (e, i) = number(skip_ws(i + 1))?;
        let i = skip_ws(i);
        (bytes.get(i) == Some(&b',')).then_some(())?;
        let (l, i) = number(skip_ws(i + 1))?;
        (bytes.get(skip_ws(i)) == Some(&b']')).then_some([e, l])
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        // A string: find its closing quote, skipping escapes.
        let start = i + 1;
        let mut j = start;
        while j < bytes.len() && bytes[j] != b'"' {
            j += if bytes[j] == b'\\' { 2 } else { 1 };
        }
        if bytes.get(start..j) == Some(b"time_window".as_slice()) {
            out.extend(pair(j + 1));
        }
        i = j + 1;
    }
    out
}

/// `id` must be `expected`, the id of entry `index` of `list`.
fn canonical(id: &str, expected: &str, list: &str, index: usize) -> Result<(), String> {
    if id == expected {
        Ok(())
    } else {
        Err(format!("{list}[{index}] has id `{id}`; expected `{expected}` (ids are numbered in file order)"))
    }
}

fn nonnegative(v: f64, what: impl FnOnce() -> String) -> Result<(), String> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(format!("{} is {v}; expected a finite number ≥ 0", what()))
    }
}

/// A `[lon, lat]` pair on the map, as `(lon, lat)`.
fn on_map([lon, lat]: [f64; 2], who: impl FnOnce() -> String) -> Result<(f64, f64), String> {
    if lon.is_finite() && lat.is_finite() && (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
        Ok((lon, lat))
    } else {
        Err(format!("{}: location [{lon}, {lat}] is not a [longitude, latitude] on the map", who()))
    }
}

/// Tolerance on times: published times are whole minutes.
pub const TIME_TOLERANCE: f64 = 1e-3;

/// What the reference evaluator found for a solution to an Italian instance.
#[derive(Debug, Clone, PartialEq)]
pub struct ItalianEvaluation {
    /// The objective: `(distance + total_tardiness + max_tardiness) / 3`.
    pub cost: f64,
    /// Total travel distance, each used route's return to the office included.
    pub distance: f64,
    /// Sum over service starts of `max(0, start − due)` ([`ItalianInstance::due`]).
    pub total_tardiness: f64,
    /// The largest single service's tardiness (0 if none).
    pub max_tardiness: f64,
    /// True when `problems` is empty.
    pub feasible: bool,
    /// One plain sentence per broken rule.
    pub problems: Vec<String>,
}

/// Recompute a solution's cost and check every hard rule, independently of any solver.
///
/// Checks: ids name a caregiver, a patient (not the office, `p0`) and a service; each caregiver
/// has at most one route and is able to do every service it does; every required (patient,
/// service) is done exactly once and nothing else is; each service starts at or after
/// [`ItalianInstance::earliest`], and no earlier than the previous departure (time 0 at the office) plus travel;
/// each service lasts exactly its duration; the two services of a patient are done by different
/// caregivers and start together (simultaneous) or the second-listed `[min, max]` after the
/// first (sequential). Time checks allow [`TIME_TOLERANCE`]. `global_ordering` is not used.
pub fn evaluate(instance: &ItalianInstance, solution: &HhcrspSolution) -> ItalianEvaluation {
    let inst = instance;
    let mut problems = Vec::new();
    let mut distance = 0.0;
    let mut total_tardiness = 0.0;
    let mut max_tardiness: f64 = 0.0;
    // (patient, service) -> (caregiver, start)
    let mut done: HashMap<(usize, usize), (usize, f64)> = HashMap::new();
    let mut routes_seen = vec![false; inst.caregivers.len()];

    for route in &solution.routes {
        let cid = &route.caregiver_id;
        let caregiver = match hhcrsp::caregiver_vehicle(cid) {
            Ok(k) if k < inst.caregivers.len() => k,
            Ok(_) => {
                problems.push(format!("caregiver {cid} does not exist (there are {})", inst.caregivers.len()));
                continue;
            }
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        if std::mem::replace(&mut routes_seen[caregiver], true) {
            problems.push(format!("caregiver {cid} has more than one route"));
        }
        let mut prev = OFFICE;
        let mut free_at = 0.0;
        for loc in &route.locations {
            let patient = match hhcrsp::patient_node(&loc.patient) {
                Ok(n) if (1..inst.nodes()).contains(&n) => n - 1,
                Ok(_) => {
                    problems.push(format!("{cid} visits {}, which is not a patient", loc.patient));
                    continue;
                }
                Err(e) => {
                    problems.push(format!("{cid}: {e}"));
                    continue;
                }
            };
            let service = match hhcrsp::service_index(&loc.service) {
                Ok(s) if s < inst.services.len() => s,
                Ok(_) => {
                    problems.push(format!(
                        "{cid}: service {} does not exist (there are {})",
                        loc.service,
                        inst.services.len()
                    ));
                    continue;
                }
                Err(e) => {
                    problems.push(format!("{cid}: {e}"));
                    continue;
                }
            };
            let what = format!("{cid} at {} for {}", loc.patient, loc.service);
            let start = loc.arrival_time;
            if !start.is_finite() || !loc.departure_time.is_finite() {
                problems.push(format!("{what}: times must be finite numbers"));
                continue;
            }
            let node = ItalianInstance::node(patient);
            let leg = inst.distance[prev][node];
            distance += leg;
            if start < free_at + leg - TIME_TOLERANCE {
                problems.push(format!(
                    "{what}: starts at {start}, before it can arrive ({:.3} = {free_at} + travel {leg:.3})",
                    free_at + leg
                ));
            }
            let e = inst.earliest(patient);
            if start < e - TIME_TOLERANCE {
                problems.push(format!("{what}: starts at {start}, before the window opens at {e}"));
            }
            if !inst.qualified(caregiver, service) {
                problems.push(format!("{what}: {cid} is not able to do {}", loc.service));
            }
            match inst.patients[patient].required.iter().find(|r| r.service == service) {
                None => problems.push(format!("{what}: {} does not require {}", loc.patient, loc.service)),
                Some(r) => {
                    if (loc.departure_time - start - r.duration).abs() > TIME_TOLERANCE {
                        problems.push(format!(
                            "{what}: lasts {:.3}, not the duration {}",
                            loc.departure_time - start,
                            r.duration
                        ));
                    }
                    if done.insert((patient, service), (caregiver, start)).is_some() {
                        problems.push(format!("{what}: {} {} is done more than once", loc.patient, loc.service));
                    }
                }
            }
            let tardiness = (start - inst.due(patient)).max(0.0);
            total_tardiness += tardiness;
            max_tardiness = max_tardiness.max(tardiness);
            prev = node;
            free_at = loc.departure_time;
        }
        if prev != OFFICE {
            distance += inst.distance[prev][OFFICE];
        }
    }

    for (i, p) in inst.patients.iter().enumerate() {
        for r in &p.required {
            if !done.contains_key(&(i, r.service)) {
                problems.push(format!("{} {} is not done", p.id, hhcrsp::service_id(r.service)));
            }
        }
        let (Some(sync), [first, second]) = (p.synchronization, &p.required[..]) else { continue };
        let (Some(&(k1, t1)), Some(&(k2, t2))) = (done.get(&(i, first.service)), done.get(&(i, second.service))) else {
            continue;
        };
        let who =
            format!("{} ({} then {})", p.id, hhcrsp::service_id(first.service), hhcrsp::service_id(second.service));
        if k1 == k2 {
            problems.push(format!("{who}: both services done by the same caregiver"));
        }
        let gap = t2 - t1;
        let (lo, hi) = match sync {
            Synchronization::Simultaneous => (0.0, 0.0),
            Synchronization::Sequential { min_gap, max_gap } => (min_gap, max_gap),
        };
        if gap < lo - TIME_TOLERANCE || gap > hi + TIME_TOLERANCE {
            problems.push(format!("{who}: start gap {gap:.3} is outside [{lo}, {hi}]"));
        }
    }

    let cost = (distance + total_tardiness + max_tardiness) / 3.0;
    ItalianEvaluation { cost, distance, total_tardiness, max_tardiness, feasible: problems.is_empty(), problems }
}
