//! `crisisdb migrate`: brings an existing database to this binary's schema.

use anyhow::{Result, bail};

use super::Context;
use crate::db;
use crate::progress::Progress;

/// Bring an existing database to the latest schema.
///
/// Refinery's history table (refinery_schema_history) records each step applied. A SQLite file
/// that crisisdb did not build is refused and left as it was.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  $ crisisdb --db old.db migrate")]
pub struct Args {
    /// Print nothing on success (no notes, no progress line).
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: Args, ctx: &Context) -> Result<()> {
    if !ctx.db.exists() {
        bail!(
            "{} does not exist; `crisisdb build` makes a new database",
            ctx.db.display()
        );
    }
    let progress = Progress::start(format!("migrating {}", ctx.db.display()), args.quiet);
    let from = db::migrate_existing(&ctx.db)?;
    progress.done();
    if args.quiet {
        return Ok(());
    }
    crate::note!(
        "{} is at schema version {} (it was at {from})",
        ctx.db.display(),
        db::schema_version()
    );
    Ok(())
}
