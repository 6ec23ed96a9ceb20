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

/// What a parameter accepts, for `queries NAME`: its listed values, or what a lookup finds by.
fn allowed_line(
    conn: Option<&rusqlite::Connection>,
    q: &query::Canned,
    p: &query::Param,
) -> Result<Option<String>> {
    if let Some(kind) = &p.lookup {
        let mut line = format!(
            "any {kind}, by id or name (case, accents and punctuation ignored; a unique part will do)"
        );
        if let Some(conn) = conn {
            let ids = query::lookup::examples(conn, kind, 8)?;
            line.push_str(&format!(", e.g. {}", ids.join(", ")));
        }
        return Ok(Some(line));
    }
    Ok(match (&p.allowed, conn) {
        (None, _) => None,
        (Some(query::Allowed::List(l)), _) => Some(format!("one of: {}", l.join(", "))),
        (Some(query::Allowed::Query(_)), Some(conn)) => q
            .allowed_values(conn, p)?
            .map(|vs| format!("one of: {}", vs.join(", "))),
        (Some(query::Allowed::Query(sql)), None) => Some(format!("the values of: {sql}")),
    })
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
            // the allowed values come from the database, if there is one (listing builds none)
            let conn = ctx
                .db
                .is_file()
                .then(|| query::open(&ctx.db, false, None).ok())
                .flatten();
            writeln!(
                out,
                "Parameters ([]: several values, -p NAME=a,b or -p NAME again):"
            )?;
            for p in &q.params {
                writeln!(out, "  -p {:<26} {}", p.signature(), p.help)?;
                if let Some(line) = allowed_line(conn.as_ref(), q, p)? {
                    writeln!(out, "  {:<29} {line}", "")?;
                }
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
