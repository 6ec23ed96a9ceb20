//! The seed loader (CSV parsing, header checks, validation of every row) on a small valid seeds
//! folder (tests/fixtures/mini-seeds) with one file replaced by the fuzzer's bytes: the first
//! byte picks the file, the rest is its content.
#![no_main]

use std::sync::{LazyLock, Mutex};

include!("../checks.rs");

macro_rules! mini {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../tests/fixtures/mini-seeds/", $name)))),*]
    };
}

/// The same files, in the same order, as `MINI_SEEDS`.
static FILES: &[(&str, &[u8])] = mini![
    "countries.csv",
    "sources.csv",
    "excerpts.csv",
    "actors.csv",
    "actor_aliases.csv",
    "actor_titles.csv",
    "places.csv",
    "events.csv",
    "event_actors.csv",
    "assets.csv",
    "deployments.csv",
    "aid.csv",
    "figures.csv",
    "quotes.csv",
    "disputes.csv",
    "dispute_claims.csv",
    "data_notes.csv",
    "coverage_ignore.csv",
    "articles/a.txt",
];

static CONN: LazyLock<Mutex<rusqlite::Connection>> =
    LazyLock::new(|| Mutex::new(crisisdb::db::in_memory().expect("an in-memory database")));

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    assert!(FILES.iter().map(|f| f.0).eq(MINI_SEEDS.iter().copied()));
    check_seeds(FILES, data, &mut CONN.lock().unwrap());
});
