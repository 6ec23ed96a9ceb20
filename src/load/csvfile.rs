//! Reading one seed file before any row is validated: its quoting, its header and the shape of
//! every record. A file edited by hand in a spreadsheet or a text editor breaks in a few typical
//! ways (a quote left open, a comma not quoted, a header cell misspelt, another encoding), and
//! each gets a message that says where and what would be valid. `Loader::table` calls this.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read};

use csv::{ByteRecord, StringRecord};

use super::SeedError;

/// The longest cell a seed file may have, in bytes. An article is a few tens of kilobytes and
/// an excerpt is a part of one; a longer cell is nearly always a quote left open that swallowed
/// the rows after it.
pub const MAX_CELL: usize = 64 * 1024;

/// How many record errors one file reports before the loader stops reading it.
const MAX_RECORD_ERRORS: usize = 1000;

/// A reader of one seed file's bytes from its start.
pub(super) type Source<'a> = Box<dyn Read + 'a>;

/// How a file's records are shaped: its header cells, and where its key column is.
#[derive(Clone)]
pub(super) struct Shape {
    file: String,
    names: Vec<String>,
    key_at: Option<usize>,
    /// where lines end, for a file with a lone CR line end (see `LineEnds`)
    lines: Option<std::sync::Arc<LineEnds>>,
}

/// Checks seed file `file` (its name for messages) from end to end without holding it: it is
/// not empty, its quotes close, and its header holds exactly `columns`; `key` is its id column,
/// if it has one. `open` gives a reader of the file from its start, each time it is called.
/// Problems go to `errors`; `None` means the file as a whole cannot be read (empty, quoting
/// broken, bad header). Gives the column positions and the first pass over the records.
pub(super) fn open<'a>(
    file: &str,
    open: &dyn Fn() -> io::Result<Source<'a>>,
    columns: &[&str],
    key: Option<&str>,
    errors: &mut Vec<SeedError>,
) -> Option<(HashMap<String, usize>, Records<'a>)> {
    let error =
        |line: Option<u64>, field: Option<String>, value: Option<String>, message| SeedError {
            file: file.to_string(),
            line,
            field,
            value,
            message,
        };
    let io_error = |e: io::Error| error(None, None, None, format!("cannot be read: {e}"));
    let scanned = open().and_then(without_bom).and_then(|r| scan(r));
    let (blank, problem) = match scanned {
        Ok(s) => s,
        Err(e) => {
            errors.push(io_error(e));
            return None;
        }
    };
    if blank {
        errors.push(error(
            None,
            None,
            None,
            format!(
                "file is empty; it needs a header row with the columns {}",
                columns.join(", ")
            ),
        ));
        return None;
    }
    if let Some(p) = problem {
        let field = open()
            .and_then(without_bom)
            .and_then(first_line)
            .map(|line| first_line_names(&line))
            .unwrap_or_default()
            .get(p.column)
            .cloned()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("field {}", p.column + 1));
        errors.push(error(Some(p.line), Some(field), None, p.message()));
        return None;
    }
    let source = match open().and_then(without_bom) {
        Ok(r) => r,
        Err(e) => {
            errors.push(io_error(e));
            return None;
        }
    };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(source);
    let raw_names = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errors.push(error(None, None, None, e.to_string()));
            return None;
        }
    };
    let mut names = Vec::with_capacity(raw_names.len());
    for (i, raw) in raw_names.iter().enumerate() {
        match std::str::from_utf8(raw) {
            Ok(s) => names.push(s.to_string()),
            Err(_) => {
                errors.push(error(
                    Some(1),
                    Some(format!("column {}", i + 1)),
                    Some(lossy(raw)),
                    "the header is not valid UTF-8; save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet)".into(),
                ));
                return None;
            }
        }
    }
    let header = check_header(&names, columns, &mut |field, message| {
        errors.push(error(Some(1), Some(field), None, message));
    })?;
    let lines = match open().and_then(LineEnds::of) {
        Ok(l) => l.map(std::sync::Arc::new),
        Err(e) => {
            errors.push(io_error(e));
            return None;
        }
    };
    let shape = Shape {
        file: file.to_string(),
        key_at: key.and_then(|k| header.get(k).copied()),
        names,
        lines,
    };
    Some((header, Records::new(shape, reader, true)))
}

/// Another pass over a file that `open` checked: its records again, from the first after the
/// header; their problems were reported by the first pass and are not again.
pub(super) fn again<'a>(shape: &Shape, source: Source<'a>) -> io::Result<Records<'a>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(without_bom(source)?);
    reader.byte_headers().map_err(io::Error::other)?;
    Ok(Records::new(shape.clone(), reader, false))
}

/// The records of a file, read one at a time. Records of the wrong shape (field count, a cell
/// too long, not UTF-8) are dropped; the first pass over a file reports each in `errors` and
/// keeps its key in `dropped_keys`, for the loader to take after every record.
pub(super) struct Records<'a> {
    shape: Shape,
    reader: csv::Reader<Source<'a>>,
    record: ByteRecord,
    peeked: Option<(u64, StringRecord)>,
    record_errors: usize,
    done: bool,
    report: bool,
    pub errors: Vec<SeedError>,
    /// the `key` cells of records dropped for their shape, so that rows naming them are not
    /// reported as naming an unknown id as well
    pub dropped_keys: Vec<String>,
    /// how many records were dropped for their shape
    pub dropped: usize,
}

impl<'a> Records<'a> {
    fn new(shape: Shape, reader: csv::Reader<Source<'a>>, report: bool) -> Records<'a> {
        Records {
            shape,
            reader,
            record: ByteRecord::new(),
            peeked: None,
            record_errors: 0,
            done: false,
            report,
            errors: Vec::new(),
            dropped_keys: Vec::new(),
            dropped: 0,
        }
    }

    pub fn shape(&self) -> &Shape {
        &self.shape
    }

    /// Whether no record is left (a dropped one counts in `dropped`, not here).
    pub fn is_done(&mut self) -> bool {
        if self.peeked.is_none() {
            let mut record = StringRecord::new();
            if let Some(line) = self.read(&mut record) {
                self.peeked = Some((line, record));
            }
        }
        self.peeked.is_none()
    }

    /// Reads the next well-shaped record into `out` and gives its line, or `None` at the end.
    pub fn next(&mut self, out: &mut StringRecord) -> Option<u64> {
        if let Some((line, record)) = self.peeked.take() {
            *out = record;
            return Some(line);
        }
        self.read(out)
    }

    fn read(&mut self, out: &mut StringRecord) -> Option<u64> {
        while !self.done {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => self.done = true,
                Ok(true) => {
                    if let Some(line) = self.shaped(out) {
                        return Some(line);
                    }
                }
                Err(e) => {
                    let line = e.position().map(|p| self.shape.line(p));
                    let e = self.error(line, None, None, e.to_string());
                    self.problem(e, false);
                }
            }
        }
        None
    }

    /// Moves the record just read into `out` if its shape is right; else reports it.
    fn shaped(&mut self, out: &mut StringRecord) -> Option<u64> {
        let line = self.record.position().map_or(0, |p| self.shape.line(p));
        let n = self.shape.names.len();
        let problem = if self.record.len() != n {
            format!(
                "row has {} fields but the header has {n}; quote any field that contains a comma",
                self.record.len()
            )
        } else if let Some((i, cell)) = self
            .record
            .iter()
            .enumerate()
            .find(|(_, c)| c.len() > MAX_CELL)
        {
            let message = format!(
                "the cell is {} bytes long; a cell holds at most {MAX_CELL} (is a quote left open?)",
                cell.len()
            );
            let e = self.cell_error(line, i, cell, message);
            self.problem(e, true);
            return None;
        } else if let Some((i, cell, at)) = self
            .record
            .iter()
            .enumerate()
            .find_map(|(i, c)| memchr::memchr(0, c).map(|at| (i, c, at)))
        {
            let message = format!(
                "a NUL byte (\\0) at byte {} of the cell; a seed file is text, and NUL is no character of it",
                at + 1
            );
            let e = self.cell_error(line, i, cell, message);
            self.problem(e, true);
            return None;
        } else {
            // the record's buffers move into `out`, and `out`'s old ones are read into next
            match StringRecord::from_byte_record(std::mem::take(&mut self.record)) {
                Ok(r) => {
                    self.record = std::mem::replace(out, r).into_byte_record();
                    return Some(line);
                }
                Err(e) => {
                    let (i, valid_up_to) = (e.utf8_error().field(), e.utf8_error().valid_up_to());
                    self.record = e.into_byte_record();
                    let cell = self.record.get(i).unwrap_or_default().to_vec();
                    let message = format!(
                        "invalid UTF-8 at byte {} of the cell; save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet)",
                        valid_up_to + 1
                    );
                    let e = self.cell_error(line, i, &cell, message);
                    self.problem(e, true);
                    return None;
                }
            }
        };
        let e = self.error(Some(line), None, None, problem);
        self.problem(e, true);
        None
    }

    fn error(
        &self,
        line: Option<u64>,
        field: Option<String>,
        value: Option<String>,
        message: String,
    ) -> SeedError {
        SeedError {
            file: self.shape.file.clone(),
            line,
            field,
            value,
            message,
        }
    }

    fn cell_error(&self, line: u64, i: usize, cell: &[u8], message: String) -> SeedError {
        let field = self.shape.names[i].clone();
        self.error(Some(line), Some(field), Some(lossy(cell)), message)
    }

    /// Reports a record's problem (the first pass only); `dropped`: the record was read and
    /// is left out, and its key kept.
    fn problem(&mut self, e: SeedError, dropped: bool) {
        if self.report {
            self.errors.push(e);
            if dropped {
                self.dropped += 1;
                if let Some(k) = self.shape.key_at.and_then(|k| self.record.get(k))
                    && !k.is_empty()
                {
                    self.dropped_keys.push(lossy(k));
                }
            }
        }
        self.record_errors += 1;
        if self.record_errors >= MAX_RECORD_ERRORS {
            self.done = true;
        }
    }
}

impl Shape {
    /// The line (from 1) of the record or error at `p`.
    fn line(&self, p: &csv::Position) -> u64 {
        match &self.lines {
            Some(ends) => ends.line_at(p.byte()),
            None => p.line(),
        }
    }
}

/// Where the lines of a file with CR line ends finish. The csv reader ends records at LF, CRLF
/// or a lone CR, but counts only LFs, and places a record after a CRLF at that LF: every error
/// of a CR-only file would say line 1, and of a CRLF file the line before. Kept only for files
/// with a CR (a position per line); a file of LF ends needs none.
struct LineEnds(Vec<u64>);

impl LineEnds {
    /// The line ends of the file `r` (the byte of each LF, and of each CR not before an LF),
    /// or `None` if it has no CR.
    fn of(r: Source) -> io::Result<Option<LineEnds>> {
        let (mut ends, mut any_cr) = (Vec::new(), false);
        let (mut at, mut cr_before) = (0u64, false);
        let mut reader = BufReader::with_capacity(1 << 16, r);
        loop {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            for (i, &b) in buf.iter().enumerate() {
                let here = at + i as u64;
                if cr_before && b != b'\n' {
                    // the CR just before was a line end of its own
                    ends.push(here - 1);
                }
                if b == b'\n' {
                    ends.push(here);
                }
                cr_before = b == b'\r';
                any_cr |= cr_before;
            }
            let n = buf.len();
            at += n as u64;
            reader.consume(n);
        }
        if cr_before {
            ends.push(at - 1);
        }
        Ok(any_cr.then_some(LineEnds(ends)))
    }

    /// The line (from 1) of a record or error the csv reader places at byte `offset`: the
    /// line ends before it, and one at it (the reader may point at the end it starts after).
    fn line_at(&self, offset: u64) -> u64 {
        self.0.partition_point(|&end| end <= offset) as u64 + 1
    }
}

/// `r` without the UTF-8 byte order mark a spreadsheet may put first.
fn without_bom<'a>(mut r: Source<'a>) -> io::Result<Source<'a>> {
    let mut first = [0u8; 3];
    let mut n = 0;
    while n < 3 {
        match r.read(&mut first[n..])? {
            0 => break,
            k => n += k,
        }
    }
    if n == 3 && first == *b"\xEF\xBB\xBF" {
        return Ok(r);
    }
    Ok(Box::new(io::Cursor::new(first[..n].to_vec()).chain(r)))
}

/// The first line of `r` (at most 1 MiB of it).
fn first_line(r: Source) -> io::Result<Vec<u8>> {
    let mut line = Vec::new();
    BufReader::new(r.take(1 << 20)).read_until(b'\n', &mut line)?;
    Ok(line)
}

/// One pass over a file's bytes: whether it is blank (whitespace only), and its first quoting
/// problem.
fn scan(mut r: Source) -> io::Result<(bool, Option<QuoteProblem>)> {
    let mut buf = vec![0u8; 1 << 16];
    let (mut len, mut eof, mut blank) = (0, false, true);
    let mut quotes = QuoteScan::new();
    loop {
        while !eof && len < buf.len() {
            match r.read(&mut buf[len..])? {
                0 => eof = true,
                n => len += n,
            }
        }
        blank = blank && buf[..len].iter().all(u8::is_ascii_whitespace);
        match quotes.scan(&buf[..len], eof) {
            Err(p) => return Ok((blank, Some(p))),
            Ok(_) if eof => return Ok((blank, None)),
            Ok(used) => {
                buf.copy_within(used..len, 0);
                len -= used;
            }
        }
    }
}

/// The start of a cell as text, for a message (the message shortens it further).
fn lossy(cell: &[u8]) -> String {
    String::from_utf8_lossy(&cell[..cell.len().min(400)]).into_owned()
}

/// Checks the header `names` against the `columns` a file must have, in any order. Reports
/// through `report(field, message)`; gives the column positions if the header is right.
fn check_header(
    names: &[String],
    columns: &[&str],
    report: &mut dyn FnMut(String, String),
) -> Option<HashMap<String, usize>> {
    let mut header = HashMap::new();
    let mut unknown = Vec::new();
    let mut ok = true;
    for (i, name) in names.iter().enumerate() {
        if !columns.contains(&name.as_str()) {
            unknown.push((i, name));
        } else if header.insert(name.clone(), i).is_some() {
            report(name.clone(), "column appears twice in the header".into());
            ok = false;
        }
    }
    let mut missing: Vec<&str> = columns
        .iter()
        .copied()
        .filter(|c| !header.contains_key(*c))
        .collect();
    for (i, name) in unknown {
        ok = false;
        if name.trim().is_empty() {
            report(
                format!("column {}", i + 1),
                "the header has an empty column name (a comma too many at the end of the header?)"
                    .into(),
            );
            continue;
        }
        let message = match missing.iter().position(|c| looks_like(name, c)) {
            Some(k) => format!(
                "unknown column; did you mean `{}`? (names are lowercase, without spaces)",
                missing.remove(k)
            ),
            None => format!("unknown column; the columns are {}", columns.join(", ")),
        };
        report(name.clone(), message);
    }
    for c in missing {
        ok = false;
        report(
            c.to_string(),
            format!(
                "column is missing from the header; the columns are {}",
                columns.join(", ")
            ),
        );
    }
    ok.then_some(header)
}

/// Whether header cell `name` is probably column `column` mistyped: other case, spaces, or a
/// letter or two wrong.
fn looks_like(name: &str, column: &str) -> bool {
    let name = name.trim().to_lowercase().replace(' ', "_");
    name == column || edit_distance(&name, column) <= 2
}

/// Levenshtein distance between two short strings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The cells of the first line, split as CSV, to name a column in a message.
fn first_line_names(bytes: &[u8]) -> Vec<String> {
    let end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[..end]);
    let mut record = ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => record.iter().map(|c| lossy(c).trim().to_string()).collect(),
        _ => Vec::new(),
    }
}

/// A quoted field that is not closed where RFC 4180 wants it (a `"` followed by a comma, a
/// line end or the end of the file).
#[derive(Debug, PartialEq, Eq)]
struct QuoteProblem {
    /// the line where the field's opening quote is
    line: u64,
    /// the field's position in its row, from 0
    column: usize,
    /// the line where the field ends: where a quote is followed by other text, or the last line
    end_line: u64,
    /// the character after the closing quote; `None`: the quote is never closed
    after: Option<char>,
}

impl QuoteProblem {
    fn message(&self) -> String {
        let hint = "write a quote inside a field as `\"\"`";
        match self.after {
            None => format!(
                "a quoted field opens here and is never closed, so the rest of the file (lines {}-{}) would read as one cell; end the field with `\"`, and {hint}",
                self.line, self.end_line
            ),
            Some(c) if self.end_line == self.line => format!(
                "the quoted field that opens here ends at a `\"` followed by `{c}` instead of a comma or the line end: a quote is missing or stray, or one inside the field is not doubled; {hint}"
            ),
            Some(c) => format!(
                "the quoted field that opens here closes only on line {}, at a `\"` followed by `{c}`, so the lines between would read as one cell: a quote is missing, or one inside a field is not doubled; {hint}",
                self.end_line
            ),
        }
    }
}

/// The first quoted field of `bytes` that is not closed where RFC 4180 wants it. The csv reader
/// would read on through the following lines instead, and the rows after the field would vanish
/// into one cell or come out shifted. A quote inside an unquoted field (`5" gun`) is text.
#[cfg(test)]
fn quote_problem(bytes: &[u8]) -> Option<QuoteProblem> {
    QuoteScan::new().scan(bytes, true).err()
}

/// Where the search for a quoting problem is, between two pieces of a file.
struct QuoteScan {
    line: u64,
    column: usize,
    at_start: bool,
    /// the line and column of the quoted field the scan is in
    open: Option<(u64, usize)>,
}

impl QuoteScan {
    /// Bytes looked at past the one being read: a doubled quote, or the character after a
    /// closing one.
    const AHEAD: usize = 5;

    fn new() -> QuoteScan {
        QuoteScan {
            line: 1,
            column: 0,
            at_start: true,
            open: None,
        }
    }

    /// Goes on through the next piece `bytes` of the file (`eof`: the last one). Gives the
    /// first problem, or how many bytes it used: all but the last few unless `eof`, which
    /// start the next piece.
    fn scan(&mut self, bytes: &[u8], eof: bool) -> Result<usize, QuoteProblem> {
        let end = if eof {
            bytes.len()
        } else {
            bytes.len().saturating_sub(Self::AHEAD)
        };
        let mut i = 0;
        while i < end {
            let b = bytes[i];
            i += 1;
            if let Some((line, column)) = self.open {
                // inside the quotes: `""` is one quote, a lone `"` ends the field
                match b {
                    b'\n' => self.line += 1,
                    b'"' if bytes.get(i) == Some(&b'"') => i += 1,
                    b'"' => {
                        self.open = None;
                        match bytes.get(i) {
                            None | Some(b',' | b'\n' | b'\r') => self.at_start = false,
                            Some(_) => {
                                let rest = &bytes[i..bytes.len().min(i + 4)];
                                return Err(QuoteProblem {
                                    line,
                                    column,
                                    end_line: self.line,
                                    after: String::from_utf8_lossy(rest).chars().next(),
                                });
                            }
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' if self.at_start => self.open = Some((self.line, self.column)),
                b',' => {
                    self.column += 1;
                    self.at_start = true;
                }
                b'\n' => {
                    self.line += 1;
                    self.column = 0;
                    self.at_start = true;
                }
                b'\r' => {
                    self.column = 0;
                    self.at_start = true;
                }
                _ => self.at_start = false,
            }
        }
        match self.open {
            Some((line, column)) if eof => Err(QuoteProblem {
                line,
                column,
                end_line: self.line,
                after: None,
            }),
            _ => Ok(i),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<(u64, usize, u64, Option<char>)> {
        quote_problem(text.as_bytes()).map(|p| (p.line, p.column, p.end_line, p.after))
    }

    #[test]
    fn well_quoted_files_pass() {
        assert_eq!(problem("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n"), None);
        assert_eq!(problem("a,b\r\n\"two\nlines\",z\r\n"), None);
        assert_eq!(problem("a,b\n5\" gun,x\n"), None);
        assert_eq!(problem("a,b\n\"\",\"\"\n\"end\""), None);
    }

    #[test]
    fn a_quote_left_open_is_found_where_it_opens() {
        // never closed: runs to the end of the file
        assert_eq!(problem("a,b\nx,\"open\ny,z\n"), Some((2, 1, 4, None)));
        // closed by the opening quote of a later field, which text follows
        assert_eq!(
            problem("a,b,c\nx,\"open,y\nz,\"q\",w\n"),
            Some((2, 1, 3, Some('q')))
        );
        // a quote inside a quoted field, not doubled
        assert_eq!(
            problem("a,b\n1,\"He said \"no\" twice\"\n"),
            Some((2, 1, 2, Some('n')))
        );
    }

    #[test]
    fn a_misspelt_header_cell_gets_a_suggestion() {
        let mut seen = Vec::new();
        let names: Vec<String> = ["id", " Title", "evidense", ""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let header = check_header(&names, &["id", "title", "evidence", "note"], &mut |f, m| {
            seen.push(format!("{f}: {m}"))
        });
        assert!(header.is_none());
        for want in [
            " Title: unknown column; did you mean `title`",
            "evidense: unknown column; did you mean `evidence`",
            "column 4: the header has an empty column name",
            "note: column is missing",
        ] {
            assert!(seen.iter().any(|s| s.contains(want)), "{want}: {seen:?}");
        }
        assert_eq!(seen.len(), 4, "{seen:?}");
    }

    #[test]
    fn lines_are_counted_for_any_line_end() {
        let ends = |text: &'static str| LineEnds::of(Box::new(text.as_bytes())).unwrap();
        assert!(ends("a\nb\nc\n").is_none(), "LF needs no table");
        for text in ["a\rb\rc\r", "a\nb\r\nc\rd", "a\r\nb\r\nc\r\n"] {
            let lines = ends(text).expect("a CR");
            let c = text.find('c').unwrap() as u64;
            assert_eq!(lines.line_at(0), 1, "{text:?}");
            assert_eq!(lines.line_at(c), 3, "{text:?}");
        }
    }

    #[test]
    fn edit_distance_counts_changes() {
        assert_eq!(edit_distance("evidense", "evidence"), 1);
        assert_eq!(edit_distance("", "id"), 2);
        assert_eq!(edit_distance("start", "start"), 0);
    }
}
