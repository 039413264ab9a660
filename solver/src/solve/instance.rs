//! The problem compiled for search: integer ticks of the week, index-based, no strings.
//!
//! Built once per solve. The search never looks at the [`Problem`] again except to write the
//! rota. Times are ticks (milliseconds) since Monday 00:00 of the rota week.

use crate::model::{ObjectiveWeights, PreferenceAttribute, Problem, TravelMode};
use crate::time::{minutes, Ticks, DAY, MINUTE};
use crate::travel::{Matrix, PlaceId, Travel};

/// A visit, compiled.
#[derive(Clone, Debug)]
pub struct Visit {
    /// Client index.
    pub client: usize,
    /// Day index (0 = Monday).
    pub day: usize,
    /// Place of the client's home.
    pub place: PlaceId,
    /// Ticks on site.
    pub duration: Ticks,
    /// Carers required (1 to 3).
    pub seats: usize,
    /// Target start.
    pub target: Ticks,
    /// Earliest allowed start (profile tolerance or explicit window, minute of week).
    pub earliest: Ticks,
    /// Latest allowed start.
    pub latest: Ticks,
    /// Time-critical.
    pub time_critical: bool,
    /// Priority weight (≥ 1).
    pub priority: f64,
    /// Start is fixed when placed: multi-carer, linked, or under a call-spacing rule.
    pub pinned: bool,
    /// Links touching this visit: (other visit, min, max) meaning start(other) − start(this) ∈ [min, max].
    pub links: Vec<(usize, Ticks, Option<Ticks>)>,
    /// Call spacing (start to start) against the client's other calls that day, if any.
    pub spacing: Option<Ticks>,
    /// Core hours of the profile, as minutes of the week on the visit day, if carers must opt in
    /// to start outside them.
    pub core: Option<(Ticks, Ticks)>,
    /// Carers that may do this visit on skills, refusals, required preferences.
    pub eligible: Vec<bool>,
    /// Soft-preference misses per carer (gender/language preferences not required).
    pub soft_misses: Vec<u8>,
    /// Cost of leaving one seat unassigned.
    pub unassigned_cost: f64,
    /// Soft latest start (tick of the week), if any.
    pub due: Option<Ticks>,
    /// Load on a round with a capacity.
    pub demand: u32,
    /// Visits that must go to carers other than this visit's (links with `different_carers`).
    pub apart: Vec<usize>,
    /// The carers who may do the visit and are available that day for long enough to do it
    /// inside its window, travel aside ([`Instance::can_fit`]), in increasing order. No other
    /// carer can ever take it, so insertions try only these; how many there are tells how scarce
    /// its carers are, for ordering insertions.
    pub fit: Vec<u32>,
}

/// A carer, compiled.
#[derive(Clone, Debug)]
pub struct Carer {
    /// Travel mode index into [`Instance::matrices`].
    pub mode: usize,
    /// Start place.
    pub start: PlaceId,
    /// End place.
    pub end: PlaceId,
    /// Availability windows per day, sorted, as minutes of the week.
    pub availability: Vec<Vec<(Ticks, Ticks)>>,
    /// Most working minutes in a day.
    pub max_day: Ticks,
    /// Most working minutes in the week.
    pub max_week: Ticks,
    /// Contracted minutes per week (work beyond is overtime).
    pub contracted: Option<Ticks>,
    /// Break rule: (working minutes after which a break is due, break minutes).
    pub break_rule: Option<(Ticks, Ticks)>,
    /// Opted in to out-of-hours work.
    pub out_of_hours: bool,
    /// The most demand one round may carry.
    pub capacity: Option<u32>,
    /// Travel from the start place and back to the end place must lie inside availability.
    pub commute_on_shift: bool,
    /// Least rest in each 24 hours of work (0: no rule): the longest `daily_rest_min` of the
    /// profiles of the clients whose visits the carer can fit ([`Visit::fit`]). See [`super::rest`].
    pub daily_rest: Ticks,
    /// Least uninterrupted rest in the week (0: no rule), likewise.
    pub weekly_rest: Ticks,
}

/// A client, compiled.
#[derive(Clone, Debug)]
pub struct Client {
    /// Distinct-carer target and hard maximum, if the profile sets them.
    pub caps: Option<(u32, u32)>,
    /// Key carer index.
    pub key_carer: Option<usize>,
    /// Preferred carers (including the key carer).
    pub preferred: Vec<usize>,
    /// The client's visits.
    pub visits: Vec<usize>,
}

/// The compiled instance.
#[derive(Clone, Debug)]
pub struct Instance {
    /// Visits.
    pub visits: Vec<Visit>,
    /// Carers.
    pub carers: Vec<Carer>,
    /// Clients.
    pub clients: Vec<Client>,
    /// Travel matrices, by mode index.
    pub matrices: Vec<Matrix>,
    /// Objective weights (per minute: costs turn ticks into minutes with [`crate::time::as_minutes`]).
    pub weights: ObjectiveWeights,
    /// Number of days (7).
    pub days: usize,
    /// Some visit has a soft `due` time with a weight on lateness, so insertions price the
    /// lateness they push onto later visits.
    pub prices_lateness: bool,
    /// Whether any visit is pinned (multi-carer, linked or spaced), so that a placement may push
    /// one later ([`super::state::Solution::best_placement`] tries it only then).
    pub has_pinned: bool,
}

const NO_LIMIT: Ticks = Ticks::MAX / 4;

fn hours_to_ticks(h: Option<f64>) -> Ticks {
    h.map_or(NO_LIMIT, |h| (h * 60.0 * MINUTE as f64).round() as Ticks)
}

impl Instance {
    /// Compile a validated problem with its travel matrices.
    pub fn new(problem: &Problem, travel: &Travel) -> Instance {
        let week = problem.week();
        let index = problem.index();
        let profiles = problem.client_profiles();
        let modes: Vec<TravelMode> = TravelMode::ALL.into_iter().filter(|m| travel.matrix(*m).is_some()).collect();
        let matrices: Vec<Matrix> = modes.iter().map(|m| travel.matrix(*m).expect("filtered").clone()).collect();
        let w = problem.objective;

        let carers: Vec<Carer> = problem
            .carers
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut availability = vec![Vec::new(); 7];
                for a in &c.availability {
                    if let Some(d) = week.day_index(a.date) {
                        let base = d as Ticks * DAY;
                        availability[d].push((base + a.start.ticks(), base + a.end.ticks()));
                    }
                }
                for day in &mut availability {
                    day.sort_unstable();
                }
                let wt = c.working_time.unwrap_or(problem.working_time);
                Carer {
                    mode: modes.iter().position(|m| *m == c.travel_mode).unwrap_or(0),
                    start: travel.places.carer_start[i],
                    end: travel.places.carer_end[i],
                    availability,
                    max_day: hours_to_ticks(c.max_hours_per_day),
                    max_week: hours_to_ticks(c.max_hours_per_week),
                    contracted: c.contracted_hours.map(|h| hours_to_ticks(Some(h))),
                    break_rule: wt.break_rule.map(|b| (hours_to_ticks(Some(b.after_hours)), minutes(b.break_min))),
                    out_of_hours: c.out_of_hours,
                    capacity: c.capacity,
                    commute_on_shift: c.commute_on_shift,
                    daily_rest: 0,
                    weekly_rest: 0,
                }
            })
            .collect();

        let multi: Vec<bool> = {
            let mut m = vec![false; problem.clients.len()];
            for v in &problem.visits {
                if let Some(&c) = index.clients.get(&v.client) {
                    m[c] |= v.carers_required > 1;
                }
            }
            m
        };
        let mut clients: Vec<Client> = problem
            .clients
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let key_carer = c.key_carer.as_ref().and_then(|k| index.carers.get(k).copied());
                let mut preferred: Vec<usize> =
                    c.preferred_carers.iter().filter_map(|k| index.carers.get(k).copied()).collect();
                preferred.extend(key_carer);
                preferred.sort_unstable();
                preferred.dedup();
                Client {
                    caps: profiles[i].continuity.caps(c.weekly_hours, multi[i]),
                    key_carer,
                    preferred,
                    visits: Vec::new(),
                }
            })
            .collect();

        // Which visits are linked (either direction) and so pinned.
        let mut links: Vec<Vec<(usize, Ticks, Option<Ticks>)>> = vec![Vec::new(); problem.visits.len()];
        let mut apart: Vec<Vec<usize>> = vec![Vec::new(); problem.visits.len()];
        for (a, v) in problem.visits.iter().enumerate() {
            for l in &v.links {
                if let Some(&b) = index.visits.get(&l.visit) {
                    let (lo, hi) = (minutes(l.min_gap_min), l.max_gap_min.map(minutes));
                    links[a].push((b, lo, hi));
                    // Seen from b: start(a) − start(b) ∈ [−max, −min].
                    links[b].push((a, hi.map_or(-NO_LIMIT, |m| -m), Some(-lo)));
                    if l.different_carers {
                        apart[a].push(b);
                        apart[b].push(a);
                    }
                }
            }
        }

        let visits: Vec<Visit> = problem
            .visits
            .iter()
            .enumerate()
            .map(|(vi, v)| {
                let c = index.clients[&v.client];
                let client = &problem.clients[c];
                let profile = &profiles[c];
                let day = week.day_index(v.date).expect("validated");
                let base = day as Ticks * DAY;
                let target = base + v.start.ticks();
                let (mut earliest, mut latest) = match v.window {
                    Some(w) if !v.time_critical => (base + w.earliest.ticks(), base + w.latest.ticks()),
                    _ => {
                        let tol = minutes(profile.punctuality_tolerance_min - 1);
                        (target - tol, target + tol)
                    }
                };
                if v.time_critical {
                    let tol = minutes(profile.time_critical_tolerance_min);
                    earliest = target - tol;
                    latest = target + tol;
                    if let Some(w) = v.window {
                        earliest = earliest.max(base + w.earliest.ticks());
                        latest = latest.min(base + w.latest.ticks());
                    }
                }
                let needs: Vec<&str> =
                    client.required_skills.iter().chain(v.skills.iter()).map(String::as_str).collect();
                let mut soft_misses = vec![0u8; problem.carers.len()];
                let eligible = problem
                    .carers
                    .iter()
                    .enumerate()
                    .map(|(k, carer)| {
                        let skilled = needs.iter().all(|s| {
                            carer.skills.iter().any(|cs| cs.skill == *s && cs.expires.is_none_or(|e| e >= v.date))
                        });
                        let refused = client.excluded_carers.contains(&carer.id);
                        let mut prefs_ok = true;
                        // Values are compared as read: a problem from `format` holds them
                        // normalised (`Problem::normalise`).
                        for p in &client.preferences {
                            let met = match p.attribute {
                                PreferenceAttribute::Gender => carer.gender.as_ref() == Some(&p.value),
                                PreferenceAttribute::Language => carer.languages.contains(&p.value),
                            };
                            if !met {
                                if p.required {
                                    prefs_ok = false;
                                } else {
                                    soft_misses[k] = soft_misses[k].saturating_add(1);
                                }
                            }
                        }
                        skilled && !refused && prefs_ok
                    })
                    .collect();
                let mut factor = v.priority.max(1) as f64;
                if v.time_critical {
                    factor *= w.time_critical_factor;
                }
                if v.carers_required > 1 {
                    factor *= w.multi_carer_factor;
                }
                let spacing = profile.call_spacing_min.map(minutes);
                clients[c].visits.push(vi);
                Visit {
                    client: c,
                    day,
                    place: travel.places.client[c],
                    duration: minutes(v.duration_min),
                    seats: v.carers_required as usize,
                    target,
                    earliest,
                    latest,
                    time_critical: v.time_critical,
                    priority: v.priority.max(1) as f64,
                    pinned: v.carers_required > 1 || !links[vi].is_empty() || spacing.is_some(),
                    links: std::mem::take(&mut links[vi]),
                    spacing,
                    core: profile
                        .out_of_hours_opt_in
                        .then(|| (base + profile.core_start.ticks(), base + profile.core_end.ticks())),
                    eligible,
                    soft_misses,
                    unassigned_cost: w.unassigned_seat * factor,
                    due: v.due.map(|d| base + d.ticks()),
                    demand: v.demand,
                    apart: std::mem::take(&mut apart[vi]),
                    fit: Vec::new(),
                }
            })
            .collect();

        let prices_lateness =
            visits.iter().any(|v| v.due.is_some()) && (w.tardiness_minute > 0.0 || w.max_tardiness_minute > 0.0);
        let has_pinned = visits.iter().any(|v| v.pinned);
        let mut inst = Instance { visits, carers, clients, matrices, weights: w, days: 7, prices_lateness, has_pinned };
        for v in 0..inst.visits.len() {
            inst.visits[v].fit = (0..inst.carers.len()).filter(|&k| inst.can_fit(v, k)).map(|k| k as u32).collect();
            let profile = &profiles[inst.visits[v].client];
            let rest = |m: Option<i32>| m.map_or(0, minutes);
            let (daily, weekly) = (rest(profile.daily_rest_min), rest(profile.weekly_rest_min));
            for &k in &inst.visits[v].fit {
                let carer = &mut inst.carers[k as usize];
                carer.daily_rest = carer.daily_rest.max(daily);
                carer.weekly_rest = carer.weekly_rest.max(weekly);
            }
        }
        inst
    }

    /// Whether carer `k` may do visit `v` and is available that day for long enough to do it
    /// inside its window, travel aside.
    pub fn can_fit(&self, v: usize, k: usize) -> bool {
        let vis = &self.visits[v];
        let (lo, hi) = self.window(v, k);
        vis.eligible[k]
            && self.carers[k].availability[vis.day].iter().any(|&(a, b)| {
                let s = a.max(lo);
                s <= hi && s + vis.duration <= b
            })
    }

    /// Travel ticks between two places for carer `k`.
    #[inline]
    pub fn travel(&self, k: usize, a: PlaceId, b: PlaceId) -> Ticks {
        self.matrices[self.carers[k].mode].ticks(a, b)
    }

    /// The start window of visit `v` for carer `k`: the visit's window, cut to core hours for a
    /// carer who has not opted in to out-of-hours work where the profile requires it.
    #[inline]
    pub fn window(&self, v: usize, k: usize) -> (Ticks, Ticks) {
        let vis = &self.visits[v];
        match vis.core {
            Some((cs, ce)) if !self.carers[k].out_of_hours => (vis.earliest.max(cs), vis.latest.min(ce - MINUTE)),
            _ => (vis.earliest, vis.latest),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A bed call at 21:30 can only go to the carers working then for long enough; a carer
    /// without the skill never counts.
    #[test]
    fn fit_lists_the_eligible_carers_available_long_enough_in_the_window() {
        let mon = "2026-11-30";
        let home = json!({"lat": 51.28, "lon": 1.08});
        let carer = |id: &str, start: &str, end: &str, skills: serde_json::Value| {
            json!({"id": id, "home": home, "skills": skills,
                   "availability": [{"date": mon, "start": start, "end": end}]})
        };
        let skilled = json!([{"skill": "dementia"}]);
        let text = json!({
            "format_version": "1.0", "week_start": mon,
            "skills": [{"id": "dementia"}],
            "clients": [{"id": "c", "location": home, "profile": "kent", "weekly_hours": 2.0,
                         "required_skills": ["dementia"]}],
            "carers": [
                carer("day", "07:00", "15:00", skilled.clone()),
                carer("late", "17:00", "23:00", skilled.clone()),
                carer("short", "17:00", "21:40", skilled.clone()),
                carer("unskilled", "07:00", "23:00", json!([]))],
            "visits": [
                {"id": "morning", "client": "c", "date": mon, "start": "08:00", "duration_min": 45},
                {"id": "bed", "client": "c", "date": mon, "start": "21:30", "duration_min": 30,
                 "time_critical": true}]
        })
        .to_string();
        let problem = crate::format::parse_problem(&text, "t.json").unwrap();
        let travel = Travel::for_problem(&problem, std::path::Path::new("."), "t.json").unwrap();
        let inst = Instance::new(&problem, &travel);
        // The morning call: only the day carer (the late ones start too late, and the
        // unskilled carer is not eligible).
        assert_eq!(inst.visits[0].fit, [0]);
        // The bed call starts 21:15 to 21:45 and lasts 30 minutes: the late carer fits; the
        // short shift is on at 21:15 but ends before the call could finish.
        assert_eq!(inst.visits[1].fit, [1]);
        assert!(inst.can_fit(1, 1) && !inst.can_fit(1, 2) && !inst.can_fit(1, 0) && !inst.can_fit(1, 3));
    }
}
