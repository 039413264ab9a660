//! The problem compiled for search: integer ticks of the week, index-based, no strings.
//!
//! Built once per solve. The search never looks at the [`Problem`] again except to write the
//! rota. Times are ticks (milliseconds) since Monday 00:00 of the rota week.

use super::route::NEVER;
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
    /// The skills the visit needs (the client's and its own), as indices of
    /// [`Instance::skill_names`], sorted. [`Instance::eligible`] reads them.
    pub needs: Vec<u32>,
    /// Cost of leaving one seat unassigned (for an optional visit, its price shared by its seats
    /// and those of its group).
    pub unassigned_cost: f64,
    /// The visit may be left out, at `optional_visit_missed` once ([`crate::model::Visit::optional`]).
    pub optional: bool,
    /// The optional group the visit belongs to, an index of [`Instance::optional_groups`]
    /// (`Visit::optional_group` in the problem); none for a visit on its own.
    pub group: Option<usize>,
    /// Soft latest start (tick of the week), if any. A visit with several windows has none:
    /// each window has its own ([`Visit::windows`], [`Visit::due_at`]).
    pub due: Option<Ticks>,
    /// The visit's several start windows (`Visit::windows` in the problem), in time order, as
    /// ticks of the week with each window's soft due time; empty for a visit with one window,
    /// which is `[earliest, latest]` alone. With several, `earliest` and `latest` span them
    /// (narrowed by a time-critical tolerance), and a start must also lie in one of these.
    pub windows: Vec<Window>,
    /// Load on a round with a capacity.
    pub demand: u32,
    /// Visits that must go to carers other than this visit's (links with `different_carers`).
    pub apart: Vec<usize>,
    /// How many carers may do the visit and are available that day for long enough to do it
    /// inside its window, travel aside: the length of [`Instance::fit`]. It tells how scarce
    /// the visit's carers are, for ordering insertions.
    pub fit_count: u32,
    /// The only carers who may do the visit, sorted, if it is held to some ([`super::anchor`]:
    /// a locked visit keeps its carers; a cancelled visit, or one whose window closed before
    /// the re-plan's now, has none).
    pub only: Option<Vec<usize>>,
    /// The carers and start the visit had in the rota being changed, if it had any
    /// ([`super::anchor`]): changes from it cost.
    pub before: Option<Before>,
    /// Held in place: the visit keeps its carers and start and the search never lifts it.
    pub locked: bool,
}

/// One of a visit's several start windows ([`Visit::windows`]), ticks of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// Earliest start in the window.
    pub earliest: Ticks,
    /// Latest start in the window.
    pub latest: Ticks,
    /// Soft latest start in the window, if any.
    pub due: Option<Ticks>,
}

impl Visit {
    /// The earliest start `≥ s` inside one of the visit's several windows: `s` itself for a
    /// visit with one window, and [`NEVER`] if every window has closed by `s`.
    #[inline]
    pub fn snap_up(&self, s: Ticks) -> Ticks {
        if self.windows.is_empty() {
            return s;
        }
        self.windows.iter().find(|w| w.latest >= s).map_or(NEVER, |w| s.max(w.earliest))
    }

    /// The latest start `≤ s` inside one of the visit's several windows: `s` itself for a visit
    /// with one window, and −[`NEVER`] if no window has opened by `s`.
    #[inline]
    pub fn snap_down(&self, s: Ticks) -> Ticks {
        if self.windows.is_empty() {
            return s;
        }
        self.windows.iter().rev().find(|w| w.earliest <= s).map_or(-NEVER, |w| s.min(w.latest))
    }

    /// Whether a start at `s` lies in one of the visit's several windows (always, for a visit
    /// with one window: the caller checks `earliest` and `latest`).
    #[inline]
    pub fn in_windows(&self, s: Ticks) -> bool {
        self.windows.is_empty() || self.windows.iter().any(|w| w.earliest <= s && s <= w.latest)
    }

    /// The soft due time that prices a start at `s`: the visit's `due`, or for a visit with
    /// several windows the `due` of the first window that has not closed by `s` (of the last,
    /// past every window).
    #[inline]
    pub fn due_at(&self, s: Ticks) -> Option<Ticks> {
        if self.windows.is_empty() {
            return self.due;
        }
        self.windows.iter().find(|w| w.latest >= s).or(self.windows.last()).and_then(|w| w.due)
    }
}

/// Where a visit was in the rota a re-plan changes ([`Visit::before`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Before {
    /// Its carers, sorted.
    pub carers: Vec<usize>,
    /// Its planned start, if its time counts (a re-plan; not next week's slot).
    pub start: Option<Ticks>,
    /// The day it was on (an event may have moved it since).
    pub day: usize,
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
    /// The daily meal break, if any: (earliest start, latest end, least length), ticks from the
    /// day's midnight ([`super::meal`]).
    pub meal_break: Option<(Ticks, Ticks, Ticks)>,
    /// Travel from the start place and back to the end place must lie inside availability.
    pub commute_on_shift: bool,
    /// How long past the end of each day's last availability window the carer may still work
    /// (`Carer::overrun_min`). It is already added to that window's end in `availability`:
    /// finishing after `end − overrun` is overrun ([`Instance::paid_day`]).
    pub overrun: Ticks,
    /// Least rest in each 24 hours of work (0: no rule): the longest `daily_rest_min` of the
    /// profiles of the clients whose visits the carer can fit ([`Instance::fit`]). See [`super::rest`].
    pub daily_rest: Ticks,
    /// Least uninterrupted rest in the week (0: no rule), likewise.
    pub weekly_rest: Ticks,
    /// Skills held, as (index of [`Instance::skill_names`], the number of days of the week
    /// from Monday on which it is valid: 7 if it does not expire), sorted by skill.
    pub skills: Vec<(u32, u8)>,
    /// Gender, as an index of [`Instance::values`].
    pub gender: Option<u32>,
    /// Languages, as indices of [`Instance::values`], sorted.
    pub languages: Vec<u32>,
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
    /// Carers the client refuses, sorted.
    pub excluded: Vec<usize>,
    /// Gender and language preferences, in the problem's order: (attribute, wanted value as an
    /// index of [`Instance::values`], or none if no carer has it; required).
    pub preferences: Vec<(PreferenceAttribute, Option<u32>, bool)>,
    /// The carers the client already knows, sorted, when a re-plan counts carers new to a
    /// client ([`super::anchor`]); none otherwise.
    pub known: Option<Vec<usize>>,
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
    /// The skills named by carers and visits; [`Carer::skills`] and [`Visit::needs`] index it.
    pub skill_names: Vec<String>,
    /// The genders and languages carers have; [`Carer::gender`], [`Carer::languages`] and
    /// [`Client::preferences`] index it.
    pub values: Vec<String>,
    /// Every availability window of each day, by carer and then start: what [`Instance::fit`]
    /// scans, in one contiguous list a day.
    pub shifts: Vec<Vec<Shift>>,
    /// When a re-plan counts carers whose day changes: how many visits each round (indexed
    /// `carer * days + day`) had in the rota being changed; empty otherwise.
    pub day_before: Vec<u32>,
    /// A visit more than this far from its start in the rota being changed counts as moved.
    pub move_tolerance: Ticks,
    /// The optional groups (`Visit::optional_group`), each its visits in order: kept or left
    /// out together ([`super::state::Solution::drop_split_groups`]). A cancelled visit is in
    /// none.
    pub optional_groups: Vec<Vec<usize>>,
    /// Whether each carer qualifies for each visit on skills, refusals and required preferences
    /// (the part of [`Instance::eligible`] fixed once the problem is compiled): bit `k` of
    /// words `v * words ..` for visit `v`, `words` being [`Instance::qualified_words`].
    qualified: Vec<u64>,
}

/// One availability window of a carer, for [`Instance::shifts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shift {
    /// Carer index.
    pub carer: u32,
    /// The carer has opted in to out-of-hours work ([`Carer::out_of_hours`]).
    pub out_of_hours: bool,
    /// Start, tick of the week.
    pub start: Ticks,
    /// End, tick of the week.
    pub end: Ticks,
}

/// Strings numbered in the order they are first seen.
#[derive(Default)]
struct Names<'a> {
    ids: std::collections::HashMap<&'a str, u32>,
    list: Vec<String>,
}

impl<'a> Names<'a> {
    fn id(&mut self, name: &'a str) -> u32 {
        let next = self.list.len() as u32;
        *self.ids.entry(name).or_insert_with(|| {
            self.list.push(name.to_string());
            next
        })
    }

    fn get(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }
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
        let mut skill_names = Names::default();
        let mut values = Names::default();

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
                let overrun = minutes(c.overrun_min.max(0));
                for day in &mut availability {
                    day.sort_unstable();
                    if let Some(last) = day.last_mut() {
                        last.1 += overrun;
                    }
                }
                let wt = c.working_time.unwrap_or(problem.working_time);
                // Days from Monday on which each skill is valid: a skill listed twice counts
                // with its later expiry.
                let mut skills: Vec<(u32, u8)> = Vec::with_capacity(c.skills.len());
                for cs in &c.skills {
                    let days = (0..7).filter(|&d| cs.expires.is_none_or(|e| e >= week.date(d))).count() as u8;
                    skills.push((skill_names.id(&cs.skill), days));
                }
                skills.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                skills.dedup_by_key(|s| s.0);
                let mut languages: Vec<u32> = c.languages.iter().map(|l| values.id(l)).collect();
                languages.sort_unstable();
                languages.dedup();
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
                    meal_break: c
                        .meal_break
                        .map(|m| (m.earliest.ticks(), m.latest.ticks(), minutes(m.min_duration_min))),
                    commute_on_shift: c.commute_on_shift,
                    overrun,
                    daily_rest: 0,
                    weekly_rest: 0,
                    skills,
                    gender: c.gender.as_deref().map(|g| values.id(g)),
                    languages,
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
                let mut excluded: Vec<usize> =
                    c.excluded_carers.iter().filter_map(|k| index.carers.get(k).copied()).collect();
                excluded.sort_unstable();
                excluded.dedup();
                // Values are compared as read: a problem from `format` holds them normalised
                // (`Problem::normalise`).
                let preferences =
                    c.preferences.iter().map(|p| (p.attribute, values.get(&p.value), p.required)).collect();
                Client {
                    caps: profiles[i].continuity.caps(c.weekly_hours, multi[i]),
                    key_carer,
                    preferred,
                    visits: Vec::new(),
                    excluded,
                    preferences,
                    known: None,
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

        let mut visits: Vec<Visit> = problem
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
                let windows: Vec<Window> = v
                    .windows
                    .iter()
                    .map(|w| Window {
                        earliest: base + w.earliest.ticks(),
                        latest: base + w.latest.ticks(),
                        due: w.due.map(|d| base + d.ticks()),
                    })
                    .collect();
                let (mut earliest, mut latest) = match v.window_hull() {
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
                    if let Some(w) = v.window_hull() {
                        earliest = earliest.max(base + w.earliest.ticks());
                        latest = latest.min(base + w.latest.ticks());
                    }
                }
                let mut needs: Vec<u32> =
                    client.required_skills.iter().chain(v.skills.iter()).map(|s| skill_names.id(s)).collect();
                needs.sort_unstable();
                needs.dedup();
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
                    needs,
                    unassigned_cost: if v.optional {
                        w.optional_visit_missed / f64::from(v.carers_required.max(1))
                    } else {
                        w.unassigned_seat * factor
                    },
                    optional: v.optional,
                    group: None,
                    due: v.due.map(|d| base + d.ticks()),
                    windows,
                    demand: v.demand,
                    apart: std::mem::take(&mut apart[vi]),
                    fit_count: 0,
                    only: v.cancelled.is_some().then(Vec::new),
                    before: None,
                    locked: false,
                }
            })
            .collect();

        let optional_groups = optional_groups(problem, &mut visits, w.optional_visit_missed);
        let has_due = |v: &Visit| v.due.is_some() || v.windows.iter().any(|w| w.due.is_some());
        let prices_lateness = visits.iter().any(has_due) && (w.tardiness_minute > 0.0 || w.max_tardiness_minute > 0.0);
        let has_pinned = visits.iter().any(|v| v.pinned);
        let mut shifts: Vec<Vec<Shift>> = vec![Vec::new(); 7];
        for (k, c) in carers.iter().enumerate() {
            for (d, windows) in c.availability.iter().enumerate() {
                shifts[d].extend(windows.iter().map(|&(start, end)| Shift {
                    carer: k as u32,
                    out_of_hours: c.out_of_hours,
                    start,
                    end,
                }));
            }
        }
        let mut inst = Instance {
            visits,
            carers,
            clients,
            matrices,
            weights: w,
            days: 7,
            prices_lateness,
            has_pinned,
            skill_names: skill_names.list,
            values: values.list,
            shifts,
            day_before: Vec::new(),
            move_tolerance: 0,
            optional_groups,
            qualified: Vec::new(),
        };
        inst.qualified = inst.qualify();
        inst.count_fits(&profiles);
        inst
    }

    /// Compile `problem` as [`Instance::new`] does, held to `anchors`: locked visits, the
    /// re-plan's now, and the rota whose changes cost ([`super::anchor`]).
    pub fn anchored(problem: &Problem, travel: &Travel, anchors: &super::anchor::Anchors) -> Instance {
        let mut inst = Instance::new(problem, travel);
        anchors.compile(problem, &mut inst);
        inst.count_fits(&problem.client_profiles());
        inst
    }

    /// Each visit's [`Visit::fit_count`], and each carer's rest rules from the visits they can fit.
    pub(crate) fn count_fits(&mut self, profiles: &[crate::model::ContractProfile]) {
        let inst = self;
        for k in 0..inst.carers.len() {
            inst.carers[k].daily_rest = 0;
            inst.carers[k].weekly_rest = 0;
        }
        for v in 0..inst.visits.len() {
            let profile = &profiles[inst.visits[v].client];
            let rest = |m: Option<i32>| m.map_or(0, minutes);
            let (daily, weekly) = (rest(profile.daily_rest_min), rest(profile.weekly_rest_min));
            let mut count = 0;
            for k in inst.fit(v).collect::<Vec<usize>>() {
                let carer = &mut inst.carers[k];
                carer.daily_rest = carer.daily_rest.max(daily);
                carer.weekly_rest = carer.weekly_rest.max(weekly);
                count += 1;
            }
            inst.visits[v].fit_count = count;
        }
    }

    /// The carers who may do visit `v` and are available that day for long enough to do it
    /// inside its window, travel aside ([`Instance::can_fit`]), in increasing order. No other
    /// carer can ever take it, so insertions try only these. Worked out when asked, from the
    /// day's [`Instance::shifts`] and then eligibility, so that no list of visits × carers is
    /// kept.
    pub fn fit(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        let vis = &self.visits[v];
        let all = (vis.earliest, vis.latest);
        let core = match vis.core {
            Some((cs, ce)) => (vis.earliest.max(cs), vis.latest.min(ce - MINUTE)),
            None => all,
        };
        // A visit with no skills, refusals or required preferences is open to every carer:
        // then eligibility, which reads each carer's record, need not be asked.
        let client = &self.clients[vis.client];
        let open = vis.needs.is_empty()
            && client.excluded.is_empty()
            && client.preferences.iter().all(|p| !p.2)
            && vis.only.is_none();
        let mut last = u32::MAX;
        self.shifts[vis.day].iter().filter_map(move |s| {
            let (lo, hi) = if s.out_of_hours { all } else { core };
            let start = s.start.max(lo);
            let fits = s.carer != last && start <= hi && start + vis.duration <= s.end;
            if fits && (open || self.eligible(v, s.carer as usize)) {
                last = s.carer;
                Some(s.carer as usize)
            } else {
                None
            }
        })
    }

    /// Carer `k`'s paid time on day `d`: (the minutes of availability, overrun left out; when
    /// the working day ends without overrun). None on a day without availability.
    pub fn paid_day(&self, k: usize, d: usize) -> Option<(Ticks, Ticks)> {
        let carer = &self.carers[k];
        let day = &carer.availability[d];
        let end = day.last()?.1 - carer.overrun;
        Some((day.iter().map(|&(a, b)| b - a).sum::<Ticks>() - carer.overrun, end))
    }

    /// Whether visit `v` counts its optional group (or itself, on its own) when the objective
    /// counts optional calls left out: the group's first visit does. In a rota that keeps its
    /// groups whole, a group left out counts once.
    #[inline]
    pub fn heads_group(&self, v: usize) -> bool {
        self.visits[v].group.is_none_or(|g| self.optional_groups[g][0] == v)
    }

    /// Whether carer `k` may do visit `v` and is available that day for long enough to do it
    /// inside its window, travel aside.
    pub fn can_fit(&self, v: usize, k: usize) -> bool {
        let vis = &self.visits[v];
        let (lo, hi) = self.window(v, k);
        self.carers[k].availability[vis.day].iter().any(|&(a, b)| {
            let s = a.max(lo);
            s <= hi && s + vis.duration <= b
        }) && self.eligible(v, k)
    }

    /// Whether carer `k` may do visit `v` on skills (valid on the visit's day), refusals and
    /// required preferences, and is among the visit's only carers if it has them (a re-plan's
    /// locks). The first three are looked up in a table built with the instance.
    #[inline]
    pub fn eligible(&self, v: usize, k: usize) -> bool {
        let words = self.qualified_words();
        self.qualified[v * words + k / 64] >> (k % 64) & 1 == 1
            && self.visits[v].only.as_ref().is_none_or(|only| only.binary_search(&k).is_ok())
    }

    /// Words a visit's row of the qualification table takes: a bit a carer.
    #[inline]
    fn qualified_words(&self) -> usize {
        self.carers.len().div_ceil(64)
    }

    /// The qualification table ([`Instance::eligible`] without the visits' only carers).
    fn qualify(&self) -> Vec<u64> {
        let words = self.qualified_words();
        let mut table = vec![0u64; self.visits.len() * words];
        for v in 0..self.visits.len() {
            for k in (0..self.carers.len()).filter(|&k| self.qualifies(v, k)) {
                table[v * words + k / 64] |= 1 << (k % 64);
            }
        }
        table
    }

    /// Whether carer `k` qualifies for visit `v` on skills (valid on the visit's day), refusals
    /// and required preferences.
    fn qualifies(&self, v: usize, k: usize) -> bool {
        let vis = &self.visits[v];
        let carer = &self.carers[k];
        let client = &self.clients[vis.client];
        vis.needs.iter().all(|s| match carer.skills.binary_search_by_key(s, |&(id, _)| id) {
            Ok(i) => vis.day < carer.skills[i].1 as usize,
            Err(_) => false,
        }) && client.excluded.binary_search(&k).is_err()
            && client.preferences.iter().all(|&(a, value, required)| !required || self.meets(k, a, value))
    }

    /// Whether carer `k` would be new to client `c`, when a re-plan counts such carers.
    #[inline]
    pub fn new_to_client(&self, c: usize, k: usize) -> bool {
        self.clients[c].known.as_ref().is_some_and(|known| known.binary_search(&k).is_err())
    }

    /// Whether carer `k` has `value` of attribute `a`.
    fn meets(&self, k: usize, a: PreferenceAttribute, value: Option<u32>) -> bool {
        let carer = &self.carers[k];
        match (a, value) {
            (_, None) => false,
            (PreferenceAttribute::Gender, Some(x)) => carer.gender == Some(x),
            (PreferenceAttribute::Language, Some(x)) => carer.languages.binary_search(&x).is_ok(),
        }
    }

    /// How many of the client's soft (not required) gender and language preferences carer `k`
    /// misses for visit `v`.
    #[inline]
    pub fn soft_misses(&self, v: usize, k: usize) -> u8 {
        let prefs = &self.clients[self.visits[v].client].preferences;
        if prefs.is_empty() {
            return 0;
        }
        let missed = prefs.iter().filter(|&&(a, value, required)| !required && !self.meets(k, a, value)).count();
        missed.min(u8::MAX as usize) as u8
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

/// The optional groups of `problem` (`Visit::optional_group`, cancelled visits left out), each
/// its visits in order: sets each member's [`Visit::group`], and its
/// [`Visit::unassigned_cost`] to `missed` shared by every seat of the group.
fn optional_groups(problem: &Problem, visits: &mut [Visit], missed: f64) -> Vec<Vec<usize>> {
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (v, pv) in problem.visits.iter().enumerate() {
        let Some(name) = pv.optional_group.as_deref().filter(|_| pv.optional && pv.cancelled.is_none()) else {
            continue;
        };
        let g = *index.entry(name).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(v);
    }
    for (g, members) in groups.iter().enumerate() {
        let seats: usize = members.iter().map(|&v| visits[v].seats).sum();
        for &v in members {
            visits[v].group = Some(g);
            visits[v].unassigned_cost = missed / seats.max(1) as f64;
        }
    }
    groups
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
        assert_eq!(inst.fit(0).collect::<Vec<_>>(), [0]);
        // The bed call starts 21:15 to 21:45 and lasts 30 minutes: the late carer fits; the
        // short shift is on at 21:15 but ends before the call could finish.
        assert_eq!(inst.fit(1).collect::<Vec<_>>(), [1]);
        assert_eq!((inst.visits[0].fit_count, inst.visits[1].fit_count), (1, 1));
        assert!(inst.can_fit(1, 1) && !inst.can_fit(1, 2) && !inst.can_fit(1, 0) && !inst.can_fit(1, 3));
    }

    /// Who may do a visit, as the problem says it: the carer holds every skill the client and
    /// the visit need, valid on the visit's date; the client does not refuse the carer; the
    /// carer has every required gender or language; and the soft ones the carer lacks.
    fn as_written(problem: &Problem, v: usize, k: usize) -> (bool, u8) {
        let visit = &problem.visits[v];
        let client = problem.clients.iter().find(|c| c.id == visit.client).unwrap();
        let carer = &problem.carers[k];
        let skilled = client
            .required_skills
            .iter()
            .chain(&visit.skills)
            .all(|s| carer.skills.iter().any(|cs| &cs.skill == s && cs.expires.is_none_or(|e| e >= visit.date)));
        let refused = client.excluded_carers.contains(&carer.id);
        let (mut required_ok, mut soft) = (true, 0u8);
        for p in &client.preferences {
            let met = match p.attribute {
                PreferenceAttribute::Gender => carer.gender.as_ref() == Some(&p.value),
                PreferenceAttribute::Language => carer.languages.contains(&p.value),
            };
            match (met, p.required) {
                (false, true) => required_ok = false,
                (false, false) => soft += 1,
                _ => {}
            }
        }
        (skilled && !refused && required_ok, soft)
    }

    /// A week with skills that expire during it, listed twice, needed by clients and by
    /// visits; refusals; required and soft gender and language preferences, some for values no
    /// carer has.
    fn random_week(seed: u64) -> serde_json::Value {
        let mut rng = crate::rng::Rng::seeded(seed);
        let skills = ["dementia", "peg", "hoist", "meds", "catheter"];
        let days = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"];
        let genders = ["female", "male", "non-binary"];
        let languages = ["polish", "urdu", "welsh", "gujarati"];
        let pick = |rng: &mut crate::rng::Rng, items: &[&str], p: f64| -> Vec<String> {
            items.iter().filter(|_| rng.chance(p)).map(|s| s.to_string()).collect()
        };
        let carers: Vec<serde_json::Value> = (0..40)
            .map(|k| {
                let held: Vec<serde_json::Value> = pick(&mut rng, &skills, 0.5)
                    .into_iter()
                    .flat_map(|s| {
                        let mut entries = vec![match rng.below(3) {
                            0 => json!({"skill": s}),
                            1 => json!({"skill": s, "expires": days[rng.below(7)]}),
                            _ => json!({"skill": s, "expires": "2026-11-20"}),
                        }];
                        if rng.chance(0.2) {
                            entries.push(json!({"skill": s, "expires": days[rng.below(7)]}));
                        }
                        entries
                    })
                    .collect();
                let mut availability = Vec::new();
                for d in days {
                    if rng.chance(0.7) {
                        let start = 6 + rng.below(10);
                        let end = start + 3 + rng.below(8);
                        availability
                            .push(json!({"date": d, "start": format!("{start:02}:00"), "end": format!("{end:02}:00")}));
                    }
                }
                let mut c = json!({"id": format!("k{k}"), "home": {"lat": 51.28, "lon": 1.08},
                                   "skills": held, "languages": pick(&mut rng, &languages, 0.3),
                                   "availability": availability});
                if rng.chance(0.8) {
                    c["gender"] = json!(genders[rng.below(3)]);
                }
                c
            })
            .collect();
        let mut visits = Vec::new();
        let clients: Vec<serde_json::Value> = (0..30)
            .map(|c| {
                let mut preferences = Vec::new();
                if rng.chance(0.4) {
                    preferences.push(
                        json!({"attribute": "gender", "value": genders[rng.below(3)], "required": rng.chance(0.5)}),
                    );
                }
                for l in pick(&mut rng, &["polish", "urdu", "tagalog"], 0.2) {
                    preferences.push(json!({"attribute": "language", "value": l, "required": rng.chance(0.5)}));
                }
                let excluded: Vec<String> = (0..40).filter(|_| rng.chance(0.05)).map(|k| format!("k{k}")).collect();
                for i in 0..6 {
                    visits.push(
                        json!({"id": format!("c{c}v{i}"), "client": format!("c{c}"), "date": days[rng.below(7)],
                                       "start": format!("{:02}:{:02}", 7 + rng.below(14), 15 * rng.below(4)),
                                       "duration_min": 30, "skills": pick(&mut rng, &skills, 0.1)}),
                    );
                }
                json!({"id": format!("c{c}"), "location": {"lat": 51.28, "lon": 1.08}, "profile": "kent",
                       "weekly_hours": 3.0, "required_skills": pick(&mut rng, &skills, 0.15),
                       "excluded_carers": excluded, "preferences": preferences})
            })
            .collect();
        let skills: Vec<serde_json::Value> = skills.iter().map(|s| json!({"id": s})).collect();
        json!({"format_version": "1.0", "week_start": "2026-11-30", "skills": skills,
               "clients": clients, "carers": carers, "visits": visits})
    }

    /// The compiled eligibility, soft misses and fit lists give, for every visit and carer, the
    /// answers the problem's rules give as written.
    #[test]
    fn eligibility_matches_the_rules_as_written() {
        let (mut eligible, mut soft) = (0, 0);
        for seed in 1..=4 {
            let text = random_week(seed).to_string();
            let problem = crate::format::parse_problem(&text, "t.json").unwrap();
            let travel = Travel::for_problem(&problem, std::path::Path::new("."), "t.json").unwrap();
            let inst = Instance::new(&problem, &travel);
            for v in 0..problem.visits.len() {
                for k in 0..problem.carers.len() {
                    let (e, s) = as_written(&problem, v, k);
                    assert_eq!(inst.eligible(v, k), e, "seed {seed}, visit {v}, carer {k}");
                    assert_eq!(inst.soft_misses(v, k), s, "seed {seed}, visit {v}, carer {k}");
                    eligible += e as usize;
                    soft += (s > 0) as usize;
                }
                let fit: Vec<usize> = inst.fit(v).collect();
                let every: Vec<usize> = (0..problem.carers.len()).filter(|&k| inst.can_fit(v, k)).collect();
                assert_eq!(fit, every, "seed {seed}, visit {v}");
                assert_eq!(inst.visits[v].fit_count as usize, fit.len());
                assert!(fit.iter().all(|&k| inst.eligible(v, k)));
            }
        }
        // The weeks exercise both answers.
        assert!(eligible > 1000 && soft > 100, "{eligible} eligible, {soft} with soft misses");
    }
}
