//! One INSERT per table, its values bound by column name (`:usd_amount`): a row's values are
//! set by name, and the statement binds each to the parameter of that name, so no value can
//! land in another column, and a parameter left without a value is a bug caught here.

use rusqlite::Statement;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};

use super::{Loader, Row, SeedError, spec};

/// The values of one row to insert, by database column name: the INSERT binds each to the
/// parameter of the same name (`:usd_amount`), so no value can land in another's column.
pub(crate) struct Values<'h>(Vec<(&'static str, ToSqlOutput<'h>)>);

impl<'h> Values<'h> {
    /// Room for `n` columns.
    pub fn with_capacity(n: usize) -> Self {
        Values(Vec::with_capacity(n))
    }

    /// Sets column `name` (once per row: the INSERT refuses a column set twice).
    pub fn set(&mut self, name: &'static str, value: ToSqlOutput<'h>) {
        self.0.push((name, value));
    }

    /// Sets column `name` to a cell's text, or NULL.
    pub fn text(&mut self, name: &'static str, cell: Option<&'h str>) {
        self.set(
            name,
            cell.map_or(ToSqlOutput::Owned(Value::Null), ToSqlOutput::from),
        );
    }

    /// Sets column `name` to an owned value.
    pub fn owned(&mut self, name: &'static str, value: impl Into<Value>) {
        self.set(name, ToSqlOutput::Owned(value.into()));
    }

    /// The text set for column `name`, if any.
    pub fn get_text(&self, name: &str) -> Option<&str> {
        match self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v)? {
            ToSqlOutput::Borrowed(ValueRef::Text(t)) => std::str::from_utf8(t).ok(),
            ToSqlOutput::Owned(Value::Text(t)) => Some(t),
            _ => None,
        }
    }
}

/// A prepared INSERT with its parameter names, and how many rows it has inserted.
pub(super) struct Insert<'a> {
    stmt: Statement<'a>,
    /// the statement's parameter names without the `:`, in order
    names: Vec<String>,
    pub(super) rows: usize,
}

impl Loader<'_> {
    /// Inserts one row; gives whether it went in. Each value is bound to the parameter of its
    /// column's name; the statement is prepared once per table from `columns`. A row the
    /// database refuses (a CHECK the loader does not repeat) is reported against `row` while
    /// the seeds have shown no error. After the first error the build is lost, but rows still
    /// go in where the database takes them: the loader goes on validating, and asks the
    /// database for the rows it has read (`known.rs`).
    pub(super) fn insert(
        &mut self,
        row: &Row,
        table: &'static str,
        columns: impl FnOnce() -> Vec<&'static str>,
        values: &Values,
    ) -> rusqlite::Result<bool> {
        let ins = match self.inserts.entry(table) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let stmt = self.tx.prepare(&spec::insert_sql(table, &columns()))?;
                assert!(
                    stmt.parameter_count() <= 64,
                    "insert into {table}: too many columns"
                );
                let names = (1..=stmt.parameter_count())
                    .map(|i| {
                        let name = stmt.parameter_name(i).expect("named parameters");
                        name.trim_start_matches(':').to_string()
                    })
                    .collect();
                e.insert(Insert {
                    stmt,
                    names,
                    rows: 0,
                })
            }
        };
        // every parameter gets exactly one value: none keeps the last row's
        let mut bound = 0u64; // bit i: parameter i has its value
        for (k, (name, value)) in values.0.iter().enumerate() {
            // values mostly come in the statement's order: try there first
            let i = match ins.names.get(k) {
                Some(n) if n == name => k,
                _ => ins.names.iter().position(|n| n == name).unwrap_or_else(|| {
                    panic!("insert into {table}: no column {name} in {:?}", ins.names)
                }),
            };
            assert!(bound & 1 << i == 0, "insert into {table}: {name} set twice");
            bound |= 1 << i;
            ins.stmt.raw_bind_parameter(i + 1, value)?;
        }
        if let Some(i) = (0..ins.names.len()).find(|i| bound & 1 << i == 0) {
            panic!("insert into {table}: no value for {}", ins.names[i]);
        }
        match ins.stmt.raw_execute() {
            Ok(n) => {
                ins.rows += n;
                let rowid = self.tx.last_insert_rowid();
                self.inserted_at(table, rowid, row.line);
                if table == super::EXCERPTS {
                    self.excerpt_inserted(rowid, values.get_text("source_id"));
                }
                Ok(true)
            }
            Err(rusqlite::Error::SqliteFailure(f, msg))
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                if self.errors.is_empty() {
                    self.errors.push(SeedError {
                        field: None,
                        value: None,
                        message: format!(
                            "the database refused the row: {}",
                            msg.unwrap_or_else(|| f.to_string())
                        ),
                        ..row.error("", None, "")
                    });
                }
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use csv::StringRecord;

    use super::*;
    use crate::load::Map;
    use crate::seeds::SeedSet;

    /// Runs `f` with a loader on an empty database of the latest schema and a row to blame.
    fn with_loader(f: impl FnOnce(&mut Loader, &Row)) {
        let mut conn = crate::db::in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        let seeds = SeedSet::from_files([]);
        let mut l = Loader::new(&seeds, &tx);
        let (header, record) = (Map::default(), StringRecord::new());
        let row = Row {
            file: "countries.csv",
            header: &header,
            record: &record,
            line: 2,
        };
        f(&mut l, &row);
    }

    fn country<'h>(cells: &[(&'static str, &'h str)]) -> Values<'h> {
        let mut v = Values::with_capacity(cells.len());
        for (name, cell) in cells {
            v.text(name, Some(cell));
        }
        v
    }

    #[test]
    fn values_go_to_the_columns_of_their_names_in_any_order() {
        with_loader(|l, row| {
            let v = country(&[("name", "Colombia"), ("code", "COL")]);
            l.insert(row, "countries", || vec!["code", "name"], &v)
                .unwrap();
            let v = country(&[("code", "PAN"), ("name", "Panama")]);
            l.insert(row, "countries", || unreachable!("prepared once"), &v)
                .unwrap();
            let mut stmt =
                l.tx.prepare("SELECT code, name FROM countries ORDER BY rowid")
                    .unwrap();
            let got: Vec<(String, String)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let want = [("COL", "Colombia"), ("PAN", "Panama")];
            assert_eq!(got, want.map(|(c, n)| (c.to_string(), n.to_string())));
            assert_eq!(l.inserted("countries"), 2);
        });
    }

    #[test]
    fn a_column_without_a_value_or_a_value_without_its_column_is_a_bug() {
        let cases: [(&[(&str, &str)], &str); 3] = [
            (&[("code", "COL")], "no value for name"),
            (&[("code", "COL"), ("nmae", "Colombia")], "no column nmae"),
            (&[("code", "COL"), ("code", "PAN")], "code set twice"),
        ];
        for (cells, words) in cases {
            let run = std::panic::catch_unwind(|| {
                with_loader(|l, row| {
                    let v = country(cells);
                    let _ = l.insert(row, "countries", || vec!["code", "name"], &v);
                })
            });
            let panic = run.expect_err(words);
            let message = panic.downcast_ref::<String>().expect("a formatted panic");
            assert!(message.contains(words), "{message}");
        }
    }
}
