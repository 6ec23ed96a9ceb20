//! `crisisdb search TEXT`: full-text search over the excerpts and article texts.

use anyhow::Result;

use super::{Context, QueryFlags};

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
    #[command(flatten)]
    pub query: QueryFlags,
}

/// Runs the canned `search` query, so the CLI, sqlite3 and Datasette answer alike.
pub fn run(args: Args, ctx: &Context) -> Result<()> {
    super::run_canned(ctx, "search", &[format!("q={}", args.text)], args.query)
}
