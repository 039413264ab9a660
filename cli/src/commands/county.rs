//! `rota county generate --area kent --clusters 19 --seed S -o county/` and
//! `rota county capacity county/ -o report/ [--time-limit S]`: a synthetic county of home care
//! clusters from real boundaries and Census 2021 65+ populations, and its capacity run
//! (docs/county.md).

use super::Outcome;
use rota_county::{build, capacity, geodata, output, CapacityOptions, CountyOptions, Geodata};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Arguments of `rota county`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Build a county of contiguous clusters nested in its districts, with one week per cluster.
    Generate(GenerateArgs),
    /// Bound, solve and check every cluster, then the spill-over scenario; CSV, JSON, GeoJSON, HTML.
    Capacity(CapacityArgs),
}

/// Arguments of `rota county generate`.
#[derive(clap::Args)]
struct GenerateArgs {
    /// The area; only kent ships (Kent County Council's twelve districts; Medway is left out).
    #[arg(long, default_value = "kent")]
    area: String,
    /// Clusters in all: one to three a district (Kent: 19, seed 001).
    #[arg(long, default_value_t = 19)]
    clusters: usize,
    /// Random seed; the same seed and arguments give the same files, byte for byte.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Clients in the whole county (Kent: 4,600 at one time, seed 001), shared by 65+ population.
    #[arg(long, default_value_t = 4600, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    clients: u32,
    /// Keep only these district codes (comma-separated), e.g. E07000106,E07000114.
    #[arg(long, value_delimiter = ',')]
    districts: Option<Vec<String>>,
    /// The Monday the week starts on (YYYY-MM-DD).
    #[arg(long, default_value = "2026-11-30")]
    week_start: String,
    /// The geodata folder (default: datasets/geodata under the current folder or the checkout).
    #[arg(long)]
    geodata: Option<PathBuf>,
    /// The folder to write county.json, clusters.geojson and <cluster>/problem.json into.
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

/// Arguments of `rota county capacity`.
#[derive(clap::Args)]
struct CapacityArgs {
    /// The county folder `rota county generate` wrote.
    county: PathBuf,
    /// The report folder.
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Each cluster's solve time limit, seconds.
    #[arg(long, default_value_t = 40.0)]
    time_limit: f64,
    /// Clusters solved at once (one thread each).
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// The solver's seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Skip the proven bound.
    #[arg(long)]
    no_bound: bool,
    /// Skip the spill-over scenario.
    #[arg(long)]
    no_spill: bool,
}

/// Run `rota county`.
pub fn run(args: Args) -> Outcome {
    match args.command {
        Command::Generate(a) => generate(a),
        Command::Capacity(a) => capacity(a),
    }
}

fn generate(a: GenerateArgs) -> Outcome {
    let week_start = chrono::NaiveDate::parse_from_str(&a.week_start, "%Y-%m-%d")
        .map_err(|e| format!("rota county generate: --week-start `{}`: {e}", a.week_start))?;
    let options = CountyOptions {
        area: a.area,
        clusters: a.clusters,
        seed: a.seed,
        clients: a.clients as usize,
        districts: a.districts,
        week_start,
    };
    let dir = a.geodata.or_else(geodata::find_geodata).ok_or(
        "rota county generate: cannot find datasets/geodata under the current folder or the checkout; give --geodata",
    )?;
    let data = Geodata::load(&dir, &|d| options.keeps(d)).map_err(|e| format!("rota county generate: {e}"))?;
    let county = build(&data, &options).map_err(|e| format!("rota county generate: {e}"))?;
    rota_county::write(&county, &a.output).map_err(|e| format!("rota county generate: {e}"))?;
    let m = &county.manifest;
    println!(
        "{} clusters in {} districts: {} clients, {} carers, {} visits, {} seats -> {}",
        m.clusters.len(),
        m.districts.len(),
        m.clusters.iter().map(|c| c.clients).sum::<usize>(),
        m.clusters.iter().map(|c| c.carers).sum::<usize>(),
        m.clusters.iter().map(|c| c.visits).sum::<usize>(),
        m.clusters.iter().map(|c| c.seats).sum::<usize>(),
        a.output.display()
    );
    for c in &m.clusters {
        println!(
            "  {} {:<28} {:>4} clients {:>4} carers ({:>3} evening) {:>2} providers  supply {:.2}  morning {:.2}  evening {:.2}",
            c.id,
            c.name,
            c.clients,
            c.carers,
            c.evening_carers,
            c.providers.len(),
            c.supply_ratio,
            c.morning_load,
            c.evening_load
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn capacity(a: CapacityArgs) -> Outcome {
    if !(a.time_limit.is_finite() && a.time_limit > 0.0) {
        return Err(format!(
            "rota county capacity: --time-limit {} must be a positive number of seconds",
            a.time_limit
        ));
    }
    let options = CapacityOptions {
        time_limit: Duration::from_secs_f64(a.time_limit),
        bound: !a.no_bound,
        spill: !a.no_spill,
        seed: a.seed,
        threads: a.threads.max(1),
    };
    let fail = |e: rota_county::CountyError| format!("rota county capacity: {e}");
    let manifest = capacity::read_manifest(&a.county).map_err(fail)?;
    let shapes = output::read_shapes(&a.county, &manifest).map_err(fail)?;
    std::fs::create_dir_all(&a.output).map_err(|e| format!("rota county capacity: {}: {e}", a.output.display()))?;
    let (report, rotas) = rota_county::run(&a.county, &options, &|line| eprintln!("{line}")).map_err(fail)?;
    output::write(&a.output, &manifest, &shapes, &report, &rotas).map_err(fail)?;
    let t = &report.totals;
    println!(
        "{} clusters, {} clients, {} seats: {} unplaced (bound {}), {} after spill-over ({} of {} offered clients moved); \
         {} hard violations; {:.0} s -> {}",
        t.clusters,
        t.clients,
        t.seats,
        t.unplaced,
        t.bound_unplaced.map_or("not computed".into(), |b| b.to_string()),
        t.unplaced_after_spill,
        t.moved_clients,
        t.offered_clients,
        t.violations,
        t.seconds,
        a.output.display()
    );
    Ok(if t.violations == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
