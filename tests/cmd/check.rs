//! `crisisdb check`: the embedded dataset passes, and a damaged database fails.

use std::path::{Path, PathBuf};

use crate::util::{Workdir, copy_dir, edit};

#[test]
fn check_passes_on_the_embedded_dataset() {
    let w = Workdir::new().built();
    let out = w.run(&["check"]).ok();
    assert!(out.contains("integrity_check               ok"), "{out}");
    assert!(out.contains("facts without evidence        0"), "{out}");
    assert!(out.contains("disputed_facts rows off       0"), "{out}");
    assert!(out.contains("fact_ref_index rows off       0"), "{out}");
    assert!(out.contains("shared_spans rows off         0"), "{out}");
    assert!(out.contains("rows that break a rule        0"), "{out}");
    assert!(out.contains("check passed"), "{out}");
    assert!(!out.contains("uncovered:\n"), "{out}");
}

/// The report of `crisisdb check` on the embedded dataset damaged by `changes`, which fails.
fn check_after(changes: &[&str]) -> String {
    let w = Workdir::new().built();
    for sql in changes {
        w.change(sql);
    }
    let out = w.run(&["check"]);
    out.fails(1, &["check failed"]);
    out.stdout()
}

#[test]
fn check_fails_on_a_fact_without_evidence_or_a_moved_excerpt() {
    let out = check_after(&[
        "delete from evidence where fact_id = (select fact_id from events where id = 'e-001')",
        "update excerpts set char_start = char_start + 1 where id = (select min(id) from excerpts)",
    ]);
    assert!(out.contains("facts without evidence        1"), "{out}");
    assert!(out.contains("excerpts not at their offsets 1"), "{out}");
}

#[test]
fn check_reports_uncovered_tokens() {
    // drop every piece of evidence from a2: its numbers and names become uncovered
    let out = check_after(&[
        "delete from evidence where excerpt_id in (select id from excerpts where source_id = 'a2')",
    ]);
    assert!(out.contains("a2:3 number \"76\""), "{out}");
}

#[test]
fn check_fails_when_the_derived_disputed_facts_are_off() {
    let w = Workdir::new().built();
    let conn = rusqlite::Connection::open(w.db()).unwrap();
    let derived: i64 = conn
        .query_row("select count(*) from disputed_facts", [], |r| r.get(0))
        .unwrap();
    assert!(derived > 0, "the dataset has disputed facts");
    // one row lost, and one row that the evidence does not give
    conn.execute_batch(
        "delete from disputed_facts where (fact_id, dispute_id) =
           (select fact_id, dispute_id from disputed_facts order by 1, 2 limit 1);
         insert into disputed_facts (fact_id, dispute_id)
           select min(fact_id), (select min(id) from disputes) from facts
           where fact_id not in (select fact_id from disputed_facts);",
    )
    .unwrap();
    drop(conn);
    let out = w.run(&["check"]);
    out.fails(1, &["check failed"]);
    assert!(
        out.stdout().contains("disputed_facts rows off       2"),
        "{}",
        out.stdout()
    );
}

#[test]
fn check_fails_when_the_derived_lookups_are_off() {
    // a fact that reads as another id, and a shared span that counts one excerpt too many
    let out = check_after(&[
        "update fact_ref_index set ref = 'e-999' where fact_id = (select fact_id from events where id = 'e-001')",
        "update shared_spans set excerpts = excerpts + 1 where excerpt_id = (select min(excerpt_id) from shared_spans)",
    ]);
    // each changed row is off both ways: the derivation's row is missing, the table's is extra
    for table in ["fact_ref_index", "shared_spans"] {
        let line = format!("{:<30}2", format!("{table} rows off"));
        assert!(out.contains(&line), "{out}");
    }
}

fn mini_seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-seeds")
}

/// A copy of the mini seeds in `w`, edited by `edits` (file, from, to).
fn mini_copy(w: &Workdir, edits: &[(&str, &str, &str)]) -> PathBuf {
    let seeds = w.path("seeds");
    copy_dir(&mini_seeds(), &seeds);
    for (file, from, to) in edits {
        edit(&seeds.join(file), from, to);
    }
    seeds
}

/// The findings (`rows that break a rule`) of `check` on a database built from the mini seeds
/// edited by `edits`: the build warns of the same rows, and check fails on them.
fn findings_of(edits: &[(&str, &str, &str)]) -> (String, String) {
    let w = Workdir::new();
    let seeds = mini_copy(&w, edits);
    let built = w.run(&["build", "--seeds", seeds.to_str().unwrap()]);
    built.ok();
    let check = w.run(&["check"]);
    (built.stderr(), check.stdout())
}

#[test]
fn each_rule_finds_the_row_that_breaks_it_in_a_users_seeds() {
    // the mini seeds' own month without a year (e-1) and day without a day (the title)
    let (_, base) = findings_of(&[]);
    assert!(
        base.contains("event e-1: date 2025-10-01 (month): its excerpts do not print 2025"),
        "{base}"
    );
    // an approximate date says what it is worked out from, whatever its excerpts print
    assert!(
        base.contains(
            "quote q-1: date 2025-10-20 (approximate): no note says what it is worked out from"
        ),
        "{base}"
    );
    assert!(
        !base.contains("[note-quote]") && !base.contains("note-quote"),
        "{base}"
    );
    // a rule's findings come by kind of row, then id (the dated rows are read table by table,
    // events first)
    let dated: Vec<&str> = base
        .lines()
        .filter(|l| l.contains(": date 2025-"))
        .map(|l| l.trim().split(':').next().unwrap())
        .collect();
    assert_eq!(
        dated,
        [
            "aid aid-1",
            "deployment d-1",
            "event e-1",
            "quote q-1",
            "title title #1 (gustavo-petro, President)"
        ],
        "{base}"
    );
    let aid_cop = "aid-2,1800000000000,,$450 million,COP,450000000,,,unknown,,,,cut,exact,2025-10,month,e-1,x,x-2\n";
    let (warned, out) = findings_of(&[
        // a note quoting words no source prints
        (
            "events.csv",
            "the week before publication, as the text implies",
            "the text says 'last week'",
        ),
        // one amount in two rows
        ("aid.csv", "x-2\n", &format!("x-2\n{aid_cop}")),
        // a fragment of a quote of the same speaker, not linked to its whole
        (
            "quotes.csv",
            ",x-3\n",
            ",x-3\nq-2,gustavo-petro,not kneel,en,2025-10-20,approximate,,,,,x-3\n",
        ),
        // a note that says a text says words its row's own excerpt does not hold
        (
            "quotes.csv",
            "q-1,gustavo-petro,We will not kneel,en,2025-10-20,approximate,,,,,x-3",
            "q-1,gustavo-petro,We will not kneel,en,2025-10-20,approximate,,,,a1 says 'on Monday',x-3",
        ),
        // an event carried out after its only source was published
        (
            "events.csv",
            "aid_cut,2025-10,,month",
            "aid_cut,2025-11,,month",
        ),
    ]);
    for finding in [
        "event e-2: date_note quotes \"last week\", which none of its sources (a1) prints",
        "aid aid-2: same usd_amount (450000000) and excerpt x-2 as aid aid-1",
        "quote q-2: its words \"not kneel\" are within quote q-1 of the same speaker",
        "event e-1: reported by 2025-10-20 (day window) but carried out from 2025-11-01",
        "quote q-1: note says a text says \"on Monday\", but the row's own excerpts do not print it",
    ] {
        assert!(out.contains(finding), "{finding}\n{out}");
        assert!(
            warned.contains(finding.split(':').next().unwrap()),
            "{warned}"
        );
    }
    assert!(warned.contains("warning: "), "{warned}");
    // the nine above, and q-2's approximate date without a note
    assert!(out.contains("rows that break a rule        10"), "{out}");

    // what the rules ask for clears them: a note on the date, a fragment linked to its whole
    let (_, out) = findings_of(&[
        (
            "events.csv",
            "carried_out,,x-2",
            "carried_out,the year of the article (published 2025-10-20),x-2",
        ),
        (
            "quotes.csv",
            ",x-3\n",
            ",x-3\nq-2,gustavo-petro,not kneel,en,2025-10-20,approximate,,,q-1,said with q-1,x-3\n",
        ),
    ]);
    assert!(!out.contains("event e-1:"), "{out}");
    assert!(!out.contains("quote q-2"), "{out}");
}

#[test]
fn reporters_years_and_repeated_words_are_checked_too() {
    let (_, out) = findings_of(&[
        // a reporter that is neither an outlet nor a journalist the texts name
        (
            "event_actors.csv",
            "e-1,gustavo-petro,target,",
            "e-1,gustavo-petro,reporter,",
        ),
        // a summary (not only a note) quoting words no source prints
        (
            "events.csv",
            "Washington cuts $450 million",
            "Washington 'slashes' $450 million",
        ),
        // a year its excerpt does not print, without a note
        (
            "actor_titles.csv",
            "President,2025-10-20,day,,x-1",
            "President,2024,year,,x-1",
        ),
        // the same words twice, though one names the other as its whole; and one word of a
        // longer quote, which is not taken for a fragment
        (
            "quotes.csv",
            ",x-3\n",
            ",x-3\nq-2,gustavo-petro,We will not kneel,en,2025-10-20,day,,,q-1,,x-3\n\
             q-3,gustavo-petro,kneel,en,2025-10-20,day,,,,,x-3\n",
        ),
    ]);
    for finding in [
        "event_actor e-1 gustavo-petro reporter: Gustavo Petro (person) is not an outlet or a journalist the texts name",
        "title title #1 (gustavo-petro, President): date 2024-01-01 (year): its excerpts do not print 2024",
        "quote q-1: its words \"We will not kneel\" are the words of quote q-2 of the same speaker",
        "event e-1: summary quotes \"slashes\", which none of its sources (a1) prints",
    ] {
        assert!(out.contains(finding), "{finding}\n{out}");
    }
    assert!(out.contains("quote-fragment: 1\n"), "{out}");
    assert!(!out.contains("quote q-3: its words"), "{out}");
    assert!(out.contains("reporter-role: 1\n"), "{out}");
}

#[test]
fn check_fails_when_a_quote_credits_a_source_that_only_dates_it() {
    // a4 dates Trump's Air Force One remarks but prints a3's wording of them nowhere
    let out = check_after(&[
        "update evidence set role = 'states' where excerpt_id = 'qs-a4-001' \
         and fact_id = (select fact_id from quotes where id = 'q-072')",
    ]);
    assert!(
        out.contains("quote q-072: credited to a4 (an excerpt of it states the quote), but a4 does not print \"a sick man who likes to make cocaine and sell it to the United States\""),
        "{out}"
    );
    assert!(out.contains("rows that break a rule        1"), "{out}");
}

#[test]
fn the_answers_credit_only_the_sources_that_state_a_quote() {
    let w = Workdir::new().built();
    let rows = w.csv(
        "select q.id, c.sources, c.evidence like '%[a4:% date] %' from quotes q \
         join fact_citations c on c.fact_id = q.fact_id where q.id in ('q-048', 'q-072', 'q-073', 'q-084') order by q.id",
    );
    let got: Vec<(&str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("q-048", "a3", "1"),
            ("q-072", "a3", "1"),
            ("q-073", "a3", "1"),
            ("q-084", "a4", "1"),
        ]
    );
}

/// The names in `dir` (one level), to show that a command wrote nothing there.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn check_seeds_passes_a_good_folder_with_the_builds_counts_and_writes_nothing() {
    let w = Workdir::new();
    let seeds = w.copy_seeds();
    let before = names_in(w.dir.path());
    let out = w.run(&["check", "--seeds", seeds.to_str().unwrap()]).ok();
    assert_eq!(names_in(w.dir.path()), before, "check --seeds wrote a file");
    assert!(!w.db().exists());
    // the counts a build of the same folder gives, independently
    let built = w.run(&["build", "--seeds", seeds.to_str().unwrap()]);
    built.ok();
    let counts: Vec<usize> = built
        .stderr()
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().last().unwrap().parse().unwrap())
        .collect();
    let rows: usize = counts.iter().sum();
    assert!(rows > 1000, "{rows}");
    let want = format!(
        "seeds {} are valid: {rows} rows in {} tables; no database was written\n",
        seeds.display(),
        counts.len()
    );
    assert_eq!(out, want);
}

#[test]
fn check_seeds_fails_a_bad_folder_with_the_builds_errors_and_writes_nothing() {
    let w = Workdir::new();
    let seeds = w.copy_seeds();
    crate::util::edit(
        &seeds.join("event_actors.csv"),
        "\ne-001,gustavo-petro,",
        "\ne-001,gustavo-pietro,",
    );
    crate::util::edit(&seeds.join("events.csv"), "\ne-002,", "\nE 002,");
    let before = names_in(w.dir.path());
    let checked = w.run(&["check", "--seeds", seeds.to_str().unwrap()]);
    let err = checked.fails(
        1,
        &[
            "the seeds have",
            "event_actors.csv:",
            "actor = \"gustavo-pietro\": no such id in actors.csv",
            "ids use lowercase letters",
        ],
    );
    assert_eq!(checked.stdout(), "");
    assert_eq!(names_in(w.dir.path()), before, "check --seeds wrote a file");
    // word for word what a build of the folder says
    let built = w.run(&["build", "--seeds", seeds.to_str().unwrap()]);
    assert_eq!(built.fails(1, &[]), err);
    assert!(!w.db().exists());
}
