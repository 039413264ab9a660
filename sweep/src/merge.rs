//! `rota sweep merge`: every task's result gathered into
//! - `clusters/<cluster>/seed-<seed>/`: the capacity report `rota capacity sweep` writes
//!   (`points.csv`, `sweep.json`, `report.html`), one per cluster and seed;
//! - `county.csv` and `county.json`: per scenario, workforce level and seed, the clusters' seats,
//!   placements, bound and figures summed across clusters;
//! - `tasks.csv`: one row per task, done or not, with its state and figures;
//! - `merge.json`: every task's state and point, and the missing, failed and stale tasks by id.
//!
//! No task is dropped silently: a task that is not done is listed with its state in `tasks.csv`,
//! `merge.json` and on the caller's error stream, and a county row says how many of its
//! clusters are done. Nothing merged holds a wall time or a path, so two runs of the same
//! manifest merge to the same bytes however their tasks were run; the wall times are in the
//! per-cluster reports only.

use crate::manifest::{slug, Manifest};
use crate::status::{load_result, status, Status, TaskStatus};
use crate::task::TaskResult;
use crate::SweepError;
use rota_capacity::band::Bands;
use rota_capacity::sweep::{self, Point, Sweep};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The merge file's format tag.
pub const FORMAT: &str = "rota-sweep-merge 1";

/// What a merge found and wrote.
#[derive(Clone, Debug, Serialize)]
pub struct Merged {
    /// [`FORMAT`].
    pub format: String,
    /// Tasks in the manifest.
    pub tasks: usize,
    /// Tasks done.
    pub done: usize,
    /// Tasks not done (missing, failed or stale), with why.
    pub not_done: Vec<TaskStatus>,
    /// Hard violations the checker found, over every done task (0 unless the solver is wrong).
    pub hard_violations: usize,
    /// The county table.
    pub county: Vec<CountyRow>,
    /// Every task, in index order, with its point when done.
    pub results: Vec<MergedTask>,
}

/// One task in the merge.
#[derive(Clone, Debug, Serialize)]
pub struct MergedTask {
    /// Index.
    pub index: usize,
    /// Id.
    pub id: String,
    /// Cluster.
    pub cluster: String,
    /// Scenario.
    pub scenario: String,
    /// Workforce level.
    pub level: String,
    /// Carers employed.
    pub carers: usize,
    /// Seed.
    pub seed: u64,
    /// State.
    pub status: Status,
    /// The point, when done (its seconds are 0: wall times are left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<Point>,
}

/// One row of the county table: a scenario, workforce level and seed across clusters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CountyRow {
    /// Scenario.
    pub scenario: String,
    /// Workforce level.
    pub level: String,
    /// Seed.
    pub seed: u64,
    /// Clusters with a task at this row.
    pub clusters: usize,
    /// Of those, clusters whose task is done (the sums cover only these).
    pub done: usize,
    /// Carers employed, summed.
    pub carers: usize,
    /// Seats.
    pub seats: u64,
    /// Seats placed.
    pub placed: u64,
    /// Seats unplaced.
    pub unplaced: u64,
    /// `placed ÷ seats`.
    pub placed_share: f64,
    /// Seats every rota leaves unplaced, summed, when every done cluster was bounded.
    pub bound_unplaced: Option<u64>,
    /// Clusters whose rota leaves a seat unplaced.
    pub clusters_short: usize,
    /// Travel minutes.
    pub travel_min: f64,
    /// Carers' pay.
    pub cost: f64,
    /// Billed hours.
    pub billed_hours: f64,
    /// Hard violations.
    pub hard_violations: usize,
}

/// Merge the results of `manifest` (in folder `dir`) into `out`.
pub fn merge(manifest: &Manifest, dir: &Path, out: &Path) -> Result<Merged, SweepError> {
    let states = status(manifest, dir);
    let mut results: Vec<Option<TaskResult>> = Vec::with_capacity(states.len());
    for (t, s) in manifest.tasks.iter().zip(&states) {
        results.push(if s.status == Status::Done { load_result(dir, t).and_then(Result::ok) } else { None });
    }
    std::fs::create_dir_all(out).map_err(|e| SweepError::io(out, e))?;
    write_clusters(manifest, &results, out)?;
    let county = county(manifest, &results);
    let merged = Merged {
        format: FORMAT.into(),
        tasks: manifest.tasks.len(),
        done: results.iter().flatten().count(),
        not_done: states.iter().filter(|s| s.status != Status::Done).cloned().collect(),
        hard_violations: results.iter().flatten().map(|r| r.point.hard_violations).sum(),
        county,
        results: manifest
            .tasks
            .iter()
            .zip(&states)
            .zip(&results)
            .map(|((t, s), r)| MergedTask {
                index: t.index,
                id: t.id.clone(),
                cluster: t.cluster.clone(),
                scenario: t.scenario.clone(),
                level: t.level.clone(),
                carers: t.carers,
                seed: t.seed,
                status: s.status,
                point: r.as_ref().map(|r| r.point.clone()),
            })
            .collect(),
    };
    let write = |name: &str, bytes: &[u8]| {
        let path = out.join(name);
        rota::format::write_atomic(&path, bytes).map_err(|e| SweepError::io(&path, e))
    };
    write("tasks.csv", tasks_csv(manifest, &states, &results).as_bytes())?;
    write("county.csv", county_csv(&merged.county).as_bytes())?;
    write("county.json", rota::format::to_json(&merged.county).as_bytes())?;
    write("merge.json", rota::format::to_json(&merged).as_bytes())?;
    Ok(merged)
}

/// One capacity report per cluster and seed, from its done tasks.
fn write_clusters(manifest: &Manifest, results: &[Option<TaskResult>], out: &Path) -> Result<(), SweepError> {
    let mut groups: BTreeMap<(&str, u64), Vec<&TaskResult>> = BTreeMap::new();
    for r in results.iter().flatten() {
        groups.entry((r.task.cluster.as_str(), r.task.seed)).or_default().push(r);
    }
    for ((cluster, seed), rs) in groups {
        let folder = out.join("clusters").join(slug(cluster)).join(format!("seed-{seed}"));
        std::fs::create_dir_all(&folder).map_err(|e| SweepError::io(&folder, e))?;
        let report = cluster_sweep(manifest, &rs);
        let write = |name: &str, bytes: &[u8]| {
            let path = folder.join(name);
            rota::format::write_atomic(&path, bytes).map_err(|e| SweepError::io(&path, e))
        };
        write("points.csv", sweep::to_csv(&report).as_bytes())?;
        write("sweep.json", rota::format::to_json(&report).as_bytes())?;
        let options = rota_report::Options {
            title: format!("{cluster}, seed {seed}"),
            sources: vec![rs[0].task.problem.clone()],
        };
        write("report.html", rota_report::capacity::render(&report, &options).as_bytes())?;
    }
    Ok(())
}

/// The capacity sweep of one cluster and seed, as `rota capacity sweep` reports it, with each
/// point's wall times put back.
fn cluster_sweep(manifest: &Manifest, rs: &[&TaskResult]) -> Sweep {
    let mut scenarios = Vec::new();
    for r in rs {
        if !scenarios.iter().any(|s: &rota_capacity::scenario::Scenario| s.name == r.scenario.name) {
            scenarios.push(r.scenario.clone());
        }
    }
    let mut points: Vec<Point> = rs
        .iter()
        .map(|r| {
            let mut p = r.point.clone();
            p.seconds = r.timing.seconds;
            if let Some(b) = p.bound.as_mut() {
                b.seconds = r.timing.bound_seconds;
            }
            p
        })
        .collect();
    let rank = |p: &Point| scenarios.iter().position(|s| s.name == p.key.scenario).unwrap_or(usize::MAX);
    points.sort_by_key(|p| (rank(p), p.key.shifts, p.key.carers));
    let o = &manifest.options;
    Sweep {
        problem: rs[0].problem.name.clone(),
        carers: rs[0].problem.carers,
        seats: rs[0].problem.seats,
        share: o.share,
        shift_band: "17:00-22:00".into(),
        time_limit: o.time_limit,
        work: o.work,
        seed: rs[0].task.seed,
        bands: Bands::default(),
        smallest: sweep::smallest(&points, o.share),
        smallest_shifts: Vec::new(),
        seconds: rs.iter().map(|r| r.timing.seconds).sum(),
        interrupted: false,
        scenarios,
        points,
    }
}

/// The county table: one row per (scenario, level, seed), in the manifest's order.
fn county(manifest: &Manifest, results: &[Option<TaskResult>]) -> Vec<CountyRow> {
    let mut rows: Vec<CountyRow> = Vec::new();
    let mut at: BTreeMap<(String, String, u64), usize> = BTreeMap::new();
    for (t, r) in manifest.tasks.iter().zip(results) {
        let key = (t.scenario.clone(), t.level.clone(), t.seed);
        let i = *at.entry(key).or_insert_with(|| {
            rows.push(CountyRow {
                scenario: t.scenario.clone(),
                level: t.level.clone(),
                seed: t.seed,
                clusters: 0,
                done: 0,
                carers: 0,
                seats: 0,
                placed: 0,
                unplaced: 0,
                placed_share: 0.0,
                bound_unplaced: Some(0),
                clusters_short: 0,
                travel_min: 0.0,
                cost: 0.0,
                billed_hours: 0.0,
                hard_violations: 0,
            });
            rows.len() - 1
        });
        let row = &mut rows[i];
        row.clusters += 1;
        let Some(r) = r else { continue };
        let p = &r.point;
        row.done += 1;
        row.carers += p.key.carers;
        row.seats += p.seats;
        row.placed += p.placed;
        row.unplaced += p.unplaced;
        row.bound_unplaced = row.bound_unplaced.zip(p.bound.as_ref()).map(|(s, b)| s + b.unplaced);
        row.clusters_short += usize::from(p.unplaced > 0);
        row.travel_min += p.travel_min;
        row.cost += p.cost;
        row.billed_hours += p.billed_hours;
        row.hard_violations += p.hard_violations;
    }
    for row in &mut rows {
        row.placed_share = if row.seats == 0 { 1.0 } else { row.placed as f64 / row.seats as f64 };
        if row.done == 0 {
            row.bound_unplaced = None;
        }
    }
    rows
}

fn county_csv(rows: &[CountyRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "scenario",
        "level",
        "seed",
        "clusters",
        "done",
        "carers",
        "seats",
        "placed",
        "unplaced",
        "placed_share",
        "bound_unplaced",
        "clusters_short",
        "travel_min",
        "cost",
        "billed_hours",
        "hard_violations",
    ])
    .expect("writes to memory");
    for r in rows {
        w.write_record([
            r.scenario.clone(),
            r.level.clone(),
            r.seed.to_string(),
            r.clusters.to_string(),
            r.done.to_string(),
            r.carers.to_string(),
            r.seats.to_string(),
            r.placed.to_string(),
            r.unplaced.to_string(),
            format!("{:.4}", r.placed_share),
            r.bound_unplaced.map_or(String::new(), |b| b.to_string()),
            r.clusters_short.to_string(),
            format!("{:.1}", r.travel_min),
            format!("{:.2}", r.cost),
            format!("{:.2}", r.billed_hours),
            r.hard_violations.to_string(),
        ])
        .expect("writes to memory");
    }
    String::from_utf8(w.into_inner().expect("writes to memory")).expect("CSV of UTF-8 text")
}

fn tasks_csv(manifest: &Manifest, states: &[TaskStatus], results: &[Option<TaskResult>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "index",
        "id",
        "cluster",
        "scenario",
        "level",
        "carers",
        "seed",
        "status",
        "detail",
        "seats",
        "placed",
        "unplaced",
        "placed_share",
        "bound_unplaced",
        "travel_min",
        "cost",
        "hard_violations",
        "repeatable",
        "work",
    ])
    .expect("writes to memory");
    for ((t, s), r) in manifest.tasks.iter().zip(states).zip(results) {
        let mut row = vec![
            t.index.to_string(),
            t.id.clone(),
            t.cluster.clone(),
            t.scenario.clone(),
            t.level.clone(),
            t.carers.to_string(),
            t.seed.to_string(),
            s.status.name().to_string(),
            s.detail.clone(),
        ];
        match r {
            Some(r) => {
                let p = &r.point;
                row.extend([
                    p.seats.to_string(),
                    p.placed.to_string(),
                    p.unplaced.to_string(),
                    format!("{:.4}", p.placed_share),
                    p.bound.as_ref().map_or(String::new(), |b| b.unplaced.to_string()),
                    format!("{:.1}", p.travel_min),
                    format!("{:.2}", p.cost),
                    p.hard_violations.to_string(),
                    p.repeatable.to_string(),
                    p.work.to_string(),
                ]);
            }
            None => row.extend(std::iter::repeat_n(String::new(), 10)),
        }
        w.write_record(&row).expect("writes to memory");
    }
    String::from_utf8(w.into_inner().expect("writes to memory")).expect("CSV of UTF-8 text")
}
