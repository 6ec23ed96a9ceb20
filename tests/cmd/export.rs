//! `crisisdb export`: the bundle, its provenance, the Excel profile, and atomic replacement.

use std::fs;

use crate::util::{Workdir, from_excel, parse_csv};

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_bundle_has_every_table_and_view_and_a_manifest_that_hashes_them() {
    let w = Workdir::new().built();
    w.run(&["export", "bundle"]).ok();
    let b = w.path("bundle");
    for t in [
        "events",
        "excerpts",
        "sources",
        "quotes",
        "disputes",
        "data_notes",
    ] {
        assert!(b.join(format!("tables/{t}.csv")).exists(), "{t}");
    }
    for v in ["timeline", "fact_evidence", "fact_citations", "actor_names"] {
        assert!(b.join(format!("views/{v}.csv")).exists(), "{v}");
    }
    let events = parse_csv(&fs::read_to_string(b.join("tables/events.csv")).unwrap());
    let n: usize = w.csv("select count(*) from events")[1][0].parse().unwrap();
    assert_eq!(events.len() - 1, n);
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(b.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_object().unwrap();
    assert!(files.len() > 30);
    for (rel, hash) in files {
        assert_eq!(
            sha256(&fs::read(b.join(rel)).unwrap()),
            hash.as_str().unwrap(),
            "{rel}"
        );
    }
    // the seed files' hashes are those of the repository's seeds
    let seed = &manifest["seed_files"]["events.csv"];
    let repo = sha256(&fs::read(crate::util::repo_seeds().join("events.csv")).unwrap());
    assert_eq!(seed.as_str().unwrap(), repo);
    assert!(manifest["schema_version"].as_i64().unwrap() >= 3);
    assert_eq!(manifest["command"][1], "--db");
    assert!(manifest["exported_at"].as_str().unwrap().starts_with("20"));
    // the data package describes fields with the documented meaning
    let pkg: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(b.join("datapackage.json")).unwrap()).unwrap();
    let events_res = pkg["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "events")
        .unwrap();
    let start = events_res["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "start_date")
        .unwrap();
    assert_eq!(start["type"], "date");
    assert_eq!(start["description"], "first possible day it occurred");
    assert!(!pkg["licenses"].as_array().unwrap().is_empty());
}

#[test]
fn without_excel_the_csv_is_byte_faithful() {
    let w = Workdir::new().built();
    w.run(&["export", "bundle"]).ok();
    let from_export = fs::read_to_string(w.path("bundle/tables/quotes.csv")).unwrap();
    let from_sql = w
        .run(&["sql", "select * from quotes", "--format", "csv"])
        .ok();
    assert_eq!(from_export, from_sql);
    assert!(!from_export.starts_with('\u{feff}'));
}

#[test]
fn the_excel_profile_round_trips_and_neutralises_formulas() {
    let w = Workdir::new().built();
    // a value that a spreadsheet would run, and one that looks numeric
    w.run(&[
        "sql",
        "update actors set description = '=HYPERLINK(\"http://x\")' where id = 'gustavo-petro'",
        "--write",
    ])
    .ok();
    w.run(&[
        "sql",
        "update actors set description = '007' where id = 'donald-trump'",
        "--write",
    ])
    .ok();
    w.run(&["export", "xl", "--excel"]).ok();
    let bytes = fs::read(w.path("xl/tables/actors.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    assert!(bytes.windows(2).any(|p| p == b"\r\n"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let rows = parse_csv(&text);
    let db = w.csv("select * from actors");
    assert_eq!(rows.len(), db.len());
    for (x, d) in rows.iter().zip(&db) {
        for (cell, value) in x.iter().zip(d) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || cell.starts_with("=\""),
                "unescaped: {cell}"
            );
            assert_eq!(&from_excel(cell), value);
        }
    }
    let formula = r#"="=HYPERLINK(""http://x"")""#;
    assert!(rows.iter().flatten().any(|c| c == formula));
    assert!(rows.iter().flatten().any(|c| c == "=\"007\""));
}

#[test]
fn a_non_empty_folder_needs_force_and_only_an_earlier_bundle_is_replaced_whole() {
    let w = Workdir::new().built();
    fs::create_dir(w.path("out")).unwrap();
    fs::write(w.path("out/keep.txt"), "mine").unwrap();
    w.run(&["export", "out"])
        .fails(1, &["exists and is not empty", "--force"]);
    w.run(&["export", "out", "--force"]).fails(
        1,
        &["out is not an earlier crisisdb export", "no manifest.json"],
    );
    assert_eq!(fs::read_to_string(w.path("out/keep.txt")).unwrap(), "mine");
    fs::remove_file(w.path("out/keep.txt")).unwrap();
    // an empty folder needs no --force
    w.run(&["export", "out"]).ok();
    let schema = fs::read_to_string(w.path("out/schema.sql")).unwrap();
    assert!(schema.contains("CREATE TABLE"));
    fs::write(w.path("out/schema.sql"), "edited").unwrap();
    w.run(&["export", "out", "--force"]).ok();
    assert_eq!(
        fs::read_to_string(w.path("out/schema.sql")).unwrap(),
        schema
    );
    let stray: Vec<_> = fs::read_dir(w.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn run_and_sql_take_the_excel_profile_to_a_file() {
    let w = Workdir::new().built();
    w.run(&["run", "sources", "--excel", "--output", "s.csv"])
        .ok();
    let bytes = fs::read(w.path("s.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFid,"));
    assert!(bytes.windows(2).any(|p| p == b"\r\n"));
}

/// Every file below `dir`, relative, sorted.
fn files_below(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                found.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn table_names_from_the_database_are_never_paths_or_script_lines() {
    let w = Workdir::new().built();
    w.change("create table \"../../x\" (a text)");
    w.change("insert into \"../../x\" values ('outside')");
    w.change("create table \"x\n.shell touch pwned\n\" (a text)");
    w.change("create table \"y\" (\"b\n.shell touch pwned2\n\" text)");
    fs::create_dir_all(w.path("deep/er")).unwrap();
    w.run(&["export", "deep/er/bundle"]).ok();
    let before = files_below(w.dir.path());
    // nothing beside the bundle, nothing named after the crafted tables
    assert!(
        before
            .iter()
            .all(|f| f.starts_with("deep/er/bundle/") || f.starts_with("crisis.db")),
        "{before:?}"
    );
    assert!(
        !before.iter().any(|f| {
            let name = f.rsplit('/').next().unwrap();
            name == "x.csv" || name == "y.csv" || f.contains("pwned")
        }),
        "{before:?}"
    );
    for script in ["import.sql", "import_postgres.sql", "schema.sql"] {
        let text = fs::read_to_string(w.path(&format!("deep/er/bundle/{script}"))).unwrap();
        assert!(!text.contains("pwned"), "{script} names a crafted table");
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with(".shell") || l.starts_with(".system")),
            "{script}"
        );
    }
    let manifest = fs::read_to_string(w.path("deep/er/bundle/manifest.json")).unwrap();
    assert!(!manifest.contains("pwned") && !manifest.contains("../"));
    // the import script, run as the README says, runs nothing and rebuilds the data
    if crate::util::require_program("sqlite3").is_some() {
        let mut shell = std::process::Command::new("sqlite3");
        shell
            .arg(w.path("fresh.db"))
            .current_dir(w.path("deep/er/bundle"));
        crate::util::Run::of(shell, Some(&w.read("deep/er/bundle/import.sql"))).ok();
        assert!(!w.path("deep/er/bundle/pwned").exists() && !w.path("pwned").exists());
    }

    // a crafted name documented in schema_docs is refused by name, and nothing is written
    w.change("insert into schema_docs values ('../../x', '', 'crafted')");
    w.run(&["export", "deep/er/second"])
        .fails(1, &["../../x", "not a plain identifier"]);
    assert!(!w.path("deep/er/second").exists());
    assert!(!w.path("x.csv").exists() && !w.path("deep/x.csv").exists());
}

#[test]
fn only_the_documented_tables_and_views_are_exported() {
    let w = Workdir::new().built();
    w.change("create table notes_of_mine (a text)");
    w.run(&["export", "bundle"]).ok();
    let exported: Vec<String> = files_below(&w.path("bundle"))
        .into_iter()
        .filter_map(|f| f.strip_suffix(".csv").map(String::from))
        .map(|f| f.rsplit('/').next().unwrap().to_string())
        .collect();
    let known = w.csv(
        "select name from sqlite_master where type in ('table', 'view') and sql not like 'CREATE VIRTUAL%' and (name in (select table_name from schema_docs) or name = 'refinery_schema_history') order by name",
    );
    let mut exported = exported;
    exported.sort();
    let known: Vec<String> = known[1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(exported, known);
    assert!(!exported.contains(&"notes_of_mine".to_string()));
}
