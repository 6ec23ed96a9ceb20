//! JSON: one array of objects, or one object per line (jsonl). Integers stay integers, reals
//! keep their decimal point, a non-finite real is null.

use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::{Cells, RowSink, blob_hex, real_text};

/// A JSON sink over `out`: one array, or with `lines` one object per line.
pub(super) fn sink(out: Box<dyn Write>, lines: bool) -> Box<dyn RowSink> {
    Box::new(JsonSink {
        w: out,
        lines,
        keys: Vec::new(),
        rows: 0,
    })
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
