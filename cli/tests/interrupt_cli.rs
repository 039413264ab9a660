//! Ctrl-C and SIGTERM during `rota solve` and `rota bench`, with real signals sent to the
//! built binary: the best rota so far is written whole, marked interrupted, passes the checker,
//! and the exit code is 3; a second signal quits at once with 130; an interrupted bench keeps
//! the instances it finished and lists those it did not run.
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

fn rota() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rota"))
}

fn demo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../datasets/demo/problem.json"))
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rota-interrupt-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn signal(child: &Child, name: &str) {
    let ok = Command::new("kill").arg(format!("-{name}")).arg(child.id().to_string()).status().unwrap();
    assert!(ok.success(), "kill -{name} failed");
}

/// Read the child's stderr until a line contains `needle`; return what was read, and the rest
/// of stderr as it comes (so the child never blocks on a full pipe).
fn wait_for(child: &mut Child, needle: &str) -> (String, std::thread::JoinHandle<String>) {
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = String::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if line.contains(needle) {
            break;
        }
    }
    assert!(seen.contains(needle), "`{needle}` never came: {seen}");
    let rest = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>().join("\n"));
    (seen, rest)
}

/// Wait for the child to exit, for at most two minutes (a hung child fails the test).
fn wait(child: &mut Child) -> ExitStatus {
    let until = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > until {
            let _ = child.kill();
            panic!("the child did not exit after the signal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Start `rota solve` on the demo week with an hour's search, and wait until it is searching.
fn solve_until_searching(out: &Path) -> (Child, std::thread::JoinHandle<String>) {
    let mut child = rota()
        .arg("solve")
        .arg(demo())
        .arg("-o")
        .arg(out)
        .args(["--time-limit", "3600", "--full-time", "--threads", "2"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (_, rest) = wait_for(&mut child, "searching");
    // Some search iterations.
    std::thread::sleep(Duration::from_millis(500));
    (child, rest)
}

fn interrupted_rota_is_whole_marked_and_checks(signal_name: &str) {
    let dir = scratch(&signal_name.to_lowercase());
    let out = dir.join("rota.json");
    let (mut child, rest) = solve_until_searching(&out);
    signal(&child, signal_name);
    let status = wait(&mut child);
    let stderr = rest.join().unwrap();
    assert_eq!(status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    // Whole, valid against its problem, marked.
    let problem = rota::format::load_problem(demo()).unwrap().0;
    let (written, _) = rota::format::load_rota(&out, &problem).unwrap();
    let made_by = written.made_by.as_ref().unwrap();
    assert_eq!(made_by.stopped_by, Some(rota::solve::Stop::Interrupted));
    assert_eq!(made_by.repeatable, Some(false));
    assert!(written.rounds.iter().any(|r| !r.visits.is_empty()));
    // Every visit is scheduled or unassigned with a reason, and no rule is broken.
    let check = rota().arg("check").arg(demo()).arg(&out).output().unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stdout));
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["rota.json"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ctrl_c_during_solve_writes_the_best_rota_so_far_marked_interrupted() {
    interrupted_rota_is_whole_marked_and_checks("INT");
}

#[test]
fn sigterm_during_solve_writes_the_best_rota_so_far_marked_interrupted() {
    interrupted_rota_is_whole_marked_and_checks("TERM");
}

#[test]
fn a_second_ctrl_c_quits_at_once() {
    let dir = scratch("twice");
    // The rota goes to a named pipe nobody reads, so after the first Ctrl-C the write waits
    // (as on a stalled disk) and the second Ctrl-C is sure to find the process still there.
    let out = dir.join("rota.json");
    let made = Command::new("mkfifo").arg(&out).status().unwrap();
    assert!(made.success());
    let (mut child, rest) = solve_until_searching(&out);
    signal(&child, "INT");
    std::thread::sleep(Duration::from_millis(500));
    assert!(child.try_wait().unwrap().is_none(), "the write to the pipe should still be waiting");
    signal(&child, "INT");
    let status = wait(&mut child);
    let stderr = rest.join().unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted again"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A small Solomon-style instance: a depot and `n` customers with wide windows.
fn solomon(name: &str, n: usize, seed: u64) -> String {
    let mut x = seed;
    let mut next = |m: u64| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) % m
    };
    let mut s = format!(
        "NAME : {name}\nTYPE : CVRPTW\nDIMENSION : {}\nVEHICLES : {n}\nCAPACITY : 200\nSERVICE_TIME : 10\n\
         EDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 50 50\n",
        n + 1
    );
    for i in 2..=n + 1 {
        s += &format!("{i} {} {}\n", next(100), next(100));
    }
    s += "DEMAND_SECTION\n1 0\n";
    for i in 2..=n + 1 {
        s += &format!("{i} {}\n", 1 + next(20));
    }
    s += "TIME_WINDOW_SECTION\n1 0 1000\n";
    for i in 2..=n + 1 {
        let open = next(500);
        s += &format!("{i} {open} {}\n", open + 300);
    }
    s + "DEPOT_SECTION\n1\n-1\nEOF\n"
}

#[test]
fn ctrl_c_during_bench_keeps_what_was_done_and_lists_what_was_not_run() {
    let dir = scratch("bench");
    let instances = dir.join("instances");
    std::fs::create_dir_all(&instances).unwrap();
    for (i, name) in ["T1", "T2", "T3"].iter().enumerate() {
        std::fs::write(instances.join(format!("{name}.vrp")), solomon(name, 40, i as u64 + 1)).unwrap();
    }
    let csv = dir.join("results.csv");
    let mut child = rota()
        .args(["bench", "solomon"])
        .arg(&instances)
        .args(["--time-limit", "3600", "--csv"])
        .arg(&csv)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (_, rest) = wait_for(&mut child, "3 instances");
    std::thread::sleep(Duration::from_millis(1500));
    signal(&child, "INT");
    let status = wait(&mut child);
    let stderr = rest.join().unwrap();
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    assert_eq!(status.code(), Some(3), "{stdout}\n{stderr}");
    assert!(stdout.contains("not run: T2, T3"), "{stdout}");
    assert!(stdout.contains("cut short, with the best rota found before: T1"), "{stdout}");
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let names: Vec<&str> = rows.iter().map(|r| &r[column("instance")]).collect();
    assert_eq!(names, ["T1", "T2", "T3"]);
    let stops: Vec<&str> = rows.iter().map(|r| &r[column("stopped_by")]).collect();
    assert_eq!(stops, ["interrupted", "not_run", "not_run"]);
    // The interrupted instance's rota was checked and costed.
    assert!(rows[0][column("ours")].parse::<f64>().unwrap() > 0.0, "{:?}", rows[0]);
    std::fs::remove_dir_all(&dir).unwrap();
}
