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
