//! The hard rules, one per file. Each is a type implementing [`Rule`], registered in [`RULES`];
//! adding a rule touches its own file and one line here. Every rule's exact semantics and its
//! source in the council seeds are in `docs/checker.md`.

mod apart;
mod availability;
mod breaks;
mod cancelled;
mod capacity;
mod commute;
mod conservation;
mod continuity;
mod duration;
mod exclusions;
mod hours;
mod links;
mod optional;
mod out_of_hours;
mod overlap;
mod preferences;
mod rest;
mod seats;
mod skills;
mod spacing;
mod stated_times;
mod time_critical;
mod travel;
mod windows;

use super::timeline::Context;
use super::Violation;

/// A hard rule of the checker.
pub trait Rule: Sync {
    /// The violation codes this rule can report (most rules have one).
    fn codes(&self) -> &'static [&'static str];
    /// Append a violation to `out` for every place the rota breaks the rule.
    fn check(&self, ctx: &Context, out: &mut Vec<Violation>);
}

/// Every rule, in the order reports list them.
pub static RULES: &[&dyn Rule] = &[
    &conservation::Conservation,
    &cancelled::Cancelled,
    &optional::Optional,
    &skills::Skills,
    &availability::Availability,
    &commute::Commute,
    &windows::Windows,
    &time_critical::TimeCritical,
    &seats::Seats,
    &links::Links,
    &spacing::Spacing,
    &overlap::Overlap,
    &travel::TravelTime,
    &duration::Duration,
    &stated_times::StatedTimes,
    &hours::Hours,
    &breaks::Breaks,
    &rest::Rest,
    &exclusions::Exclusions,
    &preferences::Preferences,
    &out_of_hours::OutOfHours,
    &continuity::Continuity,
    &capacity::Capacity,
    &apart::Apart,
];

/// Every violation code the checker can report, in report order.
pub fn codes() -> Vec<&'static str> {
    RULES.iter().flat_map(|r| r.codes().iter().copied()).collect()
}
