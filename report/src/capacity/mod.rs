//! The capacity report of a workforce sweep (`rota capacity sweep`, `docs/sweeps.md`): one
//! self-contained HTML page in the style of the rota report, with
//! - **Smallest workforce**: per scenario and shift count, the smallest tested workforce that
//!   placed the share of seats, and the bound's fewest carers;
//! - **Curves**: per scenario, seats placed against carers employed, one line per count of
//!   added shifts, with the bound (the most seats any rota can place) drawn dashed and the
//!   target share as a rule (inline SVG);
//! - **Points**: every point's figures in a sortable table;
//! - **Shortfall**: for a chosen point, unplaced seats by day and band, with the bound's.
//!
//! Like the rota report, the page loads nothing and records its script's state on `body`
//! (`data-ready`, `data-script-errors`) for the browser test.

use crate::html::{esc, header_row, num, num_cell, text_cell};
use crate::page::{CSS, ERRORS, SORT_TABLES};
use crate::Options;
use rota_capacity::sweep::{Point, Sweep};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The capacity report page of `sweep`. `options.title` replaces the default title; its
/// `sources` are named under it.
pub fn render(sweep: &Sweep, options: &Options) -> String {
    let title = if !options.title.is_empty() {
        options.title.clone()
    } else if sweep.problem.is_empty() {
        "Capacity report".to_string()
    } else {
        format!("Capacity report: {}", sweep.problem)
    };
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{t}</title><style>{CSS}{EXTRA_CSS}</style></head>\n\
         <body data-ready=\"0\" data-script-errors=\"0\"><script>{ERRORS}</script>\n<header><h1>{t}</h1><p class=\"meta\">",
        t = esc(&title)
    );
    let _ = write!(
        out,
        "{} points: {} scenario(s); the week as given has {} carers and {} seats. Each point solved on one thread \
         with a budget of {} work units, seed {}; added shifts {}. Enough means placing {}% of seats.",
        sweep.points.len(),
        sweep.scenarios.len(),
        sweep.carers,
        sweep.seats,
        sweep.work,
        sweep.seed,
        esc(&sweep.shift_band),
        num(100.0 * sweep.share)
    );
    if !options.sources.is_empty() {
        let _ = write!(out, " From {}.", esc(&options.sources.join(", ")));
    }
    out.push_str(
        "</p><pre id=\"script-errors\" hidden></pre></header>\n<nav><a href=\"#smallest\">Smallest workforce</a>\
         <a href=\"#curves\">Curves</a><a href=\"#points\">Points</a><a href=\"#shortfall\">Shortfall</a></nav>\n<main>",
    );
    smallest(&mut out, sweep);
    curves(&mut out, sweep);
    points(&mut out, sweep);
    shortfall(&mut out, sweep);
    let _ = write!(out, "</main>\n<script>{SORT_TABLES}\n{SCRIPT}</script>\n</body></html>\n");
    out
}

fn smallest(out: &mut String, sweep: &Sweep) {
    out.push_str("<section id=\"smallest\"><h2>Smallest workforce</h2><div class=\"tiles\">");
    for s in &sweep.smallest {
        let (class, value) = match s.carers {
            Some(c) if s.holds_above => ("ok", format!("{c} carers")),
            Some(c) => ("warn", format!("{c} carers*")),
            None => ("bad", "not reached".to_string()),
        };
        let _ = write!(
            out,
            "<div class=\"tile {class}\"><div class=\"tl\">{}{}</div><div class=\"tv\">{}</div><div class=\"td\">",
            esc(&s.scenario),
            if s.shifts > 0 { format!(", +{} shifts a day", s.shifts) } else { String::new() },
            esc(&value)
        );
        if s.carers.is_none() {
            let _ = write!(out, "best {:.1}% of seats placed. ", 100.0 * s.best_share);
        } else if !s.holds_above {
            out.push_str("* a larger size tested placed fewer. ");
        }
        match (s.bound_carers, s.carers_needed) {
            (Some(b), Some(n)) => {
                let _ =
                    write!(out, "The bound allows it from {b} carers; no rota places every seat with fewer than {n}.");
            }
            (None, Some(n)) => {
                let _ = write!(
                    out,
                    "The bound rules out every size tested; no rota places every seat with fewer than {n}."
                );
            }
            _ => out.push_str("Not bounded."),
        }
        out.push_str("</div></div>");
    }
    out.push_str("</div>");
    if !sweep.smallest_shifts.is_empty() {
        out.push_str("<h3>Fewest added shifts a day</h3><div class=\"scroll\"><table class=\"sort\">");
        header_row(out, &["scenario", "carers", "shifts a day"]);
        out.push_str("<tbody>");
        for s in &sweep.smallest_shifts {
            out.push_str("<tr>");
            text_cell(out, &s.scenario);
            num_cell(out, s.carers as f64, &s.carers.to_string());
            match s.shifts {
                Some(n) => num_cell(out, n as f64, &n.to_string()),
                None => num_cell(out, f64::MAX, "not reached"),
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("</section>\n");
}

/// Colours of the shift-count lines.
const LINE: [&str; 6] = ["#1f4f9a", "#e0692b", "#2a8a3a", "#8a4fc0", "#b8860b", "#c0392b"];

fn curves(out: &mut String, sweep: &Sweep) {
    out.push_str(
        "<section id=\"curves\"><h2>Seats placed against carers</h2><p class=\"hint\">Solid: the solver's \
                  rota at each workforce size. Dashed: the bound, the most seats any rota can place. Grey rule: the \
                  share that counts as enough. Hover a point for its figures.</p>",
    );
    for sc in &sweep.scenarios {
        let pts: Vec<&Point> = sweep.points.iter().filter(|p| p.key.scenario == sc.name).collect();
        if pts.is_empty() {
            continue;
        }
        let _ = write!(out, "<h3>{}</h3>", esc(&sc.name));
        if !sc.description.is_empty() {
            let _ = write!(out, "<p class=\"hint\">{}</p>", esc(&sc.description));
        }
        chart(out, sweep, &pts);
    }
    out.push_str("</section>\n");
}

/// One chart: x carers, y share of seats placed.
fn chart(out: &mut String, sweep: &Sweep, pts: &[&Point]) {
    let (w, h, l, r, t, b) = (640.0, 300.0, 56.0, 16.0, 12.0, 40.0);
    let xmin = pts.iter().map(|p| p.key.carers).min().unwrap_or(0) as f64;
    let xmax = pts.iter().map(|p| p.key.carers).max().unwrap_or(0) as f64;
    let span = if xmax > xmin { xmax - xmin } else { 1.0 };
    let share = |p: &Point, placed: u64| if p.seats == 0 { 1.0 } else { placed as f64 / p.seats as f64 };
    let ymin = pts
        .iter()
        .flat_map(|p| [p.placed_share, p.bound.as_ref().map_or(1.0, |bd| share(p, bd.placeable))])
        .fold(sweep.share, f64::min);
    let ymin = ((ymin * 20.0).floor() / 20.0).clamp(0.0, 0.95);
    let x = |c: f64| if xmax > xmin { l + (c - xmin) / span * (w - l - r) } else { (l + w - r) / 2.0 };
    let y = |s: f64| t + (1.0 - (s - ymin) / (1.0 - ymin)) * (h - t - b);
    let _ = write!(out, "<svg class=\"curve\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\">");
    // Axes and grid.
    for i in 0..=4 {
        let s = ymin + (1.0 - ymin) * i as f64 / 4.0;
        let (x2, ys, xt, yt, pc) = (w - r, y(s), l - 6.0, y(s) + 4.0, num((1000.0 * s).round() / 10.0));
        let _ = write!(
            out,
            "<line class=\"gr\" x1=\"{l}\" x2=\"{x2}\" y1=\"{ys:.1}\" y2=\"{ys:.1}\"/><text x=\"{xt}\" y=\"{yt:.1}\" text-anchor=\"end\">{pc}%</text>"
        );
    }
    let mut xs: Vec<usize> = pts.iter().map(|p| p.key.carers).collect();
    xs.sort_unstable();
    xs.dedup();
    let every = xs.len().div_ceil(12).max(1);
    for c in xs.iter().step_by(every) {
        let _ = write!(out, "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{c}</text>", x(*c as f64), h - b + 16.0);
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">carers employed</text>",
        (l + w - r) / 2.0,
        h - 4.0
    );
    let (x2, ys) = (w - r, y(sweep.share));
    let _ = write!(out, "<line class=\"target\" x1=\"{l}\" x2=\"{x2}\" y1=\"{ys:.1}\" y2=\"{ys:.1}\"/>");
    let mut by_shifts: BTreeMap<usize, Vec<&Point>> = BTreeMap::new();
    for p in pts {
        by_shifts.entry(p.key.shifts).or_default().push(p);
    }
    let mut legend = String::new();
    for (i, (shifts, mut line)) in by_shifts.into_iter().enumerate() {
        line.sort_by_key(|p| p.key.carers);
        let colour = LINE[i % LINE.len()];
        let path = |f: &dyn Fn(&Point) -> Option<f64>| {
            line.iter()
                .filter_map(|p| f(p).map(|s| format!("{:.1},{:.1}", x(p.key.carers as f64), y(s))))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let bound = path(&|p| p.bound.as_ref().map(|bd| share(p, bd.placeable)));
        if !bound.is_empty() {
            let _ = write!(out, "<polyline class=\"bound\" stroke=\"{colour}\" points=\"{bound}\"/>");
        }
        let _ = write!(
            out,
            "<polyline class=\"placed\" stroke=\"{colour}\" points=\"{}\"/>",
            path(&|p| Some(p.placed_share))
        );
        for p in &line {
            let bound =
                p.bound.as_ref().map_or("not bounded".to_string(), |bd| format!("at most {} placeable", bd.placeable));
            let _ = write!(
                out,
                "<circle class=\"pt\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{colour}\"><title>{} carers, {} shifts a day: {} of {} seats placed ({:.1}%); {}</title></circle>",
                x(p.key.carers as f64),
                y(p.placed_share),
                p.key.carers,
                p.key.shifts,
                p.placed,
                p.seats,
                100.0 * p.placed_share,
                esc(&bound)
            );
        }
        let _ = write!(
            legend,
            "<span><i class=\"sw\" style=\"background:{colour}\"></i>{}</span>",
            if shifts == 0 { "no added shifts".to_string() } else { format!("+{shifts} shifts a day") }
        );
    }
    out.push_str("</svg>");
    let _ = write!(out, "<div class=\"legend\">{legend}<span>dashed: the bound</span></div>");
}

fn points(out: &mut String, sweep: &Sweep) {
    out.push_str("<section id=\"points\"><h2>Points</h2><div class=\"scroll tall\"><table class=\"sort\">");
    header_row(
        out,
        &[
            "scenario",
            "carers",
            "shifts",
            "carers after",
            "seats",
            "placed",
            "placed %",
            "bound: placeable",
            "travel min",
            "pay £",
            "billed h",
            "continuity",
            "violations",
            "repeatable",
            "seconds",
        ],
    );
    out.push_str("<tbody>");
    for p in &sweep.points {
        out.push_str("<tr>");
        text_cell(out, &p.key.scenario);
        for v in [p.key.carers, p.key.shifts, p.carers_after] {
            num_cell(out, v as f64, &v.to_string());
        }
        num_cell(out, p.seats as f64, &p.seats.to_string());
        num_cell(out, p.placed as f64, &p.placed.to_string());
        num_cell(out, p.placed_share, &format!("{:.1}%", 100.0 * p.placed_share));
        match &p.bound {
            Some(b) => num_cell(out, b.placeable as f64, &b.placeable.to_string()),
            None => num_cell(out, -1.0, "—"),
        }
        num_cell(out, p.travel_min, &format!("{:.0}", p.travel_min));
        num_cell(out, p.cost, &format!("{:.0}", p.cost));
        num_cell(out, p.billed_hours, &format!("{:.1}", p.billed_hours));
        let c = p.continuity_within_target;
        num_cell(out, c.unwrap_or(-1.0), &c.map_or("—".into(), |c| format!("{:.0}%", 100.0 * c)));
        num_cell(out, p.hard_violations as f64, &p.hard_violations.to_string());
        text_cell(out, if p.repeatable { "yes" } else { "no (clock)" });
        num_cell(out, p.seconds, &format!("{:.0}", p.seconds));
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    let notes: Vec<&Point> = sweep.points.iter().filter(|p| !p.notes.is_empty() || p.error.is_some()).collect();
    if !notes.is_empty() {
        out.push_str("<details><summary>What each scenario did at each point</summary><ul>");
        for p in notes {
            let _ =
                write!(out, "<li><b>{}, {} carers, {} shifts</b>: ", esc(&p.key.scenario), p.key.carers, p.key.shifts);
            let mut all = p.notes.clone();
            all.extend(p.error.iter().map(|e| format!("failed: {e}")));
            out.push_str(&esc(&all.join("; ")));
            out.push_str("</li>");
        }
        out.push_str("</ul></details>");
    }
    out.push_str("</section>\n");
}

fn shortfall(out: &mut String, sweep: &Sweep) {
    out.push_str("<section id=\"shortfall\"><h2>Shortfall by day and band</h2><p class=\"hint\">Seats left unplaced \
                  out of the seats targeted in the band; in brackets, the seats every rota leaves unplaced (the bound). \
                  The gap between the two is what a better rota might still place.</p><label for=\"point\">Point</label> \
                  <select id=\"point\">");
    // The first point that leaves seats unplaced is shown first.
    let first = sweep.points.iter().position(|p| p.unplaced > 0).unwrap_or(0);
    for (i, p) in sweep.points.iter().enumerate() {
        let _ = write!(
            out,
            "<option value=\"{i}\"{}>{}, {} carers, {} shifts a day ({} unplaced)</option>",
            if i == first { " selected" } else { "" },
            esc(&p.key.scenario),
            p.key.carers,
            p.key.shifts,
            p.unplaced
        );
    }
    out.push_str("</select>");
    let names: Vec<&str> = sweep.bands.0.iter().map(|b| b.name.as_str()).collect();
    for (i, p) in sweep.points.iter().enumerate() {
        let _ = write!(
            out,
            "<div class=\"sf\" data-p=\"{i}\"{}><div class=\"scroll\"><table>",
            if i == first { "" } else { " hidden" }
        );
        let mut columns = vec!["date"];
        columns.extend(names.iter().copied());
        columns.push("week");
        header_row(out, &columns);
        out.push_str("<tbody>");
        let mut dates: Vec<chrono::NaiveDate> = p.shortfall.iter().map(|s| s.date).collect();
        dates.dedup();
        let cell = |out: &mut String, unplaced: u64, seats: u64, bound: Option<u64>| {
            let b = bound.map_or(String::new(), |b| format!(" ({b})"));
            let class = if unplaced > 0 { " class=\"short\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", esc(&format!("{unplaced} of {seats}{b}")));
        };
        for d in dates {
            let _ = write!(out, "<tr><td>{}</td>", d.format("%a %-d %b"));
            let (mut u, mut s, mut bd) = (0, 0, None::<u64>);
            for name in &names {
                match p.shortfall.iter().find(|x| x.date == d && x.band == *name) {
                    Some(x) => {
                        cell(out, x.unplaced, x.seats, x.bound);
                        u += x.unplaced;
                        s += x.seats;
                        bd = x.bound.map(|b| b + bd.unwrap_or(0)).or(bd);
                    }
                    None => out.push_str("<td class=\"empty\">—</td>"),
                }
            }
            cell(out, u, s, bd);
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div></div>");
    }
    out.push_str("</section>\n");
}

const EXTRA_CSS: &str = r#"
h3{font-size:15px;margin:14px 0 4px}
.curve{max-width:100%;height:auto;border:1px solid #dfe3ea;background:#fff}
.curve .placed{fill:none;stroke-width:2.5}
.curve .bound{fill:none;stroke-width:1.5;stroke-dasharray:6 4}
.curve .target{stroke:#888;stroke-width:1}
.curve .pt{stroke:#fff;stroke-width:1}
td.short{background:#fdf0f0;font-weight:600}
.sf table td{white-space:nowrap}
"#;

const SCRIPT: &str = r#"(function(){"use strict";
var b=document.body;
try{
var sel=document.getElementById("point");
function show(i){sel.value=String(i);document.querySelectorAll(".sf").forEach(function(d){d.hidden=d.getAttribute("data-p")!==String(i);});}
sel.addEventListener("change",function(){show(sel.value);});
rotaSortTables();
b.setAttribute("data-init-ms",String(Math.round(performance.now())));
b.setAttribute("data-ready","1");
}catch(err){window.onerror(String(err&&err.message||err),"",0);}
})();"#;
