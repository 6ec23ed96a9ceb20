//! `crisisdb man`: the manual page, in roff, from the same definitions as `--help`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result};

/// Print the manual page (roff), or write one page per command to a folder.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb man | man -l -\n  \
    $ crisisdb man --output /usr/local/share/man/man1")]
pub struct Args {
    /// Write crisisdb.1 and a crisisdb-COMMAND.1 for every subcommand into DIR instead.
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// Renders the pages of `command` (the whole command line, from `cli`).
pub fn run(args: Args, command: clap::Command) -> Result<()> {
    match args.output {
        Some(dir) => {
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            clap_mangen::generate_to(command, &dir)
                .with_context(|| format!("writing manual pages to {}", dir.display()))?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(command).render(&mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}
