//! The database in the real sqlite3 shell and the real Datasette. A missing program skips the
//! test with a message by hand, and fails it under CI (`.ci/run` installs both).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Run, Workdir, parse_csv, require_program};

/// The sqlite3 shell in CSV mode with headers, stopping at the first error, fed `script`.
fn sqlite3(db: &Path, script: &str) -> Run {
    let mut shell = Command::new("sqlite3");
    shell.args(["-bail", "-csv", "-header"]).arg(db);
    Run::of(shell, Some(script.as_bytes()))
}

/// Parameters for the canned queries that need one, as the sqlite3 shell sets them.
const SHELL_PARAMS: &str =
    ".param set :actor 'Petro'\n.param set :event 'e-001'\n.param set :q 'tariffs'\n";

#[test]
fn sqlite3_opens_the_database_and_runs_every_view_and_canned_query() {
    if require_program("sqlite3").is_none() {
        return;
    }
    let w = Workdir::new().built();
    let out = sqlite3(
        &w.db(),
        "pragma integrity_check;\npragma foreign_key_check;\n",
    )
    .ok();
    assert_eq!(out.trim(), "integrity_check\nok");
    let views = w.csv("select name from sqlite_master where type = 'view' order by name");
    for v in &views[1..] {
        let out = sqlite3(&w.db(), &format!("select * from {};\n", v[0])).ok();
        assert!(
            parse_csv(&out).len() > 1,
            "view {} has no rows in sqlite3",
            v[0]
        );
    }
    let sql_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sql");
    let mut n = 0;
    for e in fs::read_dir(&sql_dir).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "sql") {
            continue;
        }
        let sql = fs::read_to_string(&p).unwrap();
        let out = sqlite3(&w.db(), &format!("{SHELL_PARAMS}{sql}\n")).ok();
        assert!(
            parse_csv(&out).len() > 1,
            "{} returned no rows in sqlite3",
            p.display()
        );
        n += 1;
    }
    assert!(n >= 12);
}

#[test]
fn the_bundle_reimports_with_the_sqlite3_shell() {
    if require_program("sqlite3").is_none() {
        return;
    }
    let w = Workdir::new().built();
    w.run(&["export", "bundle"]).ok();
    let fresh = w.path("fresh.db");
    let mut shell = Command::new("sqlite3");
    shell.arg(&fresh).current_dir(w.path("bundle"));
    Run::of(shell, Some(&w.read("bundle/import.sql"))).ok();
    let tables = w.csv("select name from sqlite_master where type = 'table' and name not glob 'sqlite_*' and name not glob '*_fts*'");
    for t in &tables[1..] {
        let sql = format!("select * from {} order by 1, 2", t[0]);
        let original = w.run(&["sql", &sql, "--format", "jsonl"]).ok();
        let again = w.run_db(&fresh, &["sql", &sql, "--format", "jsonl"]).ok();
        assert_eq!(original, again, "table {} differs after re-import", t[0]);
    }
    // and the re-imported full-text index answers
    let found = w
        .run_db(&fresh, &["search", "tariffs", "--format", "csv"])
        .ok();
    assert!(parse_csv(&found).len() > 2);
}

fn datasette() -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/datasette");
    if local.is_file() {
        return Some(local);
    }
    require_program("datasette")
}

fn get(datasette: &Path, w: &Workdir, path: &str) -> String {
    let mut get = Command::new(datasette);
    get.arg(w.db())
        .args(["-m", "metadata.json", "--get", path])
        .current_dir(w.dir.path());
    Run::of(get, None).ok()
}

#[test]
fn datasette_serves_every_canned_query_and_the_descriptions() {
    let Some(ds) = datasette() else {
        return;
    };
    let w = Workdir::new().built();
    w.run(&["export", "--datasette", "metadata.json"]).ok();
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(w.path("metadata.json")).unwrap()).unwrap();
    let queries = meta["databases"]["crisis"]["queries"].as_object().unwrap();
    assert!(queries.len() >= 12);
    for name in queries.keys() {
        let path = format!("/crisis/{name}.json?_shape=array&actor=Petro&event=e-001&q=tariffs");
        let rows: Vec<serde_json::Value> =
            serde_json::from_str(&get(&ds, &w, &path)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!rows.is_empty(), "{name} returned no rows in Datasette");
    }
    let page = get(&ds, &w, "/crisis/events");
    assert!(
        page.contains("One row per happening"),
        "table description missing"
    );
    assert!(
        page.contains("first possible day it occurred"),
        "column description missing"
    );
    // the search box works on the article texts
    let found = get(&ds, &w, "/crisis/sources.json?_search=cocaine&_shape=array");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&found).unwrap();
    assert!(!rows.is_empty());
}
