//! `rota schema problem|rota|matrix|events|package|sweep`: print a JSON Schema generated from the types.

use super::Outcome;
use std::process::ExitCode;

/// Which file format.
#[derive(clap::ValueEnum, Clone, Copy)]
pub enum Kind {
    /// The problem file.
    Problem,
    /// The rota file.
    Rota,
    /// The travel matrix file.
    Matrix,
    /// The events file of `rota replan`.
    Events,
    /// The package file of `rota fit`.
    Package,
    /// The manifest of `rota sweep` (sweep.json).
    Sweep,
}

/// Arguments of `rota schema`.
#[derive(clap::Args)]
pub struct Args {
    /// The format.
    kind: Kind,
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    let schema = match args.kind {
        Kind::Problem => rota::format::schema::problem(),
        Kind::Rota => rota::format::schema::rota(),
        Kind::Matrix => rota::format::schema::matrix(),
        Kind::Events => rota::format::schema::events(),
        Kind::Package => rota::format::schema::package(),
        Kind::Sweep => rota_sweep::manifest::schema(),
    };
    print!("{schema}");
    Ok(ExitCode::SUCCESS)
}
