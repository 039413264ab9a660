//! The comparison of a bench run with a baseline (`rota bench --compare`): quality on a fixed
//! iteration budget, and callgrind instruction counts. Improvements never fail; they are
//! reported, as are instances and benches found on one side only.

use super::record::{Instructions, Run, Version};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// An instance's cost more than this many percent above the baseline's is a regression.
pub const COST_PCT: f64 = 0.5;
/// A mean gap (over the instances with a reference on both sides) more than this many
/// percentage points above the baseline's is a regression.
pub const MEAN_GAP_PP: f64 = 0.1;
/// A bench's instruction count more than this many percent above the baseline's is a
/// regression.
pub const INSTRUCTIONS_PCT: f64 = 2.0;

/// What a comparison found, as lines for the report.
#[derive(Debug, Default, PartialEq)]
pub struct Findings {
    /// Beyond a threshold: these fail the comparison.
    pub regressions: Vec<String>,
    /// Better than the baseline.
    pub improvements: Vec<String>,
    /// Within the thresholds, or on one side only: reported, never failing.
    pub notes: Vec<String>,
}

impl Findings {
    /// Add another comparison's findings.
    pub fn extend(&mut self, other: Findings) {
        self.regressions.extend(other.regressions);
        self.improvements.extend(other.improvements);
        self.notes.extend(other.notes);
    }

    /// Whether anything regressed beyond a threshold.
    pub fn regressed(&self) -> bool {
        !self.regressions.is_empty()
    }

    /// The report printed after the table.
    pub fn report(&self, baseline: &str) -> String {
        let mut out = format!(
            "\ncompared with {baseline} (thresholds: an instance's cost +{COST_PCT}%, the mean gap +{MEAN_GAP_PP} \
             percentage point, an infeasible rota, instructions +{INSTRUCTIONS_PCT}%)\n"
        );
        for (title, lines) in
            [("regression", &self.regressions), ("improvement", &self.improvements), ("note", &self.notes)]
        {
            for l in lines {
                let _ = writeln!(out, "  {title}: {l}");
            }
        }
        if self.regressed() {
            let _ = writeln!(
                out,
                "REGRESSED: {} finding(s) beyond the thresholds (exit code {}). If the change is intended, \
                 refresh the baseline with `{}` and commit it.",
                self.regressions.len(),
                super::record::REGRESSED,
                super::record::REFRESH
            );
        } else {
            let _ = writeln!(out, "OK: nothing beyond the thresholds ({} improvement(s)).", self.improvements.len());
        }
        out
    }
}

fn pct(new: f64, old: f64) -> f64 {
    if old.abs() < 1e-12 {
        if new.abs() < 1e-12 {
            0.0
        } else {
            f64::INFINITY
        }
    } else {
        (new - old) / old.abs() * 100.0
    }
}

/// Compare a run with the baseline's run of the same family. An error when they are not
/// comparable: another iteration budget, seed or thread count.
pub fn quality(base: &Run, run: &Run) -> Result<Findings, String> {
    let (b, r) = (&base.options, &run.options);
    if b.budget != "iterations" || r.budget != "iterations" {
        return Err("--compare needs runs on a fixed --iterations budget, in the baseline as in this run".into());
    }
    if (b.iterations, b.seed, b.threads) != (r.iterations, r.seed, r.threads) {
        let it = |i: Option<u64>| i.map_or_else(|| "-".into(), |i| i.to_string());
        return Err(format!(
            "not comparable: the baseline's {} ran --iterations {} --seed {} --threads {}, this run \
             --iterations {} --seed {} --threads {}",
            base.family,
            it(b.iterations),
            b.seed,
            b.threads,
            it(r.iterations),
            r.seed,
            r.threads
        ));
    }
    let mut f = Findings::default();
    for i in &run.instances {
        if i.stopped_by != "iterations" {
            // A run the clock or an interruption cut short would not repeat.
            f.regressions.push(format!(
                "{}: the search ended by {:?}, not its iteration budget, so the result does not repeat \
                 (raise --time-limit)",
                i.name, i.stopped_by
            ));
        }
        let Some(old) = base.instances.iter().find(|o| o.name == i.name) else {
            f.notes.push(format!("{}: not in the baseline (cost {})", i.name, show(i.cost)));
            continue;
        };
        if old.feasible && !i.feasible {
            f.regressions.push(format!("{}: feasible in the baseline, not now: {}", i.name, i.problems.join("; ")));
        } else if !old.feasible && i.feasible {
            f.improvements.push(format!("{}: feasible now, not in the baseline", i.name));
        }
        match (old.cost, i.cost) {
            (Some(o), Some(n)) => {
                let d = pct(n, o);
                let line = format!("{}: cost {n:.2} against {o:.2} ({}%)", i.name, signed(d));
                if d > COST_PCT {
                    f.regressions.push(line);
                } else if n < o - 1e-9 {
                    f.improvements.push(line);
                } else {
                    f.notes.push(line);
                }
            }
            (Some(o), None) => f.regressions.push(format!("{}: no cost now (baseline {o:.2})", i.name)),
            (None, _) => f.notes.push(format!("{}: no cost in the baseline", i.name)),
        }
    }
    for o in base.instances.iter().filter(|o| !run.instances.iter().any(|i| i.name == o.name)) {
        f.notes.push(format!("{}: in the baseline, not in this run", o.name));
    }
    mean_gap(base, run, &mut f);
    Ok(f)
}

/// The mean gap over the instances with a gap on both sides.
fn mean_gap(base: &Run, run: &Run, f: &mut Findings) {
    let pairs: Vec<(f64, f64)> = run
        .instances
        .iter()
        .filter_map(|i| {
            let o = base.instances.iter().find(|o| o.name == i.name)?;
            Some((o.gap_pct?, i.gap_pct?))
        })
        .collect();
    if pairs.is_empty() {
        return;
    }
    let n = pairs.len() as f64;
    let (old, new) = (pairs.iter().map(|p| p.0).sum::<f64>() / n, pairs.iter().map(|p| p.1).sum::<f64>() / n);
    let line = format!(
        "{}: mean gap {new:.3}% against {old:.3}% ({} percentage point, {} instance(s))",
        run.family,
        signed(new - old),
        pairs.len()
    );
    if new - old > MEAN_GAP_PP {
        f.regressions.push(line);
    } else if new < old - 1e-9 {
        f.improvements.push(line);
    } else {
        f.notes.push(line);
    }
}

/// Compare instruction counts per bench.
pub fn instructions(base: &BTreeMap<String, u64>, now: &BTreeMap<String, u64>) -> Findings {
    let mut f = Findings::default();
    let names: BTreeSet<&String> = base.keys().chain(now.keys()).collect();
    for name in names {
        match (base.get(name), now.get(name)) {
            (Some(&o), Some(&n)) => {
                let d = pct(n as f64, o as f64);
                let line = format!("instructions {name}: {n} against {o} ({}%)", signed(d));
                // Counts wander by a few hundredths of a percent between runs of one binary (heap
                // layout, hash seeds): only a fall beyond the threshold is an improvement.
                if d > INSTRUCTIONS_PCT {
                    f.regressions.push(line);
                } else if d < -INSTRUCTIONS_PCT {
                    f.improvements.push(line);
                } else {
                    f.notes.push(line);
                }
            }
            (Some(&o), None) => f.notes.push(format!("instructions {name}: in the baseline ({o}), not counted now")),
            (None, Some(&n)) => f.notes.push(format!("instructions {name}: {n}, not in the baseline")),
            (None, None) => {}
        }
    }
    f
}

/// The instruction counts (`Ir`, every thread) of the gungraun summaries under `dir`
/// (`summary.json`, written with `--save-summary=json`), by `function/id`.
pub fn read_callgrind(dir: &Path) -> Result<Instructions, String> {
    let mut files = Vec::new();
    super::walk(dir, &mut files);
    files.retain(|p| p.file_name().is_some_and(|n| n == "summary.json"));
    if files.is_empty() {
        return Err(format!(
            "no summary.json under {}: run `cargo bench -p rota-benches --bench instructions -- --save-summary=json`",
            dir.display()
        ));
    }
    let mut benches = BTreeMap::new();
    let mut source = String::from("callgrind Ir (instructions executed), gungraun");
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let (name, ir, version) = parse_summary(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        if let Some(v) = version {
            source = format!("callgrind Ir (instructions executed), gungraun summary version {v}");
        }
        benches.insert(name, ir);
    }
    Ok(Instructions { rota: Some(Version::current()), source, benches })
}

/// (`function/id`, the callgrind total `Ir`, the summary's version) of one gungraun summary.
pub fn parse_summary(text: &str) -> Result<(String, u64, Option<String>), String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let function = v["function_name"].as_str().ok_or("no $.function_name")?;
    let name = match v["id"].as_str() {
        Some(id) => format!("{function}/{id}"),
        None => function.to_string(),
    };
    let profiles = v["profiles"].as_array().ok_or("no $.profiles")?;
    let callgrind = profiles.iter().find(|p| p["tool"] == "Callgrind").ok_or("no Callgrind profile in $.profiles")?;
    let ir = callgrind["data"]["total"]["metrics"]["Ir"]["values"]["new"]
        .as_u64()
        .ok_or("no $.profiles[Callgrind].data.total.metrics.Ir.values.new")?;
    Ok((name, ir, v["version"].as_str().map(str::to_string)))
}

/// `+0.123` or `-0.123`, and `+0.000` for a change that rounds to nothing.
fn signed(x: f64) -> String {
    let s = format!("{x:+.3}");
    if s == "-0.000" {
        "+0.000".into()
    } else {
        s
    }
}

fn show(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |x| format!("{x:.2}"))
}

#[cfg(test)]
mod tests {
    use super::super::record::{Instance, Options, Run, Version};
    use super::*;

    fn inst(name: &str, cost: f64, reference: f64) -> Instance {
        Instance {
            name: name.into(),
            class: "C".into(),
            cost: Some(cost),
            reference: Some(reference),
            gap_pct: Some((cost - reference) / reference * 100.0),
            feasible: true,
            violations: 0,
            problems: Vec::new(),
            iterations: 100,
            work: 1,
            seconds: 0.1,
            stopped_by: "iterations".into(),
        }
    }

    fn run(instances: Vec<Instance>) -> Run {
        Run {
            format: super::super::record::RUN_FORMAT.into(),
            family: "solomon".into(),
            rota: Version { version: "0".into(), commit: None },
            options: Options {
                time_limit_s: 60.0,
                budget: "iterations".into(),
                iterations: Some(100),
                work: None,
                seed: 1,
                threads: 1,
                jobs: 1,
                only: Vec::new(),
            },
            instances,
            classes: Vec::new(),
        }
    }

    #[test]
    fn a_cost_beyond_the_threshold_regresses() {
        let base = run(vec![inst("A", 1000.0, 1000.0), inst("B", 1000.0, 500.0)]);
        let now = run(vec![inst("A", 1006.0, 1000.0), inst("B", 1000.0, 500.0)]);
        let f = quality(&base, &now).unwrap();
        assert!(f.regressed());
        assert!(f.regressions.iter().any(|l| l.starts_with("A: cost 1006.00 against 1000.00")), "{f:?}");
        assert!(f.report("b.json").contains("REGRESSED"));
    }

    #[test]
    fn a_cost_within_the_threshold_passes() {
        let base = run(vec![inst("A", 1000.0, 1000.0), inst("B", 1000.0, 900.0)]);
        // +0.4% on A; alone it would lift the mean gap by 0.2 pp, so B improves to keep the
        // mean within 0.1 pp.
        let now = run(vec![inst("A", 1004.0, 1000.0), inst("B", 996.0, 900.0)]);
        let f = quality(&base, &now).unwrap();
        assert!(!f.regressed(), "{f:?}");
        assert!(f.report("b.json").contains("OK: nothing beyond the thresholds"));
    }

    #[test]
    fn the_mean_gap_regresses_while_each_cost_is_within() {
        // Each instance +0.4%, so the mean gap rises by about 0.4 pp.
        let base = run(vec![inst("A", 1000.0, 1000.0), inst("B", 1000.0, 1000.0)]);
        let now = run(vec![inst("A", 1004.0, 1000.0), inst("B", 1004.0, 1000.0)]);
        let f = quality(&base, &now).unwrap();
        assert_eq!(f.regressions.len(), 1, "{f:?}");
        assert!(f.regressions[0].starts_with("solomon: mean gap"), "{f:?}");
    }

    #[test]
    fn an_improvement_passes_and_is_reported() {
        let base = run(vec![inst("A", 1000.0, 900.0)]);
        let now = run(vec![inst("A", 950.0, 900.0)]);
        let f = quality(&base, &now).unwrap();
        assert!(!f.regressed());
        assert!(f.improvements.iter().any(|l| l.starts_with("A: cost 950.00")), "{f:?}");
        assert!(f.improvements.iter().any(|l| l.starts_with("solomon: mean gap")), "{f:?}");
    }

    #[test]
    fn an_instance_no_longer_feasible_regresses() {
        let base = run(vec![inst("A", 1000.0, 900.0)]);
        let mut bad = inst("A", 990.0, 900.0);
        bad.feasible = false;
        bad.problems = vec!["check: time_window late".into()];
        let f = quality(&base, &run(vec![bad])).unwrap();
        assert!(f.regressions.iter().any(|l| l.contains("feasible in the baseline, not now")), "{f:?}");
    }

    #[test]
    fn missing_instances_are_reported_on_both_sides() {
        let base = run(vec![inst("A", 1000.0, 900.0), inst("B", 1000.0, 900.0)]);
        let now = run(vec![inst("A", 1000.0, 900.0), inst("C", 1000.0, 900.0)]);
        let f = quality(&base, &now).unwrap();
        assert!(!f.regressed());
        assert!(f.notes.iter().any(|l| l == "B: in the baseline, not in this run"), "{f:?}");
        assert!(f.notes.iter().any(|l| l.starts_with("C: not in the baseline")), "{f:?}");
    }

    #[test]
    fn a_run_the_clock_cut_short_is_not_trusted() {
        let base = run(vec![inst("A", 1000.0, 900.0)]);
        let mut cut = inst("A", 1000.0, 900.0);
        cut.stopped_by = "clock".into();
        let f = quality(&base, &run(vec![cut])).unwrap();
        assert!(f.regressed(), "{f:?}");
    }

    #[test]
    fn another_budget_is_not_comparable() {
        let base = run(vec![inst("A", 1000.0, 900.0)]);
        let mut now = run(vec![inst("A", 1000.0, 900.0)]);
        now.options.iterations = Some(200);
        assert!(quality(&base, &now).unwrap_err().contains("not comparable"));
        now.options.iterations = None;
        now.options.budget = "time".into();
        assert!(quality(&base, &now).is_err());
    }

    #[test]
    fn instruction_counts_against_the_threshold() {
        let base: BTreeMap<String, u64> = [("up", 1_000_000), ("within", 1_000_000), ("down", 1_000_000), ("gone", 5)]
            .map(|(k, v)| (k.to_string(), v))
            .into();
        let now: BTreeMap<String, u64> = [("up", 1_021_000), ("within", 1_019_000), ("down", 900_000), ("new", 7)]
            .map(|(k, v)| (k.to_string(), v))
            .into();
        let f = instructions(&base, &now);
        assert_eq!(f.regressions, vec!["instructions up: 1021000 against 1000000 (+2.100%)".to_string()]);
        assert_eq!(f.improvements, vec!["instructions down: 900000 against 1000000 (-10.000%)".to_string()]);
        assert!(f.notes.iter().any(|l| l.starts_with("instructions within: 1019000")), "{f:?}");
        assert!(f.notes.iter().any(|l| l.contains("gone: in the baseline (5), not counted now")), "{f:?}");
        assert!(f.notes.iter().any(|l| l.contains("new: 7, not in the baseline")), "{f:?}");
    }

    #[test]
    fn a_gungraun_summary_gives_its_total_instructions() {
        let text = r#"{"function_name":"lns","id":"mankowska_c1_200","version":"7",
            "profiles":[{"tool":"Callgrind","data":{"parts":[],
              "total":{"metrics":{"Ir":{"values":{"new":147358278,"old":147000000}}}}}}]}"#;
        let (name, ir, version) = parse_summary(text).unwrap();
        assert_eq!((name.as_str(), ir, version.as_deref()), ("lns/mankowska_c1_200", 147_358_278, Some("7")));
        assert!(parse_summary(r#"{"function_name":"x","profiles":[]}"#).unwrap_err().contains("Callgrind"));
    }
}
