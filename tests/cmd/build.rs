//! `crisisdb build` and `migrate`: the schema, the loader's checks, and atomic replacement.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crisisdb::load::spec::{SEED_FILES, Type};

use crate::util::{Workdir, copy_dir, edit, parse_csv, repo_seeds};

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
    "fact_ref_index",
    "facts",
    "figures",
    "places",
    "quotes",
    "schema_docs",
    "shared_spans",
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
fn a_build_has_every_index_of_the_migrations_in_their_order() {
    // the build drops the secondary indexes while it loads and makes them again after
    let sql = "select type, name, tbl_name, sql from sqlite_master \
               where type = 'index' and sql is not null order by rowid";
    let w = built_mini();
    let built = w.csv(sql);
    let conn = crisisdb::db::in_memory().unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let migrated: Vec<Vec<String>> = stmt
        .query_map([], |r| (0..4).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(migrated.len() > 20, "{migrated:?}");
    assert_eq!(built[1..], migrated[..]);
}

#[test]
fn row_counts_match_the_seed_files() {
    let w = Workdir::new();
    let out = w.run(&["build"]);
    out.ok();
    // `  events  158` under the first line: what the build says it inserted
    let printed: HashMap<String, usize> = out
        .stderr()
        .lines()
        .skip(1)
        .map(|l| {
            let (table, n) = l.trim().split_once(' ').unwrap();
            (table.to_string(), n.trim().parse().unwrap())
        })
        .collect();
    assert_eq!(printed.len(), SEED_FILES.len(), "{}", out.stderr());
    for f in SEED_FILES {
        let text = fs::read_to_string(repo_seeds().join(f.file)).unwrap();
        let seed_rows = parse_csv(&text).len() - 1;
        let db_rows: usize = w.csv(&format!("select count(*) from {}", f.table))[1][0]
            .parse()
            .unwrap();
        assert_eq!(db_rows, seed_rows, "{}", f.table);
        assert!(db_rows > 0, "{} is empty", f.table);
        assert_eq!(printed[f.table], db_rows, "build printed for {}", f.table);
    }
}

/// The mini seeds built into a new work folder.
fn built_mini() -> Workdir {
    let w = Workdir::new();
    w.run(&["build", "-q", "--seeds", mini_seeds().to_str().unwrap()])
        .ok();
    w
}

fn mini_seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-seeds")
}

#[test]
fn every_cell_lands_in_the_column_of_its_name() {
    // read back what the loader stored, column by column, against the seed file's cells: a
    // value bound to another column's parameter would show here
    let w = built_mini();
    let mut compared = 0;
    for f in SEED_FILES {
        let seed = parse_csv(&fs::read_to_string(mini_seeds().join(f.file)).unwrap());
        let at = |name: &str| seed[0].iter().position(|h| h == name).unwrap();
        let mut select = Vec::new();
        for c in f.columns {
            match (c.ty, c.db) {
                (Type::Date { into, .. }, _) => select.push((c, into.0)),
                (Type::Text | Type::Id | Type::Number, Some(db)) => select.push((c, db)),
                _ => {}
            }
        }
        let names: Vec<&str> = select.iter().map(|(_, db)| *db).collect();
        let stored = w.csv(&format!(
            "select {} from {} order by rowid",
            names.join(", "),
            f.table
        ));
        assert_eq!(stored.len(), seed.len(), "{}", f.table);
        for (cells, row) in seed[1..].iter().zip(&stored[1..]) {
            for ((c, db), value) in select.iter().zip(row) {
                let cell = &cells[at(c.name)];
                let same = match c.ty {
                    Type::Number => cell.parse::<f64>().ok() == value.parse::<f64>().ok(),
                    Type::Date { .. } => value.starts_with(cell.as_str()),
                    _ => value == cell,
                };
                assert!(
                    same,
                    "{}.{db} holds {value:?}, the seed cell {} is {cell:?}",
                    f.table, c.name
                );
                compared += usize::from(!cell.is_empty());
            }
        }
    }
    assert!(compared > 100, "only {compared} cells compared");
}

/// Swaps the cells of columns `a` and `b` in the first row of `file` (a file without quotes).
fn swap_cells(file: &Path, a: &str, b: &str) {
    let text = fs::read_to_string(file).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert!(!lines[1].contains('"'), "{}", lines[1]);
    let header: Vec<&str> = lines[0].split(',').collect();
    let (i, j) = (
        header.iter().position(|h| *h == a).unwrap(),
        header.iter().position(|h| *h == b).unwrap(),
    );
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    assert_ne!(cells[i], cells[j]);
    cells.swap(i, j);
    lines[1] = cells.join(",");
    fs::write(file, lines.join("\n") + "\n").unwrap();
}

#[test]
fn two_cells_swapped_in_a_row_are_refused() {
    // every cell is checked by its column's own spec (number, vocabulary, reference, date),
    // so a row whose values moved to other columns does not load
    for (file, a, b, words) in [
        (
            "deployments.csv",
            "value",
            "unit",
            [
                "deployments.csv:2: value = \"sailors\": not a number",
                "deployments.csv:2: unit = \"300\": unknown value; use one of",
            ],
        ),
        (
            "aid.csv",
            "stage",
            "qualifier",
            [
                "aid.csv:2: stage = \"exact\": unknown value; use one of",
                "aid.csv:2: qualifier = \"cut\": unknown value; use one of",
            ],
        ),
        (
            "aid.csv",
            "as_of",
            "event",
            [
                "aid.csv:2: as_of = \"e-1\": `e-1` is not a date",
                "aid.csv:2: event = \"2025-10\": no such id in events.csv",
            ],
        ),
    ] {
        let w = Workdir::new();
        let seeds = w.path("seeds");
        copy_dir(&mini_seeds(), &seeds);
        swap_cells(&seeds.join(file), a, b);
        let err = w
            .run(&["build", "--seeds", seeds.to_str().unwrap()])
            .fails(1, &words);
        assert!(err.contains("the seeds have 2 errors"), "{err}");
    }
}

#[test]
fn the_seed_format_docs_follow_the_spec() {
    // seeds/README.md's "Files and columns" is made from load/spec.rs; after a change to the
    // spec, `CRISISDB_BLESS=1 cargo test --test tests seed_format_docs` writes it anew
    let conn = crisisdb::db::in_memory().unwrap();
    let want = crisisdb::load::spec::docs(&conn).unwrap();
    let path = repo_seeds().join("README.md");
    let text = fs::read_to_string(&path).unwrap();
    let (head, rest) = text.split_once(DOCS_BEGIN).expect("the begin marker");
    let (now, tail) = rest.split_once(DOCS_END).expect("the end marker");
    if std::env::var_os("CRISISDB_BLESS").is_some_and(|v| !v.is_empty()) {
        fs::write(&path, format!("{head}{DOCS_BEGIN}\n{want}{DOCS_END}{tail}")).unwrap();
    } else {
        assert!(
            now.trim_start_matches('\n') == want,
            "seeds/README.md differs from load/spec.rs; run CRISISDB_BLESS=1 cargo test --test tests seed_format_docs\n{want}"
        );
    }
    // what the docs list is the spec's: every file, column and vocabulary value
    for f in SEED_FILES {
        assert!(want.contains(&format!("### {}", f.file)));
        for c in f.columns {
            assert!(want.contains(&format!("| `{}` |", c.name)), "{}", c.name);
        }
    }
    assert!(want.contains("`visa_revocation`"), "{want}");
}

const DOCS_BEGIN: &str = "<!-- made from src/load/spec.rs: begin -->";
const DOCS_END: &str = "<!-- made from src/load/spec.rs: end -->";

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

/// Rewrites the first line of `file` that contains `marker` with `change`.
fn edit_first_line(file: &Path, marker: &str, change: impl FnOnce(&str) -> String) {
    let text = fs::read_to_string(file).unwrap();
    let line = text.lines().find(|l| l.contains(marker)).unwrap();
    fs::write(file, text.replacen(line, &change(line), 1)).unwrap();
}

#[test]
fn an_impossible_date_is_refused() {
    let err = fails_and_keeps_db(
        |s| {
            edit_first_line(&s.join("events.csv"), ",day,", |line| {
                let date = line
                    .split(',')
                    .find(|f| f.len() == 10 && f.starts_with("20"))
                    .unwrap();
                line.replacen(date, "2025-02-30", 1)
            })
        },
        &["events.csv:", "start = \"2025-02-30\"", "not a real day"],
    );
    assert!(err.contains("February 2025 has 28 days"), "{err}");
}

#[test]
fn a_precision_that_contradicts_its_date_is_refused() {
    fails_and_keeps_db(
        |s| {
            edit_first_line(&s.join("events.csv"), ",month,", |line| {
                line.replacen(",month,", ",day,", 1)
            })
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
    let w = built_mini();
    // shared_spans holds only spans that two excerpts quote, which the mini seeds do not have
    for table in TABLES {
        if !["build_info", "schema_docs", "vocabulary", "shared_spans"].contains(table) {
            let n: usize = w.csv(&format!("select count(*) from {table}"))[1][0]
                .parse()
                .unwrap();
            assert!(n > 0, "{table} is empty in the mini seeds");
        }
    }
}

#[path = "../../examples/shared/shell_import.rs"]
mod shell_import;

/// Runs `script` through the sqlite3 shell on `db`, in folder `dir`; its stdout.
fn sqlite3(db: &Path, dir: &Path, script: &str) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("sqlite3")
        .arg(db)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(script.as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.is_empty(), "{stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_sqlite3_shell_import_fills_the_same_rows_as_the_loader() {
    // the benchmark's baseline (benches/run, the import.sql examples/genseeds.rs writes from
    // the spec) must make the database crisisdb makes, or the comparison means nothing
    if crate::util::require_program("sqlite3").is_none() {
        return;
    }
    let w = built_mini();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut migrations: Vec<(u32, PathBuf)> = fs::read_dir(root.join("migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let version = name[1..name.find("__").unwrap()].parse().unwrap();
            (version, p)
        })
        .collect();
    migrations.sort();
    let mut script = String::from("BEGIN;\n");
    for (_, p) in &migrations {
        script += &fs::read_to_string(p).unwrap();
    }
    script += "COMMIT;\n";
    script += &shell_import::script();
    let shell = w.path("shell.db");
    sqlite3(&shell, &mini_seeds(), &script);
    let tables = ["facts", "evidence"]
        .into_iter()
        .chain(SEED_FILES.iter().map(|f| f.table));
    for t in tables {
        let query = format!(
            "attach '{}' as sh;\nselect (select count(*) from main.{t}), (select count(*) from sh.{t}), \
             (select count(*) from (select * from main.{t} except select * from sh.{t}));\n",
            shell.display()
        );
        let counts = sqlite3(&w.db(), w.dir.path(), &query);
        let counts: Vec<&str> = counts.trim().split('|').collect();
        assert_eq!(
            counts[0], counts[1],
            "{t}: rows in crisisdb's and the shell's"
        );
        assert_ne!(counts[0], "0", "{t}");
        assert_eq!(counts[2], "0", "{t}: rows of crisisdb's not in the shell's");
    }
}

/// Builds a copy of the mini seeds whose quote row is `quote` (after the header).
fn build_with_quote(quote: &str) -> crate::util::Run {
    let w = Workdir::new();
    let seeds = w.path("seeds");
    copy_dir(&mini_seeds(), &seeds);
    edit(
        &seeds.join("quotes.csv"),
        "q-1,gustavo-petro,We will not kneel,en,2025-10-20,approximate,,,,,x-3",
        quote,
    );
    w.run(&["build", "--seeds", seeds.to_str().unwrap()])
}

#[test]
fn an_evidence_role_says_what_the_excerpt_supports() {
    // x-1 (`President Gustavo Petro said on Monday`) dates the quote; x-3 states it
    let out = build_with_quote(
        "q-1,gustavo-petro,We will not kneel,en,2025-10-20,approximate,,,,,x-3;x-1@date",
    );
    out.ok();
    // a role the vocabulary does not list, named with file, line, field and value
    build_with_quote("q-1,gustavo-petro,We will not kneel,en,2025-10-20,approximate,,,,,x-3@dated")
        .fails(
            1,
            &["quotes.csv:2: evidence = \"x-3@dated\": unknown role after `@`; use one of context, date, place, speaker, states"],
        );
    // the words must be in an excerpt that states them, not one that only dates them
    build_with_quote(
        "q-1,gustavo-petro,We will not kneel,en,2025-10-20,approximate,,,,,x-3@date;x-1",
    )
    .fails(
        1,
        &["quotes.csv:2: words = \"We will not kneel\": does not occur word for word in the excerpts that state it (x-1)"],
    );
    // one excerpt named twice with two roles
    build_with_quote(
        "q-1,gustavo-petro,We will not kneel,en,2025-10-20,approximate,,,,,x-3;x-3@date",
    )
    .fails(
        1,
        &["quotes.csv:2: evidence = \"x-3@date\": excerpt x-3 is named twice, as states and as date"],
    );
}
