//! Contract profiles: every client names a known profile, and profiles defined in the problem
//! have a built-in base and sensible values.

use super::{non_negative, Context};
use crate::format::Findings;
use crate::model::profile::BUILT_IN;
use crate::model::{ContinuityRule, ProfileSpec};

/// `unknown_profile` and `invalid_value`.
pub(super) fn check(cx: &Context, f: &mut Findings) {
    let p = cx.p;
    for (i, c) in p.clients.iter().enumerate() {
        if !BUILT_IN.contains(&c.profile.as_str()) && !p.profiles.contains_key(&c.profile) {
            f.error(
                format!("$.clients[{i}].profile"),
                Some(&c.id),
                "unknown_profile",
                format!(
                    "client {:?} names profile {:?}, which is neither built in ({}) nor defined under `profiles`",
                    c.id,
                    c.profile,
                    BUILT_IN.join(", ")
                ),
            );
        }
    }
    for (name, spec) in &p.profiles {
        profile(name, spec, f);
    }
}

/// The longest hospital keep-open or notice period a profile may set, in hours: two weeks.
const MAX_HOSPITAL_H: f64 = 336.0;

/// Check one profile definition.
fn profile(name: &str, spec: &ProfileSpec, f: &mut Findings) {
    let at = |field: &str| format!("$.profiles.{name}.{field}");
    let id = Some(name);
    if let Some(base) = &spec.base {
        if !BUILT_IN.contains(&base.as_str()) {
            f.error(
                at("base"),
                id,
                "unknown_profile",
                format!("profile {name:?} is based on {base:?}; a base must be built in ({})", BUILT_IN.join(", ")),
            );
        }
    }
    let mut bad = |field: &str, message: String| f.error(at(field), id, "invalid_value", message);
    let minutes = [
        ("punctuality_tolerance_min", spec.punctuality_tolerance_min, 1),
        ("missed_threshold_min", spec.missed_threshold_min, 1),
        ("time_critical_tolerance_min", spec.time_critical_tolerance_min, 0),
        ("short_call_max_min", spec.short_call_max_min, 0),
        ("call_spacing_min", spec.call_spacing_min, 0),
        ("double_handed_tolerance_min", spec.double_handed_tolerance_min, 0),
        ("daily_rest_min", spec.daily_rest_min, 0),
        ("weekly_rest_min", spec.weekly_rest_min, 0),
    ];
    for (field, value, least) in minutes {
        if let Some(v) = value {
            if v < least {
                bad(field, format!("{field} is {v}; it must be at least {least}"));
            } else if v > super::MAX_GAP_MIN {
                bad(field, format!("{field} is {v}; it must be at most {} (a week)", super::MAX_GAP_MIN));
            }
        }
    }
    // Rest in each 24 hours must leave some of them for work.
    if let Some(v) = spec.daily_rest_min.filter(|&v| v >= 1440) {
        bad("daily_rest_min", format!("daily_rest_min is {v}; a day's rest must be under 1440 minutes (a day)"));
    }
    let hours = [
        ("hospital_keep_open_h", spec.hospital_keep_open_h),
        ("hospital_restart_notice_h", spec.hospital_restart_notice_h),
        ("hospital_increase_notice_h", spec.hospital_increase_notice_h),
    ];
    for (field, value) in hours {
        if let Some(h) = value.filter(|&h| !non_negative(h) || h > MAX_HOSPITAL_H) {
            bad(field, format!("{field} is {h}; it must be a number of hours from 0 to {MAX_HOSPITAL_H} (two weeks)"));
        }
    }
    if let Some(d) = spec.hospital_case_open_days.filter(|&d| d > 366) {
        bad("hospital_case_open_days", format!("hospital_case_open_days is {d}; it must be at most 366"));
    }
    if let Some(grid) = &spec.visit_units {
        if grid.minimum_min <= 0 {
            bad(
                "visit_units.minimum_min",
                format!("the shortest billable visit is {} minutes; it must be positive", grid.minimum_min),
            );
        }
        if grid.step_min <= 0 {
            bad("visit_units.step_min", format!("the billing step is {} minutes; it must be positive", grid.step_min));
        }
    }
    if let (Some(start), Some(end)) = (spec.core_start, spec.core_end) {
        if end <= start {
            bad("core_end", format!("core hours end at {end}, not after they start at {start}"));
        }
    }
    if let Some(rule) = &spec.continuity {
        continuity(rule, &mut bad);
    }
}

/// Continuity bands: increasing edges, only the last open-ended, 0 < target ≤ max.
fn continuity(rule: &ContinuityRule, bad: &mut impl FnMut(&str, String)) {
    let n = rule.bands.len();
    let mut previous: Option<f64> = None;
    for (k, band) in rule.bands.iter().enumerate() {
        let field = format!("continuity.bands[{k}]");
        match band.up_to_hours {
            Some(h) if !non_negative(h) => bad(
                &format!("{field}.up_to_hours"),
                format!("up_to_hours is {h}; it must be a number of hours, 0 or more"),
            ),
            Some(h) => {
                if let Some(prev) = previous.filter(|&prev| h <= prev) {
                    bad(
                        &format!("{field}.up_to_hours"),
                        format!("bands must be in increasing order of up_to_hours, but {h} follows {prev}"),
                    );
                }
                previous = Some(h);
            }
            None if k + 1 < n => bad(
                &format!("{field}.up_to_hours"),
                "only the last band may leave up_to_hours unset (no upper edge)".to_string(),
            ),
            None => {}
        }
        caps(&field, band.target, band.max, bad);
    }
    if let Some(ext) = &rule.extended {
        caps("continuity.extended", ext.target, ext.max, bad);
        if let Some(h) = ext.high_hours_from.filter(|&h| !non_negative(h)) {
            bad("continuity.extended.high_hours_from", format!("high_hours_from is {h}; it must be 0 or more"));
        }
    }
}

/// A (target, max) pair of distinct-carer caps.
fn caps(field: &str, target: u32, max: u32, bad: &mut impl FnMut(&str, String)) {
    if max == 0 {
        bad(&format!("{field}.max"), "a cap of 0 distinct carers leaves no one to visit".to_string());
    } else if target == 0 {
        bad(&format!("{field}.target"), "a target of 0 distinct carers cannot be met".to_string());
    } else if target > max {
        bad(
            &format!("{field}.target"),
            format!("the target of {target} distinct carers is above the maximum of {max}"),
        );
    }
}
