//! The package file: a new client's weekly pattern of calls (`rota fit`, `docs/operations.md`).
//!
//! ```json
//! {"format_version": "1.0", "name": "new 14 h package",
//!  "client": {"id": "new-client", "location": {"lat": 51.28, "lon": 1.08}, "profile": "kent",
//!             "weekly_hours": 14, "required_skills": ["moving-handling"]},
//!  "visits": [{"id": "new-mon-am", "client": "new-client", "date": "2026-11-30",
//!              "start": "08:00", "duration_min": 60, "carers_required": 2}]}
//! ```
//!
//! The client and the visits are exactly a problem's ([`Client`], [`Visit`]): a package is read
//! item by item and then validated as part of the problem it joins ([`merge`]), so it meets
//! every rule a problem does, and each error names the package file, the path inside it
//! (`$.client.weekly_hours`, `$.visits[3].date`) and the id.

use crate::format::{check_element, finish, read, read_piecewise, Findings, InputErrors};
use crate::model::{Client, Problem, Visit, FORMAT_VERSION};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// A new client's package of care: the client and the calls of one week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// Format version, `"1.0"`.
    pub format_version: String,
    /// A name for the package, shown in answers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The new client: location (and postcode), profile, weekly hours, skills, refusals and
    /// preferences, as in a problem file. Its id must be new to the problem.
    pub client: Client,
    /// The calls of the week, as in a problem file: each names the package's client, and its
    /// id must be new to the problem. Links may join calls of the package only.
    pub visits: Vec<Visit>,
}

/// Read a package file. It is validated against its problem by [`merge`].
pub fn load_package(path: impl AsRef<Path>) -> Result<Package, InputErrors> {
    let path = path.as_ref();
    let text = read(path)?;
    parse_package(&text, &path.display().to_string())
}

/// Parse a package from JSON text; `file` names it in errors. Every bad call is reported.
pub fn parse_package(text: &str, file: &str) -> Result<Package, InputErrors> {
    let mut f = Findings::new(file);
    let package = read_piecewise::<Package>(
        text,
        &mut f,
        &["format_version", "client", "visits"],
        &[("visits", check_element::<Visit>)],
    );
    finish(package, f).map(|(p, _)| p)
}

/// The problem with the package's client and calls added, validated as a whole. Errors about
/// the package name `file` and paths inside it (`$.client…`, `$.visits[i]…`); warnings about
/// the package are returned with the problem.
pub fn merge(problem: &Problem, package: &Package, file: &str) -> Result<(Problem, InputErrors), InputErrors> {
    let mut f = Findings::new(file);
    own_rules(problem, package, &mut f);
    let mut merged = problem.clone();
    merged.clients.push(package.client.clone());
    merged.visits.extend(package.visits.iter().cloned());
    merged.normalise();
    let mut whole = Findings::new(file);
    crate::validate::problem(&merged, &mut whole);
    let (c, v0) = (problem.clients.len(), problem.visits.len());
    let ours = |path: &str| -> Option<String> {
        let client = format!("$.clients[{c}]");
        if let Some(rest) = path.strip_prefix(&client) {
            return Some(format!("$.client{rest}"));
        }
        let rest = path.strip_prefix("$.visits[")?;
        let (i, tail) = rest.split_once(']')?;
        let i: usize = i.parse().ok()?;
        (i >= v0).then(|| format!("$.visits[{}]{tail}", i - v0))
    };
    for e in whole.list {
        match (ours(&e.path), e.severity) {
            (Some(path), crate::format::Severity::Error) => f.error(path, e.id.as_deref(), e.code, e.message),
            (Some(path), _) => f.warning(path, e.id.as_deref(), e.code, e.message),
            // An error elsewhere is one the package causes (the problem alone was valid).
            (None, crate::format::Severity::Error) => f.error(e.path, e.id.as_deref(), e.code, e.message),
            (None, _) => {}
        }
    }
    finish(Some(merged), f)
}

/// What a package must meet beyond a problem's rules: new ids, calls of its own client, links
/// within the package, at least one call.
fn own_rules(problem: &Problem, package: &Package, f: &mut Findings) {
    if package.format_version != FORMAT_VERSION {
        f.error(
            "$.format_version",
            None,
            "unsupported_version",
            format!(
                "format_version {:?} is not supported; this build reads {FORMAT_VERSION:?}",
                package.format_version
            ),
        );
    }
    let id = package.client.id.as_str();
    if problem.clients.iter().any(|c| c.id == id) {
        f.error("$.client.id", Some(id), "duplicate_id", format!("client {id:?} is already in the problem"));
    }
    if package.visits.is_empty() {
        f.error("$.visits", None, "empty_package", "the package has no calls");
    }
    let old: HashSet<&str> = problem.visits.iter().map(|v| v.id.as_str()).collect();
    let new: HashSet<&str> = package.visits.iter().map(|v| v.id.as_str()).collect();
    for (i, v) in package.visits.iter().enumerate() {
        if old.contains(v.id.as_str()) {
            f.error(
                format!("$.visits[{i}].id"),
                Some(&v.id),
                "duplicate_id",
                format!("visit {:?} is already in the problem", v.id),
            );
        }
        if v.client != id {
            f.error(
                format!("$.visits[{i}].client"),
                Some(&v.id),
                "foreign_client",
                format!("a package's calls are for its client {id:?}, not {:?}", v.client),
            );
        }
        if v.cancelled.is_some() {
            f.error(
                format!("$.visits[{i}].cancelled"),
                Some(&v.id),
                "cancelled_call",
                "a package's calls cannot be cancelled",
            );
        }
        for (j, l) in v.links.iter().enumerate() {
            if !new.contains(l.visit.as_str()) {
                f.error(
                    format!("$.visits[{i}].links[{j}].visit"),
                    Some(&v.id),
                    "link_outside_package",
                    format!("links join calls of the package only; {:?} is not one", l.visit),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem() -> Problem {
        let text = r#"{"format_version":"1.0","week_start":"2026-11-30",
          "clients":[{"id":"c1","location":{"lat":51.28,"lon":1.08},"profile":"kent","weekly_hours":3.5}],
          "carers":[{"id":"k1","home":{"lat":51.29,"lon":1.07},
                     "availability":[{"date":"2026-11-30","start":"07:00","end":"14:00"}]}],
          "visits":[{"id":"v1","client":"c1","date":"2026-11-30","start":"08:00","duration_min":30}]}"#;
        crate::format::parse_problem(text, "p.json").unwrap()
    }

    /// Every error of a package is reported together, naming the package file, the path inside
    /// it and the id: a client already in the problem, a call of another client, a date outside
    /// the week, an unknown skill and a bad duration.
    #[test]
    fn a_bad_package_reports_every_error_with_its_path_and_id() {
        let text = r#"{"format_version":"1.0",
          "client":{"id":"c1","location":{"lat":51.28,"lon":1.08},"profile":"kent","weekly_hours":2,
                    "required_skills":["levitation"]},
          "visits":[{"id":"n1","client":"c1","date":"2026-12-09","start":"08:00","duration_min":30},
                    {"id":"v1","client":"c9","date":"2026-11-30","start":"08:00","duration_min":0}]}"#;
        let package = parse_package(text, "pkg.json").unwrap();
        let errors = merge(&problem(), &package, "pkg.json").unwrap_err();
        let got: Vec<(String, Option<String>, &str)> =
            errors.errors().map(|e| (e.path.clone(), e.id.clone(), e.code)).collect();
        assert!(errors.errors().all(|e| e.file == "pkg.json"), "{errors}");
        for (path, code) in [
            ("$.client.id", "duplicate_id"),
            ("$.visits[0].date", "date_outside_week"),
            ("$.visits[1].id", "duplicate_id"),
            ("$.visits[1].client", "foreign_client"),
            ("$.visits[1].duration_min", "non_positive_duration"),
        ] {
            assert!(got.iter().any(|(p, _, c)| p == path && *c == code), "no {code} at {path}: {errors}");
        }
        assert!(got.iter().any(|(p, _, _)| p.starts_with("$.client.required_skills")), "{errors}");
    }

    /// A call with a wrong field is reported by its path and id, and the others still read.
    #[test]
    fn a_malformed_call_names_its_path() {
        let text = r#"{"format_version":"1.0",
          "client":{"id":"n","location":{"lat":51.28,"lon":1.08},"profile":"kent","weekly_hours":2},
          "visits":[{"id":"a","client":"n","date":"2026-11-30","start":"8 o'clock","duration_min":30}]}"#;
        let errors = parse_package(text, "pkg.json").unwrap_err();
        let e = errors.errors().next().unwrap();
        assert_eq!((e.path.as_str(), e.id.as_deref()), ("$.visits[0].start", Some("a")), "{errors}");
    }
}
