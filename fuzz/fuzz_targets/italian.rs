//! The Italian HHCRSP (Ceschia et al. 2024) reader and its conversion to a problem (`rota import
//! italian`, `rota bench italian`): no input may panic, and an error names the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rota::import::{convert, italian};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match italian::parse("fuzz.json", text) {
        Ok(instance) => rota_fuzz_gen::imported(&convert::italian(&instance, "fuzz.matrix.json")),
        Err(e) => assert!(e.to_string().starts_with("fuzz.json"), "{e}"),
    }
});
