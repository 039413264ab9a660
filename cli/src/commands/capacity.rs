//! `rota capacity …`: capacity modelling for council modellers.
//!
//! - `rota capacity bound problem.json [--rota rota.json] [--json]`: lower bounds that hold for
//!   every rota of a problem, and a rota's gap to them (`docs/capacity.md`).
//! - `rota capacity sweep problem.json --carers 60:140:10 [--shifts 0:20:2 --shift-band 17:00-22:00]
//!   [--scenario scenarios.json] [--time-limit S] [--share 1.0] -o sweep/`: the week solved at
//!   every workforce size, shift count and scenario, in parallel; writes `points.csv`,
//!   `sweep.json` and `report.html` into the output folder (`docs/sweeps.md`).
//!
//! Exit codes: 0 written; 2 bad input; 3 (sweep) interrupted by Ctrl-C or SIGTERM, the points
//! solved so far written.

use super::{folder_of, load_problem, load_rota, report, Outcome};
use rota::time::ClockTime;
use rota::travel::Travel;
use rota_capacity::scenario;
use rota_capacity::sweep::{self, parse_range, Point, SweepOptions};
use rota_capacity::{bound, gap, Bands, BoundOptions, CapacityBound};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    /// Solve the week at many workforce sizes, added shifts and scenarios; find the smallest
    /// workforce that places every seat (or a share); write CSV, JSON and an HTML report.
    Sweep(SweepArgs),
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
        Command::Sweep(a) => run_sweep(a),
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
    let _ = writeln!(s, "\nthe week by band:");
    for band in &b.day_bands.0 {
        let of_band: Vec<usize> = (0..b.bands.len()).filter(|&i| b.bands[i].band == band.name).collect();
        if of_band.is_empty() {
            continue;
        }
        let seats: u64 = of_band.iter().map(|&i| b.bands[i].seats).sum();
        let bound: u64 = of_band.iter().map(|&i| b.bands[i].unplaced).sum();
        let _ = write!(
            s,
            "{:<11} {:>11} {:>6} seats, bound {:>5}",
            band.name,
            format!("{}-{}", rota_capacity::band::hhmm(band.start), rota_capacity::band::hhmm(band.end)),
            seats,
            bound
        );
        if let Some(g) = gaps {
            let rota: u64 = of_band.iter().filter_map(|&i| g.get(i)).map(|g| g.unplaced).sum();
            let gap: u64 = of_band.iter().filter_map(|&i| g.get(i)).map(|g| g.gap).sum();
            let _ = write!(s, ", rota {rota:>5}, gap {gap:>5}");
        }
        let _ = writeln!(s);
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

/// Arguments of `rota capacity sweep`.
#[derive(clap::Args)]
#[command(after_help = "Each point is solved on one thread with the work budget of --time-limit (25 million units a \
second, as `rota solve` gives), so the figures repeat at any --threads; the clock stops a solve only at ten times \
the limit (a machine busy with other work), and the point then says it is not repeatable.

Outputs in the folder: points.csv (one row per point), sweep.json (every point with its shortfall by day and band, \
the bound and the smallest workforce), report.html (curves of placement against carers with the bound, and the \
shortfall tables).")]
pub struct SweepArgs {
    /// The problem file.
    problem: PathBuf,
    /// The folder to write into (made if missing).
    #[arg(short, long)]
    output: PathBuf,
    /// Workforce sizes: from:to:step (60:140:10, both ends included), a list (60,80) or one
    /// number. Carers are added from the week's own mix or removed at random. Default: the
    /// week's own workforce.
    #[arg(long)]
    carers: Option<String>,
    /// Shifts a day added in --shift-band, as for --carers (0:20:2): each is a carer from the
    /// mix working the band every day of the week.
    #[arg(long, alias = "evening-shifts")]
    shifts: Option<String>,
    /// The band of the added shifts, HH:MM-HH:MM.
    #[arg(long, default_value = "17:00-22:00")]
    shift_band: String,
    /// A scenario file (docs/sweeps.md); every scenario is swept beside the week as given.
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Do not sweep the week as given, only the scenarios.
    #[arg(long, requires = "scenario")]
    no_baseline: bool,
    /// Seconds per point (its work budget; see below).
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// Work units per point instead of the time limit's budget.
    #[arg(long)]
    work: Option<u64>,
    /// The share of seats a workforce must place to be enough (1.0: every seat).
    #[arg(long, default_value_t = 1.0)]
    share: f64,
    /// Points solved at once, one thread each (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Seed of the solves, the workforce drawn and the scenarios.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Band cuts of the shortfall tables, HH:MM,HH:MM,… (default 07:00,11:00,14:00,19:00,23:00).
    #[arg(long)]
    bands: Option<String>,
    /// Do not compute the proven bound at each point.
    #[arg(long)]
    no_bound: bool,
    /// No progress lines.
    #[arg(long)]
    quiet: bool,
}

fn parse_band(text: &str) -> Result<(ClockTime, ClockTime), String> {
    let (a, b) = text.split_once('-').ok_or_else(|| format!("--shift-band `{text}` is not HH:MM-HH:MM"))?;
    let t = |s: &str| s.trim().parse::<ClockTime>().map_err(|e| format!("--shift-band `{text}`: {}", e.0));
    let (a, b) = (t(a)?, t(b)?);
    if a >= b {
        return Err(format!("--shift-band `{text}` must start before it ends (write 22:00-31:00 for a night)"));
    }
    Ok((a, b))
}

/// Every option that can be wrong, checked before any work; all problems reported together.
fn options(args: &SweepArgs, problem: &rota::model::Problem) -> Result<SweepOptions, String> {
    let mut errors = Vec::new();
    let mut take = |r: Result<Vec<usize>, String>, what: &str| {
        r.map_err(|e| errors.push(format!("--{what}: {e}"))).unwrap_or_default()
    };
    let carers = args.carers.as_deref().map(parse_range).map(|r| take(r, "carers")).unwrap_or_default();
    let shifts = args.shifts.as_deref().map(parse_range).map(|r| take(r, "shifts")).unwrap_or_default();
    let band = parse_band(&args.shift_band).map_err(|e| errors.push(e)).ok();
    let bands = match &args.bands {
        Some(b) => Bands::parse(b).map_err(|e| errors.push(format!("--bands: {e}"))).ok(),
        None => Some(Bands::default()),
    };
    if !(args.share > 0.0 && args.share <= 1.0) {
        errors.push(format!("--share must be above 0 and at most 1, not {}", args.share));
    }
    if !(args.time_limit.is_finite() && args.time_limit > 0.0 && args.time_limit <= 86_400.0) {
        errors.push(format!("--time-limit must be above 0 and at most 86400 seconds, not {}", args.time_limit));
    }
    if args.threads == Some(0) {
        errors.push("--threads must be at least 1".into());
    }
    if args.output.is_file() {
        errors.push(format!("cannot write into {}: it is a file", args.output.display()));
    }
    let scenarios = match &args.scenario {
        Some(path) => scenario::load(path, problem).map_err(|e| errors.push(report(&e))).map(|f| f.scenarios).ok(),
        None => Some(Vec::new()),
    };
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    let bands = bands.expect("checked");
    Ok(SweepOptions {
        carers,
        shifts,
        shift_band: band.expect("checked"),
        scenarios: scenarios.expect("checked"),
        baseline: !args.no_baseline,
        time_limit: args.time_limit,
        work: args.work,
        seed: args.seed,
        threads: args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        share: args.share,
        bound: (!args.no_bound).then(|| {
            (
                sweep::bound_point as sweep::BoundFn,
                BoundOptions { bands: bands.clone(), explain: false, ..BoundOptions::default() },
            )
        }),
        bands,
        cancel: rota::solve::Cancel::new(),
    })
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    rota::format::write_atomic(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// One line for a finished point.
fn line(p: &Point) -> String {
    let bound = p.bound.as_ref().map_or(String::new(), |b| format!(", at most {} placeable (bound)", b.placeable));
    match &p.error {
        Some(e) => format!("{}, {} carers, {} shifts: failed: {e}", p.key.scenario, p.key.carers, p.key.shifts),
        None => format!(
            "{}, {} carers, {} shifts a day: {} of {} seats placed ({:.1}%){bound}, travel {:.0} min, {:.0}s{}",
            p.key.scenario,
            p.key.carers,
            p.key.shifts,
            p.placed,
            p.seats,
            100.0 * p.placed_share,
            p.travel_min,
            p.seconds,
            match (p.repeatable, p.notes.iter().any(|n| n.starts_with("interrupted"))) {
                (true, _) => "",
                (false, true) => " (interrupted: not repeatable)",
                (false, false) => " (stopped by the clock: not repeatable)",
            }
        ),
    }
}

fn run_sweep(args: SweepArgs) -> Outcome {
    let problem = load_problem(&args.problem)?;
    let opts = options(&args, &problem)?;
    std::fs::create_dir_all(&args.output).map_err(|e| format!("cannot make {}: {e}", args.output.display()))?;
    let total = (opts.baseline as usize + opts.scenarios.len()) * opts.carers.len().max(1) * opts.shifts.len().max(1);
    if !args.quiet {
        eprintln!(
            "sweeping {total} points of {} ({} carers, {} seats) on {} threads, {} each",
            args.problem.display(),
            problem.carers.len(),
            problem.seat_count(),
            opts.threads,
            match args.work {
                Some(w) => format!("{w} work units"),
                None => format!("{}s of work", args.time_limit),
            }
        );
    }
    let finished = AtomicUsize::new(0);
    let done = |p: &Point| {
        let n = finished.fetch_add(1, Ordering::SeqCst) + 1;
        if !args.quiet {
            eprintln!("[{n}/{total}] {}", line(p));
        }
    };
    let file = args.problem.display().to_string();
    let opts = SweepOptions { cancel: super::interrupt::catch("the points solved so far"), ..opts };
    let result = sweep::sweep(&problem, folder_of(&args.problem), &file, &opts, &done).map_err(|e| e.to_string())?;
    let csv = args.output.join("points.csv");
    let json = args.output.join("sweep.json");
    let html = args.output.join("report.html");
    write(&csv, sweep::to_csv(&result).as_bytes())?;
    rota::format::save_json(&json, &result).map_err(|e| format!("cannot write {}: {e}", json.display()))?;
    let name = args.problem.file_name().map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
    let page =
        rota_report::capacity::render(&result, &rota_report::Options { title: String::new(), sources: vec![name] });
    write(&html, page.as_bytes())?;
    if !args.quiet {
        for s in &result.smallest {
            let shifts = if s.shifts > 0 { format!(" with {} shifts a day", s.shifts) } else { String::new() };
            let what = match s.carers {
                Some(c) => {
                    format!("{c} carers{}", if s.holds_above { "" } else { " (but not every larger size tested)" })
                }
                None => format!("no size tested (best {:.1}%)", 100.0 * s.best_share),
            };
            eprintln!(
                "{}{shifts}: smallest workforce placing {:.0}% of seats: {what}",
                s.scenario,
                100.0 * result.share
            );
        }
        eprintln!("wrote {}, {} and {} in {:.0}s", csv.display(), json.display(), html.display(), result.seconds);
    }
    if result.interrupted {
        eprintln!("interrupted: {} of {total} points solved and written", result.points.len());
        return Ok(ExitCode::from(super::interrupt::INTERRUPTED));
    }
    Ok(ExitCode::SUCCESS)
}
