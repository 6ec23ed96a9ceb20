//! `crisisdb queries [NAME]`: lists the canned queries, or shows one in full.

use std::io::Write;

use anyhow::Result;
use rusqlite::types::ValueRef;

use super::{Context, OutputFlags};
use crate::output;
use crate::query;

/// List the canned queries, or show one: description, parameters and SQL.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb queries\n  \
    $ crisisdb queries timeline")]
pub struct Args {
    /// Show this query in full.
    pub name: Option<String>,
    #[command(flatten)]
    pub out: OutputFlags,
}

pub fn run(args: Args, ctx: &Context) -> Result<()> {
    let catalog = query::catalog(ctx.sql_dir.as_deref())?;
    if let Some(name) = &args.name {
        let q = query::find(&catalog, name)?;
        let mut out = output::stdout();
        writeln!(out, "{} — {}\n", q.name, q.title)?;
        writeln!(out, "{}\n", q.description)?;
        if q.params.is_empty() {
            writeln!(out, "Parameters: none")?;
        } else {
            writeln!(out, "Parameters:")?;
            for p in &q.params {
                let allowed = match &p.allowed {
                    Some(query::Allowed::List(l)) => format!(" (one of: {})", l.join(", ")),
                    Some(query::Allowed::Query(sql)) => format!(" (values: {sql})"),
                    None => String::new(),
                };
                writeln!(out, "  -p {:<26} {}{allowed}", p.signature(), p.help)?;
            }
        }
        writeln!(out, "\nSource: {}\n\n{}", q.origin, q.sql.trim_end())?;
        out.flush()?;
        return Ok(());
    }
    let (dest, mut sink) = output::open(&args.out.into_options(ctx))?;
    sink.header(&["name".into(), "title".into(), "parameters".into()])?;
    for q in catalog.values() {
        let params: Vec<String> = q.params.iter().map(|p| p.signature()).collect();
        let params = params.join(" ");
        let cells = vec![
            ValueRef::Text(q.name.as_bytes()),
            ValueRef::Text(q.title.as_bytes()),
            ValueRef::Text(params.as_bytes()),
        ];
        sink.row(&cells)?;
    }
    sink.finish()?;
    dest.commit()
}
