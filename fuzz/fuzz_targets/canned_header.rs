//! The canned-query header parser (`-- title:`, `-- param:`, `-- values:` lines) on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(q) = crisisdb::query::parse_canned("fuzz", "fuzz.sql", text) else {
        return;
    };
    // what the parser accepts holds together: names are plain, defaults are values of their type
    for p in &q.params {
        assert!(!p.name.is_empty());
        assert!(p.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if let Some(Some(d)) = &p.default {
            assert!(p.ty.value(d).is_ok(), "default {d:?} of {} is not a {}", p.name, p.ty);
        }
        let _ = p.signature();
    }
    assert_eq!(q.sql, text);
});
