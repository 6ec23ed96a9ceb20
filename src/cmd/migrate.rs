//! `crisisdb migrate`: brings an existing database to this binary's schema.

use anyhow::{Result, bail};

use crate::cli::Global;
use crate::db;

/// Bring an existing database to the latest schema.
///
/// Refinery's history table (refinery_schema_history) records each step applied.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  $ crisisdb --db old.db migrate")]
pub struct Args {}

pub fn run(_args: Args, global: &Global) -> Result<()> {
    if !global.db.exists() {
        bail!(
            "{} does not exist; `crisisdb build` makes a new database",
            global.db.display()
        );
    }
    db::open_and_migrate(&global.db)?;
    eprintln!(
        "{} is at schema version {}",
        global.db.display(),
        db::schema_version()
    );
    Ok(())
}
