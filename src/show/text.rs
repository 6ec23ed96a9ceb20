//! A record as text for a person: fields as `label  value`, lists as bullets, an article as
//! numbered lines, everything wrapped to the width asked for; dates as a reader says them.

use std::io::Write;

use anyhow::Result;
use rusqlite::types::Value;

use super::{Options, Record};

/// The fields with each date range (`X_start`, `X_end`, `X_precision`, or `start_date`,
/// `end_date`, `precision`) also as a reader says it, in a field `X` (`date` for the latter)
/// put before them: `Oct 2025`, `about 23 Oct 2025`.
pub fn with_dates(fields: &[(String, Value)]) -> Vec<(String, Value)> {
    let text = |name: &str| {
        fields
            .iter()
            .find(|(c, _)| c == name)
            .and_then(|(_, v)| match v {
                Value::Text(t) => Some(t.as_str()),
                _ => None,
            })
    };
    let mut out = Vec::with_capacity(fields.len() + 1);
    for (c, v) in fields {
        let range = if c == "start_date" {
            Some((
                "date".to_string(),
                "end_date".to_string(),
                "precision".to_string(),
            ))
        } else {
            c.strip_suffix("_start")
                .map(|p| (p.to_string(), format!("{p}_end"), format!("{p}_precision")))
        };
        if let Some((name, end, precision)) = range
            && let Some(precision) = text(&precision)
        {
            let said = crate::report::when(text(c), text(&end), precision);
            out.push((name, Value::Text(said)));
        }
        out.push((c.clone(), v.clone()));
    }
    out
}

/// Prints one record.
pub fn record(out: &mut dyn Write, r: &Record, opts: &Options) -> Result<()> {
    writeln!(out, "{} {}", r.kind.replace('_', " "), r.id)?;
    let fields: Vec<(String, String)> = with_dates(&r.fields)
        .into_iter()
        .filter(|(c, _)| c != "id" && !is_raw_date(c, &r.fields))
        .filter_map(|(c, v)| cell(&v).map(|v| (c, v)))
        .collect();
    let label = fields
        .iter()
        .map(|(c, _)| c.len())
        .max()
        .unwrap_or(0)
        .min(16);
    for (c, v) in &fields {
        let lead = format!("  {c:<label$}  ");
        write_wrapped(out, &lead, &" ".repeat(lead.chars().count()), v, opts.width)?;
    }
    for s in &r.sections {
        writeln!(out, "\n{} ({})", s.title, s.rows.len())?;
        for row in &s.rows {
            let pairs: Vec<(String, Value)> =
                s.columns.iter().cloned().zip(row.iter().cloned()).collect();
            let cells: Vec<String> = with_dates(&pairs)
                .into_iter()
                .filter(|(c, _)| !is_raw_date(c, &pairs))
                .filter_map(|(_, v)| cell(&v))
                .collect();
            write_wrapped(out, "  • ", "    ", &cells.join(" · "), opts.width)?;
        }
    }
    if let Some(a) = &r.article {
        if !a.repaired.is_empty() {
            writeln!(
                out,
                "\nRepaired with the readings of {}",
                a.repaired.join(", ")
            )?;
        }
        writeln!(out, "\nText ({} lines)", a.lines.len())?;
        let w = a.lines.len().to_string().len();
        let rule = if opts.marks.0 == "[" { "|" } else { "│" };
        let blank = format!("{:w$} {rule} ", "");
        for l in &a.lines {
            let lead = format!("{:>w$} {rule} ", l.line);
            write_wrapped(out, &lead, &blank, &l.marked, opts.width)?;
            if !l.supports.is_empty() {
                let lead = format!("{blank}  supports: ");
                let more = format!("{blank}  ");
                write_wrapped(out, &lead, &more, &l.supports.join(", "), opts.width)?;
            }
        }
    }
    Ok(())
}

/// Whether column `c` is a raw date column that `with_dates` put a reader's form beside.
fn is_raw_date(c: &str, pairs: &[(String, Value)]) -> bool {
    let has = |n: &str| {
        pairs
            .iter()
            .any(|(p, v)| p == n && !matches!(v, Value::Null))
    };
    if matches!(c, "start_date" | "end_date" | "precision") {
        return has("precision") && pairs.iter().any(|(p, _)| p == "start_date");
    }
    ["_start", "_end", "_precision"].iter().any(|suffix| {
        c.strip_suffix(suffix)
            .is_some_and(|p| has(&format!("{p}_precision")))
    })
}

/// A value as text; None for NULL and empty text (left out).
fn cell(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(f.to_string()),
        Value::Text(t) if t.is_empty() => None,
        Value::Text(t) => Some(t.clone()),
        Value::Blob(b) => Some(format!("<{} bytes>", b.len())),
    }
}

/// Writes `text` after `first` (the first line's lead) and `more` (the other lines'), words
/// wrapped so that no line is wider than `width` characters where a word fits.
fn write_wrapped(
    out: &mut dyn Write,
    first: &str,
    more: &str,
    text: &str,
    width: usize,
) -> Result<()> {
    let mut lead = first;
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split(' ') {
            let n = word.chars().count();
            let room = width.saturating_sub(lead.chars().count()).max(20);
            if used > 0 && used + 1 + n > room {
                writeln!(out, "{lead}{line}")?;
                lead = more;
                line.clear();
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            line.push_str(word);
            used += n;
        }
        writeln!(out, "{lead}{}", line.trim_end())?;
        lead = more;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{with_dates, write_wrapped};
    use rusqlite::types::Value;

    #[test]
    fn dates_are_said_beside_their_columns() {
        let t = |s: &str| Value::Text(s.into());
        let fields = vec![
            ("as_of_start".to_string(), t("2025-10-01")),
            ("as_of_end".to_string(), t("2025-10-31")),
            ("as_of_precision".to_string(), t("month")),
        ];
        let out = with_dates(&fields);
        assert_eq!(out[0], ("as_of".to_string(), t("Oct 2025")));
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn wrapping_keeps_within_the_width() {
        let mut out = Vec::new();
        let text = "one two three four five six seven eight nine ten eleven twelve";
        write_wrapped(&mut out, "> ", "  ", text, 24).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.lines().all(|l| l.chars().count() <= 24), "{s}");
        assert_eq!(s.split_whitespace().filter(|w| *w != ">").count(), 12);
    }
}
