//! The UHHC family of `rota bench` (Ceschia et al. 2026, `benchmarks/uhhc2025`): each rota is
//! exported as a UHHC solution ([`convert::uhhc_solution`]) and judged by the reference
//! evaluator ([`uhhc::evaluate`]) on the instance's own weighted objective, which is the cost
//! reported and compared with the published simulated-annealing solution (`sa_objective` in
//! `bks.csv`). The checker's hard violations count too, but not its routing cost: Rota's
//! objective is not UHHC's (idle time, extra time and workload have no counterpart in it).
//!
//! When the official validator is at hand (`uhhc-toolbox` beside `$ROTA_PYTHON`, or on the
//! `PATH`), every exported solution is also run through it: its verdict and total are printed,
//! and a solution it rejects, or whose total differs from the evaluator's, is not feasible.

use super::{Found, Loaded, Row};
use rota::format::Rota;
use rota::import::{convert, uhhc};
use std::path::{Path, PathBuf};

/// The instance read and imported, with the UHHC evaluator and exporter.
pub(super) fn load(f: &Found, file: &str, text: &str) -> Result<Loaded, String> {
    let inst = uhhc::parse(file, text).map_err(|e| e.to_string())?;
    let imported = convert::uhhc(&inst, "problem.matrix.json");
    let stem = f.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let for_export = inst.clone();
    Ok(Loaded {
        imported,
        evaluate: Box::new(move |rota| {
            let e = uhhc::evaluate(&inst, &convert::uhhc_solution(rota, &inst));
            (e.objective, e.problems)
        }),
        export: Box::new(move |rota, _| {
            (format!("sol-{stem}.json"), uhhc::write(&convert::uhhc_solution(rota, &for_export)))
        }),
    })
}

/// True for a UHHC instance file name: `i-NNN.json` or `instance-NNN.json` (not `sol-*`).
pub(super) fn is_instance(path: &Path) -> bool {
    path.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n.starts_with("i-") || n.starts_with("instance-")
    })
}

/// The row's name, class (`dev` or `generated`) and SA reference for an instance file.
pub(super) fn found(path: PathBuf, value: impl Fn(&str) -> Option<f64>) -> Found {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let class = if stem.starts_with("i-") { "dev" } else { "generated" };
    Found { class: class.into(), bks: value(&format!("{stem}.json")), m14: None, name: stem, path }
}

/// Judge a solved rota: unplaced mandatory seats, the checker's violations, the evaluator's
/// problems and the official validator's verdict; the cost is the evaluator's objective.
pub(super) fn judge(
    f: &Found,
    loaded: &Loaded,
    report: &rota::check::CheckReport,
    rota: &Rota,
    work: &Path,
    row: &mut Row,
) -> Result<(String, String), String> {
    let mandatory: usize = rota
        .unassigned
        .iter()
        .filter(|u| !loaded.imported.problem.visits.iter().any(|v| v.id == u.visit && v.optional))
        .map(|u| u.seats as usize)
        .sum();
    if mandatory > 0 {
        row.problems.push(format!("{mandatory} seat(s) of mandatory visits unassigned"));
    }
    row.problems.extend(report.violations.iter().map(|v| format!("check: {} {}", v.rule, v.message)));
    let (objective, problems) = (loaded.evaluate)(rota);
    row.ours = Some(objective);
    row.problems.extend(problems.into_iter().map(|p| format!("reference evaluator: {p}")));
    let (name, text) = (loaded.export)(rota, objective);
    if let Some(tool) = toolbox() {
        let path = work.join(&name);
        rota::format::write_atomic(&path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let verdict = uhhc::run_official(&tool, &f.path, &path)?;
        let total = verdict.total.map_or_else(|| "-".into(), |t| t.to_string());
        eprintln!(
            "{}: official validator: {} (total {total})",
            f.name,
            if verdict.valid { "valid" } else { "INVALID" }
        );
        row.problems.extend(verdict.complaints.iter().map(|c| format!("official validator: {c}")));
        if verdict.total != Some(objective) {
            row.problems.push(format!("official validator's total {total} differs from the evaluator's {objective}"));
        }
    }
    row.feasible = row.problems.is_empty();
    Ok((name, text))
}

/// The official validator: `uhhc-toolbox` beside `$ROTA_PYTHON`, else on the `PATH`.
fn toolbox() -> Option<PathBuf> {
    if let Some(python) = std::env::var_os("ROTA_PYTHON") {
        return uhhc::toolbox_beside(Path::new(&python));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("uhhc-toolbox")).find(|p| p.is_file())
}
