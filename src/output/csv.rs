//! CSV and TSV: RFC 4180, byte-faithful by default; the `excel` profile adds a BOM, CRLF line
//! ends and guards for cells a spreadsheet would run as a formula or turn into a number.

use std::io::{self, Write};

use anyhow::Result;
use rusqlite::types::ValueRef;

use super::{Cells, Options, RowSink, blob_hex, real_text};

/// A CSV (or, with `tabs`, TSV) sink over `out`.
pub(super) fn sink(
    mut out: Box<dyn Write>,
    tabs: bool,
    opts: &Options,
) -> Result<Box<dyn RowSink>> {
    if opts.bom || opts.excel {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut b = ::csv::WriterBuilder::new();
    b.delimiter(if tabs { b'\t' } else { b',' });
    if opts.excel {
        b.terminator(::csv::Terminator::CRLF);
    }
    Ok(Box::new(CsvSink {
        w: b.from_writer(out),
        header: opts.header,
        excel: opts.excel,
        null: opts.null.clone().unwrap_or_default(),
        buf: Vec::new(),
    }))
}

struct CsvSink<W: Write> {
    w: ::csv::Writer<W>,
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
    fn text_field(&mut self, text: &[u8]) -> ::csv::Result<()> {
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

fn io_err(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
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
