//! `crisisdb search TEXT`: full-text search over the excerpts and article texts.

use anyhow::Result;

use super::{Context, OutputFlags};
use crate::query;

/// Full-text search (SQLite FTS5) over the excerpts and the article texts, with snippets.
///
/// The words are matched as FTS5 query syntax: `petro AND tariffs`, `"drug dealer"`, `decert*`.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb search tariffs\n  \
    $ crisisdb search '\"illegal drug\"' --format json")]
pub struct Args {
    /// What to look for (FTS5 query syntax).
    pub text: String,
    /// Stop the query after this many seconds.
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    #[command(flatten)]
    pub out: OutputFlags,
}

/// Runs the canned `search` query, so the CLI, sqlite3 and Datasette answer alike.
pub fn run(args: Args, ctx: &Context) -> Result<()> {
    let catalog = query::catalog(ctx.sql_dir.as_deref())?;
    let q = query::find(&catalog, "search")?;
    let conn = super::open_for_query(ctx, false, args.timeout)?;
    let params = [format!("q={}", args.text)];
    query::run_canned(&conn, q, &params, &args.out.into_options())
}
