//! The Mankowska, Meisel & Bierwirth (2014) home health care routing and scheduling text format
//! (HHCRSP with interdependent services), as in Kummer's copy of the instances, and a reference
//! evaluator for solutions in the [`hhcrsp`] JSON format.
//!
//! A file is a list of sections, each a name on its own line followed by whitespace-separated
//! numbers:
//!
//! | section   | numbers                 | meaning                                                      |
//! |-----------|-------------------------|--------------------------------------------------------------|
//! | `nbNodes` | 1                       | N: depot, the patients, and a copy of the depot (last node)  |
//! | `nbVehi`  | 1                       | V: caregivers                                                |
//! | `nbServi` | 1                       | S: service types                                             |
//! | `r`       | N × S, 0/1              | node requires service (depot rows are all 1)                 |
//! | `DS`      | any                     | double-service patients, as **1-based** node numbers         |
//! | `a`       | V × S, 0/1              | caregiver is qualified for service                           |
//! | `x`, `y`  | N each                  | coordinates                                                  |
//! | `d`       | N × N                   | travel time = distance                                       |
//! | `p`       | N × V rows of S         | processing time; row `i · V + k` is node `i`, caregiver `k`  |
//! | `mind`    | N                       | minimum start gap, per node (used for double services only)  |
//! | `maxd`    | N                       | maximum start gap, per node                                  |
//! | `e`, `l`  | N each                  | time window: earliest start, due time (soft)                 |
//!
//! Conventions checked against all 56 published instances and the 56 MNSA24 solutions:
//! - `p` is node-major (`N·V` rows of `S`), and does not vary by caregiver (nor, in fact, by
//!   patient or service: one integer per instance, 0 on depot rows).
//! - `DS` lists 1-based node numbers (`DS` = `11 10 9` in the 10-patient files names nodes
//!   10, 9, 8, the three rows of `r` with two services). Here they are 0-based.
//! - `mind`/`maxd` are indexed by node (not by position in `DS`). For a double-service patient
//!   with services `s1 < s2`, the start of `s2` minus the start of `s1` must lie in
//!   `[mind, maxd]`; `0, 0` means simultaneous.
//! - Tardiness is counted per service start: `max(0, start − l_i)`.
//! - The last node is a copy of the depot (same place, all services "required", `e` = 0, `l` =
//!   1000 in sets A–D and 600 in E–G); routes start and end at node 0, whose window is [0, 600].
//! - `d` is the Euclidean distance between the (integer) coordinates, printed as 32-bit floats.

use super::hhcrsp::{self, HhcrspSolution};
use super::{real, stem, RawFormatError};
use std::collections::HashMap;
use std::ops::Range;

/// A Mankowska HHCRSP instance. Indices are 0-based: node 0 is the depot, nodes
/// `1..nodes − 1` are the patients and node `nodes − 1` is a copy of the depot.
#[derive(Debug, Clone, PartialEq)]
pub struct MankowskaInstance {
    /// The file name without directories or extension.
    pub name: String,
    /// Number of nodes N (`nbNodes`), depot and depot copy included.
    pub nodes: usize,
    /// Number of caregivers V (`nbVehi`).
    pub vehicles: usize,
    /// Number of service types S (`nbServi`).
    pub services: usize,
    /// `requires[node][service]` (`r`): the node needs that service.
    pub requires: Vec<Vec<bool>>,
    /// The double-service patients (`DS`), as 0-based nodes, in file order.
    pub double_service: Vec<usize>,
    /// `qualified[vehicle][service]` (`a`): the caregiver may do that service.
    pub qualified: Vec<Vec<bool>>,
    /// x coordinate per node.
    pub x: Vec<f64>,
    /// y coordinate per node.
    pub y: Vec<f64>,
    /// `distance[from][to]` (`d`): travel time and distance.
    pub distance: Vec<Vec<f64>>,
    /// Processing times (`p`), flat and node-major: entry `(node · V + vehicle) · S + service`.
    /// Use [`MankowskaInstance::processing_time`].
    pub processing: Vec<f64>,
    /// Minimum start gap per node (`mind`); meaningful for double-service patients.
    pub min_gap: Vec<f64>,
    /// Maximum start gap per node (`maxd`); meaningful for double-service patients.
    pub max_gap: Vec<f64>,
    /// Earliest service start per node (`e`), hard.
    pub earliest: Vec<f64>,
    /// Due time per node (`l`), soft: starting later costs tardiness.
    pub latest: Vec<f64>,
}

impl MankowskaInstance {
    /// The patient nodes, `1..nodes − 1` (empty if the file has no patients).
    pub fn patients(&self) -> Range<usize> {
        1..self.nodes.saturating_sub(1).max(1)
    }

    /// The services node `node` requires, in increasing order.
    pub fn required_services(&self, node: usize) -> Vec<usize> {
        (0..self.services).filter(|&s| self.requires[node][s]).collect()
    }

    /// The time caregiver `vehicle` takes for `service` at `node`. Panics if an index is out of range.
    pub fn processing_time(&self, node: usize, vehicle: usize, service: usize) -> f64 {
        assert!(node < self.nodes && vehicle < self.vehicles && service < self.services, "index out of range");
        self.processing[(node * self.vehicles + vehicle) * self.services + service]
    }

    /// True if the last node is a copy of the depot: same place as node 0 and every service
    /// flagged as required, like the depot row (true of every published file).
    pub fn last_is_depot_copy(&self) -> bool {
        let Some(last) = self.nodes.checked_sub(1).filter(|&l| l > 0) else { return false };
        self.x[last] == self.x[0] && self.y[last] == self.y[0] && self.requires[last] == self.requires[0]
    }
}

const SECTIONS: [&str; 14] =
    ["nbNodes", "nbVehi", "nbServi", "r", "DS", "a", "x", "y", "d", "p", "mind", "maxd", "e", "l"];

/// One section as read: the line of its name and its tokens with their lines.
struct Section<'a> {
    line: usize,
    tokens: Vec<(usize, &'a str)>,
}

/// Read a Mankowska instance. `file_name` is used in error messages and for [`MankowskaInstance::name`].
pub fn parse(file_name: &str, text: &str) -> Result<MankowskaInstance, RawFormatError> {
    let mut sections: HashMap<&str, Section> = HashMap::new();
    let mut current: Option<&str> = None;
    for (idx, raw) in text.lines().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let Some(&name) = SECTIONS.iter().find(|&&s| s == line) else {
                return Err(RawFormatError::at(file_name, line_no, format!("unknown section `{line}`")));
            };
            if sections.contains_key(name) {
                return Err(RawFormatError::at(file_name, line_no, format!("section `{name}` given twice")));
            }
            sections.insert(name, Section { line: line_no, tokens: Vec::new() });
            current = Some(name);
            continue;
        }
        let Some(name) = current else {
            return Err(RawFormatError::at(file_name, line_no, "numbers before the first section name"));
        };
        if let Some(section) = sections.get_mut(name) {
            section.tokens.extend(line.split_whitespace().map(|t| (line_no, t)));
        }
    }
    let mut reader = Reader { file: file_name, sections };

    let nodes = reader.count("nbNodes", 2)?;
    let vehicles = reader.count("nbVehi", 1)?;
    let services = reader.count("nbServi", 1)?;
    let requires = reader.flags("r", nodes, services)?;
    let ds = reader.take("DS")?;
    let qualified = reader.flags("a", vehicles, services)?;
    let x = reader.reals("x", &[nodes])?;
    let y = reader.reals("y", &[nodes])?;
    let d = reader.reals("d", &[nodes, nodes])?;
    let processing = reader.reals("p", &[nodes, vehicles, services])?;
    let min_gap = reader.reals("mind", &[nodes])?;
    let max_gap = reader.reals("maxd", &[nodes])?;
    let earliest = reader.reals("e", &[nodes])?;
    let latest = reader.reals("l", &[nodes])?;

    // DS: 1-based node numbers of patients needing two services; must agree with `r`.
    let mut double_service = Vec::with_capacity(ds.tokens.len());
    for &(line, token) in &ds.tokens {
        let number: usize = super::number(file_name, line, token, "a node number in DS")?;
        if number < 2 || number > nodes - 1 {
            return Err(RawFormatError::at(
                file_name,
                line,
                format!(
                    "DS names node {number}, which is not a patient (patients are 2..={} counting from 1)",
                    nodes - 1
                ),
            ));
        }
        let node = number - 1;
        if double_service.contains(&node) {
            return Err(RawFormatError::at(file_name, line, format!("DS names node {number} twice")));
        }
        double_service.push(node);
    }
    for (node, row) in requires.iter().enumerate().take(nodes - 1).skip(1) {
        let count = row.iter().filter(|&&b| b).count();
        let listed = double_service.contains(&node);
        if count > 2 || (count == 2) != listed {
            let msg = format!(
                "patient node {node} requires {count} services in `r` but is {}in DS (DS counts from 1)",
                if listed { "" } else { "not " }
            );
            return Err(RawFormatError::new(file_name, Some(ds.line), msg));
        }
    }

    let distance = d.chunks(nodes).map(<[f64]>::to_vec).collect();
    Ok(MankowskaInstance {
        name: stem(file_name),
        nodes,
        vehicles,
        services,
        requires,
        double_service,
        qualified,
        x,
        y,
        distance,
        processing,
        min_gap,
        max_gap,
        earliest,
        latest,
    })
}

struct Reader<'a> {
    file: &'a str,
    sections: HashMap<&'static str, Section<'a>>,
}

impl<'a> Reader<'a> {
    fn take(&mut self, name: &str) -> Result<Section<'a>, RawFormatError> {
        self.sections.remove(name).ok_or_else(|| RawFormatError::whole(self.file, format!("no section `{name}`")))
    }

    /// The tokens of `name`, which must number exactly the product of `dims`.
    fn sized(&mut self, name: &str, dims: &[usize]) -> Result<Vec<(usize, &'a str)>, RawFormatError> {
        let section = self.take(name)?;
        let shape = dims.iter().map(usize::to_string).collect::<Vec<_>>().join(" × ");
        let expected = dims.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
        if expected != Some(section.tokens.len()) {
            let expected = expected.map_or_else(|| "too many".to_string(), |e| e.to_string());
            let msg =
                format!("section `{name}`: expected {expected} numbers ({shape}), found {}", section.tokens.len());
            return Err(RawFormatError::at(self.file, section.line, msg));
        }
        Ok(section.tokens)
    }

    /// A single whole number of at least `min`.
    fn count(&mut self, name: &str, min: usize) -> Result<usize, RawFormatError> {
        let tokens = self.sized(name, &[1])?;
        let (line, token) = tokens[0];
        let n: usize = super::number(self.file, line, token, "a whole number")?;
        if n < min {
            return Err(RawFormatError::at(self.file, line, format!("`{name}` must be at least {min}, found {n}")));
        }
        Ok(n)
    }

    fn reals(&mut self, name: &str, dims: &[usize]) -> Result<Vec<f64>, RawFormatError> {
        let tokens = self.sized(name, dims)?;
        tokens.iter().map(|&(line, t)| real(self.file, line, t)).collect()
    }

    fn flags(&mut self, name: &str, rows: usize, cols: usize) -> Result<Vec<Vec<bool>>, RawFormatError> {
        let tokens = self.sized(name, &[rows, cols])?;
        let flat = tokens
            .iter()
            .map(|&(line, t)| match t {
                "0" => Ok(false),
                "1" => Ok(true),
                _ => {
                    Err(RawFormatError::at(self.file, line, format!("section `{name}`: expected 0 or 1, found `{t}`")))
                }
            })
            .collect::<Result<Vec<bool>, _>>()?;
        Ok(flat.chunks(cols).map(<[bool]>::to_vec).collect())
    }
}

/// Tolerance on times: published times are rounded to 3 decimals.
pub const TIME_TOLERANCE: f64 = 1e-3;

/// What the reference evaluator found for a Mankowska solution.
#[derive(Debug, Clone, PartialEq)]
pub struct MankowskaEvaluation {
    /// The objective: `(distance + total_tardiness + max_tardiness) / 3`.
    pub cost: f64,
    /// Total travel distance, each used route's return to the depot included.
    pub distance: f64,
    /// Sum over service starts of `max(0, start − l_i)`.
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
/// Checks: ids name a caregiver, a patient (not the depot or its copy) and a service; each
/// caregiver has at most one route and is qualified for every service it does; every required
/// (patient, service) is done exactly once and nothing else is; each service starts at or after
/// `e_i`, and no earlier than the previous departure (time 0 at depot node 0) plus travel; each
/// service lasts exactly its processing time; the two services of a double-service patient are
/// done by different caregivers, with start(s2) − start(s1) in `[mind_i, maxd_i]` for
/// `s1 < s2`. Travel, duration and gap checks allow [`TIME_TOLERANCE`]. `global_ordering` is
/// not used.
pub fn evaluate(instance: &MankowskaInstance, solution: &HhcrspSolution) -> MankowskaEvaluation {
    let inst = instance;
    let mut problems = Vec::new();
    let mut distance = 0.0;
    let mut total_tardiness = 0.0;
    let mut max_tardiness: f64 = 0.0;
    // (node, service) -> (vehicle, start)
    let mut done: HashMap<(usize, usize), (usize, f64)> = HashMap::new();
    let mut routes_seen = vec![false; inst.vehicles];
    let patients = inst.patients();

    for route in &solution.routes {
        let cid = &route.caregiver_id;
        let vehicle = match hhcrsp::caregiver_vehicle(cid) {
            Ok(v) if v < inst.vehicles => v,
            Ok(_) => {
                problems.push(format!("caregiver {cid} does not exist (there are {})", inst.vehicles));
                continue;
            }
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        if std::mem::replace(&mut routes_seen[vehicle], true) {
            problems.push(format!("caregiver {cid} has more than one route"));
        }
        let mut prev = 0;
        let mut free_at = 0.0;
        for loc in &route.locations {
            let node = match hhcrsp::patient_node(&loc.patient) {
                Ok(n) if patients.contains(&n) => n,
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
                Ok(s) if s < inst.services => s,
                Ok(_) => {
                    problems
                        .push(format!("{cid}: service {} does not exist (there are {})", loc.service, inst.services));
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
            let leg = inst.distance[prev][node];
            distance += leg;
            if start < free_at + leg - TIME_TOLERANCE {
                problems.push(format!(
                    "{what}: starts at {start}, before it can arrive ({:.3} = {free_at} + travel {leg:.3})",
                    free_at + leg
                ));
            }
            let e = inst.earliest[node];
            if start < e - TIME_TOLERANCE {
                problems.push(format!("{what}: starts at {start}, before the window opens at {e}"));
            }
            let p = inst.processing_time(node, vehicle, service);
            if (loc.departure_time - start - p).abs() > TIME_TOLERANCE {
                problems.push(format!("{what}: lasts {:.3}, not the processing time {p}", loc.departure_time - start));
            }
            if !inst.qualified[vehicle][service] {
                problems.push(format!("{what}: {cid} is not qualified for {}", loc.service));
            }
            if !inst.requires[node][service] {
                problems.push(format!("{what}: {} does not require {}", loc.patient, loc.service));
            } else if done.insert((node, service), (vehicle, start)).is_some() {
                problems.push(format!("{what}: {} {} is done more than once", loc.patient, loc.service));
            }
            let tardiness = (start - inst.latest[node]).max(0.0);
            total_tardiness += tardiness;
            max_tardiness = max_tardiness.max(tardiness);
            prev = node;
            free_at = loc.departure_time;
        }
        if prev != 0 {
            distance += inst.distance[prev][0];
        }
    }

    for node in patients {
        let required = inst.required_services(node);
        for &s in &required {
            if !done.contains_key(&(node, s)) {
                problems.push(format!("{} {} is not done", hhcrsp::patient_id(node), hhcrsp::service_id(s)));
            }
        }
        if let [s1, s2] = required[..] {
            if let (Some(&(v1, t1)), Some(&(v2, t2))) = (done.get(&(node, s1)), done.get(&(node, s2))) {
                let who =
                    format!("{} ({} and {})", hhcrsp::patient_id(node), hhcrsp::service_id(s1), hhcrsp::service_id(s2));
                if v1 == v2 {
                    problems.push(format!("{who}: both services done by the same caregiver"));
                }
                let gap = t2 - t1;
                let (lo, hi) = (inst.min_gap[node], inst.max_gap[node]);
                if gap < lo - TIME_TOLERANCE || gap > hi + TIME_TOLERANCE {
                    problems.push(format!("{who}: start gap {gap:.3} is outside [{lo}, {hi}]"));
                }
            }
        }
    }

    let cost = (distance + total_tardiness + max_tardiness) / 3.0;
    MankowskaEvaluation { cost, distance, total_tardiness, max_tardiness, feasible: problems.is_empty(), problems }
}
