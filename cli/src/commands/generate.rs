//! `rota generate --profile P --clients N --carers M [--evening-carers E] --seed S [--area A] [--week-start DATE]
//! [--postcodes FILE] -o problem.json`
//!
//! The postcodes come from `--postcodes FILE`, or from `datasets/postcodes/<area>.csv`, looked
//! for under the current directory and then under each folder above the `rota` executable.

use super::Outcome;
use rota::generate::{self, DatasetStats, GenerateOptions, PostcodeTable, AREAS};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `rota generate`.
#[derive(clap::Args)]
pub struct Args {
    /// Contract profile of every client: kent, milton-keynes, hammersmith-fulham, bexley or custom.
    #[arg(long)]
    profile: String,
    /// Number of clients (1 to 100,000).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    clients: u32,
    /// Number of day carers (1 to 100,000), on the split, day, early and long shift mix.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    carers: u32,
    /// Evening carers besides them (0 to 100,000), on the 16:00-22:30 tea-and-tuck-in run that
    /// covers the bed calls (datasets/README.md: the capacity rule sizes it).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    evening_carers: u32,
    /// Random seed; the same seed and arguments give the same file, byte for byte.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Area: canterbury, milton-keynes, hammersmith-fulham, bexley or isle-of-wight. Defaults to
    /// the profile's own (kent: canterbury).
    #[arg(long)]
    area: Option<String>,
    /// The Monday the week starts on (YYYY-MM-DD).
    #[arg(long, default_value = "2026-11-30")]
    week_start: String,
    /// A postcode CSV to use instead of the area's shipped one (columns postcode, lat, lon and
    /// optionally ward_name, lsoa11cd, lsoa_age65plus, usertype); gzip-compressed if its name
    /// ends in .gz, such as datasets/geodata/postcodes/kent.csv.gz (all of Kent and Medway).
    #[arg(long)]
    postcodes: Option<PathBuf>,
    /// Travel on real roads: the OpenStreetMap extract (`.osm.pbf`) the problem names, written
    /// as given, so give it relative to the problem file (see docs/travel.md). Default: the
    /// distance model.
    #[arg(long, value_name = "FILE")]
    road_network: Option<String>,
    /// The problem file to write.
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

/// Find `datasets/postcodes/<area>.csv` under the current directory, else under the folders
/// above the executable.
fn find_postcodes(area: &str) -> Option<PathBuf> {
    super::shipped(&Path::new("datasets").join("postcodes").join(format!("{area}.csv"))).filter(|p| p.is_file())
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    let profiles = ["kent", "milton-keynes", "hammersmith-fulham", "bexley", "custom"];
    if !profiles.contains(&args.profile.as_str()) {
        return Err(format!(
            "rota generate: unknown profile `{}`: expected one of {}",
            args.profile,
            profiles.join(", ")
        ));
    }
    let area = match (&args.area, generate::default_area(&args.profile)) {
        (Some(a), _) => a.clone(),
        (None, Some(a)) => a.to_string(),
        (None, None) => {
            return Err(format!("rota generate: profile `{}` has no default area; give --area", args.profile));
        }
    };
    let table_path = match &args.postcodes {
        Some(p) => p.clone(),
        None => {
            if !AREAS.contains(&area.as_str()) {
                return Err(format!(
                    "rota generate: unknown area `{area}`: expected one of {} (or give --postcodes FILE)",
                    AREAS.join(", ")
                ));
            }
            find_postcodes(&area).ok_or_else(|| {
                format!(
                    "rota generate: cannot find datasets/postcodes/{area}.csv under the current directory or \
                     above the rota executable; run from the repository root or give --postcodes FILE"
                )
            })?
        }
    };
    let week_start = args
        .week_start
        .parse()
        .map_err(|_| format!("rota generate: --week-start `{}` is not a date (YYYY-MM-DD)", args.week_start))?;
    let table = PostcodeTable::from_path(&table_path).map_err(|e| format!("rota generate: {e}"))?;
    let options = GenerateOptions {
        profile: args.profile,
        area,
        clients: args.clients as usize,
        carers: args.carers as usize,
        evening_carers: args.evening_carers as usize,
        seed: args.seed,
        week_start,
        road_network: args.road_network,
    };
    let problem = generate::generate(&options, &table).map_err(|e| format!("rota generate: {e}"))?;
    if let Some(dir) = args.output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("rota generate: cannot create {}: {e}", dir.display()))?;
    }
    rota::format::save_json(&args.output, &problem)
        .map_err(|e| format!("rota generate: cannot write {}: {e}", args.output.display()))?;
    eprintln!("wrote {}: {}", args.output.display(), DatasetStats::of(&problem));
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(profile: &str, area: Option<&str>, output: &Path) -> Args {
        Args {
            profile: profile.into(),
            clients: 6,
            carers: 4,
            evening_carers: 1,
            seed: 3,
            area: area.map(str::to_string),
            week_start: "2026-11-30".into(),
            postcodes: None,
            road_network: None,
            output: output.to_path_buf(),
        }
    }

    fn temp(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("rota-generate-{}-{name}", std::process::id()))
    }

    #[test]
    fn writes_a_problem_that_loads() {
        let out = temp("ok.json");
        // Tests run in the cli folder; the datasets are one folder up.
        let mut a = args("bexley", None, &out);
        a.postcodes = Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/postcodes/bexley.csv"));
        assert_eq!(run(a), Ok(ExitCode::SUCCESS));
        let (p, _) = rota::format::load_problem(&out).expect("the generated file loads");
        assert_eq!(p.clients.len(), 6);
        std::fs::remove_file(&out).ok();
    }

    #[test]
    fn unknown_profile_or_area_is_a_clear_error() {
        let out = temp("never.json");
        let e = run(args("surrey", None, &out)).unwrap_err();
        assert!(e.contains("unknown profile `surrey`"), "{e}");
        let e = run(args("kent", Some("dover"), &out)).unwrap_err();
        assert!(e.contains("unknown area `dover`"), "{e}");
        let mut a = args("kent", None, &out);
        a.week_start = "2026-12-01".into();
        a.postcodes = Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../datasets/postcodes/canterbury.csv"));
        let e = run(a).unwrap_err();
        assert!(e.contains("Monday"), "{e}");
        assert!(!out.exists());
    }
}
