//! `import_postgres.sql`: the bundle's tables in PostgreSQL, for `psql -v ON_ERROR_STOP=1 -f`.
//! The schema is derived from the SQLite database's own description (column types, NOT NULL,
//! keys, UNIQUE, foreign keys, the vocabulary, the CHECKs PostgreSQL can read as written),
//! the tables are created and filled with `\copy` in dependency order, and the full-text
//! indexes become `tsvector` GIN indexes. Views are SQLite SQL and are left out.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use anyhow::{Result, bail};

use super::{Column, Fts, Object, csv_path, quote_ident};

/// A SQL string literal.
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The PostgreSQL type of a column. crisisdb's ANY columns hold numbers (their CHECK says so).
fn pg_type(c: &Column) -> Result<&'static str> {
    Ok(match c.affinity() {
        "INTEGER" => "bigint",
        "REAL" => "double precision",
        "ANY" | "NUMERIC" => "numeric",
        "TEXT" if c.date => "date",
        "TEXT" => "text",
        _ => bail!(
            "column {} has type {:?}, which has no PostgreSQL type here",
            c.name,
            c.ty
        ),
    })
}

/// The CHECK constraints of a CREATE TABLE statement, as written (comments and string
/// literals skipped while reading).
fn checks(sql: &str) -> Vec<String> {
    let b = sql.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\'' | b'"' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                i += 1;
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            _ if sql[i..].len() >= 5
                && sql.is_char_boundary(i + 5)
                && sql[i..i + 5].eq_ignore_ascii_case("check")
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let mut j = i + 5;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if b.get(j) != Some(&b'(') {
                    i += 5;
                    continue;
                }
                let (start, mut depth) = (j + 1, 0usize);
                while j < b.len() {
                    match b[j] {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        b'\'' => {
                            j += 1;
                            while j < b.len() && b[j] != b'\'' {
                                j += 1;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                found.push(
                    sql[start..j.min(b.len())]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    found
}

/// Whether a SQLite CHECK is carried over as written: those about a day's shape (`date(x)
/// IS x`: the column is a `date` here) and a value's storage class (`typeof`: `numeric`
/// here) are said by the column's type instead.
fn carried(check: &str) -> bool {
    !(check.contains("date(") || check.contains("typeof("))
}

/// The tables in an order where each comes after the tables it references.
fn dependency_order(objects: &[Object]) -> Result<Vec<&Object>> {
    let mut tables: Vec<&Object> = objects.iter().filter(|o| o.kind == "table").collect();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut order = Vec::new();
    while !tables.is_empty() {
        let before = tables.len();
        tables.retain(|o| {
            let ready = o
                .foreign_keys
                .iter()
                .all(|(_, t, _)| t == &o.name || done.contains(t.as_str()));
            if ready {
                order.push(*o);
            }
            !ready
        });
        for o in &order {
            done.insert(o.name.as_str());
        }
        if tables.len() == before {
            let names: Vec<&str> = tables.iter().map(|o| o.name.as_str()).collect();
            bail!(
                "the tables {} reference each other in a cycle, or a table that is not exported: no load order",
                names.join(", ")
            );
        }
    }
    Ok(order)
}

/// The psql script that creates the tables and loads the bundle's CSVs.
pub fn load_script(objects: &[Object], fts: &[Fts]) -> Result<String> {
    let mut s = String::from(
        "-- Loads this crisisdb bundle into PostgreSQL (11 or newer), from the bundle's folder:\n\
         --   cd BUNDLE && createdb crisisdb && psql -v ON_ERROR_STOP=1 -d crisisdb -f import_postgres.sql\n\
         -- The tables are those of schema.sql with the same columns, NOT NULL, primary keys,\n\
         -- UNIQUE and foreign keys; an enumerated column's values are checked against the\n\
         -- vocabulary as a CHECK; days are `date`, crisisdb's numeric ANY columns `numeric`.\n\
         -- SQLite CHECKs on a day's shape or a value's storage class are said by those types;\n\
         -- the other CHECKs are carried over as written. The views (SQLite SQL) are left out:\n\
         -- their rows are in views/*.csv. The full-text indexes become tsvector GIN indexes\n\
         -- ('simple' configuration): WHERE to_tsvector('simple', ...) @@ plainto_tsquery('simple', 'word').\n\
         -- Secondary (non-unique) indexes are not created: add those your queries need.\n\
         -- An empty CSV cell is NULL, except in a NOT NULL text column, where it is ''.\n\
         \\set ON_ERROR_STOP on\n\
         SET client_encoding = 'UTF8';\n\
         BEGIN;\n",
    );
    let order = dependency_order(objects)?;
    for o in &order {
        let mut lines = Vec::new();
        for c in &o.columns {
            let not_null = if c.not_null || c.pk > 0 {
                " NOT NULL"
            } else {
                ""
            };
            lines.push(format!(
                "{} {}{not_null}",
                quote_ident(&c.name),
                pg_type(c)?
            ));
        }
        let mut pk: Vec<&Column> = o.columns.iter().filter(|c| c.pk > 0).collect();
        pk.sort_by_key(|c| c.pk);
        if !pk.is_empty() {
            let cols: Vec<String> = pk.iter().map(|c| quote_ident(&c.name)).collect();
            lines.push(format!("PRIMARY KEY ({})", cols.join(", ")));
        }
        for c in o.columns.iter().filter(|c| c.unique) {
            lines.push(format!("UNIQUE ({})", quote_ident(&c.name)));
        }
        for key in &o.unique_keys {
            let cols: Vec<String> = key.iter().map(|c| quote_ident(c)).collect();
            lines.push(format!("UNIQUE ({})", cols.join(", ")));
        }
        for (from, table, to) in &o.foreign_keys {
            lines.push(format!(
                "FOREIGN KEY ({}) REFERENCES {} ({})",
                quote_ident(from),
                quote_ident(table),
                quote_ident(to)
            ));
        }
        for c in &o.columns {
            if let Some((_, values)) = &c.vocabulary {
                let list: Vec<String> = values.iter().map(|v| literal(v)).collect();
                lines.push(format!(
                    "CHECK ({} IN ({}))",
                    quote_ident(&c.name),
                    list.join(", ")
                ));
            }
        }
        for check in checks(&o.sql).into_iter().filter(|c| carried(c)) {
            lines.push(format!("CHECK ({check})"));
        }
        let _ = writeln!(
            s,
            "\nCREATE TABLE {} (\n    {}\n);",
            quote_ident(&o.name),
            lines.join(",\n    ")
        );
    }
    s.push('\n');
    for o in &order {
        let cols: Vec<String> = o.columns.iter().map(|c| quote_ident(&c.name)).collect();
        let keep_empty: Vec<String> = o
            .columns
            .iter()
            .filter(|c| (c.not_null || c.pk > 0) && c.affinity() == "TEXT" && !c.date)
            .map(|c| quote_ident(&c.name))
            .collect();
        let force = if keep_empty.is_empty() {
            String::new()
        } else {
            format!(", FORCE_NOT_NULL ({})", keep_empty.join(", "))
        };
        let _ = writeln!(
            s,
            "\\copy {} ({}) FROM {} WITH (FORMAT csv, HEADER true, ENCODING 'UTF8'{force})",
            quote_ident(&o.name),
            cols.join(", "),
            literal(&csv_path(o)),
        );
    }
    s.push('\n');
    for f in fts {
        let text: Vec<String> = f
            .columns
            .iter()
            .map(|c| format!("coalesce({}, '')", quote_ident(c)))
            .collect();
        let _ = writeln!(
            s,
            "CREATE INDEX {} ON {} USING gin (to_tsvector('simple', {}));",
            quote_ident(&f.name),
            quote_ident(&f.content),
            text.join(" || ' ' || ")
        );
    }
    s.push_str("\nCOMMIT;\n");
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_are_read_whole_past_comments_strings_and_nested_parentheses() {
        let sql = "CREATE TABLE t (\n  a TEXT CHECK (a IN ('x)', 'y')), -- CHECK (not this)\n  b INTEGER CHECK(b > (1 + 2)),\n  checked TEXT,\n  CHECK ((a = 'x') = (b IS NULL))\n) STRICT";
        assert_eq!(
            checks(sql),
            ["a IN ('x)', 'y')", "b > (1 + 2)", "(a = 'x') = (b IS NULL)"]
        );
        assert!(!carried("x IS NULL OR date(x) IS x"));
        assert!(!carried("typeof(v) IN ('integer', 'real', 'null')"));
        assert!(carried("length(code) = 3"));
    }
}
