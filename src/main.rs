use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    crisisdb::cli::Cli::parse().run()
}
