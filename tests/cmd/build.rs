//! `crisisdb build` and `migrate`: the schema, the loader's checks, and atomic replacement.

use std::fs;

use crate::util::{Workdir, edit, parse_csv, repo_seeds};

const TABLES: &[&str] = &[
    "actor_aliases",
    "actor_titles",
    "actors",
    "aid",
    "assets",
    "build_info",
    "countries",
    "coverage_ignore",
    "data_notes",
    "deployments",
    "dispute_claims",
    "disputed_facts",
    "disputes",
    "event_actors",
    "events",
    "evidence",
    "excerpts",
    "facts",
    "figures",
    "places",
    "quotes",
    "schema_docs",
    "sources",
    "vocabulary",
];

#[test]
fn build_makes_every_table_and_checks_clean() {
    let w = Workdir::new().built();
    let names = w.csv("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%fts%' and name <> 'refinery_schema_history' order by name");
    let names: Vec<&str> = names[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, TABLES);
    assert_eq!(w.csv("pragma integrity_check")[1][0], "ok");
    assert_eq!(
        w.csv("pragma foreign_key_check").len(),
        1,
        "a header and no rows"
    );
    // every table and every column is documented
    let undocumented = w.csv(
        "select m.name, p.name from sqlite_master m join pragma_table_info(m.name) p \
         where m.type in ('table', 'view') and m.name not like 'sqlite_%' and m.name not like '%_fts_%' \
         and m.name <> 'refinery_schema_history' \
         and not exists (select 1 from schema_docs d where d.table_name = m.name and d.column_name = p.name)",
    );
    assert_eq!(
        undocumented.len(),
        1,
        "undocumented columns: {undocumented:?}"
    );
}

#[test]
fn row_counts_match_the_seed_files() {
    let w = Workdir::new().built();
    for table in [
        "countries",
        "sources",
        "excerpts",
        "actors",
        "actor_aliases",
        "actor_titles",
        "places",
        "events",
        "event_actors",
        "assets",
        "deployments",
        "aid",
        "figures",
        "quotes",
        "disputes",
        "dispute_claims",
        "data_notes",
        "coverage_ignore",
    ] {
        let text = fs::read_to_string(repo_seeds().join(format!("{table}.csv"))).unwrap();
        let seed_rows = parse_csv(&text).len() - 1;
        let db_rows: usize = w.csv(&format!("select count(*) from {table}"))[1][0]
            .parse()
            .unwrap();
        assert_eq!(db_rows, seed_rows, "{table}");
        assert!(db_rows > 0, "{table} is empty");
    }
}

#[test]
fn building_twice_gives_the_same_content() {
    let w = Workdir::new();
    w.run(&["build", "-q"]).ok();
    let dump = |w: &Workdir| {
        let mut all = String::new();
        for t in TABLES {
            all += &w
                .run(&[
                    "sql",
                    &format!("select * from {t} order by 1, 2"),
                    "--format",
                    "jsonl",
                ])
                .ok();
        }
        all
    };
    let first = dump(&w);
    w.run(&["build", "-q"]).ok();
    assert_eq!(first, dump(&w));
}

/// Builds a good database, then a damaged seeds copy; the build must fail with `words` and
/// leave the database byte-identical.
fn fails_and_keeps_db(damage: impl FnOnce(&std::path::Path), words: &[&str]) -> String {
    let w = Workdir::new().built();
    let before = w.read("crisis.db");
    let seeds = w.copy_seeds();
    damage(&seeds);
    let err = w
        .run(&["build", "--seeds", seeds.to_str().unwrap()])
        .fails(1, words);
    assert_eq!(before, w.read("crisis.db"), "the database changed");
    let leftovers: Vec<_> = fs::read_dir(w.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".build-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    err
}

#[test]
fn a_bad_reference_names_file_line_field_and_value() {
    fails_and_keeps_db(
        |s| {
            edit(
                &s.join("event_actors.csv"),
                "\ne-001,gustavo-petro,",
                "\ne-001,gustavo-pietro,",
            )
        },
        &[
            "event_actors.csv:",
            "actor = \"gustavo-pietro\"",
            "no such id in actors.csv",
        ],
    );
}

#[test]
fn an_impossible_date_is_refused() {
    let err = fails_and_keeps_db(
        |s| {
            let p = s.join("events.csv");
            let text = fs::read_to_string(&p).unwrap();
            let line = text
                .lines()
                .find(|l| l.contains(",day,"))
                .unwrap()
                .to_string();
            let date = line
                .split(',')
                .find(|f| f.len() == 10 && f.starts_with("20"))
                .unwrap()
                .to_string();
            fs::write(
                &p,
                text.replacen(&line, &line.replacen(&date, "2025-02-30", 1), 1),
            )
            .unwrap();
        },
        &["events.csv:", "start = \"2025-02-30\"", "not a real day"],
    );
    assert!(err.contains("February 2025 has 28 days"), "{err}");
}

#[test]
fn a_precision_that_contradicts_its_date_is_refused() {
    fails_and_keeps_db(
        |s| {
            let p = s.join("events.csv");
            let text = fs::read_to_string(&p).unwrap();
            let line = text
                .lines()
                .find(|l| l.contains(",month,"))
                .unwrap()
                .to_string();
            fs::write(
                &p,
                text.replacen(&line, &line.replacen(",month,", ",day,", 1), 1),
            )
            .unwrap();
        },
        &[
            "events.csv:",
            "precision `day` needs a date written YYYY-MM-DD",
        ],
    );
}

#[test]
fn an_excerpt_not_in_its_source_is_refused() {
    fails_and_keeps_db(
        |s| {
            let p = s.join("excerpts.csv");
            let text = fs::read_to_string(&p).unwrap();
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            lines.push("zz-invented,a1,Petro praised Trump warmly,,".into());
            fs::write(&p, lines.join("\n") + "\n").unwrap();
        },
        &[
            "excerpts.csv:",
            "text = \"Petro praised Trump warmly\"",
            "does not occur in source a1",
        ],
    );
}

#[test]
fn errors_are_collected_not_just_the_first() {
    let err = fails_and_keeps_db(
        |s| {
            edit(
                &s.join("event_actors.csv"),
                "\ne-001,gustavo-petro,",
                "\ne-001,nobody-1,",
            );
            edit(&s.join("events.csv"), ",carried_out,", ",happened,");
        },
        &[
            "nobody-1",
            "status = \"happened\"",
            "unknown value; use one of",
        ],
    );
    assert!(err.contains("the seeds have 2 errors"), "{err}");
}

#[test]
fn a_changed_article_fails_its_hash() {
    fails_and_keeps_db(
        |s| {
            let art = fs::read_dir(s.join("articles"))
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .path();
            let mut bytes = fs::read(&art).unwrap();
            bytes.push(b'\n');
            fs::write(art, bytes).unwrap();
        },
        &["sources.csv:", "sha256 = ", "the text differs"],
    );
}

#[test]
fn a_missing_folder_or_db_folder_is_a_clear_error() {
    let w = Workdir::new();
    w.run(&["build", "--seeds", "no-such-seeds"])
        .fails(1, &["seeds folder no-such-seeds does not exist"]);
    let out = std::process::Command::new(crate::util::BIN)
        .args(["--db", "/nonexistent-dir/x.db", "build"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("folder /nonexistent-dir does not exist")
    );
}

#[test]
fn migrate_brings_a_database_to_the_latest_schema() {
    let w = Workdir::new().built();
    let out = w.run(&["migrate"]);
    out.ok();
    assert!(out.stderr().contains("schema version"), "{}", out.stderr());
    let versions = w.csv("select max(version) from refinery_schema_history");
    assert!(versions[1][0].parse::<i32>().unwrap() >= 3);
    Workdir::new()
        .run(&["migrate"])
        .fails(1, &["does not exist"]);
}

#[test]
fn a_query_builds_the_database_on_first_use() {
    let w = Workdir::new();
    let out = w.run(&["sql", "select count(*) from events", "--format", "csv"]);
    out.ok();
    assert!(out.stderr().contains("building it from the embedded seeds"));
    assert!(w.db().exists());
}

#[test]
fn a_database_from_other_embedded_seeds_is_rebuilt_with_a_note() {
    let w = Workdir::new().built();
    w.run(&[
        "sql",
        "update build_info set value = 'stale' where key = 'seeds_sha256'",
        "--write",
    ])
    .ok();
    let out = w.run(&["sql", "select 1", "--format", "csv"]);
    out.ok();
    assert!(out.stderr().contains("rebuilding it"), "{}", out.stderr());
    assert_ne!(
        w.csv("select value from build_info where key = 'seeds_sha256'")[1][0],
        "stale"
    );
}

#[test]
fn the_mini_seeds_of_the_fuzz_target_build() {
    // tests/fixtures/mini-seeds is the fuzz target's starting point: it must stay valid
    let w = Workdir::new();
    let mini = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-seeds");
    w.run(&["build", "-q", "--seeds", mini.to_str().unwrap()])
        .ok();
    for table in TABLES {
        if !["build_info", "schema_docs", "vocabulary"].contains(table) {
            let n: usize = w.csv(&format!("select count(*) from {table}"))[1][0]
                .parse()
                .unwrap();
            assert!(n > 0, "{table} is empty in the mini seeds");
        }
    }
}
