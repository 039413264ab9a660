//! `rota travel matrix|calibrate`: write a problem's travel matrix; fit the distance model.

use super::{check_output, folder_of, load_problem, Outcome};
use rota::model::TravelMode;
use rota::travel::calibrate::{evaluate, fit, params_from_fit, read_observations};
use rota::travel::{DistanceModel, MatrixFileFormat, ModeParams, Travel};
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
    /// Fit the car distance model to real car times (shared/geodata/travel_times).
    Calibrate {
        /// The shared geodata folder.
        #[arg(long, default_value = "../shared/geodata")]
        geodata: PathBuf,
        /// The area: kent, milton_keynes, bexley, hammersmith_fulham or isle_of_wight (the areas
        /// with enough short trips in shared/geodata/travel_times).
        #[arg(long, default_value = "kent")]
        area: String,
        /// Use only trips shorter than this, crow-fly km (home care trips are short).
        #[arg(long, default_value_t = 10.0)]
        max_km: f64,
        /// Detour factor to express the fitted line with.
        #[arg(long, default_value_t = 1.3)]
        detour_factor: f64,
    },
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    match args.action {
        Action::Matrix { problem, output } => matrix(problem, output),
        Action::Calibrate { geodata, area, max_km, detour_factor } => calibrate(geodata, area, max_km, detour_factor),
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
