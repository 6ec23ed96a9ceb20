//! The loader: reads the seed CSVs of a `SeedSet`, validates every row (ids, references,
//! enumerations, dates, excerpts found verbatim in their source) and inserts it through an
//! open transaction. `db::build` owns the transaction and throws the file away on any error,
//! so a row that fails leaves nothing behind; the loader goes on to report every error.

mod csvfile;
mod tables;

pub use csvfile::MAX_CELL;
pub use tables::columns;

use std::collections::{HashMap, HashSet};
use std::fmt;

use csv::StringRecord;
use rusqlite::types::Value;
use rusqlite::{Statement, ToSql, Transaction};

use crate::seeds::SeedSet;

/// The seed files that need at least one row: every fact rests on an excerpt of a source.
const NEEDS_ROWS: &[&str] = &["sources", "excerpts"];

/// The loader's maps: ids, excerpts and column names are looked up several times per row, and
/// at a million rows SipHash (std's default, hardened against hash flooding that seed files
/// cannot mount) is a measurable share of the build; foldhash is several times faster.
pub(crate) type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// How many errors a failed build prints before it says how many more there were.
const MAX_SHOWN: usize = 100;

/// One problem in the seeds, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError {
    pub file: String,
    pub line: Option<u64>,
    pub field: Option<String>,
    pub value: Option<String>,
    pub message: String,
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        match (&self.field, &self.value) {
            (Some(field), Some(value)) => {
                let mut shown: String = value.chars().take(80).collect();
                if shown.len() < value.len() {
                    shown.push('…');
                }
                write!(f, "{field} = {shown:?}: ")?
            }
            (Some(field), None) => write!(f, "{field}: ")?,
            _ => {}
        }
        write!(f, "{}", self.message)
    }
}

/// Every problem found in one pass over the seeds.
#[derive(Debug)]
pub struct SeedErrors(pub Vec<SeedError>);

impl fmt::Display for SeedErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(
            f,
            "the seeds have {n} error{}; nothing was written",
            if n == 1 { "" } else { "s" }
        )?;
        for e in self.0.iter().take(MAX_SHOWN) {
            writeln!(f, "  {e}")?;
        }
        if n > MAX_SHOWN {
            writeln!(f, "  ... and {} more", n - MAX_SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for SeedErrors {}

/// Row counts of what a successful load inserted, table by table.
pub type Counts = Vec<(&'static str, usize)>;

/// Loads `seeds` into the (freshly migrated, empty) database behind `tx`.
pub fn load(seeds: &SeedSet, tx: &Transaction) -> Result<Counts, LoadFailure> {
    let mut loader = Loader::new(seeds, tx);
    let mut stmt = tx.prepare("SELECT domain, value FROM vocabulary ORDER BY domain, value")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        loader.vocab.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    let counts = tables::load_all(&mut loader)?;
    if loader.errors.is_empty() {
        Ok(counts)
    } else {
        Err(LoadFailure::Seeds(SeedErrors(loader.errors)))
    }
}

/// Why a load failed: the seeds are wrong, or the database refused a write.
#[derive(Debug)]
pub enum LoadFailure {
    Seeds(SeedErrors),
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for LoadFailure {
    fn from(e: rusqlite::Error) -> Self {
        LoadFailure::Sql(e)
    }
}

/// One CSV row with its file and line, and accessors that report errors in its terms.
pub(crate) struct Row<'h> {
    file: &'h str,
    header: &'h Map<String, usize>,
    record: &'h StringRecord,
    pub line: u64,
}

impl Row<'_> {
    /// The cell, or `None` when it is empty.
    pub fn get(&self, field: &str) -> Option<&str> {
        let i = *self
            .header
            .get(field)
            .unwrap_or_else(|| panic!("column {field} is not in the table's spec"));
        self.record.get(i).filter(|v| !v.is_empty())
    }

    /// Whether the table has the column `field`.
    pub fn has(&self, field: &str) -> bool {
        self.header.contains_key(field)
    }

    pub fn error(&self, field: &str, value: Option<&str>, message: impl Into<String>) -> SeedError {
        SeedError {
            file: self.file.to_string(),
            line: Some(self.line),
            field: Some(field.to_string()),
            value: value.map(str::to_string),
            message: message.into(),
        }
    }
}

/// A parsed seed file: its display name, column positions and rows.
pub(crate) struct Table {
    pub file: String,
    header: Map<String, usize>,
    records: Vec<(u64, StringRecord)>,
}

impl Table {
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(|(line, rec)| Row {
            file: &self.file,
            header: &self.header,
            record: rec,
            line: *line,
        })
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }
}

/// What the loader knows while it works: errors so far, ids seen, and the transaction.
pub(crate) struct Loader<'a> {
    pub seeds: &'a SeedSet,
    pub tx: &'a Transaction<'a>,
    pub errors: Vec<SeedError>,
    /// ids seen per table, with the line that defined them
    ids: Map<&'static str, Map<String, u64>>,
    next_fact: i64,
    /// excerpt id -> (source id, text), for evidence checks
    pub excerpts: Map<String, (String, String)>,
    /// source id -> first day of its publication date, for events' reported dates
    pub published: Map<String, Option<String>>,
    /// source id -> its full text
    pub texts: Map<String, Article>,
    /// source row line -> the fact id its publication evidence attaches to
    pub source_facts: HashMap<u64, i64>,
    /// vocabulary domain -> its values, read from the database's `vocabulary` table
    vocab: Map<String, Vec<String>>,
    /// tables whose file could not be read at all
    unreadable: HashSet<&'static str>,
    /// per table, ids of rows dropped with an error (see `unsure`)
    dropped: HashMap<&'static str, HashSet<String>>,
    /// table -> its prepared INSERT: built once, not a string formatted and looked up per row
    inserts: Map<&'static str, Statement<'a>>,
}

impl<'a> Loader<'a> {
    fn new(seeds: &'a SeedSet, tx: &'a Transaction<'a>) -> Self {
        Loader {
            seeds,
            tx,
            errors: Vec::new(),
            ids: Map::default(),
            next_fact: 1,
            excerpts: Map::default(),
            published: Map::default(),
            texts: Map::default(),
            source_facts: HashMap::new(),
            vocab: Map::default(),
            unreadable: HashSet::new(),
            dropped: HashMap::new(),
            inserts: Map::default(),
        }
    }

    /// Reads the seed file of `table` (`events` -> `events.csv`) and checks its header against
    /// `columns`. A file that is missing, empty, badly quoted, has a wrong header, or has no rows
    /// where rows are needed is reported and gives `None`; rows that name its ids are then not
    /// reported again.
    pub fn table(
        &mut self,
        table: &'static str,
        columns: &[&str],
        required: bool,
    ) -> Option<Table> {
        let name = format!("{table}.csv");
        let file = self.seeds.display(&name);
        let file_error = |message: String| SeedError {
            file: file.clone(),
            line: None,
            field: None,
            value: None,
            message,
        };
        let Some(bytes) = self.seeds.get(&name) else {
            if required {
                self.errors.push(file_error(format!(
                    "file is missing; a seeds folder needs it with the columns {}",
                    columns.join(", ")
                )));
                self.unreadable.insert(table);
            }
            return None;
        };
        let key = if table == "countries" { "code" } else { "id" };
        let Some(parsed) = csvfile::read(&file, bytes, columns, Some(key), &mut self.errors) else {
            self.unreadable.insert(table);
            return None;
        };
        if parsed.records.is_empty() && parsed.dropped == 0 && NEEDS_ROWS.contains(&table) {
            self.errors.push(file_error(
                "has a header but no rows; a dataset needs at least one source and one excerpt, since every fact rests on an excerpt of a source".into(),
            ));
            self.unreadable.insert(table);
            return None;
        }
        self.dropped
            .entry(table)
            .or_default()
            .extend(parsed.dropped_keys);
        Some(Table {
            file,
            header: parsed.header.into_iter().collect(),
            records: parsed.records,
        })
    }

    /// Whether `id` of `table` may exist although the loader does not know it: the file could
    /// not be read, or the row that defines it was dropped with an error of its own.
    pub fn unsure(&self, table: &str, id: &str) -> bool {
        self.unreadable.contains(table) || self.dropped.get(table).is_some_and(|d| d.contains(id))
    }

    /// Marks `id` of `table` as defined by a row that failed its checks (see `unsure`).
    pub fn drop_id(&mut self, table: &'static str, id: &str) {
        self.dropped
            .entry(table)
            .or_default()
            .insert(id.to_string());
    }

    /// Records key `id` (the cell of `field`) as defined by `row` in `table`; a second
    /// definition is an error.
    pub fn define(&mut self, table: &'static str, row: &Row, field: &str, id: &str) -> bool {
        let seen = self.ids.entry(table).or_default();
        if let Some(first) = seen.get(id) {
            let e = row.error(
                field,
                Some(id),
                format!("duplicate; the same is already defined on line {first}"),
            );
            self.errors.push(e);
            false
        } else {
            seen.insert(id.to_string(), row.line);
            true
        }
    }

    pub fn exists(&self, table: &'static str, id: &str) -> bool {
        self.ids.get(table).is_some_and(|s| s.contains_key(id))
    }

    /// The required cell `field`, or an error.
    pub fn required<'r>(&mut self, row: &'r Row, field: &str) -> Option<&'r str> {
        let v = row.get(field);
        if v.is_none() {
            self.errors
                .push(row.error(field, None, "is required and empty"));
        }
        v
    }

    /// The optional cell `field` naming a row of `table`; an unknown id is an error.
    pub fn reference<'r>(
        &mut self,
        row: &'r Row,
        field: &str,
        table: &'static str,
    ) -> Option<&'r str> {
        let v = row.get(field)?;
        if !self.exists(table, v) && !self.unsure(table, v) {
            let e = row.error(field, Some(v), format!("no such id in {table}.csv"));
            self.errors.push(e);
        }
        Some(v)
    }

    /// The cell `field`, which must be a value of vocabulary `domain` (and present, if
    /// `required`).
    pub fn one_of<'r>(
        &mut self,
        row: &'r Row,
        field: &str,
        domain: &str,
        required: bool,
    ) -> Option<&'r str> {
        let v = if required {
            self.required(row, field)?
        } else {
            row.get(field)?
        };
        let allowed = self
            .vocab
            .get(domain)
            .map(Vec::as_slice)
            .unwrap_or_default();
        if !allowed.iter().any(|a| a == v) {
            let e = row.error(
                field,
                Some(v),
                format!("unknown value; use one of {}", allowed.join(", ")),
            );
            self.errors.push(e);
        }
        Some(v)
    }

    /// A number cell: an integer, or a decimal with `.`; thousands separators are refused.
    pub fn number(&mut self, row: &Row, field: &str) -> Value {
        let Some(v) = row.get(field) else {
            return Value::Null;
        };
        if let Ok(i) = v.parse::<i64>() {
            return Value::Integer(i);
        }
        match v.parse::<f64>() {
            Ok(f) if f.is_finite() && !v.contains(['e', 'E', 'i', 'n', 'N']) => Value::Real(f),
            _ => {
                let e = row.error(
                    field,
                    Some(v),
                    "not a number; write digits with an optional `.` decimal part, no separators",
                );
                self.errors.push(e);
                Value::Null
            }
        }
    }

    /// Validates a date triple (start, end, precision fields) and resolves it to days.
    pub fn dates(
        &mut self,
        row: &Row,
        start: &str,
        end: Option<&str>,
        precision: &str,
    ) -> crate::dates::Span {
        let s = row.get(start);
        let e = end.and_then(|f| row.get(f));
        let p = row.get(precision).unwrap_or("");
        match crate::dates::resolve(s, e, p) {
            Ok(span) => span,
            Err((which, message)) => {
                let (field, value) = match which {
                    "start" => (start, s),
                    "end" => (end.unwrap_or(start), e),
                    _ => (precision, Some(p)),
                };
                self.errors.push(row.error(field, value, message));
                crate::dates::Span::default()
            }
        }
    }

    /// A new fact id of `kind`; the row that owns it is inserted by the caller.
    pub fn fact(&mut self, row: &Row, kind: &str) -> rusqlite::Result<i64> {
        let id = self.next_fact;
        self.next_fact += 1;
        self.insert(row, "facts", &["fact_id", "kind"], &[&id, &kind])?;
        Ok(id)
    }

    /// Inserts one row through a cached statement, once the seeds have shown no error (after
    /// the first, the build is lost anyway and the loader only goes on validating). A row the
    /// database refuses (a CHECK the loader does not repeat) is reported against `row`.
    pub fn insert(
        &mut self,
        row: &Row,
        table: &'static str,
        columns: &[&str],
        values: &[&dyn ToSql],
    ) -> rusqlite::Result<()> {
        if !self.errors.is_empty() {
            return Ok(());
        }
        // each table is inserted from one place, always with the same columns
        let stmt = match self.inserts.entry(table) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    columns.join(", "),
                    vec!["?"; columns.len()].join(", ")
                );
                e.insert(self.tx.prepare(&sql)?)
            }
        };
        debug_assert_eq!(stmt.parameter_count(), columns.len(), "insert into {table}");
        match stmt.execute(values) {
            Ok(_) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(f, msg))
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                self.errors.push(SeedError {
                    field: None,
                    value: None,
                    message: format!(
                        "the database refused the row: {}",
                        msg.unwrap_or_else(|| f.to_string())
                    ),
                    ..row.error("", None, "")
                });
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// A source's text, with the character and line counts at every `Article::STEP` bytes: an
/// excerpt's offsets then cost at most one step of counting, not a count from the start of
/// the text (which made long texts with many excerpts quadratic).
pub(crate) struct Article {
    pub text: String,
    /// (characters, newlines) before byte `i * STEP`
    marks: Vec<(usize, usize)>,
}

impl Article {
    const STEP: usize = 4096;

    pub fn new(text: String) -> Article {
        let mut marks = Vec::with_capacity(text.len() / Self::STEP + 1);
        let (mut chars, mut lines) = (0, 0);
        marks.push((0, 0));
        for chunk in text.as_bytes().chunks(Self::STEP) {
            let (c, n) = counts(chunk);
            chars += c;
            lines += n;
            marks.push((chars, lines));
        }
        Article { text, marks }
    }

    /// The number of characters and of newlines before byte `at` (a character boundary).
    pub fn position(&self, at: usize) -> (usize, usize) {
        let i = at / Self::STEP;
        let (chars, lines) = self.marks[i];
        let (c, n) = counts(&self.text.as_bytes()[i * Self::STEP..at]);
        (chars + c, lines + n)
    }
}

/// Characters (bytes that do not continue a UTF-8 sequence) and newlines in `bytes`.
fn counts(bytes: &[u8]) -> (usize, usize) {
    bytes.iter().fold((0, 0), |(c, n), &b| {
        (
            c + usize::from(b & 0xC0 != 0x80),
            n + usize::from(b == b'\n'),
        )
    })
}
