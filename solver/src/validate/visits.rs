//! Visits: durations, carers required, priority, windows, dates, short calls and the billing
//! grid of the client's profile.

use super::Context;
use crate::format::Findings;
use crate::model::{UnitGrid, Visit};
use crate::time::ClockTime;

/// `non_positive_duration`, `carers_required_out_of_range`, `invalid_value` (priority),
/// `window_ends_before_start`, `target_outside_window`, `window_misses_tolerance`,
/// `date_outside_week`, `short_call_not_authorised`, `off_unit_grid`, `invalid_value` (an
/// `optional_group` on a visit that is not optional), and the rules of several start windows ([`start_windows`]).
pub(super) fn check(cx: &Context, f: &mut Findings) {
    for (i, v) in cx.p.visits.iter().enumerate() {
        let id = Some(v.id.as_str());
        let at = |field: &str| format!("$.visits[{i}].{field}");
        if v.duration_min <= 0 {
            f.error(
                at("duration_min"),
                id,
                "non_positive_duration",
                format!("visit {:?} lasts {} minutes; a visit must last at least one minute", v.id, v.duration_min),
            );
        } else if v.duration_min > super::MAX_DURATION_MIN {
            f.error(
                at("duration_min"),
                id,
                "invalid_value",
                format!(
                    "visit {:?} lasts {} minutes; a visit lasts at most {} minutes (a day)",
                    v.id,
                    v.duration_min,
                    super::MAX_DURATION_MIN
                ),
            );
        }
        if !(1..=3).contains(&v.carers_required) {
            f.error(
                at("carers_required"),
                id,
                "carers_required_out_of_range",
                format!("visit {:?} needs {} carers; a visit needs 1, 2 or 3", v.id, v.carers_required),
            );
        }
        if v.priority == 0 {
            f.error(
                at("priority"),
                id,
                "invalid_value",
                format!("visit {:?} has priority 0; priorities start at 1", v.id),
            );
        }
        if let Some(w) = &v.window {
            if w.latest < w.earliest {
                f.error(
                    at("window"),
                    id,
                    "window_ends_before_start",
                    format!("visit {:?} has a window ending at {} before it opens at {}", v.id, w.latest, w.earliest),
                );
            } else if v.start < w.earliest || v.start > w.latest {
                f.warning(
                    at("start"),
                    id,
                    "target_outside_window",
                    format!(
                        "visit {:?} has its target start {} outside its window {}-{}",
                        v.id, v.start, w.earliest, w.latest
                    ),
                );
            }
        }
        start_windows(v, i, f);
        if v.optional_group.is_some() && !v.optional {
            f.error(
                at("optional_group"),
                id,
                "invalid_value",
                format!("visit {:?} is in an optional group but is not optional (set `optional`)", v.id),
            );
        }
        if let Some(week) = &cx.week {
            if week.day_index(v.date).is_none() {
                f.error(
                    at("date"),
                    id,
                    "date_outside_week",
                    format!("visit {:?} is on {}, outside the week of {}", v.id, v.date, week.monday()),
                );
            }
        }
        // A visit of an unknown client, or of a client with an unknown profile, has been
        // reported already; its profile rules are skipped.
        if let Some(profile) = cx.profile_of_client(&v.client) {
            time_critical_window(v, profile.time_critical_tolerance_min, &at("window"), f);
            let short = profile.short_call_max_min.filter(|&m| v.duration_min > 0 && v.duration_min <= m);
            if let Some(max) = short {
                if !v.short_call_authorised {
                    f.error(
                        at("duration_min"),
                        id,
                        "short_call_not_authorised",
                        format!(
                            "visit {:?} is a {}-minute call; profile {:?} allows calls of {max} minutes or less only \
                             when the council agreed them (set short_call_authorised)",
                            v.id, v.duration_min, profile.name
                        ),
                    );
                }
            }
            // A short call is judged by the short-call rule above (authorised or reported), not
            // also warned about as off the grid.
            if let Some(grid) = &profile.visit_units {
                if v.duration_min > 0 && short.is_none() && !on_grid(v, grid) {
                    f.warning(
                        at("duration_min"),
                        id,
                        "off_unit_grid",
                        format!(
                            "visit {:?} lasts {} minutes, off profile {:?}'s billing grid of {} minutes plus steps of {}",
                            v.id, v.duration_min, profile.name, grid.minimum_min, grid.step_min
                        ),
                    );
                }
            }
        }
    }
}

/// The rules of several start windows ([`Visit::windows`]): `conflicting_windows` for a visit
/// that also gives `window` or its own `due`; `window_ends_before_start`; `overlapping_windows`
/// for a window that does not start after the one before it ends (the windows go in time
/// order); `due_outside_window` for a window's `due` outside it; and `target_outside_window` (a
/// warning) for a target start in none of them.
fn start_windows(v: &Visit, i: usize, f: &mut Findings) {
    if v.windows.is_empty() {
        return;
    }
    let id = Some(v.id.as_str());
    let at = |field: &str| format!("$.visits[{i}].{field}");
    if v.window.is_some() {
        let message = format!("visit {:?} gives both `window` and `windows`; give one or the other", v.id);
        f.error(at("window"), id, "conflicting_windows", message);
    }
    if v.due.is_some() {
        let message = format!("visit {:?} gives `windows` and its own `due`; give each window's `due` instead", v.id);
        f.error(at("due"), id, "conflicting_windows", message);
    }
    for (j, w) in v.windows.iter().enumerate() {
        let here = at(&format!("windows[{j}]"));
        if w.latest < w.earliest {
            let message =
                format!("visit {:?} has a window ending at {} before it opens at {}", v.id, w.latest, w.earliest);
            f.error(&here, id, "window_ends_before_start", message);
        }
        if let Some(prev) = j.checked_sub(1).map(|p| v.windows[p]) {
            if w.earliest <= prev.latest {
                let message = format!(
                    "visit {:?}'s window {}-{} does not start after the window before it ends ({}-{}): windows \
                     go in time order without overlapping",
                    v.id, w.earliest, w.latest, prev.earliest, prev.latest
                );
                f.error(&here, id, "overlapping_windows", message);
            }
        }
        if let Some(due) = w.due.filter(|d| *d < w.earliest || *d > w.latest) {
            let message =
                format!("visit {:?} has a due time {due} outside its window {}-{}", v.id, w.earliest, w.latest);
            f.error(format!("{here}.due"), id, "due_outside_window", message);
        }
    }
    if !v.windows.iter().any(|w| v.start >= w.earliest && v.start <= w.latest) {
        let message = format!("visit {:?} has its target start {} outside every one of its windows", v.id, v.start);
        f.warning(at("start"), id, "target_outside_window", message);
    }
}

/// `window_misses_tolerance`: a time-critical visit must start within `tol` minutes of its
/// target and inside its window; when the two do not overlap it can never be placed (the solver
/// lists it unassigned as `window_conflict`).
fn time_critical_window(v: &Visit, tol: i32, at: &str, f: &mut Findings) {
    let Some(w) = v.window_hull().filter(|w| v.time_critical && w.earliest <= w.latest) else { return };
    let tol = crate::time::minutes(tol);
    let target = v.start.ticks();
    let meets = |earliest: ClockTime, latest: ClockTime| {
        (target - tol).max(earliest.ticks()) <= (target + tol).min(latest.ticks())
    };
    let some_start = match v.windows.is_empty() {
        true => meets(w.earliest, w.latest),
        false => v.windows.iter().any(|x| meets(x.earliest, x.latest)),
    };
    if !some_start {
        f.warning(
            at,
            Some(&v.id),
            "window_misses_tolerance",
            format!(
                "visit {:?} is time-critical (start within {} min of {}), but its window {}-{} leaves no such \
                 start: it cannot be placed",
                v.id,
                tol / crate::time::MINUTE,
                v.start,
                w.earliest,
                w.latest
            ),
        );
    }
}

/// Whether the visit's length is `minimum + k × step` for some k ≥ 0. A grid with a step of 0
/// or less (reported with the profile) admits only its minimum.
fn on_grid(v: &Visit, grid: &UnitGrid) -> bool {
    let above = i64::from(v.duration_min) - i64::from(grid.minimum_min);
    if above < 0 {
        return false;
    }
    if grid.step_min <= 0 {
        return above == 0;
    }
    above % i64::from(grid.step_min) == 0
}
