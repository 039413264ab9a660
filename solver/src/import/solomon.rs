//! Solomon (1987) VRPTW instances in VRPLIB form, their `.sol` solutions, and a reference evaluator.
//!
//! The instance files (as in the PyVRP `Instances` repository) look like:
//!
//! ```text
//! NAME : C101
//! TYPE : CVRPTW
//! DIMENSION : 101
//! VEHICLES : 25
//! CAPACITY : 200
//! SERVICE_TIME : 90
//! EDGE_WEIGHT_TYPE : EUC_2D
//! NODE_COORD_SECTION
//! 1 40 50
//! ...
//! DEMAND_SECTION
//! 1 0
//! ...
//! TIME_WINDOW_SECTION
//! 1 0 1236
//! ...
//! DEPOT_SECTION
//! 1
//! -1
//! EOF
//! ```
//!
//! VRPLIB node ids are 1-based; here node index = id − 1, so the depot is node 0 in every
//! Solomon file. A `SERVICE_TIME_SECTION` (one time per node) is read too if present; otherwise
//! the `SERVICE_TIME` header applies to every node but the depot.
//!
//! Distances follow the DIMACS convention used by the published best-known solutions: Euclidean
//! distance truncated (not rounded) to one decimal, used both as cost and as travel time.
//!
//! A `.sol` file lists one route per line with customers as node indices (depot = 0, so
//! customers are 1..=100), then the cost:
//!
//! ```text
//! Route #1: 5 3 7 8 10 11 9 6 4 2 1 75
//! Route #2: 13 17 18 19 15 16 14 12
//! Cost 827.3
//! ```
//!
//! (In the published files each route line also has a space after its last customer;
//! [`write_solution`] keeps that, so files round-trip byte for byte.)
//!
//! Limits: at most [`MAX_NODES`] nodes, and at most one vehicle per customer. An instance gives
//! only coordinates, but its import writes the whole travel matrix over customers and vehicles,
//! so a few lines claiming a hundred million vehicles would otherwise exhaust memory.

use super::{number, real, RawEvaluation, RawFormatError};

/// The most nodes (depot and customers) an instance may have: 2,001, twice the largest VRPTW
/// benchmarks (Gehring & Homberger, 1,000 customers). With at most a vehicle per customer, the
/// imported travel matrix has at most 4,000 places (16 million cells, about 130 MB as a file).
pub const MAX_NODES: usize = 2001;

/// A VRPTW instance: one depot, customers with demand, time window and service time.
///
/// All vectors are indexed by node (0-based; node = VRPLIB id − 1) and have one entry per node,
/// depot included.
#[derive(Debug, Clone, PartialEq)]
pub struct SolomonInstance {
    /// The `NAME` header (empty if absent).
    pub name: String,
    /// The `VEHICLES` header: the most routes a solution may use.
    pub vehicles: usize,
    /// The `CAPACITY` header: the most demand one route may carry.
    pub capacity: u32,
    /// Node coordinates `(x, y)`.
    pub coords: Vec<(f64, f64)>,
    /// Demand per node (0 at the depot).
    pub demand: Vec<u32>,
    /// Time window per node, `(ready, due)`; the depot's window is the planning horizon.
    pub window: Vec<(f64, f64)>,
    /// Service time per node (0 at the depot unless a `SERVICE_TIME_SECTION` says otherwise).
    pub service: Vec<f64>,
    /// The depot's node index (0 in every Solomon file).
    pub depot: usize,
}

impl SolomonInstance {
    /// Number of nodes, depot included.
    pub fn nodes(&self) -> usize {
        self.coords.len()
    }

    /// Distance (and travel time) from node `i` to node `j`: Euclidean, truncated to one decimal
    /// (DIMACS convention, `floor(10 d) / 10`). Panics if either index is not a node.
    pub fn distance(&self, i: usize, j: usize) -> f64 {
        let (xi, yi) = self.coords[i];
        let (xj, yj) = self.coords[j];
        ((xi - xj).hypot(yi - yj) * 10.0).floor() / 10.0
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
    Header,
    Coords,
    Demand,
    Windows,
    Service,
    Depot,
    DepotDone,
    Eof,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::Header => "the header",
            Section::Coords => "NODE_COORD_SECTION",
            Section::Demand => "DEMAND_SECTION",
            Section::Windows => "TIME_WINDOW_SECTION",
            Section::Service => "SERVICE_TIME_SECTION",
            Section::Depot | Section::DepotDone => "DEPOT_SECTION",
            Section::Eof => "EOF",
        }
    }
}

/// Per-node data collected while reading, each slot filled at most once.
struct Nodes {
    coords: Vec<Option<(f64, f64)>>,
    demand: Vec<Option<u32>>,
    window: Vec<Option<(f64, f64)>>,
    service: Vec<Option<f64>>,
    service_section: bool,
    depots: Vec<usize>,
}

/// Read a VRPLIB VRPTW instance. `file_name` is used only in error messages.
pub fn parse(file_name: &str, text: &str) -> Result<SolomonInstance, RawFormatError> {
    let at = |line: usize, msg: String| RawFormatError::at(file_name, line, msg);
    let mut name = String::new();
    let mut vehicles: Option<usize> = None;
    let mut capacity: Option<u32> = None;
    let mut service_time: Option<f64> = None;
    let mut nodes: Option<Nodes> = None;
    let mut section = Section::Header;
    let line_count = text.lines().count();

    for (idx, raw) in text.lines().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if section == Section::Eof {
            break;
        }
        let first = line.split_whitespace().next().unwrap_or("");
        let keyword = first.trim_end_matches(':');
        if keyword.ends_with("_SECTION") || keyword == "EOF" {
            section = match keyword {
                "NODE_COORD_SECTION" => Section::Coords,
                "DEMAND_SECTION" => Section::Demand,
                "TIME_WINDOW_SECTION" => Section::Windows,
                "SERVICE_TIME_SECTION" => Section::Service,
                "DEPOT_SECTION" => Section::Depot,
                "EOF" => Section::Eof,
                other => return Err(at(line_no, format!("unsupported section `{other}`"))),
            };
            if section != Section::Eof && nodes.is_none() {
                return Err(at(line_no, format!("{keyword} comes before DIMENSION")));
            }
            if section == Section::Service {
                if let Some(n) = nodes.as_mut() {
                    n.service_section = true;
                }
            }
            continue;
        }
        if section == Section::Header {
            let Some((key, value)) = line.split_once(':') else {
                return Err(at(line_no, format!("expected `KEY : value` or a section name, found `{line}`")));
            };
            let (key, value) = (key.trim(), value.trim());
            match key {
                "NAME" => name = value.to_string(),
                "DIMENSION" => {
                    let n: usize = number(file_name, line_no, value, "a whole number of nodes")?;
                    if n == 0 || n > line_count {
                        return Err(at(line_no, format!("DIMENSION {n} does not fit a file of {line_count} lines")));
                    }
                    if n > MAX_NODES {
                        return Err(at(
                            line_no,
                            format!("DIMENSION {n} is more than the {MAX_NODES} nodes Rota imports"),
                        ));
                    }
                    if nodes.is_some() {
                        return Err(at(line_no, "DIMENSION given twice".into()));
                    }
                    nodes = Some(Nodes {
                        coords: vec![None; n],
                        demand: vec![None; n],
                        window: vec![None; n],
                        service: vec![None; n],
                        service_section: false,
                        depots: Vec::new(),
                    });
                }
                "VEHICLES" => vehicles = Some(number(file_name, line_no, value, "a whole number of vehicles")?),
                "CAPACITY" => capacity = Some(number(file_name, line_no, value, "a whole-number capacity")?),
                "SERVICE_TIME" => service_time = Some(non_negative(file_name, line_no, value)?),
                "EDGE_WEIGHT_TYPE" if value != "EUC_2D" => {
                    return Err(at(line_no, format!("unsupported EDGE_WEIGHT_TYPE `{value}` (only EUC_2D)")));
                }
                _ => {} // TYPE, COMMENT, EDGE_WEIGHT_TYPE : EUC_2D and the like carry nothing we need.
            }
            continue;
        }
        let Some(n) = nodes.as_mut() else {
            return Err(at(line_no, "data before DIMENSION".into()));
        };
        let tokens: Vec<&str> = line.split_whitespace().collect();
        match section {
            Section::Depot => {
                if tokens.len() != 1 {
                    return Err(at(line_no, format!("expected 1 number, found {}", tokens.len())));
                }
                let id: i64 = number(file_name, line_no, tokens[0], "a node id or -1")?;
                if id == -1 {
                    section = Section::DepotDone;
                } else {
                    let node = node_index(file_name, line_no, tokens[0], n.coords.len())?;
                    if n.depots.contains(&node) {
                        return Err(at(line_no, format!("depot {id} listed twice")));
                    }
                    n.depots.push(node);
                }
            }
            Section::DepotDone => {
                return Err(at(line_no, format!("expected a section name after DEPOT_SECTION's -1, found `{line}`")));
            }
            Section::Coords | Section::Demand | Section::Windows | Section::Service => {
                let width = if matches!(section, Section::Coords | Section::Windows) { 3 } else { 2 };
                if tokens.len() != width {
                    return Err(at(line_no, format!("expected {width} numbers, found {}", tokens.len())));
                }
                let node = node_index(file_name, line_no, tokens[0], n.coords.len())?;
                let twice = || at(line_no, format!("node {} given twice in {}", tokens[0], section.name()));
                match section {
                    Section::Coords => {
                        let v = (real(file_name, line_no, tokens[1])?, real(file_name, line_no, tokens[2])?);
                        if n.coords[node].replace(v).is_some() {
                            return Err(twice());
                        }
                    }
                    Section::Demand => {
                        let v: u32 = number(file_name, line_no, tokens[1], "a whole-number demand")?;
                        if n.demand[node].replace(v).is_some() {
                            return Err(twice());
                        }
                    }
                    Section::Windows => {
                        let v = (real(file_name, line_no, tokens[1])?, real(file_name, line_no, tokens[2])?);
                        if n.window[node].replace(v).is_some() {
                            return Err(twice());
                        }
                    }
                    _ => {
                        let v = non_negative(file_name, line_no, tokens[1])?;
                        if n.service[node].replace(v).is_some() {
                            return Err(twice());
                        }
                    }
                }
            }
            Section::Header | Section::Eof => unreachable!("handled above"),
        }
    }

    let whole = |msg: &str| RawFormatError::whole(file_name, msg);
    let n = nodes.ok_or_else(|| whole("no DIMENSION"))?;
    let vehicles = vehicles.ok_or_else(|| whole("no VEHICLES"))?;
    let customers = n.coords.len() - 1;
    if vehicles > customers.max(1) {
        return Err(whole(&format!(
            "VEHICLES {vehicles} is more than the {customers} customers: every route serves at least one customer"
        )));
    }
    let capacity = capacity.ok_or_else(|| whole("no CAPACITY"))?;
    let depot = match n.depots.as_slice() {
        [] => 0,
        [d] => *d,
        _ => return Err(whole("more than one depot in DEPOT_SECTION (unsupported)")),
    };
    let coords = complete(file_name, n.coords, "NODE_COORD_SECTION")?;
    let demand = complete(file_name, n.demand, "DEMAND_SECTION")?;
    let window = complete(file_name, n.window, "TIME_WINDOW_SECTION")?;
    let service = if n.service_section {
        complete(file_name, n.service, "SERVICE_TIME_SECTION")?
    } else {
        let t = service_time.unwrap_or(0.0);
        (0..coords.len()).map(|i| if i == depot { 0.0 } else { t }).collect()
    };
    Ok(SolomonInstance { name, vehicles, capacity, coords, demand, window, service, depot })
}

fn non_negative(file: &str, line: usize, token: &str) -> Result<f64, RawFormatError> {
    let v = real(file, line, token)?;
    if v < 0.0 {
        return Err(RawFormatError::at(file, line, format!("expected a time of at least 0, found `{token}`")));
    }
    Ok(v)
}

/// A 1-based VRPLIB node id, as a 0-based index below `n`.
fn node_index(file: &str, line: usize, token: &str, n: usize) -> Result<usize, RawFormatError> {
    let id: usize = number(file, line, token, "a node id")?;
    if id == 0 || id > n {
        return Err(RawFormatError::at(file, line, format!("node id {id} is outside 1..={n}")));
    }
    Ok(id - 1)
}

fn complete<T>(file: &str, values: Vec<Option<T>>, section: &str) -> Result<Vec<T>, RawFormatError> {
    let mut out = Vec::with_capacity(values.len());
    for (i, v) in values.into_iter().enumerate() {
        match v {
            Some(v) => out.push(v),
            None => return Err(RawFormatError::whole(file, format!("{section} has no line for node {}", i + 1))),
        }
    }
    Ok(out)
}

/// A VRPTW solution as in a `.sol` file.
#[derive(Debug, Clone, PartialEq)]
pub struct SolomonSolution {
    /// One list per route of the customers visited, in order, as node indices (depot = 0, so the
    /// numbers are exactly those written in the file). The depot is not listed.
    pub routes: Vec<Vec<usize>>,
    /// The `Cost` line, if the file has one.
    pub cost: Option<f64>,
}

/// Read a `.sol` file: `Route #k: c1 c2 ...` lines and an optional `Cost x` line.
pub fn parse_solution(file_name: &str, text: &str) -> Result<SolomonSolution, RawFormatError> {
    let mut routes = Vec::new();
    let mut cost = None;
    for (idx, raw) in text.lines().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("Route") {
            let Some((label, customers)) = rest.split_once(':') else {
                return Err(RawFormatError::at(file_name, line_no, "expected `Route #k: customers...`"));
            };
            let label = label.trim();
            if !label.strip_prefix('#').is_some_and(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit())) {
                return Err(RawFormatError::at(
                    file_name,
                    line_no,
                    format!("expected a route label `#k`, found `{label}`"),
                ));
            }
            let route = customers
                .split_whitespace()
                .map(|t| number::<usize>(file_name, line_no, t, "a customer number"))
                .collect::<Result<Vec<_>, _>>()?;
            routes.push(route);
        } else if let Some(rest) = line.strip_prefix("Cost") {
            if cost.is_some() {
                return Err(RawFormatError::at(file_name, line_no, "a second Cost line"));
            }
            cost = Some(real(file_name, line_no, rest.trim())?);
        } else {
            return Err(RawFormatError::at(
                file_name,
                line_no,
                format!("expected `Route #k: ...` or `Cost x`, found `{line}`"),
            ));
        }
    }
    Ok(SolomonSolution { routes, cost })
}

/// Write a solution in the `.sol` style of the published files: `Route #k: ` then each customer
/// followed by a space, then `Cost x` with one decimal when that is exact (as DIMACS costs are).
/// A file read with [`parse_solution`] is written back byte for byte.
pub fn write_solution(solution: &SolomonSolution) -> String {
    let mut out = String::new();
    for (k, route) in solution.routes.iter().enumerate() {
        out.push_str(&format!("Route #{}: ", k + 1));
        for c in route {
            out.push_str(&format!("{c} "));
        }
        out.push('\n');
    }
    if let Some(cost) = solution.cost {
        let one_decimal = format!("{cost:.1}");
        if one_decimal.parse::<f64>() == Ok(cost) {
            out.push_str(&format!("Cost {one_decimal}\n"));
        } else {
            out.push_str(&format!("Cost {cost}\n"));
        }
    }
    out
}

/// Tolerance for time-window and horizon checks (times are sums of one-decimal distances).
const EPS: f64 = 1e-6;

/// Recompute a solution's cost and check every VRPTW rule, independently of any solver.
///
/// Checks: each customer (every node but the depot) visited exactly once and nothing else
/// visited; at most `vehicles` non-empty routes; each route's demand within `capacity`; each
/// service starting by its due time, where a route leaves the depot at the depot's ready time,
/// travel time equals [`SolomonInstance::distance`], and start = max(arrival, ready); each route
/// back at the depot by the depot's due time. Cost is the sum of the truncated distances,
/// depot legs included. The `cost` written in the solution is not used.
pub fn evaluate(instance: &SolomonInstance, solution: &SolomonSolution) -> RawEvaluation {
    let n = instance.nodes();
    let depot = instance.depot;
    let mut problems = Vec::new();
    let mut seen = vec![0usize; n];
    let mut cost = 0.0;
    let used = solution.routes.iter().filter(|r| !r.is_empty()).count();
    if used > instance.vehicles {
        problems.push(format!("{used} routes used but only {} vehicles", instance.vehicles));
    }
    for (k, route) in solution.routes.iter().enumerate() {
        if route.is_empty() {
            continue;
        }
        let label = format!("route #{}", k + 1);
        let mut time = instance.window[depot].0;
        let mut prev = depot;
        let mut load: u64 = 0;
        for &c in route {
            if c >= n || c == depot {
                problems.push(format!("{label} visits {c}, which is not a customer"));
                continue;
            }
            seen[c] += 1;
            let d = instance.distance(prev, c);
            cost += d;
            let (ready, due) = instance.window[c];
            let start = (time + d).max(ready);
            if start > due + EPS {
                problems.push(format!("{label}: customer {c} starts at {start:.1}, after its due time {due}"));
            }
            time = start + instance.service[c];
            load += u64::from(instance.demand[c]);
            prev = c;
        }
        let back = instance.distance(prev, depot);
        cost += back;
        time += back;
        let due = instance.window[depot].1;
        if time > due + EPS {
            problems.push(format!("{label} returns to the depot at {time:.1}, after {due}"));
        }
        if load > u64::from(instance.capacity) {
            problems.push(format!("{label} carries {load}, over the capacity {}", instance.capacity));
        }
    }
    for (c, &times) in seen.iter().enumerate() {
        if c == depot {
            continue;
        }
        match times {
            0 => problems.push(format!("customer {c} is not visited")),
            1 => {}
            t => problems.push(format!("customer {c} is visited {t} times")),
        }
    }
    RawEvaluation { cost, feasible: problems.is_empty(), problems }
}
