//! The checks of fact tables beyond their spec: a reported date worked out from the evidence,
//! a dispute with two sides, a data note about its own source.

use rusqlite::Result;

use crate::load::{Loader, Row, SeedError, Table, Values};

/// An event's reported date: the earliest publication date among the sources of its evidence.
pub(crate) fn event(l: &mut Loader, _: &Row, values: &mut Values, cited: &[&str]) -> Result<bool> {
    let reported = cited
        .iter()
        .filter_map(|x| l.excerpts.get(*x))
        .filter_map(|(src, _)| l.published.get(src).cloned().flatten())
        .min();
    values.owned("reported_date", reported);
    Ok(true)
}

/// A data note is about its own source: its evidence must be excerpts of that source.
pub(crate) fn data_note(l: &mut Loader, row: &Row, _: &mut Values, cited: &[&str]) -> Result<bool> {
    if let Some(src) = row.get("source")
        && let Some(other) = cited
            .iter()
            .find(|x| l.excerpts.get(**x).is_some_and(|(s, _)| s != src))
    {
        let e = row.error(
            "evidence",
            Some(other),
            format!("excerpt is not from source {src}"),
        );
        l.errors.push(e);
    }
    Ok(true)
}

/// Every dispute has at least two claims, one per side.
pub(crate) fn two_sides(l: &mut Loader, t: &Table) {
    let mut sides = std::collections::HashMap::<&str, usize>::new();
    for row in t.rows() {
        if let Some(d) = row.get("dispute") {
            *sides.entry(d).or_default() += 1;
        }
    }
    let lonely: Vec<String> = l
        .ids("disputes")
        .filter(|d| sides.get(d.as_str()).copied().unwrap_or(0) < 2)
        .cloned()
        .collect();
    for d in lonely {
        l.errors.push(SeedError {
            file: t.file.clone(),
            line: None,
            field: Some("dispute".into()),
            value: Some(d),
            message: "a dispute needs at least two claims (one per side)".into(),
        });
    }
}
