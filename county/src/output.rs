//! Writing a capacity run: `county.json`, `clusters.csv`, `county.csv`, `clusters.geojson`,
//! `index.html`, and every rota (`rotas/<cluster>.json`; the spill-over scenario's problems and
//! rotas under `spill/<cluster>/`).

use crate::capacity::{rota_path, shortfalls, CountyReport, Rotas};
use crate::manifest::Manifest;
use crate::CountyError;
use geo::MultiPolygon;
use rota_capacity::Bands;
use std::path::Path;

fn io(path: &Path, e: impl std::fmt::Display) -> CountyError {
    CountyError::Io { path: path.to_path_buf(), message: e.to_string() }
}

/// Read each cluster's boundary from `clusters.geojson` under `dir`, in manifest order.
pub fn read_shapes(dir: &Path, manifest: &Manifest) -> Result<Vec<MultiPolygon<f64>>, CountyError> {
    let path = dir.join("clusters.geojson");
    let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
    let collection: geojson::FeatureCollection = text.parse().map_err(|e| io(&path, e))?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for c in &manifest.clusters {
        let feature = collection.features.iter().find(|f| f.property("id").and_then(|v| v.as_str()) == Some(&c.id));
        match feature.and_then(|f| f.geometry.as_ref()).map(|g| crate::geodata::multipolygon(&g.value)) {
            Some(Ok(shape)) => out.push(shape),
            Some(Err(e)) => errors.push(format!("cluster {}: geometry: {e}", c.id)),
            None => errors.push(format!("cluster {}: no feature with this id and a geometry", c.id)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(CountyError::Data { path, errors })
    }
}

/// Write everything under `out`.
pub fn write(
    out: &Path,
    manifest: &Manifest,
    shapes: &[MultiPolygon<f64>],
    report: &CountyReport,
    rotas: &Rotas,
) -> Result<(), CountyError> {
    std::fs::create_dir_all(out.join("rotas")).map_err(|e| io(out, e))?;
    let save = |path: &Path, text: &str| std::fs::write(path, text).map_err(|e| io(path, e));
    save(&out.join("county.json"), &rota::format::to_json(report))?;
    save(&out.join("clusters.csv"), &clusters_csv(report))?;
    save(&out.join("county.csv"), &county_csv(report))?;
    save(&out.join("clusters.geojson"), &crate::map::clusters_geojson(manifest, shapes, &shortfalls(report)))?;
    save(&out.join("index.html"), &crate::page::render(manifest, shapes, report))?;
    for (c, rota) in manifest.clusters.iter().zip(&rotas.main) {
        save(&rota_path(out, &c.id), &rota::format::to_json(rota))?;
    }
    for (id, (problem, rota)) in &rotas.spill {
        let dir = out.join("spill").join(id);
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        save(&dir.join("problem.json"), &rota::format::to_json(problem))?;
        save(&dir.join("rota.json"), &rota::format::to_json(rota))?;
    }
    Ok(())
}

fn band_names() -> Vec<String> {
    Bands::default().0.into_iter().map(|b| b.name).collect()
}

/// One row per cluster.
pub fn clusters_csv(report: &CountyReport) -> String {
    let bands = band_names();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "cluster",
        "name",
        "district",
        "clients",
        "carers",
        "providers",
        "seats",
        "placed",
        "unplaced",
        "bound_unplaced",
        "bound_carers_needed",
        "unplaced_after_spill",
        "offered_clients",
        "moved_clients",
        "taken_clients",
        "violations",
        "travel_hours",
        "solve_seconds",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(bands.iter().map(|b| format!("unplaced_{b}")));
    w.write_record(&header).expect("writing to memory");
    for c in &report.clusters {
        let bound = c.bound.as_ref().and_then(|b| b.as_ref().ok());
        let mut row = vec![
            c.id.clone(),
            c.name.clone(),
            c.district.clone(),
            c.clients.to_string(),
            c.carers.to_string(),
            c.providers.len().to_string(),
            c.solve.seats.to_string(),
            c.solve.placed.to_string(),
            c.solve.unplaced.to_string(),
            bound.map_or(String::new(), |b| b.unplaced.to_string()),
            bound.map_or(String::new(), |b| b.carers_needed.to_string()),
            c.spill.unplaced_after.to_string(),
            c.spill.offered_clients.to_string(),
            c.spill.moved_clients.to_string(),
            c.spill.taken.len().to_string(),
            c.solve.violations.to_string(),
            c.solve.travel_hours.to_string(),
            c.solve.seconds.to_string(),
        ];
        row.extend(bands.iter().map(|b| c.solve.unplaced_by_band.get(b).copied().unwrap_or(0).to_string()));
        w.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8")
}

/// The county's totals in one row.
pub fn county_csv(report: &CountyReport) -> String {
    let t = &report.totals;
    let bands = band_names();
    let mut header = vec![
        "clusters",
        "clients",
        "carers",
        "visits",
        "seats",
        "unplaced",
        "bound_unplaced",
        "unplaced_after_spill",
        "offered_clients",
        "moved_clients",
        "violations",
        "seconds",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    header.extend(bands.iter().map(|b| format!("unplaced_{b}")));
    let mut row = vec![
        t.clusters.to_string(),
        t.clients.to_string(),
        t.carers.to_string(),
        t.visits.to_string(),
        t.seats.to_string(),
        t.unplaced.to_string(),
        t.bound_unplaced.map_or(String::new(), |b| b.to_string()),
        t.unplaced_after_spill.to_string(),
        t.offered_clients.to_string(),
        t.moved_clients.to_string(),
        t.violations.to_string(),
        t.seconds.to_string(),
    ];
    row.extend(bands.iter().map(|b| t.unplaced_by_band.get(b).copied().unwrap_or(0).to_string()));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).expect("writing to memory");
    w.write_record(&row).expect("writing to memory");
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8")
}
