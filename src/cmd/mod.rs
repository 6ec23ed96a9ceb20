//! One module per subcommand, each with its clap `Args` and a `run(args, &Context)`. A command
//! turns its flags into plain settings and calls the library below (`query`, `output`,
//! `export`, `db`, ...); no command calls another, and nothing below `cmd` sees clap.

pub mod build;
pub mod check;
pub mod completions;
pub mod export;
pub mod man;
pub mod migrate;
pub mod queries;
pub mod report;
pub mod run;
pub mod schema;
pub mod search;
pub mod show;
pub mod sql;

use std::path::PathBuf;

use anyhow::Result;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use rusqlite::Connection;

use crate::output::{self, Format};
use crate::query;

/// What every command is given, whatever its own flags: the settings of the global options.
#[derive(Debug, Clone)]
pub struct Context {
    /// The database file.
    pub db: PathBuf,
    /// A folder of canned queries that adds to (and may replace) the embedded ones.
    pub sql_dir: Option<PathBuf>,
}

/// Opens the database for a query command: builds or refreshes it from the embedded seeds if
/// needed, opens it read-only unless `write`, and arms `--timeout` and Ctrl-C.
pub fn open_for_query(ctx: &Context, write: bool, timeout: Option<f64>) -> Result<Connection> {
    query::open(&ctx.db, write, timeout)
}

/// Runs canned query `name` with the `-p` values `params`: what `run` and `search` do.
fn run_canned(ctx: &Context, name: &str, params: &[String], flags: QueryFlags) -> Result<()> {
    let catalog = query::catalog(ctx.sql_dir.as_deref())?;
    let q = query::find(&catalog, name)?;
    // canned queries are read-only too: a file from --sql-dir cannot write
    let conn = open_for_query(ctx, false, flags.timeout)?;
    query::run_canned(&conn, q, params, &flags.out.into_options(ctx))
}

/// The flags of every command that runs a query: a time limit, and where the rows go.
#[derive(clap::Args, Debug, Clone)]
pub struct QueryFlags {
    /// Stop the query after this many seconds (above 0, at most a year), also inside the work
    /// of one row.
    #[arg(long, value_name = "SECONDS", value_parser = timeout_parser)]
    pub timeout: Option<f64>,
    #[command(flatten)]
    pub out: OutputFlags,
}

/// The output flags of every command that prints rows.
#[derive(clap::Args, Debug, Clone)]
pub struct OutputFlags {
    /// Output format. Default: table on a terminal, xlsx with --output FILE.xlsx, else csv.
    #[arg(long, short = 'F', value_parser = format_parser())]
    pub format: Option<Format>,
    /// Leave out the header row (csv, tsv, table, markdown).
    #[arg(long)]
    pub no_header: bool,
    /// Text written for NULL (default: empty in csv/tsv, `NULL` in table and markdown).
    #[arg(long, value_name = "TEXT")]
    pub null: Option<String>,
    /// Write to FILE (atomically: a temporary file renamed into place when complete; a pipe or
    /// device such as /dev/null is written into). Never the database being read; another
    /// SQLite database only with --overwrite-database.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Let --output replace a SQLite database file (never the one being read).
    #[arg(long)]
    pub overwrite_database: bool,
    /// Start CSV/TSV with a UTF-8 byte-order mark, as Excel needs to read UTF-8.
    #[arg(long)]
    pub bom: bool,
    /// Spreadsheet-safe CSV: BOM, CRLF line ends, and every cell a spreadsheet would run as a
    /// formula (leading = + - @ tab) or read as a number, date or boolean (007, 1e5, Mar 5,
    /// 2025-10-19, false), header included, written as ="..." so Excel and LibreOffice show
    /// exactly the text.
    #[arg(long)]
    pub excel: bool,
    /// Table format: show at most N rows and count the rest (default 1000; 0 shows all).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Table format: show long cells whole (they are cut at 60 characters with …).
    #[arg(long, visible_alias = "full")]
    pub wide: bool,
}

impl OutputFlags {
    /// The writer's options: an unset --format is a table on a terminal, else CSV; the
    /// database `ctx` names is never written over.
    pub fn into_options(self, ctx: &Context) -> output::Options {
        output::Options {
            format: self
                .format
                .unwrap_or_else(|| Format::default_for(self.output.as_deref())),
            header: !self.no_header,
            null: self.null,
            path: self.output,
            bom: self.bom,
            excel: self.excel,
            limit: self.limit,
            wide: self.wide,
            guard: crate::fsutil::Guard {
                database: Some(ctx.db.clone()),
                overwrite_database: self.overwrite_database,
            },
        }
    }
}

/// `--timeout SECONDS`, checked when the flags are read (a usage error).
fn timeout_parser(s: &str) -> Result<f64, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    query::exec::timeout_duration(secs).map_err(|e| e.to_string())?;
    Ok(secs)
}

/// The values of --format, each with its help.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    let help = |f| match f {
        Format::Table => "A table fitted to the terminal (the default on a terminal)",
        Format::Csv => {
            "RFC 4180 CSV, UTF-8 (the default when output is piped or written to a file)"
        }
        Format::Tsv => "Tab-separated values, quoted like CSV where needed",
        Format::Json => "One JSON array of objects",
        Format::Jsonl => "One JSON object per line",
        Format::Markdown => "A GitHub-flavoured Markdown table",
        Format::Line => "One field per line, `name = value`, a blank line between records",
        Format::Xlsx => {
            "An Excel workbook with typed cells (needs --output FILE.xlsx, or stdout a file)"
        }
    };
    let values = Format::ALL.map(|f| PossibleValue::new(f.name()).help(help(f)));
    PossibleValuesParser::new(values)
        .map(|name| Format::named(&name).expect("--format takes only the names of formats"))
}
