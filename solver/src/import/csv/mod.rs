//! Spreadsheet input: a week's problem from three CSV files, `clients.csv`, `carers.csv` and
//! `visits.csv`, as schedulers keep them (every column is described in `docs/csv.md`).
//!
//! - **clients**: one row per client: id, place (`lat` and `lon`, or a `postcode` looked up in a
//!   postcode table), profile, weekly hours, skills, refused and preferred carers, preferences;
//! - **carers**: one row per carer: id, home, skills (`dementia until 2027-03-31`), availability
//!   (`Mon 07:00-13:00; Mon 16:00-22:00`), travel mode, hour limits;
//! - **visits**: one row per visit pattern: client, days (`every day`, `weekdays`,
//!   `Mon,Wed,Fri`, `2026-12-01`…), start `HH:MM`, duration, carers required, time-critical,
//!   window, skills. Each row becomes one dated visit on each of its days in the week, with the
//!   id `<client>-<yyyy-mm-dd>-<hhmm>` ([`visit_id`]).
//!
//! The problem's skills are the skills some carer holds: a client or visit needing a skill that
//! no carer holds is reported, since no carer could ever do it.
//!
//! Every error is reported together and none stops the reading: each names the file, the row as
//! a spreadsheet counts it (the header is row 1) and the column. Once the files are read, the
//! problem goes through the same validation as a problem file ([`crate::validate`]), so errors
//! across files (a visit for an unknown client, a refused carer who does not exist, overlapping
//! availability) are reported too, on the row and column they came from. Bad input never panics.
//!
//! ```
//! use rota::import::csv::{import, CsvFile, CsvOptions};
//! let clients = CsvFile::new("clients.csv", "id,postcode,lat,lon\nc01,CT1 2EH,51.2802,1.0789\n");
//! let carers = CsvFile::new(
//!     "carers.csv",
//!     "id,lat,lon,skills,availability\nk01,51.29,1.07,dementia,\"Mon-Fri 07:00-13:00; Mon 16:00-22:00\"\n",
//! );
//! let visits = CsvFile::new("visits.csv", "client,days,start,duration_min\nc01,weekdays,08:00,30\n");
//! let options = CsvOptions::new("2026-11-30".parse().unwrap(), "kent");
//! let imported = import(&clients, &carers, &visits, &options).unwrap();
//! assert_eq!(imported.problem.visits.len(), 5);
//! assert_eq!(imported.problem.visits[0].id, "c01-2026-11-30-0800");
//! assert_eq!(imported.problem.carers[0].availability.len(), 6);
//!
//! // A visit at 8.00 on a client nobody listed: both reported, by file, row and column.
//! let bad = CsvFile::new("visits.csv", "client,days,start,duration_min\nc01,Mon,8.00,30\nc99,Tue,09:00,30\n");
//! let errors = import(&clients, &carers, &bad, &options).unwrap_err();
//! let found: Vec<String> = errors.errors().map(|e| format!("{} {:?} {:?}", e.code, e.row, e.column)).collect();
//! assert_eq!(found, [r#"bad_time Some(2) Some("start")"#, r#"unknown_reference Some(3) Some("client")"#]);
//! ```

pub mod availability;
mod carers;
mod clients;
pub mod pattern;
mod table;
mod visits;

pub use table::MAX_ROWS;
pub use visits::visit_id;

use crate::format::{Findings, InputError, Severity};
use crate::generate::PostcodeTable;
use crate::model::{profile, Location, ObjectiveWeights, Problem, Skill, TravelConfig, WorkingTime, FORMAT_VERSION};
use crate::time::Week;
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;
use table::Cells;

/// One CSV file: its name as the user gave it (used in errors) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvFile {
    /// The file name, as errors show it.
    pub name: String,
    /// The file's text.
    pub text: String,
}

impl CsvFile {
    /// A file from its name and text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> CsvFile {
        CsvFile { name: name.into(), text: text.into() }
    }

    /// Read a file from disk. A file that cannot be read, is larger than
    /// [`crate::format::MAX_INPUT_BYTES`] or is not UTF-8 text is an error.
    pub fn read(path: impl AsRef<Path>) -> Result<CsvFile, CsvErrors> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let fail = |code, message: String| CsvErrors(vec![CsvError::whole(&name, code, message)]);
        let bytes = crate::format::read_bytes(path).map_err(|e| fail(e.code(), e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            fail(
                "not_utf8",
                format!("the file is not UTF-8 text (byte {}): save it as \"CSV UTF-8\"", e.utf8_error().valid_up_to()),
            )
        })?;
        Ok(CsvFile { name, text })
    }
}

/// What the files do not say: the week, the default profile, a name and a postcode table.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvOptions {
    /// The Monday the rota week starts on. Visit patterns are expanded over this week.
    pub week_start: NaiveDate,
    /// The contract profile of every client whose `profile` cell is empty.
    pub profile: String,
    /// The problem's name; empty gives `week of <week_start>`.
    pub name: String,
    /// Places by postcode ([`normalise_postcode`] form), for rows that give a postcode but no
    /// `lat` and `lon`. Empty: every row needs `lat` and `lon`.
    pub postcodes: BTreeMap<String, Location>,
}

impl CsvOptions {
    /// Options for the week starting on `week_start` (a Monday), with `profile` as the clients'
    /// default contract profile, no name and no postcode table.
    pub fn new(week_start: NaiveDate, profile: &str) -> CsvOptions {
        CsvOptions { week_start, profile: profile.to_string(), name: String::new(), postcodes: BTreeMap::new() }
    }

    /// These options with the postcodes of `table` to look places up by.
    pub fn with_postcodes(mut self, table: &PostcodeTable) -> CsvOptions {
        self.postcodes = table.rows.iter().map(|p| (normalise_postcode(&p.postcode), p.location)).collect();
        self
    }
}

/// A postcode in one form for lookups: upper case, one space before the last three characters
/// (`ct12eh` and `CT1  2EH` are both `CT1 2EH`).
pub fn normalise_postcode(text: &str) -> String {
    let mut s: String = text.split_whitespace().collect::<String>().to_uppercase();
    if s.len() > 3 && s.is_char_boundary(s.len() - 3) {
        s.insert(s.len() - 3, ' ');
    }
    s
}

/// One problem found in the CSV files: the file, the row (the header is row 1) and the column.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CsvError {
    /// The file, as given (`options` for a problem with the options).
    pub file: String,
    /// The row as a spreadsheet numbers it: the header is row 1, the first data row is row 2.
    pub row: Option<usize>,
    /// The column, as its header is written in the file.
    pub column: Option<String>,
    /// The id of the row's client or carer; for `visits.csv`, the client or the visit.
    pub id: Option<String>,
    /// A stable code, e.g. `bad_time`, `missing_column`, `unknown_reference`.
    pub code: &'static str,
    /// What is wrong, in words.
    pub message: String,
    /// Error or warning.
    pub severity: Severity,
}

impl CsvError {
    /// An error about a whole file.
    fn whole(file: &str, code: &'static str, message: String) -> CsvError {
        CsvError { file: file.into(), row: None, column: None, id: None, code, message, severity: Severity::Error }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}[{}]: {}", self.code, self.file)?;
        match (self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, ": row {r}, column {c}")?,
            (Some(r), None) => write!(f, ": row {r}")?,
            (None, Some(c)) => write!(f, ": {c}")?,
            (None, None) => {}
        }
        if let Some(id) = &self.id {
            write!(f, " (id {id:?})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The errors of an import as they are found. At most [`crate::format::MAX_FINDINGS`] are kept;
/// the rest are counted in one last error, `too_many_findings` (a file of millions of bad rows
/// would otherwise take gigabytes to list).
#[derive(Default)]
struct Found {
    list: Vec<CsvError>,
    unlisted: usize,
}

impl Found {
    /// Keep `e`, or count it past the limit (a file cut short at its row limit is always said).
    fn push(&mut self, e: CsvError) {
        if self.list.len() < crate::format::MAX_FINDINGS || e.code == "too_many_rows" {
            self.list.push(e);
        } else {
            self.unlisted += 1;
        }
    }

    /// Keep or count each of `more`, leaving it empty.
    fn append(&mut self, more: &mut Vec<CsvError>) {
        for e in more.drain(..) {
            self.push(e);
        }
    }

    /// How many were found, kept or not.
    fn len(&self) -> usize {
        self.list.len() + self.unlisted
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The errors kept, then the count of the rest.
    fn into_vec(mut self) -> Vec<CsvError> {
        if self.unlisted > 0 {
            let message = format!(
                "{} more errors are not listed: only the first {} are",
                self.unlisted,
                crate::format::MAX_FINDINGS
            );
            let file = self.list.last().map(|e| e.file.clone()).unwrap_or_default();
            self.list.push(CsvError::whole(&file, "too_many_findings", message));
        }
        self.list
    }
}

/// Every problem found in the CSV files, reported together.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CsvErrors(pub Vec<CsvError>);

impl CsvErrors {
    /// Only the findings that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &CsvError> {
        self.0.iter().filter(|e| e.severity == Severity::Error)
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

impl fmt::Display for CsvErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors().count();
        for e in &self.0 {
            writeln!(f, "{e}")?;
        }
        write!(f, "{n} error(s), {} warning(s)", self.0.len() - n)
    }
}

impl std::error::Error for CsvErrors {}

/// An imported week: the problem and the warnings found on the way (such as a visit off its
/// profile's billing grid).
#[derive(Clone, Debug)]
pub struct CsvImport {
    /// The problem, valid as a problem file.
    pub problem: Problem,
    /// Warnings, each on the row and column it came from.
    pub warnings: CsvErrors,
}

/// Build a problem from the three files. Returns every error found (with the warnings), or the
/// problem with its warnings.
pub fn import(
    clients: &CsvFile,
    carers: &CsvFile,
    visits: &CsvFile,
    options: &CsvOptions,
) -> Result<CsvImport, CsvErrors> {
    let option = |column: &str, code, message| CsvError {
        column: Some(column.to_string()),
        ..CsvError::whole("options", code, message)
    };
    let mut errors = Found::default();
    let week = Week::starting(options.week_start);
    if week.is_none() {
        let back = options.week_start.weekday().num_days_from_monday() as u64;
        errors.push(option(
            "week_start",
            "week_start_not_monday",
            format!(
                "{} is a {:?}: the rota week starts on a Monday (the Monday before is {})",
                options.week_start,
                options.week_start.weekday(),
                options.week_start - chrono::Days::new(back)
            ),
        ));
    }
    if profile::resolve(&options.profile, &BTreeMap::new()).is_none() {
        errors.push(option(
            "profile",
            "unknown_profile",
            format!("there is no profile {:?}; the profiles are {}", options.profile, profile::BUILT_IN.join(", ")),
        ));
    }
    let Some(week) = week.filter(|_| errors.is_empty()) else {
        return Err(CsvErrors(errors.into_vec()));
    };
    let cl = clients::read(clients, options, &mut errors);
    let ca = carers::read(carers, options, &week, &mut errors);
    let vi = visits::read(visits, &week, &mut errors);

    // Commissioned hours left empty: the carer hours of the client's visits this week (a
    // double-handed call counts once per carer), rounded up to a quarter hour.
    let mut seat_minutes: HashMap<&str, i64> = HashMap::new();
    for (v, _) in &vi.visits {
        *seat_minutes.entry(v.client.as_str()).or_default() += i64::from(v.duration_min) * i64::from(v.carers_required);
    }
    let mut client_list = Vec::with_capacity(cl.rows.len());
    for r in &cl.rows {
        let mut client = r.client.clone();
        if !r.hours_given {
            let minutes = seat_minutes.get(client.id.as_str()).copied().unwrap_or(0);
            client.weekly_hours = ((minutes + 14) / 15) as f64 / 4.0;
        }
        client_list.push(client);
    }
    let mut problem = Problem {
        format_version: FORMAT_VERSION.to_string(),
        name: if options.name.is_empty() { format!("week of {}", options.week_start) } else { options.name.clone() },
        week_start: options.week_start,
        skills: ca.skills.iter().map(|id| Skill { id: id.clone(), description: String::new() }).collect(),
        profiles: BTreeMap::new(),
        travel: TravelConfig::default(),
        working_time: WorkingTime::default(),
        objective: ObjectiveWeights::default(),
        clients: client_list,
        carers: ca.rows.iter().map(|(k, _)| k.clone()).collect(),
        visits: vi.visits.iter().map(|(v, _)| v.clone()).collect(),
    };
    // Genders and languages in the one form the solver and checker match on, as a problem file
    // is read ([`Problem::normalise`]).
    problem.normalise();
    let mut warnings = Vec::new();
    // Cross-file checks need all three files: with one unreadable, every reference into it
    // would be reported.
    if cl.table_read && ca.table_read && vi.table_read {
        let origin = Origin {
            files: [clients.name.as_str(), carers.name.as_str(), visits.name.as_str()],
            rows: [
                cl.rows.iter().map(|r| r.row).collect(),
                ca.rows.iter().map(|(_, r)| *r).collect(),
                vi.visits.iter().map(|(_, r)| *r).collect(),
            ],
            failed_clients: cl.failed.iter().map(String::as_str).collect(),
            failed_carers: ca.failed.iter().map(String::as_str).collect(),
        };
        let mut f = Findings::new("problem");
        crate::validate::problem(&problem, &mut f);
        for finding in origin.map(&problem, f.list) {
            match finding.severity {
                Severity::Error => errors.push(finding),
                Severity::Warning => warnings.push(finding),
            }
        }
    }
    let mut errors = errors.into_vec();
    let rank = |e: &CsvError| {
        let file = [&clients.name, &carers.name, &visits.name].iter().position(|n| **n == e.file).unwrap_or(3);
        (file, e.row.unwrap_or(0))
    };
    errors.sort_by_key(rank);
    warnings.sort_by_key(rank);
    if errors.is_empty() {
        Ok(CsvImport { problem, warnings: CsvErrors(warnings) })
    } else {
        errors.append(&mut warnings);
        Err(CsvErrors(errors))
    }
}

/// Where each item of the problem came from, to put validation findings back on rows.
struct Origin<'a> {
    /// The clients, carers and visits files' names.
    files: [&'a str; 3],
    /// For each list (clients, carers, visits), the row of each item.
    rows: [Vec<usize>; 3],
    /// Client ids whose rows had errors: references to them are not reported again.
    failed_clients: HashSet<&'a str>,
    /// Carer ids whose rows had errors.
    failed_carers: HashSet<&'a str>,
}

impl Origin<'_> {
    /// The findings on rows and columns, without the repeats one row's visits give.
    fn map(&self, p: &Problem, findings: Vec<InputError>) -> Vec<CsvError> {
        let mut out: Vec<CsvError> = Vec::new();
        // (row, column, code, message without the visit id) → (position in out, repeats).
        let mut seen: HashMap<(usize, String, &'static str, String), (usize, usize)> = HashMap::new();
        for e in findings {
            let Some((list, i, field, j)) = locate(&e.path) else {
                out.push(CsvError { column: Some(e.path.clone()), ..CsvError::whole("problem", e.code, e.message) });
                continue;
            };
            let Some(k) = ["clients", "carers", "visits"].iter().position(|l| *l == list) else {
                out.push(CsvError { column: Some(e.path.clone()), ..CsvError::whole("problem", e.code, e.message) });
                continue;
            };
            let mut message = e.message.clone();
            if e.code == "unknown_reference" {
                let target = referenced(p, list, i, field, j);
                let failed = target.is_some_and(|t| self.failed_clients.contains(t) || self.failed_carers.contains(t));
                if failed {
                    continue;
                }
                match field {
                    "client" => message.push_str(&format!(" in {}", self.files[0])),
                    "excluded_carers" | "preferred_carers" | "key_carer" => {
                        message.push_str(&format!(" in {}", self.files[1]))
                    }
                    "skills" | "required_skills" => {
                        message.push_str(&format!(": no carer in {} holds this skill", self.files[1]))
                    }
                    _ => {}
                }
            }
            let row = self.rows[k].get(i).copied();
            let column = column(list, field);
            let id = e.id.clone();
            if let (Some(r), Some(c), Some(id)) = (row, &column, &id) {
                let key = (r, c.clone(), e.code, message.replace(id.as_str(), ""));
                if let Some((at, n)) = seen.get_mut(&key) {
                    *n += 1;
                    let more = *n;
                    let first = &mut out[*at];
                    let base = first.message.split(" (and the same for").next().unwrap_or("").to_string();
                    first.message = format!("{base} (and the same for {more} more visit(s) of this row)");
                    continue;
                }
                seen.insert(key, (out.len(), 0));
            }
            out.push(CsvError {
                file: self.files[k].to_string(),
                row,
                column,
                id,
                code: e.code,
                message,
                severity: e.severity,
            });
        }
        out
    }
}

/// `$.visits[12].skills[0]` as (`visits`, 12, `skills`, Some(0)).
fn locate(path: &str) -> Option<(&str, usize, &str, Option<usize>)> {
    let rest = path.strip_prefix("$.")?;
    let (list, rest) = rest.split_once('[')?;
    let (i, rest) = rest.split_once(']')?;
    let i = i.parse().ok()?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let end = rest.find(['[', '.']).unwrap_or(rest.len());
    let field = &rest[..end];
    let j = rest[end..].strip_prefix('[').and_then(|r| r.split_once(']')).and_then(|(j, _)| j.parse().ok());
    Some((list, i, field, j))
}

/// The CSV column a problem field came from.
fn column(list: &str, field: &str) -> Option<String> {
    let name = match (list, field) {
        (_, "") | ("visits", "links") => return None,
        ("clients", "location") | ("carers", "home") => "lat",
        ("clients", "required_skills") => "skills",
        ("clients", "preferences") => "gender_preference",
        ("visits", "date") => "days",
        ("visits", "id") => "start",
        (_, field) => field,
    };
    Some(name.to_string())
}

/// The id an `unknown_reference` finding names.
fn referenced<'p>(p: &'p Problem, list: &str, i: usize, field: &str, j: Option<usize>) -> Option<&'p str> {
    let at = |v: &'p [String]| j.and_then(|j| v.get(j)).map(String::as_str);
    match (list, field) {
        ("visits", "client") => p.visits.get(i).map(|v| v.client.as_str()),
        ("clients", "excluded_carers") => p.clients.get(i).and_then(|c| at(&c.excluded_carers[..])),
        ("clients", "preferred_carers") => p.clients.get(i).and_then(|c| at(&c.preferred_carers[..])),
        ("clients", "key_carer") => p.clients.get(i).and_then(|c| c.key_carer.as_deref()),
        _ => None,
    }
}

/// A row's place: `lat` and `lon`, or its `postcode` looked up in the options' table. Returns
/// the place and the postcode, or `None` with the errors recorded.
fn place(c: &mut Cells, options: &CsvOptions) -> Option<(Location, Option<String>)> {
    let postcode = c.get("postcode").map(normalise_postcode);
    let coordinate = |limit: f64| {
        move |t: &str| {
            t.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && x.abs() <= limit)
                .ok_or_else(|| format!("`{t}` is not a coordinate from -{limit} to {limit} (decimal degrees)"))
        }
    };
    let lat = c.parse("lat", "invalid_value", coordinate(90.0));
    let lon = c.parse("lon", "invalid_value", coordinate(180.0));
    match (c.get("lat"), c.get("lon")) {
        (Some(_), Some(_)) => Some((Location::geo(lat?, lon?), postcode)),
        (Some(_), None) => {
            c.error("lon", "missing_value", "`lat` is given without `lon`");
            None
        }
        (None, Some(_)) => {
            c.error("lat", "missing_value", "`lon` is given without `lat`");
            None
        }
        (None, None) => match &postcode {
            Some(pc) if options.postcodes.is_empty() => {
                c.error(
                    "lat",
                    "missing_value",
                    format!("no `lat` and `lon` for {pc}: give them, or a postcode table to look the postcode up in"),
                );
                None
            }
            Some(pc) => match options.postcodes.get(pc) {
                Some(&l) => Some((l, postcode)),
                None => {
                    c.error("postcode", "unknown_postcode", format!("{pc} is not in the postcode table"));
                    None
                }
            },
            None => {
                c.error("lat", "missing_value", "no place given: fill in `lat` and `lon`, or `postcode`");
                None
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_postcodes() {
        assert_eq!(locate("$.visits[12].skills[0]"), Some(("visits", 12, "skills", Some(0))));
        assert_eq!(locate("$.carers[2].skills[1].skill"), Some(("carers", 2, "skills", Some(1))));
        assert_eq!(locate("$.clients[0].location"), Some(("clients", 0, "location", None)));
        assert_eq!(locate("$.week_start"), None);
        assert_eq!(normalise_postcode(" ct12eh "), "CT1 2EH");
        assert_eq!(normalise_postcode("CT1  2EH"), "CT1 2EH");
    }
}
