//! `crisisdb build`: validates a seeds folder and builds the database from it, atomically.

use std::path::PathBuf;

use anyhow::Result;

use super::Context;
use crate::db;
use crate::progress::Progress;
use crate::seeds::SeedSet;

/// Build the database from the seeds (the embedded ones unless --seeds is given).
///
/// Every row is validated first: ids, references, dates, vocabularies, and each excerpt found
/// word for word in its article. Any error is reported with file, line, field and value, and
/// the existing database is left untouched.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb build\n  \
    $ crisisdb --db newsroom.db build --seeds ./newsroom-seeds")]
pub struct Args {
    /// A seeds folder of your own, in the format of seeds/README.md.
    #[arg(long, value_name = "DIR")]
    pub seeds: Option<PathBuf>,
    /// Print nothing on success (no notes, no progress line).
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: Args, ctx: &Context) -> Result<()> {
    let seeds = match &args.seeds {
        Some(dir) => SeedSet::from_dir(dir)?,
        None => SeedSet::embedded(),
    };
    let progress = Progress::start(format!("building {}", ctx.db.display()), args.quiet);
    let built = db::build(&seeds, &ctx.db)?;
    progress.done();
    let found = &built.findings;
    if !found.is_empty() {
        let mut list: Vec<String> = found
            .iter()
            .take(crate::load::MAX_SHOWN)
            .map(|f| format!("  {f}"))
            .collect();
        if found.len() > crate::load::MAX_SHOWN {
            list.push(format!(
                "  ... and {} more (`crisisdb check` lists them all)",
                found.len() - crate::load::MAX_SHOWN
            ));
        }
        crate::note!(
            "warning: {} row(s) break a rule of `crisisdb check` (the database is built):\n{}",
            found.len(),
            list.join("\n")
        );
    }
    if !args.quiet {
        let rows: usize = built.counts.iter().map(|(_, n)| n).sum();
        crate::note!(
            "built {} from {} seeds: {} rows in {} tables",
            ctx.db.display(),
            seeds.origin(),
            rows,
            built.counts.len()
        );
        for (table, n) in &built.counts {
            crate::note!("  {table:<16} {n:>6}");
        }
    }
    Ok(())
}
