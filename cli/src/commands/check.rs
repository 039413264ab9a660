//! `rota check problem.json rota.json [--json]`: every hard rule and KPI of a rota, recomputed
//! from scratch by the independent checker (`docs/checker.md`).
//!
//! Exit codes: 0 no hard violation; 1 at least one; 2 bad input (a file that does not load or
//! validate, or travel that cannot be built).

use super::{folder_of, load_problem, load_rota, report, Outcome};
use rota::travel::Travel;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rota check`.
#[derive(clap::Args)]
pub struct Args {
    /// The problem file.
    problem: PathBuf,
    /// The rota file.
    rota: PathBuf,
    /// Print the full report (violations and KPIs) as JSON.
    #[arg(long)]
    json: bool,
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    let problem = load_problem(&args.problem)?;
    let file = args.problem.display().to_string();
    let travel = Travel::for_problem(&problem, folder_of(&args.problem), &file).map_err(|e| report(&e))?;
    let rota = load_rota(&args.rota, &problem)?;
    let result = rota::check::check(&problem, &rota, &travel);
    if args.json {
        let text = serde_json::to_string_pretty(&result).map_err(|e| format!("cannot write the report: {e}"))?;
        println!("{text}");
    } else {
        print!("{result}");
    }
    Ok(if result.is_feasible() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
