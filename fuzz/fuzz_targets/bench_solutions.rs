//! Published benchmark solutions (`rota bench`, the golden tests): the first byte chooses the
//! format, `S` a Solomon `.sol` for a trimmed C101, `M` an hhcrsp JSON solution for Mankowska
//! instance 10_1, `I` one for a trimmed Italian instance; the rest is the file. Each is read,
//! evaluated by the format's reference evaluator, turned into a rota and, if that rota reads
//! back, checked by the checker. No input may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rota::import::convert::{self, Imported};
use rota::import::{hhcrsp, italian, mankowska, solomon};
use rota::{check, format};
use std::sync::LazyLock;

static SOLOMON: LazyLock<solomon::SolomonInstance> = LazyLock::new(|| {
    solomon::parse("C101-8.vrp", include_str!("../seeds/solomon/C101-8.vrp")).expect("a valid instance")
});
static MANKOWSKA: LazyLock<mankowska::MankowskaInstance> = LazyLock::new(|| {
    let text = include_str!("../seeds/mankowska/InstanzCPLEX_HCSRP_10_1.txt");
    mankowska::parse("InstanzCPLEX_HCSRP_10_1.txt", text).expect("a valid instance")
});
static ITALIAN: LazyLock<italian::ItalianInstance> = LazyLock::new(|| {
    let text = include_str!("../seeds/italian/instance_010-milan-4.json");
    italian::parse("instance_010-milan-4.json", text).expect("a valid instance")
});

/// Read the rota back against the imported problem and check it.
fn check_rota(imported: &Imported, rota: &format::Rota) {
    let Some(travel) = rota_fuzz_gen::travel_of(imported) else { return };
    if let Ok(rota) = format::parse_rota(&format::to_json(rota), "rota.json", &imported.problem) {
        let _ = check::check(&imported.problem, &rota, &travel);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    match kind {
        b'S' => {
            if let Ok(sol) = solomon::parse_solution("fuzz.sol", text) {
                let _ = solomon::evaluate(&SOLOMON, &sol);
                let _ = solomon::write_solution(&sol);
                check_rota(&convert::solomon(&SOLOMON, "m.json"), &convert::solomon_rota(&SOLOMON, &sol));
            }
        }
        b'M' => {
            if let Ok(sol) = hhcrsp::parse("fuzz.json", text) {
                let _ = mankowska::evaluate(&MANKOWSKA, &sol);
                let _ = hhcrsp::write(&sol);
                check_rota(&convert::mankowska(&MANKOWSKA, "m.json"), &convert::mankowska_rota(&MANKOWSKA, &sol));
            }
        }
        b'I' => {
            if let Ok(sol) = hhcrsp::parse("fuzz.json", text) {
                let _ = italian::evaluate(&ITALIAN, &sol);
                check_rota(&convert::italian(&ITALIAN, "m.json"), &convert::italian_rota(&ITALIAN, &sol));
            }
        }
        _ => {}
    }
});
