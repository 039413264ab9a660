//! `rota county capacity`: bound, solve and check every cluster, then the spill-over scenario.
//!
//! **Main pass.** Each cluster's week is solved on its own (`rota::solve`, one thread per
//! cluster, clusters in parallel on their own threads), bounded first when asked
//! (`rota_capacity::bound`), and its rota checked by the independent checker (`rota::check`).
//!
//! **Spill-over** (seed 001: providers take packages from neighbouring clusters), one round:
//! 1. a cluster's *unplaced clients* are those with at least one seat its rota left unplaced;
//!    each is offered as a whole package, in the order: cluster id, most unplaced seats first,
//!    client id;
//! 2. the providers that may take one are those of the clusters adjacent to it that left a
//!    smaller share of their own seats unplaced (packages only flow towards clusters less short
//!    than their own, so two clusters never swap packages); a provider's *spare minutes*, by
//!    date and time band (`rota_capacity::Bands::default()`), are its carers' availability less
//!    the time they work in its cluster's rota (each visit with the travel before it, and the
//!    trip home), less its share (by clients) of what its own cluster's unplaced seats need;
//! 3. a package needs, in each date and band, its visits' minutes (from the target start,
//!    times carers required) plus [`TRAVEL_ALLOWANCE`] for travel; it goes to the eligible
//!    provider whose spare minutes cover that need in every date and band, the one with the
//!    most spare minutes in all if several do (ties: provider id), whose spare minutes then
//!    fall by the need; otherwise it stays unplaced where it was;
//! 4. every cluster that took packages is solved again with them added (the client keeps its
//!    id and visits; its preferred and key carers and refusals, who work in the other cluster,
//!    are dropped), and checked;
//! 5. after the scenario, a cluster that took packages counts the unplaced seats of its new
//!    rota, its own and the taken ones; a cluster that gave packages away no longer counts
//!    their seats. The giving clusters are not solved again (the hours the moved clients'
//!    placed visits freed are not reused): the scenario's figure is an upper estimate of what
//!    stays unplaced.

use crate::manifest::{Cluster, Manifest};
use crate::map::Shortfall;
use crate::CountyError;
use rota::check;
use rota::format::Rota;
use rota::model::Problem;
use rota::solve::{solve, SolveOptions};
use rota::travel::Travel;
use rota_capacity::{Bands, BoundOptions};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Travel a spilled package is assumed to need on top of its contact hours, as a share of them
/// (the shipped Kent week's travel estimate is 22% of its contact hours, `datasets/README.md`).
pub const TRAVEL_ALLOWANCE: f64 = 0.25;

/// How to run.
#[derive(Clone, Debug)]
pub struct CapacityOptions {
    /// Each cluster's solve time limit.
    pub time_limit: Duration,
    /// Compute the proven bound of each cluster (`rota_capacity::bound`).
    pub bound: bool,
    /// Run the spill-over scenario.
    pub spill: bool,
    /// The solver's seed.
    pub seed: u64,
    /// Clusters solved at once (each solve uses one thread).
    pub threads: usize,
}

impl Default for CapacityOptions {
    fn default() -> Self {
        CapacityOptions { time_limit: Duration::from_secs(40), bound: true, spill: true, seed: 1, threads: 2 }
    }
}

/// One solve of a cluster's week, checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolveResult {
    /// Seats in the week.
    pub seats: u64,
    /// Seats the rota places.
    pub placed: u64,
    /// Seats it leaves unplaced.
    pub unplaced: u64,
    /// Unplaced seats by time band of the visit's target start (`rota_capacity::Bands`).
    pub unplaced_by_band: BTreeMap<String, u64>,
    /// Hard violations the checker found (0 for every rota the solver makes).
    pub violations: usize,
    /// Travel hours of the rota.
    pub travel_hours: f64,
    /// Carers with at least one visit.
    pub carers_used: usize,
    /// Seconds the solve took.
    pub seconds: f64,
}

/// The proven bound of a cluster's week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoundResult {
    /// At least this many seats stay unplaced in every rota.
    pub unplaced: u64,
    /// At least this many carers are needed to place every seat.
    pub carers_needed: u64,
    /// Seconds the bound took.
    pub seconds: f64,
}

/// The spill-over scenario's figures for a cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SpillResult {
    /// Clients it offered to neighbours.
    pub offered_clients: usize,
    /// Of those, the clients a neighbour's provider took.
    pub moved_clients: usize,
    /// Unplaced seats of the moved clients in this cluster's rota.
    pub moved_unplaced_seats: u64,
    /// Clients it took from neighbours, with the provider that took each.
    pub taken: Vec<Taken>,
    /// Its solve with the taken clients added, if it took any.
    pub resolve: Option<SolveResult>,
    /// Its unplaced seats after the scenario (rule 5 of the module docs).
    pub unplaced_after: u64,
}

/// A package taken from a neighbouring cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Taken {
    /// The client.
    pub client: String,
    /// The cluster it came from.
    pub from: String,
    /// The provider that took it.
    pub provider: String,
    /// Its seats in the week.
    pub seats: u64,
    /// Hours it was assumed to need (contact hours plus the travel allowance).
    pub need_hours: f64,
}

/// A provider's spare hours in the main pass.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderHours {
    /// The provider.
    pub id: String,
    /// Its carers' available hours.
    pub available: f64,
    /// Hours its carers work in the rota (visits and travel).
    pub worked: f64,
}

/// Everything about one cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterResult {
    /// Cluster id.
    pub id: String,
    /// Name.
    pub name: String,
    /// District name.
    pub district: String,
    /// Clients.
    pub clients: usize,
    /// Carers.
    pub carers: usize,
    /// Providers' hours.
    pub providers: Vec<ProviderHours>,
    /// The bound, if computed; `Err` if it failed.
    pub bound: Option<Result<BoundResult, String>>,
    /// The main pass.
    pub solve: SolveResult,
    /// The spill-over scenario.
    pub spill: SpillResult,
}

/// County totals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Clusters.
    pub clusters: usize,
    /// Clients.
    pub clients: usize,
    /// Carers.
    pub carers: usize,
    /// Visits.
    pub visits: usize,
    /// Seats.
    pub seats: u64,
    /// Seats unplaced in the main pass.
    pub unplaced: u64,
    /// Sum of the clusters' proven bounds, if every cluster was bounded.
    pub bound_unplaced: Option<u64>,
    /// Unplaced seats by band in the main pass.
    pub unplaced_by_band: BTreeMap<String, u64>,
    /// Hard violations over every rota, main pass and scenario (0 expected).
    pub violations: usize,
    /// Clients offered in the spill-over scenario.
    pub offered_clients: usize,
    /// Clients moved.
    pub moved_clients: usize,
    /// Unplaced seats after the scenario.
    pub unplaced_after_spill: u64,
    /// Wall-clock seconds of the whole run.
    pub seconds: f64,
}

/// The report of a county's capacity run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountyReport {
    /// The area.
    pub area: String,
    /// The seed the county was generated with.
    pub seed: u64,
    /// Each cluster's solve time limit, seconds.
    pub time_limit_s: f64,
    /// Whether the bound was computed.
    pub bounded: bool,
    /// The county.
    pub totals: Totals,
    /// Each cluster, in manifest order.
    pub clusters: Vec<ClusterResult>,
}

/// A cluster's bound: not asked for, failed (why), or found.
type Bounded = Option<Result<BoundResult, String>>;

/// A loaded cluster.
struct Loaded {
    problem: Problem,
    travel: Travel,
}

/// The solved rotas, kept for writing.
pub struct Rotas {
    /// Each cluster's main-pass rota.
    pub main: Vec<Rota>,
    /// The scenario's problem and rota of each cluster that took packages.
    pub spill: BTreeMap<String, (Problem, Rota)>,
}

/// Read `county.json` under `dir`.
pub fn read_manifest(dir: &Path) -> Result<Manifest, CountyError> {
    let path = dir.join("county.json");
    let text =
        std::fs::read_to_string(&path).map_err(|e| CountyError::Io { path: path.clone(), message: e.to_string() })?;
    let manifest: Manifest = serde_json::from_str(&text)
        .map_err(|e| CountyError::Data { path: path.clone(), errors: vec![e.to_string()] })?;
    if manifest.format != crate::manifest::FORMAT {
        return Err(CountyError::Data {
            path,
            errors: vec![format!("format: `{}`, expected `{}`", manifest.format, crate::manifest::FORMAT)],
        });
    }
    Ok(manifest)
}

/// Load every cluster's problem and travel; all errors together.
fn load(dir: &Path, manifest: &Manifest) -> Result<Vec<Loaded>, CountyError> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for c in &manifest.clusters {
        let path = dir.join(&c.problem);
        let loaded = rota::format::load_problem(&path).and_then(|(problem, _)| {
            let folder = path.parent().unwrap_or(Path::new("."));
            let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            Travel::for_problem(&problem, folder, &file).map(|travel| Loaded { problem, travel })
        });
        match loaded {
            Ok(l) => out.push(l),
            Err(e) => errors.push(format!("cluster {} ({}): {e}", c.id, path.display())),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(CountyError::Data { path: dir.join("county.json"), errors })
    }
}

/// Run the county under `dir`: returns the report and the rotas. `progress` hears a line as
/// each cluster finishes.
pub fn run(
    dir: &Path,
    options: &CapacityOptions,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<(CountyReport, Rotas), CountyError> {
    let began = Instant::now();
    let manifest = read_manifest(dir)?;
    let loaded = load(dir, &manifest)?;
    let jobs: Vec<(&Loaded, &Cluster)> = loaded.iter().zip(&manifest.clusters).collect();
    let main: Vec<(Bounded, SolveResult, Rota)> = parallel_map(&jobs, options.threads, |(l, c)| {
        let bound = options.bound.then(|| bound_cluster(l));
        let (result, rota) = solve_cluster(&l.problem, &l.travel, options);
        progress(&format!(
            "{}: {} of {} seats unplaced{}",
            c.id,
            result.unplaced,
            result.seats,
            match &bound {
                Some(Ok(b)) => format!(" (bound {})", b.unplaced),
                Some(Err(e)) => format!(" (bound failed: {e})"),
                None => String::new(),
            }
        ));
        (bound, result, rota)
    });
    let providers: Vec<Vec<ProviderHours>> = loaded
        .iter()
        .zip(&main)
        .zip(&manifest.clusters)
        .map(|((l, m), c)| provider_hours(&l.problem, &m.2, c))
        .collect();
    let mut spill: Vec<SpillResult> =
        main.iter().map(|m| SpillResult { unplaced_after: m.1.unplaced, ..SpillResult::default() }).collect();
    let mut spill_rotas = BTreeMap::new();
    if options.spill {
        let plan = plan_spill(&manifest, &loaded, &main.iter().map(|m| &m.2).collect::<Vec<_>>());
        apply_plan(&plan, &loaded, &main.iter().map(|m| &m.2).collect::<Vec<_>>(), &mut spill);
        let receivers: Vec<usize> = (0..spill.len()).filter(|&c| !spill[c].taken.is_empty()).collect();
        let resolved: Vec<Option<(usize, Problem, SolveResult, Rota)>> =
            parallel_map(&receivers, options.threads, |&c| {
                let problem = with_taken(&loaded[c].problem, &spill[c].taken, &loaded, &manifest);
                // A generated week travels by the distance model; a week edited to read a matrix
                // file has no trips for the clients taken in, so it keeps its first-pass result.
                let travel = match Travel::for_problem(&problem, Path::new("."), "problem.json") {
                    Ok(travel) => travel,
                    Err(e) => {
                        progress(&format!(
                            "{}: not solved again with the clients taken in: {e}",
                            manifest.clusters[c].id
                        ));
                        return None;
                    }
                };
                let (result, rota) = solve_cluster(&problem, &travel, options);
                progress(&format!(
                    "{} with {} clients taken from neighbours: {} of {} seats unplaced",
                    manifest.clusters[c].id,
                    spill[c].taken.len(),
                    result.unplaced,
                    result.seats
                ));
                Some((c, problem, result, rota))
            });
        for (c, problem, result, rota) in resolved.into_iter().flatten() {
            spill[c].unplaced_after = result.unplaced;
            spill[c].resolve = Some(result);
            spill_rotas.insert(manifest.clusters[c].id.clone(), (problem, rota));
        }
        for s in &mut spill {
            s.unplaced_after -= s.moved_unplaced_seats.min(s.unplaced_after);
        }
    }
    let clusters: Vec<ClusterResult> = manifest
        .clusters
        .iter()
        .zip(main.iter().zip(providers).zip(spill))
        .map(|(c, ((m, providers), spill))| ClusterResult {
            id: c.id.clone(),
            name: c.name.clone(),
            district: c.district_name.clone(),
            clients: c.clients,
            carers: c.carers,
            providers,
            bound: m.0.clone(),
            solve: m.1.clone(),
            spill,
        })
        .collect();
    let totals = totals(&manifest, &clusters, began.elapsed().as_secs_f64());
    let report = CountyReport {
        area: manifest.area.clone(),
        seed: manifest.seed,
        time_limit_s: options.time_limit.as_secs_f64(),
        bounded: options.bound,
        totals,
        clusters,
    };
    Ok((report, Rotas { main: main.into_iter().map(|m| m.2).collect(), spill: spill_rotas }))
}

/// `f` of every item, on `threads` threads of their own, in item order. Plain threads, not a
/// rayon pool: the solver runs its search in a rayon pool of its own, and a rayon worker
/// waiting on another pool picks up more work of its own pool meanwhile, so one cluster's solve
/// would wait for another's to end.
fn parallel_map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: std::sync::Mutex<Vec<Option<R>>> = std::sync::Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, items.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                results.lock().expect("no thread panicked holding the lock")[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .expect("no thread panicked holding the lock")
        .into_iter()
        .map(|r| r.expect("every item done"))
        .collect()
}

fn bound_cluster(l: &Loaded) -> Result<BoundResult, String> {
    let t = Instant::now();
    let b = rota_capacity::bound(&l.problem, &l.travel, &BoundOptions::default()).map_err(|e| e.to_string())?;
    Ok(BoundResult { unplaced: b.unplaced, carers_needed: b.carers.needed, seconds: t.elapsed().as_secs_f64() })
}

/// Solve, then check with the independent checker.
fn solve_cluster(problem: &Problem, travel: &Travel, options: &CapacityOptions) -> (SolveResult, Rota) {
    let solve_options =
        SolveOptions { time_limit: options.time_limit, seed: options.seed, threads: 1, ..SolveOptions::default() };
    let solution = solve(problem, travel, &solve_options, &|_| {});
    let report = check::check(problem, &solution.rota, travel);
    let bands = Bands::default();
    let visits: BTreeMap<&str, &rota::model::Visit> = problem.visits.iter().map(|v| (v.id.as_str(), v)).collect();
    let mut by_band = BTreeMap::new();
    for u in &solution.rota.unassigned {
        if let Some(v) = visits.get(u.visit.as_str()) {
            let band = &bands.0[bands.of(v.start.whole_minutes() as i64)].name;
            *by_band.entry(band.clone()).or_insert(0) += u.seats as u64;
        }
    }
    let k = &report.kpis;
    let result = SolveResult {
        seats: k.visits.seats as u64,
        placed: k.visits.scheduled_seats as u64,
        unplaced: k.visits.unassigned_seats,
        unplaced_by_band: by_band,
        violations: report.violations.len(),
        travel_hours: round2(travel_minutes(&solution.rota) / 60.0),
        carers_used: solution.rota.rounds.iter().map(|r| r.carer.as_str()).collect::<BTreeSet<_>>().len(),
        seconds: round2(solution.seconds),
    };
    (result, solution.rota)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn travel_minutes(rota: &Rota) -> f64 {
    rota.rounds.iter().map(|r| r.visits.iter().map(|v| v.travel_min).sum::<f64>() + r.return_travel_min).sum()
}

/// Each provider's available and worked hours in `rota`.
fn provider_hours(problem: &Problem, rota: &Rota, cluster: &Cluster) -> Vec<ProviderHours> {
    let mut worked: BTreeMap<&str, f64> = BTreeMap::new();
    for r in &rota.rounds {
        let minutes: f64 = r
            .visits
            .iter()
            .map(|v| (v.end.whole_minutes() - v.start.whole_minutes()) as f64 + v.travel_min)
            .sum::<f64>()
            + r.return_travel_min;
        *worked.entry(r.carer.as_str()).or_default() += minutes / 60.0;
    }
    cluster
        .providers
        .iter()
        .map(|p| {
            let carers = problem.carers.iter().filter(|c| c.provider.as_deref() == Some(p.id.as_str()));
            let (mut available, mut work) = (0.0, 0.0);
            for c in carers {
                available += available_hours(c);
                work += worked.get(c.id.as_str()).copied().unwrap_or(0.0);
            }
            ProviderHours { id: p.id.clone(), available: round2(available), worked: round2(work) }
        })
        .collect()
}

/// A carer's available hours: availability per day capped at the daily maximum, the week
/// capped at the weekly maximum.
fn available_hours(carer: &rota::model::Carer) -> f64 {
    let mut per_day: BTreeMap<chrono::NaiveDate, f64> = BTreeMap::new();
    for a in &carer.availability {
        *per_day.entry(a.date).or_default() += (a.end.whole_minutes() - a.start.whole_minutes()).max(0) as f64 / 60.0;
    }
    let day_cap = carer.max_hours_per_day.unwrap_or(f64::INFINITY);
    let week: f64 = per_day.values().map(|h| h.min(day_cap)).sum();
    week.min(carer.max_hours_per_week.unwrap_or(f64::INFINITY))
}

/// Minutes by date and band of the day.
type Slots = BTreeMap<(chrono::NaiveDate, usize), f64>;

/// Add `weight` × the minutes of `[start, end)` on `date` (minutes after its midnight; past
/// 1,440 on the next day) to the bands they fall in.
fn add(bands: &Bands, slots: &mut Slots, date: chrono::NaiveDate, start: i64, end: i64, weight: f64) {
    let mut day = date;
    let (mut a, mut b) = (start, end);
    while a < b {
        for (i, band) in bands.0.iter().enumerate() {
            let overlap = b.min(band.end as i64).min(1440) - a.max(band.start as i64);
            if overlap > 0 {
                *slots.entry((day, i)).or_default() += weight * overlap as f64;
            }
        }
        (a, b) = ((a - 1440).max(0), b - 1440);
        day = day.succ_opt().unwrap_or(day);
    }
}

/// A visit's minutes from its target start, `weight` per minute.
fn add_visit(bands: &Bands, slots: &mut Slots, v: &rota::model::Visit, weight: f64) {
    let start = v.start.whole_minutes() as i64;
    add(bands, slots, v.date, start, start + v.duration_min as i64, weight);
}

/// A provider's spare carer-minutes by date and band in `rota`: its carers' availability less
/// the time they work (each visit with the travel before it, and the trip home).
fn provider_slots(bands: &Bands, problem: &Problem, rota: &Rota, provider: &str) -> Slots {
    let ours: BTreeSet<&str> =
        problem.carers.iter().filter(|c| c.provider.as_deref() == Some(provider)).map(|c| c.id.as_str()).collect();
    let mut slots = Slots::new();
    for c in problem.carers.iter().filter(|c| ours.contains(c.id.as_str())) {
        for a in &c.availability {
            add(bands, &mut slots, a.date, a.start.whole_minutes() as i64, a.end.whole_minutes() as i64, 1.0);
        }
    }
    for r in rota.rounds.iter().filter(|r| ours.contains(r.carer.as_str())) {
        for v in &r.visits {
            let start = v.start.whole_minutes() as i64 - v.travel_min.ceil() as i64;
            add(bands, &mut slots, r.date, start.max(0), v.end.whole_minutes() as i64, -1.0);
        }
        if let Some(last) = r.visits.last() {
            let end = last.end.whole_minutes() as i64;
            add(bands, &mut slots, r.date, end, end + r.return_travel_min.ceil() as i64, -1.0);
        }
    }
    slots
}

/// A package moved (`to` is `usize::MAX` when no provider could take it).
struct Move {
    from: usize,
    to: usize,
    taken: Taken,
    unplaced_seats: u64,
}

/// Each cluster's share of its seats left unplaced.
fn unplaced_shares(loaded: &[Loaded], rotas: &[&Rota]) -> Vec<f64> {
    rotas
        .iter()
        .zip(loaded)
        .map(|(r, l)| r.unassigned.iter().map(|u| u.seats as f64).sum::<f64>() / l.problem.seat_count().max(1) as f64)
        .collect()
}

/// Every provider's spare minutes by date and band, after keeping back its share (by clients)
/// of what its own cluster's unplaced seats need: (cluster, provider id) -> slots.
fn spare_slots(
    bands: &Bands,
    manifest: &Manifest,
    loaded: &[Loaded],
    rotas: &[&Rota],
) -> BTreeMap<(usize, String), Slots> {
    let mut spare = BTreeMap::new();
    for (c, cluster) in manifest.clusters.iter().enumerate() {
        let problem = &loaded[c].problem;
        let visits: BTreeMap<&str, &rota::model::Visit> = problem.visits.iter().map(|v| (v.id.as_str(), v)).collect();
        let mut unplaced = Slots::new();
        for u in &rotas[c].unassigned {
            if let Some(v) = visits.get(u.visit.as_str()) {
                add_visit(bands, &mut unplaced, v, u.seats as f64 * (1.0 + TRAVEL_ALLOWANCE));
            }
        }
        let clients = problem.clients.len().max(1) as f64;
        for p in &cluster.providers {
            let own = problem.clients.iter().filter(|k| k.provider.as_deref() == Some(p.id.as_str())).count() as f64;
            let mut slots = provider_slots(bands, problem, rotas[c], &p.id);
            for (k, m) in &unplaced {
                *slots.entry(*k).or_default() -= m * own / clients;
            }
            spare.insert((c, p.id.clone()), slots);
        }
    }
    spare
}

/// Rules 1-3 of the module docs.
fn plan_spill(manifest: &Manifest, loaded: &[Loaded], rotas: &[&Rota]) -> Vec<Move> {
    let bands = Bands::default();
    let index: BTreeMap<&str, usize> = manifest.clusters.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let share = unplaced_shares(loaded, rotas);
    let mut spare = spare_slots(&bands, manifest, loaded, rotas);
    let mut moves = Vec::new();
    for (c, cluster) in manifest.clusters.iter().enumerate() {
        let problem = &loaded[c].problem;
        let visit_client: BTreeMap<&str, &str> =
            problem.visits.iter().map(|v| (v.id.as_str(), v.client.as_str())).collect();
        let mut unplaced: BTreeMap<&str, u64> = BTreeMap::new();
        for u in &rotas[c].unassigned {
            if let Some(client) = visit_client.get(u.visit.as_str()) {
                *unplaced.entry(client).or_default() += u.seats as u64;
            }
        }
        let mut offered: Vec<(&str, u64)> = unplaced.into_iter().collect();
        offered.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let neighbours: Vec<usize> = cluster
            .adjacent
            .iter()
            .filter_map(|a| index.get(a.as_str()).copied())
            .filter(|&n| share[n] < share[c])
            .collect();
        for (client, unplaced_seats) in offered {
            let mut need = Slots::new();
            let mut seats = 0u64;
            for v in problem.visits.iter().filter(|v| v.client == client) {
                seats += v.carers_required as u64;
                add_visit(&bands, &mut need, v, v.carers_required as f64 * (1.0 + TRAVEL_ALLOWANCE));
            }
            let fits = |slots: &Slots| need.iter().all(|(k, m)| slots.get(k).copied().unwrap_or(0.0) >= *m);
            let total = |slots: &Slots| slots.values().map(|m| m.max(0.0)).sum::<f64>();
            let best = spare
                .iter()
                .filter(|((n, _), slots)| neighbours.contains(n) && fits(slots))
                .max_by(|a, b| total(a.1).total_cmp(&total(b.1)).then(b.0 .1.cmp(&a.0 .1)))
                .map(|(k, _)| k.clone());
            let taken = Taken {
                client: client.to_string(),
                from: cluster.id.clone(),
                provider: String::new(),
                seats,
                need_hours: round2(need.values().sum::<f64>() / 60.0),
            };
            match best {
                Some(key) => {
                    let slots = spare.get_mut(&key).expect("a key of the map");
                    for (k, m) in &need {
                        *slots.entry(*k).or_default() -= m;
                    }
                    moves.push(Move { from: c, to: key.0, taken: Taken { provider: key.1, ..taken }, unplaced_seats });
                }
                None => moves.push(Move { from: c, to: usize::MAX, taken, unplaced_seats }),
            }
        }
    }
    moves
}

fn apply_plan(moves: &[Move], _loaded: &[Loaded], _rotas: &[&Rota], spill: &mut [SpillResult]) {
    for m in moves {
        spill[m.from].offered_clients += 1;
        if m.to != usize::MAX {
            spill[m.from].moved_clients += 1;
            spill[m.from].moved_unplaced_seats += m.unplaced_seats;
            spill[m.to].taken.push(m.taken.clone());
        }
    }
}

/// The cluster's problem with the taken packages added (rule 4).
fn with_taken(problem: &Problem, taken: &[Taken], loaded: &[Loaded], manifest: &Manifest) -> Problem {
    let mut out = problem.clone();
    out.name = format!("{} with {} clients from neighbouring clusters", problem.name, taken.len());
    for t in taken {
        let Some(from) = manifest.clusters.iter().position(|c| c.id == t.from) else { continue };
        let source = &loaded[from].problem;
        let Some(client) = source.clients.iter().find(|c| c.id == t.client) else { continue };
        let mut client = client.clone();
        client.provider = Some(t.provider.clone());
        client.preferred_carers.clear();
        client.key_carer = None;
        client.excluded_carers.clear();
        out.clients.push(client);
        out.visits.extend(source.visits.iter().filter(|v| v.client == t.client).cloned());
    }
    out
}

fn totals(manifest: &Manifest, clusters: &[ClusterResult], seconds: f64) -> Totals {
    let mut by_band = BTreeMap::new();
    for c in clusters {
        for (band, n) in &c.solve.unplaced_by_band {
            *by_band.entry(band.clone()).or_insert(0) += n;
        }
    }
    let bounds: Option<Vec<u64>> =
        clusters.iter().map(|c| c.bound.as_ref().and_then(|b| b.as_ref().ok()).map(|b| b.unplaced)).collect();
    Totals {
        clusters: clusters.len(),
        clients: manifest.clusters.iter().map(|c| c.clients).sum(),
        carers: manifest.clusters.iter().map(|c| c.carers).sum(),
        visits: manifest.clusters.iter().map(|c| c.visits).sum(),
        seats: clusters.iter().map(|c| c.solve.seats).sum(),
        unplaced: clusters.iter().map(|c| c.solve.unplaced).sum(),
        bound_unplaced: bounds.map(|b| b.iter().sum()),
        unplaced_by_band: by_band,
        violations: clusters
            .iter()
            .map(|c| c.solve.violations + c.spill.resolve.as_ref().map_or(0, |r| r.violations))
            .sum(),
        offered_clients: clusters.iter().map(|c| c.spill.offered_clients).sum(),
        moved_clients: clusters.iter().map(|c| c.spill.moved_clients).sum(),
        unplaced_after_spill: clusters.iter().map(|c| c.spill.unplaced_after).sum(),
        seconds: round2(seconds),
    }
}

/// The map figures of each cluster.
pub fn shortfalls(report: &CountyReport) -> Vec<Shortfall> {
    report
        .clusters
        .iter()
        .map(|c| Shortfall {
            seats: c.solve.seats,
            unplaced: c.solve.unplaced,
            unplaced_after_spill: c.spill.unplaced_after,
            bound: c.bound.as_ref().and_then(|b| b.as_ref().ok()).map(|b| b.unplaced),
        })
        .collect()
}

/// Where a run's outputs go under the report folder.
pub fn rota_path(out: &Path, id: &str) -> PathBuf {
    out.join("rotas").join(format!("{id}.json"))
}
