//! The time-indexed linear relaxation (`docs/capacity.md` states it in full).
//!
//! Variables: `y[g]`, the visits of group `g` placed (0 to its count), and `w[g][t]`, their
//! minutes on site in slot `t`. Each placed visit spends its whole length on site, in slots
//! its start window allows, at most as much in each slot as some start would put there and at
//! least what every start puts there. In each slot, the seats on site of every family of needs
//! fit in the availability of the carers who meet a need of the family; per date and per week,
//! they fit in those carers' hours; care plus the travel lower bound fits in all carers' hours,
//! less the trips that start rounds (commute, not working time).

use super::demand::{Demand, Group, DAY};
use super::families::{families, Family};
use super::supply::CarerSupply;
use super::{BoundError, Rule};
use good_lp::{microlp, variable, Expression, ProblemVariables, SolverModel, Variable};
use std::collections::BTreeMap;

/// What the linear program minimises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Goal {
    /// Seats left unplaced.
    Unplaced,
    /// Carer-minutes of universal extra carers needed to place every seat.
    ExtraMinutes,
    /// Seats on site at once (carers needed, whatever their shifts): every seat placed, no
    /// availability, hours or skills.
    Concurrency,
}

/// The relaxation of one problem.
pub(crate) struct Relaxation<'a> {
    /// Demand.
    pub demand: &'a Demand,
    /// Supply.
    pub supply: &'a [CarerSupply],
    /// Slot length, minutes.
    pub slot: f64,
}

/// The optimum of one linear program.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Outcome {
    /// The objective at the optimum (for [`Goal::Unplaced`], seats of possible visits only).
    pub value: f64,
    /// Variables.
    pub variables: usize,
    /// Constraints.
    pub constraints: usize,
}

/// A group as one linear program sees it (windows may be dropped, travel zeroed).
struct Shaped {
    group: usize,
    earliest: f64,
    latest: f64,
    travel: f64,
}

impl Relaxation<'_> {
    /// The group's start window and travel under `dropped`; `None` if it cannot start.
    fn shape(&self, g: usize, dropped: Option<Rule>) -> Option<Shaped> {
        let grp = &self.demand.groups[g];
        let travel = if dropped == Some(Rule::Travel) { 0.0 } else { grp.travel };
        if dropped == Some(Rule::Windows) {
            let day = grp.day as f64 * DAY;
            let (e, l) =
                if grp.impossible() { (day, day + DAY) } else { (grp.earliest.min(day), grp.latest.max(day + DAY)) };
            return Some(Shaped { group: g, earliest: e, latest: l, travel });
        }
        (!grp.impossible()).then_some(Shaped { group: g, earliest: grp.earliest, latest: grp.latest, travel })
    }

    /// Solve for the groups `subset` (indices into the demand's groups).
    pub fn solve(&self, subset: &[usize], goal: Goal, dropped: Option<Rule>) -> Result<Outcome, BoundError> {
        let shaped: Vec<Shaped> = subset.iter().filter_map(|&g| self.shape(g, dropped)).collect();
        let mut b = Builder::new(self, goal, dropped);
        b.visits(&shaped);
        if goal != Goal::Concurrency {
            b.slots(&shaped);
            if dropped != Some(Rule::Hours) {
                b.hours(&shaped);
            }
        }
        b.finish()
    }
}

/// Builds one linear program.
struct Builder<'r, 'a> {
    r: &'r Relaxation<'a>,
    goal: Goal,
    dropped: Option<Rule>,
    vars: ProblemVariables,
    constraints: Vec<good_lp::Constraint>,
    /// `y` per shaped group.
    y: Vec<Variable>,
    /// The group of each `y`.
    y_group: Vec<usize>,
    /// Per slot: (shaped index, `w` variable, seats per visit).
    by_slot: BTreeMap<i64, Vec<(usize, Variable)>>,
    /// Extra minutes per slot ([`Goal::ExtraMinutes`]) or the carers on site ([`Goal::Concurrency`]).
    extra: BTreeMap<i64, Variable>,
    peak: Option<Variable>,
    families: Vec<Family>,
}

/// Minutes of `[s, s + d)` inside `[a, b)`.
fn overlap(s: f64, d: f64, a: f64, b: f64) -> f64 {
    ((s + d).min(b) - s.max(a)).max(0.0)
}

impl<'r, 'a> Builder<'r, 'a> {
    fn new(r: &'r Relaxation<'a>, goal: Goal, dropped: Option<Rule>) -> Self {
        let mut vars = ProblemVariables::new();
        let peak = (goal == Goal::Concurrency).then(|| vars.add(variable().min(0)));
        let families = families(&r.demand.needs, dropped != Some(Rule::Skills));
        Builder {
            r,
            goal,
            dropped,
            vars,
            constraints: Vec::new(),
            y: Vec::new(),
            y_group: Vec::new(),
            by_slot: BTreeMap::new(),
            extra: BTreeMap::new(),
            peak,
            families,
        }
    }

    fn group(&self, s: &Shaped) -> &'a Group {
        &self.r.demand.groups[s.group]
    }

    /// `y` and `w` of each group, with the per-group rows.
    fn visits(&mut self, shaped: &[Shaped]) {
        let slot = self.r.slot;
        for (i, s) in shaped.iter().enumerate() {
            let g = self.group(s);
            let count = g.count as f64;
            let y = match self.goal {
                Goal::Unplaced => self.vars.add(variable().min(0).max(count)),
                _ => self.vars.add(variable().min(count).max(count)),
            };
            self.y.push(y);
            self.y_group.push(s.group);
            let (first, last) = ((s.earliest / slot).floor() as i64, ((s.latest + g.duration) / slot).ceil() as i64);
            let mut total = Expression::with_capacity((last - first) as usize + 1);
            for t in first..last {
                let (a, b) = (t as f64 * slot, (t + 1) as f64 * slot);
                let starts = [s.earliest, s.latest, a, b - g.duration];
                let most = starts
                    .iter()
                    .map(|&x| overlap(x.clamp(s.earliest, s.latest), g.duration, a, b))
                    .fold(0.0, f64::max);
                if most <= 0.0 {
                    continue;
                }
                let least = overlap(s.earliest, g.duration, a, b).min(overlap(s.latest, g.duration, a, b));
                let w = self.vars.add(variable().min(0).max(most * count));
                self.constraints.push((Expression::from(w) - most * y).leq(0.0));
                if least > 0.0 {
                    self.constraints.push((Expression::from(w) - least * y).geq(0.0));
                }
                total.add_mul(1.0, w);
                self.by_slot.entry(t).or_default().push((i, w));
            }
            self.constraints.push((total - g.duration * y).eq(0.0));
        }
        if self.goal == Goal::Concurrency {
            let peak = self.peak.expect("a concurrency program has a peak");
            for entries in self.by_slot.values() {
                let mut on_site = Expression::with_capacity(entries.len() + 1);
                for &(i, w) in entries {
                    on_site.add_mul(self.group(&shaped[i]).seats as f64, w);
                }
                self.constraints.push((on_site - slot * peak).leq(0.0));
            }
        }
    }

    /// Availability of carers who meet a need of each family, slot by slot.
    fn slots(&mut self, shaped: &[Shaped]) {
        let slot = self.r.slot;
        let slots: Vec<i64> = self.by_slot.keys().copied().collect();
        if self.goal == Goal::ExtraMinutes {
            for &t in &slots {
                let e = self.vars.add(variable().min(0));
                self.extra.insert(t, e);
            }
        }
        for t in slots {
            let (a, b) = (t as f64 * slot, (t + 1) as f64 * slot);
            let entries = self.by_slot[&t].clone();
            let days = self.days_of(shaped, &entries);
            for f in 0..self.families.len() {
                let family = &self.families[f];
                let mut most = 0.0;
                let mut lhs = Expression::with_capacity(entries.len());
                for &(i, w) in &entries {
                    let g = self.group(&shaped[i]);
                    if family[g.need] {
                        lhs.add_mul(g.seats as f64, w);
                        most += g.seats as f64 * g.count as f64 * (b - a).min(g.duration);
                    }
                }
                let supply: f64 = self
                    .r
                    .supply
                    .iter()
                    .filter(|c| self.eligible(c, &days, family))
                    .map(|c| if self.dropped == Some(Rule::Availability) { b - a } else { c.available(a, b) })
                    .sum();
                if most <= supply + 1e-9 {
                    continue;
                }
                if let Some(&e) = self.extra.get(&t) {
                    lhs.add_mul(-1.0, e);
                }
                self.constraints.push(lhs.leq(supply));
            }
        }
    }

    /// The days of the groups of `entries`, sorted.
    fn days_of(&self, shaped: &[Shaped], entries: &[(usize, Variable)]) -> Vec<usize> {
        let mut d: Vec<usize> = entries.iter().map(|&(i, _)| self.group(&shaped[i]).day).collect();
        d.sort_unstable();
        d.dedup();
        d
    }

    /// Whether the carer counts for `family` on any of `days`.
    fn eligible(&self, c: &CarerSupply, days: &[usize], family: &Family) -> bool {
        self.dropped == Some(Rule::Skills) || days.iter().any(|&d| c.meets_any(d, family))
    }

    /// Daily and weekly hours.
    fn hours(&mut self, shaped: &[Shaped]) {
        let mut days: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, s) in shaped.iter().enumerate() {
            days.entry(self.group(s).day).or_default().push(i);
        }
        // Per carer and day: the most care minutes the carer can give visits of that date.
        let reach: BTreeMap<usize, (f64, f64)> = days
            .iter()
            .map(|(&d, list)| {
                let from = list.iter().map(|&i| shaped[i].earliest).fold(f64::INFINITY, f64::min);
                let to = list
                    .iter()
                    .map(|&i| shaped[i].latest + self.group(&shaped[i]).duration)
                    .fold(f64::NEG_INFINITY, f64::max);
                (d, (from, to))
            })
            .collect();
        let day_cap = |c: &CarerSupply, d: usize| -> f64 {
            let (from, to) = reach[&d];
            let avail = if self.dropped == Some(Rule::Availability) { to - from } else { c.available(from, to) };
            c.day_cap.map_or(avail, |cap| cap.min(avail))
        };
        let families = self.families.clone();
        let mut week_lhs: Vec<Expression> = families.iter().map(|_| Expression::from(0.0)).collect();
        let mut week_most = vec![0.0; families.len()];
        let mut week_travel = Expression::from(0.0);
        let mut commutes = 0.0;
        for (&d, list) in &days {
            let day_extra = self.extra_between(reach[&d]);
            for (f, family) in families.iter().enumerate() {
                let mut lhs = Expression::from(0.0);
                let mut most = 0.0;
                for &i in list {
                    let g = self.group(&shaped[i]);
                    if family[g.need] {
                        lhs.add_mul(g.seats as f64 * g.duration, self.y[i]);
                        week_lhs[f].add_mul(g.seats as f64 * g.duration, self.y[i]);
                        most += g.seats as f64 * g.duration * g.count as f64;
                    }
                }
                week_most[f] += most;
                let supply: f64 =
                    self.r.supply.iter().filter(|c| self.eligible(c, &[d], family)).map(|c| day_cap(c, d)).sum();
                if most > supply + 1e-9 {
                    self.constraints.push((lhs - day_extra.clone()).leq(supply));
                }
            }
            // Care and travel against the carers' daily limits, less the trips that start rounds.
            let working: Vec<&CarerSupply> = self.r.supply.iter().filter(|c| day_cap(c, d) > 0.0).collect();
            let mut trips: Vec<f64> = Vec::new();
            let mut lhs = Expression::from(0.0);
            for &i in list {
                let g = self.group(&shaped[i]);
                lhs.add_mul(g.seats as f64 * (g.duration + shaped[i].travel), self.y[i]);
                week_travel.add_mul(g.seats as f64 * (g.duration + shaped[i].travel), self.y[i]);
                trips.extend(std::iter::repeat_n(shaped[i].travel, (g.seats * g.count) as usize));
            }
            trips.sort_by(|a, b| b.partial_cmp(a).expect("finite travel"));
            let commute: f64 = trips.iter().take(working.len()).sum();
            commutes += commute;
            if working.iter().all(|c| c.day_cap.is_some()) {
                let cap: f64 = working.iter().map(|c| c.day_cap.unwrap_or(0.0)).sum();
                self.constraints.push((lhs - day_extra).leq(cap + commute));
            }
        }
        let all_extra = self.extra_between((f64::NEG_INFINITY, f64::INFINITY));
        let all_days: Vec<usize> = days.keys().copied().collect();
        for (f, family) in families.iter().enumerate() {
            let supply: f64 = self
                .r
                .supply
                .iter()
                .filter(|c| self.eligible(c, &all_days, family))
                .map(|c| {
                    let days_sum: f64 = all_days.iter().map(|&d| day_cap(c, d)).sum();
                    c.week_cap.map_or(days_sum, |w| w.min(days_sum))
                })
                .sum();
            if week_most[f] > supply + 1e-9 {
                self.constraints.push((week_lhs[f].clone() - all_extra.clone()).leq(supply));
            }
        }
        let working: Vec<&CarerSupply> =
            self.r.supply.iter().filter(|c| all_days.iter().any(|&d| day_cap(c, d) > 0.0)).collect();
        if working.iter().all(|c| c.week_cap.is_some()) {
            let cap: f64 = working.iter().map(|c| c.week_cap.unwrap_or(0.0)).sum();
            self.constraints.push((week_travel - all_extra).leq(cap + commutes));
        }
    }

    /// The extra minutes of slots inside `[from, to)`.
    fn extra_between(&self, (from, to): (f64, f64)) -> Expression {
        let mut e = Expression::from(0.0);
        for (&t, &v) in &self.extra {
            let (a, b) = (t as f64 * self.r.slot, (t + 1) as f64 * self.r.slot);
            if b > from && a < to {
                e.add_mul(1.0, v);
            }
        }
        e
    }

    fn finish(self) -> Result<Outcome, BoundError> {
        let variables = self.y.len() + self.by_slot.values().map(Vec::len).sum::<usize>() + self.extra.len();
        let constraints = self.constraints.len();
        if self.y.is_empty() {
            return Ok(Outcome { value: 0.0, variables, constraints });
        }
        let groups = &self.r.demand.groups;
        let objective: Expression = match self.goal {
            Goal::Unplaced => {
                let mut o = Expression::with_capacity(self.y.len());
                for (&y, &g) in self.y.iter().zip(&self.y_group) {
                    o.add_mul(-(groups[g].seats as f64), y);
                }
                o
            }
            Goal::ExtraMinutes => self.extra.values().fold(Expression::from(0.0), |mut e, &v| {
                e.add_mul(1.0, v);
                e
            }),
            Goal::Concurrency => Expression::from(self.peak.expect("a concurrency program has a peak")),
        };
        let seats: f64 = self.y_group.iter().map(|&g| groups[g].total_seats() as f64).sum();
        let mut model = self.vars.minimise(objective.clone()).using(microlp);
        for c in self.constraints {
            model = model.with(c);
        }
        let solution = model.solve().map_err(|e| BoundError::Solver(e.to_string()))?;
        let value = objective.eval_with(&solution);
        let value = if self.goal == Goal::Unplaced { seats + value } else { value };
        Ok(Outcome { value, variables, constraints })
    }
}
