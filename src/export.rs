//! The export bundle: every table and view as CSV, the schema, a sqlite3 script that rebuilds
//! the database from the CSVs, a Frictionless Data Package, Datasette metadata and a
//! provenance manifest. Written into a temporary folder that is renamed into place whole
//! (`fsutil::ReplacementDir`); a folder is replaced only if it is empty or an earlier bundle.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::Connection;
use serde_json::{Value as Json, json};

use crate::fsutil;
use crate::output;
use crate::query::{self, Canned};
use crate::seeds::sha256_hex;

/// A table or view of the database, with its documented columns.
pub struct Object {
    pub name: String,
    pub kind: String,
    pub description: String,
    pub columns: Vec<Column>,
}

pub struct Column {
    pub name: String,
    pub ty: String,
    pub pk: i64,
    pub not_null: bool,
    pub description: String,
}

/// The tables and views an export covers, tables first.
pub fn objects(conn: &Connection) -> Result<Vec<Object>> {
    let mut list: Vec<Object> = conn
        .prepare(include_str!("../sql/internal/export_objects.sql"))?
        .query_map([], |r| {
            Ok(Object {
                name: r.get(0)?,
                kind: r.get(1)?,
                description: r.get(2)?,
                columns: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut cols = conn.prepare(include_str!("../sql/internal/export_columns.sql"))?;
    for o in &mut list {
        o.columns = cols
            .query_map(&[(":table", &o.name)], |r| {
                Ok(Column {
                    name: r.get(0)?,
                    ty: r.get(1)?,
                    pk: r.get(2)?,
                    not_null: r.get(3)?,
                    description: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(list)
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The folder of an object's CSV within the bundle.
fn csv_path(o: &Object) -> String {
    let folder = if o.kind == "view" { "views" } else { "tables" };
    format!("{folder}/{}.csv", o.name)
}

/// Writes one object as CSV; returns its row count.
fn write_csv(conn: &Connection, o: &Object, path: &Path, excel: bool) -> Result<u64> {
    let file = fs::File::create(path).with_context(|| format!("writing {}", path.display()))?;
    let opts = output::Options {
        excel,
        ..output::Options::default()
    };
    let mut sink = output::sink(Box::new(BufWriter::with_capacity(64 * 1024, file)), &opts)?;
    let sql = format!("SELECT * FROM {}", quote_ident(&o.name));
    let mut stmt = conn.prepare(&sql)?;
    query::stream(&mut stmt, &[], sink.as_mut()).with_context(|| format!("exporting {}", o.name))
}

/// A sqlite3 shell script that rebuilds the database from schema.sql and the table CSVs.
fn import_script(objects: &[Object]) -> String {
    let mut s = String::from(
        "-- Rebuilds the crisisdb database from this bundle with the sqlite3 shell:\n\
         --   cd BUNDLE && sqlite3 new.db < import.sql\n\
         -- CSV cannot tell an empty text from NULL: an empty cell is read back as NULL where\n\
         -- the column allows NULL (crisisdb stores no empty text there), else as ''.\n\
         .bail on\n.read schema.sql\n",
    );
    // vocabulary first: triggers check the other tables' enumerated columns against it
    let mut tables: Vec<&Object> = objects.iter().filter(|o| o.kind == "table").collect();
    tables.sort_by_key(|o| o.name != "vocabulary");
    for o in tables {
        let staging = quote_ident(&format!("import_{}", o.name));
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
                if c.ty == "ANY" { format!("{v} + 0") } else { v }
            })
            .collect();
        let _ = writeln!(
            s,
            ".import --csv {} {staging}\nINSERT INTO {} ({}) SELECT {} FROM {staging};\nDROP TABLE {staging};",
            csv_path(o),
            quote_ident(&o.name),
            cols.join(", "),
            values.join(", ")
        );
    }
    s.push_str(include_str!("../sql/internal/rebuild_fts.sql"));
    s
}

fn frictionless_type(c: &Column) -> &'static str {
    let is_date = c.name.ends_with("_date")
        || ((c.name.ends_with("_start") || c.name.ends_with("_end"))
            && !c.name.starts_with("char_"));
    match c.ty.as_str() {
        "INTEGER" => "integer",
        "REAL" | "ANY" => "number",
        "TEXT" if is_date => "date",
        "" => "any",
        _ => "string",
    }
}

/// A Frictionless Data Package describing the table CSVs.
fn datapackage(
    conn: &Connection,
    objects: &[Object],
    info: &BTreeMap<String, String>,
) -> Result<Json> {
    let mut resources = Vec::new();
    for o in objects {
        let fields: Vec<Json> = o
            .columns
            .iter()
            .map(|c| json!({"name": c.name, "type": frictionless_type(c), "description": c.description}))
            .collect();
        let mut schema = json!({"fields": fields, "missingValues": [""]});
        let pk: Vec<&str> = o
            .columns
            .iter()
            .filter(|c| c.pk > 0)
            .map(|c| c.name.as_str())
            .collect();
        if !pk.is_empty() {
            schema["primaryKey"] = json!(pk);
        }
        if o.kind == "table" {
            let fks: Vec<Json> = conn
                .prepare("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1)")?
                .query_map([&o.name], |r| {
                    let (from, table, to): (String, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
                    Ok(json!({"fields": from, "reference": {"resource": table, "fields": to.unwrap_or(from.clone())}}))
                })?
                .collect::<rusqlite::Result<_>>()?;
            if !fks.is_empty() {
                schema["foreignKeys"] = json!(fks);
            }
        }
        resources.push(json!({
            "name": o.name,
            "path": csv_path(o),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": o.description,
            "schema": schema,
        }));
    }
    let sources: Vec<Json> = conn
        .prepare("SELECT id, coalesce(title, file), outlet, author FROM sources ORDER BY id")?
        .query_map([], |r| {
            let (id, title, outlet, author): (String, String, Option<String>, Option<String>) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let mut s = json!({"title": format!("{id}: {title}")});
            if let Some(o) = outlet {
                s["publisher"] = json!(o);
            }
            if let Some(a) = author {
                s["author"] = json!(a);
            }
            Ok(s)
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(json!({
        "profile": "tabular-data-package",
        "name": "crisisdb",
        "title": TITLE,
        "description": DESCRIPTION,
        "version": info.get("crisisdb_version"),
        "licenses": [{"name": "MIT", "title": LICENSE}],
        "sources": sources,
        "resources": resources,
    }))
}

const TITLE: &str = "crisisdb: the 2025-26 US-Colombia crisis";
const DESCRIPTION: &str = "A curated, provenance-checked dataset of the reporting on the 2025-26 US-Colombia crisis: events, actors, military assets, aid figures, other figures, quotes, disputes between the sources and data notes, each fact linked to the exact words of the article that states it.";
const LICENSE: &str = "The curated data is under the MIT license of crisisdb; the article texts remain their publishers' and are included so that every excerpt can be verified.";

/// Datasette metadata: database description, every table and column described, the
/// full-text indexes declared, and every canned query with its title, description and params.
pub fn datasette_metadata(
    objects: &[Object],
    catalog: &BTreeMap<String, Canned>,
    db_name: &str,
) -> Json {
    let mut tables = serde_json::Map::new();
    for o in objects {
        let columns: serde_json::Map<String, Json> = o
            .columns
            .iter()
            .filter(|c| !c.description.is_empty())
            .map(|c| (c.name.clone(), json!(c.description)))
            .collect();
        let mut t = json!({"description": o.description, "columns": columns});
        if o.name == "sources" || o.name == "excerpts" {
            t["fts_table"] = json!(format!("{}_fts", o.name));
            t["fts_pk"] = json!("rowid");
        }
        tables.insert(o.name.clone(), t);
    }
    let queries: serde_json::Map<String, Json> = catalog
        .values()
        .map(|q| {
            let params: Vec<&str> = q.params.iter().map(|p| p.name.as_str()).collect();
            (
                q.name.clone(),
                json!({"sql": q.sql, "title": q.title, "description": q.description, "params": params}),
            )
        })
        .collect();
    json!({
        "title": TITLE,
        "description": DESCRIPTION,
        "license": "MIT (curated data); article texts remain their publishers'",
        "source": "Five news articles, stored byte-exact in the sources table",
        "databases": {db_name: {"description": DESCRIPTION, "tables": tables, "queries": queries}},
    })
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
    for o in &objects {
        let rel = csv_path(o);
        rows.insert(
            rel.clone(),
            write_csv(conn, o, &root.join(&rel), opts.excel)?,
        );
        written.push(rel);
    }
    output::xlsx::workbook(conn, &objects, &root.join("crisisdb.xlsx"))?;
    written.push("crisisdb.xlsx".into());
    let schema: Vec<String> = conn
        .prepare(include_str!("../sql/internal/export_schema.sql"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    fs::write(root.join("schema.sql"), schema.join("\n\n") + "\n")?;
    written.push("schema.sql".into());
    if !opts.excel {
        fs::write(root.join("import.sql"), import_script(&objects))?;
        written.push("import.sql".into());
    }
    let info: BTreeMap<String, String> = conn
        .prepare("SELECT key, value FROM build_info")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let package = datapackage(conn, &objects, &info)?;
    fs::write(
        root.join("datapackage.json"),
        serde_json::to_string_pretty(&package)? + "\n",
    )?;
    written.push("datapackage.json".into());
    let meta = datasette_metadata(&objects, catalog, db_name);
    fs::write(
        root.join("datasette/metadata.json"),
        serde_json::to_string_pretty(&meta)? + "\n",
    )?;
    written.push("datasette/metadata.json".into());

    let mut hashes = serde_json::Map::new();
    for rel in &written {
        hashes.insert(rel.clone(), json!(sha256_hex(&fs::read(root.join(rel))?)));
    }
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
