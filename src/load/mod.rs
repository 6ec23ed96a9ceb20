//! The loader: reads the seed CSVs of a `SeedSet`, validates every row (ids, references,
//! enumerations, dates, excerpts found verbatim in their source) and inserts it through an
//! open transaction. `db::build` owns the transaction and throws the file away on any error,
//! so a row that fails leaves nothing behind; the loader goes on to report every error.
//!
//! `spec.rs` declares each seed file once; from it this module checks every cell (required,
//! id, reference, vocabulary, form, number, date, evidence) and inserts each row by column
//! name (`insert.rs`). `csvfile.rs` reads a file and its header; `checks/` holds what one table
//! alone needs; `known.rs` answers what the loader asks of rows already read (an id, an
//! excerpt, an article), mostly from the database.

mod checks;
mod csvfile;
pub mod findings;
mod insert;
mod known;
pub mod spec;

pub use csvfile::{MAX_CELL, edit_distance};
pub use spec::{SEED_FILES, SeedFile};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use csv::StringRecord;
use rusqlite::Transaction;
use rusqlite::types::{ToSqlOutput, Value};

use crate::seeds::SeedSet;
use insert::Insert;
pub(crate) use insert::Values;
pub(crate) use known::Cited;
use known::Known;
use spec::{Column, Presence, Required, Type};

/// The loader's maps: ids, excerpts and column names are looked up several times per row, and
/// at a million rows SipHash (std's default, hardened against hash flooding that seed files
/// cannot mount) is a measurable share of the build; foldhash is several times faster.
pub(crate) type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// How many errors (or warnings) a build prints before it says how many more there were.
pub const MAX_SHOWN: usize = 100;

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
    let mut counts = Counts::new();
    // files whose evidence names excerpts, read before the excerpts are in
    let mut deferred = Vec::new();
    for spec in SEED_FILES {
        let Some(mut table) = loader.table(spec) else {
            continue;
        };
        let defer = !loader.excerpts_in && spec.columns.iter().any(|c| c.ty == Type::Evidence);
        let facts = loader.rows(spec, &mut table, defer)?;
        if let Some(after) = spec.after {
            after(&mut loader, &mut table)?;
        }
        counts.push((spec.table, loader.inserted(spec.table)));
        if defer {
            deferred.push((spec, table, facts));
        }
        if spec.table == EXCERPTS {
            loader.excerpts_in = true;
            for (spec, mut table, facts) in deferred.drain(..) {
                loader.deferred_evidence(spec, &mut table, &facts)?;
            }
        }
    }
    if loader.errors.is_empty() {
        Ok(counts)
    } else {
        Err(LoadFailure::Seeds(SeedErrors(loader.errors)))
    }
}

/// The table every `evidence` cell names.
const EXCERPTS: &str = "excerpts";
/// The vocabulary domain of an evidence cell's roles.
const ROLES: &str = "evidence_role";

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

impl<'h> Row<'h> {
    /// The cell, or `None` when it is empty.
    pub fn get(&self, field: &str) -> Option<&'h str> {
        let i = *self
            .header
            .get(field)
            .unwrap_or_else(|| panic!("column {field} is not in the table's spec"));
        self.record.get(i).filter(|v| !v.is_empty())
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

/// A seed file whose header is checked: its display name, column positions, and its rows to
/// stream (`Loader::each_row`) as many times as the loader needs; none is held.
pub(crate) struct Table<'a> {
    pub file: String,
    spec: &'static SeedFile,
    header: Map<String, usize>,
    /// the first pass over the rows, which reports their problems
    first: Option<csvfile::Records<'a>>,
    shape: csvfile::Shape,
}

/// What the loader knows while it works: errors so far, what it keeps of the rows it has read
/// (`known.rs`: the rows themselves are looked up in the database), and the transaction.
pub(crate) struct Loader<'a> {
    pub seeds: &'a SeedSet,
    pub tx: &'a Transaction<'a>,
    pub errors: Vec<SeedError>,
    next_fact: i64,
    /// whether the excerpts are loaded (evidence read before is checked then)
    excerpts_in: bool,
    known: Known<'a>,
    /// vocabulary domain -> its values, read from the database's `vocabulary` table
    vocab: Map<String, Vec<String>>,
    /// tables whose file could not be read at all
    unreadable: HashSet<&'static str>,
    /// per table, ids of rows dropped with an error (see `unsure`)
    dropped: HashMap<&'static str, HashSet<String>>,
    /// table -> its prepared INSERT: built once, not a string formatted and looked up per row
    inserts: Map<&'static str, Insert<'a>>,
}

impl<'a> Loader<'a> {
    fn new(seeds: &'a SeedSet, tx: &'a Transaction<'a>) -> Self {
        Loader {
            seeds,
            tx,
            errors: Vec::new(),
            next_fact: 1,
            excerpts_in: false,
            known: Known::default(),
            vocab: Map::default(),
            unreadable: HashSet::new(),
            dropped: HashMap::new(),
            inserts: Map::default(),
        }
    }

    /// Reads seed file `spec` and checks its header. A file that is missing, empty, badly
    /// quoted, has a wrong header, or has no rows where rows are needed is reported and gives
    /// `None`; rows that name its ids are then not reported again.
    fn table(&mut self, spec: &'static SeedFile) -> Option<Table<'a>> {
        let file = self.seeds.display(spec.file);
        let columns: Vec<&str> = spec.columns.iter().map(|c| c.name).collect();
        let file_error = |message: String| SeedError {
            file: file.clone(),
            line: None,
            field: None,
            value: None,
            message,
        };
        if !self.seeds.has(spec.file) {
            if spec.presence != Presence::Optional {
                self.errors.push(file_error(format!(
                    "file is missing; a seeds folder needs it with the columns {}",
                    columns.join(", ")
                )));
                self.unreadable.insert(spec.table);
            }
            return None;
        }
        let key = match spec.key {
            [k] => Some(*k),
            _ => None,
        };
        let seeds = self.seeds;
        let open = || {
            seeds
                .open(spec.file)
                .unwrap_or_else(|| Err(std::io::ErrorKind::NotFound.into()))
        };
        let Some((header, mut records)) =
            csvfile::open(&file, &open, &columns, key, &mut self.errors)
        else {
            self.unreadable.insert(spec.table);
            return None;
        };
        if records.is_done() && records.dropped == 0 && spec.presence == Presence::Rows {
            self.errors.push(file_error(
                "has a header but no rows; a dataset needs at least one source and one excerpt, since every fact rests on an excerpt of a source".into(),
            ));
            self.unreadable.insert(spec.table);
            return None;
        }
        self.take_problems(spec.table, &mut records);
        Some(Table {
            file,
            spec,
            header: header.into_iter().collect(),
            shape: records.shape().clone(),
            first: Some(records),
        })
    }

    /// Takes the problems the first pass over a file found so far: its errors, and the keys of
    /// the records it dropped.
    fn take_problems(&mut self, table: &'static str, records: &mut csvfile::Records) {
        if !records.errors.is_empty() {
            self.errors.append(&mut records.errors);
        }
        if !records.dropped_keys.is_empty() {
            self.dropped
                .entry(table)
                .or_default()
                .extend(records.dropped_keys.drain(..));
        }
    }

    /// Streams the rows of `t` through `each`, one at a time. The first pass over a file
    /// reports the problems of its records as it meets them (in line order with the rows').
    pub(crate) fn each_row(
        &mut self,
        t: &mut Table<'a>,
        mut each: impl FnMut(&mut Self, &Row) -> Result<(), rusqlite::Error>,
    ) -> Result<(), rusqlite::Error> {
        let (mut records, first) = match t.first.take() {
            Some(r) => (r, true),
            None => {
                let again = self
                    .seeds
                    .open(t.spec.file)
                    .unwrap_or_else(|| Err(std::io::ErrorKind::NotFound.into()))
                    .and_then(|source| csvfile::again(&t.shape, source));
                match again {
                    Ok(r) => (r, false),
                    Err(e) => {
                        self.errors.push(SeedError {
                            file: t.file.clone(),
                            line: None,
                            field: None,
                            value: None,
                            message: format!("cannot be read again: {e}"),
                        });
                        return Ok(());
                    }
                }
            }
        };
        let mut record = StringRecord::new();
        while let Some(line) = records.next(&mut record) {
            if first {
                self.take_problems(t.spec.table, &mut records);
            }
            let row = Row {
                file: &t.file,
                header: &t.header,
                record: &record,
                line,
            };
            each(self, &row)?;
        }
        if first {
            self.take_problems(t.spec.table, &mut records);
        }
        Ok(())
    }

    /// Checks and inserts every row of `t`; with `defer`, the rows' evidence waits for the
    /// excerpts, and the (line, fact id) of each row is returned for it.
    fn rows(
        &mut self,
        spec: &'static SeedFile,
        t: &mut Table<'a>,
        defer: bool,
    ) -> Result<Vec<(u64, i64)>, rusqlite::Error> {
        let id = spec.id_column();
        // rows may name rows later in their own file (a place's parent): define every id first
        let forward = id.is_some() && spec.columns.iter().any(|c| c.refers == Some(spec.table));
        self.begin_rows(spec.table, forward);
        if let (true, Some(id)) = (forward, id) {
            self.each_row(t, |l, row| {
                l.id(spec.table, row, id)?;
                Ok(())
            })?;
        }
        let mut facts = Vec::new();
        self.each_row(t, |l, row| {
            if let Some(fact) = l.row(spec, row, !forward, defer)?
                && defer
            {
                facts.push((row.line, fact));
            }
            Ok(())
        })?;
        self.end_rows();
        Ok(facts)
    }

    /// Checks one row against its spec and its table's own checks, then inserts it. Gives
    /// the row's fact id, if it has one.
    fn row<'h>(
        &mut self,
        spec: &'static SeedFile,
        row: &Row<'h>,
        define: bool,
        defer: bool,
    ) -> Result<Option<i64>, rusqlite::Error> {
        let mut values = Values::with_capacity(spec.columns.len() + 4);
        let id = spec.id_column();
        // the key this row defines: kept outside the database if the row does not go in
        let mut defined = Vec::new();
        if let Some(c) = id {
            let cell = if define {
                self.id(spec.table, row, c)?
            } else {
                row.get(c)
            };
            let Some(cell) = cell else {
                return Ok(None);
            };
            if define || self.defined_ahead(spec.table, cell) == Some(row.line) {
                defined.push(cell);
            }
            values.text(spec.column(c).db.expect("an id is stored"), Some(cell));
        }
        for c in spec.columns.iter().filter(|c| Some(c.name) != id) {
            self.cell(row, c, &mut values)?;
        }
        if id.is_none() && !spec.key.is_empty() {
            let mut parts = Vec::with_capacity(spec.key.len());
            for k in spec.key {
                match row.get(k) {
                    Some(v) => parts.push(v),
                    None => return Ok(None),
                }
            }
            let field = spec.key[spec.key.len() - 1];
            if self.define(spec.table, row, field, &parts)? {
                defined = parts;
            }
        }
        let fact = match spec.fact {
            Some(kind) => Some(self.fact(row, kind)?),
            None => None,
        };
        let mut cited = Vec::new();
        if let Some(fact) = fact {
            values.owned("fact_id", fact);
            if !defer && let Some(ev) = spec.columns.iter().find(|c| c.ty == Type::Evidence) {
                cited = self.evidence(row, ev, fact, spec.verbatim)?;
            }
        }
        let kept = match spec.check {
            Some(check) => check(self, row, &mut values, &cited)?,
            None => true,
        };
        if !(kept && self.insert(row, spec.table, || spec.db_columns(), &values)?) {
            self.keep_outside(spec.table, &defined, row.line);
        }
        Ok(fact)
    }

    /// Checks one cell by its column's spec (required, reference, vocabulary, form, number, date)
    /// and sets the value it stores.
    fn cell<'h>(
        &mut self,
        row: &Row<'h>,
        c: &Column,
        values: &mut Values<'h>,
    ) -> rusqlite::Result<()> {
        let required = match c.required {
            Required::Never => false,
            Required::Always => true,
            Required::With(others) => others.iter().any(|f| row.get(f).is_some()),
        };
        match c.ty {
            Type::Evidence | Type::DateEnd | Type::Precision => {}
            Type::Date {
                end,
                precision,
                into,
            } => {
                let span = self.dates(row, c.name, end, precision);
                values.owned(into.0, span.start);
                values.owned(into.1, span.end);
                values.owned(precision, span.precision);
            }
            Type::Number => {
                if required {
                    self.required(row, c.name);
                }
                let v = self.number(row, c.name);
                if let Some(db) = c.db {
                    values.set(db, ToSqlOutput::Owned(v));
                }
            }
            Type::Text | Type::Id => {
                let v = if let Some(table) = c.refers {
                    let v = self.reference(row, c.name, table)?;
                    if required && v.is_none() {
                        self.errors
                            .push(row.error(c.name, None, "is required and empty"));
                    }
                    v
                } else if let Some(domain) = c.vocab {
                    self.one_of(row, c.name, domain, required)
                } else if required {
                    self.required(row, c.name)
                } else {
                    row.get(c.name)
                };
                if let (Some(v), Some(form)) = (v, c.form)
                    && !(form.test)(v)
                {
                    self.errors.push(row.error(c.name, Some(v), form.message));
                }
                if let Some(db) = c.db {
                    values.text(db, v);
                }
            }
        }
        Ok(())
    }

    /// Checks the evidence of rows read before the excerpts were in.
    fn deferred_evidence(
        &mut self,
        spec: &'static SeedFile,
        t: &mut Table<'a>,
        facts: &[(u64, i64)],
    ) -> Result<(), rusqlite::Error> {
        let fact_of: Map<u64, i64> = facts.iter().copied().collect();
        let Some(ev) = spec.columns.iter().find(|c| c.ty == Type::Evidence) else {
            return Ok(());
        };
        self.each_row(t, |l, row| {
            if let Some(&fact) = fact_of.get(&row.line) {
                l.evidence(row, ev, fact, spec.verbatim)?;
            }
            Ok(())
        })
    }

    /// How many rows went into `table`.
    fn inserted(&self, table: &str) -> usize {
        self.inserts.get(table).map_or(0, |i| i.rows)
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

    /// Records key `key` (its cells, the last in `field`) as defined by `row` in `table`; a
    /// second definition is an error.
    pub fn define(
        &mut self,
        table: &'static str,
        row: &Row,
        field: &str,
        key: &[&str],
    ) -> rusqlite::Result<bool> {
        if let Some(first) = self.defined_at(table, key)? {
            let e = row.error(
                field,
                Some(&key.join("\u{0}")),
                format!("duplicate; the same is already defined on line {first}"),
            );
            self.errors.push(e);
            Ok(false)
        } else {
            if let [id] = key {
                self.define_ahead(table, id, row.line);
            }
            Ok(true)
        }
    }

    /// Defines the row's id (column `field`) in `table`; `None` (and an error) if it is empty
    /// or taken.
    fn id<'h>(
        &mut self,
        table: &'static str,
        row: &Row<'h>,
        field: &str,
    ) -> rusqlite::Result<Option<&'h str>> {
        let Some(id) = self.required(row, field) else {
            return Ok(None);
        };
        if !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        {
            let e = row.error(
                field,
                Some(id),
                "ids use lowercase letters, digits, `-` and `_` only",
            );
            self.errors.push(e);
        }
        Ok(self.define(table, row, field, &[id])?.then_some(id))
    }

    /// The required cell `field`, or an error.
    pub fn required<'h>(&mut self, row: &Row<'h>, field: &str) -> Option<&'h str> {
        let v = row.get(field);
        if v.is_none() {
            self.errors
                .push(row.error(field, None, "is required and empty"));
        }
        v
    }

    /// The optional cell `field` naming a row of `table`; an unknown id is an error.
    fn reference<'h>(
        &mut self,
        row: &Row<'h>,
        field: &str,
        table: &'static str,
    ) -> rusqlite::Result<Option<&'h str>> {
        let Some(v) = row.get(field) else {
            return Ok(None);
        };
        if !self.unsure(table, v) && !self.exists(table, v)? {
            let file = spec::seed_file(table).file;
            let e = row.error(field, Some(v), format!("no such id in {file}"));
            self.errors.push(e);
        }
        Ok(Some(v))
    }

    /// The cell `field`, which must be a value of vocabulary `domain` (and present, if
    /// `required`).
    fn one_of<'h>(
        &mut self,
        row: &Row<'h>,
        field: &str,
        domain: &str,
        required: bool,
    ) -> Option<&'h str> {
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
    fn number(&mut self, row: &Row, field: &str) -> Value {
        let Some(v) = row.get(field) else {
            return Value::Null;
        };
        if let Ok(i) = v.parse::<i64>() {
            return Value::Integer(i);
        }
        let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
        let integer = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        let decimal = digits.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        if integer || (decimal && v.parse::<f64>().is_ok_and(f64::is_infinite)) {
            let e = row.error(
                field,
                Some(v),
                format!(
                    "the number does not fit: an integer is at most {} and a decimal about 1.8e308",
                    i64::MAX
                ),
            );
            self.errors.push(e);
            return Value::Null;
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
    fn dates(
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
    fn fact(&mut self, row: &Row, kind: &str) -> rusqlite::Result<i64> {
        let id = self.next_fact;
        self.next_fact += 1;
        let mut values = Values::with_capacity(2);
        values.owned("fact_id", id);
        values.text("kind", Some(kind));
        self.insert(row, "facts", || vec!["fact_id", "kind"], &values)?;
        Ok(id)
    }

    /// Checks the `evidence` cell of `row` (column `ev`) and links its excerpts to `fact`.
    /// With `verbatim`, the named cell must occur word for word in one of those excerpts.
    /// Returns the excerpts named, with their sources.
    fn evidence<'h>(
        &mut self,
        row: &Row<'h>,
        ev: &Column,
        fact: i64,
        verbatim: Option<&str>,
    ) -> rusqlite::Result<Vec<Cited<'h>>> {
        // ids borrowed from the row, and the excerpts' texts read in place: no copies per row
        let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
        for cell in row.get(ev.name).unwrap_or("").split(';').map(str::trim) {
            let (x, role) = match cell.split_once(spec::ROLE_MARK) {
                Some((x, role)) => (x.trim(), role.trim()),
                None => (cell, spec::STATES),
            };
            if x.is_empty() {
                continue;
            }
            if !self
                .vocab
                .get(ROLES)
                .is_some_and(|v| v.iter().any(|r| r == role))
            {
                let allowed = self.vocab.get(ROLES).map(Vec::as_slice).unwrap_or_default();
                let e = row.error(
                    ev.name,
                    Some(cell),
                    format!(
                        "unknown role after `{}`; use one of {}",
                        spec::ROLE_MARK,
                        allowed.join(", ")
                    ),
                );
                self.errors.push(e);
                continue;
            }
            if let Some(before) = ids.insert(x, role)
                && before != role
            {
                let e = row.error(
                    ev.name,
                    Some(cell),
                    format!("excerpt {x} is named twice, as {before} and as {role}"),
                );
                self.errors.push(e);
            }
        }
        if ids.is_empty() {
            if ev.required == Required::Always {
                self.errors.push(row.error(
                    ev.name,
                    None,
                    "every fact needs at least one excerpt id (from excerpts.csv), separated by `;`",
                ));
            }
            return Ok(Vec::new());
        }
        let words = verbatim.and_then(|field| row.get(field).map(|w| (field, w)));
        let (mut any_found, mut verbatim_found) = (false, false);
        let mut cited = Vec::with_capacity(ids.len());
        for (x, role) in &ids {
            let stated = words.filter(|_| *role == spec::STATES).map(|(_, w)| w);
            let mut source = None;
            match self.excerpt(x, stated)? {
                Some((at, holds)) => {
                    any_found = true;
                    verbatim_found |= holds;
                    source = at;
                }
                None if self.unsure(EXCERPTS, x) || self.outside(EXCERPTS, x) => {}
                None => {
                    let e = row.error(ev.name, Some(x), "no such excerpt id in excerpts.csv");
                    self.errors.push(e);
                }
            }
            cited.push(Cited { id: x, source });
        }
        if let Some((field, words)) = words
            && any_found
            && !verbatim_found
        {
            let states: Vec<&str> = ids
                .iter()
                .filter(|(_, r)| **r == spec::STATES)
                .map(|(x, _)| *x)
                .collect();
            let e = row.error(
                field,
                Some(words),
                format!(
                    "does not occur word for word in the excerpts that state it ({})",
                    states.join(";")
                ),
            );
            self.errors.push(e);
        }
        for (x, role) in &ids {
            let mut values = Values::with_capacity(3);
            values.owned("fact_id", fact);
            values.text("excerpt_id", Some(x));
            values.text("role", Some(role));
            self.insert(
                row,
                "evidence",
                || vec!["fact_id", "excerpt_id", "role"],
                &values,
            )?;
        }
        Ok(cited)
    }
}
