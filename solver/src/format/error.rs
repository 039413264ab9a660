//! Input errors: each names the file, the JSON path and the offending id.

use serde::Serialize;
use std::fmt;

/// How bad an input finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file is still usable; the finding is worth a look (e.g. a visit off the billing grid).
    Warning,
    /// The file cannot be used.
    Error,
}

/// One problem found in an input file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// The file, as given by the user.
    pub file: String,
    /// JSON path to the offending value, e.g. `$.visits[3].client`.
    pub path: String,
    /// The id of the offending item (visit, client, carer…), if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A stable code, e.g. `unknown_reference`, `duplicate_id`.
    pub code: &'static str,
    /// What is wrong, in words.
    pub message: String,
    /// Error or warning.
    pub severity: Severity,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}[{}]: {}: {}", self.code, self.file, self.path)?;
        if let Some(id) = &self.id {
            write!(f, " (id {id:?})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in one or more input files, reported together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Default)]
pub struct InputErrors(pub Vec<InputError>);

impl InputErrors {
    /// Only the findings that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &InputError> {
        self.0.iter().filter(|e| e.severity == Severity::Error)
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors().count();
        for e in &self.0 {
            writeln!(f, "{e}")?;
        }
        write!(f, "{n} error(s), {} warning(s)", self.0.len() - n)
    }
}

impl std::error::Error for InputErrors {}

/// The most errors, and separately the most warnings, listed for one file. A hostile file can
/// hold a bad item every three bytes (`[{},{},…]`): 30 MB of them made ten million errors and
/// took 3.5 GB to list, so past this many the rest are counted in one last finding instead.
pub const MAX_FINDINGS: usize = 10_000;

/// Collects findings for one file.
#[derive(Debug)]
pub struct Findings {
    file: String,
    /// The findings so far.
    pub list: Vec<InputError>,
    /// Warnings and errors listed so far (by [`Severity`] as an index).
    listed: [usize; 2],
    /// Warnings and errors not listed, past [`MAX_FINDINGS`] of each, with the position of the
    /// finding that counts them.
    unlisted: [(usize, usize); 2],
}

impl Findings {
    /// Start collecting for `file`.
    pub fn new(file: &str) -> Findings {
        Findings { file: file.to_string(), list: Vec::new(), listed: [0, 0], unlisted: [(0, 0); 2] }
    }

    /// Record an error.
    pub fn error(&mut self, path: impl Into<String>, id: Option<&str>, code: &'static str, message: impl Into<String>) {
        self.push(Severity::Error, path, id, code, message);
    }

    /// Record a warning.
    pub fn warning(
        &mut self,
        path: impl Into<String>,
        id: Option<&str>,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, path, id, code, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        path: impl Into<String>,
        id: Option<&str>,
        code: &'static str,
        message: impl Into<String>,
    ) {
        let k = severity as usize;
        if self.listed[k] >= MAX_FINDINGS {
            let kind = if severity == Severity::Error { "errors" } else { "warnings" };
            let (n, at) = &mut self.unlisted[k];
            *n += 1;
            let message = format!("{n} more {kind} are not listed: only the first {MAX_FINDINGS} are");
            match self.list.get_mut(*at).filter(|e| e.code == "too_many_findings" && *n > 1) {
                Some(note) => note.message = message,
                None => {
                    *at = self.list.len();
                    let file = self.file.clone();
                    self.list.push(InputError {
                        file,
                        path: "$".into(),
                        id: None,
                        code: "too_many_findings",
                        message,
                        severity,
                    });
                }
            }
            return;
        }
        self.listed[k] += 1;
        self.list.push(InputError {
            file: self.file.clone(),
            path: path.into(),
            id: id.map(str::to_string),
            code,
            message: message.into(),
            severity,
        });
    }

    /// The file name.
    pub fn file(&self) -> &str {
        &self.file
    }
}
