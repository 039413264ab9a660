//! `rota capacity bound problem.json [--rota rota.json] [--json]`: lower bounds that hold for
//! every rota of a problem, and a rota's gap to them (`docs/capacity.md`).
//!
//! Exit codes: 0 written; 2 bad input.

use super::{folder_of, load_problem, load_rota, report, Outcome};
use rota::travel::Travel;
use rota_capacity::{bound, gap, Bands, BoundOptions, CapacityBound};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rota capacity`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Lower bounds for every rota: seats that must stay unplaced (week, day and band) and the
    /// fewest carers the week needs; with --rota, the rota's gap to them band by band.
    Bound(BoundArgs),
}

/// Arguments of `rota capacity bound`.
#[derive(clap::Args)]
pub struct BoundArgs {
    /// The problem file.
    problem: PathBuf,
    /// A rota of the problem, to compare band by band with the bound.
    #[arg(long)]
    rota: Option<PathBuf>,
    /// Cuts between the day's bands, HH:MM,... (default 07:00,11:00,14:00,19:00,23:00).
    #[arg(long)]
    bands: Option<String>,
    /// Slot length of the relaxation in minutes (divides 1,440); shorter is tighter and slower.
    #[arg(long, default_value_t = 30)]
    slot: u32,
    /// Skip finding which rules make each bound bind.
    #[arg(long)]
    no_explain: bool,
    /// Print the bound (and the gap) as JSON.
    #[arg(long)]
    json: bool,
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    match args.command {
        Command::Bound(a) => run_bound(a),
    }
}

fn run_bound(args: BoundArgs) -> Outcome {
    let problem = load_problem(&args.problem)?;
    let file = args.problem.display().to_string();
    let travel = Travel::for_problem(&problem, folder_of(&args.problem), &file).map_err(|e| report(&e))?;
    let rota = args.rota.as_ref().map(|r| load_rota(r, &problem)).transpose()?;
    let bands = match &args.bands {
        Some(text) => Bands::parse(text).map_err(|e| format!("--bands: {e}"))?,
        None => Bands::default(),
    };
    let options = BoundOptions { bands, slot_min: args.slot, explain: !args.no_explain };
    let b = bound(&problem, &travel, &options).map_err(|e| format!("{file}: {e}"))?;
    let gaps = rota.as_ref().map(|r| gap(&problem, r, &b));
    if args.json {
        let value = serde_json::json!({ "bound": b, "gap": gaps });
        let text = serde_json::to_string_pretty(&value).map_err(|e| format!("cannot write the bound: {e}"))?;
        println!("{text}");
    } else {
        print!("{}", describe(&b, gaps.as_deref()));
    }
    Ok(ExitCode::SUCCESS)
}

/// The bound in words, with a table of the bands that have seats.
fn describe(b: &CapacityBound, gaps: Option<&[rota_capacity::BandGap]>) -> String {
    let mut s = String::new();
    let rules = |r: &[rota_capacity::Rule]| r.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        s,
        "{}: {} seats; every rota leaves at least {} unplaced{}",
        b.problem,
        b.seats,
        b.unplaced,
        if b.binding.is_empty() { String::new() } else { format!(" (binding: {})", rules(&b.binding)) }
    );
    let _ = writeln!(
        s,
        "carers: {} in the problem; placing every seat needs at least {} ({}); {} care hours",
        b.carers.have, b.carers.needed, b.carers.binding, b.carers.care_hours
    );
    let _ = writeln!(
        s,
        "{} linear programs, the week's with {} variables and {} constraints, {:.2} s",
        b.lp.solved, b.lp.variables, b.lp.constraints, b.lp.seconds
    );
    let _ =
        write!(s, "\n{:<10} {:<11} {:>11} {:>6} {:>7} {:>10}", "date", "band", "hours", "seats", "bound", "extra h");
    if gaps.is_some() {
        let _ = write!(s, " {:>6} {:>5}", "rota", "gap");
    }
    let _ = writeln!(s, "  binding");
    for (i, band) in b.bands.iter().enumerate() {
        let _ = write!(
            s,
            "{:<10} {:<11} {:>11} {:>6} {:>7} {:>10.2}",
            band.date.to_string(),
            band.band,
            format!("{}-{}", band.start, band.end),
            band.seats,
            band.unplaced,
            band.extra_carer_hours
        );
        if let Some(g) = gaps.and_then(|g| g.get(i)) {
            let _ = write!(s, " {:>6} {:>5}", g.unplaced, g.gap);
        }
        let _ = writeln!(s, "  {}", rules(&band.binding));
    }
    if let Some(g) = gaps {
        let unplaced: u64 = g.iter().map(|g| g.unplaced).sum();
        let gap: u64 = g.iter().map(|g| g.gap).sum();
        let _ = writeln!(
            s,
            "\nthe rota leaves {unplaced} seats unplaced: {} for want of supply (no rota places them), {gap} above the bound \
             (a better rota might place them, or rules the bound leaves out keep them unplaced: docs/capacity.md)",
            unplaced - gap
        );
    }
    s
}
