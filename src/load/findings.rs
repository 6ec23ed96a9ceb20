//! The rules that hold a built dataset to its texts beyond what each row's own checks see:
//! every source a quotation credits prints its words; a date its excerpts do not print says
//! how it was worked out; a note quotes only words its sources print; one amount of money is
//! one row; a fragment of a quotation names its whole; an event is not reported before it
//! happened. Each finding names its row. `crisisdb check` fails on them; `crisisdb build`
//! refuses them in the embedded dataset and warns of them in a user's seeds.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::rc::Rc;
use std::sync::LazyLock;

use regex::Regex;
use rusqlite::{Connection, OptionalExtension, Statement};

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
        // most text is ASCII: one byte, without the Unicode case tables
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Every finding of every rule in the database behind `conn`.
pub fn findings(conn: &Connection) -> rusqlite::Result<Vec<Finding>> {
    let mut texts = Texts::new(conn)?;
    let mut out = Vec::new();
    quote_credits(conn, &mut texts, &mut out)?;
    dates(conn, &mut out)?;
    notes(conn, &mut texts, &mut out)?;
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

/// The sources' texts as the rules compare printed words (`normalise`d), each made when a rule
/// first asks for it. Only the last few asked for are kept: all of them would be the size of
/// every article (about 300 MiB at a million events), and the rules read them source by source.
struct Texts<'c> {
    /// every source id, to tell one in a note
    ids: HashSet<String>,
    read: Statement<'c>,
    /// the texts made last, the newest at the end
    kept: VecDeque<(String, Rc<String>)>,
}

impl<'c> Texts<'c> {
    /// How many texts are kept.
    const KEPT: usize = 16;

    fn new(conn: &'c Connection) -> rusqlite::Result<Self> {
        let ids = conn
            .prepare("SELECT id FROM sources")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Texts {
            ids,
            read: conn.prepare("SELECT text FROM sources WHERE id = ?1")?,
            kept: VecDeque::with_capacity(Self::KEPT),
        })
    }

    /// Whether `id` is a source's.
    fn is_source(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The normalised text of source `id`, if there is one.
    fn get(&mut self, id: &str) -> rusqlite::Result<Option<Rc<String>>> {
        if let Some(at) = self.kept.iter().position(|(k, _)| k == id) {
            let entry = self.kept.remove(at).expect("a kept text");
            let text = Rc::clone(&entry.1);
            self.kept.push_back(entry);
            return Ok(Some(text));
        }
        if !self.is_source(id) {
            return Ok(None);
        }
        let text: Option<String> = self.read.query_row([id], |r| r.get(0)).optional()?;
        let Some(text) = text else {
            return Ok(None);
        };
        let text = Rc::new(normalise(&text));
        if self.kept.len() == Self::KEPT {
            self.kept.pop_front();
        }
        self.kept.push_back((id.to_string(), Rc::clone(&text)));
        Ok(Some(text))
    }
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

/// Each source whose excerpts a quote cites as stating it prints the quoted words. Read source
/// by source (each text is made once) and reported quote by quote.
fn quote_credits(
    conn: &Connection,
    texts: &mut Texts,
    out: &mut Vec<Finding>,
) -> rusqlite::Result<()> {
    // CROSS JOIN keeps SQLite's join order: the quotes in stored order, then each one's
    // evidence by its key. Left to itself SQLite reads all the evidence and looks each quote up
    // (2.5 s against 1.4 s at 1M events)
    let mut stmt = conn.prepare(
        "SELECT DISTINCT q.id, q.words, x.source_id FROM quotes q
         CROSS JOIN evidence ev ON ev.fact_id = q.fact_id AND ev.role = 'states'
         CROSS JOIN excerpts x ON x.id = ev.excerpt_id ORDER BY x.source_id, q.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let (id, words, source) = <(String, String, String)>::try_from(r)?;
        if !texts
            .get(&source)?
            .is_some_and(|t| holds(&t, &normalise(&words)))
        {
            let message = format!(
                "credited to {source} (an excerpt of it states the quote), but {source} does not print {words:?}; mark that excerpt with the role it has (e.g. @date)"
            );
            found.push((id, source, message));
        }
    }
    found.sort();
    out.extend(found.into_iter().map(|(id, _, message)| Finding {
        rule: "quote-credit",
        row: format!("quote {id}"),
        message,
    }));
    Ok(())
}

/// Whether `text` prints the number `n` (of a day) on its own: `5`, `05`, `5th`: a run of
/// digits that is the day, with or without a leading zero. (A scan, not a pattern made per
/// row: compiling one for each dated row was most of `check`'s time.)
fn prints_day(text: &str, day: u32) -> bool {
    let (plain, padded) = (day.to_string(), format!("0{day}"));
    text.split(|c: char| !c.is_ascii_digit())
        .any(|run| run == plain || run == padded)
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
    // (kind, id, message), sorted at the end: the rows come in no order
    let mut found: Vec<(String, String, String)> = Vec::new();
    for r in rows {
        let (kind, id, start, end, precision, note, excerpts) = r?;
        let excerpts = excerpts.unwrap_or_default();
        if !note.trim().is_empty() {
            continue;
        }
        if precision == "approximate" {
            let message =
                format!("date {start} (approximate): no note says what it is worked out from");
            found.push((kind, id, message));
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
            let message = format!(
                "date {start} ({precision}): its excerpts do not print {}, and no note says how it was worked out",
                missing.join(" or ")
            );
            found.push((kind, id, message));
        }
    }
    // stable: an aid's two dates keep the query's order, as-of before period
    found.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
    out.extend(found.into_iter().map(|(kind, id, message)| Finding {
        rule: "date-note",
        row: format!("{kind} {id}"),
        message,
    }));
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

/// A pair of quotation marks a note may put a phrase in.
struct QuotationMark {
    open: char,
    close: char,
    /// whether the mark opens a phrase right after a letter or digit (`'` there is an
    /// apostrophe: Petro's)
    after_word_ok: bool,
}

/// The quotation marks of `quoted_phrases`: a note without any of their openers quotes nothing.
const QUOTATION_MARKS: [QuotationMark; 4] = [
    QuotationMark {
        open: '"',
        close: '"',
        after_word_ok: true,
    },
    QuotationMark {
        open: '\u{201C}',
        close: '\u{201D}',
        after_word_ok: true,
    },
    QuotationMark {
        open: '\u{2018}',
        close: '\u{2019}',
        after_word_ok: false,
    },
    QuotationMark {
        open: '\'',
        close: '\'',
        after_word_ok: false,
    },
];

/// The phrases `note` puts in quotation marks ("…", “…”, ‘…’, and '…' opened after a space).
pub fn quoted_phrases(note: &str) -> Vec<Quoted> {
    let chars: Vec<char> = note.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let open = chars[i];
        let before_ok = i == 0 || !chars[i - 1].is_alphanumeric();
        let close = QUOTATION_MARKS
            .iter()
            .find(|m| m.open == open && (before_ok || m.after_word_ok))
            .map(|m| m.close);
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
    static CUTS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\.\.\.|…|\[[^\]]*\]").expect("a valid pattern"));
    CUTS.split(phrase)
        .map(|p| normalise(p.trim_matches(|c: char| c.is_whitespace() || c == ',')))
        .filter(|p| p.chars().any(char::is_alphanumeric))
        .collect()
}

/// Every phrase a note quotes is printed by one of the sources of its row, or by a source
/// the note names by id; one the note says a text "says" is in the row's own excerpts.
fn notes(conn: &Connection, texts: &mut Texts, out: &mut Vec<Finding>) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(include_str!("../../sql/internal/check_notes.sql"))?;
    type Columns = (String, String, String, String, String, Option<String>);
    // only a note with an opening quotation mark can quote a phrase: the others' sources and
    // excerpts are not read
    let openers = QUOTATION_MARKS.map(|m| m.open.to_string());
    let rows = stmt.query_map(openers, |r| Columns::try_from(r))?;
    let word = Regex::new(r"[\p{L}\p{N}_-]+").expect("a valid pattern");
    for r in rows {
        let (kind, id, field, note, sources, own) = r?;
        let own = own.map(|o| normalise(&o));
        let mut candidates: Vec<&str> = sources.split(',').filter(|s| !s.is_empty()).collect();
        for w in word.find_iter(&note) {
            if texts.is_source(w.as_str()) {
                candidates.push(w.as_str());
            }
        }
        for q in quoted_phrases(&note) {
            let parts = printed_parts(&q.phrase);
            let mut unprinted = false;
            for part in &parts {
                let mut printed = false;
                for s in &candidates {
                    if texts.get(s)?.is_some_and(|t| holds(&t, part)) {
                        printed = true;
                        break;
                    }
                }
                if !printed {
                    unprinted = true;
                    break;
                }
            }
            // "a3 prints ..." in a row a3 does not support speaks of another text
            let of_other =
                q.by.as_deref()
                    .is_some_and(|b| texts.is_source(b) && !sources.split(',').any(|s| s == b));
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

/// Whether `needle` occurs in `hay` (`str::contains`, with memchr's vectorised search: the
/// rules look for short words in whole articles).
fn holds(hay: &str, needle: &str) -> bool {
    memchr::memmem::find(hay.as_bytes(), needle.as_bytes()).is_some()
}

/// Whether `part` occurs in `whole` as whole words (not `murder` in `murdering`).
fn holds_words(whole: &str, part: &str) -> bool {
    whole.match_indices(part).any(|(at, _)| {
        let before = whole[..at].chars().next_back();
        let after = whole[at + part.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// A quote as the fragment rule compares it.
struct Quote {
    id: String,
    words: String,
    event: Option<String>,
    sources: Vec<String>,
    /// its words normalised, without the final punctuation
    norm: String,
}

/// Two quotes of one speaker, of one event or one source, where one's words hold the other's
/// are one utterance: the fragment names its whole (`part_of`), or the two are one row. The
/// same words twice are one row; a single word is not taken for a fragment. The quotes are read
/// one speaker at a time, and each is compared only with the speaker's quotes of its events and
/// sources (every pair of the table was quadratic: 50,000 quotes took a minute); the findings
/// are reported in the order of the quotes' ids.
fn fragments(conn: &Connection, out: &mut Vec<Finding>) -> rusqlite::Result<()> {
    // `+` keeps SQLite from walking the quotes through their speaker index: that visits each
    // quote's row and its evidence at random places (5.4 s at 1M events, most of it reading
    // pages); read in stored order and sorted afterwards, 1.1 s
    let mut stmt = conn.prepare(
        "SELECT q.speaker_id, q.id, q.words, q.event_id,
                (SELECT group_concat(DISTINCT x.source_id) FROM evidence ev
                   JOIN excerpts x ON x.id = ev.excerpt_id WHERE ev.fact_id = q.fact_id)
         FROM quotes q ORDER BY +q.speaker_id, q.id",
    )?;
    let mut wholes = Wholes::new(conn)?;
    let mut found = Vec::new();
    let mut speaker = None;
    let mut quotes = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let s: String = r.get(0)?;
        if speaker.as_ref() != Some(&s) {
            one_speaker(&quotes, &mut wholes, &mut found)?;
            quotes.clear();
            speaker = Some(s);
        }
        let words: String = r.get(2)?;
        let sources: Option<String> = r.get(4)?;
        quotes.push(Quote {
            id: r.get(1)?,
            norm: normalise(&words)
                .trim_end_matches(['.', ',', '!', '?', ':'])
                .to_string(),
            words,
            event: r.get(3)?,
            sources: sources
                .unwrap_or_default()
                .split(',')
                .map(str::to_string)
                .collect(),
        });
    }
    one_speaker(&quotes, &mut wholes, &mut found)?;
    found.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
    out.extend(found.into_iter().map(|(_, _, f)| f));
    Ok(())
}

/// The fragment findings among the quotes of one speaker (in the order of their ids), each
/// with the ids of its two quotes.
fn one_speaker(
    quotes: &[Quote],
    wholes: &mut Wholes,
    found: &mut Vec<(String, String, Finding)>,
) -> rusqlite::Result<()> {
    // the speaker's quotes of each event and each source
    let mut of: HashMap<(bool, &str), Vec<usize>> = HashMap::new();
    for (i, q) in quotes.iter().enumerate() {
        if let Some(e) = &q.event {
            of.entry((true, e)).or_default().push(i);
        }
        for s in &q.sources {
            of.entry((false, s)).or_default().push(i);
        }
    }
    let mut related = Vec::new();
    for (i, a) in quotes.iter().enumerate() {
        related.clear();
        let keys = a
            .event
            .iter()
            .map(|e| (true, e))
            .chain(a.sources.iter().map(|s| (false, s)));
        for (event, key) in keys {
            related.extend_from_slice(&of[&(event, key.as_str())]);
        }
        related.sort_unstable();
        related.dedup();
        for &j in &related {
            let b = &quotes[j];
            if i == j || !holds_words(&b.norm, &a.norm) {
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
            } else if wholes.of(&a.id)?.names(&b.id) || a.norm.split(' ').count() < 2 {
                // a fragment that names its whole; or one word, which a longer quote holds by chance
                continue;
            } else {
                format!(
                    "its words {:?} are within quote {} of the same speaker; make them one quote, or set part_of = {}",
                    a.words, b.id, b.id
                )
            };
            let f = Finding {
                rule: "quote-fragment",
                row: format!("quote {}", a.id),
                message,
            };
            found.push((a.id.clone(), b.id.clone(), f));
        }
    }
    Ok(())
}

/// The wholes a quote names through `part_of`, read from the database when a rule asks.
struct Wholes<'c> {
    part_of: Statement<'c>,
}

/// The chain of wholes from one quote: the quote, the one its `part_of` names, the one that
/// names, and so on, to a quote that names none or back to one already in the chain.
struct Chain {
    ids: Vec<String>,
}

impl<'c> Wholes<'c> {
    fn new(conn: &'c Connection) -> rusqlite::Result<Self> {
        Ok(Wholes {
            part_of: conn.prepare("SELECT part_of FROM quotes WHERE id = ?1")?,
        })
    }

    fn of(&mut self, id: &str) -> rusqlite::Result<Chain> {
        let mut ids = vec![id.to_string()];
        loop {
            let up: Option<String> = self
                .part_of
                .query_row([ids.last().expect("a quote")], |r| r.get(0))
                .optional()?
                .flatten();
            let Some(up) = up else { break };
            if ids.contains(&up) {
                break;
            }
            ids.push(up);
        }
        Ok(Chain { ids })
    }
}

impl Chain {
    /// Whether the quote names `id` as its whole, directly or through wholes of wholes.
    fn names(&self, id: &str) -> bool {
        self.ids[1..].iter().any(|i| i == id)
    }
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
        assert!(prints_day("the 12th.", 12) && prints_day("12", 12) && prints_day("x012y", 12));
        assert!(!prints_day("1012", 12) && !prints_day("0012", 12) && !prints_day("120", 12));
        assert_eq!(normalise("It’s  “so”\nGood"), "it's \"so\" good");
        assert!(holds_words(
            "they are murdering his children; murder",
            "murder"
        ));
        assert!(!holds_words("they are murdering his children", "murder"));
    }
}
