//! `rota import csv` end to end: the shipped spreadsheet week imports, validates, solves and
//! checks clean; bad files exit 2 naming the file, row and column of every error; and the
//! benchmark importers still answer to `rota import solomon FILE -o problem.json`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

fn rota(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rota")).args(args).output().expect("the rota binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/csv-example").join(name).to_str().unwrap().to_string()
}

/// A fresh scratch folder, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("rota-import-csv-cli-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }

    fn write(&self, name: &str, text: &str) -> String {
        std::fs::write(self.0.join(name), text).unwrap();
        self.path(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn import(clients: &str, carers: &str, visits: &str, week: &str, output: &str) -> Output {
    rota(&[
        "import",
        "csv",
        "--clients",
        clients,
        "--carers",
        carers,
        "--visits",
        visits,
        "--week-start",
        week,
        "--profile",
        "kent",
        "-o",
        output,
    ])
}

#[test]
fn the_example_week_imports_validates_solves_and_checks_clean() {
    let dir = Scratch::new();
    let problem = dir.path("csv-week.json");
    let out = import(&example("clients.csv"), &example("carers.csv"), &example("visits.csv"), "2026-11-30", &problem);
    assert!(out.status.success(), "import failed: {}", stderr(&out));
    assert!(stderr(&out).contains("15 clients, 203 visits, 217 seats, 7 carers"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning["), "{}", stderr(&out));

    let out = rota(&["validate", &problem]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));

    let rota_file = dir.path("csv-rota.json");
    let out = rota(&["solve", &problem, "-o", &rota_file, "--iterations", "3000", "--seed", "1", "--quiet"]);
    assert!(out.status.success(), "solve failed: {}", stderr(&out));
    let out = rota(&["check", &problem, &rota_file]);
    assert_eq!(out.status.code(), Some(0), "check found violations:\n{}", String::from_utf8_lossy(&out.stdout));

    // Every seat of the example finds a carer: the week is staffed to be solvable.
    let rota_json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&rota_file).unwrap()).unwrap();
    let unassigned = rota_json["unassigned"].as_array().map_or(0, Vec::len);
    assert_eq!(unassigned, 0, "unassigned: {}", rota_json["unassigned"]);
}

#[test]
fn bad_files_exit_2_naming_file_row_and_column_of_every_error() {
    let dir = Scratch::new();
    let clients = dir.write("clients.csv", "id,lat,lon\nc01,51.28,1.08\nc02,51.28,east\n");
    let carers = dir.write("carers.csv", "id,lat,lon,availability\nk01,51.29,1.07,Mon 07:00-13:00; Mon 16:00-22:00\n");
    let visits = dir.write(
        "visits.csv",
        "client,days,start,duration_min\nc01,every day,08:00,30\nc01,Mon,8am,30\nc01,Tue,09:00,30\nc77,Wed,09:00,30\n",
    );
    let problem = dir.path("problem.json");
    let out = import(&clients, &carers, &visits, "2026-11-30", &problem);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    for want in [
        "error[invalid_value]: ",
        "clients.csv: row 3, column lon (id \"c02\")",
        "error[bad_time]: ",
        "visits.csv: row 3, column start (id \"c01\")",
        "error[unknown_reference]: ",
        "visits.csv: row 5, column client",
        "3 error(s)",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    assert!(!Path::new(&problem).exists(), "no problem is written from bad files");

    // A week that does not start on a Monday, and a file that is not there: exit 2, said plainly.
    let out = import(&clients, &carers, &visits, "2026-12-01", &problem);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("week_start_not_monday"), "{}", stderr(&out));
    let missing = dir.path("nope.csv");
    let out = import(&clients, &missing, &visits, "2026-11-30", &problem);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.csv") && stderr(&out).contains("unreadable_file"), "{}", stderr(&out));
    let out = import(&clients, &carers, &visits, "30/11/2026", &problem);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
}

#[test]
fn the_benchmark_importers_keep_their_command_line() {
    let dir = Scratch::new();
    let vrp = dir.write(
        "T3.vrp",
        "NAME : T3\nTYPE : CVRPTW\nDIMENSION : 3\nVEHICLES : 2\nCAPACITY : 10\nSERVICE_TIME : 10\n\
         EDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 8\nDEMAND_SECTION\n1 0\n2 1\n3 1\n\
         TIME_WINDOW_SECTION\n1 0 200\n2 0 100\n3 0 100\nDEPOT_SECTION\n1\n-1\nEOF\n",
    );
    let problem = dir.path("t3.json");
    let out = rota(&["import", "solomon", &vrp, "-o", &problem]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(Path::new(&dir.path("t3.matrix.json")).exists());
    assert_eq!(rota(&["validate", &problem]).status.code(), Some(0));
}
