//! The raw benchmark layer (`rota::import`): every published Solomon and Mankowska instance
//! parses, every published solution is feasible under the reference evaluators at its published
//! cost, solution files round-trip byte for byte, and bad input gives errors, never panics.
//!
//! The benchmark files are the ones shipped in `benchmarks/` (see the SOURCE.txt in each folder).

use rota::import::hhcrsp::{self, HhcrspSolution};
use rota::import::{mankowska, solomon, RawFormatError};
mod common;

use common::{benchmarks, csv_rows, mnsa24_truncated_starts, unpack};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fresh temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("rota-import-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn extract(&self, archive: &Path) {
        unpack(archive, &self.0);
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sorted_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// Byte offsets at which `text` can be cut, spread over the whole text.
fn cut_points(text: &str, count: usize) -> Vec<usize> {
    let step = (text.len() / count).max(1);
    (0..text.len()).step_by(step).filter(|&i| text.is_char_boundary(i)).collect()
}

/// Deterministic garbling: replace a few bytes with characters that commonly break parsers.
fn garble(text: &str, seed: u64) -> String {
    const JUNK: [&str; 10] = ["x", "-", "\n", " ", "9999999999999999999999", ":", "NaN", "-1", "1e400", "_SECTION"];
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = |m: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % m
    };
    let mut out = text.to_string();
    for _ in 0..3 {
        let mut at = next(out.len().max(1));
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        let end = (at + 1 + next(4)).min(out.len());
        let end = (end..=out.len()).find(|&e| out.is_char_boundary(e)).unwrap_or(out.len());
        out.replace_range(at..end, JUNK[next(JUNK.len())]);
    }
    out
}

/// Every test sits in this module so that `cargo test import` selects them all.
mod import {
    use super::*;

    // ---------------------------------------------------------------------------------------------
    // Solomon

    #[test]
    fn solomon_all_56_bks_solutions_are_feasible_at_the_published_cost_and_round_trip() {
        let bench = benchmarks();
        let dir = bench.join("solomon1987");
        let bks = csv_rows(&dir.join("bks.csv"));
        assert_eq!(bks.len(), 56);
        for row in &bks {
            let name = &row["instance"];
            let vrp = format!("{name}.vrp");
            let inst = solomon::parse(&vrp, &read(&dir.join("instances").join(&vrp))).unwrap();
            assert_eq!(inst.name, *name);
            assert_eq!(inst.nodes(), row["customers"].parse::<usize>().unwrap() + 1);
            assert_eq!(inst.depot, 0);
            assert_eq!(inst.vehicles, 25);
            assert_eq!(inst.demand[0], 0);
            assert_eq!(inst.service[0], 0.0);

            let sol_name = format!("{name}.sol");
            let text = read(&dir.join("bks-solutions").join(&sol_name));
            let sol = solomon::parse_solution(&sol_name, &text).unwrap();
            let bks_cost: f64 = row["dist_only_bks"].parse().unwrap();
            assert_eq!(sol.routes.len(), row["dist_only_routes"].parse::<usize>().unwrap(), "{name}");
            assert!((sol.cost.unwrap() - bks_cost).abs() < 1e-9, "{name}: file says {:?}", sol.cost);

            let eval = solomon::evaluate(&inst, &sol);
            assert!(eval.feasible, "{name}: {:?}", eval.problems);
            assert!((eval.cost - bks_cost).abs() <= 0.01, "{name}: evaluated {} vs BKS {bks_cost}", eval.cost);

            let written = solomon::write_solution(&sol);
            assert_eq!(written, text, "{name}: written back byte for byte");
            assert_eq!(solomon::parse_solution("again.sol", &written).unwrap(), sol);
        }
    }

    #[test]
    fn solomon_distance_is_truncated_to_one_decimal() {
        let text = "NAME : T\nDIMENSION : 3\nVEHICLES : 2\nCAPACITY : 10\nSERVICE_TIME : 5\n\
                    EDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 40 50\n2 45 68\n3 40 50\n\
                    DEMAND_SECTION\n1 0\n2 4\n3 4\nTIME_WINDOW_SECTION\n1 0 100\n2 0 30\n3 0 100\n\
                    DEPOT_SECTION\n1\n-1\nEOF\n";
        let inst = solomon::parse("T.vrp", text).unwrap();
        // sqrt(5² + 18²) = 18.681... → 18.6 (truncated, not rounded to 18.7).
        assert_eq!(inst.distance(0, 1), 18.6);
        assert_eq!(inst.distance(1, 0), 18.6);
        assert_eq!(inst.distance(0, 2), 0.0);
        assert_eq!(inst.service, vec![0.0, 5.0, 5.0]);
        assert_eq!(inst.window[1], (0.0, 30.0));

        let ok = solomon::SolomonSolution { routes: vec![vec![1, 2]], cost: None };
        let eval = solomon::evaluate(&inst, &ok);
        assert!(eval.feasible, "{:?}", eval.problems);
        assert!((eval.cost - 37.2).abs() < 1e-9);
        assert_eq!(solomon::write_solution(&ok), "Route #1: 1 2 \n");
        let with_cost = solomon::SolomonSolution { routes: vec![vec![1]], cost: Some(1068.0) };
        assert_eq!(solomon::write_solution(&with_cost), "Route #1: 1 \nCost 1068.0\n");
        let odd = solomon::SolomonSolution { routes: vec![], cost: Some(828.9365) };
        assert_eq!(solomon::write_solution(&odd), "Cost 828.9365\n");
    }

    #[test]
    fn solomon_evaluator_reports_each_broken_rule() {
        let bench = benchmarks();
        let dir = bench.join("solomon1987");
        let inst = solomon::parse("C101.vrp", &read(&dir.join("instances/C101.vrp"))).unwrap();
        let sol = solomon::parse_solution("C101.sol", &read(&dir.join("bks-solutions/C101.sol"))).unwrap();
        let problems = |s: &solomon::SolomonSolution| solomon::evaluate(&inst, s).problems;

        let mut missing = sol.clone();
        let dropped = missing.routes[0].remove(0);
        assert_eq!(problems(&missing), vec![format!("customer {dropped} is not visited")]);

        let mut twice = sol.clone();
        twice.routes[1].push(dropped);
        assert!(problems(&twice).iter().any(|p| p == &format!("customer {dropped} is visited 2 times")));

        let mut not_customer = sol.clone();
        not_customer.routes[0].push(0);
        not_customer.routes[0].push(101);
        let found = problems(&not_customer);
        assert!(found.iter().any(|p| p.contains("visits 0, which is not a customer")), "{found:?}");
        assert!(found.iter().any(|p| p.contains("visits 101, which is not a customer")), "{found:?}");

        let mut reversed = sol.clone();
        reversed.routes[0].reverse();
        assert!(problems(&reversed).iter().any(|p| p.contains("after its due time")));

        let mut one_route = sol.clone();
        let all: Vec<usize> = one_route.routes.concat();
        one_route.routes = vec![all];
        let found = problems(&one_route);
        assert!(found.iter().any(|p| p.contains("over the capacity 200")), "{found:?}");

        let mut many = sol.clone();
        many.routes = sol.routes.concat().into_iter().map(|c| vec![c]).collect();
        assert!(problems(&many).iter().any(|p| p == "100 routes used but only 25 vehicles"));
    }

    #[test]
    fn solomon_errors_name_file_and_line() {
        let err =
            solomon::parse("C101.vrp", "NAME : C101\nDIMENSION : 2\nNODE_COORD_SECTION\n1 40 50\n2 45\n").unwrap_err();
        assert_eq!(err, RawFormatError::at("C101.vrp", 5, "expected 3 numbers, found 2"));
        assert_eq!(err.to_string(), "C101.vrp line 5: expected 3 numbers, found 2");

        let err = solomon::parse("x.vrp", "DIMENSION : 2\nDEMAND_SECTION\n3 0\n").unwrap_err();
        assert_eq!(err.to_string(), "x.vrp line 3: node id 3 is outside 1..=2");
        let err = solomon::parse("x.vrp", "DIMENSION : 1\nVEHICLES : 1\nCAPACITY : 1\nNODE_COORD_SECTION\n1 0 0\n")
            .unwrap_err();
        assert_eq!(err.to_string(), "x.vrp: DEMAND_SECTION has no line for node 1");
        let err = solomon::parse("x.vrp", "EDGE_WEIGHT_TYPE : GEO\n").unwrap_err();
        assert_eq!(err.to_string(), "x.vrp line 1: unsupported EDGE_WEIGHT_TYPE `GEO` (only EUC_2D)");
        let err = solomon::parse("x.vrp", "DIMENSION : 1000000000000\n").unwrap_err();
        assert!(err.to_string().starts_with("x.vrp line 1: DIMENSION 1000000000000 does not fit"), "{err}");

        let err = solomon::parse_solution("C101.sol", "Route #1: 1 2\nRoute #2: 3 x\n").unwrap_err();
        assert_eq!(err.to_string(), "C101.sol line 2: expected a customer number, found `x`");
        let err = solomon::parse_solution("C101.sol", "Cost 1\nCost 2\n").unwrap_err();
        assert_eq!(err.to_string(), "C101.sol line 2: a second Cost line");
    }

    #[test]
    fn solomon_parsers_never_panic_on_truncated_or_garbled_files() {
        let bench = benchmarks();
        let dir = bench.join("solomon1987");
        for name in ["C101", "R211", "RC105"] {
            let vrp = read(&dir.join(format!("instances/{name}.vrp")));
            let sol = read(&dir.join(format!("bks-solutions/{name}.sol")));
            let good = solomon::parse("x.vrp", &vrp).unwrap();
            for cut in cut_points(&vrp, 300) {
                if let Ok(inst) = solomon::parse("x.vrp", &vrp[..cut]) {
                    let s = solomon::parse_solution("x.sol", &sol).unwrap();
                    let _ = solomon::evaluate(&inst, &s);
                }
            }
            for cut in cut_points(&sol, 100) {
                if let Ok(s) = solomon::parse_solution("x.sol", &sol[..cut]) {
                    let _ = solomon::evaluate(&good, &s);
                }
            }
            for seed in 0..300 {
                if let Ok(inst) = solomon::parse("x.vrp", &garble(&vrp, seed)) {
                    let s = solomon::parse_solution("x.sol", &sol).unwrap();
                    let _ = solomon::evaluate(&inst, &s);
                }
                if let Ok(s) = solomon::parse_solution("x.sol", &garble(&sol, seed)) {
                    let _ = solomon::evaluate(&good, &s);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Mankowska and hhcrsp

    /// bks.csv rows by instance file stem.
    fn mankowska_bks(dir: &Path) -> HashMap<String, HashMap<String, String>> {
        csv_rows(&dir.join("bks.csv"))
            .into_iter()
            .map(|r| (r["file"].trim_end_matches(".txt").to_string(), r))
            .collect()
    }

    /// Parse every instance in `instances`, evaluate its MNSA24 solution from `solutions`, and check
    /// it against bks.csv. Returns how many were checked.
    fn check_mankowska(
        instances: &[PathBuf],
        solutions: &Path,
        bks: &HashMap<String, HashMap<String, String>>,
    ) -> usize {
        let mut checked = 0;
        for path in instances {
            let name = file_name(path);
            let inst = mankowska::parse(&name, &read(path)).unwrap();
            let row = &bks[&inst.name];
            assert_eq!(inst.nodes, row["n_patients"].parse::<usize>().unwrap() + 2, "{name}");
            assert_eq!(inst.vehicles, row["n_caregivers"].parse::<usize>().unwrap(), "{name}");
            assert_eq!(inst.services, 6);
            assert!(inst.last_is_depot_copy(), "{name}");
            // Processing times do not depend on the caregiver.
            for node in 0..inst.nodes {
                for s in 0..inst.services {
                    let p0 = inst.processing_time(node, 0, s);
                    assert!((0..inst.vehicles).all(|v| inst.processing_time(node, v, s) == p0), "{name}");
                }
            }
            // d is the Euclidean distance of the coordinates, as printed in single precision.
            for i in 0..inst.nodes {
                for j in 0..inst.nodes {
                    let e = (inst.x[i] - inst.x[j]).hypot(inst.y[i] - inst.y[j]);
                    assert!((inst.distance[i][j] - e).abs() < 1e-4, "{name} d[{i}][{j}]");
                }
            }

            let sol_name = &row["MNSA24_solution"];
            assert!(sol_name.starts_with(&format!("sol-{}-", inst.name)) && sol_name.ends_with(".json"));
            let text = read(&solutions.join(sol_name));
            let sol = hhcrsp::parse(sol_name, &text).unwrap();
            assert_eq!(hhcrsp::write(&sol), text, "{sol_name}: written back byte for byte");

            let eval = mankowska::evaluate(&inst, &sol);
            let bks: f64 = row["BKS_verified"].parse().unwrap();
            assert!(eval.feasible, "{name}: {:?}", eval.problems);
            assert!((eval.cost - bks).abs() <= 0.01, "{name}: evaluated {} vs BKS_verified {bks}", eval.cost);
            let parts = (eval.distance + eval.total_tardiness + eval.max_tardiness) / 3.0;
            assert!((eval.cost - parts).abs() < 1e-9);
            checked += 1;
        }
        checked
    }

    #[test]
    fn mankowska_a_to_d_mnsa24_solutions_are_feasible_at_bks_verified() {
        let bench = benchmarks();
        let dir = bench.join("mankowska2014");
        let tmp = TempDir::new("mnsa24-ad");
        tmp.extract(&dir.join("mnsa24-solutions.tar.xz"));
        let instances = sorted_files(&dir.join("instances-A-D"), "txt");
        assert_eq!(instances.len(), 32);
        let checked = check_mankowska(&instances, &tmp.0.join("mnsa24-solutions"), &mankowska_bks(&dir));
        assert_eq!(checked, 32);
    }

    #[test]
    fn mankowska_e_to_g_mnsa24_solutions_are_feasible_at_bks_verified() {
        let bench = benchmarks();
        let dir = bench.join("mankowska2014");
        let tmp = TempDir::new("mnsa24-eg");
        tmp.extract(&dir.join("mnsa24-solutions.tar.xz"));
        tmp.extract(&dir.join("instances-E-G.tar.xz"));
        let instances = sorted_files(&tmp.0.join("instances-E-G"), "txt");
        assert_eq!(instances.len(), 24);
        let checked = check_mankowska(&instances, &tmp.0.join("mnsa24-solutions"), &mankowska_bks(&dir));
        assert_eq!(checked, 24);
    }

    #[test]
    fn mankowska_format_conventions_of_the_a1_file() {
        let bench = benchmarks();
        let path = bench.join("mankowska2014/instances-A-D/InstanzCPLEX_HCSRP_10_1.txt");
        let inst = mankowska::parse("InstanzCPLEX_HCSRP_10_1.txt", &read(&path)).unwrap();
        assert_eq!(inst.name, "InstanzCPLEX_HCSRP_10_1");
        assert_eq!((inst.nodes, inst.vehicles, inst.services), (12, 3, 6));
        assert_eq!(inst.patients(), 1..11);
        // DS = "11 10 9", 1-based: nodes 10, 9, 8, the rows of r with two services.
        assert_eq!(inst.double_service, vec![10, 9, 8]);
        assert_eq!(inst.required_services(8), vec![4, 5]);
        assert_eq!(inst.required_services(9), vec![0, 3]);
        // mind/maxd are per node: node 8 simultaneous, node 9 in [51, 102].
        assert_eq!((inst.min_gap[8], inst.max_gap[8]), (0.0, 0.0));
        assert_eq!((inst.min_gap[9], inst.max_gap[9]), (51.0, 102.0));
        assert_eq!(inst.qualified[1], vec![false, false, false, false, true, true]);
        assert_eq!(inst.processing.len(), 12 * 3 * 6);
        assert_eq!(inst.processing_time(0, 2, 5), 0.0);
        assert_eq!(inst.processing_time(1, 0, 0), 14.0);
        assert_eq!(inst.processing_time(11, 0, 0), 0.0);
        assert_eq!((inst.earliest[0], inst.latest[0]), (0.0, 600.0));
        assert_eq!((inst.earliest[11], inst.latest[11]), (0.0, 1000.0));
        assert_eq!((inst.earliest[1], inst.latest[1]), (345.0, 465.0));
        assert_eq!(inst.distance[0][1], 38.470768);
    }

    fn a1() -> (mankowska::MankowskaInstance, HhcrspSolution, TempDir) {
        let bench = benchmarks();
        let dir = bench.join("mankowska2014");
        let inst = mankowska::parse("A1.txt", &read(&dir.join("instances-A-D/InstanzCPLEX_HCSRP_10_1.txt"))).unwrap();
        let tmp = TempDir::new("mnsa24-a1");
        tmp.extract(&dir.join("mnsa24-solutions.tar.xz"));
        let path = tmp.0.join("mnsa24-solutions/sol-InstanzCPLEX_HCSRP_10_1-3825612719.json");
        let sol = hhcrsp::parse("A1.json", &read(&path)).unwrap();
        (inst, sol, tmp)
    }

    #[test]
    fn mankowska_evaluator_reports_each_broken_rule() {
        let (inst, sol, _tmp) = a1();
        let base = mankowska::evaluate(&inst, &sol);
        assert!(base.feasible, "{:?}", base.problems);
        assert!((base.cost - 218.199).abs() < 0.001);
        assert_eq!((base.total_tardiness, base.max_tardiness), (0.0, 0.0));
        let problems = |s: &HhcrspSolution| mankowska::evaluate(&inst, s).problems;
        let has = |s: &HhcrspSolution, needle: &str| {
            let found = problems(s);
            assert!(found.iter().any(|p| p.contains(needle)), "expected `{needle}` in {found:?}");
        };

        // c1's route: p10 s3 (148), p3 s2, p5 s3, p9 s1, p7 s3. c2: p8 s6. c3: p8 s5, p10 s6, ...
        let mut missing = sol.clone();
        missing.routes[0].locations.remove(3);
        has(&missing, "p9 s1 is not done");

        let mut early = sol.clone();
        early.routes[0].locations[1].arrival_time -= 1.0;
        early.routes[0].locations[1].departure_time -= 1.0;
        has(&early, "before the window opens at 247");

        let mut short = sol.clone();
        short.routes[0].locations[1].departure_time -= 1.0;
        has(&short, "not the processing time 14");

        let mut unqualified = sol.clone();
        unqualified.routes[1].caregiver_id = "c1".into(); // c1 cannot do s6
        has(&unqualified, "c1 is not qualified for s6");
        has(&unqualified, "caregiver c1 has more than one route");

        // Moving p8 s6 to c3 as well: same caregiver for both services, and c3 cannot get there in time.
        let mut same = sol.clone();
        let moved = same.routes[1].locations.remove(0);
        same.routes[2].locations.insert(0, moved);
        has(&same, "both services done by the same caregiver");
        has(&same, "before it can arrive");

        // Delaying p10 s6 (c3) breaks p10's gap [8, 16] after s3 at 148.
        let mut gap = sol.clone();
        for loc in gap.routes[2].locations.iter_mut().skip(1) {
            loc.arrival_time += 10.0;
            loc.departure_time += 10.0;
        }
        has(&gap, "start gap 21.161 is outside [8, 16]");

        let mut late = sol.clone();
        let last = late.routes[2].locations.last_mut().unwrap();
        last.arrival_time += 200.0;
        last.departure_time += 200.0;
        let eval = mankowska::evaluate(&inst, &late);
        assert!(eval.feasible, "late is allowed: {:?}", eval.problems);
        assert!(eval.max_tardiness > 100.0 && eval.total_tardiness == eval.max_tardiness);

        let mut bad_ids = sol.clone();
        bad_ids.routes[0].locations[0].patient = "p0".into();
        bad_ids.routes[0].locations[1].service = "s7".into();
        bad_ids.routes[1].caregiver_id = "c4".into();
        bad_ids.routes[2].locations[0].patient = "x8".into();
        has(&bad_ids, "visits p0, which is not a patient");
        has(&bad_ids, "service s7 does not exist");
        has(&bad_ids, "caregiver c4 does not exist");
        has(&bad_ids, "`x8` is not a patient id");

        let mut extra = sol.clone();
        extra.routes[0].locations[0].service = "s1".into();
        has(&extra, "p10 does not require s1");
    }

    #[test]
    fn mankowska_errors_name_file_and_line() {
        let err = mankowska::parse("m.txt", "nbNodes\n3\nnbVehi\n1\nfoo\n").unwrap_err();
        assert_eq!(err.to_string(), "m.txt line 5: unknown section `foo`");
        let err = mankowska::parse("m.txt", "1 2\n").unwrap_err();
        assert_eq!(err.to_string(), "m.txt line 1: numbers before the first section name");
        let err = mankowska::parse("m.txt", "nbNodes\n3\n").unwrap_err();
        assert_eq!(err.to_string(), "m.txt: no section `nbVehi`");
        let err = mankowska::parse("m.txt", "nbNodes\n3\nnbVehi\n1\nnbServi\n2\nr\n1 1\n0 1\n").unwrap_err();
        assert_eq!(err.to_string(), "m.txt line 7: section `r`: expected 6 numbers (3 × 2), found 4");
        let err = mankowska::parse("m.txt", "nbNodes\n3\nnbVehi\n1\nnbServi\n2\nr\n1 1\n0 2\n1 1\n").unwrap_err();
        assert_eq!(err.to_string(), "m.txt line 9: section `r`: expected 0 or 1, found `2`");
        let err = mankowska::parse("m.txt", "nbNodes\n99999999999999999999\n").unwrap_err();
        assert_eq!(err.to_string(), "m.txt line 2: expected a whole number, found `99999999999999999999`");

        // A tiny complete file: depot, one patient needing s1 and s2 (DS names it as 2), depot copy.
        let tiny = "nbNodes\n3\nnbVehi\n2\nnbServi\n2\nr\n1 1\n1 1\n1 1\nDS\n2\na\n1 0\n0 1\nx\n0 3 0\ny\n0 4 0\n\
                    d\n0 5 0\n5 0 5\n0 5 0\np\n0 0\n0 0\n7 7\n7 7\n0 0\n0 0\nmind\n0 2 0\nmaxd\n0 4 0\n\
                    e\n0 10 0\nl\n600 20 1000\n";
        let inst = mankowska::parse("tiny.txt", tiny).unwrap();
        assert_eq!(inst.double_service, vec![1]);
        assert_eq!(inst.patients(), 1..2);
        let bad_ds = tiny.replace("DS\n2\n", "DS\n1\n");
        let err = mankowska::parse("tiny.txt", &bad_ds).unwrap_err();
        assert!(err.to_string().starts_with("tiny.txt line 12: DS names node 1, which is not a patient"), "{err}");
        let no_ds = tiny.replace("DS\n2\n", "DS\n");
        let err = mankowska::parse("tiny.txt", &no_ds).unwrap_err();
        assert!(err.to_string().contains("patient node 1 requires 2 services in `r` but is not in DS"), "{err}");

        let sol = r#"{"routes": [
            {"caregiver_id": "c1", "locations": [{"patient_id": "p1", "service_id": "s1", "arrival_time": 10, "departure_time": 17}]},
            {"caregiver_id": "c2", "locations": [{"patient": "p1", "service": "s2", "arrival_time": 13, "departure_time": 20}]}]}"#;
        let sol = hhcrsp::parse("tiny.json", sol).unwrap();
        assert_eq!(sol.global_ordering, None);
        let eval = mankowska::evaluate(&inst, &sol);
        assert!(eval.feasible, "{:?}", eval.problems);
        assert!((eval.distance - 20.0).abs() < 1e-12);
        assert!((eval.cost - 20.0 / 3.0).abs() < 1e-12);
        assert!(!hhcrsp::write(&sol).contains("global_ordering"));
        assert!(hhcrsp::write(&sol).contains("\"patient\": \"p1\""));
    }

    #[test]
    fn hhcrsp_ids_map_both_ways_with_errors_not_panics() {
        assert_eq!(hhcrsp::patient_id(7), "p7");
        assert_eq!(hhcrsp::patient_node("p7"), Ok(7));
        assert_eq!(hhcrsp::patient_node("p0"), Ok(0));
        assert_eq!(hhcrsp::caregiver_id(0), "c1");
        assert_eq!(hhcrsp::caregiver_vehicle("c1"), Ok(0));
        assert_eq!(hhcrsp::service_id(5), "s6");
        assert_eq!(hhcrsp::service_index("s6"), Ok(5));
        for v in [0, 1, 9, 10, 123] {
            assert_eq!(hhcrsp::caregiver_vehicle(&hhcrsp::caregiver_id(v)), Ok(v));
            assert_eq!(hhcrsp::service_index(&hhcrsp::service_id(v)), Ok(v));
            assert_eq!(hhcrsp::patient_node(&hhcrsp::patient_id(v)), Ok(v));
        }
        for bad in ["c0", "c", "", "p1", "c01", "c+1", "c-1", "c1.5", "C1", " c1", "c99999999999999999999999"] {
            assert!(hhcrsp::caregiver_vehicle(bad).is_err(), "{bad}");
        }
        assert!(hhcrsp::service_index("s0").is_err());
        assert!(hhcrsp::patient_node("p").is_err());
        assert_eq!(
            hhcrsp::caregiver_vehicle("c0").unwrap_err().to_string(),
            "`c0` is not a caregiver id (expected `c1`, `c2`, ...)"
        );
        assert_eq!(
            hhcrsp::patient_node("x").unwrap_err().to_string(),
            "`x` is not a patient id (expected `p0`, `p1`, ...)"
        );

        let err = hhcrsp::parse("s.json", "{\n  \"routes\": [\n    {\"caregiver_id\": 3}\n  ]\n}").unwrap_err();
        assert_eq!(err.file, "s.json");
        assert_eq!(err.line, Some(3));
        assert!(err.to_string().starts_with("s.json line 3: invalid type: integer `3`, expected a string"), "{err}");
    }

    #[test]
    fn mankowska_and_hhcrsp_parsers_never_panic_on_truncated_or_garbled_files() {
        let (inst, sol, _tmp) = a1();
        let bench = benchmarks();
        let text = read(&bench.join("mankowska2014/instances-A-D/InstanzCPLEX_HCSRP_10_1.txt"));
        let json = hhcrsp::write(&sol);
        for cut in cut_points(&text, 400) {
            if let Ok(i) = mankowska::parse("x.txt", &text[..cut]) {
                let _ = mankowska::evaluate(&i, &sol);
            }
        }
        for cut in cut_points(&json, 200) {
            if let Ok(s) = hhcrsp::parse("x.json", &json[..cut]) {
                let _ = mankowska::evaluate(&inst, &s);
            }
        }
        for seed in 0..400 {
            if let Ok(i) = mankowska::parse("x.txt", &garble(&text, seed)) {
                let _ = mankowska::evaluate(&i, &sol);
            }
            if let Ok(s) = hhcrsp::parse("x.json", &garble(&json, seed)) {
                let _ = mankowska::evaluate(&inst, &s);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Italian (Ceschia et al. 2024)

    use rota::import::italian::{self, ItalianInstance, Synchronization};

    /// The 15 shipped Italian instances and their MNSA24 solutions, extracted, with bks.csv.
    fn italian_dev() -> (TempDir, Vec<HashMap<String, String>>) {
        let dir = benchmarks().join("italian-ceschia2024");
        let tmp = TempDir::new("italian");
        tmp.extract(&dir.join("dev-instances-with-mnsa24-solutions.tar.xz"));
        (tmp, csv_rows(&dir.join("bks.csv")))
    }

    fn italian_instance(tmp: &TempDir, file: &str) -> ItalianInstance {
        italian::parse(file, &read(&tmp.0.join("instances-dev").join(file))).unwrap()
    }

    fn italian_solution(tmp: &TempDir, file: &str) -> (HhcrspSolution, String) {
        let text = read(&tmp.0.join("mnsa24-solutions-dev").join(file));
        (hhcrsp::parse(file, &text).unwrap(), text)
    }

    #[test]
    fn italian_all_15_mnsa24_solutions_are_feasible_at_the_published_cost() {
        let (tmp, rows) = italian_dev();
        assert_eq!(sorted_files(&tmp.0.join("instances-dev"), "json").len(), 15);
        let (mut checked, mut truncated) = (0, 0);
        for row in &rows {
            let name = &row["instance"];
            let inst = italian_instance(&tmp, name);
            assert_eq!(inst.name, name.trim_end_matches(".json"));
            assert_eq!(inst.city, row["city"], "{name}");
            assert_eq!(inst.patients.len(), row["patients"].parse::<usize>().unwrap(), "{name}");
            // bks.csv's `caregivers` and `services` columns repeat the file name's r and s numbers,
            // which are not the counts in the file (instance 000 has 42 caregivers, "r26").
            assert!(!inst.caregivers.is_empty() && !inst.services.is_empty());
            assert_eq!(inst.office.id, "d1");
            assert_eq!(inst.distance.len(), inst.patients.len() + 1);
            // Integer travel, zero on the diagonal; locations are [lon, lat] inside `area`.
            for (i, row) in inst.distance.iter().enumerate() {
                assert_eq!(row[i], 0.0);
                assert!(row.iter().all(|d| d.fract() == 0.0), "{name}");
            }
            let [x0, y0, x1, y1] = inst.area.unwrap();
            for p in &inst.patients {
                assert!((x0..=x1).contains(&p.lon) && (y0..=y1).contains(&p.lat), "{name} {}", p.id);
                assert_eq!(p.synchronization.is_some(), p.required.len() == 2, "{name} {}", p.id);
                // Windows are whole minutes up to floating-point noise.
                for b in [p.window.0, p.window.1] {
                    assert!((b - b.round()).abs() < 1e-9, "{name} {}", p.id);
                }
            }

            let (sol, text) = italian_solution(&tmp, &row["solution"]);
            assert_eq!(hhcrsp::write(&sol), text, "{}: written back byte for byte", row["solution"]);
            assert_eq!(sol.routes.len(), inst.caregivers.len(), "{name}: one route per caregiver");
            let eval = italian::evaluate(&inst, &sol);
            // Clean but for the starts the published solver truncated (see `truncated` below).
            let early: Vec<String> = mnsa24_truncated_starts(&inst, &sol)
                .into_iter()
                .map(|(c, p, s, t)| {
                    format!("{c} at {p} for {s}: starts at {t}, before the window opens at {}", t + 1.0)
                })
                .collect();
            truncated += early.len();
            assert_eq!(eval.problems, early, "{name}");
            let bks: f64 = row["bks_total_cost"].parse().unwrap();
            assert!((eval.cost - bks).abs() <= 0.01, "{name}: evaluated {} vs BKS {bks}", eval.cost);
            let whole = |key: &str| row[key].parse::<f64>().unwrap();
            assert_eq!(eval.distance, whole("distance"), "{name}");
            assert_eq!(eval.total_tardiness, whole("total_tardiness"), "{name}");
            assert_eq!(eval.max_tardiness, whole("max_tardiness"), "{name}");
            checked += 1;
        }
        assert_eq!(checked, 15);
        // Eight starts one minute before a window opening at x.99999... (single-service patients,
        // which the official validator does not check); nothing else is broken.
        assert_eq!(truncated, 8);
    }

    #[test]
    fn italian_format_conventions_windows_snap_and_sequential_pairs_keep_file_order() {
        let (tmp, rows) = italian_dev();
        let row = rows.iter().find(|r| r["instance"].starts_with("instance_020-")).unwrap();
        let inst = italian_instance(&tmp, &row["instance"]);
        let (sol, _) = italian_solution(&tmp, &row["solution"]);
        // p27's window opens at 62.999999999999986, which Rota reads as 63; the published
        // solution (whose solver truncates) starts it at 62, and the evaluator says so.
        let p27 = &inst.patients[26];
        assert_eq!((p27.id.as_str(), p27.window.0), ("p27", 62.999999999999986));
        assert_eq!(inst.earliest(26), 63.0);
        let start = sol.routes.iter().flat_map(|r| &r.locations).find(|l| l.patient == "p27").unwrap().arrival_time;
        assert_eq!(start, 62.0);
        let problems = italian::evaluate(&inst, &sol).problems;
        assert!(
            problems.len() == 1 && problems[0].ends_with("at p27 for s1: starts at 62, before the window opens at 63"),
            "{problems:?}"
        );
        // The matrix is not symmetric: row 0 is the office, row i patient p<i>.
        assert!((0..inst.nodes()).any(|a| (0..inst.nodes()).any(|b| inst.distance[a][b] != inst.distance[b][a])));

        // Sequential pairs: the second-listed service starts [min, max] after the first, whatever
        // their numbers. Some pairs list the higher service first; swapping every pair breaks the
        // published solution.
        let sequential: Vec<usize> = (0..inst.patients.len())
            .filter(|&i| matches!(inst.patients[i].synchronization, Some(Synchronization::Sequential { .. })))
            .collect();
        assert!(sequential
            .iter()
            .any(|&i| inst.patients[i].required[0].service > inst.patients[i].required[1].service));
        let mut swapped = inst.clone();
        for &i in &sequential {
            swapped.patients[i].required.reverse();
        }
        let start = |patient: &str, service: usize| {
            let service = hhcrsp::service_id(service);
            let mut all = sol.routes.iter().flat_map(|r| &r.locations);
            all.find(|l| l.patient == patient && l.service == service).unwrap().arrival_time
        };
        let apart = sequential
            .iter()
            .filter(|&&i| {
                let p = &inst.patients[i];
                start(&p.id, p.required[1].service) > start(&p.id, p.required[0].service)
            })
            .count();
        assert!(apart > 10 && apart <= sequential.len());
        let mut problems = italian::evaluate(&swapped, &sol).problems;
        problems.retain(|p| !p.contains("before the window opens")); // p27, above
        assert_eq!(problems.len(), apart, "{problems:?}");
        assert!(problems.iter().all(|p| p.contains("start gap -")), "{problems:?}");

        // Instance 024's p33 opens at 92.99999999999999 (read exactly) and snaps to 93.
        let row = rows.iter().find(|r| r["instance"].starts_with("instance_024-")).unwrap();
        let inst = italian_instance(&tmp, &row["instance"]);
        assert_eq!((inst.patients[32].id.as_str(), inst.patients[32].window.0), ("p33", 92.99999999999999));
        assert_eq!(inst.earliest(32), 93.0);
        // Instance 026's p181 (two services) opens at 463.99999999999994: 464, never 463, which
        // the official validator rejects.
        let row = rows.iter().find(|r| r["instance"].starts_with("instance_026-")).unwrap();
        let inst = italian_instance(&tmp, &row["instance"]);
        assert_eq!((inst.patients[180].id.as_str(), inst.patients[180].window.0), ("p181", 463.99999999999994));
        assert_eq!((inst.earliest(180), inst.patients[180].required.len()), (464.0, 2));
        // A real fraction: the start rounds up, the due time stays.
        let mut odd = inst.clone();
        odd.patients[180].window = (463.25, 553.5);
        assert_eq!((odd.earliest(180), odd.due(180)), (464.0, 553.5));
        assert_eq!((italian::snap(1.0000000000000036), italian::snap(2.5)), (1.0, 2.5));
    }

    /// Office, p1 (s2 for 10 then s1 for the default 20, 5..15 apart, window [9, 20] up to noise)
    /// and p2 (s1 for 15, window [0, 60]); c1 does s1, c2 both.
    const ITALIAN_TINY: &str = r#"{
  "name": "tiny",
  "area": [0.0, 0.0, 1.0, 1.0],
  "distances": [[0, 5, 6], [4, 0, 3], [6, 3, 0]],
  "central_offices": [{"id": "d1", "location": [0.5, 0.5]}],
  "patients": [
    {"id": "p1", "location": [0.1, 0.1], "time_window": [9.999999999999998, 20.00000000000001],
     "required_caregivers": [{"service": "s2", "duration": 10}, {"service": "s1"}],
     "synchronization": {"type": "sequential", "distance": [5, 15]}},
    {"id": "p2", "location": [0.2, 0.2], "time_window": [0, 60],
     "required_caregivers": [{"service": "s1", "duration": 15}]}
  ],
  "caregivers": [{"id": "c1", "abilities": ["s1"]}, {"id": "c2", "abilities": ["s2", "s1"]}],
  "services": [{"id": "s1", "default_duration": 20}, {"id": "s2", "default_duration": 30}]
}"#;

    /// c2: p1 s2 at 10. c1: p2 s1 at 6, then p1 s1 at 25 (15 after s2; 5 late).
    const ITALIAN_TINY_SOLUTION: &str = r#"{"routes": [
      {"caregiver_id": "c1", "locations": [
        {"patient": "p2", "service": "s1", "arrival_time": 6, "departure_time": 21},
        {"patient": "p1", "service": "s1", "arrival_time": 25, "departure_time": 45}]},
      {"caregiver_id": "c2", "locations": [
        {"patient": "p1", "service": "s2", "arrival_time": 10, "departure_time": 20}]}]}"#;

    #[test]
    fn italian_evaluator_reports_each_broken_rule() {
        let inst = italian::parse("tiny.json", ITALIAN_TINY).unwrap();
        assert_eq!((inst.earliest(0), inst.due(0)), (10.0, 20.0));
        assert_eq!(inst.patients[0].required[1], italian::ItalianRequirement { service: 0, duration: 20.0 });
        assert_eq!(inst.caregivers[1].abilities, vec![1, 0]);
        let sol = hhcrsp::parse("tiny-sol.json", ITALIAN_TINY_SOLUTION).unwrap();
        let base = italian::evaluate(&inst, &sol);
        assert!(base.feasible, "{:?}", base.problems);
        // Travel 6 + 3 + 4 (c1) and 5 + 4 (c2); p1 s1 is 5 late.
        assert_eq!((base.distance, base.total_tardiness, base.max_tardiness), (22.0, 5.0, 5.0));
        assert!((base.cost - 32.0 / 3.0).abs() < 1e-12);

        let problems = |s: &HhcrspSolution| italian::evaluate(&inst, s).problems;
        let has = |s: &HhcrspSolution, needle: &str| {
            let found = problems(s);
            assert!(found.iter().any(|p| p.contains(needle)), "expected `{needle}` in {found:?}");
        };
        let mut missing = sol.clone();
        missing.routes[0].locations.remove(0);
        has(&missing, "p2 s1 is not done");

        let mut early = sol.clone();
        early.routes[1].locations[0].arrival_time = 8.0;
        early.routes[1].locations[0].departure_time = 18.0;
        has(&early, "before the window opens at 10");
        has(&early, "start gap 17.000 is outside [5, 15]");

        let mut short = sol.clone();
        short.routes[0].locations[1].departure_time = 40.0;
        has(&short, "lasts 15.000, not the duration 20");

        let mut unable = sol.clone();
        unable.routes[0].caregiver_id = "c2".into();
        unable.routes[1].caregiver_id = "c1".into();
        has(&unable, "c1 is not able to do s2");

        let mut same = sol.clone();
        let moved = same.routes[0].locations.remove(1);
        same.routes[1].locations.push(moved);
        has(&same, "p1 (s2 then s1): both services done by the same caregiver");

        let mut tight = sol.clone();
        tight.routes[0].locations[1].arrival_time = 23.0;
        tight.routes[0].locations[1].departure_time = 43.0;
        has(&tight, "before it can arrive (24.000 = 21 + travel 3.000)");

        let mut bad_ids = sol.clone();
        bad_ids.routes[0].locations[0].patient = "p0".into();
        bad_ids.routes[0].locations[1].service = "s3".into();
        bad_ids.routes[1].caregiver_id = "c3".into();
        has(&bad_ids, "visits p0, which is not a patient");
        has(&bad_ids, "service s3 does not exist");
        has(&bad_ids, "caregiver c3 does not exist");

        let mut extra = sol.clone();
        extra.routes[0].locations[0].service = "s2".into();
        has(&extra, "p2 does not require s2");

        let mut simultaneous = inst.clone();
        simultaneous.patients[0].synchronization = Some(Synchronization::Simultaneous);
        let found = italian::evaluate(&simultaneous, &sol).problems;
        assert_eq!(found, vec!["p1 (s2 then s1): start gap 15.000 is outside [0, 0]".to_string()]);
    }

    #[test]
    fn italian_errors_name_the_file_and_never_panic() {
        let err = italian::parse("i.json", "{\n  \"name\": 3\n}").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("i.json", Some(2)));
        assert!(err.to_string().starts_with("i.json line 2: invalid type: integer `3`, expected a string"), "{err}");
        let bad = |from: &str, to: &str| {
            let text = ITALIAN_TINY.replacen(from, to, 1);
            assert_ne!(text, ITALIAN_TINY, "{from}");
            italian::parse("i.json", &text).unwrap_err().to_string()
        };
        let err = bad(r#""abilities": ["s1"]}"#, r#""abilities": ["s1"], "working_hours": [0, 480]}"#);
        assert!(err.contains("unknown field `working_hours`"), "{err}");
        assert_eq!(
            bad(r#""id": "p2""#, r#""id": "p7""#),
            "i.json: patients[1] has id `p7`; expected `p2` (ids are numbered in file order)"
        );
        assert_eq!(bad(", [6, 3, 0]]", "]"), "i.json: distances has 2 rows; expected 3 (the office and 2 patients)");
        assert_eq!(bad("[6, 3, 0]", "[6, 3]"), "i.json: distances row 2 has 2 numbers; expected 3");
        assert_eq!(
            bad(r#"[{"id": "d1", "location": [0.5, 0.5]}]"#, "[]"),
            "i.json: expected exactly one central office, found 0"
        );
        assert_eq!(
            bad(r#""type": "sequential""#, r#""type": "parallel""#),
            "i.json: patient p1: unknown synchronization type `parallel` (expected simultaneous or sequential)"
        );
        assert_eq!(
            bad("[5, 15]", "[15, 5]"),
            "i.json: patient p1: sequential distance [15, 5] must have 0 ≤ min ≤ max"
        );
        assert_eq!(
            bad("}],\n     \"synchronization\": {\"type\": \"sequential\", \"distance\": [5, 15]}", "}]"),
            "i.json: patient p1: two services but no synchronization"
        );
        assert_eq!(
            bad(r#""service": "s1", "duration": 15"#, r#""service": "s9", "duration": 15"#),
            "i.json: patient p2: unknown service `s9` (there are 2)"
        );
        assert_eq!(bad("[0, 60]", "[70, 60]"), "i.json: patient p2: time_window [70, 60] must have 0 ≤ e ≤ l");
        assert_eq!(
            bad("[0.2, 0.2]", "[200, 0.2]"),
            "i.json: patient p2: location [200, 0.2] is not a [longitude, latitude] on the map"
        );
        assert!(bad("[0, 5, 6]", "[0, 5, 1e400]").starts_with("i.json line 4: number out of range"));

        // Truncated and garbled copies of a real file and solution give errors or instances the
        // evaluator copes with, never panics.
        let (tmp, rows) = italian_dev();
        let row = rows.iter().find(|r| r["instance"].starts_with("instance_010-")).unwrap();
        let text = read(&tmp.0.join("instances-dev").join(&row["instance"]));
        let inst = italian::parse("x.json", &text).unwrap();
        let (sol, json) = italian_solution(&tmp, &row["solution"]);
        for cut in cut_points(&text, 200) {
            assert!(italian::parse("x.json", &text[..cut]).is_err());
        }
        for cut in cut_points(&json, 100) {
            if let Ok(s) = hhcrsp::parse("x.json", &json[..cut]) {
                let _ = italian::evaluate(&inst, &s);
            }
        }
        for seed in 0..200 {
            if let Ok(i) = italian::parse("x.json", &garble(&text, seed)) {
                let _ = italian::evaluate(&i, &sol);
            }
            if let Ok(s) = hhcrsp::parse("x.json", &garble(&json, seed)) {
                let _ = italian::evaluate(&inst, &s);
            }
        }
    }
}
