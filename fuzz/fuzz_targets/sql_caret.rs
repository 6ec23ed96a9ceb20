//! The SQL statement splitter and the error caret of `crisisdb sql`, on any text.
#![no_main]

include!("../checks.rs");

libfuzzer_sys::fuzz_target!(|text: &str| check_sql_caret(text));
