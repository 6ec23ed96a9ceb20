//! Excel workbooks (.xlsx), written with rust_xlsxwriter in its constant-memory mode: numbers
//! as numbers, ISO dates as date cells, text as text (no `="..."` tricks: a typed cell is never
//! re-read), a frozen header, widths fitted to the data and capped, long text wrapped. Used by
//! `--format xlsx` (one result set per file) and by the export bundle's workbook.

use std::io::{self, Seek, Write};
use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::Connection;
use rusqlite::types::{Value, ValueRef};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::{Cells, Options, RowSink, blob_hex};
use crate::export::Object;

/// Rows kept back to decide which columns are dates (every value an ISO date) before the
/// first row is written; memory stays bounded however many rows follow.
const LOOKAHEAD: usize = 1000;
/// Column widths, in characters.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;
/// Text longer than this (or with a line break) wraps within its capped column.
const WRAP_AT: usize = 50;
/// Excel's limits: characters in a cell, rows in a sheet, exact digits of a number.
const MAX_CELL_CHARS: usize = 32_767;
const MAX_ROWS: u32 = 1_048_576;
const MAX_EXACT_INT: i64 = 999_999_999_999_999;

/// The cell formats a workbook's sheets share.
struct Formats {
    header: Format,
    date: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            wrap: Format::new().set_text_wrap(),
        }
    }
}

fn xlsx_err(e: XlsxError) -> io::Error {
    io::Error::other(format!("writing the workbook: {e}"))
}

/// `text` as a date Excel can hold, if it is exactly a real day written YYYY-MM-DD.
fn iso_date(text: &str) -> Option<ExcelDateTime> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u16> {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| text[r].parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    // a day that does not exist (2025-02-30) stays text, and so does one before 1900 (and
    // 1900-02-29, which only Excel's calendar has)
    if y < 1900 || text == "1900-02-29" {
        return None;
    }
    ExcelDateTime::from_ymd(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?).ok()
}

/// A column whose name says it holds dates (the naming rule of the schema: `*_date`,
/// `*_start`, `*_end`, but not the character offsets `char_start`/`char_end`).
fn named_as_date(name: &str) -> bool {
    name == "date"
        || name.ends_with("_date")
        || ((name.ends_with("_start") || name.ends_with("_end")) && !name.starts_with("char_"))
}

/// One worksheet being written row by row.
struct Sheet {
    ws: Worksheet,
    columns: Vec<String>,
    /// Whether each column's ISO-date text is written as dates; decided after the look-ahead.
    dates: Option<Vec<bool>>,
    pending: Vec<Vec<Value>>,
    widths: Vec<usize>,
    next_row: u32,
    header: bool,
    null: Option<String>,
    /// Where the whole of a text too long for a cell is (the bundle's CSV of the same table):
    /// such a cell then holds its beginning and says so. Without it, such a text is an error.
    whole_in: Option<String>,
}

impl Sheet {
    fn new(
        book: &mut Workbook,
        name: Option<&str>,
        columns: &[String],
        header: bool,
        null: Option<String>,
        f: &Formats,
    ) -> io::Result<Sheet> {
        let mut ws = book
            .new_worksheet_with_constant_memory()
            .map_err(xlsx_err)?;
        if let Some(name) = name {
            ws.set_name(name).map_err(xlsx_err)?;
        }
        let mut widths = vec![MIN_WIDTH; columns.len()];
        if header {
            for (i, c) in columns.iter().enumerate() {
                ws.write_string_with_format(0, col(i)?, c, &f.header)
                    .map_err(xlsx_err)?;
                widths[i] = widths[i].max(c.chars().count() + 2);
            }
            ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
        }
        Ok(Sheet {
            ws,
            columns: columns.to_vec(),
            dates: None,
            pending: Vec::new(),
            widths,
            next_row: u32::from(header),
            header,
            null,
            whole_in: None,
        })
    }

    fn row(&mut self, values: &dyn Cells, f: &Formats) -> io::Result<()> {
        if self.dates.is_some() {
            let cells: Vec<ValueRef<'_>> = (0..values.count()).map(|i| values.cell(i)).collect();
            return self.write(&cells, f);
        }
        self.pending
            .push((0..values.count()).map(|i| owned(values.cell(i))).collect());
        if self.pending.len() >= LOOKAHEAD {
            self.flush_pending(f)?;
        }
        Ok(())
    }

    /// Decides the date columns from the rows held back, then writes them.
    fn flush_pending(&mut self, f: &Formats) -> io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        let dates = (0..self.columns.len())
            .map(|i| {
                let mut texts = pending.iter().filter_map(|r| match &r[i] {
                    Value::Null => None,
                    Value::Text(t) => Some(Some(t.as_str())),
                    _ => Some(None),
                });
                named_as_date(&self.columns[i])
                    || (texts.clone().next().is_some()
                        && texts.all(|t| t.is_some_and(|t| iso_date(t).is_some())))
            })
            .collect();
        self.dates = Some(dates);
        for r in &pending {
            let cells: Vec<ValueRef<'_>> = r.iter().map(ValueRef::from).collect();
            self.write(&cells, f)?;
        }
        Ok(())
    }

    fn write(&mut self, cells: &[ValueRef<'_>], f: &Formats) -> io::Result<()> {
        let row = self.next_row;
        if row >= MAX_ROWS {
            return Err(io::Error::other(format!(
                "a spreadsheet sheet holds at most {MAX_ROWS} rows; this result has more (use csv)"
            )));
        }
        for (i, v) in cells.iter().enumerate() {
            let c = col(i)?;
            let ws = &mut self.ws;
            let width = match *v {
                ValueRef::Null => match &self.null {
                    Some(t) => {
                        ws.write_string(row, c, t).map_err(xlsx_err)?;
                        t.chars().count()
                    }
                    None => 0,
                },
                ValueRef::Integer(n) if n.abs() <= MAX_EXACT_INT => {
                    ws.write_number(row, c, n as f64).map_err(xlsx_err)?;
                    itoa::Buffer::new().format(n).len()
                }
                // past 15 digits a spreadsheet number would round: the exact digits as text
                ValueRef::Integer(n) => self.text(row, i, &n.to_string(), false, f)?,
                ValueRef::Real(x) if x.is_finite() => {
                    ws.write_number(row, c, x).map_err(xlsx_err)?;
                    super::real_text(x).len()
                }
                ValueRef::Real(x) => self.text(row, i, &super::real_text(x), false, f)?,
                ValueRef::Text(t) => {
                    let t = String::from_utf8_lossy(t);
                    let date = self.dates.as_ref().is_some_and(|d| d[i]);
                    self.text(row, i, &t, date, f)?
                }
                ValueRef::Blob(b) => self.text(row, i, &blob_hex(b), false, f)?,
            };
            self.widths[i] = self.widths[i].max(width + 1);
        }
        self.next_row += 1;
        Ok(())
    }

    /// Writes a text cell (a date cell if `date` and it is one); returns its width.
    fn text(&mut self, row: u32, i: usize, t: &str, date: bool, f: &Formats) -> io::Result<usize> {
        let c = col(i)?;
        if date && let Some(d) = iso_date(t) {
            self.ws
                .write_date_with_format(row, c, &d, &f.date)
                .map_err(xlsx_err)?;
            return Ok(10);
        }
        let chars = t.chars().count();
        let cut;
        let t = match &self.whole_in {
            Some(whole) if chars > MAX_CELL_CHARS => {
                let note =
                    format!(" … [cut: {chars} characters in all; the whole text is in {whole}]");
                let keep = MAX_CELL_CHARS - note.chars().count();
                cut = t.chars().take(keep).collect::<String>() + &note;
                cut.as_str()
            }
            _ => t,
        };
        if chars > MAX_CELL_CHARS && self.whole_in.is_none() {
            return Err(io::Error::other(format!(
                "row {}, column {}: {chars} characters is more than a spreadsheet cell holds ({MAX_CELL_CHARS}); use csv",
                row + 1 - u32::from(self.header),
                self.columns[i]
            )));
        }
        if chars > WRAP_AT || t.contains('\n') {
            self.ws
                .write_string_with_format(row, c, t, &f.wrap)
                .map_err(xlsx_err)?;
        } else {
            self.ws.write_string(row, c, t).map_err(xlsx_err)?;
        }
        Ok(t.lines().map(|l| l.chars().count()).max().unwrap_or(0))
    }

    /// Writes what is held back, sets the widths and hands the sheet to the workbook.
    fn finish(mut self, book: &mut Workbook, f: &Formats) -> io::Result<()> {
        if self.dates.is_none() {
            self.flush_pending(f)?;
        }
        for (i, w) in self.widths.iter().enumerate() {
            self.ws
                .set_column_width(col(i)?, (*w).min(MAX_WIDTH) as f64)
                .map_err(xlsx_err)?;
        }
        book.push_worksheet(self.ws);
        Ok(())
    }
}

fn owned(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

fn col(i: usize) -> io::Result<u16> {
    u16::try_from(i)
        .ok()
        .filter(|c| *c < 16_384)
        .ok_or_else(|| io::Error::other("a spreadsheet sheet holds at most 16,384 columns"))
}

/// Saves `book` into `out` by way of a private temporary file, so that the zip is never
/// held in memory whole.
fn save(book: &mut Workbook, out: &mut dyn Write) -> io::Result<()> {
    let mut tmp = tempfile::tempfile()?;
    book.save_to_writer(&mut tmp).map_err(xlsx_err)?;
    tmp.rewind()?;
    io::copy(&mut tmp, out)?;
    out.flush()
}

/// Whether standard output is a regular file (`> out.xlsx`), where binary output belongs.
fn stdout_is_file() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .map(std::fs::File::from)
            .and_then(|f| f.metadata())
            .is_ok_and(|m| m.is_file())
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// The `--format xlsx` sink. Without `--output` it writes to standard output only when that
/// is a file: a workbook is binary, and a terminal or a pipe would get zip bytes.
pub(super) fn sink(out: Box<dyn Write>, opts: &Options) -> Result<Box<dyn RowSink>> {
    if opts.path.is_none() && !stdout_is_file() {
        // a mistake in the call, so it exits 2 like clap's own
        return Err(anyhow::Error::new(crate::UsageError(
            "--format xlsx writes a binary workbook: name the file with --output FILE.xlsx (or redirect standard output to a file)".into(),
        )));
    }
    Ok(Box::new(XlsxSink {
        out,
        book: Workbook::new(),
        formats: Formats::new(),
        sheet: None,
        saved: false,
        header: opts.header,
        null: opts.null.clone(),
    }))
}

struct XlsxSink {
    out: Box<dyn Write>,
    book: Workbook,
    formats: Formats,
    sheet: Option<Sheet>,
    saved: bool,
    header: bool,
    null: Option<String>,
}

impl RowSink for XlsxSink {
    fn header(&mut self, columns: &[String]) -> io::Result<()> {
        if self.saved {
            return Err(io::Error::other(
                "--format xlsx writes one result set per file, and this SQL returns rows from more than one statement",
            ));
        }
        let sheet = Sheet::new(
            &mut self.book,
            None,
            columns,
            self.header,
            self.null.clone(),
            &self.formats,
        )?;
        self.sheet = Some(sheet);
        Ok(())
    }

    fn row(&mut self, values: &dyn Cells) -> io::Result<()> {
        match &mut self.sheet {
            Some(s) => s.row(values, &self.formats),
            None => Err(io::Error::other("a row before the header")),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        if let Some(s) = self.sheet.take() {
            s.finish(&mut self.book, &self.formats)?;
        }
        self.saved = true;
        save(&mut self.book, &mut self.out)
    }
}

/// Excel's rules for a sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    name.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

/// The export bundle's workbook at `path`: a first sheet `columns` describing every column of
/// every table and view, then one sheet per table and view with all its rows.
/// `whole_in` names the file that holds each object's rows whole: a text longer than a cell holds
/// is cut there, and the cell says where the rest is. Gives the file's SHA-256, taken as it is
/// written (the workbook is never read back: 113 MiB at 100,000 events).
pub fn workbook(
    conn: &Connection,
    objects: &[Object],
    path: &Path,
    whole_in: impl Fn(&Object) -> String,
) -> Result<String> {
    let mut book = Workbook::new();
    let f = Formats::new();
    let described = [
        "table",
        "kind",
        "table_description",
        "column",
        "type",
        "primary_key",
        "not_null",
        "description",
    ]
    .map(String::from);
    let mut sheet = Sheet::new(&mut book, Some("columns"), &described, true, None, &f)?;
    for o in objects {
        for c in &o.columns {
            let row: Vec<ValueRef<'_>> = vec![
                ValueRef::Text(o.name.as_bytes()),
                ValueRef::Text(o.kind.as_bytes()),
                ValueRef::Text(o.description.as_bytes()),
                ValueRef::Text(c.name.as_bytes()),
                ValueRef::Text(c.ty.as_bytes()),
                ValueRef::Integer(c.pk),
                ValueRef::Integer(i64::from(c.not_null)),
                ValueRef::Text(c.description.as_bytes()),
            ];
            sheet.row(&row, &f)?;
        }
    }
    sheet.finish(&mut book, &f)?;
    for o in objects {
        let sql = format!("SELECT * FROM \"{}\"", o.name.replace('"', "\"\""));
        let mut stmt = conn.prepare(&sql)?;
        let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let n = columns.len();
        let mut sheet = Sheet::new(
            &mut book,
            Some(&sheet_name(&o.name)),
            &columns,
            true,
            None,
            &f,
        )?;
        sheet.whole_in = Some(whole_in(o));
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            sheet
                .row(&super::RowCells(r, n), &f)
                .with_context(|| format!("writing {} to {}", o.name, path.display()))?;
        }
        sheet.finish(&mut book, &f)?;
    }
    let file =
        std::fs::File::create(path).with_context(|| format!("writing {}", path.display()))?;
    let (mut file, hash) = crate::hashwrite::hashing(file);
    save(&mut book, &mut file).with_context(|| format!("writing {}", path.display()))?;
    Ok(hash.hex())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_iso_days_only() {
        assert!(iso_date("2025-10-19").is_some());
        for t in [
            "2025-02-30",
            "2025-10",
            "2025-10-19T10:00",
            "19-10-2025",
            "1899-12-31",
            "2025-1-19",
        ] {
            assert!(iso_date(t).is_none(), "{t}");
        }
        for n in ["start_date", "as_of_end", "published_start", "date"] {
            assert!(named_as_date(n), "{n}");
        }
        for n in ["char_start", "date_note", "date_precision", "updated"] {
            assert!(!named_as_date(n), "{n}");
        }
        assert_eq!(sheet_name("a/b:c"), "a_b_c");
    }
}
