//! Structure-aware fuzzing of the solver outside libFuzzer: random valid problems from a seed
//! range, each solved with the greedy baseline and the search and checked (see the library
//! docs), for a given time. Builds on stable.
//!
//! ```text
//! cargo run --release --manifest-path fuzz/Cargo.toml -p rota-fuzz-gen --bin solver-soak -- \
//!     [--from SEED] [--count N] [--minutes M] [--iterations I] [--out DIR] [--keep K] [--dump DIR]
//! ```
//!
//! `--dump DIR` also writes every generated problem to `DIR/<seed>/`, with the bytes it was
//! generated from as `input.bin` (to look at, or to seed the `problem_json` and `solver`
//! corpora).
//!
//! Each failure is shrunk ([`rota_fuzz_gen::minimize`]) and saved in `DIR/<kind>-<seed>/` as
//! `problem.json` (with its matrix files, if any) and `finding.txt`; at most `K` (default 3) of
//! each kind. Exit status 1 if anything failed.

use rota::rng::Rng;
use rota_fuzz_gen::minimize::minimize;
use rota_fuzz_gen::problem::features;
use rota_fuzz_gen::{generate, run, RunOptions};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The last panic's message and place, kept by the panic hook.
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

struct Args {
    from: u64,
    count: u64,
    minutes: f64,
    iterations: u64,
    out: PathBuf,
    keep: usize,
    dump: Option<PathBuf>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        from: 0,
        count: u64::MAX,
        minutes: 1.0,
        iterations: 60,
        out: "fuzz/findings".into(),
        keep: 3,
        dump: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let bad = |e: &dyn std::fmt::Display| format!("bad value for {flag}: {e}");
        match flag.as_str() {
            "--from" => a.from = value()?.parse().map_err(|e| bad(&e))?,
            "--count" => a.count = value()?.parse().map_err(|e| bad(&e))?,
            "--minutes" => a.minutes = value()?.parse().map_err(|e| bad(&e))?,
            "--iterations" => a.iterations = value()?.parse().map_err(|e| bad(&e))?,
            "--out" => a.out = value()?.into(),
            "--keep" => a.keep = value()?.parse().map_err(|e| bad(&e))?,
            "--dump" => a.dump = Some(value()?.into()),
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    Ok(a)
}

/// The bytes seed `seed` stands for.
fn bytes(seed: u64) -> Vec<u8> {
    let mut rng = Rng::seeded(seed);
    (0..4096).map(|_| rng.next_u64() as u8).collect()
}

/// How seed `seed` is solved: one or two threads, and every fourth seed twice.
fn options(seed: u64, iterations: u64) -> RunOptions {
    RunOptions { seed, iterations, threads: if seed % 4 == 3 { 2 } else { 1 }, determinism: seed.is_multiple_of(4) }
}

fn main() -> std::process::ExitCode {
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("solver-soak: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    std::panic::set_hook(Box::new(|info| *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = info.to_string()));
    let began = Instant::now();
    let limit = Duration::from_secs_f64(args.minutes * 60.0);
    let (mut problems, mut skipped, mut repaired, mut seats, mut placed) = (0u64, 0u64, 0usize, 0usize, 0usize);
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    let mut coverage: BTreeMap<&str, u64> = BTreeMap::new();
    let mut failures: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    let mut seed = args.from;
    while seed - args.from < args.count && began.elapsed() < limit {
        let Some(case) = generate(&bytes(seed)) else {
            skipped += 1;
            seed += 1;
            continue;
        };
        problems += 1;
        repaired += case.repaired;
        if let Some(dir) = &args.dump {
            let dir = dir.join(seed.to_string());
            let saved = case.save(&dir).and_then(|_| std::fs::write(dir.join("input.bin"), bytes(seed)));
            if let Err(e) = saved {
                eprintln!("cannot save seed {seed} in {}: {e}", dir.display());
            }
        }
        for f in features(&case) {
            *coverage.entry(f).or_default() += 1;
        }
        let opts = options(seed, args.iterations);
        match run(&case, &opts) {
            Ok(o) => {
                seats += o.seats;
                placed += o.placed;
                for (r, n) in o.reasons {
                    *reasons.entry(r).or_default() += n;
                }
            }
            Err(mut failure) => {
                if failure.kind.ends_with("panic") {
                    failure.detail = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).clone();
                }
                eprintln!("seed {seed}: {}", failure.to_string().lines().next().unwrap_or(""));
                let key = format!("{}-{}", failure.algorithm, failure.kind);
                let seen = failures.entry(key.clone()).or_default();
                seen.push(seed);
                if seen.len() <= args.keep {
                    save(&args, seed, case, &failure);
                }
            }
        }
        seed += 1;
        if problems.is_multiple_of(200) {
            eprintln!(
                "{:.0} s: seeds {}..{seed}, {problems} problems, {} failing",
                began.elapsed().as_secs_f64(),
                args.from,
                failures.values().map(Vec::len).sum::<usize>()
            );
        }
    }
    println!("solver-soak: seeds {}..{seed} in {:.1} s", args.from, began.elapsed().as_secs_f64());
    println!("problems solved and checked: {problems} (each with greedy and lns, {} iterations)", args.iterations);
    println!("seeds whose problem could not be repaired into a valid one: {skipped}");
    println!("visits or links dropped by the repair: {repaired}");
    println!("seats: {seats}, placed by lns: {placed}; unassigned by reason: {reasons:?}");
    println!("problems exercising each rule type:");
    for (f, n) in &coverage {
        println!("  {f:<28} {n}");
    }
    if failures.is_empty() {
        println!("failures: none");
        std::process::ExitCode::SUCCESS
    } else {
        println!("failures (algorithm-kind: seeds):");
        for (k, seeds) in &failures {
            println!("  {k}: {} seeds, first {:?}", seeds.len(), &seeds[..seeds.len().min(10)]);
        }
        std::process::ExitCode::from(1)
    }
}

/// Shrink the failing case and save it with a description.
fn save(args: &Args, seed: u64, case: rota_fuzz_gen::Case, failure: &rota_fuzz_gen::Failure) {
    let opts = options(seed, args.iterations);
    let same = |c: &rota_fuzz_gen::Case| matches!(run(c, &opts), Err(f) if f.kind == failure.kind && f.algorithm == failure.algorithm);
    let small = minimize(case, 600, &same);
    let again = run(&small, &opts).err();
    let dir = args.out.join(format!("{}-{}-{seed}", failure.algorithm, failure.kind.replace([':', ','], "_")));
    let text = format!(
        "seed {seed}: {} with seed {}, {} thread(s), {} iterations (Budget::Iterations)\n\
         failure on the generated problem:\n{failure}\n\n\
         failure on the minimised problem.json here:\n{}\n",
        failure.algorithm,
        opts.seed,
        opts.threads,
        opts.iterations,
        again.map_or("(none: the minimised problem no longer fails)".to_string(), |f| f.to_string()),
    );
    if let Err(e) = small.save(&dir).and_then(|_| std::fs::write(dir.join("finding.txt"), text)) {
        eprintln!("cannot save {}: {e}", dir.display());
    }
}
