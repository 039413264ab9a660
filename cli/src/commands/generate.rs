//! `rota generate` (being written).

use super::Outcome;

/// Arguments of `rota generate`.
#[derive(clap::Args)]
pub struct Args {}

/// Run it.
pub fn run(_args: Args) -> Outcome {
    Err("rota generate: not yet available".into())
}
