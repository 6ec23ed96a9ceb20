//! `crisisdb report`: the command line of the HTML report (`crate::report` draws it).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::progress::Progress;
use crate::report::{self, Options};

/// How the timeline's lanes are cut.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lanes {
    /// One lane per event type, grouped and coloured by family
    Type,
    /// One lane per actor (the most frequent ones; the rest share a lane)
    Actor,
}

impl From<Lanes> for report::Lanes {
    fn from(l: Lanes) -> Self {
        match l {
            Lanes::Type => report::Lanes::Type,
            Lanes::Actor => report::Lanes::Actor,
        }
    }
}

/// Write a self-contained HTML report: a timeline of the events with their evidence, figure
/// panels (forces by region, strikes and deaths, aid and money), the disputes and the sources.
///
/// The page needs no network: open it from disk, send it on, or print it to PDF. The filters
/// mean what they mean for `crisisdb run timeline`; the page is built from the embedded canned
/// queries, whatever `--sql-dir` says.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb report --output crisis.html\n  \
    $ crisisdb report --from 2025-08-01 --to 2026-01-31 --output late.html\n  \
    $ crisisdb report --actor Petro --lanes actor -o petro.html\n  \
    $ crisisdb report --no-appendix -o brief.html")]
pub struct Args {
    /// Write the page to FILE (atomically; a pipe or device is written into); `-` writes it to
    /// standard output. Never the database being read.
    #[arg(long, short, value_name = "FILE.html", default_value = "report.html")]
    pub output: PathBuf,
    /// Let --output replace a SQLite database file (never the one being read).
    #[arg(long)]
    pub overwrite_database: bool,
    /// Only events whose possible dates reach this day or later (YYYY-MM-DD); the figure
    /// panels keep the numbers whose dates overlap the range.
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub from: Option<String>,
    /// Only events whose possible dates start on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub to: Option<String>,
    /// Only events this actor takes part in: an id, name or alias, case-insensitive.
    #[arg(long, value_name = "ACTOR")]
    pub actor: Option<String>,
    /// Only events of this type (statement, strike, threat ...; a type that does not exist
    /// gets the list of those that do).
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Cut the timeline's lanes by event type or by actor.
    #[arg(long, value_enum, default_value_t = Lanes::Type)]
    pub lanes: Lanes,
    /// Leave out the appendix (each text's flaws and its file's digest): a shorter print.
    #[arg(long)]
    pub no_appendix: bool,
    /// Print nothing on success (no notes, no progress line).
    #[arg(long, short)]
    pub quiet: bool,
}

fn day(s: &str) -> std::result::Result<String, String> {
    match report::parse_day(s) {
        Some(_) if s.len() == 10 => Ok(s.to_string()),
        _ => Err(format!("`{s}` is not a real day written YYYY-MM-DD")),
    }
}

impl From<&Args> for Options {
    fn from(a: &Args) -> Self {
        Options {
            from: a.from.clone(),
            to: a.to.clone(),
            actor: a.actor.clone(),
            kind: a.kind.clone(),
            lanes: a.lanes.into(),
            appendix: !a.no_appendix,
        }
    }
}

pub fn run(args: Args, ctx: &super::Context) -> Result<()> {
    let conn = super::open_for_query(ctx, false, None)?;
    let progress = Progress::start("drawing the report", args.quiet);
    let page = report::render(&conn, &Options::from(&args))?;
    progress.done();
    if args.output == Path::new("-") {
        let mut out = std::io::stdout().lock();
        out.write_all(page.html.as_bytes())?;
        out.flush()?;
        return Ok(());
    }
    let guard = crate::fsutil::Guard {
        database: Some(ctx.db.clone()),
        overwrite_database: args.overwrite_database,
    };
    crate::fsutil::write(&args.output, &guard, page.html.as_bytes())?;
    if args.quiet {
        return Ok(());
    }
    crate::note!(
        "crisisdb: wrote {} ({} events, {} disputes, {} sources)",
        args.output.display(),
        page.events,
        page.disputes,
        page.sources
    );
    Ok(())
}
