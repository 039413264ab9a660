//! Reading one CSV file into rows of named cells, and reading cells with every error recorded
//! against the file, the row (as a spreadsheet counts it: the header is row 1) and the column.

use super::{CsvError, CsvFile, Found};
use crate::format::Severity;
use std::collections::HashMap;

/// A column a file may have.
pub(super) struct Column {
    /// The column's name, lower case with underscores.
    pub name: &'static str,
    /// Whether every file must have it.
    pub required: bool,
}

/// Shorthand for a required column.
pub(super) const fn required(name: &'static str) -> Column {
    Column { name, required: true }
}

/// Shorthand for an optional column.
pub(super) const fn optional(name: &'static str) -> Column {
    Column { name, required: false }
}

/// Columns any file may have that Rota does not read: people's names stay in the spreadsheet.
const IGNORED: [&str; 3] = ["name", "notes", "comments"];

/// The most rows a CSV file may have, header aside: a million (a county's visit patterns are
/// tens of thousands). Reading stops there with a `too_many_rows` error, so that a file of
/// millions of tiny rows cannot exhaust memory.
pub const MAX_ROWS: usize = 1_000_000;

/// A CSV file read into rows.
pub(super) struct Table {
    /// The file name, for errors.
    pub file: String,
    /// Column name → position in each row's cells (only the columns Rota reads are kept).
    index: HashMap<&'static str, usize>,
    /// Column name → the header as written, for errors.
    header: HashMap<&'static str, String>,
    /// The rows with at least one cell filled in.
    pub rows: Vec<Row>,
}

/// One row of cells.
pub(super) struct Row {
    /// The row number as a spreadsheet shows it (the header is row 1).
    pub number: usize,
    cells: Vec<String>,
}

/// Header text as a column name: lower case, trimmed, spaces and hyphens as underscores.
fn normalise(header: &str) -> String {
    header.trim().trim_start_matches('\u{feff}').to_lowercase().replace([' ', '-'], "_")
}

impl Table {
    /// Read `file`, which may have `columns`. Problems with the file or its header are recorded
    /// in `errors`; `None` when the rows cannot be read (no header, a required column missing).
    pub fn read(file: &CsvFile, columns: &[Column], errors: &mut Found) -> Option<Table> {
        let name = file.name.clone();
        let error = |row: Option<usize>, column: Option<String>, code: &'static str, message: String| CsvError {
            file: name.clone(),
            row,
            column,
            id: None,
            code,
            message,
            severity: Severity::Error,
        };
        let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
        let mut reader = ::csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(text.as_bytes());
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                errors.push(error(Some(1), None, "malformed_csv", format!("the header row cannot be read: {e}")));
                return None;
            }
        };
        if headers.iter().all(|h| h.trim().is_empty()) {
            errors.push(error(
                Some(1),
                None,
                "missing_column",
                "the file is empty: row 1 must name the columns".into(),
            ));
            return None;
        }
        if headers.len() == 1 && headers[0].contains(';') {
            errors.push(error(
                Some(1),
                None,
                "malformed_csv",
                "the columns are separated by semicolons: save the sheet as CSV with commas".into(),
            ));
            return None;
        }
        let before = errors.len();
        let mut index = HashMap::new();
        let mut header = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            let n = normalise(h);
            if n.is_empty() || IGNORED.contains(&n.as_str()) {
                continue;
            }
            match columns.iter().find(|c| c.name == n) {
                Some(c) => {
                    if index.insert(c.name, i).is_some() {
                        errors.push(error(
                            Some(1),
                            Some(h.trim().to_string()),
                            "duplicate_column",
                            format!("the column `{}` appears twice", c.name),
                        ));
                    }
                    header.insert(c.name, h.trim().to_string());
                }
                None => {
                    let known: Vec<&str> = columns.iter().map(|c| c.name).collect();
                    errors.push(error(
                        Some(1),
                        Some(h.trim().to_string()),
                        "unknown_column",
                        format!(
                            "`{}` is not a column of this file; the columns are {} (and `notes`, which Rota ignores)",
                            h.trim(),
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        for c in columns.iter().filter(|c| c.required && !index.contains_key(c.name)) {
            errors.push(error(
                Some(1),
                Some(c.name.to_string()),
                "missing_column",
                format!("the file has no `{}` column, which is required", c.name),
            ));
        }
        if errors.len() > before {
            return None;
        }
        // Each row keeps only the cells of the columns Rota reads, in this order.
        let mut kept: Vec<(&'static str, usize)> = index.iter().map(|(&name, &i)| (name, i)).collect();
        kept.sort_unstable_by_key(|&(_, i)| i);
        let index = kept.iter().enumerate().map(|(k, &(name, _))| (name, k)).collect();
        let mut rows = Vec::new();
        // Records, not lines: a cell with a line break in it is still one row of the sheet.
        for (i, record) in reader.records().enumerate() {
            let number = i + 2;
            if i == MAX_ROWS {
                let message =
                    format!("the file has more than {MAX_ROWS} rows, the most Rota reads; the rest are not read");
                errors.push(error(Some(number), None, "too_many_rows", message));
                break;
            }
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    errors.push(error(Some(number), None, "malformed_csv", format!("{e}")));
                    continue;
                }
            };
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if record.len() > headers.len() && record.iter().skip(headers.len()).any(|c| !c.trim().is_empty()) {
                errors.push(error(
                    Some(number),
                    None,
                    "too_many_cells",
                    format!("the row has {} cells but the header names {} columns", record.len(), headers.len()),
                ));
                continue;
            }
            let cells = kept.iter().map(|&(_, i)| record.get(i).unwrap_or("").trim().to_string()).collect();
            rows.push(Row { number, cells });
        }
        Some(Table { file: file.name.clone(), index, header, rows })
    }

    /// The column's header as written in the file, or its name if the file does not have it.
    fn header(&self, column: &str) -> String {
        self.header.get(column).cloned().unwrap_or_else(|| column.to_string())
    }
}

/// The cells of one row, read with every error recorded.
pub(super) struct Cells<'a> {
    table: &'a Table,
    row: &'a Row,
    /// The id of the row's item (client, carer; for visits, the client), for errors.
    pub id: Option<String>,
    /// The errors found in this row so far.
    pub errors: Vec<CsvError>,
}

impl<'a> Cells<'a> {
    /// Start reading `row` of `table`.
    pub fn new(table: &'a Table, row: &'a Row) -> Cells<'a> {
        Cells { table, row, id: None, errors: Vec::new() }
    }

    /// The cell's text, trimmed; `None` when the file has no such column or the cell is empty.
    pub fn get(&self, column: &str) -> Option<&'a str> {
        let i = *self.table.index.get(column)?;
        self.row.cells.get(i).map(String::as_str).filter(|s| !s.is_empty())
    }

    /// Record an error in `column` of this row.
    pub fn error(&mut self, column: &str, code: &'static str, message: impl Into<String>) {
        self.errors.push(CsvError {
            file: self.table.file.clone(),
            row: Some(self.row.number),
            column: Some(self.table.header(column)),
            id: self.id.clone(),
            code,
            message: message.into(),
            severity: Severity::Error,
        });
    }

    /// The row's `id` (required), which becomes the id its errors name; an error when a row
    /// listed in `first_row` (ids to the row they first appear on) already has it. `what` names
    /// the item in the message ("client", "carer").
    pub fn row_id(&mut self, what: &str, first_row: &HashMap<String, usize>) -> Option<String> {
        let id = self.required("id").map(str::to_string);
        self.id = id.clone();
        if let Some(first) = id.as_ref().and_then(|id| first_row.get(id)) {
            let message = format!("{what} id {:?} is used twice: first on row {first}", id.as_deref().unwrap_or(""));
            self.error("id", "duplicate_id", message);
        }
        id
    }

    /// The cell's text; an error when it is empty.
    pub fn required(&mut self, column: &str) -> Option<&'a str> {
        let v = self.get(column);
        if v.is_none() {
            self.error(column, "missing_value", format!("`{column}` is required"));
        }
        v
    }

    /// The cell read by `parse`; `None` when it is empty or does not parse (an error, with
    /// `parse`'s message and the code `code`).
    pub fn parse<T>(
        &mut self,
        column: &str,
        code: &'static str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.get(column)?;
        match parse(text) {
            Ok(v) => Some(v),
            Err(m) => {
                self.error(column, code, m);
                None
            }
        }
    }

    /// A decimal number, zero or more, e.g. hours.
    pub fn hours(&mut self, column: &str) -> Option<f64> {
        self.parse(column, "invalid_value", |t| {
            t.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| format!("`{t}` is not a number of 0 or more (write e.g. 7.5)"))
        })
    }

    /// A whole number from `min` to `max`.
    pub fn whole(&mut self, column: &str, min: i64, max: i64) -> Option<i64> {
        self.parse(column, "invalid_value", |t| {
            t.parse::<i64>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| format!("`{t}` is not a whole number from {min} to {max}"))
        })
    }

    /// Yes or no: `yes`, `y`, `true`, `1`, `x` or `no`, `n`, `false`, `0`; empty is `default`.
    pub fn yes_no(&mut self, column: &str, default: bool) -> bool {
        self.parse(column, "invalid_value", |t| match t.to_lowercase().as_str() {
            "yes" | "y" | "true" | "1" | "x" => Ok(true),
            "no" | "n" | "false" | "0" => Ok(false),
            _ => Err(format!("`{t}` is not yes or no")),
        })
        .unwrap_or(default)
    }
}

/// The items of a list cell, separated by semicolons or commas, trimmed, empty ones dropped.
pub(super) fn list(text: Option<&str>) -> Vec<String> {
    text.map(|t| t.split([';', ',', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

/// A skill name as an id: lower case, spaces as hyphens (`Moving and handling` is
/// `moving-and-handling`).
pub(super) fn skill_id(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join("-").to_lowercase()
}

/// Skill ids from a list cell, without repeats.
pub(super) fn skills(text: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in list(text).iter().map(|s| skill_id(s)) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}
