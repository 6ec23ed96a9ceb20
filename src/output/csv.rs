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
    Ok(Box::new(CsvSink {
        w: out,
        delimiter: if tabs { b'\t' } else { b',' },
        terminator: if opts.excel { b"\r\n" } else { b"\n" },
        header: opts.header,
        excel: opts.excel,
        null: opts.null.clone().unwrap_or_default(),
        buf: Vec::new(),
        fields: 0,
        record_bytes: 0,
    }))
}

/// Writes RFC 4180 itself, as the csv crate does byte for byte (a field is quoted when it
/// holds the delimiter, a quote, CR or LF; a record of one empty field is `""`), but in one
/// pass over each field: the crate looks for the next quote in the whole rest of the field
/// each time its 8 KB buffer fills, so a 200 MB cell took 127 s.
struct CsvSink<W: Write> {
    w: W,
    delimiter: u8,
    terminator: &'static [u8],
    header: bool,
    excel: bool,
    null: String,
    buf: Vec<u8>,
    /// fields written in the current record
    fields: usize,
    /// bytes written in the current record
    record_bytes: usize,
}

impl<W: Write> CsvSink<W> {
    fn field(&mut self, text: &[u8]) -> io::Result<()> {
        if self.fields > 0 {
            self.w.write_all(&[self.delimiter])?;
            self.record_bytes += 1;
        }
        self.fields += 1;
        let quoted = memchr::memchr3(b'"', b'\r', b'\n', text).is_some()
            || memchr::memchr(self.delimiter, text).is_some();
        if !quoted {
            self.record_bytes += text.len();
            return self.w.write_all(text);
        }
        self.w.write_all(b"\"")?;
        let mut from = 0;
        for q in memchr::memchr_iter(b'"', text) {
            self.w.write_all(&text[from..=q])?;
            self.w.write_all(b"\"")?;
            from = q + 1;
        }
        self.w.write_all(&text[from..])?;
        self.w.write_all(b"\"")?;
        self.record_bytes += text.len() + 2;
        Ok(())
    }

    fn end_record(&mut self) -> io::Result<()> {
        if self.record_bytes == 0 {
            // an empty line would read back as no record at all
            self.w.write_all(b"\"\"")?;
        }
        self.fields = 0;
        self.record_bytes = 0;
        self.w.write_all(self.terminator)
    }
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
    fn text_field(&mut self, text: &[u8]) -> io::Result<()> {
        if !self.excel {
            return self.field(text);
        }
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        if needs_formula_guard(text) {
            buf.push(b'\'');
            buf.extend_from_slice(text);
        } else if spreadsheet_would_convert(text) {
            // ="007" is the spreadsheet idiom for text that must stay text
            buf.extend_from_slice(b"=\"");
            buf.extend_from_slice(text);
            buf.push(b'"');
        } else {
            return self.field(text);
        }
        let r = self.field(&buf);
        self.buf = buf;
        r
    }
}

impl<W: Write> RowSink for CsvSink<W> {
    fn header(&mut self, columns: &[String]) -> io::Result<()> {
        if self.header {
            for c in columns {
                self.field(c.as_bytes())?;
            }
            self.end_record()?;
        }
        Ok(())
    }

    fn row(&mut self, values: &dyn Cells) -> io::Result<()> {
        let mut itoa = itoa::Buffer::new();
        for i in 0..values.count() {
            match values.cell(i) {
                ValueRef::Null => {
                    let null = std::mem::take(&mut self.null);
                    let r = self.field(null.as_bytes());
                    self.null = null;
                    r?
                }
                ValueRef::Integer(i) => self.field(itoa.format(i).as_bytes())?,
                ValueRef::Real(f) => self.field(real_text(f).as_bytes())?,
                ValueRef::Text(t) => self.text_field(t)?,
                ValueRef::Blob(b) => self.field(blob_hex(b).as_bytes())?,
            }
        }
        self.end_record()
    }

    fn finish(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `sink` writes for `rows` of text cells, header `cols`.
    fn written(cols: &[&str], rows: &[&[&str]], tabs: bool) -> Vec<u8> {
        let out = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                self.0.borrow_mut().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut s = sink(Box::new(Shared(out.clone())), tabs, &Options::default()).unwrap();
        let cols: Vec<String> = cols.iter().map(|c| c.to_string()).collect();
        s.header(&cols).unwrap();
        for r in rows {
            let cells: Vec<ValueRef<'_>> = r.iter().map(|c| ValueRef::Text(c.as_bytes())).collect();
            s.row(&cells).unwrap();
        }
        s.finish().unwrap();
        out.take()
    }

    #[test]
    fn writes_what_the_csv_crate_writes() {
        let rows: &[&[&str]] = &[
            &["plain", "with,comma", "say \"hi\""],
            &["", "line\nbreak", "cr\rhere"],
            &["\"", "tab\there", ""],
        ];
        for tabs in [false, true] {
            let mut expected = ::csv::WriterBuilder::new()
                .delimiter(if tabs { b'\t' } else { b',' })
                .from_writer(Vec::new());
            expected.write_record(["a", "b c", "d\"e"]).unwrap();
            for r in rows {
                expected.write_record(*r).unwrap();
            }
            let expected = expected.into_inner().unwrap();
            assert_eq!(written(&["a", "b c", "d\"e"], rows, tabs), expected);
        }
        // one empty field is `""`, not an empty line
        assert_eq!(written(&["x"], &[&[""]], false), b"x\n\"\"\n");
    }

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
