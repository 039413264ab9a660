//! The supply side of the relaxation: when each carer is available, how long they may work,
//! and which needs they meet on each date.

use super::demand::{Need, DAY};
use rota::model::{Carer, Problem};
use rota::time::Week;

/// One carer, as the relaxation sees them.
#[derive(Clone, Debug)]
pub(crate) struct CarerSupply {
    /// Availability, minutes from Monday 00:00, merged and sorted.
    pub windows: Vec<(f64, f64)>,
    /// Most minutes of work (care and travel between visits) in a day, if limited.
    pub day_cap: Option<f64>,
    /// Most minutes of work in the week, if limited.
    pub week_cap: Option<f64>,
    /// `meets[day][need]`: the carer meets the need on that date.
    pub meets: Vec<Vec<bool>>,
}

impl CarerSupply {
    /// Minutes of availability inside `[from, to)`.
    pub fn available(&self, from: f64, to: f64) -> f64 {
        self.windows.iter().map(|&(a, b)| (b.min(to) - a.max(from)).max(0.0)).sum()
    }

    /// Whether the carer meets any need of `needs` on `day`.
    pub fn meets_any(&self, day: usize, needs: &[bool]) -> bool {
        self.meets[day].iter().zip(needs).any(|(&m, &n)| m && n)
    }
}

/// The supply of `problem` for the given needs.
pub(crate) fn supply(problem: &Problem, needs: &[Need]) -> Vec<CarerSupply> {
    let week = Week::starting(problem.week_start);
    problem
        .carers
        .iter()
        .map(|c| {
            let mut windows: Vec<(f64, f64)> = c
                .availability
                .iter()
                .filter_map(|a| {
                    let day = week
                        .as_ref()?
                        .day_index(a.date)
                        .map(|d| d as f64)
                        .unwrap_or_else(|| (a.date - problem.week_start).num_days() as f64);
                    let from = day * DAY + a.start.as_minutes();
                    let to = day * DAY + a.end.as_minutes();
                    (to > from).then_some((from, to))
                })
                .collect();
            windows.sort_by(|a, b| a.partial_cmp(b).expect("finite minutes"));
            let mut merged: Vec<(f64, f64)> = Vec::new();
            for (a, b) in windows {
                match merged.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            let meets = (0..7)
                .map(|day| {
                    let date = problem.week_start + chrono::Days::new(day as u64);
                    needs.iter().map(|n| meets(c, n, date)).collect()
                })
                .collect();
            CarerSupply {
                windows: merged,
                day_cap: c.max_hours_per_day.map(|h| h * 60.0),
                week_cap: c.max_hours_per_week.map(|h| h * 60.0),
                meets,
            }
        })
        .collect()
}

/// Whether `carer` meets `need` on `date`: holds every skill valid that date, and has every
/// required gender and language, and has opted in to out-of-hours work where the need asks it
/// (values compared as [`rota::model::attribute_value`] writes
/// them; a loaded problem holds them so already).
fn meets(carer: &Carer, need: &Need, date: chrono::NaiveDate) -> bool {
    let skills =
        need.skills.iter().all(|s| carer.skills.iter().any(|h| &h.skill == s && h.expires.is_none_or(|e| e >= date)));
    let norm = rota::model::attribute_value;
    let genders = need.genders.iter().all(|g| carer.gender.as_deref().is_some_and(|cg| norm(cg) == norm(g)));
    let languages = need.languages.iter().all(|l| carer.languages.iter().any(|cl| norm(cl) == norm(l)));
    skills && genders && languages && (!need.out_of_hours || carer.out_of_hours)
}
