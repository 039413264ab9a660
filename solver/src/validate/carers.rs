//! Carers' availability: each window ends after it starts, falls in the week and does not
//! overlap another window of the same carer; a day may run over its end by `overrun_min`, 0 or
//! more.

use super::Context;
use crate::format::Findings;
use crate::model::Carer;
use crate::time::{describe_tick, Ticks, Week};

/// `window_ends_before_start`, `date_outside_week`, `overlapping_availability`, and
/// `invalid_value` for a negative `overrun_min`.
pub(super) fn check(cx: &Context, f: &mut Findings) {
    for (i, k) in cx.p.carers.iter().enumerate() {
        let id = Some(k.id.as_str());
        if k.overrun_min < 0 {
            f.error(
                format!("$.carers[{i}].overrun_min"),
                id,
                "invalid_value",
                format!("carer {:?} has overrun_min {}: it must be 0 or more", k.id, k.overrun_min),
            );
        }
        for (j, a) in k.availability.iter().enumerate() {
            if a.end <= a.start {
                f.error(
                    format!("$.carers[{i}].availability[{j}]"),
                    id,
                    "window_ends_before_start",
                    format!(
                        "carer {:?} is available on {} from {} to {}, which ends before it starts \
                         (write a night shift as e.g. 22:00-31:00)",
                        k.id, a.date, a.start, a.end
                    ),
                );
            }
            if let Some(week) = &cx.week {
                if week.day_index(a.date).is_none() {
                    f.error(
                        format!("$.carers[{i}].availability[{j}].date"),
                        id,
                        "date_outside_week",
                        format!("carer {:?} is available on {}, outside the week of {}", k.id, a.date, week.monday()),
                    );
                }
            }
        }
        if let Some(week) = &cx.week {
            overlaps(i, k, week, f);
        }
    }
}

/// Report each availability window that overlaps an earlier-starting one, in ticks of the
/// week so that a night shift past 24:00 is compared with the next day's windows.
fn overlaps(i: usize, k: &Carer, week: &Week, f: &mut Findings) {
    // (start, end, position) of the well-formed windows inside the week.
    let mut spans: Vec<(Ticks, Ticks, usize)> = k
        .availability
        .iter()
        .enumerate()
        .filter(|(_, a)| a.end > a.start)
        .filter_map(|(j, a)| {
            let start = week.tick_of_week(a.date, a.start)?;
            let end = week.tick_of_week(a.date, a.end)?;
            Some((start, end, j))
        })
        .collect();
    spans.sort_unstable();
    // The window reaching furthest so far.
    let mut reach: Option<(Ticks, Ticks, usize)> = None;
    for &(start, end, j) in &spans {
        if let Some((rs, re, rj)) = reach {
            if start < re {
                f.error(
                    format!("$.carers[{i}].availability[{j}]"),
                    Some(&k.id),
                    "overlapping_availability",
                    format!(
                        "carer {:?}'s availability {} to {} overlaps availability [{rj}] ({} to {})",
                        k.id,
                        describe_tick(start),
                        describe_tick(end),
                        describe_tick(rs),
                        describe_tick(re)
                    ),
                );
            }
            if end <= re {
                continue;
            }
        }
        reach = Some((start, end, j));
    }
}
