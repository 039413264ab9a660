//! The large-neighbourhood search: ruin and recreate with simulated-annealing acceptance.
//!
//! Each iteration picks a ruin operator at random, lifts about `q` visits (between 2 and 12% of
//! the visits, at most 60), recreates, runs a local search around the visits it placed
//! ([`super::local`]: relocate, swap and 2-opt* moves), and accepts the result by the annealing
//! rule: always if better, otherwise with probability `exp(−Δ / T)`, with the temperature
//! falling geometrically over the run. The best solution seen is kept.
//!
//! An iteration costs what it changes, not the size of the week: it builds its candidate on a
//! spare rota kept equal to the current one, prices only the rounds the candidate changed
//! ([`super::objective::reevaluate`] on [`Solution::touched`]) and copies just those rounds
//! back ([`Solution::sync_from`]), kept or not. The cost is the same as a full
//! [`evaluate`] (exactly, with whole-number weights), so the choices are too.
//!
//! Threads run the search in epochs. In each epoch every thread runs the same number of
//! iterations of its own annealing walk with its own random stream; every few epochs
//! ([`restart_epochs`]) all walks start again from the best solution so far. Work is split by
//! iterations and by work, not by time ([`super::work`]), so the same seed and thread count give
//! the same rota whenever an iteration or work budget, not the clock, ends the run.

use super::instance::Instance;
use super::objective::{evaluate, reevaluate, Cost};
use super::recreate::recreate;
use super::ruin::{Context, RUINS};
use super::state::{Solution, Touched};
use super::Cancel;
use crate::rng::Rng;
use rayon::prelude::*;
use std::time::Instant;

pub use crate::format::rota::Stop;

/// Iterations per thread per epoch.
pub const EPOCH: u64 = 200;

/// Most visits for which a walk anneals on for ten epochs between restarts ([`restart_epochs`]).
pub const LONG_WALK_VISITS: usize = 1_000;

/// Epochs between restarts of every thread's walk from the best rota so far, for `n` visits:
/// ten up to [`LONG_WALK_VISITS`], one above. So benchmark instances and weeks of up to a
/// thousand visits get long walks, and a cluster week restarts every epoch.
///
/// Small instances gain from long walks: restarting every epoch gave mean gaps of 2.65% on eight
/// hard Solomon instances (100 visits) against 1.36% with ten epochs (four seeds, 5 s), and 6.1%
/// against 4.6% on six Mankowska ones. So do instances of 260 to 400 visits, which restarted
/// every 2 or 3 epochs under an earlier rule of 1,000 / `n`: at 20,000 iterations on one thread,
/// ten epochs gave Mankowska G (400 visits) 3.40% against 4.07% over six seeds and F (260) 3.12%
/// against 3.51% over four. So do those of 450 to 822 visits, which restarted every one or two
/// epochs: at the 60 s work budget on one thread, Italian I018 and I028 (508 and 450 visits)
/// averaged 13.0% and 5.1% against 14.3% and 7.1% over two seeds and UHHC i-175 (539) 41,898
/// against 42,811 over three; at a 30 s budget on two threads, weeks of 573 and 822 visits cost
/// 1.1% and 1.6% less, lower on each of three seeds (BENCHMARKS.md, "Longer walks up to 1,000
/// visits"). Larger weeks are left restarting every epoch: on the Kent week (4,027 visits, 60 s,
/// 2 threads, seeds 1 and 2) one epoch gave objectives of 1.71 and 1.77 million against 1.86 and
/// 1.85 million with ten, and of two weeks of 1,141 and 1,213 visits, ten epochs cost less on
/// one and more on the other.
pub fn restart_epochs(n: usize) -> u64 {
    if n <= LONG_WALK_VISITS {
        10
    } else {
        1
    }
}

/// The annealing's temperatures at the start and the end of the search, in objective units.
///
/// They are set in minutes of travel: start where a move worse by about 50 minutes is accepted
/// a third of the time, end near descent (1 minute). Measured in objective units against (5,
/// 0.5) at equal time: better on six hard Solomon instances (mean gap 3.3% against 5.4% at 5 s),
/// six Mankowska ones (4.6% against 7.0% at 4 s) and the Kent week (objective 5% lower at 60 s).
/// A problem whose minute of travel costs other than 1 (Mankowska's and the Italian objective
/// count a third) scales them alike, so the walk accepts the same detours whatever the unit of
/// cost; that lowered Mankowska G's gap from 4.7% to 4.1% over six seeds at 20,000 iterations
/// (BENCHMARKS.md, "Temperatures in minutes of travel"). A problem that does not price travel
/// keeps the minute at 1.
pub fn temperatures(inst: &Instance) -> (f64, f64) {
    let w = inst.weights.travel_minute;
    let minute = if w > 0.0 && w.is_finite() { w } else { 1.0 };
    (50.0 * minute, minute)
}

/// An iteration budget this large means "until the deadline".
pub const UNLIMITED: u64 = u64::MAX / 2;

/// What the search reports as it goes.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// Seconds since the solve began.
    pub elapsed: f64,
    /// Iterations done (all threads).
    pub iterations: u64,
    /// Best cost so far.
    pub best: Cost,
}

/// Limits of a search run.
pub struct Limits {
    /// Stop when this instant passes.
    pub deadline: Instant,
    /// Stop after this many iterations per thread ([`UNLIMITED`]: no such limit).
    pub iterations: u64,
    /// Stop when the work clock (see [`super::work`]) reaches this many units per thread,
    /// counted from the start of the solve ([`UNLIMITED`]: no such limit).
    pub work: u64,
    /// Work units already spent on the construction.
    pub work_done: u64,
    /// Threads.
    pub threads: usize,
    /// Seed.
    pub seed: u64,
    /// Stop (with the best rota so far) as soon as this is set: checked before every
    /// iteration of every thread.
    pub cancel: Cancel,
}

/// How far through its budget the search is, which sets the temperature.
#[derive(Clone, Copy)]
enum Phase {
    /// By iterations: this thread's iterations before the epoch, and the budget.
    Iterations(u64, u64),
    /// By work: the work clock before the epoch, and the budget.
    Work(u64, u64),
    /// By the wall clock: the share of the time gone when the epoch began.
    Clock(f64),
}

/// One thread's share of an epoch: how many iterations at most, how much work at most, where
/// it stands in the budget, the temperatures at the start and the end of the whole search, the
/// deadline and the cancellation flag.
struct Epoch<'a> {
    iters: u64,
    work: u64,
    phase: Phase,
    temp: (f64, f64),
    deadline: Instant,
    cancel: &'a Cancel,
}

/// One thread's annealing walk: its random stream, where it stands, and a spare rota equal to
/// it, on which each iteration builds its candidate (see [`one_thread`]).
struct Walker {
    rng: Rng,
    cur: Solution,
    cur_cost: Cost,
    spare: Solution,
}

/// Make `to` equal to `from` again where `log` says they may differ, and clear the log.
fn sync(inst: &Instance, to: &mut Solution, from: &Solution, log: &mut Touched) {
    super::work::add(2 * log.rounds().iter().map(|&r| from.routes[r].visits.len() as u64 + 1).sum::<u64>());
    to.sync_from(inst, from, log.rounds());
    log.clear();
}

/// One thread's epoch: the best rota it met, its cost, iterations done, work done, and whether
/// the deadline or a cancellation cut it short.
type EpochResult = (Solution, Cost, u64, u64, bool);

/// Run one epoch of a walker's annealing from where it stands.
fn one_thread(inst: &Instance, ctx: &Context, walker: &mut Walker, epoch: &Epoch) -> EpochResult {
    let Epoch { iters, work, phase, temp, deadline, cancel } = *epoch;
    let began = super::work::done();
    let per_iteration = super::work::iteration(inst.visits.len(), inst.carers.len() * inst.days);
    let n = inst.visits.len().max(1);
    let qmax = (n * 12 / 100).clamp(2, 60);
    let qmin = (n * 2 / 100).clamp(1, qmax);
    let Walker { rng, cur, cur_cost, spare } = walker;
    let mut best = cur.clone();
    let mut best_cost = *cur_cost;
    // The rounds changed since `best` was last equal to `cur`.
    let mut since_best = Touched::default();
    // The candidate's log, kept apart while it is synced.
    let mut log = Touched::default();
    let (t0, t1) = temp;
    let mut done = 0;
    let mut cut = false;
    for i in 0..iters {
        let spent = super::work::done() - began;
        if spent >= work {
            break;
        }
        if cancel.is_cancelled() || Instant::now() >= deadline {
            cut = true;
            break;
        }
        done += 1;
        super::work::add(per_iteration);
        let frac = match phase {
            Phase::Iterations(before, budget) => (before + i) as f64 / budget.max(1) as f64,
            Phase::Work(before, budget) => (before + spent) as f64 / budget.max(1) as f64,
            Phase::Clock(f) => f,
        };
        let t = t0 * (t1 / t0).powf(frac.min(1.0));
        // The candidate is built on the spare, equal to the current rota; only the rounds it
        // changes ([`Solution::touched`]) are priced again and, whatever the verdict, copied
        // back to make the two equal again.
        let cand = &mut *spare;
        let q = qmin + rng.below(qmax - qmin + 1);
        let (_, ruin) = RUINS[rng.below(RUINS.len())];
        let mut lifted = ruin(inst, ctx, cand, rng, q);
        // Unassigned visits get another chance: those of the clients just lifted (so a client's
        // week can be rebuilt whole), and a sample of those on the days just ruined and of all
        // others, so a week with many unplaceable visits does not spend every iteration on them.
        let mut clients: Vec<usize> = lifted.iter().map(|&v| inst.visits[v].client).collect();
        clients.sort_unstable();
        clients.dedup();
        let mut days: Vec<usize> = lifted.iter().map(|&v| inst.visits[v].day).collect();
        days.sort_unstable();
        days.dedup();
        let mut same_day = Vec::new();
        let mut other = Vec::new();
        for v in (0..inst.visits.len()).filter(|&v| !cand.is_assigned(v)) {
            let vis = &inst.visits[v];
            if clients.binary_search(&vis.client).is_ok() {
                lifted.push(v);
            } else if days.binary_search(&vis.day).is_ok() {
                same_day.push(v);
            } else {
                other.push(v);
            }
        }
        for (pool, n) in [(same_day, q.max(8)), (other, 4)] {
            if pool.len() <= n {
                lifted.extend(pool);
            } else {
                lifted.extend((0..n).map(|_| pool[rng.below(pool.len())]));
            }
        }
        recreate(inst, cand, &mut lifted, rng, 0.01);
        // Local search around the visits just placed (`super::local`).
        lifted.retain(|&v| cand.is_assigned(v));
        super::local::improve(inst, ctx, cand, &mut lifted, rng);
        std::mem::swap(&mut log, &mut cand.touched);
        let c = reevaluate(inst, cur, cur_cost, cand, log.rounds());
        debug_assert!(
            (c.total - evaluate(inst, cand).total).abs() <= 1e-6 * c.total.abs().max(1.0),
            "the rounds priced again give the whole rota's cost (exactly, with whole-number weights)"
        );
        let accept = c.total < cur_cost.total || rng.unit() < ((cur_cost.total - c.total) / t).exp();
        if accept {
            // The old current rota becomes the spare.
            std::mem::swap(cur, cand);
            *cur_cost = c;
            for &r in log.rounds() {
                since_best.add(r);
            }
            sync(inst, spare, cur, &mut log);
            if c.total < best_cost.total - 1e-9 {
                sync(inst, &mut best, cur, &mut since_best);
                best_cost = c;
            }
        } else {
            sync(inst, spare, cur, &mut log);
        }
    }
    (best, best_cost, done, super::work::done() - began, cut)
}

/// Improve `initial` until the limits say stop. Calls `progress` after every epoch. Returns the
/// best rota, its cost, the iterations done (all threads), the work clock at the end and why it
/// stopped.
pub fn search(
    inst: &Instance,
    initial: Solution,
    limits: &Limits,
    progress: &(dyn Fn(&Progress) + Sync),
    began: Instant,
) -> (Solution, Cost, u64, u64, Stop) {
    let ctx = Context::new(inst);
    let mut best_cost = evaluate(inst, &initial);
    let mut best = initial;
    best.touched.clear();
    let threads = limits.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
    let mut walkers: Vec<Walker> = (0..threads)
        .map(|t| Walker {
            rng: Rng::seeded(limits.seed ^ (0x9E37_79B9 * (t as u64 + 1))),
            cur: best.clone(),
            cur_cost: best_cost,
            spare: best.clone(),
        })
        .collect();

    let temp = temperatures(inst);
    let restart = restart_epochs(inst.visits.len());
    // The work clock: the construction's work, then each epoch's slowest thread.
    let mut clock = limits.work_done;
    let mut total = 0;
    let mut e = 0;
    let mut cut = false;
    let stop = loop {
        let before = e * EPOCH;
        // A cancellation ends the search at once, whatever else would have.
        if limits.cancel.is_cancelled() {
            break Stop::Interrupted;
        }
        // A thread the deadline cut short leaves an epoch no other run would repeat.
        if cut {
            break Stop::Clock;
        }
        if before >= limits.iterations {
            break Stop::Iterations;
        }
        if clock >= limits.work {
            break Stop::Work;
        }
        if Instant::now() >= limits.deadline {
            break Stop::Clock;
        }
        let iters = EPOCH.min(limits.iterations - before);
        // The temperature falls over the whole budget: the iteration budget when one is set,
        // else the work budget (both repeatable), else the time.
        let phase = if limits.iterations < UNLIMITED {
            Phase::Iterations(before, limits.iterations)
        } else if limits.work < UNLIMITED {
            Phase::Work(clock, limits.work)
        } else {
            let total = limits.deadline.saturating_duration_since(began).as_secs_f64().max(1e-3);
            Phase::Clock((began.elapsed().as_secs_f64() / total).min(1.0))
        };
        // Each thread anneals on from where it stands, and every few epochs all threads start
        // again from the best rota so far.
        if e % restart == 0 {
            for w in &mut walkers {
                w.cur.clone_from(&best);
                w.spare.clone_from(&best);
                w.cur_cost = best_cost;
            }
        }
        let epoch = Epoch {
            iters,
            work: limits.work.saturating_sub(clock),
            phase,
            temp,
            deadline: limits.deadline,
            cancel: &limits.cancel,
        };
        let results: Vec<EpochResult> =
            pool.install(|| walkers.par_iter_mut().map(|w| one_thread(inst, &ctx, w, &epoch)).collect());
        let mut winner: Option<(Solution, Cost)> = None;
        let mut slowest = 0;
        for (sol, cost, done, work, short) in results {
            total += done;
            cut |= short;
            slowest = slowest.max(work);
            if cost.total < best_cost.total - 1e-9 && winner.as_ref().is_none_or(|w| cost.total < w.1.total) {
                winner = Some((sol, cost));
            }
        }
        clock += slowest;
        if let Some((sol, cost)) = winner {
            best = sol;
            best_cost = cost;
        }
        progress(&Progress { elapsed: began.elapsed().as_secs_f64(), iterations: total, best: best_cost });
        e += 1;
    };
    (best, best_cost, total, clock, stop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::ruin::kent_construction;

    /// Everything in a rota but its log of changed rounds.
    fn rota(sol: &Solution) -> String {
        format!("{:?} {:?} {:?} {:?} {:?}", sol.routes, sol.assigned, sol.pin, sol.client_carers, sol.week_work)
    }

    /// Iterations as the search runs them, on a spare rota equal to the current one: pricing
    /// again only the rounds a ruin, recreate and local search changed gives the whole rota's
    /// cost, and copying those rounds back makes the two rotas equal again, whether the
    /// candidate was kept or not.
    #[test]
    fn rounds_priced_again_give_the_whole_cost_and_copy_back_exactly() {
        let (inst, ctx, mut cur) = kent_construction();
        cur.touched.clear();
        let mut cur_cost = evaluate(&inst, &cur);
        let mut spare = cur.clone();
        let mut rng = Rng::seeded(7);
        for i in 0..40 {
            let q = 2 + rng.below(60);
            let (_, ruin) = RUINS[rng.below(RUINS.len())];
            let mut lifted = ruin(&inst, &ctx, &mut spare, &mut rng, q);
            recreate(&inst, &mut spare, &mut lifted, &mut rng, 0.01);
            lifted.retain(|&v| spare.is_assigned(v));
            crate::solve::local::improve(&inst, &ctx, &mut spare, &mut lifted, &mut rng);
            let mut log = std::mem::take(&mut spare.touched);
            assert!(!log.rounds().is_empty());
            let c = reevaluate(&inst, &cur, &cur_cost, &spare, log.rounds());
            assert_eq!(c, evaluate(&inst, &spare), "iteration {i}");
            if i % 3 != 0 {
                std::mem::swap(&mut cur, &mut spare);
                cur_cost = c;
            }
            sync(&inst, &mut spare, &cur, &mut log);
            assert_eq!(rota(&spare), rota(&cur), "iteration {i}");
        }
    }
}
