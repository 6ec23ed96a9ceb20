//! `crisisdb migrate`: a database built by the released crisisdb 0.1.0 (schema V1-V3, the
//! fixture `tests/fixtures/release-0.1.0.db`) migrates to the latest schema and answers as it
//! did; a SQLite file that crisisdb did not build is refused and left as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite::types::Value;

use crate::util::Workdir;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The versions of the migrations in the repository's migrations folder, in order.
fn migration_versions() -> Vec<i64> {
    let mut v: Vec<i64> = fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            let (version, _) = name.strip_prefix('V')?.split_once("__")?;
            version.parse().ok()
        })
        .collect();
    v.sort();
    v
}

/// Every table and view of a database (but the history and the full-text index, which is
/// rebuilt) as its column names and its rows, each value with its type, in sorted order.
type Contents = BTreeMap<String, (Vec<String>, Vec<Vec<String>>)>;

fn contents(path: &Path) -> Contents {
    let conn = Connection::open(path).unwrap();
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')
               AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'
               AND name <> 'refinery_schema_history' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = BTreeMap::new();
    for name in names {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let n = columns.len();
        let mut rows: Vec<Vec<String>> = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, Value>(i).map(|v| format!("{v:?}")))
                    .collect()
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.insert(name, (columns, rows));
    }
    out
}

fn schema(path: &Path) -> Vec<(String, String, Option<String>)> {
    let conn = Connection::open(path).unwrap();
    conn.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn versions(path: &Path) -> Vec<i64> {
    let conn = Connection::open(path).unwrap();
    conn.prepare("SELECT version FROM refinery_schema_history ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A copy of the release's database in a fresh folder.
fn release_copy() -> (Workdir, PathBuf) {
    let w = Workdir::new();
    fs::copy(fixtures().join("release-0.1.0.db"), w.db()).unwrap();
    let db = w.db();
    (w, db)
}

#[test]
fn a_database_of_the_release_migrates_to_the_latest_schema_and_answers_as_before() {
    let (w, db) = release_copy();
    assert_eq!(
        versions(&db),
        [1, 2, 3],
        "the fixture has the release's schema"
    );
    let before = contents(&db);
    let indexes = |path: &Path| -> Vec<String> {
        schema(path)
            .into_iter()
            .filter(|(kind, _, sql)| kind == "index" && sql.is_some())
            .map(|(_, name, _)| name)
            .collect()
    };
    let release_indexes = indexes(&db);
    // a query on the old schema says what to do
    w.run(&["sql", "select 1"])
        .fails(1, &["schema version 3", "migrate"]);

    let latest = migration_versions();
    let out = w.run(&["migrate"]);
    out.ok();
    let last = latest.last().unwrap();
    assert!(
        out.stderr()
            .contains(&format!("at schema version {last} (it was at 3)")),
        "{}",
        out.stderr()
    );
    assert_eq!(versions(&db), latest);
    let kept = indexes(&db);
    for index in &release_indexes {
        assert!(kept.contains(index), "index {index} is gone: {kept:?}");
    }

    // every table and view answers as it did, in the columns it had (new columns may follow);
    let after = contents(&db);
    for (name, (columns, rows)) in &before {
        let (new_columns, new_rows) = after.get(name).unwrap_or_else(|| panic!("{name} is gone"));
        assert_eq!(&new_columns[..columns.len()], &columns[..], "{name}");
        // schema_docs keeps every table and column it documented; descriptions may change
        let width = if name == "schema_docs" {
            2
        } else {
            columns.len()
        };
        let rows: &Vec<Vec<String>> = &rows.iter().map(|r| r[..width].to_vec()).collect();
        let kept: Vec<Vec<String>> = new_rows.iter().map(|r| r[..width].to_vec()).collect();
        let lost: Vec<_> = rows.iter().filter(|r| !kept.contains(r)).collect();
        let gained: Vec<_> = kept.iter().filter(|r| !rows.contains(r)).collect();
        assert!(lost.is_empty(), "{name} lost rows in migrating: {lost:?}");
        // a migration may add vocabulary (a new domain's values, as V6's evidence_role)
        if name != "schema_docs" && name != "vocabulary" {
            assert!(
                gained.is_empty(),
                "{name} gained rows in migrating: {gained:?}"
            );
            assert_eq!(&kept, rows, "{name}");
        }
    }
    assert!(
        !before["disputed_facts"].1.is_empty() && !before["timeline"].1.is_empty(),
        "the fixture has disputed facts and events to compare"
    );

    // and it is the database this crisisdb builds from the same seeds, but for how it was built
    let fresh = w.path("fresh.db");
    w.run_db(
        &fresh,
        &[
            "build",
            "-q",
            "--seeds",
            fixtures().join("mini-seeds").to_str().unwrap(),
        ],
    )
    .ok();
    assert_eq!(schema(&db), schema(&fresh));
    let mut built = contents(&fresh);
    let mut migrated = after;
    built.remove("build_info");
    migrated.remove("build_info");
    assert_eq!(migrated, built);
    let check = w.run(&["check"]);
    let fresh_check = w.run_db(&fresh, &["check"]);
    assert_eq!(check.stdout(), fresh_check.stdout());
    assert_eq!(check.code(), fresh_check.code());
    for line in [
        "integrity_check               ok",
        "foreign key violations        0",
        "facts without evidence        0",
        "excerpts not at their offsets 0",
    ] {
        assert!(check.stdout().contains(line), "{}", check.stdout());
    }
    let timeline = ["run", "timeline", "--format", "csv"];
    assert_eq!(w.run(&timeline).ok(), w.run_db(&fresh, &timeline).ok());

    // migrating again changes nothing
    let bytes = fs::read(&db).unwrap();
    let again = w.run(&["migrate"]);
    again.ok();
    assert!(again.stderr().contains(&format!("(it was at {last})")));
    assert_eq!(fs::read(&db).unwrap(), bytes);
}

#[test]
fn vocabulary_is_the_one_list_of_allowed_values() {
    let (w, db) = release_copy();
    w.run(&["migrate"]).ok();
    let write = |sql: &str| w.run(&["sql", "--write", sql]);
    write("update events set type = 'blockade'")
        .fails(1, &["events.type is not a value of vocabulary event_type"]);
    write("insert into event_actors (event_id, actor_id, role) values ('e-2', 'us-navy', 'hero')")
        .fails(
            1,
            &["event_actors.role is not a value of vocabulary actor_role"],
        );
    // a nullable column stays nullable
    write("update aid set qualifier = NULL").ok();
    // one row of vocabulary is all a new value takes
    write(
        "insert into vocabulary (domain, value, description, label) \
         values ('event_type', 'blockade', 'ships stopped at sea', 'blockade'); \
         update events set type = 'blockade' where id = 'e-2'",
    )
    .ok();
    assert_eq!(
        w.csv("select id, type from events order by id"),
        [["id", "type"], ["e-1", "aid_cut"], ["e-2", "blockade"]]
    );

    // what the report shows of each value: a label for every value; a family, its colour
    // and a lane for every event type the release knew
    let conn = Connection::open(&db).unwrap();
    let bad: i64 = conn
        .query_row(
            "SELECT count(*) FROM vocabulary WHERE label IS NOT replace(value, '_', ' ')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad, 0);
    let (types, lanes, families, colours): (i64, i64, i64, i64) = conn
        .query_row(
            "SELECT count(*), count(DISTINCT sort_order), count(DISTINCT family),
                    count(DISTINCT colour)
               FROM vocabulary WHERE domain = 'event_type' AND value <> 'blockade'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((lanes, families, colours), (types, 6, 6));
    let (min, max): (i64, i64) = conn
        .query_row(
            "SELECT min(sort_order), max(sort_order) FROM vocabulary WHERE domain = 'event_type'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((min, max), (0, types - 1));
}

#[test]
fn migrate_refuses_a_sqlite_file_that_crisisdb_did_not_build() {
    let w = Workdir::new();
    let other = w.path("notes.db");
    {
        let conn = Connection::open(&other).unwrap();
        conn.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
             INSERT INTO notes (body) VALUES ('keep me');",
        )
        .unwrap();
    }
    let empty = w.path("empty.db");
    fs::write(&empty, b"").unwrap();
    let text = w.path("text.db");
    fs::write(&text, b"not a database at all\n").unwrap();
    for (path, words) in [
        (&other, "is not a crisisdb database"),
        (&empty, "is not a crisisdb database"),
        (&text, "file is not a database"),
    ] {
        let bytes = fs::read(path).unwrap();
        let shown = path.display().to_string();
        w.run_db(path, &["migrate"]).fails(1, &[&shown, words]);
        assert_eq!(fs::read(path).unwrap(), bytes, "{shown} was changed");
    }
}
