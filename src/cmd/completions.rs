//! `crisisdb completions SHELL`: a completion script for bash, zsh, fish, elvish or PowerShell.

use std::io::Write;

use anyhow::Result;
use clap_complete::Shell;

/// Print a shell completion script: subcommands, options, canned query formats.
///
/// Source it from the shell's start-up file, or put it where the shell looks for completions.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
    $ crisisdb completions bash > ~/.local/share/bash-completion/completions/crisisdb\n  \
    $ crisisdb completions zsh > ~/.zfunc/_crisisdb\n  \
    $ crisisdb completions fish > ~/.config/fish/completions/crisisdb.fish")]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Writes the script for `command` (the whole command line, from `cli`) to standard output.
pub fn run(args: Args, mut command: clap::Command) -> Result<()> {
    // into a buffer first: clap_complete panics on a write error, and `| head` is not one
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "crisisdb", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}
