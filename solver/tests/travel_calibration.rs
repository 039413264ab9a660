//! The default car model against real Kent car times, shipped in `datasets/geodata/travel_times`.

use rota::model::TravelMode;
use rota::travel::calibrate::{evaluate, fit, read_observations};
use rota::travel::DistanceModel;
use std::path::Path;

fn geodata() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../datasets/geodata"))
}

#[test]
fn default_car_model_matches_real_kent_short_trips() {
    let obs = read_observations(geodata(), "kent", 10.0).unwrap();
    assert!(obs.len() > 400, "expected hundreds of Kent trips under 10 km, got {}", obs.len());
    let line = fit(&obs).unwrap();
    assert!(line.r > 0.75, "{line:?}");
    let acc = evaluate(&DistanceModel::default().params(TravelMode::Car), &obs);
    // The default is the fitted line, so it should be as good as the fit and unbiased.
    assert!(acc.mae <= line.mae + 0.1, "default MAE {acc:?} vs fit {line:?}");
    assert!(acc.bias.abs() < 0.5, "{acc:?}");
}

#[test]
fn missing_geodata_is_a_clear_error() {
    let err = read_observations(Path::new("/nonexistent"), "kent", 10.0).unwrap_err();
    assert!(err.contains("cannot read"), "{err}");
    let err = read_observations(geodata(), "atlantis", 10.0).unwrap_err();
    assert!(err.contains("atlantis"), "{err}");
}
