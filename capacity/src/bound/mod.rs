//! Lower bounds that hold for every rota of a problem (`docs/capacity.md` gives the formulation
//! and why each part is valid).
//!
//! The bound relaxes the problem: it keeps the rules that limit *how much* care the carers can
//! give, and when (start windows, availability, daily and weekly hours with a travel lower
//! bound, skills and required preferences, all seats of a multi-handed visit), and drops those
//! that only limit *which* rota (order, continuity, exclusions, links, spacing, rest). Any rota
//! that meets every hard rule gives a solution of the relaxation with the same seats placed, so
//! the relaxation's optimum can only place more: its unplaced seats are a lower bound.

mod chains;
mod demand;
mod families;
mod forced;
mod lp;
mod supply;

use crate::band::{hhmm, Bands};
use chains::{chain_bound, rounds_needed, Trips};
use chrono::NaiveDate;
use demand::{Demand, Group};
use forced::{forced, Forced};
use lp::{Goal, Relaxation};
use rota::model::Problem;
use rota::travel::Travel;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::time::Instant;

/// Options of [`bound()`].
#[derive(Clone, Debug)]
pub struct BoundOptions {
    /// The bands results are reported by.
    pub bands: Bands,
    /// Length of a time slot of the relaxation, minutes (divides 1,440). Shorter slots give a
    /// tighter bound and a larger linear program.
    pub slot_min: u32,
    /// Also find which rules make each positive bound bind, by solving again with each rule
    /// dropped (a few more linear programs for each).
    pub explain: bool,
}

impl Default for BoundOptions {
    fn default() -> Self {
        BoundOptions { bands: Bands::default(), slot_min: 30, explain: true }
    }
}

/// A rule of the relaxation, named when it makes a bound bind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Visits start inside their windows (punctuality, time-critical tolerance, explicit window).
    Windows,
    /// Care happens inside carers' availability windows.
    Availability,
    /// Carers' daily and weekly hours, travel between visits included.
    Hours,
    /// Skills valid on the date, and required gender or language preferences.
    Skills,
    /// The travel a visit needs before it, from the nearest other client visited that day.
    Travel,
}

impl Rule {
    /// All rules, in report order.
    pub const ALL: [Rule; 5] = [Rule::Windows, Rule::Availability, Rule::Hours, Rule::Skills, Rule::Travel];

    /// The rule's name, as written in reports.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Windows => "windows",
            Rule::Availability => "availability",
            Rule::Hours => "hours",
            Rule::Skills => "skills",
            Rule::Travel => "travel",
        }
    }
}

/// What [`bound()`] found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CapacityBound {
    /// The problem's name.
    pub problem: String,
    /// Seats in the week (sum of `carers_required`).
    pub seats: u64,
    /// No rota places more than `seats - unplaced` seats: at least this many stay unplaced.
    pub unplaced: u64,
    /// The rules that make some band's or day's bound bind (empty when the bound is 0 or when
    /// not explained). The week's bound is the larger of the whole week's linear program and the
    /// sum of the bands' bounds (bands hold disjoint visits, so their bounds add up).
    pub binding: Vec<Rule>,
    /// The bands of the day used below.
    pub day_bands: Bands,
    /// The same bound per day and band: at least `unplaced` of the band's seats stay unplaced
    /// in every rota, even if every other band's seats were dropped.
    pub bands: Vec<BandBound>,
    /// Lower bounds on the workforce the week needs to place every seat.
    pub carers: CarersBound,
    /// Size and time of the linear programs.
    pub lp: LpStats,
}

/// The bound for one day and band. A visit belongs to the band that holds its target start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandBound {
    /// The date.
    pub date: NaiveDate,
    /// The band's name.
    pub band: String,
    /// First minute, `"HH:MM"`.
    pub start: String,
    /// End, `"HH:MM"`.
    pub end: String,
    /// Seats of visits targeted in the band.
    pub seats: u64,
    /// At least this many of them stay unplaced in every rota.
    pub unplaced: u64,
    /// At least this many more carer-hours on shift in the band (on this date), of carers who
    /// could do any visit, are needed to place every seat of the band.
    pub extra_carer_hours: f64,
    /// The rules that make `unplaced` bind (when explained).
    pub binding: Vec<Rule>,
}

/// Lower bounds on the carers the week needs to place every seat.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CarersBound {
    /// Carers in the problem.
    pub have: u64,
    /// No rota places every seat with fewer carers than this, whatever their shifts: the most
    /// seats that must be on site at once (each seat is a distinct carer); the most rounds one
    /// date's seats need, chained by their windows and travel (one round per carer a date); or
    /// the week's care hours over the most hours any one carer may work in a week, whichever is
    /// largest.
    pub needed: u64,
    /// Which of the three sets `needed`: `"on site at once"`, `"rounds in a day"` or
    /// `"weekly hours"`.
    pub binding: String,
    /// Hours of care the week holds (seats × minutes on site), travel not counted.
    pub care_hours: f64,
}

/// Size and time of the linear programs solved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LpStats {
    /// Linear programs solved.
    pub solved: u32,
    /// Variables of the main one.
    pub variables: usize,
    /// Constraints of the main one.
    pub constraints: usize,
    /// Seconds in all.
    pub seconds: f64,
}

/// Why a bound could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum BoundError {
    /// The options are invalid.
    #[error("{0}")]
    Options(String),
    /// The LP solver failed (it should not: the relaxation is always feasible).
    #[error("the linear program could not be solved: {0}")]
    Solver(String),
}

/// Lower bounds for `problem`, whose `travel` matrices give the travel lower bound. The problem
/// must be valid and normalised, as [`rota::format::load_problem`] returns it.
pub fn bound(problem: &Problem, travel: &Travel, options: &BoundOptions) -> Result<CapacityBound, BoundError> {
    if options.slot_min == 0 || 1440 % options.slot_min != 0 {
        return Err(BoundError::Options(format!("a slot of {} min does not divide the day", options.slot_min)));
    }
    let started = Instant::now();
    let demand = demand::demand(problem, travel, &options.bands);
    let supply = supply::supply(problem, &demand.needs);
    let mut search = Search {
        relax: Relaxation { demand: &demand, supply: &supply, slot: options.slot_min as f64 },
        trips: Trips::new(problem, travel),
        solved: 0,
    };
    let mut bands = Vec::new();
    let mut band_sum = 0;
    let mut binding: BTreeSet<Rule> = BTreeSet::new();
    let mut peak = 0;
    for day in 0..7 {
        for (b, band) in options.bands.0.iter().enumerate() {
            let subset: Vec<usize> = (0..demand.groups.len())
                .filter(|&g| demand.groups[g].day == day && demand.groups[g].band == b)
                .collect();
            if subset.is_empty() {
                continue;
            }
            let (unplaced, forced) = search.unplaced(&subset, None)?;
            peak = peak.max(forced.peak);
            let (extra, rules) = if unplaced > 0 {
                let extra = search.relax.solve(&subset, Goal::ExtraMinutes, None)?.value;
                search.solved += 1;
                let rules = if options.explain { search.binding(&subset, unplaced)? } else { Vec::new() };
                (extra, rules)
            } else {
                (0.0, Vec::new())
            };
            binding.extend(rules.iter().copied());
            band_sum += unplaced;
            bands.push(BandBound {
                date: date(problem, day),
                band: band.name.clone(),
                start: hhmm(band.start),
                end: hhmm(band.end),
                seats: subset.iter().map(|&g| demand.groups[g].total_seats()).sum(),
                unplaced,
                extra_carer_hours: (extra / 60.0 * 100.0).ceil() / 100.0,
                binding: rules,
            });
        }
    }
    // Each date alone, with every rule; days hold disjoint visits, so their bounds add up.
    let mut day_sum = 0;
    let mut at_once = peak;
    let mut rounds = 0;
    for day in 0..7 {
        let subset: Vec<usize> = (0..demand.groups.len()).filter(|&g| demand.groups[g].day == day).collect();
        if !subset.is_empty() {
            let unplaced = search.unplaced(&subset, None)?.0;
            // Rules that bind only across bands (daily hours) show here.
            let bands_of_day: u64 = bands.iter().filter(|b| b.date == date(problem, day)).map(|b| b.unplaced).sum();
            if options.explain && unplaced > bands_of_day {
                binding.extend(search.binding(&subset, unplaced)?);
            }
            day_sum += unplaced;
            at_once = at_once.max(search.concurrency(&subset)?);
            rounds = rounds.max(rounds_needed(&demand, &search.trips, &subset));
        }
    }
    // The whole week, for the weekly hours that join the days.
    let all: Vec<usize> = (0..demand.groups.len()).collect();
    let whole = search.relax.solve(&all, Goal::Unplaced, None)?;
    search.solved += 1;
    let week = (impossible_seats(&demand, &all) + ceil(whole.value)).max(band_sum).max(day_sum);
    let carers = carers_bound(problem, &demand, at_once, rounds);
    Ok(CapacityBound {
        problem: problem.name.clone(),
        seats: demand.groups.iter().map(Group::total_seats).sum(),
        unplaced: week,
        binding: if week > 0 { binding.into_iter().collect() } else { Vec::new() },
        day_bands: options.bands.clone(),
        bands,
        carers,
        lp: LpStats {
            solved: search.solved,
            variables: whole.variables,
            constraints: whole.constraints,
            seconds: started.elapsed().as_secs_f64(),
        },
    })
}

/// The date of day `day` (0 = Monday) of the problem's week.
fn date(problem: &Problem, day: usize) -> NaiveDate {
    problem.week_start + chrono::Days::new(day as u64)
}

/// The smallest whole number not below `x`, allowing for the LP solver's rounding.
fn ceil(x: f64) -> u64 {
    (x - 1e-6 * (1.0 + x.abs())).ceil().max(0.0) as u64
}

/// Seats of groups in `subset` that no start time fits.
fn impossible_seats(demand: &Demand, subset: &[usize]) -> u64 {
    subset.iter().map(|&g| &demand.groups[g]).filter(|g| g.impossible()).map(Group::total_seats).sum()
}

/// The linear programs of one bound, counted.
struct Search<'a> {
    relax: Relaxation<'a>,
    trips: Trips<'a>,
    solved: u32,
}

impl Search<'_> {
    /// Seats of `subset` that stay unplaced in every rota, with `dropped` left out of the rules:
    /// the impossible ones, plus the largest of the LP's, forced overlap's and the chain cover's
    /// bounds.
    fn unplaced(&mut self, subset: &[usize], dropped: Option<Rule>) -> Result<(u64, Forced), BoundError> {
        let lp = self.relax.solve(subset, Goal::Unplaced, dropped)?;
        self.solved += 1;
        let f = forced(self.relax.demand, self.relax.supply, subset, dropped);
        let chains = chain_bound(self.relax.demand, self.relax.supply, &self.trips, subset, dropped);
        let impossible = if dropped == Some(Rule::Windows) { 0 } else { impossible_seats(self.relax.demand, subset) };
        Ok((impossible + ceil(lp.value).max(f.unplaced).max(chains), f))
    }

    /// The most seats on site at once among the possible visits of `subset`, every seat placed.
    fn concurrency(&mut self, subset: &[usize]) -> Result<u64, BoundError> {
        let possible: Vec<usize> =
            subset.iter().copied().filter(|&g| !self.relax.demand.groups[g].impossible()).collect();
        self.solved += 1;
        Ok(ceil(self.relax.solve(&possible, Goal::Concurrency, None)?.value))
    }

    /// The rules without which the bound of `subset` falls below `unplaced`.
    fn binding(&mut self, subset: &[usize], unplaced: u64) -> Result<Vec<Rule>, BoundError> {
        let mut out = Vec::new();
        for rule in Rule::ALL {
            if self.unplaced(subset, Some(rule))?.0 < unplaced {
                out.push(rule);
            }
        }
        Ok(out)
    }
}

/// Carers the week needs: `at_once`, the most seats on site at once (LP and forced overlap);
/// `rounds`, the most rounds one date's seats need (chain cover); or the week's care hours
/// over the most a carer may work in a week, whichever is largest.
fn carers_bound(problem: &Problem, demand: &Demand, at_once: u64, rounds: u64) -> CarersBound {
    let possible: Vec<usize> = (0..demand.groups.len()).filter(|&g| !demand.groups[g].impossible()).collect();
    let care: f64 = possible.iter().map(|&g| &demand.groups[g]).map(|g| g.total_seats() as f64 * g.duration).sum();
    let most_week = problem
        .carers
        .iter()
        .map(|c| c.max_hours_per_week.map_or(7.0 * 1440.0, |h| h * 60.0))
        .fold(0.0, f64::max)
        .max(if problem.carers.is_empty() { 7.0 * 1440.0 } else { 0.0 });
    let by_hours = ceil(care / most_week.max(1.0));
    let (needed, binding) = [(at_once, "on site at once"), (rounds, "rounds in a day"), (by_hours, "weekly hours")]
        .into_iter()
        .fold((0, "on site at once"), |best, c| if c.0 > best.0 { c } else { best });
    CarersBound {
        have: problem.carers.len() as u64,
        needed,
        binding: binding.to_string(),
        care_hours: (care / 60.0 * 100.0).round() / 100.0,
    }
}
