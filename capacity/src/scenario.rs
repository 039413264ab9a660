//! Scenarios: what-ifs a modeller lays over a week before it is solved (`docs/sweeps.md`).
//!
//! A scenario file holds named scenarios; each is a list of changes applied in order:
//! - `demand_growth`: N% more seats, overall, in a time band, for packages of a size, or in a
//!   cluster, as new clients who copy drawn clients' needs (`docs/sweeps.md` says how);
//! - `provider_loss`: every carer of a named provider leaves (provider failure);
//! - `carer_loss`: N% of carers leave, of one provider or of all (hand-back);
//! - `sickness_leave`: N% of the carers' shift hours are lost to sickness and leave;
//! - `slower_travel`: every trip takes `factor` times as long (winter);
//! - `cluster_hours_removed`: N% of the shift hours of a cluster's carers are removed;
//! - `rural_uplift`: clients in named clusters or postcodes are billed N% more an hour (Kent:
//!   +5% rural town and fringe, +10% rural village; domain.md §2.13). It changes no rota: the
//!   sweep reports the billed hours with it.
//!
//! Every random choice is drawn from the scenario's seed and the change's position, so the same
//! file and seed give the same week.

use rota::format::{Findings, InputErrors};
use rota::model::{Carer, Client, Problem, TravelConfig, TravelMode, Visit};
use rota::rng::Rng;
use rota::time::{ClockTime, MINUTE};
use rota::travel::{haversine_m, DistanceModel, Matrix, Travel};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// A scenario file: `{"scenarios": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// The scenarios, each solved at every point of the sweep.
    pub scenarios: Vec<Scenario>,
}

/// A named list of changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A unique name, such as `winter`.
    pub name: String,
    /// What the scenario stands for, for people reading the file and the report.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The changes, applied in order.
    #[serde(default)]
    pub changes: Vec<Change>,
}

/// Declares [`Change`] (tagged by `kind`, as files write it) and a twin tagged from outside
/// (`{"sickness_leave": {...}}`), which is read only to find the path of a bad field: serde
/// loses the path inside a variant tagged by `kind`.
macro_rules! changes {
    ($( $(#[$vm:meta])* $variant:ident { $( $(#[$fm:meta])* $field:ident : $ty:ty ),* $(,)? } ),* $(,)?) => {
        /// One change to a week.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
        pub enum Change { $( $(#[$vm])* $variant { $( $(#[$fm])* $field: $ty ),* } ),* }

        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case", deny_unknown_fields)]
        #[allow(dead_code)]
        enum Outside { $( $variant { $( $(#[$fm])* $field: $ty ),* } ),* }
    };
}

changes! {
    /// `percent` more seats, as new clients who copy drawn clients' visits. With `band`, only
    /// visits targeted in the band are copied; with `package`, only clients whose weekly hours
    /// are in the range are drawn; with `cluster`, only clients of the cluster.
    DemandGrowth {
        /// Growth in seats, percent of the matching seats (0 to 500).
        percent: f64,
        /// Only visits whose target start is in this band of the day.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        band: Option<TimeBand>,
        /// Only clients whose package is of this size.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        package: Option<PackageSize>,
        /// Only clients of this cluster.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cluster: Option<String>,
    },
    /// Every carer of the provider leaves.
    ProviderLoss {
        /// The provider, as in carers' `provider`.
        provider: String,
    },
    /// `percent` of carers leave (of `provider` only, when given), drawn at random.
    CarerLoss {
        /// Share of the carers, percent (0 to 100).
        percent: f64,
        /// Only this provider's carers.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider: Option<String>,
    },
    /// `percent` of all shift hours are lost to sickness and leave: whole shifts, drawn at random.
    SicknessLeave {
        /// Share of the shift hours, percent (0 to 100).
        percent: f64,
    },
    /// Every trip takes `factor` times as long (winter roads).
    SlowerTravel {
        /// Travel-time factor, 1 to 5.
        factor: f64,
    },
    /// `percent` of the shift hours of the cluster's carers are removed: whole shifts, drawn at
    /// random. A carer is in the cluster of their `cluster`, or else of the client nearest home.
    ClusterHoursRemoved {
        /// The cluster.
        cluster: String,
        /// Share of the cluster's shift hours, percent (0 to 100).
        percent: f64,
    },
    /// Clients in the named clusters, or whose postcode starts with one of `postcodes`, are
    /// billed `percent` more an hour. The largest uplift that applies to a client counts.
    RuralUplift {
        /// Uplift, percent (0 to 100).
        percent: f64,
        /// Clusters that are rural.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        clusters: Vec<String>,
        /// Postcode prefixes that are rural, such as `CT3` or `CT4 6`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        postcodes: Vec<String>,
    },
}

/// A band of the day, `[start, end)`; `end` may be past 24:00.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeBand {
    /// First minute.
    pub start: ClockTime,
    /// End (not in the band).
    pub end: ClockTime,
}

impl TimeBand {
    /// Whether a target start at `t` (on the visit's date) is in the band; a band past midnight
    /// also holds the early hours.
    pub fn holds(&self, t: ClockTime) -> bool {
        let day = 1440 * MINUTE;
        let (s, e, t) = (self.start.ticks(), self.end.ticks(), t.ticks().rem_euclid(day));
        (s <= t && t < e) || (e > day && t + day < e)
    }
}

/// A range of package sizes, in commissioned hours a week.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageSize {
    /// At least this many hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_hours: Option<f64>,
    /// Fewer than this many hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_hours: Option<f64>,
}

impl PackageSize {
    /// Whether `hours` is in the range.
    pub fn holds(&self, hours: f64) -> bool {
        self.min_hours.is_none_or(|m| hours >= m) && self.max_hours.is_none_or(|m| hours < m)
    }
}

/// A scenario laid over a week.
#[derive(Clone, Debug)]
pub struct Applied {
    /// The changed week.
    pub problem: Problem,
    /// Travel times are this many times the travel model's, for travel not given by the distance
    /// model (whose speeds are changed in `problem` instead): see [`scale_travel`].
    pub travel_factor: f64,
    /// The billing uplift of each client of `problem` (0.1 for +10%).
    pub uplift: Vec<f64>,
    /// What each change did, in words.
    pub notes: Vec<String>,
}

/// Read a scenario file, reporting every error with its path (`$.scenarios[1].changes[0].percent`)
/// and the scenario's name; the problem is used to check names of providers and clusters.
pub fn load(path: &Path, problem: &Problem) -> Result<ScenarioFile, InputErrors> {
    let file = path.display().to_string();
    let text = rota::format::read_text(path).map_err(|e| {
        let mut f = Findings::new(&file);
        f.error("$", None, e.code(), e.to_string());
        InputErrors(f.list)
    })?;
    parse(&text, &file, problem)
}

/// [`load`] from text; `file` names it in errors.
pub fn parse(text: &str, file: &str, problem: &Problem) -> Result<ScenarioFile, InputErrors> {
    let mut f = Findings::new(file);
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            f.error("$", None, "malformed_json", format!("not valid JSON: {e}"));
            return Err(InputErrors(f.list));
        }
    };
    let Some(obj) = root.as_object() else {
        f.error("$", None, "wrong_type", "the file must hold a JSON object");
        return Err(InputErrors(f.list));
    };
    for key in obj.keys().filter(|k| *k != "scenarios") {
        f.error(format!("$.{key}"), None, "unknown_field", format!("unknown field `{key}`, expected `scenarios`"));
    }
    let items = match obj.get("scenarios") {
        Some(Value::Array(items)) => items.as_slice(),
        Some(_) => {
            f.error("$.scenarios", None, "wrong_type", "`scenarios` must be a list");
            &[]
        }
        None => {
            f.error("$.scenarios", None, "missing_field", "missing field `scenarios`");
            &[]
        }
    };
    let mut scenarios = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Some(s) = read_scenario(item, &format!("$.scenarios[{i}]"), &mut f) {
            scenarios.push(s);
        }
    }
    let all = ScenarioFile { scenarios };
    if f.list.is_empty() {
        check(&all, problem, &mut f);
    }
    if f.list.iter().any(|e| e.severity == rota::format::Severity::Error) {
        Err(InputErrors(f.list))
    } else {
        Ok(all)
    }
}

/// One scenario, each change read on its own so that every bad change is reported.
fn read_scenario(item: &Value, path: &str, f: &mut Findings) -> Option<Scenario> {
    let name = item.get("name").and_then(Value::as_str);
    let mut shell = item.clone();
    let changes = shell.as_object_mut().and_then(|o| o.insert("changes".into(), Value::Array(Vec::new())));
    let mut ok = true;
    let mut scenario = match serde_path_to_error::deserialize::<_, Scenario>(&shell) {
        Ok(s) => Some(s),
        Err(e) => {
            f.error(join(path, &e.path().to_string()), name, code(&e.inner().to_string()), e.inner().to_string());
            ok = false;
            None
        }
    };
    let mut read = Vec::new();
    match changes {
        Some(Value::Array(list)) => {
            for (j, c) in list.iter().enumerate() {
                let at = format!("{path}.changes[{j}]");
                match serde_path_to_error::deserialize::<_, Change>(c) {
                    Ok(c) => read.push(c),
                    Err(e) => {
                        let (inner, msg) =
                            field_error(c).unwrap_or_else(|| (e.path().to_string(), e.inner().to_string()));
                        let inner = if msg.starts_with("unknown variant") || msg.contains("missing field `kind`") {
                            "kind".to_string()
                        } else {
                            inner
                        };
                        f.error(join(&at, &inner), name, code(&msg), msg);
                        ok = false;
                    }
                }
            }
        }
        Some(_) => {
            f.error(format!("{path}.changes"), name, "wrong_type", "`changes` must be a list");
            ok = false;
        }
        None => {}
    }
    if let Some(s) = &mut scenario {
        s.changes = read;
    }
    scenario.filter(|_| ok)
}

/// The path inside a change (`percent`) and the message of its first bad field, read through
/// the twin tagged from outside; `None` when the kind itself is the trouble.
fn field_error(change: &Value) -> Option<(String, String)> {
    let mut rest = change.as_object()?.clone();
    let kind = rest.remove("kind")?.as_str()?.to_string();
    let outside = Value::Object([(kind, Value::Object(rest))].into_iter().collect());
    let e = serde_path_to_error::deserialize::<_, Outside>(outside).err()?;
    let path = e.path().to_string();
    let (_, inner) = path.split_once('.')?;
    Some((inner.to_string(), e.inner().to_string()))
}

fn join(path: &str, inner: &str) -> String {
    match inner {
        "." | "" => path.to_string(),
        p => format!("{path}.{p}"),
    }
}

fn code(message: &str) -> &'static str {
    if message.starts_with("missing field") {
        "missing_field"
    } else if message.starts_with("unknown field") || message.starts_with("unknown variant") {
        "unknown_field"
    } else if message.starts_with("invalid type") {
        "wrong_type"
    } else {
        "invalid_value"
    }
}

/// Names, ranges and references: every finding, not only the first.
fn check(all: &ScenarioFile, problem: &Problem, f: &mut Findings) {
    let providers: BTreeSet<&str> = problem.carers.iter().filter_map(|c| c.provider.as_deref()).collect();
    let clusters: BTreeSet<&str> = problem
        .clients
        .iter()
        .filter_map(|c| c.cluster.as_deref())
        .chain(problem.carers.iter().filter_map(|c| c.cluster.as_deref()))
        .collect();
    let list = |s: &BTreeSet<&str>| {
        if s.is_empty() {
            "none".to_string()
        } else {
            s.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ")
        }
    };
    let mut names = BTreeSet::new();
    for (i, s) in all.scenarios.iter().enumerate() {
        let at = format!("$.scenarios[{i}]");
        let id = Some(s.name.as_str());
        if s.name.trim().is_empty() {
            f.error(format!("{at}.name"), None, "invalid_value", "a scenario needs a name");
        } else if s.name == crate::sweep::BASELINE || !names.insert(s.name.as_str()) {
            f.error(
                format!("{at}.name"),
                id,
                "duplicate_id",
                format!("the name `{}` is already used (`{}` is the week as given)", s.name, crate::sweep::BASELINE),
            );
        }
        for (j, c) in s.changes.iter().enumerate() {
            let at = format!("{at}.changes[{j}]");
            let mut range = |field: &str, v: f64, lo: f64, hi: f64| {
                if !(v.is_finite() && lo <= v && v <= hi) {
                    f.error(
                        format!("{at}.{field}"),
                        id,
                        "invalid_value",
                        format!("{field} must be from {lo} to {hi}, not {v}"),
                    );
                }
            };
            match c {
                Change::DemandGrowth { percent, band, package, cluster } => {
                    range("percent", *percent, 0.0, 500.0);
                    if let Some(b) = band {
                        if b.start >= b.end || b.start.ticks() < 0 || b.end.ticks() > 2 * 1440 * MINUTE {
                            f.error(
                                format!("{at}.band"),
                                id,
                                "invalid_value",
                                "a band's start must be before its end, within 00:00 to 48:00",
                            );
                        }
                    }
                    if let Some(p) = package {
                        let bad = |x: Option<f64>| x.is_some_and(|x| !(x.is_finite() && x >= 0.0));
                        if bad(p.min_hours)
                            || bad(p.max_hours)
                            || matches!((p.min_hours, p.max_hours), (Some(a), Some(b)) if a >= b)
                        {
                            f.error(
                                format!("{at}.package"),
                                id,
                                "invalid_value",
                                "min_hours and max_hours must be 0 or more, min below max",
                            );
                        }
                    }
                    if let Some(c) = cluster.as_deref().filter(|c| !clusters.contains(c)) {
                        f.error(
                            format!("{at}.cluster"),
                            id,
                            "unknown_reference",
                            format!("no client or carer is in cluster `{c}`; clusters: {}", list(&clusters)),
                        );
                    }
                }
                Change::ProviderLoss { provider } => {
                    if !providers.contains(provider.as_str()) {
                        f.error(
                            format!("{at}.provider"),
                            id,
                            "unknown_reference",
                            format!("no carer is of provider `{provider}`; providers: {}", list(&providers)),
                        );
                    }
                }
                Change::CarerLoss { percent, provider } => {
                    range("percent", *percent, 0.0, 100.0);
                    if let Some(p) = provider.as_deref().filter(|p| !providers.contains(p)) {
                        f.error(
                            format!("{at}.provider"),
                            id,
                            "unknown_reference",
                            format!("no carer is of provider `{p}`; providers: {}", list(&providers)),
                        );
                    }
                }
                Change::SicknessLeave { percent } => range("percent", *percent, 0.0, 100.0),
                Change::SlowerTravel { factor } => range("factor", *factor, 1.0, 5.0),
                Change::ClusterHoursRemoved { cluster, percent } => {
                    range("percent", *percent, 0.0, 100.0);
                    if !clusters.contains(cluster.as_str()) {
                        f.error(
                            format!("{at}.cluster"),
                            id,
                            "unknown_reference",
                            format!("no client or carer is in cluster `{cluster}`; clusters: {}", list(&clusters)),
                        );
                    }
                }
                Change::RuralUplift { percent, clusters: named, postcodes } => {
                    range("percent", *percent, 0.0, 100.0);
                    if named.is_empty() && postcodes.is_empty() {
                        f.error(at.clone(), id, "missing_field", "a rural uplift names `clusters` or `postcodes`");
                    }
                    for (k, c) in named.iter().enumerate() {
                        if !clusters.contains(c.as_str()) {
                            f.error(
                                format!("{at}.clusters[{k}]"),
                                id,
                                "unknown_reference",
                                format!("no client or carer is in cluster `{c}`; clusters: {}", list(&clusters)),
                            );
                        }
                    }
                }
            }
        }
    }
}

impl Scenario {
    /// The scenario laid over `problem`, its random choices drawn from `seed`.
    pub fn apply(&self, problem: &Problem, seed: u64) -> Applied {
        let mut a = Applied {
            problem: problem.clone(),
            travel_factor: 1.0,
            uplift: vec![0.0; problem.clients.len()],
            notes: vec![],
        };
        for (i, c) in self.changes.iter().enumerate() {
            let mut rng = Rng::seeded(seed ^ (0x5ce7_a210 + i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            let note = c.apply(&mut a, &mut rng);
            a.notes.push(note);
        }
        // Uplifts hold for every client at the end, those a growth added after them too.
        a.uplift = a.problem.clients.iter().map(|c| self.uplift(c)).collect();
        a
    }

    /// The billing uplift of client `c` under this scenario's rural uplifts (0.1 for +10%).
    pub fn uplift(&self, c: &Client) -> f64 {
        let norm = |s: &str| s.to_uppercase().replace(' ', "");
        let mut up: f64 = 0.0;
        for change in &self.changes {
            if let Change::RuralUplift { percent, clusters, postcodes } = change {
                let by_cluster = c.cluster.as_ref().is_some_and(|x| clusters.contains(x));
                let by_postcode =
                    c.postcode.as_deref().is_some_and(|p| postcodes.iter().any(|q| norm(p).starts_with(&norm(q))));
                if by_cluster || by_postcode {
                    up = up.max(percent / 100.0);
                }
            }
        }
        up
    }
}

impl Change {
    /// Apply the change; says what it did.
    pub fn apply(&self, a: &mut Applied, rng: &mut Rng) -> String {
        match self {
            Change::DemandGrowth { percent, band, package, cluster } => {
                grow_demand(a, rng, *percent, band.as_ref(), package.as_ref(), cluster.as_deref())
            }
            Change::ProviderLoss { provider } => {
                let before = a.problem.carers.len();
                remove_carers(&mut a.problem, |c| c.provider.as_deref() == Some(provider.as_str()));
                format!("provider `{provider}` lost: {} carers removed", before - a.problem.carers.len())
            }
            Change::CarerLoss { percent, provider } => {
                let mut pool: Vec<String> = a
                    .problem
                    .carers
                    .iter()
                    .filter(|c| provider.is_none() || c.provider == *provider)
                    .map(|c| c.id.clone())
                    .collect();
                rng.shuffle(&mut pool);
                let n = (pool.len() as f64 * percent / 100.0).round() as usize;
                let gone: BTreeSet<String> = pool.into_iter().take(n).collect();
                remove_carers(&mut a.problem, |c| gone.contains(&c.id));
                format!(
                    "{percent}% of carers{} lost: {n} removed",
                    provider.as_ref().map(|p| format!(" of `{p}`")).unwrap_or_default()
                )
            }
            Change::SicknessLeave { percent } => {
                let all: Vec<usize> = (0..a.problem.carers.len()).collect();
                let (h, total) = remove_shift_hours(&mut a.problem, &all, *percent, rng);
                format!("sickness and leave: {h:.1} of {total:.1} shift hours removed")
            }
            Change::SlowerTravel { factor } => slow_travel(a, *factor),
            Change::ClusterHoursRemoved { cluster, percent } => {
                let of = carer_clusters(&a.problem);
                let members: Vec<usize> =
                    (0..a.problem.carers.len()).filter(|&k| of[k].as_deref() == Some(cluster)).collect();
                let (h, total) = remove_shift_hours(&mut a.problem, &members, *percent, rng);
                format!("cluster `{cluster}`: {h:.1} of its {} carers' {total:.1} shift hours removed", members.len())
            }
            Change::RuralUplift { percent, .. } => {
                let only = Scenario { changes: vec![self.clone()], ..Scenario::default() };
                let n = a.problem.clients.iter().filter(|c| only.uplift(c) > 0.0).count();
                format!("rural uplift of {percent}% on {n} clients (billing only: no rota changes)")
            }
        }
    }
}

/// Remove the carers `gone` says, and every reference to them.
pub fn remove_carers(problem: &mut Problem, gone: impl Fn(&Carer) -> bool) {
    let ids: BTreeSet<String> = problem.carers.iter().filter(|c| gone(c)).map(|c| c.id.clone()).collect();
    if ids.is_empty() {
        return;
    }
    problem.carers.retain(|c| !ids.contains(&c.id));
    for c in &mut problem.clients {
        c.excluded_carers.retain(|k| !ids.contains(k));
        c.preferred_carers.retain(|k| !ids.contains(k));
        if c.key_carer.as_ref().is_some_and(|k| ids.contains(k)) {
            c.key_carer = None;
        }
    }
}

/// Remove whole shifts of the carers at `members`, drawn at random, until `percent` of their
/// shift hours are gone (the last shift is removed if that brings the total nearer the target).
/// Carers left with no shift leave. Returns (hours removed, hours there were).
fn remove_shift_hours(problem: &mut Problem, members: &[usize], percent: f64, rng: &mut Rng) -> (f64, f64) {
    let hours = |k: usize, w: usize| {
        let a = &problem.carers[k].availability[w];
        (a.end.ticks() - a.start.ticks()).max(0) as f64 / (60 * MINUTE) as f64
    };
    let mut shifts: Vec<(usize, usize)> =
        members.iter().flat_map(|&k| (0..problem.carers[k].availability.len()).map(move |w| (k, w))).collect();
    let total: f64 = shifts.iter().map(|&(k, w)| hours(k, w)).sum();
    rng.shuffle(&mut shifts);
    let target = total * percent / 100.0;
    let mut removed = 0.0;
    let mut gone = BTreeSet::new();
    for (k, w) in shifts {
        let h = hours(k, w);
        if removed + h / 2.0 > target {
            break;
        }
        removed += h;
        gone.insert((k, w));
    }
    for (k, carer) in problem.carers.iter_mut().enumerate() {
        let mut w = 0;
        carer.availability.retain(|_| {
            w += 1;
            !gone.contains(&(k, w - 1))
        });
    }
    remove_carers(problem, |c| c.availability.is_empty());
    (removed, total)
}

/// Each carer's cluster: their own, or else that of the client nearest their home.
pub fn carer_clusters(problem: &Problem) -> Vec<Option<String>> {
    problem
        .carers
        .iter()
        .map(|k| {
            k.cluster.clone().or_else(|| {
                problem
                    .clients
                    .iter()
                    .filter(|c| c.cluster.is_some())
                    .min_by(|a, b| {
                        haversine_m(a.location, k.home)
                            .partial_cmp(&haversine_m(b.location, k.home))
                            .unwrap_or(std::cmp::Ordering::Equal)
                    })
                    .and_then(|c| c.cluster.clone())
            })
        })
        .collect()
}

/// Slower travel: the distance model's speeds divided and access times multiplied by `factor`
/// (exact, in the problem); other travel is scaled after it is built ([`scale_travel`]).
fn slow_travel(a: &mut Applied, factor: f64) -> String {
    match &mut a.problem.travel {
        TravelConfig::Distance { modes } => {
            let model = DistanceModel::with_overrides(modes).unwrap_or_default();
            for mode in TravelMode::ALL {
                let p = model.params(mode);
                let e = modes.entry(mode).or_default();
                e.speed_kmh = Some((p.speed_kmh / factor).max(0.5));
                e.access_min = Some((p.access_min * factor).min(120.0));
            }
            format!("travel {factor}x slower: distance-model speeds divided and access times multiplied by {factor}")
        }
        _ => {
            a.travel_factor *= factor;
            format!("travel {factor}x slower: every travel time multiplied by {factor}")
        }
    }
}

/// `travel` with every time multiplied by `factor` (rounded to the minute), as dense matrices.
pub fn scale_travel(travel: &Travel, factor: f64) -> Travel {
    if factor == 1.0 {
        return travel.clone();
    }
    let n = travel.places.locations.len();
    let mut matrices = BTreeMap::new();
    for mode in TravelMode::ALL {
        let Some(m) = travel.matrix(mode) else { continue };
        let mut ticks = Vec::with_capacity(n * n);
        let mut metres = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                let t = m.ticks(i, j) as f64 * factor / MINUTE as f64;
                ticks.push(t.round() as i64 * MINUTE);
                metres.push(m.metres(i, j));
            }
        }
        matrices.insert(mode, Matrix::new(n, ticks, metres));
    }
    Travel::from_matrices(travel.places.clone(), matrices)
}

/// New clients who copy drawn clients' visits (and needs), placed at drawn clients' homes, until
/// the added seats reach `percent` of the matching seats.
fn grow_demand(
    a: &mut Applied,
    rng: &mut Rng,
    percent: f64,
    band: Option<&TimeBand>,
    package: Option<&PackageSize>,
    cluster: Option<&str>,
) -> String {
    let p = &a.problem;
    let client_ok = |c: &Client| {
        package.is_none_or(|s| s.holds(c.weekly_hours)) && cluster.is_none_or(|x| c.cluster.as_deref() == Some(x))
    };
    let visit_ok = |v: &Visit| band.is_none_or(|b| b.holds(v.start));
    let mut by_client: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, v) in p.visits.iter().enumerate() {
        if visit_ok(v) {
            by_client.entry(v.client.as_str()).or_default().push(i);
        }
    }
    let sources: Vec<usize> = (0..p.clients.len())
        .filter(|&c| client_ok(&p.clients[c]) && by_client.contains_key(p.clients[c].id.as_str()))
        .collect();
    let matching: u64 = sources
        .iter()
        .flat_map(|&c| &by_client[p.clients[c].id.as_str()])
        .map(|&v| p.visits[v].carers_required as u64)
        .sum();
    let target = (matching as f64 * percent / 100.0).round() as u64;
    let homes: Vec<usize> =
        (0..p.clients.len()).filter(|&c| cluster.is_none_or(|x| p.clients[c].cluster.as_deref() == Some(x))).collect();
    let (mut added, mut new_clients, mut new_visits) = (0u64, Vec::new(), Vec::new());
    let taken: BTreeSet<String> =
        p.clients.iter().map(|c| c.id.clone()).chain(p.visits.iter().map(|v| v.id.clone())).collect();
    let mut serial = 0;
    while added < target && !sources.is_empty() {
        let src = &p.clients[sources[rng.below(sources.len())]];
        let home = &p.clients[homes[rng.below(homes.len())]];
        serial += 1;
        let id = fresh(&taken, &format!("{}+g{serial}", src.id));
        let visits: Vec<Visit> = by_client[src.id.as_str()]
            .iter()
            .map(|&v| {
                let v = &p.visits[v];
                Visit {
                    id: fresh(&taken, &format!("{}+g{serial}", v.id)),
                    client: id.clone(),
                    links: Vec::new(),
                    ..v.clone()
                }
            })
            .collect();
        let seats: u64 = visits.iter().map(|v| v.carers_required as u64).sum();
        if added + seats / 2 > target && added > 0 {
            break;
        }
        added += seats;
        let hours =
            if band.is_some() { visits.iter().map(|v| v.duration_min as f64 / 60.0).sum() } else { src.weekly_hours };
        new_clients.push(Client {
            id,
            location: home.location,
            postcode: home.postcode.clone(),
            cluster: home.cluster.clone(),
            weekly_hours: hours,
            excluded_carers: Vec::new(),
            preferred_carers: Vec::new(),
            key_carer: None,
            ..src.clone()
        });
        new_visits.extend(visits);
    }
    let n = new_clients.len();
    a.problem.clients.extend(new_clients);
    a.problem.visits.extend(new_visits);
    format!("demand growth of {percent}%: {added} seats added for {n} new clients ({matching} matching seats)")
}

/// `base`, or `base` with a number after it, that is not in `taken`.
fn fresh(taken: &BTreeSet<String>, base: &str) -> String {
    let mut id = base.to_string();
    let mut k = 1;
    while taken.contains(&id) {
        k += 1;
        id = format!("{base}.{k}");
    }
    id
}
