//! The seed loader (CSV parsing, header checks, validation of every row) on a small valid seeds
//! folder (tests/fixtures/mini-seeds) with one file replaced by the fuzzer's bytes: the first
//! byte picks the file, the rest is its content.
//!
//! The load must end in `Ok` or in `SeedErrors`; any other error (a database error, a foreign
//! key the loader let through) or a panic is a bug.
#![no_main]

use std::sync::{LazyLock, Mutex};

use crisisdb::load::SeedErrors;
use crisisdb::seeds::SeedSet;
use libfuzzer_sys::fuzz_target;
use rusqlite::Connection;

macro_rules! mini {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../tests/fixtures/mini-seeds/", $name)))),*]
    };
}

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

static CONN: LazyLock<Mutex<Connection>> =
    LazyLock::new(|| Mutex::new(crisisdb::db::in_memory().expect("an in-memory database")));

fuzz_target!(|data: &[u8]| {
    let Some((&pick, content)) = data.split_first() else {
        return;
    };
    let replaced = FILES[pick as usize % FILES.len()].0;
    let seeds = SeedSet::from_files(FILES.iter().map(|(name, bytes)| {
        let bytes = if *name == replaced { content } else { bytes };
        (name.to_string(), bytes.to_vec())
    }));
    let mut conn = CONN.lock().unwrap();
    match crisisdb::db::validate(&seeds, &mut conn) {
        Ok(_) => {}
        Err(e) if e.is::<SeedErrors>() => {
            // every error names its file
            let errors = e.downcast_ref::<SeedErrors>().unwrap();
            assert!(!errors.0.is_empty());
            let _ = e.to_string();
        }
        Err(e) => panic!("not a seed error: {e:#}"),
    }
});
