//! Text for people: a table fitted to the terminal, one record per block (`line`, for wide
//! rows), and a GitHub-flavoured Markdown table. The table keeps at most `Options::limit` rows
//! (`DEFAULT_TABLE_ROWS` unless set), and cuts a cell at `CELL_CHARS` unless `wide`, so its
//! memory stays small whatever the result; the rows past the limit are only counted.

use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::{Cells, Options, RowSink, blob_hex, real_text};

fn null_text(opts: &Options) -> String {
    opts.null.clone().unwrap_or_else(|| "NULL".into())
}

/// A Markdown table over `out`, streamed row by row.
pub(super) fn markdown(out: Box<dyn Write>, opts: &Options) -> Box<dyn RowSink> {
    Box::new(MarkdownSink {
        w: out,
        header: opts.header,
        null: null_text(opts),
    })
}

/// The rows a table shows when `--limit` is not given.
pub const DEFAULT_TABLE_ROWS: usize = 1000;
/// The characters a table cell shows before it is cut with `…` (unless `--wide`).
pub const CELL_CHARS: usize = 60;

/// A table fitted to the terminal over `out`: rows are kept (up to `opts.limit`) until the end.
pub(super) fn table(out: Box<dyn Write>, opts: &Options) -> Box<dyn RowSink> {
    Box::new(TableSink {
        w: out,
        header: opts.header,
        null: null_text(opts),
        limit: match opts.limit {
            None => DEFAULT_TABLE_ROWS,
            Some(0) => usize::MAX,
            Some(n) => n,
        },
        wide: opts.wide,
        columns: Vec::new(),
        rows: Vec::new(),
        numeric: Vec::new(),
        seen: 0,
    })
}

/// One record per block, each field on its own line as `name = value` (sqlite3's
/// `.mode line`): for rows too wide for a table. Streamed; values are shown whole.
pub(super) fn lines(out: Box<dyn Write>, opts: &Options) -> Box<dyn RowSink> {
    Box::new(LineSink {
        w: out,
        null: null_text(opts),
        columns: Vec::new(),
        width: 0,
        seen: 0,
    })
}

/// `text` cut to `max` characters with `…`, its line breaks shown as `↵` so a row stays one
/// line, and control characters escaped.
fn cut(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n + 1 >= max && text.chars().nth(max).is_some() {
            out.push('…');
            break;
        }
        match c {
            '\n' => out.push('↵'),
            '\r' => {}
            c if c.is_control() => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
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
    limit: usize,
    wide: bool,
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
        if self.rows.len() >= self.limit {
            return Ok(());
        }
        let mut row = Vec::with_capacity(values.count());
        for i in 0..values.count() {
            let v = values.cell(i);
            if matches!(v, ValueRef::Text(_) | ValueRef::Blob(_)) {
                self.numeric[i] = false;
            }
            row.push(match v {
                // only the shown part of a long text is copied
                ValueRef::Text(t) if !self.wide => {
                    // more than CELL_CHARS characters, so a cut one still ends in `…`
                    let head = &t[..t.len().min(4 * CELL_CHARS + 4)];
                    cut(&String::from_utf8_lossy(head), CELL_CHARS)
                }
                ValueRef::Blob(b) if !self.wide && b.len() > CELL_CHARS => {
                    cut(&blob_hex(&b[..CELL_CHARS]), CELL_CHARS)
                }
                v if !self.wide => cut(&display(&v, &self.null), CELL_CHARS),
                v => display(&v, &self.null),
            });
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
        let shown = self.seen.min(self.limit);
        if shown < self.seen {
            writeln!(
                self.w,
                "({shown} of {} rows shown; {} more: --limit N shows N, --limit 0 all, --format csv gives them all)",
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
        // the sink may take another result (several statements)
        self.numeric.clear();
        self.seen = 0;
        self.w.flush()
    }
}

struct LineSink<W: Write> {
    w: W,
    null: String,
    columns: Vec<String>,
    /// the widest column name
    width: usize,
    seen: u64,
}

impl<W: Write> RowSink for LineSink<W> {
    fn header(&mut self, columns: &[String]) -> io::Result<()> {
        self.columns = columns.to_vec();
        self.width = columns.iter().map(|c| c.chars().count()).max().unwrap_or(0);
        Ok(())
    }

    fn row(&mut self, values: &dyn Cells) -> io::Result<()> {
        if self.seen > 0 {
            writeln!(self.w)?;
        }
        self.seen += 1;
        let indent = " ".repeat(self.width + 3);
        for (i, name) in self.columns.iter().enumerate() {
            let text = display(&values.cell(i), &self.null);
            let mut lines = text.split('\n');
            let first = lines.next().unwrap_or_default();
            writeln!(self.w, "{name:>width$} = {first}", width = self.width)?;
            for more in lines {
                writeln!(self.w, "{indent}{more}")?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.seen = 0;
        self.w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_short_text_and_marks_a_cut() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("exactly10!", 10), "exactly10!");
        assert_eq!(cut("elevenchars", 10), "elevencha…");
        assert_eq!(cut("a\nb", 10), "a↵b");
        assert_eq!(cut("é\u{1b}[31m", 20), "é\\u{1b}[31m");
        assert_eq!(cut("ééééééééééé", 5).chars().count(), 5);
    }
}
