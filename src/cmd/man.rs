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

/// Renders the pages of `command` (the whole command line, from `cli`). Each file goes
/// through the one safe writer, like every other file crisisdb writes.
pub fn run(args: Args, ctx: &super::Context, command: clap::Command) -> Result<()> {
    let Some(dir) = args.output else {
        let mut out = std::io::stdout().lock();
        clap_mangen::Man::new(command).render(&mut out)?;
        out.flush()?;
        return Ok(());
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let guard = crate::fsutil::Guard {
        database: Some(ctx.db.clone()),
        overwrite_database: false,
    };
    // built, every subcommand knows its full name (crisisdb-build) for its own page
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let mut todo = vec![command];
    while let Some(cmd) = todo.pop() {
        todo.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
        let man = clap_mangen::Man::new(cmd);
        let mut page = Vec::new();
        man.render(&mut page)?;
        crate::fsutil::write(&dir.join(man.get_filename()), &guard, &page)?;
    }
    Ok(())
}
