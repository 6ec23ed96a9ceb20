//! A source's text line by line, as `crisisdb show SOURCE` prints it: the cited spans marked,
//! the facts each line's excerpts support, and with `--repaired` the data notes' readings put
//! in place of the damaged words they repair.

use std::collections::BTreeMap;

use anyhow::Result;
use rusqlite::Connection;
use serde::Serialize;

use super::Options;

/// An article's text, line by line.
#[derive(Debug)]
pub struct Article {
    pub lines: Vec<Line>,
    /// The data notes whose readings were put in (with `--repaired`).
    pub repaired: Vec<String>,
}

/// One line of an article.
#[derive(Debug, Serialize)]
pub struct Line {
    /// 1-based, as `excerpts.line` counts.
    pub line: usize,
    /// The words of the line.
    pub text: String,
    /// The words with every cited span between the marks.
    pub marked: String,
    /// The ids of the facts whose excerpts start on this line (`crisisdb show` reads each).
    pub supports: Vec<String>,
}

/// Reads source `id`'s spans and notes and cuts its `text` into lines.
pub fn read(conn: &Connection, id: &str, text: &str, opts: &Options) -> Result<Article> {
    let mut stmt = conn.prepare(include_str!("../../sql/internal/show_source_excerpts.sql"))?;
    let spans: Vec<(usize, usize, usize, Option<String>)> = stmt
        .query_map(rusqlite::named_params! {":id": id}, |r| {
            let at = |i: usize| r.get::<_, i64>(i).map(|n| usize::try_from(n).unwrap_or(0));
            Ok((at(0)?, at(1)?, at(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(include_str!("../../sql/internal/show_source_notes.sql"))?;
    let notes: Vec<(String, String, Option<String>)> = stmt
        .query_map(rusqlite::named_params! {":id": id}, |r| {
            Ok((r.get("id")?, r.get("found")?, r.get("reading")?))
        })?
        .collect::<rusqlite::Result<_>>()?;

    let chars: Vec<char> = text.chars().collect();
    let mut cited = vec![false; chars.len()];
    let mut supports: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (start, end, line, refs) in &spans {
        for c in cited.iter_mut().take(*end).skip(*start) {
            *c = true;
        }
        let on_line = supports.entry(*line).or_default();
        for r in refs.iter().flat_map(|r| r.split(',')) {
            if !on_line.iter().any(|x| x == r) {
                on_line.push(r.to_string());
            }
        }
    }
    let (repairs, repaired) = if opts.repaired {
        repairs(text, &notes)
    } else {
        (Vec::new(), Vec::new())
    };

    // the text as (character, cited) with the repairs in place
    let mut units: Vec<(char, bool)> = Vec::with_capacity(chars.len());
    let mut next = repairs.iter().peekable();
    let mut i = 0;
    while i < chars.len() {
        if let Some((start, end, reading)) = next.peek().filter(|r| r.0 == i) {
            let was_cited = cited[*start..*end].iter().any(|c| *c);
            units.extend(reading.chars().map(|c| (c, was_cited)));
            i = *end;
            next.next();
        } else {
            units.push((chars[i], cited[i]));
            i += 1;
        }
    }
    if units.last().is_some_and(|u| u.0 == '\n') {
        units.pop();
    }
    let lines = units
        .split(|u| u.0 == '\n')
        .enumerate()
        .map(|(n, units)| Line {
            line: n + 1,
            text: units.iter().map(|u| u.0).collect(),
            marked: marked(units, opts.marks),
            supports: supports.remove(&(n + 1)).unwrap_or_default(),
        })
        .collect();
    Ok(Article { lines, repaired })
}

/// The repairs to make, as (first char, end char, reading) in text order without overlaps,
/// and the ids of the notes they come from.
fn repairs(
    text: &str,
    notes: &[(String, String, Option<String>)],
) -> (Vec<(usize, usize, String)>, Vec<String>) {
    let mut found = Vec::new();
    for (id, from, reading) in notes {
        let Some(reading) = reading else { continue };
        for (at, _) in text.match_indices(from.as_str()) {
            let start = text[..at].chars().count();
            found.push((start, start + from.chars().count(), reading.clone(), id));
        }
    }
    // the earliest first, the longer of two that start together
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let (mut kept, mut ids) = (Vec::new(), Vec::new());
    let mut free_from = 0;
    for (start, end, reading, id) in found {
        if start >= free_from {
            free_from = end;
            kept.push((start, end, reading));
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
    }
    (kept, ids)
}

/// A line's words with each run of cited characters between `marks`.
fn marked(units: &[(char, bool)], marks: (&str, &str)) -> String {
    let mut s = String::new();
    let mut inside = false;
    for &(c, cited) in units {
        if cited != inside {
            s.push_str(if cited { marks.0 } else { marks.1 });
            inside = cited;
        }
        s.push(c);
    }
    if inside {
        s.push_str(marks.1);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{marked, repairs};

    #[test]
    fn repairs_keep_the_first_of_overlapping_notes() {
        let notes = vec![
            (
                "n1".to_string(),
                "AtenciĂłn".to_string(),
                Some("Atención".to_string()),
            ),
            (
                "n2".to_string(),
                "ciĂłn x".to_string(),
                Some("no".to_string()),
            ),
            ("n3".to_string(), "|".to_string(), None),
        ];
        let (kept, ids) = repairs("¡AtenciĂłn x| AtenciĂłn", &notes);
        assert_eq!(ids, ["n1"]);
        assert_eq!(
            kept,
            [(1, 10, "Atención".into()), (14, 23, "Atención".into())]
        );
    }

    #[test]
    fn cited_runs_are_marked() {
        let units: Vec<(char, bool)> = "abcd".chars().zip([false, true, true, false]).collect();
        assert_eq!(marked(&units, ("[", "]")), "a[bc]d");
        let all: Vec<(char, bool)> = "ab".chars().map(|c| (c, true)).collect();
        assert_eq!(marked(&all, ("⟦", "⟧")), "⟦ab⟧");
    }
}
