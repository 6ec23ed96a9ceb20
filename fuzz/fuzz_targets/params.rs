//! The `-p NAME[:TYPE]=VALUE` parser and the typed values it binds, on any text.
#![no_main]

use crisisdb::query::{ParamType, infer, split_param};
use libfuzzer_sys::fuzz_target;
use rusqlite::types::Value;

fuzz_target!(|raw: &str| {
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
});
