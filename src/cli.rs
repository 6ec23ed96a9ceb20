//! The command line: global options, the subcommands, and how errors become exit codes.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use std::sync::OnceLock;

use clap::{CommandFactory, Parser, Subcommand};

use crate::{cmd, query};

/// A provenance-checked SQLite dataset of the 2025-26 US-Colombia crisis, and a query tool.
///
/// Every fact in the database points at the exact words of the article that states it.
#[derive(Parser, Debug)]
#[command(name = "crisisdb", version = version(), propagate_version = true, about, long_about = None,
    after_help = "Examples:\n  \
    $ crisisdb build\n  \
    $ crisisdb --db /tmp/crisis.db build --seeds ./my-seeds\n  \
    $ crisisdb migrate")]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes.
#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// The database file. Query commands build it from the embedded seeds if it is missing.
    #[arg(
        long,
        global = true,
        env = "CRISISDB_DB",
        default_value = "crisisdb.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,
    /// A folder of your own canned queries (.sql files with a header, see README).
    #[arg(long, global = true, env = "CRISISDB_SQL_DIR", value_name = "DIR")]
    pub sql_dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Build(cmd::build::Args),
    Migrate(cmd::migrate::Args),
    Queries(cmd::queries::Args),
    Run(cmd::run::Args),
    Sql(cmd::sql::Args),
    Schema(cmd::schema::Args),
    Search(cmd::search::Args),
    Show(cmd::show::Args),
    Check(cmd::check::Args),
    Export(cmd::export::Args),
    Report(cmd::report::Args),
    Completions(cmd::completions::Args),
    Man(cmd::man::Args),
}

impl Cli {
    /// Runs the command and turns its outcome into an exit code: 0 ok, 1 error, 130 stopped by
    /// Ctrl-C, 2 for a usage error (clap's, before this runs, or a [`query::UsageError`]).
    pub fn run(self) -> ExitCode {
        let ctx = self.global.into_context();
        let result = match self.command {
            Command::Build(args) => cmd::build::run(args, &ctx),
            Command::Migrate(args) => cmd::migrate::run(args, &ctx),
            Command::Queries(args) => cmd::queries::run(args, &ctx),
            Command::Run(args) => cmd::run::run(args, &ctx),
            Command::Sql(args) => cmd::sql::run(args, &ctx),
            Command::Schema(args) => cmd::schema::run(args, &ctx),
            Command::Search(args) => cmd::search::run(args, &ctx),
            Command::Show(args) => cmd::show::run(args, &ctx),
            Command::Check(args) => cmd::check::run(args, &ctx),
            Command::Export(args) => cmd::export::run(args, &ctx),
            Command::Report(args) => cmd::report::run(args, &ctx),
            Command::Completions(args) => cmd::completions::run(args, Cli::command()),
            Command::Man(args) => cmd::man::run(args, &ctx, Cli::command()),
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("crisisdb: {e:#}");
                if e.chain().any(|c| c.is::<query::UsageError>()) {
                    return ExitCode::from(2);
                }
                ExitCode::from(query::interrupt::exit_code(&e).unwrap_or(1))
            }
        }
    }
}

/// `--version`: the crate's version and the short SHA-256 of the embedded seeds, the
/// `seeds_sha256` that `build_info` of a database built from them records. Hashing the seeds
/// is done only when the version can be shown (`-V`, `--version`, `man`): clap builds the
/// command line on every run.
fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let shown = std::env::args_os()
            .skip(1)
            .any(|a| a == "-V" || a == "--version" || a == "man");
        if !shown {
            return env!("CARGO_PKG_VERSION").to_string();
        }
        let digest = crate::seeds::SeedSet::embedded().digest();
        format!(
            "{} (dataset seeds sha256 {})",
            env!("CARGO_PKG_VERSION"),
            &digest[..12]
        )
    })
}

impl Global {
    /// The plain settings the commands get.
    fn into_context(self) -> cmd::Context {
        cmd::Context {
            db: self.db,
            sql_dir: self.sql_dir,
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
