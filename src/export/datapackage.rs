//! The bundle's Frictionless Data Package (`datapackage.json`): every CSV with its fields'
//! types and meaning and the constraints the schema has (NOT NULL as required, primary and
//! foreign keys, UNIQUE, the vocabulary as enum). Valid under `frictionless validate`.

use std::collections::BTreeMap;

use anyhow::Result;
use rusqlite::Connection;
use serde_json::{Value as Json, json};

use super::{DESCRIPTION, LICENSE, Object, TITLE, csv_path};

/// The field's Frictionless type. The Excel profile's cells are written for spreadsheets
/// (`="007"`, `'-2`, `="2025-10-01"`), so there every field is a string.
fn field_type(c: &super::Column, excel: bool) -> &'static str {
    if excel {
        return "string";
    }
    match c.affinity() {
        "INTEGER" => "integer",
        "REAL" | "ANY" | "NUMERIC" => "number",
        "TEXT" if c.date => "date",
        "TEXT" => "string",
        _ => "any",
    }
}

fn field(c: &super::Column, excel: bool) -> Json {
    let mut f = json!({"name": c.name, "type": field_type(c, excel), "description": c.description});
    let mut constraints = serde_json::Map::new();
    if c.not_null || c.pk > 0 {
        constraints.insert("required".into(), json!(true));
    }
    if c.unique {
        constraints.insert("unique".into(), json!(true));
    }
    if let Some((_, values)) = &c.vocabulary {
        constraints.insert("enum".into(), json!(values));
    }
    if (c.not_null || c.pk > 0) && c.affinity() == "TEXT" && !c.date {
        // a NOT NULL text column may hold '': its empty cell is that text, not a missing value
        f["missingValues"] = json!([]);
    }
    if !constraints.is_empty() {
        f["constraints"] = Json::Object(constraints);
    }
    if let Some((domain, _)) = &c.vocabulary {
        f["description"] = json!(format!(
            "{} (a value of vocabulary {domain})",
            c.description
        ));
    }
    f
}

/// The Data Package of the bundle's CSVs (`excel`: the spreadsheet profile's).
pub fn package(
    conn: &Connection,
    objects: &[Object],
    info: &BTreeMap<String, String>,
    excel: bool,
) -> Result<Json> {
    let mut resources = Vec::new();
    for o in objects {
        let fields: Vec<Json> = o.columns.iter().map(|c| field(c, excel)).collect();
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
        let fks: Vec<Json> = o
            .foreign_keys
            .iter()
            .map(|(from, table, to)| {
                // Frictionless names a reference to the resource itself with ""
                let resource = if *table == o.name { "" } else { table.as_str() };
                json!({"fields": from, "reference": {"resource": resource, "fields": to}})
            })
            .collect();
        if !fks.is_empty() {
            schema["foreignKeys"] = json!(fks);
        }
        let mut resource = json!({
            "name": o.name,
            "path": csv_path(o),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": o.description,
            "schema": schema,
        });
        if excel {
            // the spreadsheet profile starts with a byte-order mark and ends lines with CRLF
            resource["encoding"] = json!("utf-8-sig");
            resource["dialect"] = json!({"lineTerminator": "\r\n"});
        }
        resources.push(resource);
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
