//! `rota import uhhc` and `rota bench uhhc` from the command line, on the UHHC instances shipped
//! in `benchmarks/uhhc2025`: the imported problem validates, and the bench's exported solution
//! reads back in UHHC's own format and evaluates to the reported objective. A fixed number of
//! iterations, so nothing here depends on machine speed; the official validator is not run
//! (`ROTA_PYTHON` is cleared).

use rota::import::uhhc;
use std::path::{Path, PathBuf};
use std::process::Command;

fn benchmarks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../benchmarks")
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rota-uhhc-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rota(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rota")).args(args).env_remove("ROTA_PYTHON").output().unwrap()
}

#[test]
fn an_imported_uhhc_instance_validates() {
    let out = scratch("import");
    let input = benchmarks().join("uhhc2025/generated-small/instance-002.json");
    let problem = out.join("problem.json");
    let o = rota(&["import".as_ref(), "uhhc".as_ref(), input.as_os_str(), "-o".as_ref(), problem.as_os_str()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join("problem.matrix.json").is_file());
    let o = rota(&["validate".as_ref(), problem.as_os_str()]);
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn uhhc_bench_exports_a_solution_that_evaluates_to_the_reported_objective() {
    let out = scratch("bench");
    let dir = benchmarks().join("uhhc2025");
    let csv = out.join("results.csv");
    let sols = out.join("solutions");
    let o = rota(&[
        "bench".as_ref(),
        "uhhc".as_ref(),
        dir.as_os_str(),
        "--iterations".as_ref(),
        "300".as_ref(),
        "--only".as_ref(),
        "i-247".as_ref(),
        "--csv".as_ref(),
        csv.as_os_str(),
        "--solutions".as_ref(),
        sols.as_os_str(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{stdout}{}", String::from_utf8_lossy(&o.stderr));
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let get = |k: &str| row.iter().zip(headers.iter()).find(|(_, h)| *h == k).unwrap().0.to_string();
    assert_eq!(get("feasible"), "true");
    assert_eq!(get("bks"), "21186.000");
    // The exported solution, read back in UHHC's format, is valid and costs what was reported.
    let text = std::fs::read_to_string(sols.join("sol-i-247.json")).unwrap();
    let sol = uhhc::parse_solution("sol-i-247.json", &text).unwrap();
    let tmp = out.join("unpacked");
    rota::import::archive::unpack_tar_xz(&dir.join("validation-dev-with-sa-solutions.tar.xz"), &tmp).unwrap();
    let inst_text = std::fs::read_to_string(tmp.join("validation-dev/i-247.json")).unwrap();
    let inst = uhhc::parse("i-247.json", &inst_text).unwrap();
    let eval = uhhc::evaluate(&inst, &sol);
    assert!(eval.feasible, "{:?}", eval.problems);
    assert_eq!(format!("{:.3}", eval.objective), get("ours"));
    assert_eq!(sol.cost.unwrap().objective, eval.objective);
    // One route per caregiver, in the instance's order: the validator counts a caregiver left
    // out as not idle at all, where an unused one is idle all shift.
    let ids: Vec<&str> = sol.routes.iter().map(|r| r.caregiver_id.as_str()).collect();
    let want: Vec<&str> = inst.caregivers.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, want);
    let _ = std::fs::remove_dir_all(&out);
}
