//! `crisisdb search`: plain text finds every passage that holds it, once, with where it is and
//! what it supports; raw FTS5 stays behind --fts; sqlite-utils finds the full-text index.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Run, Workdir, parse_csv, require_program};

/// What people type, each with the words the index must find in sequence.
const QUERIES: &[(&str, &[&str])] = &[
    ("$400mn", &["400mn"]),
    ("U.S.", &["u", "s"]),
    ("Petro's", &["petro", "s"]),
    ("180-degree", &["180", "degree"]),
    ("\"drug dealer\"", &["drug", "dealer"]),
    ("tariffs", &["tariffs"]),
];

/// The words SQLite's unicode61 tokenizer makes of `text`, lowercased.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `text` holds the words `phrase` one after the other.
fn holds(text: &str, phrase: &[&str]) -> bool {
    let t = tokens(text);
    t.windows(phrase.len())
        .any(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
}

/// `crisisdb search` as rows (header first), asserting exit 0.
fn search(w: &Workdir, args: &[&str]) -> Vec<Vec<String>> {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "csv"]);
    let rows = parse_csv(&w.run(&all).ok());
    assert_eq!(
        rows[0],
        [
            "rank",
            "found_in",
            "source_id",
            "line",
            "snippet",
            "supports",
            "ref"
        ]
    );
    rows
}

/// (source_id, char_start, char_end) of every excerpt, by id, with its line and text.
type Spans = BTreeMap<String, ((String, String, String), String, String)>;

fn spans(w: &Workdir) -> Spans {
    w.csv("select id, source_id, char_start, char_end, line, text from excerpts")[1..]
        .iter()
        .map(|r| {
            let span = (r[1].clone(), r[2].clone(), r[3].clone());
            (r[0].clone(), (span, r[4].clone(), r[5].clone()))
        })
        .collect()
}

#[test]
fn plain_text_finds_every_passage_that_holds_it_once() {
    let w = Workdir::new().built();
    let spans = spans(&w);
    let sources = w.csv("select id, coalesce(title, ''), text from sources");
    let notes = w.csv("select id, coalesce(reading, '') from data_notes");
    // what an excerpt supports, from the tables themselves
    let supports = w.csv(
        "select ev.excerpt_id, coalesce(e.id, a.id, al.actor_id, t.actor_id, p.id, s.id, d.id, \
           x.id, g.id, q.id, c.dispute_id, n.id, o.id) \
         from evidence ev \
         left join events e on e.fact_id = ev.fact_id left join actors a on a.fact_id = ev.fact_id \
         left join actor_aliases al on al.fact_id = ev.fact_id \
         left join actor_titles t on t.fact_id = ev.fact_id left join places p on p.fact_id = ev.fact_id \
         left join assets s on s.fact_id = ev.fact_id left join deployments d on d.fact_id = ev.fact_id \
         left join aid x on x.fact_id = ev.fact_id left join figures g on g.fact_id = ev.fact_id \
         left join quotes q on q.fact_id = ev.fact_id left join dispute_claims c on c.fact_id = ev.fact_id \
         left join data_notes n on n.fact_id = ev.fact_id left join sources o on o.fact_id = ev.fact_id",
    );
    let mut shown = BTreeSet::new();
    for (query, phrase) in QUERIES {
        let rows = search(&w, &[query, "--limit", "100000"]);
        let hits = &rows[1..];
        // ranks are 1, 2, 3 ... in order: no bm25 floats
        let ranks: Vec<String> = hits.iter().map(|r| r[0].clone()).collect();
        let want: Vec<String> = (1..=hits.len()).map(|n| n.to_string()).collect();
        assert_eq!(ranks, want, "{query}");

        // excerpts: one hit per span, holding every excerpt of that span
        let mut got_spans = BTreeSet::new();
        for h in hits.iter().filter(|h| h[1] == "excerpt") {
            let ids: BTreeSet<&str> = h[6].split(',').collect();
            let span = &spans[*ids.iter().next().unwrap()].0;
            let same: BTreeSet<&str> = spans
                .iter()
                .filter(|(_, s)| &s.0 == span)
                .map(|(id, _)| id.as_str())
                .collect();
            assert_eq!(ids, same, "{query}: hit {h:?} is not one whole span");
            assert!(
                got_spans.insert(span.clone()),
                "{query}: span {span:?} twice"
            );
            let (_, line, text) = &spans[*ids.iter().next().unwrap()];
            assert_eq!((&h[2], &h[3]), (&span.0, line), "{query}: where {h:?}");
            assert!(holds(text, phrase), "{query}: {text:?}");
            let want: BTreeSet<&str> = supports
                .iter()
                .filter(|s| ids.contains(s[0].as_str()))
                .map(|s| s[1].as_str())
                .collect();
            let got: BTreeSet<&str> = h[5].split(',').filter(|s| !s.is_empty()).collect();
            assert_eq!(got, want, "{query}: what {h:?} supports");
            shown.extend(got.into_iter().map(str::to_string));
        }
        let want_spans: BTreeSet<(String, String, String)> = spans
            .values()
            .filter(|(_, _, text)| holds(text, phrase))
            .map(|(span, _, _)| span.clone())
            .collect();
        assert!(!want_spans.is_empty(), "{query} is in some excerpt");
        assert_eq!(got_spans, want_spans, "{query}: the excerpts that hold it");
        // the same words in place, the way a reporter would look for them
        let literal = query.trim_matches('"');
        let by_instr = w.csv(&format!(
            "select count(distinct source_id || char_start || '-' || char_end) from excerpts \
             where instr(lower(text), lower('{}')) > 0",
            literal.replace('\'', "''")
        ));
        let by_instr: usize = by_instr[1][0].parse().unwrap();
        assert!(by_instr >= 1 && by_instr <= got_spans.len(), "{query}");

        // articles: one hit each, at a line that holds the words
        let articles = found(hits, "article", 2);
        let want = matching(&sources, |s| holds(&s[1], phrase) || holds(&s[2], phrase));
        assert_eq!(articles, want, "{query}: articles");
        for h in hits.iter().filter(|h| h[1] == "article") {
            let text = &sources.iter().find(|s| s[0] == h[2]).unwrap()[2];
            let line: usize = h[3].parse().unwrap();
            let words = text.lines().nth(line - 1).unwrap();
            assert!(
                holds(words, phrase),
                "{query}: {}:{line} is {words:?}",
                h[2]
            );
        }
        // repaired readings
        let got = found(hits, "data_note", 6);
        let want = matching(&notes, |n| holds(&n[1], phrase));
        assert_eq!(got, want, "{query}: data notes");
    }
    // every id a hit gives is one `show` reads
    let mut args = vec!["show", "--format", "json"];
    args.extend(shown.iter().map(String::as_str));
    let out: serde_json::Value = serde_json::from_str(&w.run(&args).ok()).unwrap();
    assert!(out.as_array().unwrap().len() >= shown.len());
}

/// Column `col` of the hits found in `kind`, each once (a second is an error).
fn found(hits: &[Vec<String>], kind: &str, col: usize) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for h in hits.iter().filter(|h| h[1] == kind) {
        assert!(seen.insert(h[col].clone()), "{kind} {} twice", h[col]);
    }
    seen
}

/// The ids (first column) of the rows (header first) that `keep` keeps.
fn matching(rows: &[Vec<String>], keep: impl Fn(&Vec<String>) -> bool) -> BTreeSet<String> {
    rows[1..]
        .iter()
        .filter(|r| keep(r))
        .map(|r| r[0].clone())
        .collect()
}

#[test]
fn the_repaired_reading_of_damaged_text_is_found() {
    let w = Workdir::new().built();
    let note = w.csv("select id, source_id, found from data_notes where reading = 'Atención'");
    assert_eq!(note.len(), 2, "one note reads Atención");
    let (id, source, found) = (&note[1][0], &note[1][1], &note[1][2]);
    let text = &w.csv(&format!("select text from sources where id = '{source}'"))[1][0];
    let line = text
        .lines()
        .position(|l| l.contains(found.as_str()))
        .unwrap()
        + 1;
    for typed in ["Atención", "atencion", "ATENCIÓN"] {
        let rows = search(&w, &[typed]);
        let notes: Vec<_> = rows[1..].iter().filter(|r| r[1] == "data_note").collect();
        assert_eq!(notes.len(), 1, "{typed}: {rows:?}");
        assert_eq!(
            (&notes[0][2], &notes[0][3], &notes[0][6]),
            (source, &line.to_string(), id),
            "{typed}"
        );
    }
}

#[test]
fn a_word_in_no_row_finds_nothing_and_fts_syntax_needs_the_flag() {
    let w = Workdir::new().built();
    assert_eq!(search(&w, &["zqxjkvw"]).len(), 1);
    assert_eq!(search(&w, &["tariffs zqxjkvw"]).len(), 1);
    // what FTS5 would read as syntax is plain words without --fts
    for plain in [
        "tariffs OR",
        "NOT tariffs",
        "(tariffs",
        "tariffs AND \"",
        "col:tariffs",
    ] {
        search(&w, &[plain]);
    }
    let either = search(&w, &["--fts", "tariffs OR cocaine", "--limit", "100000"]);
    let tariffs = search(&w, &["tariffs", "--limit", "100000"]);
    let cocaine = search(&w, &["cocaine", "--limit", "100000"]);
    let refs = |rows: &[Vec<String>]| -> BTreeSet<(String, String)> {
        rows[1..]
            .iter()
            .map(|r| (r[1].clone(), r[6].clone()))
            .collect()
    };
    let mut both = refs(&tariffs);
    both.extend(refs(&cocaine));
    assert_eq!(refs(&either), both);
    w.run(&["search", "--fts", "\"unclosed"])
        .fails(1, &["unterminated string", "--fts"]);
    w.run(&["search", "$ - !"])
        .fails(1, &["nothing to search for"]);
}

#[test]
fn a_limit_keeps_the_best_hits() {
    let w = Workdir::new().built();
    let all = search(&w, &["Colombia", "--limit", "100000"]);
    assert!(all.len() > 20);
    let top = search(&w, &["Colombia", "--limit", "5"]);
    assert_eq!(top.len(), 6);
    // the same hits in the same order (a rank is a place in the list)
    let key = |r: &Vec<String>| (r[1].clone(), r[2].clone(), r[6].clone());
    let best: Vec<_> = top[1..].iter().map(key).collect();
    let want: Vec<_> = all[1..6].iter().map(key).collect();
    assert_eq!(best, want);
}

fn sqlite_utils() -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/sqlite-utils");
    if local.is_file() {
        return Some(local);
    }
    require_program("sqlite-utils")
}

#[test]
fn sqlite_utils_finds_the_full_text_index() {
    let Some(su) = sqlite_utils() else {
        return;
    };
    let w = Workdir::new().built();
    let ids = |table: &str, word: &str| -> BTreeSet<String> {
        let mut c = Command::new(&su);
        c.arg("search")
            .arg(w.db())
            .args([table, word, "--csv", "-c", "id"]);
        parse_csv(&Run::of(c, None).ok())
            .into_iter()
            .skip(1)
            .map(|r| r[0].clone())
            .collect()
    };
    for (table, sql) in [
        ("excerpts", "select id, text from excerpts"),
        (
            "sources",
            "select id, coalesce(title, '') || ' ' || text from sources",
        ),
    ] {
        let want: BTreeSet<String> = w.csv(sql)[1..]
            .iter()
            .filter(|r| holds(&r[1], &["tariffs"]))
            .map(|r| r[0].clone())
            .collect();
        assert!(!want.is_empty());
        assert_eq!(ids(table, "tariffs"), want, "{table}");
        assert_eq!(ids(table, "zqxjkvw"), BTreeSet::new(), "{table}");
    }
    // the count a reporter would make by hand
    let like = w.csv(
        "select count(*) from excerpts where ' ' || lower(text) || ' ' glob '*[^a-z]tariffs[^a-z]*'",
    );
    assert_eq!(ids("excerpts", "tariffs").len().to_string(), like[1][0]);
}

#[test]
fn datasette_without_metadata_finds_the_full_text_index() {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/datasette");
    let Some(ds) = local
        .is_file()
        .then_some(local)
        .or_else(|| require_program("datasette"))
    else {
        return;
    };
    let w = Workdir::new().built();
    let ids = |table: &str, word: &str| -> BTreeSet<String> {
        let mut c = Command::new(&ds);
        c.arg(w.db()).arg("--get").arg(format!(
            "/crisis/{table}.json?_search={word}&_shape=array&_col=id&_size=max"
        ));
        let rows: serde_json::Value = serde_json::from_str(&Run::of(c, None).ok()).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let want = matching(&w.csv("select id, text from excerpts"), |r| {
        holds(&r[1], &["tariffs"])
    });
    assert_eq!(ids("excerpts", "tariffs"), want);
    assert_eq!(ids("excerpts", "zqxjkvw"), BTreeSet::new());
    let want = matching(
        &w.csv("select id from data_notes where reading like '%atenci_n%'"),
        |_| true,
    );
    assert_eq!(want.len(), 1);
    assert_eq!(ids("data_notes", "atencion"), want);
}
