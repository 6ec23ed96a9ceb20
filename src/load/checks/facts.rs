//! The checks of fact tables beyond their spec: a reported date worked out from the evidence,
//! a dispute with two sides, a data note about its own source.

use rusqlite::Result;

use crate::load::{Loader, Row, SeedError, Table, Values};

/// An event's reported date: the earliest publication date among the sources of its evidence.
pub(crate) fn event(l: &mut Loader, _: &Row, values: &mut Values, cited: &[&str]) -> Result<bool> {
    let reported = cited
        .iter()
        .filter_map(|x| l.excerpt_source(x))
        .filter_map(|src| l.published.get(src).cloned().flatten())
        .min();
    values.owned("reported_date", reported);
    Ok(true)
}

/// A data note is about its own source: its evidence must be excerpts of that source.
pub(crate) fn data_note(l: &mut Loader, row: &Row, _: &mut Values, cited: &[&str]) -> Result<bool> {
    if let Some(src) = row.get("source")
        && let Some(other) = cited
            .iter()
            .find(|x| l.excerpt_source(x).is_some_and(|s| s != src))
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
pub(crate) fn two_sides<'a>(l: &mut Loader<'a>, t: &mut Table<'a>) -> Result<()> {
    let mut sides = std::collections::HashMap::<String, usize>::new();
    l.each_row(t, |_, row| {
        if let Some(d) = row.get("dispute") {
            *sides.entry(d.to_string()).or_default() += 1;
        }
        Ok(())
    })?;
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
    Ok(())
}
