//! The canned-query header parser (`-- title:`, `-- param:`, `-- values:` lines) on any text.
#![no_main]

include!("../checks.rs");

libfuzzer_sys::fuzz_target!(|text: &str| check_canned_header(text));
