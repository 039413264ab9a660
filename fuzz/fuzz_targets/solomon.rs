//! The Solomon (VRPLIB VRPTW) reader and its conversion to a problem (`rota import solomon`,
//! `rota bench solomon`): no input may panic, and an error names the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rota::import::{convert, solomon};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match solomon::parse("fuzz.vrp", text) {
        Ok(instance) => rota_fuzz_gen::imported(&convert::solomon(&instance, "fuzz.matrix.json")),
        Err(e) => assert!(e.to_string().starts_with("fuzz.vrp"), "{e}"),
    }
});
