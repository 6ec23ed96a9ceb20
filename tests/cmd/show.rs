//! `crisisdb show ID`: any id read whole, checked against the tables themselves.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::util::Workdir;

/// `crisisdb show ARGS --format json`, asserting exit 0.
fn show(w: &Workdir, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["show"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out: Value = serde_json::from_str(&w.run(&all).ok()).unwrap();
    out.as_array().unwrap().clone()
}

/// The values of column `col` of a JSON list.
fn column(list: &Value, col: &str) -> BTreeSet<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| match &r[col] {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        })
        .collect()
}

/// The first column of `sql`'s rows.
fn set(w: &Workdir, sql: &str) -> BTreeSet<String> {
    w.csv(sql)[1..].iter().map(|r| r[0].clone()).collect()
}

#[test]
fn an_event_shows_its_date_actors_evidence_and_disputes() {
    let w = Workdir::new().built();
    let e = &show(&w, &["e-082"])[0];
    assert_eq!(
        (e["kind"].as_str(), e["id"].as_str()),
        (Some("event"), Some("e-082"))
    );
    let row = &w.csv(
        "select title, date_note, precision, start_date, end_date from events where id = 'e-082'",
    )[1];
    assert_eq!(e["fields"]["title"], row[0].as_str());
    assert_eq!(e["fields"]["date_note"], row[1].as_str());
    assert_eq!(e["fields"]["precision"], row[2].as_str());
    assert_eq!(e["fields"]["start_date"], row[3].as_str());
    assert_eq!(e["fields"]["end_date"], row[4].as_str());
    assert!(!e["fields"]["date"].as_str().unwrap().is_empty());
    let actors: BTreeSet<String> = e["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            format!(
                "{} {}",
                a["id"].as_str().unwrap(),
                a["role"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        actors,
        set(
            &w,
            "select actor_id || ' ' || role from event_actors where event_id = 'e-082'"
        )
    );
    let fact = "(select fact_id from events where id = 'e-082')";
    let excerpts = set(
        &w,
        &format!("select excerpt_id from evidence where fact_id = {fact}"),
    );
    assert!(excerpts.len() > 2);
    assert_eq!(column(&e["evidence"], "id"), excerpts);
    assert_eq!(
        column(&e["sources"], "reliability"),
        set(
            &w,
            &format!(
                "select reliability from sources where id in (select x.source_id from evidence ev \
             join excerpts x on x.id = ev.excerpt_id where ev.fact_id = {fact})"
            )
        )
    );
    let disputes = set(
        &w,
        &format!("select dispute_id from disputed_facts where fact_id = {fact}"),
    );
    assert!(!disputes.is_empty());
    assert_eq!(column(&e["disputes"], "id"), disputes);

    // the text says it all too: every excerpt's words, the date note, each dispute's topic
    let text = w.run(&["show", "e-082", "--width", "100000"]).ok();
    for x in w.csv(&format!(
        "select x.text from evidence ev join excerpts x on x.id = ev.excerpt_id where ev.fact_id = {fact}"
    ))[1..]
        .iter()
    {
        assert!(text.contains(&x[0]), "{} missing from:\n{text}", x[0]);
    }
    assert!(text.contains(&row[1]));
    for t in set(
        &w,
        &format!(
            "select topic from disputes where id in (select dispute_id from disputed_facts where fact_id = {fact})"
        ),
    ) {
        assert!(text.contains(&t), "{t}");
    }
}

#[test]
fn text_fits_the_width_asked_for() {
    let w = Workdir::new().built();
    for id in ["e-082", "a2", "d-004"] {
        let text = w.run(&["show", id, "--width", "60"]).ok();
        for line in text.lines() {
            let long_word = line.split(' ').any(|word| word.chars().count() > 30);
            assert!(line.chars().count() <= 60 || long_word, "{id}: {line:?}");
        }
    }
}

/// The character ranges of a line between `[` and `]` (a line without brackets of its own).
fn bracketed(marked: &str) -> (String, BTreeSet<usize>) {
    let (mut plain, mut cited, mut inside) = (String::new(), BTreeSet::new(), false);
    for c in marked.chars() {
        match c {
            '[' => inside = true,
            ']' => inside = false,
            c => {
                if inside {
                    cited.insert(plain.chars().count());
                }
                plain.push(c);
            }
        }
    }
    (plain, cited)
}

#[test]
fn an_article_shows_its_lines_with_the_cited_spans_and_what_they_support() {
    let w = Workdir::new().built();
    let a = &show(&w, &["a2"])[0];
    let text = &w.csv("select text from sources where id = 'a2'")[1][0];
    assert!(!text.contains('[') && !text.contains(']'));
    let lines = a["lines"].as_array().unwrap();
    let count = &w.csv(
        "select length(text) - length(replace(text, char(10), '')) + (substr(text, -1) <> char(10)) \
         from sources where id = 'a2'",
    )[1][0];
    assert_eq!(lines.len().to_string(), *count);
    let texts: Vec<&str> = lines.iter().map(|l| l["text"].as_str().unwrap()).collect();
    assert_eq!(texts.join("\n"), text.trim_end_matches('\n'));
    // every cited character is marked, and only those
    let spans = w.csv("select line, char_start, char_end from excerpts where source_id = 'a2'");
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            text.char_indices()
                .filter(|(_, c)| *c == '\n')
                .map(|(i, _)| text[..i].chars().count() + 1),
        )
        .collect();
    for (n, l) in lines.iter().enumerate() {
        let (plain, cited) = bracketed(l["marked"].as_str().unwrap());
        assert_eq!(plain, texts[n]);
        let mut want = BTreeSet::new();
        for s in &spans[1..] {
            let (from, to): (usize, usize) = (s[1].parse().unwrap(), s[2].parse().unwrap());
            let line_from = starts[n];
            let line_to = line_from + texts[n].chars().count();
            want.extend((from.max(line_from)..to.min(line_to)).map(|c| c - line_from));
        }
        assert_eq!(cited, want, "line {}", n + 1);
        // what the line supports: the facts of the excerpts that start on it
        let supports: BTreeSet<String> = l["supports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        let want = set(
            &w,
            &format!(
                "select r.ref from excerpts x join evidence ev on ev.excerpt_id = x.id \
                 join fact_refs r on r.fact_id = ev.fact_id where x.source_id = 'a2' and x.line = {}",
                n + 1
            ),
        );
        assert_eq!(supports, want, "line {}", n + 1);
    }
    // the text view numbers every line
    let out = w.run(&["show", "a2", "--width", "100000"]).ok();
    for n in 1..=lines.len() {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(&format!("{n} | "))),
            "line {n}"
        );
    }
}

#[test]
fn repaired_puts_the_readings_in_place_of_the_damage() {
    let w = Workdir::new().built();
    let notes =
        w.csv("select found, reading from data_notes where source_id = 'a0' and kind = 'mojibake'");
    assert!(notes.len() > 2);
    let whole = |args: &[&str]| -> (String, usize) {
        let a = &show(&w, args)[0];
        let lines = a["lines"].as_array().unwrap();
        let text: Vec<&str> = lines.iter().map(|l| l["text"].as_str().unwrap()).collect();
        (text.join("\n"), lines.len())
    };
    let (damaged, n) = whole(&["a0"]);
    let (repaired, m) = whole(&["a0", "--repaired"]);
    assert_eq!(n, m, "the lines stay where excerpts.line counts them");
    for r in &notes[1..] {
        assert!(damaged.contains(&r[0]) && !damaged.contains(&r[1]), "{r:?}");
        assert!(
            repaired.contains(&r[1]) && !repaired.contains(&r[0]),
            "{r:?}"
        );
    }
    assert!(repaired.contains("Atención"));
}

#[test]
fn every_kind_of_id_is_shown_and_an_id_in_two_tables_shows_both() {
    let w = Workdir::new().built();
    let kinds = [
        ("events", "event"),
        ("actors", "actor"),
        ("quotes", "quote"),
        ("aid", "aid"),
        ("figures", "figure"),
        ("deployments", "deployment"),
        ("assets", "asset"),
        ("places", "place"),
        ("disputes", "dispute"),
        ("data_notes", "data_note"),
        ("excerpts", "excerpt"),
        ("sources", "source"),
    ];
    let ids: Vec<String> = kinds
        .iter()
        .map(|(t, _)| w.csv(&format!("select max(id) from {t}"))[1][0].clone())
        .collect();
    let args: Vec<&str> = ids.iter().map(String::as_str).collect();
    let shown = show(&w, &args);
    let got: Vec<(&str, &str)> = shown
        .iter()
        .map(|r| (r["kind"].as_str().unwrap(), r["id"].as_str().unwrap()))
        .collect();
    let want: Vec<(&str, &str)> = kinds
        .iter()
        .zip(&ids)
        .map(|((_, k), id)| (*k, id.as_str()))
        .collect();
    assert_eq!(got, want);
    // each shows its row: every column it keeps has the table's value, the main one included
    for (((table, _), id), record) in kinds.iter().zip(&ids).zip(&shown) {
        let row = w.csv(&format!("select * from {table} where id = '{id}'"));
        let fields = record["fields"].as_object().unwrap();
        let mut same = 0;
        for (c, v) in row[0].iter().zip(&row[1]) {
            let Some(got) = fields.get(c) else { continue };
            let got = match got {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                n => n.to_string(),
            };
            assert_eq!(&got, v, "{table} {id} column {c}");
            same += 1;
        }
        assert!(
            same + 4 >= row[0].len(),
            "{table} {id}: {same} of {:?}",
            row[0]
        );
        let main = match *table {
            "events" => "title",
            "quotes" => "words",
            "aid" => "value_text",
            "figures" | "deployments" => "subject",
            "disputes" => "topic",
            "data_notes" => "found",
            "excerpts" => "text",
            "sources" => "sha256",
            _ => "name",
        };
        assert!(fields.contains_key(main), "{table} {id} shows no {main}");
    }
    // a quote shows its words; an actor its aliases
    let q = &shown[2];
    assert_eq!(
        q["fields"]["words"].as_str().unwrap(),
        w.csv(&format!("select words from quotes where id = '{}'", ids[2]))[1][0]
    );
    assert_eq!(
        column(&shown[1]["aliases"], "alias"),
        set(
            &w,
            &format!(
                "select alias from actor_aliases where actor_id = '{}'",
                ids[1]
            )
        )
    );
    // the same id in two tables: both rows, case forgiven
    w.change("insert into facts (fact_id, kind) values (999999, 'place'); \
              insert into places (id, fact_id, name, kind) values ('donald-trump', 999999, 'Trump Tower', 'building')");
    let both = show(&w, &["DONALD-TRUMP"]);
    let kinds: Vec<&str> = both.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["actor", "place"]);
}

#[test]
fn an_unknown_id_names_the_closest() {
    let w = Workdir::new().built();
    let err = w
        .run(&["show", "e-82"])
        .fails(1, &["no row has the id \"e-82\"", "did you mean"]);
    let suggested = err.split("did you mean").nth(1).unwrap();
    assert!(suggested.trim_start().starts_with("e-082"), "{err}");
    w.run(&["show", "a2", "nope-nope"])
        .fails(1, &["\"nope-nope\""]);
}
