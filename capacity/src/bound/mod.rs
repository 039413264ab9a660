//! Lower bounds that hold for every rota of a problem (`docs/capacity.md` gives the formulation
//! and why each part is valid).
//!
//! The bound relaxes the problem: it keeps the rules that limit *how much* care the carers can
//! give, and when (start windows, availability, daily and weekly hours with a travel lower
//! bound, skills and required preferences, all seats of a multi-handed visit), and drops those
//! that only limit *which* rota (order, continuity, exclusions, links, spacing, rest). Any rota
//! that meets every hard rule gives a solution of the relaxation with the same seats placed, so
//! the relaxation's optimum can only place more: its unplaced seats are a lower bound.

use crate::band::{hhmm, Bands};
use chrono::NaiveDate;
use rota::model::Problem;
use rota::travel::Travel;
use serde::{Deserialize, Serialize};

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
    /// The rules that make [`CapacityBound::unplaced`] bind (empty when it is 0 or when not
    /// explained).
    pub binding: Vec<Rule>,
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
    /// seats that must be on site at once, or the week's care and travel hours over the most
    /// hours a carer may work, whichever is larger.
    pub needed: u64,
    /// Which of the two sets `needed`: `"on site at once"` or `"weekly hours"`.
    pub binding: String,
    /// At least this many carer-hours of care and travel the week needs.
    pub carer_hours: f64,
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
    let _ = (problem, travel, options, hhmm);
    todo!("being written")
}
