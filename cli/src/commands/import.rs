//! `rota import solomon|mankowska|italian FILE -o problem.json`: a public benchmark instance as a Rota
//! problem, with its travel matrix written beside it as `<problem stem>.matrix.json`.

use super::{check_output, Outcome};
use rota::import::{convert, italian, mankowska, solomon};
use std::path::PathBuf;
use std::process::ExitCode;

/// Which benchmark format.
#[derive(clap::ValueEnum, Clone, Copy)]
pub enum Kind {
    /// A Solomon VRPTW instance in VRPLIB form (`.vrp`).
    Solomon,
    /// A Mankowska (2014) HHCRSP instance (`.txt`).
    Mankowska,
    /// An Italian HHCRSP instance of Ceschia et al. (2024) (`.json`).
    Italian,
}

/// Arguments of `rota import`.
#[derive(clap::Args)]
pub struct Args {
    /// The format of the instance.
    kind: Kind,
    /// The instance file.
    input: PathBuf,
    /// Where to write the problem; the matrix goes beside it.
    #[arg(short, long)]
    output: PathBuf,
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    let text =
        std::fs::read_to_string(&args.input).map_err(|e| format!("cannot read {}: {e}", args.input.display()))?;
    let name = args.input.file_name().map_or_else(|| args.input.display().to_string(), |n| n.to_string_lossy().into());
    let stem = args.output.file_stem().and_then(|s| s.to_str()).unwrap_or("problem");
    let matrix_file = format!("{stem}.matrix.json");
    let imported = match args.kind {
        Kind::Solomon => convert::solomon(&solomon::parse(&name, &text).map_err(|e| e.to_string())?, &matrix_file),
        Kind::Mankowska => {
            convert::mankowska(&mankowska::parse(&name, &text).map_err(|e| e.to_string())?, &matrix_file)
        }
        Kind::Italian => convert::italian(&italian::parse(&name, &text).map_err(|e| e.to_string())?, &matrix_file),
    };
    let matrix_path = args.output.with_file_name(&matrix_file);
    check_output(&args.output, &[&args.input])?;
    check_output(&matrix_path, &[&args.input])?;
    rota::format::save_json(&args.output, &imported.problem)
        .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
    rota::format::save_json(&matrix_path, &imported.matrix)
        .map_err(|e| format!("cannot write {}: {e}", matrix_path.display()))?;
    eprintln!(
        "wrote {} ({} clients, {} visits, {} carers) and {}",
        args.output.display(),
        imported.problem.clients.len(),
        imported.problem.visits.len(),
        imported.problem.carers.len(),
        matrix_path.display()
    );
    Ok(ExitCode::SUCCESS)
}
