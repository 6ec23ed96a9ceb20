//! Reading one seed file before any row is validated: its quoting, its header and the shape of
//! every record. A file edited by hand in a spreadsheet or a text editor breaks in a few typical
//! ways (a quote left open, a comma not quoted, a header cell misspelt, another encoding), and
//! each gets a message that says where and what would be valid. `Loader::table` calls this.

use std::collections::HashMap;

use csv::{ByteRecord, StringRecord};

use super::SeedError;

/// The longest cell a seed file may have, in bytes. An article is a few tens of kilobytes and
/// an excerpt is a part of one; a longer cell is nearly always a quote left open that swallowed
/// the rows after it.
pub const MAX_CELL: usize = 64 * 1024;

/// How many record errors one file reports before the loader stops reading it.
const MAX_RECORD_ERRORS: usize = 1000;

/// A file's column positions and records (with their line numbers).
pub(super) struct Parsed {
    pub header: HashMap<String, usize>,
    pub records: Vec<(u64, StringRecord)>,
    /// the `key` cells of records dropped for their shape, so that rows naming them are not
    /// reported as naming an unknown id as well
    pub dropped_keys: Vec<String>,
    /// how many records were dropped for their shape
    pub dropped: usize,
}

/// Reads the bytes of seed file `file` (its name for messages), whose header must hold exactly
/// `columns`; `key` is its id column, if it has one. Problems go to `errors`; `None` means the
/// file as a whole cannot be read (empty, quoting broken, bad header).
pub(super) fn read(
    file: &str,
    bytes: &[u8],
    columns: &[&str],
    key: Option<&str>,
    errors: &mut Vec<SeedError>,
) -> Option<Parsed> {
    let error =
        |line: Option<u64>, field: Option<String>, value: Option<String>, message| SeedError {
            file: file.to_string(),
            line,
            field,
            value,
            message,
        };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
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
    if let Some(p) = quote_problem(bytes) {
        let field = first_line_names(bytes)
            .get(p.column)
            .cloned()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("field {}", p.column + 1));
        errors.push(error(Some(p.line), Some(field), None, p.message()));
        return None;
    }
    let lines = LineStarts::of(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
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
    let key_at = key.and_then(|k| header.get(k).copied());
    let mut parsed = Parsed {
        header,
        records: Vec::new(),
        dropped_keys: Vec::new(),
        dropped: 0,
    };
    let mut record_errors = 0;
    let mut record = ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| lines.record_line(bytes, p.byte()));
                errors.push(error(line, None, None, e.to_string()));
                record_errors += 1;
                if record_errors >= MAX_RECORD_ERRORS {
                    break;
                }
                continue;
            }
        }
        let line = record
            .position()
            .map_or(0, |p| lines.record_line(bytes, p.byte()));
        let cell_error = |i: usize, cell: &[u8], message| {
            error(
                Some(line),
                Some(names[i].clone()),
                Some(lossy(cell)),
                message,
            )
        };
        let problem = if record.len() != names.len() {
            Some(error(
                Some(line),
                None,
                None,
                format!(
                    "row has {} fields but the header has {}; quote any field that contains a comma",
                    record.len(),
                    names.len()
                ),
            ))
        } else if let Some((i, cell)) = record.iter().enumerate().find(|(_, c)| c.len() > MAX_CELL)
        {
            Some(cell_error(
                i,
                cell,
                format!(
                    "the cell is {} bytes long; a cell holds at most {MAX_CELL} (is a quote left open?)",
                    cell.len()
                ),
            ))
        } else if let Some((i, cell, at)) = record
            .iter()
            .enumerate()
            .find_map(|(i, c)| memchr::memchr(0, c).map(|at| (i, c, at)))
        {
            Some(cell_error(
                i,
                cell,
                format!(
                    "a NUL byte (\\0) at byte {} of the cell; a seed file is text, and NUL is no character of it",
                    at + 1
                ),
            ))
        } else {
            match StringRecord::from_byte_record(record.clone()) {
                Ok(r) => {
                    parsed.records.push((line, r));
                    None
                }
                Err(e) => {
                    let at = e.utf8_error();
                    let i = at.field();
                    let cell = record.get(i).unwrap_or_default();
                    Some(cell_error(
                        i,
                        cell,
                        format!(
                            "invalid UTF-8 at byte {} of the cell; save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet)",
                            at.valid_up_to() + 1
                        ),
                    ))
                }
            }
        };
        if let Some(problem) = problem {
            errors.push(problem);
            parsed.dropped += 1;
            if let Some(k) = key_at.and_then(|k| record.get(k))
                && !k.is_empty()
            {
                parsed.dropped_keys.push(lossy(k));
            }
            record_errors += 1;
            if record_errors >= MAX_RECORD_ERRORS {
                break;
            }
        }
    }
    Some(parsed)
}

/// Where the lines of a file start, so that a byte offset gives its line whatever the line
/// ends: LF, CRLF or a lone CR (the csv reader ends records at any of them, but counts only
/// LFs, so every error of a CR-only file said line 1).
struct LineStarts(Vec<u64>);

impl LineStarts {
    fn of(bytes: &[u8]) -> LineStarts {
        let mut starts = vec![0];
        for at in memchr::memchr2_iter(b'\r', b'\n', bytes) {
            // the CR of a CRLF is not a line end of its own
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(at as u64 + 1);
        }
        LineStarts(starts)
    }

    /// The line (from 1) of byte `offset`.
    fn line_at(&self, offset: u64) -> u64 {
        self.0.partition_point(|&s| s <= offset) as u64
    }

    /// The line of a record that the csv reader says starts at `offset`: after a CRLF it
    /// points at the LF, before the line the record is on.
    fn record_line(&self, bytes: &[u8], offset: u64) -> u64 {
        let skip = bytes.get(offset as usize..).map_or(0, |rest| {
            rest.iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count()
        });
        self.line_at(offset + skip as u64)
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
fn quote_problem(bytes: &[u8]) -> Option<QuoteProblem> {
    let (mut line, mut column, mut at_start) = (1u64, 0usize, true);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        match b {
            b'"' if at_start => {
                let (open_line, open_column) = (line, column);
                // inside the quotes: `""` is one quote, a lone `"` ends the field
                loop {
                    let Some(&c) = bytes.get(i) else {
                        return Some(QuoteProblem {
                            line: open_line,
                            column: open_column,
                            end_line: line,
                            after: None,
                        });
                    };
                    i += 1;
                    match c {
                        b'\n' => line += 1,
                        b'"' if bytes.get(i) == Some(&b'"') => i += 1,
                        b'"' => break,
                        _ => {}
                    }
                }
                match bytes.get(i) {
                    None | Some(b',' | b'\n' | b'\r') => at_start = false,
                    Some(_) => {
                        let rest = &bytes[i..bytes.len().min(i + 4)];
                        let after = String::from_utf8_lossy(rest).chars().next();
                        return Some(QuoteProblem {
                            line: open_line,
                            column: open_column,
                            end_line: line,
                            after,
                        });
                    }
                }
            }
            b',' => {
                column += 1;
                at_start = true;
            }
            b'\n' => {
                line += 1;
                column = 0;
                at_start = true;
            }
            b'\r' => {
                column = 0;
                at_start = true;
            }
            _ => at_start = false,
        }
    }
    None
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
        for text in ["a\nb\nc\n", "a\r\nb\r\nc\r\n", "a\rb\rc\r", "a\nb\r\nc"] {
            let lines = LineStarts::of(text.as_bytes());
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
