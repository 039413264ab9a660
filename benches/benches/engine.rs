//! Speed of the engine's parts on the shipped weeks.
//!
//! - `load/kent`: read and validate the Kent cluster week (4,027 visits).
//! - `check/kent`: the independent checker on a greedy rota of that week.
//! - `insertion/kent` and `insertion/mankowska-G1`: evaluating every feasible place for visits
//!   in a full rota (the inner loop of recreate) on the Kent week and on Mankowska's largest
//!   instance (300 patients, 40 caregivers, timed pairs with look-ahead); throughput is visits
//!   evaluated per second.
//! - `local/kent-moves`: every local-search operator tried once for 202 visits of the Kent
//!   week's construction (each stops at its first improving move, priced exactly); throughput
//!   is visits examined per second.
//! - `local/kent-improve-construction`: the local search run over every visit of that
//!   construction until no pass improves.
//! - `solve/demo-200-iterations` and `solve/mankowska-B1-1000-iterations`: short fixed-iteration
//!   searches.
//!
//! - `fit/kent-strict` and `fit/kent-repair`: `rota fit` of a random package (merge, travel,
//!   fit) into a Kent rota of construction and 200 search iterations; the first packages from
//!   seed 424242 on whose answers are strict and repair.
//!
//! The Mankowska instances are the ones shipped in `benchmarks/mankowska2014`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use rota::rng::Rng;
use rota::solve::instance::Instance;
use rota::solve::local::{improve, near, Pricer, OPERATORS};
use rota::solve::recreate::construct;
use rota::solve::ruin::Context;
use rota::solve::{solve, Algorithm, Budget, SolveOptions};
use rota_benches::{dataset, load, mankowska};
use std::hint::black_box;

fn load_and_check(c: &mut Criterion) {
    let path = dataset("kent-canterbury");
    c.bench_function("load/kent", |b| b.iter(|| rota::format::load_problem(black_box(&path)).unwrap()));
    let (problem, travel) = load("kent-canterbury");
    let options = SolveOptions { algorithm: Algorithm::Greedy, ..SolveOptions::default() };
    let rota = solve(&problem, &travel, &options, &|_| {}).rota;
    c.bench_function("check/kent", |b| b.iter(|| rota::check::check(black_box(&problem), &rota, &travel)));
}

fn package_fit(c: &mut Criterion) {
    use rota::fit::{fit, merge, sample::random_package, FitOptions, Verdict};
    let (problem, travel) = load("kent-canterbury");
    let options = SolveOptions { budget: Budget::Iterations(200), ..SolveOptions::default() };
    let rota = solve(&problem, &travel, &options, &|_| {}).rota;
    let dir = dataset("kent-canterbury").parent().unwrap().to_path_buf();
    let run = |seed: u64| {
        let package = random_package(&problem, seed);
        let (merged, _) = merge(&problem, &package, "package.json").unwrap();
        let travel = rota::travel::Travel::for_problem(&merged, &dir, "problem.json").unwrap();
        fit(&merged, &travel, &rota, &package, &FitOptions::default()).verdict
    };
    let mut group = c.benchmark_group("fit");
    group.sample_size(20);
    for (name, want) in [("kent-strict", Verdict::Strict), ("kent-repair", Verdict::Repair)] {
        if let Some(seed) = (424_242..424_442).find(|&s| run(s) == want) {
            group.bench_function(name, |b| b.iter(|| black_box(run(seed))));
        }
    }
    group.finish();
}

fn insertion(c: &mut Criterion) {
    let (problem, travel) = load("kent-canterbury");
    let inst = Instance::new(&problem, &travel);
    let sol = construct(&inst);
    // Visits spread over the week; each is evaluated against every eligible carer's round.
    let sample: Vec<usize> = (0..inst.visits.len()).step_by(20).collect();
    let mut group = c.benchmark_group("insertion");
    group.throughput(Throughput::Elements(sample.len() as u64));
    group.bench_function("kent", |b| {
        b.iter(|| {
            for &v in &sample {
                let _ = black_box(sol.best_placement(&inst, v, false, &|_, s| s.cost));
            }
        })
    });
    group.finish();
    let (problem, travel) = mankowska("InstanzVNS_HCSRP_300_1");
    let inst = Instance::new(&problem, &travel);
    let sol = construct(&inst);
    let sample: Vec<usize> = (0..inst.visits.len()).collect();
    let mut group = c.benchmark_group("insertion");
    group.throughput(Throughput::Elements(sample.len() as u64));
    group.bench_function("mankowska-G1", |b| {
        b.iter(|| {
            for &v in &sample {
                let _ = black_box(sol.best_placement(&inst, v, false, &|_, s| s.cost));
            }
        })
    });
    group.finish();
}

fn local_search(c: &mut Criterion) {
    let (problem, travel) = load("kent-canterbury");
    let inst = Instance::new(&problem, &travel);
    let ctx = Context::new(&inst);
    let sol = construct(&inst);
    let sample: Vec<usize> = (0..inst.visits.len()).step_by(20).filter(|&v| sol.is_assigned(v)).collect();
    let mut group = c.benchmark_group("local");
    group.throughput(Throughput::Elements(sample.len() as u64));
    group.bench_function("kent-moves", |b| {
        let mut pricer = Pricer::default();
        let mut targets = Vec::new();
        b.iter(|| {
            for &v in &sample {
                near(&inst, &ctx, &sol, v, &mut targets);
                for (_, op) in OPERATORS {
                    let _ = black_box(op(&inst, &sol, v, &targets, &mut pricer));
                }
            }
        })
    });
    group.finish();
    let mut group = c.benchmark_group("local");
    group.sample_size(10);
    group.bench_function("kent-improve-construction", |b| {
        b.iter_batched(
            || (sol.clone(), (0..inst.visits.len()).collect::<Vec<usize>>(), Rng::seeded(1)),
            |(mut s, mut focus, mut rng)| improve(&inst, &ctx, &mut s, &mut focus, &mut rng),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn short_solve(c: &mut Criterion) {
    let (problem, travel) = load("demo");
    let options = SolveOptions { budget: Budget::Iterations(200), ..SolveOptions::default() };
    let mut group = c.benchmark_group("solve");
    group.sample_size(10);
    group.bench_function("demo-200-iterations", |b| {
        b.iter_batched(|| (), |_| solve(&problem, &travel, &options, &|_| {}), BatchSize::PerIteration)
    });
    let (problem, travel) = mankowska("InstanzCPLEX_HCSRP_25_1");
    let options = SolveOptions { budget: Budget::Iterations(1000), ..SolveOptions::default() };
    group.bench_function("mankowska-B1-1000-iterations", |b| {
        b.iter_batched(|| (), |_| solve(&problem, &travel, &options, &|_| {}), BatchSize::PerIteration)
    });
    group.finish();
}

criterion_group!(benches, load_and_check, insertion, local_search, short_solve, package_fit);
criterion_main!(benches);
