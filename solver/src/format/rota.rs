//! The rota: who does which visit, when, and in what order; and what could not be placed.

use crate::time::ClockTime;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A week's rota for a problem.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rota {
    /// Format version, `"1.0"`.
    pub format_version: String,
    /// The name of the problem this rota answers.
    #[serde(default)]
    pub problem: String,
    /// One round per carer and date that has work, ordered by carer then date.
    pub rounds: Vec<Round>,
    /// Every visit seat not scheduled, with the reason.
    #[serde(default)]
    pub unassigned: Vec<Unassigned>,
    /// How the rota was made (algorithm, seed, time); informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made_by: Option<MadeBy>,
}

/// One carer's ordered visits on one date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// The carer.
    pub carer: String,
    /// The date the round starts on. Times past 24:00 fall on the next day.
    pub date: NaiveDate,
    /// The visits in the order the carer makes them.
    pub visits: Vec<PlannedVisit>,
    /// Travel from the last visit to the carer's end location, minutes.
    #[serde(default, serialize_with = "whole_or_fraction")]
    pub return_travel_min: f64,
}

/// A visit as planned in a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedVisit {
    /// The visit.
    pub visit: String,
    /// Planned start of care.
    pub start: ClockTime,
    /// Planned end of care (start + duration).
    pub end: ClockTime,
    /// Travel before this visit (from the previous visit, or from the round's start location),
    /// minutes. Whole minutes in care rotas; benchmark rotas may have a fraction.
    #[serde(serialize_with = "whole_or_fraction")]
    pub travel_min: f64,
    /// Waiting before this visit: time between arriving and starting, minutes.
    #[serde(serialize_with = "whole_or_fraction")]
    pub wait_min: f64,
}

/// Write whole minutes as integers (`12`, not `12.0`) and others to the millisecond.
fn whole_or_fraction<S: serde::Serializer>(m: &f64, s: S) -> Result<S::Ok, S::Error> {
    if m.fract() == 0.0 && m.abs() < 1e15 {
        s.serialize_i64(*m as i64)
    } else {
        s.serialize_f64(crate::time::round_to_tick(*m))
    }
}

/// Seats of a visit that are not scheduled, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unassigned {
    /// The visit.
    pub visit: String,
    /// How many of its seats are unassigned (1 to 3).
    #[serde(default = "one")]
    pub seats: u8,
    /// Why, as a code.
    pub reason: Reason,
    /// Why, in words, for the scheduler.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

fn one() -> u8 {
    1
}

/// Why a visit seat is unassigned. Each code reads as a sentence a scheduler acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// No carer holds every skill the visit needs (valid on its date).
    NoSkilledCarer,
    /// Skilled carers exist, but none is available in the visit's window.
    NoCarerAvailable,
    /// A multi-carer visit found a first carer but no second (or third) free at that time.
    NoSecondCarer,
    /// Every eligible carer would take the client past the continuity cap.
    ContinuityCap,
    /// The client refuses, or requires a preference no free carer meets.
    ClientPreference,
    /// Placing it would break a carer's daily or weekly hours, a break rule, their daily or
    /// weekly rest, or the travel between their rounds.
    WorkingTime,
    /// Its links to other visits (synchronisation, precedence, spacing) cannot be met.
    LinkConflict,
    /// Its own window leaves no start time: a time-critical call whose window misses the
    /// profile's tolerance around its target.
    WindowConflict,
    /// Feasible carers exist, but their rounds are full: not enough capacity.
    NoCapacity,
    /// Left out on purpose by the user (e.g. the client is in hospital).
    Cancelled,
    /// The solve was stopped (interrupted, or out of time) before it tried to place the visit;
    /// a longer or uninterrupted solve may place it.
    NotAttempted,
    /// An optional visit (`optional` in the problem) left out, at the price of
    /// `objective.optional_visit_missed`.
    Optional,
}

impl Reason {
    /// The code as written in files.
    pub fn code(self) -> &'static str {
        match self {
            Reason::NoSkilledCarer => "no_skilled_carer",
            Reason::NoCarerAvailable => "no_carer_available",
            Reason::NoSecondCarer => "no_second_carer",
            Reason::ContinuityCap => "continuity_cap",
            Reason::ClientPreference => "client_preference",
            Reason::WorkingTime => "working_time",
            Reason::LinkConflict => "link_conflict",
            Reason::WindowConflict => "window_conflict",
            Reason::NoCapacity => "no_capacity",
            Reason::Cancelled => "cancelled",
            Reason::NotAttempted => "not_attempted",
            Reason::Optional => "optional",
        }
    }
}

/// How a rota was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MadeBy {
    /// The tool and version, e.g. `"rota 0.1.0"`.
    pub tool: String,
    /// The algorithm, e.g. `"greedy"`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub algorithm: String,
    /// The random seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Wall-clock seconds taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    /// Search threads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
    /// The work budget per thread that ended the search, when one did: the same problem,
    /// seed, threads and `rota solve --work` give this rota again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<u64>,
    /// The iterations per thread that ended the search, when they did: the same problem,
    /// seed, threads and `rota solve --iterations` give this rota again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iterations: Option<u64>,
    /// What ended the solve; absent when nothing cut it short and it has no search (the
    /// greedy baseline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<Stop>,
    /// Whether the same problem, seed, threads and budget give this rota again: true when a
    /// budget (`work`, `iterations`) ended the solve or it has no search, false when the clock
    /// or an interruption did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeatable: Option<bool>,
}

/// What ended a solve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// The search did the iterations per thread asked for: repeatable.
    Iterations,
    /// The search's work budget ran out: repeatable.
    Work,
    /// The time limit ended it before its budget ran out: another run may give another rota.
    Clock,
    /// It was interrupted (Ctrl-C, SIGTERM, or [`crate::solve::Cancel`]): the rota is the best
    /// found until then, and visits not yet tried are unassigned as `not_attempted`.
    Interrupted,
}

impl Stop {
    /// Whether a run that ended so is repeatable: a budget ended it, not the clock or an
    /// interruption.
    pub fn repeatable(self) -> bool {
        matches!(self, Stop::Iterations | Stop::Work)
    }
}

impl Rota {
    /// An empty rota (no rounds, nothing unassigned) for the named problem.
    pub fn empty(problem: &str) -> Rota {
        Rota {
            format_version: crate::model::FORMAT_VERSION.to_string(),
            problem: problem.to_string(),
            rounds: Vec::new(),
            unassigned: Vec::new(),
            made_by: None,
        }
    }
}
