//! `crisisdb report`: the command line of the HTML report (`crate::report` draws it).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

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
    $ crisisdb report --actor Petro --lanes actor -o petro.html")]
pub struct Args {
    /// Write the page to FILE (atomically); `-` writes it to standard output.
    #[arg(long, short, value_name = "FILE.html", default_value = "report.html")]
    pub output: PathBuf,
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
        }
    }
}

pub fn run(args: Args, ctx: &super::Context) -> Result<()> {
    let conn = super::open_for_query(ctx, false, None)?;
    let page = report::render(&conn, &Options::from(&args))?;
    if args.output == Path::new("-") {
        let mut out = std::io::stdout().lock();
        out.write_all(page.html.as_bytes())?;
        out.flush()?;
        return Ok(());
    }
    write_atomically(&args.output, page.html.as_bytes())?;
    eprintln!(
        "crisisdb: wrote {} ({} events, {} disputes, {} sources)",
        args.output.display(),
        page.events,
        page.disputes,
        page.sources
    );
    Ok(())
}

/// Writes a temporary file beside `path` and renames it into place, so a failure never
/// leaves a half-written page.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".crisisdb-report-")
        .tempfile_in(&dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("writing {}", path.display()))?;
    // a page to send on: readable by others, like any file the user would save
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    tmp.persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
