//! The manifest (`sweep.json`): every task of a sweep, its inputs by path and content hash, its
//! settings and where its result goes; and [`plan`], which writes one.
//!
//! Paths are relative to the manifest's folder, so the folder with the manifest and its inputs can
//! be copied to a cluster's shared file system and run there.

use crate::{sha256, SweepError};
use rota::model::{Problem, TravelConfig};
use rota_capacity::scenario::{self, Scenario};
use rota_capacity::sweep::BASELINE;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The manifest's format tag.
pub const FORMAT: &str = "rota-sweep 1";

/// A sweep: its settings and its tasks, in index order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The format tag, `rota-sweep 1` ([`FORMAT`]).
    pub format: String,
    /// The settings every task is solved with.
    pub options: TaskOptions,
    /// The tasks; a task's `index` is its position.
    pub tasks: Vec<Task>,
}

/// How every task is solved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskOptions {
    /// Work units per task: the budget that ends the solve, so a task repeats on any machine.
    pub work: u64,
    /// Seconds per task, from which the clock cap is set (the clock stops a solve at
    /// [`rota_capacity::sweep::CLOCK_CAP`] times this, on a machine busy with other work; the
    /// point then says it is not repeatable).
    pub time_limit: f64,
    /// Compute the proven bound of each task's point.
    pub bound: bool,
    /// The share of seats a workforce must place to count as enough.
    pub share: f64,
}

/// One task: one point (scenario, workforce) of one cluster, at one seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Its position in the manifest, the `--index` that runs it.
    pub index: usize,
    /// `cluster/scenario/level/sSEED`, unique in the manifest.
    pub id: String,
    /// The cluster: a county cluster's id, or the problem file's name.
    pub cluster: String,
    /// The problem file, relative to the manifest.
    pub problem: String,
    /// The scenario's name ([`BASELINE`] for the week as given).
    pub scenario: String,
    /// The scenario file, relative to the manifest (none for the baseline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_file: Option<String>,
    /// The workforce level: `own` (the week's own), `c60` (60 carers) or `x0.9` (0.9 times the
    /// week's own, rounded).
    pub level: String,
    /// Carers employed at this level, before the scenario's losses.
    pub carers: usize,
    /// The seed of the solve, the carers drawn and the scenario.
    pub seed: u64,
    /// Every file the task reads, with its SHA-256 when the sweep was planned.
    pub inputs: Vec<Input>,
    /// The result file, relative to the manifest. A failure goes beside it
    /// ([`Task::failure_path`]).
    pub result: String,
}

/// A file a task reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Relative to the manifest.
    pub path: String,
    /// SHA-256 of its bytes, 64 hex digits.
    pub sha256: String,
}

impl Task {
    /// The result file, in the manifest's folder `dir`.
    pub fn result_path(&self, dir: &Path) -> PathBuf {
        dir.join(&self.result)
    }

    /// Where a failed run writes its errors: the result's name with `.failed.json`.
    pub fn failure_path(&self, dir: &Path) -> PathBuf {
        let result = self.result_path(dir);
        let stem = result.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        result.with_file_name(format!("{stem}.failed.json"))
    }
}

/// The JSON Schema of the manifest (`rota schema sweep`, `docs/schema/sweep.schema.json`).
pub fn schema() -> String {
    let mut s = serde_json::to_string_pretty(&schemars::schema_for!(Manifest)).expect("schemas serialise");
    s.push('\n');
    s
}

/// Workforce levels of a plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Levels {
    /// Each cluster's own workforce.
    Own,
    /// These sizes, the same in every cluster.
    Carers(Vec<usize>),
    /// These multiples of each cluster's own workforce (rounded to whole carers).
    Scale(Vec<f64>),
}

/// What `rota sweep plan` sweeps.
#[derive(Clone, Debug)]
pub struct PlanOptions {
    /// Problem files, one cluster each.
    pub problems: Vec<PathBuf>,
    /// A county folder (`rota county generate`): one cluster per problem in its `county.json`.
    pub county: Option<PathBuf>,
    /// Scenario files: each scenario in each is an axis value.
    pub scenarios: Vec<PathBuf>,
    /// Sweep the week as given too.
    pub baseline: bool,
    /// Workforce levels.
    pub levels: Levels,
    /// Seeds.
    pub seeds: Vec<u64>,
    /// How each task is solved.
    pub options: TaskOptions,
    /// The manifest to write (its folder is the base of every path in it).
    pub manifest: PathBuf,
    /// The folder of the task results (default: `<manifest stem>-results` beside the manifest).
    pub results: Option<PathBuf>,
}

/// A cluster to sweep: its id, problem file and problem.
struct Cluster {
    id: String,
    file: PathBuf,
    problem: Problem,
}

/// Plan a sweep: check every input (all errors together) and list its tasks. Writes nothing;
/// makes the manifest's folder if missing, since paths are relative to it.
pub fn plan(options: &PlanOptions) -> Result<Manifest, SweepError> {
    let mut errors = Vec::new();
    check_options(options, &mut errors);
    let dir = options.manifest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| SweepError::io(dir, e))?;
    let base = dir.canonicalize().map_err(|e| SweepError::io(dir, e))?;
    let clusters = clusters(options, &mut errors);
    let scenarios = scenarios(options, &clusters, &mut errors);
    if !errors.is_empty() {
        return Err(SweepError::Invalid { errors });
    }
    let results = match &options.results {
        Some(r) => r.clone(),
        None => {
            let stem = options.manifest.file_stem().map_or("sweep".into(), |s| s.to_string_lossy().into_owned());
            dir.join(format!("{stem}-results"))
        }
    };
    std::fs::create_dir_all(&results).map_err(|e| SweepError::io(&results, e))?;
    let results = relative(&results, &base).map_err(|e| SweepError::Invalid { errors: vec![e] })?;
    let mut tasks = Vec::new();
    let mut hashes = HashCache::default();
    for c in &clusters {
        let problem = relative(&c.file, &base).map_err(|e| SweepError::Invalid { errors: vec![e] })?;
        let mut inputs: Vec<String> = vec![problem.clone()];
        inputs.extend(side_files(&c.problem).iter().map(|f| join(&parent(&problem), f)));
        for (name, file) in &scenarios {
            let scenario_file = file.as_ref().map(|f| relative(f, &base)).transpose();
            let scenario_file = scenario_file.map_err(|e| SweepError::Invalid { errors: vec![e] })?;
            for (level, carers) in levels(&options.levels, c.problem.carers.len()) {
                for &seed in &options.seeds {
                    let mut files = inputs.clone();
                    files.extend(scenario_file.clone());
                    let inputs = files
                        .into_iter()
                        .map(|path| Ok(Input { sha256: hashes.get(&base, &path)?, path }))
                        .collect::<Result<Vec<_>, String>>()
                        .map_err(|e| SweepError::Invalid { errors: vec![e] })?;
                    let id = format!("{}/{name}/{level}/s{seed}", c.id);
                    let result = format!("{results}/{}/{}-{level}-s{seed}.json", slug(&c.id), slug(name));
                    tasks.push(Task {
                        index: tasks.len(),
                        id,
                        cluster: c.id.clone(),
                        problem: problem.clone(),
                        scenario: name.clone(),
                        scenario_file: scenario_file.clone(),
                        level: level.clone(),
                        carers,
                        seed,
                        inputs,
                        result,
                    });
                }
            }
        }
    }
    let manifest = Manifest { format: FORMAT.into(), options: options.options.clone(), tasks };
    let errors = manifest.check();
    if !errors.is_empty() {
        return Err(SweepError::Invalid { errors });
    }
    Ok(manifest)
}

fn check_options(options: &PlanOptions, errors: &mut Vec<String>) {
    if options.problems.is_empty() && options.county.is_none() {
        errors.push("nothing to sweep: give problem files or --county".into());
    }
    if options.seeds.is_empty() {
        errors.push("--seeds: give at least one seed".into());
    }
    if !options.baseline && options.scenarios.is_empty() {
        errors.push("nothing to sweep: --no-baseline and no --scenario".into());
    }
    if let Levels::Scale(s) = &options.levels {
        for x in s.iter().filter(|x| !(x.is_finite() && **x > 0.0 && **x <= 100.0)) {
            errors.push(format!("--carers-scale: {x} must be above 0 and at most 100"));
        }
    }
    let o = &options.options;
    if !(o.share > 0.0 && o.share <= 1.0) {
        errors.push(format!("--share must be above 0 and at most 1, not {}", o.share));
    }
    if !(o.time_limit.is_finite() && o.time_limit > 0.0 && o.time_limit <= 86_400.0) {
        errors.push(format!("--time-limit must be above 0 and at most 86400 seconds, not {}", o.time_limit));
    }
    if o.work == 0 {
        errors.push("--work must be at least 1".into());
    }
}

/// The clusters: each problem file, then each cluster of the county; every error collected.
fn clusters(options: &PlanOptions, errors: &mut Vec<String>) -> Vec<Cluster> {
    let mut files: Vec<(String, PathBuf)> = options.problems.iter().map(|p| (cluster_name(p), p.clone())).collect();
    if let Some(county) = &options.county {
        match rota_county::capacity::read_manifest(county) {
            Ok(m) => files.extend(m.clusters.iter().map(|c| (c.id.clone(), county.join(&c.problem)))),
            Err(e) => errors.push(e.to_string()),
        }
    }
    let mut seen = HashMap::new();
    for (id, file) in &files {
        if let Some(first) = seen.insert(id.clone(), file.clone()) {
            errors.push(format!(
                "two clusters are named `{id}`: {} and {} (a problem file's cluster is its file name, or its folder's \
                 name for problem.json; rename one)",
                first.display(),
                file.display()
            ));
        }
    }
    files
        .into_iter()
        .filter_map(|(id, file)| match rota::format::load_problem(&file) {
            Ok((problem, _warnings)) => Some(Cluster { id, file, problem }),
            Err(e) => {
                errors.push(e.to_string());
                None
            }
        })
        .collect()
}

/// A problem file's cluster name: its stem, or its folder's name for `problem.json`.
fn cluster_name(path: &Path) -> String {
    let stem = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    if stem == "problem" {
        let folder =
            path.canonicalize().ok().and_then(|p| p.parent().and_then(|d| d.file_name()).map(|n| n.to_owned()));
        if let Some(f) = folder {
            return f.to_string_lossy().into_owned();
        }
    }
    stem
}

/// The scenarios, in order (the baseline first when swept), each with its file; every scenario
/// file is checked against every cluster's problem, and names must be unique.
fn scenarios(options: &PlanOptions, clusters: &[Cluster], errors: &mut Vec<String>) -> Vec<(String, Option<PathBuf>)> {
    let mut out: Vec<(String, Option<PathBuf>)> = Vec::new();
    if options.baseline {
        out.push((BASELINE.into(), None));
    }
    for file in &options.scenarios {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("{}: {e}", file.display()));
                continue;
            }
        };
        let shown = file.display().to_string();
        let mut names: Option<Vec<Scenario>> = None;
        for c in clusters {
            match scenario::parse(&text, &shown, &c.problem) {
                Ok(f) => names = Some(f.scenarios),
                Err(e) => errors.push(format!("{e} (checked against cluster `{}`)", c.id)),
            }
        }
        for (i, s) in names.unwrap_or_default().iter().enumerate() {
            if s.name == BASELINE || out.iter().any(|(n, _)| *n == s.name) {
                errors.push(format!(
                    "{shown}: $.scenarios[{i}].name: the scenario name `{}` is used twice in the sweep (or is `{BASELINE}`)",
                    s.name
                ));
            } else {
                out.push((s.name.clone(), Some(file.clone())));
            }
        }
    }
    out
}

/// The (label, carers) of each workforce level for a cluster of `own` carers.
fn levels(levels: &Levels, own: usize) -> Vec<(String, usize)> {
    match levels {
        Levels::Own => vec![("own".into(), own)],
        Levels::Carers(c) => c.iter().map(|&n| (format!("c{n}"), n)).collect(),
        Levels::Scale(s) => s.iter().map(|&x| (format!("x{x}"), (own as f64 * x).round() as usize)).collect(),
    }
}

/// The files a problem reads beside itself (matrix files, a road network), relative to it.
fn side_files(problem: &Problem) -> Vec<String> {
    match &problem.travel {
        TravelConfig::Distance { .. } => Vec::new(),
        TravelConfig::Matrix { files } => files.values().cloned().collect::<BTreeSet<_>>().into_iter().collect(),
        TravelConfig::RoadNetwork { road_network, .. } => vec![road_network.clone()],
    }
}

/// `path` relative to `base` (both made absolute), with `/` between parts.
fn relative(path: &Path, base: &Path) -> Result<String, String> {
    let abs = path.canonicalize().map_err(|e| format!("{}: {e}", path.display()))?;
    let rel = pathdiff::diff_paths(&abs, base).unwrap_or(abs);
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    Ok(if rel.is_absolute() { rel.to_string_lossy().into_owned() } else { parts.join("/") })
}

fn parent(rel: &str) -> String {
    rel.rsplit_once('/').map_or_else(String::new, |(p, _)| p.to_string())
}

fn join(folder: &str, file: &str) -> String {
    if folder.is_empty() || Path::new(file).is_absolute() {
        file.to_string()
    } else {
        format!("{folder}/{file}")
    }
}

/// A name safe as a file name: letters, digits, `-`, `_` and `.` kept, anything else `_`.
pub fn slug(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect()
}

/// SHA-256 of files by path relative to a folder, each read once.
#[derive(Default)]
pub struct HashCache(HashMap<String, Result<String, String>>);

impl HashCache {
    /// The hash of `dir/path`, or why it cannot be read.
    pub fn get(&mut self, dir: &Path, path: &str) -> Result<String, String> {
        self.0
            .entry(path.to_string())
            .or_insert_with(|| {
                let full = dir.join(path);
                std::fs::read(&full).map(|b| sha256(&b)).map_err(|e| format!("{}: {e}", full.display()))
            })
            .clone()
    }
}

impl Manifest {
    /// Read and check a manifest: every error, each with the file and field path.
    pub fn load(path: &Path) -> Result<Manifest, SweepError> {
        let text = std::fs::read_to_string(path).map_err(|e| SweepError::io(path, e))?;
        let mut de = serde_json::Deserializer::from_str(&text);
        let manifest: Manifest = serde_path_to_error::deserialize(&mut de).map_err(|e| SweepError::Invalid {
            errors: vec![format!("{}: $.{}: {}", path.display(), e.path(), e.inner())],
        })?;
        let errors: Vec<String> = manifest.check().into_iter().map(|e| format!("{}: {e}", path.display())).collect();
        if !errors.is_empty() {
            return Err(SweepError::Invalid { errors });
        }
        Ok(manifest)
    }

    /// Write it atomically.
    pub fn save(&self, path: &Path) -> Result<(), SweepError> {
        rota::format::save_json(path, self).map_err(|e| SweepError::io(path, e))
    }

    /// What is wrong with it: each error with its field path and task id.
    pub fn check(&self) -> Vec<String> {
        let mut errors = Vec::new();
        if self.format != FORMAT {
            errors.push(format!("$.format: `{}`, expected `{FORMAT}`", self.format));
        }
        let mut ids = HashMap::new();
        let mut results = HashMap::new();
        for (i, t) in self.tasks.iter().enumerate() {
            let at = |field: &str| format!("$.tasks[{i}].{field} (id {:?})", t.id);
            if t.index != i {
                errors.push(format!("{}: {} is not the task's position {i}", at("index"), t.index));
            }
            if let Some(j) = ids.insert(t.id.as_str(), i) {
                errors.push(format!("{}: the id of task {j} too", at("id")));
            }
            if let Some(j) = results.insert(t.result.as_str(), i) {
                errors.push(format!("{}: `{}` is the result of task {j} too", at("result"), t.result));
            }
            if t.scenario == BASELINE && t.scenario_file.is_some() {
                errors.push(format!("{}: the baseline has no scenario file", at("scenario_file")));
            }
            if t.scenario != BASELINE && t.scenario_file.is_none() {
                errors.push(format!("{}: scenario `{}` needs its file", at("scenario_file"), t.scenario));
            }
            if !t.inputs.iter().any(|x| x.path == t.problem) {
                errors.push(format!("{}: the problem file is not listed", at("inputs")));
            }
            for (k, x) in t.inputs.iter().enumerate() {
                if x.sha256.len() != 64 || !x.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                    errors.push(format!("{}: not 64 hex digits", at(&format!("inputs[{k}].sha256"))));
                }
            }
        }
        let o = &self.options;
        if o.work == 0 {
            errors.push("$.options.work: must be at least 1".into());
        }
        if !(o.time_limit.is_finite() && o.time_limit > 0.0 && o.time_limit <= 86_400.0) {
            errors.push(format!("$.options.time_limit: {} must be above 0 and at most 86400", o.time_limit));
        }
        if !(o.share > 0.0 && o.share <= 1.0) {
            errors.push(format!("$.options.share: {} must be above 0 and at most 1", o.share));
        }
        errors
    }
}
