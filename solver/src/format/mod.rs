//! Reading and writing problem and rota files (JSON), with every input error reported together.
//!
//! A file must be readable (`unreadable_file`) and at most [`MAX_INPUT_BYTES`] long
//! (`file_too_large`, see [`read_text`]). At most [`MAX_FINDINGS`] errors and as many warnings
//! are listed for one file; one last finding, `too_many_findings`, counts the rest. Loading is then done in three passes so that one bad
//! visit does not hide the next:
//! 1. the file must be JSON at all (`malformed_json`, with line and column; nesting deeper than
//!    128 levels is malformed too, so no input can exhaust the stack);
//! 2. each item of each list (`clients[i]`, `visits[i]`…) is read on its own, so every item
//!    with a wrong or missing field is reported, with its path and id;
//! 3. the whole problem is validated ([`crate::validate`]): references, duplicates, windows,
//!    dates, links and the rest.
//!
//! ```
//! let text = r#"{"format_version":"1.0","week_start":"2026-11-30",
//!   "clients":[{"id":"c1","location":{"lat":51.27,"lon":1.08},"profile":"kent","weekly_hours":3.5}],
//!   "carers":[{"id":"k1","home":{"lat":51.28,"lon":1.07},
//!              "availability":[{"date":"2026-11-30","start":"07:00","end":"14:00"}]}],
//!   "visits":[{"id":"v1","client":"c1","date":"2026-11-30","start":"08:00","duration_min":30},
//!             {"id":"v2","client":"c9","date":"2026-12-09","start":"08:00","duration_min":0}]}"#;
//! let errors = rota::format::parse_problem(text, "week.json").unwrap_err();
//! let codes: Vec<_> = errors.errors().map(|e| e.code).collect();
//! assert!(codes.contains(&"unknown_reference"));   // client c9
//! assert!(codes.contains(&"date_outside_week"));   // 2026-12-09
//! assert!(codes.contains(&"non_positive_duration"));
//! ```

mod atomic;
mod error;
mod input;
pub mod rota;
pub mod schema;

pub use atomic::{write_atomic, write_atomic_with};
pub use error::{Findings, InputError, InputErrors, Severity, MAX_FINDINGS};
pub use input::{read_bytes, read_bytes_within, read_text, read_text_within, ReadError, MAX_INPUT_BYTES};
pub use rota::{MadeBy, PlannedVisit, Reason, Rota, Round, Unassigned};

use crate::model::Problem;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::path::Path;

/// Read and validate a problem file. Warnings are returned with the problem.
pub fn load_problem(path: impl AsRef<Path>) -> Result<(Problem, InputErrors), InputErrors> {
    let path = path.as_ref();
    let text = read(path)?;
    parse_problem_with_warnings(&text, &path.display().to_string())
}

/// Parse and validate a problem from JSON text; `file` names it in errors. Warnings are dropped.
pub fn parse_problem(text: &str, file: &str) -> Result<Problem, InputErrors> {
    parse_problem_with_warnings(text, file).map(|(p, _)| p)
}

/// Parse and validate a problem, returning its warnings beside it.
pub fn parse_problem_with_warnings(text: &str, file: &str) -> Result<(Problem, InputErrors), InputErrors> {
    let mut f = Findings::new(file);
    let mut problem = read_piecewise::<Problem>(
        text,
        &mut f,
        &["format_version", "week_start", "clients", "carers", "visits"],
        &[
            ("skills", check_element::<crate::model::Skill>),
            ("clients", check_element::<crate::model::Client>),
            ("carers", check_element::<crate::model::Carer>),
            ("visits", check_element::<crate::model::Visit>),
        ],
    );
    if let Some(problem) = &mut problem {
        problem.normalise();
        crate::validate::problem(problem, &mut f);
    }
    finish(problem, f)
}

/// Read a rota file and validate it against its problem (ids, dates, counts). Warnings (such as
/// a rota made for a problem of another name) are returned with the rota.
pub fn load_rota(path: impl AsRef<Path>, problem: &Problem) -> Result<(Rota, InputErrors), InputErrors> {
    let path = path.as_ref();
    let text = read(path)?;
    parse_rota_with_warnings(&text, &path.display().to_string(), problem)
}

/// Parse a rota from JSON text and validate it against its problem. Warnings are dropped.
pub fn parse_rota(text: &str, file: &str, problem: &Problem) -> Result<Rota, InputErrors> {
    parse_rota_with_warnings(text, file, problem).map(|(r, _)| r)
}

/// Parse a rota and validate it against its problem, returning its warnings beside it.
pub fn parse_rota_with_warnings(text: &str, file: &str, problem: &Problem) -> Result<(Rota, InputErrors), InputErrors> {
    let mut f = Findings::new(file);
    let rota = read_rota_fields(text, &mut f);
    if let Some(rota) = &rota {
        crate::validate::rota(problem, rota, &mut f);
    }
    finish(rota, f)
}

/// Read a rota file on its own, without its problem: the JSON and every field of every round,
/// visit and unassigned entry are checked (each error with its path), but not the ids, which
/// only the problem knows. For tools that compare two rotas (`rota diff`).
pub fn load_rota_alone(path: impl AsRef<Path>) -> Result<Rota, InputErrors> {
    let path = path.as_ref();
    let text = read(path)?;
    let mut f = Findings::new(&path.display().to_string());
    let rota = read_rota_fields(&text, &mut f);
    finish(rota, f).map(|(r, _)| r)
}

/// The rota in `text`, each round and unassigned entry read on its own so that every bad one is
/// reported.
fn read_rota_fields(text: &str, f: &mut Findings) -> Option<Rota> {
    read_piecewise::<Rota>(
        text,
        f,
        &["format_version", "rounds"],
        &[("rounds", check_element::<Round>), ("unassigned", check_element::<Unassigned>)],
    )
}

/// Write any serialisable value as pretty JSON with a trailing newline, atomically: the file
/// is whole or not written at all ([`write_atomic`]).
pub fn save_json<T: Serialize>(path: impl AsRef<Path>, value: &T) -> std::io::Result<()> {
    write_atomic_with(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value)?;
        std::io::Write::write_all(w, b"\n")
    })
}

/// Pretty JSON text with a trailing newline.
pub fn to_json<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("model types always serialise");
    s.push('\n');
    s
}

pub(crate) fn finish<T>(value: Option<T>, f: Findings) -> Result<(T, InputErrors), InputErrors> {
    let all = InputErrors(f.list);
    match value {
        Some(v) if !all.has_errors() => Ok((v, all)),
        _ => Err(all),
    }
}

pub(crate) fn read(path: &Path) -> Result<String, InputErrors> {
    read_text(path).map_err(|e| {
        let mut f = Findings::new(&path.display().to_string());
        f.error("$", None, e.code(), e.to_string());
        InputErrors(f.list)
    })
}

/// Reads one list element on its own; returns the path inside it, a code and a message.
pub(crate) type ElementReader = fn(&Value) -> Option<(String, &'static str, String)>;

pub(crate) fn check_element<E: DeserializeOwned>(item: &Value) -> Option<(String, &'static str, String)> {
    match serde_path_to_error::deserialize::<_, E>(item) {
        Ok(_) => None,
        Err(e) => {
            let (code, msg) = classify(e.inner().to_string());
            Some((e.path().to_string(), code, msg))
        }
    }
}

/// Deserialise `T` from `text`, reading each element of the named top-level lists on its own
/// so that every bad element is reported, not only the first.
pub(crate) fn read_piecewise<T: DeserializeOwned>(
    text: &str,
    f: &mut Findings,
    required: &[&str],
    lists: &[(&str, ElementReader)],
) -> Option<T> {
    let mut root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            f.error("$", None, "malformed_json", format!("not valid JSON: {e}"));
            return None;
        }
    };
    let Some(obj) = root.as_object_mut() else {
        f.error("$", None, "wrong_type", "the file must hold a JSON object");
        return None;
    };
    let errors_before = f.list.len();
    // Every missing required field is reported, not only the first serde meets.
    for name in required {
        if !obj.contains_key(*name) {
            f.error(format!("$.{name}"), None, "missing_field", format!("missing field `{name}`"));
        }
    }
    if f.list.len() > errors_before {
        return None;
    }
    for &(name, reader) in lists {
        match obj.get_mut(name) {
            Some(Value::Array(items)) => {
                // Keep the good elements so the rest of the file can still be read.
                let all = std::mem::take(items);
                for (i, item) in all.into_iter().enumerate() {
                    match reader(&item) {
                        None => items.push(item),
                        Some((inner, code, msg)) => {
                            let id = item.get("id").and_then(Value::as_str).map(str::to_string);
                            let path = match inner.as_str() {
                                "." | "" => format!("$.{name}[{i}]"),
                                p => format!("$.{name}[{i}].{p}"),
                            };
                            f.error(path, id.as_deref(), code, msg);
                        }
                    }
                }
            }
            Some(_) => {
                f.error(format!("$.{name}"), None, "wrong_type", format!("`{name}` must be a list"));
                obj.insert(name.to_string(), Value::Array(Vec::new()));
            }
            None => {}
        }
    }
    match serde_path_to_error::deserialize::<_, T>(root) {
        Ok(v) if f.list.len() == errors_before => Some(v),
        Ok(_) => None,
        Err(e) => {
            let p = e.path().to_string();
            let path = if p == "." { "$".to_string() } else { format!("$.{p}") };
            let (code, msg) = classify(e.inner().to_string());
            f.error(path, None, code, msg);
            None
        }
    }
}

/// Serde's messages name Rust types; say what a user would write instead.
fn plain(message: String) -> String {
    let mut m = message;
    for (rust, plain) in [
        ("i32", "a whole number"),
        ("i64", "a whole number"),
        ("u8", "a whole number from 0 to 255"),
        ("u32", "a whole number, 0 or more"),
        ("u64", "a whole number, 0 or more"),
        ("f64", "a number"),
        ("a sequence", "a list"),
        ("a map", "an object"),
    ] {
        m = m.replace(&format!("expected {rust}"), &format!("expected {plain}"));
    }
    if let Some(i) = m.find("expected struct ") {
        m.replace_range(i.., "expected an object");
    }
    if m.contains("input contains invalid characters") || m.contains("premature end of input") {
        m.push_str(" (dates are written YYYY-MM-DD)");
    }
    m
}

pub(crate) fn classify(message: String) -> (&'static str, String) {
    let message = plain(message);
    let code = if message.starts_with("missing field") {
        "missing_field"
    } else if message.starts_with("unknown field") {
        "unknown_field"
    } else if message.starts_with("invalid type") {
        "wrong_type"
    } else {
        "invalid_value"
    };
    (code, message)
}
