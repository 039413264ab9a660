//! `rota diff old-rota.json new-rota.json [--problem problem.json] [--csv] [-o FILE]`: what
//! changed between two rotas, as the coordinator's phone list: the carers to call (visits added
//! to their rota, removed from it, or moved) and the clients to call (visits at a new time, with
//! new carers, no longer planned, or planned now). See [`rota::diff`] and `docs/operations.md`.
//!
//! Without `--problem` the rotas are read on their own and the clients are not known (a rota
//! names visits, not clients). With it, both rotas are validated against the problem and each
//! client is named with their postcode.
//!
//! Exit codes: 0 written (whether or not anything changed); 2 bad input or usage.

use super::{check_output, load_problem, load_rota, report, Outcome};
use rota::diff::{diff, CarerCalls, RotaDiff, Slot, VisitChange};
use rota::model::Problem;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `rota diff`.
#[derive(clap::Args)]
pub struct Args {
    /// The rota before the change.
    old: PathBuf,
    /// The rota after it.
    new: PathBuf,
    /// The problem both rotas answer: checks their ids and names each visit's client.
    #[arg(long)]
    problem: Option<PathBuf>,
    /// Write CSV (who, id, visit, change, old, new) instead of text.
    #[arg(long)]
    csv: bool,
    /// The file to write; `-` or none prints to standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    let output = args.output.filter(|o| o.as_os_str() != "-");
    if let Some(out) = &output {
        let mut inputs: Vec<&Path> = vec![&args.old, &args.new];
        inputs.extend(args.problem.as_deref());
        check_output(out, &inputs)?;
    }
    let problem = args.problem.as_deref().map(load_problem).transpose()?;
    let (old, new) = match &problem {
        Some(p) => (load_rota(&args.old, p), load_rota(&args.new, p)),
        None => (load_alone(&args.old), load_alone(&args.new)),
    };
    // Both files' errors together.
    let (old, new) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => return Err([o.err(), n.err()].into_iter().flatten().collect::<Vec<_>>().join("\n")),
    };
    let d = diff(&old, &new);
    let text = if args.csv { to_csv(&d, problem.as_ref())? } else { text(&d, problem.as_ref()) };
    super::write_text(output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

fn load_alone(path: &Path) -> Result<rota::format::Rota, String> {
    rota::format::load_rota_alone(path).map_err(|e| report(&e))
}

/// The changed visits grouped by client: `(client id, postcode, visits)`. Without a problem,
/// one group with no client.
fn clients<'a>(
    d: &'a RotaDiff,
    problem: Option<&'a Problem>,
) -> Vec<(Option<&'a str>, Option<&'a str>, Vec<&'a VisitChange>)> {
    match problem {
        Some(p) => d.by_client(p).into_iter().map(|g| (g.client, g.postcode, g.visits)).collect(),
        None if d.visits.is_empty() => Vec::new(),
        None => vec![(None, None, d.visits.iter().collect())],
    }
}

fn slot(s: Option<Slot>) -> String {
    s.map(|s| s.to_string()).unwrap_or_default()
}

/// One line per change of a carer: `v2  moved  2026-11-30 08:00-08:30 -> 2026-11-30 09:00-09:30`.
fn carer_lines(c: &CarerCalls, out: &mut String) {
    for x in &c.changes {
        let what = match (x.old, x.new) {
            (Some(o), Some(n)) => format!("{o} -> {n}"),
            (o, n) => slot(o.or(n)),
        };
        let _ = writeln!(out, "    {}  {:<8} {what}", x.visit, x.kind.name());
    }
}

/// The phone list as text.
fn text(d: &RotaDiff, problem: Option<&Problem>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Carers to call");
    if d.carers.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for c in &d.carers {
        let _ = writeln!(out, "  {}", c.carer);
        carer_lines(c, &mut out);
    }
    let groups = clients(d, problem);
    let _ = writeln!(out, "Clients to call");
    if groups.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (client, postcode, visits) in &groups {
        let name = match (problem, client, postcode) {
            (None, ..) => "clients of these visits (give --problem to name them)".to_string(),
            (Some(_), None, _) => "visits the problem does not know".to_string(),
            (Some(_), Some(c), Some(pc)) => format!("{c} ({pc})"),
            (Some(_), Some(c), None) => c.to_string(),
        };
        let _ = writeln!(out, "  {name}");
        for v in visits {
            for &k in &v.kinds {
                let (o, n) = v.values(k);
                let _ = writeln!(out, "    {}  {:<9} {o} -> {n}", v.visit, k.name());
            }
        }
    }
    let clients = match problem {
        Some(_) => {
            let n = groups.iter().filter(|g| g.0.is_some()).count();
            format!("{n} client{}", if n == 1 { "" } else { "s" })
        }
        None => "clients not known without --problem".to_string(),
    };
    let n = d.carers.len();
    let k = d.visits_changed();
    let _ = writeln!(
        out,
        "Summary: {n} carer{}, {clients}, {k} visit{} changed",
        if n == 1 { "" } else { "s" },
        if k == 1 { "" } else { "s" }
    );
    out
}

/// The phone list as CSV: one row per change, carers first.
fn to_csv(d: &RotaDiff, problem: Option<&Problem>) -> Result<String, String> {
    let err = |e: &dyn std::fmt::Display| format!("cannot write the CSV: {e}");
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["who", "id", "visit", "change", "old", "new"]).map_err(|e| err(&e))?;
    for c in &d.carers {
        for x in &c.changes {
            w.write_record(["carer", &c.carer, &x.visit, x.kind.name(), &slot(x.old), &slot(x.new)])
                .map_err(|e| err(&e))?;
        }
    }
    for (client, _, visits) in clients(d, problem) {
        for v in visits {
            for &k in &v.kinds {
                let (o, n) = v.values(k);
                w.write_record(["client", client.unwrap_or(""), &v.visit, k.name(), &o, &n]).map_err(|e| err(&e))?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| err(&e))?;
    String::from_utf8(bytes).map_err(|e| err(&e))
}
