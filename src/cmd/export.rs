//! `crisisdb export`: the spreadsheet- and Datasette-ready bundle.

use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::{export, query};

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
    /// The folder to write (refused if it exists and is not empty, unless --force).
    pub dir: Option<PathBuf>,
    /// Spreadsheet profile: BOM, CRLF, formula-like cells neutralised, numeric-looking text kept
    /// as text. Without it the CSV is byte-faithful to the database.
    #[arg(long)]
    pub excel: bool,
    /// Replace DIR if it exists.
    #[arg(long)]
    pub force: bool,
    /// Also (or only) write Datasette metadata to FILE.
    #[arg(long, value_name = "FILE")]
    pub datasette: Option<PathBuf>,
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
        let files = export::write_bundle(&conn, dir, &catalog, &db_name, &opts)?;
        eprintln!("exported {} files to {}", files.len(), dir.display());
    }
    if let Some(file) = &args.datasette {
        let objects = export::objects(&conn)?;
        let meta = export::datasette_metadata(&objects, &catalog, &db_name);
        let tmp = file.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_string_pretty(&meta)? + "\n")
            .with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, file).with_context(|| format!("writing {}", file.display()))?;
        eprintln!("wrote Datasette metadata to {}", file.display());
    }
    Ok(())
}
