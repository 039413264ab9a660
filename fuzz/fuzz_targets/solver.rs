//! Structure-aware fuzzing of the solver: the input's bytes drive a generator of random valid
//! problems that mix every rule type (rota-fuzz-gen's `problem` module); each is solved with
//! the greedy baseline and the search (a small iteration budget) and judged: no panic, no hard
//! violation by the independent checker, every visit scheduled with all its carers or listed
//! unassigned with a reason, and (for one input in four) the same rota on a second search.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rota_fuzz_gen::{generate, run, RunOptions};

fuzz_target!(|data: &[u8]| {
    let Some(case) = generate(data) else { return };
    // The solver's seed and threads come from the input too, after the bytes the generator used.
    let tail = data.iter().rev().take(8).fold(0u64, |s, &b| s << 8 | u64::from(b));
    let options = RunOptions {
        seed: tail,
        iterations: 40,
        threads: 1 + (tail % 2) as usize,
        determinism: tail.is_multiple_of(4),
    };
    if let Err(failure) = run(&case, &options) {
        panic!("{failure}\nproblem:\n{}", case.json);
    }
});
