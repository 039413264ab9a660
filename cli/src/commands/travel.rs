//! `rota travel matrix|calibrate`: write a problem's travel matrix; fit the distance model.

use super::{check_output, folder_of, load_problem, Outcome};
use rota::model::TravelMode;
use rota::travel::calibrate::{evaluate, fit, fit_pairs, params_from_fit, read_observations, read_unit_times};
use rota::travel::{haversine_m, DistanceModel, MatrixFileFormat, ModeParams, RoadNetwork, Travel};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rota travel`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Write the travel matrix of a problem, one file per mode its carers use.
    Matrix {
        /// The problem file.
        problem: PathBuf,
        /// Output file; with several modes, `-<mode>` is added before the extension.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Fit the car distance model to real car times (datasets/geodata/travel_times).
    Calibrate {
        /// The geodata folder (with lsoa/ and travel_times/). Default: the shipped
        /// datasets/geodata, under the current folder or above the rota executable.
        #[arg(long)]
        geodata: Option<PathBuf>,
        /// The area: kent, milton_keynes, bexley, hammersmith_fulham or isle_of_wight (the areas
        /// in datasets/geodata/travel_times).
        #[arg(long, default_value = "kent")]
        area: String,
        /// Use only trips shorter than this, crow-fly km (home care trips are short; the shipped
        /// data hold every trip under 100 km).
        #[arg(long, default_value_t = 10.0)]
        max_km: f64,
        /// Detour factor to express the fitted line with.
        #[arg(long, default_value_t = 1.3)]
        detour_factor: f64,
        /// Calibrate the road-network provider on this `.osm.pbf` extract instead: car times
        /// from the area's LSOA centroids to `--unit` against the real times.
        #[arg(long)]
        road_network: Option<PathBuf>,
        /// With `--road-network`: the stroke unit's postcode without spaces (PO305TG is
        /// St Mary's Hospital, Newport, Isle of Wight).
        #[arg(long, default_value = "PO305TG", requires = "road_network")]
        unit: String,
    },
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    let folder = |given: Option<PathBuf>| match given {
        Some(g) => Ok(g),
        None => super::shipped(&std::path::Path::new("datasets").join("geodata")).ok_or_else(|| {
            "cannot find the shipped datasets/geodata under the current folder or above the rota executable; \
             run from the repository root or give --geodata DIR"
                .to_string()
        }),
    };
    match args.action {
        Action::Matrix { problem, output } => matrix(problem, output),
        Action::Calibrate { geodata, area, road_network: Some(pbf), unit, .. } => {
            calibrate_roads(folder(geodata)?, area, pbf, unit)
        }
        Action::Calibrate { geodata, area, max_km, detour_factor, road_network: None, .. } => {
            calibrate(folder(geodata)?, area, max_km, detour_factor)
        }
    }
}

fn matrix(problem_path: PathBuf, output: PathBuf) -> Outcome {
    check_output(&output, &[&problem_path])?;
    let problem = load_problem(&problem_path)?;
    let file = problem_path.display().to_string();
    let travel = Travel::for_problem(&problem, folder_of(&problem_path), &file).map_err(|e| e.to_string())?;
    for note in &travel.notes {
        eprintln!("{note}");
    }
    let modes: Vec<TravelMode> = TravelMode::ALL.into_iter().filter(|m| travel.matrix(*m).is_some()).collect();
    for &mode in &modes {
        let m = travel.matrix(mode).expect("filtered above");
        let n = m.len();
        let fractional = (0..n).any(|i| (0..n).any(|j| m.ticks(i, j) % rota::time::MINUTE != 0));
        let out = MatrixFileFormat {
            format_version: rota::model::FORMAT_VERSION.into(),
            mode,
            locations: travel.places.labels.clone(),
            minutes: (0..n).map(|i| (0..n).map(|j| m.minutes(i, j)).collect()).collect(),
            metres: Some((0..n).map(|i| (0..n).map(|j| m.metres(i, j) as f64).collect()).collect()),
            fractional,
        };
        let path = if modes.len() == 1 {
            output.clone()
        } else {
            let stem = output.file_stem().and_then(|s| s.to_str()).unwrap_or("matrix");
            let ext = output.extension().and_then(|s| s.to_str()).unwrap_or("json");
            output.with_file_name(format!("{stem}-{}.{ext}", mode.name()))
        };
        check_output(&path, &[&problem_path])?;
        rota::format::save_json(&path, &out).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("wrote {} ({n} places, {})", path.display(), mode.name());
    }
    Ok(ExitCode::SUCCESS)
}

fn calibrate(geodata: PathBuf, area: String, max_km: f64, detour_factor: f64) -> Outcome {
    if !(1.0..=10.0).contains(&detour_factor) {
        return Err(format!("--detour-factor must be from 1 to 10, not {detour_factor}"));
    }
    if !(max_km.is_finite() && max_km > 0.0) {
        return Err(format!("--max-km must be a positive number, not {max_km}"));
    }
    let obs = read_observations(&geodata, &area, max_km)?;
    let f = fit(&obs).ok_or("too few observations to fit")?;
    println!("area {area}: {} LSOA-to-unit car trips under {max_km} km crow-fly", f.n);
    println!(
        "least-squares fit: minutes = {:.2} + {:.3} x km   (r = {:.3}, MAE {:.2} min)",
        f.intercept, f.slope, f.r, f.mae
    );
    let fitted = params_from_fit(&f, detour_factor);
    let show = |name: &str, p: &ModeParams| {
        let a = evaluate(p, &obs);
        println!(
            "{name:<10} detour {:.2}, speed {:.1} km/h, access {:.1} min: MAE {:.2} min, bias {:+.2} min",
            p.detour_factor, p.speed_kmh, p.access_min, a.mae, a.bias
        );
    };
    show("default", &DistanceModel::default().params(TravelMode::Car));
    show("fitted", &fitted);
    Ok(ExitCode::SUCCESS)
}

/// Mean absolute error and bias (model − real) of paired minutes.
fn accuracy(pairs: &[(f64, f64)]) -> (f64, f64) {
    let n = pairs.len().max(1) as f64;
    (pairs.iter().map(|(m, r)| (m - r).abs()).sum::<f64>() / n, pairs.iter().map(|(m, r)| m - r).sum::<f64>() / n)
}

fn calibrate_roads(geodata: PathBuf, area: String, pbf: PathBuf, unit: String) -> Outcome {
    let (at, rows) = read_unit_times(&geodata, &area, &unit)?;
    if rows.len() < 2 {
        return Err(format!("too few LSOAs of area `{area}` with a time to unit `{unit}`"));
    }
    let started = std::time::Instant::now();
    // Access time 0: the raw road time, so the fit shows what fixed time the real times add.
    let roads = RoadNetwork::from_file(&pbf).with_access_min(TravelMode::Car, 0.0);
    let mut places: Vec<_> = rows.iter().map(|r| r.1).collect();
    places.push(at);
    let trips = roads.trips(&places, TravelMode::Car).map_err(|e| e.to_string())?;
    let n = places.len();
    let road: Vec<(f64, f64)> = rows.iter().enumerate().map(|(i, r)| (trips.minutes[i * n + n - 1], r.2)).collect();
    let back: Vec<(f64, f64)> = rows.iter().enumerate().map(|(i, r)| (trips.minutes[(n - 1) * n + i], r.2)).collect();
    println!(
        "road network {}: {} LSOA centroids of {area} to unit {unit}, built and routed in {:.1} s",
        pbf.display(),
        rows.len(),
        started.elapsed().as_secs_f64()
    );
    let net = roads.network(TravelMode::Car).map_err(|e| e.to_string())?;
    println!(
        "car graph: {} nodes, {} directed edges, {} in the largest strongly connected component",
        net.node_count(),
        net.edge_count(),
        net.routable_count()
    );
    println!("snapping: max {:.0} m, mean {:.0} m", trips.snap_max_m, trips.snap_mean_m);
    let f = fit_pairs(&road).ok_or("too few observations to fit")?;
    println!(
        "real = {:.2} + {:.3} x road minutes   (r = {:.3}, MAE {:.2} min after the fit)",
        f.intercept, f.slope, f.r, f.mae
    );
    let access = rota::travel::road::CAR_ACCESS_MIN;
    let shipped: Vec<(f64, f64)> = road.iter().map(|&(m, r)| (m + access, r)).collect();
    let (mae, bias) = accuracy(&shipped);
    println!("as shipped (road + {access} min access): MAE {mae:.2} min, bias {bias:+.2} min");
    let (mae_raw, bias_raw) = accuracy(&road);
    println!("road time alone (no access):   MAE {mae_raw:.2} min, bias {bias_raw:+.2} min");
    let fitted: Vec<(f64, f64)> = road.iter().map(|&(m, r)| (f.intercept + f.slope * m, r)).collect();
    println!("the fitted line as a correction: MAE {:.2} min", accuracy(&fitted).0);
    let (mae_back, _) = accuracy(&back.iter().map(|&(m, r)| (m + access, r)).collect::<Vec<_>>());
    println!("unit to centroid (the way back) as shipped: MAE {mae_back:.2} min");
    let crow = DistanceModel::default().params(TravelMode::Car);
    let model: Vec<(f64, f64)> = rows.iter().map(|r| (crow.trip(haversine_m(r.1, at)).0, r.2)).collect();
    let (mae_c, bias_c) = accuracy(&model);
    let rc = fit_pairs(&model).map_or(f64::NAN, |f| f.r);
    println!("distance model (crow-fly, defaults): MAE {mae_c:.2} min, bias {bias_c:+.2} min, r = {rc:.3}");
    println!("Map data (c) OpenStreetMap contributors, ODbL.");
    Ok(ExitCode::SUCCESS)
}
