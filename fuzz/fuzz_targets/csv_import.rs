//! The CSV importer (`rota import csv`): the input holds the three files, clients, carers and
//! visits, separated by the byte 0x1E (ASCII record separator). No input may panic; rejected
//! files give at least one error, each naming one of the files; an accepted import is a
//! problem that the problem loader accepts too (the importer promises a valid problem).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rota::format;
use rota::generate::PostcodeTable;
use rota::import::csv::{import, CsvFile, CsvOptions};
use std::sync::LazyLock;

static OPTIONS: LazyLock<CsvOptions> = LazyLock::new(|| {
    let table = "postcode,lat,lon\nCT1 2EH,51.2798,1.0789\nCT2 7NZ,51.2967,1.0692\nCT1 1AA,51.2802,1.0790\n";
    let table = PostcodeTable::from_reader(table.as_bytes()).expect("a valid postcode table");
    CsvOptions::new("2026-11-30".parse().expect("a date"), "kent").with_postcodes(&table)
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.split('\u{1e}');
    let clients = CsvFile::new("clients.csv", parts.next().unwrap_or(""));
    let carers = CsvFile::new("carers.csv", parts.next().unwrap_or(""));
    let visits = CsvFile::new("visits.csv", parts.next().unwrap_or(""));
    match import(&clients, &carers, &visits, &OPTIONS) {
        Ok(imported) => {
            let json = format::to_json(&imported.problem);
            if let Err(e) = format::parse_problem(&json, "imported.json") {
                panic!("the CSV importer made a problem the loader rejects:\n{e}\n{json}");
            }
        }
        Err(errors) => {
            assert!(errors.has_errors(), "rejected without an error: {errors:?}");
            for e in errors.errors() {
                assert!(
                    ["clients.csv", "carers.csv", "visits.csv", "options"].contains(&e.file.as_str()),
                    "an error names no file: {e:?}"
                );
            }
        }
    }
});
