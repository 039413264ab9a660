//! The official HHCRSP validator of `iolab-uniud/hhcrsp` (Python, vendored in
//! `benchmarks/validators/hhcrsp`), run by `rota bench mankowska|italian` on every exported
//! solution file, beside Rota's own checker and reference evaluator.
//!
//! The interpreter is `ROTA_PYTHON` if set, else `python3`; one probe (`import validator` in the
//! validator's folder) tells whether its packages are installed. `--official auto` (the default)
//! runs the validator when the probe passes and says why not otherwise; `require` makes a missing
//! interpreter or package an error (exit 2); `off` never runs it. The validator reads instances in
//! its JSON format: the Italian files as they are, and for Mankowska the converted copies in
//! `mankowska-json.tar.xz` (found by name under the benchmark folder, unpacked with the other
//! archives). A rejection, or a cost that differs from the checker's by more than the rounding of
//! the JSON distances allows, makes the instance fail like an infeasible rota.

use super::{walk, Family, Row};
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// When `rota bench` runs the official validator.
#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum Official {
    /// When a Python with the validator's packages is found (`ROTA_PYTHON`, else `python3`).
    Auto,
    /// Never.
    Off,
    /// Always; a missing interpreter, package or JSON instance is an error.
    Require,
}

/// The validator's folder in the repository.
const FOLDER: &str = "benchmarks/validators/hhcrsp";

/// A validator ready to run: the interpreter, the validator's folder and the JSON instances.
pub struct Validator {
    python: OsString,
    folder: PathBuf,
    /// Mankowska JSON instances by file stem (empty for Italian, whose instances are JSON).
    mankowska: HashMap<String, PathBuf>,
    /// Whether an instance it cannot judge is a failure (`--official require`).
    required: bool,
}

/// What the validator said about one solution file.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Accepted, at this total cost.
    Accepted(f64),
    /// Rejected: the assertion message.
    Rejected(String),
    /// Not judged: why.
    Unjudged(String),
}

/// The validator for `family` under `mode`, or `None` when it is not to run (with a note on
/// stderr for `auto`). `dir` is the benchmark folder and `unpacked` where its archives were
/// unpacked. Errors (exit 2) only under `require`.
pub fn prepare(mode: Official, family: Family, dir: &Path, unpacked: &Path) -> Result<Option<Validator>, String> {
    if mode == Official::Off {
        return Ok(None);
    }
    let required = mode == Official::Require;
    let skip = |why: String| -> Result<Option<Validator>, String> {
        if required {
            Err(format!("--official require: {why}"))
        } else {
            eprintln!("official validator not run: {why} (--official off hides this note)");
            Ok(None)
        }
    };
    if family == Family::Solomon {
        return if required { skip("it judges only mankowska and italian solutions".into()) } else { Ok(None) };
    }
    let Some(folder) = crate::commands::shipped(Path::new(FOLDER)) else {
        return skip(format!("cannot find {FOLDER} under the current folder or above the rota executable"));
    };
    let folder = absolute(&folder);
    let python = std::env::var_os("ROTA_PYTHON").filter(|p| !p.is_empty()).unwrap_or_else(|| "python3".into());
    if let Err(why) = probe(&python, &folder) {
        return skip(why);
    }
    let mut mankowska = HashMap::new();
    if family == Family::Mankowska {
        let mut files = Vec::new();
        walk(dir, &mut files);
        walk(unpacked, &mut files);
        for p in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
            if let Some(stem) = p.file_stem() {
                mankowska.entry(stem.to_string_lossy().into_owned()).or_insert(p);
            }
        }
        if mankowska.is_empty() {
            return skip(format!("no Mankowska JSON instances (mankowska-json.tar.xz) under {}", dir.display()));
        }
    }
    Ok(Some(Validator { python, folder, mankowska, required }))
}

/// Whether `python` imports the validator (and so its packages) in `folder`.
fn probe(python: &OsString, folder: &Path) -> Result<(), String> {
    let name = Path::new(python).display().to_string();
    let hint = format!("install {FOLDER}/requirements.txt or set ROTA_PYTHON");
    match Command::new(python).args(["-c", "import validator"]).current_dir(folder).output() {
        Err(e) => Err(format!("cannot run {name}: {e} ({hint})")),
        Ok(out) if !out.status.success() => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message").trim();
            Err(format!("{name} cannot import the validator: {last} ({hint})"))
        }
        Ok(_) => Ok(()),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

impl Validator {
    /// The JSON instance the validator reads for the instance file `instance`.
    fn instance_json(&self, family: Family, instance: &Path) -> Result<PathBuf, String> {
        if family != Family::Mankowska {
            return Ok(absolute(instance));
        }
        let stem = instance.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        self.mankowska.get(&stem).map(|p| absolute(p)).ok_or_else(|| format!("no JSON instance {stem}.json"))
    }

    /// Run `python validator.py check-solution INSTANCE SOLUTION` on the solution file as written.
    pub fn judge(&self, family: Family, instance: &Path, solution: &Path) -> Verdict {
        let json = match self.instance_json(family, instance) {
            Ok(p) => p,
            Err(why) => return Verdict::Unjudged(why),
        };
        let out = Command::new(&self.python)
            .arg("validator.py")
            .arg("check-solution")
            .arg(&json)
            .arg(absolute(solution))
            .current_dir(&self.folder)
            .output();
        let out = match out {
            Ok(out) => out,
            Err(e) => return Verdict::Unjudged(format!("cannot run {}: {e}", Path::new(&self.python).display())),
        };
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = |text: &str| text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string();
        if !out.status.success() {
            let why = last(&stderr);
            return Verdict::Rejected(if why.is_empty() { format!("exit status {}", out.status) } else { why });
        }
        match total_cost(&last(&stdout)) {
            Some(cost) => Verdict::Accepted(cost),
            None => Verdict::Rejected(format!("unreadable output `{}`", last(&stdout))),
        }
    }

    /// Judge the exported solution `text` (written as `name` into `solutions`, or else into the
    /// instance's temporary folder `work`) and record the verdict and any problem in `row`.
    pub fn judge_row(
        &self,
        family: Family,
        instance: &Path,
        (name, text): &(String, String),
        solutions: Option<&Path>,
        work: &Path,
        row: &mut Row,
    ) {
        let path = match solutions {
            Some(out) => out.join(name),
            None => work.join(name),
        };
        if solutions.is_none() {
            if let Err(e) = rota::format::write_atomic(&path, text.as_bytes()) {
                row.problems.push(format!("official validator: cannot write {}: {e}", path.display()));
                return;
            }
        }
        let verdict = self.judge(family, instance, &path);
        match &verdict {
            Verdict::Accepted(cost) => {
                // The Mankowska JSON distances are rounded to 3 decimals: up to 0.0005 a leg.
                let legs = text.matches("\"patient\"").count() + text.matches("\"locations\"").count();
                let allowed = 0.01 + 0.0005 * legs as f64 / 3.0;
                if let Some(ours) = row.ours.filter(|o| (o - cost).abs() > allowed) {
                    row.problems.push(format!(
                        "the official validator's cost {cost:.3} differs from the checker's {ours:.3} by more than {allowed:.3}"
                    ));
                }
            }
            Verdict::Rejected(why) => {
                row.problems.push(format!("official validator rejects {}: {why}", path.display()))
            }
            Verdict::Unjudged(why) if self.required => row.problems.push(format!("official validator: {why}")),
            Verdict::Unjudged(why) => eprintln!("{}: official validator not run: {why}", row.name),
        }
        row.official = Some(verdict);
    }
}

/// `total_cost` from the validator's JSON line.
fn total_cost(line: &str) -> Option<f64> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    value.get("total_cost")?.as_f64()
}

/// The table's extra columns' header, when the validator runs.
pub fn header(on: bool) -> String {
    if on {
        format!(" {:>8} {:>10}", "official", "off. cost")
    } else {
        String::new()
    }
}

/// The table's extra columns for `row`, when the validator runs.
pub fn line(on: bool, row: &Row) -> String {
    if !on {
        return String::new();
    }
    let (verdict, cost) = match &row.official {
        Some(Verdict::Accepted(c)) => ("yes", format!("{c:.2}")),
        Some(Verdict::Rejected(_)) => ("NO", "-".into()),
        Some(Verdict::Unjudged(_)) | None => ("-", "-".into()),
    };
    format!(" {verdict:>8} {cost:>10}")
}

/// The CSV's extra columns for `row`: `official` (accepted, rejected, not_judged or empty when
/// not run) and `official_cost`.
pub fn csv(row: &Row) -> String {
    match &row.official {
        Some(Verdict::Accepted(c)) => format!(",accepted,{c:.3}"),
        Some(Verdict::Rejected(_)) => ",rejected,".into(),
        Some(Verdict::Unjudged(_)) => ",not_judged,".into(),
        None => ",,".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cost_is_read_from_the_validators_json_line() {
        let line = r#"{"distance_traveled": 1214.0, "tardiness": {"(1, 's2')": 0.0}, "max_tardiness": 3.0, "total_tardiness": 3.0, "total_cost": 406.6666666666667}"#;
        assert_eq!(total_cost(line), Some(406.6666666666667));
        assert_eq!(total_cost("Expected 15 routes"), None);
        assert_eq!(total_cost(r#"{"distance_traveled": 1.0}"#), None);
    }
}
