//! `rota bench --json`, `--write-baseline`, `--compare` and `--instructions`: a bench run as a
//! machine-readable record, a baseline file that holds such records and instruction counts, and
//! the comparison of a run with that baseline (see [`super::compare`]).
//!
//! The record (`"format": "rota-bench/1"`) and the baseline (`"format": "rota-baseline/1"`) are
//! described in BENCHMARKS.md, "Benchmark runs CI can trust (issue 19)".

use super::compare::{self, Findings};
use super::{Args, Family, Row};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `format` of a run's record.
pub const RUN_FORMAT: &str = "rota-bench/1";
/// The `format` of a baseline file.
pub const BASELINE_FORMAT: &str = "rota-baseline/1";
/// The exit code when `--compare` finds a regression beyond the thresholds.
pub const REGRESSED: u8 = 4;

/// The flags of `rota bench` that record a run and compare it with a baseline.
#[derive(clap::Args, Debug, Default)]
pub struct RecordArgs {
    /// Also write the results as JSON here (`rota-bench/1`: options, rota version, each
    /// instance's cost, reference, gap, feasibility, iterations and seconds, class means).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Compare with this baseline (`rota-baseline/1`): exit code 4 when an instance's cost is
    /// more than 0.5% worse, the mean gap more than 0.1 percentage point worse, a feasible
    /// instance is no longer feasible, or (with `--instructions`) a bench's instruction count
    /// is more than 2% higher. Needs the baseline's `--iterations`, `--seed` and `--threads`.
    #[arg(long, value_name = "BASELINE")]
    pub compare: Option<PathBuf>,
    /// Put this run's results into this baseline file (created if missing), replacing the
    /// family's earlier entry, and with `--instructions` its instruction counts too.
    #[arg(long, value_name = "BASELINE")]
    pub write_baseline: Option<PathBuf>,
    /// Callgrind instruction counts to compare or store: the folder where
    /// `cargo bench -p rota-benches --bench instructions -- --save-summary=json` writes its
    /// summaries (target/gungraun).
    #[arg(long, value_name = "DIR")]
    pub instructions: Option<PathBuf>,
}

/// Which build of rota made a record.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Version {
    /// `CARGO_PKG_VERSION` of the CLI.
    pub version: String,
    /// The git commit, from `ROTA_GIT_COMMIT` at build time or else at run time; `None` if unset.
    pub commit: Option<String>,
}

impl Version {
    /// This build's version.
    pub fn current() -> Version {
        let commit = option_env!("ROTA_GIT_COMMIT")
            .map(str::to_string)
            .or_else(|| std::env::var("ROTA_GIT_COMMIT").ok())
            .filter(|c| !c.trim().is_empty());
        Version { version: env!("CARGO_PKG_VERSION").to_string(), commit }
    }
}

/// The options of a run: the ones that decide its results.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Options {
    /// Wall-clock limit per instance, seconds.
    pub time_limit_s: f64,
    /// What ends each search: `iterations`, `work` (`--repeatable` or `--work`) or `time`.
    pub budget: String,
    /// The iteration budget per thread, when `budget` is `iterations`.
    pub iterations: Option<u64>,
    /// The work budget per thread given with `--work` (absent: the time limit's, or none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<u64>,
    /// The random seed.
    pub seed: u64,
    /// Search threads per instance.
    pub threads: usize,
    /// Instances solved at the same time.
    pub jobs: usize,
    /// The `--only` list (empty: every instance found).
    pub only: Vec<String>,
}

/// One instance's result.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Instance {
    /// The instance's name, as printed and matched by `--only`.
    pub name: String,
    /// Its class, for the means.
    pub class: String,
    /// The checker's cost (`routing_cost`); `None` when it was not solved.
    pub cost: Option<f64>,
    /// The best-known value.
    pub reference: Option<f64>,
    /// `(cost - reference) / reference`, in percent.
    pub gap_pct: Option<f64>,
    /// No broken rule (checker and reference evaluator) and every visit placed.
    pub feasible: bool,
    /// The checker's hard violations.
    pub violations: usize,
    /// Every reason it is not feasible, or could not be run.
    pub problems: Vec<String>,
    /// Search iterations done (all threads).
    pub iterations: u64,
    /// The work clock at the end.
    pub work: u64,
    /// Wall-clock seconds of the solve.
    pub seconds: f64,
    /// What ended the search: `iterations`, `work`, `clock`, `interrupted`, `not_run` or empty.
    pub stopped_by: String,
}

/// A class's means (the class `all` is every instance).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Class {
    /// The class name.
    pub class: String,
    /// Instances in it.
    pub instances: usize,
    /// Feasible instances.
    pub feasible: usize,
    /// Mean gap over its instances with a reference, percent.
    pub mean_gap_pct: Option<f64>,
    /// Mean seconds per instance.
    pub mean_seconds: f64,
}

/// A `rota bench` run (`rota-bench/1`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Run {
    /// `rota-bench/1`.
    pub format: String,
    /// `solomon`, `mankowska` or `italian`.
    pub family: String,
    /// The build that ran it.
    pub rota: Version,
    /// The options.
    pub options: Options,
    /// Each instance, in the order run.
    pub instances: Vec<Instance>,
    /// Class means, then `all`.
    pub classes: Vec<Class>,
}

/// Callgrind instruction counts (`Ir`) per bench.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Instructions {
    /// The build that counted them.
    pub rota: Option<Version>,
    /// What counted them.
    pub source: String,
    /// Bench (`function/id` of benches/benches/instructions.rs) → instructions.
    pub benches: BTreeMap<String, u64>,
}

/// A baseline (`rota-baseline/1`): runs of fixed budgets, and instruction counts.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Baseline {
    /// `rota-baseline/1`.
    pub format: String,
    /// How to write it again.
    pub refresh: String,
    /// One run per family.
    pub quality: Vec<Run>,
    /// Instruction counts, if stored.
    pub instructions: Option<Instructions>,
}

/// The command that refreshes the shipped baseline.
pub const REFRESH: &str = "bash benchmarks/scripts/baseline.sh write";

impl Baseline {
    fn empty() -> Baseline {
        Baseline { format: BASELINE_FORMAT.into(), refresh: REFRESH.into(), quality: Vec::new(), instructions: None }
    }

    /// Read a baseline file.
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if b.format != BASELINE_FORMAT {
            return Err(format!("{}: $.format is {:?}, not {BASELINE_FORMAT:?}", path.display(), b.format));
        }
        Ok(b)
    }
}

fn family_name(family: Family) -> String {
    format!("{family:?}").to_lowercase()
}

/// The record of a run.
pub(super) fn run_record(args: &Args, rows: &[&Row]) -> Run {
    let budget = match (args.iterations, args.work, args.repeatable) {
        (Some(_), _, _) => "iterations",
        (None, Some(_), _) | (None, None, true) => "work",
        (None, None, false) => "time",
    };
    let options = Options {
        time_limit_s: args.time_limit,
        budget: budget.into(),
        iterations: args.iterations,
        work: args.work,
        seed: args.seed,
        threads: args.threads,
        jobs: args.jobs,
        only: args.only.clone(),
    };
    let instances: Vec<Instance> = rows.iter().map(|r| instance(r)).collect();
    Run {
        format: RUN_FORMAT.into(),
        family: family_name(args.family),
        rota: Version::current(),
        options,
        classes: classes(&instances),
        instances,
    }
}

fn instance(r: &Row) -> Instance {
    Instance {
        name: r.name.clone(),
        class: r.class.clone(),
        cost: r.ours,
        reference: r.bks,
        gap_pct: r.gap(r.bks),
        feasible: r.feasible,
        violations: r.problems.iter().filter(|p| p.starts_with("check: ")).count(),
        problems: r.problems.clone(),
        iterations: r.iterations,
        work: r.work,
        seconds: r.seconds,
        stopped_by: stopped_by(r).into(),
    }
}

/// What ended a row's solve, as the CSV's `stopped_by` column says it.
pub(super) fn stopped_by(r: &Row) -> &'static str {
    use rota::solve::Stop;
    match (r.not_run, r.stop) {
        (true, _) => "not_run",
        (false, Some(Stop::Work)) => "work",
        (false, Some(Stop::Iterations)) => "iterations",
        (false, Some(Stop::Clock)) => "clock",
        (false, Some(Stop::Interrupted)) => "interrupted",
        (false, None) => "",
    }
}

fn classes(instances: &[Instance]) -> Vec<Class> {
    let mut by: BTreeMap<&str, Vec<&Instance>> = BTreeMap::new();
    for i in instances {
        by.entry(&i.class).or_default().push(i);
    }
    let all: Vec<&Instance> = instances.iter().collect();
    by.iter()
        .map(|(c, is)| (*c, is))
        .chain(std::iter::once(("all", &all)))
        .map(|(class, is)| Class {
            class: class.into(),
            instances: is.len(),
            feasible: is.iter().filter(|i| i.feasible).count(),
            mean_gap_pct: super::mean(is.iter().filter_map(|i| i.gap_pct)),
            mean_seconds: super::mean(is.iter().map(|i| i.seconds)).unwrap_or(0.0),
        })
        .collect()
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())? + "\n";
    rota::format::write_atomic(path, text.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Write, store and compare as the flags say. Returns whether `--compare` found a regression.
pub(super) fn finish(args: &Args, rows: &[&Row]) -> Result<bool, String> {
    let rec = &args.record;
    let run = run_record(args, rows);
    if let Some(path) = &rec.json {
        write_json(path, &run)?;
    }
    let counted = match &rec.instructions {
        Some(dir) => Some(compare::read_callgrind(dir)?),
        None => None,
    };
    if let Some(path) = &rec.write_baseline {
        let mut base = if path.exists() { Baseline::read(path)? } else { Baseline::empty() };
        base.quality.retain(|r| r.family != run.family);
        base.quality.push(run.clone());
        base.quality.sort_by(|a, b| a.family.cmp(&b.family));
        if let Some(c) = &counted {
            base.instructions = Some(c.clone());
        }
        write_json(path, &base)?;
        eprintln!(
            "wrote the {} results{} into {}",
            run.family,
            if counted.is_some() { " and instruction counts" } else { "" },
            path.display()
        );
    }
    let Some(path) = &rec.compare else { return Ok(false) };
    let base = Baseline::read(path)?;
    let mut findings = Findings::default();
    match base.quality.iter().find(|r| r.family == run.family) {
        Some(b) => findings.extend(compare::quality(b, &run)?),
        None => return Err(format!("{} holds no {} results; refresh it with `{REFRESH}`", path.display(), run.family)),
    }
    if let Some(c) = &counted {
        match &base.instructions {
            Some(b) => findings.extend(compare::instructions(&b.benches, &c.benches)),
            None => return Err(format!("{} holds no instruction counts; refresh it with `{REFRESH}`", path.display())),
        }
    }
    print!("{}", findings.report(&path.display().to_string()));
    Ok(findings.regressed())
}
