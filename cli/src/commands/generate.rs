//! `rota generate --profile P --clients N --carers M [--evening-carers E] --seed S [--area A] [--week-start DATE]
//! [--postcodes FILE] -o problem.json`, or next week from this one:
//! `rota generate --from week1.json --seed S [--ending 0.05] [--starting 0.05] [--absences 0.05] [--area A]
//! [--postcodes FILE] -o week2.json` ([`rota::generate::next_week`]).
//!
//! The postcodes come from `--postcodes FILE`, or from `datasets/postcodes/<area>.csv`, looked
//! for under the current directory and then under each folder above the `rota` executable. With
//! `--from`, the area defaults to the one the problem is named after (`<area> week, seed S`, as
//! the generator names its weeks).

use super::Outcome;
use rota::generate::{self, DatasetStats, GenerateOptions, NextWeekParams, PostcodeTable, AREAS};
use rota::model::{Problem, TravelConfig};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `rota generate`.
#[derive(clap::Args)]
pub struct Args {
    /// Contract profile of every client: kent, milton-keynes, hammersmith-fulham, bexley or custom.
    #[arg(long, required_unless_present = "from")]
    profile: Option<String>,
    /// Number of clients (1 to 100,000).
    #[arg(long, required_unless_present = "from", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    clients: Option<u32>,
    /// Number of day carers (1 to 100,000), on the split, day, early and long shift mix.
    #[arg(long, required_unless_present = "from", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    carers: Option<u32>,
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
    /// Make next week from this problem file instead: the same clients and carers seven days
    /// on, with some packages ending, some starting and some carers away (datasets/README.md).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["profile", "clients", "carers", "evening_carers", "week_start", "road_network"])]
    from: Option<PathBuf>,
    /// With --from: the share of clients whose package ends (0 to 1; default 0.05).
    #[arg(long, requires = "from")]
    ending: Option<f64>,
    /// With --from: new clients with new packages, as a share of the clients (default 0.05).
    #[arg(long, requires = "from")]
    starting: Option<f64>,
    /// With --from: the share of carers away (sick or on leave) for 1-5 consecutive days (0 to
    /// 1; default 0.05).
    #[arg(long, requires = "from")]
    absences: Option<f64>,
    /// The problem file to write.
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

/// The default share of packages ending, packages starting and carers away with `--from`.
const NEXT_WEEK_SHARE: f64 = 0.05;

/// Find `datasets/postcodes/<area>.csv` under the current directory, else under the folders
/// above the executable.
fn find_postcodes(area: &str) -> Option<PathBuf> {
    super::shipped(&Path::new("datasets").join("postcodes").join(format!("{area}.csv"))).filter(|p| p.is_file())
}

/// The postcode table: `--postcodes FILE`, else the shipped one of `area`.
fn postcode_table(postcodes: &Option<PathBuf>, area: &str) -> Result<PostcodeTable, String> {
    let table_path = match postcodes {
        Some(p) => p.clone(),
        None => {
            if !AREAS.contains(&area) {
                return Err(format!(
                    "rota generate: unknown area `{area}`: expected one of {} (or give --postcodes FILE)",
                    AREAS.join(", ")
                ));
            }
            find_postcodes(area).ok_or_else(|| {
                format!(
                    "rota generate: cannot find datasets/postcodes/{area}.csv under the current directory or \
                     above the rota executable; run from the repository root or give --postcodes FILE"
                )
            })?
        }
    };
    PostcodeTable::from_path(&table_path).map_err(|e| format!("rota generate: {e}"))
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    if args.from.is_some() {
        return run_next_week(args);
    }
    // Clap drops `requires = "from"` when --from would conflict with the options given.
    if args.ending.is_some() || args.starting.is_some() || args.absences.is_some() {
        return Err("rota generate: --ending, --starting and --absences go with --from FILE".into());
    }
    let (Some(profile), Some(clients), Some(carers)) = (args.profile.clone(), args.clients, args.carers) else {
        return Err("rota generate: give --profile, --clients and --carers, or --from FILE".into());
    };
    let profiles = ["kent", "milton-keynes", "hammersmith-fulham", "bexley", "custom"];
    if !profiles.contains(&profile.as_str()) {
        return Err(format!("rota generate: unknown profile `{profile}`: expected one of {}", profiles.join(", ")));
    }
    let area = match (&args.area, generate::default_area(&profile)) {
        (Some(a), _) => a.clone(),
        (None, Some(a)) => a.to_string(),
        (None, None) => {
            return Err(format!("rota generate: profile `{profile}` has no default area; give --area"));
        }
    };
    let table = postcode_table(&args.postcodes, &area)?;
    let week_start = args
        .week_start
        .parse()
        .map_err(|_| format!("rota generate: --week-start `{}` is not a date (YYYY-MM-DD)", args.week_start))?;
    let options = GenerateOptions {
        profile,
        area,
        clients: clients as usize,
        carers: carers as usize,
        evening_carers: args.evening_carers as usize,
        seed: args.seed,
        week_start,
        road_network: args.road_network,
    };
    let problem = generate::generate(&options, &table).map_err(|e| format!("rota generate: {e}"))?;
    write(&args.output, &problem)?;
    eprintln!("wrote {}: {}", args.output.display(), DatasetStats::of(&problem));
    Ok(ExitCode::SUCCESS)
}

/// Write `problem` to `output`, making its folder.
fn write(output: &Path, problem: &Problem) -> Result<(), String> {
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("rota generate: cannot create {}: {e}", dir.display()))?;
    }
    rota::format::save_json(output, problem)
        .map_err(|e| format!("rota generate: cannot write {}: {e}", output.display()))
}

/// The area a generated week is named after (`<area> week, seed S`), if it is a known one.
fn area_of(problem: &Problem) -> Option<&'static str> {
    let area = problem.name.split(" week").next()?;
    AREAS.iter().copied().find(|a| *a == area)
}

/// `rota generate --from`: next week from this one.
fn run_next_week(args: Args) -> Outcome {
    let from = args.from.as_deref().expect("called with --from");
    let week1 = super::load_problem(from).map_err(|e| format!("rota generate: {e}"))?;
    let params = NextWeekParams {
        ending: args.ending.unwrap_or(NEXT_WEEK_SHARE),
        starting: args.starting.unwrap_or(NEXT_WEEK_SHARE),
        absences: args.absences.unwrap_or(NEXT_WEEK_SHARE),
        area: args.area.clone().or_else(|| area_of(&week1).map(str::to_string)).unwrap_or_default(),
    };
    // The table is read only when new clients need homes.
    let starting = (week1.clients.len() as f64 * params.starting).round() >= 1.0;
    let table = match (&args.postcodes, params.area.is_empty()) {
        _ if !starting => PostcodeTable::default(),
        (None, true) => {
            return Err(format!(
                "rota generate: {} is not named after a known area (`<area> week, ...`); give --area or \
                 --postcodes FILE for the new clients' homes",
                from.display()
            ))
        }
        _ => postcode_table(&args.postcodes, &params.area)?,
    };
    let week2 = generate::next_week(&week1, &params, &table, args.seed).map_err(|e| format!("rota generate: {e}"))?;
    write(&args.output, &week2)?;
    if let TravelConfig::RoadNetwork { road_network, .. } = &week2.travel {
        if Path::new(road_network).is_relative() && from.parent() != args.output.parent() {
            eprintln!(
                "note: the problem names the road network `{road_network}` relative to its own folder; copy it \
                 beside {}",
                args.output.display()
            );
        }
    }
    eprintln!("wrote {}: {}", args.output.display(), DatasetStats::of(&week2));
    eprintln!("next week of {}: {}", from.display(), changes(&week1, &week2));
    Ok(ExitCode::SUCCESS)
}

/// Each client's number of visits.
fn visits_per_client(p: &Problem) -> BTreeMap<&str, usize> {
    let mut n: BTreeMap<&str, usize> = BTreeMap::new();
    for v in &p.visits {
        *n.entry(v.client.as_str()).or_default() += 1;
    }
    n
}

/// What changed from `week1` to `week2`, counted from the two problems.
fn changes(week1: &Problem, week2: &Problem) -> String {
    let (v1, v2) = (visits_per_client(week1), visits_per_client(week2));
    let ended = v1.iter().filter(|(c, &n)| v2.get(*c).copied().unwrap_or(0) < n).count();
    let ids = |p: &Problem| p.clients.iter().map(|c| c.id.clone()).collect::<BTreeSet<_>>();
    let (ids1, ids2) = (ids(week1), ids(week2));
    let away =
        week1.carers.iter().zip(&week2.carers).filter(|(a, b)| b.availability.len() < a.availability.len()).count();
    format!(
        "{ended} packages ended ({} clients gone), {} started, {away} of {} carers away for part of the week",
        ids1.difference(&ids2).count(),
        ids2.difference(&ids1).count(),
        week1.carers.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(profile: &str, area: Option<&str>, output: &Path) -> Args {
        Args {
            profile: Some(profile.into()),
            clients: Some(6),
            carers: Some(4),
            evening_carers: 1,
            seed: 3,
            area: area.map(str::to_string),
            week_start: "2026-11-30".into(),
            postcodes: None,
            road_network: None,
            from: None,
            ending: None,
            starting: None,
            absences: None,
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

    fn repo(path: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
    }

    fn next_week_args(from: &Path, output: &Path) -> Args {
        let mut a = args("kent", None, output);
        (a.profile, a.clients, a.carers, a.from) = (None, None, None, Some(from.to_path_buf()));
        a.postcodes = Some(repo("datasets/postcodes/canterbury.csv"));
        a.starting = Some(0.2);
        a
    }

    #[test]
    fn from_a_week_writes_the_next_one() {
        let out = temp("week2.json");
        let demo = repo("datasets/demo/problem.json");
        assert_eq!(run(next_week_args(&demo, &out)), Ok(ExitCode::SUCCESS));
        let (week1, _) = rota::format::load_problem(&demo).unwrap();
        let (week2, warnings) = rota::format::load_problem(&out).expect("week 2 loads");
        assert!(warnings.0.is_empty(), "{warnings}");
        assert_eq!(week2.week_start, week1.week_start + chrono::Days::new(7));
        // 20% of the demo's 30 clients start: 6 new ones, numbered on.
        assert!(week2.clients.iter().any(|c| c.id == "c036") && !week2.clients.iter().any(|c| c.id == "c037"));
        let said = changes(&week1, &week2);
        assert!(said.contains("6 started") && said.contains("2 packages ended"), "{said}");
        std::fs::remove_file(&out).ok();
    }

    #[test]
    fn from_a_week_of_no_known_area_needs_one_for_new_clients() {
        let out = temp("week2-unnamed.json");
        let week1 = temp("week1-unnamed.json");
        let (mut p, _) = rota::format::load_problem(repo("datasets/demo/problem.json")).unwrap();
        p.name = "our branch".into();
        rota::format::save_json(&week1, &p).unwrap();
        let mut a = next_week_args(&week1, &out);
        a.postcodes = None;
        let e = run(a).unwrap_err();
        assert!(e.contains("--area") && e.contains("not named after a known area"), "{e}");
        assert!(!out.exists());
        // No new clients: no postcodes needed.
        let mut a = next_week_args(&week1, &out);
        (a.postcodes, a.starting) = (None, Some(0.0));
        assert_eq!(run(a), Ok(ExitCode::SUCCESS));
        for f in [&out, &week1] {
            std::fs::remove_file(f).ok();
        }
    }

    #[test]
    fn from_conflicts_with_the_generator_options() {
        use clap::Parser;
        #[derive(clap::Parser)]
        struct Generate {
            #[command(flatten)]
            args: Args,
        }
        let parse = |line: &[&str]| Generate::try_parse_from(std::iter::once("generate").chain(line.iter().copied()));
        assert!(parse(&["--from", "w.json", "-o", "x.json"]).is_ok());
        assert!(parse(&["--from", "w.json", "--clients", "5", "-o", "x.json"]).is_err());
        assert!(parse(&["--from", "w.json", "--week-start", "2026-12-07", "-o", "x.json"]).is_err());
        let stray = parse(&["--profile", "kent", "--clients", "5", "--carers", "2", "--ending", "0.1", "-o", "x"]);
        let e = run(stray.expect("clap lets it through").args).unwrap_err();
        assert!(e.contains("go with --from"), "{e}");
        assert!(parse(&["--profile", "kent", "-o", "x.json"]).is_err());
        let bad = parse(&["--from", "w.json", "--ending", "2", "-o", "x.json"]).unwrap();
        let e = run(Generate { ..bad }.args).unwrap_err();
        assert!(e.contains("w.json"), "{e}");
    }
}
