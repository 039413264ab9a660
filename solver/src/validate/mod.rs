//! Validation of problem and rota files: every rule a file must meet before it is used.
//!
//! [`problem()`] and [`rota()`] run after the JSON has been read element by element
//! ([`crate::format`]), so they see every well-formed item. Each check records its findings in
//! a [`Findings`] and never stops at the first: a file with ten mistakes gets ten findings. Each
//! finding has a JSON path to the offending value (`$.visits[3].client`, the index being the
//! position in the list), the id of the offending item (visit, client, carer, profile name…) and
//! one of the stable codes below. Validation never panics, whatever the input.
//!
//! One kind of check lives in each file: `top` (format version, week), `ids` (duplicate ids),
//! `references` (ids that name nothing), `profiles` (profile names and values), `locations`
//! (coordinates), `visits` (durations, windows, dates, short calls, billing grid), `carers`
//! (availability), `hours` (hours limits, break rules), `links` (links between visits,
//! including cycles that no start times can meet), `objective` (weights) and `rota` (a rota file against its problem).
//!
//! # Codes
//!
//! | code | meaning | severity |
//! |---|---|---|
//! | `unsupported_version` | `format_version` is not `"1.0"` | error |
//! | `week_start_not_monday` | `week_start` is not a Monday (the rota week runs Monday to Sunday) | error |
//! | `duplicate_id` | a skill, client, carer or visit id is used twice in its list (the second use is reported) | error |
//! | `unknown_reference` | an id that names no client, skill, carer or visit (in a problem or a rota) | error |
//! | `unknown_profile` | a client's profile, or a profile's `base`, names no known profile | error |
//! | `window_ends_before_start` | a visit window whose `latest` is before `earliest`, or an availability whose `end` is not after `start` | error |
//! | `target_outside_window` | a visit's target `start` is outside its explicit window (or every one of its `windows`) | warning |
//! | `conflicting_windows` | a visit gives `windows` and also `window`, or `windows` and its own `due` (each window has its `due`) | error |
//! | `overlapping_windows` | one of a visit's `windows` does not start after the one before it ends (they go in time order) | error |
//! | `due_outside_window` | a window's `due` is before its `earliest` or after its `latest` | error |
//! | `window_misses_tolerance` | a time-critical visit whose window leaves no start within the profile's tolerance of its target: it cannot be placed | warning |
//! | `non_positive_duration` | a visit's `duration_min` is zero or negative | error |
//! | `carers_required_out_of_range` | a visit's `carers_required` is not 1, 2 or 3 | error |
//! | `invalid_value` | a value out of its range: empty id, priority 0, an `optional_group` on a visit that is not optional, negative or non-finite hours, a bad break rule, a bad profile value, a bad planned time or seat count in a rota | error |
//! | `bad_coordinates` | a location whose latitude is not in −90..90 or longitude not in −180..180 | error |
//! | `overlapping_availability` | two availability windows of one carer overlap | error |
//! | `date_outside_week` | a visit, availability or round date outside the rota week | error |
//! | `short_call_not_authorised` | a call no longer than the profile's short-call limit without `short_call_authorised` | error |
//! | `off_unit_grid` | a visit length off the profile's billing grid (short calls are left to the short-call rule) | warning |
//! | `conflicting_carers` | a client's key carer is one of their excluded carers | error |
//! | `excluded_preferred_carer` | a client both prefers and excludes a carer (the exclusion wins) | warning |
//! | `invalid_link` | a link from a visit to itself, or with `max_gap_min` below `min_gap_min` | error |
//! | `unsatisfiable_links` | links between visits that form a cycle no start times can meet | error |
//! | `link_window_conflict` | a link that the two visits' dates, targets and windows cannot meet | warning |
//! | `duplicate_round` | two rounds for the same carer and date in a rota | error |
//! | `wrong_date` | a rota plans a visit in a round on another date than the visit's | error |
//! | `problem_name_mismatch` | a rota names another problem than the one it is checked against | warning |
//! | `invalid_week_start` | `week_start` is so far in the past or future that the week cannot be computed | error |
//!
//! Values that make no sense in a week are `invalid_value` or `invalid_link`: a visit over
//! 1,440 minutes, or a link gap or profile tolerance beyond ±10,080 minutes (a week). The bounds
//! also keep every sum of minutes far from overflow.
//!
//! Reading errors found before validation (`malformed_json`, `wrong_type`, `missing_field`,
//! `unknown_field`, `invalid_value`, `unreadable_file`, `file_too_large`) are described in
//! [`crate::format`].

mod carers;
mod hours;
mod ids;
mod links;
mod locations;
mod objective;
mod profiles;
mod references;
mod rota;
mod top;
mod visits;

use crate::format::{Findings, Rota};
use crate::model::{ContractProfile, Problem, ProblemIndex};
use crate::time::Week;

/// Check a parsed problem; record every finding in `f`.
///
/// ```
/// use rota::format::Findings;
/// let text = r#"{"format_version":"2.0","week_start":"2026-11-30","clients":[],"carers":[],"visits":[]}"#;
/// let problem: rota::model::Problem = serde_json::from_str(text).unwrap();
/// let mut f = Findings::new("p.json");
/// rota::validate::problem(&problem, &mut f);
/// assert_eq!(f.list[0].code, "unsupported_version");
/// assert_eq!(f.list[0].path, "$.format_version");
/// ```
pub fn problem(problem: &Problem, f: &mut Findings) {
    let cx = Context::new(problem);
    top::check(&cx, f);
    ids::check(&cx, f);
    references::check(&cx, f);
    profiles::check(&cx, f);
    locations::check(&cx, f);
    visits::check(&cx, f);
    carers::check(&cx, f);
    hours::check(&cx, f);
    links::check(&cx, f);
    objective::check(&cx, f);
}

/// Check a parsed rota against its problem; record every finding in `f`.
///
/// Conservation (every visit seat scheduled once or unassigned) is not checked here: it is a
/// rule of the rota, checked by [`crate::check`].
pub fn rota(problem: &Problem, rota: &Rota, f: &mut Findings) {
    let cx = Context::new(problem);
    self::rota::check(&cx, rota, f);
}

/// What every check needs: the problem, lookups by id, the week and each client's profile.
struct Context<'a> {
    /// The problem being checked.
    p: &'a Problem,
    /// Lookups by id; where ids repeat, the first wins.
    index: ProblemIndex,
    /// The rota week (from the Monday on or before `week_start`); `None` if it cannot be
    /// computed, in which case date checks are skipped (`invalid_week_start` is reported).
    week: Option<Week>,
    /// The resolved profile of each client, in client order; `None` when it is unknown.
    client_profiles: Vec<Option<ContractProfile>>,
}

impl<'a> Context<'a> {
    fn new(p: &'a Problem) -> Context<'a> {
        Context {
            p,
            index: p.index(),
            week: top::week_of(p.week_start),
            client_profiles: p.clients.iter().map(|c| p.profile(&c.profile)).collect(),
        }
    }

    /// The profile of the client with this id, if the client and its profile are known.
    fn profile_of_client(&self, client: &str) -> Option<&ContractProfile> {
        let i = *self.index.clients.get(client)?;
        self.client_profiles.get(i)?.as_ref()
    }
}

/// The longest visit: a day. Longer values are errors, so that no later sum of minutes overflows.
pub const MAX_DURATION_MIN: i32 = 1440;

/// The largest link gap or profile tolerance, either way: a week.
pub const MAX_GAP_MIN: i32 = 7 * 1440;

/// `true` for a finite number that is zero or more.
fn non_negative(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}
