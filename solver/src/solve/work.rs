//! The work clock: a count of the search's basic steps, the same on every run and every machine.
//!
//! A search stopped by the wall clock is not repeatable: a busier or slower machine gets
//! through fewer iterations. So a time limit is turned into a budget of *work* instead
//! ([`budget`]), and the search counts its work as it goes: one unit per round examined for a
//! visit and per place tried in a round (the insertion checks), a share of each iteration's
//! scans of the rota ([`iteration`]), and two units a visit or round for the rounds it changed,
//! priced again and copied back. The count
//! depends only on the problem, the seed and the thread count, so the rota does too. The wall
//! clock stays a hard cap: a run that falls behind it stops early and says so.
//!
//! The counter is kept per thread; the search reads it before and after each thread's share
//! of an epoch.

use std::cell::Cell;

thread_local! {
    static DONE: Cell<u64> = const { Cell::new(0) };
}

/// Work units a second of one thread, about two thirds of the rate measured on the reference
/// machine (BENCHMARKS.md, "The work clock"), so a run there ends on its budget, not on the
/// clock, even on the instances where the count undervalues the work by 20%.
pub const UNITS_PER_SECOND: f64 = 25.0e6;

/// Work units for one search iteration's fixed costs: choosing and running a ruin, and what
/// grows with a rota of `visits` visits and `rounds` rounds besides the rounds it changes (the
/// scans for unassigned visits, the recreate's blinks, a carer each). Fitted with the unit
/// itself on the reference machine: about 27 ns a unit and 3 µs an iteration. An iteration once
/// copied and evaluated the whole rota, counted as 2 units a visit or round; it now prices and
/// copies back only the rounds it changed, counted as it does so (`lns::sync`), and the half
/// unit a visit or round left here keeps the Kent week's rate in units a second where it was
/// (BENCHMARKS.md, "Search at scale"), since the other units undervalue its iterations.
#[inline]
pub fn iteration(visits: usize, rounds: usize) -> u64 {
    100 + (visits + rounds) as u64 / 2
}

/// The work budget per thread for a time limit of `seconds`.
pub fn budget(seconds: f64) -> u64 {
    (seconds.max(0.0) * UNITS_PER_SECOND) as u64
}

/// Count `n` units of work on this thread.
#[inline]
pub fn add(n: u64) {
    DONE.with(|d| d.set(d.get() + n));
}

/// Units counted on this thread so far.
#[inline]
pub fn done() -> u64 {
    DONE.with(Cell::get)
}
