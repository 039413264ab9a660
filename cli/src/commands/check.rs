//! `rota check problem.json rota.json [--json] [--history old.json --now 2026-12-02T10:30]`:
//! every hard rule and KPI of a rota, recomputed from scratch by the independent checker
//! (`docs/checker.md`). With `--history` and `--now`, any change the rota makes to the past of
//! the old rota it replaces is a violation too ([`rota::check::history`]).
//!
//! Exit codes: 0 no hard violation; 1 at least one; 2 bad input (a file that does not load or
//! validate, or travel that cannot be built) or usage (`--history` without `--now`).

use super::{folder_of, load_problem, load_rota, report, Outcome};
use chrono::NaiveDateTime;
use rota::travel::Travel;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rota check`.
#[derive(clap::Args)]
pub struct Args {
    /// The problem file.
    problem: PathBuf,
    /// The rota file.
    rota: PathBuf,
    /// Print the full report (violations and KPIs) as JSON.
    #[arg(long)]
    json: bool,
    /// The rota this one replaces: every visit it starts before --now must be unchanged, and no
    /// other visit may start before --now.
    #[arg(long, value_name = "OLD_ROTA", requires = "now")]
    history: Option<PathBuf>,
    /// The instant the past ends, as 2026-12-02T10:30 (local time of the rota); needs --history.
    #[arg(long, value_name = "DATETIME", requires = "history", value_parser = parse_now)]
    now: Option<NaiveDateTime>,
}

/// `2026-12-02T10:30`, with seconds or a space instead of `T` also accepted.
pub fn parse_now(s: &str) -> Result<NaiveDateTime, String> {
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s.trim(), f).ok())
        .ok_or_else(|| format!("`{s}` is not a date and time such as 2026-12-02T10:30"))
}

/// Run it.
pub fn run(args: Args) -> Outcome {
    let problem = load_problem(&args.problem)?;
    let file = args.problem.display().to_string();
    let travel = Travel::for_problem(&problem, folder_of(&args.problem), &file).map_err(|e| report(&e))?;
    let rota = load_rota(&args.rota, &problem)?;
    let old = match &args.history {
        Some(path) => Some(load_rota(path, &problem)?),
        None => None,
    };
    let mut result = rota::check::check(&problem, &rota, &travel);
    if let (Some(old), Some(now)) = (&old, args.now) {
        let week = problem.week();
        if week.day_index(now.date()).is_none() {
            result.notes.push(format!(
                "--now {} is outside the week of {}: {}",
                now.format("%Y-%m-%d %H:%M"),
                week.monday(),
                if now.date() < week.monday() { "nothing is past yet" } else { "the whole week is past" }
            ));
        }
        result.violations.extend(rota::check::history::history(&problem, old, &rota, now));
    }
    if args.json {
        let text = serde_json::to_string_pretty(&result).map_err(|e| format!("cannot write the report: {e}"))?;
        println!("{text}");
    } else {
        print!("{result}");
    }
    Ok(if result.is_feasible() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
