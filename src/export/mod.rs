//! The export bundle: every table and view as CSV, the schema, a sqlite3 script and a
//! PostgreSQL script that rebuild the database from the CSVs, a Frictionless Data Package,
//! Datasette metadata and a provenance manifest. Written into a temporary folder that is
//! renamed into place whole (`fsutil::ReplacementDir`); a folder is replaced only if it is
//! empty or an earlier bundle.
//!
//! Only the tables and views crisisdb documents in `schema_docs` are exported, and their
//! names must be plain identifiers: a name read from the database becomes a file name and a
//! word in a script, so a table someone added (`../../x`, a name holding a newline and a
//! `.shell` line) is never written out.

mod datapackage;
mod datasette;
mod postgres;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::Connection;
use serde_json::{Value as Json, json};

use crate::fsutil;
use crate::output;
use crate::query::{self, Canned};
use crate::seeds::sha256_hex;

pub use datasette::datasette_metadata;

/// A table or view of the database, with its documented columns and constraints.
pub struct Object {
    pub name: String,
    pub kind: String,
    pub description: String,
    pub columns: Vec<Column>,
    /// single-column foreign keys: (column, table, column)
    pub foreign_keys: Vec<(String, String, String)>,
    /// UNIQUE constraints over more than one column
    pub unique_keys: Vec<Vec<String>>,
    /// its CREATE statement
    pub sql: String,
}

pub struct Column {
    pub name: String,
    pub ty: String,
    pub pk: i64,
    pub not_null: bool,
    pub description: String,
    /// an ISO 8601 day: the table checks `date(c) IS c`
    pub date: bool,
    /// the column alone is UNIQUE
    pub unique: bool,
    /// the vocabulary domain the column's values come from, with its values
    pub vocabulary: Option<Vocabulary>,
}

impl Column {
    /// The column's SQLite type affinity (its declared type read by SQLite's rules), or `ANY`.
    pub fn affinity(&self) -> &'static str {
        let t = self.ty.as_str();
        if t == "ANY" {
            "ANY"
        } else if t.contains("INT") {
            "INTEGER"
        } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
            "TEXT"
        } else if t.is_empty() || t.contains("BLOB") {
            "BLOB"
        } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
            "REAL"
        } else {
            "NUMERIC"
        }
    }
}

/// A vocabulary domain and its values.
pub type Vocabulary = (String, Vec<String>);

/// A full-text index: its name, the table it indexes and the indexed columns.
pub struct Fts {
    pub name: String,
    pub content: String,
    pub columns: Vec<String>,
}

/// A name usable as a file name and, quoted, in any script: letters, digits and `_`.
fn plain_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The tables and views an export covers, tables first: those `schema_docs` documents.
pub fn objects(conn: &Connection) -> Result<Vec<Object>> {
    let listed: Vec<(String, String, String, String)> = conn
        .prepare(include_str!("../../sql/internal/export_objects.sql"))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let vocabulary = vocabulary_columns(conn)?;
    let mut cols = conn.prepare(include_str!("../../sql/internal/export_columns.sql"))?;
    let mut list = Vec::new();
    for (name, kind, description, sql) in listed {
        if !plain_name(&name) {
            bail!(
                "{kind} {name:?} is documented in schema_docs but its name is not a plain identifier (letters, digits, _); it cannot be exported"
            );
        }
        let mut o = Object {
            name,
            kind,
            description,
            columns: Vec::new(),
            foreign_keys: Vec::new(),
            unique_keys: Vec::new(),
            sql,
        };
        let mut unique_single = Vec::new();
        if o.kind == "table" {
            o.foreign_keys = conn
                .prepare("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq")?
                .query_map([&o.name], |r| {
                    let (from, table, to): (String, String, Option<String>) =
                        (r.get(0)?, r.get(1)?, r.get(2)?);
                    Ok((from.clone(), table, to.unwrap_or(from)))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let uniques: Vec<String> = conn
                .prepare("SELECT (SELECT json_group_array(name) FROM (SELECT name FROM pragma_index_info(i.name) ORDER BY seqno)) FROM pragma_index_list(?1) i WHERE i.origin = 'u' ORDER BY i.name")?
                .query_map([&o.name], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for u in uniques {
                let key: Vec<String> = serde_json::from_str(&u)?;
                if key.len() == 1 {
                    unique_single.push(key[0].clone());
                } else {
                    o.unique_keys.push(key);
                }
            }
        }
        o.columns = cols
            .query_map(&[(":table", &o.name)], |r| {
                let name: String = r.get(0)?;
                Ok(Column {
                    date: false,
                    unique: false,
                    vocabulary: None,
                    ty: r.get(1)?,
                    pk: r.get(2)?,
                    not_null: r.get(3)?,
                    description: r.get(4)?,
                    name,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        for c in &mut o.columns {
            if !plain_name(&c.name) {
                bail!(
                    "column {:?} of {} is not a plain identifier (letters, digits, _); it cannot be exported",
                    c.name,
                    o.name
                );
            }
            c.unique = unique_single.contains(&c.name);
            c.vocabulary = vocabulary.get(&(o.name.clone(), c.name.clone())).cloned();
            c.date = if o.kind == "table" {
                o.sql.contains(&format!("date({0}) IS {0}", c.name))
            } else {
                // a view's column of a date-like name holds a table's day
                matches!(c.ty.as_str(), "TEXT" | "") && is_date_name(&c.name)
            };
        }
        list.push(o);
    }
    Ok(list)
}

/// A view column's name that says it holds a day.
fn is_date_name(name: &str) -> bool {
    name.ends_with("_date")
        || ((name.ends_with("_start") || name.ends_with("_end")) && !name.starts_with("char_"))
}

/// (table, column) -> (vocabulary domain, its values), read from the triggers that enforce it.
fn vocabulary_columns(conn: &Connection) -> Result<BTreeMap<(String, String), Vocabulary>> {
    const NEEDLE: &str = " is not a value of vocabulary ";
    let triggers: Vec<String> = conn
        .prepare(include_str!(
            "../../sql/internal/export_vocabulary_columns.sql"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut values =
        conn.prepare("SELECT value FROM vocabulary WHERE domain = ?1 ORDER BY value")?;
    let mut map = BTreeMap::new();
    for sql in triggers {
        for (i, _) in sql.match_indices(NEEDLE) {
            let column = sql[..i].rsplit('\'').next().unwrap_or_default();
            let domain: String = sql[i + NEEDLE.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let Some((table, column)) = column.split_once('.') else {
                continue;
            };
            let list: Vec<String> = values
                .query_map([&domain], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            map.insert((table.to_string(), column.to_string()), (domain, list));
        }
    }
    Ok(map)
}

/// The full-text indexes crisisdb documents, read from their CREATE statements.
pub fn fts_indexes(conn: &Connection) -> Result<Vec<Fts>> {
    let tables: Vec<(String, String)> = conn
        .prepare(include_str!("../../sql/internal/export_fts.sql"))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut list = Vec::new();
    for (name, sql) in tables {
        let Some(content) = fts_option(&sql, "content") else {
            continue;
        };
        let columns: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
            .query_map([&name], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if !(plain_name(&name) && plain_name(&content) && columns.iter().all(|c| plain_name(c))) {
            bail!("full-text index {name:?} has a name that is not a plain identifier");
        }
        list.push(Fts {
            name,
            content,
            columns,
        });
    }
    Ok(list)
}

/// The value of option `key` (`content = 'excerpts'`, `content="excerpts"`) of an FTS5
/// CREATE VIRTUAL TABLE statement.
fn fts_option(sql: &str, key: &str) -> Option<String> {
    let args = &sql[sql.find('(')? + 1..sql.rfind(')')?];
    args.split(',').find_map(|arg| {
        let (k, v) = arg.split_once('=')?;
        (k.trim().eq_ignore_ascii_case(key)).then(|| {
            v.trim()
                .trim_matches(|c| matches!(c, '\'' | '"' | '`' | '[' | ']'))
                .to_string()
        })
    })
}

const TITLE: &str = "crisisdb: the 2025-26 US-Colombia crisis";
const DESCRIPTION: &str = "A curated, provenance-checked dataset of the reporting on the 2025-26 US-Colombia crisis: events, actors, military assets, aid figures, other figures, quotes, disputes between the sources and data notes, each fact linked to the exact words of the article that states it.";
const LICENSE: &str = "The curated data is under the MIT license of crisisdb; the article texts remain their publishers' and are included so that every excerpt can be verified.";

/// `name` as a quoted SQL identifier, in SQLite and PostgreSQL alike.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The folder of an object's CSV within the bundle.
fn csv_path(o: &Object) -> String {
    let folder = if o.kind == "view" { "views" } else { "tables" };
    format!("{folder}/{}.csv", o.name)
}

/// Writes one object as CSV; returns its row count and the file's SHA-256, taken as it is
/// written (the file is not read back).
fn write_csv(conn: &Connection, o: &Object, path: &Path, excel: bool) -> Result<(u64, String)> {
    let file = fs::File::create(path).with_context(|| format!("writing {}", path.display()))?;
    let (file, hash) = crate::hashwrite::hashing(file);
    let opts = output::Options {
        excel,
        ..output::Options::default()
    };
    // the CSV sink buffers what it writes
    let mut sink = output::sink(Box::new(file), &opts)?;
    let sql = format!("SELECT * FROM {}", quote_ident(&o.name));
    let mut stmt = conn.prepare(&sql)?;
    let n = query::stream(&mut stmt, &[], sink.as_mut())
        .with_context(|| format!("exporting {}", o.name))?;
    drop(sink);
    Ok((n, hash.hex()))
}

/// A sqlite3 shell script that rebuilds the database from schema.sql and the table CSVs.
/// Every name in it is a plain identifier (`objects` refuses others), and quoted anyway.
fn import_script(objects: &[Object], fts: &[Fts]) -> String {
    let mut s = String::from(
        "-- Rebuilds the crisisdb database from this bundle with the sqlite3 shell (3.37 or newer):\n\
         --   cd BUNDLE && sqlite3 new.db < import.sql\n\
         -- CSV cannot tell an empty text from NULL: an empty cell is read back as NULL where\n\
         -- the column allows NULL (crisisdb stores no empty text there), else as ''.\n\
         .bail on\n.read schema.sql\n",
    );
    // vocabulary first: triggers check the other tables' enumerated columns against it
    let mut tables: Vec<&Object> = objects.iter().filter(|o| o.kind == "table").collect();
    tables.sort_by_key(|o| o.name != "vocabulary");
    for o in tables {
        let staging = format!("import_{}", o.name);
        let cols: Vec<String> = o.columns.iter().map(|c| quote_ident(&c.name)).collect();
        let values: Vec<String> = o
            .columns
            .iter()
            .map(|c| {
                // an empty cell is NULL where NULL is allowed; a NOT NULL column keeps ''
                let v = if c.not_null || c.pk > 0 {
                    quote_ident(&c.name)
                } else {
                    format!("nullif({}, '')", quote_ident(&c.name))
                };
                // ANY columns hold numbers in crisisdb; CSV made them text
                if c.affinity() == "ANY" {
                    format!("{v} + 0")
                } else {
                    v
                }
            })
            .collect();
        let _ = writeln!(
            s,
            ".import --csv '{}' '{staging}'\nINSERT INTO {} ({}) SELECT {} FROM {};\nDROP TABLE {};",
            csv_path(o),
            quote_ident(&o.name),
            cols.join(", "),
            values.join(", "),
            quote_ident(&staging),
            quote_ident(&staging),
        );
    }
    for f in fts {
        let name = quote_ident(&f.name);
        let _ = writeln!(s, "INSERT INTO {name} ({name}) VALUES ('rebuild');");
    }
    s
}

pub struct Options {
    pub excel: bool,
    pub force: bool,
    /// the command line that made the export, for the manifest
    pub command: Vec<String>,
}

/// Refuses to write the bundle to `dir` unless it is not there, is an empty folder, or (with
/// `force`) is an earlier bundle: a folder holding only files its crisisdb manifest lists.
/// Anything else would be deleted by the replacement.
fn replaceable(dir: &Path, force: bool) -> Result<()> {
    let dir = &fsutil::resolve(dir)?;
    let meta = match fs::metadata(dir) {
        Ok(m) => m,
        Err(_) => return Ok(()),
    };
    if !meta.is_dir() {
        bail!(
            "{} exists and is not a folder; name a folder to export to",
            dir.display()
        );
    }
    let empty = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    if !force {
        bail!(
            "{} exists and is not empty; pass --force to replace it (only an earlier crisisdb export is replaced)",
            dir.display()
        );
    }
    let refuse = |why: String| {
        anyhow::anyhow!(
            "{} is not an earlier crisisdb export ({why}); --force replaces only a bundle crisisdb wrote, so it was left untouched: name another folder",
            dir.display()
        )
    };
    let manifest: Json = fs::read(dir.join("manifest.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| refuse("it has no manifest.json written by crisisdb".into()))?;
    let listed = match (&manifest["files"], &manifest["dataset"]) {
        (Json::Object(files), Json::Object(_)) => files,
        _ => {
            return Err(refuse(
                "its manifest.json is not one crisisdb writes".into(),
            ));
        }
    };
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for e in fs::read_dir(dir.join(&rel))
            .with_context(|| format!("reading {}", dir.join(&rel).display()))?
        {
            let e = e?;
            let rel = rel.join(e.file_name());
            let name = rel.to_string_lossy().replace('\\', "/");
            let ty = e.file_type()?;
            if ty.is_dir() && BUNDLE_FOLDERS.contains(&name.as_str()) {
                stack.push(rel);
            } else if !(ty.is_file() && (name == "manifest.json" || listed.contains_key(&name))) {
                return Err(refuse(format!(
                    "it holds {name}, which its manifest does not list"
                )));
            }
        }
    }
    Ok(())
}

/// The folders of a bundle.
const BUNDLE_FOLDERS: [&str; 3] = ["tables", "views", "datasette"];

/// Writes the whole bundle to `dir`, atomically. Returns the files written.
pub fn write_bundle(
    conn: &Connection,
    dir: &Path,
    catalog: &BTreeMap<String, Canned>,
    db_name: &str,
    opts: &Options,
) -> Result<Vec<PathBuf>> {
    replaceable(dir, opts.force)?;
    let tmp = fsutil::ReplacementDir::new(dir)?;
    let root = tmp.path();
    for folder in BUNDLE_FOLDERS {
        fs::create_dir(root.join(folder))?;
    }

    let objects = objects(conn)?;
    let mut written: Vec<String> = Vec::new();
    let mut rows = BTreeMap::new();
    let mut hashes = serde_json::Map::new();
    for o in &objects {
        let rel = csv_path(o);
        let (n, hash) = write_csv(conn, o, &root.join(&rel), opts.excel)?;
        rows.insert(rel.clone(), n);
        hashes.insert(rel.clone(), json!(hash));
        written.push(rel);
    }
    let xlsx = "crisisdb.xlsx";
    let hash = output::xlsx::workbook(conn, &objects, &root.join(xlsx), csv_path)?;
    hashes.insert(xlsx.into(), json!(hash));
    written.push(xlsx.into());
    // the other files are made whole in memory (the largest, datapackage.json, is 0.5 MiB at
    // 100,000 events) and hashed from those bytes as they are written
    let mut put = |rel: &str, text: String| -> Result<()> {
        fs::write(root.join(rel), &text).with_context(|| format!("writing {rel}"))?;
        hashes.insert(rel.into(), json!(sha256_hex(text.as_bytes())));
        written.push(rel.into());
        Ok(())
    };
    let schema: Vec<String> = conn
        .prepare(include_str!("../../sql/internal/export_schema.sql"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    put("schema.sql", schema.join("\n\n") + "\n")?;
    let fts = fts_indexes(conn)?;
    // the scripts read the CSVs as they are: only the faithful profile's
    if !opts.excel {
        put("import.sql", import_script(&objects, &fts))?;
        put(
            "import_postgres.sql",
            postgres::load_script(&objects, &fts)?,
        )?;
    }
    let info: BTreeMap<String, String> = conn
        .prepare("SELECT key, value FROM build_info")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let package = datapackage::package(conn, &objects, &info, opts.excel)?;
    put(
        "datapackage.json",
        serde_json::to_string_pretty(&package)? + "\n",
    )?;
    let meta = datasette_metadata(conn, &objects, catalog, db_name)?;
    put(
        "datasette/metadata.json",
        serde_json::to_string_pretty(&meta)? + "\n",
    )?;
    // further formats of the whole bundle (one call each) go here, before the manifest:
    // through `put`, or hashed as they are written like the CSVs and the workbook
    let seed_files: Json = info
        .get("seed_files")
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Json::Null);
    let schema_version: i64 = conn
        .query_row(
            "SELECT coalesce(max(version), 0) FROM refinery_schema_history",
            [],
            |r| r.get(0),
        )
        .unwrap_or(0);
    let now = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let manifest = json!({
        "dataset": {
            "crisisdb_version": info.get("crisisdb_version"),
            "seeds_sha256": info.get("seeds_sha256"),
            "seeds_origin": info.get("seeds_origin"),
        },
        "schema_version": schema_version,
        "seed_files": seed_files,
        "files": hashes,
        "rows": rows,
        "profile": if opts.excel { "excel" } else { "faithful" },
        "command": opts.command,
        "exported_at": now,
    });
    fs::write(
        root.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)? + "\n",
    )?;
    written.push("manifest.json".into());

    // the finished bundle replaces `dir` in one rename; an old one is moved aside first
    tmp.commit()?;
    Ok(written.iter().map(|r| dir.join(r)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_fts_tables_content_option_is_read_however_it_is_quoted() {
        for sql in [
            "CREATE VIRTUAL TABLE e_fts USING fts5(text, content = 'excerpts', tokenize = 'unicode61')",
            "CREATE VIRTUAL TABLE e_fts USING fts5(text, content=\"excerpts\")",
            "CREATE VIRTUAL TABLE e_fts USING fts5(text, CONTENT=excerpts, content_rowid=rowid)",
        ] {
            assert_eq!(
                fts_option(sql, "content").as_deref(),
                Some("excerpts"),
                "{sql}"
            );
        }
        assert_eq!(
            fts_option("CREATE VIRTUAL TABLE f USING fts5(text)", "content"),
            None
        );
    }

    #[test]
    fn only_plain_identifiers_are_names_a_bundle_uses() {
        assert!(plain_name("actor_aliases"));
        for bad in ["", "../../x", "x\n.shell touch pwned", "a b", "a\"b", "é"] {
            assert!(!plain_name(bad), "{bad:?}");
        }
    }
}
