//! Carers: homes at residential postcodes, skills with expiry dates, shift patterns and pay.

use super::params::*;
use super::postcodes::PostcodeTable;
use crate::model::{Availability, Carer, CarerSkill, TravelMode};
use crate::rng::Rng;
use crate::time::{ClockTime, Week};
use crate::travel::haversine_m;
use chrono::{Days, NaiveDate};
use std::collections::BTreeSet;

/// A carer with the derived facts clients are matched on.
pub(super) struct Drafted {
    /// The carer as written to the problem.
    pub carer: Carer,
    /// Skills valid on every day of the week.
    pub valid_all_week: BTreeSet<String>,
    /// Availability windows per day index (minutes after midnight).
    pub windows: [Vec<(i32, i32)>; 7],
}

impl Drafted {
    /// Whether the carer is available for all of `[start, start + duration)` on day `day`.
    pub fn covers(&self, day: usize, start: i32, duration: i32) -> bool {
        self.windows[day].iter().any(|&(a, b)| a <= start && start + duration <= b)
    }

    /// A carer of an existing problem, with its availability and the skills it holds valid on
    /// every day of `week` (as [`draft`] derives them).
    pub fn of(carer: &Carer, week: &Week) -> Drafted {
        let sunday = week.date(6);
        let valid_all_week =
            carer.skills.iter().filter(|s| s.expires.is_none_or(|d| d >= sunday)).map(|s| s.skill.clone()).collect();
        let mut windows: [Vec<(i32, i32)>; 7] = Default::default();
        for a in &carer.availability {
            if let Some(d) = week.day_index(a.date) {
                windows[d].push((a.start.whole_minutes(), a.end.whole_minutes()));
            }
        }
        Drafted { carer: carer.clone(), valid_all_week, windows }
    }
}

/// Pick `n` distinct indices below `len` (repeats only once all are used).
pub(super) fn distinct_indices(rng: &mut Rng, len: usize, n: usize, weights: Option<&[f64]>) -> Vec<usize> {
    let cumulative: Option<Vec<f64>> = weights.map(|w| {
        let mut acc = 0.0;
        w.iter()
            .map(|x| {
                acc += x;
                acc
            })
            .collect()
    });
    let mut used = BTreeSet::new();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        if used.len() == len {
            used.clear();
        }
        loop {
            let i = match &cumulative {
                Some(c) => {
                    let x = rng.unit() * c[c.len() - 1];
                    c.partition_point(|&v| v <= x).min(len - 1)
                }
                None => rng.below(len),
            };
            if used.insert(i) {
                out.push(i);
                break;
            }
        }
    }
    out
}

fn expiry(rng: &mut Rng, week: &Week) -> Option<NaiveDate> {
    let monday = week.monday();
    let r = rng.unit();
    if r < SKILL_EXPIRED_SHARE {
        Some(monday - Days::new(rng.range(1, 120) as u64))
    } else if r < SKILL_EXPIRED_SHARE + SKILL_EXPIRING_SHARE {
        Some(monday + Days::new(rng.range(1, 4) as u64))
    } else if r < SKILL_EXPIRED_SHARE + SKILL_EXPIRING_SHARE + SKILL_NO_EXPIRY_SHARE {
        None
    } else {
        Some(monday + Days::new(rng.range(30, 1095) as u64))
    }
}

/// Draw `n` day carers on the [`SHIFTS`] mix and then `evening` carers on the [`EVENING_SHIFT`],
/// living at postcodes of `table`. With `late_evenings`, carers who opted in to out-of-hours
/// work have evening windows running to 23:00.
pub(super) fn draft(
    n: usize,
    evening: usize,
    table: &PostcodeTable,
    style: &AreaStyle,
    week: &Week,
    late_evenings: bool,
    rng: &mut Rng,
) -> Vec<Drafted> {
    let total = n + evening;
    let width = total.to_string().len().max(2);
    // The week's rota offset and each carer's own stream come first, so carer i is the same
    // whatever the number of carers (day carer i, that is: evening carers follow them).
    let offset = rng.below(7);
    let mut seeds = Rng::seeded(rng.next_u64());
    let homes = distinct_indices(rng, table.rows.len(), total, None);
    let sunday = week.date(6);
    let mut out = Vec::with_capacity(total);
    for (i, &h) in homes.iter().enumerate() {
        let home = &table.rows[h];
        let rng = &mut Rng::seeded(seeds.next_u64());
        // Travel mode: walking, cycling and buses only where the home is dense.
        let mode_weights: Vec<f64> = style.modes.iter().map(|m| m.1).collect();
        let mut mode = style.modes[rng.weighted(&mode_weights)].0;
        if mode != TravelMode::Car {
            let near = table.rows.iter().filter(|r| haversine_m(r.location, home.location) <= 1000.0).count();
            if near < style.dense_postcodes_1km {
                mode = TravelMode::Car;
            }
        }
        let gender = if rng.chance(FEMALE_CARER_SHARE) { "female" } else { "male" };
        let mut languages = vec!["English".to_string()];
        if !style.languages.is_empty() && rng.chance(SECOND_LANGUAGE_SHARE) {
            let w: Vec<f64> = style.languages.iter().map(|l| l.1).collect();
            languages.push(style.languages[rng.weighted(&w)].0.to_string());
        }
        let mut skills = Vec::new();
        let mut valid_all_week = BTreeSet::new();
        for (id, _, share) in SKILLS {
            if rng.chance(share) {
                let expires = expiry(rng, week);
                if expires.is_none_or(|d| d >= sunday) {
                    valid_all_week.insert(id.to_string());
                }
                skills.push(CarerSkill { skill: id.to_string(), expires });
            }
        }
        let shift = if i < n {
            let shift_weights: Vec<f64> = SHIFTS.iter().map(|s| s.2).collect();
            SHIFTS[rng.weighted(&shift_weights)].1
        } else {
            EVENING_SHIFT
        };
        let out_of_hours = rng.chance(style.out_of_hours_share);
        let extend_evening = out_of_hours && late_evenings;
        let six_days = rng.chance(SIX_DAY_SHARE);
        let off1 = (offset + i) % 7;
        let off2 = (off1 + 3) % 7;
        let mut windows: [Vec<(i32, i32)>; 7] = Default::default();
        let mut availability = Vec::new();
        let mut available_hours = 0.0;
        for (day, day_windows) in windows.iter_mut().enumerate() {
            if day == off1 || (!six_days && day == off2) {
                continue;
            }
            let mut day_hours = 0.0;
            for &(a, b) in shift {
                let b = if extend_evening && b >= 22 * 60 { OUT_OF_HOURS_END } else { b };
                day_windows.push((a, b));
                availability.push(Availability {
                    date: week.date(day),
                    start: ClockTime::from_minutes(a),
                    end: ClockTime::from_minutes(b),
                });
                day_hours += (b - a) as f64 / 60.0;
            }
            available_hours += f64::min(day_hours, MAX_HOURS_PER_DAY);
        }
        available_hours = available_hours.min(MAX_HOURS_PER_WEEK);
        let contracted_hours = if rng.chance(ZERO_HOURS_SHARE) {
            None
        } else {
            let options: Vec<f64> =
                [16.0, 20.0, 25.0, 30.0, 37.5].into_iter().filter(|&h| h <= available_hours).collect();
            rng.pick(&options).copied()
        };
        let pence = style.base_rate_pence + 5 * rng.below(31) as u32;
        let carer = Carer {
            id: format!("k{:0width$}", i + 1),
            home: home.location,
            postcode: Some(home.postcode.clone()),
            start_location: None,
            end_location: None,
            cluster: None,
            provider: None,
            skills,
            travel_mode: mode,
            availability,
            max_hours_per_day: Some(MAX_HOURS_PER_DAY),
            max_hours_per_week: Some(MAX_HOURS_PER_WEEK),
            contracted_hours,
            hourly_rate: Some(pence as f64 / 100.0),
            gender: Some(gender.to_string()),
            languages,
            out_of_hours,
            meal_break: None,
            working_time: None,
            capacity: None,
            commute_on_shift: false,
            overrun_min: 0,
        };
        out.push(Drafted { carer, valid_all_week, windows });
    }
    out
}
