//! The independent checker: every hard rule and every KPI of a rota, recomputed from scratch.
//!
//! The checker trusts nothing a rota states about timing. From the problem, the rota's planned
//! starts and ends, and the travel matrices it rebuilds every seat's minute of the week, the
//! travel before it (from the previous visit, or from the carer's start place for the first
//! visit of a round), the arrival, the wait and the travel home; then it runs each rule and
//! computes the KPIs. It shares no timing or cost code with any solver, so a solver's bug cannot
//! hide itself: the rules are written a second time, here, from `docs/checker.md`.
//!
//! The code is laid out one feature per file:
//! - [`timeline`]: the context built once (seats, rounds, recomputed travel and waits);
//! - `rules/`: one file per hard rule, each a type implementing [`rules::Rule`], registered
//!   in one list ([`rules::RULES`]);
//! - [`kpi`]: the KPIs;
//! - [`emissions`]: the emission factors by travel mode and the emissions KPI;
//! - [`meal`]: the soft finding `meal_break_missed` (a round without its carer's meal break),
//!   priced rather than forbidden ([`CheckReport::soft`]);
//! - [`history`]: the past kept fixed when a rota is replanned during its week.
//!
//! ```
//! use rota::check::check;
//! use rota::format::Rota;
//! use rota::travel::Travel;
//! let problem: rota::model::Problem = serde_json::from_str(r#"{"format_version":"1.0",
//!   "week_start":"2026-11-30","clients":[],"carers":[],"visits":[]}"#).unwrap();
//! let travel = Travel::for_problem(&problem, std::path::Path::new("."), "problem.json").unwrap();
//! let report = check(&problem, &Rota::empty(""), &travel);
//! assert!(report.is_feasible());
//! ```

pub mod emissions;
pub mod history;
pub mod kpi;
pub mod meal;
pub mod rules;
pub mod timeline;

use crate::format::Rota;
use crate::model::Problem;
use crate::travel::Travel;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

pub use kpi::Kpis;
pub use timeline::Context;

/// What a violation's `amount` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Unit {
    /// Minutes.
    #[serde(rename = "min")]
    Minutes,
    /// Days.
    #[serde(rename = "days")]
    Days,
    /// Visit seats (one carer's place at a visit).
    #[serde(rename = "seats")]
    Seats,
    /// Distinct carers.
    #[serde(rename = "carers")]
    Carers,
    /// Skills.
    #[serde(rename = "skills")]
    Skills,
    /// Units of visit demand carried by a round.
    #[serde(rename = "load")]
    Load,
}

impl Unit {
    /// The unit as written in reports.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Minutes => "min",
            Unit::Days => "days",
            Unit::Seats => "seats",
            Unit::Carers => "carers",
            Unit::Skills => "skills",
            Unit::Load => "load",
        }
    }
}

/// One broken hard rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Violation {
    /// The rule's code, e.g. `window_missed` (see `docs/checker.md`).
    pub rule: &'static str,
    /// The visit concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visit: Option<String>,
    /// The carer concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carer: Option<String>,
    /// The client concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// The date concerned (the round's or the visit's), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// How far the rule is broken, in `unit`s (always positive).
    pub amount: i64,
    /// What `amount` counts.
    pub unit: Unit,
    /// What is wrong, in words.
    pub message: String,
}

impl Violation {
    /// A violation of `rule` by `amount` `unit`s, with no ids yet.
    pub fn new(rule: &'static str, amount: i64, unit: Unit, message: impl Into<String>) -> Violation {
        Violation { rule, visit: None, carer: None, client: None, date: None, amount, unit, message: message.into() }
    }

    /// With the visit id.
    pub fn visit(mut self, id: &str) -> Violation {
        self.visit = Some(id.to_string());
        self
    }

    /// With the carer id.
    pub fn carer(mut self, id: &str) -> Violation {
        self.carer = Some(id.to_string());
        self
    }

    /// With the client id.
    pub fn client(mut self, id: &str) -> Violation {
        self.client = Some(id.to_string());
        self
    }

    /// With the date.
    pub fn date(mut self, date: NaiveDate) -> Violation {
        self.date = Some(date);
        self
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.rule)?;
        if let Some(d) = self.date {
            write!(f, " {d}")?;
        }
        if let Some(v) = &self.visit {
            write!(f, " visit={v}")?;
        }
        if let Some(c) = &self.carer {
            write!(f, " carer={c}")?;
        }
        if let Some(c) = &self.client {
            write!(f, " client={c}")?;
        }
        write!(f, " ({} {}): {}", self.amount, self.unit.name(), self.message)
    }
}

/// The checker's findings: every hard-rule violation, and the KPIs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckReport {
    /// The problem's name.
    pub problem: String,
    /// Every hard-rule violation, grouped by rule in the order of [`rules::RULES`]; then, when
    /// the rota is checked against the one it replaces, the changes to the past ([`history`]).
    pub violations: Vec<Violation>,
    /// The KPIs.
    pub kpis: Kpis,
    /// Soft findings: things the rota prices rather than forbids (a round without its carer's
    /// meal break, [`meal`]). They do not make the rota infeasible.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub soft: Vec<Violation>,
    /// Things the checker could not check fully (e.g. a travel mode with no matrix).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl CheckReport {
    /// Whether the rota breaks no hard rule.
    pub fn is_feasible(&self) -> bool {
        self.violations.is_empty()
    }

    /// The number of violations of each rule code, in code order.
    pub fn counts(&self) -> std::collections::BTreeMap<&'static str, usize> {
        let mut m = std::collections::BTreeMap::new();
        for v in &self.violations {
            *m.entry(v.rule).or_insert(0) += 1;
        }
        m
    }

    /// The report as readable text: the headline KPIs, then one line per violation.
    pub fn to_text(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.problem.is_empty() {
            writeln!(f, "Rota check: {}", self.problem)?;
        }
        write!(f, "{}", self.kpis)?;
        for n in &self.notes {
            writeln!(f, "note: {n}")?;
        }
        for s in &self.soft {
            writeln!(f, "soft: {s}")?;
        }
        if self.violations.is_empty() {
            writeln!(f, "Hard violations: none")
        } else {
            let counts: Vec<String> = self.counts().iter().map(|(k, n)| format!("{k} {n}")).collect();
            writeln!(f, "Hard violations: {} ({})", self.violations.len(), counts.join(", "))?;
            for v in &self.violations {
                writeln!(f, "  {v}")?;
            }
            Ok(())
        }
    }
}

/// Check `rota` against `problem`, with travel from `travel`: every hard rule and every KPI.
///
/// Never panics: ids the problem does not know are skipped (a validated rota has none).
pub fn check(problem: &Problem, rota: &Rota, travel: &Travel) -> CheckReport {
    let ctx = Context::build(problem, rota, travel);
    let mut violations = Vec::new();
    for rule in rules::RULES {
        rule.check(&ctx, &mut violations);
    }
    let soft = meal::findings(&ctx);
    let mut kpis = kpi::compute(&ctx);
    kpis.meal_breaks_missed = soft.len();
    kpis.soft_cost += soft.len() as f64 * problem.objective.meal_break_missed;
    CheckReport { problem: problem.name.clone(), violations, kpis, notes: ctx.notes.clone(), soft }
}
