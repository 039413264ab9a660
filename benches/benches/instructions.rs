//! Instruction counts of the engine's hot paths, under valgrind's callgrind (gungraun): numbers
//! that repeat exactly for the same binary and input, whatever else the machine is doing, so CI
//! can compare them with a committed baseline (BENCHMARKS.md, "Benchmark runs CI can trust").
//!
//! - `travel/kent`: the Kent cluster week's travel matrix (495 places, the distance model).
//! - `construction/kent`: the cheapest-insertion construction of the Kent week (4,027 visits;
//!   every visit through `best_placement`).
//! - `check/kent`: the independent checker on a greedy rota of that week.
//! - `lns/mankowska-c1-200`: 200 iterations of the search (one thread, seed 1) from the
//!   construction of Mankowska's C1 (50 patients).
//!
//! Setup (reading, travel, the start rota) is not counted. Run with
//! `cargo bench -p rota-benches --bench instructions` after
//! `cargo install --locked gungraun-runner --version 0.20.0`; valgrind must be installed.

use gungraun::{library_benchmark, library_benchmark_group, main, Callgrind, LibraryBenchmarkConfig, OutputFormat};
use rota::format::Rota;
use rota::model::Problem;
use rota::solve::instance::Instance;
use rota::solve::lns::{search, Limits, UNLIMITED};
use rota::solve::recreate::construct;
use rota::solve::state::Solution;
use rota::solve::{solve, Algorithm, SolveOptions};
use rota::travel::Travel;
use rota_benches::{dataset, load, mankowska};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The Kent week's problem, without its travel.
fn kent_problem() -> Problem {
    rota::format::load_problem(dataset("kent-canterbury")).unwrap_or_else(|e| panic!("{e}")).0
}

/// The Kent week's instance.
fn kent_instance() -> Instance {
    let (problem, travel) = load("kent-canterbury");
    Instance::new(&problem, &travel)
}

/// The Kent week with its greedy rota.
fn kent_greedy() -> (Problem, Travel, Rota) {
    let (problem, travel) = load("kent-canterbury");
    let options = SolveOptions { algorithm: Algorithm::Greedy, ..SolveOptions::default() };
    let rota = solve(&problem, &travel, &options, &|_| {}).rota;
    (problem, travel, rota)
}

/// Mankowska's C1 instance and its construction.
fn mankowska_c1() -> (Instance, Solution) {
    let (problem, travel) = mankowska("InstanzCPLEX_HCSRP_50_1");
    let inst = Instance::new(&problem, &travel);
    let start = construct(&inst);
    (inst, start)
}

#[library_benchmark]
#[bench::kent(kent_problem())]
fn travel(problem: Problem) -> Travel {
    let dir = dataset("kent-canterbury").parent().map(|d| d.to_path_buf()).unwrap_or_default();
    black_box(Travel::for_problem(black_box(&problem), &dir, "problem.json").unwrap_or_else(|e| panic!("{e}")))
}

#[library_benchmark]
#[bench::kent(kent_instance())]
fn construction(inst: Instance) -> Solution {
    black_box(construct(black_box(&inst)))
}

#[library_benchmark]
#[bench::kent(kent_greedy())]
fn check(input: (Problem, Travel, Rota)) -> usize {
    let (problem, travel, rota) = input;
    black_box(rota::check::check(black_box(&problem), &rota, &travel).violations.len())
}

// The search runs its thread on a rayon pool: callgrind counts that thread from its rayon
// job (the iterations) on, besides the benchmark function on the main thread.
#[library_benchmark(
    config = LibraryBenchmarkConfig::default()
        .tool(Callgrind::with_args(["--toggle-collect=*StackJob*as rayon_core::job::Job>::execute"]))
)]
#[bench::mankowska_c1_200(mankowska_c1())]
fn lns(input: (Instance, Solution)) -> f64 {
    let (inst, start) = input;
    let limits = Limits {
        deadline: Instant::now() + Duration::from_secs(3600),
        iterations: 200,
        work: UNLIMITED,
        work_done: 0,
        threads: 1,
        seed: 1,
        cancel: Default::default(),
    };
    black_box(search(&inst, start, &limits, &|_| {}, Instant::now()).1.total)
}

library_benchmark_group!(name = engine; benchmarks = travel, construction, check, lns);

// Instructions only: without the cache simulation callgrind runs about twice as fast.
main!(
    config = LibraryBenchmarkConfig::default()
        .tool(Callgrind::with_args(["--cache-sim=no"]))
        .output_format(OutputFormat::default().show_intermediate(true));
    library_benchmark_groups = engine
);
