//! `rota import solomon|mankowska|italian|uhhc FILE -o problem.json`: a public benchmark instance as a
//! Rota problem, with its travel matrix written beside it as `<problem stem>.matrix.json`.
//!
//! `rota import csv --clients clients.csv --carers carers.csv --visits visits.csv --week-start
//! YYYY-MM-DD [--profile P] [--postcodes FILE] [--name NAME] -o problem.json`: a week kept in a
//! spreadsheet as a problem (see `docs/csv.md`). Every error is reported by file, row and column.

use super::{check_output, Outcome};
use rota::generate::PostcodeTable;
use rota::import::csv::{self as csv_import, CsvErrors, CsvFile, CsvOptions};
use rota::import::{convert, italian, mankowska, solomon, uhhc};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rota import`.
#[derive(clap::Args)]
pub struct Args {
    /// What to import.
    #[command(subcommand)]
    kind: Kind,
}

/// What to import.
#[derive(clap::Subcommand)]
pub enum Kind {
    /// A Solomon VRPTW instance in VRPLIB form (`.vrp`).
    Solomon(Benchmark),
    /// A Mankowska (2014) HHCRSP instance (`.txt`).
    Mankowska(Benchmark),
    /// An Italian HHCRSP instance of Ceschia et al. (2024) (`.json`).
    Italian(Benchmark),
    /// A UHHC instance of Ceschia et al. (2026) (`.json`).
    Uhhc(Benchmark),
    /// A week kept in a spreadsheet: clients, carers and visit patterns as three CSV files
    /// (see docs/csv.md).
    Csv(Csv),
}

/// Arguments for a benchmark instance.
#[derive(clap::Args)]
pub struct Benchmark {
    /// The instance file.
    input: PathBuf,
    /// Where to write the problem; the matrix goes beside it.
    #[arg(short, long)]
    output: PathBuf,
}

/// Arguments of `rota import csv`.
#[derive(clap::Args)]
pub struct Csv {
    /// The clients file: one row per client.
    #[arg(long)]
    clients: PathBuf,
    /// The carers file: one row per carer, with skills and availability.
    #[arg(long)]
    carers: PathBuf,
    /// The visits file: one row per visit pattern (days, start, duration).
    #[arg(long)]
    visits: PathBuf,
    /// The Monday the rota week starts on (YYYY-MM-DD); visit patterns are expanded over it.
    #[arg(long)]
    week_start: String,
    /// Contract profile of every client whose `profile` cell is empty: kent, milton-keynes,
    /// hammersmith-fulham, bexley or custom.
    #[arg(long, default_value = "custom")]
    profile: String,
    /// A postcode CSV (columns postcode, lat, lon) to place rows that give a postcode but no
    /// lat and lon, such as datasets/postcodes/canterbury.csv.
    #[arg(long)]
    postcodes: Option<PathBuf>,
    /// The problem's name (default: "week of" and the date the week starts).
    #[arg(long)]
    name: Option<String>,
    /// Where to write the problem.
    #[arg(short, long)]
    output: PathBuf,
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    match args.kind {
        Kind::Solomon(b) => benchmark(b, |name, text, matrix| {
            Ok(convert::solomon(&solomon::parse(name, text).map_err(|e| e.to_string())?, matrix))
        }),
        Kind::Mankowska(b) => benchmark(b, |name, text, matrix| {
            Ok(convert::mankowska(&mankowska::parse(name, text).map_err(|e| e.to_string())?, matrix))
        }),
        Kind::Italian(b) => benchmark(b, |name, text, matrix| {
            Ok(convert::italian(&italian::parse(name, text).map_err(|e| e.to_string())?, matrix))
        }),
        Kind::Uhhc(b) => benchmark(b, |name, text, matrix| {
            Ok(convert::uhhc(&uhhc::parse(name, text).map_err(|e| e.to_string())?, matrix))
        }),
        Kind::Csv(c) => csv(c),
    }
}

/// A benchmark instance, read and converted by `read`.
fn benchmark(args: Benchmark, read: impl FnOnce(&str, &str, &str) -> Result<convert::Imported, String>) -> Outcome {
    let text = rota::format::read_text(&args.input).map_err(|e| format!("{}: {e}", args.input.display()))?;
    let name = args.input.file_name().map_or_else(|| args.input.display().to_string(), |n| n.to_string_lossy().into());
    let stem = args.output.file_stem().and_then(|s| s.to_str()).unwrap_or("problem");
    let matrix_file = format!("{stem}.matrix.json");
    let imported = read(&name, &text, &matrix_file)?;
    let matrix_path = args.output.with_file_name(&matrix_file);
    check_output(&args.output, &[&args.input])?;
    check_output(&matrix_path, &[&args.input])?;
    // The matrix first: the problem names it, so a crash between the two writes never leaves a
    // new problem without its matrix.
    rota::format::save_json(&matrix_path, &imported.matrix)
        .map_err(|e| format!("cannot write {}: {e}", matrix_path.display()))?;
    rota::format::save_json(&args.output, &imported.problem)
        .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
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

/// Three CSV files as a problem.
fn csv(args: Csv) -> Outcome {
    let week_start = csv_import::pattern::parse_date(&args.week_start)
        .map_err(|e| format!("rota import csv: --week-start: {e}, a Monday"))?;
    let mut options = CsvOptions::new(week_start, &args.profile);
    options.name = args.name.unwrap_or_default();
    if let Some(path) = &args.postcodes {
        let table = PostcodeTable::from_path(path).map_err(|e| format!("rota import csv: {e}"))?;
        options = options.with_postcodes(&table);
    }
    check_output(&args.output, &[&args.clients, &args.carers, &args.visits])?;
    // Read all three before giving up, so that every unreadable file is reported.
    let mut errors = CsvErrors::default();
    let mut read = |path: &PathBuf| match CsvFile::read(path) {
        Ok(f) => Some(f),
        Err(mut e) => {
            errors.0.append(&mut e.0);
            None
        }
    };
    let (clients, carers, visits) = (read(&args.clients), read(&args.carers), read(&args.visits));
    let (Some(clients), Some(carers), Some(visits)) = (clients, carers, visits) else {
        return Err(errors.to_string());
    };
    let imported = csv_import::import(&clients, &carers, &visits, &options).map_err(|e| e.to_string())?;
    for w in &imported.warnings.0 {
        eprintln!("{w}");
    }
    rota::format::save_json(&args.output, &imported.problem)
        .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
    let p = &imported.problem;
    eprintln!(
        "wrote {} ({} clients, {} visits, {} seats, {} carers; week of {})",
        args.output.display(),
        p.clients.len(),
        p.visits.len(),
        p.seat_count(),
        p.carers.len(),
        p.week_start
    );
    Ok(ExitCode::SUCCESS)
}
