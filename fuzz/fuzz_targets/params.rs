//! The `-p NAME[:TYPE]=VALUE` parser and the typed values it binds, on any text.
#![no_main]

include!("../checks.rs");

libfuzzer_sys::fuzz_target!(|raw: &str| check_params(raw));
