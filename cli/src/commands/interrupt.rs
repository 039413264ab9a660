//! Ctrl-C (SIGINT), SIGTERM and SIGHUP during `rota solve` and `rota bench`.
//!
//! The first signal sets the [`Cancel`] flag the solves hold: the search stops within a
//! fraction of a second, the command writes the best rota found so far (marked
//! `made_by.stopped_by: "interrupted"`) and whatever else it would have written, and exits with
//! [`INTERRUPTED`]. A second signal exits at once with [`INTERRUPTED_TWICE`], writing nothing
//! more; files already written stay whole, since every write is atomic.

use rota::solve::Cancel;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Exit code after an interruption: the rota (or the benchmark results so far) was written.
pub const INTERRUPTED: u8 = 3;

/// Exit code after a second interruption: stopped at once, nothing more written (128 + SIGINT,
/// as a shell reports a process Ctrl-C killed).
pub const INTERRUPTED_TWICE: u8 = 130;

/// Catch the signals for the rest of the process and return the flag the first one sets. If
/// they cannot be caught, says so and returns a flag nothing sets.
pub fn catch(what: &'static str) -> Cancel {
    let cancel = Cancel::new();
    let flag = cancel.clone();
    let signals = AtomicUsize::new(0);
    let caught = ctrlc::set_handler(move || {
        if signals.fetch_add(1, Ordering::SeqCst) == 0 {
            flag.cancel();
            eprintln!("\ninterrupted: stopping and writing {what} (interrupt again to quit at once without it)");
        } else {
            eprintln!("\ninterrupted again: quitting at once");
            std::process::exit(INTERRUPTED_TWICE.into());
        }
    });
    if let Err(e) = caught {
        eprintln!("note: cannot catch Ctrl-C ({e}); an interruption will lose the work in progress");
    }
    cancel
}
