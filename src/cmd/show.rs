//! `crisisdb show ID`: one event, actor, quote, figure, source ... read whole.

use std::io::{self, IsTerminal, Write};

use anyhow::Result;

use super::Context;
use crate::show;

/// Read one thing whole: any id the tool prints (event, actor, quote, aid, figure,
/// deployment, asset, place, dispute, data note, excerpt, source).
///
/// An event shows its date as a reader says it and how it was worked out, its actors with
/// their roles, every excerpt that states it (source, outlet, reliability) and the disputes
/// that touch it with their sides. A source shows its text with line numbers, the cited spans
/// marked (⟦ ⟧ on a terminal, [ ] in a pipe) and the facts each line supports. An unknown id
/// is an error naming the closest ids.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb show e-082\n  \
    $ crisisdb show a2\n  \
    $ crisisdb show a0 --repaired\n  \
    $ crisisdb show donald-trump --format json")]
pub struct Args {
    /// The ids to show (an id in two tables shows both rows).
    #[arg(required = true, num_args = 1..)]
    pub ids: Vec<String>,
    /// Read an article with the data notes' readings in place of the damaged words.
    #[arg(long)]
    pub repaired: bool,
    /// text: for people, fitted to the terminal; json: one array of objects, for scripts.
    #[arg(long, short = 'F', value_parser = ["text", "json"], default_value = "text")]
    pub format: String,
    /// Fit text to this many columns (default: the terminal's width, else $COLUMNS, else 100).
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

/// Resolves every id first (so a typo fails before anything prints), then prints the records.
pub fn run(args: Args, ctx: &Context) -> Result<()> {
    let terminal = io::stdout().is_terminal();
    let opts = show::Options {
        repaired: args.repaired,
        width: args.width.unwrap_or_else(|| width(terminal)),
        marks: if terminal { ("⟦", "⟧") } else { ("[", "]") },
    };
    let conn = super::open_for_query(ctx, false, None)?;
    let mut wanted = Vec::new();
    for id in &args.ids {
        wanted.extend(show::resolve(&conn, id)?);
    }
    let records = wanted
        .iter()
        .map(|(kind, id)| show::read(&conn, kind, id, &opts))
        .collect::<Result<Vec<_>>>()?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.format == "json" {
        show::write_json(&mut out, &records)?;
    } else {
        show::write_text(&mut out, &records, &opts)?;
    }
    out.flush()?;
    Ok(())
}

/// The terminal's width, else $COLUMNS, else 100.
fn width(terminal: bool) -> usize {
    let tty = terminal
        .then(|| comfy_table::Table::new().width())
        .flatten()
        .map(usize::from);
    tty.or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(100)
}
