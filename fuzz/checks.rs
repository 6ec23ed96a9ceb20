// What must hold for any input, shared by the fuzz targets (fuzz/fuzz_targets/*.rs, which
// `include!` this file) and the test that replays their corpora and crash inputs in the normal
// test suite (tests/cmd/fuzz_inputs.rs). Each function panics on a bug.

/// The files of tests/fixtures/mini-seeds, the valid seeds folder the `seeds` target starts
/// from: every seed file of the loader's spec, in load order, and the one article.
pub static MINI_SEEDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    crisisdb::load::SEED_FILES
        .iter()
        .map(|f| f.file)
        .chain(["articles/a.txt"])
        .collect()
});

/// The canned-query header parser on any text: what it accepts holds together.
pub fn check_canned_header(text: &str) {
    let Ok(q) = crisisdb::query::parse_canned("fuzz", "fuzz.sql", text) else {
        return;
    };
    for p in &q.params {
        assert!(!p.name.is_empty());
        assert!(p.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if let Some(Some(d)) = &p.default {
            assert!(p.ty.value(d).is_ok(), "default {d:?} of {} is not a {}", p.name, p.ty);
        }
        let _ = p.signature();
    }
    assert_eq!(q.sql, text);
}

/// The `-p NAME[:TYPE]=VALUE` parser and the typed values it binds, on any text.
pub fn check_params(raw: &str) {
    use crisisdb::query::{ParamType, infer, split_param};
    use rusqlite::types::Value;
    if let Ok((name, ty, value)) = split_param(raw) {
        assert!(!name.is_empty());
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if let Some(t) = ty {
            let _ = t.value(&value);
        }
    }
    for t in [ParamType::Text, ParamType::Integer, ParamType::Real, ParamType::Date] {
        match t.value(raw) {
            Ok(Value::Integer(i)) => assert_eq!(raw.trim().parse::<i64>(), Ok(i)),
            Ok(Value::Real(f)) => assert!(f.is_finite()),
            Ok(Value::Text(s)) if t == ParamType::Date => assert_eq!(s.len(), 10, "{s:?}"),
            _ => {}
        }
    }
    let _ = infer(raw);
}

/// The seed loader on the mini seeds (`base`, the files of `MINI_SEEDS` in order) with one
/// file replaced: the first byte of `data` picks it, the rest is its content. The load must
/// end in `Ok` or in `SeedErrors`; any other error is a bug (the database refused what the
/// loader let through). `conn` is a database from `crisisdb::db::in_memory`.
pub fn check_seeds(base: &[(&str, &[u8])], data: &[u8], conn: &mut rusqlite::Connection) {
    let Some((&pick, content)) = data.split_first() else {
        return;
    };
    let replaced = base[pick as usize % base.len()].0;
    let seeds = crisisdb::seeds::SeedSet::from_files(base.iter().map(|(name, bytes)| {
        let bytes = if *name == replaced { content } else { bytes };
        (name.to_string(), bytes.to_vec())
    }));
    match crisisdb::db::validate(&seeds, conn) {
        Ok(_) => {}
        Err(e) => match e.downcast_ref::<crisisdb::load::SeedErrors>() {
            Some(errors) => {
                assert!(!errors.0.is_empty());
                let _ = e.to_string();
            }
            None => panic!("not a seed error: {e:#}"),
        },
    }
}

/// The SQL statement splitter (SQLite's, through rusqlite's `Batch`, as `crisisdb sql` runs a
/// text) and the error caret, on any text: splitting never panics, and every error's message
/// points at a spot inside the line it shows. Then the caret alone, at every byte offset.
pub fn check_sql_caret(text: &str) {
    use rusqlite::fallible_iterator::FallibleIterator;
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let mut batch = rusqlite::Batch::new(&conn, text);
    for _ in 0..64 {
        match batch.next() {
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => {
                let message = crisisdb::query::explain_error(e, text).to_string();
                check_caret_message(&message);
                break;
            }
        }
    }
    for offset in 0..=text.len().min(512) + 1 {
        check_caret_message(&crisisdb::query::exec::caret(text, offset));
    }
}

/// A message that may end with a shown line and a caret under it: the caret is under the
/// line (or just past its end), and neither holds a control character.
fn check_caret_message(message: &str) {
    let lines: Vec<&str> = message.lines().collect();
    let Some(at) = lines.iter().position(|l| l.contains("^--- error here")) else {
        return;
    };
    assert!(at >= 1, "{message:?}");
    let shown = lines[at - 1].strip_prefix("  ").expect("the shown line is indented");
    let caret = lines[at].strip_prefix("  ").expect("the caret line is indented");
    let column = caret.chars().take_while(|&c| c == ' ').count();
    assert!(column <= shown.chars().count(), "{message:?}");
    assert!(!shown.chars().any(char::is_control), "{message:?}");
    let head = &lines[at - 2.min(at)..at - 1];
    if let Some(h) = head.first() {
        let col: usize = h
            .rsplit_once("column ")
            .and_then(|(_, c)| c.trim_end_matches(')').parse().ok())
            .expect("a column number");
        assert_eq!(col, column + 1, "{message:?}");
    }
}
