//! `crisisdb search TEXT`: full-text search over the excerpts and article texts.

use anyhow::Result;

use crate::cli::Global;
use crate::output::OutputArgs;

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
    pub out: OutputArgs,
}

/// Runs the canned `search` query, so the CLI, sqlite3 and Datasette answer alike.
pub fn run(args: Args, global: &Global) -> Result<()> {
    super::run::run(
        super::run::Args {
            name: "search".into(),
            params: vec![format!("q={}", args.text)],
            timeout: args.timeout,
            out: args.out,
        },
        global,
    )
}
