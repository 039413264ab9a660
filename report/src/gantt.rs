//! The Gantt chart: one SVG per day, a row per carer (those with a round or availability that
//! day), time across.
//!
//! Per row: the carer's availability as a pale band; each visit as a bar coloured by kind
//! (`v` ordinary, `v tc` time-critical, `v dh` double- or triple-handed, both classes when
//! both); the stated travel before each visit as a thin bar (`t`, or `c` for the commute to
//! the first visit and home from the last); the stated waiting as a thin bar (`w`), drawn only
//! where it lies inside the carer's availability (the gap between the halves of a split shift
//! is the carer's own time, as the checker counts it). Every
//! visit bar carries `data-s`, its seat in the page data, which the script turns into a
//! tooltip (client, times, duration, co-carers, target). Bars are drawn in a group scaled to
//! minutes, so their coordinates stay short whole numbers.

use crate::data::Data;
use crate::html::{c1, carer_colour, esc};
use chrono::NaiveDate;
use std::fmt::Write;

/// Width of the carer label column, pixels.
const LABEL: f64 = 92.0;
/// Height of the time axis, pixels.
const AXIS: f64 = 22.0;
/// Height of a row, pixels.
const ROW: f64 = 18.0;

/// The `#gantt` section: a legend and one chart per day (all but the first hidden).
pub(crate) fn section(d: &Data) -> String {
    let mut out = String::new();
    out.push_str("<section id=\"gantt\"><h2>Rounds by carer</h2><div class=\"legend\">");
    for (class, label) in [
        ("v", "visit"),
        ("v tc", "time-critical visit"),
        ("v dh", "double-handed visit"),
        ("v tc dh", "time-critical and double-handed"),
        ("t", "travel"),
        ("c", "commute"),
        ("w", "waiting"),
        ("a", "available"),
    ] {
        let _ = write!(
            out,
            // The class comes last, so only chart bars start `<rect class="v`.
            "<span><svg width=\"22\" height=\"12\"><rect x=\"1\" y=\"{}\" width=\"20\" height=\"{}\" class=\"{class}\"/></svg>{label}</span>",
            if class.starts_with('v') || class == "a" { 0 } else { 4 },
            if class.starts_with('v') || class == "a" { 12 } else { 4 },
        );
    }
    out.push_str(
        "</div><p class=\"hint\">Hover or click a visit for its details; click a carer to pick out their round on the map.</p>",
    );
    for (i, &date) in d.days.iter().enumerate() {
        day(d, i, date, &mut out);
    }
    out.push_str("</section>");
    out
}

/// One day's chart.
fn day(d: &Data, i: usize, date: NaiveDate, out: &mut String) {
    let rounds = d.rounds_on(date);
    // Rows: every carer with a round or an availability window on the date, in carer order.
    let mut rows: Vec<usize> = rounds.iter().map(|&r| d.round_carer[r]).collect();
    for (ci, c) in d.problem.carers.iter().enumerate() {
        if c.availability.iter().any(|w| w.date == date) {
            rows.push(ci);
        }
    }
    rows.sort_unstable();
    rows.dedup();

    // The span shown: whole hours around every bar and availability window.
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &r in &rounds {
        let seats = d.round_seats(r);
        if !seats.is_empty() {
            let (first, last) = (&d.seats[seats.start], &d.seats[seats.end - 1]);
            lo = lo.min(first.start - first.travel.max(0.0));
            let back = d.rota.rounds[r].return_travel_min;
            hi = hi.max(last.end + if back.is_finite() { back.max(0.0) } else { 0.0 });
        }
        for s in seats {
            lo = lo.min(d.seats[s].start - d.seats[s].wait.max(0.0) - d.seats[s].travel.max(0.0));
            hi = hi.max(d.seats[s].end);
        }
    }
    for &c in &rows {
        if let Some(carer) = d.problem.carers.get(c) {
            for w in carer.availability.iter().filter(|w| w.date == date) {
                lo = lo.min(w.start.as_minutes());
                hi = hi.max(w.end.as_minutes());
            }
        }
    }
    // Clock times reach 72:00; stated travel beyond a day either side is not drawn.
    (lo, hi) = (lo.max(-1440.0), hi.min(4.0 * 1440.0));
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        (lo, hi) = (7.0 * 60.0, 22.0 * 60.0);
    }
    let origin = (lo / 60.0).floor() * 60.0;
    let end = (hi / 60.0).ceil() * 60.0;
    let span = end - origin;
    // Pixels a minute: 1.2 for a care day; longer (benchmark) days are squeezed to ~1,700 px.
    let k = if span <= 1440.0 { 1.2 } else { (1728.0 / span).max(0.2) };
    let width = LABEL + span * k + 14.0;
    let height = AXIS + rows.len() as f64 * ROW + 4.0;

    let visits_today: usize = rounds.iter().map(|&r| d.rota.rounds[r].visits.len()).sum();
    let unassigned_today: u64 = d
        .rota
        .unassigned
        .iter()
        .filter(|u| {
            d.visit_index.get(u.visit.as_str()).and_then(|&v| d.visits[v].visit).is_some_and(|v| v.date == date)
        })
        .map(|u| u64::from(u.seats))
        .sum();
    let _ = write!(
        out,
        "<div class=\"day\" data-day=\"{i}\"{}><p class=\"daysum\">{}: {} rounds, {} visit seats scheduled, {} unassigned; {} carers shown</p>",
        if i == d.first_day { "" } else { " hidden" },
        esc(&d.day_label(i)),
        rounds.len(),
        visits_today,
        unassigned_today,
        rows.len()
    );
    if rows.is_empty() {
        out.push_str("<p class=\"empty\">No carer works or is available on this day.</p></div>");
        return;
    }
    let _ = write!(
        out,
        "<div class=\"scroll\"><svg class=\"gantt\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
        w = c1(width),
        h = c1(height)
    );

    // Axis: hour labels outside the scaled group; grid lines inside it.
    out.push_str("<g class=\"ax\">");
    let step = if span <= 1440.0 { 60 } else { 180 };
    let mut m = origin as i64;
    while m as f64 <= end {
        let x = LABEL + (m as f64 - origin) * k;
        let _ = write!(out, "<text x=\"{}\" y=\"14\">{:02}</text>", c1(x), (m / 60).rem_euclid(24));
        m += step;
    }
    out.push_str("</g>");

    // Row stripes and labels (with the carer's map colour).
    for (row, &c) in rows.iter().enumerate() {
        let y = AXIS + row as f64 * ROW;
        if row % 2 == 1 {
            let _ =
                write!(out, "<rect class=\"rb\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{ROW}\"/>", c1(y), c1(width));
        }
        let _ = write!(
            out,
            "<g class=\"cl\" data-c=\"{c}\"><rect x=\"3\" y=\"{}\" width=\"8\" height=\"8\" style=\"fill:{}\"/><text x=\"15\" y=\"{}\">{}</text></g>",
            c1(y + 5.0),
            carer_colour(c),
            c1(y + 13.0),
            esc(d.carers[c])
        );
    }

    let _ = write!(out, "<g transform=\"translate({LABEL},{AXIS}) scale({k:.4},1)\">");
    let mut grid = String::new();
    let mut m = origin as i64;
    while m as f64 <= end {
        let _ = write!(grid, "M{},0V{}", m as f64 - origin, c1(rows.len() as f64 * ROW));
        m += step;
    }
    let _ = write!(out, "<path class=\"gr\" d=\"{grid}\"/>");

    let x = |minute: f64| c1(minute - origin);
    let row_of = |c: usize| rows.binary_search(&c).unwrap_or(0);
    for (row, &c) in rows.iter().enumerate() {
        if let Some(carer) = d.problem.carers.get(c) {
            for w in carer.availability.iter().filter(|w| w.date == date) {
                let (a, b) = (w.start.as_minutes(), w.end.as_minutes());
                let _ = write!(
                    out,
                    "<rect class=\"a\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\"/>",
                    x(a),
                    c1(row as f64 * ROW + 1.0),
                    c1((b - a).max(0.0))
                );
            }
        }
    }
    let mut labels = String::new();
    for &r in &rounds {
        let y = row_of(d.round_carer[r]) as f64 * ROW;
        let seats = d.round_seats(r);
        let last = seats.end.saturating_sub(1);
        for s in seats.clone() {
            let seat = &d.seats[s];
            let wait = seat.wait.max(0.0);
            let travel = seat.travel.max(0.0);
            let class = if s == seats.start { "c" } else { "t" };
            if travel > 0.0 {
                let _ = write!(
                    out,
                    "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"4\"/>",
                    x(seat.start - wait - travel),
                    c1(y + 7.0),
                    c1(travel)
                );
            }
            // Waiting on shift only: the part inside the carer's availability. The gap between
            // the halves of a split shift is the carer's own time (as the checker counts it).
            let (a, b) = (seat.start - wait, seat.start);
            let parts: Vec<(f64, f64)> = match d.problem.carers.get(d.round_carer[r]) {
                Some(carer) => carer
                    .availability
                    .iter()
                    .filter(|w| w.date == date)
                    .map(|w| (a.max(w.start.as_minutes()), b.min(w.end.as_minutes())))
                    .filter(|(p, q)| q > p)
                    .collect(),
                None => vec![(a, b)],
            };
            for (p, q) in parts.into_iter().filter(|_| wait > 0.0) {
                let _ = write!(
                    out,
                    "<rect class=\"w\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"4\"/>",
                    x(p),
                    c1(y + 7.0),
                    c1(q - p)
                );
            }
            let _ = write!(
                out,
                "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" data-s=\"{s}\"/>",
                d.visits[seat.visit].classes(),
                x(seat.start),
                c1(y + 3.0),
                c1((seat.end - seat.start).max(0.5))
            );
            if (seat.end - seat.start) * k >= 34.0 {
                let _ = write!(
                    labels,
                    "<text x=\"{}\" y=\"{}\">{}</text>",
                    c1(LABEL + (seat.start - origin) * k + 2.0),
                    c1(AXIS + y + 12.0),
                    esc(d.visits[seat.visit].client())
                );
            }
            if s == last {
                let back = d.rota.rounds[r].return_travel_min;
                if back.is_finite() && back > 0.0 {
                    let _ = write!(
                        out,
                        "<rect class=\"c\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"4\"/>",
                        x(seat.end),
                        c1(y + 7.0),
                        c1(back)
                    );
                }
            }
        }
    }
    let _ = write!(out, "</g><g class=\"bl\">{labels}</g></svg></div></div>");
}
