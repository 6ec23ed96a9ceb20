//! `crisisdb run NAME`: runs a canned query with typed parameters.

use anyhow::{Result, anyhow};

use crate::cli::Global;
use crate::output::{self, OutputArgs};
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
    pub out: OutputArgs,
}

pub fn run(args: Args, global: &Global) -> Result<()> {
    let catalog = query::catalog(global.sql_dir.as_deref())?;
    let q = catalog.get(&args.name).ok_or_else(|| {
        anyhow!(
            "no canned query `{}`; the queries are: {}",
            args.name,
            catalog.keys().cloned().collect::<Vec<_>>().join(", ")
        )
    })?;
    // canned queries are read-only too: a file from --sql-dir cannot write
    let conn = super::open_for_query(global, false, args.timeout)?;
    let params = q.bind(&conn, &args.params)?;
    let mut stmt = conn
        .prepare(&q.sql)
        .map_err(|e| query::explain_error(e, &q.sql))
        .map_err(|e| e.context(format!("preparing {}", q.origin)))?;
    if !stmt.readonly() {
        return Err(anyhow!(
            "{} would change the database; canned queries are read-only",
            q.origin
        ));
    }
    let (dest, mut sink) = output::open(&args.out)?;
    query::stream(&mut stmt, &params, sink.as_mut()).map_err(super::sql::interrupted)?;
    dest.commit()
}
