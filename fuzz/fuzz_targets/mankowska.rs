//! The Mankowska (2014) HHCRSP reader and its conversion to a problem (`rota import mankowska`,
//! `rota bench mankowska`): no input may panic, and an error names the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rota::import::{convert, mankowska};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match mankowska::parse("fuzz.txt", text) {
        Ok(instance) => rota_fuzz_gen::imported(&convert::mankowska(&instance, "fuzz.matrix.json")),
        Err(e) => assert!(e.to_string().starts_with("fuzz.txt"), "{e}"),
    }
});
