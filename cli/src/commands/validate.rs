//! `rota validate problem.json [rota.json] [--json]`

use super::{folder_of, Outcome};
use rota::format::{self, InputErrors};
use rota::travel::Travel;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rota validate`.
#[derive(clap::Args)]
pub struct Args {
    /// The problem file.
    problem: PathBuf,
    /// A rota file to validate against the problem.
    rota: Option<PathBuf>,
    /// Print the findings as JSON on stdout.
    #[arg(long)]
    json: bool,
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    let file = args.problem.display().to_string();
    let mut findings = InputErrors::default();
    let problem = match format::load_problem(&args.problem) {
        Ok((p, warnings)) => {
            findings.0.extend(warnings.0);
            Some(p)
        }
        Err(e) => {
            findings.0.extend(e.0);
            None
        }
    };
    if let Some(p) = &problem {
        if let Err(e) = Travel::for_problem(p, folder_of(&args.problem), &file) {
            findings.0.extend(e.0);
        }
        if let Some(rota) = &args.rota {
            match format::load_rota(rota, p) {
                Ok((_, warnings)) => findings.0.extend(warnings.0),
                Err(e) => findings.0.extend(e.0),
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&findings.0).expect("findings serialise"));
    } else if findings.0.is_empty() {
        println!("{file}: valid");
        if let Some(rota) = &args.rota {
            println!("{}: valid", rota.display());
        }
    } else {
        println!("{findings}");
    }
    Ok(if findings.has_errors() { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
