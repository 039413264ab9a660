//! `rota report problem.json rota.json -o report.html [--title T]`: one self-contained HTML
//! page a scheduler reads at a glance: the checker's KPIs, a Gantt chart and a map per day,
//! the unassigned visits, continuity per client and hours per carer (`docs/report.md`).
//!
//! The problem, travel and rota load exactly as in `rota check`, so bad input gives the same
//! full error report. Exit codes: 0 the report is written (even when it shows hard
//! violations; `rota check` is the gate); 2 bad input or a file that cannot be written.

use super::{check_output, folder_of, load_problem, load_rota, report, Outcome};
use rota::travel::Travel;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rota report`.
#[derive(clap::Args)]
pub struct Args {
    /// The problem file.
    problem: PathBuf,
    /// The rota file.
    rota: PathBuf,
    /// Where to write the HTML report.
    #[arg(short, long)]
    output: PathBuf,
    /// The page title (default: "Rota report: " and the problem's name).
    #[arg(long)]
    title: Option<String>,
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    check_output(&args.output, &[&args.problem, &args.rota])?;
    let problem = load_problem(&args.problem)?;
    let file = args.problem.display().to_string();
    let travel = Travel::for_problem(&problem, folder_of(&args.problem), &file).map_err(|e| report(&e))?;
    let rota = load_rota(&args.rota, &problem)?;
    let result = rota::check::check(&problem, &rota, &travel);
    let name =
        |p: &PathBuf| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
    let options = rota_report::Options {
        title: args.title.unwrap_or_default(),
        sources: vec![name(&args.problem), name(&args.rota)],
    };
    let html = rota_report::render(&problem, &rota, &result, &options);
    rota::format::write_atomic(&args.output, html.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
    eprintln!(
        "wrote {} ({:.0} KB): {} hard violations, {} unassigned seats",
        args.output.display(),
        html.len() as f64 / 1024.0,
        result.violations.len(),
        result.kpis.visits.unassigned_seats
    );
    Ok(ExitCode::SUCCESS)
}
