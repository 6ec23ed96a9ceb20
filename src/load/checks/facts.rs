//! The checks of fact tables beyond their spec: a reported date worked out from the evidence,
//! a dispute with two sides, a data note about its own source.

use rusqlite::Result;

use crate::load::{Cited, Loader, Row, SeedError, Table, Values};

/// An event's first report: the publication window of the earliest source of its evidence
/// (the earliest first day, and the earliest last day: by then one source had printed it), at
/// its precision; a reported day only when the window is one day.
pub(crate) fn event(l: &mut Loader, _: &Row, values: &mut Values, cited: &[Cited]) -> Result<bool> {
    let windows = || {
        cited
            .iter()
            .filter_map(|x| x.source)
            .filter_map(|at| l.source(at).published.clone())
    };
    let start = windows().map(|w| w.0).min();
    let end = windows().map(|w| w.1).min();
    let precision = start
        .as_deref()
        .zip(end.as_deref())
        .map(|(s, e)| window_precision(s, e).to_string());
    let day = start.clone().filter(|s| Some(s) == end.as_ref());
    values.owned("reported_start", start);
    values.owned("reported_end", end);
    values.owned("reported_precision", precision);
    values.owned("reported_date", day);
    Ok(true)
}

/// A data note is about its own source: its evidence must be excerpts of that source.
pub(crate) fn data_note(
    l: &mut Loader,
    row: &Row,
    _: &mut Values,
    cited: &[Cited],
) -> Result<bool> {
    if let Some(src) = row.get("source")
        && let Some(other) = cited
            .iter()
            .find(|x| x.source.is_some_and(|at| l.source(at).id != src))
    {
        let e = row.error(
            "evidence",
            Some(other.id),
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
        .ids("disputes")?
        .into_iter()
        .filter(|d| sides.get(d.as_str()).copied().unwrap_or(0) < 2)
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

/// The precision of a window of days (`YYYY-MM-DD` to `YYYY-MM-DD`): one day, one whole month,
/// or a range.
fn window_precision(start: &str, end: &str) -> &'static str {
    let whole_month = start.get(..7) == end.get(..7)
        && start.ends_with("-01")
        && crate::dates::resolve(start.get(..7), None, "month")
            .is_ok_and(|m| m.end.as_deref() == Some(end));
    if start == end {
        "day"
    } else if whole_month {
        "month"
    } else {
        "range"
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_window_is_a_day_a_month_or_a_range() {
        use super::window_precision as w;
        assert_eq!(w("2026-01-07", "2026-01-07"), "day");
        assert_eq!(w("2026-01-01", "2026-01-31"), "month");
        assert_eq!(w("2024-02-01", "2024-02-29"), "month");
        assert_eq!(w("2026-01-01", "2026-01-30"), "range");
        assert_eq!(w("2025-10-23", "2025-10-24"), "range");
    }
}
