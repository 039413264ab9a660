//! Workforce sweeps: the week solved at many workforce sizes, shift counts and scenarios, in
//! parallel, and the smallest workforce that places every seat or a stated share
//! (`docs/sweeps.md`).
//!
//! A point is (scenario, carers, shifts). Its week is built in three steps: the week is sized
//! to `carers` carers ([`workforce::sized`]), `shifts` carers working the shift band every day
//! are added ([`workforce::with_shifts`]), and then the scenario is laid over it (so a provider
//! loss or sickness falls on the added carers too: `carers` is the workforce employed, before
//! the scenario's losses). The point is then solved on one thread with a fixed budget of work,
//! checked by the independent checker (`rota::check`), whose KPIs are reported, and bounded
//! ([`crate::bound()`]).
//!
//! Points are solved in parallel on a rayon pool, one thread each. Every point depends only on the
//! week, its own settings, the seed and the budget, so the sweep gives the same figures at any
//! thread count, unless the clock cuts a solve short (the point then says it is not repeatable).

use crate::band::Bands;
use crate::bound::{BoundOptions, CapacityBound, Rule};
use crate::scenario::{scale_travel, Scenario};
use crate::workforce;
use rota::format::Rota;
use rota::model::Problem;
use rota::solve::{self, Budget, Cancel, SolveOptions, Stop};
use rota::time::ClockTime;
use rota::travel::Travel;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The clock stops a point's solve at this many times the time limit: its work budget ends it
/// long before on an idle machine, so the clock is only a cap for a machine shared with other
/// work, where a point then says it is not repeatable.
pub const CLOCK_CAP: f64 = 10.0;

/// The name of the week as given (no scenario).
pub const BASELINE: &str = "baseline";

/// How to bound each point. A function so that a caller (or a test) can put another bound in
/// its place; [`bound_point`] is the crate's own.
pub type BoundFn = fn(&Problem, &Travel, &BoundOptions) -> Result<CapacityBound, String>;

/// The crate's bound ([`crate::bound()`]), as a [`BoundFn`].
pub fn bound_point(problem: &Problem, travel: &Travel, options: &BoundOptions) -> Result<CapacityBound, String> {
    crate::bound::bound(problem, travel, options).map_err(|e| e.to_string())
}

/// What to sweep.
#[derive(Clone, Debug)]
pub struct SweepOptions {
    /// Workforce sizes (carers employed); empty: the week's own.
    pub carers: Vec<usize>,
    /// Shifts a day added in the shift band; empty: none.
    pub shifts: Vec<usize>,
    /// The band of the added shifts, such as 17:00–22:00.
    pub shift_band: (ClockTime, ClockTime),
    /// The scenarios; the week as given ([`BASELINE`]) is swept too when `baseline` is set.
    pub scenarios: Vec<Scenario>,
    /// Sweep the week as given.
    pub baseline: bool,
    /// Seconds per point: the work budget is the one `rota solve` gives this time limit, and the
    /// clock stops a solve at [`CLOCK_CAP`] times it (the point is then not repeatable).
    pub time_limit: f64,
    /// Work units per point instead of the time limit's budget.
    pub work: Option<u64>,
    /// Seed of the solves, of the workforce drawn and of the scenarios.
    pub seed: u64,
    /// Points solved at once (one thread each).
    pub threads: usize,
    /// The share of seats a workforce must place to count as enough (1.0: every seat).
    pub share: f64,
    /// How to bound each point, and with which options; `None`: no bound.
    pub bound: Option<(BoundFn, BoundOptions)>,
    /// Bands of the shortfall table.
    pub bands: Bands,
    /// Stops the sweep when set: the solves under way return their best rota so far (those
    /// points are not repeatable), and no other point starts.
    pub cancel: Cancel,
}

impl Default for SweepOptions {
    fn default() -> Self {
        SweepOptions {
            carers: Vec::new(),
            shifts: Vec::new(),
            shift_band: (ClockTime::hm(17, 0), ClockTime::hm(22, 0)),
            scenarios: Vec::new(),
            baseline: true,
            time_limit: 60.0,
            work: None,
            seed: 1,
            threads: 1,
            share: 1.0,
            bound: Some((bound_point, BoundOptions { explain: false, ..BoundOptions::default() })),
            bands: Bands::default(),
            cancel: Cancel::new(),
        }
    }
}

/// One point's settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointKey {
    /// The scenario's name ([`BASELINE`] for none).
    pub scenario: String,
    /// Carers employed, before the scenario's losses.
    pub carers: usize,
    /// Shifts a day added in the shift band.
    pub shifts: usize,
}

/// One point's results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// The settings.
    #[serde(flatten)]
    pub key: PointKey,
    /// Carers left after the scenario (those who can work).
    pub carers_after: usize,
    /// Clients in the point's week (a demand growth adds some).
    pub clients: usize,
    /// Seats in the point's week.
    pub seats: u64,
    /// Seats the rota places (the checker's count).
    pub placed: u64,
    /// Seats it leaves unplaced.
    pub unplaced: u64,
    /// `placed ÷ seats` (1 for a week with no seat).
    pub placed_share: f64,
    /// Travel minutes, commute included (the checker's).
    pub travel_min: f64,
    /// Carers' pay, paid hours times hourly rate, where rates are given (the checker's).
    pub cost: f64,
    /// Hours billed for the placed visits, each visit's hours times one plus its client's rural
    /// uplift.
    pub billed_hours: f64,
    /// Share of capped clients within their continuity target (the checker's).
    pub continuity_within_target: Option<f64>,
    /// Mean distinct carers per client with a placed visit.
    pub mean_distinct_carers: Option<f64>,
    /// Hard violations the checker found (0 unless the solver is wrong).
    pub hard_violations: usize,
    /// Whether the budget, not the clock, ended the solve (so the point repeats).
    pub repeatable: bool,
    /// Work units the solve did.
    pub work: u64,
    /// Seconds: building, solving, checking and bounding.
    pub seconds: f64,
    /// The bound, if asked for and computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<PointBound>,
    /// Seats and unplaced seats by day and band.
    pub shortfall: Vec<Shortfall>,
    /// What the scenario did.
    pub notes: Vec<String>,
    /// Why the point could not be solved, if it could not (then the figures are 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The bound of one point, in brief.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointBound {
    /// At least this many seats stay unplaced in every rota.
    pub unplaced: u64,
    /// So no rota places more than this many.
    pub placeable: u64,
    /// No rota places every seat with fewer carers.
    pub carers_needed: u64,
    /// What sets `carers_needed`.
    pub carers_binding: String,
    /// The rules that make `unplaced` bind, where explained.
    pub binding: Vec<Rule>,
    /// Seconds the linear programs took.
    pub seconds: f64,
}

/// Seats and unplaced seats of one day and band.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shortfall {
    /// The date.
    pub date: chrono::NaiveDate,
    /// The band's name.
    pub band: String,
    /// Seats targeted in the band.
    pub seats: u64,
    /// Of those, seats the rota left unplaced.
    pub unplaced: u64,
    /// Of those, seats every rota leaves unplaced (the bound), if bounded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<u64>,
}

/// The smallest workforce found for one scenario and shift count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Smallest {
    /// The scenario.
    pub scenario: String,
    /// Shifts a day added.
    pub shifts: usize,
    /// The smallest tested workforce whose rota placed at least the share; none if no tested
    /// size did.
    pub carers: Option<usize>,
    /// Whether every larger tested size placed the share too.
    pub holds_above: bool,
    /// The smallest tested size whose bound does not rule the share out (none unbounded).
    pub bound_carers: Option<usize>,
    /// The bound's fewest carers at the smallest tested size (a lower bound whatever the shifts).
    pub carers_needed: Option<u64>,
    /// The largest share placed at any tested size.
    pub best_share: f64,
}

/// The smallest count of added shifts found for one scenario and workforce.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SmallestShifts {
    /// The scenario.
    pub scenario: String,
    /// Carers employed.
    pub carers: usize,
    /// The smallest tested count of shifts a day whose rota placed at least the share; none if
    /// no tested count did.
    pub shifts: Option<usize>,
}

/// A whole sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    /// The problem's name.
    pub problem: String,
    /// Carers in the week as given.
    pub carers: usize,
    /// Seats in the week as given.
    pub seats: u64,
    /// The share a workforce must place.
    pub share: f64,
    /// The band of the added shifts, `"HH:MM-HH:MM"`.
    pub shift_band: String,
    /// Seconds per point.
    pub time_limit: f64,
    /// Work units per point.
    pub work: u64,
    /// The seed.
    pub seed: u64,
    /// The bands of the shortfall tables.
    pub bands: Bands,
    /// The scenarios swept, in order (the baseline first when swept).
    pub scenarios: Vec<Scenario>,
    /// Every point, in order of scenario, shifts, then carers.
    pub points: Vec<Point>,
    /// The smallest workforce per scenario and shift count.
    pub smallest: Vec<Smallest>,
    /// The fewest added shifts per scenario and workforce (when shifts were swept).
    pub smallest_shifts: Vec<SmallestShifts>,
    /// Seconds the sweep took.
    pub seconds: f64,
    /// Whether the sweep was interrupted: then only the points solved are listed.
    pub interrupted: bool,
}

/// Why a sweep could not start.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// An option is unusable.
    #[error("{0}")]
    Options(String),
}

/// Sweep `problem` (read from `file` in `base_dir`, for matrix files). `done` is called after
/// each point (from the thread that solved it).
pub fn sweep(
    problem: &Problem,
    base_dir: &Path,
    file: &str,
    options: &SweepOptions,
    done: &(dyn Fn(&Point) + Sync),
) -> Result<Sweep, SweepError> {
    let began = Instant::now();
    if !(options.share > 0.0 && options.share <= 1.0) {
        return Err(SweepError::Options(format!("the share must be above 0 and at most 1, not {}", options.share)));
    }
    if !(options.time_limit.is_finite() && options.time_limit > 0.0 && options.time_limit <= 86_400.0) {
        return Err(SweepError::Options("the time limit per point must be above 0 and at most 86400 s".into()));
    }
    let (s, e) = options.shift_band;
    if s >= e {
        return Err(SweepError::Options("the shift band must start before it ends".into()));
    }
    let mut scenarios = Vec::new();
    if options.baseline {
        scenarios.push(Scenario { name: BASELINE.into(), ..Scenario::default() });
    }
    scenarios.extend(options.scenarios.iter().cloned());
    if scenarios.is_empty() {
        return Err(SweepError::Options("nothing to sweep: no scenario and no baseline".into()));
    }
    let carers = if options.carers.is_empty() { vec![problem.carers.len()] } else { options.carers.clone() };
    let shifts = if options.shifts.is_empty() { vec![0] } else { options.shifts.clone() };
    let mut keys = Vec::new();
    for sc in &scenarios {
        for &sh in &shifts {
            for &c in &carers {
                keys.push((sc, PointKey { scenario: sc.name.clone(), carers: c, shifts: sh }));
            }
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.max(1))
        .build()
        .map_err(|e| SweepError::Options(format!("cannot start {} threads: {e}", options.threads)))?;
    // Each thread of the pool takes the next point until none is left. Not a parallel
    // iterator: a solve waits for its search's own pool, and a worker of this pool that waits
    // steals queued jobs of its pool, so it would start another point inside the first one's
    // search, and stall both. Broadcast jobs leave nothing queued to steal.
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Point>>> = keys.iter().map(|_| Mutex::new(None)).collect();
    pool.broadcast(|_| loop {
        if options.cancel.is_cancelled() {
            break;
        }
        let i = next.fetch_add(1, Ordering::SeqCst);
        let Some((sc, key)) = keys.get(i) else { break };
        let p = point(problem, base_dir, file, sc, key, options);
        done(&p);
        *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(p);
    });
    let points: Vec<Point> =
        slots.into_iter().filter_map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner())).collect();
    let work = options.work.unwrap_or_else(|| solve::work::budget(options.time_limit));
    Ok(Sweep {
        problem: problem.name.clone(),
        carers: problem.carers.len(),
        seats: problem.seat_count() as u64,
        share: options.share,
        shift_band: format!("{}-{}", s, e),
        time_limit: options.time_limit,
        work,
        seed: options.seed,
        bands: options.bands.clone(),
        smallest: smallest(&points, options.share),
        smallest_shifts: if options.shifts.len() > 1 { smallest_shifts(&points, options.share) } else { Vec::new() },
        scenarios,
        points,
        seconds: began.elapsed().as_secs_f64(),
        interrupted: options.cancel.is_cancelled(),
    })
}

/// The week of one point: sized, shifts added, scenario laid over it.
pub fn point_week(
    problem: &Problem,
    scenario: &Scenario,
    key: &PointKey,
    options: &SweepOptions,
) -> crate::scenario::Applied {
    let sized = workforce::sized(problem, key.carers, options.seed);
    let (s, e) = options.shift_band;
    let staffed = workforce::with_shifts(&sized, problem, key.shifts, s, e, options.seed);
    scenario.apply(&staffed, options.seed)
}

/// Build, solve, check and bound one point (one task of `rota sweep`, or one point of
/// [`sweep()`]). `file` names the problem in errors; matrix files are read from `base_dir`.
pub fn point(
    problem: &Problem,
    base_dir: &Path,
    file: &str,
    scenario: &Scenario,
    key: &PointKey,
    options: &SweepOptions,
) -> Point {
    let began = Instant::now();
    let applied = point_week(problem, scenario, key, options);
    let week = &applied.problem;
    let mut out = Point {
        key: key.clone(),
        carers_after: week.carers.len(),
        clients: week.clients.len(),
        seats: week.seat_count() as u64,
        placed: 0,
        unplaced: week.seat_count() as u64,
        placed_share: 0.0,
        travel_min: 0.0,
        cost: 0.0,
        billed_hours: 0.0,
        continuity_within_target: None,
        mean_distinct_carers: None,
        hard_violations: 0,
        repeatable: true,
        work: 0,
        seconds: 0.0,
        bound: None,
        shortfall: Vec::new(),
        notes: applied.notes.clone(),
        error: None,
    };
    let travel = match Travel::for_problem(week, base_dir, file) {
        Ok(t) => scale_travel(&t, applied.travel_factor),
        Err(e) => {
            out.error = Some(e.to_string());
            return out;
        }
    };
    let solve_options = SolveOptions {
        time_limit: Duration::from_secs_f64(options.time_limit * CLOCK_CAP),
        budget: Budget::Work(options.work.unwrap_or_else(|| solve::work::budget(options.time_limit))),
        seed: options.seed,
        threads: 1,
        cancel: options.cancel.clone(),
        ..SolveOptions::default()
    };
    let solution = solve::solve(week, &travel, &solve_options, &|_| {});
    let report = rota::check::check(week, &solution.rota, &travel);
    let k = &report.kpis;
    out.placed = k.visits.scheduled_seats as u64;
    out.unplaced = out.seats.saturating_sub(out.placed);
    out.placed_share = if out.seats == 0 { 1.0 } else { out.placed as f64 / out.seats as f64 };
    out.travel_min = k.travel.total_min;
    out.cost = k.carers.cost;
    out.continuity_within_target = k.continuity.within_target_share;
    let cl = &k.continuity.clients;
    out.mean_distinct_carers =
        (!cl.is_empty()).then(|| cl.iter().map(|c| c.distinct_carers as f64).sum::<f64>() / cl.len() as f64);
    out.hard_violations = report.violations.len();
    out.repeatable = solution.stop.is_none_or(Stop::repeatable);
    if solution.stop == Some(Stop::Interrupted) {
        out.notes.push("interrupted: the best rota found before the sweep was stopped".into());
    }
    out.work = solution.work;
    out.billed_hours = billed_hours(week, &solution.rota, &applied.uplift);
    // The bound is reported by the shortfall table's bands.
    let bound = options
        .bound
        .as_ref()
        .map(|(f, o)| f(week, &travel, &BoundOptions { bands: options.bands.clone(), ..o.clone() }));
    match &bound {
        Some(Ok(b)) => {
            out.bound = Some(PointBound {
                unplaced: b.unplaced,
                placeable: b.seats.saturating_sub(b.unplaced),
                carers_needed: b.carers.needed,
                carers_binding: b.carers.binding.clone(),
                binding: b.binding.clone(),
                seconds: b.lp.seconds,
            })
        }
        Some(Err(e)) => out.notes.push(format!("no bound: {e}")),
        None => {}
    }
    out.shortfall = shortfall(week, &solution.rota, &options.bands, bound.as_ref().and_then(|b| b.as_ref().ok()));
    out.seconds = began.elapsed().as_secs_f64();
    out
}

/// Hours of the visits with a placed seat, each times one plus its client's uplift.
fn billed_hours(problem: &Problem, rota: &Rota, uplift: &[f64]) -> f64 {
    let client: HashMap<&str, usize> = problem.clients.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let placed: std::collections::HashSet<&str> =
        rota.rounds.iter().flat_map(|r| r.visits.iter().map(|v| v.visit.as_str())).collect();
    problem
        .visits
        .iter()
        .filter(|v| placed.contains(v.id.as_str()))
        .map(|v| v.duration_min as f64 / 60.0 * (1.0 + client.get(v.client.as_str()).map_or(0.0, |&c| uplift[c])))
        .sum()
}

/// Seats and unplaced seats per day and band of the visits' target starts, with the bound's.
pub fn shortfall(problem: &Problem, rota: &Rota, bands: &Bands, bound: Option<&CapacityBound>) -> Vec<Shortfall> {
    let mut cells: BTreeMap<(chrono::NaiveDate, usize), (u64, u64)> = BTreeMap::new();
    let visit: HashMap<&str, usize> = problem.visits.iter().enumerate().map(|(i, v)| (v.id.as_str(), i)).collect();
    let band_of = |v: &rota::model::Visit| bands.of(v.start.whole_minutes() as i64);
    for v in &problem.visits {
        cells.entry((v.date, band_of(v))).or_default().0 += v.carers_required as u64;
    }
    for u in &rota.unassigned {
        if let Some(&i) = visit.get(u.visit.as_str()) {
            let v = &problem.visits[i];
            cells.entry((v.date, band_of(v))).or_default().1 += u.seats as u64;
        }
    }
    cells
        .into_iter()
        .map(|((date, b), (seats, unplaced))| {
            let band = bands.0[b].name.clone();
            let bound =
                bound.map(|bd| bd.bands.iter().find(|x| x.date == date && x.band == band).map_or(0, |x| x.unplaced));
            Shortfall { date, band, seats, unplaced, bound }
        })
        .collect()
}

fn meets(p: &Point, share: f64) -> bool {
    p.error.is_none() && p.placed as f64 >= share * p.seats as f64 - 1e-9
}

/// The smallest tested workforce placing the share, per scenario and shift count.
pub fn smallest(points: &[Point], share: f64) -> Vec<Smallest> {
    let mut groups: BTreeMap<(usize, usize), Vec<&Point>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for p in points {
        let s = order.iter().position(|x| *x == p.key.scenario).unwrap_or_else(|| {
            order.push(p.key.scenario.clone());
            order.len() - 1
        });
        groups.entry((s, p.key.shifts)).or_default().push(p);
    }
    groups
        .into_iter()
        .map(|((s, shifts), mut ps)| {
            ps.sort_by_key(|p| p.key.carers);
            let first = ps.iter().position(|p| meets(p, share));
            let bound_ok =
                |p: &&&Point| p.bound.as_ref().is_some_and(|b| b.placeable as f64 >= share * p.seats as f64 - 1e-9);
            Smallest {
                scenario: order[s].clone(),
                shifts,
                carers: first.map(|i| ps[i].key.carers),
                holds_above: first.is_some_and(|i| ps[i..].iter().all(|p| meets(p, share))),
                bound_carers: ps.iter().find(bound_ok).map(|p| p.key.carers),
                carers_needed: ps.first().and_then(|p| p.bound.as_ref()).map(|b| b.carers_needed),
                best_share: ps.iter().map(|p| p.placed_share).fold(0.0, f64::max),
            }
        })
        .collect()
}

/// The fewest tested added shifts placing the share, per scenario and workforce.
pub fn smallest_shifts(points: &[Point], share: f64) -> Vec<SmallestShifts> {
    let mut groups: BTreeMap<(String, usize), Vec<&Point>> = BTreeMap::new();
    for p in points {
        groups.entry((p.key.scenario.clone(), p.key.carers)).or_default().push(p);
    }
    let mut out: Vec<SmallestShifts> = groups
        .into_iter()
        .map(|((scenario, carers), mut ps)| {
            ps.sort_by_key(|p| p.key.shifts);
            SmallestShifts { scenario, carers, shifts: ps.iter().find(|p| meets(p, share)).map(|p| p.key.shifts) }
        })
        .collect();
    let rank: HashMap<String, usize> =
        points.iter().enumerate().map(|(i, p)| (p.key.scenario.clone(), i)).rev().collect();
    out.sort_by_key(|s| (rank[&s.scenario], s.carers));
    out
}

/// The columns of [`to_csv`].
pub const CSV_COLUMNS: [&str; 21] = [
    "scenario",
    "carers",
    "shifts",
    "carers_after",
    "clients",
    "seats",
    "placed",
    "unplaced",
    "placed_share",
    "bound_unplaced",
    "bound_placeable",
    "bound_carers_needed",
    "travel_min",
    "cost",
    "billed_hours",
    "continuity_within_target",
    "mean_distinct_carers",
    "hard_violations",
    "repeatable",
    "work",
    "seconds",
];

/// One CSV row per point.
pub fn to_csv(sweep: &Sweep) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let opt = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.4}"));
    let b = |p: &Point, f: fn(&PointBound) -> u64| p.bound.as_ref().map_or(String::new(), |b| f(b).to_string());
    w.write_record(CSV_COLUMNS).expect("writes to memory");
    for p in &sweep.points {
        w.write_record([
            p.key.scenario.clone(),
            p.key.carers.to_string(),
            p.key.shifts.to_string(),
            p.carers_after.to_string(),
            p.clients.to_string(),
            p.seats.to_string(),
            p.placed.to_string(),
            p.unplaced.to_string(),
            format!("{:.4}", p.placed_share),
            b(p, |b| b.unplaced),
            b(p, |b| b.placeable),
            b(p, |b| b.carers_needed),
            format!("{:.1}", p.travel_min),
            format!("{:.2}", p.cost),
            format!("{:.2}", p.billed_hours),
            opt(p.continuity_within_target),
            opt(p.mean_distinct_carers),
            p.hard_violations.to_string(),
            p.repeatable.to_string(),
            p.work.to_string(),
            format!("{:.1}", p.seconds),
        ])
        .expect("writes to memory");
    }
    String::from_utf8(w.into_inner().expect("writes to memory")).expect("CSV of UTF-8 text")
}

/// Parse `"60:140:10"` (from, to, step, both ends included), `"80"`, or `"60,80,100"`.
pub fn parse_range(text: &str) -> Result<Vec<usize>, String> {
    let bad = || format!("`{text}` is not a list (60,80,100), a number, or from:to:step (60:140:10)");
    let num = |t: &str| t.trim().parse::<usize>().map_err(|_| bad());
    let parts: Vec<&str> = text.split(':').collect();
    let values = match parts.as_slice() {
        [one] => one.split(',').map(num).collect::<Result<Vec<_>, _>>()?,
        [from, to, step] => {
            let (from, to, step) = (num(from)?, num(to)?, num(step)?);
            if step == 0 || from > to {
                return Err(format!("`{text}`: the step must be above 0 and from at most to"));
            }
            (from..=to).step_by(step).collect()
        }
        _ => return Err(bad()),
    };
    if values.len() > 10_000 {
        return Err(format!("`{text}` gives more than 10,000 values"));
    }
    Ok(values)
}
