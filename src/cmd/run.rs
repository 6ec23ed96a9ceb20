//! `crisisdb run NAME`: runs a canned query with typed parameters.

use anyhow::Result;

use super::{Context, OutputFlags};
use crate::query;

/// Run a canned query (see `crisisdb queries`), binding -p NAME=VALUE by declared type.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb run timeline -p from=2025-09-01 -p type=strike\n  \
    $ crisisdb run actor -p actor=Petro --format csv --output petro.csv\n  \
    $ crisisdb run disputes --format json")]
pub struct Args {
    /// The canned query's name.
    pub name: String,
    /// A parameter, NAME=VALUE (repeatable).
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Stop the query after this many seconds.
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    #[command(flatten)]
    pub out: OutputFlags,
}

pub fn run(args: Args, ctx: &Context) -> Result<()> {
    let catalog = query::catalog(ctx.sql_dir.as_deref())?;
    let q = query::find(&catalog, &args.name)?;
    // canned queries are read-only too: a file from --sql-dir cannot write
    let conn = super::open_for_query(ctx, false, args.timeout)?;
    query::run_canned(&conn, q, &args.params, &args.out.into_options())
}
