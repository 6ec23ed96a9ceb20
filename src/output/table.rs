//! Text for people: a table fitted to the terminal, and a GitHub-flavoured Markdown table.

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

/// A table fitted to the terminal over `out`: rows are kept (up to `opts.limit`) until the end.
pub(super) fn table(out: Box<dyn Write>, opts: &Options) -> Box<dyn RowSink> {
    Box::new(TableSink {
        w: out,
        header: opts.header,
        null: null_text(opts),
        limit: opts.limit,
        columns: Vec::new(),
        rows: Vec::new(),
        numeric: Vec::new(),
        seen: 0,
    })
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
