//! `rota check problem.json rota.json [--json]` (being written).

use super::Outcome;
use std::path::PathBuf;

/// Arguments of `rota check`.
#[derive(clap::Args)]
pub struct Args {
    /// The problem file.
    problem: PathBuf,
    /// The rota file.
    rota: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Run it.
pub fn run(_args: Args) -> Outcome {
    Err("rota check: not yet available".into())
}
