//! `rota export KIND problem.json rota.json [-o FILE] [--carer ID]`: run sheets, client
//! schedules, the council return or GeoJSON from a rota (`docs/exports.md`).
//!
//! Exit codes: 0 written; 2 bad input (a file that does not load or validate, an unknown kind
//! or carer, a plane problem asked for GeoJSON, or an output that cannot be written).

use super::{check_output, load_problem, load_rota, Outcome};
use rota::export::{export, Kind, Options};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rota export`.
#[derive(clap::Args)]
pub struct Args {
    /// What to export: run-sheets, client-schedules, council-return or geojson.
    #[arg(value_parser = parse_kind)]
    kind: Kind,
    /// The problem file.
    problem: PathBuf,
    /// The rota file.
    rota: PathBuf,
    /// The file to write; `-` or none prints to standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Only this carer's work (their run sheet, rounds, or the visits they attend).
    #[arg(long)]
    carer: Option<String>,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    s.parse()
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    let output = args.output.filter(|o| o.as_os_str() != "-");
    if let Some(out) = &output {
        check_output(out, &[&args.problem, &args.rota])?;
    }
    let problem = load_problem(&args.problem)?;
    let rota = load_rota(&args.rota, &problem)?;
    let options = Options { carer: args.carer };
    let text = export(args.kind, &problem, &rota, &options)
        .map_err(|e| format!("cannot export {} from {}: {e}", args.kind, args.rota.display()))?;
    let unassigned: u64 = rota.unassigned.iter().map(|u| u.seats as u64).sum();
    if unassigned > 0 {
        eprintln!(
            "note: {unassigned} visit seat(s) are unassigned in {} and not in this export; `rota check` lists them",
            args.rota.display()
        );
    }
    super::write_text(output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
