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
        // the sink's own buffer: a field is a few bytes, and each write into `out` is a
        // call through its box (13% of the instructions of a large export)
        w: io::BufWriter::with_capacity(64 * 1024, out),
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
    /// Whether `text` must be quoted: it holds the delimiter, a quote, CR or LF.
    fn needs_quotes(&self, text: &[u8]) -> bool {
        // most cells are a few bytes (ids, dates, names): a plain loop, where starting two
        // vector searches cost a fifth of the export's instructions
        if text.len() < 64 {
            return text
                .iter()
                .any(|&b| matches!(b, b'"' | b'\r' | b'\n') || b == self.delimiter);
        }
        memchr::memchr3(b'"', b'\r', b'\n', text).is_some()
            || memchr::memchr(self.delimiter, text).is_some()
    }

    fn field(&mut self, text: &[u8]) -> io::Result<()> {
        if self.fields > 0 {
            self.w.write_all(&[self.delimiter])?;
            self.record_bytes += 1;
        }
        self.fields += 1;
        if !self.needs_quotes(text) {
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

/// A cell a spreadsheet would run as a formula: it starts with `=`, `+`, `-`, `@`, a tab or a
/// line break (OWASP's list), or with `'`, which a spreadsheet would swallow.
fn formula_like(text: &[u8]) -> bool {
    matches!(
        text.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\n' | b'\'')
    )
}

/// The words a spreadsheet reads as part of a number, date or time: the exponent `e`, AM and
/// PM, `T` and `Z` of ISO times, and month and day names with their abbreviations, English
/// and Spanish (`Mar 5`, `Friday 5`, `5 octubre`). Any other word beside the digits (`sha256`,
/// `Route 66`) keeps the text text.
#[rustfmt::skip]
const NUMBER_WORDS: [&str; 68] = [
    "e", "a", "p", "am", "pm", "a.m", "p.m", "t", "z",
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
    "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "ene", "abr", "ago", "dic", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "setiembre", "octubre", "noviembre", "diciembre", "de",
];

/// Error values a spreadsheet reads as errors rather than text.
const ERROR_WORDS: [&str; 7] = [
    "#n/a", "#name?", "#div/0!", "#value!", "#ref!", "#num!", "#null!",
];

/// Text a spreadsheet would read as something else: a number (`007`, `63,000`, `1e5`,
/// `5e-3`, `25%`, `$5`), a date or time (`2025-10-19`, `Mar 5`, `Jan 2025`, `10:30 AM`,
/// `1/2`), a boolean (`false`) or an error (`#N/A`). Errs on the side of guarding: a guarded
/// cell shows exactly the same text, so a false alarm costs nothing.
fn spreadsheet_would_convert(text: &[u8]) -> bool {
    let Ok(t) = std::str::from_utf8(text) else {
        return false;
    };
    let lower = t.trim().to_ascii_lowercase();
    if lower == "true" || lower == "false" || ERROR_WORDS.contains(&lower.as_str()) {
        return true;
    }
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    // every word beside the digits must be one a number or date can hold
    let mut words = t
        .split(|c: char| !c.is_ascii_alphabetic() && c != '.')
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty());
    let no_words = words.clone().next().is_none();
    no_words
        || (t.len() <= 64 && words.all(|w| NUMBER_WORDS.contains(&w.to_ascii_lowercase().as_str())))
}

/// Longest text a `="..."` cell carries: Excel's formulas stop at 8,192 characters.
const MAX_FORMULA_TEXT: usize = 7_000;

/// `text` as a formula whose value is `text`: `="..."`, quotes doubled, cut into string
/// constants of at most 255 characters (Excel's limit) joined with `&`, line breaks as CHAR().
/// Excel and LibreOffice both show the formula's value, which is the text exactly.
fn text_formula(text: &str, buf: &mut Vec<u8>) {
    buf.push(b'=');
    let mut open = false;
    let mut in_constant = 0;
    let mut first = true;
    for c in text.chars() {
        let code = match c {
            '\n' => Some(10),
            '\r' => Some(13),
            _ => None,
        };
        if open && (code.is_some() || in_constant == 255) {
            buf.push(b'"');
            open = false;
        }
        if !open {
            if !first {
                buf.push(b'&');
            }
            first = false;
            if let Some(code) = code {
                buf.extend_from_slice(format!("CHAR({code})").as_bytes());
                continue;
            }
            buf.push(b'"');
            open = true;
            in_constant = 0;
        }
        if c == '"' {
            buf.push(b'"');
        }
        let mut utf8 = [0; 4];
        buf.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        in_constant += 1;
    }
    if first {
        buf.push(b'"');
        open = true;
    }
    if open {
        buf.push(b'"');
    }
}

impl<W: Write> CsvSink<W> {
    fn text_field(&mut self, text: &[u8]) -> io::Result<()> {
        if !self.excel || !(formula_like(text) || spreadsheet_would_convert(text)) {
            return self.field(text);
        }
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        match std::str::from_utf8(text) {
            Ok(t) if t.chars().count() <= MAX_FORMULA_TEXT => text_formula(t, &mut buf),
            // too long for a formula (or not UTF-8): OWASP's leading quote still disarms it
            _ => {
                buf.push(b'\'');
                buf.extend_from_slice(text);
            }
        }
        let r = self.field(&buf);
        self.buf = buf;
        r
    }

    /// Writes one cell: how each type of value is written.
    fn cell(&mut self, value: ValueRef<'_>) -> io::Result<()> {
        match value {
            ValueRef::Null => {
                let null = std::mem::take(&mut self.null);
                let r = self.field(null.as_bytes());
                self.null = null;
                r
            }
            // past 15 digits a spreadsheet would round the number: keep its digits as text
            ValueRef::Integer(i) if self.excel && i.unsigned_abs() > 999_999_999_999_999 => {
                self.text_field(itoa::Buffer::new().format(i).as_bytes())
            }
            ValueRef::Integer(i) => self.field(itoa::Buffer::new().format(i).as_bytes()),
            ValueRef::Real(f) => self.field(real_text(f).as_bytes()),
            ValueRef::Text(t) => self.text_field(t),
            ValueRef::Blob(b) => self.field(blob_hex(b).as_bytes()),
        }
    }
}

impl<W: Write> RowSink for CsvSink<W> {
    fn header(&mut self, columns: &[String]) -> io::Result<()> {
        if self.header {
            // a column may be named like a formula too (`select 1 as "=1+1"`)
            for c in columns {
                self.text_field(c.as_bytes())?;
            }
            self.end_record()?;
        }
        Ok(())
    }

    fn row(&mut self, values: &dyn Cells) -> io::Result<()> {
        for i in 0..values.count() {
            self.cell(values.cell(i))?;
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
        for t in [
            "=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "\nx", "'quoted",
        ] {
            assert!(formula_like(t.as_bytes()), "{t:?}");
        }
        for t in ["plain", "1-2", "a=b", ""] {
            assert!(!formula_like(t.as_bytes()), "{t:?}");
        }
        for t in [
            "007",
            "0123.5",
            "1234567890123456",
            "63,000",
            "25%",
            "2025-10-19",
            "0.5",
            "1e5",
            "5e-3",
            "false",
            "TRUE",
            "Mar 5",
            "Jan 2025",
            "10:30 AM",
            "5 March 2025",
            "Friday 5",
            "5 octubre",
            "1/2",
            "#N/A",
        ] {
            assert!(spreadsheet_would_convert(t.as_bytes()), "{t:?}");
        }
        for t in [
            "$614 million",
            "Plan Colombia (2000)",
            "",
            "--",
            "falsehood",
            "Route 66",
            "sha256",
            "e-mail 2",
        ] {
            assert!(!spreadsheet_would_convert(t.as_bytes()), "{t:?}");
        }
    }

    #[test]
    fn text_formulas() {
        let f = |t: &str| {
            let mut b = Vec::new();
            text_formula(t, &mut b);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(f("007"), "=\"007\"");
        assert_eq!(f(""), "=\"\"");
        assert_eq!(f("say \"1\""), "=\"say \"\"1\"\"\"");
        assert_eq!(f("-a\n-b"), "=\"-a\"&CHAR(10)&\"-b\"");
        assert_eq!(f("\n"), "=CHAR(10)");
        let long = "1".repeat(300);
        assert_eq!(
            f(&long),
            format!("=\"{}\"&\"{}\"", "1".repeat(255), "1".repeat(45))
        );
    }
}
