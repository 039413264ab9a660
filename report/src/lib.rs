//! # rota-report: a rota a scheduler can read at a glance
//!
//! [`render`] turns a problem, its rota and the independent checker's report on it into one
//! self-contained HTML page: no network, no external files, everything inline (SVG, a little
//! CSS and script). The page has six sections, one module each:
//! - **KPIs** (`kpis.rs`): the hard-violation count and every KPI of `rota check`, taken from the
//!   checker's [`CheckReport`], never recomputed;
//! - **Gantt** (`gantt.rs`): one chart per day, a row per carer, visits coloured by kind
//!   (time-critical, double-handed, ordinary) with travel and waiting as their own bars;
//!   hovering or clicking a visit shows its client, times, duration, co-carers and target;
//! - **Map** (`map.rs`): each day's rounds drawn on an SVG projection of the clients' places,
//!   one colour per carer;
//! - **Unassigned** (`unassigned.rs`): every unscheduled seat with its reason;
//! - **Continuity** (`continuity.rs`): distinct carers per client against the profile's target
//!   and cap, and the key carer's share;
//! - **Carer hours** (`hours.rs`): paid hours, travel, utilisation and contracted hours.
//!
//! One day is shown at a time (a day selector switches the Gantt chart and the map together),
//! so a week of a hundred carers stays responsive. `page.rs` holds the shell, CSS and script.
//! Every piece of text from the input is escaped.
//!
//! ```
//! use rota::check::check;
//! use rota::format::Rota;
//! use rota::travel::Travel;
//! let problem: rota::model::Problem = serde_json::from_str(r#"{"format_version":"1.0",
//!   "name":"empty week","week_start":"2026-11-30","clients":[],"carers":[],"visits":[]}"#).unwrap();
//! let travel = Travel::for_problem(&problem, std::path::Path::new("."), "problem.json").unwrap();
//! let rota = Rota::empty("empty week");
//! let report = check(&problem, &rota, &travel);
//! let html = rota_report::render(&problem, &rota, &report, &rota_report::Options::default());
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains(r#"id="gantt""#));
//! ```

#![warn(missing_docs)]

pub mod capacity;
mod continuity;
mod data;
mod gantt;
mod hours;
mod html;
mod kpis;
mod map;
mod page;
mod unassigned;

use rota::check::CheckReport;
use rota::format::Rota;
use rota::model::Problem;

/// What the caller may set about the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The page title; the problem's name when empty.
    pub title: String,
    /// Where the figures came from (e.g. the problem and rota file names), shown under the
    /// title.
    pub sources: Vec<String>,
}

/// The report page for `rota` on `problem`, with `report` (from [`rota::check::check`] on the
/// same problem and rota) as the source of every KPI and violation.
///
/// Never panics: visits and carers the problem does not know are shown by id.
pub fn render(problem: &Problem, rota: &Rota, report: &CheckReport, options: &Options) -> String {
    let data = data::Data::new(problem, rota, report, options);
    let sections = [
        kpis::section(&data),
        gantt::section(&data),
        map::section(&data),
        unassigned::section(&data),
        continuity::section(&data),
        hours::section(&data),
    ];
    page::page(&data, &sections)
}
