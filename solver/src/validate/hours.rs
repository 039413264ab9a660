//! Hours: carers' hour limits, clients' commissioned hours and break rules are finite numbers,
//! zero or more (break rules: more than zero).

use super::{non_negative, Context};
use crate::format::Findings;
use crate::model::WorkingTime;

/// `invalid_value` for hours and break rules.
pub(super) fn check(cx: &Context, f: &mut Findings) {
    for (i, c) in cx.p.clients.iter().enumerate() {
        if !non_negative(c.weekly_hours) {
            f.error(
                format!("$.clients[{i}].weekly_hours"),
                Some(&c.id),
                "invalid_value",
                format!("client {:?} has {} commissioned hours a week; it must be 0 or more", c.id, c.weekly_hours),
            );
        }
    }
    for (i, k) in cx.p.carers.iter().enumerate() {
        let fields = [
            ("max_hours_per_day", k.max_hours_per_day),
            ("max_hours_per_week", k.max_hours_per_week),
            ("contracted_hours", k.contracted_hours),
            ("hourly_rate", k.hourly_rate),
        ];
        for (field, value) in fields {
            if let Some(x) = value.filter(|&x| !non_negative(x)) {
                f.error(
                    format!("$.carers[{i}].{field}"),
                    Some(&k.id),
                    "invalid_value",
                    format!("carer {:?} has {field} {x}; it must be 0 or more", k.id),
                );
            }
        }
        if let Some(wt) = &k.working_time {
            working_time(&format!("$.carers[{i}].working_time"), Some(&k.id), wt, f);
        }
    }
    working_time("$.working_time", None, &cx.p.working_time, f);
}

/// A break rule needs a positive threshold and a positive break.
fn working_time(path: &str, id: Option<&str>, wt: &WorkingTime, f: &mut Findings) {
    let Some(rule) = &wt.break_rule else { return };
    if !(rule.after_hours.is_finite() && rule.after_hours > 0.0) {
        f.error(
            format!("{path}.break_rule.after_hours"),
            id,
            "invalid_value",
            format!("a break is due after {} hours of work; it must be more than 0", rule.after_hours),
        );
    }
    if rule.break_min <= 0 {
        f.error(
            format!("{path}.break_rule.break_min"),
            id,
            "invalid_value",
            format!("a break of {} minutes is no break; it must be more than 0", rule.break_min),
        );
    }
}
