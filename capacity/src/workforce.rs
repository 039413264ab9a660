//! The workforce of a sweep point: carers added from the week's own mix, or removed, and
//! shifts added in a band of the day (`docs/sweeps.md`).
//!
//! An added carer is drawn from three carers of the week, each drawn at random:
//! - one gives the home (place, postcode, cluster) and the travel mode, which go together (a
//!   walker lives where walking works);
//! - one gives the shift pattern: availability, daily and weekly hours, contracted hours, pay,
//!   out-of-hours opt-in, working-time rules;
//! - one gives the skills (with their expiry dates), gender and languages.
//!
//! Added carers are new hires: they belong to no named provider. The k-th added carer depends
//! only on the seed and k, and carers are removed in one fixed random order, so a larger
//! workforce holds every carer of a smaller one: the points of a sweep are nested.

use rota::model::{Availability, Carer, Problem};
use rota::rng::Rng;
use rota::time::ClockTime;
use std::collections::BTreeSet;

/// Prefix of added carers' ids (`+k1`, `+k2`…); evening-shift carers are `+s1`….
pub const ADDED: &str = "+k";
/// Prefix of the carers added for shifts in a band.
pub const SHIFT: &str = "+s";

/// The week with `carers` carers: carers added from the mix, or removed in a random order
/// drawn from `seed`. A week with no carer has no mix to draw from, and is returned as it is.
pub fn sized(problem: &Problem, carers: usize, seed: u64) -> Problem {
    let have = problem.carers.len();
    let mut p = problem.clone();
    if carers < have {
        let mut order: Vec<usize> = (0..have).collect();
        Rng::seeded(seed ^ 0x7e40_5a1e).shuffle(&mut order);
        let gone: BTreeSet<String> = order[..have - carers].iter().map(|&k| problem.carers[k].id.clone()).collect();
        crate::scenario::remove_carers(&mut p, |c| gone.contains(&c.id));
    } else if have > 0 {
        let taken: BTreeSet<String> = problem.carers.iter().map(|c| c.id.clone()).collect();
        for k in 0..carers - have {
            let mut carer = drawn(problem, seed, k);
            carer.id = fresh(&taken, ADDED, k + 1);
            p.carers.push(carer);
        }
    }
    p
}

/// The k-th carer drawn from the mix of `problem` (which has carers).
pub fn drawn(problem: &Problem, seed: u64, k: usize) -> Carer {
    let mut rng = Rng::seeded(seed.wrapping_add((k as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)));
    let pick = |rng: &mut Rng| &problem.carers[rng.below(problem.carers.len())];
    let (home, shifts, skills) = (pick(&mut rng), pick(&mut rng), pick(&mut rng));
    Carer {
        id: String::new(),
        home: home.home,
        postcode: home.postcode.clone(),
        start_location: home.start_location,
        end_location: home.end_location,
        cluster: home.cluster.clone(),
        provider: None,
        travel_mode: home.travel_mode,
        skills: skills.skills.clone(),
        gender: skills.gender.clone(),
        languages: skills.languages.clone(),
        ..shifts.clone()
    }
}

/// `problem` with `count` carers added who each work `start`–`end` on every day of the week
/// (`count` more shifts a day in the band), drawn from the mix of `mix` (the week as given, so
/// that the k-th shift carer is the same at every workforce size) as [`sized`] draws them, with
/// the shift pattern replaced by the band. Their daily and weekly hours allow the shifts.
pub fn with_shifts(
    problem: &Problem,
    mix: &Problem,
    count: usize,
    start: ClockTime,
    end: ClockTime,
    seed: u64,
) -> Problem {
    let mut p = problem.clone();
    if mix.carers.is_empty() {
        return p;
    }
    let taken: BTreeSet<String> = problem.carers.iter().map(|c| c.id.clone()).collect();
    let week = problem.week();
    let hours = (end.ticks() - start.ticks()) as f64 / (60 * rota::time::MINUTE) as f64;
    for k in 0..count {
        let mut carer = drawn(mix, seed ^ 0x5b1f_75e1, k);
        carer.id = fresh(&taken, SHIFT, k + 1);
        carer.availability = (0..7).map(|d| Availability { date: week.date(d), start, end }).collect();
        carer.max_hours_per_day = Some(carer.max_hours_per_day.unwrap_or(hours).max(hours));
        carer.max_hours_per_week = Some(carer.max_hours_per_week.unwrap_or(7.0 * hours).max(7.0 * hours));
        carer.contracted_hours = carer.contracted_hours.map(|c| c.min(7.0 * hours));
        // An evening shift is out of core hours where a profile has them.
        carer.out_of_hours = true;
        p.carers.push(carer);
    }
    p
}

/// `{prefix}{n}`, or with more after it, not in `taken`.
fn fresh(taken: &BTreeSet<String>, prefix: &str, n: usize) -> String {
    let mut id = format!("{prefix}{n}");
    while taken.contains(&id) {
        id.push('\'');
    }
    id
}
