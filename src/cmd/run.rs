//! `crisisdb run NAME`: runs a canned query with typed parameters.

use anyhow::Result;

use super::{Context, QueryFlags};

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
    #[command(flatten)]
    pub query: QueryFlags,
}

pub fn run(args: Args, ctx: &Context) -> Result<()> {
    super::run_canned(ctx, &args.name, &args.params, args.query)
}
