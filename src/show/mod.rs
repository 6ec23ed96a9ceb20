//! `crisisdb show ID`: one row of the database read whole, whatever table it is in. `resolve`
//! finds the table an id belongs to (or the closest ids), `read` gathers the row with what
//! hangs off it (evidence, actors, disputes, ...) from sql/internal/show_*.sql, and
//! `write_text` / `write_json` print it; `article` reads a source's text line by line.

mod article;
mod text;

use std::io::Write;

use anyhow::{Context, Result, bail};
use rusqlite::Connection;
use rusqlite::types::Value;
use serde_json::{Map, Value as Json, json};

use crate::load::edit_distance;

pub use article::{Article, Line};

/// How to show a record: plain settings from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// Apply the data notes' readings to an article's text.
    pub repaired: bool,
    /// Columns of text to fit (a terminal's width).
    pub width: usize,
    /// The marks around a cited span: `⟦`/`⟧` on a terminal, `[`/`]` in a pipe.
    pub marks: (&'static str, &'static str),
}

/// One row of a table and what hangs off it.
#[derive(Debug)]
pub struct Record {
    /// What the id names: `event`, `actor`, `source`, ...
    pub kind: &'static str,
    pub id: String,
    /// The row's columns (dates also as a reader says them), NULLs left out.
    pub fields: Vec<(String, Value)>,
    /// Lists: evidence, actors, disputes ...
    pub sections: Vec<Section>,
    /// A source's text, line by line.
    pub article: Option<Article>,
}

/// A list of rows under a title.
#[derive(Debug)]
pub struct Section {
    pub title: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// Where a list's rows come from, and which key it is asked with.
struct Part {
    title: &'static str,
    sql: &'static str,
    /// true: by the row's fact_id; false: by its id
    by_fact: bool,
}

/// A kind of row: its table's query and its lists.
struct Kind {
    name: &'static str,
    row: &'static str,
    parts: &'static [Part],
}

/// A list asked for by the row's id.
const fn by_id(title: &'static str, sql: &'static str) -> Part {
    Part {
        title,
        sql,
        by_fact: false,
    }
}

/// A list asked for by the row's fact_id.
const fn by_fact(title: &'static str, sql: &'static str) -> Part {
    Part {
        title,
        sql,
        by_fact: true,
    }
}

/// A kind of row with nothing of its own to list: its evidence, sources and disputes.
const fn fact(name: &'static str, row: &'static str) -> Kind {
    Kind {
        name,
        row,
        parts: FACT,
    }
}

const EVIDENCE: Part = by_fact(
    "Evidence",
    include_str!("../../sql/internal/show_evidence.sql"),
);
const SOURCES: Part = by_fact(
    "Sources",
    include_str!("../../sql/internal/show_fact_sources.sql"),
);
const DISPUTES: Part = by_fact(
    "Disputes",
    include_str!("../../sql/internal/show_fact_disputes.sql"),
);
const FACT: &[Part] = &[EVIDENCE, SOURCES, DISPUTES];

const KINDS: &[Kind] = &[
    Kind {
        name: "event",
        row: include_str!("../../sql/internal/show_event.sql"),
        parts: &[
            by_id(
                "Actors",
                include_str!("../../sql/internal/show_event_actors.sql"),
            ),
            EVIDENCE,
            SOURCES,
            DISPUTES,
        ],
    },
    Kind {
        name: "actor",
        row: include_str!("../../sql/internal/show_actor.sql"),
        parts: &[
            by_id(
                "Aliases",
                include_str!("../../sql/internal/show_actor_aliases.sql"),
            ),
            by_id(
                "Titles",
                include_str!("../../sql/internal/show_actor_titles.sql"),
            ),
            by_id(
                "Events",
                include_str!("../../sql/internal/show_actor_events.sql"),
            ),
            EVIDENCE,
            SOURCES,
            DISPUTES,
        ],
    },
    fact("quote", include_str!("../../sql/internal/show_quote.sql")),
    fact("aid", include_str!("../../sql/internal/show_aid.sql")),
    fact("figure", include_str!("../../sql/internal/show_figure.sql")),
    fact(
        "deployment",
        include_str!("../../sql/internal/show_deployment.sql"),
    ),
    fact("asset", include_str!("../../sql/internal/show_asset.sql")),
    fact("place", include_str!("../../sql/internal/show_place.sql")),
    Kind {
        name: "dispute",
        row: include_str!("../../sql/internal/show_dispute.sql"),
        parts: &[
            by_id(
                "Sides",
                include_str!("../../sql/internal/show_dispute_sides.sql"),
            ),
            by_id(
                "Facts it touches",
                include_str!("../../sql/internal/show_dispute_facts.sql"),
            ),
        ],
    },
    fact(
        "data_note",
        include_str!("../../sql/internal/show_data_note.sql"),
    ),
    Kind {
        name: "excerpt",
        row: include_str!("../../sql/internal/show_excerpt.sql"),
        parts: &[by_id(
            "Supports",
            include_str!("../../sql/internal/show_excerpt_facts.sql"),
        )],
    },
    Kind {
        name: "source",
        row: include_str!("../../sql/internal/show_source.sql"),
        parts: &[by_id(
            "Data notes",
            include_str!("../../sql/internal/show_source_notes.sql"),
        )],
    },
];

/// The rows `id` names, as (kind, id): one, or one per table that has it. An unknown id is an
/// error that names the closest ids.
pub fn resolve(conn: &Connection, id: &str) -> Result<Vec<(&'static str, String)>> {
    let mut stmt = conn.prepare(include_str!("../../sql/internal/show_ids.sql"))?;
    let all: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let wanted = id.trim();
    let mut found: Vec<&(String, String)> = all.iter().filter(|(_, i)| i == wanted).collect();
    if found.is_empty() {
        found = all
            .iter()
            .filter(|(_, i)| i.eq_ignore_ascii_case(wanted))
            .collect();
    }
    if found.is_empty() {
        bail!(
            "no row has the id {wanted:?} (ids of events, actors, quotes, aid, figures, \
             deployments, assets, places, disputes, data notes, excerpts and sources); \
             did you mean {}?",
            closest(wanted, all.iter().map(|(_, i)| i.as_str())).join(", ")
        );
    }
    Ok(found
        .into_iter()
        .map(|(k, i)| (kind(k).name, i.clone()))
        .collect())
}

/// The five ids nearest to `wanted` (edit distance, ties broken by id).
fn closest<'a>(wanted: &str, ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(usize, &str)> = ids
        .map(|i| {
            let d = edit_distance(&wanted, &i.to_lowercase());
            // a part of an id is close to it
            let d = if i.contains(wanted.as_str()) {
                d.min(1)
            } else {
                d
            };
            (d, i)
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(5).map(|(_, i)| i).collect()
}

fn kind(name: &str) -> &'static Kind {
    KINDS
        .iter()
        .find(|k| k.name == name)
        .expect("show_ids.sql names only the kinds of KINDS")
}

/// The row `id` of `kind` with its lists (and a source's text), ready to print.
pub fn read(conn: &Connection, kind_name: &str, id: &str, opts: &Options) -> Result<Record> {
    let kind = kind(kind_name);
    let (columns, mut rows) = select(conn, kind.row, id, None)?;
    let Some(row) = rows.pop() else {
        bail!("no {kind_name} with the id {id:?}");
    };
    let mut fields: Vec<(String, Value)> = columns.into_iter().zip(row).collect();
    let fact_id = take(&mut fields, "fact_id");
    // a source's text is read line by line, below its other fields
    let text = if kind.name == "source" {
        take(&mut fields, "text")
    } else {
        None
    };
    let fact_id = match fact_id {
        Some(Value::Integer(f)) => Some(f),
        _ => None,
    };
    let mut sections = Vec::new();
    for part in kind.parts {
        let key = if part.by_fact { fact_id } else { None };
        if part.by_fact && key.is_none() {
            continue;
        }
        let (columns, rows) = select(conn, part.sql, id, key)?;
        sections.push(Section {
            title: part.title,
            columns,
            rows,
        });
    }
    let article = match text {
        Some(Value::Text(t)) => Some(article::read(conn, id, &t, opts)?),
        _ => None,
    };
    Ok(Record {
        kind: kind.name,
        id: id.to_string(),
        fields,
        sections,
        article,
    })
}

/// Removes column `name` from `fields` and returns its value.
fn take(fields: &mut Vec<(String, Value)>, name: &str) -> Option<Value> {
    let at = fields.iter().position(|(c, _)| c == name)?;
    Some(fields.remove(at).1)
}

/// Runs one show_*.sql query with `:id` and, where it asks, `:fact_id`.
fn select(
    conn: &Connection,
    sql: &str,
    id: &str,
    fact_id: Option<i64>,
) -> Result<(Vec<String>, Vec<Vec<Value>>)> {
    let mut stmt = conn.prepare(sql).context("preparing a show query")?;
    if let Some(i) = stmt.parameter_index(":id")? {
        stmt.raw_bind_parameter(i, id)?;
    }
    if let Some(i) = stmt.parameter_index(":fact_id")? {
        stmt.raw_bind_parameter(i, fact_id)?;
    }
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let n = columns.len();
    let mut rows = Vec::new();
    let mut q = stmt.raw_query();
    while let Some(r) = q.next()? {
        rows.push((0..n).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?);
    }
    Ok((columns, rows))
}

/// Prints records as text fitted to `opts.width`.
pub fn write_text(out: &mut dyn Write, records: &[Record], opts: &Options) -> Result<()> {
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        text::record(out, r, opts)?;
    }
    Ok(())
}

/// Prints records as one JSON array (one object per record).
pub fn write_json(out: &mut dyn Write, records: &[Record]) -> Result<()> {
    let all: Vec<Json> = records.iter().map(record_json).collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)?;
    Ok(())
}

fn record_json(r: &Record) -> Json {
    let mut fields = Map::new();
    for (c, v) in text::with_dates(&r.fields) {
        fields.insert(c, value_json(&v));
    }
    let mut o = json!({"kind": r.kind, "id": r.id, "fields": fields});
    for s in &r.sections {
        let rows: Vec<Json> = s
            .rows
            .iter()
            .map(|row| {
                let pairs: Vec<(String, Value)> =
                    s.columns.iter().cloned().zip(row.iter().cloned()).collect();
                Json::Object(
                    text::with_dates(&pairs)
                        .into_iter()
                        .map(|(c, v)| (c, value_json(&v)))
                        .collect(),
                )
            })
            .collect();
        o[key(s.title)] = Json::Array(rows);
    }
    if let Some(a) = &r.article {
        o["lines"] = serde_json::to_value(&a.lines).expect("lines serialize");
    }
    o
}

/// A section title as a JSON key: `Facts it touches` -> `facts_it_touches`.
fn key(title: &str) -> String {
    title.to_lowercase().replace(' ', "_")
}

fn value_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) => json!(i),
        Value::Real(f) => json!(f),
        Value::Text(t) => json!(t),
        Value::Blob(b) => json!(b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
    }
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn closest_ids_first() {
        let ids = ["e-082", "e-083", "q-082", "a2", "petro"];
        assert_eq!(closest("e-82", ids.into_iter())[..2], ["e-082", "e-083"]);
        assert_eq!(closest("PETR", ids.into_iter())[0], "petro");
    }
}
