//! The rules that hold a built dataset to its texts beyond what each row's own checks see:
//! every source a quotation credits prints its words; a date its excerpts do not print says
//! how it was worked out; a note quotes only words its sources print; one amount of money is
//! one row; a fragment of a quotation names its whole; an event is not reported before it
//! happened. Each finding names its row. `crisisdb check` fails on them; `crisisdb build`
//! refuses them in the embedded dataset and warns of them in a user's seeds.

use std::collections::HashMap;
use std::fmt;

use regex::Regex;
use rusqlite::Connection;

/// One row that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// the rule, a short name
    pub rule: &'static str,
    /// the kind and id of the row (`quote q-072`)
    pub row: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: {}", self.row, self.rule, self.message)
    }
}

/// The rules, in the order they are reported.
pub const RULES: &[&str] = &[
    "quote-credit",
    "date-note",
    "note-quote",
    "money-twice",
    "quote-fragment",
    "reported-early",
    "reporter-role",
];

/// Text as compared for printed words: curly quotes straightened, whitespace runs made one
/// space, lowercase.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// Every finding of every rule in the database behind `conn`.
pub fn findings(conn: &Connection) -> rusqlite::Result<Vec<Finding>> {
    let texts: HashMap<String, String> = conn
        .prepare("SELECT id, text FROM sources")?
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, String>(1)?)))?
        .map(|r| r.map(|(id, t)| (id, normalise(&t))))
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    quote_credits(conn, &texts, &mut out)?;
    dates(conn, &mut out)?;
    notes(conn, &texts, &mut out)?;
    sql_rule(
        conn,
        "money-twice",
        include_str!("../../sql/internal/check_money_twice.sql"),
        &mut out,
    )?;
    fragments(conn, &mut out)?;
    sql_rule(
        conn,
        "reported-early",
        include_str!("../../sql/internal/check_reported_early.sql"),
        &mut out,
    )?;
    sql_rule(
        conn,
        "reporter-role",
        include_str!("../../sql/internal/check_reporter_role.sql"),
        &mut out,
    )?;
    Ok(out)
}

/// A rule that one query answers: each row (row, message) is a finding.
fn sql_rule(
    conn: &Connection,
    rule: &'static str,
    sql: &str,
    out: &mut Vec<Finding>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| <(String, String)>::try_from(r))?;
    for r in rows {
        let (row, message) = r?;
        out.push(Finding { rule, row, message });
    }
    Ok(())
}

/// Each source whose excerpts a quote cites as stating it prints the quoted words.
fn quote_credits(
    conn: &Connection,
    texts: &HashMap<String, String>,
    out: &mut Vec<Finding>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT q.id, q.words, x.source_id FROM quotes q
         JOIN evidence ev ON ev.fact_id = q.fact_id AND ev.role = 'states'
         JOIN excerpts x ON x.id = ev.excerpt_id ORDER BY q.id, x.source_id",
    )?;
    let rows = stmt.query_map([], |r| <(String, String, String)>::try_from(r))?;
    for r in rows {
        let (id, words, source) = r?;
        if !texts
            .get(&source)
            .is_some_and(|t| t.contains(&normalise(&words)))
        {
            out.push(Finding {
                rule: "quote-credit",
                row: format!("quote {id}"),
                message: format!(
                    "credited to {source} (an excerpt of it states the quote), but {source} does not print {words:?}; mark that excerpt with the role it has (e.g. @date)"
                ),
            });
        }
    }
    Ok(())
}

/// Whether `text` prints the number `n` (of a day) on its own: `5`, `05`, `5th`.
fn prints_day(text: &str, day: u32) -> bool {
    let re = Regex::new(&format!(r"(^|[^0-9])0?{day}(st|nd|rd|th)?([^0-9]|$)"))
        .expect("a valid pattern");
    re.is_match(text)
}

/// A date at day, month, range or year precision whose year (or day) its own excerpts do not
/// print has a note that says how it was worked out; an approximate date always has one (the
/// vocabulary's definition: "date_note says why").
fn dates(conn: &Connection, out: &mut Vec<Finding>) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(include_str!("../../sql/internal/check_dated_facts.sql"))?;
    type Columns = (
        String,
        String,
        String,
        Option<String>,
        String,
        String,
        Option<String>,
    );
    let rows = stmt.query_map([], |r| Columns::try_from(r))?;
    for r in rows {
        let (kind, id, start, end, precision, note, excerpts) = r?;
        let excerpts = excerpts.unwrap_or_default();
        if !note.trim().is_empty() {
            continue;
        }
        if precision == "approximate" {
            out.push(Finding {
                rule: "date-note",
                row: format!("{kind} {id}"),
                message: format!(
                    "date {start} (approximate): no note says what it is worked out from"
                ),
            });
            continue;
        }
        let mut missing = Vec::new();
        let mut days = vec![start.as_str()];
        if precision == "range"
            && let Some(e) = end.as_deref()
        {
            days.push(e);
        }
        for d in days {
            let year = &d[..4];
            if !excerpts.contains(year) && !missing.contains(&year.to_string()) {
                missing.push(year.to_string());
            }
            if matches!(precision.as_str(), "day" | "range")
                && let Some(day) = d.get(8..10).and_then(|s| s.parse::<u32>().ok())
                && !prints_day(&excerpts, day)
            {
                missing.push(format!("day {day}"));
            }
        }
        if !missing.is_empty() {
            out.push(Finding {
                rule: "date-note",
                row: format!("{kind} {id}"),
                message: format!(
                    "date {start} ({precision}): its excerpts do not print {}, and no note says how it was worked out",
                    missing.join(" or ")
                ),
            });
        }
    }
    Ok(())
}

/// A phrase a note puts in quotation marks, and whether the note says a text prints it there
/// ("a2 says 'now'"): such a phrase must be in the row's own excerpts.
#[derive(Debug, PartialEq, Eq)]
pub struct Quoted {
    pub phrase: String,
    pub said: bool,
    /// the word before "says" (`a2`): a source other than the row's may be meant
    pub by: Option<String>,
}

/// The phrases `note` puts in quotation marks ("…", “…”, ‘…’, and '…' opened after a space).
pub fn quoted_phrases(note: &str) -> Vec<Quoted> {
    let chars: Vec<char> = note.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let open = chars[i];
        let before_ok = i == 0 || !chars[i - 1].is_alphanumeric();
        let close = match open {
            '"' => Some('"'),
            '\u{201C}' => Some('\u{201D}'),
            '\u{2018}' if before_ok => Some('\u{2019}'),
            '\'' if before_ok => Some('\''),
            _ => None,
        };
        let Some(close) = close else {
            i += 1;
            continue;
        };
        // the closing mark: not followed by a letter (an apostrophe inside a word is no end)
        let end = (i + 1..chars.len())
            .find(|&j| chars[j] == close && chars.get(j + 1).is_none_or(|c| !c.is_alphanumeric()));
        match end {
            Some(j) if j > i + 1 => {
                let before: String = chars[..i].iter().collect();
                let verb = ["says ", "writes ", "prints "]
                    .iter()
                    .find(|v| before.ends_with(*v));
                let by = verb.and_then(|v| {
                    before[..before.len() - v.len()]
                        .split_whitespace()
                        .next_back()
                        .map(str::to_string)
                });
                out.push(Quoted {
                    phrase: chars[i + 1..j].iter().collect(),
                    said: verb.is_some(),
                    by,
                });
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// The parts of a quoted phrase that must be printed: split at elisions (`...`, `…`) and at
/// editorial brackets (`[sic]`).
fn printed_parts(phrase: &str) -> Vec<String> {
    let re = Regex::new(r"\.\.\.|…|\[[^\]]*\]").expect("a valid pattern");
    re.split(phrase)
        .map(|p| normalise(p.trim_matches(|c: char| c.is_whitespace() || c == ',')))
        .filter(|p| p.chars().any(char::is_alphanumeric))
        .collect()
}

/// Every phrase a note quotes is printed by one of the sources of its row, or by a source
/// the note names by id; one the note says a text "says" is in the row's own excerpts.
fn notes(
    conn: &Connection,
    texts: &HashMap<String, String>,
    out: &mut Vec<Finding>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(include_str!("../../sql/internal/check_notes.sql"))?;
    type Columns = (String, String, String, String, String, Option<String>);
    let rows = stmt.query_map([], |r| Columns::try_from(r))?;
    let word = Regex::new(r"[\p{L}\p{N}_-]+").expect("a valid pattern");
    for r in rows {
        let (kind, id, field, note, sources, own) = r?;
        let own = own.map(|o| normalise(&o));
        let mut candidates: Vec<&str> = sources.split(',').filter(|s| !s.is_empty()).collect();
        for w in word.find_iter(&note) {
            if texts.contains_key(w.as_str()) {
                candidates.push(w.as_str());
            }
        }
        for q in quoted_phrases(&note) {
            let parts = printed_parts(&q.phrase);
            let unprinted = parts.iter().any(|part| {
                !candidates
                    .iter()
                    .any(|s| texts.get(*s).is_some_and(|t| t.contains(part.as_str())))
            });
            // "a3 prints ..." in a row a3 does not support speaks of another text
            let of_other =
                q.by.as_deref()
                    .is_some_and(|b| texts.contains_key(b) && !sources.split(',').any(|s| s == b));
            let not_here = q.said
                && !of_other
                && own
                    .as_ref()
                    .is_some_and(|o| parts.iter().any(|p| !o.contains(p.as_str())));
            let phrase = &q.phrase;
            if unprinted {
                out.push(Finding {
                    rule: "note-quote",
                    row: format!("{kind} {id}"),
                    message: format!(
                        "{field} quotes {phrase:?}, which none of its sources ({}) prints; quote the text's words or drop the quotation marks",
                        candidates.join(", ")
                    ),
                });
            } else if not_here {
                out.push(Finding {
                    rule: "note-quote",
                    row: format!("{kind} {id}"),
                    message: format!(
                        "{field} says a text says {phrase:?}, but the row's own excerpts do not print it"
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Whether `part` occurs in `whole` as whole words (not `murder` in `murdering`).
fn holds_words(whole: &str, part: &str) -> bool {
    whole.match_indices(part).any(|(at, _)| {
        let before = whole[..at].chars().next_back();
        let after = whole[at + part.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Two quotes of one speaker, of one event or one source, where one's words hold the other's
/// are one utterance: the fragment names its whole (`part_of`), or the two are one row. The
/// same words twice are one row; a single word is not taken for a fragment.
fn fragments(conn: &Connection, out: &mut Vec<Finding>) -> rusqlite::Result<()> {
    struct Quote {
        id: String,
        speaker: String,
        words: String,
        part_of: Option<String>,
        event: Option<String>,
        sources: Vec<String>,
        norm: String,
    }
    let quotes: Vec<Quote> = conn
        .prepare(
            "SELECT q.id, q.speaker_id, q.words, q.part_of, q.event_id,
                    (SELECT group_concat(DISTINCT x.source_id) FROM evidence ev
                       JOIN excerpts x ON x.id = ev.excerpt_id WHERE ev.fact_id = q.fact_id)
             FROM quotes q ORDER BY q.id",
        )?
        .query_map([], |r| {
            let words: String = r.get(2)?;
            let sources: Option<String> = r.get(5)?;
            Ok(Quote {
                id: r.get(0)?,
                speaker: r.get(1)?,
                norm: normalise(&words)
                    .trim_end_matches(['.', ',', '!', '?', ':'])
                    .to_string(),
                words,
                part_of: r.get(3)?,
                event: r.get(4)?,
                sources: sources
                    .unwrap_or_default()
                    .split(',')
                    .map(str::to_string)
                    .collect(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let parts: HashMap<&str, Option<&str>> = quotes
        .iter()
        .map(|q| (q.id.as_str(), q.part_of.as_deref()))
        .collect();
    // whether `a` names `b` as its whole, directly or through wholes of wholes
    let within = |a: &str, b: &str| {
        let mut at = a;
        for _ in 0..parts.len() {
            match parts.get(at).copied().flatten() {
                Some(w) if w == b => return true,
                Some(w) => at = w,
                None => return false,
            }
        }
        false
    };
    for (i, a) in quotes.iter().enumerate() {
        for (j, b) in quotes.iter().enumerate() {
            let related = (a.event.is_some() && a.event == b.event)
                || a.sources.iter().any(|s| b.sources.contains(s));
            if i == j || a.speaker != b.speaker || !related || !holds_words(&b.norm, &a.norm) {
                continue;
            }
            let same = a.norm == b.norm;
            // the same words twice are reported once, from the first
            if same && j < i {
                continue;
            }
            let message = if same {
                // one utterance twice, whatever either names as its whole
                format!(
                    "its words {:?} are the words of quote {} of the same speaker: make them one quote, with the evidence of both",
                    a.words, b.id
                )
            } else if within(&a.id, &b.id) || a.norm.split(' ').count() < 2 {
                // a fragment that names its whole; or one word, which a longer quote holds by chance
                continue;
            } else {
                format!(
                    "its words {:?} are within quote {} of the same speaker; make them one quote, or set part_of = {}",
                    a.words, b.id, b.id
                )
            };
            out.push(Finding {
                rule: "quote-fragment",
                row: format!("quote {}", a.id),
                message,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_quote_phrases_but_not_apostrophes() {
        let q = quoted_phrases(
            "a0 says 'currently'; Petro's 'two planes' and “Trump’s words” or \"x\"",
        );
        let got: Vec<(&str, bool, Option<&str>)> = q
            .iter()
            .map(|q| (q.phrase.as_str(), q.said, q.by.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("currently", true, Some("a0")),
                ("two planes", false, None),
                ("Trump’s words", false, None),
                ("x", false, None)
            ]
        );
        assert!(quoted_phrases("Trump's and Petro's posts").is_empty());
        assert_eq!(
            printed_parts("AS OF TODAY ... WILL [sic] NO LONGER"),
            vec!["as of today", "will", "no longer"]
        );
    }

    #[test]
    fn days_are_numbers_on_their_own() {
        assert!(prints_day("on January 5, he said", 5));
        assert!(prints_day("on 05 January", 5));
        assert!(!prints_day("on January 15", 5));
        assert!(!prints_day("2025", 5));
        assert_eq!(normalise("It’s  “so”\nGood"), "it's \"so\" good");
        assert!(holds_words(
            "they are murdering his children; murder",
            "murder"
        ));
        assert!(!holds_words("they are murdering his children", "murder"));
    }
}
