//! Random packages for a problem, for benchmarks and tests (`rota fit --bench-packages`).
//!
//! A package is one new client near an existing one (same profile), with one to four calls a
//! day at the usual times (morning, lunch, tea, bed), 30 to 60 minutes each, a quarter of the
//! slots double-handed, sometimes a required skill, on every day of the problem's calls or on
//! every other one.

use super::Package;
use crate::model::{Client, Location, Problem, TimeWindow, Visit};
use crate::rng::Rng;
use crate::time::ClockTime;
use std::collections::BTreeSet;

/// The call slots of a day: name, earliest and latest target start (minutes after midnight).
const SLOTS: [(&str, i32, i32); 4] = [("am", 450, 540), ("lunch", 720, 810), ("tea", 990, 1050), ("bed", 1170, 1260)];

/// A random package for `problem` from `seed`: the same seed gives the same package. The
/// client's id is `fit-<seed>` and its calls' ids start with it.
pub fn random_package(problem: &Problem, seed: u64) -> Package {
    let mut rng = Rng::seeded(seed);
    let id = format!("fit-{seed}");
    let near = &problem.clients[rng.below(problem.clients.len().max(1))];
    let location = match near.location {
        Location::Geo { lat, lon } => Location::geo(lat + (rng.unit() - 0.5) * 0.02, lon + (rng.unit() - 0.5) * 0.02),
        Location::Planar { x, y } => Location::Planar { x: x + rng.unit() - 0.5, y: y + rng.unit() - 0.5 },
    };
    let dates: Vec<_> = problem.visits.iter().map(|v| v.date).collect::<BTreeSet<_>>().into_iter().collect();
    let every_other = rng.chance(0.3);
    let per_day = 1 + rng.below(4);
    let mut slots: Vec<usize> = (0..4).collect();
    rng.shuffle(&mut slots);
    slots.truncate(per_day);
    slots.sort_unstable();
    let skill = (rng.chance(0.3) && !problem.skills.is_empty())
        .then(|| problem.skills[rng.below(problem.skills.len())].id.clone());
    let shape: Vec<(usize, i32, i32, u8, bool)> = slots
        .iter()
        .map(|&s| {
            let (_, lo, hi) = SLOTS[s];
            let start = (lo + rng.below((hi - lo) as usize / 15 + 1) as i32 * 15).min(hi);
            let duration = [30, 45, 60][rng.below(3)];
            let seats = if rng.chance(0.25) { 2 } else { 1 };
            (s, start, duration, seats, s == 0 && rng.chance(0.15))
        })
        .collect();
    let mut visits = Vec::new();
    for (d, &date) in dates.iter().enumerate() {
        if every_other && d % 2 == 1 {
            continue;
        }
        for &(s, start, duration, seats, critical) in &shape {
            visits.push(Visit {
                id: format!("{id}-{date}-{}", SLOTS[s].0),
                client: id.clone(),
                date,
                start: ClockTime::from_minutes(start),
                duration_min: duration,
                carers_required: seats,
                time_critical: critical,
                windows: Vec::new(),
                optional: false,
                optional_group: None,
                window: (!critical && rng.chance(0.2)).then(|| TimeWindow {
                    earliest: ClockTime::from_minutes(start - 30),
                    latest: ClockTime::from_minutes(start + 30),
                }),
                skills: Vec::new(),
                priority: 1,
                short_call_authorised: false,
                links: Vec::new(),
                due: None,
                demand: 0,
                cancelled: None,
            });
        }
    }
    let minutes: i32 = visits.iter().map(|v| v.duration_min).sum();
    Package {
        format_version: crate::model::FORMAT_VERSION.into(),
        name: format!("random package {seed}"),
        client: Client {
            id,
            location,
            postcode: None,
            cluster: near.cluster.clone(),
            provider: None,
            profile: near.profile.clone(),
            weekly_hours: (minutes as f64 / 60.0 * 4.0).round() / 4.0,
            required_skills: skill.into_iter().collect(),
            excluded_carers: Vec::new(),
            preferred_carers: Vec::new(),
            key_carer: None,
            preferences: Vec::new(),
        },
        visits,
    }
}
