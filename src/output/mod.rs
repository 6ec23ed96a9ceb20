//! Writers for query results: table, csv, tsv, json, jsonl, markdown. Every format but `table`
//! streams: a row is written as it comes from SQLite and nothing is kept, so memory stays flat
//! however many rows there are. A file destination is written by `fsutil`'s one safe writer:
//! a regular file is replaced only when the whole result is written. The writers take plain
//! `Options`; the command line's flags for them live in `cmd`.

mod csv;
mod json;
mod table;
pub mod xlsx;

pub use table::{CELL_CHARS, DEFAULT_TABLE_ROWS};

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rusqlite::types::ValueRef;

use crate::fsutil;

/// The formats rows can be written in.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Jsonl,
    Markdown,
    Line,
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Jsonl,
        Format::Markdown,
        Format::Line,
        Format::Xlsx,
    ];

    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Markdown => "markdown",
            Format::Line => "line",
            Format::Xlsx => "xlsx",
        }
    }

    /// Whether the format shows several results one after the other (the formats for
    /// people); the others hold one table, so statements that return other columns than the
    /// first are refused.
    pub fn shows_many_results(self) -> bool {
        matches!(self, Format::Table | Format::Line | Format::Markdown)
    }

    /// The format called `name`.
    pub fn named(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The format when none is asked for: a table for a person at a terminal, a workbook for
    /// a `path` ending in `.xlsx`, CSV when the rows go to a pipe or to any other `path`.
    pub fn default_for(path: Option<&Path>) -> Format {
        if path.is_some_and(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        }) {
            Format::Xlsx
        } else if path.is_none() && io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Csv
        }
    }
}

/// How and where to write rows.
#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    /// Write the header row (csv, tsv, table, markdown).
    pub header: bool,
    /// Text written for NULL; `None`: empty in csv/tsv, `NULL` in table and markdown.
    pub null: Option<String>,
    /// Write to this file instead of standard output (see `Destination`).
    pub path: Option<PathBuf>,
    /// Start CSV/TSV with a UTF-8 byte-order mark.
    pub bom: bool,
    /// The spreadsheet profile for CSV/TSV: BOM, CRLF, formula and number guards.
    pub excel: bool,
    /// Table: show at most this many rows (`None`: `DEFAULT_TABLE_ROWS`; 0: all).
    pub limit: Option<usize>,
    /// Table: show long cells whole instead of cut at `CELL_CHARS`.
    pub wide: bool,
    /// What writing to `path` must leave alone: the database read, other databases.
    pub guard: fsutil::Guard,
}

impl Default for Options {
    /// Byte-faithful CSV with a header, to standard output.
    fn default() -> Options {
        Options {
            format: Format::Csv,
            header: true,
            null: None,
            path: None,
            bom: false,
            excel: false,
            limit: None,
            wide: false,
            guard: fsutil::Guard::default(),
        }
    }
}

/// One row's cells, read in place: a row of a running query, or values in hand.
pub trait Cells {
    fn count(&self) -> usize;
    fn cell(&self, i: usize) -> ValueRef<'_>;
}

impl Cells for Vec<ValueRef<'_>> {
    fn count(&self) -> usize {
        self.len()
    }
    fn cell(&self, i: usize) -> ValueRef<'_> {
        self[i]
    }
}

/// A row of a running statement with `n` columns.
pub struct RowCells<'a, 'stmt>(pub &'a rusqlite::Row<'stmt>, pub usize);

impl Cells for RowCells<'_, '_> {
    fn count(&self) -> usize {
        self.1
    }
    fn cell(&self, i: usize) -> ValueRef<'_> {
        self.0.get_ref_unwrap(i)
    }
}

/// Receives one result set: the column names, then each row.
pub trait RowSink {
    fn header(&mut self, columns: &[String]) -> io::Result<()>;
    fn row(&mut self, values: &dyn Cells) -> io::Result<()>;
    /// Ends the result set (closes a JSON array, prints a table).
    fn finish(&mut self) -> io::Result<()>;
}

/// Where the rows go: stdout, or `Options::path` through the one safe writer (`fsutil`): a
/// regular file is replaced on `commit`, anything else (a pipe, a device) written into.
pub struct Destination {
    file: Option<fsutil::Writer>,
}

impl Destination {
    fn open(output: Option<&Path>, guard: &fsutil::Guard) -> Result<(Destination, Box<dyn Write>)> {
        let Some(path) = output else {
            return Ok((
                Destination { file: None },
                Box::new(Named {
                    w: BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
                    name: "to standard output".into(),
                }),
            ));
        };
        let file = fsutil::Writer::create(path, guard)?;
        let handle = file
            .handle()
            .with_context(|| format!("opening {}", path.display()))?;
        Ok((
            Destination { file: Some(file) },
            Box::new(Named {
                w: BufWriter::with_capacity(64 * 1024, handle),
                name: path.display().to_string(),
            }),
        ))
    }

    /// Puts a completed output file in place. Without a call a temporary file is removed, so
    /// an error mid-stream leaves nothing that looks complete.
    pub fn commit(self) -> Result<()> {
        match self.file {
            Some(f) => f.commit(),
            None => Ok(()),
        }
    }
}

/// A writer whose errors name where the rows were going ("writing out.csv: No space left on
/// device"). The error keeps its kind, so a closed pipe is still seen as one.
struct Named<W> {
    w: W,
    name: String,
}

impl<W> Named<W> {
    fn wrap(&self, e: io::Error) -> io::Error {
        io::Error::new(e.kind(), format!("writing {}: {e}", self.name))
    }
}

impl<W: Write> Write for Named<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.w.write(buf).map_err(|e| self.wrap(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush().map_err(|e| self.wrap(e))
    }
}

/// Standard output for a command's own text, buffered; its errors say where the text was going
/// and keep their kind (a closed pipe stays one, and the command line ends quietly on it).
pub fn stdout() -> impl Write {
    Named {
        w: BufWriter::new(io::stdout().lock()),
        name: "to standard output".into(),
    }
}

/// Writes a line for the person at the terminal to standard error. A closed standard error is
/// no reason to fail (the work is done, and there is no one left to tell), nor to panic, as
/// `eprintln!` does.
pub fn note(args: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{args}");
}

/// `eprintln!` that cannot panic: `crate::note!("built {}", path)` (see `output::note`).
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {
        $crate::output::note(format_args!($($arg)*))
    };
}

/// Opens the destination and a sink of the chosen format over it.
pub fn open(opts: &Options) -> Result<(Destination, Box<dyn RowSink>)> {
    let (dest, out) = Destination::open(opts.path.as_deref(), &opts.guard)?;
    Ok((dest, sink(out, opts)?))
}

/// A sink of the chosen format over `out` (`opts.path` is not looked at).
pub fn sink(out: Box<dyn Write>, opts: &Options) -> Result<Box<dyn RowSink>> {
    Ok(match opts.format {
        Format::Csv | Format::Tsv => csv::sink(out, opts.format == Format::Tsv, opts)?,
        Format::Json | Format::Jsonl => json::sink(out, opts.format == Format::Jsonl),
        Format::Markdown => table::markdown(out, opts),
        Format::Table => table::table(out, opts),
        Format::Line => table::lines(out, opts),
        Format::Xlsx => xlsx::sink(out, opts)?,
    })
}

/// A real as SQLite's own text conversion gives it: always with a decimal point or exponent,
/// so 250.0 stays distinguishable from the integer 250.
fn real_text(f: f64) -> String {
    format!("{f:?}")
}

fn blob_hex(b: &[u8]) -> String {
    crate::seeds::hex(b)
}
