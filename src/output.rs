//! Writers for query results: table, csv, tsv, json, jsonl, markdown. Every format but `table`
//! streams: a row is written as it comes from SQLite and nothing is kept, so memory stays flat
//! however many rows there are. `--output FILE` writes to a temporary file beside FILE and
//! renames it into place only when the whole result is written.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::ValueEnum;
use rusqlite::types::ValueRef;
use tempfile::NamedTempFile;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table fitted to the terminal (the default on a terminal)
    Table,
    /// RFC 4180 CSV, UTF-8 (the default when output is piped or written to a file)
    Csv,
    /// Tab-separated values, quoted like CSV where needed
    Tsv,
    /// One JSON array of objects
    Json,
    /// One JSON object per line
    Jsonl,
    /// A GitHub-flavoured Markdown table
    Markdown,
}

/// Output options shared by every command that prints rows.
#[derive(clap::Args, Debug, Clone)]
pub struct OutputArgs {
    /// Output format. Default: table on a terminal, csv when piped or with --output.
    #[arg(long, short = 'F', value_enum)]
    pub format: Option<Format>,
    /// Leave out the header row (csv, tsv, table, markdown).
    #[arg(long)]
    pub no_header: bool,
    /// Text written for NULL (default: empty in csv/tsv, `NULL` in table and markdown).
    #[arg(long, value_name = "TEXT")]
    pub null: Option<String>,
    /// Write to FILE (atomically: a temporary file renamed into place when complete).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Start CSV/TSV with a UTF-8 byte-order mark, as Excel needs to read UTF-8.
    #[arg(long)]
    pub bom: bool,
    /// Spreadsheet-safe CSV: BOM, CRLF line ends, cells that a spreadsheet would run as a
    /// formula (leading = + - @ tab CR) prefixed with a single quote, and text that looks like a
    /// number or date but is text (007, 63,000, 2025-10-19) written as ="007" so it stays text.
    #[arg(long)]
    pub excel: bool,
    /// Table format: show at most N rows (and say how many were cut).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

impl OutputArgs {
    fn format(&self) -> Format {
        self.format
            .unwrap_or(if self.output.is_none() && io::stdout().is_terminal() {
                Format::Table
            } else {
                Format::Csv
            })
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

/// Where the rows go: stdout, or a temporary file that becomes `--output` on `commit`.
pub struct Destination {
    temp: Option<(NamedTempFile, PathBuf)>,
}

impl Destination {
    fn open(output: Option<&Path>) -> Result<(Destination, Box<dyn Write>)> {
        match output {
            None => Ok((
                Destination { temp: None },
                Box::new(Named {
                    w: BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
                    name: "to standard output".into(),
                }),
            )),
            Some(path) => {
                let dir = match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let tmp = tempfile::Builder::new()
                    .prefix(".crisisdb-output-")
                    .tempfile_in(&dir)
                    .with_context(|| format!("cannot write in {}", dir.display()))?;
                let file = tmp.reopen()?;
                Ok((
                    Destination {
                        temp: Some((tmp, path.to_path_buf())),
                    },
                    Box::new(Named {
                        w: BufWriter::with_capacity(64 * 1024, file),
                        name: path.display().to_string(),
                    }),
                ))
            }
        }
    }

    /// Moves a completed `--output` file into place. Without a call the temporary file is
    /// removed, so an error mid-stream leaves nothing that looks complete.
    pub fn commit(self) -> Result<()> {
        if let Some((tmp, path)) = self.temp {
            tmp.as_file().sync_all()?;
            tmp.persist(&path)
                .with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(())
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

/// Opens the destination and a sink of the chosen format over it.
pub fn open(args: &OutputArgs) -> Result<(Destination, Box<dyn RowSink>)> {
    let (dest, out) = Destination::open(args.output.as_deref())?;
    let format = args.format();
    let header = !args.no_header;
    let sink: Box<dyn RowSink> = match format {
        Format::Csv | Format::Tsv => delimited(out, format == Format::Tsv, args, header)?,
        Format::Json | Format::Jsonl => Box::new(JsonSink {
            w: out,
            lines: format == Format::Jsonl,
            keys: Vec::new(),
            rows: 0,
        }),
        Format::Markdown => Box::new(MarkdownSink {
            w: out,
            header,
            null: args.null.clone().unwrap_or_else(|| "NULL".into()),
        }),
        Format::Table => Box::new(TableSink {
            w: out,
            header,
            null: args.null.clone().unwrap_or_else(|| "NULL".into()),
            limit: args.limit,
            columns: Vec::new(),
            rows: Vec::new(),
            numeric: Vec::new(),
            seen: 0,
        }),
    };
    Ok((dest, sink))
}

/// A CSV sink over `out` with a header row: byte-faithful, or with the `excel` profile.
pub fn csv_sink(out: Box<dyn Write>, excel: bool) -> Result<Box<dyn RowSink>> {
    let args = OutputArgs {
        format: Some(Format::Csv),
        no_header: false,
        null: None,
        output: None,
        bom: false,
        excel,
        limit: None,
    };
    delimited(out, false, &args, true)
}

fn delimited(
    mut out: Box<dyn Write>,
    tabs: bool,
    args: &OutputArgs,
    header: bool,
) -> Result<Box<dyn RowSink>> {
    if args.bom || args.excel {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut b = csv::WriterBuilder::new();
    b.delimiter(if tabs { b'\t' } else { b',' });
    if args.excel {
        b.terminator(csv::Terminator::CRLF);
    }
    Ok(Box::new(CsvSink {
        w: b.from_writer(out),
        header,
        excel: args.excel,
        null: args.null.clone().unwrap_or_default(),
        buf: Vec::new(),
    }))
}

/// A real as SQLite's own text conversion gives it: always with a decimal point or exponent,
/// so 250.0 stays distinguishable from the integer 250.
fn real_text(f: f64) -> String {
    format!("{f:?}")
}

fn blob_hex(b: &[u8]) -> String {
    crate::seeds::hex(b)
}

struct CsvSink<W: Write> {
    w: csv::Writer<W>,
    header: bool,
    excel: bool,
    null: String,
    buf: Vec<u8>,
}

/// OWASP's advice for CSV injection: a cell a spreadsheet would evaluate gets a leading `'`.
/// A cell that already starts with `'` gets one too, so that removing one `'` always gives
/// the original text back.
fn needs_formula_guard(text: &[u8]) -> bool {
    matches!(
        text.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\'')
    )
}

/// Text a spreadsheet would read as a number, date or percentage and so change: `007`,
/// `63,000`, `25%`, `2025-10-19`, long ids. Such text is written as `="..."` to stay text.
fn spreadsheet_would_convert(text: &[u8]) -> bool {
    text.iter().any(u8::is_ascii_digit)
        && text
            .iter()
            .all(|b| b.is_ascii_digit() || b" ,.%$+-/:()".contains(b))
}

impl<W: Write> CsvSink<W> {
    fn text_field(&mut self, text: &[u8]) -> csv::Result<()> {
        if !self.excel {
            return self.w.write_field(text);
        }
        self.buf.clear();
        if needs_formula_guard(text) {
            self.buf.push(b'\'');
            self.buf.extend_from_slice(text);
        } else if spreadsheet_would_convert(text) {
            // ="007" is the spreadsheet idiom for text that must stay text
            self.buf.extend_from_slice(b"=\"");
            self.buf.extend_from_slice(text);
            self.buf.push(b'"');
        } else {
            return self.w.write_field(text);
        }
        let Self { w, buf, .. } = self;
        w.write_field(&buf[..])
    }
}

fn io_err(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl<W: Write> RowSink for CsvSink<W> {
    fn header(&mut self, columns: &[String]) -> io::Result<()> {
        if self.header {
            self.w.write_record(columns).map_err(io_err)?;
        }
        Ok(())
    }

    fn row(&mut self, values: &dyn Cells) -> io::Result<()> {
        let mut itoa = itoa::Buffer::new();
        for i in 0..values.count() {
            let r = match values.cell(i) {
                ValueRef::Null => {
                    let null = std::mem::take(&mut self.null);
                    let r = self.w.write_field(&null);
                    self.null = null;
                    r
                }
                ValueRef::Integer(i) => self.w.write_field(itoa.format(i)),
                ValueRef::Real(f) => self.w.write_field(real_text(f)),
                ValueRef::Text(t) => self.text_field(t),
                ValueRef::Blob(b) => self.w.write_field(blob_hex(b)),
            };
            r.map_err(io_err)?;
        }
        self.w.write_record(None::<&[u8]>).map_err(io_err)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

struct JsonSink<W: Write> {
    w: W,
    lines: bool,
    /// the column names, already escaped as JSON strings followed by `:`
    keys: Vec<Vec<u8>>,
    rows: u64,
}

impl<W: Write> RowSink for JsonSink<W> {
    fn header(&mut self, columns: &[String]) -> io::Result<()> {
        self.keys = columns
            .iter()
            .map(|c| {
                let mut k = serde_json::to_vec(c).expect("a string serializes");
                k.push(b':');
                k
            })
            .collect();
        if !self.lines {
            self.w.write_all(b"[")?;
        }
        Ok(())
    }

    fn row(&mut self, values: &dyn Cells) -> io::Result<()> {
        if !self.lines && self.rows > 0 {
            self.w.write_all(b",")?;
        }
        if !self.lines {
            self.w.write_all(b"\n")?;
        }
        self.rows += 1;
        self.w.write_all(b"{")?;
        let mut itoa = itoa::Buffer::new();
        for (i, k) in self.keys.iter().enumerate() {
            if i > 0 {
                self.w.write_all(b",")?;
            }
            self.w.write_all(k)?;
            match values.cell(i) {
                ValueRef::Null => self.w.write_all(b"null")?,
                ValueRef::Integer(n) => self.w.write_all(itoa.format(n).as_bytes())?,
                ValueRef::Real(f) if f.is_finite() => self.w.write_all(real_text(f).as_bytes())?,
                ValueRef::Real(_) => self.w.write_all(b"null")?,
                ValueRef::Text(t) => {
                    serde_json::to_writer(&mut self.w, &String::from_utf8_lossy(t))?
                }
                ValueRef::Blob(b) => serde_json::to_writer(&mut self.w, &blob_hex(b))?,
            }
        }
        self.w.write_all(b"}")?;
        if self.lines {
            self.w.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if !self.lines {
            self.w
                .write_all(if self.rows > 0 { b"\n]\n" } else { b"]\n" })?;
        }
        self.w.flush()
    }
}

/// The text a cell shows in table and markdown output.
fn display(v: &ValueRef<'_>, null: &str) -> String {
    match *v {
        ValueRef::Null => null.to_string(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => real_text(f),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => blob_hex(b),
    }
}

struct MarkdownSink<W: Write> {
    w: W,
    header: bool,
    null: String,
}

fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

impl<W: Write> RowSink for MarkdownSink<W> {
    fn header(&mut self, columns: &[String]) -> io::Result<()> {
        if self.header {
            let names: Vec<String> = columns.iter().map(|c| md_cell(c)).collect();
            writeln!(self.w, "| {} |", names.join(" | "))?;
            writeln!(self.w, "|{}", " --- |".repeat(columns.len()))?;
        }
        Ok(())
    }

    fn row(&mut self, values: &dyn Cells) -> io::Result<()> {
        let cells: Vec<String> = (0..values.count())
            .map(|i| md_cell(&display(&values.cell(i), &self.null)))
            .collect();
        writeln!(self.w, "| {} |", cells.join(" | "))
    }

    fn finish(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// Buffers the rows (up to `--limit`) to fit them to the terminal.
struct TableSink<W: Write> {
    w: W,
    header: bool,
    null: String,
    limit: Option<usize>,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    /// per column: every non-NULL value so far was a number
    numeric: Vec<bool>,
    seen: usize,
}

impl<W: Write> RowSink for TableSink<W> {
    fn header(&mut self, columns: &[String]) -> io::Result<()> {
        self.columns = columns.to_vec();
        self.numeric = vec![true; columns.len()];
        Ok(())
    }

    fn row(&mut self, values: &dyn Cells) -> io::Result<()> {
        self.seen += 1;
        if self.limit.is_some_and(|l| self.rows.len() >= l) {
            return Ok(());
        }
        let mut row = Vec::with_capacity(values.count());
        for i in 0..values.count() {
            let v = values.cell(i);
            if matches!(v, ValueRef::Text(_) | ValueRef::Blob(_)) {
                self.numeric[i] = false;
            }
            row.push(display(&v, &self.null));
        }
        self.rows.push(row);
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
        let mut t = Table::new();
        t.load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if self.header {
            t.set_header(&self.columns);
        }
        for r in self.rows.drain(..) {
            t.add_row(r);
        }
        for (i, numeric) in self.numeric.iter().enumerate() {
            if *numeric && let Some(col) = t.column_mut(i) {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        writeln!(self.w, "{t}")?;
        let shown = self.seen.min(self.limit.unwrap_or(usize::MAX));
        if shown < self.seen {
            writeln!(
                self.w,
                "({shown} of {} rows shown; --limit cut {})",
                self.seen,
                self.seen - shown
            )?;
        } else {
            writeln!(
                self.w,
                "({} row{})",
                self.seen,
                if self.seen == 1 { "" } else { "s" }
            )?;
        }
        self.w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_guards() {
        for t in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'quoted"] {
            assert!(needs_formula_guard(t.as_bytes()), "{t:?}");
        }
        for t in ["plain", "1-2", "a=b", ""] {
            assert!(!needs_formula_guard(t.as_bytes()), "{t:?}");
        }
        for t in [
            "007",
            "0123.5",
            "1234567890123456",
            "63,000",
            "25%",
            "2025-10-19",
            "0.5",
        ] {
            assert!(spreadsheet_would_convert(t.as_bytes()), "{t:?}");
        }
        for t in ["07a", "$614 million", "Plan Colombia (2000)", "", "--"] {
            assert!(!spreadsheet_would_convert(t.as_bytes()), "{t:?}");
        }
    }
}
