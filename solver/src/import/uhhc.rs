//! The UHHC instances and solutions of Ceschia et al. (ITOR 2026, repository `iolab-uniud/uhhc`):
//! the unified home healthcare routing and scheduling problem, and a reference evaluator that
//! recomputes a solution's cost components and weighted objective exactly as the official
//! validator (`uhhc-toolbox`, `uhhc/models/solution_models.py`: `check_validity` and
//! `compute_costs`) does.
//!
//! An instance is one JSON object with `metadata` (`time_window_met`, `cost_components`,
//! `horizon`, ...), `distances` (a square matrix over terminal points and patients, indexed by
//! their `distance_matrix_index`), `terminal_points`, `caregivers` (abilities, departing and
//! arrival point, `working_shift`, `lunch_break`), `patients` (one or two `required_services`,
//! several `time_windows`, `synchronization`, preferred and incompatible caregivers,
//! `optional`), `services` (default durations) and `lunch_breaks` (`start`, `end`,
//! `min_duration`). Keys this reader does not use are ignored, as the validator ignores them.
//!
//! A solution has one route per caregiver with its `locations`: services
//! (`start_service_time`, alias `arrival_time` or `start_time`; `end_service_time`, alias
//! `departure_time` or `end_time`; `patient`; `service`; optional `arrival_at_patient`) and at
//! most one `lunch_break` entry (service `lunch_break`, at a patient). The validator sorts them
//! by start, assumes each caregiver leaves its departing point just in time for its first
//! location and reaches its arrival point straight after its last, and reads `cost_components`
//! (weighted values) from the file; [`write()`] writes all of that.
//!
//! Conventions of the validator kept here on purpose (they change the numbers):
//! - tardiness is measured against the window whose start is the last one at or before the
//!   service start (the window *before* a start that falls in no window), at the service start
//!   or end as `time_window_met` says;
//! - waiting counts every location reached before it starts, the lunch break included, except
//!   the location right after a lunch break taken first;
//! - the idle time of a caregiver is its shift minus the time from leaving to coming back, plus
//!   its waits; the objective takes the largest over caregivers, where one without a route
//!   counts 0 and one with an empty route its whole shift;
//! - a patient not visited costs `optional_patients` whether it is optional or not (a mandatory
//!   one is also a hard problem);
//! - a weight `"HARD"` multiplies by 1, and an absent weight by 0.
//!
//! The evaluator also reports, as problems, the rules the validator checks (its assertions
//! and its red messages) and one it means to check but does not (a simultaneous pair's two
//! starts are compared with themselves): both services of a simultaneous patient start at once.

use super::{stem, RawFormatError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The service name of a lunch break entry in a route.
pub const LUNCH: &str = "lunch_break";

/// A UHHC instance, as read (plus its file stem as `name`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UhhcInstance {
    /// The file name without directories or extension (not in the file).
    #[serde(skip)]
    pub name: String,
    /// Objective weights, tardiness convention and horizon.
    pub metadata: UhhcMetadata,
    /// `distances[a][b]`: travel time from matrix index `a` to `b`, in minutes.
    pub distances: Vec<Vec<f64>>,
    /// Depots where caregivers leave from and come back to.
    #[serde(alias = "departing_points", alias = "central_offices")]
    pub terminal_points: Vec<UhhcTerminalPoint>,
    /// The caregivers.
    pub caregivers: Vec<UhhcCaregiver>,
    /// The patients.
    pub patients: Vec<UhhcPatient>,
    /// The services (kinds of care).
    pub services: Vec<UhhcService>,
    /// The lunch break rule for caregivers with `lunch_break: true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lunch_breaks: Option<UhhcLunchBreaks>,
}

/// The instance's `metadata`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UhhcMetadata {
    /// Whether a window's end bounds the service start or its end.
    #[serde(default)]
    pub time_window_met: TimeWindowMet,
    /// The weight of each cost component.
    #[serde(default)]
    pub cost_components: UhhcCostComponents,
    /// The instance's own name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the instance comes from (`generated`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The planning horizon, in minutes from 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<f64>,
}

/// What a time window's end bounds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeWindowMet {
    /// The service should start by the window's end.
    #[default]
    AtServiceStart,
    /// The service should end by the window's end.
    AtServiceEnd,
}

/// A cost component's weight: a number, or `"HARD"` (must be zero; counts with weight 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Weight {
    /// A plain weight.
    Value(f64),
    /// A hard constraint.
    Hard(HardTag),
}

/// The string `"HARD"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HardTag {
    /// `"HARD"`.
    #[serde(rename = "HARD")]
    Hard,
}

impl Weight {
    /// The multiplier the validator uses: the value, or 1 for `"HARD"`.
    pub fn multiplier(self) -> f64 {
        match self {
            Weight::Value(v) => v,
            Weight::Hard(_) => 1.0,
        }
    }

    /// True for `"HARD"`.
    pub fn is_hard(self) -> bool {
        matches!(self, Weight::Hard(_))
    }
}

/// The weight of each cost component (`metadata.cost_components`); absent means 0.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UhhcCostComponents {
    pub travel_time: Option<Weight>,
    pub total_tardiness: Option<Weight>,
    pub highest_tardiness: Option<Weight>,
    pub total_waiting_time: Option<Weight>,
    pub total_extra_time: Option<Weight>,
    pub max_idle_time: Option<Weight>,
    pub caregiver_preferences: Option<Weight>,
    pub optional_patients: Option<Weight>,
    pub missed_lunch_break: Option<Weight>,
    pub qualification: Option<Weight>,
    pub working_time: Option<Weight>,
    pub incompabilities: Option<Weight>,
    pub tw_max_dev_in_time: Option<Weight>,
    pub tw_max_dev_in_desired_time: Option<Weight>,
    pub workload_balance: Option<Weight>,
    pub max_waiting_time: Option<Weight>,
}

/// A depot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UhhcTerminalPoint {
    /// Its id (`d0`).
    pub id: String,
    /// Its row and column in `distances` (see [`UhhcInstance::terminal_index`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_matrix_index: Option<usize>,
    /// `[longitude, latitude]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
}

/// A `[start, end]` interval, written `{"start", "end"}` or `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(from = "WindowRepr")]
pub struct Window {
    /// Start, in minutes.
    pub start: f64,
    /// End, in minutes.
    pub end: f64,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum WindowRepr {
    Map { start: f64, end: f64 },
    Pair([f64; 2]),
}

impl From<WindowRepr> for Window {
    fn from(r: WindowRepr) -> Self {
        match r {
            WindowRepr::Map { start, end } | WindowRepr::Pair([start, end]) => Window { start, end },
        }
    }
}

/// A caregiver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UhhcCaregiver {
    /// Its id (`c1`).
    pub id: String,
    /// The services it may do.
    #[serde(default)]
    pub abilities: Vec<String>,
    /// The terminal point it leaves from.
    #[serde(alias = "starting_point_id")]
    pub departing_point: String,
    /// The terminal point it comes back to (the departing point if absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_point: Option<String>,
    /// Its working shift: it leaves no earlier than the start; coming back after the end is
    /// extra time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_shift: Option<Window>,
    /// True if it must take the instance's lunch break.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lunch_break: Option<bool>,
}

impl UhhcCaregiver {
    /// The arrival point: `arrival_point`, or the departing point.
    pub fn arrival(&self) -> &str {
        self.arrival_point.as_deref().unwrap_or(&self.departing_point)
    }
}

/// A patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UhhcPatient {
    /// Its id (`p0`).
    pub id: String,
    /// One or two services, in order (the order matters for sequential pairs).
    #[serde(alias = "required_caregivers")]
    pub required_services: Vec<UhhcRequiredService>,
    /// Its row and column in `distances` (see [`UhhcInstance::patient_index`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_matrix_index: Option<usize>,
    /// Its time windows, in order of start.
    pub time_windows: Vec<Window>,
    /// `[longitude, latitude]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
    /// How two services relate in time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synchronization: Option<UhhcSynchronization>,
    /// Caregivers who must not serve it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incompatible_caregivers: Option<Vec<String>>,
    /// Caregivers it prefers (any other costs `caregiver_preferences` per service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_caregivers: Option<Vec<String>>,
    /// True if it may be left out (at `optional_patients` a patient).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional: Option<bool>,
}

/// One required service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UhhcRequiredService {
    /// The service id.
    pub service: String,
    /// Its duration here (the service's default if absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
}

/// A double service's synchronisation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct UhhcSynchronization {
    /// Which kind.
    #[serde(rename = "type")]
    pub kind: SyncKind,
    /// For `sequential`: the second service starts `min..=max` after the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance: Option<SyncDistance>,
}

/// The kinds of synchronisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SyncKind {
    /// Two caregivers, any times.
    Independent,
    /// Two caregivers starting at the same time.
    Simultaneous,
    /// Two caregivers, the second starting within a gap after the first.
    Sequential,
}

/// A sequential pair's start gap, written `[min, max]`, `{"min", "max"}` or one number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(from = "GapRepr")]
pub struct SyncDistance {
    /// Smallest gap.
    pub min: f64,
    /// Largest gap.
    pub max: f64,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum GapRepr {
    One(f64),
    Pair([f64; 2]),
    Map { min: f64, max: f64 },
}

impl From<GapRepr> for SyncDistance {
    fn from(r: GapRepr) -> Self {
        match r {
            GapRepr::One(v) => SyncDistance { min: v, max: v },
            GapRepr::Pair([min, max]) | GapRepr::Map { min, max } => SyncDistance { min, max },
        }
    }
}

/// A service kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UhhcService {
    /// Its id (`s3`).
    pub id: String,
    /// Its type (two services of one patient have different types).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Its duration where a patient gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_duration: Option<f64>,
}

/// The lunch break rule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct UhhcLunchBreaks {
    /// The break starts no earlier than this.
    pub start: f64,
    /// The break ends (or starts, per `time_window_met`) no later than this.
    pub end: f64,
    /// The shortest break, in minutes.
    pub min_duration: f64,
}

impl UhhcInstance {
    /// The matrix index of terminal point `t` (its `distance_matrix_index`, else as the
    /// validator guesses it: its position when there is one, else the number in `dN`).
    pub fn terminal_index(&self, t: usize) -> usize {
        let tp = &self.terminal_points[t];
        tp.distance_matrix_index.unwrap_or_else(|| {
            if self.terminal_points.len() == 1 {
                t
            } else {
                tp.id.trim_start_matches('d').parse().unwrap_or(usize::MAX)
            }
        })
    }

    /// The matrix index of patient `p` (its `distance_matrix_index`, else after the terminals
    /// in file order).
    pub fn patient_index(&self, p: usize) -> usize {
        self.patients[p].distance_matrix_index.unwrap_or(p + self.terminal_points.len())
    }

    /// The duration of patient `p`'s `k`-th service (given, else the service's default; 0 if
    /// neither, which [`parse`] rejects).
    pub fn duration(&self, p: usize, k: usize) -> f64 {
        let rs = &self.patients[p].required_services[k];
        rs.duration
            .or_else(|| self.services.iter().find(|s| s.id == rs.service).and_then(|s| s.default_duration))
            .unwrap_or(0.0)
    }

    /// The position of the terminal point with id `id`.
    pub fn terminal(&self, id: &str) -> Option<usize> {
        self.terminal_points.iter().position(|t| t.id == id)
    }

    /// The horizon: `metadata.horizon`, else the latest shift or window end.
    pub fn horizon(&self) -> f64 {
        self.metadata.horizon.unwrap_or_else(|| {
            let shifts = self.caregivers.iter().filter_map(|c| c.working_shift.map(|w| w.end));
            let windows = self.patients.iter().flat_map(|p| p.time_windows.iter().map(|w| w.end));
            shifts.chain(windows).fold(0.0, f64::max)
        })
    }
}

/// Read an instance from JSON text. `file_name` is used in error messages; every problem
/// found is reported, one a line, each with its field path.
pub fn parse(file_name: &str, text: &str) -> Result<UhhcInstance, RawFormatError> {
    let mut inst: UhhcInstance = from_json(file_name, text)?;
    inst.name = stem(file_name);
    let problems = instance_problems(&inst);
    if problems.is_empty() {
        Ok(inst)
    } else {
        Err(RawFormatError::whole(file_name, problems.join("\n")))
    }
}

fn from_json<T: serde::de::DeserializeOwned>(file_name: &str, text: &str) -> Result<T, RawFormatError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let line = (inner.line() > 0).then_some(inner.line());
        RawFormatError::new(file_name, line, format!("{path}: {inner}"))
    })
}

fn instance_problems(inst: &UhhcInstance) -> Vec<String> {
    let mut out = Vec::new();
    let services: HashMap<&str, &UhhcService> = inst.services.iter().map(|s| (s.id.as_str(), s)).collect();
    let caregivers: BTreeSet<&str> = inst.caregivers.iter().map(|c| c.id.as_str()).collect();
    duplicates(inst.patients.iter().map(|p| p.id.as_str()), "patients", &mut out);
    duplicates(inst.caregivers.iter().map(|c| c.id.as_str()), "caregivers", &mut out);
    duplicates(inst.terminal_points.iter().map(|t| t.id.as_str()), "terminal_points", &mut out);
    for (k, c) in inst.caregivers.iter().enumerate() {
        caregiver_problems(inst, k, c, &services, &mut out);
    }
    for (p, patient) in inst.patients.iter().enumerate() {
        patient_problems(inst, p, patient, &services, &caregivers, &mut out);
    }
    matrix_problems(inst, &mut out);
    out
}

fn duplicates<'a>(ids: impl Iterator<Item = &'a str>, list: &str, out: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            out.push(format!("{list}[{i}].id: `{id}` is used twice"));
        }
    }
}

fn caregiver_problems(
    inst: &UhhcInstance,
    k: usize,
    c: &UhhcCaregiver,
    services: &HashMap<&str, &UhhcService>,
    out: &mut Vec<String>,
) {
    let at = format!("caregivers[{k}] ({})", c.id);
    for (j, a) in c.abilities.iter().enumerate() {
        if !services.contains_key(a.as_str()) {
            out.push(format!("{at}.abilities[{j}]: unknown service `{a}`"));
        }
    }
    for (field, t) in [("departing_point", &c.departing_point), ("arrival_point", &c.arrival().to_string())] {
        if inst.terminal(t).is_none() {
            out.push(format!("{at}.{field}: unknown terminal point `{t}`"));
        }
    }
    if let Some(w) = c.working_shift {
        window_problem(w, &format!("{at}.working_shift"), out);
    }
}

fn window_problem(w: Window, at: &str, out: &mut Vec<String>) {
    if !(w.start.is_finite() && w.end.is_finite() && 0.0 <= w.start && w.start <= w.end) {
        out.push(format!("{at}: [{}, {}] must have 0 ≤ start ≤ end", w.start, w.end));
    }
}

fn patient_problems(
    inst: &UhhcInstance,
    p: usize,
    patient: &UhhcPatient,
    services: &HashMap<&str, &UhhcService>,
    caregivers: &BTreeSet<&str>,
    out: &mut Vec<String>,
) {
    let at = format!("patients[{p}] ({})", patient.id);
    let n = patient.required_services.len();
    if !(1..=2).contains(&n) {
        out.push(format!("{at}.required_services: expected 1 or 2 services, found {n}"));
    }
    for (k, rs) in patient.required_services.iter().enumerate() {
        if !services.contains_key(rs.service.as_str()) {
            out.push(format!("{at}.required_services[{k}].service: unknown service `{}`", rs.service));
        } else if !(inst.duration(p, k) > 0.0 && inst.duration(p, k).is_finite()) {
            out.push(format!(
                "{at}.required_services[{k}].duration: must be a positive number (or the service's default_duration)"
            ));
        }
    }
    if n == 2 && patient.required_services[0].service == patient.required_services[1].service {
        out.push(format!("{at}.required_services: the same service twice"));
    }
    match (&patient.synchronization, n) {
        (None, 2) => out.push(format!("{at}.synchronization: required with two services")),
        (Some(s), _) if s.kind == SyncKind::Sequential => match s.distance {
            None => out.push(format!("{at}.synchronization.distance: required for sequential")),
            Some(d) if d.min.partial_cmp(&d.max) != Some(std::cmp::Ordering::Less) && d.min != d.max => {
                out.push(format!("{at}.synchronization.distance: min > max"))
            }
            _ => {}
        },
        _ => {}
    }
    if patient.time_windows.is_empty() {
        out.push(format!("{at}.time_windows: at least one window is needed"));
    }
    for (w, tw) in patient.time_windows.iter().enumerate() {
        window_problem(*tw, &format!("{at}.time_windows[{w}]"), out);
        if w > 0 && tw.start < patient.time_windows[w - 1].start {
            out.push(format!("{at}.time_windows[{w}]: windows must be in order of start"));
        }
    }
    let lists = [
        ("incompatible_caregivers", &patient.incompatible_caregivers),
        ("preferred_caregivers", &patient.preferred_caregivers),
    ];
    for (field, list) in lists {
        for (j, c) in list.iter().flatten().enumerate() {
            if !caregivers.contains(c.as_str()) {
                out.push(format!("{at}.{field}[{j}]: unknown caregiver `{c}`"));
            }
        }
    }
}

fn matrix_problems(inst: &UhhcInstance, out: &mut Vec<String>) {
    let size = inst.terminal_points.len() + inst.patients.len();
    if inst.distances.len() != size {
        out.push(format!(
            "distances: {} rows, expected {size} ({} terminal points + {} patients)",
            inst.distances.len(),
            inst.terminal_points.len(),
            inst.patients.len()
        ));
    }
    for (r, row) in inst.distances.iter().enumerate() {
        if row.len() != size {
            out.push(format!("distances[{r}]: {} columns, expected {size}", row.len()));
        }
        if let Some((c, v)) = row.iter().enumerate().find(|(_, v)| !(v.is_finite() && **v >= 0.0)) {
            out.push(format!("distances[{r}][{c}]: {v}, expected a finite number ≥ 0"));
        }
    }
    let terminals = (0..inst.terminal_points.len()).map(|t| (format!("terminal_points[{t}]"), inst.terminal_index(t)));
    let patients = (0..inst.patients.len()).map(|p| (format!("patients[{p}]"), inst.patient_index(p)));
    let mut used = BTreeMap::new();
    for (at, i) in terminals.chain(patients) {
        if i >= size {
            out.push(format!("{at}.distance_matrix_index: {i} is outside the matrix (size {size})"));
        } else if let Some(other) = used.insert(i, at.clone()) {
            out.push(format!("{at}.distance_matrix_index: {i} is also {other}'s"));
        }
    }
}

// ---- Solutions -----------------------------------------------------------------------------------

/// A solution: one route per caregiver, and the figures its author computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UhhcSolution {
    /// The instance it solves, if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The objective and violations the author computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<UhhcCost>,
    /// Weighted cost components, by the validator's names (the validator requires this key).
    #[serde(default)]
    pub cost_components: BTreeMap<String, f64>,
    /// The order in which the author's solver inserted patients, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_ordering: Option<Vec<String>>,
    /// The routes.
    pub routes: Vec<UhhcRoute>,
}

/// A solution's `cost` block.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct UhhcCost {
    /// The weighted objective.
    pub objective: f64,
    /// The number of hard violations.
    #[serde(default)]
    pub violations: f64,
}

/// One caregiver's route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UhhcRoute {
    /// The caregiver.
    pub caregiver_id: String,
    /// Its services and lunch break, in any order (sorted by start when read); `None` for no
    /// route (the validator then counts the caregiver's whole shift as idle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locations: Option<Vec<UhhcLocation>>,
}

/// One service (or the lunch break) in a route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UhhcLocation {
    /// When it starts.
    #[serde(alias = "arrival_time", alias = "start_time")]
    pub start_service_time: f64,
    /// When it ends.
    #[serde(alias = "departure_time", alias = "end_time")]
    pub end_service_time: f64,
    /// The patient (for a lunch break, where it is taken).
    pub patient: String,
    /// The service, or [`LUNCH`].
    pub service: String,
    /// When the caregiver gets there (computed from the previous location if absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_at_patient: Option<f64>,
}

impl UhhcLocation {
    /// True for a lunch break entry.
    pub fn is_lunch(&self) -> bool {
        self.service == LUNCH
    }
}

/// Read a solution from JSON text; each route's locations are sorted by start, as the
/// validator does. `file_name` is used only in error messages.
pub fn parse_solution(file_name: &str, text: &str) -> Result<UhhcSolution, RawFormatError> {
    let mut sol: UhhcSolution = from_json(file_name, text)?;
    for r in &mut sol.routes {
        if let Some(locs) = &mut r.locations {
            locs.sort_by(|a, b| a.start_service_time.total_cmp(&b.start_service_time));
        }
    }
    Ok(sol)
}

/// Write a solution as pretty JSON.
pub fn write(solution: &UhhcSolution) -> String {
    serde_json::to_string_pretty(solution).expect("a solution of strings and numbers always serialises")
}

// ---- Evaluation ----------------------------------------------------------------------------------

/// The raw (unweighted) value of each cost component, as the validator computes it.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UhhcComponents {
    pub travel_time: f64,
    pub total_tardiness: f64,
    pub highest_tardiness: f64,
    pub total_waiting_time: f64,
    pub max_waiting_time: f64,
    pub total_extra_time: f64,
    pub max_idle_time: f64,
    pub caregiver_preferences: f64,
    pub optional_patients: f64,
    pub missed_lunch_break: f64,
    pub qualification: f64,
    pub working_time: f64,
    pub incompabilities: f64,
    pub workload_balance: f64,
}

impl UhhcComponents {
    /// Each component with its weight and the validator's name for it (in the validator's
    /// order of the objective).
    pub fn weighted(&self, w: &UhhcCostComponents) -> [(&'static str, f64, Option<Weight>); 14] {
        [
            ("optional_patients", self.optional_patients, w.optional_patients),
            ("total_tardiness", self.total_tardiness, w.total_tardiness),
            ("highest_tardiness", self.highest_tardiness, w.highest_tardiness),
            ("travel_time", self.travel_time, w.travel_time),
            ("total_extra_time", self.total_extra_time, w.total_extra_time),
            ("max_idle_time", self.max_idle_time, w.max_idle_time),
            ("total_waiting_time", self.total_waiting_time, w.total_waiting_time),
            ("max_waiting_time", self.max_waiting_time, w.max_waiting_time),
            ("workload_balance", self.workload_balance, w.workload_balance),
            ("working_time", self.working_time, w.working_time),
            ("incompabilities", self.incompabilities, w.incompabilities),
            ("caregiver_preferences", self.caregiver_preferences, w.caregiver_preferences),
            ("qualification", self.qualification, w.qualification),
            ("missed_lunch_break", self.missed_lunch_break, w.missed_lunch_break),
        ]
    }

    /// The weighted objective, summed in the validator's order.
    pub fn objective(&self, w: &UhhcCostComponents) -> f64 {
        self.weighted(w).iter().map(|(_, v, wt)| wt.map_or(0.0, |x| x.multiplier()) * v).sum()
    }
}

/// What the evaluator found.
#[derive(Debug, Clone, PartialEq)]
pub struct UhhcEvaluation {
    /// Raw component values.
    pub components: UhhcComponents,
    /// The weighted objective.
    pub objective: f64,
    /// True when `problems` is empty.
    pub feasible: bool,
    /// One sentence per broken rule.
    pub problems: Vec<String>,
}

/// A route with its depot times filled in, as the validator normalises it.
struct Leg<'a> {
    loc: &'a UhhcLocation,
    /// Matrix index for the validator's travel cost (`compute_costs`).
    cost_node: usize,
    arrival: f64,
}

struct Normalised<'a> {
    caregiver: usize,
    legs: Vec<Leg<'a>>,
    depart: f64,
    back: f64,
}

/// Recompute `solution`'s cost components and objective on `inst` exactly as the official
/// validator does, and list every rule it breaks.
pub fn evaluate(inst: &UhhcInstance, solution: &UhhcSolution) -> UhhcEvaluation {
    let mut problems = Vec::new();
    let ctx = Ctx::new(inst, solution, &mut problems);
    let routes: Vec<Normalised> = solution.routes.iter().filter_map(|r| ctx.normalise(r, &mut problems)).collect();
    ctx.check_patients(solution, &mut problems);
    ctx.check_routes(&routes, &mut problems);
    let components = ctx.components(solution, &routes);
    let w = &inst.metadata.cost_components;
    for (name, value, weight) in components.weighted(w) {
        if weight.is_some_and(Weight::is_hard) && value > 0.0 {
            problems.push(format!("hard component {name} is {value}, not 0"));
        }
    }
    let objective = components.objective(w);
    UhhcEvaluation { components, objective, feasible: problems.is_empty(), problems }
}

struct Ctx<'a> {
    inst: &'a UhhcInstance,
    patients: HashMap<&'a str, usize>,
    caregivers: HashMap<&'a str, usize>,
    visited: BTreeSet<&'a str>,
}

impl<'a> Ctx<'a> {
    fn new(inst: &'a UhhcInstance, sol: &'a UhhcSolution, problems: &mut Vec<String>) -> Self {
        let patients = inst.patients.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
        let caregivers = inst.caregivers.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        let visited = locations(sol).filter(|l| !l.is_lunch()).map(|l| l.patient.as_str()).collect();
        let mut seen = BTreeSet::new();
        for r in &sol.routes {
            if !seen.insert(&r.caregiver_id) {
                problems.push(format!("caregiver {} has more than one route", r.caregiver_id));
            }
        }
        Ctx { inst, patients, caregivers, visited }
    }

    fn terminal_node(&self, id: &str) -> usize {
        self.inst.terminal(id).map_or(0, |t| self.inst.terminal_index(t))
    }

    /// The matrix index the validator's travel uses for `l` (a lunch break at a patient not
    /// visited is at the caregiver's departing point).
    fn cost_node(&self, l: &UhhcLocation, c: &UhhcCaregiver) -> Option<usize> {
        match self.patients.get(l.patient.as_str()) {
            Some(&p) if !l.is_lunch() || self.visited.contains(l.patient.as_str()) => Some(self.inst.patient_index(p)),
            _ if l.is_lunch() => Some(self.terminal_node(&c.departing_point)),
            _ => None,
        }
    }

    /// The matrix index the validator's timing checks use between locations (always the
    /// patient's).
    fn check_node(&self, l: &UhhcLocation) -> Option<usize> {
        self.patients.get(l.patient.as_str()).map(|&p| self.inst.patient_index(p))
    }

    fn d(&self, a: usize, b: usize) -> f64 {
        self.inst.distances[a][b]
    }

    fn normalise<'s>(&self, r: &'s UhhcRoute, problems: &mut Vec<String>) -> Option<Normalised<'s>> {
        let cid = &r.caregiver_id;
        let Some(&k) = self.caregivers.get(cid.as_str()) else {
            problems.push(format!("route of unknown caregiver {cid}"));
            return None;
        };
        let c = &self.inst.caregivers[k];
        let locs = r.locations.as_ref()?;
        if locs.is_empty() {
            problems.push(format!("{cid}: empty list of locations (write no `locations` for no route)"));
            return None;
        }
        let mut legs = Vec::with_capacity(locs.len());
        for l in locs {
            match self.cost_node(l, c) {
                Some(cost_node) => legs.push(Leg { loc: l, cost_node, arrival: f64::NAN }),
                None => problems.push(format!("{cid}: unknown patient {}", l.patient)),
            }
        }
        if legs.is_empty() {
            return None;
        }
        let dep = self.terminal_node(&c.departing_point);
        let depart = legs[0].loc.start_service_time - self.d(dep, legs[0].cost_node);
        let last = legs.last().expect("not empty");
        let back = last.loc.end_service_time + self.d(last.cost_node, self.terminal_node(c.arrival()));
        self.arrivals(cid, &mut legs, depart, dep, problems);
        Some(Normalised { caregiver: k, legs, depart, back })
    }

    fn arrivals(&self, cid: &str, legs: &mut [Leg], depart: f64, dep: usize, problems: &mut Vec<String>) {
        let mut prev_end = 0.0;
        for i in 0..legs.len() {
            let l = legs[i].loc;
            let (from, free) = if i == 0 {
                (dep, depart)
            } else {
                (self.check_node(legs[i - 1].loc).unwrap_or(legs[i - 1].cost_node), legs[i - 1].loc.end_service_time)
            };
            let to = if i == 0 { legs[0].cost_node } else { self.check_node(l).unwrap_or(legs[i].cost_node) };
            let reach = free + self.d(from, to);
            legs[i].arrival = l.arrival_at_patient.filter(|&a| a != 0.0).unwrap_or(reach);
            let at = format!("{cid} at {} ({})", l.patient, l.service);
            if l.start_service_time < reach {
                problems.push(format!("{at}: starts at {}, before it can arrive ({reach})", l.start_service_time));
            }
            if l.start_service_time < legs[i].arrival {
                problems.push(format!("{at}: starts before its arrival_at_patient"));
            }
            if l.end_service_time <= l.start_service_time || l.start_service_time < prev_end {
                problems.push(format!(
                    "{at}: times {}..{} overlap the previous location or are empty",
                    l.start_service_time, l.end_service_time
                ));
            }
            prev_end = l.end_service_time;
        }
    }

    fn check_patients(&self, sol: &UhhcSolution, problems: &mut Vec<String>) {
        for p in &self.visited {
            if !self.patients.contains_key(p) {
                problems.push(format!("patient {p} is not in the instance"));
            }
        }
        for (i, p) in self.inst.patients.iter().enumerate() {
            if !self.visited.contains(p.id.as_str()) {
                if !p.optional.unwrap_or(false) {
                    problems.push(format!("patient {} is not optional, but not scheduled", p.id));
                }
                continue;
            }
            self.check_services(i, sol, problems);
        }
    }

    fn check_services(&self, i: usize, sol: &UhhcSolution, problems: &mut Vec<String>) {
        let p = &self.inst.patients[i];
        let mut starts = Vec::new();
        for rs in &p.required_services {
            let by: Vec<(&str, f64)> = sol
                .routes
                .iter()
                .flat_map(|r| r.locations.iter().flatten().map(move |l| (r.caregiver_id.as_str(), l)))
                .filter(|(_, l)| l.patient == p.id && l.service == rs.service)
                .map(|(c, l)| (c, l.start_service_time))
                .collect();
            let carers: BTreeSet<&str> = by.iter().map(|(c, _)| *c).collect();
            if carers.len() != 1 {
                problems.push(format!("patient {} gets {} from {} caregivers, not 1", p.id, rs.service, carers.len()));
            }
            starts.push(by.first().map(|b| b.1));
        }
        let Some(sync) = p.synchronization.filter(|s| s.kind != SyncKind::Independent) else { return };
        let [Some(a), Some(b)] = starts[..] else { return };
        match sync.kind {
            SyncKind::Simultaneous if a != b => {
                problems.push(format!("patient {}: simultaneous services start at {a} and {b}", p.id))
            }
            SyncKind::Sequential => {
                let gap = sync.distance.unwrap_or(SyncDistance { min: 0.0, max: f64::INFINITY });
                if b < a + gap.min || b > a + gap.max {
                    problems.push(format!(
                        "patient {}: sequential gap {} outside [{}, {}]",
                        p.id,
                        b - a,
                        gap.min,
                        gap.max
                    ));
                }
            }
            _ => {}
        }
    }

    fn check_routes(&self, routes: &[Normalised], problems: &mut Vec<String>) {
        let w = &self.inst.metadata.cost_components;
        let hard = |x: Option<Weight>| x.is_none_or(Weight::is_hard);
        for r in routes {
            let c = &self.inst.caregivers[r.caregiver];
            if let Some(ws) = c.working_shift {
                if r.depart < ws.start {
                    problems.push(format!("{} leaves at {} before the shift starts ({})", c.id, r.depart, ws.start));
                }
                if w.working_time.is_some_and(Weight::is_hard) && r.back > ws.end {
                    problems.push(format!("{} comes back at {} after the shift ends ({})", c.id, r.back, ws.end));
                }
            }
            for leg in &r.legs {
                self.check_location(
                    c,
                    leg.loc,
                    hard(w.qualification),
                    hard(w.caregiver_preferences),
                    hard(w.incompabilities),
                    problems,
                );
            }
        }
        self.check_lunches(routes, problems);
    }

    fn check_location(
        &self,
        c: &UhhcCaregiver,
        l: &UhhcLocation,
        qual: bool,
        pref: bool,
        incompat: bool,
        problems: &mut Vec<String>,
    ) {
        if l.is_lunch() {
            return;
        }
        let Some(&i) = self.patients.get(l.patient.as_str()) else { return };
        let p = &self.inst.patients[i];
        let at = format!("{} at {} ({})", c.id, p.id, l.service);
        match p.required_services.iter().position(|rs| rs.service == l.service) {
            None => problems.push(format!("{at}: the patient does not require this service")),
            Some(k) if l.end_service_time - l.start_service_time < self.inst.duration(i, k) => {
                problems.push(format!("{at}: shorter than its duration {}", self.inst.duration(i, k)))
            }
            _ => {}
        }
        if p.time_windows.first().is_some_and(|tw| l.start_service_time.trunc() < tw.start.trunc()) {
            problems.push(format!("{at}: starts at {} before the first time window", l.start_service_time));
        }
        if qual && !c.abilities.contains(&l.service) {
            problems.push(format!("{at}: the caregiver is not qualified"));
        }
        if pref && p.preferred_caregivers.as_ref().is_some_and(|v| !v.contains(&c.id)) {
            problems.push(format!("{at}: not a preferred caregiver"));
        }
        if incompat && p.incompatible_caregivers.as_ref().is_some_and(|v| v.contains(&c.id)) {
            problems.push(format!("{at}: an incompatible caregiver"));
        }
        let w = &self.inst.metadata.cost_components;
        let tardy_hard = [w.total_tardiness, w.highest_tardiness].iter().any(|x| x.is_some_and(Weight::is_hard));
        if tardy_hard && self.tardiness(p, l) > 0.0 {
            problems.push(format!("{at}: late by {}", self.tardiness(p, l)));
        }
    }

    fn check_lunches(&self, routes: &[Normalised], problems: &mut Vec<String>) {
        let w = &self.inst.metadata.cost_components;
        let mut compliant = BTreeSet::new();
        for r in routes {
            let c = &self.inst.caregivers[r.caregiver];
            for leg in r.legs.iter().filter(|l| l.loc.is_lunch()) {
                if w.missed_lunch_break.is_none() {
                    continue;
                }
                match self.lunch_fault(leg.loc) {
                    Some(why) => problems.push(format!("{}: lunch break not compliant ({why})", c.id)),
                    None => {
                        compliant.insert(r.caregiver);
                    }
                }
            }
        }
        if w.missed_lunch_break.is_none_or(Weight::is_hard) {
            for (k, c) in self.inst.caregivers.iter().enumerate() {
                match (c.lunch_break.unwrap_or(false), compliant.contains(&k)) {
                    (true, false) => problems.push(format!("{} should have a lunch break", c.id)),
                    (false, true) => problems.push(format!("{} should not have a lunch break", c.id)),
                    _ => {}
                }
            }
        }
    }

    fn lunch_fault(&self, l: &UhhcLocation) -> Option<&'static str> {
        let Some(lb) = self.inst.lunch_breaks else { return Some("the instance has no lunch_breaks") };
        let bound = match self.inst.metadata.time_window_met {
            TimeWindowMet::AtServiceStart => l.start_service_time,
            TimeWindowMet::AtServiceEnd => l.end_service_time,
        };
        if bound > lb.end {
            Some("late")
        } else if l.start_service_time < lb.start {
            Some("early")
        } else if l.end_service_time - l.start_service_time < lb.min_duration {
            Some("short")
        } else {
            None
        }
    }

    fn tardiness(&self, p: &UhhcPatient, l: &UhhcLocation) -> f64 {
        let k = p.time_windows.partition_point(|tw| tw.start <= l.start_service_time);
        let tw = if k == 0 { p.time_windows.last() } else { p.time_windows.get(k - 1) };
        let Some(tw) = tw else { return 0.0 };
        let at = match self.inst.metadata.time_window_met {
            TimeWindowMet::AtServiceStart => l.start_service_time,
            TimeWindowMet::AtServiceEnd => l.end_service_time,
        };
        (at - tw.end).max(0.0)
    }

    fn components(&self, sol: &UhhcSolution, routes: &[Normalised]) -> UhhcComponents {
        let mut x = UhhcComponents::default();
        let n = self.inst.caregivers.len();
        let (mut travel, mut service, mut idle) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        self.empty_routes(sol, &mut travel, &mut idle);
        let mut tardiness: Vec<f64> = Vec::new();
        let mut waits: Vec<f64> = Vec::new();
        let mut lunched = BTreeSet::new();
        for r in routes {
            let k = r.caregiver;
            let c = &self.inst.caregivers[k];
            travel[k] += self.route_travel(c, r);
            for (i, leg) in r.legs.iter().enumerate() {
                let l = leg.loc;
                let after_first_lunch = i == 1 && r.legs[0].loc.is_lunch();
                if !after_first_lunch && leg.arrival < l.start_service_time {
                    waits.push(l.start_service_time - leg.arrival);
                }
                if l.is_lunch() {
                    lunched.insert(k);
                    continue;
                }
                service[k] += l.end_service_time - l.start_service_time;
                let Some(&p) = self.patients.get(l.patient.as_str()) else { continue };
                let p = &self.inst.patients[p];
                tardiness.push(self.tardiness(p, l));
                x.qualification += f64::from(u8::from(!c.abilities.contains(&l.service)));
                x.caregiver_preferences +=
                    f64::from(u8::from(p.preferred_caregivers.as_ref().is_some_and(|v| !v.contains(&c.id))));
                x.incompabilities +=
                    f64::from(u8::from(p.incompatible_caregivers.as_ref().is_some_and(|v| v.contains(&c.id))));
            }
            if let Some(ws) = c.working_shift {
                x.total_extra_time += (r.back - ws.end).max(0.0);
                idle[k] += route_idle(ws, r);
            }
        }
        x.travel_time = travel.iter().sum();
        x.total_tardiness = tardiness.iter().sum();
        x.highest_tardiness = tardiness.iter().copied().fold(0.0, f64::max);
        x.total_waiting_time = waits.iter().sum();
        x.max_waiting_time = waits.iter().copied().fold(0.0, f64::max);
        x.max_idle_time = idle.iter().copied().fold(0.0, f64::max);
        let workload: Vec<f64> = (0..n).map(|k| service[k] + travel[k]).collect();
        x.working_time = workload.iter().sum();
        let avg = x.working_time / n.max(1) as f64;
        x.workload_balance = workload.iter().map(|w| (w - avg).abs().ceil()).sum();
        x.optional_patients =
            self.inst.patients.iter().filter(|p| !self.visited.contains(p.id.as_str())).count() as f64;
        x.missed_lunch_break = (0..n)
            .filter(|k| self.inst.caregivers[*k].lunch_break == Some(true) && !lunched.contains(k))
            .count() as f64;
        x
    }

    /// Routes without locations: travel from the departing to the arrival point, and the whole
    /// shift idle.
    fn empty_routes(&self, sol: &UhhcSolution, travel: &mut [f64], idle: &mut [f64]) {
        for r in sol.routes.iter().filter(|r| r.locations.is_none()) {
            let Some(&k) = self.caregivers.get(r.caregiver_id.as_str()) else { continue };
            let c = &self.inst.caregivers[k];
            travel[k] += self.d(self.terminal_node(&c.departing_point), self.terminal_node(c.arrival()));
            if let Some(ws) = c.working_shift {
                idle[k] += ws.end - ws.start;
            }
        }
    }

    fn route_travel(&self, c: &UhhcCaregiver, r: &Normalised) -> f64 {
        let mut at = self.terminal_node(&c.departing_point);
        let mut sum = 0.0;
        for leg in &r.legs {
            sum += self.d(at, leg.cost_node);
            at = leg.cost_node;
        }
        sum + self.d(at, self.terminal_node(c.arrival()))
    }
}

fn route_idle(ws: Window, r: &Normalised) -> f64 {
    let before = (r.depart - ws.start).max(0.0);
    let waits: f64 = r.legs.iter().map(|l| (l.loc.start_service_time - l.arrival).max(0.0)).sum();
    let after = if r.back <= ws.end { ws.end - r.back } else { 0.0 };
    before + waits + after
}

fn locations(sol: &UhhcSolution) -> impl Iterator<Item = &UhhcLocation> {
    sol.routes.iter().flat_map(|r| r.locations.iter().flatten())
}

/// The solution's `cost_components` block as the validator reads it: each component with a
/// weight, weighted, by the names the published solutions use.
pub fn cost_block(inst: &UhhcInstance, components: &UhhcComponents) -> BTreeMap<String, f64> {
    components
        .weighted(&inst.metadata.cost_components)
        .iter()
        .filter_map(|(name, v, w)| w.map(|w| (name.to_string(), w.multiplier() * v)))
        .collect()
}

// ---- The official validator's verdict ------------------------------------------------------------

/// What the official validator (`uhhc-toolbox validator solution`) said about a solution.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficialVerdict {
    /// Its `Total` line: the weighted objective it recomputed (`None` if it stopped before).
    pub total: Option<f64>,
    /// True if it printed `Solution correcly validated` (sic) and no rule or cost complaint.
    pub valid: bool,
    /// Its complaints: broken rules, inconsistent cost components, the error it stopped on.
    pub complaints: Vec<String>,
}

/// Phrases of the validator's red (rule-breaking) messages, which it prints without stopping.
const COMPLAINTS: [&str; 15] = [
    "is not optional, but not scheduled",
    "late for lunch",
    "before the lunch break official start",
    "having a short break",
    "is not compliant",
    "should have a lunch break",
    "should not have a lunch break",
    "not qualified",
    "not among their favourites",
    "among their incompatible caregivers",
    "should be equal",
    "is not respected",
    "is late by",
    "is not consistent",
    "Not continuing validation",
];

/// Read the validator's printed output (stdout and stderr together) and exit status.
pub fn official_verdict(output: &str, exit_ok: bool) -> OfficialVerdict {
    let total = output.lines().find_map(|l| {
        let rest = l.strip_prefix("Total")?.trim_start_matches('.').trim_start();
        rest.split_whitespace().next()?.parse().ok()
    });
    let complaints: Vec<String> =
        output.lines().filter(|l| COMPLAINTS.iter().any(|c| l.contains(c))).map(|l| l.trim().to_string()).collect();
    let validated = output.contains("Solution correcly validated");
    let valid = exit_ok && validated && total.is_some() && complaints.is_empty();
    let mut complaints = complaints;
    if !validated || total.is_none() {
        complaints.push(format!("validation did not finish: {}", last_words(output)));
    }
    OfficialVerdict { total, valid, complaints }
}

fn last_words(output: &str) -> String {
    let lines: Vec<&str> = output.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(3)..].join(" | ")
}

/// The `uhhc-toolbox` command beside a virtual environment's `python` (`<venv>/bin/python` gives
/// `<venv>/bin/uhhc-toolbox`), if it exists.
pub fn toolbox_beside(python: &std::path::Path) -> Option<std::path::PathBuf> {
    let tool = python.parent()?.join("uhhc-toolbox");
    tool.is_file().then_some(tool)
}

/// Run the official validator `toolbox` on an instance and a solution file.
pub fn run_official(
    toolbox: &std::path::Path,
    instance: &std::path::Path,
    solution: &std::path::Path,
) -> Result<OfficialVerdict, String> {
    let out = std::process::Command::new(toolbox)
        .args(["validator", "solution"])
        .arg(instance)
        .arg(solution)
        .env("PYTHONWARNINGS", "ignore")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", toolbox.display()))?;
    let text = format!("{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    Ok(official_verdict(&text, out.status.success()))
}
