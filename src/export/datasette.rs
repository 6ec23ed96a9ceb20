//! Datasette metadata: the database described, every table and column documented, the
//! full-text indexes declared, the internal tables hidden, and every canned query under a
//! name that is never a table's or view's (Datasette serves a canned query in place of a
//! table of the same name): `crisisdb run NAME` is `q_NAME` in Datasette.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use rusqlite::Connection;
use serde_json::{Value as Json, json};

use super::{DESCRIPTION, Object, TITLE, fts_indexes};
use crate::query::Canned;

/// A canned query's SQL longer than this many lines is hidden behind Datasette's "show SQL".
const LONG_SQL_LINES: usize = 12;

/// Tables of the machinery, not of the data: hidden in Datasette.
const INTERNAL_TABLES: [&str; 1] = ["refinery_schema_history"];

/// The FTS5 shadow tables of an index named `fts`.
const FTS_SHADOWS: [&str; 5] = ["data", "idx", "config", "docsize", "content"];

/// The Datasette name of canned query `name`: `q_NAME`, prefixed again while that is the
/// name of a table or view of the database.
pub fn query_name(name: &str, taken: &BTreeSet<String>) -> String {
    let mut n = format!("q_{name}");
    while taken.contains(&n) {
        n = format!("q_{n}");
    }
    n
}

/// Datasette metadata for the database file `db_name` (Datasette names a database after its
/// file): descriptions of every table and column, the full-text indexes, the hidden tables,
/// and every canned query with its title, description and parameters.
pub fn datasette_metadata(
    conn: &Connection,
    objects: &[Object],
    catalog: &BTreeMap<String, Canned>,
    db_name: &str,
) -> Result<Json> {
    let taken: BTreeSet<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let fts = fts_indexes(conn)?;
    let mut tables = serde_json::Map::new();
    for o in objects {
        let columns: serde_json::Map<String, Json> = o
            .columns
            .iter()
            .filter(|c| !c.description.is_empty())
            .map(|c| (c.name.clone(), json!(c.description)))
            .collect();
        let mut t = json!({"description": o.description, "columns": columns});
        // facets on the enumerated columns: the vocabulary's values are few and meaningful
        let facets: Vec<&str> = o
            .columns
            .iter()
            .filter(|c| c.vocabulary.is_some())
            .map(|c| c.name.as_str())
            .collect();
        if !facets.is_empty() {
            t["facets"] = json!(facets);
        }
        if let Some(f) = fts.iter().find(|f| f.content == o.name) {
            t["fts_table"] = json!(f.name);
            t["fts_pk"] = json!("rowid");
        }
        tables.insert(o.name.clone(), t);
    }
    let mut hidden: Vec<String> = INTERNAL_TABLES.iter().map(|s| s.to_string()).collect();
    for f in &fts {
        hidden.push(f.name.clone());
        hidden.extend(FTS_SHADOWS.iter().map(|s| format!("{}_{s}", f.name)));
    }
    for name in hidden.into_iter().filter(|n| taken.contains(n)) {
        tables.insert(name, json!({"hidden": true}));
    }
    let queries: serde_json::Map<String, Json> = catalog
        .values()
        .map(|q| {
            let params: Vec<&str> = q.params.iter().map(|p| p.name.as_str()).collect();
            let mut query = json!({
                "sql": q.sql,
                "title": q.title,
                "description": format!("{} (crisisdb run {})", q.description, q.name),
                "params": params,
            });
            if q.sql.lines().count() > LONG_SQL_LINES {
                query["hide_sql"] = json!(true);
            }
            (query_name(&q.name, &taken), query)
        })
        .collect();
    Ok(json!({
        "title": TITLE,
        "description": DESCRIPTION,
        "license": "MIT (curated data); article texts remain their publishers'",
        "source": "Five news articles, stored byte-exact in the sources table",
        "databases": {db_name: {"description": DESCRIPTION, "tables": tables, "queries": queries}},
    }))
}
