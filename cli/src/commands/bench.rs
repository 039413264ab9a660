//! `rota bench solomon|mankowska|italian|uhhc [DIR] [--time-limit S] [--threads T] [--jobs J] [--seed N]
//! [--only A,B] [--csv out.csv] [--solutions OUTDIR]`: solve every public benchmark instance
//! under a folder and compare with the best-known values.
//!
//! Each instance goes the way a user's would: imported (`rota import`), written as a problem
//! and matrix file, read back and validated, solved, and then judged twice, independently of the
//! search: by `rota check` (hard violations and `routing_cost`, the benchmark's objective) and by
//! the benchmark's own reference evaluator on the exported solution. The reported cost is the
//! checker's. An instance is feasible when both find no broken rule and every visit is placed.
//! Mankowska and Italian exports are judged a third time, when a Python with its packages is
//! found, by the official hhcrsp validator (`--official auto|off|require`, module `official`).
//!
//! Exit code 0 when every instance is feasible, 1 when some is not (the table is printed either
//! way), 2 on bad arguments, 3 when interrupted (Ctrl-C or SIGTERM: the instance being solved
//! keeps its best rota so far, the instances not started are listed as not run, and the table
//! and CSV of what was done are written; a second Ctrl-C quits at once, and the CSV, rewritten
//! after every instance, then holds every instance finished before).
//!
//! Instances are found by walking DIR (and any `.tar.xz` archive in it, unpacked in pure Rust
//! into a temporary folder, `rota::import::archive`). Without DIR, the copy shipped in the
//! repository is used: `benchmarks/solomon1987`, `benchmarks/mankowska2014`,
//! `benchmarks/italian-ceschia2024` or `benchmarks/uhhc2025`, found under the current folder or above the `rota`
//! executable. Best-known values come from the first `bks.csv` in DIR or one of its parents.
//!
//! `--json FILE` writes the run as JSON, `--write-baseline FILE` stores it (and with
//! `--instructions DIR` callgrind instruction counts) in a baseline, and `--compare FILE` compares
//! the run with one, exiting 4 on a regression beyond the thresholds ([`record`], [`compare`]).

mod compare;
mod official;
mod record;

mod uhhc;

use super::interrupt::{self, INTERRUPTED};
use super::{load_problem, Outcome};
use rota::format::{save_json, Rota};
use rota::import::convert::{self, Imported};
use rota::import::{hhcrsp, italian, mankowska, solomon};
use rota::solve::{solve, Algorithm, Budget, Cancel, SolveOptions, Stop};
use rota::travel::Travel;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Which benchmark family.
#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum Family {
    /// Solomon VRPTW (`.vrp`), against `dist_only_bks` (total distance, DIMACS truncation).
    Solomon,
    /// Mankowska 2014 HHCRSP (`.txt`), against `MNSA24` (and the paper's own `M14`).
    Mankowska,
    /// Ceschia et al. 2024 Italian HHCRSP (`instance_*.json`), against `bks_total_cost`.
    Italian,
    /// Ceschia et al. 2026 UHHC (`i-*.json`, `instance-*.json`), on each instance's weighted
    /// objective, against the published simulated-annealing solution (`sa_objective`).
    Uhhc,
}

/// Arguments of `rota bench`.
#[derive(clap::Args)]
#[command(
    after_help = "Ctrl-C or SIGTERM: the instance being solved keeps its best rota so far, no other is started, \
the table and CSV of the instances run are written (the CSV's stopped_by column says interrupted or not_run), \
and the exit code is 3. A second Ctrl-C quits at once (exit 130); the CSV, rewritten after every instance, keeps \
those finished.

Exit codes: 0 every rota feasible; 1 some rota infeasible; 2 bad input; 3 interrupted; 4 --compare found a \
regression beyond its thresholds; 130 interrupted twice."
)]
pub struct Args {
    /// The benchmark family.
    family: Family,
    /// The folder holding the instances (searched recursively; `.tar.xz` archives are unpacked).
    /// Default: the shipped copy, benchmarks/solomon1987, benchmarks/mankowska2014,
    /// benchmarks/italian-ceschia2024 or benchmarks/uhhc2025, under the current folder or above the rota executable.
    dir: Option<PathBuf>,
    /// Wall-clock limit per instance, seconds.
    #[arg(long, default_value_t = 10.0)]
    time_limit: f64,
    /// Search threads per instance.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Instances solved at the same time (each with `--threads` threads). Above 1, instances
    /// share the machine, so compare timings only at equal settings.
    #[arg(long, default_value_t = 1)]
    jobs: usize,
    /// Search iterations per thread instead of running to the time limit (reproducible runs).
    #[arg(long)]
    iterations: Option<u64>,
    /// Turn the time limit into a fixed work budget, as `rota solve` does, instead of running
    /// to the clock (reproducible runs that may end before the time limit).
    #[arg(long, conflicts_with = "iterations")]
    repeatable: bool,
    /// Work units per thread per instance instead of the time limit's budget (`rota::solve::work`;
    /// 25 million a second is the time limit's rate): runs that repeat on any machine, however
    /// busy, as long as the time limit, still a hard cap, does not cut them first.
    #[arg(long, conflicts_with_all = ["iterations", "repeatable"])]
    work: Option<u64>,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Only these instances (comma-separated names as printed, e.g. `C101,R201` or `A1,B3`).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// The best-known values; default: the first `bks.csv` in DIR or its parents.
    #[arg(long)]
    bks: Option<PathBuf>,
    /// Also write the results as CSV here.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Write each solution here: VRPLIB `.sol` for Solomon, hhcrsp JSON for Mankowska and Italian,
    /// UHHC solution JSON for UHHC.
    #[arg(long)]
    solutions: Option<PathBuf>,
    /// Machine-readable results and the comparison with a baseline.
    #[command(flatten)]
    record: record::RecordArgs,
    /// Run the official hhcrsp validator (benchmarks/validators/hhcrsp, Python: `ROTA_PYTHON`,
    /// else `python3`) on each exported Mankowska and Italian solution: `auto` when its packages
    /// are found, `require` fails (exit 2) when they are not, `off` never. A rejection fails the
    /// instance.
    #[arg(long, value_enum, default_value_t = official::Official::Auto)]
    official: official::Official,
}

/// An instance found on disk, before it is read.
struct Found {
    /// The name printed and matched by `--only` (the bks.csv id where it has one).
    name: String,
    /// Its class, for the means (Solomon `R1`, `RC2`; Mankowska `A`..`G`; Italian the city).
    class: String,
    path: PathBuf,
    /// Best-known value and, for Mankowska, the original paper's (M14).
    bks: Option<f64>,
    m14: Option<f64>,
}

/// One instance's result.
#[derive(Clone, Debug)]
struct Row {
    name: String,
    class: String,
    ours: Option<f64>,
    bks: Option<f64>,
    m14: Option<f64>,
    feasible: bool,
    rounds: usize,
    seconds: f64,
    iterations: u64,
    /// The work clock at the end (`rota::solve::work`).
    work: u64,
    /// Why the instance is not feasible (or could not be run).
    problems: Vec<String>,
    /// What ended its solve (`None`: not solved, or not run).
    stop: Option<Stop>,
    /// Not run at all: the bench was interrupted first.
    not_run: bool,
    /// The official validator's verdict on the exported solution (`None`: not run).
    official: Option<official::Verdict>,
}

impl Row {
    fn gap(&self, reference: Option<f64>) -> Option<f64> {
        match (self.ours, reference) {
            (Some(o), Some(b)) if b > 0.0 => Some((o - b) / b * 100.0),
            _ => None,
        }
    }
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    if !(args.time_limit.is_finite() && args.time_limit > 0.0 && args.time_limit <= 604_800.0) {
        return Err(format!("--time-limit must be a number of seconds above 0, not {}", args.time_limit));
    }
    if args.threads == 0 || args.jobs == 0 {
        return Err("--threads and --jobs must be at least 1".into());
    }
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => shipped_dir(args.family)?,
    };
    if !dir.is_dir() {
        return Err(format!("{} is not a folder", dir.display()));
    }
    if let Some(out) = &args.solutions {
        std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    }
    let work = std::env::temp_dir().join(format!("rota-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let cancel = interrupt::catch("the results so far");
    let result = bench(&args, &dir, &work, &cancel);
    let _ = std::fs::remove_dir_all(&work);
    result
}

/// The family's instances shipped in the repository.
fn shipped_dir(family: Family) -> Result<PathBuf, String> {
    let rel = Path::new("benchmarks").join(match family {
        Family::Solomon => "solomon1987",
        Family::Mankowska => "mankowska2014",
        Family::Italian => "italian-ceschia2024",
        Family::Uhhc => "uhhc2025",
    });
    super::shipped(&rel).ok_or_else(|| {
        format!(
            "cannot find the shipped {} under the current folder or above the rota executable; \
             run from the repository root or give DIR",
            rel.display()
        )
    })
}

fn bench(args: &Args, dir: &Path, work: &Path, cancel: &Cancel) -> Outcome {
    let bks_path = match &args.bks {
        Some(p) => Some(p.clone()),
        None => dir.ancestors().take(4).map(|d| d.join("bks.csv")).find(|p| p.is_file()),
    };
    let bks = match &bks_path {
        Some(p) => read_bks(p)?,
        None => {
            eprintln!("no bks.csv in {} or its parents: gaps are not shown", dir.display());
            Vec::new()
        }
    };
    let mut found = discover(args.family, dir, &work.join("unpacked"), &bks)?;
    if !args.only.is_empty() {
        let unknown: Vec<&String> = args.only.iter().filter(|o| !found.iter().any(|f| &f.name == *o)).collect();
        if !unknown.is_empty() {
            return Err(format!("--only names instances not found under {}: {unknown:?}", dir.display()));
        }
        found.retain(|f| args.only.contains(&f.name));
    }
    if found.is_empty() {
        return Err(format!("no {:?} instances under {}", args.family, dir.display()).to_lowercase());
    }
    eprintln!(
        "{} instances, {} s each, {} thread(s), {} at a time, seed {}",
        found.len(),
        args.time_limit,
        args.threads,
        args.jobs,
        args.seed
    );
    let validator = official::prepare(args.official, args.family, dir, &work.join("unpacked"))?;
    let on = validator.is_some();
    // Class names run from "C1" to "venice-padua-treviso": size the column to the longest.
    let cw = found.iter().map(|f| f.class.len()).max().unwrap_or(0).max(5);
    println!("{}{}", header(args.family, cw), official::header(on));
    let next = AtomicUsize::new(0);
    let rows: Mutex<Vec<(usize, Row)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..args.jobs.min(found.len()) {
            scope.spawn(|| loop {
                if cancel.is_cancelled() {
                    break;
                }
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(f) = found.get(i) else { break };
                let row = run_one(args, f, &work.join(format!("i{i}")), cancel, validator.as_ref());
                let interrupted = if row.stop == Some(Stop::Interrupted) { "  (interrupted)" } else { "" };
                println!("{}{}{interrupted}", line(args.family, &row, cw), official::line(on, &row));
                let mut rows = rows.lock().expect("no panic while holding the lock");
                rows.push((i, row));
                // The CSV so far, so that nothing finished is lost however the run ends.
                if let Some(path) = &args.csv {
                    if let Err(e) = write_csv(args.family, path, &rows, &[]) {
                        eprintln!("{e}");
                    }
                }
            });
        }
    });
    let mut numbered = rows.into_inner().expect("no panic while holding the lock");
    numbered.sort_by_key(|(i, _)| *i);
    let not_run: Vec<&Found> =
        found.iter().enumerate().filter(|(i, _)| !numbered.iter().any(|r| r.0 == *i)).map(|(_, f)| f).collect();
    let rows: Vec<&Row> = numbered.iter().map(|(_, r)| r).collect();
    println!();
    print!("{}", summary(args.family, &rows, cw));
    for r in rows.iter().filter(|r| !r.problems.is_empty()) {
        eprintln!("{}: {}", r.name, r.problems.join("; "));
    }
    let interrupted = cancel.is_cancelled();
    if interrupted {
        let list = |names: Vec<&str>| if names.is_empty() { "none".to_string() } else { names.join(", ") };
        let cut = rows.iter().filter(|r| r.stop == Some(Stop::Interrupted)).map(|r| r.name.as_str()).collect();
        println!(
            "interrupted: {} of {} instances run (cut short, with the best rota found before: {}); not run: {}",
            rows.len(),
            found.len(),
            list(cut),
            list(not_run.iter().map(|f| f.name.as_str()).collect())
        );
    }
    if let Some(path) = &args.csv {
        write_csv(args.family, path, &numbered, &not_run)?;
    }
    let regressed = record::finish(args, &rows)?;
    Ok(if interrupted {
        ExitCode::from(INTERRUPTED)
    } else if regressed {
        ExitCode::from(record::REGRESSED)
    } else if rows.iter().all(|r| r.feasible) {
        ExitCode::SUCCESS
    } else {
        // Like `rota check`: 1 when some rota breaks a rule or leaves a visit out.
        ExitCode::from(1)
    })
}

/// Write the CSV of `rows` (in the order of their numbers) and of the instances `not_run`,
/// atomically.
fn write_csv(family: Family, path: &Path, rows: &[(usize, Row)], not_run: &[&Found]) -> Result<(), String> {
    let mut sorted: Vec<&(usize, Row)> = rows.iter().collect();
    sorted.sort_by_key(|(i, _)| *i);
    let mut all: Vec<Row> = sorted.into_iter().map(|(_, r)| r.clone()).collect();
    all.extend(not_run.iter().map(|f| Row { not_run: true, ..Row::new(f) }));
    rota::format::write_atomic(path, csv(family, &all).as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// bks.csv as rows of header → value.
fn read_bks(path: &Path) -> Result<Vec<HashMap<String, String>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut lines = text.lines();
    let headers: Vec<&str> = lines.next().unwrap_or("").split(',').map(str::trim).collect();
    Ok(lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| headers.iter().zip(l.split(',')).map(|(h, v)| (h.to_string(), v.trim().to_string())).collect())
        .collect())
}

/// Every instance file of the family under `dir`, sorted by name, with its best-known values.
fn discover(family: Family, dir: &Path, unpack: &Path, bks: &[HashMap<String, String>]) -> Result<Vec<Found>, String> {
    let mut files = Vec::new();
    walk(dir, &mut files);
    let archives: Vec<PathBuf> = files.iter().filter(|p| p.to_string_lossy().ends_with(".tar.xz")).cloned().collect();
    for (k, archive) in archives.iter().enumerate() {
        let into = unpack.join(k.to_string());
        match rota::import::archive::unpack_tar_xz(archive, &into) {
            Ok(()) => walk(&into, &mut files),
            Err(e) => eprintln!("skipping {e}"),
        }
    }
    let ext = match family {
        Family::Solomon => "vrp",
        Family::Mankowska => "txt",
        Family::Italian | Family::Uhhc => "json",
    };
    let mut out: Vec<Found> = files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().to_uppercase().starts_with("SOURCE")))
        .filter(|p| {
            family != Family::Italian || p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("instance_"))
        })
        .filter(|p| family != Family::Uhhc || uhhc::is_instance(p))
        .map(|path| {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let value = |row: &HashMap<String, String>, col: &str| row.get(col).and_then(|v| v.parse::<f64>().ok());
            match family {
                Family::Solomon => {
                    let row = bks.iter().find(|r| r.get("instance") == Some(&stem));
                    let class = stem.trim_end_matches(|c: char| c.is_ascii_digit()).to_string()
                        + &stem.chars().find(|c| c.is_ascii_digit()).map(String::from).unwrap_or_default();
                    Found { class, bks: row.and_then(|r| value(r, "dist_only_bks")), m14: None, name: stem, path }
                }
                Family::Mankowska => {
                    let file = format!("{stem}.txt");
                    let row = bks.iter().find(|r| r.get("file") == Some(&file));
                    let name = row.and_then(|r| r.get("id").cloned()).unwrap_or(stem);
                    let class = name.chars().next().map(String::from).unwrap_or_default();
                    Found {
                        class,
                        bks: row.and_then(|r| value(r, "MNSA24")),
                        m14: row.and_then(|r| value(r, "M14")),
                        name,
                        path,
                    }
                }
                Family::Italian => {
                    let file = format!("{stem}.json");
                    let row = bks.iter().find(|r| r.get("instance") == Some(&file));
                    // `instance_010-cosenza-r18-...` is `I010`, of its city.
                    let number: String =
                        stem.trim_start_matches("instance_").chars().take_while(char::is_ascii_digit).collect();
                    let class = row.and_then(|r| r.get("city").cloned()).unwrap_or_default();
                    let name = if number.is_empty() { stem } else { format!("I{number}") };
                    Found { class, bks: row.and_then(|r| value(r, "bks_total_cost")), m14: None, name, path }
                }
                Family::Uhhc => uhhc::found(path, |file| {
                    bks.iter()
                        .find(|r| r.get("instance").map(String::as_str) == Some(file))
                        .and_then(|r| value(r, "sa_objective"))
                }),
            }
        })
        .collect();
    out.sort_by(|a, b| natural(&a.name).cmp(&natural(&b.name)).then(a.path.cmp(&b.path)));
    out.dedup_by(|a, b| a.name == b.name);
    Ok(out)
}

/// A sort key that orders `A2` before `A10`.
fn natural(name: &str) -> (String, u64, String) {
    let letters: String = name.chars().take_while(|c| !c.is_ascii_digit()).collect();
    let rest = &name[letters.len()..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    (letters, digits.parse().unwrap_or(0), rest[digits.len()..].to_string())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// (cost, problems) of a rota by the benchmark's own evaluator.
type Evaluator = Box<dyn Fn(&Rota) -> (f64, Vec<String>)>;

/// (file name, text) of a rota, with its cost, in the benchmark's solution format.
type Exporter = Box<dyn Fn(&Rota, f64) -> (String, String)>;

/// An instance read and imported, with its reference evaluator and exporter.
struct Loaded {
    imported: Imported,
    evaluate: Evaluator,
    export: Exporter,
}

fn load(family: Family, f: &Found) -> Result<Loaded, String> {
    let text = std::fs::read_to_string(&f.path).map_err(|e| format!("cannot read {}: {e}", f.path.display()))?;
    let file = f.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(match family {
        Family::Uhhc => uhhc::load(f, &file, &text)?,
        Family::Solomon => {
            let inst = solomon::parse(&file, &text).map_err(|e| e.to_string())?;
            let imported = convert::solomon(&inst, "problem.matrix.json");
            let name = f.name.clone();
            Loaded {
                imported,
                evaluate: Box::new(move |rota| {
                    let e = solomon::evaluate(&inst, &convert::solomon_solution(rota, None));
                    (e.cost, e.problems)
                }),
                export: Box::new(move |rota, cost| {
                    let sol = convert::solomon_solution(rota, Some((cost * 10.0).round() / 10.0));
                    (format!("{name}.sol"), solomon::write_solution(&sol))
                }),
            }
        }
        Family::Italian => {
            let inst = italian::parse(&file, &text).map_err(|e| e.to_string())?;
            let imported = convert::italian(&inst, "problem.matrix.json");
            let stem = f.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let caregivers = convert::caregiver_ids(&imported.problem);
            let all = caregivers.clone();
            Loaded {
                imported,
                evaluate: Box::new(move |rota| {
                    let e = italian::evaluate(&inst, &convert::hhcrsp_solution(rota, &caregivers));
                    (e.cost, e.problems)
                }),
                export: Box::new(move |rota, _| {
                    (format!("sol-{stem}.json"), hhcrsp::write(&convert::hhcrsp_solution(rota, &all)))
                }),
            }
        }
        Family::Mankowska => {
            let inst = mankowska::parse(&file, &text).map_err(|e| e.to_string())?;
            let imported = convert::mankowska(&inst, "problem.matrix.json");
            let stem = f.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let caregivers = convert::caregiver_ids(&imported.problem);
            let all = caregivers.clone();
            Loaded {
                imported,
                evaluate: Box::new(move |rota| {
                    let e = mankowska::evaluate(&inst, &convert::hhcrsp_solution(rota, &caregivers));
                    (e.cost, e.problems)
                }),
                export: Box::new(move |rota, _| {
                    (format!("sol-{stem}.json"), hhcrsp::write(&convert::hhcrsp_solution(rota, &all)))
                }),
            }
        }
    })
}

impl Row {
    /// The row of an instance before it is run.
    fn new(f: &Found) -> Row {
        Row {
            name: f.name.clone(),
            class: f.class.clone(),
            ours: None,
            bks: f.bks,
            m14: f.m14,
            feasible: false,
            rounds: 0,
            seconds: 0.0,
            iterations: 0,
            work: 0,
            problems: Vec::new(),
            stop: None,
            not_run: false,
            official: None,
        }
    }
}

fn run_one(args: &Args, f: &Found, work: &Path, cancel: &Cancel, validator: Option<&official::Validator>) -> Row {
    let mut row = Row::new(f);
    if let Err(e) = solve_one(args, f, work, &mut row, cancel, validator) {
        row.problems.push(e);
    }
    let _ = std::fs::remove_dir_all(work);
    row
}

fn solve_one(
    args: &Args,
    f: &Found,
    work: &Path,
    row: &mut Row,
    cancel: &Cancel,
    validator: Option<&official::Validator>,
) -> Result<(), String> {
    let loaded = load(args.family, f)?;
    std::fs::create_dir_all(work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let problem_path = work.join("problem.json");
    save_json(&problem_path, &loaded.imported.problem).map_err(|e| e.to_string())?;
    save_json(work.join(&loaded.imported.matrix_file), &loaded.imported.matrix).map_err(|e| e.to_string())?;
    let problem = load_problem(&problem_path)?;
    let travel = Travel::for_problem(&problem, work, "problem.json").map_err(|e| e.to_string())?;
    let options = SolveOptions {
        algorithm: Algorithm::Lns,
        time_limit: Duration::from_secs_f64(args.time_limit),
        started: None,
        cancel: cancel.clone(),
        budget: match (args.iterations, args.work, args.repeatable) {
            (Some(i), _, _) => Budget::Iterations(i),
            (None, Some(w), _) => Budget::Work(w),
            (None, None, true) => Budget::FromTimeLimit,
            (None, None, false) => Budget::FullTime,
        },
        seed: args.seed,
        threads: args.threads,
    };
    let solution = solve(&problem, &travel, &options, &|_| {});
    row.stop = solution.stop;
    row.seconds = solution.seconds;
    row.iterations = solution.iterations;
    row.work = solution.work;
    let rota = &solution.rota;
    row.rounds = rota.rounds.iter().filter(|r| !r.visits.is_empty()).count();
    let report = rota::check::check(&problem, rota, &travel);
    if args.family == Family::Uhhc {
        let (name, text) = uhhc::judge(f, &loaded, &report, rota, work, row)?;
        return write_solution(args, &name, &text);
    }
    row.ours = Some(report.kpis.routing_cost);
    let unplaced: usize = rota.unassigned.iter().map(|u| u.seats as usize).sum();
    if unplaced > 0 {
        row.problems.push(format!("{unplaced} visit seat(s) unassigned"));
    }
    row.problems.extend(report.violations.iter().map(|v| format!("check: {} {}", v.rule, v.message)));
    let (raw_cost, raw_problems) = (loaded.evaluate)(rota);
    row.problems.extend(raw_problems.into_iter().map(|p| format!("reference evaluator: {p}")));
    if unplaced == 0 && (raw_cost - report.kpis.routing_cost).abs() > 0.01 {
        row.problems.push(format!(
            "the reference evaluator's cost {raw_cost:.3} differs from the checker's {:.3}",
            report.kpis.routing_cost
        ));
    }
    row.feasible = row.problems.is_empty();
    if let Some(out) = &args.solutions {
        let (name, text) = (loaded.export)(rota, report.kpis.routing_cost);
        rota::format::write_atomic(out.join(&name), text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", out.join(name).display()))?;
    }
    if let Some(v) = validator {
        let exported = (loaded.export)(rota, report.kpis.routing_cost);
        v.judge_row(args.family, &f.path, &exported, args.solutions.as_deref(), work, row);
        row.feasible = row.problems.is_empty();
    }
    Ok(())
}

/// Write a solution file under `--solutions`, if given.
fn write_solution(args: &Args, name: &str, text: &str) -> Result<(), String> {
    let Some(out) = &args.solutions else { return Ok(()) };
    rota::format::write_atomic(out.join(name), text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", out.join(name).display()))
}

fn header(family: Family, cw: usize) -> String {
    let extra = if family == Family::Mankowska { format!(" {:>9} {:>7}", "M14", "vs M14%") } else { String::new() };
    format!(
        "{:<10} {:<cw$} {:>10} {:>10} {:>7}{extra} {:>8} {:>6} {:>8} {:>10}",
        "instance", "class", "ours", "bks", "gap%", "feasible", "rounds", "seconds", "iterations"
    )
}

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(
        || "-".into(),
        |x| {
            let s = format!("{x:.decimals$}");
            // A tie a hair below zero prints as `0.00`, not `-0.00`.
            match s.strip_prefix('-') {
                Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
                _ => s,
            }
        },
    )
}

fn line(family: Family, r: &Row, cw: usize) -> String {
    let extra = if family == Family::Mankowska {
        format!(" {:>9} {:>7}", opt(r.m14, 2), opt(r.gap(r.m14), 2))
    } else {
        String::new()
    };
    format!(
        "{:<10} {:<cw$} {:>10} {:>10} {:>7}{extra} {:>8} {:>6} {:>8.1} {:>10}",
        r.name,
        r.class,
        opt(r.ours, 2),
        opt(r.bks, 2),
        opt(r.gap(r.bks), 2),
        if r.feasible { "yes" } else { "NO" },
        r.rounds,
        r.seconds,
        r.iterations
    )
}

fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = xs.collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// Class means and the overall line: instances, feasible, mean gap (over instances with a
/// best-known value), and for Mankowska how many match or beat M14 (published to 0.1).
fn summary(family: Family, rows: &[&Row], cw: usize) -> String {
    let mut classes: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for &r in rows {
        classes.entry(&r.class).or_default().push(r);
    }
    let mut out = String::new();
    let extra =
        if family == Family::Mankowska { format!(" {:>10} {:>10}", "vs M14%", "<= M14") } else { String::new() };
    let _ = writeln!(
        out,
        "{:<cw$} {:>9} {:>8} {:>9}{extra} {:>9}",
        "class", "instances", "feasible", "mean gap%", "seconds"
    );
    let all: Vec<&Row> = rows.to_vec();
    for (class, rs) in classes.iter().map(|(c, r)| (*c, r)).chain(std::iter::once(("all", &all))) {
        let extra = if family == Family::Mankowska {
            // M14 is published to one decimal: a tie within 0.05 counts as matching it.
            let beats = rs
                .iter()
                .filter(|r| r.feasible && matches!((r.ours, r.m14), (Some(o), Some(m)) if o <= m + 0.05))
                .count();
            format!(" {:>10} {:>10}", opt(mean(rs.iter().filter_map(|r| r.gap(r.m14))), 2), beats)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{:<cw$} {:>9} {:>8} {:>9}{extra} {:>9.1}",
            class,
            rs.len(),
            rs.iter().filter(|r| r.feasible).count(),
            opt(mean(rs.iter().filter_map(|r| r.gap(r.bks))), 2),
            mean(rs.iter().map(|r| r.seconds)).unwrap_or(0.0)
        );
    }
    out
}

fn csv(family: Family, rows: &[Row]) -> String {
    let mut out = String::from("instance,class,ours,bks,gap_pct,feasible,rounds,seconds,iterations,work,stopped_by");
    if family == Family::Mankowska {
        out.push_str(",m14,gap_m14_pct");
    }
    out.push_str(",problems,official,official_cost\n");
    let num = |v: Option<f64>| v.map_or_else(String::new, |x| format!("{x:.3}"));
    for r in rows {
        // What ended the solve: a budget (repeatable), the clock, an interruption; or not run.
        let stopped = record::stopped_by(r);
        let _ = write!(
            out,
            "{},{},{},{},{},{},{},{:.2},{},{},{stopped}",
            r.name,
            r.class,
            num(r.ours),
            num(r.bks),
            num(r.gap(r.bks)),
            r.feasible,
            r.rounds,
            r.seconds,
            r.iterations,
            r.work
        );
        if family == Family::Mankowska {
            let _ = write!(out, ",{},{}", num(r.m14), num(r.gap(r.m14)));
        }
        let problems = r.problems.join("; ").replace('"', "'");
        let _ = writeln!(out, ",\"{problems}\"{}", official::csv(r));
    }
    out
}
