//! `crisisdb schema [TABLE]`: the tables and columns, with what each means.

use anyhow::{Result, bail};
use rusqlite::types::Value;

use super::{Context, OutputFlags};
use crate::output;
use crate::query;

/// Show the tables and views with their meaning, or one table's columns.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb schema\n  \
    $ crisisdb schema events")]
pub struct Args {
    /// A table or view to describe column by column.
    pub table: Option<String>,
    #[command(flatten)]
    pub out: OutputFlags,
}

pub fn run(args: Args, ctx: &Context) -> Result<()> {
    let conn = super::open_for_query(ctx, false, None)?;
    let (sql, params) = match &args.table {
        None => (include_str!("../../sql/internal/schema_tables.sql"), vec![]),
        Some(t) => {
            let exists: bool = conn.query_row(
                "SELECT count(*) > 0 FROM sqlite_master WHERE name = ?1 AND type IN ('table', 'view')",
                [t],
                |r| r.get(0),
            )?;
            if !exists {
                bail!("no table or view `{t}`; `crisisdb schema` lists them");
            }
            (
                include_str!("../../sql/internal/schema_columns.sql"),
                vec![("table".to_string(), Value::Text(t.clone()))],
            )
        }
    };
    let mut stmt = conn.prepare(sql)?;
    let (dest, mut sink) = output::open(&args.out.into_options(ctx))?;
    query::stream(&mut stmt, &params, sink.as_mut())?;
    dest.commit()
}
