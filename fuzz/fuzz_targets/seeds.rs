//! The seed loader (CSV parsing, header checks, validation of every row) on a small valid seeds
//! folder (tests/fixtures/mini-seeds) with one file replaced by the fuzzer's bytes: the first
//! byte picks the file, the rest is its content.
#![no_main]

use std::sync::{LazyLock, Mutex};

include!("../checks.rs");

/// The files of the mini seeds, read once.
static FILES: LazyLock<Vec<(&str, Vec<u8>)>> = LazyLock::new(|| {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/mini-seeds");
    MINI_SEEDS
        .iter()
        .map(|name| (*name, std::fs::read(format!("{dir}/{name}")).expect("the mini seeds")))
        .collect()
});

static CONN: LazyLock<Mutex<rusqlite::Connection>> =
    LazyLock::new(|| Mutex::new(crisisdb::db::in_memory().expect("an in-memory database")));

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let base: Vec<(&str, &[u8])> = FILES.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    check_seeds(&base, data, &mut CONN.lock().unwrap());
});
