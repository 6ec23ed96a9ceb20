//! Properties of the output formats, on generated tables: whatever a table holds, exporting it
//! with `crisisdb sql "select * from T"` and reading the result back gives the same values.

use std::collections::HashSet;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rusqlite::types::Value;

use crate::util::{Workdir, parse_csv};

/// What `--null` writes for NULL; generated text never equals it.
const NULL: &str = "<NULL>";

/// Pieces that break naive writers: quotes, commas, every line end, tabs, non-ASCII, a leading
/// formula sign, a backslash.
const BREAKERS: &[&str] = &[
    "\"",
    ",",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "é",
    "Bogotá «sí»",
    "日本語",
    "🙂",
    "=1+1",
    "\\",
];

/// Text made of the pieces that break naive writers (quotes, commas, every line end, tabs,
/// non-ASCII, a leading formula sign) mixed with arbitrary text.
fn tricky_text() -> impl Strategy<Value = String> {
    // each breaker as likely as each of the two arbitrary kinds
    let piece = prop_oneof![
        BREAKERS.len() as u32 => prop::sample::select(BREAKERS).prop_map(str::to_string),
        1 => "[a-z0-9]{1,6}",
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(Value::Integer),
        any::<f64>()
            .prop_filter("SQLite stores NaN as NULL", |f| !f.is_nan())
            .prop_map(Value::Real),
        tricky_text().prop_map(Value::Text),
    ]
}

/// A table: distinct column names (SQLite folds ASCII case) and rows of any values.
fn table() -> impl Strategy<Value = (Vec<String>, Vec<Vec<Value>>)> {
    let name = tricky_text().prop_filter("a usable column name", |n| {
        !n.is_empty() && !n.contains('\0')
    });
    prop::collection::vec(name, 1..5)
        .prop_filter("distinct names", |names| {
            let folded: HashSet<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
            folded.len() == names.len()
        })
        .prop_flat_map(|names| {
            let width = names.len();
            let rows = prop::collection::vec(prop::collection::vec(value(), width), 0..6);
            (Just(names), rows)
        })
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Replaces table `t` of the workdir's database with `names` and `rows`; gives the rows as
/// SQLite stores them.
fn store(w: &Workdir, names: &[String], rows: &[Vec<Value>]) -> Vec<Vec<Value>> {
    let conn = rusqlite::Connection::open(w.db()).unwrap();
    let columns: Vec<String> = names.iter().map(|n| quoted(n)).collect();
    conn.execute_batch(&format!(
        "DROP TABLE IF EXISTS t; CREATE TABLE t ({})",
        columns.join(", ")
    ))
    .unwrap();
    let marks = vec!["?"; names.len()].join(", ");
    let mut insert = conn
        .prepare(&format!("INSERT INTO t VALUES ({marks})"))
        .unwrap();
    for row in rows {
        insert.execute(rusqlite::params_from_iter(row)).unwrap();
    }
    let mut select = conn.prepare("SELECT * FROM t ORDER BY rowid").unwrap();
    select
        .query_map([], |r| {
            (0..names.len()).map(|i| r.get::<_, Value>(i)).collect()
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Whether a cell read back from CSV or TSV is `value`.
fn same(cell: &str, value: &Value) -> bool {
    match value {
        Value::Null => cell == NULL,
        Value::Integer(i) => cell == i.to_string(),
        Value::Real(f) => cell.parse::<f64>() == Ok(*f),
        Value::Text(s) => cell == s,
        Value::Blob(_) => unreachable!("no blobs are generated"),
    }
}

/// A property runner that tries `cases` generated inputs (each runs crisisdb, so few).
fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        ..Config::default()
    })
}

#[test]
fn any_table_exported_as_csv_reads_back_the_same() {
    let w = Workdir::new().built();
    let mut runner = runner(24);
    runner
        .run(&table(), |(names, rows)| {
            let stored = store(&w, &names, &rows);
            let out = w
                .run(&["sql", "select * from t", "--format", "csv", "--null", NULL])
                .ok();
            let back = parse_csv(&out);
            prop_assert_eq!(&back[0], &names);
            prop_assert_eq!(back.len() - 1, stored.len());
            for (got, want) in back[1..].iter().zip(&stored) {
                prop_assert_eq!(got.len(), want.len());
                for (cell, value) in got.iter().zip(want) {
                    prop_assert!(same(cell, value), "{cell:?} is not {value:?}");
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn any_text_round_trips_through_csv_tsv_json_and_jsonl() {
    let w = Workdir::new().built();
    let mut runner = runner(32);
    let texts = prop::collection::vec(tricky_text(), 1..4);
    runner
        .run(&texts, |texts| {
            let rows: Vec<Vec<Value>> =
                texts.iter().map(|t| vec![Value::Text(t.clone())]).collect();
            store(&w, &["words".to_string()], &rows);
            let sql = "select words from t order by rowid";
            let run = |format: &str| w.run(&["sql", sql, "--format", format]).ok();
            // csv and tsv: RFC 4180 quoting, with a comma or a tab between fields
            for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
                let out = run(format);
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .from_reader(out.as_bytes());
                let back: Vec<String> = reader
                    .records()
                    .map(|r| r.unwrap()[0].to_string())
                    .collect();
                prop_assert_eq!(&back, &texts, "{}", format);
            }
            let json: Vec<serde_json::Value> = serde_json::from_str(&run("json")).unwrap();
            let back: Vec<&str> = json.iter().map(|o| o["words"].as_str().unwrap()).collect();
            prop_assert_eq!(&back, &texts);
            let jsonl = run("jsonl");
            let back: Vec<String> = jsonl
                .lines()
                .map(|l| {
                    let o: serde_json::Value = serde_json::from_str(l).unwrap();
                    o["words"].as_str().unwrap().to_string()
                })
                .collect();
            prop_assert_eq!(&back, &texts);
            Ok(())
        })
        .unwrap();
}
