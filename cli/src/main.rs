//! `rota`: the command line for Rota, the home care rota engine.
//!
//! Exit codes: 0 success; 1 the rota breaks a hard rule (`check`, `bench`); 2 bad input or
//! usage; 3 interrupted (Ctrl-C or SIGTERM) during `solve` or `bench`, with the best rota so far
//! written; 4 `bench --compare` found a regression beyond its thresholds; 5 `sweep status` or
//! `sweep merge`: some tasks are not done; 130 interrupted twice, quit at once.

mod commands;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Rota builds and checks weekly home care rotas.
#[derive(Parser)]
#[command(
    name = "rota",
    version,
    about,
    long_about = None,
    after_help = "Exit codes: 0 success; 1 the rota breaks a hard rule (check, bench); 2 bad input or usage; \
                  3 interrupted (Ctrl-C or SIGTERM) during solve or bench, the best rota so far written; \
                  4 bench --compare found a regression beyond its thresholds; 5 sweep status/merge: some tasks are not done; 130 interrupted twice, quit at once."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a problem file (and optionally a rota) and report every error together.
    Validate(commands::validate::Args),
    /// Solve a problem: build a week's rota.
    Solve(commands::solve::Args),
    /// Check a rota against its problem: hard-rule violations and KPIs, recomputed from scratch.
    Check(commands::check::Args),
    /// What changed between two rotas: the carers and clients to call, as text or CSV.
    Diff(commands::diff::Args),
    /// Export a rota as run sheets, client schedules, the council return or GeoJSON.
    Export(commands::export::Args),
    /// Can a new client's package be taken into a rota? Ranked options: strict, repair or no, with why.
    Fit(commands::fit::Args),
    /// Generate a realistic synthetic week at real postcodes.
    Generate(commands::generate::Args),
    /// Travel: write a problem's travel matrix, or calibrate the distance model.
    Travel(commands::travel::Args),
    /// Print the JSON Schema of a file format.
    Schema(commands::schema::Args),
    /// Import a problem: from spreadsheets (CSV), or a public benchmark instance (Solomon VRPTW, Mankowska or Italian HHCRSP).
    Import(commands::import::Args),
    /// Solve public benchmark instances and compare with the best-known values.
    Bench(commands::bench::Args),
    /// Write a self-contained HTML report of a rota: KPIs, Gantt, map, unassigned, continuity, hours.
    Report(commands::report::Args),
    /// A county of clusters: generate one from real boundaries and census data, or run its capacity model.
    County(commands::county::Args),
    /// Capacity modelling: proven lower bounds on unplaced seats and on the carers a week needs.
    Capacity(commands::capacity::Args),
    /// Sweeps as a manifest of tasks run by index: plan, run (one task or all with rayon), status, merge.
    Sweep(commands::sweep::Args),
    /// Re-plan a running week after events (hospital, sickness, cancellations) with minimal change.
    Replan(commands::replan::Args),
}

/// Quit quietly, as other command-line tools do, when the reader of standard output goes away
/// (`rota check ... | head`): Rust ignores SIGPIPE, so a write to a closed pipe would otherwise
/// fail and `print!` would panic.
fn default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any other thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    default_sigpipe();
    std::sync::LazyLock::force(&commands::STARTED);
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(a) => commands::validate::run(a),
        Command::Solve(a) => commands::solve::run(a),
        Command::Check(a) => commands::check::run(a),
        Command::Diff(a) => commands::diff::run(a),
        Command::Export(a) => commands::export::run(a),
        Command::Fit(a) => commands::fit::run(a),
        Command::Generate(a) => commands::generate::run(a),
        Command::Schema(a) => commands::schema::run(a),
        Command::Travel(a) => commands::travel::run(a),
        Command::Import(a) => commands::import::run(a),
        Command::Bench(a) => commands::bench::run(a),
        Command::Report(a) => commands::report::run(a),
        Command::County(a) => commands::county::run(a),
        Command::Capacity(a) => commands::capacity::run(a),
        Command::Sweep(a) => commands::sweep::run(a),
        Command::Replan(a) => commands::replan::run(a),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
