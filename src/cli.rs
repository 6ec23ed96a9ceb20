//! The command line: global options, the subcommands, and how errors become exit codes.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use std::sync::OnceLock;

use clap::{CommandFactory, Parser, Subcommand};

use crate::{UsageError, cmd, query};

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
    /// [default: $CRISISDB_DB if set and not empty, else crisisdb.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// A folder of your own canned queries (.sql files with a header, see README).
    #[arg(long, global = true, env = "CRISISDB_SQL_DIR", value_name = "DIR")]
    pub sql_dir: Option<PathBuf>,
}

/// The subcommands, each named once: the enum clap parses and the dispatch to its module's
/// `run(args, &Context)` are both made from this list.
macro_rules! commands {
    ($($variant:ident => $module:ident,)*) => {
        #[derive(Subcommand, Debug)]
        pub enum Command {
            $($variant(cmd::$module::Args),)*
            Completions(cmd::completions::Args),
            Man(cmd::man::Args),
        }

        impl Command {
            fn run(self, ctx: &cmd::Context) -> anyhow::Result<()> {
                match self {
                    $(Command::$variant(args) => cmd::$module::run(args, ctx),)*
                    Command::Completions(args) => cmd::completions::run(args, Cli::command()),
                    Command::Man(args) => cmd::man::run(args, ctx, Cli::command()),
                }
            }
        }
    };
}

commands! {
    Build => build,
    Migrate => migrate,
    Queries => queries,
    Run => run,
    Sql => sql,
    Schema => schema,
    Search => search,
    Show => show,
    Check => check,
    Export => export,
    Report => report,
}

impl Cli {
    /// Runs the command and turns its outcome into an exit code: 0 ok (also when the reader
    /// of its output went away: `crisisdb check | head -1`), 1 error, 2 usage error (clap's
    /// own before this runs, and `UsageError`), 130 stopped by Ctrl-C.
    pub fn run(self) -> ExitCode {
        // before the Ctrl-C handler's thread
        crate::db::configure_process();
        query::interrupt::install();
        let ctx = self.global.into_context();
        let db = ctx.db.clone();
        let result = if db.is_dir() {
            Err(UsageError(format!(
                "--db {}: that is a folder; name a database file (such as {})",
                db.display(),
                db.join("crisisdb.db").display()
            ))
            .into())
        } else {
            self.command.run(&ctx)
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
            Err(e) => {
                if let Some(code) = query::interrupt::exit_code(&e) {
                    crate::note!("crisisdb: interrupted");
                    return ExitCode::from(code);
                }
                crate::note!("crisisdb: {}", message(&e, &db));
                let usage = e.chain().any(|c| c.is::<UsageError>());
                ExitCode::from(if usage { 2 } else { 1 })
            }
        }
    }
}

/// `--version`: the crate's version and the short SHA-256 of the embedded seeds (computed at
/// compile time), the `seeds_sha256` that `build_info` of a database built from them records.
fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        format!(
            "{} (dataset seeds sha256 {})",
            env!("CARGO_PKG_VERSION"),
            &crate::seeds::embedded_digest()[..12]
        )
    })
}

impl Global {
    /// The plain settings the commands get.
    fn into_context(self) -> cmd::Context {
        let from_env = std::env::var_os("CRISISDB_DB").filter(|v| !v.is_empty());
        cmd::Context {
            db: self
                .db
                .or(from_env.map(PathBuf::from))
                .unwrap_or_else(|| PathBuf::from("crisisdb.db")),
            sql_dir: self.sql_dir,
        }
    }
}

/// The error as the person reads it, terminal escapes and all control characters but line
/// breaks shown escaped. SQLite's "file is not a database" and "database disk
/// image is malformed" do not say which file, so they get the database's name when the
/// message does not have it yet.
fn message(e: &anyhow::Error, db: &std::path::Path) -> String {
    // a message may quote data: its control characters are shown escaped
    let text = query::exec::escape_controls(&format!("{e:#}"));
    let damaged = e.chain().any(|c| {
        matches!(
            c.downcast_ref::<rusqlite::Error>()
                .and_then(rusqlite::Error::sqlite_error_code),
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
        )
    });
    let name = db.display().to_string();
    if damaged && !text.contains(&name) {
        format!("{name}: {text}")
    } else {
        text
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
