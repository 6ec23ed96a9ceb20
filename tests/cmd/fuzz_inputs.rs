//! Replays the committed fuzz corpora (fuzz/corpus/TARGET/) and any input that once crashed a
//! target (tests/fixtures/fuzz-crashes/TARGET/) through the checks the fuzz targets make, so a
//! regression shows in the normal test suite without cargo fuzz.

use std::fs;
use std::path::{Path, PathBuf};

mod checks {
    include!("../../fuzz/checks.rs");
}

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for dir in [
        root.join("fuzz/corpus").join(target),
        root.join("tests/fixtures/fuzz-crashes").join(target),
    ] {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            if e.path().is_file() && !e.file_name().to_string_lossy().starts_with('.') {
                all.push((e.path(), fs::read(e.path()).unwrap()));
            }
        }
    }
    all.sort();
    all
}

/// libFuzzer hands a `&str` target only inputs that are UTF-8.
fn text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

/// Replays the inputs of a target that takes text.
fn replay_text(target: &str, check: fn(&str)) {
    let all = inputs(target);
    assert!(all.len() >= 10, "{target}: {} inputs", all.len());
    for (path, bytes) in &all {
        if let Some(t) = text(bytes) {
            let run = std::panic::catch_unwind(|| check(t));
            assert!(run.is_ok(), "{}", path.display());
        }
    }
}

#[test]
fn the_canned_header_corpus_passes() {
    replay_text("canned_header", checks::check_canned_header);
}

#[test]
fn the_params_corpus_passes() {
    replay_text("params", checks::check_params);
}

#[test]
fn the_sql_caret_corpus_passes() {
    replay_text("sql_caret", checks::check_sql_caret);
}

#[test]
fn the_seeds_corpus_passes() {
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-seeds");
    let files: Vec<(&str, Vec<u8>)> = checks::MINI_SEEDS
        .iter()
        .map(|name| (*name, fs::read(mini.join(name)).unwrap()))
        .collect();
    let base: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let mut conn = crisisdb::db::in_memory().unwrap();
    // the unchanged mini seeds load without error
    let seeds =
        crisisdb::seeds::SeedSet::from_files(files.iter().map(|(n, b)| (n.to_string(), b.clone())));
    crisisdb::db::validate(&seeds, &mut conn).unwrap();
    let all = inputs("seeds");
    assert!(all.len() >= 19, "{} inputs", all.len());
    for (path, bytes) in &all {
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            checks::check_seeds(&base, bytes, &mut conn)
        }));
        assert!(run.is_ok(), "{}", path.display());
    }
}
