//! `rota solve` from the command line: bad arguments fail at once with exit 2, inputs are never
//! overwritten, and a good run writes a rota that passes `rota check`.

use std::path::PathBuf;
use std::process::Command;

fn rota() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rota"))
}

fn demo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../datasets/demo/problem.json"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rota-solve-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn assert_exit_2(out: &std::process::Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains(needle), "expected `{needle}` in: {stderr}");
}

#[test]
fn bad_time_limits_and_threads_are_refused() {
    let out = scratch("never.json");
    for limit in ["0", "-1", "NaN", "inf", "1e19", "1e300"] {
        let o = rota()
            .args(["solve"])
            .arg(demo())
            .arg("-o")
            .arg(&out)
            .arg(format!("--time-limit={limit}"))
            .output()
            .unwrap();
        assert_exit_2(&o, "--time-limit");
    }
    let o = rota().arg("solve").arg(demo()).arg("-o").arg(&out).args(["--threads", "0"]).output().unwrap();
    assert_exit_2(&o, "--threads");
    assert!(!out.exists());
}

#[test]
fn never_overwrites_the_problem_and_checks_the_output_folder_first() {
    let copy = scratch("problem.json");
    std::fs::copy(demo(), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let o = rota().arg("solve").arg(&copy).arg("-o").arg(&copy).args(["--iterations", "5"]).output().unwrap();
    assert_exit_2(&o, "refusing to overwrite");
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    let o = rota()
        .arg("solve")
        .arg(demo())
        .args(["-o", "/nonexistent/dir/rota.json", "--time-limit", "30"])
        .output()
        .unwrap();
    assert_exit_2(&o, "does not exist");
}

#[test]
fn a_solved_demo_passes_the_checker() {
    let out = scratch("rota.json");
    let o =
        rota().arg("solve").arg(demo()).arg("-o").arg(&out).args(["--iterations", "50", "--quiet"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let c = rota().arg("check").arg(demo()).arg(&out).output().unwrap();
    assert_eq!(c.status.code(), Some(0), "{}", String::from_utf8_lossy(&c.stdout));
}

#[test]
fn a_work_budget_gives_the_same_rota_twice_and_is_recorded_in_it() {
    let run = |name: &str| {
        let out = scratch(name);
        let o = rota()
            .arg("solve")
            .arg(demo())
            .arg("-o")
            .arg(&out)
            .args(["--work", "3000000", "--threads", "2", "--seed", "4", "--time-limit", "600"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr).to_string();
        assert!(o.status.success(), "{stderr}");
        assert!(stderr.contains("ended on its work budget (repeatable)"), "{stderr}");
        std::fs::read_to_string(out).unwrap()
    };
    let (a, b) = (run("work-a.json"), run("work-b.json"));
    assert_eq!(a, b, "the same seed, threads and work budget gave two rotas");
    let rota: serde_json::Value = serde_json::from_str(&a).unwrap();
    let made_by = &rota["made_by"];
    assert_eq!(made_by["work"], 3_000_000, "{made_by}");
    assert_eq!(made_by["threads"], 2, "{made_by}");
    assert_eq!(made_by["seed"], 4, "{made_by}");
    // The rota says what ended the run, and so that it is repeatable.
    assert_eq!(made_by["stopped_by"], "work", "{made_by}");
    assert_eq!(made_by["repeatable"], true, "{made_by}");
}

#[test]
fn a_run_the_clock_ends_says_it_is_not_repeatable() {
    let out = scratch("clock.json");
    let o = rota()
        .arg("solve")
        .arg(demo())
        .arg("-o")
        .arg(&out)
        .args(["--time-limit", "0.5", "--full-time"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("stopped by the clock (not repeatable)"), "{stderr}");
    let rota: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(rota["made_by"]["stopped_by"], "clock", "{}", rota["made_by"]);
    assert_eq!(rota["made_by"]["repeatable"], false, "{}", rota["made_by"]);
}

#[test]
fn budgets_that_contradict_each_other_are_refused() {
    let out = scratch("never-budget.json");
    let clashes: [&[&str]; 3] =
        [&["--iterations", "5", "--full-time"], &["--work", "5", "--full-time"], &["--iterations", "5", "--work", "5"]];
    for args in clashes {
        let o = rota().arg("solve").arg(demo()).arg("-o").arg(&out).args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    }
    assert!(!out.exists());
}
