//! `crisisdb check`: proves a built database keeps its promises (integrity, foreign keys,
//! evidence for every fact, excerpts that match their sources) and reports coverage: which
//! numbers and capitalised names of each source no cited excerpt covers.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use regex::Regex;

use super::Context;

/// Verify the database and report how much of each source its facts cite.
///
/// Fails (exit 1) on any integrity or evidence problem, and on any number or capitalised name
/// of a source that no cited excerpt covers and coverage_ignore.csv does not list.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb check\n  \
    $ crisisdb --db newsroom.db check --verbose\n  \
    $ crisisdb check --seeds ./newsroom-seeds")]
pub struct Args {
    /// List the uncovered tokens that coverage_ignore.csv excuses too.
    #[arg(long, short)]
    pub verbose: bool,
    /// List every uncovered token (by default the first 200, then a count of the rest).
    #[arg(long)]
    pub all: bool,
    /// Check a seeds folder instead of the database: every check a build makes, with the same
    /// errors, and no database written.
    #[arg(long, value_name = "DIR")]
    pub seeds: Option<PathBuf>,
}

/// Validates the seeds folder `dir` as a build would, in a scratch database that is thrown
/// away: the build's errors, or one line saying what a build would load.
fn check_seeds(dir: &Path) -> Result<()> {
    let seeds = crate::seeds::SeedSet::from_dir(dir)?;
    let mut conn = crate::db::scratch()?;
    let counts = crate::db::validate(&seeds, &mut conn)?;
    let rows: usize = counts.iter().map(|(_, n)| n).sum();
    let mut out = crate::output::stdout();
    writeln!(
        out,
        "seeds {} are valid: {rows} rows in {} tables; no database was written",
        dir.display(),
        counts.len()
    )?;
    out.flush()?;
    Ok(())
}

/// The uncovered tokens listed without --all: a damaged or foreign article can have millions.
const LISTED: usize = 200;

/// A token of a source that the coverage check looks for.
struct Token {
    start: usize,
    end: usize,
    line: usize,
    kind: &'static str,
    text: String,
}

fn tokens(text: &str) -> Vec<Token> {
    let number = Regex::new(r"\d(?:[\d,.]*\d)?").expect("a valid pattern");
    let name = Regex::new(r"\p{Lu}[\p{L}\p{M}]*").expect("a valid pattern");
    // character offset of each byte offset, computed once
    let mut char_at = vec![0usize; text.len() + 1];
    let mut line_at = vec![1usize; text.len() + 1];
    let (mut c, mut l) = (0, 1);
    for (b, ch) in text.char_indices() {
        char_at[b] = c;
        line_at[b] = l;
        c += 1;
        if ch == '\n' {
            l += 1;
        }
    }
    char_at[text.len()] = c;
    let mut out = Vec::new();
    for (kind, re) in [("number", &number), ("name", &name)] {
        for m in re.find_iter(text) {
            out.push(Token {
                start: char_at[m.start()],
                end: char_at[m.end()],
                line: line_at[m.start()],
                kind,
                text: m.as_str().to_string(),
            });
        }
    }
    out.sort_by_key(|t| t.start);
    out
}

/// Sentences as character spans: split after . ! ? followed by a space, and at line ends.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    for i in 0..chars.len() {
        let end_here = chars[i] == '\n'
            || (matches!(chars[i], '.' | '!' | '?') && chars.get(i + 1).is_some_and(|c| *c == ' '));
        if end_here {
            if chars[start..=i].iter().any(|c| c.is_alphanumeric()) {
                out.push((start, i + 1));
            }
            start = i + 1;
        }
    }
    if chars[start..].iter().any(|c| c.is_alphanumeric()) {
        out.push((start, chars.len()));
    }
    out
}

fn covered(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    spans.iter().any(|&(s, e)| s <= start && end <= e)
}

fn overlaps(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    spans.iter().any(|&(s, e)| s < end && start < e)
}

/// The rows that break the dataset's rules (`load::findings`), each named, counted per rule.
fn report_findings(conn: &rusqlite::Connection, out: &mut impl Write) -> Result<usize> {
    let found = crate::load::findings::findings(conn)?;
    writeln!(out, "rows that break a rule        {}", found.len())?;
    for rule in crate::load::findings::RULES {
        let of_rule: Vec<_> = found.iter().filter(|f| f.rule == *rule).collect();
        if !of_rule.is_empty() {
            writeln!(out, "  {rule}: {}", of_rule.len())?;
        }
        for f in of_rule {
            writeln!(out, "    {}: {}", f.row, f.message)?;
        }
    }
    Ok(found.len())
}

pub fn run(args: Args, ctx: &Context) -> Result<()> {
    if let Some(dir) = &args.seeds {
        return check_seeds(dir);
    }
    let conn = super::open_for_query(ctx, false, None)?;
    let mut out = crate::output::stdout();
    let mut failures = 0;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    writeln!(out, "integrity_check               {integrity}")?;
    failures += usize::from(integrity != "ok");
    let fk: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    writeln!(out, "foreign key violations        {}", fk.len())?;
    failures += fk.len();
    let lonely: Vec<(String, i64)> = conn
        .prepare(include_str!(
            "../../sql/internal/check_facts_without_evidence.sql"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    writeln!(out, "facts without evidence        {}", lonely.len())?;
    for (kind, id) in lonely.iter().take(20) {
        writeln!(out, "  {kind} fact {id}")?;
    }
    failures += lonely.len();
    let off: Vec<String> = conn
        .prepare(include_str!("../../sql/internal/check_excerpt_offsets.sql"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    writeln!(out, "excerpts not at their offsets {}", off.len())?;
    for id in off.iter().take(20) {
        writeln!(out, "  excerpt {id}")?;
    }
    failures += off.len();
    // each derived table against its derivation, both ways
    for d in crate::db::DERIVED {
        let (table, columns, rows) = (d.table, d.columns, d.rows);
        let stale: i64 = conn.query_row(
            &format!("SELECT (SELECT count(*) FROM (SELECT {columns} FROM ({rows}) EXCEPT SELECT {columns} FROM {table})) + (SELECT count(*) FROM (SELECT {columns} FROM {table} EXCEPT SELECT {columns} FROM ({rows})))"),
            [],
            |r| r.get(0),
        )?;
        writeln!(out, "{:<30}{stale}", format!("{table} rows off"))?;
        failures += stale as usize;
    }
    failures += report_findings(&conn, &mut out)?;

    let mut spans: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    let mut stmt = conn.prepare(include_str!("../../sql/internal/check_cited_spans.sql"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        spans
            .entry(r.get(0)?)
            .or_default()
            .push((r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize));
    }
    let ignore: HashSet<(String, String)> = conn
        .prepare("SELECT source_id, token FROM coverage_ignore")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let sources: Vec<(String, String)> = conn
        .prepare("SELECT id, text FROM sources ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;

    writeln!(
        out,
        "\ncoverage (tokens no cited excerpt covers; ignored = listed in coverage_ignore.csv)"
    )?;
    writeln!(
        out,
        "  {:<8} {:>9} {:>7} {:>8} {:>8} {:>10} {:>8}",
        "source", "sentences", "cited", "numbers", "names", "uncovered", "ignored"
    )?;
    let mut listed = Vec::new();
    let mut unlisted = 0usize;
    let cap = if args.all { usize::MAX } else { LISTED };
    for (id, text) in &sources {
        let cited = spans.get(id).map(Vec::as_slice).unwrap_or_default();
        let sents = sentences(text);
        let n_cited = sents
            .iter()
            .filter(|(s, e)| overlaps(cited, *s, *e))
            .count();
        let toks = tokens(text);
        let (mut uncovered, mut ignored) = (0, 0);
        for t in &toks {
            if covered(cited, t.start, t.end) {
                continue;
            }
            if ignore.contains(&(id.clone(), t.text.clone())) {
                ignored += 1;
                if args.verbose && listed.len() >= cap {
                    unlisted += 1;
                } else if args.verbose {
                    listed.push(format!(
                        "  {id}:{} {} {:?} (ignored)",
                        t.line, t.kind, t.text
                    ));
                }
            } else {
                uncovered += 1;
                if listed.len() >= cap {
                    unlisted += 1;
                } else {
                    listed.push(format!("  {id}:{} {} {:?}", t.line, t.kind, t.text));
                }
            }
        }
        let pct = if sents.is_empty() {
            100.0
        } else {
            100.0 * n_cited as f64 / sents.len() as f64
        };
        writeln!(
            out,
            "  {:<8} {:>9} {:>6.1}% {:>8} {:>8} {:>10} {:>8}",
            id,
            sents.len(),
            pct,
            toks.iter().filter(|t| t.kind == "number").count(),
            toks.iter().filter(|t| t.kind == "name").count(),
            uncovered,
            ignored
        )?;
        failures += uncovered;
    }
    if !listed.is_empty() {
        writeln!(out, "\nuncovered:")?;
        for l in &listed {
            writeln!(out, "{l}")?;
        }
        if unlisted > 0 {
            writeln!(
                out,
                "  ... and {unlisted} more (crisisdb check --all lists every one)"
            )?;
        }
    }
    if failures > 0 {
        bail!("check failed: {failures} problem(s) above");
    }
    writeln!(out, "\ncheck passed")?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_numbers_and_names_with_lines() {
        let t = tokens("In 1822, the United States\nrecognised Bogotá; 4,500 troops.");
        let texts: Vec<(&str, &str, usize)> = t
            .iter()
            .map(|t| (t.kind, t.text.as_str(), t.line))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("name", "In", 1),
                ("number", "1822", 1),
                ("name", "United", 1),
                ("name", "States", 1),
                ("name", "Bogotá", 2),
                ("number", "4,500", 2)
            ]
        );
        assert_eq!(
            sentences("One. Two!\nThree"),
            vec![(0, 4), (4, 10), (10, 15)]
        );
    }
}
