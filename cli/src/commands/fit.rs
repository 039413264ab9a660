//! `rota fit problem.json rota.json package.json [--json] [--top N] [--repair-k K]`: can a new
//! client's package be taken into a rota? Ranked options: strict (no existing visit moves),
//! repair (at most K existing visits move within their windows) or no, with why call by call
//! (`docs/operations.md`, "Package fit").
//!
//! `rota fit problem.json rota.json --bench-packages N --seed S` times the fit of N random
//! packages instead (`rota::fit::sample`) and prints percentiles by verdict.
//!
//! Exit codes: 0 an answer (strict, repair or no); 2 bad input.

use super::{folder_of, load_problem, load_rota, report, Outcome};
use rota::fit::{fit, load_package, merge, FitAnswer, FitOptions, Package, Verdict};
use rota::model::Problem;
use rota::travel::Travel;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `rota fit`.
#[derive(clap::Args)]
#[command(after_help = "Exit codes: 0 an answer (strict, repair or no); 2 bad input.")]
pub struct Args {
    /// The problem file the rota answers.
    problem: PathBuf,
    /// The rota to fit the package into.
    rota: PathBuf,
    /// The package file: the new client and the calls of its week.
    #[arg(required_unless_present = "bench_packages")]
    package: Option<PathBuf>,
    /// Print the answer as JSON.
    #[arg(long)]
    json: bool,
    /// The most options to give.
    #[arg(long, default_value_t = 3)]
    top: usize,
    /// The most existing visits a repair may move (0: no repair).
    #[arg(long, default_value_t = 3)]
    repair_k: usize,
    /// Instead of a package: fit this many random packages and print timings by verdict.
    #[arg(long, conflicts_with = "package")]
    bench_packages: Option<usize>,
    /// The seed of the first random package (--bench-packages); the next ones follow it.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    let problem = load_problem(&args.problem)?;
    let rota = load_rota(&args.rota, &problem)?;
    let options = FitOptions { top: args.top, repair_k: args.repair_k, ..FitOptions::default() };
    if let Some(n) = args.bench_packages {
        return bench(&args.problem, &problem, &rota, &options, n, args.seed);
    }
    let path = args.package.as_deref().expect("clap requires a package");
    let package = load_package(path).map_err(|e| report(&e))?;
    let answer = answer(&args.problem, &problem, &rota, &package, &path.display().to_string(), &options)?;
    if args.json {
        let text = serde_json::to_string_pretty(&answer).map_err(|e| format!("cannot write the answer: {e}"))?;
        println!("{text}");
    } else {
        print!("{answer}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Merge, build travel, fit.
fn answer(
    problem_path: &Path,
    problem: &Problem,
    rota: &rota::format::Rota,
    package: &Package,
    package_file: &str,
    options: &FitOptions,
) -> Result<FitAnswer, String> {
    let (merged, warnings) = merge(problem, package, package_file).map_err(|e| report(&e))?;
    for w in &warnings.0 {
        eprintln!("{w}");
    }
    let file = problem_path.display().to_string();
    let travel = Travel::for_problem(&merged, folder_of(problem_path), &file).map_err(|e| report(&e))?;
    Ok(fit(&merged, &travel, rota, package, options))
}

/// Fit `n` random packages from `seed` on, timing each (merge, travel and fit), and print the
/// 50th and 95th percentiles and the largest time by verdict.
fn bench(
    path: &Path,
    problem: &Problem,
    rota: &rota::format::Rota,
    options: &FitOptions,
    n: usize,
    seed: u64,
) -> Outcome {
    let mut times: Vec<(Verdict, f64)> = Vec::with_capacity(n);
    for i in 0..n as u64 {
        let package = rota::fit::sample::random_package(problem, seed + i);
        let began = Instant::now();
        let answer = answer(path, problem, rota, &package, "random package", options)?;
        times.push((answer.verdict, began.elapsed().as_secs_f64() * 1000.0));
    }
    println!("{n} random packages from seed {seed} (merge, travel and fit, ms):");
    println!("{:<8} {:>5} {:>9} {:>9} {:>9}", "verdict", "count", "p50", "p95", "max");
    for verdict in [Verdict::Strict, Verdict::Repair, Verdict::No] {
        let mut ms: Vec<f64> = times.iter().filter(|t| t.0 == verdict).map(|t| t.1).collect();
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| ms.get(((q * ms.len() as f64).ceil() as usize).saturating_sub(1)).copied().unwrap_or(0.0);
        println!("{:<8} {:>5} {:>9.1} {:>9.1} {:>9.1}", verdict.to_string(), ms.len(), at(0.5), at(0.95), at(1.0));
    }
    Ok(ExitCode::SUCCESS)
}
