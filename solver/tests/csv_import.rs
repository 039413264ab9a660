//! `rota::import::csv`: the shipped spreadsheet example imports to a valid problem, visit
//! patterns expand to the right dated visits, availability (split shifts included) reads as
//! written, and broken files report every bad row with its file, row and column, never panicking.

use rota::import::csv::availability::parse_availability;
use rota::import::csv::pattern::DayPattern;
use rota::import::csv::{import, visit_id, CsvErrors, CsvFile, CsvImport, CsvOptions};
use rota::model::Problem;
use rota::time::{ClockTime, Week};
use std::collections::BTreeSet;
use std::path::Path;

fn example(name: &str) -> CsvFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/csv-example").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    CsvFile::new(name, text)
}

fn monday() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn week() -> Week {
    Week::starting(monday()).unwrap()
}

fn kent() -> CsvOptions {
    CsvOptions::new(monday(), "kent")
}

const CLIENTS: &str = "id,lat,lon\nc01,51.2802,1.0789\nc02,51.2900,1.0700\n";
const CARERS: &str = "id,lat,lon,skills,availability\nk01,51.29,1.07,dementia,every day 07:00-22:00\n";

fn run(clients: &str, carers: &str, visits: &str) -> Result<CsvImport, CsvErrors> {
    import(
        &CsvFile::new("clients.csv", clients),
        &CsvFile::new("carers.csv", carers),
        &CsvFile::new("visits.csv", visits),
        &kent(),
    )
}

fn imported(visits: &str) -> Problem {
    run(CLIENTS, CARERS, visits).unwrap_or_else(|e| panic!("{e}")).problem
}

/// (file, row, column, code) of every error.
fn located(errors: &CsvErrors) -> BTreeSet<(String, Option<usize>, Option<String>, String)> {
    errors.errors().map(|e| (e.file.clone(), e.row, e.column.clone(), e.code.to_string())).collect()
}

fn at(file: &str, row: usize, column: &str, code: &str) -> (String, Option<usize>, Option<String>, String) {
    (file.to_string(), Some(row), Some(column.to_string()), code.to_string())
}

#[test]
fn the_example_imports_to_a_problem_that_validates() {
    let out = import(&example("clients.csv"), &example("carers.csv"), &example("visits.csv"), &kent())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.warnings.0.is_empty(), "{}", out.warnings);
    let p = &out.problem;
    assert_eq!((p.clients.len(), p.carers.len(), p.visits.len(), p.seat_count()), (15, 7, 203, 217));
    // Through the file format and its full validation, as `rota validate` reads it.
    let text = rota::format::to_json(p);
    let (again, warnings) = rota::format::parse_problem_with_warnings(&text, "csv-week.json")
        .unwrap_or_else(|e| panic!("the imported problem does not validate:\n{e}"));
    assert!(warnings.0.is_empty(), "{warnings}");
    assert_eq!(&again, p);
    // What the example is there to show.
    assert!(p.visits.iter().any(|v| v.carers_required == 2), "a double-handed visit");
    assert!(p.visits.iter().any(|v| v.time_critical), "a time-critical visit");
    assert!(p.clients.iter().all(|c| c.profile == "kent"));
    let c09 = p.clients.iter().find(|c| c.id == "c09").unwrap();
    assert!(c09.preferences[0].required && c09.preferences[0].value == "female");
    let k04 = p.carers.iter().find(|k| k.id == "k04").unwrap();
    let tuesday: Vec<_> = k04.availability.iter().filter(|a| a.date == week().date(1)).collect();
    assert_eq!(tuesday.len(), 2, "k04 works a split shift on Tuesday");
    let k01 = p.carers.iter().find(|k| k.id == "k01").unwrap();
    assert_eq!(k01.skills[1].expires.map(|d| d.to_string()).as_deref(), Some("2027-06-30"));
    let one_off = p.visits.iter().find(|v| v.id == "c10-2026-12-05-1100").expect("the one-off visit");
    assert_eq!(one_off.window.map(|w| (w.earliest, w.latest)), Some((ClockTime::hm(10, 30), ClockTime::hm(11, 30))));
    // Commissioned hours: given (c01 21) or the carer hours of the visits (c03: 105 min a day).
    assert_eq!(p.clients[0].weekly_hours, 21.0);
    assert_eq!(p.clients.iter().find(|c| c.id == "c03").unwrap().weekly_hours, 12.25);
    // The skills are those the carers hold.
    let skills: BTreeSet<&str> = p.skills.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(skills, BTreeSet::from(["catheter-care", "dementia", "medication-administer", "moving-handling"]));
}

#[test]
fn patterns_expand_to_the_right_dates_with_readable_ids() {
    let p = imported(
        "client,days,start,duration_min\n\
         c01,\"Mon,Wed,Fri\",08:00,30\n\
         c01,every day,20:30,45\n\
         c02,weekdays,12:15,30\n\
         c02,weekends,10:00,60\n\
         c02,2026-12-03,15:00,30\n",
    );
    let dates = |client: &str, start: ClockTime| -> Vec<String> {
        p.visits.iter().filter(|v| v.client == client && v.start == start).map(|v| v.date.to_string()).collect()
    };
    assert_eq!(dates("c01", ClockTime::hm(8, 0)), ["2026-11-30", "2026-12-02", "2026-12-04"]);
    assert_eq!(dates("c01", ClockTime::hm(20, 30)).len(), 7);
    assert_eq!(
        dates("c02", ClockTime::hm(12, 15)),
        ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]
    );
    assert_eq!(dates("c02", ClockTime::hm(10, 0)), ["2026-12-05", "2026-12-06"]);
    assert_eq!(dates("c02", ClockTime::hm(15, 0)), ["2026-12-03"]);
    assert_eq!(p.visits.len(), 3 + 7 + 5 + 2 + 1);
    assert_eq!(p.visits[0].id, "c01-2026-11-30-0800");
    assert_eq!(visit_id("c02", week().date(6), ClockTime::hm(10, 0)), "c02-2026-12-06-1000");
    let ids: BTreeSet<&str> = p.visits.iter().map(|v| v.id.as_str()).collect();
    assert!(ids.contains("c01-2026-12-06-2030") && ids.contains("c02-2026-12-03-1500"));
    // The same files give the same ids, in the same order.
    let again = imported(
        "client,days,start,duration_min\nc01,\"Mon,Wed,Fri\",08:00,30\nc01,every day,20:30,45\n\
         c02,weekdays,12:15,30\nc02,weekends,10:00,60\nc02,2026-12-03,15:00,30\n",
    );
    assert_eq!(again.visits, p.visits);
    // Commissioned hours default to the visits' carer hours, rounded up to a quarter hour.
    assert_eq!(p.clients[0].weekly_hours, 6.75);

    // The parser on its own: every form gives the same days.
    for (text, days) in [
        ("Mon,Wed,Fri", vec![0, 2, 4]),
        ("monday wednesday friday", vec![0, 2, 4]),
        ("Mon-Fri", vec![0, 1, 2, 3, 4]),
        ("weekdays", vec![0, 1, 2, 3, 4]),
        ("every day", vec![0, 1, 2, 3, 4, 5, 6]),
        ("Fri-Mon", vec![0, 4, 5, 6]),
        ("Sat, Sun", vec![5, 6]),
    ] {
        let pattern: DayPattern = text.parse().unwrap();
        let got: Vec<_> = pattern.dates(&week()).unwrap().into_iter().map(|d| (d - monday()).num_days()).collect();
        assert_eq!(got, days, "{text}");
    }
}

#[test]
fn availability_reads_split_shifts_nights_and_day_ranges() {
    let w = parse_availability("Mon 07:00-13:00; Mon 16:00-22:00", &week()).unwrap();
    let spans: Vec<_> = w.iter().map(|a| (a.date.to_string(), a.start.to_string(), a.end.to_string())).collect();
    assert_eq!(
        spans,
        [
            ("2026-11-30".to_string(), "07:00".to_string(), "13:00".to_string()),
            ("2026-11-30".to_string(), "16:00".to_string(), "22:00".to_string())
        ]
    );
    // A split shift on every weekday, written once; a night shift into Saturday morning.
    let w = parse_availability("Mon-Fri 07:00-13:30, 17:00-22:00; Fri 22:00-07:00", &week()).unwrap();
    assert_eq!(w.len(), 11);
    assert_eq!(w.iter().filter(|a| a.date == week().date(4)).count(), 3);
    let night = w.iter().find(|a| a.start == ClockTime::hm(22, 0)).unwrap();
    assert_eq!((night.date, night.end), (week().date(4), ClockTime::hm(31, 0)));
    // Through the import, and into the validation: overlapping windows are reported on the cell.
    let carers = "id,lat,lon,availability\n\
                  k01,51.29,1.07,Mon 07:00-13:00; Mon 16:00-22:00\n\
                  k02,51.29,1.07,weekdays 07:00-14:00; Mon 13:00-15:00\n";
    let errors = run(CLIENTS, carers, "client,days,start,duration_min\n").unwrap_err();
    assert_eq!(located(&errors), BTreeSet::from([at("carers.csv", 3, "availability", "overlapping_availability")]));
}

#[test]
fn broken_files_report_every_bad_row_with_file_row_and_column() {
    let clients = "id,postcode,lat,lon,weekly_hours,excluded_carers\n\
                   c01,CT1 1AD,51.29,1.10,7,\n\
                   c02,CT1 1AE,north,1.08,,\n\
                   ,CT1 1AF,51.28,1.08,3,\n\
                   c04,CT1 1AG,51.28,1.10,lots,k09\n\
                   c05,CT1 1AH,51.28,1.10,2,k09\n";
    let carers = "id,lat,lon,skills,availability,travel_mode\n\
                  k01,51.29,1.07,dementia; moving-handling,Mon-Fri 07:00-13:00,car\n\
                  k02,51.29,1.07,dementia until 31/12/2027,Funday 07:00-13:00,car\n\
                  k03,51.29,1.07,,Mon 07:00-13:00,horse\n";
    let visits = "client,days,start,duration_min,carers_required,skills\n\
                  c01,every day,08:00,30,,\n\
                  c01,Mon,8.00,30,,\n\
                  c01,Tue,09:00,0,,\n\
                  c01,Moonday,10:00,30,,\n\
                  c99,Wed,10:00,30,,\n\
                  c01,Thu,11:00,30,4,\n\
                  c01,Fri,12:00,30,,peg-feeding\n\
                  c02,Sat,12:00,30,,\n\
                  c01,Sat,08:00,30,,\n";
    let errors = run(clients, carers, visits).unwrap_err();
    let want = BTreeSet::from([
        at("clients.csv", 3, "lat", "invalid_value"),
        at("clients.csv", 4, "id", "missing_value"),
        at("clients.csv", 5, "weekly_hours", "invalid_value"),
        // Found by the validation once the files are read, on the row and column they came from.
        at("clients.csv", 6, "excluded_carers", "unknown_reference"),
        at("carers.csv", 3, "skills", "invalid_value"),
        at("carers.csv", 3, "availability", "bad_availability"),
        at("carers.csv", 4, "travel_mode", "invalid_value"),
        at("visits.csv", 3, "start", "bad_time"),
        at("visits.csv", 4, "duration_min", "invalid_value"),
        at("visits.csv", 5, "days", "bad_days"),
        at("visits.csv", 6, "client", "unknown_reference"),
        at("visits.csv", 7, "carers_required", "invalid_value"),
        at("visits.csv", 8, "skills", "unknown_reference"),
        at("visits.csv", 10, "start", "duplicate_visit"),
    ]);
    assert_eq!(located(&errors), want, "{errors}");
    // Client c02's row is broken, so its visit (row 9) is not also reported as of an unknown
    // client; c04's row is broken too, so its refusal of k09 is not reported, but c05's is.
    assert!(!errors.0.iter().any(|e| e.row == Some(9) && e.file == "visits.csv"), "{errors}");
    // The report reads as a scheduler needs it.
    let text = errors.to_string();
    assert!(text.contains("visits.csv: row 3, column start (id \"c01\"): `8.00` is not a time of day"), "{text}");
    assert!(text.contains("there is no client with id \"c99\" in clients.csv"), "{text}");
    assert!(text.contains("no carer in carers.csv holds this skill"), "{text}");
    assert!(text.ends_with("14 error(s), 0 warning(s)"), "{text}");
}

#[test]
fn header_problems_are_row_1_and_stop_only_their_own_file() {
    let clients = "ID,Lat,Lon,Weekly hours,Notes\nc01,51.28,1.08,3,keysafe 1234\n";
    let carers = "id,lat,lon,skill\nk01,51.29,1.07,dementia\n";
    let visits = "client,days,start,duration,duration_min\nc01,Mon,08:00,30,30\n";
    let errors = run(clients, carers, visits).unwrap_err();
    let want = BTreeSet::from([
        at("carers.csv", 1, "skill", "unknown_column"),
        at("carers.csv", 1, "availability", "missing_column"),
        at("visits.csv", 1, "duration", "unknown_column"),
    ]);
    assert_eq!(located(&errors), want, "{errors}");
    let semicolons = run(CLIENTS, CARERS, "client;days;start;duration_min\nc01;Mon;08:00;30\n").unwrap_err();
    assert_eq!(semicolons.0[0].code, "malformed_csv");
    assert!(semicolons.0[0].message.contains("semicolons"));
}

#[test]
fn rows_are_counted_as_a_spreadsheet_shows_them() {
    // A cell with a line break is one row in a spreadsheet, and a leading byte-order mark (as
    // Excel writes) is not part of the first column's name.
    let visits = "\u{feff}client,days,start,duration_min,notes\n\
                  c01,Mon,08:00,30,\"key safe:\nby the back door\"\n\
                  c01,Tue,25:00,30,\n";
    let errors = run(CLIENTS, CARERS, visits).unwrap_err();
    assert_eq!(located(&errors), BTreeSet::from([at("visits.csv", 3, "start", "bad_time")]), "{errors}");
}

#[test]
fn options_are_checked_and_postcodes_looked_up() {
    let tuesday = CsvOptions::new(monday().succ_opt().unwrap(), "kent");
    let (c, k, v) = (CsvFile::new("c", CLIENTS), CsvFile::new("k", CARERS), CsvFile::new("v", "client\n"));
    let errors = import(&c, &k, &v, &tuesday).unwrap_err();
    assert_eq!(errors.0[0].code, "week_start_not_monday");
    assert!(errors.0[0].message.contains("2026-11-30"), "{errors}");
    let errors = import(&c, &k, &v, &CsvOptions::new(monday(), "kentish")).unwrap_err();
    assert_eq!(errors.0[0].code, "unknown_profile");

    let table = rota::generate::PostcodeTable::from_reader(
        "postcode,lat,lon\nCT1 2EH,51.2802,1.0789\nCT2 7AB,51.29,1.07\n".as_bytes(),
    )
    .unwrap();
    let options = kent().with_postcodes(&table);
    let clients = CsvFile::new("clients.csv", "id,postcode,lat,lon,profile\nc01,ct12eh,,,bexley\nc02,CT9 9ZZ,,,\n");
    let carers = CsvFile::new("carers.csv", "id,postcode,availability\nk01,CT2 7AB,Mon 07:00-12:00\n");
    let visits = CsvFile::new("visits.csv", "client,days,start,duration_min\nc01,Mon,08:00,30\n");
    let errors = import(&clients, &carers, &visits, &options).unwrap_err();
    assert_eq!(located(&errors), BTreeSet::from([at("clients.csv", 3, "postcode", "unknown_postcode")]), "{errors}");
    let clients = CsvFile::new("clients.csv", "id,postcode,lat,lon,profile\nc01,ct12eh,,,bexley\n");
    let p = import(&clients, &carers, &visits, &options).unwrap().problem;
    assert_eq!(p.clients[0].postcode.as_deref(), Some("CT1 2EH"));
    assert_eq!(p.clients[0].location, rota::model::Location::geo(51.2802, 1.0789));
    assert_eq!(p.clients[0].profile, "bexley", "the profile column overrides the default");
    // Without a table, a postcode alone is not a place.
    let errors = import(&clients, &carers, &visits, &kent()).unwrap_err();
    assert!(errors.errors().all(|e| e.code == "missing_value"), "{errors}");
}

#[test]
fn validation_findings_of_a_row_are_reported_once() {
    // A 15-minute call every day under Milton Keynes' short-call ban: one error for the row.
    let options = CsvOptions::new(monday(), "milton-keynes");
    let visits =
        "client,days,start,duration_min,short_call_authorised\nc01,every day,08:00,15,\nc02,every day,08:00,15,yes\n";
    let errors = import(
        &CsvFile::new("clients.csv", CLIENTS),
        &CsvFile::new("carers.csv", CARERS),
        &CsvFile::new("visits.csv", visits),
        &options,
    )
    .unwrap_err();
    assert_eq!(errors.0.len(), 1, "{errors}");
    assert_eq!(located(&errors), BTreeSet::from([at("visits.csv", 2, "duration_min", "short_call_not_authorised")]));
    assert!(errors.0[0].message.contains("6 more"), "{errors}");
}

/// Deterministic garbling: a few bytes replaced by characters that break parsers.
fn garble(text: &str, seed: u64) -> String {
    const JUNK: [&str; 10] = ["\"", ",", "\n", ";", "99999999999999999999", ":", "NaN", "-", "\u{feff}", "é"];
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = |m: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % m
    };
    let mut out = text.to_string();
    for _ in 0..4 {
        let mut at = next(out.len().max(1));
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        let end = (at + 1 + next(3)).min(out.len());
        let end = (end..=out.len()).find(|&e| out.is_char_boundary(e)).unwrap_or(out.len());
        out.replace_range(at..end, JUNK[next(JUNK.len())]);
    }
    out
}

#[test]
fn garbled_and_cut_files_give_errors_never_a_panic() {
    let files = [example("clients.csv"), example("carers.csv"), example("visits.csv")];
    for seed in 0..150u64 {
        let mut f = files.clone();
        let which = (seed % 3) as usize;
        f[which].text = if seed % 5 == 0 {
            let cut = (seed as usize * 37) % f[which].text.len();
            let cut = (0..=cut).rev().find(|&c| f[which].text.is_char_boundary(c)).unwrap();
            f[which].text[..cut].to_string()
        } else {
            garble(&f[which].text, seed)
        };
        // Errors or a problem, but no panic; any problem it gives validates.
        if let Ok(out) = import(&f[0], &f[1], &f[2], &kent()) {
            rota::format::parse_problem(&rota::format::to_json(&out.problem), "garbled.json")
                .unwrap_or_else(|e| panic!("seed {seed}: an imported problem fails validation:\n{e}"));
        }
    }
    for text in ["", "\n\n", ",,,", "\"", "id\n\"unterminated", "\u{feff}"] {
        let f = CsvFile::new("x.csv", text);
        assert!(import(&f, &f, &f, &kent()).is_err(), "{text:?}");
    }
}
