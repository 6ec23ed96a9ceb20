//! `crisisdb export`: the spreadsheet- and Datasette-ready bundle.

use std::path::PathBuf;

use anyhow::{Result, bail};

use super::Context;
use crate::progress::Progress;
use crate::{export, fsutil, query};

/// Export every table and view as CSV, with schema, import script, Data Package, Datasette
/// metadata and a provenance manifest.
///
/// DIR is written as a whole: into a temporary folder renamed into place when complete.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb export bundle\n  \
    $ crisisdb export bundle-xl --excel\n  \
    $ crisisdb export --datasette metadata.json && datasette crisisdb.db -m metadata.json")]
pub struct Args {
    /// The folder to write (refused if it exists and is not empty, unless --force and it is an
    /// earlier export).
    pub dir: Option<PathBuf>,
    /// Spreadsheet profile: BOM, CRLF, formula-like cells neutralised, numeric-looking text kept
    /// as text. Without it the CSV is byte-faithful to the database.
    #[arg(long)]
    pub excel: bool,
    /// Replace DIR if it is an earlier export: a folder holding only the files its crisisdb
    /// manifest.json lists. Any other folder is refused and left untouched.
    #[arg(long)]
    pub force: bool,
    /// Also (or only) write Datasette metadata to FILE (never the database being read). In
    /// Datasette each canned query NAME is `q_NAME`, so that it never hides a table or view.
    #[arg(long, value_name = "FILE")]
    pub datasette: Option<PathBuf>,
    /// Let --datasette replace a SQLite database file (never the one being read).
    #[arg(long)]
    pub overwrite_database: bool,
    /// Print nothing on success (no notes, no progress line).
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: Args, ctx: &Context) -> Result<()> {
    if args.dir.is_none() && args.datasette.is_none() {
        bail!("name a folder to export to, or --datasette FILE (or both)");
    }
    let conn = super::open_for_query(ctx, false, None)?;
    let catalog = query::catalog(ctx.sql_dir.as_deref())?;
    // Datasette names a database after its file
    let db_name = ctx
        .db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "crisisdb".into());
    if let Some(dir) = &args.dir {
        let opts = export::Options {
            excel: args.excel,
            force: args.force,
            command: std::env::args().collect(),
        };
        let progress = Progress::start(format!("exporting to {}", dir.display()), args.quiet);
        let files = export::write_bundle(&conn, dir, &catalog, &db_name, &opts)?;
        progress.done();
        if !args.quiet {
            crate::note!("exported {} files to {}", files.len(), dir.display());
        }
    }
    if let Some(file) = &args.datasette {
        let objects = export::objects(&conn)?;
        let meta = export::datasette_metadata(&conn, &objects, &catalog, &db_name)?;
        let guard = fsutil::Guard {
            database: Some(ctx.db.clone()),
            overwrite_database: args.overwrite_database,
        };
        fsutil::write(
            file,
            &guard,
            (serde_json::to_string_pretty(&meta)? + "\n").as_bytes(),
        )?;
        if !args.quiet {
            crate::note!("wrote Datasette metadata to {}", file.display());
        }
    }
    Ok(())
}
